//! Budgets under Meta's minimum daily budget (`spec::minimums`): with the account's own
//! minimums (read from `minimum_budgets`) a budget under them is an error; without them, under
//! the lowest minimum any account in the currency has is an error and under the doubled one
//! (accounts in the US, the UK and 22 other countries) a warning, as the account's country is
//! not known. A lifetime budget must cover the daily minimum for each day of its schedule.

use chrono::{DateTime, FixedOffset};

use super::super::enums::OptimizationGoal;
use super::super::lenient::Lenient;
use super::super::minimums::{DOUBLED_COUNTRIES, MinimumBudgets, bucket, schedule_days};
use super::super::model::{AdSet, LaunchSpec};
use super::super::values::{Currency, Money};
use super::super::zone;
use super::{Context, Facts, Report, at};

/// The minimums a budget is held to: `firm` refuses, `soft` warns.
struct Floors {
    firm: MinimumBudgets,
    soft: Option<MinimumBudgets>,
    /// The account's own minimums (else the built-in table).
    account: bool,
    /// The ad set's manual bid (`bid_amount`, minor units), which raises the minimums.
    bid: Option<i64>,
}

impl Floors {
    /// The floors for an ad set bidding `bid_amount`: Meta's `minimum_budgets` for a manual bid
    /// is at least the bid for impressions and five times it for actions (§2.2), so a budget
    /// the bid cannot spend is refused here, not when the ad set is created.
    fn with_bid(self, bid: Option<Money>) -> Floors {
        let Some(bid) = bid.map(|b| b.minor).filter(|b| *b > 0) else {
            return self;
        };
        Floors {
            firm: self.firm.with_bid(bid),
            soft: self.soft.map(|s| s.with_bid(bid)),
            account: self.account,
            bid: Some(bid),
        }
    }
}

fn floors(ctx: &Context) -> Option<Floors> {
    let (facts, currency) = (ctx.facts, ctx.currency.as_ref()?);
    if let Some(m) = facts.minimums.as_ref().filter(|m| &m.currency == currency) {
        return Some(Floors {
            firm: m.clone(),
            soft: None,
            account: true,
            bid: None,
        });
    }
    MinimumBudgets::builtin(currency).map(|b| Floors {
        soft: Some(b.times(2)),
        firm: b,
        account: false,
        bid: None,
    })
}

/// One budget to hold to the minimums: where it is, how the wizard labels it, how much, and
/// over how many days (`None` for a daily budget).
struct Budget<'a> {
    path: String,
    label: &'a str,
    minor: i64,
    days: Option<i64>,
}

fn money(minor: i64, c: &Currency) -> String {
    Money::new(minor).display(c)
}

fn check_budget(b: Budget, goal: OptimizationGoal, f: &Floors, r: &mut Report) {
    if b.minor <= 0 {
        return;
    }
    let c = &f.firm.currency;
    let k = b.days.unwrap_or(1);
    let need = |m: &MinimumBudgets| m.daily(bucket(goal)).saturating_mul(k);
    let amount = match b.days {
        None => format!("{} a day", money(b.minor, c)),
        Some(d) => format!("{} for {d} days", money(b.minor, c)),
    };
    let total = |m: &MinimumBudgets| match b.days {
        None => String::new(),
        Some(d) => format!(", {} over {d} days", money(need(m), c)),
    };
    let label = b.label;
    let bid = f
        .bid
        .map(|bid| format!(" with a bid of {}", money(bid, c)))
        .unwrap_or_default();
    if b.minor < need(&f.firm) {
        let whose = if f.account {
            "this ad account's minimum: Meta takes".to_string()
        } else {
            format!("Meta's minimum: every {c} account needs")
        };
        r.error(
            b.path,
            "budget.under_minimum",
            format!(
                "{label} {amount} is under {whose} {}{bid}{}.",
                f.firm.phrase(goal),
                total(&f.firm)
            ),
        )
        .hint(format!("Raise it to at least {}.", money(need(&f.firm), c)));
    } else if let Some(soft) = f.soft.as_ref().filter(|s| b.minor < need(s)) {
        r.warn(
            b.path,
            "budget.under_doubled_minimum",
            format!(
                "{label} {amount} may be too low: accounts based in the US, the UK, Canada and {} other countries need {}{bid}{}.",
                DOUBLED_COUNTRIES.len() - 3,
                soft.phrase(goal),
                total(soft)
            ),
        )
        .hint(format!(
            "Raise it to at least {}, unless the ad account is based elsewhere.",
            money(need(soft), c)
        ));
    }
}

/// When an ad set runs, in the account's zone: its start (or now) and its end, if any.
fn window(a: &AdSet, facts: &Facts) -> Option<(DateTime<FixedOffset>, DateTime<FixedOffset>)> {
    let tz = facts.time_zone;
    let start = a
        .start_time
        .as_ref()
        .and_then(|t| zone::instant_in(t, tz))
        .unwrap_or_else(|| facts.now.fixed_offset());
    let end = a.end_time.as_ref().and_then(|t| zone::instant_in(t, tz))?;
    (end > start).then_some((start, end))
}

fn goal_of(a: &AdSet) -> Option<OptimizationGoal> {
    match &a.optimization_goal {
        Some(Lenient::Known(g)) => Some(*g),
        _ => None,
    }
}

/// An ad set's own budget against the minimum for its goal.
pub(super) fn check_ad_set(a: &AdSet, base: &str, ctx: &Context, r: &mut Report) {
    if ctx.campaign_budget {
        return;
    }
    let (Some(goal), Some(f)) = (goal_of(a), floors(ctx)) else {
        return;
    };
    let f = f.with_bid(a.bid_amount);
    if let Some(m) = a.daily_budget {
        let b = Budget {
            path: at(base, "daily_budget"),
            label: "Budget",
            minor: m.minor,
            days: None,
        };
        check_budget(b, goal, &f, r);
    }
    if let (Some(m), Some((start, end))) = (a.lifetime_budget, window(a, ctx.facts)) {
        let b = Budget {
            path: at(base, "lifetime_budget"),
            label: "Budget",
            minor: m.minor,
            days: Some(schedule_days(start, end, ctx.facts.time_zone)),
        };
        check_budget(b, goal, &f, r);
    }
}

/// A campaign budget (Advantage campaign budget) must at least fund the ad set with the highest
/// minimum for the longest schedule: dcw's lower bound, as Meta spreads it over the ad sets.
pub(super) fn check_campaign(spec: &LaunchSpec, ctx: &Context, r: &mut Report) {
    let Some(f) = floors(ctx) else { return };
    let sets = spec.effective_ad_sets();
    let Some(goal) = sets
        .iter()
        .filter_map(|(_, s)| goal_of(s))
        .max_by_key(|g| f.firm.daily(bucket(*g)))
    else {
        return;
    };
    if let Some(m) = ctx.campaign.daily_budget {
        let b = Budget {
            path: "campaign.daily_budget".into(),
            label: "Campaign budget",
            minor: m.minor,
            days: None,
        };
        check_budget(b, goal, &f, r);
    }
    let days = sets
        .iter()
        .filter_map(|(_, s)| window(s, ctx.facts))
        .map(|(s, e)| schedule_days(s, e, ctx.facts.time_zone))
        .max();
    if let (Some(m), Some(days)) = (ctx.campaign.lifetime_budget, days) {
        let b = Budget {
            path: "campaign.lifetime_budget".into(),
            label: "Campaign budget",
            minor: m.minor,
            days: Some(days),
        };
        check_budget(b, goal, &f, r);
    }
}
