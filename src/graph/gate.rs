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
    /// When Meta last reported `pct`: a report counts calls of Meta's window before it, so it
    /// ages out of that window, and our calls after it count on top of it.
    observed_at: Option<Instant>,
    /// Our own calls in the window: when, and their cost.
    calls: VecDeque<(Instant, u32)>,
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

    /// Usage as Meta last reported it, while that report is inside Meta's window; zero once
    /// every call it counted has left the window.
    fn live_pct(&self, now: Instant) -> u32 {
        match self.observed_at {
            Some(at) if now.duration_since(at) < WINDOW => self.pct,
            _ => 0,
        }
    }

    /// Points used in the window: what Meta reported plus our calls sent since, or our own
    /// calls alone when they are more.
    fn used_points(&self, max: u32, now: Instant) -> u32 {
        let since: u32 = match self.observed_at {
            Some(at) => self
                .calls
                .iter()
                .filter(|(t, _)| *t >= at)
                .map(|(_, p)| p)
                .sum(),
            None => 0,
        };
        (self.live_pct(now) * max / 100 + since).max(self.own_points())
    }

    /// How long a call of `cost` waits now: a throttle's pause, the tier's points, and above
    /// 75% a pause since the last call or report (a stale report slows calls, never holds them).
    fn wait(&mut self, cost: u32, now: Instant) -> Duration {
        self.decay(now);
        if let Some(until) = self.paused_until {
            if now < until {
                return until - now;
            }
            self.paused_until = None;
        }
        let mut wait = Duration::ZERO;
        if let Some(max) = self.max_points {
            let used = self.used_points(max, now);
            if used + cost > max {
                // Wait until enough of the window's points leave it: our own calls, and the
                // reported ones when Meta's report itself leaves the window.
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
                    let report_leaves = self
                        .observed_at
                        .map_or(WINDOW, |at| (at + WINDOW).saturating_duration_since(now));
                    wait = wait.max(report_leaves.max(Duration::from_millis(10)));
                }
            }
        }
        let pct = self.live_pct(now);
        if pct >= SLOW_FROM_PCT {
            let over = (pct - SLOW_FROM_PCT).min(100 - SLOW_FROM_PCT);
            let pause = MAX_SLOW_DELAY * over / (100 - SLOW_FROM_PCT);
            let last = self.calls.back().map(|(t, _)| *t).max(self.observed_at);
            if let Some(last) = last {
                wait = wait.max((last + pause).saturating_duration_since(now));
            }
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
        map.entry(account.to_string()).or_default().wait(cost, now)
    }

    /// Either charges a call of `cost` points (and returns zero: go) or returns how long to wait,
    /// in one step under one lock, so parallel calls cannot all pass together.
    pub fn try_acquire(&self, account: &str, cost: u32, now: Instant) -> Duration {
        let mut map = self.accounts.lock().unwrap_or_else(|e| e.into_inner());
        let a = map.entry(account.to_string()).or_default();
        let wait = a.wait(cost, now);
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
            // Never shorter than a hold already in place (a throttle error's, or a longer regain).
            let until = now + hold;
            a.paused_until = Some(a.paused_until.map_or(until, |u| u.max(until)));
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

    /// What Meta's headers said: `pct` of `max` points, under `tier`.
    fn report(pct: u32, max: u32, tier: Option<AccessTier>) -> Reported {
        Reported {
            pct,
            max_points: Some(max),
            tier,
            ..Default::default()
        }
    }

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
        g.observe("1", report(50, 9000, None), t);
        assert_eq!(g.wait_before("1", 3, t), Duration::ZERO);
        g.observe("1", report(90, 9000, None), t);
        let w = g.wait_before("1", 3, t);
        assert!(w > Duration::ZERO && w <= MAX_SLOW_DELAY, "{w:?}");
    }

    #[test]
    fn above_75_percent_a_call_that_waited_its_turn_goes_and_the_next_waits_for_its_own() {
        // Before, the wait was worked out again from the same usage after every pause, so at
        // 76% no call ever went until fresh usage came in (a launch stalled for good).
        let g = Gate::new();
        let t = Instant::now();
        let at_90 = report(90, 9000, None);
        g.observe("1", at_90, t);
        let w = g.try_acquire("1", 3, t);
        assert!(w > Duration::ZERO && w <= MAX_SLOW_DELAY, "{w:?}");
        assert_eq!(
            g.try_acquire("1", 3, t + w),
            Duration::ZERO,
            "its turn came"
        );
        let next = g.try_acquire("1", 3, t + w);
        assert!(
            next > Duration::ZERO,
            "the next call is spaced after the one that went"
        );
        assert_eq!(g.try_acquire("1", 3, t + w + next), Duration::ZERO);
    }

    #[test]
    fn a_call_that_would_go_over_the_tier_waits_for_the_window() {
        let g = Gate::new();
        let t = Instant::now();
        g.observe("1", report(0, 60, None), t);
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

    /// What `GraphClient::pace` does: asks, sleeps what it is told, asks again. Returns the time
    /// it took until a call of `cost` could go, or None when it never could within `limit`.
    fn time_to_go(g: &Gate, cost: u32, t: Instant, limit: Duration) -> Option<Duration> {
        let mut waited = Duration::ZERO;
        for _ in 0..10_000 {
            let w = g.try_acquire("1", cost, t + waited);
            if w.is_zero() {
                return Some(waited);
            }
            waited += w;
            if waited > limit {
                return None;
            }
        }
        None
    }

    #[test]
    fn a_usage_report_above_75_percent_slows_calls_down_but_never_holds_them_forever() {
        // A fresh dcw whose first answer says 80% (a launch a minute earlier used 48 of the
        // Limited tier's 60 points) sends nothing more: each call is told to wait 400 ms, and
        // after the wait the same stale report says the same (seen with `dcw sandbox --tier
        // limited`: 15 minutes of "pacing calls" and not one request).
        let g = Gate::new();
        let t = Instant::now();
        g.observe("1", report(80, 60, Some(AccessTier::Limited)), t);
        let first = time_to_go(&g, 3, t, Duration::from_secs(60)).expect("the first call goes");
        assert!(first <= MAX_SLOW_DELAY, "{first:?}");
        // The next calls are spaced, each after its pause, and each goes.
        let next = time_to_go(&g, 3, t + first, Duration::from_secs(60)).expect("the next goes");
        assert!(
            next > Duration::ZERO && next <= MAX_SLOW_DELAY,
            "spaced by the slow-down: {next:?}"
        );
        // A report at 97% of Limited (58 of 60 points) and no call of ours since: the points
        // Meta counted leave its 300 s window, so the call goes by then, not never.
        let g = Gate::new();
        g.observe("1", report(97, 60, Some(AccessTier::Limited)), t);
        let waited =
            time_to_go(&g, 3, t, Duration::from_secs(900)).expect("goes within the window");
        assert!(waited <= WINDOW + MAX_SLOW_DELAY, "{waited:?}");
    }

    #[test]
    fn calls_sent_after_a_usage_report_count_on_top_of_it() {
        // Meta said 80% of 60 points (48); ten uploads of 3 points each sent at once before any
        // answer would take the account to 78 and get it blocked for 300 s: only 4 may go.
        let g = Gate::new();
        let t = Instant::now();
        g.observe("1", report(80, 60, None), t);
        let at = t + Duration::from_secs(1);
        let mut sent = 0;
        for i in 0..10u64 {
            // Each after the slow-down's pause since the previous one.
            if g.try_acquire("1", 3, at + MAX_SLOW_DELAY * (i as u32))
                .is_zero()
            {
                sent += 1;
            }
        }
        assert_eq!(sent, 4, "48 reported + 4 x 3 = 60, the tier's cap");
    }

    #[test]
    fn a_usage_report_never_shortens_a_hold_already_in_place() {
        // A throttle error held the account 60 s; a call sent before it answers a moment later
        // with 100% and no regain time. Before, that answer cut the hold to 5 s, and dcw sent
        // into an account Meta still blocked.
        let g = Gate::new();
        let t = Instant::now();
        g.pause("1", Duration::from_secs(60), t);
        let at = t + Duration::from_secs(1);
        g.observe(
            "1",
            Reported {
                pct: 100,
                ..Default::default()
            },
            at,
        );
        assert_eq!(g.paused_for("1", at), Some(Duration::from_secs(59)));
        // A longer regain still lengthens it.
        g.observe(
            "1",
            Reported {
                pct: 100,
                regain: Duration::from_secs(120),
                ..Default::default()
            },
            at,
        );
        assert_eq!(g.paused_for("1", at), Some(Duration::from_secs(120)));
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
