//! The account's minimum daily budgets, from Meta's `GET /act_<id>/minimum_budgets`, as the
//! spec's rules take them: read by `dcw submit` before anything is created, and by the wizard
//! in the background.

use crate::graph::{GraphClient, MinimumBudget};
use crate::spec::Currency;
use crate::spec::minimums::MinimumBudgets;

/// Meta's node as the spec's minimums; `None` when it names no currency or lacks an amount.
pub fn minimums_of(node: &MinimumBudget) -> Option<MinimumBudgets> {
    Some(MinimumBudgets {
        currency: Currency::new(&node.currency)?,
        impressions: node.min_daily_budget_imp?,
        high_frequency: node.min_daily_budget_high_freq?,
        low_frequency: node.min_daily_budget_low_freq?,
        video_views: node.min_daily_budget_video_views?,
    })
}

/// The account's own minimums, or why they could not be read (the rules then fall back to the
/// built-in table).
pub async fn account_minimums(
    client: &GraphClient,
    account: &str,
) -> Result<MinimumBudgets, String> {
    match client.minimum_budgets(account, None).await {
        Ok(Some(node)) => minimums_of(&node)
            .ok_or_else(|| "Meta gave no minimum budgets for this account".to_string()),
        Ok(None) => Err("Meta gave no minimum budgets for this account".into()),
        Err(e) => Err(e.to_string()),
    }
}
