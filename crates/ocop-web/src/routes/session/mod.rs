//! Phiên đăng nhập: the sign-in and sign-out pages, and the API's bearer sessions.

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub mod api;
pub mod pages;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::from(pages::router()).routes(routes!(api::current, api::create, api::delete))
}
