//! `GET /products/{id}`: a product's public page.
//!
//! Active products are public. Any other (a draft, a suspended or archived product) is shown
//! to whom `authorize` lets view it — its producer's account and the officials of its unit —
//! and is answered 404 to everyone else, so that its existence does not leak.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use ocop_domain::access::{Action, authorize};
use ocop_domain::units::{AdminUnits, Level, Structure, UnitRef};
use uuid::Uuid;

use crate::auth::MaybeUser;
use crate::i18n::Lang;
use crate::routes::catalog::Rating;
use crate::view::{PageCtx, unit_name};
use crate::{AppError, AppState};

/// The product as its page shows it.
pub struct ProductView {
    pub name: String,
    pub rating: Rating,
    /// None when the product is public; else its status, for the "not public" notice.
    pub hidden_status: Option<&'static str>,
    pub product_code: Option<String>,
    pub historical_codes: Vec<String>,
    pub classification: String,
    pub category_code: &'static str,
    pub category: &'static str,
    pub producer_name: String,
    /// Only when the visitor may open the producer's page.
    pub producer_href: Option<String>,
    pub place: String,
    pub historical_unit: Option<String>,
    pub gtin: Option<String>,
    pub description: Option<String>,
    pub story: Option<String>,
    pub ingredients: Option<String>,
    pub packaging: Option<String>,
    pub edit_href: Option<String>,
    /// `/photos/{id}` of each photo, oldest first.
    pub photo_srcs: Vec<String>,
    /// The photo manager, for those who may edit.
    pub photos_href: Option<String>,
    /// The printable scoring sheet of the product's sheet (V2026 products).
    pub sheet_href: Option<String>,
    /// The scoring form, for the producer (self-assessment) and the unit's officials.
    pub score_href: Option<String>,
    /// The latest saved result and next-star advice, for the producer and the officials.
    pub advice_href: Option<String>,
    /// That result rendered (stars, unmet minimums, what the next star takes).
    pub advice_html: Option<String>,
    /// Who made that evaluation and when, to tell it apart from the recognised rating.
    pub latest_meta: Option<String>,
    /// Where the recognised rating comes from (a decision, the registry, demo data).
    pub rating_source: Option<String>,
}

#[derive(Template)]
#[template(path = "products/public.html")]
struct ProductPage {
    ctx: PageCtx,
    product: ProductView,
}

/// The district of the three-tier structure a product was recorded under, by full name.
fn historical_district(code: u32) -> Option<String> {
    let unit = UnitRef {
        structure: Structure::ThreeTier,
        level: Level::District,
        code,
    };
    AdminUnits::embedded().get(unit).map(|_| unit_name(unit))
}

pub async fn product_page(
    State(state): State<AppState>,
    user: MaybeUser,
    lang: Lang,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let not_found = || AppError::not_found("sản phẩm");
    let id = Uuid::parse_str(&id).map_err(|_| not_found())?;
    let product = state.store.visible_product(&user.caller(), id).await?;
    let actor = user.actor();
    let status = product.data.status;
    let resource = product.resource();
    let producer = state.store.producer(product.producer_id).await?;
    let producer_visible = authorize(actor.as_ref(), Action::View, &producer.resource()).is_ok();
    let may_edit = authorize(actor.as_ref(), Action::Edit, &resource).is_ok();
    let photo_srcs = state
        .store
        .photos_of(product.id)
        .await?
        .into_iter()
        .map(|p| format!("/photos/{}", p.id))
        .collect();
    let category_code = product.data.classification.category();
    let sheet_href = product
        .data
        .classification
        .sheet_class()
        .map(|_| format!("/products/{}/scoring-sheet", product.id));
    let score_href = actor
        .as_ref()
        .is_some_and(|a| ocop_domain::access::authorize_scoring(a, &product.resource()).is_ok())
        .then(|| format!("/products/{}/score", product.id));
    let advice_href = crate::routes::scoring::may_read_results(actor.as_ref(), &product)
        .then(|| format!("/products/{}/advice", product.id));
    let tr = lang.tr();
    let latest =
        crate::routes::scoring::latest_summary_html(&state, actor.as_ref(), &product, tr).await?;
    let latest_meta = latest.as_ref().map(|(_, saved)| {
        tr.latest_evaluation_meta(
            tr.evaluation_kind(saved.kind),
            crate::backoffice::local_time(saved.created_at),
        )
    });
    let advice_html = latest.map(|(html, _)| html);
    let rating_source = match (product.stars, product.stars_demo, &product.certificate_ref) {
        (None, _, _) => None,
        (Some(_), true, _) => Some(tr.demo_note().to_owned()),
        (Some(_), false, Some(reference)) => Some(tr.rating_source_certificate(reference)),
        (Some(_), false, None) => Some(tr.rating_source_registry().to_owned()),
    };
    let d = product.data;
    let view = ProductView {
        name: d.name,
        rating: Rating::new(product.stars, product.stars_demo),
        hidden_status: (!status.is_public()).then(|| lang.tr().product_status(status)),
        product_code: product.product_code,
        historical_codes: product.historical_codes,
        classification: lang.tr().classification_name(&d.classification),
        category_code,
        category: lang.tr().category_name(category_code),
        producer_name: producer.data.name,
        producer_href: producer_visible.then(|| format!("/producers/{}", producer.id)),
        place: crate::view::place(
            product.unit,
            product.commune_code,
            producer.successor_confirmed,
        ),
        historical_unit: product.legacy_unit_code.and_then(historical_district),
        gtin: d.gtin.map(|g| g.as_str().to_owned()),
        description: d.description,
        story: d.story,
        ingredients: d.ingredients,
        packaging: d.packaging,
        // The back-office form decides again on submit; the link only saves a search.
        edit_href: may_edit.then(|| format!("/admin/products/{}/edit", product.id)),
        photo_srcs,
        photos_href: may_edit.then(|| format!("/products/{}/photos", product.id)),
        sheet_href,
        score_href,
        advice_href,
        advice_html,
        latest_meta,
        rating_source,
    };
    Ok(Html(
        ProductPage {
            ctx: PageCtx::new(user.0.as_ref(), lang),
            product: view,
        }
        .render()?,
    ))
}
