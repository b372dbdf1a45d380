//! The launch journal as it is on disk: the types serde reads and writes, field for field what
//! dcw has always written (`launch/journal.rs` keeps what a journal does: starting one, finding
//! a launch again; `store/journals.rs` seals and reads the file).

use serde::{Deserialize, Serialize};

pub use super::launch_step::LaunchStep;

/// Where one step stands: `pending → sent → created(id) | failed(error)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum StepState {
    Pending,
    /// The request went out (attempt n); whether Graph committed it is unknown until reconciled.
    Sent {
        attempt: u32,
    },
    /// A video's chunked upload is under way: Meta's `video_id` and `upload_session_id` from
    /// `upload_phase=start`, the file's `size` as sent in `file_size`, and `acked`, the offset
    /// Meta last acknowledged (its answer's `start_offset`): every byte before it is Meta's, so
    /// a resumed launch sends from there, never from zero and never as a second video.
    Transferring {
        video_id: String,
        session: String,
        acked: u64,
        size: u64,
        /// Where the window Meta asked for next ends (its answer's `end_offset`), so a resumed
        /// upload sends the chunk Meta wants; 0 in a journal that does not say.
        #[serde(default, skip_serializing_if = "is_zero")]
        end: u64,
    },
    Created {
        id: String,
    },
    Failed {
        error: String,
    },
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// One write of the launch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRecord {
    /// Written as `campaign`, `image:<file>`, `adset:<n>`, `creative`, `ad:<n>`.
    pub key: LaunchStep,
    /// The name the object is created with (tagged), used to find it again.
    pub name: String,
    /// A video step's file as dcw recognises it again (`<size> bytes, fingerprint <hex>`),
    /// recorded before its upload starts; none for every other step (and not written then, so
    /// other journals read and write as before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stamp: Option<String>,
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

/// What a fix journal records to be found again: the ad, the edited feed (by hash) and where
/// the ad lived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixRecord {
    pub ad_id: String,
    /// SHA-256 of the edited feed with its keys sorted (`launch::fix::feed_hash`).
    pub feed_hash: String,
    pub old_creative_id: String,
    pub adset_id: String,
    pub campaign_id: String,
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
    /// Set when this journal is a fix of a rejected ad (`launch/fix.rs`) rather than a launch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<FixRecord>,
}

impl LaunchJournal {
    /// The record of a step, by the step or its key (`j.step("adset:0")`).
    pub fn step<K>(&self, key: K) -> Option<&StepRecord>
    where
        LaunchStep: PartialEq<K>,
    {
        self.steps.iter().find(|s| s.key == key)
    }

    pub fn step_mut<K>(&mut self, key: K) -> Option<&mut StepRecord>
    where
        LaunchStep: PartialEq<K>,
    {
        self.steps.iter_mut().find(|s| s.key == key)
    }

    /// The id a step created, if it did.
    pub fn created<K>(&self, key: K) -> Option<String>
    where
        LaunchStep: PartialEq<K>,
    {
        match self.step(key).map(|s| &s.state) {
            Some(StepState::Created { id }) => Some(id.clone()),
            _ => None,
        }
    }

    /// A step's name as people know it: without the launch tag dcw adds to find it again.
    pub fn untagged_name<'a>(&'a self, name: &'a str) -> &'a str {
        if self.tag.is_empty() {
            return name;
        }
        name.strip_suffix(self.tag.as_str())
            .and_then(|n| n.strip_suffix(" · "))
            .unwrap_or(name)
    }

    /// The label of a step of this journal for people: `ad set 1 «US 18-34»`, its name untagged.
    pub fn label(&self, key: &LaunchStep) -> String {
        let name = self.step(key).map_or("", |s| s.name.as_str());
        key.label(self.untagged_name(name))
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
