//! `n` in the asset results: the next round of the ad's launch (drafted by `watch`), opened in
//! the wizard as a new draft, at its first step with errors, the kept assets in place.

use super::App;
use crate::spec::text::sanitize;
use crate::tui::msg::Effect;

impl App {
    /// The next round came back: on success it becomes the wizard's draft (saved as one) and
    /// the wizard is shown; a failure is said in the status pane.
    pub(super) fn open_next_round(
        &mut self,
        result: Result<crate::watch::NextRound, String>,
    ) -> Vec<Effect> {
        let round = match result {
            Ok(r) => r,
            Err(e) => {
                if let Some(p) = &mut self.status {
                    p.notice = Some(format!("✗ No next round: {}", sanitize(&e)));
                }
                return Vec::new();
            }
        };
        if let Some(p) = &mut self.status {
            p.notice = None;
            p.results = None;
        }
        let now = chrono::Utc::now();
        let kept = round.ranked.iter().filter(|(_, v, _)| v.kept()).count();
        // A fresh wizard (a launched draft's review and history are not this one's), with what
        // it has loaded.
        let ctx = self.model.ctx.clone();
        self.model = crate::tui::model::Model::new(
            round.spec.clone(),
            crate::store::drafts::new_draft_id(now),
            ctx,
            crate::tui::steps::rules,
        );
        self.draft_meta = crate::store::DraftMeta {
            created: Some(now.to_rfc3339()),
            ..Default::default()
        };
        self.show_status = false;
        self.open_with_errors();
        self.notice = Some(format!(
            "Next round: kept {kept} of {} assets (top {} per kind by cost per {}); add new ones in Assets, then submit",
            round.ranked.len(),
            round.rule.keep,
            round.result,
        ));
        let mut fx = vec![
            Effect::ScheduleSave,
            Effect::LoadAccounts,
            Effect::LoadPages,
        ];
        fx.extend(self.image_reads());
        if let Some(d) = self.account_digits() {
            self.ctx.pixels_for = d.clone();
            fx.push(Effect::LoadPixels(d));
        }
        fx
    }
}
