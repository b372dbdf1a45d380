//! The wire format (paths with and without a version, the token from each place Graph reads
//! it, JSON bodies), `POST /` with `batch=[...]` (order, dependencies, failures, the 50 cap), and
//! the operator's view: `/_sandbox/stats`, `demo_ads` and the saved state file.

use crate::common;

use common::sandbox::*;
use serde_json::{Value, json};

/// `POST /` with this batch (the token in the form, as the SDKs send it).
async fn batch(sb: &Sb, ops: Value) -> Reply {
    sb.post("", &[("batch", ops.to_string())]).await
}

/// One batch answer's `body`, a JSON string, parsed.
#[track_caller]
fn body_of(entry: &Value) -> Value {
    let text = entry["body"]
        .as_str()
        .unwrap_or_else(|| panic!("body is a JSON string: {entry}"));
    serde_json::from_str(text).unwrap()
}

/// The answers of a batch that Graph accepted.
#[track_caller]
fn answers(r: &Reply) -> &Vec<Value> {
    assert_eq!(r.status, 200, "{}", r.body);
    r.body.as_array().unwrap_or_else(|| panic!("{}", r.body))
}

fn form(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

fn campaign_body(objective: &str) -> String {
    form(&[
        ("name", "Batch campaign"),
        ("objective", objective),
        ("special_ad_categories", "[]"),
        ("status", "PAUSED"),
        ("is_adset_budget_sharing_enabled", "false"),
    ])
}

/// An ad set body (the helper's form) with `campaign_id` replaced by `campaign`.
fn ad_set_body(campaign: &str) -> String {
    let pairs = Sb::ad_set_form(campaign);
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
        .finish()
}

async fn list(sb: &Sb, path: &str, query: &[(&str, &str)]) -> Vec<Value> {
    let r = sb.get(path, query).await;
    r.body["data"]
        .as_array()
        .unwrap_or_else(|| panic!("{path}: {}", r.body))
        .clone()
}

#[tokio::test]
async fn paths_work_with_or_without_a_version_and_with_a_trailing_slash() {
    let sb = start(test_config()).await;
    for path in [
        "/me",
        "/me/",
        "/v26.0/me",
        "/v26.0/me/",
        "/v25.0/act_1234567890/",
    ] {
        let r = reply(
            sb.client
                .get(format!("{}{path}", sb.base))
                .query(&[("access_token", TOKEN)])
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        assert!(r.body["id"].is_string(), "{path}: {}", r.body);
    }
    let r = reply(
        sb.client
            .get(format!("{}/act_1234567890/campaigns/", sb.base))
            .query(&[("access_token", TOKEN)])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(data(&r).is_empty());
}

#[tokio::test]
async fn the_token_is_read_from_the_query_form_json_and_authorization_headers() {
    // An expired token answers 190 and no token 104: each way of sending one must be read.
    let mut cfg = test_config();
    cfg.expired_tokens = vec!["dead".into()];
    let sb = start(cfg).await;
    let me = sb.url("me");
    let create = sb.url(&format!("{ACT}/campaigns"));
    let dry_run = |token: &str| {
        json!({"name": "Token check", "objective": "OUTCOME_SALES", "special_ad_categories": "[]",
               "is_adset_budget_sharing_enabled": "false",
               "execution_options": "[\"validate_only\"]", "access_token": token})
    };
    for (token, want) in [(TOKEN, None), ("dead", Some((190, Some(463))))] {
        let form: Vec<(String, String)> = dry_run(token)
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
            .collect();
        let ways = [
            (
                "query",
                sb.client.get(&me).query(&[("access_token", token)]),
            ),
            ("form", sb.client.post(&create).form(&form)),
            ("json", sb.client.post(&create).json(&dry_run(token))),
            (
                "OAuth",
                sb.client
                    .get(&me)
                    .header("Authorization", format!("OAuth {token}")),
            ),
            (
                "Bearer",
                sb.client
                    .get(&me)
                    .header("Authorization", format!("Bearer {token}")),
            ),
        ];
        for (way, req) in ways {
            let r = reply(req.send().await.unwrap()).await;
            let got = r.body.get("error").map(|_| r.error());
            assert_eq!(got, want, "{way} with {token}: {}", r.body);
        }
    }
    let none = reply(sb.client.get(&me).send().await.unwrap()).await;
    assert_eq!(none.error().0, 104);
    assert!(data(&sb.get(&format!("{ACT}/campaigns"), &[]).await).is_empty());
}

#[tokio::test]
async fn a_json_body_creates_objects_with_nested_values() {
    let sb = start(test_config()).await;
    let post = |path: String, body: Value| {
        let mut body = body;
        body["access_token"] = json!(TOKEN);
        let req = sb.client.post(sb.url(&path)).json(&body);
        async move { reply(req.send().await.unwrap()).await }
    };
    let c = post(
        format!("{ACT}/campaigns"),
        json!({"name": "JSON campaign", "objective": "OUTCOME_SALES", "special_ad_categories": [],
               "status": "PAUSED", "is_adset_budget_sharing_enabled": false}),
    )
    .await
    .id();
    let s = post(
        format!("{ACT}/adsets"),
        json!({"name": "JSON ad set", "campaign_id": c, "is_dynamic_creative": true,
               "optimization_goal": "OFFSITE_CONVERSIONS", "billing_event": "IMPRESSIONS",
               "bid_strategy": "LOWEST_COST_WITHOUT_CAP", "daily_budget": 2000, "status": "PAUSED",
               "promoted_object": {"pixel_id": PIXEL_ID, "custom_event_type": "PURCHASE"},
               "targeting": {"geo_locations": {"countries": ["JP"]},
                             "targeting_automation": {"advantage_audience": 0}}}),
    )
    .await
    .id();
    let r = sb
        .get(
            &s,
            &[("fields", "name,campaign_id,targeting,is_dynamic_creative")],
        )
        .await;
    assert_eq!(r.body["name"], "JSON ad set");
    assert_eq!(r.body["campaign_id"], c.as_str());
    assert_eq!(r.body["is_dynamic_creative"], true);
    assert_eq!(
        r.body["targeting"]["geo_locations"]["countries"],
        json!(["JP"])
    );
    let r = sb
        .get(
            &c,
            &[(
                "fields",
                "special_ad_categories,is_adset_budget_sharing_enabled",
            )],
        )
        .await;
    assert_eq!(r.body["special_ad_categories"], json!([]));
    assert_eq!(r.body["is_adset_budget_sharing_enabled"], false);
}

#[tokio::test]
async fn a_batch_answers_in_order_with_code_headers_and_a_json_string_body() {
    let sb = start(test_config()).await;
    let r = batch(
        &sb,
        json!([
            {"method": "GET", "relative_url": "act_9876543210?fields=currency"},
            {"method": "GET", "relative_url": "v26.0/me"},
            {"method": "GET", "relative_url": "act_1234567890?fields=currency"},
        ]),
    )
    .await;
    let out = answers(&r);
    assert_eq!(out.len(), 3);
    for entry in out {
        assert_eq!(entry["code"], 200, "{entry}");
        let headers = entry["headers"].as_array().unwrap();
        assert!(
            headers
                .iter()
                .all(|h| h["name"].is_string() && h["value"].is_string()),
            "{headers:?}"
        );
        assert!(headers.iter().any(|h| h["name"] == "Content-Type"));
    }
    assert_eq!(body_of(&out[0])["currency"], "JPY");
    assert!(body_of(&out[1])["id"].is_string());
    assert_eq!(body_of(&out[2])["currency"], "USD");
}

#[tokio::test]
async fn a_named_result_feeds_the_campaign_id_of_a_later_ad_set() {
    let sb = start(test_config()).await;
    let r = batch(
        &sb,
        json!([
            {"method": "POST", "relative_url": format!("{ACT}/campaigns"), "name": "camp",
             "omit_response_on_success": false, "body": campaign_body("OUTCOME_SALES")},
            {"method": "POST", "relative_url": format!("{ACT}/adsets"),
             "body": ad_set_body("{result=camp:$.id}")},
        ]),
    )
    .await;
    let out = answers(&r);
    let camp = body_of(&out[0])["id"].as_str().unwrap().to_string();
    assert_eq!(out[1]["code"], 200, "{}", out[1]);
    let set = body_of(&out[1])["id"].as_str().unwrap().to_string();
    let read = sb.get(&set, &[("fields", "campaign_id")]).await;
    assert_eq!(read.body["campaign_id"], camp.as_str());
    let sets = list(&sb, &format!("{camp}/adsets"), &[]).await;
    assert_eq!(sets.len(), 1);
}

#[tokio::test]
async fn a_referenced_named_result_is_omitted_from_the_answers_by_default() {
    let sb = start(test_config()).await;
    let r = batch(
        &sb,
        json!([
            {"method": "POST", "relative_url": format!("{ACT}/campaigns"), "name": "camp",
             "body": campaign_body("OUTCOME_SALES")},
            {"method": "GET", "relative_url": "{result=camp:$.id}?fields=objective"},
        ]),
    )
    .await;
    let out = answers(&r);
    assert_eq!(out[0], Value::Null);
    assert_eq!(body_of(&out[1])["objective"], "OUTCOME_SALES");
}

#[tokio::test]
async fn an_operation_whose_dependency_failed_fails_and_the_rest_still_run() {
    let sb = start(test_config()).await;
    let r = batch(
        &sb,
        json!([
            {"method": "POST", "relative_url": format!("{ACT}/campaigns"), "name": "bad",
             "body": campaign_body("CONVERSIONS")},
            {"method": "POST", "relative_url": format!("{ACT}/adsets"),
             "body": ad_set_body("{result=bad:$.id}")},
            {"method": "GET", "relative_url": "me"},
        ]),
    )
    .await;
    let out = answers(&r);
    assert_eq!(out[0]["code"], 400);
    assert_eq!(body_of(&out[0])["error"]["code"], 100);
    assert_eq!(out[1]["code"], 400);
    let dependent = body_of(&out[1]);
    assert!(
        dependent["error"]["message"]
            .as_str()
            .unwrap()
            .contains("\"bad\""),
        "{dependent}"
    );
    assert_eq!(out[2]["code"], 200);
    assert!(list(&sb, &format!("{ACT}/campaigns"), &[]).await.is_empty());
    assert!(list(&sb, &format!("{ACT}/adsets"), &[]).await.is_empty());
}

#[tokio::test]
async fn a_batch_of_fifty_runs_and_fifty_one_is_refused() {
    let sb = start(test_config()).await;
    let ops = |n: usize| -> Value {
        (0..n)
            .map(|_| json!({"method": "GET", "relative_url": "me"}))
            .collect()
    };
    assert_eq!(answers(&batch(&sb, ops(50)).await).len(), 50);
    let r = batch(&sb, ops(51)).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.error(), (100, None));
    let message = r.body["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("(#100) ") && message.contains("50"),
        "{message}"
    );
}

#[tokio::test]
async fn stats_count_requests_by_route_and_objects_by_kind() {
    let sb = start(test_config()).await;
    sb.get("me", &[]).await;
    sb.get("me", &[]).await;
    let (_, _, _, a) = sb.launch(&["Boots"]).await;
    sb.get(&a, &[("fields", "effective_status")]).await;
    batch(&sb, json!([{"method": "GET", "relative_url": "me"}])).await;
    let s = sb.stats().await;
    let routes = &s["requests"]["by_route"];
    assert_eq!(routes["GET /me"], 3, "batch operations count too: {routes}");
    assert_eq!(routes["POST /"], 1, "{routes}");
    for route in [
        "POST /act_{id}/campaigns",
        "POST /act_{id}/adsets",
        "POST /act_{id}/adimages",
        "POST /act_{id}/adcreatives",
        "POST /act_{id}/ads",
        "GET /{id}",
    ] {
        assert_eq!(routes[route], 1, "{route} in {routes}");
    }
    assert_eq!(s["requests"]["total"], 10);
    assert_eq!(
        s["objects"],
        json!({"campaigns": 1, "adsets": 1, "adcreatives": 1, "ads": 1, "adimages": 1})
    );
}

#[tokio::test]
async fn demo_ads_seed_dynamic_creative_ad_sets_with_one_reviewed_ad_each() {
    let mut cfg = test_config();
    cfg.demo_ads = 5;
    let sb = start(cfg).await;
    let sets = list(
        &sb,
        &format!("{ACT}/adsets"),
        &[("fields", "is_dynamic_creative,review_feedback")],
    )
    .await;
    assert_eq!(sets.len(), 5);
    let mut statuses = Vec::new();
    for set in &sets {
        assert_eq!(set["is_dynamic_creative"], true);
        let id = set["id"].as_str().unwrap();
        let ads = list(
            &sb,
            &format!("{id}/ads"),
            &[("fields", "effective_status,ad_review_feedback,issues_info")],
        )
        .await;
        assert_eq!(ads.len(), 1, "one ad in ad set {id}");
        let ad = &ads[0];
        let status = ad["effective_status"].as_str().unwrap().to_string();
        match status.as_str() {
            "DISAPPROVED" => {
                assert!(ad["ad_review_feedback"]["global"].is_object(), "{ad}");
                assert_ne!(set["review_feedback"], "[]", "{set}");
            }
            "WITH_ISSUES" => assert!(ad["issues_info"].is_array(), "{ad}"),
            _ => assert_eq!(set["review_feedback"], "[]"),
        }
        statuses.push(status);
    }
    let n = |s: &str| statuses.iter().filter(|x| *x == s).count();
    assert!(n("DISAPPROVED") >= 1, "some are rejected: {statuses:?}");
    assert!(n("WITH_ISSUES") >= 1, "some have issues: {statuses:?}");
    assert!(n("PAUSED") >= 1, "some pass: {statuses:?}");
    assert!(
        list(&sb, &format!("{ACT_JPY}/adsets"), &[])
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn the_state_file_is_saved_after_writes_private_and_restored_on_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sandbox-state.json");
    let mut cfg = test_config();
    cfg.state_file = Some(path.clone());
    let mut sb = start(cfg.clone()).await;
    sb.get("me/adaccounts", &[]).await;
    assert!(!path.exists(), "a read does not write the state");
    let (c, s, k, a) = sb.launch(&["Craft beer nights"]).await;
    assert!(path.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "mode {mode:o}");
    }
    let fields = [("fields", "effective_status,creative,adset_id")];
    let before = sb.get(&a, &fields).await.body;
    sb.handle.take().unwrap().shutdown().await;

    let again = start(cfg).await;
    assert_eq!(again.get(&a, &fields).await.body, before);
    for (edge, id) in [
        ("campaigns", &c),
        ("adsets", &s),
        ("adcreatives", &k),
        ("ads", &a),
    ] {
        let items = list(&again, &format!("{ACT}/{edge}"), &[]).await;
        assert_eq!(items, vec![json!({"id": id})], "{edge}");
    }
    assert_eq!(list(&again, &format!("{ACT}/adimages"), &[]).await.len(), 1);
    let fresh = again.campaign("OUTCOME_SALES").await;
    assert!(
        ![&c, &s, &k, &a].contains(&&fresh),
        "new ids continue after the saved ones"
    );
}

#[cfg(unix)]
#[tokio::test]
async fn a_named_pipe_or_a_device_as_the_state_file_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("state.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for path in [fifo, std::path::PathBuf::from("/dev/zero")] {
        let config = dcw::sandbox::SandboxConfig {
            state_file: Some(path.clone()),
            ..test_config()
        };
        let started = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            dcw::sandbox::Sandbox::start(config),
        )
        .await
        .expect("the sandbox answers at once");
        let e = started.map(|_| ()).unwrap_err().to_string();
        assert!(
            e.contains(&path.display().to_string()) && e.contains("is not a regular file"),
            "{e}"
        );
    }
}

#[tokio::test]
async fn demo_launches_are_seeded_once_not_again_into_a_restored_state() {
    let dir = tempfile::tempdir().unwrap();
    let config = dcw::sandbox::SandboxConfig {
        demo_ads: 2,
        state_file: Some(dir.path().join("state.json")),
        ..test_config()
    };
    let mut sb = start(config.clone()).await;
    // A write saves the state (with the demo launches in it).
    sb.campaign("OUTCOME_SALES").await;
    sb.handle.take().unwrap().shutdown().await;
    let sb = start(config).await;
    let stats: Value = sb.stats().await;
    assert_eq!(stats["objects"]["adsets"], 2, "{stats}");
    assert_eq!(stats["objects"]["campaigns"], 2, "{stats}");
}
