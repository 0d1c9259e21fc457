//! Sản phẩm OCOP: the back-office pages (list, record, form, archive), the JSON API and the
//! public page.

use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub mod api;
pub(crate) mod form;
pub mod pages;
pub mod public;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/admin/products", get(pages::list).post(pages::create))
        .route("/admin/products/new", get(pages::new_form))
        .route("/admin/products/{id}", get(pages::show).post(pages::update))
        .route("/admin/products/{id}/edit", get(pages::edit_form))
        .route("/admin/products/{id}/archive", post(pages::archive))
        .routes(routes!(api::list, api::create))
        .routes(routes!(api::get, api::update))
        .route("/products/{id}", get(public::product_page))
}
