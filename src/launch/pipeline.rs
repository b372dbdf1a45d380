//! The launch pipeline: the writes in dependency order with independent work in parallel (each
//! ad dry-run with Meta's synchronous review before it exists), each write journaled first,
//! reconciled after any uncertain answer, and never sent twice blindly.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Map, Value};

use super::error::{LaunchError, Stage};
use super::event::LaunchEvent;
use super::journal::{LaunchJournal, LaunchState, LaunchStep, StepState};
use super::requests;
use crate::graph::{CallError, ErrorClass, GraphClient};
use crate::spec::LaunchSpec;

/// How a launch runs.
#[derive(Debug, Clone)]
pub struct LaunchOptions {
    /// Flip ads, ad sets and the campaign to ACTIVE once everything exists.
    pub activate: bool,
    /// Dry-run each ad (`validate_only` with `synchronous_ad_review`) just before it is
    /// created; off (`--no-preflight`), the launch sends no dry run at all.
    pub preflight: bool,
    /// Image uploads at once.
    pub upload_concurrency: usize,
    /// Where the journal lives.
    pub journal_dir: PathBuf,
    /// The folder relative image files resolve against.
    pub spec_dir: PathBuf,
    /// Test hook: stop (as if killed) right after this many journal writes.
    pub stop_after_writes: Option<usize>,
    /// The first pause before a write is sent again after an uncertain answer; it doubles,
    /// up to eight seconds.
    pub retry_backoff: Duration,
    /// How often a video's status is read while Meta processes it.
    pub video_poll: Duration,
    /// The longest dcw waits for Meta to process one video before it stops (resumable).
    pub video_wait: Duration,
    /// Advantage+ creative features the account's house policy forbids: the creative's
    /// read-back warns when Meta has one on.
    pub never_features: Vec<String>,
}

/// Image uploads at once in a launch. Meta documents no limit on concurrent calls here, only
/// its rate limits (points per account, which the gate keeps, and 100 mutations a second per
/// app and account): ten at once is the bench's whole 10-image feed in one round trip.
pub const UPLOADS_AT_ONCE: usize = 10;
/// The first pause before a write is sent again after an uncertain answer.
pub const RETRY_BACKOFF: Duration = Duration::from_millis(250);
/// How often a processing video's status is read [dcw's own: Meta gives no interval].
pub const VIDEO_POLL: Duration = Duration::from_secs(3);
/// The longest dcw waits for one video's processing [dcw's own: Meta states no bound].
pub const VIDEO_WAIT: Duration = Duration::from_secs(30 * 60);

impl LaunchOptions {
    /// How `dcw submit`, the wizard and the fix of an ad launch: the ads' dry runs, nothing
    /// activated, [`UPLOADS_AT_ONCE`] uploads, [`RETRY_BACKOFF`]; callers change only what
    /// differs (`--activate`, `--no-preflight`, a test's shorter pause).
    pub fn standard(journal_dir: PathBuf, spec_dir: PathBuf) -> LaunchOptions {
        LaunchOptions {
            activate: false,
            preflight: true,
            upload_concurrency: UPLOADS_AT_ONCE,
            journal_dir,
            spec_dir,
            stop_after_writes: None,
            retry_backoff: RETRY_BACKOFF,
            video_poll: VIDEO_POLL,
            video_wait: VIDEO_WAIT,
            never_features: Vec::new(),
        }
    }

    pub(super) fn backoff(&self, attempt: u32) -> Duration {
        let factor = 1u32 << attempt.saturating_sub(1).min(5);
        (self.retry_backoff * factor).min(Duration::from_secs(8))
    }
}

/// Sends progress somewhere (stderr lines, the TUI, a test's log).
pub type EventSink = Arc<dyn Fn(LaunchEvent) + Send + Sync>;

/// Uncertain writes are reconciled and re-sent at most this many times in one run.
pub(super) const MAX_ATTEMPTS: u32 = 10;

pub(super) struct Run {
    pub(super) client: GraphClient,
    pub(super) spec: LaunchSpec,
    pub(super) account: String,
    pub(super) opts: LaunchOptions,
    journal: Mutex<LaunchJournal>,
    writes: AtomicUsize,
    /// Set by the test hook: from then on nothing is saved or sent, as if the process died.
    stopped: AtomicBool,
    /// The launch's one pool of upload turns, images and video transfers alike
    /// ([`LaunchOptions::upload_concurrency`]).
    pub(super) uploads: Arc<tokio::sync::Semaphore>,
    events: EventSink,
}

/// Runs (or resumes) a launch. The journal is saved before every write; on success it is
/// marked done and returned with every id.
pub async fn run_launch(
    client: GraphClient,
    spec: LaunchSpec,
    journal: LaunchJournal,
    opts: LaunchOptions,
    events: EventSink,
) -> Result<LaunchJournal, LaunchError> {
    let run = Run::new(client, spec, journal, opts, events);
    let _watcher = run.watch_the_gate();
    match run.clone().steps().await {
        Ok(()) => {
            run.update(|j| {
                j.state = LaunchState::Done;
                j.error = None;
            })?;
            Ok(run.snapshot())
        }
        Err(LaunchError::Stopped) => Err(LaunchError::Stopped),
        Err(e) => {
            let e = e.locate(&run.spec);
            let text = e.to_string();
            // Best effort: the launch stays resumable whatever this write does.
            let _ = run.update(|j| {
                j.state = LaunchState::Failed;
                j.error = Some(text);
            });
            Err(e)
        }
    }
}

impl Run {
    /// A run of `journal` on its account; also used by the fix of a rejected ad (`fix.rs`),
    /// with an empty spec.
    pub(super) fn new(
        client: GraphClient,
        spec: LaunchSpec,
        journal: LaunchJournal,
        opts: LaunchOptions,
        events: EventSink,
    ) -> Arc<Run> {
        let turns = opts.upload_concurrency.max(1);
        Arc::new(Run {
            client,
            account: journal.account.clone(),
            spec,
            opts,
            journal: Mutex::new(journal),
            writes: AtomicUsize::new(0),
            stopped: AtomicBool::new(false),
            uploads: Arc::new(tokio::sync::Semaphore::new(turns)),
            events,
        })
    }

    pub(super) fn snapshot(&self) -> LaunchJournal {
        self.journal
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub(super) fn emit(&self, e: LaunchEvent) {
        (self.events)(e);
    }

    /// Changes the journal and saves it; the test hook may stop the launch right after, and
    /// from then on every task of the run finds it dead.
    pub(super) fn update(&self, f: impl FnOnce(&mut LaunchJournal)) -> Result<(), LaunchError> {
        let mut j = self.journal.lock().unwrap_or_else(|e| e.into_inner());
        self.alive()?;
        f(&mut j);
        crate::store::journals::save_journal(&self.opts.journal_dir, &j.id, &*j)
            .map_err(|e| LaunchError::Journal(format!("cannot save the launch journal: {e}")))?;
        let n = self.writes.fetch_add(1, Ordering::SeqCst) + 1;
        if self.opts.stop_after_writes.is_some_and(|limit| n >= limit) {
            self.stopped.store(true, Ordering::SeqCst);
            return Err(LaunchError::Stopped);
        }
        Ok(())
    }

    /// The journal writes the test hook still allows, for a run this one starts (the
    /// replacement of a rejected ad during `--activate`), so one kill counts across both.
    pub(super) fn writes_left(&self) -> Option<usize> {
        let done = self.writes.load(Ordering::SeqCst);
        self.opts.stop_after_writes.map(|l| l.saturating_sub(done))
    }

    /// `Stopped` once the test hook has stopped the run.
    pub(super) fn alive(&self) -> Result<(), LaunchError> {
        if self.stopped.load(Ordering::SeqCst) {
            Err(LaunchError::Stopped)
        } else {
            Ok(())
        }
    }

    pub(super) fn set_state(&self, key: &LaunchStep, state: StepState) -> Result<(), LaunchError> {
        let mut known = true;
        self.update(|j| match j.step_mut(key) {
            Some(s) => s.state = state,
            None => known = false,
        })?;
        if known {
            Ok(())
        } else {
            Err(LaunchError::Io(format!(
                "the launch journal has no {}; it belongs to another version of the spec",
                key.label("")
            )))
        }
    }

    /// A step needs Meta's dry run unless it was created, or sent already (then it may exist,
    /// and a dry run would refuse it as a duplicate: it is looked up instead).
    pub(super) fn needs_dry_run(&self, key: &LaunchStep) -> bool {
        let j = self.journal.lock().unwrap_or_else(|e| e.into_inner());
        self.opts.preflight
            && matches!(
                j.step(key).map(|s| &s.state),
                None | Some(StepState::Pending) | Some(StepState::Failed { .. })
            )
    }

    pub(super) fn step_name(&self, key: &LaunchStep) -> String {
        self.journal
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .step(key)
            .map(|s| s.name.clone())
            .unwrap_or_default()
    }

    pub(super) fn created(&self, key: &LaunchStep) -> Option<String> {
        self.journal
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .created(key)
    }

    pub(super) fn warn(&self, text: String) -> Result<(), LaunchError> {
        self.emit(LaunchEvent::Warning(text.clone()));
        self.update(|j| {
            if !j.warnings.contains(&text) {
                j.warnings.push(text);
            }
        })
    }

    /// The writes in dependency order, each as soon as what it needs exists. The campaign and
    /// the images start together (the image-hash lookup, when there is one, with them); the ad
    /// sets follow the campaign; the creative needs the image hashes and the campaign, and goes
    /// while the ad sets are created; each ad needs its ad set and the creative, and is dry-run
    /// with Meta's synchronous review just before it is created. The campaign, ad sets and
    /// creative get no dry run: it would only repeat the create that follows it (the create
    /// runs the same checks and makes nothing when it refuses), and nothing they are can spend.
    async fn steps(self: Arc<Self>) -> Result<(), LaunchError> {
        let sets = requests::ad_sets(&self.spec);
        // The creative waits for the campaign too (no round trip: both start at once), so a
        // refused campaign leaves only images behind.
        let (campaign_made, campaign_seen) = tokio::sync::oneshot::channel::<()>();
        let (sets_done, creative_done) = tokio::join!(
            async {
                let key = LaunchStep::Campaign;
                if let Some(id) = self.spec.existing_campaign() {
                    self.check_existing_campaign(id).await?;
                }
                let params = requests::campaign_params(&self.spec, &self.step_name(&key));
                let campaign = self.create(&key, "campaigns", params).await?;
                let _ = campaign_made.send(());
                let set_ids = self.clone().for_each_ad_set(&sets, &campaign).await?;
                Ok::<_, LaunchError>((campaign, set_ids))
            },
            async {
                let (hashes, videos) =
                    tokio::try_join!(self.clone().images(), self.clone().videos())?;
                if campaign_seen.await.is_err() {
                    // The campaign was refused: its error is the launch's.
                    return Ok(None);
                }
                let key = LaunchStep::Creative;
                let name = self.step_name(&key);
                let params =
                    requests::creative_params_with_videos(&self.spec, &name, &hashes, &videos);
                let id = self.create(&key, "adcreatives", params.clone()).await?;
                Ok::<_, LaunchError>(Some((id, params)))
            }
        );
        let (campaign, set_ids) = sets_done?;
        let Some((creative, creative_params)) = creative_done? else {
            return Err(LaunchError::Io(
                "the creative was not created: the campaign was not".into(),
            ));
        };
        // The ads, each after its dry run with the synchronous review, and the creative's
        // read-back alongside.
        let mut ad_tasks = tokio::task::JoinSet::new();
        for (i, set_id) in set_ids.iter().enumerate() {
            let run = self.clone();
            let set_id = set_id.clone();
            let creative = creative.clone();
            ad_tasks.spawn(async move {
                let key = LaunchStep::Ad(i);
                let params =
                    requests::ad_params(&run.spec, &run.step_name(&key), &set_id, &creative);
                if run.needs_dry_run(&key) {
                    run.preflight(&key, "ads", params.clone(), true).await?;
                }
                run.create(&key, "ads", params).await
            });
        }
        let readback = self.read_back(&creative, &creative_params).await;
        let mut ad_ids = Vec::new();
        let mut first_error = None;
        while let Some(joined) = ad_tasks.join_next().await {
            match joined.map_err(|e| LaunchError::Io(format!("an ad task failed: {e}")))? {
                Ok(id) => ad_ids.push(id),
                Err(e) => first_error = first_error.or(Some(e)),
            }
        }
        if let Some(e) = first_error {
            return Err(e);
        }
        readback?;
        if self.opts.activate {
            self.activate(ad_ids, set_ids, campaign).await?;
        }
        Ok(())
    }

    /// Creates every ad set, in parallel; the ids in order.
    async fn for_each_ad_set(
        self: Arc<Self>,
        sets: &[crate::spec::AdSet],
        campaign: &str,
    ) -> Result<Vec<String>, LaunchError> {
        let mut tasks = tokio::task::JoinSet::new();
        for (i, set) in sets.iter().enumerate() {
            let run = self.clone();
            let set = set.clone();
            let campaign = campaign.to_string();
            tasks.spawn(async move {
                let key = LaunchStep::AdSet(i);
                let params = requests::ad_set_params(&set, &campaign, &run.step_name(&key));
                run.create(&key, "adsets", params).await.map(|id| (i, id))
            });
        }
        let mut ids = vec![String::new(); sets.len()];
        let mut first_error = None;
        while let Some(joined) = tasks.join_next().await {
            match joined.map_err(|e| LaunchError::Io(format!("an ad set task failed: {e}")))? {
                Ok((i, id)) => ids[i] = id,
                Err(e) => first_error = first_error.or(Some(e)),
            }
        }
        match first_error {
            Some(e) => Err(e),
            None => Ok(ids),
        }
    }

    /// Meta's dry run of a write: `execution_options=["validate_only"]` (and the synchronous
    /// policy review for ads). Side-effect free, so retried when the answer is lost.
    pub(super) async fn preflight(
        &self,
        key: &LaunchStep,
        edge: &str,
        params: Map<String, Value>,
        review: bool,
    ) -> Result<(), LaunchError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.alive()?;
            match self
                .client
                .validate(&self.account, edge, &params, review)
                .await
            {
                Ok(_) => {
                    self.emit(LaunchEvent::Preflight { key: key.clone() });
                    return Ok(());
                }
                Err(e) if e.is_uncertain() && attempt < MAX_ATTEMPTS => {
                    tokio::time::sleep(self.opts.backoff(attempt)).await;
                }
                Err(e) => return Err(LaunchError::from_call(Stage::DryRun(key.clone()), e)),
            }
        }
    }

    /// Looks for this step's object under its account by its tagged name. Objects other
    /// launches' journals record as theirs are never adopted: with `launch_tag` off, an earlier
    /// launch of the same spec has the very same names.
    async fn find(&self, edge: &str, name: &str) -> Result<Option<String>, CallError> {
        let found = self.client.find_by_name(&self.account, edge, name).await?;
        let theirs = self.other_launches_ids();
        let ids: Vec<String> = found
            .iter()
            .filter(|o| o.get("name").and_then(Value::as_str) == Some(name))
            .filter_map(|o| o.get("id").and_then(Value::as_str).map(str::to_string))
            .filter(|id| !theirs.contains(id))
            .collect();
        if ids.len() > 1 {
            self.emit(LaunchEvent::Warning(format!(
                "{} objects are named \"{name}\" ({}); dcw adopts {} and leaves the others alone",
                ids.len(),
                ids.join(", "),
                ids[0]
            )));
        }
        Ok(ids.into_iter().next())
    }

    /// The ids every other journal in the folder records as created.
    fn other_launches_ids(&self) -> std::collections::HashSet<String> {
        let me = self.snapshot().id;
        crate::store::journals::list_journals::<LaunchJournal>(&self.opts.journal_dir)
            .into_iter()
            .filter_map(|(_, j)| j.ok())
            .filter(|j| j.id != me)
            .flat_map(|j| j.steps)
            .filter_map(|s| match s.state {
                StepState::Created { id } => Some(id),
                _ => None,
            })
            .collect()
    }

    /// Creates one object exactly once: journal `sent` first; after an uncertain answer, look
    /// for it by name and adopt it, and send again only when it is not there.
    pub(super) async fn create(
        &self,
        key: &LaunchStep,
        edge: &str,
        params: Map<String, Value>,
    ) -> Result<String, LaunchError> {
        if let Some(id) = self.created(key) {
            self.emit(LaunchEvent::Reused {
                key: key.clone(),
                id: id.clone(),
            });
            return Ok(id);
        }
        let name = self.step_name(key);
        let previous = self
            .journal
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .step(key)
            .map(|s| s.state.clone());
        // Attempts are counted per run; the journal keeps the running total for people.
        let mut sent_before = 0;
        if let Some(StepState::Sent { attempt }) = previous {
            // An earlier run sent this and never learned the answer.
            if let Some(id) = self
                .find(edge, &name)
                .await
                .map_err(|e| LaunchError::from_call(key.clone(), e))?
            {
                return self.adopt(key, id);
            }
            sent_before = attempt;
        }
        let mut attempt = 0;
        self.emit(LaunchEvent::Started {
            key: key.clone(),
            name: name.clone(),
        });
        loop {
            attempt += 1;
            if attempt > MAX_ATTEMPTS + 1 {
                return Err(LaunchError::Network {
                    step: key.clone().into(),
                    message: "no certain answer after several attempts; run the same command again to resume".into(),
                });
            }
            self.set_state(
                key,
                StepState::Sent {
                    attempt: sent_before + attempt,
                },
            )?;
            self.alive()?;
            match self.client.try_create(&self.account, edge, &params).await {
                Ok(id) => {
                    let Some(id) = id else {
                        // Not Graph's answer to a create: whether it happened is unknown.
                        self.emit(LaunchEvent::Info(format!(
                            "{}: answered without an id; checking whether it was created",
                            key.label("")
                        )));
                        match self.find(edge, &name).await {
                            Ok(Some(id)) => return self.adopt(key, id),
                            Ok(None) => continue,
                            Err(read) => return Err(LaunchError::from_call(key.clone(), read)),
                        }
                    };
                    self.set_state(key, StepState::Created { id: id.clone() })?;
                    self.emit(LaunchEvent::Created {
                        key: key.clone(),
                        id: id.clone(),
                    });
                    return Ok(id);
                }
                Err(e) if e.is_uncertain() => {
                    self.emit(LaunchEvent::Info(format!(
                        "{}: {e}; checking whether it was created",
                        key.label("")
                    )));
                    match self.find(edge, &name).await {
                        Ok(Some(id)) => return self.adopt(key, id),
                        Ok(None) => tokio::time::sleep(self.opts.backoff(attempt)).await,
                        Err(read) => return Err(LaunchError::from_call(key.clone(), read)),
                    }
                }
                Err(e) => {
                    self.set_state(
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

    fn adopt(&self, key: &LaunchStep, id: String) -> Result<String, LaunchError> {
        self.set_state(key, StepState::Created { id: id.clone() })?;
        self.emit(LaunchEvent::Reused {
            key: key.clone(),
            id: id.clone(),
        });
        Ok(id)
    }

    /// Reads the creative back and warns when Meta kept fewer assets than were sent, or has
    /// Advantage+ creative features on that the spec did not ask for or the policy forbids.
    async fn read_back(
        &self,
        creative: &str,
        sent: &Map<String, Value>,
    ) -> Result<(), LaunchError> {
        let got = match self
            .client
            .object(
                &self.account,
                creative,
                "asset_feed_spec,degrees_of_freedom_spec",
            )
            .await
        {
            Ok(v) => v,
            Err(e) if matches!(e.class(), ErrorClass::Transient) => {
                return self.warn(format!(
                    "could not read the creative back to check its assets: {e}"
                ));
            }
            Err(e) => {
                return Err(LaunchError::from_call(
                    Stage::other("creative read-back"),
                    e,
                ));
            }
        };
        let empty = Value::Null;
        let sent_feed = sent.get("asset_feed_spec").unwrap_or(&empty);
        let kept_feed = got.get("asset_feed_spec").unwrap_or(&empty);
        for w in requests::lost_assets(sent_feed, kept_feed) {
            self.warn(w)?;
        }
        for w in super::features::unasked_features(
            sent.get("degrees_of_freedom_spec"),
            got.get("degrees_of_freedom_spec"),
            &self.opts.never_features,
        ) {
            self.warn(w)?;
        }
        Ok(())
    }
}
