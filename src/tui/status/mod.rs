//! The status pane: every watched ad with its review state, time in that state, last check
//! and a change marker; sort and `/` filter; a detail panel naming each rejected asset with
//! Meta's reason; quota per account; copy with OSC 52; an optional bell. The same `Watch` as
//! `dcw watch --json`, moved only by messages.
//!
//! Shape: the state (`state`) lies below the screens (`table`, `detail`, `results`, `fix`,
//! `filter`, `help`), each owning its keys, drawing and hints; `view` draws the frame around
//! them; this module routes each key, through the key table, to the screen that has it.

pub mod control;
pub mod detail;
pub mod filter;
pub mod fix;
pub mod help;
pub mod results;
pub mod state;
pub mod style;
pub mod table;
pub mod view;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub use state::{REFRESH, Sort, StatusPane};

use crate::tui::keymap::{Action, Pane};
use crate::tui::msg::Effect;

/// A letter typed with Shift is its capital (`C` copies the link), whichever way the terminal
/// reports it.
fn shifted(key: &KeyEvent) -> KeyEvent {
    match key.code {
        KeyCode::Char(c) if key.modifiers.contains(KeyModifiers::SHIFT) && c.is_lowercase() => {
            let mut k = *key;
            k.code = KeyCode::Char(c.to_ascii_uppercase());
            k
        }
        _ => *key,
    }
}

impl StatusPane {
    /// Whether this key, with the pane at rest, asks for the wizard's launch summary (`l`).
    pub fn wants_summary(&self, key: &KeyEvent) -> bool {
        self.at_rest() && self.keys.action(&shifted(key), self.screen()) == Some(Action::Summary)
    }

    /// Pasted text while the pane is shown: into the filter or the fix editor being typed (one
    /// line, one undo step), as typed text would go; elsewhere nothing types, so it is dropped.
    pub fn on_paste(&mut self, text: &str) {
        match self.screen() {
            Pane::Filter => {
                if let Some(input) = &mut self.filter_input {
                    input.insert_str(text);
                    self.filter = input.text().to_string();
                }
                self.reorder();
            }
            Pane::Editor => {
                if let Some((_, input)) = self.fix.as_mut().and_then(|f| f.editing.as_mut()) {
                    input.insert_str(text);
                }
                if let Some(f) = self.fix.as_mut() {
                    f.refusal = None;
                }
            }
            _ => {}
        }
    }

    /// A key while the pane is shown: to the screen that has the keys, through the key table.
    /// `quit` is set when the buyer leaves.
    pub fn on_key(&mut self, key: KeyEvent, quit: &mut bool) -> Vec<Effect> {
        let screen = self.screen();
        match screen {
            // Any key closes the help.
            Pane::Help => {
                self.help = false;
                Vec::new()
            }
            Pane::Filter => {
                filter::on_key(self, key);
                Vec::new()
            }
            Pane::Editor if self.control.is_some() => self.on_control_typing(key),
            Pane::Editor => self.on_editor_key(key),
            Pane::Control => self.on_control_key(key),
            Pane::Confirm => self.on_confirm_key(key),
            Pane::Results => match self.keys.action(&key, screen) {
                Some(a @ (Action::SendFix | Action::DiscardFix)) => self.on_fix_action(a),
                Some(a) => self.on_results_action(a),
                None => Vec::new(),
            },
            Pane::Table | Pane::Detail => {
                let action = self.keys.action(&shifted(&key), screen);
                self.on_browse_action(action, quit)
            }
        }
    }

    /// An action in the table or the detail.
    fn on_browse_action(&mut self, action: Option<Action>, quit: &mut bool) -> Vec<Effect> {
        // A fix prepared: Ctrl+S and Ctrl+D are the fix's, before anything else.
        if let Some(a @ (Action::SendFix | Action::DiscardFix)) = action
            && self.fix.as_ref().is_some_and(|f| !f.running)
        {
            return self.on_fix_action(a);
        }
        self.notice = None;
        // `q` twice in a row quits over an unsent fix; any other key disarms it.
        let armed = std::mem::take(&mut self.quit_armed);
        let Some(action) = action else {
            return Vec::new();
        };
        match action {
            Action::Quit => self.on_quit(armed, quit),
            Action::Help => self.help = true,
            Action::SendFix | Action::DiscardFix => return self.on_fix_action(action),
            Action::Edit | Action::Drop if self.detail.is_some() => {
                return self.start_fix(action == Action::Drop);
            }
            Action::Results => return self.open_results(),
            Action::Activate
            | Action::Pause
            | Action::Budget
            | Action::EndDate
            | Action::DeleteRejected
            | Action::Duplicate => return self.start_control(action),
            // The app opens the ad preview over the pane (a screen opens no other screen).
            Action::Preview => self.wants_preview = true,
            _ if detail::on_action(self, action).is_some() => {}
            _ => return table::on_action(self, action),
        }
        Vec::new()
    }

    /// `q`: a fix prepared and not sent is asked about once; `q` again quits.
    fn on_quit(&mut self, armed: bool, quit: &mut bool) {
        match self
            .fix
            .as_ref()
            .filter(|f| !f.changes.is_empty() && !f.running)
        {
            Some(f) if !armed => {
                self.quit_armed = true;
                self.notice = Some(format!(
                    "✗ The fix of ad {} ({}) is not sent: {} sends it; {} again quits without it.",
                    f.ad_id,
                    f.summary(),
                    self.keys.first(Action::SendFix, Pane::Table),
                    self.keys.first(Action::Quit, Pane::Table),
                ));
            }
            _ => *quit = true,
        }
    }
}
