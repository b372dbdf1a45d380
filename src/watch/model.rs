//! The status model: one row per ad, built from what Graph answers, with every rejection mapped
//! to the asset of the launch it names. Reading never fails; what dcw cannot read is kept raw.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::assets::{AssetFiles, AssetRef, locate};
use crate::graph::feedback::{
    AdReviewFeedback, FeedbackState, ReviewFeedback, ad_review_feedback, review_feedback,
};

/// Where an ad stands in review, from its `effective_status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReviewState {
    /// `PENDING_REVIEW`, `IN_PROCESS`.
    InReview,
    /// `DISAPPROVED`.
    Rejected,
    /// `WITH_ISSUES`, `PENDING_BILLING_INFO`: approved or not, it cannot deliver.
    WithIssues,
    /// `ACTIVE`, `PREAPPROVED`.
    Approved,
    /// Passed review and paused (`PAUSED`, `ADSET_PAUSED`, `CAMPAIGN_PAUSED`).
    ApprovedPaused,
    /// `ARCHIVED`, `DELETED`.
    Gone,
    /// Not read yet, or a status dcw does not know.
    Unknown,
}

impl ReviewState {
    pub fn from_effective_status(s: &str) -> ReviewState {
        match s {
            "PENDING_REVIEW" | "IN_PROCESS" => ReviewState::InReview,
            "DISAPPROVED" => ReviewState::Rejected,
            "WITH_ISSUES" | "PENDING_BILLING_INFO" => ReviewState::WithIssues,
            "ACTIVE" | "PREAPPROVED" => ReviewState::Approved,
            "PAUSED" | "ADSET_PAUSED" | "CAMPAIGN_PAUSED" => ReviewState::ApprovedPaused,
            "ARCHIVED" | "DELETED" => ReviewState::Gone,
            _ => ReviewState::Unknown,
        }
    }

    /// Review is over (re-review still happens after an edit, so these are polled rarely).
    pub fn is_settled(self) -> bool {
        !matches!(self, ReviewState::InReview | ReviewState::Unknown)
    }

    /// A symbol that reads without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            ReviewState::InReview => "◷",
            ReviewState::Rejected => "✗",
            ReviewState::WithIssues => "!",
            ReviewState::Approved => "✓",
            ReviewState::ApprovedPaused => "✓",
            ReviewState::Gone => "–",
            ReviewState::Unknown => "?",
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            ReviewState::InReview => "in review",
            ReviewState::Rejected => "rejected",
            ReviewState::WithIssues => "issues",
            ReviewState::Approved => "approved",
            ReviewState::ApprovedPaused => "approved, paused",
            ReviewState::Gone => "archived",
            ReviewState::Unknown => "unknown",
        }
    }
}

/// One entry of `issues_info`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Issue {
    pub error_code: Option<i64>,
    pub error_summary: String,
    pub error_message: String,
    pub error_type: String,
    pub level: String,
}

/// A reason code with Meta's sentence (empty when Meta gave only the code).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Reason {
    pub code: String,
    pub sentence: String,
}

/// One rejected asset (or the whole ad, when Meta names no asset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// The launch's own asset, when found.
    pub asset: Option<AssetRef>,
    /// What Meta wrote for the asset (its text, a `Body 1` label, or an id).
    pub meta_text: Option<String>,
    pub meta_id: Option<String>,
    pub reasons: Vec<Reason>,
}

impl Rejection {
    /// `Body 2 «Try our craft beer…»`, Meta's words, or `the whole ad`.
    pub fn what(&self) -> String {
        match (&self.asset, &self.meta_text, &self.meta_id) {
            (Some(a), _, _) => a.describe(),
            (None, Some(t), _) => format!("«{t}»"),
            (None, None, Some(id)) => format!("asset {id}"),
            (None, None, None) => "the whole ad".into(),
        }
    }

    /// `ALCOHOL, TOBACCO`.
    pub fn codes(&self) -> String {
        self.reasons
            .iter()
            .map(|r| r.code.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// One watched ad.
#[derive(Debug, Clone, PartialEq)]
pub struct AdRow {
    pub ad_id: String,
    pub name: String,
    pub adset_id: String,
    pub adset_name: String,
    pub campaign_id: String,
    /// Ad account digits.
    pub account: String,
    pub creative_id: Option<String>,
    /// The dcw launch it came from, when known.
    pub launch_id: Option<String>,
    pub effective_status: String,
    pub state: ReviewState,
    pub updated_time: String,
    pub created_time: Option<DateTime<Utc>>,
    pub ad_feedback: AdReviewFeedback,
    pub adset_feedback: ReviewFeedback,
    pub issues: Vec<Issue>,
    /// The creative's `asset_feed_spec` (what the launch sent), once read.
    pub feed: Option<Value>,
    pub rejections: Vec<Rejection>,
    /// When the state was first seen as it is now.
    pub since: Option<DateTime<Utc>>,
    pub last_checked: Option<DateTime<Utc>>,
    /// The state changed and the buyer has not looked at it yet.
    pub changed: bool,
    /// The last read of this ad that failed: Graph's message and its `fbtrace_id`.
    pub last_error: Option<String>,
    pub fbtrace_ids: Vec<String>,
    /// The `updated_time` of the ad when its details were last read.
    pub details_for: Option<String>,
    /// Everything `/` searches, lowercased once per change: name, ids, status, reasons.
    pub search: String,
}

impl AdRow {
    pub fn new(ad_id: &str, account: &str) -> AdRow {
        AdRow {
            ad_id: ad_id.to_string(),
            name: String::new(),
            adset_id: String::new(),
            adset_name: String::new(),
            campaign_id: String::new(),
            account: account.to_string(),
            creative_id: None,
            launch_id: None,
            effective_status: String::new(),
            state: ReviewState::Unknown,
            updated_time: String::new(),
            created_time: None,
            ad_feedback: AdReviewFeedback::default(),
            adset_feedback: review_feedback(None),
            issues: Vec::new(),
            feed: None,
            rejections: Vec::new(),
            since: None,
            last_checked: None,
            changed: false,
            last_error: None,
            fbtrace_ids: Vec::new(),
            details_for: None,
            search: String::new(),
        }
    }

    /// Needs the ad set's `review_feedback` and the creative's feed to say what was rejected.
    pub fn needs_details(&self) -> bool {
        matches!(self.state, ReviewState::Rejected | ReviewState::WithIssues)
            && self.details_for.as_deref() != Some(self.updated_time.as_str())
    }

    /// Time in the current state.
    pub fn age(&self, now: DateTime<Utc>) -> Option<chrono::Duration> {
        self.since.map(|s| now - s)
    }

    /// The creative's id and feed, from `creative{id,asset_feed_spec}`.
    fn learn_creative(&mut self, c: &Value) {
        if let Some(id) = text(c, "id") {
            self.creative_id = Some(id);
        }
        if let Some(f) = c.get("asset_feed_spec") {
            self.feed = Some(f.clone());
        }
    }

    /// Rebuilds the rejections from the feedback read so far, videos and images named by the
    /// files they were uploaded from.
    fn map_rejections(&mut self, files: &AssetFiles) {
        let sentence = |code: &str| -> String {
            self.ad_feedback
                .global
                .iter()
                .find(|(c, _)| c == code)
                .map(|(_, s)| s.clone())
                .or_else(|| {
                    self.ad_feedback
                        .placement_specific
                        .iter()
                        .find(|(_, c, _)| c == code)
                        .map(|(p, _, s)| format!("{s} ({p})"))
                })
                .unwrap_or_default()
        };
        let mut out = Vec::new();
        if self.state == ReviewState::Rejected
            && let FeedbackState::Rejected(list) = &self.adset_feedback.state
        {
            for r in list {
                out.push(Rejection {
                    asset: self.feed.as_ref().and_then(|f| locate(f, r, files)),
                    meta_text: r.text.clone(),
                    meta_id: r.id.clone(),
                    reasons: r
                        .reasons
                        .iter()
                        .map(|c| Reason {
                            code: c.clone(),
                            sentence: sentence(c),
                        })
                        .collect(),
                });
            }
        }
        // Reasons Meta gives for the whole ad that no asset carries.
        let named: Vec<String> = out
            .iter()
            .flat_map(|r| r.reasons.iter().map(|x| x.code.clone()))
            .collect();
        let whole: Vec<Reason> = self
            .ad_feedback
            .global
            .iter()
            .filter(|(c, _)| !named.contains(c))
            .map(|(c, s)| Reason {
                code: c.clone(),
                sentence: s.clone(),
            })
            .chain(
                self.ad_feedback
                    .placement_specific
                    .iter()
                    .filter(|(_, c, _)| !named.contains(c))
                    .map(|(p, c, s)| Reason {
                        code: c.clone(),
                        sentence: format!("{s} ({p})"),
                    }),
            )
            .collect();
        if !whole.is_empty() {
            out.push(Rejection {
                asset: None,
                meta_text: None,
                meta_id: None,
                reasons: whole,
            });
        }
        self.rejections = out;
        self.search = [
            self.name.as_str(),
            &self.ad_id,
            &self.adset_id,
            &self.adset_name,
            &self.effective_status,
            self.state.word(),
        ]
        .join("\u{1f}")
        .to_lowercase();
        for j in &self.rejections {
            self.search.push('\u{1f}');
            self.search.push_str(&j.what().to_lowercase());
            self.search.push('\u{1f}');
            self.search.push_str(&j.codes().to_lowercase());
        }
    }
}

/// One ad as a status read brings it: the fields dcw uses, taken out of Graph's answer (a
/// watch of 5,000 ads holds these, not 5,000 JSON trees). Reading never fails: a field of an
/// unexpected type is left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AdRead {
    pub id: Option<String>,
    pub name: Option<String>,
    pub adset_id: Option<String>,
    pub campaign_id: Option<String>,
    pub effective_status: Option<String>,
    pub created_time: Option<String>,
    pub updated_time: Option<String>,
    pub ad_review_feedback: Option<Value>,
    pub issues_info: Option<Value>,
    /// `{"id"}`, or with `asset_feed_spec` when expanded.
    pub creative: Option<Value>,
    /// `{"id", "name", "is_dynamic_creative", "review_feedback"}` as far as asked.
    pub adset: Option<Value>,
    pub campaign: Option<Value>,
}

impl AdRead {
    pub fn from_value(v: Value) -> AdRead {
        let Value::Object(mut m) = v else {
            return AdRead::default();
        };
        let mut s = |k: &str| match m.remove(k) {
            Some(Value::String(s)) => Some(s),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let mut out = AdRead {
            id: s("id"),
            name: s("name"),
            adset_id: s("adset_id"),
            campaign_id: s("campaign_id"),
            effective_status: s("effective_status"),
            created_time: s("created_time"),
            updated_time: s("updated_time"),
            ..AdRead::default()
        };
        out.ad_review_feedback = m.remove("ad_review_feedback");
        out.issues_info = m.remove("issues_info");
        out.creative = m.remove("creative");
        out.adset = m.remove("adset");
        out.campaign = m.remove("campaign");
        out
    }

    /// Not a dynamic-creative ad (its ad set says `is_dynamic_creative: false`).
    pub fn is_dynamic_creative(&self) -> bool {
        self.adset
            .as_ref()
            .and_then(|a| a.get("is_dynamic_creative"))
            .is_none_or(|d| d.as_bool() != Some(false))
    }
}

/// A state change seen by a poll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub ad_id: String,
    pub from: ReviewState,
    pub to: ReviewState,
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(crate::graph::feedback::scalar_text)
}

/// Graph's `2026-11-25T10:00:00+0000` (and every other form the spec reads), in UTC.
pub fn graph_time(s: &str) -> Option<DateTime<Utc>> {
    crate::spec::GraphTime::parse(s).utc()
}

/// Reads `issues_info` leniently: a list of objects; anything else is kept as one raw issue.
pub fn issues_info(v: Option<&Value>) -> Vec<Issue> {
    match v {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| Issue {
                error_code: i.get("error_code").and_then(Value::as_i64),
                error_summary: text(i, "error_summary").unwrap_or_default(),
                error_message: text(i, "error_message").unwrap_or_else(|| {
                    if i.is_object() {
                        String::new()
                    } else {
                        i.to_string()
                    }
                }),
                error_type: text(i, "error_type").unwrap_or_default(),
                level: text(i, "level").unwrap_or_default(),
            })
            .collect(),
        Some(other) => vec![Issue {
            error_code: None,
            error_summary: String::new(),
            error_message: other.to_string(),
            error_type: String::new(),
            level: String::new(),
        }],
    }
}

/// Every watched ad, in the order first seen.
#[derive(Debug, Clone, Default)]
pub struct WatchModel {
    pub rows: Vec<AdRow>,
    index: HashMap<String, usize>,
    /// Every account of the rows, kept as rows are added (the header reads it every frame).
    accounts: std::collections::BTreeSet<String>,
    /// The files the launches' videos and images were uploaded from, by id or hash.
    files: AssetFiles,
}

impl WatchModel {
    pub fn new() -> WatchModel {
        WatchModel::default()
    }

    pub fn get(&self, ad_id: &str) -> Option<&AdRow> {
        self.index.get(ad_id).map(|i| &self.rows[*i])
    }

    pub fn get_mut(&mut self, ad_id: &str) -> Option<&mut AdRow> {
        self.index.get(ad_id).map(|i| &mut self.rows[*i])
    }

    /// Adds an ad to watch (no read yet); returns whether it was new.
    pub fn track(&mut self, ad_id: &str, account: &str, launch_id: Option<&str>) -> bool {
        if let Some(row) = self.get_mut(ad_id) {
            if row.launch_id.is_none() {
                row.launch_id = launch_id.map(str::to_string);
            }
            return false;
        }
        let mut row = AdRow::new(ad_id, account);
        row.launch_id = launch_id.map(str::to_string);
        self.accounts.insert(account.to_string());
        row.map_rejections(&self.files);
        self.index.insert(ad_id.to_string(), self.rows.len());
        self.rows.push(row);
        true
    }

    /// Takes in one ad as Graph read it (`id`, `name`, `adset_id`, `effective_status`,
    /// `ad_review_feedback`, `issues_info`, `creative{id}`…); returns the change, if any.
    pub fn apply_ad(&mut self, account: &str, v: &Value, now: DateTime<Utc>) -> Option<Change> {
        self.apply_read(account, &AdRead::from_value(v.clone()), now)
    }

    /// `apply_ad` for an ad already taken out of the answer.
    pub fn apply_read(&mut self, account: &str, v: &AdRead, now: DateTime<Utc>) -> Option<Change> {
        let id = v.id.clone()?;
        self.track(&id, account, None);
        let i = *self.index.get(&id)?;
        let row = &mut self.rows[i];
        if let Some(n) = &v.name {
            row.name = n.clone();
        }
        let sub = |o: &Option<Value>, k: &str| o.as_ref().and_then(|x| text(x, k));
        if let Some(s) = v.adset_id.clone().or_else(|| sub(&v.adset, "id")) {
            row.adset_id = s;
        }
        if let Some(n) = sub(&v.adset, "name") {
            row.adset_name = n;
        }
        if let Some(s) = v.campaign_id.clone().or_else(|| sub(&v.campaign, "id")) {
            row.campaign_id = s;
        }
        if let Some(c) = sub(&v.creative, "id") {
            if row.creative_id.as_deref() != Some(c.as_str()) {
                row.feed = None;
            }
            row.creative_id = Some(c);
        }
        if let Some(feed) = v.creative.as_ref().and_then(|c| c.get("asset_feed_spec")) {
            row.feed = Some(feed.clone());
        }
        if let Some(t) = &v.created_time {
            row.created_time = graph_time(t);
        }
        let updated = v.updated_time.clone().unwrap_or_default();
        if v.ad_review_feedback.is_some() {
            row.ad_feedback = ad_review_feedback(v.ad_review_feedback.as_ref());
        }
        if let Some(fb) = v.adset.as_ref().and_then(|a| a.get("review_feedback")) {
            row.adset_feedback = review_feedback(Some(fb));
        }
        if v.effective_status.is_some() {
            row.issues = issues_info(v.issues_info.as_ref());
        }
        row.last_checked = Some(now);
        row.last_error = None;
        let mut change = None;
        if let Some(status) = v.effective_status.clone() {
            let state = ReviewState::from_effective_status(&status);
            let edited =
                !updated.is_empty() && !row.updated_time.is_empty() && updated != row.updated_time;
            if state != row.state || (edited && state == ReviewState::InReview) {
                if row.state != ReviewState::Unknown {
                    row.changed = true;
                    change = Some(Change {
                        ad_id: id.clone(),
                        from: row.state,
                        to: state,
                    });
                }
                row.since = Some(if row.state == ReviewState::Unknown {
                    row.created_time.unwrap_or(now)
                } else {
                    now
                });
                if state != ReviewState::Rejected {
                    // A new review: the old ad set feedback no longer applies.
                    row.adset_feedback = review_feedback(None);
                }
            }
            row.state = state;
            row.effective_status = status;
        }
        if !updated.is_empty() {
            row.updated_time = updated;
        }
        row.map_rejections(&self.files);
        change
    }

    /// Takes in the details read for a rejected ad: `adset{name,review_feedback}` and
    /// `creative{id,asset_feed_spec}`.
    pub fn apply_details(&mut self, ad_id: &str, v: &Value) {
        let Some(&i) = self.index.get(ad_id) else {
            return;
        };
        let row = &mut self.rows[i];
        row.details_for = Some(row.updated_time.clone());
        if let Some(a) = v.get("adset") {
            if let Some(n) = text(a, "name") {
                row.adset_name = n;
            }
            if a.get("review_feedback").is_some() {
                row.adset_feedback = review_feedback(a.get("review_feedback"));
            }
        }
        if let Some(c) = v.get("creative") {
            row.learn_creative(c);
        }
        row.map_rejections(&self.files);
    }

    /// Takes in an ad's creative read on its own (`{id, asset_feed_spec}`, for its preview):
    /// its review details are left to the polls.
    pub fn learn_creative(&mut self, ad_id: &str, creative: &Value) {
        let Some(&i) = self.index.get(ad_id) else {
            return;
        };
        let row = &mut self.rows[i];
        row.learn_creative(creative);
        row.map_rejections(&self.files);
    }

    /// Learns which files the launches' videos and images came from (a journal's uploads):
    /// every rejection already mapped is named again with them.
    pub fn learn_files(&mut self, files: AssetFiles) {
        self.files.extend(files);
        for row in &mut self.rows {
            row.map_rejections(&self.files);
        }
    }

    /// The files the launches' videos and images were uploaded from.
    pub fn files(&self) -> &AssetFiles {
        &self.files
    }

    /// A read of this ad failed.
    pub fn failed(&mut self, ad_id: &str, message: &str, fbtrace_id: Option<&str>) {
        if let Some(row) = self.get_mut(ad_id) {
            row.last_error = Some(message.to_string());
            if let Some(t) = fbtrace_id
                && !row.fbtrace_ids.iter().any(|x| x == t)
            {
                row.fbtrace_ids.push(t.to_string());
            }
        }
    }

    /// Counts per state, for the header.
    pub fn counts(&self) -> Vec<(ReviewState, usize)> {
        let mut m: Vec<(ReviewState, usize)> = Vec::new();
        for r in &self.rows {
            match m.iter_mut().find(|(s, _)| *s == r.state) {
                Some((_, n)) => *n += 1,
                None => m.push((r.state, 1)),
            }
        }
        m.sort();
        m
    }

    pub fn accounts(&self) -> Vec<String> {
        self.accounts.iter().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::issues_info;

    #[test]
    fn issues_info_is_read_in_any_shape() {
        let list = issues_info(Some(
            &json!([{"error_code": 1487000, "error_summary": "Link broken", "error_message": "Fix the link", "error_type": "HARD_ERROR", "level": "AD"}]),
        ));
        assert_eq!(list[0].error_code, Some(1487000));
        assert_eq!(list[0].error_summary, "Link broken");
        assert!(issues_info(None).is_empty());
        assert!(issues_info(Some(&Value::Null)).is_empty());
        let odd = issues_info(Some(&json!("not a list")));
        assert_eq!(odd[0].error_message, "\"not a list\"");
        let mixed = issues_info(Some(&json!([7, {"error_message": "x"}])));
        assert_eq!(mixed[0].error_message, "7");
        assert_eq!(mixed[1].error_message, "x");
    }
}
