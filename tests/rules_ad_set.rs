//! Ad set rules (§2 of the reference and the seed guide's step 1): name, dynamic creative flag,
//! status, optimization goal, billing, bidding, budgets, schedule and promoted object.
//!
//! The base spec is OUTCOME_SALES / OFFSITE_CONVERSIONS with a pixel and PURCHASE, a lifetime
//! budget, and an ad set running 2030-01-04 to 2030-01-25; "now" is 2026-11-25 12:00 UTC.
//! One table per rule: each row a spec (the base, edited) and what its findings must hold.

use crate::common;
use common::rules::*;
use common::*;

use rstest::rstest;
use serde_json::{Value, json};

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
    base_json()
        .without("ad_set.lifetime_budget")
        .with("ad_set.daily_budget", 2000)
}

/// The base spec with the budget and the bid strategy on the campaign (Advantage campaign
/// budget) instead of the ad set.
fn cbo_json() -> Value {
    base_json()
        .without("ad_set.lifetime_budget")
        .without("ad_set.bid_strategy")
        .with("campaign.lifetime_budget", 50000)
        .with("campaign.bid_strategy", "LOWEST_COST_WITHOUT_CAP")
}

fn with_goal(objective: &str, goal: &str) -> Value {
    base_json()
        .with("campaign.objective", objective)
        .with("ad_set.optimization_goal", goal)
}

/// The base spec with `ad_set.<key>` set.
fn ad_set(key: &str, value: impl Into<Value>) -> Value {
    base_json().with(&format!("ad_set.{key}"), value)
}

const PO: &str = "ad_set.promoted_object";

fn po(key: &str) -> String {
    format!("{PO}.{key}")
}

// ---------------------------------------------------------------- presence, name, flag, status

#[rstest]
#[case::no_ad_set(base_json().without("ad_set"),
    error("ad_set.missing", "ad_set").none(&["ad_set.name_missing"]))]
#[case::no_name(base_json().without("ad_set.name"),
    error("ad_set.name_missing", "ad_set.name").none(&["ad_set.missing"]))]
#[case::empty_name(ad_set("name", ""),
    error("ad_set.name_missing", "ad_set.name").none(&["ad_set.missing"]))]
#[case::blank_name(ad_set("name", "   "),
    error("ad_set.name_missing", "ad_set.name").none(&["ad_set.missing"]))]
#[case::name_of_401_characters(ad_set("name", "a".repeat(401)),
    error("ad_set.name_too_long", "ad_set.name").says("401"))]
// 400 two-byte characters: 800 bytes, but within Meta's 400-character limit.
#[case::name_of_400_characters_not_bytes(ad_set("name", "é".repeat(400)),
    absent(&["ad_set.name_too_long"]).clean())]
#[case::not_dynamic(
    ad_set("is_dynamic_creative", false),
    error("ad_set.not_dynamic", "ad_set.is_dynamic_creative")
)]
#[case::dynamic(ad_set("is_dynamic_creative", true), absent(&["ad_set.not_dynamic"]).clean())]
#[case::dynamic_left_out(base_json().without("ad_set.is_dynamic_creative"),
    absent(&["ad_set.not_dynamic"]).clean())]
#[case::created_archived(ad_set("status", "ARCHIVED"),
    error("spec.status_invalid", "ad_set.status").says("ARCHIVED"))]
#[case::created_active(ad_set("status", "ACTIVE"), absent(&["spec.status_invalid"]).clean())]
#[case::no_targeting(base_json().without("ad_set.targeting"),
    error("targeting.missing", "ad_set.targeting"))]
#[case::countries_only_targeting(
    ad_set("targeting", json!({"geo_locations": {"countries": ["US"]}})),
    absent(&["targeting.missing"]))]
fn presence_name_flag_status(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------- optimization goal

const GOAL: &str = "ad_set.optimization_goal";

#[rstest]
// Sales does not take app installs.
#[case::missing_hint_lists_the_objectives_goals(base_json().without(GOAL),
    error("ad_set.goal_missing", GOAL)
        .hints("OUTCOME_SALES").hints("OFFSITE_CONVERSIONS").hint_lacks("APP_INSTALLS"))]
#[case::not_a_graph_goal(ad_set("optimization_goal", "CONVERSIONS"),
    error("ad_set.goal_unknown", GOAL)
        .says("CONVERSIONS").none(&["ad_set.goal_missing", "ad_set.goal_not_for_objective"]))]
#[case::awareness_example(awareness_json(), clean())]
#[case::app_example(app_json(), clean())]
#[case::awareness_thruplay_no_guide_warning(with_goal("OUTCOME_AWARENESS", "THRUPLAY"),
    absent(&["ad_set.goal_not_offsite_conversions"]))]
fn optimization_goal(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

/// A goal outside the objective's ODAX list is refused naming both, and is not also nagged
/// about OFFSITE_CONVERSIONS.
#[rstest]
#[case::sales_app_installs("OUTCOME_SALES", "APP_INSTALLS")]
#[case::sales_lead_generation("OUTCOME_SALES", "LEAD_GENERATION")]
#[case::awareness_link_clicks("OUTCOME_AWARENESS", "LINK_CLICKS")]
#[case::traffic_value("OUTCOME_TRAFFIC", "VALUE")]
#[case::engagement_app_installs("OUTCOME_ENGAGEMENT", "APP_INSTALLS")]
#[case::leads_value("OUTCOME_LEADS", "VALUE")]
#[case::app_promotion_offsite_conversions("OUTCOME_APP_PROMOTION", "OFFSITE_CONVERSIONS")]
#[case::app_promotion_reach("OUTCOME_APP_PROMOTION", "REACH")]
fn goal_not_for_objective(#[case] objective: &str, #[case] goal: &str) {
    error("ad_set.goal_not_for_objective", GOAL)
        .says(objective)
        .says(goal)
        .none(&["ad_set.goal_not_offsite_conversions"])
        .check(&with_goal(objective, goal));
}

/// Every goal in the ODAX table is accepted for its objective: §2.3 of the reference, each
/// objective's union over its conversion locations; TRAFFIC also takes OFFSITE_CONVERSIONS
/// because the Dynamic Creative guide asks for it.
#[rstest]
#[case::awareness("OUTCOME_AWARENESS",
    &["AD_RECALL_LIFT", "REACH", "IMPRESSIONS", "THRUPLAY", "TWO_SECOND_CONTINUOUS_VIDEO_VIEWS"])]
#[case::traffic(
    "OUTCOME_TRAFFIC",
    &[
        "LANDING_PAGE_VIEWS", "LINK_CLICKS", "IMPRESSIONS", "REACH", "QUALITY_CALL",
        "OFFSITE_CONVERSIONS",
    ]
)]
#[case::engagement(
    "OUTCOME_ENGAGEMENT",
    &[
        "THRUPLAY", "TWO_SECOND_CONTINUOUS_VIDEO_VIEWS", "POST_ENGAGEMENT", "IMPRESSIONS", "REACH",
        "EVENT_RESPONSES", "CONVERSATIONS", "LINK_CLICKS", "OFFSITE_CONVERSIONS",
        "ONSITE_CONVERSIONS", "LANDING_PAGE_VIEWS", "APP_INSTALLS_AND_OFFSITE_CONVERSIONS",
        "PAGE_LIKES",
    ]
)]
#[case::leads(
    "OUTCOME_LEADS",
    &[
        "OFFSITE_CONVERSIONS", "LANDING_PAGE_VIEWS", "LINK_CLICKS", "IMPRESSIONS", "REACH",
        "LEAD_GENERATION", "QUALITY_LEAD", "QUALITY_CALL", "APP_INSTALLS_AND_OFFSITE_CONVERSIONS",
    ]
)]
#[case::app_promotion("OUTCOME_APP_PROMOTION",
    &["LINK_CLICKS", "APP_INSTALLS", "APP_INSTALLS_AND_OFFSITE_CONVERSIONS", "VALUE"])]
#[case::sales(
    "OUTCOME_SALES",
    &[
        "OFFSITE_CONVERSIONS", "VALUE", "LANDING_PAGE_VIEWS", "LINK_CLICKS", "IMPRESSIONS",
        "REACH", "CONVERSATIONS",
    ]
)]
fn goal_in_the_odax_table(#[case] objective: &str, #[case] goals: &[&str]) {
    for goal in goals {
        let findings = check(&with_goal(objective, goal));
        assert!(
            with_code(&findings, "ad_set.goal_not_for_objective").is_empty(),
            "{objective} should take {goal}: {findings:#?}"
        );
        expect_none(&findings, "ad_set.goal_unknown");
    }
}

/// A goal other than OFFSITE_CONVERSIONS under an objective the guide pins is a warning naming
/// both.
#[rstest]
#[case::sales_link_clicks("OUTCOME_SALES", "LINK_CLICKS")]
#[case::sales_value("OUTCOME_SALES", "VALUE")]
#[case::traffic_landing_page_views("OUTCOME_TRAFFIC", "LANDING_PAGE_VIEWS")]
#[case::engagement_post_engagement("OUTCOME_ENGAGEMENT", "POST_ENGAGEMENT")]
#[case::leads_lead_generation("OUTCOME_LEADS", "LEAD_GENERATION")]
fn goal_not_offsite_conversions(#[case] objective: &str, #[case] goal: &str) {
    warning("ad_set.goal_not_offsite_conversions", GOAL)
        .says("OFFSITE_CONVERSIONS")
        .says(objective)
        .says(goal)
        .none(&["ad_set.goal_not_for_objective"])
        .check(&with_goal(objective, goal));
}

#[rstest]
#[case::sales("OUTCOME_SALES")]
#[case::traffic("OUTCOME_TRAFFIC")]
#[case::engagement("OUTCOME_ENGAGEMENT")]
#[case::leads("OUTCOME_LEADS")]
fn offsite_conversions_under_a_pinned_objective(#[case] objective: &str) {
    absent(&["ad_set.goal_not_offsite_conversions"])
        .check(&with_goal(objective, "OFFSITE_CONVERSIONS"));
}

// ---------------------------------------------------------------- billing event

const BILLING: &str = "ad_set.billing_event";

#[rstest]
#[case::missing(base_json().without(BILLING), error("ad_set.billing_missing", BILLING))]
#[case::not_a_graph_value(ad_set("billing_event", "CPM"),
    error("ad_set.billing_unknown", BILLING).says("CPM").none(&["ad_set.billing_not_for_goal"]))]
#[case::offsite_conversions_on_link_clicks(ad_set("billing_event", "LINK_CLICKS"),
    error("ad_set.billing_not_for_goal", BILLING)
        .says("OFFSITE_CONVERSIONS").says("LINK_CLICKS").hints("IMPRESSIONS"))]
#[case::offsite_conversions_on_purchase(ad_set("billing_event", "PURCHASE"),
    error("ad_set.billing_not_for_goal", BILLING)
        .says("OFFSITE_CONVERSIONS").says("PURCHASE").hints("IMPRESSIONS"))]
#[case::offsite_conversions_on_thruplay(ad_set("billing_event", "THRUPLAY"),
    error("ad_set.billing_not_for_goal", BILLING)
        .says("OFFSITE_CONVERSIONS").says("THRUPLAY").hints("IMPRESSIONS"))]
#[case::link_clicks_on_thruplay(with_goal("OUTCOME_SALES", "LINK_CLICKS").with(BILLING, "THRUPLAY"),
    error("ad_set.billing_not_for_goal", BILLING))]
#[case::thruplay_on_link_clicks(
    with_goal("OUTCOME_AWARENESS", "THRUPLAY").with(BILLING, "LINK_CLICKS"),
    error("ad_set.billing_not_for_goal", BILLING))]
#[case::reach_on_thruplay(with_goal("OUTCOME_AWARENESS", "REACH").with(BILLING, "THRUPLAY"),
    error("ad_set.billing_not_for_goal", BILLING))]
fn billing_event(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

/// Link clicks, ThruPlay and two-second views may be billed on themselves.
#[rstest]
#[case::link_clicks("OUTCOME_SALES", "LINK_CLICKS")]
#[case::thruplay("OUTCOME_AWARENESS", "THRUPLAY")]
#[case::two_second_views("OUTCOME_AWARENESS", "TWO_SECOND_CONTINUOUS_VIDEO_VIEWS")]
fn billing_on_the_goal_itself(#[case] objective: &str, #[case] goal: &str) {
    absent(&["ad_set.billing_not_for_goal", "ad_set.billing_unknown"])
        .check(&with_goal(objective, goal).with(BILLING, goal));
}

/// Impressions billing (the base spec's) is accepted for goals of every objective.
#[rstest]
#[case::sales_value("OUTCOME_SALES", "VALUE")]
#[case::awareness_ad_recall_lift("OUTCOME_AWARENESS", "AD_RECALL_LIFT")]
#[case::engagement_page_likes("OUTCOME_ENGAGEMENT", "PAGE_LIKES")]
#[case::leads_lead_generation("OUTCOME_LEADS", "LEAD_GENERATION")]
#[case::app_promotion_app_installs("OUTCOME_APP_PROMOTION", "APP_INSTALLS")]
#[case::traffic_landing_page_views("OUTCOME_TRAFFIC", "LANDING_PAGE_VIEWS")]
fn billing_on_impressions(#[case] objective: &str, #[case] goal: &str) {
    absent(&["ad_set.billing_not_for_goal"]).check(&with_goal(objective, goal));
}

// ---------------------------------------------------------------- bid strategy and bid amount

const AMOUNT: &str = "ad_set.bid_amount";

#[rstest]
#[case::bid_cap_without_amount(ad_set("bid_strategy", "LOWEST_COST_WITH_BID_CAP"),
    error("ad_set.bid_amount_missing", AMOUNT).says("LOWEST_COST_WITH_BID_CAP"))]
#[case::cost_cap_without_amount(ad_set("bid_strategy", "COST_CAP"),
    error("ad_set.bid_amount_missing", AMOUNT).says("COST_CAP"))]
#[case::bid_cap_with_amount(ad_set("bid_strategy", "LOWEST_COST_WITH_BID_CAP").with(AMOUNT, 350),
    absent(&["ad_set.bid_amount_missing"]).clean())]
#[case::cost_cap_with_amount(ad_set("bid_strategy", "COST_CAP").with(AMOUNT, 350),
    absent(&["ad_set.bid_amount_missing"]).clean())]
// The base spec bids LOWEST_COST_WITHOUT_CAP.
#[case::amount_unused_without_cap(ad_set("bid_amount", 350),
    error("ad_set.bid_amount_unused", AMOUNT).says("LOWEST_COST_WITHOUT_CAP"))]
#[case::amount_without_strategy_warns_meta_picks_bid_cap(
    base_json().without("ad_set.bid_strategy").with(AMOUNT, 350),
    warning("ad_set.bid_amount_implies_bid_cap", AMOUNT)
        .says("LOWEST_COST_WITH_BID_CAP").none(&["ad_set.bid_amount_unused"]))]
#[case::no_strategy_no_amount(base_json().without("ad_set.bid_strategy"),
    absent(&["ad_set.bid_amount_implies_bid_cap", "ad_set.bid_amount_missing"]).clean())]
#[case::amount_zero(ad_set("bid_strategy", "COST_CAP").with(AMOUNT, 0),
    error("ad_set.bid_amount_not_positive", AMOUNT).none(&["ad_set.bid_amount_missing"]))]
#[case::amount_negative(ad_set("bid_strategy", "COST_CAP").with(AMOUNT, -50),
    error("ad_set.bid_amount_not_positive", AMOUNT).none(&["ad_set.bid_amount_missing"]))]
#[case::amount_of_one_minor_unit(ad_set("bid_strategy", "COST_CAP").with(AMOUNT, 1),
    absent(&["ad_set.bid_amount_not_positive"]))]
#[case::min_roas_without_bid_constraints(ad_set("bid_strategy", "LOWEST_COST_WITH_MIN_ROAS"),
    error("ad_set.min_roas_floor_missing", "ad_set.bid_constraints").says("roas_average_floor"))]
#[case::min_roas_with_bid_constraints(ad_set("bid_strategy", "LOWEST_COST_WITH_MIN_ROAS")
        .with("ad_set.bid_constraints", json!({"roas_average_floor": 15000})),
    absent(&["ad_set.min_roas_floor_missing"]).clean())]
#[case::unknown_strategy(ad_set("bid_strategy", "TARGET_COST"),
    error("spec.bid_strategy_unknown", "ad_set.bid_strategy").says("TARGET_COST"))]
fn bid_strategy_and_amount(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

#[rstest]
#[case::without_cap("LOWEST_COST_WITHOUT_CAP")]
#[case::bid_cap("LOWEST_COST_WITH_BID_CAP")]
#[case::cost_cap("COST_CAP")]
#[case::min_roas("LOWEST_COST_WITH_MIN_ROAS")]
fn bid_strategy_known(#[case] strategy: &str) {
    absent(&["spec.bid_strategy_unknown"]).check(&ad_set("bid_strategy", strategy));
}

// ---------------------------------------------------------------- bidding with a campaign budget

#[rstest]
#[case::strategy_on_the_campaign(cbo_json(), clean())]
#[case::ad_set_strategy_belongs_on_the_campaign(
    cbo_json().with("ad_set.bid_strategy", "LOWEST_COST_WITHOUT_CAP"),
    error("ad_set.bid_strategy_with_campaign_budget", "ad_set.bid_strategy"))]
#[case::ad_set_strategy_without_campaign_budget(base_json(),
    absent(&["ad_set.bid_strategy_with_campaign_budget"]))]
#[case::campaign_budget_without_strategy(cbo_json().without("campaign.bid_strategy"),
    absent(&["ad_set.bid_strategy_with_campaign_budget"]))]
#[case::campaign_cost_cap_needs_the_ad_sets_amount(
    cbo_json().with("campaign.bid_strategy", "COST_CAP"),
    error("ad_set.bid_amount_missing", AMOUNT).says("COST_CAP"))]
#[case::campaign_cost_cap_with_the_ad_sets_amount(
    cbo_json().with("campaign.bid_strategy", "COST_CAP").with(AMOUNT, 500),
    absent(&["ad_set.bid_amount_missing", "ad_set.bid_amount_unused"]).clean())]
// The campaign bids LOWEST_COST_WITHOUT_CAP.
#[case::ad_set_amount_under_a_campaign_without_cap(cbo_json().with(AMOUNT, 500),
    error("ad_set.bid_amount_unused", AMOUNT).none(&["ad_set.bid_amount_implies_bid_cap"]))]
#[case::campaign_min_roas_needs_the_ad_sets_constraints(
    cbo_json().with("campaign.bid_strategy", "LOWEST_COST_WITH_MIN_ROAS"),
    error("ad_set.min_roas_floor_missing", "ad_set.bid_constraints"))]
#[case::campaign_min_roas_with_the_ad_sets_constraints(cbo_json()
        .with("campaign.bid_strategy", "LOWEST_COST_WITH_MIN_ROAS")
        .with("ad_set.bid_constraints", json!({"roas_average_floor": 15000})), clean())]
fn bidding_with_a_campaign_budget(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------- budgets

const LIFETIME: &str = "ad_set.lifetime_budget";
const DAILY: &str = "ad_set.daily_budget";

#[rstest]
#[case::none(base_json().without(LIFETIME),
    error("ad_set.budget_missing", DAILY).none(&["ad_set.end_time_required"]))]
#[case::only_daily(daily_json(),
    absent(&["ad_set.budget_missing", "ad_set.budget_both_kinds"]).clean())]
#[case::none_under_a_campaign_budget(cbo_json(), absent(&["ad_set.budget_missing"]))]
#[case::daily_and_lifetime(base_json().with(DAILY, 2000),
    error("ad_set.budget_both_kinds", LIFETIME).none(&["ad_set.budget_missing"]))]
#[case::lifetime_zero(base_json().with(LIFETIME, 0),
    error("ad_set.budget_not_positive", LIFETIME).says("Budget (lifetime)"))]
#[case::daily_negative(daily_json().with(DAILY, -2000),
    error("ad_set.budget_not_positive", DAILY).says("Budget (daily)"))]
#[case::one_minor_unit(base_json().with(LIFETIME, 1), absent(&["ad_set.budget_not_positive"]))]
#[case::quoted(base_json().with(LIFETIME, "50000"), absent(&["ad_set.budget_not_positive"]))]
#[case::lifetime_under_a_campaign_budget(cbo_json().with(LIFETIME, 50000),
    error("ad_set.budget_on_both", LIFETIME))]
#[case::on_the_ad_set_only(base_json(), absent(&["ad_set.budget_on_both"]))]
#[case::on_the_campaign_only(cbo_json(), absent(&["ad_set.budget_on_both"]))]
fn budgets(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

#[test]
fn ad_set_budgets_under_a_campaign_budget_are_refused_at_each_ad_set_budget() {
    let findings = check(&cbo_json().with(DAILY, 2000).with(LIFETIME, 50000));
    let hits = with_code(&findings, "ad_set.budget_on_both");
    let paths: Vec<&str> = hits.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, [DAILY, LIFETIME], "{findings:#?}");
    // The campaign holds the budget, so the ad set's two kinds are not also reported as both.
    expect_none(&findings, "ad_set.budget_both_kinds");
}

// ---------------------------------------------------------------- schedule

const START: &str = "ad_set.start_time";
const END: &str = "ad_set.end_time";

#[rstest]
#[case::start_unreadable(base_json().with(START, "next monday"),
    error("ad_set.time_unreadable", START).says("next monday"))]
// An unreadable end_time is reported once, not also as a missing one.
#[case::end_unreadable(base_json().with(END, "2027-13-45"),
    error("ad_set.time_unreadable", END).none(&["ad_set.end_time_required"]))]
#[case::end_without_offset(base_json().with(END, "2030-01-25T09:00:00"),
    error("ad_set.time_no_offset", END)
        .hints("2030-01-25T09:00:00+0000")
        .none(&["ad_set.time_unreadable", "ad_set.end_time_required"]))]
#[case::start_without_offset(base_json().with(START, "2030-01-04 09:00:00"),
    error("ad_set.time_no_offset", START))]
#[case::dates(base_json().with(START, "2030-01-04").with(END, "2030-01-25"),
    absent(&["ad_set.time_unreadable", "ad_set.time_no_offset"]).clean())]
#[case::z_and_colon_offset(
    base_json().with(START, "2030-01-04T09:00:00Z").with(END, "2030-01-25T09:00:00+00:00"),
    absent(&["ad_set.time_unreadable", "ad_set.time_no_offset"]).clean())]
#[case::zone_name_and_unix_number(
    base_json().with(START, "2030-01-04 09:00:00 EST").with(END, json!(1_894_694_400_i64)),
    absent(&["ad_set.time_unreadable", "ad_set.time_no_offset"]).clean())]
#[case::offset_and_unix_string(
    base_json().with(START, "2030-01-04T09:00:00-0500").with(END, "1894694400"),
    absent(&["ad_set.time_unreadable", "ad_set.time_no_offset"]).clean())]
fn schedule_time_formats(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

#[rstest]
#[case::lifetime_without_end(base_json().without(END), error("ad_set.end_time_required", END))]
#[case::lifetime_end_zero_meaning_ongoing(base_json().with(END, 0),
    error("ad_set.end_time_required", END))]
#[case::lifetime_end_quoted_zero(base_json().with(END, "0"),
    error("ad_set.end_time_required", END))]
#[case::campaign_lifetime_without_end(cbo_json().without(END),
    error("ad_set.end_time_required", END))]
#[case::daily_without_end(daily_json().without(END), absent(&["ad_set.end_time_required"]).clean())]
#[case::daily_end_zero(daily_json().with(END, 0), absent(&["ad_set.end_time_required"]).clean())]
fn schedule_lifetime_end_time(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

#[rstest]
#[case::end_before_start(base_json().with(END, "2030-01-03T09:00:00-0500"),
    error("ad_set.end_before_start", END).none(&["ad_set.end_in_past", "ad_set.schedule_short"]))]
#[case::end_at_start(base_json().with(END, "2030-01-04T09:00:00-0500"),
    error("ad_set.end_before_start", END).none(&["ad_set.end_in_past", "ad_set.schedule_short"]))]
// 08:00 in New York is 13:00 UTC, after a 12:00 UTC start: instants, not clock readings.
#[case::end_compares_instants(
    base_json().with(START, "2030-01-04T12:00:00+0000").with(END, "2030-01-25T08:00:00-0500"),
    absent(&["ad_set.end_before_start"]).clean())]
// Reported as past, not also as before the start.
#[case::end_in_the_past(base_json().with(END, "2026-11-01T00:00:00+0000"),
    error("ad_set.end_in_past", END).none(&["ad_set.end_before_start"]))]
#[case::end_at_now(base_json().with(END, "2026-11-25T12:00:00+0000"),
    error("ad_set.end_in_past", END).none(&["ad_set.end_before_start"]))]
#[case::end_just_after_now(base_json().without(START).with(END, "2026-11-25T13:00:00+0000"),
    absent(&["ad_set.end_in_past", "ad_set.end_before_start"]))]
// A daily budget: a lifetime one would not cover the minimum for a schedule from now to 2030.
#[case::start_in_the_past_is_named(daily_json().with(START, "2026-11-20T09:00:00+0000"),
    warning("ad_set.start_in_past", START).says("2026-11-20").hints("Clear Start").no_error())]
#[case::start_left_out(daily_json().without(START), absent(&["ad_set.start_in_past"]).clean())]
// A start at the very moment of "now" (12:00 UTC, written as 07:00 in New York) or later is
// not in the past.
#[case::start_at_now(base_json().with(START, "2026-11-25T07:00:00-0500"),
    absent(&["ad_set.start_in_past"]))]
#[case::start_after_now(base_json().with(START, "2026-11-25T12:01:00+0000"),
    absent(&["ad_set.start_in_past"]))]
fn schedule_order_and_past(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

#[rstest]
// The error says it all; no extra five-day warning.
#[case::daily_24_hours(daily_json().with(END, "2030-01-05T09:00:00-0500"),
    error("ad_set.daily_window_too_short", END).none(&["ad_set.schedule_short"]))]
#[case::daily_12_hours(daily_json().with(END, "2030-01-04T21:00:00-0500"),
    error("ad_set.daily_window_too_short", END).none(&["ad_set.schedule_short"]))]
#[case::daily_just_over_24_hours(daily_json().with(END, "2030-01-05T10:00:00-0500"),
    absent(&["ad_set.daily_window_too_short"]))]
#[case::campaign_daily_24_hours(cbo_json()
        .without("campaign.lifetime_budget").with("campaign.daily_budget", 2000)
        .with(END, "2030-01-05T09:00:00-0500"),
    error("ad_set.daily_window_too_short", END))]
#[case::lifetime_24_hours_only_warned_short(base_json().with(END, "2030-01-05T09:00:00-0500"),
    warning("ad_set.schedule_short", END).none(&["ad_set.daily_window_too_short"]))]
#[case::shorter_than_five_days_gives_its_hours(base_json().with(END, "2030-01-08T09:00:00-0500"),
    warning("ad_set.schedule_short", END).says("96 hours").no_error())]
#[case::longer_than_five_days(base_json().with(END, "2030-01-10T09:00:00-0500"),
    absent(&["ad_set.schedule_short"]).clean())]
// now is 2026-11-25 12:00 UTC; an end three days later is a short run.
#[case::without_start_measured_from_now(
    base_json().without(START).with(END, "2026-11-28T12:00:00+0000"),
    warning("ad_set.schedule_short", END).says("72 hours"))]
fn schedule_window_length(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------- promoted object

const INCOMPLETE: &str = "ad_set.promoted_object_incomplete";

#[rstest]
#[case::sales_offsite_conversions_without_pixel(base_json().without(&po("pixel_id")),
    error(INCOMPLETE, po("pixel_id"))
        .says("OUTCOME_SALES").says("OFFSITE_CONVERSIONS").starts("Pixel is missing"))]
#[case::offsite_conversions_without_event_type(base_json().without(&po("custom_event_type")),
    error(INCOMPLETE, po("custom_event_type")).starts("Conversion event is missing"))]
#[case::custom_conversion_stands_in_for_pixel_and_event(
    ad_set("promoted_object", json!({"custom_conversion_id": "998877665544"})),
    absent(&[INCOMPLETE]).clean())]
#[case::app_events_take_app_and_store_url_instead_of_pixel(
    ad_set("promoted_object", json!({
        "application_id": "284882215",
        "object_store_url": "https://apps.apple.com/us/app/puzzle-quest/id284882215",
        "custom_event_type": "PURCHASE"
    })),
    absent(&[INCOMPLETE]).clean()
)]
#[case::app_events_without_store_url(
    ad_set(
        "promoted_object",
        json!({"application_id": "284882215", "custom_event_type": "PURCHASE"})
    ),
    error(INCOMPLETE, po("object_store_url"))
)]
#[case::app_promotion_without_application_id(app_json().without(&po("application_id")),
    error(INCOMPLETE, po("application_id")).says("OUTCOME_APP_PROMOTION"))]
#[case::app_promotion_without_store_url(app_json().without(&po("object_store_url")),
    error(INCOMPLETE, po("object_store_url")))]
#[case::app_promotion_with_a_bare_numeric_application_id(
    app_json().with(&po("application_id"), 284882215),
    absent(&[INCOMPLETE, "spec.id_malformed"]).clean())]
#[case::awareness_without_page(awareness_json().without(PO),
    error(INCOMPLETE, po("page_id")).says("OUTCOME_AWARENESS"))]
#[case::lead_generation_without_page(with_goal("OUTCOME_LEADS", "LEAD_GENERATION").without(PO),
    error(INCOMPLETE, po("page_id")))]
#[case::lead_generation_with_page(
    with_goal("OUTCOME_LEADS", "LEAD_GENERATION").with(PO, json!({"page_id": "102938475610293"})),
    absent(&[INCOMPLETE]))]
#[case::conversations_without_page(with_goal("OUTCOME_SALES", "CONVERSATIONS").without(PO),
    error(INCOMPLETE, po("page_id")))]
#[case::conversations_with_page(
    with_goal("OUTCOME_SALES", "CONVERSATIONS").with(PO, json!({"page_id": "102938475610293"})),
    absent(&[INCOMPLETE]))]
fn promoted_object(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

/// Leads, traffic and engagement with OFFSITE_CONVERSIONS also need the pixel.
#[rstest]
#[case::leads("OUTCOME_LEADS")]
#[case::traffic("OUTCOME_TRAFFIC")]
#[case::engagement("OUTCOME_ENGAGEMENT")]
fn offsite_conversions_need_the_pixel(#[case] objective: &str) {
    error(INCOMPLETE, po("pixel_id"))
        .says(objective)
        .check(&with_goal(objective, "OFFSITE_CONVERSIONS").without(&po("pixel_id")));
}

/// Click and view goals need no promoted object.
#[rstest]
#[case::sales_link_clicks("OUTCOME_SALES", "LINK_CLICKS")]
#[case::traffic_landing_page_views("OUTCOME_TRAFFIC", "LANDING_PAGE_VIEWS")]
#[case::engagement_post_engagement("OUTCOME_ENGAGEMENT", "POST_ENGAGEMENT")]
fn click_and_view_goals_without_promoted_object(#[case] objective: &str, #[case] goal: &str) {
    absent(&[INCOMPLETE]).check(&with_goal(objective, goal).without(PO));
}

/// The paths of the `promoted_object_incomplete` findings, sorted.
fn incomplete_paths(v: &Value) -> Vec<String> {
    let findings = check(v);
    let mut paths: Vec<String> = with_code(&findings, INCOMPLETE)
        .iter()
        .map(|f| f.path.clone())
        .collect();
    paths.sort();
    paths
}

#[test]
fn offsite_conversions_without_promoted_object_needs_pixel_and_event() {
    let paths = incomplete_paths(&base_json().without(PO));
    assert_eq!(paths, [po("custom_event_type"), po("pixel_id")]);
}

#[test]
fn sales_value_goal_needs_pixel_and_event_too() {
    let findings = check(&with_goal("OUTCOME_SALES", "VALUE").without(PO));
    assert_eq!(with_code(&findings, INCOMPLETE).len(), 2, "{findings:#?}");
}

#[test]
fn app_installs_goal_needs_the_app_under_any_objective_that_takes_it() {
    let v = with_goal("OUTCOME_ENGAGEMENT", "APP_INSTALLS_AND_OFFSITE_CONVERSIONS")
        .with(PO, json!({"pixel_id": "1234567890"}));
    let paths = incomplete_paths(&v);
    assert_eq!(paths, [po("application_id"), po("object_store_url")]);
}

// ---------------------------------------------------------------- promoted object: values

/// A promoted object id that is not digits is malformed at that key, quoted in the message.
#[rstest]
#[case::pixel_id("pixel_id")]
#[case::custom_conversion_id("custom_conversion_id")]
#[case::product_set_id("product_set_id")]
fn promoted_object_id_malformed(#[case] key: &str) {
    error("spec.id_malformed", po(key))
        .says("px-123")
        .check(&base_json().with(&po(key), "px-123"));
}

const EVENT: &str = "ad_set.promoted_object.custom_event_type";
const EVENT_STR: &str = "ad_set.promoted_object.custom_event_str";
const STORE_URL: &str = "ad_set.promoted_object.object_store_url";

#[rstest]
#[case::pixel_id_as_a_bare_number(base_json().with(&po("pixel_id"), 1234567890),
    absent(&["spec.id_malformed"]).clean())]
// Written but unknown is not the same as missing.
#[case::event_type_buy(base_json().with(EVENT, "BUY"),
    error("ad_set.custom_event_unknown", EVENT).says("BUY").none(&[INCOMPLETE]))]
#[case::event_type_lower_case(base_json().with(EVENT, "purchase"),
    error("ad_set.custom_event_unknown", EVENT).says("purchase").none(&[INCOMPLETE]))]
#[case::other_without_custom_event_str(base_json().with(EVENT, "OTHER"),
    error("ad_set.custom_event_str_missing", EVENT_STR))]
#[case::other_with_custom_event_str(
    base_json().with(EVENT, "OTHER").with(EVENT_STR, "reached_level_10"),
    absent(&["ad_set.custom_event_str_missing"]).clean())]
#[case::other_with_a_blank_custom_event_str(base_json().with(EVENT, "OTHER").with(EVENT_STR, "  "),
    error("ad_set.custom_event_str_missing", EVENT_STR))]
fn promoted_object_values(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

#[rstest]
#[case::purchase("PURCHASE")]
#[case::lead("LEAD")]
#[case::complete_registration("COMPLETE_REGISTRATION")]
#[case::add_to_cart("ADD_TO_CART")]
#[case::initiated_checkout("INITIATED_CHECKOUT")]
fn custom_event_type_known(#[case] event: &str) {
    absent(&["ad_set.custom_event_unknown"])
        .clean()
        .check(&base_json().with(EVENT, event));
}

/// A store URL that is not http(s) is invalid, quoted in the message.
#[rstest]
#[case::no_scheme("apps.apple.com/us/app/puzzle-quest/id284882215")]
#[case::itms_apps("itms-apps://apps.apple.com/app/id284882215")]
#[case::market("market://details?id=com.example.puzzle")]
fn store_url_invalid(#[case] bad: &str) {
    error("ad_set.store_url_invalid", STORE_URL)
        .says(bad)
        .check(&app_json().with(STORE_URL, bad));
}

/// A store URL on the App Store or Google Play is valid (and the ad's one link).
#[rstest]
#[case::app_store("https://apps.apple.com/us/app/puzzle-quest/id284882215")]
#[case::google_play("https://play.google.com/store/apps/details?id=com.example.puzzle")]
fn store_url_valid(#[case] good: &str) {
    let v = app_json().with(STORE_URL, good).with(
        "creative.asset_feed_spec.link_urls",
        json!([{"website_url": good}]),
    );
    absent(&["ad_set.store_url_invalid"]).clean().check(&v);
}
