//! The dossier pages over real HTTP: the producer's forms, self-score, evidence and filing;
//! who sees and does what (another commune's officer and another province get 404, a role
//! that never acts so 403, an action from the wrong state or a stale page 409, nothing
//! changed); the printed forms; the deadline flags on the dashboards.

use ocop_domain::access::Role;
use ocop_domain::access::Scope;
use ocop_domain::criteria::Library;
use ocop_domain::dossier::{
    CommuneReportInput, DocumentKind, DossierInput, DossierState, SelfScore,
};
use ocop_store::dossiers::{Dossier, NewEvidence};
use ocop_store::{AuditActor, Caller, CatalogQuery, NewUser};
use reqwest::StatusCode;
use uuid::Uuid;

use crate::helpers::{TestApp, spawn_app};

const PRODUCER: &str = "chuthe.dinhtrung@ocop.demo";
const COMMUNE: &str = "xa.binhlieu@ocop.demo";
const PROVINCE: &str = "tinh.quangninh@ocop.demo";
const OTHER_PROVINCE: &str = "tinh.hanoi@ocop.demo";
const CENTRAL: &str = "trunguong@ocop.demo";
const COUNCIL: &str = "hoidong.quangninh@ocop.demo";
/// An officer of Tiên Yên, a commune of the same province.
const OTHER_COMMUNE: &str = "xa.tienyen@ocop.test";

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n".to_vec()
}

async fn caller(app: &TestApp, email: &str) -> Caller {
    Caller::User(app.store.user_by_email(email).await.unwrap().unwrap())
}

async fn product_of_dinh_trung(app: &TestApp) -> Uuid {
    let query = CatalogQuery {
        text: Some("Miến dong Bình Liêu HTX phát triển Đình Trung".into()),
        page: 1,
        per_page: 5,
        ..Default::default()
    };
    app.store
        .search_products(Scope::Everything, &query)
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|p| p.producer_name == "HTX phát triển Đình Trung")
        .unwrap()
        .id
}

/// The first criterion of the dossier's sheet.
fn first_criterion(dossier: &Dossier) -> String {
    Library::embedded()
        .version(&dossier.data.criteria_version)
        .unwrap()
        .sheet(dossier.sheet)
        .unwrap()
        .leaves()[0]
        .criterion
        .id
        .clone()
}

/// A dossier of the demo producer, complete, as a draft.
async fn ready_draft(app: &TestApp) -> Dossier {
    let producer = caller(app, PRODUCER).await;
    let input = DossierInput {
        kind: "first_time".into(),
        business_plan_results: "Doanh thu 3 tỷ đồng.".into(),
        production_plan: "Mở rộng vùng trồng.".into(),
        ..Default::default()
    };
    let store = &app.store;
    let dossier = store
        .file_dossier(&producer, product_of_dinh_trung(app).await, &input)
        .await
        .unwrap();
    let criterion = first_criterion(&dossier);
    let score = SelfScore {
        choices: [(criterion.clone(), 1)].into_iter().collect(),
        part_totals: None,
    };
    let dossier = store
        .score_dossier(&producer, dossier.id, dossier.revision, &score)
        .await
        .unwrap();
    let sha256 = app.files().put(&pdf()).await.unwrap();
    let file = |kind, criteria| NewEvidence {
        sha256: sha256.clone(),
        content_type: "application/pdf".into(),
        size_bytes: pdf().len() as i64,
        file_name: "giay-to.pdf".into(),
        kind,
        criteria,
        demo: false,
    };
    store
        .attach_evidence(
            &producer,
            dossier.id,
            None,
            &[
                file(DocumentKind::BusinessRegistration, Vec::new()),
                file(DocumentKind::LabReport, vec![criterion]),
            ],
        )
        .await
        .unwrap();
    store.visible_dossier(&producer, dossier.id).await.unwrap()
}

/// A dossier of the demo producer, filed with Bình Liêu.
async fn submitted(app: &TestApp) -> Dossier {
    let producer = caller(app, PRODUCER).await;
    let draft = ready_draft(app).await;
    app.store
        .submit_dossier(&producer, draft.id, draft.revision)
        .await
        .unwrap()
}

async fn get(client: &reqwest::Client, app: &TestApp, path: &str) -> (StatusCode, String) {
    let response = client.get(app.url(path)).send().await.unwrap();
    let status = response.status();
    (status, response.text().await.unwrap())
}

async fn post(
    client: &reqwest::Client,
    app: &TestApp,
    path: &str,
    form: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let response = client.post(app.url(path)).form(form).send().await.unwrap();
    let status = response.status();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, response.text().await.unwrap())
}

async fn state_of(app: &TestApp, id: Uuid) -> DossierState {
    app.store
        .visible_dossier(&Caller::system("test"), id)
        .await
        .unwrap()
        .state
}

#[tokio::test]
async fn the_producer_files_its_dossier_through_the_pages() {
    let app = spawn_app().await;
    let producer = app.login(PRODUCER).await;
    let (status, page) = get(&producer, &app, "/admin/dossiers").await;
    assert_eq!(status, 200);
    assert!(page.contains("Hồ sơ của tôi") && page.contains("Lập hồ sơ mới"));
    let (status, page) = get(&producer, &app, "/admin/dossiers/new").await;
    assert_eq!(status, 200);
    assert!(page.contains("Miến dong Bình Liêu"));

    // Mẫu 01 without a product: the field says so, nothing is filed.
    let (status, _, page) = post(
        &producer,
        &app,
        "/admin/dossiers",
        &[("kind", "first_time")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("Chọn sản phẩm đăng ký"));

    let product = product_of_dinh_trung(&app).await.to_string();
    let (status, location, _) = post(
        &producer,
        &app,
        "/admin/dossiers",
        &[
            ("product_id", &product),
            ("kind", "first_time"),
            ("samples", "5"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let id: Uuid = location
        .trim_start_matches("/admin/dossiers/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let (_, page) = get(&producer, &app, &format!("/admin/dossiers/{id}")).await;
    assert!(
        page.contains("Còn thiếu trước khi nộp"),
        "the checklist is shown"
    );
    assert!(page.contains("Chưa tự đánh giá"));

    // Mẫu 02 parts II and IV.
    let dossier = app
        .store
        .visible_dossier(&caller(&app, PRODUCER).await, id)
        .await
        .unwrap();
    let revision = dossier.revision.to_string();
    let (status, _, _) = post(
        &producer,
        &app,
        &format!("/admin/dossiers/{id}/edit"),
        &[
            ("revision", &revision),
            ("kind", "first_time"),
            ("business_plan_results", "Doanh thu 3 tỷ đồng."),
            ("production_plan", "Mở rộng vùng trồng."),
        ],
    )
    .await;
    assert_eq!(status, 303);

    // The self-score: the engine's points and stars come back.
    let criterion = first_criterion(&dossier);
    let dossier = app
        .store
        .visible_dossier(&caller(&app, PRODUCER).await, id)
        .await
        .unwrap();
    let revision = dossier.revision.to_string();
    let (status, location, _) = post(
        &producer,
        &app,
        &format!("/admin/dossiers/{id}/score"),
        &[("revision", &revision), (&format!("c.{criterion}"), "1")],
    )
    .await;
    assert_eq!(
        (status.as_u16(), location.ends_with("?saved=1")),
        (303, true)
    );
    let (_, page) = get(&producer, &app, &location).await;
    assert!(page.contains("Đã lưu điểm tự đánh giá") && page.contains("điểm · ★"));
    // A criterion the sheet does not have: refused, with the reason.
    let dossier = app
        .store
        .visible_dossier(&caller(&app, PRODUCER).await, id)
        .await
        .unwrap();
    let (status, _, page) = post(
        &producer,
        &app,
        &format!("/admin/dossiers/{id}/score"),
        &[("revision", &dossier.revision.to_string()), ("c.99.9", "1")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("99.9"), "the unknown criterion is named");

    // Evidence: a file of another type, and one too big, are refused before storing.
    let url = app.url(&format!("/admin/dossiers/{id}/evidence"));
    let form = |bytes: Vec<u8>, name: &str, kind: &str, criteria: &str| {
        reqwest::multipart::Form::new()
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
            )
            .text("kind", kind.to_owned())
            .text("criteria", criteria.to_owned())
    };
    let response = producer
        .post(&url)
        .multipart(form(
            b"MZ\x90\x00".to_vec(),
            "a.pdf",
            "lab_report",
            &criterion,
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("PDF, ảnh"));
    let response = producer
        .post(&url)
        .multipart(form(
            vec![0; 1024 * 1024 + 4096],
            "big.pdf",
            "lab_report",
            &criterion,
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    assert!(response.text().await.unwrap().contains("Tệp quá lớn"));
    let detail = app
        .store
        .dossier_detail(&caller(&app, PRODUCER).await, id)
        .await
        .unwrap();
    assert!(detail.evidence.is_empty(), "nothing was stored");
    for (kind, criteria) in [
        ("business_registration", ""),
        ("lab_report", criterion.as_str()),
    ] {
        let response = producer
            .post(&url)
            .multipart(form(pdf(), "giay-to.pdf", kind, criteria))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "upload {kind}");
    }
    let (_, page) = get(&producer, &app, &format!("/admin/dossiers/{id}")).await;
    assert!(
        page.contains("Hồ sơ đã đủ để nộp"),
        "the checklist is complete"
    );

    // Filing from a stale page: 409, nothing filed; from the current one: the receipt number
    // and the commune's deadline.
    let (status, _, page) = post(
        &producer,
        &app,
        &format!("/admin/dossiers/{id}/submit"),
        &[("revision", "1")],
    )
    .await;
    assert_eq!(status, 409);
    assert!(page.contains("vừa được người khác thay đổi"));
    assert_eq!(state_of(&app, id).await, DossierState::Draft);
    let dossier = app
        .store
        .visible_dossier(&caller(&app, PRODUCER).await, id)
        .await
        .unwrap();
    let (status, location, _) = post(
        &producer,
        &app,
        &format!("/admin/dossiers/{id}/submit"),
        &[("revision", &dossier.revision.to_string())],
    )
    .await;
    assert_eq!(
        (status.as_u16(), location.ends_with("?saved=submitted")),
        (303, true)
    );
    let (_, page) = get(&producer, &app, &location).await;
    assert!(
        page.contains("/PĐK-22-06838-"),
        "the receipt number is shown"
    );
    assert!(page.contains("Hạn xã xem xét") && page.contains("còn 15 ngày làm việc"));
    assert!(page.contains("Đã nộp hồ sơ. Số phiếu tiếp nhận"));
}

#[tokio::test]
async fn pages_answer_by_role_and_unit() {
    let app = spawn_app().await;
    app.store
        .create_user(
            &AuditActor::system("test"),
            NewUser {
                email: OTHER_COMMUNE.into(),
                display_name: "Cán bộ xã Tiên Yên".into(),
                password: ocop_store::demo::DEMO_PASSWORD.into(),
                role: Role::Commune,
                unit_code: Some(6862),
                producer_id: None,
            },
        )
        .await
        .unwrap();
    let dossier = submitted(&app).await;
    let draft = ready_draft(&app).await;
    let show = format!("/admin/dossiers/{}", dossier.id);
    let review = format!("{show}/review");
    let revision = dossier.revision.to_string();
    // (account, path, status)
    let reads = [
        (PRODUCER, show.as_str(), 200),
        (COMMUNE, show.as_str(), 200),
        (COMMUNE, review.as_str(), 200),
        (PROVINCE, review.as_str(), 200),
        (CENTRAL, show.as_str(), 200),
        (OTHER_COMMUNE, show.as_str(), 404),
        (OTHER_COMMUNE, review.as_str(), 404),
        (OTHER_PROVINCE, show.as_str(), 404),
        (COUNCIL, "/admin/dossiers", 403),
        (CENTRAL, "/admin/dossiers", 200),
    ];
    for (email, path, expected) in reads {
        let client = app.login(email).await;
        let (status, _) = get(&client, &app, path).await;
        assert_eq!(status.as_u16(), expected, "{email} GET {path}");
    }
    let draft_page = format!("/admin/dossiers/{}", draft.id);
    let commune = app.login(COMMUNE).await;
    assert_eq!(
        get(&commune, &app, &draft_page).await.0,
        404,
        "a draft is its producer's"
    );

    // Actions: the role that never takes them 403, outside the unit 404; nothing changes.
    let accept = format!("{show}/accept");
    let report = [
        ("revision", revision.as_str()),
        ("local_raw_materials", "a"),
        ("local_labour", "b"),
        ("idea_origin", "c"),
        ("local_identity", "d"),
    ];
    for (email, expected) in [(PRODUCER, 403), (PROVINCE, 403), (OTHER_COMMUNE, 404)] {
        let client = app.login(email).await;
        let (status, _, _) = post(&client, &app, &accept, &report).await;
        assert_eq!(status.as_u16(), expected, "{email} accepts");
    }
    assert_eq!(state_of(&app, dossier.id).await, DossierState::Submitted);

    // The producer's list holds its own dossiers only; the commune's inbox holds this one.
    let producer = app.login(PRODUCER).await;
    let (_, page) = get(&producer, &app, "/admin/dossiers").await;
    let own = app
        .store
        .user_by_email(PRODUCER)
        .await
        .unwrap()
        .unwrap()
        .producer_id
        .unwrap();
    let linked: Vec<Uuid> = page
        .split("href=\"/admin/dossiers/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect();
    assert!(linked.contains(&dossier.id));
    for id in linked {
        let seen = app
            .store
            .visible_dossier(&Caller::system("test"), id)
            .await
            .unwrap();
        assert_eq!(seen.producer_id, own, "the producer's list shows {id}");
    }
    let (_, page) = get(&commune, &app, "/admin/dossiers").await;
    assert!(page.contains(dossier.receipt_number.as_deref().unwrap()));
    assert!(page.contains("Hồ sơ chờ xét"));
}

#[tokio::test]
async fn the_commune_returns_accepts_and_proposes_and_a_stale_page_loses_nothing() {
    let app = spawn_app().await;
    let dossier = submitted(&app).await;
    let commune = app.login(COMMUNE).await;
    let base = format!("/admin/dossiers/{}", dossier.id);
    let stale = (dossier.revision - 1).to_string();
    let current = dossier.revision.to_string();

    // Proposing before accepting: 409 with the reason.
    let (status, _, page) = post(
        &commune,
        &app,
        &format!("{base}/propose"),
        &[
            ("revision", &current),
            ("letter_number", "45/UBND-KT"),
            ("letter_date", "2026-12-01"),
            ("letter_signer", "Nguyễn Văn A"),
        ],
    )
    .await;
    assert_eq!(status, 409);
    assert!(page.contains("Không thể đề nghị tỉnh đánh giá hồ sơ"));

    // A stale return: 409, the reason typed is still on the page, nothing returned.
    let (status, _, page) = post(
        &commune,
        &app,
        &format!("{base}/return"),
        &[
            ("revision", &stale),
            ("item", "Mẫu 02 phần II"),
            ("reason", "Thiếu doanh thu năm 2025"),
        ],
    )
    .await;
    assert_eq!(status, 409);
    assert!(page.contains("vừa được người khác thay đổi"));
    assert!(
        page.contains("Thiếu doanh thu năm 2025"),
        "what was typed is kept"
    );
    assert_eq!(state_of(&app, dossier.id).await, DossierState::Submitted);
    // No reason at all: refused, nothing changed.
    let (status, _, page) = post(
        &commune,
        &app,
        &format!("{base}/return"),
        &[("revision", &current)],
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("ít nhất một lý do"));

    let (status, location, _) = post(
        &commune,
        &app,
        &format!("{base}/return"),
        &[
            ("revision", &current),
            ("item", "Mẫu 02 phần II"),
            ("reason", "Thiếu doanh thu năm 2025"),
        ],
    )
    .await;
    assert_eq!(
        (status.as_u16(), location.ends_with("?saved=returned")),
        (303, true)
    );
    // The producer sees the reason at its item, on the dossier and in the form.
    let producer = app.login(PRODUCER).await;
    let (_, page) = get(&producer, &app, &base).await;
    assert!(page.contains("Thiếu doanh thu năm 2025") && page.contains("returned-item"));
    let (_, page) = get(&producer, &app, &format!("{base}/edit")).await;
    assert!(page.contains("Thiếu doanh thu năm 2025"));
    let returned = app
        .store
        .visible_dossier(&Caller::system("test"), dossier.id)
        .await
        .unwrap();
    let (status, _, _) = post(
        &producer,
        &app,
        &format!("{base}/resubmit"),
        &[("revision", &returned.revision.to_string())],
    )
    .await;
    assert_eq!(status, 303);

    // Accept with Mẫu 03 (a blank item named at its field), then propose with the letter.
    let resubmitted = app
        .store
        .visible_dossier(&Caller::system("test"), dossier.id)
        .await
        .unwrap();
    let revision = resubmitted.revision.to_string();
    let (status, _, page) = post(
        &commune,
        &app,
        &format!("{base}/accept"),
        &[
            ("revision", &revision),
            ("local_raw_materials", "Dong riềng của xã"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(page.contains("Dong riềng của xã") && page.contains("f-local_labour-error"));
    let (status, location, _) = post(
        &commune,
        &app,
        &format!("{base}/accept"),
        &[
            ("revision", &revision),
            ("local_raw_materials", "Dong riềng của xã"),
            ("local_labour", "35 lao động địa phương"),
            ("idea_origin", "Nghề truyền thống"),
            ("local_identity", "Giống dong bản địa"),
        ],
    )
    .await;
    assert_eq!(
        (status.as_u16(), location.ends_with("?saved=accepted")),
        (303, true)
    );
    let accepted = app
        .store
        .visible_dossier(&Caller::system("test"), dossier.id)
        .await
        .unwrap();
    let received = accepted.received_on().unwrap();
    let letter_date = format!(
        "{:04}-{:02}-{:02}",
        received.year(),
        u8::from(received.month()),
        received.day()
    );
    let (status, location, _) = post(
        &commune,
        &app,
        &format!("{base}/propose"),
        &[
            ("revision", &accepted.revision.to_string()),
            ("letter_number", "45/UBND-KT"),
            ("letter_date", &letter_date),
            ("letter_signer", "Nguyễn Văn A"),
        ],
    )
    .await;
    assert_eq!(
        (status.as_u16(), location.ends_with("?saved=proposed")),
        (303, true)
    );
    assert_eq!(state_of(&app, dossier.id).await, DossierState::Proposed);
}

#[tokio::test]
async fn the_forms_print_in_the_laws_layout() {
    let app = spawn_app().await;
    let dossier = submitted(&app).await;
    let commune = app.login(COMMUNE).await;
    let base = format!("/admin/dossiers/{}", dossier.id);
    let (status, page) = get(&commune, &app, &format!("{base}/print/01")).await;
    assert_eq!(status, 200);
    let receipt = dossier.receipt_number.as_deref().unwrap();
    for expected in [
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
        "Độc lập - Tự do - Hạnh phúc",
        "Phiếu đăng ký",
        "HTX phát triển Đình Trung",
        "Lần đầu ☑",
        receipt,
        "Dành cho Ủy ban nhân dân cấp xã",
        "(Ký, đóng dấu, ghi rõ họ tên)",
    ] {
        assert!(page.contains(expected), "Mẫu 01 lacks «{expected}»");
    }
    let css_url = ocop_web::assets::url("dossiers.css");
    assert!(page.contains(css_url));
    let css = reqwest::get(app.url(css_url))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(css.contains("@media print") && css.contains("size: A4"));

    // Mẫu 03 exists once the commune has written it.
    assert_eq!(
        get(&commune, &app, &format!("{base}/print/03")).await.0,
        404
    );
    let report = CommuneReportInput {
        local_raw_materials: "Dong riềng của xã".into(),
        local_labour: "35 lao động địa phương".into(),
        idea_origin: "Nghề truyền thống".into(),
        local_identity: "Giống dong bản địa".into(),
    };
    app.store
        .accept_dossier(
            &caller(&app, COMMUNE).await,
            dossier.id,
            dossier.revision,
            &report,
        )
        .await
        .unwrap();
    let (status, page) = get(&commune, &app, &format!("{base}/print/03")).await;
    assert_eq!(status, 200);
    for expected in [
        "Ủy ban nhân dân Xã Bình Liêu",
        "Độc lập - Tự do - Hạnh phúc",
        "Dong riềng của xã",
        "35 lao động địa phương",
        "Nghề truyền thống",
        "Giống dong bản địa",
        "đề nghị Ủy ban nhân dân Tỉnh Quảng Ninh",
        receipt,
    ] {
        assert!(page.contains(expected), "Mẫu 03 lacks «{expected}»");
    }
    let other = app.login(OTHER_PROVINCE).await;
    assert_eq!(get(&other, &app, &format!("{base}/print/03")).await.0, 404);
}

#[tokio::test]
async fn dashboards_flag_dossiers_past_or_near_the_communes_deadline() {
    let app = spawn_app().await;
    for email in [COMMUNE, PROVINCE] {
        let client = app.login(email).await;
        let (_, page) = get(&client, &app, "/admin").await;
        for expected in [
            "Hồ sơ quá hạn xã xem xét",
            "Hồ sơ sắp đến hạn xã xem xét",
            "/admin/dossiers?due=overdue",
            "id=\"dossiers-overdue\"",
        ] {
            assert!(
                page.contains(expected),
                "{email}'s dashboard lacks «{expected}»"
            );
        }
        // The demo holds one overdue dossier in Bình Liêu; its list is flagged in words.
        let (_, page) = get(&client, &app, "/admin/dossiers?due=overdue").await;
        assert!(
            page.contains("due-overdue") && page.contains("Quá hạn"),
            "{email}"
        );
    }
    let producer = app.login(PRODUCER).await;
    let (_, page) = get(&producer, &app, "/admin").await;
    assert!(!page.contains("dossiers-overdue") && page.contains("Hồ sơ của tôi"));
}
