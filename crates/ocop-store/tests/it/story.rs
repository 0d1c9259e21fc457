//! One storage story per capability, each run on both backends.

use ocop_domain::access::{Denied, Role, Scope};
use ocop_domain::identifiers::tax_check_digit;
use ocop_domain::import::{producer_rows, product_rows};
use ocop_domain::producer::{ProducerData, ProducerInput};
use ocop_domain::product::{ProductData, ProductInput};
use ocop_domain::units::AdminUnits;
use ocop_store::import::ImportOptions;
use ocop_store::products::ProductExtras;
use ocop_store::users::NewUser;
use ocop_store::{AuditActor, CatalogQuery, StoreError};

use crate::db::TestDb;
use crate::on_both_backends;

pub fn actor() -> AuditActor {
    AuditActor::system("test")
}

pub fn tax(n: u32) -> String {
    let mut i = n;
    loop {
        let nine = format!("01{:07}", i);
        if let Some(d) = tax_check_digit(&nine) {
            return format!("{nine}{d}");
        }
        i += 1_000_000;
    }
}

pub fn producer(name: &str, tax_code: &str, commune: u32) -> ProducerData {
    ProducerInput {
        kind: "cooperative".into(),
        name: name.into(),
        tax_code: tax_code.into(),
        representative_name: "Lý Thị Mai".into(),
        representative_gender: "female".into(),
        unit_code: commune.to_string(),
        ..Default::default()
    }
    .parse(AdminUnits::embedded())
    .unwrap()
}

pub fn product(name: &str, status: &str) -> ProductData {
    ProductInput {
        name: name.into(),
        classification: "7".into(),
        status: status.into(),
        ..Default::default()
    }
    .parse()
    .unwrap()
}

async fn audit_length(db: &TestDb) -> u64 {
    db.store.verify_audit_chain().await.unwrap()
}

on_both_backends!(registry_round_trip);
async fn registry_round_trip(db: &TestDb) {
    let s = &db.store;
    assert!(s.ping().await, "the health check's query answers");
    let p = s
        .create_producer(
            &actor(),
            producer("HTX phát triển Đình Trung", &tax(1), 6838),
            false,
            |_| Ok(()),
        )
        .await
        .unwrap();
    assert_eq!(p.province_code, 22);
    assert_eq!(p.commune_code, Some(6838));
    assert_eq!(s.producer(p.id).await.unwrap(), p);
    assert_eq!(
        s.producer_by_tax_code(&tax(1)).await.unwrap().unwrap().id,
        p.id
    );

    let first = s
        .create_product(
            &actor(),
            p.id,
            product("Miến dong Bình Liêu", "active"),
            ProductExtras::default(),
            |_| Ok(()),
        )
        .await
        .unwrap();
    let second = s
        .create_product(
            &actor(),
            p.id,
            product("Dầu sở Bình Liêu", "draft"),
            ProductExtras::default(),
            |_| Ok(()),
        )
        .await
        .unwrap();
    let year = time::OffsetDateTime::now_utc().year();
    assert_eq!(
        first.product_code.as_deref(),
        Some(format!("22-06838-1-{year}").as_str())
    );
    assert_eq!(
        second.product_code.as_deref(),
        Some(format!("22-06838-2-{year}").as_str())
    );
    assert_eq!(s.product(first.id).await.unwrap(), first);
    assert_eq!(s.products_of(p.id).await.unwrap().len(), 2);

    // Moving the producer moves its products and keeps their codes as issued.
    let moved = s
        .update_producer(
            &actor(),
            p.id,
            producer("HTX phát triển Đình Trung", &tax(1), 6862),
            |_, _| Ok(()),
        )
        .await
        .unwrap();
    assert_eq!(moved.commune_code, Some(6862));
    let after = s.product(first.id).await.unwrap();
    assert_eq!(after.commune_code, Some(6862));
    assert_eq!(after.product_code, first.product_code);

    let history = s.audit_of("producer", p.id).await.unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].action, "update");
    assert!(history[1].before_json.as_deref().unwrap().contains("6838"));
    assert!(history[1].after_json.as_deref().unwrap().contains("6862"));
    assert_eq!(audit_length(db).await, 4);
}

on_both_backends!(refusals_write_nothing);
async fn refusals_write_nothing(db: &TestDb) {
    let s = &db.store;
    let p = s
        .create_producer(
            &actor(),
            producer("HTX A", &tax(2), 6838),
            false,
            |_| Ok(()),
        )
        .await
        .unwrap();
    let before = audit_length(db).await;

    // A taken tax code is a field conflict.
    let err = s
        .create_producer(
            &actor(),
            producer("HTX B", &tax(2), 6838),
            false,
            |_| Ok(()),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Conflict {
                field: "tax_code",
                ..
            }
        ),
        "{err:?}"
    );

    // A refused authorization writes nothing, for create and update.
    let err = s
        .create_producer(&actor(), producer("HTX C", &tax(3), 70), false, |_| {
            Err(Denied::Forbidden)
        })
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Denied(Denied::Forbidden)));
    let err = s
        .update_producer(
            &actor(),
            p.id,
            producer("Đổi tên", &tax(2), 6838),
            |_, _| Err(Denied::Forbidden),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Denied(_)));
    assert_eq!(s.producer(p.id).await.unwrap().data.name, "HTX A");
    let err = s
        .create_product(
            &actor(),
            p.id,
            product("X", "draft"),
            ProductExtras::default(),
            |_| Err(Denied::Forbidden),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Denied(_)));
    assert!(s.products_of(p.id).await.unwrap().is_empty());

    let (_, total) = s
        .list_producers(Scope::Everything, &Default::default())
        .await
        .unwrap();
    assert_eq!(total, 1);
    assert_eq!(audit_length(db).await, before);
}

on_both_backends!(catalogue_search);
async fn catalogue_search(db: &TestDb) {
    let s = &db.store;
    let binh_lieu = s
        .create_producer(
            &actor(),
            producer("HTX phát triển xanh", &tax(4), 6838),
            false,
            |_| Ok(()),
        )
        .await
        .unwrap();
    let ha_noi = s
        .create_producer(
            &actor(),
            producer("HTX Phú Thượng", &tax(5), 70),
            false,
            |_| Ok(()),
        )
        .await
        .unwrap();
    for (p, name, status) in [
        (&binh_lieu, "Miến dong Bình Liêu", "active"),
        (&binh_lieu, "Mật ong rừng Dương Lâm", "active"),
        (&binh_lieu, "Chè Đường Hoa", "active"),
        (&ha_noi, "Xôi Phú Thượng", "active"),
        (&ha_noi, "Bánh cốm", "draft"),
    ] {
        s.create_product(
            &actor(),
            p.id,
            product(name, status),
            ProductExtras::default(),
            |_| Ok(()),
        )
        .await
        .unwrap();
    }
    let search = |text: &str| CatalogQuery {
        text: Some(text.into()),
        page: 1,
        per_page: 20,
        ..Default::default()
    };
    let page = s
        .search_products(Scope::PublicOnly, &search("mien dong"))
        .await
        .unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].name, "Miến dong Bình Liêu");
    let page = s
        .search_products(Scope::PublicOnly, &search("mien dong binh lieu"))
        .await
        .unwrap();
    assert_eq!(page.items[0].name, "Miến dong Bình Liêu");
    // Folding merges Đường and Dương; the exact spelling ranks first.
    let page = s
        .search_products(Scope::PublicOnly, &search("Đường"))
        .await
        .unwrap();
    assert_eq!(page.total, 2);
    assert_eq!(page.items[0].name, "Chè Đường Hoa");
    let page = s
        .search_products(Scope::PublicOnly, &search("Dương"))
        .await
        .unwrap();
    assert_eq!(page.items[0].name, "Mật ong rừng Dương Lâm");
    // Province names are searchable too.
    let page = s
        .search_products(Scope::PublicOnly, &search("ha noi"))
        .await
        .unwrap();
    assert_eq!(page.total, 1, "drafts are not public");
    // Drafts show to the unit's officials.
    let page = s
        .search_products(Scope::Province(1), &search("ha noi"))
        .await
        .unwrap();
    assert_eq!(page.total, 2);
    // Filters and paging.
    let by_province = CatalogQuery {
        province: Some(22),
        page: 1,
        per_page: 2,
        ..Default::default()
    };
    let page = s
        .search_products(Scope::PublicOnly, &by_province)
        .await
        .unwrap();
    assert_eq!((page.total, page.items.len()), (3, 2));
    let next = CatalogQuery {
        page: 2,
        ..by_province
    };
    let page2 = s.search_products(Scope::PublicOnly, &next).await.unwrap();
    assert_eq!(page2.items.len(), 1);
    assert!(!page.items.iter().any(|i| i.id == page2.items[0].id));
    let by_group = CatalogQuery {
        category: Some("drink".into()),
        page: 1,
        per_page: 20,
        ..Default::default()
    };
    assert_eq!(
        s.search_products(Scope::PublicOnly, &by_group)
            .await
            .unwrap()
            .total,
        0
    );
    // Producers are found by name, tax code or place, with or without marks.
    let find = |text: &str| ocop_store::producers::ProducerQuery {
        text: Some(text.into()),
        page: 1,
        per_page: 20,
        ..Default::default()
    };
    let (found, total) = s
        .list_producers(Scope::Everything, &find("binh lieu"))
        .await
        .unwrap();
    assert_eq!((total, found[0].id), (1, binh_lieu.id));
    let (found, _) = s
        .list_producers(Scope::Everything, &find("Hà Nội"))
        .await
        .unwrap();
    assert_eq!(found[0].id, ha_noi.id);
    let (found, _) = s
        .list_producers(Scope::Everything, &find(&tax(5)))
        .await
        .unwrap();
    assert_eq!(found[0].id, ha_noi.id);
    // A producer account lists its own record whatever its status, with a province filter
    // too (the filter once removed itself instead of the "active only" condition).
    let mut suspended = producer("HTX tạm đình chỉ", &tax(6), 6838);
    suspended.status = ocop_domain::producer::ProducerStatus::Suspended;
    let suspended = s
        .create_producer(&actor(), suspended, false, |_| Ok(()))
        .await
        .unwrap();
    for province in [None, Some(22)] {
        let query = ocop_store::producers::ProducerQuery {
            province,
            page: 1,
            per_page: 20,
            ..Default::default()
        };
        let (found, total) = s
            .list_producers(Scope::Producer(suspended.id), &query)
            .await
            .unwrap();
        assert_eq!(total, 1, "{province:?}");
        assert_eq!(found[0].id, suspended.id);
    }
    // Both conditions hold: the producer's own record, and only in the province asked for.
    let elsewhere = ocop_store::producers::ProducerQuery {
        province: Some(1),
        page: 1,
        per_page: 20,
        ..Default::default()
    };
    let (found, total) = s
        .list_producers(Scope::Producer(suspended.id), &elsewhere)
        .await
        .unwrap();
    assert_eq!((found.len(), total), (0, 0));
    let (found, total) = s
        .list_producers(Scope::Producer(ha_noi.id), &elsewhere)
        .await
        .unwrap();
    assert_eq!((found.len(), total), (1, 1));
    assert_eq!(found[0].id, ha_noi.id);
    // Renaming the producer refreshes the products' search text.
    s.update_producer(
        &actor(),
        binh_lieu.id,
        producer("HTX Hoa Sở", &tax(4), 6838),
        |_, _| Ok(()),
    )
    .await
    .unwrap();
    assert_eq!(
        s.search_products(Scope::PublicOnly, &search("hoa so"))
            .await
            .unwrap()
            .total,
        3
    );
}

on_both_backends!(accounts_and_sessions);
async fn accounts_and_sessions(db: &TestDb) {
    let s = &db.store;
    let new = |email: &str, role: Role, unit: Option<u32>| NewUser {
        email: email.into(),
        display_name: "Cán bộ".into(),
        password: "mat-khau-dai".into(),
        role,
        unit_code: unit,
        producer_id: None,
    };
    let user = s
        .create_user(&actor(), new("Tinh@Example.vn", Role::Provincial, Some(22)))
        .await
        .unwrap();
    assert_eq!(user.email, "tinh@example.vn");
    let commune = s
        .create_user(&actor(), new("xa@example.vn", Role::Commune, Some(6838)))
        .await
        .unwrap();
    assert_eq!(
        (commune.province_code, commune.commune_code),
        (Some(22), Some(6838))
    );
    assert!(matches!(
        s.create_user(&actor(), new("tinh@example.vn", Role::Provincial, Some(22)))
            .await,
        Err(StoreError::Conflict { field: "email", .. })
    ));
    let invalid = s
        .create_user(&actor(), new("x@example.vn", Role::Commune, Some(22)))
        .await;
    assert!(matches!(invalid, Err(StoreError::Invalid(_))));
    let invalid = s
        .create_user(&actor(), new("y@example.vn", Role::Producer, None))
        .await;
    assert!(matches!(invalid, Err(StoreError::Invalid(_))));

    assert!(
        s.authenticate("tinh@example.vn", "sai")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        s.authenticate("khong@example.vn", "mat-khau-dai")
            .await
            .unwrap()
            .is_none()
    );
    let signed = s
        .authenticate(" TINH@example.vn ", "mat-khau-dai")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(signed.id, user.id);

    let token = s.create_session(user.id).await.unwrap();
    let session = s.session(&token).await.unwrap().unwrap();
    assert_eq!(session.user.id, user.id);
    assert_eq!(session.user.actor().province_code, Some(22));
    assert!(s.session("khong-phai-token").await.unwrap().is_none());
    s.delete_session(&token).await.unwrap();
    assert!(s.session(&token).await.unwrap().is_none());
}

on_both_backends!(imports_are_all_or_nothing);
async fn imports_are_all_or_nothing(db: &TestDb) {
    let s = &db.store;
    let headers: Vec<String> = [
        "Tên chủ thể",
        "Loại hình",
        "Mã số thuế",
        "Người đại diện",
        "Giới tính người đại diện",
        "Mã xã",
    ]
    .map(String::from)
    .to_vec();
    let row = |n: usize, name: &str, tax: &str, commune: &str| {
        (
            n,
            vec![
                name.into(),
                "Hợp tác xã".into(),
                tax.into(),
                "Nông Văn Dũng".into(),
                "Nam".into(),
                commune.into(),
            ],
        )
    };
    let rows = vec![
        row(2, "HTX Một", &tax(11), "6838"),
        row(3, "HTX Hai", &tax(12), "99999"),
        row(4, "HTX Ba", &tax(13), "6862"),
    ];
    let (valid, errors) = producer_rows(s.units(), &headers, &rows);
    let outcome = s
        .import_producers(
            &actor(),
            valid,
            errors,
            ImportOptions::default(),
            |_| Ok(()),
            |_| {},
        )
        .await
        .unwrap();
    assert_eq!(outcome.written, 0);
    assert_eq!(outcome.errors.len(), 1);
    assert_eq!(
        (outcome.errors[0].row, outcome.errors[0].column.as_str()),
        (3, "Mã xã")
    );
    assert_eq!(
        s.list_producers(Scope::Everything, &Default::default())
            .await
            .unwrap()
            .1,
        0
    );

    let (valid, errors) = producer_rows(s.units(), &headers, &rows);
    let dry = ImportOptions {
        dry_run: true,
        skip_invalid: true,
    };
    let outcome = s
        .import_producers(&actor(), valid, errors, dry, |_| Ok(()), |_| {})
        .await
        .unwrap();
    assert_eq!((outcome.valid_rows, outcome.written), (2, 0));

    let (valid, errors) = producer_rows(s.units(), &headers, &rows);
    let skip = ImportOptions {
        dry_run: false,
        skip_invalid: true,
    };
    let outcome = s
        .import_producers(&actor(), valid, errors, skip, |_| Ok(()), |_| {})
        .await
        .unwrap();
    assert_eq!(outcome.written, 2);
    assert_eq!(
        s.list_producers(Scope::Everything, &Default::default())
            .await
            .unwrap()
            .1,
        2
    );

    // Again: both are now taken; the importer's scope is checked per row.
    let (valid, errors) = producer_rows(s.units(), &headers, &rows[..1]);
    let outcome = s
        .import_producers(&actor(), valid, errors, skip, |_| Ok(()), |_| {})
        .await
        .unwrap();
    assert!(outcome.errors[0].message.contains("đã có trong hệ thống"));

    let headers: Vec<String> = ["Tên sản phẩm", "Mã số thuế chủ thể", "Bộ sản phẩm"]
        .map(String::from)
        .to_vec();
    let rows = vec![
        (2, vec!["Cao ba kích".to_owned(), tax(11), "20".into()]),
        (3, vec!["Rượu ba kích".to_owned(), tax(99), "14".into()]),
    ];
    let (valid, errors) = product_rows(&headers, &rows);
    let outcome = s
        .import_products(
            &actor(),
            valid,
            errors,
            ImportOptions::default(),
            |_| Ok(()),
            |_| {},
        )
        .await
        .unwrap();
    assert_eq!(outcome.written, 0);
    assert_eq!(outcome.errors[0].row, 3);
    let (valid, errors) = product_rows(&headers, &rows[..1]);
    let outcome = s
        .import_products(
            &actor(),
            valid,
            errors,
            ImportOptions::default(),
            |p| {
                if p.commune_code == Some(6838) {
                    Err(Denied::Forbidden)
                } else {
                    Ok(())
                }
            },
            |_| {},
        )
        .await
        .unwrap();
    assert_eq!(
        outcome.written, 0,
        "the producer of row 2 is outside the importer's unit"
    );
    let (valid, errors) = product_rows(&headers, &rows[..1]);
    let outcome = s
        .import_products(
            &actor(),
            valid,
            errors,
            ImportOptions::default(),
            |_| Ok(()),
            |_| {},
        )
        .await
        .unwrap();
    assert_eq!(outcome.written, 1);
    let exported = s
        .export_products(Scope::Everything, &Default::default())
        .await
        .unwrap();
    assert_eq!(exported.rows.len(), 1);
    assert_eq!(exported.rows[0][1], tax(11));
}

on_both_backends!(audit_chain_detects_tampering);
async fn audit_chain_detects_tampering(db: &TestDb) {
    let s = &db.store;
    let p = s
        .create_producer(
            &actor(),
            producer("HTX Một", &tax(21), 6838),
            false,
            |_| Ok(()),
        )
        .await
        .unwrap();
    s.update_producer(
        &actor(),
        p.id,
        producer("HTX Một Mới", &tax(21), 6838),
        |_, _| Ok(()),
    )
    .await
    .unwrap();
    assert_eq!(s.verify_audit_chain().await.unwrap(), 2);
    db.execute(
        "UPDATE audit_log SET actor_label = 'kẻ gian' WHERE seq = (SELECT MIN(seq) FROM audit_log)",
    )
    .await;
    assert!(matches!(
        s.verify_audit_chain().await,
        Err(StoreError::Corrupt(_))
    ));
    let chain = s.check_audit_chain().await.unwrap();
    assert_eq!(chain.checked, 1);
    let link = chain.broken.expect("the changed row");
    assert_eq!((link.entity.as_str(), link.entity_id), ("producer", p.id));
    assert_eq!(s.audit_of("producer", p.id).await.unwrap()[0].at, link.at);
}

on_both_backends!(demo_data_loads_once);
async fn demo_data_loads_once(db: &TestDb) {
    let s = &db.store;
    let created = ocop_store::demo::load(s).await.unwrap();
    assert!(created >= 40, "{created}");
    assert_eq!(ocop_store::demo::load(s).await.unwrap(), 0);
    let query = CatalogQuery {
        text: Some("mien dong".into()),
        page: 1,
        per_page: 10,
        ..Default::default()
    };
    let page = s.search_products(Scope::PublicOnly, &query).await.unwrap();
    assert!(page.items.iter().any(|i| i.name == "Miến dong Bình Liêu"));
    assert!(page.items.iter().all(|i| i.stars_demo));
    let users = s.list_users().await.unwrap();
    assert_eq!(users.len(), ocop_store::demo::DEMO_ACCOUNTS.len());
    assert!(s.verify_audit_chain().await.unwrap() > created as u64);
    // The demo producer's change requests: one of each kind the screens show.
    let (requests, _) = s
        .change_requests(
            &ocop_store::Caller::system("test"),
            &ocop_store::change_requests::ChangeRequestQuery {
                page: 1,
                per_page: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let mut states: Vec<&str> = requests.iter().map(|r| r.request.state.key()).collect();
    states.sort();
    assert_eq!(states, ["approved", "open", "rejected"]);
    assert!(
        requests
            .iter()
            .all(|r| r.producer_name == "HTX phát triển Đình Trung")
    );
}

on_both_backends!(photos_keep_the_order_they_were_sent_in);
async fn photos_keep_the_order_they_were_sent_in(db: &TestDb) {
    let s = &db.store;
    let producer = s
        .create_producer(
            &actor(),
            producer("HTX ảnh", &tax(7), 6838),
            false,
            |_| Ok(()),
        )
        .await
        .unwrap();
    let product = s
        .create_product(
            &actor(),
            producer.id,
            product("Sản phẩm nhiều ảnh", "draft"),
            ProductExtras::default(),
            |_| Ok(()),
        )
        .await
        .unwrap();
    // One upload of many photos: all within a millisecond, listed as sent.
    let sent: Vec<ocop_store::photos::NewPhoto> = (0..50)
        .map(|i| ocop_store::photos::NewPhoto {
            sha256: format!("{i:064x}"),
            content_type: "image/png".into(),
            size_bytes: 1,
        })
        .collect();
    s.add_photos(&actor(), product.id, &sent, |_| Ok(()))
        .await
        .unwrap();
    let listed: Vec<String> = s
        .photos_of(product.id)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.sha256)
        .collect();
    let expected: Vec<String> = sent.into_iter().map(|p| p.sha256).collect();
    assert_eq!(listed, expected);

    // Cards show each product's first photo: one query for a page of products, those
    // without a photo left out.
    let bare = s
        .create_product(
            &actor(),
            producer.id,
            self::product("Sản phẩm chưa có ảnh", "draft"),
            ProductExtras::default(),
            |_| Ok(()),
        )
        .await
        .unwrap();
    let first = s.photos_of(product.id).await.unwrap()[0].id;
    let found = s.first_photos(&[product.id, bare.id]).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[&product.id], first);
    assert!(s.first_photos(&[]).await.unwrap().is_empty());
}
