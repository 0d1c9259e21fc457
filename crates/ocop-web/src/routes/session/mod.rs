//! Phiên đăng nhập: the sign-in and sign-out pages, and the API's bearer sessions.

use axum::Router;
use axum::routing::get;

use crate::AppState;

pub mod api;
pub mod pages;

pub fn router() -> Router<AppState> {
    pages::router().route(
        "/api/v1/session",
        get(api::current).post(api::create).delete(api::delete),
    )
}
