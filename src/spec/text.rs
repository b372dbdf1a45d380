//! The one sanitiser: every string from a spec, a file or Graph passes through here before it
//! reaches a terminal, in the text outputs, the wizard and the status pane alike.
//!
//! C0 and C1 control characters (ESC, BEL, CSI `0x9b`, carriage return, …), DEL and the
//! bidirectional formatting characters are replaced by visible escapes (`\x1b`, `\u{9b}`,
//! `\u{202e}`), so an escape sequence in an ad's name (an OSC 52 that would write the buyer's
//! clipboard, an OSC 8 link, a CSI that moves the cursor) prints as harmless text. Cutting to a
//! width happens after sanitising and by grapheme, so a cut never leaves half a sequence.

use std::borrow::Cow;
use std::fmt::Write;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Whether `c` is replaced: a control character (C0, DEL, C1) or a bidirectional formatting
/// character (which can reorder what the terminal shows). Tests of every renderer check their
/// output against it.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The first character of `out` a terminal would act on, line breaks aside: what the tests of
/// every text renderer look for in its output.
pub fn first_unsafe(out: &str) -> Option<char> {
    out.chars().find(|&c| c != '\n' && is_unsafe(c))
}

/// JSON text with every character a terminal would act on that JSON leaves raw (DEL, the C1
/// controls such as CSI `0x9b`, the bidi overrides) written as a `\uXXXX` escape: the same JSON
/// value, safe to print. (JSON already escapes C0 controls inside strings, and its own line
/// breaks stay.)
pub fn json_safe(json: &str) -> Cow<'_, str> {
    if !json.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if c != '\n' && is_unsafe(c) {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn escape_into(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if (c as u32) < 0x80 => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

fn sanitize_keeping(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    let keep = |c: char| !is_unsafe(c) || (keep_newlines && c == '\n');
    if s.chars().all(keep) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if keep(c) {
            out.push(c);
        } else {
            escape_into(&mut out, c);
        }
    }
    Cow::Owned(out)
}

/// `s` as one line safe for a terminal: every control character (line breaks and tabs
/// included) and every bidirectional formatting character shown as a visible escape.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    sanitize_keeping(s, false)
}

/// Like [`sanitize`], but line breaks (`\n`) stay line breaks: for messages of several lines.
pub fn sanitize_lines(s: &str) -> Cow<'_, str> {
    sanitize_keeping(s, true)
}

/// `s` sanitised, then cut by grapheme to at most `width` terminal columns, ending in `…` when
/// something was cut.
pub fn fit(s: &str, width: usize) -> String {
    let clean = sanitize(s);
    if clean.width() <= width {
        return clean.into_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in clean.graphemes(true) {
        let w = g.width();
        if used + w > width - 1 {
            break;
        }
        used += w;
        out.push_str(g);
    }
    out.push('…');
    out
}

/// `s` sanitised and padded with spaces to `width` columns (cut with `…` when wider): for the
/// columns of text tables, which `{:<16}` would count in chars, not columns.
pub fn column(s: &str, width: usize) -> String {
    let mut out = fit(s, width);
    let w = out.width();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn escape_sequences_print_as_visible_text() {
        let osc52 = "Boots\u{1b}]52;c;ZXZpbA==\u{7}";
        assert_eq!(sanitize(osc52), "Boots\\x1b]52;c;ZXZpbA==\\x07");
        assert_eq!(sanitize("a\u{9b}31mb"), "a\\u{9b}31mb");
        assert_eq!(sanitize("x\u{202e}gpj.exe"), "x\\u{202e}gpj.exe");
        assert_eq!(sanitize("one\ntwo\tthree\r"), "one\\ntwo\\tthree\\r");
        assert_eq!(sanitize_lines("one\ntwo\u{1b}"), "one\ntwo\\x1b");
        assert!(matches!(sanitize("雪 boots 👢"), Cow::Borrowed(_)));
    }

    #[test]
    fn cutting_is_by_grapheme_after_sanitising() {
        let link = "\u{1b}]8;;https://evil.example\u{1b}\\Click\u{1b}]8;;\u{1b}\\";
        let cut = fit(link, 12);
        assert!(!cut.contains('\u{1b}'), "{cut}");
        assert_eq!(cut.width(), 12);
        assert_eq!(fit("👨‍👩‍👧 family", 3), "👨‍👩‍👧…");
        assert_eq!(fit("short", 10), "short");
        assert_eq!(column("雪", 4), "雪  ");
    }

    #[test]
    fn json_keeps_its_value_and_loses_its_raw_c1_and_bidi_characters() {
        let v = serde_json::json!({"name": "a\u{9b}2J \u{202e}b\u{7f}\u{1b}]52;c;x\u{7}", "n": 1});
        let text = serde_json::to_string_pretty(&v).unwrap();
        let safe = json_safe(&text);
        assert_eq!(first_unsafe(&safe), None, "{safe}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&safe).unwrap(), v);
    }

    proptest! {
        #[test]
        fn json_safe_is_the_same_json_with_nothing_unsafe(s in any::<String>()) {
            let text = serde_json::to_string_pretty(&serde_json::json!({"s": s})).unwrap();
            let safe = json_safe(&text);
            prop_assert_eq!(first_unsafe(&safe), None);
            prop_assert_eq!(
                serde_json::from_str::<serde_json::Value>(&safe).unwrap(),
                serde_json::from_str::<serde_json::Value>(&text).unwrap()
            );
        }

        #[test]
        fn no_control_character_survives(s in any::<String>(), width in 0usize..40) {
            for out in [sanitize(&s).into_owned(), fit(&s, width), column(&s, width)] {
                prop_assert!(!out.chars().any(is_unsafe), "{out:?}");
            }
            prop_assert!(!sanitize_lines(&s).chars().any(|c| c != '\n' && is_unsafe(c)));
            prop_assert!(fit(&s, width).width() <= width);
        }
    }
}
