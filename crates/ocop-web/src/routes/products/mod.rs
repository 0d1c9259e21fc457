//! Sản phẩm OCOP: the back-office pages (list, record, form, archive), the JSON API and the
//! public page.

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;

pub mod api;
pub mod pages;
pub mod public;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/products", get(pages::list).post(pages::create))
        .route("/admin/products/new", get(pages::new_form))
        .route("/admin/products/{id}", get(pages::show).post(pages::update))
        .route("/admin/products/{id}/edit", get(pages::edit_form))
        .route("/admin/products/{id}/archive", post(pages::archive))
        .route("/api/v1/products", get(api::list).post(api::create))
        .route("/api/v1/products/{id}", get(api::get).put(api::update))
        .route("/products/{id}", get(public::product_page))
}
