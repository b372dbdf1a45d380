//! Placements on step 4: Advantage+ placements (no placement key) or manual placements, where
//! each ticked platform offers the positions Graph takes at the session's version and for the
//! feed's format, each named with the crop that feeds it and whether the feed's images carry it;
//! devices; back to Advantage+ in one undo step; the template's placements copied into every
//! audience. On the model (`update`) and its screen.

use crate::common;
use crate::require_tmux;

use common::tmux::{DEADLINE, Start, Tmux, focused_row, wait_for_value};
use common::wizard::*;
use crossterm::event::KeyCode;
use dcw::spec::Step;
use dcw::tui::App;
use dcw::tui::form::{self, FieldKind};
use serde_json::{Value, json};

const MODE: &str = "#ad_set.placements";
const DEVICES: &str = "#ad_set.devices";
const PLATFORMS: &str = "ad_set.targeting.publisher_platforms";
const IG: &str = "ad_set.targeting.instagram_positions";
const FB: &str = "ad_set.targeting.facebook_positions";
const KEYS: [&str; 6] = [
    "publisher_platforms",
    "facebook_positions",
    "instagram_positions",
    "audience_network_positions",
    "messenger_positions",
    "device_platforms",
];

/// The winter boots spec (three images with a 100x100 crop only, two audiences) on Ad set.
fn boots() -> App {
    let mut app = opened("sales-winter-boots.json");
    app.goto(Step::AdSet);
    app
}

/// Focuses the Ad set field `id`, from the step's first field (Tab never wraps).
fn focus_on(app: &mut App, id: &str) {
    app.goto(Step::AdSet);
    focus(app, id);
}

/// Chooses the `row`-th option of the single choice `id` (Enter on it).
fn choose_row(app: &mut App, id: &str, row: usize) {
    focus_on(app, id);
    for _ in 0..4 {
        press(app, KeyCode::Up);
    }
    for _ in 0..row {
        press(app, KeyCode::Down);
    }
    press(app, KeyCode::Enter);
}

/// Ticks (or unticks) the option `value` of the multi-select `id` (Space on it).
fn tick(app: &mut App, id: &str, value: &str) {
    focus_on(app, id);
    let row = option_values(app).iter().position(|v| v == value).unwrap();
    for _ in 0..12 {
        press(app, KeyCode::Up);
    }
    for _ in 0..row {
        press(app, KeyCode::Down);
    }
    press(app, KeyCode::Char(' '));
}

fn option_values(app: &App) -> Vec<String> {
    match app.focused_field().map(|f| f.kind) {
        Some(FieldKind::Multi { options, .. }) | Some(FieldKind::Choice { options }) => {
            options.into_iter().map(|o| o.value).collect()
        }
        other => panic!("no list focused: {other:?}"),
    }
}

fn at<'a>(app: &'a App, path: &str) -> Option<&'a Value> {
    form::get(&app.draft, path)
}

#[test]
fn manual_placements_tick_every_platform_and_name_each_position_with_its_crop() {
    let mut app = boots();
    assert_eq!(
        at(&app, PLATFORMS),
        None,
        "the spec has Advantage+ placements"
    );
    choose_row(&mut app, MODE, 1);
    assert_eq!(
        at(&app, PLATFORMS),
        Some(&json!([
            "facebook",
            "instagram",
            "audience_network",
            "messenger"
        ]))
    );
    focus_on(&mut app, IG);
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("Instagram Stories · 9:16 crop (90x160)"),
        "{screen}"
    );
    assert!(
        screen.contains("no 90x160 crop on 3 of 3 images: Meta crops them"),
        "{screen}"
    );
    assert!(
        screen.contains("every image has a 100x100 crop"),
        "the profile feed's crop is on every image:\n{screen}"
    );
    // The help line wraps where an option's note is cut at 80 columns: it counts each crop.
    let help = app.focused_field().unwrap().help;
    assert!(
        help.contains(
            "Crops on the images: 400x500 on 0 of 3, 100x100 on 3 of 3, 90x160 on 0 of 3; Meta crops an image without one itself."
        ),
        "{help}"
    );
    focus_on(&mut app, FB);
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("Facebook right column · 1.39:1 crop (100x72)"),
        "{screen}"
    );
}

#[test]
fn only_positions_of_the_session_version_and_the_feed_format_are_offered() {
    let mut app = boots();
    choose_row(&mut app, MODE, 1);
    // The tests' session calls v26.0: the Instagram Explore feed went in v26.0; an image feed
    // shows no video-only position.
    focus_on(&mut app, IG);
    let ig = option_values(&app);
    assert!(!ig.contains(&"explore".to_string()), "{ig:?}");
    assert!(ig.contains(&"explore_home".to_string()), "{ig:?}");
    assert!(
        !ig.contains(&"profile_reels".to_string()),
        "video only: {ig:?}"
    );
    focus_on(&mut app, FB);
    assert!(!option_values(&app).contains(&"instream_video".to_string()));
    // At v25.0 the Explore feed is still Graph's; a video feed gets the video positions.
    app.ctx.api_version = "v25.0".into();
    form::set(
        &mut app.draft,
        "creative.asset_feed_spec.ad_formats",
        json!(["SINGLE_VIDEO"]),
    );
    focus_on(&mut app, IG);
    assert!(option_values(&app).contains(&"explore".to_string()));
    focus_on(&mut app, FB);
    assert!(option_values(&app).contains(&"instream_video".to_string()));
}

#[test]
fn unticking_a_platform_drops_its_positions_and_unticking_all_is_advantage_placements() {
    let mut app = boots();
    choose_row(&mut app, MODE, 1);
    tick(&mut app, IG, "story");
    tick(&mut app, IG, "reels");
    assert_eq!(at(&app, IG), Some(&json!(["story", "reels"])));
    tick(&mut app, PLATFORMS, "instagram");
    assert_eq!(at(&app, IG), None, "Instagram's positions go with it");
    assert_eq!(
        at(&app, PLATFORMS),
        Some(&json!(["facebook", "audience_network", "messenger"]))
    );
    for p in ["facebook", "audience_network", "messenger"] {
        tick(&mut app, PLATFORMS, p);
    }
    for k in KEYS {
        assert_eq!(at(&app, &format!("ad_set.targeting.{k}")), None, "{k}");
    }
    assert_eq!(app.current_value(MODE).as_deref(), Some("advantage"));
}

#[test]
fn devices_both_sends_no_device_platforms() {
    let mut app = boots();
    choose_row(&mut app, MODE, 1);
    choose_row(&mut app, DEVICES, 1);
    assert_eq!(
        at(&app, "ad_set.targeting.device_platforms"),
        Some(&json!(["mobile"]))
    );
    choose_row(&mut app, DEVICES, 2);
    assert_eq!(
        at(&app, "ad_set.targeting.device_platforms"),
        Some(&json!(["desktop"]))
    );
    choose_row(&mut app, DEVICES, 0);
    assert_eq!(at(&app, "ad_set.targeting.device_platforms"), None);
}

#[test]
fn back_to_advantage_placements_removes_every_placement_key_in_one_undo_step() {
    let mut app = boots();
    choose_row(&mut app, MODE, 1);
    tick(&mut app, IG, "story");
    choose_row(&mut app, DEVICES, 1);
    let manual = at(&app, "ad_set.targeting").cloned();
    choose_row(&mut app, MODE, 0);
    for k in KEYS {
        assert_eq!(at(&app, &format!("ad_set.targeting.{k}")), None, "{k}");
    }
    assert!(
        app.notice
            .as_deref()
            .unwrap_or("")
            .contains("Advantage+ placements"),
        "{:?}",
        app.notice
    );
    ctrl(&mut app, 'z');
    assert_eq!(at(&app, "ad_set.targeting").cloned(), manual, "one undo");
}

#[test]
fn the_template_placements_are_copied_into_every_audience() {
    let mut app = boots();
    choose_row(&mut app, MODE, 1);
    tick(&mut app, IG, "story");
    for i in 0..2 {
        let t = format!("audiences[{i}].targeting");
        assert_eq!(at(&app, &format!("{t}.instagram_positions")), at(&app, IG));
        assert_eq!(
            at(&app, &format!("{t}.publisher_platforms")),
            at(&app, PLATFORMS)
        );
        // The audience's own targeting stays its own.
        assert_ne!(at(&app, &format!("{t}.age_max")), None);
    }
    assert_eq!(
        at(&app, "audiences[1].targeting.geo_locations.countries"),
        Some(&json!(["CA"]))
    );
    focus_on(&mut app, "audiences[0].name");
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("Placements: the template's (Facebook (all); Instagram Stories;"),
        "{screen}"
    );
    choose_row(&mut app, MODE, 0);
    for i in 0..2 {
        for k in KEYS {
            assert_eq!(
                at(&app, &format!("audiences[{i}].targeting.{k}")),
                None,
                "{i} {k}"
            );
        }
    }
}

#[test]
fn a_spec_with_positions_but_no_platform_opens_manual_and_advantage_clears_them() {
    let mut v: Value = serde_json::from_str(
        &std::fs::read_to_string(examples_dir().join("sales-winter-boots.json")).unwrap(),
    )
    .unwrap();
    v["ad_set"]["targeting"]["instagram_positions"] = json!(["explore"]);
    dcw::tui::absolutize_images(&mut v, &examples_dir());
    let mut app = opened_value(v);
    app.goto(Step::AdSet);
    assert_eq!(app.current_value(MODE).as_deref(), Some("manual"));
    choose_row(&mut app, MODE, 0);
    assert_eq!(at(&app, IG), None, "{:?}", app.notice);
}

#[test]
fn the_app_install_example_shows_its_three_platforms_manual() {
    let mut app = opened("app-install-puzzle.json");
    app.goto(Step::AdSet);
    assert_eq!(app.current_value(MODE).as_deref(), Some("manual"));
    focus_on(&mut app, PLATFORMS);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("[x] Audience Network"), "{screen}");
    assert!(screen.contains("[ ] Messenger"), "{screen}");
}

/// Tab until the focused row starts with `label`.
fn tab_to(t: &Tmux, label: &str) {
    for _ in 0..40 {
        let screen = t.wait_until("a focused row", |s| focused_row(s).is_some());
        if focused_row(&screen).is_some_and(|r| r.starts_with(label)) {
            return;
        }
        let before = focused_row(&screen);
        t.keys(&["Tab"]);
        t.wait_until("the focus to move", |s| {
            focused_row(s).is_some() && focused_row(s) != before
        });
    }
    panic!("never reached {label}:\n{}", t.screen());
}

#[test]
fn tmux_manual_instagram_stories_saved_as_a_preset_that_dcw_presets_lists() {
    require_tmux!("the wizard's placements and presets");
    let spec = examples_dir().join("sales-winter-boots.json");
    let t = Tmux::start(
        "placements-preset",
        Start::new(&["open", spec.to_str().unwrap()]),
    );
    t.wait_for("dcw Demo (USD)");
    for step in ["2. Objective", "3. Campaign", "4. Ad set"] {
        t.keys(&["PageDown"]);
        t.wait_for(step);
    }
    tab_to(&t, "Where ads run");
    t.keys(&["Down", "Enter"]);
    // The platforms show only once Manual is chosen (the option's name shows before).
    t.wait_for("Platforms             facebook, instagram");
    tab_to(&t, "Instagram");
    // ↓ until the highlight (reversed) is on Stories, one key at a time.
    for row in ["Instagram profile feed ·", "Instagram Stories ·"] {
        t.keys(&["Down"]);
        wait_for_value(&format!("the highlight on {row}"), DEADLINE, || {
            t.screen_with_escapes()
                .lines()
                .any(|l| l.contains(row) && l.contains("\u{1b}[7m"))
                .then_some(())
        });
    }
    t.keys(&["Space"]);
    t.wait_for("[x] Instagram Stories · 9:16 crop (90x160)");
    tab_to(&t, "[ Save as preset… ]");
    t.keys(&["Enter"]);
    t.wait_for("Save this ad set's targeting");
    t.type_text("Stories US");
    t.keys(&["Enter"]);
    t.wait_for("✓ Saved preset «Stories US» for act_1234567890");
    let file = t.home().join("config/presets.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let out = common::cli::command(t.home(), &["presets"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Stories US               US · 18–65+ · Facebook (all); Instagram Stories;"),
        "{text}"
    );
}
