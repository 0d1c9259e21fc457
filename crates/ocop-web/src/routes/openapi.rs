//! The OpenAPI 3.1 document of `/api/v1`, served at `/api/openapi.json` with Swagger UI at
//! `/api/docs` (its files are compiled in: the `vendored` build needs no network).
//!
//! [`ApiDoc`] holds what is said once for the whole API (info, tags, security scheme); the
//! paths and their schemas are added by the features' routers, from the `#[utoipa::path]` of
//! each handler they register with `routes!` (see [`super::router`]).

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use axum::Router;
use utoipa_swagger_ui::SwaggerUi;

use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "OCOP API",
        description = "API của hệ thống OCOP (Mỗi xã một sản phẩm): đơn vị hành chính, chủ thể, \
            sản phẩm. Lỗi luôn có dạng `{code, message, fields}`; thông báo bằng tiếng Việt. \
            Đăng nhập bằng `POST /api/v1/session` rồi gửi `Authorization: Bearer <token>`."
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "session", description = "Phiên đăng nhập cho ứng dụng (bearer token)"),
        (name = "units", description = "Đơn vị hành chính, cơ cấu 2025-07 và 2025-01"),
        (name = "producers", description = "Chủ thể OCOP"),
        (name = "products", description = "Sản phẩm OCOP"),
        (name = "scoring", description = "Bộ tiêu chí và chấm điểm, phân hạng sản phẩm OCOP"),
    )
)]
pub struct ApiDoc;

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
