//! Chủ thể OCOP: the back-office pages (list, record, form, archive, the commune of today of
//! a record of a divided old commune), the JSON API and the public page.

use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub mod api;
mod form;
pub mod pages;
pub mod public;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
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
        .routes(routes!(api::list, api::create))
        .routes(routes!(api::get, api::update))
        .route("/producers/{id}", get(public::producer_page))
}
