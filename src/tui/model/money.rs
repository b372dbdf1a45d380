//! What the wizard knows of the account's money and time: its minimum daily budgets (read once
//! per account from `minimum_budgets`, in the background) and its time zone; the help lines
//! that show them under the budget and schedule fields.

use super::Model;
use crate::graph::MinimumBudget;
use crate::launch::minimums_of;
use crate::spec::minimums::{MinimumBudgets, schedule_days};
use crate::spec::zone::{self, Tz};
use crate::spec::{GraphEnum, GraphTime, Money, OptimizationGoal};
use crate::tui::form;
use crate::tui::load::Load;
use crate::tui::msg::Effect;

impl Model {
    /// The account's time zone (its `timezone_name`), once the account is known.
    pub fn time_zone(&self) -> Option<Tz> {
        self.account().and_then(|a| zone::zone(&a.timezone_name))
    }

    /// The account's own minimum budgets, once read.
    pub fn account_minimums(&self) -> Option<&MinimumBudgets> {
        match self.ctx.minimums.get(&self.account_digits()?) {
            Some(Load::Ready(m)) => Some(m),
            _ => None,
        }
    }

    /// Reads the chosen account's minimum budgets, once per account.
    pub fn minimum_reads(&mut self) -> Vec<Effect> {
        match self.account_digits() {
            Some(d) if !self.ctx.minimums.contains_key(&d) => {
                self.ctx.minimums.insert(d.clone(), Load::Loading);
                vec![Effect::LoadMinimums(d)]
            }
            _ => Vec::new(),
        }
    }

    /// The answer of an account's `minimum_budgets`.
    pub fn on_minimums(&mut self, account: String, r: Result<Option<MinimumBudget>, String>) {
        let loaded = match r {
            Ok(node) => match node.as_ref().and_then(minimums_of) {
                Some(m) => Load::Ready(m),
                None => Load::Failed("Meta gave no minimum budgets for this account".into()),
            },
            Err(e) => Load::Failed(e),
        };
        self.ctx.minimums.insert(account, loaded);
        self.revalidate();
    }

    /// Under a budget field: the least Meta takes for the ad set's goal (`At least $2.50 USD
    /// a day for link clicks.`), times the days of the schedule for a lifetime budget.
    pub fn minimum_help(&self, path: &str) -> Option<String> {
        let goal = form::get_str(&self.draft, "ad_set.optimization_goal")
            .and_then(OptimizationGoal::from_wire)?;
        let own = self.account_minimums();
        let loading = self
            .account_digits()
            .and_then(|d| self.ctx.minimums.get(&d))
            .is_some_and(|l| matches!(l, Load::Loading));
        let m = match own {
            Some(m) => m.clone(),
            None if loading => return Some("Reading this account's minimum budgets…".into()),
            None => MinimumBudgets::builtin(&self.currency()?)?,
        };
        let whose = if own.is_some() {
            "this account's minimum"
        } else {
            "Meta's lowest for the currency; twice that in the US and 23 other countries"
        };
        let mut line = format!("{} ({whose})", capitalised(&m.phrase(goal)));
        if path.ends_with("lifetime_budget")
            && let Some(days) = self.schedule_days()
        {
            let total = m
                .daily(crate::spec::minimums::bucket(goal))
                .saturating_mul(days);
            line.push_str(&format!(
                ": {} over the {days} days of the schedule",
                Money::new(total).display(&m.currency)
            ));
        }
        line.push('.');
        Some(line)
    }

    /// The days the template's schedule covers, when it has an end.
    fn schedule_days(&self) -> Option<i64> {
        let tz = self.time_zone();
        let read = |key: &str| {
            form::get(&self.draft, key)
                .and_then(|v| serde_json::from_value::<GraphTime>(v.clone()).ok())
                .and_then(|t| zone::instant_in(&t, tz))
        };
        let start = read("ad_set.start_time").unwrap_or_else(|| self.now.fixed_offset());
        let end = read("ad_set.end_time")?;
        (end > start).then(|| schedule_days(start, end, tz))
    }

    /// Under a start or end field: the time in the account's zone, or what is typed there.
    pub fn time_help(&self, path: &str) -> String {
        let shown = form::get(&self.draft, path)
            .and_then(|v| serde_json::from_value::<GraphTime>(v.clone()).ok())
            .map(|t| zone::show(&t, self.time_zone()));
        let zone = match self.time_zone() {
            Some(tz) => format!("Type 2026-12-20 09:00, in the account's time zone, {tz}"),
            None => "Pick the ad account first: its time zone decides the time".into(),
        };
        let verb = if path.ends_with("end_time") {
            "Ends"
        } else {
            "Starts"
        };
        match shown {
            Some(s) => format!("{verb} {s}. {zone}."),
            None if path.ends_with("start_time") => {
                format!("Empty starts as soon as the ads are approved. {zone}.")
            }
            None => format!("{zone}."),
        }
    }
}

/// A start or an end of a schedule: typed in the account's time zone.
pub fn is_time_path(path: &str) -> bool {
    path.ends_with(".start_time") || path.ends_with(".end_time")
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
