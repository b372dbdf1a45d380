//! The text field's keys, undo steps, word motions, selection and widths, one table row per case.

use super::*;

#[test]
fn typing_and_deleting_keep_the_cursor_on_grapheme_boundaries() {
    let mut t = TextField::new("", false);
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
    let mut t = TextField::new("", false);
    t.insert_str("one\r\ntwo\nthree");
    assert_eq!(t.text(), "one two three");
    let mut m = TextField::new("", true);
    m.insert_str("one\r\ntwo");
    assert_eq!(m.text(), "one\ntwo");
}

#[test]
fn pasted_and_loaded_control_characters_are_dropped_tabs_become_spaces() {
    let mut t = TextField::new("Boots\u{1b}]52;c;ZXZpbA==\u{7}", false);
    assert_eq!(t.text(), "Boots]52;c;ZXZpbA==");
    t.insert_str("\u{9b}2J\tend");
    assert!(t.text().ends_with("2J end"), "{}", t.text());
    let mut m = TextField::new("one\ntwo\u{1b}[2J\rthree", true);
    assert_eq!(m.text(), "one\ntwo[2J\nthree");
    m.insert_char('\u{7}');
    assert!(!m.text().chars().any(|c| c != '\n' && c.is_control()));
}

#[test]
fn multiline_moves_between_lines_by_column() {
    let mut t = TextField::new("abcdef\nxy\nlonger line", true);
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
    let mut t = TextField::new("buy warm boots", false);
    t.delete_word();
    assert_eq!(t.text(), "buy warm ");
    t.home();
    t.delete_to_end();
    assert_eq!(t.text(), "");
}

/// One thing done to a field in a table row: a key, or a paste.
#[derive(Clone, Copy)]
enum Do {
    Key(KeyCode, KeyModifiers),
    Type(&'static str),
    Paste(&'static str),
}

use KeyCode::{Backspace, Delete, End, Home, Left, Right};
const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const ALT: KeyModifiers = KeyModifiers::ALT;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

fn key(code: KeyCode) -> Do {
    Do::Key(code, NONE)
}

fn ctrl(c: char) -> Do {
    Do::Key(KeyCode::Char(c), CTRL)
}

fn alt(c: char) -> Do {
    Do::Key(KeyCode::Char(c), ALT)
}

fn shift(code: KeyCode) -> Do {
    Do::Key(code, SHIFT)
}

/// The field after `steps`, shown as its text with a `|` at the cursor.
fn after(text: &str, multiline: bool, steps: &[Do]) -> (TextField, String) {
    let mut t = TextField::new(text, multiline);
    for step in steps {
        match *step {
            Do::Key(code, m) => assert!(t.apply_key(KeyEvent::new(code, m)), "{code:?} used"),
            Do::Type(s) => s.chars().for_each(|c| t.insert_char(c)),
            Do::Paste(s) => t.insert_str(s),
        }
    }
    let mut shown = t.text().to_string();
    shown.insert(t.cursor, '|');
    (t, shown)
}

/// Rows of (what is checked, text, multi-line, steps, text with `|` at the cursor after).
type Row = (&'static str, &'static str, bool, Vec<Do>, &'static str);

fn check(rows: Vec<Row>) {
    for (name, text, multiline, steps, want) in rows {
        assert_eq!(after(text, multiline, &steps).1, want, "{name}");
    }
}

#[rustfmt::skip]
#[test]
fn every_readline_key_does_what_it_did() {
    let left5 = |last: Do| vec![key(Left); 5].into_iter().chain([last]).collect();
    check(vec![
        ("Ctrl+A to the start", "buy boots", false, vec![ctrl('a')], "|buy boots"),
        ("Ctrl+E to the end", "buy boots", false, vec![ctrl('a'), ctrl('e')], "buy boots|"),
        ("Home", "one\ntwo", true, vec![key(Home)], "one\n|two"),
        ("End", "one\ntwo", true, vec![key(Home), key(Left), key(Home), key(End)], "one|\ntwo"),
        ("Ctrl+U deletes to the start", "buy boots", false, left5(ctrl('u')), "|boots"),
        ("Ctrl+U at a line's start joins nothing", "one\ntwo", true, vec![key(Home), ctrl('u')], "one\n|two"),
        ("Ctrl+K deletes to the end", "buy boots", false, left5(ctrl('k')), "buy |"),
        ("Ctrl+K at a line's end joins nothing", "one\ntwo", true, vec![key(Home), key(Left), ctrl('k')], "one|\ntwo"),
        ("Ctrl+W deletes back to a space", "buy warm boots", false, vec![ctrl('w')], "buy warm |"),
        ("Ctrl+W takes the spaces after the word", "buy warm  ", false, vec![ctrl('w')], "buy |"),
        ("Ctrl+W stays in its line", "one\ntwo", true, vec![ctrl('w')], "one\n|"),
        ("Ctrl+W at a line's start joins nothing", "one\ntwo", true, vec![key(Home), ctrl('w')], "one\n|two"),
        ("Backspace takes a grapheme", "Wä👨‍👩‍👧", false, vec![key(Backspace)], "Wä|"),
        ("Backspace at a line's start joins lines", "one\ntwo", true, vec![key(Home), key(Backspace)], "one|two"),
        ("Delete takes a grapheme", "👨‍👩‍👧ä", false, vec![key(Home), key(Delete)], "|ä"),
        ("Delete at the end does nothing", "ab", false, vec![key(Delete)], "ab|"),
        ("Left over an emoji", "a👨‍👩‍👧b", false, vec![key(Left), key(Left)], "a|👨‍👩‍👧b"),
        ("Right over an emoji", "a👨‍👩‍👧b", false, vec![key(Home), key(Right), key(Right)], "a👨‍👩‍👧|b"),
        ("Left from a line's start to the line above", "ab\ncd", true, vec![key(Home), key(Left)], "ab|\ncd"),
        ("typing in the middle", "bts", false, vec![key(Left), key(Left), Do::Type("oo")], "boo|ts"),
        ("Alt with another letter types it", "a", false, vec![alt('x')], "ax|"),
    ]);
}

#[test]
fn keys_the_screen_handles_are_not_used_and_change_nothing() {
    for (code, m) in [
        (KeyCode::Enter, NONE),
        (KeyCode::Tab, NONE),
        (KeyCode::BackTab, SHIFT),
        (KeyCode::Esc, NONE),
        (KeyCode::Up, NONE),
        (KeyCode::Down, NONE),
        (KeyCode::F(1), NONE),
        (KeyCode::Char('s'), CTRL),
        (KeyCode::Char('c'), CTRL),
        (KeyCode::Char('d'), CTRL),
        (KeyCode::Char('o'), CTRL),
    ] {
        let mut t = TextField::new("one\ntwo", true);
        let before = t.clone();
        assert!(
            !t.apply_key(KeyEvent::new(code, m)),
            "{code:?} {m:?} is the screen's"
        );
        assert_eq!(t, before, "{code:?} {m:?} changed the field");
    }
}

#[rustfmt::skip]
#[test]
fn undo_and_redo_take_typing_pastes_and_deletions_as_steps() {
    let redo_shift = Do::Key(KeyCode::Char('z'), CTRL | SHIFT);
    let redo_upper = Do::Key(KeyCode::Char('Z'), CTRL);
    let over = |last: Do| vec![shift(Left), shift(Left), last, ctrl('z')];
    check(vec![
        ("typing undoes back to the last space", "", false, vec![Do::Type("buy warm"), ctrl('z')], "buy |"),
        ("and then the word before", "", false, vec![Do::Type("buy warm"), ctrl('z'), ctrl('z')], "|"),
        ("Ctrl+Y redoes", "", false, vec![Do::Type("buy warm"), ctrl('z'), ctrl('y')], "buy warm|"),
        ("Ctrl+Shift+Z redoes", "", false, vec![Do::Type("ab"), ctrl('z'), redo_shift], "ab|"),
        ("Ctrl+Z as an upper-case Z redoes", "", false, vec![Do::Type("ab"), ctrl('z'), redo_upper], "ab|"),
        ("a paste is one step", "buy ", false, vec![Do::Paste("warm boots\nnow"), ctrl('z')], "buy |"),
        ("a pasted paragraph is one step", "x", true, vec![Do::Paste("a\nb\nc"), ctrl('z')], "x|"),
        ("redo of a paste", "x", true, vec![Do::Paste("a\nb"), ctrl('z'), ctrl('y')], "xa\nb|"),
        ("a paste ends the typing before it", "", false, vec![Do::Type("ab"), Do::Paste("cd"), ctrl('z')], "ab|"),
        ("a Backspace is one step", "boots", false, vec![key(Backspace), key(Backspace), ctrl('z')], "boot|"),
        ("a Ctrl+U is one step", "buy boots", false, vec![ctrl('u'), ctrl('z')], "buy boots|"),
        ("a motion ends the typing", "", false, vec![Do::Type("ab"), key(Left), Do::Type("x"), ctrl('z')], "a|b"),
        ("typing over a selection is one step", "buy boots", false, over(Do::Type("xy")), "buy boots|"),
        ("a paste over a selection is one step", "buy boots", false, over(Do::Paste("socks")), "buy boots|"),
        ("nothing to undo", "ab", false, vec![ctrl('z')], "ab|"),
        ("nothing to redo", "ab", false, vec![ctrl('y')], "ab|"),
        ("an edit after an undo drops the redo", "", false, vec![Do::Type("ab"), ctrl('z'), Do::Type("c"), ctrl('y')], "c|"),
    ]);
}

#[rustfmt::skip]
#[test]
fn word_motions_over_ascii_cjk_and_emoji() {
    let text = "buy 雪靴 👨‍👩‍👧 boots";
    let times = |d: Do, n: usize| vec![d; n];
    let from_home = |d: Do, n: usize| [key(Home)].into_iter().chain(vec![d; n]).collect();
    let alt_bs = Do::Key(Backspace, ALT);
    check(vec![
        ("Alt+B to the word's start", text, false, times(alt('b'), 1), "buy 雪靴 👨‍👩‍👧 |boots"),
        ("Alt+B over an emoji", text, false, times(alt('b'), 2), "buy 雪靴 |👨‍👩‍👧 boots"),
        ("Alt+B over CJK", text, false, times(alt('b'), 3), "buy |雪靴 👨‍👩‍👧 boots"),
        ("Ctrl+Left to the start", text, false, times(Do::Key(Left, CTRL), 4), "|buy 雪靴 👨‍👩‍👧 boots"),
        ("Alt+F to the next word", text, false, from_home(alt('f'), 1), "buy |雪靴 👨‍👩‍👧 boots"),
        ("Ctrl+Right over CJK", text, false, from_home(Do::Key(Right, CTRL), 2), "buy 雪靴 |👨‍👩‍👧 boots"),
        ("Alt+F to the end", text, false, from_home(alt('f'), 9), "buy 雪靴 👨‍👩‍👧 boots|"),
        ("a keycap is not split", "#\u{fe0f}\u{20e3}x", false, from_home(alt('f'), 1), "#\u{fe0f}\u{20e3}|x"),
        ("Alt+B to the line above", "ab\ncd", true, vec![key(Home), alt('b')], "ab|\ncd"),
        ("Alt+Backspace deletes the word", "buy warm boots", false, vec![alt_bs], "buy warm |"),
        ("Alt+Backspace deletes CJK", "buy 雪靴", false, vec![alt_bs], "buy |"),
        ("Alt+Backspace deletes emoji", "ok 👍👍", false, vec![alt_bs], "ok |"),
        ("Alt+Backspace stops at punctuation", "ad-set", false, vec![alt_bs], "ad-|"),
    ]);
}

#[rustfmt::skip]
#[test]
fn a_selection_is_replaced_by_typing_and_deleted_by_backspace() {
    let left = |n: usize, last: Do| vec![shift(Left); n].into_iter().chain([last]).collect();
    let by_word = Do::Key(KeyCode::Char('B'), ALT | SHIFT);
    check(vec![
        ("typing replaces", "buy boots", false, left(5, Do::Type("x")), "buy x|"),
        ("a paste replaces", "buy boots", false, left(5, Do::Paste("socks")), "buy socks|"),
        ("Backspace deletes", "buy boots", false, vec![shift(Home), key(Backspace)], "|"),
        ("Delete deletes CJK", "a雪靴", false, left(2, key(Delete)), "a|"),
        ("Alt+Backspace deletes", "buy boots", false, left(2, Do::Key(Backspace, ALT)), "buy boo|"),
        ("Shift+End from the start", "abc", false, vec![key(Home), shift(End), Do::Type("z")], "z|"),
        ("Ctrl+Shift+Left by word", "buy warm", false, vec![Do::Key(Left, CTRL | SHIFT), Do::Type("socks")], "buy socks|"),
        ("Alt+Shift+B by word", "buy warm", false, vec![by_word, Do::Type("x")], "buy x|"),
        ("across a line break", "ab\ncd", true, left(3, Do::Type("-")), "ab-|"),
        ("Left goes to its start", "abc", false, left(2, key(Left)), "a|bc"),
        ("Right goes to its end", "abc", false, vec![key(Home), shift(Right), shift(Right), key(Right)], "ab|c"),
        ("a motion drops it", "abc", false, vec![shift(Left), key(Home), Do::Type("x")], "x|abc"),
        ("Ctrl+U drops it and deletes to the start", "abc", false, left(1, ctrl('u')), "|c"),
    ]);
}

#[test]
fn the_selection_is_told_in_bytes_and_in_display_columns() {
    let (t, _) = after("a雪b", false, &[shift(Left), shift(Left)]);
    assert_eq!(t.selection(), Some(((0, 1), (0, 5))));
    assert_eq!(
        t.selected_columns(0),
        Some((1, 4)),
        "雪 is two columns wide"
    );
    let (t, _) = after("ab\n👍cd", true, &[shift(Left); 4]);
    assert_eq!(t.selection(), Some(((0, 2), (1, 6))));
    assert_eq!(
        t.selected_columns(0),
        None,
        "nothing of line 0 is drawn selected"
    );
    assert_eq!(t.selected_columns(1), Some((0, 4)));
    let (t, _) = after("abc", false, &[shift(Left), shift(Right)]);
    assert_eq!(t.selection(), None, "an empty selection is none");
}

#[test]
fn with_selection_reverses_the_selected_columns_of_what_is_shown() {
    let style = Style::new().add_modifier(Modifier::UNDERLINED);
    let spans = with_selection("雪靴ab".to_string(), 2, Some((4, 5)), style);
    let parts: Vec<(&str, bool)> = spans
        .iter()
        .map(|s| {
            (
                s.content.as_ref(),
                s.style.add_modifier.contains(Modifier::REVERSED),
            )
        })
        .collect();
    assert_eq!(parts, [("雪", false), ("靴", true), ("ab", false)]);
    assert!(
        spans
            .iter()
            .all(|s| s.style.add_modifier.contains(Modifier::UNDERLINED))
    );
    assert_eq!(
        with_selection("ab".into(), 0, None, style),
        [Span::styled("ab", style)]
    );
}

#[test]
fn the_cursor_column_is_in_display_width() {
    for (text, multiline, steps, want) in [
        ("雪", false, vec![], (0, 2)),
        ("👍", false, vec![], (0, 2)),
        ("a👨‍👩‍👧", false, vec![], (0, 3)),
        ("e\u{301}", false, vec![], (0, 1)),
        ("雪靴", false, vec![key(Left)], (0, 2)),
        ("ab\n雪x", true, vec![], (1, 3)),
        ("雪靴 boots", false, vec![alt('b'), alt('b')], (0, 0)),
        ("雪靴 boots", false, vec![alt('b')], (0, 5)),
    ] {
        let (t, shown) = after(text, multiline, &steps);
        assert_eq!(t.cursor_line_col(), want, "{shown}");
    }
}

#[test]
fn one_line_fields_flatten_what_is_pasted() {
    for (pasted, multiline, want) in [
        ("one\r\ntwo\nthree", false, "one two three"),
        ("a\rb", false, "a b"),
        ("tab\there", false, "tab here"),
        ("bell\u{7}\u{1b}[2J", false, "bell[2J"),
        ("a\r\nb\rc", true, "a\nb\nc"),
        ("a\tb", true, "a b"),
    ] {
        let mut t = TextField::new("", multiline);
        t.insert_str(pasted);
        assert_eq!(t.text(), want, "{pasted:?}");
    }
    let mut t = TextField::new("ab", false);
    t.insert_char('\n');
    assert_eq!(t.text(), "ab", "Enter types nothing in a one-line field");
}

#[test]
fn lines_longer_than_textarea_jumps_still_edit_right() {
    let long = format!("{}xyz", "a".repeat(70_000));
    let (mut t, _) = after(&long, false, &[key(Left), key(Left), key(Backspace)]);
    assert_eq!(&t.text()[69_998..], "aayz");
    assert!(t.undo(), "a step along the line keeps the history");
    assert_eq!(t.text(), long);
    assert_eq!(t.cursor, 70_001);
    t.apply_key(KeyEvent::new(KeyCode::Char('w'), CTRL));
    assert_eq!(t.text(), "yz");
    t.undo();
    t.end();
    assert_eq!(t.cursor_line_col(), (0, 70_003));
    // Up from far along a long line to far along another: the editor is rebuilt there.
    let two = format!("{}\n{}", "a".repeat(70_000), "b".repeat(70_000));
    let mut t = TextField::new(&two, true);
    assert!(t.vertical(-1));
    assert_eq!(t.cursor_line_col(), (0, 70_000));
    t.insert_char('x');
    assert_eq!(t.text().find('x'), Some(70_000));
    assert!(t.undo());
    assert_eq!(t.text(), two);
}

#[test]
fn a_paste_of_half_a_megabyte_stays_linear() {
    // A generous deadline: it proves the editor does not go quadratic (seconds, not hours).
    let start = std::time::Instant::now();
    let para = "Warm boots for cold days, 30% off. "
        .repeat(3)
        .trim_end()
        .to_string()
        + "\n";
    let mut t = TextField::new("", true);
    let pasted = para.repeat(5_000);
    t.insert_str(&pasted);
    let mut one = TextField::new("", false);
    one.insert_str(&"雪 boots ".repeat(50_000));
    for f in [&mut t, &mut one] {
        for code in [Left, Backspace, Home, End] {
            f.apply_key(KeyEvent::new(code, NONE));
        }
        f.insert_char('x');
        assert!(f.undo() && f.undo());
    }
    assert_eq!(t.text(), pasted, "the typing and the Backspace were undone");
    assert!(
        start.elapsed() < std::time::Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
}
