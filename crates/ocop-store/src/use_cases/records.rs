//! Reading a record's history.

use ocop_domain::access::authorize_audit;
use uuid::Uuid;

use super::Caller;
use crate::audit::AuditEntry;
use crate::{Result, Store};

/// Which records have a history to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Producer,
    Product,
}

impl Entity {
    pub fn key(self) -> &'static str {
        match self {
            Entity::Producer => "producer",
            Entity::Product => "product",
        }
    }
}

impl Store {
    /// The change history of a record the caller may see and audit, oldest first; a
    /// product's holds the evaluations saved of it.
    pub async fn history(
        &self,
        caller: &Caller,
        entity: Entity,
        id: Uuid,
    ) -> Result<Vec<AuditEntry>> {
        let record = match entity {
            Entity::Producer => self.visible_producer(caller, id).await?.resource(),
            Entity::Product => self.visible_product(caller, id).await?.resource(),
        };
        caller.check(|actor| authorize_audit(actor, &record))?;
        match entity {
            Entity::Producer => self.audit_of(entity.key(), id).await,
            Entity::Product => self.product_audit(id).await,
        }
    }
}
