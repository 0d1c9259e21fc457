//! Lô sản phẩm in storage: lots, their raw materials, lab tests and the append-only event log.
//! Events are only ever inserted (the tables refuse an UPDATE or DELETE by trigger); a
//! correction is a new event naming the one it corrects.

use ocop_domain::access::Denied;
use ocop_domain::epcis::{BizStep, Disposition, EventAction, EventData, RecordedEvent};
use ocop_domain::lot::{
    LabTestData, LotData, LotStatus, RawMaterial, TestResult, TransitionRefused,
};
use ocop_domain::validation::FieldErrors;
use serde::Serialize;
use sqlx::FromRow;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::audit::{AuditActor, append_audit};
use crate::db::{Query, Tx};
use crate::products::Product;
use crate::{Result, Store, StoreError, on_unique};

/// A stored lot (its materials, tests and events are read beside it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lot {
    pub id: Uuid,
    pub product_id: Uuid,
    /// Số lô, unique within the product.
    pub lot_number: String,
    #[serde(with = "ocop_domain::lot::iso_date")]
    pub produced_on: Date,
    #[serde(with = "ocop_domain::lot::iso_date::option")]
    pub expires_on: Option<Date>,
    pub quantity: u32,
    pub unit: String,
    pub storage_notes: Option<String>,
    pub status: LotStatus,
    pub recall_reason: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub recalled_at: Option<OffsetDateTime>,
    /// Demo data, not a real production record.
    pub demo: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

#[derive(FromRow)]
pub(crate) struct LotRow {
    id: Uuid,
    product_id: Uuid,
    lot_number: String,
    produced_on: Date,
    expires_on: Option<Date>,
    quantity: i64,
    unit: String,
    storage_notes: Option<String>,
    status: String,
    recall_reason: Option<String>,
    recalled_at: Option<OffsetDateTime>,
    demo: bool,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

pub(crate) const LOT_COLUMNS: &str = "id, product_id, lot_number, produced_on, expires_on, \
    quantity, unit, storage_notes, status, recall_reason, recalled_at, demo, created_at, \
    updated_at";

impl TryFrom<LotRow> for Lot {
    type Error = StoreError;

    fn try_from(row: LotRow) -> Result<Lot> {
        let id = row.id;
        let corrupt = |what: String| StoreError::Corrupt(format!("lô {id}: {what}"));
        Ok(Lot {
            id,
            product_id: row.product_id,
            lot_number: row.lot_number,
            produced_on: row.produced_on,
            expires_on: row.expires_on,
            quantity: u32::try_from(row.quantity)
                .map_err(|_| corrupt(format!("số lượng {}", row.quantity)))?,
            unit: row.unit,
            storage_notes: row.storage_notes,
            status: LotStatus::from_key(&row.status)
                .ok_or_else(|| corrupt(format!("trạng thái \"{}\"", row.status)))?,
            recall_reason: row.recall_reason,
            recalled_at: row.recalled_at,
            demo: row.demo,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

#[derive(FromRow)]
struct MaterialRow {
    name: String,
    supplier: Option<String>,
    origin: Option<String>,
    certification: Option<String>,
}

/// Phiếu kết quả kiểm nghiệm of a lot, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LabTest {
    pub id: Uuid,
    pub lot_id: Uuid,
    pub lab_name: String,
    #[serde(with = "ocop_domain::lot::iso_date")]
    pub tested_on: Date,
    pub results: Vec<TestResult>,
    /// The report's file, content-addressed (SHA-256 hex), when one was given.
    pub file: Option<TestFile>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// A lab test report's stored file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestFile {
    pub sha256: String,
    pub content_type: String,
    pub size_bytes: i64,
}

#[derive(FromRow)]
struct LabTestRow {
    id: Uuid,
    lot_id: Uuid,
    lab_name: String,
    tested_on: Date,
    results: String,
    sha256: Option<String>,
    content_type: Option<String>,
    size_bytes: Option<i64>,
    created_at: OffsetDateTime,
}

const TEST_COLUMNS: &str =
    "id, lot_id, lab_name, tested_on, results, sha256, content_type, size_bytes, created_at";

impl TryFrom<LabTestRow> for LabTest {
    type Error = StoreError;

    fn try_from(row: LabTestRow) -> Result<LabTest> {
        let file = match (row.sha256, row.content_type, row.size_bytes) {
            (Some(sha256), Some(content_type), Some(size_bytes)) => Some(TestFile {
                sha256,
                content_type,
                size_bytes,
            }),
            _ => None,
        };
        Ok(LabTest {
            id: row.id,
            lot_id: row.lot_id,
            lab_name: row.lab_name,
            tested_on: row.tested_on,
            results: serde_json::from_str(&row.results)
                .map_err(|e| StoreError::Corrupt(format!("phiếu kiểm nghiệm {}: {e}", row.id)))?,
            file,
            created_at: row.created_at,
        })
    }
}

/// One event of a lot's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LotEvent {
    pub id: Uuid,
    pub lot_id: Uuid,
    pub action: EventAction,
    pub biz_step: BizStep,
    pub disposition: Disposition,
    #[serde(with = "time::serde::rfc3339")]
    pub event_time: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub record_time: OffsetDateTime,
    pub read_point: Option<String>,
    pub biz_location: Option<String>,
    pub quantity: Option<u32>,
    pub serials: Vec<String>,
    /// The earlier event this one corrects.
    pub corrects_event_id: Option<Uuid>,
    pub correction_reason: Option<String>,
    /// Who recorded it (the audit actor's label).
    pub recorded_by: String,
}

impl LotEvent {
    /// The event as the EPCIS export reads it.
    pub fn recorded(&self) -> RecordedEvent {
        RecordedEvent {
            id: self.id,
            action: self.action,
            biz_step: self.biz_step,
            disposition: self.disposition,
            event_time: self.event_time,
            record_time: self.record_time,
            read_point: self.read_point.clone(),
            biz_location: self.biz_location.clone(),
            quantity: self.quantity,
            serials: self.serials.clone(),
            correction: self
                .corrects_event_id
                .map(|id| (id, self.correction_reason.clone().unwrap_or_default())),
        }
    }
}

#[derive(FromRow)]
pub(crate) struct EventRow {
    id: Uuid,
    lot_id: Uuid,
    action: String,
    biz_step: String,
    disposition: String,
    event_time: OffsetDateTime,
    record_time: OffsetDateTime,
    read_point: Option<String>,
    biz_location: Option<String>,
    quantity: Option<i64>,
    serials: String,
    corrects_event_id: Option<Uuid>,
    correction_reason: Option<String>,
    recorded_by: String,
}

pub(crate) const EVENT_COLUMNS: &str = "id, lot_id, action, biz_step, disposition, event_time, \
    record_time, read_point, biz_location, quantity, serials, corrects_event_id, \
    correction_reason, recorded_by";

impl TryFrom<EventRow> for LotEvent {
    type Error = StoreError;

    fn try_from(row: EventRow) -> Result<LotEvent> {
        let id = row.id;
        let corrupt = |what: String| StoreError::Corrupt(format!("sự kiện {id}: {what}"));
        Ok(LotEvent {
            id,
            lot_id: row.lot_id,
            action: EventAction::from_key(&row.action)
                .ok_or_else(|| corrupt(format!("hành động \"{}\"", row.action)))?,
            biz_step: BizStep::from_key(&row.biz_step)
                .ok_or_else(|| corrupt(format!("bước \"{}\"", row.biz_step)))?,
            disposition: Disposition::from_key(&row.disposition)
                .ok_or_else(|| corrupt(format!("tình trạng \"{}\"", row.disposition)))?,
            event_time: row.event_time,
            record_time: row.record_time,
            read_point: row.read_point,
            biz_location: row.biz_location,
            quantity: row
                .quantity
                .map(|q| u32::try_from(q).map_err(|_| corrupt(format!("số lượng {q}"))))
                .transpose()?,
            serials: serde_json::from_str(&row.serials).map_err(|e| corrupt(e.to_string()))?,
            corrects_event_id: row.corrects_event_id,
            correction_reason: row.correction_reason,
            recorded_by: row.recorded_by,
        })
    }
}

impl Store {
    /// A lot by id (whoever asks: the use cases check who may see it).
    pub async fn lot(&self, id: Uuid) -> Result<Lot> {
        let q = Query::new(format!("SELECT {LOT_COLUMNS} FROM lots WHERE id = $1")).bind(id);
        let row: Option<LotRow> = self.fetch_optional(&q).await?;
        Lot::try_from(row.ok_or(StoreError::NotFound("lô sản phẩm"))?)
    }

    /// A product's lots, the latest production first.
    pub async fn lots_of_product(&self, product_id: Uuid) -> Result<Vec<Lot>> {
        let q = Query::new(format!(
            "SELECT {LOT_COLUMNS} FROM lots WHERE product_id = $1 \
             ORDER BY produced_on DESC, lot_number"
        ))
        .bind(product_id);
        let rows: Vec<LotRow> = self.fetch_all(&q).await?;
        rows.into_iter().map(Lot::try_from).collect()
    }

    /// A lot's raw materials, in the order given.
    pub async fn lot_materials(&self, lot_id: Uuid) -> Result<Vec<RawMaterial>> {
        let q = Query::new(
            "SELECT name, supplier, origin, certification FROM lot_materials \
             WHERE lot_id = $1 ORDER BY position",
        )
        .bind(lot_id);
        let rows: Vec<MaterialRow> = self.fetch_all(&q).await?;
        Ok(rows
            .into_iter()
            .map(|r| RawMaterial {
                name: r.name,
                supplier: r.supplier,
                origin: r.origin,
                certification: r.certification,
            })
            .collect())
    }

    /// A lot's lab test reports, oldest first.
    pub async fn lot_tests(&self, lot_id: Uuid) -> Result<Vec<LabTest>> {
        let q = Query::new(format!(
            "SELECT {TEST_COLUMNS} FROM lot_tests WHERE lot_id = $1 ORDER BY created_at, id"
        ))
        .bind(lot_id);
        let rows: Vec<LabTestRow> = self.fetch_all(&q).await?;
        rows.into_iter().map(LabTest::try_from).collect()
    }

    pub async fn lot_test(&self, id: Uuid) -> Result<LabTest> {
        let q = Query::new(format!(
            "SELECT {TEST_COLUMNS} FROM lot_tests WHERE id = $1"
        ))
        .bind(id);
        let row: Option<LabTestRow> = self.fetch_optional(&q).await?;
        LabTest::try_from(row.ok_or(StoreError::NotFound("phiếu kiểm nghiệm"))?)
    }

    /// A lot's events in the order they were recorded (ids are time-ordered).
    pub async fn lot_events(&self, lot_id: Uuid) -> Result<Vec<LotEvent>> {
        let q = Query::new(format!(
            "SELECT {EVENT_COLUMNS} FROM lot_events WHERE lot_id = $1 ORDER BY record_time, id"
        ))
        .bind(lot_id);
        let rows: Vec<EventRow> = self.fetch_all(&q).await?;
        rows.into_iter().map(LotEvent::try_from).collect()
    }
}

/// A lot as a consumer who scans its stamp sees it (the resolver's page and JSON): no personal
/// data, nothing the public may not know. Read in a handful of queries; the resolver caches it
/// by lot id and drops it when the lot is recalled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LotPublicView {
    pub lot_id: Uuid,
    pub lot_number: String,
    #[serde(with = "ocop_domain::lot::iso_date")]
    pub produced_on: Date,
    #[serde(with = "ocop_domain::lot::iso_date::option")]
    pub expires_on: Option<Date>,
    pub quantity: u32,
    pub unit: String,
    pub status: LotStatus,
    pub recall_reason: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub recalled_at: Option<OffsetDateTime>,
    pub lot_demo: bool,
    pub product_id: Uuid,
    pub product_name: String,
    /// The product's status in the registry (only an active product is listed publicly).
    pub product_status: ocop_domain::product::ProductStatus,
    pub product_code: Option<String>,
    pub gtin: Option<String>,
    /// Câu chuyện sản phẩm.
    pub story: Option<String>,
    /// Hạng sao as recorded on the product.
    pub stars: Option<u8>,
    pub stars_demo: bool,
    /// The certificate's reference as recorded on the product.
    pub certificate_ref: Option<String>,
    pub producer_id: Uuid,
    pub producer_name: String,
    pub province_code: u32,
    /// Nguồn nguyên liệu.
    pub materials: Vec<RawMaterial>,
    /// Lab test reports: laboratory, date and key results (the files stay in the back office).
    pub tests: Vec<TestSummary>,
}

/// A lab test as the public sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestSummary {
    pub lab_name: String,
    #[serde(with = "ocop_domain::lot::iso_date")]
    pub tested_on: Date,
    pub results: Vec<TestResult>,
}

impl LotPublicView {
    pub fn is_recalled(&self) -> bool {
        self.status == LotStatus::Recalled
    }
}

impl Store {
    /// What the public sees of a lot through its stamps.
    pub async fn lot_public_view(&self, lot_id: Uuid) -> Result<LotPublicView> {
        let lot = self.lot(lot_id).await?;
        let product = self.product(lot.product_id).await?;
        let producer = self.producer(product.producer_id).await?;
        let materials = self.lot_materials(lot_id).await?;
        let tests = self
            .lot_tests(lot_id)
            .await?
            .into_iter()
            .map(|t| TestSummary {
                lab_name: t.lab_name,
                tested_on: t.tested_on,
                results: t.results,
            })
            .collect();
        Ok(LotPublicView {
            lot_id,
            lot_number: lot.lot_number,
            produced_on: lot.produced_on,
            expires_on: lot.expires_on,
            quantity: lot.quantity,
            unit: lot.unit,
            status: lot.status,
            recall_reason: lot.recall_reason,
            recalled_at: lot.recalled_at,
            lot_demo: lot.demo,
            product_id: product.id,
            product_name: product.data.name,
            product_status: product.data.status,
            product_code: product.product_code,
            gtin: product.data.gtin.map(|g| g.as_str().to_owned()),
            story: product.data.story,
            stars: product.stars,
            stars_demo: product.stars_demo,
            certificate_ref: product.certificate_ref,
            producer_id: producer.id,
            producer_name: producer.data.name,
            province_code: product.province_code,
            materials,
            tests,
        })
    }
}

/// A new lot's row and its commissioning event (ADD, with the lot's quantity): creating a lot
/// records that the lot came into being.
pub(crate) fn new_lot(
    product_id: Uuid,
    data: &LotData,
    demo: bool,
    now: OffsetDateTime,
    recorded_by: &str,
) -> (Lot, LotEvent) {
    let lot = Lot {
        id: Uuid::now_v7(),
        product_id,
        lot_number: data.lot_number.clone(),
        produced_on: data.produced_on,
        expires_on: data.expires_on,
        quantity: data.quantity,
        unit: data.unit.clone(),
        storage_notes: data.storage_notes.clone(),
        status: LotStatus::Active,
        recall_reason: None,
        recalled_at: None,
        demo,
        created_at: now,
        updated_at: now,
    };
    let event = LotEvent {
        id: Uuid::now_v7(),
        lot_id: lot.id,
        action: EventAction::Add,
        biz_step: BizStep::Commissioning,
        disposition: Disposition::Active,
        event_time: now,
        record_time: now,
        read_point: None,
        biz_location: None,
        quantity: Some(data.quantity),
        serials: Vec::new(),
        corrects_event_id: None,
        correction_reason: None,
        recorded_by: recorded_by.to_owned(),
    };
    (lot, event)
}

/// Inserts a lot with its materials and its first event, and the audit row.
pub(crate) async fn insert_lot(
    tx: &mut Tx,
    actor: &AuditActor,
    lot: &Lot,
    materials: &[RawMaterial],
    commissioning: &LotEvent,
    audit_action: &str,
) -> Result<()> {
    let q = Query::insert(
        "lots",
        vec![
            ("id", lot.id.into()),
            ("product_id", lot.product_id.into()),
            ("lot_number", lot.lot_number.as_str().into()),
            ("produced_on", lot.produced_on.into()),
            ("expires_on", lot.expires_on.into()),
            ("quantity", i64::from(lot.quantity).into()),
            ("unit", lot.unit.as_str().into()),
            ("storage_notes", lot.storage_notes.as_deref().into()),
            ("status", lot.status.key().into()),
            ("recall_reason", lot.recall_reason.as_deref().into()),
            ("recalled_at", lot.recalled_at.into()),
            ("demo", lot.demo.into()),
            ("created_at", lot.created_at.into()),
            ("updated_at", lot.updated_at.into()),
        ],
    );
    tx.execute(&q).await.map_err(|e| {
        on_unique(e, "lot_number", || {
            format!("Số lô {} đã có ở sản phẩm này", lot.lot_number)
        })
    })?;
    for (position, m) in materials.iter().enumerate() {
        let q = Query::insert(
            "lot_materials",
            vec![
                ("id", Uuid::now_v7().into()),
                ("lot_id", lot.id.into()),
                ("position", (position as i64).into()),
                ("name", m.name.as_str().into()),
                ("supplier", m.supplier.as_deref().into()),
                ("origin", m.origin.as_deref().into()),
                ("certification", m.certification.as_deref().into()),
            ],
        );
        tx.execute(&q).await?;
    }
    insert_event(tx, commissioning).await?;
    let after = serde_json::to_string(&serde_json::json!({
        "lot": lot,
        "materials": materials,
        "event": commissioning,
    }))
    .ok();
    append_audit(tx, actor, "lot", lot.id, audit_action, None, after).await
}

/// Appends an event: the only write the event log takes.
async fn insert_event(tx: &mut Tx, e: &LotEvent) -> Result<()> {
    let serials =
        serde_json::to_string(&e.serials).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let q = Query::insert(
        "lot_events",
        vec![
            ("id", e.id.into()),
            ("lot_id", e.lot_id.into()),
            ("action", e.action.key().into()),
            ("biz_step", e.biz_step.key().into()),
            ("disposition", e.disposition.key().into()),
            ("event_time", e.event_time.into()),
            ("record_time", e.record_time.into()),
            ("read_point", e.read_point.as_deref().into()),
            ("biz_location", e.biz_location.as_deref().into()),
            ("quantity", e.quantity.into()),
            ("serials", serials.into()),
            ("corrects_event_id", e.corrects_event_id.into()),
            ("correction_reason", e.correction_reason.as_deref().into()),
            ("recorded_by", e.recorded_by.as_str().into()),
        ],
    );
    tx.execute(&q).await?;
    Ok(())
}

async fn lot_in(tx: &mut Tx, id: Uuid) -> Result<Lot> {
    let q = Query::new(format!("SELECT {LOT_COLUMNS} FROM lots WHERE id = $1")).bind(id);
    let row: Option<LotRow> = tx.fetch_optional(&q).await?;
    Lot::try_from(row.ok_or(StoreError::NotFound("lô sản phẩm"))?)
}

impl Store {
    /// Creates a lot of `product_id` with its materials and its commissioning event;
    /// `authorize` sees the product before anything is written.
    pub async fn create_lot(
        &self,
        actor: &AuditActor,
        product_id: Uuid,
        data: LotData,
        demo: bool,
        authorize: impl FnOnce(&Product) -> Result<(), Denied>,
    ) -> Result<Lot> {
        let product = self.product(product_id).await?;
        authorize(&product)?;
        let mut tx = self.begin().await?;
        let (lot, event) = new_lot(product_id, &data, demo, tx.now(), &actor.label);
        insert_lot(&mut tx, actor, &lot, &data.materials, &event, "create").await?;
        tx.commit().await?;
        Ok(lot)
    }

    /// Appends an event to a lot's log; `authorize` sees the lot's product first. A recalled
    /// lot takes no event that puts its goods on the market; a correction names an event of
    /// the same lot.
    pub async fn add_lot_event(
        &self,
        actor: &AuditActor,
        lot_id: Uuid,
        data: EventData,
        authorize: impl FnOnce(&Product) -> Result<(), Denied>,
    ) -> Result<LotEvent> {
        let lot = self.lot(lot_id).await?;
        let product = self.product(lot.product_id).await?;
        authorize(&product)?;
        let mut tx = self.begin().await?;
        let lot = lot_in(&mut tx, lot_id).await?;
        if lot.status == LotStatus::Recalled && data.disposition.on_market() {
            return Err(StoreError::LotTransition(TransitionRefused::RecalledLot));
        }
        if let Some((corrected, _)) = &data.correction {
            let q = Query::new("SELECT id FROM lot_events WHERE id = $1 AND lot_id = $2")
                .bind(*corrected)
                .bind(lot_id);
            let found: Option<(Uuid,)> = tx.fetch_optional(&q).await?;
            if found.is_none() {
                let mut errors = FieldErrors::default();
                errors.add(
                    "corrects",
                    "unknown_event",
                    format!("Lô này không có sự kiện mã {corrected}"),
                );
                return Err(errors.into());
            }
        }
        let now = tx.now();
        let (corrects_event_id, correction_reason) = match data.correction {
            Some((id, reason)) => (Some(id), Some(reason)),
            None => (None, None),
        };
        let event = LotEvent {
            id: Uuid::now_v7(),
            lot_id,
            action: data.action,
            biz_step: data.biz_step,
            disposition: data.disposition,
            event_time: data.event_time,
            record_time: now,
            read_point: data.read_point,
            biz_location: data.biz_location,
            quantity: data.quantity,
            serials: data.serials,
            corrects_event_id,
            correction_reason,
            recorded_by: actor.label.clone(),
        };
        insert_event(&mut tx, &event).await?;
        let after = serde_json::to_string(&event).ok();
        append_audit(&mut tx, actor, "lot", lot_id, "record_event", None, after).await?;
        tx.commit().await?;
        Ok(event)
    }

    /// Thu hồi: marks a lot recalled and records the recall event (disposition `recalled`)
    /// in one transaction with its audit row; `authorize` sees the product first. A lot
    /// recalled already is refused ([`TransitionRefused::AlreadyRecalled`]).
    pub async fn mark_lot_recalled(
        &self,
        actor: &AuditActor,
        lot_id: Uuid,
        reason: String,
        authorize: impl FnOnce(&Product) -> Result<(), Denied>,
    ) -> Result<Lot> {
        let lot = self.lot(lot_id).await?;
        let product = self.product(lot.product_id).await?;
        authorize(&product)?;
        let mut tx = self.begin().await?;
        let before = lot_in(&mut tx, lot_id).await?;
        let status = before.status.recall().map_err(StoreError::LotTransition)?;
        let now = tx.now();
        let q = Query::new(
            "UPDATE lots SET status = $1, recall_reason = $2, recalled_at = $3, updated_at = $3              WHERE id = $4 AND status = 'active'",
        )
        .bind(status.key())
        .bind(reason.as_str())
        .bind(now)
        .bind(lot_id);
        if tx.execute(&q).await? != 1 {
            return Err(StoreError::LotTransition(
                TransitionRefused::AlreadyRecalled,
            ));
        }
        let event = LotEvent {
            id: Uuid::now_v7(),
            lot_id,
            action: EventAction::Observe,
            biz_step: BizStep::Holding,
            disposition: Disposition::Recalled,
            event_time: now,
            record_time: now,
            read_point: None,
            biz_location: None,
            quantity: None,
            serials: Vec::new(),
            corrects_event_id: None,
            correction_reason: None,
            recorded_by: actor.label.clone(),
        };
        insert_event(&mut tx, &event).await?;
        let after = Lot {
            status,
            recall_reason: Some(reason),
            recalled_at: Some(now),
            updated_at: now,
            ..before.clone()
        };
        append_audit(
            &mut tx,
            actor,
            "lot",
            lot_id,
            "recall",
            serde_json::to_string(&before).ok(),
            serde_json::to_string(&after).ok(),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Adds a lab test report to a lot, with its stored file if any; `authorize` sees the
    /// lot's product first.
    pub async fn add_lot_test(
        &self,
        actor: &AuditActor,
        lot_id: Uuid,
        data: LabTestData,
        file: Option<TestFile>,
        authorize: impl FnOnce(&Product) -> Result<(), Denied>,
    ) -> Result<LabTest> {
        let lot = self.lot(lot_id).await?;
        let product = self.product(lot.product_id).await?;
        authorize(&product)?;
        let mut tx = self.begin().await?;
        let test = LabTest {
            id: Uuid::now_v7(),
            lot_id,
            lab_name: data.lab_name,
            tested_on: data.tested_on,
            results: data.results,
            file,
            created_at: tx.now(),
        };
        let results =
            serde_json::to_string(&test.results).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let file = test.file.as_ref();
        let q = Query::insert(
            "lot_tests",
            vec![
                ("id", test.id.into()),
                ("lot_id", lot_id.into()),
                ("lab_name", test.lab_name.as_str().into()),
                ("tested_on", test.tested_on.into()),
                ("results", results.into()),
                ("sha256", file.map(|f| f.sha256.as_str()).into()),
                ("content_type", file.map(|f| f.content_type.as_str()).into()),
                ("size_bytes", file.map(|f| f.size_bytes).into()),
                ("created_at", test.created_at.into()),
            ],
        );
        tx.execute(&q).await?;
        let after = serde_json::to_string(&test).ok();
        append_audit(&mut tx, actor, "lot", lot_id, "add_test", None, after).await?;
        tx.commit().await?;
        Ok(test)
    }
}
