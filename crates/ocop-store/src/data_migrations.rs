//! Di trú dữ liệu: one-time changes to stored records that follow a change of the reference
//! data (the administrative units). They run in Rust after the schema migrations, because
//! every changed record gets an audit row and the audit chain is hashed here; each records
//! its name in `data_migrations` so it runs once.

use std::collections::HashMap;

use serde::Serialize;
use uuid::Uuid;

use crate::audit::{AuditActor, append_audit};
use crate::db::{Query, Tx};
use crate::producers::{
    PRODUCER_COLUMNS, Producer, ProducerRow, producer_search_text, refresh_products_of_producer,
};
use crate::products::{PRODUCT_COLUMNS, Product, ProductRow};
use crate::search::write_search_row;
use crate::users::{USER_COLUMNS, User, UserRow};
use crate::{Result, Store};

/// The 2025-07 commune codes corrected in `units-2025-07-corrections.csv`.
const RECODE_CORRECTED_COMMUNES: &str = "2025-07-commune-corrections";
/// Records of old communes placed in their default successor (`commune-merge-2025.csv`).
const PLACE_IN_SUCCESSORS: &str = "2025-01-commune-successors";
/// The catalogue's search table (migration 0007) filled from the products.
const BUILD_SEARCH_TABLE: &str = "0007-product-search";

/// Marks a data migration as done inside the transaction; false when it already was (another
/// server may have run it: the primary key makes the second one wait, then skip).
async fn claim(tx: &mut Tx, name: &str) -> Result<bool> {
    let q = Query::new(
        "INSERT INTO data_migrations (name, applied_at) VALUES ($1, $2) \
         ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(tx.now());
    Ok(tx.execute(&q).await? == 1)
}

/// A record's JSON after a re-coding, and before it: the same with the old commune code.
fn recoded_json(after: &impl Serialize, old_code: i64) -> (Option<String>, Option<String>) {
    let mut value = serde_json::to_value(after).unwrap_or_default();
    let after = Some(value.to_string());
    if let Some(code) = value.pointer_mut("/unit/code") {
        *code = old_code.into();
    }
    if let Some(code) = value.get_mut("commune_code") {
        *code = old_code.into();
    }
    (Some(value.to_string()), after)
}

/// A list of codes for `IN (…)`; the codes are numbers from the embedded lists.
fn sql_list(codes: impl IntoIterator<Item = u32>) -> String {
    codes
        .into_iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    pub(crate) async fn run_data_migrations(&self) -> Result<()> {
        // Every start opens the store: one read, and no write transaction once all have run.
        let applied: Vec<(String,)> = self
            .fetch_all(&Query::new("SELECT name FROM data_migrations"))
            .await?;
        let pending = |name: &str| !applied.iter().any(|(a,)| a == name);
        if pending(RECODE_CORRECTED_COMMUNES) {
            self.recode_corrected_communes().await?;
        }
        if pending(PLACE_IN_SUCCESSORS) {
            self.place_in_successors().await?;
        }
        // Last: it reads every product, which the ones before may re-code.
        if pending(BUILD_SEARCH_TABLE) {
            self.build_search_table().await?;
        }
        Ok(())
    }

    /// Writes the search row of every product. The rows are derived data, not records, so
    /// no audit row: the products themselves do not change.
    async fn build_search_table(&self) -> Result<()> {
        let mut tx = self.begin().await?;
        if !claim(&mut tx, BUILD_SEARCH_TABLE).await? {
            return Ok(());
        }
        let producers: HashMap<Uuid, String> = tx
            .fetch_all::<(Uuid, String)>(&Query::new("SELECT id, name FROM producers"))
            .await?
            .into_iter()
            .collect();
        let products: Vec<ProductRow> = tx
            .fetch_all(&Query::new(format!(
                "SELECT {PRODUCT_COLUMNS} FROM products"
            )))
            .await?;
        for row in products {
            let product = Product::try_from(row)?;
            let producer_name = producers
                .get(&product.producer_id)
                .map_or("", String::as_str);
            write_search_row(&mut tx, self.units, &product, producer_name).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Records made under an old commune had no commune of today; they get its default
    /// successor (unconfirmed when the old commune was divided), and their products follow.
    async fn place_in_successors(&self) -> Result<()> {
        let producers = Query::new(format!(
            "SELECT {PRODUCER_COLUMNS} FROM producers WHERE unit_structure = '2025-01' \
             AND unit_level = 'commune' AND commune_code IS NULL"
        ));
        let actor = AuditActor::system("Xã kế thừa (commune-merge-2025.csv)");
        let mut tx = self.begin().await?;
        if !claim(&mut tx, PLACE_IN_SUCCESSORS).await? {
            return Ok(());
        }
        let rows: Vec<ProducerRow> = tx.fetch_all(&producers).await?;
        for row in rows {
            let before = Producer::try_from(row)?;
            let placement = self.placement_of(before.data.unit)?;
            let Some(commune) = placement.commune_code else {
                continue; // one of the few communes gone before 2025: no successor
            };
            let after = Producer {
                commune_code: Some(commune),
                successor_confirmed: self.successor_certain(before.data.unit),
                ..before.clone()
            };
            let q = Query::new(
                "UPDATE producers SET commune_code = $2, successor_confirmed = $3 WHERE id = $1",
            )
            .bind(after.id)
            .bind(commune)
            .bind(after.successor_confirmed);
            tx.execute(&q).await?;
            refresh_products_of_producer(&mut tx, self, &after).await?;
            let (before_json, after_json) = (
                serde_json::to_string(&before).ok(),
                serde_json::to_string(&after).ok(),
            );
            append_audit(
                &mut tx,
                &actor,
                "producer",
                after.id,
                "successor",
                before_json,
                after_json,
            )
            .await?;
            let products = Query::new(format!(
                "SELECT {PRODUCT_COLUMNS} FROM products WHERE producer_id = $1"
            ))
            .bind(after.id);
            let products: Vec<ProductRow> = tx.fetch_all(&products).await?;
            for product in products {
                let product = Product::try_from(product)?;
                let mut before = serde_json::to_value(&product).unwrap_or_default();
                if let Some(code) = before.get_mut("commune_code") {
                    *code = serde_json::Value::Null;
                }
                let after = serde_json::to_string(&product).ok();
                append_audit(
                    &mut tx,
                    &actor,
                    "product",
                    product.id,
                    "successor",
                    Some(before.to_string()),
                    after,
                )
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Re-codes the records stored with a wrong commune code of an earlier copy of the
    /// 2025-07 list: producers, products, accounts and the product counters. Codes were
    /// rotated among some communes, so the whole map is applied by one statement per table
    /// (a CASE expression), never code by code. Product codes already issued stay as issued.
    async fn recode_corrected_communes(&self) -> Result<()> {
        let recoding = self.units.commune_recoding();
        let wrong = sql_list(recoding.keys().copied());
        let case = |column: &str| {
            let arms: String = recoding
                .iter()
                .map(|(from, to)| format!(" WHEN {from} THEN {to}"))
                .collect();
            format!("CASE {column}{arms} ELSE {column} END")
        };
        let unit_cond = format!(
            "unit_structure = '2025-07' AND unit_level = 'commune' AND unit_code IN ({wrong}) \
             AND commune_code = unit_code"
        );
        let producers_sql = format!("SELECT id, unit_code FROM producers WHERE {unit_cond}");
        let products_sql = format!("SELECT id, unit_code FROM products WHERE {unit_cond}");
        let users_sql =
            format!("SELECT id, commune_code FROM users WHERE commune_code IN ({wrong})");
        let update = |table: &str| {
            format!(
                "UPDATE {table} SET unit_code = {}, commune_code = {} WHERE {unit_cond}",
                case("unit_code"),
                case("commune_code")
            )
        };
        let update_users = format!(
            "UPDATE users SET commune_code = {} WHERE commune_code IN ({wrong})",
            case("commune_code")
        );
        let counters_sql = format!(
            "SELECT commune_code, last_number FROM commune_counters WHERE commune_code IN ({wrong})"
        );
        let delete_counters =
            format!("DELETE FROM commune_counters WHERE commune_code IN ({wrong})");
        // Records of every corrected commune (new code or new spelling) get their search
        // text, which holds the place name, rebuilt.
        let corrected = sql_list(self.units.commune_corrections().iter().map(|c| c.code));
        let refresh_sql = format!(
            "SELECT {PRODUCER_COLUMNS} FROM producers WHERE unit_structure = '2025-07' \
             AND unit_level = 'commune' AND unit_code IN ({corrected})"
        );
        let actor = AuditActor::system("Đính chính mã xã (units-2025-07-corrections.csv)");
        let mut tx = self.begin().await?;
        if !claim(&mut tx, RECODE_CORRECTED_COMMUNES).await? {
            return Ok(());
        }
        let producers: HashMap<Uuid, i64> = tx
            .fetch_all::<(Uuid, i64)>(&Query::new(producers_sql))
            .await?
            .into_iter()
            .collect();
        let products: Vec<(Uuid, i64)> = tx.fetch_all(&Query::new(products_sql)).await?;
        let users: Vec<(Uuid, i64)> = tx.fetch_all(&Query::new(users_sql)).await?;
        let counters: Vec<(i64, i64)> = tx.fetch_all(&Query::new(counters_sql)).await?;
        tx.execute(&Query::new(update("producers"))).await?;
        tx.execute(&Query::new(update("products"))).await?;
        tx.execute(&Query::new(update_users)).await?;
        // Counters are keyed by commune: deleted and inserted again, as a rotation updated in
        // place would meet its own keys.
        tx.execute(&Query::new(delete_counters)).await?;
        for (code, last) in counters {
            let to = recoding.get(&(code as u32)).copied().unwrap_or(code as u32);
            let q = Query::new(
                "INSERT INTO commune_counters (commune_code, last_number) VALUES ($1, $2)",
            )
            .bind(to)
            .bind(last);
            tx.execute(&q).await?;
        }
        let rows: Vec<ProducerRow> = tx.fetch_all(&Query::new(refresh_sql)).await?;
        for row in rows {
            let producer = Producer::try_from(row)?;
            let q = Query::new("UPDATE producers SET search_fold = $2 WHERE id = $1")
                .bind(producer.id)
                .bind(producer_search_text(&producer.data));
            tx.execute(&q).await?;
            refresh_products_of_producer(&mut tx, self, &producer).await?;
            if let Some(old) = producers.get(&producer.id) {
                let (before, after) = recoded_json(&producer, *old);
                append_audit(
                    &mut tx,
                    &actor,
                    "producer",
                    producer.id,
                    "recode",
                    before,
                    after,
                )
                .await?;
            }
        }
        for (id, old) in products {
            let q = Query::new(format!(
                "SELECT {PRODUCT_COLUMNS} FROM products WHERE id = $1"
            ))
            .bind(id);
            let row: ProductRow = tx.fetch_one(&q).await?;
            let (before, after) = recoded_json(&Product::try_from(row)?, old);
            append_audit(&mut tx, &actor, "product", id, "recode", before, after).await?;
        }
        for (id, old) in users {
            let q = Query::new(format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1")).bind(id);
            let row: UserRow = tx.fetch_one(&q).await?;
            let (before, after) = recoded_json(&User::try_from(row)?, old);
            append_audit(&mut tx, &actor, "user", id, "recode", before, after).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
