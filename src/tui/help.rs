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
    out.push(CLOSES.into());
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

/// Draws the help over the whole screen, fitted to its height.
pub fn draw(app: &Model, keymap: &KeyMap, theme: Theme, frame: &mut Frame, area: Rect) {
    let rows = usize::from(area.height.saturating_sub(2));
    modal::draw(
        frame,
        theme,
        area,
        "Help",
        &fitted(lines(app, keymap), rows),
        None,
    );
}

/// The help in `rows` rows: every key always. When they do not all fit, the blank lines go
/// first, then the closing line (the first line says Esc closes), then the three file paths
/// give way to one line naming the command that prints them.
pub fn fitted(mut lines: Vec<String>, rows: usize) -> Vec<String> {
    if lines.len() <= rows {
        return lines;
    }
    lines.retain(|l| !l.is_empty());
    if lines.len() > rows {
        lines.retain(|l| l != CLOSES);
    }
    if lines.len() > rows {
        let files = ["Log     ", "Config  ", "Drafts  "];
        lines.retain(|l| !files.iter().any(|f| l.starts_with(f)));
        lines.push("Log, config and drafts: `dcw paths` prints where they are.".into());
    }
    lines
}

const CLOSES: &str = "Esc or ? closes.";

/// The keys that close it.
pub fn closes(key: &KeyEvent) -> bool {
    matches!(
        key.code,
        KeyCode::Esc | KeyCode::Char('?') | KeyCode::Char('q') | KeyCode::Enter | KeyCode::F(1)
    )
}

/// The hint bar while it is open.
pub const HINTS: &str = "Esc close";

#[cfg(test)]
mod tests {
    use super::*;

    fn help(keys: usize) -> Vec<String> {
        let mut out = vec!["Keys in a list (Esc closes):".to_string()];
        out.extend((0..keys).map(|i| format!("  k{i}  does {i}")));
        out.push(String::new());
        out.push("Log     /l".into());
        out.push("Config  /c".into());
        out.push("Drafts  /d".into());
        out.push(String::new());
        out.push(CLOSES.into());
        out
    }

    #[test]
    fn with_room_the_help_is_whole() {
        assert_eq!(fitted(help(3), 40), help(3));
    }

    #[test]
    fn short_of_rows_the_blank_lines_and_the_closing_line_go_first() {
        // 1 + 10 keys + 3 paths = 14 lines without the blanks and the closing line.
        let got = fitted(help(10), 14);
        assert_eq!(got.len(), 14, "{got:?}");
        assert!(got.iter().all(|l| !l.is_empty() && l != CLOSES), "{got:?}");
        assert!(got.iter().any(|l| l.starts_with("Drafts  ")), "{got:?}");
    }

    #[test]
    fn shorter_still_the_paths_give_way_to_the_command_that_prints_them() {
        let got = fitted(help(10), 12);
        assert_eq!(got.len(), 12, "{got:?}");
        assert!(
            (0..10).all(|i| got.contains(&format!("  k{i}  does {i}"))),
            "{got:?}"
        );
        assert!(
            got.last().is_some_and(|l| l.contains("`dcw paths`")),
            "{got:?}"
        );
    }
}
