//! The launch as the model keeps it: Meta's dry run, each write's progress (a video's
//! upload with its rate and time left), the outcome.

use std::time::Instant;

use crate::launch::{LaunchEvent, LaunchStep};

/// A video's upload as its bar shows it (the launch's one progress maths).
pub use crate::launch::TransferProgress as TransferView;

/// Where Meta's dry run stands.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Preflight {
    #[default]
    NotRun,
    Running,
    Passed(String),
    Failed(String),
}

/// One write of the launch as the buyer sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum StepView {
    Pending,
    Running(&'static str),
    /// A video's upload or processing: what is happening and how far, in percent.
    Progress(&'static str, u8),
    Done(String),
    Failed(String),
}

/// A launch under way or finished.
#[derive(Debug, Clone, PartialEq)]
pub struct LaunchView {
    pub steps: Vec<(LaunchStep, String, StepView)>,
    pub notes: Vec<String>,
    pub outcome: Option<Result<String, String>>,
    /// Each video's upload, for its bar.
    pub transfers: Vec<(LaunchStep, TransferView)>,
}

impl LaunchView {
    /// The upload of a step, while it has one.
    pub fn transfer(&self, key: &LaunchStep) -> Option<&TransferView> {
        self.transfers
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, t)| t)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReviewState {
    pub scroll: usize,
    pub generation: u64,
    pub preflight: Preflight,
    pub launch: Option<LaunchView>,
    /// The journal of the last launch, resumed when the spec is unchanged.
    pub journal: Option<String>,
}

impl ReviewState {
    pub fn submitting(&self) -> bool {
        self.launch.as_ref().is_some_and(|l| l.outcome.is_none())
    }

    pub fn launched(&self) -> bool {
        self.launch
            .as_ref()
            .is_some_and(|l| matches!(l.outcome, Some(Ok(_))))
    }

    /// The draft changed: the dry run no longer speaks for it.
    pub fn invalidate(&mut self) {
        self.generation += 1;
        // A refused launch's list gives way to the fixed draft's payloads and dry run.
        if self
            .launch
            .as_ref()
            .is_some_and(|l| matches!(l.outcome, Some(Err(_))))
        {
            self.launch = None;
        }
        if self.preflight != Preflight::NotRun {
            self.preflight = Preflight::NotRun;
        }
    }

    pub fn scroll(&mut self, dir: i32, max: usize) {
        self.scroll = ((self.scroll as i64 + i64::from(dir)).max(0) as usize).min(max);
    }

    /// A launch event, come in at `at` on the model's clock (the rate of an upload).
    pub fn on_event(&mut self, e: LaunchEvent, at: Instant) {
        let Some(l) = &mut self.launch else {
            return;
        };
        if let LaunchEvent::Transfer { key, acked, total } = &e {
            match l.transfers.iter_mut().find(|(k, _)| k == key) {
                Some((_, t)) => t.record(at, *acked, *total),
                None => {
                    let mut t = TransferView::default();
                    t.record(at, *acked, *total);
                    l.transfers.push((key.clone(), t));
                }
            }
        }
        let mut set = |key: &LaunchStep, name: Option<&str>, st: StepView| match l
            .steps
            .iter_mut()
            .find(|(k, _, _)| k == key)
        {
            Some(s) => {
                if let Some(n) = name {
                    s.1 = n.to_string();
                }
                s.2 = st;
            }
            None => l.steps.push((
                key.clone(),
                name.map_or_else(|| key.label(""), str::to_string),
                st,
            )),
        };
        match e {
            LaunchEvent::Started { key, name } => {
                set(&key, Some(&name), StepView::Running("creating"))
            }
            LaunchEvent::Preflight { key } => set(&key, None, StepView::Running("dry run")),
            LaunchEvent::Created { key, id } => set(&key, None, StepView::Done(id)),
            LaunchEvent::Reused { key, id } => {
                set(&key, None, StepView::Done(format!("{id} (found, reused)")))
            }
            LaunchEvent::Transfer { key, acked, total } => {
                let percent = (acked.saturating_mul(100)).checked_div(total).unwrap_or(0);
                let what = if percent >= 100 {
                    "uploaded"
                } else {
                    "uploading"
                };
                set(&key, None, StepView::Progress(what, percent.min(100) as u8))
            }
            LaunchEvent::Processing { key, percent } => set(
                &key,
                None,
                StepView::Progress("processing", percent.min(100)),
            ),
            LaunchEvent::Warning(w) => l.notes.push(format!("! {w}")),
            LaunchEvent::Info(i) => l.notes.push(i),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn launching() -> ReviewState {
        ReviewState {
            launch: Some(LaunchView {
                steps: Vec::new(),
                notes: Vec::new(),
                outcome: None,
                transfers: Vec::new(),
            }),
            ..Default::default()
        }
    }

    fn transfer(acked: u64) -> LaunchEvent {
        LaunchEvent::Transfer {
            key: LaunchStep::Video("/v/run.mp4".into()),
            acked,
            total: 48_000_000,
        }
    }

    #[test]
    fn the_bar_gives_bytes_rate_and_time_left_from_the_clock_of_the_events() {
        let mut r = launching();
        let t0 = Instant::now();
        let key = LaunchStep::Video("/v/run.mp4".into());
        r.on_event(transfer(0), t0);
        let l = r.launch.as_ref().unwrap();
        assert_eq!(l.steps[0].2, StepView::Progress("uploading", 0));
        assert_eq!(
            l.transfer(&key).unwrap().rate(),
            None,
            "one event: no rate yet"
        );
        for s in 1..=3 {
            r.on_event(transfer(s * 4_000_000), t0 + Duration::from_secs(s));
        }
        let t = r.launch.as_ref().unwrap().transfer(&key).unwrap();
        assert_eq!(t.rate(), Some(4_000_000.0));
        assert_eq!(t.left(), Some(Duration::from_secs(9)));
        assert_eq!(
            t.line(10),
            "▕██░░░░░░░░▏ 25% · 12.0 MB of 48.0 MB · 4.0 MB/s · 0:09 left"
        );
    }

    #[test]
    fn the_rate_follows_the_last_ten_seconds_and_starts_over_when_meta_asks_bytes_again() {
        let mut r = launching();
        let t0 = Instant::now();
        let key = LaunchStep::Video("/v/run.mp4".into());
        // Fast at first (8 MB/s), then slow (1 MB/s) for longer than the window.
        r.on_event(transfer(0), t0);
        r.on_event(transfer(8_000_000), t0 + Duration::from_secs(1));
        for s in 1..=12 {
            r.on_event(
                transfer(8_000_000 + s * 1_000_000),
                t0 + Duration::from_secs(1 + s),
            );
        }
        let rate = r.launch.as_ref().unwrap().transfer(&key).unwrap().rate();
        assert_eq!(
            rate,
            Some(1_000_000.0),
            "the fast start has left the window"
        );
        r.on_event(transfer(4_000_000), t0 + Duration::from_secs(14));
        let t = r.launch.as_ref().unwrap().transfer(&key).unwrap();
        assert_eq!(t.rate(), None, "bytes asked again: the rate starts over");
        assert!(
            t.line(10)
                .starts_with("▕░░░░░░░░░░▏ 8% · 4.0 MB of 48.0 MB"),
            "{}",
            t.line(10)
        );
    }

    #[test]
    fn processing_follows_the_upload_as_a_percentage() {
        let mut r = launching();
        let key = LaunchStep::Video("/v/run.mp4".into());
        r.on_event(transfer(48_000_000), Instant::now());
        assert_eq!(
            r.launch.as_ref().unwrap().steps[0].2,
            StepView::Progress("uploaded", 100)
        );
        r.on_event(LaunchEvent::Processing { key, percent: 40 }, Instant::now());
        assert_eq!(
            r.launch.as_ref().unwrap().steps[0].2,
            StepView::Progress("processing", 40)
        );
    }
}
