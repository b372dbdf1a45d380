//! The asset results screen of one ad: per breakdown (bodies, titles, images…), each asset's
//! impressions, clicks, CTR, spend in the account's money, CPC and CPM (when wide enough), the
//! goal's results and cost per result, best first (`watch::results::ordered`), with the date
//! range and an optional second breakdown (age, gender); the asset under the cursor in a
//! detail with a thumbnail of its image where the picture cache can draw one, and the
//! significance hint. Its keys (←→ breakdown, ↑↓ asset, `t` range, `g` age/gender, Esc/r/q
//! close), its drawing and its hints.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::state::StatusPane;
use super::state::results::ResultsView;
use crate::spec::group_thousands;
use crate::spec::text::{fit, sanitize};
use crate::tui::keymap::{Action, Pane};
use crate::tui::msg::Effect;
use crate::tui::preview::PreviewKey;
use crate::tui::theme::Theme;
use crate::watch::Results;
use crate::watch::results::{AssetLine, MIN_IMPRESSIONS, money, rank_by_cost_per_result};

/// Draws a picture (the app's picture cache) in a rectangle.
pub type DrawPicture<'a> = &'a dyn Fn(&mut Frame, &PreviewKey, Rect);

/// The hint bar of the results: `←→ breakdown · ↑↓ move · t range · g age/gender · Esc close`.
pub fn hints(pane: &StatusPane) -> Vec<(String, &'static str)> {
    let keys = &pane.keys;
    let mut out = keys.hints(
        Pane::Results,
        &[
            Action::PrevBreakdown,
            Action::Up,
            Action::ResultsRange,
            Action::ResultsSplit,
            Action::NextRound,
        ],
    );
    for a in [Action::Back, Action::Quit] {
        let k = keys.first(a, Pane::Results);
        if !k.is_empty() {
            out.push((k, "close"));
        }
    }
    out
}

impl StatusPane {
    fn load_results(&self, query: crate::watch::ResultsQuery) -> Effect {
        let view = self.results.as_ref();
        let row = view.and_then(|v| self.watch.model.get(&v.ad_id));
        let (ad_id, account) = row
            .map(|r| (r.ad_id.clone(), r.account.clone()))
            .unwrap_or_default();
        Effect::LoadResults {
            ad_id,
            account,
            query,
            context: view.and_then(|v| v.context.clone()).map(Box::new),
            files: Box::new(self.watch.model.files().clone()),
        }
    }

    /// `r` in the table: the asset results of the ad under the cursor.
    pub(super) fn open_results(&mut self) -> Vec<Effect> {
        let Some(r) = self.current() else {
            return Vec::new();
        };
        let mut view = ResultsView::new(&r.ad_id, r.feed.as_ref());
        let q = view.needs_load();
        self.results = Some(view);
        q.map(|q| self.load_results(q)).into_iter().collect()
    }

    /// An action on the results screen: close (Esc, r, q), another breakdown (←→), another
    /// asset (↑↓), the next date range (`t`), by age or gender (`g`).
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
            Action::ResultsRange => view.next_range(),
            Action::ResultsSplit => view.next_split(),
            Action::Up | Action::Down => {
                view.move_cursor(action == Action::Down);
                None
            }
            _ => None,
        };
        load.map(|q| self.load_results(q)).into_iter().collect()
    }

    /// Results of one breakdown came back (with what the ad is read with): the feed is kept on
    /// the ad (read once), and the view's tabs follow it.
    pub fn results_loaded(
        &mut self,
        ad_id: &str,
        query: crate::watch::ResultsQuery,
        result: Result<Results, String>,
    ) {
        let feed = result.as_ref().ok().and_then(|r| r.context.feed.clone());
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
        view.loaded(query, result);
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

/// Where the results go: the list, the detail of the asset under the cursor, and its thumbnail
/// (when the screen is tall and wide enough for one).
pub struct Areas {
    pub list: Rect,
    pub detail: Rect,
    pub thumb: Rect,
}

/// Splits the results' area: the detail takes the last 6 rows when there are at least 18; the
/// thumbnail the detail's right 20 to 28 columns when the area is at least 100 wide.
pub fn areas(area: Rect) -> Areas {
    let detail_h = if area.height >= 18 { 6 } else { 0 };
    let list = Rect::new(area.x, area.y, area.width, area.height - detail_h);
    let detail = Rect::new(area.x, area.y + list.height, area.width, detail_h);
    let thumb_w = if area.width >= 100 && detail_h > 0 {
        (area.width / 5).clamp(20, 28)
    } else {
        0
    };
    let thumb = Rect::new(
        detail.x + detail.width - thumb_w,
        detail.y + 1,
        thumb_w,
        detail_h.saturating_sub(1),
    );
    Areas {
        list,
        detail: Rect::new(detail.x, detail.y, detail.width - thumb_w, detail_h),
        thumb,
    }
}

/// The thumbnail the results show now, with where: the image under the cursor, when the launch
/// that uploaded it left its file on this machine and there is room.
pub fn thumbnail(pane: &StatusPane, area: Rect) -> Option<(PreviewKey, Rect)> {
    let view = pane.results.as_ref()?;
    let a = view.shown()?.assets.get(view.cursor)?;
    if a.asset.map(|(k, _)| k) != Some("images") {
        return None;
    }
    let path = pane.watch.model.files().path(a.media_id.as_deref()?)?;
    let thumb = areas(area).thumb;
    (thumb.width > 0 && thumb.height > 0 && path.is_file()).then(|| {
        let key = PreviewKey {
            file: path.to_string_lossy().to_string(),
            crop: None,
            shape: None,
            cells: (thumb.width, thumb.height),
        };
        (key, thumb)
    })
}

/// The results view: the breakdowns as tabs, the range, then each asset best first, the
/// detail of the one under the cursor (its thumbnail drawn by `picture`, when given).
pub fn draw(
    pane: &StatusPane,
    view: &ResultsView,
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
    picture: Option<DrawPicture>,
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
        fit(
            &format!(" Asset results · {} · ad {}", sanitize(&name), view.ad_id),
            w,
        ),
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
    lines.push(Line::styled(fit(&range_line(view), w), theme.dim()));
    let parts = areas(area);
    let list_h = parts.list.height as usize;
    lines.extend(body(
        pane,
        view,
        theme,
        w,
        list_h.saturating_sub(lines.len()),
    ));
    let lines: Vec<Line> = lines.into_iter().take(list_h).collect();
    frame.render_widget(Paragraph::new(lines), parts.list);
    if parts.detail.height > 0 {
        // The detail is as wide as the area unless a thumbnail is drawn beside it.
        let thumb = picture.and_then(|draw| Some((draw, thumbnail(pane, area)?)));
        let d_area = match thumb {
            Some(_) => parts.detail,
            None => Rect {
                width: area.width,
                ..parts.detail
            },
        };
        let d = detail(view, theme, d_area.width as usize);
        frame.render_widget(Paragraph::new(d), d_area);
        if let Some((draw, (key, r))) = thumb {
            draw(frame, &key, r);
        }
    }
}

/// ` Last 7 days (…) · by age · OFFSITE_CONVERSIONS: purchases · in USD`.
fn range_line(view: &ResultsView) -> String {
    let shown = view.shown();
    let range = shown.map_or_else(|| view.range.label(), Results::range_label);
    let mut parts = vec![format!(" {}", sanitize(&range))];
    if let Some(s) = view.split {
        parts.push(format!("by {}", s.word()));
    }
    if let Some(c) = &view.context {
        let goal = c.goal.as_deref().unwrap_or("goal unknown");
        let words = c.action.map_or("ranked by CTR", |a| a.plural);
        parts.push(format!("{}: {words}", sanitize(goal)));
        if let Some(cur) = &c.currency {
            parts.push(format!("in {}", cur.code()));
        }
    }
    parts.join(" · ")
}

/// Money in the table: with its symbol, without the code the range line names once.
fn cell_money(minor: Option<i64>, r: &Results) -> String {
    let Some(m) = minor else {
        return "—".to_string();
    };
    let cur = r.context.currency.as_ref();
    let text = money(m, cur);
    match cur {
        Some(c) => text
            .strip_suffix(&format!(" {}", c.code()))
            .map_or(text.clone(), str::to_string),
        None => text,
    }
}

/// The columns the width allows: CPC and CPM from 110 columns.
fn wide(w: usize) -> bool {
    w >= 110
}

fn row_text(l: &AssetLine, label: &str, label_w: usize, r: &Results, w: usize) -> String {
    let label = fit(label, label_w);
    let pad = " ".repeat(label_w.saturating_sub(label.width()));
    let results = l
        .results
        .map_or_else(|| "—".into(), |n| group_thousands(u128::from(n)));
    let mut s = format!(
        "{label}{pad} {:>9} {:>6} {:>6.2}% {:>11}",
        group_thousands(u128::from(l.impressions)),
        group_thousands(u128::from(l.clicks)),
        l.ctr(),
        cell_money(Some(l.spend_minor), r),
    );
    if wide(w) {
        s.push_str(&format!(
            " {:>9} {:>9}",
            cell_money(l.cpc(), r),
            cell_money(l.cpm(), r)
        ));
    }
    s.push_str(&format!(
        " {results:>9} {:>11}",
        cell_money(l.cost_per_result(), r)
    ));
    s
}

/// The breakdown shown: reading, failed, empty, or each asset best first (and its bands).
fn body(
    pane: &StatusPane,
    view: &ResultsView,
    theme: Theme,
    w: usize,
    room: usize,
) -> Vec<Line<'static>> {
    use crate::tui::load::Load;
    use crate::watch::insights::title;
    let mut lines = Vec::new();
    let r = match view.data.get(view.breakdown_name()) {
        None | Some(Load::Loading) => {
            return vec![Line::styled("  Reading insights…", theme.dim())];
        }
        Some(Load::Failed(e)) => {
            return vec![Line::styled(
                fit(&format!("  ✗ {}", sanitize(e)), w),
                theme.error(),
            )];
        }
        Some(Load::Ready(r)) => r,
    };
    if r.assets.is_empty() {
        let state = pane.watch.model.get(&view.ad_id).map(|r| r.state);
        let text = match state {
            Some(crate::watch::ReviewState::Approved) => format!(
                "  No results for {} in this range: the feed has none, or nothing delivered.",
                title(view.breakdown_name()).to_lowercase()
            ),
            Some(s) => format!("  No results: the ad does not deliver ({}).", s.word()),
            None => "  No results.".to_string(),
        };
        return vec![Line::styled(fit(&text, w), theme.dim())];
    }
    // The columns after the label, and the cursor's mark before it.
    let fixed = if wide(w) { 79 } else { 59 };
    let label_w = w.saturating_sub(fixed + 2).max(10);
    let (plural, singular) = view
        .context
        .as_ref()
        .and_then(|c| c.action)
        .map_or(("RESULTS", "RESULT"), |a| (a.plural, a.singular));
    let mut head = format!(
        "  {:<label_w$} {:>9} {:>6} {:>7} {:>11}",
        "ASSET", "IMPR.", "CLICKS", "CTR", "SPEND"
    );
    if wide(w) {
        head.push_str(&format!(" {:>9} {:>9}", "CPC", "CPM"));
    }
    head.push_str(&format!(
        " {:>9} {:>11}",
        fit(&plural.to_uppercase(), 9),
        fit(&format!("PER {}", singular.to_uppercase()), 11)
    ));
    lines.push(Line::styled(head, theme.dim().add_modifier(Modifier::BOLD)));
    // Rows around the cursor when they do not all fit.
    let per_asset = 1 + r.segments.len() / r.assets.len().max(1);
    let fits = room.saturating_sub(1) / per_asset.max(1);
    let first = view.cursor.saturating_sub(fits.saturating_sub(1));
    for (i, a) in r.assets.iter().enumerate().skip(first) {
        let mut label = sanitize(&a.label).to_string();
        if a.impressions < MIN_IMPRESSIONS {
            label.push_str(" (few)");
        }
        let mark = if i == view.cursor { "▶ " } else { "  " };
        let text = format!("{mark}{}", row_text(a, &label, label_w, r, w));
        lines.push(if i == view.cursor {
            Line::styled(fit(&text, w), theme.selected())
        } else if a.impressions < MIN_IMPRESSIONS {
            // Not ranked: too few impressions to tell.
            Line::styled(fit(&text, w), theme.dim())
        } else {
            Line::raw(fit(&text, w))
        });
        for s in r
            .segments
            .iter()
            .filter(|s| s.label == a.label && s.asset == a.asset)
        {
            let seg = format!("  · {}", sanitize(s.segment.as_deref().unwrap_or("")));
            let text = format!("  {}", row_text(s, &seg, label_w, r, w));
            lines.push(Line::styled(fit(&text, w), theme.dim()));
        }
    }
    lines
}

/// The asset under the cursor in words: its name and file, every number, its rank for a next
/// round, and the significance hint.
fn detail(view: &ResultsView, theme: Theme, w: usize) -> Vec<Line<'static>> {
    let Some(r) = view.shown() else {
        return Vec::new();
    };
    let Some(a) = r.assets.get(view.cursor) else {
        return Vec::new();
    };
    let cur = r.context.currency.as_ref();
    let rule = format!("── {} ", sanitize(&a.label));
    let rule_w = rule.width();
    let mut lines = vec![Line::styled(
        fit(
            &format!("{rule}{}", "─".repeat(w.saturating_sub(rule_w))),
            w,
        ),
        theme.focus(),
    )];
    let mut said = vec![format!(
        " {} impressions · {} clicks · CTR {:.2}% · spend {}",
        group_thousands(u128::from(a.impressions)),
        group_thousands(u128::from(a.clicks)),
        a.ctr(),
        money(a.spend_minor, cur)
    )];
    let dash = |m: Option<i64>| m.map_or_else(|| "—".to_string(), |m| money(m, cur));
    let mut costs = format!(" CPC {} · CPM {}", dash(a.cpc()), dash(a.cpm()));
    if let (Some(n), Some(act)) = (a.results, r.context.action) {
        costs.push_str(&format!(
            " · {} {} · {} per {}",
            group_thousands(u128::from(n)),
            act.plural,
            dash(a.cost_per_result()),
            act.singular
        ));
    }
    said.push(costs);
    let ranked = rank_by_cost_per_result(&r.assets, MIN_IMPRESSIONS);
    let place = ranked.iter().position(|i| *i == view.cursor);
    said.push(match (place, &a.file) {
        (Some(p), file) => format!(
            " ranked {} of {} for a next round{}",
            p + 1,
            ranked.len(),
            file.as_deref()
                .map_or(String::new(), |f| format!(" · file {}", sanitize(f)))
        ),
        (None, _) => format!(
            " not ranked: under {} impressions",
            group_thousands(u128::from(MIN_IMPRESSIONS))
        ),
    });
    lines.extend(said.into_iter().map(|s| Line::raw(fit(&s, w))));
    if let Some(s) = &r.significance {
        let text = sanitize(&s.sentence()).to_string();
        let style = match s.verdict {
            crate::watch::results::Verdict::Differs { .. } => theme.ok(),
            _ => theme.dim(),
        };
        for l in crate::tui::wrap::wrap(&text, w.saturating_sub(1)) {
            lines.push(Line::styled(format!(" {l}"), style));
        }
    }
    lines
}
