//! The stamp resolver over real HTTP: a genuine stamp's page and JSON, a changed code refused
//! without a database query, the recall banner, the alert of a stamp scanned too often, the
//! GS1 Digital Link paths with their link types, `Link` header and description file, bad
//! input, the report form and the rate limits.

use std::time::Duration;

use ocop_domain::lot::{LotInput, RecallInput};
use ocop_domain::product::{ProductData, ProductInput, ProductStatus};
use ocop_domain::stamp::{IssueInput, StampCode};
use ocop_domain::taxonomy::Classification;
use ocop_store::Caller;
use ocop_store::products::ProductExtras;
use reqwest::header::{ACCEPT, LINK};

use crate::helpers::{TestApp, serve, spawn_app, spawn_app_with};

const GTIN: &str = "8935049500643";

/// A product with a GTIN, a lot of it and a series of `count` stamps: the codes.
struct Stamps {
    product_id: uuid::Uuid,
    lot_id: uuid::Uuid,
    series_id: uuid::Uuid,
    codes: Vec<String>,
}

async fn stamps(app: &TestApp, count: u32) -> Stamps {
    let s = &app.store;
    let system = Caller::system("test");
    let (producers, _) = s
        .list_producers(ocop_domain::access::Scope::Everything, &Default::default())
        .await
        .unwrap();
    let data = ProductData {
        name: "Miến dong tem thử".into(),
        classification: Classification::V2026 { sheet: 6 },
        description: None,
        story: Some("Miến làm từ củ dong riềng Bình Liêu.".into()),
        ingredients: None,
        packaging: None,
        gtin: Some(ocop_domain::identifiers::Gtin::parse(GTIN).unwrap()),
        status: ProductStatus::Active,
    };
    let product = s
        .register_product(
            &system,
            producers[0].id,
            &ProductInput::from_data(&data),
            ProductExtras {
                stars: Some(4),
                ..ProductExtras::default()
            },
        )
        .await
        .unwrap();
    let lot = s
        .register_lot(&system, product.id, &lot_input("MD-2026-07"))
        .await
        .unwrap();
    let (series, codes) = issue(s, lot.id, count).await;
    Stamps {
        product_id: product.id,
        lot_id: lot.id,
        series_id: series.id,
        codes,
    }
}

/// A lot of the stamps' product numbered `lot_number`.
fn lot_input(lot_number: &str) -> LotInput {
    LotInput {
        lot_number: lot_number.into(),
        produced_on: "2026-07-01".into(),
        expires_on: "2028-07-01".into(),
        quantity: "500".into(),
        unit: "gói".into(),
        storage_notes: String::new(),
        materials: "Củ dong riềng | HTX Đồng Văn | Bình Liêu | VietGAP".into(),
    }
}

/// Issues a series of `count` stamps for `lot_id` through `store`: the series and its codes.
async fn issue(
    store: &ocop_store::Store,
    lot_id: uuid::Uuid,
    count: u32,
) -> (ocop_store::stamps::StampSeries, Vec<String>) {
    let system = Caller::system("test");
    let input = IssueInput {
        count: count.to_string(),
        label_width_mm: String::new(),
        label_height_mm: String::new(),
    };
    let series = store
        .issue_stamps(&system, lot_id, &input, false)
        .await
        .unwrap();
    let print = store.series_for_print(&system, series.id).await.unwrap();
    let codes = (0..count)
        .map(|i| StampCode::issue(&print.key, series.series_no, i).to_string())
        .collect();
    (series, codes)
}

/// The codes CSV is written in pieces by several threads from reused buffers; each row must
/// still be what the per-stamp functions print, in order, and its GS1 Digital Link URL must
/// resolve.
#[tokio::test]
async fn each_row_of_the_codes_csv_is_its_stamp_printed() {
    use ocop_web::routes::stamps::print;
    let app = spawn_app().await;
    let count = 40_000;
    let stamps = stamps(&app, count).await;
    let print = app
        .store
        .series_for_print(&Caller::system("test"), stamps.series_id)
        .await
        .unwrap();
    let mut one = Vec::new();
    assert_eq!(
        print::write_csv(&print, "ocop.example.vn", &mut one, 1).unwrap(),
        u64::from(count)
    );
    let mut three = Vec::new();
    print::write_csv(&print, "ocop.example.vn", &mut three, 3).unwrap();
    assert!(one == three, "one thread and three write the same file");
    let csv = String::from_utf8(one).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + count as usize);
    assert_eq!(lines[0], "index,serial,tag,code,url,gs1_url");
    for (i, line) in lines[1..].iter().enumerate() {
        let code = print::stamp_code(&print, i as u32);
        assert_eq!(code.to_string(), stamps.codes[i]);
        let url = print::stamp_url(&print, &code, "ocop.example.vn");
        let gs1 = print::gs1_url(&print, &code, "ocop.example.vn").expect("the product has a GTIN");
        let expected = format!(
            "{},{},{},{code},{url},{gs1}",
            i + 1,
            code.serial(),
            code.tag()
        );
        assert_eq!(*line, expected);
    }
    // Both printed URLs of a row open the stamp (the CSV and the per-stamp functions share
    // their prefixes, so the resolver is the check that those are right).
    for url in lines[20_000].split(',').skip(4) {
        let path = url.strip_prefix("HTTPS://OCOP.EXAMPLE.VN").unwrap();
        let answer = reqwest::get(app.url(path)).await.unwrap();
        assert_eq!(answer.status(), reqwest::StatusCode::OK, "{path}");
    }
}

/// A quiet server: nothing is written unless flushed and the change log is not read, so a
/// request's database use is its own.
async fn quiet_app() -> TestApp {
    spawn_app_with(|c| {
        c.resolver.scan_log.interval = Duration::from_secs(3600);
        c.resolver.scan_log.batch = 100_000;
        c.resolver.changes_every = Duration::from_secs(3600);
    })
    .await
}

/// `code` with its `at`-th character changed to another base32 digit.
fn changed(code: &str, at: usize) -> String {
    let mut bytes = code.as_bytes().to_vec();
    bytes[at] = if bytes[at] == b'7' { b'8' } else { b'7' };
    String::from_utf8(bytes).unwrap()
}

#[tokio::test]
async fn a_genuine_stamp_shows_the_product_and_its_history() {
    let app = spawn_app().await;
    let st = stamps(&app, 5).await;
    let client = reqwest::Client::new();
    let code = &st.codes[0];
    let page = client
        .get(app.url(&format!("/V/{code}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["cache-control"], "no-store");
    let link = page.headers()[LINK].to_str().unwrap().to_owned();
    assert!(link.contains("rel=\"https://gs1.org/voc/pip\""), "{link}");
    assert!(
        link.contains(&format!(
            "</01/0{GTIN}/10/MD-2026-07/21/{code}>; rel=\"owl:sameAs\""
        )),
        "{link}"
    );
    let html = page.text().await.unwrap();
    for text in [
        "Miến dong tem thử",
        "Tem chính hãng",
        "Genuine stamp",
        "Lần quét đầu tiên",
        "MD-2026-07",
        "HTX Đồng Văn",
        "Miến làm từ củ dong riềng",
        "Sản phẩm OCOP 4 sao",
        "Báo cáo vấn đề",
    ] {
        assert!(html.contains(text), "{text}");
    }
    // Lower case is the same stamp; its history now shows the first scan.
    let lower = client
        .get(app.url(&format!("/v/{}", code.to_lowercase())))
        .send()
        .await
        .unwrap();
    assert_eq!(lower.status(), 200);
    assert!(
        lower
            .text()
            .await
            .unwrap()
            .contains("Đã quét 1 lần, lần đầu")
    );
    // JSON.
    let json: serde_json::Value = client
        .get(app.url(&format!("/v/{code}")))
        .header(ACCEPT, "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(json["genuine"], true);
    assert_eq!(json["code"], code.as_str());
    assert_eq!(json["product"]["name"], "Miến dong tem thử");
    assert_eq!(json["lot"]["lot_number"], "MD-2026-07");
    assert_eq!(json["scans"]["before"], 2);
    assert_eq!(json["certificate"]["status"], "valid");
    assert!(json["recall"].is_null());
    // HEAD carries the links without a body.
    let head = client
        .head(app.url(&format!("/v/{code}")))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), 200);
    assert!(head.headers().contains_key(LINK));
    // Scans are written by the writer.
    app.state.resolver.scan_log().flush().await;
    assert_eq!(
        app.store
            .scan_count(&code[..10])
            .await
            .unwrap()
            .unwrap()
            .count,
        4
    );
}

#[tokio::test]
async fn a_changed_code_is_refused_without_touching_the_database() {
    let app = quiet_app().await;
    let st = stamps(&app, 3).await;
    let client = reqwest::Client::new();
    let code = &st.codes[0];
    // Warm: keys, series and the lot are in memory.
    assert_eq!(
        client
            .get(app.url(&format!("/v/{code}")))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let ours = app
        .store
        .stamp_series_of_lot(st.lot_id)
        .await
        .unwrap()
        .remove(0);
    let never_issued = {
        let print = app
            .store
            .series_for_print(&Caller::system("test"), ours.id)
            .await
            .unwrap();
        StampCode::issue(&print.key, 999, 0).to_string()
    };
    let mut bad: Vec<String> = (0..21)
        .filter(|&i| i != 10)
        .map(|i| changed(code, i))
        .collect();
    bad.extend([
        code.replace('.', "-"),
        format!("{code}0"),
        code[..20].to_owned(),
        "A".repeat(5000),
        "%00%01".into(),
        // A tag under key 31, which does not exist.
        format!("{}.Z{}", &code[..10], &code[12..]),
        // Index 3 of a series of 3: a valid tag.
        StampCode::issue(
            &app.store
                .series_for_print(&Caller::system("test"), ours.id)
                .await
                .unwrap()
                .key,
            ours.series_no,
            3,
        )
        .to_string(),
    ]);
    for code in &bad {
        let before = app.store.queries_run();
        let response = client
            .get(app.url(&format!("/v/{code}")))
            .send()
            .await
            .unwrap();
        let status = response.status();
        let body = response.text().await.unwrap();
        assert_eq!(
            app.store.queries_run(),
            before,
            "{code} touched the database"
        );
        assert_eq!(status, 404, "{code}");
        assert!(body.contains("Không tìm thấy tem"), "{code}");
    }
    // A valid tag of a series numbered above those in memory: the series are read again
    // (another server may have issued it a moment ago) before it is called never issued.
    let response = client
        .get(app.url(&format!("/v/{never_issued}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    // Many at once share loads (two statements each): a leaked key cannot make each scan a
    // database read.
    let before = app.store.queries_run();
    let many = (0..30).map(|_| client.get(app.url(&format!("/v/{never_issued}"))).send());
    for response in futures_util::future::join_all(many).await {
        assert_eq!(response.unwrap().status(), 404);
    }
    let statements = app.store.queries_run() - before;
    assert!(statements < 30, "{statements} statements for 30 scans");
    // The index past its series' count and the series never issued each raised a key-leak
    // alert, through the writer.
    assert_eq!(never_issued_alerts(&app).await, 2);
}

/// The key-leak alerts ("never issued") once the scan log has written what it holds.
async fn never_issued_alerts(app: &TestApp) -> usize {
    app.state.resolver.scan_log().flush().await;
    let dashboard = app
        .store
        .scan_dashboard(&Caller::system("test"))
        .await
        .unwrap();
    dashboard
        .alerts
        .iter()
        .filter(|a| a.kind == ocop_domain::scan::AlertKind::NeverIssued)
        .count()
}

#[tokio::test]
async fn a_genuine_stamp_is_not_called_unknown_while_the_keys_cannot_be_read() {
    let app = spawn_app().await;
    let st = stamps(&app, 1).await;
    // A second server on the same store whose resolver has loaded nothing yet; then the
    // database goes away, so its first load cannot finish.
    let state = ocop_web::AppState::new(
        app.store.clone(),
        ocop_web::WebConfig {
            resolver: ocop_web::routes::resolver::memory::ResolverSettings {
                load_wait: Duration::from_millis(200),
                ..Default::default()
            },
            ..ocop_web::WebConfig::default()
        },
    );
    let address = serve(state).await;
    app.store.close().await;
    let client = reqwest::Client::new();
    let url = format!("{address}/v/{}", st.codes[0]);
    let page = client.get(&url).send().await.unwrap();
    assert_eq!(page.status(), 503);
    assert_eq!(page.headers()["retry-after"], "5");
    let body = page.text().await.unwrap();
    assert!(body.contains("Chưa kiểm tra được tem"), "{body}");
    assert!(!body.contains("Không tìm thấy tem"), "{body}");
    let json = client
        .get(&url)
        .header(ACCEPT, "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), 503);
    let value: serde_json::Value = json.json().await.unwrap();
    assert_eq!(value["code"], "unavailable");
    // A consumer's report waits for the stamp to be checked too.
    let report = client
        .post(format!("{address}/api/v1/stamps/{}/reports", st.codes[0]))
        .json(&serde_json::json!({"kind": "quality", "message": "Bao bì bị rách"}))
        .send()
        .await
        .unwrap();
    assert_eq!(report.status(), 503);
    // A malformed code needs no keys: still a plain 404.
    let malformed = client
        .get(format!("{address}/v/NOT-A-CODE"))
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 404);
}

/// The label's expiry is a day in Vietnam (UTC+7): the lot is past it from midnight there,
/// while it is still the same day in UTC.
#[tokio::test]
async fn a_lot_is_past_its_expiry_from_midnight_in_vietnam() {
    let app = spawn_app().await;
    let st = stamps(&app, 1).await;
    let client = reqwest::Client::new();
    // The lot expires on 2028-07-01: 23:30 that day in Vietnam, then 00:30 the day after.
    for (now, expired) in [
        ("2028-07-01T16:30:00Z", false),
        ("2028-07-01T17:30:00Z", true),
    ] {
        let now = time::OffsetDateTime::parse(now, &time::format_description::well_known::Rfc3339)
            .unwrap();
        let store = app.store.clone().with_clock(ocop_store::Clock::fixed(now));
        let address = serve(ocop_web::AppState::new(
            store,
            ocop_web::WebConfig::default(),
        ))
        .await;
        let page = client
            .get(format!("{address}/v/{}", st.codes[0]))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert_eq!(html.contains("Đã hết hạn"), expired, "at {now}: {html}");
    }
}

/// Asks for `code` until the resolver answers it (once its reload is done), at most 5 s.
async fn answered_once_loaded(app: &TestApp, code: &str) {
    let mut answered = Vec::new();
    for _ in 0..100 {
        let status = status_of(app, code).await;
        answered.push(status);
        if status == reqwest::StatusCode::OK {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never answered: {answered:?}");
}

/// The status of a stamp's page.
async fn status_of(app: &TestApp, code: &str) -> reqwest::StatusCode {
    reqwest::get(app.url(&format!("/v/{code}")))
        .await
        .unwrap()
        .status()
}

/// Another server on the same database issues a series: no notice in this process tells this
/// one, but the database's change log does, within a second, long before the periodic reload
/// (a minute); the reload reads only the series numbered above those it has. The new codes
/// verify after it, and the series read before still do.
#[tokio::test]
async fn a_series_issued_by_another_server_is_read_from_the_change_log() {
    let app = spawn_app_with(|c| c.resolver.reload_every = Duration::from_secs(3600)).await;
    let first = stamps(&app, 1).await;
    assert_eq!(status_of(&app, &first.codes[0]).await, 200);
    let other = ocop_store::Store::open(&app.database_url).await.unwrap();
    let (_, new_codes) = issue(&other, first.lot_id, 3).await;
    answered_once_loaded(&app, &new_codes[2]).await;
    assert_eq!(status_of(&app, &first.codes[0]).await, 200);
}

/// A code of a series another server issued a moment ago, scanned before this server has read
/// the change log (here it never does): the resolver reads the new series before calling the
/// code never issued. Before, a genuine stamp read "not found" and raised a key-leak alert.
#[tokio::test]
async fn a_code_of_a_series_issued_elsewhere_a_moment_ago_is_genuine() {
    let app = spawn_app_with(|c| {
        c.resolver.reload_every = Duration::from_secs(3600);
        c.resolver.changes_every = Duration::from_secs(3600);
    })
    .await;
    let first = stamps(&app, 1).await;
    assert_eq!(status_of(&app, &first.codes[0]).await, 200);
    let other = ocop_store::Store::open(&app.database_url).await.unwrap();
    let (_, new_codes) = issue(&other, first.lot_id, 3).await;
    assert_eq!(status_of(&app, &new_codes[2]).await, 200);
    assert_eq!(status_of(&app, &new_codes[0]).await, 200);
    assert_eq!(never_issued_alerts(&app).await, 0);
}

/// A new series changes no lot's view, so the views in memory are kept: before, issuing one
/// dropped them all and every lot on sale was read again at its next scan.
#[tokio::test]
async fn issuing_a_series_keeps_the_lot_views_in_memory() {
    let app = quiet_app().await;
    let st = stamps(&app, 1).await;
    assert_eq!(status_of(&app, &st.codes[0]).await, 200);
    // A series for another lot of the product.
    let system = Caller::system("test");
    let other = app
        .store
        .register_lot(&system, st.product_id, &lot_input("MD-2026-08"))
        .await
        .unwrap();
    let (_, new_codes) = issue(&app.store, other.id, 1).await;
    // Once the resolver knows the new series (its reload done) …
    answered_once_loaded(&app, &new_codes[0]).await;
    // … the first lot's stamp is answered from memory still.
    let before = app.store.queries_run();
    assert_eq!(status_of(&app, &st.codes[0]).await, 200);
    assert_eq!(
        app.store.queries_run(),
        before,
        "the lot's view was read again"
    );
}

/// A lot's view read again after its time keeps the rendered page when nothing changed, and
/// renders it anew when something did (here a lab test added).
#[tokio::test]
async fn a_lot_read_again_unchanged_keeps_its_page() {
    use ocop_web::routes::resolver::memory::{LotEntry, Resolver, ResolverSettings};
    let app = quiet_app().await;
    let st = stamps(&app, 1).await;
    let resolver = Resolver::start(
        app.store.clone(),
        ResolverSettings {
            lot_ttl: Duration::ZERO,
            ..ResolverSettings::default()
        },
    );
    // The next reading after `entry`: asking again starts it (the view is past its time at
    // once), and the entry it leaves is answered once it is done.
    let next = async |entry: &std::sync::Arc<LotEntry>| {
        for _ in 0..500 {
            let now = resolver.lot(st.lot_id, app.store.now()).await.unwrap();
            if !std::sync::Arc::ptr_eq(&now, entry) {
                return now;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the lot was not read again");
    };
    let first = resolver.lot(st.lot_id, app.store.now()).await.unwrap();
    let again = next(&first).await;
    assert!(
        std::sync::Arc::ptr_eq(&again.page, &first.page),
        "an unchanged view was rendered again"
    );
    app.store
        .record_lab_test(
            &Caller::system("test"),
            st.lot_id,
            &ocop_domain::lot::LabTestInput {
                lab_name: "Viện Kiểm nghiệm Quảng Ninh".into(),
                tested_on: "2026-06-01".into(),
                results: "Độ ẩm | 12 | %".into(),
            },
            None,
        )
        .await
        .unwrap();
    let mut changed = next(&again).await;
    while changed.view.tests.is_empty() {
        changed = next(&changed).await;
    }
    assert!(!std::sync::Arc::ptr_eq(&changed.page, &first.page));
    assert!(
        changed
            .page
            .lot_html
            .contains("Viện Kiểm nghiệm Quảng Ninh")
    );
}

#[tokio::test]
async fn a_recalled_lot_shows_the_banner_and_gs1_answers_gone() {
    let app = spawn_app().await;
    let st = stamps(&app, 2).await;
    let client = reqwest::Client::new();
    let code = &st.codes[1];
    let page = client
        .get(app.url(&format!("/v/{code}")))
        .send()
        .await
        .unwrap();
    assert!(!page.text().await.unwrap().contains("THU HỒI"));
    app.store
        .recall_lot(
            &Caller::system("test"),
            st.lot_id,
            &RecallInput {
                reason: "Phát hiện nấm mốc trong mẫu lưu".into(),
            },
        )
        .await
        .unwrap();
    // The recall reaches the resolver's memory at once.
    let mut html = String::new();
    for _ in 0..50 {
        html = client
            .get(app.url(&format!("/v/{code}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if html.contains("LÔ SẢN PHẨM ĐÃ BỊ THU HỒI") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(html.contains("LÔ SẢN PHẨM ĐÃ BỊ THU HỒI"));
    assert!(html.contains("THIS LOT HAS BEEN RECALLED"));
    assert!(html.contains("Phát hiện nấm mốc trong mẫu lưu"));
    let gone = client
        .get(app.url(&format!("/01/0{GTIN}/10/MD-2026-07/21/{code}")))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 410);
    assert!(gone.headers().contains_key(LINK));
    assert!(gone.text().await.unwrap().contains("THU HỒI"));
    let json: serde_json::Value = client
        .get(app.url(&format!("/v/{code}")))
        .header(ACCEPT, "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(json["recall"]["reason"], "Phát hiện nấm mốc trong mẫu lưu");
}

/// The stamp page's text once it contains `wanted`, tried for a second (the notice of a change
/// reaches the resolver's memory through its own task); else the last text.
async fn page_once_it_shows(app: &TestApp, code: &str, wanted: &str) -> String {
    let mut html = String::new();
    for _ in 0..150 {
        html = reqwest::get(app.url(&format!("/v/{code}")))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if html.contains(wanted) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    html
}

/// A product's or producer's details corrected in the back office show on the next scan of
/// their stamps, told by this process's store (the change log is not read here), not once the
/// lot's view has had its time.
#[tokio::test]
async fn a_corrected_product_or_producer_shows_at_the_next_scan() {
    let app = quiet_app().await;
    let st = stamps(&app, 1).await;
    let code = &st.codes[0];
    let system = Caller::system("test");
    let product = app.store.product(st.product_id).await.unwrap();
    let producer = app.store.producer(product.producer_id).await.unwrap();
    let html = page_once_it_shows(&app, code, "Miến dong tem thử").await;
    assert!(html.contains(&producer.data.name));

    let renamed = ProductData {
        name: "Miến dong Bình Liêu loại đặc biệt".into(),
        story: Some("Củ dong riềng trồng trên đồi Đồng Văn.".into()),
        ..product.data.clone()
    };
    app.store
        .change_product(&system, product.id, &ProductInput::from_data(&renamed))
        .await
        .unwrap();
    let html = page_once_it_shows(&app, code, "Miến dong Bình Liêu loại đặc biệt").await;
    assert!(html.contains("Miến dong Bình Liêu loại đặc biệt"));
    assert!(html.contains("Củ dong riềng trồng trên đồi Đồng Văn."));
    assert!(!html.contains("Miến dong tem thử"));

    let mut data = producer.data.clone();
    data.name = "HTX Miến dong Đồng Văn (đổi tên)".into();
    app.store
        .change_producer(
            &system,
            producer.id,
            &ocop_domain::producer::ProducerInput::from_data(&data),
        )
        .await
        .unwrap();
    let html = page_once_it_shows(&app, code, "HTX Miến dong Đồng Văn (đổi tên)").await;
    assert!(html.contains("HTX Miến dong Đồng Văn (đổi tên)"));
}

/// A change made by another process (the CLI, another server: here a second store on the same
/// database, whose changes no notice in this process tells) shows within the change log's
/// reading interval: a product renamed, a lot recalled.
#[tokio::test]
async fn a_change_made_by_another_process_shows_from_the_change_log() {
    let app = spawn_app_with(|c| c.resolver.changes_every = Duration::from_millis(200)).await;
    let st = stamps(&app, 1).await;
    let code = &st.codes[0];
    page_once_it_shows(&app, code, "Miến dong tem thử").await;
    let other = ocop_store::Store::open(&app.database_url).await.unwrap();
    let system = Caller::system("cli");
    let product = other.product(st.product_id).await.unwrap();
    let renamed = ProductData {
        name: "Miến dong đổi tên từ dòng lệnh".into(),
        ..product.data.clone()
    };
    other
        .change_product(&system, product.id, &ProductInput::from_data(&renamed))
        .await
        .unwrap();
    let html = page_once_it_shows(&app, code, "Miến dong đổi tên từ dòng lệnh").await;
    assert!(html.contains("Miến dong đổi tên từ dòng lệnh"), "{html}");
    other
        .recall_lot(
            &system,
            st.lot_id,
            &RecallInput {
                reason: "Thu hồi từ dòng lệnh".into(),
            },
        )
        .await
        .unwrap();
    let html = page_once_it_shows(&app, code, "LÔ SẢN PHẨM ĐÃ BỊ THU HỒI").await;
    assert!(html.contains("Thu hồi từ dòng lệnh"), "{html}");
}

/// A change drops the views of the lots it touches, and only those: the others stay in
/// memory and are answered without the database.
#[tokio::test]
async fn a_change_drops_only_the_lot_views_it_touches() {
    use ocop_store::ViewChange;
    let app = quiet_app().await;
    let st = stamps(&app, 1).await;
    let resolver = &app.state.resolver;
    let producer_id = app.store.product(st.product_id).await.unwrap().producer_id;
    resolver.lot(st.lot_id, app.store.now()).await.unwrap();
    let read_again = || async {
        let before = app.store.queries_run();
        resolver.lot(st.lot_id, app.store.now()).await.unwrap();
        app.store.queries_run() != before
    };
    let others = uuid::Uuid::new_v4();
    for change in [
        ViewChange::Lot(others),
        ViewChange::Product(others),
        ViewChange::Producer(others),
    ] {
        resolver.forget(change);
        assert!(!read_again().await, "{change:?} dropped another lot's view");
    }
    for change in [
        ViewChange::Lot(st.lot_id),
        ViewChange::Product(st.product_id),
        ViewChange::Producer(producer_id),
    ] {
        resolver.forget(change);
        assert!(read_again().await, "{change:?} kept the lot's view");
    }
}

#[tokio::test]
async fn a_stamp_scanned_too_often_raises_an_alert_for_its_producer() {
    let app = spawn_app().await;
    let st = stamps(&app, 1).await;
    let client = reqwest::Client::builder()
        .local_address("127.0.0.3".parse::<std::net::IpAddr>().unwrap())
        .build()
        .unwrap();
    let code = &st.codes[0];
    let mut last = String::new();
    for _ in 0..21 {
        last = client
            .get(app.url(&format!("/v/{code}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
    }
    assert!(last.contains("Đã quét 20 lần"));
    assert!(last.contains("có thể là tem sao chép"));
    app.state.resolver.scan_log().flush().await;
    let dashboard = app
        .store
        .scan_dashboard(&Caller::system("test"))
        .await
        .unwrap();
    let alert = dashboard
        .alerts
        .iter()
        .find(|a| a.serial == code[..10])
        .expect("an alert");
    assert_eq!(alert.kind, ocop_domain::scan::AlertKind::ManyScans);
    assert_eq!(alert.product_name.as_deref(), Some("Miến dong tem thử"));
    let ours = dashboard
        .per_product
        .iter()
        .find(|p| p.product_id == st.product_id)
        .expect("the product's scans");
    assert_eq!(ours.scans, 21);
}

#[tokio::test]
async fn gs1_digital_link_paths_link_types_and_description() {
    let app = spawn_app().await;
    let st = stamps(&app, 2).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let code = &st.codes[0];
    let path = format!("/01/0{GTIN}/10/MD-2026-07/21/{code}");
    // Default link: the stamp's page.
    let r = client.get(app.url(&path)).send().await.unwrap();
    assert_eq!(r.status(), 307);
    assert_eq!(r.headers()["location"], format!("/v/{code}"));
    assert!(r.headers().contains_key(LINK));
    // GTIN-13 written without its leading zero is the same GTIN.
    let r = client
        .get(app.url(&format!(
            "/01/{GTIN}/10/MD-2026-07/21/{code}?linkType=gs1:traceability"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 307);
    assert_eq!(r.headers()["location"], format!("/v/{code}#lot"));
    let r = client
        .get(app.url(&format!("{path}?linkType=gs1:certificationInfo")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], format!("/v/{code}#certificate"));
    // The link set, by parameter and by Accept.
    for (query, accept) in [
        ("?linkType=linkset", "*/*"),
        ("", "application/linkset+json"),
    ] {
        let r = client
            .get(app.url(&format!("{path}{query}")))
            .header(ACCEPT, accept)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "application/linkset+json");
        let set: serde_json::Value = r.json().await.unwrap();
        let links = &set["linkset"][0];
        assert!(links["anchor"].as_str().unwrap().ends_with(&path));
        assert!(
            links["https://gs1.org/voc/pip"][0]["href"]
                .as_str()
                .unwrap()
                .ends_with(&format!("/v/{code}"))
        );
        assert!(links["https://gs1.org/voc/traceability"].is_array());
    }
    // The stamp must be of this GTIN and lot.
    for wrong in [
        format!("/01/0{GTIN}/10/OTHER/21/{code}"),
        format!("/01/08935049500650/10/MD-2026-07/21/{code}"),
        format!("/01/0{GTIN}/10/MD-2026-07/21/{}", changed(code, 3)),
        "/01/12345/10/x".to_owned(),
        format!("/01/0{GTIN}/21/{code}/10/MD-2026-07"),
        format!("/01/{}", "1".repeat(400)),
    ] {
        let r = client.get(app.url(&wrong)).send().await.unwrap();
        assert_eq!(r.status(), 404, "{wrong}");
    }
    // The lot and the product; an unknown lot walks up to the product.
    let r = client
        .get(app.url(&format!("/01/0{GTIN}/10/MD-2026-07")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 307);
    assert_eq!(
        r.headers()["location"],
        format!("/products/{}", st.product_id)
    );
    let r = client
        .get(app.url(&format!(
            "/01/0{GTIN}/10/MD-2026-07?linkType=gs1:traceability"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("HTX Đồng Văn"));
    let r = client
        .get(app.url(&format!("/01/0{GTIN}/10/NOPE")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], format!("/01/0{GTIN}"));
    let r = client
        .get(app.url(&format!("/01/0{GTIN}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 307);
    assert_eq!(
        r.headers()["location"],
        format!("/products/{}", st.product_id)
    );
    assert!(r.headers().contains_key(LINK));
    // The description file.
    let doc: serde_json::Value = client
        .get(app.url("/.well-known/gs1resolver"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["supportedPrimaryKeys"][0], "gtin");
    assert!(
        doc["resolverRoot"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );
}

#[tokio::test]
async fn a_consumer_reports_a_problem_from_the_page() {
    let app = spawn_app().await;
    let st = stamps(&app, 1).await;
    let code = &st.codes[0];
    let browser = app.browser();
    let form = [
        ("kind", "counterfeit"),
        ("message", "Tem in mờ, bao bì khác thường"),
        ("phone", "0912 345 678"),
    ];
    let r = browser
        .post(app.url(&format!("/v/{code}/report")))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("Đã nhận báo cáo"));
    // From another site: refused, nothing written.
    let foreign = reqwest::Client::new()
        .post(app.url(&format!("/v/{code}/report")))
        .header("origin", "https://evil.example")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 403);
    // Bad fields are named; a forged code is unknown.
    let r = browser
        .post(app.url(&format!("/v/{code}/report")))
        .form(&[("kind", "spam"), ("message", " ")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let r = browser
        .post(app.url(&format!("/v/{}/report", changed(code, 2))))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    // The JSON API.
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/stamps/{code}/reports")))
        .json(&serde_json::json!({"kind": "quality", "message": "Miến bị vỡ vụn"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/stamps/{code}/reports")))
        .json(&serde_json::json!({"kind": "quality", "message": "x".repeat(1001)}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["fields"][0]["field"], "message");
    let dashboard = app
        .store
        .scan_dashboard(&Caller::system("test"))
        .await
        .unwrap();
    let ours = dashboard.reports.iter().filter(|r| r.lot_id == st.lot_id);
    assert_eq!(ours.count(), 2);
}

#[tokio::test]
async fn rate_limits_answer_429_with_a_clear_page() {
    let app = spawn_app_with(|c| {
        c.resolver.views_per_minute = 5;
        c.resolver.reports_per_hour = 1;
    })
    .await;
    let st = stamps(&app, 1).await;
    let code = &st.codes[0];
    let client = reqwest::Client::new();
    for _ in 0..5 {
        let r = client
            .get(app.url(&format!("/v/{code}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    let r = client
        .get(app.url(&format!("/v/{code}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert!(r.headers().contains_key("retry-after"));
    assert!(r.text().await.unwrap().contains("Quá nhiều yêu cầu"));
    let r = client
        .get(app.url(&format!("/01/0{GTIN}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    // Another address is not limited.
    let other = app.browser_at("127.0.0.2");
    let r = other
        .get(app.url(&format!("/v/{code}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let report = |client: &reqwest::Client| {
        client
            .post(app.url(&format!("/api/v1/stamps/{code}/reports")))
            .json(&serde_json::json!({"kind": "other", "message": "Hỏi thêm"}))
            .send()
    };
    assert_eq!(report(&other).await.unwrap().status(), 201);
    let r = report(&other).await.unwrap();
    assert_eq!(r.status(), 429);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["code"], "too_many_requests");
}

#[tokio::test]
async fn the_scan_dashboard_shows_each_role_its_own() {
    let app = spawn_app().await;
    // The demo's scans: a stamp scanned 25 times, one far apart, a consumer report.
    for email in [
        "chuthe.dinhtrung@ocop.demo",
        "tinh.quangninh@ocop.demo",
        "trunguong@ocop.demo",
    ] {
        let page = app
            .login(email)
            .await
            .get(app.url("/admin/scans"))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200, "{email}");
        let html = page.text().await.unwrap();
        for text in [
            "Quét quá nhiều lần",
            "Quét ở các nơi cách xa",
            "Báo cáo của người tiêu dùng",
            "Nghi hàng giả",
        ] {
            assert!(html.contains(text), "{email}: {text}");
        }
    }
    let elsewhere = app
        .login("tinh.hanoi@ocop.demo")
        .await
        .get(app.url("/admin/scans"))
        .send()
        .await
        .unwrap();
    assert_eq!(elsewhere.status(), 200);
    assert!(
        !elsewhere
            .text()
            .await
            .unwrap()
            .contains("Quét quá nhiều lần")
    );
    let council = app
        .login("hoidong.quangninh@ocop.demo")
        .await
        .get(app.url("/admin/scans"))
        .send()
        .await
        .unwrap();
    assert_eq!(council.status(), 403);
    // The API: the same use case, a token required.
    let client = reqwest::Client::new();
    let anonymous = client.get(app.url("/api/v1/scans")).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    let token = app.token("chuthe.dinhtrung@ocop.demo").await;
    let json: serde_json::Value = client
        .get(app.url("/api/v1/scans"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(json["total"].as_i64().unwrap() >= 27);
    assert!(json["alerts"].as_array().unwrap().len() >= 2);
    assert_eq!(json["reports"].as_array().unwrap().len(), 2);
    let token = app.token("hoidong.quangninh@ocop.demo").await;
    let council = client
        .get(app.url("/api/v1/scans"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(council.status(), 403);
}

#[tokio::test]
async fn a_scan_alert_is_handled_from_the_page_or_the_api_by_whoever_sees_it() {
    let app = spawn_app().await;
    // A valid code of a series never issued: an alert of no product, central officials'.
    let leaked = ocop_store::scans::ScanEvent {
        at: app.store.now(),
        serial: *b"ZZZZZZZZZZ",
        series_no: 999_999,
        lot_id: None,
        expires_on: None,
        place: None,
        agent: ocop_domain::scan::AgentClass::Android,
        demo: false,
        count: 0,
    };
    app.store
        .record_scans(
            &[leaked],
            &ocop_domain::scan::AlertRules::default(),
            &mut ocop_store::scans::KnownAlerts::default(),
        )
        .await
        .unwrap();
    let client = reqwest::Client::new();
    let central = app.token("trunguong@ocop.demo").await;
    let province = app.token("tinh.quangninh@ocop.demo").await;
    let dashboard: serde_json::Value = client
        .get(app.url("/api/v1/scans"))
        .bearer_auth(&central)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let alert = |kind: &str| {
        dashboard["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind} alert: {dashboard}"))
            .clone()
    };
    let (copied, never) = (alert("many_scans"), alert("never_issued"));
    // The demo's far-apart alert is handled already; the other two are open.
    assert!(alert("far_apart")["handled"]["note"].is_string());
    assert!(copied["handled"].is_null() && never["handled"].is_null());
    let (copied, never) = (
        copied["id"].as_str().unwrap(),
        never["id"].as_str().unwrap(),
    );
    let handle = |token: Option<&str>, id: &str, note: &str| {
        let request = client
            .post(app.url(&format!("/api/v1/scans/alerts/{id}/handle")))
            .json(&serde_json::json!({ "note": note }));
        match token {
            Some(token) => request.bearer_auth(token.to_owned()).send(),
            None => request.send(),
        }
    };

    // Who may not: no token; a council member (never sees alerts); another province, and
    // the province for an alert of no product (for them these do not exist). A note is
    // required. Nothing is written by any of these.
    assert_eq!(handle(None, copied, "x").await.unwrap().status(), 401);
    let council = app.token("hoidong.quangninh@ocop.demo").await;
    assert_eq!(
        handle(Some(&council), copied, "x").await.unwrap().status(),
        403
    );
    let hanoi = app.token("tinh.hanoi@ocop.demo").await;
    assert_eq!(
        handle(Some(&hanoi), copied, "x").await.unwrap().status(),
        404
    );
    assert_eq!(
        handle(Some(&province), never, "x").await.unwrap().status(),
        404
    );
    let empty = handle(Some(&province), copied, " ").await.unwrap();
    assert_eq!(empty.status(), 422);
    let body: serde_json::Value = empty.json().await.unwrap();
    assert_eq!(body["fields"][0]["field"], "note", "{body}");

    // A central official handles the alert of no product through the API; again is 409.
    let done = handle(Some(&central), never, "Đã đổi khóa tem")
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    let handled: serde_json::Value = done.json().await.unwrap();
    assert_eq!(handled["handled"]["note"], "Đã đổi khóa tem");
    assert!(
        handled["handled"]["by"]
            .as_str()
            .unwrap()
            .contains("trunguong@ocop.demo")
    );
    assert_eq!(
        handle(Some(&central), never, "Lần nữa")
            .await
            .unwrap()
            .status(),
        409
    );

    // The producer handles its copied stamp's alert from the dashboard page: an empty note is
    // shown again with the reason, a real one lands, and the page then shows who handled it.
    let producer = app.login("chuthe.dinhtrung@ocop.demo").await;
    let page = |client: &reqwest::Client| {
        let request = client.get(app.url("/admin/scans")).send();
        async move { request.await.unwrap().text().await.unwrap() }
    };
    let action = format!("/admin/scans/alerts/{copied}/handle");
    let before = page(&producer).await;
    assert!(before.contains(&action), "no form for {copied}");
    assert!(before.contains("(minh họa)"), "the demo's handled alert");
    let post = |note: &str| {
        producer
            .post(app.url(&action))
            .form(&[("note", note)])
            .send()
    };
    let refused = post("").await.unwrap();
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("Cách xử lý không được để trống")
    );
    assert_eq!(
        post("Đã thu hồi tem giả tại cửa hàng")
            .await
            .unwrap()
            .status(),
        303
    );
    let after = page(&producer).await;
    assert!(!after.contains(&action));
    assert!(after.contains("Đã thu hồi tem giả tại cửa hàng"));
    assert!(after.contains("Đã xử lý — "));
    let again = post("Lần nữa").await.unwrap();
    assert_eq!(again.status(), 409);
    assert!(again.text().await.unwrap().contains("đã được xử lý"));
}

#[tokio::test]
async fn a_consumer_report_is_handled_from_the_page_or_the_api_by_whoever_sees_it() {
    let app = spawn_app().await;
    let client = reqwest::Client::new();
    let province = app.token("tinh.quangninh@ocop.demo").await;
    let reports = |token: String| {
        let request = client
            .get(app.url("/api/v1/scans"))
            .bearer_auth(token)
            .send();
        async move {
            let d: serde_json::Value = request.await.unwrap().json().await.unwrap();
            d["reports"].as_array().unwrap().clone()
        }
    };
    // The demo's report of a counterfeit, open and listed first; its report of a quality
    // problem, handled by the province.
    let demo = reports(province.clone()).await;
    assert_eq!(demo.len(), 2);
    assert!(demo[0]["handled"].is_null());
    assert_eq!(demo[0]["kind"], "counterfeit");
    assert!(
        demo[1]["handled"]["note"]
            .as_str()
            .unwrap()
            .contains("minh họa")
    );
    let id = demo[0]["id"].as_str().unwrap().to_owned();
    let handle = |token: Option<&str>, note: &str| {
        let request = client
            .post(app.url(&format!("/api/v1/scans/reports/{id}/handle")))
            .json(&serde_json::json!({ "note": note }));
        match token {
            Some(token) => request.bearer_auth(token.to_owned()).send(),
            None => request.send(),
        }
    };

    // Who may not, and a note required: nothing written by any of these.
    assert_eq!(handle(None, "x").await.unwrap().status(), 401);
    let council = app.token("hoidong.quangninh@ocop.demo").await;
    assert_eq!(handle(Some(&council), "x").await.unwrap().status(), 403);
    let hanoi = app.token("tinh.hanoi@ocop.demo").await;
    assert_eq!(handle(Some(&hanoi), "x").await.unwrap().status(), 404);
    let empty = handle(Some(&province), "").await.unwrap();
    assert_eq!(empty.status(), 422);
    let body: serde_json::Value = empty.json().await.unwrap();
    assert_eq!(body["fields"][0]["field"], "note", "{body}");
    assert!(reports(province.clone()).await[0]["handled"].is_null());

    // The province handles it through the API; again is 409.
    let done = handle(Some(&province), "Đã chuyển QLTT kiểm tra")
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    let handled: serde_json::Value = done.json().await.unwrap();
    assert_eq!(handled["handled"]["note"], "Đã chuyển QLTT kiểm tra");
    assert_eq!(
        handle(Some(&province), "Lần nữa").await.unwrap().status(),
        409
    );

    // A new report, handled by the producer from the dashboard page: an empty note is shown
    // again with the reason, a real one lands and the page shows it, listed first while open.
    let lot = uuid::Uuid::parse_str(demo[0]["lot_id"].as_str().unwrap()).unwrap();
    let new = app
        .store
        .report_problem(
            &ocop_store::Caller::Anonymous,
            lot,
            demo[0]["serial"].as_str().unwrap(),
            &ocop_domain::scan::Report::parse("quality", "Gói bị rách", "").unwrap(),
        )
        .await
        .unwrap();
    let producer = app.login("chuthe.dinhtrung@ocop.demo").await;
    let page = || {
        let request = producer.get(app.url("/admin/scans")).send();
        async move { request.await.unwrap().text().await.unwrap() }
    };
    let action = format!("/admin/scans/reports/{new}/handle");
    let before = page().await;
    assert!(before.contains(&action), "no form for {new}");
    assert!(
        before.find(&action) < before.find("Đã chuyển QLTT kiểm tra"),
        "the open report comes first"
    );
    let post = |note: &str| {
        producer
            .post(app.url(&action))
            .form(&[("note", note)])
            .send()
    };
    let refused = post("").await.unwrap();
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("Cách xử lý không được để trống")
    );
    assert_eq!(post("Đã đổi gói mới").await.unwrap().status(), 303);
    let after = page().await;
    assert!(!after.contains(&action));
    assert!(after.contains("Đã đổi gói mới"));
    assert_eq!(post("Lần nữa").await.unwrap().status(), 409);
}

/// The server answers a scan before its router (`ocop_web::site`): as the router's route
/// answers it, and what is not a scan (`/v/` alone, a path below a code, another method)
/// still reaches the router.
#[tokio::test]
async fn a_scan_answered_before_the_router_is_the_routers_answer() {
    use axum::body::Body;
    use reqwest::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
    use tower::ServiceExt;

    let app = spawn_app().await;
    let st = stamps(&app, 1).await;
    let code = &st.codes[0];
    let router = ocop_web::routes::router(app.state.clone());
    let client = reqwest::Client::new();
    /// What the two bodies share: the product (each answer counts its scan, so the history
    /// differs), everything (a fixed answer), or nothing checked (the site's pages carry
    /// each request's id).
    enum Same {
        Product,
        Body,
        Status,
    }
    let cases = [
        ("GET", format!("/v/{code}"), "text/html", Same::Product),
        (
            "GET",
            format!("/V/{}", code.to_uppercase()),
            "application/json",
            Same::Product,
        ),
        (
            "GET",
            format!("/v/{}", changed(code, 3)),
            "text/html",
            Same::Body,
        ),
        (
            "GET",
            format!("/v/{code}?linkType=linkset"),
            "text/html",
            Same::Body,
        ),
        ("GET", "/v/".to_owned(), "text/html", Same::Status),
        (
            "GET",
            format!("/v/{code}/report"),
            "text/html",
            Same::Status,
        ),
        ("POST", format!("/v/{code}"), "text/html", Same::Status),
    ];
    for (method, path, accept, same) in cases {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let served = client
            .request(method.clone(), format!("{}{path}", app.address))
            .header(ACCEPT, accept)
            .send()
            .await
            .unwrap();
        let routed = router
            .clone()
            .oneshot(
                axum::http::Request::builder()
                    .method(method)
                    .uri(&path)
                    .header("host", app.address.trim_start_matches("http://"))
                    .header("accept", accept)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(served.status(), routed.status(), "{path}");
        for name in [CONTENT_TYPE, CACHE_CONTROL, CONTENT_SECURITY_POLICY, LINK] {
            assert_eq!(
                served.headers().get(&name),
                routed.headers().get(&name),
                "{path}: {name}"
            );
        }
        let served = served.text().await.unwrap();
        let routed = axum::body::to_bytes(routed.into_body(), 1 << 20)
            .await
            .unwrap();
        let routed = String::from_utf8(routed.to_vec()).unwrap();
        match same {
            Same::Product => {
                for body in [&served, &routed] {
                    assert!(body.contains("Miến dong tem thử"), "{path}: {body}");
                }
            }
            Same::Body => assert_eq!(served, routed, "{path}"),
            Same::Status => {}
        }
    }
}
