//! Advantage+ creative enhancement rules (`src/spec/validate/features.rs`): retired keys, keys
//! Meta does not document, enroll statuses, and the account's house policy
//! (`Facts::never_features`, from the config file's `accounts`).

use crate::common;
use common::rules::*;
use common::*;

use dcw::spec::{CREATIVE_FEATURES, FeatureDefault, creative_feature, validate};
use rstest::rstest;
use serde_json::{Value, json};

const FS: &str = "creative.degrees_of_freedom_spec.creative_features_spec";

fn fs(key: &str) -> String {
    format!("{FS}.{key}")
}

/// The base spec with `creative_features_spec` as given.
fn with_features(features: Value) -> Value {
    base_json().with(
        "creative.degrees_of_freedom_spec",
        json!({ "creative_features_spec": features }),
    )
}

#[rstest]
#[case::two_opt_outs_pass(
    with_features(json!({"text_translation": {"enroll_status": "OPT_OUT"},
                         "image_uncrop": {"enroll_status": "OPT_OUT"}})),
    clean())]
#[case::retired_bundle_refused(
    with_features(json!({"standard_enhancements": {"enroll_status": "OPT_OUT"}})),
    error("creative.standard_enhancements", fs("standard_enhancements")).says("3858504")
        .none(&["creative.feature_unknown"]))]
#[case::unknown_key_warned(
    with_features(json!({"text_translations": {"enroll_status": "OPT_OUT"}})),
    warning("creative.feature_unknown", fs("text_translations")).says("\"text_translations\""))]
#[case::enroll_status_not_graphs(
    with_features(json!({"text_translation": {"enroll_status": "OFF"}})),
    error("creative.feature_enroll_status", fs("text_translation.enroll_status"))
        .says("\"OFF\"").says("OPT_IN or OPT_OUT"))]
#[case::enroll_status_missing(
    with_features(json!({"image_touchups": {"customizations": {}}})),
    error("creative.feature_enroll_status", fs("image_touchups.enroll_status"))
        .says("nothing").says("3858082"))]
#[case::customizations_kept_and_allowed(
    with_features(json!({"text_optimizations": {"enroll_status": "OPT_IN",
        "customizations": {"text_extraction": {"enroll_status": "OPT_OUT"}}}})),
    clean())]
#[case::other_dof_keys_allowed(
    base_json().with("creative.degrees_of_freedom_spec",
        json!({"degrees_of_freedom_type": "USER_ENROLLED"})),
    clean())]
fn feature_rules(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

/// The findings of `v` under a house policy forbidding `never`.
fn under_policy(v: &Value, never: &[&str]) -> Vec<dcw::spec::Finding> {
    let s = spec(v);
    let mut facts = facts_with_images(&s);
    facts.never_features = never.iter().map(|k| k.to_string()).collect();
    validate(&s, &facts)
}

#[rstest]
#[case::opted_in_refused_naming_it(
    with_features(json!({"text_translation": {"enroll_status": "OPT_IN"}})),
    &["text_translation"],
    error("creative.feature_forbidden", fs("text_translation"))
        .says("\"text_translation\"").says("Meta may translate your text").hints("OPT_OUT"))]
#[case::opted_out_passes(
    with_features(json!({"text_translation": {"enroll_status": "OPT_OUT"}})),
    &["text_translation"],
    clean())]
#[case::silent_on_a_default_on_feature_refused(
    base_json(),
    &["adapt_to_placement"],
    error("creative.feature_forbidden_default", fs("adapt_to_placement"))
        .says("Meta turns it on when the spec says nothing").hints("\"enroll_status\": \"OPT_OUT\""))]
#[case::silent_on_an_undocumented_default_refused(
    with_features(json!({"image_uncrop": {"enroll_status": "OPT_OUT"}})),
    &["text_translation"],
    error("creative.feature_forbidden_default", fs("text_translation"))
        .says("documents no default"))]
#[case::no_policy_no_finding(
    with_features(json!({"text_translation": {"enroll_status": "OPT_IN"}})),
    &[],
    clean())]
fn house_policy(#[case] v: Value, #[case] never: &[&str], #[case] expect: Expect) {
    expect.assert(&under_policy(&v, never));
}

/// Meta's table: the two defaults its reference states, the words the wizard will show.
#[test]
fn the_feature_table_carries_metas_documented_defaults_and_the_buyers_words() {
    let on: Vec<&str> = CREATIVE_FEATURES
        .iter()
        .filter(|f| f.default == FeatureDefault::OptIn)
        .map(|f| f.key)
        .collect();
    assert_eq!(on, ["adapt_to_placement", "description_automation"]);
    assert_eq!(
        creative_feature("text_translation").map(|f| f.words),
        Some("Meta may translate your text")
    );
    assert!(creative_feature("standard_enhancements").is_none());
}

/// A spec's features survive a read and a write in their order, with their customizations.
#[test]
fn features_round_trip_in_the_order_written() {
    let v = with_features(json!({
        "video_uncrop": {"enroll_status": "OPT_OUT"},
        "adapt_to_placement": {"enroll_status": "OPT_IN", "customizations": {"x": 1}},
        "made_up": {"enroll_status": "OPT_OUT", "note": "kept"}
    }));
    let s = spec(&v);
    let keys: Vec<&str> = s
        .creative
        .as_ref()
        .unwrap()
        .degrees_of_freedom_spec
        .as_ref()
        .unwrap()
        .creative_features_spec
        .as_ref()
        .unwrap()
        .0
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(keys, ["video_uncrop", "adapt_to_placement", "made_up"]);
    let back: Value = serde_json::from_str(&dcw::spec::to_json_pretty(&s)).unwrap();
    assert_eq!(
        back["creative"]["degrees_of_freedom_spec"],
        v["creative"]["degrees_of_freedom_spec"]
    );
}
