//! Every page in Vietnamese by default and in English with the `lang` cookie, and none with
//! words meant for developers.

use ocop_domain::access::Scope;
use ocop_store::products::CatalogQuery;

use crate::helpers::{TestApp, spawn_app};

const OFFICER: &str = "tinh.quangninh@ocop.demo";

async fn page(client: &reqwest::Client, app: &TestApp, path: &str) -> String {
    let response = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap()
}

/// Switches the client to English as a visitor does, through `/lang/en`.
async fn to_english(client: &reqwest::Client, app: &TestApp) {
    let response = client.get(app.url("/lang/en")).send().await.unwrap();
    assert_eq!(response.status(), 303);
}

#[tokio::test]
async fn sign_in_back_office_and_scoring_pages_follow_the_language_cookie() {
    let app = spawn_app().await;
    // (path, signed in, Vietnamese heading, English heading)
    let pages = [
        ("/login", false, "<h1>Đăng nhập</h1>", "<h1>Sign in</h1>"),
        (
            "/scoring",
            false,
            "<h1>Bộ tiêu chí đánh giá, phân hạng sản phẩm OCOP</h1>",
            "<h1>Criteria for evaluating and ranking OCOP products</h1>",
        ),
        (
            "/scoring/V2026/1",
            false,
            ">Tính điểm</button>",
            ">Calculate</button>",
        ),
        (
            "/admin/products",
            true,
            "<h1>Sản phẩm OCOP</h1>",
            "<h1>OCOP products</h1>",
        ),
        (
            "/admin",
            true,
            "<h2>Việc thường làm</h2>",
            "<h2>Common tasks</h2>",
        ),
    ];
    let visitor = app.browser();
    let officer = app.login(OFFICER).await;
    for (path, signed_in, vi, en) in pages {
        let client = if signed_in { &officer } else { &visitor };
        let html = page(client, &app, path).await;
        assert!(html.contains(vi), "{path} in Vietnamese: {html}");
        assert!(html.contains(r#"<html lang="vi">"#), "{path}");
        assert!(!html.contains(en), "{path}");
    }
    to_english(&visitor, &app).await;
    to_english(&officer, &app).await;
    for (path, signed_in, vi, en) in pages {
        let client = if signed_in { &officer } else { &visitor };
        let html = page(client, &app, path).await;
        assert!(html.contains(en), "{path} in English: {html}");
        assert!(html.contains(r#"<html lang="en">"#), "{path}");
        assert!(!html.contains(vi), "{path}: {html}");
    }
    // Values of the domain follow the page: roles, statuses, criteria by their decision.
    let admin = page(&officer, &app, "/admin").await;
    assert!(
        admin.contains("<strong>Provincial officer</strong>"),
        "{admin}"
    );
    let products = page(&officer, &app, "/admin/products").await;
    assert!(products.contains(">Active</span>") && !products.contains("Đang hoạt động"));
    let criteria = page(&visitor, &app, "/scoring").await;
    assert!(
        criteria.contains("Criteria of Decision 26/2026/QĐ-TTg (in force from 22/05/2026)"),
        "{criteria}"
    );
}

/// What people read, without the markup.
fn visible(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

#[tokio::test]
async fn public_pages_show_no_developer_words() {
    let app = spawn_app().await;
    let found = app
        .store
        .search_products(Scope::PublicOnly, &CatalogQuery::default())
        .await
        .unwrap();
    let product = &found.items[0];
    let paths = [
        "/".to_owned(),
        "/catalog".to_owned(),
        "/login".to_owned(),
        "/scoring".to_owned(),
        "/scoring/sheets/V2026/1".to_owned(),
        "/scoring/V2026/1".to_owned(),
        format!("/products/{}", product.id),
        format!("/producers/{}", product.producer_id),
    ];
    let visitor = app.browser();
    for english in [false, true] {
        if english {
            to_english(&visitor, &app).await;
        }
        for path in &paths {
            let text = visible(&page(&visitor, &app, path).await);
            let words: Vec<&str> = text
                .split(|c: char| !c.is_alphanumeric() && c != '-')
                .collect();
            for word in words {
                let iso_date = word.len() == 10
                    && word.char_indices().all(|(i, c)| {
                        if i == 4 || i == 7 {
                            c == '-'
                        } else {
                            c.is_ascii_digit()
                        }
                    });
                let version = word.starts_with("V20") && word.len() == 5;
                assert!(
                    !matches!(word, "API" | "README") && !iso_date && !version,
                    "{path} (English: {english}) says {word:?}"
                );
            }
            assert!(!text.to_lowercase().contains("mã băm"), "{path}");
        }
    }
}

#[tokio::test]
async fn error_pages_follow_the_language_cookie() {
    let app = spawn_app().await;
    let client = app.browser();
    let missing = "/products/00000000-0000-0000-0000-000000000000";
    let vietnamese = client.get(app.url(missing)).send().await.unwrap();
    assert_eq!(vietnamese.status(), 404);
    let vietnamese = vietnamese.text().await.unwrap();
    assert!(vietnamese.contains("Về trang chủ"), "{vietnamese}");
    to_english(&client, &app).await;
    let english = client.get(app.url(missing)).send().await.unwrap();
    assert_eq!(english.status(), 404);
    let english = english.text().await.unwrap();
    assert!(english.contains("Back to the home page"), "{english}");
    assert!(english.contains("Request id"), "{english}");
    assert!(!english.contains("Về trang chủ"), "{english}");
}
