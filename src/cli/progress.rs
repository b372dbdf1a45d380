//! `dcw submit`'s progress bar for a video's upload on stderr: bytes Meta acknowledged, the
//! rate since the upload (or its resume) began, and the time left. On a terminal the bar is
//! redrawn in place; otherwise a plain line goes out now and then (every
//! [`PLAIN_EVERY`]) and when the last byte is acknowledged.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use dcw::launch::{LaunchEvent, LaunchStep};

/// How often a plain (not a terminal) progress line is written per video.
pub(super) const PLAIN_EVERY: Duration = Duration::from_secs(5);
const BAR_CELLS: u64 = 20;

/// `1.5 MB`, `734 kB`, `12 B` (decimal units, as Meta's limits are written).
pub(super) fn bytes(n: u64) -> String {
    match n {
        n if n >= 1_000_000_000 => format!("{:.2} GB", n as f64 / 1e9),
        n if n >= 1_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        n if n >= 1_000 => format!("{:.0} kB", n as f64 / 1e3),
        n => format!("{n} B"),
    }
}

/// One progress bar: `[██████░░░░]  52%  27.3 MB of 52.4 MB  3.1 MB/s  8 s left`; the rate and
/// time left only once there is one (`sent` bytes in `elapsed`).
pub(super) fn bar(acked: u64, total: u64, sent: u64, elapsed: Duration) -> String {
    let total_nz = total.max(1);
    let acked = acked.min(total);
    let filled = (acked * BAR_CELLS / total_nz) as usize;
    let mut out = format!(
        "[{}{}] {:>3}%  {} of {}",
        "█".repeat(filled),
        "░".repeat(BAR_CELLS as usize - filled),
        acked * 100 / total_nz,
        bytes(acked),
        bytes(total)
    );
    let secs = elapsed.as_secs_f64();
    if sent > 0 && secs >= 0.05 {
        let rate = sent as f64 / secs;
        out.push_str(&format!("  {}/s", bytes(rate as u64)));
        if acked < total {
            let left = ((total - acked) as f64 / rate).ceil() as u64;
            out.push_str(&format!(
                "  {} left",
                humantime::format_duration(Duration::from_secs(left))
            ));
        }
    }
    out
}

#[derive(Default)]
struct Seen {
    /// Per video: when its first acknowledgement of this run came, and its offset then.
    from: HashMap<LaunchStep, (Instant, u64)>,
    /// Per video: when its last plain line went out.
    shown: HashMap<LaunchStep, Instant>,
    /// A bar is drawn on the terminal's last line (the next line starts below it).
    open: bool,
}

/// Turns transfer events into bars: redrawn in place on a terminal, plain lines now and then
/// otherwise.
pub(super) struct Meter {
    tty: bool,
    seen: Mutex<Seen>,
}

impl Meter {
    pub(super) fn new(tty: bool) -> Meter {
        Meter {
            tty,
            seen: Mutex::new(Seen::default()),
        }
    }

    /// What to write to stderr for `e` at `now` (`line` is the event's plain line, already
    /// sanitised, with `label` its step's label): nothing, a line, or a bar redrawn in place.
    pub(super) fn render(
        &self,
        e: &LaunchEvent,
        label: &str,
        line: String,
        now: Instant,
    ) -> Option<String> {
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        let LaunchEvent::Transfer { key, acked, total } = e else {
            let lead = if std::mem::take(&mut seen.open) {
                "\n"
            } else {
                ""
            };
            return Some(format!("{lead}{line}\n"));
        };
        let (since, from) = *seen.from.entry(key.clone()).or_insert((now, *acked));
        let shown = bar(*acked, *total, acked.saturating_sub(from), now - since);
        let text = format!("  …  {label}  {shown}");
        if self.tty {
            seen.open = true;
            return Some(format!("\r{text}\x1b[K"));
        }
        let due = seen
            .shown
            .get(key)
            .is_none_or(|t| now.duration_since(*t) >= PLAIN_EVERY);
        (due || acked >= total).then(|| {
            seen.shown.insert(key.clone(), now);
            format!("{text}\n")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_shows_bytes_percent_rate_and_time_left() {
        let b = bar(25_000_000, 100_000_000, 20_000_000, Duration::from_secs(10));
        assert!(b.starts_with("[█████░░░░░░░░░░░░░░░]  25%"), "{b}");
        assert!(b.contains("25.0 MB of 100.0 MB"), "{b}");
        assert!(b.contains("2.0 MB/s"), "{b}");
        assert!(b.contains("38s left"), "{b}");
        let done = bar(100, 100, 100, Duration::from_secs(1));
        assert!(done.contains("100%") && !done.contains("left"), "{done}");
        let start = bar(0, 0, 0, Duration::ZERO);
        assert!(start.contains("0%") && !start.contains("/s"), "{start}");
    }

    #[test]
    fn a_terminal_redraws_in_place_and_a_pipe_gets_a_line_now_and_then() {
        let key = LaunchStep::Video("v/run.mp4".into());
        let ev = |acked| LaunchEvent::Transfer {
            key: key.clone(),
            acked,
            total: 100,
        };
        let t0 = Instant::now();
        let tty = Meter::new(true);
        let drawn = tty
            .render(&ev(10), "video «run.mp4»", String::new(), t0)
            .unwrap();
        assert!(
            drawn.starts_with('\r') && !drawn.contains('\n'),
            "{drawn:?}"
        );
        let next = tty
            .render(&LaunchEvent::Info("x".into()), "", "     x".into(), t0)
            .unwrap();
        assert_eq!(next, "\n     x\n", "the next line starts below the bar");

        let pipe = Meter::new(false);
        assert!(
            pipe.render(&ev(10), "v", String::new(), t0).is_some(),
            "the first"
        );
        assert!(
            pipe.render(&ev(20), "v", String::new(), t0 + Duration::from_secs(1))
                .is_none()
        );
        assert!(
            pipe.render(&ev(30), "v", String::new(), t0 + PLAIN_EVERY)
                .is_some()
        );
        let last = pipe
            .render(&ev(100), "v", String::new(), t0 + PLAIN_EVERY)
            .unwrap();
        assert!(last.contains("100%") && last.ends_with('\n'), "{last:?}");
    }
}
