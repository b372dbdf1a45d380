//! Graph's answers as Meta documents them, kept in `tests/fixtures/graph/` (one JSON file per
//! answer; its top-level `_source` names the reference page, SDK file or issue thread it comes
//! from and the date it was checked, and is stripped before use). dcw's parsers read every one:
//! review feedback mapped to the launch's assets, error envelopes classified, usage headers
//! driving the gate, insights rows read as asset results. And the sandbox's answers of each kind
//! have the same shape as the recorded ones: the same keys with the same JSON types, recursively,
//! except keys listed per answer that Meta sends only sometimes.

use crate::common;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{TimeZone, Utc};
use common::sandbox::*;
use dcw::graph::{
    CallError, ErrorClass, FeedbackState, GraphClient, GraphConfig, GraphErrorBody, Secret,
    ad_review_feedback, classify, review_feedback,
};
use dcw::sandbox::{SandboxConfig, Tier};
use dcw::watch::insights::parse_rows;
use dcw::watch::{ReviewState, WatchModel};
use serde_json::{Map, Value, json};

/// Every recorded answer; each is read by a test below.
const RECORDED: &[&str] = &[
    "ad-disapproved.json",
    "ad-with-issues.json",
    "adset-review-feedback-passed.json",
    "adset-review-feedback-rejected.json",
    "error-100-1487094-blame.json",
    "error-100-1815629.json",
    "error-100-1885621.json",
    "error-100-2490468.json",
    "error-17-2446079.json",
    "error-2635.json",
    "error-613-1487742.json",
    "error-80004.json",
    "header-ad-account-usage.json",
    "header-app-usage.json",
    "header-business-use-case-usage.json",
    "insights-body-asset.json",
    "insights-image-asset.json",
    "minimum-budgets.json",
];

fn folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/graph")
}

/// A recorded answer, its `_source` checked (a reference and the date it was checked) and
/// stripped.
#[track_caller]
fn recorded(name: &str) -> Value {
    let path = folder().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let source = v
        .as_object_mut()
        .and_then(|m| m.remove("_source"))
        .unwrap_or_else(|| panic!("{name}: no top-level _source"));
    let source = source.as_str().unwrap_or_default();
    assert!(
        source.contains("Checked 20")
            && (source.contains("https://") || source.contains("facebook_business/")),
        "{name}: _source names no reference page or SDK file, or no date checked: {source:?}"
    );
    v
}

#[test]
fn every_recorded_answer_names_its_source_and_is_read_here() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(folder())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let listed: BTreeSet<String> = RECORDED.iter().map(|s| s.to_string()).collect();
    assert_eq!(on_disk, listed, "tests/fixtures/graph/ and RECORDED differ");
    for name in RECORDED {
        assert!(recorded(name).is_object(), "{name}");
    }
}

// ---------------------------------------------------------------------------------------------
// Shapes.

/// What the sandbox may do differently from a recorded answer. Paths name keys from the top
/// (`error.error_subcode`), `[]` for a list's items and `*` for a map's entries
/// (`ad_review_feedback.global.*`).
#[derive(Default)]
struct Leeway<'a> {
    /// Objects whose keys are data, not field names (account ids, reason codes, placements):
    /// every entry has the shape of the recording's first entry.
    maps: &'a [&'a str],
    /// Keys Meta sends only sometimes, that the sandbox may leave out.
    may_omit: &'a [&'a str],
    /// Values Graph sends either as JSON or as a string holding that JSON (`error_data`):
    /// compared once read.
    json_text: &'a [&'a str],
}

const EXACT: Leeway<'static> = Leeway {
    maps: &[],
    may_omit: &[],
    json_text: &[],
};

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a bool",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Whether the sandbox's answer has the recorded answer's keys and JSON types, recursively; on
/// a difference, the path where it is and what differs.
fn same_shape(recorded: &Value, sandbox: &Value, leeway: &Leeway) -> Result<(), String> {
    walk("", recorded, sandbox, leeway)
}

fn walk(path: &str, r: &Value, s: &Value, leeway: &Leeway) -> Result<(), String> {
    let read = |v: &Value| match v {
        Value::String(t) if leeway.json_text.contains(&path) => {
            serde_json::from_str(t).unwrap_or_else(|_| v.clone())
        }
        _ => v.clone(),
    };
    let (r, s) = (read(r), read(s));
    let at = if path.is_empty() { "the answer" } else { path };
    if kind(&r) != kind(&s) {
        return Err(format!(
            "{at}: Meta's answer has {}, the sandbox's {} ({s})",
            kind(&r),
            kind(&s)
        ));
    }
    match (&r, &s) {
        (Value::Array(ra), Value::Array(sa)) => match ra.first() {
            Some(first) => sa
                .iter()
                .try_for_each(|item| walk(&format!("{path}[]"), first, item, leeway)),
            None => Ok(()),
        },
        (Value::Object(rm), Value::Object(sm)) if leeway.maps.contains(&path) => {
            match rm.values().next() {
                Some(first) => sm
                    .values()
                    .try_for_each(|v| walk(&child(path, "*"), first, v, leeway)),
                None => Ok(()),
            }
        }
        (Value::Object(rm), Value::Object(sm)) => {
            for (k, rv) in rm {
                let p = child(path, k);
                match sm.get(k) {
                    Some(sv) => walk(&p, rv, sv, leeway)?,
                    None if leeway.may_omit.contains(&p.as_str()) => {}
                    None => return Err(format!("{p}: in Meta's answer, not in the sandbox's")),
                }
            }
            match sm.keys().find(|k| !rm.contains_key(*k)) {
                Some(k) => Err(format!(
                    "{}: in the sandbox's answer, not in Meta's",
                    child(path, k)
                )),
                None => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

#[test]
fn same_shape_names_the_path_that_differs() {
    let meta = json!({"error": {"code": 100, "error_data": "{\"blame_field_specs\":[[\"x\"]]}",
        "error_user_msg": "m"}, "global": {"A": "a"}, "rows": [{"n": "1"}]});
    let ok = json!({"error": {"code": 17, "error_data": {"blame_field_specs": [["y", "z"]]}},
        "global": {"B": "b", "C": "c"}, "rows": [{"n": "2"}, {"n": "3"}]});
    let leeway = Leeway {
        maps: &["global"],
        may_omit: &["error.error_user_msg"],
        json_text: &["error.error_data"],
    };
    assert_eq!(same_shape(&meta, &ok, &leeway), Ok(()));
    let cases = [
        (
            json!({"error": {"code": "17"}}),
            "error.code: Meta's answer has a number, the sandbox's a string",
        ),
        (
            json!({"error": {"code": 1, "error_data": {"blame_field_specs": [[1]]}}}),
            "error.error_data.blame_field_specs[][]: Meta's answer has a string",
        ),
        (
            json!({"error": {"code": 1, "error_data": {"blame_field_specs": []}, "extra": true}}),
            "error.extra: in the sandbox's answer, not in Meta's",
        ),
        (
            json!({"global": {"B": 2}}),
            "global.*: Meta's answer has a string",
        ),
        (
            json!({"rows": [{"n": "1"}, {}]}),
            "rows[].n: in Meta's answer, not in the sandbox's",
        ),
    ];
    for (sandbox, said) in cases {
        // Fill in what the case does not change, so only its own difference is found.
        let mut s = ok.clone();
        for (k, v) in sandbox.as_object().unwrap() {
            s[k] = v.clone();
        }
        let got = same_shape(&meta, &s, &leeway).unwrap_err();
        assert!(got.starts_with(said), "{sandbox}: {got}");
    }
    assert_eq!(
        same_shape(&meta, &ok, &EXACT).unwrap_err(),
        "error.error_data: Meta's answer has a string, the sandbox's an object ({\"blame_field_specs\":[[\"y\",\"z\"]]})",
        "without leeway a JSON string and an object differ"
    );
}

/// The guide's malformed `review_feedback` sample (`{ {...}, {...}, }`) as the list it means:
/// the outer braces read as brackets and the trailing comma dropped.
fn guide_list(text: &str) -> Vec<Value> {
    let inner = text
        .trim()
        .strip_prefix('{')
        .unwrap()
        .strip_suffix('}')
        .unwrap();
    let inner = inner.trim().trim_end_matches(',');
    serde_json::from_str(&format!("[{inner}]")).expect("the guide's sample, read as a list")
}

// ---------------------------------------------------------------------------------------------
// dcw reads every recorded answer.

#[test]
fn review_feedback_reads_the_guides_passed_and_rejected_samples() {
    let passed = recorded("adset-review-feedback-passed.json");
    assert_eq!(
        review_feedback(passed.get("review_feedback")).state,
        FeedbackState::Passed
    );
    let rejected = recorded("adset-review-feedback-rejected.json");
    let fb = review_feedback(rejected.get("review_feedback"));
    let FeedbackState::Rejected(items) = &fb.state else {
        panic!("{fb:?}")
    };
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].id.as_deref(), Some("23842500258220001"));
    assert_eq!(items[0].text.as_deref(), Some("Body 1"));
    assert_eq!(items[0].reasons, ["ALCOHOL"]);
    assert_eq!(items[1].id, None, "the guide elides it");
    assert_eq!(items[1].text.as_deref(), Some("Title 1"));
    assert_eq!(fb.raw, rejected["review_feedback"].as_str().unwrap());
}

/// The launch's feed the rejections are mapped to.
fn boots_feed() -> Value {
    json!({
        "images": [{"hash": "<IMAGE_HASH>"}],
        "bodies": [{"text": "Craft beer, brewed in town."}, {"text": "Test text"}],
        "titles": [{"text": "Cold beer"}],
        "link_urls": [{"website_url": "https://shop.example.com/"}],
        "call_to_action_types": ["SHOP_NOW"],
        "ad_formats": ["SINGLE_IMAGE"]
    })
}

#[test]
fn a_disapproved_ad_maps_its_rejections_to_the_launchs_assets() {
    let now = Utc.with_ymd_and_hms(2026, 12, 6, 12, 0, 0).unwrap();
    let ad = recorded("ad-disapproved.json");
    let fb = ad_review_feedback(ad.get("ad_review_feedback"));
    assert_eq!(
        fb.global,
        [(
            "HOUSING_OR_CREDIT".to_string(),
            "It looks like your ad may be for housing…".to_string()
        )]
    );
    assert_eq!(
        fb.placement_specific,
        [(
            "instagram".to_string(),
            "ADULT_CONTENT".to_string(),
            "Adult content".to_string()
        )]
    );
    assert_eq!(fb.raw, None, "the documented shape");

    let mut m = WatchModel::new();
    m.apply_ad("1234567890", &ad, now);
    let row = m.get("<AD_ID>").unwrap();
    assert_eq!(row.effective_status, "DISAPPROVED");
    assert_eq!(row.state, ReviewState::Rejected);
    assert!(row.needs_details(), "a rejected ad's details are read next");
    let adset = recorded("adset-review-feedback-rejected.json");
    m.apply_details(
        "<AD_ID>",
        &json!({"adset": adset, "creative": {"id": "1", "asset_feed_spec": boots_feed()}}),
    );
    let row = m.get("<AD_ID>").unwrap();
    let got: Vec<(String, String, Option<String>)> = row
        .rejections
        .iter()
        .map(|r| (r.what(), r.codes(), r.meta_id.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "Body 1 «Craft beer, brewed in town.»".to_string(),
                "ALCOHOL".to_string(),
                Some("23842500258220001".to_string())
            ),
            ("Title 1 «Cold beer»".into(), "ALCOHOL".into(), None),
            (
                "the whole ad".into(),
                "HOUSING_OR_CREDIT, ADULT_CONTENT".into(),
                None
            ),
        ]
    );
    let whole: Vec<&str> = row.rejections[2]
        .reasons
        .iter()
        .map(|r| r.sentence.as_str())
        .collect();
    assert_eq!(
        whole,
        [
            "It looks like your ad may be for housing…",
            "Adult content (instagram)"
        ]
    );
}

#[test]
fn an_ad_with_issues_reads_its_issues_info() {
    let now = Utc.with_ymd_and_hms(2026, 12, 6, 12, 0, 0).unwrap();
    let mut m = WatchModel::new();
    m.apply_ad("1234567890", &recorded("ad-with-issues.json"), now);
    let row = m.get("<AD_ID>").unwrap();
    assert_eq!(row.state, ReviewState::WithIssues);
    assert_eq!(row.issues.len(), 1);
    let i = &row.issues[0];
    assert_eq!(i.error_code, Some(0));
    assert_eq!(i.error_message, "<error message>");
    assert_eq!(i.error_summary, "<error summary>");
    assert_eq!(
        (i.error_type.as_str(), i.level.as_str()),
        ("HARD_ERROR", "AD")
    );
}

#[test]
fn asset_breakdown_rows_read_as_asset_results() {
    let feed = boots_feed();
    let body = parse_rows(
        "body_asset",
        &recorded("insights-body-asset.json"),
        Some(&feed),
    );
    assert_eq!(body.len(), 1);
    assert_eq!(body[0].label, "Body 2 «Test text»", "joined by text");
    assert_eq!((body[0].impressions, body[0].clicks), (8801, 0));
    assert_eq!((body[0].spend.as_str(), body[0].ctr), ("0", 0.0));

    let image = parse_rows(
        "image_asset",
        &recorded("insights-image-asset.json"),
        Some(&feed),
    );
    assert_eq!(image.len(), 1);
    let r = &image[0];
    assert_eq!(
        r.asset.as_ref().map(|a| (a.kind, a.index)),
        Some(("images", 0)),
        "joined by hash"
    );
    assert_eq!((r.impressions, r.clicks, r.reach), (8801, 120, 7020));
    assert_eq!((r.spend.as_str(), r.spend_minor), ("45.67", 4567));
    assert_eq!(
        r.actions,
        [("link_click".to_string(), 120), ("purchase".to_string(), 3)]
    );
    assert!((r.ctr - 120.0 / 8801.0 * 100.0).abs() < 1e-9);
}

/// How an error answer must classify.
enum Class {
    Validation(&'static [&'static [&'static str]]),
    Throttled,
    /// Neither retried nor throttled: the buyer must act.
    Stop,
}

/// Each recorded error: its code and subcode, how it must classify, and what the buyer reads.
const ERRORS: &[(&str, i64, Option<i64>, Class, &str)] = &[
    (
        "error-100-1487094-blame.json",
        100,
        Some(1487094),
        Class::Validation(&[&["time_stop"]]),
        "No end date entered: Ad sets using lifetime as the budget type must have an end date. Enter an end date more than 24 hours after the start time. (code 100/1487094, fbtrace_id AJu7yY4Mxbu0hpRv3hgvdwF)",
    ),
    (
        "error-100-2490468.json",
        100,
        Some(2490468),
        Class::Validation(&[]),
        "Your ad has been rejected in its latest review and is currently disabled. In order to enable the ad, you will need to make updates to it and create a new ad. (code 100/2490468, fbtrace_id EJplcsCHuLu)",
    ),
    (
        "error-100-1815629.json",
        100,
        Some(1815629),
        Class::Validation(&[]),
        "All ad asset values should be unique (code 100/1815629, fbtrace_id EJplcsCHuLu)",
    ),
    (
        "error-100-1885621.json",
        100,
        Some(1885621),
        Class::Validation(&[]),
        "Invalid parameter (code 100/1885621, fbtrace_id EJplcsCHuLu)",
    ),
    (
        "error-17-2446079.json",
        17,
        Some(2446079),
        Class::Throttled,
        "Ad Account Has Too Many API Calls: There have been too many calls from this ad-account. Please wait a bit and try again. (code 17/2446079, fbtrace_id EJplcsCHuLu)",
    ),
    (
        "error-613-1487742.json",
        613,
        Some(1487742),
        Class::Throttled,
        "There have been too many calls from this ad-account. Please wait a bit and try again. (code 613/1487742, fbtrace_id EJplcsCHuLu)",
    ),
    (
        "error-80004.json",
        80004,
        Some(2446079),
        Class::Throttled,
        "There have been too many calls to this ad-account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting#ads-management. (code 80004/2446079, fbtrace_id EJplcsCHuLu)",
    ),
    (
        "error-2635.json",
        2635,
        None,
        Class::Stop,
        "(#2635) You are calling a deprecated version of the Ads API. Please update to the latest version. (code 2635, fbtrace_id EJplcsCHuLu)",
    ),
];

#[test]
fn every_recorded_error_classifies_by_code_and_shows_metas_words() {
    for (name, code, subcode, class, shown) in ERRORS {
        let answer = recorded(name);
        let e = GraphErrorBody::from_answer(&answer).unwrap_or_else(|| panic!("{name}"));
        assert_eq!((e.code, e.error_subcode), (*code, *subcode), "{name}");
        assert_eq!(e.kind, "OAuthException", "{name}");
        let got = classify(&e, 400);
        match (class, &got) {
            (Class::Validation(fields), ErrorClass::Validation { fields: blamed }) => {
                let want: Vec<Vec<String>> = fields
                    .iter()
                    .map(|f| f.iter().map(|s| s.to_string()).collect())
                    .collect();
                assert_eq!(blamed, &want, "{name}");
            }
            (Class::Throttled, ErrorClass::Throttled { wait }) => {
                assert!(!wait.is_zero(), "{name}")
            }
            (Class::Stop, c) => assert!(
                !matches!(c, ErrorClass::Transient | ErrorClass::Throttled { .. }),
                "{name}: {c:?}"
            ),
            (_, c) => panic!("{name}: classified {c:?}"),
        }
        let call = CallError::Graph {
            status: 400,
            error: Box::new(e),
            class: got,
        };
        assert!(
            !call.is_uncertain(),
            "{name}: a refusal, nothing was written"
        );
        assert_eq!(&call.to_string(), shown, "{name}");
    }
}

/// A Graph stand-in replaying recorded answers: `GET /<version>/error-….json` answers that
/// error with HTTP 400; `GET /<version>/<id>` answers `{"id"}` with the recorded header the id
/// names (`buc`, `account`, `app`).
async fn recorded_graph() -> String {
    async fn node(Path((_, id)): Path<(String, String)>) -> Response {
        if id.starts_with("error-") {
            return (StatusCode::BAD_REQUEST, axum::Json(recorded(&id))).into_response();
        }
        let (file, name) = match id.as_str() {
            "buc" => (
                "header-business-use-case-usage.json",
                "X-Business-Use-Case-Usage",
            ),
            "account" => ("header-ad-account-usage.json", "X-Ad-Account-Usage"),
            _ => ("header-app-usage.json", "X-App-Usage"),
        };
        let value = recorded(file)[name].to_string();
        let mut h = HeaderMap::new();
        h.insert(name, value.parse().unwrap());
        (h, axum::Json(json!({ "id": id }))).into_response()
    }
    let app = axum::Router::new().route("/{version}/{id}", get(node));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

#[tokio::test]
async fn recorded_errors_come_back_through_the_client_as_they_were_sent() {
    let base = recorded_graph().await;
    let mut config = GraphConfig::new(Secret::new("errors-test"));
    config.base_url = base;
    // A throttled read comes back at once instead of being waited out.
    config.patience = Duration::ZERO;
    let c = GraphClient::new(config).unwrap();
    for (i, (name, _, _, class, _)) in ERRORS.iter().enumerate() {
        // An account per answer, so one throttle does not hold the next read.
        let account = format!("{}", 100 + i);
        let got = c.object(&account, name, "id").await.unwrap_err();
        let sent = GraphErrorBody::from_answer(&recorded(name)).unwrap();
        let CallError::Graph {
            status,
            error,
            class: got_class,
        } = &got
        else {
            panic!("{name}: {got:?}")
        };
        assert_eq!(*status, 400, "{name}");
        if sent.code == 2635 {
            // An expired version: dcw adds what to do, naming the setting, and keeps the rest.
            let msg = error.error_user_msg.as_deref().unwrap_or_default();
            assert!(msg.contains("api_version"), "{name}: {msg}");
            let mut kept = (**error).clone();
            kept.error_user_title = None;
            kept.error_user_msg = None;
            assert_eq!(kept, sent, "{name}: every other field as Graph sent it");
        } else {
            assert_eq!(**error, sent, "{name}: every field as Graph sent it");
        }
        assert_eq!(*got_class, classify(&sent, 400), "{name}");
        let paused = c.gate().paused_for(&account, c.now());
        match class {
            Class::Throttled => assert!(paused.is_some(), "{name}: the account waits"),
            _ => assert_eq!(paused, None, "{name}: nothing to wait for"),
        }
    }
}

#[tokio::test]
async fn recorded_usage_headers_drive_the_gate_through_the_client() {
    let base = recorded_graph().await;
    let c = common::launching::client(&base, "headers-test");
    // The business-use-case header, keyed by the bare account id: the highest of its
    // percentages, and the development tier's 60 points.
    c.object("66782684", "buc", "id").await.unwrap();
    assert_eq!(c.gate().usage("66782684"), 95);
    assert_eq!(c.gate().max_points("66782684"), Some(60));
    assert_eq!(
        c.gate().paused_for("66782684", c.now()),
        None,
        "no time to regain access: not paused"
    );
    // The ad-account header: 9.67 % read up, and the standard tier's 9000 points.
    c.object("1234567890", "account", "id").await.unwrap();
    assert_eq!(c.gate().usage("1234567890"), 10);
    assert_eq!(c.gate().max_points("1234567890"), Some(9000));
    // The app's platform usage says nothing of an ad account's Marketing API score.
    c.object("555", "app", "id").await.unwrap();
    assert_eq!(c.gate().usage("555"), 0);
    assert_eq!(c.gate().max_points("555"), None);
}

// ---------------------------------------------------------------------------------------------
// The sandbox's answers have the recorded shapes.

/// `ad_review_feedback`'s maps are keyed by reason codes and placements.
const FEEDBACK_MAPS: &[&str] = &[
    "ad_review_feedback.global",
    "ad_review_feedback.placement_specific",
    "ad_review_feedback.placement_specific.*",
];

#[tokio::test]
async fn the_sandboxs_review_answers_have_metas_shape() {
    let sb = start(test_config()).await;
    let (_, s, _, a) = sb.launch(&["Craft beer on tap"]).await;
    let ad = sb
        .get(&a, &[("fields", "id,effective_status,ad_review_feedback")])
        .await;
    assert_eq!(ad.body["effective_status"], "DISAPPROVED", "{}", ad.body);
    // Observed answers carry `global` alone when no placement has a reason of its own.
    let leeway = Leeway {
        maps: FEEDBACK_MAPS,
        may_omit: &["ad_review_feedback.placement_specific"],
        ..Leeway::default()
    };
    same_shape(&recorded("ad-disapproved.json"), &ad.body, &leeway).unwrap();

    let set = sb.get(&s, &[("fields", "review_feedback")]).await;
    let meta = recorded("adset-review-feedback-rejected.json");
    same_shape(&meta, &set.body, &EXACT).unwrap();
    let meta_items = guide_list(meta["review_feedback"].as_str().unwrap());
    let items: Value = serde_json::from_str(set.body["review_feedback"].as_str().unwrap())
        .expect("the sandbox's review_feedback is a JSON string holding a list");
    assert!(items.as_array().is_some_and(|l| !l.is_empty()), "{items}");
    same_shape(&Value::Array(meta_items), &items, &EXACT).unwrap();

    let (_, clean_set, _, _) = sb.launch(&["Boots for real winters"]).await;
    let passed = sb.get(&clean_set, &[("fields", "review_feedback")]).await;
    let meta = recorded("adset-review-feedback-passed.json");
    same_shape(&meta, &passed.body, &EXACT).unwrap();
    assert_eq!(passed.body["review_feedback"], meta["review_feedback"]);
}

#[tokio::test]
async fn the_sandboxs_ad_with_issues_has_metas_shape() {
    let sb = start(test_config()).await;
    let c = sb.campaign("OUTCOME_SALES").await;
    let s = sb.ad_set(&c).await;
    let h = sb.image().await;
    let mut feed = Sb::feed(&h, &["Boots for real winters"]);
    feed["link_urls"] = json!([{"website_url": "https://shop.invalid/winter"}]);
    let k = sb.creative(feed).await;
    let a = sb.ad(&s, &k).await.id();
    let ad = sb
        .get(&a, &[("fields", "id,effective_status,issues_info")])
        .await;
    assert_eq!(ad.body["effective_status"], "WITH_ISSUES", "{}", ad.body);
    same_shape(&recorded("ad-with-issues.json"), &ad.body, &EXACT).unwrap();
}

#[tokio::test]
async fn the_sandboxs_insights_rows_have_metas_shape() {
    let sb = start(test_config()).await;
    let (c, s, _, a) = sb.launch(&["Boots for real winters"]).await;
    for id in [&c, &s, &a] {
        let r = sb.post(id, &[("status", "ACTIVE".into())]).await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    let insights = format!("{a}/insights");
    let body = sb
        .get(
            &insights,
            &[
                ("breakdowns", "body_asset"),
                ("fields", "impressions"),
                ("date_preset", "maximum"),
            ],
        )
        .await;
    assert!(!data(&body).is_empty(), "{}", body.body);
    let meta = recorded("insights-body-asset.json");
    same_shape(&meta["data"], &body.body["data"], &EXACT).unwrap();

    let image = sb
        .get(
            &insights,
            &[
                ("breakdowns", "image_asset"),
                (
                    "fields",
                    "impressions,clicks,spend,reach,actions,action_values",
                ),
                ("date_preset", "maximum"),
            ],
        )
        .await;
    assert!(!data(&image).is_empty(), "{}", image.body);
    // A row carries `actions` and `action_values` only when there were some.
    let leeway = Leeway {
        may_omit: &["[].actions", "[].action_values"],
        ..Leeway::default()
    };
    let meta = recorded("insights-image-asset.json");
    same_shape(&meta["data"], &image.body["data"], &leeway).unwrap();
}

/// Every envelope the sandbox answers has the keys and types of the recorded 100/1487094
/// answer (Meta's full envelope), `error_data` read when it is a JSON string; the keys Graph
/// leaves out when they have no value (and `is_transient`, absent from the guide's example)
/// may be missing. Its code and subcode are the recorded
/// answer's for the same refusal.
#[track_caller]
fn same_envelope(sandbox: &Reply, same_refusal: &str) {
    let leeway = Leeway {
        may_omit: &[
            "error.error_data",
            "error.error_subcode",
            "error.error_user_title",
            "error.error_user_msg",
            "error.is_transient",
        ],
        json_text: &["error.error_data"],
        ..Leeway::default()
    };
    let full = recorded("error-100-1487094-blame.json");
    same_shape(&full, &sandbox.body, &leeway).unwrap();
    // The recorded answer for the same refusal is a part of the full envelope.
    same_shape(&full, &recorded(same_refusal), &leeway).unwrap();
    let meta = GraphErrorBody::from_answer(&recorded(same_refusal)).unwrap();
    assert_eq!(
        sandbox.error(),
        (meta.code, meta.error_subcode),
        "{same_refusal}: {}",
        sandbox.body
    );
}

#[tokio::test]
async fn the_sandboxs_refusals_have_metas_envelope() {
    let sb = start(test_config()).await;
    let h = sb.image().await;
    let twice = sb
        .post(
            &format!("{ACT}/adcreatives"),
            &Sb::creative_form(Sb::feed(&h, &["Same title", "Same title"])),
        )
        .await;
    same_envelope(&twice, "error-100-1815629.json");

    let budgeted = sb
        .post(
            &format!("{ACT}/campaigns"),
            &[
                ("name", "Budgeted campaign".into()),
                ("objective", "OUTCOME_SALES".into()),
                ("special_ad_categories", "[]".into()),
                ("status", "PAUSED".into()),
                ("daily_budget", "5000".into()),
                ("bid_strategy", "LOWEST_COST_WITHOUT_CAP".into()),
            ],
        )
        .await
        .id();
    let mut form = Sb::ad_set_form(&budgeted);
    form.retain(|(k, _)| *k != "bid_strategy");
    let set = sb.post(&format!("{ACT}/adsets"), &form).await;
    same_envelope(&set, "error-100-1885621.json");

    // A development-tier app: 60 points, a read costs 1; the 61st read is refused and the
    // account blocked.
    let dev = start(SandboxConfig {
        tier: Tier::Limited,
        ..test_config()
    })
    .await;
    let edge = format!("{ACT}/campaigns");
    for _ in 0..60 {
        assert_eq!(dev.get(&edge, &[]).await.status, 200);
    }
    same_envelope(&dev.get(&edge, &[]).await, "error-17-2446079.json");
    same_envelope(&dev.get(&edge, &[]).await, "error-80004.json");
}

/// A usage header's JSON, as the answer carried it.
#[track_caller]
fn header_json(r: &Reply, name: &str) -> Option<Value> {
    r.headers.get(name).map(|v| {
        serde_json::from_str(v.to_str().unwrap())
            .unwrap_or_else(|e| panic!("{name} is not JSON ({e}): {v:?}"))
    })
}

#[tokio::test]
async fn the_sandboxs_usage_headers_have_metas_shape() {
    let sb = start(test_config()).await;
    let r = sb.get(&format!("{ACT}/campaigns"), &[]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let buc = header_json(&r, "x-business-use-case-usage").expect("a BUC header");
    assert!(
        buc.get(ACT.trim_start_matches("act_")).is_some(),
        "keyed by the bare account id: {buc}"
    );
    let sent = |name: &str, v: Option<Value>| {
        let mut m = Map::new();
        if let Some(v) = v {
            m.insert(name.to_string(), v);
        }
        Value::Object(m)
    };
    let name = "X-Business-Use-Case-Usage";
    same_shape(
        &recorded("header-business-use-case-usage.json"),
        &sent(name, Some(buc)),
        &Leeway {
            maps: &[name],
            ..Leeway::default()
        },
    )
    .unwrap();
    let name = "X-Ad-Account-Usage";
    same_shape(
        &recorded("header-ad-account-usage.json"),
        &sent(name, header_json(&r, name)),
        &EXACT,
    )
    .unwrap();
    // The platform header: Marketing API calls are outside its limits; the sandbox may leave
    // it out, and when it sends it, it has Meta's shape.
    let name = "X-App-Usage";
    same_shape(
        &recorded("header-app-usage.json"),
        &sent(name, header_json(&r, name)),
        &Leeway {
            may_omit: &[name],
            ..Leeway::default()
        },
    )
    .unwrap();
}

/// The minimum budgets Meta documents read through the client, and the sandbox's edge answers
/// in the same shape for each of its accounts.
#[tokio::test]
async fn minimum_budgets_read_as_meta_documents_them_and_the_sandbox_answers_alike() {
    let meta = recorded("minimum-budgets.json");
    let node: dcw::graph::MinimumBudget = serde_json::from_value(meta["data"][0].clone()).unwrap();
    assert_eq!(node.currency, "USD");
    assert_eq!(node.min_daily_budget_high_freq, Some(250));
    let sb = start(test_config()).await;
    for account in ["act_1234567890", "act_9876543210"] {
        let r = sb.get(&format!("{account}/minimum_budgets"), &[]).await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(
            same_shape(&meta, &r.body, &EXACT),
            Ok(()),
            "{account}: {}",
            r.body
        );
    }
    let client = common::launching::client(&sb.base, TOKEN);
    let read = client
        .minimum_budgets("9876543210", None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(read.currency, "JPY");
    assert!(read.min_daily_budget_imp.is_some_and(|m| m > 0));
}
