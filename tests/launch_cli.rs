//! `dcw launch activate|pause|budget|archive|delete|duplicate` through the real binary against
//! an in-process sandbox: a launch turned on by its journal id, a budget read back, a DC ad
//! removed with its ad set, a copy, and the confirmation: no terminal without `--yes` is exit 2
//! with nothing sent.

use crate::common;

use std::path::Path;

use common::base_json;
use common::cli::{Run, arg, dcw, write_spec};
use common::sandbox::{Sb, start, test_config};
use serde_json::Value;

const TOKEN: &str = "EAAlaunchclitesttoken";

/// A launched base spec: the sandbox, DCW_HOME, the spec's folder, the journal's ids.
async fn launched() -> (Sb, tempfile::TempDir, tempfile::TempDir, Value) {
    let sb = start(test_config()).await;
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let spec = write_spec(dir.path(), &base_json());
    let r = dcw(
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
    assert_eq!(r.code, Some(0), "{r}");
    let out: Value = serde_json::from_str(&r.stdout).unwrap_or_else(|_| panic!("{r}"));
    (sb, home, dir, out)
}

async fn run(sb: &Sb, home: &Path, args: &[&str]) -> Run {
    let mut all: Vec<&str> = vec!["launch"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--api-base", &sb.base]);
    dcw(home, Some(TOKEN), &all).await
}

async fn field(sb: &Sb, id: &str, name: &str) -> Value {
    sb.get(id, &[("fields", name)]).await.body[name].clone()
}

/// The id of the object a launch step made, from `dcw submit --json`.
fn id_of(out: &Value, step: &str) -> String {
    out["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["step"] == step)
        .and_then(|o| o["id"].as_str())
        .unwrap_or_else(|| panic!("no {step} in {out}"))
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dcw_launch_activate_turns_a_launch_on_by_its_journal_id() {
    let (sb, home, _dir, out) = launched().await;
    let ad = id_of(&out, "ad:0");
    let campaign = id_of(&out, "campaign");
    let id = out["launch"].as_str().unwrap().to_string();

    // Not at a terminal and no --yes: refused, nothing sent.
    let asked = run(&sb, home.path(), &["activate", &id]).await;
    assert_eq!(asked.code, Some(2), "{asked}");
    assert!(asked.stderr.contains("add --yes"), "{asked}");
    assert!(
        asked.stderr.contains("PAUSED → ACTIVE"),
        "what changes is shown: {asked}"
    );
    assert_eq!(field(&sb, &ad, "effective_status").await, "PAUSED");

    let r = run(&sb, home.path(), &["activate", &id, "--yes", "--json"]).await;
    assert_eq!(r.code, Some(0), "{r}");
    let v: Value = serde_json::from_str(&r.stdout).unwrap_or_else(|_| panic!("{r}"));
    let writes = v["writes"].as_array().unwrap();
    assert_eq!(writes.len(), 3, "{r}");
    assert!(writes.iter().all(|w| w["state"] == "done"), "{r}");
    assert_eq!(writes[2]["object"], campaign.as_str(), "the campaign last");
    assert_eq!(field(&sb, &ad, "effective_status").await, "ACTIVE");

    let again = run(&sb, home.path(), &["activate", &id, "--yes"]).await;
    assert_eq!(again.code, Some(0), "{again}");
    assert!(again.stderr.contains("nothing to change"), "{again}");

    let paused = run(&sb, home.path(), &["pause", &campaign, "--yes"]).await;
    assert_eq!(paused.code, Some(0), "{paused}");
    assert_eq!(field(&sb, &campaign, "effective_status").await, "PAUSED");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dcw_launch_budget_delete_and_duplicate() {
    let (sb, home, _dir, out) = launched().await;
    let ad = id_of(&out, "ad:0");
    let set = id_of(&out, "adset:0");

    let low = run(
        &sb,
        home.path(),
        &["budget", &set, "--lifetime", "40", "--yes"],
    )
    .await;
    assert_eq!(low.code, Some(1), "{low}");
    assert!(low.stderr.contains("under the minimum"), "{low}");
    let r = run(
        &sb,
        home.path(),
        &["budget", &set, "--lifetime", "800", "--yes"],
    )
    .await;
    assert_eq!(r.code, Some(0), "{r}");
    assert!(r.stderr.contains("$500.00 USD → $800.00 USD"), "{r}");
    assert_eq!(field(&sb, &set, "lifetime_budget").await, "80000");

    let copy = run(&sb, home.path(), &["duplicate", &set, "--yes", "--json"]).await;
    assert_eq!(copy.code, Some(0), "{copy}");
    let v: Value = serde_json::from_str(&copy.stdout).unwrap();
    let new = v["writes"][0]["id"].as_str().unwrap().to_string();
    assert_ne!(new, set);
    assert_eq!(field(&sb, &new, "status").await, "PAUSED");

    let gone = run(&sb, home.path(), &["delete", &ad, "--yes"]).await;
    assert_eq!(gone.code, Some(0), "{gone}");
    assert!(gone.stderr.contains("1340029"), "{gone}");
    assert_eq!(field(&sb, &set, "effective_status").await, "DELETED");
    assert_eq!(field(&sb, &ad, "effective_status").await, "DELETED");

    let nothing = run(&sb, home.path(), &["pause", "999999999", "--yes"]).await;
    assert_eq!(nothing.code, Some(2), "{nothing}");
}

/// A launch's journal id names its objects only on the Graph it was made on: against another
/// sandbox (whose ids overlap) it is refused and nothing there changes; an id that is not a
/// Graph id (`x/../1202…`, `1202…?x=1`) is never sent as a path.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_launch_id_acts_only_on_its_own_graph_and_odd_ids_are_refused() {
    let (sb, home, _dir, out) = launched().await;
    let journal = out["launch"].as_str().unwrap().to_string();
    let other = start(test_config()).await;
    let before = other.stats().await["requests"]["total"].clone();
    let r = run(&other, home.path(), &["pause", &journal, "--yes"]).await;
    assert_ne!(r.code, Some(0), "{r}");
    assert!(r.stderr.contains("was made on"), "{r}");
    assert_eq!(
        other.stats().await["requests"]["total"],
        before,
        "nothing reached the other sandbox"
    );
    let ad = id_of(&out, "ad:0");
    for odd in [format!("x/../{ad}"), format!("{ad}?x=1")] {
        let r = run(&sb, home.path(), &["activate", &odd, "--yes"]).await;
        assert_eq!(r.code, Some(2), "{r}");
        assert!(r.stderr.contains("not an id"), "{r}");
    }
}
