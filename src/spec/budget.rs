//! The money a spec puts at stake, as one line: `dcw submit`'s plan and the wizard's Review step
//! show the same text.
//!
//! Meta takes a budget either on the campaign (Advantage campaign budget) or on the ad sets, not
//! both, and one object takes a daily or a lifetime budget, not both (`meta-dynamic-creative.md`,
//! DOC-CAMP and DOC-ADSET). The validator says so; the summary shows what the spec says, every
//! budget it sets at each level, so a spec Meta would refuse never reads as one it would take:
//! `$50.00 USD daily + $300.00 USD lifetime, campaign budget`.

use std::fmt;

use super::{Currency, LaunchSpec, Money};

/// The budgets set at one level, in minor units (ad sets' added up, saturating).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Budgets {
    pub daily: Option<i64>,
    pub lifetime: Option<i64>,
}

impl Budgets {
    fn is_empty(&self) -> bool {
        self.daily.is_none() && self.lifetime.is_none()
    }

    fn add(&mut self, daily: Option<Money>, lifetime: Option<Money>) {
        let plus = |sum: Option<i64>, m: Option<Money>| match (sum, m) {
            (s, None) => s,
            (s, Some(m)) => Some(s.unwrap_or(0).saturating_add(m.minor)),
        };
        self.daily = plus(self.daily, daily);
        self.lifetime = plus(self.lifetime, lifetime);
    }
}

/// What a spec spends: the campaign's budgets, and the ad sets' (one per audience) added up.
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetSummary {
    pub campaign: Budgets,
    pub ad_sets: Budgets,
    /// How many ad sets the launch makes.
    pub ad_set_count: usize,
    /// The account's currency; without it amounts show in minor units.
    pub currency: Option<Currency>,
}

impl BudgetSummary {
    pub fn of(spec: &LaunchSpec, currency: Option<&Currency>) -> BudgetSummary {
        let mut campaign = Budgets::default();
        if let Some(c) = &spec.campaign {
            campaign.add(c.daily_budget, c.lifetime_budget);
        }
        let sets = spec.effective_ad_sets();
        let mut ad_sets = Budgets::default();
        for (_, s) in &sets {
            ad_sets.add(s.daily_budget, s.lifetime_budget);
        }
        BudgetSummary {
            campaign,
            ad_sets,
            ad_set_count: sets.len(),
            currency: currency.cloned(),
        }
    }

    fn money(&self, minor: i64) -> String {
        Money::new(minor).display_or_minor(self.currency.as_ref())
    }

    /// `$50.00 USD daily + $300.00 USD lifetime`: every budget set at one level.
    fn amounts(&self, b: &Budgets) -> String {
        let daily = b.daily.map(|m| format!("{} daily", self.money(m)));
        let lifetime = b.lifetime.map(|m| format!("{} lifetime", self.money(m)));
        daily
            .into_iter()
            .chain(lifetime)
            .collect::<Vec<_>>()
            .join(" + ")
    }
}

impl fmt::Display for BudgetSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let on_campaign = !self.campaign.is_empty();
        let on_sets = !self.ad_sets.is_empty();
        if !on_campaign && !on_sets {
            return f.write_str("no budget set");
        }
        if on_campaign {
            write!(f, "{}, campaign budget", self.amounts(&self.campaign))?;
        }
        if on_sets {
            if on_campaign {
                f.write_str("; ")?;
            }
            f.write_str(&self.amounts(&self.ad_sets))?;
            let n = self.ad_set_count;
            if n > 1 {
                write!(f, " over {n} ad sets")?;
            } else if on_campaign {
                f.write_str(", ad set budget")?;
            }
        }
        Ok(())
    }
}

/// The money line of a spec: [`BudgetSummary`] as text.
pub fn summary(spec: &LaunchSpec, currency: Option<&Currency>) -> String {
    BudgetSummary::of(spec, currency).to_string()
}

/// What one ad set (or the campaign, with a campaign budget) can spend over its schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spend {
    /// At most this much in all: a lifetime budget, or a daily one times the days.
    Total(i64),
    /// A daily budget with no end date: this much a day until stopped.
    PerDay(i64),
}

/// The most each ad set can spend over its schedule (`name: $20.00 USD a day × 21 days =
/// $420.00 USD`) and the launch in all; with a campaign budget, the campaign's alone. Dates are
/// read in the account's zone `tz`; a schedule without a start starts `now`.
pub fn schedule_spend(
    spec: &LaunchSpec,
    currency: Option<&Currency>,
    tz: Option<super::zone::Tz>,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<String> {
    let money = |m: i64| Money::new(m).display_or_minor(currency);
    let sets = spec.effective_ad_sets();
    let days_of = |s: &super::AdSet| {
        let read = |t: Option<&super::GraphTime>| t.and_then(|t| super::zone::instant_in(t, tz));
        let start = read(s.start_time.as_ref()).unwrap_or_else(|| now.fixed_offset());
        let end = read(s.end_time.as_ref())?;
        (end > start).then(|| super::minimums::schedule_days(start, end, tz))
    };
    let one = |daily: Option<Money>, lifetime: Option<Money>, days: Option<i64>| match (
        daily, lifetime, days,
    ) {
        (Some(d), _, Some(n)) => Some((
            Spend::Total(d.minor.saturating_mul(n)),
            format!(
                "{} a day × {n} days = {}",
                money(d.minor),
                money(d.minor.saturating_mul(n))
            ),
        )),
        (Some(d), _, None) => Some((
            Spend::PerDay(d.minor),
            format!("no end date: {} a day until stopped", money(d.minor)),
        )),
        (None, Some(l), Some(n)) => Some((
            Spend::Total(l.minor),
            format!("{} lifetime over {n} days", money(l.minor)),
        )),
        (None, Some(l), None) => Some((
            Spend::Total(l.minor),
            format!("{} lifetime", money(l.minor)),
        )),
        (None, None, _) => None,
    };
    let mut rows: Vec<(String, Spend, String)> = Vec::new();
    if let Some(c) = spec
        .campaign
        .as_ref()
        .filter(|c| c.daily_budget.is_some() || c.lifetime_budget.is_some())
    {
        let days = sets.iter().filter_map(|(_, s)| days_of(s)).max();
        let ongoing = sets.iter().any(|(_, s)| days_of(s).is_none());
        if let Some((spend, text)) =
            one(c.daily_budget, c.lifetime_budget, days.filter(|_| !ongoing))
        {
            rows.push(("Campaign budget".into(), spend, text));
        }
    } else {
        for (i, (_, s)) in sets.iter().enumerate() {
            let name = s
                .name
                .clone()
                .unwrap_or_else(|| format!("Ad set {}", i + 1));
            if let Some((spend, text)) = one(s.daily_budget, s.lifetime_budget, days_of(s)) {
                rows.push((name, spend, text));
            }
        }
    }
    let mut out: Vec<String> = rows.iter().map(|(n, _, t)| format!("{n}: {t}")).collect();
    // One ad set's line is already the whole: "In all" only adds up several.
    if rows.len() > 1 {
        let total: i64 = rows
            .iter()
            .filter_map(|(_, s, _)| match s {
                Spend::Total(m) => Some(*m),
                Spend::PerDay(_) => None,
            })
            .fold(0, i64::saturating_add);
        let per_day: i64 = rows
            .iter()
            .filter_map(|(_, s, _)| match s {
                Spend::PerDay(m) => Some(*m),
                Spend::Total(_) => None,
            })
            .fold(0, i64::saturating_add);
        out.push(match (total, per_day) {
            (t, 0) => format!("In all: at most {}", money(t)),
            (0, d) => format!("In all: {} a day until stopped", money(d)),
            (t, d) => format!(
                "In all: at most {} over the dated schedules, plus {} a day until stopped",
                money(t),
                money(d)
            ),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn spec(v: Value) -> LaunchSpec {
        serde_json::from_value(v).expect("a spec")
    }

    fn usd() -> Option<Currency> {
        Currency::new("USD")
    }

    /// One row per case: the spec's budgets, the currency, the line.
    #[test]
    fn the_money_line_shows_every_budget_the_spec_sets_at_each_level() {
        let two_audiences = |a: Value, b: Value| json!([a, b]);
        let rows: Vec<(&str, Value, Option<Currency>, &str)> = vec![
            ("nothing set", json!({}), usd(), "no budget set"),
            (
                "campaign daily only (CBO)",
                json!({"campaign": {"daily_budget": 5000}}),
                usd(),
                "$50.00 USD daily, campaign budget",
            ),
            (
                "campaign lifetime only",
                json!({"campaign": {"lifetime_budget": 30000}}),
                usd(),
                "$300.00 USD lifetime, campaign budget",
            ),
            (
                "campaign with both (Meta refuses it; both shown, daily first)",
                json!({"campaign": {"daily_budget": 5000, "lifetime_budget": 30000}}),
                usd(),
                "$50.00 USD daily + $300.00 USD lifetime, campaign budget",
            ),
            (
                "one ad set, daily",
                json!({"ad_set": {"daily_budget": 2000}}),
                usd(),
                "$20.00 USD daily",
            ),
            (
                "one ad set, lifetime",
                json!({"ad_set": {"lifetime_budget": 50000}}),
                usd(),
                "$500.00 USD lifetime",
            ),
            (
                "one ad set with both",
                json!({"ad_set": {"daily_budget": 2000, "lifetime_budget": 50000}}),
                usd(),
                "$20.00 USD daily + $500.00 USD lifetime",
            ),
            (
                "two audiences, lifetime, added up",
                json!({"ad_set": {"lifetime_budget": 40000},
                       "audiences": two_audiences(json!({"name": "A"}), json!({"name": "B"}))}),
                usd(),
                "$800.00 USD lifetime over 2 ad sets",
            ),
            (
                "two audiences, one daily and one lifetime",
                json!({"audiences": two_audiences(
                    json!({"name": "A", "daily_budget": 1000}),
                    json!({"name": "B", "lifetime_budget": 9000}))}),
                usd(),
                "$10.00 USD daily + $90.00 USD lifetime over 2 ad sets",
            ),
            (
                "campaign and ad set both (Meta refuses it; both levels shown)",
                json!({"campaign": {"lifetime_budget": 30000},
                       "ad_set": {"daily_budget": 2000}}),
                usd(),
                "$300.00 USD lifetime, campaign budget; $20.00 USD daily, ad set budget",
            ),
            (
                "campaign and two ad sets",
                json!({"campaign": {"daily_budget": 5000},
                       "ad_set": {"daily_budget": 2000},
                       "audiences": two_audiences(json!({"name": "A"}), json!({"name": "B"}))}),
                usd(),
                "$50.00 USD daily, campaign budget; $40.00 USD daily over 2 ad sets",
            ),
            (
                "no currency: minor units",
                json!({"campaign": {"daily_budget": 5000, "lifetime_budget": 30000}}),
                None,
                "5000 (minor units) daily + 30000 (minor units) lifetime, campaign budget",
            ),
            (
                "a zero-decimal currency",
                json!({"ad_set": {"daily_budget": 5000}}),
                Currency::new("JPY"),
                "¥5,000 JPY daily",
            ),
        ];
        for (case, v, currency, want) in rows {
            assert_eq!(summary(&spec(v), currency.as_ref()), want, "{case}");
        }
    }

    #[test]
    fn budgets_at_the_edge_of_the_integer_range_add_up_without_overflowing() {
        let s = spec(json!({"audiences": [
            {"name": "A", "daily_budget": i64::MAX},
            {"name": "B", "daily_budget": i64::MAX}
        ]}));
        let b = BudgetSummary::of(&s, None);
        assert_eq!(b.ad_sets.daily, Some(i64::MAX));
        assert_eq!(b.ad_set_count, 2);
    }

    /// One row per schedule: the spec, the lines Review shows.
    #[test]
    fn the_schedule_spend_is_daily_times_days_per_ad_set_and_in_all() {
        use chrono::TimeZone;
        let now = chrono::Utc
            .with_ymd_and_hms(2026, 11, 25, 12, 0, 0)
            .unwrap();
        let tz = crate::spec::zone::zone("America/New_York");
        let window = json!({"start_time": "2026-12-01", "end_time": "2026-12-22"});
        let with = |extra: Value| {
            let mut set = window.clone();
            set.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            set
        };
        let rows: Vec<(&str, Value, Vec<&str>)> = vec![
            (
                "daily over 21 days",
                json!({"ad_set": with(json!({"name": "Boots", "daily_budget": 2000}))}),
                vec!["Boots: $20.00 USD a day × 21 days = $420.00 USD"],
            ),
            (
                "no end date",
                json!({"ad_set": {"name": "Boots", "daily_budget": 2000}}),
                vec!["Boots: no end date: $20.00 USD a day until stopped"],
            ),
            (
                "lifetime as it is",
                json!({"ad_set": with(json!({"name": "Boots", "lifetime_budget": 50000}))}),
                vec!["Boots: $500.00 USD lifetime over 21 days"],
            ),
            (
                "two audiences",
                json!({"ad_set": with(json!({"name": "Boots"})),
                       "audiences": [{"name": "A", "daily_budget": 1000},
                                     {"name": "B", "lifetime_budget": 30000}]}),
                vec![
                    "Boots · A: $10.00 USD a day × 21 days = $210.00 USD",
                    "Boots · B: $300.00 USD lifetime over 21 days",
                    "In all: at most $510.00 USD",
                ],
            ),
            (
                "campaign budget",
                json!({"campaign": {"daily_budget": 5000}, "ad_set": with(json!({"name": "Boots"}))}),
                vec!["Campaign budget: $50.00 USD a day × 21 days = $1,050.00 USD"],
            ),
        ];
        for (case, v, want) in rows {
            assert_eq!(
                schedule_spend(&spec(v), usd().as_ref(), tz, now),
                want,
                "{case}"
            );
        }
    }
}
