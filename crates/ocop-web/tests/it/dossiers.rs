//! `/api/v1/dossiers` over real HTTP: a producer files a dossier with evidence and its
//! self-score, the commune returns it, the producer resubmits, the commune accepts and
//! proposes it; who may do what (403, 404, 409 with the reason, nothing changed); uploads
//! refused before anything is stored.

use ocop_domain::access::Scope;
use ocop_domain::criteria::Library;
use ocop_store::CatalogQuery;
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app, spawn_app_with};

const PRODUCER: &str = "chuthe.dinhtrung@ocop.demo";
const COMMUNE: &str = "xa.binhlieu@ocop.demo";
const PROVINCE: &str = "tinh.quangninh@ocop.demo";
const OTHER_PROVINCE: &str = "tinh.hanoi@ocop.demo";
const CENTRAL: &str = "trunguong@ocop.demo";
const COUNCIL: &str = "hoidong.quangninh@ocop.demo";

async fn call(
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
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn product_of_dinh_trung(app: &TestApp) -> String {
    let query = CatalogQuery {
        text: Some("Miến dong Bình Liêu HTX phát triển Đình Trung".into()),
        page: 1,
        per_page: 5,
        ..Default::default()
    };
    let found = app
        .store
        .search_products(Scope::Everything, &query)
        .await
        .unwrap();
    found
        .items
        .into_iter()
        .find(|p| p.producer_name == "HTX phát triển Đình Trung")
        .unwrap()
        .id
        .to_string()
}

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n".to_vec()
}

async fn upload(
    app: &TestApp,
    token: &str,
    dossier: &str,
    bytes: Vec<u8>,
    name: &str,
    kind: &str,
    criteria: &str,
) -> (StatusCode, Value) {
    let form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        )
        .text("kind", kind.to_owned())
        .text("criteria", criteria.to_owned());
    let response = Client::new()
        .post(app.url(&format!("/api/v1/dossiers/{dossier}/evidence")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn fields(body: &Value) -> Vec<String> {
    body["fields"]
        .as_array()
        .map(|f| {
            f.iter()
                .map(|e| e["field"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The first two criteria of sheet `sheet`.
fn two_criteria(sheet: u64) -> (String, String) {
    let sheet = Library::embedded()
        .version("V2026")
        .unwrap()
        .sheet(sheet as u8)
        .unwrap();
    let leaves = sheet.leaves();
    (
        leaves[0].criterion.id.clone(),
        leaves[1].criterion.id.clone(),
    )
}

/// A draft filed over the API, with its self-score and evidence: ready to submit.
async fn ready_dossier(app: &TestApp, producer: &str) -> Value {
    let product = product_of_dinh_trung(app).await;
    let (status, created) = call(
        app,
        Method::POST,
        "/api/v1/dossiers",
        Some(producer),
        Some(&json!({
            "product_id": product,
            "kind": "first_time",
            "business_plan_results": "Doanh thu tăng 20%",
            "production_plan": "Mở rộng vùng dong riềng",
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let (a, b) = two_criteria(created["sheet"].as_u64().unwrap());
    let (status, scored) = call(
        app,
        Method::PUT,
        &format!("/api/v1/dossiers/{id}/self-score"),
        Some(producer),
        Some(&json!({"revision": created["revision"], "choices": {a.clone(): 1, b.clone(): 1}})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{scored}");
    let (status, body) = upload(
        app,
        producer,
        &id,
        pdf(),
        "dkkd.pdf",
        "business_registration",
        "",
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = upload(
        app,
        producer,
        &id,
        pdf(),
        "hop-dong.pdf",
        "raw_material_contract",
        &format!("{a}, {b}"),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (_, dossier) = call(
        app,
        Method::GET,
        &format!("/api/v1/dossiers/{id}"),
        Some(producer),
        None,
    )
    .await;
    dossier
}

#[tokio::test]
async fn a_dossier_is_filed_returned_resubmitted_accepted_and_proposed() {
    let app = spawn_app().await;
    let producer = app.token(PRODUCER).await;
    let commune = app.token(COMMUNE).await;
    let province = app.token(PROVINCE).await;
    let dossier = ready_dossier(&app, &producer).await;
    let id = dossier["id"].as_str().unwrap().to_owned();
    assert_eq!(dossier["checklist"], json!([]));
    assert_eq!(dossier["evidence"].as_array().unwrap().len(), 2);
    assert_eq!(dossier["actions"], json!(["edit", "submit", "delete"]));
    let path = |action: &str| format!("/api/v1/dossiers/{id}/{action}");

    let (status, filed) = call(
        &app,
        Method::POST,
        &path("submit"),
        Some(&producer),
        Some(&json!({"revision": dossier["revision"]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{filed}");
    assert_eq!(filed["state"], "submitted");
    let receipt = filed["receipt_number"].as_str().unwrap();
    assert!(receipt.contains("/PĐK-22-06838-"), "{receipt}");
    assert_eq!(filed["deadline"]["state"], "on_time");
    assert_eq!(filed["versions"].as_array().unwrap().len(), 1);

    // The commune's inbox lists it.
    let (_, inbox) = call(
        &app,
        Method::GET,
        "/api/v1/dossiers/inbox",
        Some(&commune),
        None,
    )
    .await;
    assert!(
        inbox
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["id"] == id.as_str())
    );

    let (status, returned) = call(
        &app,
        Method::POST,
        &path("return"),
        Some(&commune),
        Some(&json!({
            "revision": filed["revision"],
            "reasons": [{"item": "tiêu chí 1.1", "reason": "Thiếu hợp đồng năm nay"}],
        })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{returned}");
    assert_eq!(
        returned["returns"][0]["reasons"][0]["reason"],
        "Thiếu hợp đồng năm nay"
    );

    let (status, again) = call(
        &app,
        Method::POST,
        &path("resubmit"),
        Some(&producer),
        Some(&json!({"revision": returned["revision"]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["versions"].as_array().unwrap().len(), 2);

    let (status, accepted) = call(
        &app,
        Method::POST,
        &path("accept"),
        Some(&commune),
        Some(&json!({
            "revision": again["revision"],
            "local_raw_materials": "Dong riềng của xã",
            "local_labour": "12 lao động địa phương",
            "idea_origin": "Truyền thống",
            "local_identity": "Miến dong thủ công",
        })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{accepted}");
    assert_eq!(accepted["commune_report"]["idea_origin"], "Truyền thống");

    let today = time::OffsetDateTime::now_utc()
        .to_offset(time::UtcOffset::from_hms(7, 0, 0).unwrap())
        .date()
        .to_string();
    let (status, proposed) = call(
        &app,
        Method::POST,
        &path("propose"),
        Some(&commune),
        Some(&json!({
            "revision": accepted["revision"],
            "letter_number": "45/UBND-KT",
            "letter_date": today,
            "letter_signer": "Chủ tịch UBND xã",
        })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{proposed}");
    assert_eq!(proposed["state"], "proposed");

    // The province reads it with its versions; the list filters by state.
    let (status, seen) = call(
        &app,
        Method::GET,
        &format!("/api/v1/dossiers/{id}"),
        Some(&province),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(seen["versions"][0]["action"], "submit");
    assert_eq!(seen["versions"][1]["action"], "resubmit");
    let (status, page) = call(
        &app,
        Method::GET,
        "/api/v1/dossiers?state=proposed&province=22",
        Some(&province),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["id"] == id.as_str())
    );
    let (status, overview) = call(
        &app,
        Method::GET,
        &format!("/api/v1/dossiers/overview?province=22&year={}", &today[..4]),
        Some(&province),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{overview}");
    assert!(
        overview
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["commune"]["code"] == 6838)
    );
}

#[tokio::test]
async fn who_may_do_what_over_http() {
    let app = spawn_app().await;
    let producer = app.token(PRODUCER).await;
    let commune = app.token(COMMUNE).await;
    let dossier = ready_dossier(&app, &producer).await;
    let id = dossier["id"].as_str().unwrap().to_owned();
    let get = format!("/api/v1/dossiers/{id}");
    // A draft: its producer's alone.
    for (email, expected) in [
        (PRODUCER, StatusCode::OK),
        (COMMUNE, StatusCode::NOT_FOUND),
        (PROVINCE, StatusCode::NOT_FOUND),
        (CENTRAL, StatusCode::NOT_FOUND),
    ] {
        let token = app.token(email).await;
        let (status, _) = call(&app, Method::GET, &get, Some(&token), None).await;
        assert_eq!(status, expected, "{email} reads a draft");
    }
    let (status, filed) = call(
        &app,
        Method::POST,
        &format!("{get}/submit"),
        Some(&producer),
        Some(&json!({"revision": dossier["revision"]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let revision = filed["revision"].clone();
    for (email, expected) in [
        (PRODUCER, StatusCode::OK),
        (COMMUNE, StatusCode::OK),
        (PROVINCE, StatusCode::OK),
        (OTHER_PROVINCE, StatusCode::NOT_FOUND),
        (CENTRAL, StatusCode::OK),
        (COUNCIL, StatusCode::NOT_FOUND),
    ] {
        let token = app.token(email).await;
        let (status, _) = call(&app, Method::GET, &get, Some(&token), None).await;
        assert_eq!(status, expected, "{email} reads a filed dossier");
    }
    let (status, _) = call(&app, Method::GET, &get, None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Accepting: the commune only; the others are refused with the reason, nothing changes.
    let report = json!({
        "revision": revision,
        "local_raw_materials": "a", "local_labour": "b", "idea_origin": "c", "local_identity": "d",
    });
    for (email, expected, code) in [
        (PRODUCER, StatusCode::FORBIDDEN, "forbidden"),
        (PROVINCE, StatusCode::FORBIDDEN, "forbidden"),
        (CENTRAL, StatusCode::FORBIDDEN, "forbidden"),
        (OTHER_PROVINCE, StatusCode::NOT_FOUND, "not_found"),
        (COUNCIL, StatusCode::NOT_FOUND, "not_found"),
    ] {
        let token = app.token(email).await;
        let (status, body) = call(
            &app,
            Method::POST,
            &format!("{get}/accept"),
            Some(&token),
            Some(&report),
        )
        .await;
        assert_eq!(status, expected, "{email} accepts: {body}");
        assert_eq!(body["code"], code);
    }
    let (_, unchanged) = call(&app, Method::GET, &get, Some(&commune), None).await;
    assert_eq!(unchanged["revision"], revision);
    assert_eq!(unchanged["state"], "submitted");

    // Not from this state: 409 with the reason.
    let (status, body) = call(&app, Method::POST, &format!("{get}/propose"), Some(&commune), Some(&json!({
        "revision": revision, "letter_number": "1", "letter_date": "2026-01-01", "letter_signer": "A",
    }))).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], "transition_not_allowed");
    assert!(body["message"].as_str().unwrap().contains("Đã nộp"));

    // Two officials at once: the second, on the revision it saw, is told someone acted first.
    let (status, _) = call(
        &app,
        Method::POST,
        &format!("{get}/accept"),
        Some(&commune),
        Some(&report),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = call(
        &app,
        Method::POST,
        &format!("{get}/return"),
        Some(&commune),
        Some(&json!({
            "revision": revision, "reasons": [{"item": "Mẫu 01", "reason": "Thiếu chữ ký"}],
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], "stale");
    let (_, after) = call(&app, Method::GET, &get, Some(&commune), None).await;
    assert_eq!(after["state"], "accepted");
    assert_eq!(after["returns"], json!([]));

    // Lists: the council has none; bad filters are named.
    let council = app.token(COUNCIL).await;
    let (status, _) = call(&app, Method::GET, "/api/v1/dossiers", Some(&council), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = call(
        &app,
        Method::GET,
        "/api/v1/dossiers?state=done&type=again&year=99&per_page=1000",
        Some(&commune),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut named = fields(&body);
    named.sort();
    assert_eq!(named, ["per_page", "state", "type", "year"]);
}

#[tokio::test]
async fn bad_input_is_refused_before_anything_is_written() {
    let app = spawn_app_with(|config| config.max_upload_bytes = 64 * 1024).await;
    let producer = app.token(PRODUCER).await;
    let product = product_of_dinh_trung(&app).await;
    let (status, created) = call(
        &app,
        Method::POST,
        "/api/v1/dossiers",
        Some(&producer),
        Some(&json!({
            "product_id": product, "kind": "upgrade",
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let files_before = count_files(&app);

    // Over the size limit: 413, nothing stored.
    let (status, body) = upload(
        &app,
        &producer,
        &id,
        vec![b'%'; 70 * 1024],
        "big.pdf",
        "photo",
        "",
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    // Not an accepted type (the name does not matter): 422 naming the file field.
    let (status, body) = upload(
        &app,
        &producer,
        &id,
        b"MZ\x90\x00 program".to_vec(),
        "ok.pdf",
        "photo",
        "",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(fields(&body), ["file"]);
    // A criterion the sheet does not have, an unknown kind.
    let (status, body) = upload(&app, &producer, &id, pdf(), "a.pdf", "passport", "99.9").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let mut named = fields(&body);
    named.sort();
    assert_eq!(named, ["criteria", "kind"]);
    assert_eq!(count_files(&app), files_before);
    let (_, dossier) = call(
        &app,
        Method::GET,
        &format!("/api/v1/dossiers/{id}"),
        Some(&producer),
        None,
    )
    .await;
    assert_eq!(dossier["evidence"], json!([]));
    assert_eq!(dossier["revision"], created["revision"]);

    // Answering a criterion the sheet does not have: 422 naming it.
    let (status, body) = call(
        &app,
        Method::PUT,
        &format!("/api/v1/dossiers/{id}/self-score"),
        Some(&producer),
        Some(&json!({
            "revision": created["revision"], "choices": {"99.9": 1},
        })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(fields(&body), ["choices.99.9"]);
    // Filing with the checklist not empty: 422 with one field per missing item.
    let (status, body) = call(
        &app,
        Method::POST,
        &format!("/api/v1/dossiers/{id}/submit"),
        Some(&producer),
        Some(&json!({"revision": created["revision"]})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let named = fields(&body);
    assert!(
        named.contains(&"checklist.self_score".to_owned()),
        "{named:?}"
    );
    assert!(
        named.contains(&"checklist.document.change_evidence".to_owned()),
        "{named:?}"
    );
    // An unknown field of the form, a missing revision.
    let (status, body) = call(
        &app,
        Method::PUT,
        &format!("/api/v1/dossiers/{id}"),
        Some(&producer),
        Some(&json!({"kind": "upgrade", "colour": "red"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["colour"]);
    let (status, body) = call(
        &app,
        Method::PUT,
        &format!("/api/v1/dossiers/{id}"),
        Some(&producer),
        Some(&json!({"kind": "upgrade"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["revision"]);

    // A draft is deleted; its files held nowhere else go with it.
    let (status, added) = upload(&app, &producer, &id, pdf(), "a.pdf", "change_evidence", "").await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    let (_, dossier) = call(
        &app,
        Method::GET,
        &format!("/api/v1/dossiers/{id}"),
        Some(&producer),
        None,
    )
    .await;
    let served = Client::new()
        .get(app.url(added[0]["url"].as_str().unwrap()))
        .bearer_auth(&producer)
        .send()
        .await
        .unwrap();
    assert_eq!(served.status(), StatusCode::OK);
    assert!(
        served.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(served.bytes().await.unwrap().as_ref(), pdf().as_slice());
    let response = Client::new()
        .delete(app.url(&format!(
            "/api/v1/dossiers/{id}?revision={}",
            dossier["revision"]
        )))
        .bearer_auth(&producer)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(count_files(&app), files_before);
}

fn count_files(app: &TestApp) -> usize {
    fn walk(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| {
                        let path = e.path();
                        if path.is_dir() { walk(&path) } else { 1 }
                    })
                    .sum()
            })
            .unwrap_or(0)
    }
    walk(&app.files_dir())
}
