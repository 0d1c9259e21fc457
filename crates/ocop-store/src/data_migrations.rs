//! Di trú dữ liệu: one-time changes to stored records that follow a change of the reference
//! data (the administrative units). They run in Rust after the schema migrations, because
//! every changed record gets an audit row and the audit chain is hashed here; each records
//! its name in `data_migrations` so it runs once.

use serde::Serialize;
use uuid::Uuid;

use crate::audit::{AuditActor, append_audit};
use crate::producers::{PRODUCER_COLUMNS, ProducerRow};
use crate::products::{PRODUCT_COLUMNS, ProductRow};
use crate::users::{USER_COLUMNS, UserRow};
use crate::{Result, Store, with_db, with_read_db};

/// The 2025-07 commune codes corrected in `units-2025-07-corrections.csv`.
const RECODE_CORRECTED_COMMUNES: &str = "2025-07-commune-corrections";
/// Records of old communes placed in their default successor (`commune-merge-2025.csv`).
const PLACE_IN_SUCCESSORS: &str = "2025-01-commune-successors";

/// Marks a data migration as done inside the transaction `$tx`; false when it already was
/// (another server may have run it: the primary key makes the second one wait, then skip).
macro_rules! claim {
    ($tx:expr, $name:expr) => {{
        sqlx::query(
            "INSERT INTO data_migrations (name, applied_at) VALUES ($1, $2) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind($name)
        .bind($crate::now())
        .execute(&mut **$tx)
        .await?
        .rows_affected()
            == 1
    }};
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
        let applied: Vec<String> = with_read_db!(self, pool => {
            sqlx::query_scalar("SELECT name FROM data_migrations").fetch_all(pool).await?
        });
        let pending = |name: &str| !applied.iter().any(|a| a == name);
        if pending(RECODE_CORRECTED_COMMUNES) {
            self.recode_corrected_communes().await?;
        }
        if pending(PLACE_IN_SUCCESSORS) {
            self.place_in_successors().await?;
        }
        Ok(())
    }

    /// Records made under an old commune had no commune of today; they get its default
    /// successor (unconfirmed when the old commune was divided), and their products follow.
    async fn place_in_successors(&self) -> Result<()> {
        let producers_sql = format!(
            "SELECT {PRODUCER_COLUMNS} FROM producers WHERE unit_structure = '2025-01' \
             AND unit_level = 'commune' AND commune_code IS NULL"
        );
        let products_sql = format!("SELECT {PRODUCT_COLUMNS} FROM products WHERE producer_id = $1");
        let actor = AuditActor::system("Xã kế thừa (commune-merge-2025.csv)");
        with_db!(self, pool => {
            let mut tx = pool.begin().await?;
            if !claim!(&mut tx, PLACE_IN_SUCCESSORS) {
                return Ok(());
            }
            let rows: Vec<ProducerRow> = sqlx::query_as(&producers_sql).fetch_all(&mut *tx).await?;
            for row in rows {
                let before = row.into_producer(self)?;
                let placement = self.placement_of(before.data.unit)?;
                let Some(commune) = placement.commune_code else {
                    continue; // one of the few communes gone before 2025: no successor
                };
                let after = crate::Producer {
                    commune_code: Some(commune),
                    successor_confirmed: self.successor_certain(before.data.unit),
                    ..before.clone()
                };
                sqlx::query("UPDATE producers SET commune_code = $2, successor_confirmed = $3 WHERE id = $1")
                    .bind(after.id)
                    .bind(i64::from(commune))
                    .bind(after.successor_confirmed)
                    .execute(&mut *tx)
                    .await?;
                crate::producers::refresh_products_of_producer!(self, &mut tx, &after);
                append_audit!(&mut tx, &actor, "producer", after.id, "successor",
                    serde_json::to_string(&before).ok(), serde_json::to_string(&after).ok());
                let products: Vec<ProductRow> = sqlx::query_as(&products_sql).bind(after.id).fetch_all(&mut *tx).await?;
                for product in products {
                    let product = product.into_product(self)?;
                    let mut before = serde_json::to_value(&product).unwrap_or_default();
                    if let Some(code) = before.get_mut("commune_code") {
                        *code = serde_json::Value::Null;
                    }
                    append_audit!(&mut tx, &actor, "product", product.id, "successor",
                        Some(before.to_string()), serde_json::to_string(&product).ok());
                }
            }
            tx.commit().await?;
        });
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
        let update_producers = update("producers");
        let update_products = update("products");
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
        let product_sql = format!("SELECT {PRODUCT_COLUMNS} FROM products WHERE id = $1");
        let user_sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        let actor = AuditActor::system("Đính chính mã xã (units-2025-07-corrections.csv)");
        with_db!(self, pool => {
            let mut tx = pool.begin().await?;
            if !claim!(&mut tx, RECODE_CORRECTED_COMMUNES) {
                return Ok(());
            }
            let producers: std::collections::HashMap<Uuid, i64> =
                sqlx::query_as::<_, (Uuid, i64)>(&producers_sql).fetch_all(&mut *tx).await?.into_iter().collect();
            let products: Vec<(Uuid, i64)> = sqlx::query_as(&products_sql).fetch_all(&mut *tx).await?;
            let users: Vec<(Uuid, i64)> = sqlx::query_as(&users_sql).fetch_all(&mut *tx).await?;
            let counters: Vec<(i64, i64)> = sqlx::query_as(&counters_sql).fetch_all(&mut *tx).await?;
            sqlx::query(&update_producers).execute(&mut *tx).await?;
            sqlx::query(&update_products).execute(&mut *tx).await?;
            sqlx::query(&update_users).execute(&mut *tx).await?;
            // Counters are keyed by commune: deleted and inserted again, as a rotation
            // updated in place would meet its own keys.
            sqlx::query(&delete_counters).execute(&mut *tx).await?;
            for (code, last) in counters {
                let to = recoding.get(&(code as u32)).copied().unwrap_or(code as u32);
                sqlx::query("INSERT INTO commune_counters (commune_code, last_number) VALUES ($1, $2)")
                    .bind(i64::from(to))
                    .bind(last)
                    .execute(&mut *tx)
                    .await?;
            }
            let rows: Vec<ProducerRow> = sqlx::query_as(&refresh_sql).fetch_all(&mut *tx).await?;
            for row in rows {
                let producer = row.into_producer(self)?;
                sqlx::query("UPDATE producers SET search_fold = $2 WHERE id = $1")
                    .bind(producer.id)
                    .bind(crate::producers::producer_search_text(&producer.data))
                    .execute(&mut *tx)
                    .await?;
                crate::producers::refresh_products_of_producer!(self, &mut tx, &producer);
                if let Some(old) = producers.get(&producer.id) {
                    let (before, after) = recoded_json(&producer, *old);
                    append_audit!(&mut tx, &actor, "producer", producer.id, "recode", before, after);
                }
            }
            for (id, old) in products {
                let row: ProductRow = sqlx::query_as(&product_sql).bind(id).fetch_one(&mut *tx).await?;
                let (before, after) = recoded_json(&row.into_product(self)?, old);
                append_audit!(&mut tx, &actor, "product", id, "recode", before, after);
            }
            for (id, old) in users {
                let row: UserRow = sqlx::query_as(&user_sql).bind(id).fetch_one(&mut *tx).await?;
                let (before, after) = recoded_json(&row.into_user()?, old);
                append_audit!(&mut tx, &actor, "user", id, "recode", before, after);
            }
            tx.commit().await?;
        });
        Ok(())
    }
}
