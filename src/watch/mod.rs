//! Review monitoring, shared by the status pane and `dcw watch`: what to watch (`targets`),
//! when to read it (`scheduler`), the reads themselves (`poll`), the status model with every
//! rejection mapped to the launch's own asset (`model`, `assets`), and asset results from the
//! insights breakdowns (`insights`), and the results a buyer reads (`results`: money, cost per
//! result, a date range, age or gender, a significance hint, the ranking a next round keeps).

pub(crate) mod assets;
pub mod insights;
pub(crate) mod model;
mod next_draft;
mod next_round;
pub(crate) mod poll;
mod rank;
mod report;
pub mod results;
mod results_read;
mod results_report;
mod scheduler;
mod targets;

use std::collections::HashMap;
use std::future::Future;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

pub use assets::{AssetFiles, AssetRef, locate};
pub use model::{AdRead, AdRow, Change, ReviewState, WatchModel, graph_time};
pub use next_draft::next_name;
pub use next_round::{
    NextRound, breakdown_of, find_launch, find_or_read_launch, prepare as prepare_next_round,
};
pub use poll::{AD_FIELDS, DETAIL_FIELDS, Failure, Known, NOT_DELETED, PollResult, execute};
pub use rank::{
    AssetNumbers, DEFAULT_KEEP, DEFAULT_MIN_IMPRESSIONS, Rule, Verdict, rank, results_for_goal,
    results_of,
};
pub use report::{ad_json, rows_json, rows_text};
pub use results_read::{
    AdContext, CONTEXT_FIELDS, Query as ResultsQuery, Results, ad_context, fetch as fetch_results,
};
pub use results_report::{results_csv, results_json, results_text};
pub use scheduler::{BUDGET_PCT, HIGH_USAGE_WAIT, Plan, SETTLED, SLOW, Scheduler, min_gap};
pub use targets::{Target, account_digits, asset_files, from_journals, resolve_ids};

use crate::graph::GraphClient;
use crate::graph::gate::Gate;

/// The model and its schedule, moved only by `apply` (pure: the reads happen elsewhere).
#[derive(Debug, Clone, Default)]
pub struct Watch {
    pub model: WatchModel,
    pub scheduler: Scheduler,
    /// Reads that failed, newest last (`act_123: <Graph's message> (code 2, fbtrace_id …)`), at most
    /// `FAILURES_KEPT`.
    pub failures: Vec<String>,
}

/// How many failed reads `Watch::failures` keeps.
pub const FAILURES_KEPT: usize = 50;

impl Watch {
    pub fn new() -> Watch {
        Watch::default()
    }

    /// Watches a target, launched at `launched_at` (RFC 3339) if known.
    pub fn add(&mut self, t: &Target, now: Instant, utc_now: DateTime<Utc>) {
        self.model
            .track(&t.ad_id, &t.account, t.launch_id.as_deref());
        let age = t
            .launched_at
            .as_deref()
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .and_then(|l| (utc_now - l.with_timezone(&Utc)).to_std().ok())
            .unwrap_or(Duration::ZERO);
        let launched = now.checked_sub(age).unwrap_or(now);
        self.scheduler.track(&t.ad_id, &t.account, launched, now);
    }

    /// Watches every dynamic-creative ad of `account` (digits).
    pub fn add_account(&mut self, account: &str) {
        self.scheduler.watch_account(account);
    }

    /// The reads due now.
    pub fn due(&mut self, now: Instant, gate: &Gate) -> Vec<Plan> {
        let mut pending: HashMap<String, Vec<String>> = HashMap::new();
        for r in self.model.rows.iter().filter(|r| r.needs_details()) {
            pending
                .entry(r.account.clone())
                .or_default()
                .push(r.ad_id.clone());
        }
        let accounts = pending.keys().cloned().collect();
        let mut plans = self.scheduler.due(now, gate, &accounts);
        for p in &mut plans {
            p.details = pending.remove(&p.account).unwrap_or_default();
        }
        plans
    }

    /// What dcw knows of the ads, so a poll reads a rejected ad's details once per change.
    pub fn known(&self) -> HashMap<String, Known> {
        self.model
            .rows
            .iter()
            .map(|r| {
                (
                    r.ad_id.clone(),
                    Known {
                        effective_status: r.effective_status.clone(),
                        updated_time: r.updated_time.clone(),
                        has_details: !r.needs_details(),
                    },
                )
            })
            .collect()
    }

    /// Takes in a poll's answers: rows updated, changes returned, the schedule moved on.
    pub fn apply(
        &mut self,
        plan: &Plan,
        result: &PollResult,
        now: Instant,
        utc_now: DateTime<Utc>,
        max_points: Option<u32>,
    ) -> Vec<Change> {
        let mut changes = Vec::new();
        for ad in &result.ads {
            let Some(id) = ad.id.as_deref() else {
                continue;
            };
            if !self.scheduler.is_tracked(id) {
                // Found by the account's edge: its launch is its creation.
                let launched = ad.created_time.as_deref().and_then(model::graph_time);
                let t = Target {
                    ad_id: id.to_string(),
                    account: plan.account.clone(),
                    launch_id: None,
                    launched_at: launched.map(|l| l.to_rfc3339()),
                };
                self.add(&t, now, utc_now);
            }
            if let Some(c) = self.model.apply_read(&plan.account, ad, utc_now) {
                if c.to == ReviewState::InReview {
                    // A re-review (after an edit): fast again, as after a launch.
                    self.scheduler.poke(id, now);
                }
                changes.push(c);
            }
            let state = self.model.get(id).map(|r| r.state);
            self.scheduler.polled(id, state, now);
        }
        for (id, d) in &result.details {
            self.model.apply_details(id, d);
        }
        for f in &result.failures {
            // Graph's error text already ends with its fbtrace_id: said once.
            self.failures
                .push(format!("act_{}: {}", plan.account, f.message));
            if self.failures.len() > FAILURES_KEPT {
                self.failures.remove(0);
            }
            for id in &f.ads {
                self.model.failed(id, &f.message, f.fbtrace_id.as_deref());
                self.scheduler.polled(id, None, now);
            }
        }
        // Ads due that no read brought back (deleted, or not visible to this token).
        let answered: std::collections::HashSet<&str> = result
            .ads
            .iter()
            .filter_map(|a| a.id.as_deref())
            .chain(
                result
                    .failures
                    .iter()
                    .flat_map(|f| f.ads.iter().map(String::as_str)),
            )
            .collect();
        for id in &plan.ads {
            if !answered.contains(id.as_str()) {
                self.scheduler.polled(id, None, now);
            }
        }
        self.scheduler.cycle_done(
            plan,
            now,
            utc_now.timestamp(),
            result.requests,
            max_points,
            !result.edge_failed,
        );
        changes
    }

    /// When to poll next.
    pub fn next_wake(&self, now: Instant) -> Option<Instant> {
        let wake = self.scheduler.next_wake(now);
        if self.model.rows.iter().any(|r| r.needs_details()) {
            // Details left over by a cycle that spent its budget: soon, within the holds.
            let soon = now + scheduler::FAST;
            return Some(wake.map_or(soon, |w| w.min(soon)));
        }
        wake
    }

    /// Accounts being watched (by id or by their ads edge).
    pub fn scheduler_accounts(&self) -> Vec<String> {
        self.scheduler.accounts()
    }

    /// Whether every watched ad has left review.
    pub fn all_settled(&self) -> bool {
        !self.model.rows.is_empty() && self.model.rows.iter().all(|r| r.state.is_settled())
    }
}

/// Runs plans against something that answers them: Graph, or a test's fake.
pub trait Poller {
    fn poll(
        &self,
        plan: Plan,
        known: HashMap<String, Known>,
    ) -> impl Future<Output = PollResult> + Send;
    fn gate(&self) -> &Gate;
    fn now(&self) -> Instant;
    fn utc_now(&self) -> DateTime<Utc>;
}

impl Poller for GraphClient {
    async fn poll(&self, plan: Plan, known: HashMap<String, Known>) -> PollResult {
        poll::execute(self, &plan, &known).await
    }

    fn gate(&self) -> &Gate {
        GraphClient::gate(self)
    }

    fn now(&self) -> Instant {
        GraphClient::now(self)
    }

    fn utc_now(&self) -> DateTime<Utc> {
        self.config().clock.utc_now()
    }
}

/// One round: every plan due now, run one after another; the changes seen.
pub async fn cycle<P: Poller>(watch: &mut Watch, poller: &P) -> Vec<Change> {
    let plans = watch.due(poller.now(), poller.gate());
    let mut changes = Vec::new();
    for plan in plans {
        let result = poller.poll(plan.clone(), watch.known()).await;
        let max = poller.gate().max_points(&plan.account);
        changes.extend(watch.apply(&plan, &result, poller.now(), poller.utc_now(), max));
    }
    changes
}

/// Polls until `keep_going` says stop, sleeping (on tokio's clock) until the next read is due.
/// `keep_going` sees the watch after every round with that round's changes.
pub async fn run<P: Poller>(
    watch: &mut Watch,
    poller: &P,
    mut keep_going: impl FnMut(&Watch, &[Change]) -> bool,
) {
    loop {
        let changes = cycle(watch, poller).await;
        if !keep_going(watch, &changes) {
            return;
        }
        let now = poller.now();
        // Nothing to watch: nothing will change.
        let Some(wake) = watch.next_wake(now) else {
            return;
        };
        let wait = wake
            .saturating_duration_since(now)
            .max(Duration::from_millis(200));
        tokio::time::sleep(wait).await;
    }
}
