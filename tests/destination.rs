//! Where requests go, always in view: the header and the confirmations name the destination
//! (the built-in sandbox, a loopback sandbox, or Meta at its version), and the built-in sandbox
//! keeps its world in the data folder between runs, until `dcw sandbox --reset`.

use crate::common;

use common::base_json;
use common::cli::{arg, dcw, dcw_with, home_and_spec, launches, submit_built_in};
use common::sandbox::{start, test_config};
use common::wizard::*;
use crossterm::event::KeyCode;
use dcw::graph::Destination;
use dcw::spec::Step;
use dcw::tui::App;
use serde_json::Value;

fn ad_ids(run: &common::cli::Run) -> Vec<String> {
    let rows: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|_| panic!("watch --json prints JSON: {run}"));
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r["ad_id"].as_str().unwrap().to_string())
        .collect()
}

fn created_ads(out: &Value) -> Vec<String> {
    out["objects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["step"].as_str().is_some_and(|s| s.starts_with("ad:")))
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_built_in_launch_is_still_there_for_a_later_watch_and_its_ids_are_not_the_demo_ads() {
    let (home, _dir, spec) = home_and_spec(&base_json());
    // Before any launch, the built-in sandbox shows its demo ads (and keeps them).
    let demo = dcw(home.path(), None, &["watch", "--once", "--json"]).await;
    assert_eq!(demo.code, Some(0), "{demo}");
    let demo_ids = ad_ids(&demo);
    assert_eq!(demo_ids.len(), 12, "{demo}");

    let run = submit_built_in(home.path(), &spec).await;
    assert_eq!(run.code, Some(0), "{run}");
    let out: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(out["destination"], "SANDBOX (built-in)", "{out}");
    let mine = created_ads(&out);
    assert!(!mine.is_empty(), "{out}");
    for id in &mine {
        assert!(
            !demo_ids.contains(id),
            "ad {id} has a demo ad's id: {demo_ids:?}"
        );
    }

    // A later run, another process, reads the launch back from the kept world.
    let later = dcw(home.path(), None, &["watch", "--once", "--json"]).await;
    assert_eq!(later.code, Some(0), "{later}");
    let seen = ad_ids(&later);
    assert_eq!(seen, mine, "the buyer's launch, not the demo: {later}");
    let rows: Value = serde_json::from_str(&later.stdout).unwrap();
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .all(|r| r["error"].is_null() && !r["ad_name"].as_str().unwrap_or("").is_empty()),
        "each ad was read: {later}"
    );
    assert_eq!(launches(home.path()).await[0]["sandbox_gone"], Value::Null);

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let state = home.path().join("data/sandbox/state.json");
        let mode = std::fs::metadata(&state).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", state.display());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_empties_the_built_in_sandbox_and_launches_marks_its_launch_gone() {
    let (home, _dir, spec) = home_and_spec(&base_json());
    let run = dcw(home.path(), None, &["submit", "--yes", arg(&spec)]).await;
    assert_eq!(run.code, Some(0), "{run}");
    assert!(
        run.stdout
            .contains("Sent to SANDBOX (built-in); nothing reaches Meta."),
        "{run}"
    );
    assert!(!format!("{run}").contains("Sent to Meta"), "{run}");
    assert!(!run.stderr.contains("Meta's dry run"), "{run}");
    assert!(
        !run.stdout.contains("adsmanager.facebook.com"),
        "no Ads Manager link to the built-in sandbox's ids: {run}"
    );
    let before = dcw(home.path(), None, &["launches"]).await;
    assert!(before.stdout.contains(" done "), "{before}");
    assert!(before.stdout.contains("(SANDBOX (built-in))"), "{before}");

    let reset = dcw(home.path(), None, &["sandbox", "--reset"]).await;
    assert_eq!(reset.code, Some(0), "{reset}");
    assert!(
        reset.stdout.contains("Deleted ") && reset.stdout.contains("state.json"),
        "{reset}"
    );
    assert!(
        reset
            .stdout
            .contains("campaigns, ad sets, creatives, ads and images"),
        "{reset}"
    );
    assert!(!home.path().join("data/sandbox/state.json").exists());

    let after = dcw(home.path(), None, &["launches"]).await;
    assert!(after.stdout.contains(" gone "), "{after}");
    assert!(!after.stdout.contains(" done "), "{after}");
    assert!(after.stdout.contains("started over"), "{after}");
    let json = launches(home.path()).await;
    assert!(json[0]["sandbox_gone"].is_string(), "{json:?}");
    // Submitting the same spec again makes a new launch in the new world.
    let again = submit_built_in(home.path(), &spec).await;
    assert_eq!(again.code, Some(0), "{again}");
    assert!(!again.stderr.contains("launched already"), "{again}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_built_in_state_is_named_kept_aside_and_the_sandbox_starts_afresh() {
    let (home, _dir, spec) = home_and_spec(&base_json());
    let state = home.path().join("data/sandbox/state.json");
    std::fs::create_dir_all(state.parent().unwrap()).unwrap();
    std::fs::write(&state, b"{\"world\": \"x\", \"next_id\": ").unwrap();
    let run = dcw(home.path(), None, &["submit", "--yes", arg(&spec)]).await;
    assert_eq!(run.code, Some(0), "{run}");
    assert!(run.stderr.contains(&state.display().to_string()), "{run}");
    assert!(run.stderr.contains("is damaged"), "{run}");
    let kept: Vec<_> = std::fs::read_dir(state.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.display().to_string().contains("state.json.damaged-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(
        std::fs::read(&kept[0]).unwrap(),
        b"{\"world\": \"x\", \"next_id\": "
    );
    assert!(state.is_file(), "the fresh world is saved");
}

/// A state "file" that is not a regular file (a symlink to /dev/null here) is never read: dcw
/// refuses to start the built-in sandbox on it, names it and says what starts it over, and
/// `dcw sandbox --reset` does.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_state_that_is_not_a_file_is_named_with_the_reset_that_fixes_it() {
    let (home, _dir, spec) = home_and_spec(&base_json());
    let state = home.path().join("data/sandbox/state.json");
    std::fs::create_dir_all(state.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink("/dev/null", &state).unwrap();
    let run = dcw(home.path(), None, &["submit", "--yes", arg(&spec)]).await;
    assert_eq!(run.code, Some(2), "{run}");
    assert!(run.stderr.contains(&state.display().to_string()), "{run}");
    assert!(run.stderr.contains("`dcw sandbox --reset`"), "{run}");
    let reset = dcw(home.path(), None, &["sandbox", "--reset"]).await;
    assert_eq!(reset.code, Some(0), "{reset}");
    let again = dcw(home.path(), None, &["submit", "--yes", arg(&spec)]).await;
    assert_eq!(again.code, Some(0), "{again}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_loopback_sandbox_is_named_never_meta_and_its_launch_is_gone_once_it_stops() {
    let mut sb = start(test_config()).await;
    let addr = sb.base.trim_start_matches("http://").to_string();
    let (home, _dir, spec) = home_and_spec(&base_json());
    let run = dcw_with(
        home.path(),
        Some("any-token"),
        &["submit", "--yes", arg(&spec)],
        &[("DCW_API_BASE", &sb.base)],
    )
    .await;
    assert_eq!(run.code, Some(0), "{run}");
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(
        said.contains(&format!("sandbox at {addr}; nothing reaches Meta")),
        "{run}"
    );
    assert!(!said.contains("Sent to Meta"), "{run}");
    assert!(!said.contains("Meta · Graph API"), "{run}");
    // The sandbox ran the dry run, not Meta; Ads Manager knows none of the sandbox's ids.
    assert!(said.contains("passed the sandbox's dry run"), "{run}");
    assert!(!said.contains("Meta's dry run"), "{run}");
    assert!(
        !run.stdout.contains("adsmanager.facebook.com"),
        "no Ads Manager link to a loopback sandbox's ids: {run}"
    );
    let up = dcw(home.path(), None, &["launches"]).await;
    assert!(up.stdout.contains(" done "), "{up}");
    assert!(up.stdout.contains(&format!("(sandbox at {addr})")), "{up}");

    sb.handle.take().unwrap().shutdown().await;
    let down = dcw(home.path(), None, &["launches"]).await;
    assert!(down.stdout.contains(" gone "), "{down}");
    assert!(
        down.stdout
            .contains(&format!("the sandbox at {addr} is not running")),
        "{down}"
    );
}

fn with_destination(mut app: App, d: Destination) -> App {
    app.ctx.destination = d;
    app
}

fn header(app: &App, w: u16) -> String {
    render(app, w, 24).lines().next().unwrap().to_string()
}

#[test]
fn the_header_names_each_destination() {
    let cases = [
        (Destination::BuiltIn, "SANDBOX (built-in)", true),
        (
            Destination::of_base("http://127.0.0.1:45678", "v27.0"),
            "sandbox at 127.0.0.1:45678",
            true,
        ),
        (
            // Which URLs are Meta's is graph::destination's own unit test; no test here names them.
            Destination::Meta {
                version: "v27.0".into(),
            },
            "Meta · Graph API v27.0",
            false,
        ),
    ];
    for (d, label, sandbox) in cases {
        for w in [80, 120] {
            let h = header(
                &with_destination(opened("sales-winter-boots.json"), d.clone()),
                w,
            );
            assert!(h.contains(label), "{w} columns: {h}");
            assert_eq!(h.contains("nothing is sent to Meta"), sandbox, "{h}");
        }
    }
}

fn confirm(d: Destination) -> String {
    let mut app = with_destination(opened("sales-winter-boots.json"), d);
    app.goto(Step::Review);
    open_confirm(&mut app);
    render(&app, 120, 40)
}

#[test]
fn the_launch_confirmation_names_the_destination_and_says_meta_only_for_meta() {
    let built_in = confirm(Destination::BuiltIn);
    assert!(
        built_in.contains("Sent to    SANDBOX (built-in); nothing reaches Meta "),
        "{built_in}"
    );
    let loopback = confirm(Destination::of_base("http://127.0.0.1:45678", "v27.0"));
    assert!(
        loopback.contains("Sent to    sandbox at 127.0.0.1:45678; nothing reaches Meta "),
        "{loopback}"
    );
    for s in [&built_in, &loopback] {
        assert!(!s.contains("Sent to    Meta"), "{s}");
    }
    let meta = confirm(Destination::Meta {
        version: "v27.0".into(),
    });
    assert!(
        meta.contains("Sent to    Meta · Graph API v27.0 "),
        "{meta}"
    );
}

#[test]
fn the_summary_after_a_launch_names_where_it_was_made() {
    let mut app = with_destination(
        opened("sales-winter-boots.json"),
        Destination::of_base("http://127.0.0.1:45678", "v27.0"),
    );
    launch_done(&mut app);
    press(&mut app, KeyCode::Char('l'));
    let s = render(&app, 120, 40);
    assert!(
        s.contains("✓ Launched in sandbox at 127.0.0.1:45678: journal"),
        "{s}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_dcw_writing_the_built_in_sandbox_is_refused_and_a_report_reads_it_meanwhile() {
    let (home, _dir, spec) = home_and_spec(&base_json());
    let first = submit_built_in(home.path(), &spec).await;
    assert_eq!(first.code, Some(0), "{first}");
    let mine = created_ads(&serde_json::from_str(&first.stdout).unwrap());
    // Another dcw holds the built-in sandbox (as the wizard does while it runs).
    let held = dcw::store::take_lock(&home.path().join("data/sandbox"), "state.lock").unwrap();
    let refused = dcw(home.path(), None, &["submit", "--yes", "--new", arg(&spec)]).await;
    assert_eq!(refused.code, Some(6), "{refused}");
    assert!(
        refused
            .stderr
            .contains("another dcw is using the built-in sandbox (pid "),
        "{refused}"
    );
    let reset = dcw(home.path(), None, &["sandbox", "--reset"]).await;
    assert_eq!(reset.code, Some(6), "{reset}");
    let report = dcw(home.path(), None, &["watch", "--once", "--json"]).await;
    assert_eq!(report.code, Some(0), "{report}");
    assert!(
        report.stderr.contains("reads what it last saved"),
        "{report}"
    );
    assert_eq!(ad_ids(&report), mine);
    drop(held);
    let reset = dcw(home.path(), None, &["sandbox", "--reset"]).await;
    assert_eq!(reset.code, Some(0), "{reset}");
}

/// A spec submitted by a path relative to where `dcw submit` ran is journaled by its absolute
/// path, so the journal finds the spec (and its images) from any folder later: `dcw
/// next-round`, the pane's files, `dcw launches`.
#[test]
fn a_spec_submitted_by_a_relative_path_is_journaled_by_its_absolute_one() {
    let (home, dir, spec) = home_and_spec(&base_json());
    let name = spec.file_name().unwrap().to_str().unwrap().to_string();
    let run = common::cli::command(home.path(), &["submit", "--yes", &name])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let list = common::cli::command(home.path(), &["launches", "--json"])
        .current_dir(home.path())
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&list.stdout).unwrap();
    let journaled = std::path::PathBuf::from(v[0]["spec"].as_str().unwrap());
    assert!(journaled.is_absolute(), "{}", journaled.display());
    assert_eq!(
        journaled.canonicalize().unwrap(),
        spec.canonicalize().unwrap()
    );
}
