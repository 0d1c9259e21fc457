//! The back-office pages of lots: a product's lots, the new-lot form, and a lot's page with
//! its materials, lab tests, event timeline, and the forms to record an event, add a lab test
//! and recall the lot. Every action goes through the store's use cases.

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use ocop_domain::access::{authorize_lot_read, authorize_lot_record};
use ocop_domain::epcis::{BizStep, Disposition, EventInput};
use ocop_domain::lot::{LabTestInput, LotInput, LotStatus, RecallInput};
use ocop_domain::validation::FieldErrors;
use ocop_store::lots::{LabTest, Lot, LotEvent};
use ocop_store::{Product, StoreError};
use serde::Deserialize;
use time::Date;

use super::report_file;
use crate::backoffice::{Admin, Nav, local_time, parse_id};
use crate::forms::{Field, Section, attach_errors, form_errors, has_field_errors, invalid};
use crate::view::PageCtx;
use crate::{AppError, AppState};

/// A date as people read it here: `15/03/2026`.
pub fn local_date(date: Date) -> String {
    date.format(time::macros::format_description!("[day]/[month]/[year]"))
        .unwrap_or_default()
}

/// One lot in a product's list.
pub struct LotRow {
    pub id: String,
    pub lot_number: String,
    pub produced_on: String,
    pub expires_on: String,
    pub quantity: String,
    pub recalled: bool,
    pub status: &'static str,
    pub demo: bool,
}

impl LotRow {
    fn of(lot: &Lot, admin: &Admin) -> LotRow {
        LotRow {
            id: lot.id.to_string(),
            lot_number: lot.lot_number.clone(),
            produced_on: local_date(lot.produced_on),
            expires_on: lot.expires_on.map(local_date).unwrap_or_default(),
            quantity: format!("{} {}", lot.quantity, lot.unit),
            recalled: lot.status == LotStatus::Recalled,
            status: status_label(lot.status, admin),
            demo: lot.demo,
        }
    }
}

fn status_label(status: LotStatus, admin: &Admin) -> &'static str {
    match status {
        LotStatus::Active => admin.tr().lot_active(),
        LotStatus::Recalled => admin.tr().lot_recalled(),
    }
}

fn may_record(admin: &Admin, product: &Product) -> bool {
    authorize_lot_record(&admin.actor(), &product.resource()).is_ok()
}

#[derive(Template)]
#[template(path = "lots/list.html")]
struct ListPage {
    ctx: PageCtx,
    nav: Nav,
    product_id: String,
    product_name: String,
    lots: Vec<LotRow>,
    can_record: bool,
}

/// `GET /admin/products/{id}/lots`: the product's lots.
pub async fn list(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let id = parse_id(&id, "sản phẩm")?;
    let caller = admin.caller();
    let product = state.store.product_for_lots(&caller, id).await?;
    let lots = state.store.lots_of_product(id).await?;
    Ok(Html(
        ListPage {
            ctx: admin.ctx(),
            nav: admin.nav("products"),
            product_id: product.id.to_string(),
            product_name: product.data.name.clone(),
            lots: lots.iter().map(|l| LotRow::of(l, &admin)).collect(),
            can_record: may_record(&admin, &product),
        }
        .render()?,
    ))
}

/// The new-lot form as submitted.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LotForm {
    lot_number: String,
    produced_on: String,
    expires_on: String,
    quantity: String,
    unit: String,
    storage_notes: String,
    materials: String,
}

impl LotForm {
    fn input(self) -> LotInput {
        LotInput {
            lot_number: self.lot_number,
            produced_on: self.produced_on,
            expires_on: self.expires_on,
            quantity: self.quantity,
            unit: self.unit,
            storage_notes: self.storage_notes,
            materials: self.materials,
        }
    }
}

#[derive(Template)]
#[template(path = "lots/new.html")]
struct NewPage {
    ctx: PageCtx,
    nav: Nav,
    product_id: String,
    product_name: String,
    sections: Vec<Section>,
    general_errors: Vec<String>,
    has_field_errors: bool,
}

fn new_page(
    admin: &Admin,
    product: &Product,
    input: &LotInput,
    errors: &FieldErrors,
) -> Result<String, AppError> {
    let tr = admin.tr();
    let mut sections = vec![
        Section::new(
            tr.lot(),
            vec![
                Field::text("lot_number", tr.lot_number(), &input.lot_number)
                    .required()
                    .hint(tr.lot_number_hint()),
                Field::input("produced_on", tr.produced_on(), "date", &input.produced_on)
                    .required(),
                Field::input("expires_on", tr.expires_on(), "date", &input.expires_on),
                Field::input("quantity", tr.quantity(), "number", &input.quantity).required(),
                Field::text("unit", tr.unit_of_quantity(), &input.unit)
                    .required()
                    .hint(tr.unit_hint()),
                Field::textarea("storage_notes", tr.storage_notes(), &input.storage_notes),
            ],
        ),
        Section::new(
            tr.raw_materials(),
            vec![
                Field::textarea("materials", tr.raw_materials(), &input.materials)
                    .hint(tr.raw_materials_hint()),
            ],
        ),
    ];
    let general_errors = attach_errors(&mut sections, errors, &[]);
    Ok(NewPage {
        ctx: admin.ctx(),
        nav: admin.nav("products"),
        product_id: product.id.to_string(),
        product_name: product.data.name.clone(),
        has_field_errors: has_field_errors(&sections),
        sections,
        general_errors,
    }
    .render()?)
}

/// `GET /admin/products/{id}/lots/new`.
pub async fn new_form(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let id = parse_id(&id, "sản phẩm")?;
    let product = state
        .store
        .product_for_lot_records(&admin.caller(), id)
        .await?;
    let input = LotInput {
        produced_on: state.store.today().to_string(),
        ..LotInput::default()
    };
    Ok(Html(new_page(
        &admin,
        &product,
        &input,
        &FieldErrors::default(),
    )?))
}

/// `POST /admin/products/{id}/lots`: registers the lot.
pub async fn create(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(form): Form<LotForm>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "sản phẩm")?;
    let caller = admin.caller();
    let product = state.store.product_for_lot_records(&caller, id).await?;
    let input = form.input();
    match state.store.register_lot(&caller, id, &input).await {
        Ok(lot) => {
            Ok(Redirect::to(&format!("/admin/lots/{}?saved=created", lot.id)).into_response())
        }
        Err(e) => {
            let errors = form_errors(e)?;
            Ok(invalid(new_page(&admin, &product, &input, &errors)?))
        }
    }
}

/// An event as the timeline shows it.
pub struct EventRow {
    pub id: String,
    pub short_id: String,
    pub step: &'static str,
    pub disposition: &'static str,
    pub action: &'static str,
    pub when: String,
    pub recorded: String,
    pub place: String,
    pub quantity: String,
    pub serials: usize,
    pub corrects: Option<String>,
    pub correction_reason: String,
    pub recalled: bool,
    pub by: String,
}

impl EventRow {
    fn of(e: &LotEvent) -> EventRow {
        let place = [&e.read_point, &e.biz_location]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(" · ");
        EventRow {
            id: e.id.to_string(),
            short_id: e.id.simple().to_string()[24..].to_owned(),
            step: e.biz_step.label(),
            disposition: e.disposition.label(),
            action: e.action.key(),
            when: local_time(e.event_time),
            recorded: local_time(e.record_time),
            place,
            quantity: e.quantity.map(|q| q.to_string()).unwrap_or_default(),
            serials: e.serials.len(),
            corrects: e
                .corrects_event_id
                .map(|id| id.simple().to_string()[24..].to_owned()),
            correction_reason: e.correction_reason.clone().unwrap_or_default(),
            recalled: e.disposition == Disposition::Recalled,
            by: e.recorded_by.clone(),
        }
    }
}

/// A lab test as the lot page shows it.
pub struct TestRow {
    pub lab_name: String,
    pub tested_on: String,
    pub results: Vec<(String, String, String)>,
    pub file_url: Option<String>,
}

impl TestRow {
    fn of(t: &LabTest) -> TestRow {
        TestRow {
            lab_name: t.lab_name.clone(),
            tested_on: local_date(t.tested_on),
            results: t
                .results
                .iter()
                .map(|r| {
                    (
                        r.name.clone(),
                        r.value.clone(),
                        r.unit.clone().unwrap_or_default(),
                    )
                })
                .collect(),
            file_url: t
                .file
                .as_ref()
                .map(|_| format!("/admin/lot-tests/{}/file", t.id)),
        }
    }
}

/// What a refused form on the lot page shows again.
#[derive(Default)]
struct Refusals {
    event: Option<(EventInput, Vec<String>)>,
    test: Option<(LabTestInput, Vec<String>)>,
    recall: Option<(String, Vec<String>)>,
}

#[derive(Template)]
#[template(path = "lots/show.html")]
struct ShowPage {
    ctx: PageCtx,
    nav: Nav,
    id: String,
    lot: LotRow,
    product_id: String,
    product_name: String,
    storage_notes: String,
    recall_reason: String,
    recalled_at: String,
    materials: Vec<(String, String, String, String)>,
    tests: Vec<TestRow>,
    events: Vec<EventRow>,
    notice: Option<&'static str>,
    can_record: bool,
    steps: Vec<(&'static str, &'static str)>,
    dispositions: Vec<(&'static str, &'static str)>,
    event: EventInput,
    event_errors: Vec<String>,
    test: LabTestInput,
    test_errors: Vec<String>,
    recall_text: String,
    recall_errors: Vec<String>,
    max_mb: usize,
}

async fn show_page(
    state: &AppState,
    admin: &Admin,
    id: uuid::Uuid,
    notice: Option<&'static str>,
    refusals: Refusals,
) -> Result<String, AppError> {
    let detail = state.store.lot_detail(&admin.caller(), id).await?;
    let lot = &detail.lot;
    let (event, event_errors) = refusals.event.unwrap_or_default();
    let (test, test_errors) = refusals.test.unwrap_or_default();
    let (recall_text, recall_errors) = refusals.recall.unwrap_or_default();
    Ok(ShowPage {
        ctx: admin.ctx(),
        nav: admin.nav("products"),
        id: lot.id.to_string(),
        lot: LotRow::of(lot, admin),
        product_id: detail.product.id.to_string(),
        product_name: detail.product.data.name.clone(),
        storage_notes: lot.storage_notes.clone().unwrap_or_default(),
        recall_reason: lot.recall_reason.clone().unwrap_or_default(),
        recalled_at: lot.recalled_at.map(local_time).unwrap_or_default(),
        materials: detail
            .materials
            .iter()
            .map(|m| {
                let part = |v: &Option<String>| v.clone().unwrap_or_default();
                (
                    m.name.clone(),
                    part(&m.supplier),
                    part(&m.origin),
                    part(&m.certification),
                )
            })
            .collect(),
        tests: detail.tests.iter().map(TestRow::of).collect(),
        events: detail.events.iter().map(EventRow::of).collect(),
        notice,
        can_record: may_record(admin, &detail.product),
        steps: BizStep::ALL
            .into_iter()
            .filter(|s| *s != BizStep::Commissioning)
            .map(|s| (s.key(), s.label()))
            .collect(),
        dispositions: Disposition::ALL
            .into_iter()
            .filter(|d| *d != Disposition::Recalled)
            .map(|d| (d.key(), d.label()))
            .collect(),
        event,
        event_errors,
        test,
        test_errors,
        recall_text,
        recall_errors,
        max_mb: state.config.max_upload_bytes / (1024 * 1024),
    }
    .render()?)
}

#[derive(Deserialize, Default)]
pub struct SavedParams {
    #[serde(default)]
    saved: String,
}

/// `GET /admin/lots/{id}`: the lot with its materials, tests and events.
pub async fn show(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    axum::extract::Query(saved): axum::extract::Query<SavedParams>,
) -> Result<Html<String>, AppError> {
    let id = parse_id(&id, "lô sản phẩm")?;
    let tr = admin.tr();
    let notice = match saved.saved.as_str() {
        "created" => Some(tr.lot_created()),
        "event" => Some(tr.event_recorded()),
        "test" => Some(tr.lab_test_added()),
        "recalled" => Some(tr.lot_recalled_notice()),
        _ => None,
    };
    Ok(Html(
        show_page(&state, &admin, id, notice, Refusals::default()).await?,
    ))
}

/// The lot page again with a refused form's messages: 422 for bad input, 409 for a state
/// that does not allow the action.
async fn refused(
    state: &AppState,
    admin: &Admin,
    id: uuid::Uuid,
    status: StatusCode,
    refusals: Refusals,
) -> Result<Response, AppError> {
    let html = show_page(state, admin, id, None, refusals).await?;
    Ok((status, Html(html)).into_response())
}

/// Messages of a refused form: its field errors, or why the transition is not allowed.
fn refusal(error: StoreError) -> Result<(StatusCode, Vec<String>), AppError> {
    match error {
        StoreError::LotTransition(why) => Ok((StatusCode::CONFLICT, vec![why.to_string()])),
        other => {
            let errors = form_errors(other)?;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                errors.0.into_iter().map(|e| e.message).collect(),
            ))
        }
    }
}

/// `POST /admin/lots/{id}/events`.
pub async fn record_event(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(input): Form<EventInput>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "lô sản phẩm")?;
    match state
        .store
        .record_lot_event(&admin.caller(), id, &input)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/admin/lots/{id}?saved=event")).into_response()),
        Err(e) => {
            let (status, messages) = refusal(e)?;
            let refusals = Refusals {
                event: Some((input, messages)),
                ..Refusals::default()
            };
            refused(&state, &admin, id, status, refusals).await
        }
    }
}

/// `POST /admin/lots/{id}/recall`.
pub async fn recall(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    Form(input): Form<RecallInput>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "lô sản phẩm")?;
    match super::recall_lot(&state, &admin.caller(), id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/admin/lots/{id}?saved=recalled")).into_response()),
        Err(AppError::StateConflict { message: why, .. }) => {
            let refusals = Refusals {
                recall: Some((input.reason, vec![why])),
                ..Refusals::default()
            };
            refused(&state, &admin, id, StatusCode::CONFLICT, refusals).await
        }
        Err(AppError::Invalid(errors)) => {
            let refusals = Refusals {
                recall: Some((
                    input.reason,
                    errors.0.into_iter().map(|e| e.message).collect(),
                )),
                ..Refusals::default()
            };
            refused(
                &state,
                &admin,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                refusals,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

/// `POST /admin/lots/{id}/tests` (multipart): a lab test report with an optional file.
pub async fn add_test(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "lô sản phẩm")?;
    let caller = admin.caller();
    // Asked before the upload is read.
    state.store.lot_for_records(&caller, id).await?;
    let upload = report_file::read_upload(&mut multipart, state.config.max_upload_bytes).await?;
    let input = upload.input;
    let stored = match report_file::store(&state.files, upload.file).await? {
        Ok(stored) => stored,
        Err(refusal) => {
            let message = admin.tr().report_file_refused(refusal);
            let refusals = Refusals {
                test: Some((input, vec![message])),
                ..Refusals::default()
            };
            return refused(
                &state,
                &admin,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                refusals,
            )
            .await;
        }
    };
    match state
        .store
        .record_lab_test(&caller, id, &input, stored)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/admin/lots/{id}?saved=test")).into_response()),
        Err(e) => {
            let (status, messages) = refusal(e)?;
            let refusals = Refusals {
                test: Some((input, messages)),
                ..Refusals::default()
            };
            refused(&state, &admin, id, status, refusals).await
        }
    }
}

/// `GET /admin/lot-tests/{id}/file`: a lab test report's file, to whoever may read the lot.
pub async fn test_file(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = parse_id(&id, "phiếu kiểm nghiệm")?;
    let test = state.store.visible_lab_test(&admin.caller(), id).await?;
    let file = test
        .file
        .ok_or_else(|| AppError::not_found("tệp phiếu kiểm nghiệm"))?;
    let bytes = state
        .files
        .get(&file.sha256)
        .await
        .map_err(AppError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, file.content_type),
            (header::CACHE_CONTROL, "private, max-age=86400".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// Whether the product page shows its link to the product's lots.
pub fn may_read_lots(admin: &Admin, product: &Product) -> bool {
    authorize_lot_read(&admin.actor(), &product.resource()).is_ok()
}
