//! Tests of the catalog routes: home, catalogue search and filters, product and producer
//! pages, over real HTTP against the demo data.

use ocop_domain::access::Scope;
use ocop_domain::identifiers::{TaxCode, tax_check_digit};
use ocop_domain::producer::{
    Gender, LegalRepresentative, ProducerData, ProducerKind, ProducerStatus,
};
use ocop_domain::product::{ProductData, ProductStatus};
use ocop_domain::taxonomy::Classification;
use ocop_domain::units::UnitRef;
use ocop_store::audit::AuditActor;
use ocop_store::products::{CatalogQuery, ProductExtras};
use uuid::Uuid;

use crate::helpers::{TestApp, spawn_app};

/// Phường Hoàn Kiếm, Thành phố Hà Nội (province 1).
const HOAN_KIEM: u32 = 70;

async fn get(client: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let response = client.get(app.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

async fn get_anon(app: &TestApp, path: &str) -> (u16, String) {
    get(&app.browser(), app, path).await
}

/// The result count the catalogue shows (`data-total`).
fn total(html: &str) -> u64 {
    let start = html.find("data-total=\"").expect("a result count") + "data-total=\"".len();
    let end = start + html[start..].find('"').unwrap();
    html[start..end].parse().unwrap()
}

/// Ids of the product cards, in page order.
fn product_ids(html: &str) -> Vec<String> {
    html.match_indices("class=\"card-title\"><a href=\"/products/")
        .map(|(i, m)| html[i + m.len()..i + m.len() + 36].to_owned())
        .collect()
}

/// A public product's id by its exact name.
async fn product_id(app: &TestApp, name: &str) -> Uuid {
    let page = app
        .store
        .search_products(
            Scope::Everything,
            &CatalogQuery {
                text: Some(name.to_owned()),
                page: 1,
                per_page: 100,
                ..CatalogQuery::default()
            },
        )
        .await
        .unwrap();
    page.items.iter().find(|p| p.name == name).expect(name).id
}

fn valid_tax_code(seed: u32) -> TaxCode {
    let mut n = seed;
    loop {
        if let Some(d) = tax_check_digit(&format!("01{n:07}")) {
            return TaxCode::parse(&format!("01{n:07}{d}"), false).unwrap();
        }
        n += 1;
    }
}

/// A producer in Hà Nội, outside the demo's Quảng Ninh.
async fn hanoi_producer(app: &TestApp) -> Uuid {
    let data = ProducerData {
        kind: ProducerKind::Cooperative,
        name: "HTX phố cổ Hàng Đường".into(),
        tax_code: valid_tax_code(4242),
        representative: LegalRepresentative {
            name: "Nguyễn Thị Lan".into(),
            gender: Gender::Female,
            ethnic_minority: false,
            disability: false,
        },
        phone: None,
        email: None,
        unit: UnitRef::commune(HOAN_KIEM),
        street: Some("12 phố Hàng Đường".into()),
        community_capital_percent: None,
        status: ProducerStatus::Active,
    };
    app.store
        .create_producer(&AuditActor::system("test"), data, false, |_| Ok(()))
        .await
        .unwrap()
        .id
}

async fn add_product(app: &TestApp, producer: Uuid, name: &str, status: ProductStatus) -> Uuid {
    let data = ProductData {
        name: name.into(),
        classification: Classification::V2026 { sheet: 7 },
        description: None,
        story: None,
        ingredients: None,
        packaging: None,
        gtin: None,
        status,
    };
    app.store
        .create_product(
            &AuditActor::system("test"),
            producer,
            data,
            ProductExtras {
                stars: Some(3),
                ..ProductExtras::default()
            },
            |_| Ok(()),
        )
        .await
        .unwrap()
        .id
}

#[tokio::test]
async fn home_explains_ocop_and_links_into_the_catalogue() {
    let app = spawn_app().await;
    let (status, html) = get_anon(&app, "/").await;
    assert_eq!(status, 200);
    assert!(html.contains("OCOP là gì?"));
    assert!(html.contains("action=\"/catalog\""));
    for group in ["food", "drink", "herbal", "craft", "ornamental", "tourism"] {
        assert!(
            html.contains(&format!("href=\"/catalog?group={group}\"")),
            "{group}"
        );
    }
    // Featured: the demo's highest rating is 4 stars.
    let featured = product_ids(&html);
    assert_eq!(featured.len(), 6);
    assert!(html.contains("★★★★☆"));
    assert!(
        !html.contains("★★★☆☆"),
        "4-star products fill the featured list first"
    );
    let style = reqwest::get(app.url(ocop_web::assets::url("style.css")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(style.contains(".site-header"));
}

#[tokio::test]
async fn search_finds_vietnamese_with_or_without_marks() {
    let app = spawn_app().await;
    for q in [
        "mien+dong",
        "mien+dong+binh+lieu",
        "Mi%E1%BA%BFn+dong",
        "MIEN%20DONG",
    ] {
        let (status, html) = get_anon(&app, &format!("/catalog?q={q}")).await;
        assert_eq!(status, 200, "{q}");
        assert!(html.contains("Miến dong Bình Liêu"), "{q}");
        assert!(total(&html) >= 1);
    }
    // Products holding every word come first; one holding a single word of the query
    // ("dong" of Phường Đông Triều) comes after them.
    let (_, html) = get_anon(&app, "/catalog?q=mien+dong+binh+lieu&per_page=100").await;
    let asked = html.find("Miến dong Bình Liêu").unwrap();
    let one_word = html.find("Gốm sứ Quang Vinh").unwrap();
    assert!(asked < one_word, "all words before some");
    let (_, html) = get_anon(&app, "/catalog?q=xyzzy+plugh").await;
    assert_eq!(total(&html), 0);
    assert!(html.contains("Không tìm thấy sản phẩm phù hợp."));
}

/// "Mứt dừa" (coconut jam) and "Mứt dứa" (pineapple jam) fold to the same "mut dua": the one
/// typed with its exact marks comes first, whichever it is.
#[tokio::test]
async fn exact_diacritics_rank_first() {
    let app = spawn_app().await;
    let producer = hanoi_producer(&app).await;
    let coconut = add_product(&app, producer, "Mứt dừa", ProductStatus::Active)
        .await
        .to_string();
    let pineapple = add_product(&app, producer, "Mứt dứa", ProductStatus::Active)
        .await
        .to_string();

    let (_, html) = get_anon(&app, "/catalog?q=m%E1%BB%A9t+d%E1%BB%ABa").await; // mứt dừa
    assert_eq!(product_ids(&html), vec![coconut.clone(), pineapple.clone()]);
    let (_, html) = get_anon(&app, "/catalog?q=m%E1%BB%A9t+d%E1%BB%A9a").await; // mứt dứa
    assert_eq!(product_ids(&html), vec![pineapple.clone(), coconut.clone()]);
    let (_, html) = get_anon(&app, "/catalog?q=mut+dua").await;
    assert_eq!(total(&html), 2, "without marks both are found");
}

#[tokio::test]
async fn filters_narrow_the_results_and_show_the_count() {
    let app = spawn_app().await;
    let producer = hanoi_producer(&app).await;
    add_product(&app, producer, "Mứt dừa", ProductStatus::Active).await;
    let (_, html) = get_anon(&app, "/catalog?per_page=100").await;
    let all = total(&html);
    assert!(all > 40, "the demo has ~45 products, got {all}");

    let (_, html) = get_anon(&app, "/catalog?province=22&per_page=100").await;
    assert_eq!(total(&html), all - 1, "everything but the Hà Nội product");
    assert!(!html.contains("Mứt dừa"));
    let (_, html) = get_anon(&app, "/catalog?province=1").await;
    assert_eq!(total(&html), 1);
    assert!(html.contains("Mứt dừa"));
    assert!(html.contains("Phường Hoàn Kiếm, Thành phố Hà Nội"));

    let (_, html) = get_anon(&app, "/catalog?group=craft&per_page=100").await;
    let crafts = total(&html);
    assert!(crafts > 0 && crafts < all);
    assert!(html.contains("Gốm sứ Quang Vinh"));
    assert!(!html.contains("Miến dong Bình Liêu"));
    assert_eq!(product_ids(&html).len() as u64, crafts);

    let (_, html) = get_anon(&app, "/catalog?stars=4&per_page=100").await;
    let four = total(&html);
    assert!(four > 0 && four < all);
    assert_eq!(html.matches("★★★★☆").count() as u64, four);
    assert!(!html.contains("★★★☆☆"));

    // Filters combine; the empty values of the form mean "any".
    let (_, html) = get_anon(&app, "/catalog?q=&province=22&group=craft&stars=").await;
    assert_eq!(total(&html), crafts);
    // The form shows the chosen filters.
    assert!(html.contains("<option value=\"craft\" selected>"));
    assert!(html.contains("<option value=\"22\" selected>"));
}

#[tokio::test]
async fn pages_differ_and_links_keep_the_filters() {
    let app = spawn_app().await;
    let (_, first) = get_anon(&app, "/catalog?group=food&per_page=5").await;
    let (_, second) = get_anon(&app, "/catalog?group=food&per_page=5&page=2").await;
    let (a, b) = (product_ids(&first), product_ids(&second));
    assert_eq!(a.len(), 5);
    assert!(!b.is_empty());
    assert!(
        a.iter().all(|id| !b.contains(id)),
        "page 2 shows other products"
    );
    assert_eq!(total(&first), total(&second));
    // Askama escapes `&` in attributes as `&#38;`.
    assert!(first.contains("href=\"/catalog?group=food&#38;per_page=5&#38;page=2\""));
    assert!(
        second.contains("href=\"/catalog?group=food&#38;per_page=5\""),
        "back to page 1"
    );
    // Past the end: an empty page, not an error.
    let (status, html) = get_anon(&app, "/catalog?group=food&per_page=5&page=999").await;
    assert_eq!(status, 200);
    assert!(product_ids(&html).is_empty());
}

#[tokio::test]
async fn a_page_far_past_the_end_is_empty_and_links_back_to_page_1() {
    let app = spawn_app().await;
    // (42949674 − 1) × 100 does not fit in a u32: the offset used to wrap around to 4 and the
    // page showed products again.
    let (status, html) = get_anon(&app, "/catalog?page=42949674&per_page=100").await;
    assert_eq!(status, 200);
    assert!(product_ids(&html).is_empty(), "{html}");
    assert!(total(&html) > 0);
    assert!(html.contains("Về trang 1"), "{html}");
    assert!(html.contains("href=\"/catalog?per_page=100\""), "{html}");
    let (status, html) = get_anon(&app, "/catalog?page=4294967295&q=mien").await;
    assert_eq!(status, 200);
    assert!(product_ids(&html).is_empty());
    assert!(html.contains("href=\"/catalog?q=mien\""), "{html}");
    // On a real page there is no such link.
    let (_, html) = get_anon(&app, "/catalog").await;
    assert!(!html.contains("Về trang 1"));
}

#[tokio::test]
async fn htmx_requests_get_only_the_results_fragment() {
    let app = spawn_app().await;
    let response = app
        .browser()
        .get(app.url("/catalog?q=mien+dong"))
        .header("HX-Request", "true")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["vary"], "HX-Request");
    let html = response.text().await.unwrap();
    assert!(!html.contains("<html"));
    assert!(!html.contains("<form"));
    assert!(html.contains("Miến dong Bình Liêu"));
    assert!(total(&html) >= 1);
    // A history restore needs the whole page.
    let html = app
        .browser()
        .get(app.url("/catalog?q=mien+dong"))
        .header("HX-Request", "true")
        .header("HX-History-Restore-Request", "true")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<html"));
    // Without htmx the page carries the form wired for partial updates.
    let (_, html) = get_anon(&app, "/catalog").await;
    assert!(html.contains("<html"));
    assert!(html.contains("hx-get=\"/catalog\""));
    assert!(html.contains("hx-target=\"#results\""));
    assert!(html.contains("id=\"results\""));
}

#[tokio::test]
async fn bad_filters_are_400_naming_the_parameter_and_paging_is_clamped() {
    let app = spawn_app().await;
    for (query, param) in [
        ("stars=9", "stars"),
        ("group=keo", "group"),
        ("province=abc", "province"),
        ("province=999", "province"),
        ("page=hai", "page"),
    ] {
        let (status, html) = get_anon(&app, &format!("/catalog?{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert!(html.contains("Yêu cầu không hợp lệ"), "{query}");
        assert!(
            html.contains(&format!("Tham số &#34;{param}&#34;")),
            "{query}: {html}"
        );
    }
    let (status, zero) = get_anon(&app, "/catalog?page=0").await;
    assert_eq!(status, 200);
    let (_, one) = get_anon(&app, "/catalog?page=1").await;
    assert_eq!(product_ids(&zero), product_ids(&one));
    let (status, html) = get_anon(&app, "/catalog?per_page=1000").await;
    assert_eq!(status, 200);
    assert_eq!(product_ids(&html).len() as u64, total(&html).min(100));
}

#[tokio::test]
async fn product_page_shows_demo_badge_codes_and_historical_district() {
    let app = spawn_app().await;
    let id = product_id(&app, "Miến dong Bình Liêu").await;
    let (status, html) = get_anon(&app, &format!("/products/{id}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("<h1>Miến dong Bình Liêu</h1>"));
    assert!(html.contains("Dữ liệu minh họa"));
    assert!(html.contains("Xã Bình Liêu, Quảng Ninh"));
    assert!(html.contains("Địa bàn trước 01/07/2025"));
    assert!(html.contains("Huyện Bình Liêu"));
    let product = app.store.product(id).await.unwrap();
    assert!(html.contains(product.product_code.as_deref().unwrap()));
    assert!(html.contains(&format!("href=\"/producers/{}\"", product.producer_id)));
    assert!(!html.contains("/edit\""), "no edit link for the public");

    let (status, _) = get_anon(&app, &format!("/products/{}", Uuid::now_v7())).await;
    assert_eq!(status, 404);
    let (status, _) = get_anon(&app, "/products/khong-phai-ma").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn drafts_are_404_except_for_their_producer_and_officials_in_charge() {
    let app = spawn_app().await;
    let public = app
        .store
        .product(product_id(&app, "Miến dong Bình Liêu").await)
        .await
        .unwrap();
    let draft = add_product(
        &app,
        public.producer_id,
        "Miến dong nhân sâm",
        ProductStatus::Draft,
    )
    .await;
    let path = format!("/products/{draft}");

    let (status, html) = get_anon(&app, &path).await;
    assert_eq!(status, 404);
    assert!(!html.contains("Miến dong nhân sâm"));
    for outsider in ["tinh.hanoi@ocop.demo", "chuthe.dinhtrung@ocop.demo"] {
        let client = app.login(outsider).await;
        assert_eq!(get(&client, &app, &path).await.0, 404, "{outsider}");
    }
    for insider in ["tinh.quangninh@ocop.demo", "xa.binhlieu@ocop.demo"] {
        let client = app.login(insider).await;
        let (status, html) = get(&client, &app, &path).await;
        assert_eq!(status, 200, "{insider}");
        assert!(html.contains("Miến dong nhân sâm"));
        assert!(html.contains("Bản nháp"));
        assert!(
            html.contains(&format!("href=\"/admin/products/{draft}/edit\"")),
            "{insider}"
        );
        assert!(html.contains(">Sửa</a>"));
        // Public lists stay public, whoever asks.
        let (_, list) = get(&client, &app, "/catalog?q=mien+dong").await;
        assert!(!list.contains("Miến dong nhân sâm"), "{insider}");
    }
    // The council member may look but not edit.
    let client = app.login("hoidong.quangninh@ocop.demo").await;
    let (status, html) = get(&client, &app, &path).await;
    assert_eq!(status, 200);
    assert!(!html.contains("/edit\""));
}

#[tokio::test]
async fn producer_page_lists_its_public_products() {
    let app = spawn_app().await;
    let public = app
        .store
        .product(product_id(&app, "Miến dong Bình Liêu").await)
        .await
        .unwrap();
    add_product(
        &app,
        public.producer_id,
        "Miến dong nhân sâm",
        ProductStatus::Draft,
    )
    .await;
    let producer = app.store.producer(public.producer_id).await.unwrap();
    let (status, html) = get_anon(&app, &format!("/producers/{}", producer.id)).await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("<h1>{}</h1>", producer.data.name)));
    assert!(
        !html.contains(&producer.data.representative.name),
        "the representative is personal data, not for the public"
    );
    assert!(html.contains("Xã Bình Liêu, Quảng Ninh"));
    assert!(html.contains(&format!("href=\"/products/{}\"", public.id)));
    assert!(
        !html.contains("Miến dong nhân sâm"),
        "drafts are not listed"
    );

    let hanoi = hanoi_producer(&app).await;
    let (_, html) = get_anon(&app, &format!("/producers/{hanoi}")).await;
    assert!(html.contains("12 phố Hàng Đường, Phường Hoàn Kiếm, Thành phố Hà Nội"));
    assert!(html.contains("Chủ thể chưa có sản phẩm công khai."));
    assert_eq!(
        get_anon(&app, &format!("/producers/{}", Uuid::now_v7()))
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn english_switch_translates_the_pages() {
    let app = spawn_app().await;
    let client = app.browser();
    let (_, html) = get(&client, &app, "/catalog").await;
    assert!(html.contains("<h1>Danh mục sản phẩm</h1>"));
    let response = client
        .get(app.url("/lang/en"))
        .header("Referer", app.url("/catalog"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let (_, html) = get(&client, &app, "/catalog?group=craft").await;
    assert!(html.contains("<h1>Product catalogue</h1>"));
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("<option value=\"craft\" selected>Handicrafts</option>"));
    // Product data stays as entered.
    assert!(html.contains("Gốm sứ Quang Vinh"));
    let (_, html) = get(&client, &app, "/").await;
    assert!(html.contains("What is OCOP?"));
    assert!(html.contains("Demo data"));
    assert!(!html.contains("Dữ liệu minh họa"));
}

#[tokio::test]
async fn the_product_page_links_scoring_for_those_who_may_use_it() {
    let app = spawn_app().await;
    let id = product_id(&app, "Miến dong Bình Liêu (HTX phát triển Đình Trung)").await;
    let path = format!("/products/{id}");
    let (_, html) = get_anon(&app, &path).await;
    assert!(html.contains(&format!("/products/{id}/scoring-sheet")));
    assert!(!html.contains(&format!("/products/{id}/score\"")));
    assert!(!html.contains(&format!("/products/{id}/advice")));
    let producer = app.login("chuthe.dinhtrung@ocop.demo").await;
    let (_, html) = get(&producer, &app, &path).await;
    assert!(html.contains(&format!("/products/{id}/score\"")));
    assert!(html.contains(&format!("/products/{id}/advice")));
    let foreign = app.login("tinh.hanoi@ocop.demo").await;
    let (_, html) = get(&foreign, &app, &path).await;
    assert!(!html.contains(&format!("/products/{id}/advice")));
}
