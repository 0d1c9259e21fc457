//! Static files, compiled into the binary: the vendored htmx and the style sheets.

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::AppState;

const HTMX: &str = include_str!("../../static/htmx.min.js");
const STYLE: &str = include_str!("../../static/style.css");
const ADMIN_STYLE: &str = include_str!("../../static/admin.css");
const SCORING_STYLE: &str = include_str!("../../static/scoring.css");

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/static/htmx.min.js",
            get(|| async { asset(HTMX, "text/javascript") }),
        )
        .route(
            "/static/style.css",
            get(|| async { asset(STYLE, "text/css") }),
        )
        .route(
            "/static/admin.css",
            get(|| async { asset(ADMIN_STYLE, "text/css") }),
        )
        .route(
            "/static/scoring.css",
            get(|| async { asset(SCORING_STYLE, "text/css") }),
        )
}

fn asset(body: &'static str, content_type: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
}
