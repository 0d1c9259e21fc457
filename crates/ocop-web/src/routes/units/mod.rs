//! Đơn vị hành chính: the units of both structures and the finder of today's commune, as JSON.

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub mod api;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::list))
        .routes(routes!(api::search))
        .routes(routes!(api::get))
}
