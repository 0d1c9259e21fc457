//! Đánh giá: saving a scored sheet of a product.

use ocop_domain::access::{ScoringCapacity, authorize_scoring};
use ocop_domain::scoring::{Answers, Evaluation};
use uuid::Uuid;

use super::Caller;
use crate::evaluations::{EvaluationKind, NewEvaluation, StoredEvaluation};
use crate::{Product, Result, Store};

impl Store {
    /// A product the caller may score, and in which capacity: its producer assesses itself,
    /// officials and council members of its unit evaluate it.
    pub async fn product_to_score(
        &self,
        caller: &Caller,
        product_id: Uuid,
    ) -> Result<(Product, EvaluationKind)> {
        let product = self.visible_product(caller, product_id).await?;
        let capacity =
            caller.check(|actor| authorize_scoring(actor, &product.resource()).map(Some))?;
        Ok((product, kind(capacity)))
    }

    /// Saves what the engine computed from `answers`, in the caller's capacity.
    pub async fn save_scores(
        &self,
        caller: &Caller,
        product_id: Uuid,
        answers: &Answers,
        evaluation: &Evaluation,
    ) -> Result<StoredEvaluation> {
        let (_, kind) = self.product_to_score(caller, product_id).await?;
        let new = NewEvaluation {
            product_id,
            kind,
            answers,
            evaluation,
        };
        self.save_evaluation(&caller.audit(), new, |product| {
            caller
                .check(|actor| authorize_scoring(actor, &product.resource()).map(Some))
                .map(|_| ())
        })
        .await
    }
}

/// The system records official evaluations (e.g. a council's sheets entered from paper).
fn kind(capacity: Option<ScoringCapacity>) -> EvaluationKind {
    capacity.map_or(EvaluationKind::Official, EvaluationKind::from)
}

impl From<ScoringCapacity> for EvaluationKind {
    fn from(capacity: ScoringCapacity) -> EvaluationKind {
        match capacity {
            ScoringCapacity::SelfAssessment => EvaluationKind::SelfAssessment,
            ScoringCapacity::Official => EvaluationKind::Official,
        }
    }
}
