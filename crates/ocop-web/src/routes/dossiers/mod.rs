//! Hồ sơ sản phẩm: the JSON API of dossiers (list, file, read with versions and checklist,
//! edit a draft, self-score, evidence files, the workflow's actions, the commune's inbox and
//! the province's overview), and the evidence upload shared with the pages.

use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use crate::AppState;

pub mod api;
pub mod evidence;

// --- dossier pages: the producer's, the commune's and the province's (`pages.rs` and the
// modules beside it), every action through the store's dossier use cases.
mod evidence_pages;
mod form;
pub mod pages;
mod print;
mod review;
mod score;
pub(crate) mod view;

pub(crate) use view::DueView;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::list, api::create))
        .routes(routes!(api::inbox))
        .routes(routes!(api::overview))
        .routes(routes!(api::get, api::update, api::delete))
        .routes(routes!(api::self_score))
        .routes(routes!(api::upload_evidence).layer(crate::backoffice::UPLOAD_BODY))
        .routes(routes!(api::download_evidence, api::remove_evidence))
        .routes(routes!(api::submit))
        .routes(routes!(api::resubmit))
        .routes(routes!(api::withdraw))
        .routes(routes!(api::return_dossier))
        .routes(routes!(api::accept))
        .routes(routes!(api::propose))
        .routes(routes!(api::catalogue))
        // --- dossier pages
        .merge(pages::page_routes().into())
}
