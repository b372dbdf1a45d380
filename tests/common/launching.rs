//! Helpers for launch tests: a client for a sandbox, a fresh or resumed journal, and a run.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use dcw::graph::{GraphClient, GraphConfig, Secret};
use dcw::launch::{self, LaunchError, LaunchEvent, LaunchJournal, LaunchOptions, LaunchState};
use dcw::spec::LaunchSpec;
use serde_json::Value;

/// A client as a fresh `dcw` process would make it, with quick read retries for tests.
pub fn client(base: &str, token: &str) -> GraphClient {
    let mut c = GraphConfig::new(Secret::new(token));
    c.base_url = base.to_string();
    c.read_backoff = Duration::from_millis(1);
    c.read_attempts = 8;
    c.timeout = Duration::from_secs(10);
    GraphClient::new(c).unwrap()
}

/// The sales example without audiences (one ad set, three images).
pub fn single_spec() -> LaunchSpec {
    dcw::spec::parse_spec(&super::base_json().to_string()).unwrap()
}

/// The sales example as written (two audiences).
pub fn audiences_spec() -> LaunchSpec {
    let text =
        std::fs::read_to_string(super::examples_dir().join("sales-winter-boots.json")).unwrap();
    dcw::spec::parse_spec(&text).unwrap()
}

/// The journal on disk for `id`, or a new plan.
pub fn journal(dir: &Path, id: &str, spec: &LaunchSpec) -> LaunchJournal {
    if let Ok(j) = dcw::store::load_journal::<LaunchJournal>(dir, id) {
        return j;
    }
    LaunchJournal {
        id: id.to_string(),
        tag: format!("dcw-{id}"),
        spec_hash: "test".into(),
        spec_path: "test.json".into(),
        account: "1234567890".into(),
        graph: String::new(),
        created_at: "2026-11-25T12:00:00Z".into(),
        state: LaunchState::Running,
        steps: launch::plan(spec, &format!("dcw-{id}")),
        warnings: Vec::new(),
        error: None,
        fix: None,
    }
}

pub fn options(dir: &Path, stop_after_writes: Option<usize>) -> LaunchOptions {
    LaunchOptions {
        stop_after_writes,
        retry_backoff: std::time::Duration::from_millis(1),
        ..LaunchOptions::standard(dir.to_path_buf(), super::examples_dir())
    }
}

/// Runs (or resumes) launch `id` once, as one process would; collects its events.
pub async fn run_once(
    base: &str,
    dir: &Path,
    id: &str,
    spec: &LaunchSpec,
    stop_after_writes: Option<usize>,
) -> (Result<LaunchJournal, LaunchError>, Vec<LaunchEvent>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let events: launch::EventSink = Arc::new(move |e| sink.lock().unwrap().push(e));
    let r = launch::run_launch(
        client(base, "launch-test-token"),
        spec.clone(),
        journal(dir, id, spec),
        options(dir, stop_after_writes),
        events,
    )
    .await;
    let events = seen.lock().unwrap().clone();
    (r, events)
}

/// Launches `spec` once as journal `id` in `dir` with these options, its events dropped.
pub async fn launch(
    c: GraphClient,
    spec: &LaunchSpec,
    dir: &Path,
    id: &str,
    opts: LaunchOptions,
) -> Result<LaunchJournal, LaunchError> {
    launch::run_launch(
        c,
        spec.clone(),
        journal(dir, id, spec),
        opts,
        Arc::new(|_| {}),
    )
    .await
}

/// The sales example's first body and a second about beer, which the review rejects for
/// alcohol.
pub fn beer_bodies() -> Value {
    serde_json::json!([
        {"text": "Our warmest boots are back."},
        {"text": "Try our craft beer with your boots."}
    ])
}

/// Launches the sales example without audiences, its feed's bodies replaced by `bodies`, as
/// journal `id` in `dir`, dry runs included: the synchronous review never runs the keyword
/// policy, so a body that breaks it is created and then rejected by the asynchronous review,
/// which only a watch sees. Returns the journal and the spec.
pub async fn launch_with_bodies(
    c: GraphClient,
    bodies: Value,
    dir: &Path,
    id: &str,
) -> (LaunchJournal, LaunchSpec) {
    let mut v = super::base_json();
    v["creative"]["asset_feed_spec"]["bodies"] = bodies;
    let spec = super::spec(&v);
    let j = launch(c, &spec, dir, id, options(dir, None))
        .await
        .expect("the launch goes through; review comes after");
    (j, spec)
}

/// Object counts from the sandbox's stats page (never faulted).
pub async fn counts(base: &str) -> Value {
    let c = reqwest::Client::builder().no_proxy().build().unwrap();
    let v: Value = c
        .get(format!("{base}/_sandbox/stats"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["objects"].clone()
}

/// How many campaigns, ad sets and ads the sandbox holds (`None` where a count is missing).
pub async fn launched(base: &str) -> (Option<u64>, Option<u64>, Option<u64>, Value) {
    let c = counts(base).await;
    (
        c["campaigns"].as_u64(),
        c["adsets"].as_u64(),
        c["ads"].as_u64(),
        c,
    )
}

/// The fix journals in `dir` (a fix's and a replacement's alike), those that read.
pub fn fix_journals(dir: &Path) -> Vec<LaunchJournal> {
    dcw::store::list_journals::<LaunchJournal>(dir)
        .into_iter()
        .filter_map(|(_, j)| j.ok())
        .filter(|j| j.fix.is_some())
        .collect()
}
