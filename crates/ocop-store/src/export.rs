//! Exports: the registry as tables whose columns are the import columns (so an exported file
//! can be edited and imported back), followed by read-only columns.

use ocop_domain::access::Scope;
use ocop_domain::import::{PRODUCER_COLUMNS, PRODUCT_COLUMNS};
use ocop_domain::producer::ProducerInput;
use ocop_domain::product::ProductInput;
use serde::Serialize;
use sqlx::FromRow;

use crate::producers::{PRODUCER_COLUMNS as PRODUCER_SQL_COLUMNS, ProducerRow};
use crate::products::{PRODUCT_COLUMNS as PRODUCT_SQL_COLUMNS, ProductRow};
use crate::{Result, Store, with_read_db};

/// Headers and rows, ready for a spreadsheet writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The values of `columns` taken from an input struct by field name.
fn cells<T: Serialize>(input: &T, columns: &[ocop_domain::import::Column]) -> Vec<String> {
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

fn scope_condition(scope: Scope, table: &str) -> (String, Option<ScopeParam>) {
    match scope {
        Scope::Everything => (String::new(), None),
        Scope::Province(p) => (
            format!("WHERE {table}.province_code = $1"),
            Some(ScopeParam::Int(p.into())),
        ),
        Scope::Commune(c) => (
            format!("WHERE {table}.commune_code = $1"),
            Some(ScopeParam::Int(c.into())),
        ),
        Scope::Producer(id) => (
            format!(
                "WHERE {}= $1",
                if table == "p" {
                    "p.producer_id "
                } else {
                    "r.id "
                }
            ),
            Some(ScopeParam::Id(id)),
        ),
        Scope::PublicOnly => (format!("WHERE {table}.status = 'active'"), None),
    }
}

enum ScopeParam {
    Int(i64),
    Id(uuid::Uuid),
}

impl Store {
    /// Every producer the scope may see.
    pub async fn export_producers(&self, scope: Scope) -> Result<ExportTable> {
        let (where_sql, param) = scope_condition(scope, "r");
        let sql = format!(
            "SELECT {} FROM producers r {where_sql} ORDER BY r.name_fold, r.name",
            PRODUCER_SQL_COLUMNS
                .split(", ")
                .map(|c| format!("r.{}", c.trim()))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let rows: Vec<ProducerRow> = with_read_db!(self, pool => {
            let q = sqlx::query_as(&sql);
            let q = match param { Some(ScopeParam::Int(i)) => q.bind(i), Some(ScopeParam::Id(u)) => q.bind(u), None => q };
            q.fetch_all(pool).await?
        });
        let mut headers: Vec<String> = PRODUCER_COLUMNS
            .iter()
            .map(|c| c.header.to_owned())
            .collect();
        headers.extend(["Tên xã/phường", "Tỉnh/thành phố"].map(String::from));
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let producer = row.into_producer(self)?;
            let mut line = cells(&ProducerInput::from_data(&producer.data), &PRODUCER_COLUMNS);
            line.push(
                self.units
                    .get(producer.data.unit)
                    .map(|u| u.name.clone())
                    .unwrap_or_default(),
            );
            line.push(
                self.units
                    .province(producer.province_code)
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
            );
            out.push(line);
        }
        Ok(ExportTable { headers, rows: out })
    }

    /// Every product the scope may see, with its producer's tax code.
    pub async fn export_products(&self, scope: Scope) -> Result<ExportTable> {
        #[derive(FromRow)]
        struct Row {
            #[sqlx(flatten)]
            product: ProductRow,
            producer_tax_code: String,
            producer_name: String,
        }
        let (where_sql, param) = scope_condition(scope, "p");
        let sql = format!(
            "SELECT {}, r.tax_code AS producer_tax_code, r.name AS producer_name FROM products p \
             JOIN producers r ON r.id = p.producer_id {where_sql} ORDER BY p.name_fold, p.name",
            PRODUCT_SQL_COLUMNS
                .split(", ")
                .map(|c| format!("p.{}", c.trim()))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let rows: Vec<Row> = with_read_db!(self, pool => {
            let q = sqlx::query_as(&sql);
            let q = match param { Some(ScopeParam::Int(i)) => q.bind(i), Some(ScopeParam::Id(u)) => q.bind(u), None => q };
            q.fetch_all(pool).await?
        });
        let mut headers: Vec<String> = PRODUCT_COLUMNS
            .iter()
            .map(|c| c.header.to_owned())
            .collect();
        headers.extend(
            [
                "Mã số sản phẩm",
                "Hạng sao",
                "Tên chủ thể",
                "Tên xã/phường",
                "Tỉnh/thành phố",
            ]
            .map(String::from),
        );
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let product = row.product.into_product(self)?;
            let mut input =
                serde_json::to_value(ProductInput::from_data(&product.data)).unwrap_or_default();
            input["producer_tax_code"] = serde_json::Value::String(row.producer_tax_code);
            let mut line = cells(&input, &PRODUCT_COLUMNS);
            line.push(product.product_code.clone().unwrap_or_default());
            line.push(match product.stars {
                Some(s) if product.stars_demo => format!("{s} (minh họa)"),
                Some(s) => s.to_string(),
                None => String::new(),
            });
            line.push(row.producer_name);
            line.push(
                self.units
                    .get(product.unit)
                    .map(|u| u.name.clone())
                    .unwrap_or_default(),
            );
            line.push(
                self.units
                    .province(product.province_code)
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
            );
            out.push(line);
        }
        Ok(ExportTable { headers, rows: out })
    }
}
