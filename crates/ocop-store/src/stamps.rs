//! Tem điện tử in storage: the stamp keys and the issued series. A series of any size is one
//! row (see [`ocop_domain::stamp`]): its stamps' codes are computed from the series number,
//! the index and the key, never stored.

use ocop_domain::stamp::{KeyId, KeyRing, LabelSettings, StampKey};
use serde::Serialize;
use sqlx::FromRow;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::audit::{AuditActor, append_audit};
use crate::db::{Query, Tx};
use crate::{Result, Store, StoreError};

/// A stamp key as it may be shown: its id and dates, never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StampKeyInfo {
    pub id: u8,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub retired_at: Option<OffsetDateTime>,
    /// The key new stamps are tagged with.
    pub active: bool,
}

#[derive(FromRow)]
struct KeyRow {
    id: i64,
    secret: Vec<u8>,
    created_at: OffsetDateTime,
    retired_at: Option<OffsetDateTime>,
    active: bool,
}

impl KeyRow {
    fn key_id(&self) -> Result<KeyId> {
        u8::try_from(self.id)
            .ok()
            .and_then(KeyId::new)
            .ok_or_else(|| StoreError::Corrupt(format!("mã khóa tem {}", self.id)))
    }

    fn stamp_key(&self) -> Result<StampKey> {
        let secret: [u8; 32] = self
            .secret
            .as_slice()
            .try_into()
            .map_err(|_| StoreError::Corrupt(format!("khóa tem {}: độ dài", self.id)))?;
        Ok(StampKey::new(self.key_id()?, secret))
    }

    fn info(&self) -> Result<StampKeyInfo> {
        Ok(StampKeyInfo {
            id: self.key_id()?.get(),
            created_at: self.created_at,
            retired_at: self.retired_at,
            active: self.active,
        })
    }
}

const KEY_COLUMNS: &str = "id, secret, created_at, retired_at, active";

/// Đợt phát hành tem: one issued series of stamps for a lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StampSeries {
    pub id: Uuid,
    /// The series number inside every serial of the series (20 bits, unique).
    pub series_no: u32,
    pub lot_id: Uuid,
    pub key_id: u8,
    /// Stamps `0..count`.
    pub count: u32,
    pub label: LabelSettings,
    /// Whether its URLs carry an Ed25519 signature.
    pub signed: bool,
    /// Demo data, not real stamps.
    pub demo: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub issued_at: OffsetDateTime,
    pub issued_by: String,
}

#[derive(FromRow)]
struct SeriesRow {
    id: Uuid,
    series_no: i64,
    lot_id: Uuid,
    key_id: i64,
    count: i64,
    label_width_mm: i64,
    label_height_mm: i64,
    signed: bool,
    demo: bool,
    issued_at: OffsetDateTime,
    issued_by: String,
}

const SERIES_COLUMNS: &str = "id, series_no, lot_id, key_id, count, label_width_mm, \
    label_height_mm, signed, demo, issued_at, issued_by";

impl TryFrom<SeriesRow> for StampSeries {
    type Error = StoreError;

    fn try_from(row: SeriesRow) -> Result<StampSeries> {
        let id = row.id;
        let number = |what: &str, v: i64| {
            u32::try_from(v).map_err(|_| StoreError::Corrupt(format!("đợt tem {id}: {what} {v}")))
        };
        Ok(StampSeries {
            id,
            series_no: number("số đợt", row.series_no)?,
            lot_id: row.lot_id,
            key_id: u8::try_from(row.key_id)
                .map_err(|_| StoreError::Corrupt(format!("đợt tem {id}: khóa {}", row.key_id)))?,
            count: number("số tem", row.count)?,
            label: LabelSettings {
                width_mm: number("chiều rộng nhãn", row.label_width_mm)?,
                height_mm: number("chiều cao nhãn", row.label_height_mm)?,
            },
            signed: row.signed,
            demo: row.demo,
            issued_at: row.issued_at,
            issued_by: row.issued_by,
        })
    }
}

/// What the stamp resolver keeps in memory of an issued series: enough to tell whether a
/// code was issued, and for which lot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IssuedSeries {
    pub series_no: u32,
    pub lot_id: Uuid,
    pub count: u32,
    pub key_id: u8,
    pub signed: bool,
    pub demo: bool,
}

/// A series about to be stored.
pub(crate) struct NewSeries {
    pub lot_id: Uuid,
    pub count: u32,
    pub label: LabelSettings,
    pub signed: bool,
    pub demo: bool,
}

impl Store {
    /// Every stamp key, as the ring that verifies codes (the active one issues). Empty until
    /// the first series is issued or `ocop keys rotate` runs.
    pub async fn stamp_keys(&self) -> Result<KeyRing> {
        let rows: Vec<KeyRow> = self
            .fetch_all(&Query::new(format!(
                "SELECT {KEY_COLUMNS} FROM stamp_keys ORDER BY id"
            )))
            .await?;
        let active = rows
            .iter()
            .find(|r| r.active)
            .map(KeyRow::key_id)
            .transpose()?;
        let keys = rows.iter().map(KeyRow::stamp_key).collect::<Result<_>>()?;
        Ok(KeyRing::new(keys, active))
    }

    /// The keys' ids and dates, oldest first; never their secrets.
    pub async fn stamp_key_infos(&self) -> Result<Vec<StampKeyInfo>> {
        let rows: Vec<KeyRow> = self
            .fetch_all(&Query::new(format!(
                "SELECT {KEY_COLUMNS} FROM stamp_keys ORDER BY created_at, id"
            )))
            .await?;
        rows.iter().map(KeyRow::info).collect()
    }

    /// Every issued series (what a verifier keeps in memory: series number → lot, count, key).
    pub async fn stamp_series_all(&self) -> Result<Vec<StampSeries>> {
        let rows: Vec<SeriesRow> = self
            .fetch_all(&Query::new(format!(
                "SELECT {SERIES_COLUMNS} FROM stamp_series ORDER BY series_no"
            )))
            .await?;
        rows.into_iter().map(StampSeries::try_from).collect()
    }

    /// The issued series numbered above `after` (all of them when None), in number order,
    /// as [`IssuedSeries`]: six narrow columns, nothing to parse, because the resolver reads
    /// every series at start (200,000 rows for 10,000,000 stamps) and the newest ones again
    /// each minute. A series is never changed or removed once issued, and its number is the
    /// highest at its issue, so what is above the numbers already read is all that can be new.
    pub async fn issued_series(&self, after: Option<u32>) -> Result<Vec<IssuedSeries>> {
        let mut q =
            Query::new("SELECT series_no, lot_id, count, key_id, signed, demo FROM stamp_series");
        if let Some(after) = after {
            q.and_where("series_no > ").push_bind(i64::from(after));
        }
        q.push(" ORDER BY series_no");
        let rows: Vec<(i64, Uuid, i64, i64, bool, bool)> = self.fetch_all(&q).await?;
        rows.into_iter()
            .map(|(series_no, lot_id, count, key_id, signed, demo)| {
                let corrupt = || StoreError::Corrupt(format!("đợt tem số {series_no}"));
                Ok(IssuedSeries {
                    series_no: u32::try_from(series_no).map_err(|_| corrupt())?,
                    lot_id,
                    count: u32::try_from(count).map_err(|_| corrupt())?,
                    key_id: u8::try_from(key_id).map_err(|_| corrupt())?,
                    signed,
                    demo,
                })
            })
            .collect()
    }

    /// A lot's series, the latest first.
    pub async fn stamp_series_of_lot(&self, lot_id: Uuid) -> Result<Vec<StampSeries>> {
        let q = Query::new(format!(
            "SELECT {SERIES_COLUMNS} FROM stamp_series WHERE lot_id = $1 ORDER BY series_no DESC"
        ))
        .bind(lot_id);
        let rows: Vec<SeriesRow> = self.fetch_all(&q).await?;
        rows.into_iter().map(StampSeries::try_from).collect()
    }

    /// A series by id (whoever asks: the use cases check who may see it).
    pub async fn stamp_series(&self, id: Uuid) -> Result<StampSeries> {
        let q = Query::new(format!(
            "SELECT {SERIES_COLUMNS} FROM stamp_series WHERE id = $1"
        ))
        .bind(id);
        let row: Option<SeriesRow> = self.fetch_optional(&q).await?;
        StampSeries::try_from(row.ok_or(StoreError::NotFound("đợt phát hành tem"))?)
    }
}

/// Adds a new key, active from now on; the previous active key is retired from issuing but
/// keeps verifying. Ids run 0–31: after 32 keys rotation stops (re-using an id would make
/// the old stamps under it unverifiable).
pub(crate) async fn rotate_key(tx: &mut Tx, actor: &AuditActor) -> Result<StampKeyInfo> {
    let (count, highest): (i64, Option<i64>) = tx
        .fetch_one(&Query::new("SELECT COUNT(*), MAX(id) FROM stamp_keys"))
        .await?;
    if count >= i64::from(ocop_domain::stamp::KEY_IDS) {
        return Err(StoreError::Conflict {
            field: "key",
            message: "Đã dùng hết 32 mã khóa tem; không thể xoay khóa thêm".into(),
        });
    }
    let id = highest.map_or(0, |h| h + 1);
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let now = tx.now();
    tx.execute(
        &Query::new("UPDATE stamp_keys SET active = $1, retired_at = $2 WHERE active = $3")
            .bind(false)
            .bind(now)
            .bind(true),
    )
    .await?;
    tx.execute(
        &Query::new(format!(
            "INSERT INTO stamp_keys ({KEY_COLUMNS}) VALUES ($1, $2, $3, $4, $5)"
        ))
        .bind(id)
        .bind(secret.as_slice())
        .bind(now)
        .bind(None::<OffsetDateTime>)
        .bind(true),
    )
    .await?;
    let info = StampKeyInfo {
        id: id as u8,
        created_at: now,
        retired_at: None,
        active: true,
    };
    // The audit row names the key by id and date only.
    append_audit(
        tx,
        actor,
        "stamp_key",
        Uuid::from_u128(id as u128),
        "rotate",
        None,
        serde_json::to_string(&info).ok(),
    )
    .await?;
    Ok(info)
}

/// The active key, creating the first one when there is none yet.
pub(crate) async fn active_key(tx: &mut Tx, actor: &AuditActor) -> Result<StampKey> {
    let row: Option<KeyRow> = tx
        .fetch_optional(
            &Query::new(format!(
                "SELECT {KEY_COLUMNS} FROM stamp_keys WHERE active = $1"
            ))
            .bind(true),
        )
        .await?;
    if let Some(row) = row {
        return row.stamp_key();
    }
    rotate_key(tx, actor).await?;
    let row: KeyRow = tx
        .fetch_one(
            &Query::new(format!(
                "SELECT {KEY_COLUMNS} FROM stamp_keys WHERE active = $1"
            ))
            .bind(true),
        )
        .await?;
    row.stamp_key()
}

/// Stores a series under the next series number, with its audit row.
pub(crate) async fn insert_series(
    tx: &mut Tx,
    actor: &AuditActor,
    key: &StampKey,
    new: &NewSeries,
) -> Result<StampSeries> {
    let (next,): (i64,) = tx
        .fetch_one(&Query::new(
            "SELECT COALESCE(MAX(series_no) + 1, 0) FROM stamp_series",
        ))
        .await?;
    let series_no = u32::try_from(next)
        .ok()
        .filter(|n| *n <= ocop_domain::stamp::MAX_SERIES_NO)
        .ok_or_else(|| StoreError::Conflict {
            field: "count",
            message: "Đã dùng hết số đợt phát hành tem".into(),
        })?;
    let series = StampSeries {
        id: Uuid::now_v7(),
        series_no,
        lot_id: new.lot_id,
        key_id: key.id.get(),
        count: new.count,
        label: new.label,
        signed: new.signed,
        demo: new.demo,
        issued_at: tx.now(),
        issued_by: actor.label.clone(),
    };
    let q = Query::new(format!(
        "INSERT INTO stamp_series ({SERIES_COLUMNS}, issued_by_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
    ))
    .bind(series.id)
    .bind(series.series_no)
    .bind(series.lot_id)
    .bind(series.key_id)
    .bind(series.count)
    .bind(series.label.width_mm)
    .bind(series.label.height_mm)
    .bind(series.signed)
    .bind(series.demo)
    .bind(series.issued_at)
    .bind(series.issued_by.as_str())
    .bind(actor.user_id);
    tx.execute(&q).await?;
    append_audit(
        tx,
        actor,
        "lot",
        series.lot_id,
        "issue_stamps",
        None,
        serde_json::to_string(&series).ok(),
    )
    .await?;
    Ok(series)
}
