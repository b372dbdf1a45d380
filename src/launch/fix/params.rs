//! What a fix sends: the new creative's and the ad set copy's parameters, the tagged names,
//! and the hash that finds a fix of the same feed again.

use serde_json::{Map, Value, json};

use crate::spec::AdSet;

/// The old creative's fields the new one keeps (besides the name and the feed): what dcw's
/// creatives carry (`requests::creative_params`), all of which Graph takes on create.
const CREATIVE_KEPT: [&str; 3] = ["object_story_spec", "degrees_of_freedom_spec", "url_tags"];
/// Ad set create fields the spec does not model but a launch may have sent as written (Meta's
/// ad set reference): a copy without them could be refused (`dsa_*` when targeting the EU,
/// subcodes 3858079/3858081) or deliver differently (attribution, frequency caps).
pub const AD_SET_ALSO_KEPT: [&str; 5] = [
    "dsa_payor",
    "dsa_beneficiary",
    "attribution_spec",
    "frequency_control_specs",
    "regional_regulated_categories",
];
/// Ad set fields whose zero means "not set" on Graph's read-back (sending it would clash with
/// the budget that is set).
const ZERO_MEANS_UNSET: [&str; 3] = ["daily_budget", "lifetime_budget", "bid_amount"];

/// SHA-256 of a feed with its object keys sorted, so the same feed hashes the same however
/// its keys were ordered.
pub fn feed_hash(feed: &Value) -> String {
    crate::launch::journal::spec_hash(&canonical(feed).to_string())
}

fn canonical(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), canonical(&m[k])))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        other => other.clone(),
    }
}

/// `name`, without the ` · fix-3f9a2c` an earlier fix appended.
fn untagged(name: &str) -> &str {
    match name.rsplit_once(" · ") {
        Some((base, tag))
            if tag.len() == 10
                && tag.starts_with("fix-")
                && tag[4..].chars().all(|c| c.is_ascii_hexdigit()) =>
        {
            base
        }
        _ => name,
    }
}

pub(crate) fn tagged(name: &str, tag: &str) -> String {
    format!("{} · {tag}", untagged(name))
}

/// The new creative: the old one's identity and options, the edited feed, the tagged name.
pub fn creative_params(old: &Value, feed: &Value, name: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("name".into(), json!(name));
    for key in CREATIVE_KEPT {
        if let Some(v) = old.get(key).filter(|v| !v.is_null()) {
            m.insert(key.into(), v.clone());
        }
    }
    // Graph still shows the deprecated `standard_enhancements` bundle on a creative it reads
    // back, but refuses it on create (subcode 3858504): the individual features stay.
    if let Some(Value::Object(features)) = m
        .get_mut("degrees_of_freedom_spec")
        .and_then(|d| d.get_mut("creative_features_spec"))
    {
        features.remove("standard_enhancements");
    }
    let mut feed = feed.clone();
    // Graph's read-back adds `call_to_actions` from `call_to_action_types`; an edited list
    // must not be contradicted by the stale one.
    if let Value::Object(f) = &mut feed
        && f.contains_key("call_to_action_types")
    {
        f.remove("call_to_actions");
    }
    m.insert("asset_feed_spec".into(), feed);
    m
}

/// A copy of the old ad set under `campaign_id`: every create field dcw uses, as Graph read it
/// back, with a zero budget or bid left out (Graph reads "not set" as zero), a start time that
/// has passed left out (Meta starts right away either way), PAUSED and dynamic-creative.
pub fn ad_set_copy_params(
    old: &Value,
    campaign_id: &str,
    name: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Map<String, Value> {
    let mut m = Map::new();
    for &key in AdSet::FIELDS.iter().chain(AD_SET_ALSO_KEPT.iter()) {
        if matches!(key, "name" | "status" | "is_dynamic_creative") {
            continue;
        }
        let Some(v) = old.get(key).filter(|v| !v.is_null()) else {
            continue;
        };
        if ZERO_MEANS_UNSET.contains(&key) && is_zero(v) {
            continue;
        }
        if key == "start_time"
            && let Some(t) = v
                .as_str()
                .and_then(|s| crate::spec::GraphTime::parse(s).utc())
            && t <= now
        {
            continue;
        }
        m.insert(key.into(), v.clone());
    }
    m.insert("name".into(), json!(name));
    m.insert("campaign_id".into(), json!(campaign_id));
    m.insert("is_dynamic_creative".into(), json!(true));
    m.insert("status".into(), json!("PAUSED"));
    m
}

fn is_zero(v: &Value) -> bool {
    match v {
        Value::String(s) => s.trim().parse::<f64>().is_ok_and(|n| n == 0.0),
        Value::Number(n) => n.as_f64() == Some(0.0),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_feed_hashes_the_same_in_any_key_order() {
        let a = json!({"bodies": [{"text": "x"}], "titles": [{"text": "y"}]});
        let b = json!({"titles": [{"text": "y"}], "bodies": [{"text": "x"}]});
        assert_eq!(feed_hash(&a), feed_hash(&b));
        let c = json!({"titles": [{"text": "z"}], "bodies": [{"text": "x"}]});
        assert_ne!(feed_hash(&a), feed_hash(&c));
    }

    #[test]
    fn a_second_fix_replaces_the_first_fix_tag() {
        assert_eq!(
            tagged("Boots · dcw-1a2b3c", "fix-00ff00"),
            "Boots · dcw-1a2b3c · fix-00ff00"
        );
        assert_eq!(
            tagged("Boots · dcw-1a2b3c · fix-00ff00", "fix-abcdef"),
            "Boots · dcw-1a2b3c · fix-abcdef"
        );
        assert_eq!(
            tagged("Boots · fix-zz", "fix-abcdef"),
            "Boots · fix-zz · fix-abcdef"
        );
    }

    #[test]
    fn the_new_creative_keeps_identity_and_options_and_takes_the_edited_feed() {
        let old = json!({
            "id": "1", "name": "Old",
            "object_story_spec": {"page_id": "9"},
            "degrees_of_freedom_spec": {"creative_features_spec": {
                "standard_enhancements": {"enroll_status": "OPT_OUT"},
                "text_optimizations": {"enroll_status": "OPT_OUT"}
            }},
            "url_tags": null,
            "asset_feed_spec": {"bodies": [{"text": "beer"}]}
        });
        let feed = json!({"bodies": [{"text": "boots"}], "call_to_action_types": ["SHOP_NOW"],
            "call_to_actions": [{"type": "LEARN_MORE"}]});
        let p = creative_params(&old, &feed, "Old · fix-000001");
        assert_eq!(p["name"], "Old · fix-000001");
        assert_eq!(p["object_story_spec"], json!({"page_id": "9"}));
        assert_eq!(
            p["degrees_of_freedom_spec"],
            json!({"creative_features_spec": {"text_optimizations": {"enroll_status": "OPT_OUT"}}}),
            "the bundle Graph shows on read is not sent back (3858504); the features are"
        );
        assert!(!p.contains_key("url_tags"), "null is not sent");
        assert!(!p.contains_key("id"));
        assert_eq!(p["asset_feed_spec"]["bodies"][0]["text"], "boots");
        assert!(p["asset_feed_spec"].get("call_to_actions").is_none());
    }

    #[test]
    fn the_ad_set_copy_leaves_out_unset_budgets_and_a_past_start() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-01T00:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        let old = json!({
            "id": "5", "name": "Set", "status": "ACTIVE", "is_dynamic_creative": true,
            "daily_budget": "2000", "lifetime_budget": "0", "bid_amount": 0,
            "start_time": "2026-11-25T12:00:00+0000", "end_time": "2027-01-01T00:00:00+0000",
            "optimization_goal": "OFFSITE_CONVERSIONS", "targeting": {"geo_locations": {"countries": ["US"]}},
            "effective_status": "ACTIVE",
            "dsa_payor": "Acme Boots GmbH", "dsa_beneficiary": "Acme Boots GmbH",
            "attribution_spec": [{"event_type": "CLICK_THROUGH", "window_days": 7}]
        });
        let p = ad_set_copy_params(&old, "77", "Set · fix-000001", now);
        assert_eq!(p["daily_budget"], "2000");
        assert!(!p.contains_key("lifetime_budget"));
        assert!(!p.contains_key("bid_amount"));
        assert!(!p.contains_key("start_time"));
        assert_eq!(p["end_time"], "2027-01-01T00:00:00+0000");
        assert_eq!(p["status"], "PAUSED");
        assert_eq!(p["is_dynamic_creative"], true);
        assert_eq!(p["campaign_id"], "77");
        assert_eq!(p["dsa_payor"], "Acme Boots GmbH");
        assert_eq!(p["dsa_beneficiary"], "Acme Boots GmbH");
        assert_eq!(p["attribution_spec"], old["attribution_spec"]);
        assert!(
            !p.contains_key("effective_status"),
            "read-only fields stay out"
        );
        assert!(!p.contains_key("id"));
    }
}
