//! Undo and redo of the draft (Ctrl+Z / Ctrl+Y), across fields and steps. Each key press or
//! paste that changes the draft is one step, kept as the smallest part of the draft it changed
//! (the JSON path where the two drafts part, with the value before and after), with the step and
//! the field the buyer was on. Typing in one field while it keeps the focus is one step (a
//! burst ends when the focus leaves the field, at Esc, or at an undo). Bounded: at most
//! [`MAX_STEPS`] steps and [`MAX_BYTES`] of values (undo and redo together), the oldest dropped.

use std::collections::VecDeque;

use serde_json::Value;

use super::Model;
use crate::spec::Step;
use crate::tui::form;
use crate::tui::msg::Effect;

/// Undo steps kept at most.
pub const MAX_STEPS: usize = 200;
/// The values kept, before and after, of every undo and redo step, in bytes of JSON at most.
pub const MAX_BYTES: usize = 4 << 20;

/// One change to the draft: the value at `path` before and after (`""` is the whole draft).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub path: String,
    pub before: Value,
    pub after: Value,
    /// Where the buyer was when it was made: it is focused again when it is undone.
    pub step: Step,
    pub focus: String,
    bytes: usize,
}

impl Change {
    pub fn new(path: &str, before: Value, after: Value, step: Step, focus: &str) -> Change {
        let bytes = json_len(&before) + json_len(&after) + path.len();
        Change {
            path: path.to_string(),
            before,
            after,
            step,
            focus: focus.to_string(),
            bytes,
        }
    }
}

/// The draft, the step and the field as an input began.
#[derive(Debug, Clone)]
struct Before {
    draft: Value,
    draft_id: String,
    step: Step,
    focus: String,
}

/// The undo and redo stacks.
#[derive(Debug, Clone, Default)]
pub struct History {
    undo: VecDeque<Change>,
    redo: Vec<Change>,
    bytes: usize,
    /// While the last undo step is typing that more typing joins: the field and the draft
    /// as the typing began.
    open: Option<(String, Value)>,
    before: Option<Before>,
}

impl History {
    /// Adds a new step (clearing redo); `burst` is the field and the draft before it when the
    /// change was typed into the focused field, so that more typing there joins it.
    pub fn record(&mut self, change: Change, burst: Option<(String, Value)>) {
        self.clear_redo();
        self.bytes += change.bytes;
        self.undo.push_back(change);
        self.open = burst;
        self.trim();
    }

    /// The draft as the open burst of typing in `focus` began, if one is open.
    fn burst_start(&self, focus: &str) -> Option<&Value> {
        match &self.open {
            Some((f, start)) if f == focus && !self.undo.is_empty() => Some(start),
            _ => None,
        }
    }

    /// The open burst's step, made again from the draft as the burst began and as it is now.
    fn extend_burst(&mut self, now: &Value) {
        let Some((focus, start)) = &self.open else {
            return;
        };
        let path = parting(start, now).unwrap_or_else(|| focus.clone());
        let at = |v: &Value| value_at(v, &path).cloned().unwrap_or(Value::Null);
        let (before, after) = (at(start), at(now));
        self.clear_redo();
        if let Some(last) = self.undo.back_mut() {
            self.bytes -= last.bytes;
            *last = Change::new(&path, before, after, last.step, &last.focus);
            self.bytes += last.bytes;
        }
        self.trim();
    }

    fn clear_redo(&mut self) {
        for c in self.redo.drain(..) {
            self.bytes -= c.bytes;
        }
    }

    /// Drops the oldest steps past the caps (the newest is always kept).
    fn trim(&mut self) {
        while self.undo.len() > 1 && (self.undo.len() > MAX_STEPS || self.bytes > MAX_BYTES) {
            if let Some(c) = self.undo.pop_front() {
                self.bytes -= c.bytes;
            }
        }
    }

    /// The step to undo, moved to redo.
    pub fn take_undo(&mut self) -> Option<Change> {
        self.open = None;
        let c = self.undo.pop_back()?;
        self.redo.push(c.clone());
        Some(c)
    }

    /// The step to redo, moved back to undo.
    pub fn take_redo(&mut self) -> Option<Change> {
        self.open = None;
        let c = self.redo.pop()?;
        self.undo.push_back(c.clone());
        Some(c)
    }

    /// The burst of typing ends (the focus left the field).
    pub fn close(&mut self) {
        self.open = None;
    }

    pub fn clear(&mut self) {
        *self = History::default();
    }

    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    pub fn redo_len(&self) -> usize {
        self.redo.len()
    }

    /// The JSON bytes kept, undo and redo together.
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

/// The length of a value as JSON, without building the text.
fn json_len(v: &Value) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0 += b.len();
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut c = Count(0);
    let _ = serde_json::to_writer(&mut c, v);
    c.0
}

/// Where two drafts part: the deepest path whose containers have the same shape in both and
/// differ in one place only. `None` when they are equal.
pub fn parting(before: &Value, after: &Value) -> Option<String> {
    if before == after {
        return None;
    }
    let mut path = String::new();
    let (mut b, mut a) = (before, after);
    loop {
        let next = match (b, a) {
            (Value::Object(x), Value::Object(y))
                if x.len() == y.len() && x.keys().all(|k| y.contains_key(k)) =>
            {
                let mut differ = x.iter().filter(|(k, v)| y.get(*k) != Some(*v));
                match (differ.next(), differ.next()) {
                    // A key a path cannot name is changed as part of its object.
                    (Some((k, _)), None) if k.is_empty() || k.contains(['.', '[', ']']) => None,
                    (Some((k, v)), None) => Some((format!(".{k}"), v, &y[k])),
                    _ => None,
                }
            }
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
                let mut differ = (0..x.len()).filter(|&i| x[i] != y[i]);
                match (differ.next(), differ.next()) {
                    (Some(i), None) => Some((format!("[{i}]"), &x[i], &y[i])),
                    _ => None,
                }
            }
            _ => None,
        };
        match next {
            Some((seg, nb, na)) => {
                path.push_str(&seg);
                (b, a) = (nb, na);
            }
            None => return Some(path.trim_start_matches('.').to_string()),
        }
    }
}

impl Model {
    /// A key press or a paste begins: the draft as it is, to see what it changed.
    pub fn begin_input(&mut self) {
        self.history.before = Some(Before {
            draft: self.draft.clone(),
            draft_id: self.draft_id.clone(),
            step: self.step,
            focus: self.focus.clone(),
        });
    }

    /// A key press or a paste ended: what it changed in the draft is one undo step (typing
    /// in the focused field joins the burst before it). Another draft loaded starts afresh.
    pub fn end_input(&mut self) {
        let Some(b) = self.history.before.take() else {
            return;
        };
        if b.draft_id != self.draft_id {
            self.history.clear();
            return;
        }
        let Some(path) = parting(&b.draft, &self.draft) else {
            return;
        };
        let typed = self.focus == b.focus
            && self.edit.as_ref().is_some_and(|(id, _)| *id == b.focus)
            && related(&path, &b.focus);
        if typed && self.history.burst_start(&b.focus).is_some() {
            let now = self.draft.clone();
            self.history.extend_burst(&now);
            return;
        }
        let at = |v: &Value| value_at(v, &path).cloned().unwrap_or(Value::Null);
        let change = Change::new(&path, at(&b.draft), at(&self.draft), b.step, &b.focus);
        let burst = typed.then(|| (b.focus.clone(), b.draft));
        self.history.record(change, burst);
    }

    /// Ctrl+Z: the last change to the draft undone, its step and field shown again.
    pub fn undo(&mut self) -> Vec<Effect> {
        if self.review.launched() {
            return self.refuse_launched();
        }
        self.history.before = None;
        match self.history.take_undo() {
            Some(c) => {
                let fx = self.restore(&c, c.before.clone());
                self.notice = Some(format!(
                    "Undone ({} more to undo).",
                    self.history.undo_len()
                ));
                fx
            }
            None => {
                self.notice = Some("Nothing to undo.".into());
                Vec::new()
            }
        }
    }

    /// Ctrl+Y: the last change undone made again.
    pub fn redo(&mut self) -> Vec<Effect> {
        if self.review.launched() {
            return self.refuse_launched();
        }
        self.history.before = None;
        match self.history.take_redo() {
            Some(c) => {
                let fx = self.restore(&c, c.after.clone());
                self.notice = Some(format!(
                    "Redone ({} more to redo).",
                    self.history.redo_len()
                ));
                fx
            }
            None => {
                self.notice = Some("Nothing to redo.".into());
                Vec::new()
            }
        }
    }

    /// Puts `value` at the change's path, then goes to its step and focuses its field.
    fn restore(&mut self, c: &Change, value: Value) -> Vec<Effect> {
        if c.path.is_empty() {
            self.draft = value;
        } else {
            form::set(&mut self.draft, &c.path, value);
        }
        // Text typed under the restored part that could not be stored is no longer what shows.
        self.raw.retain(|k, _| !k.starts_with(&c.path));
        self.pending_remove = None;
        let mut fx = self.changed(&c.path);
        fx.extend(self.image_reads());
        if self.step != c.step {
            self.goto(c.step);
        }
        let fields = self.fields();
        let at = fields
            .iter()
            .position(|f| f.id == c.focus && f.focusable())
            .or_else(|| {
                fields
                    .iter()
                    .position(|f| f.focusable() && (f.owns(&c.path) || c.path.starts_with(&f.id)))
            });
        match at {
            Some(i) => self.set_focus(&fields, i),
            None => {
                let i = self.focus_index;
                self.focus_at(i);
            }
        }
        fx
    }
}

/// Whether a change at `path` is one to the field `id`: the field's path, inside it, or a part
/// of the draft holding it (a key added where there was none).
fn related(path: &str, id: &str) -> bool {
    let within = |long: &str, short: &str| {
        short.is_empty()
            || long == short
            || long
                .strip_prefix(short)
                .is_some_and(|r| r.starts_with('.') || r.starts_with('['))
    };
    within(path, id) || within(id, path)
}

/// The value at a path (`""`: the whole value).
fn value_at<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    if path.is_empty() {
        Some(v)
    } else {
        form::get(v, path)
    }
}

#[cfg(test)]
mod tests;
