//! The sandbox's notion of now: the real clock plus an offset that only grows. Tests (with
//! `SandboxHandle::advance`) and operators (`POST /_sandbox/clock`) let simulated time pass at
//! once; review due times, created and updated times, `updated_since`, the days of insights and
//! the rate-limit window and blocks all read this clock.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The most simulated time that may pass in all: about a century, so no clock overflows.
pub const MAX_OFFSET: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// Real time plus an offset.
#[derive(Debug, Default)]
pub struct Clock {
    offset_ms: AtomicU64,
}

impl Clock {
    /// How far the clock is ahead of real time.
    pub fn offset(&self) -> Duration {
        Duration::from_millis(self.offset_ms.load(Ordering::SeqCst))
    }

    /// Lets `by` pass (the total stays within `MAX_OFFSET`); returns the new offset.
    pub fn advance(&self, by: Duration) -> Duration {
        let by = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
        let max = MAX_OFFSET.as_millis() as u64;
        let step = |o: u64| Some(o.saturating_add(by).min(max));
        let old = self
            .offset_ms
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, step)
            .unwrap_or_else(|o| o);
        Duration::from_millis(old.saturating_add(by).min(max))
    }

    /// Now, as wall-clock time.
    pub fn system_now(&self) -> SystemTime {
        let real = SystemTime::now();
        real.checked_add(self.offset()).unwrap_or(real)
    }

    /// Now, in milliseconds since the UNIX epoch.
    pub fn now_ms(&self) -> u64 {
        self.system_now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64)
    }

    /// Now, on the monotonic clock the rate limits count with.
    pub fn instant(&self) -> Instant {
        let real = Instant::now();
        real.checked_add(self.offset()).unwrap_or(real)
    }

    /// Now as RFC 3339 (`2026-11-25T12:00:00+00:00`).
    pub fn rfc3339(&self) -> String {
        chrono::DateTime::from_timestamp_millis(self.now_ms() as i64)
            .unwrap_or_default()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_every_reading_and_stays_bounded() {
        let c = Clock::default();
        let before = c.now_ms();
        let i = Instant::now();
        assert_eq!(c.advance(Duration::from_secs(90)), Duration::from_secs(90));
        assert_eq!(c.advance(Duration::from_secs(30)), Duration::from_secs(120));
        assert!(c.now_ms() >= before + 120_000);
        assert!(c.instant() >= i + Duration::from_secs(120));
        assert_eq!(c.advance(Duration::MAX), MAX_OFFSET);
        assert_eq!(c.offset(), MAX_OFFSET);
        let _ = (c.instant(), c.rfc3339());
    }
}
