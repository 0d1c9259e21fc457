//! The OpenAPI 3.1 document of `/api/v1`, served at `/api/openapi.json` with Swagger UI at
//! `/api/docs` (its files are compiled in: the `vendored` build needs no network).

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use axum::Router;
use utoipa_swagger_ui::SwaggerUi;

use super::producers::api as producers;
use super::products::api as products;
use super::session::api as session;
use super::units::api as units;
use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "OCOP API",
        description = "API của hệ thống OCOP (Mỗi xã một sản phẩm): đơn vị hành chính, chủ thể, \
            sản phẩm. Lỗi luôn có dạng `{code, message, fields}`; thông báo bằng tiếng Việt. \
            Đăng nhập bằng `POST /api/v1/session` rồi gửi `Authorization: Bearer <token>`."
    ),
    paths(
        session::create,
        session::current,
        session::delete,
        units::list,
        units::search,
        units::get,
        producers::list,
        producers::get,
        producers::create,
        producers::update,
        products::list,
        products::get,
        products::create,
        products::update,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "session", description = "Phiên đăng nhập cho ứng dụng (bearer token)"),
        (name = "units", description = "Đơn vị hành chính, cơ cấu 2025-07 và 2025-01"),
        (name = "producers", description = "Chủ thể OCOP"),
        (name = "products", description = "Sản phẩm OCOP"),
    )
)]
pub struct ApiDoc;

/// The document at `/api/openapi.json` and Swagger UI at `/api/docs`.
pub fn router() -> Router<AppState> {
    Router::new().merge(SwaggerUi::new("/api/docs").url("/api/openapi.json", document()))
}

/// The whole document: the registry API and the scoring API.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.merge(crate::routes::scoring::ScoringApi::openapi());
    doc
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
