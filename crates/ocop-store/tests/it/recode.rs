//! The data migrations that follow the administrative units: records stored under an
//! earlier copy of the 2025-07 list are re-coded with its corrections.

use ocop_domain::access::{Role, Scope};
use ocop_store::producers::ProducerQuery;
use ocop_store::products::{ProductExtras, ProductListQuery};
use ocop_store::users::NewUser;
use ocop_store::{CatalogQuery, Producer};

use crate::db::TestDb;
use crate::on_both_backends;
use crate::story::{actor, producer, product, tax};

/// Phường Cửa Nam (Hà Nội): 82, wrongly 73.
const CUA_NAM: (u32, u32) = (82, 73);
/// Xã Lý Quốc and Xã Vinh Quý (Cao Bằng), two of three communes whose codes were rotated:
/// Lý Quốc is 1537, wrongly 1558; Vinh Quý is 1561, wrongly 1537.
const LY_QUOC: (u32, u32) = (1537, 1558);
const VINH_QUY: (u32, u32) = (1561, 1537);

/// Puts a producer and its products back under the wrong code, as a database made with the
/// old list holds them (product codes issued with the wrong commune code, search text with
/// the wrong place).
async fn as_under_old_list(db: &TestDb, p: &Producer, (right, wrong): (u32, u32)) {
    let tax_code = p.data.tax_code.as_str();
    db.execute(&format!(
        "UPDATE producers SET unit_code = {wrong}, commune_code = {wrong}, search_fold = '' \
         WHERE tax_code = '{tax_code}'"
    ))
    .await;
    db.execute(&format!(
        "UPDATE products SET unit_code = {wrong}, commune_code = {wrong}, search_fold = '', \
         product_code = REPLACE(product_code, '-{right:05}-', '-{wrong:05}-') \
         WHERE producer_id = (SELECT id FROM producers WHERE tax_code = '{tax_code}')"
    ))
    .await;
    db.execute(&format!(
        "UPDATE product_search SET commune_code = {wrong}, other_words = ' ', other_lower = ' ' \
         WHERE producer_id = (SELECT id FROM producers WHERE tax_code = '{tax_code}')"
    ))
    .await;
}

on_both_backends!(corrected_commune_codes_are_applied_once);
async fn corrected_commune_codes_are_applied_once(db: &TestDb) {
    let s = &db.store;
    let year = time::OffsetDateTime::now_utc().year();
    let make = |name: &'static str, n: u32, commune: u32| async move {
        s.create_producer(
            &actor(),
            producer(name, &tax(n), commune),
            false,
            |_| Ok(()),
        )
        .await
        .unwrap()
    };
    let cua_nam = make("HTX Cửa Nam", 201, CUA_NAM.0).await;
    let ly_quoc = make("HTX Lý Quốc", 202, LY_QUOC.0).await;
    let vinh_quy = make("HTX Vinh Quý", 203, VINH_QUY.0).await;
    let mut products = Vec::new();
    for (p, name) in [
        (&cua_nam, "Chè Cửa Nam"),
        (&ly_quoc, "Miến Lý Quốc"),
        (&vinh_quy, "Mật ong Vinh Quý"),
        (&vinh_quy, "Hạt dẻ Vinh Quý"),
    ] {
        let made = s
            .create_product(
                &actor(),
                p.id,
                product(name, "active"),
                ProductExtras::default(),
                |_| Ok(()),
            )
            .await
            .unwrap();
        products.push(made);
    }
    let officer = s
        .create_user(
            &actor(),
            NewUser {
                email: "xa.cuanam@example.vn".into(),
                display_name: "Cán bộ Cửa Nam".into(),
                password: "mat-khau-dai".into(),
                role: Role::Commune,
                unit_code: Some(CUA_NAM.0),
                producer_id: None,
            },
        )
        .await
        .unwrap();

    // The database as the old list made it. Lý Quốc first: its issued code moves out of the
    // way of Vinh Quý's, which took 1537.
    as_under_old_list(db, &cua_nam, CUA_NAM).await;
    as_under_old_list(db, &ly_quoc, LY_QUOC).await;
    as_under_old_list(db, &vinh_quy, VINH_QUY).await;
    db.execute("DELETE FROM commune_counters").await;
    db.execute(&format!(
        "INSERT INTO commune_counters (commune_code, last_number) VALUES ({}, 1), ({}, 1), ({}, 2)",
        CUA_NAM.1, LY_QUOC.1, VINH_QUY.1
    ))
    .await;
    db.execute("UPDATE users SET commune_code = 73 WHERE email = 'xa.cuanam@example.vn'")
        .await;
    db.execute("DELETE FROM data_migrations").await;
    // The codes as the old list issued them.
    let issued: Vec<Option<String>> = products
        .iter()
        .map(|p| {
            let right = p.commune_code.unwrap();
            let wrong = right_to_wrong(right);
            p.product_code
                .as_ref()
                .map(|c| c.replace(&format!("-{right:05}-"), &format!("-{wrong:05}-")))
        })
        .collect();
    assert_eq!(
        issued[3].as_deref(),
        Some(format!("04-01537-2-{year}").as_str())
    );
    let before = s.verify_audit_chain().await.unwrap();

    s.migrate().await.unwrap();

    // Each record is found under its right commune, none under the wrong code.
    for (p, (right, _)) in [
        (&cua_nam, CUA_NAM),
        (&ly_quoc, LY_QUOC),
        (&vinh_quy, VINH_QUY),
    ] {
        let (found, _) = s
            .list_producers(
                Scope::Commune(right),
                &ProducerQuery {
                    page: 1,
                    per_page: 10,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(
            found.iter().map(|f| f.id).collect::<Vec<_>>(),
            [p.id],
            "{right}"
        );
        assert_eq!(found[0].data.unit.code, right);
        let entries = s.audit_of("producer", p.id).await.unwrap();
        let last = entries.last().unwrap();
        assert_eq!(last.action, "recode");
        assert!(last.actor_id.is_none());
        let json = |j: &Option<String>| {
            serde_json::from_str::<serde_json::Value>(j.as_deref().unwrap()).unwrap()
        };
        assert_eq!(
            json(&last.before_json)["commune_code"],
            right_to_wrong(right)
        );
        assert_eq!(json(&last.after_json)["commune_code"], right);
    }
    let (none, _) = s
        .list_producers(
            Scope::Commune(CUA_NAM.1),
            &ProducerQuery {
                page: 1,
                per_page: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(none.is_empty());
    let list = |commune| async move {
        s.list_products(
            Scope::Commune(commune),
            &ProductListQuery {
                page: 1,
                per_page: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .0
    };
    assert_eq!(list(VINH_QUY.0).await.len(), 2);
    assert_eq!(list(LY_QUOC.0).await.len(), 1);
    for (p, code) in products.iter().zip(&issued) {
        let now = s.product(p.id).await.unwrap();
        assert_eq!(&now.product_code, code, "issued codes stay");
        assert_eq!(
            s.audit_of("product", p.id)
                .await
                .unwrap()
                .last()
                .unwrap()
                .action,
            "recode"
        );
    }

    // Search text holds the right place again.
    let (found, _) = s
        .list_producers(
            Scope::Everything,
            &ProducerQuery {
                text: Some("cua nam".into()),
                page: 1,
                per_page: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    let search = |text: &'static str| async move {
        s.search_products(
            Scope::Everything,
            &CatalogQuery {
                text: Some(text.into()),
                page: 1,
                per_page: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap()
    };
    // The search rows hold the place again (the old list's rows had none).
    assert_eq!(search("cao bang").await.total, 3, "Lý Quốc and Vinh Quý");
    let page = search("vinh quy cao bang").await;
    assert_eq!(page.total, 3);
    let first: Vec<&str> = page.items[..2].iter().map(|i| i.name.as_str()).collect();
    assert!(first.iter().all(|n| n.ends_with("Vinh Quý")), "{first:?}");

    // The commune officer's account follows its commune.
    let account = s
        .user_by_email("xa.cuanam@example.vn")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(account.commune_code, Some(CUA_NAM.0));
    assert_eq!(
        s.audit_of("user", officer.id)
            .await
            .unwrap()
            .last()
            .unwrap()
            .action,
        "recode"
    );

    // 3 producers, 4 products, 1 account.
    let after = s.verify_audit_chain().await.unwrap();
    assert_eq!(after - before, 8);

    // New codes use the right commune code and skip the numbers issued under it wrongly:
    // Lý Quốc's counter continues from 1, and 04-01537-2 is Vinh Quý's.
    let next = s
        .create_product(
            &actor(),
            ly_quoc.id,
            product("Rượu Lý Quốc", "draft"),
            ProductExtras::default(),
            |_| Ok(()),
        )
        .await
        .unwrap();
    assert_eq!(next.product_code.unwrap(), format!("04-01537-3-{year}"));
    let next = s
        .create_product(
            &actor(),
            vinh_quy.id,
            product("Chè Vinh Quý", "draft"),
            ProductExtras::default(),
            |_| Ok(()),
        )
        .await
        .unwrap();
    assert_eq!(next.product_code.unwrap(), format!("04-01561-3-{year}"));

    // It ran once.
    let length = s.verify_audit_chain().await.unwrap();
    s.migrate().await.unwrap();
    assert_eq!(s.verify_audit_chain().await.unwrap(), length);
}

fn right_to_wrong(right: u32) -> u32 {
    [CUA_NAM, LY_QUOC, VINH_QUY]
        .into_iter()
        .find(|(r, _)| *r == right)
        .map(|(_, w)| w)
        .unwrap()
}

fn old_commune_producer(
    name: &str,
    tax_code: &str,
    old_code: u32,
) -> ocop_domain::producer::ProducerData {
    ocop_domain::producer::ProducerInput {
        kind: "cooperative".into(),
        name: name.into(),
        tax_code: tax_code.into(),
        representative_name: "Lý Thị Mai".into(),
        representative_gender: "female".into(),
        unit_structure: "2025-01".into(),
        unit_level: "commune".into(),
        unit_code: old_code.to_string(),
        ..Default::default()
    }
    .parse(ocop_domain::units::AdminUnits::embedded())
    .unwrap()
}

on_both_backends!(old_communes_are_placed_in_their_successors);
async fn old_communes_are_placed_in_their_successors(db: &TestDb) {
    let s = &db.store;
    // Phường Vĩnh Phúc (6) went whole into Phường Ngọc Hà (8); Phường Cống Vị (7) mainly into
    // Ngọc Hà, partly into Giảng Võ (25).
    let whole = s
        .create_producer(
            &actor(),
            old_commune_producer("HTX Vĩnh Phúc", &tax(301), 6),
            false,
            |_| Ok(()),
        )
        .await
        .unwrap();
    let divided = s
        .create_producer(
            &actor(),
            old_commune_producer("HTX Cống Vị", &tax(302), 7),
            false,
            |_| Ok(()),
        )
        .await
        .unwrap();
    assert_eq!(
        (whole.commune_code, whole.successor_confirmed),
        (Some(8), true)
    );
    assert_eq!(
        (divided.commune_code, divided.successor_confirmed),
        (Some(8), false)
    );
    let made = s
        .create_product(
            &actor(),
            divided.id,
            product("Bánh Cống Vị", "active"),
            ProductExtras::default(),
            |_| Ok(()),
        )
        .await
        .unwrap();
    assert_eq!(
        (made.commune_code, made.product_code.as_deref()),
        (Some(8), None)
    );

    // A database from before: old communes in no commune of today.
    db.execute("UPDATE producers SET commune_code = NULL, successor_confirmed = TRUE")
        .await;
    db.execute("UPDATE products SET commune_code = NULL").await;
    db.execute("DELETE FROM data_migrations WHERE name = '2025-01-commune-successors'")
        .await;
    s.migrate().await.unwrap();

    let in_commune = |code| async move {
        let (found, _) = s
            .list_producers(
                Scope::Commune(code),
                &ProducerQuery {
                    page: 1,
                    per_page: 10,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        found.into_iter().map(|p| p.id).collect::<Vec<_>>()
    };
    let mut ngoc_ha = in_commune(8).await;
    ngoc_ha.sort();
    assert_eq!(ngoc_ha, [whole.id, divided.id]);
    assert!(!s.producer(divided.id).await.unwrap().successor_confirmed);
    assert!(s.producer(whole.id).await.unwrap().successor_confirmed);
    let products_of = |code| async move {
        s.list_products(
            Scope::Commune(code),
            &ProductListQuery {
                page: 1,
                per_page: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .0
        .len()
    };
    assert_eq!(products_of(8).await, 1);
    for (entity, id) in [
        ("producer", whole.id),
        ("producer", divided.id),
        ("product", made.id),
    ] {
        let last = s.audit_of(entity, id).await.unwrap().pop().unwrap();
        assert_eq!(last.action, "successor", "{entity}");
        assert!(last.before_json.unwrap().contains("\"commune_code\":null"));
    }

    // An official picks the other successor; the products follow, and an edit in the same
    // unit keeps the choice.
    let moved = s
        .choose_successor(&actor(), divided.id, 25, |_| Ok(()))
        .await
        .unwrap();
    assert_eq!(
        (moved.commune_code, moved.successor_confirmed),
        (Some(25), true)
    );
    assert_eq!(in_commune(25).await, [divided.id]);
    assert_eq!((products_of(8).await, products_of(25).await), (0, 1));
    let last = s
        .audit_of("producer", divided.id)
        .await
        .unwrap()
        .pop()
        .unwrap();
    assert_eq!(last.action, "choose_successor");
    let edited = s
        .update_producer(
            &actor(),
            divided.id,
            old_commune_producer("HTX Cống Vị mới", &tax(302), 7),
            |_, _| Ok(()),
        )
        .await
        .unwrap();
    assert_eq!(
        (edited.commune_code, edited.successor_confirmed),
        (Some(25), true)
    );
    // Only a successor of the old commune can be chosen.
    assert!(matches!(
        s.choose_successor(&actor(), divided.id, 6838, |_| Ok(()))
            .await,
        Err(ocop_store::StoreError::Invalid(_))
    ));
    assert!(matches!(
        s.choose_successor(&actor(), whole.id, 25, |_| Ok(())).await,
        Err(ocop_store::StoreError::Invalid(_))
    ));
    s.verify_audit_chain().await.unwrap();
}

on_both_backends!(imports_place_old_communes_in_their_successors);
async fn imports_place_old_communes_in_their_successors(db: &TestDb) {
    let s = &db.store;
    let headers: Vec<String> = [
        "Tên chủ thể",
        "Loại hình",
        "Mã số thuế",
        "Người đại diện",
        "Giới tính người đại diện",
        "Mã xã",
        "Cơ cấu ĐVHC",
        "Cấp đơn vị",
    ]
    .map(String::from)
    .to_vec();
    let row = |n: usize, name: &str, tax: &str, commune: &str| {
        let cells = [
            name,
            "Hợp tác xã",
            tax,
            "Nông Văn Dũng",
            "Nam",
            commune,
            "2025-01",
            "commune",
        ];
        (n, cells.map(String::from).to_vec())
    };
    // Xã Húc Động went whole into Xã Bình Liêu; Xã Vô Ngại mainly into it, partly into Tiên Yên.
    let rows = vec![
        row(2, "HTX Húc Động", &tax(401), "6859"),
        row(3, "HTX Vô Ngại", &tax(402), "6853"),
    ];
    let (valid, errors) = ocop_domain::import::producer_rows(s.units(), &headers, &rows);
    let outcome = s
        .import_producers(
            &actor(),
            valid,
            errors,
            Default::default(),
            |_| Ok(()),
            |_| {},
        )
        .await
        .unwrap();
    assert_eq!(outcome.written, 2);
    for (n, confirmed) in [(401, true), (402, false)] {
        let p = s.producer_by_tax_code(&tax(n)).await.unwrap().unwrap();
        assert_eq!(p.data.unit.code, if n == 401 { 6859 } else { 6853 });
        assert_eq!(
            (p.commune_code, p.successor_confirmed),
            (Some(6838), confirmed)
        );
    }
}
