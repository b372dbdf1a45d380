//! Asset results for one ad: per breakdown (bodies, titles, images…), each asset's
//! impressions, clicks, CTR and spend, best first, with a bar, from the insights breakdowns.

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::StatusPane;
use crate::spec::text::fit;
use crate::tui::load::Load;
use crate::tui::msg::Effect;
use crate::tui::theme::Theme;
use crate::watch::insights::{AssetResult, breakdowns_for};

/// The results view of one ad.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultsView {
    pub ad_id: String,
    /// The breakdowns shown as tabs: those the ad's feed can have rows for.
    pub breakdowns: Vec<&'static str>,
    /// Index into `breakdowns`.
    pub breakdown: usize,
    /// What each breakdown read gave, by breakdown.
    pub data: HashMap<&'static str, Load<Vec<AssetResult>>>,
    /// The tabs were chosen knowing the ad's feed (else every breakdown, until it is read).
    pub feed_known: bool,
}

impl ResultsView {
    /// The view of `ad_id`, whose feed (when known) decides the tabs.
    pub fn new(ad_id: &str, feed: Option<&serde_json::Value>) -> ResultsView {
        ResultsView {
            ad_id: ad_id.to_string(),
            breakdowns: breakdowns_for(feed),
            breakdown: 0,
            data: HashMap::new(),
            feed_known: feed.is_some(),
        }
    }

    /// The ad's feed became known: the tabs follow it, the one shown stays shown when it is
    /// still a tab.
    fn feed_read(&mut self, feed: &serde_json::Value) {
        if self.feed_known {
            return;
        }
        let shown = self.breakdown_name();
        self.breakdowns = breakdowns_for(Some(feed));
        self.breakdown = self
            .breakdowns
            .iter()
            .position(|b| *b == shown)
            .unwrap_or(0);
        self.feed_known = true;
    }

    pub fn breakdown_name(&self) -> &'static str {
        self.breakdowns[self.breakdown]
    }

    /// Moves to the next (or previous) breakdown; returns it when it still needs loading.
    pub fn step(&mut self, forward: bool) -> Option<usize> {
        let n = self.breakdowns.len();
        self.breakdown = if forward {
            (self.breakdown + 1) % n
        } else {
            (self.breakdown + n - 1) % n
        };
        self.needs_load()
    }

    /// The breakdown shown, when it has not been asked for yet (marked as loading).
    pub fn needs_load(&mut self) -> Option<usize> {
        let name = self.breakdown_name();
        if self.data.contains_key(name) {
            return None;
        }
        self.data.insert(name, Load::Loading);
        Some(self.breakdown)
    }
}

impl StatusPane {
    pub(super) fn load_results(&self, breakdown: usize) -> Effect {
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

    pub(super) fn on_results_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(view) = &mut self.results else {
            return Vec::new();
        };
        let load = match key.code {
            KeyCode::Esc | KeyCode::Char('r') | KeyCode::Char('q') => {
                self.results = None;
                None
            }
            KeyCode::Right | KeyCode::Tab | KeyCode::Char('l') => view.step(true),
            KeyCode::Left | KeyCode::BackTab | KeyCode::Char('h') => view.step(false),
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
pub(super) fn draw(
    pane: &StatusPane,
    view: &ResultsView,
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
) {
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
    let lines: Vec<Line> = lines.into_iter().take(area.height as usize).collect();
    frame.render_widget(Paragraph::new(lines), area);
}
