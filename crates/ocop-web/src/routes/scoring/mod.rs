//! Scoring: criteria sets, printable scoring sheets, the self-assessment and council scoring
//! form, the advice page, and the scoring API.
//!
//! - `api.rs`: `/api/v1/criteria…` and `/api/v1/scoring/evaluate…` (JSON, OpenAPI).
//! - `sheets.rs`: the printable sheets, blank or with a product's header.
//! - `form.rs`: the scoring form (sandbox and product), live with htmx, saving results.
//! - `advice.rs`: a product's latest saved result and what the next star takes.

use ocop_domain::access::{Actor, authorize_results};
use ocop_domain::criteria::{CriteriaSet, Library, Sheet};
use ocop_domain::scoring::ScoringError;
use ocop_domain::validation::FieldErrors;
use ocop_store::Product;
use utoipa_axum::router::OpenApiRouter;

use crate::{AppError, AppState};

mod advice;
pub mod api;
mod form;
pub(crate) mod sheet_view;
mod sheets;
mod summary;

pub(crate) use advice::{latest_readable_evaluation, latest_summary_html};

pub fn router() -> OpenApiRouter<AppState> {
    api::router()
        .merge(sheets::router().into())
        .merge(form::router().into())
        .merge(advice::router().into())
}

/// The criteria set new evaluations use: the newest version that holds its sheets.
fn current_set() -> &'static CriteriaSet {
    Library::embedded()
        .versions()
        .iter()
        .find(|set| !set.sheets.is_empty())
        .expect("the embedded library holds a version with sheets")
}

/// A sheet of a version, or a 404 page naming what is missing.
fn find_sheet(
    version: &str,
    number: &str,
) -> Result<(&'static CriteriaSet, &'static Sheet), AppError> {
    let set = Library::embedded()
        .version(version)
        .ok_or_else(|| AppError::NotFound(format!("bộ tiêu chí {version}")))?;
    let sheet = number
        .parse::<u8>()
        .ok()
        .and_then(|n| set.sheet(n))
        .ok_or_else(|| {
            AppError::NotFound(format!(
                "phiếu đánh giá số {number} của bộ tiêu chí {version}"
            ))
        })?;
    Ok((set, sheet))
}

/// The engine's complaint as a field error: stable code, Vietnamese message, input path.
fn scoring_errors(error: &ScoringError) -> FieldErrors {
    let mut errors = FieldErrors::default();
    errors.add(&error.field(), error.code(), error.message());
    errors
}

/// Whether the actor may read a product's saved results and advice (the domain's rule).
pub(crate) fn may_read_results(actor: Option<&Actor>, product: &Product) -> bool {
    authorize_results(actor, &product.resource()).is_ok()
}
