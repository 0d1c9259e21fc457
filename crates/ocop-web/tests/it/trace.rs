//! Request ids over real HTTP: every answer has one, a client's safe id is kept, and an
//! internal error shows it to the user and logs it, once, with the cause.

use std::io::Write;
use std::sync::{Arc, Mutex};

use reqwest::Response;

use crate::helpers::{TestApp, spawn_app};

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

/// The database gone under a running server: reads fail as they would in production.
async fn break_the_database(app: &TestApp) {
    app.store.close().await;
}

#[tokio::test]
async fn an_internal_error_shows_the_request_id_and_no_internals() {
    let app = spawn_app().await;
    break_the_database(&app).await;
    let client = app.browser();

    let page = client.get(app.url("/catalog")).send().await.unwrap();
    assert_eq!(page.status(), 500);
    let id = request_id(&page);
    let html = page.text().await.unwrap();
    assert!(
        html.contains(&format!("Mã yêu cầu: <code>{id}</code>")),
        "{html}"
    );
    assert!(html.contains("Lỗi hệ thống"), "{html}");
    assert!(!html.contains("pool") && !html.contains("sqlx"), "{html}");

    let api = client
        .get(app.url("/api/v1/products"))
        .header("x-request-id", "report-7")
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 500);
    assert_eq!(request_id(&api), "report-7");
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "code": "internal",
            "message": "Lỗi hệ thống, vui lòng thử lại sau",
            "fields": [],
            "request_id": "report-7",
        })
    );
}

/// Log output kept in memory, as JSON lines.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().write(bytes)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Logs {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }

    fn lines(&self) -> Vec<serde_json::Value> {
        self.text()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }
}

// The test's runtime has one thread, which runs the server too: the subscriber set for this
// thread sees the server's log lines.
#[tokio::test(flavor = "current_thread")]
async fn an_internal_error_is_logged_once_with_its_cause_and_no_secrets() {
    // tracing remembers process-wide whether a log line is wanted, and while one subscriber
    // exists it asks the thread that reaches the line first: a test running beside this one,
    // with none, would turn our lines off (tokio-rs/tracing#3611). With two it asks both.
    let _second = tracing::Dispatch::new(tracing_subscriber::registry());
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_max_level(tracing::Level::INFO)
        .with_writer(move || writer.clone())
        .finish();
    let _logging = tracing::subscriber::set_default(subscriber);

    let app = spawn_app().await;
    break_the_database(&app).await;
    let response = reqwest::Client::new()
        .get(app.url("/api/v1/products?q=secret-search"))
        .header("authorization", "Bearer secret-token")
        .header("cookie", "ocop_session=secret-cookie")
        .header("x-request-id", "r-500")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 500);

    let lines = logs.lines();
    let errors: Vec<_> = lines.iter().filter(|l| l["level"] == "ERROR").collect();
    assert_eq!(errors.len(), 1, "{}", logs.text());
    let error = errors[0];
    assert_eq!(error["span"]["request_id"], "r-500");
    assert_eq!(error["span"]["path"], "/api/v1/products");
    let cause = error["fields"]["error"].as_str().unwrap();
    assert!(cause.contains("closed pool"), "{cause}");

    let answered = lines
        .iter()
        .find(|l| l["fields"]["message"] == "answered")
        .expect("the request's line");
    assert_eq!(answered["span"]["request_id"], "r-500");
    assert_eq!(answered["span"]["method"], "GET");
    assert_eq!(answered["span"]["status"], 500);
    assert!(answered["span"]["latency_ms"].is_u64());

    assert!(!logs.text().contains("secret"), "{}", logs.text());
}
