//! The table screen: every watched ad with its review state, time in that state, last check
//! and a change marker (only the rows on screen are touched, so 5,000 ads draw as fast as 50).
//! Its keys (move, sort, filter, copy, poll, bell) and its hint bar, which the detail shares.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::state::{CHECKING, StatusPane, ads_manager_link};
use super::style::{ago, short_age, state_style};
use crate::spec::text::fit;
use crate::tui::keymap::{Action, Pane};
use crate::tui::msg::Effect;
use crate::tui::text::TextField;
use crate::tui::theme::Theme;

/// How far PgUp and PgDn move.
const PAGE: isize = 20;

/// An action on the table (or the detail, for what the detail leaves to the table). Results,
/// fixes and help are other screens', routed to them before the table.
pub(super) fn on_action(pane: &mut StatusPane, action: Action) -> Vec<Effect> {
    match action {
        Action::Up => pane.move_by(-1),
        Action::Down => pane.move_by(1),
        Action::PageUp => pane.move_by(-PAGE),
        Action::PageDown => pane.move_by(PAGE),
        Action::Top => pane.move_by(isize::MIN / 2),
        Action::Bottom => pane.move_by(isize::MAX / 2),
        Action::Detail => {
            pane.detail = Some(0);
            pane.detail_scroll = None;
        }
        Action::Back if !pane.filter.is_empty() => {
            pane.filter.clear();
            pane.reorder();
        }
        Action::PaneFilter => pane.filter_input = Some(TextField::new(&pane.filter, false)),
        Action::Sort => {
            pane.sort = pane.sort.next();
            pane.reorder();
            pane.notice = Some(format!("Sorted by {}", pane.sort.word()));
        }
        // In the detail, the fix's (routed there before the table).
        Action::Edit | Action::Drop => {
            pane.notice = Some(format!(
                "{} opens the ad's detail; pick a rejected asset there, then {} edits it or {} drops it.",
                pane.key(Action::Detail),
                pane.key(Action::Edit),
                pane.key(Action::Drop)
            ));
        }
        Action::Bell => {
            pane.bell = !pane.bell;
            pane.notice = Some(format!("Bell {}", if pane.bell { "on" } else { "off" }));
        }
        Action::CopyId | Action::CopyLink => copy(pane, action == Action::CopyLink),
        Action::Poll => return poll_now(pane),
        _ => {}
    }
    Vec::new()
}

/// `c` (the ad id) or `C` (its Ads Manager link) to the clipboard, at the next frame. It is
/// sent with OSC 52, which a terminal may drop (tmux does unless `set-clipboard` is on): the
/// notice says what was sent, never that it was copied.
fn copy(pane: &mut StatusPane, link: bool) {
    if link && pane.sandbox {
        pane.notice = Some(format!(
            "✗ A sandbox's ads are not in Ads Manager, so there is no link to send; {} sends the ad id.",
            pane.key(Action::CopyId)
        ));
        return;
    }
    if let Some(r) = pane.current() {
        let (what, text) = if link {
            ("the ad's Ads Manager link".to_string(), ads_manager_link(r))
        } else {
            (format!("ad id {}", r.ad_id), r.ad_id.clone())
        };
        pane.notice = Some(format!("Sent {what} to the clipboard ({TMUX_CLIPBOARD})"));
        pane.clipboard = Some(text);
    }
}

/// What tmux needs to pass OSC 52 on to the terminal's clipboard.
pub const TMUX_CLIPBOARD: &str = "OSC 52; in tmux this needs `set -g set-clipboard on`";

/// `p`: every ad shown is due now.
pub(super) fn poll_now(pane: &mut StatusPane) -> Vec<Effect> {
    let now = pane.clock.now();
    let ids: Vec<String> = pane
        .order
        .iter()
        .map(|i| pane.watch.model.rows[*i].ad_id.clone())
        .collect();
    for id in ids {
        pane.watch.scheduler.check_now(&id, now);
    }
    let fx = pane.poll_due(pane.wake_generation);
    pane.checking = true;
    let sent = fx.iter().any(|e| matches!(e, Effect::Poll { .. }));
    let wait = fx.iter().find_map(|e| match e {
        Effect::WakeAfter { after, .. } => Some(*after),
        _ => None,
    });
    pane.notice = Some(match (sent || !pane.in_flight.is_empty(), wait) {
        // Nothing could be read at once (an account held by its rate limit).
        (false, Some(after)) => {
            format!("Checking at the next read, in {}s.", after.as_secs().max(1))
        }
        _ => CHECKING.into(),
    });
    fx
}

/// The hint bar of the table and the detail, in its order.
const HINTS: [Action; 14] = [
    Action::Up,
    Action::Detail,
    Action::Preview,
    Action::PaneFilter,
    Action::Sort,
    Action::Results,
    Action::Edit,
    Action::Drop,
    Action::SendFix,
    Action::CopyId,
    Action::Poll,
    Action::Bell,
    Action::Help,
    Action::Quit,
];

/// What applies here, most wanted first when narrow: help and quit always; in an ad's detail
/// the fix keys (send only with a fix prepared); in the table, moving and finding. `None`: not
/// in the bar.
fn rank(pane: &StatusPane, a: Action) -> Option<u8> {
    let in_detail = pane.detail.is_some();
    let fixable = in_detail && pane.current().is_some_and(|r| !r.rejections.is_empty());
    let fix_ready = pane.fix.as_ref().is_some_and(|f| !f.changes.is_empty());
    match a {
        Action::Help | Action::Quit => Some(0),
        Action::Edit | Action::Drop if fixable => Some(1),
        Action::Edit | Action::Drop => None,
        Action::SendFix if fix_ready => Some(1),
        Action::SendFix => None,
        Action::Up | Action::Detail => Some(2),
        Action::PaneFilter | Action::Sort | Action::Results if !in_detail => Some(2),
        _ => Some(3),
    }
}

/// The hint bar's entries that fit `width`, in the bar's order.
pub fn hints(pane: &StatusPane, width: usize) -> Vec<(String, &'static str)> {
    let screen = pane.screen();
    let screen = if screen == Pane::Detail {
        Pane::Detail
    } else {
        Pane::Table
    };
    let items: Vec<(Action, (String, &'static str))> = HINTS
        .into_iter()
        .filter(|a| rank(pane, *a).is_some())
        .filter_map(|a| pane.keys.hints(screen, &[a]).pop().map(|h| (a, h)))
        .collect();
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|i| rank(pane, items[*i].0));
    let mut keep = vec![false; items.len()];
    let mut used = 0;
    for i in order {
        let (keys, word) = &items[i].1;
        let wd = keys.width() + 1 + word.width() + 3;
        if used + wd <= width + 3 {
            keep[i] = true;
            used += wd;
        }
    }
    items
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|((_, h), _)| h)
        .collect()
}

/// The first row shown so that the selection is on screen.
pub fn first_row(selected: usize, rows: usize) -> usize {
    if rows == 0 {
        return 0;
    }
    selected.saturating_sub(rows - 1)
}

/// A cell of `width` columns: the text cut to fit, then spaces.
fn cell(text: &str, width: usize) -> String {
    if width == 0 {
        return String::new();
    }
    let t = fit(text, width.saturating_sub(1));
    let pad = width.saturating_sub(t.width());
    format!("{t}{}", " ".repeat(pad))
}

/// What the table says when it shows no row.
fn empty_message(pane: &StatusPane) -> String {
    if !pane.watch.model.rows.is_empty() {
        format!(
            "No ad matches the filter ({} clears it).",
            pane.key(Action::Back)
        )
    } else if !pane.in_flight.is_empty() || pane.last_poll.is_none() {
        "Reading the ads…".into()
    } else {
        "Nothing watched yet. Launch from the wizard (`dcw new`), or run `dcw watch --account act_…`."
            .into()
    }
}

pub fn draw(pane: &StatusPane, theme: Theme, frame: &mut Frame, area: Rect, now: DateTime<Utc>) {
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
        // Wrapped: the command it names is read to its end at 80 columns.
        for l in crate::tui::wrap::wrap(&empty_message(pane), w.saturating_sub(2)) {
            lines.push(Line::styled(format!("  {l}"), theme.dim()));
        }
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
