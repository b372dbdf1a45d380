//! A key as the config file writes it and the screen shows it.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key as written in the config file and shown on screen: `ctrl+s`, `tab`, `shift+tab`, `q`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    pub fn parse(text: &str) -> Result<Key, String> {
        let t = text.trim();
        if t.to_ascii_lowercase().contains("alt+") || t.to_ascii_lowercase().contains("meta+") {
            return Err(format!(
                "{text:?}: Alt keys break over SSH; use Ctrl or a plain key"
            ));
        }
        let (ctrl, rest) = match t.to_ascii_lowercase().strip_prefix("ctrl+") {
            Some(r) => (true, r.to_string()),
            None => (false, t.to_string()),
        };
        let code = match rest.to_ascii_lowercase().as_str() {
            "tab" => KeyCode::Tab,
            "shift+tab" | "backtab" => KeyCode::BackTab,
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "space" => KeyCode::Char(' '),
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "f1" => KeyCode::F(1),
            _ if rest.chars().count() == 1 => {
                let c = rest.chars().next().unwrap_or(' ');
                // A control or invisible character (ESC, NUL, a bidi override, a zero-width
                // space, a combining mark) is no key anyone can see or press.
                if c != ' ' && unicode_width::UnicodeWidthChar::width(c).is_none_or(|w| w == 0) {
                    return Err(format!(
                        "{} is not a key: it is a control or invisible character",
                        crate::spec::text::sanitize(&format!("{text:?}"))
                    ));
                }
                KeyCode::Char(c)
            }
            _ => {
                return Err(format!(
                    "{text:?} is not a key (like \"ctrl+s\", \"tab\", \"q\")"
                ));
            }
        };
        // What a terminal sends for these is the same byte as another key's.
        if ctrl && let KeyCode::Char(c @ ('i' | 'm' | 'h' | '[')) = code {
            let same = match c {
                'i' => "tab",
                'm' => "enter",
                'h' => "Backspace (not a key the config binds)",
                _ => "esc",
            };
            return Err(format!(
                "{text:?}: a terminal sends Ctrl+{} as {same}; bind that, or another key",
                c.to_ascii_uppercase()
            ));
        }
        Ok(Key { code, ctrl })
    }

    pub fn of(ev: &KeyEvent) -> Key {
        let code = match ev.code {
            KeyCode::Char(c) => KeyCode::Char(if ev.modifiers.contains(KeyModifiers::CONTROL) {
                c.to_ascii_lowercase()
            } else {
                c
            }),
            other => other,
        };
        Key {
            code,
            ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
        }
    }

    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "Shift+Tab".to_string(),
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(c) if self.ctrl => c.to_ascii_uppercase().to_string(),
            KeyCode::Char(c) => c.to_string(),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl+{base}")
        } else {
            base
        }
    }
}
