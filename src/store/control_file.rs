//! The journal of a control of a launch (activate, pause, a budget, archive, delete, duplicate)
//! as it is on disk: one file per control in the launch journals' `controls/` folder, saved
//! with the launch journals' seal before every write (`launch::ops` runs it).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::journal_file::{LaunchState, StepState};

/// The folder of control journals under the launch journals' folder.
pub fn controls_dir(journal_dir: &Path) -> PathBuf {
    journal_dir.join("controls")
}

/// What one write does to Graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "call", rename_all = "snake_case")]
pub enum ControlCall {
    /// `POST /<object>` with these parameters (`status`, `daily_budget`, `end_time`...).
    Update { params: BTreeMap<String, String> },
    /// `DELETE /<object>`.
    Delete,
    /// `POST /<object>/copies` with these parameters; created names the copy.
    Copy { params: BTreeMap<String, String> },
}

/// One write of a control, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlWrite {
    /// The object written to.
    pub object: String,
    /// `campaign`, `ad set` or `ad`.
    pub kind: String,
    /// Its name as Graph read it when the control was planned.
    pub name: String,
    #[serde(flatten)]
    pub call: ControlCall,
    /// `pending → sent → created(id) | failed(error)`; created names the object written (or
    /// the copy made).
    #[serde(flatten)]
    pub state: StepState,
}

/// A control's journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ControlJournal {
    pub id: String,
    /// `activate`, `pause`, `budget`, `archive`, `delete` or `duplicate`.
    pub control: String,
    /// The id the buyer named (an ad, ad set, campaign or a launch's journal id).
    pub target: String,
    /// What finds an unfinished control again: the control, its target and its values.
    pub key: String,
    /// Tags names this control makes (a copy's), to find them again.
    pub tag: String,
    pub account: String,
    /// The Graph it goes to, as the launch journals write it.
    pub graph: String,
    pub created_at: String,
    pub state: LaunchState,
    /// What changes, in words, as it was confirmed.
    pub summary: Vec<String>,
    pub writes: Vec<ControlWrite>,
    #[serde(default)]
    pub warnings: Vec<String>,
    #[serde(default)]
    pub error: Option<String>,
}
