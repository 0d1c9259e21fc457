//! A fixed-rate load generator (open loop), for the p99 at a given rate. wrk has no fixed
//! rate: its paced connections wait after each answer, so they slow down with the server,
//! and the same connections gave 70–150 % of the target from one run to the next.
//!
//! Here each connection sends on a schedule (the rate spread evenly over the connections).
//! A request's latency counts from when it was sent, except when its connection was still
//! waiting for the previous answer at the time it was due: then from when it was due, so a
//! server that stalls is charged for the requests it held back (coordinated omission, as
//! wrk2 corrects it). The timer's millisecond ticks alone are not charged to the server.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::Instant;

/// How long each connection waits between its requests: the rate sets how many connections.
pub const CONNECTION_INTERVAL: Duration = Duration::from_millis(5);
/// Largest answer read (the resolver's page is about 4.5 KB).
const MAX_ANSWER: usize = 64 * 1024;

/// A load to run.
pub struct Load {
    pub address: SocketAddr,
    /// The request paths, taken in turn (each connection starts at its own place).
    pub paths: Arc<Vec<String>>,
    pub accept: &'static str,
    /// Requests per second.
    pub rate: f64,
    pub seconds: u32,
    /// The core the generator's one thread runs on; None: any.
    pub core: Option<usize>,
}

/// What a run measured.
pub struct Outcome {
    pub connections: usize,
    /// Answers per second (the target, unless the server or the generator fell behind).
    pub rps: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// Answers other than 200.
    pub not_ok: u64,
    /// CPU seconds the generator's thread used.
    pub generator_cpu: f64,
}

/// CPU seconds (user and system) of the process (`libc::RUSAGE_SELF`) or of the calling
/// thread (`libc::RUSAGE_THREAD`).
pub fn cpu_seconds(who: libc::c_int) -> f64 {
    // SAFETY: getrusage fills the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(who, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Runs `load` on a thread of its own (and its own single-threaded runtime), so that the
/// server's runtime does not schedule the generator.
pub fn run(load: Load) -> Outcome {
    std::thread::spawn(move || {
        if let Some(core) = load.core {
            // 0: the calling thread.
            pin_thread(0, core);
        }
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("generator's runtime")
            .block_on(drive(load))
    })
    .join()
    .expect("generator")
}

/// Pins thread `tid` of this process (0: the calling one) to `core`.
pub fn pin_thread(tid: libc::pid_t, core: usize) {
    // SAFETY: the set is a plain bit set, zeroed then given one bit.
    let result = unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(core, &mut set);
        libc::sched_setaffinity(tid, std::mem::size_of::<libc::cpu_set_t>(), &set)
    };
    assert_eq!(
        result, 0,
        "sched_setaffinity of thread {tid} to core {core}"
    );
}

/// What one connection measured: latencies in microseconds, and answers other than 200.
struct Measured {
    latencies: Vec<u32>,
    not_ok: u64,
}

async fn drive(load: Load) -> Outcome {
    // The runtime runs on this thread alone, so the thread's CPU is the generator's.
    let cpu = cpu_seconds(libc::RUSAGE_THREAD);
    let connections = ((load.rate * CONNECTION_INTERVAL.as_secs_f64()).ceil() as usize).max(1);
    let interval = Duration::from_secs_f64(connections as f64 / load.rate);
    let spacing = interval / connections as u32;
    let mut streams = Vec::with_capacity(connections);
    for _ in 0..connections {
        let stream = TcpStream::connect(load.address).await.expect("connect");
        stream.set_nodelay(true).expect("nodelay");
        streams.push(stream);
    }
    let start = Instant::now() + Duration::from_millis(50);
    let end = start + Duration::from_secs(u64::from(load.seconds));
    let host = load.address.to_string();
    let tasks: Vec<_> = streams
        .into_iter()
        .enumerate()
        .map(|(i, stream)| {
            let requests: Vec<Vec<u8>> = (0..16)
                .map(|k| {
                    let path = &load.paths[(i * 16 + k) % load.paths.len()];
                    format!(
                        "GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: {}\r\n\r\n",
                        load.accept
                    )
                    .into_bytes()
                })
                .collect();
            let first = start + spacing * i as u32;
            tokio::spawn(connection(stream, requests, first, interval, end))
        })
        .collect();
    let mut latencies = Vec::new();
    let mut not_ok = 0;
    for task in tasks {
        let measured = task.await.expect("connection task");
        latencies.extend(measured.latencies);
        not_ok += measured.not_ok;
    }
    let answered = latencies.len();
    let p99 = percentile(&mut latencies, 0.99);
    let max = latencies.iter().copied().max().unwrap_or(0);
    Outcome {
        connections,
        rps: answered as f64 / f64::from(load.seconds),
        p99_ms: f64::from(p99) / 1000.0,
        max_ms: f64::from(max) / 1000.0,
        not_ok,
        generator_cpu: cpu_seconds(libc::RUSAGE_THREAD) - cpu,
    }
}

/// The `q` quantile of `values` (reorders them).
fn percentile(values: &mut [u32], q: f64) -> u32 {
    if values.is_empty() {
        return 0;
    }
    let at = ((values.len() as f64 * q).ceil() as usize).clamp(1, values.len()) - 1;
    *values.select_nth_unstable(at).1
}

async fn connection(
    mut stream: TcpStream,
    requests: Vec<Vec<u8>>,
    first: Instant,
    interval: Duration,
    end: Instant,
) -> Measured {
    let mut measured = Measured {
        latencies: Vec::with_capacity(
            (end.duration_since(first).as_secs_f64() / interval.as_secs_f64()) as usize + 1,
        ),
        not_ok: 0,
    };
    let mut buffer = vec![0u8; MAX_ANSWER];
    let mut due = first;
    for request in requests.iter().cycle() {
        if due >= end {
            break;
        }
        // Still busy with the last answer when this request was due: the wait is the
        // server's, and counts.
        let held_back = Instant::now() > due;
        tokio::time::sleep_until(due).await;
        let sent = if held_back { due } else { Instant::now() };
        stream.write_all(request).await.expect("send");
        if !read_answer(&mut stream, &mut buffer).await {
            measured.not_ok += 1;
        }
        let micros = sent.elapsed().as_micros();
        measured
            .latencies
            .push(u32::try_from(micros).unwrap_or(u32::MAX));
        due += interval;
    }
    measured
}

/// Reads one answer (its length from `content-length`); true when it is a 200.
async fn read_answer(stream: &mut TcpStream, buffer: &mut [u8]) -> bool {
    let mut filled = 0;
    let mut whole = None;
    loop {
        let n = stream.read(&mut buffer[filled..]).await.expect("read");
        assert!(n > 0, "the server closed the connection");
        filled += n;
        if whole.is_none() {
            whole = answer_length(&buffer[..filled]);
        }
        if let Some(whole) = whole {
            assert!(whole <= buffer.len(), "answer over {MAX_ANSWER} bytes");
            if filled >= whole {
                assert_eq!(
                    filled, whole,
                    "bytes past the answer (nothing was pipelined)"
                );
                return buffer.starts_with(b"HTTP/1.1 200 ");
            }
        }
    }
}

/// The length of the answer whose start is `bytes`, once its head is all there.
fn answer_length(bytes: &[u8]) -> Option<usize> {
    let head_end = bytes.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = std::str::from_utf8(&bytes[..head_end]).expect("ASCII head");
    let body: usize = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().expect("content-length"))
        })
        .expect("an answer with content-length");
    Some(head_end + body)
}
