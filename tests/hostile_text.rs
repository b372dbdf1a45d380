//! "Keep the promise under hostile conditions", part 3: control characters in names, asset
//! texts, review reasons, Meta's messages and file paths never reach the terminal raw. Every
//! text renderer is fed arbitrary strings where the spec, a file or Graph puts text, and the real
//! binary runs `dcw validate`, `submit`, `watch --once`, `launches`, `drafts` and `paths` on a
//! spec and ads whose names carry an OSC 52, a CSI (7-bit and C1) and an OSC 8 link.
//!
//! What may come out: no control character but `\n` (none of these renderers writes one of its
//! own), and no bidi formatting character; the hostile bytes show as visible escapes (`\x1b`).

use crate::common;

use std::path::{Path, PathBuf};

use common::base_json;
use common::cli::{Run, dcw};
use common::sandbox::{start, test_config};
use dcw::spec::{Finding, Severity};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Value, json};

const OSC52: &str = "\u{1b}]52;c;ZXZpbA==\u{7}";
const CSI: &str = "\u{1b}[2J";
const C1_CSI: &str = "\u{9b}2J";
const OSC8: &str = "\u{1b}]8;;https://evil.example\u{1b}\\Click\u{1b}]8;;\u{1b}\\";

/// Text with what an attacker would put in a name: OSC 52, CSI in both forms, an OSC 8 link,
/// a bidi override, any C0/C1 control, and ordinary text between.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<char>().prop_map(String::from),
        (0u32..0xa0)
            .prop_filter_map("a char", char::from_u32)
            .prop_map(String::from),
        Just(OSC52.to_string()),
        Just(CSI.to_string()),
        Just(C1_CSI.to_string()),
        Just(OSC8.to_string()),
        Just("\u{202e}".to_string()),
        "[a-z ]{1,8}",
    ];
    prop::collection::vec(piece, 0..10).prop_map(|v| v.concat())
}

#[track_caller]
fn assert_clean(what: &str, out: &str) {
    if let Some(c) = dcw::spec::text::first_unsafe(out) {
        panic!("{what} printed {c:?}:\n{out}");
    }
}

/// Every cell of a drawn screen, row by row.
fn cells(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// The sales example with hostile text in every name, title, body, description and link, an
/// image path, the objective and a call to action (strings outside Graph's sets survive).
fn hostile_spec(h: &[String; 8]) -> Value {
    let mut v = base_json();
    v["campaign"]["name"] = json!(h[0]);
    v["ad_set"]["name"] = json!(h[1]);
    v["creative"]["name"] = json!(h[2]);
    let feed = &mut v["creative"]["asset_feed_spec"];
    feed["titles"][0]["text"] = json!(h[3]);
    feed["bodies"][0]["text"] = json!(h[4]);
    feed["descriptions"] = json!([{"text": h[5]}]);
    feed["link_urls"][0]["website_url"] = json!(format!("https://shop.example.com/{}", h[6]));
    feed["images"][2]["file"] = json!(format!("images/{}.jpg", h[7]));
    feed["call_to_action_types"] = json!([h[7]]);
    v["campaign"]["objective"] = json!(format!("OUTCOME_{}", h[6]));
    v
}

fn eight() -> impl Strategy<Value = [String; 8]> {
    prop::array::uniform8(hostile())
}

// ---- the renderers, fed arbitrary strings ----

fn pane_screen(p: &dcw::tui::StatusPane, w: u16, h: u16) -> String {
    use dcw::tui::{PaneCtx, draw_status};
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    let ctx = PaneCtx {
        destination: dcw::graph::Destination::Meta {
            version: "v26.0".into(),
        },
    };
    t.draw(|f| draw_status(p, &ctx, dcw::tui::Theme { color: true }, f, f.area()))
        .unwrap();
    cells(&t)
}

fn wizard_screen(app: &dcw::tui::App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| dcw::tui::draw(app, dcw::tui::Theme { color: true }, f))
        .unwrap();
    cells(&t)
}

/// A pane over ads named `names`, the second rejected with hostile feedback, assets, issues
/// and a failed read, its detail open.
fn hostile_pane(h: &[String; 8]) -> dcw::tui::StatusPane {
    use common::watching::{ad, pane};
    let mut rejected = ad("120210000000000020", &h[0], "DISAPPROVED", 30);
    rejected["ad_review_feedback"] = json!({"global": {h[1].clone(): h[2].clone()}});
    let mut issues = ad("120210000000000030", &h[3], "WITH_ISSUES", 45);
    issues["issues_info"] = json!([{"level": "AD", "error_code": 1487000,
        "error_summary": h[4], "error_message": h[5], "error_type": "HARD_ERROR"}]);
    let feed = json!({
        "images": [{"hash": h[6]}],
        "titles": [{"text": h[3]}, {"text": h[7]}],
        "bodies": [{"text": h[4]}],
    });
    let list = json!([{"id": 23842500258220001u64, "text": h[7], "reason": [h[1]]},
                      {"id": 23842500258220002u64, "text": h[6], "reason": ["ALCOHOL"]}]);
    let details = json!({
        "adset": {"id": "1202100000000000205", "name": h[5], "review_feedback": list.to_string()},
        "creative": {"id": "1202100000000000207", "asset_feed_spec": feed},
    });
    let mut p = pane(
        &[
            ad("120210000000000010", &h[6], "PENDING_REVIEW", 3),
            rejected,
            issues,
        ],
        &[("120210000000000020", details)],
    );
    p.watch
        .model
        .failed("120210000000000010", &h[5], Some(h[2].as_str()));
    p.filter = String::new();
    p.reorder();
    p
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_validate_report_shows_no_control_character(
        h in eight(), path in hostile(), message in hostile(), hint in hostile(),
    ) {
        let mut findings = common::check(&hostile_spec(&h));
        findings.push(Finding {
            path,
            severity: Severity::Error,
            code: "test.hostile",
            message,
            hint: Some(hint),
            file_hint: false,
        });
        assert_clean("the validate report", &dcw::spec::render_text(&findings));
    }

    #[test]
    fn the_watch_table_and_the_pane_show_no_control_character(h in eight()) {
        let mut p = hostile_pane(&h);
        assert_clean("dcw watch --once", &dcw::watch::rows_text(&p.watch.model.rows));
        for r in &p.watch.model.rows {
            for (line, _) in dcw::tui::detail_lines(r, Some(0), None, 100, common::watching::now()) {
                assert_clean("the detail", &line);
            }
        }
        for i in 0..p.order.len() {
            p.selected = i;
            p.detail = Some(0);
            assert_clean("the pane", &pane_screen(&p, 120, 40));
        }
        p.filter = h[0].clone();
        p.notice = Some(h[1].clone());
        assert_clean("the pane", &pane_screen(&p, 80, 24));
    }

    #[test]
    fn every_wizard_step_shows_no_control_character(h in eight()) {
        let mut v = hostile_spec(&h);
        v["audiences"] = json!([{"name": h[5], "targeting": {"geo_locations": {"countries": ["US"]}}}]);
        let mut app = common::wizard::opened_value(v);
        for step in dcw::spec::Step::ALL {
            app.goto(step);
            assert_clean("the wizard", &wizard_screen(&app, 120, 40));
        }
        app.notice = Some(h[0].clone());
        assert_clean("the wizard", &wizard_screen(&app, 80, 24));
    }
}

#[test]
fn a_hostile_name_in_the_pane_shows_as_a_visible_escape() {
    let names: [String; 8] = std::array::from_fn(|i| format!("Boots {i}{OSC52}"));
    let mut p = hostile_pane(&names);
    p.selected = p
        .order
        .iter()
        .position(|i| p.watch.model.rows[*i].ad_id == "120210000000000020")
        .unwrap();
    p.detail = Some(0);
    let screen = pane_screen(&p, 160, 40);
    assert!(
        screen.contains("Boots 0\\x1b]52;c;ZXZpbA==\\x07"),
        "{screen}"
    );
}

/// ratatui drops control characters on its own, leaving `]52;c;…` behind; with the one
/// sanitiser the wizard shows what a field not being edited holds, as it would be sent (a field
/// being edited drops them: they never reach Meta from the wizard).
#[test]
fn a_hostile_title_in_the_wizard_shows_as_a_visible_escape() {
    let mut v = base_json();
    v["creative"]["asset_feed_spec"]["titles"][0]["text"] = json!(format!("Boots{OSC52}"));
    let mut app = common::wizard::opened_value(v);
    app.goto(dcw::spec::Step::Assets);
    let screen = wizard_screen(&app, 120, 40);
    assert!(screen.contains("Boots\\x1b]52;c;ZXZpbA==\\x07"), "{screen}");
}

// ---- the real binary ----

/// Neither stream of a run carries a byte a terminal would act on (ESC, BEL, CSI U+009B, any
/// other control but a line break).
#[track_caller]
fn assert_run_clean(run: &Run, what: &str) {
    assert_clean(&format!("{what} (stdout)"), &run.stdout);
    assert_clean(&format!("{what} (stderr)"), &run.stderr);
}

/// The sales example (one ad set) with an OSC 52, both CSIs and an OSC 8 in the campaign, ad
/// set and ad names, a title and a body; the body mentions beer, so review rejects it and names it.
fn hostile_launch() -> Value {
    let mut v = base_json();
    v["campaign"]["name"] = json!(format!("Winter{OSC52} sale{CSI}"));
    v["ad_set"]["name"] = json!(format!("Boots{C1_CSI} set{OSC8}"));
    v["ad"]["name"] = json!(format!("Boots ad{CSI}{OSC52}"));
    let feed = &mut v["creative"]["asset_feed_spec"];
    feed["titles"][0]["text"] = json!(format!("Boots{OSC8}"));
    feed["bodies"][0]["text"] = json!(format!("Craft beer{OSC52} and boots{C1_CSI}"));
    v
}

/// Writes the spec, with the example images beside it, under a file name that is itself
/// hostile (a path is printed too).
fn write_spec(dir: &Path, v: &Value) -> PathBuf {
    common::cli::write_spec_named(dir, v, &format!("spec{CSI}\u{7}.json"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dcw_validate_prints_hostile_values_and_paths_as_visible_escapes() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut v = hostile_launch();
    // Findings that quote the spec's values: an objective and a call to action outside
    // Graph's sets, a title over its limit.
    v["campaign"]["objective"] = json!(format!("OUTCOME_{OSC52}"));
    v["creative"]["asset_feed_spec"]["call_to_action_types"] = json!([format!("SHOP{CSI}")]);
    v["creative"]["asset_feed_spec"]["titles"][1]["text"] =
        json!(format!("{OSC8}{}", "x".repeat(300)));
    let spec = write_spec(dir.path(), &v);
    let run = dcw(home.path(), None, &["validate", spec.to_str().unwrap()]).await;
    assert_eq!(run.code, Some(1), "{run}");
    assert_run_clean(&run, "dcw validate");
    assert!(run.stdout.contains("\\x1b]52;c;ZXZpbA==\\x07"), "{run}");
    assert!(run.stdout.contains("spec\\x1b[2J\\x07.json"), "{run}");

    // A file that is not a spec: the error names the (hostile) path.
    let broken = dir.path().join(format!("broken{OSC52}.json"));
    std::fs::write(&broken, "{\"campaign\": ").unwrap();
    let run = dcw(home.path(), None, &["validate", broken.to_str().unwrap()]).await;
    assert_eq!(run.code, Some(2), "{run}");
    assert_run_clean(&run, "dcw validate of a broken file");
    assert!(
        run.stderr.contains("broken\\x1b]52;c;ZXZpbA==\\x07.json"),
        "{run}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submit_watch_launches_drafts_and_paths_print_hostile_names_as_visible_escapes() {
    let sb = start(test_config()).await;
    let token = "EAAhostiletexttesttoken";
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let spec = write_spec(dir.path(), &hostile_launch());
    let spec = spec.to_str().unwrap();

    // Without the dry run, which would refuse the beer: the ad is created and then rejected.
    let submit = [
        "submit",
        "--yes",
        "--no-preflight",
        "--api-base",
        &sb.base,
        spec,
    ];
    let run = dcw(home.path(), Some(token), &submit).await;
    assert_eq!(run.code, Some(0), "{run}");
    assert_run_clean(&run, "dcw submit");
    assert!(
        run.stderr
            .contains("Winter\\x1b]52;c;ZXZpbA==\\x07 sale\\x1b[2J"),
        "the plan: {run}"
    );
    assert!(
        run.stdout.contains("Boots\\u{9b}2J set\\x1b]8;;"),
        "the id table: {run}"
    );

    // Again: already launched, the ids again.
    let run = dcw(home.path(), Some(token), &submit).await;
    assert_eq!(run.code, Some(0), "{run}");
    assert_run_clean(&run, "dcw submit again");

    // The sandbox reviews at once: the ad is rejected for the beer in its body, and the
    // table names the body, Graph's name for the ad and Meta's sentence.
    let run = dcw(
        home.path(),
        Some(token),
        &["watch", "--once", "--api-base", &sb.base],
    )
    .await;
    assert_eq!(run.code, Some(0), "{run}");
    assert_run_clean(&run, "dcw watch --once");
    assert!(run.stdout.contains("rejected"), "{run}");
    assert!(
        run.stdout
            .contains("Boots ad\\x1b[2J\\x1b]52;c;ZXZpbA==\\x07"),
        "{run}"
    );
    assert!(
        run.stdout.contains("«Craft beer\\x1b]52;c;ZXZpbA=="),
        "{run}"
    );

    let run = dcw(home.path(), None, &["launches"]).await;
    assert_eq!(run.code, Some(0), "{run}");
    assert_run_clean(&run, "dcw launches");
    assert!(run.stdout.contains("spec\\x1b[2J\\x07.json"), "{run}");

    // A draft whose campaign is hostile, in a file whose name is too.
    let drafts = home.path().join("data").join("drafts");
    std::fs::create_dir_all(&drafts).unwrap();
    std::fs::write(
        drafts.join(format!("d{OSC52}.json")),
        serde_json::to_string(&hostile_launch()).unwrap(),
    )
    .unwrap();
    let run = dcw(home.path(), None, &["drafts"]).await;
    assert_eq!(run.code, Some(0), "{run}");
    assert_run_clean(&run, "dcw drafts");
    assert!(
        run.stdout.contains("Winter\\x1b]52;c;ZXZpbA==\\x07 sale"),
        "{run}"
    );

    // The JSON outputs: the same values, with what JSON leaves raw (the C1 CSI, DEL, bidi
    // overrides) written as \u escapes.
    for (args, what) in [
        (
            vec!["submit", "--yes", "--json", "--api-base", &sb.base, spec],
            "dcw submit --json",
        ),
        (vec!["launches", "--json"], "dcw launches --json"),
        (vec!["drafts", "--json"], "dcw drafts --json"),
        (vec!["validate", "--json", spec], "dcw validate --json"),
        (
            vec!["watch", "--once", "--json", "--api-base", &sb.base],
            "dcw watch --once --json",
        ),
    ] {
        let run = dcw(home.path(), Some(token), &args).await;
        assert_run_clean(&run, what);
        assert!(
            serde_json::from_str::<Value>(&run.stdout).is_ok(),
            "{what}: {run}"
        );
    }
    let run = dcw(
        home.path(),
        Some(token),
        &["submit", "--yes", "--json", "--api-base", &sb.base, spec],
    )
    .await;
    assert!(
        run.stdout.contains("Boots\\u009b2J set"),
        "the ad set's C1 CSI as an escape: {run}"
    );

    let odd_home = tempfile::tempdir().unwrap();
    let odd = odd_home.path().join(format!("home{CSI}"));
    let run = dcw(&odd, None, &["paths"]).await;
    assert_eq!(run.code, Some(0), "{run}");
    assert_run_clean(&run, "dcw paths");
    assert!(run.stdout.contains("home\\x1b[2J"), "{run}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_refuses_an_id_that_is_not_digits_before_any_request() {
    let sb = start(test_config()).await;
    let home = tempfile::tempdir().unwrap();
    let before = sb.stats().await["requests"]["total"].as_u64().unwrap();
    for bad in ["..\\..\\me", "me?x=1#", "../me", "120210000000000001/ads"] {
        let run = dcw(
            home.path(),
            Some("EAAwatchidtest"),
            &["watch", "--once", "--api-base", &sb.base, bad],
        )
        .await;
        assert_eq!(run.code, Some(1), "{bad}: nothing could be read: {run}");
        assert!(run.stderr.contains("not an id"), "{bad}: {run}");
        assert_run_clean(&run, bad);
    }
    let after = sb.stats().await["requests"]["total"].as_u64().unwrap();
    assert_eq!(after, before, "no request was sent for them");
}
