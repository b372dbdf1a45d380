//! The filter being typed (`/`): letters type, Enter keeps the filter, Esc clears it.

use crossterm::event::KeyEvent;

use super::state::StatusPane;
use crate::tui::keymap::{Action, Pane};

/// A key while the filter is typed; the table follows each key.
pub(super) fn on_key(pane: &mut StatusPane, key: KeyEvent) {
    match pane.keys.action(&key, Pane::Filter) {
        Some(Action::Back) => {
            pane.filter_input = None;
            pane.filter.clear();
        }
        Some(Action::Keep) => pane.filter_input = None,
        _ => {
            if let Some(input) = &mut pane.filter_input {
                input.apply_key(key);
                pane.filter = input.text().to_string();
            }
        }
    }
    pane.reorder();
}

/// The hint line while the filter is typed: `type to filter · Enter keep · Esc clear`.
pub fn hints(pane: &StatusPane) -> String {
    format!(
        "type to filter · {} keep · {} clear",
        pane.keys.first(Action::Keep, Pane::Filter),
        pane.keys.first(Action::Back, Pane::Filter)
    )
}
