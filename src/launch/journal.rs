//! The write-ahead journal of one launch: each step goes `pending → sent → created(id) |
//! failed(error)`, and the journal is on disk before every write to Graph.

use serde::{Deserialize, Serialize};

/// Where one step stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum StepState {
    Pending,
    /// The request went out (attempt n); whether Graph committed it is unknown until reconciled.
    Sent {
        attempt: u32,
    },
    Created {
        id: String,
    },
    Failed {
        error: String,
    },
}

/// One write of the launch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRecord {
    /// `campaign`, `image:<file>`, `adset:<n>`, `creative`, `ad:<n>`.
    pub key: String,
    /// The name the object is created with (tagged), used to find it again.
    pub name: String,
    #[serde(flatten)]
    pub state: StepState,
}

/// The overall state of a launch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LaunchState {
    Running,
    Done,
    Failed,
}

/// A launch's journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LaunchJournal {
    pub id: String,
    /// ` · dcw-3f9a2c` is appended to names; empty when tagging is off.
    pub tag: String,
    /// SHA-256 of the spec as written, to find this launch when the same spec is submitted again.
    pub spec_hash: String,
    pub spec_path: String,
    pub account: String,
    /// The Graph it went to: `sandbox` for a throwaway in-process sandbox, else the base URL.
    #[serde(default)]
    pub graph: String,
    pub created_at: String,
    pub state: LaunchState,
    pub steps: Vec<StepRecord>,
    #[serde(default)]
    pub warnings: Vec<String>,
    #[serde(default)]
    pub error: Option<String>,
    /// Set when this journal is a fix of a rejected ad (`fix.rs`) rather than a launch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<super::fix::FixRecord>,
}

impl LaunchJournal {
    pub fn step(&self, key: &str) -> Option<&StepRecord> {
        self.steps.iter().find(|s| s.key == key)
    }

    pub fn step_mut(&mut self, key: &str) -> Option<&mut StepRecord> {
        self.steps.iter_mut().find(|s| s.key == key)
    }

    /// The id a step created, if it did.
    pub fn created(&self, key: &str) -> Option<String> {
        match self.step(key).map(|s| &s.state) {
            Some(StepState::Created { id }) => Some(id.clone()),
            _ => None,
        }
    }

    /// "3 of 6 steps done".
    pub fn progress(&self) -> (usize, usize) {
        let done = self
            .steps
            .iter()
            .filter(|s| matches!(s.state, StepState::Created { .. }))
            .count();
        (done, self.steps.len())
    }
}

impl LaunchJournal {
    /// A new launch of `spec` (whose text is `text`, read from `spec_path`) on `account` through
    /// the Graph at `api_base`: every step pending, names tagged unless `tag_names` is false.
    pub fn start(
        spec: &crate::spec::LaunchSpec,
        text: &str,
        spec_path: &str,
        account: &str,
        api_base: &str,
        tag_names: bool,
    ) -> LaunchJournal {
        let now = chrono::Utc::now();
        let (tag, id) = new_tag_and_id(now);
        let tag = if tag_names { tag } else { String::new() };
        LaunchJournal {
            steps: super::requests::plan(spec, &tag),
            id,
            tag,
            spec_hash: spec_hash_for(api_base, text),
            spec_path: spec_path.to_string(),
            account: account.to_string(),
            graph: api_base.to_string(),
            created_at: now.to_rfc3339(),
            state: LaunchState::Running,
            warnings: Vec::new(),
            error: None,
            fix: None,
        }
    }
}

/// The hash that finds a launch again: the Graph it went to and the spec's text.
pub fn spec_hash_for(api_base: &str, text: &str) -> String {
    spec_hash(&format!("{api_base}\n{text}"))
}

/// SHA-256 of a spec's text, in hex.
pub fn spec_hash(text: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A new launch tag (`dcw-3f9a2c`) and id (`20261125-170301-3f9a2c`).
pub fn new_tag_and_id(now: chrono::DateTime<chrono::Utc>) -> (String, String) {
    let hex = format!("{:06x}", rand::random_range(0..0x100_0000u32));
    (
        format!("dcw-{hex}"),
        format!("{}-{hex}", now.format("%Y%m%d-%H%M%S")),
    )
}
