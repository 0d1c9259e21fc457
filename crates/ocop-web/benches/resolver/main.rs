//! The stamp resolver under load. Generates a dataset on a temporary SQLite database — 20,000
//! products, 200,000 lots and 200,000 stamp series of 50 stamps (10,000,000 issued stamps; a
//! series is one row) — in one transaction per table, starts the real server in-process with
//! scan logging on, and a minimal hyper server built here answering a body of the same size;
//! then drives both with `wrk` (Debian's package) on loopback over many distinct valid codes
//! (a Lua script picks them from a file), for the HTML page and for the JSON answer:
//! requests per second, p99, this process's CPU time per request (the server's own cost, which
//! wrk's share of the cores does not blur) and the ratios to hello. Before, the handler apart
//! from the network: a scan answered in one thread as the server answers it (the scan writer
//! alone has its own bench, `cargo bench -p ocop-store --bench scan_writer`). Then, at half of
//! hello's peak rate, the p99 of the resolver and of hello at the same rate (the
//! floor), three rounds each, and the medians, with each server's CPU per request at that rate
//! (the process's CPU less the generator thread's, the scans of the run written) and the CPU
//! the hypervisor took from the machine meanwhile (`steal`): the load comes from this bench's
//! own fixed-rate generator (`open_loop.rs`), since wrk has none. Last, the same with the load
//! generator off the server's core: the server started again on core 0 alone, with one worker thread as a
//! server on one core runs, wrk (one thread, with `taskset`) and the generator on core 1,
//! hello's peak measured again so, the p99 at half of it, and the highest of falling shares of
//! hello's peak at which the resolver's p99 is under the goal's 5 ms. On shared cores the tail
//! is set as much by the scheduler's slices between the load generator and the server as by
//! the server: hello's own p99 moves between 1.5 and 9 ms.
//!
//! Run: `cargo bench -p ocop-web --bench resolver` (`OCOP_BENCH_SECONDS`, default 10 per
//! run; `OCOP_BENCH_CODES`, default 20,000 distinct codes, spread over 2,000 lots; for
//! experiments, `OCOP_BENCH_SCAN_CAPACITY`, the scan channel, 1 to drop every scan,
//! `OCOP_BENCH_LOT_TTL`, seconds a lot view is kept, and `OCOP_BENCH_ONE_CORE_ONLY`, to go
//! straight to the server on one core). Before
//! measuring, every code is asked once, so that its lot's view and its scan count are in
//! memory (lot views are kept 30 s, so some are read again during the runs, as in service).

#[path = "../shared/hello.rs"]
mod hello;
mod open_loop;

use std::net::SocketAddr;
use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

use futures_util::StreamExt;
use ocop_domain::stamp::StampCode;
use ocop_store::Store;
use ocop_web::routes::resolver::memory::{Resolver, Verdict};
use ocop_web::{AppState, WebConfig};
use sqlx::Connection;

/// Alternating runs of the resolver and hello per answer.
const ROUNDS: usize = 3;
/// The issue's goal for the p99 at half of hello's peak rate.
const GOAL_P99_MS: f64 = 5.0;

/// The allocator the `ocop` binary serves with, so that the server measured here is that one.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const PRODUCTS: u32 = 20_000;
const LOTS_PER_PRODUCT: u32 = 10;
const STAMPS_PER_SERIES: u32 = 50;
/// Series numbers of the generated series start here (the demo's are below).
const FIRST_SERIES: u32 = 10_000;
/// Lots the scanned codes belong to.
const HOT_LOTS: u32 = 2_000;

/// The columns of `table` but `skip`, in order.
async fn columns(conn: &mut sqlx::SqliteConnection, table: &str, skip: &[&str]) -> Vec<String> {
    let rows: Vec<(String,)> =
        sqlx::query_as(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .fetch_all(&mut *conn)
            .await
            .unwrap();
    rows.into_iter()
        .map(|(name,)| name)
        .filter(|name| !skip.contains(&name.as_str()))
        .collect()
}

/// Copies the first row of `table` `times` times per row of `source`, with the expressions
/// `set` for some columns (the others copied).
async fn multiply(
    conn: &mut sqlx::SqliteConnection,
    table: &str,
    set: &[(&str, &str)],
    from: &str,
    skip: &[&str],
) -> u64 {
    let cols = columns(conn, table, skip).await;
    let values: Vec<String> = cols
        .iter()
        .map(|c| {
            set.iter()
                .find(|(name, _)| name == c)
                .map_or(format!("t.{c}"), |(_, expr)| (*expr).to_owned())
        })
        .collect();
    let sql = format!(
        "INSERT INTO {table} ({}) SELECT {} FROM {from}",
        cols.join(", "),
        values.join(", ")
    );
    sqlx::query(&sql)
        .execute(&mut *conn)
        .await
        .unwrap()
        .rows_affected()
}

/// Generates the dataset beside the demo data; returns the codes file's lines.
async fn generate(url: &str, store: &Store, codes: usize) -> Vec<String> {
    let started = Instant::now();
    let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
    sqlx::query("PRAGMA journal_mode = WAL")
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::query("PRAGMA synchronous = OFF")
        .execute(&mut conn)
        .await
        .unwrap();
    let numbers = |n: u32| {
        format!(
            "(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n}) SELECT i FROM n) n"
        )
    };
    let mut tx = conn.begin().await.unwrap();
    let products = multiply(
        &mut tx,
        "products",
        &[
            ("id", "randomblob(16)"),
            ("name", "'Sản phẩm thử ' || n.i"),
            ("name_fold", "'san pham thu ' || n.i"),
            ("product_code", "NULL"),
            ("status", "'active'"),
        ],
        &format!(
            "(SELECT * FROM products ORDER BY seq LIMIT 1) t, {}",
            numbers(PRODUCTS)
        ),
        &["seq"],
    )
    .await;
    tx.commit().await.unwrap();
    let t_products = started.elapsed();
    let mut tx = conn.begin().await.unwrap();
    let lots = multiply(
        &mut tx,
        "lots",
        &[
            ("id", "randomblob(16)"),
            ("product_id", "p.id"),
            ("lot_number", "'B-' || n.i"),
            ("status", "'active'"),
            ("recall_reason", "NULL"),
            ("recalled_at", "NULL"),
            ("demo", "0"),
        ],
        &format!(
            "(SELECT * FROM lots WHERE recall_reason IS NULL LIMIT 1) t, \
             (SELECT id FROM products WHERE name LIKE 'Sản phẩm thử %') p, {}",
            numbers(LOTS_PER_PRODUCT)
        ),
        &[],
    )
    .await;
    tx.commit().await.unwrap();
    let t_lots = started.elapsed();
    let mut tx = conn.begin().await.unwrap();
    let series = multiply(
        &mut tx,
        "stamp_series",
        &[
            ("id", "randomblob(16)"),
            ("series_no", &format!("{FIRST_SERIES} + l.rn")),
            ("lot_id", "l.id"),
            ("count", &STAMPS_PER_SERIES.to_string()),
            ("demo", "0"),
        ],
        "(SELECT * FROM stamp_series LIMIT 1) t, \
         (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS rn FROM lots WHERE lot_number LIKE 'B-%') l",
        &[],
    )
    .await;
    tx.commit().await.unwrap();
    let t_series = started.elapsed();
    println!(
        "Dataset: {products} products in {:.1} s, {lots} lots in {:.1} s, {series} series × \
         {STAMPS_PER_SERIES} = {} stamps in {:.1} s (total {:.1} s)",
        t_products.as_secs_f64(),
        (t_lots - t_products).as_secs_f64(),
        series * u64::from(STAMPS_PER_SERIES),
        (t_series - t_lots).as_secs_f64(),
        t_series.as_secs_f64()
    );
    let ring = store.stamp_keys().await.unwrap();
    let key = ring.active().unwrap();
    // Scans gather on the lots on sale: the codes are spread over `HOT_LOTS` lots, a few
    // stamps of each, every one distinct.
    let per_lot = codes.div_ceil(HOT_LOTS as usize) as u32;
    (0..codes)
        .map(|i| {
            let series_no = FIRST_SERIES + 1 + (i as u32 % HOT_LOTS) * (series as u32 / HOT_LOTS);
            let index = (i as u32 / HOT_LOTS) % per_lot.min(STAMPS_PER_SERIES);
            StampCode::issue(key, series_no, index).to_string()
        })
        .collect()
}

struct Run {
    rps: f64,
    p99_ms: f64,
    requests: f64,
}

/// CPU time (user and system, every thread) this process has used: the server's cost, apart
/// from wrk's, which shares the machine's cores.
fn cpu_time() -> f64 {
    open_loop::cpu_seconds(libc::RUSAGE_SELF)
}

fn parse_ms(value: &str) -> f64 {
    let value = value.trim();
    if let Some(us) = value.strip_suffix("us") {
        us.parse::<f64>().unwrap_or(f64::NAN) / 1000.0
    } else if let Some(ms) = value.strip_suffix("ms") {
        ms.parse().unwrap_or(f64::NAN)
    } else if let Some(s) = value.strip_suffix('s') {
        s.parse::<f64>().unwrap_or(f64::NAN) * 1000.0
    } else {
        f64::NAN
    }
}

/// Where wrk runs: on every core, or pinned to one (with `taskset`, from util-linux) while
/// this process, the server, is pinned to the other.
#[derive(Clone, Copy)]
enum Cores {
    Shared,
    Apart,
}

/// The core wrk gets when the cores are apart; the server gets [`SERVER_CORE`].
const WRK_CORE: &str = "1";
const SERVER_CORE: usize = 0;

/// Pins every thread of this process to `cpu`; threads started later inherit it.
fn pin_process_to(cpu: usize) {
    for entry in std::fs::read_dir("/proc/self/task").unwrap() {
        let tid = entry
            .unwrap()
            .file_name()
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        open_loop::pin_thread(tid, cpu);
    }
}

/// The bench setting `name` from the environment, if set (a value that does not parse stops
/// the bench rather than be ignored).
fn setting<T: std::str::FromStr>(name: &str) -> Option<T> {
    let value = std::env::var(name).ok()?;
    Some(
        value
            .parse()
            .unwrap_or_else(|_| panic!("{name}={value}: not a number")),
    )
}

/// `wrk` with `script` against `url`.
fn wrk(url: &str, script: &str, threads: u32, connections: u32, seconds: u32) -> Run {
    wrk_on(Cores::Shared, url, script, threads, connections, seconds)
}

/// [`wrk`], on every core or on its own.
fn wrk_on(
    cores: Cores,
    url: &str,
    script: &str,
    threads: u32,
    connections: u32,
    seconds: u32,
) -> Run {
    let mut command = match cores {
        Cores::Shared => Command::new("wrk"),
        Cores::Apart => {
            let mut taskset = Command::new("taskset");
            taskset.args(["-c", WRK_CORE, "wrk"]);
            taskset
        }
    };
    let output = command
        .args([
            &format!("-t{threads}"),
            &format!("-c{connections}"),
            &format!("-d{seconds}s"),
            "--latency",
            "-s",
            script,
            url,
        ])
        .output()
        .expect("wrk (apt-get install wrk)");
    let text = String::from_utf8_lossy(&output.stdout);
    let rps = text
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("wrk said: {text}"));
    let p99_ms = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("99%"))
        .map(parse_ms)
        .unwrap_or(f64::NAN);
    let requests = text
        .lines()
        .find_map(|l| l.trim().split_once(" requests in "))
        .and_then(|(n, _)| n.trim().parse().ok())
        .unwrap_or(f64::NAN);
    if text.contains("Non-2xx") {
        println!(
            "  (wrk saw non-2xx answers: {})",
            text.lines().find(|l| l.contains("Non-2xx")).unwrap_or("")
        );
    }
    Run {
        rps,
        p99_ms,
        requests,
    }
}

/// Milliseconds of CPU the hypervisor gave to others while this machine's cores wanted it
/// (`steal` in `/proc/stat`, every core), so far: a run that lost many was not the server's.
/// Zero where there is no such file.
fn stolen_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let ticks = stat
        .lines()
        .next()
        .and_then(|cpu| cpu.split_whitespace().nth(8))
        .and_then(|steal| steal.parse::<f64>().ok())
        .unwrap_or(0.0);
    // SAFETY: sysconf has no preconditions.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    ticks * 1000.0 / per_second.max(1.0)
}

/// The middle of `values` (the upper one of an even count).
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// CPU time of the calling thread.
fn thread_cpu_time() -> f64 {
    // SAFETY: clock_gettime fills the struct it is given.
    let t = unsafe {
        let mut t: libc::timespec = std::mem::zeroed();
        libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t);
        t
    };
    t.tv_sec as f64 + t.tv_nsec as f64 / 1e9
}

/// The handler's time, measured apart from the network and from wrk: a scan answered in this
/// thread as the server answers it, before its router (no socket, no HTTP parsing).
async fn parts(state: &AppState, codes: &[String]) {
    use axum::extract::FromRef;
    use ocop_web::routes::resolver::{ResolverState, scan};
    const CALLS: usize = 100_000;
    let hot = ResolverState::from_ref(state);
    let peer = std::net::IpAddr::from([127, 0, 0, 1]);
    println!("\nApart from the network, in one thread:");
    println!("| part | per scan |");
    println!("|---|---|");
    for (name, accept) in [("HTML page", "text/html"), ("JSON", "application/json")] {
        let start = thread_cpu_time();
        for code in codes.iter().cycle().take(CALLS) {
            let (request, _) = axum::http::Request::get(format!("/v/{code}"))
                .header("accept", accept)
                .body(())
                .unwrap()
                .into_parts();
            let response = scan(&hot, &request, peer).await;
            assert_eq!(response.status(), 200);
            axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .unwrap();
        }
        let per = (thread_cpu_time() - start) * 1e6 / CALLS as f64;
        println!("| the resolver's scan, {name} | {per:.2} µs CPU |");
    }
    // What a lot not in memory waits for, and what reading a view again costs the server.
    const READS: u32 = 1_000;
    let Verdict::Genuine { series, .. } = state.resolver.verify(&codes[0], None).await else {
        panic!("a generated code is genuine");
    };
    let (started, cpu) = (Instant::now(), cpu_time());
    for _ in 0..READS {
        state.store.lot_public_view(series.lot_id).await.unwrap();
    }
    println!(
        "| a lot's view read from the database | {:.0} µs, {:.0} µs CPU (all threads) |",
        started.elapsed().as_secs_f64() * 1e6 / f64::from(READS),
        (cpu_time() - cpu) * 1e6 / f64::from(READS)
    );
}

/// A wrk script: each request takes the next code of `codes`, with `accept`.
fn script(dir: &std::path::Path, name: &str, codes: &str, accept: &str) -> String {
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!(
            r#"local codes = {{}}
for line in io.lines("{codes}") do codes[#codes + 1] = line end
local i = math.random(#codes)
wrk.headers["Accept"] = "{accept}"
function request()
  i = i % #codes + 1
  return wrk.format("GET", "/v/" .. codes[i])
end
"#
        ),
    )
    .unwrap();
    path.display().to_string()
}

/// What the fixed-rate runs of one phase go against.
struct Paced<'a> {
    paths: &'a Arc<Vec<String>>,
    seconds: u32,
    /// The generator's core, if it has its own.
    core: Option<usize>,
    address: SocketAddr,
    resolver: &'a Resolver,
}

impl Paced<'_> {
    /// One run at `rate` against `address`, then a pause while the server catches up: what a
    /// run left queued (requests, scans to write) must not fall on the next. Also answers the
    /// server's CPU per request, in microseconds.
    async fn run(
        &self,
        address: SocketAddr,
        accept: &'static str,
        rate: f64,
    ) -> (open_loop::Outcome, f64, f64) {
        let cpu = cpu_time();
        let steal = stolen_ms();
        let outcome = open_loop::run(open_loop::Load {
            address,
            paths: self.paths.clone(),
            accept,
            rate,
            seconds: self.seconds,
            core: self.core,
        });
        // The server's CPU: the process's, less the generator's own thread. What the run left
        // for the scan writer is written (and counted) before the pause.
        self.resolver.scan_log().flush().await;
        let answered = outcome.rps * f64::from(self.seconds);
        let server_us = (cpu_time() - cpu - outcome.generator_cpu) * 1e6 / answered.max(1.0);
        let steal = stolen_ms() - steal;
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        (outcome, server_us, steal)
    }

    /// The rows of `name`: the resolver at `rate`, then hello at the same rate, [`ROUNDS`]
    /// times, and the medians.
    async fn rows(&self, (name, accept): (&str, &'static str), rate: f64, hello: SocketAddr) {
        let mut ours = Vec::new();
        let mut theirs = Vec::new();
        for round in 1..=ROUNDS {
            let (run, run_us, run_steal) = self.run(self.address, accept, rate).await;
            let (floor, floor_us, floor_steal) = self.run(hello, accept, rate).await;
            println!(
                "| {name} | {rate:.0} | {} | {round} | {:.0} | {:.2} ms | {:.1} ms | {:.1} | {run_steal:.0} | {:.0} | {:.2} ms | {:.1} ms | {:.1} | {floor_steal:.0} |",
                run.connections,
                run.rps,
                run.p99_ms,
                run.max_ms,
                run_us,
                floor.rps,
                floor.p99_ms,
                floor.max_ms,
                floor_us
            );
            if run.not_ok + floor.not_ok > 0 {
                println!(
                    "  (answers other than 200: resolver {}, hello {})",
                    run.not_ok, floor.not_ok
                );
            }
            ours.push(run.p99_ms);
            theirs.push(floor.p99_ms);
        }
        println!(
            "| {name} | | | median | | **{:.2} ms** | | | | | {:.2} ms | | | |",
            median(ours),
            median(theirs)
        );
    }
}

const PACED_HEADER: &str = "| answer | target req/s | connections | round | resolver req/s | p99 | max | CPU µs a request | steal ms | hello, same rate: req/s | p99 | max | CPU µs a request | steal ms |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

/// Starts the application on `store`, on the current runtime: its address and state.
async fn start(store: Store, config: WebConfig) -> (SocketAddr, AppState) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let state = AppState::new(store, config);
    tokio::spawn(ocop_web::serve_until(
        listener,
        state.clone(),
        std::future::pending(),
    ));
    (address, state)
}

/// The two hellos, with bodies of the resolver's HTML and JSON sizes, on the current runtime.
async fn hellos((html_len, json_len): (usize, usize)) -> [SocketAddr; 2] {
    [
        hello::minimal_server(vec![b'x'; html_len], "text/html; charset=utf-8").await,
        hello::minimal_server(vec![b'x'; json_len], "application/json").await,
    ]
}

/// The sizes of the resolver's HTML page and JSON answer for `code`.
async fn answer_sizes(client: &reqwest::Client, base: &str, code: &str) -> (usize, usize) {
    let mut sizes = [0; 2];
    for (size, accept) in sizes.iter_mut().zip(["text/html", "application/json"]) {
        let answer = client
            .get(format!("{base}/v/{code}"))
            .header("accept", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
        *size = answer.bytes().await.unwrap().len();
    }
    (sizes[0], sizes[1])
}

/// Every code's lot view and scan count into the resolver's memory, eight requests at a time.
async fn warm(client: &reqwest::Client, base: &str, codes: &[String]) {
    let warm = Instant::now();
    let mut pending = futures_util::stream::iter(codes.iter().map(|code| {
        let client = client.clone();
        let url = format!("{base}/v/{code}");
        async move { client.get(url).send().await.map(|r| r.status()) }
    }))
    .buffer_unordered(8);
    while let Some(status) = pending.next().await {
        assert_eq!(status.unwrap(), 200);
    }
    println!(
        "Warm-up: each of the {} codes once in {:.1} s",
        codes.len(),
        warm.elapsed().as_secs_f64()
    );
}

#[tokio::main]
async fn main() {
    let seconds: u32 = setting("OCOP_BENCH_SECONDS").unwrap_or(10);
    let code_count: usize = setting("OCOP_BENCH_CODES").unwrap_or(20_000);
    if Command::new("wrk").arg("--version").output().is_err() {
        println!("wrk not found: apt-get install wrk");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("ocop.db").display());
    let store = Store::open(&url).await.unwrap();
    ocop_store::demo::load(&store).await.unwrap();
    let codes = generate(&url, &store, code_count).await;
    // The series' inserts logged 200,000 changes: pruned as a running server prunes them.
    store.prune_view_changes().await.unwrap();
    series_reads(&store).await;
    let codes_file = dir.path().join("codes.txt");
    std::fs::write(&codes_file, codes.join("\n") + "\n").unwrap();
    let codes_path = codes_file.display().to_string();
    let paths: Arc<Vec<String>> = Arc::new(codes.iter().map(|code| format!("/v/{code}")).collect());

    let mut config = WebConfig {
        files_dir: dir.path().join("files"),
        ..WebConfig::default()
    };
    // One client address sends everything: the limit is counted, never reached.
    config.resolver.views_per_minute = u32::MAX;
    // The first load of the 200,000 series takes seconds (minutes under valgrind): the first
    // scans wait for it rather than answer 503.
    config.resolver.load_wait = std::time::Duration::from_secs(900);
    if let Some(capacity) = setting("OCOP_BENCH_SCAN_CAPACITY") {
        config.resolver.scan_log.capacity = capacity;
    }
    if let Some(seconds) = setting("OCOP_BENCH_LOT_TTL") {
        config.resolver.lot_ttl = std::time::Duration::from_secs(seconds);
    }
    let client = reqwest::Client::new();
    let (address, state) = start(store.clone(), config.clone()).await;
    let base = format!("http://{address}");
    let resolver = state.resolver.clone();
    let sizes = answer_sizes(&client, &base, &codes[0]).await;
    let (html_len, json_len) = sizes;
    let hello = hellos(sizes).await;

    let html_script = script(dir.path(), "html.lua", &codes_path, "text/html");
    let json_script = script(dir.path(), "json.lua", &codes_path, "application/json");
    warm(&client, &base, &codes).await;

    let answers = [
        ("HTML page", &html_script, html_len, "text/html"),
        ("JSON", &json_script, json_len, "application/json"),
    ];
    // `OCOP_BENCH_ONE_CORE_ONLY`: straight to the server on one core (experiments on it).
    if std::env::var_os("OCOP_BENCH_ONE_CORE_ONLY").is_none() {
        parts(&state, &codes).await;

        println!(
            "\nPeak, wrk -t2 -c32 -d{seconds}s on loopback, {code_count} distinct codes, scan logging on; \
         the resolver and hello alternate, {ROUNDS} rounds each, so that a slower spell of the \
         machine falls on both"
        );
        println!(
            "| answer | round | resolver req/s | p99 | CPU µs/req | minimal hyper, same body size, req/s | p99 | CPU µs/req | ratio | CPU ratio |"
        );
        println!("|---|---|---|---|---|---|---|---|---|---|");
        let mut halves = Vec::new();
        for ((name, script_path, len, _), hello) in answers.iter().zip(hello) {
            let mut ratios = Vec::new();
            let mut cpu_ratios = Vec::new();
            let mut hello_peak = 0.0f64;
            for round in 1..=ROUNDS {
                // The resolver's CPU time includes writing its scans: the log is flushed first.
                let start = cpu_time();
                let ours = wrk(&base, script_path, 2, 32, seconds);
                resolver.scan_log().flush().await;
                let ours_us = (cpu_time() - start) * 1e6 / ours.requests;
                let start = cpu_time();
                let theirs = wrk(&format!("http://{hello}"), script_path, 2, 32, seconds);
                let theirs_us = (cpu_time() - start) * 1e6 / theirs.requests;
                ratios.push(ours.rps / theirs.rps);
                cpu_ratios.push(theirs_us / ours_us);
                hello_peak = hello_peak.max(theirs.rps);
                println!(
                    "| {name} ({len} B) | {round} | {:.0} | {:.2} ms | {ours_us:.1} | {:.0} | {:.2} ms | {theirs_us:.1} | {:.2} | {:.2} |",
                    ours.rps,
                    ours.p99_ms,
                    theirs.rps,
                    theirs.p99_ms,
                    ours.rps / theirs.rps,
                    theirs_us / ours_us
                );
            }
            println!(
                "| {name} | median | | | | | | | **{:.2}** | {:.2} |",
                median(ratios),
                median(cpu_ratios)
            );
            halves.push(hello_peak / 2.0);
        }
        println!(
            "\nAt half of hello's peak rate (this bench's fixed-rate generator, one thread; a \
         connection sends every {} ms)",
            open_loop::CONNECTION_INTERVAL.as_millis()
        );
        println!("{PACED_HEADER}");
        let shared = Paced {
            paths: &paths,
            seconds,
            core: None,
            address,
            resolver: &resolver,
        };
        for ((name, _, _, accept), (target, hello)) in answers.iter().zip(halves.iter().zip(hello))
        {
            shared.rows((name, accept), *target, hello).await;
        }
        scan_log_figures(&resolver).await;
    }
    // The same with the load generator off the server's core: wrk and the generator on one
    // core, the server (its scan writer and SQLite's threads) on the other, for hello too,
    // whose peak is measured again so. On shared cores the scheduler's slices between the
    // load generator and the server set the tail, hello's as well.
    if std::thread::available_parallelism().map_or(1, |n| n.get()) >= 2 {
        pin_process_to(SERVER_CORE);
        // A server on one core runs one worker thread (`ocop serve` sizes its runtime by the
        // cores it may use, as Tokio does): started again so, on the same database.
        let one_core = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let ((address, state), hello) = one_core
            .spawn({
                let (store, config) = (store.clone(), config.clone());
                async move { (start(store, config).await, hellos(sizes).await) }
            })
            .await
            .unwrap();
        let base = format!("http://{address}");
        let resolver = state.resolver.clone();
        warm(&client, &base, &codes).await;
        println!(
            "\nThe server started again on core {SERVER_CORE} with one worker thread, wrk (one \
             thread) on core {WRK_CORE}: peak (-c32, the best of {ROUNDS} rounds each)"
        );
        println!("| answer | resolver peak req/s | hello peak req/s | ratio |\n|---|---|---|---|");
        let mut targets = Vec::new();
        for ((name, script_path, _, _), hello) in answers.iter().zip(hello) {
            let mut ours = 0.0f64;
            let mut theirs = 0.0f64;
            for _ in 0..ROUNDS {
                ours = ours.max(wrk_on(Cores::Apart, &base, script_path, 1, 32, seconds).rps);
                // As at peak above: what the run left to write is written before the next.
                resolver.scan_log().flush().await;
                let url = format!("http://{hello}");
                theirs = theirs.max(wrk_on(Cores::Apart, &url, script_path, 1, 32, seconds).rps);
            }
            println!(
                "| {name} | {ours:.0} | {theirs:.0} | {:.2} |",
                ours / theirs
            );
            targets.push(theirs / 2.0);
        }
        scan_log_figures(&resolver).await;
        println!(
            "\nSo, at half of hello's peak there (the generator on core {WRK_CORE}):\n{PACED_HEADER}"
        );
        let apart = Paced {
            paths: &paths,
            seconds,
            core: Some(WRK_CORE.parse().unwrap()),
            address,
            resolver: &resolver,
        };
        for ((name, _, _, accept), (target, hello)) in answers.iter().zip(targets.iter().zip(hello))
        {
            apart.rows((name, accept), *target, hello).await;
        }
        // How far from the goal: the resolver alone at falling shares of hello's peak.
        println!(
            "\nThe highest of these loads at which the resolver's p99 there is under \
             {GOAL_P99_MS} ms:\n| answer | share of hello's peak | req/s | p99 | max | server CPU µs a request | steal ms |\n|---|---|---|---|---|---|---|"
        );
        for ((name, _, _, accept), half) in answers.iter().zip(&targets) {
            for share in [0.45, 0.4, 0.35, 0.3, 0.25, 0.2] {
                let (run, run_us, steal) = apart.run(address, accept, half * 2.0 * share).await;
                println!(
                    "| {name} | {share:.2} | {:.0} | {:.2} ms | {:.1} ms | {run_us:.1} | {steal:.0} |",
                    run.rps, run.p99_ms, run.max_ms
                );
                if run.p99_ms < GOAL_P99_MS {
                    break;
                }
            }
        }
        scan_log_figures(&resolver).await;
        one_core.shutdown_background();
    }
}

/// What the resolver's reload of the issued series costs: every series with every column (as
/// it read them every minute until 2026-12-04), the narrow columns it reads at start, and the
/// series issued since the last read (what it reads each minute now).
async fn series_reads(store: &Store) {
    let timed = |started: (Instant, f64)| {
        (
            started.0.elapsed().as_secs_f64() * 1e3,
            (cpu_time() - started.1) * 1e3,
        )
    };
    let started = (Instant::now(), cpu_time());
    let all = store.stamp_series_all().await.unwrap().len();
    let (whole, whole_cpu) = timed(started);
    let started = (Instant::now(), cpu_time());
    let issued = store.issued_series(None).await.unwrap();
    let (narrow, narrow_cpu) = timed(started);
    let started = (Instant::now(), cpu_time());
    let since = store
        .issued_series(issued.last().map(|s| s.series_no))
        .await
        .unwrap()
        .len();
    let (newest, newest_cpu) = timed(started);
    println!(
        "Reading the {all} issued series: every column {whole:.0} ms ({whole_cpu:.0} ms CPU), \
         the resolver's columns {narrow:.0} ms ({narrow_cpu:.0} ms CPU), those issued since \
         ({since}) {newest:.2} ms ({newest_cpu:.2} ms CPU)"
    );
}

/// What the scan log took, wrote and dropped so far.
async fn scan_log_figures(resolver: &Resolver) {
    resolver.scan_log().flush().await;
    let figures = resolver.scan_log().figures();
    println!(
        "\nScan log: {} accepted, {} written, {} dropped (channel full), {} failed; the writer \
         fell behind and caught up at the higher priority {} times",
        figures.accepted, figures.written, figures.dropped, figures.failed, figures.catch_ups
    );
}
