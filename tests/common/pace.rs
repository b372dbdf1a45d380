//! A wizard driven on simulated time, as the runner would drive it: the client clock moves,
//! each `Effect::PaceAfter` comes back as `Msg::PaceDue` when due, and each Graph read the
//! targeting lane sends is recorded, charged to the account's gate as the client charges it, and
//! answered with a canned estimate after a simulated latency.
#![allow(dead_code)]

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcw::graph::{Clock, DeliveryEstimate, SearchHits, SearchKind};
use dcw::tui::form;
use dcw::tui::{App, Ctx, Effect, EstimateAsk, KeyMap, Msg};
use serde_json::{Value, json};

use super::wizard::{accounts, pages, pixels};

/// The ad account of the drafts here (digits, as the gate knows it).
pub const ACCOUNT: &str = "1234567890";

/// A traffic launch on the USD demo account: $50 a day, ages 18–65, the United States.
pub fn draft() -> Value {
    let mut d = dcw::tui::empty_draft();
    for (path, v) in [
        ("account_id", json!("act_1234567890")),
        ("page_id", json!("102938475610293")),
        ("campaign.name", json!("Winter Sale DC")),
        ("campaign.objective", json!("OUTCOME_TRAFFIC")),
        ("ad_set.name", json!("US adults")),
        ("ad_set.optimization_goal", json!("LINK_CLICKS")),
        ("ad_set.daily_budget", json!(5000)),
        ("ad_set.targeting.geo_locations.countries", json!(["US"])),
    ] {
        assert!(form::set(&mut d, path, v), "{path}");
    }
    d
}

/// What Meta answers in these tests: 1.2M–1.4M people a month, 310 results at $25 a day and
/// 890 at $75 (spend in the account's minor units).
pub fn estimate() -> DeliveryEstimate {
    serde_json::from_value(json!({
        "estimate_mau_lower_bound": 1_200_000,
        "estimate_mau_upper_bound": 1_400_000,
        "estimate_dau": 300_000,
        "estimate_ready": true,
        "daily_outcomes_curve": [
            {"spend": 0, "reach": 0, "impressions": 0, "actions": 0},
            {"spend": 2500, "reach": 21000, "impressions": 40000, "actions": 310},
            {"spend": 7500, "reach": 52000, "impressions": 98000, "actions": 890}
        ]
    }))
    .unwrap()
}

pub struct Sim {
    pub app: App,
    pub clock: Clock,
    /// When each scheduled `PaceDue` comes.
    pub wakes: Vec<Instant>,
    /// Answers on their way: when they arrive, and the message.
    pub pending: Vec<(Instant, Msg)>,
    /// Every Graph read sent: when, for which ad set, what it asked.
    pub reads: Vec<(Instant, String, EstimateAsk)>,
    /// How long Graph takes to answer.
    pub latency: Duration,
    /// What Graph answers.
    pub answer: fn(&EstimateAsk) -> Result<Option<DeliveryEstimate>, String>,
    /// Reads the account's gate refused when the client would have sent them.
    pub gate_refused: usize,
    /// Every targeting search sent (`GET /search`), when the lane let it go.
    pub searches: Vec<Instant>,
}

impl Sim {
    /// The wizard on `draft`, with the demo accounts and Pages loaded.
    pub fn new(draft: Value) -> Sim {
        Sim::answering(draft, |_| Ok(Some(estimate())))
    }

    /// The same, with Graph answering every read with `answer`.
    pub fn answering(
        draft: Value,
        answer: fn(&EstimateAsk) -> Result<Option<DeliveryEstimate>, String>,
    ) -> Sim {
        let app = App::new(
            draft,
            "test-draft".into(),
            Ctx::new(true, "v26.0"),
            KeyMap::default(),
        );
        let clock = app.ctx.clock.clone();
        let mut sim = Sim {
            app,
            clock,
            wakes: Vec::new(),
            pending: Vec::new(),
            reads: Vec::new(),
            latency: Duration::from_millis(300),
            answer,
            gate_refused: 0,
            searches: Vec::new(),
        };
        let fx = sim.app.start();
        sim.run(fx);
        sim
    }

    pub fn now(&self) -> Instant {
        self.clock.now()
    }

    pub fn feed(&mut self, msg: Msg) {
        let fx = self.app.update(msg);
        self.run(fx);
    }

    pub fn key(&mut self, code: KeyCode) {
        self.feed(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    /// Focuses the field `id` of this step, or Tabs until it has the focus.
    pub fn focus(&mut self, id: &str) {
        // A field of this step is focused directly (Tab from it could leave the step).
        if let Some(i) = self.app.fields().iter().position(|f| f.id == id) {
            self.app.focus_at(i);
            return;
        }
        for _ in 0..60 {
            if self.app.focus == id {
                return;
            }
            self.key(KeyCode::Tab);
        }
        panic!("never reached {id}; at {}", self.app.focus);
    }

    /// Runs effects as the runner would, on simulated time.
    pub fn run(&mut self, fx: Vec<Effect>) {
        let now = self.now();
        for e in fx {
            match e {
                Effect::LoadAccounts => self.feed(Msg::Accounts(Ok(accounts()))),
                Effect::LoadPages => self.feed(Msg::Pages(Ok(pages()))),
                Effect::LoadPixels(a) => self.feed(Msg::Pixels(a, Ok(pixels()))),
                Effect::PaceAfter(d) => self.wakes.push(now + d),
                Effect::LoadCategories(a) => self.feed(Msg::Categories(a, Ok(Vec::new()))),
                Effect::LoadAudiences(a) => self.feed(Msg::Audiences(a, Ok(Vec::new()))),
                Effect::Search(ask) => {
                    let wait = self.app.ctx.gate.try_acquire(&ask.account, 1, now);
                    if !wait.is_zero() {
                        self.gate_refused += 1;
                    }
                    self.searches
                        .push(self.app.model.pace.last_sent().unwrap_or(now));
                    let hits = search_hits(&ask.kind, &ask.query);
                    self.pending
                        .push((now + self.latency, Msg::Searched(ask, Ok(hits))));
                }
                Effect::EstimateDelivery { base, seq, ask } => {
                    // The client charges the account's gate before it sends (`get_in`).
                    let wait = self.app.ctx.gate.try_acquire(&ask.account, 1, now);
                    if !wait.is_zero() {
                        self.gate_refused += 1;
                    }
                    // Stamped when the lane let it go, on the client's clock (the clock also runs
                    // in real time under the simulation: `now` here is later by what `update`
                    // took, on a busy machine up to many milliseconds, which is not the lane's).
                    let sent_at = self.app.estimates.last_sent_at().unwrap_or(now);
                    self.reads.push((sent_at, base.clone(), (*ask).clone()));
                    let result = (self.answer)(&ask);
                    let msg = Msg::Estimated {
                        base,
                        seq,
                        ask,
                        result,
                    };
                    self.pending.push((now + self.latency, msg));
                }
                _ => {}
            }
        }
    }

    /// Moves the clock by `by`, delivering the wakes and answers that come due on the way, in
    /// the order they come.
    pub fn advance(&mut self, by: Duration) {
        let end = self.now() + by;
        loop {
            let wake = self.wakes.iter().copied().filter(|t| *t <= end).min();
            let answer = self
                .pending
                .iter()
                .map(|(t, _)| *t)
                .filter(|t| *t <= end)
                .min();
            let next = match (wake, answer) {
                (Some(w), Some(a)) => w.min(a),
                (Some(t), None) | (None, Some(t)) => t,
                (None, None) => break,
            };
            self.clock
                .advance(ceil_ms(next.saturating_duration_since(self.now())));
            if wake == Some(next) {
                self.wakes.retain(|t| *t != next);
                self.feed(Msg::PaceDue);
            } else {
                let i = self.pending.iter().position(|(t, _)| *t == next).unwrap();
                let (_, msg) = self.pending.remove(i);
                self.feed(msg);
            }
        }
        self.clock
            .advance(ceil_ms(end.saturating_duration_since(self.now())));
    }

    /// Delivers everything on its way (10 simulated seconds).
    pub fn settle(&mut self) {
        self.advance(Duration::from_secs(10));
    }

    /// When each Graph read went: the estimates and the searches, in order.
    pub fn sent(&self) -> Vec<Instant> {
        let mut all: Vec<Instant> = self.reads.iter().map(|(t, _, _)| *t).collect();
        all.extend(&self.searches);
        all.sort();
        all
    }

    /// The most reads (estimates and searches) sent within any one second (a window from each
    /// read's instant).
    pub fn max_per_second(&self) -> usize {
        let second = Duration::from_secs(1);
        let all = self.sent();
        all.iter()
            .map(|t| {
                all.iter()
                    .filter(|u| **u >= *t && **u < *t + second)
                    .count()
            })
            .max()
            .unwrap_or(0)
    }

    /// The shortest time between two reads (estimates and searches).
    pub fn min_gap(&self) -> Option<Duration> {
        self.sent().windows(2).map(|p| p[1] - p[0]).min()
    }
}

/// The client clock moves in whole milliseconds: round up, so a wake is never just short.
fn ceil_ms(d: Duration) -> Duration {
    let ms = d.as_millis() as u64;
    if Duration::from_millis(ms) < d {
        Duration::from_millis(ms + 1)
    } else {
        d
    }
}

/// What the search answers in these tests: one city for a location query, one interest for a
/// detailed one, whatever was typed.
fn search_hits(kind: &SearchKind, query: &str) -> SearchHits {
    match kind {
        SearchKind::Locations(_) => SearchHits::Locations(
            serde_json::from_value(json!([{
                "key": "2643123", "name": "Manchester", "type": "city",
                "country_code": "GB", "country_name": "United Kingdom", "region": "England"
            }]))
            .unwrap(),
        ),
        SearchKind::Locales => SearchHits::Locales(Vec::new()),
        _ => SearchHits::Interests(
            serde_json::from_value(json!([{
                "id": "6003107902433", "name": format!("Running {query}"),
                "path": ["Fitness", "Running"]
            }]))
            .unwrap(),
        ),
    }
}
