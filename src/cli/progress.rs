//! `dcw submit`'s progress bar for a video's upload on stderr: the launch's one progress line
//! ([`TransferProgress`], as the wizard draws it: bytes Meta acknowledged, the rate over the
//! last ten seconds, the time left). On a terminal the bar is redrawn in place; otherwise a
//! plain line goes out now and then (every [`PLAIN_EVERY`]) and when the last byte is
//! acknowledged.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use dcw::launch::{LaunchEvent, LaunchStep, TransferProgress};

/// How often a plain (not a terminal) progress line is written per video.
pub(super) const PLAIN_EVERY: Duration = Duration::from_secs(5);
const BAR_CELLS: usize = 20;

#[derive(Default)]
struct Seen {
    /// Per video: its acknowledgements of this run, for the rate.
    progress: HashMap<LaunchStep, TransferProgress>,
    /// Per video: when its last plain line went out.
    shown: HashMap<LaunchStep, Instant>,
    /// Per video: the processing percent last shown (each status read repeats it).
    processing: HashMap<LaunchStep, u8>,
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
        if let LaunchEvent::Processing { key, percent } = e
            && seen.processing.insert(key.clone(), *percent) == Some(*percent)
        {
            // A status read every few seconds for up to half an hour: a line only when the
            // percent moves.
            return None;
        }
        let LaunchEvent::Transfer { key, acked, total } = e else {
            let lead = if std::mem::take(&mut seen.open) {
                "\n"
            } else {
                ""
            };
            return Some(format!("{lead}{line}\n"));
        };
        let progress = seen.progress.entry(key.clone()).or_default();
        progress.record(now, *acked, *total);
        let text = format!("  …  {label}  {}", progress.line(BAR_CELLS));
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
    fn a_bar_shows_bytes_percent_rate_and_time_left_as_the_wizard_does() {
        let key = LaunchStep::Video("v/run.mp4".into());
        let ev = |acked| LaunchEvent::Transfer {
            key: key.clone(),
            acked,
            total: 100_000_000,
        };
        let t0 = Instant::now();
        let pipe = Meter::new(false);
        let first = pipe.render(&ev(5_000_000), "v", String::new(), t0).unwrap();
        assert!(first.contains(" 5% · 5.0 MB of 100.0 MB"), "{first}");
        assert!(
            !first.contains("/s"),
            "one acknowledgement: no rate yet: {first}"
        );
        let later = pipe
            .render(&ev(25_000_000), "v", String::new(), t0 + PLAIN_EVERY * 2)
            .unwrap();
        assert!(
            later.contains(
                "▕█████░░░░░░░░░░░░░░░▏ 25% · 25.0 MB of 100.0 MB · 2.0 MB/s · 0:37 left"
            ),
            "{later}"
        );
    }

    #[test]
    fn processing_is_a_line_only_when_its_percent_moves() {
        let key = LaunchStep::Video("v/run.mp4".into());
        let at = |percent| LaunchEvent::Processing {
            key: key.clone(),
            percent,
        };
        let t0 = Instant::now();
        let m = Meter::new(false);
        assert!(m.render(&at(0), "", "p 0".into(), t0).is_some());
        assert!(
            m.render(&at(0), "", "p 0".into(), t0).is_none(),
            "the same again"
        );
        assert_eq!(
            m.render(&at(40), "", "p 40".into(), t0).as_deref(),
            Some("p 40\n")
        );
        let other = LaunchEvent::Processing {
            key: LaunchStep::Video("v/b.mp4".into()),
            percent: 40,
        };
        assert!(
            m.render(&other, "", "b 40".into(), t0).is_some(),
            "another video"
        );
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
