//! The status model reads whatever Graph answers: every form of an ad set's `review_feedback`
//! (as the detail read brings it), `ad_review_feedback` with `global` and `placement_specific`,
//! `issues_info` in any shape, and `effective_status`; it never panics, never drops what it
//! cannot read, and maps each reason to the launch's asset.

use chrono::{TimeZone, Utc};
use dcw::watch::{ReviewState, WatchModel};
use dcw::watch::{ad_json, rows_json, rows_text};
use proptest::prelude::*;
use serde_json::{Value, json};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap()
}

fn feed() -> Value {
    json!({
        "images": [{"hash": "a1b2c3"}, {"hash": "d4e5f6"}],
        "titles": [{"text": "Winter boots"}, {"text": "Craft beer club"}],
        "bodies": [{"text": "Our warmest boots are back."}, {"text": "Try our craft beer, brewed in town."}],
        "link_urls": [{"website_url": "https://shop.example.com/boots"}]
    })
}

fn rejected_ad(feedback: Value) -> Value {
    json!({
        "id": "9001",
        "name": "Craft beer club",
        "adset_id": "8001",
        "effective_status": "DISAPPROVED",
        "ad_review_feedback": feedback,
        "creative": {"id": "7001"},
        "updated_time": "2026-11-25T11:00:00+0000",
    })
}

fn with_adset_feedback(review_feedback: Value) -> dcw::watch::AdRow {
    let mut m = WatchModel::new();
    m.apply_ad(
        "1",
        &rejected_ad(json!({"global": {"ALCOHOL": "Ads must not promote alcohol."}})),
        now(),
    );
    m.apply_details(
        "9001",
        &json!({"adset": {"id": "8001", "review_feedback": review_feedback},
                "creative": {"id": "7001", "asset_feed_spec": feed()}}),
    );
    m.get("9001").unwrap().clone()
}

#[test]
fn every_form_of_review_feedback_names_the_asset_or_keeps_the_raw_text() {
    // A JSON string holding a list, by text.
    let r = with_adset_feedback(json!(
        r#"[{"id":1,"text":"Try our craft beer, brewed in town.","reason":["ALCOHOL"]}]"#
    ));
    assert_eq!(
        r.rejections[0].what(),
        "Body 2 «Try our craft beer, brewed in…»"
    );
    assert_eq!(
        r.rejections[0].reasons[0].sentence,
        "Ads must not promote alcohol."
    );
    // The guide's own malformed form, by label.
    let r = with_adset_feedback(json!(
        r#"{ {"id":23842500258220001,"text":"Title 2","reason":["ALCOHOL"]}, {"id":2,"text":"Body 2","reason":["ALCOHOL"]} }"#
    ));
    let what: Vec<String> = r.rejections.iter().map(|j| j.what()).collect();
    assert_eq!(
        what,
        [
            "Title 2 «Craft beer club»",
            "Body 2 «Try our craft beer, brewed in…»"
        ]
    );
    // An image by hash, in a list that is not a string.
    let r = with_adset_feedback(json!([{"id": "d4e5f6", "reason": ["ADULT_CONTENT"]}]));
    assert_eq!(r.rejections[0].what(), "Image 2 «d4e5f6»");
    assert_eq!(r.rejections[0].codes(), "ADULT_CONTENT");
    // "[]": passed at the ad set; the ad's global reason still shows, for the whole ad.
    let r = with_adset_feedback(json!("[]"));
    assert_eq!(r.rejections.len(), 1);
    assert_eq!(r.rejections[0].what(), "the whole ad");
    // Empty, null: nothing named; the global reason stays.
    for v in [json!(""), Value::Null] {
        let r = with_adset_feedback(v);
        assert_eq!(r.rejections[0].what(), "the whole ad");
    }
    // Anything else is kept raw, for the detail and the JSON.
    let r = with_adset_feedback(json!("Ce texte n'est pas du JSON"));
    assert_eq!(r.adset_feedback.raw, "Ce texte n'est pas du JSON");
    let j = ad_json(&r);
    assert_eq!(j["review_feedback_raw"], "Ce texte n'est pas du JSON");
}

#[test]
fn placement_specific_reasons_carry_their_placement() {
    let mut m = WatchModel::new();
    m.apply_ad(
        "1",
        &rejected_ad(json!({"global": {}, "placement_specific": {"instagram": {"TOBACCO": "No vapes on Instagram."}}})),
        now(),
    );
    let r = m.get("9001").unwrap();
    assert_eq!(r.rejections[0].reasons[0].code, "TOBACCO");
    assert_eq!(
        r.rejections[0].reasons[0].sentence,
        "No vapes on Instagram. (instagram)"
    );
}

#[test]
fn effective_status_moves_the_state_and_marks_the_change() {
    let mut m = WatchModel::new();
    let mut ad = json!({"id": "1", "effective_status": "PENDING_REVIEW", "updated_time": "2026-11-25T11:00:00+0000"});
    assert_eq!(
        m.apply_ad("1", &ad, now()),
        None,
        "the first read is not a change"
    );
    assert_eq!(m.get("1").unwrap().state, ReviewState::InReview);
    ad["effective_status"] = json!("PAUSED");
    let c = m.apply_ad("1", &ad, now()).unwrap();
    assert_eq!(
        (c.from, c.to),
        (ReviewState::InReview, ReviewState::ApprovedPaused)
    );
    assert!(m.get("1").unwrap().changed);
    // Back in review after an edit.
    ad["effective_status"] = json!("PENDING_REVIEW");
    ad["updated_time"] = json!("2026-11-25T11:30:00+0000");
    assert!(m.apply_ad("1", &ad, now()).is_some());
    // A status dcw does not know is kept as it came.
    ad["effective_status"] = json!("SOMETHING_NEW");
    m.apply_ad("1", &ad, now());
    let r = m.get("1").unwrap();
    assert_eq!(
        (r.state, r.effective_status.as_str()),
        (ReviewState::Unknown, "SOMETHING_NEW")
    );
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        ".{0,20}".prop_map(Value::String),
        prop::sample::select(vec![
            "DISAPPROVED",
            "PENDING_REVIEW",
            "ACTIVE",
            "WITH_ISSUES",
            "[]",
            "9001"
        ])
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "id",
                    "effective_status",
                    "ad_review_feedback",
                    "issues_info",
                    "global",
                    "placement_specific",
                    "adset",
                    "creative",
                    "review_feedback",
                    "asset_feed_spec",
                    "text",
                    "reason",
                    "name",
                    "created_time"
                ])
                .prop_map(str::to_string),
                inner,
                0..5
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_answer_is_taken_in_without_panicking(ad in value(), details in value()) {
        let mut m = WatchModel::new();
        let mut ad = ad;
        if let Value::Object(o) = &mut ad {
            o.insert("id".into(), json!("9001"));
        }
        m.apply_ad("1", &ad, now());
        m.apply_details("9001", &details);
        let rows = m.rows.clone();
        let _ = rows_json(&rows);
        let _ = rows_text(&rows);
        if let Some(r) = m.get("9001") {
            // Whatever the ad set said is kept, raw.
            if let Some(fb) = details.get("adset").and_then(|a| a.get("review_feedback")) {
                let raw = match fb { Value::String(s) => s.clone(), Value::Null => String::new(), o => o.to_string() };
                prop_assert_eq!(&r.adset_feedback.raw, &raw);
            }
        }
    }
}

/// Part 9 of "Keep the promise under hostile conditions": a failed read's `fbtrace_id` was
/// printed twice (Graph's error text already ends with it, and the watch added it again), on
/// `dcw watch`'s stderr line and in the pane's detail. Each now says it once.
#[test]
fn a_failed_read_names_its_fbtrace_id_once() {
    use dcw::graph::{CallError, ErrorClass, GraphErrorBody};
    use dcw::watch::Failure;
    use dcw::watch::{Plan, PollResult, Watch};

    let body: GraphErrorBody = serde_json::from_value(json!({
        "message": "An unknown error occurred", "type": "OAuthException", "code": 2,
        "is_transient": true, "fbtrace_id": "AzTrace42"}))
    .unwrap();
    let error = CallError::Graph {
        status: 500,
        error: Box::new(body),
        class: ErrorClass::Transient,
    };
    let mut w = Watch::new();
    w.model.track("9001", "1234567890", None);
    let plan = Plan {
        account: "1234567890".into(),
        ads: vec!["9001".into()],
        edge: None,
        details: Vec::new(),
    };
    let result = PollResult {
        account: "1234567890".into(),
        failures: vec![Failure {
            ads: vec!["9001".into()],
            message: error.to_string(),
            fbtrace_id: Some("AzTrace42".into()),
            throttled: false,
        }],
        ..Default::default()
    };
    w.apply(&plan, &result, std::time::Instant::now(), now(), None);

    // What `dcw watch` prints on stderr for the failed read.
    assert_eq!(w.failures.len(), 1);
    assert_eq!(
        w.failures[0].matches("AzTrace42").count(),
        1,
        "{}",
        w.failures[0]
    );
    // The --once table's line for the ad.
    let table = rows_text(&w.model.rows);
    assert_eq!(table.matches("AzTrace42").count(), 1, "{table}");
    // The pane's detail of the ad.
    let row = w.model.get("9001").unwrap();
    let detail: Vec<String> = dcw::tui::detail_lines(row, None, None, 200, now())
        .into_iter()
        .map(|(l, _)| l)
        .collect();
    let detail = detail.join("\n");
    assert_eq!(detail.matches("AzTrace42").count(), 1, "{detail}");

    // A trace of an earlier failed read, no longer in the last error's text, is still named.
    let mut row = row.clone();
    row.fbtrace_ids.insert(0, "EarlierTrace7".into());
    let detail: Vec<String> = dcw::tui::detail_lines(&row, None, None, 200, now())
        .into_iter()
        .map(|(l, _)| l)
        .collect();
    let detail = detail.join("\n");
    assert_eq!(detail.matches("EarlierTrace7").count(), 1, "{detail}");
    assert_eq!(detail.matches("AzTrace42").count(), 1, "{detail}");
}
