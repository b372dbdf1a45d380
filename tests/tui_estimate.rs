//! The audience size beside the targeting (`tui::model::estimate`): Meta's delivery estimate of
//! each ad set, asked when its targeting, goal or account changes, through the one lane of
//! targeting reads; its states in words (estimating, the estimate, too narrow, unavailable), an
//! answer for older targeting kept greyed as "updating…", one line per ad set on Review, and no
//! read while the account's rate-limit gate would hold it.

use std::time::Duration;

use crate::common::pace::{ACCOUNT, Sim, draft, estimate};
use crate::common::wizard::render;
use crossterm::event::KeyCode;
use dcw::graph::DeliveryEstimate;
use dcw::spec::Step;
use dcw::tui::{EstimateAsk, form};
use serde_json::{Value, json};

const COUNTRIES: &str = "ad_set.targeting.geo_locations.countries";

fn line(sim: &Sim, base: &str) -> String {
    sim.app.estimate_line(base).text
}

fn without(mut d: Value, path: &str) -> Value {
    form::remove(&mut d, path);
    d
}

fn with(mut d: Value, path: &str, v: Value) -> Value {
    assert!(form::set(&mut d, path, v), "{path}");
    d
}

#[test]
fn a_located_targeting_asks_metas_estimate_with_the_ad_sets_goal_and_is_shown_in_words() {
    let mut sim = Sim::new(draft());
    assert_eq!(sim.reads.len(), 1, "one read once the account is known");
    let (_, base, ask) = &sim.reads[0];
    assert_eq!(base, "ad_set");
    assert_eq!(ask.account, ACCOUNT);
    assert_eq!(ask.goal, "LINK_CLICKS");
    assert_eq!(ask.targeting["geo_locations"]["countries"], json!(["US"]));
    assert_eq!(ask.targeting["age_min"], json!(18));
    assert_eq!(ask.promoted_object, None);
    assert_eq!(line(&sim, "ad_set"), "Estimating the audience size…");
    sim.settle();
    assert_eq!(
        line(&sim, "ad_set"),
        "Audience ≈ 1.2M–1.4M people a month · 310–890 daily results at $50.00 USD a day"
    );
    assert!(!sim.app.estimate_line("ad_set").stale);
    assert_eq!(sim.reads.len(), 1, "nothing changed: no second read");
    assert_eq!(sim.gate_refused, 0);
    // Step 4 shows it beside the targeting.
    sim.app.goto(Step::AdSet);
    let field = sim.app.fields().into_iter().find(|f| f.id == "#estimate");
    assert_eq!(
        field.map(|f| f.help),
        Some(line(&sim, "ad_set")),
        "the Info line under the targeting"
    );
}

#[test]
fn nothing_is_sent_without_an_account_a_location_or_a_goal_and_the_line_says_what_to_add() {
    for (d, want) in [
        (
            without(draft(), "account_id"),
            "Pick the ad account to see the audience size",
        ),
        (
            with(draft(), COUNTRIES, json!([])),
            "Add a location to see the audience size",
        ),
        (
            without(draft(), "ad_set.optimization_goal"),
            "Choose the optimization goal to see the audience size",
        ),
    ] {
        let mut sim = Sim::new(d);
        sim.settle();
        assert!(sim.reads.is_empty(), "{want}: {:?}", sim.reads);
        assert_eq!(line(&sim, "ad_set"), want);
    }
}

#[test]
fn a_city_alone_is_a_location() {
    let d = with(
        draft(),
        "ad_set.targeting.geo_locations",
        json!({"cities": [{"key": "2420379", "radius": 10, "distance_unit": "mile"}]}),
    );
    let mut sim = Sim::new(d);
    sim.settle();
    assert_eq!(sim.reads.len(), 1);
    assert_eq!(
        sim.reads[0].2.targeting["geo_locations"]["cities"][0]["key"],
        json!("2420379")
    );
}

#[test]
fn a_changed_targeting_is_estimated_again_and_the_older_answer_shows_greyed_as_updating() {
    let mut sim = Sim::new(draft());
    sim.settle();
    sim.app.goto(Step::AdSet);
    sim.focus(COUNTRIES);
    sim.type_text("germany");
    assert_eq!(sim.reads.len(), 1, "typing a search changes no targeting");
    sim.key(KeyCode::Enter);
    assert_eq!(
        form::get(&sim.app.draft, COUNTRIES),
        Some(&json!(["US", "DE"]))
    );
    assert_eq!(
        sim.reads.len(),
        2,
        "the lane was free: the read went at once"
    );
    assert_eq!(
        sim.reads[1].2.targeting["geo_locations"]["countries"],
        json!(["US", "DE"])
    );
    let l = sim.app.estimate_line("ad_set");
    assert!(l.stale, "{l:?}");
    assert!(l.text.starts_with("Audience ≈ 1.2M–1.4M"), "{l:?}");
    assert!(l.text.ends_with(" · updating…"), "{l:?}");
    sim.advance(Duration::from_secs(1));
    let l = sim.app.estimate_line("ad_set");
    assert!(!l.stale && !l.text.contains("updating"), "{l:?}");
}

#[test]
fn a_slow_answer_for_targeting_changed_since_is_not_taken_as_current() {
    let mut sim = Sim::new(draft());
    sim.settle();
    sim.latency = Duration::from_secs(3);
    sim.app.goto(Step::AdSet);
    sim.focus(COUNTRIES);
    sim.type_text("germany");
    sim.key(KeyCode::Enter);
    assert_eq!(sim.reads.len(), 2);
    // Germany goes again while its read is on its way: the next read waits for the answer.
    sim.advance(Duration::from_millis(1500));
    sim.key(KeyCode::Backspace);
    assert_eq!(form::get(&sim.app.draft, COUNTRIES), Some(&json!(["US"])));
    assert_eq!(sim.reads.len(), 2, "one read on its way at a time");
    sim.advance(Duration::from_millis(1600));
    // The answer for US+DE came: shown, but for older targeting, and the US is asked again.
    let l = sim.app.estimate_line("ad_set");
    assert!(l.stale && l.text.ends_with("updating…"), "{l:?}");
    assert_eq!(sim.reads.len(), 3);
    assert_eq!(
        sim.reads[2].2.targeting["geo_locations"]["countries"],
        json!(["US"])
    );
    sim.settle();
    assert!(!sim.app.estimate_line("ad_set").stale);
}

fn answered_with(answer: fn(&EstimateAsk) -> Result<Option<DeliveryEstimate>, String>) -> String {
    let mut sim = Sim::answering(draft(), answer);
    sim.settle();
    line(&sim, "ad_set")
}

#[test]
fn too_narrow_unavailable_and_no_daily_results_are_said_in_words() {
    let narrow = answered_with(|_| {
        let mut e = estimate();
        e.estimate_mau_lower_bound = Some(400);
        e.estimate_mau_upper_bound = Some(900);
        Ok(Some(e))
    });
    assert_eq!(narrow, "Too narrow: fewer than 1,000 people");
    let failed = answered_with(|_| {
        Err("Invalid parameter\u{1b}[2J: Your audience is too broad (code 100/1885364)".into())
    });
    assert!(
        failed.starts_with("Audience size unavailable: Invalid parameter"),
        "{failed}"
    );
    assert!(!failed.contains('\u{1b}'), "sanitised: {failed:?}");
    let none = answered_with(|_| Ok(None));
    assert_eq!(none, "Audience size unavailable: Meta gave no estimate");
    // Meta's "no confident prediction": one point of zeros.
    let zeros = answered_with(|_| {
        let mut e = estimate();
        e.daily_outcomes_curve.truncate(1);
        Ok(Some(e))
    });
    assert_eq!(
        zeros,
        "Audience ≈ 1.2M–1.4M people a month · Meta gives no daily results for this targeting yet"
    );
    let mut sim = Sim::new(without(draft(), "ad_set.daily_budget"));
    sim.settle();
    assert_eq!(
        line(&sim, "ad_set"),
        "Audience ≈ 1.2M–1.4M people a month · set a budget (and, for a lifetime budget, the dates) to see daily results"
    );
    // A lifetime budget of $350 over 7 days is read as $50 a day.
    let lifetime = without(draft(), "ad_set.daily_budget");
    let lifetime = with(lifetime, "ad_set.lifetime_budget", json!(35_000));
    let lifetime = with(
        lifetime,
        "ad_set.start_time",
        json!("2030-01-01T09:00:00-0500"),
    );
    let lifetime = with(
        lifetime,
        "ad_set.end_time",
        json!("2030-01-08T09:00:00-0500"),
    );
    let mut sim = Sim::new(lifetime);
    sim.settle();
    assert_eq!(
        line(&sim, "ad_set"),
        "Audience ≈ 1.2M–1.4M people a month · 310–890 daily results at $50.00 USD a day"
    );
}

#[test]
fn each_audience_is_estimated_in_turn_one_read_a_second_and_shown_on_review() {
    let d = with(
        draft(),
        "audiences",
        json!([
            {"name": "Germany", "targeting": {"geo_locations": {"countries": ["DE"]}, "age_min": 25, "age_max": 54}},
            {"name": "France", "targeting": {"geo_locations": {"countries": ["FR"]}, "age_min": 25, "age_max": 54}}
        ]),
    );
    let mut sim = Sim::new(d);
    sim.settle();
    let bases: Vec<&str> = sim.reads.iter().map(|(_, b, _)| b.as_str()).collect();
    assert_eq!(bases, ["ad_set", "audiences[0]", "audiences[1]"]);
    for pair in sim.reads.windows(2) {
        assert!(
            pair[1].0 - pair[0].0 >= Duration::from_secs(1),
            "a second apart"
        );
    }
    assert_eq!(
        sim.reads[1].2.targeting["geo_locations"]["countries"],
        json!(["DE"])
    );
    assert_eq!(sim.reads[2].2.targeting["age_min"], json!(25));
    sim.app.goto(Step::AdSet);
    let ids: Vec<String> = sim
        .app
        .fields()
        .into_iter()
        .map(|f| f.id)
        .filter(|id| id.starts_with("#estimate"))
        .collect();
    assert_eq!(ids, ["#estimate", "#estimate0", "#estimate1"]);
    sim.app.goto(Step::Review);
    let screen = render(&sim.app, 120, 40);
    for name in ["Germany", "France"] {
        assert!(
            screen.contains(&format!(
                "{name}: Audience ≈ 1.2M–1.4M people a month · 310–890 daily results"
            )),
            "{name} on Review:\n{screen}"
        );
    }
}

#[test]
fn no_read_goes_while_the_accounts_gate_holds_it_and_it_goes_when_the_gate_opens() {
    let mut sim = Sim::new(draft());
    sim.settle();
    let now = sim.now();
    sim.app
        .ctx
        .gate
        .pause(ACCOUNT, Duration::from_secs(30), now);
    sim.app.goto(Step::AdSet);
    sim.focus(COUNTRIES);
    sim.type_text("germany");
    sim.key(KeyCode::Enter);
    assert_eq!(sim.reads.len(), 1, "held by the gate: nothing sent");
    assert!(
        line(&sim, "ad_set").contains("rate limit"),
        "{}",
        line(&sim, "ad_set")
    );
    sim.advance(Duration::from_secs(28));
    assert_eq!(sim.reads.len(), 1, "still held");
    sim.advance(Duration::from_secs(3));
    assert_eq!(sim.reads.len(), 2, "the gate opened: the read went");
    assert_eq!(sim.gate_refused, 0, "never sent into a closed gate");
}
