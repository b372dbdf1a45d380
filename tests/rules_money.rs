//! Minimum daily budgets (`meta-dynamic-creative.md` §2.2): with no account to ask, a budget
//! under the lowest minimum any USD account has for its goal is an error, under the doubled one
//! (accounts in the US, the UK and 22 other countries) a warning; the account's own minimums,
//! when read, are the only bar; a lifetime budget holds the daily minimum for each day.
//!
//! The base spec is the sales example (USD, OFFSITE_CONVERSIONS: $2.50 a day, $5.00 doubled)
//! running 2030-01-04 09:00 to 2030-01-25 09:00 New York time: 21 days.

use crate::common;
use common::rules::*;
use common::*;

use dcw::spec::{Currency, MinimumBudgets, Severity, time_zone, validate};
use rstest::rstest;
use serde_json::Value;

const DAILY: &str = "ad_set.daily_budget";
const LIFETIME: &str = "ad_set.lifetime_budget";
const UNDER: &str = "budget.under_minimum";
const DOUBLED: &str = "budget.under_doubled_minimum";

fn daily(minor: i64) -> Value {
    base_json().without(LIFETIME).with(DAILY, minor)
}

#[rstest]
#[case::fifty_cents_for_conversions(daily(50),
    error(UNDER, DAILY).starts("Budget $0.50 USD a day is under").says("$2.50 USD a day for offsite conversions")
        .hints("at least $2.50 USD"))]
#[case::just_under_the_lowest(daily(249), error(UNDER, DAILY).none(&[DOUBLED]))]
#[case::at_the_lowest_warned_for_doubled_countries(daily(250),
    warning(DOUBLED, DAILY).says("$5.00 USD a day").none(&[UNDER]).no_error())]
#[case::at_the_doubled(daily(500), absent(&[UNDER, DOUBLED]).clean())]
#[case::impressions_take_less(daily(60)
        .with("campaign.objective", "OUTCOME_AWARENESS")
        .with("ad_set.optimization_goal", "IMPRESSIONS")
        .without("ad_set.promoted_object"),
    warning(DOUBLED, DAILY).says("$1.00 USD a day for impressions").none(&[UNDER]))]
// $500 over 21 days is $23.80 a day: above both.
#[case::lifetime_over_the_schedule(base_json(), absent(&[UNDER, DOUBLED]))]
// $40 over 21 days is under $2.50 × 21 = $52.50.
#[case::lifetime_under_the_days(base_json().with(LIFETIME, 4000),
    error(UNDER, LIFETIME).says("for 21 days").says("$52.50 USD over 21 days"))]
#[case::lifetime_under_the_doubled_days(base_json().with(LIFETIME, 6000),
    warning(DOUBLED, LIFETIME).says("$105.00 USD over 21 days").no_error())]
#[case::campaign_budget(base_json().without(LIFETIME).without("ad_set.bid_strategy")
        .with("campaign.daily_budget", 100).with("campaign.bid_strategy", "LOWEST_COST_WITHOUT_CAP"),
    error(UNDER, "campaign.daily_budget").starts("Campaign budget $1.00 USD a day"))]
// A manual bid of $10.00: an ad set optimized for actions needs five times the bid a day (the
// sandbox, like Meta, refuses the ad set otherwise).
#[case::a_bid_raises_the_minimum(daily(2000)
        .with("ad_set.bid_strategy", "LOWEST_COST_WITH_BID_CAP").with("ad_set.bid_amount", 1000),
    error(UNDER, DAILY).says("$50.00 USD a day for offsite conversions with a bid of $10.00 USD")
        .hints("at least $50.00 USD"))]
#[case::a_bid_the_budget_covers(daily(10000)
        .with("ad_set.bid_strategy", "LOWEST_COST_WITH_BID_CAP").with("ad_set.bid_amount", 1000),
    absent(&[UNDER, DOUBLED]))]
// dcw publishes no minimums it cannot source: JPY has no built-in table.
#[case::no_table_for_other_currencies(daily(1).with("currency", "JPY"), absent(&[UNDER, DOUBLED]))]
fn minimum_daily_budgets_offline(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

/// The account's own minimums (as `minimum_budgets` gave them) are the bar: no doubled guess.
#[test]
fn the_accounts_own_minimums_decide_when_known() {
    let usd = Currency::new("USD").unwrap();
    let own = MinimumBudgets {
        currency: usd.clone(),
        impressions: 100,
        high_frequency: 500,
        low_frequency: 8000,
        video_views: 500,
    };
    let check = |minor: i64| {
        let s = spec(&daily(minor));
        let mut f = facts_with_images(&s);
        f.currency = Some(usd.clone());
        f.minimums = Some(own.clone());
        validate(&s, &f)
    };
    let under = check(499);
    let e = expect_one(&under, UNDER, DAILY, Severity::Error);
    assert!(
        e.message.contains("this ad account's minimum"),
        "{}",
        e.message
    );
    assert!(e.message.contains("$5.00 USD a day"), "{}", e.message);
    let at = check(500);
    expect_none(&at, UNDER);
    expect_none(&at, DOUBLED);
}

/// A date and time without an offset is read in the account's zone when it is known, and its
/// hint gives the offset there.
#[test]
fn a_time_without_offset_is_hinted_with_the_accounts_offset() {
    let v = base_json().with("ad_set.start_time", "2030-01-04 09:00");
    let s = spec(&v);
    let mut f = facts_with_images(&s);
    f.time_zone = time_zone("America/New_York");
    let got = validate(&s, &f);
    let e = expect_one(
        &got,
        "ad_set.time_no_offset",
        "ad_set.start_time",
        Severity::Error,
    );
    let hint = e.hint.unwrap_or_default();
    assert!(
        hint.contains("2030-01-04T09:00:00-0500 is 2030-01-04 09:00 America/New_York (UTC-05:00)"),
        "{hint}"
    );
}
