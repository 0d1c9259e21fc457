//! Issuing stamps and printing their labels.
//!
//! (a) Issuing 1,000,000 stamps as `ocop stamps issue --output` does: the series row stored
//! (the use case, on a temporary SQLite database with the demo data), then every code
//! generated and written as CSV to a temporary file, on every core; then the CSV again on
//! one thread, as the API's download makes it. Measured next to raw HMAC-SHA256
//! throughput in the same run (one HMAC of a 23-byte message per item, the key's state
//! prepared once: what the tag alone costs). Goal: issuing at ≥ 50% of raw HMAC.
//! (b) A label-sheet PDF of 10,000 labels: time and size.
//!
//! Run: `cargo bench -p ocop-web --bench stamps` (`OCOP_BENCH_STAMPS` sets the count).

use std::hint::black_box;
use std::io::BufWriter;
use std::time::Instant;

use hmac::{Hmac, Mac};
use ocop_domain::stamp::{IssueInput, SeriesCodes};
use ocop_store::{Caller, Store};
use ocop_web::routes::stamps::print;
use sha2::Sha256;

fn raw_hmac_per_second(n: u32) -> f64 {
    let mac = Hmac::<Sha256>::new_from_slice(&[7u8; 32]).unwrap();
    let start = Instant::now();
    let mut acc = 0u8;
    for i in 0..n {
        let mut m = mac.clone();
        m.update(b"ocop-stamp-v1");
        m.update(&u64::from(i).to_be_bytes());
        m.update(&[0, 0]);
        acc ^= m.finalize().into_bytes()[0];
    }
    black_box(acc);
    f64::from(n) / start.elapsed().as_secs_f64()
}

#[tokio::main]
async fn main() {
    let count: u32 = std::env::var("OCOP_BENCH_STAMPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let store = Store::open(&url).await.unwrap();
    ocop_store::demo::load(&store).await.unwrap();
    let system = Caller::system("bench");
    // A demo lot that is not recalled.
    let mut lot = None;
    for series in store.stamp_series_all().await.unwrap() {
        let candidate = store.lot(series.lot_id).await.unwrap();
        if candidate.recall_reason.is_none() {
            lot = Some(candidate.id);
        }
    }
    let lot = lot.expect("an active demo lot");

    // Warm up, then the baseline.
    raw_hmac_per_second(100_000);
    let hmac_rate = raw_hmac_per_second(count);

    // (a) The use case stores the series row, then the codes are generated and written.
    let start = Instant::now();
    let series = store
        .issue_stamps(
            &system,
            lot,
            &IssueInput {
                count: count.to_string(),
                ..IssueInput::default()
            },
            false,
        )
        .await
        .unwrap();
    let stored = start.elapsed();
    let print_data = store.series_for_print(&system, series.id).await.unwrap();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let path = dir.path().join("codes.csv");
    let file = std::fs::File::create(&path).unwrap();
    let rows = print::write_csv(
        &print_data,
        "ocop.example.vn",
        BufWriter::new(file),
        threads,
    )
    .unwrap();
    let issued = start.elapsed();
    let csv_bytes = std::fs::metadata(&path).unwrap().len();
    assert_eq!(rows, u64::from(count));
    let issue_rate = f64::from(count) / issued.as_secs_f64();

    // The same on one thread, as the API's download writes it.
    let start = Instant::now();
    let file = std::fs::File::create(dir.path().join("codes-1.csv")).unwrap();
    print::write_csv(&print_data, "ocop.example.vn", BufWriter::new(file), 1).unwrap();
    let one_thread_rate = f64::from(count) / start.elapsed().as_secs_f64();

    // The codes alone, without the CSV: what the permutation and the tag cost.
    let start = Instant::now();
    let mut acc = 0u8;
    for code in SeriesCodes::new(&print_data.key, series.series_no, count) {
        acc ^= code.tag().as_bytes()[9];
    }
    black_box(acc);
    let codes_rate = f64::from(count) / start.elapsed().as_secs_f64();

    println!("raw HMAC-SHA256, one core: {hmac_rate:.0} /s");
    println!(
        "issue {count} stamps ({threads} threads): {:.3} s (series row stored in {:.1} ms, CSV {:.1} MB) = {issue_rate:.0} stamps/s, ratio to raw HMAC {:.2}",
        issued.as_secs_f64(),
        stored.as_secs_f64() * 1000.0,
        csv_bytes as f64 / 1e6,
        issue_rate / hmac_rate
    );
    println!(
        "the CSV on one thread: {one_thread_rate:.0} stamps/s, ratio to raw HMAC {:.2}",
        one_thread_rate / hmac_rate
    );
    println!(
        "codes only, one thread: {codes_rate:.0} /s, ratio to raw HMAC {:.2}",
        codes_rate / hmac_rate
    );

    // (b) 10,000 labels.
    let labels = 10_000.min(count);
    let start = Instant::now();
    let mut pdf = Vec::new();
    let summary = print::write_pdf(&print_data, "ocop.example.vn", 1, &mut pdf)
        .unwrap()
        .unwrap();
    println!(
        "label PDF of {} labels: {:.3} s, {} pages, {:.2} MB",
        summary.labels.min(u64::from(labels)),
        start.elapsed().as_secs_f64(),
        summary.pages,
        summary.bytes as f64 / 1e6
    );
}
