//! Xuất dữ liệu: the lists a caller may see, as tables.

use ocop_domain::access::{Scope, authorize_export, own_unit, view_scope};

use super::Caller;
use crate::export::ExportTable;
use crate::producers::ProducerQuery;
use crate::products::ProductListQuery;
use crate::{Result, Store};

impl Caller {
    /// What lists show this caller: everything for the system.
    pub fn scope(&self) -> Scope {
        match self {
            Caller::System(_) => Scope::Everything,
            _ => view_scope(self.actor().as_ref()),
        }
    }
}

impl Store {
    /// The producers the caller may see that match `query`, for an official who may export.
    pub async fn export_producer_table(
        &self,
        caller: &Caller,
        query: &ProducerQuery,
    ) -> Result<ExportTable> {
        caller.check(|actor| authorize_export(actor, &own_unit(actor)))?;
        self.export_producers(caller.scope(), query).await
    }

    /// The products the caller may see that match `query`, for an official who may export.
    pub async fn export_product_table(
        &self,
        caller: &Caller,
        query: &ProductListQuery,
    ) -> Result<ExportTable> {
        caller.check(|actor| authorize_export(actor, &own_unit(actor)))?;
        self.export_products(caller.scope(), query).await
    }
}
