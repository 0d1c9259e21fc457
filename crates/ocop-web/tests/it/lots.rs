//! Lots over real HTTP: the authorization matrix of the API (role × own or foreign unit),
//! recall with its 409 on a second try, the EPCIS 2.0 export's structure, the import, and the
//! back-office pages.

use ocop_store::lots::Lot;
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{TestApp, spawn_app};

const PRODUCER: &str = "chuthe.dinhtrung@ocop.demo";

/// The demo producer's Miến dong and its lots (the first active, the second recalled).
async fn mien_dong(app: &TestApp) -> (Uuid, Vec<Lot>) {
    let user = app.store.user_by_email(PRODUCER).await.unwrap().unwrap();
    let products = app
        .store
        .products_of(user.producer_id.unwrap())
        .await
        .unwrap();
    let product = products
        .iter()
        .find(|p| p.data.name.starts_with("Miến dong"))
        .expect("the demo producer's Miến dong");
    let mut lots = app.store.lots_of_product(product.id).await.unwrap();
    lots.sort_by(|a, b| a.lot_number.cmp(&b.lot_number));
    (product.id, lots)
}

fn lot_body(number: &str) -> Value {
    json!({
        "lot_number": number,
        "produced_on": "2026-01-05",
        "expires_on": "2027-01-05",
        "quantity": 500,
        "unit": "gói",
        "materials": "Củ dong riềng | HTX Đồng Văn | Bình Liêu | VietGAP",
    })
}

#[tokio::test]
async fn the_lot_api_decides_by_role_and_unit() {
    let app = spawn_app().await;
    let (product, lots) = mien_dong(&app).await;
    let active = lots[0].id;
    let client = reqwest::Client::new();
    // (account, list/read, create, record an event)
    let rows = [
        ("trunguong@ocop.demo", 200, 403, 403),
        ("tinh.quangninh@ocop.demo", 200, 201, 201),
        ("tinh.hanoi@ocop.demo", 403, 403, 403),
        ("xa.binhlieu@ocop.demo", 200, 201, 201),
        ("hoidong.quangninh@ocop.demo", 403, 403, 403),
        (PRODUCER, 200, 201, 201),
    ];
    for (i, (email, read, create, record)) in rows.into_iter().enumerate() {
        let token = app.token(email).await;
        let list = client
            .get(app.url(&format!("/api/v1/products/{product}/lots")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(list.status().as_u16(), read, "{email} lists");
        let get = client
            .get(app.url(&format!("/api/v1/lots/{active}")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(get.status().as_u16(), read, "{email} reads");
        let created = client
            .post(app.url(&format!("/api/v1/products/{product}/lots")))
            .bearer_auth(&token)
            .json(&lot_body(&format!("API-{i}")))
            .send()
            .await
            .unwrap();
        assert_eq!(created.status().as_u16(), create, "{email} creates");
        let event = client
            .post(app.url(&format!("/api/v1/lots/{active}/events")))
            .bearer_auth(&token)
            .json(&json!({"biz_step": "receiving", "quantity": "10"}))
            .send()
            .await
            .unwrap();
        assert_eq!(event.status().as_u16(), record, "{email} records");
        // A lab test report: the same rule as an event.
        let test = client
            .post(app.url(&format!("/api/v1/lots/{active}/tests")))
            .bearer_auth(&token)
            .json(&json!({
                "lab_name": format!("Phòng thử nghiệm {i}"),
                "tested_on": "2026-02-01",
                "results": "Độ ẩm | 11.5 | %\nChì | không phát hiện",
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(test.status().as_u16(), record, "{email} adds a lab test");
        if record == 201 {
            let body: Value = test.json().await.unwrap();
            assert_eq!(body["tested_on"], "2026-02-01");
            assert_eq!(body["results"][1]["name"], "Chì");
            assert_eq!(body["file_url"], Value::Null);
        }
        if create == 201 {
            let body: Value = created.json().await.unwrap();
            assert_eq!(body["status"], "active");
            assert_eq!(body["produced_on"], "2026-01-05");
        }
    }
    // Anonymous callers are asked to sign in; an unknown lot is unknown.
    let anonymous = client
        .get(app.url(&format!("/api/v1/lots/{active}")))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let token = app.token(PRODUCER).await;
    let unknown = client
        .get(app.url(&format!("/api/v1/lots/{}", Uuid::nil())))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    // The full lot: materials, tests, events.
    let read_lot = async || -> Value {
        client
            .get(app.url(&format!("/api/v1/lots/{active}")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    };
    let lot = read_lot().await;
    assert_eq!(lot["lot_number"], "MD-2026-01");
    assert_eq!(lot["materials"][0]["name"], "Củ dong riềng");
    assert_eq!(lot["tests"][0]["results"].as_array().unwrap().len(), 3);
    let added = lot["tests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| {
            t["lab_name"]
                .as_str()
                .unwrap()
                .starts_with("Phòng thử nghiệm")
        })
        .count();
    assert_eq!(
        added, 3,
        "the three accounts that may record added one each"
    );
    let bad_test = client
        .post(app.url(&format!("/api/v1/lots/{active}/tests")))
        .bearer_auth(&token)
        .json(&json!({"lab_name": "", "tested_on": "mai", "results": ""}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad_test.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = bad_test.json().await.unwrap();
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"lab_name") && fields.contains(&"tested_on"),
        "{body}"
    );
    // With its file (multipart), as the lot's page takes it: a PDF is kept and served; a
    // file neither PDF nor photo is refused at the field, nothing added.
    let upload = |file: &'static [u8]| {
        let form = reqwest::multipart::Form::new()
            .text("lab_name", "Quatest 3")
            .text("tested_on", "2026-02-02")
            .text("results", "Độ ẩm | 11 | %")
            .part(
                "file",
                reqwest::multipart::Part::bytes(file).file_name("phieu.pdf"),
            );
        client
            .post(app.url(&format!("/api/v1/lots/{active}/tests/upload")))
            .bearer_auth(&token)
            .multipart(form)
            .send()
    };
    let refused = upload(b"").await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = upload(b"not a report").await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["fields"][0]["field"], "file", "{body}");
    let pdf: &'static [u8] = b"%PDF-1.4\n% a lab's report\n";
    let added = upload(pdf).await.unwrap();
    assert_eq!(added.status(), StatusCode::CREATED);
    let body: Value = added.json().await.unwrap();
    let file_url = body["file_url"].as_str().expect("a file_url").to_owned();
    let session = app.login(PRODUCER).await;
    let served = session.get(app.url(&file_url)).send().await.unwrap();
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.bytes().await.unwrap().as_ref(), pdf);
    let with_file = |lot: &Value| {
        lot["tests"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["lab_name"] == "Quatest 3")
            .count()
    };
    assert_eq!(
        with_file(&read_lot().await),
        1,
        "the refused upload added a test"
    );
    assert_eq!(lot["events"][0]["biz_step"], "commissioning");
    // Bad input names its fields; a lot number is unique within the product.
    let bad = client
        .post(app.url(&format!("/api/v1/products/{product}/lots")))
        .bearer_auth(&token)
        .json(&json!({"lot_number": "lô 1", "produced_on": "hôm qua", "quantity": 0, "unit": "gói", "colour": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = bad.json().await.unwrap();
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["colour"], "unknown fields are refused first");
    let taken = client
        .post(app.url(&format!("/api/v1/products/{product}/lots")))
        .bearer_auth(&token)
        .json(&lot_body("MD-2026-01"))
        .send()
        .await
        .unwrap();
    assert_eq!(taken.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = taken.json().await.unwrap();
    assert_eq!(body["fields"][0]["field"], "lot_number");
}

#[tokio::test]
async fn a_recall_is_done_once_and_refused_after() {
    let app = spawn_app().await;
    let (_, lots) = mien_dong(&app).await;
    let (active, recalled) = (lots[0].id, lots[1].id);
    let client = reqwest::Client::new();
    let officer = app.token("xa.binhlieu@ocop.demo").await;
    let council = app.token("hoidong.quangninh@ocop.demo").await;
    let recall = |token: String, id: Uuid, reason: &'static str| {
        let client = client.clone();
        let url = app.url(&format!("/api/v1/lots/{id}/recall"));
        async move {
            client
                .post(url)
                .bearer_auth(token)
                .json(&json!({ "reason": reason }))
                .send()
                .await
                .unwrap()
        }
    };
    let refused = recall(council, active, "Nghi nhiễm khuẩn").await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let blank = recall(officer.clone(), active, "   ").await;
    assert_eq!(blank.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = blank.json().await.unwrap();
    assert_eq!(body["fields"][0]["field"], "reason");
    assert_eq!(app.store.lot(active).await.unwrap().status.key(), "active");

    let done = recall(officer.clone(), active, "Nghi nhiễm khuẩn").await;
    assert_eq!(done.status(), StatusCode::OK);
    let body: Value = done.json().await.unwrap();
    assert_eq!(body["status"], "recalled");
    assert_eq!(body["recall_reason"], "Nghi nhiễm khuẩn");
    for id in [active, recalled] {
        let again = recall(officer.clone(), id, "Lần nữa").await;
        assert_eq!(again.status(), StatusCode::CONFLICT, "{id}");
        let body: Value = again.json().await.unwrap();
        assert_eq!(body["code"], "state_conflict");
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .contains("đã được thu hồi")
        );
    }
    // Goods of a recalled lot do not go back on the market.
    let shipped = client
        .post(app.url(&format!("/api/v1/lots/{active}/events")))
        .bearer_auth(&officer)
        .json(&json!({"biz_step": "shipping"}))
        .send()
        .await
        .unwrap();
    assert_eq!(shipped.status(), StatusCode::CONFLICT);
}

/// The fields EPCIS 2.0's JSON schema requires (gs1/EPCIS `EPCIS-JSON-Schema.json`): of the
/// document, of every event, of an ObjectEvent, and of the parts the export writes.
#[tokio::test]
async fn the_epcis_export_has_the_structure_of_epcis_2() {
    let app = spawn_app().await;
    let (_, lots) = mien_dong(&app).await;
    let token = app.token(PRODUCER).await;
    let client = reqwest::Client::new();
    // A correction, so that an error declaration is exported too.
    let events = app.store.lot_events(lots[0].id).await.unwrap();
    let shipping = events
        .iter()
        .find(|e| e.biz_step.key() == "shipping")
        .unwrap();
    let corrected = client
        .post(app.url(&format!("/api/v1/lots/{}/events", lots[0].id)))
        .bearer_auth(&token)
        .json(&json!({
            "biz_step": "shipping", "quantity": 750,
            "corrects": shipping.id.to_string(),
            "correction_reason": "Số lượng xuất là 750 gói",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(corrected.status(), StatusCode::CREATED);
    for lot in &lots {
        let response = client
            .get(app.url(&format!("/api/v1/lots/{}/epcis", lot.id)))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let header = |name: &str| response.headers()[name].to_str().unwrap().to_owned();
        assert_eq!(header("gs1-epcis-version"), "2.0.0");
        assert_eq!(header("gs1-cbv-version"), "2.0.0");
        assert!(header("content-type").starts_with("application/ld+json"));
        let doc: Value = response.json().await.unwrap();
        for field in [
            "@context",
            "type",
            "schemaVersion",
            "creationDate",
            "epcisBody",
        ] {
            assert!(doc.get(field).is_some(), "document lacks {field}");
        }
        assert_eq!(
            doc["@context"][0],
            "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
        );
        assert_eq!(doc["type"], "EPCISDocument");
        assert_eq!(doc["schemaVersion"], "2.0");
        let list = doc["epcisBody"]["eventList"].as_array().unwrap();
        assert!(!list.is_empty());
        for event in list {
            assert_object_event(event);
        }
        assert_eq!(list[0]["action"], "ADD");
        assert_eq!(list[0]["bizStep"], "commissioning");
        if lot.status.key() == "recalled" {
            assert_eq!(list.last().unwrap()["disposition"], "recalled");
        }
    }
    let doc: Value = client
        .get(app.url(&format!("/api/v1/lots/{}/epcis", lots[0].id)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let declared = doc["epcisBody"]["eventList"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e.get("errorDeclaration").is_some())
        .expect("the corrected event is declared in error");
    assert_eq!(declared["eventID"], format!("urn:uuid:{}", shipping.id));
    // A foreign province's official may not export it.
    let foreign = client
        .get(app.url(&format!("/api/v1/lots/{}/epcis", lots[0].id)))
        .bearer_auth(app.token("tinh.hanoi@ocop.demo").await)
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), StatusCode::FORBIDDEN);
}

fn assert_object_event(e: &Value) {
    let text = |f: &str| e[f].as_str().unwrap_or_else(|| panic!("{f} in {e}"));
    assert_eq!(text("type"), "ObjectEvent");
    // Every event: type, eventTime, eventTimeZoneOffset; an ObjectEvent: action, and what it
    // is about (epcList or quantityList).
    time::OffsetDateTime::parse(
        text("eventTime"),
        &time::format_description::well_known::Rfc3339,
    )
    .expect("eventTime is a date-time");
    assert_eq!(text("eventTimeZoneOffset"), "+07:00");
    assert!(["ADD", "OBSERVE", "DELETE"].contains(&text("action")));
    assert!(e["epcList"].is_array());
    assert!(
        !e["epcList"].as_array().unwrap().is_empty() || e["quantityList"].is_array(),
        "{e}"
    );
    for q in e["quantityList"].as_array().into_iter().flatten() {
        assert!(
            q["epcClass"].is_string(),
            "quantityElement without epcClass"
        );
        if let Some(n) = q.get("quantity") {
            assert!(n.as_f64().is_some_and(|n| n > 0.0));
        }
    }
    assert!(text("eventID").starts_with("urn:uuid:"));
    time::OffsetDateTime::parse(
        text("recordTime"),
        &time::format_description::well_known::Rfc3339,
    )
    .expect("recordTime is a date-time");
    for place in ["readPoint", "bizLocation"] {
        if let Some(p) = e.get(place) {
            assert!(p["id"].is_string(), "{place} without id");
        }
    }
    // ILMD rides only on ADD.
    assert_eq!(e.get("ilmd").is_some(), text("action") == "ADD", "{e}");
    if let Some(declaration) = e.get("errorDeclaration") {
        assert!(declaration["declarationTime"].is_string());
        assert!(declaration["correctiveEventIDs"].is_array());
    }
}

#[tokio::test]
async fn lots_import_all_rows_or_none() {
    let app = spawn_app().await;
    let (product, _) = mien_dong(&app).await;
    let token = app.token(PRODUCER).await;
    let client = reqwest::Client::new();
    let import = |csv: String| {
        let client = client.clone();
        let url = app.url("/api/v1/lots/import");
        let token = token.clone();
        async move {
            let form = reqwest::multipart::Form::new().part(
                "file",
                reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("lo.csv"),
            );
            client
                .post(url)
                .bearer_auth(token)
                .multipart(form)
                .send()
                .await
                .unwrap()
        }
    };
    let header = "Mã sản phẩm,Số lô,Ngày sản xuất,Số lượng,Đơn vị tính\n";
    let bad =
        format!("{header}{product},IMP-1,2026-01-02,100,gói\n{product},IMP-2,2026-02-30,100,gói\n");
    let response = import(bad).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["written"], 0);
    assert_eq!(body["errors"][0]["row"], 3);
    assert_eq!(body["errors"][0]["column"], "Ngày sản xuất");
    let before = app.store.lots_of_product(product).await.unwrap().len();
    let good =
        format!("{header}{product},IMP-1,2026-01-02,100,gói\n{product},IMP-2,02/01/2026,40,kg\n");
    let body: Value = import(good).await.json().await.unwrap();
    assert_eq!(body["written"], 2);
    assert_eq!(
        app.store.lots_of_product(product).await.unwrap().len(),
        before + 2
    );
    // Council members do not import lots.
    let council = client
        .post(app.url("/api/v1/lots/import"))
        .bearer_auth(app.token("hoidong.quangninh@ocop.demo").await)
        .multipart(reqwest::multipart::Form::new().text("dry_run", "1"))
        .send()
        .await
        .unwrap();
    assert_eq!(council.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_upload_that_is_not_multipart_is_a_json_bad_request() {
    let app = spawn_app().await;
    let token = app.token(PRODUCER).await;
    let answer = reqwest::Client::new()
        .post(app.url("/api/v1/lots/import"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["code"], "bad_request");
}

#[tokio::test]
async fn the_lot_pages_list_create_and_recall() {
    let app = spawn_app().await;
    let (product, lots) = mien_dong(&app).await;
    let browser = app.login(PRODUCER).await;
    let page = browser
        .get(app.url(&format!("/admin/products/{product}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("/admin/products/{product}/lots")));
    let list = browser
        .get(app.url(&format!("/admin/products/{product}/lots")))
        .send()
        .await
        .unwrap();
    assert_eq!(list.status(), StatusCode::OK);
    let list = list.text().await.unwrap();
    assert!(list.contains("MD-2026-01") && list.contains("Đã thu hồi"));
    let recalled = browser
        .get(app.url(&format!("/admin/lots/{}", lots[1].id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(recalled.contains("lot-recall-banner"));
    assert!(recalled.contains("Minh họa: một số gói bị ẩm"));

    // A bad form comes back with its errors (422); a good one makes the lot.
    let form = |number: &str, quantity: &str| {
        vec![
            ("lot_number".to_owned(), number.to_owned()),
            ("produced_on".to_owned(), "2026-01-10".to_owned()),
            ("quantity".to_owned(), quantity.to_owned()),
            ("unit".to_owned(), "gói".to_owned()),
            (
                "materials".to_owned(),
                "Củ dong riềng | HTX | Bình Liêu | VietGAP".to_owned(),
            ),
        ]
    };
    let url = app.url(&format!("/admin/products/{product}/lots"));
    let bad = browser
        .post(&url)
        .form(&form("WEB-1", "không"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.text()
            .await
            .unwrap()
            .contains("Số lượng phải là số nguyên")
    );
    let made = browser
        .post(&url)
        .form(&form("WEB-1", "300"))
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    let location = made.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/admin/lots/"));
    let lot_id = location
        .trim_start_matches("/admin/lots/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();

    // Recall through the page; a second recall answers 409 with the reason.
    let recall_url = app.url(&format!("/admin/lots/{lot_id}/recall"));
    let done = browser
        .post(&recall_url)
        .form(&[("reason", "Bao bì lỗi")])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    let again = browser
        .post(&recall_url)
        .form(&[("reason", "Bao bì lỗi")])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert!(again.text().await.unwrap().contains("đã được thu hồi"));

    // Outside the unit: another province's officer is refused, the council too.
    for email in ["tinh.hanoi@ocop.demo", "hoidong.quangninh@ocop.demo"] {
        let other = app.login(email).await;
        let response = other
            .get(app.url(&format!("/admin/lots/{lot_id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{email}");
    }
}
