//! Hồ sơ sản phẩm in storage: the dossier rows, their evidence files, the frozen versions of
//! each filing and the commune's returns; reads and the steps the use cases share. The use
//! cases themselves (who may do what) are in `use_cases/dossiers.rs`.

use ocop_domain::dossier::{
    CommuneReport, Deadline, DocumentKind, DossierData, DossierKind, DossierState, ProposalLetter,
    Registration, ReturnReason, ScoreSummary, SelfReport, SelfScore,
};
use ocop_domain::units::Placement;
use ocop_domain::vietnam_date;
use serde::Serialize;
use sqlx::FromRow;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::db::{Query, Tx};
use crate::{Result, Store, StoreError, stored_code};

/// A stored dossier.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dossier {
    pub id: Uuid,
    pub product_id: Uuid,
    pub producer_id: Uuid,
    pub state: DossierState,
    /// Every change adds one; an action names the revision it saw.
    pub revision: i64,
    #[serde(flatten)]
    pub data: DossierData,
    /// The scoring sheet of the product (bộ sản phẩm).
    pub sheet: u8,
    pub province_code: u32,
    pub commune_code: Option<u32>,
    pub self_score: Option<SelfScore>,
    pub score: Option<ScoreSummary>,
    /// Số phiếu tiếp nhận, issued on the first filing.
    pub receipt_number: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub first_submitted_at: Option<OffsetDateTime>,
    /// The latest filing, from which the commune's deadline runs.
    #[serde(with = "time::serde::rfc3339::option")]
    pub received_at: Option<OffsetDateTime>,
    pub commune_report: Option<CommuneReport>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub accepted_at: Option<OffsetDateTime>,
    pub letter: Option<ProposalLetter>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub proposed_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub withdrawn_at: Option<OffsetDateTime>,
    /// Demo data, not a real dossier.
    pub demo: bool,
    pub created_by: Option<Uuid>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl Dossier {
    pub fn placement(&self) -> Placement {
        Placement {
            province_code: self.province_code,
            commune_code: self.commune_code,
        }
    }

    /// The dossier as the access rules see it.
    pub fn resource(&self) -> ocop_domain::access::Resource {
        ocop_domain::dossier::resource(self.placement(), self.producer_id)
    }

    /// The day of the latest filing, in Vietnam.
    pub fn received_on(&self) -> Option<Date> {
        self.received_at.map(vietnam_date)
    }

    /// The commune's deadline while the dossier waits for it, seen on `today`.
    pub fn deadline(&self, today: Date) -> Option<Deadline> {
        if !self.state.awaits_commune() {
            return None;
        }
        self.received_on()
            .map(|received| Deadline::commune_review(received, today))
    }
}

#[derive(FromRow)]
pub(crate) struct DossierRow {
    id: Uuid,
    product_id: Uuid,
    producer_id: Uuid,
    kind: String,
    state: String,
    revision: i64,
    criteria_version: String,
    sheet: i64,
    year: i64,
    province_code: i64,
    commune_code: Option<i64>,
    registration_json: String,
    report_json: String,
    self_score_json: Option<String>,
    self_total: Option<i64>,
    self_stars: Option<i64>,
    receipt_number: Option<String>,
    first_submitted_at: Option<OffsetDateTime>,
    received_at: Option<OffsetDateTime>,
    commune_report_json: Option<String>,
    accepted_at: Option<OffsetDateTime>,
    letter_json: Option<String>,
    proposed_at: Option<OffsetDateTime>,
    withdrawn_at: Option<OffsetDateTime>,
    demo: bool,
    created_by: Option<Uuid>,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

pub(crate) const DOSSIER_COLUMNS: &str = "id, product_id, producer_id, kind, state, revision, \
    criteria_version, sheet, year, province_code, commune_code, registration_json, report_json, \
    self_score_json, self_total, self_stars, receipt_number, first_submitted_at, received_at, \
    commune_report_json, accepted_at, letter_json, proposed_at, withdrawn_at, demo, created_by, \
    created_at, updated_at";

fn json<T: serde::de::DeserializeOwned>(
    raw: &str,
    what: &str,
    corrupt: &dyn Fn(String) -> StoreError,
) -> Result<T> {
    serde_json::from_str(raw).map_err(|e| corrupt(format!("{what}: {e}")))
}

pub(crate) fn to_json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(format!("JSON: {e}")))
}

impl TryFrom<DossierRow> for Dossier {
    type Error = StoreError;

    /// Maps the columns into the domain types without the input rules (a row valid when
    /// written stays readable); only a key that means nothing is corrupt.
    fn try_from(row: DossierRow) -> Result<Dossier> {
        let id = row.id;
        let corrupt = move |what: String| StoreError::Corrupt(format!("hồ sơ {id}: {what}"));
        let registration: Registration = json(&row.registration_json, "Mẫu 01", &corrupt)?;
        let report: SelfReport = json(&row.report_json, "Mẫu 02", &corrupt)?;
        let score = match (row.self_total, row.self_stars) {
            (Some(total), Some(stars)) => Some(ScoreSummary {
                total: u32::try_from(total).map_err(|_| corrupt(format!("điểm {total}")))?,
                stars: u8::try_from(stars).map_err(|_| corrupt(format!("hạng sao {stars}")))?,
                minimums_checked: ocop_domain::dossier::criteria_set(&row.criteria_version)
                    .is_some_and(|set| !set.sheets.is_empty()),
            }),
            _ => None,
        };
        Ok(Dossier {
            id,
            product_id: row.product_id,
            producer_id: row.producer_id,
            state: DossierState::from_key(&row.state)
                .ok_or_else(|| corrupt(format!("trạng thái \"{}\"", row.state)))?,
            revision: row.revision,
            data: DossierData {
                kind: DossierKind::from_key(&row.kind)
                    .ok_or_else(|| corrupt(format!("loại \"{}\"", row.kind)))?,
                criteria_version: row.criteria_version,
                year: i32::try_from(row.year).map_err(|_| corrupt(format!("năm {}", row.year)))?,
                registration,
                report,
            },
            sheet: u8::try_from(row.sheet).map_err(|_| corrupt(format!("phiếu {}", row.sheet)))?,
            province_code: stored_code(row.province_code).map_err(corrupt)?,
            commune_code: row
                .commune_code
                .map(stored_code)
                .transpose()
                .map_err(corrupt)?,
            self_score: row
                .self_score_json
                .as_deref()
                .map(|raw| json(raw, "tự đánh giá", &corrupt))
                .transpose()?,
            score,
            receipt_number: row.receipt_number,
            first_submitted_at: row.first_submitted_at,
            received_at: row.received_at,
            commune_report: row
                .commune_report_json
                .as_deref()
                .map(|raw| json(raw, "Mẫu 03", &corrupt))
                .transpose()?,
            accepted_at: row.accepted_at,
            letter: row
                .letter_json
                .as_deref()
                .map(|raw| json(raw, "văn bản đề nghị", &corrupt))
                .transpose()?,
            proposed_at: row.proposed_at,
            withdrawn_at: row.withdrawn_at,
            demo: row.demo,
            created_by: row.created_by,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

/// An evidence file of a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceFile {
    pub id: Uuid,
    pub dossier_id: Uuid,
    pub sha256: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub file_name: String,
    pub kind: DocumentKind,
    /// The criteria of the dossier's sheet the file proves.
    pub criteria: Vec<String>,
    pub demo: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(FromRow)]
struct EvidenceRow {
    id: Uuid,
    dossier_id: Uuid,
    sha256: String,
    content_type: String,
    size_bytes: i64,
    file_name: String,
    kind: String,
    criteria_json: String,
    demo: bool,
    created_at: OffsetDateTime,
}

const EVIDENCE_COLUMNS: &str = "id, dossier_id, sha256, content_type, size_bytes, file_name, \
    kind, criteria_json, demo, created_at";

impl TryFrom<EvidenceRow> for EvidenceFile {
    type Error = StoreError;

    fn try_from(row: EvidenceRow) -> Result<EvidenceFile> {
        let id = row.id;
        let corrupt = move |what: String| StoreError::Corrupt(format!("minh chứng {id}: {what}"));
        Ok(EvidenceFile {
            id,
            dossier_id: row.dossier_id,
            sha256: row.sha256,
            content_type: row.content_type,
            size_bytes: row.size_bytes,
            file_name: row.file_name,
            kind: DocumentKind::from_key(&row.kind)
                .ok_or_else(|| corrupt(format!("loại \"{}\"", row.kind)))?,
            criteria: json(&row.criteria_json, "tiêu chí", &corrupt)?,
            demo: row.demo,
            created_at: row.created_at,
        })
    }
}

/// A stored file to link to a dossier as evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvidence {
    pub sha256: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub file_name: String,
    pub kind: DocumentKind,
    pub criteria: Vec<String>,
    pub demo: bool,
}

/// An evidence file as a version froze it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct FrozenEvidence {
    pub sha256: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub file_name: String,
    pub kind: DocumentKind,
    pub criteria: Vec<String>,
}

/// What was filed at one submission or resubmission, never changed afterwards.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DossierVersion {
    pub id: Uuid,
    pub dossier_id: Uuid,
    /// 1 for the first filing, then one more per resubmission.
    pub number: i64,
    /// `submit` or `resubmit`.
    pub action: String,
    pub kind: DossierKind,
    pub criteria_version: String,
    pub sheet: u8,
    pub registration: Registration,
    pub report: SelfReport,
    pub self_score: SelfScore,
    pub self_total: u32,
    pub self_stars: u8,
    pub evidence: Vec<FrozenEvidence>,
    pub created_by: Option<Uuid>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(FromRow)]
struct VersionRow {
    id: Uuid,
    dossier_id: Uuid,
    number: i64,
    action: String,
    kind: String,
    criteria_version: String,
    sheet: i64,
    registration_json: String,
    report_json: String,
    self_score_json: String,
    self_total: i64,
    self_stars: i64,
    evidence_json: String,
    created_by: Option<Uuid>,
    created_at: OffsetDateTime,
}

const VERSION_COLUMNS: &str = "id, dossier_id, number, action, kind, criteria_version, sheet, \
    registration_json, report_json, self_score_json, self_total, self_stars, evidence_json, \
    created_by, created_at";

impl TryFrom<VersionRow> for DossierVersion {
    type Error = StoreError;

    fn try_from(row: VersionRow) -> Result<DossierVersion> {
        let id = row.id;
        let corrupt =
            move |what: String| StoreError::Corrupt(format!("phiên bản hồ sơ {id}: {what}"));
        Ok(DossierVersion {
            id,
            dossier_id: row.dossier_id,
            number: row.number,
            action: row.action,
            kind: DossierKind::from_key(&row.kind)
                .ok_or_else(|| corrupt(format!("loại \"{}\"", row.kind)))?,
            criteria_version: row.criteria_version,
            sheet: u8::try_from(row.sheet).map_err(|_| corrupt(format!("phiếu {}", row.sheet)))?,
            registration: json(&row.registration_json, "Mẫu 01", &corrupt)?,
            report: json(&row.report_json, "Mẫu 02", &corrupt)?,
            self_score: json(&row.self_score_json, "tự đánh giá", &corrupt)?,
            self_total: u32::try_from(row.self_total)
                .map_err(|_| corrupt(format!("điểm {}", row.self_total)))?,
            self_stars: u8::try_from(row.self_stars)
                .map_err(|_| corrupt(format!("hạng sao {}", row.self_stars)))?,
            evidence: json(&row.evidence_json, "minh chứng", &corrupt)?,
            created_by: row.created_by,
            created_at: row.created_at,
        })
    }
}

/// One return by the commune: the reasons per item, against the version it returned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DossierReturn {
    pub id: Uuid,
    pub dossier_id: Uuid,
    pub version_number: i64,
    pub reasons: Vec<ReturnReason>,
    pub returned_by: Option<Uuid>,
    #[serde(with = "time::serde::rfc3339")]
    pub returned_at: OffsetDateTime,
}

#[derive(FromRow)]
struct ReturnRow {
    id: Uuid,
    dossier_id: Uuid,
    version_number: i64,
    reasons_json: String,
    returned_by: Option<Uuid>,
    returned_at: OffsetDateTime,
}

/// One row of a dossier list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DossierSummary {
    pub id: Uuid,
    pub product_id: Uuid,
    pub product_name: String,
    pub producer_id: Uuid,
    pub producer_name: String,
    pub kind: DossierKind,
    pub state: DossierState,
    pub revision: i64,
    pub year: i32,
    pub province_code: u32,
    pub commune_code: Option<u32>,
    pub receipt_number: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub received_at: Option<OffsetDateTime>,
    pub self_stars: Option<u8>,
    /// The commune's deadline while the dossier waits for it.
    pub deadline: Option<Deadline>,
    pub demo: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

#[derive(FromRow)]
pub(crate) struct SummaryRow {
    id: Uuid,
    product_id: Uuid,
    product_name: String,
    producer_id: Uuid,
    producer_name: String,
    kind: String,
    state: String,
    revision: i64,
    year: i64,
    province_code: i64,
    commune_code: Option<i64>,
    receipt_number: Option<String>,
    received_at: Option<OffsetDateTime>,
    self_stars: Option<i64>,
    demo: bool,
    updated_at: OffsetDateTime,
}

pub(crate) const SUMMARY_SELECT: &str = "SELECT d.id, d.product_id, p.name AS product_name, \
    d.producer_id, r.name AS producer_name, d.kind, d.state, d.revision, d.year, \
    d.province_code, d.commune_code, d.receipt_number, d.received_at, d.self_stars, d.demo, \
    d.updated_at FROM dossiers d JOIN products p ON p.id = d.product_id \
    JOIN producers r ON r.id = d.producer_id";

impl SummaryRow {
    pub(crate) fn into_summary(self, today: Date) -> Result<DossierSummary> {
        let id = self.id;
        let corrupt = |what: String| StoreError::Corrupt(format!("hồ sơ {id}: {what}"));
        let state = DossierState::from_key(&self.state)
            .ok_or_else(|| corrupt(format!("trạng thái \"{}\"", self.state)))?;
        let deadline = match (state.awaits_commune(), self.received_at) {
            (true, Some(at)) => Some(Deadline::commune_review(vietnam_date(at), today)),
            _ => None,
        };
        Ok(DossierSummary {
            id,
            product_id: self.product_id,
            product_name: self.product_name,
            producer_id: self.producer_id,
            producer_name: self.producer_name,
            kind: DossierKind::from_key(&self.kind)
                .ok_or_else(|| corrupt(format!("loại \"{}\"", self.kind)))?,
            state,
            revision: self.revision,
            year: i32::try_from(self.year).map_err(|_| corrupt(format!("năm {}", self.year)))?,
            province_code: stored_code(self.province_code).map_err(corrupt)?,
            commune_code: self
                .commune_code
                .map(stored_code)
                .transpose()
                .map_err(corrupt)?,
            receipt_number: self.receipt_number,
            received_at: self.received_at,
            self_stars: self
                .self_stars
                .map(|s| u8::try_from(s).map_err(|_| corrupt(format!("hạng sao {s}"))))
                .transpose()?,
            deadline,
            demo: self.demo,
            updated_at: self.updated_at,
        })
    }
}

impl Store {
    /// A dossier by id, whoever asks (the use cases decide who may see it).
    pub async fn dossier(&self, id: Uuid) -> Result<Dossier> {
        let q = Query::new(format!(
            "SELECT {DOSSIER_COLUMNS} FROM dossiers WHERE id = $1"
        ))
        .bind(id);
        let row: Option<DossierRow> = self.fetch_optional(&q).await?;
        row.ok_or(StoreError::NotFound("hồ sơ"))?.try_into()
    }

    pub async fn evidence_of(&self, dossier_id: Uuid) -> Result<Vec<EvidenceFile>> {
        let q = Query::new(format!(
            "SELECT {EVIDENCE_COLUMNS} FROM dossier_evidence WHERE dossier_id = $1 \
             ORDER BY created_at, id"
        ))
        .bind(dossier_id);
        let rows: Vec<EvidenceRow> = self.fetch_all(&q).await?;
        rows.into_iter().map(EvidenceFile::try_from).collect()
    }

    /// One evidence file by id.
    pub async fn evidence_file(&self, id: Uuid) -> Result<EvidenceFile> {
        let q = Query::new(format!(
            "SELECT {EVIDENCE_COLUMNS} FROM dossier_evidence WHERE id = $1"
        ))
        .bind(id);
        let row: Option<EvidenceRow> = self.fetch_optional(&q).await?;
        row.ok_or(StoreError::NotFound("tệp minh chứng"))?
            .try_into()
    }

    /// The frozen versions of a dossier, oldest first.
    pub async fn dossier_versions(&self, dossier_id: Uuid) -> Result<Vec<DossierVersion>> {
        let q = Query::new(format!(
            "SELECT {VERSION_COLUMNS} FROM dossier_versions WHERE dossier_id = $1 ORDER BY number"
        ))
        .bind(dossier_id);
        let rows: Vec<VersionRow> = self.fetch_all(&q).await?;
        rows.into_iter().map(DossierVersion::try_from).collect()
    }

    /// The commune's returns of a dossier, oldest first.
    pub async fn dossier_returns(&self, dossier_id: Uuid) -> Result<Vec<DossierReturn>> {
        let q = Query::new(
            "SELECT id, dossier_id, version_number, reasons_json, returned_by, returned_at \
             FROM dossier_returns WHERE dossier_id = $1 ORDER BY returned_at, id",
        )
        .bind(dossier_id);
        let rows: Vec<ReturnRow> = self.fetch_all(&q).await?;
        rows.into_iter()
            .map(|row| {
                let id = row.id;
                let corrupt =
                    move |what: String| StoreError::Corrupt(format!("lần trả lại {id}: {what}"));
                Ok(DossierReturn {
                    id,
                    dossier_id: row.dossier_id,
                    version_number: row.version_number,
                    reasons: json(&row.reasons_json, "lý do", &corrupt)?,
                    returned_by: row.returned_by,
                    returned_at: row.returned_at,
                })
            })
            .collect()
    }

    /// Of these stored files, those nothing refers to any more (no photo, evidence file or
    /// filed version): the ones the file store may remove.
    pub async fn unreferenced_files(&self, sha256s: &[String]) -> Result<Vec<String>> {
        let mut orphans = Vec::new();
        for sha in sha256s {
            let q = Query::new(
                "SELECT (SELECT COUNT(*) FROM product_photos WHERE sha256 = $1) \
                 + (SELECT COUNT(*) FROM dossier_evidence WHERE sha256 = $2) \
                 + (SELECT COUNT(*) FROM dossier_version_files WHERE sha256 = $3)",
            )
            .bind(sha.as_str())
            .bind(sha.as_str())
            .bind(sha.as_str());
            let (count,): (i64,) = self.fetch_one(&q).await?;
            if count == 0 && !orphans.contains(sha) {
                orphans.push(sha.clone());
            }
        }
        Ok(orphans)
    }
}

/// The dossier as it is inside a transaction (what an action decides on).
pub(crate) async fn dossier_in(tx: &mut Tx, id: Uuid) -> Result<Dossier> {
    let q = Query::new(format!(
        "SELECT {DOSSIER_COLUMNS} FROM dossiers WHERE id = $1"
    ))
    .bind(id);
    let row: Option<DossierRow> = tx.fetch_optional(&q).await?;
    row.ok_or(StoreError::NotFound("hồ sơ"))?.try_into()
}

pub(crate) async fn evidence_in(tx: &mut Tx, dossier_id: Uuid) -> Result<Vec<EvidenceFile>> {
    let q = Query::new(format!(
        "SELECT {EVIDENCE_COLUMNS} FROM dossier_evidence WHERE dossier_id = $1 \
         ORDER BY created_at, id"
    ))
    .bind(dossier_id);
    let rows: Vec<EvidenceRow> = tx.fetch_all(&q).await?;
    rows.into_iter().map(EvidenceFile::try_from).collect()
}

pub(crate) async fn insert_evidence(tx: &mut Tx, file: &EvidenceFile) -> Result<()> {
    let q = Query::new(format!(
        "INSERT INTO dossier_evidence ({EVIDENCE_COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    ))
    .bind(file.id)
    .bind(file.dossier_id)
    .bind(file.sha256.as_str())
    .bind(file.content_type.as_str())
    .bind(file.size_bytes)
    .bind(file.file_name.as_str())
    .bind(file.kind.key())
    .bind(to_json(&file.criteria)?)
    .bind(file.demo)
    .bind(file.created_at);
    tx.execute(&q).await?;
    Ok(())
}

/// Freezes what is filed now as the dossier's next version, with the files it holds.
pub(crate) async fn freeze_version(
    tx: &mut Tx,
    dossier: &Dossier,
    action: &str,
    created_by: Option<Uuid>,
) -> Result<DossierVersion> {
    let (count,): (i64,) = tx
        .fetch_one(
            &Query::new("SELECT COUNT(*) FROM dossier_versions WHERE dossier_id = $1")
                .bind(dossier.id),
        )
        .await?;
    let evidence: Vec<FrozenEvidence> = evidence_in(tx, dossier.id)
        .await?
        .into_iter()
        .map(|e| FrozenEvidence {
            sha256: e.sha256,
            content_type: e.content_type,
            size_bytes: e.size_bytes,
            file_name: e.file_name,
            kind: e.kind,
            criteria: e.criteria,
        })
        .collect();
    let score = dossier.score.ok_or_else(|| {
        StoreError::Corrupt(format!("hồ sơ {}: nộp khi chưa tự đánh giá", dossier.id))
    })?;
    let version = DossierVersion {
        id: Uuid::now_v7(),
        dossier_id: dossier.id,
        number: count + 1,
        action: action.to_owned(),
        kind: dossier.data.kind,
        criteria_version: dossier.data.criteria_version.clone(),
        sheet: dossier.sheet,
        registration: dossier.data.registration.clone(),
        report: dossier.data.report.clone(),
        self_score: dossier.self_score.clone().unwrap_or_default(),
        self_total: score.total,
        self_stars: score.stars,
        evidence,
        created_by,
        created_at: tx.now(),
    };
    let q = Query::new(format!(
        "INSERT INTO dossier_versions ({VERSION_COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
    ))
    .bind(version.id)
    .bind(version.dossier_id)
    .bind(version.number)
    .bind(version.action.as_str())
    .bind(version.kind.key())
    .bind(version.criteria_version.as_str())
    .bind(version.sheet)
    .bind(to_json(&version.registration)?)
    .bind(to_json(&version.report)?)
    .bind(to_json(&version.self_score)?)
    .bind(i64::from(version.self_total))
    .bind(version.self_stars)
    .bind(to_json(&version.evidence)?)
    .bind(version.created_by)
    .bind(version.created_at);
    tx.execute(&q).await?;
    let mut shas: Vec<&str> = version.evidence.iter().map(|e| e.sha256.as_str()).collect();
    shas.sort_unstable();
    shas.dedup();
    for sha in shas {
        tx.execute(
            &Query::new("INSERT INTO dossier_version_files (version_id, sha256) VALUES ($1, $2)")
                .bind(version.id)
                .bind(sha),
        )
        .await?;
    }
    Ok(version)
}

/// The next receipt number of the commune for the year, taken inside the filing's
/// transaction: the counter row is written (and so locked) by one statement, so two filings
/// at once get two numbers, and a filing rolled back gives its number back.
pub(crate) async fn next_receipt_seq(tx: &mut Tx, commune_code: u32, year: i32) -> Result<u32> {
    let (seq,): (i64,) = tx
        .fetch_one(
            &Query::new(
                "INSERT INTO dossier_receipt_counters (commune_code, year, last_seq) \
                 VALUES ($1, $2, 1) ON CONFLICT (commune_code, year) \
                 DO UPDATE SET last_seq = dossier_receipt_counters.last_seq + 1 \
                 RETURNING last_seq",
            )
            .bind(commune_code)
            .bind(i64::from(year)),
        )
        .await?;
    u32::try_from(seq).map_err(|_| StoreError::Corrupt(format!("số phiếu {seq}")))
}
