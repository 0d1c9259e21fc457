//! Lô sản phẩm: a product's lots in the back office (list, new lot, lot page with its
//! materials, lab tests, event timeline and recall), the JSON API with the EPCIS 2.0 export,
//! and the lab test report files.

use axum::routing::{get, post};
use ocop_domain::lot::RecallInput;
use ocop_store::Caller;
use ocop_store::lots::Lot;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;
use uuid::Uuid;

use crate::{AppError, AppState};

pub mod api;
pub mod pages;
pub mod report_file;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route(
            "/admin/products/{id}/lots",
            get(pages::list).post(pages::create),
        )
        .route("/admin/products/{id}/lots/new", get(pages::new_form))
        .route("/admin/lots/{id}", get(pages::show))
        .route("/admin/lots/{id}/events", post(pages::record_event))
        .route("/admin/lots/{id}/recall", post(pages::recall))
        .route(
            "/admin/lots/{id}/tests",
            post(pages::add_test).layer(crate::backoffice::UPLOAD_BODY),
        )
        .route("/admin/lot-tests/{id}/file", get(pages::test_file))
        .routes(routes!(api::list, api::create))
        .routes(routes!(api::get))
        .routes(routes!(api::record_event))
        .routes(routes!(api::recall))
        .routes(routes!(api::add_test))
        .routes(routes!(api::add_test_with_file).layer(crate::backoffice::UPLOAD_BODY))
        .routes(routes!(api::epcis))
        .routes(routes!(api::import).layer(crate::backoffice::UPLOAD_BODY))
}

/// Recalls a lot: the one place the page and the API recall through, so that whatever must
/// follow a recall (the stamp resolver dropping the lot from its cache) is done once, here.
pub async fn recall_lot(
    state: &AppState,
    caller: &Caller,
    lot_id: Uuid,
    input: &RecallInput,
) -> Result<Lot, AppError> {
    Ok(state.store.recall_lot(caller, lot_id, input).await?)
}
