//! The yearly cycle over real HTTP: the demo's Quảng Ninh 2026 cycle and its counts, ideas
//! and business plans through the API and the pages, the authorization matrix (another
//! commune's producer and officer, another province), bounded input and the plan's file.

use ocop_domain::access::{Role, Scope};
use ocop_store::demo::DEMO_PASSWORD;
use ocop_store::producers::ProducerQuery;
use ocop_store::users::NewUser;
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

const CENTRAL: &str = "trunguong@ocop.demo";
const QUANG_NINH: &str = "tinh.quangninh@ocop.demo";
const HA_NOI: &str = "tinh.hanoi@ocop.demo";
const BINH_LIEU: &str = "xa.binhlieu@ocop.demo";
const COUNCIL: &str = "hoidong.quangninh@ocop.demo";
const PRODUCER: &str = "chuthe.dinhtrung@ocop.demo";
/// Accounts the test adds: an officer and a producer of another commune of the province.
const HA_LONG: &str = "xa.halong@example.vn";
const HA_LONG_PRODUCER: &str = "chuthe.halong@example.vn";
const BINH_LIEU_CODE: u64 = 6838;
const HA_LONG_CODE: u32 = 6688;

async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = Client::new()
        .request(method, app.url(path))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn get(app: &TestApp, path: &str, token: &str) -> (StatusCode, Value) {
    call(app, Method::GET, path, token, None).await
}

async fn post(app: &TestApp, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
    call(app, Method::POST, path, token, Some(body)).await
}

/// Adds the officer of Hạ Long and an account for one of its producers.
async fn other_commune_accounts(app: &TestApp) {
    let (producers, _) = app
        .store
        .list_producers(
            Scope::Commune(HA_LONG_CODE),
            &ProducerQuery {
                page: 1,
                per_page: 1,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let system = ocop_store::AuditActor::system("test");
    for (email, role, unit, producer) in [
        (HA_LONG, Role::Commune, Some(HA_LONG_CODE), None),
        (
            HA_LONG_PRODUCER,
            Role::Producer,
            None,
            Some(producers[0].id),
        ),
    ] {
        app.store
            .create_user(
                &system,
                NewUser {
                    email: email.into(),
                    display_name: email.into(),
                    password: DEMO_PASSWORD.into(),
                    role,
                    unit_code: unit,
                    producer_id: producer,
                },
            )
            .await
            .unwrap();
    }
}

fn new_idea(name: &str) -> Value {
    json!({
        "year": 2026,
        "product_name": name,
        "raw_materials": "Củ dong riềng",
        "market": "Trong tỉnh",
        "help": "design,training"
    })
}

fn new_plan(idea: &str) -> Value {
    json!({
        "idea_id": idea,
        "title": "Phương án thử",
        "summary": "Tóm tắt",
        "goals": "Mục tiêu",
        "investment": 250_000_000_000i64,
        "timeline": "Quý 4",
        "market": "Trong tỉnh"
    })
}

async fn demo_cycle(app: &TestApp, token: &str) -> Value {
    let (status, list) = get(app, "/api/v1/cycles", token).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let id = list["items"][0]["id"].as_str().unwrap().to_owned();
    let (status, cycle) = get(app, &format!("/api/v1/cycles/{id}"), token).await;
    assert_eq!(status, StatusCode::OK, "{cycle}");
    cycle
}

#[tokio::test]
async fn the_demo_cycle_counts_each_step_per_commune() {
    let app = spawn_app().await;
    let province = app.token(QUANG_NINH).await;
    let cycle = demo_cycle(&app, &province).await;
    assert_eq!(
        (cycle["year"].as_i64(), cycle["workflow_version"].as_str()),
        (Some(2026), Some("V2026"))
    );
    assert_eq!(cycle["steps"].as_array().unwrap().len(), 6);
    let binh_lieu = cycle["communes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["commune"]["code"].as_u64() == Some(BINH_LIEU_CODE))
        .unwrap();
    // Seven ideas not withdrawn, four screened, two selected, two declined; two plans
    // submitted, one approved with three support records.
    let counts: Vec<i64> = [
        "ideas_filed",
        "ideas_screened",
        "ideas_selected",
        "ideas_declined",
        "plans_submitted",
        "plans_approved",
        "support_records",
        "support_cost",
    ]
    .iter()
    .map(|k| binh_lieu[k].as_i64().unwrap())
    .collect();
    assert_eq!(counts, [7, 4, 2, 2, 2, 1, 3, 50_000_000]);
    assert_eq!(cycle["total"]["support_cost"], 50_000_000);
    // The evaluation step: the year's dossiers, as the dossier overview counts them.
    let (status, overview) = get(
        &app,
        "/api/v1/dossiers/overview?province=22&year=2026",
        &province,
    )
    .await;
    assert_eq!(status.as_u16(), 200);
    let by_state = overview
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["commune"]["code"].as_u64() == Some(BINH_LIEU_CODE))
        .unwrap()["by_state"]
        .clone();
    let of = |states: &[&str]| -> i64 {
        states
            .iter()
            .map(|s| by_state[*s].as_i64().unwrap_or(0))
            .sum()
    };
    let filed = of(&[
        "submitted",
        "returned",
        "resubmitted",
        "accepted",
        "proposed",
    ]);
    assert!(filed > 0, "the demo files dossiers in Bình Liêu");
    assert_eq!(binh_lieu["dossiers_filed"].as_i64(), Some(filed));
    assert_eq!(
        binh_lieu["dossiers_accepted"].as_i64(),
        Some(of(&["accepted", "proposed"]))
    );
    assert_eq!(
        binh_lieu["dossiers_proposed"].as_i64(),
        Some(of(&["proposed"]))
    );
    // Every role of the province reads it; Hà Nội does not even see it; the central unit does.
    let id = cycle["id"].as_str().unwrap();
    for (who, expected) in [
        (HA_NOI, 404),
        (CENTRAL, 200),
        (PRODUCER, 200),
        (COUNCIL, 200),
    ] {
        let (status, _) = get(&app, &format!("/api/v1/cycles/{id}"), &app.token(who).await).await;
        assert_eq!(status.as_u16(), expected, "{who}");
    }
    let (status, _) = Client::new()
        .get(app.url("/api/v1/cycles"))
        .send()
        .await
        .map(|r| (r.status(), ()))
        .unwrap();
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // The page, on a phone or not, and the dashboards that lead to it.
    let browser = app.login(QUANG_NINH).await;
    let page = browser
        .get(app.url(&format!("/admin/cycles/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Bình Liêu") && html.contains("50.000.000 đ"),
        "{html}"
    );
    let dashboard = browser
        .get(app.url("/admin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(dashboard.contains(&format!("/admin/cycles/{id}")));
    assert!(dashboard.contains("/admin/plans?state=submitted"));
    let commune = app.login(BINH_LIEU).await;
    let dashboard = commune
        .get(app.url("/admin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        dashboard.contains(&format!("/admin/cycles/{id}"))
            && dashboard.contains("/admin/ideas?state=filed")
    );
    let inbox = commune
        .get(app.url("/admin/ideas?state=filed"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(inbox.contains("Tinh bột dong riềng (minh họa)"), "{inbox}");
    let hanoi = app.login(HA_NOI).await;
    let refused = hanoi
        .get(app.url(&format!("/admin/cycles/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn opening_a_cycle_is_the_provinces_own_and_once_a_year() {
    let app = spawn_app().await;
    let body = || {
        let d = |md: &str| format!("2027-{md}");
        json!({
            "year": 2027,
            "promotion_start": d("01-05"), "promotion_end": d("03-31"),
            "ideas_start": d("03-01"), "ideas_end": d("05-31"),
            "business_plans_start": d("06-01"), "business_plans_end": d("08-31"),
            "implementation_start": d("07-01"), "implementation_end": d("12-31"),
            "evaluation_start": d("07-01"), "evaluation_end": d("08-31"),
            "trade_promotion_start": d("01-05"), "trade_promotion_end": d("12-31")
        })
    };
    for (who, expected) in [
        (CENTRAL, 403),
        (BINH_LIEU, 403),
        (PRODUCER, 403),
        (COUNCIL, 403),
    ] {
        let (status, error) = post(&app, "/api/v1/cycles", &app.token(who).await, body()).await;
        assert_eq!(status.as_u16(), expected, "{who}: {error}");
    }
    let province = app.token(QUANG_NINH).await;
    let (status, created) = post(&app, "/api/v1/cycles", &province, body()).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let (status, error) = post(&app, "/api/v1/cycles", &province, body()).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::CONFLICT, Some("state_conflict"))
    );
    // Hà Nội opens its own; it cannot touch Quảng Ninh's.
    let hanoi = app.token(HA_NOI).await;
    let (status, _) = post(&app, "/api/v1/cycles", &hanoi, body()).await;
    assert_eq!(status, StatusCode::CREATED);
    let id = created["id"].as_str().unwrap();
    let (status, _) = call(
        &app,
        Method::PUT,
        &format!("/api/v1/cycles/{id}"),
        &hanoi,
        Some(body()),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Bad dates name their fields; a historical version is taken.
    let mut bad = body();
    bad["ideas_end"] = json!("2027-02-30");
    bad["workflow_version"] = json!("V2023");
    bad["surprise"] = json!(1);
    let (status, error) = call(
        &app,
        Method::PUT,
        &format!("/api/v1/cycles/{id}"),
        &province,
        Some(bad),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    let mut old = body();
    old["workflow_version"] = json!("V2023");
    let (status, changed) = call(
        &app,
        Method::PUT,
        &format!("/api/v1/cycles/{id}"),
        &province,
        Some(old),
    )
    .await;
    assert_eq!(
        (status, changed["workflow_version"].as_str()),
        (StatusCode::OK, Some("V2023"))
    );
}

/// Who may do what to an idea and a plan of Bình Liêu: its producer, its commune officer and
/// its province act within their part; another commune's producer and officer and another
/// province do not see them (404); a role that does not do the action is refused (403); a
/// state that does not allow it answers 409 with the reason. Nothing refused changes anything.
#[tokio::test]
async fn the_authorization_matrix_of_ideas_and_plans() {
    let app = spawn_app().await;
    other_commune_accounts(&app).await;
    let producer = app.token(PRODUCER).await;
    let (status, idea) = post(
        &app,
        "/api/v1/ideas",
        &producer,
        new_idea("Miến dong ma trận"),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{idea}");
    let idea = idea["id"].as_str().unwrap().to_owned();
    let province = app.token(QUANG_NINH).await;
    let (_, approved) = get(&app, "/api/v1/business-plans?state=approved", &province).await;
    let plan = approved["items"][0]["id"].as_str().unwrap().to_owned();
    let audit_before = app.store.verify_audit_chain().await.unwrap();

    let i = |action: &str| format!("/api/v1/ideas/{idea}/{action}");
    let p = |action: &str| format!("/api/v1/business-plans/{plan}/{action}");
    let support = json!({"kind": "training", "given_on": "2026-11-02", "description": "Tập huấn", "cost": 1000000, "funding_source": "commune_budget"});
    // (who, method, path, body, status)
    let rows: Vec<(&str, Method, String, Value, u16)> = vec![
        (
            PRODUCER,
            Method::GET,
            format!("/api/v1/ideas/{idea}"),
            Value::Null,
            200,
        ),
        (
            BINH_LIEU,
            Method::GET,
            format!("/api/v1/ideas/{idea}"),
            Value::Null,
            200,
        ),
        (
            CENTRAL,
            Method::GET,
            format!("/api/v1/ideas/{idea}"),
            Value::Null,
            200,
        ),
        (
            HA_LONG_PRODUCER,
            Method::GET,
            format!("/api/v1/ideas/{idea}"),
            Value::Null,
            404,
        ),
        (
            HA_LONG,
            Method::GET,
            format!("/api/v1/ideas/{idea}"),
            Value::Null,
            404,
        ),
        (
            HA_NOI,
            Method::GET,
            format!("/api/v1/ideas/{idea}"),
            Value::Null,
            404,
        ),
        (
            HA_LONG_PRODUCER,
            Method::POST,
            i("withdraw"),
            json!({}),
            404,
        ),
        (HA_LONG, Method::POST, i("screen"), json!({}), 404),
        (HA_NOI, Method::POST, i("select"), json!({}), 404),
        (PRODUCER, Method::POST, i("screen"), json!({}), 403),
        (QUANG_NINH, Method::POST, i("screen"), json!({}), 403),
        (CENTRAL, Method::POST, i("select"), json!({}), 403),
        (BINH_LIEU, Method::POST, i("select"), json!({}), 403),
        (BINH_LIEU, Method::POST, i("withdraw"), json!({}), 403),
        (QUANG_NINH, Method::POST, i("select"), json!({}), 409),
        (
            BINH_LIEU,
            Method::POST,
            i("decline"),
            json!({"reason": " "}),
            422,
        ),
        (
            PRODUCER,
            Method::GET,
            format!("/api/v1/business-plans/{plan}"),
            Value::Null,
            200,
        ),
        (
            HA_LONG,
            Method::GET,
            format!("/api/v1/business-plans/{plan}"),
            Value::Null,
            404,
        ),
        (
            HA_LONG_PRODUCER,
            Method::GET,
            format!("/api/v1/business-plans/{plan}"),
            Value::Null,
            404,
        ),
        (
            HA_NOI,
            Method::GET,
            format!("/api/v1/business-plans/{plan}"),
            Value::Null,
            404,
        ),
        (HA_LONG, Method::POST, p("support"), support.clone(), 404),
        (HA_NOI, Method::POST, p("approve"), json!({}), 404),
        (PRODUCER, Method::POST, p("approve"), json!({}), 403),
        (PRODUCER, Method::POST, p("support"), support.clone(), 403),
        (
            PRODUCER,
            Method::POST,
            p("comments"),
            json!({"text": "x"}),
            403,
        ),
        (CENTRAL, Method::POST, p("support"), support.clone(), 403),
        (QUANG_NINH, Method::POST, p("approve"), json!({}), 409),
        (PRODUCER, Method::POST, p("submit"), json!({}), 409),
        (
            PRODUCER,
            Method::PUT,
            format!("/api/v1/business-plans/{plan}"),
            json!({"title": "x", "summary": "x", "goals": "x", "investment": 1, "timeline": "x", "market": "x"}),
            409,
        ),
    ];
    for (who, method, path, body, expected) in rows {
        let token = app.token(who).await;
        let body = (!body.is_null()).then_some(body);
        let (status, answer) = call(&app, method.clone(), &path, &token, body).await;
        assert_eq!(status.as_u16(), expected, "{who} {method} {path}: {answer}");
        if status.is_client_error() {
            assert!(
                !answer["message"].as_str().unwrap_or_default().is_empty(),
                "{answer}"
            );
        }
    }
    assert_eq!(
        app.store.verify_audit_chain().await.unwrap(),
        audit_before,
        "refusals write nothing"
    );

    // The way through, each by its own.
    let commune = app.token(BINH_LIEU).await;
    let (status, screened) = post(
        &app,
        &i("screen"),
        &commune,
        json!({"reason": "Đủ điều kiện"}),
    )
    .await;
    assert_eq!(
        (status, screened["state"].as_str()),
        (StatusCode::OK, Some("screened"))
    );
    let (status, _) = post(&app, &i("withdraw"), &producer, json!({})).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "forwarded: no longer the producer's to withdraw"
    );
    let (status, _) = post(&app, &i("select"), &province, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    let (status, plan) = post(&app, "/api/v1/business-plans", &producer, new_plan(&idea)).await;
    assert_eq!(status, StatusCode::CREATED, "{plan}");
    assert_eq!(
        plan["investment"], 250_000_000_000i64,
        "i64 đồng beyond u32"
    );
    let (status, _) = post(&app, "/api/v1/business-plans", &producer, new_plan(&idea)).await;
    assert_eq!(status, StatusCode::CONFLICT, "one plan per idea");
    let id = plan["id"].as_str().unwrap();
    let (status, _) = post(
        &app,
        &format!("/api/v1/business-plans/{id}/submit"),
        &producer,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = post(
        &app,
        &format!("/api/v1/business-plans/{id}/return"),
        &province,
        json!({}),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reason is needed"
    );
    let (status, returned) = post(
        &app,
        &format!("/api/v1/business-plans/{id}/return"),
        &province,
        json!({"text": "Bổ sung thị trường"}),
    )
    .await;
    assert_eq!(
        (status, returned["state"].as_str()),
        (StatusCode::OK, Some("returned"))
    );
    let (status, _) = post(
        &app,
        &format!("/api/v1/business-plans/{id}/submit"),
        &producer,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = post(
        &app,
        &format!("/api/v1/business-plans/{id}/approve"),
        &province,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, record) = post(
        &app,
        &format!("/api/v1/business-plans/{id}/support"),
        &commune,
        support,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{record}");
    let (_, detail) = get(&app, &format!("/api/v1/business-plans/{id}"), &producer).await;
    assert_eq!(
        (
            detail["support_total"].as_i64(),
            detail["support"].as_array().map(Vec::len)
        ),
        (Some(1_000_000), Some(1))
    );
    let (_, mine) = get(&app, "/api/v1/ideas?state=selected", &producer).await;
    assert!(
        mine["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["producer_id"].is_string())
    );
}

#[tokio::test]
async fn bad_input_is_named_and_bounded() {
    let app = spawn_app().await;
    let producer = app.token(PRODUCER).await;
    let mut long = new_idea(&"M".repeat(201));
    long["help"] = json!("design,cooking");
    long["colour"] = json!("đỏ");
    let (status, error) = post(&app, "/api/v1/ideas", &producer, long).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(error["fields"][0]["field"], "colour");
    let mut long = new_idea(&"M".repeat(201));
    long["help"] = json!("design,cooking");
    let (status, error) = post(&app, "/api/v1/ideas", &producer, long).await;
    let fields: Vec<&str> = error["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        fields.contains(&"product_name") && fields.contains(&"help"),
        "{error}"
    );
    let mut no_cycle = new_idea("Miến");
    no_cycle["year"] = json!(2031);
    let (status, error) = post(&app, "/api/v1/ideas", &producer, no_cycle).await;
    assert_eq!(
        (status, error["fields"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("year"))
    );
    for query in [
        "state=done",
        "per_page=1000",
        "commune=abc",
        "year=1900",
        "page=0",
    ] {
        let (status, _) = get(&app, &format!("/api/v1/ideas?{query}"), &producer).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
    }
    let (status, _) = get(&app, "/api/v1/business-plans?state=lost", &producer).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// The commune's inbox page: screening, a decline without a reason (said on the page, 422),
/// and a move the state does not allow (409), then the plan's file: a PDF is taken, a file of
/// another type or over the limit is refused before it is stored.
#[tokio::test]
async fn the_pages_act_and_say_why_not() {
    let app = spawn_app().await;
    let producer = app.token(PRODUCER).await;
    let (_, idea) = post(
        &app,
        "/api/v1/ideas",
        &producer,
        new_idea("Miến dong trang"),
    )
    .await;
    let id = idea["id"].as_str().unwrap().to_owned();
    let commune = app.login(BINH_LIEU).await;
    let declined = commune
        .post(app.url(&format!("/admin/ideas/{id}/decline")))
        .form(&[("text", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(declined.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        declined
            .text()
            .await
            .unwrap()
            .contains("Lý do không được để trống")
    );
    let screened = commune
        .post(app.url(&format!("/admin/ideas/{id}/screen")))
        .form(&[("text", "Nguyên liệu tại chỗ")])
        .send()
        .await
        .unwrap();
    assert_eq!(screened.status(), StatusCode::SEE_OTHER);
    let again = commune
        .post(app.url(&format!("/admin/ideas/{id}/screen")))
        .form(&[("text", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("đã được xã chuyển lên tỉnh")
    );

    // The demo's plan waiting for approval is its producer's no longer; a draft takes files.
    let province = app.token(QUANG_NINH).await;
    post(
        &app,
        &format!("/api/v1/ideas/{id}/select"),
        &province,
        json!({}),
    )
    .await;
    let (_, plan) = post(&app, "/api/v1/business-plans", &producer, new_plan(&id)).await;
    let plan = plan["id"].as_str().unwrap().to_owned();
    let browser = app.login(PRODUCER).await;
    let upload = |bytes: Vec<u8>, name: &str| {
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
        browser
            .post(app.url(&format!("/admin/plans/{plan}/attachment")))
            .multipart(form)
            .send()
    };
    let files_before = count_files(&app);
    let refused = upload(b"MZ\x90\x00 not a document".to_vec(), "phuong-an.pdf")
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let too_big = upload(
        [b"%PDF-1.7 ".to_vec(), vec![b'x'; 1024 * 1024 + 1]].concat(),
        "lon.pdf",
    )
    .await
    .unwrap();
    assert_eq!(too_big.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        count_files(&app),
        files_before,
        "refused files are not stored"
    );
    let pdf = b"%PDF-1.7\n% phuong an\n".to_vec();
    let taken = upload(pdf.clone(), "phương án.pdf").await.unwrap();
    assert_eq!(taken.status(), StatusCode::SEE_OTHER);
    let download = browser
        .get(app.url(&format!("/admin/plans/{plan}/attachment")))
        .send()
        .await
        .unwrap();
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert_eq!(download.bytes().await.unwrap().as_ref(), pdf.as_slice());
    let outsider = app.login(HA_NOI).await;
    let hidden = outsider
        .get(app.url(&format!("/admin/plans/{plan}/attachment")))
        .send()
        .await
        .unwrap();
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
    // Submitted, it takes no more files.
    post(
        &app,
        &format!("/api/v1/business-plans/{plan}/submit"),
        &producer,
        json!({}),
    )
    .await;
    let late = upload(pdf, "moi.pdf").await.unwrap();
    assert_eq!(late.status(), StatusCode::CONFLICT);
}

fn count_files(app: &TestApp) -> usize {
    fn walk(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| {
                        if e.path().is_dir() {
                            walk(&e.path())
                        } else {
                            1
                        }
                    })
                    .sum()
            })
            .unwrap_or(0)
    }
    walk(&app.files_dir())
}
