//! Text to terminal lines: wrapping at a display width, and a line scrolled to its cursor.
//! Imports nothing of the TUI.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Wraps text at spaces to a display width (long words are cut). Line breaks stay; every other control character is shown as a visible escape first.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for para in crate::spec::text::sanitize_lines(text).split('\n') {
        let mut line = String::new();
        for word in para.split(' ') {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if candidate.width() <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            let mut rest = word.to_string();
            while rest.width() > width {
                let mut cut = String::new();
                let mut w = 0;
                for g in rest.graphemes(true) {
                    if w + g.width() > width {
                        break;
                    }
                    cut.push_str(g);
                    w += g.width();
                }
                if cut.is_empty() {
                    break;
                }
                rest = rest[cut.len()..].to_string();
                out.push(cut);
            }
            line = rest;
        }
        out.push(line);
    }
    out
}

/// The visible part of a one-line text with its cursor: scrolled so the cursor shows.
pub fn scrolled(text: &str, cursor_col: usize, width: usize) -> (String, usize) {
    if text.width() < width {
        return (text.to_string(), cursor_col);
    }
    let skip_to = cursor_col.saturating_sub(width.saturating_sub(2));
    let mut out = String::new();
    let mut w = 0;
    let mut shown = 0;
    for g in text.graphemes(true) {
        let gw = g.width();
        if w >= skip_to && shown + gw < width {
            out.push_str(g);
            shown += gw;
        }
        w += gw;
    }
    (out, cursor_col - skip_to.min(cursor_col))
}
