//! Nhập dữ liệu: importing producers and products from a table, each row authorized on
//! where it lands.

use ocop_domain::access::{Resource, authorize_import, own_unit};
use ocop_domain::import::{ProducerRow, ProductRow, RowError};

use super::Caller;
use crate::import::{ImportOptions, ImportOutcome};
use crate::{Result, Store};

impl Store {
    /// Whether the caller may import at all (asked before a file is read).
    pub fn may_import(&self, caller: &Caller) -> Result<()> {
        caller.check(|actor| authorize_import(actor, &own_unit(actor)))?;
        Ok(())
    }

    /// Imports producers: `errors` are the rows the domain already rejected; a row placed
    /// outside the caller's reach is reported on its row.
    pub async fn import_producer_rows(
        &self,
        caller: &Caller,
        rows: Vec<ProducerRow>,
        errors: Vec<RowError>,
        options: ImportOptions,
        progress: impl Fn(usize),
    ) -> Result<ImportOutcome> {
        self.may_import(caller)?;
        let authorize = |placement| {
            caller.check(|actor| {
                let landing = Resource {
                    placement,
                    ..own_unit(actor)
                };
                authorize_import(actor, &landing)
            })
        };
        self.import_producers(&caller.audit(), rows, errors, options, authorize, progress)
            .await
    }

    /// Imports products of existing producers, each checked on its producer.
    pub async fn import_product_rows(
        &self,
        caller: &Caller,
        rows: Vec<ProductRow>,
        errors: Vec<RowError>,
        options: ImportOptions,
        progress: impl Fn(usize),
    ) -> Result<ImportOutcome> {
        self.may_import(caller)?;
        let authorize = |producer: &crate::Producer| {
            caller.check(|actor| authorize_import(actor, &producer.resource()))
        };
        self.import_products(&caller.audit(), rows, errors, options, authorize, progress)
            .await
    }
}
