//! Tem điện tử: a lot's stamp series in the back office (issue a series, download its label
//! sheets, codes and QR codes), the same through the JSON API, and the published public keys
//! of signed stamps. Every action goes through the store's use cases.

use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub mod api;
pub mod pages;
pub mod print;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route(
            "/admin/lots/{id}/stamps",
            get(pages::show).post(pages::issue),
        )
        .routes(routes!(api::issue, api::list))
        .routes(routes!(api::codes_csv))
        .routes(routes!(api::labels_pdf))
        .routes(routes!(api::stamp_qr))
        .route("/.well-known/ocop-stamp-keys.json", get(api::public_keys))
}
