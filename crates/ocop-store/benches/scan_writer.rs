//! The scan writer alone (no HTTP): wall time per scan of [`Store::record_scans`] on a
//! temporary SQLite file holding the demo data, in batches of 10,000, for the three loads the
//! resolver gives it — stamps never scanned, the resolver bench's steady state (20,000
//! stamps scanned round and round, so a batch touches about 8,000 of them), and the same
//! stamps each past the many-scans threshold and alerted — and the process's CPU time per
//! scan (the writing task and SQLite's thread together).
//!
//! Run: `cargo bench -p ocop-store --bench scan_writer` (add `-- postgres://…` to run against
//! PostgreSQL instead; `OCOP_BENCH_BATCHES`, default 10 a load).

use std::time::Instant;

use ocop_domain::scan::{AgentClass, AlertRules};
use ocop_store::Store;
use ocop_store::scans::{KnownAlerts, ScanEvent};

/// The allocator the `ocop` binary serves with, so that the writer measured here is that one.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const BATCH: usize = 10_000;
/// The resolver bench's distinct codes.
const HOT_STAMPS: u32 = 20_000;

fn process_cpu_seconds() -> f64 {
    // SAFETY: getrusage fills the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Stamp `n`'s serial: "Z", then `n` in base 32 padded with zeros.
fn serial(n: u32) -> [u8; 10] {
    ocop_domain::stamp::serial_chars((31 << 45) | u64::from(n))
}

#[tokio::main]
async fn main() {
    // Batches timed per load (`OCOP_BENCH_BATCHES`, default 10).
    let batches: u32 = std::env::var("OCOP_BENCH_BATCHES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let pg = std::env::args()
        .nth(1)
        .filter(|a| a.starts_with("postgres"));
    let dir = tempfile::tempdir().unwrap();
    let url = pg
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}", dir.path().join("ocop.db").display()));
    let store = Store::open(&url).await.unwrap();
    ocop_store::demo::load(&store).await.unwrap();
    let series = store.stamp_series_all().await.unwrap();
    let rules = AlertRules::default();
    let now = time::OffsetDateTime::now_utc();
    // Stamp `n`'s `count`th scan.
    let event = |n: u32, count: u32| {
        let s = &series[n as usize % series.len()];
        ScanEvent {
            at: now,
            serial: serial(n),
            series_no: s.series_no,
            lot_id: Some(s.lot_id),
            expires_on: None,
            place: None,
            agent: AgentClass::Android,
            demo: false,
            count,
        }
    };
    println!(
        "Scan writer, {} backend, batches of {BATCH}:\n",
        if pg.is_some() { "PostgreSQL" } else { "SQLite" }
    );
    println!("| load | wall µs/scan | CPU µs/scan |");
    println!("|---|---|---|");
    // One writer's knowledge of the alerts raised, as the writer task keeps it.
    let mut known = KnownAlerts::default();
    let mut time = async |name: &str, batches: Vec<Vec<ScanEvent>>| {
        let written: usize = batches.iter().map(Vec::len).sum();
        let (start, cpu) = (Instant::now(), process_cpu_seconds());
        for scans in batches {
            store
                .record_scans(&scans, &rules, &mut known)
                .await
                .unwrap();
        }
        let wall = start.elapsed().as_secs_f64() * 1e6 / written as f64;
        let cpu = (process_cpu_seconds() - cpu) * 1e6 / written as f64;
        println!("| {name} | {wall:.2} | {cpu:.2} |");
    };
    // Stamps never scanned: each batch its own 10,000, above the hot ones.
    let fresh = (0..batches)
        .map(|b| {
            (0..BATCH as u32)
                .map(|i| event(HOT_STAMPS + b * BATCH as u32 + i, 1))
                .collect()
        })
        .collect();
    time("stamps never scanned", fresh).await;
    // The resolver bench: the hot stamps scanned in a random order, so that a batch touches
    // about 8,000 of them, each scan numbered as the resolver counts it. A fixed generator
    // keeps runs comparable.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut counts = vec![0u32; HOT_STAMPS as usize];
    let mut round = || {
        (0..BATCH)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let n = (state % u64::from(HOT_STAMPS)) as u32;
                counts[n as usize] += 1;
                event(n, counts[n as usize])
            })
            .collect::<Vec<_>>()
    };
    let under = (0..batches).map(|_| round()).collect();
    time("20,000 stamps scanned round and round", under).await;
    // Past the threshold: rounds enough for 40 scans a stamp on average (nearly all alerted
    // on the way), then the same stamps again.
    let crossing = (0..rules.max_scans * 4).map(|_| round()).collect();
    time("the same while they pass the threshold", crossing).await;
    let over = (0..batches).map(|_| round()).collect();
    time("the same, each stamp over the threshold and alerted", over).await;
}
