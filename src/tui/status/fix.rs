//! Fixing a rejected ad from the pane: `e` edits the rejected text (checked by the same rules
//! as the wizard), `x` drops an asset, Ctrl+S sends the fix (a new creative, the ad pointed at
//! it; a new ad set and ad when Meta requires one), `Y` confirms. The fix editor's and the
//! confirmation's keys and hints. Nothing typed is lost on a refusal.

use crossterm::event::KeyEvent;

use super::state::StatusPane;
pub use super::state::fix::FixDraft;
use crate::tui::keymap::{Action, Pane};
use crate::tui::msg::Effect;

/// The hint line while the new text is typed: `type the new text · Enter keep (checked) · Esc
/// cancel`.
pub fn editor_hints(pane: &StatusPane) -> String {
    format!(
        "type the new text · {} keep (checked) · {} cancel",
        pane.keys.first(Action::Keep, Pane::Editor),
        pane.keys.first(Action::Back, Pane::Editor)
    )
}

/// The hint line of the confirmation: `Y (uppercase) send the fix · any other key cancel`.
pub fn confirm_hints(pane: &StatusPane) -> String {
    let key = pane.keys.first(Action::ConfirmFix, Pane::Confirm);
    let upper = if key.chars().count() == 1 && key.chars().all(|c| c.is_uppercase()) {
        " (uppercase)"
    } else {
        ""
    };
    format!("{key}{upper} send the fix · any other key cancel")
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
                "✗ A fix of ad {} is waiting: {} sends it, {} discards it.",
                f.ad_id,
                self.key(Action::SendFix),
                self.key(Action::DiscardFix)
            ));
            return Vec::new();
        }
        let Some(asset) = self
            .detail
            .and_then(|d| r.rejections.get(d))
            .and_then(|j| j.asset.clone())
        else {
            if r.state == crate::watch::ReviewState::Rejected && r.rejections.is_empty() {
                self.notice = Some(
                    "✗ Meta has not said which asset it rejected yet; the detail shows it once read."
                        .into(),
                );
                return Vec::new();
            }
            // A launched draft cannot be changed in the wizard: Ads Manager edits the ad itself.
            let what = if r.rejections.is_empty() {
                "Meta names no rejected asset here"
            } else {
                "Meta names no asset of this launch here"
            };
            self.notice = Some(format!(
                "✗ {what}: the pane cannot fix it. Edit the ad in Ads Manager ({} copies its link), or relaunch with `dcw open --new SPEC`.",
                self.key(Action::CopyLink)
            ));
            return Vec::new();
        };
        let Some(feed) = r.feed.clone() else {
            self.notice =
                Some("✗ The ad's feed has not been read yet; try again in a moment.".into());
            return Vec::new();
        };
        if matches!(asset.kind, "images" | "videos") && !drop {
            let what = if asset.kind == "videos" {
                "A video"
            } else {
                "An image"
            };
            self.notice = Some(format!(
                "✗ {what} cannot be typed: {} drops it from the feed; to replace it, edit the ad in Ads Manager ({} copies its link).",
                self.key(Action::Drop),
                self.key(Action::CopyLink)
            ));
            return Vec::new();
        }
        if self.fix.as_ref().is_none_or(|f| f.ad_id != ad_id) {
            self.fix = Some(FixDraft::new(&ad_id, &feed));
        }
        let send = self.key(Action::SendFix);
        let Some(f) = &mut self.fix else {
            return Vec::new();
        };
        let outcome = if drop {
            f.drop_asset(&asset).map(|()| {
                format!(
                    "{} dropped. {send} sends the fix ({}).",
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

    /// A key while the new text of an asset is typed: Enter keeps it (checked), Esc cancels,
    /// the rest types.
    pub(super) fn on_editor_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let action = self.keys.action(&key, Pane::Editor);
        let send = self.key(Action::SendFix);
        let Some(f) = self.fix.as_mut() else {
            return Vec::new();
        };
        match action {
            Some(Action::Back) => {
                f.editing = None;
                f.refusal = None;
                self.notice = Some("Edit cancelled; the feed is as it was.".into());
            }
            Some(Action::Keep) => {
                if f.commit() {
                    self.notice = Some(format!(
                        "✓ {}. {send} sends the fix: a new creative, the ad pointed at it.",
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
        Vec::new()
    }

    /// A key while the sending is asked about: `Y` sends, any other key cancels.
    pub(super) fn on_confirm_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let send = self.keys.action(&key, Pane::Confirm) == Some(Action::ConfirmFix);
        let Some(f) = self.fix.as_mut() else {
            return Vec::new();
        };
        f.confirm = false;
        if send {
            return self.send_fix();
        }
        self.notice = Some(format!(
            "Not sent; the fix is kept ({} to send).",
            self.key(Action::SendFix)
        ));
        Vec::new()
    }

    /// Ctrl+S (ask to send the fix) or Ctrl+D (discard it) in the table, the detail or the
    /// results.
    pub(super) fn on_fix_action(&mut self, action: Action) -> Vec<Effect> {
        let Some(f) = self.fix.as_mut().filter(|f| !f.running) else {
            if action == Action::SendFix && self.results.is_none() {
                self.notice = Some(format!(
                    "✗ No fix to send: open a rejected ad ({}), pick the asset, {} edit or {} drop.",
                    self.key(Action::Detail),
                    self.key(Action::Edit),
                    self.key(Action::Drop)
                ));
            }
            return Vec::new();
        };
        match action {
            Action::SendFix if f.changes.is_empty() => {
                self.notice = Some(format!(
                    "✗ Nothing to send: edit ({}) or drop ({}) a rejected asset first.",
                    self.key(Action::Edit),
                    self.key(Action::Drop)
                ));
            }
            Action::SendFix => {
                f.confirm = true;
                self.notice = None;
            }
            Action::DiscardFix => {
                self.fix = None;
                self.notice = Some("Fix discarded.".into());
            }
            _ => {}
        }
        Vec::new()
    }

    fn send_fix(&mut self) -> Vec<Effect> {
        let Some(f) = &mut self.fix else {
            return Vec::new();
        };
        let Some(r) = self.watch.model.get(&f.ad_id) else {
            return Vec::new();
        };
        let Some(creative_id) = r.creative_id.clone() else {
            self.notice = Some(format!(
                "✗ The ad's creative is not known yet: {} reads the ad again.",
                self.key(Action::Poll)
            ));
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
                self.detail_scroll = None;
                self.notice = Some(format!(
                    "✓ Fix sent (launch {}): {what}. Back in review.",
                    out.journal.id
                ));
                // The fixed ad (or its replacement) stays under the cursor and on screen,
                // whatever the filter, until the cursor leaves it.
                self.pinned = Some(out.ad_id.clone());
                self.reorder();
                self.select_ad(&out.ad_id);
                self.poll_due(self.wake_generation)
            }
            Err(e) => {
                if let Some(f) = &mut self.fix {
                    f.running = false;
                }
                self.notice = Some(format!(
                    "✗ The fix was not sent: {e}. It is kept; {} tries again.",
                    self.key(Action::SendFix)
                ));
                Vec::new()
            }
        }
    }
}
