//! The JSON API `/api/v1` over real HTTP: OpenAPI document, Swagger UI, catalogue search and
//! filters, bearer sessions, writes with authorization, and JSON errors for bad input.

use ocop_domain::identifiers::tax_check_digit;
use ocop_domain::producer::ProducerInput;
use ocop_domain::units::AdminUnits;
use ocop_web::{AppState, WebConfig};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeSet;

use crate::helpers::{TestApp, spawn_app};

const QUANG_NINH_OFFICER: &str = "tinh.quangninh@ocop.demo";
const HA_NOI_OFFICER: &str = "tinh.hanoi@ocop.demo";
const BINH_LIEU: u32 = 6838;

async fn get_json(app: &TestApp, path: &str, token: Option<&str>) -> (StatusCode, Value) {
    let mut request = Client::new().get(app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.expect("a JSON body"))
}

async fn send_json(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: &Value,
) -> (StatusCode, Value) {
    let mut request = Client::new().request(method, app.url(path)).json(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.expect("a JSON body"))
}

/// The fields named by an error body.
fn error_fields(body: &Value) -> Vec<String> {
    body["fields"]
        .as_array()
        .expect("fields array")
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect()
}

fn assert_error(body: &Value, code: &str) {
    assert_eq!(body["code"], code, "{body}");
    assert!(
        !body["message"].as_str().unwrap_or_default().is_empty(),
        "{body}"
    );
    assert!(body["fields"].is_array(), "{body}");
}

/// A 10-digit tax code with a valid check digit, different for each `n`.
fn valid_tax_code(n: u32) -> String {
    (n * 10..)
        .map(|k| format!("79{k:07}"))
        .find_map(|nine| tax_check_digit(&nine).map(|d| format!("{nine}{d}")))
        .unwrap()
}

fn producer_body(tax_code: &str, unit_code: Value) -> Value {
    json!({
        "kind": "cooperative",
        "name": "HTX Dong Bình Liêu thử nghiệm",
        "tax_code": tax_code,
        "representative_name": "Hoàng Thị Mai",
        "representative_gender": "Nữ",
        "representative_ethnic_minority": true,
        "phone": "0912345678",
        "unit_code": unit_code,
        "street": "Thôn Khe Vằn",
    })
}

async fn products(app: &TestApp, query: &str) -> Value {
    let (status, body) = get_json(app, &format!("/api/v1/products?{query}"), None).await;
    assert_eq!(status, StatusCode::OK, "{query}: {body}");
    body
}

fn items(page: &Value) -> &Vec<Value> {
    page["items"].as_array().expect("items")
}

async fn find_product(app: &TestApp, name: &str) -> Value {
    let page = products(app, &format!("q={name}")).await;
    items(&page)
        .iter()
        .find(|p| p["name"] == name)
        .cloned()
        .unwrap_or_else(|| panic!("{name} in {page}"))
}

/// The whole document as served, as a snapshot: a change to any path, operation or schema
/// shows as a diff to review (README).
#[tokio::test]
async fn openapi_document() {
    let app = spawn_app().await;
    let (status, doc) = get_json(&app, "/api/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    // Client generators name methods after operation ids: each must be unique.
    let mut ids = BTreeSet::new();
    for operations in doc["paths"].as_object().unwrap().values() {
        for operation in operations.as_object().unwrap().values() {
            let id = operation["operationId"].as_str().expect("operationId");
            assert!(ids.insert(id.to_owned()), "operationId {id} repeated");
        }
    }
    insta::assert_json_snapshot!(doc);
}

/// Every `/api/v1` route the server has is in the document, and every documented operation
/// is served: the routers register the API handlers with `routes!`, which documents them.
#[tokio::test]
async fn the_server_serves_exactly_the_documented_operations() {
    let app = spawn_app().await;
    let (_, doc) = get_json(&app, "/api/openapi.json", None).await;
    let paths = doc["paths"].as_object().unwrap();
    // axum has no list of its routes, but a router's debug output names every path it has.
    let state = AppState::new(app.store.clone(), WebConfig::default());
    let router = format!("{:?}", ocop_web::routes::router(state));
    let routed: BTreeSet<&str> = router
        .split('"')
        .filter(|text| text.starts_with("/api/v1"))
        .collect();
    let documented: BTreeSet<&str> = paths.keys().map(String::as_str).collect();
    assert_eq!(routed, documented);
    // Each method on each path: served if documented (whatever the answer to an empty
    // request), else 405.
    for (path, operations) in paths {
        let url = path.replace(['{', '}'], "");
        for method in [
            reqwest::Method::GET,
            reqwest::Method::POST,
            reqwest::Method::PUT,
            reqwest::Method::PATCH,
            reqwest::Method::DELETE,
        ] {
            let response = Client::new()
                .request(method.clone(), app.url(&url))
                .send()
                .await
                .unwrap();
            let documented = operations.get(method.as_str().to_lowercase()).is_some();
            let refused = response.status() == StatusCode::METHOD_NOT_ALLOWED;
            assert_eq!(
                refused,
                !documented,
                "{method} {path}: {}",
                response.status()
            );
        }
    }
}

#[tokio::test]
async fn swagger_ui_is_served_from_the_binary() {
    let app = spawn_app().await;
    let response = Client::new()
        .get(app.url("/api/docs"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = response.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    // The scripts come from the server itself, not a CDN.
    assert!(!html.contains("https://"), "{html}");
    let bundle = Client::new()
        .get(app.url("/api/docs/swagger-ui-bundle.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(bundle.status(), StatusCode::OK);
    assert!(bundle.bytes().await.unwrap().len() > 100_000);
    let init = Client::new()
        .get(app.url("/api/docs/swagger-initializer.js"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(init.contains("/api/openapi.json"), "{init}");
}

#[tokio::test]
async fn search_without_marks_finds_mien_dong() {
    let app = spawn_app().await;
    let page = products(&app, "q=mien%20dong").await;
    assert!(page["total"].as_u64().unwrap() >= 1, "{page}");
    let found = items(&page)
        .iter()
        .find(|p| p["name"] == "Miến dong Bình Liêu")
        .expect("Miến dong Bình Liêu");
    assert_eq!(found["province"]["code"], 22);
    assert_eq!(found["status"], "active");
    assert_eq!(found["classification"]["version"], "V2026");
    assert!(found["producer_name"].as_str().unwrap().len() > 3);
    // With marks too, and the exact hit first.
    let page = products(&app, "q=Miến%20dong").await;
    assert_eq!(items(&page)[0]["name"], "Miến dong Bình Liêu");
}

#[tokio::test]
async fn filters_narrow_and_total_counts_the_matches() {
    let app = spawn_app().await;
    let all = products(&app, "per_page=100").await;
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 40, "{total}");
    assert_eq!(items(&all).len() as u64, total.min(100));
    assert!(items(&all).iter().all(|p| p["status"] == "active"));

    // Every product is in exactly one category: the group totals add up.
    let mut sum = 0;
    for group in ["food", "drink", "herbal", "craft", "ornamental", "tourism"] {
        let page = products(&app, &format!("group={group}&per_page=100")).await;
        let n = page["total"].as_u64().unwrap();
        assert_eq!(items(&page).len() as u64, n, "{group}");
        assert!(
            items(&page)
                .iter()
                .all(|p| p["classification"]["category"] == group),
            "{group}"
        );
        sum += n;
    }
    assert_eq!(sum, total);
    let food = products(&app, "group=food").await["total"]
        .as_u64()
        .unwrap();
    assert!(0 < food && food < total);

    // Stars: the filter keeps exactly the products with that rating.
    let rated = items(&all)
        .iter()
        .filter_map(|p| p["stars"].as_u64())
        .collect::<Vec<_>>();
    let stars = *rated.first().expect("demo products carry stars");
    let expected = rated.iter().filter(|s| **s == stars).count() as u64;
    let page = products(&app, &format!("stars={stars}&per_page=100")).await;
    assert_eq!(page["total"].as_u64().unwrap(), expected);
    assert!(items(&page).iter().all(|p| p["stars"] == stars));

    // Province: the demo data is Quảng Ninh's; Hà Nội has no active products.
    assert_eq!(products(&app, "province=22").await["total"], total);
    assert_eq!(products(&app, "province=1").await["total"], 0);

    // Filters combine.
    let page = products(
        &app,
        &format!("group=food&stars={stars}&province=22&per_page=100"),
    )
    .await;
    let n = page["total"].as_u64().unwrap();
    assert!(n <= food && n <= expected);
    assert_eq!(items(&page).len() as u64, n);
}

#[tokio::test]
async fn pages_cover_the_list_once() {
    let app = spawn_app().await;
    let first = products(&app, "per_page=10").await;
    let total = first["total"].as_u64().unwrap();
    assert_eq!(first["page"], 1);
    assert_eq!(first["per_page"], 10);
    let pages = total.div_ceil(10);
    let mut ids = std::collections::BTreeSet::new();
    for page in 1..=pages {
        let body = products(&app, &format!("per_page=10&page={page}")).await;
        assert_eq!(body["total"], total);
        assert_eq!(body["page"], page);
        let expected = if page < pages {
            10
        } else {
            total - 10 * (pages - 1)
        };
        assert_eq!(items(&body).len() as u64, expected, "page {page}");
        for p in items(&body) {
            assert!(
                ids.insert(p["id"].as_str().unwrap().to_owned()),
                "repeated {p}"
            );
        }
    }
    assert_eq!(ids.len() as u64, total);
    let beyond = products(&app, &format!("per_page=10&page={}", pages + 1)).await;
    assert!(items(&beyond).is_empty());
    assert_eq!(beyond["total"], total);
}

#[tokio::test]
async fn officer_signs_in_with_a_token_and_registers_a_producer_and_product() {
    let app = spawn_app().await;
    let (status, session) = send_json(
        &app,
        reqwest::Method::POST,
        "/api/v1/session",
        None,
        &json!({"email": QUANG_NINH_OFFICER, "password": ocop_store::demo::DEMO_PASSWORD}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{session}");
    assert_eq!(session["user"]["role"], "provincial");
    assert_eq!(session["user"]["province_code"], 22);
    let token = session["token"].as_str().unwrap().to_owned();
    let (status, me) = get_json(&app, "/api/v1/session", Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["email"], QUANG_NINH_OFFICER);

    // A producer in Xã Bình Liêu; numbers and booleans are accepted as text.
    let tax_code = valid_tax_code(1);
    let response = Client::new()
        .post(app.url("/api/v1/producers"))
        .bearer_auth(&token)
        .json(&producer_body(&tax_code, json!(BINH_LIEU)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let producer: Value = response.json().await.unwrap();
    let producer_id = producer["id"].as_str().unwrap().to_owned();
    assert_eq!(location, format!("/api/v1/producers/{producer_id}"));
    assert_eq!(producer["tax_code"], tax_code.as_str());
    assert_eq!(producer["unit"]["code"], BINH_LIEU);
    assert_eq!(producer["unit"]["name"], "Xã Bình Liêu");
    assert_eq!(producer["province"]["code"], 22);
    assert_eq!(producer["representative"]["ethnic_minority"], true);
    let (status, fetched) = get_json(&app, &location, Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(fetched["name"], producer["name"]);
    // The public sees the active producer, without the representative's personal details.
    let (status, public) = get_json(&app, &location, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(public["representative"].is_null(), "{public}");

    // A draft product of it gets the commune's next product code.
    let (status, product) = send_json(
        &app,
        reqwest::Method::POST,
        "/api/v1/products",
        Some(&token),
        &json!({
            "producer_id": producer_id,
            "name": "Miến dong thử nghiệm",
            "classification": 6,
            "description": "Miến làm từ củ dong riềng Bình Liêu",
            "gtin": "8935049500643",
        }),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{product}");
    let code = product["product_code"].as_str().unwrap();
    let parts: Vec<&str> = code.split('-').collect();
    assert_eq!(parts.len(), 4, "{code}");
    assert_eq!(parts[0], "22");
    assert_eq!(parts[1], "06838");
    assert!(parts[2].parse::<u32>().unwrap() >= 1, "{code}");
    assert!(
        parts[3].len() == 4 && parts[3].parse::<u32>().unwrap() >= 2025,
        "{code}"
    );
    assert_eq!(product["producer_id"], producer_id.as_str());
    assert_eq!(product["status"], "draft");
    assert_eq!(product["classification"]["sheet"], 6);
    assert_eq!(product["classification"]["category"], "food");
    assert_eq!(product["gtin"], "8935049500643");
    assert_eq!(product["unit"]["code"], BINH_LIEU);
    assert_eq!(product["province"]["name"], "Quảng Ninh");
    assert_eq!(product["stars"], Value::Null);
    assert!(product["historical_codes"].as_array().unwrap().is_empty());
    assert!(product["created_at"].as_str().unwrap().contains('T'));

    // The draft is the officer's to see, not the public's.
    let path = format!("/api/v1/products/{}", product["id"].as_str().unwrap());
    let (status, _) = get_json(&app, &path, Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = get_json(&app, &path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, "not_found");
    let (_, hanoi_view) = get_json(&app, &path, Some(&app.token(HA_NOI_OFFICER).await)).await;
    assert_error(&hanoi_view, "not_found");
    let listed = products(&app, "q=thu%20nghiem").await;
    assert!(items(&listed).iter().all(|p| p["id"] != product["id"]));

    // Signing out ends the token.
    let response = Client::new()
        .delete(app.url("/api/v1/session"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let (status, body) = get_json(&app, "/api/v1/session", Some(&token)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&body, "not_signed_in");
}

#[tokio::test]
async fn wrong_password_is_401() {
    let app = spawn_app().await;
    let (status, body) = send_json(
        &app,
        reqwest::Method::POST,
        "/api/v1/session",
        None,
        &json!({"email": QUANG_NINH_OFFICER, "password": "wrong-password"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&body, "not_signed_in");
    assert!(body.get("token").is_none());
    let (status, body) = send_json(
        &app,
        reqwest::Method::POST,
        "/api/v1/session",
        None,
        &json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), ["email", "password"]);
}

#[tokio::test]
async fn officer_of_another_province_cannot_change_a_product() {
    let app = spawn_app().await;
    let before = find_product(&app, "Miến dong Bình Liêu").await;
    let path = format!("/api/v1/products/{}", before["id"].as_str().unwrap());
    let (_, full_before) = get_json(&app, &path, None).await;
    let change = json!({
        "name": "Miến dong Hà Nội",
        "taxonomy_version": full_before["classification"]["version"],
        "classification": full_before["classification"]["sheet"],
        "status": "active",
    });
    let hanoi = app.token(HA_NOI_OFFICER).await;
    let (status, body) = send_json(&app, reqwest::Method::PUT, &path, Some(&hanoi), &change).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_error(&body, "forbidden");
    let (_, after) = get_json(&app, &path, None).await;
    assert_eq!(after, full_before);

    // The province's own officer may.
    let quang_ninh = app.token(QUANG_NINH_OFFICER).await;
    let (status, body) = send_json(
        &app,
        reqwest::Method::PUT,
        &path,
        Some(&quang_ninh),
        &change,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["name"], "Miến dong Hà Nội");
    assert_eq!(body["product_code"], full_before["product_code"]);
    assert_eq!(body["stars"], full_before["stars"]);
}

#[tokio::test]
async fn anonymous_writes_are_401() {
    let app = spawn_app().await;
    let product = find_product(&app, "Miến dong Bình Liêu").await;
    let writes = [
        (reqwest::Method::POST, "/api/v1/producers".to_owned()),
        (reqwest::Method::POST, "/api/v1/products".to_owned()),
        (
            reqwest::Method::PUT,
            format!("/api/v1/products/{}", product["id"].as_str().unwrap()),
        ),
        (
            reqwest::Method::PUT,
            format!(
                "/api/v1/producers/{}",
                product["producer_id"].as_str().unwrap()
            ),
        ),
        (reqwest::Method::DELETE, "/api/v1/session".to_owned()),
    ];
    for (method, path) in writes {
        let (status, body) = send_json(
            &app,
            method.clone(),
            &path,
            None,
            &producer_body(&valid_tax_code(2), json!("6838")),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {path}");
        assert_error(&body, "not_signed_in");
    }
    // A token that names no session is no better.
    let (status, _) = send_json(
        &app,
        reqwest::Method::POST,
        "/api/v1/producers",
        Some("not-a-token"),
        &producer_body(&valid_tax_code(2), json!("6838")),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn invalid_fields_are_named_in_a_422() {
    let app = spawn_app().await;
    let token = app.token(QUANG_NINH_OFFICER).await;
    let (status, body) = send_json(
        &app,
        reqwest::Method::POST,
        "/api/v1/producers",
        Some(&token),
        &producer_body("0100109107", json!(999_999)),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_error(&body, "invalid");
    let fields = error_fields(&body);
    assert!(fields.contains(&"tax_code".to_owned()), "{body}");
    assert!(fields.contains(&"unit_code".to_owned()), "{body}");
    assert_eq!(fields.len(), 2, "{body}");
    let (_, listed) = get_json(
        &app,
        "/api/v1/producers?q=thu%20nghiem&per_page=100",
        Some(&token),
    )
    .await;
    assert_eq!(listed["total"], 0, "nothing was written");

    // Product fields and the producer reference.
    let (status, body) = send_json(
        &app,
        reqwest::Method::POST,
        "/api/v1/products",
        Some(&token),
        &json!({"producer_id": uuid::Uuid::now_v7(), "name": "", "classification": "40"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        error_fields(&body),
        ["producer_id", "name", "classification"]
    );
    let producer = find_product(&app, "Miến dong Bình Liêu").await["producer_id"].clone();
    let (status, body) = send_json(
        &app,
        reqwest::Method::POST,
        "/api/v1/products",
        Some(&token),
        &json!({"producer_id": uuid::Uuid::now_v7(), "name": "Sản phẩm", "classification": "6"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(error_fields(&body), ["producer_id"]);
    assert!(producer.is_string());

    // A taken tax code is a conflict on the field.
    let (_, existing) = get_json(
        &app,
        &format!("/api/v1/producers/{}", producer.as_str().unwrap()),
        None,
    )
    .await;
    let (status, body) = send_json(
        &app,
        reqwest::Method::POST,
        "/api/v1/producers",
        Some(&token),
        &producer_body(existing["tax_code"].as_str().unwrap(), json!(BINH_LIEU)),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_error(&body, "conflict");
    assert_eq!(error_fields(&body), ["tax_code"]);
}

#[tokio::test]
async fn malformed_bodies_get_json_errors() {
    let app = spawn_app().await;
    let token = app.token(QUANG_NINH_OFFICER).await;
    let post = |body: &'static str, content_type: &'static str| {
        Client::new()
            .post(app.url("/api/v1/producers"))
            .bearer_auth(&token)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let response = post(r#"{"name": "HTX"#, "application/json").await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_error(&body, "bad_request");
    assert!(body["message"].as_str().unwrap().contains("JSON"), "{body}");

    let response = post(r#"["not", "an", "object"]"#, "application/json")
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(error_fields(&body), ["body"]);

    let response = post(r#"{"name": {"vi": "HTX"}}"#, "application/json")
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(error_fields(&body), ["name"]);

    let response = post("name=HTX", "application/x-www-form-urlencoded")
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_error(&body, "bad_request");
}

#[tokio::test]
async fn unknown_records_are_404_json() {
    let app = spawn_app().await;
    let unknown = uuid::Uuid::now_v7();
    for path in [
        format!("/api/v1/producers/{unknown}"),
        "/api/v1/producers/not-a-uuid".to_owned(),
        format!("/api/v1/products/{unknown}"),
        "/api/v1/units/2025-07/commune/999999".to_owned(),
        "/api/v1/nothing-here".to_owned(),
    ] {
        let (status, body) = get_json(&app, &path, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_error(&body, "not_found");
    }
    let token = app.token(QUANG_NINH_OFFICER).await;
    let (status, body) = send_json(
        &app,
        reqwest::Method::PUT,
        &format!("/api/v1/products/{unknown}"),
        Some(&token),
        &json!({"name": "X", "classification": "6"}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, "not_found");
}

#[tokio::test]
async fn bad_query_parameters_are_named() {
    let app = spawn_app().await;
    let cases = [
        ("/api/v1/products?page=0", "page"),
        ("/api/v1/products?page=abc", "page"),
        ("/api/v1/products?per_page=500", "per_page"),
        ("/api/v1/products?stars=6", "stars"),
        ("/api/v1/products?group=fruit", "group"),
        ("/api/v1/products?province=99", "province"),
        ("/api/v1/products?province=ha-noi", "province"),
        ("/api/v1/producers?per_page=0", "per_page"),
        ("/api/v1/producers?province=999", "province"),
        ("/api/v1/units?level=hamlet", "level"),
        ("/api/v1/units?structure=2024", "structure"),
        ("/api/v1/units?level=district", "level"),
        ("/api/v1/units?parent=9999", "parent"),
    ];
    for (path, field) in cases {
        let (status, body) = get_json(&app, path, None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert_error(&body, "invalid");
        assert_eq!(error_fields(&body), [field], "{path}");
    }
    // Several at once, each named.
    let (_, body) = get_json(&app, "/api/v1/products?stars=0&group=x&page=-1", None).await;
    assert_eq!(error_fields(&body), ["group", "stars", "page"]);
    // Blank parameters are absent ones.
    let (status, _) = get_json(
        &app,
        "/api/v1/products?q=&province=&group=&stars=&page=&per_page=",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn pages_past_the_end_are_empty_and_absurd_page_numbers_are_422() {
    let app = spawn_app().await;
    let token = app.token(QUANG_NINH_OFFICER).await;
    for list in ["products", "producers"] {
        for caller in [None, Some(token.as_str())] {
            let path = format!("/api/v1/{list}?page=100000&per_page=100");
            let (status, body) = get_json(&app, &path, caller).await;
            assert_eq!(status, StatusCode::OK, "{path}: {body}");
            assert!(items(&body).is_empty(), "{path}: {body}");
            assert!(body["total"].as_u64().unwrap() > 0, "{path}: {body}");
            assert_eq!(body["page"], 100_000);
            for page in ["100001", "42949674", "4294967295", "99999999999"] {
                let path = format!("/api/v1/{list}?page={page}&per_page=100");
                let (status, body) = get_json(&app, &path, caller).await;
                assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
                assert_eq!(error_fields(&body), ["page"], "{path}");
            }
        }
    }
}

#[tokio::test]
async fn units_link_old_and_new_communes() {
    let app = spawn_app().await;
    let links = |unit: &Value, key: &str| -> Vec<(u64, bool, bool)> {
        unit[key]
            .as_array()
            .unwrap_or_else(|| panic!("{key} in {unit}"))
            .iter()
            .map(|l| {
                (
                    l["code"].as_u64().unwrap(),
                    l["is_default"].as_bool().unwrap(),
                    l["divided"].as_bool().unwrap(),
                )
            })
            .collect()
    };
    // Whole: Phường Vĩnh Phúc (2025-01) went into Phường Ngọc Hà.
    let (status, unit) = get_json(&app, "/api/v1/units/2025-01/commune/6", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(links(&unit, "successors"), [(8, true, false)]);
    assert_eq!(unit["successors"][0]["name"], "Phường Ngọc Hà");
    assert!(unit.get("predecessors").is_none());
    // Divided: Phường Cống Vị, mainly into Ngọc Hà (the default), partly into Giảng Võ.
    let (_, unit) = get_json(&app, "/api/v1/units/2025-01/commune/7", None).await;
    assert_eq!(
        links(&unit, "successors"),
        [(8, true, true), (25, false, true)]
    );
    // Renamed: Thị trấn Bình Liêu is Xã Bình Liêu.
    let (_, unit) = get_json(&app, "/api/v1/units/2025-01/commune/6838", None).await;
    assert_eq!(unit["name"], "Thị trấn Bình Liêu");
    assert_eq!(links(&unit, "successors"), [(6838, true, false)]);
    assert_eq!(
        unit["successors"][0]["full_name"],
        "Xã Bình Liêu, Quảng Ninh"
    );
    let (_, unit) = get_json(&app, "/api/v1/units/2025-07/commune/6838", None).await;
    // Xã Bình Liêu took in the old town and two neighbouring communes.
    assert_eq!(links(&unit, "predecessors")[0], (6838, true, false));
    assert_eq!(unit["predecessors"][0]["name"], "Thị trấn Bình Liêu");
    assert_eq!(links(&unit, "predecessors").len(), 3);
    // Ngọc Hà took in Vĩnh Phúc wholly and most of Cống Vị.
    let (_, unit) = get_json(&app, "/api/v1/units/2025-07/commune/8", None).await;
    let before = links(&unit, "predecessors");
    assert!(before.contains(&(6, true, false)), "{before:?}");
    assert!(before.contains(&(7, true, true)), "{before:?}");
    let (_, unit) = get_json(&app, "/api/v1/units/2025-07/commune/25", None).await;
    assert!(links(&unit, "predecessors").contains(&(7, false, true)));
    // Provinces and districts have neither.
    let (_, unit) = get_json(&app, "/api/v1/units/2025-07/province/22", None).await;
    assert!(unit.get("predecessors").is_none() && unit.get("successors").is_none());

    // Corrected codes answer with the corrected communes: Phường Cửa Nam is 82, and the
    // three rotated Cao Bằng codes.
    for (code, name) in [
        (82, "Phường Cửa Nam"),
        (1537, "Xã Lý Quốc"),
        (1558, "Xã Hạ Lang"),
        (1561, "Xã Vinh Quý"),
    ] {
        let (status, unit) =
            get_json(&app, &format!("/api/v1/units/2025-07/commune/{code}"), None).await;
        assert_eq!(status, StatusCode::OK, "{code}");
        assert_eq!(unit["name"], name);
    }
    let (status, _) = get_json(&app, "/api/v1/units/2025-07/commune/73", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn units_of_both_structures() {
    let app = spawn_app().await;
    let (status, provinces) = get_json(&app, "/api/v1/units", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(provinces["total"], 34);
    let (_, old) = get_json(&app, "/api/v1/units?structure=2025-01", None).await;
    assert_eq!(old["total"], 63);

    let (_, communes) = get_json(&app, "/api/v1/units?parent=22", None).await;
    let list = items(&communes);
    assert!(!list.is_empty());
    assert!(
        list.iter()
            .all(|u| u["level"] == "commune" && u["parent_code"] == 22)
    );
    assert!(
        list.iter()
            .any(|u| u["code"] == BINH_LIEU && u["name"] == "Xã Bình Liêu")
    );

    let (status, unit) = get_json(&app, "/api/v1/units/2025-07/commune/6838", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(unit["name"], "Xã Bình Liêu");
    assert_eq!(unit["full_name"], "Xã Bình Liêu, Quảng Ninh");
    assert_eq!(unit["parents"][0]["code"], 22);
    assert_eq!(unit["current_province"]["code"], 22);

    // Hà Giang (2025-01) lies in today's Tuyên Quang (8).
    let (status, unit) = get_json(&app, "/api/v1/units/2025-01/province/2", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(unit["parents"].as_array().unwrap().is_empty());
    assert_eq!(unit["current_province"]["code"], 8);
    // A commune of 2025-01 has its district and province above it.
    let (_, districts) = get_json(&app, "/api/v1/units?structure=2025-01&parent=2", None).await;
    let district = &items(&districts)[0];
    assert_eq!(district["level"], "district");
    let (_, communes) = get_json(
        &app,
        &format!(
            "/api/v1/units?structure=2025-01&level=commune&parent={}",
            district["code"]
        ),
        None,
    )
    .await;
    let commune = &items(&communes)[0];
    let (_, detail) = get_json(
        &app,
        &format!("/api/v1/units/2025-01/commune/{}", commune["code"]),
        None,
    )
    .await;
    assert_eq!(detail["parents"][0]["code"], district["code"]);
    assert_eq!(detail["parents"][1]["code"], 2);
    assert_eq!(detail["current_province"]["code"], 8);

    let (status, body) = get_json(&app, "/api/v1/units/2025-07/district/1", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (status, body) = get_json(&app, "/api/v1/units/2030/commune/x", None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&body), ["structure", "code"]);
}

#[tokio::test]
async fn producer_list_is_scoped() {
    let app = spawn_app().await;
    let (status, public) = get_json(&app, "/api/v1/producers?per_page=100", None).await;
    assert_eq!(status, StatusCode::OK);
    let total = public["total"].as_u64().unwrap();
    assert!(total >= 10, "{public}");
    assert!(
        items(&public)
            .iter()
            .all(|p| p["status"] == "active" && p["representative"].is_null())
    );

    let hanoi = app.token(HA_NOI_OFFICER).await;
    let (_, scoped) = get_json(&app, "/api/v1/producers", Some(&hanoi)).await;
    assert_eq!(scoped["total"], 0, "Hà Nội has no producers in the demo");
    let quang_ninh = app.token(QUANG_NINH_OFFICER).await;
    let (_, scoped) = get_json(&app, "/api/v1/producers?per_page=5", Some(&quang_ninh)).await;
    assert_eq!(scoped["total"], total);
    assert_eq!(items(&scoped).len(), 5);
    assert!(
        items(&scoped)
            .iter()
            .all(|p| p["representative"].is_object())
    );

    let (_, found) = get_json(&app, "/api/v1/producers?q=dinh%20trung", None).await;
    assert!(
        items(&found)
            .iter()
            .any(|p| p["name"] == "HTX phát triển Đình Trung"),
        "{found}"
    );
}

#[tokio::test]
async fn a_wrong_method_is_a_json_405() {
    let app = spawn_app().await;
    let (status, body) = send_json(
        &app,
        reqwest::Method::DELETE,
        "/api/v1/products",
        None,
        &json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_error(&body, "method_not_allowed");
}

#[tokio::test]
async fn a_producer_account_prepares_drafts_but_does_not_publish() {
    let app = spawn_app().await;
    let token = app.token("chuthe.dinhtrung@ocop.demo").await;
    let (_, me) = get_json(&app, "/api/v1/session", Some(&token)).await;
    assert_eq!(me["role"], "producer");
    let own = me["producer_id"]
        .as_str()
        .expect("linked producer")
        .to_owned();
    let draft =
        json!({"producer_id": own, "name": "Chè hoa vàng thử nghiệm", "classification": "12"});

    let (status, product) = send_json(
        &app,
        reqwest::Method::POST,
        "/api/v1/products",
        Some(&token),
        &draft,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{product}");
    assert_eq!(product["status"], "draft");
    let path = format!("/api/v1/products/{}", product["id"].as_str().unwrap());

    // Publishing is the officials' decision, at creation or later.
    let mut active = draft.clone();
    active["status"] = json!("active");
    let (status, body) = send_json(
        &app,
        reqwest::Method::POST,
        "/api/v1/products",
        Some(&token),
        &active,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    // A change has the product's fields, without the producer.
    let mut change = draft.clone();
    change.as_object_mut().unwrap().remove("producer_id");
    let mut publish_own = change.clone();
    publish_own["status"] = json!("active");
    let (status, _) = send_json(
        &app,
        reqwest::Method::PUT,
        &path,
        Some(&token),
        &publish_own,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mut renamed = change.clone();
    renamed["name"] = json!("Chè hoa vàng Đình Trung");
    let (status, body) = send_json(&app, reqwest::Method::PUT, &path, Some(&token), &renamed).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["name"], "Chè hoa vàng Đình Trung");
    assert_eq!(body["status"], "draft");

    // The province's officer publishes it; the public then finds it.
    let officer = app.token(QUANG_NINH_OFFICER).await;
    let mut publish = renamed.clone();
    publish["status"] = json!("active");
    let (status, body) =
        send_json(&app, reqwest::Method::PUT, &path, Some(&officer), &publish).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = get_json(&app, &path, None).await;
    assert_eq!(status, StatusCode::OK);
    // Now published, it is no longer the producer's to edit.
    let (status, _) = send_json(&app, reqwest::Method::PUT, &path, Some(&token), &renamed).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Another producer's records are out of reach.
    let other = find_product(&app, "Miến dong Bình Liêu").await;
    let mut foreign = draft.clone();
    foreign["producer_id"] = other["producer_id"].clone();
    let (status, _) = send_json(
        &app,
        reqwest::Method::POST,
        "/api/v1/products",
        Some(&token),
        &foreign,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// The review's hole: a producer account moved itself, and its products, to another province
/// through the API while the page refused. The rule now lives in the domain; the page's side
/// of the same attempt is `admin::a_producer_keeps_its_profile_current_but_not_its_place_or_status`.
#[tokio::test]
async fn a_producer_account_cannot_move_itself_or_change_its_status_through_the_api() {
    let app = spawn_app().await;
    let token = app.token("chuthe.dinhtrung@ocop.demo").await;
    let (_, me) = get_json(&app, "/api/v1/session", Some(&token)).await;
    let id: uuid::Uuid = me["producer_id"].as_str().unwrap().parse().unwrap();
    let path = format!("/api/v1/producers/{id}");
    let stored = app.store.producer(id).await.unwrap();
    let own = serde_json::to_value(ProducerInput::from_data(&stored.data)).unwrap();
    let hanoi_commune = AdminUnits::embedded()
        .communes_of(1)
        .map(|c| c.code)
        .min()
        .unwrap();

    for (field, value) in [
        ("unit_code", json!(hanoi_commune.to_string())),
        ("unit_code", json!("6688")),
        ("status", json!("archived")),
        ("status", json!("suspended")),
    ] {
        let mut attempt = own.clone();
        attempt[field] = value.clone();
        let (status, body) =
            send_json(&app, reqwest::Method::PUT, &path, Some(&token), &attempt).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{field} = {value}: {body}");
    }
    let after = app.store.producer(id).await.unwrap();
    assert_eq!(after.data.unit, stored.data.unit);
    assert_eq!(after.data.status, stored.data.status);
    let quang_ninh = app.token(QUANG_NINH_OFFICER).await;
    let hanoi = app.token(HA_NOI_OFFICER).await;
    assert_eq!(
        get_json(&app, &path, Some(&quang_ninh)).await.0,
        StatusCode::OK
    );

    // Its profile is its own to keep current.
    let mut profile = own.clone();
    profile["phone"] = json!("0912 345 678");
    let (status, body) = send_json(&app, reqwest::Method::PUT, &path, Some(&token), &profile).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // Moving between provinces takes an official of both: Quảng Ninh's cannot, the centre can.
    let mut moved = profile.clone();
    moved["unit_code"] = json!(hanoi_commune.to_string());
    let (status, _) = send_json(&app, reqwest::Method::PUT, &path, Some(&quang_ninh), &moved).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let central = app.token("trunguong@ocop.demo").await;
    let (status, body) = send_json(&app, reqwest::Method::PUT, &path, Some(&central), &moved).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(get_json(&app, &path, Some(&hanoi)).await.0, StatusCode::OK);
}

/// A NUL character is valid JSON text but no database text: PostgreSQL refuses it. Every
/// entry point refuses it as a field error (422) before storage, on both databases, and a
/// search with one finds nothing rather than failing.
#[tokio::test]
async fn a_nul_character_is_a_field_error_not_a_server_error() {
    let app = spawn_app().await;
    let token = app.token(QUANG_NINH_OFFICER).await;
    let mut body = producer_body(&valid_tax_code(7), json!(BINH_LIEU));
    body["name"] = json!("HTX\u{0}Bình Liêu");
    body["street"] = json!("Thôn\u{0}");
    let (status, answer) = send_json(
        &app,
        reqwest::Method::POST,
        "/api/v1/producers",
        Some(&token),
        &body,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let fields: Vec<&str> = answer["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert!(
        fields.contains(&"name") && fields.contains(&"street"),
        "{answer}"
    );

    let (status, _) = get_json(&app, "/api/v1/products?q=mi%00en", None).await;
    assert!(
        status == StatusCode::OK || status == StatusCode::UNPROCESSABLE_ENTITY,
        "{status}"
    );
    let page = Client::new()
        .get(app.url("/catalog?q=mi%00en"))
        .send()
        .await
        .unwrap();
    assert!(
        page.status().is_success() || page.status().is_client_error(),
        "{}",
        page.status()
    );
}
