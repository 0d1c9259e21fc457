//! Phương án / dự án sản xuất kinh doanh: writing the plan of a selected idea, submitting it,
//! the officials' comments, the province's approval or return, the attached file, and the
//! support recorded once it is approved.

use ocop_domain::access::{Scope, authorize_plan_action, authorize_plan_comment, view_scope};
use ocop_domain::business_plan::{
    MAX_COMMENTS, MAX_SUPPORT_RECORDS, PlanAction, PlanInput, PlanRefusal, PlanState, SupportInput,
    TextInput, transition,
};
use ocop_domain::idea::IdeaState;
use ocop_domain::validation::FieldErrors;
use uuid::Uuid;

use super::Caller;
use crate::audit::append_audit;
use crate::business_plans::{
    Attachment, BusinessPlan, PlanComment, PlanQuery, SupportRecord, count_of_plan, insert_comment,
    insert_plan, insert_support, update_plan,
};
use crate::{Result, Store, StoreError};

/// A plan with its comments and support records.
#[derive(Debug, Clone)]
pub struct PlanDetail {
    pub plan: BusinessPlan,
    pub comments: Vec<PlanComment>,
    pub support: Vec<SupportRecord>,
}

/// A file stored (content-addressed) to attach to a plan.
#[derive(Debug, Clone)]
pub struct NewAttachment {
    pub sha256: String,
    pub content_type: String,
    pub file_name: String,
    pub size_bytes: i64,
}

fn plan_refusal(refusal: PlanRefusal) -> StoreError {
    match refusal {
        PlanRefusal::Role => ocop_domain::access::Denied::Forbidden.into(),
        PlanRefusal::State(reason) => StoreError::StateConflict(reason),
    }
}

fn changed_meanwhile() -> StoreError {
    StoreError::StateConflict(
        "Phương án vừa được người khác xử lý; hãy tải lại để xem trạng thái mới".into(),
    )
}

impl Store {
    /// Writes the plan of a selected idea, as a draft: its producer, or the commune officer
    /// for a would-be producer.
    pub async fn create_plan(
        &self,
        caller: &Caller,
        idea_id: Uuid,
        input: &PlanInput,
    ) -> Result<BusinessPlan> {
        let idea = self.visible_idea(caller, idea_id).await?;
        caller.check(|a| authorize_plan_action(a, &idea.resource(), PlanAction::Edit))?;
        if idea.state != IdeaState::Selected {
            return Err(StoreError::StateConflict(
                "Chỉ lập phương án cho ý tưởng đã được tỉnh chọn".into(),
            ));
        }
        if idea.plan_id.is_some() {
            return Err(StoreError::StateConflict(
                "Ý tưởng này đã có phương án".into(),
            ));
        }
        let data = input.parse()?;
        let now = self.now();
        let plan = BusinessPlan {
            id: Uuid::now_v7(),
            idea_id,
            cycle_id: idea.cycle_id,
            year: idea.data.year,
            province_code: idea.province_code,
            commune_code: idea.commune_code,
            producer_id: idea.producer_id,
            applicant: idea.applicant(),
            product_name: idea.data.product_name.clone(),
            data,
            attachment: None,
            state: PlanState::Draft,
            return_reason: None,
            submitted_at: None,
            approved_at: None,
            support_records: 0,
            support_total: 0,
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.begin().await?;
        insert_plan(&mut tx, &plan).await.map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::StateConflict("Ý tưởng này đã có phương án".into())
            }
            _ => StoreError::Database(e),
        })?;
        let after = serde_json::to_string(&plan).ok();
        append_audit(
            &mut tx,
            &caller.audit(),
            "business_plan",
            plan.id,
            "create",
            None,
            after,
        )
        .await?;
        tx.commit().await?;
        Ok(plan)
    }

    /// A plan the caller may see; any other is unknown.
    pub async fn visible_plan(&self, caller: &Caller, id: Uuid) -> Result<BusinessPlan> {
        let plan = self.business_plan(id).await?;
        if caller.sees(&plan.resource()) {
            Ok(plan)
        } else {
            Err(StoreError::NotFound("phương án"))
        }
    }

    /// A plan with its comments and support records.
    pub async fn plan_detail(&self, caller: &Caller, id: Uuid) -> Result<PlanDetail> {
        let plan = self.visible_plan(caller, id).await?;
        Ok(PlanDetail {
            comments: self.plan_comments(id).await?,
            support: self.support_records(id).await?,
            plan,
        })
    }

    /// A plan the caller may do `action` to in its present state (asked before an upload is
    /// read, and by every change).
    pub async fn plan_for(
        &self,
        caller: &Caller,
        id: Uuid,
        action: PlanAction,
    ) -> Result<(BusinessPlan, PlanState)> {
        let plan = self.visible_plan(caller, id).await?;
        caller.check(|a| authorize_plan_action(a, &plan.resource(), action))?;
        let role = caller.actor().map(|a| a.role);
        let to = transition(plan.state, action, role).map_err(plan_refusal)?;
        Ok((plan, to))
    }

    /// Writes `after` over `before` with its audit row, unless someone changed it meanwhile.
    async fn save_plan(
        &self,
        caller: &Caller,
        before: &BusinessPlan,
        after: &BusinessPlan,
        action: &str,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        if !update_plan(&mut tx, after, before.state).await? {
            return Err(changed_meanwhile());
        }
        append_audit(
            &mut tx,
            &caller.audit(),
            "business_plan",
            before.id,
            action,
            serde_json::to_string(before).ok(),
            serde_json::to_string(after).ok(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Changes the text of a draft or of a returned plan.
    pub async fn change_plan(
        &self,
        caller: &Caller,
        id: Uuid,
        input: &PlanInput,
    ) -> Result<BusinessPlan> {
        let (before, state) = self.plan_for(caller, id, PlanAction::Edit).await?;
        let data = input.parse()?;
        let plan = BusinessPlan {
            data,
            state,
            updated_at: self.now(),
            ..before.clone()
        };
        self.save_plan(caller, &before, &plan, "edit").await?;
        Ok(plan)
    }

    /// Submits, returns (with a reason) or approves a plan.
    pub async fn act_on_plan(
        &self,
        caller: &Caller,
        id: Uuid,
        action: PlanAction,
        reason: &TextInput,
    ) -> Result<BusinessPlan> {
        let (before, state) = self.plan_for(caller, id, action).await?;
        let now = self.now();
        let mut plan = BusinessPlan {
            state,
            updated_at: now,
            ..before.clone()
        };
        match action {
            PlanAction::Submit => {
                plan.submitted_at = Some(now);
                plan.return_reason = None;
            }
            PlanAction::Return => plan.return_reason = Some(reason.parse("Lý do trả lại")?),
            PlanAction::Approve => plan.approved_at = Some(now),
            PlanAction::Edit | PlanAction::RecordSupport => {
                return Err(ocop_domain::access::Denied::Forbidden.into());
            }
        }
        self.save_plan(caller, &before, &plan, action.key()).await?;
        Ok(plan)
    }

    /// Attaches a stored file to a draft or returned plan (replacing one attached before; the
    /// file stays on disk, where another record may share it).
    pub async fn attach_plan_file(
        &self,
        caller: &Caller,
        id: Uuid,
        file: &NewAttachment,
    ) -> Result<BusinessPlan> {
        let (before, state) = self.plan_for(caller, id, PlanAction::Edit).await?;
        let plan = BusinessPlan {
            attachment: Some(Attachment {
                sha256: file.sha256.clone(),
                content_type: file.content_type.clone(),
                file_name: file.file_name.clone(),
                size_bytes: file.size_bytes,
            }),
            state,
            updated_at: self.now(),
            ..before.clone()
        };
        self.save_plan(caller, &before, &plan, "attach").await?;
        Ok(plan)
    }

    /// An official's comment on a plan.
    pub async fn comment_on_plan(
        &self,
        caller: &Caller,
        id: Uuid,
        input: &TextInput,
    ) -> Result<PlanComment> {
        let plan = self.visible_plan(caller, id).await?;
        caller.check(|a| authorize_plan_comment(a, &plan.resource()))?;
        let body = input.parse("Ý kiến")?;
        let audit = caller.audit();
        let comment = PlanComment {
            id: Uuid::now_v7(),
            plan_id: id,
            author_id: audit.user_id,
            author_label: audit.label.clone(),
            body,
            created_at: self.now(),
        };
        let mut tx = self.begin().await?;
        if count_of_plan(&mut tx, "business_plan_comments", id).await? >= MAX_COMMENTS as i64 {
            let mut errors = FieldErrors::default();
            errors.add(
                "text",
                "too_many",
                format!("Phương án đã có {MAX_COMMENTS} ý kiến, tối đa"),
            );
            return Err(errors.into());
        }
        insert_comment(&mut tx, &comment).await?;
        let after = serde_json::to_string(&comment).ok();
        append_audit(&mut tx, &audit, "business_plan", id, "comment", None, after).await?;
        tx.commit().await?;
        Ok(comment)
    }

    /// Records support received for an approved plan.
    pub async fn record_support(
        &self,
        caller: &Caller,
        id: Uuid,
        input: &SupportInput,
    ) -> Result<SupportRecord> {
        self.plan_for(caller, id, PlanAction::RecordSupport).await?;
        let data = input.parse()?;
        let audit = caller.audit();
        let record = SupportRecord {
            id: Uuid::now_v7(),
            plan_id: id,
            data,
            recorded_by: audit.label.clone(),
            created_at: self.now(),
        };
        let mut tx = self.begin().await?;
        if count_of_plan(&mut tx, "support_records", id).await? >= MAX_SUPPORT_RECORDS as i64 {
            let mut errors = FieldErrors::default();
            errors.add(
                "description",
                "too_many",
                format!("Phương án đã có {MAX_SUPPORT_RECORDS} lần hỗ trợ, tối đa"),
            );
            return Err(errors.into());
        }
        insert_support(&mut tx, &record).await?;
        let after = serde_json::to_string(&record).ok();
        append_audit(
            &mut tx,
            &audit,
            "business_plan",
            id,
            "record_support",
            None,
            after,
        )
        .await?;
        tx.commit().await?;
        Ok(record)
    }

    /// A page of the plans the caller sees.
    pub async fn business_plans(
        &self,
        caller: &Caller,
        query: &PlanQuery,
    ) -> Result<(Vec<BusinessPlan>, u64)> {
        let scope = match caller {
            Caller::Anonymous => return Err(ocop_domain::access::Denied::NotSignedIn.into()),
            Caller::User(user) => view_scope(Some(&user.actor())),
            Caller::System(_) => Scope::Everything,
        };
        self.list_business_plans(scope, query).await
    }
}
