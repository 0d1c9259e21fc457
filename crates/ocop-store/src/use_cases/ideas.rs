//! Phiếu đăng ký ý tưởng sản phẩm: filing an idea, and the commune's, the province's and the
//! producer's moves on it (screen, decline, select, withdraw).

use ocop_domain::access::{
    Resource, Scope, authorize_file_idea, authorize_idea_action, view_scope,
};
use ocop_domain::idea::{DecisionInput, IdeaAction, IdeaInput, IdeaRefusal, IdeaState, transition};
use ocop_domain::units::Placement;
use ocop_domain::validation::FieldErrors;
use uuid::Uuid;

use super::Caller;
use crate::audit::append_audit;
use crate::ideas::{Idea, IdeaQuery, insert_idea, update_idea_state};
use crate::{Producer, Result, Store, StoreError};

fn field_error(field: &str, code: &str, message: String) -> StoreError {
    let mut errors = FieldErrors::default();
    errors.add(field, code, message);
    errors.into()
}

/// Refused by the table: the role never does it (403), or not from this state (409).
pub(crate) fn idea_refusal(refusal: IdeaRefusal) -> StoreError {
    match refusal {
        IdeaRefusal::Role => ocop_domain::access::Denied::Forbidden.into(),
        IdeaRefusal::State(reason) => StoreError::StateConflict(reason),
    }
}

/// The year in Vietnam (UTC+7) at `now`.
pub fn local_year(now: time::OffsetDateTime) -> i32 {
    now.to_offset(ocop_domain::VIETNAM).year()
}

impl Store {
    /// Files an idea: a producer account for itself; a commune officer for a producer of its
    /// commune (`producer_id`) or for a would-be producer (name and phone); the system for a
    /// named producer. It goes into the cycle its province opened for the year.
    pub async fn file_idea(&self, caller: &Caller, input: &IdeaInput) -> Result<Idea> {
        let actor = caller.actor();
        let producer_id = match input.producer_id.trim() {
            "" => actor.as_ref().and_then(|a| a.producer_id),
            raw => Some(Uuid::parse_str(raw).map_err(|_| {
                field_error(
                    "producer_id",
                    "invalid_id",
                    format!("Mã chủ thể \"{raw}\" không hợp lệ"),
                )
            })?),
        };
        let producer: Option<Producer> = match producer_id {
            Some(id) => match self.visible_producer(caller, id).await {
                Ok(p) => Some(p),
                Err(StoreError::NotFound(_)) => {
                    return Err(field_error(
                        "producer_id",
                        "unknown_producer",
                        format!("Không có chủ thể mã {id}"),
                    ));
                }
                Err(e) => return Err(e),
            },
            None => None,
        };
        let placement = match (&producer, &actor) {
            (Some(p), _) => p.placement(),
            (None, Some(a)) => Placement {
                province_code: a.province_code.unwrap_or(0),
                commune_code: a.commune_code,
            },
            (None, None) => {
                return Err(field_error(
                    "producer_id",
                    "required",
                    "Cần chủ thể đăng ký".to_owned(),
                ));
            }
        };
        let record = Resource {
            placement,
            producer_id,
            public: false,
            owner_editable: false,
        };
        caller.check(|a| authorize_file_idea(a, &record))?;
        let data = input.parse(local_year(self.now()), producer.is_some())?;
        let Some(commune_code) = placement.commune_code else {
            return Err(field_error(
                "producer_id",
                "no_commune",
                "Chủ thể chưa thuộc xã nào của cơ cấu hiện nay".to_owned(),
            ));
        };
        if let (Some(product_id), Some(producer)) = (data.product_id, &producer) {
            let owned = match self.product(product_id).await {
                Ok(p) => p.producer_id == producer.id,
                Err(StoreError::NotFound(_)) => false,
                Err(e) => return Err(e),
            };
            if !owned {
                return Err(field_error(
                    "product_id",
                    "not_own_product",
                    "Sản phẩm đã có phải là sản phẩm của chủ thể".to_owned(),
                ));
            }
        }
        let Some(cycle) = self.cycle_for(placement.province_code, data.year).await? else {
            return Err(field_error(
                "year",
                "no_cycle",
                format!("Tỉnh chưa mở chu trình OCOP năm {}", data.year),
            ));
        };
        let now = self.now();
        let idea = Idea {
            id: Uuid::now_v7(),
            cycle_id: cycle.id,
            province_code: placement.province_code,
            commune_code,
            producer_id,
            producer_name: producer.map(|p| p.data.name),
            data,
            state: IdeaState::Filed,
            screen_note: None,
            decline_reason: None,
            filed_by: actor.map(|a| a.user_id),
            screened_at: None,
            decided_at: None,
            plan_id: None,
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.begin().await?;
        insert_idea(&mut tx, &idea).await?;
        let after = serde_json::to_string(&idea).ok();
        append_audit(
            &mut tx,
            &caller.audit(),
            "idea",
            idea.id,
            "file",
            None,
            after,
        )
        .await?;
        tx.commit().await?;
        Ok(idea)
    }

    /// An idea the caller may see; any other is unknown.
    pub async fn visible_idea(&self, caller: &Caller, id: Uuid) -> Result<Idea> {
        let idea = self.idea(id).await?;
        if caller.sees(&idea.resource()) {
            Ok(idea)
        } else {
            Err(StoreError::NotFound("phiếu ý tưởng"))
        }
    }

    /// Screens, declines, selects or withdraws an idea: 403 when the caller's role or unit
    /// does not do it, 409 when the idea's state does not allow it (or it changed meanwhile),
    /// 422 when the reason is missing. A refusal writes nothing.
    pub async fn act_on_idea(
        &self,
        caller: &Caller,
        id: Uuid,
        action: IdeaAction,
        input: &DecisionInput,
    ) -> Result<Idea> {
        let before = self.visible_idea(caller, id).await?;
        caller.check(|a| authorize_idea_action(a, &before.resource(), action))?;
        let role = caller.actor().map(|a| a.role);
        let state = transition(before.state, action, role).map_err(idea_refusal)?;
        let text = input.parse(action)?;
        let now = self.now();
        let mut idea = Idea {
            state,
            updated_at: now,
            ..before.clone()
        };
        match action {
            IdeaAction::Screen => {
                idea.screen_note = text;
                idea.screened_at = Some(now);
            }
            IdeaAction::Decline => {
                idea.decline_reason = text;
                idea.decided_at = Some(now);
            }
            IdeaAction::Select | IdeaAction::Withdraw => idea.decided_at = Some(now),
        }
        let mut tx = self.begin().await?;
        if !update_idea_state(&mut tx, &idea, before.state).await? {
            return Err(StoreError::StateConflict(
                "Phiếu ý tưởng vừa được người khác xử lý; hãy tải lại để xem trạng thái mới".into(),
            ));
        }
        append_audit(
            &mut tx,
            &caller.audit(),
            "idea",
            id,
            action.key(),
            serde_json::to_string(&before).ok(),
            serde_json::to_string(&idea).ok(),
        )
        .await?;
        tx.commit().await?;
        Ok(idea)
    }

    /// A page of the ideas the caller sees.
    pub async fn ideas(&self, caller: &Caller, query: &IdeaQuery) -> Result<(Vec<Idea>, u64)> {
        let scope = match caller {
            Caller::Anonymous => return Err(ocop_domain::access::Denied::NotSignedIn.into()),
            Caller::User(user) => view_scope(Some(&user.actor())),
            Caller::System(_) => Scope::Everything,
        };
        self.list_ideas(scope, query).await
    }
}
