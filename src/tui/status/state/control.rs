//! A control of the launch asked from the pane: what it acts on (the ad under the cursor, its
//! ad set, the whole launch), a typed budget or end, the plan `launch::ops` read (what changes,
//! the money), and whether to send it. State only; the keys are `status/control.rs`'s.

use crate::launch::{Control, ControlPlan};
use crate::tui::text::TextField;

/// One choice of the chooser: its words, the id it acts on and the control.
#[derive(Debug, Clone)]
pub struct Choice {
    pub words: String,
    pub target: String,
    pub control: Control,
}

/// What a typed value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typed {
    /// An amount for the ad set's budget (daily or lifetime, as it has).
    Budget,
    /// An end date and time.
    End,
}

/// Where the control stands.
#[derive(Debug, Clone)]
pub enum Stage {
    /// ↑↓ move the mark, Enter picks.
    Choose(Vec<Choice>, usize),
    /// A value typed for the ad set `target`.
    Typing {
        target: String,
        what: Typed,
        label: String,
        input: TextField,
    },
    /// What changes is being read.
    Planning,
    /// Read: `Y` sends it.
    Confirm(Box<ControlPlan>),
    /// Sent; the answer is awaited.
    Running,
}

/// The control being asked (one at a time), for the ad it was asked on.
#[derive(Debug, Clone)]
pub struct ControlAsk {
    pub ad_id: String,
    /// `Activate`, `Pause`…: the chooser's and the question's first word.
    pub title: &'static str,
    pub stage: Stage,
}

impl ControlAsk {
    /// The value being typed, when it is.
    pub fn typing(&self) -> Option<(&str, &TextField)> {
        match &self.stage {
            Stage::Typing { label, input, .. } => Some((label.as_str(), input)),
            _ => None,
        }
    }

    /// Waiting for Graph: keys do nothing but wait.
    pub fn busy(&self) -> bool {
        matches!(self.stage, Stage::Planning | Stage::Running)
    }
}
