//! Yêu cầu thay đổi in storage: the rows, their reads (one, a product's open one, a list over
//! the products of a scope) and the writes a use case makes inside its transaction. A state
//! change is written only from the revision the caller saw, so that of two officials acting
//! at once the second finds the request moved on.

use ocop_domain::access::Scope;
use ocop_domain::change_request::{ChangeRequestState, FieldChange, diff};
use ocop_domain::product::ProductData;
use ocop_domain::units::Placement;
use serde::Serialize;
use sqlx::FromRow;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::audit::AuditActor;
use crate::db::{Query, Tx};
use crate::{Result, Store, StoreError, on_unique, stored_code};

/// A stored change request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeRequest {
    pub id: Uuid,
    pub product_id: Uuid,
    pub state: ChangeRequestState,
    /// 1 when filed, one more at each revision by the producer and at its decision.
    pub revision: u32,
    /// The product's version (its last change) the proposal was based on.
    #[serde(with = "time::serde::rfc3339")]
    pub base_updated_at: OffsetDateTime,
    /// The product's data the proposal was based on.
    pub base: ProductData,
    /// The product's data as proposed (its status is the base's).
    pub proposed: ProductData,
    pub note: Option<String>,
    /// Why it was rejected.
    pub reason: Option<String>,
    pub proposed_by: Option<Uuid>,
    pub proposed_by_label: String,
    pub decided_by: Option<Uuid>,
    pub decided_by_label: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub decided_at: Option<OffsetDateTime>,
}

impl ChangeRequest {
    /// The fields it changes, old → new.
    pub fn changes(&self) -> Vec<FieldChange> {
        diff(&self.base, &self.proposed)
    }
}

#[derive(FromRow)]
pub(crate) struct ChangeRequestRow {
    id: Uuid,
    product_id: Uuid,
    state: String,
    revision: i64,
    base_updated_at: OffsetDateTime,
    base_json: String,
    proposed_json: String,
    note: Option<String>,
    reason: Option<String>,
    proposed_by: Option<Uuid>,
    proposed_by_label: String,
    decided_by: Option<Uuid>,
    decided_by_label: Option<String>,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
    decided_at: Option<OffsetDateTime>,
}

const COLUMNS: &str = "c.id, c.product_id, c.state, c.revision, c.base_updated_at, c.base_json, \
    c.proposed_json, c.note, c.reason, c.proposed_by, c.proposed_by_label, c.decided_by, \
    c.decided_by_label, c.created_at, c.updated_at, c.decided_at";

impl TryFrom<ChangeRequestRow> for ChangeRequest {
    type Error = StoreError;

    /// The columns straight into the domain's types; a state or a JSON that means nothing is
    /// corrupt data.
    fn try_from(row: ChangeRequestRow) -> Result<ChangeRequest> {
        let id = row.id;
        let corrupt = |what: String| StoreError::Corrupt(format!("yêu cầu thay đổi {id}: {what}"));
        let data = |json: &str| {
            serde_json::from_str::<ProductData>(json).map_err(|e| corrupt(e.to_string()))
        };
        Ok(ChangeRequest {
            id,
            product_id: row.product_id,
            state: ChangeRequestState::from_key(&row.state)
                .ok_or_else(|| corrupt(format!("trạng thái \"{}\"", row.state)))?,
            revision: u32::try_from(row.revision)
                .map_err(|_| corrupt(format!("phiên bản {}", row.revision)))?,
            base_updated_at: row.base_updated_at,
            base: data(&row.base_json)?,
            proposed: data(&row.proposed_json)?,
            note: row.note,
            reason: row.reason,
            proposed_by: row.proposed_by,
            proposed_by_label: row.proposed_by_label,
            decided_by: row.decided_by,
            decided_by_label: row.decided_by_label,
            created_at: row.created_at,
            updated_at: row.updated_at,
            decided_at: row.decided_at,
        })
    }
}

fn json(data: &ProductData) -> String {
    serde_json::to_string(data).unwrap_or_default()
}

/// Inserts a new open request; another open request of the product (filed meanwhile: the
/// use case looked for one first) is a [`StoreError::StateConflict`].
pub(crate) async fn insert_change_request(tx: &mut Tx, request: &ChangeRequest) -> Result<()> {
    let q = Query::insert(
        "change_requests",
        vec![
            ("id", request.id.into()),
            ("product_id", request.product_id.into()),
            ("state", request.state.key().into()),
            ("revision", i64::from(request.revision).into()),
            ("base_updated_at", request.base_updated_at.into()),
            ("base_json", json(&request.base).into()),
            ("proposed_json", json(&request.proposed).into()),
            ("note", request.note.as_deref().into()),
            ("reason", request.reason.as_deref().into()),
            ("proposed_by", request.proposed_by.into()),
            (
                "proposed_by_label",
                request.proposed_by_label.as_str().into(),
            ),
            ("decided_by", request.decided_by.into()),
            (
                "decided_by_label",
                request.decided_by_label.as_deref().into(),
            ),
            ("created_at", request.created_at.into()),
            ("updated_at", request.updated_at.into()),
            ("decided_at", request.decided_at.into()),
        ],
    );
    tx.execute(&q).await.map_err(|e| {
        match on_unique(e, "product_id", String::new) {
            // Filed by another request between the caller's check and this insert.
            StoreError::Conflict { .. } => StoreError::StateConflict(
                "Sản phẩm vừa có một yêu cầu thay đổi khác đang chờ duyệt; hãy tải lại trang"
                    .to_owned(),
            ),
            other => other,
        }
    })?;
    Ok(())
}

/// Writes `after` over the request as the caller saw it at `seen_revision`, open: a request
/// decided or revised since is a [`StoreError::StateConflict`] saying which, nothing written.
pub(crate) async fn update_change_request(
    tx: &mut Tx,
    after: &ChangeRequest,
    seen_revision: u32,
) -> Result<()> {
    let mut q = Query::update(
        "change_requests",
        vec![
            ("state", after.state.key().into()),
            ("revision", i64::from(after.revision).into()),
            ("base_updated_at", after.base_updated_at.into()),
            ("base_json", json(&after.base).into()),
            ("proposed_json", json(&after.proposed).into()),
            ("note", after.note.as_deref().into()),
            ("reason", after.reason.as_deref().into()),
            ("decided_by", after.decided_by.into()),
            ("decided_by_label", after.decided_by_label.as_deref().into()),
            ("updated_at", after.updated_at.into()),
            ("decided_at", after.decided_at.into()),
        ],
        after.id,
    );
    q.push(" AND state = 'open' AND revision = ")
        .push_bind(i64::from(seen_revision));
    if tx.execute(&q).await? == 1 {
        return Ok(());
    }
    let now = change_request_in(tx, after.id).await?;
    Err(StoreError::StateConflict(
        if now.state != ChangeRequestState::Open {
            format!(
                "Yêu cầu thay đổi vừa chuyển sang trạng thái «{}»; hãy tải lại trang",
                now.state.label()
            )
        } else {
            format!(
                "Yêu cầu thay đổi đã được cập nhật (phiên bản {}) sau phiên bản {seen_revision} bạn \
             đã xem; hãy xem lại",
                now.revision
            )
        },
    ))
}

pub(crate) async fn change_request_in(tx: &mut Tx, id: Uuid) -> Result<ChangeRequest> {
    let q = Query::new(format!(
        "SELECT {COLUMNS} FROM change_requests c WHERE c.id = $1"
    ))
    .bind(id);
    let row: Option<ChangeRequestRow> = tx.fetch_optional(&q).await?;
    row.ok_or(StoreError::NotFound("yêu cầu thay đổi"))?
        .try_into()
}

impl ChangeRequest {
    /// A new open request of `product_id` by `by`, based on `base` at `base_updated_at`.
    pub(crate) fn new(
        product_id: Uuid,
        base: ProductData,
        base_updated_at: OffsetDateTime,
        proposed: ProductData,
        note: Option<String>,
        by: &AuditActor,
        now: OffsetDateTime,
    ) -> ChangeRequest {
        ChangeRequest {
            id: Uuid::now_v7(),
            product_id,
            state: ChangeRequestState::Open,
            revision: 1,
            base_updated_at,
            base,
            proposed,
            note,
            reason: None,
            proposed_by: by.user_id,
            proposed_by_label: by.label.clone(),
            decided_by: None,
            decided_by_label: None,
            created_at: now,
            updated_at: now,
            decided_at: None,
        }
    }
}

/// A list request: the requests of the products of a scope, filtered.
#[derive(Debug, Clone, Default)]
pub struct ChangeRequestQuery {
    pub state: Option<ChangeRequestState>,
    pub province: Option<u32>,
    pub commune: Option<u32>,
    pub product: Option<Uuid>,
    pub page: u32,
    pub per_page: u32,
}

/// One list row: the request with its product's name, producer and place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeRequestItem {
    pub request: ChangeRequest,
    pub product_name: String,
    pub producer_id: Uuid,
    pub producer_name: String,
    pub placement: Placement,
}

#[derive(FromRow)]
struct ItemRow {
    #[sqlx(flatten)]
    request: ChangeRequestRow,
    product_name: String,
    producer_id: Uuid,
    producer_name: String,
    province_code: i64,
    commune_code: Option<i64>,
}

impl Store {
    /// A change request by id, whoever asks (the use cases decide who may see it).
    pub async fn change_request(&self, id: Uuid) -> Result<ChangeRequest> {
        let q = Query::new(format!(
            "SELECT {COLUMNS} FROM change_requests c WHERE c.id = $1"
        ))
        .bind(id);
        let row: Option<ChangeRequestRow> = self.fetch_optional(&q).await?;
        row.ok_or(StoreError::NotFound("yêu cầu thay đổi"))?
            .try_into()
    }

    /// The open change request of a product, if any.
    pub async fn open_change_request(&self, product_id: Uuid) -> Result<Option<ChangeRequest>> {
        let q = Query::new(format!(
            "SELECT {COLUMNS} FROM change_requests c WHERE c.product_id = $1 AND c.state = 'open'"
        ))
        .bind(product_id);
        let row: Option<ChangeRequestRow> = self.fetch_optional(&q).await?;
        row.map(ChangeRequest::try_from).transpose()
    }

    /// The requests of the products inside `scope` (where the products sit today), newest
    /// first; the page and the total count.
    pub async fn list_change_requests(
        &self,
        scope: Scope,
        query: &ChangeRequestQuery,
    ) -> Result<(Vec<ChangeRequestItem>, u64)> {
        let filter = |q: &mut Query| {
            match scope {
                Scope::Everything => {}
                Scope::Province(code) => {
                    q.and_where("p.province_code = ").push_bind(code);
                }
                Scope::Commune(code) => {
                    q.and_where("p.commune_code = ").push_bind(code);
                }
                Scope::Producer(id) => {
                    q.and_where("p.producer_id = ").push_bind(id);
                }
                // The public sees no change request.
                Scope::PublicOnly => {
                    q.and_where("1 = 0");
                }
            }
            if let Some(state) = query.state {
                q.and_where("c.state = ").push_bind(state.key());
            }
            if let Some(code) = query.province {
                q.and_where("p.province_code = ").push_bind(code);
            }
            if let Some(code) = query.commune {
                q.and_where("p.commune_code = ").push_bind(code);
            }
            if let Some(id) = query.product {
                q.and_where("c.product_id = ").push_bind(id);
            }
        };
        let mut list = Query::new(format!(
            "SELECT {COLUMNS}, p.name AS product_name, p.producer_id, r.name AS producer_name, \
             p.province_code, p.commune_code FROM change_requests c \
             JOIN products p ON p.id = c.product_id JOIN producers r ON r.id = p.producer_id"
        ));
        filter(&mut list);
        list.push(" ORDER BY c.created_at DESC, c.id DESC")
            .push_page(query.page.max(1), query.per_page.clamp(1, 100));
        let mut count = Query::new(
            "SELECT COUNT(*) FROM change_requests c JOIN products p ON p.id = c.product_id",
        );
        filter(&mut count);
        let rows: Vec<ItemRow> = self.fetch_all(&list).await?;
        let (total,): (i64,) = self.fetch_one(&count).await?;
        let items = rows
            .into_iter()
            .map(|r| {
                let corrupt = |e: String| StoreError::Corrupt(format!("sản phẩm: {e}"));
                Ok(ChangeRequestItem {
                    request: r.request.try_into()?,
                    product_name: r.product_name,
                    producer_id: r.producer_id,
                    producer_name: r.producer_name,
                    placement: Placement {
                        province_code: stored_code(r.province_code).map_err(corrupt)?,
                        commune_code: r
                            .commune_code
                            .map(stored_code)
                            .transpose()
                            .map_err(corrupt)?,
                    },
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((items, total as u64))
    }
}
