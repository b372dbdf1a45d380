//! Drawing the status pane: header with counts and quota, the table (only the rows on screen
//! are touched, so 5,000 ads draw as fast as 50), the detail of the ad under the cursor, the
//! status line and the hint bar. Pure: from the pane to a frame.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{COMMANDS, StatusPane, ads_manager_link};
use crate::spec::text::{fit, sanitize};
use crate::tui::theme::Theme;
use crate::tui::wrap::wrap;
use crate::watch::{AdRow, ReviewState};

/// What the header says about the connection.
#[derive(Debug, Clone, Default)]
pub struct PaneCtx {
    pub sandbox: bool,
    pub api_version: String,
}

fn state_style(theme: Theme, s: ReviewState) -> Style {
    match s {
        ReviewState::Rejected => theme.error(),
        ReviewState::WithIssues => theme.warn(),
        ReviewState::InReview => theme.fg(Color::Cyan),
        ReviewState::Approved | ReviewState::ApprovedPaused => theme.ok(),
        ReviewState::Gone | ReviewState::Unknown => theme.dim(),
    }
}

/// `12s`, `4m`, `2h`, `3d`.
pub fn short_age(d: chrono::Duration) -> String {
    let s = d.num_seconds().max(0);
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86400 => format!("{}h", s / 3600),
        _ => format!("{}d", s / 86400),
    }
}

fn ago(t: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    t.map_or_else(|| "—".into(), |t| format!("{} ago", short_age(now - t)))
}

pub fn draw(pane: &StatusPane, ctx: &PaneCtx, theme: Theme, frame: &mut Frame, area: Rect) {
    let now = pane.now;
    let base: u16 = if area.height >= 30 {
        12
    } else if area.height >= 20 {
        8
    } else {
        0
    };
    // A short table leaves the rest of the screen to the detail.
    let table_needs = pane.order.len().max(1) as u16 + 1;
    let spare = area.height.saturating_sub(4 + table_needs);
    let detail_h = if base == 0 {
        0
    } else {
        spare.clamp(base, area.height.saturating_sub(8).max(base))
    };
    let [header, counts, table, detail, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(detail_h),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(pane, ctx, theme, frame, header, now);
    draw_counts(pane, theme, frame, counts);
    if let Some(view) = &pane.results {
        let both = Rect::new(table.x, table.y, table.width, table.height + detail.height);
        super::results::draw(pane, view, theme, frame, both);
    } else {
        draw_table(pane, theme, frame, table, now);
        if detail_h > 0 {
            draw_detail(pane, theme, frame, detail, now);
        }
    }
    draw_status(pane, theme, frame, status);
    draw_hints(pane, theme, frame, hints);
    if pane.help {
        draw_help(theme, frame, area);
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
    if ctx.sandbox {
        spans.push(Span::styled(
            " SANDBOX ",
            theme
                .fg(Color::Yellow)
                .add_modifier(Modifier::REVERSED | Modifier::BOLD),
        ));
    } else {
        spans.push(Span::styled(
            format!(" Graph API {} ", ctx.api_version),
            theme.selected(),
        ));
    }
    for (account, pct) in pane.usage() {
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
        spans.push(Span::styled(
            format!(" act_{} quota {pct}%{paused} ", sanitize(&account)),
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
        spans.push(Span::styled(
            format!(
                " filter «{}»: {} shown ",
                sanitize(&pane.filter),
                pane.order.len()
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

/// The first row shown so that the selection is on screen.
pub fn first_row(selected: usize, rows: usize) -> usize {
    if rows == 0 {
        return 0;
    }
    selected.saturating_sub(rows - 1)
}

fn draw_table(pane: &StatusPane, theme: Theme, frame: &mut Frame, area: Rect, now: DateTime<Utc>) {
    let w = area.width as usize;
    if area.height < 2 {
        return;
    }
    // Columns: marker, state (symbol + word), name (flexible), ad id, in state, checked.
    let state_w = 21;
    let id_w = if w >= 100 { 20 } else { 0 };
    let age_w = 9;
    let checked_w = if w >= 70 { 9 } else { 0 };
    let name_w = w
        .saturating_sub(2 + state_w + id_w + age_w + checked_w + 1)
        .max(8);
    let cell = |text: &str, width: usize| -> String {
        if width == 0 {
            return String::new();
        }
        let t = fit(text, width.saturating_sub(1));
        let pad = width.saturating_sub(t.width());
        format!("{t}{}", " ".repeat(pad))
    };
    let mut lines = Vec::with_capacity(area.height as usize);
    lines.push(Line::styled(
        format!(
            "  {}{}{}{}{}",
            cell("STATUS", state_w),
            cell("AD", name_w),
            cell("AD ID", id_w),
            cell("IN STATE", age_w),
            cell("CHECKED", checked_w)
        ),
        theme.dim().add_modifier(Modifier::BOLD),
    ));
    let body = area.height as usize - 1;
    if pane.order.is_empty() {
        let msg = if pane.watch.model.rows.is_empty() {
            if !pane.in_flight.is_empty() || pane.last_poll.is_none() {
                "  Reading the ads…"
            } else {
                "  Nothing watched yet. Launch from the wizard, or run `dcw watch --account act_…`."
            }
        } else {
            "  No ad matches the filter (Esc clears it)."
        };
        lines.push(Line::styled(fit(msg, w), theme.dim()));
    }
    let start = first_row(pane.selected, body);
    for (pos, idx) in pane.order.iter().enumerate().skip(start).take(body) {
        let r = &pane.watch.model.rows[*idx];
        let selected = pos == pane.selected;
        let marker = if selected {
            "▸"
        } else if r.changed {
            "•"
        } else {
            " "
        };
        let name = if r.name.is_empty() {
            "(not read yet)"
        } else {
            r.name.as_str()
        };
        let state = format!("{} {}", r.state.symbol(), r.state.word());
        let age = r.age(now).map_or("—".into(), short_age);
        let checked = ago(r.last_checked, now);
        let row_style = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{marker} "), row_style.add_modifier(Modifier::BOLD)),
            Span::styled(
                cell(&state, state_w),
                state_style(theme, r.state).patch(row_style),
            ),
            Span::styled(cell(name, name_w), row_style),
            Span::styled(cell(&r.ad_id, id_w), row_style),
            Span::styled(cell(&age, age_w), row_style),
            Span::styled(cell(&checked, checked_w), row_style),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// The detail of one ad: ids, each rejected asset with the reason code and Meta's sentence,
/// issues, errors with their fbtrace_id, the Ads Manager link.
pub fn detail_lines(
    r: &AdRow,
    focus: Option<usize>,
    fix: Option<&super::fix::FixDraft>,
    width: usize,
    now: DateTime<Utc>,
) -> Vec<(String, DetailKind)> {
    let mut out: Vec<(String, DetailKind)> = Vec::new();
    let name = if r.name.is_empty() {
        "(not read yet)"
    } else {
        &r.name
    };
    out.push((
        format!("{} {} · {}", r.state.symbol(), r.state.word(), name),
        DetailKind::Title(r.state),
    ));
    out.push((
        format!(
            "ad {} · ad set {} · campaign {} · act_{}{}",
            r.ad_id,
            if r.adset_id.is_empty() {
                "?"
            } else {
                &r.adset_id
            },
            if r.campaign_id.is_empty() {
                "?"
            } else {
                &r.campaign_id
            },
            r.account,
            r.launch_id
                .as_deref()
                .map(|l| format!(" · launch {l}"))
                .unwrap_or_default()
        ),
        DetailKind::Plain,
    ));
    let since = r.age(now).map(short_age).unwrap_or_else(|| "—".into());
    out.push((
        format!(
            "{} for {since} · effective_status {}",
            r.state.word(),
            if r.effective_status.is_empty() {
                "?"
            } else {
                &r.effective_status
            }
        ),
        DetailKind::Dim,
    ));
    let mut said: Vec<&str> = Vec::new();
    for (i, j) in r.rejections.iter().enumerate() {
        let mark = if focus == Some(i) { "▸" } else { "✗" };
        out.push((
            format!("{mark} {} — {}", j.what(), j.codes()),
            DetailKind::Rejection(focus == Some(i)),
        ));
        match j
            .asset
            .as_ref()
            .and_then(|a| fix.and_then(|f| f.edit_of(a)))
        {
            Some(Some(text)) => out.push((format!("    ✎ fixed: «{text}»"), DetailKind::Fixed)),
            Some(None) => out.push(("    ✎ dropped from the feed".into(), DetailKind::Fixed)),
            None => {}
        }
        // Each reason's sentence once: several assets often share one.
        for reason in j.reasons.iter().filter(|x| !x.sentence.is_empty()) {
            if said.contains(&reason.code.as_str()) {
                continue;
            }
            said.push(&reason.code);
            for l in wrap(
                &format!("{}: {}", reason.code, reason.sentence),
                width.saturating_sub(4),
            ) {
                out.push((format!("    {l}"), DetailKind::Plain));
            }
        }
    }
    if r.state == ReviewState::Rejected && r.rejections.is_empty() {
        out.push((
            "✗ Meta has not said why yet (reading the feedback…)".into(),
            DetailKind::Plain,
        ));
    }
    if r.adset_feedback.state == crate::graph::feedback::FeedbackState::Unreadable {
        out.push((
            format!("review_feedback as Meta sent it: {}", r.adset_feedback.raw),
            DetailKind::Plain,
        ));
    }
    // Issues and errors in full, wrapped: their end is often the part that says what to do.
    let mut wrapped = |text: String| {
        for (n, l) in wrap(&text, width.saturating_sub(2)).into_iter().enumerate() {
            let l = if n == 0 { l } else { format!("  {l}") };
            out.push((l, DetailKind::Issue));
        }
    };
    for i in &r.issues {
        let code = i.error_code.map(|c| format!(" ({c})")).unwrap_or_default();
        wrapped(format!("! {}{code}: {}", i.error_summary, i.error_message));
    }
    if let Some(e) = &r.last_error {
        wrapped(format!("✗ last read failed: {e}"));
    }
    // The trace ids of failed reads, each once: the last error's text already names its own.
    let said_in_error = |t: &str| {
        r.last_error
            .as_deref()
            .is_some_and(|e| e.contains(&format!("fbtrace_id {t}")))
    };
    let traces: Vec<&str> = r
        .fbtrace_ids
        .iter()
        .map(String::as_str)
        .filter(|t| !said_in_error(t))
        .collect();
    if !traces.is_empty() {
        out.push((format!("fbtrace_id {}", traces.join(", ")), DetailKind::Dim));
    }
    out.push((ads_manager_link(r), DetailKind::Dim));
    // Names, texts, Meta's sentences and errors are Graph's: every line passes the one
    // sanitiser (already clean lines come out the same).
    out.into_iter()
        .map(|(l, k)| (sanitize(&l).into_owned(), k))
        .collect()
}

/// How a detail line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetailKind {
    Title(ReviewState),
    Rejection(bool),
    Issue,
    /// What the fix being prepared does to the asset above.
    Fixed,
    Plain,
    Dim,
}

fn draw_detail(pane: &StatusPane, theme: Theme, frame: &mut Frame, area: Rect, now: DateTime<Utc>) {
    let title = if pane.detail.is_some() {
        " Detail (Esc closes) "
    } else {
        " Detail (Enter) "
    };
    let block = Block::new()
        .borders(Borders::TOP)
        .title(title)
        .border_style(theme.dim());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(r) = pane.current() else {
        return;
    };
    let w = inner.width as usize;
    let mut all = detail_lines(
        r,
        pane.detail,
        pane.fix.as_ref().filter(|f| f.ad_id == r.ad_id),
        w,
        now,
    );
    if let Some(f) = pane.fix.as_ref().filter(|f| f.ad_id == r.ad_id) {
        let mut extra = Vec::new();
        if let Some(why) = &f.refusal {
            extra.push((format!("✗ {why}"), DetailKind::Issue));
        }
        if f.running {
            extra.push((
                format!("Fix being sent: {}…", f.summary()),
                DetailKind::Title(ReviewState::InReview),
            ));
        } else if !f.changes.is_empty() {
            extra.push((
                format!(
                    "Fix ready: {} · Ctrl+S sends it · Ctrl+D discards it",
                    f.summary()
                ),
                DetailKind::Title(ReviewState::InReview),
            ));
        }
        // Right under the title lines, where it is seen.
        for (i, l) in extra.into_iter().enumerate() {
            all.insert(3 + i, l);
        }
    }
    // Keep the highlighted rejection on screen.
    let focus_line = pane.detail.and_then(|d| {
        all.iter()
            .position(|(_, k)| *k == DetailKind::Rejection(true))
            .filter(|_| d > 0)
    });
    let skip = focus_line.map_or(0, |l| {
        l.saturating_sub(inner.height as usize / 2)
            .min(l.saturating_sub(3))
    });
    let lines: Vec<Line> = all
        .into_iter()
        .skip(skip)
        .take(inner.height as usize)
        .map(|(text, kind)| {
            let style = match kind {
                DetailKind::Title(s) => state_style(theme, s).add_modifier(Modifier::BOLD),
                DetailKind::Rejection(true) => theme.error().patch(theme.selected()),
                DetailKind::Rejection(false) => theme.error(),
                DetailKind::Issue => theme.warn(),
                DetailKind::Fixed => theme.ok(),
                DetailKind::Plain => Style::new(),
                DetailKind::Dim => theme.dim(),
            };
            Line::styled(fit(&text, w), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A line being typed, scrolled so its cursor shows, with the cursor drawn where it is (`▏`).
fn typed(input: &crate::tui::text::TextField, width: usize, theme: Theme) -> Vec<Span<'static>> {
    use unicode_segmentation::UnicodeSegmentation;
    let (shown, col) = crate::tui::render::scrolled(
        input.text(),
        input.cursor_line_col().1,
        width.saturating_sub(1),
    );
    let (mut before, mut after, mut at) = (String::new(), String::new(), 0);
    for g in shown.graphemes(true) {
        if at < col {
            before.push_str(g);
        } else {
            after.push_str(g);
        }
        at += g.width();
    }
    // The selection reversed, on both sides of the cursor.
    use crate::tui::text::with_selection;
    let (skip, selected) = (input.cursor_line_col().1 - col, input.selected_columns(0));
    let mut spans = with_selection(before, skip, selected, Style::new());
    spans.push(Span::styled("▏", theme.focus()));
    spans.extend(with_selection(after, skip + col, selected, Style::new()));
    spans
}

fn draw_status(pane: &StatusPane, theme: Theme, frame: &mut Frame, area: Rect) {
    let w = area.width as usize;
    let fix = pane.fix.as_ref();
    let line = if let Some((asset, input)) = fix.and_then(|f| f.editing.as_ref()) {
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
                    "Send the fix ({})?{still} A new creative is made for ad {}, and the ad points at it.",
                    f.summary(),
                    f.ad_id
                ),
                w,
            ),
            theme.warn().add_modifier(Modifier::BOLD),
        )
    } else if let Some(input) = &pane.filter_input {
        let mut spans = vec![Span::styled("/", theme.focus())];
        spans.extend(typed(input, w.saturating_sub(1), theme));
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
        Line::styled(fit(&text, w), style)
    };
    frame.render_widget(Paragraph::new(line), area);
}

fn draw_hints(pane: &StatusPane, theme: Theme, frame: &mut Frame, area: Rect) {
    let special = if pane.fix.as_ref().is_some_and(|f| f.editing.is_some()) {
        Some("type the new text · Enter keep (checked) · Esc cancel")
    } else if pane.fix.as_ref().is_some_and(|f| f.confirm) {
        Some("Y (uppercase) send the fix · any other key cancel")
    } else if pane.filter_input.is_some() {
        Some("type to filter · Enter keep · Esc clear")
    } else if pane.results.is_some() {
        Some("←→ breakdown · Esc close · q close")
    } else {
        None
    };
    if let Some(text) = special {
        crate::tui::view::draw_key_line(theme, frame, area, text);
        return;
    }
    let mut spans = Vec::new();
    let mut used = 0;
    // What applies here, most wanted first when narrow: help and quit always; in an ad's
    // detail the fix keys (send only with a fix prepared); in the table, moving and finding.
    let in_detail = pane.detail.is_some();
    let fixable = in_detail && pane.current().is_some_and(|r| !r.rejections.is_empty());
    let fix_ready = pane.fix.as_ref().is_some_and(|f| !f.changes.is_empty());
    let rank = |keys: &str| -> Option<u8> {
        match keys {
            "?" | "q" => Some(0),
            "e" | "x" if fixable => Some(1),
            "e" | "x" => None,
            "^S" if fix_ready => Some(1),
            "^S" => None,
            // Only after a launch from the wizard; the help says so.
            "l" => None,
            "↑↓" | "Enter" => Some(2),
            "/" | "s" | "r" if !in_detail => Some(2),
            _ => Some(3),
        }
    };
    let mut cmds: Vec<&super::Command> =
        COMMANDS.iter().filter(|c| rank(c.keys).is_some()).collect();
    cmds.sort_by_key(|c| rank(c.keys));
    let mut keep: Vec<&str> = Vec::new();
    for c in &cmds {
        let wd = c.keys.width() + 1 + c.hint.width() + 3;
        if used + wd <= area.width as usize + 3 {
            keep.push(c.keys);
            used += wd;
        }
    }
    for c in COMMANDS.iter().filter(|c| keep.contains(&c.keys)) {
        if !spans.is_empty() {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        spans.push(Span::styled(c.keys, theme.focus()));
        spans.push(Span::raw(format!(" {}", c.hint)));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_help(theme: Theme, frame: &mut Frame, area: Rect) {
    let w = (area.width.saturating_sub(4)).min(90);
    // Each command's help wrapped under its text column.
    let text_w = (w as usize).saturating_sub(2 + 7).max(10);
    let mut lines: Vec<Line> = Vec::new();
    for c in COMMANDS {
        for (i, part) in wrap(c.help, text_w).into_iter().enumerate() {
            let keys = if i == 0 { c.keys } else { "" };
            lines.push(Line::from(vec![
                Span::styled(format!("{keys:<7}"), theme.focus()),
                Span::raw(part),
            ]));
        }
    }
    let h = (lines.len() as u16 + 2).min(area.height);
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(" Keys of the status pane (any key closes) ")),
        rect,
    );
}
