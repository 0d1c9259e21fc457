//! Stored rows are read without today's input rules: a row valid when written stays readable
//! after a rule is tightened. Keys and units that mean nothing are still corrupt data.

use ocop_domain::access::Scope;
use ocop_store::StoreError;
use ocop_store::producers::ProducerQuery;
use ocop_store::products::{ProductExtras, ProductListQuery};

use crate::db::TestDb;
use crate::on_both_backends;
use crate::story::{actor, producer, product, tax};

/// 0100109106 with a wrong check digit: refused by today's tax code rule.
const BAD_CHECK_DIGIT: &str = "0100109107";

on_both_backends!(producers_are_read_without_the_input_rules);
async fn producers_are_read_without_the_input_rules(db: &TestDb) {
    let s = &db.store;
    let p = s
        .create_producer(&actor(), producer("HTX cũ", &tax(31), 6838), false, |_| {
            Ok(())
        })
        .await
        .unwrap();
    // Longer than today's 200 characters, and a tax code whose check digit is wrong.
    let long_name = "Hợp tác xã ".repeat(30);
    db.execute(&format!(
        "UPDATE producers SET name = '{long_name}', tax_code = '{BAD_CHECK_DIGIT}' \
         WHERE id IN (SELECT id FROM producers WHERE tax_code = '{}')",
        tax(31)
    ))
    .await;

    let read = s.producer(p.id).await.unwrap();
    assert_eq!(read.data.name, long_name);
    assert_eq!(read.data.tax_code.as_str(), BAD_CHECK_DIGIT);
    let by_tax = s.producer_by_tax_code(BAD_CHECK_DIGIT).await.unwrap();
    assert_eq!(by_tax.map(|p| p.id), Some(p.id));
    let query = ProducerQuery {
        page: 1,
        per_page: 20,
        ..Default::default()
    };
    let (listed, total) = s.list_producers(Scope::Everything, &query).await.unwrap();
    assert_eq!(
        (total, listed[0].data.name.as_str()),
        (1, long_name.as_str())
    );

    // A key no version ever wrote, or a unit the lists do not have, is corrupt data.
    db.execute("UPDATE producers SET kind = 'ma'").await;
    assert!(matches!(
        s.producer(p.id).await,
        Err(StoreError::Corrupt(_))
    ));
    db.execute("UPDATE producers SET kind = 'cooperative', unit_code = 99999")
        .await;
    assert!(matches!(
        s.list_producers(Scope::Everything, &query).await,
        Err(StoreError::Corrupt(_))
    ));
}

on_both_backends!(products_are_read_without_the_input_rules);
async fn products_are_read_without_the_input_rules(db: &TestDb) {
    let s = &db.store;
    let p = s
        .create_producer(
            &actor(),
            producer("HTX mã vạch", &tax(32), 6838),
            false,
            |_| Ok(()),
        )
        .await
        .unwrap();
    let made = s
        .create_product(
            &actor(),
            p.id,
            product("Chè cũ", "active"),
            ProductExtras::default(),
            |_| Ok(()),
        )
        .await
        .unwrap();
    // A GTIN whose check digit is wrong, and a name longer than today's 200 characters.
    let long_name = "Chè ".repeat(60);
    db.execute(&format!(
        "UPDATE products SET gtin = '8935049500644', name = '{long_name}'"
    ))
    .await;

    let read = s.product(made.id).await.unwrap();
    assert_eq!(read.data.name, long_name);
    assert_eq!(
        read.data.gtin.as_ref().map(|g| g.as_str()),
        Some("8935049500644")
    );
    assert_eq!(s.products_of(p.id).await.unwrap()[0].data.name, long_name);
    let query = ProductListQuery {
        page: 1,
        per_page: 20,
        ..Default::default()
    };
    let (listed, total) = s.list_products(Scope::Everything, &query).await.unwrap();
    assert_eq!((total, listed[0].product.id), (1, made.id));
    let exported = s
        .export_products(Scope::Everything, &Default::default())
        .await
        .unwrap();
    assert_eq!(exported.rows.len(), 1);

    db.execute("UPDATE products SET status = 'bán chạy'").await;
    assert!(matches!(
        s.product(made.id).await,
        Err(StoreError::Corrupt(_))
    ));
    db.execute("UPDATE products SET status = 'active', classification = '99'")
        .await;
    assert!(matches!(
        s.list_products(Scope::Everything, &query).await,
        Err(StoreError::Corrupt(_))
    ));
}
