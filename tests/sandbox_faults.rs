//! The rate-limit model (development tier) with its usage headers, and each injected fault kind.

use crate::common;

use std::time::{Duration, Instant};

use common::sandbox::*;
use dcw::sandbox::{FaultKind, SandboxConfig, Tier};
use reqwest::StatusCode;
use serde_json::Value;

const ACT_DIGITS: &str = "1234567890";
const JPY_DIGITS: &str = "9876543210";

fn dev_config() -> SandboxConfig {
    SandboxConfig {
        tier: Tier::Limited,
        ..test_config()
    }
}

fn with_fault(kind: FaultKind, rate: f64) -> SandboxConfig {
    SandboxConfig {
        faults: vec![(kind, rate)],
        ..test_config()
    }
}

async fn campaigns_stored(sb: &Sb) -> u64 {
    sb.stats().await["objects"]["campaigns"]
        .as_u64()
        .expect("stats count campaigns")
}

fn campaign_form() -> Vec<(&'static str, String)> {
    vec![
        ("name", "Fault campaign".into()),
        ("objective", "OUTCOME_SALES".into()),
        ("special_ad_categories", "[]".into()),
        ("status", "PAUSED".into()),
        ("is_adset_budget_sharing_enabled", "false".into()),
        ("access_token", TOKEN.into()),
    ]
}

/// A header parsed as JSON, or a panic naming the missing header.
#[track_caller]
fn header_json(r: &Reply, name: &str) -> Value {
    let text = r
        .headers
        .get(name)
        .unwrap_or_else(|| panic!("{name} missing on {} {}", r.status, r.body))
        .to_str()
        .unwrap();
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{name} is not JSON ({e}): {text}"))
}

/// The ads_management entry of `X-Business-Use-Case-Usage` for an account (digits, no `act_`).
#[track_caller]
fn buc(r: &Reply, account: &str) -> Value {
    let h = header_json(r, "X-Business-Use-Case-Usage");
    let entries = h[account]
        .as_array()
        .unwrap_or_else(|| panic!("no usage for {account}: {h}"));
    assert_eq!(entries.len(), 1, "{h}");
    let e = entries[0].clone();
    assert_eq!(e["type"], "ads_management", "{h}");
    for key in [
        "call_count",
        "total_cputime",
        "total_time",
        "estimated_time_to_regain_access",
    ] {
        assert!(e[key].is_u64(), "{key} is a whole number: {h}");
    }
    e
}

#[track_caller]
fn ad_account_usage(r: &Reply) -> Value {
    let h = header_json(r, "X-Ad-Account-Usage");
    assert!(h["acc_id_util_pct"].is_u64(), "{h}");
    assert!(h["reset_time_duration"].is_u64(), "{h}");
    h
}

// ---------------------------------------------------------------------------------------------
// Rate limit, development tier

#[tokio::test]
async fn dev_tier_usage_headers_count_three_points_per_write_out_of_sixty() {
    let sb = start(dev_config()).await;
    for n in 1..=5u64 {
        let r = sb.post(&format!("{ACT}/campaigns"), &campaign_form()).await;
        r.id();
        let usage = buc(&r, ACT_DIGITS);
        assert_eq!(usage["call_count"], n * 3 * 100 / 60, "after {n} writes");
        assert_eq!(
            usage["estimated_time_to_regain_access"], 0,
            "not blocked yet"
        );
        assert_eq!(usage["ads_api_access_tier"], "development_access");
        let acc = ad_account_usage(&r);
        assert_eq!(acc["acc_id_util_pct"], n * 3 * 100 / 60);
        let reset = acc["reset_time_duration"].as_u64().unwrap();
        assert!(
            (1..=300).contains(&reset),
            "the score resets within the 300 s window: {reset}"
        );
    }
    let r = sb.get(ACT, &[("fields", "name")]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        buc(&r, ACT_DIGITS)["call_count"],
        16 * 100 / 60,
        "a read costs one point"
    );
}

#[tokio::test]
async fn dev_tier_twenty_writes_fill_the_score_then_17_2446079_then_80004_while_blocked() {
    let sb = start(dev_config()).await;
    let mut campaign = String::new();
    for i in 0..20 {
        let r = sb.post(&format!("{ACT}/campaigns"), &campaign_form()).await;
        assert_eq!(r.status, StatusCode::OK, "write {i}: {}", r.body);
        campaign = r.id();
    }
    let full = sb.get(ACT, &[("fields", "name")]).await;
    assert_eq!(full.status, StatusCode::BAD_REQUEST);
    assert_eq!(full.error(), (17, Some(2446079)));
    assert_eq!(
        full.body["error"]["message"],
        "(#17) User request limit reached"
    );
    let usage = buc(&full, ACT_DIGITS);
    assert_eq!(usage["call_count"], 100);
    assert_eq!(
        usage["estimated_time_to_regain_access"], 5,
        "a 300 s block, in minutes"
    );
    let acc = ad_account_usage(&full);
    assert_eq!(acc["acc_id_util_pct"], 100);
    let reset = acc["reset_time_duration"].as_u64().unwrap();
    assert!((290..=300).contains(&reset), "seconds left: {reset}");

    // While blocked, every call charged to the account is refused with 80004: reads, writes,
    // and reads of its objects by id.
    let read = sb.get(ACT, &[("fields", "name")]).await;
    let write = sb.post(&format!("{ACT}/campaigns"), &campaign_form()).await;
    let by_id = sb.get(&campaign, &[("fields", "name")]).await;
    for r in [&read, &write, &by_id] {
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert_eq!(r.error(), (80004, Some(2446079)), "{}", r.body);
        assert!(
            r.body["error"]["message"]
                .as_str()
                .unwrap()
                .starts_with("(#80004) "),
            "{}",
            r.body
        );
        let usage = buc(r, ACT_DIGITS);
        assert_eq!(usage["call_count"], 100);
        assert_eq!(usage["estimated_time_to_regain_access"], 5);
        assert_eq!(ad_account_usage(r)["acc_id_util_pct"], 100);
    }
    assert_eq!(
        campaigns_stored(&sb).await,
        20,
        "the refused write created nothing"
    );

    // The other ad account has its own score.
    let other = sb.get(ACT_JPY, &[("fields", "currency")]).await;
    assert_eq!(other.status, StatusCode::OK, "{}", other.body);
    assert_eq!(other.body["currency"], "JPY");
    let usage = buc(&other, JPY_DIGITS);
    assert_eq!(usage["call_count"], 1);
    assert_eq!(usage["estimated_time_to_regain_access"], 0);
    assert_eq!(ad_account_usage(&other)["acc_id_util_pct"], 1);
    let created = sb
        .post(&format!("{ACT_JPY}/campaigns"), &campaign_form())
        .await;
    created.id();
}

#[tokio::test]
async fn usage_headers_are_on_every_answer_including_errors() {
    let sb = start(dev_config()).await;
    let ok = sb.get(ACT, &[("fields", "name")]).await;
    let refused = sb
        .post(
            &format!("{ACT}/campaigns"),
            &[("name", "No objective".into())],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.error().0, 100);
    let unknown = sb.get("999999999999", &[]).await;
    assert_eq!(unknown.error(), (100, Some(33)));
    let accounts = sb.get("me/adaccounts", &[]).await;
    assert_eq!(accounts.status, StatusCode::OK);
    for r in [&ok, &refused] {
        buc(r, ACT_DIGITS);
        ad_account_usage(r);
    }
    assert_eq!(
        buc(&refused, ACT_DIGITS)["call_count"],
        (1 + 3) * 100 / 60,
        "a refused write is charged like any other"
    );
    for r in [&unknown, &accounts] {
        assert!(
            header_json(r, "X-Business-Use-Case-Usage").is_object(),
            "{}",
            r.body
        );
        ad_account_usage(r);
    }
}

// ---------------------------------------------------------------------------------------------
// Faults

#[tokio::test]
async fn lost_response_commits_the_write_then_drops_the_connection() {
    let sb = start(with_fault(FaultKind::LostResponse, 1.0)).await;
    assert_eq!(campaigns_stored(&sb).await, 0);
    let sent = sb
        .client
        .post(sb.url(&format!("{ACT}/campaigns")))
        .form(&campaign_form())
        .send()
        .await;
    let err = match sent {
        Ok(r) => panic!("expected no answer, got {}", r.status()),
        Err(e) => e,
    };
    assert!(!err.is_timeout(), "the connection drops at once: {err}");
    assert!(err.status().is_none(), "no HTTP status came back: {err}");
    assert_eq!(
        campaigns_stored(&sb).await,
        1,
        "the write committed although no answer came"
    );
}

#[tokio::test]
async fn error_before_answers_500_code_2_transient_and_commits_nothing() {
    let sb = start(with_fault(FaultKind::ErrorBefore, 1.0)).await;
    let r = sb.post(&format!("{ACT}/campaigns"), &campaign_form()).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(r.error(), (2, None));
    let e = &r.body["error"];
    assert_eq!(e["is_transient"], true);
    assert_eq!(e["type"], "OAuthException");
    assert!(e["message"].as_str().unwrap().starts_with("(#2) "), "{e}");
    assert!(e["fbtrace_id"].as_str().is_some_and(|t| !t.is_empty()));
    buc(&r, ACT_DIGITS);
    ad_account_usage(&r);
    assert_eq!(campaigns_stored(&sb).await, 0, "nothing was committed");
}

#[tokio::test]
async fn timeout_holds_the_request_past_the_clients_deadline() {
    let mut cfg = with_fault(FaultKind::Timeout, 1.0);
    cfg.timeout_hold = Duration::from_secs(2);
    let sb = start(cfg).await;
    let impatient = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = impatient
        .get(sb.url(ACT))
        .query(&[("access_token", TOKEN), ("fields", "name")])
        .send()
        .await
        .expect_err("no answer within the client's timeout");
    assert!(err.is_timeout(), "a timeout error: {err}");
}

#[tokio::test]
async fn a_write_whose_client_timed_out_still_commits_after_the_hold() {
    let mut cfg = with_fault(FaultKind::Timeout, 1.0);
    cfg.timeout_hold = Duration::from_secs(1);
    let sb = start(cfg).await;
    let impatient = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_millis(50))
        .build()
        .unwrap();
    let err = impatient
        .post(sb.url(&format!("{ACT}/campaigns")))
        .form(&campaign_form())
        .send()
        .await
        .expect_err("the client gives up during the hold");
    assert!(err.is_timeout(), "{err}");
    assert_eq!(
        campaigns_stored(&sb).await,
        0,
        "not handled during the hold"
    );
    // Not a speed check: wait as long as needed (up to 10 s) for the held write to land.
    let deadline = Instant::now() + Duration::from_secs(10);
    while campaigns_stored(&sb).await == 0 {
        assert!(Instant::now() < deadline, "the held write never committed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(campaigns_stored(&sb).await, 1);
}

#[tokio::test]
async fn timeout_answers_normally_once_the_hold_is_over() {
    let mut cfg = with_fault(FaultKind::Timeout, 1.0);
    cfg.timeout_hold = Duration::from_millis(500);
    let sb = start(cfg).await;
    let started = Instant::now();
    let r = sb.get(ACT, &[("fields", "currency")]).await;
    assert!(
        started.elapsed() >= Duration::from_millis(500),
        "held for timeout_hold first: {:?}",
        started.elapsed()
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["currency"], "USD");
}

#[tokio::test]
async fn rate_limit_fault_answers_17_2446079_with_usage_headers() {
    let sb = start(with_fault(FaultKind::RateLimit, 1.0)).await;
    let r = sb.post(&format!("{ACT}/campaigns"), &campaign_form()).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.error(), (17, Some(2446079)));
    assert_eq!(r.body["error"]["is_transient"], false);
    let usage = buc(&r, ACT_DIGITS);
    assert_eq!(usage["call_count"], 100);
    assert_eq!(
        usage["estimated_time_to_regain_access"], 1,
        "the full tier blocks for 60 s: one minute"
    );
    assert_eq!(usage["ads_api_access_tier"], "standard_access");
    let acc = ad_account_usage(&r);
    assert_eq!(acc["acc_id_util_pct"], 100);
    assert!(acc["reset_time_duration"].as_u64().unwrap() > 0);
    assert_eq!(
        campaigns_stored(&sb).await,
        0,
        "the refused write created nothing"
    );
}

/// The outcome of each of `n` sequential reads against a sandbox with `error-before` at `rate`.
async fn outcomes(seed: u64, rate: f64, n: usize) -> Vec<u16> {
    let sb = start(SandboxConfig {
        seed,
        ..with_fault(FaultKind::ErrorBefore, rate)
    })
    .await;
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(sb.get(ACT, &[("fields", "name")]).await.status.as_u16());
    }
    out
}

#[tokio::test]
async fn the_same_seed_repeats_the_same_fault_sequence() {
    let a = outcomes(42, 0.5, 20).await;
    let b = outcomes(42, 0.5, 20).await;
    assert_eq!(a, b, "same seed, same faults");
    assert!(
        a.contains(&500) && a.contains(&200),
        "a rate of 0.5 faults some requests and not others: {a:?}"
    );
    assert!(a.iter().all(|s| *s == 200 || *s == 500), "{a:?}");
    let c = outcomes(7, 0.5, 20).await;
    assert_ne!(a, c, "another seed, another sequence");
}

#[tokio::test]
async fn a_fault_rate_of_zero_never_faults() {
    let statuses = outcomes(3, 0.0, 10).await;
    assert_eq!(statuses, vec![200; 10]);
}

#[tokio::test]
async fn latency_delays_every_graph_answer() {
    let sb = start(SandboxConfig {
        latency: Duration::from_millis(100),
        ..test_config()
    })
    .await;
    for _ in 0..3 {
        let started = Instant::now();
        let r = sb.get(ACT, &[("fields", "name")]).await;
        let took = started.elapsed();
        assert_eq!(r.status, StatusCode::OK);
        assert!(
            took >= Duration::from_millis(100),
            "answered after {took:?}"
        );
    }
}
