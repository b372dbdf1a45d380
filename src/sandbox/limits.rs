//! The per-ad-account score limit: reads cost 1 point, writes 3; the score decays over 300 s;
//! over the tier's maximum the account is blocked. Every answer reports usage in Meta's headers.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use serde_json::json;

use super::config::{SCORE_WINDOW, Tier};
use super::error::GraphError;

pub const READ_POINTS: u32 = 1;
pub const WRITE_POINTS: u32 = 3;

#[derive(Debug, Default)]
struct Score {
    calls: VecDeque<(Instant, u32)>,
    blocked_until: Option<Instant>,
}

impl Score {
    fn decay(&mut self, now: Instant) {
        while let Some(&(t, _)) = self.calls.front() {
            if now.duration_since(t) >= SCORE_WINDOW {
                self.calls.pop_front();
            } else {
                break;
            }
        }
    }

    fn points(&self) -> u32 {
        self.calls.iter().map(|(_, p)| p).sum()
    }
}

/// Scores of every ad account.
#[derive(Debug)]
pub struct Limits {
    tier: Tier,
    scores: HashMap<String, Score>,
}

/// Usage of one account at one moment, for the headers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Usage {
    pub pct: u32,
    pub regain: Duration,
    pub reset: Duration,
}

impl Limits {
    pub fn new(tier: Tier) -> Self {
        Limits {
            tier,
            scores: HashMap::new(),
        }
    }

    pub fn tier(&self) -> Tier {
        self.tier
    }

    /// Charges a call to `account`; refuses it while the account is blocked or when it would
    /// go over the limit (which starts the block).
    pub fn charge(&mut self, account: &str, points: u32, now: Instant) -> Result<(), GraphError> {
        let tier = self.tier;
        let score = self.scores.entry(account.to_string()).or_default();
        score.decay(now);
        if let Some(until) = score.blocked_until {
            if now < until {
                return Err(GraphError::ads_management_limit());
            }
            score.blocked_until = None;
            score.calls.clear();
        }
        if score.points() + points > tier.max_points() {
            score.blocked_until = Some(now + tier.block());
            return Err(GraphError::account_limit());
        }
        score.calls.push_back((now, points));
        Ok(())
    }

    /// Marks an account as at its limit (the `rate-limit` fault).
    pub fn saturate(&mut self, account: &str, now: Instant) {
        let tier = self.tier;
        let score = self.scores.entry(account.to_string()).or_default();
        score.blocked_until = Some(now + tier.block());
    }

    pub fn usage(&mut self, account: &str, now: Instant) -> Usage {
        let tier = self.tier;
        let score = self.scores.entry(account.to_string()).or_default();
        score.decay(now);
        if let Some(until) = score.blocked_until.filter(|u| now < *u) {
            return Usage {
                pct: 100,
                regain: until - now,
                reset: until - now,
            };
        }
        let pct = (score.points() * 100 / tier.max_points()).min(100);
        let reset = score.calls.front().map_or(Duration::ZERO, |(t, _)| {
            SCORE_WINDOW.saturating_sub(now.duration_since(*t))
        });
        Usage {
            pct,
            regain: Duration::ZERO,
            reset,
        }
    }

    /// Accounts that have been called, for unscoped answers.
    pub fn known_accounts(&self, real: &[String]) -> Vec<String> {
        let mut v: Vec<String> = self
            .scores
            .keys()
            .filter(|k| real.contains(k))
            .cloned()
            .collect();
        v.sort();
        v
    }
}

/// `X-Business-Use-Case-Usage` for these accounts (`estimated_time_to_regain_access` in minutes).
pub fn buc_header(tier: Tier, usages: &[(String, Usage)]) -> String {
    let mut m = serde_json::Map::new();
    for (account, u) in usages {
        m.insert(
            account.clone(),
            json!([{
                "type": "ads_management",
                "call_count": u.pct,
                "total_cputime": u.pct / 4,
                "total_time": u.pct / 4,
                "estimated_time_to_regain_access": u.regain.as_secs().div_ceil(60),
                "ads_api_access_tier": tier.wire_name(),
            }]),
        );
    }
    serde_json::Value::Object(m).to_string()
}

/// `X-Ad-Account-Usage` (`reset_time_duration` in seconds).
pub fn ad_account_header(tier: Tier, u: Usage) -> String {
    json!({
        "acc_id_util_pct": u.pct,
        "reset_time_duration": u.reset.as_secs(),
        "ads_api_access_tier": tier.wire_name(),
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_tier_blocks_after_sixty_points_for_five_minutes() {
        let mut l = Limits::new(Tier::Limited);
        let t0 = Instant::now();
        for _ in 0..20 {
            l.charge("1", WRITE_POINTS, t0).unwrap();
        }
        assert_eq!(l.usage("1", t0).pct, 100);
        let e = l.charge("1", READ_POINTS, t0).unwrap_err();
        assert_eq!((e.code, e.subcode), (17, Some(2446079)));
        let e = l
            .charge("1", READ_POINTS, t0 + Duration::from_secs(299))
            .unwrap_err();
        assert_eq!(e.code, 80004);
        assert!(
            l.charge("1", READ_POINTS, t0 + Duration::from_secs(301))
                .is_ok()
        );
        assert!(
            l.charge("2", READ_POINTS, t0).is_ok(),
            "other accounts are unaffected"
        );
    }

    #[test]
    fn score_decays_over_the_window() {
        let mut l = Limits::new(Tier::Limited);
        let t0 = Instant::now();
        for _ in 0..20 {
            l.charge("1", WRITE_POINTS, t0).unwrap();
        }
        assert!(
            l.charge("1", WRITE_POINTS, t0 + Duration::from_secs(300))
                .is_ok()
        );
    }

    #[test]
    fn headers_are_in_metas_shape() {
        let u = Usage {
            pct: 50,
            regain: Duration::from_secs(90),
            reset: Duration::from_secs(120),
        };
        let buc: serde_json::Value =
            serde_json::from_str(&buc_header(Tier::Limited, &[("123".into(), u)])).unwrap();
        assert_eq!(buc["123"][0]["type"], "ads_management");
        assert_eq!(buc["123"][0]["estimated_time_to_regain_access"], 2);
        let acc: serde_json::Value =
            serde_json::from_str(&ad_account_header(Tier::Limited, u)).unwrap();
        assert_eq!(acc["acc_id_util_pct"], 50);
        assert_eq!(acc["reset_time_duration"], 120);
    }
}
