//! The sandbox's minimum daily budgets: `GET /act_<id>/minimum_budgets` in Meta's shape (one
//! MinimumBudget node in `data`: `currency` and the four int32 `min_daily_budget_*` amounts in
//! the currency's minor unit), and the refusal of an ad set or a campaign whose budget is under
//! them (code 100, subcode 1885272, "budget too low" in Meta's error reference). Written from
//! Meta's reference (`meta-dynamic-creative.md` §2.2), never from dcw's validator: the table and
//! which goal falls under which minimum are the sandbox's own reading.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::error::GraphError;
use crate::spec::{AdSet, Campaign, Currency, Lenient, Money, OptimizationGoal};

/// The four minimums, in minor units: impressions, high-frequency actions, low-frequency
/// actions, video views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Minimums {
    pub imp: i64,
    pub high_freq: i64,
    pub low_freq: i64,
    pub video_views: i64,
}

/// The sandbox's accounts' minimums by currency. USD: Meta's illustration (impressions $0.50,
/// clicks, likes and video views $2.50, low-frequency actions $40), not doubled. JPY: the
/// sandbox's own, the USD figures at ¥150 to the dollar. Other currencies: USD's figures.
pub fn for_currency(code: &str) -> Minimums {
    match code {
        "JPY" => Minimums {
            imp: 75,
            high_freq: 375,
            low_freq: 6000,
            video_views: 375,
        },
        _ => Minimums {
            imp: 50,
            high_freq: 250,
            low_freq: 4000,
            video_views: 250,
        },
    }
}

impl Minimums {
    /// With a manual bid (`bid_amount`), Meta's rule: at least the bid for impressions, five
    /// times the bid for actions.
    fn with_bid(self, bid: Option<i64>) -> Minimums {
        let Some(bid) = bid.filter(|b| *b > 0) else {
            return self;
        };
        let five = bid.saturating_mul(5);
        Minimums {
            imp: self.imp.max(bid),
            high_freq: self.high_freq.max(five),
            low_freq: self.low_freq.max(five),
            video_views: self.video_views.max(five),
        }
    }

    /// The minimum for an ad set optimizing for `goal` (the sandbox's reading of Meta's field
    /// descriptions): impressions and reach, installs, video views, and every other action.
    fn for_goal(&self, goal: Option<&Lenient<OptimizationGoal>>) -> i64 {
        use OptimizationGoal as G;
        match goal.and_then(Lenient::known) {
            Some(G::Impressions | G::Reach | G::AdRecallLift) => self.imp,
            Some(G::AppInstalls | G::AppInstallsAndOffsiteConversions) => self.low_freq,
            Some(G::Thruplay | G::TwoSecondContinuousVideoViews) => self.video_views,
            _ => self.high_freq,
        }
    }
}

/// The edge's answer for an account in `currency`, with the `bid_amount` parameter if given.
pub fn edge(currency: &str, bid_amount: Option<&str>) -> Result<Value, GraphError> {
    let bid = match bid_amount {
        None => None,
        Some(t) => Some(t.trim().parse::<i64>().map_err(|_| {
            GraphError::invalid(format!(
                "Invalid parameter: bid_amount must be an integer, got {t:?}"
            ))
        })?),
    };
    let m = for_currency(currency).with_bid(bid);
    Ok(json!({
        "data": [{
            "currency": currency,
            "min_daily_budget_imp": m.imp,
            "min_daily_budget_high_freq": m.high_freq,
            "min_daily_budget_low_freq": m.low_freq,
            "min_daily_budget_video_views": m.video_views,
        }],
        "paging": {},
    }))
}

fn too_low(key: &str, need: i64, currency: &str, per: &str) -> GraphError {
    let amount = Currency::new(currency).map_or(need.to_string(), |c| Money::new(need).display(&c));
    let text = format!("Your budget is too low. This {per} budget must be at least {amount}.");
    GraphError::invalid(format!("Invalid parameter: {text}"))
        .user("Budget Too Low", text)
        .blame(&[key])
        .subcode(1885272)
}

/// The days between start (or now) and end, a part day counting as a day.
fn days(s: &AdSet, now: DateTime<Utc>) -> Option<i64> {
    let start = s.start_time.as_ref().and_then(|t| t.utc()).unwrap_or(now);
    let end = s.end_time.as_ref().and_then(|t| t.utc())?;
    let secs = (end - start).num_seconds();
    (secs > 0).then(|| (secs + 86_399) / 86_400)
}

/// `POST /act_<id>/adsets`: its own budget against the minimum for its goal (a lifetime budget
/// against the minimum for each day of its schedule).
pub fn ad_set(s: &AdSet, currency: &str, now: DateTime<Utc>) -> Result<(), GraphError> {
    let m = for_currency(currency).with_bid(s.bid_amount.map(|b| b.minor));
    let daily = m.for_goal(s.optimization_goal.as_ref());
    if let Some(b) = s.daily_budget
        && b.minor < daily
    {
        return Err(too_low("daily_budget", daily, currency, "ad set's daily"));
    }
    if let (Some(b), Some(d)) = (s.lifetime_budget, days(s, now)) {
        let need = daily.saturating_mul(d);
        if b.minor < need {
            return Err(too_low(
                "lifetime_budget",
                need,
                currency,
                "ad set's lifetime",
            ));
        }
    }
    Ok(())
}

/// `POST /act_<id>/campaigns` with a daily budget: at least the lowest minimum (impressions),
/// as the goals of its ad sets are not known yet (the sandbox's own rule).
pub fn campaign(c: &Campaign, currency: &str) -> Result<(), GraphError> {
    let m = for_currency(currency);
    match c.daily_budget {
        Some(b) if b.minor < m.imp => {
            Err(too_low("daily_budget", m.imp, currency, "campaign's daily"))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_edge_answers_in_metas_shape_and_a_bid_raises_the_minimums() {
        let v = edge("USD", None).unwrap();
        assert_eq!(v["data"][0]["min_daily_budget_high_freq"], 250);
        assert_eq!(v["data"][0]["currency"], "USD");
        assert!(v["paging"].is_object());
        let v = edge("USD", Some("100")).unwrap();
        assert_eq!(v["data"][0]["min_daily_budget_imp"], 100);
        assert_eq!(v["data"][0]["min_daily_budget_high_freq"], 500);
        assert!(edge("USD", Some("ten")).is_err());
    }
}
