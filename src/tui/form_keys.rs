//! The focused field's own keys, on the model: typing, ↑/↓, Space, Enter, the list's filter.
//! Generic: the same for every step's form; a step's own keys are its screen's.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::edit;
use super::form::FieldKind;
use super::keymap::Context;
use super::model::Model;
use super::msg::Effect;
use super::text::TextField;

/// A key typed into the focused text: stored as it is typed.
pub fn typed(m: &mut Model, key: KeyEvent) -> Vec<Effect> {
    if m.review.launched() {
        return m.refuse_launched();
    }
    let Some((_, input)) = &mut m.edit else {
        return Vec::new();
    };
    if key.code == KeyCode::Backspace && input.text().is_empty() {
        return edit::backspace_on_empty(m);
    }
    if !input.apply_key(key) {
        return Vec::new();
    }
    edit::commit(m)
}

/// ↑/↓: in a text of several lines, the line; in a list, the highlight; else the field.
pub fn vertical(m: &mut Model, dir: i32) -> Vec<Effect> {
    match m.context() {
        Context::Text => {
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
        FieldKind::Countries => edit::countries_enter(m),
        FieldKind::Choice { .. } => {
            let mut fx = edit::choose(m, true);
            fx.extend(m.next_field(true));
            fx
        }
        FieldKind::Multi { .. } => edit::choose(m, false),
        FieldKind::Toggle { .. } => edit::flip(m),
        FieldKind::Button(_) | FieldKind::Crop { .. } => return None,
        _ => m.next_field(true),
    };
    Some(fx)
}

/// A key while the list's filter is typed (after `/`).
pub fn filter_key(m: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let Some(filter) = &mut m.list.filter else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => {
            m.list.filter = None;
            m.list.cursor = 0;
        }
        KeyCode::Up | KeyCode::Down => {
            let n = edit::visible_options(m).len();
            let dir: i64 = if key.code == KeyCode::Up { -1 } else { 1 };
            if n > 0 {
                m.list.cursor = (m.list.cursor as i64 + dir).clamp(0, n as i64 - 1) as usize;
            }
        }
        KeyCode::Enter => {
            let multi = matches!(
                m.focused_field().map(|f| f.kind),
                Some(FieldKind::Multi { .. })
            );
            return edit::choose(m, !multi);
        }
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
        return Vec::new();
    }
    if m.review.launched() {
        return m.refuse_launched();
    }
    match &mut m.edit {
        Some((_, input)) => {
            input.insert_str(text);
            edit::commit(m)
        }
        None => Vec::new(),
    }
}
