//! What a wizard step's screen is: its rules for the model ([`StepRules`]: fields, `#` fields,
//! what follows a choice) plus its own words, drawing, keys and hints. One implementation per
//! step in `steps/`; `steps::screen` picks it (adding a step is one file and one arm there).
//! Below the screens: imports the model and the widgets' types, no screen.

use ratatui::text::Line;

use super::keymap::{Action, Context};
use super::model::{Model, StepRules};
use super::msg::Effect;
use super::picker;
use super::theme::Theme;

/// What a screen's drawing knows besides the model.
#[derive(Debug, Clone)]
pub struct Look {
    pub theme: Theme,
    /// The body's width in columns.
    pub width: usize,
    /// The status pane is there (after a launch): the key that shows it (`w`) and the pane's
    /// key back to the summary (`l`), as the config gave them.
    pub watching: Option<(String, String)>,
}

pub trait StepScreen: StepRules {
    /// One line under the step's title on what it is for.
    fn intro(&self, m: &Model) -> &'static str;

    /// Lines under the intro that stay on screen (the asset counts).
    fn head_lines(&self, _m: &Model) -> Vec<String> {
        Vec::new()
    }

    /// Lines drawn after the form's fields (Review's payloads and launch).
    fn after_form(&self, _m: &Model, _look: &Look, _lines: &mut Vec<Line<'static>>) {}

    /// The first line shown of the body, when the step scrolls on its own instead of
    /// following the focus.
    fn scroll(&self, _m: &Model) -> Option<usize> {
        None
    }

    /// ↑/↓ when the step takes them itself (Review scrolls on its button); `None` moves the
    /// focus as everywhere.
    fn on_vertical(&self, _m: &mut Model, _ctx: Context, _dir: i32) -> Option<Vec<Effect>> {
        None
    }

    /// The hint bar's actions for a context, in order.
    fn hint_actions(&self, m: &Model, ctx: Context) -> Vec<Action> {
        form_hints(m, ctx)
    }
}

/// The hint bar of a form step: moving, choosing, help and quit first (a narrow bar drops
/// from the end), then Review and Back.
pub fn form_hints(m: &Model, ctx: Context) -> Vec<Action> {
    if m.review.submitting() {
        return vec![Action::ForceQuit];
    }
    let mut v = vec![Action::NextField, Action::PrevField];
    match ctx {
        Context::List => v.extend([Action::Up, Action::Choose, Action::Toggle, Action::Filter]),
        Context::Text => {
            // A type-ahead: ↑↓ move the highlight that Enter adds.
            if m.focused_field()
                .is_some_and(|f| picker::is_picker(&f.kind))
            {
                v.push(Action::Up);
            }
            v.push(Action::Choose)
        }
        Context::Other => v.push(Action::Choose),
    }
    // Help and quit come before the rest: a narrow bar drops from the end.
    v.extend([
        Action::Help,
        Action::Quit,
        Action::ForceQuit,
        Action::Review,
        Action::Back,
    ]);
    // Last: a narrow bar drops it first (`?` lists it).
    if matches!(
        m.step,
        crate::spec::Step::Assets | crate::spec::Step::Review
    ) {
        v.push(Action::Preview);
    }
    v
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// The `.rs` files of `src/tui/<dir>` (or the one file `src/tui/<dir>.rs`).
    fn sources(dir: &str) -> Vec<(String, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui");
        let file = root.join(format!("{dir}.rs"));
        let paths: Vec<_> = if file.is_file() {
            vec![file]
        } else {
            std::fs::read_dir(root.join(dir))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "rs"))
                .collect()
        };
        paths
            .into_iter()
            .map(|p| {
                (
                    p.display().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                )
            })
            .collect()
    }

    /// Whether a source names a module of `src/tui` (outside comments).
    fn names(text: &str, module: &str) -> bool {
        text.lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .any(|l| {
                l.contains(&format!("tui::{module}::"))
                    || l.contains(&format!("super::{module}::"))
                    || l.contains(&format!("use super::{module};"))
                    || l.contains(&format!("tui::{module}}}"))
                    || l.contains(&format!("tui::{{{module}"))
            })
    }

    #[test]
    fn screens_widgets_and_the_model_never_import_the_app_and_the_model_no_screen() {
        let below_app = [
            "steps",
            "model",
            "render",
            "edit",
            "form_keys",
            "help",
            "modal",
            "screen",
        ];
        for dir in below_app {
            for (path, text) in sources(dir) {
                assert!(!names(&text, "app"), "{path} imports the app");
                assert!(!names(&text, "view"), "{path} imports the frame's view");
            }
        }
        for dir in ["model", "render", "edit", "form_keys", "modal", "screen"] {
            for (path, text) in sources(dir) {
                assert!(!names(&text, "steps"), "{path} imports a screen");
            }
        }
    }
}
