//! The help overlay: every key of the focused field's context, from the one key table, and
//! where the log, the config and the drafts are; its own keys (Esc, ?, q, Enter, F1 close it).

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;

use super::keymap::{Action, CROP_PICKS, Context, KeyMap, Modal};
use super::modal;
use super::model::Model;
use super::theme::Theme;

/// The help: every key of this screen, from the key table, and where the files are.
pub fn lines(app: &Model, keymap: &KeyMap) -> Vec<String> {
    let ctx = app.context();
    let mut out = vec![format!(
        "Keys {} (Esc closes):",
        match ctx {
            Context::Text => "while typing in a field",
            Context::List => "in a list",
            Context::Other => "on a button or switch",
        }
    )];
    for a in Action::ALL.into_iter().filter(|a| a.applies(ctx)) {
        let keys = keymap.label(a, ctx);
        if !keys.is_empty() {
            out.push(format!("  {keys:<16} {}", a.description()));
        }
    }
    if ctx == Context::Text {
        out.push("  ←/→ Home/End     move in the text; Ctrl+W, Ctrl+U, Ctrl+K delete".into());
        out.push("  Alt+B/F          move by word; Shift+←/→ select".into());
        out.push("  ? and q          type themselves here; F1 is help, Ctrl+C quits".into());
    }
    out.push(String::new());
    out.push(format!("Log     {}", app.ctx.log_path.display()));
    out.push(format!(
        "Config  {}  (\"keys\" rebinds)",
        app.ctx.config_path.display()
    ));
    out.push(format!("Drafts  {}", app.ctx.drafts_dir.display()));
    out.push(String::new());
    out.push("Esc or ? closes.".into());
    out
}

/// The crop editor's help: its actions from the key table (the six crop keys on one line).
pub fn crop_lines(keymap: &KeyMap) -> Vec<String> {
    let s = Modal::Crop;
    let picks = CROP_PICKS;
    let mut out = vec!["Keys in the crop editor (Esc closes):".to_string()];
    for a in Action::ALL.into_iter().filter(|a| a.applies(s)) {
        if picks[1..].contains(&a) {
            continue;
        }
        let (keys, text) = if a == Action::CropKeyOne {
            let keys: Vec<String> = picks.iter().map(|p| keymap.label(*p, s)).collect();
            (
                keys.join(" "),
                "pick the crop key of that number in the list",
            )
        } else {
            (keymap.label(a, s), a.description())
        };
        if !keys.is_empty() {
            out.push(format!("  {keys:<16} {text}"));
        }
    }
    out.push(String::new());
    out.push("Esc or ? closes.".into());
    out
}

/// Draws the help over the whole screen.
pub fn draw(app: &Model, keymap: &KeyMap, theme: Theme, frame: &mut Frame, area: Rect) {
    modal::draw(frame, theme, area, "Help", &lines(app, keymap), None);
}

/// The keys that close it.
pub fn closes(key: &KeyEvent) -> bool {
    matches!(
        key.code,
        KeyCode::Esc | KeyCode::Char('?') | KeyCode::Char('q') | KeyCode::Enter | KeyCode::F(1)
    )
}

/// The hint bar while it is open.
pub const HINTS: &str = "Esc close";
