//! The text editor behind every typed field: ratatui-textarea's editor (its lines, its undo and
//! redo history, its word motions) with the cursor kept on a grapheme boundary, the usual
//! readline keys, a selection (Shift with a motion) that typing replaces, and paste as one edit.

use std::collections::VecDeque;
use std::sync::{Mutex, PoisonError};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use ratatui_textarea::{CursorMove, DataCursor, TextArea};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Edits the textarea keeps. The undo steps use at most half of them, so an edit it drops
/// (the oldest, when full) is never one a step still needs.
const EDITS_KEPT: usize = 400;
/// Typed characters one undo step holds at most (a step of typing also ends after a space).
const TYPING_RUN: u32 = 32;
/// Characters stepped over one by one, at most, to reach a column textarea cannot jump to
/// (its jumps stop at 65,535); farther than that the editor is rebuilt at the spot.
const STEPS_ALONG: usize = 64;

/// The text of the focused field while it is being edited.
#[derive(Debug, Clone)]
pub struct TextField {
    area: Area,
    /// The area's lines joined by `\n`: what `text()` lends.
    text: String,
    /// Byte offset in `text`, always on a grapheme boundary; the area's cursor is there too.
    cursor: usize,
    /// The fixed end of the selection (a byte offset) while Shift moves the cursor.
    anchor: Option<usize>,
    multiline: bool,
    /// The undo steps, oldest first, each as the number of the area's edits it made.
    undo: VecDeque<u32>,
    redo: Vec<u32>,
    /// The last undo step is typing that the next typed character joins.
    typing: bool,
}

impl PartialEq for TextField {
    fn eq(&self, other: &TextField) -> bool {
        (&self.text, self.cursor, self.anchor, self.multiline)
            == (&other.text, other.cursor, other.anchor, other.multiline)
    }
}

impl Eq for TextField {}

impl Default for TextField {
    fn default() -> TextField {
        TextField::new("", false)
    }
}

/// The textarea, in a mutex only so that the app stays `Sync` (textarea keeps its screen map
/// in a `RefCell`). It is reached only through `&mut`, so never locked but to clone it.
#[derive(Debug)]
struct Area(Mutex<Box<TextArea<'static>>>);

impl Area {
    fn new(area: TextArea<'static>) -> Area {
        Area(Mutex::new(Box::new(area)))
    }

    fn get(&mut self) -> &mut TextArea<'static> {
        self.0.get_mut().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Clone for Area {
    fn clone(&self) -> Area {
        let area = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        Area(Mutex::new(area.clone()))
    }
}

/// An editor holding `text` with its cursor at byte `at`, and no history.
fn area_at(text: &str, at: usize) -> TextArea<'static> {
    let mut area = TextArea::new(text[at..].split('\n').map(str::to_string).collect());
    area.insert_str(&text[..at]);
    area.set_max_histories(EDITS_KEPT);
    area
}

impl TextField {
    pub fn new(text: &str, multiline: bool) -> TextField {
        let text = if multiline {
            lines(text)
        } else {
            single_line(text)
        };
        TextField {
            area: Area::new(area_at(&text, text.len())),
            cursor: text.len(),
            text,
            anchor: None,
            multiline,
            undo: VecDeque::new(),
            redo: Vec::new(),
            typing: false,
        }
    }

    /// The editing keys: typing, Backspace/Delete, arrows, Home/End, Ctrl+W/U/K/A/E, undo
    /// (Ctrl+Z) and redo (Ctrl+Y, Ctrl+Shift+Z), word motions (Alt+B/F, Ctrl+Left/Right),
    /// Alt+Backspace, and Shift with a motion to select. Returns whether the key was one of
    /// them (another Ctrl+letter is not, and types nothing; neither are Enter, Tab, Esc, Up
    /// and Down, which the screen handles).
    pub fn apply_key(&mut self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let shift = key.modifiers.contains(KeyModifiers::SHIFT);
        match key.code {
            KeyCode::Char(c) if ctrl => return self.ctrl_key(c, shift),
            KeyCode::Char(c @ ('b' | 'B')) if alt => self.word(false, shift || c == 'B'),
            KeyCode::Char(c @ ('f' | 'F')) if alt => self.word(true, shift || c == 'F'),
            KeyCode::Char(c) => self.insert_char(c),
            KeyCode::Backspace if alt => self.delete_word_back(),
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete(),
            KeyCode::Left if ctrl => self.word(false, shift),
            KeyCode::Right if ctrl => self.word(true, shift),
            KeyCode::Left if shift => self.select(self.prev_boundary()),
            KeyCode::Right if shift => self.select(self.next_boundary()),
            KeyCode::Home if shift => self.select(self.line_start()),
            KeyCode::End if shift => self.select(self.line_end()),
            KeyCode::Left => self.left(),
            KeyCode::Right => self.right(),
            KeyCode::Home => self.home(),
            KeyCode::End => self.end(),
            _ => return false,
        }
        true
    }

    /// Ctrl with a letter: the readline keys, undo and redo.
    fn ctrl_key(&mut self, c: char, shift: bool) -> bool {
        match c {
            'w' => self.delete_word(),
            'u' => self.delete_to_start(),
            'k' => self.delete_to_end(),
            'a' => self.home(),
            'e' => self.end(),
            'z' if shift => _ = self.redo(),
            'z' => _ = self.undo(),
            'Z' | 'y' => _ = self.redo(),
            _ => return false,
        }
        true
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Selects the whole text, the cursor at its end: what is typed next replaces it.
    pub fn select_all(&mut self) {
        self.typing = false;
        if self.text.is_empty() {
            self.anchor = None;
            return;
        }
        self.anchor = Some(0);
        self.goto(self.text.len());
    }

    pub fn is_multiline(&self) -> bool {
        self.multiline
    }

    pub fn insert_char(&mut self, c: char) {
        if c == '\n' && !self.multiline {
            return;
        }
        if c != '\n' && c.is_control() {
            // A tab as a space; any other control character never gets into an ad's text.
            if c == '\t' {
                self.insert_str(" ");
            }
            return;
        }
        // Typing over a selection starts a step of its own, which the typing after it joins.
        let replaced = self.take_selection();
        if replaced > 0 {
            self.typing = false;
        }
        let edits = replaced + self.insert(c.encode_utf8(&mut [0; 4]));
        self.sync();
        self.step(edits, true);
        if c.is_whitespace() {
            self.typing = false;
        }
    }

    /// Pasted text as one edit (one undo step, with the selection it replaces); newlines
    /// become spaces in a one-line field.
    pub fn insert_str(&mut self, s: &str) {
        let s = if self.multiline {
            lines(s)
        } else {
            single_line(s)
        };
        if s.is_empty() {
            return;
        }
        let edits = self.take_selection() + self.insert(&s);
        self.sync();
        self.step(edits, false);
    }

    pub fn backspace(&mut self) {
        let edits = match self.take_selection() {
            0 => self.delete_range(self.prev_boundary(), self.cursor),
            n => n,
        };
        self.edited(edits);
    }

    pub fn delete(&mut self) {
        let edits = match self.take_selection() {
            0 => self.delete_range(self.cursor, self.next_boundary()),
            n => n,
        };
        self.edited(edits);
    }

    /// Left: one grapheme back, or to the start of the selection.
    pub fn left(&mut self) {
        let to = self
            .selection_bounds()
            .map_or_else(|| self.prev_boundary(), |(s, _)| s);
        self.move_to(to);
    }

    /// Right: one grapheme on, or to the end of the selection.
    pub fn right(&mut self) {
        let to = self
            .selection_bounds()
            .map_or_else(|| self.next_boundary(), |(_, e)| e);
        self.move_to(to);
    }

    pub fn home(&mut self) {
        self.move_to(self.line_start());
    }

    pub fn end(&mut self) {
        self.move_to(self.line_end());
    }

    /// Ctrl+U: delete from the start of the line to the cursor.
    pub fn delete_to_start(&mut self) {
        self.anchor = None;
        let edits = self.delete_range(self.line_start(), self.cursor);
        self.edited(edits);
    }

    /// Ctrl+K: delete from the cursor to the end of the line.
    pub fn delete_to_end(&mut self) {
        self.anchor = None;
        let edits = self.delete_range(self.cursor, self.line_end());
        self.edited(edits);
    }

    /// Ctrl+W: delete the word before the cursor, back to a space.
    pub fn delete_word(&mut self) {
        self.anchor = None;
        let before = &self.text[..self.cursor];
        let trimmed = before.trim_end_matches([' ', '\t']);
        let start = trimmed
            .rfind([' ', '\t', '\n'])
            .map_or(0, |i| i + 1)
            .min(trimmed.len());
        let edits = self.delete_range(start, self.cursor);
        self.edited(edits);
    }

    /// Alt+Backspace: delete back to the start of the word (textarea's words: letters, marks
    /// and CJK apart from ASCII punctuation), or the selection.
    pub fn delete_word_back(&mut self) {
        let edits = match self.take_selection() {
            0 => {
                let start = self.word_target(false);
                self.delete_range(start, self.cursor)
            }
            n => n,
        };
        self.edited(edits);
    }

    /// Undoes the last step (a run of typing, a paste, a deletion); false when there is none.
    pub fn undo(&mut self) -> bool {
        let Some(edits) = self.undo.pop_back() else {
            return false;
        };
        for _ in 0..edits {
            self.area.get().undo();
        }
        self.redo.push(edits);
        self.anchor = None;
        self.typing = false;
        self.sync();
        true
    }

    /// Does again the last step undone; false when there is none.
    pub fn redo(&mut self) -> bool {
        let Some(edits) = self.redo.pop() else {
            return false;
        };
        for _ in 0..edits {
            self.area.get().redo();
        }
        self.undo.push_back(edits);
        self.anchor = None;
        self.typing = false;
        self.sync();
        true
    }

    /// Up (`-1`) or down (`+1`) a line, keeping the column as near as the line allows.
    /// Returns false when there is no line there (the caller may move focus instead).
    pub fn vertical(&mut self, dir: i32) -> bool {
        if !self.multiline {
            return false;
        }
        let (line, col) = self.cursor_line_col();
        let lines: Vec<&str> = self.text.split('\n').collect();
        let target = line as i64 + i64::from(dir);
        if target < 0 || target as usize >= lines.len() {
            return false;
        }
        let target = target as usize;
        let start: usize = lines[..target].iter().map(|l| l.len() + 1).sum();
        let mut width = 0;
        let mut offset = lines[target].len();
        for (i, g) in lines[target].grapheme_indices(true) {
            if width >= col {
                offset = i;
                break;
            }
            width += g.width();
        }
        self.move_to(start + offset);
        true
    }

    /// The cursor's line and its display column in that line (a CJK character or an emoji
    /// counts two): where the terminal's cursor goes.
    pub fn cursor_line_col(&self) -> (usize, usize) {
        let before = &self.text[..self.cursor];
        let line = before.matches('\n').count();
        let col = before[self.line_start()..].width();
        (line, col)
    }

    /// The selection's ends as (line, byte column in that line), the first end first; None
    /// when nothing is selected.
    pub fn selection(&self) -> Option<((usize, usize), (usize, usize))> {
        let (start, end) = self.selection_bounds()?;
        Some((self.line_and_byte(start), self.line_and_byte(end)))
    }

    /// The display columns `[from, to)` selected in line `line`, for drawing them reversed.
    pub fn selected_columns(&self, line: usize) -> Option<(usize, usize)> {
        let ((l0, b0), (l1, b1)) = self.selection()?;
        if line < l0 || line > l1 {
            return None;
        }
        let text = self.text.split('\n').nth(line)?;
        let from = if line == l0 { text[..b0].width() } else { 0 };
        let to = if line == l1 {
            text[..b1].width()
        } else {
            text.width()
        };
        (from < to).then_some((from, to))
    }

    fn selection_bounds(&self) -> Option<(usize, usize)> {
        let anchor = self.anchor?;
        (anchor != self.cursor).then(|| (anchor.min(self.cursor), anchor.max(self.cursor)))
    }

    /// Deletes the selection, if any; the number of the area's edits that made (0 or 1).
    fn take_selection(&mut self) -> u32 {
        let bounds = self.selection_bounds();
        self.anchor = None;
        bounds.map_or(0, |(start, end)| self.delete_range(start, end))
    }

    fn line_and_byte(&self, at: usize) -> (usize, usize) {
        let before = &self.text[..at];
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        (before.matches('\n').count(), at - start)
    }

    /// A motion without Shift: the selection goes.
    fn move_to(&mut self, at: usize) {
        self.anchor = None;
        self.typing = false;
        self.goto(at);
    }

    /// A motion with Shift: the selection runs from where it started to the cursor.
    fn select(&mut self, at: usize) {
        self.anchor.get_or_insert(self.cursor);
        self.typing = false;
        self.goto(at);
    }

    fn word(&mut self, forward: bool, shift: bool) {
        let to = self.word_target(forward);
        if shift {
            self.select(to)
        } else {
            self.move_to(to)
        }
    }

    /// Where textarea's word motion goes from the cursor (the start of this or the previous
    /// word, or of the next), out of a grapheme it would split. The caller moves there next.
    fn word_target(&mut self, forward: bool) -> usize {
        self.area.get().move_cursor(if forward {
            CursorMove::WordForward
        } else {
            CursorMove::WordBack
        });
        let DataCursor(row, col) = self.area.get().cursor();
        let lines = self.area.get().lines();
        let start: usize = lines[..row].iter().map(|l| l.len() + 1).sum();
        let line = &lines[row];
        let at = start + line.char_indices().nth(col).map_or(line.len(), |(i, _)| i);
        self.snap(at, forward)
    }

    /// `at`, or the grapheme boundary after (`forward`) or before it when it splits one.
    fn snap(&self, at: usize, forward: bool) -> usize {
        let start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        for (i, g) in self.text[start..].grapheme_indices(true) {
            let (b, e) = (start + i, start + i + g.len());
            if at < e {
                return if at == b || !forward { b } else { e };
            }
        }
        at
    }

    /// Inserts `s` at the cursor; the number of the area's edits that made.
    fn insert(&mut self, s: &str) -> u32 {
        if s.is_empty() {
            return 0;
        }
        self.area.get().insert_str(s);
        1
    }

    /// Deletes bytes `start..end` of the text (on grapheme boundaries) as one of the area's
    /// edits, leaving the cursor at `start`; the number of edits that made (0 or 1).
    fn delete_range(&mut self, start: usize, end: usize) -> u32 {
        self.goto(start);
        if start >= end {
            return 0;
        }
        let chars = self.text[start..end].chars().count();
        self.area.get().delete_str(chars);
        1
    }

    /// After a deletion: the text is read back and the edits are an undo step.
    fn edited(&mut self, edits: u32) {
        self.typing = false;
        self.sync();
        self.step(edits, false);
    }

    /// Notes `edits` of the area's edits as an undo step, or as part of the typing run.
    fn step(&mut self, edits: u32, typed: bool) {
        if edits == 0 {
            return;
        }
        self.redo.clear();
        match self.undo.back_mut() {
            Some(last) if typed && self.typing && *last + edits <= TYPING_RUN => *last += edits,
            _ => self.undo.push_back(edits),
        }
        self.typing = typed;
        while self.undo.iter().map(|n| *n as usize).sum::<usize>() > EDITS_KEPT / 2 {
            self.undo.pop_front();
        }
    }

    /// Reads the text and the cursor back from the area after it changed them.
    fn sync(&mut self) {
        let DataCursor(row, col) = self.area.get().cursor();
        let lines = self.area.get().lines();
        let start: usize = lines[..row].iter().map(|l| l.len() + 1).sum();
        let line = &lines[row];
        let at = start + line.char_indices().nth(col).map_or(line.len(), |(i, _)| i);
        self.text = lines.join("\n");
        self.cursor = at;
    }

    /// Puts the area's cursor at byte `at` of the text (a grapheme boundary).
    fn goto(&mut self, at: usize) {
        self.cursor = at;
        let (row, byte) = self.line_and_byte(at);
        let line_start = at - byte;
        let line = self.text[line_start..].split('\n').next().unwrap_or("");
        let col = line[..byte].chars().count();
        let DataCursor(r0, c0) = self.area.get().cursor();
        if (row, col) == (r0, c0) {
            return;
        }
        if let (Ok(r), Ok(c)) = (u16::try_from(row), u16::try_from(col)) {
            self.area.get().move_cursor(CursorMove::Jump(r, c));
        } else if row == r0 && col == 0 {
            self.area.get().move_cursor(CursorMove::Head);
        } else if row == r0 && byte == line.len() {
            self.area.get().move_cursor(CursorMove::End);
        } else if row == r0 && col.abs_diff(c0) <= STEPS_ALONG {
            let m = if col > c0 {
                CursorMove::Forward
            } else {
                CursorMove::Back
            };
            for _ in 0..col.abs_diff(c0) {
                self.area.get().move_cursor(m);
            }
        }
        if self.area.get().cursor() != (row, col) {
            // Too far along a line (or down a text) of more than 65,535: a new editor holds
            // the text with its cursor there, and the undo history starts again.
            self.area = Area::new(area_at(&self.text, at));
            self.undo.clear();
            self.redo.clear();
        }
    }

    fn prev_boundary(&self) -> usize {
        self.text[..self.cursor]
            .grapheme_indices(true)
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn next_boundary(&self) -> usize {
        self.text[self.cursor..]
            .graphemes(true)
            .next()
            .map_or(self.cursor, |g| self.cursor + g.len())
    }

    fn line_start(&self) -> usize {
        self.text[..self.cursor].rfind('\n').map_or(0, |i| i + 1)
    }

    fn line_end(&self) -> usize {
        self.text[self.cursor..]
            .find('\n')
            .map_or(self.text.len(), |i| self.cursor + i)
    }
}

/// `shown`, a line of a field as drawn from display column `skip` of it on, in `style`, with
/// the line's columns `selected` (from `selected_columns`) reversed.
pub fn with_selection(
    shown: String,
    skip: usize,
    selected: Option<(usize, usize)>,
    style: Style,
) -> Vec<Span<'static>> {
    let Some((from, to)) = selected else {
        return vec![Span::styled(shown, style)];
    };
    let mut parts = [String::new(), String::new(), String::new()];
    let mut at = skip;
    for g in shown.graphemes(true) {
        let part = if at < from {
            0
        } else if at < to {
            1
        } else {
            2
        };
        parts[part].push_str(g);
        at += g.width();
    }
    let [before, inside, after] = parts;
    [
        (before, style),
        (inside, style.add_modifier(Modifier::REVERSED)),
        (after, style),
    ]
    .into_iter()
    .filter(|(s, _)| !s.is_empty())
    .map(|(s, st)| Span::styled(s, st))
    .collect()
}

/// One line: line breaks and tabs become spaces, and every other control character (an ESC, a
/// BEL, a CSI) goes: what is typed or pasted into an ad's text never carries one to Meta, and
/// what an editor holds is what is drawn.
pub fn single_line(s: &str) -> String {
    s.replace("\r\n", " ")
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !c.is_control())
        .collect()
}

/// Several lines: `\r\n` and `\r` become `\n`, tabs spaces, and every other control
/// character goes.
fn lines(s: &str) -> String {
    s.replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\r' => '\n',
            '\t' => ' ',
            c => c,
        })
        .filter(|c| *c == '\n' || !c.is_control())
        .collect()
}

#[cfg(test)]
mod tests;
