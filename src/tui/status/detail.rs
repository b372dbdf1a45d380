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
use crate::tui::keymap::{Action, Pane};
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
/// when the table moves). ↑↓ move between the rejected assets, and past the first or last
/// one scroll a line; PgUp/PgDn scroll a page, the highlight following onto the page.
pub(super) fn on_action(pane: &mut StatusPane, action: Action) -> Option<()> {
    let d = pane.detail?;
    let n = pane.current().map_or(0, |r| r.rejections.len());
    match action {
        Action::Detail | Action::Back => {
            pane.detail = None;
            pane.detail_scroll = None;
        }
        Action::Up if d > 0 => {
            pane.detail = Some(d.min(n).saturating_sub(1));
            pane.detail_scroll = None;
        }
        Action::Down if d + 1 < n => {
            pane.detail = Some(d + 1);
            pane.detail_scroll = None;
        }
        Action::Up => scroll(pane, -1, false),
        Action::Down => scroll(pane, 1, false),
        Action::PageUp => scroll(pane, -1, true),
        Action::PageDown => scroll(pane, 1, true),
        _ => return None,
    }
    Some(())
}

/// Scrolls the focused detail a line or a page (bounded by its end); after a page the
/// highlight moves to the first rejected asset shown when its own is no longer shown.
fn scroll(pane: &mut StatusPane, dir: isize, page: bool) {
    let Some(r) = pane.current() else {
        return;
    };
    let lines = all_lines(pane, r, pane.area.width as usize);
    let h = height(pane.area, pane.order.len()).saturating_sub(1) as usize;
    let from = first_shown(&lines, pane.detail, pane.detail_scroll, h);
    let step = if page { h.saturating_sub(2).max(1) } else { 1 };
    let max = lines.len().saturating_sub(h);
    let to = (from as isize + dir * step as isize).clamp(0, max as isize) as usize;
    pane.detail_scroll = Some(to);
    if page {
        let (shown, _) = window(lines.len(), to, h);
        let headers = headers(&lines);
        let on_page = |at: &usize| (to..to + shown).contains(at);
        if !pane
            .detail
            .and_then(|d| headers.get(d))
            .is_some_and(on_page)
            && let Some(i) = headers.iter().position(on_page)
        {
            pane.detail = Some(i);
        }
    }
}

/// The rows the detail takes on a screen of `area` showing `rows` ads (its top border
/// included; 0 when the screen is too short for one): a short table leaves the rest of the
/// screen to the detail.
pub fn height(area: Rect, rows: usize) -> u16 {
    let base: u16 = if area.height >= 30 {
        12
    } else if area.height >= 20 {
        8
    } else {
        0
    };
    // A watch of more ads than a u16 counts needs the whole screen, like one of 1000.
    let table_needs = u16::try_from(rows.max(1))
        .unwrap_or(u16::MAX)
        .saturating_add(1);
    let spare = area.height.saturating_sub(table_needs.saturating_add(4));
    if base == 0 {
        0
    } else {
        spare.clamp(base, area.height.saturating_sub(8).max(base))
    }
}

/// The line of each rejected asset, in the ad's order.
fn headers(lines: &Lines) -> Vec<usize> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, (_, k))| matches!(k, DetailKind::Rejection(_)))
        .map(|(i, _)| i)
        .collect()
}

/// How many lines show from `skip` in `h` rows, and whether the last row says what is below.
fn window(total: usize, skip: usize, h: usize) -> (usize, bool) {
    let rest = total.saturating_sub(skip);
    if rest <= h || h <= 1 {
        (rest.min(h), false)
    } else {
        (h - 1, true)
    }
}

/// The first line shown: where the buyer scrolled (within the end), else the least scroll
/// that shows the highlighted rejected asset with Meta's sentences under it.
fn first_shown(lines: &Lines, focus: Option<usize>, scrolled: Option<usize>, h: usize) -> usize {
    let max = lines.len().saturating_sub(h);
    if let Some(s) = scrolled {
        return s.min(max);
    }
    let Some(at) = focus.and_then(|d| headers(lines).get(d).copied()) else {
        return 0;
    };
    let end = lines[at + 1..]
        .iter()
        .position(|(_, k)| !matches!(k, DetailKind::Plain | DetailKind::Fixed))
        .map_or(lines.len(), |n| at + 1 + n);
    let rows = if lines.len() > h {
        h.saturating_sub(1)
    } else {
        h
    };
    if end <= rows {
        0
    } else {
        at.min(end - rows).min(max)
    }
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

/// Every line of the detail of `r` at `width`, with what the fix of this ad says right under
/// the title lines, where it is seen.
fn all_lines(pane: &StatusPane, r: &AdRow, width: usize) -> Lines {
    let fix = pane.fix.as_ref().filter(|f| f.ad_id == r.ad_id);
    let mut all = detail_lines(r, pane.detail, fix, width, pane.now);
    // What the launch warned of (a feature Meta turned on unasked, named in words), above the
    // link that closes the detail.
    let notes = r
        .launch_id
        .as_ref()
        .and_then(|id| pane.launch_notes.get(id))
        .map(|n| launch_lines(n, width))
        .unwrap_or_default();
    let at = all.len().saturating_sub(1);
    all.splice(at..at, notes);
    if pane.sandbox {
        // Ads Manager does not know a sandbox's ids: no link that leads nowhere.
        let link = ads_manager_link(r);
        let instead = format!(
            "A sandbox's ad: Ads Manager does not know it ({} sends its id).",
            pane.key(crate::tui::keymap::Action::CopyId)
        );
        for l in all.iter_mut().filter(|(l, _)| *l == link) {
            l.0 = instead.clone();
        }
    }
    for (i, l) in fix
        .map(|f| fix_lines(pane, f))
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        all.insert(3 + i, l);
    }
    all
}

/// The launch's warnings, each wrapped and sanitised (they quote Graph's read-back).
fn launch_lines(notes: &[String], width: usize) -> Lines {
    let mut out = Vec::new();
    for n in notes {
        for (i, l) in wrap(&format!("! {n}"), width.saturating_sub(2))
            .into_iter()
            .enumerate()
        {
            let l = if i == 0 { l } else { format!("  {l}") };
            out.push((sanitize(&l).into_owned(), DetailKind::Issue));
        }
    }
    if !out.is_empty() {
        out.insert(0, ("From the launch:".into(), DetailKind::Dim));
    }
    out
}

/// `1 rejected asset`, `3 lines`.
fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// The last row when more is below: how many rejected assets (else lines) and the keys that
/// reach them.
fn below(pane: &StatusPane, rest: &[(String, DetailKind)]) -> (String, DetailKind) {
    let rejected = rest
        .iter()
        .filter(|(_, k)| matches!(k, DetailKind::Rejection(_)))
        .count();
    let keys = if pane.detail.is_some() {
        format!(
            "{} or {}",
            pane.keys.first(Action::Down, Pane::Detail),
            pane.keys.first(Action::PageDown, Pane::Detail)
        )
    } else {
        format!("{} opens the detail", pane.key(Action::Detail))
    };
    if rejected > 0 {
        (
            format!(
                "{rejected} more rejected asset{} below ↓ ({keys})",
                if rejected == 1 { "" } else { "s" }
            ),
            DetailKind::Rejection(false),
        )
    } else {
        (
            format!("{} more below ↓ ({keys})", count(rest.len(), "line")),
            DetailKind::Dim,
        )
    }
}

pub fn draw(pane: &StatusPane, theme: Theme, frame: &mut Frame, area: Rect) {
    let Some(r) = pane.current() else {
        frame.render_widget(title_block(pane, String::new(), theme), area);
        return;
    };
    let all = all_lines(pane, r, area.width as usize);
    let h = area.height.saturating_sub(1) as usize;
    let skip = if pane.detail.is_some() {
        first_shown(&all, pane.detail, pane.detail_scroll, h)
    } else {
        0
    };
    let (shown, more) = window(all.len(), skip, h);
    // Above: how many rejected assets (else lines) the scroll passed.
    let above = match headers(&all).iter().filter(|l| **l < skip).count() {
        0 if skip > 0 => format!(" · {} above ↑", count(skip, "line")),
        0 => String::new(),
        n => format!(" · {} above ↑", count(n, "rejected asset")),
    };
    let block = title_block(pane, above, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width as usize;
    let mut rows: Lines = all[skip..skip + shown].to_vec();
    if more {
        rows.push(below(pane, &all[skip + shown..]));
    }
    let lines: Vec<Line> = rows
        .into_iter()
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

/// The detail's top border: how to open or close it, and what the scroll passed.
fn title_block(pane: &StatusPane, above: String, theme: Theme) -> Block<'static> {
    let title = if pane.detail.is_some() {
        format!(" Detail ({} closes){above} ", pane.key(Action::Back))
    } else {
        format!(" Detail ({}) ", pane.key(Action::Detail))
    };
    Block::new()
        .borders(Borders::TOP)
        .title(title)
        .border_style(theme.dim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_watch_of_more_ads_than_a_u16_counts_leaves_the_detail_its_least_not_a_panic() {
        let area = Rect::new(0, 0, 120, 40);
        assert_eq!(
            height(area, 3),
            32,
            "a short table leaves the rest to the detail"
        );
        for rows in [1_000, 65_535, 65_536, 200_000] {
            assert_eq!(height(area, rows), 12, "{rows} ads");
        }
    }

    /// A feature the launch's read-back flagged is named in words in the detail of each of the
    /// launch's ads, above the link; an ad of another launch does not repeat it.
    #[test]
    fn the_launchs_flagged_feature_is_named_in_words_in_its_ads_detail() {
        let mut w = crate::watch::Watch::new();
        w.model.track("11", "1", Some("L1"));
        w.model.track("22", "1", Some("L2"));
        let mut pane = StatusPane::new(w, Default::default(), Default::default());
        let flagged = crate::launch::unasked_features(
            None,
            Some(&serde_json::json!({"creative_features_spec": {
                "text_translation": {"enroll_status": "OPT_IN"}}})),
            &["text_translation".into()],
        );
        assert_eq!(flagged.len(), 1);
        pane.launch_notes.insert("L1".into(), flagged);
        let text = |ad: &str| {
            let r = pane
                .watch
                .model
                .rows
                .iter()
                .find(|r| r.ad_id == ad)
                .unwrap();
            all_lines(&pane, r, 200)
                .into_iter()
                .map(|(l, _)| l)
                .collect::<Vec<_>>()
        };
        let one = text("11");
        let at = one
            .iter()
            .position(|l| l.contains("text_translation (Meta may translate your text)"))
            .unwrap_or_else(|| panic!("{one:#?}"));
        assert_eq!(one[at - 1], "From the launch:");
        assert!(one.last().unwrap().contains("adsmanager"), "{one:#?}");
        assert!(!text("22").iter().any(|l| l.contains("text_translation")));
    }
}
