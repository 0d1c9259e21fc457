//! Accounts over real HTTP: changing one's own password, an administrator resetting,
//! disabling and enabling accounts (who may whom), and a password someone else chose being
//! changed before anything else.

use ocop_store::Caller;
use ocop_store::demo::DEMO_PASSWORD;
use ocop_store::login_attempts::MAX_FAILURES_PER_EMAIL;
use serde_json::Value;

use crate::helpers::{TestApp, spawn_app};

const CENTRAL: &str = "trunguong@ocop.demo";
const QUANG_NINH: &str = "tinh.quangninh@ocop.demo";
const HA_NOI: &str = "tinh.hanoi@ocop.demo";
const BINH_LIEU: &str = "xa.binhlieu@ocop.demo";
const COUNCIL: &str = "hoidong.quangninh@ocop.demo";
const PRODUCER: &str = "chuthe.dinhtrung@ocop.demo";

async fn id_of(app: &TestApp, email: &str) -> uuid::Uuid {
    app.store.user_by_email(email).await.unwrap().unwrap().id
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// The password a page shows once.
fn shown_password(html: &str) -> String {
    let start = html
        .find(r#"id="generated-password">"#)
        .expect("a generated password on the page")
        + r#"id="generated-password">"#.len();
    html[start..][..html[start..].find('<').unwrap()].to_owned()
}

fn change(current: &str, new: &str, confirmation: &str) -> Vec<(&'static str, String)> {
    vec![
        ("current_password", current.to_owned()),
        ("new_password", new.to_owned()),
        ("confirm_password", confirmation.to_owned()),
    ]
}

async fn sign_in(
    app: &TestApp,
    client: &reqwest::Client,
    email: &str,
    password: &str,
) -> reqwest::Response {
    client
        .post(app.url("/login"))
        .form(&[("email", email), ("password", password), ("next", "/admin")])
        .send()
        .await
        .unwrap()
}

async fn status(client: &reqwest::Client, url: String) -> u16 {
    client.get(url).send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn a_producer_changes_its_password_and_its_other_sessions_end() {
    let app = spawn_app().await;
    let browser = app.login(PRODUCER).await;
    let phone = app.login(PRODUCER).await;
    let token = app.token(PRODUCER).await;

    let page = browser.get(app.url("/admin")).send().await.unwrap();
    let html = page.text().await.unwrap();
    assert!(
        html.contains(r#"<a href="/admin/password" id="change-password-link">Đổi mật khẩu</a>"#)
    );
    let form = browser
        .get(app.url("/admin/password"))
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 200);
    let html = form.text().await.unwrap();
    assert!(
        html.contains(r#"<h1 id="change-password-heading">Đổi mật khẩu</h1>"#),
        "{html}"
    );
    // A password manager fills the current password and offers a new one for the others.
    for (id, label, autocomplete) in [
        ("current_password", "Mật khẩu hiện tại", "current-password"),
        ("new_password", "Mật khẩu mới", "new-password"),
        ("confirm_password", "Nhập lại mật khẩu mới", "new-password"),
    ] {
        assert!(
            html.contains(&format!(r#"<label for="f-{id}">{label}"#)),
            "{id}"
        );
        assert!(
            html.contains(&format!(
                r#"id="f-{id}" name="{id}" value="" autocomplete="{autocomplete}""#
            )),
            "{id}"
        );
    }

    // Each field names its own error.
    for (form, field, message) in [
        (
            change("", "mat-khau-moi-2026", "mat-khau-moi-2026"),
            "current_password",
            "Nhập mật khẩu hiện tại",
        ),
        (
            change("sai-roi", "mat-khau-moi-2026", "mat-khau-moi-2026"),
            "current_password",
            "Mật khẩu hiện tại không đúng",
        ),
        (
            change(DEMO_PASSWORD, "ngan", "ngan"),
            "new_password",
            "Mật khẩu cần ít nhất 8 ký tự",
        ),
        (
            change(DEMO_PASSWORD, PRODUCER, PRODUCER),
            "new_password",
            "Mật khẩu không được trùng với email",
        ),
        (
            change(DEMO_PASSWORD, DEMO_PASSWORD, DEMO_PASSWORD),
            "new_password",
            "Mật khẩu mới phải khác mật khẩu hiện tại",
        ),
        (
            change(DEMO_PASSWORD, "mat-khau-moi-2026", "mat-khau-khac"),
            "confirm_password",
            "Mật khẩu nhập lại không khớp",
        ),
    ] {
        let response = browser
            .post(app.url("/admin/password"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422, "{field}");
        let html = response.text().await.unwrap();
        assert!(
            html.contains(&format!(r#"id="f-{field}-error">{message}"#)),
            "{field}: {html}"
        );
    }

    let response = browser
        .post(app.url("/admin/password"))
        .form(&change(
            DEMO_PASSWORD,
            "mat-khau-moi-2026",
            "mat-khau-moi-2026",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/admin/password?changed=1");
    assert!(
        response.headers().contains_key("set-cookie"),
        "a renewed session"
    );
    let done = browser
        .get(app.url("/admin/password?changed=1"))
        .send()
        .await
        .unwrap();
    assert!(done.text().await.unwrap().contains("Đã đổi mật khẩu"));
    assert_eq!(
        status(&browser, app.url("/admin")).await,
        200,
        "this browser stays in"
    );
    // The other sessions, page and API, have ended.
    let other = phone.get(app.url("/admin")).send().await.unwrap();
    assert_eq!(
        (other.status().as_u16(), location(&other)),
        (303, "/login".to_owned())
    );
    let api = reqwest::Client::new()
        .get(app.url("/api/v1/session"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 401);
    assert_eq!(
        sign_in(&app, &app.browser(), PRODUCER, DEMO_PASSWORD)
            .await
            .status(),
        401
    );
    assert_eq!(
        sign_in(&app, &app.browser(), PRODUCER, "mat-khau-moi-2026")
            .await
            .status(),
        303
    );

    let user = id_of(&app, PRODUCER).await;
    let audit = app.store.audit_of("user", user).await.unwrap();
    assert_eq!(audit.last().unwrap().action, "change_password");
}

#[tokio::test]
async fn wrong_current_passwords_count_against_the_sign_in_throttle() {
    let app = spawn_app().await;
    let browser = app.login(BINH_LIEU).await;
    for _ in 0..MAX_FAILURES_PER_EMAIL {
        let response = browser
            .post(app.url("/admin/password"))
            .form(&change("doan-mo", "mat-khau-moi-2026", "mat-khau-moi-2026"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422);
    }
    let response = browser
        .post(app.url("/admin/password"))
        .form(&change(
            DEMO_PASSWORD,
            "mat-khau-moi-2026",
            "mat-khau-moi-2026",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert!(response.text().await.unwrap().contains("quá nhiều lần"));
    // Signing in from this address is locked as well; from another it is not.
    assert_eq!(
        sign_in(&app, &app.browser(), BINH_LIEU, DEMO_PASSWORD)
            .await
            .status(),
        429
    );
    let elsewhere = app.browser_at("127.0.0.2");
    assert_eq!(
        sign_in(&app, &elsewhere, BINH_LIEU, DEMO_PASSWORD)
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn who_may_reset_and_disable_whom_over_http() {
    let app = spawn_app().await;
    // (administrator, account, answer to each of reset, disable, enable)
    let rows = [
        (CENTRAL, HA_NOI, 200),
        (QUANG_NINH, BINH_LIEU, 200),
        (QUANG_NINH, PRODUCER, 200),
        (QUANG_NINH, COUNCIL, 200),
        (QUANG_NINH, HA_NOI, 404),
        (QUANG_NINH, CENTRAL, 404),
        (QUANG_NINH, QUANG_NINH, 403),
        (CENTRAL, CENTRAL, 403),
        (HA_NOI, BINH_LIEU, 404),
        (BINH_LIEU, PRODUCER, 403),
        (COUNCIL, PRODUCER, 403),
        (PRODUCER, PRODUCER, 403),
    ];
    for (admin, account, expected) in rows {
        let id = id_of(&app, account).await;
        let client = app.login(admin).await;
        let page = status(&client, app.url(&format!("/admin/users/{id}"))).await;
        let own = admin == account;
        let expected_page = match expected {
            200 => 200,
            // One's own account page is there, without the actions.
            _ if own => 200,
            other => other,
        };
        assert_eq!(page, expected_page, "{admin} opens {account}");
        for action in ["reset", "disable", "enable"] {
            let response = client
                .post(app.url(&format!("/admin/users/{id}/{action}")))
                .send()
                .await
                .unwrap();
            let answered = match response.status().as_u16() {
                // Disabling and enabling lead back to the account's page.
                303 if location(&response).starts_with(&format!("/admin/users/{id}")) => 200,
                other => other,
            };
            assert_eq!(answered, expected, "{admin} {action} {account}");
        }
        // The demo password again, for the next rows.
        app.store
            .set_password(&Caller::system("test"), id, DEMO_PASSWORD)
            .await
            .unwrap();
    }
    let own = app.login(QUANG_NINH).await;
    let refused = own
        .post(app.url(&format!(
            "/admin/users/{}/disable",
            id_of(&app, QUANG_NINH).await
        )))
        .send()
        .await
        .unwrap();
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("Không thể khóa hoặc đặt lại mật khẩu tài khoản của chính mình")
    );
}

#[tokio::test]
async fn a_disabled_account_is_signed_out_at_once_and_told_why() {
    let app = spawn_app().await;
    let officer = app.login(BINH_LIEU).await;
    let token = app.token(BINH_LIEU).await;
    let admin = app.login(QUANG_NINH).await;
    let id = id_of(&app, BINH_LIEU).await;

    let list = admin.get(app.url("/admin/users")).send().await.unwrap();
    assert!(
        list.text()
            .await
            .unwrap()
            .contains(&format!(r#"<a href="/admin/users/{id}">{BINH_LIEU}</a>"#))
    );
    let response = admin
        .post(app.url(&format!("/admin/users/{id}/disable")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        location(&response),
        format!("/admin/users/{id}?done=disabled")
    );
    let page = admin
        .get(app.url(&location(&response)))
        .send()
        .await
        .unwrap();
    let html = page.text().await.unwrap();
    assert!(
        html.contains(r#"<dd id="account-status">Đã khóa</dd>"#),
        "{html}"
    );
    assert!(html.contains(r#"id="enable-account""#));

    // The very next request of that user is signed out, page and API alike.
    let next = officer
        .get(app.url("/admin/products"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        (next.status().as_u16(), location(&next)),
        (303, "/login".to_owned())
    );
    let api = reqwest::Client::new()
        .get(app.url("/api/v1/session"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 401);
    // Signing in is refused with the reason, to whoever knows the password only.
    let refused = sign_in(&app, &app.browser(), BINH_LIEU, DEMO_PASSWORD).await;
    assert_eq!(refused.status(), 403);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("Tài khoản đã bị khóa")
    );
    assert_eq!(
        sign_in(&app, &app.browser(), BINH_LIEU, "doan-mo")
            .await
            .status(),
        401
    );
    let api = reqwest::Client::new()
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({"email": BINH_LIEU, "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 403);
    let body: Value = api.json().await.unwrap();
    assert_eq!(body["code"], "account_disabled");

    let response = admin
        .post(app.url(&format!("/admin/users/{id}/enable")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(
        sign_in(&app, &app.browser(), BINH_LIEU, DEMO_PASSWORD)
            .await
            .status(),
        303
    );
    let actions: Vec<String> = app
        .store
        .audit_of("user", id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["create", "disable", "enable"]);
}

#[tokio::test]
async fn a_reset_password_is_shown_once_and_must_be_changed_first() {
    let app = spawn_app().await;
    let officer = app.login(BINH_LIEU).await;
    let admin = app.login(QUANG_NINH).await;
    let id = id_of(&app, BINH_LIEU).await;
    let response = admin
        .post(app.url(&format!("/admin/users/{id}/reset")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let password = shown_password(&response.text().await.unwrap());
    assert_eq!(password.len(), 23, "{password}");
    // Not shown again.
    let page = admin
        .get(app.url(&format!("/admin/users/{id}")))
        .send()
        .await
        .unwrap();
    let html = page.text().await.unwrap();
    assert!(!html.contains(&password));
    assert!(html.contains("Chờ đổi mật khẩu"));
    assert_eq!(
        location(&officer.get(app.url("/admin")).send().await.unwrap()),
        "/login",
        "its sessions ended"
    );

    let browser = app.browser();
    let signed_in = sign_in(&app, &browser, BINH_LIEU, &password).await;
    assert_eq!(location(&signed_in), "/admin/password");
    // Every page, back-office or public, leads to the change first.
    for path in ["/admin", "/admin/products", "/catalog", "/"] {
        let response = browser.get(app.url(path)).send().await.unwrap();
        assert_eq!(
            (response.status().as_u16(), location(&response)),
            (303, "/admin/password".to_owned()),
            "{path}"
        );
    }
    let form = browser
        .get(app.url("/admin/password"))
        .send()
        .await
        .unwrap();
    let html = form.text().await.unwrap();
    assert!(html.contains(r#"id="password-change-required""#), "{html}");
    // The API answers 403 with its code, and signing out still works.
    let token = reqwest::Client::new()
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({"email": BINH_LIEU, "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(token.status(), 201);
    let token: Value = token.json().await.unwrap();
    let token = token["token"].as_str().unwrap().to_owned();
    for path in ["/api/v1/session", "/api/v1/producers"] {
        let response = reqwest::Client::new()
            .get(app.url(path))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "password_change_required", "{path}");
    }
    let out = reqwest::Client::new()
        .delete(app.url("/api/v1/session"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);

    let changed = browser
        .post(app.url("/admin/password"))
        .form(&change(&password, "mat-khau-cua-toi", "mat-khau-cua-toi"))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 303);
    assert_eq!(status(&browser, app.url("/admin")).await, 200);
    let actions: Vec<String> = app
        .store
        .audit_of("user", id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["create", "reset_password", "change_password"]);
}

#[tokio::test]
async fn the_create_form_generates_a_password_that_must_be_changed() {
    let app = spawn_app().await;
    let admin = app.login(QUANG_NINH).await;
    let form = admin.get(app.url("/admin/users/new")).send().await.unwrap();
    assert!(
        form.text()
            .await
            .unwrap()
            .contains("phải đổi mật khẩu ở lần đăng nhập đầu")
    );
    let response = admin
        .post(app.url("/admin/users"))
        .form(&[
            ("email", "xa.moi@ocop.demo"),
            ("display_name", "Cán bộ mới"),
            ("password", ""),
            ("role", "commune"),
            ("unit_code", "6688"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let password = shown_password(&response.text().await.unwrap());
    let browser = app.browser();
    let signed_in = sign_in(&app, &browser, "xa.moi@ocop.demo", &password).await;
    assert_eq!(location(&signed_in), "/admin/password");

    // A password the administrator typed is theirs to know: it must be changed too.
    let response = admin
        .post(app.url("/admin/users"))
        .form(&[
            ("email", "xa.hai@ocop.demo"),
            ("display_name", "Cán bộ hai"),
            ("password", "mat-khau-tam-thoi"),
            ("role", "commune"),
            ("unit_code", "6688"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let user = app
        .store
        .user_by_email("xa.hai@ocop.demo")
        .await
        .unwrap()
        .unwrap();
    assert!(user.must_change_password);
}

#[tokio::test]
async fn the_account_list_is_paged_by_e_mail() {
    let app = spawn_app().await;
    let admin = app.login(QUANG_NINH).await;
    let list = |query: String| {
        let request = admin.get(app.url(&format!("/admin/users{query}"))).send();
        async move {
            let response = request.await.unwrap();
            (response.status(), response.text().await.unwrap())
        }
    };
    let (status, all) = list(String::new()).await;
    assert_eq!(status, 200);
    assert!(all.contains(&format!(">{BINH_LIEU}</a>")), "{all}");
    assert!(
        !all.contains(r#"rel="next""#),
        "the demo's accounts fit one page"
    );
    // After an e-mail: only the accounts after it.
    // ("tinh.quangninh@…" comes before "xa.binhlieu@…".)
    let (_, later) = list(format!("?after={QUANG_NINH}")).await;
    assert!(!later.contains(&format!(">{QUANG_NINH}</a>")));
    assert!(later.contains(&format!(">{BINH_LIEU}</a>")), "{later}");
    let (status, _) = list(format!("?after={}", "a".repeat(255))).await;
    assert_eq!(status, 400);
}
