use ocop_store::demo::DEMO_PASSWORD;
use ocop_store::login_attempts::{MAX_FAILURES_PER_CLIENT, MAX_FAILURES_PER_EMAIL};

use crate::helpers::{TestApp, spawn_app};

#[tokio::test]
async fn health_answers_when_the_database_does() {
    let app = spawn_app().await;
    let response = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(response.status(), 200);
    app.store.close().await;
    let response = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(response.status(), 503);
}

#[tokio::test]
async fn login_sets_a_session_and_logout_ends_it() {
    let app = spawn_app().await;
    let client = app.login("tinh.quangninh@ocop.demo").await;
    let page = client
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Cán bộ OCOP tỉnh Quảng Ninh"));
    let response = client.post(app.url("/logout")).send().await.unwrap();
    assert_eq!(response.status(), 303);
    let page = client
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("Cán bộ OCOP tỉnh Quảng Ninh"));
}

#[tokio::test]
async fn wrong_password_is_refused_without_saying_which_part_was_wrong() {
    let app = spawn_app().await;
    let response = app
        .browser()
        .post(app.url("/login"))
        .form(&[
            ("email", "tinh.quangninh@ocop.demo"),
            ("password", "sai-mat-khau"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Email hoặc mật khẩu không đúng")
    );
}

#[tokio::test]
async fn cross_site_posts_with_a_session_cookie_are_refused() {
    let app = spawn_app().await;
    let client = app.login("tinh.quangninh@ocop.demo").await;
    let response = client
        .post(app.url("/logout"))
        .header("Origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let response = client
        .post(app.url("/logout"))
        .header("Sec-Fetch-Site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn unknown_routes_get_a_friendly_page_or_json() {
    let app = spawn_app().await;
    let response = reqwest::get(app.url("/khong-co")).await.unwrap();
    assert_eq!(response.status(), 404);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Không tìm thấy trang")
    );
    let response = reqwest::get(app.url("/api/v1/khong-co")).await.unwrap();
    assert_eq!(response.status(), 404);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], "not_found");
}

#[tokio::test]
async fn repeated_wrong_passwords_lock_the_account_for_a_while() {
    let app = spawn_app().await;
    let email = "tinh.quangninh@ocop.demo";
    let client = app.browser();
    for _ in 0..MAX_FAILURES_PER_EMAIL {
        let response = client
            .post(app.url("/login"))
            .form(&[("email", email), ("password", "doan-mo")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401);
    }
    // Now even the right password is refused, in Vietnamese, on the login page and the API.
    let response = client
        .post(app.url("/login"))
        .form(&[("email", email), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Đăng nhập sai quá nhiều lần")
    );
    let response = reqwest::Client::new()
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({"email": email, "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], "too_many_attempts");
    // Other accounts are not affected.
    app.login("xa.binhlieu@ocop.demo").await;
}

async fn sign_in(app: &TestApp, client: &reqwest::Client, email: &str, password: &str) -> u16 {
    let response = client
        .post(app.url("/login"))
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap();
    response.status().as_u16()
}

async fn api_sign_in(app: &TestApp, local_address: &str, email: &str) -> u16 {
    let client = reqwest::Client::builder()
        .local_address(local_address.parse::<std::net::IpAddr>().unwrap())
        .build()
        .unwrap();
    let response = client
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({"email": email, "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    response.status().as_u16()
}

#[tokio::test]
async fn an_attacker_elsewhere_cannot_lock_the_owner_out() {
    let app = spawn_app().await;
    let email = "tinh.quangninh@ocop.demo";
    let attacker = app.browser_at("127.0.0.2");
    for _ in 0..MAX_FAILURES_PER_EMAIL {
        assert_eq!(sign_in(&app, &attacker, email, "doan-mo").await, 401);
    }
    assert_eq!(sign_in(&app, &attacker, email, DEMO_PASSWORD).await, 429);
    assert_eq!(api_sign_in(&app, "127.0.0.2", email).await, 429);
    // The owner, at another address, signs in on the page and through the API.
    app.login(email).await;
    assert_eq!(api_sign_in(&app, "127.0.0.1", email).await, 201);
}

#[tokio::test]
async fn an_address_trying_many_emails_is_stopped() {
    let app = spawn_app().await;
    let sprayer = app.browser_at("127.0.0.3");
    for i in 0..MAX_FAILURES_PER_CLIENT {
        let email = format!("nguoi{i}@ocop.demo");
        assert_eq!(
            sign_in(&app, &sprayer, &email, "123456").await,
            401,
            "{email}"
        );
    }
    let email = "xa.binhlieu@ocop.demo";
    assert_eq!(sign_in(&app, &sprayer, email, DEMO_PASSWORD).await, 429);
    assert_eq!(api_sign_in(&app, "127.0.0.3", email).await, 429);
    app.login(email).await;
}

async fn location_after_login(app: &TestApp, next: &str) -> String {
    let response = app
        .browser()
        .post(app.url("/login"))
        .form(&[
            ("email", "tinh.quangninh@ocop.demo"),
            ("password", DEMO_PASSWORD),
            ("next", next),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "{next:?}");
    response.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn after_sign_in_only_paths_on_this_site_are_followed() {
    let app = spawn_app().await;
    let long = format!("/admin?q={}", "a".repeat(2_000));
    for (next, location) in [
        ("/admin/products?page=2", "/admin/products?page=2"),
        ("https://evil.example", "/admin"),
        ("//evil.example", "/admin"),
        ("/\\evil.example", "/admin"),
        ("/\t/evil.example", "/admin"),
        ("/admin\r\nSet-Cookie: ocop_session=x", "/admin"),
        (long.as_str(), "/admin"),
    ] {
        assert_eq!(location_after_login(&app, next).await, location, "{next:?}");
    }
}

#[tokio::test]
async fn the_language_switch_goes_back_only_to_our_pages() {
    let app = spawn_app().await;
    for (referer, location) in [
        (app.url("/catalog?page=2"), "/catalog?page=2"),
        ("https://evil.example/\\evil.example".to_owned(), "/"),
    ] {
        let response = app
            .browser()
            .get(app.url("/lang/en"))
            .header("Referer", &referer)
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["location"], location, "{referer}");
    }
}

#[tokio::test]
async fn a_post_from_our_host_over_another_scheme_is_refused() {
    let app = spawn_app().await;
    let client = app.login("tinh.quangninh@ocop.demo").await;
    let https = app.address.replace("http://", "https://");
    let response = client
        .post(app.url("/logout"))
        .header("Origin", https)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn sign_in_and_out_from_a_foreign_site_is_refused() {
    let app = spawn_app().await;
    let form = [
        ("email", "tinh.quangninh@ocop.demo"),
        ("password", DEMO_PASSWORD),
    ];
    let anonymous = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for (header, value, status) in [
        ("Sec-Fetch-Site", "cross-site", 403),
        ("Sec-Fetch-Site", "same-site", 403),
        ("Origin", "https://evil.example", 403),
        ("Sec-Fetch-Site", "same-origin", 303),
        ("Origin", app.address.as_str(), 303),
    ] {
        let response = anonymous
            .post(app.url("/login"))
            .header(header, value)
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "login with {header}: {value}");
        let response = anonymous
            .post(app.url("/logout"))
            .header(header, value)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "logout with {header}: {value}");
    }
    // API clients sign in with JSON and get a bearer token, not a cookie: nothing to forge.
    let response = anonymous
        .post(app.url("/api/v1/session"))
        .header("Origin", "https://evil.example")
        .json(&serde_json::json!({"email": form[0].1, "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
}
