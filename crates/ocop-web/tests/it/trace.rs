//! Request ids over real HTTP: every answer has one, and a client's safe id is kept.

use reqwest::Response;

use crate::helpers::spawn_app;

fn request_id(response: &Response) -> String {
    response
        .headers()
        .get("x-request-id")
        .expect("x-request-id")
        .to_str()
        .unwrap()
        .to_owned()
}

/// Made by the server: a UUID v7.
fn assert_generated(id: &str, what: &str) {
    let uuid = uuid::Uuid::parse_str(id).unwrap_or_else(|_| panic!("{what}: {id}"));
    assert_eq!(uuid.get_version_num(), 7, "{what}: {id}");
}

#[tokio::test]
async fn every_answer_has_its_own_request_id() {
    let app = spawn_app().await;
    let client = app.browser();
    let mut seen = Vec::new();
    for path in [
        "/",
        "/catalog?q=mien",
        "/static/style.css",
        "/no-such-page",
        "/api/v1/products",
        "/api/v1/no-such-thing",
    ] {
        let response = client.get(app.url(path)).send().await.unwrap();
        let id = request_id(&response);
        assert_generated(&id, path);
        seen.push(id);
    }
    // A refusal by an outer layer (a sign-in from another site) has one too.
    let refused = reqwest::Client::new()
        .post(app.url("/login"))
        .header("origin", "https://elsewhere.example")
        .form(&[("email", "a@b.vn"), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    seen.push(request_id(&refused));
    let count = seen.len();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), count, "one id per request");
}

#[tokio::test]
async fn a_safe_given_id_is_kept_and_any_other_replaced() {
    let app = spawn_app().await;
    let client = reqwest::Client::new();
    for given in ["0190a1b2-c3d4-7e5f", "lb.42_A", &"a".repeat(64)] {
        let response = client
            .get(app.url("/"))
            .header("x-request-id", given)
            .send()
            .await
            .unwrap();
        assert_eq!(request_id(&response), given);
    }
    for given in [&"a".repeat(65), "a b", "a\"b", "id;drop", "a\tb"] {
        let response = client
            .get(app.url("/"))
            .header("x-request-id", given)
            .send()
            .await
            .unwrap();
        assert_generated(&request_id(&response), given);
    }
}
