//! The back-office page of a lot's stamps: its series with their downloads, and the form that
//! issues a new one.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_domain::access::authorize_issue_stamps;
use ocop_domain::lot::LotStatus;
use ocop_domain::stamp::{DEFAULT_LABEL, IssueInput};
use ocop_domain::validation::FieldErrors;
use ocop_store::stamps::StampSeries;
use serde::Deserialize;

use super::print;
use crate::backoffice::{Admin, Nav, local_time, parse_id};
use crate::forms::{Field, Section, attach_errors, form_errors, invalid};
use crate::view::PageCtx;
use crate::{AppError, AppState};

/// One series in the lot's list, with its downloads.
pub struct SeriesRow {
    pub series_no: u32,
    pub count: u32,
    pub issued_at: String,
    pub issued_by: String,
    pub label_size: String,
    pub per_page: u32,
    /// (part number, PDF address) for each part of up to 10,000 labels.
    pub pdfs: Vec<(u32, String)>,
    pub csv: String,
    pub svg: String,
    pub png: String,
    pub signed: bool,
    pub demo: bool,
}

impl SeriesRow {
    fn of(s: &StampSeries) -> SeriesRow {
        let base = format!("/api/v1/stamp-series/{}", s.id);
        let parts = print::pdf_parts(s.count);
        SeriesRow {
            series_no: s.series_no,
            count: s.count,
            issued_at: local_time(s.issued_at),
            issued_by: s.issued_by.clone(),
            label_size: format!("{} × {} mm", s.label.width_mm, s.label.height_mm),
            per_page: s.label.per_page(),
            pdfs: (1..=parts)
                .map(|part| (part, format!("{base}/labels.pdf?part={part}")))
                .collect(),
            csv: format!("{base}/codes.csv"),
            svg: format!("{base}/stamps/1.svg"),
            png: format!("{base}/stamps/1.png"),
            signed: s.signed,
            demo: s.demo,
        }
    }
}

#[derive(Template)]
#[template(path = "stamps/stamps.html")]
struct StampsPage {
    ctx: PageCtx,
    nav: Nav,
    lot_id: String,
    lot_number: String,
    product_id: String,
    product_name: String,
    recalled: bool,
    series: Vec<SeriesRow>,
    can_issue: bool,
    sections: Vec<Section>,
    errors: Vec<String>,
    notice: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ShowParams {
    #[serde(default)]
    issued: Option<String>,
}

fn issue_form(admin: &Admin, input: &IssueInput) -> Vec<Section> {
    let tr = admin.tr();
    vec![Section::new(
        tr.issue_stamps(),
        vec![
            Field::input("count", tr.stamp_count(), "number", &input.count)
                .required()
                .hint(tr.stamp_count_hint()),
            Field::input(
                "label_width_mm",
                tr.label_width_mm(),
                "number",
                &input.label_width_mm,
            ),
            Field::input(
                "label_height_mm",
                tr.label_height_mm(),
                "number",
                &input.label_height_mm,
            )
            .hint(tr.label_size_hint()),
        ],
    )]
}

async fn page(
    state: &AppState,
    admin: &Admin,
    lot_id: uuid::Uuid,
    input: &IssueInput,
    errors: &FieldErrors,
    notice: Option<String>,
) -> Result<String, AppError> {
    let caller = admin.caller();
    let (lot, product) = state.store.lot_for_stamps(&caller, lot_id).await?;
    let series = state.store.lot_stamp_series(&caller, lot_id).await?;
    let mut sections = issue_form(admin, input);
    let errors = attach_errors(&mut sections, errors, &[]);
    Ok(StampsPage {
        ctx: admin.ctx(),
        nav: admin.nav("products"),
        lot_id: lot.id.to_string(),
        lot_number: lot.lot_number.clone(),
        product_id: product.id.to_string(),
        product_name: product.data.name.clone(),
        recalled: lot.status == LotStatus::Recalled,
        series: series.iter().map(SeriesRow::of).collect(),
        can_issue: authorize_issue_stamps(&admin.actor(), &product.resource()).is_ok(),
        sections,
        errors,
        notice,
    }
    .render()?)
}

fn default_input() -> IssueInput {
    IssueInput {
        count: String::new(),
        label_width_mm: DEFAULT_LABEL.width_mm.to_string(),
        label_height_mm: DEFAULT_LABEL.height_mm.to_string(),
    }
}

/// `GET /admin/lots/{id}/stamps`.
pub async fn show(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Query(params): Query<ShowParams>,
) -> Result<Html<String>, AppError> {
    let id = parse_id(&id, "lô sản phẩm")?;
    let notice = params
        .issued
        .filter(|n| n.len() <= 7 && n.bytes().all(|b| b.is_ascii_digit()))
        .map(|n| admin.tr().series_issued(n));
    Ok(Html(
        page(
            &state,
            &admin,
            id,
            &default_input(),
            &FieldErrors::default(),
            notice,
        )
        .await?,
    ))
}

/// `POST /admin/lots/{id}/stamps`: issues a series, then shows it first in the list.
pub async fn issue(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(input): Form<IssueInput>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "lô sản phẩm")?;
    let issued = state
        .store
        .issue_stamps(&admin.caller(), id, &input, state.config.stamp_signing)
        .await;
    match issued {
        Ok(series) => Ok(Redirect::to(&format!(
            "/admin/lots/{id}/stamps?issued={}",
            series.series_no
        ))
        .into_response()),
        Err(e) => {
            let errors = form_errors(e)?;
            Ok(invalid(
                page(&state, &admin, id, &input, &errors, None).await?,
            ))
        }
    }
}
