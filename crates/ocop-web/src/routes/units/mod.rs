//! Đơn vị hành chính: the units of both structures and the finder of today's commune, as JSON.

use axum::Router;
use axum::routing::get;

use crate::AppState;

pub mod api;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/units", get(api::list))
        .route("/api/v1/units/search", get(api::search))
        .route("/api/v1/units/{structure}/{level}/{code}", get(api::get))
}
