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
        match &self.currency {
            Some(c) => Money::new(minor).display(c),
            None => format!("{minor} (minor units)"),
        }
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
}
