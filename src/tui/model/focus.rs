//! Where the buyer is: the focused field, moving between fields and steps (Next is checked,
//! Back never is).

use super::{ListState, Model, next, prev};
use crate::spec::Step;
use crate::tui::form::{Field, FieldKind};
use crate::tui::msg::Effect;
use crate::tui::text::TextField;

impl Model {
    /// Open a spec at its first step with errors, every finding shown.
    pub fn open_with_errors(&mut self) {
        self.shown_steps.extend(Step::ALL);
        self.visited.extend(Step::ALL);
        let first = Step::ALL
            .into_iter()
            .find(|s| self.step_has_errors(*s))
            .unwrap_or(Step::Account);
        self.goto(first);
        if self.step_has_errors(first) {
            self.focus_first_error();
        }
    }

    pub fn focus_at(&mut self, index: usize) {
        let fields = self.fields();
        let index = (0..fields.len())
            .map(|k| (index + k) % fields.len().max(1))
            .find(|&i| fields[i].focusable());
        self.set_focus(&fields, index.unwrap_or(0));
    }

    pub(crate) fn set_focus(&mut self, fields: &[Field], index: usize) {
        self.edit = None;
        self.history.close();
        self.list = ListState::default();
        let Some(f) = fields.get(index) else {
            self.focus.clear();
            self.focus_index = 0;
            return;
        };
        self.focus = f.id.clone();
        self.focus_index = index;
        if f.kind.is_typed() {
            let text = match self.raw.get(&f.id) {
                Some((t, _)) => t.clone(),
                None => super::value::display_text(self, f),
            };
            let multiline = matches!(
                f.kind,
                FieldKind::Text {
                    multiline: true,
                    ..
                }
            );
            let mut input = TextField::new(&text, multiline);
            if selects_on_entry(f) {
                // Typing replaces a number, an amount or a date; a text keeps the cursor at its end.
                input.select_all();
            }
            self.edit = Some((f.id.clone(), input));
        }
        if let FieldKind::Choice { options } = &f.kind {
            let current = self.current_value(&f.id);
            self.list.cursor = options
                .iter()
                .position(|o| Some(&o.value) == current.as_ref())
                .unwrap_or(0);
        }
    }

    /// Esc in a typed field: editing ends (what was typed is kept and its findings show) and
    /// the focus stays; Enter edits again, a second Esc goes back.
    pub fn stop_editing(&mut self) -> Vec<Effect> {
        let fx = self.leave_forward();
        self.edit = None;
        self.history.close();
        fx
    }

    /// Enter on a typed field whose editing Esc ended: edit it again.
    pub fn start_editing(&mut self) {
        let fields = self.fields();
        if let Some(i) = self.focus_position(&fields) {
            self.set_focus(&fields, i);
        }
    }

    /// Leaves the focused field forward: its findings show from now on.
    fn leave_forward(&mut self) -> Vec<Effect> {
        let fx = self.on_leave();
        self.shown.insert(self.focus.clone());
        fx
    }

    pub fn next_field(&mut self, forward_check: bool) -> Vec<Effect> {
        let mut fx = if forward_check {
            self.leave_forward()
        } else {
            Vec::new()
        };
        let fields = self.fields();
        let cur = self.focus_position(&fields).unwrap_or(0);
        match (cur + 1..fields.len()).find(|&i| fields[i].focusable()) {
            Some(i) => self.set_focus(&fields, i),
            None => fx.extend(self.next_step()),
        }
        fx
    }

    pub fn prev_field(&mut self) {
        let fields = self.fields();
        let cur = self.focus_position(&fields).unwrap_or(0);
        match (0..cur).rev().find(|&i| fields[i].focusable()) {
            Some(i) => self.set_focus(&fields, i),
            None => {
                if self.step != Step::Account {
                    self.prev_step();
                    let fields = self.fields();
                    if let Some(last) = (0..fields.len()).rev().find(|&i| fields[i].focusable()) {
                        self.set_focus(&fields, last);
                    }
                }
            }
        }
    }

    pub fn goto(&mut self, step: Step) {
        self.step = step;
        self.visited.insert(step);
        self.focus.clear();
        self.focus_at(0);
    }

    /// Next, checked: refused while this step has errors, and then they all show.
    pub fn next_step(&mut self) -> Vec<Effect> {
        let mut fx = self.on_leave();
        if self.step_has_errors(self.step) {
            self.shown_steps.insert(self.step);
            let errors = self
                .all_findings()
                .into_iter()
                .filter(|f| f.is_error() && Step::of_path(&f.path) == self.step)
                .count();
            self.notice = Some(format!(
                "✗ {errors} {} to fix before {}",
                if errors == 1 { "thing" } else { "things" },
                next(self.step).map_or("submitting", Step::title)
            ));
            self.focus_first_error();
            return fx;
        }
        if let Some(n) = next(self.step) {
            self.goto(n);
            if n == Step::Review {
                fx.extend(self.enter_review());
            }
        }
        fx
    }

    /// The first field with an error gets the focus (the form scrolls to it); with none, the
    /// first field, under the step's own findings at the top.
    fn focus_first_error(&mut self) {
        let fields = self.fields();
        let all = self.all_findings();
        let owner = fields
            .iter()
            .position(|f| f.focusable() && all.iter().any(|x| x.is_error() && f.owns(&x.path)));
        match owner {
            Some(i) => self.set_focus(&fields, i),
            None => self.focus_at(0),
        }
    }

    /// Back: never checks, never loses input.
    pub fn prev_step(&mut self) {
        if let Some(p) = prev(self.step) {
            self.goto(p);
        }
    }

    pub fn jump_to_review(&mut self) -> Vec<Effect> {
        let mut fx = self.on_leave();
        if self.step != Step::Review {
            self.goto(Step::Review);
            fx.extend(self.enter_review());
        }
        fx
    }
}

/// Fields whose value is selected when the focus arrives, so typing replaces it: numbers
/// (ages), amounts, and dates and times.
pub fn selects_on_entry(f: &Field) -> bool {
    match f.kind {
        FieldKind::Int | FieldKind::Money => true,
        FieldKind::Text {
            multiline: false, ..
        } => f.id.ends_with("_time"),
        _ => false,
    }
}
