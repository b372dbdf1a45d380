//! What a wizard step's screen is: its rules for the model ([`StepRules`]: fields, `#` fields,
//! what follows a choice) plus its own words, drawing, keys and hints. One implementation per
//! step in `steps/`; `steps::screen` picks it (adding a step is one file and one arm there).
//! Below the screens: imports the model and the widgets' types, no screen.

use ratatui::text::Line;

use super::keymap::{Action, Context};
use super::model::{Model, StepRules};
use super::msg::Effect;
use super::theme::Theme;

/// What a screen's drawing knows besides the model.
#[derive(Debug, Clone, Copy)]
pub struct Look {
    pub theme: Theme,
    /// The body's width in columns.
    pub width: usize,
    /// The status pane is there (after a launch): `w` shows it.
    pub watching: bool,
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
        Context::Text => v.push(Action::Choose),
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
    v
}
