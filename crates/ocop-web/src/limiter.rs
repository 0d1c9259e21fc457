//! A rate limit per client address, in memory: at most `limit` requests in each fixed window.
//!
//! The public stamp paths must answer without the database, so this does not use the sign-in
//! throttle (`ocop_store::login_attempts`, which counts failures in the database). Addresses
//! are spread over shards, each behind its own lock held for a hash-map lookup; a shard that
//! grows past its share of `max_clients` forgets the windows that have ended, then everything,
//! so memory stays bounded whatever the traffic.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const SHARDS: usize = 16;

pub struct RateLimiter {
    limit: u32,
    window: Duration,
    per_shard: usize,
    started: Instant,
    hasher: std::collections::hash_map::RandomState,
    shards: [Mutex<HashMap<IpAddr, (u64, u32)>>; SHARDS],
}

impl RateLimiter {
    /// `limit` requests per `window` per address, remembering at most about `max_clients`.
    pub fn new(limit: u32, window: Duration, max_clients: usize) -> RateLimiter {
        RateLimiter {
            limit,
            window: window.max(Duration::from_millis(1)),
            per_shard: (max_clients / SHARDS).max(1),
            started: Instant::now(),
            hasher: Default::default(),
            shards: Default::default(),
        }
    }

    /// Counts a request from `client`; false when it is over the limit (refuse it).
    pub fn allow(&self, client: IpAddr) -> bool {
        let window = (self.started.elapsed().as_millis() / self.window.as_millis()) as u64;
        let shard = &self.shards[self.hasher.hash_one(client) as usize % SHARDS];
        let mut map = shard
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if map.len() >= self.per_shard && !map.contains_key(&client) {
            map.retain(|_, (w, _)| *w == window);
            if map.len() >= self.per_shard {
                map.clear();
            }
        }
        let entry = map.entry(client).or_insert((window, 0));
        if entry.0 != window {
            *entry = (window, 0);
        }
        entry.1 = entry.1.saturating_add(1);
        entry.1 <= self.limit
    }

    /// Seconds until the current window ends (the `Retry-After` of a refusal).
    pub fn retry_after(&self) -> u64 {
        let window = self.window.as_millis();
        let into = self.started.elapsed().as_millis() % window;
        ((window - into) as u64).div_ceil(1000).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_has_its_own_allowance() {
        let limiter = RateLimiter::new(3, Duration::from_secs(60), 1000);
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        let b: IpAddr = "127.0.0.2".parse().unwrap();
        assert!((0..3).all(|_| limiter.allow(a)));
        assert!(!limiter.allow(a));
        assert!(limiter.allow(b));
        assert!((1..=60).contains(&limiter.retry_after()));
    }

    #[test]
    fn a_new_window_starts_afresh_and_memory_is_bounded() {
        let limiter = RateLimiter::new(1, Duration::from_millis(30), 32);
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        assert!(limiter.allow(a));
        assert!(!limiter.allow(a));
        std::thread::sleep(Duration::from_millis(35));
        assert!(limiter.allow(a));
        for i in 0..10_000u32 {
            limiter.allow(IpAddr::from(i.to_be_bytes()));
        }
        let held: usize = limiter.shards.iter().map(|s| s.lock().unwrap().len()).sum();
        assert!(held <= 32 + SHARDS, "{held}");
    }
}
