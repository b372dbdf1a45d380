//! The launch as the model keeps it: Meta's dry run, each write's progress, the outcome.

use crate::launch::{LaunchEvent, LaunchStep};

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

    pub fn on_event(&mut self, e: LaunchEvent) {
        let Some(l) = &mut self.launch else {
            return;
        };
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
