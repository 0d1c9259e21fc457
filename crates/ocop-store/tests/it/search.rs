//! The catalogue's search: relevance on the demo's real products and on made-up ones that
//! isolate each step of the rule, and the search table kept in step with every write. Each
//! story runs on both backends.

use ocop_domain::access::Scope;
use ocop_domain::import::product_rows;
use ocop_domain::producer::ProducerInput;
use ocop_domain::product::{ProductInput, ProductStatus};
use ocop_store::import::ImportOptions;
use ocop_store::products::ProductExtras;
use ocop_store::{Caller, CatalogPage, CatalogQuery, Store};

use crate::db::TestDb;
use crate::on_both_backends;
use crate::story::{actor, producer, product, tax};

fn query(text: &str) -> CatalogQuery {
    CatalogQuery {
        text: Some(text.into()),
        page: 1,
        per_page: 100,
        ..Default::default()
    }
}

async fn search(s: &Store, text: &str) -> CatalogPage {
    s.search_products(Scope::PublicOnly, &query(text))
        .await
        .unwrap()
}

fn names(page: &CatalogPage) -> Vec<&str> {
    page.items.iter().map(|i| i.name.as_str()).collect()
}

on_both_backends!(demo_queries_find_what_was_asked_first);
async fn demo_queries_find_what_was_asked_first(db: &TestDb) {
    let s = &db.store;
    ocop_store::demo::load(s).await.unwrap();
    for honey in ["mat ong", "mật ong", "Mật ong"] {
        let page = search(s, honey).await;
        assert_eq!(
            page.items[0].name,
            "Mật ong Tiên Yên",
            "{honey}: {:?}",
            names(&page)
        );
    }
    let teas = ["Trà hoa vàng", "Trà thô", "Trà túi lọc"];
    for tea in ["tra", "trà", "Trà"] {
        let page = search(s, tea).await;
        let mut first: Vec<&str> = names(&page)[..3].to_vec();
        first.sort();
        assert_eq!(first, teas, "{tea}: {:?}", names(&page));
    }
    // Without marks, "tra" also starts "tranh" and "trai" in products' names: the teas, whole
    // words, come before them, and they before "trà" in a sheet's title.
    let page = search(s, "tra").await;
    let at = |name: &str| names(&page).iter().position(|n| *n == name).unwrap();
    assert!(at("Tranh bộ điệp Công Tuyến") >= 3, "{:?}", names(&page));
    assert!(
        at("Tranh bộ điệp Công Tuyến") < at("Hoa khô"),
        "{:?}",
        names(&page)
    );
    // "Yên Tử" is in two products' own names, and in the name of the producer of two more.
    let page = search(s, "yen tu").await;
    let mut own: Vec<&str> = names(&page)[..2].to_vec();
    own.sort();
    assert_eq!(own, ["Rượu mơ Yên Tử", "Tinh dầu Trầu tiên Yên Tử"]);
    for name in ["Sơ chế", "Viên nang"] {
        let at = names(&page).iter().position(|n| *n == name).unwrap();
        assert!(at >= 2, "{name} at {at}: {:?}", names(&page));
    }
    // Every product has its search row.
    assert_eq!(
        db.count("SELECT COUNT(*) FROM product_search").await,
        db.count("SELECT COUNT(*) FROM products").await
    );
}

/// A producer in Xã Bình Liêu and its active products of sheet 7 ("Chế biến từ rau, củ, quả,
/// hạt"), whose group, title and place hold none of the words searched below.
async fn made_up(s: &Store, n: u32, producer_name: &str, products: &[(&str, Option<u8>)]) {
    let p = s
        .create_producer(
            &actor(),
            producer(producer_name, &tax(n), 6838),
            false,
            |_| Ok(()),
        )
        .await
        .unwrap();
    for (name, stars) in products {
        s.create_product(
            &actor(),
            p.id,
            product(name, "active"),
            ProductExtras {
                stars: *stars,
                ..Default::default()
            },
            |_| Ok(()),
        )
        .await
        .unwrap();
    }
}

on_both_backends!(each_step_of_the_rule);
async fn each_step_of_the_rule(db: &TestDb) {
    let s = &db.store;
    made_up(s, 1, "HTX Mật ong Hoa Sơn", &[("Rừng xanh", None)]).await;
    made_up(
        s,
        2,
        "HTX Dương Lâm",
        &[
            ("Mật ong rừng", None),
            ("Mật ong", None),
            ("Ong chúa", None),
            ("Chè Đường Hoa", None),
            ("Chè Dương Lâm", None),
        ],
    )
    .await;
    made_up(
        s,
        3,
        "HTX Trà Cổ",
        &[
            ("Tranh gỗ", None),
            ("Trà xanh", Some(3)),
            ("Bánh gai", None),
        ],
    )
    .await;
    made_up(
        s,
        4,
        "HTX Sao",
        &[
            ("Trà móc câu", Some(5)),
            ("Trà ô long", None),
            ("Trà đắng", Some(3)),
        ],
    )
    .await;

    // 1. All words before some, wherever they are: "Rừng xanh" of "HTX Mật ong …" holds the
    // three words, "Mật ong" two (in its own name), "Ong chúa" one.
    let page = search(s, "mat ong rung").await;
    assert_eq!(
        names(&page),
        ["Mật ong rừng", "Rừng xanh", "Mật ong", "Ong chúa"]
    );
    assert_eq!(page.total, 4, "any word matches");
    // 2. The product's own name above its producer's name: "Chè Dương Lâm" holds both words
    // in its name, the other products of HTX Dương Lâm only in their producer's.
    let page = search(s, "duong lam").await;
    assert_eq!(names(&page)[0], "Chè Dương Lâm");
    assert_eq!(page.total, 5);
    // Every product of HTX Trà Cổ holds both words; "Trà xanh" one in its own name. The
    // products of HTX Sao hold one word, in their name.
    let page = search(s, "tra co").await;
    assert_eq!(
        names(&page),
        [
            "Trà xanh",
            "Bánh gai",
            "Tranh gỗ",
            "Trà móc câu",
            "Trà đắng",
            "Trà ô long"
        ]
    );
    // 3. Whole words above prefixes: "tra" is a whole word of "Trà ô long", the start of
    // "Tranh gỗ"; a start in the product's name still ranks above the producer's name.
    let page = search(s, "tra").await;
    let at = |name: &str| names(&page).iter().position(|n| *n == name).unwrap();
    assert!(at("Trà ô long") < at("Tranh gỗ"), "{:?}", names(&page));
    assert!(at("Tranh gỗ") < at("Bánh gai"), "{:?}", names(&page));
    // 4. Exact marks above folded: "Đường" and "Dương" fold alike.
    assert_eq!(search(s, "Chè Đường").await.items[0].name, "Chè Đường Hoa");
    assert_eq!(search(s, "Chè Dương").await.items[0].name, "Chè Dương Lâm");
    // 5. Then stars (none last), then the name.
    assert_eq!(
        names(&page),
        [
            "Trà móc câu",
            "Trà đắng",
            "Trà xanh",
            "Trà ô long",
            "Tranh gỗ",
            "Bánh gai"
        ],
    );
}

on_both_backends!(paging_totals_and_filters);
async fn paging_totals_and_filters(db: &TestDb) {
    let s = &db.store;
    ocop_store::demo::load(s).await.unwrap();
    let all = search(s, "tien yen").await;
    assert!(all.total > 5);
    assert_eq!(all.total as usize, all.items.len());
    let mut paged = Vec::new();
    for page in 1.. {
        let q = CatalogQuery {
            page,
            per_page: 2,
            ..query("tien yen")
        };
        let got = s.search_products(Scope::PublicOnly, &q).await.unwrap();
        assert_eq!(got.total, all.total);
        if got.items.is_empty() {
            break;
        }
        paged.extend(got.items);
    }
    assert_eq!(paged, all.items, "the pages follow one order");
    // Filters narrow the same order.
    let filtered = |province, category: Option<&str>, stars| {
        let q = CatalogQuery {
            province,
            category: category.map(str::to_owned),
            stars,
            ..query("tien yen")
        };
        async move { s.search_products(Scope::PublicOnly, &q).await.unwrap() }
    };
    assert_eq!(filtered(Some(22), None, None).await.items, all.items);
    assert_eq!(filtered(Some(1), None, None).await.total, 0);
    let food = filtered(None, Some("food"), None).await;
    let expected: Vec<_> = all
        .items
        .iter()
        .filter(|i| i.category == "food")
        .cloned()
        .collect();
    assert!(!expected.is_empty() && expected.len() < all.items.len());
    assert_eq!(food.items, expected);
    assert_eq!(food.total as usize, expected.len());
    let stars = all.items.iter().find_map(|i| i.stars).unwrap();
    let starred = filtered(None, None, Some(stars as u8)).await;
    let expected: Vec<_> = all
        .items
        .iter()
        .filter(|i| i.stars == Some(stars))
        .cloned()
        .collect();
    assert_eq!(starred.items, expected);
    assert_eq!(starred.total as usize, expected.len());
}

async fn found(s: &Store, text: &str, id: uuid::Uuid) -> bool {
    search(s, text).await.items.iter().any(|i| i.id == id)
}

on_both_backends!(the_search_table_follows_every_write);
async fn the_search_table_follows_every_write(db: &TestDb) {
    let s = &db.store;
    let system = Caller::system("test");
    let p = s
        .create_producer(
            &actor(),
            producer("HTX Hoa Sơn", &tax(1), 6838),
            false,
            |_| Ok(()),
        )
        .await
        .unwrap();
    let made = s
        .create_product(
            &actor(),
            p.id,
            product("Miến dong", "active"),
            ProductExtras::default(),
            |_| Ok(()),
        )
        .await
        .unwrap();
    assert!(found(s, "mien dong", made.id).await);
    // A changed name is found, the old one no longer; the new sheet's category filters.
    let input = ProductInput {
        name: "Mật ong bạc hà".into(),
        classification: "4".into(),
        status: "active".into(),
        ..Default::default()
    };
    s.change_product(&system, made.id, &input).await.unwrap();
    assert!(found(s, "mat ong bac ha", made.id).await);
    assert!(!found(s, "mien", made.id).await);
    let food = CatalogQuery {
        category: Some("food".into()),
        ..query("bac ha")
    };
    assert_eq!(
        s.search_products(Scope::PublicOnly, &food)
            .await
            .unwrap()
            .total,
        1
    );
    // A producer's new name and place reach its products.
    let renamed = ProducerInput {
        kind: "cooperative".into(),
        name: "HTX Ong Vàng".into(),
        tax_code: tax(1),
        representative_name: "Lý Thị Mai".into(),
        representative_gender: "female".into(),
        unit_code: "6862".into(),
        ..Default::default()
    };
    s.change_producer(&system, p.id, &renamed).await.unwrap();
    assert!(found(s, "ong vang", made.id).await);
    assert!(!found(s, "hoa son", made.id).await);
    let moved = s.product(made.id).await.unwrap();
    assert_ne!(moved.commune_code, made.commune_code);
    let in_commune = CatalogQuery {
        page: 1,
        per_page: 10,
        ..Default::default()
    };
    let scoped = s
        .search_products(Scope::Commune(moved.commune_code.unwrap()), &in_commune)
        .await
        .unwrap();
    assert_eq!(scoped.items[0].id, made.id);
    // Archived: gone from the public catalogue; the officials still find it.
    s.archive_product(&system, made.id).await.unwrap();
    assert!(!found(s, "mat ong", made.id).await);
    let everything = s
        .search_products(Scope::Everything, &query("mat ong"))
        .await
        .unwrap();
    assert_eq!(everything.items[0].id, made.id);
    assert_eq!(everything.items[0].status, ProductStatus::Archived.key());
    // Imported products are found.
    let headers: Vec<String> = [
        "Tên sản phẩm",
        "Mã số thuế chủ thể",
        "Bộ sản phẩm",
        "Trạng thái",
    ]
    .map(String::from)
    .to_vec();
    let rows = vec![(
        2,
        vec![
            "Rượu ba kích".to_owned(),
            tax(1),
            "14".into(),
            "active".into(),
        ],
    )];
    let (valid, errors) = product_rows(&headers, &rows);
    let outcome = s
        .import_product_rows(&system, valid, errors, ImportOptions::default(), |_| {})
        .await
        .unwrap();
    assert_eq!(outcome.written, 1);
    assert_eq!(names(&search(s, "ba kich").await), ["Rượu ba kích"]);
    assert_eq!(
        db.count("SELECT COUNT(*) FROM product_search").await,
        db.count("SELECT COUNT(*) FROM products").await
    );
}

on_both_backends!(an_existing_database_gets_its_search_table);
async fn an_existing_database_gets_its_search_table(db: &TestDb) {
    let s = &db.store;
    made_up(s, 1, "HTX Hoa Sơn", &[("Miến dong", Some(4))]).await;
    // As a database from before the search table: products, no search rows.
    db.execute("DELETE FROM product_search").await;
    db.execute("DELETE FROM data_migrations WHERE name = '0007-product-search'")
        .await;
    assert_eq!(search(s, "mien dong").await.total, 0);
    s.migrate().await.unwrap();
    let page = search(s, "mien dong").await;
    assert_eq!(names(&page), ["Miến dong"]);
    assert_eq!(page.items[0].stars, Some(4));
    // Once: opening it again writes nothing more.
    db.execute("DELETE FROM product_search").await;
    s.migrate().await.unwrap();
    assert_eq!(search(s, "mien dong").await.total, 0);
}

on_both_backends!(a_broad_search_counts_to_the_cap_and_says_more);
async fn a_broad_search_counts_to_the_cap_and_says_more(db: &TestDb) {
    let s = &db.store;
    let over = (ocop_store::SEARCH_COUNT_CAP + 2) as usize;
    let names: Vec<String> = (0..over).map(|i| format!("Bánh đa số {i}")).collect();
    let products: Vec<(&str, Option<u8>)> = names.iter().map(|n| (n.as_str(), None)).collect();
    made_up(s, 1, "HTX Bánh Kẹo", &products).await;
    made_up(
        s,
        2,
        "HTX Lai Vung",
        &[("Quýt hồng", None), ("Quýt đường", None)],
    )
    .await;

    let broad = search(s, "banh").await;
    assert_eq!(broad.total, ocop_store::SEARCH_COUNT_CAP);
    assert!(broad.total_capped, "more matches than counted");
    assert_eq!(broad.items.len(), 100, "the page is still full");

    // Two words: ranking among the products holding both only needs that many counted.
    let both = search(s, "banh da").await;
    assert!(both.total_capped);
    assert!(names_start_with(&both, "Bánh đa"));
    let narrow = search(s, "quyt").await;
    assert_eq!((narrow.total, narrow.total_capped), (2, false));
    // Without text, the catalogue counts everything.
    let browse = s
        .search_products(
            Scope::PublicOnly,
            &CatalogQuery {
                page: 1,
                per_page: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (browse.total as usize, browse.total_capped),
        (over + 2, false)
    );
}

fn names_start_with(page: &CatalogPage, start: &str) -> bool {
    page.items.iter().all(|i| i.name.starts_with(start))
}
