//! Where the buyer is: the focused field, moving between fields and steps (Next is checked,
//! Back never is).

use super::{ListState, Model, next, prev};
use crate::spec::Step;
use crate::store::DraftMeta;
use crate::tui::form::{Field, FieldKind};
use crate::tui::msg::Effect;
use crate::tui::text::TextField;

impl Model {
    /// Open a spec at its first step with errors, every finding shown.
    pub fn open_with_errors(&mut self) {
        self.shown_steps.extend(Step::ALL);
        self.visited.extend(Step::ALL);
        let first = self.first_with_errors();
        self.goto(first);
        if self.step_has_errors(first) {
            self.focus_first_error();
        }
        self.settling = true;
    }

    /// The first step with errors, else the first.
    fn first_with_errors(&self) -> Step {
        Step::ALL
            .into_iter()
            .find(|s| self.step_has_errors(*s))
            .unwrap_or(Step::Account)
    }

    /// After a file's facts came in: an opened spec the buyer has not touched yet moves to its
    /// first step with errors, if that is now an earlier one or the step it is on has none.
    pub fn settle(&mut self) {
        if !self.settling {
            return;
        }
        let first = self.first_with_errors();
        if first != self.step && self.step_has_errors(first) {
            self.goto(first);
            self.focus_first_error();
        }
    }

    /// A loaded draft (resumed, or reopened by `dcw open`): every step's ✓/✗ known at once,
    /// and the buyer back on the step and field its metadata keeps. Without a step (a draft of
    /// an older dcw), a resumed draft opens at step 1 and an opened one at its first step with
    /// errors; a field that no longer exists falls back to the step's first. An opened draft
    /// shows every finding; a resumed one those of the steps up to where the buyer was.
    pub fn resume_at(&mut self, meta: &DraftMeta, opened: bool) -> Vec<Effect> {
        // What was typed and could not be stored comes back, refused as it was.
        for (id, t) in &meta.typed {
            self.raw.insert(id.clone(), (t.text.clone(), t.why.clone()));
        }
        self.revalidate();
        self.visited.extend(Step::ALL);
        let step = match meta.step() {
            Some(s) => s,
            None if opened => self.first_with_errors(),
            None => Step::Account,
        };
        self.settling = opened && meta.step().is_none();
        if opened {
            self.shown_steps.extend(Step::ALL);
        } else {
            self.shown_steps
                .extend(Step::ALL.into_iter().filter(|s| *s <= step));
        }
        self.goto(step);
        if meta.step().is_some()
            && let Some(field) = meta.field.as_deref()
        {
            let fields = self.fields();
            if let Some(i) = fields.iter().position(|f| f.id == field && f.focusable()) {
                self.set_focus(&fields, i);
            }
        }
        if step == Step::Review {
            self.enter_review()
        } else {
            Vec::new()
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
        self.list.cursor = self.current_row(f);
    }

    /// Puts the focused list's highlight on its current choice (when its options arrive after
    /// it was focused, as the accounts do), unless a filter is being typed.
    pub fn highlight_current(&mut self) {
        if self.list.filter.is_some() {
            return;
        }
        if let Some(f) = self.focused_field() {
            self.list.cursor = self.current_row(&f);
        }
    }

    /// The row a list opens on: the current choice, or the first ticked option; else the first.
    fn current_row(&self, f: &Field) -> usize {
        match &f.kind {
            FieldKind::Choice { options } => {
                let current = self.current_value(&f.id);
                options
                    .iter()
                    .position(|o| Some(&o.value) == current.as_ref())
                    .unwrap_or(0)
            }
            FieldKind::Refs { options } => {
                let ticked = super::value::ref_ids(self, &f.id);
                options
                    .iter()
                    .position(|o| ticked.contains(&o.value))
                    .unwrap_or(0)
            }
            FieldKind::Multi { options, .. } => {
                let ticked = super::value::string_list(self, &f.id);
                options
                    .iter()
                    .position(|o| ticked.contains(&o.value))
                    .unwrap_or(0)
            }
            _ => 0,
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
            let before = next(self.step).map_or("submitting", Step::title);
            let step = self.step;
            self.refuse_at(step, |s| s == step, before, "");
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

    /// A refused Next or Ctrl+S: `step` opens with its errors shown and the focus on the first,
    /// and the notice counts the errors of the steps `counted` (`✗ 3 things to fix before
    /// Assets`, then `tail`).
    fn refuse_at(&mut self, step: Step, counted: impl Fn(Step) -> bool, before: &str, tail: &str) {
        let errors = self
            .all_findings()
            .into_iter()
            .filter(|f| f.is_error() && counted(Step::of_path(&f.path)))
            .count();
        if step != self.step {
            self.goto(step);
        }
        self.shown_steps.insert(step);
        self.notice = Some(format!(
            "✗ {errors} {} to fix before {before}{tail}",
            if errors == 1 { "thing" } else { "things" },
        ));
        self.focus_first_error();
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

    /// Ctrl+S: Review, unless a step before it has errors. Then, like a refused Next, the first
    /// such step opens with the focus on its first error, scrolled into view.
    pub fn jump_to_review(&mut self) -> Vec<Effect> {
        let mut fx = self.on_leave();
        let bad = Step::ALL
            .iter()
            .copied()
            .find(|s| *s != Step::Review && self.step_has_errors(*s));
        if let Some(step) = bad {
            let tail = "; the first is on this step";
            self.refuse_at(step, |s| s != Step::Review, "Review", tail);
            return fx;
        }
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
