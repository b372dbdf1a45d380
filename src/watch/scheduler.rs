//! When to read what: every 10 s for the first 10 minutes after a launch, then backing off to
//! 5 minutes for ads still in review; settled ads rarely (re-review happens). Reads of one
//! account are batched (chunks of 50 ids, or the account's ads edge), stay within a share of
//! the account's rate-limit tier, and pause while the gate says its usage is high.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::model::ReviewState;
use crate::graph::client::MAX_IDS;
use crate::graph::gate::{Gate, SLOW_FROM_PCT, WINDOW};

/// Cadence while young: the first 10 minutes after a launch.
pub const FAST: Duration = Duration::from_secs(10);
pub const FAST_FOR: Duration = Duration::from_secs(600);
/// The slowest poll of an ad still in review.
pub const SLOW: Duration = Duration::from_secs(300);
/// Settled ads (approved, rejected) are read again this rarely.
pub const SETTLED: Duration = Duration::from_secs(1800);
/// The share of the account's tier watching may spend, in percent.
pub const BUDGET_PCT: u32 = 40;
/// How long an account waits when its usage is high, before one read asks Graph for it again.
pub const HIGH_USAGE_WAIT: Duration = Duration::from_secs(60);

#[derive(Debug, Clone)]
struct Entry {
    account: String,
    launched: Instant,
    next: Instant,
    interval: Duration,
}

#[derive(Debug, Clone, Default)]
struct AccountPace {
    /// Watch every ad of the account through its ads edge.
    edge: bool,
    last_cycle: Option<Instant>,
    /// The wall-clock time of the last cycle, unix seconds, for `updated_since`.
    last_cycle_unix: Option<i64>,
    last_full: Option<Instant>,
    /// The last edge read that was answered (new ads are looked for every `SLOW`).
    last_edge: Option<Instant>,
    /// The earliest the next cycle may run (budget or high usage).
    hold_until: Option<Instant>,
    /// A high-usage wait has passed: the next cycle goes, and its answer says the usage anew
    /// (the gate learns it only from answers, so waiting on it alone would wait forever).
    usage_waited: bool,
}

/// What to read for one account now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Ad account digits.
    pub account: String,
    /// Ads to read by id (the ads edge filtered to their ids), in chunks of 50.
    pub ads: Vec<String>,
    /// Read the account's ads edge too: every ad (`Full`), or those in review plus those
    /// updated since (unix seconds).
    pub edge: Option<EdgeRead>,
    /// Rejected ads whose details (the ad set's feedback, the creative's feed) are still to
    /// be read: left over from a cycle that spent its budget.
    pub details: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeRead {
    Full,
    Since(i64),
}

/// The poll schedule of every watched ad.
#[derive(Debug, Clone, Default)]
pub struct Scheduler {
    entries: HashMap<String, Entry>,
    accounts: HashMap<String, AccountPace>,
}

/// The interval after a read that found the ad in `state`, `age` after its launch, having
/// waited `prev` before.
pub fn next_interval(state: ReviewState, age: Duration, prev: Duration) -> Duration {
    if state.is_settled() {
        SETTLED
    } else if age < FAST_FOR {
        FAST
    } else {
        (prev * 2).clamp(FAST * 2, SLOW)
    }
}

impl Scheduler {
    pub fn new() -> Scheduler {
        Scheduler::default()
    }

    /// Watches `ad_id` of `account`, launched at `launched` (its first read is due now).
    pub fn track(&mut self, ad_id: &str, account: &str, launched: Instant, now: Instant) {
        self.accounts.entry(account.to_string()).or_default();
        self.entries
            .entry(ad_id.to_string())
            .or_insert_with(|| Entry {
                account: account.to_string(),
                launched,
                next: now,
                interval: FAST,
            });
    }

    /// Watches every ad of `account` through its ads edge (found ads are tracked as read).
    pub fn watch_account(&mut self, account: &str) {
        self.accounts.entry(account.to_string()).or_default().edge = true;
    }

    pub fn is_tracked(&self, ad_id: &str) -> bool {
        self.entries.contains_key(ad_id)
    }

    /// Reads to make now: one plan per account that has something due and is not held back by
    /// its budget or by the gate.
    /// `pending` holds the accounts with details still to read: they get a plan even when no
    /// ad is due.
    pub fn due(
        &mut self,
        now: Instant,
        gate: &Gate,
        pending: &std::collections::HashSet<String>,
    ) -> Vec<Plan> {
        let mut out = Vec::new();
        let mut names: Vec<String> = self.accounts.keys().cloned().collect();
        names.sort();
        for account in names {
            let waiting = pending.contains(&account);
            if let Some(p) = self.plan_for(&account, now, gate, waiting) {
                out.push(p);
            }
        }
        out
    }

    fn plan_for(
        &mut self,
        account: &str,
        now: Instant,
        gate: &Gate,
        details_waiting: bool,
    ) -> Option<Plan> {
        let pace = self.accounts.get(account)?.clone();
        if pace.hold_until.is_some_and(|h| h > now) {
            return None;
        }
        let mut mine: Vec<(&String, &Entry)> = self
            .entries
            .iter()
            .filter(|(_, e)| e.account == account)
            .collect();
        mine.sort_by_key(|(id, e)| (e.next, (*id).clone()));
        let due_count = mine.iter().filter(|(_, e)| e.next <= now).count();
        let full_due = pace.edge && pace.last_full.is_none_or(|t| now >= t + SETTLED);
        // An account watched by its edge is looked at for new ads even when all are settled.
        let edge_due = full_due || (pace.edge && pace.last_edge.is_none_or(|t| now >= t + SLOW));
        if due_count == 0 && !edge_due && !details_waiting {
            return None;
        }
        // Pause while the account is throttled or its usage is high.
        if let Some(p) = gate.paused_for(account, now) {
            self.hold(account, now + p);
            return None;
        }
        if gate.usage(account) >= SLOW_FROM_PCT && !pace.usage_waited {
            self.hold(account, now + HIGH_USAGE_WAIT);
            if let Some(p) = self.accounts.get_mut(account) {
                p.usage_waited = true;
            }
            return None;
        }
        let ads: Vec<String> = if pace.edge {
            // The edge read finds the ads in review; the ids read only those that left it.
            mine.iter()
                .filter(|(_, e)| e.next <= now)
                .map(|(id, _)| (*id).clone())
                .collect()
        } else {
            // Fill the last chunk of 50 with the ads due soonest: the request costs the same.
            let take = due_count.div_ceil(MAX_IDS) * MAX_IDS;
            mine.iter()
                .take(take)
                .map(|(id, _)| (*id).clone())
                .collect()
        };
        let edge = (pace.edge && (due_count > 0 || edge_due)).then(|| {
            if full_due {
                EdgeRead::Full
            } else {
                // A minute of overlap, for clocks that disagree.
                EdgeRead::Since(pace.last_cycle_unix.map_or(0, |t| t - 60))
            }
        });
        Some(Plan {
            account: account.to_string(),
            ads,
            edge,
            details: Vec::new(),
        })
    }

    fn hold(&mut self, account: &str, until: Instant) {
        if let Some(p) = self.accounts.get_mut(account) {
            p.hold_until = Some(until);
        }
    }

    /// Records that `plan` ran at `now` costing `requests`, so the account's next cycle keeps
    /// watching within its share of the tier (`max_points` from the gate, when known).
    pub fn cycle_done(
        &mut self,
        plan: &Plan,
        now: Instant,
        unix_now: i64,
        requests: u32,
        max_points: Option<u32>,
        edge_answered: bool,
    ) {
        let Some(p) = self.accounts.get_mut(&plan.account) else {
            return;
        };
        p.last_cycle = Some(now);
        p.usage_waited = false;
        // Only an answered edge read moves what the next one asks from: a failed one is
        // asked again, and `updated_since` never skips what it did not see.
        if plan.edge.is_some() && edge_answered {
            p.last_cycle_unix = Some(unix_now);
            p.last_edge = Some(now);
            if plan.edge == Some(EdgeRead::Full) {
                p.last_full = Some(now);
            }
        }
        p.hold_until = max_points.map(|max| now + min_gap(requests, max));
    }

    /// Records a read of `ad_id` that found it in `state` (a failed read: `None`, tried again
    /// at the same cadence).
    pub fn polled(&mut self, ad_id: &str, state: Option<ReviewState>, now: Instant) {
        let Some(e) = self.entries.get_mut(ad_id) else {
            return;
        };
        let age = now.saturating_duration_since(e.launched);
        e.interval = match state {
            Some(s) => next_interval(s, age, e.interval),
            None => e.interval.max(FAST),
        };
        e.next = now + e.interval;
    }

    /// Reads `ad_id` at the next cycle, keeping its cadence (the buyer asked to check now).
    pub fn check_now(&mut self, ad_id: &str, now: Instant) {
        if let Some(e) = self.entries.get_mut(ad_id) {
            e.next = now;
        }
    }

    /// Reads `ad_id` at the next cycle and fast again, as after a launch (after an edit).
    pub fn poke(&mut self, ad_id: &str, now: Instant) {
        if let Some(e) = self.entries.get_mut(ad_id) {
            e.next = now;
            e.interval = FAST;
            e.launched = now;
        }
    }

    /// When the next read is due (`None`: nothing to watch).
    pub fn next_wake(&self, now: Instant) -> Option<Instant> {
        let ads = self.entries.values().map(|e| {
            let hold = self
                .accounts
                .get(&e.account)
                .and_then(|p| p.hold_until)
                .unwrap_or(e.next);
            e.next.max(hold)
        });
        let edges = self.accounts.values().filter(|p| p.edge).map(|p| {
            let full = p.last_full.map_or(now, |t| t + SETTLED);
            let look = p.last_edge.map_or(now, |t| t + SLOW);
            let at = full.min(look);
            at.max(p.hold_until.unwrap_or(at))
        });
        ads.chain(edges).min()
    }

    /// Every account with something watched.
    pub fn accounts(&self) -> Vec<String> {
        let mut v: Vec<String> = self.accounts.keys().cloned().collect();
        v.sort();
        v
    }

    /// The interval an ad is read at now.
    pub fn interval(&self, ad_id: &str) -> Option<Duration> {
        self.entries.get(ad_id).map(|e| e.interval)
    }
}

/// The least time between two cycles of `requests` reads each so that watching spends at most
/// `BUDGET_PCT` of `max_points` in Meta's window.
pub fn min_gap(requests: u32, max_points: u32) -> Duration {
    let budget = (max_points * BUDGET_PCT / 100).max(1);
    WINDOW * requests / budget
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cadence_is_fast_then_backs_off_then_rare() {
        let s = ReviewState::InReview;
        assert_eq!(next_interval(s, Duration::from_secs(30), FAST), FAST);
        let mut prev = FAST;
        let mut seen = Vec::new();
        for _ in 0..6 {
            prev = next_interval(s, Duration::from_secs(700), prev);
            seen.push(prev.as_secs());
        }
        assert_eq!(seen, [20, 40, 80, 160, 300, 300]);
        assert_eq!(
            next_interval(ReviewState::Approved, Duration::ZERO, FAST),
            SETTLED
        );
    }

    #[test]
    fn a_failed_edge_read_is_asked_again_and_an_answered_one_looks_for_new_ads_every_5_minutes() {
        let gate = Gate::new();
        let none = std::collections::HashSet::new();
        let mut s = Scheduler::new();
        s.watch_account("1");
        let t0 = Instant::now();
        let plans = s.due(t0, &gate, &none);
        assert_eq!(plans[0].edge, Some(EdgeRead::Full));
        // The read failed: the next cycle asks for everything again.
        s.cycle_done(&plans[0], t0, 1_000, 1, None, false);
        let plans = s.due(t0 + Duration::from_secs(1), &gate, &none);
        assert_eq!(plans[0].edge, Some(EdgeRead::Full));
        // Answered: nothing is due until 5 minutes on, then what changed since (less a minute).
        s.cycle_done(&plans[0], t0 + FAST, 2_000, 1, None, true);
        assert!(
            s.due(t0 + FAST + Duration::from_secs(60), &gate, &none)
                .is_empty()
        );
        assert_eq!(s.next_wake(t0 + FAST), Some(t0 + FAST + SLOW));
        let plans = s.due(t0 + FAST + SLOW, &gate, &none);
        assert_eq!(plans[0].edge, Some(EdgeRead::Since(1_940)));
    }

    #[test]
    fn a_dev_tier_budget_spaces_cycles() {
        // 60 points, 40% of them: 24 reads per 5 minutes; 2 reads a cycle → one per 25 s.
        assert_eq!(min_gap(2, 60), Duration::from_secs(25));
        assert_eq!(min_gap(20, 9000).as_millis(), 1666);
    }
}
