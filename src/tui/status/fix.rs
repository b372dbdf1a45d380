//! Fixing a rejected ad from the pane: `e` edits the rejected text (checked by the same rules
//! as the wizard), `x` drops an asset, Ctrl+S sends the fix (a new creative, the ad pointed at
//! it; a new ad set and ad when Meta requires one). Nothing typed is lost on a refusal.

use serde_json::{Value, json};

use crate::spec::{Facts, Finding, LaunchSpec, Severity};
use crate::tui::text::TextInput;
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
    pub editing: Option<(AssetRef, TextInput)>,
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

    /// Starts typing over `asset` (texts and links; an image can only be dropped here).
    pub fn edit(&mut self, asset: &AssetRef) -> Result<(), String> {
        if asset.kind == "images" {
            return Err(
                "An image cannot be typed: x drops it from the feed, or replace it in the wizard."
                    .into(),
            );
        }
        let current = self.feed[asset.kind][asset.index][text_key(asset.kind)]
            .as_str()
            .unwrap_or(&asset.text)
            .to_string();
        self.editing = Some((asset.clone(), TextInput::new(&current, false)));
        self.refusal = None;
        Ok(())
    }

    /// Keeps the typed text when the rules allow it; else says why and keeps typing.
    pub fn commit(&mut self) -> bool {
        let Some((asset, input)) = self.editing.clone() else {
            return false;
        };
        let mut next = self.feed.clone();
        next[asset.kind][asset.index][text_key(asset.kind)] =
            Value::String(input.text().trim().to_string());
        let errors = errors_at(&next, asset.kind, Some(asset.index));
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
        let mut next = self.feed.clone();
        let Some(list) = next.get_mut(asset.kind).and_then(Value::as_array_mut) else {
            return Err(format!("{} is not in the feed any more.", asset.label()));
        };
        // Find it by its content: earlier drops move the indices.
        let key = if asset.kind == "images" {
            "hash"
        } else {
            text_key(asset.kind)
        };
        let pos = list
            .iter()
            .position(|v| v.get(key).and_then(Value::as_str) == Some(asset.text.as_str()))
            .or_else(|| (asset.index < list.len()).then_some(asset.index))
            .ok_or_else(|| format!("{} is not in the feed any more.", asset.label()))?;
        list.remove(pos);
        let errors = errors_at(&next, asset.kind, None);
        if let Some(e) = errors.first() {
            return Err(format!("{} cannot be dropped: {e}", asset.label()));
        }
        self.feed = next;
        self.changes.push(format!("{} dropped", asset.label()));
        self.edits.retain(|(a, _)| a != asset);
        self.edits.push((asset.clone(), None));
        Ok(())
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
}
