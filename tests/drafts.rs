//! Drafts: a resumed draft opens where the buyer left it with every step's ✓/✗ known, the
//! resume question deletes a draft when asked twice, `dcw open` reuses the draft made from the
//! same file (unless `--new`, or when that draft was launched), and `dcw drafts` / `dcw drafts
//! rm` list and delete them. The real binary runs in tmux (its own server) for what needs a
//! terminal.

use std::path::{Path, PathBuf};

use crossterm::event::KeyCode;
use serde_json::{Value, json};

use crate::common::cli::{arg, command, write_spec};
use crate::common::tmux::{SESSION, Start, Tmux, sh_quote};
use crate::common::wizard::{examples_dir, focus, new_app, press, render, type_text};
use crate::common::{remove, set};
use crate::require_tmux;
use dcw::spec::Step;
use dcw::store::{DraftMeta, Paths};
use dcw::tui::{App, Effect, Overlay};

/// The sales example with an error on the Ad set step (the end before the start) and one on
/// Assets (no link); Account, Objective, Campaign and Review are clean.
fn two_steps_wrong() -> Value {
    let text = std::fs::read_to_string(examples_dir().join("sales-winter-boots.json")).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    set(&mut v, "ad_set.end_time", json!("2030-01-01T09:00:00-0500"));
    remove(&mut v, "creative.asset_feed_spec.link_urls");
    v
}

/// The step bar of [`two_steps_wrong`] resumed at its Ad set step: a mark on every step.
const RESUMED_AT_AD_SET: [&str; 5] = [
    "✓1 Account",
    "✓2 Objective",
    "✓3 Campaign",
    "▸4 Ad set",
    "✗5 Assets",
];

fn meta(step: Option<Step>, field: &str) -> DraftMeta {
    let mut m = DraftMeta {
        field: Some(field.to_string()),
        ..Default::default()
    };
    if let Some(s) = step {
        m.set_step(s);
    }
    m
}

/// A new app offered `draft` at the resume question.
fn offered(draft: &Value, meta: DraftMeta) -> App {
    let mut draft = draft.clone();
    dcw::tui::absolutize_images(&mut draft, &examples_dir());
    let mut app = new_app();
    app.overlay = Some(Overlay::Resume {
        id: "20261201-090000-0001".into(),
        name: "Winter Sale DC".into(),
        text: draft.to_string(),
        meta,
        deleting: false,
    });
    app
}

/// The step bar: the screen's second line.
fn bar(app: &App) -> String {
    render(app, 120, 40)
        .lines()
        .nth(1)
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_resumed_draft_opens_at_its_step_and_field_with_every_steps_mark_known() {
    let mut app = offered(
        &two_steps_wrong(),
        meta(Some(Step::AdSet), "ad_set.end_time"),
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.overlay, None);
    assert_eq!(app.step, Step::AdSet);
    assert_eq!(app.focus, "ad_set.end_time");
    let bar = bar(&app);
    for mark in RESUMED_AT_AD_SET {
        assert!(bar.contains(mark), "no {mark:?} in the step bar: {bar}");
    }
    assert!(!bar.contains("✗6"), "Review has no error: {bar}");
}

#[test]
fn a_draft_without_a_step_opens_at_step_one_and_a_field_gone_falls_back_to_the_first() {
    let mut older = offered(&two_steps_wrong(), DraftMeta::default());
    press(&mut older, KeyCode::Enter);
    assert_eq!(older.step, Step::Account);
    // Its marks are known all the same.
    let bar = bar(&older);
    assert!(
        bar.contains("✗4 Ad set") && bar.contains("✗5 Assets"),
        "{bar}"
    );

    let mut gone = offered(
        &two_steps_wrong(),
        meta(Some(Step::AdSet), "ad_set.no_such"),
    );
    press(&mut gone, KeyCode::Enter);
    assert_eq!(gone.step, Step::AdSet);
    let first = gone.fields().into_iter().find(|f| f.focusable()).unwrap();
    assert_eq!(gone.focus, first.id);
}

#[test]
fn the_resume_question_deletes_the_draft_only_when_d_is_pressed_twice() {
    let mut app = offered(&two_steps_wrong(), DraftMeta::default());
    assert!(press(&mut app, KeyCode::Char('d')).is_empty());
    assert!(matches!(
        app.overlay,
        Some(Overlay::Resume { deleting: true, .. })
    ));
    assert!(render(&app, 80, 24).contains("for good?"));
    // Any other key keeps it and asks the first question again.
    assert!(press(&mut app, KeyCode::Char('x')).is_empty());
    assert!(matches!(
        app.overlay,
        Some(Overlay::Resume {
            deleting: false,
            ..
        })
    ));
    press(&mut app, KeyCode::Char('d'));
    let fx = press(&mut app, KeyCode::Char('d'));
    assert_eq!(fx, vec![Effect::DeleteDraft("20261201-090000-0001".into())]);
    assert_eq!(app.overlay, None);
    assert!(
        app.draft_id != "20261201-090000-0001",
        "the deleted draft is not the one edited"
    );
}

#[test]
fn a_save_keeps_the_step_and_field_the_buyer_is_on() {
    let mut app = offered(&two_steps_wrong(), meta(Some(Step::AdSet), "ad_set.name"));
    press(&mut app, KeyCode::Enter);
    let Effect::SaveDraft { meta, .. } = app.save_effect() else {
        panic!("not a save");
    };
    assert_eq!(meta.step(), Some(Step::AdSet));
    assert_eq!(meta.field.as_deref(), Some("ad_set.name"));
}

/// Text a field refused (an end at 25:00) is saved with why and given back on resume, still
/// refused: the draft's last good value never passes for what the buyer typed.
#[test]
fn text_a_field_refused_comes_back_on_resume_still_refused() {
    let mut app = offered(&two_steps_wrong(), meta(Some(Step::AdSet), "ad_set.name"));
    press(&mut app, KeyCode::Enter);
    focus(&mut app, "ad_set.targeting.age_min");
    type_text(&mut app, "abc");
    let Effect::SaveDraft { meta, .. } = app.save_effect() else {
        panic!("not a save");
    };
    let typed = meta.typed.get("ad_set.targeting.age_min").expect("kept");
    assert_eq!(typed.text, "abc");

    let mut again = offered(&app.draft, meta);
    press(&mut again, KeyCode::Enter);
    let refused = again
        .all_findings()
        .into_iter()
        .find(|f| f.path == "ad_set.targeting.age_min" && f.code == "input.unreadable");
    assert!(refused.is_some(), "{:?}", again.all_findings());
    let screen = render(&again, 120, 40);
    assert!(screen.contains("abc"), "{screen}");
    // Next stays refused while it is there.
    press(&mut again, KeyCode::PageDown);
    assert_eq!(again.step, Step::AdSet, "{:?}", again.notice);
}

// ----- the real binary -----

fn drafts_dir(home: &Path) -> PathBuf {
    dcw::store::drafts_dir(&Paths::under(home.to_path_buf()).data_dir)
}

/// Runs `dcw args` again in the test's pane (same home), after the last run ended.
fn respawn(t: &Tmux, args: &[&str]) {
    let mut dcw = sh_quote(env!("CARGO_BIN_EXE_dcw"));
    for a in args {
        dcw.push(' ');
        dcw.push_str(&sh_quote(a));
    }
    let inner = format!(
        "clear; {dcw} 2>>{}; echo \"EXIT=$?\"; sleep 60",
        sh_quote(&t.stderr_file().display().to_string())
    );
    let outer = format!(
        "exec env -u META_ACCESS_TOKEN -u FB_ACCESS_TOKEN -u DCW_API_BASE -u DCW_API_VERSION -u NO_COLOR DCW_HOME={} sh -c {}",
        sh_quote(&t.home().display().to_string()),
        sh_quote(&inner)
    );
    let home = t.home().display().to_string();
    t.run(&["respawn-pane", "-k", "-t", SESSION, "-c", &home, &outer]);
}

/// Quits with Ctrl+C (the draft is kept) and waits for dcw to exit 0.
fn quit(t: &Tmux) {
    t.keys(&["C-c"]);
    let after = t.wait_for("EXIT=");
    assert!(after.contains("EXIT=0"), "dcw did not exit 0:\n{after}");
}

/// `dcw open` in tmux session `name` on [`two_steps_wrong`], written in a folder of its own:
/// the folder, the spec, the session, and the screen once it shows the Ad set step.
fn open_two_steps_wrong(name: &str) -> (tempfile::TempDir, PathBuf, Tmux, String) {
    let dir = tempfile::tempdir().unwrap();
    let spec = write_spec(dir.path(), &two_steps_wrong());
    let t = Tmux::start(name, Start::new(&["open", arg(&spec)]));
    // The audience estimate is the last read the Ad set step makes: the screen has settled.
    let opened = t.wait_until("the spec opened at the Ad set step", |s| {
        s.contains("▸4 Ad set") && s.contains("Audience ≈")
    });
    (dir, spec, t, opened)
}

/// `dcw drafts` in this home.
fn drafts_list(home: &Path) -> String {
    let out = command(home, &["drafts"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The field the screen shows focused (`› Label`), below the header and the step bar.
fn focused_label(screen: &str) -> Option<String> {
    screen
        .lines()
        .skip(2)
        .find_map(|l| l.trim_start().strip_prefix("› "))
        .map(|l| l.split("  ").next().unwrap_or_default().trim().to_string())
}

#[test]
fn a_resumed_draft_opens_where_it_was_left_with_a_cross_on_every_step_with_errors() {
    require_tmux!("the wizard");
    // Opened at its first step with errors; one field on.
    let (_dir, _spec, t, opened) = open_two_steps_wrong("drafts-resume");
    let first = focused_label(&opened);
    assert!(first.is_some(), "no focused field:\n{opened}");
    t.keys(&["Tab"]);
    let before = t.wait_until("the next field focused", |s| {
        focused_label(s).is_some() && focused_label(s) != first
    });
    let label = focused_label(&before);
    quit(&t);

    respawn(&t, &[]);
    t.wait_for("Resume draft?");
    t.wait_for("on the Ad set step");
    t.keys(&["Enter"]);
    let screen = t.wait_until("the draft resumed", |s| !s.contains("Resume draft?"));
    let bar = screen.lines().nth(1).unwrap_or_default();
    for mark in RESUMED_AT_AD_SET {
        assert!(bar.contains(mark), "no {mark:?} in the step bar:\n{screen}");
    }
    assert_eq!(focused_label(&screen), label, "{screen}");
    quit(&t);
}

#[test]
fn open_reuses_the_draft_made_from_the_same_file_and_new_makes_another() {
    require_tmux!("the wizard");
    let (dir, spec, t, _) = open_two_steps_wrong("drafts-open");
    quit(&t);
    let list = drafts_list(t.home());
    let first: Vec<&str> = list
        .lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .take(1)
        .collect();
    let id = first[0].split_whitespace().next().unwrap().to_string();
    let source = std::fs::canonicalize(&spec).unwrap().display().to_string();
    assert!(
        list.contains(&format!("made from {source}")),
        "`dcw drafts` does not name the source file:\n{list}"
    );
    assert!(
        first[0].contains("Ad set") && first[0].contains("unfinished"),
        "{list}"
    );

    // The same file again, by another spelling of its path: the same draft, and it says so.
    let other_spelling = dir.path().join(".").join("spec.json");
    let other_spelling = other_spelling.display().to_string();
    respawn(&t, &["open", &other_spelling]);
    t.wait_for(&format!(
        "Reopened draft {id} made from spec.json on {}; dcw open --new starts a fresh one",
        chrono::Utc::now().format("%Y-%m-%d")
    ));
    quit(&t);
    assert_eq!(
        std::fs::read_dir(drafts_dir(t.home())).unwrap().count(),
        2,
        "one draft and its meta"
    );

    respawn(&t, &["open", "--new", arg(&spec)]);
    t.wait_until("the spec opened again", |s| {
        s.contains("▸4 Ad set") && s.contains("Audience ≈")
    });
    quit(&t);
    let list = drafts_list(t.home());
    assert_eq!(
        list.matches(&source).count(),
        2,
        "--new made a second draft:\n{list}"
    );
    for e in std::fs::read_dir(drafts_dir(t.home())).unwrap() {
        let e = e.unwrap();
        use std::os::unix::fs::PermissionsExt;
        let mode = e.metadata().unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", e.path().display());
    }
}

#[test]
fn a_launched_draft_is_not_reopened_and_the_message_says_why() {
    require_tmux!("the wizard");
    let (_dir, spec, t, _) = open_two_steps_wrong("drafts-launched");
    quit(&t);
    let drafts = drafts_dir(t.home());
    let json = std::fs::read_dir(&drafts)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "json"))
        .unwrap();
    let id = json.file_stem().unwrap().to_string_lossy().into_owned();
    std::fs::rename(&json, drafts.join(format!("{id}.launched.json"))).unwrap();

    respawn(&t, &["open", arg(&spec)]);
    let screen = t.wait_for("was launched");
    assert!(
        screen.contains(&format!("New draft: {id} made from spec.json")),
        "{screen}"
    );
    assert!(!screen.contains("Reopened"), "{screen}");
    quit(&t);
    let list = drafts_list(t.home());
    assert!(
        list.contains("launched ") && list.contains("unfinished"),
        "{list}"
    );
}

#[test]
fn drafts_rm_deletes_one_draft_and_refuses_unknown_ids_and_paths() {
    let home = tempfile::tempdir().unwrap();
    let drafts = drafts_dir(home.path());
    std::fs::create_dir_all(&drafts).unwrap();
    std::fs::write(drafts.join("20261201-090000-0001.json"), "{}").unwrap();
    std::fs::write(drafts.join("20261201-090000-0001.meta"), "{}").unwrap();
    std::fs::write(drafts.join("20261201-090000-0002.launched.json"), "{}").unwrap();
    std::fs::write(home.path().join("victim.json"), "{}").unwrap();

    let out = command(home.path(), &["drafts", "rm", "20261201-090000-0001"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Deleted draft 20261201-090000-0001"));
    assert!(!drafts.join("20261201-090000-0001.json").exists());
    assert!(!drafts.join("20261201-090000-0001.meta").exists());

    // A launched draft can be deleted too.
    let out = command(home.path(), &["drafts", "rm", "20261201-090000-0002"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(drafts_list(home.path()).starts_with("No drafts"));

    let refused = |id: &str, says: &str| {
        let out = command(home.path(), &["drafts", "rm", id])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{id}: {err}");
        assert!(
            err.starts_with("dcw: ") && err.contains(says),
            "{id}: {err}"
        );
    };
    refused("20261201-090000-0001", "no draft 20261201-090000-0001");
    refused("../../victim", "path separator");
    refused("/tmp/victim", "path separator");
    assert!(home.path().join("victim.json").exists());
}

#[test]
fn a_damaged_draft_is_listed_damaged_and_never_offered_for_resume() {
    // A draft file that is not a spec (cut short, overwritten) was the newest unfinished one:
    // `dcw` offered «untitled» for resume, Enter gave an empty form without a word, and the
    // buyer's good draft was no longer offered at all.
    let home = tempfile::tempdir().unwrap();
    let drafts = drafts_dir(home.path());
    std::fs::create_dir_all(&drafts).unwrap();
    std::fs::write(
        drafts.join("20261201-090000-0001.json"),
        r#"{"campaign": {"name": "Winter boots"}}"#,
    )
    .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(
        drafts.join("20261201-090000-0002.json"),
        "{\"campaign\": \u{1b}[31m cut",
    )
    .unwrap();

    let list = dcw::store::list_drafts(&drafts);
    let damaged = list.iter().find(|d| d.id.ends_with("0002")).unwrap();
    assert!(damaged.damaged.is_some(), "{damaged:?}");
    let good = list.iter().find(|d| d.id.ends_with("0001")).unwrap();
    assert_eq!(good.damaged, None);
    let (offered, _) = dcw::store::resumable_draft(&drafts).expect("the good draft");
    assert_eq!(offered.id, "20261201-090000-0001");

    let out = drafts_list(home.path());
    let line = out
        .lines()
        .find(|l| l.starts_with("20261201-090000-0002"))
        .unwrap();
    assert!(line.contains("damaged"), "{out}");
    assert!(!out.contains('\u{1b}'), "{out}");
    let json = command(home.path(), &["drafts", "--json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    let states: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["damaged", "unfinished"], "{v}");
}
