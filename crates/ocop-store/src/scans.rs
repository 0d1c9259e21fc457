//! Lượt quét tem in storage: the scan log, the count per serial, the alerts raised from them,
//! and consumers' reports.
//!
//! Scans are written by ONE task ([`ScanLog::spawn`]): the resolver hands each scan to a
//! bounded channel and never waits; the task writes what has arrived every
//! [`ScanLogSettings::batch`] scans or [`ScanLogSettings::interval`], in one transaction,
//! and raises the alerts the batch calls for. When the channel is full the scan is dropped
//! and counted ([`ScanLogStats::dropped`]): a consumer's page never waits for the database.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use ocop_domain::scan::{AgentClass, AlertKind, AlertRules, CoarsePlace, nearest_province};
use serde::Serialize;
use sqlx::FromRow;
use time::{Date, OffsetDateTime};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use crate::db::{Query, Tx, Value};
use crate::{Backend, Result, Store};

/// One scan, as the resolver hands it over: fixed size, nothing allocated per scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanEvent {
    pub at: OffsetDateTime,
    /// The serial's 10 canonical characters.
    pub serial: [u8; 10],
    pub series_no: u32,
    /// None for a validly tagged code of a series never issued.
    pub lot_id: Option<Uuid>,
    /// The lot's expiry date, from the resolver's cache (for the after-expiry alert).
    pub expires_on: Option<Date>,
    pub place: Option<CoarsePlace>,
    pub agent: AgentClass,
    pub demo: bool,
}

impl ScanEvent {
    pub fn serial_str(&self) -> &str {
        std::str::from_utf8(&self.serial).unwrap_or("")
    }
}

/// How many times a serial was scanned, first and last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, FromRow)]
pub struct ScanCount {
    pub count: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub first_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub last_at: OffsetDateTime,
}

/// Most rows one INSERT carries (its values bound as [`Query::bulk`] does, in linear time).
const ROWS_PER_INSERT: usize = 500;
/// Earlier placed scans of a serial compared with a new placed one.
const FAR_APART_LOOKBACK: i64 = 20;

impl Store {
    /// The scan count of `serial`, if it was ever scanned: the one read the resolver makes
    /// for a stamp not in its memory.
    pub async fn scan_count(&self, serial: &str) -> Result<Option<ScanCount>> {
        Ok(self
            .fetch_optional(
                &Query::new("SELECT count, first_at, last_at FROM scan_counts WHERE serial = $1")
                    .bind(serial),
            )
            .await?)
    }

    /// Writes a batch of scans in one transaction: the log rows, the counts, and the alerts
    /// they raise (one per serial and kind, ever). Returns the alerts newly raised.
    pub async fn record_scans(
        &self,
        scans: &[ScanEvent],
        rules: &AlertRules,
    ) -> Result<Vec<(String, AlertKind)>> {
        if scans.is_empty() {
            return Ok(Vec::new());
        }
        let backend = self.backend();
        let mut tx = self.begin().await?;
        for chunk in scans.chunks(ROWS_PER_INSERT) {
            insert_scans(&mut tx, backend, chunk).await?;
        }
        // Counts: one upsert row per serial of the batch (PostgreSQL refuses to update one
        // row twice in a statement).
        let mut per_serial: HashMap<[u8; 10], (&ScanEvent, i64, OffsetDateTime, OffsetDateTime)> =
            HashMap::new();
        for scan in scans {
            per_serial
                .entry(scan.serial)
                .and_modify(|(_, n, first, last)| {
                    *n += 1;
                    *first = (*first).min(scan.at);
                    *last = (*last).max(scan.at);
                })
                .or_insert((scan, 1, scan.at, scan.at));
        }
        // In key order, so that each statement's rows fall on neighbouring pages of the
        // counts' b-tree: fewer pages read, and fewer copied into the statement's journal.
        let mut rows: Vec<_> = per_serial.into_values().collect();
        rows.sort_unstable_by_key(|(scan, ..)| scan.serial);
        let mut raised = Vec::new();
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            let mut q = Query::bulk(
                backend,
                "INSERT INTO scan_counts (serial, series_no, count, first_at, last_at) VALUES ",
            );
            q.push_rows(chunk.iter().map(|(scan, n, first, last)| {
                [
                    Value::from(scan.serial_str()),
                    Value::from(i64::from(scan.series_no)),
                    Value::from(*n),
                    Value::from(*first),
                    Value::from(*last),
                ]
            }))
            .push(
                " ON CONFLICT (serial) DO UPDATE SET count = scan_counts.count + excluded.count, \
                 last_at = excluded.last_at",
            );
            tx.execute(&q).await?;
            // Only the counts over the threshold whose stamp has no such alert yet are read
            // back: a row returned per serial costs the writer more than the upsert itself,
            // and a copied stamp scanned on and on would otherwise come back in every batch.
            // (A threshold lowered later alerts the stamps now over it at their next scan.)
            let mut over = Query::bulk(
                backend,
                "SELECT serial, count FROM scan_counts WHERE count > ",
            );
            over.push_bind(i64::from(rules.max_scans))
                .push(" AND serial IN (")
                .push_bind_list(chunk.iter().map(|(scan, ..)| scan.serial_str()))
                .push(
                    ") AND NOT EXISTS (SELECT 1 FROM scan_alerts a \
                     WHERE a.serial = scan_counts.serial AND a.kind = ",
                )
                .push_bind(AlertKind::ManyScans.key())
                .push(")");
            let counts: Vec<(String, i64)> = tx.fetch_all(&over).await?;
            if counts.is_empty() {
                continue;
            }
            let by_serial: HashMap<&str, &ScanEvent> =
                chunk.iter().map(|(s, ..)| (s.serial_str(), *s)).collect();
            for (serial, count) in counts {
                if let Some(scan) = by_serial.get(serial.as_str()) {
                    let detail = format!("{count} lượt quét (ngưỡng {})", rules.max_scans);
                    raise(&mut tx, &mut raised, scan, AlertKind::ManyScans, &detail).await?;
                }
            }
        }
        // The dashboard's figures: one row a day, lot and province.
        let mut per_day: HashMap<(Date, Uuid, i64), i64> = HashMap::new();
        for scan in scans {
            if let Some(lot_id) = scan.lot_id {
                let province = scan.place.and_then(nearest_province).map_or(0, i64::from);
                *per_day
                    .entry((ocop_domain::vietnam_date(scan.at), lot_id, province))
                    .or_default() += 1;
            }
        }
        let mut days: Vec<_> = per_day.into_iter().collect();
        days.sort_unstable();
        for chunk in days.chunks(ROWS_PER_INSERT) {
            let mut q = Query::bulk(
                backend,
                "INSERT INTO scan_days (day, lot_id, place_province, scans) VALUES ",
            );
            q.push_rows(chunk.iter().map(|((day, lot_id, province), n)| {
                [
                    Value::from(day.to_string()),
                    Value::from(*lot_id),
                    Value::from(*province),
                    Value::from(*n),
                ]
            }))
            .push(
                " ON CONFLICT (day, lot_id, place_province) DO UPDATE \
                 SET scans = scan_days.scans + excluded.scans",
            );
            tx.execute(&q).await?;
        }
        // Each (stamp, kind) is looked at once a batch: a stamp scanned a thousand times in
        // one batch costs one statement, not a thousand.
        let mut tried: HashSet<([u8; 10], AlertKind)> = HashSet::new();
        for scan in scans {
            if scan.lot_id.is_none() && tried.insert((scan.serial, AlertKind::NeverIssued)) {
                let detail = format!("mã hợp lệ của dãy tem số {} chưa phát hành", scan.series_no);
                raise(&mut tx, &mut raised, scan, AlertKind::NeverIssued, &detail).await?;
            }
            if let Some(expires) = scan.expires_on
                && scan.at.date() > expires
                && tried.insert((scan.serial, AlertKind::AfterExpiry))
            {
                let detail = format!("quét ngày {} sau hạn dùng {}", scan.at.date(), expires);
                raise(&mut tx, &mut raised, scan, AlertKind::AfterExpiry, &detail).await?;
            }
            if let Some(place) = scan.place
                && !raised
                    .iter()
                    .any(|(s, k)| s == scan.serial_str() && *k == AlertKind::FarApart)
                && let Some(detail) = far_apart(&mut tx, scan, place, rules).await?
            {
                raise(&mut tx, &mut raised, scan, AlertKind::FarApart, &detail).await?;
            }
        }
        tx.commit().await?;
        Ok(raised)
    }
}

async fn insert_scans(tx: &mut Tx, backend: Backend, chunk: &[ScanEvent]) -> Result<()> {
    let mut q = Query::bulk(
        backend,
        "INSERT INTO scans (scanned_at, serial, series_no, lot_id, lat_tenths, lon_tenths, \
         place_province, agent, demo) VALUES ",
    );
    q.push_rows(chunk.iter().map(|scan| {
        [
            Value::from(scan.at),
            Value::from(scan.serial_str()),
            Value::from(i64::from(scan.series_no)),
            Value::from(scan.lot_id),
            Value::from(scan.place.map(|p| i64::from(p.lat_tenths))),
            Value::from(scan.place.map(|p| i64::from(p.lon_tenths))),
            Value::from(scan.place.and_then(nearest_province).map(i64::from)),
            Value::from(scan.agent.key()),
            Value::from(scan.demo),
        ]
    }));
    tx.execute(&q).await?;
    Ok(())
}

/// A far earlier place of the same serial within the rule's hours, described.
async fn far_apart(
    tx: &mut Tx,
    scan: &ScanEvent,
    place: CoarsePlace,
    rules: &AlertRules,
) -> Result<Option<String>> {
    let since = scan.at - Duration::from_secs(u64::from(rules.far_hours) * 3600);
    let earlier: Vec<(i64, i64, OffsetDateTime)> = tx
        .fetch_all(
            &Query::new(format!(
                "SELECT lat_tenths, lon_tenths, scanned_at FROM scans WHERE serial = $1 \
                 AND lat_tenths IS NOT NULL AND scanned_at >= $2 AND scanned_at <= $3 \
                 ORDER BY scanned_at DESC LIMIT {FAR_APART_LOOKBACK}"
            ))
            .bind(scan.serial_str())
            .bind(since)
            .bind(scan.at),
        )
        .await?;
    Ok(earlier.into_iter().find_map(|(lat, lon, at)| {
        let other = CoarsePlace::from_tenths(lat, lon)?;
        let hours = (scan.at - at).as_seconds_f64() / 3600.0;
        rules.too_far(place, other, hours).then(|| {
            format!(
                "quét cách nhau {:.0} km trong {:.1} giờ",
                place.distance_km(other),
                hours
            )
        })
    }))
}

async fn raise(
    tx: &mut Tx,
    raised: &mut Vec<(String, AlertKind)>,
    scan: &ScanEvent,
    kind: AlertKind,
    detail: &str,
) -> Result<()> {
    let serial = scan.serial_str();
    if raised.iter().any(|(s, k)| s == serial && *k == kind) {
        return Ok(());
    }
    let mut q = Query::insert(
        "scan_alerts",
        vec![
            ("id", Uuid::now_v7().into()),
            ("serial", serial.into()),
            ("kind", kind.key().into()),
            ("series_no", i64::from(scan.series_no).into()),
            ("lot_id", scan.lot_id.into()),
            ("detail", detail.into()),
            ("raised_at", scan.at.into()),
            ("demo", scan.demo.into()),
        ],
    );
    q.push(" ON CONFLICT (serial, kind) DO NOTHING");
    if tx.execute(&q).await? > 0 {
        raised.push((serial.to_owned(), kind));
    }
    Ok(())
}

/// Settings of the scan writer.
#[derive(Debug, Clone, Copy)]
pub struct ScanLogSettings {
    /// Scans the channel holds; beyond, new scans are dropped and counted.
    pub capacity: usize,
    /// Write when this many scans have arrived …
    pub batch: usize,
    /// … or this long after the first unwritten one.
    pub interval: Duration,
    pub rules: AlertRules,
}

impl Default for ScanLogSettings {
    fn default() -> Self {
        ScanLogSettings {
            // About 25 MB when full: some seconds of a burst at the resolver's peak rate.
            capacity: 262_144,
            // Large: each batch is one transaction, and the pages it dirties (the scans'
            // indexes, the counts) are written once for all its scans.
            batch: 10_000,
            interval: Duration::from_millis(500),
            rules: AlertRules::default(),
        }
    }
}

/// What the writer has done, for metrics.
#[derive(Debug, Default)]
pub struct ScanLogStats {
    pub accepted: AtomicU64,
    pub dropped: AtomicU64,
    pub written: AtomicU64,
    pub failed: AtomicU64,
    pub alerts: AtomicU64,
}

/// A snapshot of [`ScanLogStats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ScanLogFigures {
    pub accepted: u64,
    pub dropped: u64,
    pub written: u64,
    pub failed: u64,
    pub alerts: u64,
}

enum Message {
    Scan(ScanEvent),
    Flush(oneshot::Sender<()>),
}

/// The sending side of the scan log: cheap to clone, never blocks.
#[derive(Clone)]
pub struct ScanLog {
    sender: mpsc::Sender<Message>,
    stats: Arc<ScanLogStats>,
}

impl ScanLog {
    /// Starts the one writer task on the current Tokio runtime.
    pub fn spawn(store: Store, settings: ScanLogSettings) -> ScanLog {
        let (sender, receiver) = mpsc::channel(settings.capacity.max(1));
        let stats = Arc::new(ScanLogStats::default());
        tokio::spawn(write_scans(store, settings, receiver, stats.clone()));
        ScanLog { sender, stats }
    }

    /// Hands a scan to the writer; drops it (and counts it) when the writer is behind.
    pub fn record(&self, scan: ScanEvent) {
        match self.sender.try_send(Message::Scan(scan)) {
            Ok(()) => self.stats.accepted.fetch_add(1, Ordering::Relaxed),
            Err(_) => self.stats.dropped.fetch_add(1, Ordering::Relaxed),
        };
    }

    /// Waits until every scan handed over so far is written (tests, shutdown).
    pub async fn flush(&self) {
        let (done, wait) = oneshot::channel();
        if self.sender.send(Message::Flush(done)).await.is_ok() {
            let _ = wait.await;
        }
    }

    pub fn figures(&self) -> ScanLogFigures {
        let get = |n: &AtomicU64| n.load(Ordering::Relaxed);
        ScanLogFigures {
            accepted: get(&self.stats.accepted),
            dropped: get(&self.stats.dropped),
            written: get(&self.stats.written),
            failed: get(&self.stats.failed),
            alerts: get(&self.stats.alerts),
        }
    }
}

/// How often the writer looks at the channel while a batch gathers. Looking on a timer, not
/// at each scan, keeps a busy resolver from waking the writer tens of thousands of times a
/// second: a scan handed over while the writer sleeps costs the sender no wake-up at all.
const GATHER_TICK: Duration = Duration::from_millis(20);

async fn write_scans(
    store: Store,
    settings: ScanLogSettings,
    mut receiver: mpsc::Receiver<Message>,
    stats: Arc<ScanLogStats>,
) {
    let batch_size = settings.batch.max(1);
    let mut inbox: Vec<Message> = Vec::with_capacity(batch_size);
    let mut batch: Vec<ScanEvent> = Vec::with_capacity(batch_size);
    let mut waiting: Vec<oneshot::Sender<()>> = Vec::new();
    // Wait for the first scan, then gather until the batch is full, a flush is asked for or
    // the time is up.
    while receiver.recv_many(&mut inbox, batch_size).await > 0 {
        let deadline = tokio::time::Instant::now() + settings.interval;
        loop {
            for message in inbox.drain(..) {
                match message {
                    Message::Scan(scan) => batch.push(scan),
                    Message::Flush(done) => waiting.push(done),
                }
            }
            let now = tokio::time::Instant::now();
            if batch.len() >= batch_size || !waiting.is_empty() || now >= deadline {
                break;
            }
            if receiver.is_empty() {
                if receiver.is_closed() {
                    break;
                }
                tokio::time::sleep_until(deadline.min(now + GATHER_TICK)).await;
            } else {
                receiver
                    .recv_many(&mut inbox, batch_size - batch.len())
                    .await;
            }
        }
        flush(&store, &settings.rules, &mut batch, &stats).await;
        for done in waiting.drain(..) {
            let _ = done.send(());
        }
    }
    flush(&store, &settings.rules, &mut batch, &stats).await;
}

async fn flush(
    store: &Store,
    rules: &AlertRules,
    batch: &mut Vec<ScanEvent>,
    stats: &ScanLogStats,
) {
    if batch.is_empty() {
        return;
    }
    match store.record_scans(batch, rules).await {
        Ok(raised) => {
            stats
                .written
                .fetch_add(batch.len() as u64, Ordering::Relaxed);
            stats
                .alerts
                .fetch_add(raised.len() as u64, Ordering::Relaxed);
            for (serial, kind) in raised {
                tracing::warn!(serial, kind = kind.key(), "scan alert raised");
            }
        }
        Err(error) => {
            stats
                .failed
                .fetch_add(batch.len() as u64, Ordering::Relaxed);
            tracing::error!(%error, scans = batch.len(), "scan batch not written");
        }
    }
    batch.clear();
}

impl Store {
    /// The active product whose GTIN is `gtin14` (14 digits; stored GTIN-8/12/13 match when
    /// left-padded), for the GS1 Digital Link paths `/01/{gtin}…`.
    pub async fn product_id_by_gtin(&self, gtin14: &str) -> Result<Option<Uuid>> {
        let forms: Vec<&str> = [14usize, 13, 12, 8]
            .into_iter()
            .filter_map(|len| {
                let cut = gtin14.len().checked_sub(len)?;
                gtin14[..cut]
                    .bytes()
                    .all(|b| b == b'0')
                    .then(|| &gtin14[cut..])
            })
            .collect();
        let mut q = Query::new("SELECT id FROM products WHERE status = 'active' AND gtin IN (");
        q.push_bind_list(forms)
            .push(") ORDER BY created_at LIMIT 1");
        let row: Option<(Uuid,)> = self.fetch_optional(&q).await?;
        Ok(row.map(|(id,)| id))
    }

    /// The lot of `product_id` numbered `lot_number`.
    pub async fn lot_id_by_number(
        &self,
        product_id: Uuid,
        lot_number: &str,
    ) -> Result<Option<Uuid>> {
        let row: Option<(Uuid,)> = self
            .fetch_optional(
                &Query::new("SELECT id FROM lots WHERE product_id = $1 AND lot_number = $2")
                    .bind(product_id)
                    .bind(lot_number),
            )
            .await?;
        Ok(row.map(|(id,)| id))
    }
}
