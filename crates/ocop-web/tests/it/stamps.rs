//! Stamps over real HTTP: the authorization matrix of issuing and reading series (role × own
//! or foreign unit), a recalled lot's 409, bounded input, and the downloads: a real PDF with
//! one page per sheet of labels, a CSV with one row per stamp, SVG and PNG QR codes, and the
//! public keys that check a signed stamp offline. No answer carries a key's secret.

use ocop_domain::stamp::{StampCode, signing};
use ocop_store::lots::Lot;
use ocop_store::stamps::StampSeries;
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{TestApp, spawn_app, spawn_app_with};

const PRODUCER: &str = "chuthe.dinhtrung@ocop.demo";

/// The demo producer's Miến dong lots: the active one and the recalled one.
async fn lots(app: &TestApp) -> (Lot, Lot) {
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
    let lots = app.store.lots_of_product(product.id).await.unwrap();
    let active = lots
        .iter()
        .find(|l| l.recall_reason.is_none())
        .cloned()
        .expect("an active demo lot");
    let recalled = lots
        .iter()
        .find(|l| l.recall_reason.is_some())
        .cloned()
        .expect("the recalled demo lot");
    (active, recalled)
}

async fn issue(app: &TestApp, token: &str, lot: Uuid, body: Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url(&format!("/api/v1/lots/{lot}/stamp-series")))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn get(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn issuing_and_reading_series_decide_by_role_and_unit() {
    let app = spawn_app().await;
    let (lot, _) = lots(&app).await;
    // (account, issue, list and download); the first issues the series the others download.
    let rows = [
        (PRODUCER, 201, 200),
        ("trunguong@ocop.demo", 403, 200),
        ("tinh.quangninh@ocop.demo", 201, 200),
        ("tinh.hanoi@ocop.demo", 403, 403),
        ("xa.binhlieu@ocop.demo", 201, 200),
        ("hoidong.quangninh@ocop.demo", 403, 403),
    ];
    let first = app.store.stamp_series_all().await.unwrap();
    let mut issued = None;
    for (email, may_issue, may_read) in rows {
        let token = app.token(email).await;
        let before = app.store.stamp_series_all().await.unwrap().len();
        let answer = issue(&app, &token, lot.id, json!({"count": 3})).await;
        assert_eq!(answer.status().as_u16(), may_issue, "{email} issues");
        let body: Value = answer.json().await.unwrap();
        if may_issue == 201 {
            assert_eq!(body["count"], 3);
            issued = body["id"].as_str().map(str::to_owned);
        } else {
            assert_eq!(
                app.store.stamp_series_all().await.unwrap().len(),
                before,
                "{email} refused but a series was stored"
            );
        }
        let list = get(
            &app,
            &token,
            &format!("/api/v1/lots/{}/stamp-series", lot.id),
        )
        .await;
        assert_eq!(list.status().as_u16(), may_read, "{email} lists");
        let series = issued.as_deref().unwrap();
        let csv = get(
            &app,
            &token,
            &format!("/api/v1/stamp-series/{series}/codes.csv"),
        )
        .await;
        assert_eq!(csv.status().as_u16(), may_read, "{email} downloads");
    }
    assert_eq!(
        app.store.stamp_series_all().await.unwrap().len(),
        first.len() + 3
    );
    // Without an account: 401; an unknown lot or series: 404.
    let anonymous = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/lots/{}/stamp-series", lot.id)))
        .json(&json!({"count": 3}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let token = app.token(PRODUCER).await;
    let unknown = issue(&app, &token, Uuid::now_v7(), json!({"count": 3})).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    for path in [
        format!("/api/v1/stamp-series/{}/labels.pdf", Uuid::now_v7()),
        "/api/v1/stamp-series/not-a-uuid/codes.csv".to_owned(),
    ] {
        assert_eq!(get(&app, &token, &path).await.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn bad_input_and_recalled_lots_are_refused_with_reasons() {
    let app = spawn_app().await;
    let (lot, recalled) = lots(&app).await;
    let token = app.token(PRODUCER).await;
    let before = app.store.stamp_series_all().await.unwrap().len();
    for (body, field) in [
        (json!({"count": 0}), "count"),
        (json!({"count": 1_000_001}), "count"),
        (json!({}), "count"),
        (json!({"count": 5, "label_width_mm": 10}), "label_width_mm"),
        (json!({"count": 5, "colour": "red"}), "colour"),
    ] {
        let answer = issue(&app, &token, lot.id, body.clone()).await;
        assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let error: Value = answer.json().await.unwrap();
        assert!(
            error["fields"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["field"] == field),
            "{body}: {error}"
        );
    }
    let answer = issue(&app, &token, recalled.id, json!({"count": 5})).await;
    assert_eq!(answer.status(), StatusCode::CONFLICT);
    let error: Value = answer.json().await.unwrap();
    assert!(
        error["message"].as_str().unwrap().contains("thu hồi"),
        "{error}"
    );
    assert_eq!(app.store.stamp_series_all().await.unwrap().len(), before);
}

#[tokio::test]
async fn downloads_are_a_real_pdf_a_full_csv_and_the_qr_codes() {
    let app = spawn_app().await;
    let (lot, _) = lots(&app).await;
    let token = app.token(PRODUCER).await;
    let answer = issue(
        &app,
        &token,
        lot.id,
        json!({"count": "120", "label_width_mm": 30, "label_height_mm": 40}),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::CREATED);
    let series: Value = answer.json().await.unwrap();
    let id = series["id"].as_str().unwrap();
    // 6 × 6 labels of 30 × 40 mm on A4: 120 labels are 4 pages.
    assert_eq!(series["labels_per_page"], 36);
    let text = series.to_string();
    assert!(!text.contains("secret"), "{text}");

    let pdf = get(
        &app,
        &token,
        &format!("/api/v1/stamp-series/{id}/labels.pdf"),
    )
    .await;
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let bytes = pdf.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    assert_eq!(doc.get_pages().len(), 120usize.div_ceil(36));
    let part_two = get(
        &app,
        &token,
        &format!("/api/v1/stamp-series/{id}/labels.pdf?part=2"),
    )
    .await;
    assert_eq!(part_two.status(), StatusCode::NOT_FOUND);

    let csv = get(
        &app,
        &token,
        &format!("/api/v1/stamp-series/{id}/codes.csv"),
    )
    .await;
    assert_eq!(csv.status(), StatusCode::OK);
    let csv = csv.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 120);
    assert_eq!(lines[0], "index,serial,tag,code,url,gs1_url");
    // Each row's code verifies with the stored keys, and its URL is the printed form.
    let ring = app.store.stamp_keys().await.unwrap();
    let first: Vec<&str> = lines[1].split(',').collect();
    let parsed = StampCode::parse(first[3]).unwrap();
    let stamp = ring.verify(&parsed).unwrap();
    assert_eq!(stamp.index, 0);
    assert!(first[4].starts_with("HTTPS://") && first[4].ends_with(first[3]));
    assert_eq!(first[4], first[4].to_uppercase());

    let svg = get(
        &app,
        &token,
        &format!("/api/v1/stamp-series/{id}/stamps/1.svg"),
    )
    .await;
    assert_eq!(svg.status(), StatusCode::OK);
    let svg = svg.text().await.unwrap();
    let url = first[4];
    assert!(svg.contains(&format!("<title>{url}</title>")), "{svg}");
    // The drawn code is the QR code of that URL.
    assert_eq!(svg, ocop_render::labels::qr_svg(url, 240).unwrap());
    let png = get(
        &app,
        &token,
        &format!("/api/v1/stamp-series/{id}/stamps/120.png"),
    )
    .await;
    assert_eq!(png.status(), StatusCode::OK);
    assert!(png.bytes().await.unwrap().starts_with(b"\x89PNG"));
    for missing in ["0.svg", "121.svg", "1.gif", "x.svg", "99999999999.png"] {
        let answer = get(
            &app,
            &token,
            &format!("/api/v1/stamp-series/{id}/stamps/{missing}"),
        )
        .await;
        assert_eq!(answer.status(), StatusCode::NOT_FOUND, "{missing}");
    }
}

#[tokio::test]
async fn a_signed_stamp_is_checked_offline_with_the_published_key() {
    let app = spawn_app_with(|config| config.stamp_signing = true).await;
    let (lot, _) = lots(&app).await;
    let token = app.token(PRODUCER).await;
    let answer = issue(&app, &token, lot.id, json!({"count": 2})).await;
    assert_eq!(answer.status(), StatusCode::CREATED);
    let series: Value = answer.json().await.unwrap();
    assert_eq!(series["signed"], true);
    let id = series["id"].as_str().unwrap();
    let csv = get(
        &app,
        &token,
        &format!("/api/v1/stamp-series/{id}/codes.csv"),
    )
    .await
    .text()
    .await
    .unwrap();
    let url = csv
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(4)
        .unwrap()
        .to_owned();

    // A third party: the URL and the published document, nothing else.
    let keys: Value = reqwest::get(app.url("/.well-known/ocop-stamp-keys.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (path, signature) = url.split_once("?s=").unwrap();
    let code = StampCode::parse(path.rsplit('/').next().unwrap())
        .unwrap()
        .code();
    let kid = code.tag()[..1].to_owned();
    let key = keys["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == kid.as_str())
        .unwrap();
    assert_eq!(
        (key["kty"].as_str(), key["crv"].as_str()),
        (Some("OKP"), Some("Ed25519"))
    );
    use base64::Engine;
    let public: [u8; 32] = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(key["x"].as_str().unwrap())
        .unwrap()
        .try_into()
        .unwrap();
    assert!(signing::verify(&public, &code, signature));
    let other = StampCode::parse(csv.lines().nth(2).unwrap().split(',').nth(3).unwrap())
        .unwrap()
        .code();
    assert!(!signing::verify(&public, &other, signature));
    // The resolver checks a signature it is given: the stamp's own opens its page; another
    // stamp's code with it is refused as a forged code is.
    let printed = &url[url.find("/V/").unwrap()..];
    let own = reqwest::get(app.url(printed)).await.unwrap();
    assert_eq!(own.status(), StatusCode::OK);
    let borrowed = reqwest::get(app.url(&format!("/V/{other}?s={signature}")))
        .await
        .unwrap();
    assert_eq!(borrowed.status(), StatusCode::NOT_FOUND);
    // The document holds public keys only: no stored secret appears in it.
    let ring = app.store.stamp_keys().await.unwrap();
    let document = keys.to_string();
    for k in ring.keys() {
        let hex: String = k.secret().iter().map(|b| format!("{b:02x}")).collect();
        assert!(!document.contains(&hex));
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(k.secret());
        assert!(!document.contains(&b64));
    }
}

#[tokio::test]
async fn the_lot_stamps_page_issues_a_series_and_links_its_downloads() {
    let app = spawn_app().await;
    let (lot, recalled) = lots(&app).await;
    let browser = app.login(PRODUCER).await;
    let page = browser
        .get(app.url(&format!("/admin/lots/{}/stamps", lot.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Phát hành tem"));
    let bad = browser
        .post(app.url(&format!("/admin/lots/{}/stamps", lot.id)))
        .form(&[
            ("count", "0"),
            ("label_width_mm", "24"),
            ("label_height_mm", "33"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.text()
            .await
            .unwrap()
            .contains("Số tem phải là số nguyên từ 1 đến 1000000")
    );
    let done = browser
        .post(app.url(&format!("/admin/lots/{}/stamps", lot.id)))
        .form(&[
            ("count", "10"),
            ("label_width_mm", "24"),
            ("label_height_mm", "33"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    let location = done.headers()["location"].to_str().unwrap().to_owned();
    let page = browser
        .get(app.url(&location))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let series: Vec<StampSeries> = app.store.stamp_series_of_lot(lot.id).await.unwrap();
    let newest = &series[0];
    assert_eq!(newest.count, 10);
    assert!(page.contains(&format!(
        "/api/v1/stamp-series/{}/labels.pdf?part=1",
        newest.id
    )));
    // The page's own link downloads with the session.
    let pdf = browser
        .get(app.url(&format!(
            "/api/v1/stamp-series/{}/labels.pdf?part=1",
            newest.id
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), StatusCode::OK);
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF-"));
    // A recalled lot's page offers no form; posting anyway is a conflict.
    let page = browser
        .get(app.url(&format!("/admin/lots/{}/stamps", recalled.id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("name=\"count\""));
    let refused = browser
        .post(app.url(&format!("/admin/lots/{}/stamps", recalled.id)))
        .form(&[("count", "10")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    // Another province's officer is refused the page.
    let other = app.login("tinh.hanoi@ocop.demo").await;
    let page = other
        .get(app.url(&format!("/admin/lots/{}/stamps", lot.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::FORBIDDEN);
}
