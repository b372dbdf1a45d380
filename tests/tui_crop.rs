//! The crop editor on screen: insta snapshots with the half-block renderer at 80x24 and
//! 120x40, a size sweep without panics, and NO_COLOR (no picture, state still shown).

use crate::common;

use common::wizard::*;
use crossterm::event::KeyCode;
use dcw::spec::Step;
use dcw::tui::Msg;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The sales example with the editor open on image `i`, previews made for `w`x`h`.
fn editor(i: usize, w: u16, h: u16) -> dcw::tui::App {
    let mut app = opened("sales-winter-boots.json");
    answer_msg(&mut app, Msg::Resize(w, h));
    app.goto(Step::Assets);
    focus(
        &mut app,
        &format!("creative.asset_feed_spec.images[{i}].image_crops"),
    );
    press(&mut app, KeyCode::Enter);
    assert!(app.crop.is_some(), "{:?}", app.notice);
    app
}

#[test]
fn the_editor_at_80x24_and_120x40() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = editor(1, w, h);
        // A smaller portrait crop moved right: the dimmed parts and the placements show it.
        press(&mut app, KeyCode::Char('4'));
        press(&mut app, KeyCode::Char('-'));
        press(&mut app, KeyCode::Right);
        let ed = app.crop.clone().unwrap();
        let screen = render(&app, w, h);
        let sent = format!(
            "\"400x500\": [[{}, {}], [{}, {}]]",
            ed.bx[0][0], ed.bx[0][1], ed.bx[1][0], ed.bx[1][1]
        );
        assert!(
            screen.contains(&sent),
            "the pixels that will be sent are on screen:\n{screen}"
        );
        assert!(
            screen.contains('▀') || screen.contains('▄'),
            "the half-block picture:\n{screen}"
        );
        insta::assert_snapshot!(format!("crop_editor_{w}x{h}"), screen);
    }
}

#[test]
fn typing_coordinates_shows_the_field_and_why_a_box_is_refused() {
    let mut app = editor(0, 120, 40);
    press(&mut app, KeyCode::Char('e'));
    ctrl(&mut app, 'u');
    for _ in 0..20 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "0,0,2000,2000");
    press(&mut app, KeyCode::Enter);
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("left,top,right,bottom: 0,0,2000,2000"),
        "{screen}"
    );
    assert!(
        screen.contains("✗ the box leaves the 1080×1080 image"),
        "{screen}"
    );
    insta::assert_snapshot!("crop_editor_typing_120x40", screen);
}

#[test]
fn the_editor_draws_at_every_size_and_without_colour() {
    let app = editor(2, 120, 40);
    for w in (1..=200).step_by(9).chain([59, 60, 200]) {
        for h in (1..=60).step_by(4).chain([19, 20, 60]) {
            let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
            t.draw(|f| dcw::tui::draw(&app, dcw::tui::Theme { color: true }, f))
                .unwrap();
        }
    }
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    t.draw(|f| dcw::tui::draw(&app, dcw::tui::Theme { color: false }, f))
        .unwrap();
    let buf = t.backend().buffer().clone();
    for cell in buf.content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset, "{cell:?}");
        assert_eq!(cell.bg, ratatui::style::Color::Reset, "{cell:?}");
    }
    let screen = format!("{}", t.backend());
    assert!(
        screen.contains("no image preview: NO_COLOR is set"),
        "{screen}"
    );
    assert!(
        screen.contains("(•) 100x100"),
        "the chosen key is marked, not coloured"
    );
}
