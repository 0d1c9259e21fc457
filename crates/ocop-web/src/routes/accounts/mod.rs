//! Tài khoản: user accounts managed by provincial and central officials, and every account's
//! own password.

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;

pub mod pages;
pub mod password;

/// Where an account changes its own password (and must, before anything else, when someone
/// else chose it).
pub const PASSWORD_PAGE: &str = "/admin/password";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(pages::list).post(pages::create))
        .route("/admin/users/new", get(pages::new_form))
        .route("/admin/users/{id}", get(pages::show))
        .route("/admin/users/{id}/reset", post(pages::reset))
        .route("/admin/users/{id}/disable", post(pages::disable))
        .route("/admin/users/{id}/enable", post(pages::enable))
        .route(PASSWORD_PAGE, get(password::form).post(password::change))
}
