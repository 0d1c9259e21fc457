//! Chống dò mật khẩu: after too many failed sign-ins for one e-mail within a window, further
//! attempts are refused until the window has passed, whatever the password. Kept in memory:
//! a restart forgets, which is acceptable for slowing down guessing.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed attempts allowed per e-mail within [`WINDOW`].
pub const MAX_FAILURES: usize = 5;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

#[derive(Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

fn key(email: &str) -> String {
    email.trim().to_lowercase()
}

impl LoginThrottle {
    /// `Err(wait)` while the e-mail is locked out.
    pub fn check(&self, email: &str, now: Instant) -> Result<(), Duration> {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let Some(times) = failures.get_mut(&key(email)) else {
            return Ok(());
        };
        times.retain(|t| now.duration_since(*t) < WINDOW);
        match times.first() {
            Some(first) if times.len() >= MAX_FAILURES => Err(WINDOW - now.duration_since(*first)),
            _ => Ok(()),
        }
    }

    pub fn record_failure(&self, email: &str, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.entry(key(email)).or_default().push(now);
    }

    pub fn reset(&self, email: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(&key(email));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_limit_and_frees_after_the_window() {
        let throttle = LoginThrottle::default();
        let start = Instant::now();
        for _ in 0..MAX_FAILURES {
            assert!(throttle.check("A@b.vn", start).is_ok());
            throttle.record_failure("a@b.vn ", start);
        }
        assert!(throttle.check("a@b.vn", start).is_err());
        assert!(throttle.check("other@b.vn", start).is_ok());
        assert!(throttle.check("a@b.vn", start + WINDOW).is_ok());
        throttle.reset("a@b.vn");
        assert!(throttle.check("a@b.vn", start).is_ok());
    }
}
