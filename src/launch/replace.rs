//! An ad Meta refuses to turn on (subcodes 2490427/2490468, "make updates to it and create a
//! new ad") while `--activate` runs: the fix's replace path without a new creative. A fix
//! journal of that ad, whose `creative` step is the launch's creative, gets a copy of the ad set
//! (`adset:0`) and a new ad in it (`ad:0`), both made PAUSED, saved before every write and found
//! again by their tagged names after an uncertain answer. Finished fixes and replacements of an
//! ad are followed, so running again turns on the replacement rather than making another.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::error::{LaunchError, Stage};
use super::event::LaunchEvent;
use super::fix::{FixRequest, fix_journals, new_ad_set_and_ad, tagged};
use super::journal::{FixRecord, LaunchJournal, LaunchState, LaunchStep, StepRecord, StepState};
use super::pipeline::{LaunchOptions, Run};
use crate::graph::CallError;
use crate::spec::LaunchSpec;

/// How a replacement's journal is told from a fix's (its `spec_hash` starts so): no feed was
/// edited, the ad was only refused.
const REPLACES: &str = "replace:";

/// Where a launch's ad lives now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Placed {
    pub ad: String,
    pub adset: String,
    /// The ad is a replacement `--activate` made: it is never replaced again.
    pub replacement: bool,
}

/// Where the ad `ad` (in `adset`) lives now: the newest finished fix or replacement of it, when
/// it made a new ad set and ad, is followed, and one of that ad in turn; each ad at most once.
/// A newest fix that re-pointed the ad in place keeps it.
pub(super) fn current(dir: &Path, graph: &str, account: &str, ad: &str, adset: &str) -> Placed {
    let done: Vec<LaunchJournal> = crate::store::journals::list_journals::<LaunchJournal>(dir)
        .into_iter()
        .filter_map(|(_, j)| j.ok())
        .filter(|j| j.graph == graph && j.account == account && j.state == LaunchState::Done)
        .filter(|j| j.fix.is_some())
        .collect();
    let mut at = Placed {
        ad: ad.to_string(),
        adset: adset.to_string(),
        replacement: false,
    };
    let mut seen = HashSet::new();
    while seen.insert(at.ad.clone()) {
        let next = done
            .iter()
            .filter(|j| j.fix.as_ref().is_some_and(|f| f.ad_id == at.ad))
            .max_by(|a, b| a.created_at.cmp(&b.created_at));
        let Some(j) = next else { break };
        // The newest fix of the ad re-pointed it in place (the status pane's fix, after a
        // replacement too): the ad itself is where the launch lives.
        let (Some(ad), Some(adset)) = (
            j.created(LaunchStep::Ad(0)),
            j.created(LaunchStep::AdSet(0)),
        ) else {
            break;
        };
        at = Placed {
            ad,
            adset,
            replacement: j.spec_hash.starts_with(REPLACES),
        };
    }
    at
}

/// The ad to replace and what it had.
pub(super) struct Replacement {
    pub ad_id: String,
    /// The ad's name as created (tagged).
    pub ad_name: String,
    pub adset_id: String,
    pub campaign_id: String,
    /// The launch's creative, which the new ad shows too.
    pub creative_id: String,
}

/// Replaces the ad once: resumes its unfinished replacement, or plans one (on disk before any
/// write). Returns the new ad and its ad set.
pub(super) async fn replace(
    parent: &Arc<Run>,
    rep: &Replacement,
    why: &CallError,
) -> Result<Placed, LaunchError> {
    let graph = parent.snapshot().graph;
    let dir = parent.opts.journal_dir.clone();
    let unfinished = fix_journals(&dir, &graph, &parent.account, &rep.ad_id)
        .into_iter()
        .filter(|j| j.spec_hash.starts_with(REPLACES) && j.state != LaunchState::Done)
        .max_by(|a, b| a.created_at.cmp(&b.created_at));
    let journal = match unfinished {
        Some(j) => {
            parent.emit(LaunchEvent::Info(format!(
                "resuming the unfinished replacement {} of ad {}",
                j.id, rep.ad_id
            )));
            j
        }
        None => plan(parent, rep, &graph, why).await?,
    };
    let _held =
        crate::store::journals::lock_launch(&dir, &journal.id).map_err(LaunchError::Held)?;
    let opts = LaunchOptions {
        stop_after_writes: parent.writes_left(),
        ..parent.opts.clone()
    };
    let to_parent = parent.clone();
    let names: HashMap<LaunchStep, String> = journal
        .steps
        .iter()
        .map(|s| (s.key.clone(), s.name.clone()))
        .collect();
    let old_ad = rep.ad_id.clone();
    let run = Run::new(
        parent.client.clone(),
        LaunchSpec::default(),
        journal,
        opts,
        Arc::new(move |e| to_parent.emit(relabel(e, &old_ad, &names))),
    );
    let req = FixRequest {
        account: parent.account.clone(),
        ad_id: rep.ad_id.clone(),
        ad_name: rep.ad_name.clone(),
        adset_id: rep.adset_id.clone(),
        campaign_id: rep.campaign_id.clone(),
        creative_id: rep.creative_id.clone(),
        feed: Value::Null,
    };
    // The plan is on disk before any write, so a kill from here on resumes this replacement.
    run.update(|_| {})?;
    for w in run.snapshot().warnings {
        run.emit(LaunchEvent::Warning(w));
    }
    match new_ad_set_and_ad(&run, &req, &rep.creative_id).await {
        Ok(()) => run.update(|j| {
            j.state = LaunchState::Done;
            j.error = None;
        })?,
        Err(LaunchError::Stopped) => return Err(LaunchError::Stopped),
        Err(e) => {
            let text = e.to_string();
            // Best effort: the replacement stays resumable whatever this write does.
            let _ = run.update(|j| {
                j.state = LaunchState::Failed;
                j.error = Some(text);
            });
            return Err(e);
        }
    }
    let j = run.snapshot();
    match (
        j.created(LaunchStep::Ad(0)),
        j.created(LaunchStep::AdSet(0)),
    ) {
        (Some(ad), Some(adset)) => Ok(Placed {
            ad,
            adset,
            replacement: true,
        }),
        _ => Err(LaunchError::Io(format!(
            "the replacement journal {} is done but does not name its ad set and ad",
            j.id
        ))),
    }
}

/// A replacement's steps are its own journal's `adset:0` and `ad:0`, which the launch's labels
/// would show as its first ad set and ad: they are told as notes naming the replacement's own
/// ad set and ad (the old ad's audience, tagged with the fix).
fn relabel(e: LaunchEvent, old_ad: &str, names: &HashMap<LaunchStep, String>) -> LaunchEvent {
    let (key, what) = match &e {
        LaunchEvent::Started { key, .. } => (key, "creating".to_string()),
        LaunchEvent::Preflight { key } => (key, "passed Meta's dry run".to_string()),
        LaunchEvent::Created { key, id } => (key, format!("created {id}")),
        LaunchEvent::Reused { key, id } => (key, format!("already there: {id}")),
        _ => return e,
    };
    let kind = match key {
        LaunchStep::AdSet(_) => "new ad set",
        LaunchStep::Ad(_) => "new ad",
        _ => return e,
    };
    let name = names.get(key).map_or("", String::as_str);
    LaunchEvent::Info(format!("replacing ad {old_ad}: {kind} «{name}» {what}"))
}

/// A new replacement journal: the launch's creative (created), the copy of the ad set, the ad.
async fn plan(
    parent: &Run,
    rep: &Replacement,
    graph: &str,
    why: &CallError,
) -> Result<LaunchJournal, LaunchError> {
    let old_set = parent
        .client
        .object(&parent.account, &rep.adset_id, "name")
        .await
        .map_err(|e| LaunchError::from_call(Stage::other("ad set read"), e))?;
    let now = parent.client.config().clock.utc_now();
    let hex = format!("{:06x}", rand::random_range(0..0x100_0000u32));
    let tag = format!("fix-{hex}");
    let set_name = old_set
        .get("name")
        .and_then(Value::as_str)
        .map_or_else(|| format!("{} ad set", rep.ad_name), str::to_string);
    let warning = format!(
        "Meta refuses to turn on ad {} ({}) after its rejection ({why}); it is left as Meta left it, and a new ad set and ad on the same creative under campaign {} are turned on instead. The new ad shows the same creative, so if its words or pictures were rejected it will likely be rejected again: fix them from the status pane (dcw watch, then e or x). Delete or archive the old ad's ad set {} in Ads Manager if you do not need it",
        rep.ad_name, rep.ad_id, rep.campaign_id, rep.adset_id
    );
    let step = |key: LaunchStep, name: String, state: StepState| StepRecord {
        key,
        name,
        stamp: None,
        state,
    };
    Ok(LaunchJournal {
        id: format!("{}-fix-{hex}", now.format("%Y%m%d-%H%M%S")),
        steps: vec![
            step(
                LaunchStep::Creative,
                String::new(),
                StepState::Created {
                    id: rep.creative_id.clone(),
                },
            ),
            step(
                LaunchStep::AdSet(0),
                tagged(&set_name, &tag),
                StepState::Pending,
            ),
            step(
                LaunchStep::Ad(0),
                tagged(&rep.ad_name, &tag),
                StepState::Pending,
            ),
        ],
        tag,
        spec_hash: format!("{REPLACES}{}", rep.ad_id),
        spec_path: format!("replacement of ad {}", rep.ad_id),
        account: parent.account.clone(),
        graph: graph.to_string(),
        created_at: now.to_rfc3339(),
        state: LaunchState::Running,
        warnings: vec![warning],
        error: None,
        fix: Some(FixRecord {
            ad_id: rep.ad_id.clone(),
            feed_hash: String::new(),
            old_creative_id: rep.creative_id.clone(),
            adset_id: rep.adset_id.clone(),
            campaign_id: rep.campaign_id.clone(),
        }),
    })
}
