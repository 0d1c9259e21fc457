//! Phương án / dự án sản xuất kinh doanh in storage: the plan of a selected idea, its
//! comments, its attached file (bytes on disk, content-addressed, as photos), and the support
//! recorded against it once approved.

use ocop_domain::access::{Resource, Scope};
use ocop_domain::business_plan::{FundingSource, PlanData, PlanState, SupportData, SupportKind};
use ocop_domain::units::Placement;
use serde::Serialize;
use sqlx::FromRow;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::db::{Query, Tx};
use crate::{Result, Store, StoreError, stored_code};

/// A file attached to a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    pub sha256: String,
    pub content_type: String,
    pub file_name: String,
    pub size_bytes: i64,
}

/// A stored business plan, with what the rules and the lists need of its idea.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BusinessPlan {
    pub id: Uuid,
    pub idea_id: Uuid,
    pub cycle_id: Uuid,
    pub year: i32,
    pub province_code: u32,
    pub commune_code: u32,
    pub producer_id: Option<Uuid>,
    /// The producer, or the would-be producer named on the idea.
    pub applicant: String,
    pub product_name: String,
    #[serde(flatten)]
    pub data: PlanData,
    pub attachment: Option<Attachment>,
    pub state: PlanState,
    pub return_reason: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub submitted_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub approved_at: Option<OffsetDateTime>,
    /// Support recorded so far: how many records, and their total cost in đồng.
    pub support_records: i64,
    pub support_total: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl BusinessPlan {
    /// As the access rules see it: its idea's commune and producer; never public.
    pub fn resource(&self) -> Resource {
        Resource {
            placement: Placement {
                province_code: self.province_code,
                commune_code: Some(self.commune_code),
            },
            producer_id: self.producer_id,
            public: false,
            owner_editable: false,
        }
    }
}

#[derive(FromRow)]
struct PlanRow {
    id: Uuid,
    idea_id: Uuid,
    cycle_id: Uuid,
    year: i64,
    province_code: i64,
    commune_code: i64,
    producer_id: Option<Uuid>,
    producer_name: Option<String>,
    applicant_name: Option<String>,
    product_name: String,
    title: String,
    summary: String,
    goals: String,
    investment: i64,
    timeline: String,
    market: String,
    attachment_sha256: Option<String>,
    attachment_type: Option<String>,
    attachment_name: Option<String>,
    attachment_size: Option<i64>,
    state: String,
    return_reason: Option<String>,
    submitted_at: Option<OffsetDateTime>,
    approved_at: Option<OffsetDateTime>,
    support_records: i64,
    support_total: i64,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

impl TryFrom<PlanRow> for BusinessPlan {
    type Error = StoreError;

    fn try_from(row: PlanRow) -> Result<BusinessPlan> {
        let id = row.id;
        let corrupt = |what: String| StoreError::Corrupt(format!("phương án {id}: {what}"));
        let attachment = match (
            row.attachment_sha256,
            row.attachment_type,
            row.attachment_name,
            row.attachment_size,
        ) {
            (Some(sha256), Some(content_type), Some(file_name), Some(size_bytes)) => {
                Some(Attachment {
                    sha256,
                    content_type,
                    file_name,
                    size_bytes,
                })
            }
            _ => None,
        };
        Ok(BusinessPlan {
            id,
            idea_id: row.idea_id,
            cycle_id: row.cycle_id,
            year: i32::try_from(row.year).map_err(|_| corrupt(format!("năm {}", row.year)))?,
            province_code: stored_code(row.province_code).map_err(corrupt)?,
            commune_code: stored_code(row.commune_code).map_err(corrupt)?,
            producer_id: row.producer_id,
            applicant: row.producer_name.or(row.applicant_name).unwrap_or_default(),
            product_name: row.product_name,
            data: PlanData {
                title: row.title,
                summary: row.summary,
                goals: row.goals,
                investment: row.investment,
                timeline: row.timeline,
                market: row.market,
            },
            attachment,
            state: PlanState::from_key(&row.state)
                .ok_or_else(|| corrupt(format!("trạng thái {}", row.state)))?,
            return_reason: row.return_reason,
            submitted_at: row.submitted_at,
            approved_at: row.approved_at,
            support_records: row.support_records,
            support_total: row.support_total,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

const PLAN_SELECT: &str = "SELECT p.id, p.idea_id, i.cycle_id, c.year, i.province_code, \
    i.commune_code, i.producer_id, r.name AS producer_name, i.applicant_name, i.product_name, \
    p.title, p.summary, p.goals, p.investment, p.timeline, p.market, p.attachment_sha256, \
    p.attachment_type, p.attachment_name, p.attachment_size, p.state, p.return_reason, \
    p.submitted_at, p.approved_at, \
    CAST(COALESCE(s.records, 0) AS BIGINT) AS support_records, \
    CAST(COALESCE(s.cost, 0) AS BIGINT) AS support_total, p.created_at, p.updated_at \
    FROM business_plans p JOIN ideas i ON i.id = p.idea_id JOIN cycles c ON c.id = i.cycle_id \
    LEFT JOIN producers r ON r.id = i.producer_id \
    LEFT JOIN (SELECT plan_id, COUNT(*) AS records, SUM(cost) AS cost FROM support_records \
               GROUP BY plan_id) s ON s.plan_id = p.id";

/// A list of plans: filters of the API and the pages.
#[derive(Debug, Clone, Default)]
pub struct PlanQuery {
    pub state: Option<PlanState>,
    pub province: Option<u32>,
    pub commune: Option<u32>,
    pub year: Option<i32>,
    pub cycle: Option<Uuid>,
    pub page: u32,
    pub per_page: u32,
}

/// A comment on a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct PlanComment {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub author_id: Option<Uuid>,
    pub author_label: String,
    pub body: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// Support recorded against an approved plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SupportRecord {
    pub id: Uuid,
    pub plan_id: Uuid,
    #[serde(flatten)]
    pub data: SupportData,
    pub recorded_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(FromRow)]
struct SupportRow {
    id: Uuid,
    plan_id: Uuid,
    kind: String,
    given_on: Date,
    description: String,
    cost: i64,
    funding_source: String,
    recorded_by: String,
    created_at: OffsetDateTime,
}

impl TryFrom<SupportRow> for SupportRecord {
    type Error = StoreError;

    fn try_from(row: SupportRow) -> Result<SupportRecord> {
        let id = row.id;
        let corrupt = |what: String| StoreError::Corrupt(format!("hỗ trợ {id}: {what}"));
        Ok(SupportRecord {
            id,
            plan_id: row.plan_id,
            data: SupportData {
                kind: SupportKind::from_key(&row.kind)
                    .ok_or_else(|| corrupt(format!("loại {}", row.kind)))?,
                given_on: row.given_on,
                description: row.description,
                cost: row.cost,
                funding_source: FundingSource::from_key(&row.funding_source)
                    .ok_or_else(|| corrupt(format!("nguồn vốn {}", row.funding_source)))?,
            },
            recorded_by: row.recorded_by,
            created_at: row.created_at,
        })
    }
}

impl Store {
    pub async fn business_plan(&self, id: Uuid) -> Result<BusinessPlan> {
        let mut q = Query::new(PLAN_SELECT);
        q.and_where("p.id = ").push_bind(id);
        let row: Option<PlanRow> = self.fetch_optional(&q).await?;
        row.ok_or(StoreError::NotFound("phương án"))?.try_into()
    }

    /// A page of the plans `scope` sees, most recently changed first, and how many there are.
    pub async fn list_business_plans(
        &self,
        scope: Scope,
        query: &PlanQuery,
    ) -> Result<(Vec<BusinessPlan>, u64)> {
        let filter = |q: &mut Query| {
            crate::ideas::push_idea_scope(q, scope);
            if let Some(state) = query.state {
                q.and_where("p.state = ").push_bind(state.key());
            }
            if let Some(code) = query.province {
                q.and_where("i.province_code = ").push_bind(code);
            }
            if let Some(code) = query.commune {
                q.and_where("i.commune_code = ").push_bind(code);
            }
            if let Some(year) = query.year {
                q.and_where("c.year = ").push_bind(i64::from(year));
            }
            if let Some(cycle) = query.cycle {
                q.and_where("i.cycle_id = ").push_bind(cycle);
            }
        };
        let mut list = Query::new(PLAN_SELECT);
        filter(&mut list);
        list.push(" ORDER BY p.updated_at DESC, p.id DESC")
            .push_page(query.page.max(1), query.per_page.clamp(1, 1000));
        let mut count = Query::new(
            "SELECT COUNT(*) FROM business_plans p JOIN ideas i ON i.id = p.idea_id \
             JOIN cycles c ON c.id = i.cycle_id",
        );
        filter(&mut count);
        let rows: Vec<PlanRow> = self.fetch_all(&list).await?;
        let (total,): (i64,) = self.fetch_one(&count).await?;
        let items = rows
            .into_iter()
            .map(BusinessPlan::try_from)
            .collect::<Result<Vec<_>>>()?;
        Ok((items, total as u64))
    }

    pub async fn plan_comments(&self, plan_id: Uuid) -> Result<Vec<PlanComment>> {
        let q = Query::new(format!(
            "SELECT id, plan_id, author_id, author_label, body, created_at \
             FROM business_plan_comments WHERE plan_id = $1 ORDER BY created_at, id LIMIT {}",
            ocop_domain::business_plan::MAX_COMMENTS
        ))
        .bind(plan_id);
        Ok(self.fetch_all(&q).await?)
    }

    pub async fn support_records(&self, plan_id: Uuid) -> Result<Vec<SupportRecord>> {
        let q = Query::new(format!(
            "SELECT id, plan_id, kind, given_on, description, cost, funding_source, recorded_by, \
             created_at FROM support_records WHERE plan_id = $1 ORDER BY given_on, created_at, id \
             LIMIT {}",
            ocop_domain::business_plan::MAX_SUPPORT_RECORDS
        ))
        .bind(plan_id);
        let rows: Vec<SupportRow> = self.fetch_all(&q).await?;
        rows.into_iter().map(SupportRecord::try_from).collect()
    }
}

pub(crate) async fn insert_plan(tx: &mut Tx, plan: &BusinessPlan) -> Result<(), sqlx::Error> {
    let d = &plan.data;
    tx.execute(&Query::insert(
        "business_plans",
        vec![
            ("id", plan.id.into()),
            ("idea_id", plan.idea_id.into()),
            ("title", d.title.as_str().into()),
            ("summary", d.summary.as_str().into()),
            ("goals", d.goals.as_str().into()),
            ("investment", d.investment.into()),
            ("timeline", d.timeline.as_str().into()),
            ("market", d.market.as_str().into()),
            ("state", plan.state.key().into()),
            ("created_at", plan.created_at.into()),
            ("updated_at", plan.updated_at.into()),
        ],
    ))
    .await?;
    Ok(())
}

/// Writes a plan's text, state and dates as they are now, if it is still in `from`; false
/// when someone acted on it meanwhile.
pub(crate) async fn update_plan(
    tx: &mut Tx,
    plan: &BusinessPlan,
    from: PlanState,
) -> Result<bool, sqlx::Error> {
    let d = &plan.data;
    let a = plan.attachment.as_ref();
    let q = Query::new(
        "UPDATE business_plans SET title = $1, summary = $2, goals = $3, investment = $4, \
         timeline = $5, market = $6, attachment_sha256 = $7, attachment_type = $8, \
         attachment_name = $9, attachment_size = $10, state = $11, return_reason = $12, \
         submitted_at = $13, approved_at = $14, updated_at = $15 WHERE id = $16 AND state = $17",
    )
    .bind(d.title.as_str())
    .bind(d.summary.as_str())
    .bind(d.goals.as_str())
    .bind(d.investment)
    .bind(d.timeline.as_str())
    .bind(d.market.as_str())
    .bind(a.map(|a| a.sha256.clone()))
    .bind(a.map(|a| a.content_type.clone()))
    .bind(a.map(|a| a.file_name.clone()))
    .bind(a.map(|a| a.size_bytes))
    .bind(plan.state.key())
    .bind(plan.return_reason.clone())
    .bind(plan.submitted_at)
    .bind(plan.approved_at)
    .bind(plan.updated_at)
    .bind(plan.id)
    .bind(from.key());
    Ok(tx.execute(&q).await? == 1)
}

pub(crate) async fn insert_comment(tx: &mut Tx, c: &PlanComment) -> Result<(), sqlx::Error> {
    tx.execute(&Query::insert(
        "business_plan_comments",
        vec![
            ("id", c.id.into()),
            ("plan_id", c.plan_id.into()),
            ("author_id", c.author_id.into()),
            ("author_label", c.author_label.as_str().into()),
            ("body", c.body.as_str().into()),
            ("created_at", c.created_at.into()),
        ],
    ))
    .await?;
    Ok(())
}

pub(crate) async fn insert_support(tx: &mut Tx, s: &SupportRecord) -> Result<(), sqlx::Error> {
    let d = &s.data;
    tx.execute(&Query::insert(
        "support_records",
        vec![
            ("id", s.id.into()),
            ("plan_id", s.plan_id.into()),
            ("kind", d.kind.key().into()),
            ("given_on", d.given_on.into()),
            ("description", d.description.as_str().into()),
            ("cost", d.cost.into()),
            ("funding_source", d.funding_source.key().into()),
            ("recorded_by", s.recorded_by.as_str().into()),
            ("created_at", s.created_at.into()),
        ],
    ))
    .await?;
    Ok(())
}

/// How many rows of a plan's `table` there are (comments, support records), to bound them.
pub(crate) async fn count_of_plan(
    tx: &mut Tx,
    table: &str,
    plan_id: Uuid,
) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = tx
        .fetch_one(
            &Query::new(format!("SELECT COUNT(*) FROM {table} WHERE plan_id = $1")).bind(plan_id),
        )
        .await?;
    Ok(n)
}
