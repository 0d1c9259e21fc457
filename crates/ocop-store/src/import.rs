//! Imports: all rows checked first (domain rules, then what only the database knows:
//! taken tax codes, unknown producers, the importer's rights), then written in one
//! transaction — or nothing at all unless the caller asked to skip invalid rows.

use ocop_domain::access::Denied;
use ocop_domain::import::{LotRow, ProducerRow, ProductRow, RowError};
use ocop_domain::text::fold_vi;
use ocop_domain::units::Placement;
use serde::Serialize;
use uuid::Uuid;

use crate::audit::{AuditActor, append_audit};
use crate::lots::{insert_lot, new_lot};
use crate::producers::{Producer, insert_producer};
use crate::products::{Product, assign_product_code, insert_product};
use crate::{Result, Store};

#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Check everything, write nothing.
    pub dry_run: bool,
    /// Write the valid rows and report the others (otherwise one bad row stops the import).
    pub skip_invalid: bool,
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
pub struct ImportOutcome {
    pub total_rows: usize,
    pub valid_rows: usize,
    pub written: usize,
    pub dry_run: bool,
    pub errors: Vec<RowError>,
}

fn row_error(row: usize, column: &str, message: String) -> RowError {
    RowError {
        row,
        column: column.to_owned(),
        message,
    }
}

fn sorted(mut errors: Vec<RowError>) -> Vec<RowError> {
    errors.sort_by_key(|e| e.row);
    errors
}

impl Store {
    /// Imports producers. `errors` are the rows the domain already rejected; `authorize`
    /// decides each row's placement; `progress` is told how many rows are written so far.
    pub async fn import_producers(
        &self,
        actor: &AuditActor,
        rows: Vec<ProducerRow>,
        mut errors: Vec<RowError>,
        options: ImportOptions,
        authorize: impl Fn(Placement) -> Result<(), Denied>,
        progress: impl Fn(usize),
    ) -> Result<ImportOutcome> {
        let total_rows = rows.len()
            + errors
                .iter()
                .map(|e| e.row)
                .collect::<std::collections::BTreeSet<_>>()
                .len();
        let mut ready = Vec::new();
        for row in rows {
            let Some(placement) = self.units.placement(row.data.unit) else {
                errors.push(row_error(
                    row.row,
                    "Mã xã",
                    "Đơn vị hành chính không tồn tại".into(),
                ));
                continue;
            };
            if let Err(denied) = authorize(placement) {
                errors.push(row_error(row.row, "Mã xã", denied.to_string()));
                continue;
            }
            if self
                .producer_by_tax_code(row.data.tax_code.as_str())
                .await?
                .is_some()
            {
                errors.push(row_error(
                    row.row,
                    "Mã số thuế",
                    format!(
                        "Mã số thuế {} đã có trong hệ thống",
                        row.data.tax_code.as_str()
                    ),
                ));
                continue;
            }
            let now = self.now();
            let placement_unit = row.data.unit;
            ready.push(Producer {
                id: Uuid::now_v7(),
                data: row.data,
                province_code: placement.province_code,
                commune_code: placement.commune_code,
                successor_confirmed: self.successor_certain(placement_unit),
                demo: false,
                created_at: now,
                updated_at: now,
            });
        }
        let outcome = |written| ImportOutcome {
            total_rows,
            valid_rows: ready.len(),
            written,
            dry_run: options.dry_run,
            errors: sorted(errors.clone()),
        };
        if options.dry_run || ready.is_empty() || (!errors.is_empty() && !options.skip_invalid) {
            return Ok(outcome(0));
        }
        let mut tx = self.begin().await?;
        for (i, producer) in ready.iter().enumerate() {
            insert_producer(&mut tx, producer).await?;
            let after = serde_json::to_string(producer).ok();
            append_audit(
                &mut tx,
                actor,
                "producer",
                producer.id,
                "import",
                None,
                after,
            )
            .await?;
            progress(i + 1);
        }
        tx.commit().await?;
        self.refresh_statistics().await?;
        Ok(outcome(ready.len()))
    }

    /// Imports products, each linked to an existing producer by tax code.
    pub async fn import_products(
        &self,
        actor: &AuditActor,
        rows: Vec<ProductRow>,
        mut errors: Vec<RowError>,
        options: ImportOptions,
        authorize: impl Fn(&Producer) -> Result<(), Denied>,
        progress: impl Fn(usize),
    ) -> Result<ImportOutcome> {
        let total_rows = rows.len()
            + errors
                .iter()
                .map(|e| e.row)
                .collect::<std::collections::BTreeSet<_>>()
                .len();
        let mut ready: Vec<(Product, String)> = Vec::new();
        for row in rows {
            let Some(producer) = self.producer_by_tax_code(&row.producer_tax_code).await? else {
                errors.push(row_error(
                    row.row,
                    "Mã số thuế chủ thể",
                    format!(
                        "Không có chủ thể nào mang mã số thuế {}",
                        row.producer_tax_code
                    ),
                ));
                continue;
            };
            if let Err(denied) = authorize(&producer) {
                errors.push(row_error(row.row, "Mã số thuế chủ thể", denied.to_string()));
                continue;
            }
            let name = fold_vi(&row.data.name);
            let duplicate_in_file = ready
                .iter()
                .any(|(p, _)| p.producer_id == producer.id && fold_vi(&p.data.name) == name);
            if duplicate_in_file || self.product_named(producer.id, &name).await? {
                errors.push(row_error(
                    row.row,
                    "Tên sản phẩm",
                    format!(
                        "Sản phẩm \"{}\" của chủ thể {} đã có trong hệ thống",
                        row.data.name, row.producer_tax_code
                    ),
                ));
                continue;
            }
            let now = self.now();
            ready.push((
                Product {
                    id: Uuid::now_v7(),
                    producer_id: producer.id,
                    data: row.data,
                    product_code: None,
                    historical_codes: Vec::new(),
                    stars: None,
                    stars_demo: false,
                    certificate_ref: None,
                    legacy_unit_code: None,
                    unit: producer.data.unit,
                    province_code: producer.province_code,
                    commune_code: producer.commune_code,
                    created_at: now,
                    updated_at: now,
                },
                producer.data.name,
            ));
        }
        let valid_rows = ready.len();
        let outcome = |written| ImportOutcome {
            total_rows,
            valid_rows,
            written,
            dry_run: options.dry_run,
            errors: sorted(errors.clone()),
        };
        if options.dry_run || ready.is_empty() || (!errors.is_empty() && !options.skip_invalid) {
            return Ok(outcome(0));
        }
        let mut tx = self.begin().await?;
        for (i, (product, producer_name)) in ready.iter_mut().enumerate() {
            let year = product.created_at.year();
            assign_product_code(&mut tx, product, year).await?;
            insert_product(&mut tx, self.units, product, producer_name).await?;
            let after = serde_json::to_string(&*product).ok();
            append_audit(&mut tx, actor, "product", product.id, "import", None, after).await?;
            progress(i + 1);
        }
        tx.commit().await?;
        self.refresh_statistics().await?;
        Ok(outcome(valid_rows))
    }

    /// Imports lots, each linked to an existing product by product code or id and written
    /// with its materials and commissioning event. `authorize` decides each row on its product;
    /// a product the importer may not see is reported like one that does not exist.
    pub async fn import_lots(
        &self,
        actor: &AuditActor,
        rows: Vec<LotRow>,
        mut errors: Vec<RowError>,
        options: ImportOptions,
        sees: impl Fn(&Product) -> bool,
        authorize: impl Fn(&Product) -> Result<(), Denied>,
    ) -> Result<ImportOutcome> {
        let total_rows = rows.len()
            + errors
                .iter()
                .map(|e| e.row)
                .collect::<std::collections::BTreeSet<_>>()
                .len();
        let mut ready: Vec<(Uuid, ocop_domain::lot::LotData)> = Vec::new();
        for row in rows {
            let product = match self.product_by_reference(&row.product).await? {
                Some(product) if sees(&product) => product,
                _ => {
                    errors.push(row_error(
                        row.row,
                        "Mã sản phẩm",
                        format!("Không có sản phẩm nào mang mã {}", row.product),
                    ));
                    continue;
                }
            };
            if let Err(denied) = authorize(&product) {
                errors.push(row_error(row.row, "Mã sản phẩm", denied.to_string()));
                continue;
            }
            let number = row.data.lot_number.to_lowercase();
            let in_file = ready
                .iter()
                .any(|(p, d)| *p == product.id && d.lot_number.to_lowercase() == number);
            let stored = self
                .lots_of_product(product.id)
                .await?
                .iter()
                .any(|l| l.lot_number.to_lowercase() == number);
            if in_file || stored {
                errors.push(row_error(
                    row.row,
                    "Số lô",
                    format!(
                        "Số lô {} của sản phẩm {} đã có trong hệ thống",
                        row.data.lot_number, row.product
                    ),
                ));
                continue;
            }
            ready.push((product.id, row.data));
        }
        let valid_rows = ready.len();
        let outcome = |written| ImportOutcome {
            total_rows,
            valid_rows,
            written,
            dry_run: options.dry_run,
            errors: sorted(errors.clone()),
        };
        if options.dry_run || ready.is_empty() || (!errors.is_empty() && !options.skip_invalid) {
            return Ok(outcome(0));
        }
        let mut tx = self.begin().await?;
        for (product_id, data) in &ready {
            let (lot, event) = new_lot(*product_id, data, false, tx.now(), &actor.label);
            insert_lot(&mut tx, actor, &lot, &data.materials, &event, "import").await?;
        }
        tx.commit().await?;
        Ok(outcome(valid_rows))
    }
}
