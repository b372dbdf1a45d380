//! The client's notion of now. Normally the machine's clock; a test that simulates half an hour
//! of watching moves it forward (together with the sandbox's) instead of waiting.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The machine's monotonic clock plus an offset that only grows. Clones share the offset.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicU64>,
}

impl Clock {
    pub fn now(&self) -> Instant {
        Instant::now() + self.offset()
    }

    /// Wall-clock time on the same offset.
    pub fn utc_now(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::Utc::now()
            + chrono::Duration::milliseconds(self.offset_ms.load(Ordering::SeqCst) as i64)
    }

    pub fn offset(&self) -> Duration {
        Duration::from_millis(self.offset_ms.load(Ordering::SeqCst))
    }

    /// Moves this clock (and every clone) forward.
    pub fn advance(&self, by: Duration) {
        self.offset_ms
            .fetch_add(by.as_millis() as u64, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_an_advance() {
        let a = Clock::default();
        let b = a.clone();
        let before = b.now();
        a.advance(Duration::from_secs(600));
        assert!(b.now() >= before + Duration::from_secs(600));
        assert_eq!(b.offset(), Duration::from_secs(600));
    }
}
