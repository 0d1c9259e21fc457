//! Scoring: criteria sets, printable scoring sheets, the self-assessment and council scoring
//! form, and the scoring API.

use axum::Router;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
}
