//! Fix and resubmit a rejected dynamic-creative ad. Creatives are immutable, so the edited feed
//! becomes a new creative (the old one's identity and options read back and kept), and the ad
//! is pointed at it (`POST /<ad_id>` with `creative={"creative_id": ...}`). When Meta refuses to
//! change the ad (subcode 2490427 or 2490468: rejected in its latest review and disabled), a
//! copy of its ad set is made under the same campaign with a new ad in it, both PAUSED, and the
//! old ad is left as Meta left it.
//!
//! Journaled like a launch: steps `creative`, `ad:0` (the re-point, or the new ad) and `adset:0`
//! (only when a new ad set was needed), saved before every write, created objects found again
//! by their tagged names after an uncertain answer. The same request run again after a crash
//! resumes the unfinished fix of that ad and feed.

use std::path::Path;
use std::time::Duration;

use serde_json::{Map, Value, json};

use super::error::{LaunchError, Stage};
use super::event::LaunchEvent;
pub use super::journal::FixRecord;
use super::journal::{LaunchJournal, LaunchState, LaunchStep, StepRecord, StepState};
use super::pipeline::{EventSink, LaunchOptions, MAX_ATTEMPTS, RETRY_BACKOFF, Run};
use crate::graph::{CallError, GraphClient};
use crate::spec::{AdSet, LaunchSpec};

mod params;

pub(super) use params::tagged;
pub use params::{AD_SET_ALSO_KEPT, ad_set_copy_params, creative_params, feed_hash};

/// The subcodes with which Meta refuses to change an ad rejected in its latest review: "make
/// updates to it and create a new ad".
pub const NEW_AD_SUBCODES: [i64; 2] = [2_490_427, 2_490_468];

/// What the fix of a rejected ad starts from.
#[derive(Debug, Clone, PartialEq)]
pub struct FixRequest {
    /// The ad account's digits (`act_` is tolerated).
    pub account: String,
    pub ad_id: String,
    pub ad_name: String,
    pub adset_id: String,
    pub campaign_id: String,
    /// The rejected ad's current creative.
    pub creative_id: String,
    /// The edited `asset_feed_spec`, images by their uploaded hashes.
    pub feed: Value,
}

/// What a fix left.
#[derive(Debug, Clone, PartialEq)]
pub struct FixOutcome {
    /// The new creative.
    pub creative_id: String,
    /// The same ad, re-pointed, or the new ad.
    pub ad_id: String,
    /// Set when Meta required a new ad (2490427/2490468): the copy of the ad set holding it.
    pub new_adset_id: Option<String>,
    pub journal: LaunchJournal,
}

/// How a fix runs; `Default` is what `run_fix` uses.
#[derive(Debug, Clone)]
pub struct FixOptions {
    /// Meta's dry run (`validate_only` with `synchronous_ad_review`) before a new ad, the last
    /// write before anything can spend; the creative and ad set get none (a refused create makes
    /// nothing, so a dry run right before it only repeats it).
    pub preflight: bool,
    /// Test hook: stop (as if killed) right after this many journal writes.
    pub stop_after_writes: Option<usize>,
    /// The first pause before a write is sent again after an uncertain answer; it doubles.
    pub retry_backoff: Duration,
}

impl Default for FixOptions {
    fn default() -> Self {
        FixOptions {
            preflight: true,
            stop_after_writes: None,
            retry_backoff: RETRY_BACKOFF,
        }
    }
}

/// The old creative's fields read back: its name (for the new one's) and what it keeps.
pub const CREATIVE_FIELDS: &str =
    "name,object_story_spec,asset_feed_spec,degrees_of_freedom_spec,url_tags";
/// Ad fields copied to a new ad besides name, ad set, creative and status.
pub const AD_KEPT: [&str; 2] = ["tracking_specs", "conversion_domain"];

/// Fixes a rejected ad: a new creative with the edited feed, the ad pointed at it (or a new ad
/// set and ad when Meta requires one). Resumes an unfinished fix of the same ad and feed.
pub async fn run_fix(
    client: GraphClient,
    req: FixRequest,
    journal_dir: &Path,
    graph: &str,
    events: EventSink,
) -> Result<FixOutcome, LaunchError> {
    run_fix_with(
        client,
        req,
        journal_dir,
        graph,
        events,
        FixOptions::default(),
    )
    .await
}

/// `run_fix` with options (dry runs, the test hook, the retry pause).
pub async fn run_fix_with(
    client: GraphClient,
    mut req: FixRequest,
    journal_dir: &Path,
    graph: &str,
    events: EventSink,
    opts: FixOptions,
) -> Result<FixOutcome, LaunchError> {
    req.account = req.account.trim().trim_start_matches("act_").to_string();
    let hash = feed_hash(&req.feed);
    let mut mine = fix_journals(journal_dir, graph, &req.account, &req.ad_id);
    // Newest last.
    mine.sort_by(|a, b| a.created_at.cmp(&b.created_at));
    let same = mine
        .iter()
        .rev()
        .find(|j| j.fix.as_ref().is_some_and(|f| f.feed_hash == hash))
        .cloned();
    // A finished fix of this ad and feed whose ad still shows its creative: nothing to do.
    // (When that cannot be read, stop rather than risk a second creative.)
    let in_place =
        match &same {
            Some(j) if j.state == LaunchState::Done => still_in_place(&client, &req.account, j)
                .await
                .map_err(|e| LaunchError::from_call(Stage::other("ad read"), e))?,
            _ => false,
        };
    let mut old_creative = None;
    let journal = match same {
        Some(j) if j.state != LaunchState::Done => {
            events(LaunchEvent::Info(format!(
                "resuming the unfinished fix {} of ad {}",
                j.id, req.ad_id
            )));
            j
        }
        Some(j) if in_place => {
            for key in [
                LaunchStep::Creative,
                LaunchStep::AdSet(0),
                LaunchStep::Ad(0),
            ] {
                if let Some(id) = j.created(&key) {
                    events(LaunchEvent::Reused { key, id });
                }
            }
            return outcome(j);
        }
        _ => {
            let old = read_creative(&client, &req).await?;
            let mut j = plan(&req, &old, &hash, graph, client.config().clock.utc_now());
            for other in mine.iter().filter(|o| o.state != LaunchState::Done) {
                if let Some(c) = other.created(LaunchStep::Creative) {
                    j.warnings.push(format!(
                        "the unfinished fix {} of this ad made creative {c}, which this fix (another feed) does not use",
                        other.id
                    ));
                }
            }
            old_creative = Some(old);
            j
        }
    };
    let _held =
        crate::store::journals::lock_launch(journal_dir, &journal.id).map_err(LaunchError::Held)?;
    // A fix uploads nothing: its images are in the feed by hash.
    let launch_opts = LaunchOptions {
        preflight: opts.preflight,
        upload_concurrency: 1,
        stop_after_writes: opts.stop_after_writes,
        retry_backoff: opts.retry_backoff,
        ..LaunchOptions::standard(journal_dir.to_path_buf(), journal_dir.to_path_buf())
    };
    let run = Run::new(client, LaunchSpec::default(), journal, launch_opts, events);
    match steps(&run, &req, old_creative).await {
        Ok(()) => {
            run.update(|j| {
                j.state = LaunchState::Done;
                j.error = None;
            })?;
            outcome(run.snapshot())
        }
        Err(LaunchError::Stopped) => Err(LaunchError::Stopped),
        Err(e) => {
            let text = e.to_string();
            // Best effort: the fix stays resumable whatever this write does.
            let _ = run.update(|j| {
                j.state = LaunchState::Failed;
                j.error = Some(text);
            });
            Err(e)
        }
    }
}

/// The fix journals of this ad on this Graph and account.
pub(super) fn fix_journals(dir: &Path, graph: &str, account: &str, ad: &str) -> Vec<LaunchJournal> {
    crate::store::journals::list_journals::<LaunchJournal>(dir)
        .into_iter()
        .filter_map(|(_, j)| j.ok())
        .filter(|j| j.graph == graph && j.account == account)
        .filter(|j| j.fix.as_ref().is_some_and(|f| f.ad_id == ad))
        .collect()
}

/// Whether the ad a finished fix left still shows that fix's creative (then running the same
/// fix again has nothing to do).
async fn still_in_place(
    client: &GraphClient,
    account: &str,
    j: &LaunchJournal,
) -> Result<bool, CallError> {
    let (Some(ad), Some(creative)) = (
        j.created(LaunchStep::Ad(0)),
        j.created(LaunchStep::Creative),
    ) else {
        return Ok(false);
    };
    ad_shows(client, account, &ad, &creative).await
}

/// Whether the ad's `creative` is this one.
async fn ad_shows(
    client: &GraphClient,
    account: &str,
    ad: &str,
    creative: &str,
) -> Result<bool, CallError> {
    let v = client.object(account, ad, "creative").await?;
    let id = match v.get("creative").and_then(|c| c.get("id")) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    Ok(id.as_deref() == Some(creative))
}

fn outcome(journal: LaunchJournal) -> Result<FixOutcome, LaunchError> {
    let (Some(creative_id), Some(ad_id)) = (
        journal.created(LaunchStep::Creative),
        journal.created(LaunchStep::Ad(0)),
    ) else {
        return Err(LaunchError::Io(format!(
            "the fix journal {} is done but does not name its creative and ad",
            journal.id
        )));
    };
    Ok(FixOutcome {
        creative_id,
        ad_id,
        new_adset_id: journal.created(LaunchStep::AdSet(0)),
        journal,
    })
}

/// A new fix journal: the new creative, then the re-point of the ad.
fn plan(
    req: &FixRequest,
    old_creative: &Value,
    hash: &str,
    graph: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> LaunchJournal {
    let hex = format!("{:06x}", rand::random_range(0..0x100_0000u32));
    let tag = format!("fix-{hex}");
    let creative_name = old_creative
        .get("name")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| format!("{} creative", req.ad_name));
    let step = |key: LaunchStep, name: String| StepRecord {
        key,
        name,
        stamp: None,
        state: StepState::Pending,
    };
    LaunchJournal {
        id: format!("{}-fix-{hex}", now.format("%Y%m%d-%H%M%S")),
        steps: vec![
            step(LaunchStep::Creative, tagged(&creative_name, &tag)),
            step(LaunchStep::Ad(0), req.ad_name.clone()),
        ],
        tag,
        spec_hash: format!("fix:{hash}"),
        spec_path: format!("fix of ad {}", req.ad_id),
        account: req.account.clone(),
        graph: graph.to_string(),
        created_at: now.to_rfc3339(),
        state: LaunchState::Running,
        warnings: Vec::new(),
        error: None,
        fix: Some(FixRecord {
            ad_id: req.ad_id.clone(),
            feed_hash: hash.to_string(),
            old_creative_id: req.creative_id.clone(),
            adset_id: req.adset_id.clone(),
            campaign_id: req.campaign_id.clone(),
        }),
    }
}

async fn read_creative(client: &GraphClient, req: &FixRequest) -> Result<Value, LaunchError> {
    client
        .object(&req.account, &req.creative_id, CREATIVE_FIELDS)
        .await
        .map_err(|e| LaunchError::from_call(Stage::other("creative read"), e))
}

/// The fix, resumed from wherever its journal stands.
async fn steps(
    run: &Run,
    req: &FixRequest,
    old_creative: Option<Value>,
) -> Result<(), LaunchError> {
    // The plan is on disk before any write, so a crash from here on resumes this fix.
    run.update(|_| {})?;
    let key = LaunchStep::Creative;
    let creative = match run.created(&key) {
        Some(id) => {
            reused(run, &key, id.clone());
            id
        }
        None => {
            let old = match old_creative {
                Some(v) => v,
                None => read_creative(&run.client, req).await?,
            };
            // No dry run: a refused create makes nothing either, so it would only repeat it.
            let params = creative_params(&old, &req.feed, &run.step_name(&key));
            run.create(&key, "adcreatives", params).await?
        }
    };
    let new_ad = run.snapshot().step(LaunchStep::AdSet(0)).is_some();
    if !new_ad {
        match repoint(run, req, &creative).await? {
            Repointed::Done => return Ok(()),
            Repointed::Refused(e) => switch_to_new_ad(run, req, &e).await?,
        }
    }
    new_ad_set_and_ad(run, req, &creative).await?;
    run.emit(LaunchEvent::Info(
        "the new ad set and ad are PAUSED; activate them once review passes".into(),
    ));
    Ok(())
}

enum Repointed {
    Done,
    /// Meta refuses to change this ad (2490427/2490468): a new ad is needed.
    Refused(CallError),
}

fn reused(run: &Run, key: &LaunchStep, id: String) {
    run.emit(LaunchEvent::Reused {
        key: key.clone(),
        id,
    });
}

/// Meta refuses to change or turn on this ad (2490427/2490468): a new ad is needed.
pub(super) fn needs_new_ad(e: &CallError) -> bool {
    e.graph()
        .and_then(|g| g.error_subcode)
        .is_some_and(|s| NEW_AD_SUBCODES.contains(&s))
}

/// Points the ad at the new creative. Idempotent, so an uncertain answer is checked by reading
/// the ad and sent again when it does not show the creative yet.
async fn repoint(run: &Run, req: &FixRequest, creative: &str) -> Result<Repointed, LaunchError> {
    let key = &LaunchStep::Ad(0);
    if let Some(id) = run.created(key) {
        reused(run, key, id);
        return Ok(Repointed::Done);
    }
    let sent_before = match run.snapshot().step(key).map(|s| s.state.clone()) {
        Some(StepState::Sent { attempt }) => attempt,
        _ => 0,
    };
    if sent_before > 0
        && ad_shows(&run.client, &run.account, &req.ad_id, creative)
            .await
            .map_err(|e| LaunchError::from_call(key.clone(), e))?
    {
        return repointed(run, req, true);
    }
    run.emit(LaunchEvent::Started {
        key: key.clone(),
        name: run.step_name(key),
    });
    let mut attempt = 0;
    loop {
        attempt += 1;
        if attempt > MAX_ATTEMPTS + 1 {
            return Err(LaunchError::Network {
                step: key.clone().into(),
                message:
                    "no certain answer after several attempts; run the same fix again to resume"
                        .into(),
            });
        }
        run.set_state(
            key,
            StepState::Sent {
                attempt: sent_before + attempt,
            },
        )?;
        run.alive()?;
        match run
            .client
            .repoint_ad(&run.account, &req.ad_id, creative)
            .await
        {
            Ok(_) => return repointed(run, req, false),
            Err(e) if needs_new_ad(&e) => return Ok(Repointed::Refused(e)),
            Err(e) if e.is_uncertain() => {
                run.emit(LaunchEvent::Info(format!(
                    "{}: {e}; checking whether the ad shows the new creative",
                    key.label("")
                )));
                match ad_shows(&run.client, &run.account, &req.ad_id, creative).await {
                    Ok(true) => return repointed(run, req, true),
                    Ok(false) => tokio::time::sleep(run.opts.backoff(attempt)).await,
                    Err(read) => return Err(LaunchError::from_call(key.clone(), read)),
                }
            }
            Err(e) => {
                run.set_state(
                    key,
                    StepState::Failed {
                        error: e.to_string(),
                    },
                )?;
                return Err(LaunchError::from_call(key.clone(), e));
            }
        }
    }
}

fn repointed(run: &Run, req: &FixRequest, found: bool) -> Result<Repointed, LaunchError> {
    run.set_state(
        &LaunchStep::Ad(0),
        StepState::Created {
            id: req.ad_id.clone(),
        },
    )?;
    let (key, id) = (LaunchStep::Ad(0), req.ad_id.clone());
    run.emit(if found {
        LaunchEvent::Reused { key, id }
    } else {
        LaunchEvent::Created { key, id }
    });
    Ok(Repointed::Done)
}

async fn read_ad_set(run: &Run, req: &FixRequest) -> Result<Value, LaunchError> {
    let fields = AdSet::FIELDS
        .iter()
        .chain(params::AD_SET_ALSO_KEPT.iter())
        .copied()
        .collect::<Vec<_>>()
        .join(",");
    run.client
        .object(&run.account, &req.adset_id, &fields)
        .await
        .map_err(|e| LaunchError::from_call(Stage::other("ad set read"), e))
}

/// Meta refused to change the ad: the journal grows an `adset:0` step (a copy of the ad set)
/// and `ad:0` becomes a new ad in it; the old ad is named in a warning, in the same write.
async fn switch_to_new_ad(run: &Run, req: &FixRequest, e: &CallError) -> Result<(), LaunchError> {
    let old = read_ad_set(run, req).await?;
    let tag = run.snapshot().tag;
    let set_name = old
        .get("name")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| format!("{} ad set", req.ad_name));
    let set_name = tagged(&set_name, &tag);
    let ad_name = tagged(&req.ad_name, &tag);
    let warning = format!(
        "Meta refuses to change ad {} ({}) after its rejection ({e}); it is left as Meta left it, and the fix goes into a new ad set and ad (PAUSED) under campaign {}. Delete or archive the old ad's ad set {} in Ads Manager if you do not need it",
        req.ad_name, req.ad_id, req.campaign_id, req.adset_id
    );
    run.update(|j| {
        let at = j
            .steps
            .iter()
            .position(|s| s.key == LaunchStep::Ad(0))
            .unwrap_or(j.steps.len());
        j.steps.insert(
            at,
            StepRecord {
                key: LaunchStep::AdSet(0),
                name: set_name,
                stamp: None,
                state: StepState::Pending,
            },
        );
        if let Some(ad) = j.step_mut(LaunchStep::Ad(0)) {
            ad.name = ad_name;
            ad.state = StepState::Pending;
        }
        if !j.warnings.contains(&warning) {
            j.warnings.push(warning.clone());
        }
    })?;
    run.emit(LaunchEvent::Warning(warning));
    Ok(())
}

/// The copy of the ad set and the new ad in it, both PAUSED.
pub(super) async fn new_ad_set_and_ad(
    run: &Run,
    req: &FixRequest,
    creative: &str,
) -> Result<(), LaunchError> {
    let (set_key, ad_key) = (LaunchStep::AdSet(0), LaunchStep::Ad(0));
    let adset = match run.created(&set_key) {
        Some(id) => {
            reused(run, &set_key, id.clone());
            id
        }
        None => {
            let old = read_ad_set(run, req).await?;
            let now = run.client.config().clock.utc_now();
            let params = ad_set_copy_params(&old, &req.campaign_id, &run.step_name(&set_key), now);
            run.create(&set_key, "adsets", params).await?
        }
    };
    if let Some(id) = run.created(&ad_key) {
        reused(run, &ad_key, id);
        return Ok(());
    }
    let old_ad = run
        .client
        .object(&run.account, &req.ad_id, &AD_KEPT.join(","))
        .await
        .map_err(|e| LaunchError::from_call(Stage::other("ad read"), e))?;
    let mut params = Map::new();
    for key in AD_KEPT {
        if let Some(v) = old_ad.get(key).filter(|v| !v.is_null()) {
            params.insert(key.into(), v.clone());
        }
    }
    params.insert("name".into(), json!(run.step_name(&ad_key)));
    params.insert("adset_id".into(), json!(adset));
    params.insert("creative".into(), json!({ "creative_id": creative }));
    params.insert("status".into(), json!("PAUSED"));
    if run.needs_dry_run(&ad_key) {
        run.preflight(&ad_key, "ads", params.clone(), true).await?;
    }
    run.create(&ad_key, "ads", params).await?;
    Ok(())
}
