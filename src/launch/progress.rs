//! A video upload's progress as both bars show it (the wizard's and `dcw submit`'s): the
//! bytes Meta acknowledged, the rate over the last acknowledgements and the time left, worked
//! out from the clock of the events (pure: the caller says when each came).

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crate::spec::units::{clock, megabytes};

/// The rate of an upload is worked out over the acknowledgements of this long (dcw's own:
/// long enough to smooth 4 MiB chunks on a slow link, short enough to follow a change).
pub const RATE_WINDOW: Duration = Duration::from_secs(10);
/// At most this many acknowledgements are kept per upload, whatever their pace.
const MAX_SAMPLES: usize = 64;

/// A video's upload as its bar shows it: the bytes Meta acknowledged of the file's, and the
/// last acknowledgements (on the model's clock) for the rate.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TransferProgress {
    pub acked: u64,
    pub total: u64,
    samples: VecDeque<(Instant, u64)>,
}

impl TransferProgress {
    /// Meta acknowledged `acked` of `total` bytes at `at`.
    pub fn record(&mut self, at: Instant, acked: u64, total: u64) {
        if acked < self.acked {
            // Meta asked for bytes again (a lost chunk): the rate starts over.
            self.samples.clear();
        }
        self.acked = acked;
        self.total = total;
        self.samples.push_back((at, acked));
        while self.samples.len() > MAX_SAMPLES
            || (self.samples.len() > 2
                && self
                    .samples
                    .front()
                    .is_some_and(|(t, _)| at.saturating_duration_since(*t) > RATE_WINDOW))
        {
            self.samples.pop_front();
        }
    }

    /// Bytes a second over the window; none before two acknowledgements apart in time.
    pub fn rate(&self) -> Option<f64> {
        let ((t0, a0), (t1, a1)) = (self.samples.front()?, self.samples.back()?);
        let secs = t1.saturating_duration_since(*t0).as_secs_f64();
        (secs > 0.0 && a1 > a0).then(|| (a1 - a0) as f64 / secs)
    }

    /// The time left at the current rate.
    pub fn left(&self) -> Option<Duration> {
        let rate = self.rate()?;
        let rest = self.total.saturating_sub(self.acked) as f64;
        Some(Duration::from_secs_f64((rest / rate).min(1e7)))
    }

    /// `▕██████░░░░▏ 40% · 19.3 MB of 48.2 MB · 2.1 MB/s · 0:14 left`, the bar `cells` wide;
    /// drawn in characters, so it reads the same without colour.
    pub fn line(&self, cells: usize) -> String {
        let percent = (self.acked.saturating_mul(100))
            .checked_div(self.total)
            .unwrap_or(0)
            .min(100);
        let full = (self.acked as u128 * cells as u128)
            .checked_div(self.total as u128)
            .unwrap_or(0)
            .min(cells as u128) as usize;
        let mut out = format!(
            "▕{}{}▏ {percent}% · {} of {}",
            "█".repeat(full),
            "░".repeat(cells - full),
            megabytes(self.acked),
            megabytes(self.total)
        );
        if self.acked < self.total
            && let (Some(rate), Some(left)) = (self.rate(), self.left())
        {
            out.push_str(&format!(
                " · {}/s · {} left",
                megabytes(rate as u64),
                clock(left.as_secs())
            ));
        }
        out
    }
}
