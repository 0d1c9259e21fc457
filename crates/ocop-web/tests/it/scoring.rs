//! Scoring over real HTTP: the criteria and evaluate API, the printable sheets, the scoring
//! form (without JavaScript and as htmx fragments), saving results and the advice page.

use std::collections::BTreeMap;

use ocop_domain::access::Scope;
use ocop_domain::criteria::{Criterion, Library, Sheet};
use ocop_domain::product::ProductInput;
use ocop_store::evaluations::EvaluationKind;
use ocop_store::products::ProductExtras;
use ocop_store::{AuditActor, CatalogQuery, Product};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

fn sheet(number: u8) -> &'static Sheet {
    Library::embedded()
        .version("V2026")
        .unwrap()
        .sheet(number)
        .unwrap()
}

/// The option number worth the most points (1 for a yes/no criterion).
fn highest(criterion: &Criterion) -> u32 {
    if criterion.is_yes_no() {
        return 1;
    }
    let best = criterion.options.iter().map(|o| o.points).max().unwrap();
    criterion
        .options
        .iter()
        .position(|o| o.points == best)
        .unwrap() as u32
        + 1
}

fn best(number: u8) -> BTreeMap<String, u32> {
    sheet(number)
        .leaves()
        .iter()
        .map(|leaf| (leaf.criterion.id.clone(), highest(leaf.criterion)))
        .collect()
}

/// The worked example: sheet 1 at 75 points, every minimum met except 2.3, which stays
/// at the compliant label without the electronic traceability code (the 4-star minimum).
fn worked_example() -> BTreeMap<String, u32> {
    let sheet = sheet(1);
    let mut choices = best(1);
    let mut deficit = 100 - 76;
    for leaf in sheet.leaves() {
        let criterion = leaf.criterion;
        if deficit == 0 {
            break;
        }
        if criterion.options.iter().any(|o| o.star_minimum.is_some()) {
            continue;
        }
        let pick = if criterion.is_yes_no() {
            (criterion.max <= deficit).then_some((0, criterion.max))
        } else {
            criterion
                .options
                .iter()
                .zip(1u32..)
                .map(|(option, number)| (number, criterion.max - option.points))
                .filter(|(_, loss)| *loss <= deficit)
                .max_by_key(|(_, loss)| *loss)
        };
        if let Some((number, loss)) = pick {
            choices.insert(criterion.id.clone(), number);
            deficit -= loss;
        }
    }
    assert_eq!(deficit, 0);
    choices.insert("2.3".to_owned(), 2);
    choices
}

/// The form fields for these choices (a choice of 0 is left out, as an unticked box).
fn form(choices: &BTreeMap<String, u32>, action: &str) -> Vec<(String, String)> {
    choices
        .iter()
        .filter(|(_, choice)| **choice > 0)
        .map(|(id, choice)| (format!("c.{id}"), choice.to_string()))
        .chain([("action".to_owned(), action.to_owned())])
        .collect()
}

async fn post_json(app: &TestApp, path: &str, body: &Value) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(app.url(path))
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn evaluate(app: &TestApp, body: Value) -> (u16, Value) {
    post_json(app, "/api/v1/scoring/evaluate", &body).await
}

fn first_field(body: &Value) -> (&str, &str) {
    let field = &body["fields"][0];
    (
        field["field"].as_str().unwrap_or_default(),
        field["code"].as_str().unwrap_or_default(),
    )
}

async fn product_named(app: &TestApp, name: &str) -> Product {
    let page = app
        .store
        .search_products(
            Scope::Everything,
            &CatalogQuery {
                text: Some(name.to_owned()),
                per_page: 50,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let summary = page
        .items
        .iter()
        .find(|item| item.name == name)
        .expect("demo product");
    app.store.product(summary.id).await.unwrap()
}

/// A fresh sheet-1 product of the demo producer account's cooperative, as it would register
/// it (a product with no saved evaluations yet).
async fn dinh_trung_product(app: &TestApp) -> Product {
    let user = app
        .store
        .user_by_email("chuthe.dinhtrung@ocop.demo")
        .await
        .unwrap()
        .unwrap();
    app.store
        .create_product(
            &AuditActor::system("test"),
            user.producer_id.unwrap(),
            ProductInput {
                name: "Rau cải Đình Trung".into(),
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

async fn text(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

// ---- API -----------------------------------------------------------------------------

#[tokio::test]
async fn api_scores_the_best_answers_100_points_and_5_stars() {
    let app = spawn_app().await;
    let (status, body) = evaluate(
        &app,
        json!({
            "version": "V2026",
            "sheet": 1,
            "members": [
                {"name": "Chủ tịch hội đồng", "choices": best(1)},
                {"name": "Thành viên", "choices": best(1)}
            ],
            "spread_threshold": 10
        }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["version"], "V2026");
    assert_eq!(body["sheet"], 1);
    assert_eq!(body["members"][0]["name"], "Chủ tịch hội đồng");
    assert_eq!(body["members"][1]["total"], 100);
    assert_eq!(
        body["members"][0]["parts"],
        json!({"A": 40, "B": 25, "C": 35})
    );
    assert_eq!(body["mean_total"], 100.0);
    assert_eq!(body["spread"], 0);
    assert_eq!(body["rescore_required"], false);
    assert_eq!(
        (&body["band_stars"], &body["minimum_stars"], &body["stars"]),
        (&json!(5), &json!(5), &json!(5))
    );
    assert_eq!(body["rejected"], false);
    assert_eq!(body["certifiable"], true);
    assert_eq!(body["knockouts"], json!([]));
    assert_eq!(body["unmet_minimums"], json!([]));
    assert_eq!(body["next_star"], Value::Null);
}

#[tokio::test]
async fn api_caps_the_worked_example_at_3_stars_for_traceability() {
    let app = spawn_app().await;
    let (status, body) = evaluate(
        &app,
        json!({"version": "V2026", "sheet": 1, "members": [{"name": "A", "choices": worked_example()}]}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["members"][0]["total"], 75);
    assert_eq!(body["mean_total"], 75.0);
    assert_eq!(body["band_stars"], 4);
    assert_eq!(body["minimum_stars"], 3);
    assert_eq!(body["stars"], 3);
    assert_eq!(body["certifiable"], true);
    let unmet = body["unmet_minimums"].as_array().unwrap();
    assert_eq!(unmet.len(), 1, "{unmet:?}");
    assert_eq!(
        (&unmet[0]["criterion"], &unmet[0]["stars"]),
        (&json!("2.3"), &json!(4))
    );
    let advice = &body["next_star"];
    assert_eq!(advice["target_stars"], 4);
    assert_eq!(advice["minimums"][0]["criterion"], "2.3");
    assert!(
        advice["minimums"][0]["option_text"]
            .as_str()
            .unwrap()
            .contains("truy xuất nguồn gốc điện tử")
    );
}

#[tokio::test]
async fn api_knockouts_reject_and_spread_asks_for_a_rescore() {
    let app = spawn_app().await;
    let mut low = best(1);
    for choice in low.values_mut() {
        *choice = 1;
    }
    let (status, body) = evaluate(
        &app,
        json!({
            "version": "V2026", "sheet": 1,
            "members": [{"choices": best(1)}, {"choices": low}],
            "knockouts": ["forged_dossier"],
            "spread_threshold": 10
        }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["rejected"], true);
    assert_eq!(body["certifiable"], false);
    assert_eq!(body["knockouts"][0]["code"], "forged_dossier");
    assert_eq!(body["knockouts"][0]["label"], "Giả mạo hồ sơ");
    assert_eq!(body["rescore_required"], true);
    assert_eq!(
        body["members"][1]["name"], "Thành viên 2",
        "unnamed members are numbered"
    );
}

#[tokio::test]
async fn api_names_each_bad_input() {
    let app = spawn_app().await;
    let member = |choices: Value| json!([{"name": "A", "choices": choices}]);
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            json!({"version": "V2026", "sheet": 1, "members": member(json!({"9.9": 1}))}),
            "members[0].choices.9.9",
            "unknown_criterion",
        ),
        (
            json!({"version": "V2026", "sheet": 1, "members": member(json!({"1.1": 7}))}),
            "members[0].choices.1.1",
            "option_out_of_range",
        ),
        (
            json!({"version": "V2026", "sheet": 1, "members": member(json!({"1.1": "ba"}))}),
            "members[0].choices.1.1",
            "invalid_value",
        ),
        (
            json!({"version": "V2026", "sheet": 1, "members": member(json!({})), "knockouts": ["no_gmp"]}),
            "knockouts[0]",
            "knockout_not_applicable",
        ),
        (
            json!({"version": "V2026", "sheet": 1, "members": member(json!({})), "knockouts": ["forged_dossier", "bad_smell"]}),
            "knockouts[1]",
            "unknown_knockout",
        ),
        (
            json!({"version": "V2026", "sheet": 27, "members": member(json!({}))}),
            "sheet",
            "unknown_sheet",
        ),
        (
            json!({"version": "V2026", "sheet": 300, "members": member(json!({}))}),
            "sheet",
            "invalid_value",
        ),
        (
            json!({"version": "V2026", "members": member(json!({}))}),
            "sheet",
            "required",
        ),
        (
            json!({"version": "V2030", "sheet": 1, "members": member(json!({}))}),
            "version",
            "unknown_version",
        ),
        (
            json!({"version": "V2026", "sheet": 1, "members": []}),
            "members",
            "no_members",
        ),
        (
            json!({"version": "V2026", "sheet": 1, "members": [{"parts": {"A": 40, "B": 25, "C": 35}}]}),
            "members[0].parts",
            "parts_not_allowed",
        ),
        (
            json!({"version": "V2026", "sheet": 1, "members": member(json!({})), "colour": "red"}),
            "colour",
            "invalid_value",
        ),
    ];
    for (request, field, code) in cases {
        let (status, body) = evaluate(&app, request.clone()).await;
        assert_eq!(status, 422, "{request} → {body}");
        assert_eq!(body["code"], "invalid", "{body}");
        assert_eq!(first_field(&body), (field, code), "{request} → {body}");
        assert!(
            !body["fields"][0]["message"].as_str().unwrap().is_empty(),
            "{body}"
        );
    }

    // The engine's message is the Vietnamese one, naming the criterion.
    let (_, body) = evaluate(
        &app,
        json!({"version": "V2026", "sheet": 1, "members": member(json!({"1.1": 7}))}),
    )
    .await;
    let message = body["fields"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("1.1") && message.contains("lựa chọn số 7"),
        "{message}"
    );

    // JSON that does not parse.
    let response = reqwest::Client::new()
        .post(app.url("/api/v1/scoring/evaluate"))
        .header("Content-Type", "application/json")
        .body(r#"{"version": "V2026", "sheet": 1,"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "bad_request");
    assert!(body["message"].as_str().unwrap().contains("JSON"), "{body}");
}

#[tokio::test]
async fn api_scores_versions_without_sheets_from_part_totals() {
    let app = spawn_app().await;
    let (status, body) = evaluate(
        &app,
        json!({
            "version": "V2019",
            "members": [
                {"name": "A", "parts": {"A": 35, "B": 20, "C": 36}},
                {"name": "B", "parts": {"A": 30, "B": 20, "C": 30}}
            ]
        }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["version"], "V2019");
    assert_eq!(body["members"][0]["total"], 91);
    assert_eq!(body["mean_total"], 85.5);
    assert_eq!(body["stars"], 4);
    assert_eq!(body["minimums_checked"], false);
    assert_eq!(body["certifiable"], true);

    // V2019 gave part A 35 points at most.
    let (status, body) = evaluate(
        &app,
        json!({"version": "V2019", "members": [{"parts": {"A": 36, "B": 0, "C": 0}}]}),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        first_field(&body),
        ("members[0].parts.A", "part_over_maximum")
    );
    let (status, body) = evaluate(
        &app,
        json!({"version": "V2019", "members": [{"choices": {"1.1": 1}}]}),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        first_field(&body),
        ("members[0].choices", "choices_not_allowed")
    );
    let (status, body) = evaluate(
        &app,
        json!({"version": "V2023", "sheet": 1, "members": [{"parts": {"A": 1, "B": 1, "C": 1}}]}),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(first_field(&body), ("sheet", "sheets_not_held"));
}

#[tokio::test]
async fn api_scores_a_batch_in_order_and_names_the_bad_item() {
    let app = spawn_app().await;
    let item = |number: u8| json!({"version": "V2026", "sheet": number, "members": [{"choices": best(number)}]});
    let (status, body) = post_json(
        &app,
        "/api/v1/scoring/evaluate-batch",
        &json!([item(1), item(26), {"version": "V2019", "members": [{"parts": {"A": 10, "B": 10, "C": 10}}]}]),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let results = body.as_array().unwrap();
    assert_eq!(results.len(), 3);
    assert_eq!(
        (&results[0]["sheet"], &results[0]["stars"]),
        (&json!(1), &json!(5))
    );
    assert_eq!(results[1]["sheet"], 26);
    assert_eq!(results[2]["stars"], 2);

    let (status, body) = post_json(
        &app,
        "/api/v1/scoring/evaluate-batch",
        &json!([item(1), {"version": "V2026", "sheet": 1, "members": [{"choices": {"9.9": 1}}]}]),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        first_field(&body),
        ("[1].members[0].choices.9.9", "unknown_criterion")
    );
}

#[tokio::test]
async fn criteria_endpoints_serve_versions_sets_and_sheets() {
    let app = spawn_app().await;
    let versions: Value = reqwest::get(app.url("/api/v1/criteria"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let keys: Vec<&str> = versions
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["V2026", "V2025", "V2023", "V2019"]);
    assert_eq!(versions[0]["sheets"].as_array().unwrap().len(), 26);
    assert_eq!(versions[0]["effective_from"], "2026-05-22");
    assert_eq!(versions[3]["sheets_held"], false);
    assert_eq!(
        versions[3]["part_maxima"],
        json!({"A": 35, "B": 25, "C": 40})
    );

    let set: Value = reqwest::get(app.url("/api/v1/criteria/V2026"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(set["sheets"].as_array().unwrap().len(), 26);
    assert_eq!(set["bands"][0], json!({"stars": 5, "min": 90}));

    let response = reqwest::get(app.url("/api/v1/criteria/V2026/7"))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let sheet7: Value = response.json().await.unwrap();
    assert_eq!(sheet7["number"], 7);
    assert_eq!(sheet7["name"], sheet(7).name.as_str());
    assert_eq!(sheet7["parts"][0]["code"], "A");

    for missing in [
        "/api/v1/criteria/V2030",
        "/api/v1/criteria/V2026/27",
        "/api/v1/criteria/V2019/1",
    ] {
        let response = reqwest::get(app.url(missing)).await.unwrap();
        assert_eq!(response.status(), 404, "{missing}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "not_found", "{missing}");
    }
}

// ---- Printable sheets ----------------------------------------------------------------

#[tokio::test]
async fn printable_sheets_follow_the_law_and_carry_the_product_header() {
    let app = spawn_app().await;
    let (status, page) = text(
        reqwest::get(app.url("/scoring/sheets/V2026/1"))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    for expected in [
        "Bộ sản phẩm: Rau, củ, quả, hạt tươi",
        "Hồ sơ bị loại khi:",
        "Phần A: SẢN PHẨM VÀ SỨC MẠNH CỦA CỘNG ĐỒNG (40 Điểm)",
        "1.1. Nguồn gốc sản phẩm",
        "□ Sản phẩm được trồng trên địa bàn cấp xã, nhưng có tỷ lệ dưới 50%",
        "<span class=\"marks\">*****</span>",
        "TỔNG CỘNG",
        "Người đánh giá",
        "(Ký và ghi rõ họ tên)",
        ocop_web::assets::url("scoring.css"),
    ] {
        assert!(page.contains(expected), "missing {expected}");
    }
    let css = reqwest::get(app.url(ocop_web::assets::url("scoring.css")))
        .await
        .unwrap();
    assert_eq!(css.headers()["content-type"], "text/css");
    assert!(css.text().await.unwrap().contains("@media print"));
    let (status, _) = text(
        reqwest::get(app.url("/scoring/sheets/V2026/27"))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 404);

    let product = product_named(&app, "Miến dong Bình Liêu").await;
    let code = product.product_code.clone().expect("a product code");
    let producer = app.store.producer(product.producer_id).await.unwrap();
    let (status, page) = text(
        reqwest::get(app.url(&format!("/products/{}/scoring-sheet", product.id)))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(page.contains("TỔNG CỘNG"));
    assert!(page.contains(&code), "product code {code}");
    assert!(page.contains("Miến dong Bình Liêu"));
    assert!(page.contains(&producer.data.name));
    assert!(page.contains(producer.data.phone.as_deref().unwrap()));
    assert!(
        page.contains("Xã Bình Liêu"),
        "the address names the commune"
    );
    assert!(page.contains(&format!("Bộ sản phẩm: {}", sheet(7).name)));
    let (status, _) = text(
        reqwest::get(app.url("/products/not-a-uuid/scoring-sheet"))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 404);
}

// ---- The scoring form ----------------------------------------------------------------

#[tokio::test]
async fn sandbox_form_scores_without_javascript() {
    let app = spawn_app().await;
    let browser = app.browser();
    let (status, page) = text(
        browser
            .get(app.url("/scoring/V2026/1"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(page.contains("hx-post=\"/scoring/V2026/1/results\""));
    assert!(page.contains("hx-trigger=\"change\""));
    assert!(page.contains("name=\"c.1.1\""));
    assert!(page.contains("name=\"ko\" value=\"forged_dossier\""));
    assert!(page.contains(">Tính điểm</button>"));
    assert!(!page.contains("Lưu kết quả"), "the sandbox saves nothing");

    let (status, page) = text(
        browser
            .post(app.url("/scoring/V2026/1"))
            .form(&form(&worked_example(), "compute"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Tổng điểm: <strong>75</strong> / 100"),
        "total shown"
    );
    assert!(page.contains("<strong>3 sao</strong>"), "the star");
    assert!(page.contains("Hạng theo điểm</dt><dd>4 sao"), "the band");
    assert!(page.contains("Để đạt 4 sao"), "next-star advice");
    assert!(
        page.contains("truy xuất nguồn gốc điện tử"),
        "the option to aim for"
    );
    assert!(page.contains("chưa đạt 1/"), "an unmet 4-star minimum");
    // The choices stay ticked.
    assert!(page.contains("name=\"c.2.3\" value=\"2\" checked"));

    let (status, page) = text(
        browser
            .post(app.url("/scoring/V2026/1"))
            .form(&[("c.1.1", "9"), ("action", "compute")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("không có lựa chọn số 9"));
}

#[tokio::test]
async fn htmx_fragment_returns_the_results_panel_with_subtotals() {
    let app = spawn_app().await;
    let (status, fragment) = text(
        app.browser()
            .post(app.url("/scoring/V2026/1/results"))
            .header("HX-Request", "true")
            .form(&form(&best(1), "compute"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(fragment.trim_start().starts_with("<aside id=\"results\""));
    assert!(!fragment.contains("<html"), "a fragment, not a page");
    assert!(fragment.contains("<strong>5 sao</strong>"));
    assert!(
        fragment
            .contains("<span id=\"part-A\" class=\"subtotal\" hx-swap-oob=\"true\">40/40</span>")
    );
    assert!(
        fragment
            .contains("<span id=\"sec-1\" class=\"subtotal\" hx-swap-oob=\"true\">18/18</span>")
    );

    // Bad answers: still 200 so htmx swaps the panel that explains them.
    let (status, fragment) = text(
        app.browser()
            .post(app.url("/scoring/V2026/1/results"))
            .form(&[("c.9.9", "1")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(fragment.contains("không có tiêu chí 9.9"));
}

#[tokio::test]
async fn producer_saves_a_self_assessment_and_reads_the_advice() {
    let app = spawn_app().await;
    let product = dinh_trung_product(&app).await;
    let producer = app.login("chuthe.dinhtrung@ocop.demo").await;
    let score_url = app.url(&format!("/products/{}/score", product.id));

    let (status, page) = text(producer.get(&score_url).send().await.unwrap()).await;
    assert_eq!(status, 200);
    assert!(page.contains("Chủ thể tự đánh giá: Rau cải Đình Trung"));
    assert!(page.contains("Lưu kết quả"));
    assert!(page.contains(&format!(
        "hx-post=\"/products/{}/score/results\"",
        product.id
    )));

    // The htmx fragment for the product form.
    let (status, fragment) = text(
        producer
            .post(app.url(&format!("/products/{}/score/results", product.id)))
            .form(&form(&worked_example(), "compute"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(fragment.contains("<strong>3 sao</strong>"));

    let response = producer
        .post(&score_url)
        .form(&form(&worked_example(), "save"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with(&format!("/products/{}/score?saved=1", product.id)));

    let saved = app.store.evaluations_of(product.id).await.unwrap();
    assert_eq!(saved.len(), 1);
    let user = app
        .store
        .user_by_email("chuthe.dinhtrung@ocop.demo")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(saved[0].kind, EvaluationKind::SelfAssessment);
    assert_eq!(saved[0].created_by, Some(user.id));
    assert_eq!((saved[0].stars, saved[0].sheet), (3, 1));
    // An unticked yes/no box is no choice at all.
    let ticked: BTreeMap<String, u32> = worked_example()
        .into_iter()
        .filter(|(_, choice)| *choice > 0)
        .collect();
    assert_eq!(saved[0].answers.members[0].choices, ticked);
    assert_eq!(
        app.store.product(product.id).await.unwrap().stars,
        None,
        "saving a score does not recognise a star"
    );
    assert_eq!(
        app.store
            .audit_of("evaluation", saved[0].id)
            .await
            .unwrap()
            .len(),
        1
    );

    // Back on the form: the saved answers are ticked again.
    let (status, page) = text(producer.get(app.url(&location)).send().await.unwrap()).await;
    assert_eq!(status, 200);
    assert!(page.contains("Đã lưu kết quả đánh giá"));
    assert!(page.contains("name=\"c.2.3\" value=\"2\" checked"));

    let (status, advice) = text(
        producer
            .get(app.url(&format!("/products/{}/advice", product.id)))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(advice.contains("Chủ thể tự đánh giá"));
    assert!(advice.contains("<strong>3 sao</strong>"));
    assert!(advice.contains("<strong>2.3</strong>"), "the unmet minimum");
    assert!(advice.contains("Để đạt 4 sao"));
    assert!(
        advice.contains("mã truy xuất nguồn gốc điện tử"),
        "the option to aim for"
    );
    assert!(advice.contains(&format!("href=\"/products/{}/score\"", product.id)));

    // The product page shows the same advice to the producer, and nothing of it to others.
    let product_url = app.url(&format!("/products/{}", product.id));
    let (_, page) = text(producer.get(&product_url).send().await.unwrap()).await;
    assert!(page.contains("Để đạt 4 sao"), "advice on the product page");
    assert!(page.contains("mã truy xuất nguồn gốc điện tử"));
    let (_, page) = text(app.browser().get(&product_url).send().await.unwrap()).await;
    assert!(!page.contains("Để đạt 4 sao"));
}

#[tokio::test]
async fn officials_score_their_unit_only_and_failed_scores_store_nothing() {
    let app = spawn_app().await;
    let product = product_named(&app, "Miến dong Bình Liêu").await;
    let score_url = app.url(&format!("/products/{}/score", product.id));

    // Another province's official: refused, nothing saved.
    let foreign = app.login("tinh.hanoi@ocop.demo").await;
    let response = foreign
        .post(&score_url)
        .form(&form(&best(7), "save"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let response = foreign.get(&score_url).send().await.unwrap();
    assert_eq!(response.status(), 403);
    let response = foreign
        .post(app.url(&format!("/products/{}/score/results", product.id)))
        .form(&form(&best(7), "compute"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    // Another producer's account: refused too.
    let other_producer = app.login("chuthe.dinhtrung@ocop.demo").await;
    let response = other_producer.get(&score_url).send().await.unwrap();
    assert_eq!(response.status(), 403);
    // Anonymous: to the login page.
    let response = app.browser().get(&score_url).send().await.unwrap();
    assert_eq!(response.status(), 303);
    assert!(
        app.store
            .evaluations_of(product.id)
            .await
            .unwrap()
            .is_empty()
    );

    // The commune's official scores it: without JavaScript, then saved as official.
    let commune = app.login("xa.binhlieu@ocop.demo").await;
    let (status, page) = text(
        commune
            .post(&score_url)
            .form(&form(&best(7), "compute"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(page.contains("Cán bộ / hội đồng đánh giá: Miến dong Bình Liêu"));
    assert!(page.contains("<strong>5 sao</strong>"));

    // A failed evaluation (an option the criterion does not have) stores nothing.
    let mut bad = best(7);
    bad.insert("1.1".to_owned(), 99);
    let (status, page) = text(
        commune
            .post(&score_url)
            .form(&form(&bad, "save"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("không có lựa chọn số 99"));
    let mut unknown_knockout = form(&best(7), "save");
    unknown_knockout.push(("ko".to_owned(), "bad_smell".to_owned()));
    let response = commune
        .post(&score_url)
        .form(&unknown_knockout)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(
        app.store
            .evaluations_of(product.id)
            .await
            .unwrap()
            .is_empty()
    );

    let response = commune
        .post(&score_url)
        .form(&form(&best(7), "save"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    // The province's council member scores it as well.
    let council = app.login("hoidong.quangninh@ocop.demo").await;
    let response = council
        .post(&score_url)
        .form(&form(&best(7), "save"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let saved = app.store.evaluations_of(product.id).await.unwrap();
    assert_eq!(saved.len(), 2);
    assert!(
        saved
            .iter()
            .all(|e| e.kind == EvaluationKind::Official && e.stars == 5)
    );
}

#[tokio::test]
async fn advice_is_for_the_producer_and_the_officials_of_the_unit_only() {
    let app = spawn_app().await;
    let product = product_named(&app, "Miến dong Bình Liêu").await;
    let path = format!("/products/{}/advice", product.id);

    let (status, page) = text(
        app.login("tinh.quangninh@ocop.demo")
            .await
            .get(app.url(&path))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(page.contains("Chưa có kết quả đánh giá nào được lưu"));

    for email in [
        "tinh.hanoi@ocop.demo",
        "hoidong.quangninh@ocop.demo",
        "chuthe.dinhtrung@ocop.demo",
    ] {
        let response = app
            .login(email)
            .await
            .get(app.url(&path))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404, "{email}");
    }
    let response = app.browser().get(app.url(&path)).send().await.unwrap();
    assert_eq!(response.status(), 404, "anonymous");
}

/// The review's attack: 150,000 members in a 9.5 MB body, no account needed, lifted the
/// server to 5 GB. Bodies are bounded, and so is every list and text in them.
#[tokio::test]
async fn the_public_engine_refuses_oversized_requests_at_once() {
    let app = spawn_app().await;
    let member = json!({"choices": best(1)});

    let members: Vec<Value> = vec![json!({}); 150_000];
    let (status, body) = evaluate(
        &app,
        json!({"version": "V2026", "sheet": 1, "members": members}),
    )
    .await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["code"], "too_large");
    assert!(
        body["message"].as_str().unwrap().contains("quá lớn"),
        "{body}"
    );

    let members = vec![member.clone(); ocop_domain::scoring::MAX_MEMBERS + 1];
    let (status, body) = evaluate(
        &app,
        json!({"version": "V2026", "sheet": 1, "members": members}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(first_field(&body), ("members", "too_many"));

    let (status, body) = evaluate(
        &app,
        json!({"version": "V2026", "sheet": 1, "members": [{"name": "x".repeat(201), "choices": best(1)}]}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(first_field(&body), ("members[0].name", "too_long"));

    let (status, body) = evaluate(
        &app,
        json!({"version": "V".repeat(100_000), "members": [member]}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(first_field(&body), ("version", "too_long"));
    assert!(
        body.to_string().len() < 1_000,
        "the long value is not echoed back"
    );

    let knockouts = vec!["forged_dossier"; 17];
    let (status, body) = evaluate(
        &app,
        json!({"version": "V2026", "sheet": 1, "members": [{"choices": best(1)}], "knockouts": knockouts}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(first_field(&body), ("knockouts", "too_many"));

    let padded = format!("[{}]", " ".repeat(5 * 1024 * 1024));
    let response = reqwest::Client::new()
        .post(app.url("/api/v1/scoring/evaluate-batch"))
        .header("Content-Type", "application/json")
        .body(padded)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);

    // A form post is bounded too (1 MiB), and the server still answers.
    let response = reqwest::Client::new()
        .post(app.url("/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!(
            "email=a%40b.vn&password={}",
            "x".repeat(2 * 1024 * 1024)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    let health = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(health.status(), 200);
}

// ---- Scoring on a phone, and the advice page ------------------------------------------

/// The text between `start` and the first `end` after it.
fn between<'a>(page: &'a str, start: &str, end: &str) -> &'a str {
    let from = page
        .find(start)
        .unwrap_or_else(|| panic!("{start} in the page"));
    let rest = &page[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// The option of `criterion` on sheet 1 worth `points`.
fn option_worth(criterion: &str, points: u32) -> u32 {
    let leaves = sheet(1).leaves();
    let criterion = leaves
        .iter()
        .find(|leaf| leaf.criterion.id == criterion)
        .unwrap()
        .criterion;
    criterion
        .options
        .iter()
        .position(|o| o.points == points)
        .unwrap() as u32
        + 1
}

#[tokio::test]
async fn an_empty_form_shows_no_stars_until_something_is_chosen() {
    let app = spawn_app().await;
    let (status, page) = text(
        app.browser()
            .get(app.url("/scoring/V2026/1"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(page.contains("Chọn mức cho từng tiêu chí để xem điểm và hạng sao."));
    assert!(
        !page.contains("class=\"verdict\""),
        "no stars before a choice"
    );
    assert!(!page.contains("Để đạt"), "no advice before a choice");
    let live = between(&page, "<p id=\"live-summary\"", "</p>");
    assert!(live.contains("Chưa chấm"), "{live}");
    assert!(!live.contains(" sao"), "{live}");

    // The same for htmx, then one choice brings the verdict.
    let fragment = |fields: Vec<(String, String)>| {
        let request = app
            .browser()
            .post(app.url("/scoring/V2026/1/results"))
            .form(&fields);
        async move { text(request.send().await.unwrap()).await }
    };
    let (_, blank) = fragment(form(&BTreeMap::new(), "compute")).await;
    assert!(blank.contains("Chọn mức cho từng tiêu chí"));
    assert!(!blank.contains("class=\"verdict\""));
    let chosen = BTreeMap::from([("1.1".to_owned(), 1)]);
    let (_, scored) = fragment(form(&chosen, "compute")).await;
    assert!(!scored.contains("Chọn mức cho từng tiêu chí"));
    assert!(scored.contains("class=\"verdict\""));
    // A knock-out alone is a choice too: the dossier is rejected.
    let (_, rejected) = fragment(vec![("ko".to_owned(), "forged_dossier".to_owned())]).await;
    assert!(rejected.contains("Hồ sơ bị loại"));
    assert!(!rejected.contains("Chọn mức cho từng tiêu chí"));
}

#[tokio::test]
async fn the_sticky_bar_keeps_total_parts_and_stars_in_view() {
    let app = spawn_app().await;
    let choices = worked_example();
    let answers = ocop_domain::scoring::Answers {
        members: vec![ocop_domain::scoring::MemberAnswers {
            name: "x".to_owned(),
            choices: choices.clone(),
        }],
        ..Default::default()
    };
    let set = Library::embedded().version("V2026").unwrap();
    let parts = ocop_domain::scoring::evaluate(set, 1, &answers)
        .unwrap()
        .members[0]
        .parts;

    // Without JavaScript: the bar at the bottom of the form holds the summary and buttons.
    let (status, page) = text(
        app.browser()
            .post(app.url("/scoring/V2026/1"))
            .form(&form(&choices, "compute"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    let bar = between(&page, "<div class=\"form-actions\">", "</form>");
    assert!(bar.contains("Tổng <strong>75</strong>/100"), "{bar}");
    for (code, points, max) in [("A", parts.a, 40), ("B", parts.b, 25), ("C", parts.c, 35)] {
        assert!(
            bar.contains(&format!(">{code} {points}/{max}</span>")),
            "{bar}"
        );
    }
    assert!(bar.contains("★ 3 sao"), "{bar}");
    assert!(bar.contains(">Tính điểm</button>"));
    assert!(
        bar.contains("href=\"#results\""),
        "a way down to the full results"
    );

    // With htmx: the same summary comes along out of band.
    let (_, fragment) = text(
        app.browser()
            .post(app.url("/scoring/V2026/1/results"))
            .form(&form(&choices, "compute"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let live = between(&fragment, "<p id=\"live-summary\"", "</p>");
    assert!(live.contains("hx-swap-oob=\"true\""), "{live}");
    assert!(live.contains("Tổng <strong>75</strong>/100"), "{live}");
    assert!(live.contains("★ 3 sao"), "{live}");
}

#[tokio::test]
async fn sections_fold_answers_are_large_tap_targets_and_headings_keep_their_score_apart() {
    let app = spawn_app().await;
    let (_, page) = text(
        app.browser()
            .get(app.url("/scoring/V2026/1"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let sections: usize = sheet(1).parts.iter().map(|p| p.sections.len()).sum();
    assert_eq!(
        page.matches("<details class=\"section\">").count(),
        sections
    );
    // The heading and its score are two elements side by side, never one run of text.
    assert!(page.contains(
        "<h2 class=\"heading\"><span class=\"title\">Phần A: SẢN PHẨM VÀ SỨC MẠNH CỦA CỘNG ĐỒNG</span> <span id=\"part-A\" class=\"subtotal\">0/40</span></h2>"
    ));
    assert!(page.contains(
        "<summary class=\"heading\"><span class=\"title\">1. TỔ CHỨC SẢN XUẤT</span> <span id=\"sec-1\" class=\"subtotal\">0/18</span></summary>"
    ));
    // Every answer is a whole label to tap, its text beside the button.
    let radios = page.matches("type=\"radio\"").count();
    assert!(radios > 50);
    assert_eq!(
        page.matches("<label class=\"option\"><input type=\"radio\"")
            .count(),
        radios
    );
    let css = app
        .browser()
        .get(app.url("/static/scoring.css"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let rule = between(
        &css,
        ".scoring-form label.option, .scoring-form label.check {",
        "}",
    );
    assert!(rule.contains("min-height: 44px"), "{rule}");
    let heading = between(&css, ".heading {", "}");
    assert!(
        heading.contains("display: flex") && heading.contains("gap"),
        "{heading}"
    );
}

#[tokio::test]
async fn advice_leads_with_the_next_star_cheapest_first_and_folds_the_stars_beyond() {
    let app = spawn_app().await;
    let product = dinh_trung_product(&app).await;
    let producer = app.login("chuthe.dinhtrung@ocop.demo").await;
    // Two 4-star minimums unmet: 2.1 lacks 2 points, 6.2 lacks 1 (law order: 2.1 first).
    // Two 5-star ones: 1.3 lacks 2 points, 1.5 lacks 1.
    let mut choices = best(1);
    choices.insert("2.1".to_owned(), option_worth("2.1", 1));
    choices.insert("6.2".to_owned(), option_worth("6.2", 2));
    choices.insert("1.3".to_owned(), option_worth("1.3", 1));
    choices.insert("1.5".to_owned(), option_worth("1.5", 2));
    let response = producer
        .post(app.url(&format!("/products/{}/score", product.id)))
        .form(&form(&choices, "save"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);

    let (status, advice) = text(
        producer
            .get(app.url(&format!("/products/{}/advice", product.id)))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        advice.contains("<section class=\"advice-page\">"),
        "a wide page"
    );
    assert!(advice.contains("<strong>3 sao</strong>"));
    let next = between(&advice, "<section class=\"next-star\">", "</section>");
    assert!(next.contains("Để đạt 4 sao"), "{next}");
    assert!(next.contains("Việc bắt buộc trước, việc thiếu ít điểm nhất trước"));
    let steps = between(next, "<ol class=\"steps\">", "</ol>");
    let (first, second) = (
        steps.find("<strong>6.2</strong>").expect("6.2 listed"),
        steps.find("<strong>2.1</strong>").expect("2.1 listed"),
    );
    assert!(first < second, "the smallest gap first: {steps}");
    assert!(
        steps.contains("Đang được 2 điểm, cần 3 điểm (thêm 1)."),
        "in plain words: {steps}"
    );
    assert!(
        !steps.contains("1.3") && !steps.contains("1.5"),
        "5-star items wait"
    );
    assert!(!advice.contains("hiện 0"), "no cryptic figures");

    // The star beyond is folded below the next one, its own minimums cheapest first.
    let further = between(&advice, "<section class=\"further-stars\">", "</section>");
    assert!(advice.find("Để đạt 4 sao").unwrap() < advice.find("further-stars").unwrap());
    let five = between(further, "<details>", "</details>");
    assert!(five.contains("<summary>5 sao</summary>"), "{five}");
    assert!(five.contains("Điểm trung bình từ 90 điểm"), "{five}");
    assert!(
        five.find("<strong>1.5</strong>").unwrap() < five.find("<strong>1.3</strong>").unwrap(),
        "{five}"
    );

    // In English too.
    let english = app.login("chuthe.dinhtrung@ocop.demo").await;
    english.get(app.url("/lang/en")).send().await.unwrap();
    let (_, advice) = text(
        english
            .get(app.url(&format!("/products/{}/advice", product.id)))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(advice.contains("To reach 4 stars"));
    assert!(advice.contains("Now 2 points, 3 needed (+1)."));
    assert!(advice.contains("<summary>5 stars</summary>"));
}
