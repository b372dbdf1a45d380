//! `dcw submit` and `dcw launches` as programs: the real binary against a sandbox served by the
//! test (or, with no token, dcw's built-in one), with `DCW_HOME` in a temporary folder.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::cli::{
    DAILY_AND_LIFETIME_LINE, Run, arg, create_requests, daily_and_lifetime_json, dcw, dcw_with,
    home_and_spec, launches, objects, sales_json, submit, submit_built_in, write_spec,
};
use common::sandbox::{Sb, start, test_config};
use common::{base_json, set};
use dcw::sandbox::SandboxConfig;
use serde_json::{Value, json};

const TOKEN: &str = "EAAsubmitclitesttoken";
const ADS_MANAGER: &str = "https://adsmanager.facebook.com/adsmanager/manage/";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submit_exits_zero_and_prints_a_table_of_created_ids_without_ads_manager_links_for_a_sandbox()
 {
    let sb = start(test_config()).await;
    let (_home, run) = submit(&sb.base, TOKEN, &sales_json(), &[]).await;
    assert_eq!(run.code, Some(0), "{run}");

    let s = sb.stats().await;
    assert_eq!(objects(&s, "campaigns"), 1, "{s}");
    assert_eq!(objects(&s, "adsets"), 2, "{s}");
    assert_eq!(objects(&s, "adcreatives"), 1, "{s}");
    assert_eq!(objects(&s, "ads"), 2, "{s}");
    assert_eq!(objects(&s, "adimages"), 3, "{s}");

    // Every created object is in the table, by the id the sandbox gave it.
    let campaigns = sb
        .get("act_1234567890/campaigns", &[("fields", "id,name,status")])
        .await;
    let campaign = &campaigns.body["data"][0];
    let campaign_id = campaign["id"].as_str().unwrap();
    assert_eq!(campaign["status"], "PAUSED", "created PAUSED: {campaign}");
    let ads = sb.get("act_1234567890/ads", &[("fields", "id,name")]).await;
    let ad_ids: Vec<&str> = ads.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ad_ids.len(), 2);
    assert!(run.stdout.contains("Launch "), "{run}");
    for line in [
        "campaign", "ad set 1", "ad set 2", "creative", "ad 1", "ad 2",
    ] {
        assert!(
            run.stdout.lines().any(|l| l.trim_start().starts_with(line)),
            "a row for {line}: {run}"
        );
    }
    assert!(
        !run.stdout.contains("adset:") && !run.stderr.contains("adset:"),
        "people read `ad set 1`, never a journal key: {run}"
    );
    let campaign_row = run
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("campaign "))
        .unwrap();
    assert!(campaign_row.contains(campaign_id), "{campaign_row}");
    assert!(
        campaign_row.contains(campaign["name"].as_str().unwrap()),
        "the row names the campaign: {campaign_row}"
    );
    // A sandbox's ids are not Ads Manager's: no link (src/cli tests the links for Meta).
    assert!(!run.stdout.contains(ADS_MANAGER), "{run}");
    for ad in &ad_ids {
        assert!(run.stdout.contains(ad), "ad {ad} in the table: {run}");
    }

    // Progress goes to stderr, never to stdout.
    assert!(
        run.stderr.contains(&format!("created {campaign_id}")),
        "{run}"
    );
    assert!(run.stderr.contains("passed the sandbox's dry run"), "{run}");
    assert!(run.stderr.contains("Launch "), "the summary: {run}");
    assert!(!run.stdout.contains("dry run"), "{run}");
    assert!(
        !run.stderr.contains("SANDBOX"),
        "a token and --api-base do not use the built-in sandbox: {run}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submit_json_prints_the_launch_id_and_each_object_with_step_name_and_id() {
    let sb = start(test_config()).await;
    let (home, run) = submit(&sb.base, TOKEN, &base_json(), &["--json"]).await;
    assert_eq!(run.code, Some(0), "{run}");
    let out: Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|_| panic!("stdout is JSON: {run}"));
    let launch = out["launch"].as_str().expect("a launch id");
    assert!(!launch.is_empty());
    assert_eq!(out["account"], "act_1234567890");
    assert_eq!(out["state"], "done");
    let objects = out["objects"].as_array().unwrap();
    let steps: Vec<&str> = objects
        .iter()
        .map(|o| o["step"].as_str().unwrap())
        .collect();
    for step in ["campaign", "adset:0", "creative", "ad:0"] {
        assert!(steps.contains(&step), "{step} in {steps:?}");
    }
    assert_eq!(
        steps.iter().filter(|s| s.starts_with("image:")).count(),
        3,
        "{steps:?}"
    );
    // Each id is a real object in the sandbox, under the name the JSON gives.
    for o in objects {
        let step = o["step"].as_str().unwrap();
        let id = o["id"].as_str().unwrap();
        let name = o["name"].as_str().unwrap();
        assert!(!id.is_empty() && !name.is_empty(), "{o}");
        if step.starts_with("image:") {
            continue;
        }
        let got = sb.get(id, &[("fields", "name")]).await;
        assert_eq!(got.body["name"], name, "{step}: {}", got.body);
        assert!(
            name.contains(" · dcw-"),
            "names carry the launch tag: {name}"
        );
    }
    let campaign = objects.iter().find(|o| o["step"] == "campaign").unwrap();
    assert_eq!(
        campaign["ads_manager"],
        Value::Null,
        "a sandbox's ids: {campaign}"
    );
    // The launch is listed under the same id.
    let listed = launches(home.path()).await;
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["id"], launch);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submitting_again_says_already_launched_and_creates_nothing_and_new_launches_again() {
    let sb = start(test_config()).await;
    let (home, _dir, spec) = home_and_spec(&base_json());
    let args = ["submit", "--yes", "--api-base", &sb.base, arg(&spec)];
    let first = dcw(home.path(), Some(TOKEN), &args).await;
    assert_eq!(first.code, Some(0), "{first}");
    let after_first = sb.stats().await;
    assert_eq!(objects(&after_first, "campaigns"), 1);

    let again = dcw(home.path(), Some(TOKEN), &args).await;
    assert_eq!(again.code, Some(0), "{again}");
    assert!(again.stderr.contains("launched already"), "{again}");
    assert!(again.stderr.contains("--new"), "{again}");
    let after_again = sb.stats().await;
    assert_eq!(
        after_again["objects"], after_first["objects"],
        "a second submit of a finished launch creates nothing"
    );
    assert_eq!(
        create_requests(&after_again),
        create_requests(&after_first),
        "and sends no create request at all"
    );
    // It still prints the ids of what the launch created.
    let campaign_row = |r: &Run| {
        r.stdout
            .lines()
            .find(|l| l.trim_start().starts_with("campaign "))
            .map(str::to_string)
    };
    assert_eq!(campaign_row(&again), campaign_row(&first));
    assert!(campaign_row(&again).is_some(), "{again}");

    let fresh = dcw(
        home.path(),
        Some(TOKEN),
        &[
            "submit",
            "--yes",
            "--new",
            "--api-base",
            &sb.base,
            arg(&spec),
        ],
    )
    .await;
    assert_eq!(fresh.code, Some(0), "{fresh}");
    assert!(!fresh.stderr.contains("launched already"), "{fresh}");
    let after_new = sb.stats().await;
    assert_eq!(objects(&after_new, "campaigns"), 2, "{after_new}");
    assert_eq!(objects(&after_new, "adsets"), 2, "{after_new}");
    assert_eq!(objects(&after_new, "ads"), 2, "{after_new}");
    assert_ne!(campaign_row(&fresh), campaign_row(&first));

    let listed = launches(home.path()).await;
    assert_eq!(listed.len(), 2, "two launches: {listed:?}");
    assert!(listed.iter().all(|l| l["state"] == "done"), "{listed:?}");
    assert_ne!(listed[0]["id"], listed[1]["id"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn launches_lists_each_launch_with_its_state_as_text_and_json() {
    let sb = start(test_config()).await;
    let home = tempfile::tempdir().unwrap();
    let empty = dcw(home.path(), None, &["launches"]).await;
    assert_eq!(empty.code, Some(0), "{empty}");
    assert!(empty.stdout.contains("No launches yet"), "{empty}");
    assert_eq!(launches(home.path()).await, Vec::<Value>::new());

    let dir = tempfile::tempdir().unwrap();
    let spec = write_spec(dir.path(), &base_json());
    let run = dcw(
        home.path(),
        Some(TOKEN),
        &[
            "submit",
            "--yes",
            "--json",
            "--api-base",
            &sb.base,
            arg(&spec),
        ],
    )
    .await;
    assert_eq!(run.code, Some(0), "{run}");
    let id = serde_json::from_str::<Value>(&run.stdout).unwrap()["launch"]
        .as_str()
        .unwrap()
        .to_string();

    let text = dcw(home.path(), None, &["launches"]).await;
    assert_eq!(text.code, Some(0), "{text}");
    let line = text
        .stdout
        .lines()
        .find(|l| l.starts_with(&id))
        .unwrap_or_else(|| panic!("a line for {id}: {text}"));
    assert!(line.contains("done"), "{line}");
    assert!(line.contains("act_1234567890"), "{line}");
    assert!(
        line.contains("7/7 steps"),
        "3 images, campaign, ad set, creative, ad: {line}"
    );

    let listed = launches(home.path()).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], id.as_str());
    assert_eq!(listed[0]["state"], "done");
    assert_eq!(listed[0]["account"], "act_1234567890");
    assert_eq!(listed[0]["done"], listed[0]["steps"]);
    assert_eq!(listed[0]["error"], Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invalid_spec_exits_one_before_sending_anything() {
    let sb = start(test_config()).await;
    let mut v = base_json();
    set(&mut v, "campaign.objective", json!("CONVERSIONS"));
    set(&mut v, "ad_set.targeting.age_min", json!(12));
    let (home, run) = submit(&sb.base, TOKEN, &v, &[]).await;
    assert_eq!(run.code, Some(1), "{run}");
    assert!(
        run.stderr.contains("campaign.objective"),
        "the same findings as dcw validate: {run}"
    );
    assert!(run.stderr.contains("ad_set.targeting.age_min"), "{run}");
    assert!(run.stderr.contains("nothing was sent"), "{run}");
    assert!(run.stdout.is_empty(), "{run}");
    let s = sb.stats().await;
    assert_eq!(create_requests(&s), 0, "{s}");
    assert_eq!(s["requests"]["total"], 0, "not even a read: {s}");
    assert_eq!(launches(home.path()).await, Vec::<Value>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreadable_or_malformed_spec_exits_two() {
    let sb = start(test_config()).await;
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-spec.json");
    let run = dcw(
        home.path(),
        Some(TOKEN),
        &["submit", "--yes", "--api-base", &sb.base, arg(&missing)],
    )
    .await;
    assert_eq!(run.code, Some(2), "{run}");
    assert!(run.stderr.contains("no-such-spec.json"), "{run}");
    assert!(run.stderr.contains("cannot read"), "{run}");

    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"version\": 1, \"campaign\": ").unwrap();
    let run = dcw(
        home.path(),
        Some(TOKEN),
        &["submit", "--yes", "--api-base", &sb.base, arg(&broken)],
    )
    .await;
    assert_eq!(run.code, Some(2), "{run}");
    assert!(run.stderr.contains("broken.json"), "{run}");
    assert_eq!(sb.stats().await["requests"]["total"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_yes_and_without_a_terminal_submit_exits_two_and_creates_nothing() {
    let sb = start(test_config()).await;
    let (home, _dir, spec) = home_and_spec(&base_json());
    let run = dcw(
        home.path(),
        Some(TOKEN),
        &["submit", "--api-base", &sb.base, arg(&spec)],
    )
    .await;
    assert_eq!(run.code, Some(2), "{run}");
    assert!(run.stderr.contains("--yes"), "{run}");
    let s = sb.stats().await;
    assert_eq!(create_requests(&s), 0, "{s}");
    assert_eq!(objects(&s, "campaigns"), 0, "{s}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_token_exits_three_with_code_190() {
    let expired = "EAAexpiredsubmittoken";
    let sb = start(SandboxConfig {
        expired_tokens: vec![expired.to_string()],
        ..test_config()
    })
    .await;
    let (_home, run) = submit(&sb.base, expired, &base_json(), &[]).await;
    assert_eq!(run.code, Some(3), "{run}");
    assert!(run.stderr.contains("code 190"), "{run}");
    assert!(
        run.stderr.contains("Session Expired"),
        "Meta's user title: {run}"
    );
    let s = sb.stats().await;
    assert_eq!(objects(&s, "campaigns"), 0, "{s}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_graph_base_with_nothing_listening_exits_five() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let base = format!("http://127.0.0.1:{port}");
    let (_home, run) = submit(&base, TOKEN, &base_json(), &[]).await;
    assert_eq!(run.code, Some(5), "{run}");
    assert!(run.stderr.contains("network"), "{run}");
    assert!(!run.stderr.contains("SANDBOX"), "{run}");
}

/// `dcw submit --yes` of the base spec with this one call-to-action type, against a fresh
/// sandbox; the sandbox, the DCW_HOME and the run.
async fn submit_with_cta(cta: &str) -> (Sb, tempfile::TempDir, Run) {
    let sb = start(test_config()).await;
    let mut v = base_json();
    set(
        &mut v,
        "creative.asset_feed_spec.call_to_action_types",
        json!([cta]),
    );
    let (home, run) = submit(&sb.base, TOKEN, &v, &[]).await;
    (sb, home, run)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ad_its_dry_run_refuses_exits_one_and_creates_no_ad() {
    // A title in no language: dcw's rules take it, Meta's synchronous review (the ad's dry run)
    // checks "message language" and, in the sandbox, refuses it.
    let sb = start(test_config()).await;
    let mut v = base_json();
    set(
        &mut v,
        "creative.asset_feed_spec.titles",
        json!([{"text": "!!! 2026 !!!"}]),
    );
    let (home, run) = submit(&sb.base, TOKEN, &v, &[]).await;
    assert_eq!(run.code, Some(1), "{run}");
    assert!(
        run.stderr.contains("no language"),
        "the review's words: {run}"
    );
    assert!(
        run.stderr.contains("creative.asset_feed_spec.titles"),
        "{run}"
    );
    assert!(run.stderr.contains("fbtrace_id"), "{run}");
    let s = sb.stats().await;
    assert_eq!(objects(&s, "ads"), 0, "no ad exists: {s}");
    assert_eq!(
        s["requests"]["by_route"]["POST /act_{id}/ads"], 1,
        "only the ad's dry run was sent: {s}"
    );
    let listed = launches(home.path()).await;
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["state"], "failed");
    assert!(
        listed[0]["error"].as_str().unwrap().contains("no language"),
        "{listed:?}"
    );
    let text = dcw(home.path(), None, &["launches"]).await;
    assert!(text.stdout.contains("stopped"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_to_action_meta_is_known_to_refuse_stops_before_anything_is_sent() {
    let (sb, _home, run) = submit_with_cta("BOOK_NOW").await;
    assert_eq!(run.code, Some(1), "{run}");
    assert!(
        run.stderr.contains("feed.cta_refused_for_objective"),
        "{run}"
    );
    assert!(run.stderr.contains("nothing was sent"), "{run}");
    let s = sb.stats().await;
    assert_eq!(s["requests"]["total"], 0, "no request at all: {s}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_no_token_at_all_submit_launches_on_the_built_in_sandbox_and_says_so() {
    let (home, _dir, spec) = home_and_spec(&base_json());
    let run = submit_built_in(home.path(), &spec).await;
    assert_eq!(run.code, Some(0), "{run}");
    assert!(run.stderr.contains("SANDBOX"), "{run}");
    assert!(run.stderr.contains("nothing is sent to Meta"), "{run}");
    let out: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(out["state"], "done");
    assert!(out["objects"].as_array().unwrap().len() >= 4, "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_built_in_sandbox_is_reached_even_when_an_http_proxy_is_configured() {
    let dead_proxy = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let (home, _dir, spec) = home_and_spec(&base_json());
    let run = dcw_with(
        home.path(),
        None,
        &["submit", "--yes", arg(&spec)],
        &[
            ("HTTP_PROXY", &dead_proxy),
            ("http_proxy", &dead_proxy),
            ("ALL_PROXY", &dead_proxy),
        ],
    )
    .await;
    assert_eq!(
        run.code,
        Some(0),
        "loopback never goes through a proxy: {run}"
    );
    assert!(run.stderr.contains("SANDBOX"), "{run}");
}

#[cfg(unix)]
fn write_token_file(home: &Path, token: &str, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let dir = home.join("config");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("token");
    std::fs::write(&path, format!("{token}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_file_readable_by_others_is_refused_with_exit_three() {
    let sb = start(test_config()).await;
    let home = tempfile::tempdir().unwrap();
    write_token_file(home.path(), TOKEN, 0o644);
    let dir = tempfile::tempdir().unwrap();
    let spec = write_spec(dir.path(), &base_json());
    let run = dcw(
        home.path(),
        None,
        &["submit", "--yes", "--api-base", &sb.base, arg(&spec)],
    )
    .await;
    assert_eq!(run.code, Some(3), "{run}");
    assert!(run.stderr.contains("chmod 600"), "{run}");
    assert!(
        !run.stderr.contains("SANDBOX"),
        "a refused token file is not silently replaced by the sandbox: {run}"
    );
    assert_eq!(sb.stats().await["requests"]["total"], 0);
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_private_token_file_is_used_when_no_token_is_in_the_environment() {
    // The token in the file is the one the sandbox knows as expired: dcw must have sent it.
    let expired = "EAAexpiredfiletoken";
    let sb = start(SandboxConfig {
        expired_tokens: vec![expired.to_string()],
        ..test_config()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let spec = write_spec(dir.path(), &base_json());
    let home = tempfile::tempdir().unwrap();
    write_token_file(home.path(), expired, 0o600);
    let run = dcw(
        home.path(),
        None,
        &["submit", "--yes", "--api-base", &sb.base, arg(&spec)],
    )
    .await;
    assert_eq!(run.code, Some(3), "{run}");
    assert!(run.stderr.contains("code 190"), "{run}");
    assert!(!run.stderr.contains("SANDBOX"), "{run}");

    // A good token in the file launches on the given base.
    let home = tempfile::tempdir().unwrap();
    write_token_file(home.path(), TOKEN, 0o600);
    let run = dcw(
        home.path(),
        None,
        &["submit", "--yes", "--api-base", &sb.base, arg(&spec)],
    )
    .await;
    assert_eq!(run.code, Some(0), "{run}");
    assert!(!run.stderr.contains("SANDBOX"), "{run}");
    assert_eq!(objects(&sb.stats().await, "campaigns"), 1);

    // The environment comes first: a good env token beats the expired file.
    let home = tempfile::tempdir().unwrap();
    write_token_file(home.path(), expired, 0o600);
    let run = dcw(
        home.path(),
        Some(TOKEN),
        &[
            "submit",
            "--yes",
            "--new",
            "--api-base",
            &sb.base,
            arg(&spec),
        ],
    )
    .await;
    assert_eq!(run.code, Some(0), "{run}");
    assert_eq!(objects(&sb.stats().await, "campaigns"), 2);
}

#[test]
fn submit_help_lists_the_exit_codes() {
    let out = Command::new(env!("CARGO_BIN_EXE_dcw"))
        .args(["submit", "--help"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    for line in [
        "0 launched",
        "1 the spec is invalid, Meta refused it, or you cancelled",
        "2 the spec or a file cannot be read",
        "3 the access token was refused",
        "4 rate limited",
        "5 network",
    ] {
        assert!(help.contains(line), "\"{line}\" in: {help}");
    }
    assert!(help.contains("Exit status"), "{help}");
    for flag in ["--yes", "--json", "--activate", "--no-preflight", "--new"] {
        assert!(help.contains(flag), "{flag} in: {help}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_plan_shows_a_daily_and_a_lifetime_budget_as_the_review_step_does() {
    let sb = start(test_config()).await;
    let (_home, run) = submit(&sb.base, TOKEN, &daily_and_lifetime_json(), &[]).await;
    assert_eq!(run.code, Some(0), "{run}");
    assert!(
        run.stderr
            .contains(&format!("  money     {DAILY_AND_LIFETIME_LINE}\n")),
        "{run}"
    );
    // What each schedule can spend, as Review shows it: daily × days, lifetime as it is.
    for line in [
        "  can spend Winter Sale · US 18-34: $20.00 USD a day × 21 days = $420.00 USD\n",
        "            Winter Sale · CA 35-65: $300.00 USD lifetime over 21 days\n",
        "            In all: at most $720.00 USD\n",
    ] {
        assert!(run.stderr.contains(line), "{line:?} in:\n{run}");
    }
}

/// The account's own minimum budgets (Meta's `minimum_budgets`) decide at submit, before
/// anything is created: a JPY budget the built-in table (USD only) cannot judge is refused when
/// the account's minimum is higher, naming it, and no campaign is made.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_budget_under_the_accounts_own_minimum_is_refused_before_anything_is_created() {
    let sb = start(test_config()).await;
    let mut v = sales_json();
    v["account_id"] = serde_json::json!("act_9876543210");
    v["currency"] = serde_json::json!("JPY");
    v.as_object_mut().unwrap().remove("audiences");
    let set = v["ad_set"].as_object_mut().unwrap();
    set.remove("lifetime_budget");
    set.insert("daily_budget".into(), serde_json::json!(100));
    // Offline, no table judges yen: dcw validate lets ¥100 a day through.
    let (_home, run) = submit(&sb.base, TOKEN, &v, &[]).await;
    assert_eq!(run.code, Some(1), "{run}");
    assert!(run.stderr.contains("[budget.under_minimum]"), "{run}");
    assert!(
        run.stderr.contains("under this ad account's minimum"),
        "{run}"
    );
    assert!(run.stderr.contains("nothing was sent"), "{run}");
    let s = sb.stats().await;
    assert_eq!(create_requests(&s), 0, "something was created: {s}");
}
