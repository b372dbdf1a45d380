//! The validation engine: `validate(&LaunchSpec, &Facts) -> Vec<Finding>`.
//!
//! Pure and fast: everything it needs from outside (the time, the account currency, what image
//! files hold) comes in `Facts`. Each finding names the JSON path of the field it is about, so
//! the wizard can show it under that field and `dcw validate` can print it.

mod account;
mod ad_set;
mod campaign;
mod codes;
mod features;
mod feed;
mod images;
mod money;
mod targeting;
mod text;
mod videos;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::enums::Objective;
use super::minimums::MinimumBudgets;
use super::model::{Campaign, LaunchSpec};
use super::values::Currency;
use super::zone::Tz;

pub use codes::CODES;

/// How bad a finding is: errors stop a launch, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One thing the validator has to say about one field.
///
/// The message is the buyer's: it starts by naming the field as the wizard labels it ("End date
/// must be after the start date.", "Title 4 repeats title 3; …") and names no JSON path before
/// its first full stop; the path is its own field, which the wizard shows dimmed after the
/// message and `dcw validate` prints before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Where, as a JSON path into the spec: `creative.asset_feed_spec.titles[5]`.
    pub path: String,
    pub severity: Severity,
    /// A stable identifier for scripts and tests: `feed.title_too_long`.
    pub code: &'static str,
    /// What is wrong, in the buyer's words.
    pub message: String,
    /// What to do about it, when there is something useful to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The hint speaks of the spec file (its JSON keys, amounts in minor units): `dcw validate`
    /// prints it, the wizard, where the buyer types `50.00` into labelled fields, leaves it out.
    #[serde(skip)]
    pub file_hint: bool,
}

impl Finding {
    pub fn hint(&mut self, hint: impl Into<String>) -> &mut Self {
        self.hint = Some(hint.into());
        self.file_hint = false;
        self
    }

    /// A hint for whoever edits the spec file: JSON keys to add, amounts in minor units. The
    /// wizard does not show it ([`Finding::wizard_hint`]).
    pub fn file_hint(&mut self, hint: impl Into<String>) -> &mut Self {
        self.hint = Some(hint.into());
        self.file_hint = true;
        self
    }

    /// The hint the wizard shows: none when it speaks only of the spec file.
    pub fn wizard_hint(&self) -> Option<&str> {
        self.hint.as_deref().filter(|_| !self.file_hint)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The wizard step the field belongs to.
    pub fn step(&self) -> Step {
        Step::of_path(&self.path)
    }
}

/// The wizard's steps, in order; findings are grouped by them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Account,
    Objective,
    Campaign,
    AdSet,
    Assets,
    Review,
}

impl Step {
    pub const ALL: [Step; 6] = [
        Step::Account,
        Step::Objective,
        Step::Campaign,
        Step::AdSet,
        Step::Assets,
        Step::Review,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Step::Account => "Account",
            Step::Objective => "Objective",
            Step::Campaign => "Campaign",
            Step::AdSet => "Ad set",
            Step::Assets => "Assets",
            Step::Review => "Review",
        }
    }

    /// The step a JSON path belongs to.
    pub fn of_path(path: &str) -> Step {
        let head = path.split(['.', '[']).next().unwrap_or("");
        match head {
            "campaign" => {
                let field = path.split('.').nth(1).unwrap_or("");
                if field.starts_with("objective") || field.starts_with("special_ad_categor") {
                    Step::Objective
                } else {
                    Step::Campaign
                }
            }
            "ad_set" | "audiences" => Step::AdSet,
            "creative" => Step::Assets,
            "ad" => Step::Review,
            _ => Step::Account,
        }
    }
}

/// What an image file holds, read from its header (and its last bytes) by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageFacts {
    Read {
        format: ImageFormat,
        /// The size the header claims, in pixels.
        width: u32,
        height: u32,
        bytes: u64,
        /// The file ends with its format's end marker (PNG's `IEND` chunk, JPEG's FF D9, GIF's
        /// trailer), so the picture after the header is all there. True for other formats.
        complete: bool,
    },
    Missing,
    Unreadable(String),
}

/// What a video file's container says, read from its boxes without decoding a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VideoFacts {
    Read(VideoInfo),
    Missing,
    Unreadable(String),
}

/// A video's container metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VideoInfo {
    pub container: VideoContainer,
    /// The video track's sample entry as written (`avc1`, `hvc1`, `vp09`, `av01`, ...);
    /// empty when the file has no video track.
    pub codec: String,
    /// The picture as stored, in pixels (before `rotation`).
    pub width: u32,
    pub height: u32,
    /// Degrees clockwise the player turns the picture (the track header's matrix): 0, 90,
    /// 180 or 270, or another whole degree for a tilted one. At 90 and 270 the picture shows
    /// `height` wide.
    pub rotation: u16,
    pub duration_ms: u64,
    pub bytes: u64,
    pub has_audio: bool,
}

impl VideoInfo {
    /// One line of what the file holds, beside its field in the wizard and in lists:
    /// `0:15 · 1080×1920 9:16 · H.264 · 48.2 MB` (duration; the picture as people see it,
    /// rotation applied, with its shape; the codec as Meta's specs name it, else its fourcc;
    /// the size), then `(turned 90°)` after the picture and `QuickTime` for a MOV; another
    /// container: what it looked like and the size. The fourcc and container come from the file: sanitised.
    pub fn summary(&self) -> String {
        use crate::spec::text::sanitize;
        use crate::spec::units::{clock, megabytes, ratio};
        if let VideoContainer::Other(what) = &self.container {
            // Nothing else of the file was read.
            return format!(
                "not MP4 or MOV: {} · {}",
                sanitize(what),
                megabytes(self.bytes)
            );
        }
        let (w, h) = self.shown_size();
        let codec = if self.codec.is_empty() {
            "no video track".to_string()
        } else {
            super::tables::video_codec_name(&self.codec)
                .map_or_else(|| sanitize(&self.codec).to_string(), str::to_string)
        };
        let mut picture = format!("{w}×{h} {}", ratio((w, h)));
        if self.rotation != 0 {
            picture.push_str(&format!(" (turned {}°)", self.rotation));
        }
        let mut parts = vec![
            clock(self.duration_ms / 1000),
            picture,
            codec,
            megabytes(self.bytes),
        ];
        if self.container == VideoContainer::Mov {
            parts.push("QuickTime".into());
        }
        parts.join(" · ")
    }

    /// The picture as people see it, rotation applied: (width, height).
    pub fn shown_size(&self) -> (u32, u32) {
        if self.rotation % 180 == 90 {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }
}

/// A video container recognised by content (`ftyp` brand), not by file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VideoContainer {
    Mp4,
    /// QuickTime (`qt  `).
    Mov,
    /// Anything else, by what it looked like.
    Other(String),
}

/// An image format recognised by content, not by file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageFormat {
    Jpeg,
    Png,
    Gif,
    Other(String),
}

/// What the engine may need from outside the spec.
#[derive(Debug, Clone)]
pub struct Facts {
    pub now: DateTime<Utc>,
    /// The ad account's currency, when known.
    pub currency: Option<Currency>,
    /// Image files by the `file` value written in the spec.
    pub images: HashMap<String, ImageFacts>,
    /// Video files by the `file` value written in the spec.
    pub videos: HashMap<String, VideoFacts>,
    /// The account's minimum daily budgets (`GET /act_<id>/minimum_budgets`), when read;
    /// without them the built-in table of the currency applies.
    pub minimums: Option<MinimumBudgets>,
    /// The account's time zone (its `timezone_name`), when known: dates and times without an
    /// offset are read there.
    pub time_zone: Option<Tz>,
    /// Advantage+ creative features the ad account's house policy forbids (the config file's
    /// `accounts."act_<id>".never_features`): the spec must opt out of each.
    pub never_features: Vec<String>,
}

impl Facts {
    pub fn at(now: DateTime<Utc>) -> Facts {
        Facts {
            now,
            currency: None,
            images: HashMap::new(),
            videos: HashMap::new(),
            minimums: None,
            time_zone: None,
            never_features: Vec::new(),
        }
    }
}

/// Findings as they are collected.
#[derive(Debug, Default)]
pub(crate) struct Report {
    pub findings: Vec<Finding>,
}

impl Report {
    fn push(
        &mut self,
        severity: Severity,
        path: String,
        code: &'static str,
        message: String,
    ) -> &mut Finding {
        debug_assert!(
            CODES.contains(&code),
            "finding code {code} is not in spec::validate::codes::CODES"
        );
        self.findings.push(Finding {
            path,
            severity,
            code,
            message,
            hint: None,
            file_hint: false,
        });
        self.findings.last_mut().expect("just pushed")
    }

    pub fn error(
        &mut self,
        path: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> &mut Finding {
        self.push(Severity::Error, path.into(), code, message.into())
    }

    /// `feed.duplicate_asset` at `path`: the `i`th `what` (`Title`, as the wizard labels it)
    /// repeats the `j`th, both counted from 0: "Title 4 repeats title 3; …".
    pub(super) fn repeats(&mut self, path: impl Into<String>, what: &str, i: usize, j: usize) {
        self.error(
            path,
            "feed.duplicate_asset",
            format!(
                "{what} {} repeats {} {}; each asset must be different.",
                i + 1,
                what.to_lowercase(),
                j + 1
            ),
        );
    }

    pub fn warn(
        &mut self,
        path: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> &mut Finding {
        self.push(Severity::Warning, path.into(), code, message.into())
    }
}

/// `base.key`, or `key` at the top.
pub(crate) fn at(base: &str, key: &str) -> String {
    if base.is_empty() {
        key.to_string()
    } else {
        format!("{base}.{key}")
    }
}

/// `base[i]`.
pub(crate) fn index(base: &str, i: usize) -> String {
    format!("{base}[{i}]")
}

/// What the ad set rules need to know about the rest of the launch.
pub(crate) struct Context<'a> {
    pub objective: Option<Objective>,
    pub campaign: &'a Campaign,
    /// The campaign carries the budget (Advantage campaign budget).
    pub campaign_budget: bool,
    /// A special ad category applies, which restricts targeting.
    pub special_category: bool,
    pub facts: &'a Facts,
    /// The account's currency, else the one the spec writes.
    pub currency: Option<Currency>,
    /// The creative's asset feed has at least one video (video-only placements need one).
    pub feed_has_video: bool,
}

/// Every finding for a spec, errors first, then in the order of the wizard's steps.
pub fn validate(spec: &LaunchSpec, facts: &Facts) -> Vec<Finding> {
    let mut r = Report::default();
    account::check(spec, facts, &mut r);
    let empty = Campaign::default();
    let campaign = spec.campaign.as_ref().unwrap_or(&empty);
    campaign::check(spec, &mut r);
    let ctx = Context {
        objective: campaign.objective.as_ref().and_then(|o| o.known()),
        campaign,
        campaign_budget: campaign.daily_budget.is_some() || campaign.lifetime_budget.is_some(),
        special_category: campaign::has_special_category(campaign),
        facts,
        currency: facts
            .currency
            .clone()
            .or_else(|| spec.currency.as_deref().and_then(Currency::new)),
        feed_has_video: spec
            .creative
            .as_ref()
            .and_then(|c| c.asset_feed_spec.as_ref())
            .and_then(|f| f.videos.as_ref())
            .is_some_and(|v| !v.is_empty()),
    };
    check_ad_sets(spec, &ctx, &mut r);
    money::check_campaign(spec, &ctx, &mut r);
    feed::check(spec, ctx.objective, &mut r);
    if let Some(creative) = &spec.creative {
        features::check(creative, facts, &mut r);
    }
    images::check(spec, facts, &mut r);
    videos::check(spec, facts, &mut r);
    text::check(spec, &mut r);
    account::check_ad(spec, &mut r);
    let mut findings = r.findings;
    findings.sort_by_key(|f| (f.severity, f.step()));
    findings
}

/// The ad set rules, once per ad set the launch creates. With audiences, a finding about a key
/// the audience sets is reported at `audiences[i].…` and names the audience; a finding about a
/// template key is reported once at `ad_set.…`.
fn check_ad_sets(spec: &LaunchSpec, ctx: &Context, r: &mut Report) {
    let audiences = spec.audiences.as_deref().unwrap_or(&[]);
    if spec.ad_set.is_none() && audiences.is_empty() {
        r.error("ad_set", "ad_set.missing", "The spec has no ad set.")
            .file_hint("Add an \"ad_set\" object with a name, goal, budget and targeting.");
        return;
    }
    check_audience_names(spec, r);
    let feed = spec
        .creative
        .as_ref()
        .and_then(|c| c.asset_feed_spec.as_ref());
    let check_one = |set: &super::model::AdSet| {
        let mut local = Report::default();
        ad_set::check(set, "ad_set", ctx, &mut local);
        if let Some(feed) = feed {
            feed::check_against_ad_set(set, feed, &mut local);
        }
        local.findings
    };
    // What the template says on its own: a finding an audience's ad set shares with it is the
    // template's; any other finding is the audience's, even on a key the template holds.
    let template = if audiences.is_empty() {
        Vec::new()
    } else {
        check_one(&spec.ad_set.clone().unwrap_or_default())
    };
    for (audience, set) in spec.effective_ad_sets() {
        for mut f in check_one(&set) {
            if let Some(i) = audience {
                let from_template = template
                    .iter()
                    .any(|g| g.path == f.path && g.code == f.code && g.message == f.message);
                relocate_to_audience(&mut f, i, &audiences[i], from_template);
            }
            if !r
                .findings
                .iter()
                .any(|g| g.path == f.path && g.code == f.code && g.message == f.message)
            {
                r.findings.push(f);
            }
        }
    }
}

/// Moves a finding about a key the audience sets to `audiences[i].…`; names the audience in
/// every finding that is the audience's (moved, or not one the template has on its own).
fn relocate_to_audience(
    f: &mut Finding,
    i: usize,
    audience: &super::model::AdSet,
    from_template: bool,
) {
    let overridden = f.path.strip_prefix("ad_set.").and_then(|rest| {
        let key = rest.split(['.', '[']).next().unwrap_or(rest);
        (key != "name" && audience.has_key(key)).then(|| format!("audiences[{i}].{rest}"))
    });
    let moved = overridden.is_some();
    if let Some(path) = overridden {
        f.path = path;
    }
    if moved || !from_template {
        let name = audience.name.as_deref().unwrap_or("unnamed");
        f.message = format!("Audience \"{name}\": {}", f.message);
    }
}

/// A local file's path as two of a feed's files are compared: `videos/run.mp4`,
/// `./videos/run.mp4` and `videos/../videos//run.mp4` are one file, which the launch would
/// otherwise upload twice (lexically: links are not followed) [dcw's own].
pub(super) fn file_key(path: &str) -> String {
    let path = path.trim();
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let root = if path.starts_with('/') { "/" } else { "" };
    format!("{root}{}", parts.join("/"))
}

/// For each item, the index of the first earlier item with the same key (`None` for the first of
/// its key, or an item with no key): the duplicate check in one pass, linear in the list.
pub(super) fn earlier_duplicates<K: std::hash::Hash + Eq>(
    keys: impl IntoIterator<Item = Option<K>>,
) -> Vec<Option<usize>> {
    let mut first: HashMap<K, usize> = HashMap::new();
    keys.into_iter()
        .enumerate()
        .map(|(i, key)| {
            let key = key?;
            match first.get(&key) {
                Some(&j) => Some(j),
                None => {
                    first.insert(key, i);
                    None
                }
            }
        })
        .collect()
}

fn check_audience_names(spec: &LaunchSpec, r: &mut Report) {
    let Some(list) = &spec.audiences else { return };
    if list.is_empty() {
        r.warn(
            "audiences",
            "audiences.empty",
            "The audiences list is empty, so the ad set template is launched as it is.",
        )
        .file_hint("Remove \"audiences\" or add at least one audience.");
    }
    let dups = earlier_duplicates(list.iter().map(|a| a.name.as_deref().map(str::trim)));
    for (i, a) in list.iter().enumerate() {
        let path = at(&index("audiences", i), "name");
        match a.name.as_deref().map(str::trim) {
            None | Some("") => {
                r.error(
                    path,
                    "audiences.name_missing",
                    format!("Audience {} has no name.", i + 1),
                )
                .hint("Each audience's ad set is named \"<ad set name> · <audience name>\".");
            }
            Some(name) => {
                if let Some(j) = dups[i] {
                    r.error(
                        path,
                        "audiences.name_duplicate",
                        format!(
                            "Audience name \"{name}\" is already used by audience {}.",
                            j + 1
                        ),
                    )
                    .hint("Audience names must be unique: they name the ad sets.");
                }
            }
        }
    }
}
