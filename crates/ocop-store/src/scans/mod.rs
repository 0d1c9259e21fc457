//! Lượt quét tem in storage: the scan log, the count per serial, the alerts raised from them,
//! and consumers' reports.
//!
//! Scans are written by ONE writer on background threads of its own ([`ScanLog::spawn`]): the
//! resolver hands each scan to a bounded channel and never waits; the writer writes what has
//! arrived every [`ScanLogSettings::batch`] scans or [`ScanLogSettings::interval`], in one
//! transaction, and raises the alerts the batch calls for. When the channel is full the scan
//! is dropped and counted ([`ScanLogStats::dropped`]): a consumer's page never waits for the
//! database. The writer works on one of two threads at a time, a calm one while it keeps up
//! and a catch-up one when it falls behind ([`Gear`]).
//!
//! The log itself is packed ([`packed`]): a batch is one row, read back by [`Store::scan_log`].

mod packed;

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
use crate::{Backend, Result, Store, StoreError};

pub use packed::{LoggedScan, UnpackError};

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
    /// Scans of this stamp so far, this one included, as the resolver counted them and
    /// showed them on the page (0 where it did not count: a code of a series never issued).
    /// The many-scans alert is raised when this passes the threshold, the moment the page
    /// starts warning the consumer. With several servers each counts from the stored count it
    /// read at the stamp's first scan there, plus its own scans.
    pub count: u32,
}

impl ScanEvent {
    pub fn serial_str(&self) -> &str {
        serial_text(&self.serial)
    }
}

/// A serial's characters as text (always ASCII: they come from a verified code).
fn serial_text(serial: &[u8; 10]) -> &str {
    std::str::from_utf8(serial).unwrap_or("")
}

/// Numbers each stamp's scans from 1 in the order given, as a resolver counting from nothing
/// would (the demo's scans, written without a resolver).
pub fn count_in_order(scans: &mut [ScanEvent]) {
    let mut counts: HashMap<[u8; 10], u32> = HashMap::new();
    for scan in scans {
        let count = counts.entry(scan.serial).or_default();
        *count = count.saturating_add(1);
        scan.count = *count;
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
/// Most scans [`Store::scan_log`] answers at once.
pub const MAX_SCAN_LOG: usize = 1_000_000;
/// Blocks of the packed log read at a time by [`Store::scan_log`] (each up to about 460 KB).
const BLOCKS_PER_READ: i64 = 8;

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

    /// The scans logged from `from` (included) to `to` (excluded), in the order they were
    /// written, at most `limit` of them (and never more than [`MAX_SCAN_LOG`]): first those
    /// written as rows before the log was packed, then those of its blocks. The system's own
    /// read, for audits and exports; no role sees the log through the back-office.
    pub async fn scan_log(
        &self,
        from: OffsetDateTime,
        to: OffsetDateTime,
        limit: usize,
    ) -> Result<Vec<LoggedScan>> {
        let limit = limit.min(MAX_SCAN_LOG);
        type Row = (
            OffsetDateTime,
            String,
            i64,
            Option<Uuid>,
            Option<i64>,
            Option<i64>,
            Option<i64>,
            String,
            bool,
        );
        let rows: Vec<Row> = self
            .fetch_all(
                &Query::new(
                    "SELECT scanned_at, serial, series_no, lot_id, lat_tenths, lon_tenths, \
                     place_province, agent, demo FROM scans \
                     WHERE scanned_at >= $1 AND scanned_at < $2 ORDER BY seq LIMIT $3",
                )
                .bind(from)
                .bind(to)
                .bind(limit as i64),
            )
            .await?;
        let mut log = Vec::with_capacity(rows.len());
        for (at, serial, series_no, lot_id, lat, lon, province, agent, demo) in rows {
            let corrupt = |what: &str| StoreError::Corrupt(format!("lượt quét {serial}: {what}"));
            log.push(LoggedScan {
                at,
                series_no: u32::try_from(series_no).map_err(|_| corrupt("số dãy tem"))?,
                lot_id,
                place: lat
                    .zip(lon)
                    .and_then(|(lat, lon)| CoarsePlace::from_tenths(lat, lon)),
                place_province: province.and_then(|p| u32::try_from(p).ok()),
                agent: AgentClass::parse(&agent).ok_or_else(|| corrupt("loại thiết bị"))?,
                demo,
                serial,
            });
        }
        let mut after = 0i64;
        while log.len() < limit {
            let blocks: Vec<(i64, i64, Vec<u8>)> = self
                .fetch_all(
                    &Query::new(format!(
                        "SELECT seq, format, data FROM scan_blocks \
                         WHERE seq > $1 AND last_at >= $2 AND first_at < $3 \
                         ORDER BY seq LIMIT {BLOCKS_PER_READ}"
                    ))
                    .bind(after)
                    .bind(from)
                    .bind(to),
                )
                .await?;
            let Some(&(last_seq, _, _)) = blocks.last() else {
                break;
            };
            for (seq, format, data) in &blocks {
                packed::unpack(*format, data, |s| s.at >= from && s.at < to, &mut log)
                    .map_err(|e| StoreError::Corrupt(format!("khối {seq}: {e}")))?;
            }
            after = last_seq;
        }
        log.truncate(limit);
        Ok(log)
    }

    /// Writes a batch of scans in one transaction: the log (a packed block, and the scans with
    /// a place as rows), the counts, and the alerts they raise (one per serial and kind, ever;
    /// `known` skips those raised before and learns the new ones). Returns the alerts newly
    /// raised, in serial and kind order.
    pub async fn record_scans(
        &self,
        scans: &[ScanEvent],
        rules: &AlertRules,
        known: &mut KnownAlerts,
    ) -> Result<Vec<(String, AlertKind)>> {
        let mut counts = ScanCounts::default();
        counts.add(scans);
        self.write_batch(scans, Some(&counts), rules, known).await
    }

    /// [`Store::record_scans`], the counts written only when given (the writer task adds a
    /// batch's to those it writes every [`ScanLogSettings::counts_every`]).
    async fn write_batch(
        &self,
        scans: &[ScanEvent],
        counts: Option<&ScanCounts>,
        rules: &AlertRules,
        known: &mut KnownAlerts,
    ) -> Result<Vec<(String, AlertKind)>> {
        if scans.is_empty() {
            return Ok(Vec::new());
        }
        let backend = self.backend();
        // Each scan's province, found once for the log and the day sums.
        let provinces: Vec<Option<u32>> = scans
            .iter()
            .map(|scan| scan.place.and_then(nearest_province))
            .collect();
        let mut tx = self.begin().await?;
        for (block, provinces) in scans
            .chunks(packed::SCANS_PER_BLOCK)
            .zip(provinces.chunks(packed::SCANS_PER_BLOCK))
        {
            insert_block(&mut tx, block, provinces).await?;
        }
        insert_places(&mut tx, backend, scans).await?;
        if let Some(counts) = counts {
            upsert_counts(&mut tx, backend, counts).await?;
        }
        // The alerts the batch calls for, written together at the end: one statement for all
        // of them instead of one each (a bench's 20,000 stamps crossing the threshold together
        // once took 20,000 round trips to SQLite's thread).
        let mut alerts = Alerts::new(known);
        for scan in scans {
            if rules.too_many(u64::from(scan.count)) && !alerts.has(scan, AlertKind::ManyScans) {
                let detail = format!("{} lượt quét (ngưỡng {})", scan.count, rules.max_scans);
                alerts.add(scan, AlertKind::ManyScans, detail);
            }
        }
        // The dashboard's figures: one row a day, lot and province.
        let mut per_day: HashMap<(Date, Uuid, i64), i64> = HashMap::new();
        for (scan, province) in scans.iter().zip(&provinces) {
            if let Some(lot_id) = scan.lot_id {
                let province = province.map_or(0, i64::from);
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
        // Each (stamp, kind) is looked at once a batch, and not again once it has its alert:
        // a stamp scanned a thousand times costs one alert row, not a thousand.
        for scan in scans {
            if scan.lot_id.is_none() && !alerts.has(scan, AlertKind::NeverIssued) {
                let detail = format!("mã hợp lệ của dãy tem số {} chưa phát hành", scan.series_no);
                alerts.add(scan, AlertKind::NeverIssued, detail);
            }
            // Days as the consumer and the label read them: Vietnam's.
            let day = ocop_domain::vietnam_date(scan.at);
            if let Some(expires) = scan.expires_on
                && day > expires
                && !alerts.has(scan, AlertKind::AfterExpiry)
            {
                let detail = format!("quét ngày {day} sau hạn dùng {expires}");
                alerts.add(scan, AlertKind::AfterExpiry, detail);
            }
            if let Some(place) = scan.place
                && !alerts.has(scan, AlertKind::FarApart)
                && let Some(detail) = far_apart(&mut tx, scan, place, rules).await?
            {
                alerts.add(scan, AlertKind::FarApart, detail);
            }
        }
        let (raised, tried) = alerts.insert(&mut tx, backend).await?;
        tx.commit().await?;
        // Only once written: an alert learnt from a batch that failed would never be raised.
        known.learn(tried);
        Ok(raised)
    }
}

/// The hash of the writer's maps, keyed by stamps: faster than SipHash, which protects maps
/// whose keys a client chooses, and these keys come from codes whose tag was verified.
type Fast = foldhash::fast::RandomState;

/// Scans per stamp not yet added to the stored counts: how many, the first and last time.
#[derive(Debug, Default)]
struct ScanCounts(HashMap<[u8; 10], SerialCount, Fast>);

#[derive(Debug, Clone, Copy)]
struct SerialCount {
    series_no: u32,
    n: i64,
    first: OffsetDateTime,
    last: OffsetDateTime,
}

impl ScanCounts {
    fn add(&mut self, scans: &[ScanEvent]) {
        for scan in scans {
            self.0
                .entry(scan.serial)
                .and_modify(|c| {
                    c.n += 1;
                    c.first = c.first.min(scan.at);
                    c.last = c.last.max(scan.at);
                })
                .or_insert(SerialCount {
                    series_no: scan.series_no,
                    n: 1,
                    first: scan.at,
                    last: scan.at,
                });
        }
    }
}

/// Adds `counts` to the stored counts: one upsert row per stamp (PostgreSQL refuses to update
/// one row twice in a statement).
async fn upsert_counts(tx: &mut Tx, backend: Backend, counts: &ScanCounts) -> Result<()> {
    // In key order, so that each statement's rows fall on neighbouring pages of the counts'
    // b-tree: fewer pages read, and fewer copied into the statement's journal.
    let mut rows: Vec<(&[u8; 10], &SerialCount)> = counts.0.iter().collect();
    rows.sort_unstable_by_key(|(serial, _)| **serial);
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let mut q = Query::bulk(
            backend,
            "INSERT INTO scan_counts (serial, series_no, count, first_at, last_at) VALUES ",
        );
        q.push_rows(chunk.iter().map(|(serial, c)| {
            [
                Value::from(serial_text(serial)),
                Value::from(i64::from(c.series_no)),
                Value::from(c.n),
                Value::from(c.first),
                Value::from(c.last),
            ]
        }))
        .push(
            " ON CONFLICT (serial) DO UPDATE SET count = scan_counts.count + excluded.count, \
             last_at = excluded.last_at",
        );
        tx.execute(&q).await?;
    }
    Ok(())
}

/// Most (stamp, kind) pairs [`KnownAlerts`] keeps.
const MAX_KNOWN_ALERTS: usize = 200_000;

/// The (stamp, kind) pairs known to carry an alert already. Alerts are one per stamp and
/// kind, ever, so a copied stamp scanned on and on (or a lot's stamps scanned after its
/// expiry) would otherwise cost the writer an alert row refused in every batch. Bounded: when
/// full it is emptied and learns again, each pair costing one refused row.
#[derive(Debug, Default)]
pub struct KnownAlerts(HashSet<([u8; 10], AlertKind), Fast>);

impl KnownAlerts {
    fn contains(&self, serial: [u8; 10], kind: AlertKind) -> bool {
        self.0.contains(&(serial, kind))
    }

    fn learn(&mut self, pairs: Vec<([u8; 10], AlertKind)>) {
        if self.0.len() + pairs.len() > MAX_KNOWN_ALERTS {
            self.0.clear();
        }
        self.0.extend(pairs);
    }
}

/// The alerts a batch calls for, at most one per stamp and kind, none already known.
struct Alerts<'a, 'k> {
    known: &'k KnownAlerts,
    found: Vec<(&'a ScanEvent, AlertKind, String)>,
    keys: HashSet<([u8; 10], AlertKind), Fast>,
}

impl<'a, 'k> Alerts<'a, 'k> {
    fn new(known: &'k KnownAlerts) -> Alerts<'a, 'k> {
        Alerts {
            known,
            found: Vec::new(),
            keys: HashSet::default(),
        }
    }

    /// Found in this batch or known from before.
    fn has(&self, scan: &ScanEvent, kind: AlertKind) -> bool {
        self.keys.contains(&(scan.serial, kind)) || self.known.contains(scan.serial, kind)
    }

    fn add(&mut self, scan: &'a ScanEvent, kind: AlertKind, detail: String) {
        if !self.known.contains(scan.serial, kind) && self.keys.insert((scan.serial, kind)) {
            self.found.push((scan, kind, detail));
        }
    }

    /// Writes the alerts, those raised before refused by the unique (serial, kind), and
    /// answers the ones newly raised (in serial and kind order) and every pair tried (each
    /// now has its alert).
    async fn insert(
        self,
        tx: &mut Tx,
        backend: Backend,
    ) -> Result<(Vec<(String, AlertKind)>, Vec<([u8; 10], AlertKind)>)> {
        let mut raised = Vec::new();
        for chunk in self.found.chunks(ROWS_PER_INSERT) {
            let mut q = Query::bulk(
                backend,
                "INSERT INTO scan_alerts (id, serial, kind, series_no, lot_id, detail, \
                 raised_at, demo) VALUES ",
            );
            q.push_rows(chunk.iter().map(|(scan, kind, detail)| {
                [
                    Value::from(Uuid::now_v7()),
                    Value::from(scan.serial_str()),
                    Value::from(kind.key()),
                    Value::from(i64::from(scan.series_no)),
                    Value::from(scan.lot_id),
                    Value::from(detail.as_str()),
                    Value::from(scan.at),
                    Value::from(scan.demo),
                ]
            }))
            .push(" ON CONFLICT (serial, kind) DO NOTHING RETURNING serial, kind");
            let rows: Vec<(String, String)> = tx.fetch_all(&q).await?;
            raised.extend(
                rows.into_iter()
                    .filter_map(|(serial, kind)| Some((serial, AlertKind::parse(&kind)?))),
            );
        }
        raised.sort_unstable_by(|a, b| (a.0.as_str(), a.1.key()).cmp(&(b.0.as_str(), b.1.key())));
        Ok((raised, self.keys.into_iter().collect()))
    }
}

/// The scans as one block of the packed log, with their provinces.
async fn insert_block(tx: &mut Tx, block: &[ScanEvent], provinces: &[Option<u32>]) -> Result<()> {
    let (Some(first), Some(last)) = (
        block.iter().map(|s| s.at).min(),
        block.iter().map(|s| s.at).max(),
    ) else {
        return Ok(());
    };
    tx.execute(
        &Query::new(
            "INSERT INTO scan_blocks (first_at, last_at, scans, format, data) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(first)
        .bind(last)
        .bind(block.len() as i64)
        .bind(packed::FORMAT)
        .bind(packed::pack(block, provinces)),
    )
    .await?;
    Ok(())
}

/// The scans with a place, as rows the far-apart alert looks up by serial.
async fn insert_places(tx: &mut Tx, backend: Backend, scans: &[ScanEvent]) -> Result<()> {
    let placed: Vec<(&ScanEvent, CoarsePlace)> = scans
        .iter()
        .filter_map(|scan| Some((scan, scan.place?)))
        .collect();
    for chunk in placed.chunks(ROWS_PER_INSERT) {
        let mut q = Query::bulk(
            backend,
            "INSERT INTO scan_places (serial, scanned_at, lat_tenths, lon_tenths) VALUES ",
        );
        q.push_rows(chunk.iter().map(|(scan, place)| {
            [
                Value::from(scan.serial_str()),
                Value::from(scan.at),
                Value::from(i64::from(place.lat_tenths)),
                Value::from(i64::from(place.lon_tenths)),
            ]
        }));
        tx.execute(&q).await?;
    }
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
                "SELECT lat_tenths, lon_tenths, scanned_at FROM scan_places WHERE serial = $1 \
                 AND scanned_at >= $2 AND scanned_at <= $3 \
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

/// Settings of the scan writer.
#[derive(Debug, Clone, Copy)]
pub struct ScanLogSettings {
    /// Scans the channel holds; beyond, new scans are dropped and counted.
    pub capacity: usize,
    /// Write when this many scans have arrived …
    pub batch: usize,
    /// … or this long after the first unwritten one.
    pub interval: Duration,
    /// How often the scan counts are written: what the batches between add to a stamp's count
    /// is summed in memory first, so a stamp scanned in many batches costs one row update,
    /// not one a batch. (A crash loses at most this much of the counts, not of the log.)
    pub counts_every: Duration,
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
            counts_every: Duration::from_secs(5),
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
    /// Times the writer fell behind and went on at the catch-up thread's priority.
    pub catch_ups: AtomicU64,
}

/// A snapshot of [`ScanLogStats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ScanLogFigures {
    pub accepted: u64,
    pub dropped: u64,
    pub written: u64,
    pub failed: u64,
    pub alerts: u64,
    pub catch_ups: u64,
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
    /// Starts the one writer on background threads of its own (as the database's write
    /// connection is, see `writer_thread`): a batch's work (packing, the day sums, the alerts,
    /// the counts' statements) took the request worker for milliseconds at a time, and every
    /// answer queued behind it. The writer starts on the calm thread (see [`Gear`]); where
    /// the catch-up thread cannot be started, it writes at the catch-up thread's priority
    /// alone, and where no thread can, it is missing and every scan is counted as dropped.
    pub fn spawn(store: Store, settings: ScanLogSettings) -> ScanLog {
        let (sender, receiver) = mpsc::channel(settings.capacity.max(1));
        let stats = Arc::new(ScanLogStats::default());
        match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(runtime) => {
                let writing = {
                    // The writer's own pool belongs to the writer's runtime.
                    let _inside = runtime.enter();
                    Writing::new(store, settings, receiver, stats.clone())
                };
                start_threads(Box::new(Baton { runtime, writing }));
            }
            Err(error) => tracing::error!(%error, "the scan log's writer has no runtime"),
        }
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
            catch_ups: get(&self.stats.catch_ups),
        }
    }
}

/// The writer's own connections on PostgreSQL: one transaction at a time, and one to spare.
const WRITER_CONNECTIONS: u32 = 2;

/// How often the writer looks at the channel while a batch gathers. Looking on a timer, not
/// at each scan, keeps a busy resolver from waking the writer tens of thousands of times a
/// second: a scan handed over while the writer sleeps costs the sender no wake-up at all.
const GATHER_TICK: Duration = Duration::from_millis(20);

/// Most stamps whose counts wait in memory: beyond, they are written at once.
const MAX_PENDING_COUNTS: usize = 100_000;

/// The scan writer's two threads, and which one writes. The writer keeps the core busy for
/// milliseconds at a time, and on a busy server every answer waits behind it: at nice 10 it
/// still takes a tenth of a full core (its fair share against a request worker at nice 0),
/// so a backlog of requests after a stall drains at half the speed. So it writes at nice 19
/// while it keeps up — on a busy core it then yields to the requests and catches up in the
/// idle moments. A short burst leaves scans waiting in the channel, which is sized for some
/// seconds of them. When a quarter of the channel is full (seconds of full load), it goes on
/// at nice 10 so as not to drop scans, and back to nice 19 once it has caught up. Without
/// privilege a thread cannot lower its nice value again, so each gear is a thread of its
/// own, with its priority set once, and the writer's state is handed between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gear {
    Calm,
    CatchUp,
}

impl Gear {
    fn nice(self) -> libc::c_int {
        match self {
            Gear::Calm => 19,
            Gear::CatchUp => crate::writer_thread::NICE,
        }
    }

    /// The gear's thread name (the kernel keeps 15 bytes).
    pub(crate) fn thread_name(self) -> &'static str {
        match self {
            Gear::Calm => "ocop-scan-log",
            Gear::CatchUp => "ocop-scan-catch",
        }
    }

    /// Whether, with `queued` scans waiting in a channel of `capacity`, the other gear should
    /// write the next batch. The marks are far apart, so the writer does not go to and fro.
    fn shifts(self, queued: usize, capacity: usize) -> bool {
        match self {
            Gear::Calm => queued >= (capacity / 4).max(1),
            Gear::CatchUp => queued <= capacity / 16,
        }
    }
}

/// The writer, handed from one thread to the other: its runtime (which holds its timers and
/// its connections) and where its work stands between two batches.
struct Baton {
    runtime: tokio::runtime::Runtime,
    writing: Writing,
}

/// Starts the writer's two threads, the calm one holding the baton (see [`Gear`]).
fn start_threads(baton: Box<Baton>) {
    let (to_calm, calm_inbox) = std::sync::mpsc::channel();
    let (to_catch_up, catch_up_inbox) = std::sync::mpsc::channel();
    let _ = to_calm.send(baton);
    if spawn_gear(Gear::CatchUp, catch_up_inbox, to_calm.clone()) {
        spawn_gear(Gear::Calm, calm_inbox, to_catch_up);
    } else {
        // Alone, and at the priority that keeps up: its partner's inbox is gone, so its
        // first shift finds nobody and it shifts no more.
        spawn_gear(Gear::CatchUp, calm_inbox, to_catch_up);
    }
}

/// Starts the thread of `gear`: it writes whenever it holds the baton, and hands it to
/// `partner` when the backlog calls for the other gear (keeping it, and shifting no more, if
/// the partner is gone). Ends when the channel closes, or when the partner's thread has
/// ended without handing the baton back. False if the thread could not be started.
fn spawn_gear(
    gear: Gear,
    inbox: std::sync::mpsc::Receiver<Box<Baton>>,
    partner: std::sync::mpsc::Sender<Box<Baton>>,
) -> bool {
    let started = std::thread::Builder::new()
        .name(gear.thread_name().into())
        .spawn(move || drive(gear, inbox, partner));
    if let Err(error) = &started {
        tracing::error!(%error, thread = gear.thread_name(), "a scan log writer thread did not start");
    }
    started.is_ok()
}

/// The life of `gear`'s thread (see [`spawn_gear`]).
fn drive(
    gear: Gear,
    inbox: std::sync::mpsc::Receiver<Box<Baton>>,
    partner: std::sync::mpsc::Sender<Box<Baton>>,
) {
    crate::writer_thread::make_this_thread_background(gear.nice());
    let mut partner = Some(partner);
    let mut held = inbox.recv().ok();
    while let Some(mut baton) = held {
        let Baton { runtime, writing } = &mut *baton;
        if runtime.block_on(writing.run(partner.is_some().then_some(gear))) == Stop::Closed {
            return;
        }
        if gear == Gear::Calm {
            writing
                .writer
                .stats
                .catch_ups
                .fetch_add(1, Ordering::Relaxed);
        }
        let Some(to) = &partner else { return };
        held = match to.send(baton) {
            Ok(()) => inbox.recv().ok(),
            Err(std::sync::mpsc::SendError(back)) => {
                partner = None;
                Some(back)
            }
        };
    }
}

/// Why [`Writing::run`] returned.
#[derive(Debug, PartialEq, Eq)]
enum Stop {
    /// The channel is closed and everything in it written.
    Closed,
    /// The backlog calls for the other gear.
    Shift,
}

/// The writer's work between two batches.
struct Writing {
    receiver: mpsc::Receiver<Message>,
    settings: ScanLogSettings,
    inbox: Vec<Message>,
    batch: Vec<ScanEvent>,
    waiting: Vec<oneshot::Sender<()>>,
    writer: Writer,
    counts_due: tokio::time::Instant,
}

impl Writing {
    fn new(
        store: Store,
        settings: ScanLogSettings,
        receiver: mpsc::Receiver<Message>,
        stats: Arc<ScanLogStats>,
    ) -> Writing {
        let settings = ScanLogSettings {
            batch: settings.batch.max(1),
            ..settings
        };
        Writing {
            receiver,
            settings,
            inbox: Vec::with_capacity(settings.batch),
            batch: Vec::with_capacity(settings.batch),
            waiting: Vec::new(),
            writer: Writer {
                store: store.with_own_connections(WRITER_CONNECTIONS),
                rules: settings.rules,
                known: KnownAlerts::default(),
                counts: ScanCounts::default(),
                stats,
            },
            counts_due: tokio::time::Instant::now() + settings.counts_every,
        }
    }

    /// Gathers and writes batches until the channel is closed or, after a batch, `gear` (if
    /// any) says the other gear should go on.
    async fn run(&mut self, gear: Option<Gear>) -> Stop {
        let batch_size = self.settings.batch;
        let Writing {
            receiver,
            inbox,
            batch,
            waiting,
            writer,
            ..
        } = self;
        loop {
            // Wait for the first scan (while counts wait to be written, no longer than they
            // may), then gather until the batch is full, a flush is asked for or the time is up.
            let first = if writer.counts.0.is_empty() {
                Some(receiver.recv_many(inbox, batch_size).await)
            } else {
                tokio::time::timeout_at(self.counts_due, receiver.recv_many(inbox, batch_size))
                    .await
                    .ok()
            };
            if first == Some(0) {
                break;
            }
            let deadline = tokio::time::Instant::now() + self.settings.interval;
            while first.is_some() {
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
                    receiver.recv_many(inbox, batch_size - batch.len()).await;
                }
            }
            writer.write(batch).await;
            let now = tokio::time::Instant::now();
            if !waiting.is_empty()
                || now >= self.counts_due
                || writer.counts.0.len() >= MAX_PENDING_COUNTS
            {
                writer.write_counts().await;
                self.counts_due = now + self.settings.counts_every;
            }
            for done in waiting.drain(..) {
                let _ = done.send(());
            }
            if gear.is_some_and(|gear| gear.shifts(receiver.len(), self.settings.capacity)) {
                return Stop::Shift;
            }
        }
        writer.write(batch).await;
        writer.write_counts().await;
        Stop::Closed
    }
}

/// What the writer task writes to and remembers between batches.
struct Writer {
    store: Store,
    rules: AlertRules,
    known: KnownAlerts,
    /// The counts of the batches written since the counts last were.
    counts: ScanCounts,
    stats: Arc<ScanLogStats>,
}

impl Writer {
    /// Writes the batch's log block and alerts, adds its scans to the counts to write, and
    /// empties it. A batch that fails is dropped and counted, its counts with it.
    async fn write(&mut self, batch: &mut Vec<ScanEvent>) {
        if batch.is_empty() {
            return;
        }
        let stats = &self.stats;
        match self
            .store
            .write_batch(batch, None, &self.rules, &mut self.known)
            .await
        {
            Ok(raised) => {
                self.counts.add(batch);
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

    /// Adds the counts gathered since the last time to the stored ones, in one transaction
    /// (dropped, and logged, if it fails).
    async fn write_counts(&mut self) {
        if self.counts.0.is_empty() {
            return;
        }
        let written = async {
            let mut tx = self.store.begin().await?;
            upsert_counts(&mut tx, self.store.backend(), &self.counts).await?;
            tx.commit().await?;
            Ok::<(), crate::StoreError>(())
        };
        if let Err(error) = written.await {
            tracing::error!(%error, stamps = self.counts.0.len(), "scan counts not written");
        }
        self.counts.0.clear();
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_writer_shifts_gear_at_marks_far_apart() {
        assert!(!Gear::Calm.shifts(15, 64));
        assert!(Gear::Calm.shifts(16, 64));
        assert!(!Gear::CatchUp.shifts(5, 64));
        assert!(Gear::CatchUp.shifts(4, 64));
        // A channel of one: the calm gear shifts when it is full, the other when it is empty.
        assert!(Gear::Calm.shifts(1, 1) && !Gear::Calm.shifts(0, 1));
        assert!(Gear::CatchUp.shifts(0, 1) && !Gear::CatchUp.shifts(1, 1));
    }

    #[test]
    fn known_alerts_are_emptied_when_full_and_learn_again() {
        let mut known = KnownAlerts::default();
        known.learn(vec![(*b"AAAAAAAAAA", AlertKind::ManyScans)]);
        assert!(known.contains(*b"AAAAAAAAAA", AlertKind::ManyScans));
        assert!(!known.contains(*b"AAAAAAAAAA", AlertKind::FarApart));
        let many: Vec<_> = (0..MAX_KNOWN_ALERTS as u32)
            .map(|n| {
                let mut serial = *b"B000000000";
                serial[1..].copy_from_slice(format!("{n:09}").as_bytes());
                (serial, AlertKind::AfterExpiry)
            })
            .collect();
        known.learn(many);
        assert_eq!(known.0.len(), MAX_KNOWN_ALERTS, "bounded");
        assert!(!known.contains(*b"AAAAAAAAAA", AlertKind::ManyScans));
        assert!(known.contains(*b"B000000007", AlertKind::AfterExpiry));
    }
}
