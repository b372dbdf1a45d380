//! `--demo-ads N`: N more dynamic-creative ad sets with one ad each, submitted at start-up and
//! reviewed like any other, so the status pane has something to show.

use std::time::Duration;

use serde_json::{Map, Value, json};

use super::review;
use super::state::{Kind, Object, PAGE_ID, PIXEL_ID, Review, State};

/// A real PNG for the demo creatives.
const DEMO_IMAGE: &[u8] = include_bytes!("../../assets/examples/images/app-screen.png");

/// Demo copy in an order that shows every review outcome from three ads on: approved,
/// rejected (alcohol), with issues (a link that does not resolve), then more of each.
const COPY: &[(&str, &str, &str)] = &[
    (
        "Boots for real winters",
        "Our warmest boots are back.",
        "https://shop.example.com/boots",
    ),
    (
        "Craft beer club",
        "A new beer at your door every month.",
        "https://shop.example.com/beer",
    ),
    (
        "Gloves that last",
        "Leather gloves, lined and warm.",
        "https://shop.invalid/gloves",
    ),
    (
        "Scarves, 30% off",
        "Soft wool scarves for the cold.",
        "https://shop.example.com/scarves",
    ),
    (
        "Miracle cream",
        "Guaranteed results in 7 days.",
        "https://shop.example.com/cream",
    ),
];

fn object(state: &mut State, kind: Kind, account: &str, fields: Value, now_ms: u64) -> String {
    let id = state.new_id();
    let fields: Map<String, Value> = fields.as_object().cloned().unwrap_or_default();
    state.insert(Object {
        id: id.clone(),
        kind,
        account: account.to_string(),
        fields,
        created_ms: now_ms,
        updated_ms: now_ms,
        review: None,
    });
    id
}

/// Seeds `n` demo launches in the USD account under one demo campaign.
pub fn seed(state: &mut State, n: usize, now_ms: u64, review_delay: Duration, active: bool) {
    let status = if active { "ACTIVE" } else { "PAUSED" };
    let account = state.accounts[0].digits.clone();
    let hash = super::create::md5_hex(DEMO_IMAGE);
    let size = imagesize::blob_size(DEMO_IMAGE).map_or((0, 0), |s| (s.width, s.height));
    if state.image(&account, &hash).is_none() {
        state.insert(Object {
            id: format!("{account}:{hash}"),
            kind: Kind::Image,
            account: account.clone(),
            fields: json!({"hash": hash, "name": "demo.png", "width": size.0, "height": size.1,
                           "url": format!("/_sandbox/adimages/{hash}"), "account_id": account})
            .as_object()
            .cloned()
            .unwrap_or_default(),
            created_ms: now_ms,
            updated_ms: now_ms,
            review: None,
        });
    }
    let campaign = object(
        state,
        Kind::Campaign,
        &account,
        json!({"name": "Demo launches", "objective": "OUTCOME_SALES", "special_ad_categories": [],
               "buying_type": "AUCTION", "status": status, "is_adset_budget_sharing_enabled": false}),
        now_ms,
    );
    for i in 0..n {
        let (title, body, link) = COPY[i % COPY.len()];
        let adset = object(
            state,
            Kind::AdSet,
            &account,
            json!({"name": format!("Demo ad set {}", i + 1), "campaign_id": campaign,
                   "is_dynamic_creative": true, "optimization_goal": "OFFSITE_CONVERSIONS",
                   "billing_event": "IMPRESSIONS", "bid_strategy": "LOWEST_COST_WITHOUT_CAP",
                   "daily_budget": "2000", "status": status,
                   "promoted_object": {"pixel_id": PIXEL_ID, "custom_event_type": "PURCHASE"},
                   "targeting": {"geo_locations": {"countries": ["US"]},
                                 "targeting_automation": {"advantage_audience": 0}}}),
            now_ms,
        );
        let creative = object(
            state,
            Kind::Creative,
            &account,
            json!({"name": format!("Demo creative {}", i + 1),
                   "object_story_spec": {"page_id": PAGE_ID},
                   "asset_feed_spec": {"images": [{"hash": hash}], "titles": [{"text": title}],
                                       "bodies": [{"text": body}], "link_urls": [{"website_url": link}],
                                       "call_to_action_types": ["SHOP_NOW"], "ad_formats": ["SINGLE_IMAGE"],
                                       "call_to_actions": [{"type": "SHOP_NOW"}], "optimization_type": "REGULAR"}}),
            now_ms,
        );
        let decision = {
            let c = state.get(&creative).expect("just created");
            review::decide(c, review::creative_seq(c), &|_| None)
        };
        let ad = object(
            state,
            Kind::Ad,
            &account,
            json!({"name": format!("Demo ad {}", i + 1), "adset_id": adset, "campaign_id": campaign,
                   "creative": {"id": creative}, "status": status}),
            now_ms,
        );
        if let Some(o) = state.get_mut(&ad) {
            o.review = Some(Review {
                decision,
                due_ms: now_ms + review_delay.as_millis() as u64,
            });
        }
    }
}
