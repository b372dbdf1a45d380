//! Keys: one table of actions for every screen (the wizard and the status pane with its
//! sub-screens). Each action is declared once, in `actions!` below: its variant (the config
//! name is derived from it: `NextField` is `next_field`), its default keys, its hint word, its
//! help line and the screens it acts on. The table drives dispatch, the hint bars, `?` and the
//! config file's `keys` section.

use std::collections::HashMap;
use std::sync::LazyLock;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where the focus is in the wizard, which decides which keys apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// A field typed into: letters type.
    Text,
    /// A list of options.
    List,
    /// A button, a toggle, the review.
    Other,
}

/// The screens of the status pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The table of ads.
    Table,
    /// The detail of one ad, focused (a rejected asset highlighted).
    Detail,
    /// The asset results of one ad.
    Results,
    /// Typing the new text of a rejected asset: letters type.
    Editor,
    /// Typing the filter: letters type.
    Filter,
    /// Asking whether to send the fix.
    Confirm,
    /// The pane's `?` help: any key closes it.
    Help,
}

/// Any screen that reads keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Wizard(Context),
    Pane(Pane),
}

impl From<Context> for Screen {
    fn from(c: Context) -> Screen {
        Screen::Wizard(c)
    }
}

impl From<Pane> for Screen {
    fn from(p: Pane) -> Screen {
        Screen::Pane(p)
    }
}

impl Screen {
    pub const ALL: [Screen; 10] = [
        Screen::Wizard(Context::Text),
        Screen::Wizard(Context::List),
        Screen::Wizard(Context::Other),
        Screen::Pane(Pane::Table),
        Screen::Pane(Pane::Detail),
        Screen::Pane(Pane::Results),
        Screen::Pane(Pane::Editor),
        Screen::Pane(Pane::Filter),
        Screen::Pane(Pane::Confirm),
        Screen::Pane(Pane::Help),
    ];

    /// The screen's bit in an action's scope.
    fn bit(self) -> u16 {
        let i = Screen::ALL.iter().position(|s| *s == self).unwrap_or(0);
        1 << i
    }

    /// Letters type here (they never act).
    pub fn typing(self) -> bool {
        matches!(
            self,
            Screen::Wizard(Context::Text) | Screen::Pane(Pane::Editor | Pane::Filter)
        )
    }

    /// The screen in a sentence: `in the status pane's table`.
    pub fn describe(self) -> &'static str {
        match self {
            Screen::Wizard(Context::Text) => "in the wizard's text fields",
            Screen::Wizard(Context::List) => "in the wizard's lists",
            Screen::Wizard(Context::Other) => "on the wizard's buttons",
            Screen::Pane(Pane::Table) => "in the status pane's table",
            Screen::Pane(Pane::Detail) => "in the status pane's detail",
            Screen::Pane(Pane::Results) => "in the asset results",
            Screen::Pane(Pane::Editor) => "in the fix editor",
            Screen::Pane(Pane::Filter) => "while typing the pane's filter",
            Screen::Pane(Pane::Confirm) => "in the fix's confirmation",
            Screen::Pane(Pane::Help) => "in the pane's help",
        }
    }
}

/// Scopes: the screens an action acts on, as bits in `Screen::ALL`'s order.
mod on {
    pub const TEXT: u16 = 1;
    pub const LIST: u16 = 1 << 1;
    pub const OTHER: u16 = 1 << 2;
    pub const WIZARD: u16 = TEXT | LIST | OTHER;
    pub const TABLE: u16 = 1 << 3;
    pub const DETAIL: u16 = 1 << 4;
    /// The table and the detail: the pane at rest.
    pub const BROWSE: u16 = TABLE | DETAIL;
    pub const RESULTS: u16 = 1 << 5;
    pub const EDITOR: u16 = 1 << 6;
    pub const FILTER: u16 = 1 << 7;
    pub const CONFIRM: u16 = 1 << 8;
    pub const HELP: u16 = 1 << 9;
    pub const EVERYWHERE: u16 = WIZARD | BROWSE | RESULTS | EDITOR | FILTER | CONFIRM | HELP;
}

/// One row of the table.
struct Row {
    /// The variant as written (`NextField`); the config name is derived from it.
    variant: &'static str,
    keys: &'static [&'static str],
    hint: &'static str,
    help: &'static str,
    /// The help line in the status pane, where it says something else than in the wizard.
    pane_help: &'static str,
    scope: u16,
}

/// Declares the actions: each once, with everything about it.
macro_rules! actions {
    ($(
        $(#[$doc:meta])*
        $variant:ident: keys [$($key:literal),*], hint $hint:literal, help $help:literal,
        $(pane $pane:literal,)? on $scope:expr;
    )*) => {
        /// What a key does, independent of the key.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action {
            $($(#[$doc])* $variant,)*
        }

        const ROWS: &[Row] = &[$(Row {
            variant: stringify!($variant),
            keys: &[$($key),*],
            hint: $hint,
            help: $help,
            pane_help: actions!(@or $($pane)? ; $help),
            scope: $scope,
        },)*];

        const COUNT: usize = [$(stringify!($variant)),*].len();

        impl Action {
            /// Every action, in the order the help lists them.
            pub const ALL: [Action; COUNT] = [$(Action::$variant),*];
        }
    };
    (@or $a:literal ; $b:literal) => { $a };
    (@or ; $b:literal) => { $b };
}

actions! {
    // ----- the wizard (and, where the idea is the same, the pane) -----
    NextField: keys ["tab"], hint "next",
        help "next field (from the last field: next step, checked)", on on::WIZARD;
    PrevField: keys ["shift+tab"], hint "back",
        help "previous field (never checks, never loses input)", on on::WIZARD;
    Up: keys ["up", "k"], hint "move", help "move up in a list or a text",
        pane "move in the table; in the detail, between the rejected assets",
        on on::WIZARD | on::BROWSE;
    Down: keys ["down", "j"], hint "move", help "move down in a list or a text",
        pane "move down in the table or the detail", on on::WIZARD | on::BROWSE;
    Choose: keys ["enter"], hint "choose", help "choose / press / next field", on on::WIZARD;
    Toggle: keys ["space"], hint "tick", help "tick or untick in a list, flip a switch",
        on on::LIST | on::OTHER;
    Filter: keys ["/"], hint "filter", help "filter the list", on on::LIST;
    Back: keys ["esc"], hint "back", help "close the filter or overlay, else previous step",
        pane "close the detail, the results or an editor, else the filter",
        on on::WIZARD | on::BROWSE | on::RESULTS | on::EDITOR | on::FILTER;
    NextStep: keys ["pagedown"], hint "next step", help "next step (checked)", on on::WIZARD;
    PrevStep: keys ["pageup"], hint "prev step", help "previous step (not checked)",
        on on::WIZARD;
    Review: keys ["ctrl+s"], hint "review", help "go to Review, where you submit", on on::WIZARD;
    Remove: keys ["ctrl+d"], hint "remove",
        help "remove this item (title, body, image, audience…)", on on::WIZARD;
    Export: keys ["ctrl+o"], hint "export", help "save the draft as a spec file", on on::WIZARD;
    // ----- the status pane -----
    PageUp: keys ["pageup"], hint "page", help "a page up or down in the table", on on::BROWSE;
    PageDown: keys ["pagedown"], hint "page", help "a page down in the table", on on::BROWSE;
    Top: keys ["home"], hint "first", help "to the first or the last ad", on on::BROWSE;
    Bottom: keys ["end"], hint "last", help "to the last ad", on on::BROWSE;
    Detail: keys ["enter"], hint "detail",
        help "open or close the ad's detail (then pick a rejected asset)", on on::BROWSE;
    PaneFilter: keys ["/"], hint "filter",
        help "filter by name, id, status or reason (Esc clears)", on on::BROWSE;
    Sort: keys ["s"], hint "sort", help "sort by status, time in state, name, last checked",
        on on::BROWSE;
    /// Opens the asset results; in them, closes them.
    Results: keys ["r"], hint "results",
        help "asset results: impressions, clicks, CTR, spend per asset",
        on on::BROWSE | on::RESULTS;
    PrevBreakdown: keys ["left", "shift+tab", "h"], hint "breakdown",
        help "in the asset results: the previous or next breakdown", on on::RESULTS;
    NextBreakdown: keys ["right", "tab", "l"], hint "breakdown",
        help "in the asset results: the next breakdown", on on::RESULTS;
    Edit: keys ["e"], hint "edit",
        help "in the detail: edit the rejected text (checked as in the wizard)", on on::BROWSE;
    Drop: keys ["x"], hint "drop", help "in the detail: drop the rejected asset from the feed",
        on on::BROWSE;
    /// Keeps what is typed in the filter or the fix editor.
    Keep: keys ["enter"], hint "keep",
        help "keep what is typed (the filter; a fixed text, checked)",
        on on::EDITOR | on::FILTER;
    SendFix: keys ["ctrl+s"], hint "send fix",
        help "send the fix: a new creative, the ad pointed at it (asks first)",
        on on::BROWSE;
    ConfirmFix: keys ["Y"], hint "send the fix",
        help "send the fix once asked (any other key cancels)", on on::CONFIRM;
    DiscardFix: keys ["ctrl+d"], hint "discard fix", help "discard the fix being prepared",
        on on::BROWSE;
    CopyId: keys ["c"], hint "copy id", help "copy the ad id to the clipboard (OSC 52)",
        on on::BROWSE;
    CopyLink: keys ["C"], hint "copy link", help "copy the ad's Ads Manager link (OSC 52)",
        on on::BROWSE;
    Poll: keys ["p"], hint "poll", help "check now", on on::BROWSE;
    Bell: keys ["b"], hint "bell", help "ring the terminal bell when a state changes (on/off)",
        on on::BROWSE;
    /// Back to the wizard's launch summary.
    Summary: keys ["l"], hint "launch",
        help "the launch summary, after a launch from the wizard (w returns)", on on::BROWSE;
    // ----- everywhere -----
    Help: keys ["?", "f1"], hint "help", help "this help", on on::WIZARD | on::BROWSE;
    Quit: keys ["q"], hint "quit", help "quit (the draft is kept)",
        pane "quit (asked once over an unsent fix); closes the results",
        on on::LIST | on::OTHER | on::BROWSE | on::RESULTS;
    ForceQuit: keys ["ctrl+c"], hint "quit", help "quit from anywhere (the draft is kept)",
        pane "quit from anywhere", on on::EVERYWHERE;
}

/// `NextField` → `next_field`.
fn snake(variant: &str) -> String {
    let mut out = String::with_capacity(variant.len() + 4);
    for (i, c) in variant.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

static NAMES: LazyLock<Vec<String>> =
    LazyLock::new(|| ROWS.iter().map(|r| snake(r.variant)).collect());

impl Action {
    fn row(self) -> &'static Row {
        &ROWS[self as usize]
    }

    /// The name used in the config file's `keys` section, derived from the variant.
    pub fn name(self) -> &'static str {
        NAMES[self as usize].as_str()
    }

    /// The help line (in the wizard's `?`).
    pub fn description(self) -> &'static str {
        self.row().help
    }

    /// The help line in the status pane's `?`.
    pub fn pane_help(self) -> &'static str {
        self.row().pane_help
    }

    /// The short word in the hint bar.
    pub fn hint(self) -> &'static str {
        self.row().hint
    }

    /// The keys it has when the config says nothing.
    pub fn default_keys(self) -> &'static [&'static str] {
        self.row().keys
    }

    /// Whether the action applies on this screen (letters type in text fields).
    pub fn applies(self, screen: impl Into<Screen>) -> bool {
        self.row().scope & screen.into().bit() != 0
    }

    /// The action listed with this one as one line in the pane's help and one entry in a hint
    /// bar (`↑↓ move`, `←→ breakdown`).
    pub fn paired(self) -> Option<Action> {
        match self {
            Action::Up => Some(Action::Down),
            Action::PageUp => Some(Action::PageDown),
            Action::Top => Some(Action::Bottom),
            Action::PrevBreakdown => Some(Action::NextBreakdown),
            _ => None,
        }
    }

    /// Whether this action is listed with another (the second of a pair).
    pub fn is_second_of_pair(self) -> bool {
        Action::ALL.into_iter().any(|a| a.paired() == Some(self))
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
        assert_eq!(snake("NextField"), "next_field");
        assert_eq!(snake("Up"), "up");
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
    fn default_keys_never_give_one_key_two_actions_on_a_screen() {
        assert_eq!(KeyMap::default().check_unique(), Ok(()));
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
        o.insert("poll".to_string(), vec!["ctrl+p".to_string()]);
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
        let pane = [
            Pane::Table,
            Pane::Detail,
            Pane::Results,
            Pane::Editor,
            Pane::Filter,
            Pane::Confirm,
        ];
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
