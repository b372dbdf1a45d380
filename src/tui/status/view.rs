//! Drawing the status pane's frame: header with counts and quota, then the screen shown (the
//! table with the detail of the ad under the cursor, or the asset results), the status line,
//! the hint bar of the screen that has the keys, and the help over it. Pure: from the pane to a
//! frame.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub use super::detail::detail_lines;
use super::state::StatusPane;
use super::style::{ago, state_style, typed};
use super::{control, detail, filter, fix, help, results, table};
use crate::spec::text::{fit, sanitize};
use crate::tui::keymap::Pane;
use crate::tui::theme::Theme;
use crate::tui::wrap::wrap;

/// What the header says about the connection: where requests go.
#[derive(Debug, Clone)]
pub struct PaneCtx {
    pub destination: crate::graph::Destination,
}

impl Default for PaneCtx {
    fn default() -> Self {
        PaneCtx {
            destination: crate::graph::Destination::BuiltIn,
        }
    }
}

pub fn draw(pane: &StatusPane, ctx: &PaneCtx, theme: Theme, frame: &mut Frame, area: Rect) {
    draw_with(pane, ctx, theme, frame, area, None);
}

/// Where the asset results go on a pane of this size.
pub fn results_area(pane: &StatusPane, area: Rect) -> Rect {
    let [_, _, table, detail, _, _] = layout(pane, area);
    Rect::new(table.x, table.y, table.width, table.height + detail.height)
}

fn layout(pane: &StatusPane, area: Rect) -> [Rect; 6] {
    let detail_h = detail::height(area, pane.order.len());
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(detail_h),
        Constraint::Length(notice_rows(pane, area.width as usize)),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// [`draw`], with the results' thumbnail drawn by `picture` (the app's picture cache).
pub fn draw_with(
    pane: &StatusPane,
    ctx: &PaneCtx,
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
    picture: Option<results::DrawPicture>,
) {
    let now = pane.now;
    let [header, counts, table, detail, status, hints] = layout(pane, area);
    draw_header(pane, ctx, theme, frame, header, now);
    draw_counts(pane, theme, frame, counts);
    if let Some(view) = &pane.results {
        let both = Rect::new(table.x, table.y, table.width, table.height + detail.height);
        results::draw(pane, view, theme, frame, both, picture);
    } else {
        table::draw(pane, theme, frame, table, now);
        if detail.height > 0 {
            detail::draw(pane, theme, frame, detail);
        }
    }
    draw_status(pane, ctx, theme, frame, status);
    draw_hints(pane, theme, frame, hints);
    if pane.help {
        help::draw(pane, theme, frame, area);
    }
}

fn draw_header(
    pane: &StatusPane,
    ctx: &PaneCtx,
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
    now: DateTime<Utc>,
) {
    let mut spans = vec![Span::styled(" dcw · review ", theme.focus())];
    let label = format!(" {} ", sanitize(&ctx.destination.label()));
    spans.push(if ctx.destination.is_sandbox() {
        Span::styled(
            label,
            theme
                .fg(Color::Yellow)
                .add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    } else {
        Span::styled(label, theme.selected())
    });
    for (account, pct, tier) in pane.usage() {
        let style = if pct >= crate::graph::gate::SLOW_FROM_PCT {
            theme.warn()
        } else {
            Style::new()
        };
        let paused = if pct >= crate::graph::gate::SLOW_FROM_PCT {
            " paused"
        } else {
            ""
        };
        let tier = tier.map_or_else(String::new, |t| format!(" ({t} tier)"));
        spans.push(Span::styled(
            format!(" act_{} quota {pct}%{tier}{paused} ", sanitize(&account)),
            style,
        ));
    }
    let right = match (!pane.in_flight.is_empty(), pane.last_poll) {
        (true, _) => "checking… ".to_string(),
        (false, Some(t)) => format!("checked {} ", ago(Some(t), now)),
        (false, None) => "not checked yet ".to_string(),
    };
    let left: usize = spans.iter().map(|s| s.content.width()).sum();
    if left + right.width() < area.width as usize {
        spans.push(Span::raw(
            " ".repeat(area.width as usize - left - right.width()),
        ));
        spans.push(Span::styled(right, theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_counts(pane: &StatusPane, theme: Theme, frame: &mut Frame, area: Rect) {
    let mut spans = vec![Span::raw(format!(" {} ads ", pane.watch.model.rows.len()))];
    if !pane.filter.is_empty() || pane.filter_input.is_some() {
        // The ad just fixed stays shown though the filter no longer matches it: say so.
        let kept = pane.order.iter().filter(|i| pane.kept_by_pin(**i)).count();
        let also = if kept > 0 {
            ", and the ad just fixed"
        } else {
            ""
        };
        spans.push(Span::styled(
            format!(
                " filter «{}»: {} shown{also} ",
                sanitize(&pane.filter),
                pane.order.len() - kept
            ),
            theme.focus(),
        ));
    }
    for (state, n) in pane.watch.model.counts() {
        spans.push(Span::styled(
            format!(" {} {n} {} ", state.symbol(), state.word()),
            state_style(theme, state),
        ));
    }
    spans.push(Span::styled(
        format!("  sorted by {}", pane.sort.word()),
        theme.dim(),
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_status(pane: &StatusPane, ctx: &PaneCtx, theme: Theme, frame: &mut Frame, area: Rect) {
    let w = area.width as usize;
    let fix = pane.fix.as_ref();
    let line = if let Some((label, input)) = pane.control.as_ref().and_then(|c| c.typing()) {
        let mut spans = vec![Span::styled(label.to_string(), theme.focus())];
        spans.extend(typed(input, w.saturating_sub(label.width()), theme));
        Line::from(spans)
    } else if let Some((asset, input)) = fix.and_then(|f| f.editing.as_ref()) {
        let label = format!("{}: ", sanitize(&asset.label()));
        let mut spans = vec![Span::styled(label.clone(), theme.focus())];
        spans.extend(typed(input, w.saturating_sub(label.width()), theme));
        Line::from(spans)
    } else if let Some(f) = fix.filter(|f| f.confirm) {
        let untouched = pane
            .watch
            .model
            .get(&f.ad_id)
            .map(|r| f.untouched(&r.rejections))
            .unwrap_or_default();
        // Short enough for 80 columns: the warning before the explanation.
        let still = if untouched.is_empty() {
            String::new()
        } else {
            format!(" ✗ Unchanged and still rejected: {}.", untouched.join(", "))
        };
        Line::styled(
            fit(
                &format!(
                    "Send the fix ({}) to {}?{still} A new creative is made for ad {}, and the ad points at it.",
                    f.summary(),
                    ctx.destination.label(),
                    f.ad_id
                ),
                w,
            ),
            theme.warn().add_modifier(Modifier::BOLD),
        )
    } else if let Some(input) = &pane.filter_input {
        let prompt = pane.key(crate::tui::keymap::Action::PaneFilter);
        let mut spans = vec![Span::styled(prompt.clone(), theme.focus())];
        spans.extend(typed(input, w.saturating_sub(prompt.width()), theme));
        Line::from(spans)
    } else {
        let text = pane.notice.clone().unwrap_or_default();
        let style = if text.starts_with('✗') {
            theme.error()
        } else if text.starts_with('✓') {
            theme.ok()
        } else {
            Style::new()
        };
        // A notice too long for one row takes two, so the way it names is read to its end.
        let rows: Vec<Line> = wrap(&text, w)
            .into_iter()
            .take(notice_rows(pane, w) as usize)
            .map(|l| Line::styled(fit(&l, w), style))
            .collect();
        frame.render_widget(Paragraph::new(rows), area);
        return;
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// The rows of the status line: two for a notice wider than the screen, else one; a control's
/// question (what changes and its money, before `Y`) takes every row it needs, up to eight.
fn notice_rows(pane: &StatusPane, width: usize) -> u16 {
    let at_rest = pane
        .fix
        .as_ref()
        .is_none_or(|f| f.editing.is_none() && !f.confirm)
        && pane.filter_input.is_none()
        && pane.control.as_ref().is_none_or(|c| c.typing().is_none());
    let most = if pane.control.is_some() { 8 } else { 2 };
    match &pane.notice {
        Some(n) if at_rest && n.width() > width => (wrap(n, width).len() as u16).clamp(1, most),
        _ => 1,
    }
}

fn draw_hints(pane: &StatusPane, theme: Theme, frame: &mut Frame, area: Rect) {
    let line = match pane.screen() {
        Pane::Editor if pane.control.is_some() => control::typing_hints(pane),
        Pane::Editor => fix::editor_hints(pane),
        Pane::Control => control::hints(pane),
        Pane::Confirm => fix::confirm_hints(pane),
        Pane::Filter => filter::hints(pane),
        Pane::Results => join(results::hints(pane)),
        Pane::Table | Pane::Detail | Pane::Help => {
            draw_entries(theme, frame, area, table::hints(pane, area.width as usize));
            return;
        }
    };
    // One line of keys in place of the bar, cut to the width.
    frame.render_widget(
        Paragraph::new(Line::styled(fit(&line, area.width as usize), theme.focus())),
        area,
    );
}

/// `←→ breakdown · Esc close`.
fn join(entries: Vec<(String, &'static str)>) -> String {
    entries
        .into_iter()
        .map(|(k, w)| format!("{k} {w}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The hint bar: each key highlighted, then its word.
fn draw_entries(theme: Theme, frame: &mut Frame, area: Rect, entries: Vec<(String, &str)>) {
    let mut spans = Vec::new();
    for (keys, word) in entries {
        if !spans.is_empty() {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        spans.push(Span::styled(keys, theme.focus()));
        spans.push(Span::raw(format!(" {word}")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
