//! The JSON API `/api/v1` and its OpenAPI document.

use axum::Router;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
}
