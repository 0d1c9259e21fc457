//! Change requests over real HTTP: the producer's proposal from the edit of its active product,
//! the diff on the page and in the API, the commune officer's approval making the new values
//! public, and the authorization matrix (403 for a role that may not act, 404 for a request
//! one may not see, 409 for a state or revision that does not allow it, nothing changed).

use ocop_domain::change_request::ChangeRequestState;
use ocop_domain::product::ProductInput;
use ocop_store::change_requests::{ChangeRequest, ChangeRequestQuery};
use ocop_store::products::ProductExtras;
use ocop_store::{AuditActor, Caller, Product};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

const CENTRAL: &str = "trunguong@ocop.demo";
const QUANG_NINH: &str = "tinh.quangninh@ocop.demo";
const HA_NOI: &str = "tinh.hanoi@ocop.demo";
const BINH_LIEU: &str = "xa.binhlieu@ocop.demo";
const COUNCIL: &str = "hoidong.quangninh@ocop.demo";
const PRODUCER: &str = "chuthe.dinhtrung@ocop.demo";

/// The demo producer's open request.
async fn demo_open_request(app: &TestApp) -> ChangeRequest {
    let query = ChangeRequestQuery {
        state: Some(ChangeRequestState::Open),
        page: 1,
        per_page: 10,
        ..Default::default()
    };
    let (items, _) = app
        .store
        .change_requests(&Caller::system("test"), &query)
        .await
        .unwrap();
    items
        .into_iter()
        .next()
        .expect("the demo's open request")
        .request
}

/// An active product of the demo producer, sheet 1.
async fn own_active_product(app: &TestApp, name: &str) -> Product {
    let user = app.store.user_by_email(PRODUCER).await.unwrap().unwrap();
    app.store
        .create_product(
            &AuditActor::system("test"),
            user.producer_id.unwrap(),
            ProductInput {
                name: name.into(),
                classification: "1".into(),
                status: "active".into(),
                ..Default::default()
            }
            .parse()
            .unwrap(),
            ProductExtras::default(),
            |_| Ok(()),
        )
        .await
        .unwrap()
}

fn form_of(product: &Product) -> Vec<(&'static str, String)> {
    let input = ProductInput::from_data(&product.data);
    vec![
        ("name", input.name),
        (
            "classification",
            format!("{}:{}", input.taxonomy_version, input.classification),
        ),
        ("gtin", input.gtin),
        ("description", input.description),
        ("story", input.story),
        ("ingredients", input.ingredients),
        ("packaging", input.packaging),
    ]
}

/// `POST /api/v1/change-requests/{id}/{name}` as `email`: the status and the JSON answer.
async fn act(app: &TestApp, id: uuid::Uuid, email: &str, name: &str, body: Value) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/change-requests/{id}/{name}")))
        .bearer_auth(app.token(email).await)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json::<Value>().await.unwrap())
}

/// `GET /api/v1/change-requests{query}` as `email`.
async fn list_as(app: &TestApp, email: &str, query: &str) -> (u16, Value) {
    let response = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/change-requests{query}")))
        .bearer_auth(app.token(email).await)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json::<Value>().await.unwrap())
}

async fn text(client: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let response = client.get(app.url(path)).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn a_producer_proposes_and_the_commune_officer_approves_the_public_version_then_changes() {
    let app = spawn_app().await;
    let product = own_active_product(&app, "Trà hoa vàng Đình Trung").await;
    let producer = app.login(PRODUCER).await;

    // "Edit" of the active product leads to the proposal form, prefilled.
    let response = producer
        .get(app.url(&format!("/admin/products/{}/edit", product.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let form_url = format!("/admin/products/{}/change-request", product.id);
    assert_eq!(response.headers()["location"], form_url.as_str());
    let (status, page) = text(&producer, &app, &form_url).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("value=\"Trà hoa vàng Đình Trung\""),
        "prefilled"
    );

    // Nothing changed: the form says so, nothing is filed.
    let response = producer
        .post(app.url(&form_url))
        .form(&form_of(&product))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Chưa có thông tin nào khác")
    );

    let mut form = form_of(&product);
    form[0].1 = "Trà hoa vàng Đình Trung thượng hạng".into();
    form.push(("note", "Đổi tên theo nhãn mới".into()));
    let response = producer
        .post(app.url(&form_url))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let shown = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(shown.starts_with("/admin/change-requests/"), "{shown}");
    let (status, page) = text(&producer, &app, &shown).await;
    assert_eq!(status, 200);
    assert!(page.contains("Đã gửi đề nghị thay đổi"));
    assert!(
        page.contains("<del>Trà hoa vàng Đình Trung</del>"),
        "{page}"
    );
    assert!(page.contains("<ins>Trà hoa vàng Đình Trung thượng hạng</ins>"));
    assert!(page.contains("Đổi tên theo nhãn mới"));
    assert!(
        !page.contains("Duyệt và công khai"),
        "a producer does not approve"
    );
    assert!(page.contains("Rút đề nghị"));

    // The public still reads the approved version.
    let public = reqwest::get(app.url(&format!("/products/{}", product.id)))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!public.contains("thượng hạng"));

    // The commune officer: the count on the dashboard, the inbox, the diff, the approval.
    let officer = app.login(BINH_LIEU).await;
    let (_, dashboard) = text(&officer, &app, "/admin").await;
    assert!(dashboard.contains("Yêu cầu thay đổi chờ duyệt"));
    let (status, inbox) = text(&officer, &app, "/admin/change-requests").await;
    assert_eq!(status, 200);
    assert!(inbox.contains("Trà hoa vàng Đình Trung"));
    let (_, review) = text(&officer, &app, &shown).await;
    assert!(review.contains("<ins>Trà hoa vàng Đình Trung thượng hạng</ins>"));
    assert!(review.contains("Duyệt và công khai"));
    let id = shown
        .trim_start_matches("/admin/change-requests/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let response = officer
        .post(app.url(&format!("/admin/change-requests/{id}/approve")))
        .form(&[("revision", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let public = reqwest::get(app.url(&format!("/products/{}", product.id)))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(public.contains("Trà hoa vàng Đình Trung thượng hạng"));

    // Approving again (a second tab): a 409 page saying why, nothing changed.
    let response = officer
        .post(app.url(&format!("/admin/change-requests/{id}/approve")))
        .form(&[("revision", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 409);
    assert!(response.text().await.unwrap().contains("Đã duyệt"));
}

#[tokio::test]
async fn who_may_read_and_act_on_a_change_request_over_the_api() {
    let app = spawn_app().await;
    let request = demo_open_request(&app).await;
    let client = reqwest::Client::new();
    let get = |token: Option<String>| {
        let mut call = client.get(app.url(&format!("/api/v1/change-requests/{}", request.id)));
        if let Some(token) = token {
            call = call.bearer_auth(token);
        }
        async move { call.send().await.unwrap().status().as_u16() }
    };
    // Reading: its producer and the officials of its unit; anyone else, unknown.
    for (email, expected) in [
        (PRODUCER, 200),
        (BINH_LIEU, 200),
        (QUANG_NINH, 200),
        (CENTRAL, 200),
        (HA_NOI, 404),
        (COUNCIL, 404),
    ] {
        assert_eq!(get(Some(app.token(email).await)).await, expected, "{email}");
    }
    assert_eq!(get(None).await, 401);

    let action = |email, name, body| act(&app, request.id, email, name, body);
    let seen = json!({"revision": request.revision});
    // Role not allowed: 403; not visible: 404; nothing changes.
    for (email, name, expected) in [
        (PRODUCER, "approve", 403),
        (PRODUCER, "reject", 403),
        (BINH_LIEU, "withdraw", 403),
        (QUANG_NINH, "withdraw", 403),
        (HA_NOI, "approve", 404),
        (COUNCIL, "approve", 404),
        (HA_NOI, "withdraw", 404),
    ] {
        let mut body = seen.clone();
        if name == "reject" {
            body["reason"] = json!("Không rõ");
        }
        let (status, error) = action(email, name, body).await;
        assert_eq!(status, expected, "{email} {name}: {error}");
    }
    // Bad input: named fields.
    let (status, error) = action(BINH_LIEU, "reject", seen.clone()).await;
    assert_eq!(status, 422);
    assert_eq!(error["fields"][0]["field"], "reason");
    let (status, error) = action(BINH_LIEU, "approve", json!({"revision": 0})).await;
    assert_eq!(status, 422, "{error}");
    let (status, error) = action(BINH_LIEU, "approve", json!({"revision": 1, "x": 1})).await;
    assert_eq!(
        (status, error["fields"][0]["code"].clone()),
        (422, json!("unknown_field"))
    );
    // A stale revision: 409.
    let (status, error) = action(
        BINH_LIEU,
        "approve",
        json!({"revision": request.revision + 1}),
    )
    .await;
    assert_eq!(
        (status, error["code"].clone()),
        (409, json!("state_conflict")),
        "{error}"
    );
    let unchanged = app.store.change_request(request.id).await.unwrap();
    assert_eq!(unchanged, request, "no refusal wrote anything");

    // A second request of the same product: 409 naming the open one.
    let token = app.token(PRODUCER).await;
    let product = app.store.product(request.product_id).await.unwrap();
    let mut body = serde_json::to_value(ProductInput::from_data(&product.data)).unwrap();
    body.as_object_mut().unwrap().remove("status");
    body["story"] = json!("Câu chuyện khác");
    let response = client
        .post(app.url(&format!("/api/v1/products/{}/change-requests", product.id)))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 409);
    assert_eq!(
        response.headers()["location"],
        format!("/api/v1/change-requests/{}", request.id).as_str()
    );
    // The status is not the producer's to propose.
    let mut with_status = body.clone();
    with_status["status"] = json!("archived");
    let response = client
        .post(app.url(&format!("/api/v1/products/{}/change-requests", product.id)))
        .bearer_auth(&token)
        .json(&with_status)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    // Its direct edit stays refused: an active product changes through a request.
    let mut direct = serde_json::to_value(ProductInput::from_data(&product.data)).unwrap();
    direct["story"] = json!("Sửa thẳng");
    let response = client
        .put(app.url(&format!("/api/v1/products/{}", product.id)))
        .bearer_auth(&token)
        .json(&direct)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);

    // The diff, and the approval by the commune officer at the revision seen.
    let view: Value = client
        .get(app.url(&format!("/api/v1/change-requests/{}", request.id)))
        .bearer_auth(app.token(BINH_LIEU).await)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let fields: Vec<&str> = view["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["ingredients", "packaging"]);
    assert_eq!(view["stale"], false);
    let (status, approved) = action(BINH_LIEU, "approve", seen.clone()).await;
    assert_eq!(status, 200, "{approved}");
    assert_eq!(approved["state"], "approved");
    let product = app.store.product(request.product_id).await.unwrap();
    assert_eq!(
        product.data.packaging.as_deref(),
        view["changes"][1]["after"].as_str()
    );
    let (status, _) = action(QUANG_NINH, "approve", json!({"revision": 2})).await;
    assert_eq!(status, 409, "decided already");
}

#[tokio::test]
async fn the_list_is_the_scopes_and_its_filters_are_checked() {
    let app = spawn_app().await;
    let client = reqwest::Client::new();
    let list = |email, query| list_as(&app, email, query);
    for (email, query, total) in [
        (BINH_LIEU, "", 3),
        (BINH_LIEU, "?state=open", 1),
        (QUANG_NINH, "?state=rejected", 1),
        (QUANG_NINH, "?commune=6838", 3),
        (CENTRAL, "?province=22&state=approved", 1),
        (PRODUCER, "", 3),
        (HA_NOI, "", 0),
    ] {
        let (status, page) = list(email, query).await;
        assert_eq!(
            (status, page["total"].as_u64()),
            (200, Some(total)),
            "{email}{query}"
        );
    }
    let (status, page) = list(BINH_LIEU, "?state=open").await;
    assert_eq!(status, 200);
    assert_eq!(
        page["items"][0]["producer_name"],
        "HTX phát triển Đình Trung"
    );
    assert_eq!(page["items"][0]["commune"]["code"], 6838);
    for query in [
        "?state=pending",
        "?commune=99999999",
        "?page=0",
        "?province=999",
    ] {
        let (status, _) = list(BINH_LIEU, query).await;
        assert_eq!(status, 422, "{query}");
    }
    let (status, _) = list(COUNCIL, "").await;
    assert_eq!(status, 403);
    let response = client
        .get(app.url("/api/v1/change-requests"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn pages_of_a_request_answer_by_role_and_unit() {
    let app = spawn_app().await;
    let request = demo_open_request(&app).await;
    let page = format!("/admin/change-requests/{}", request.id);
    for (email, expected) in [
        (PRODUCER, 200),
        (BINH_LIEU, 200),
        (QUANG_NINH, 200),
        (HA_NOI, 404),
        (COUNCIL, 404),
    ] {
        let client = app.login(email).await;
        let (status, _) = text(&client, &app, &page).await;
        assert_eq!(status, expected, "{email}");
    }
    // The council member has no inbox; the producer cannot approve its own request.
    let council = app.login(COUNCIL).await;
    let (status, _) = text(&council, &app, "/admin/change-requests").await;
    assert_eq!(status, 403);
    let producer = app.login(PRODUCER).await;
    let response = producer
        .post(app.url(&format!("{page}/approve")))
        .form(&[("revision", request.revision.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    // A rejection without a reason is refused, naming it.
    let officer = app.login(BINH_LIEU).await;
    let response = officer
        .post(app.url(&format!("{page}/reject")))
        .form(&[("revision", request.revision.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("Lý do từ chối"));
    assert_eq!(app.store.change_request(request.id).await.unwrap(), request);
    // The proposal form of a draft leads to its edit form: a draft is edited directly.
    let draft = app
        .store
        .create_product(
            &AuditActor::system("test"),
            app.store
                .product(request.product_id)
                .await
                .unwrap()
                .producer_id,
            ProductInput {
                name: "Bánh gai (bản nháp)".into(),
                classification: "1".into(),
                ..Default::default()
            }
            .parse()
            .unwrap(),
            ProductExtras::default(),
            |_| Ok(()),
        )
        .await
        .unwrap();
    let response = producer
        .get(app.url(&format!("/admin/products/{}/change-request", draft.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        format!("/admin/products/{}/edit", draft.id).as_str()
    );
    // The product's page tells its readers a change awaits review.
    let (_, record) = text(
        &officer,
        &app,
        &format!("/admin/products/{}", request.product_id),
    )
    .await;
    assert!(record.contains("đề nghị thay đổi đang chờ duyệt"));
    assert!(record.contains(&page));
}
