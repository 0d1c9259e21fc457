//! Xuất dữ liệu: the current list (same filters, same scope) as an XLSX or CSV file. The
//! first columns are the import columns, so an exported file can be edited and imported
//! back; read-only columns (codes, stars, place names) follow.

use axum::extract::{Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use ocop_domain::access::{Action, view_scope};
use ocop_domain::import::{PRODUCER_COLUMNS, PRODUCT_COLUMNS};
use ocop_domain::producer::ProducerInput;
use ocop_domain::product::ProductInput;
use ocop_render::{Table, TableFormat};
use serde_json::Value;

use super::{Admin, local_date, own_unit, place_name};
use crate::view::province_name;
use crate::{AppError, AppState};

/// Rows fetched per query while collecting an export.
const BATCH: u32 = 200;

/// Read-only columns after the producer import columns.
const PRODUCER_EXTRAS: [&str; 2] = ["Tên tỉnh/thành phố", "Tên xã/phường"];
/// Read-only columns after the product import columns.
const PRODUCT_EXTRAS: [&str; 5] = [
    "Mã số sản phẩm",
    "Hạng sao",
    "Tên chủ thể",
    "Tên tỉnh/thành phố",
    "Tên xã/phường",
];

pub async fn producers_xlsx(
    state: State<AppState>,
    admin: Admin,
    params: Query<super::producers::ListParams>,
) -> Result<Response, AppError> {
    producers(state, admin, params, TableFormat::Xlsx).await
}

pub async fn producers_csv(
    state: State<AppState>,
    admin: Admin,
    params: Query<super::producers::ListParams>,
) -> Result<Response, AppError> {
    producers(state, admin, params, TableFormat::Csv).await
}

pub async fn products_xlsx(
    state: State<AppState>,
    admin: Admin,
    params: Query<super::products::ListParams>,
) -> Result<Response, AppError> {
    products(state, admin, params, TableFormat::Xlsx).await
}

pub async fn products_csv(
    state: State<AppState>,
    admin: Admin,
    params: Query<super::products::ListParams>,
) -> Result<Response, AppError> {
    products(state, admin, params, TableFormat::Csv).await
}

/// The value of an input field by name (inputs are flat records of strings).
fn cell(input: &Value, field: &str) -> String {
    input
        .get(field)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

async fn producers(
    State(state): State<AppState>,
    admin: Admin,
    Query(params): Query<super::producers::ListParams>,
    format: TableFormat,
) -> Result<Response, AppError> {
    let actor = admin.actor();
    admin.require(Action::Export, &own_unit(&actor))?;
    let scope = view_scope(Some(&actor));
    let mut rows = Vec::new();
    let mut page = 1;
    loop {
        let (batch, total) = state
            .store
            .list_producers(scope, &params.query(page, BATCH))
            .await?;
        let fetched = batch.len();
        for p in batch {
            let d = &p.data;
            // Labels rather than codes: people read and edit the file; import accepts both.
            let mut input = ProducerInput::from_data(d);
            input.kind = d.kind.label().to_owned();
            input.representative_gender = d.representative.gender.label().to_owned();
            input.status = d.status.label().to_owned();
            let input = serde_json::to_value(&input).map_err(AppError::internal)?;
            let mut row: Vec<String> = PRODUCER_COLUMNS
                .iter()
                .map(|c| cell(&input, c.field))
                .collect();
            row.push(province_name(p.province_code));
            row.push(crate::view::unit_name(d.unit));
            rows.push(row);
        }
        if fetched == 0 || rows.len() as u64 >= total {
            break;
        }
        page += 1;
    }
    let headers = PRODUCER_COLUMNS
        .iter()
        .map(|c| c.header)
        .chain(PRODUCER_EXTRAS)
        .map(str::to_owned)
        .collect();
    file(Table::new(headers, rows), format, "chu-the-ocop", "Chủ thể")
}

async fn products(
    State(state): State<AppState>,
    admin: Admin,
    Query(params): Query<super::products::ListParams>,
    format: TableFormat,
) -> Result<Response, AppError> {
    let actor = admin.actor();
    admin.require(Action::Export, &own_unit(&actor))?;
    let scope = view_scope(Some(&actor));
    let mut rows = Vec::new();
    let mut page = 1;
    loop {
        let (batch, total) = state
            .store
            .list_products(scope, &params.query(page, BATCH))
            .await?;
        let fetched = batch.len();
        for item in batch {
            let p = &item.product;
            let mut input = ProductInput::from_data(&p.data);
            input.status = p.data.status.label().to_owned();
            let mut input = serde_json::to_value(&input).map_err(AppError::internal)?;
            input["producer_tax_code"] = Value::String(item.producer_tax_code.clone());
            let mut row: Vec<String> = PRODUCT_COLUMNS
                .iter()
                .map(|c| cell(&input, c.field))
                .collect();
            row.push(p.product_code.clone().unwrap_or_default());
            row.push(match p.stars {
                Some(s) if p.stars_demo => format!("{s} (minh họa)"),
                Some(s) => s.to_string(),
                None => String::new(),
            });
            row.push(item.producer_name.clone());
            row.push(province_name(p.province_code));
            row.push(place_name(p.placement()));
            rows.push(row);
        }
        if fetched == 0 || rows.len() as u64 >= total {
            break;
        }
        page += 1;
    }
    let headers = PRODUCT_COLUMNS
        .iter()
        .map(|c| c.header)
        .chain(PRODUCT_EXTRAS)
        .map(str::to_owned)
        .collect();
    file(
        Table::new(headers, rows),
        format,
        "san-pham-ocop",
        "Sản phẩm",
    )
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
