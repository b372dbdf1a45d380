//! The wizard's money and time (issue 15): the budget field shows the minimum the account's
//! `minimum_budgets` gave and Next refuses less; a start typed as `2026-12-20 09:00` is read in
//! the account's time zone, stored with its offset and shown with the zone; Review shows what
//! the schedule can spend.

use crate::common;

use common::wizard::*;
use crossterm::event::KeyCode;
use dcw::graph::MinimumBudget;
use dcw::spec::Step;
use dcw::tui::{Msg, form};
use serde_json::{Value, json};

/// The sales example without audiences, with a $4.00 daily budget and no start.
fn draft() -> Value {
    let text = std::fs::read_to_string(examples_dir().join("sales-winter-boots.json")).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    let m = v.as_object_mut().unwrap();
    m.remove("audiences");
    let set = v["ad_set"].as_object_mut().unwrap();
    set.remove("lifetime_budget");
    set.remove("start_time");
    set.insert("daily_budget".into(), json!(400));
    v
}

/// The USD account's minimums as `minimum_budgets` answers them: $5.00 a day for actions.
fn account_minimums() -> Msg {
    Msg::Minimums(
        "1234567890".into(),
        Ok(Some(MinimumBudget {
            currency: "USD".into(),
            min_daily_budget_imp: Some(100),
            min_daily_budget_high_freq: Some(500),
            min_daily_budget_low_freq: Some(8000),
            min_daily_budget_video_views: Some(500),
        })),
    )
}

#[test]
fn the_budget_field_shows_the_accounts_minimum_and_next_refuses_less() {
    let mut app = opened_value(draft());
    // The account is known at start: its minimums were asked for, once, in the background.
    assert!(
        app.ctx.minimums.contains_key("1234567890"),
        "the read is under way"
    );
    assert!(app.minimum_reads().is_empty(), "read once per account");
    answer_msg(&mut app, account_minimums());
    goto(&mut app, Step::AdSet);
    focus(&mut app, "ad_set.daily_budget");
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("At least $5.00 USD a day for offsite conversions (this account's"),
        "{screen}"
    );
    press(&mut app, KeyCode::PageDown);
    assert_eq!(
        app.step,
        Step::AdSet,
        "Next refuses a budget under the minimum"
    );
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("Budget $4.00 USD a day is under this ad account's minimum"),
        "{screen}"
    );
}

#[test]
fn a_start_typed_in_the_accounts_zone_is_stored_with_its_offset_and_shown_with_the_zone() {
    let mut app = opened_value(draft());
    goto(&mut app, Step::AdSet);
    focus(&mut app, "ad_set.start_time");
    type_text(&mut app, "2026-12-20 09:00");
    press(&mut app, KeyCode::Tab);
    assert_eq!(
        form::get(&app.draft, "ad_set.start_time"),
        Some(&json!("2026-12-20T09:00:00-0500")),
        "sent with its offset"
    );
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("Start date            2026-12-20 09:00 America/New_York (UTC-05:00)"),
        "{screen}"
    );
    assert!(!screen.contains("not a time Graph reads"), "{screen}");
}

#[test]
fn review_shows_what_the_schedule_can_spend() {
    let mut app = opened_value(draft());
    answer_msg(&mut app, account_minimums());
    goto(&mut app, Step::Review);
    let screen = render(&app, 120, 40);
    // No start: from now (2026-11-25 in the tests) to 2030-01-25 09:00 New York time.
    assert!(
        screen.contains("Can spend   Winter Sale: $4.00 USD a day × 1158 days = $4,632.00 USD"),
        "{screen}"
    );
}

#[test]
fn text_that_cannot_be_stored_shows_only_why_not_never_a_finding_about_the_stale_value() {
    // Typing 4e commits 4 ($4.00, under the $5.00 minimum) on the way, then keeps "4e" as
    // text. The field shows 4e: a message about "$4.00" (or, for ages, "Age from is 99" under
    // "abc") speaks of a value the buyer no longer sees.
    let mut app = opened_value(draft());
    answer_msg(&mut app, account_minimums());
    goto(&mut app, Step::AdSet);
    focus(&mut app, "ad_set.daily_budget");
    type_text(&mut app, "4e");
    press(&mut app, KeyCode::Tab);
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("\"4e\" is not an amount in USD"),
        "{screen}"
    );
    assert!(
        !screen.contains("under this ad account's minimum"),
        "a finding about the stale budget is shown beside 4e: {screen}"
    );
    focus(&mut app, "ad_set.targeting.age_min");
    type_text(&mut app, "99");
    press(&mut app, KeyCode::Tab);
    focus(&mut app, "ad_set.targeting.age_min");
    type_text(&mut app, "abc");
    press(&mut app, KeyCode::Tab);
    let screen = render(&app, 120, 40);
    assert!(screen.contains("\"abc\" is not a whole number"), "{screen}");
    assert!(!screen.contains("Age from is 99"), "{screen}");
}
