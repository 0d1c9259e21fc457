//! The API's contract matches its behaviour: the OpenAPI document states the limits the
//! server checks (the same constants), every status an operation answers with, and links
//! from lists and new records to the operations that read and change them; the server
//! refuses what the document refuses (unknown fields, values of another JSON kind, blank
//! parameters that are not empty).

use ocop_domain::identifiers::{GTIN_PATTERN, MAX_EMAIL_CHARS, TAX_CODE_PATTERN};
use ocop_domain::input::InputFields;
use ocop_domain::producer::{self, ProducerInput};
use ocop_domain::product;
use ocop_domain::scoring::MAX_MEMBERS;
use ocop_domain::units::{AdminUnits, MAX_COMMUNE_QUERY_CHARS, Structure};
use ocop_web::api::common::{MAX_PAGE, MAX_PER_PAGE, MAX_QUERY_CHARS};
use ocop_web::routes::scoring::api::{MAX_CODE_CHARS, MAX_KNOCKOUTS, MAX_NAME_CHARS};
use ocop_web::routes::session::api::MAX_PASSWORD_CHARS;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

const CENTRAL: &str = "trunguong@ocop.demo";

async fn document(app: &TestApp) -> Value {
    Client::new()
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn schema<'a>(doc: &'a Value, name: &str) -> &'a Value {
    &doc["components"]["schemas"][name]
}

fn parameter<'a>(doc: &'a Value, path: &str, method: &str, name: &str) -> &'a Value {
    doc["paths"][path][method]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("{method} {path} has no parameter {name}"))
}

/// A parameter's schema, its reference followed.
fn parameter_schema<'a>(doc: &'a Value, path: &str, method: &str, name: &str) -> &'a Value {
    let schema = &parameter(doc, path, method, name)["schema"];
    match schema["$ref"].as_str() {
        Some(reference) => schema_ref(doc, reference),
        None => schema,
    }
}

fn schema_ref<'a>(doc: &'a Value, reference: &str) -> &'a Value {
    let name = reference.strip_prefix("#/components/schemas/").unwrap();
    let found = schema(doc, name);
    assert!(found.is_object(), "{reference} is not in the document");
    found
}

/// Each `(method, path, operation)` of `/api/v1`.
fn operations(doc: &Value) -> Vec<(String, String, &Value)> {
    let mut all = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        if !path.starts_with("/api/v1/") {
            continue;
        }
        for (method, operation) in item.as_object().unwrap() {
            all.push((method.clone(), path.clone(), operation));
        }
    }
    all
}

#[tokio::test]
async fn the_document_states_the_limits_the_server_checks() {
    let app = spawn_app().await;
    let doc = document(&app).await;

    let producer = schema(&doc, "ProducerInput");
    assert_eq!(producer["additionalProperties"], false);
    let props = &producer["properties"];
    assert_eq!(props["name"]["maxLength"], producer::MAX_NAME_CHARS);
    assert_eq!(
        props["representative_name"]["maxLength"],
        producer::MAX_REPRESENTATIVE_NAME_CHARS
    );
    assert_eq!(props["street"]["maxLength"], producer::MAX_STREET_CHARS);
    assert_eq!(props["email"]["maxLength"], MAX_EMAIL_CHARS);
    assert_eq!(props["tax_code"]["pattern"], TAX_CODE_PATTERN);
    assert_eq!(props["tax_code"]["format"], "vn-tax-code");
    assert_eq!(props["unit_code"]["maximum"], producer::MAX_UNIT_CODE);
    assert_eq!(props["community_capital_percent"]["maximum"], 100);
    let required: Vec<&str> = ProducerInput::fields()
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    assert_eq!(producer["required"], json!(required));
    let properties: Vec<&str> = props
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    let mut fields: Vec<&str> = ProducerInput::fields().iter().map(|f| f.name).collect();
    fields.sort();
    assert_eq!(properties, fields);

    let product = schema(&doc, "ProductInput");
    assert_eq!(product["additionalProperties"], false);
    let props = &product["properties"];
    assert_eq!(props["name"]["maxLength"], product::MAX_NAME_CHARS);
    assert_eq!(
        props["description"]["maxLength"],
        product::MAX_DESCRIPTION_CHARS
    );
    assert_eq!(props["story"]["maxLength"], product::MAX_STORY_CHARS);
    assert_eq!(
        props["ingredients"]["maxLength"],
        product::MAX_INGREDIENTS_CHARS
    );
    assert_eq!(
        props["packaging"]["maxLength"],
        product::MAX_PACKAGING_CHARS
    );
    assert_eq!(props["gtin"]["pattern"], GTIN_PATTERN);
    assert_eq!(
        props["classification"]["pattern"],
        product::CLASSIFICATION_PATTERN
    );
    let new_product = schema(&doc, "NewProduct");
    assert_eq!(new_product["additionalProperties"], false);
    assert_eq!(
        new_product["required"],
        json!(["producer_id", "name", "classification"])
    );

    let credentials = schema(&doc, "Credentials");
    assert_eq!(credentials["additionalProperties"], false);
    assert_eq!(
        credentials["properties"]["email"]["maxLength"],
        MAX_EMAIL_CHARS
    );
    assert_eq!(
        credentials["properties"]["password"]["maxLength"],
        MAX_PASSWORD_CHARS
    );

    let provinces: Vec<u32> = AdminUnits::embedded()
        .provinces(Structure::TwoTier)
        .map(|p| p.code)
        .collect();
    for list in ["/api/v1/products", "/api/v1/producers"] {
        assert_eq!(
            parameter(&doc, list, "get", "per_page")["allowEmptyValue"],
            true
        );
        let per_page = parameter_schema(&doc, list, "get", "per_page");
        assert_eq!(per_page["minimum"], 1);
        assert_eq!(per_page["maximum"], MAX_PER_PAGE);
        assert_eq!(
            parameter_schema(&doc, list, "get", "page")["maximum"],
            MAX_PAGE
        );
        assert_eq!(
            parameter_schema(&doc, list, "get", "q")["maxLength"],
            MAX_QUERY_CHARS
        );
        assert_eq!(
            parameter_schema(&doc, list, "get", "province")["enum"],
            json!(provinces)
        );
    }
    assert_eq!(
        parameter_schema(&doc, "/api/v1/products", "get", "stars")["maximum"],
        product::MAX_STARS
    );
    assert_eq!(
        parameter(&doc, "/api/v1/units/search", "get", "q")["required"],
        true
    );
    let search = parameter_schema(&doc, "/api/v1/units/search", "get", "q");
    assert_eq!(search["maxLength"], MAX_COMMUNE_QUERY_CHARS);

    let evaluate = &schema(&doc, "EvaluateRequest");
    assert_eq!(evaluate["additionalProperties"], false);
    assert_eq!(
        evaluate["properties"]["version"]["maxLength"],
        MAX_CODE_CHARS
    );
    assert_eq!(evaluate["properties"]["members"]["maxItems"], MAX_MEMBERS);
    assert_eq!(
        evaluate["properties"]["knockouts"]["maxItems"],
        MAX_KNOCKOUTS
    );
    let member = &schema(&doc, "MemberRequest");
    assert_eq!(member["additionalProperties"], false);
    assert_eq!(member["properties"]["name"]["maxLength"], MAX_NAME_CHARS);
}

#[tokio::test]
async fn every_operation_documents_the_statuses_it_answers_with() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    for (method, path, operation) in operations(&doc) {
        let responses = operation["responses"].as_object().unwrap();
        let has = |status: &str| responses.contains_key(status);
        assert!(has("500"), "{method} {path}");
        for (status, response) in responses {
            if status.starts_with('4') || status.starts_with('5') {
                assert_eq!(
                    response["content"]["application/json"]["schema"]["$ref"],
                    "#/components/schemas/ErrorBody",
                    "{method} {path} {status}"
                );
            }
        }
        if operation.get("requestBody").is_some() {
            for status in ["400", "413", "422"] {
                assert!(has(status), "{method} {path} {status}");
            }
        }
        // An operation only for signed-in callers says so, and answers 401 without a token.
        let security = operation["security"].as_array();
        let public = security.is_none_or(|s| s.iter().any(|r| r.as_object().unwrap().is_empty()));
        if !public {
            assert!(has("401"), "{method} {path}");
        }
    }
}

#[tokio::test]
async fn links_lead_from_lists_and_new_records_to_their_operations() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let ids: Vec<&str> = operations(&doc)
        .iter()
        .filter_map(|(_, _, o)| o["operationId"].as_str())
        .collect();
    let links = |path: &str, method: &str, status: &str| -> Vec<(String, String)> {
        doc["paths"][path][method]["responses"][status]["links"]
            .as_object()
            .unwrap_or_else(|| panic!("{method} {path} {status}: no links"))
            .values()
            .map(|link| {
                let target = link["operationId"].as_str().unwrap().to_owned();
                let id = link["parameters"]["id"].as_str().unwrap().to_owned();
                (target, id)
            })
            .collect()
    };
    let expected = [
        (
            "/api/v1/producers",
            "post",
            "201",
            "get_producer",
            "$response.body#/id",
        ),
        (
            "/api/v1/producers",
            "post",
            "201",
            "update_producer",
            "$response.body#/id",
        ),
        (
            "/api/v1/products",
            "post",
            "201",
            "get_product",
            "$response.body#/id",
        ),
        (
            "/api/v1/products",
            "post",
            "201",
            "update_product",
            "$response.body#/id",
        ),
        (
            "/api/v1/products",
            "post",
            "201",
            "get_producer",
            "$response.body#/producer_id",
        ),
        (
            "/api/v1/producers",
            "get",
            "200",
            "get_producer",
            "$response.body#/items/0/id",
        ),
        (
            "/api/v1/products",
            "get",
            "200",
            "update_product",
            "$response.body#/items/0/id",
        ),
        (
            "/api/v1/products/{id}",
            "get",
            "200",
            "update_product",
            "$response.body#/id",
        ),
    ];
    for (path, method, status, target, id) in expected {
        assert!(ids.contains(&target), "{target}");
        assert!(
            links(path, method, status).contains(&(target.to_owned(), id.to_owned())),
            "{method} {path} {status} → {target}"
        );
    }

    // Followed by hand: the new record's id leads to it.
    let token = app.token(CENTRAL).await;
    let (_, page) = get(&app, "/api/v1/producers?per_page=1", None).await;
    let producer_id = page["items"][0]["id"].as_str().unwrap().to_owned();
    let response = Client::new()
        .post(app.url("/api/v1/products"))
        .bearer_auth(&token)
        .json(&json!({"producer_id": producer_id, "name": "Sản phẩm theo liên kết", "classification": "6"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await.unwrap();
    let (status, read) = get(
        &app,
        &format!("/api/v1/products/{}", created["id"].as_str().unwrap()),
        Some(&token),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(read["name"], "Sản phẩm theo liên kết");
}

async fn get(app: &TestApp, path: &str, token: Option<&str>) -> (StatusCode, Value) {
    let mut request = Client::new().get(app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    (response.status(), response.json().await.unwrap())
}

async fn post(app: &TestApp, path: &str, token: &str, body: &Value) -> (StatusCode, Value) {
    let response = Client::new()
        .post(app.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

fn errors(body: &Value) -> Vec<(String, String)> {
    body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap().to_owned(),
                f["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Before, the server took these bodies although the document refuses them.
#[tokio::test]
async fn unknown_fields_and_values_of_another_kind_are_refused() {
    let app = spawn_app().await;
    let token = app.token(CENTRAL).await;
    let (_, page) = get(&app, "/api/v1/producers?per_page=1", None).await;
    let producer_id = page["items"][0]["id"].as_str().unwrap().to_owned();
    let product = |extra: Value| {
        let mut body =
            json!({"producer_id": producer_id, "name": "Trà thử", "classification": "6"});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };
    let (status, body) = post(
        &app,
        "/api/v1/products",
        &token,
        &product(json!({"colour": "đỏ"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        errors(&body),
        [("colour".to_owned(), "unknown_field".to_owned())]
    );
    let (status, body) = post(
        &app,
        "/api/v1/products",
        &token,
        &product(json!({"story": 5})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        errors(&body),
        [("story".to_owned(), "invalid_type".to_owned())]
    );
    // `null` is an absent field, a number is taken where the document says so.
    let (status, body) = post(
        &app,
        "/api/v1/products",
        &token,
        &product(json!({"story": null, "gtin": null})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    let (status, body) = post(
        &app,
        "/api/v1/session",
        "",
        &json!({"email": CENTRAL, "password": "x".repeat(MAX_PASSWORD_CHARS + 1)}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        errors(&body),
        [("password".to_owned(), "too_long".to_owned())]
    );
}

#[tokio::test]
async fn a_field_at_its_documented_limit_is_taken_and_one_past_it_is_refused() {
    let app = spawn_app().await;
    let token = app.token(CENTRAL).await;
    let (_, page) = get(&app, "/api/v1/producers?per_page=1", None).await;
    let producer_id = page["items"][0]["id"].as_str().unwrap().to_owned();
    for (n, status) in [
        (product::MAX_NAME_CHARS, StatusCode::CREATED),
        (
            product::MAX_NAME_CHARS + 1,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let body =
            json!({"producer_id": producer_id, "name": "ư".repeat(n), "classification": "6"});
        let (got, answer) = post(&app, "/api/v1/products", &token, &body).await;
        assert_eq!(got, status, "{n}: {answer}");
    }
}

/// A parameter sent empty is absent (as a form sends it); one of spaces is a bad value, as
/// the document says (before, `?stars=%20` and `?province=%20` listed everything).
#[tokio::test]
async fn blank_parameters_are_bad_values_and_empty_ones_absent() {
    let app = spawn_app().await;
    for (path, field) in [
        ("/api/v1/products?stars=%20", "stars"),
        ("/api/v1/products?province=%20", "province"),
        ("/api/v1/producers?per_page=%20", "per_page"),
        ("/api/v1/products?group=%20", "group"),
    ] {
        let (status, body) = get(&app, path, None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {body}");
        assert_eq!(errors(&body)[0].0, field, "{path}");
    }
    let (status, _) = get(&app, "/api/v1/products?stars=&province=&q=%20", None).await;
    assert_eq!(status, StatusCode::OK);
}

/// `POST /api/v1/session` answers 400 to a body that is not JSON: documented now.
#[tokio::test]
async fn sign_in_without_json_is_a_documented_400() {
    let app = spawn_app().await;
    let response = Client::new()
        .post(app.url("/api/v1/session"))
        .header("content-type", "text/plain")
        .body("email=x")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let doc = document(&app).await;
    assert!(
        doc["paths"]["/api/v1/session"]["post"]["responses"]
            .get("400")
            .is_some()
    );
}
