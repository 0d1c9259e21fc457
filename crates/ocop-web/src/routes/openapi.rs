//! The OpenAPI 3.1 document of `/api/v1`, served at `/api/openapi.json` with Swagger UI at
//! `/api/docs` (its files are compiled in: the `vendored` build needs no network).
//!
//! [`ApiDoc`] holds what is said once for the whole API (info, tags, security scheme); the
//! paths and their schemas are added by the features' routers, from the `#[utoipa::path]` of
//! each handler they register with `routes!` (see [`super::router`]).

use utoipa::openapi::path::{ParameterIn, PathItem};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Required, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use axum::Router;
use utoipa_swagger_ui::SwaggerUi;

use crate::AppState;
use crate::api::common::{CommuneCode, PageNumber, PerPage, ProvinceCode, SearchText};
use crate::routes::change_requests::api::ChangeRequestStateKey;
use crate::routes::cycle::api::{CycleYear, IdeaStateKey, PlanStateKey};
use crate::routes::dossiers::api::{DossierKindKey, DossierStateKey, DossierYear};
use crate::routes::products::api::{CategoryCode, StarCount};
use crate::routes::units::api::{CommuneQuery, LevelKey, StructureKey, UnitCode};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "OCOP API",
        description = "API của hệ thống OCOP (Mỗi xã một sản phẩm): đơn vị hành chính, chủ thể, \
            sản phẩm. Lỗi luôn có dạng `{code, message, fields}`; thông báo bằng tiếng Việt. \
            Đăng nhập bằng `POST /api/v1/session` rồi gửi `Authorization: Bearer <token>`."
    ),
    modifiers(&BearerAuth),
    // The schemas of query and path parameters (those of bodies are collected from the paths).
    components(schemas(
        PageNumber,
        PerPage,
        ProvinceCode,
        SearchText,
        CategoryCode,
        StarCount,
        StructureKey,
        LevelKey,
        DossierStateKey,
        DossierKindKey,
        DossierYear,
        CommuneCode,
        UnitCode,
        IdeaStateKey,
        PlanStateKey,
        CycleYear,
        CommuneQuery,
        ChangeRequestStateKey,
    )),
    tags(
        (name = "session", description = "Phiên đăng nhập cho ứng dụng (bearer token)"),
        (name = "units", description = "Đơn vị hành chính, cơ cấu 2025-07 và 2025-01"),
        (name = "producers", description = "Chủ thể OCOP"),
        (name = "cycle", description = "Chu trình OCOP thường niên: phiếu đăng ký ý tưởng sản phẩm, phương án sản xuất kinh doanh, hỗ trợ trong triển khai"),
        (name = "products", description = "Sản phẩm OCOP"),
        (name = "dossiers", description = "Hồ sơ sản phẩm: Mẫu 01, Mẫu 02 với minh chứng, xã xem xét trong 15 ngày làm việc, Mẫu 03, đề nghị tỉnh"),
        (name = "lots", description = "Lô sản phẩm, sự kiện truy xuất (EPCIS 2.0) và thu hồi"),
        (name = "scoring", description = "Bộ tiêu chí và chấm điểm, phân hạng sản phẩm OCOP"),
        (name = "stamps", description = "Tem điện tử: phát hành, tờ nhãn in, mã tem, khóa công khai"),
        (name = "change_requests", description = "Yêu cầu thay đổi thông tin sản phẩm đang hoạt động: chủ thể đề nghị, cán bộ của địa bàn duyệt hoặc từ chối"),
    )
)]
pub struct ApiDoc;

/// Adds to every operation of `/api/v1` what they all share, said once here: an internal
/// error answers 500 with the error body, and an optional query parameter sent empty
/// (`?province=`, as a form sends it) counts as absent (`allowEmptyValue`).
pub fn complete(mut document: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    for (path, item) in document.paths.paths.iter_mut() {
        if !path.starts_with("/api/v1/") {
            continue;
        }
        for operation in operations(item) {
            operation
                .responses
                .responses
                .entry("500".to_owned())
                .or_insert_with(|| {
                    ResponseBuilder::new()
                        .description("Lỗi hệ thống; `request_id` chỉ dòng nhật ký của yêu cầu")
                        .content(
                            "application/json",
                            ContentBuilder::new()
                                .schema(Some(Ref::from_schema_name("ErrorBody")))
                                .build(),
                        )
                        .build()
                        .into()
                });
            // utoipa 5 writes a link's target as `operation_id`; OpenAPI (and every client
            // that follows links) reads `operationId`.
            for response in operation.responses.responses.values_mut() {
                let RefOr::T(response) = response else {
                    continue;
                };
                for link in response.links.values_mut() {
                    if let RefOr::T(link) = link
                        && !link.operation_id.is_empty()
                    {
                        let id = std::mem::take(&mut link.operation_id);
                        link.extensions
                            .get_or_insert_with(Default::default)
                            .insert("operationId".to_owned(), id.into());
                    }
                }
            }
            for parameter in operation.parameters.iter_mut().flatten() {
                if parameter.parameter_in == ParameterIn::Query
                    && parameter.required == Required::False
                {
                    parameter
                        .extensions
                        .get_or_insert_with(Default::default)
                        .insert("allowEmptyValue".to_owned(), true.into());
                }
            }
        }
    }
    document
}

fn operations(item: &mut PathItem) -> impl Iterator<Item = &mut utoipa::openapi::path::Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.patch,
    ]
    .into_iter()
    .flatten()
}

/// The document at `/api/openapi.json` and Swagger UI at `/api/docs`.
pub fn router(document: utoipa::openapi::OpenApi) -> Router<AppState> {
    Router::new().merge(SwaggerUi::new("/api/docs").url("/api/openapi.json", document))
}

/// The `bearer` scheme the paths refer to.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}
