//! Records made under the three-tier structure, over HTTP: they sit in the commune of today
//! their old commune went into, so that commune's officer manages them and a neighbour's
//! does not; a divided old commune's default successor is confirmed by the province.

use ocop_domain::access::Role;
use ocop_domain::producer::ProducerInput;
use ocop_domain::product::ProductInput;
use ocop_domain::units::AdminUnits;
use ocop_store::demo::DEMO_PASSWORD;
use ocop_store::products::ProductExtras;
use ocop_store::users::NewUser;
use ocop_store::{AuditActor, Producer};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, spawn_app, tax_code};

const BINH_LIEU_OFFICER: &str = "xa.binhlieu@ocop.demo";
const QUANG_NINH: &str = "tinh.quangninh@ocop.demo";
/// Xã Tiên Yên, Quảng Ninh: took in part of Xã Vô Ngại, as Xã Bình Liêu did.
const TIEN_YEN: u32 = 6862;
const TIEN_YEN_OFFICER: &str = "xa.tienyen@example.vn";
/// Xã Vô Ngại (2025-01) was divided: mainly into Xã Bình Liêu (6838), partly into Tiên Yên.
const VO_NGAI: u32 = 6853;
/// Xã Húc Động (2025-01) went whole into Xã Bình Liêu.
const HUC_DONG: u32 = 6859;

fn old_commune_input(name: &str, old_code: u32, tax: &str) -> ProducerInput {
    ProducerInput {
        kind: "cooperative".into(),
        name: name.into(),
        tax_code: tax.into(),
        representative_name: "Hoàng Thị Mai".into(),
        representative_gender: "female".into(),
        unit_structure: "2025-01".into(),
        unit_level: "commune".into(),
        unit_code: old_code.to_string(),
        // Not public: only those whose scope holds it see it.
        status: "suspended".into(),
        ..Default::default()
    }
}

async fn historical_producer(app: &TestApp, name: &str, old_code: u32, n: u32) -> Producer {
    let data = old_commune_input(name, old_code, &tax_code(n))
        .parse(AdminUnits::embedded())
        .unwrap();
    app.store
        .create_producer(&AuditActor::system("test"), data, false, |_| Ok(()))
        .await
        .unwrap()
}

async fn tien_yen_officer(app: &TestApp) {
    app.store
        .create_user(
            &AuditActor::system("test"),
            NewUser {
                email: TIEN_YEN_OFFICER.into(),
                display_name: "Cán bộ xã Tiên Yên".into(),
                password: DEMO_PASSWORD.into(),
                role: Role::Commune,
                unit_code: Some(TIEN_YEN),
                producer_id: None,
            },
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn units_old_commune_records_belong_to_their_successor_commune() {
    let app = spawn_app().await;
    tien_yen_officer(&app).await;
    let record = historical_producer(&app, "HTX Húc Động", HUC_DONG, 1).await;
    assert_eq!(record.commune_code, Some(6838));

    // The officer of the commune formed in 2025 opens and saves it; the neighbour cannot see it.
    let edit = format!("/admin/producers/{}/edit", record.id);
    let binh_lieu = app.login(BINH_LIEU_OFFICER).await;
    let response = binh_lieu.get(app.url(&edit)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let tien_yen = app.login(TIEN_YEN_OFFICER).await;
    let response = tien_yen.get(app.url(&edit)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    let api = format!("/api/v1/producers/{}", record.id);
    let body = json!({
        "kind": "cooperative",
        "name": "HTX Húc Động (sửa qua API)",
        "tax_code": tax_code(1),
        "representative_name": "Hoàng Thị Mai",
        "representative_gender": "female",
        "unit_structure": "2025-01",
        "unit_level": "commune",
        "unit_code": HUC_DONG,
        "status": "suspended",
    });
    let client = reqwest::Client::new();
    // The neighbour's officer finds nothing; the successor commune's reads and changes it.
    for (officer, expected) in [
        (TIEN_YEN_OFFICER, StatusCode::NOT_FOUND),
        (BINH_LIEU_OFFICER, StatusCode::OK),
    ] {
        let token = app.token(officer).await;
        let read = client.get(app.url(&api)).bearer_auth(&token);
        let change = client.put(app.url(&api)).bearer_auth(&token).json(&body);
        for request in [read, change] {
            assert_eq!(
                request.send().await.unwrap().status(),
                expected,
                "{officer}"
            );
        }
    }
    assert_eq!(
        app.store.producer(record.id).await.unwrap().data.name,
        "HTX Húc Động (sửa qua API)"
    );

    // Its page names the old commune and the one of today.
    let page = binh_lieu
        .get(app.url(&format!("/admin/producers/{}", record.id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let place = "Xã Húc Động (cũ), nay thuộc Xã Bình Liêu, Quảng Ninh";
    assert!(page.contains(place), "{page}");
    assert!(!page.contains("chưa xác nhận"));
    // So do the public pages of the producer and of its product.
    let product = app
        .store
        .create_product(
            &AuditActor::system("test"),
            record.id,
            ProductInput {
                name: "Chè Húc Động".into(),
                classification: "7".into(),
                status: "draft".into(),
                ..Default::default()
            }
            .parse()
            .unwrap(),
            ProductExtras::default(),
            |_| Ok(()),
        )
        .await
        .unwrap();
    assert_eq!(product.commune_code, Some(6838));
    for path in [
        format!("/producers/{}", record.id),
        format!("/products/{}", product.id),
        format!("/admin/products/{}", product.id),
    ] {
        let response = binh_lieu.get(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let page = response.text().await.unwrap();
        assert!(page.contains(place), "{path}: {page}");
    }
}

#[tokio::test]
async fn units_the_province_confirms_the_successor_of_a_divided_commune() {
    let app = spawn_app().await;
    tien_yen_officer(&app).await;
    let record = historical_producer(&app, "HTX Vô Ngại", VO_NGAI, 2).await;
    assert_eq!(
        (record.commune_code, record.successor_confirmed),
        (Some(6838), false)
    );
    let show = format!("/admin/producers/{}", record.id);
    let choose = format!("/admin/producers/{}/successor", record.id);

    // The default successor's officer manages it but does not choose between communes.
    let binh_lieu = app.login(BINH_LIEU_OFFICER).await;
    let page = binh_lieu
        .get(app.url(&show))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("nay thuộc Xã Bình Liêu, Quảng Ninh (chưa xác nhận)"),
        "{page}"
    );
    assert!(!page.contains("Xác nhận xã kế thừa"));
    let response = binh_lieu
        .post(app.url(&choose))
        .form(&[("commune", TIEN_YEN.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // Hà Nội's officer does not see it at all.
    let ha_noi = app.login("tinh.hanoi@ocop.demo").await;
    let response = ha_noi
        .post(app.url(&choose))
        .form(&[("commune", TIEN_YEN.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // The province's officer sees both successors and picks Tiên Yên.
    let province = app.login(QUANG_NINH).await;
    let page = province
        .get(app.url(&show))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Xác nhận xã kế thừa"), "{page}");
    assert!(page.contains(&format!("value=\"{TIEN_YEN}\"")));
    let response = province
        .post(app.url(&choose))
        .form(&[("commune", "70")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let response = province
        .post(app.url(&choose))
        .form(&[("commune", TIEN_YEN.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let now = app.store.producer(record.id).await.unwrap();
    assert_eq!(
        (now.commune_code, now.successor_confirmed),
        (Some(TIEN_YEN), true)
    );
    let audit = app.store.audit_of("producer", record.id).await.unwrap();
    assert_eq!(audit.last().unwrap().action, "choose_successor");
    let history = province
        .get(app.url(&format!("/admin/audit/producer/{}", record.id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(history.contains("Xác nhận xã kế thừa"), "{history}");

    // Now Tiên Yên's officer manages it, and Bình Liêu's no longer sees it.
    let tien_yen = app.login(TIEN_YEN_OFFICER).await;
    let edit = format!("/admin/producers/{}/edit", record.id);
    let response = tien_yen.get(app.url(&edit)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let response = binh_lieu.get(app.url(&edit)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let page = province
        .get(app.url(&show))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Xã Vô Ngại (cũ), nay thuộc Xã Tiên Yên, Quảng Ninh<"),
        "{page}"
    );
}

#[tokio::test]
async fn units_the_api_takes_an_old_commune_and_answers_with_todays() {
    let app = spawn_app().await;
    let token = app.token(QUANG_NINH).await;
    let client = reqwest::Client::new();
    let mut answers = Vec::new();
    for (n, old_code) in [(3, HUC_DONG), (4, VO_NGAI)] {
        let body = json!({
            "kind": "cooperative",
            "name": format!("HTX xã cũ {old_code}"),
            "tax_code": tax_code(n),
            "representative_name": "Hoàng Thị Mai",
            "representative_gender": "female",
            "unit_structure": "2025-01",
            "unit_level": "commune",
            "unit_code": old_code,
        });
        let response = client
            .post(app.url("/api/v1/producers"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        let created: serde_json::Value = response.json().await.unwrap();
        assert_eq!(created["unit"]["structure"], "2025-01");
        assert_eq!(created["unit"]["code"], old_code);
        assert_eq!(created["commune"]["code"], 6838);
        assert_eq!(created["commune"]["full_name"], "Xã Bình Liêu, Quảng Ninh");
        answers.push(created["successor_confirmed"].as_bool().unwrap());
    }
    // Húc Động went whole into Bình Liêu; Vô Ngại was divided, so the default awaits the
    // province's confirmation.
    assert_eq!(answers, [true, false]);
}

#[tokio::test]
async fn units_the_producer_form_takes_an_old_commune_and_shows_todays() {
    let app = spawn_app().await;
    let central = app.login("trunguong@ocop.demo").await;
    let form = central
        .get(app.url("/admin/producers/new"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(form.contains("có thể ghi mã xã cũ"), "{form}");
    let input = ProducerInput {
        status: "active".into(),
        ..old_commune_input("HTX Vô Ngại qua biểu mẫu", VO_NGAI, &tax_code(5))
    };
    let response = central
        .post(app.url("/admin/producers"))
        .form(&input)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let page = central
        .get(app.url(&location))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Xã Vô Ngại (cũ), nay thuộc Xã Bình Liêu, Quảng Ninh (chưa xác nhận)"),
        "{page}"
    );
    assert!(page.contains("Xác nhận xã kế thừa"));
}

/// A producer who knows only its address before the reform finds its commune of today.
#[tokio::test]
async fn units_an_old_commune_name_answers_with_todays_commune() {
    let app = spawn_app().await;
    let found: Vec<serde_json::Value> =
        reqwest::get(app.url("/api/v1/units/search?q=xa%20huu%20lan"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    let old = found
        .iter()
        .find(|u| u["structure"] == "2025-01" && u["code"] == 6598)
        .expect("Xã Hữu Lân (old)");
    assert_eq!(old["name"], "Xã Hữu Lân");
    assert_eq!(old["today"][0]["code"], 6577);
    assert_eq!(old["today"][0]["name"], "Xã Thống Nhất");
    assert_eq!(old["today"][0]["is_default"], true);

    let found: Vec<serde_json::Value> = reqwest::get(app.url("/api/v1/units/search?q=Bình%20Liêu"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(found[0]["structure"], "2025-07");
    assert_eq!(found[0]["today"][0]["code"], 6838);

    for (query, code) in [("", "required"), (&*"x".repeat(101), "too_long")] {
        let response = reqwest::get(app.url(&format!("/api/v1/units/search?q={query}")))
            .await
            .unwrap();
        assert_eq!(response.status(), 422);
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["fields"][0]["field"], "q");
        assert_eq!(body["fields"][0]["code"], code);
    }
}

/// The registration page's finder: an official who knows only the producer's address before
/// the reform ("xã Vô Ngại") finds today's commune and registers the producer there.
#[tokio::test]
async fn units_the_new_producer_page_finds_todays_commune_from_an_old_name() {
    let app = spawn_app().await;
    let client = app.login(QUANG_NINH).await;
    let page = client
        .get(app.url("/admin/producers/new?tim_xa=vo%20ngai"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Xã Vô Ngại, Huyện Bình Liêu, Tỉnh Quảng Ninh (cũ, trước 01/07/2025)"),
        "{page}"
    );
    assert!(
        // Vô Ngại was divided: Bình Liêu took its main part.
        page.contains(
            "→ nay thuộc <a href=\"/admin/producers/new?xa=6838\">Xã Bình Liêu, Quảng Ninh (phần chính)</a>"
        ),
        "{page}"
    );
    // Following the link preselects today's commune in the form.
    let form = client
        .get(app.url("/admin/producers/new?xa=6838"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(form.contains("<option value=\"6838\" selected"), "{form}");

    let nothing = client
        .get(app.url("/admin/producers/new?tim_xa=khong%20co%20xa%20nay"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(nothing.contains("Không tìm thấy xã nào"), "{nothing}");
    let long = client
        .get(app.url(&format!("/admin/producers/new?tim_xa={}", "x".repeat(500))))
        .send()
        .await
        .unwrap();
    assert_eq!(long.status(), 200);
    assert!(
        long.text()
            .await
            .unwrap()
            .contains("Tên xã dài quá 100 ký tự")
    );
}

/// The demo shows a record of a divided old commune waiting for the province's confirmation.
#[tokio::test]
async fn units_the_demo_holds_an_old_commune_record_to_confirm() {
    let app = spawn_app().await;
    let query = ocop_store::producers::ProducerQuery {
        text: Some("Vô Ngại".into()),
        page: 1,
        per_page: 5,
        ..Default::default()
    };
    let (found, _) = app
        .store
        .list_producers(ocop_domain::access::Scope::Commune(6838), &query)
        .await
        .unwrap();
    let record = found
        .first()
        .expect("the demo's Vô Ngại record, in Bình Liêu");
    assert!(!record.successor_confirmed);
    let client = app.login(QUANG_NINH).await;
    let page = client
        .get(app.url(&format!("/admin/producers/{}", record.id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Xã Vô Ngại (cũ), nay thuộc Xã Bình Liêu"),
        "{page}"
    );
    assert!(page.contains("chưa xác nhận"), "{page}");
}
