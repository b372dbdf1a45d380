//! A launch into an existing campaign (`campaign.id`, a next round): the campaign is read back
//! before anything is written, and the launch stops when it is not there, is another account's,
//! is deleted or archived, has another objective, or holds the budget differently from what the
//! spec's ad sets assume. dcw never writes to it (only `--activate` sets it ACTIVE, as it does
//! the campaign a launch creates).

use serde_json::Value;

use super::error::{LaunchError, Stage};
use super::pipeline::Run;
use crate::spec::LaunchSpec;

/// What dcw reads of an existing campaign.
pub const CAMPAIGN_FIELDS: &str = "id,account_id,name,objective,effective_status,is_adset_budget_sharing_enabled,daily_budget,lifetime_budget";

impl Run {
    /// Reads the existing campaign `id` back and checks it against the spec.
    pub(super) async fn check_existing_campaign(&self, id: &str) -> Result<(), LaunchError> {
        check_campaign(&self.client, &self.spec, &self.account, id).await
    }
}

/// Reads campaign `id` of `account` back and checks it can take the spec's ad sets: the
/// launch's check before any write, and Review's before Y.
pub async fn check_campaign(
    client: &crate::graph::GraphClient,
    spec: &LaunchSpec,
    account: &str,
    id: &str,
) -> Result<(), LaunchError> {
    let got = client
        .object(account, id, CAMPAIGN_FIELDS)
        .await
        .map_err(|e| LaunchError::from_call(Stage::other("reading the existing campaign"), e))?;
    match campaign_problems(spec, account, &got).first() {
        None => Ok(()),
        Some(p) => Err(LaunchError::Io(format!(
            "campaign {id} cannot take this launch: {p}"
        ))),
    }
}

/// Why the campaign Graph read back (`got`) cannot take the spec's ad sets; empty when it can.
pub fn campaign_problems(spec: &LaunchSpec, account: &str, got: &Value) -> Vec<String> {
    let text = |k: &str| got.get(k).and_then(Value::as_str).unwrap_or_default();
    let mut out = Vec::new();
    let theirs = text("account_id").trim_start_matches("act_");
    if !theirs.is_empty() && theirs != account {
        out.push(format!(
            "it belongs to ad account act_{theirs}, not act_{account}"
        ));
    }
    if matches!(text("effective_status"), "DELETED" | "ARCHIVED") {
        out.push(format!(
            "it is {} (Meta takes no new ad sets in it)",
            text("effective_status")
        ));
    }
    let wanted = spec
        .campaign
        .as_ref()
        .and_then(|c| c.objective.as_ref())
        .map(|o| o.to_string());
    if let Some(w) = wanted
        && !text("objective").is_empty()
        && text("objective") != w
    {
        out.push(format!(
            "its objective is {}, the spec's is {w}",
            text("objective")
        ));
    }
    let has_budget = |k: &str| {
        got.get(k).is_some_and(|v| match v {
            Value::String(s) => s.trim().parse::<i64>().is_ok_and(|n| n > 0),
            Value::Number(n) => n.as_i64().is_some_and(|n| n > 0),
            _ => false,
        })
    };
    let campaign_budget = has_budget("daily_budget") || has_budget("lifetime_budget");
    for set in super::requests::ad_sets(spec) {
        let set_budget = set.daily_budget.is_some() || set.lifetime_budget.is_some();
        let name = set.name.clone().unwrap_or_default();
        if campaign_budget && set_budget {
            out.push(format!(
                "it holds the budget (Advantage campaign budget), so ad set \"{name}\" cannot have its own; remove the ad set's budget"
            ));
        } else if !campaign_budget && !set_budget {
            out.push(format!(
                "it has no campaign budget, so ad set \"{name}\" needs a daily or lifetime budget"
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(set_budget: bool) -> LaunchSpec {
        let mut v = json!({"account_id": "act_1",
            "campaign": {"id": "9", "objective": "OUTCOME_SALES"},
            "ad_set": {"name": "US"}});
        if set_budget {
            v["ad_set"]["daily_budget"] = json!(2000);
        }
        crate::spec::parse_spec(&v.to_string()).unwrap()
    }

    #[test]
    fn a_matching_campaign_has_no_problem_and_each_mismatch_is_named() {
        let ok = json!({"id": "9", "account_id": "1", "objective": "OUTCOME_SALES",
            "effective_status": "ACTIVE", "is_adset_budget_sharing_enabled": false});
        assert!(campaign_problems(&spec(true), "1", &ok).is_empty());
        let cases = [
            (json!({"account_id": "2"}), "act_2"),
            (json!({"effective_status": "ARCHIVED"}), "ARCHIVED"),
            (json!({"objective": "OUTCOME_TRAFFIC"}), "OUTCOME_TRAFFIC"),
            (json!({"daily_budget": "5000"}), "holds the budget"),
        ];
        for (change, word) in cases {
            let mut got = ok.clone();
            for (k, v) in change.as_object().unwrap() {
                got[k] = v.clone();
            }
            let p = campaign_problems(&spec(true), "1", &got);
            assert!(p.len() == 1 && p[0].contains(word), "{word}: {p:?}");
        }
        let p = campaign_problems(&spec(false), "1", &ok);
        assert!(p[0].contains("needs a daily or lifetime budget"), "{p:?}");
    }
}
