//! Ad set rules (§2 of the reference and the seed guide's step 1): name, dynamic creative flag,
//! status, optimization goal, billing, bidding, budgets, schedule and promoted object.
//!
//! The base spec is OUTCOME_SALES / OFFSITE_CONVERSIONS with a pixel and PURCHASE, a lifetime
//! budget, and an ad set running 2030-01-04 to 2030-01-25; "now" is 2026-11-25 12:00 UTC.

use crate::common;
use common::*;

use dcw::spec::Severity;
use serde_json::{Value, json};

/// An example spec from `assets/examples/` as JSON.
fn example(name: &str) -> Value {
    let text = std::fs::read_to_string(examples_dir().join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The app-install example: OUTCOME_APP_PROMOTION, APP_INSTALLS, COST_CAP, daily budget.
fn app_json() -> Value {
    example("app-install-puzzle.json")
}

/// The awareness example: OUTCOME_AWARENESS, REACH, page promoted object.
fn awareness_json() -> Value {
    example("awareness-city-festival.json")
}

/// The base spec with a daily budget instead of the lifetime one.
fn daily_json() -> Value {
    let mut v = base_json();
    remove(&mut v, "ad_set.lifetime_budget");
    set(&mut v, "ad_set.daily_budget", json!(2000));
    v
}

/// The base spec with the budget and the bid strategy on the campaign (Advantage campaign
/// budget) instead of the ad set.
fn cbo_json() -> Value {
    let mut v = base_json();
    remove(&mut v, "ad_set.lifetime_budget");
    remove(&mut v, "ad_set.bid_strategy");
    set(&mut v, "campaign.lifetime_budget", json!(50000));
    set(
        &mut v,
        "campaign.bid_strategy",
        json!("LOWEST_COST_WITHOUT_CAP"),
    );
    v
}

fn with_goal(objective: &str, goal: &str) -> Value {
    let mut v = base_json();
    set(&mut v, "campaign.objective", json!(objective));
    set(&mut v, "ad_set.optimization_goal", json!(goal));
    v
}

const PO: &str = "ad_set.promoted_object";

// ---------------------------------------------------------------- presence, name, flag, status

#[test]
fn spec_without_an_ad_set_is_an_error_at_ad_set() {
    let mut v = base_json();
    remove(&mut v, "ad_set");
    let findings = check(&v);
    expect_one(&findings, "ad_set.missing", "ad_set", Severity::Error);
    expect_none(&findings, "ad_set.name_missing");
}

#[test]
fn ad_set_without_a_name_or_with_a_blank_name_is_an_error() {
    for name in [None, Some(""), Some("   ")] {
        let mut v = base_json();
        match name {
            Some(n) => set(&mut v, "ad_set.name", json!(n)),
            None => remove(&mut v, "ad_set.name"),
        }
        let findings = check(&v);
        expect_one(
            &findings,
            "ad_set.name_missing",
            "ad_set.name",
            Severity::Error,
        );
        expect_none(&findings, "ad_set.missing");
    }
}

#[test]
fn ad_set_name_over_400_characters_is_too_long() {
    let mut v = base_json();
    set(&mut v, "ad_set.name", json!("a".repeat(401)));
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "ad_set.name_too_long",
        "ad_set.name",
        Severity::Error,
    );
    assert!(f.message.contains("401"), "{}", f.message);
}

#[test]
fn ad_set_name_of_400_characters_is_counted_in_characters_not_bytes() {
    // 400 two-byte characters: 800 bytes, but within Meta's 400-character limit.
    let mut v = base_json();
    set(&mut v, "ad_set.name", json!("é".repeat(400)));
    let findings = check(&v);
    expect_none(&findings, "ad_set.name_too_long");
    expect_clean(&findings);
}

#[test]
fn is_dynamic_creative_false_is_refused() {
    let mut v = base_json();
    set(&mut v, "ad_set.is_dynamic_creative", json!(false));
    let findings = check(&v);
    expect_one(
        &findings,
        "ad_set.not_dynamic",
        "ad_set.is_dynamic_creative",
        Severity::Error,
    );
}

#[test]
fn is_dynamic_creative_true_or_left_out_is_accepted() {
    for flag in [Some(true), None] {
        let mut v = base_json();
        match flag {
            Some(b) => set(&mut v, "ad_set.is_dynamic_creative", json!(b)),
            None => remove(&mut v, "ad_set.is_dynamic_creative"),
        }
        let findings = check(&v);
        expect_none(&findings, "ad_set.not_dynamic");
        expect_clean(&findings);
    }
}

#[test]
fn ad_set_created_archived_is_refused_at_its_status() {
    let mut v = base_json();
    set(&mut v, "ad_set.status", json!("ARCHIVED"));
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "spec.status_invalid",
        "ad_set.status",
        Severity::Error,
    );
    assert!(f.message.contains("ARCHIVED"), "{}", f.message);
}

#[test]
fn ad_set_created_active_is_accepted() {
    let mut v = base_json();
    set(&mut v, "ad_set.status", json!("ACTIVE"));
    let findings = check(&v);
    expect_none(&findings, "spec.status_invalid");
    expect_clean(&findings);
}

#[test]
fn ad_set_without_targeting_is_an_error_at_targeting() {
    let mut v = base_json();
    remove(&mut v, "ad_set.targeting");
    let findings = check(&v);
    expect_one(
        &findings,
        "targeting.missing",
        "ad_set.targeting",
        Severity::Error,
    );
}

#[test]
fn ad_set_with_countries_only_targeting_has_targeting() {
    let mut v = base_json();
    set(
        &mut v,
        "ad_set.targeting",
        json!({"geo_locations": {"countries": ["US"]}}),
    );
    let findings = check(&v);
    expect_none(&findings, "targeting.missing");
}

// ---------------------------------------------------------------- optimization goal

#[test]
fn missing_goal_is_an_error_whose_hint_lists_the_objectives_goals() {
    let mut v = base_json();
    remove(&mut v, "ad_set.optimization_goal");
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "ad_set.goal_missing",
        "ad_set.optimization_goal",
        Severity::Error,
    );
    let hint = f.hint.unwrap_or_default();
    assert!(hint.contains("OUTCOME_SALES"), "{hint}");
    assert!(hint.contains("OFFSITE_CONVERSIONS"), "{hint}");
    assert!(
        !hint.contains("APP_INSTALLS"),
        "sales does not take app installs: {hint}"
    );
}

#[test]
fn goal_that_is_not_a_graph_goal_is_unknown() {
    let mut v = base_json();
    set(&mut v, "ad_set.optimization_goal", json!("CONVERSIONS"));
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "ad_set.goal_unknown",
        "ad_set.optimization_goal",
        Severity::Error,
    );
    assert!(f.message.contains("CONVERSIONS"), "{}", f.message);
    expect_none(&findings, "ad_set.goal_missing");
    expect_none(&findings, "ad_set.goal_not_for_objective");
}

#[test]
fn goal_outside_the_objectives_odax_list_is_refused_naming_both() {
    let cases = [
        ("OUTCOME_SALES", "APP_INSTALLS"),
        ("OUTCOME_SALES", "LEAD_GENERATION"),
        ("OUTCOME_AWARENESS", "LINK_CLICKS"),
        ("OUTCOME_TRAFFIC", "VALUE"),
        ("OUTCOME_ENGAGEMENT", "APP_INSTALLS"),
        ("OUTCOME_LEADS", "VALUE"),
        ("OUTCOME_APP_PROMOTION", "OFFSITE_CONVERSIONS"),
        ("OUTCOME_APP_PROMOTION", "REACH"),
    ];
    for (objective, goal) in cases {
        let findings = check(&with_goal(objective, goal));
        let f = expect_one(
            &findings,
            "ad_set.goal_not_for_objective",
            "ad_set.optimization_goal",
            Severity::Error,
        );
        assert!(f.message.contains(objective), "{}", f.message);
        assert!(f.message.contains(goal), "{}", f.message);
        // A refused goal is not also nagged about OFFSITE_CONVERSIONS.
        expect_none(&findings, "ad_set.goal_not_offsite_conversions");
    }
}

#[test]
fn every_goal_in_the_odax_table_is_accepted_for_its_objective() {
    // §2.3 of the reference, each objective's union over its conversion locations; TRAFFIC
    // also takes OFFSITE_CONVERSIONS because the Dynamic Creative guide asks for it.
    let table: &[(&str, &[&str])] = &[
        (
            "OUTCOME_AWARENESS",
            &[
                "AD_RECALL_LIFT",
                "REACH",
                "IMPRESSIONS",
                "THRUPLAY",
                "TWO_SECOND_CONTINUOUS_VIDEO_VIEWS",
            ],
        ),
        (
            "OUTCOME_TRAFFIC",
            &[
                "LANDING_PAGE_VIEWS",
                "LINK_CLICKS",
                "IMPRESSIONS",
                "REACH",
                "QUALITY_CALL",
                "OFFSITE_CONVERSIONS",
            ],
        ),
        (
            "OUTCOME_ENGAGEMENT",
            &[
                "THRUPLAY",
                "TWO_SECOND_CONTINUOUS_VIDEO_VIEWS",
                "POST_ENGAGEMENT",
                "IMPRESSIONS",
                "REACH",
                "EVENT_RESPONSES",
                "CONVERSATIONS",
                "LINK_CLICKS",
                "OFFSITE_CONVERSIONS",
                "ONSITE_CONVERSIONS",
                "LANDING_PAGE_VIEWS",
                "APP_INSTALLS_AND_OFFSITE_CONVERSIONS",
                "PAGE_LIKES",
            ],
        ),
        (
            "OUTCOME_LEADS",
            &[
                "OFFSITE_CONVERSIONS",
                "LANDING_PAGE_VIEWS",
                "LINK_CLICKS",
                "IMPRESSIONS",
                "REACH",
                "LEAD_GENERATION",
                "QUALITY_LEAD",
                "QUALITY_CALL",
                "APP_INSTALLS_AND_OFFSITE_CONVERSIONS",
            ],
        ),
        (
            "OUTCOME_APP_PROMOTION",
            &[
                "LINK_CLICKS",
                "APP_INSTALLS",
                "APP_INSTALLS_AND_OFFSITE_CONVERSIONS",
                "VALUE",
            ],
        ),
        (
            "OUTCOME_SALES",
            &[
                "OFFSITE_CONVERSIONS",
                "VALUE",
                "LANDING_PAGE_VIEWS",
                "LINK_CLICKS",
                "IMPRESSIONS",
                "REACH",
                "CONVERSATIONS",
            ],
        ),
    ];
    for (objective, goals) in table {
        for goal in *goals {
            let findings = check(&with_goal(objective, goal));
            assert!(
                with_code(&findings, "ad_set.goal_not_for_objective").is_empty(),
                "{objective} should take {goal}: {findings:#?}"
            );
            expect_none(&findings, "ad_set.goal_unknown");
        }
    }
}

#[test]
fn non_offsite_goal_under_an_objective_the_guide_pins_is_a_warning() {
    let cases = [
        ("OUTCOME_SALES", "LINK_CLICKS"),
        ("OUTCOME_SALES", "VALUE"),
        ("OUTCOME_TRAFFIC", "LANDING_PAGE_VIEWS"),
        ("OUTCOME_ENGAGEMENT", "POST_ENGAGEMENT"),
        ("OUTCOME_LEADS", "LEAD_GENERATION"),
    ];
    for (objective, goal) in cases {
        let findings = check(&with_goal(objective, goal));
        let f = expect_one(
            &findings,
            "ad_set.goal_not_offsite_conversions",
            "ad_set.optimization_goal",
            Severity::Warning,
        );
        assert!(f.message.contains("OFFSITE_CONVERSIONS"), "{}", f.message);
        assert!(f.message.contains(objective), "{}", f.message);
        assert!(f.message.contains(goal), "{}", f.message);
        expect_none(&findings, "ad_set.goal_not_for_objective");
    }
}

#[test]
fn offsite_conversions_under_the_pinned_objectives_draws_no_guide_warning() {
    for objective in [
        "OUTCOME_SALES",
        "OUTCOME_TRAFFIC",
        "OUTCOME_ENGAGEMENT",
        "OUTCOME_LEADS",
    ] {
        let findings = check(&with_goal(objective, "OFFSITE_CONVERSIONS"));
        expect_none(&findings, "ad_set.goal_not_offsite_conversions");
    }
}

#[test]
fn awareness_and_app_promotion_goals_draw_no_guide_warning() {
    expect_clean(&check(&awareness_json()));
    expect_clean(&check(&app_json()));
    let findings = check(&with_goal("OUTCOME_AWARENESS", "THRUPLAY"));
    expect_none(&findings, "ad_set.goal_not_offsite_conversions");
}

// ---------------------------------------------------------------- billing event

#[test]
fn missing_billing_event_is_an_error() {
    let mut v = base_json();
    remove(&mut v, "ad_set.billing_event");
    let findings = check(&v);
    expect_one(
        &findings,
        "ad_set.billing_missing",
        "ad_set.billing_event",
        Severity::Error,
    );
}

#[test]
fn billing_event_that_is_not_a_graph_value_is_unknown() {
    let mut v = base_json();
    set(&mut v, "ad_set.billing_event", json!("CPM"));
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "ad_set.billing_unknown",
        "ad_set.billing_event",
        Severity::Error,
    );
    assert!(f.message.contains("CPM"), "{}", f.message);
    expect_none(&findings, "ad_set.billing_not_for_goal");
}

#[test]
fn offsite_conversions_billed_on_anything_but_impressions_is_refused() {
    for billing in ["LINK_CLICKS", "PURCHASE", "THRUPLAY"] {
        let mut v = base_json();
        set(&mut v, "ad_set.billing_event", json!(billing));
        let findings = check(&v);
        let f = expect_one(
            &findings,
            "ad_set.billing_not_for_goal",
            "ad_set.billing_event",
            Severity::Error,
        );
        assert!(f.message.contains("OFFSITE_CONVERSIONS"), "{}", f.message);
        assert!(f.message.contains(billing), "{}", f.message);
        assert!(
            f.hint.as_deref().unwrap_or("").contains("IMPRESSIONS"),
            "{f:?}"
        );
    }
}

#[test]
fn video_and_link_goals_are_refused_on_the_other_goals_billing_event() {
    for (objective, goal, billing) in [
        ("OUTCOME_SALES", "LINK_CLICKS", "THRUPLAY"),
        ("OUTCOME_AWARENESS", "THRUPLAY", "LINK_CLICKS"),
        ("OUTCOME_AWARENESS", "REACH", "THRUPLAY"),
    ] {
        let mut v = with_goal(objective, goal);
        set(&mut v, "ad_set.billing_event", json!(billing));
        let findings = check(&v);
        expect_one(
            &findings,
            "ad_set.billing_not_for_goal",
            "ad_set.billing_event",
            Severity::Error,
        );
    }
}

#[test]
fn link_clicks_thruplay_and_two_second_views_may_be_billed_on_themselves() {
    for (objective, goal) in [
        ("OUTCOME_SALES", "LINK_CLICKS"),
        ("OUTCOME_AWARENESS", "THRUPLAY"),
        ("OUTCOME_AWARENESS", "TWO_SECOND_CONTINUOUS_VIDEO_VIEWS"),
    ] {
        let mut v = with_goal(objective, goal);
        set(&mut v, "ad_set.billing_event", json!(goal));
        let findings = check(&v);
        expect_none(&findings, "ad_set.billing_not_for_goal");
        expect_none(&findings, "ad_set.billing_unknown");
    }
}

#[test]
fn impressions_billing_is_accepted_for_goals_of_every_objective() {
    for (objective, goal) in [
        ("OUTCOME_SALES", "VALUE"),
        ("OUTCOME_AWARENESS", "AD_RECALL_LIFT"),
        ("OUTCOME_ENGAGEMENT", "PAGE_LIKES"),
        ("OUTCOME_LEADS", "LEAD_GENERATION"),
        ("OUTCOME_APP_PROMOTION", "APP_INSTALLS"),
        ("OUTCOME_TRAFFIC", "LANDING_PAGE_VIEWS"),
    ] {
        let findings = check(&with_goal(objective, goal));
        expect_none(&findings, "ad_set.billing_not_for_goal");
    }
}

// ---------------------------------------------------------------- bid strategy and bid amount

#[test]
fn bid_cap_or_cost_cap_without_bid_amount_is_an_error_naming_the_strategy() {
    for strategy in ["LOWEST_COST_WITH_BID_CAP", "COST_CAP"] {
        let mut v = base_json();
        set(&mut v, "ad_set.bid_strategy", json!(strategy));
        let findings = check(&v);
        let f = expect_one(
            &findings,
            "ad_set.bid_amount_missing",
            "ad_set.bid_amount",
            Severity::Error,
        );
        assert!(f.message.contains(strategy), "{}", f.message);
    }
}

#[test]
fn bid_cap_or_cost_cap_with_a_bid_amount_is_clean() {
    for strategy in ["LOWEST_COST_WITH_BID_CAP", "COST_CAP"] {
        let mut v = base_json();
        set(&mut v, "ad_set.bid_strategy", json!(strategy));
        set(&mut v, "ad_set.bid_amount", json!(350));
        let findings = check(&v);
        expect_none(&findings, "ad_set.bid_amount_missing");
        expect_clean(&findings);
    }
}

#[test]
fn bid_amount_with_lowest_cost_without_cap_is_unused() {
    let mut v = base_json(); // LOWEST_COST_WITHOUT_CAP
    set(&mut v, "ad_set.bid_amount", json!(350));
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "ad_set.bid_amount_unused",
        "ad_set.bid_amount",
        Severity::Error,
    );
    assert!(
        f.message.contains("LOWEST_COST_WITHOUT_CAP"),
        "{}",
        f.message
    );
}

#[test]
fn bid_amount_without_a_bid_strategy_warns_that_meta_picks_bid_cap() {
    let mut v = base_json();
    remove(&mut v, "ad_set.bid_strategy");
    set(&mut v, "ad_set.bid_amount", json!(350));
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "ad_set.bid_amount_implies_bid_cap",
        "ad_set.bid_amount",
        Severity::Warning,
    );
    assert!(
        f.message.contains("LOWEST_COST_WITH_BID_CAP"),
        "{}",
        f.message
    );
    expect_none(&findings, "ad_set.bid_amount_unused");
}

#[test]
fn no_bid_strategy_and_no_bid_amount_is_clean() {
    let mut v = base_json();
    remove(&mut v, "ad_set.bid_strategy");
    let findings = check(&v);
    expect_none(&findings, "ad_set.bid_amount_implies_bid_cap");
    expect_none(&findings, "ad_set.bid_amount_missing");
    expect_clean(&findings);
}

#[test]
fn bid_amount_of_zero_or_less_is_refused() {
    for amount in [0, -50] {
        let mut v = base_json();
        set(&mut v, "ad_set.bid_strategy", json!("COST_CAP"));
        set(&mut v, "ad_set.bid_amount", json!(amount));
        let findings = check(&v);
        expect_one(
            &findings,
            "ad_set.bid_amount_not_positive",
            "ad_set.bid_amount",
            Severity::Error,
        );
        expect_none(&findings, "ad_set.bid_amount_missing");
    }
}

#[test]
fn bid_amount_of_one_minor_unit_is_positive() {
    let mut v = base_json();
    set(&mut v, "ad_set.bid_strategy", json!("COST_CAP"));
    set(&mut v, "ad_set.bid_amount", json!(1));
    let findings = check(&v);
    expect_none(&findings, "ad_set.bid_amount_not_positive");
}

#[test]
fn min_roas_without_bid_constraints_is_an_error_at_bid_constraints() {
    let mut v = base_json();
    set(
        &mut v,
        "ad_set.bid_strategy",
        json!("LOWEST_COST_WITH_MIN_ROAS"),
    );
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "ad_set.min_roas_floor_missing",
        "ad_set.bid_constraints",
        Severity::Error,
    );
    assert!(f.message.contains("roas_average_floor"), "{}", f.message);
}

#[test]
fn min_roas_with_bid_constraints_is_clean() {
    let mut v = base_json();
    set(
        &mut v,
        "ad_set.bid_strategy",
        json!("LOWEST_COST_WITH_MIN_ROAS"),
    );
    set(
        &mut v,
        "ad_set.bid_constraints",
        json!({"roas_average_floor": 15000}),
    );
    let findings = check(&v);
    expect_none(&findings, "ad_set.min_roas_floor_missing");
    expect_clean(&findings);
}

#[test]
fn unknown_ad_set_bid_strategy_is_refused_at_the_ad_set() {
    let mut v = base_json();
    set(&mut v, "ad_set.bid_strategy", json!("TARGET_COST"));
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "spec.bid_strategy_unknown",
        "ad_set.bid_strategy",
        Severity::Error,
    );
    assert!(f.message.contains("TARGET_COST"), "{}", f.message);
}

#[test]
fn every_known_ad_set_bid_strategy_is_accepted() {
    for s in [
        "LOWEST_COST_WITHOUT_CAP",
        "LOWEST_COST_WITH_BID_CAP",
        "COST_CAP",
        "LOWEST_COST_WITH_MIN_ROAS",
    ] {
        let mut v = base_json();
        set(&mut v, "ad_set.bid_strategy", json!(s));
        let findings = check(&v);
        expect_none(&findings, "spec.bid_strategy_unknown");
    }
}

// ---------------------------------------------------------------- bidding with a campaign budget

#[test]
fn campaign_budget_with_the_bid_strategy_on_the_campaign_is_clean() {
    expect_clean(&check(&cbo_json()));
}

#[test]
fn ad_set_bid_strategy_under_a_campaign_budget_belongs_on_the_campaign() {
    let mut v = cbo_json();
    set(
        &mut v,
        "ad_set.bid_strategy",
        json!("LOWEST_COST_WITHOUT_CAP"),
    );
    let findings = check(&v);
    expect_one(
        &findings,
        "ad_set.bid_strategy_with_campaign_budget",
        "ad_set.bid_strategy",
        Severity::Error,
    );
}

#[test]
fn ad_set_bid_strategy_without_a_campaign_budget_is_its_own() {
    let findings = check(&base_json());
    expect_none(&findings, "ad_set.bid_strategy_with_campaign_budget");
    let mut v = cbo_json();
    remove(&mut v, "campaign.bid_strategy");
    let findings = check(&v);
    expect_none(&findings, "ad_set.bid_strategy_with_campaign_budget");
}

#[test]
fn campaign_cost_cap_needs_a_bid_amount_on_the_ad_set() {
    let mut v = cbo_json();
    set(&mut v, "campaign.bid_strategy", json!("COST_CAP"));
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "ad_set.bid_amount_missing",
        "ad_set.bid_amount",
        Severity::Error,
    );
    assert!(f.message.contains("COST_CAP"), "{}", f.message);
}

#[test]
fn campaign_cost_cap_with_bid_amount_on_the_ad_set_is_clean() {
    let mut v = cbo_json();
    set(&mut v, "campaign.bid_strategy", json!("COST_CAP"));
    set(&mut v, "ad_set.bid_amount", json!(500));
    let findings = check(&v);
    expect_none(&findings, "ad_set.bid_amount_missing");
    expect_none(&findings, "ad_set.bid_amount_unused");
    expect_clean(&findings);
}

#[test]
fn ad_set_bid_amount_under_a_campaign_without_cap_is_unused() {
    let mut v = cbo_json(); // campaign LOWEST_COST_WITHOUT_CAP
    set(&mut v, "ad_set.bid_amount", json!(500));
    let findings = check(&v);
    expect_one(
        &findings,
        "ad_set.bid_amount_unused",
        "ad_set.bid_amount",
        Severity::Error,
    );
    expect_none(&findings, "ad_set.bid_amount_implies_bid_cap");
}

#[test]
fn campaign_min_roas_needs_bid_constraints_on_the_ad_set() {
    let mut v = cbo_json();
    set(
        &mut v,
        "campaign.bid_strategy",
        json!("LOWEST_COST_WITH_MIN_ROAS"),
    );
    let findings = check(&v);
    expect_one(
        &findings,
        "ad_set.min_roas_floor_missing",
        "ad_set.bid_constraints",
        Severity::Error,
    );
    set(
        &mut v,
        "ad_set.bid_constraints",
        json!({"roas_average_floor": 15000}),
    );
    expect_clean(&check(&v));
}

// ---------------------------------------------------------------- budgets

#[test]
fn ad_set_without_any_budget_is_an_error() {
    let mut v = base_json();
    remove(&mut v, "ad_set.lifetime_budget");
    let findings = check(&v);
    expect_one(
        &findings,
        "ad_set.budget_missing",
        "ad_set.daily_budget",
        Severity::Error,
    );
    expect_none(&findings, "ad_set.end_time_required");
}

#[test]
fn ad_set_with_only_a_daily_budget_is_clean() {
    let findings = check(&daily_json());
    expect_none(&findings, "ad_set.budget_missing");
    expect_none(&findings, "ad_set.budget_both_kinds");
    expect_clean(&findings);
}

#[test]
fn ad_set_without_budget_under_a_campaign_budget_is_not_missing_one() {
    let findings = check(&cbo_json());
    expect_none(&findings, "ad_set.budget_missing");
}

#[test]
fn ad_set_with_daily_and_lifetime_budget_is_an_error() {
    let mut v = base_json();
    set(&mut v, "ad_set.daily_budget", json!(2000));
    let findings = check(&v);
    expect_one(
        &findings,
        "ad_set.budget_both_kinds",
        "ad_set.lifetime_budget",
        Severity::Error,
    );
    expect_none(&findings, "ad_set.budget_missing");
}

#[test]
fn ad_set_budget_of_zero_or_less_is_refused_at_that_budget() {
    let mut v = base_json();
    set(&mut v, "ad_set.lifetime_budget", json!(0));
    let f = expect_one(
        &check(&v),
        "ad_set.budget_not_positive",
        "ad_set.lifetime_budget",
        Severity::Error,
    );
    assert!(f.message.contains("lifetime budget"), "{}", f.message);

    let mut v = daily_json();
    set(&mut v, "ad_set.daily_budget", json!(-2000));
    let f = expect_one(
        &check(&v),
        "ad_set.budget_not_positive",
        "ad_set.daily_budget",
        Severity::Error,
    );
    assert!(f.message.contains("daily budget"), "{}", f.message);
}

#[test]
fn ad_set_budget_of_one_minor_unit_or_quoted_is_positive() {
    for amount in [json!(1), json!("50000")] {
        let mut v = base_json();
        set(&mut v, "ad_set.lifetime_budget", amount);
        let findings = check(&v);
        expect_none(&findings, "ad_set.budget_not_positive");
    }
}

#[test]
fn ad_set_budget_under_a_campaign_budget_is_refused_at_each_ad_set_budget() {
    let mut v = cbo_json();
    set(&mut v, "ad_set.lifetime_budget", json!(50000));
    let findings = check(&v);
    expect_one(
        &findings,
        "ad_set.budget_on_both",
        "ad_set.lifetime_budget",
        Severity::Error,
    );

    let mut v = cbo_json();
    set(&mut v, "ad_set.daily_budget", json!(2000));
    set(&mut v, "ad_set.lifetime_budget", json!(50000));
    let findings = check(&v);
    let hits = with_code(&findings, "ad_set.budget_on_both");
    let paths: Vec<&str> = hits.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        ["ad_set.daily_budget", "ad_set.lifetime_budget"],
        "{findings:#?}"
    );
    // The campaign holds the budget, so the ad set's two kinds are not also reported as both.
    expect_none(&findings, "ad_set.budget_both_kinds");
}

#[test]
fn budget_on_the_ad_set_only_is_not_on_both() {
    let findings = check(&base_json());
    expect_none(&findings, "ad_set.budget_on_both");
    let findings = check(&cbo_json());
    expect_none(&findings, "ad_set.budget_on_both");
}

// ---------------------------------------------------------------- schedule: time formats

#[test]
fn time_graph_cannot_read_is_refused_at_that_time() {
    let mut v = base_json();
    set(&mut v, "ad_set.start_time", json!("next monday"));
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "ad_set.time_unreadable",
        "ad_set.start_time",
        Severity::Error,
    );
    assert!(f.message.contains("next monday"), "{}", f.message);

    let mut v = base_json();
    set(&mut v, "ad_set.end_time", json!("2027-13-45"));
    let findings = check(&v);
    expect_one(
        &findings,
        "ad_set.time_unreadable",
        "ad_set.end_time",
        Severity::Error,
    );
    // An unreadable end_time is reported once, not also as a missing one.
    expect_none(&findings, "ad_set.end_time_required");
}

#[test]
fn time_without_utc_offset_is_refused_as_ambiguous() {
    let mut v = base_json();
    set(&mut v, "ad_set.end_time", json!("2030-01-25T09:00:00"));
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "ad_set.time_no_offset",
        "ad_set.end_time",
        Severity::Error,
    );
    assert!(
        f.hint
            .as_deref()
            .unwrap_or("")
            .contains("2030-01-25T09:00:00+0000"),
        "{f:?}"
    );
    expect_none(&findings, "ad_set.time_unreadable");
    expect_none(&findings, "ad_set.end_time_required");

    let mut v = base_json();
    set(&mut v, "ad_set.start_time", json!("2030-01-04 09:00:00"));
    expect_one(
        &check(&v),
        "ad_set.time_no_offset",
        "ad_set.start_time",
        Severity::Error,
    );
}

#[test]
fn every_time_form_graph_reads_is_accepted() {
    let forms = [
        ("2030-01-04", json!("2030-01-25")),
        ("2030-01-04T09:00:00Z", json!("2030-01-25T09:00:00+00:00")),
        ("2030-01-04 09:00:00 EST", json!(1_894_694_400_i64)),
        ("2030-01-04T09:00:00-0500", json!("1894694400")),
    ];
    for (start, end) in forms {
        let mut v = base_json();
        set(&mut v, "ad_set.start_time", json!(start));
        set(&mut v, "ad_set.end_time", end.clone());
        let findings = check(&v);
        expect_none(&findings, "ad_set.time_unreadable");
        expect_none(&findings, "ad_set.time_no_offset");
        assert!(findings.is_empty(), "{start} .. {end}: {findings:#?}");
    }
}

// ---------------------------------------------------------------- schedule: lifetime end_time

#[test]
fn lifetime_budget_without_end_time_is_an_error() {
    let mut v = base_json();
    remove(&mut v, "ad_set.end_time");
    let findings = check(&v);
    expect_one(
        &findings,
        "ad_set.end_time_required",
        "ad_set.end_time",
        Severity::Error,
    );
}

#[test]
fn lifetime_budget_with_end_time_zero_meaning_ongoing_is_an_error() {
    for zero in [json!(0), json!("0")] {
        let mut v = base_json();
        set(&mut v, "ad_set.end_time", zero);
        let findings = check(&v);
        expect_one(
            &findings,
            "ad_set.end_time_required",
            "ad_set.end_time",
            Severity::Error,
        );
    }
}

#[test]
fn campaign_lifetime_budget_also_needs_the_ad_set_end_time() {
    let mut v = cbo_json();
    remove(&mut v, "ad_set.end_time");
    let findings = check(&v);
    expect_one(
        &findings,
        "ad_set.end_time_required",
        "ad_set.end_time",
        Severity::Error,
    );
}

#[test]
fn daily_budget_may_run_without_end_time() {
    let mut v = daily_json();
    remove(&mut v, "ad_set.end_time");
    let findings = check(&v);
    expect_none(&findings, "ad_set.end_time_required");
    expect_clean(&findings);

    let mut v = daily_json();
    set(&mut v, "ad_set.end_time", json!(0));
    let findings = check(&v);
    expect_none(&findings, "ad_set.end_time_required");
    expect_clean(&findings);
}

// ---------------------------------------------------------------- schedule: order and past

#[test]
fn end_time_before_or_at_start_time_is_an_error() {
    for end in ["2030-01-03T09:00:00-0500", "2030-01-04T09:00:00-0500"] {
        let mut v = base_json();
        set(&mut v, "ad_set.end_time", json!(end));
        let findings = check(&v);
        expect_one(
            &findings,
            "ad_set.end_before_start",
            "ad_set.end_time",
            Severity::Error,
        );
        expect_none(&findings, "ad_set.end_in_past");
        expect_none(&findings, "ad_set.schedule_short");
    }
}

#[test]
fn end_time_compares_instants_not_local_clock_readings() {
    // 08:00 in New York is 13:00 UTC, after a 12:00 UTC start.
    let mut v = base_json();
    set(
        &mut v,
        "ad_set.start_time",
        json!("2030-01-04T12:00:00+0000"),
    );
    set(&mut v, "ad_set.end_time", json!("2030-01-25T08:00:00-0500"));
    let findings = check(&v);
    expect_none(&findings, "ad_set.end_before_start");
    expect_clean(&findings);
}

#[test]
fn end_time_in_the_past_is_an_error() {
    for end in ["2026-11-01T00:00:00+0000", "2026-11-25T12:00:00+0000"] {
        let mut v = base_json();
        set(&mut v, "ad_set.end_time", json!(end));
        let findings = check(&v);
        expect_one(
            &findings,
            "ad_set.end_in_past",
            "ad_set.end_time",
            Severity::Error,
        );
        // Reported as past, not also as before the start.
        expect_none(&findings, "ad_set.end_before_start");
    }
}

#[test]
fn end_time_just_after_now_is_not_in_the_past() {
    let mut v = base_json();
    remove(&mut v, "ad_set.start_time");
    set(&mut v, "ad_set.end_time", json!("2026-11-25T13:00:00+0000"));
    let findings = check(&v);
    expect_none(&findings, "ad_set.end_in_past");
    expect_none(&findings, "ad_set.end_before_start");
}

#[test]
fn start_time_in_the_past_is_a_warning_that_names_it() {
    let mut v = base_json();
    set(
        &mut v,
        "ad_set.start_time",
        json!("2026-11-20T09:00:00+0000"),
    );
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "ad_set.start_in_past",
        "ad_set.start_time",
        Severity::Warning,
    );
    assert!(f.message.contains("2026-11-20"), "{}", f.message);
    assert!(!findings.iter().any(|f| f.is_error()), "{findings:#?}");
}

#[test]
fn start_time_left_out_or_in_the_future_is_not_in_the_past() {
    let mut v = base_json();
    remove(&mut v, "ad_set.start_time");
    let findings = check(&v);
    expect_none(&findings, "ad_set.start_in_past");
    expect_clean(&findings);

    // A start at the very moment of "now" (12:00 UTC, written as 07:00 in New York) or later
    // is not in the past.
    for start in ["2026-11-25T07:00:00-0500", "2026-11-25T12:01:00+0000"] {
        let mut v = base_json();
        set(&mut v, "ad_set.start_time", json!(start));
        let findings = check(&v);
        expect_none(&findings, "ad_set.start_in_past");
    }
}

// ---------------------------------------------------------------- schedule: window length

#[test]
fn daily_budget_with_a_window_of_24_hours_or_less_is_an_error() {
    for end in ["2030-01-05T09:00:00-0500", "2030-01-04T21:00:00-0500"] {
        let mut v = daily_json();
        set(&mut v, "ad_set.end_time", json!(end));
        let findings = check(&v);
        expect_one(
            &findings,
            "ad_set.daily_window_too_short",
            "ad_set.end_time",
            Severity::Error,
        );
        // The error says it all; no extra five-day warning.
        expect_none(&findings, "ad_set.schedule_short");
    }
}

#[test]
fn daily_budget_with_a_window_just_over_24_hours_is_allowed() {
    let mut v = daily_json();
    set(&mut v, "ad_set.end_time", json!("2030-01-05T10:00:00-0500"));
    let findings = check(&v);
    expect_none(&findings, "ad_set.daily_window_too_short");
}

#[test]
fn campaign_daily_budget_also_needs_more_than_24_hours() {
    let mut v = cbo_json();
    remove(&mut v, "campaign.lifetime_budget");
    set(&mut v, "campaign.daily_budget", json!(2000));
    set(&mut v, "ad_set.end_time", json!("2030-01-05T09:00:00-0500"));
    let findings = check(&v);
    expect_one(
        &findings,
        "ad_set.daily_window_too_short",
        "ad_set.end_time",
        Severity::Error,
    );
}

#[test]
fn lifetime_budget_with_a_24_hour_window_is_only_warned_short() {
    let mut v = base_json();
    set(&mut v, "ad_set.end_time", json!("2030-01-05T09:00:00-0500"));
    let findings = check(&v);
    expect_none(&findings, "ad_set.daily_window_too_short");
    expect_one(
        &findings,
        "ad_set.schedule_short",
        "ad_set.end_time",
        Severity::Warning,
    );
}

#[test]
fn run_shorter_than_five_days_is_a_warning_giving_its_hours() {
    let mut v = base_json();
    set(&mut v, "ad_set.end_time", json!("2030-01-08T09:00:00-0500"));
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "ad_set.schedule_short",
        "ad_set.end_time",
        Severity::Warning,
    );
    assert!(f.message.contains("96 hours"), "{}", f.message);
    assert!(!findings.iter().any(|f| f.is_error()), "{findings:#?}");
}

#[test]
fn run_longer_than_five_days_is_not_short() {
    let mut v = base_json();
    set(&mut v, "ad_set.end_time", json!("2030-01-10T09:00:00-0500"));
    let findings = check(&v);
    expect_none(&findings, "ad_set.schedule_short");
    expect_clean(&findings);
}

#[test]
fn run_without_start_time_is_measured_from_now() {
    // now is 2026-11-25 12:00 UTC; an end three days later is a short run.
    let mut v = base_json();
    remove(&mut v, "ad_set.start_time");
    set(&mut v, "ad_set.end_time", json!("2026-11-28T12:00:00+0000"));
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "ad_set.schedule_short",
        "ad_set.end_time",
        Severity::Warning,
    );
    assert!(f.message.contains("72 hours"), "{}", f.message);
}

// ---------------------------------------------------------------- promoted object: pixel events

#[test]
fn sales_offsite_conversions_without_pixel_is_incomplete_at_pixel_id() {
    let mut v = base_json();
    remove(&mut v, "ad_set.promoted_object.pixel_id");
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "ad_set.promoted_object_incomplete",
        &format!("{PO}.pixel_id"),
        Severity::Error,
    );
    assert!(f.message.contains("OUTCOME_SALES"), "{}", f.message);
    assert!(f.message.contains("OFFSITE_CONVERSIONS"), "{}", f.message);
    assert!(f.message.contains("pixel_id"), "{}", f.message);
}

#[test]
fn offsite_conversions_without_event_type_is_incomplete_at_custom_event_type() {
    let mut v = base_json();
    remove(&mut v, "ad_set.promoted_object.custom_event_type");
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "ad_set.promoted_object_incomplete",
        &format!("{PO}.custom_event_type"),
        Severity::Error,
    );
    assert!(f.message.contains("custom_event_type"), "{}", f.message);
}

#[test]
fn offsite_conversions_without_promoted_object_needs_pixel_and_event() {
    let mut v = base_json();
    remove(&mut v, "ad_set.promoted_object");
    let findings = check(&v);
    let mut paths: Vec<&str> = with_code(&findings, "ad_set.promoted_object_incomplete")
        .iter()
        .map(|f| f.path.as_str())
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "ad_set.promoted_object.custom_event_type",
            "ad_set.promoted_object.pixel_id"
        ],
        "{findings:#?}"
    );
}

#[test]
fn leads_and_traffic_offsite_conversions_also_need_the_pixel() {
    for objective in ["OUTCOME_LEADS", "OUTCOME_TRAFFIC", "OUTCOME_ENGAGEMENT"] {
        let mut v = with_goal(objective, "OFFSITE_CONVERSIONS");
        remove(&mut v, "ad_set.promoted_object.pixel_id");
        let findings = check(&v);
        let f = expect_one(
            &findings,
            "ad_set.promoted_object_incomplete",
            &format!("{PO}.pixel_id"),
            Severity::Error,
        );
        assert!(f.message.contains(objective), "{}", f.message);
    }
}

#[test]
fn sales_value_goal_needs_pixel_and_event_too() {
    let mut v = with_goal("OUTCOME_SALES", "VALUE");
    remove(&mut v, "ad_set.promoted_object");
    let findings = check(&v);
    assert_eq!(
        with_code(&findings, "ad_set.promoted_object_incomplete").len(),
        2,
        "{findings:#?}"
    );
}

#[test]
fn custom_conversion_stands_in_for_pixel_and_event() {
    let mut v = base_json();
    set(
        &mut v,
        "ad_set.promoted_object",
        json!({"custom_conversion_id": "998877665544"}),
    );
    let findings = check(&v);
    expect_none(&findings, "ad_set.promoted_object_incomplete");
    expect_clean(&findings);
}

#[test]
fn offsite_conversions_on_app_events_takes_app_and_store_url_instead_of_pixel() {
    let mut v = base_json();
    set(
        &mut v,
        "ad_set.promoted_object",
        json!({
            "application_id": "284882215",
            "object_store_url": "https://apps.apple.com/us/app/puzzle-quest/id284882215",
            "custom_event_type": "PURCHASE"
        }),
    );
    let findings = check(&v);
    expect_none(&findings, "ad_set.promoted_object_incomplete");
    expect_clean(&findings);
}

#[test]
fn offsite_conversions_on_app_events_without_store_url_is_incomplete() {
    let mut v = base_json();
    set(
        &mut v,
        "ad_set.promoted_object",
        json!({"application_id": "284882215", "custom_event_type": "PURCHASE"}),
    );
    let findings = check(&v);
    expect_one(
        &findings,
        "ad_set.promoted_object_incomplete",
        &format!("{PO}.object_store_url"),
        Severity::Error,
    );
}

// ---------------------------------------------------------------- promoted object: app and page

#[test]
fn app_promotion_without_application_id_is_incomplete_at_application_id() {
    let mut v = app_json();
    remove(&mut v, "ad_set.promoted_object.application_id");
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "ad_set.promoted_object_incomplete",
        &format!("{PO}.application_id"),
        Severity::Error,
    );
    assert!(f.message.contains("OUTCOME_APP_PROMOTION"), "{}", f.message);
}

#[test]
fn app_promotion_without_store_url_is_incomplete_at_object_store_url() {
    let mut v = app_json();
    remove(&mut v, "ad_set.promoted_object.object_store_url");
    let findings = check(&v);
    expect_one(
        &findings,
        "ad_set.promoted_object_incomplete",
        &format!("{PO}.object_store_url"),
        Severity::Error,
    );
}

#[test]
fn app_promotion_with_a_bare_numeric_application_id_is_complete() {
    let mut v = app_json();
    set(
        &mut v,
        "ad_set.promoted_object.application_id",
        json!(284882215),
    );
    let findings = check(&v);
    expect_none(&findings, "ad_set.promoted_object_incomplete");
    expect_none(&findings, "spec.id_malformed");
    expect_clean(&findings);
}

#[test]
fn app_installs_goal_needs_the_app_under_any_objective_that_takes_it() {
    let mut v = with_goal("OUTCOME_ENGAGEMENT", "APP_INSTALLS_AND_OFFSITE_CONVERSIONS");
    set(
        &mut v,
        "ad_set.promoted_object",
        json!({"pixel_id": "1234567890"}),
    );
    let findings = check(&v);
    let mut paths: Vec<&str> = with_code(&findings, "ad_set.promoted_object_incomplete")
        .iter()
        .map(|f| f.path.as_str())
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "ad_set.promoted_object.application_id",
            "ad_set.promoted_object.object_store_url"
        ],
        "{findings:#?}"
    );
}

#[test]
fn awareness_without_page_is_incomplete_at_page_id() {
    let mut v = awareness_json();
    remove(&mut v, "ad_set.promoted_object");
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "ad_set.promoted_object_incomplete",
        &format!("{PO}.page_id"),
        Severity::Error,
    );
    assert!(f.message.contains("OUTCOME_AWARENESS"), "{}", f.message);
}

#[test]
fn lead_generation_without_page_is_incomplete_and_with_page_is_not() {
    let mut v = with_goal("OUTCOME_LEADS", "LEAD_GENERATION");
    remove(&mut v, "ad_set.promoted_object");
    expect_one(
        &check(&v),
        "ad_set.promoted_object_incomplete",
        &format!("{PO}.page_id"),
        Severity::Error,
    );
    set(
        &mut v,
        "ad_set.promoted_object",
        json!({"page_id": "102938475610293"}),
    );
    expect_none(&check(&v), "ad_set.promoted_object_incomplete");
}

#[test]
fn click_and_view_goals_need_no_promoted_object() {
    for (objective, goal) in [
        ("OUTCOME_SALES", "LINK_CLICKS"),
        ("OUTCOME_TRAFFIC", "LANDING_PAGE_VIEWS"),
        ("OUTCOME_ENGAGEMENT", "POST_ENGAGEMENT"),
    ] {
        let mut v = with_goal(objective, goal);
        remove(&mut v, "ad_set.promoted_object");
        let findings = check(&v);
        expect_none(&findings, "ad_set.promoted_object_incomplete");
    }
}

// ---------------------------------------------------------------- promoted object: values

#[test]
fn promoted_object_id_that_is_not_digits_is_malformed_at_that_key() {
    for key in ["pixel_id", "custom_conversion_id", "product_set_id"] {
        let mut v = base_json();
        set(
            &mut v,
            &format!("ad_set.promoted_object.{key}"),
            json!("px-123"),
        );
        let findings = check(&v);
        let f = expect_one(
            &findings,
            "spec.id_malformed",
            &format!("{PO}.{key}"),
            Severity::Error,
        );
        assert!(f.message.contains("px-123"), "{}", f.message);
    }
}

#[test]
fn promoted_object_pixel_id_as_a_bare_number_is_a_graph_id() {
    let mut v = base_json();
    set(&mut v, "ad_set.promoted_object.pixel_id", json!(1234567890));
    let findings = check(&v);
    expect_none(&findings, "spec.id_malformed");
    expect_clean(&findings);
}

#[test]
fn custom_event_type_that_is_not_a_graph_event_is_unknown() {
    for bad in ["BUY", "purchase"] {
        let mut v = base_json();
        set(
            &mut v,
            "ad_set.promoted_object.custom_event_type",
            json!(bad),
        );
        let findings = check(&v);
        let f = expect_one(
            &findings,
            "ad_set.custom_event_unknown",
            &format!("{PO}.custom_event_type"),
            Severity::Error,
        );
        assert!(f.message.contains(bad), "{}", f.message);
        // Written but unknown is not the same as missing.
        expect_none(&findings, "ad_set.promoted_object_incomplete");
    }
}

#[test]
fn common_custom_event_types_are_accepted() {
    for ev in [
        "PURCHASE",
        "LEAD",
        "COMPLETE_REGISTRATION",
        "ADD_TO_CART",
        "INITIATED_CHECKOUT",
    ] {
        let mut v = base_json();
        set(
            &mut v,
            "ad_set.promoted_object.custom_event_type",
            json!(ev),
        );
        let findings = check(&v);
        expect_none(&findings, "ad_set.custom_event_unknown");
        expect_clean(&findings);
    }
}

#[test]
fn custom_event_type_other_without_custom_event_str_is_an_error() {
    let mut v = base_json();
    set(
        &mut v,
        "ad_set.promoted_object.custom_event_type",
        json!("OTHER"),
    );
    let findings = check(&v);
    expect_one(
        &findings,
        "ad_set.custom_event_str_missing",
        &format!("{PO}.custom_event_str"),
        Severity::Error,
    );
}

#[test]
fn custom_event_type_other_with_custom_event_str_is_clean() {
    let mut v = base_json();
    set(
        &mut v,
        "ad_set.promoted_object.custom_event_type",
        json!("OTHER"),
    );
    set(
        &mut v,
        "ad_set.promoted_object.custom_event_str",
        json!("reached_level_10"),
    );
    let findings = check(&v);
    expect_none(&findings, "ad_set.custom_event_str_missing");
    expect_clean(&findings);
}

#[test]
fn store_url_that_is_not_http_is_invalid() {
    for bad in [
        "apps.apple.com/us/app/puzzle-quest/id284882215",
        "itms-apps://apps.apple.com/app/id284882215",
        "market://details?id=com.example.puzzle",
    ] {
        let mut v = app_json();
        set(
            &mut v,
            "ad_set.promoted_object.object_store_url",
            json!(bad),
        );
        let findings = check(&v);
        let f = expect_one(
            &findings,
            "ad_set.store_url_invalid",
            &format!("{PO}.object_store_url"),
            Severity::Error,
        );
        assert!(f.message.contains(bad), "{}", f.message);
    }
}

#[test]
fn store_url_on_app_store_or_google_play_is_valid() {
    for good in [
        "https://apps.apple.com/us/app/puzzle-quest/id284882215",
        "https://play.google.com/store/apps/details?id=com.example.puzzle",
    ] {
        let mut v = app_json();
        set(
            &mut v,
            "ad_set.promoted_object.object_store_url",
            json!(good),
        );
        set(
            &mut v,
            "creative.asset_feed_spec.link_urls",
            json!([{"website_url": good}]),
        );
        let findings = check(&v);
        expect_none(&findings, "ad_set.store_url_invalid");
        expect_clean(&findings);
    }
}

#[test]
fn custom_event_type_other_with_a_blank_custom_event_str_is_an_error() {
    let mut v = base_json();
    set(
        &mut v,
        "ad_set.promoted_object.custom_event_type",
        json!("OTHER"),
    );
    set(
        &mut v,
        "ad_set.promoted_object.custom_event_str",
        json!("  "),
    );
    expect_one(
        &check(&v),
        "ad_set.custom_event_str_missing",
        &format!("{PO}.custom_event_str"),
        Severity::Error,
    );
}

#[test]
fn conversations_goal_needs_the_page_in_promoted_object() {
    let mut v = with_goal("OUTCOME_SALES", "CONVERSATIONS");
    remove(&mut v, "ad_set.promoted_object");
    let findings = check(&v);
    let hits = with_code(&findings, "ad_set.promoted_object_incomplete");
    assert_eq!(hits.len(), 1, "{findings:#?}");
    assert_eq!(hits[0].path, format!("{PO}.page_id"));
    set(
        &mut v,
        "ad_set.promoted_object",
        json!({"page_id": "102938475610293"}),
    );
    expect_none(&check(&v), "ad_set.promoted_object_incomplete");
}
