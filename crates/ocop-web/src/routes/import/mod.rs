//! Nhập dữ liệu: producers, products or lots from an XLSX or CSV file. Every row is checked first;
//! nothing is written unless every row is valid (or the user chose to skip invalid rows).
//! Each row is authorized on where it lands.

use axum::Router;
use axum::routing::get;
use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use askama::Template;
use axum::extract::multipart::Field as Part;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use ocop_domain::import::{
    LOT_COLUMNS, PRODUCER_COLUMNS, PRODUCT_COLUMNS, RowError, lot_rows, producer_rows, product_rows,
};
use ocop_render::{Table, TableFormat};
use ocop_store::import::{ImportOptions, ImportOutcome};
use uuid::Uuid;

use crate::backoffice::{Admin, Nav};
use crate::i18n::Tr;
use crate::view::PageCtx;
use crate::{AppError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/admin/import",
            get(page).post(upload).layer(crate::backoffice::UPLOAD_BODY),
        )
        .route("/admin/import/template/{file}", get(template))
        .route("/admin/import/errors/{id}", get(errors_report))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Producers,
    Products,
    /// Lô sản phẩm, each naming its product by product code or id.
    Lots,
}

impl Kind {
    fn parse(raw: &str) -> Option<Kind> {
        match raw.trim() {
            "producers" => Some(Kind::Producers),
            "products" => Some(Kind::Products),
            "lots" => Some(Kind::Lots),
            _ => None,
        }
    }

    fn key(self) -> &'static str {
        match self {
            Kind::Producers => "producers",
            Kind::Products => "products",
            Kind::Lots => "lots",
        }
    }
}

/// The most row errors the page lists; all of them are in the downloadable report. A file of
/// bad rows once rendered a 571 MB page.
pub const MAX_SHOWN_ERRORS: usize = 200;

/// What the import did, as the page shows it.
pub struct OutcomeView {
    pub kind_label: &'static str,
    pub file_name: String,
    pub total_rows: usize,
    pub valid_rows: usize,
    pub written: usize,
    pub error_rows: usize,
    pub summary: String,
    /// The first [`MAX_SHOWN_ERRORS`] errors.
    pub errors: Vec<RowError>,
    pub total_errors: usize,
    /// Where the whole error list can be downloaded as XLSX.
    pub report_url: Option<String>,
}

/// Error reports of recent imports, held in memory for their uploader to download for a
/// while. Bounded in count; a report lives on the server that made it.
#[derive(Default)]
pub struct ImportReports {
    reports: Mutex<VecDeque<Report>>,
}

struct Report {
    id: Uuid,
    user_id: Uuid,
    made: Instant,
    /// Shared, so a download does not copy it.
    bytes: axum::body::Bytes,
}

const MAX_REPORTS: usize = 32;
/// Bytes all held reports may take together; the oldest go first.
const MAX_REPORT_BYTES: usize = 64 * 1024 * 1024;
const REPORT_LIFETIME: Duration = Duration::from_secs(60 * 60);

impl ImportReports {
    fn keep(&self, user_id: Uuid, bytes: Vec<u8>) -> Uuid {
        let bytes = axum::body::Bytes::from(bytes);
        let id = Uuid::new_v4();
        let mut reports = self.reports.lock().unwrap_or_else(|e| e.into_inner());
        reports.retain(|r| r.made.elapsed() < REPORT_LIFETIME);
        let held =
            |reports: &VecDeque<Report>| reports.iter().map(|r| r.bytes.len()).sum::<usize>();
        while !reports.is_empty()
            && (reports.len() >= MAX_REPORTS || held(&reports) + bytes.len() > MAX_REPORT_BYTES)
        {
            reports.pop_front();
        }
        reports.push_back(Report {
            id,
            user_id,
            made: Instant::now(),
            bytes,
        });
        id
    }

    fn get(&self, id: Uuid, user_id: Uuid) -> Option<axum::body::Bytes> {
        let reports = self.reports.lock().unwrap_or_else(|e| e.into_inner());
        reports
            .iter()
            .find(|r| r.id == id && r.user_id == user_id && r.made.elapsed() < REPORT_LIFETIME)
            .map(|r| r.bytes.clone())
    }
}

#[derive(Template)]
#[template(path = "import/import.html")]
struct ImportPage {
    ctx: PageCtx,
    nav: Nav,
    kind: &'static str,
    /// May import producers and products (officials), besides lots.
    registry: bool,
    /// May import lots (producers and the officials of a unit).
    lots: bool,
    dry_run: bool,
    skip_invalid: bool,
    max_mb: usize,
    max_rows: usize,
    max_columns: usize,
    file_error: Option<String>,
    outcome: Option<OutcomeView>,
}

fn max_mb(state: &AppState) -> usize {
    state.config.max_upload_bytes.div_ceil(1024 * 1024)
}

/// What the user may import: the registry (officials, each within their unit) and lots
/// (producers and the unit's officials); the domain's rules, asked by the store. Neither is
/// refused as the first refusal says.
fn importer(state: &AppState, admin: &Admin) -> Result<(bool, bool), AppError> {
    let caller = admin.caller();
    let registry = state.store.may_import(&caller);
    let lots = state.store.may_import_lots(&caller);
    match (registry, lots) {
        (Err(e), Err(_)) => Err(e.into()),
        (registry, lots) => Ok((registry.is_ok(), lots.is_ok())),
    }
}

fn require_importer(state: &AppState, admin: &Admin) -> Result<(), AppError> {
    importer(state, admin).map(|_| ())
}

#[derive(serde::Deserialize, Default)]
pub struct PageParams {
    #[serde(default)]
    kind: String,
}

pub async fn page(
    State(state): State<AppState>,
    admin: Admin,
    axum::extract::Query(params): axum::extract::Query<PageParams>,
) -> Result<Html<String>, AppError> {
    let (registry, lots) = importer(&state, &admin)?;
    let kind = match Kind::parse(&params.kind) {
        Some(Kind::Lots) if lots => Kind::Lots,
        _ if registry => Kind::Producers,
        _ => Kind::Lots,
    };
    Ok(Html(
        ImportPage {
            ctx: admin.ctx(),
            nav: admin.nav("import"),
            kind: kind.key(),
            registry,
            lots,
            dry_run: true,
            skip_invalid: false,
            max_mb: max_mb(&state),
            max_rows: state.config.read_limits.max_rows,
            max_columns: state.config.read_limits.max_columns,
            file_error: None,
            outcome: None,
        }
        .render()?,
    ))
}

/// The submitted form (the page's, or the API's lot import).
pub(crate) struct Upload {
    kind: Option<Kind>,
    pub dry_run: bool,
    pub skip_invalid: bool,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Reads the file part, refusing it as soon as it grows past the limit.
async fn read_file(mut part: Part<'_>, limit: usize) -> Result<Vec<u8>, AppError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = part
        .chunk()
        .await
        .map_err(|e| crate::files::upload_error(e, limit))?
    {
        if bytes.len() + chunk.len() > limit {
            return Err(AppError::TooLarge(limit.div_ceil(1024 * 1024)));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

pub(crate) async fn read_upload(
    mut multipart: Multipart,
    limit: usize,
) -> Result<Upload, AppError> {
    let mut upload = Upload {
        kind: None,
        dry_run: false,
        skip_invalid: false,
        file_name: String::new(),
        bytes: Vec::new(),
    };
    while let Some(part) = multipart
        .next_field()
        .await
        .map_err(|e| crate::files::upload_error(e, limit))?
    {
        match part.name().unwrap_or_default() {
            "kind" => {
                upload.kind = Kind::parse(
                    &part
                        .text()
                        .await
                        .map_err(|e| crate::files::upload_error(e, limit))?,
                )
            }
            "dry_run" => upload.dry_run = true,
            "skip_invalid" => upload.skip_invalid = true,
            "file" => {
                upload.file_name = part.file_name().unwrap_or_default().to_owned();
                upload.bytes = read_file(part, limit).await?;
            }
            _ => {}
        }
    }
    Ok(upload)
}

pub async fn upload(
    State(state): State<AppState>,
    admin: Admin,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let (registry, lots) = importer(&state, &admin)?;
    let limit = state.config.max_upload_bytes;
    let upload = read_upload(multipart, limit).await?;
    let fallback = if registry {
        Kind::Producers
    } else {
        Kind::Lots
    };
    let page =
        |kind: Option<Kind>, file_error: Option<String>, outcome: Option<OutcomeView>| ImportPage {
            ctx: admin.ctx(),
            nav: admin.nav("import"),
            kind: kind.unwrap_or(fallback).key(),
            registry,
            lots,
            dry_run: upload.dry_run,
            skip_invalid: upload.skip_invalid,
            max_mb: max_mb(&state),
            max_rows: state.config.read_limits.max_rows,
            max_columns: state.config.read_limits.max_columns,
            file_error,
            outcome,
        };
    let refuse = |kind: Option<Kind>, message: String| -> Result<Response, AppError> {
        Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(page(kind, Some(message), None).render()?),
        )
            .into_response())
    };
    let tr = admin.tr();
    let Some(kind) = upload.kind else {
        return refuse(None, tr.choose_import_kind().to_owned());
    };
    if upload.file_name.is_empty() {
        return refuse(Some(kind), tr.no_file_chosen().to_owned());
    }
    let Some(format) = TableFormat::from_file_name(&upload.file_name) else {
        return refuse(Some(kind), tr.unsupported_file(&upload.file_name));
    };
    let limits = state.config.read_limits;
    let bytes = upload.bytes;
    let read = crate::heavy::run(move || ocop_render::read_table(&bytes, format, &limits)).await?;
    let table = match read {
        Ok(table) => table,
        Err(e) => return refuse(Some(kind), tr.file_refused(&upload.file_name, e)),
    };
    let options = ImportOptions {
        dry_run: upload.dry_run,
        skip_invalid: upload.skip_invalid,
    };
    let outcome = run(&state, &admin, kind, &table, options).await?;
    let report_url = if outcome.errors.is_empty() {
        None
    } else {
        let errors = error_table(&outcome.errors);
        let bytes = crate::heavy::run(move || ocop_render::write_xlsx("Lỗi nhập dữ liệu", &errors))
            .await?
            .map_err(AppError::internal)?;
        let id = state.import_reports.keep(admin.session.user.id, bytes);
        Some(format!("/admin/import/errors/{id}"))
    };
    let view = outcome_view(
        tr,
        kind,
        upload.file_name.clone(),
        options,
        outcome,
        report_url,
    );
    Ok(Html(page(Some(kind), None, Some(view)).render()?).into_response())
}

/// Every row error as a sheet: row, column, message.
fn error_table(errors: &[RowError]) -> Table {
    let headers = ["Dòng", "Cột", "Lỗi"].map(str::to_owned).to_vec();
    let rows = errors
        .iter()
        .map(|e| vec![e.row.to_string(), e.column.clone(), e.message.clone()])
        .collect();
    Table::new(headers, rows)
}

/// `GET /admin/import/errors/{id}`: the whole error list of an import, as XLSX, for the
/// account that uploaded the file.
pub async fn errors_report(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    require_importer(&state, &admin)?;
    let missing = || AppError::not_found("danh sách lỗi (đã hết hạn sau 1 giờ?)");
    let id = Uuid::parse_str(&id).map_err(|_| missing())?;
    let bytes = state
        .import_reports
        .get(id, admin.session.user.id)
        .ok_or_else(missing)?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                TableFormat::Xlsx.content_type().to_owned(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"loi-nhap-du-lieu.xlsx\"".to_owned(),
            ),
        ],
        bytes,
    )
        .into_response())
}

async fn run(
    state: &AppState,
    admin: &Admin,
    kind: Kind,
    table: &Table,
    options: ImportOptions,
) -> Result<ImportOutcome, AppError> {
    let caller = admin.caller();
    let rows = numbered_rows(table);
    let store = &state.store;
    let outcome = match kind {
        Kind::Producers => {
            let (valid, errors) = producer_rows(store.units(), &table.headers, &rows);
            store
                .import_producer_rows(&caller, valid, errors, options, |_| {})
                .await?
        }
        Kind::Products => {
            let (valid, errors) = product_rows(&table.headers, &rows);
            store
                .import_product_rows(&caller, valid, errors, options, |_| {})
                .await?
        }
        Kind::Lots => {
            let (valid, errors) = lot_rows(&table.headers, &rows, store.today());
            store
                .import_lot_rows(&caller, valid, errors, options)
                .await?
        }
    };
    Ok(outcome)
}

/// The data rows of a table with their spreadsheet row numbers.
pub(crate) fn numbered_rows(table: &Table) -> Vec<(usize, Vec<String>)> {
    table
        .rows
        .iter()
        .enumerate()
        .map(|(i, cells)| (table.row_number(i), cells.clone()))
        .collect()
}

fn outcome_view(
    tr: Tr,
    kind: Kind,
    file_name: String,
    options: ImportOptions,
    outcome: ImportOutcome,
    report_url: Option<String>,
) -> OutcomeView {
    let mut error_rows: Vec<usize> = outcome.errors.iter().map(|e| e.row).collect();
    error_rows.dedup();
    let error_rows = error_rows.len();
    let summary = if outcome.dry_run {
        tr.import_checked(outcome.valid_rows, error_rows)
    } else if outcome.written > 0 && error_rows > 0 {
        tr.imported_skipping(outcome.written, error_rows)
    } else if outcome.written > 0 {
        tr.imported(outcome.written)
    } else if error_rows > 0 && !options.skip_invalid {
        tr.nothing_written_errors().to_owned()
    } else {
        tr.nothing_valid().to_owned()
    };
    OutcomeView {
        kind_label: match kind {
            Kind::Producers => tr.nav_producers(),
            Kind::Products => tr.products(),
            Kind::Lots => tr.lots(),
        },
        file_name,
        total_rows: outcome.total_rows,
        valid_rows: outcome.valid_rows,
        written: outcome.written,
        error_rows,
        summary,
        total_errors: outcome.errors.len(),
        errors: outcome.errors.into_iter().take(MAX_SHOWN_ERRORS).collect(),
        report_url,
    }
}

/// `GET /admin/import/template/{producers|products}.{xlsx|csv}`: an empty file with the
/// import headers.
pub async fn template(
    State(state): State<AppState>,
    admin: Admin,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    require_importer(&state, &admin)?;
    let missing = || AppError::not_found("mẫu tệp");
    let (stem, _) = file.rsplit_once('.').ok_or_else(missing)?;
    let format = TableFormat::from_file_name(&file).ok_or_else(missing)?;
    let (columns, name, sheet) = match Kind::parse(stem).ok_or_else(missing)? {
        Kind::Producers => (&PRODUCER_COLUMNS[..], "mau-nhap-chu-the", "Chủ thể"),
        Kind::Products => (&PRODUCT_COLUMNS[..], "mau-nhap-san-pham", "Sản phẩm"),
        Kind::Lots => (&LOT_COLUMNS[..], "mau-nhap-lo-san-pham", "Lô sản phẩm"),
    };
    let headers = columns.iter().map(|c| c.header.to_owned()).collect();
    crate::routes::export::file(Table::new(headers, Vec::new()), format, name, sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_are_bounded_in_bytes_and_kept_for_their_uploader() {
        let reports = ImportReports::default();
        let (me, other) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let third = MAX_REPORT_BYTES / 3 + 1;
        let first = reports.keep(me, vec![0; third]);
        let second = reports.keep(me, vec![1; third]);
        assert!(reports.get(first, me).is_some());
        assert!(reports.get(first, other).is_none(), "the uploader's alone");
        // A third would pass the byte bound: the oldest goes.
        let last = reports.keep(me, vec![2; third]);
        assert!(reports.get(first, me).is_none());
        assert!(reports.get(second, me).is_some() && reports.get(last, me).is_some());
    }
}
