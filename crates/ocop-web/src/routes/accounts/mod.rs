//! Tài khoản: user accounts managed by provincial and central officials.

use axum::Router;
use axum::routing::get;

use crate::AppState;

pub mod pages;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(pages::list).post(pages::create))
        .route("/admin/users/new", get(pages::new_form))
}
