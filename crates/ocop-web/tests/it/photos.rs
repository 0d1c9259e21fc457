use std::io::Cursor;

use crate::helpers::spawn_app;
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageEncoder, ImageFormat};
use ocop_domain::access::Scope;
use ocop_store::CatalogQuery;

/// A real image, `width`×`height`, in `format`.
fn image(format: ImageFormat, width: u32, height: u32) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    DynamicImage::new_rgb8(width, height)
        .write_to(&mut out, format)
        .unwrap();
    out.into_inner()
}

fn png() -> Vec<u8> {
    image(ImageFormat::Png, 3, 2)
}

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

fn part(bytes: Vec<u8>, file_name: &str) -> reqwest::multipart::Part {
    reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_owned())
}

fn form(bytes: Vec<u8>, file_name: &str) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new().part("photo", part(bytes, file_name))
}

#[tokio::test]
async fn officials_upload_photos_that_the_public_sees() {
    let app = spawn_app().await;
    let id = demo_product(&app, "Miến dong Bình Liêu").await;
    let officer = app.login("tinh.quangninh@ocop.demo").await;
    let response = officer
        .post(app.url(&format!("/products/{id}/photos")))
        .multipart(form(png(), "mien.png"))
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
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    let served =
        image::load_from_memory_with_format(&served.bytes().await.unwrap(), ImageFormat::Png)
            .expect("a PNG");
    assert_eq!((served.width(), served.height()), (3, 2));
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
        .multipart(form(b"%PDF-1.7 not an image".to_vec(), "anh.jpg"))
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
    let response = officer
        .post(&url)
        .multipart(form(vec![0; 2 * 1024 * 1024], "big.png"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    let foreign = app.login("tinh.hanoi@ocop.demo").await;
    let response = foreign
        .post(&url)
        .multipart(form(png(), "a.png"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let response = app
        .browser()
        .post(&url)
        .multipart(form(png(), "a.png"))
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

/// The photos page after an upload: its status and text.
async fn upload(
    app: &crate::helpers::TestApp,
    client: &reqwest::Client,
    id: uuid::Uuid,
    form: reqwest::multipart::Form,
) -> (u16, String) {
    let response = client
        .post(app.url(&format!("/products/{id}/photos")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn html_after_an_image_signature_is_refused() {
    let app = spawn_app().await;
    let id = demo_product(&app, "Miến dong Bình Liêu").await;
    let officer = app.login("tinh.quangninh@ocop.demo").await;
    for (bytes, format) in [
        (
            b"\xFF\xD8\xFF\xE0<html><script>alert(1)</script></html>".to_vec(),
            "JPEG",
        ),
        (
            [&png()[..20], b"<html><script>alert(1)</script></html>"].concat(),
            "PNG",
        ),
    ] {
        let (status, html) = upload(&app, &officer, id, form(bytes, "anh.jpg")).await;
        assert_eq!(status, 422, "{format}");
        assert!(
            html.contains(&format!("Tệp không phải ảnh {format} hợp lệ")),
            "{html}"
        );
    }
    assert!(app.store.photos_of(id).await.unwrap().is_empty());
}

#[tokio::test]
async fn each_photo_part_is_its_own_photo() {
    let app = spawn_app().await;
    let id = demo_product(&app, "Miến dong Bình Liêu").await;
    let officer = app.login("tinh.quangninh@ocop.demo").await;
    let three = reqwest::multipart::Form::new()
        .part("photo", part(png(), "a.png"))
        .part("photo", part(image(ImageFormat::Jpeg, 8, 8), "b.jpg"))
        .part("photo", part(image(ImageFormat::WebP, 4, 4), "c.webp"))
        // A file input left empty sends an empty part.
        .part("photo", part(Vec::new(), ""));
    let (status, _) = upload(&app, &officer, id, three).await;
    assert_eq!(status, 303);
    let photos = app.store.photos_of(id).await.unwrap();
    let types: Vec<&str> = photos.iter().map(|p| p.content_type.as_str()).collect();
    assert_eq!(types, ["image/png", "image/jpeg", "image/webp"]);
    for photo in &photos {
        let served = reqwest::get(app.url(&format!("/photos/{}", photo.id)))
            .await
            .unwrap();
        assert_eq!(
            served.headers()["content-type"],
            photo.content_type.as_str()
        );
        assert_eq!(served.headers()["x-content-type-options"], "nosniff");
        let bytes = served.bytes().await.unwrap();
        assert_eq!(bytes.len() as i64, photo.size_bytes);
        image::load_from_memory(&bytes).expect("a whole image");
    }
    let history = app.store.audit_of("product", id).await.unwrap();
    let added = history.iter().filter(|e| e.action == "add_photo").count();
    assert_eq!(added, 3, "one history entry per photo");

    // One bad file among several: it is named, and none is stored.
    let mixed = reqwest::multipart::Form::new()
        .part("photo", part(png(), "tot.png"))
        .part("photo", part(b"GIF89a...".to_vec(), "xau.gif"));
    let (status, html) = upload(&app, &officer, id, mixed).await;
    assert_eq!(status, 422);
    assert!(
        html.contains("Ảnh “xau.gif”: Ảnh phải là tệp JPEG, PNG hoặc WebP"),
        "{html}"
    );
    assert_eq!(app.store.photos_of(id).await.unwrap().len(), 3);

    // More than ten at once.
    let many = (0..11).fold(reqwest::multipart::Form::new(), |form, i| {
        form.part("photo", part(png(), &format!("{i}.png")))
    });
    let (status, html) = upload(&app, &officer, id, many).await;
    assert_eq!(status, 422);
    assert!(html.contains("Mỗi lần tải lên tối đa 10 ảnh"), "{html}");
    // None chosen.
    let (status, html) = upload(&app, &officer, id, form(Vec::new(), "")).await;
    assert_eq!(status, 422);
    assert!(html.contains("Chưa chọn ảnh để tải lên"), "{html}");
    assert_eq!(app.store.photos_of(id).await.unwrap().len(), 3);
    // The form says it takes several.
    let page = officer
        .get(app.url(&format!("/products/{id}/photos")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("multiple"), "{page}");
}

/// CRC-32 (IEEE) of a PNG chunk's type and data.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[tokio::test]
async fn a_huge_declared_size_is_refused_from_the_header() {
    let app = spawn_app().await;
    let id = demo_product(&app, "Miến dong Bình Liêu").await;
    let officer = app.login("tinh.quangninh@ocop.demo").await;
    // A small PNG whose header says 100000×100000 (30 GB of pixels): refused before any
    // pixel is decoded, so the server allocates nothing of that size.
    let mut bomb = png();
    bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let crc = crc32(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    let (status, html) = upload(&app, &officer, id, form(bomb, "bom.png")).await;
    assert_eq!(status, 422);
    assert!(
        html.contains("Ảnh 100000×100000 điểm ảnh quá lớn: tối đa 8000×8000 và 40 triệu điểm ảnh"),
        "{html}"
    );
    // Within each side but over 40 megapixels.
    let mut wide = png();
    wide[16..20].copy_from_slice(&8_000u32.to_be_bytes());
    wide[20..24].copy_from_slice(&6_000u32.to_be_bytes());
    let crc = crc32(&wide[12..29]);
    wide[29..33].copy_from_slice(&crc.to_be_bytes());
    let (status, html) = upload(&app, &officer, id, form(wide, "rong.png")).await;
    assert_eq!(status, 422);
    assert!(html.contains("Ảnh 8000×6000 điểm ảnh quá lớn"), "{html}");
    assert!(app.store.photos_of(id).await.unwrap().is_empty());
}

/// A minimal big-endian EXIF block: orientation 6 (rotate 90° clockwise to display) and a
/// description standing in for the GPS position phones record.
fn exif(marker: &str) -> Vec<u8> {
    let text = [marker.as_bytes(), b"\0"].concat();
    let data_offset = 8 + 2 + 2 * 12 + 4;
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&2u16.to_be_bytes());
    // ImageDescription, ASCII, at data_offset.
    tiff.extend_from_slice(&[0x01, 0x0E, 0x00, 0x02]);
    tiff.extend_from_slice(&(text.len() as u32).to_be_bytes());
    tiff.extend_from_slice(&(data_offset as u32).to_be_bytes());
    // Orientation, SHORT, 6.
    tiff.extend_from_slice(&[0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1, 0x00, 0x06, 0, 0]);
    tiff.extend_from_slice(&0u32.to_be_bytes());
    tiff.extend_from_slice(&text);
    tiff
}

#[tokio::test]
async fn exif_is_removed_after_its_orientation_is_applied() {
    let app = spawn_app().await;
    let id = demo_product(&app, "Miến dong Bình Liêu").await;
    let officer = app.login("tinh.quangninh@ocop.demo").await;
    let marker = "GPS 21.5167N 107.4833E";
    let mut jpeg = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut jpeg, 90);
    encoder.set_exif_metadata(exif(marker)).unwrap();
    let pixels = DynamicImage::new_rgb8(8, 4);
    encoder
        .write_image(pixels.as_bytes(), 8, 4, image::ExtendedColorType::Rgb8)
        .unwrap();
    let contains =
        |haystack: &[u8], needle: &[u8]| haystack.windows(needle.len()).any(|w| w == needle);
    assert!(
        contains(&jpeg, marker.as_bytes()),
        "the test photo has the marker"
    );
    let (status, _) = upload(&app, &officer, id, form(jpeg, "dien-thoai.jpg")).await;
    assert_eq!(status, 303);
    let photo = &app.store.photos_of(id).await.unwrap()[0];
    let served = reqwest::get(app.url(&format!("/photos/{}", photo.id)))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(!contains(&served, marker.as_bytes()));
    assert!(!contains(&served, b"Exif\0\0"));
    let shown = image::load_from_memory_with_format(&served, ImageFormat::Jpeg).unwrap();
    assert_eq!(
        (shown.width(), shown.height()),
        (4, 8),
        "turned upright as the EXIF orientation said"
    );
}

/// A catalogue card shows the product's first photo, else the neutral picture of its
/// category, and the short name of its group rather than the sheet's full title.
#[tokio::test]
async fn cards_show_the_first_photo_or_a_placeholder_and_a_short_group() {
    let app = spawn_app().await;
    let id = demo_product(&app, "Miến dong Bình Liêu").await;
    let card_of = |page: &str, id: uuid::Uuid| -> String {
        let start = page
            .find(&format!("<a class=\"card-photo\" href=\"/products/{id}\""))
            .expect("the product's card");
        page[start..start + page[start..].find("</article>").unwrap()].to_owned()
    };
    let page = reqwest::get(app.url("/catalog?q=mien+dong+binh+lieu"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let card = card_of(&page, id);
    // Sheet 7, "Chế biến từ rau, củ, quả, hạt", of the food category.
    assert!(
        card.contains(ocop_web::assets::url("placeholder-food.svg")),
        "{card}"
    );
    assert!(card.contains(">Món từ rau, củ, quả</p>"), "{card}");
    assert!(!card.contains("Sản phẩm thực phẩm"), "{card}");

    let officer = app.login("tinh.quangninh@ocop.demo").await;
    for _ in 0..2 {
        let response = officer
            .post(app.url(&format!("/products/{id}/photos")))
            .multipart(form(png(), "mien.png"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303);
    }
    let first = app.store.photos_of(id).await.unwrap()[0].id;
    let english = app.browser();
    english.get(app.url("/lang/en")).send().await.unwrap();
    let page = english
        .get(app.url("/catalog?q=mien+dong+binh+lieu"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let card = card_of(&page, id);
    assert!(card.contains(&format!("src=\"/photos/{first}\"")), "{card}");
    assert!(!card.contains("placeholder-"), "{card}");
    assert!(card.contains(">Vegetable and fruit foods</p>"), "{card}");
    // The placeholder is a static file like the others.
    let svg = reqwest::get(app.url(ocop_web::assets::url("placeholder-food.svg")))
        .await
        .unwrap();
    assert_eq!(svg.headers()["content-type"], "image/svg+xml");
    assert!(svg.text().await.unwrap().starts_with("<svg"));
}

/// The demo's pictures go through the upload path: re-encoded, stored by hash, linked with an
/// audit row; once only.
#[tokio::test]
async fn demo_pictures_are_attached_like_uploads() {
    let app = spawn_app().await;
    let attached = ocop_web::demo::attach_photos(&app.store, &app.files())
        .await
        .unwrap();
    assert_eq!(attached, 4);
    assert_eq!(
        ocop_web::demo::attach_photos(&app.store, &app.files())
            .await
            .unwrap(),
        0
    );
    let id = demo_product(&app, "Miến dong Bình Liêu").await;
    let photos = app.store.photos_of(id).await.unwrap();
    assert_eq!(photos.len(), 1);
    let history = app.store.audit_of("product", id).await.unwrap();
    assert!(history.iter().any(|e| e.action == "add_photo"));
    let served = reqwest::get(app.url(&format!("/photos/{}", photos[0].id)))
        .await
        .unwrap();
    assert_eq!(served.headers()["content-type"], "image/png");
    let picture = image::load_from_memory(&served.bytes().await.unwrap()).unwrap();
    assert_eq!((picture.width(), picture.height()), (480, 360));
    let page = reqwest::get(app.url("/catalog?q=mien+dong+binh+lieu"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("src=\"/photos/{}\"", photos[0].id)));
}
