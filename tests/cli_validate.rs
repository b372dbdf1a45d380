//! `dcw validate`: exit codes, grouped text output, `--json`, and file errors with positions.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

use common::rules::Edit;
use common::*;
use serde_json::{Value, json};

fn dcw(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dcw"))
        .args(args)
        .output()
        .expect("dcw runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Writes a spec next to a copy of the example images, so relative files resolve.
fn write_spec(dir: &Path, v: &Value) -> String {
    let images = dir.join("images");
    std::fs::create_dir_all(&images).unwrap();
    for e in std::fs::read_dir(examples_dir().join("images")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), images.join(e.file_name())).unwrap();
    }
    let path = dir.join("spec.json");
    std::fs::write(&path, serde_json::to_string_pretty(v).unwrap()).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn every_example_exits_zero_with_no_errors() {
    for name in [
        "sales-winter-boots.json",
        "app-install-puzzle.json",
        "awareness-city-festival.json",
    ] {
        let path = examples_dir().join(name);
        let out = dcw(&["validate", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", text(&out.stdout));
        assert!(
            text(&out.stdout).contains(": 0 errors"),
            "{}",
            text(&out.stdout)
        );
    }
}

/// Issue 15: a USD spec with `daily_budget: 50` (50 cents) is refused, naming Meta's minimum.
#[test]
fn a_budget_under_metas_minimum_exits_one_naming_the_minimum() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = base_json();
    remove(&mut v, "ad_set.lifetime_budget");
    set(&mut v, "ad_set.daily_budget", json!(50));
    let path = write_spec(dir.path(), &v);
    let out = dcw(&["validate", &path]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("ad_set.daily_budget"), "{stdout}");
    assert!(
        stdout.contains("at least $2.50 USD a day for offsite conversions"),
        "{stdout}"
    );
}

#[test]
fn errors_exit_one_grouped_by_step_with_paths() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = base_json();
    set(&mut v, "campaign.objective", json!("CONVERSIONS"));
    set(&mut v, "ad_set.targeting.age_min", json!(12));
    set(
        &mut v,
        "creative.asset_feed_spec.titles",
        json!([{"text": "x".repeat(300)}]),
    );
    let out = dcw(&["validate", &write_spec(dir.path(), &v)]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let objective = stdout.find("Objective\n").expect("Objective group");
    let ad_set = stdout.find("Ad set\n").expect("Ad set group");
    let assets = stdout.find("Assets\n").expect("Assets group");
    assert!(objective < ad_set && ad_set < assets, "{stdout}");
    for path in [
        "campaign.objective",
        "ad_set.targeting.age_min",
        "creative.asset_feed_spec.titles[0].text",
    ] {
        assert!(
            stdout.contains(&format!("error   {path}")),
            "{path} in {stdout}"
        );
    }
    assert!(stdout.contains("OUTCOME_SALES"), "{stdout}");
    assert!(stdout.contains("3 errors"), "{stdout}");
}

#[test]
fn errors_come_before_warnings_within_a_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = base_json();
    // A warning (short schedule) and an error (missing billing event) in the ad set step.
    set(&mut v, "ad_set.end_time", json!("2030-01-06T09:00:00-0500"));
    remove(&mut v, "ad_set.billing_event");
    let out = dcw(&["validate", &write_spec(dir.path(), &v)]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let err = stdout
        .find("error   ad_set.billing_event")
        .expect("error line");
    let warn = stdout
        .find("warning ad_set.end_time")
        .expect("warning line");
    assert!(err < warn, "{stdout}");
}

#[test]
fn warnings_alone_exit_zero() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = base_json();
    set(&mut v, "ad_set.end_time", json!("2030-01-06T09:00:00-0500"));
    let out = dcw(&["validate", &write_spec(dir.path(), &v)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("0 errors, 1 warning"));
}

#[test]
fn json_flag_prints_findings_as_an_array() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = base_json();
    set(&mut v, "campaign.buying_type", json!("RESERVED"));
    let out = dcw(&["validate", "--json", &write_spec(dir.path(), &v)]);
    assert_eq!(out.status.code(), Some(1));
    let findings: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    let list = findings.as_array().unwrap();
    assert_eq!(list.len(), 1, "{findings:#}");
    assert_eq!(list[0]["path"], "campaign.buying_type");
    assert_eq!(list[0]["severity"], "error");
    assert_eq!(list[0]["code"], "campaign.buying_type_not_auction");
    assert!(list[0]["message"].as_str().unwrap().contains("AUCTION"));

    let clean = examples_dir().join("app-install-puzzle.json");
    let out = dcw(&["validate", "--json", clean.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap(),
        json!([])
    );
}

#[test]
fn malformed_json_exits_two_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    std::fs::write(
        &path,
        "{\n  \"version\": 1,\n  \"campaign\": {\"name\": \"x\",}\n}\n",
    )
    .unwrap();
    let out = dcw(&["validate", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("broken.json"), "{stderr}");
    assert!(stderr.contains("line 3, column"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn wrong_type_exits_two_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typed.json");
    std::fs::write(
        &path,
        "{\"version\": 1, \"ad_set\": {\"daily_budget\": true}}",
    )
    .unwrap();
    let out = dcw(&["validate", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("ad_set.daily_budget"), "{stderr}");
    assert!(stderr.contains("line 1, column"), "{stderr}");
}

#[test]
fn unreadable_file_exits_two_naming_it() {
    let out = dcw(&["validate", "/nonexistent/dcw/spec.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("/nonexistent/dcw/spec.json"));
}

#[test]
fn relative_image_files_resolve_against_the_spec_folder() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = base_json();
    set(
        &mut v,
        "creative.asset_feed_spec.images",
        json!([{"file": "images/nope.jpg"}]),
    );
    let out = dcw(&["validate", "--json", &write_spec(dir.path(), &v)]);
    let findings: Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["image.file_missing"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn no_subcommand_without_a_terminal_points_to_the_headless_commands() {
    // Tests run with stdout piped: the wizard cannot open, and says what works instead.
    let out = dcw(&[]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("needs a terminal"), "{err}");
    assert!(
        err.contains("dcw validate") && err.contains("dcw submit"),
        "{err}"
    );
}

#[test]
fn paths_lists_every_place_dcw_uses_under_dcw_home() {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dcw"))
        .arg("paths")
        .env("DCW_HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    let root = home.path().display().to_string();
    for (what, rest) in [
        ("config", "config/config.json"),
        ("token", "config/token"),
        ("data", "data"),
        ("drafts", "data/drafts"),
        ("launches", "data/launches"),
        ("sandbox", "data/sandbox/state.json"),
        ("state", "state"),
        ("log", "state/logs/dcw.log"),
    ] {
        let line = format!("{root}/{rest}");
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(what) && l.ends_with(&line)),
            "{what} at {line} in:\n{stdout}"
        );
    }
}

#[test]
fn a_bad_key_binding_in_the_config_is_named_before_any_screen() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    let with_config = |json: &str| {
        std::fs::write(config.join("config.json"), json).unwrap();
        Command::new(env!("CARGO_BIN_EXE_dcw"))
            .arg("new")
            .env("DCW_HOME", home.path())
            .output()
            .unwrap()
    };
    let out = with_config(r#"{"keys": {"launch_now": ["ctrl+l"]}}"#);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("config.json") && err.contains("\"launch_now\" is not an action"),
        "{err}"
    );
    let out = with_config(r#"{"keys": {"review": ["alt+r"]}}"#);
    let err = text(&out.stderr);
    assert!(
        err.contains("keys.review") && err.contains("Alt keys break over SSH"),
        "{err}"
    );
}

/// `dcw validate` reads each video's container next to the spec: a square MP4 on Instagram
/// Reels is warned about by name, a 9:16 one is not, and a missing one is an error naming it.
#[test]
fn videos_are_read_from_beside_the_spec() {
    let dir = tempfile::tempdir().unwrap();
    common::mp4::Mp4::square(4096).write(&dir.path().join("square.mp4"));
    common::mp4::Mp4::vertical(4096).write(&dir.path().join("tall.mp4"));
    let mut v = base_json();
    set(
        &mut v,
        "creative.asset_feed_spec.ad_formats",
        json!(["AUTOMATIC_FORMAT"]),
    );
    set(
        &mut v,
        "ad_set.targeting.publisher_platforms",
        json!(["instagram"]),
    );
    set(
        &mut v,
        "ad_set.targeting.instagram_positions",
        json!(["reels"]),
    );
    let codes = |v: &Value| -> Vec<(String, String)> {
        let path = write_spec(dir.path(), v);
        let out = dcw(&["validate", "--json", &path]);
        let found: Value = serde_json::from_slice(&out.stdout).expect("JSON findings");
        found
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["code"].as_str().unwrap().into(),
                    f["message"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    set(
        &mut v,
        "creative.asset_feed_spec.videos",
        json!([{"file": "square.mp4"}]),
    );
    let square = codes(&v);
    assert!(
        square
            .iter()
            .any(|(c, m)| c == "video.shape_for_placement" && m.contains("square.mp4")),
        "{square:?}"
    );
    set(
        &mut v,
        "creative.asset_feed_spec.videos",
        json!([{"file": "tall.mp4"}]),
    );
    let tall = codes(&v);
    assert!(
        !tall.iter().any(|(c, _)| c.starts_with("video.")),
        "{tall:?}"
    );
    set(
        &mut v,
        "creative.asset_feed_spec.videos",
        json!([{"file": "gone.mp4"}]),
    );
    let gone = codes(&v);
    assert!(
        gone.iter()
            .any(|(c, m)| c == "video.file_missing" && m.contains("gone.mp4")),
        "{gone:?}"
    );
}

/// The config file's house policy for the spec's ad account is enforced by `dcw validate`: a
/// spec opting in to a forbidden Advantage+ creative feature is refused naming it; opted out,
/// it passes; another account's policy does not apply.
#[test]
fn validate_enforces_the_accounts_feature_policy_from_the_config() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    let account = base_json()["account_id"].as_str().unwrap().to_string();
    let policy = |account: &str| {
        json!({"accounts": {account: {"never_features": ["text_translation"]}}}).to_string()
    };
    let run = |status: &str| {
        let dir = tempfile::tempdir().unwrap();
        let v = base_json().with(
            "creative.degrees_of_freedom_spec",
            json!({"creative_features_spec": {"text_translation": {"enroll_status": status}}}),
        );
        let path = write_spec(dir.path(), &v);
        Command::new(env!("CARGO_BIN_EXE_dcw"))
            .args(["validate", &path])
            .env("DCW_HOME", home.path())
            .output()
            .unwrap()
    };
    std::fs::write(config.join("config.json"), policy(&account)).unwrap();
    let out = run("OPT_IN");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("\"text_translation\" is opted in")
            && stdout.contains("policy in the config file forbids it"),
        "{stdout}"
    );
    assert_eq!(run("OPT_OUT").status.code(), Some(0));
    std::fs::write(config.join("config.json"), policy("act_999")).unwrap();
    assert_eq!(run("OPT_IN").status.code(), Some(0));
    std::fs::write(
        config.join("config.json"),
        r#"{"accounts": {"act_1": {"never_features": ["translate"]}}}"#,
    )
    .unwrap();
    let out = run("OPT_OUT");
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("config.json: accounts.act_1.never_features: \"translate\""),
        "{err}"
    );
}
