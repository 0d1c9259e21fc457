//! Heavy file work — unzipping and parsing an import, writing an error report or an export,
//! decoding and re-encoding a photo — runs off the async workers, and at most [`MAX_AT_ONCE`] pieces at a
//! time: each may hold hundreds of megabytes while it runs (a 40-megapixel photo decodes to
//! 160 MB), so many uploads at once must queue rather than add up.

use tokio::sync::Semaphore;

use crate::AppError;

/// Pieces of heavy work running at once, server-wide.
pub const MAX_AT_ONCE: usize = 2;

static PERMITS: Semaphore = Semaphore::const_new(MAX_AT_ONCE);

/// Runs `work` on a blocking thread once one of the [`MAX_AT_ONCE`] places is free.
pub async fn run<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let _permit = PERMITS.acquire().await.map_err(AppError::internal)?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(AppError::internal)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_more_than_the_limit_run_at_once() {
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let (running, most) = (running.clone(), most.clone());
                tokio::spawn(run(move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(50));
                    running.fetch_sub(1, Ordering::SeqCst);
                }))
            })
            .collect();
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        assert_eq!(most.load(Ordering::SeqCst), MAX_AT_ONCE);
    }
}
