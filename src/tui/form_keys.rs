//! The focused field's own keys, on the model: typing, ↑/↓, Space, Enter, the list's filter.
//! Generic: the same for every step's form; a step's own keys are its screen's.
//!
//! One meaning per key: Space ticks or flips (in a filter or a type-ahead, once ↑/↓ moved the
//! highlight; before, it types a space); Enter chooses the highlighted row of a single choice and
//! moves on, adds a type-ahead's highlighted suggestion, and elsewhere (a multi-select, a switch)
//! moves on without changing anything. A setting of a few states (`Cycle`) moves on to its next
//! state on Space and on Enter alike.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::edit;
use super::form::FieldKind;
use super::keymap::Context;
use super::model::Model;
use super::msg::Effect;
use super::picker;
use super::text::TextField;

/// A plain Space (no Ctrl, no Alt).
fn is_space(key: &KeyEvent) -> bool {
    key.code == KeyCode::Char(' ')
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

/// Whether the focused field is a type-ahead picker (countries).
fn on_picker(m: &Model) -> bool {
    m.focused_field()
        .is_some_and(|f| picker::is_picker(&f.kind))
}

/// A key typed into the focused text: stored as it is typed.
pub fn typed(m: &mut Model, key: KeyEvent) -> Vec<Effect> {
    if m.review.launched() {
        return m.refuse_launched();
    }
    if m.list.moved && is_space(&key) && on_picker(m) {
        return m.pick(true);
    }
    let Some((_, input)) = &mut m.edit else {
        return Vec::new();
    };
    if key.code == KeyCode::Backspace && input.text().is_empty() {
        return edit::backspace_on_empty(m);
    }
    let before = input.text().to_string();
    if !input.apply_key(key) {
        return Vec::new();
    }
    if input.text() != before {
        // New text, new suggestions: the highlight starts again on the best.
        m.list.cursor = 0;
        m.list.moved = false;
    }
    edit::commit(m)
}

/// ↑/↓ in a type-ahead with suggestions shown: the highlight moves among them (nothing is
/// added). `None` where there are none.
fn picker_vertical(m: &mut Model, dir: i32) -> Option<Vec<Effect>> {
    let field = m.focused_field().filter(|f| picker::is_picker(&f.kind))?;
    let (_, input) = m.edit.as_ref()?;
    let n = match field.kind {
        FieldKind::Search(_) => m.search_hits().len(),
        _ => picker::suggestions(&field.kind, input.text()).len(),
    };
    if n == 0 {
        return None;
    }
    m.list.cursor = picker::step(m.list.cursor, dir, n);
    m.list.moved = true;
    Some(Vec::new())
}

/// ↑/↓: in a text of several lines, the line; in a list, the highlight; else the field.
pub fn vertical(m: &mut Model, dir: i32) -> Vec<Effect> {
    match m.context() {
        Context::Text => {
            if let Some(fx) = picker_vertical(m, dir) {
                return fx;
            }
            let moved = m.edit.as_mut().is_some_and(|(_, i)| i.vertical(dir));
            if moved {
                Vec::new()
            } else if dir < 0 {
                m.prev_field();
                Vec::new()
            } else {
                m.next_field(true)
            }
        }
        Context::List => {
            let n = edit::visible_options(m).len();
            if n > 0 {
                let c = m.list.cursor as i64 + i64::from(dir);
                m.list.cursor = c.clamp(0, n as i64 - 1) as usize;
            }
            Vec::new()
        }
        Context::Other => {
            if dir < 0 {
                m.prev_field();
                Vec::new()
            } else {
                m.next_field(true)
            }
        }
    }
}

/// Space: flips a switch, ticks in a list.
pub fn toggle(m: &mut Model) -> Vec<Effect> {
    match m.focused_field().map(|f| f.kind) {
        Some(FieldKind::Toggle { .. }) => edit::flip(m),
        Some(FieldKind::Cycle { .. }) => edit::cycle(m),
        _ => edit::choose(m, false),
    }
}

/// Enter on the focused field, for the kinds the form handles itself (buttons and crops
/// are the router's: `None`).
pub fn enter(m: &mut Model) -> Option<Vec<Effect>> {
    let Some(field) = m.focused_field() else {
        return Some(m.next_step());
    };
    if field.kind.is_typed() && m.edit.is_none() {
        // After Esc ended editing: edit again.
        m.start_editing();
        return Some(Vec::new());
    }
    let fx = match &field.kind {
        FieldKind::Text {
            multiline: true, ..
        } => {
            if let Some((_, i)) = &mut m.edit {
                i.insert_char('\n');
            }
            edit::commit(m)
        }
        FieldKind::Countries | FieldKind::Search(_) => edit::picker_enter(m),
        FieldKind::Choice { .. } => {
            let mut fx = edit::choose(m, true);
            fx.extend(m.next_field(true));
            fx
        }
        // Only Space ticks or flips: Enter moves on and leaves every tick as it is.
        FieldKind::Multi { .. } | FieldKind::Refs { .. } | FieldKind::Toggle { .. } => {
            m.next_field(true)
        }
        // A setting of a few states: Enter moves on to the next state, as Space does.
        FieldKind::Cycle { .. } => edit::cycle(m),
        FieldKind::Button(_) | FieldKind::Crop { .. } => return None,
        _ => m.next_field(true),
    };
    Some(fx)
}

/// A key while the list's filter is typed (after `/`).
pub fn filter_key(m: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let multi = matches!(
        m.focused_field().map(|f| f.kind),
        Some(FieldKind::Multi { .. } | FieldKind::Refs { .. })
    );
    let Some(filter) = &mut m.list.filter else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => {
            m.list.filter = None;
            m.highlight_current();
        }
        KeyCode::Up | KeyCode::Down => {
            let n = edit::visible_options(m).len();
            let dir = if key.code == KeyCode::Up { -1 } else { 1 };
            m.list.cursor = picker::step(m.list.cursor, dir, n);
            m.list.moved = true;
        }
        // A multi-select: Enter ends the filter and moves on; it never ticks.
        KeyCode::Enter if multi => {
            m.list.filter = None;
            return m.next_field(true);
        }
        // A single choice: Enter chooses the highlighted row and moves on, as without a filter.
        KeyCode::Enter => {
            let mut fx = edit::choose(m, true);
            if m.list.filter.is_none() {
                fx.extend(m.next_field(true));
            }
            return fx;
        }
        // Space after ↑/↓ ticks (a multi-select) or chooses (a single choice, staying here).
        _ if m.list.moved && is_space(&key) => return edit::choose(m, !multi),
        KeyCode::Tab => {
            m.list.filter = None;
            return m.next_field(true);
        }
        KeyCode::BackTab => {
            m.list.filter = None;
            m.prev_field();
        }
        // Typing, Backspace, motions, undo: the filter is a typed field like every other.
        _ => {
            let before = filter.text().to_string();
            filter.apply_key(key);
            if filter.text() != before {
                m.list.cursor = 0;
                m.list.moved = false;
            }
        }
    }
    Vec::new()
}

/// A letter typed on a list starts its filter (as if after `/`).
pub fn list_typed(m: &mut Model, key: KeyEvent) -> Vec<Effect> {
    if let KeyCode::Char(c) = key.code
        && !key.modifiers.contains(KeyModifiers::CONTROL)
    {
        let mut filter = TextField::new("", false);
        filter.insert_char(c);
        m.list.filter = Some(filter);
        m.list.cursor = 0;
    }
    Vec::new()
}

/// Pasted text: into the list's filter or the focused text (one paste, one change).
pub fn paste(m: &mut Model, text: &str) -> Vec<Effect> {
    if let Some(filter) = &mut m.list.filter {
        filter.insert_str(text);
        m.list.cursor = 0;
        m.list.moved = false;
        return Vec::new();
    }
    if m.review.launched() {
        return m.refuse_launched();
    }
    match &mut m.edit {
        Some((_, input)) => {
            input.insert_str(text);
            m.list.cursor = 0;
            m.list.moved = false;
            edit::commit(m)
        }
        None => Vec::new(),
    }
}
