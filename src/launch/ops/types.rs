//! What a control is and how it runs: the types the plan, the run and their callers share.

use std::path::PathBuf;
use std::time::Duration;

use crate::store::ControlJournal;

/// A new budget or end time, as typed: money in the account's currency (`80`, `1,250.50`), a
/// time in the account's zone (`2026-12-31 23:00`) or with its offset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BudgetChange {
    /// A new amount for whichever budget the ad set has (daily or lifetime): the pane's `B`.
    pub amount: Option<String>,
    pub daily: Option<String>,
    pub lifetime: Option<String>,
    pub end: Option<String>,
}

/// What to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Control {
    Activate,
    Pause,
    Budget(BudgetChange),
    Archive,
    Delete,
    Duplicate,
}

impl Control {
    pub fn name(&self) -> &'static str {
        match self {
            Control::Activate => "activate",
            Control::Pause => "pause",
            Control::Budget(_) => "budget",
            Control::Archive => "archive",
            Control::Delete => "delete",
            Control::Duplicate => "duplicate",
        }
    }

    /// What finds an unfinished control of the same thing again.
    pub(super) fn key(&self, target: &str) -> String {
        let values = match self {
            Control::Budget(b) => {
                format!("{:?}|{:?}|{:?}|{:?}", b.amount, b.daily, b.lifetime, b.end)
            }
            _ => String::new(),
        };
        format!("{}|{target}|{values}", self.name())
    }
}

/// How a control runs.
#[derive(Debug, Clone)]
pub struct ControlOptions {
    /// The launch journals' folder (controls go in its `controls/`).
    pub journal_dir: PathBuf,
    /// Test hook: stop (as if killed) right after this many journal writes.
    pub stop_after_writes: Option<usize>,
    /// The first pause before a write is sent again after an uncertain answer (doubling).
    pub retry_backoff: Duration,
}

impl ControlOptions {
    pub fn standard(journal_dir: PathBuf) -> ControlOptions {
        ControlOptions {
            journal_dir,
            stop_after_writes: None,
            retry_backoff: crate::launch::pipeline::RETRY_BACKOFF,
        }
    }
}

/// A control ready to run: its journal (not yet saved when new) and whether it resumes one.
#[derive(Debug, Clone, PartialEq)]
pub struct ControlPlan {
    pub journal: ControlJournal,
    /// An unfinished control of the same thing was found and is taken up again.
    pub resumed: bool,
    /// When it was planned (this machine's clock): a control of the same account that ran
    /// since makes a new plan stale (see `run_control`).
    pub planned_at: std::time::SystemTime,
}

impl ControlPlan {
    /// Nothing to send: everything is already so.
    pub fn is_empty(&self) -> bool {
        self.journal.writes.is_empty()
    }
}
