//! The text editor behind every typed field: one line or several, a cursor on a grapheme
//! boundary, the usual readline keys, and paste as one edit.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The text of the focused field while it is being edited.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Byte offset, always on a grapheme boundary.
    cursor: usize,
    multiline: bool,
}

impl TextInput {
    pub fn new(text: &str, multiline: bool) -> TextInput {
        let text = if multiline {
            lines(text)
        } else {
            single_line(text)
        };
        TextInput {
            cursor: text.len(),
            text,
            multiline,
        }
    }

    /// The readline keys: typing, Backspace/Delete, arrows, Home/End, Ctrl+W/U/K/A/E. Returns
    /// whether the key was one of them (another Ctrl+letter is not, and types nothing).
    pub fn apply_key(&mut self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('w') if ctrl => self.delete_word(),
            KeyCode::Char('u') if ctrl => self.delete_to_start(),
            KeyCode::Char('k') if ctrl => self.delete_to_end(),
            KeyCode::Char('a') if ctrl => self.home(),
            KeyCode::Char('e') if ctrl => self.end(),
            KeyCode::Char(_) if ctrl => return false,
            KeyCode::Char(c) => self.insert_char(c),
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete(),
            KeyCode::Left => self.left(),
            KeyCode::Right => self.right(),
            KeyCode::Home => self.home(),
            KeyCode::End => self.end(),
            _ => return false,
        }
        true
    }

    pub fn text(&self) -> &str {
        &self.text
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
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
    }

    /// Pasted text as one edit; newlines become spaces in a one-line field.
    pub fn insert_str(&mut self, s: &str) {
        let s = if self.multiline {
            lines(s)
        } else {
            single_line(s)
        };
        self.text.insert_str(self.cursor, &s);
        self.cursor += s.len();
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

    pub fn backspace(&mut self) {
        let start = self.prev_boundary();
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }

    pub fn delete(&mut self) {
        let end = self.next_boundary();
        self.text.replace_range(self.cursor..end, "");
    }

    pub fn left(&mut self) {
        self.cursor = self.prev_boundary();
    }

    pub fn right(&mut self) {
        self.cursor = self.next_boundary();
    }

    fn line_start(&self) -> usize {
        self.text[..self.cursor].rfind('\n').map_or(0, |i| i + 1)
    }

    fn line_end(&self) -> usize {
        self.text[self.cursor..]
            .find('\n')
            .map_or(self.text.len(), |i| self.cursor + i)
    }

    pub fn home(&mut self) {
        self.cursor = self.line_start();
    }

    pub fn end(&mut self) {
        self.cursor = self.line_end();
    }

    /// Ctrl+U: delete from the start of the line to the cursor.
    pub fn delete_to_start(&mut self) {
        let start = self.line_start();
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }

    /// Ctrl+K: delete from the cursor to the end of the line.
    pub fn delete_to_end(&mut self) {
        let end = self.line_end();
        self.text.replace_range(self.cursor..end, "");
    }

    /// Ctrl+W: delete the word before the cursor.
    pub fn delete_word(&mut self) {
        let before = &self.text[..self.cursor];
        let trimmed = before.trim_end_matches([' ', '\t']);
        let start = trimmed
            .rfind([' ', '\t', '\n'])
            .map_or(0, |i| i + 1)
            .min(trimmed.len());
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
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
        self.cursor = start + offset;
        true
    }

    /// The cursor's line and its display column in that line.
    pub fn cursor_line_col(&self) -> (usize, usize) {
        let before = &self.text[..self.cursor];
        let line = before.matches('\n').count();
        let col = before[self.line_start()..].width();
        (line, col)
    }
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
mod tests {
    use super::*;

    #[test]
    fn typing_and_deleting_keep_the_cursor_on_grapheme_boundaries() {
        let mut t = TextInput::new("", false);
        for c in "Wä👨‍👩‍👧x".chars() {
            t.insert_char(c);
        }
        t.backspace();
        assert_eq!(t.text(), "Wä👨‍👩‍👧");
        t.backspace();
        assert_eq!(t.text(), "Wä", "a family emoji is one grapheme");
        t.home();
        t.delete();
        assert_eq!(t.text(), "ä");
        t.end();
        t.insert_str("雪 boots");
        assert_eq!(t.cursor_line_col(), (0, 1 + 2 + 6));
    }

    #[test]
    fn paste_into_one_line_turns_newlines_into_spaces() {
        let mut t = TextInput::new("", false);
        t.insert_str("one\r\ntwo\nthree");
        assert_eq!(t.text(), "one two three");
        let mut m = TextInput::new("", true);
        m.insert_str("one\r\ntwo");
        assert_eq!(m.text(), "one\ntwo");
    }

    #[test]
    fn pasted_and_loaded_control_characters_are_dropped_tabs_become_spaces() {
        let mut t = TextInput::new("Boots\u{1b}]52;c;ZXZpbA==\u{7}", false);
        assert_eq!(t.text(), "Boots]52;c;ZXZpbA==");
        t.insert_str("\u{9b}2J\tend");
        assert!(t.text().ends_with("2J end"), "{}", t.text());
        let mut m = TextInput::new("one\ntwo\u{1b}[2J\rthree", true);
        assert_eq!(m.text(), "one\ntwo[2J\nthree");
        m.insert_char('\u{7}');
        assert!(!m.text().chars().any(|c| c != '\n' && c.is_control()));
    }

    #[test]
    fn multiline_moves_between_lines_by_column() {
        let mut t = TextInput::new("abcdef\nxy\nlonger line", true);
        assert!(t.vertical(-1));
        assert_eq!(t.cursor_line_col(), (1, 2));
        assert!(t.vertical(-1));
        assert_eq!(t.cursor_line_col(), (0, 2));
        assert!(!t.vertical(-1), "no line above the first");
        t.end();
        t.delete_to_start();
        assert_eq!(t.text(), "\nxy\nlonger line");
    }

    #[test]
    fn readline_deletions() {
        let mut t = TextInput::new("buy warm boots", false);
        t.delete_word();
        assert_eq!(t.text(), "buy warm ");
        t.home();
        t.delete_to_end();
        assert_eq!(t.text(), "");
    }
}
