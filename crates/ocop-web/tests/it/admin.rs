//! The back-office over real HTTP: who may do what (a table of expected answers per demo
//! account), form validation, imports, exports, accounts.

use std::collections::HashMap;

use ocop_domain::access::Scope;
use ocop_domain::import::{PRODUCER_COLUMNS, PRODUCT_COLUMNS};
use ocop_domain::producer::ProducerInput;
use ocop_domain::product::{ProductInput, ProductStatus};
use ocop_domain::units::AdminUnits;
use ocop_render::{Table, TableFormat};
use ocop_store::producers::ProducerQuery;
use ocop_store::products::{ProductExtras, ProductListQuery};
use ocop_store::{AuditActor, Producer, Product};
use reqwest::multipart::{Form, Part};

use crate::helpers::{TestApp, spawn_app, tax_code};

const CENTRAL: &str = "trunguong@ocop.demo";
const QUANG_NINH: &str = "tinh.quangninh@ocop.demo";
const HA_NOI: &str = "tinh.hanoi@ocop.demo";
const BINH_LIEU: &str = "xa.binhlieu@ocop.demo";
const COUNCIL: &str = "hoidong.quangninh@ocop.demo";
const PRODUCER: &str = "chuthe.dinhtrung@ocop.demo";

const BINH_LIEU_COMMUNE: u32 = 6838;
const HA_LONG_COMMUNE: u32 = 6688;
const DINH_TRUNG: &str = "HTX phát triển Đình Trung";
const OUT_OF_SCOPE: &str = "ngoài phạm vi quản lý";
/// The required columns of a producer import file.
const PRODUCER_IMPORT_HEADERS: [&str; 6] = [
    "Tên chủ thể",
    "Loại hình",
    "Mã số thuế",
    "Người đại diện",
    "Giới tính người đại diện",
    "Mã xã",
];

fn hanoi_commune() -> u32 {
    AdminUnits::embedded()
        .communes_of(1)
        .map(|c| c.code)
        .min()
        .expect("Hà Nội has communes")
}

fn producer_input(name: &str, commune: u32, tax: &str) -> ProducerInput {
    ProducerInput {
        kind: "cooperative".into(),
        name: name.into(),
        tax_code: tax.into(),
        representative_name: "Nguyễn Thị Thử".into(),
        representative_gender: "female".into(),
        unit_code: commune.to_string(),
        status: "active".into(),
        ..Default::default()
    }
}

async fn add_producer(app: &TestApp, name: &str, commune: u32, n: u32) -> Producer {
    let data = producer_input(name, commune, &tax_code(n))
        .parse(app.store.units())
        .unwrap();
    app.store
        .create_producer(&AuditActor::system("test"), data, false, |_| Ok(()))
        .await
        .unwrap()
}

async fn add_product(
    app: &TestApp,
    producer: &Producer,
    name: &str,
    status: ProductStatus,
) -> Product {
    let data = ProductInput {
        name: name.into(),
        classification: "7".into(),
        status: status.key().into(),
        ..Default::default()
    }
    .parse()
    .unwrap();
    app.store
        .create_product(
            &AuditActor::system("test"),
            producer.id,
            data,
            ProductExtras::default(),
            |_| Ok(()),
        )
        .await
        .unwrap()
}

async fn demo_producer(app: &TestApp, name: &str) -> Producer {
    let query = ProducerQuery {
        text: Some(name.into()),
        page: 1,
        per_page: 50,
        ..Default::default()
    };
    let (found, _) = app
        .store
        .list_producers(Scope::Everything, &query)
        .await
        .unwrap();
    found.into_iter().find(|p| p.data.name == name).expect(name)
}

async fn demo_product(app: &TestApp, name: &str) -> Product {
    let query = ProductListQuery {
        text: Some(name.into()),
        page: 1,
        per_page: 50,
        ..Default::default()
    };
    let (found, _) = app
        .store
        .list_products(Scope::Everything, &query)
        .await
        .unwrap();
    found
        .into_iter()
        .map(|i| i.product)
        .find(|p| p.data.name == name)
        .expect(name)
}

/// The edit form of a product as a browser submits it, with a new description and no status
/// (the status stays).
pub(crate) fn product_form(product: &Product, description: &str) -> Vec<(&'static str, String)> {
    let input = ProductInput::from_data(&product.data);
    vec![
        ("name", input.name),
        (
            "classification",
            format!("{}:{}", input.taxonomy_version, input.classification),
        ),
        ("description", description.to_owned()),
        ("story", input.story),
        ("ingredients", input.ingredients),
        ("packaging", input.packaging),
        ("gtin", input.gtin),
    ]
}

fn csv(headers: &[&str], rows: &[&[&str]]) -> Vec<u8> {
    let table = Table::new(
        headers.iter().map(|h| h.to_string()).collect(),
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect(),
    );
    ocop_render::write_csv(&table).unwrap()
}

/// Posts an import form: `kind`, a file, and the ticked options.
async fn import(
    app: &TestApp,
    client: &reqwest::Client,
    kind: &str,
    file_name: &str,
    bytes: Vec<u8>,
    options: &[&'static str],
) -> reqwest::Response {
    let mut form = Form::new()
        .text("kind", kind.to_owned())
        .part("file", Part::bytes(bytes).file_name(file_name.to_owned()));
    for option in options {
        form = form.text(*option, "1");
    }
    client
        .post(app.url("/admin/import"))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// Text as the templates escape it.
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    ViewList,
    OpenEdit,
    SubmitEdit,
    ViewAudit,
    EditProducer,
    Export,
    Import,
    Archive,
}

/// (account, action, answer on a record of the account's own unit, answer on a foreign one).
/// "Own" is the account's unit (its own producer for the producer account); "foreign" is
/// another province for provincial accounts and the council member, another commune of
/// Quảng Ninh for the commune officer, another producer of Bình Liêu for the producer.
/// The rows of each account run in order, so archiving comes last. A record the account may
/// not even see (a foreign draft) answers 404, as a missing one does.
#[rustfmt::skip]
const MATRIX: [(&str, Act, u16, u16); 48] = [
    (CENTRAL,    Act::ViewList,     200, 200),
    (CENTRAL,    Act::OpenEdit,     200, 200),
    (CENTRAL,    Act::SubmitEdit,   303, 303),
    (CENTRAL,    Act::ViewAudit,    200, 200),
    (CENTRAL,    Act::EditProducer, 200, 200),
    (CENTRAL,    Act::Export,       200, 200),
    (CENTRAL,    Act::Import,       200, 200),
    (CENTRAL,    Act::Archive,      303, 303),
    (QUANG_NINH, Act::ViewList,     200, 200),
    (QUANG_NINH, Act::OpenEdit,     200, 404),
    (QUANG_NINH, Act::SubmitEdit,   303, 404),
    (QUANG_NINH, Act::ViewAudit,    200, 404),
    (QUANG_NINH, Act::EditProducer, 200, 403),
    (QUANG_NINH, Act::Export,       200, 200),
    (QUANG_NINH, Act::Import,       200, 200),
    (QUANG_NINH, Act::Archive,      303, 404),
    (HA_NOI,     Act::ViewList,     200, 200),
    (HA_NOI,     Act::OpenEdit,     200, 404),
    (HA_NOI,     Act::SubmitEdit,   303, 404),
    (HA_NOI,     Act::ViewAudit,    200, 404),
    (HA_NOI,     Act::EditProducer, 200, 403),
    (HA_NOI,     Act::Export,       200, 200),
    (HA_NOI,     Act::Import,       200, 200),
    (HA_NOI,     Act::Archive,      303, 404),
    (BINH_LIEU,  Act::ViewList,     200, 200),
    (BINH_LIEU,  Act::OpenEdit,     200, 404),
    (BINH_LIEU,  Act::SubmitEdit,   303, 404),
    (BINH_LIEU,  Act::ViewAudit,    200, 404),
    (BINH_LIEU,  Act::EditProducer, 200, 403),
    (BINH_LIEU,  Act::Export,       200, 200),
    (BINH_LIEU,  Act::Import,       200, 200),
    (BINH_LIEU,  Act::Archive,      303, 404),
    (COUNCIL,    Act::ViewList,     200, 200),
    (COUNCIL,    Act::OpenEdit,     403, 404),
    (COUNCIL,    Act::SubmitEdit,   403, 404),
    (COUNCIL,    Act::ViewAudit,    403, 404),
    (COUNCIL,    Act::EditProducer, 403, 403),
    (COUNCIL,    Act::Export,       403, 403),
    (COUNCIL,    Act::Import,       403, 403),
    (COUNCIL,    Act::Archive,      403, 404),
    (PRODUCER,   Act::ViewList,     200, 200),
    (PRODUCER,   Act::OpenEdit,     200, 404),
    (PRODUCER,   Act::SubmitEdit,   303, 404),
    (PRODUCER,   Act::ViewAudit,    403, 404),
    (PRODUCER,   Act::EditProducer, 200, 403),
    (PRODUCER,   Act::Export,       403, 403),
    (PRODUCER,   Act::Import,       403, 403),
    (PRODUCER,   Act::Archive,      403, 404),
];

/// The records one row acts on.
struct Target {
    producer: Producer,
    product: Product,
}

/// Runs one action on one record and checks the answer; lists and files must show the record
/// exactly when the account may see it.
async fn check(
    app: &TestApp,
    client: &reqwest::Client,
    account: &str,
    act: Act,
    own: bool,
    target: &Target,
    expected: u16,
) {
    let what = format!("{account} {act:?} own={own}");
    // Earlier rows may have changed the record: compare with how it is now.
    let product = &app.store.product(target.product.id).await.unwrap();
    let visible = own || account == CENTRAL;
    let response = match act {
        Act::ViewList => client
            .get(app.url("/admin/products"))
            .query(&[("q", product.data.name.as_str())])
            .send()
            .await
            .unwrap(),
        Act::OpenEdit => client
            .get(app.url(&format!("/admin/products/{}/edit", product.id)))
            .send()
            .await
            .unwrap(),
        Act::SubmitEdit => client
            .post(app.url(&format!("/admin/products/{}", product.id)))
            .form(&product_form(product, &format!("Sửa bởi {account}")))
            .send()
            .await
            .unwrap(),
        Act::ViewAudit => client
            .get(app.url(&format!("/admin/audit/product/{}", product.id)))
            .send()
            .await
            .unwrap(),
        Act::EditProducer => client
            .get(app.url(&format!("/admin/producers/{}/edit", target.producer.id)))
            .send()
            .await
            .unwrap(),
        Act::Export => client
            .get(app.url("/admin/products/export.csv"))
            .query(&[("q", product.data.name.as_str())])
            .send()
            .await
            .unwrap(),
        Act::Import => {
            let file = csv(
                &["Tên sản phẩm", "Mã số thuế chủ thể", "Bộ sản phẩm"],
                &[&[
                    "Sản phẩm nhập thử",
                    target.producer.data.tax_code.as_str(),
                    "7",
                ]],
            );
            import(app, client, "products", "nhap.csv", file, &["dry_run"]).await
        }
        Act::Archive => client
            .post(app.url(&format!("/admin/products/{}/archive", product.id)))
            .send()
            .await
            .unwrap(),
    };
    assert_eq!(response.status().as_u16(), expected, "{what}");
    let body = response.text().await.unwrap();
    if expected == 403 {
        assert!(body.contains("Không có quyền truy cập"), "{what}: {body}");
    }
    if expected == 404 {
        // A hidden record answers as a missing one, naming nothing of it.
        assert!(!body.contains(&product.data.name), "{what}: {body}");
    }
    let stored = app.store.product(product.id).await.unwrap();
    match (act, expected) {
        // The search box echoes the name: look for the record's link.
        (Act::ViewList, _) => assert_eq!(
            body.contains(&format!("href=\"/admin/products/{}\"", product.id)),
            visible,
            "{what}"
        ),
        (Act::Export, 200) => assert_eq!(body.contains(&product.data.name), visible, "{what}"),
        (Act::SubmitEdit, 303) => assert_eq!(
            stored.data.description.as_deref(),
            Some(format!("Sửa bởi {account}").as_str()),
            "{what}"
        ),
        (Act::Archive, 303) => assert_eq!(stored.data.status, ProductStatus::Archived, "{what}"),
        (Act::SubmitEdit | Act::Archive, _) => {
            assert_eq!(stored.data, product.data, "{what}: refused, unchanged")
        }
        (Act::ViewAudit, 200) => assert!(body.contains("Tạo mới"), "{what}"),
        (Act::Import, 200) => {
            assert_eq!(body.contains(OUT_OF_SCOPE), !visible, "{what}: {body}");
            assert!(body.contains("Kiểm tra thử"), "{what}");
        }
        _ => {}
    }
}

#[tokio::test]
async fn authorization_matrix_per_demo_account() {
    let app = spawn_app().await;
    let dinh_trung = demo_producer(&app, DINH_TRUNG).await;
    let binh_lieu_other = add_producer(&app, "HTX thử quyền Bình Liêu", BINH_LIEU_COMMUNE, 1).await;
    let ha_long = add_producer(&app, "HTX thử quyền Hạ Long", HA_LONG_COMMUNE, 2).await;
    let ha_noi = add_producer(&app, "HTX thử quyền Hà Nội", hanoi_commune(), 3).await;
    // (account, producer of its own unit, producer of a foreign one)
    let places: [(&str, &Producer, &Producer); 6] = [
        (CENTRAL, &dinh_trung, &ha_noi),
        (QUANG_NINH, &dinh_trung, &ha_noi),
        (HA_NOI, &ha_noi, &dinh_trung),
        (BINH_LIEU, &binh_lieu_other, &ha_long),
        (COUNCIL, &dinh_trung, &ha_noi),
        (PRODUCER, &dinh_trung, &binh_lieu_other),
    ];
    let mut targets: HashMap<(&str, bool), Target> = HashMap::new();
    for (i, (account, own, foreign)) in places.iter().enumerate() {
        for (is_own, producer) in [(true, *own), (false, *foreign)] {
            let side = if is_own { "riêng" } else { "ngoài" };
            // Drafts: the producer account may edit its own only while a draft.
            let product = add_product(
                &app,
                producer,
                &format!("Kiểm thử quyền {i} {side}"),
                ProductStatus::Draft,
            )
            .await;
            targets.insert(
                (*account, is_own),
                Target {
                    producer: producer.clone(),
                    product,
                },
            );
        }
    }
    let mut clients: HashMap<&str, reqwest::Client> = HashMap::new();
    for (account, act, own_status, foreign_status) in MATRIX {
        if !clients.contains_key(account) {
            clients.insert(account, app.login(account).await);
        }
        let client = &clients[account];
        check(
            &app,
            client,
            account,
            act,
            true,
            &targets[&(account, true)],
            own_status,
        )
        .await;
        check(
            &app,
            client,
            account,
            act,
            false,
            &targets[&(account, false)],
            foreign_status,
        )
        .await;
    }
}

#[tokio::test]
async fn anonymous_visitors_are_sent_to_the_login_page() {
    let app = spawn_app().await;
    let product = demo_product(&app, "Miến dong Bình Liêu").await;
    let client = app.browser();
    let pages = [
        "/admin".to_owned(),
        "/admin/products".to_owned(),
        format!("/admin/products/{}/edit", product.id),
        format!("/admin/audit/product/{}", product.id),
        "/admin/products/export.xlsx".to_owned(),
        "/admin/import".to_owned(),
        "/admin/users".to_owned(),
    ];
    for page in pages {
        let response = client.get(app.url(&page)).send().await.unwrap();
        assert_eq!(response.status(), 303, "{page}");
        assert_eq!(location(&response), "/login", "{page}");
    }
    let response = client
        .post(app.url(&format!("/admin/products/{}", product.id)))
        .form(&product_form(&product, "ẩn danh"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/login");
    assert_eq!(
        app.store.product(product.id).await.unwrap().data,
        product.data
    );

    // A bearer token is a session like a cookie: the same rules apply.
    let token = app.token(COUNCIL).await;
    let bearer = reqwest::Client::new();
    let list = bearer
        .get(app.url("/admin/products"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(list.status(), 200);
    let edit = bearer
        .get(app.url(&format!("/admin/products/{}/edit", product.id)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(edit.status(), 403);
}

#[tokio::test]
async fn dashboard_names_the_role_and_the_unit() {
    let app = spawn_app().await;
    for (account, role, unit) in [
        (CENTRAL, "Quản trị trung ương", "Toàn quốc"),
        (QUANG_NINH, "Cán bộ cấp tỉnh", "Quảng Ninh"),
        (BINH_LIEU, "Cán bộ cấp xã", "Xã Bình Liêu, Quảng Ninh"),
        (COUNCIL, "Thành viên hội đồng", "Quảng Ninh"),
        (PRODUCER, "Chủ thể OCOP", DINH_TRUNG),
    ] {
        let client = app.login(account).await;
        let response = client.get(app.url("/admin")).send().await.unwrap();
        assert_eq!(response.status(), 200, "{account}");
        let body = response.text().await.unwrap();
        assert!(
            body.contains(role) && body.contains(unit),
            "{account}: {body}"
        );
    }
    // Quảng Ninh's officer counts the demo products of the province; Hà Nội's has none.
    let body = app
        .login(HA_NOI)
        .await
        .get(app.url("/admin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        body.contains(r#"<span class="count">0</span><span class="label">Sản phẩm</span>"#),
        "{body}"
    );
}

#[tokio::test]
async fn the_quang_ninh_officer_edits_a_product_and_the_audit_shows_before_and_after() {
    let app = spawn_app().await;
    let product = demo_product(&app, "Miến dong Bình Liêu").await;
    let edit_url = app.url(&format!("/admin/products/{}", product.id));

    let ha_noi = app.login(HA_NOI).await;
    let response = ha_noi
        .post(&edit_url)
        .form(&product_form(&product, "Sửa trái phép"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(
        app.store.product(product.id).await.unwrap().data,
        product.data
    );

    let quang_ninh = app.login(QUANG_NINH).await;
    let form = quang_ninh
        .get(app.url(&format!("/admin/products/{}/edit", product.id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        form.contains(&format!("/admin/audit/product/{}", product.id)),
        "edit page links its history"
    );
    assert!(form.contains(
        r#"<option value="V2026:7" selected>Bộ 7: Chế biến từ rau, củ, quả, hạt</option>"#
    ));
    let response = quang_ninh
        .post(&edit_url)
        .form(&product_form(
            &product,
            "Miến dong làm từ củ dong riềng Bình Liêu",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(
        location(&response),
        format!("/admin/products/{}?saved=updated", product.id)
    );
    let stored = app.store.product(product.id).await.unwrap();
    assert_eq!(
        stored.data.description.as_deref(),
        Some("Miến dong làm từ củ dong riềng Bình Liêu")
    );
    assert_eq!(
        stored.data.status,
        ProductStatus::Active,
        "no status submitted: unchanged"
    );

    let audit = quang_ninh
        .get(app.url(&format!("/admin/audit/product/{}", product.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(audit.status(), 200);
    let audit = audit.text().await.unwrap();
    let old = product.data.description.clone().unwrap();
    assert!(
        audit.contains("Cập nhật") && audit.contains("Cán bộ OCOP tỉnh Quảng Ninh"),
        "{audit}"
    );
    assert!(
        audit.contains(&format!("<del>{old}</del>")),
        "before: {audit}"
    );
    assert!(
        audit.contains("<ins>Miến dong làm từ củ dong riềng Bình Liêu</ins>"),
        "after: {audit}"
    );
    // Only the description changed in that update.
    let update = audit.split("audit-entry").nth(1).unwrap();
    let first_table = update.split("<details>").next().unwrap();
    assert_eq!(
        first_table.matches(r#"<tr class="changed">"#).count(),
        1,
        "{first_table}"
    );
}

#[tokio::test]
async fn a_bad_tax_code_check_digit_is_refused_next_to_the_field() {
    let app = spawn_app().await;
    let client = app.login(QUANG_NINH).await;
    let (_, before) = app
        .store
        .list_producers(Scope::Everything, &ProducerQuery::default())
        .await
        .unwrap();
    let input = producer_input("HTX Chè Hoa Vàng Thử", BINH_LIEU_COMMUNE, "0100109107");
    let response = client
        .post(app.url("/admin/producers"))
        .form(&input)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(
        body.contains(r#"<p class="field-error" id="f-tax_code-error">Mã số thuế 0100109107 sai chữ số kiểm tra (chữ số thứ 10)</p>"#),
        "{body}"
    );
    assert!(
        body.contains(r#"value="HTX Chè Hoa Vàng Thử""#),
        "the submitted values stay"
    );
    assert!(
        body.contains(r#"<option value="6838" selected>Xã Bình Liêu</option>"#),
        "the commune select keeps its choice"
    );
    let (_, after) = app
        .store
        .list_producers(Scope::Everything, &ProducerQuery::default())
        .await
        .unwrap();
    assert_eq!(after, before, "nothing written");

    // Editing too: the stored record stays as it was.
    let dinh_trung = demo_producer(&app, DINH_TRUNG).await;
    let mut edit = ProducerInput::from_data(&dinh_trung.data);
    edit.tax_code = "0100109107".into();
    edit.name = "Tên mới".into();
    let response = client
        .post(app.url(&format!("/admin/producers/{}", dinh_trung.id)))
        .form(&edit)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert_eq!(
        app.store.producer(dinh_trung.id).await.unwrap().data,
        dinh_trung.data
    );
}

#[tokio::test]
async fn a_taken_tax_code_is_a_field_error() {
    let app = spawn_app().await;
    let client = app.login(QUANG_NINH).await;
    let dinh_trung = demo_producer(&app, DINH_TRUNG).await;
    let input = producer_input(
        "HTX trùng mã",
        BINH_LIEU_COMMUNE,
        dinh_trung.data.tax_code.as_str(),
    );
    let response = client
        .post(app.url("/admin/producers"))
        .form(&input)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(
        body.contains(r#"id="f-tax_code-error">Mã số thuế"#) && body.contains("đã được đăng ký"),
        "{body}"
    );
}

#[tokio::test]
async fn officials_create_producers_only_in_their_unit() {
    let app = spawn_app().await;
    let commune = app.login(BINH_LIEU).await;
    let response = commune
        .post(app.url("/admin/producers"))
        .form(&producer_input(
            "HTX ngoài xã",
            HA_LONG_COMMUNE,
            &tax_code(10),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(
        app.store
            .producer_by_tax_code(&tax_code(10))
            .await
            .unwrap()
            .is_none()
    );

    let response = commune
        .post(app.url("/admin/producers"))
        .form(&producer_input(
            "HTX trong xã",
            BINH_LIEU_COMMUNE,
            &tax_code(11),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let created = app
        .store
        .producer_by_tax_code(&tax_code(11))
        .await
        .unwrap()
        .expect("created");
    assert_eq!(
        location(&response),
        format!("/admin/producers/{}?saved=created", created.id)
    );
    assert_eq!(created.commune_code, Some(BINH_LIEU_COMMUNE));

    // Moving a producer out of the unit is refused too.
    let mut moved = ProducerInput::from_data(&created.data);
    moved.unit_code = HA_LONG_COMMUNE.to_string();
    let response = commune
        .post(app.url(&format!("/admin/producers/{}", created.id)))
        .form(&moved)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);

    let ha_noi = app.login(HA_NOI).await;
    let response = ha_noi
        .post(app.url("/admin/producers"))
        .form(&producer_input(
            "HTX Quảng Ninh",
            BINH_LIEU_COMMUNE,
            &tax_code(12),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    for account in [COUNCIL, PRODUCER] {
        let client = app.login(account).await;
        assert_eq!(
            client
                .get(app.url("/admin/producers/new"))
                .send()
                .await
                .unwrap()
                .status(),
            403,
            "{account}"
        );
    }
}

#[tokio::test]
async fn producer_accounts_prepare_drafts_and_officials_publish() {
    let app = spawn_app().await;
    let dinh_trung = demo_producer(&app, DINH_TRUNG).await;
    let producer = app.login(PRODUCER).await;

    let form = producer
        .get(app.url(&format!("/admin/products/new?producer={}", dinh_trung.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 200);
    assert!(
        !form.text().await.unwrap().contains(r#"name="status""#),
        "no status choice for producers"
    );

    let new_product = |name: &str| {
        vec![
            ("producer", dinh_trung.id.to_string()),
            ("name", name.to_owned()),
            ("classification", "V2026:7".to_owned()),
            ("packaging", "Gói 500 g".to_owned()),
        ]
    };
    let response = producer
        .post(app.url("/admin/products"))
        .form(&new_product("Miến dong Đình Trung"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let draft = demo_product(&app, "Miến dong Đình Trung").await;
    assert_eq!(draft.data.status, ProductStatus::Draft);
    let code = draft
        .product_code
        .clone()
        .expect("a product code of the commune");
    assert!(code.starts_with("22-06838-"), "{code}");
    let page = producer
        .get(app.url(&location(&response)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&format!("Mã số sản phẩm: {code}")),
        "the code is shown after creation: {page}"
    );

    // Publishing is the officials' call: refused, still a draft.
    let mut publish = product_form(&draft, "Bản nháp");
    publish.push(("status", "active".to_owned()));
    let response = producer
        .post(app.url(&format!("/admin/products/{}", draft.id)))
        .form(&publish)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(
        app.store.product(draft.id).await.unwrap().data.status,
        ProductStatus::Draft
    );
    let mut created_active = new_product("Miến dong xuất bản sẵn");
    created_active.push(("status", "active".to_owned()));
    let response = producer
        .post(app.url("/admin/products"))
        .form(&created_active)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);

    // Editing the draft is fine; a product of another producer is not.
    let response = producer
        .post(app.url(&format!("/admin/products/{}", draft.id)))
        .form(&product_form(&draft, "Miến dong sợi nhỏ"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let other = demo_product(&app, "Miến dong Bình Liêu").await;
    let mut foreign = new_product("Sản phẩm của người khác");
    foreign[0].1 = other.producer_id.to_string();
    assert_eq!(
        producer
            .post(app.url("/admin/products"))
            .form(&foreign)
            .send()
            .await
            .unwrap()
            .status(),
        403
    );

    // The commune officer publishes it; from then on the producer cannot edit it.
    let officer = app.login(BINH_LIEU).await;
    let draft = app.store.product(draft.id).await.unwrap();
    let mut publish = product_form(&draft, "Miến dong sợi nhỏ");
    publish.push(("status", "active".to_owned()));
    let response = officer
        .post(app.url(&format!("/admin/products/{}", draft.id)))
        .form(&publish)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let active = app.store.product(draft.id).await.unwrap();
    assert_eq!(active.data.status, ProductStatus::Active);
    // Once active, its producer's "edit" is a proposal for the officials to approve.
    let edit = producer
        .get(app.url(&format!("/admin/products/{}/edit", active.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(edit.status(), 303);
    assert_eq!(
        edit.headers()["location"],
        format!("/admin/products/{}/change-request", active.id).as_str()
    );
    let response = producer
        .post(app.url(&format!("/admin/products/{}", active.id)))
        .form(&product_form(&active, "Sửa sau khi duyệt"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(
        app.store.product(active.id).await.unwrap().data,
        active.data
    );
}

#[tokio::test]
async fn product_form_errors_are_shown_next_to_the_fields() {
    let app = spawn_app().await;
    let client = app.login(QUANG_NINH).await;
    let dinh_trung = demo_producer(&app, DINH_TRUNG).await;
    let before = app.store.products_of(dinh_trung.id).await.unwrap().len();
    let response = client
        .post(app.url("/admin/products"))
        .form(&[
            ("producer", dinh_trung.id.to_string()),
            ("name", " ".to_owned()),
            ("classification", "V2026:40".to_owned()),
            ("gtin", "8935049500644".to_owned()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    for (field, message) in [
        ("name", "Tên sản phẩm không được để trống"),
        ("classification", "Bộ sản phẩm 40 không tồn tại"),
        ("gtin", "sai chữ số kiểm tra"),
    ] {
        let marker = format!(r#"id="f-{field}-error">"#);
        let at = body
            .find(&marker)
            .unwrap_or_else(|| panic!("{field}: {body}"));
        assert!(
            body[at..].split("</p>").next().unwrap().contains(message),
            "{field}"
        );
    }
    assert_eq!(
        app.store.products_of(dinh_trung.id).await.unwrap().len(),
        before,
        "nothing was written"
    );
}

#[tokio::test]
async fn import_with_a_bad_row_writes_nothing_unless_asked_to_skip_it() {
    let app = spawn_app().await;
    let client = app.login(QUANG_NINH).await;
    let headers = PRODUCER_IMPORT_HEADERS;
    let (good_1, good_2) = (tax_code(20), tax_code(21));
    let file = csv(
        &headers,
        &[
            &[
                "HTX Nhập Một",
                "Hợp tác xã",
                &good_1,
                "Lý Văn A",
                "Nam",
                "6838",
            ],
            &[
                "HTX Nhập Hai",
                "Hợp tác xã",
                "0100109107",
                "Lý Văn B",
                "Nam",
                "6838",
            ],
            &[
                "HTX Nhập Ba",
                "Hợp tác xã",
                &good_2,
                "Lý Thị C",
                "Nữ",
                "6688",
            ],
        ],
    );
    let response = import(&app, &client, "producers", "chu-the.csv", file.clone(), &[]).await;
    assert_eq!(response.status(), 200);
    let body = response.text().await.unwrap();
    assert!(
        body.contains("Không ghi dữ liệu nào vì tệp có lỗi"),
        "{body}"
    );
    assert!(
        body.contains(r#"<tr><td data-label="Dòng">3</td><td data-label="Cột">Mã số thuế</td><td data-label="Lỗi">Mã số thuế 0100109107 sai chữ số kiểm tra (chữ số thứ 10)</td></tr>"#),
        "{body}"
    );
    assert!(
        app.store
            .producer_by_tax_code(&good_1)
            .await
            .unwrap()
            .is_none(),
        "nothing written"
    );

    let response = import(
        &app,
        &client,
        "producers",
        "chu-the.csv",
        file,
        &["skip_invalid"],
    )
    .await;
    assert_eq!(response.status(), 200);
    let body = response.text().await.unwrap();
    assert!(
        body.contains("Đã nhập 2 dòng; bỏ qua 1 dòng có lỗi"),
        "{body}"
    );
    let first = app
        .store
        .producer_by_tax_code(&good_1)
        .await
        .unwrap()
        .expect("valid row written");
    assert_eq!(first.commune_code, Some(BINH_LIEU_COMMUNE));
    assert!(
        app.store
            .producer_by_tax_code(&good_2)
            .await
            .unwrap()
            .is_some()
    );
    // The import is in the record's history.
    let audit = client
        .get(app.url(&format!("/admin/audit/producer/{}", first.id)))
        .send()
        .await
        .unwrap();
    assert!(audit.text().await.unwrap().contains("Nhập từ tệp"));
}

#[tokio::test]
async fn import_checks_each_row_against_the_importers_unit() {
    let app = spawn_app().await;
    let client = app.login(BINH_LIEU).await;
    let headers = PRODUCER_IMPORT_HEADERS;
    let file = csv(
        &headers,
        &[
            &[
                "HTX Trong Xã",
                "Hợp tác xã",
                &tax_code(30),
                "Lý Văn A",
                "Nam",
                "6838",
            ],
            &[
                "HTX Ngoài Xã",
                "Hợp tác xã",
                &tax_code(31),
                "Lý Văn B",
                "Nam",
                "6688",
            ],
        ],
    );
    let body = import(
        &app,
        &client,
        "producers",
        "chu-the.csv",
        file,
        &["skip_invalid"],
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(
        body.contains(r#"<td data-label="Dòng">3</td><td data-label="Cột">Mã xã</td>"#)
            && body.contains(OUT_OF_SCOPE),
        "{body}"
    );
    assert!(
        app.store
            .producer_by_tax_code(&tax_code(30))
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        app.store
            .producer_by_tax_code(&tax_code(31))
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn an_xlsx_import_writes_products_with_their_codes() {
    let app = spawn_app().await;
    let client = app.login(QUANG_NINH).await;
    let dinh_trung = demo_producer(&app, DINH_TRUNG).await;
    let before = app.store.products_of(dinh_trung.id).await.unwrap().len();
    let headers = PRODUCT_COLUMNS
        .iter()
        .map(|c| c.header.to_owned())
        .collect();
    let row = |name: &str, sheet: &str| {
        let mut cells = vec![String::new(); PRODUCT_COLUMNS.len()];
        cells[0] = name.to_owned();
        cells[1] = dinh_trung.data.tax_code.as_str().to_owned();
        cells[2] = sheet.to_owned();
        cells
    };
    let table = Table::new(
        headers,
        vec![
            row("Dầu sở Đình Trung", "7"),
            row("Trà hoa vàng Đình Trung", "12"),
        ],
    );
    let bytes = ocop_render::write_xlsx("Sản phẩm", &table).unwrap();
    let response = import(&app, &client, "products", "san-pham.xlsx", bytes, &[]).await;
    assert_eq!(response.status(), 200);
    let body = response.text().await.unwrap();
    assert!(body.contains("Đã nhập 2 dòng."), "{body}");
    let products = app.store.products_of(dinh_trung.id).await.unwrap();
    assert_eq!(products.len(), before + 2);
    let imported = products
        .iter()
        .filter(|p| p.data.name.ends_with("Đình Trung"));
    assert!(imported.into_iter().all(|p| {
        p.product_code
            .as_deref()
            .is_some_and(|c| c.starts_with("22-06838-"))
    }));
}

#[tokio::test]
async fn oversize_and_non_spreadsheet_files_are_refused_clearly() {
    let app = spawn_app().await;
    let client = app.login(QUANG_NINH).await;
    // The test server accepts 1 MiB.
    let big = vec![b'a'; 1024 * 1024 + 10];
    let response = import(&app, &client, "producers", "lon.csv", big, &[]).await;
    assert_eq!(response.status(), 413);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Tệp quá lớn (tối đa 1 MB)")
    );

    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let response = import(&app, &client, "producers", "anh.png", png.clone(), &[]).await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(
        body.contains(&html(
            "Tệp \"anh.png\" không phải bảng tính được hỗ trợ: chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."
        )),
        "{body}"
    );

    let response = import(
        &app,
        &client,
        "producers",
        "du-lieu.xlsx",
        b"ten,ma\nA,1\n".to_vec(),
        &[],
    )
    .await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Nội dung tệp không đúng định dạng Excel (.xlsx)")
    );

    let response = import(&app, &client, "producers", "du-lieu.csv", png, &[]).await;
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("không dùng bảng mã UTF-8")
    );

    let response = import(&app, &client, "producers", "trong.csv", Vec::new(), &[]).await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("Tệp trống"));
}

#[tokio::test]
async fn import_templates_carry_the_import_headers() {
    let app = spawn_app().await;
    let client = app.login(BINH_LIEU).await;
    for (file, columns) in [
        ("producers.xlsx", &PRODUCER_COLUMNS[..]),
        ("products.csv", &PRODUCT_COLUMNS[..]),
    ] {
        let response = client
            .get(app.url(&format!("/admin/import/template/{file}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{file}");
        let format = TableFormat::from_file_name(file).unwrap();
        assert_eq!(response.headers()["content-type"], format.content_type());
        let table = ocop_render::read_table(
            &response.bytes().await.unwrap(),
            format,
            &Default::default(),
        )
        .unwrap();
        let expected: Vec<String> = columns.iter().map(|c| c.header.to_owned()).collect();
        assert_eq!(table.headers, expected);
        assert!(table.rows.is_empty());
    }
    assert_eq!(
        client
            .get(app.url("/admin/import/template/khac.xlsx"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

#[tokio::test]
async fn exports_are_scoped_filtered_and_readable() {
    let app = spawn_app().await;
    let client = app.login(QUANG_NINH).await;
    let response = client
        .get(app.url("/admin/products/export.xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.starts_with("attachment; filename=\"san-pham-ocop-")
            && disposition.ends_with(".xlsx\""),
        "{disposition}"
    );
    let table = ocop_render::read_table(
        &response.bytes().await.unwrap(),
        TableFormat::Xlsx,
        &Default::default(),
    )
    .unwrap();
    for (i, column) in PRODUCT_COLUMNS.iter().enumerate() {
        assert_eq!(table.headers[i], column.header);
    }
    assert!(table.headers.contains(&"Mã số sản phẩm".to_owned()));
    let name_at = 0;
    let code_at = table
        .headers
        .iter()
        .position(|h| h == "Mã số sản phẩm")
        .unwrap();
    let mien = table
        .rows
        .iter()
        .find(|r| r[name_at] == "Miến dong Bình Liêu")
        .expect("demo product exported");
    assert!(mien[code_at].starts_with("22-06838-"), "{mien:?}");
    assert!(mien.contains(&"Quảng Ninh".to_owned()));
    assert!(
        table.rows.len() >= 40,
        "the demo products of Quảng Ninh: {}",
        table.rows.len()
    );

    // The list's filters apply.
    let filtered = client
        .get(app.url("/admin/products/export.csv"))
        .query(&[("q", "mien dong"), ("status", "active")])
        .send()
        .await
        .unwrap();
    let table = ocop_render::read_table(
        &filtered.bytes().await.unwrap(),
        TableFormat::Csv,
        &Default::default(),
    )
    .unwrap();
    let status_at = PRODUCT_COLUMNS
        .iter()
        .position(|c| c.field == "status")
        .unwrap();
    assert!(table.rows.iter().any(|r| r[0] == "Miến dong Bình Liêu"));
    assert!(table.rows.len() < 10, "{}", table.rows.len());
    assert!(table.rows.iter().all(|r| r[status_at] == "Đang hoạt động"));

    // Hà Nội's officer sees none of Quảng Ninh's records.
    let ha_noi = app.login(HA_NOI).await;
    let response = ha_noi
        .get(app.url("/admin/producers/export.xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let table = ocop_render::read_table(
        &response.bytes().await.unwrap(),
        TableFormat::Xlsx,
        &Default::default(),
    )
    .unwrap();
    assert!(table.rows.is_empty());
}

#[tokio::test]
async fn an_export_imports_back_as_duplicates() {
    let app = spawn_app().await;
    let client = app.login(QUANG_NINH).await;
    for (list, kind, format) in [
        ("producers", "producers", "csv"),
        ("products", "products", "xlsx"),
    ] {
        let exported = client
            .get(app.url(&format!("/admin/{list}/export.{format}")))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap()
            .to_vec();
        let response = import(
            &app,
            &client,
            kind,
            &format!("xuat.{format}"),
            exported,
            &["dry_run"],
        )
        .await;
        assert_eq!(response.status(), 200, "{kind}");
        let body = response.text().await.unwrap();
        assert!(
            body.contains("Kiểm tra thử, chưa ghi dữ liệu: 0 dòng hợp lệ"),
            "{kind}: {body}"
        );
        assert!(body.contains("đã có trong hệ thống"), "{kind}: {body}");
        // Only duplicates: the file's own values are all accepted.
        let errors = body.matches("<td data-label=\"Lỗi\">").count();
        assert_eq!(
            errors,
            body.matches("đã có trong hệ thống").count(),
            "{kind}: {body}"
        );
    }
}

#[tokio::test]
async fn provincial_officers_create_accounts_within_their_province() {
    let app = spawn_app().await;
    let client = app.login(QUANG_NINH).await;
    let list = client.get(app.url("/admin/users")).send().await.unwrap();
    assert_eq!(list.status(), 200);
    let body = list.text().await.unwrap();
    assert!(
        body.contains("xa.binhlieu@ocop.demo") && !body.contains("tinh.hanoi@ocop.demo"),
        "{body}"
    );

    let account = |email: &str, role: &str, unit: &str| {
        vec![
            ("email", email.to_owned()),
            ("display_name", "Cán bộ thử".to_owned()),
            ("password", "mat-khau-dai".to_owned()),
            ("role", role.to_owned()),
            ("unit_code", unit.to_owned()),
        ]
    };
    let response = client
        .post(app.url("/admin/users"))
        .form(&account("xa.moi@ocop.demo", "commune", "6688"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let user = app
        .store
        .user_by_email("xa.moi@ocop.demo")
        .await
        .unwrap()
        .expect("created");
    assert_eq!(user.commune_code, Some(HA_LONG_COMMUNE));

    let hanoi = hanoi_commune().to_string();
    let response = client
        .post(app.url("/admin/users"))
        .form(&account("xa.hanoi@ocop.demo", "commune", &hanoi))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let response = client
        .post(app.url("/admin/users"))
        .form(&account("tinh.moi@ocop.demo", "provincial", "22"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    for email in ["xa.hanoi@ocop.demo", "tinh.moi@ocop.demo"] {
        assert!(app.store.user_by_email(email).await.unwrap().is_none());
    }

    let mut short = account("hoidong.moi@ocop.demo", "council_member", "");
    short[2].1 = "ngan".to_owned();
    let response = client
        .post(app.url("/admin/users"))
        .form(&short)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains(r#"id="f-password-error">Mật khẩu cần ít nhất 8 ký tự"#)
    );

    let mut producer = account("chuthe.moi@ocop.demo", "producer", "");
    producer.push(("producer_tax_code", "0100109106".to_owned()));
    let response = client
        .post(app.url("/admin/users"))
        .form(&producer)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Không có chủ thể nào mang mã số thuế 0100109106")
    );

    for account in [BINH_LIEU, COUNCIL, PRODUCER] {
        let other = app.login(account).await;
        assert_eq!(
            other
                .get(app.url("/admin/users"))
                .send()
                .await
                .unwrap()
                .status(),
            403,
            "{account}"
        );
    }
}

#[tokio::test]
async fn a_producer_keeps_its_profile_current_but_not_its_place_or_status() {
    let app = spawn_app().await;
    let dinh_trung = demo_producer(&app, DINH_TRUNG).await;
    let client = app.login(PRODUCER).await;
    let form = client
        .get(app.url(&format!("/admin/producers/{}/edit", dinh_trung.id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !form.contains(r#"name="unit_code""#) && !form.contains(r#"name="status""#),
        "{form}"
    );

    let mut input = ProducerInput::from_data(&dinh_trung.data);
    input.phone = "0912 345 678".into();
    input.unit_code = HA_LONG_COMMUNE.to_string();
    input.status = "archived".into();
    let response = client
        .post(app.url(&format!("/admin/producers/{}", dinh_trung.id)))
        .form(&input)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let stored = app.store.producer(dinh_trung.id).await.unwrap();
    assert_eq!(stored.data.phone.as_deref(), Some("0912345678"));
    assert_eq!(
        stored.data.unit, dinh_trung.data.unit,
        "the place is the officials' call"
    );
    assert_eq!(
        stored.data.status, dinh_trung.data.status,
        "so is the status"
    );

    let other = add_producer(&app, "HTX khác", BINH_LIEU_COMMUNE, 40).await;
    let response = client
        .post(app.url(&format!("/admin/producers/{}", other.id)))
        .form(&ProducerInput::from_data(&other.data))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let response = client
        .post(app.url(&format!("/admin/producers/{}/archive", dinh_trung.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

/// The review's attack: a header row and one value in the sheet's last cell (XFD1048576), a
/// few kilobytes that once made the server allocate 550 GB and abort.
#[tokio::test]
async fn an_xlsx_with_a_far_away_cell_is_refused_and_the_server_lives_on() {
    let app = spawn_app().await;
    let client = app.login(BINH_LIEU).await;
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "Tên chủ thể").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    assert!(bytes.len() < 10_000);
    for options in [&["dry_run"][..], &[]] {
        let response = import(
            &app,
            &client,
            "producers",
            "bom.xlsx",
            bytes.clone(),
            options,
        )
        .await;
        assert_eq!(response.status(), 422);
        let body = response.text().await.unwrap();
        assert!(
            body.contains(
                "Tệp có quá nhiều cột: tối đa 100 cột (có dữ liệu ở cột XFD, dòng 1048576)"
            ),
            "{body}"
        );
    }
    let health = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(health.status(), 200);
}

#[tokio::test]
async fn a_csv_over_the_row_limit_is_refused_with_the_limit() {
    let app = spawn_app().await;
    let client = app.login(QUANG_NINH).await;
    let mut file = String::from("Tên chủ thể,Mã số thuế\n");
    for i in 0..50_001 {
        file.push_str(&format!("HTX {i},{i}\n"));
    }
    let response = import(
        &app,
        &client,
        "producers",
        "dai.csv",
        file.into_bytes(),
        &["dry_run"],
    )
    .await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(
        body.contains("Tệp có quá nhiều dòng: tối đa 50000 dòng dữ liệu sau dòng tiêu đề (có dữ liệu ở dòng 50002)"),
        "{body}"
    );
}

/// A file of bad rows once rendered a 571 MB page: the page lists the first errors, and all of
/// them download as XLSX, for the uploader alone.
#[tokio::test]
async fn import_errors_are_listed_up_to_a_limit_and_download_in_full() {
    let app = spawn_app().await;
    let client = app.login(QUANG_NINH).await;
    let headers = PRODUCER_IMPORT_HEADERS;
    // The same bad tax code on every row, each row with a different name.
    let names: Vec<String> = (0..300).map(|i| format!("HTX lỗi {i}")).collect();
    let rows: Vec<[&str; 6]> = names
        .iter()
        .map(|name| {
            [
                name.as_str(),
                "Hợp tác xã",
                "0100109107",
                "Lý Văn A",
                "Nam",
                "6838",
            ]
        })
        .collect();
    let rows: Vec<&[&str]> = rows.iter().map(|r| &r[..]).collect();
    let file = csv(&headers, &rows);
    let response = import(&app, &client, "producers", "loi.csv", file, &["dry_run"]).await;
    assert_eq!(response.status(), 200);
    let body = response.text().await.unwrap();
    let listed = body.matches("<td data-label=\"Dòng\">").count();
    assert_eq!(listed, 200, "rows listed on the page");
    let total = ocop_web::routes::import::MAX_SHOWN_ERRORS;
    assert!(
        body.contains(&format!("Dưới đây là {total} lỗi đầu tiên trong tổng số ")),
        "{body}"
    );
    let href = body
        .split("href=\"/admin/import/errors/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a link to the error report");
    let url = app.url(&format!("/admin/import/errors/{href}"));

    let report = client.get(&url).send().await.unwrap();
    assert_eq!(report.status(), 200);
    let table = ocop_render::read_table(
        &report.bytes().await.unwrap(),
        TableFormat::Xlsx,
        &Default::default(),
    )
    .unwrap();
    assert_eq!(table.headers, ["Dòng", "Cột", "Lỗi"]);
    assert!(table.rows.len() >= 300, "{} errors", table.rows.len());
    assert!(body.contains(&format!("trong tổng số {} lỗi", table.rows.len())));

    // Another importer of the same province cannot fetch it.
    let other = app.login(CENTRAL).await;
    assert_eq!(other.get(&url).send().await.unwrap().status(), 404);
}

/// Small leaks found in review: a hidden producer named through a list filter, and the
/// representative's name on the public page while the API hid it.
#[tokio::test]
async fn hidden_producers_and_personal_data_are_not_shown_to_those_outside() {
    let app = spawn_app().await;
    let hidden = add_producer(&app, "HTX đình chỉ Hà Nội", hanoi_commune(), 61).await;
    let mut data = hidden.data.clone();
    data.status = ocop_domain::producer::ProducerStatus::Suspended;
    app.store
        .update_producer(&AuditActor::system("test"), hidden.id, data, |_, _| Ok(()))
        .await
        .unwrap();
    let commune = app.login(BINH_LIEU).await;
    let list = commune
        .get(app.url(&format!("/admin/products?producer={}", hidden.id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!list.contains("HTX đình chỉ Hà Nội"), "{list}");
    let hanoi = app.login(HA_NOI).await;
    let list = hanoi
        .get(app.url(&format!("/admin/products?producer={}", hidden.id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        list.contains("HTX đình chỉ Hà Nội"),
        "its officers still see it"
    );

    // The public page of an active producer names no representative; its officers see one.
    let active = add_producer(&app, "HTX công khai Bình Liêu", BINH_LIEU_COMMUNE, 62).await;
    let page = format!("/producers/{}", active.id);
    let public = reqwest::get(app.url(&page))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(public.contains("HTX công khai Bình Liêu"));
    assert!(!public.contains("Nguyễn Thị Thử"), "{public}");
    let officer = commune
        .get(app.url(&page))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(officer.contains("Nguyễn Thị Thử"));
    let api: serde_json::Value = reqwest::get(app.url(&format!("/api/v1/producers/{}", active.id)))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(api["representative"].is_null(), "{api}");
}

/// A producer plants a formula in its own draft; the official who exports and opens the list
/// in a spreadsheet must see text, not run it.
#[tokio::test]
async fn exports_carry_no_formulas() {
    let app = spawn_app().await;
    let dinh_trung = demo_producer(&app, DINH_TRUNG).await;
    let planted = "=HYPERLINK(\"http://evil.example\",\"Bấm vào\")";
    add_product(&app, &dinh_trung, planted, ProductStatus::Draft).await;
    let client = app.login(QUANG_NINH).await;
    let csv = client
        .get(app.url("/admin/products/export.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("\"'=HYPERLINK("), "{csv}");
    assert!(!csv.contains(",=HYPERLINK") && !csv.contains("\"=HYPERLINK"));
    let xlsx = client
        .get(app.url("/admin/products/export.xlsx"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let table = ocop_render::read_table(&xlsx, TableFormat::Xlsx, &Default::default()).unwrap();
    assert!(
        table
            .rows
            .iter()
            .any(|row| row.iter().any(|cell| cell == planted))
    );
}

#[tokio::test]
async fn lists_far_past_the_end_are_empty_with_a_link_back_to_page_1() {
    let app = spawn_app().await;
    let client = app.login(CENTRAL).await;
    for list in ["/admin/products", "/admin/producers"] {
        // (4294967295 − 1) × 25 does not fit in a u32 (it panicked in debug builds and
        // wrapped around to real rows in release ones).
        let response = client
            .get(app.url(&format!("{list}?page=4294967295")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{list}");
        let html = response.text().await.unwrap();
        assert!(!html.contains("<table"), "{list}: no rows");
        assert!(html.contains("Về trang 1"), "{list}: {html}");
        assert!(html.contains(&format!("href=\"{list}?page=1\"")), "{list}");
        let first = client.get(app.url(list)).send().await.unwrap();
        let html = first.text().await.unwrap();
        assert!(html.contains("<table"), "{list}: page 1 has rows");
        assert!(!html.contains("Về trang 1"), "{list}");
    }
}
