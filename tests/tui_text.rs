//! A typed field through the app: undo and word motions reach the draft, and a selection is
//! drawn reversed, cell by cell, with the real terminal cursor at its end.

use crate::common;

use common::wizard::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcw::spec::Step;
use dcw::tui::Msg;
use dcw::tui::Theme;
use dcw::tui::form;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;

const NAME: &str = "campaign.name";

fn key(app: &mut dcw::tui::App, code: KeyCode, m: KeyModifiers) {
    let fx = app.update(Msg::Key(KeyEvent::new(code, m)));
    answer(app, fx);
}

#[test]
fn undo_word_motions_and_a_selection_edit_the_campaign_name() {
    let mut app = new_app();
    app.goto(Step::Campaign);
    assert_eq!(app.focus, NAME);
    type_text(&mut app, "Winter boots sale");
    ctrl(&mut app, 'z');
    assert_eq!(form::get_str(&app.draft, NAME), Some("Winter boots "));
    key(&mut app, KeyCode::Char('b'), KeyModifiers::ALT);
    for _ in 0..5 {
        key(&mut app, KeyCode::Right, KeyModifiers::SHIFT);
    }

    let (w, h) = (120, 40);
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| dcw::tui::draw(&app, Theme { color: true }, f))
        .unwrap();
    let cursor = t.get_cursor_position().unwrap();
    let buf = t.backend().buffer();
    let row: Vec<(String, bool)> = (0..w)
        .map(|x| {
            let cell = &buf[(x, cursor.y)];
            let reversed = cell.modifier.contains(Modifier::REVERSED);
            (cell.symbol().to_string(), reversed)
        })
        .collect();
    let line: String = row.iter().map(|(s, _)| s.as_str()).collect();
    assert!(
        line.contains("Campaign name"),
        "the cursor is on the name: {line}"
    );
    let selected: String = row
        .iter()
        .filter(|(_, r)| *r)
        .map(|(s, _)| s.as_str())
        .collect();
    assert_eq!(selected, "boots", "only the selection is reversed: {line}");
    let end = row.iter().rposition(|(_, r)| *r).unwrap();
    assert_eq!(
        cursor.x as usize,
        end + 1,
        "the cursor ends the selection: {line}"
    );

    type_text(&mut app, "socks");
    assert_eq!(form::get_str(&app.draft, NAME), Some("Winter socks "));
    ctrl(&mut app, 'z');
    assert_eq!(
        form::get_str(&app.draft, NAME),
        Some("Winter boots "),
        "typing over the selection is one step"
    );
    ctrl(&mut app, 'y');
    assert_eq!(form::get_str(&app.draft, NAME), Some("Winter socks "));
}
