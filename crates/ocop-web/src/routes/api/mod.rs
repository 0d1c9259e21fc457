//! The JSON API `/api/v1` and its OpenAPI document (`/api/openapi.json`, Swagger UI at
//! `/api/docs`). Every answer is JSON; errors are `{code, message, fields}`.

use axum::Router;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use utoipa_swagger_ui::SwaggerUi;

use crate::AppState;
use crate::error::ErrorBody;

mod common;
pub(crate) mod extract;
pub mod openapi;
pub mod producers;
pub mod products;
pub mod session;
pub mod units;

pub use openapi::ApiDoc;

pub fn router() -> Router<AppState> {
    let v1 = Router::new()
        .route(
            "/api/v1/session",
            get(session::current)
                .post(session::create)
                .delete(session::delete),
        )
        .route("/api/v1/units", get(units::list))
        .route("/api/v1/units/search", get(units::search))
        .route("/api/v1/units/{structure}/{level}/{code}", get(units::get))
        .route(
            "/api/v1/producers",
            get(producers::list).post(producers::create),
        )
        .route(
            "/api/v1/producers/{id}",
            get(producers::get).put(producers::update),
        )
        .route(
            "/api/v1/products",
            get(products::list).post(products::create),
        )
        .route(
            "/api/v1/products/{id}",
            get(products::get).put(products::update),
        )
        .method_not_allowed_fallback(method_not_allowed);
    v1.merge(SwaggerUi::new("/api/docs").url("/api/openapi.json", openapi::document()))
}

async fn method_not_allowed() -> impl IntoResponse {
    (
        StatusCode::METHOD_NOT_ALLOWED,
        axum::Json(ErrorBody {
            code: "method_not_allowed".into(),
            message: "Phương thức này không được hỗ trợ cho đường dẫn".into(),
            fields: Vec::new(),
        }),
    )
}
