//! Pages that guide each role to its work: the dashboard's lists per role, the refused edit
//! explained, the recognised rating apart from the latest evaluation, evaluations in the
//! product's history, error pages with the signed-in header, choosing a producer before
//! adding a product, the demo hint on the sign-in page.

use std::collections::BTreeMap;

use ocop_domain::criteria::Library;
use ocop_domain::product::ProductInput;
use ocop_domain::scoring::{Answers, MemberAnswers, evaluate};
use ocop_store::products::ProductExtras;
use ocop_store::{AuditActor, Caller, Product};

use crate::helpers::{TestApp, spawn_app, spawn_app_with};

const QUANG_NINH: &str = "tinh.quangninh@ocop.demo";
const BINH_LIEU: &str = "xa.binhlieu@ocop.demo";
const COUNCIL: &str = "hoidong.quangninh@ocop.demo";
const PRODUCER: &str = "chuthe.dinhtrung@ocop.demo";

async fn get(client: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let response = client.get(app.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// A sheet-1 product of the demo producer account's cooperative, in `status`.
async fn own_product(app: &TestApp, name: &str, status: &str, stars: Option<u8>) -> Product {
    let user = app.store.user_by_email(PRODUCER).await.unwrap().unwrap();
    app.store
        .create_product(
            &AuditActor::system("test"),
            user.producer_id.unwrap(),
            ProductInput {
                name: name.into(),
                classification: "1".into(),
                status: status.into(),
                ..Default::default()
            }
            .parse()
            .unwrap(),
            ProductExtras {
                stars,
                stars_demo: stars.is_some(),
                ..Default::default()
            },
            |_| Ok(()),
        )
        .await
        .unwrap()
}

/// Saves a sheet-1 evaluation of `product` as the account `email`, every criterion at its
/// first option.
async fn save_evaluation(app: &TestApp, email: &str, product: &Product) -> u8 {
    let set = Library::embedded().version("V2026").unwrap();
    let answers = Answers {
        members: vec![MemberAnswers {
            name: "Thành viên 1".into(),
            choices: set
                .sheet(1)
                .unwrap()
                .leaves()
                .iter()
                .map(|leaf| (leaf.criterion.id.clone(), 1))
                .collect::<BTreeMap<_, _>>(),
        }],
        knockouts: Vec::new(),
        spread_threshold: None,
    };
    let evaluation = evaluate(set, 1, &answers).unwrap();
    let user = app.store.user_by_email(email).await.unwrap().unwrap();
    app.store
        .save_scores(&Caller::User(user), product.id, &answers, &evaluation)
        .await
        .unwrap()
        .stars
}

/// The ids of the products a page links to (`/products/{id}…`).
fn linked_products(page: &str) -> Vec<String> {
    page.match_indices("href=\"/products/")
        .filter_map(|(at, found)| page.get(at + found.len()..at + found.len() + 36))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn a_council_member_sees_the_products_it_may_score_with_links_that_work() {
    let app = spawn_app().await;
    let council = app.login(COUNCIL).await;
    let (status, page) = get(&council, &app, "/admin").await;
    assert_eq!(status, 200);
    assert!(page.contains("Sản phẩm chờ đánh giá"), "{page}");
    assert!(
        !page.contains("Sản phẩm đang ở bản nháp"),
        "council members do not publish drafts"
    );
    let score_links: Vec<&str> = page
        .match_indices("/score\"")
        .map(|(at, _)| &page[at - 52..at + 6])
        .collect();
    assert_eq!(score_links.len(), 10, "the first ten of the list");
    let first = score_links[0].trim_start_matches("href=\"");
    let (status, _) = get(&council, &app, first).await;
    assert_eq!(status, 200, "{first}");
    // The full list behind "see all" opens with the same filter.
    let (status, list) = get(
        &council,
        &app,
        "/admin/products?status=active&unevaluated=1",
    )
    .await;
    assert_eq!(status, 200);
    assert!(list.contains("Chỉ sản phẩm chưa có đánh giá của cán bộ hoặc hội đồng"));
    assert!(page.contains("href=\"/admin/products?status=active&#38;unevaluated=1\""));

    // Once evaluated by an official, a product leaves the list.
    let product = own_product(&app, "Rau cải Đình Trung", "active", None).await;
    let search = "/admin/products?status=active&unevaluated=1&q=rau+cai+dinh+trung";
    let (_, list) = get(&council, &app, search).await;
    assert!(list.contains(&format!("href=\"/admin/products/{}\"", product.id)));
    save_evaluation(&app, PRODUCER, &product).await;
    let (_, list) = get(&council, &app, search).await;
    assert!(
        list.contains(&format!("href=\"/admin/products/{}\"", product.id)),
        "a self-assessment is not an evaluation"
    );
    save_evaluation(&app, COUNCIL, &product).await;
    let (_, list) = get(&council, &app, search).await;
    assert!(!list.contains(&format!("href=\"/admin/products/{}\"", product.id)));
}

#[tokio::test]
async fn officials_see_the_records_needing_attention_in_their_unit() {
    let app = spawn_app().await;
    let draft = own_product(&app, "Trà hoa vàng Đình Trung", "draft", None).await;
    let province = app.login(QUANG_NINH).await;
    let (_, page) = get(&province, &app, "/admin").await;
    assert!(page.contains("Bản nháp chờ duyệt"));
    assert!(page.contains(&format!("href=\"/admin/products/{}\"", draft.id)));
    assert!(page.contains("Chủ thể chờ xác nhận xã sau sắp xếp"));
    assert!(page.contains("Tổ hợp tác chè Vô Ngại"));
    assert!(page.contains("Sản phẩm chờ đánh giá"));

    // A commune officer publishes drafts and scores, but does not choose successors.
    let commune = app.login(BINH_LIEU).await;
    let (_, page) = get(&commune, &app, "/admin").await;
    assert!(page.contains("Bản nháp chờ duyệt"));
    assert!(page.contains(&format!("href=\"/admin/products/{}\"", draft.id)));
    assert!(!page.contains("Chủ thể chờ xác nhận xã sau sắp xếp"));
    let (status, unconfirmed) = get(&province, &app, "/admin/producers?unconfirmed=1").await;
    assert_eq!(status, 200);
    assert!(unconfirmed.contains("Tổ hợp tác chè Vô Ngại"));
    assert!(!unconfirmed.contains("HTX phát triển Đình Trung"));
}

#[tokio::test]
async fn a_producer_sees_its_own_products_with_self_assessment_advice_and_photos() {
    let app = spawn_app().await;
    let draft = own_product(&app, "Trà hoa vàng Đình Trung", "draft", None).await;
    let active = own_product(&app, "Rau cải Đình Trung", "active", None).await;
    let stars = save_evaluation(&app, PRODUCER, &active).await;
    let producer = app.login(PRODUCER).await;
    let (status, page) = get(&producer, &app, "/admin").await;
    assert_eq!(status, 200);
    assert!(page.contains("Sản phẩm của bạn"));
    for product in [&draft, &active] {
        assert!(page.contains(&product.data.name));
        assert!(page.contains(&format!("href=\"/products/{}/score\"", product.id)));
        assert!(page.contains(&format!("href=\"/products/{}/advice\"", product.id)));
    }
    assert!(page.contains("Tự đánh giá"));
    // Photos and edits while a draft only.
    assert!(page.contains(&format!("href=\"/products/{}/photos\"", draft.id)));
    assert!(!page.contains(&format!("href=\"/products/{}/photos\"", active.id)));
    assert!(page.contains(&format!(
        "Đánh giá gần nhất: {stars} sao · Chủ thể tự đánh giá"
    )));
    // Never another producer's product.
    let user = app.store.user_by_email(PRODUCER).await.unwrap().unwrap();
    let own: Vec<String> = app
        .store
        .products_of(user.producer_id.unwrap())
        .await
        .unwrap()
        .iter()
        .map(|p| p.id.to_string())
        .collect();
    let linked = linked_products(&page);
    assert!(!linked.is_empty());
    assert!(linked.iter().all(|id| own.contains(id)), "{linked:?}");
    for path in [
        format!("/products/{}/score", active.id),
        format!("/products/{}/advice", active.id),
        format!("/products/{}/photos", draft.id),
    ] {
        assert_eq!(get(&producer, &app, &path).await.0, 200, "{path}");
    }
}

#[tokio::test]
async fn a_producer_opening_the_edit_page_of_its_active_product_is_told_why_and_what_it_may_do() {
    let app = spawn_app().await;
    let active = own_product(&app, "Rau cải Đình Trung", "active", None).await;
    let producer = app.login(PRODUCER).await;
    // An active product: its producer proposes a change instead.
    let response = producer
        .get(app.url(&format!("/admin/products/{}/edit", active.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        format!("/admin/products/{}/change-request", active.id).as_str()
    );
    // A suspended one: nothing to propose, the officials keep it.
    let suspended = own_product(&app, "Rau ngót Đình Trung", "suspended", None).await;
    let (status, page) = get(
        &producer,
        &app,
        &format!("/admin/products/{}/edit", suspended.id),
    )
    .await;
    assert_eq!(status, 403);
    assert!(page.contains("Không sửa được sản phẩm này"));
    assert!(page.contains("Chủ thể chỉ sửa được sản phẩm khi còn là bản nháp"));
    assert!(page.contains("liên hệ cán bộ OCOP phụ trách địa bàn"));
    assert!(
        !page.contains("ngoài phạm vi quản lý"),
        "it is its own product"
    );
    assert!(page.contains(&format!("href=\"/products/{}/score\"", suspended.id)));
    assert!(page.contains(&format!("href=\"/products/{}/advice\"", suspended.id)));
    assert!(page.contains("Đăng xuất"), "the signed-in header");
    // Its draft opens the form.
    let draft = own_product(&app, "Trà hoa vàng Đình Trung", "draft", None).await;
    let (status, _) = get(
        &producer,
        &app,
        &format!("/admin/products/{}/edit", draft.id),
    )
    .await;
    assert_eq!(status, 200);
    // A council member is told it reads and scores.
    let council = app.login(COUNCIL).await;
    let (status, page) = get(
        &council,
        &app,
        &format!("/admin/products/{}/edit", active.id),
    )
    .await;
    assert_eq!(status, 403);
    assert!(page.contains("Thành viên hội đồng xem và chấm điểm"));

    // Posting the form anyway (an old tab, a crafted request) is refused by the use case, with
    // the same explanation, and nothing changes.
    let response = producer
        .post(app.url(&format!("/admin/products/{}", active.id)))
        .form(&crate::admin::product_form(&active, "đổi sau khi duyệt"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("Chủ thể chỉ sửa được sản phẩm khi còn là bản nháp"),
        "{page}"
    );
    assert!(
        page.contains(&format!(
            "href=\"/admin/products/{}/change-request\"",
            active.id
        )),
        "the way to propose the change"
    );
    assert_eq!(
        app.store.product(active.id).await.unwrap().data,
        active.data
    );
}

#[tokio::test]
async fn the_recognised_rating_is_labelled_apart_from_the_latest_evaluation() {
    let app = spawn_app().await;
    let product = own_product(&app, "Rau cải Đình Trung", "active", Some(3)).await;
    let stars = save_evaluation(&app, QUANG_NINH, &product).await;
    assert_ne!(stars, 3);
    let official = app.login(QUANG_NINH).await;
    let (_, page) = get(&official, &app, &format!("/products/{}", product.id)).await;
    let recognised = page.find("Hạng sao được công nhận").expect("labelled");
    assert!(page.contains("Dữ liệu minh họa, không phải kết quả công nhận thật"));
    let latest = page.find("Kết quả đánh giá gần nhất").expect("labelled");
    assert!(recognised < latest);
    assert!(page[latest..].contains("Cán bộ / hội đồng đánh giá, lưu lúc"));
    assert!(page[latest..].contains(&format!("<strong>{stars} sao</strong>")));
    // The public sees the recognised rating only.
    let (_, public) = get(&app.browser(), &app, &format!("/products/{}", product.id)).await;
    assert!(public.contains("Hạng sao được công nhận"));
    assert!(!public.contains("Kết quả đánh giá gần nhất"));
    // The back-office record: both, labelled, with links to scoring and advice.
    let (_, record) = get(&official, &app, &format!("/admin/products/{}", product.id)).await;
    assert!(record.contains("Hạng sao được công nhận"));
    assert!(record.contains("★★★☆☆ · Dữ liệu minh họa"));
    assert!(record.contains(&format!(
        "Đánh giá gần nhất: {stars} sao · Cán bộ / hội đồng đánh giá"
    )));
    assert!(record.contains(&format!("href=\"/products/{}/score\"", product.id)));
    assert!(record.contains(&format!("href=\"/products/{}/advice\"", product.id)));
    assert!(record.contains(&format!("href=\"/products/{}/photos\"", product.id)));
}

#[tokio::test]
async fn a_saved_evaluation_appears_in_the_products_history() {
    let app = spawn_app().await;
    let product = own_product(&app, "Rau cải Đình Trung", "active", None).await;
    let stars = save_evaluation(&app, QUANG_NINH, &product).await;
    let official = app.login(QUANG_NINH).await;
    let (status, page) = get(
        &official,
        &app,
        &format!("/admin/audit/product/{}", product.id),
    )
    .await;
    assert_eq!(status, 200);
    let saved = page.find("Lưu kết quả đánh giá").expect("the evaluation");
    let created = page.find("Tạo mới").expect("the product's creation");
    assert!(saved < created, "newest first");
    assert!(page.contains("Cán bộ / hội đồng đánh giá"));
    assert!(page.contains(&format!("{stars} sao")));
    assert!(page.contains("Phiếu đánh giá"));
}

#[tokio::test]
async fn error_pages_keep_the_signed_in_header() {
    let app = spawn_app().await;
    let official = app.login(QUANG_NINH).await;
    let missing = format!("/admin/products/{}", uuid::Uuid::now_v7());
    let (status, page) = get(&official, &app, &missing).await;
    assert_eq!(status, 404);
    assert!(page.contains("Đăng xuất"));
    assert!(page.contains("Cán bộ cấp tỉnh"));
    assert!(page.contains("href=\"/admin\""));
    assert!(page.contains("Về trang quản lý"));
    let commune = app.login(BINH_LIEU).await;
    let (status, page) = get(&commune, &app, "/admin/users").await;
    assert_eq!(status, 403);
    assert!(page.contains("Đăng xuất"));
    assert!(page.contains("Cán bộ cấp xã"));
    // Without a session, the page offers to sign in.
    let (status, page) = get(&app.browser(), &app, "/no-such-page").await;
    assert_eq!(status, 404);
    assert!(page.contains("href=\"/login\""));
    assert!(!page.contains("Đăng xuất"));
}

#[tokio::test]
async fn adding_a_product_without_a_producer_asks_to_choose_one() {
    let app = spawn_app().await;
    let official = app.login(QUANG_NINH).await;
    let (_, list) = get(&official, &app, "/admin/products").await;
    assert!(list.contains("href=\"/admin/producers?choose=product\""));
    let response = official
        .get(app.url("/admin/products/new"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        "/admin/producers?choose=product"
    );
    let (status, page) = get(&official, &app, "/admin/producers?choose=product").await;
    assert_eq!(status, 200);
    assert!(page.contains("Chọn chủ thể trước"));
    assert!(page.contains("href=\"/admin/products/new?producer="));
    let (_, page) = get(&official, &app, "/admin/producers").await;
    assert!(!page.contains("Chọn chủ thể trước"));
}

#[tokio::test]
async fn the_sign_in_page_names_the_demo_accounts_only_in_demo_mode() {
    let app = spawn_app().await;
    let (_, page) = get(&app.browser(), &app, "/login").await;
    assert!(!page.contains("ocop-demo-2026"));
    assert!(!page.contains("@ocop.demo"));
    let demo = spawn_app_with(|config| config.demo = true).await;
    let (_, page) = get(&demo.browser(), &demo, "/login").await;
    assert!(page.contains("ocop-demo-2026"));
    assert!(page.contains("tinh.quangninh@ocop.demo"));
}
