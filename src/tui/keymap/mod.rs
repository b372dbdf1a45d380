//! Keys: one table of actions for every screen (the wizard and the status pane with its
//! sub-screens). Each action is declared once, in `actions.rs`: its variant (the config
//! name is derived from it: `NextField` is `next_field`), its default keys, its hint word, its
//! help line and the screens it acts on. The table drives dispatch, the hint bars, `?` and the
//! config file's `keys` section.

mod actions;
mod key;

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent};

pub use actions::{Action, CROP_PICKS, Context, Modal, Pane, Screen};
pub use key::Key;

/// The key table: action to keys, defaults overlaid with the config file's choices.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyMap {
    keys: Vec<(Action, Vec<Key>)>,
}

impl Default for KeyMap {
    fn default() -> Self {
        let keys = Action::ALL
            .into_iter()
            .map(|a| {
                let list = a
                    .default_keys()
                    .iter()
                    .map(|k| Key::parse(k).expect("default keys parse"))
                    .collect();
                (a, list)
            })
            .collect();
        KeyMap { keys }
    }
}

/// Whether `key` types a letter (which never acts where letters type).
fn types(key: &Key) -> bool {
    matches!(key.code, KeyCode::Char(_)) && !key.ctrl
}

/// What a key does to the text being typed, for the keys a text field keeps for itself
/// (an action bound to one would take it from every field).
fn editing_key(key: &Key) -> Option<&'static str> {
    Some(match (key.code, key.ctrl) {
        (KeyCode::Char('a'), true) => "it goes to the start of the line",
        (KeyCode::Char('e'), true) => "it goes to the end of the line",
        (KeyCode::Char('u'), true) => "it deletes to the start of the line",
        (KeyCode::Char('k'), true) => "it deletes to the end of the line",
        (KeyCode::Char('w'), true) => "it deletes the word before the cursor",
        (KeyCode::Char('z'), true) => "it undoes",
        (KeyCode::Char('y'), true) => "it redoes",
        (KeyCode::Left | KeyCode::Right, _) => "it moves the cursor",
        (KeyCode::Home | KeyCode::End, _) => "it moves the cursor",
        _ => return None,
    })
}

/// Undo and redo on the key a text field would use for them: the same meaning, no clash.
fn is_own_editing_key(action: Action, key: &Key) -> bool {
    matches!(
        (action, key.code, key.ctrl),
        (Action::Undo, KeyCode::Char('z'), true) | (Action::Redo, KeyCode::Char('y'), true)
    )
}

impl KeyMap {
    /// Defaults with `overrides` (action name to keys) laid over them. Ctrl+C always quits. A
    /// name that is no action, a key that cannot be read and a key bound to two actions of one
    /// screen are refused, naming the action and the key.
    pub fn with_overrides(overrides: &HashMap<String, Vec<String>>) -> Result<KeyMap, String> {
        let mut map = KeyMap::default();
        // In name order, so the first complaint is the same on every run.
        let mut names: Vec<&String> = overrides.keys().collect();
        names.sort();
        for name in names {
            let action = Action::from_name(name).ok_or_else(|| {
                let names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
                format!(
                    "keys: {name:?} is not an action; actions are {}",
                    names.join(", ")
                )
            })?;
            let parsed = overrides[name]
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
        map.check_unique()?;
        Ok(map)
    }

    /// No key does two things on one screen (letters where letters type do nothing).
    fn check_unique(&self) -> Result<(), String> {
        for screen in Screen::ALL {
            let mut seen: HashMap<Key, Action> = HashMap::new();
            for (a, keys) in self.keys.iter().filter(|(a, _)| a.applies(screen)) {
                if screen.typing()
                    && let Some((k, edit)) = keys
                        .iter()
                        .filter(|k| !is_own_editing_key(*a, k))
                        .find_map(|k| editing_key(k).map(|edit| (k, edit)))
                {
                    return Err(format!(
                        "keys: {} is bound to {}, but {} {}; give {} another key",
                        k.label(),
                        a.name(),
                        edit,
                        screen.describe(),
                        a.name()
                    ));
                }
                for k in keys.iter().filter(|k| !(screen.typing() && types(k))) {
                    match seen.get(k) {
                        Some(other) if other != a => {
                            return Err(format!(
                                "keys: {} is bound to both {} and {} {}; give one of them another key",
                                k.label(),
                                other.name(),
                                a.name(),
                                screen.describe()
                            ));
                        }
                        _ => {
                            seen.insert(*k, *a);
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// The action of a key on a screen, if any. Letters never act where letters type.
    pub fn action(&self, ev: &KeyEvent, screen: impl Into<Screen>) -> Option<Action> {
        let screen = screen.into();
        let key = Key::of(ev);
        if screen.typing() && types(&key) {
            return None;
        }
        self.keys
            .iter()
            .filter(|(a, _)| a.applies(screen))
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
    pub fn label(&self, action: Action, screen: impl Into<Screen>) -> String {
        let screen = screen.into();
        self.keys(action)
            .iter()
            .filter(|k| !(screen.typing() && types(k)))
            .map(Key::label)
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The first key of an action usable on a screen, as shown: `Enter`.
    pub fn first(&self, action: Action, screen: impl Into<Screen>) -> String {
        let screen = screen.into();
        self.keys(action)
            .iter()
            .find(|k| !(screen.typing() && types(k)))
            .map(Key::label)
            .unwrap_or_default()
    }

    /// The hint bar's entries for a screen: (keys, word). A pair shows both first keys
    /// (`↑↓ move`).
    pub fn hints(
        &self,
        screen: impl Into<Screen>,
        actions: &[Action],
    ) -> Vec<(String, &'static str)> {
        let screen = screen.into();
        actions
            .iter()
            .filter(|a| a.applies(screen))
            .map(|a| {
                // The bar shows the first key only; `?` lists them all.
                let label = match a.paired() {
                    Some(b) => format!("{}{}", self.first(*a, screen), self.first(b, screen)),
                    None => self.first(*a, screen),
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
    use crossterm::event::KeyModifiers;

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

    #[test]
    fn config_names_are_derived_from_the_variants_unique_and_unchanged() {
        assert_eq!(actions::snake("NextField"), "next_field");
        assert_eq!(actions::snake("Up"), "up");
        assert_eq!(Action::CopyId.name(), "copy_id");
        assert_eq!(Action::PaneFilter.name(), "pane_filter");
        let mut seen = std::collections::HashSet::new();
        for a in Action::ALL {
            assert!(
                seen.insert(a.name()),
                "{} is the name of two actions",
                a.name()
            );
            assert!(
                a.name().chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{:?} is named {:?}",
                a,
                a.name()
            );
            assert_eq!(Action::from_name(a.name()), Some(a));
        }
        // The names configs written before the table keep working.
        for name in [
            "next_field",
            "prev_field",
            "up",
            "down",
            "choose",
            "toggle",
            "back",
            "filter",
            "review",
            "next_step",
            "prev_step",
            "remove",
            "export",
            "help",
            "quit",
            "force_quit",
        ] {
            assert!(Action::from_name(name).is_some(), "{name} is gone");
        }
    }

    #[test]
    fn ctrl_z_and_ctrl_y_undo_and_redo_the_draft_even_where_letters_type() {
        let m = KeyMap::default();
        let z = ev(KeyCode::Char('z'), KeyModifiers::CONTROL);
        let y = ev(KeyCode::Char('y'), KeyModifiers::CONTROL);
        for ctx in [Context::Text, Context::List, Context::Other] {
            assert_eq!(m.action(&z, ctx), Some(Action::Undo), "{ctx:?}");
            assert_eq!(m.action(&y, ctx), Some(Action::Redo), "{ctx:?}");
        }
        assert_eq!(
            m.action(&z, Pane::Table),
            None,
            "the pane has no draft to undo"
        );
        // Rebound elsewhere, undo is on its new key and Ctrl+Z is no action (a text field keeps
        // it for its own undo).
        let o = HashMap::from([("undo".to_string(), vec!["ctrl+g".to_string()])]);
        let m = KeyMap::with_overrides(&o).unwrap();
        let g = ev(KeyCode::Char('g'), KeyModifiers::CONTROL);
        assert_eq!(m.action(&g, Context::Text), Some(Action::Undo));
        assert_eq!(m.action(&z, Context::Text), None);
    }

    #[test]
    fn default_keys_never_give_one_key_two_actions_on_a_screen() {
        assert_eq!(KeyMap::default().check_unique(), Ok(()));
    }

    #[test]
    fn keys_a_terminal_cannot_send_or_a_text_field_keeps_are_refused() {
        let refused = |action: &str, key: &str| {
            let o: HashMap<String, Vec<String>> =
                HashMap::from([(action.to_string(), vec![key.to_string()])]);
            KeyMap::with_overrides(&o).unwrap_err()
        };
        for (action, key, says) in [
            // The terminal sends these as another key's byte.
            ("quit", "ctrl+i", "a terminal sends Ctrl+I as tab"),
            ("review", "ctrl+m", "a terminal sends Ctrl+M as enter"),
            ("review", "ctrl+h", "a terminal sends Ctrl+H as Backspace"),
            ("review", "ctrl+[", "a terminal sends Ctrl+[ as esc"),
            // Nothing anyone can see or press.
            (
                "quit",
                "\u{1b}",
                "is not a key: it is a control or invisible character",
            ),
            (
                "quit",
                "\u{0}",
                "is not a key: it is a control or invisible character",
            ),
            (
                "sort",
                "\u{9b}",
                "is not a key: it is a control or invisible character",
            ),
            (
                "sort",
                "\u{202e}",
                "is not a key: it is a control or invisible character",
            ),
            (
                "sort",
                "\u{200b}",
                "is not a key: it is a control or invisible character",
            ),
            (
                "sort",
                "ctrl+\u{7}",
                "is not a key: it is a control or invisible character",
            ),
            // Keys every text field keeps for itself, given to an action that acts there.
            (
                "review",
                "ctrl+z",
                "Ctrl+Z is bound to review, but it undoes in the wizard's text fields",
            ),
            (
                "export",
                "ctrl+w",
                "Ctrl+W is bound to export, but it deletes the word before the cursor",
            ),
            (
                "review",
                "home",
                "Home is bound to review, but it moves the cursor",
            ),
        ] {
            let e = refused(action, key);
            assert!(e.contains(says), "{action} = {key:?}: {e}");
            assert!(!e.chars().any(|c| c.is_control()), "escaped: {e:?}");
        }
        // A key a text field keeps is fine on an action that never acts where one types.
        let o = HashMap::from([("sort".to_string(), vec!["ctrl+z".to_string()])]);
        assert!(KeyMap::with_overrides(&o).is_ok());
    }

    #[test]
    fn a_bad_binding_is_refused_naming_the_action_and_the_key() {
        let refused = |pairs: &[(&str, &str)]| {
            let o: HashMap<String, Vec<String>> = pairs
                .iter()
                .map(|(a, k)| (a.to_string(), vec![k.to_string()]))
                .collect();
            KeyMap::with_overrides(&o).unwrap_err()
        };
        let e = refused(&[("sortt", "o")]);
        assert!(
            e.contains("\"sortt\" is not an action") && e.contains("sort,"),
            "{e}"
        );
        let e = refused(&[("sort", "ctrl+shift+pgdn")]);
        assert!(
            e.starts_with("keys.sort: ") && e.contains("is not a key"),
            "{e}"
        );
        let e = refused(&[("sort", "p")]);
        assert!(
            e.contains("p is bound to both") && e.contains("sort") && e.contains("poll"),
            "{e}"
        );
        assert!(e.contains("in the status pane's table"), "{e}");
        // A wizard key on a pane action clashes only where both act.
        let e = refused(&[("quit", "j")]);
        assert!(
            e.contains("j is bound to both down and quit in the wizard's lists"),
            "{e}"
        );
        // Moving a key to a freed one is fine; so is a key another screen uses.
        let mut o = HashMap::new();
        o.insert("sort".to_string(), vec!["p".to_string()]);
        o.insert("poll".to_string(), vec!["ctrl+g".to_string()]);
        o.insert("bell".to_string(), vec!["ctrl+o".to_string()]);
        let m = KeyMap::with_overrides(&o).unwrap();
        let p = ev(KeyCode::Char('p'), KeyModifiers::NONE);
        assert_eq!(m.action(&p, Pane::Table), Some(Action::Sort));
        assert_eq!(
            m.action(&p, Pane::Filter),
            None,
            "letters type in the filter"
        );
    }

    #[test]
    fn every_pane_action_has_a_hint_and_a_help_line() {
        // The help's keys are its own (any key closes it).
        let pane: Vec<Pane> = Pane::ALL.into_iter().filter(|p| *p != Pane::Help).collect();
        let mut n = 0;
        for a in Action::ALL {
            if !pane.iter().any(|p| a.applies(*p)) {
                continue;
            }
            n += 1;
            assert!(!a.hint().is_empty(), "{a:?} has no hint");
            assert!(!a.pane_help().is_empty(), "{a:?} has no help line");
            assert!(!a.default_keys().is_empty(), "{a:?} has no key");
        }
        assert!(n >= 20, "only {n} actions act in the pane");
    }
}
