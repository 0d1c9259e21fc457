//! Nhật ký: the audit log. Every write appends who, when, what, and the record before and
//! after (JSON). Each row carries the hash of the previous one, so a change to history breaks
//! the chain and [`Store::verify_audit_chain`] finds it.

use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::FromRow;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::{Query, Tx};
use crate::{Result, Store, StoreError};

/// Who made a change: a user, or the system (imports from the CLI, demo data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditActor {
    pub user_id: Option<Uuid>,
    pub label: String,
}

impl AuditActor {
    pub fn system(label: &str) -> AuditActor {
        AuditActor {
            user_id: None,
            label: label.to_owned(),
        }
    }
}

/// One stored audit row.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct AuditEntry {
    pub seq: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub actor_id: Option<Uuid>,
    pub actor_label: String,
    pub entity: String,
    pub entity_id: Uuid,
    pub action: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// What [`Store::check_audit_chain`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditChain {
    /// Rows read, up to and including the first broken one.
    pub checked: u64,
    pub broken: Option<BrokenLink>,
}

/// The first audit row that does not follow from the rows before it: changed, or the row
/// before it removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    pub seq: i64,
    pub at: OffsetDateTime,
    pub entity: String,
    pub entity_id: Uuid,
}

/// The hash of a row given the previous row's hash.
#[allow(clippy::too_many_arguments)]
pub(crate) fn chain_hash(
    prev_hash: &str,
    at: OffsetDateTime,
    actor_id: Option<Uuid>,
    actor_label: &str,
    entity: &str,
    entity_id: Uuid,
    action: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> String {
    let mut h = Sha256::new();
    for part in [
        prev_hash,
        &at.unix_timestamp_nanos().to_string(),
        &actor_id.map(|u| u.to_string()).unwrap_or_default(),
        actor_label,
        entity,
        &entity_id.to_string(),
        action,
        before.unwrap_or(""),
        after.unwrap_or(""),
    ] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    hex::encode(h.finalize())
}

/// Appends an audit row inside the caller's transaction. Taking the head row with an UPDATE
/// locks it, so concurrent writers chain in order.
pub(crate) async fn append_audit(
    tx: &mut Tx,
    actor: &AuditActor,
    entity: &str,
    entity_id: Uuid,
    action: &str,
    before: Option<String>,
    after: Option<String>,
) -> Result<()> {
    let at = tx.now();
    let (prev_hash,): (String,) = tx
        .fetch_one(&Query::new(
            "UPDATE audit_head SET length = length + 1 WHERE id = 1 RETURNING hash",
        ))
        .await?;
    let hash = chain_hash(
        &prev_hash,
        at,
        actor.user_id,
        &actor.label,
        entity,
        entity_id,
        action,
        before.as_deref(),
        after.as_deref(),
    );
    tx.execute(
        &Query::new(
            "INSERT INTO audit_log (at, actor_id, actor_label, entity, entity_id, action, \
             before_json, after_json, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(at)
        .bind(actor.user_id)
        .bind(actor.label.as_str())
        .bind(entity)
        .bind(entity_id)
        .bind(action)
        .bind(before)
        .bind(after)
        .bind(prev_hash)
        .bind(hash.as_str()),
    )
    .await?;
    tx.execute(&Query::new("UPDATE audit_head SET hash = $1 WHERE id = 1").bind(hash))
        .await?;
    Ok(())
}

const SELECT: &str = "SELECT seq, at, actor_id, actor_label, entity, entity_id, action, \
                      before_json, after_json, prev_hash, hash FROM audit_log";

impl Store {
    /// The history of one record, oldest first.
    pub async fn audit_of(&self, entity: &str, entity_id: Uuid) -> Result<Vec<AuditEntry>> {
        let q = Query::new(format!(
            "{SELECT} WHERE entity = $1 AND entity_id = $2 ORDER BY seq"
        ))
        .bind(entity)
        .bind(entity_id);
        Ok(self.fetch_all(&q).await?)
    }

    /// A product's history with the evaluations saved of it (audited as their own entity),
    /// oldest first.
    pub async fn product_audit(&self, product_id: Uuid) -> Result<Vec<AuditEntry>> {
        let q = Query::new(format!(
            "{SELECT} WHERE (entity = 'product' AND entity_id = $1) \
             OR (entity = 'evaluation' AND entity_id IN \
                 (SELECT id FROM evaluations WHERE product_id = $2)) \
             ORDER BY seq"
        ))
        .bind(product_id)
        .bind(product_id);
        Ok(self.fetch_all(&q).await?)
    }

    /// Recomputes the whole chain; returns the number of rows, or an error naming the first
    /// broken row.
    pub async fn verify_audit_chain(&self) -> Result<u64> {
        let chain = self.check_audit_chain().await?;
        match chain.broken {
            None => Ok(chain.checked),
            Some(link) => Err(StoreError::Corrupt(format!(
                "nhật ký bị sửa tại dòng {} ({} {})",
                link.seq, link.entity, link.entity_id
            ))),
        }
    }

    /// Recomputes the chain from the first row and stops at the first row whose hashes do not
    /// follow from the rows before it.
    pub async fn check_audit_chain(&self) -> Result<AuditChain> {
        let rows: Vec<AuditEntry> = self
            .fetch_all(&Query::new(format!("{SELECT} ORDER BY seq")))
            .await?;
        let mut prev = "0".repeat(64);
        let mut checked = 0;
        for row in rows {
            checked += 1;
            let expected = chain_hash(
                &prev,
                row.at,
                row.actor_id,
                &row.actor_label,
                &row.entity,
                row.entity_id,
                &row.action,
                row.before_json.as_deref(),
                row.after_json.as_deref(),
            );
            if row.prev_hash != prev || row.hash != expected {
                let broken = BrokenLink {
                    seq: row.seq,
                    at: row.at,
                    entity: row.entity,
                    entity_id: row.entity_id,
                };
                return Ok(AuditChain {
                    checked,
                    broken: Some(broken),
                });
            }
            prev = row.hash;
        }
        Ok(AuditChain {
            checked,
            broken: None,
        })
    }
}
