//! Phiếu đăng ký ý tưởng sản phẩm in storage: insert, state changes, get and the list of a
//! scope.

use ocop_domain::access::{Resource, Scope};
use ocop_domain::idea::{HelpKind, IdeaData, IdeaState, ProductKind, help_keys};
use ocop_domain::units::Placement;
use serde::Serialize;
use sqlx::FromRow;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::{Query, Tx};
use crate::{Result, Store, StoreError, stored_code};

/// A stored idea registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Idea {
    pub id: Uuid,
    pub cycle_id: Uuid,
    pub province_code: u32,
    pub commune_code: u32,
    /// None: a would-be producer with no account (see `data.applicant_name`).
    pub producer_id: Option<Uuid>,
    pub producer_name: Option<String>,
    #[serde(flatten)]
    pub data: IdeaData,
    pub state: IdeaState,
    pub screen_note: Option<String>,
    pub decline_reason: Option<String>,
    pub filed_by: Option<Uuid>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub screened_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub decided_at: Option<OffsetDateTime>,
    /// Its business plan, once one is written.
    pub plan_id: Option<Uuid>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl Idea {
    /// The idea as the access rules see it: never public; in its commune; its producer's.
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

    /// Who filed it: the producer, or the would-be producer's name.
    pub fn applicant(&self) -> String {
        self.producer_name
            .clone()
            .or_else(|| self.data.applicant_name.clone())
            .unwrap_or_default()
    }
}

#[derive(FromRow)]
struct IdeaRow {
    id: Uuid,
    cycle_id: Uuid,
    year: i64,
    province_code: i64,
    commune_code: i64,
    producer_id: Option<Uuid>,
    producer_name: Option<String>,
    applicant_name: Option<String>,
    applicant_phone: Option<String>,
    product_kind: String,
    product_id: Option<Uuid>,
    product_name: String,
    raw_materials: String,
    market: String,
    help: String,
    help_other: Option<String>,
    state: String,
    screen_note: Option<String>,
    decline_reason: Option<String>,
    filed_by: Option<Uuid>,
    screened_at: Option<OffsetDateTime>,
    decided_at: Option<OffsetDateTime>,
    plan_id: Option<Uuid>,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

impl TryFrom<IdeaRow> for Idea {
    type Error = StoreError;

    fn try_from(row: IdeaRow) -> Result<Idea> {
        let id = row.id;
        let corrupt = |what: String| StoreError::Corrupt(format!("ý tưởng {id}: {what}"));
        let help = row
            .help
            .split(',')
            .filter(|k| !k.is_empty())
            .map(|k| HelpKind::from_key(k).ok_or_else(|| corrupt(format!("hỗ trợ {k}"))))
            .collect::<Result<Vec<_>>>()?;
        Ok(Idea {
            id,
            cycle_id: row.cycle_id,
            province_code: stored_code(row.province_code).map_err(corrupt)?,
            commune_code: stored_code(row.commune_code).map_err(corrupt)?,
            producer_id: row.producer_id,
            producer_name: row.producer_name,
            data: IdeaData {
                year: i32::try_from(row.year).map_err(|_| corrupt(format!("năm {}", row.year)))?,
                product_kind: ProductKind::from_key(&row.product_kind)
                    .ok_or_else(|| corrupt(format!("loại {}", row.product_kind)))?,
                product_id: row.product_id,
                applicant_name: row.applicant_name,
                applicant_phone: row.applicant_phone,
                product_name: row.product_name,
                raw_materials: row.raw_materials,
                market: row.market,
                help,
                help_other: row.help_other,
            },
            state: IdeaState::from_key(&row.state)
                .ok_or_else(|| corrupt(format!("trạng thái {}", row.state)))?,
            screen_note: row.screen_note,
            decline_reason: row.decline_reason,
            filed_by: row.filed_by,
            screened_at: row.screened_at,
            decided_at: row.decided_at,
            plan_id: row.plan_id,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

const IDEA_SELECT: &str = "SELECT i.id, i.cycle_id, c.year, i.province_code, i.commune_code, \
    i.producer_id, r.name AS producer_name, i.applicant_name, i.applicant_phone, i.product_kind, \
    i.product_id, i.product_name, i.raw_materials, i.market, i.help, i.help_other, i.state, \
    i.screen_note, i.decline_reason, i.filed_by, i.screened_at, i.decided_at, bp.id AS plan_id, \
    i.created_at, i.updated_at \
    FROM ideas i JOIN cycles c ON c.id = i.cycle_id \
    LEFT JOIN producers r ON r.id = i.producer_id \
    LEFT JOIN business_plans bp ON bp.idea_id = i.id";

/// A list of ideas: filters of the API and the pages.
#[derive(Debug, Clone, Default)]
pub struct IdeaQuery {
    pub state: Option<IdeaState>,
    pub province: Option<u32>,
    pub commune: Option<u32>,
    pub year: Option<i32>,
    pub page: u32,
    pub per_page: u32,
}

/// Limits a list to what `scope` may see.
pub(crate) fn push_idea_scope(q: &mut Query, scope: Scope) {
    match scope {
        Scope::Everything => {}
        Scope::Province(code) => {
            q.and_where("i.province_code = ").push_bind(code);
        }
        Scope::Commune(code) => {
            q.and_where("i.commune_code = ").push_bind(code);
        }
        Scope::Producer(id) => {
            q.and_where("i.producer_id = ").push_bind(id);
        }
        Scope::PublicOnly => {
            q.and_where("1 = 0");
        }
    }
}

impl Store {
    pub async fn idea(&self, id: Uuid) -> Result<Idea> {
        let mut q = Query::new(IDEA_SELECT);
        q.and_where("i.id = ").push_bind(id);
        let row: Option<IdeaRow> = self.fetch_optional(&q).await?;
        row.ok_or(StoreError::NotFound("phiếu ý tưởng"))?.try_into()
    }

    /// A page of the ideas `scope` sees, newest first, and how many there are.
    pub async fn list_ideas(&self, scope: Scope, query: &IdeaQuery) -> Result<(Vec<Idea>, u64)> {
        let filter = |q: &mut Query| {
            push_idea_scope(q, scope);
            if let Some(state) = query.state {
                q.and_where("i.state = ").push_bind(state.key());
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
        };
        let mut list = Query::new(IDEA_SELECT);
        filter(&mut list);
        list.push(" ORDER BY i.created_at DESC, i.id DESC")
            .push_page(query.page.max(1), query.per_page.clamp(1, 1000));
        let mut count =
            Query::new("SELECT COUNT(*) FROM ideas i JOIN cycles c ON c.id = i.cycle_id");
        filter(&mut count);
        let rows: Vec<IdeaRow> = self.fetch_all(&list).await?;
        let (total,): (i64,) = self.fetch_one(&count).await?;
        let items = rows
            .into_iter()
            .map(Idea::try_from)
            .collect::<Result<Vec<_>>>()?;
        Ok((items, total as u64))
    }
}

pub(crate) async fn insert_idea(tx: &mut Tx, idea: &Idea) -> Result<(), sqlx::Error> {
    let d = &idea.data;
    tx.execute(&Query::insert(
        "ideas",
        vec![
            ("id", idea.id.into()),
            ("cycle_id", idea.cycle_id.into()),
            ("province_code", idea.province_code.into()),
            ("commune_code", idea.commune_code.into()),
            ("producer_id", idea.producer_id.into()),
            ("applicant_name", d.applicant_name.clone().into()),
            ("applicant_phone", d.applicant_phone.clone().into()),
            ("product_kind", d.product_kind.key().into()),
            ("product_id", d.product_id.into()),
            ("product_name", d.product_name.as_str().into()),
            ("raw_materials", d.raw_materials.as_str().into()),
            ("market", d.market.as_str().into()),
            ("help", help_keys(&d.help).into()),
            ("help_other", d.help_other.clone().into()),
            ("state", idea.state.key().into()),
            ("screen_note", idea.screen_note.clone().into()),
            ("decline_reason", idea.decline_reason.clone().into()),
            ("filed_by", idea.filed_by.into()),
            ("screened_at", idea.screened_at.into()),
            ("decided_at", idea.decided_at.into()),
            ("created_at", idea.created_at.into()),
            ("updated_at", idea.updated_at.into()),
        ],
    ))
    .await?;
    Ok(())
}

/// Moves an idea from `from` to its new state; false when it is no longer in `from` (someone
/// acted on it meanwhile).
pub(crate) async fn update_idea_state(
    tx: &mut Tx,
    idea: &Idea,
    from: IdeaState,
) -> Result<bool, sqlx::Error> {
    let q = Query::new(
        "UPDATE ideas SET state = $1, screen_note = $2, decline_reason = $3, screened_at = $4, \
         decided_at = $5, updated_at = $6 WHERE id = $7 AND state = $8",
    )
    .bind(idea.state.key())
    .bind(idea.screen_note.clone())
    .bind(idea.decline_reason.clone())
    .bind(idea.screened_at)
    .bind(idea.decided_at)
    .bind(idea.updated_at)
    .bind(idea.id)
    .bind(from.key());
    Ok(tx.execute(&q).await? == 1)
}
