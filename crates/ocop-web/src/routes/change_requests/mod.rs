//! Yêu cầu thay đổi thông tin sản phẩm: the producer's proposal form, the request's page with
//! its diff, the inbox, and the JSON API.

use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub mod api;
pub mod pages;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/admin/change-requests", get(pages::list))
        .route("/admin/change-requests/{id}", get(pages::show))
        .route("/admin/change-requests/{id}/revise", post(pages::revise))
        .route("/admin/change-requests/{id}/approve", post(pages::approve))
        .route("/admin/change-requests/{id}/reject", post(pages::reject))
        .route(
            "/admin/change-requests/{id}/withdraw",
            post(pages::withdraw),
        )
        .route(
            "/admin/products/{id}/change-request",
            get(pages::new_form).post(pages::propose),
        )
        .routes(routes!(api::list))
        .routes(routes!(api::get, api::revise))
        .routes(routes!(api::propose))
        .routes(routes!(api::approve))
        .routes(routes!(api::reject))
        .routes(routes!(api::withdraw))
}
