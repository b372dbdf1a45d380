//! The client's typed calls against the sandbox: accounts, pages, pixels, creates and dry
//! runs, status changes, re-pointing an ad, batches.

use crate::common;

use common::launching::client;
use common::sandbox::*;
use dcw::graph::BatchOp;
use serde_json::{Map, Value, json};

fn object(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

#[tokio::test]
async fn accounts_pages_and_pixels_read_as_typed_values() {
    let sb = start(test_config()).await;
    let c = client(&sb.base, TOKEN);
    let accounts = c.ad_accounts().await.unwrap();
    let currencies: Vec<&str> = accounts.iter().map(|a| a.currency.as_str()).collect();
    assert_eq!(currencies, ["USD", "JPY"]);
    assert_eq!(accounts[0].id, ACT);
    assert_eq!(accounts[0].account_status, 1);
    let pages = c.pages().await.unwrap();
    assert_eq!(pages[0].id, PAGE_ID);
    assert!(pages[0].instagram_business_account.is_some());
    let pixels = c.pixels("1234567890").await.unwrap();
    assert_eq!(pixels[0].id, PIXEL_ID);
}

#[tokio::test]
async fn creates_dry_runs_status_changes_and_repointing_work_through_typed_calls() {
    let sb = start(test_config()).await;
    let c = client(&sb.base, TOKEN);
    let campaign = object(
        json!({"name": "Typed", "objective": "OUTCOME_SALES", "special_ad_categories": [],
        "status": "PAUSED", "is_adset_budget_sharing_enabled": false}),
    );
    c.validate("1234567890", "campaigns", &campaign, false)
        .await
        .unwrap();
    let stats: Value = sb.stats().await;
    assert_eq!(
        stats["objects"]["campaigns"], 0,
        "a dry run creates nothing"
    );
    let id = c
        .create("1234567890", "campaigns", &campaign)
        .await
        .unwrap();
    assert!(id.bytes().all(|b| b.is_ascii_digit()));
    c.set_status("1234567890", &id, "ACTIVE").await.unwrap();
    let read = c
        .object("1234567890", &id, "configured_status,name")
        .await
        .unwrap();
    assert_eq!(read["configured_status"], "ACTIVE");

    let (_, _, _, ad) = sb.launch(&["Craft beer nights"]).await;
    assert_eq!(
        c.object("1234567890", &ad, "effective_status")
            .await
            .unwrap()["effective_status"],
        "DISAPPROVED"
    );
    let hash = sb.image().await;
    let clean = sb.creative(Sb::feed(&hash, &["Boots for winter"])).await;
    c.repoint_ad("1234567890", &ad, &clean).await.unwrap();
    let read = c
        .object("1234567890", &ad, "effective_status,creative")
        .await
        .unwrap();
    assert_eq!(read["creative"]["id"], clean.as_str());
    assert_eq!(
        read["effective_status"], "PAUSED",
        "reviewed again and approved"
    );
}

#[tokio::test]
async fn a_batch_answers_in_order_with_bodies_read_as_json() {
    let sb = start(test_config()).await;
    let c = client(&sb.base, TOKEN);
    let body = "name=Batch&objective=OUTCOME_SALES&special_ad_categories=%5B%5D&is_adset_budget_sharing_enabled=false";
    let ops = vec![
        BatchOp {
            method: "POST",
            relative_url: "act_1234567890/campaigns".into(),
            body: Some(body.into()),
            name: Some("camp".into()),
        },
        BatchOp {
            method: "GET",
            relative_url: "{result=camp:$.id}?fields=name".into(),
            body: None,
            name: None,
        },
        BatchOp {
            method: "GET",
            relative_url: "me?fields=name".into(),
            body: None,
            name: None,
        },
    ];
    let answers = c.batch(&ops).await.unwrap();
    assert_eq!(answers.len(), 3);
    assert_eq!(answers[0].body, None, "a referenced result is left out");
    assert_eq!(answers[1].code, 200);
    assert_eq!(answers[1].body.as_ref().unwrap()["name"], "Batch");
    assert!(answers[2].body.as_ref().unwrap()["name"].is_string());
}

/// Whether a call was refused by the gate: dcw's own throttle error, sent to nobody.
fn refused_by_the_gate(r: Result<impl std::fmt::Debug, dcw::graph::CallError>) -> bool {
    matches!(
        r.map_err(|e| e.class()),
        Err(dcw::graph::ErrorClass::Throttled { .. })
    )
}

#[tokio::test]
async fn an_id_path_write_on_a_throttled_account_is_held_like_a_create() {
    use std::time::{Duration, Instant};
    const ACCOUNT: &str = "1234567890";
    let sb = start(test_config()).await;
    let c = client(&sb.base, TOKEN);
    let campaign = object(
        json!({"name": "Gated", "objective": "OUTCOME_SALES", "special_ad_categories": [],
        "status": "PAUSED", "is_adset_budget_sharing_enabled": false}),
    );
    let id = c.create(ACCOUNT, "campaigns", &campaign).await.unwrap();
    let (_, _, _, ad) = sb.launch(&["Boots for winter"]).await;
    let hash = sb.image().await;
    let other = sb.creative(Sb::feed(&hash, &["Built for snow"])).await;

    // Held for longer than the client's patience (15 minutes): every call for the account is
    // refused without a request, the id-path writes as the create.
    c.gate().pause(ACCOUNT, Duration::from_secs(3600), c.now());
    let before = sb.stats().await["requests"]["total"].clone();
    assert!(refused_by_the_gate(
        c.create(ACCOUNT, "campaigns", &campaign).await
    ));
    assert!(refused_by_the_gate(
        c.set_status(ACCOUNT, &id, "ACTIVE").await
    ));
    assert!(refused_by_the_gate(
        c.repoint_ad(ACCOUNT, &ad, &other).await
    ));
    assert!(refused_by_the_gate(c.object(ACCOUNT, &id, "name").await));
    assert_eq!(
        sb.stats().await["requests"]["total"],
        before,
        "nothing reached Graph while the account was held"
    );

    // Held briefly: the write waits the hold out, then goes.
    let hold = Duration::from_millis(300);
    let c2 = client(&sb.base, TOKEN);
    c2.gate().pause(ACCOUNT, hold, c2.now());
    let started = Instant::now();
    c2.set_status(ACCOUNT, &id, "ACTIVE").await.unwrap();
    assert!(
        started.elapsed() >= hold,
        "the status change waited for the account's hold ({:?})",
        started.elapsed()
    );
    let read = c2.object(ACCOUNT, &id, "configured_status").await.unwrap();
    assert_eq!(read["configured_status"], "ACTIVE");
}

/// The Rust files under `dir`, recursively, with their paths.
fn rust_files(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((path, text));
        }
    }
}

/// A call of the client's raw requests (or its account-less list read), whatever the line
/// breaks and indentation: the text with every blank removed contains one of these.
const RAW_CALLS: [&str; 8] = [
    ".get_in(",
    ".post_in(",
    ".pages_in(",
    ".get_all(",
    "client.get(",
    "client.post(",
    ".get(&format!(",
    ".post(&format!(",
];

fn raw_calls_in(text: &str) -> Vec<&'static str> {
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    RAW_CALLS
        .iter()
        .copied()
        .filter(|p| squeezed.contains(p))
        .collect()
}

#[test]
fn no_code_outside_graph_sends_a_raw_graph_request() {
    // The check itself catches a raw call however it is laid out, and lets typed calls and
    // JSON lookups pass.
    assert_eq!(
        raw_calls_in("run.client\n    .post_in(\n Some(a), id, p)"),
        [".post_in("]
    );
    assert_eq!(
        raw_calls_in("self.client\n  .get(id, &[])"),
        ["client.get("]
    );
    assert!(raw_calls_in("client.object(a, id, \"name\"); v.get(\"id\"); m.get(&k)").is_empty());

    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let outside: Vec<_> = files
        .iter()
        .filter(|(p, _)| !p.starts_with(src.join("graph")) && !p.starts_with(src.join("sandbox")))
        .collect();
    assert!(outside.len() > 50, "src/ read: {} files", outside.len());
    let offenders: Vec<String> = outside
        .iter()
        .filter_map(|(p, text)| {
            let found = raw_calls_in(text);
            (!found.is_empty()).then(|| format!("{}: {found:?}", p.display()))
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "every Graph call outside src/graph/ is a typed call of graph/calls.rs that takes the account:\n{}",
        offenders.join("\n")
    );
}
