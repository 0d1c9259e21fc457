use crate::helpers::spawn_app;
use ocop_domain::access::Scope;
use ocop_store::CatalogQuery;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake png body";

async fn demo_product(app: &crate::helpers::TestApp, name: &str) -> uuid::Uuid {
    let query = CatalogQuery {
        text: Some(name.into()),
        page: 1,
        per_page: 1,
        ..Default::default()
    };
    app.store
        .search_products(Scope::Everything, &query)
        .await
        .unwrap()
        .items[0]
        .id
}

fn form(bytes: &'static [u8], file_name: &str) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new().part(
        "photo",
        reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_owned()),
    )
}

#[tokio::test]
async fn officials_upload_photos_that_the_public_sees() {
    let app = spawn_app().await;
    let id = demo_product(&app, "Miến dong Bình Liêu").await;
    let officer = app.login("tinh.quangninh@ocop.demo").await;
    let response = officer
        .post(app.url(&format!("/products/{id}/photos")))
        .multipart(form(PNG, "mien.png"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let photos = app.store.photos_of(id).await.unwrap();
    assert_eq!(photos.len(), 1);
    assert_eq!(photos[0].content_type, "image/png");
    let served = reqwest::get(app.url(&format!("/photos/{}", photos[0].id)))
        .await
        .unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.bytes().await.unwrap().as_ref(), PNG);
    let page = reqwest::get(app.url(&format!("/products/{id}")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&format!("/photos/{}", photos[0].id)),
        "the product page shows the photo"
    );
    let history = app.store.audit_of("product", id).await.unwrap();
    assert_eq!(history.last().unwrap().action, "add_photo");
}

#[tokio::test]
async fn uploads_are_checked_for_type_size_and_rights() {
    let app = spawn_app().await;
    let id = demo_product(&app, "Miến dong Bình Liêu").await;
    let officer = app.login("tinh.quangninh@ocop.demo").await;
    let url = app.url(&format!("/products/{id}/photos"));
    let response = officer
        .post(&url)
        .multipart(form(b"%PDF-1.7 not an image", "anh.jpg"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("JPEG, PNG hoặc WebP")
    );
    static BIG: [u8; 2 * 1024 * 1024] = [0u8; 2 * 1024 * 1024];
    let response = officer
        .post(&url)
        .multipart(form(&BIG, "big.png"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    let foreign = app.login("tinh.hanoi@ocop.demo").await;
    let response = foreign
        .post(&url)
        .multipart(form(PNG, "a.png"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let response = app
        .browser()
        .post(&url)
        .multipart(form(PNG, "a.png"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        303,
        "anonymous visitors are sent to the login page"
    );
    assert!(app.store.photos_of(id).await.unwrap().is_empty());
}
