//! The pane's `?` help: every action of the table and the detail, from the key table (with the
//! keys the config file gave them); any key closes it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::state::StatusPane;
use crate::tui::keymap::{Action, Modal, Pane};
use crate::tui::theme::Theme;
use crate::tui::wrap::wrap;

/// The launch's controls, listed on one line.
const CONTROLS: [Action; 6] = [
    Action::Activate,
    Action::Pause,
    Action::Budget,
    Action::EndDate,
    Action::DeleteRejected,
    Action::Duplicate,
];

/// The width of the keys column.
const KEYS_W: usize = 10;

/// The help's entries: (keys, help line), one per action of the table and the detail, a pair
/// (↑ and ↓) on one line.
pub fn entries(pane: &StatusPane) -> Vec<(String, String)> {
    Action::ALL
        .into_iter()
        .filter(|a| a.applies(Pane::Table) || a.applies(Pane::Detail))
        .filter(|a| !a.is_second_of_pair())
        .filter(|a| !CONTROLS[1..].contains(a))
        .map(|a| {
            let keys = pane.keys.label(a, Pane::Table);
            let keys = match a.paired() {
                Some(b) => format!("{keys} {}", pane.keys.label(b, Pane::Table)),
                None => keys,
            };
            // A sentence naming the wizard's key says the key the config gave.
            let help = match a {
                // The launch's controls, on one line (80x24 holds every key).
                Action::Activate => {
                    let keys: Vec<String> = CONTROLS
                        .iter()
                        .map(|c| pane.keys.first(*c, Pane::Table))
                        .collect();
                    return (
                        format!("{} ", keys.join(" ")),
                        "turn on, pause, budget, end, delete (with its ad set), copy".into(),
                    );
                }
                Action::Summary => a.pane_help().replace(
                    "(w returns)",
                    &format!(
                        "({} returns)",
                        pane.keys.first(Action::Watch, Modal::Launched)
                    ),
                ),
                // The keys of the screens these open, which `?` does not list on their own.
                Action::Results => format!(
                    "{} ({}{} tabs, {} dates, {} age/gender)",
                    a.pane_help(),
                    pane.keys.first(Action::PrevBreakdown, Pane::Results),
                    pane.keys.first(Action::NextBreakdown, Pane::Results),
                    pane.keys.first(Action::ResultsRange, Pane::Results),
                    pane.keys.first(Action::ResultsSplit, Pane::Results)
                ),
                Action::PaneFilter => a.pane_help().replace(
                    "(Esc clears)",
                    &format!("({} clears)", pane.keys.first(Action::Back, Pane::Filter)),
                ),
                Action::SendFix => a.pane_help().replace(
                    "(asks first)",
                    &format!(
                        "({} confirms)",
                        pane.keys.first(Action::ConfirmFix, Pane::Confirm)
                    ),
                ),
                _ => a.pane_help().to_string(),
            };
            (keys, help)
        })
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

pub fn draw(pane: &StatusPane, theme: Theme, frame: &mut Frame, area: Rect) {
    let w = (area.width.saturating_sub(4)).min(90);
    // Each action's help wrapped under its text column.
    let text_w = (w as usize).saturating_sub(2 + KEYS_W).max(10);
    let mut lines: Vec<Line> = Vec::new();
    for (keys, help) in entries(pane) {
        for (i, part) in wrap(&help, text_w).into_iter().enumerate() {
            let keys = if i == 0 { keys.as_str() } else { "" };
            lines.push(Line::from(vec![
                Span::styled(format!("{keys:<KEYS_W$}"), theme.focus()),
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
