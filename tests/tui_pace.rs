//! The measured figure of issue 16: a buyer typing in the targeting for a simulated minute (the
//! client clock moving 100–150 ms a key) costs Graph at most one read a second, none when
//! nothing changed, and never one the account's rate-limit gate would hold. Each read is
//! charged to the account's gate as the client charges it (`GraphClient::get_in`).

use std::time::Duration;

use crate::common::pace::{ACCOUNT, Sim, draft};
use crossterm::event::KeyCode;
use dcw::graph::{AccessTier, Reported};
use dcw::spec::Step;
use dcw::tui::Msg;
use serde_json::json;

const COUNTRIES: &str = "ad_set.targeting.geo_locations.countries";

/// One round of typing in the targeting: a country found and added, another, both removed,
/// the lower age typed over (each part in its field).
fn round() -> Vec<(&'static str, Vec<KeyCode>)> {
    let mut countries: Vec<KeyCode> = "germany".chars().map(KeyCode::Char).collect();
    countries.push(KeyCode::Enter);
    countries.extend("france".chars().map(KeyCode::Char));
    countries.push(KeyCode::Enter);
    countries.extend([KeyCode::Backspace, KeyCode::Backspace]);
    let age = vec![
        KeyCode::Backspace,
        KeyCode::Backspace,
        KeyCode::Char('2'),
        KeyCode::Char('1'),
    ];
    vec![(COUNTRIES, countries), ("ad_set.targeting.age_min", age)]
}

/// Types `rounds` over and over in their fields for `span` of simulated time, 100–150 ms
/// between keys; the keys pressed.
fn type_rounds(sim: &mut Sim, span: Duration, rounds: &[(&str, Vec<KeyCode>)]) -> usize {
    let end = sim.now() + span;
    let mut n = 0usize;
    loop {
        for (field, keys) in rounds {
            sim.focus(field);
            for key in keys {
                if sim.now() >= end {
                    return n;
                }
                if *key == READS {
                    // The buyer reads the list the search brought.
                    sim.advance(Duration::from_millis(1500));
                    continue;
                }
                // 100–150 ms between keys, varied without randomness.
                sim.advance(Duration::from_millis(100 + (n as u64 * 37) % 51));
                sim.key(*key);
                n += 1;
            }
        }
    }
}

/// Types rounds of [`round`] for `span` of simulated time; the keys pressed.
fn type_for(sim: &mut Sim, span: Duration) -> usize {
    type_rounds(sim, span, &round())
}

fn typing_sim() -> Sim {
    let mut sim = Sim::new(draft());
    sim.settle();
    sim.app.goto(Step::AdSet);
    sim.focus(COUNTRIES);
    sim
}

#[test]
fn a_minute_of_typing_in_the_targeting_sends_at_most_one_read_a_second_and_none_when_nothing_changed()
 {
    let mut sim = typing_sim();
    let before = sim.reads.len();
    let keys = type_for(&mut sim, Duration::from_secs(60));
    let reads = sim.reads.len() - before;
    let max = sim.max_per_second();
    let gap = sim.min_gap().unwrap_or_default();
    if max > 1 {
        let t0 = sim.reads[0].0;
        for (t, b, a) in &sim.reads {
            eprintln!("{:?} {b} {}", *t - t0, a.targeting);
        }
    }
    assert!(
        max <= 1,
        "{max} reads within one second (closest two {gap:?} apart)"
    );
    assert!(reads <= 61, "{reads} reads in a minute");
    assert!(
        reads >= 20,
        "the estimate follows the typing: only {reads} reads"
    );
    // Each read asks something new for its ad set: nothing is sent twice for the same targeting.
    for pair in sim.reads[before..].windows(2) {
        assert_ne!(pair[0].2, pair[1].2, "a read repeated what was asked");
    }
    // Once the typing stops, the last change is estimated, and then nothing more is sent: not
    // in ten quiet seconds, not for thirty keys that change no targeting (the campaign's name).
    sim.settle();
    let settled = sim.reads.len();
    assert!(
        !sim.app.estimate_line("ad_set").stale,
        "the last change was estimated"
    );
    sim.app.goto(Step::Campaign);
    sim.focus("campaign.name");
    for i in 0..30u64 {
        sim.advance(Duration::from_millis(100 + i % 50));
        sim.key(KeyCode::Char('x'));
    }
    sim.settle();
    assert_eq!(sim.reads.len(), settled, "nothing changed: nothing sent");
    assert_eq!(sim.gate_refused, 0, "never sent into a closed gate");
    eprintln!(
        "measured (tui_pace): {keys} keys typed in the targeting over a simulated minute sent \
         {reads} delivery_estimate reads to Graph; at most {max} in any one second (closest two \
         {gap:?} apart); 0 reads for \
         30 keys and 10 s that changed no targeting; 0 reads the account's gate held"
    );
}

#[test]
fn under_the_limited_tier_the_reads_stay_inside_the_accounts_sixty_points() {
    let mut sim = typing_sim();
    // Meta's headers said: Limited tier (60 points per 300 s per ad account), nothing used.
    let now = sim.now();
    sim.app.ctx.gate.observe(
        ACCOUNT,
        Reported {
            pct: 0,
            max_points: Some(AccessTier::Limited.max_points()),
            tier: Some(AccessTier::Limited),
            ..Default::default()
        },
        now,
    );
    let before = sim.reads.len();
    let keys = type_for(&mut sim, Duration::from_secs(90));
    let reads = sim.reads.len() - before;
    assert_eq!(sim.gate_refused, 0, "no read sent that the gate would hold");
    assert!(
        reads <= 60,
        "{reads} reads: more than the window's 60 points"
    );
    assert!(reads >= 50, "the points are used while they last: {reads}");
    let t0 = sim.reads[0].0;
    let stamps: Vec<Duration> = sim.reads.iter().map(|r| r.0 - t0).collect();
    assert!(sim.max_per_second() <= 1, "{stamps:?}");
    // One more change while the points are used up: nothing is sent, and the line says why.
    let fx = sim.app.set_value(COUNTRIES, json!(["JP"]));
    sim.run(fx);
    sim.feed(Msg::Resize(120, 40));
    assert_eq!(sim.reads.len() - before, reads, "held at the gate");
    let l = sim.app.estimate_line("ad_set");
    assert!(
        l.text.contains("rate limit"),
        "the line says why it waits: {l:?}"
    );
    eprintln!(
        "measured (tui_pace, Limited tier): {keys} keys over 90 simulated seconds sent {reads} \
         reads, the account's 60 points for 300 s, and then waited at the gate"
    );
}

/// Not a key: the buyer stops typing to read the answer (1.5 s).
const READS: KeyCode = KeyCode::F(0);

/// One round in the search pickers: a city found by typing and added, removed again, an
/// interest found by typing and added, removed again.
fn picker_round() -> Vec<(&'static str, Vec<KeyCode>)> {
    let typed = |t: &str| t.chars().map(KeyCode::Char).collect::<Vec<_>>();
    let mut city = typed("manch");
    city.extend([READS, KeyCode::Enter, KeyCode::Backspace]);
    let mut interest = typed("runn");
    interest.extend([READS, KeyCode::Enter, KeyCode::Backspace]);
    vec![
        ("ad_set.targeting.geo_locations", city),
        ("ad_set.targeting.flexible_spec[0]", interest),
    ]
}

#[test]
fn a_minute_of_typing_in_the_search_pickers_keeps_searches_and_estimates_together_to_one_a_second()
{
    let mut sim = Sim::new(draft());
    sim.settle();
    sim.app.goto(Step::AdSet);
    let (estimates, searches) = (sim.reads.len(), sim.searches.len());
    let keys = type_rounds(&mut sim, Duration::from_secs(60), &picker_round());
    let estimates = sim.reads.len() - estimates;
    let searches = sim.searches.len() - searches;
    let max = sim.max_per_second();
    let gap = sim.min_gap().unwrap_or_default();
    assert!(
        max <= 1,
        "{max} reads within one second (closest two {gap:?})"
    );
    assert!(
        estimates + searches <= 61,
        "{estimates} estimates and {searches} searches in a minute"
    );
    assert!(searches >= 10, "the pickers searched: {searches}");
    assert!(
        estimates >= 3,
        "the estimate followed the picks: {estimates}"
    );
    assert_eq!(sim.gate_refused, 0, "never sent into a closed gate");
    eprintln!(
        "measured (tui_pace, search pickers): {keys} keys over a simulated minute in Locations \
         and Detailed targeting sent {searches} searches and {estimates} delivery_estimate reads; \
         at most {max} Graph read in any one second (closest two {gap:?} apart); 0 the gate held"
    );
}

#[test]
fn a_search_typed_while_the_accounts_rate_limit_is_used_up_waits_and_says_so() {
    let mut sim = Sim::new(draft());
    sim.settle();
    sim.app.goto(Step::AdSet);
    // Meta's headers said: the account's share is used up.
    let now = sim.now();
    sim.app.ctx.gate.observe(
        ACCOUNT,
        Reported {
            pct: 100,
            max_points: Some(AccessTier::Limited.max_points()),
            tier: Some(AccessTier::Limited),
            ..Default::default()
        },
        now,
    );
    let searches = sim.searches.len();
    sim.focus("ad_set.targeting.geo_locations");
    sim.type_text("manch");
    sim.advance(Duration::from_secs(3));
    assert_eq!(
        sim.searches.len(),
        searches,
        "nothing sent into a used-up gate"
    );
    let screen = crate::common::wizard::render(&sim.app, 120, 40);
    assert!(
        screen.contains("waiting for the account's rate limit"),
        "{screen}"
    );
}
