use crate::helpers::spawn_app;

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
