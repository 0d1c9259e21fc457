//! `GET /products/{id}/advice`: a product's latest saved evaluation — its stars and what the
//! next star takes, cheapest first, with the option text to aim for; the stars beyond it
//! folded below, each with its band and its own missing minimums.
//! For the product's producer and the officials of its unit; everyone else gets a 404, so
//! the page does not even reveal whether a product was scored.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::get;
use ocop_domain::access::authorize_evaluation_read;
use ocop_domain::criteria::Library;
use ocop_domain::scoring::{UnmetMinimum, gap, unmet_cheapest_first};
use time::macros::format_description;

use super::may_read_results;
use super::sheets::load_product;
use super::summary::{ResultSummary, SummaryBlock};
use crate::auth::MaybeUser;
use crate::i18n::{Lang, Tr};
use crate::view::PageCtx;
use crate::{AppError, AppState};

pub fn router() -> Router<AppState> {
    Router::new().route("/products/{id}/advice", get(advice))
}

/// The saved evaluation as the page shows it.
struct SavedView {
    kind_label: &'static str,
    saved_at: String,
    /// The legal basis of the criteria it was scored on.
    legal_basis: String,
    sheet: u8,
    sheet_name: String,
    summary_html: String,
    further: Vec<FurtherStar>,
}

/// A star beyond the next one: the mean it needs and its own unmet minimums, smallest gap
/// first (the lower levels' are the next star's steps).
struct FurtherStar {
    stars: u8,
    band_min: Option<u32>,
    mean_total: f64,
    unmet: Vec<UnmetMinimum>,
}

impl FurtherStar {
    fn gap(&self, unmet: &UnmetMinimum) -> f64 {
        gap(unmet)
    }
}

fn further_stars(version: &str, summary: &ResultSummary) -> Vec<FurtherStar> {
    let Some(next) = &summary.next_star else {
        return Vec::new();
    };
    let bands = Library::embedded()
        .version(version)
        .map_or(&[][..], |set| &set.bands[..]);
    (next.target_stars + 1..=5)
        .map(|stars| FurtherStar {
            stars,
            band_min: bands.iter().find(|b| b.stars == stars).map(|b| b.min),
            mean_total: summary.mean_total,
            unmet: unmet_cheapest_first(&summary.unmet_minimums, stars)
                .into_iter()
                .cloned()
                .collect(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "scoring/advice.html")]
struct AdvicePage {
    ctx: PageCtx,
    product_name: String,
    product_code: Option<String>,
    saved: Option<SavedView>,
    score_url: String,
}

async fn advice(
    State(state): State<AppState>,
    user: MaybeUser,
    lang: Lang,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let product = load_product(&state, &id).await?;
    if !may_read_results(user.actor().as_ref(), &product) {
        return Err(AppError::not_found("sản phẩm"));
    }
    let tr = lang.tr();
    let saved = match state.store.latest_evaluation(product.id).await? {
        Some(saved) => {
            let summary = ResultSummary::from_json(&saved.result_json)?;
            let summary_html = SummaryBlock {
                tr,
                summary: &summary,
            }
            .render()?;
            let saved_at = saved
                .created_at
                .to_offset(ocop_domain::VIETNAM)
                .format(format_description!("[day]/[month]/[year] [hour]:[minute]"))
                .map_err(AppError::internal)?;
            let further = further_stars(&saved.version, &summary);
            Some(SavedView {
                kind_label: tr.evaluation_kind(saved.kind),
                saved_at,
                legal_basis: Library::embedded()
                    .version(&saved.version)
                    .map_or(saved.version, |set| set.legal_basis.clone()),
                sheet: saved.sheet,
                further,
                sheet_name: summary.sheet_name,
                summary_html,
            })
        }
        None => None,
    };
    Ok(Html(
        AdvicePage {
            ctx: PageCtx::new(user.0.as_ref(), lang),
            score_url: format!("/products/{}/score", product.id),
            product_name: product.data.name,
            product_code: product.product_code,
            saved,
        }
        .render()?,
    ))
}

/// The latest saved evaluation of a product that `actor` may read
/// (`access::authorize_evaluation_read`): the product's latest for those who follow its
/// results, the member's own latest for a council member, none for everyone else.
pub(crate) async fn latest_readable_evaluation(
    state: &AppState,
    actor: Option<&ocop_domain::access::Actor>,
    product: &ocop_store::Product,
) -> Result<Option<ocop_store::evaluations::StoredEvaluation>, AppError> {
    let resource = product.resource();
    if may_read_results(actor, product) {
        return Ok(state.store.latest_evaluation(product.id).await?);
    }
    let Some(actor) = actor else {
        return Ok(None);
    };
    Ok(state
        .store
        .evaluations_of(product.id)
        .await?
        .into_iter()
        .find(|saved| authorize_evaluation_read(Some(actor), &resource, saved.created_by).is_ok()))
}

/// The latest saved result `actor` may read, as an HTML block for the product page, with the
/// evaluation it shows (None for products never scored, or no evaluation readable).
pub(crate) async fn latest_summary_html(
    state: &AppState,
    actor: Option<&ocop_domain::access::Actor>,
    product: &ocop_store::Product,
    tr: Tr,
) -> Result<Option<(String, ocop_store::evaluations::StoredEvaluation)>, AppError> {
    let Some(saved) = latest_readable_evaluation(state, actor, product).await? else {
        return Ok(None);
    };
    let summary = ResultSummary::from_json(&saved.result_json)?;
    let html = SummaryBlock {
        tr,
        summary: &summary,
    }
    .render()?;
    Ok(Some((html, saved)))
}
