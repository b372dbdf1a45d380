//! Presets: an ad set's targeting (and pixel, Page, Instagram account) saved under a name per ad
//! account in the config folder's `presets.json` (0600, atomic; a damaged file named and never
//! written over; the other presets never lost); picked and saved in the wizard (one undo step,
//! a taken name replaced only with an uppercase Y); listed, saved and removed by `dcw presets`.

use crate::common;

use std::path::Path;

use common::cli::command;
use common::wizard::*;
use crossterm::event::KeyCode;
use dcw::spec::Step;
use dcw::store::presets::{self, Added, Preset};
use dcw::tui::form;
use dcw::tui::{App, Effect, Msg, Overlay};
use serde_json::{Value, json};

const ACCOUNT: &str = "act_1234567890";

fn preset(name: &str, account: &str) -> Preset {
    Preset {
        account: account.into(),
        name: name.into(),
        targeting: json!({
            "geo_locations": {"countries": ["US", "CA"]},
            "age_min": 18, "age_max": 34,
            "flexible_spec": [{"interests": [{"id": "6003107902433", "name": "Association football (Soccer)"}]}],
            "publisher_platforms": ["instagram"],
            "instagram_positions": ["story", "reels"]
        }),
        pixel_id: Some("555".into()),
        page_id: None,
        instagram_user_id: None,
    }
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_presets_file_is_private_and_saving_one_keeps_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config/presets.json");
    for (name, account) in [
        ("Winter US", ACCOUNT),
        ("Winter US", "act_9"),
        ("Teens", ACCOUNT),
    ] {
        let r = presets::add_to_file(&file, preset(name, account), false).unwrap();
        assert!(
            matches!(
                r,
                Added::Saved {
                    replaced: false,
                    ..
                }
            ),
            "{r:?}"
        );
    }
    #[cfg(unix)]
    assert_eq!(mode(&file), 0o600);
    let all = presets::load(&file).unwrap();
    assert_eq!(all.list().len(), 3);
    assert_eq!(all.of_account("1234567890").len(), 2);
    assert_eq!(
        presets::add_to_file(&file, preset("winter us", ACCOUNT), false).unwrap(),
        Added::Taken("Winter US".into()),
        "a taken name is not replaced unasked"
    );
    assert!(presets::remove_from_file(&file, ACCOUNT, "Teens").unwrap());
    let names: Vec<String> = presets::load(&file)
        .unwrap()
        .list()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["Winter US", "Winter US"]);
}

#[test]
fn a_damaged_presets_file_is_named_and_never_written_over() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("presets.json");
    std::fs::write(&file, "{\"version\": 1, \"presets\": [ {\"acc").unwrap();
    let e = presets::add_to_file(&file, preset("A", ACCOUNT), false).unwrap_err();
    assert!(e.contains(&file.display().to_string()), "{e}");
    assert!(e.contains("is not a presets file"), "{e}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "{\"version\": 1, \"presets\": [ {\"acc",
        "the damaged file is left as it was"
    );
    let limit = presets::max_file_bytes() as usize;
    std::fs::write(&file, vec![b' '; limit + 1]).unwrap();
    let e = presets::load(&file).unwrap_err();
    assert!(e.contains("too large for the presets file"), "{e}");
}

/// The winter boots spec on Ad set, with the account's presets read.
fn boots_with(presets: Vec<Preset>) -> App {
    let mut app = opened("sales-winter-boots.json");
    answer_msg(&mut app, Msg::Presets(Ok(presets)));
    app.goto(Step::AdSet);
    app
}

#[test]
fn choosing_a_preset_fills_targeting_and_pixel_as_one_undo_step_naming_what_changed() {
    let mut app = boots_with(vec![preset("Teens", "act_9"), preset("Winter US", ACCOUNT)]);
    let before = app.draft.clone();
    focus(&mut app, "#preset");
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("Winter US  US, CA · 18–34 · 1 interest · Instagram Stories, Reels"),
        "{screen}"
    );
    assert!(
        !screen.contains("Teens"),
        "another account's preset:\n{screen}"
    );
    press(&mut app, KeyCode::Enter);
    let p = preset("Winter US", ACCOUNT);
    assert_eq!(
        form::get(&app.draft, "ad_set.targeting"),
        Some(&p.targeting)
    );
    assert_eq!(
        form::get_str(&app.draft, "ad_set.promoted_object.pixel_id"),
        Some("555")
    );
    let notice = app.notice.clone().unwrap_or_default();
    assert!(
        notice.contains("Preset «Winter US» set targeting (US, CA · 18–34"),
        "{notice}"
    );
    assert!(notice.contains("pixel 555"), "{notice}");
    assert_eq!(
        form::get(&app.draft, "audiences[0].targeting.instagram_positions"),
        Some(&json!(["story", "reels"])),
        "the preset's placements reach the audiences"
    );
    assert_eq!(app.current_value("#preset").as_deref(), Some("Winter US"));
    ctrl(&mut app, 'z');
    assert_eq!(app.draft, before, "one undo step puts it all back");
}

/// Types `name` in the open preset overlay and presses Enter.
fn name_it(app: &mut App, name: &str) -> Vec<Effect> {
    focus(app, "#save_preset");
    press(app, KeyCode::Enter);
    assert!(
        matches!(app.overlay, Some(Overlay::SavePreset { .. })),
        "{:?}",
        app.overlay
    );
    type_text(app, name);
    press(app, KeyCode::Enter)
}

#[test]
fn save_as_preset_asks_a_name_and_replaces_a_taken_one_only_with_an_uppercase_y() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("presets.json");
    let mut app = boots_with(vec![preset("Winter US", ACCOUNT)]);
    app.ctx.presets_file = file.clone();
    let fx = name_it(&mut app, "winter us");
    assert!(fx.is_empty(), "{fx:?}");
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("already has a preset named «Winter US»"),
        "{screen}"
    );
    let fx = press(&mut app, KeyCode::Char('y'));
    assert!(fx.is_empty() && app.overlay.is_none(), "{fx:?}");
    assert!(app.notice.as_deref().unwrap_or("").contains("Not saved"));
    app.goto(Step::AdSet);
    name_it(&mut app, "Winter US");
    let fx = app.update(Msg::Key(crossterm::event::KeyEvent::new(
        KeyCode::Char('Y'),
        crossterm::event::KeyModifiers::SHIFT,
    )));
    let [
        Effect::SavePreset {
            path,
            preset: p,
            replace: true,
        },
    ] = fx.as_slice()
    else {
        panic!("{fx:?}");
    };
    assert_eq!((path, p.account.as_str()), (&file, ACCOUNT));
    assert_eq!(
        Some(&p.targeting),
        form::get(&app.draft, "ad_set.targeting")
    );
    let r = presets::add_to_file(path, (**p).clone(), true);
    answer_msg(&mut app, Msg::PresetSaved(p.clone(), r));
    let notice = app.notice.clone().unwrap_or_default();
    assert!(
        notice.starts_with("✓ Saved preset «Winter US» for act_1234567890: US · 18–65+"),
        "{notice}"
    );
}

#[test]
fn dcw_presets_saves_refuses_a_taken_name_lists_and_removes() {
    let home = tempfile::tempdir().unwrap();
    let spec = examples_dir().join("sales-winter-boots.json");
    let run = |args: &[&str]| {
        let out = command(home.path(), args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let save = [
        "presets",
        "save",
        "Winter",
        "--from",
        spec.to_str().unwrap(),
    ];
    let (code, out, err) = run(&save);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains(
            "Saved preset «Winter» for act_1234567890: US · 18–65+ · Advantage+ placements"
        ),
        "{out}"
    );
    let (code, _, err) = run(&save);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("already has a preset named «Winter»; --replace replaces it"),
        "{err}"
    );
    let (code, out, _) = run(&[&save[..], &["--replace"]].concat());
    assert_eq!(
        (code, out.starts_with("Replaced")),
        (Some(0), true),
        "{out}"
    );
    let (_, out, _) = run(&["presets"]);
    assert!(out.contains("act_1234567890     Winter"), "{out}");
    let (_, out, _) = run(&["presets", "--json", "--account", "1234567890"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["name"], "Winter");
    assert_eq!(v[0]["pixel_id"], "1234567890");
    assert_eq!(v[0]["page_id"], "102938475610293");
    let (code, out, _) = run(&["presets", "rm", "winter", "--account", "act_1234567890"]);
    assert_eq!(code, Some(0), "{out}");
    let (code, _, err) = run(&["presets", "rm", "winter", "--account", "act_1234567890"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("has no preset named"), "{err}");
}

#[test]
fn dcw_presets_shows_a_hostile_name_escaped() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("config/presets.json");
    presets::add_to_file(&file, preset("Red\u{1b}[31m\u{202e}", ACCOUNT), false).unwrap();
    let out = command(home.path(), &["presets"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{202e}'),
        "{text:?}"
    );
    assert!(text.contains("Red"), "{text}");
}

#[test]
fn presets_saved_by_several_dcw_at_once_are_all_kept() {
    // Each save reads the file, adds one and writes it back: without a lock between them, two
    // at once each write what they read plus their own, and one preset is lost unannounced.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config/presets.json");
    std::thread::scope(|s| {
        for t in 0..6 {
            let file = &file;
            s.spawn(move || {
                for i in 0..5 {
                    let r =
                        presets::add_to_file(file, preset(&format!("p{t}-{i}"), ACCOUNT), false);
                    assert!(matches!(r, Ok(Added::Saved { .. })), "{r:?}");
                }
            });
        }
    });
    let all = presets::load(&file).unwrap();
    assert_eq!(all.list().len(), 30, "every preset saved is kept");
    let left: Vec<_> = std::fs::read_dir(file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        left,
        ["presets.json"],
        "no lock or temporary file is left behind"
    );
}

#[test]
fn a_preset_with_meta_s_50000_postcodes_saves_and_reads_back() {
    // Meta takes up to 50,000 postcodes in one targeting: its preset must be readable again.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("presets.json");
    let mut p = preset("Every postcode", ACCOUNT);
    let zips: Vec<Value> = (0..50_000)
        .map(|i| json!({"key": format!("US:{i:05}"), "name": format!("{i:05}")}))
        .collect();
    p.targeting = json!({"geo_locations": {"zips": zips}});
    presets::add_to_file(&file, p.clone(), false).unwrap();
    assert_eq!(presets::load(&file).unwrap().list(), [p]);
}

#[test]
fn a_save_that_would_outgrow_the_presets_file_is_refused_and_the_file_stays_usable() {
    // A file over the size dcw reads back would make every later list, save and rm fail.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("presets.json");
    presets::add_to_file(&file, preset("Small", ACCOUNT), false).unwrap();
    let limit = presets::max_file_bytes() as usize;
    let mut huge = preset("Huge", ACCOUNT);
    huge.targeting["geo_locations"]["note"] = json!("x".repeat(limit));
    let e = presets::add_to_file(&file, huge, false).unwrap_err();
    assert!(e.contains(&file.display().to_string()), "{e}");
    assert!(e.contains("not saved"), "{e}");
    let names: Vec<String> = presets::load(&file)
        .unwrap()
        .list()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(
        names,
        ["Small"],
        "the file is as it was, and still readable"
    );
    assert!(presets::remove_from_file(&file, ACCOUNT, "Small").unwrap());
}
