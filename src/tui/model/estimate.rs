//! The audience size of each ad set as the buyer types: Meta's delivery estimate
//! (`GET /act_<id>/delivery_estimate`) of the template's targeting and of each audience's. A read
//! is wished when what an ad set would ask (account, targeting, goal, promoted object) differs
//! from what was last asked for it; it goes through the one lane of `pace`. Kept per ad set: the
//! last read sent and the newest answer with what it was for, so an answer for older targeting
//! stays on screen marked "updating…" and is never taken as current.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::Model;
use crate::graph::{DeliveryEstimate, OutcomePoint};
use crate::spec::text::fit;
use crate::spec::{AdSet, Currency, GeoLocations, Money};
use crate::tui::form::{self, Field, FieldKind};
use crate::tui::msg::EstimateAsk;

/// Under this many people a month (Meta's lower bound) the audience is too narrow to show.
pub const TOO_NARROW_BELOW: i64 = 1_000;
/// How long an unanswered read keeps the next one waiting (the runner always answers; this is
/// the deadline in case it does not).
pub const ANSWER_DEADLINE: Duration = Duration::from_secs(30);
/// The most of an error the line shows.
const WHY_WIDTH: usize = 90;

/// What Meta answered for one ask.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Estimate(Option<DeliveryEstimate>),
    Failed(String),
}

/// One ad set's reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AdSetEstimate {
    /// The last read sent: its number and what it asked.
    pub sent: Option<(u64, EstimateAsk)>,
    /// The newest answer: its number, what it was for, what Meta said.
    pub shown: Option<(u64, EstimateAsk, Answer)>,
}

/// The estimates of every ad set, by `ad_set` (the template) and `audiences[i]`.
#[derive(Debug, Clone, Default)]
pub struct Estimates {
    pub by: HashMap<String, AdSetEstimate>,
    seq: u64,
    last_sent_at: Option<Instant>,
    /// The account's rate-limit gate held the last read: the size waits for it.
    pub held: bool,
    /// Until when the gate holds reads.
    pub held_until: Option<Instant>,
    /// Reads sent since the wizard started (the measured figure).
    pub reads: u64,
    /// Each ad set's line as of the last message (`Model::refresh_estimate_lines`): the step
    /// is drawn many times a key, and a line costs a pass over the whole targeting (20,000
    /// postcodes made each key take seconds). Cleared by any change of the draft.
    pub lines: HashMap<String, EstimateLine>,
}

impl Estimates {
    /// Whether `ask` differs from what was last sent for `base` (a read is due).
    pub fn stale(&self, base: &str, ask: &EstimateAsk) -> bool {
        self.by
            .get(base)
            .and_then(|e| e.sent.as_ref())
            .is_none_or(|(_, a)| a != ask)
    }

    /// A read of `ask` for `base` is sent at `now`: its number.
    pub fn send(&mut self, base: &str, ask: EstimateAsk, now: Instant) -> u64 {
        self.seq += 1;
        self.reads += 1;
        self.held = false;
        self.held_until = None;
        self.last_sent_at = Some(now);
        self.by.entry(base.to_string()).or_default().sent = Some((self.seq, ask));
        self.seq
    }

    /// An answer came: kept when it is newer than the one shown (a slow older answer never
    /// replaces a newer one).
    pub fn answered(&mut self, base: &str, seq: u64, ask: EstimateAsk, answer: Answer) {
        let e = self.by.entry(base.to_string()).or_default();
        if e.shown.as_ref().is_none_or(|(s, _, _)| seq > *s) {
            e.shown = Some((seq, ask, answer));
        }
    }

    /// A read was sent and not answered yet (and its deadline has not passed): the next waits.
    pub fn in_flight(&self, now: Instant) -> bool {
        let unanswered = self.by.values().any(|e| match (&e.sent, &e.shown) {
            (Some((sent, _)), Some((shown, _, _))) => sent > shown,
            (Some(_), None) => true,
            _ => false,
        });
        unanswered && self.last_sent_at.is_some_and(|t| now < t + ANSWER_DEADLINE)
    }

    /// When the last read was sent, on the client's clock.
    pub fn last_sent_at(&self) -> Option<Instant> {
        self.last_sent_at
    }

    /// The gate holds reads at `now`.
    pub fn holding(&self, now: Instant) -> bool {
        self.held_until.is_some_and(|t| now < t)
    }

    /// Forgets ad sets that are gone (an audience removed).
    pub fn keep_only(&mut self, bases: &[String]) {
        self.by.retain(|b, _| bases.contains(b));
    }
}

/// Why no read goes for an ad set: the line says what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    Draft,
    Account,
    Goal,
    Location,
}

impl Missing {
    pub fn words(self) -> &'static str {
        match self {
            Missing::Draft => "The audience size shows once this ad set reads as a spec",
            Missing::Account => "Pick the ad account to see the audience size",
            Missing::Goal => "Choose the optimization goal to see the audience size",
            Missing::Location => "Add a location to see the audience size",
        }
    }
}

/// The line beside an ad set's targeting: its words, and whether it is for older targeting
/// (drawn greyed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EstimateLine {
    pub text: String,
    pub stale: bool,
}

/// The ad sets that get an estimate: the template, then each audience.
pub fn bases(draft: &Value) -> Vec<String> {
    let n = form::len(draft, "audiences");
    std::iter::once("ad_set".to_string())
        .chain((0..n).map(|i| format!("audiences[{i}]")))
        .collect()
}

/// The ad set a base stands for: the template, or the template with the audience laid over.
/// Read from the draft's ad sets alone (not the whole spec: this runs on every message).
fn ad_set_of(draft: &Value, base: &str) -> Option<AdSet> {
    let read = |path: &str| match form::get(draft, path) {
        Some(v) => serde_json::from_value::<AdSet>(v.clone()).ok(),
        None => Some(AdSet::default()),
    };
    let template = read("ad_set")?;
    if base == "ad_set" {
        return Some(template);
    }
    form::get(draft, base)?;
    Some(template.overlaid_with(&read(base)?))
}

/// What a read for `set` would ask.
fn ask_of(draft: &Value, set: &AdSet) -> Result<EstimateAsk, Missing> {
    let account = form::get_str(draft, "account_id")
        .and_then(|a| a.strip_prefix("act_"))
        .unwrap_or_default();
    if account.is_empty() {
        return Err(Missing::Account);
    }
    // The one answer dcw's rule gives (`spec::GeoLocations::has_any_location`).
    let located = set
        .targeting
        .as_ref()
        .and_then(|t| t.geo_locations.as_ref())
        .is_some_and(GeoLocations::has_any_location);
    if !located {
        return Err(Missing::Location);
    }
    let targeting = set
        .targeting
        .as_ref()
        .and_then(|t| serde_json::to_value(t).ok())
        .unwrap_or(Value::Null);
    let goal = match &set.optimization_goal {
        Some(g) if !g.as_str().is_empty() => g.as_str().to_string(),
        _ => return Err(Missing::Goal),
    };
    let promoted_object = set
        .promoted_object
        .as_ref()
        .and_then(|p| serde_json::to_value(p).ok())
        .filter(|p| p.as_object().is_some_and(|o| !o.is_empty()));
    Ok(EstimateAsk {
        account: account.to_string(),
        targeting,
        goal,
        promoted_object,
    })
}

impl Model {
    /// What each ad set would ask now (template first, then audiences), or why it cannot.
    pub fn estimate_asks(&self) -> Vec<(String, Result<EstimateAsk, Missing>)> {
        bases(&self.draft)
            .into_iter()
            .map(|b| {
                let ask = self.estimate_ask(&b);
                (b, ask)
            })
            .collect()
    }

    /// What `base` would ask now, or why it cannot.
    pub fn estimate_ask(&self, base: &str) -> Result<EstimateAsk, Missing> {
        let set = ad_set_of(&self.draft, base).ok_or(Missing::Draft)?;
        ask_of(&self.draft, &set)
    }

    /// The daily budget results are shown at: the ad set's own, else the campaign's; a
    /// lifetime budget counts as its share of one day of the ad set's schedule.
    fn estimate_budget(&self, base: &str) -> Option<Money> {
        let campaign = |key: &str| {
            form::get(&self.draft, &format!("campaign.{key}"))
                .and_then(|v| serde_json::from_value::<Money>(v.clone()).ok())
        };
        let set = ad_set_of(&self.draft, base);
        let daily = set
            .as_ref()
            .and_then(|s| s.daily_budget)
            .or_else(|| campaign("daily_budget"));
        let per_day = || {
            let s = set.as_ref()?;
            let lifetime = s.lifetime_budget.or_else(|| campaign("lifetime_budget"))?;
            let start = s.start_time.as_ref()?.utc()?;
            let end = s.end_time.as_ref()?.utc()?;
            let days = (end - start).num_seconds() as f64 / 86_400.0;
            (days > 0.0).then(|| Money::new((lifetime.minor as f64 / days.max(1.0)) as i64))
        };
        daily.or_else(per_day).filter(|m| m.minor > 0)
    }

    /// The line beside `base`'s targeting (and on Review).
    pub fn estimate_line(&self, base: &str) -> EstimateLine {
        match self.estimates.lines.get(base) {
            Some(line) => line.clone(),
            None => self.estimate_line_now(base),
        }
    }

    /// Works each ad set's line out once, after a message on the steps that show it, from
    /// the asks the message's estimate wish already worked out (`estimate_asks`).
    pub fn refresh_estimate_lines(&mut self, asks: Vec<(String, Result<EstimateAsk, Missing>)>) {
        self.estimates.lines.clear();
        if !matches!(
            self.step,
            crate::spec::Step::AdSet | crate::spec::Step::Review
        ) {
            return;
        }
        let lines = asks
            .into_iter()
            .map(|(b, ask)| {
                let line = self.line_for(&b, ask);
                (b, line)
            })
            .collect();
        self.estimates.lines = lines;
    }

    /// `base`'s line worked out from the draft as it is now.
    fn estimate_line_now(&self, base: &str) -> EstimateLine {
        self.line_for(base, self.estimate_ask(base))
    }

    /// `base`'s line for what it would ask now.
    fn line_for(&self, base: &str, ask: Result<EstimateAsk, Missing>) -> EstimateLine {
        let ask = match ask {
            Ok(a) => a,
            Err(m) => return idle(m),
        };
        let mine = self.estimates.by.get(base);
        let Some((_, for_ask, answer)) = mine.and_then(|e| e.shown.as_ref()) else {
            let text = if self.estimates.held && self.estimates.stale(base, &ask) {
                "Estimating the audience size… (waiting for the account's rate limit)"
            } else {
                "Estimating the audience size…"
            };
            return EstimateLine {
                text: text.into(),
                stale: false,
            };
        };
        let budget = self.estimate_budget(base);
        let mut text = answer_words(answer, budget, self.currency().as_ref());
        let stale = *for_ask != ask;
        if stale && self.estimates.held {
            text.push_str(" · updating when the account's rate limit allows…");
        } else if stale {
            text.push_str(" · updating…");
        }
        EstimateLine { text, stale }
    }

    /// The Info field with `base`'s estimate, shown with its targeting on step 4.
    pub fn estimate_field(&self, base: &str) -> Field {
        let id = match base.strip_prefix("audiences[") {
            Some(rest) => format!("#estimate{}", rest.trim_end_matches(']')),
            None => "#estimate".to_string(),
        };
        Field::new(id, "Estimate", FieldKind::Info).help(self.estimate_line(base).text)
    }
}

fn idle(m: Missing) -> EstimateLine {
    EstimateLine {
        text: m.words().into(),
        stale: false,
    }
}

/// What an answer says: the size a month and the daily results at the budget, too narrow, or
/// why there is none.
pub fn answer_words(answer: &Answer, budget: Option<Money>, currency: Option<&Currency>) -> String {
    let e = match answer {
        Answer::Failed(why) => {
            return format!("Audience size unavailable: {}", fit(why, WHY_WIDTH));
        }
        Answer::Estimate(None) => return "Audience size unavailable: Meta gave no estimate".into(),
        Answer::Estimate(Some(e)) => e,
    };
    if e.estimate_ready == Some(false) {
        return "Audience size unavailable: Meta has no estimate ready for this targeting yet"
            .into();
    }
    let (Some(lo), Some(hi)) = (e.estimate_mau_lower_bound, e.estimate_mau_upper_bound) else {
        return "Audience size unavailable: Meta gave no audience size".into();
    };
    if lo < TOO_NARROW_BELOW {
        return "Too narrow: fewer than 1,000 people".into();
    }
    let results = match budget {
        None => {
            "set a budget (and, for a lifetime budget, the dates) to see daily results".to_string()
        }
        Some(b) => match results_at(&e.daily_outcomes_curve, b.minor as f64) {
            Some((a, z)) => {
                let n = if compact(a) == compact(z) {
                    format!("≈ {}", compact(a))
                } else {
                    format!("{}–{}", compact(a), compact(z))
                };
                format!(
                    "{n} daily results at {} a day",
                    b.display_or_minor(currency)
                )
            }
            None => "Meta gives no daily results for this targeting yet".to_string(),
        },
    };
    format!(
        "Audience ≈ {}–{} people a month · {results}",
        compact(lo as f64),
        compact(hi as f64)
    )
}

/// The daily results at a daily spend (minor units): the actions of the curve's points on each
/// side of it (the nearest one alone past either end). `None` when Meta gave no curve, or its
/// one point of zeros (no confident prediction).
pub fn results_at(curve: &[OutcomePoint], spend: f64) -> Option<(f64, f64)> {
    if curve.iter().all(|p| p.actions <= 0.0 && p.spend <= 0.0) {
        return None;
    }
    let below = curve
        .iter()
        .filter(|p| p.spend <= spend)
        .max_by(|a, b| a.spend.total_cmp(&b.spend));
    let above = curve
        .iter()
        .filter(|p| p.spend >= spend)
        .min_by(|a, b| a.spend.total_cmp(&b.spend));
    let (a, z) = match (below, above) {
        (Some(b), Some(a)) => (b.actions, a.actions),
        (Some(p), None) | (None, Some(p)) => (p.actions, p.actions),
        (None, None) => return None,
    };
    Some((a.min(z), a.max(z)))
}

/// A count for people: `950`, `1.2K`, `310K`, `1.4M`, `2.1B`.
pub fn compact(n: f64) -> String {
    let n = if n.is_finite() {
        n.max(0.0).round()
    } else {
        0.0
    };
    if n < 1_000.0 {
        return format!("{n:.0}");
    }
    let units = [(1e3, "K"), (1e6, "M"), (1e9, "B")];
    for (i, (size, unit)) in units.iter().enumerate() {
        let v = n / size;
        let shown = if v < 10.0 {
            format!("{:.1}", (v * 10.0).round() / 10.0)
        } else {
            format!("{:.0}", v.round())
        };
        // 999,950 is 1.0M, not 1000K.
        let rounds_up = shown.parse::<f64>().is_ok_and(|s| s >= 1_000.0);
        if rounds_up && i + 1 < units.len() {
            continue;
        }
        let shown = shown.strip_suffix(".0").unwrap_or(&shown).to_string();
        return format!("{shown}{unit}");
    }
    format!("{n:.0}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(spend: f64, actions: f64) -> OutcomePoint {
        OutcomePoint {
            spend,
            reach: 0.0,
            impressions: 0.0,
            actions,
        }
    }

    fn ask(country: &str) -> EstimateAsk {
        EstimateAsk {
            account: "1".into(),
            targeting: serde_json::json!({"geo_locations": {"countries": [country]}}),
            goal: "LINK_CLICKS".into(),
            promoted_object: None,
        }
    }

    #[test]
    fn a_slow_older_answer_never_replaces_a_newer_one() {
        let t0 = Instant::now();
        let mut e = Estimates::default();
        let us = e.send("ad_set", ask("US"), t0);
        assert!(e.in_flight(t0));
        let de = e.send("ad_set", ask("DE"), t0 + Duration::from_secs(1));
        assert!(!e.stale("ad_set", &ask("DE")) && e.stale("ad_set", &ask("US")));
        e.answered("ad_set", de, ask("DE"), Answer::Estimate(None));
        assert!(!e.in_flight(t0 + Duration::from_secs(1)));
        e.answered("ad_set", us, ask("US"), Answer::Failed("late".into()));
        let shown = e.by["ad_set"]
            .shown
            .as_ref()
            .map(|(s, a, _)| (*s, a.clone()));
        assert_eq!(shown, Some((de, ask("DE"))));
    }

    #[test]
    fn an_unanswered_read_holds_the_next_only_until_its_deadline() {
        let t0 = Instant::now();
        let mut e = Estimates::default();
        e.send("ad_set", ask("US"), t0);
        assert!(e.in_flight(t0 + ANSWER_DEADLINE - Duration::from_millis(1)));
        assert!(!e.in_flight(t0 + ANSWER_DEADLINE));
    }

    #[test]
    fn counts_are_compact() {
        for (n, want) in [
            (0.0, "0"),
            (950.0, "950"),
            (1_000.0, "1K"),
            (1_234.0, "1.2K"),
            (12_345.0, "12K"),
            (310_000.0, "310K"),
            (999_950.0, "1M"),
            (1_200_000.0, "1.2M"),
            (1_400_000.0, "1.4M"),
            (2_100_000_000.0, "2.1B"),
        ] {
            assert_eq!(compact(n), want, "{n}");
        }
    }

    #[test]
    fn results_are_read_between_the_points_around_the_budget() {
        let curve = [
            point(0.0, 0.0),
            point(2_500.0, 310.0),
            point(7_500.0, 890.0),
        ];
        assert_eq!(results_at(&curve, 5_000.0), Some((310.0, 890.0)));
        assert_eq!(results_at(&curve, 2_500.0), Some((310.0, 310.0)));
        assert_eq!(results_at(&curve, 90_000.0), Some((890.0, 890.0)));
        assert_eq!(
            results_at(&[point(0.0, 0.0)], 5_000.0),
            None,
            "Meta's zeros"
        );
        assert_eq!(results_at(&[], 5_000.0), None);
    }
}
