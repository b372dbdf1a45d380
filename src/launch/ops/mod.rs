//! Controls of a launch after it is made: activate or pause an ad, an ad set or a whole launch,
//! change an ad set's budget or end time, archive or delete a (rejected) Dynamic Creative ad
//! with its ad set, duplicate an ad set with its ads. Each is a journaled operation like a
//! launch: planned (and confirmed by whoever asks) before anything is sent, its journal on
//! disk before every write, each write reconciled by reading back after an uncertain answer,
//! never sent twice once Graph has it, an unfinished one resumed by the same control again.
//! Every call goes through the client, so through the account's rate gate.

mod plan;
mod resolve;
mod run;
mod types;

use crate::graph::GraphClient;
use crate::launch::error::{LaunchError, Stage};
use crate::launch::journal::LaunchState;
use crate::store::{ControlJournal, controls_dir};

pub use plan::AccountFacts;
pub use resolve::{ObjectKind, Target};
pub use run::run_control;
pub use types::{BudgetChange, Control, ControlOptions, ControlPlan};

/// Plans `control` of `target` (an ad, ad set, campaign id or a launch's journal id) on the
/// Graph named `graph` (as journals write it): resumes an unfinished control of the same thing,
/// else reads what it names and what the account's money is, and says what will change.
pub async fn plan_control(
    client: &GraphClient,
    opts: &ControlOptions,
    graph: &str,
    target: &str,
    control: &Control,
) -> Result<ControlPlan, LaunchError> {
    // Before anything is read: what ran after this instant may not be in what is read.
    let planned_at = std::time::SystemTime::now();
    let key = control.key(target);
    let dir = controls_dir(&opts.journal_dir);
    let unfinished = crate::store::journals::list_journals::<ControlJournal>(&dir)
        .into_iter()
        .filter_map(|(_, j)| j.ok())
        .filter(|j| j.key == key && j.graph == graph && j.state != LaunchState::Done)
        .max_by(|a, b| a.created_at.cmp(&b.created_at));
    if let Some(journal) = unfinished {
        return Ok(ControlPlan {
            journal,
            resumed: true,
            planned_at,
        });
    }
    let t = resolve::resolve(client, &opts.journal_dir, graph, target).await?;
    let facts = match control {
        Control::Budget(_) => Some(account_facts(client, &t.account).await?),
        _ => None,
    };
    let now = client.config().clock.utc_now();
    let (tag, id) = crate::launch::journal::new_tag_and_id(now);
    let tag = tag.replacen("dcw-", "copy-", 1);
    let planned = plan::plan(&t, control, facts.as_ref(), &tag)?;
    Ok(ControlPlan {
        journal: ControlJournal {
            id: format!("{id}-{}", control.name()),
            control: control.name().to_string(),
            target: target.to_string(),
            key,
            tag,
            account: t.account,
            graph: graph.to_string(),
            created_at: now.to_rfc3339(),
            state: LaunchState::Running,
            summary: planned.summary,
            writes: planned.writes,
            warnings: Vec::new(),
            error: None,
        },
        resumed: false,
        planned_at,
    })
}

/// The account's currency, time zone and minimum budgets (Meta's, else dcw's table).
async fn account_facts(client: &GraphClient, account: &str) -> Result<AccountFacts, LaunchError> {
    let v = client
        .ad_account(account, "currency,timezone_name")
        .await
        .map_err(|e| LaunchError::from_call(Stage::other("reading the ad account"), e))?;
    let text = |k: &str| v.get(k).and_then(serde_json::Value::as_str).unwrap_or("");
    let currency = crate::spec::Currency::new(text("currency")).ok_or_else(|| {
        LaunchError::Io(format!(
            "the ad account's currency {:?} is not known",
            text("currency")
        ))
    })?;
    let minimums = match crate::launch::minimums::account_minimums(client, account).await {
        Ok(m) => m,
        Err(_) => crate::spec::minimums::MinimumBudgets::builtin(&currency).ok_or_else(|| {
            LaunchError::Io("the account's minimum budgets cannot be read".into())
        })?,
    };
    Ok(AccountFacts {
        currency,
        timezone: crate::spec::zone::zone(text("timezone_name")),
        minimums,
    })
}
