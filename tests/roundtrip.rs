//! A spec never loses what its author wrote: unknown keys, their order, nulls, values outside
//! Graph's sets and the quoted or bare form of numbers all survive a read and a write.

use crate::common;

use common::*;
use dcw::spec::{Lenient, Money, Objective, parse_spec, to_json_pretty};
use serde_json::Value;

/// Equal values with keys in the same order, at every depth.
#[track_caller]
fn assert_same_in_order(a: &Value, b: &Value, at: &str) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let kx: Vec<&String> = x.keys().collect();
            let ky: Vec<&String> = y.keys().collect();
            assert_eq!(kx, ky, "key order at {at}");
            for (k, v) in x {
                assert_same_in_order(v, &y[k], &format!("{at}.{k}"));
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "length at {at}");
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                assert_same_in_order(p, q, &format!("{at}[{i}]"));
            }
        }
        _ => assert_eq!(a, b, "value at {at}"),
    }
}

fn round_trip(text: &str) -> String {
    to_json_pretty(&parse_spec(text).expect("parses"))
}

/// A spec with unknown keys at every level, placed before, between and after known ones.
const UNKNOWN_EVERYWHERE: &str = r#"{
  "x_top_first": {"nested": [1, 2, {"deep": true}]},
  "version": 1,
  "account_id": "act_1234567890",
  "x_between": "kept",
  "page_id": "102938475610293",
  "campaign": {
    "spend_cap_note": "ask finance",
    "name": "C",
    "objective": "OUTCOME_SALES",
    "special_ad_categories": [],
    "is_adset_budget_sharing_enabled": false,
    "x_campaign_last": 1
  },
  "ad_set": {
    "dsa_payor": "Example GmbH",
    "name": "A",
    "optimization_goal": "OFFSITE_CONVERSIONS",
    "billing_event": "IMPRESSIONS",
    "lifetime_budget": "50000",
    "end_time": 1800000000,
    "attribution_spec": [{"event_type": "CLICK_THROUGH", "window_days": 7}],
    "promoted_object": {"pixel_id": 1234567890, "custom_event_type": "PURCHASE", "pixel_rule": "{}"},
    "targeting": {
      "flexible_spec": [{"interests": [{"id": "6003139266461", "name": "Hiking"}]}],
      "geo_locations": {"countries": ["US"], "location_types": ["home"], "regions": [{"key": "4081"}]},
      "age_min": 18,
      "targeting_automation": {"advantage_audience": 0, "individual_setting": {"age": 1}},
      "brand_safety_content_filter_levels": ["FACEBOOK_STANDARD"]
    },
    "frequency_control_specs": null
  },
  "audiences": [
    {"name": "one", "x_audience_note": "from the brief", "targeting": {"geo_locations": {"countries": ["CA"]}}}
  ],
  "creative": {
    "name": "K",
    "degrees_of_freedom_spec": {"creative_features_spec": {"text_optimizations": {"enroll_status": "OPT_OUT"}}},
    "asset_feed_spec": {
      "images": [{"adlabels": [{"name": "hero"}], "file": "images/boots.jpg", "url_tags": "a=1",
                  "image_crops": {"100x100": [[0, 0], [1080, 1080]], "191x100": [[0, 0], [191, 100]]}}],
      "titles": [{"text": "T", "url_tags": "t=1"}],
      "bodies": [{"x_body": 0, "text": "B"}],
      "link_urls": [{"website_url": "https://example.com/", "display_url": "example.com", "carousel_see_more_url": "https://example.com/more"}],
      "call_to_action_types": ["SHOP_NOW", "NOT_A_REAL_CTA"],
      "ad_formats": ["SINGLE_IMAGE"],
      "audios": [{"type": "random"}]
    }
  },
  "ad": {"name": "Ad", "status": "PAUSED", "tracking_specs": [{"action.type": ["offsite_conversion"]}]},
  "x_top_last": null
}"#;

#[test]
fn unknown_keys_at_every_level_survive_in_their_places() {
    let original: Value = serde_json::from_str(UNKNOWN_EVERYWHERE).unwrap();
    let written: Value = serde_json::from_str(&round_trip(UNKNOWN_EVERYWHERE)).unwrap();
    assert_same_in_order(&original, &written, "$");
}

#[test]
fn round_trip_is_stable_text_after_the_first_write() {
    let once = round_trip(UNKNOWN_EVERYWHERE);
    assert_eq!(round_trip(&once), once);
}

#[test]
fn every_example_round_trips_in_order() {
    for name in [
        "sales-winter-boots.json",
        "app-install-puzzle.json",
        "awareness-city-festival.json",
    ] {
        let text = std::fs::read_to_string(examples_dir().join(name)).unwrap();
        let original: Value = serde_json::from_str(&text).unwrap();
        let written: Value = serde_json::from_str(&round_trip(&text)).unwrap();
        assert_same_in_order(&original, &written, name);
    }
}

#[test]
fn values_outside_graph_sets_are_kept_as_written() {
    let s = parse_spec(UNKNOWN_EVERYWHERE).unwrap();
    let ctas = s
        .creative
        .as_ref()
        .unwrap()
        .asset_feed_spec
        .as_ref()
        .unwrap();
    let ctas = ctas.call_to_action_types.as_ref().unwrap();
    assert_eq!(ctas[1], Lenient::Unknown("NOT_A_REAL_CTA".into()));
    let legacy = UNKNOWN_EVERYWHERE.replace("OUTCOME_SALES", "CONVERSIONS");
    let s = parse_spec(&legacy).unwrap();
    let objective = s.campaign.as_ref().unwrap().objective.clone().unwrap();
    assert_eq!(objective, Lenient::Unknown("CONVERSIONS".into()));
    assert!(round_trip(&legacy).contains("\"objective\": \"CONVERSIONS\""));
}

#[test]
fn quoted_amounts_and_bare_ids_keep_their_form() {
    let out = round_trip(UNKNOWN_EVERYWHERE);
    assert!(out.contains("\"lifetime_budget\": \"50000\""), "{out}");
    assert!(out.contains("\"pixel_id\": 1234567890"), "{out}");
    assert!(out.contains("\"end_time\": 1800000000"), "{out}");
    assert!(out.contains("\"frequency_control_specs\": null"), "{out}");
}

#[test]
fn editing_a_known_field_keeps_unknown_keys_and_appends_new_fields() {
    let mut s = parse_spec(UNKNOWN_EVERYWHERE).unwrap();
    let c = s.campaign.as_mut().unwrap();
    c.name = Some("Renamed".into());
    c.objective = Some(Lenient::Known(Objective::OutcomeTraffic));
    c.daily_budget = Some(Money::new(2500));
    let v: Value = serde_json::from_str(&to_json_pretty(&s)).unwrap();
    let keys: Vec<&str> = v["campaign"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "spend_cap_note",
            "name",
            "objective",
            "special_ad_categories",
            "is_adset_budget_sharing_enabled",
            "x_campaign_last",
            "daily_budget"
        ]
    );
    assert_eq!(v["campaign"]["name"], "Renamed");
    assert_eq!(v["campaign"]["objective"], "OUTCOME_TRAFFIC");
    assert_eq!(v["x_between"], "kept");
}

#[test]
fn specs_equal_up_to_key_order_compare_equal() {
    let a = parse_spec(r#"{"version": 1, "account_id": "act_1", "x": 1}"#).unwrap();
    let b = parse_spec(r#"{"x": 1, "account_id": "act_1", "version": 1}"#).unwrap();
    assert_eq!(a, b);
}

#[test]
fn duplicate_keys_are_a_parse_error_naming_the_key() {
    let e = parse_spec(r#"{"version": 1, "version": 2}"#).unwrap_err();
    assert!(e.message.contains("duplicate key `version`"), "{e}");
    assert_eq!(e.line, 1);
}

#[test]
fn wrong_json_types_fail_with_path_line_and_column() {
    let text = "{\n  \"version\": 1,\n  \"ad_set\": {\n    \"targeting\": {\"age_min\": \"eighteen\"}\n  }\n}";
    let e = parse_spec(text).unwrap_err();
    assert_eq!(e.path.as_deref(), Some("ad_set.targeting.age_min"));
    assert_eq!(e.line, 4);
    assert!(e.column > 20, "{e}");
    let e = parse_spec("{\"version\": 1,\n").unwrap_err();
    assert_eq!(e.line, 2);
    assert!(e.message.contains("ends too early"), "{e}");
}

#[test]
fn decimal_amounts_are_refused_with_a_minor_unit_explanation() {
    let e = parse_spec(r#"{"ad_set": {"daily_budget": "50.00"}}"#).unwrap_err();
    assert_eq!(e.path.as_deref(), Some("ad_set.daily_budget"));
    assert!(e.message.contains("minor unit"), "{e}");
}

#[test]
fn base_spec_from_common_helpers_round_trips() {
    let v = base_json();
    let written: Value = serde_json::from_str(&to_json_pretty(&spec(&v))).unwrap();
    assert_same_in_order(&v, &written, "$");
}

#[test]
fn numbers_under_unknown_keys_keep_their_exact_text() {
    let text = r#"{"version": 1, "x_numbers": {"big": 12345678901234567890123, "exp": 1e3, "cents": 1.50, "neg": -0.0}}"#;
    let out = round_trip(text);
    // Digits are kept exactly (no float rounding); only an exponent gains its sign (1e+3).
    for written in ["12345678901234567890123", "1.50", "-0.0", "1e+3"] {
        assert!(out.contains(written), "{written} in {out}");
    }
}

#[test]
fn an_amount_outside_the_integer_range_says_a_budget_is_a_whole_number_of_cents() {
    for bad in ["1e400", "99999999999999999999", "12.5", "-1e30"] {
        let mut v = base_json();
        v["ad_set"]["lifetime_budget"] = serde_json::from_str(bad).unwrap();
        let e = parse_spec(&v.to_string()).unwrap_err();
        assert_eq!(
            e.path.as_deref(),
            Some("ad_set.lifetime_budget"),
            "{bad}: {e}"
        );
        assert!(
            e.message
                .contains("a budget must be a whole number of cents"),
            "{bad}: {e}"
        );
        assert!(!e.message.contains("invalid type: map"), "{bad}: {e}");
    }
}

#[test]
fn a_bare_time_or_id_beyond_the_integer_range_is_kept_as_written() {
    let mut v = base_json();
    v["ad_set"]["end_time"] = serde_json::from_str("1e400").unwrap();
    let text = v.to_string();
    let spec = parse_spec(&text).expect("a time no clock holds is the validator's to refuse");
    let back: Value = serde_json::from_str(&to_json_pretty(&spec)).unwrap();
    assert!(
        back["ad_set"]["end_time"].is_number(),
        "still a bare number"
    );
    assert_eq!(back["ad_set"]["end_time"], v["ad_set"]["end_time"]);
}

#[test]
fn a_spec_starting_with_a_byte_order_mark_is_read() {
    let text = format!("\u{feff}{}", base_json());
    let spec = parse_spec(&text).expect("a BOM is accepted");
    assert_eq!(spec, parse_spec(&base_json().to_string()).unwrap());
}
