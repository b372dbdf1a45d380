//! The asset results screen of one ad: per breakdown (bodies, titles, images…), each asset's
//! impressions, clicks, CTR and spend, best first, with a bar, from the insights breakdowns.
//! Its keys (←→ breakdown, Esc/r/q close), its drawing and its hints.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::state::StatusPane;
use super::state::results::ResultsView;
use crate::spec::text::fit;
use crate::tui::keymap::{Action, Pane};
use crate::tui::msg::Effect;
use crate::tui::theme::Theme;

/// The hint bar of the results: `←→ breakdown · Esc close · q close`.
pub fn hints(pane: &StatusPane) -> Vec<(String, &'static str)> {
    let keys = &pane.keys;
    let mut out = keys.hints(Pane::Results, &[Action::PrevBreakdown, Action::NextRound]);
    for a in [Action::Back, Action::Quit] {
        let k = keys.first(a, Pane::Results);
        if !k.is_empty() {
            out.push((k, "close"));
        }
    }
    out
}

impl StatusPane {
    fn load_results(&self, breakdown: usize) -> Effect {
        let (ad_id, account, feed) = match self
            .results
            .as_ref()
            .and_then(|v| self.watch.model.get(&v.ad_id))
        {
            Some(r) => (r.ad_id.clone(), r.account.clone(), r.feed.clone()),
            None => Default::default(),
        };
        let breakdown = self
            .results
            .as_ref()
            .and_then(|v| v.breakdowns.get(breakdown).copied())
            .unwrap_or(crate::watch::insights::BREAKDOWNS[0]);
        Effect::LoadResults {
            ad_id,
            account,
            breakdown,
            feed,
        }
    }

    /// `r` in the table: the asset results of the ad under the cursor.
    pub(super) fn open_results(&mut self) -> Vec<Effect> {
        let Some(r) = self.current() else {
            return Vec::new();
        };
        let mut view = ResultsView::new(&r.ad_id, r.feed.as_ref());
        let b = view.needs_load();
        self.results = Some(view);
        b.map(|b| self.load_results(b)).into_iter().collect()
    }

    /// An action on the results screen: close (Esc, r, q) or another breakdown (←→).
    pub(super) fn on_results_action(&mut self, action: Action) -> Vec<Effect> {
        let Some(view) = &mut self.results else {
            return Vec::new();
        };
        let load = match action {
            Action::Back | Action::Results | Action::Quit => {
                self.results = None;
                None
            }
            Action::NextRound => {
                self.notice = Some("Drafting the next round…".into());
                return vec![Effect::NextRound {
                    ad_id: view.ad_id.clone(),
                }];
            }
            Action::NextBreakdown => view.step(true),
            Action::PrevBreakdown => view.step(false),
            _ => None,
        };
        load.map(|b| self.load_results(b)).into_iter().collect()
    }

    /// Results of one breakdown came back, with the ad's feed when it was read for them: the
    /// feed is kept on the ad (read once), and the view's tabs follow it.
    pub fn results_loaded(
        &mut self,
        ad_id: &str,
        breakdown: &str,
        result: Result<Vec<crate::watch::insights::AssetResult>, String>,
        feed: Option<serde_json::Value>,
    ) {
        // Videos and images by the files the launch uploaded them from.
        let result = result.map(|mut rows| {
            for r in &mut rows {
                r.name_files(self.watch.model.files());
            }
            rows
        });
        if let Some(f) = feed
            && let Some(row) = self.watch.model.get_mut(ad_id)
            && row.feed.is_none()
        {
            row.feed = Some(f);
        }
        let feed = self.watch.model.get(ad_id).and_then(|r| r.feed.clone());
        let Some(view) = &mut self.results else {
            return;
        };
        if view.ad_id != ad_id {
            return;
        }
        let Some(name) = crate::watch::insights::BREAKDOWNS
            .iter()
            .copied()
            .find(|b| *b == breakdown)
        else {
            return;
        };
        view.data.insert(name, crate::tui::load::load(result));
        if let Some(f) = &feed {
            view.feed_read(f);
        }
    }
}

/// A breakdown's tab when the full titles do not fit: `CTAs`, `Formats`.
fn short_title(breakdown: &str) -> &'static str {
    match breakdown {
        "description_asset" => "Descr.",
        "call_to_action_asset" => "CTAs",
        "ad_format_asset" => "Formats",
        other => crate::watch::insights::title(other),
    }
}

/// The results view: the breakdowns as tabs, then each asset best first with a bar.
pub fn draw(pane: &StatusPane, view: &ResultsView, theme: Theme, frame: &mut Frame, area: Rect) {
    use crate::watch::insights::title;
    let w = area.width as usize;
    let name = pane
        .watch
        .model
        .get(&view.ad_id)
        .map(|r| r.name.clone())
        .unwrap_or_default();
    let mut lines = vec![Line::styled(
        fit(&format!(" Asset results · {name} · ad {}", view.ad_id), w),
        theme.focus(),
    )];
    // The full titles when they fit the width, else the short ones.
    let full: usize = 1 + view
        .breakdowns
        .iter()
        .map(|b| title(b).width() + 2)
        .sum::<usize>();
    let name_of = |b: &str| if full <= w { title(b) } else { short_title(b) };
    let mut tabs = vec![Span::raw(" ")];
    for (i, b) in view.breakdowns.iter().enumerate() {
        let t = format!(" {} ", name_of(b));
        tabs.push(if i == view.breakdown {
            Span::styled(t, theme.selected().add_modifier(Modifier::BOLD))
        } else {
            Span::styled(t, theme.dim())
        });
    }
    lines.push(Line::from(tabs));
    lines.push(Line::raw(""));
    lines.extend(body(pane, view, theme, w));
    let lines: Vec<Line> = lines.into_iter().take(area.height as usize).collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// The breakdown shown: reading, failed, empty, or each asset best first with a bar.
fn body(pane: &StatusPane, view: &ResultsView, theme: Theme, w: usize) -> Vec<Line<'static>> {
    use crate::watch::insights::title;
    let mut lines = Vec::new();
    match view.data.get(view.breakdown_name()) {
        None | Some(crate::tui::load::Load::Loading) => {
            lines.push(Line::styled("  Reading insights…", theme.dim()));
        }
        Some(crate::tui::load::Load::Failed(e)) => {
            lines.push(Line::styled(fit(&format!("  ✗ {e}"), w), theme.error()));
        }
        Some(crate::tui::load::Load::Ready(rows)) if rows.is_empty() => {
            let state = pane.watch.model.get(&view.ad_id).map(|r| r.state);
            let text = match state {
                Some(crate::watch::ReviewState::Approved) => format!(
                    "  No results for {}: the feed has none, or nothing delivered yet.",
                    title(view.breakdown_name()).to_lowercase()
                ),
                Some(s) => format!("  No results: the ad does not deliver ({}).", s.word()),
                None => "  No results.".to_string(),
            };
            lines.push(Line::styled(fit(&text, w), theme.dim()));
        }
        Some(crate::tui::load::Load::Ready(rows)) => {
            let label_w = w.saturating_sub(58).clamp(12, 50);
            let bar_w = w.saturating_sub(label_w + 48).min(30);
            let best = rows.iter().map(|r| r.clicks).max().unwrap_or(0).max(1);
            lines.push(Line::styled(
                format!(
                    "  {:<label_w$} {:>11} {:>8} {:>7} {:>10}  CLICKS",
                    "ASSET", "IMPRESSIONS", "CLICKS", "CTR", "SPEND"
                ),
                theme.dim().add_modifier(Modifier::BOLD),
            ));
            for r in rows {
                let bar = "█".repeat(((r.clicks * bar_w as u64) / best) as usize);
                let label = fit(&r.label, label_w);
                let pad = label_w.saturating_sub(label.width());
                lines.push(Line::from(vec![
                    Span::raw(format!(
                        "  {label}{} {:>11} {:>8} {:>6.2}% {:>10}  ",
                        " ".repeat(pad),
                        r.impressions,
                        r.clicks,
                        r.ctr,
                        r.spend
                    )),
                    Span::styled(bar, theme.ok()),
                ]));
            }
        }
    }
    lines
}
