//! What the resolver keeps in memory so that a scan rarely reaches the database: the stamp
//! keys and every issued series (read whole at the first code, then the series issued since
//! every minute and as soon as a series is issued), the public view of each lot scanned lately
//! (with its page pre-rendered), and each stamp's scan count.
//!
//! A lot's view is dropped when what it shows changes: the database logs every such change
//! (a recall, a lab test, a product's or producer's details), whichever process makes it, and
//! the resolver reads the log every [`ResolverSettings::changes_every`]; a change made through
//! this process's store is told at once; a view read while a change was made is not kept
//! after it is told. A view is also read again on a new day in Vietnam (the page says whether
//! the lot is past its expiry) and after [`ResolverSettings::lot_ttl`] and up to half of it
//! more, in case the log could not be read.
//!
//! A code is checked in this order, each step refusing before the next costs more: length and
//! syntax, the tag under its key (HMAC, constant time), the series in memory, the lot in
//! memory, then the read pool. A forged or mistyped code is refused before the database; a
//! genuine tag of a series numbered above those in memory first has the new series read (one
//! reading shared by the scans that wait on it): another server may have issued it a moment ago.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ocop_domain::scan::{AgentClass, CoarsePlace};
use ocop_domain::stamp::{CodeError, KeyRing, StampCode, VerifiedStamp, signing};
use ocop_domain::vietnam_date;
use ocop_store::lots::LotPublicView;
use ocop_store::scans::{ScanEvent, ScanLog, ScanLogSettings};
use ocop_store::{ChangeReader, Store, StoreError, ViewChange};
use time::OffsetDateTime;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::watch;
use uuid::Uuid;

use super::page::LotPage;
use crate::limiter::RateLimiter;

/// Settings of the resolver.
#[derive(Debug, Clone)]
pub struct ResolverSettings {
    /// Requests per minute per client address on `/v/` and the GS1 paths.
    pub views_per_minute: u32,
    /// Reports per hour per client address.
    pub reports_per_hour: u32,
    /// How long a lot's public view is kept, at least (up to half of it more, by lot), when
    /// nothing it shows changes.
    pub lot_ttl: Duration,
    /// How often the log of changes to what stamp pages show is read.
    pub changes_every: Duration,
    /// How often keys and series are reloaded besides on each issue.
    pub reload_every: Duration,
    /// How long a request waits for keys and series not loaded yet before answering 503.
    pub load_wait: Duration,
    pub max_lots: usize,
    pub max_counts: usize,
    pub scan_log: ScanLogSettings,
}

impl Default for ResolverSettings {
    fn default() -> Self {
        ResolverSettings {
            views_per_minute: 120,
            reports_per_hour: 10,
            // Only in case a change is missed: the change log tells each change (BENCHMARKS.md:
            // lots read again every 30 to 45 s held the p99 above 5 ms).
            lot_ttl: Duration::from_secs(3600),
            changes_every: Duration::from_secs(1),
            reload_every: Duration::from_secs(60),
            load_wait: Duration::from_secs(5),
            max_lots: 50_000,
            max_counts: 1_000_000,
            scan_log: ScanLogSettings::default(),
        }
    }
}

/// An issued series as the verifier needs it.
#[derive(Debug, Clone, Copy)]
pub struct SeriesEntry {
    pub lot_id: Uuid,
    pub count: u32,
    pub key_id: u8,
    pub signed: bool,
    pub demo: bool,
}

/// The keys and series, replaced whole on each reload.
pub struct Verifier {
    keys: KeyRing,
    /// Ed25519 public keys by key id, for the optional `?s=` signature.
    public_keys: HashMap<u8, [u8; 32]>,
    /// Shared with the next load when it finds no new series.
    series: Arc<HashMap<u32, SeriesEntry>>,
    /// The highest series number read.
    last_series_no: Option<u32>,
    /// The store's series-change counter this was loaded at.
    version: u64,
    /// When its reading began: what was issued before, by any server, is in it.
    read_at: Instant,
}

/// What a request needs of the keys and series in memory.
#[derive(Clone, Copy)]
enum Need {
    /// Any, once loaded.
    Loaded,
    /// With every series issued through this process so far.
    Fresh,
    /// Read from the database since then: with every series issued by any server before.
    ReadSince(Instant),
}

impl Need {
    fn met_by(self, verifier: &Verifier, local_version: u64) -> bool {
        match self {
            Need::Loaded => true,
            Need::Fresh => verifier.version >= local_version,
            Need::ReadSince(since) => verifier.read_at >= since,
        }
    }
}

/// What a code is, by memory alone.
pub enum Verdict {
    /// Malformed, wrong tag, unknown key, bad signature: nothing to say.
    Unknown,
    /// The keys and series are not loaded yet (or cannot be read): try again shortly. Not
    /// "unknown", which would tell a consumer holding a genuine stamp that it is fake.
    Unavailable,
    /// A valid tag of a series (or index) never issued, even in the database read again: a
    /// key may have leaked.
    NeverIssued(VerifiedStamp),
    Genuine {
        stamp: VerifiedStamp,
        code: StampCode,
        series: SeriesEntry,
    },
}

/// A lot's public view with its pre-rendered answers.
pub struct LotEntry {
    pub view: LotPublicView,
    /// Shared with the next reading of the lot when the view has not changed since.
    pub page: Arc<LotPage>,
    /// The day the page was rendered on (it says whether the lot is past its expiry).
    rendered_on: time::Date,
    /// When it is to be read again: see [`stale_after`].
    stale_at: Instant,
    /// A task is reading it again.
    refreshing: AtomicBool,
}

/// How often a stamp was scanned before this scan, and when first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    pub before: u64,
    pub first_at: Option<OffsetDateTime>,
}

impl Seen {
    /// The scans counted so far, this one included.
    pub fn count(&self) -> u32 {
        u32::try_from(self.before.saturating_add(1)).unwrap_or(u32::MAX)
    }
}

const SHARDS: usize = 16;

/// A bounded map in shards; a full shard is emptied (the entries are cheap to load again).
/// Its keys are lot ids and the serials of genuine stamps, which no client can choose, so it
/// hashes with foldhash rather than SipHash (a scan hashes twice; the rate limit, keyed by
/// the client's address, keeps SipHash).
struct Shards<K, V> {
    per_shard: usize,
    hasher: Fast,
    shards: Vec<Mutex<Shard<K, V>>>,
}

/// One shard, and how many times entries were dropped from it (by [`Shards::remove`],
/// [`Shards::retain`] or [`Shards::clear`]): a value read before a drop is not put back after
/// it ([`Shards::insert_unless_dropped`]).
struct Shard<K, V> {
    map: HashMap<K, V, Fast>,
    drops: u64,
}

type Fast = foldhash::fast::RandomState;

impl<K: Hash + Eq, V> Shards<K, V> {
    fn new(max: usize) -> Shards<K, V> {
        Shards {
            per_shard: (max / SHARDS).max(1),
            hasher: Default::default(),
            shards: (0..SHARDS)
                .map(|_| {
                    Mutex::new(Shard {
                        map: HashMap::default(),
                        drops: 0,
                    })
                })
                .collect(),
        }
    }

    fn shard(&self, key: &K) -> std::sync::MutexGuard<'_, Shard<K, V>> {
        let shard = &self.shards[self.hasher.hash_one(key) as usize % SHARDS];
        shard.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// `key`'s shard, emptied first if full.
    fn shard_with_room(&self, key: &K) -> std::sync::MutexGuard<'_, Shard<K, V>> {
        let mut shard = self.shard(key);
        if shard.map.len() >= self.per_shard {
            shard.map.clear();
        }
        shard
    }

    fn with<R>(&self, key: &K, f: impl FnOnce(&mut HashMap<K, V, Fast>) -> R) -> R {
        f(&mut self.shard_with_room(key).map)
    }

    /// How many times entries were dropped from `key`'s shard so far.
    fn drops(&self, key: &K) -> u64 {
        self.shard(key).drops
    }

    /// Inserts `value` unless an entry was dropped from `key`'s shard since it had `drops`
    /// drops: false when not inserted.
    fn insert_unless_dropped(&self, key: K, value: V, drops: u64) -> bool {
        let mut shard = self.shard_with_room(&key);
        if shard.drops != drops {
            return false;
        }
        shard.map.insert(key, value);
        true
    }

    fn remove(&self, key: &K) {
        let mut shard = self.shard(key);
        shard.drops += 1;
        shard.map.remove(key);
    }

    /// Keeps the entries `keep` says to keep, in every shard.
    fn retain(&self, mut keep: impl FnMut(&V) -> bool) {
        for shard in &self.shards {
            let mut shard = shard.lock().unwrap_or_else(|p| p.into_inner());
            shard.drops += 1;
            shard.map.retain(|_, value| keep(value));
        }
    }

    fn clear(&self) {
        for shard in &self.shards {
            let mut shard = shard.lock().unwrap_or_else(|p| p.into_inner());
            shard.drops += 1;
            shard.map.clear();
        }
    }
}

pub struct Resolver {
    store: Store,
    settings: ResolverSettings,
    verifier: watch::Receiver<Option<Arc<Verifier>>>,
    reload: tokio::sync::Notify,
    series_changes: watch::Receiver<u64>,
    lots: Shards<Uuid, Arc<LotEntry>>,
    counts: Shards<[u8; 10], Seen>,
    pub views: RateLimiter,
    pub reports: RateLimiter,
    scans: ScanLog,
}

impl Resolver {
    /// Starts the resolver: its scan writer, and the task that loads keys and series when the
    /// first code is checked, then every [`ResolverSettings::reload_every`] and whenever a
    /// series is issued.
    pub fn start(store: Store, settings: ResolverSettings) -> Arc<Resolver> {
        let (publish, verifier) = watch::channel(None);
        let resolver = Arc::new(Resolver {
            scans: ScanLog::spawn(store.clone(), settings.scan_log),
            views: RateLimiter::new(settings.views_per_minute, Duration::from_secs(60), 100_000),
            reports: RateLimiter::new(
                settings.reports_per_hour,
                Duration::from_secs(3600),
                100_000,
            ),
            series_changes: store.stamp_series_changes(),
            lots: Shards::new(settings.max_lots),
            counts: Shards::new(settings.max_counts),
            reload: tokio::sync::Notify::new(),
            verifier,
            store,
            settings,
        });
        tokio::spawn(keep_loaded(Arc::downgrade(&resolver), publish));
        resolver
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn scan_log(&self) -> &ScanLog {
        &self.scans
    }

    /// The loaded keys and series as `need`s them; waits for a load when they do not meet it
    /// (the first load, right after start; a series issued since).
    async fn current(&self, need: Need) -> Option<Arc<Verifier>> {
        let mut receiver = self.verifier.clone();
        loop {
            if let Some(v) = receiver.borrow_and_update().clone()
                && need.met_by(&v, *self.series_changes.borrow())
            {
                return Some(v);
            }
            self.reload.notify_one();
            if tokio::time::timeout(self.settings.load_wait, receiver.changed())
                .await
                .ok()?
                .is_err()
            {
                return None;
            }
        }
    }

    /// Checks a code (and its signature, when given) by memory alone.
    pub async fn verify(&self, raw: &str, signature: Option<&str>) -> Verdict {
        let Ok(parsed) = StampCode::parse(raw) else {
            return Verdict::Unknown;
        };
        let Some(mut verifier) = self.current(Need::Loaded).await else {
            return Verdict::Unavailable;
        };
        let stamp = match verifier.keys.verify(&parsed) {
            Ok(stamp) => stamp,
            // A key made a moment ago (with the first series it tagged): reload once.
            Err(CodeError::UnknownKey) if verifier.version < *self.series_changes.borrow() => {
                let Some(fresh) = self.current(Need::Fresh).await else {
                    return Verdict::Unavailable;
                };
                verifier = fresh;
                match verifier.keys.verify(&parsed) {
                    Ok(stamp) => stamp,
                    Err(_) => return Verdict::Unknown,
                }
            }
            Err(_) => return Verdict::Unknown,
        };
        let code = parsed.code();
        if let Some(signature) = signature {
            let valid = verifier
                .public_keys
                .get(&stamp.key_id.get())
                .is_some_and(|key| signing::verify(key, &code, signature));
            if !valid {
                return Verdict::Unknown;
            }
        }
        let issued = |v: &Verifier| {
            v.series
                .get(&stamp.series_no)
                .filter(|s| stamp.index < s.count && s.key_id == stamp.key_id.get())
                .copied()
        };
        let series = match issued(&verifier) {
            Some(series) => Some(series),
            // A series numbered above those read: issued a moment ago, here or by another
            // server (whose change log this one reads only every second). Read the new series
            // once, then decide. The tag is genuine, so only a code made with our key comes
            // this way, never a forged one; and requests during a load share the next one.
            None if verifier.last_series_no < Some(stamp.series_no) => {
                match self.current(Need::ReadSince(Instant::now())).await {
                    Some(fresh) => issued(&fresh),
                    None => return Verdict::Unavailable,
                }
            }
            // A series once read never changes: an index past its count is never issued.
            None => None,
        };
        match series {
            Some(series) => Verdict::Genuine {
                stamp,
                code,
                series,
            },
            None => Verdict::NeverIssued(stamp),
        }
    }

    /// The public view of a lot and its pre-rendered page: from memory, else the read pool.
    /// A view past its time ([`stale_after`]) or rendered on an earlier day in Vietnam than
    /// `now`'s is still answered while one task reads it again, so that a popular lot never
    /// waits for the database (a change to the lot drops its view instead).
    pub async fn lot(
        self: &Arc<Self>,
        lot_id: Uuid,
        now: OffsetDateTime,
    ) -> Result<Arc<LotEntry>, StoreError> {
        if let Some(entry) = self.lots.with(&lot_id, |m| m.get(&lot_id).cloned()) {
            let past = Instant::now() >= entry.stale_at || entry.rendered_on != vietnam_date(now);
            if past && !entry.refreshing.swap(true, Ordering::Relaxed) {
                let (resolver, stale) = (self.clone(), entry.clone());
                tokio::spawn(async move {
                    if let Err(error) = resolver.load_lot(lot_id, Some(&stale)).await {
                        tracing::warn!(%error, "lot view not refreshed");
                        stale.refreshing.store(false, Ordering::Relaxed);
                    }
                });
            }
            return Ok(entry);
        }
        self.load_lot(lot_id, None).await
    }

    /// Reads a lot's view and renders its page, or keeps the page of `previous` when the view
    /// and the day are the same: most refreshes find nothing changed, and rendering a lot's
    /// answers costs far more than comparing its view.
    async fn load_lot(
        &self,
        lot_id: Uuid,
        previous: Option<&LotEntry>,
    ) -> Result<Arc<LotEntry>, StoreError> {
        let (entry, drops) = self.read_lot(lot_id, previous).await?;
        if !self.keep_lot(entry.clone(), drops)
            && let Some(previous) = previous
        {
            // Not kept: the next scan tries again.
            previous.refreshing.store(false, Ordering::Relaxed);
        }
        Ok(entry)
    }

    /// Reads a lot's view and renders it (see [`Resolver::load_lot`]), with the count of drops
    /// from its shard before the read.
    async fn read_lot(
        &self,
        lot_id: Uuid,
        previous: Option<&LotEntry>,
    ) -> Result<(Arc<LotEntry>, u64), StoreError> {
        let drops = self.lots.drops(&lot_id);
        let view = self.store.lot_public_view(lot_id).await?;
        let today = vietnam_date(self.store.now());
        let page = match previous {
            Some(p) if p.view == view && p.rendered_on == today => p.page.clone(),
            _ => Arc::new(LotPage::render(&view, today)),
        };
        let entry = Arc::new(LotEntry {
            page,
            rendered_on: today,
            view,
            stale_at: Instant::now() + stale_after(self.settings.lot_ttl, lot_id),
            refreshing: AtomicBool::new(false),
        });
        Ok((entry, drops))
    }

    /// Keeps `entry`, read when its shard had had `drops` drops, unless a view was dropped
    /// from the shard since: the change that dropped it may have been committed after the
    /// read, and keeping the view read before would undo it (a recall's banner gone until the
    /// view's time is up). False when not kept.
    fn keep_lot(&self, entry: Arc<LotEntry>, drops: u64) -> bool {
        self.lots
            .insert_unless_dropped(entry.view.lot_id, entry, drops)
    }

    /// Forgets every kept lot view.
    pub fn forget_lots(&self) {
        self.lots.clear();
    }

    /// Forgets the lot views `change` touches: the next scan of such a lot reads it again.
    pub fn forget(&self, change: ViewChange) {
        match change {
            ViewChange::Lot(id) => {
                self.lots.remove(&id);
            }
            ViewChange::Product(id) => self.lots.retain(|e| e.view.product_id != id),
            ViewChange::Producer(id) => self.lots.retain(|e| e.view.producer_id != id),
        }
    }

    /// Counts this scan of `serial` in memory and answers the scans before it; a stamp not in
    /// memory is read once from the scan counts (the only database read of a scan).
    pub async fn seen(&self, serial: [u8; 10], at: OffsetDateTime) -> Seen {
        let bump = |seen: &mut Seen| {
            let before = *seen;
            seen.before += 1;
            seen.first_at.get_or_insert(at);
            before
        };
        if let Some(before) = self.counts.with(&serial, |m| m.get_mut(&serial).map(bump)) {
            return before;
        }
        let serial_text = std::str::from_utf8(&serial).unwrap_or("");
        let stored = match self.store.scan_count(serial_text).await {
            Ok(count) => count,
            Err(error) => {
                tracing::warn!(%error, "scan count not read");
                None
            }
        };
        let mut seen = Seen {
            before: stored.map_or(0, |c| c.count.unsigned_abs()),
            first_at: stored.map(|c| c.first_at),
        };
        let before = bump(&mut seen);
        self.counts.with(&serial, |m| m.insert(serial, seen));
        before
    }

    /// Hands a scan to the writer (never waits). `seen` is None for a code of a series never
    /// issued (not counted).
    #[allow(clippy::too_many_arguments)]
    pub fn record(
        &self,
        stamp: &VerifiedStamp,
        serial: [u8; 10],
        lot: Option<&LotPublicView>,
        demo: bool,
        at: OffsetDateTime,
        place: Option<CoarsePlace>,
        agent: AgentClass,
        seen: Option<Seen>,
    ) {
        self.scans.record(ScanEvent {
            at,
            serial,
            series_no: stamp.series_no,
            lot_id: lot.map(|l| l.lot_id),
            expires_on: lot.and_then(|l| l.expires_on),
            place,
            agent,
            demo,
            count: seen.map_or(0, |s| s.count()),
        });
    }
}

/// How long a lot's view is kept: the TTL and up to half of it more, the same for a lot each
/// time (from its id's random bits), different between lots. Lots read together, after a start
/// or a recall, are then read again spread over that half rather than all at once: 2,000 lots
/// refreshed in the same few seconds lengthened a one-core server's p99 several times over
/// (BENCHMARKS.md).
fn stale_after(ttl: Duration, lot_id: Uuid) -> Duration {
    let share = (lot_id.as_u128() % 1024) as f64 / 2048.0;
    ttl + ttl.mul_f64(share)
}

/// Loads keys and series when first needed, then on each series change, each request for a
/// reload and every `reload_every`; drops the lot views each change touches; stops when the
/// resolver is dropped.
async fn keep_loaded(
    resolver: std::sync::Weak<Resolver>,
    publish: watch::Sender<Option<Arc<Verifier>>>,
) {
    let Some((store, every, changes_every, mut changes, mut views)) = resolver.upgrade().map(|r| {
        (
            r.store.clone(),
            r.settings.reload_every,
            r.settings.changes_every,
            r.store.stamp_series_changes(),
            r.store.lot_view_changes(),
        )
    }) else {
        return;
    };
    // From the log's end, before any view is read: a change logged after is read next.
    let mut log = ChangeReader::at_end(&store).await;
    let mut read_log =
        tokio::time::interval_at(tokio::time::Instant::now() + changes_every, changes_every);
    read_log.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // The first load of keys and series waits for the first code to check (or a series
    // issued, or the timer): a server nobody scans does not hold them.
    let mut due = false;
    let mut timed = false;
    let mut next = tokio::time::Instant::now() + every;
    loop {
        let version = *changes.borrow_and_update();
        if due {
            let previous = publish.borrow().clone();
            match load(&store, version, previous.as_deref()).await {
                Ok(verifier) => {
                    publish.send_replace(Some(Arc::new(verifier)));
                }
                Err(error) => tracing::error!(%error, "stamp keys and series not loaded"),
            }
            next = tokio::time::Instant::now() + every;
        }
        // On the timer only: loads asked for by requests (a code of a series not in memory)
        // may come one after another, and pruning is a write.
        if timed && let Err(error) = store.prune_view_changes().await {
            tracing::warn!(%error, "change log not pruned");
        }
        let Some(r) = resolver.upgrade() else {
            return;
        };
        timed = false;
        due = tokio::select! {
            changed = changes.changed() => {
                if changed.is_err() {
                    return;
                }
                true
            }
            // A recall must show at once, a corrected name as soon: only the lots changed are
            // dropped. (A new series changes no lot's view: dropping them all then made every
            // lot on sale wait for the database at its next scan.)
            change = views.recv() => {
                match change {
                    Ok(change) => r.forget(change),
                    // More changes at once than the store keeps for a listener.
                    Err(RecvError::Lagged(_)) => r.forget_lots(),
                    Err(RecvError::Closed) => return,
                }
                false
            }
            // Any change, by any process (one made here is read again: its lots' views are
            // dropped twice); a series issued elsewhere is read once keys and series are held.
            _ = read_log.tick() => {
                read_changes(&r, &store, &mut log).await && publish.borrow().is_some()
            }
            // A request needs keys and series newer than those loaded. Requests asking during
            // a load are answered by the next one: one load more, whatever their number.
            () = r.reload.notified() => true,
            () = tokio::time::sleep_until(next) => {
                timed = true;
                true
            }
        };
    }
}

/// Reads the change log and drops the lot views it names; true when the keys and series are
/// to be read again. A reader that could not start starts at the log's end, after dropping
/// every view (what changed before is unknown).
async fn read_changes(
    resolver: &Resolver,
    store: &Store,
    log: &mut Result<ChangeReader, StoreError>,
) -> bool {
    let read = match log {
        Ok(reader) => reader.read(store).await,
        Err(_) => match ChangeReader::at_end(store).await {
            Ok(reader) => {
                *log = Ok(reader);
                resolver.forget_lots();
                return true;
            }
            Err(error) => Err(error),
        },
    };
    match read {
        Ok(changes) => {
            if changes.all_views {
                resolver.forget_lots();
            }
            for change in changes.views {
                resolver.forget(change);
            }
            changes.series
        }
        Err(error) => {
            tracing::warn!(%error, "change log not read");
            false
        }
    }
}

/// Keys and series, read anew: the keys whole (a few rows), the series whole the first time
/// and then only those numbered above the last one read (a series never changes once issued).
/// Reading 200,000 series whole every minute took 1.2 s (2 s of CPU), on the workers that
/// answer scans (BENCHMARKS.md).
async fn load(
    store: &Store,
    version: u64,
    previous: Option<&Verifier>,
) -> Result<Verifier, StoreError> {
    let read_at = Instant::now();
    let keys = store.stamp_keys().await?;
    let public_keys = keys
        .keys()
        .iter()
        .map(|k| (k.id.get(), signing::public_key(k)))
        .collect();
    let known = previous.and_then(|p| p.last_series_no);
    let new = store.issued_series(known).await?;
    let last_series_no = new.last().map(|s| s.series_no).or(known);
    let entry = |s: &ocop_store::stamps::IssuedSeries| {
        (
            s.series_no,
            SeriesEntry {
                lot_id: s.lot_id,
                count: s.count,
                key_id: s.key_id,
                signed: s.signed,
                demo: s.demo,
            },
        )
    };
    let series = match previous {
        Some(previous) if new.is_empty() => previous.series.clone(),
        Some(previous) => {
            let mut series = HashMap::clone(&previous.series);
            series.extend(new.iter().map(entry));
            Arc::new(series)
        }
        None => Arc::new(new.iter().map(entry).collect()),
    };
    Ok(Verifier {
        keys,
        public_keys,
        series,
        last_series_no,
        version,
        read_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lots_read_together_are_read_again_spread_over_half_the_ttl() {
        let ttl = Duration::from_secs(30);
        let lots: Vec<Uuid> = (0..200).map(|_| Uuid::now_v7()).collect();
        let kept: Vec<Duration> = lots.iter().map(|&id| stale_after(ttl, id)).collect();
        assert!(
            kept.iter().all(|k| (ttl..ttl + ttl / 2).contains(k)),
            "{kept:?}"
        );
        // The same lot keeps its time; lots made in the same millisecond do not share one.
        assert_eq!(stale_after(ttl, lots[0]), kept[0]);
        let (earliest, latest) = (kept.iter().min().unwrap(), kept.iter().max().unwrap());
        assert!(*latest - *earliest > ttl / 3, "{earliest:?}..{latest:?}");
    }

    /// A lot's view read while a change is committed, and kept after the change was told,
    /// would show the lot as it was (a recall without its banner) until its time is up.
    #[tokio::test]
    async fn a_view_read_before_a_change_is_told_is_not_kept() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("ocop.db").display());
        let store = Store::open(&url).await.unwrap();
        ocop_store::demo::load(&store).await.unwrap();
        let producer = store
            .user_by_email("chuthe.dinhtrung@ocop.demo")
            .await
            .unwrap()
            .and_then(|u| u.producer_id)
            .unwrap();
        let product = store.products_of(producer).await.unwrap()[0].id;
        let lot_id = store.lots_of_product(product).await.unwrap()[0].id;
        let resolver = Resolver::start(store, ResolverSettings::default());
        let held = |r: &Resolver| r.lots.with(&lot_id, |m| m.contains_key(&lot_id));

        let (before, drops) = resolver.read_lot(lot_id, None).await.unwrap();
        resolver.forget(ViewChange::Lot(lot_id));
        assert!(!resolver.keep_lot(before, drops));
        assert!(!held(&resolver), "the view read before the change is kept");
        // A change to any product or producer may touch this lot, and so may dropping them all.
        let (before, drops) = resolver.read_lot(lot_id, None).await.unwrap();
        resolver.forget(ViewChange::Product(Uuid::now_v7()));
        assert!(!resolver.keep_lot(before, drops));
        let (before, drops) = resolver.read_lot(lot_id, None).await.unwrap();
        resolver.forget_lots();
        assert!(!resolver.keep_lot(before, drops));

        // A change to a lot kept in another shard does not hold this one back.
        let shard_of = |id: &Uuid| resolver.lots.hasher.hash_one(id) as usize % SHARDS;
        let elsewhere = std::iter::repeat_with(Uuid::now_v7)
            .find(|id| shard_of(id) != shard_of(&lot_id))
            .unwrap();
        let (after, drops) = resolver.read_lot(lot_id, None).await.unwrap();
        resolver.forget(ViewChange::Lot(elsewhere));
        assert!(resolver.keep_lot(after, drops));
        assert!(held(&resolver));
    }
}
