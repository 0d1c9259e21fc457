//! Chủ thể OCOP: the back-office pages (list, record, form, archive, the commune of today of
//! a record of a divided old commune), the JSON API and the public page.

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;

pub mod api;
pub mod pages;
pub mod public;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/producers", get(pages::list).post(pages::create))
        .route("/admin/producers/new", get(pages::new_form))
        .route(
            "/admin/producers/{id}",
            get(pages::show).post(pages::update),
        )
        .route("/admin/producers/{id}/edit", get(pages::edit_form))
        .route("/admin/producers/{id}/archive", post(pages::archive))
        .route(
            "/admin/producers/{id}/successor",
            post(pages::choose_successor),
        )
        .route("/api/v1/producers", get(api::list).post(api::create))
        .route("/api/v1/producers/{id}", get(api::get).put(api::update))
        .route("/producers/{id}", get(public::producer_page))
}
