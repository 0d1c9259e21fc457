//! `/api/v1/products/{id}/lots` and `/api/v1/lots`: lô sản phẩm — list, create, read with
//! materials, tests and events, record an event, recall, import, and the EPCIS 2.0 export.
//!
//! Lots are read by the product's producer, the officials of its unit and central officials;
//! recorded and recalled by the producer and the officials of its unit. A product the caller
//! may not see is unknown (404); one it sees but whose lots it may not touch is refused (403).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::http::{HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use ocop_domain::epcis::{
    BizStep, CBV_VERSION, Disposition, EPCIS_VERSION, EventAction, EventInput,
};
use ocop_domain::import::{RowError, lot_rows};
use ocop_domain::lot::{LabTestInput, LotInput, LotStatus, RawMaterial, RecallInput, TestResult};
use ocop_render::TableFormat;
use ocop_store::import::ImportOptions;
use ocop_store::lots::{LabTest, Lot, LotEvent};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

use super::report_file;
use crate::api::extract::{ApiInput, ApiMultipart};
use crate::auth::ApiUser;
use crate::error::ErrorBody;
use crate::routes::producers::api::path_id;
use crate::{ApiError, AppError, AppState};

/// A date as `YYYY-MM-DD`.
pub fn iso(date: time::Date) -> String {
    date.format(time::macros::format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

/// A lot as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct LotView {
    pub id: Uuid,
    pub product_id: Uuid,
    /// Số lô, unique within the product.
    pub lot_number: String,
    /// Ngày sản xuất, `YYYY-MM-DD`.
    pub produced_on: String,
    /// Hạn sử dụng, `YYYY-MM-DD`.
    pub expires_on: Option<String>,
    pub quantity: u32,
    pub unit: String,
    pub storage_notes: Option<String>,
    pub status: LotStatus,
    pub status_label: &'static str,
    pub recall_reason: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub recalled_at: Option<OffsetDateTime>,
    /// Demo data, not a real production record.
    pub demo: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl LotView {
    pub fn of(lot: Lot) -> LotView {
        LotView {
            id: lot.id,
            product_id: lot.product_id,
            lot_number: lot.lot_number,
            produced_on: iso(lot.produced_on),
            expires_on: lot.expires_on.map(iso),
            quantity: lot.quantity,
            unit: lot.unit,
            storage_notes: lot.storage_notes,
            status: lot.status,
            status_label: lot.status.label(),
            recall_reason: lot.recall_reason,
            recalled_at: lot.recalled_at,
            demo: lot.demo,
            created_at: lot.created_at,
            updated_at: lot.updated_at,
        }
    }
}

/// One event of a lot's log (an EPCIS ObjectEvent).
#[derive(Debug, Serialize, ToSchema)]
pub struct EventView {
    pub id: Uuid,
    pub action: EventAction,
    pub biz_step: BizStep,
    pub biz_step_label: &'static str,
    pub disposition: Disposition,
    pub disposition_label: &'static str,
    #[serde(with = "time::serde::rfc3339")]
    pub event_time: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub record_time: OffsetDateTime,
    pub read_point: Option<String>,
    pub biz_location: Option<String>,
    pub quantity: Option<u32>,
    pub serials: Vec<String>,
    /// The earlier event this one corrects.
    pub corrects_event_id: Option<Uuid>,
    pub correction_reason: Option<String>,
    pub recorded_by: String,
}

impl EventView {
    pub fn of(e: LotEvent) -> EventView {
        EventView {
            id: e.id,
            action: e.action,
            biz_step: e.biz_step,
            biz_step_label: e.biz_step.label(),
            disposition: e.disposition,
            disposition_label: e.disposition.label(),
            event_time: e.event_time,
            record_time: e.record_time,
            read_point: e.read_point,
            biz_location: e.biz_location,
            quantity: e.quantity,
            serials: e.serials,
            corrects_event_id: e.corrects_event_id,
            correction_reason: e.correction_reason,
            recorded_by: e.recorded_by,
        }
    }
}

/// A lab test report of a lot.
#[derive(Debug, Serialize, ToSchema)]
pub struct LabTestView {
    pub id: Uuid,
    pub lab_name: String,
    /// Ngày kiểm nghiệm, `YYYY-MM-DD`.
    pub tested_on: String,
    pub results: Vec<TestResult>,
    /// Where the report's file is served (back office, signed in), when one was given.
    pub file_url: Option<String>,
}

impl LabTestView {
    fn of(t: LabTest) -> LabTestView {
        LabTestView {
            file_url: t
                .file
                .as_ref()
                .map(|_| format!("/admin/lot-tests/{}/file", t.id)),
            id: t.id,
            lab_name: t.lab_name,
            tested_on: iso(t.tested_on),
            results: t.results,
        }
    }
}

/// A lot with its raw materials, lab tests and event log.
#[derive(Debug, Serialize, ToSchema)]
pub struct LotDetailView {
    #[serde(flatten)]
    pub lot: LotView,
    pub materials: Vec<RawMaterial>,
    pub tests: Vec<LabTestView>,
    pub events: Vec<EventView>,
}

/// What a lot import did.
#[derive(Debug, Serialize, ToSchema)]
pub struct LotImportView {
    pub total_rows: usize,
    pub valid_rows: usize,
    /// Lots written: every valid row, or none when a row failed (unless `skip_invalid`).
    pub written: usize,
    pub dry_run: bool,
    /// Each problem with its row (the header is row 1) and column, in Vietnamese.
    pub errors: Vec<RowError>,
}

/// A product's lots, the latest production first.
#[utoipa::path(
    get,
    operation_id = "list_lots",
    path = "/api/v1/products/{id}/lots",
    tag = "lots",
    params(("id" = Uuid, Path, description = "Mã sản phẩm")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Các lô của sản phẩm", body = Vec<LotView>),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Không được xem lô của sản phẩm này", body = ErrorBody),
        (status = 404, description = "Không có sản phẩm hoặc không được xem", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<LotView>>, ApiError> {
    let id = path_id(&id, "sản phẩm")?;
    let lots = state.store.product_lots(&user.caller(), id).await?;
    Ok(Json(lots.into_iter().map(LotView::of).collect()))
}

/// Register a lot of a product; its commissioning event (ADD) is recorded with it.
#[utoipa::path(
    post,
    operation_id = "create_lot",
    path = "/api/v1/products/{id}/lots",
    tag = "lots",
    params(("id" = Uuid, Path, description = "Mã sản phẩm")),
    request_body(content = LotInput, description = "Các trường của lô"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Đã tạo", body = LotView,
            headers(("Location" = String, description = "Đường dẫn của lô mới"))),
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Không được ghi lô của sản phẩm này", body = ErrorBody),
        (status = 404, description = "Không có sản phẩm hoặc không được xem", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Dữ liệu không hợp lệ (từng trường), hoặc số lô đã có", body = ErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiInput(input): ApiInput<LotInput>,
) -> Result<Response, ApiError> {
    let id = path_id(&id, "sản phẩm")?;
    let lot = state.store.register_lot(&user.caller(), id, &input).await?;
    let location = format!("/api/v1/lots/{}", lot.id);
    Ok((
        StatusCode::CREATED,
        [(LOCATION, location)],
        Json(LotView::of(lot)),
    )
        .into_response())
}

/// One lot with its raw materials, lab tests and event log.
#[utoipa::path(
    get,
    operation_id = "get_lot",
    path = "/api/v1/lots/{id}",
    tag = "lots",
    params(("id" = Uuid, Path, description = "Mã lô")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Lô sản phẩm", body = LotDetailView),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Không được xem lô của sản phẩm này", body = ErrorBody),
        (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
    )
)]
pub async fn get(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<LotDetailView>, ApiError> {
    let id = path_id(&id, "lô sản phẩm")?;
    let d = state.store.lot_detail(&user.caller(), id).await?;
    Ok(Json(LotDetailView {
        lot: LotView::of(d.lot),
        materials: d.materials,
        tests: d.tests.into_iter().map(LabTestView::of).collect(),
        events: d.events.into_iter().map(EventView::of).collect(),
    }))
}

/// Record an event of a lot (shipping, receiving, retail selling …). The log is append-only:
/// to correct an event, record the right one with `corrects` and `correction_reason`.
#[utoipa::path(
    post,
    operation_id = "record_lot_event",
    path = "/api/v1/lots/{id}/events",
    tag = "lots",
    params(("id" = Uuid, Path, description = "Mã lô")),
    request_body(content = EventInput, description = "Sự kiện"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Đã ghi", body = EventView),
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Không được ghi lô của sản phẩm này", body = ErrorBody),
        (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
        (status = 409, description = "Lô đã thu hồi không nhận sự kiện đưa hàng ra thị trường", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Dữ liệu không hợp lệ (từng trường)", body = ErrorBody),
    )
)]
pub async fn record_event(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiInput(input): ApiInput<EventInput>,
) -> Result<Response, ApiError> {
    let id = path_id(&id, "lô sản phẩm")?;
    let event = state
        .store
        .record_lot_event(&user.caller(), id, &input)
        .await?;
    Ok((StatusCode::CREATED, Json(EventView::of(event))).into_response())
}

/// Add a lab test report (phiếu kết quả kiểm nghiệm) to a lot, without a file (with one:
/// `POST /api/v1/lots/{id}/tests/upload`). `results` is one result a line,
/// `name | value | unit`. The same use case and rule as the form: whoever records the lot's
/// events.
#[utoipa::path(
    post,
    operation_id = "add_lab_test",
    path = "/api/v1/lots/{id}/tests",
    tag = "lots",
    params(("id" = Uuid, Path, description = "Mã lô")),
    request_body(content = LabTestInput, description = "Phiếu kiểm nghiệm"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Đã thêm", body = LabTestView),
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Không được ghi lô của sản phẩm này", body = ErrorBody),
        (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Dữ liệu không hợp lệ (từng trường)", body = ErrorBody),
    )
)]
pub async fn add_test(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiInput(input): ApiInput<LabTestInput>,
) -> Result<Response, ApiError> {
    let id = path_id(&id, "lô sản phẩm")?;
    let test = state
        .store
        .record_lab_test(&user.caller(), id, &input, None)
        .await?;
    Ok((StatusCode::CREATED, Json(LabTestView::of(test))).into_response())
}

/// A 422 on the uploaded `file`.
fn file_error(code: &str, message: String) -> ApiError {
    let mut errors = ocop_domain::validation::FieldErrors::default();
    errors.add("file", code, message);
    ApiError(AppError::Invalid(errors))
}

/// The form of a lab test report with its file (multipart).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct LabTestForm {
    /// The laboratory.
    lab_name: String,
    /// The test's date, `YYYY-MM-DD`.
    tested_on: String,
    /// One result a line, `name | value | unit`.
    results: Option<String>,
    /// The report: a PDF, or a JPEG, PNG or WebP photo (re-encoded, its metadata dropped),
    /// within the upload limit (8 MB by default).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Add a lab test report with its file (multipart: `lab_name`, `tested_on`, `results`,
/// `file`, required here), as the lot's page takes it. The same use case and rule as
/// `POST /api/v1/lots/{id}/tests`; who may record is asked before the file is read.
#[utoipa::path(
    post,
    operation_id = "add_lab_test_with_file",
    path = "/api/v1/lots/{id}/tests/upload",
    tag = "lots",
    params(("id" = Uuid, Path, description = "Mã lô")),
    request_body(content = LabTestForm, content_type = "multipart/form-data"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Đã thêm", body = LabTestView),
        (status = 400, description = "Nội dung tải lên không đọc được", body = ErrorBody),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Không được ghi lô của sản phẩm này", body = ErrorBody),
        (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
        (status = 413, description = "Tệp quá lớn", body = ErrorBody),
        (status = 422, description = "Dữ liệu hoặc tệp không hợp lệ (từng trường)", body = ErrorBody),
    )
)]
pub async fn add_test_with_file(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiMultipart(mut multipart): ApiMultipart,
) -> Result<Response, ApiError> {
    let id = path_id(&id, "lô sản phẩm")?;
    let caller = user.caller();
    // Asked before the upload is read.
    state.store.lot_for_records(&caller, id).await?;
    let upload = report_file::read_upload(&mut multipart, state.config.max_upload_bytes).await?;
    let tr = crate::i18n::Lang::Vi.tr();
    if upload.file.is_empty() {
        return Err(file_error("required", tr.no_file_chosen().to_owned()));
    }
    let stored = match report_file::store(&state.files, upload.file).await? {
        Ok(stored) => stored,
        Err(refusal) => {
            return Err(file_error("invalid_file", tr.report_file_refused(refusal)));
        }
    };
    let test = state
        .store
        .record_lab_test(&caller, id, &upload.input, stored)
        .await?;
    Ok((StatusCode::CREATED, Json(LabTestView::of(test))).into_response())
}

/// Recall (thu hồi) a lot: its status and a recall event (disposition `recalled`) together.
#[utoipa::path(
    post,
    operation_id = "recall_lot",
    path = "/api/v1/lots/{id}/recall",
    tag = "lots",
    params(("id" = Uuid, Path, description = "Mã lô")),
    request_body(content = RecallInput, description = "Lý do thu hồi"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Đã thu hồi", body = LotView),
        (status = 400, description = "Không phải JSON hoặc JSON không hợp lệ", body = ErrorBody),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Không được thu hồi lô của sản phẩm này", body = ErrorBody),
        (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
        (status = 409, description = "Lô đã được thu hồi trước đó", body = ErrorBody),
        (status = 413, description = "Nội dung quá lớn", body = ErrorBody),
        (status = 422, description = "Thiếu lý do hoặc lý do quá dài", body = ErrorBody),
    )
)]
pub async fn recall(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    ApiInput(input): ApiInput<RecallInput>,
) -> Result<Json<LotView>, ApiError> {
    let id = path_id(&id, "lô sản phẩm")?;
    let lot = super::recall_lot(&state, &user.caller(), id, &input).await?;
    Ok(Json(LotView::of(lot)))
}

/// The lot's events as an EPCIS 2.0 JSON-LD `EPCISDocument`.
#[utoipa::path(
    get,
    operation_id = "lot_epcis",
    path = "/api/v1/lots/{id}/epcis",
    tag = "lots",
    params(("id" = Uuid, Path, description = "Mã lô")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "EPCISDocument (JSON-LD, EPCIS 2.0 / CBV 2.0)",
            content_type = "application/ld+json", body = Object,
            headers(
                ("GS1-EPCIS-Version" = String, description = "2.0.0"),
                ("GS1-CBV-Version" = String, description = "2.0.0"),
            )),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Không được xem lô của sản phẩm này", body = ErrorBody),
        (status = 404, description = "Không có hoặc không được xem", body = ErrorBody),
    )
)]
pub async fn epcis(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = path_id(&id, "lô sản phẩm")?;
    let document = state.store.lot_epcis(&user.caller(), id).await?;
    Ok((
        [
            (CONTENT_TYPE, "application/ld+json"),
            (HeaderName::from_static("gs1-epcis-version"), EPCIS_VERSION),
            (HeaderName::from_static("gs1-cbv-version"), CBV_VERSION),
        ],
        Json(document),
    )
        .into_response())
}

/// Import lots from an XLSX or CSV file (multipart: `file`, optional `dry_run` and
/// `skip_invalid`), with the import template's columns (`Mã sản phẩm` names the product by
/// its product code or id). Every row is checked first; unless `skip_invalid`, nothing is
/// written when a row fails.
#[utoipa::path(
    post,
    operation_id = "import_lots",
    path = "/api/v1/lots/import",
    tag = "lots",
    request_body(content_type = "multipart/form-data", content = Object,
        description = "`file` (.xlsx hoặc .csv), `dry_run`, `skip_invalid`"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Kết quả nhập, lỗi theo dòng và cột", body = LotImportView),
        (status = 400, description = "Nội dung tải lên không đọc được", body = ErrorBody),
        (status = 401, description = "Chưa đăng nhập", body = ErrorBody),
        (status = 403, description = "Không được nhập lô", body = ErrorBody),
        (status = 413, description = "Tệp quá lớn", body = ErrorBody),
        (status = 422, description = "Thiếu tệp, định dạng không hỗ trợ hoặc tệp không đọc được", body = ErrorBody),
    )
)]
pub async fn import(
    State(state): State<AppState>,
    user: ApiUser,
    ApiMultipart(multipart): ApiMultipart,
) -> Result<Json<LotImportView>, ApiError> {
    let caller = user.caller();
    state.store.may_import_lots(&caller)?;
    let limit = state.config.max_upload_bytes;
    let upload = crate::routes::import::read_upload(multipart, limit).await?;
    let tr = crate::i18n::Lang::Vi.tr();
    if upload.file_name.is_empty() {
        return Err(file_error("invalid_file", tr.no_file_chosen().to_owned()));
    }
    let format = TableFormat::from_file_name(&upload.file_name)
        .ok_or_else(|| file_error("invalid_file", tr.unsupported_file(&upload.file_name)))?;
    let limits = state.config.read_limits;
    let bytes = upload.bytes;
    let table = crate::heavy::run(move || ocop_render::read_table(&bytes, format, &limits))
        .await?
        .map_err(|e| file_error("invalid_file", tr.file_refused(&upload.file_name, e)))?;
    let rows = crate::routes::import::numbered_rows(&table);
    let (valid, errors) = lot_rows(&table.headers, &rows, state.store.today());
    let options = ImportOptions {
        dry_run: upload.dry_run,
        skip_invalid: upload.skip_invalid,
    };
    let outcome = state
        .store
        .import_lot_rows(&caller, valid, errors, options)
        .await?;
    Ok(Json(LotImportView {
        total_rows: outcome.total_rows,
        valid_rows: outcome.valid_rows,
        written: outcome.written,
        dry_run: outcome.dry_run,
        errors: outcome.errors,
    }))
}
