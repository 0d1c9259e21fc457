//! Phiếu đánh giá in the law's layout, for printing: blank (`/scoring/sheets/{version}/{sheet}`)
//! or with a product's header filled in (`/products/{id}/scoring-sheet`). Also the index of
//! criteria versions and sheets (`/scoring`).

use std::collections::BTreeMap;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use axum::routing::get;
use ocop_domain::access::{Action, Resource, authorize};
use ocop_domain::criteria::{CriteriaSet, Library, Sheet};
use ocop_store::Product;
use serde::Deserialize;
use uuid::Uuid;

use super::sheet_view::SheetView;
use super::{current_set, find_sheet};
use crate::auth::MaybeUser;
use crate::i18n::Lang;
use crate::view::{PageCtx, day, unit_name};
use crate::{AppError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/scoring", get(index))
        .route("/scoring/sheets/{version}/{sheet}", get(blank_sheet))
        .route("/products/{id}/scoring-sheet", get(product_sheet))
}

#[derive(Template)]
#[template(path = "scoring/index.html")]
struct IndexPage {
    ctx: PageCtx,
    versions: &'static [CriteriaSet],
}

impl IndexPage {
    /// "Bộ tiêu chí theo Quyết định 26/2026/QĐ-TTg (áp dụng từ 22/05/2026)".
    fn heading(&self, set: &CriteriaSet) -> String {
        let tr = self.ctx.tr();
        tr.criteria_since(tr.legal_basis(&set.legal_basis), day(set.effective_from))
    }
}

async fn index(user: MaybeUser, lang: Lang) -> Result<Html<String>, AppError> {
    Ok(Html(
        IndexPage {
            ctx: PageCtx::new(user.0.as_ref(), lang),
            versions: Library::embedded().versions(),
        }
        .render()?,
    ))
}

/// The header lines of the law's sheet; blank lines (dots) when scoring no product.
#[derive(Default)]
struct SheetHeader {
    product_name: Option<String>,
    product_code: Option<String>,
    producer_name: Option<String>,
    phone: Option<String>,
    address: Option<String>,
}

#[derive(Template)]
#[template(path = "scoring/sheet.html")]
struct SheetPage {
    ctx: PageCtx,
    sheet: SheetView,
    header: SheetHeader,
    /// The scoring form for the same sheet (sandbox or product).
    form_url: String,
}

async fn blank_sheet(
    user: MaybeUser,
    lang: Lang,
    Path((version, number)): Path<(String, String)>,
) -> Result<Html<String>, AppError> {
    let (set, sheet) = find_sheet(&version, &number)?;
    Ok(Html(
        SheetPage {
            ctx: PageCtx::new(user.0.as_ref(), lang),
            sheet: SheetView::new(set, sheet, &BTreeMap::new(), &[], None),
            header: SheetHeader::default(),
            form_url: format!("/scoring/{}/{}", set.version, sheet.number),
        }
        .render()?,
    ))
}

#[derive(Deserialize, Default)]
pub(super) struct SheetQuery {
    /// Which sheet to use for a product classified before V2026 (no sheet of its own).
    pub sheet: Option<String>,
}

async fn product_sheet(
    State(state): State<AppState>,
    user: MaybeUser,
    lang: Lang,
    Path(id): Path<String>,
    Query(query): Query<SheetQuery>,
) -> Result<Html<String>, AppError> {
    let product = load_product(&state, &id).await?;
    // The header shows what the catalogue shows: anyone may print the sheet of a public
    // product; a draft only those who may see it.
    authorize(
        user.actor().as_ref(),
        Action::View,
        &Resource {
            placement: product.placement(),
            producer_id: Some(product.producer_id),
            public: product.data.status.is_public(),
            owner_editable: false,
        },
    )?;
    let ctx = PageCtx::new(user.0.as_ref(), lang);
    let set = current_set();
    let Some(sheet) = product_sheet_of(set, &product, query.sheet.as_deref()) else {
        return choose_sheet(ctx, set, &product, "scoring-sheet");
    };
    let producer = state.store.producer(product.producer_id).await?;
    let place = unit_name(producer.data.unit);
    let address = match &producer.data.street {
        Some(street) => format!("{street}, {place}"),
        None => place,
    };
    Ok(Html(
        SheetPage {
            ctx,
            sheet: SheetView::new(set, sheet, &BTreeMap::new(), &[], None),
            header: SheetHeader {
                product_name: Some(product.data.name.clone()),
                product_code: product.product_code.clone(),
                producer_name: Some(producer.data.name.clone()),
                phone: producer.data.phone.clone(),
                address: Some(address),
            },
            form_url: format!("/products/{}/score?sheet={}", product.id, sheet.number),
        }
        .render()?,
    ))
}

/// A product by the id in the path; an id that is not a UUID is simply not found.
pub(super) async fn load_product(state: &AppState, id: &str) -> Result<Product, AppError> {
    let id = Uuid::parse_str(id).map_err(|_| AppError::not_found("sản phẩm"))?;
    Ok(state.store.product(id).await?)
}

/// The sheet a product is scored on: its V2026 classification's sheet; for a product
/// classified under an older taxonomy (no sheet of its own), the one asked for.
pub(super) fn product_sheet_of<'a>(
    set: &'a CriteriaSet,
    product: &Product,
    requested: Option<&str>,
) -> Option<&'a Sheet> {
    let number = match product.data.classification.sheet_class() {
        Some(class) => class.sheet,
        None => requested?.trim().parse().ok()?,
    };
    set.sheet(number)
}

#[derive(Template)]
#[template(path = "scoring/choose.html")]
struct ChoosePage {
    ctx: PageCtx,
    product_name: String,
    classification: String,
    base_url: String,
    sheets: &'static [Sheet],
}

/// For a product without a sheet of its own: pick one, then come back with `?sheet=`.
pub(super) fn choose_sheet(
    ctx: PageCtx,
    set: &'static CriteriaSet,
    product: &Product,
    page: &str,
) -> Result<Html<String>, AppError> {
    Ok(Html(
        ChoosePage {
            product_name: product.data.name.clone(),
            classification: ctx.tr().classification_name(&product.data.classification),
            base_url: format!("/products/{}/{page}", product.id),
            sheets: &set.sheets,
            ctx,
        }
        .render()?,
    ))
}
