//! Lô sản phẩm: register a lot, record its events and lab tests, recall it, import lots,
//! export its events as EPCIS. A product the caller may not see is unknown; one it sees but
//! whose lots it may not read or record is refused.

use ocop_domain::access::{authorize_lot_import, authorize_lot_read, authorize_lot_record};
use ocop_domain::epcis::{EventInput, LotIdentity, LotMasterData};
use ocop_domain::import::{LotRow, RowError};
use ocop_domain::lot::{LabTestInput, LotInput, RawMaterial, RecallInput};
use time::Date;
use uuid::Uuid;

use super::Caller;
use crate::import::{ImportOptions, ImportOutcome};
use crate::lots::{LabTest, Lot, LotEvent, TestFile};
use crate::{Product, Result, Store, ViewChange};

/// A lot with all it holds, as its page and the API show it.
#[derive(Debug, Clone)]
pub struct LotDetail {
    pub lot: Lot,
    pub product: Product,
    pub materials: Vec<RawMaterial>,
    pub tests: Vec<LabTest>,
    pub events: Vec<LotEvent>,
}

impl Store {
    /// Today in Vietnam, by the store's clock: what production and test dates are checked
    /// against.
    pub fn today(&self) -> Date {
        ocop_domain::vietnam_date(self.now())
    }

    /// A product whose lots the caller may read.
    pub async fn product_for_lots(&self, caller: &Caller, product_id: Uuid) -> Result<Product> {
        let product = self.visible_product(caller, product_id).await?;
        caller.check(|actor| authorize_lot_read(actor, &product.resource()))?;
        Ok(product)
    }

    /// A product whose lots the caller may record (asked before a form or a file is read).
    pub async fn product_for_lot_records(
        &self,
        caller: &Caller,
        product_id: Uuid,
    ) -> Result<Product> {
        let product = self.product_for_lots(caller, product_id).await?;
        caller.check(|actor| authorize_lot_record(actor, &product.resource()))?;
        Ok(product)
    }

    /// A product's lots, for a caller who may read them.
    pub async fn product_lots(&self, caller: &Caller, product_id: Uuid) -> Result<Vec<Lot>> {
        self.product_for_lots(caller, product_id).await?;
        self.lots_of_product(product_id).await
    }

    /// A lot and its product, for a caller who may read the product's lots.
    pub async fn visible_lot(&self, caller: &Caller, lot_id: Uuid) -> Result<(Lot, Product)> {
        let lot = self.lot(lot_id).await?;
        let product = self.product_for_lots(caller, lot.product_id).await?;
        Ok((lot, product))
    }

    /// A lot and its product, for a caller who may record the product's lots.
    pub async fn lot_for_records(&self, caller: &Caller, lot_id: Uuid) -> Result<(Lot, Product)> {
        let (lot, product) = self.visible_lot(caller, lot_id).await?;
        caller.check(|actor| authorize_lot_record(actor, &product.resource()))?;
        Ok((lot, product))
    }

    /// Everything about a lot: materials, tests and its event log.
    pub async fn lot_detail(&self, caller: &Caller, lot_id: Uuid) -> Result<LotDetail> {
        let (lot, product) = self.visible_lot(caller, lot_id).await?;
        Ok(LotDetail {
            materials: self.lot_materials(lot_id).await?,
            tests: self.lot_tests(lot_id).await?,
            events: self.lot_events(lot_id).await?,
            lot,
            product,
        })
    }

    /// Registers a lot of a product, recording its commissioning event.
    pub async fn register_lot(
        &self,
        caller: &Caller,
        product_id: Uuid,
        input: &LotInput,
    ) -> Result<Lot> {
        self.product_for_lot_records(caller, product_id).await?;
        let data = input.parse(self.today())?;
        self.create_lot(&caller.audit(), product_id, data, false, |product| {
            caller.check(|actor| authorize_lot_record(actor, &product.resource()))
        })
        .await
    }

    /// Records an event of a lot (a correction names the event it corrects).
    pub async fn record_lot_event(
        &self,
        caller: &Caller,
        lot_id: Uuid,
        input: &EventInput,
    ) -> Result<LotEvent> {
        self.lot_for_records(caller, lot_id).await?;
        let data = input.parse(self.now())?;
        self.add_lot_event(&caller.audit(), lot_id, data, |product| {
            caller.check(|actor| authorize_lot_record(actor, &product.resource()))
        })
        .await
    }

    /// Recalls a lot: its status and the recall event, in one transaction; then the stamp
    /// resolver is told.
    pub async fn recall_lot(
        &self,
        caller: &Caller,
        lot_id: Uuid,
        input: &RecallInput,
    ) -> Result<Lot> {
        self.lot_for_records(caller, lot_id).await?;
        let reason = input.parse()?;
        // The stamp resolver drops its view of the lot at once (no 30 s delay).
        self.mark_lot_recalled(&caller.audit(), lot_id, reason, |product| {
            caller.check(|actor| authorize_lot_record(actor, &product.resource()))
        })
        .await
        .inspect(|_| self.notify_lot_view(ViewChange::Lot(lot_id)))
    }

    /// Adds a lab test report (its file already stored, content-addressed) to a lot.
    pub async fn record_lab_test(
        &self,
        caller: &Caller,
        lot_id: Uuid,
        input: &LabTestInput,
        file: Option<TestFile>,
    ) -> Result<LabTest> {
        self.lot_for_records(caller, lot_id).await?;
        let data = input.parse(self.today())?;
        // The stamp page lists the lot's tests.
        self.add_lot_test(&caller.audit(), lot_id, data, file, |product| {
            caller.check(|actor| authorize_lot_record(actor, &product.resource()))
        })
        .await
        .inspect(|_| self.notify_lot_view(ViewChange::Lot(lot_id)))
    }

    /// A lab test report of a lot the caller may read.
    pub async fn visible_lab_test(&self, caller: &Caller, test_id: Uuid) -> Result<LabTest> {
        let test = self.lot_test(test_id).await?;
        self.visible_lot(caller, test.lot_id).await?;
        Ok(test)
    }

    /// Whether the caller may import lots at all (asked before a file is read).
    pub fn may_import_lots(&self, caller: &Caller) -> Result<()> {
        caller.check(authorize_lot_import)?;
        Ok(())
    }

    /// Imports lots: `errors` are the rows the domain already rejected; each row is checked
    /// on its product.
    pub async fn import_lot_rows(
        &self,
        caller: &Caller,
        rows: Vec<LotRow>,
        errors: Vec<RowError>,
        options: ImportOptions,
    ) -> Result<ImportOutcome> {
        self.may_import_lots(caller)?;
        let sees = |product: &Product| caller.sees(&product.resource());
        let authorize = |product: &Product| {
            caller.check(|actor| authorize_lot_record(actor, &product.resource()))
        };
        self.import_lots(&caller.audit(), rows, errors, options, sees, authorize)
            .await
    }

    /// The lot's events as an EPCIS 2.0 JSON-LD document.
    pub async fn lot_epcis(&self, caller: &Caller, lot_id: Uuid) -> Result<serde_json::Value> {
        let (lot, product) = self.visible_lot(caller, lot_id).await?;
        let events: Vec<_> = self
            .lot_events(lot_id)
            .await?
            .iter()
            .map(LotEvent::recorded)
            .collect();
        let identity = LotIdentity {
            product_id: product.id,
            gtin: product.data.gtin.clone(),
            lot_number: lot.lot_number.clone(),
        };
        let master = LotMasterData {
            produced_on: lot.produced_on,
            expires_on: lot.expires_on,
            unit: lot.unit.clone(),
        };
        Ok(ocop_domain::epcis::document(
            &identity,
            &master,
            &events,
            self.now(),
        ))
    }
}
