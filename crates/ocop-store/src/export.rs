//! Exports: a list (same scope and filters as on screen) as a table whose first columns are
//! the import columns, so an exported file can be edited and imported back; read-only
//! columns (codes, stars, place names) follow. Values are labels, as people read them; the
//! import accepts labels and codes alike.

use ocop_domain::access::Scope;
use ocop_domain::import::{Column, PRODUCER_COLUMNS, PRODUCT_COLUMNS};
use ocop_domain::producer::ProducerInput;
use ocop_domain::product::ProductInput;
use serde::Serialize;

use crate::producers::ProducerQuery;
use crate::products::ProductListQuery;
use crate::{Result, Store};

/// Headers and rows, ready for a spreadsheet writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Read-only columns after the producer import columns.
pub const PRODUCER_EXTRAS: [&str; 2] = ["Tên tỉnh/thành phố", "Tên xã/phường"];
/// Read-only columns after the product import columns.
pub const PRODUCT_EXTRAS: [&str; 5] = [
    "Mã số sản phẩm",
    "Hạng sao",
    "Tên chủ thể",
    "Tên tỉnh/thành phố",
    "Tên xã/phường",
];

/// Rows fetched per query while collecting an export.
const BATCH: u32 = 200;

/// The values of `columns` taken from an input by field name.
fn cells<T: Serialize>(input: &T, columns: &[Column]) -> Vec<String> {
    let value = serde_json::to_value(input).unwrap_or_default();
    columns
        .iter()
        .map(|c| {
            value
                .get(c.field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_owned()
        })
        .collect()
}

fn headers(columns: &[Column], extras: &[&str]) -> Vec<String> {
    columns
        .iter()
        .map(|c| c.header)
        .chain(extras.iter().copied())
        .map(str::to_owned)
        .collect()
}

impl Store {
    fn province_name(&self, code: u32) -> String {
        self.units
            .province(code)
            .map(|p| p.name.clone())
            .unwrap_or_default()
    }

    /// The producers `scope` may see that match `query` (every page).
    pub async fn export_producers(
        &self,
        scope: Scope,
        query: &ProducerQuery,
    ) -> Result<ExportTable> {
        let mut rows = Vec::new();
        for page in 1.. {
            let paged = ProducerQuery {
                page,
                per_page: BATCH,
                ..query.clone()
            };
            let (batch, total) = self.list_producers(scope, &paged).await?;
            for p in &batch {
                let d = &p.data;
                let mut input = ProducerInput::from_data(d);
                input.kind = d.kind.label().to_owned();
                input.representative_gender = d.representative.gender.label().to_owned();
                input.status = d.status.label().to_owned();
                let mut row = cells(&input, &PRODUCER_COLUMNS);
                row.push(self.province_name(p.province_code));
                row.push(
                    self.units
                        .get(d.unit)
                        .map(|u| u.name.clone())
                        .unwrap_or_default(),
                );
                rows.push(row);
            }
            if batch.is_empty() || rows.len() as u64 >= total {
                break;
            }
        }
        Ok(ExportTable {
            headers: headers(&PRODUCER_COLUMNS, &PRODUCER_EXTRAS),
            rows,
        })
    }

    /// The products `scope` may see that match `query` (every page), with their producers'
    /// tax codes.
    pub async fn export_products(
        &self,
        scope: Scope,
        query: &ProductListQuery,
    ) -> Result<ExportTable> {
        let mut rows = Vec::new();
        for page in 1.. {
            let paged = ProductListQuery {
                page,
                per_page: BATCH,
                ..query.clone()
            };
            let (batch, total) = self.list_products(scope, &paged).await?;
            for item in &batch {
                let p = &item.product;
                let mut input = ProductInput::from_data(&p.data);
                input.status = p.data.status.label().to_owned();
                let mut input = serde_json::to_value(&input).unwrap_or_default();
                input["producer_tax_code"] =
                    serde_json::Value::String(item.producer_tax_code.clone());
                let mut row = cells(&input, &PRODUCT_COLUMNS);
                row.push(p.product_code.clone().unwrap_or_default());
                row.push(match p.stars {
                    Some(s) if p.stars_demo => format!("{s} (minh họa)"),
                    Some(s) => s.to_string(),
                    None => String::new(),
                });
                row.push(item.producer_name.clone());
                row.push(self.province_name(p.province_code));
                row.push(
                    self.units
                        .get(p.unit)
                        .map(|u| u.name.clone())
                        .unwrap_or_default(),
                );
                rows.push(row);
            }
            if batch.is_empty() || rows.len() as u64 >= total {
                break;
            }
        }
        Ok(ExportTable {
            headers: headers(&PRODUCT_COLUMNS, &PRODUCT_EXTRAS),
            rows,
        })
    }
}
