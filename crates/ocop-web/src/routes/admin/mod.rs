//! The back-office: lists and forms for producers and products, audit history, imports and
//! exports, user accounts.

use axum::Router;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
}
