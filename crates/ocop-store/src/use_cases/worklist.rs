//! Việc cần làm: what the back-office dashboard lists for the caller, each list bounded and
//! counted, asked of the domain's rules and limited to the caller's scope, so that the page
//! shows only work the caller may do.

use ocop_domain::access::{
    Action, Actor, ScoringCapacity, authorize, authorize_photos, authorize_results,
    authorize_scoring, authorize_successor_choice, own_unit, view_scope,
};
use ocop_domain::product::ProductStatus;
use time::OffsetDateTime;
use uuid::Uuid;

use super::Caller;
use crate::evaluations::EvaluationKind;
use crate::producers::ProducerQuery;
use crate::products::{ProductListItem, ProductListQuery};
use crate::{Producer, Result, Store};

/// How many records each list of the dashboard shows; its count and link lead to the rest.
pub const WORKLIST_LIMIT: u32 = 10;

/// The first records of a list and how many there are in all.
#[derive(Debug, Clone)]
pub struct Listing<T> {
    pub items: Vec<T>,
    pub total: u64,
}

/// The caller's work; a list is `None` when the caller's role has no such work.
#[derive(Debug, Clone, Default)]
pub struct Worklist {
    /// Active products of the scope with no official evaluation yet, for those who score
    /// them officially (officials and council members).
    pub to_evaluate: Option<Listing<WorkProduct>>,
    /// Drafts awaiting activation, for officials who may publish them.
    pub drafts: Option<Listing<WorkProduct>>,
    /// Producers of a divided old commune whose commune of today awaits confirmation, for
    /// officials who may confirm it.
    pub unconfirmed: Option<Listing<Producer>>,
    /// A producer account's own products.
    pub own_products: Option<Listing<WorkProduct>>,
}

/// A product in a list, with what the caller may do with it.
#[derive(Debug, Clone)]
pub struct WorkProduct {
    pub item: ProductListItem,
    /// In which capacity the caller may score it; `None` when it may not.
    pub scoring: Option<EvaluationKind>,
    /// Whether the caller may read its saved results and next-star advice.
    pub may_read_results: bool,
    pub may_manage_photos: bool,
    pub may_edit: bool,
    /// Its latest saved evaluation, for those who may read results.
    pub latest: Option<LatestResult>,
}

/// The outcome of a saved evaluation, as a list shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LatestResult {
    pub stars: u8,
    pub kind: EvaluationKind,
    pub at: OffsetDateTime,
}

impl Store {
    /// The dashboard's lists for a signed-in caller (nothing for anyone else).
    pub async fn worklist(&self, caller: &Caller) -> Result<Worklist> {
        let Some(actor) = caller.actor() else {
            return Ok(Worklist::default());
        };
        let unit = own_unit(&actor);
        let mut work = Worklist::default();
        if let Ok(ScoringCapacity::Official) = authorize_scoring(&actor, &unit) {
            let query = ProductListQuery {
                status: Some(ProductStatus::Active),
                unevaluated: true,
                ..first_page()
            };
            work.to_evaluate = Some(self.work_products(&actor, &query).await?);
        }
        if authorize(Some(&actor), Action::Publish, &unit).is_ok() {
            let query = ProductListQuery {
                status: Some(ProductStatus::Draft),
                ..first_page()
            };
            work.drafts = Some(self.work_products(&actor, &query).await?);
        }
        if authorize_successor_choice(&actor, &unit).is_ok() {
            let query = ProducerQuery {
                unconfirmed: true,
                page: 1,
                per_page: WORKLIST_LIMIT,
                ..Default::default()
            };
            let (items, total) = self
                .list_producers(view_scope(Some(&actor)), &query)
                .await?;
            work.unconfirmed = Some(Listing { items, total });
        }
        if actor.producer_id.is_some() {
            work.own_products = Some(self.work_products(&actor, &first_page()).await?);
        }
        Ok(work)
    }

    async fn work_products(
        &self,
        actor: &Actor,
        query: &ProductListQuery,
    ) -> Result<Listing<WorkProduct>> {
        let (items, total) = self.list_products(view_scope(Some(actor)), query).await?;
        let readable: Vec<Uuid> = items
            .iter()
            .filter(|item| authorize_results(Some(actor), &item.product.resource()).is_ok())
            .map(|item| item.product.id)
            .collect();
        let mut latest = self.latest_evaluations(&readable).await?;
        let products = items
            .into_iter()
            .map(|item| {
                let record = item.product.resource();
                WorkProduct {
                    scoring: authorize_scoring(actor, &record)
                        .ok()
                        .map(EvaluationKind::from),
                    may_read_results: readable.contains(&item.product.id),
                    may_manage_photos: authorize_photos(actor, &record).is_ok(),
                    may_edit: authorize(Some(actor), Action::Edit, &record).is_ok(),
                    latest: latest.remove(&item.product.id).map(|saved| LatestResult {
                        stars: saved.stars,
                        kind: saved.kind,
                        at: saved.created_at,
                    }),
                    item,
                }
            })
            .collect();
        Ok(Listing {
            items: products,
            total,
        })
    }
}

fn first_page() -> ProductListQuery {
    ProductListQuery {
        page: 1,
        per_page: WORKLIST_LIMIT,
        ..Default::default()
    }
}
