//! Status pane fixtures: ads as Graph answers them, and a pane at a fixed "now".

use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use dcw::graph::Clock;
use dcw::graph::Gate;
use dcw::tui::StatusPane;
use dcw::watch::Watch;
use serde_json::{Value, json};

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap()
}

fn graph_time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S+0000").to_string()
}

/// An ad as `GET /act_X/ads?fields=…` answers it, created `minutes` before now.
pub fn ad(id: &str, name: &str, status: &str, minutes: i64) -> Value {
    json!({
        "id": id,
        "name": name,
        "adset_id": format!("{id}5"),
        "campaign_id": "120200000000000001",
        "effective_status": status,
        "configured_status": "PAUSED",
        "created_time": graph_time(now() - Duration::minutes(minutes)),
        "updated_time": graph_time(now() - Duration::minutes(minutes)),
        "ad_review_feedback": if status == "DISAPPROVED" {
            json!({"global": {"ALCOHOL": "Your ad may not be approved because it promotes alcohol. How to fix: remove references to alcoholic drinks."}})
        } else { json!({}) },
        "creative": {"id": format!("{id}7")},
    })
}

/// The feed the launch sent.
pub fn feed() -> Value {
    json!({
        "images": [{"hash": "a1b2c3"}],
        "titles": [{"text": "Winter boots"}, {"text": "Craft beer club"}],
        "bodies": [{"text": "Our warmest boots are back."}, {"text": "Try our craft beer, brewed in town."}],
        "link_urls": [{"website_url": "https://shop.example.com/boots"}],
        "call_to_action_types": ["SHOP_NOW"],
        "ad_formats": ["SINGLE_IMAGE"]
    })
}

/// The details read for a rejected ad: the ad set's `review_feedback` (a JSON string) naming
/// the second body and title, and the creative's feed.
pub fn rejected_details(id: &str) -> Value {
    let list = json!([
        {"id": 23842500258220001u64, "text": "Try our craft beer, brewed in town.", "reason": ["ALCOHOL"]},
        {"id": 23842500258220002u64, "text": "Title 2", "reason": ["ALCOHOL"]}
    ]);
    json!({
        "adset": {"id": format!("{id}5"), "name": "Winter boots · US", "review_feedback": list.to_string()},
        "creative": {"id": format!("{id}7"), "asset_feed_spec": feed()},
    })
}

/// A pane over these ads (read at `now()`), with these details applied.
pub fn pane(ads: &[Value], details: &[(&str, Value)]) -> StatusPane {
    let mut w = Watch::new();
    for a in ads {
        w.model.apply_ad("1234567890", a, now());
    }
    for (id, d) in details {
        w.model.apply_details(id, d);
    }
    let mut p = StatusPane::new(w, Arc::new(Gate::new()), Clock::default());
    p.now = now();
    p.last_poll = Some(now() - Duration::seconds(4));
    p.reorder();
    p
}

/// A mixed pane: in review, rejected (with details), with issues, approved.
pub fn mixed() -> StatusPane {
    let mut issues = ad("120210000000000030", "Gloves that last", "WITH_ISSUES", 45);
    issues["issues_info"] = json!([{"level": "AD", "error_code": 1487000, "error_summary": "Destination URL not reachable", "error_message": "The link https://shop.invalid/gloves could not be reached.", "error_type": "HARD_ERROR"}]);
    pane(
        &[
            ad(
                "120210000000000010",
                "Winter boots · dcw-3f9a2c",
                "PENDING_REVIEW",
                3,
            ),
            ad(
                "120210000000000020",
                "Craft beer club · dcw-3f9a2c",
                "DISAPPROVED",
                30,
            ),
            issues,
            ad("120210000000000040", "Scarves, 30% off", "ACTIVE", 180),
            ad("120210000000000050", "Wool socks", "PAUSED", 60 * 26),
        ],
        &[("120210000000000020", rejected_details("120210000000000020"))],
    )
}

/// Twelve ads, as the demo has, one of them (120210000000000020) rejected for its second body,
/// its second title and its link: at 80x24 the detail has room for the first of the three.
/// The pane measures an 80x24 screen.
pub fn twelve_with_three_rejected() -> StatusPane {
    let id = "120210000000000020";
    let mut ads = vec![ad(id, "Craft beer club · dcw-3f9a2c", "DISAPPROVED", 30)];
    for n in 1..=11 {
        ads.push(ad(
            &format!("1202100000000001{n:02}"),
            &format!("Boots {n}"),
            "ACTIVE",
            60,
        ));
    }
    let mut details = rejected_details(id);
    let list = json!([
        {"text": "Try our craft beer, brewed in town.", "reason": ["ALCOHOL"]},
        {"text": "Title 2", "reason": ["ALCOHOL"]},
        {"text": "https://shop.example.com/boots", "reason": ["ALCOHOL"]}
    ]);
    details["adset"]["review_feedback"] = Value::String(list.to_string());
    let mut p = pane(&ads, &[(id, details)]);
    p.area = ratatui::layout::Rect::new(0, 0, 80, 24);
    p
}

/// What a fix that re-pointed `ad_id` (or made it) returns, with its journal.
pub fn fix_outcome(ad_id: &str) -> dcw::launch::FixOutcome {
    let journal: dcw::launch::LaunchJournal = serde_json::from_value(json!({
        "id": "20261125-120000-fix001", "tag": "", "spec_hash": "", "spec_path": "",
        "account": "1234567890", "created_at": "2026-11-25T12:00:00+00:00",
        "state": "done", "steps": []
    }))
    .unwrap();
    dcw::launch::FixOutcome {
        creative_id: "1202100000000009997".into(),
        ad_id: ad_id.into(),
        new_adset_id: None,
        journal,
    }
}
