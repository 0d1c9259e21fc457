//! Xuất dữ liệu: the current list (same filters, same scope) as an XLSX or CSV file. The
//! first columns are the import columns, so an exported file can be edited and imported
//! back; read-only columns (codes, stars, place names) follow. A whole register is written
//! on a blocking thread ([`crate::heavy`]): tens of thousands of rows take a while.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use ocop_render::{Table, TableFormat};

use crate::backoffice::{Admin, local_date};
use crate::{AppError, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/producers/export.xlsx", get(producers_xlsx))
        .route("/admin/producers/export.csv", get(producers_csv))
        .route("/admin/products/export.xlsx", get(products_xlsx))
        .route("/admin/products/export.csv", get(products_csv))
}

pub async fn producers_xlsx(
    state: State<AppState>,
    admin: Admin,
    params: Query<crate::routes::producers::pages::ListParams>,
) -> Result<Response, AppError> {
    producers(state, admin, params, TableFormat::Xlsx).await
}

pub async fn producers_csv(
    state: State<AppState>,
    admin: Admin,
    params: Query<crate::routes::producers::pages::ListParams>,
) -> Result<Response, AppError> {
    producers(state, admin, params, TableFormat::Csv).await
}

pub async fn products_xlsx(
    state: State<AppState>,
    admin: Admin,
    params: Query<crate::routes::products::pages::ListParams>,
) -> Result<Response, AppError> {
    products(state, admin, params, TableFormat::Xlsx).await
}

pub async fn products_csv(
    state: State<AppState>,
    admin: Admin,
    params: Query<crate::routes::products::pages::ListParams>,
) -> Result<Response, AppError> {
    products(state, admin, params, TableFormat::Csv).await
}

async fn producers(
    State(state): State<AppState>,
    admin: Admin,
    Query(params): Query<crate::routes::producers::pages::ListParams>,
    format: TableFormat,
) -> Result<Response, AppError> {
    let table = state
        .store
        .export_producer_table(&admin.caller(), &params.query(1, 1))
        .await?;
    let table = Table::new(table.headers, table.rows);
    crate::heavy::run(move || file(table, format, "chu-the-ocop", "Chủ thể")).await?
}

async fn products(
    State(state): State<AppState>,
    admin: Admin,
    Query(params): Query<crate::routes::products::pages::ListParams>,
    format: TableFormat,
) -> Result<Response, AppError> {
    let table = state
        .store
        .export_product_table(&admin.caller(), &params.query(1, 1))
        .await?;
    let table = Table::new(table.headers, table.rows);
    crate::heavy::run(move || file(table, format, "san-pham-ocop", "Sản phẩm")).await?
}

/// The table as a download named `<stem>-<date>.<ext>`.
pub fn file(
    table: Table,
    format: TableFormat,
    stem: &str,
    sheet: &str,
) -> Result<Response, AppError> {
    let bytes = match format {
        TableFormat::Xlsx => ocop_render::write_xlsx(sheet, &table),
        TableFormat::Csv => ocop_render::write_csv(&table),
    }
    .map_err(AppError::internal)?;
    let name = format!("{stem}-{}.{}", local_date(), format.extension());
    Ok((
        [
            (CONTENT_TYPE, format.content_type().to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
