//! Keys: one table of actions with their default keys and descriptions. The hint bar and the
//! `?` help both read it, and the config file's `keys` section overrides it.

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key does, independent of the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    NextField,
    PrevField,
    Up,
    Down,
    Choose,
    Toggle,
    Back,
    Filter,
    Review,
    NextStep,
    PrevStep,
    Remove,
    Export,
    Help,
    Quit,
    ForceQuit,
}

/// Where the focus is, which decides which keys apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// A field typed into: letters type.
    Text,
    /// A list of options.
    List,
    /// A button, a toggle, the review.
    Other,
}

impl Action {
    /// Every action, in the order the help lists them.
    pub const ALL: [Action; 16] = [
        Action::NextField,
        Action::PrevField,
        Action::Up,
        Action::Down,
        Action::Choose,
        Action::Toggle,
        Action::Filter,
        Action::Back,
        Action::NextStep,
        Action::PrevStep,
        Action::Review,
        Action::Remove,
        Action::Export,
        Action::Help,
        Action::Quit,
        Action::ForceQuit,
    ];

    /// The name used in the config file's `keys` section.
    pub fn name(self) -> &'static str {
        match self {
            Action::NextField => "next_field",
            Action::PrevField => "prev_field",
            Action::Up => "up",
            Action::Down => "down",
            Action::Choose => "choose",
            Action::Toggle => "toggle",
            Action::Back => "back",
            Action::Filter => "filter",
            Action::Review => "review",
            Action::NextStep => "next_step",
            Action::PrevStep => "prev_step",
            Action::Remove => "remove",
            Action::Export => "export",
            Action::Help => "help",
            Action::Quit => "quit",
            Action::ForceQuit => "force_quit",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Action::NextField => "next field (from the last field: next step, checked)",
            Action::PrevField => "previous field (never checks, never loses input)",
            Action::Up => "move up in a list or a text",
            Action::Down => "move down in a list or a text",
            Action::Choose => "choose / press / next field",
            Action::Toggle => "tick or untick in a list, flip a switch",
            Action::Filter => "filter the list",
            Action::Back => "close the filter or overlay, else previous step",
            Action::NextStep => "next step (checked)",
            Action::PrevStep => "previous step (not checked)",
            Action::Review => "go to Review, where you submit",
            Action::Remove => "remove this item (title, body, image, audience…)",
            Action::Export => "save the draft as a spec file",
            Action::Help => "this help",
            Action::Quit => "quit (the draft is kept)",
            Action::ForceQuit => "quit from anywhere (the draft is kept)",
        }
    }

    /// The short word in the hint bar.
    pub fn hint(self) -> &'static str {
        match self {
            Action::NextField => "next",
            Action::PrevField => "back",
            Action::Up | Action::Down => "move",
            Action::Choose => "choose",
            Action::Toggle => "tick",
            Action::Filter => "filter",
            Action::Back => "back",
            Action::NextStep => "next step",
            Action::PrevStep => "prev step",
            Action::Review => "review",
            Action::Remove => "remove",
            Action::Export => "export",
            Action::Help => "help",
            Action::Quit => "quit",
            Action::ForceQuit => "quit",
        }
    }

    /// Whether the action applies in this context (letters type in text fields).
    pub fn applies(self, ctx: Context) -> bool {
        match self {
            Action::Filter => ctx == Context::List,
            Action::Toggle => ctx != Context::Text,
            // In a text field `?` and `q` type themselves; F1 still opens the help.
            Action::Quit => ctx != Context::Text,
            _ => true,
        }
    }

    fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }
}

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
            _ if rest.chars().count() == 1 => KeyCode::Char(rest.chars().next().unwrap_or(' ')),
            _ => {
                return Err(format!(
                    "{text:?} is not a key (like \"ctrl+s\", \"tab\", \"q\")"
                ));
            }
        };
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

/// The key table: action to keys, defaults overlaid with the config file's choices.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyMap {
    keys: Vec<(Action, Vec<Key>)>,
}

impl Default for KeyMap {
    fn default() -> Self {
        let k = |s: &str| Key::parse(s).expect("default keys parse");
        let keys = Action::ALL
            .into_iter()
            .map(|a| {
                let list: Vec<Key> = match a {
                    Action::NextField => vec![k("tab")],
                    Action::PrevField => vec![k("shift+tab")],
                    Action::Up => vec![k("up"), k("k")],
                    Action::Down => vec![k("down"), k("j")],
                    Action::Choose => vec![k("enter")],
                    Action::Toggle => vec![k("space")],
                    Action::Filter => vec![k("/")],
                    Action::Back => vec![k("esc")],
                    Action::NextStep => vec![k("pagedown")],
                    Action::PrevStep => vec![k("pageup")],
                    Action::Review => vec![k("ctrl+s")],
                    Action::Remove => vec![k("ctrl+d")],
                    Action::Export => vec![k("ctrl+o")],
                    Action::Help => vec![k("?"), k("f1")],
                    Action::Quit => vec![k("q")],
                    Action::ForceQuit => vec![k("ctrl+c")],
                };
                (a, list)
            })
            .collect();
        KeyMap { keys }
    }
}

impl KeyMap {
    /// Defaults with `overrides` (action name to keys) laid over them. Ctrl+C always quits.
    pub fn with_overrides(overrides: &HashMap<String, Vec<String>>) -> Result<KeyMap, String> {
        let mut map = KeyMap::default();
        for (name, keys) in overrides {
            let action = Action::from_name(name).ok_or_else(|| {
                let names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
                format!(
                    "keys: {name:?} is not an action; actions are {}",
                    names.join(", ")
                )
            })?;
            let parsed = keys
                .iter()
                .map(|k| Key::parse(k).map_err(|e| format!("keys.{name}: {e}")))
                .collect::<Result<Vec<_>, _>>()?;
            if let Some(slot) = map.keys.iter_mut().find(|(a, _)| *a == action) {
                slot.1 = parsed;
            }
        }
        let ctrl_c = Key::parse("ctrl+c")?;
        if let Some(slot) = map.keys.iter_mut().find(|(a, _)| *a == Action::ForceQuit)
            && !slot.1.contains(&ctrl_c)
        {
            slot.1.push(ctrl_c);
        }
        Ok(map)
    }

    /// The action of a key in a context, if any. Letters never act in a text field.
    pub fn action(&self, ev: &KeyEvent, ctx: Context) -> Option<Action> {
        let key = Key::of(ev);
        let typed = matches!(key.code, KeyCode::Char(_)) && !key.ctrl;
        self.keys
            .iter()
            .filter(|(a, _)| a.applies(ctx))
            .filter(|_| !(typed && ctx == Context::Text))
            .find(|(_, keys)| keys.contains(&key))
            .map(|(a, _)| *a)
    }

    pub fn keys(&self, action: Action) -> &[Key] {
        self.keys
            .iter()
            .find(|(a, _)| *a == action)
            .map_or(&[], |(_, k)| k.as_slice())
    }

    /// `Tab`, or `↑/k` for several keys.
    pub fn label(&self, action: Action, ctx: Context) -> String {
        self.keys(action)
            .iter()
            .filter(|k| !(ctx == Context::Text && matches!(k.code, KeyCode::Char(_)) && !k.ctrl))
            .map(Key::label)
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The hint bar's entries for a context: (keys, word).
    pub fn hints(&self, ctx: Context, actions: &[Action]) -> Vec<(String, &'static str)> {
        actions
            .iter()
            .filter(|a| a.applies(ctx))
            .map(|a| {
                // The bar shows the first key only; `?` lists them all.
                let first = |x: Action| self.keys(x).first().map(Key::label).unwrap_or_default();
                let label = match a {
                    Action::Up => format!("{}{}", first(Action::Up), first(Action::Down)),
                    _ => self
                        .keys(*a)
                        .iter()
                        .find(|k| {
                            !(ctx == Context::Text && matches!(k.code, KeyCode::Char(_)) && !k.ctrl)
                        })
                        .map(Key::label)
                        .unwrap_or_default(),
                };
                (label, a.hint())
            })
            .filter(|(k, _)| !k.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn letters_type_in_text_fields_and_act_elsewhere() {
        let m = KeyMap::default();
        let q = ev(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(m.action(&q, Context::Text), None);
        assert_eq!(m.action(&q, Context::List), Some(Action::Quit));
        let j = ev(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(m.action(&j, Context::List), Some(Action::Down));
        assert_eq!(m.action(&j, Context::Text), None);
        let cc = ev(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(m.action(&cc, Context::Text), Some(Action::ForceQuit));
    }

    #[test]
    fn no_two_actions_share_a_key_in_one_context() {
        let m = KeyMap::default();
        for ctx in [Context::Text, Context::List, Context::Other] {
            let mut seen = HashMap::new();
            for a in Action::ALL.into_iter().filter(|a| a.applies(ctx)) {
                for k in m.keys(a) {
                    if let Some(other) = seen.insert(*k, a) {
                        panic!("{k:?} is both {other:?} and {a:?} in {ctx:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn config_overrides_replace_keys_but_ctrl_c_stays() {
        let mut o = HashMap::new();
        o.insert("review".to_string(), vec!["ctrl+r".to_string()]);
        o.insert("force_quit".to_string(), vec!["ctrl+q".to_string()]);
        let m = KeyMap::with_overrides(&o).unwrap();
        let r = ev(KeyCode::Char('r'), KeyModifiers::CONTROL);
        assert_eq!(m.action(&r, Context::Text), Some(Action::Review));
        let s = ev(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(m.action(&s, Context::Text), None);
        let c = ev(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(m.action(&c, Context::Other), Some(Action::ForceQuit));
        o.insert("launch".to_string(), vec!["x".to_string()]);
        assert!(
            KeyMap::with_overrides(&o)
                .unwrap_err()
                .contains("\"launch\" is not an action")
        );
        let mut bad = HashMap::new();
        bad.insert("quit".to_string(), vec!["meta+q".to_string()]);
        assert!(
            KeyMap::with_overrides(&bad)
                .unwrap_err()
                .contains("keys.quit")
        );
    }
}
