//! The detail screen of one ad: ids, each rejected asset with the reason code and Meta's
//! sentence, issues, errors with their fbtrace_id, the Ads Manager link, and what the fix being
//! prepared does. Its keys (↑↓ between the rejected assets, Enter/Esc close) and its drawing.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::state::fix::FixDraft;
use super::state::{StatusPane, ads_manager_link};
use super::style::{short_age, state_style};
use crate::spec::text::{fit, sanitize};
use crate::tui::keymap::Action;
use crate::tui::theme::Theme;
use crate::tui::wrap::wrap;
use crate::watch::{AdRow, ReviewState};

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

type Lines = Vec<(String, DetailKind)>;

/// An action while the detail is focused; `None` when it is the table's (the detail closes
/// when the table moves).
pub(super) fn on_action(pane: &mut StatusPane, action: Action) -> Option<()> {
    let d = pane.detail?;
    let n = pane.current().map_or(0, |r| r.rejections.len());
    pane.detail = match action {
        Action::Up => Some(d.saturating_sub(1)),
        Action::Down => Some((d + 1).min(n.saturating_sub(1))),
        Action::Detail | Action::Back => None,
        _ => return None,
    };
    Some(())
}

/// `?` when Graph has not said.
fn or_unknown(s: &str) -> &str {
    if s.is_empty() { "?" } else { s }
}

/// The title, the ids and how long the ad is in its state.
fn head_lines(r: &AdRow, now: DateTime<Utc>, out: &mut Lines) {
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
            or_unknown(&r.adset_id),
            or_unknown(&r.campaign_id),
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
            or_unknown(&r.effective_status)
        ),
        DetailKind::Dim,
    ));
}

/// Each rejected asset, what the fix does to it, and each reason's sentence once.
fn rejection_lines(
    r: &AdRow,
    focus: Option<usize>,
    fix: Option<&FixDraft>,
    width: usize,
    out: &mut Lines,
) {
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
}

/// Issues and errors in full, wrapped (their end is often the part that says what to do), then
/// the trace ids of failed reads not already named.
fn issue_lines(r: &AdRow, width: usize, out: &mut Lines) {
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
}

/// The detail of one ad: ids, each rejected asset with the reason code and Meta's sentence,
/// issues, errors with their fbtrace_id, the Ads Manager link.
pub fn detail_lines(
    r: &AdRow,
    focus: Option<usize>,
    fix: Option<&FixDraft>,
    width: usize,
    now: DateTime<Utc>,
) -> Vec<(String, DetailKind)> {
    let mut out: Lines = Vec::new();
    head_lines(r, now, &mut out);
    rejection_lines(r, focus, fix, width, &mut out);
    issue_lines(r, width, &mut out);
    out.push((ads_manager_link(r), DetailKind::Dim));
    // Names, texts, Meta's sentences and errors are Graph's: every line passes the one
    // sanitiser (already clean lines come out the same).
    out.into_iter()
        .map(|(l, k)| (sanitize(&l).into_owned(), k))
        .collect()
}

/// What the fix of this ad says right under the title lines: why a text was refused, and
/// whether it is ready or being sent.
fn fix_lines(pane: &StatusPane, f: &FixDraft) -> Lines {
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
                "Fix ready: {} · {} sends it · {} discards it",
                f.summary(),
                pane.key(Action::SendFix),
                pane.key(Action::DiscardFix)
            ),
            DetailKind::Title(ReviewState::InReview),
        ));
    }
    extra
}

pub fn draw(pane: &StatusPane, theme: Theme, frame: &mut Frame, area: Rect, now: DateTime<Utc>) {
    let title = if pane.detail.is_some() {
        format!(" Detail ({} closes) ", pane.key(Action::Back))
    } else {
        format!(" Detail ({}) ", pane.key(Action::Detail))
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
    let fix = pane.fix.as_ref().filter(|f| f.ad_id == r.ad_id);
    let mut all = detail_lines(r, pane.detail, fix, w, now);
    // Right under the title lines, where it is seen.
    for (i, l) in fix
        .map(|f| fix_lines(pane, f))
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        all.insert(3 + i, l);
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
