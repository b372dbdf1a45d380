//! The ad preview screen (`v` on Assets and Review): insta snapshots of each placement family
//! at 80x24 (the text-only layout) and 120x40, with a title mixing CJK and emoji and pictures
//! off so the screens are the same every run; NO_COLOR's text-only layout; the picture drawn
//! with half-blocks when pictures are on.

use crate::common;

use common::wizard::*;
use crossterm::event::KeyCode;
use dcw::spec::Step;
use dcw::tui::{Msg, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::Value;

const CJK_TITLE: &str = "夏のセール 🔥 今だけ";
const LONG_BODY: &str = "Our warmest boots are back ❄️ lined with wool, built for snow and slush, \
    with soles that grip on ice and a lining that dries overnight, so you are out again tomorrow.";

/// The sales example with a CJK and emoji title first and a long first body, on Review, the
/// preview open, made for `w`x`h`.
fn preview_app(w: u16, h: u16, pictures: bool) -> dcw::tui::App {
    let text = std::fs::read_to_string(examples_dir().join("sales-winter-boots.json")).unwrap();
    let mut draft: Value = serde_json::from_str(&text).unwrap();
    dcw::tui::absolutize_images(&mut draft, &examples_dir());
    let feed = &mut draft["creative"]["asset_feed_spec"];
    feed["titles"][0]["text"] = Value::String(CJK_TITLE.into());
    feed["bodies"][0]["text"] = Value::String(LONG_BODY.into());
    let mut app = opened_value(draft);
    app.ctx.pictures = pictures;
    answer_msg(&mut app, Msg::Resize(w, h));
    app.goto(Step::Review);
    // On the Submit button (in the ad name's field `v` types; Ctrl+P opens it there).
    focus(&mut app, "#submit");
    press(&mut app, KeyCode::Char('v'));
    assert!(
        app.ad_preview.is_some(),
        "v opens the preview: {:?}",
        app.notice
    );
    app
}

#[test]
fn each_family_at_80x24_and_120x40() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = preview_app(w, h, false);
        for key in ['1', '2', '3', '4', '5'] {
            press(&mut app, KeyCode::Char(key));
            let screen = render(&app, w, h);
            assert!(
                screen.contains("dcw Demo Store"),
                "the Page's name:\n{screen}"
            );
            // Instagram and Stories hide the descriptions (2), the right column the bodies
            // (2) too: fewer distinct ads there.
            let count = match key {
                '3' | '4' => 72 / 2,
                '5' => 72 / 4,
                _ => 72,
            };
            assert!(
                screen.contains(&format!("combination 1 of {count}")),
                "{screen}"
            );
            assert!(screen.contains("Shop now"), "the button's label:\n{screen}");
            assert!(screen.contains("夏のセール"), "the CJK title:\n{screen}");
            if w == 80 {
                assert!(
                    screen.contains("[image 1 · boots.jpg · "),
                    "the image as a line:\n{screen}"
                );
            }
            insta::assert_snapshot!(format!("ad_preview_family_{key}_{w}x{h}"), screen);
        }
    }
}

#[test]
fn the_primary_text_is_cut_with_see_more_where_the_family_cuts_it() {
    let mut app = preview_app(120, 40, false);
    let screen = render(&app, 120, 40);
    assert!(screen.contains("… See more"), "{screen}");
    // The right column shows no primary text.
    press(&mut app, KeyCode::Char('5'));
    let screen = render(&app, 120, 40);
    assert!(!screen.contains("Our warmest boots"), "{screen}");
}

#[test]
fn arrows_walk_the_combinations_and_esc_closes() {
    let mut app = preview_app(120, 40, false);
    press(&mut app, KeyCode::Right);
    let screen = render(&app, 120, 40);
    assert!(screen.contains("combination 2 of 72"), "{screen}");
    assert!(
        screen.contains("title 1 · body 2 · description 1"),
        "the primary text turns first:\n{screen}"
    );
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Left);
    let screen = render(&app, 120, 40);
    assert!(screen.contains("combination 72 of 72"), "{screen}");
    press(&mut app, KeyCode::Esc);
    assert!(app.ad_preview.is_none());
    assert_eq!(app.step, Step::Review, "Esc closes the preview only");
}

#[test]
fn no_color_gets_the_text_only_layout_without_colour() {
    let app = preview_app(120, 40, false);
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    t.draw(|f| dcw::tui::draw(&app, Theme { color: false }, f))
        .unwrap();
    for cell in t.backend().buffer().content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset, "{cell:?}");
    }
    let screen = format!("{}", t.backend());
    assert!(
        screen.contains("[image 1 · boots.jpg · 1:1 crop]"),
        "{screen}"
    );
    assert!(screen.contains("[ Shop now ]"), "{screen}");
}

#[test]
fn with_pictures_on_the_image_is_drawn_cut_to_the_family() {
    let mut app = preview_app(120, 40, true);
    press(&mut app, KeyCode::Char('4'));
    let wanted = app.wanted_previews(app.screen);
    assert_eq!(wanted.len(), 1, "{wanted:?}");
    assert_eq!(
        wanted[0].0.shape, None,
        "a square image in Stories shows whole, with bars"
    );
    press(&mut app, KeyCode::Char('1'));
    let wanted = app.wanted_previews(app.screen);
    assert_eq!(wanted[0].0.shape, Some((100, 100)));
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains('▀') || screen.contains('▄'),
        "the half-block picture:\n{screen}"
    );
}

#[test]
fn the_preview_draws_at_every_size_and_in_every_family() {
    let mut app = preview_app(120, 40, false);
    for key in ['1', '4', '5'] {
        press(&mut app, KeyCode::Char(key));
        for w in (1..=220).step_by(9).chain([80, 81, 200]) {
            for h in (1..=64).step_by(5).chain([24, 25, 60]) {
                app.screen = ratatui::layout::Rect::new(0, 0, w, h);
                let _ = app.wanted_previews(app.screen);
                let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
                t.draw(|f| dcw::tui::draw(&app, Theme { color: true }, f))
                    .unwrap();
            }
        }
    }
}

#[test]
fn v_on_another_step_does_not_open_the_preview() {
    let mut app = opened("sales-winter-boots.json");
    app.goto(Step::Campaign);
    ctrl(&mut app, 'p');
    assert!(app.ad_preview.is_none());
    app.goto(Step::Assets);
    ctrl(&mut app, 'p');
    assert!(
        app.ad_preview.is_some(),
        "Ctrl+P opens it where letters type"
    );
}

/// The real binary in tmux, on the in-process sandbox: on Review of the sales example, `v`
/// shows the Page's name, a title of the spec and the button's label; → shows another
/// combination; the count on screen is the feed's, worked out here from the example.
#[cfg(unix)]
#[test]
fn in_tmux_v_on_review_shows_the_page_a_title_the_button_and_the_feeds_count() {
    use common::tmux::{Start, Tmux};
    crate::require_tmux!("the ad preview");
    let path = examples_dir().join("sales-winter-boots.json");
    let spec: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let feed = &spec["creative"]["asset_feed_spec"];
    let len = |k: &str| feed[k].as_array().map_or(0, Vec::len).max(1);
    assert_eq!(
        feed["ad_formats"][0], "SINGLE_IMAGE",
        "the example runs images only"
    );
    let count = feed["images"].as_array().unwrap().len()
        * [
            "titles",
            "bodies",
            "descriptions",
            "link_urls",
            "call_to_action_types",
        ]
        .iter()
        .map(|k| len(k))
        .product::<usize>();
    let text = |k: &str, i: usize| feed[k][i]["text"].as_str().unwrap().to_string();

    let path = path.display().to_string();
    let t = Tmux::start("ad-preview", Start::new(&["open", &path]));
    t.wait_for("SANDBOX");
    t.wait_for("dcw Demo (USD)");
    t.keys(&["C-s"]);
    t.wait_for("6. Review");
    t.keys(&["Tab"]);
    t.wait_for("› [ Submit… ]");
    t.keys(&["v"]);
    let first = t.wait_until("the preview, drawn whole", |s| {
        s.contains(&format!("combination 1 of {count}")) && s.contains("[ Shop now ]")
    });
    assert!(
        first.contains("dcw Demo Store"),
        "the Page's name:\n{first}"
    );
    assert!(first.contains(&text("titles", 0)), "title 1:\n{first}");
    assert!(first.contains(&text("bodies", 0)[..30]), "body 1:\n{first}");

    // The primary text turns fastest: the next combination has the second body, same button.
    t.keys(&["Right"]);
    let second = t.wait_until("combination 2", |s| {
        s.contains(&format!("combination 2 of {count}")) && s.contains("[ Shop now ]")
    });
    assert!(
        second.contains(&text("bodies", 1)[..30]),
        "body 2:\n{second}"
    );
    assert!(
        !second.contains(&text("bodies", 0)[..30]),
        "body 1 gone:\n{second}"
    );

    t.keys(&["Escape"]);
    t.wait_until("Review again", |s| {
        !s.contains("combination 2 of") && s.contains("› [ Submit… ]")
    });
}

/// Hostile text in the spec (a title, a body, an image's file name) and from Graph (the
/// Page's name) reaches the preview through the one sanitiser: no escape or control byte
/// is drawn.
#[test]
fn hostile_titles_bodies_files_and_page_names_are_sanitised() {
    let text = std::fs::read_to_string(examples_dir().join("sales-winter-boots.json")).unwrap();
    let mut draft: Value = serde_json::from_str(&text).unwrap();
    dcw::tui::absolutize_images(&mut draft, &examples_dir());
    let feed = &mut draft["creative"]["asset_feed_spec"];
    feed["titles"][0]["text"] = Value::String("\u{1b}]52;c;aGk=\u{7}Boots\u{1b}[2J".into());
    feed["bodies"][0]["text"] = Value::String("Warm\u{9b}31m \u{202e}feet\r\nnow".into());
    feed["images"][0]["file"] = Value::String("/tmp/\u{1b}[31mevil.jpg".into());
    let mut app = opened_value(draft);
    let pages = serde_json::from_value(serde_json::json!([
        {"id": "102938475610293", "name": "Store\u{1b}[5m\u{7}"}
    ]))
    .unwrap();
    answer_msg(&mut app, Msg::Pages(Ok(pages)));
    app.ctx.pictures = false;
    app.goto(Step::Review);
    focus(&mut app, "#submit");
    press(&mut app, KeyCode::Char('v'));
    for (w, h) in [(80, 24), (120, 40)] {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| dcw::tui::draw(&app, Theme { color: true }, f))
            .unwrap();
        for cell in t.backend().buffer().content() {
            assert!(
                !cell
                    .symbol()
                    .chars()
                    .any(|c| c.is_control() || c == '\u{202e}'),
                "{w}x{h}: {:?}",
                cell.symbol()
            );
        }
        let screen = format!("{}", t.backend());
        assert!(screen.contains("Boots"), "{screen}");
        assert!(screen.contains("Store"), "{screen}");
    }
}
