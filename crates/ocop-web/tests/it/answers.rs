//! Representative JSON answers of `/api/v1` from the real server, kept as insta snapshots in
//! `snapshots/`: a change to what a client receives shows as a diff to review (README).
//! Values that change from run to run (ids, times, tokens, the year in product codes) are
//! redacted.

use insta::internals::{Content, Redaction};
use insta::{assert_json_snapshot, dynamic_redaction};
use ocop_domain::criteria::Library;
use ocop_store::demo::DEMO_PASSWORD;
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

const QUANG_NINH_OFFICER: &str = "tinh.quangninh@ocop.demo";

async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> (StatusCode, Value) {
    let mut request = Client::new().request(method, app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.expect("a JSON body"))
}

async fn get(app: &TestApp, path: &str, token: Option<&str>) -> (StatusCode, Value) {
    send(app, Method::GET, path, token, None).await
}

/// The id of the demo product "Miến dong Bình Liêu" (Quang Ninh).
async fn mien_dong_id(app: &TestApp) -> String {
    let (_, page) = get(app, "/api/v1/products?q=mien%20dong%20binh%20lieu", None).await;
    let items = page["items"].as_array().expect("items");
    let product = items.iter().find(|p| p["name"] == "Miến dong Bình Liêu");
    product.expect("the product")["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A product code ends with the year it was given (`22-06838-2-2026`), for the demo data the
/// year of the run: that part is redacted.
fn code_year() -> Redaction {
    dynamic_redaction(|value: Content, _| match value.as_str() {
        Some(code) => {
            let (head, _year) = code.rsplit_once('-').expect("a product code");
            Content::from(format!("{head}-[year]"))
        }
        None => value,
    })
}

#[tokio::test]
async fn a_page_of_the_catalogue() {
    let app = spawn_app().await;
    let (status, page) = get(&app, "/api/v1/products?province=22&per_page=2", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_json_snapshot!(page, {
        ".items[].id" => "[id]",
        ".items[].producer_id" => "[id]",
        ".items[].product_code" => code_year(),
        ".items[].created_at" => "[time]",
        ".items[].updated_at" => "[time]",
    });
}

#[tokio::test]
async fn one_product() {
    let app = spawn_app().await;
    let id = mien_dong_id(&app).await;
    let (status, product) = get(&app, &format!("/api/v1/products/{id}"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_json_snapshot!(product, {
        ".id" => "[id]",
        ".producer_id" => "[id]",
        ".product_code" => code_year(),
        ".created_at" => "[time]",
        ".updated_at" => "[time]",
    });
}

/// As an official of its province: with the representative's personal data.
#[tokio::test]
async fn one_producer_as_an_official() {
    let app = spawn_app().await;
    let token = app.token(QUANG_NINH_OFFICER).await;
    let id = mien_dong_id(&app).await;
    let (_, product) = get(&app, &format!("/api/v1/products/{id}"), None).await;
    let producer_id = product["producer_id"].as_str().unwrap();
    let path = format!("/api/v1/producers/{producer_id}");
    let (status, producer) = get(&app, &path, Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(producer["representative"].is_object(), "{producer}");
    assert_json_snapshot!(producer, {
        ".id" => "[id]",
        ".created_at" => "[time]",
        ".updated_at" => "[time]",
    });
}

#[tokio::test]
async fn a_validation_error() {
    let app = spawn_app().await;
    let token = app.token(QUANG_NINH_OFFICER).await;
    let producer = json!({
        "kind": "cooperative",
        "name": "HTX thử nghiệm",
        "tax_code": "0100109107",
        "representative_name": "Hoàng Thị Mai",
        "unit_code": 999_999,
    });
    let (status, error) = send(
        &app,
        Method::POST,
        "/api/v1/producers",
        Some(&token),
        Some(&producer),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_json_snapshot!(error, { ".request_id" => "[request id]" });
}

#[tokio::test]
async fn a_record_not_found() {
    let app = spawn_app().await;
    let path = format!("/api/v1/products/{}", uuid::Uuid::nil());
    let (status, error) = get(&app, &path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_json_snapshot!(error, { ".request_id" => "[request id]" });
}

#[tokio::test]
async fn a_new_session() {
    let app = spawn_app().await;
    let credentials = json!({"email": QUANG_NINH_OFFICER, "password": DEMO_PASSWORD});
    let (status, session) = send(
        &app,
        Method::POST,
        "/api/v1/session",
        None,
        Some(&credentials),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_json_snapshot!(session, {
        ".token" => "[token]",
        ".user.id" => "[id]",
    });
}

/// An old commune's name: the old commune, with the commune of today it went into.
#[tokio::test]
async fn a_units_search() {
    let app = spawn_app().await;
    let (status, found) = get(&app, "/api/v1/units/search?q=xa%20huu%20lan", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_json_snapshot!(found);
}

/// One member who picks the first option of every criterion of sheet 1 (V2026): the points,
/// the minimums missed and what the next star takes.
#[tokio::test]
async fn a_scoring_evaluation() {
    let app = spawn_app().await;
    let sheet = Library::embedded()
        .version("V2026")
        .and_then(|set| set.sheet(1))
        .expect("sheet 1 of V2026");
    let choices: serde_json::Map<String, Value> = sheet
        .leaves()
        .iter()
        .map(|leaf| (leaf.criterion.id.clone(), json!(1)))
        .collect();
    let answers = json!({
        "version": "V2026",
        "sheet": 1,
        "members": [{"name": "Thành viên A", "choices": choices}],
    });
    let (status, evaluation) = send(
        &app,
        Method::POST,
        "/api/v1/scoring/evaluate",
        None,
        Some(&answers),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_json_snapshot!(evaluation);
}
