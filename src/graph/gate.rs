//! The per-ad-account gate: paces calls from Meta's usage headers so a launch slows down before
//! Meta blocks the account, and pauses every call for an account that is throttled.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::Value;

/// Usage from which calls slow down.
pub const SLOW_FROM_PCT: u32 = 75;
/// The longest pause between calls while slowing down.
pub const MAX_SLOW_DELAY: Duration = Duration::from_secs(2);
/// Meta's score window.
pub const WINDOW: Duration = Duration::from_secs(300);

/// The Marketing API access tier of the app calling an account, from `ads_api_access_tier`.
/// Meta renamed the tiers Limited (was development) and Full (was standard) in 2026-05; the
/// headers seen in the field still say `development_access` and `standard_access`
/// (graph-fidelity-2026.md, "Rate limits"). dcw shows the new names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessTier {
    /// 60 points per 300 s per ad account, blocked 300 s at the cap.
    Limited,
    /// 9000 points per 300 s per ad account, blocked 60 s at the cap.
    Full,
}

impl AccessTier {
    /// Reads a header's `ads_api_access_tier`: the names the field shows, and the names dcw
    /// guesses Meta may send after the rename (`limited_access`, `full_access`: seen nowhere
    /// yet, a guess). Any other name is an unknown tier.
    pub fn from_header(name: &str) -> Option<AccessTier> {
        match name {
            "development_access" | "limited_access" => Some(AccessTier::Limited),
            "standard_access" | "full_access" => Some(AccessTier::Full),
            _ => None,
        }
    }

    /// Points the tier allows per ad account in Meta's 300 s window (Marketing API
    /// rate-limiting page).
    pub fn max_points(self) -> u32 {
        match self {
            AccessTier::Limited => 60,
            AccessTier::Full => 9000,
        }
    }
}

impl std::fmt::Display for AccessTier {
    /// The tier as Meta names it now: `Limited` or `Full`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            AccessTier::Limited => "Limited",
            AccessTier::Full => "Full",
        })
    }
}

#[derive(Debug, Default)]
struct Account {
    /// Usage Meta last reported, in percent.
    pct: u32,
    /// Points the tier allows, from `ads_api_access_tier` (60 Limited, 9000 Full).
    max_points: Option<u32>,
    /// The tier, once a header has named one dcw knows.
    tier: Option<AccessTier>,
    paused_until: Option<Instant>,
    /// Our own calls in the window: when, and their cost.
    calls: VecDeque<(Instant, u32)>,
    /// When Meta's usage was last read.
    observed_at: Option<Instant>,
}

impl Account {
    fn decay(&mut self, now: Instant) {
        while self
            .calls
            .front()
            .is_some_and(|(t, _)| now.duration_since(*t) >= WINDOW)
        {
            self.calls.pop_front();
        }
    }

    fn own_points(&self) -> u32 {
        self.calls.iter().map(|(_, p)| p).sum()
    }

    /// How long a call of `cost` points waits: for a pause, for room under the tier's points,
    /// and, from [`SLOW_FROM_PCT`], for its turn: calls are spaced by up to [`MAX_SLOW_DELAY`]
    /// after the last call that went (or the last usage read), so they slow down but still go.
    fn wait_before(&mut self, cost: u32, now: Instant) -> Duration {
        self.decay(now);
        if let Some(until) = self.paused_until {
            if now < until {
                return until - now;
            }
            self.paused_until = None;
        }
        let mut wait = Duration::ZERO;
        if let Some(max) = self.max_points {
            let reported = self.pct * max / 100;
            let used = reported.max(self.own_points());
            if used + cost > max {
                // Wait until enough of our own calls leave the window.
                let mut freed = 0;
                let need = used + cost - max;
                for (t, p) in &self.calls {
                    freed += p;
                    if freed >= need {
                        wait = wait.max((*t + WINDOW).saturating_duration_since(now));
                        break;
                    }
                }
                if freed < need {
                    wait = wait.max(WINDOW);
                }
            }
        }
        if self.pct >= SLOW_FROM_PCT {
            let over = (self.pct - SLOW_FROM_PCT).min(100 - SLOW_FROM_PCT);
            let spacing = MAX_SLOW_DELAY * over / (100 - SLOW_FROM_PCT);
            let last = self.calls.back().map(|(t, _)| *t).max(self.observed_at);
            let turn = last.map_or(spacing, |t| (t + spacing).saturating_duration_since(now));
            wait = wait.max(turn);
        }
        wait
    }
}

/// What Meta's headers said about one account.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Reported {
    pub pct: u32,
    pub regain: Duration,
    pub reset: Duration,
    pub max_points: Option<u32>,
    pub tier: Option<AccessTier>,
}

/// Reads `X-Business-Use-Case-Usage` (for `account`, or the highest entry) and
/// `X-Ad-Account-Usage`. `estimated_time_to_regain_access` is in minutes, `reset_time_duration`
/// in seconds.
pub fn read_usage(buc: Option<&str>, ad_account: Option<&str>, account: &str) -> Option<Reported> {
    let mut out: Option<Reported> = None;
    let tier_of = |v: &Value| {
        v.get("ads_api_access_tier")
            .and_then(Value::as_str)
            .and_then(AccessTier::from_header)
    };
    if let Some(v) = buc.and_then(|b| serde_json::from_str::<Value>(b).ok())
        && let Some(map) = v.as_object()
    {
        // The entries for this account when Meta keys them by it; else every key (Meta may key
        // by business). Only the Ads Management use case limits a launch.
        let keyed: Vec<&Value> = match map.get(account) {
            Some(e) => vec![e],
            None => map.values().collect(),
        };
        let entries = keyed
            .into_iter()
            .filter_map(Value::as_array)
            .flatten()
            .filter(|e| {
                e.get("type")
                    .and_then(Value::as_str)
                    .is_none_or(|t| t == "ads_management")
            });
        for entry in entries {
            let n = |k: &str| entry.get(k).and_then(Value::as_f64).unwrap_or(0.0).max(0.0);
            let pct = n("call_count")
                .max(n("total_cputime"))
                .max(n("total_time"))
                .ceil() as u32;
            let r = out.get_or_insert_with(Reported::default);
            r.pct = r.pct.max(pct);
            r.regain = r.regain.max(Duration::from_secs_f64(
                n("estimated_time_to_regain_access") * 60.0,
            ));
            r.tier = r.tier.or(tier_of(entry));
        }
    }
    if let Some(v) = ad_account.and_then(|b| serde_json::from_str::<Value>(b).ok()) {
        let n = |k: &str| v.get(k).and_then(Value::as_f64).unwrap_or(0.0).max(0.0);
        let r = out.get_or_insert_with(Reported::default);
        r.pct = r.pct.max(n("acc_id_util_pct").ceil() as u32);
        r.reset = Duration::from_secs_f64(n("reset_time_duration"));
        r.tier = r.tier.or(tier_of(&v));
    }
    if let Some(r) = &mut out {
        r.max_points = r.tier.map(AccessTier::max_points);
    }
    out
}

/// Pacing state for every ad account this client calls.
#[derive(Debug, Default)]
pub struct Gate {
    accounts: Mutex<HashMap<String, Account>>,
}

impl Gate {
    pub fn new() -> Gate {
        Gate::default()
    }

    /// How long to wait before a call of `cost` points to `account`. Zero means go.
    pub fn wait_before(&self, account: &str, cost: u32, now: Instant) -> Duration {
        let mut map = self.accounts.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(account.to_string())
            .or_default()
            .wait_before(cost, now)
    }

    /// Either charges a call of `cost` points (and returns zero: go) or returns how long to wait,
    /// in one step under one lock, so parallel calls cannot all pass together.
    pub fn try_acquire(&self, account: &str, cost: u32, now: Instant) -> Duration {
        let mut map = self.accounts.lock().unwrap_or_else(|e| e.into_inner());
        let a = map.entry(account.to_string()).or_default();
        let wait = a.wait_before(cost, now);
        if wait.is_zero() {
            a.calls.push_back((now, cost));
        }
        wait
    }

    /// Records a call about to be sent.
    pub fn charge(&self, account: &str, cost: u32, now: Instant) {
        let mut map = self.accounts.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(account.to_string())
            .or_default()
            .calls
            .push_back((now, cost));
    }

    /// Takes in what Meta reported after a call.
    pub fn observe(&self, account: &str, reported: Reported, now: Instant) {
        let mut map = self.accounts.lock().unwrap_or_else(|e| e.into_inner());
        let a = map.entry(account.to_string()).or_default();
        a.pct = reported.pct;
        a.observed_at = Some(now);
        if reported.max_points.is_some() {
            a.max_points = reported.max_points;
        }
        if reported.tier.is_some() {
            a.tier = reported.tier;
        }
        if reported.pct >= 100 {
            let hold = reported
                .regain
                .max(reported.reset)
                .max(Duration::from_secs(5));
            a.paused_until = Some(now + hold);
        }
    }

    /// Pauses every call for `account` (after a throttle error).
    pub fn pause(&self, account: &str, hold: Duration, now: Instant) {
        let mut map = self.accounts.lock().unwrap_or_else(|e| e.into_inner());
        let a = map.entry(account.to_string()).or_default();
        let until = now + hold;
        a.paused_until = Some(a.paused_until.map_or(until, |u| u.max(until)));
    }

    /// Usage last reported for `account`, in percent.
    pub fn usage(&self, account: &str) -> u32 {
        let map = self.accounts.lock().unwrap_or_else(|e| e.into_inner());
        map.get(account).map_or(0, |a| a.pct)
    }

    /// The account's access tier, once a usage header has named one dcw knows.
    pub fn tier(&self, account: &str) -> Option<AccessTier> {
        let map = self.accounts.lock().unwrap_or_else(|e| e.into_inner());
        map.get(account).and_then(|a| a.tier)
    }

    /// Points the account's tier allows in Meta's window, once a usage header has said (60 for
    /// Limited access, 9000 for Full).
    pub fn max_points(&self, account: &str) -> Option<u32> {
        let map = self.accounts.lock().unwrap_or_else(|e| e.into_inner());
        map.get(account).and_then(|a| a.max_points)
    }

    /// How long every call for `account` is still held after a throttle, if it is.
    pub fn paused_for(&self, account: &str, now: Instant) -> Option<Duration> {
        let map = self.accounts.lock().unwrap_or_else(|e| e.into_inner());
        map.get(account)
            .and_then(|a| a.paused_until)
            .filter(|u| *u > now)
            .map(|u| u - now)
    }
}

/// Adds up to a quarter more, so many clients do not wake together.
pub fn with_jitter(d: Duration) -> Duration {
    if d.is_zero() {
        return d;
    }
    let quarter = (d.as_millis() as u64 / 4).max(1);
    d + Duration::from_millis(rand::random_range(0..=quarter))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_headers_are_read_in_metas_units() {
        let buc = r#"{"123":[{"type":"ads_management","call_count":80,"total_cputime":5,"total_time":5,"estimated_time_to_regain_access":2,"ads_api_access_tier":"development_access"}]}"#;
        let acc = r#"{"acc_id_util_pct":40,"reset_time_duration":120,"ads_api_access_tier":"development_access"}"#;
        let r = read_usage(Some(buc), Some(acc), "123").unwrap();
        assert_eq!(r.pct, 80);
        assert_eq!(r.regain, Duration::from_secs(120));
        assert_eq!(r.reset, Duration::from_secs(120));
        assert_eq!(r.max_points, Some(60));
        assert_eq!(r.tier, Some(AccessTier::Limited));
        assert!(read_usage(None, None, "1").is_none());
        // Meta sends percentages as floats, and other use cases do not limit a launch.
        let acc = r#"{"acc_id_util_pct":9.67,"reset_time_duration":30}"#;
        assert_eq!(read_usage(None, Some(acc), "1").unwrap().pct, 10);
        let insights = r#"{"123":[{"type":"ads_insights","call_count":100},{"type":"ads_management","call_count":12}]}"#;
        assert_eq!(read_usage(Some(insights), None, "123").unwrap().pct, 12);
    }

    #[test]
    fn tiers_are_read_by_their_old_names_and_the_guessed_new_ones_and_shown_as_limited_or_full() {
        let cases = [
            (
                "development_access",
                Some((AccessTier::Limited, 60, "Limited")),
            ),
            ("limited_access", Some((AccessTier::Limited, 60, "Limited"))),
            ("standard_access", Some((AccessTier::Full, 9000, "Full"))),
            ("full_access", Some((AccessTier::Full, 9000, "Full"))),
            ("advanced_access", None),
            ("", None),
        ];
        for (name, want) in cases {
            let acc = format!(r#"{{"acc_id_util_pct":1,"ads_api_access_tier":"{name}"}}"#);
            let buc = format!(
                r#"{{"1":[{{"type":"ads_management","call_count":1,"ads_api_access_tier":"{name}"}}]}}"#
            );
            for r in [
                read_usage(None, Some(&acc), "1").unwrap(),
                read_usage(Some(&buc), None, "1").unwrap(),
            ] {
                let got = r
                    .tier
                    .map(|t| (t, r.max_points.unwrap_or(0), t.to_string()));
                let want = want.map(|(t, m, s)| (t, m, s.to_string()));
                assert_eq!(got, want, "{name}");
                assert_eq!(r.max_points, want.map(|(_, m, _)| m), "{name}");
            }
        }
        let g = Gate::new();
        let t = Instant::now();
        assert_eq!(g.tier("1"), None, "unknown until a header says");
        let acc = r#"{"acc_id_util_pct":1,"ads_api_access_tier":"limited_access"}"#;
        g.observe("1", read_usage(None, Some(acc), "1").unwrap(), t);
        assert_eq!(g.tier("1"), Some(AccessTier::Limited));
        assert_eq!(g.max_points("1"), Some(60));
        // A later answer without a tier keeps the one known.
        g.observe(
            "1",
            read_usage(None, Some(r#"{"acc_id_util_pct":2}"#), "1").unwrap(),
            t,
        );
        assert_eq!(g.tier("1"), Some(AccessTier::Limited));
    }

    #[test]
    fn below_75_percent_calls_go_at_once_and_above_they_slow_down() {
        let g = Gate::new();
        let t = Instant::now();
        g.observe(
            "1",
            Reported {
                pct: 50,
                max_points: Some(9000),
                ..Default::default()
            },
            t,
        );
        assert_eq!(g.wait_before("1", 3, t), Duration::ZERO);
        g.observe(
            "1",
            Reported {
                pct: 90,
                max_points: Some(9000),
                ..Default::default()
            },
            t,
        );
        let w = g.wait_before("1", 3, t);
        assert!(w > Duration::ZERO && w <= MAX_SLOW_DELAY, "{w:?}");
    }

    #[test]
    fn above_75_percent_a_call_that_waited_its_turn_goes_and_the_next_waits_for_its_own() {
        // Before, the wait was worked out again from the same usage after every pause, so at
        // 76% no call ever went until fresh usage came in (a launch stalled for good).
        let g = Gate::new();
        let t = Instant::now();
        let at_90 = Reported {
            pct: 90,
            max_points: Some(9000),
            ..Default::default()
        };
        g.observe("1", at_90, t);
        let w = g.try_acquire("1", 3, t);
        assert!(w > Duration::ZERO && w <= MAX_SLOW_DELAY, "{w:?}");
        assert_eq!(
            g.try_acquire("1", 3, t + w),
            Duration::ZERO,
            "its turn came"
        );
        let next = g.try_acquire("1", 3, t + w);
        assert_eq!(next, w, "the next call is spaced after the one that went");
        assert_eq!(g.try_acquire("1", 3, t + w + next), Duration::ZERO);
    }

    #[test]
    fn a_call_that_would_go_over_the_tier_waits_for_the_window() {
        let g = Gate::new();
        let t = Instant::now();
        g.observe(
            "1",
            Reported {
                pct: 0,
                max_points: Some(60),
                ..Default::default()
            },
            t,
        );
        for i in 0..20 {
            g.charge("1", 3, t + Duration::from_secs(i));
        }
        let w = g.wait_before("1", 3, t + Duration::from_secs(20));
        assert_eq!(
            w,
            Duration::from_secs(280),
            "the first call leaves the window at 300 s"
        );
        assert_eq!(
            g.wait_before("1", 3, t + Duration::from_secs(300)),
            Duration::ZERO
        );
    }

    #[test]
    fn at_100_percent_the_account_pauses_for_the_regain_time() {
        let g = Gate::new();
        let t = Instant::now();
        g.observe(
            "1",
            Reported {
                pct: 100,
                regain: Duration::from_secs(120),
                ..Default::default()
            },
            t,
        );
        assert_eq!(g.wait_before("1", 1, t), Duration::from_secs(120));
        assert_eq!(
            g.wait_before("2", 1, t),
            Duration::ZERO,
            "other accounts go on"
        );
    }
}
