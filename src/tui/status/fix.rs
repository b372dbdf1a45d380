//! Fixing a rejected ad from the pane: `e` edits the rejected text (checked by the same rules
//! as the wizard), `x` drops an asset, Ctrl+S sends the fix (a new creative, the ad pointed at
//! it; a new ad set and ad when Meta requires one). Nothing typed is lost on a refusal.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::{Value, json};

use super::StatusPane;
use crate::tui::msg::Effect;

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
        let key = if asset.kind == "images" {
            "hash"
        } else {
            text_key(asset.kind)
        };
        self.feed
            .get(asset.kind)
            .and_then(Value::as_array)
            .and_then(|list| {
                list.iter()
                    .position(|v| v.get(key).and_then(Value::as_str) == Some(current.as_str()))
            })
            .map(|i| (i, current))
            .ok_or_else(|| format!("{} is not in the feed any more.", asset.label()))
    }

    /// Starts typing over `asset` (texts and links; an image can only be dropped here).
    pub fn edit(&mut self, asset: &AssetRef) -> Result<(), String> {
        if asset.kind == "images" {
            return Err(
                "An image cannot be typed: x drops it from the feed, or replace it in the wizard."
                    .into(),
            );
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

impl StatusPane {
    /// `e` or `x` on the highlighted rejection of the ad under the cursor.
    pub(super) fn start_fix(&mut self, drop: bool) -> Vec<Effect> {
        let Some(r) = self.current() else {
            return Vec::new();
        };
        let ad_id = r.ad_id.clone();
        if self.fix.as_ref().is_some_and(|f| f.running) {
            self.notice = Some("✗ A fix is being sent; wait for Meta's answer.".into());
            return Vec::new();
        }
        if let Some(f) = &self.fix
            && f.ad_id != ad_id
            && !f.changes.is_empty()
        {
            self.notice = Some(format!(
                "✗ A fix of ad {} is waiting: Ctrl+S sends it, Ctrl+D discards it.",
                f.ad_id
            ));
            return Vec::new();
        }
        let Some(feed) = r.feed.clone() else {
            self.notice =
                Some("✗ The ad's feed has not been read yet; try again in a moment.".into());
            return Vec::new();
        };
        let Some(asset) = self
            .detail
            .and_then(|d| r.rejections.get(d))
            .and_then(|j| j.asset.clone())
        else {
            self.notice = Some(
                "✗ Meta names no asset of this launch here: fix the ad in the wizard or Ads Manager."
                    .into(),
            );
            return Vec::new();
        };
        if self.fix.as_ref().is_none_or(|f| f.ad_id != ad_id) {
            self.fix = Some(FixDraft::new(&ad_id, &feed));
        }
        let Some(f) = &mut self.fix else {
            return Vec::new();
        };
        let outcome = if drop {
            f.drop_asset(&asset).map(|()| {
                format!(
                    "{} dropped. Ctrl+S sends the fix ({}).",
                    asset.label(),
                    f.summary()
                )
            })
        } else {
            f.edit(&asset).map(|()| String::new())
        };
        self.notice = match outcome {
            Ok(s) if s.is_empty() => None,
            Ok(s) => Some(format!("✓ {s}")),
            Err(e) => Some(format!("✗ {e}")),
        };
        Vec::new()
    }

    /// Keys that belong to the fix: typing, Enter, Esc, Ctrl+S, Y, Ctrl+D. `None`: not ours.
    pub(super) fn on_fix_key(&mut self, key: KeyEvent) -> Option<Vec<Effect>> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let f = self.fix.as_mut()?;
        if f.running {
            return None;
        }
        if f.editing.is_some() {
            match key.code {
                KeyCode::Esc => {
                    f.editing = None;
                    f.refusal = None;
                    self.notice = Some("Edit cancelled; the feed is as it was.".into());
                }
                KeyCode::Enter => {
                    if f.commit() {
                        self.notice = Some(format!(
                            "✓ {}. Ctrl+S sends the fix: a new creative, the ad pointed at it.",
                            f.summary()
                        ));
                    }
                }
                _ => {
                    if let Some((_, input)) = &mut f.editing {
                        input.apply_key(key);
                        f.refusal = None;
                    }
                }
            }
            return Some(Vec::new());
        }
        if f.confirm {
            f.confirm = false;
            if key.code == KeyCode::Char('Y') {
                return Some(self.send_fix());
            }
            self.notice = Some("Not sent; the fix is kept (Ctrl+S to send).".into());
            return Some(Vec::new());
        }
        match key.code {
            KeyCode::Char('s') if ctrl => {
                if f.changes.is_empty() {
                    self.notice = Some(
                        "✗ Nothing to send: edit (e) or drop (x) a rejected asset first.".into(),
                    );
                } else {
                    f.confirm = true;
                    self.notice = None;
                }
                Some(Vec::new())
            }
            KeyCode::Char('d') if ctrl => {
                self.fix = None;
                self.notice = Some("Fix discarded.".into());
                Some(Vec::new())
            }
            _ => None,
        }
    }

    fn send_fix(&mut self) -> Vec<Effect> {
        let Some(f) = &mut self.fix else {
            return Vec::new();
        };
        let Some(r) = self.watch.model.get(&f.ad_id) else {
            return Vec::new();
        };
        let Some(creative_id) = r.creative_id.clone() else {
            self.notice = Some("✗ The ad's creative is not known yet.".into());
            return Vec::new();
        };
        f.running = true;
        self.notice = Some(format!("Sending the fix of {} ({})…", r.name, f.summary()));
        vec![Effect::Fix(Box::new(crate::launch::fix::FixRequest {
            account: r.account.clone(),
            ad_id: r.ad_id.clone(),
            ad_name: r.name.clone(),
            adset_id: r.adset_id.clone(),
            campaign_id: r.campaign_id.clone(),
            creative_id,
            feed: f.feed.clone(),
        }))]
    }

    /// The fix came back: the ad (or its replacement) is watched again from the start.
    pub fn fixed(
        &mut self,
        ad_id: &str,
        result: Result<crate::launch::fix::FixOutcome, String>,
    ) -> Vec<Effect> {
        match result {
            Ok(out) => {
                let now = self.clock.now();
                let utc = self.clock.utc_now();
                let what = match &out.new_adset_id {
                    None => format!("ad {} now shows creative {}", out.ad_id, out.creative_id),
                    Some(set) => format!(
                        "Meta wanted a new ad: ad {} in ad set {} with creative {}",
                        out.ad_id, set, out.creative_id
                    ),
                };
                if out.ad_id != ad_id {
                    let account = self
                        .watch
                        .model
                        .get(ad_id)
                        .map(|r| r.account.clone())
                        .unwrap_or_default();
                    self.watch.add(
                        &crate::watch::Target {
                            ad_id: out.ad_id.clone(),
                            account,
                            launch_id: Some(out.journal.id.clone()),
                            launched_at: Some(out.journal.created_at.clone()),
                        },
                        now,
                        utc,
                    );
                }
                self.watch.scheduler.poke(&out.ad_id, now);
                self.fix = None;
                self.detail = None;
                self.notice = Some(format!(
                    "✓ Fix sent (launch {}): {what}. Back in review.",
                    out.journal.id
                ));
                self.reorder();
                self.poll_due(self.wake_generation)
            }
            Err(e) => {
                if let Some(f) = &mut self.fix {
                    f.running = false;
                }
                self.notice = Some(format!(
                    "✗ The fix was not sent: {e}. It is kept; Ctrl+S tries again."
                ));
                Vec::new()
            }
        }
    }
}
