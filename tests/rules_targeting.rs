//! Targeting rules (`src/spec/validate/targeting.rs`) and the audience rules of
//! `src/spec/validate/mod.rs`: each audience's ad set validated whole, findings placed at the
//! audience or the template, audience names.

use crate::common;
use common::*;

use dcw::spec::Severity::{Error, Warning};
use serde_json::{Value, json};

const T: &str = "ad_set.targeting";

fn tp(rest: &str) -> String {
    format!("{T}.{rest}")
}

/// The base spec with `ad_set.targeting.<key>` set.
fn with_targeting(key: &str, value: Value) -> Value {
    let mut v = base_json();
    set(&mut v, &tp(key), value);
    v
}

/// The base spec in a special ad category (housing).
fn housing() -> Value {
    let mut v = base_json();
    set(&mut v, "campaign.special_ad_categories", json!(["HOUSING"]));
    v
}

// ---------------------------------------------------------------------------------------------
// Countries

#[test]
fn countries_absent_is_an_error_at_the_countries_path() {
    let mut v = base_json();
    remove(&mut v, &tp("geo_locations.countries"));
    let f = expect_one(
        &check(&v),
        "targeting.countries_missing",
        &tp("geo_locations.countries"),
        Error,
    );
    assert!(f.hint.as_deref().unwrap().contains("ISO"), "{f:?}");
}

#[test]
fn geo_locations_absent_reports_countries_missing() {
    let mut v = base_json();
    remove(&mut v, &tp("geo_locations"));
    expect_one(
        &check(&v),
        "targeting.countries_missing",
        &tp("geo_locations.countries"),
        Error,
    );
}

#[test]
fn empty_country_list_is_an_error() {
    let v = with_targeting("geo_locations.countries", json!([]));
    let f = expect_one(
        &check(&v),
        "targeting.countries_missing",
        &tp("geo_locations.countries"),
        Error,
    );
    assert!(f.message.contains("at least one country"), "{f:?}");
}

#[test]
fn several_known_countries_are_clean() {
    let v = with_targeting("geo_locations.countries", json!(["US", "CA", "GB", "XK"]));
    expect_clean(&check(&v));
}

#[test]
fn uk_is_unknown_and_the_hint_suggests_gb() {
    let v = with_targeting("geo_locations.countries", json!(["US", "UK"]));
    let f = expect_one(
        &check(&v),
        "spec.country_unknown",
        &tp("geo_locations.countries[1]"),
        Error,
    );
    assert!(f.message.contains("\"UK\""), "{f:?}");
    assert_eq!(
        f.hint.as_deref(),
        Some("Did you mean \"GB\" (United Kingdom)?")
    );
}

#[test]
fn lower_case_code_is_unknown_and_the_hint_gives_the_upper_case_code() {
    let v = with_targeting("geo_locations.countries", json!(["de"]));
    let f = expect_one(
        &check(&v),
        "spec.country_unknown",
        &tp("geo_locations.countries[0]"),
        Error,
    );
    assert_eq!(f.hint.as_deref(), Some("Did you mean \"DE\" (Germany)?"));
}

#[test]
fn country_name_instead_of_code_is_unknown_and_the_hint_gives_the_code() {
    let v = with_targeting("geo_locations.countries", json!(["Japan"]));
    let f = expect_one(
        &check(&v),
        "spec.country_unknown",
        &tp("geo_locations.countries[0]"),
        Error,
    );
    assert_eq!(f.hint.as_deref(), Some("Did you mean \"JP\" (Japan)?"));
}

#[test]
fn unknown_code_without_a_likely_meaning_has_no_hint() {
    let v = with_targeting("geo_locations.countries", json!(["ZZ"]));
    let f = expect_one(
        &check(&v),
        "spec.country_unknown",
        &tp("geo_locations.countries[0]"),
        Error,
    );
    assert_eq!(f.hint, None);
}

#[test]
fn country_listed_twice_is_a_warning_at_the_second() {
    let v = with_targeting("geo_locations.countries", json!(["US", "CA", "US"]));
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "targeting.country_duplicate",
        &tp("geo_locations.countries[2]"),
        Warning,
    );
    assert_eq!(f.message, "US is listed twice.");
    expect_none(&findings, "spec.country_unknown");
}

#[test]
fn distinct_countries_are_not_duplicates() {
    let v = with_targeting("geo_locations.countries", json!(["US", "CA"]));
    expect_none(&check(&v), "targeting.country_duplicate");
}

// ---------------------------------------------------------------------------------------------
// Ages and genders

#[test]
fn age_min_below_13_is_out_of_range() {
    let v = with_targeting("age_min", json!(12));
    let f = expect_one(
        &check(&v),
        "targeting.age_out_of_range",
        &tp("age_min"),
        Error,
    );
    assert!(f.message.contains("age_min is 12"), "{f:?}");
}

#[test]
fn age_max_above_65_is_out_of_range() {
    let v = with_targeting("age_max", json!(66));
    let f = expect_one(
        &check(&v),
        "targeting.age_out_of_range",
        &tp("age_max"),
        Error,
    );
    assert!(f.message.contains("age_max is 66"), "{f:?}");
}

#[test]
fn ages_13_and_65_are_in_range() {
    let mut v = with_targeting("age_min", json!(13));
    set(&mut v, &tp("age_max"), json!(65));
    expect_clean(&check(&v));
}

#[test]
fn age_max_below_age_min_is_inverted_at_age_max() {
    let mut v = with_targeting("age_min", json!(40));
    set(&mut v, &tp("age_max"), json!(30));
    let f = expect_one(
        &check(&v),
        "targeting.age_range_inverted",
        &tp("age_max"),
        Error,
    );
    assert_eq!(f.message, "age_max (30) is below age_min (40).");
}

#[test]
fn age_min_equal_to_age_max_is_not_inverted() {
    let mut v = with_targeting("age_min", json!(30));
    set(&mut v, &tp("age_max"), json!(30));
    expect_clean(&check(&v));
}

#[test]
fn gender_other_than_1_or_2_is_unknown() {
    let v = with_targeting("genders", json!([1, 3]));
    let f = expect_one(
        &check(&v),
        "targeting.gender_unknown",
        &tp("genders[1]"),
        Error,
    );
    assert!(f.message.starts_with("Gender 3"), "{f:?}");
}

#[test]
fn genders_1_and_2_are_known() {
    for g in [json!([1]), json!([2]), json!([1, 2])] {
        expect_clean(&check(&with_targeting("genders", g)));
    }
}

// ---------------------------------------------------------------------------------------------
// Special ad categories

#[test]
fn special_category_base_targeting_is_allowed() {
    let findings = check(&housing());
    expect_none(&findings, "targeting.special_category_age");
    expect_none(&findings, "targeting.special_category_gender");
    expect_none(&findings, "targeting.special_category_zip");
}

#[test]
fn special_category_refuses_a_narrowed_age_min() {
    let mut v = housing();
    set(&mut v, &tp("age_min"), json!(21));
    let f = expect_one(
        &check(&v),
        "targeting.special_category_age",
        &tp("age_min"),
        Error,
    );
    assert!(f.message.contains("age_min must be 18"), "{f:?}");
}

#[test]
fn special_category_refuses_a_narrowed_age_max() {
    let mut v = housing();
    set(&mut v, &tp("age_max"), json!(50));
    let f = expect_one(
        &check(&v),
        "targeting.special_category_age",
        &tp("age_max"),
        Error,
    );
    assert!(f.message.contains("age_max must be 65"), "{f:?}");
}

#[test]
fn narrowed_ages_without_a_special_category_are_fine() {
    let mut v = base_json();
    set(&mut v, "campaign.special_ad_categories", json!(["NONE"]));
    set(&mut v, &tp("age_min"), json!(21));
    set(&mut v, &tp("age_max"), json!(50));
    expect_clean(&check(&v));
}

#[test]
fn special_category_refuses_genders() {
    let mut v = housing();
    set(&mut v, &tp("genders"), json!([2]));
    let f = expect_one(
        &check(&v),
        "targeting.special_category_gender",
        &tp("genders"),
        Error,
    );
    assert_eq!(f.hint.as_deref(), Some("Remove genders."));
}

#[test]
fn special_category_accepts_an_empty_gender_list() {
    let mut v = housing();
    set(&mut v, &tp("genders"), json!([]));
    expect_none(&check(&v), "targeting.special_category_gender");
}

#[test]
fn special_category_refuses_postcodes() {
    let mut v = housing();
    set(
        &mut v,
        &tp("geo_locations.zips"),
        json!([{ "key": "US:10001" }]),
    );
    let f = expect_one(
        &check(&v),
        "targeting.special_category_zip",
        &tp("geo_locations.zips"),
        Error,
    );
    assert!(f.message.contains("postcode"), "{f:?}");
}

#[test]
fn postcodes_without_a_special_category_are_fine() {
    let v = with_targeting("geo_locations.zips", json!([{ "key": "US:10001" }]));
    expect_clean(&check(&v));
}

// ---------------------------------------------------------------------------------------------
// Advantage+ audience

#[test]
fn narrowed_ages_without_advantage_audience_need_the_flag() {
    let mut v = with_targeting("age_max", json!(34));
    remove(&mut v, &tp("targeting_automation"));
    let f = expect_one(
        &check(&v),
        "targeting.advantage_audience_missing",
        &tp("targeting_automation.advantage_audience"),
        Error,
    );
    assert!(f.message.contains("v23.0"), "{f:?}");
}

#[test]
fn genders_without_advantage_audience_need_the_flag() {
    let mut v = with_targeting("genders", json!([1]));
    remove(&mut v, &tp("targeting_automation"));
    expect_one(
        &check(&v),
        "targeting.advantage_audience_missing",
        &tp("targeting_automation.advantage_audience"),
        Error,
    );
}

#[test]
fn detailed_targeting_without_advantage_audience_needs_the_flag() {
    let mut v = with_targeting(
        "interests",
        json!([{ "id": "6003139266461", "name": "Hiking" }]),
    );
    remove(&mut v, &tp("targeting_automation"));
    expect_one(
        &check(&v),
        "targeting.advantage_audience_missing",
        &tp("targeting_automation.advantage_audience"),
        Error,
    );
}

#[test]
fn default_targeting_may_leave_advantage_audience_out() {
    let mut v = base_json();
    remove(&mut v, &tp("targeting_automation"));
    expect_clean(&check(&v));
    remove(&mut v, &tp("age_min"));
    remove(&mut v, &tp("age_max"));
    expect_clean(&check(&v));
}

#[test]
fn advantage_audience_other_than_0_or_1_is_invalid() {
    let v = with_targeting("targeting_automation.advantage_audience", json!(2));
    let f = expect_one(
        &check(&v),
        "targeting.advantage_audience_invalid",
        &tp("targeting_automation.advantage_audience"),
        Error,
    );
    assert!(f.message.contains("advantage_audience is 2"), "{f:?}");
}

#[test]
fn advantage_audience_0_and_1_are_valid() {
    for flag in [0, 1] {
        let v = with_targeting("targeting_automation.advantage_audience", json!(flag));
        expect_clean(&check(&v));
    }
}

#[test]
fn advantage_audience_on_limits_age_min_to_25() {
    let mut v = with_targeting("targeting_automation.advantage_audience", json!(1));
    set(&mut v, &tp("age_min"), json!(30));
    let f = expect_one(
        &check(&v),
        "targeting.advantage_audience_age",
        &tp("age_min"),
        Error,
    );
    assert!(f.message.contains("between 18 and 25"), "{f:?}");
}

#[test]
fn advantage_audience_on_fixes_age_max_at_65() {
    let mut v = with_targeting("targeting_automation.advantage_audience", json!(1));
    set(&mut v, &tp("age_max"), json!(50));
    let f = expect_one(
        &check(&v),
        "targeting.advantage_audience_age",
        &tp("age_max"),
        Error,
    );
    assert!(f.message.contains("fixed at 65"), "{f:?}");
}

#[test]
fn advantage_audience_on_accepts_age_min_25_and_age_max_65() {
    let mut v = with_targeting("targeting_automation.advantage_audience", json!(1));
    set(&mut v, &tp("age_min"), json!(25));
    set(&mut v, &tp("age_max"), json!(65));
    expect_clean(&check(&v));
}

#[test]
fn advantage_audience_off_allows_any_age_range() {
    let mut v = with_targeting("age_min", json!(30));
    set(&mut v, &tp("age_max"), json!(50));
    expect_clean(&check(&v));
}

// ---------------------------------------------------------------------------------------------
// Placements

#[test]
fn unknown_publisher_platform_is_an_error_listing_the_platforms() {
    let v = with_targeting("publisher_platforms", json!(["facebook", "myspace"]));
    let f = expect_one(
        &check(&v),
        "targeting.platform_unknown",
        &tp("publisher_platforms[1]"),
        Error,
    );
    assert!(f.message.contains("\"myspace\""), "{f:?}");
    assert!(
        f.hint.as_deref().unwrap().contains("audience_network"),
        "{f:?}"
    );
}

#[test]
fn every_documented_publisher_platform_is_known() {
    let all = json!([
        "facebook",
        "instagram",
        "messenger",
        "audience_network",
        "threads"
    ]);
    expect_clean(&check(&with_targeting("publisher_platforms", all)));
}

#[test]
fn sponsored_messages_is_refused() {
    let v = with_targeting(
        "messenger_positions",
        json!(["messenger_home", "sponsored_messages"]),
    );
    let f = expect_one(
        &check(&v),
        "targeting.sponsored_messages",
        &tp("messenger_positions[1]"),
        Error,
    );
    assert!(f.message.contains("sponsored_messages"), "{f:?}");
}

#[test]
fn other_messenger_positions_are_accepted() {
    let v = with_targeting("messenger_positions", json!(["messenger_home"]));
    expect_clean(&check(&v));
}

#[test]
fn facebook_video_feeds_is_a_removed_placement() {
    let v = with_targeting("facebook_positions", json!(["feed", "video_feeds"]));
    let f = expect_one(
        &check(&v),
        "targeting.placement_removed",
        &tp("facebook_positions[1]"),
        Warning,
    );
    assert!(
        f.message.contains("video_feeds") && f.message.contains("v24.0"),
        "{f:?}"
    );
}

#[test]
fn instagram_explore_is_a_removed_placement() {
    let v = with_targeting("instagram_positions", json!(["stream", "explore"]));
    let f = expect_one(
        &check(&v),
        "targeting.placement_removed",
        &tp("instagram_positions[1]"),
        Warning,
    );
    assert!(
        f.message.contains("explore") && f.message.contains("v26.0"),
        "{f:?}"
    );
}

#[test]
fn messenger_story_is_a_removed_placement() {
    let v = with_targeting("messenger_positions", json!(["messenger_home", "story"]));
    let f = expect_one(
        &check(&v),
        "targeting.placement_removed",
        &tp("messenger_positions[1]"),
        Warning,
    );
    assert!(
        f.message.contains("story") && f.message.contains("v26.0"),
        "{f:?}"
    );
}

#[test]
fn current_placements_are_not_removed() {
    let mut v = with_targeting(
        "facebook_positions",
        json!(["feed", "story", "facebook_reels"]),
    );
    set(
        &mut v,
        &tp("instagram_positions"),
        json!(["stream", "story", "explore_home", "reels"]),
    );
    expect_clean(&check(&v));
}

// ---------------------------------------------------------------------------------------------
// Audiences: each audience's ad set validated whole, findings placed where they belong

/// The base spec with these audiences.
fn with_audiences(audiences: Value) -> Value {
    let mut v = base_json();
    set(&mut v, "audiences", audiences);
    v
}

/// A valid audience targeting for `country`, ages 18 to `age_max`.
fn aud_targeting(country: &str, age_max: i64) -> Value {
    json!({
        "geo_locations": { "countries": [country] },
        "age_min": 18,
        "age_max": age_max,
        "targeting_automation": { "advantage_audience": 0 }
    })
}

#[test]
fn valid_audiences_are_clean() {
    let v = with_audiences(json!([
        { "name": "US 18-34", "targeting": aud_targeting("US", 34) },
        { "name": "CA 18-65", "targeting": aud_targeting("CA", 65), "lifetime_budget": 30000 }
    ]));
    expect_clean(&check(&v));
}

#[test]
fn finding_on_an_overridden_key_is_reported_at_the_audience_and_names_it() {
    let mut young = aud_targeting("US", 34);
    young["age_min"] = json!(12);
    let v = with_audiences(json!([
        { "name": "Young", "targeting": young },
        { "name": "Old", "targeting": aud_targeting("CA", 65) }
    ]));
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "targeting.age_out_of_range",
        "audiences[0].targeting.age_min",
        Error,
    );
    assert!(
        f.message.starts_with("Audience \"Young\": age_min is 12"),
        "{f:?}"
    );
    assert!(
        findings.iter().all(|f| !f.path.starts_with("audiences[1]")),
        "{findings:#?}"
    );
}

#[test]
fn same_problem_in_two_audiences_is_reported_once_per_audience() {
    let v = with_audiences(json!([
        { "name": "A", "targeting": { "geo_locations": { "countries": ["UK"] },
                                      "targeting_automation": { "advantage_audience": 0 } } },
        { "name": "B", "targeting": { "geo_locations": { "countries": ["UK"] },
                                      "targeting_automation": { "advantage_audience": 0 } } }
    ]));
    let findings = check(&v);
    let hits = with_code(&findings, "spec.country_unknown");
    let paths: Vec<&str> = hits.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "audiences[0].targeting.geo_locations.countries[0]",
            "audiences[1].targeting.geo_locations.countries[0]"
        ]
    );
    assert!(
        hits[0].message.starts_with("Audience \"A\": "),
        "{:?}",
        hits[0]
    );
    assert!(
        hits[1].message.starts_with("Audience \"B\": "),
        "{:?}",
        hits[1]
    );
    assert_eq!(
        hits[1].hint.as_deref(),
        Some("Did you mean \"GB\" (United Kingdom)?")
    );
}

#[test]
fn finding_on_a_template_key_is_reported_once_at_the_ad_set() {
    let mut v = with_audiences(json!([
        { "name": "Small", "lifetime_budget": 20000 },
        { "name": "Large", "lifetime_budget": 80000 }
    ]));
    set(&mut v, &tp("geo_locations.countries"), json!(["UK"]));
    set(&mut v, &tp("genders"), json!([3]));
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "spec.country_unknown",
        &tp("geo_locations.countries[0]"),
        Error,
    );
    assert!(!f.message.contains("Audience"), "{f:?}");
    expect_one(
        &findings,
        "targeting.gender_unknown",
        &tp("genders[0]"),
        Error,
    );
    assert!(
        findings.iter().all(|f| !f.path.starts_with("audiences")),
        "{findings:#?}"
    );
}

#[test]
fn audience_targeting_replaces_the_template_targeting_whole() {
    // The template sets advantage_audience; the audience's targeting does not, and narrows ages,
    // so its ad set lacks the flag even though the template has it.
    let v = with_audiences(json!([
        { "name": "US 18-34", "targeting": { "geo_locations": { "countries": ["US"] },
                                             "age_min": 18, "age_max": 34 } }
    ]));
    let f = expect_one(
        &check(&v),
        "targeting.advantage_audience_missing",
        "audiences[0].targeting.targeting_automation.advantage_audience",
        Error,
    );
    assert!(f.message.starts_with("Audience \"US 18-34\": "), "{f:?}");
}

#[test]
fn audience_without_targeting_inherits_the_template_targeting() {
    // The template's narrowed targeting carries its own flag, so an audience that only changes
    // the budget is clean.
    let mut v = with_audiences(json!([{ "name": "Big budget", "lifetime_budget": 90000 }]));
    set(&mut v, &tp("age_max"), json!(34));
    expect_clean(&check(&v));
}

#[test]
fn audience_is_checked_against_the_campaign_special_category() {
    let mut v = with_audiences(json!([
        { "name": "All", "targeting": aud_targeting("US", 65) },
        { "name": "Young", "targeting": aud_targeting("US", 34) }
    ]));
    set(
        &mut v,
        "campaign.special_ad_categories",
        json!(["EMPLOYMENT"]),
    );
    let f = expect_one(
        &check(&v),
        "targeting.special_category_age",
        "audiences[1].targeting.age_max",
        Error,
    );
    assert!(f.message.starts_with("Audience \"Young\": "), "{f:?}");
}

#[test]
fn audience_missing_a_name_is_an_error() {
    let v = with_audiences(json!([
        { "name": "US", "targeting": aud_targeting("US", 65) },
        { "targeting": aud_targeting("CA", 65) }
    ]));
    let f = expect_one(
        &check(&v),
        "audiences.name_missing",
        "audiences[1].name",
        Error,
    );
    assert!(
        f.hint
            .as_deref()
            .unwrap()
            .contains("<ad set name> · <audience name>"),
        "{f:?}"
    );
}

#[test]
fn audience_with_a_blank_name_is_an_error() {
    let v = with_audiences(json!([{ "name": "  ", "targeting": aud_targeting("US", 65) }]));
    expect_one(
        &check(&v),
        "audiences.name_missing",
        "audiences[0].name",
        Error,
    );
}

#[test]
fn audience_name_used_twice_is_an_error_at_the_second() {
    let v = with_audiences(json!([
        { "name": "US", "targeting": aud_targeting("US", 65) },
        { "name": "CA", "targeting": aud_targeting("CA", 65) },
        { "name": " US ", "targeting": aud_targeting("US", 34) }
    ]));
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "audiences.name_duplicate",
        "audiences[2].name",
        Error,
    );
    assert_eq!(
        f.message,
        "Audience name \"US\" is already used by audiences[0]."
    );
    expect_none(&findings, "audiences.name_missing");
}

#[test]
fn distinct_audience_names_are_not_duplicates() {
    let v = with_audiences(json!([
        { "name": "US", "targeting": aud_targeting("US", 65) },
        { "name": "us", "targeting": aud_targeting("US", 34) }
    ]));
    let findings = check(&v);
    expect_none(&findings, "audiences.name_duplicate");
    expect_none(&findings, "audiences.name_missing");
}

#[test]
fn empty_audience_list_is_a_warning_and_the_template_is_still_checked() {
    let mut v = with_audiences(json!([]));
    let f = expect_one(&check(&v), "audiences.empty", "audiences", Warning);
    assert!(f.message.contains("empty list"), "{f:?}");
    set(&mut v, &tp("age_min"), json!(12));
    expect_one(
        &check(&v),
        "targeting.age_out_of_range",
        &tp("age_min"),
        Error,
    );
}

#[test]
fn absent_or_non_empty_audiences_are_not_empty() {
    expect_none(&check(&base_json()), "audiences.empty");
    let v = with_audiences(json!([{ "name": "US", "targeting": aud_targeting("US", 65) }]));
    expect_none(&check(&v), "audiences.empty");
}

#[test]
fn spec_without_ad_set_or_audiences_has_no_ad_set() {
    let mut v = base_json();
    remove(&mut v, "ad_set");
    let findings = check(&v);
    let f = expect_one(&findings, "ad_set.missing", "ad_set", Error);
    assert!(f.hint.is_some());
    expect_none(&findings, "targeting.countries_missing");
}

#[test]
fn audiences_that_carry_the_whole_ad_set_need_no_template() {
    let mut v = base_json();
    let mut whole = v["ad_set"].clone();
    whole["name"] = json!("Winter Sale US");
    remove(&mut v, "ad_set");
    set(&mut v, "audiences", json!([whole]));
    expect_clean(&check(&v));
}

// ---------------------------------------------------------------------------------------------
// LaunchSpec::effective_ad_sets

#[test]
fn effective_ad_sets_name_each_audience_set_after_template_and_audience() {
    let mut v = with_audiences(json!([
        { "name": "US 18-34", "targeting": aud_targeting("US", 34) },
        { "name": "CA 18-65", "targeting": aud_targeting("CA", 65), "lifetime_budget": 30000 }
    ]));
    set(&mut v, &tp("publisher_platforms"), json!(["facebook"]));
    let s = spec(&v);
    let sets = s.effective_ad_sets();
    assert_eq!(sets.len(), 2);
    assert_eq!(sets[0].0, Some(0));
    assert_eq!(sets[1].0, Some(1));
    assert_eq!(sets[0].1.name.as_deref(), Some("Winter Sale · US 18-34"));
    assert_eq!(sets[1].1.name.as_deref(), Some("Winter Sale · CA 18-65"));

    // Keys the audience sets replace the template's; the rest come from the template.
    assert_eq!(sets[0].1.lifetime_budget.as_ref().unwrap().minor, 50000);
    assert_eq!(sets[1].1.lifetime_budget.as_ref().unwrap().minor, 30000);
    for (_, set) in &sets {
        assert_eq!(
            set.optimization_goal.as_ref().unwrap().as_str(),
            "OFFSITE_CONVERSIONS"
        );
        assert_eq!(
            set.promoted_object,
            s.ad_set.as_ref().unwrap().promoted_object
        );
    }

    // Targeting is replaced whole, not merged key by key.
    let t0 = sets[0].1.targeting.as_ref().unwrap();
    assert_eq!(t0.age_max, Some(34));
    assert_eq!(t0.publisher_platforms, None);
    let countries = |i: usize| {
        sets[i]
            .1
            .targeting
            .as_ref()
            .unwrap()
            .geo_locations
            .as_ref()
            .unwrap()
            .countries
            .clone()
    };
    assert_eq!(countries(0), Some(vec!["US".to_string()]));
    assert_eq!(countries(1), Some(vec!["CA".to_string()]));
}

#[test]
fn effective_ad_sets_without_audiences_is_the_template_alone() {
    let s = spec(&base_json());
    let sets = s.effective_ad_sets();
    assert_eq!(sets.len(), 1);
    assert_eq!(sets[0].0, None);
    assert_eq!(&sets[0].1, s.ad_set.as_ref().unwrap());
    assert_eq!(sets[0].1.name.as_deref(), Some("Winter Sale"));
}

#[test]
fn effective_ad_sets_with_an_empty_audience_list_is_the_template_alone() {
    let s = spec(&with_audiences(json!([])));
    let sets = s.effective_ad_sets();
    assert_eq!(sets.len(), 1);
    assert_eq!(sets[0].0, None);
    assert_eq!(&sets[0].1, s.ad_set.as_ref().unwrap());
}

#[test]
fn effective_ad_set_name_falls_back_to_whichever_name_exists() {
    let mut v = with_audiences(json!([{ "name": "US" }, { "lifetime_budget": 1000 }]));
    let s = spec(&v);
    let sets = s.effective_ad_sets();
    assert_eq!(sets[0].1.name.as_deref(), Some("Winter Sale · US"));
    assert_eq!(sets[1].1.name.as_deref(), Some("Winter Sale"));

    remove(&mut v, "ad_set.name");
    let s = spec(&v);
    let sets = s.effective_ad_sets();
    assert_eq!(sets[0].1.name.as_deref(), Some("US"));
    assert_eq!(sets[1].1.name, None);
}

#[test]
fn effective_ad_sets_carry_unmodelled_audience_keys() {
    let mut v = with_audiences(json!([
        { "name": "EU", "dsa_payor": "Shop Ltd", "targeting": aud_targeting("DE", 65) }
    ]));
    set(&mut v, "ad_set.dsa_beneficiary", json!("Shop Ltd"));
    let s = spec(&v);
    let set = &s.effective_ad_sets()[0].1;
    assert_eq!(set.extra.get("dsa_payor"), Some(&json!("Shop Ltd")));
    assert_eq!(set.extra.get("dsa_beneficiary"), Some(&json!("Shop Ltd")));
}

#[test]
fn template_key_finding_caused_by_an_audience_names_the_audience() {
    // The template alone is fine; the audience's daily budget clashes with the template's
    // lifetime budget. The finding sits on a template key but only this audience causes it.
    let v = with_audiences(json!([
        { "name": "US", "targeting": aud_targeting("US", 65) },
        { "name": "CA daily", "targeting": aud_targeting("CA", 65), "daily_budget": 3000 }
    ]));
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "ad_set.budget_both_kinds",
        "ad_set.lifetime_budget",
        Error,
    );
    assert!(f.message.starts_with("Audience \"CA daily\": "), "{f:?}");
}

#[test]
fn combined_name_too_long_is_reported_per_audience_with_its_name() {
    let mut v = with_audiences(json!([
        { "name": "Alpha", "targeting": aud_targeting("US", 65) },
        { "name": "Beta", "targeting": aud_targeting("CA", 65) }
    ]));
    set(&mut v, "ad_set.name", json!("x".repeat(395)));
    let findings = check(&v);
    let hits = with_code(&findings, "ad_set.name_too_long");
    assert_eq!(hits.len(), 2, "{findings:#?}");
    assert!(hits.iter().all(|f| f.path == "ad_set.name"), "{hits:#?}");
    assert!(
        hits[0].message.starts_with("Audience \"Alpha\": "),
        "{:?}",
        hits[0]
    );
    assert!(
        hits[1].message.starts_with("Audience \"Beta\": "),
        "{:?}",
        hits[1]
    );
}

#[test]
fn advantage_audience_on_refuses_age_min_below_18() {
    let mut v = with_targeting("targeting_automation.advantage_audience", json!(1));
    set(&mut v, &tp("age_min"), json!(16));
    expect_one(
        &check(&v),
        "targeting.advantage_audience_age",
        &tp("age_min"),
        Error,
    );
}

#[test]
fn an_out_of_range_age_is_not_also_reported_as_an_inverted_range() {
    let v = with_targeting("age_min", json!(70));
    let findings = check(&v);
    expect_one(
        &findings,
        "targeting.age_out_of_range",
        &tp("age_min"),
        Error,
    );
    expect_none(&findings, "targeting.age_range_inverted");
}
