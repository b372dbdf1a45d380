//! The one message enum (everything that can happen to the wizard) and the effects `update`
//! asks for (run as tokio tasks; their results come back as messages).

use std::path::PathBuf;

use crossterm::event::KeyEvent;

use crate::graph::calls::{AdAccount, Page, Pixel};
use crate::launch::{LaunchError, LaunchEvent, LaunchJournal};
use crate::spec::{ImageFacts, LaunchSpec};

#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    /// The terminal's new size.
    Resize(u16, u16),
    /// An image decoded for previews (by the `file` value).
    Decoded(String, Result<crate::tui::preview::SharedImage, String>),
    /// A preview encoded for the terminal.
    Previewed(
        crate::tui::preview::PreviewKey,
        Result<crate::tui::preview::Shown, String>,
    ),
    Accounts(Result<Vec<AdAccount>, String>),
    Pages(Result<Vec<Page>, String>),
    /// Pixels of an account (digits).
    Pixels(String, Result<Vec<Pixel>, String>),
    /// An account's minimum daily budgets (digits; Meta's node, if it gave one).
    Minimums(String, Result<Option<crate::graph::MinimumBudget>, String>),
    /// What an image file holds (by the `file` value).
    ImageRead(String, ImageFacts),
    /// What a video file's container says (by the `file` value).
    VideoRead(String, crate::spec::VideoFacts),
    /// The debounce after a change ran out: save the draft now.
    SaveDue,
    Saved(Result<PathBuf, String>),
    Exported(Result<PathBuf, String>),
    /// The Review step's dry run (its generation, so a stale answer is ignored).
    Preflight(u64, Result<String, LaunchError>),
    Launch(LaunchEvent),
    LaunchDone(Box<Result<LaunchJournal, LaunchError>>),
    /// The targeting reads' lane is free again (`model::pace`).
    PaceDue,
    /// A targeting search answered (tagged with its picker and query: a stale one is ignored).
    Searched(SearchAsk, Result<crate::graph::SearchHits, String>),
    /// An account's behaviours and demographics, whole (account digits).
    Categories(String, Result<Vec<crate::graph::InterestHit>, String>),
    /// An account's custom and lookalike audiences (account digits).
    Audiences(String, Result<Vec<crate::graph::CustomAudience>, String>),
    /// Meta's delivery estimate of one ad set's targeting (`model::estimate`): the ad set
    /// (`ad_set`, `audiences[i]`), the read's number and what it asked.
    Estimated {
        base: String,
        seq: u64,
        ask: Box<EstimateAsk>,
        result: Result<Option<crate::graph::DeliveryEstimate>, String>,
    },
    /// The presets file was read: every preset in it.
    Presets(Result<Vec<crate::store::Preset>, String>),
    /// A preset was saved (or its name found taken) in the presets file.
    PresetSaved(
        Box<crate::store::Preset>,
        Result<crate::store::presets::Added, String>,
    ),
    /// The status pane's timer (its generation, so only the last one counts).
    PollDue(u64),
    /// A poll's answers for one plan, with the account's tier once known.
    Polled {
        plan: crate::watch::Plan,
        result: Box<crate::watch::PollResult>,
        max_points: Option<u32>,
    },
    /// One breakdown of an ad's asset results, for the range and second breakdown asked.
    Results {
        ad_id: String,
        query: crate::watch::ResultsQuery,
        result: Box<Result<crate::watch::Results, String>>,
    },
    /// The next round of a launch, drafted (`n` in the asset results).
    NextRound {
        result: Box<Result<crate::watch::NextRound, String>>,
    },
    /// A fix came back (for the ad it fixed).
    Fixed {
        ad_id: String,
        result: Box<Result<crate::launch::fix::FixOutcome, String>>,
    },
    /// An ad's creative, read for its preview (`v` in the status pane on an ad whose creative
    /// the polls had not read).
    CreativeRead {
        ad_id: String,
        result: Box<Result<serde_json::Value, String>>,
    },
    /// What a control of the launch would change, read (`launch::plan_control`).
    ControlPlanned(Box<Result<crate::launch::ControlPlan, String>>),
    /// A control of the launch ran (`launch::run_control`).
    ControlDone(Box<Result<crate::store::ControlJournal, String>>),
    /// Meta's own previews came back, for the ad preview screen of this opening (`id`).
    MetaPreviewed {
        id: u64,
        result: Box<Result<crate::launch::SpecPreviews, String>>,
    },
}

/// What the ad preview screen's `m` asks Meta for: one placement family's `ad_format`s.
#[derive(Debug, Clone, PartialEq)]
pub enum MetaAsk {
    /// A launched ad's `previews` (from the status pane).
    Ad {
        account: String,
        ad_id: String,
        formats: Vec<String>,
    },
    /// The wizard's draft: its launched ad's previews if the journals know one, else
    /// `generatepreviews` of its creative (images uploaded first; a draft's paths are absolute).
    Draft {
        spec: Box<LaunchSpec>,
        text: String,
        formats: Vec<String>,
    },
}

/// One targeting search: for which account, which picker (its field id) and which query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchAsk {
    pub account: String,
    pub field: String,
    pub query: String,
    pub kind: crate::graph::SearchKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadAccounts,
    LoadPages,
    LoadPixels(String),
    /// Read an account's minimum daily budgets (digits).
    LoadMinimums(String),
    ReadImage(String),
    /// Read a video file's container metadata (answered from the cache while the file is
    /// unchanged on disk).
    ReadVideo(String),
    /// Decode an image for previews.
    Decode(String),
    /// Scale and encode a preview at its size.
    EncodePreview {
        key: crate::tui::preview::PreviewKey,
        image: crate::tui::preview::SharedImage,
    },
    /// Send `SaveDue` after the debounce.
    ScheduleSave,
    SaveDraft {
        id: String,
        text: String,
        meta: crate::store::DraftMeta,
    },
    /// Delete a draft (asked at the resume question).
    DeleteDraft(String),
    Export {
        path: PathBuf,
        text: String,
    },
    Preflight {
        generation: u64,
        spec: Box<LaunchSpec>,
    },
    Submit {
        spec: Box<LaunchSpec>,
        text: String,
        draft_id: String,
    },
    /// Run these reads (the status pane).
    Poll {
        plans: Vec<crate::watch::Plan>,
        known: std::collections::HashMap<String, crate::watch::Known>,
    },
    /// Read one breakdown of an ad's insights (and first what the ad is read with, when
    /// `context` is not known yet); images and videos named by `files`.
    LoadResults {
        ad_id: String,
        account: String,
        query: crate::watch::ResultsQuery,
        context: Option<Box<crate::watch::AdContext>>,
        files: Box<crate::watch::AssetFiles>,
    },
    /// Draft the next round of the launch that made this ad.
    NextRound {
        ad_id: String,
    },
    /// Send a fix of a rejected ad.
    Fix(Box<crate::launch::fix::FixRequest>),
    /// Read what a control of the launch would change; answers `Msg::ControlPlanned`.
    PlanControl {
        target: String,
        control: crate::launch::Control,
    },
    /// Run a planned control of the launch; answers `Msg::ControlDone`.
    RunControl(Box<crate::launch::ControlPlan>),
    /// Read the presets file.
    LoadPresets(PathBuf),
    /// Add a preset to the presets file (as it is then), replacing one of its name if `replace`.
    SavePreset {
        path: PathBuf,
        preset: Box<crate::store::Preset>,
        replace: bool,
    },
    /// Send `PaceDue` after this long.
    PaceAfter(std::time::Duration),
    /// One targeting search (`GET /search`), answered as `Msg::Searched`.
    Search(SearchAsk),
    /// Read an account's behaviours and demographics once (account digits).
    LoadCategories(String),
    /// Read an account's custom and lookalike audiences once (account digits).
    LoadAudiences(String),
    /// Read Meta's delivery estimate of one ad set's targeting; answers `Msg::Estimated`.
    EstimateDelivery {
        base: String,
        seq: u64,
        ask: Box<EstimateAsk>,
    },
    /// Read an ad's creative (`creative{id,asset_feed_spec}`) to preview it; answers
    /// `Msg::CreativeRead`.
    ReadCreative {
        account: String,
        ad_id: String,
    },
    /// Ask Meta for its own previews (the ad preview's `m`); answers `Msg::MetaPreviewed`.
    MetaPreview {
        id: u64,
        ask: MetaAsk,
    },
    /// Send `PollDue(generation)` after this long.
    WakeAfter {
        generation: u64,
        after: std::time::Duration,
    },
    Quit,
}

/// What one delivery estimate asks (`GET /act_<id>/delivery_estimate`): the account (digits),
/// `targeting_spec`, `optimization_goal` and `promoted_object`, as the ad set would send them.
#[derive(Debug, Clone, PartialEq)]
pub struct EstimateAsk {
    pub account: String,
    pub targeting: serde_json::Value,
    pub goal: String,
    pub promoted_object: Option<serde_json::Value>,
}
