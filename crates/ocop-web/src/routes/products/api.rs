//! `/api/v1/products`: sản phẩm OCOP — the catalogue search, get, create, update.
//!
//! Anonymous callers see active products only; signed-in users also see the records of their
//! scope (drafts of their province, commune or producer). A product the caller may not see is
//! answered as unknown.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use ocop_domain::access::view_scope;
use ocop_domain::input::{InputField, InputFields, Shape};
use ocop_domain::product::{MAX_STARS, ProductInput, ProductStatus, parse_stars};
use ocop_domain::taxonomy::{CATEGORIES, Classification, category_label};
use ocop_domain::units::{Level, Structure, UnitRef};
use ocop_domain::validation::FieldErrors;
use ocop_store::products::ProductExtras;
use ocop_store::{CatalogQuery, Product, ProductSummary};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::api::common::{
    CommuneView, PageNumber, PerPage, ProvinceCode, ProvinceView, SearchText, UnitView, given,
    paging, param_schema, province_param, schema, search_param,
};
use crate::api::extract::{ApiInput, ApiQuery};
use crate::auth::ApiUser;
use crate::error::ErrorBody;
use crate::routes::producers::api::path_id;
use crate::{ApiError, AppError, AppState};

/// Where a product sits in the taxonomy of its criteria version.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClassificationView {
    /// `V2026` (Decision 26/2026) or `V2019` (Decision 1048/2019, historical records).
    pub version: &'static str,
    /// V2026: the scoring sheet (bộ sản phẩm) 1–26.
    pub sheet: Option<u8>,
    /// V2019: the sector code.
    pub sector: Option<String>,
    /// E.g. "Bộ 6: Chế biến từ gạo, ngũ cốc".
    pub label: String,
    /// Today's category code (the `group` filter): `food`, `drink`, `herbal`, `craft`,
    /// `ornamental`, `tourism`.
    pub category: &'static str,
    pub category_label: &'static str,
    /// V2026: the group (nhóm) of the sheet.
    pub group: Option<&'static str>,
}

impl ClassificationView {
    fn of(c: &Classification) -> ClassificationView {
        let (sheet, sector) = match c {
            Classification::V2026 { sheet } => (Some(*sheet), None),
            Classification::V2019 { sector } => (None, Some(sector.clone())),
        };
        ClassificationView {
            version: c.version(),
            sheet,
            sector,
            label: c.label(),
            category: c.category(),
            category_label: category_label(c.category()).unwrap_or_default(),
            group: c.sheet_class().map(|s| s.group),
        }
    }
}

/// A product as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductView {
    pub id: Uuid,
    pub producer_id: Uuid,
    pub name: String,
    pub classification: ClassificationView,
    pub description: Option<String>,
    /// Câu chuyện sản phẩm.
    pub story: Option<String>,
    /// Thành phần, nguồn gốc nguyên liệu.
    pub ingredients: Option<String>,
    /// Quy cách đóng gói.
    pub packaging: Option<String>,
    pub gtin: Option<String>,
    pub status: ProductStatus,
    pub status_label: &'static str,
    /// Mã số sản phẩm (T)-(X)-(STT)-(năm), e.g. `22-06838-1-2026`; issued to products of
    /// today's communes.
    pub product_code: Option<String>,
    /// Codes issued before, kept as issued.
    pub historical_codes: Vec<String>,
    /// Hạng sao 1–5.
    pub stars: Option<u8>,
    /// The star rating is demo data, not a real recognition.
    pub stars_demo: bool,
    pub certificate_ref: Option<String>,
    /// The unit the product sits in (its producer's).
    pub unit: UnitView,
    /// The historical district (2025-01) the product was recorded under, if any.
    pub legacy_unit: Option<UnitView>,
    /// The commune of today it sits in (its producer's; for an old commune, the successor).
    pub commune: Option<CommuneView>,
    /// Today's province.
    pub province: ProvinceView,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl ProductView {
    pub fn of(p: Product) -> ProductView {
        let d = p.data;
        ProductView {
            id: p.id,
            producer_id: p.producer_id,
            name: d.name,
            classification: ClassificationView::of(&d.classification),
            description: d.description,
            story: d.story,
            ingredients: d.ingredients,
            packaging: d.packaging,
            gtin: d.gtin.map(|g| g.as_str().to_owned()),
            status: d.status,
            status_label: d.status.label(),
            product_code: p.product_code,
            historical_codes: p.historical_codes,
            stars: p.stars,
            stars_demo: p.stars_demo,
            certificate_ref: p.certificate_ref,
            unit: UnitView::of(p.unit),
            legacy_unit: p.legacy_unit_code.map(|code| {
                UnitView::of(UnitRef {
                    structure: Structure::ThreeTier,
                    level: Level::District,
                    code,
                })
            }),
            commune: CommuneView::of(p.commune_code),
            province: ProvinceView::of(p.province_code),
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// One row of the catalogue.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductItem {
    pub id: Uuid,
    pub name: String,
    pub producer_id: Uuid,
    pub producer_name: String,
    pub classification: ClassificationView,
    pub status: ProductStatus,
    pub status_label: &'static str,
    pub product_code: Option<String>,
    pub stars: Option<u8>,
    pub stars_demo: bool,
    pub unit: UnitView,
    pub province: ProvinceView,
}

impl ProductItem {
    fn of(s: ProductSummary) -> Result<ProductItem, AppError> {
        let classification = Classification::parse(&s.taxonomy_version, &s.classification)
            .map_err(|e| AppError::internal(format!("sản phẩm {}: {}", s.id, e.message)))?;
        let status = ProductStatus::parse(&s.status).ok_or_else(|| {
            AppError::internal(format!("sản phẩm {}: trạng thái {}", s.id, s.status))
        })?;
        let unit = match (
            Structure::parse(&s.unit_structure),
            Level::parse(&s.unit_level),
        ) {
            (Some(structure), Some(level)) => UnitRef {
                structure,
                level,
                code: s.unit_code as u32,
            },
            _ => return Err(AppError::internal(format!("sản phẩm {}: đơn vị", s.id))),
        };
        Ok(ProductItem {
            id: s.id,
            name: s.name,
            producer_id: s.producer_id,
            producer_name: s.producer_name,
            classification: ClassificationView::of(&classification),
            status,
            status_label: status.label(),
            product_code: s.product_code,
            stars: s.stars.map(|n| n as u8),
            stars_demo: s.stars_demo,
            unit: UnitView::of(unit),
            province: ProvinceView::of(s.province_code as u32),
        })
    }
}

/// One page of the catalogue.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductPage {
    pub items: Vec<ProductItem>,
    /// All matches, over every page; a text search (`q`) counts at most 1,000.
    pub total: u64,
    /// True when a text search stopped counting at 1,000 matches: there are more than
    /// `total`, and the pages beyond hold the least relevant ones.
    pub total_capped: bool,
    pub page: u32,
    pub per_page: u32,
}

/// Catalogue filters (as on the public catalogue).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductListParams {
    /// Search text in Vietnamese, with or without marks ("mien dong" finds "Miến dong");
    /// exact-mark hits come first.
    #[param(value_type = Option<SearchText>, example = "mien dong")]
    pub q: Option<String>,
    /// Province code (today's structure).
    #[param(value_type = Option<ProvinceCode>, example = 22)]
    pub province: Option<String>,
    /// Category code: `food`, `drink`, `herbal`, `craft`, `ornamental`, `tourism`.
    #[param(value_type = Option<CategoryCode>, example = "food")]
    pub group: Option<String>,
    /// Hạng sao 1–5.
    #[param(value_type = Option<StarCount>)]
    pub stars: Option<String>,
    /// Page number from 1 to 100000 (default 1); a page past the end is empty.
    #[param(value_type = Option<PageNumber>)]
    pub page: Option<String>,
    /// Rows per page, 1–100 (default 20).
    #[param(value_type = Option<PerPage>)]
    pub per_page: Option<String>,
}

/// A new product: its producer and the product fields.
#[derive(Debug, Deserialize)]
pub struct NewProduct {
    /// The producer (UUID) the product belongs to.
    #[serde(default)]
    pub producer_id: String,
    #[serde(flatten)]
    pub product: ProductInput,
}

impl InputFields for NewProduct {
    fn fields() -> Vec<InputField> {
        let mut fields = vec![InputField {
            name: "producer_id",
            required: true,
            shape: Shape::Code {
                pattern: UUID_PATTERN,
                max_chars: 36,
                format: Some("uuid"),
            },
            description: "The producer (its id) the product belongs to",
        }];
        fields.extend(ProductInput::fields());
        fields
    }
}

/// A UUID in its usual hyphenated form.
const UUID_PATTERN: &str =
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

ocop_domain::input_schemas!(NewProduct: "A new product: its producer and every field of the product");

param_schema!(
    /// A category of today's taxonomy.
    CategoryCode = schema::choice(CATEGORIES.iter().map(|(code, _)| *code))
);
param_schema!(
    /// A number of stars.
    StarCount = schema::integer(1, u32::from(MAX_STARS))
);

fn group_param(value: &Option<String>, errors: &mut FieldErrors) -> Option<String> {
    let raw = given(value)?;
    if CATEGORIES.iter().any(|(code, _)| *code == raw) {
        return Some(raw.to_owned());
    }
    let codes: Vec<&str> = CATEGORIES.iter().map(|(code, _)| *code).collect();
    errors.add(
        "group",
        "invalid_group",
        format!(
            "Nhóm sản phẩm \"{raw}\" không hợp lệ; dùng một trong: {}",
            codes.join(", ")
        ),
    );
    None
}

/// The catalogue: products the caller may see, filtered and paged.
#[utoipa::path(
    get,
    operation_id = "list_products",
    path = "/api/v1/products",
    tag = "products",
    params(ProductListParams),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "Một trang sản phẩm", body = ProductPage, links(
            ("GetFirstProduct" = (operation_id = "get_product", parameters(("id" = "$response.body#/items/0/id")), description = "Đọc sản phẩm đầu tiên của trang")),
            ("UpdateFirstProduct" = (operation_id = "update_product", parameters(("id" = "$response.body#/items/0/id")), description = "Cập nhật sản phẩm đầu tiên của trang")),
        )),
        (status = 422, description = "Tham số không hợp lệ", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    user: Option<ApiUser>,
    ApiQuery(params): ApiQuery<ProductListParams>,
) -> Result<Json<ProductPage>, ApiError> {
    let mut errors = FieldErrors::default();
    let text = search_param(&params.q, &mut errors);
    let province = province_param(&params.province, &mut errors);
    let category = group_param(&params.group, &mut errors);
    // Given, it must be a number of stars (`?stars=` is absent, `?stars=%20` is not).
    let stars = given(&params.stars).and_then(|raw| match parse_stars(raw) {
        Ok(Some(stars)) => Some(stars),
        _ => {
            errors.add(
                "stars",
                "invalid_stars",
                format!("Hạng sao \"{raw}\" phải từ 1 đến {MAX_STARS}"),
            );
            None
        }
    });
    let paging = paging(&params.page, &params.per_page, &mut errors);
    errors.into_result(())?;
    let actor = user.map(|u| u.actor());
    let query = CatalogQuery {
        text,
        province,
        category,
        stars,
        producer: None,
        page: paging.page,
        per_page: paging.per_page,
    };
    let page = state
        .store
        .search_products(view_scope(actor.as_ref()), &query)
        .await?;
    Ok(Json(ProductPage {
        items: page
            .items
            .into_iter()
            .map(ProductItem::of)
            .collect::<Result<_, _>>()?,
        total: page.total,
        total_capped: page.total_capped,
        page: page.page,
        per_page: page.per_page,
    }))
}

/// One product.
#[utoipa::path(
    get,
    operation_id = "get_product",
    path = "/api/v1/products/{id}",
    tag = "products",
    params(("id" = Uuid, Path, description = "Mã sản phẩm")),
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "Sản phẩm", body = ProductView, links(("UpdateProduct" = (operation_id = "update_product", parameters(("id" = "$response.body#/id")), description = "Cập nhật sản phẩm này")), ("GetProducer" = (operation_id = "get_producer", parameters(("id" = "$response.body#/producer_id")), description = "Đọc chủ thể của sản phẩm")))),
        (status = 404, description = "Không có hoặc không được xem (bản nháp)", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    user: Option<ApiUser>,
    Path(id): Path<String>,
) -> Result<Json<ProductView>, ApiError> {
    let id = path_id(&id, "sản phẩm")?;
    let product = state
        .store
        .visible_product(&ApiUser::caller_of(&user), id)
        .await?;
    Ok(Json(ProductView::of(product)))
}

/// Register a product of a producer in the caller's scope. Products of today's communes get
/// the commune's next product code.
#[utoipa::path(
    post,
    operation_id = "create_product",
    path = "/api/v1/products",
    tag = "products",
    request_body(content = NewProduct, description = "Chủ thể và các trường của sản phẩm"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Đã tạo", body = ProductView,
            headers(("Location" = String, description = "Đường dẫn của sản phẩm mới")),
            links(("GetProduct" = (operation_id = "get_product", parameters(("id" = "$response.body#/id")), description = "Đọc sản phẩm này")), ("UpdateProduct" = (operation_id = "update_product", parameters(("id" = "$response.body#/id")), description = "Cập nhật sản phẩm này")), ("GetProducer" = (operation_id = "get_producer", parameters(("id" = "$response.body#/producer_id")), description = "Đọc chủ thể của sản phẩm")))),
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Ngoài phạm vi quản lý", body = ErrorBody),
        (status = 404, description = "Không có chủ thể này hoặc không được xem", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Dữ liệu không hợp lệ (từng trường), hoặc chủ thể đã có sản phẩm này", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    user: ApiUser,
    ApiInput(input): ApiInput<NewProduct>,
) -> Result<Response, ApiError> {
    let producer_id = match input.producer_id.trim() {
        "" => Err(("required", "Chưa chọn chủ thể của sản phẩm".to_owned())),
        raw => raw
            .parse::<Uuid>()
            .map_err(|_| ("invalid_id", format!("Mã chủ thể \"{raw}\" không hợp lệ"))),
    };
    let producer_id = match producer_id {
        Ok(id) => id,
        Err((code, message)) => {
            let mut errors = FieldErrors::default();
            errors.add("producer_id", code, message);
            // The product's own fields are reported at the same time.
            if let Err(more) = input.product.parse() {
                errors.0.extend(more.0);
            }
            return Err(errors.into());
        }
    };
    let product = state
        .store
        .register_product(
            &user.caller(),
            producer_id,
            &input.product,
            ProductExtras::default(),
        )
        .await?;
    let location = format!("/api/v1/products/{}", product.id);
    Ok((
        StatusCode::CREATED,
        [(LOCATION, location)],
        Json(ProductView::of(product)),
    )
        .into_response())
}

/// Replace a product's registry data (every field of `POST` except `producer_id`). Codes,
/// stars and certificate stay as they are.
#[utoipa::path(
    put,
    operation_id = "update_product",
    path = "/api/v1/products/{id}",
    tag = "products",
    params(("id" = Uuid, Path, description = "Mã sản phẩm")),
    request_body(content = ProductInput, description = "Toàn bộ các trường, như khi tạo"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Đã cập nhật", body = ProductView, links(("GetProduct" = (operation_id = "get_product", parameters(("id" = "$response.body#/id")), description = "Đọc sản phẩm này")))),
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Ngoài phạm vi quản lý", body = ErrorBody),
        (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Dữ liệu không hợp lệ (từng trường), hoặc chủ thể đã có sản phẩm này", body = ErrorBody),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiInput(input): ApiInput<ProductInput>,
) -> Result<Json<ProductView>, ApiError> {
    let id = path_id(&id, "sản phẩm")?;
    let updated = state
        .store
        .change_product(&user.caller(), id, &input)
        .await?;
    Ok(Json(ProductView::of(updated)))
}
