//! What the wizard draws: every step at 80x24 and 120x40, empty, filled and with errors, as
//! insta snapshots; emoji and CJK in a field with the real cursor on it; the overlays; every
//! size from 1x1 to 200x60 without a panic; and NO_COLOR screens that still show state.

use crate::common;

use std::path::Path;
use std::time::Instant;

use common::wizard::*;
use crossterm::event::KeyCode;
use dcw::launch::{LaunchError, LaunchEvent, LaunchStep};
use dcw::spec::Step;
use dcw::tui::Msg;
use dcw::tui::Theme;
use dcw::tui::form;
use dcw::tui::{Action, Context};
use dcw::tui::{App, Overlay};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use serde_json::{Value, json};

/// The two sizes every step is snapshotted at.
const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// Where the opened specs seem to live. Image paths are made absolute against this fixed
/// folder, not the checkout, so a path's length (and so truncation and wrapping) is the same
/// on every machine; the image files themselves are read from `assets/examples`.
const SPEC_DIR: &str = "/home/buyer/specs";

const TITLE_0: &str = "creative.asset_feed_spec.titles[0].text";
const EMOJI_TITLE: &str = "♻️ Boots 👨‍👩‍👧‍👦 雪の日も暖かい";

fn slug(step: Step) -> &'static str {
    match step {
        Step::Account => "account",
        Step::Objective => "objective",
        Step::Campaign => "campaign",
        Step::AdSet => "adset",
        Step::Assets => "assets",
        Step::Review => "review",
    }
}

/// Any path of this checkout becomes `[repo]`, so snapshots pass wherever the repo lives.
fn normalise(text: String) -> String {
    text.replace(env!("CARGO_MANIFEST_DIR"), "[repo]")
}

fn screen(app: &App, w: u16, h: u16) -> String {
    normalise(render(app, w, h))
}

/// An example spec as JSON, its image paths made absolute as `dcw open` does.
fn example_json(name: &str) -> Value {
    let text = std::fs::read_to_string(examples_dir().join(name)).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    dcw::tui::absolutize_images(&mut v, Path::new(SPEC_DIR));
    v
}

/// `opened_value` for a spec in `SPEC_DIR`: the images are read from `assets/examples`
/// instead, and the wizard starts again at the first step with errors.
fn open_example(v: Value) -> App {
    let mut app = opened_value(v);
    let files: Vec<String> = app.ctx.images.keys().cloned().collect();
    for f in files {
        let Ok(rel) = Path::new(&f).strip_prefix(SPEC_DIR) else {
            continue;
        };
        let facts = dcw::store::read_image_facts(&examples_dir().join(rel));
        app.update(Msg::ImageRead(f, facts));
    }
    app.open_with_errors();
    app
}

/// The sales example: 2 audiences, 3 images, no findings.
fn filled() -> App {
    open_example(example_json("sales-winter-boots.json"))
}

/// The sales example with a mistake or more on every step, opened with every finding shown.
fn mistakes_json() -> Value {
    let mut v = example_json("sales-winter-boots.json");
    let long_title = "Warm feet, 30% off ".repeat(15);
    for (path, value) in [
        ("page_id", json!("")),
        ("campaign.name", json!("")),
        ("audiences[0].targeting.age_min", json!(12)),
        ("ad_set.end_time", json!("2030-01-01T09:00:00-0500")),
        ("audiences[1].targeting.geo_locations.countries", json!([])),
        (
            "creative.asset_feed_spec.titles[1].text",
            json!(long_title.trim_end()),
        ),
        (
            "creative.asset_feed_spec.link_urls[0].website_url",
            json!("shop.example.com/winter"),
        ),
        (
            "creative.asset_feed_spec.images[1].file",
            json!(format!("{SPEC_DIR}/images/missing.jpg")),
        ),
        ("ad.name", json!("")),
    ] {
        assert!(form::set(&mut v, path, value), "{path}");
    }
    v
}

fn with_errors() -> App {
    open_example(mistakes_json())
}

fn at(mut app: App, step: Step) -> App {
    app.goto(step);
    app
}

/// The three states of every step: a new draft, the example, the draft with mistakes.
fn states() -> [(&'static str, App); 3] {
    [
        ("empty", new_app()),
        ("filled", filled()),
        ("errors", with_errors()),
    ]
}

/// `?` on the account list of a new draft.
fn help_app() -> App {
    let mut app = new_app();
    assert_eq!(app.context(), Context::List, "{}", app.focus);
    press(&mut app, KeyCode::Char('?'));
    assert_eq!(app.overlay, Some(Overlay::Help));
    app
}

/// The submit confirmation, from Review on the clean example.
fn confirm_app() -> App {
    let mut app = at(filled(), Step::Review);
    open_confirm(&mut app);
    app
}

fn resume_app() -> App {
    let mut app = new_app();
    app.overlay = Some(Overlay::Resume {
        id: "x".into(),
        name: "Winter".into(),
        text: "{}".into(),
        meta: Default::default(),
        deleting: false,
    });
    app
}

/// A launch under way: the images and the campaign created, the first ad set being created.
fn launching_app() -> App {
    let mut app = at(filled(), Step::Review);
    let fx = app.submit();
    assert_eq!(fx.len(), 1, "{fx:?}");
    assert!(app.review.submitting());
    for (i, name) in ["boots", "scarf", "gloves"].into_iter().enumerate() {
        app.update(Msg::Launch(LaunchEvent::Created {
            key: LaunchStep::Image(format!("{SPEC_DIR}/images/{name}.jpg")),
            id: format!("6c1f0a9e2b7d4c3a8f5e{i}d2b1a0c9e8f"),
        }));
    }
    for e in [
        LaunchEvent::Started {
            key: LaunchStep::Campaign,
            name: "Winter Sale DC".into(),
        },
        LaunchEvent::Created {
            key: LaunchStep::Campaign,
            id: "120210000000000001".into(),
        },
        LaunchEvent::Info("Ad set 2 has its own lifetime budget of $300.00 USD.".into()),
        LaunchEvent::Started {
            key: LaunchStep::AdSet(0),
            name: "Winter Sale · US 18-34".into(),
        },
    ] {
        app.update(Msg::Launch(e));
    }
    app
}

/// The launch above, stopped by the network at the second ad set.
fn launch_failed_app() -> App {
    let mut app = launching_app();
    for e in [
        LaunchEvent::Created {
            key: LaunchStep::AdSet(0),
            id: "120210000000000002".into(),
        },
        LaunchEvent::Warning("Meta took 9 s to answer; retrying once.".into()),
        LaunchEvent::Started {
            key: LaunchStep::AdSet(1),
            name: "Winter Sale · CA 35-65".into(),
        },
    ] {
        app.update(Msg::Launch(e));
    }
    app.update(Msg::LaunchDone(Box::new(Err(LaunchError::Network {
        step: LaunchStep::AdSet(1).into(),
        message: "connection reset by peer".into(),
    }))));
    assert!(!app.review.submitting());
    app
}

/// The call-to-action list of the example, focused, with `/shop` typed.
fn filter_app() -> App {
    let mut app = at(filled(), Step::Assets);
    focus(&mut app, "creative.asset_feed_spec.call_to_action_types");
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "shop");
    assert_eq!(app.list.filter.as_ref().map(|f| f.text()), Some("shop"));
    app
}

/// The example with emoji and CJK in its first title, that title focused.
fn emoji_app() -> App {
    let mut v = example_json("sales-winter-boots.json");
    assert!(form::set(&mut v, TITLE_0, json!(EMOJI_TITLE)));
    let mut app = at(open_example(v), Step::Assets);
    focus(&mut app, TITLE_0);
    app
}

// ----- 1. every step, three states, two sizes -----

#[test]
fn every_step_empty_filled_and_with_errors() {
    for (state, app) in states() {
        for step in Step::ALL {
            let app = at(app.clone(), step);
            for (w, h) in SIZES {
                let name = format!("{}_{state}_{w}x{h}", slug(step));
                insta::assert_snapshot!(name, screen(&app, w, h));
            }
        }
    }
}

#[test]
fn the_draft_with_mistakes_has_errors_on_every_step_but_objective_and_shows_them() {
    let app = with_errors();
    for step in Step::ALL {
        let app = at(app.clone(), step);
        let s = screen(&app, 120, 40);
        let form: String = s.lines().skip(2).collect::<Vec<_>>().join("\n");
        if app.step_has_errors(step) {
            assert!(form.contains('✗'), "{step:?}:\n{s}");
        }
    }
    for step in [
        Step::Account,
        Step::Campaign,
        Step::AdSet,
        Step::Assets,
        Step::Review,
    ] {
        assert!(app.step_has_errors(step), "{step:?}: {:#?}", app.findings);
    }
}

#[test]
fn pgdn_on_a_step_with_errors_is_refused_and_says_why() {
    let mut app = new_app();
    app.goto(Step::Campaign);
    press(&mut app, KeyCode::PageDown);
    assert_eq!(app.step, Step::Campaign);
    let s = screen(&app, 80, 24);
    assert!(s.contains("✗ 1 thing to fix before Ad set"), "{s}");
    insta::assert_snapshot!("campaign_refused_80x24", s);
}

// ----- 2. emoji and CJK -----

#[test]
fn emoji_and_cjk_in_a_title_with_the_cursor_on_it() {
    let app = emoji_app();
    assert_eq!(form::get_str(&app.draft, TITLE_0), Some(EMOJI_TITLE));
    for (w, h) in SIZES {
        let (text, (x, y)) = render_with_cursor(&app, w, h);
        let text = normalise(text);
        insta::assert_snapshot!(format!("assets_emoji_title_{w}x{h}"), text);
        let lines: Vec<&str> = text.lines().collect();
        let row = lines
            .iter()
            .position(|l| l.contains("Title 1"))
            .unwrap_or_else(|| panic!("no Title 1 line at {w}x{h}:\n{text}"));
        assert!(
            lines[row].contains("› Title 1") && lines[row].contains("雪の日も暖かい"),
            "the title line is focused and shows the whole title: {}",
            lines[row]
        );
        assert_eq!(
            y as usize, row,
            "the cursor is on the title's line at {w}x{h}:\n{text}"
        );
        assert!(
            x >= 24,
            "the cursor is after the label at {w}x{h}: column {x}"
        );
        assert!(x < w, "the cursor is on screen at {w}x{h}: column {x}");
    }
}

/// Cell by cell: the cursor stands right after the title's last (wide) character, and the
/// character counter ends in the last column, like the counters of the plain titles.
#[test]
fn the_cursor_ends_the_emoji_title_and_its_counter_stays_aligned() {
    let app = emoji_app();
    for (w, h) in SIZES {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| dcw::tui::draw(&app, Theme { color: true }, f))
            .unwrap();
        let pos = t.get_cursor_position().unwrap();
        let buf = t.backend().buffer();
        let row =
            |y: u16| -> Vec<String> { (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect() };
        let title = row(pos.y);
        // The last non-blank cell before the cursor's column.
        let end = title[..pos.x as usize]
            .iter()
            .rposition(|s| s.trim() != "")
            .unwrap();
        assert_eq!(
            title[end], "い",
            "the title's last character is left of the cursor at {w}x{h}: {title:?}"
        );
        // A wide character takes two cells: the cursor is right after the second.
        assert_eq!(
            pos.x as usize,
            end + 2,
            "the cursor is right after the title at {w}x{h}: {title:?}"
        );
        // The counter (24 characters) is whole and ends in the last column, as the plain
        // title's counter two lines down does: the wide characters did not push it.
        assert!(title.concat().contains(" 24/255"), "{title:?}");
        assert_ne!(title[w as usize - 1], " ", "{title:?}");
        let next = row(pos.y + 2);
        assert!(next.concat().contains("Title 2"), "{next:?}");
        assert_eq!(next[next.len() - 6..].concat(), "18/255", "{next:?}");
    }
}

// ----- 3. overlays -----

#[test]
fn help_lists_every_key() {
    let app = help_app();
    let s = screen(&app, 80, 24);
    insta::assert_snapshot!("overlay_help_80x24", s);
    let top = s.lines().find(|l| l.contains('┌')).unwrap();
    assert!(top.contains(" Help "), "the box is titled Help: {top}");
    for a in Action::ALL.into_iter().filter(|a| a.applies(Context::List)) {
        let keys = app.keymap.label(a, Context::List);
        let line = format!("{keys:<16} {}", a.description());
        assert!(
            s.contains(&line),
            "help lists {a:?} as `{line}` at 80x24:\n{s}"
        );
    }
    // At 80x24 the box fits whole, keys first: its bottom border shows, and where the files
    // are is still said; with room every line shows, blank ones and the closing line too.
    assert!(s.contains('└'), "the help box is cut at 80x24:\n{s}");
    assert!(s.contains("Drafts  ") || s.contains("`dcw paths`"), "{s}");
    let s = screen(&app, 120, 40);
    assert!(s.contains("Esc or ? closes."), "{s}");
    assert!(s.contains("Drafts  "), "{s}");
}

/// In a text field the help has its three editing lines more: at 80x24 every key still
/// shows and the box is whole.
#[test]
fn help_while_typing_fits_80x24_with_every_key() {
    let mut app = at(filled(), Step::Campaign);
    focus(&mut app, "campaign.name");
    assert_eq!(app.context(), Context::Text, "{}", app.focus);
    press(&mut app, KeyCode::F(1));
    assert_eq!(app.overlay, Some(Overlay::Help));
    let s = screen(&app, 80, 24);
    for a in Action::ALL.into_iter().filter(|a| a.applies(Context::Text)) {
        let keys = app.keymap.label(a, Context::Text);
        if !keys.is_empty() {
            let line = format!("{keys:<16} {}", a.description());
            assert!(s.contains(&line), "help lists {a:?} as `{line}`:\n{s}");
        }
    }
    assert!(s.contains("Ctrl+C quits"), "{s}");
    assert!(s.contains('└'), "the help box is cut at 80x24:\n{s}");
    assert!(s.contains("Drafts  ") || s.contains("`dcw paths`"), "{s}");
}

#[test]
fn submit_confirmation() {
    let s = screen(&confirm_app(), 80, 24);
    assert!(s.contains(" Confirm launch "), "{s}");
    assert!(s.contains("Y (uppercase) launches"), "{s}");
    insta::assert_snapshot!("overlay_confirm_80x24", s);
}

#[test]
fn resume_offer() {
    let s = screen(&resume_app(), 80, 24);
    assert!(s.contains(" Resume draft? "), "{s}");
    assert!(s.contains("«Winter» (x)"), "{s}");
    insta::assert_snapshot!("overlay_resume_80x24", s);
}

#[test]
fn terminal_too_small() {
    let app = filled();
    for (w, h) in [(59, 20), (60, 19)] {
        let s = screen(&app, w, h);
        assert!(s.contains("Terminal too small (need 60x20)"), "{s}");
        assert!(s.contains(&format!("now {w}x{h}; Ctrl+C quits")), "{s}");
        insta::assert_snapshot!(format!("too_small_{w}x{h}"), s);
    }
    let s = screen(&app, 60, 20);
    assert!(!s.contains("Terminal too small"), "60x20 is enough:\n{s}");
}

#[test]
fn launch_progress() {
    let app = launching_app();
    let s = screen(&app, 80, 24);
    assert!(s.contains("✓ campaign"), "{s}");
    assert!(s.contains("120210000000000001"), "{s}");
    assert!(s.contains("Launching…"), "{s}");
    insta::assert_snapshot!("launch_progress_80x24", s);
    let s = screen(&launch_failed_app(), 80, 24);
    assert!(s.contains("connection reset by peer"), "{s}");
    insta::assert_snapshot!("launch_failed_80x24", s);
}

#[test]
fn a_list_with_a_filter_open() {
    let (s, (x, y)) = render_with_cursor(&filter_app(), 80, 24);
    let s = normalise(s);
    let line = s.lines().nth(y as usize).unwrap();
    assert!(
        line.contains("filter: /shop"),
        "the cursor is on the filter: {line}"
    );
    assert!(x >= 24, "{x}");
    insta::assert_snapshot!("assets_filter_80x24", s);
}

// ----- 4. every size -----

/// Widths 1..=200 and heights 1..=60, each a step apart, with the edges of "too small".
fn sweep_sizes() -> Vec<(u16, u16)> {
    let mut widths: Vec<u16> = (1..=200).step_by(7).collect();
    widths.extend([59, 60, 200]);
    let mut heights: Vec<u16> = (1..=60).step_by(3).collect();
    heights.extend([19, 20, 60]);
    widths.sort_unstable();
    widths.dedup();
    heights.sort_unstable();
    heights.dedup();
    let mut out: Vec<(u16, u16)> = widths
        .iter()
        .flat_map(|w| heights.iter().map(move |h| (*w, *h)))
        .collect();
    assert!(out.contains(&(200, 60)) && out.contains(&(1, 1)));
    out.dedup();
    out
}

fn sweep_screens() -> Vec<(String, App)> {
    let mut out = Vec::new();
    for (state, app) in states() {
        for step in Step::ALL {
            out.push((format!("{}_{state}", slug(step)), at(app.clone(), step)));
        }
    }
    out.push(("help".into(), help_app()));
    out.push(("confirm".into(), confirm_app()));
    out.push(("resume".into(), resume_app()));
    out.push(("filter".into(), filter_app()));
    out.push(("emoji".into(), emoji_app()));
    out.push(("launching".into(), launching_app()));
    out.push(("launch_failed".into(), launch_failed_app()));
    out
}

#[test]
fn every_screen_draws_at_every_size_without_a_panic() {
    let screens = sweep_screens();
    let sizes = sweep_sizes();
    let started = Instant::now();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(8));
    std::thread::scope(|s| {
        for k in 0..threads {
            let (screens, sizes) = (&screens, &sizes);
            s.spawn(move || {
                // Every `threads`-th size, so each thread gets small and large ones.
                for &(w, h) in sizes.iter().skip(k).step_by(threads) {
                    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
                    for (name, app) in screens {
                        // Drawn into the terminal's buffer without the diff and flush of
                        // `Terminal::draw`: a third faster, and the drawing is all that can panic.
                        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            let mut f = t.get_frame();
                            dcw::tui::draw(app, Theme { color: true }, &mut f);
                        }));
                        assert!(r.is_ok(), "{name} panicked at {w}x{h}");
                        t.current_buffer_mut().reset();
                    }
                }
            });
        }
    });
    let took = started.elapsed();
    eprintln!(
        "drew {} screens at {} sizes ({} frames) on {threads} threads in {took:?}",
        screens.len(),
        sizes.len(),
        screens.len() * sizes.len()
    );
    // The real cursor stays on screen at the smallest and the largest size drawn in full.
    for (w, h) in [(60, 20), (61, 20), (200, 60)] {
        for (name, app) in &screens {
            let (_, (x, y)) = render_with_cursor(app, w, h);
            assert!(
                x < w && y < h,
                "{name} at {w}x{h} puts the cursor off screen at {x},{y}"
            );
        }
    }
}

// ----- 5. NO_COLOR -----

fn draw_plain(app: &App, w: u16, h: u16, theme: Theme) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| dcw::tui::draw(app, theme, f)).unwrap();
    t
}

fn coloured_cells(t: &Terminal<TestBackend>) -> Vec<(u16, u16, String, Color, Color)> {
    let buf = t.backend().buffer();
    let area = buf.area;
    let mut out = Vec::new();
    for y in 0..area.height {
        for x in 0..area.width {
            let c = &buf[(x, y)];
            if c.fg != Color::Reset || c.bg != Color::Reset {
                out.push((x, y, c.symbol().to_string(), c.fg, c.bg));
            }
        }
    }
    out
}

#[test]
fn no_color_draws_no_colour_but_still_shows_focus_and_errors() {
    let plain = Theme { color: false };
    for (name, app) in sweep_screens() {
        for (w, h) in SIZES {
            let t = draw_plain(&app, w, h, plain);
            let cells = coloured_cells(&t);
            assert!(
                cells.is_empty(),
                "{name} at {w}x{h} has colour under NO_COLOR: {:?}",
                &cells[..cells.len().min(5)]
            );
        }
    }
    // With colour on, the same screens do use colour (so the check above checks something).
    let t = draw_plain(&with_errors(), 80, 24, Theme { color: true });
    assert!(!coloured_cells(&t).is_empty());

    // State is never told by colour alone: the focused field's marker and the errors' ✗.
    let mut app = at(with_errors(), Step::AdSet);
    focus(&mut app, "audiences[0].targeting.age_min");
    let t = draw_plain(&app, 120, 40, plain);
    let s = format!("{}", t.backend());
    let lines: Vec<&str> = s.lines().collect();
    let row = lines
        .iter()
        .position(|l| l.starts_with("\"› ") && l.contains("Age from"))
        .unwrap_or_else(|| panic!("the focused field has its marker:\n{s}"));
    assert!(
        lines[row + 1].contains('✗'),
        "its error shows ✗ on the next line:\n{s}"
    );
    let status = lines[lines.len() - 2];
    assert!(status.contains('✗'), "the status line says ✗: {status}");
    let bar = lines[1];
    assert!(
        bar.contains('✗'),
        "the step bar marks steps with errors: {bar}"
    );
}

#[test]
fn a_passed_dry_run_and_a_finished_launch_each_say_that_review_comes_after() {
    let mut app = at(filled(), Step::Review);
    let generation = app.review.generation;
    app.update(Msg::Preflight(
        generation,
        Ok("Meta accepts the campaign (validate_only).".into()),
    ));
    let s = screen(&app, 120, 40);
    assert!(
        s.contains("Passing the dry run does not mean passing review: each ad is reviewed after it is created and may still")
            && s.contains("rejected."),
        "{s}"
    );
    // The dry run is the sandbox's here (the header says SANDBOX): never called Meta's.
    assert!(!s.contains("Meta's dry run"), "{s}");
    // Not said before the dry run has passed.
    assert!(
        !screen(&at(filled(), Step::Review), 120, 40).contains("does not mean passing review"),
        "only a passed dry run needs it"
    );
    let mut app = launching_app();
    let journal: dcw::launch::LaunchJournal = serde_json::from_value(json!({
        "id": "20261125-170301-3f9a2c", "tag": "dcw-3f9a2c", "spec_hash": "h",
        "spec_path": "draft", "account": "1234567890", "graph": "sandbox",
        "created_at": "2026-11-25T17:03:01Z", "state": "done", "steps": []
    }))
    .unwrap();
    app.update(Msg::LaunchDone(Box::new(Ok(journal))));
    // The pane opens on the launch; its summary key comes back to the Review.
    press(&mut app, KeyCode::Char('l'));
    let s = screen(&app, 120, 40);
    assert!(
        s.contains("✓ Launched in SANDBOX (built-in): journal 20261125-170301-3f9a2c"),
        "{s}"
    );
    assert!(
        s.contains("Passing the dry runs does not mean passing review: the ads are in review now and may still be rejected."),
        "{s}"
    );
    assert!(!s.contains("Meta's dry run"), "{s}");
}
