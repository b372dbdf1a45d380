//! A typed field through the app: undo and word motions reach the draft, and a selection is
//! drawn reversed, cell by cell, with the real terminal cursor at its end; the same in a Money
//! field, the list filter, the export path and the crop editor's typed box.

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
    // The draft's undo: typing in one field while it keeps the focus is one step.
    ctrl(&mut app, 'z');
    assert_eq!(form::get_str(&app.draft, NAME), None);
    ctrl(&mut app, 'y');
    assert_eq!(form::get_str(&app.draft, NAME), Some("Winter boots sale"));
    for _ in 0..4 {
        key(&mut app, KeyCode::Backspace, KeyModifiers::NONE);
    }
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
        Some("Winter boots sale"),
        "the deletions and the typing over the selection, in one visit, are one step"
    );
    ctrl(&mut app, 'y');
    assert_eq!(form::get_str(&app.draft, NAME), Some("Winter socks "));
}

/// The cells of the row the terminal cursor is on: (symbol, reversed), and the cursor.
fn cursor_row(app: &dcw::tui::App, w: u16, h: u16) -> (Vec<(String, bool)>, (u16, u16)) {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| dcw::tui::draw(app, Theme { color: true }, f))
        .unwrap();
    let cursor = t.get_cursor_position().unwrap();
    let buf = t.backend().buffer();
    let row = (0..w)
        .map(|x| {
            let cell = &buf[(x, cursor.y)];
            let reversed = cell.modifier.contains(Modifier::REVERSED);
            (cell.symbol().to_string(), reversed)
        })
        .collect();
    (row, (cursor.x, cursor.y))
}

fn reversed(row: &[(String, bool)]) -> String {
    row.iter()
        .filter(|(_, r)| *r)
        .map(|(s, _)| s.as_str())
        .collect()
}

#[test]
fn a_selection_in_a_money_field_is_drawn_reversed_cell_by_cell() {
    let mut app = opened("sales-winter-boots.json");
    app.goto(Step::AdSet);
    focus(&mut app, "ad_set.lifetime_budget");
    let typed = app
        .edit
        .as_ref()
        .expect("the budget is typed into")
        .1
        .text()
        .to_string();
    assert!(typed.chars().count() >= 3, "{typed:?}");
    key(&mut app, KeyCode::End, KeyModifiers::NONE);
    key(&mut app, KeyCode::Left, KeyModifiers::SHIFT);
    key(&mut app, KeyCode::Left, KeyModifiers::SHIFT);
    let (row, (cx, _)) = cursor_row(&app, 120, 40);
    let line: String = row.iter().map(|(s, _)| s.as_str()).collect();
    assert!(
        line.contains("Budget"),
        "the cursor is on the budget: {line}"
    );
    let last_two: String = typed.chars().skip(typed.chars().count() - 2).collect();
    assert_eq!(
        reversed(&row),
        last_two,
        "only the selection is reversed: {line}"
    );
    let start = row.iter().position(|(_, r)| *r).unwrap();
    assert_eq!(
        cx as usize, start,
        "the cursor starts the selection: {line}"
    );
}

#[test]
fn the_list_filter_is_a_typed_field_with_undo_and_a_drawn_selection() {
    let mut app = new_app();
    app.goto(Step::Objective);
    type_text(&mut app, "traf");
    let filter = |app: &dcw::tui::App| app.list.filter.as_ref().map(|f| f.text().to_string());
    assert_eq!(filter(&app).as_deref(), Some("traf"));
    ctrl(&mut app, 'w');
    assert_eq!(filter(&app).as_deref(), Some(""), "Ctrl+W deletes the word");
    ctrl(&mut app, 'z');
    assert_eq!(
        filter(&app).as_deref(),
        Some("traf"),
        "Ctrl+Z restores the filter text"
    );
    key(&mut app, KeyCode::Left, KeyModifiers::SHIFT);
    key(&mut app, KeyCode::Left, KeyModifiers::SHIFT);
    let (row, _) = cursor_row(&app, 120, 40);
    let line: String = row.iter().map(|(s, _)| s.as_str()).collect();
    assert!(line.contains("filter: /traf"), "{line}");
    assert_eq!(reversed(&row), "af", "the selection is reversed: {line}");
    // Typing over the selection filters by what is left; Backspace on an empty filter keeps it
    // open and Esc closes it.
    type_text(&mut app, "ns");
    assert_eq!(filter(&app).as_deref(), Some("trns"));
    ctrl(&mut app, 'u');
    press(&mut app, KeyCode::Backspace);
    assert_eq!(filter(&app).as_deref(), Some(""));
    press(&mut app, KeyCode::Esc);
    assert_eq!(filter(&app), None);
}

#[test]
fn a_selection_in_the_export_path_and_the_crop_box_is_drawn_reversed() {
    let mut app = opened("sales-winter-boots.json");
    ctrl(&mut app, 'o');
    ctrl(&mut app, 'u');
    type_text(&mut app, "out.json");
    for _ in 0..4 {
        key(&mut app, KeyCode::Left, KeyModifiers::SHIFT);
    }
    let (row, _) = cursor_row(&app, 120, 40);
    let line: String = row.iter().map(|(s, _)| s.as_str()).collect();
    assert!(line.contains("out.json"), "{line}");
    assert_eq!(
        reversed(&row),
        "json",
        "the export path's selection: {line}"
    );
    press(&mut app, KeyCode::Esc);

    app.goto(Step::Assets);
    focus(&mut app, "creative.asset_feed_spec.images[1].image_crops");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('e'));
    ctrl(&mut app, 'u');
    type_text(&mut app, "1,2,3,4");
    for _ in 0..3 {
        key(&mut app, KeyCode::Left, KeyModifiers::SHIFT);
    }
    let (row, _) = cursor_row(&app, 120, 40);
    let line: String = row.iter().map(|(s, _)| s.as_str()).collect();
    assert!(line.contains("left,top,right,bottom: 1,2,3,4"), "{line}");
    assert_eq!(reversed(&row), "3,4", "the crop box's selection: {line}");
}
