//! Kết quả đánh giá in storage: a producer's self-assessment (Mẫu 02 part III) or an
//! official's score of a product, saved with its answers and the engine's full result.
//!
//! Only a successful [`Evaluation`] can be saved: the caller runs the scoring engine first,
//! so invalid answers never reach the database. Saving never touches the product's `stars`
//! (recognition is a decision of its own).

use std::collections::HashMap;

use ocop_domain::access::Denied;
use ocop_domain::scoring::{Answers, Evaluation, Mean};
use serde::Serialize;
use sqlx::FromRow;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::audit::{AuditActor, append_audit};
use crate::db::Query;
use crate::products::Product;
use crate::{Result, Store, StoreError};

/// Who scored: the producer itself, or an official / council member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvaluationKind {
    /// Tự đánh giá: the producer's self-assessment (Mẫu 02 part III).
    SelfAssessment,
    /// Đánh giá của cán bộ / thành viên hội đồng.
    Official,
}

impl EvaluationKind {
    pub fn key(self) -> &'static str {
        match self {
            EvaluationKind::SelfAssessment => "self_assessment",
            EvaluationKind::Official => "official",
        }
    }

    pub fn parse(raw: &str) -> Option<EvaluationKind> {
        [EvaluationKind::SelfAssessment, EvaluationKind::Official]
            .into_iter()
            .find(|kind| kind.key() == raw)
    }

    pub fn label(self) -> &'static str {
        match self {
            EvaluationKind::SelfAssessment => "Chủ thể tự đánh giá",
            EvaluationKind::Official => "Cán bộ / hội đồng đánh giá",
        }
    }
}

/// What to save: the answers and the result the engine gave for them.
#[derive(Debug, Clone, Copy)]
pub struct NewEvaluation<'a> {
    pub product_id: Uuid,
    pub kind: EvaluationKind,
    pub answers: &'a Answers,
    pub evaluation: &'a Evaluation,
}

/// A saved evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredEvaluation {
    pub id: Uuid,
    pub product_id: Uuid,
    pub kind: EvaluationKind,
    pub version: String,
    pub sheet: u8,
    pub answers: Answers,
    /// The engine's [`Evaluation`] as JSON, as it was when saved.
    #[serde(skip)]
    pub result_json: String,
    pub stars: u8,
    /// The mean total, exact.
    pub mean: Mean,
    pub created_by: Option<Uuid>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(FromRow)]
struct EvaluationRow {
    id: Uuid,
    product_id: Uuid,
    kind: String,
    version: String,
    sheet: i64,
    answers_json: String,
    result_json: String,
    stars: i64,
    total_sum: i64,
    total_count: i64,
    created_by: Option<Uuid>,
    created_at: OffsetDateTime,
}

const COLUMNS: &str = "id, product_id, kind, version, sheet, answers_json, result_json, stars, \
    total_sum, total_count, created_by, created_at";

impl TryFrom<EvaluationRow> for StoredEvaluation {
    type Error = StoreError;

    fn try_from(row: EvaluationRow) -> Result<StoredEvaluation> {
        let id = row.id;
        let corrupt =
            move |what: String| StoreError::Corrupt(format!("kết quả đánh giá {id}: {what}"));
        let kind = EvaluationKind::parse(&row.kind)
            .ok_or_else(|| corrupt(format!("loại đánh giá \"{}\"", row.kind)))?;
        let answers: Answers =
            serde_json::from_str(&row.answers_json).map_err(|e| corrupt(e.to_string()))?;
        let number = |value: i64, what: &str| {
            u8::try_from(value).map_err(|_| corrupt(format!("{what} {value}")))
        };
        let count = |value: i64, what: &str| {
            u64::try_from(value).map_err(|_| corrupt(format!("{what} {value}")))
        };
        Ok(StoredEvaluation {
            id: row.id,
            product_id: row.product_id,
            kind,
            sheet: number(row.sheet, "phiếu")?,
            stars: number(row.stars, "hạng sao")?,
            mean: Mean {
                sum: count(row.total_sum, "tổng điểm")?,
                count: count(row.total_count, "số phiếu")?,
            },
            version: row.version,
            answers,
            result_json: row.result_json,
            created_by: row.created_by,
            created_at: row.created_at,
        })
    }
}

impl Store {
    /// Saves an evaluation of a product with an audit row. `authorize` sees the product
    /// before anything is written.
    pub async fn save_evaluation(
        &self,
        actor: &AuditActor,
        new: NewEvaluation<'_>,
        authorize: impl FnOnce(&Product) -> Result<(), Denied>,
    ) -> Result<StoredEvaluation> {
        let product = self.product(new.product_id).await?;
        authorize(&product)?;
        let result_json = serde_json::to_string(new.evaluation)
            .map_err(|e| StoreError::Corrupt(format!("kết quả đánh giá: {e}")))?;
        let answers_json = serde_json::to_string(new.answers)
            .map_err(|e| StoreError::Corrupt(format!("phiếu chấm: {e}")))?;
        let saved = StoredEvaluation {
            id: Uuid::now_v7(),
            product_id: product.id,
            kind: new.kind,
            version: new.evaluation.version.clone(),
            sheet: new.evaluation.sheet,
            answers: new.answers.clone(),
            result_json,
            stars: new.evaluation.stars,
            mean: new.evaluation.mean_exact,
            created_by: actor.user_id,
            created_at: self.now(),
        };
        // The audit row records the answers and the outcome; the full result is derived
        // from them and kept in the evaluation row.
        let audited = serde_json::to_string(&saved).ok();
        let sum = i64::try_from(saved.mean.sum)
            .map_err(|_| StoreError::Corrupt(format!("tổng điểm {}", saved.mean.sum)))?;
        let count = i64::try_from(saved.mean.count)
            .map_err(|_| StoreError::Corrupt(format!("số phiếu {}", saved.mean.count)))?;
        let q = Query::new(
            "INSERT INTO evaluations (id, product_id, kind, version, sheet, answers_json, \
             result_json, stars, total_sum, total_count, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(saved.id)
        .bind(saved.product_id)
        .bind(saved.kind.key())
        .bind(saved.version.as_str())
        .bind(saved.sheet)
        .bind(answers_json)
        .bind(saved.result_json.as_str())
        .bind(saved.stars)
        .bind(sum)
        .bind(count)
        .bind(saved.created_by)
        .bind(saved.created_at);
        let mut tx = self.begin().await?;
        tx.execute(&q).await?;
        append_audit(
            &mut tx,
            actor,
            "evaluation",
            saved.id,
            "create",
            None,
            audited,
        )
        .await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Every saved evaluation of a product, newest first.
    pub async fn evaluations_of(&self, product_id: Uuid) -> Result<Vec<StoredEvaluation>> {
        let q = Query::new(format!(
            "SELECT {COLUMNS} FROM evaluations WHERE product_id = $1 \
             ORDER BY created_at DESC, id DESC"
        ))
        .bind(product_id);
        let rows: Vec<EvaluationRow> = self.fetch_all(&q).await?;
        rows.into_iter().map(StoredEvaluation::try_from).collect()
    }

    /// The most recent saved evaluation of each of `product_ids` that has one, in one query
    /// (a dashboard's list asks for ten at a time).
    pub async fn latest_evaluations(
        &self,
        product_ids: &[Uuid],
    ) -> Result<HashMap<Uuid, StoredEvaluation>> {
        if product_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let mut q = Query::new(format!(
            "SELECT {COLUMNS} FROM evaluations v WHERE NOT EXISTS (\
             SELECT 1 FROM evaluations e WHERE e.product_id = v.product_id \
             AND (e.created_at > v.created_at OR (e.created_at = v.created_at AND e.id > v.id)))"
        ));
        q.push(" AND v.product_id IN (");
        q.push_bind_list(product_ids.iter().copied()).push(")");
        let rows: Vec<EvaluationRow> = self.fetch_all(&q).await?;
        rows.into_iter()
            .map(|row| StoredEvaluation::try_from(row).map(|saved| (saved.product_id, saved)))
            .collect()
    }

    /// The most recent saved evaluation of a product, of any kind.
    pub async fn latest_evaluation(&self, product_id: Uuid) -> Result<Option<StoredEvaluation>> {
        let q = Query::new(format!(
            "SELECT {COLUMNS} FROM evaluations WHERE product_id = $1 \
             ORDER BY created_at DESC, id DESC LIMIT 1"
        ))
        .bind(product_id);
        let row: Option<EvaluationRow> = self.fetch_optional(&q).await?;
        row.map(StoredEvaluation::try_from).transpose()
    }
}
