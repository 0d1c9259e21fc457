//! SQLite's write connection as background work. Its statements run on a thread of its own
//! (sqlx's worker), which the scan log's batches keep busy for tens of milliseconds at a time.
//! As an ordinary thread, waking after the pause between two batches, it took the core from
//! the request handlers at once (the scheduler favours a thread that slept) and set the stamp
//! resolver's tail latency: with the server on one core, p99 6.8–17 ms at half of hello's
//! peak, 4.0–5.4 ms with this (BENCHMARKS.md). As a batch thread (`SCHED_BATCH`: on waking it
//! waits for its turn instead of preempting) at nice 10, it gives way to them and still gets a
//! share of a busy machine. Only a server whose every core is full for many seconds leaves it
//! too little, and then the scan log drops scans, as it does whenever the writer is behind.
//!
//! The scan log's writer itself (a batch's packing, day sums, alerts and statements, work of
//! milliseconds at a time) runs on background threads of its own (`scans::ScanLog::spawn`): on
//! a request worker, every answer queued behind it. It has two, one at nice 19 while it keeps
//! up and one at nice 10 when it falls behind (`scans::Gear`).

/// Name of the write connection's thread, before its number (the kernel keeps 15 bytes).
const THREAD_NAME: &str = "ocop-db-write";

/// The write connection's niceness: below the handlers', above the scan log's calm writer.
pub(crate) const NICE: libc::c_int = 10;

/// The name sqlx gives the thread of write connection `id`.
pub(crate) fn thread_name(id: u64) -> String {
    format!("{THREAD_NAME}-{id}")
}

/// Makes each live thread named by [`thread_name`] a background thread. Called when a write
/// connection opens; a system that refuses is logged, and the writer runs as before (elsewhere
/// than on Linux, nothing is done).
pub(crate) fn make_background() {
    for tid in threads_named(THREAD_NAME) {
        if let Err(error) = background(tid, NICE) {
            tracing::warn!(%error, tid, "the database writer thread stays an ordinary thread");
        }
    }
}

/// Makes the calling thread a background thread at `nice`, as [`make_background`] does the
/// write connection's (the scan log's writers call it on their own threads). A nice value
/// once raised cannot be lowered again without privilege, so each writer thread keeps the one
/// it starts with.
#[cfg(target_os = "linux")]
pub(crate) fn make_this_thread_background(nice: libc::c_int) {
    // SAFETY: gettid has no preconditions.
    let tid = unsafe { libc::gettid() };
    if let Err(error) = background(tid, nice) {
        tracing::warn!(%error, tid, "the scan log's writer stays an ordinary thread");
    }
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn make_this_thread_background(_nice: libc::c_int) {}

/// Ids of this process's threads whose name starts with `prefix` (none where there is no
/// `/proc`).
fn threads_named(prefix: &str) -> Vec<libc::pid_t> {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return Vec::new();
    };
    tasks
        .flatten()
        .filter(|task| {
            std::fs::read_to_string(task.path().join("comm"))
                .is_ok_and(|name| name.starts_with(prefix))
        })
        .filter_map(|task| task.file_name().to_str()?.parse().ok())
        .collect()
}

#[cfg(not(target_os = "linux"))]
fn background(_tid: libc::pid_t, _nice: libc::c_int) -> std::io::Result<()> {
    Ok(())
}

#[cfg(target_os = "linux")]
fn background(tid: libc::pid_t, nice: libc::c_int) -> std::io::Result<()> {
    let param = libc::sched_param { sched_priority: 0 };
    // SAFETY: system calls on a thread of this process; `param` is only read.
    let done = unsafe {
        libc::sched_setscheduler(tid, libc::SCHED_BATCH, &param) == 0
            && libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, nice) == 0
    };
    if done {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use std::time::Duration;

    use ocop_domain::scan::AgentClass;

    use super::*;
    use crate::scans::{Gear, ScanEvent, ScanLog, ScanLogSettings};

    /// (policy, nice) of thread `tid`.
    fn scheduling(tid: libc::pid_t) -> (libc::c_int, libc::c_int) {
        // SAFETY: queries on a thread of this process.
        unsafe {
            (
                libc::sched_getscheduler(tid),
                libc::getpriority(libc::PRIO_PROCESS, tid as libc::id_t),
            )
        }
    }

    /// A thread named `name`, parked until unparked, and its id.
    fn parked_thread(name: String) -> (std::thread::JoinHandle<()>, libc::pid_t) {
        let (sender, receiver) = std::sync::mpsc::channel();
        let thread = std::thread::Builder::new()
            .name(name)
            .spawn(move || {
                // SAFETY: gettid has no preconditions.
                sender.send(unsafe { libc::gettid() }).unwrap();
                std::thread::park();
            })
            .unwrap();
        (thread, receiver.recv().unwrap())
    }

    #[test]
    fn a_thread_so_named_becomes_a_background_thread_and_no_other() {
        let (writer, writer_tid) = parked_thread(thread_name(999));
        let (other, other_tid) = parked_thread("ocop-db-read-9".into());
        make_background();
        assert_eq!(scheduling(writer_tid), (libc::SCHED_BATCH, NICE));
        assert_eq!(scheduling(other_tid), (libc::SCHED_OTHER, 0));
        for thread in [writer, other] {
            thread.thread().unpark();
            thread.join().unwrap();
        }
    }

    #[tokio::test]
    async fn the_sqlite_write_connection_runs_on_a_background_thread() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("ocop.db").display());
        let _store = crate::Store::open(&url).await.unwrap();
        // Other tests open stores alongside, some perhaps not yet made background: this
        // store's thread is one of those that are.
        let threads = threads_named(THREAD_NAME);
        assert!(!threads.is_empty(), "no thread named {THREAD_NAME}");
        assert!(
            threads
                .iter()
                .any(|&tid| scheduling(tid) == (libc::SCHED_BATCH, NICE))
        );
    }

    #[tokio::test]
    async fn the_scan_log_writes_on_background_threads_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("ocop.db").display());
        let store = crate::Store::open(&url).await.unwrap();
        let log = ScanLog::spawn(store, Default::default());
        // Answered by the writer: its threads are running.
        log.flush().await;
        for (gear, nice) in [(Gear::Calm, 19), (Gear::CatchUp, NICE)] {
            let threads = threads_named(gear.thread_name());
            assert!(
                !threads.is_empty(),
                "no thread named {}",
                gear.thread_name()
            );
            assert!(
                threads
                    .iter()
                    .any(|&tid| scheduling(tid) == (libc::SCHED_BATCH, nice)),
                "{gear:?}"
            );
        }
        // SAFETY: gettid has no preconditions.
        let this = unsafe { libc::gettid() };
        assert_eq!(scheduling(this), (libc::SCHED_OTHER, 0));
    }

    #[tokio::test]
    async fn a_scan_writer_behind_goes_on_at_the_catch_up_priority_and_back_once_caught_up() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("ocop.db").display());
        let store = crate::Store::open(&url).await.unwrap();
        let log = ScanLog::spawn(
            store.clone(),
            ScanLogSettings {
                capacity: 64,
                batch: 4,
                interval: Duration::from_millis(5),
                ..ScanLogSettings::default()
            },
        );
        let scan = ScanEvent {
            at: store.now(),
            serial: *b"AAAAAAAAAA",
            series_no: 1,
            lot_id: None,
            expires_on: None,
            place: None,
            agent: AgentClass::Android,
            demo: false,
            count: 0,
        };
        // Twice: the writer's first batch waits for the write connection, held here, while 40
        // scans pile up (a quarter of the channel is 16); it goes on on the catch-up thread,
        // and back on the calm one once at most 4 wait, so the second pile counts again.
        for round in 1..=2 {
            let held = store.begin().await.unwrap();
            log.record(scan);
            tokio::time::sleep(Duration::from_millis(50)).await;
            for _ in 0..40 {
                log.record(scan);
            }
            drop(held);
            log.flush().await;
            let figures = log.figures();
            assert_eq!(
                (figures.written, figures.dropped, figures.failed),
                (41 * round, 0, 0)
            );
            assert_eq!(figures.catch_ups, round, "round {round}");
        }
        // A few scans at a time stay on the calm thread.
        for _ in 0..3 {
            log.record(scan);
            log.flush().await;
        }
        assert_eq!(log.figures().catch_ups, 2);
    }
}
