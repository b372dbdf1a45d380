//! The wizard's screens over its steps read their keys from the one key table: the crop
//! editor, the launch confirmation and `w` after a launch act on the keys the config gave,
//! their hint lines and sentences name those keys, and a clash is refused.

use std::collections::HashMap;

use crate::common;

use common::wizard::*;
use crossterm::event::KeyCode;
use dcw::spec::Step;
use dcw::tui::{App, Effect, KeyMap, Msg, Overlay};

fn overrides(pairs: &[(&str, &[&str])]) -> HashMap<String, Vec<String>> {
    pairs
        .iter()
        .map(|(a, k)| (a.to_string(), k.iter().map(|k| k.to_string()).collect()))
        .collect()
}

/// The sales example with the config's `keys` saying these bindings.
fn rebound(pairs: &[(&str, &[&str])]) -> App {
    let mut app = opened("sales-winter-boots.json");
    app.keymap = KeyMap::with_overrides(&overrides(pairs)).unwrap();
    app
}

#[test]
fn a_crop_action_rebound_in_the_config_acts_on_its_new_key_and_shows_in_the_hints_and_help() {
    let mut app = rebound(&[("crop_left", &["a"]), ("type_box", &["t"])]);
    app.goto(Step::Assets);
    focus(&mut app, "creative.asset_feed_spec.images[1].image_crops");
    press(&mut app, KeyCode::Enter);
    assert!(app.crop.is_some(), "{:?}", app.notice);
    press(&mut app, KeyCode::Char('-'));
    let before = app.crop.as_ref().unwrap().bx;
    press(&mut app, KeyCode::Char('h'));
    assert_eq!(app.crop.as_ref().unwrap().bx, before, "h no longer moves");
    press(&mut app, KeyCode::Char('a'));
    let after = app.crop.as_ref().unwrap().bx;
    assert!(
        after[0][0] < before[0][0],
        "a moves left: {before:?} {after:?}"
    );
    let s = render(&app, 120, 40);
    let bar = s.lines().last().unwrap();
    assert!(
        bar.contains("a↑↓→ move · +/- size · Home centre · Tab key · t type · Enter save"),
        "{bar}"
    );
    press(&mut app, KeyCode::Char('e'));
    assert!(
        app.crop.as_ref().unwrap().typing.is_none(),
        "e no longer types"
    );
    // `?` lists the editor's keys as the config gave them.
    press(&mut app, KeyCode::Char('?'));
    assert_eq!(app.overlay, Some(Overlay::Help));
    let s = render(&app, 120, 40);
    let line = s
        .lines()
        .find(|l| l.contains("move the box left"))
        .unwrap_or_else(|| panic!("no crop line in the help:\n{s}"));
    assert!(line.contains(" a "), "{line}");
    assert!(s.contains("pick the crop key of that number"), "{s}");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.overlay, None);
    press(&mut app, KeyCode::Char('t'));
    assert!(app.crop.as_ref().unwrap().typing.is_some(), "t types a box");
}

#[test]
fn the_launch_confirmation_rebound_launches_on_its_new_key_and_says_so() {
    let mut app = rebound(&[("confirm_launch", &["L"])]);
    ctrl(&mut app, 's');
    app.overlay = Some(Overlay::ConfirmSubmit);
    let s = render(&app, 80, 24);
    assert!(s.contains("L (uppercase) launches"), "{s}");
    assert!(
        s.lines()
            .last()
            .unwrap()
            .contains("L (uppercase) launch · any other key cancel"),
        "{s}"
    );
    let fx = press(&mut app, KeyCode::Char('Y'));
    assert!(
        app.overlay.is_none() && !fx.iter().any(|e| matches!(e, Effect::Submit { .. })),
        "Y no longer launches: {fx:?}"
    );
    app.overlay = Some(Overlay::ConfirmSubmit);
    let fx = app.update(Msg::Key(crossterm::event::KeyEvent::new(
        KeyCode::Char('L'),
        crossterm::event::KeyModifiers::SHIFT,
    )));
    assert!(
        fx.iter().any(|e| matches!(e, Effect::Submit { .. })),
        "L launches: {fx:?}"
    );
}

#[test]
fn watch_and_summary_rebound_move_between_the_launch_and_its_pane_and_the_sentence_says_so() {
    let mut app = rebound(&[("watch", &["v"]), ("summary", &["L"])]);
    launch_done(&mut app);
    assert!(app.show_status);
    let notice = app.status.as_ref().unwrap().notice.clone().unwrap();
    assert!(notice.contains("L shows the launch summary"), "{notice}");
    press(&mut app, KeyCode::Char('l'));
    assert!(app.show_status, "l no longer leaves the pane");
    press(&mut app, KeyCode::Char('L'));
    assert!(!app.show_status, "L shows the launch summary");
    let s = render(&app, 120, 40);
    assert!(
        s.contains("v watches its review (the status pane; L there comes back here)"),
        "{s}"
    );
    press(&mut app, KeyCode::Char('w'));
    assert!(!app.show_status, "w no longer watches");
    press(&mut app, KeyCode::Char('v'));
    assert!(app.show_status, "v watches");
    // The pane's help names the wizard's key back to the pane as the config gave it.
    press(&mut app, KeyCode::Char('?'));
    let s = render(&app, 120, 40);
    assert!(
        s.contains("(v returns)") && !s.contains("(w returns)"),
        "{s}"
    );
}

#[test]
fn a_clash_on_the_wizards_screens_is_refused_naming_the_actions_the_key_and_the_screen() {
    let refused =
        |pairs: &[(&str, &[&str])]| KeyMap::with_overrides(&overrides(pairs)).unwrap_err();
    let e = refused(&[("crop_left", &["l"])]);
    assert!(
        e.contains("l is bound to both crop_left and crop_right in the crop editor"),
        "{e}"
    );
    let e = refused(&[("confirm_launch", &["ctrl+c"])]);
    assert!(
        e.contains(
            "Ctrl+C is bound to both confirm_launch and force_quit in the launch confirmation"
        ),
        "{e}"
    );
    let e = refused(&[("watch", &["ctrl+c"])]);
    assert!(
        e.contains("Ctrl+C is bound to both watch and force_quit on the Review after a launch"),
        "{e}"
    );
    // Grow on j clashes with crop_down; recentre on q (the wizard's quit) does not: the
    // crop editor is another screen.
    let e = refused(&[("grow", &["j", "+"])]);
    assert!(
        e.contains("j is bound to both crop_down and grow in the crop editor"),
        "{e}"
    );
    assert!(KeyMap::with_overrides(&overrides(&[("recentre", &["q"])])).is_ok());
}
