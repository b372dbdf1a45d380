//! The fix being prepared for a rejected ad: its feed, what changed, the text being typed;
//! each change checked by the same rules as the wizard. Nothing typed is lost on a refusal.

use serde_json::{Value, json};

use crate::spec::{Facts, Finding, LaunchSpec, Severity};
use crate::tui::text::TextField;
use crate::watch::assets::AssetRef;

/// A fix being prepared for one ad.
#[derive(Debug, Clone, PartialEq)]
pub struct FixDraft {
    pub ad_id: String,
    /// The feed as it will be sent.
    pub feed: Value,
    /// What changed, for the buyer: `Body 2 edited`, `Title 2 dropped`.
    pub changes: Vec<String>,
    /// Each asset changed: its new text, or `None` when dropped.
    pub edits: Vec<(AssetRef, Option<String>)>,
    /// The asset being typed, and its text so far.
    pub editing: Option<(AssetRef, TextField)>,
    /// Why the typed text cannot be kept yet (it stays in the editor).
    pub refusal: Option<String>,
    /// Waiting for `Y` to send.
    pub confirm: bool,
    /// Sent; waiting for the answer.
    pub running: bool,
}

/// The key under which a kind keeps its text.
fn text_key(kind: &str) -> &'static str {
    if kind == "link_urls" {
        "website_url"
    } else {
        "text"
    }
}

/// The errors of the feed by the spec's rules (only those about the feed).
pub fn feed_errors(feed: &Value) -> Vec<Finding> {
    let spec: LaunchSpec =
        match serde_json::from_value(json!({"creative": {"asset_feed_spec": feed}})) {
            Ok(s) => s,
            Err(e) => {
                return vec![Finding {
                    path: "creative.asset_feed_spec".into(),
                    severity: Severity::Error,
                    code: "feed.unreadable",
                    message: format!("The feed cannot be read: {e}"),
                    hint: None,
                    file_hint: false,
                }];
            }
        };
    crate::spec::validate(&spec, &Facts::at(chrono::Utc::now()))
        .into_iter()
        .filter(|f| f.is_error() && f.path.starts_with("creative.asset_feed_spec"))
        .collect()
}

fn errors_at(feed: &Value, kind: &str, index: Option<usize>) -> Vec<String> {
    let base = format!("creative.asset_feed_spec.{kind}");
    let exact = index.map(|i| format!("{base}[{i}]"));
    feed_errors(feed)
        .into_iter()
        .filter(|f| match &exact {
            Some(p) => f.path == *p || f.path.starts_with(&format!("{p}.")),
            None => f.path == base || f.path.starts_with(&format!("{base}[")),
        })
        .map(|f| f.message)
        .collect()
}

impl FixDraft {
    pub fn new(ad_id: &str, feed: &Value) -> FixDraft {
        FixDraft {
            ad_id: ad_id.to_string(),
            feed: feed.clone(),
            changes: Vec::new(),
            edits: Vec::new(),
            editing: None,
            refusal: None,
            confirm: false,
            running: false,
        }
    }

    /// Where `asset` is in the feed now, with its current text. Found by content, never by
    /// its first position: a drop moves the others.
    fn locate(&self, asset: &AssetRef) -> Result<(usize, String), String> {
        let current = match self.edit_of(asset) {
            Some(None) => return Err(format!("{} was dropped from this fix.", asset.label())),
            Some(Some(t)) => t.to_string(),
            None => asset.text.clone(),
        };
        let key = match asset.kind {
            "images" => "hash",
            "videos" => "video_id",
            kind => text_key(kind),
        };
        self.feed
            .get(asset.kind)
            .and_then(Value::as_array)
            .and_then(|list| {
                list.iter().position(|v| {
                    v.get(key)
                        .and_then(crate::graph::feedback::scalar_text)
                        .as_deref()
                        == Some(current.as_str())
                })
            })
            .map(|i| (i, current))
            .ok_or_else(|| format!("{} is not in the feed any more.", asset.label()))
    }

    /// Starts typing over `asset` (texts and links; an image or a video can only be dropped
    /// here).
    ///
    /// Replacing a video by another local file is not done here yet: it needs the fix to
    /// upload the file first (the launch's resumable `video:<file>` step, issue 17's upload
    /// part). The hook for it: put `{"file": <path>}` in place of the video's entry in
    /// `self.feed`, as a spec writes it, and have `launch::fix::run_fix` upload every feed
    /// video with a `file` (journal key `video:<file>`) before its `creative` step, replacing
    /// `file` with the `video_id` (and the thumbnail as a launch does).
    pub fn edit(&mut self, asset: &AssetRef) -> Result<(), String> {
        if asset.kind == "images" {
            return Err("An image cannot be typed; it can only be dropped from the feed.".into());
        }
        if asset.kind == "videos" {
            return Err("A video cannot be typed; it can only be dropped from the feed.".into());
        }
        let (_, current) = self.locate(asset)?;
        self.editing = Some((asset.clone(), TextField::new(&current, false)));
        self.refusal = None;
        Ok(())
    }

    /// Keeps the typed text when the rules allow it; else says why and keeps typing.
    pub fn commit(&mut self) -> bool {
        let Some((asset, input)) = self.editing.clone() else {
            return false;
        };
        let at = match self.locate(&asset) {
            Ok((at, _)) => at,
            Err(e) => {
                self.refusal = Some(e);
                return false;
            }
        };
        let mut next = self.feed.clone();
        if let Some(item) = next
            .get_mut(asset.kind)
            .and_then(|l| l.get_mut(at))
            .and_then(Value::as_object_mut)
        {
            item.insert(
                text_key(asset.kind).into(),
                Value::String(input.text().trim().to_string()),
            );
        }
        let errors = errors_at(&next, asset.kind, Some(at));
        if let Some(e) = errors.first() {
            self.refusal = Some(format!("{}: {e}", asset.label()));
            return false;
        }
        if input.text().trim() == asset.text.trim() {
            self.refusal = Some(format!(
                "{} is unchanged: Meta would reject it again.",
                asset.label()
            ));
            return false;
        }
        self.feed = next;
        self.forget_change(&asset);
        self.changes.push(format!("{} edited", asset.label()));
        self.edits.retain(|(a, _)| a != &asset);
        self.edits
            .push((asset.clone(), Some(input.text().trim().to_string())));
        self.editing = None;
        self.refusal = None;
        true
    }

    /// Drops `asset` from the feed, unless the feed would break a rule without it.
    pub fn drop_asset(&mut self, asset: &AssetRef) -> Result<(), String> {
        let (pos, _) = self.locate(asset)?;
        let mut next = self.feed.clone();
        if let Some(list) = next.get_mut(asset.kind).and_then(Value::as_array_mut) {
            list.remove(pos);
        }
        let errors = errors_at(&next, asset.kind, None);
        if let Some(e) = errors.first() {
            return Err(format!("{} cannot be dropped: {e}", asset.label()));
        }
        self.feed = next;
        self.forget_change(asset);
        self.changes.push(format!("{} dropped", asset.label()));
        self.edits.retain(|(a, _)| a != asset);
        self.edits.push((asset.clone(), None));
        Ok(())
    }

    /// An asset changed again is listed once, as it is now.
    fn forget_change(&mut self, asset: &AssetRef) {
        let label = format!("{} ", asset.label());
        self.changes.retain(|c| !c.starts_with(&label));
    }

    /// What the fix does to `asset`: `Some(Some(text))` edited, `Some(None)` dropped.
    pub fn edit_of(&self, asset: &AssetRef) -> Option<Option<&str>> {
        self.edits
            .iter()
            .find(|(a, _)| a == asset)
            .map(|(_, t)| t.as_deref())
    }

    /// `Body 2 edited, Title 2 dropped`.
    pub fn summary(&self) -> String {
        self.changes.join(", ")
    }

    /// The rejected assets of the ad this fix leaves as they were (`Link 1`): sent so, they
    /// would most likely be rejected again, a whole review lost.
    pub fn untouched(&self, rejections: &[crate::watch::model::Rejection]) -> Vec<String> {
        let mut out: Vec<String> = rejections
            .iter()
            .filter_map(|r| r.asset.as_ref())
            .filter(|a| {
                !self
                    .edits
                    .iter()
                    .any(|(e, _)| e.kind == a.kind && e.index == a.index)
            })
            .map(AssetRef::label)
            .collect();
        let mut seen = std::collections::HashSet::new();
        out.retain(|l| seen.insert(l.clone()));
        out
    }
}
