//! Runs a control's journal: each write `pending → sent → created | failed`, the journal saved
//! before every write; a write found `sent` (an uncertain answer, or a kill before its answer
//! was saved) is read back first and sent again only when Graph does not show it.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::types::{ControlOptions, ControlPlan};
use crate::graph::{CallError, GraphClient};
use crate::launch::error::{LaunchError, Stage};
use crate::launch::event::LaunchEvent;
use crate::launch::journal::{LaunchJournal, LaunchState, LaunchStep, StepState};
use crate::launch::pipeline::{EventSink, MAX_ATTEMPTS};
use crate::spec::GraphTime;
use crate::store::{ControlCall, ControlJournal, ControlWrite, controls_dir};

struct Exec<'a> {
    client: &'a GraphClient,
    opts: &'a ControlOptions,
    journal: ControlJournal,
    saves: usize,
    events: EventSink,
}

/// Runs (or resumes) a planned control; the journal, done, with what each write made.
pub async fn run_control(
    client: &GraphClient,
    plan: ControlPlan,
    opts: &ControlOptions,
    events: EventSink,
) -> Result<ControlJournal, LaunchError> {
    let dir = controls_dir(&opts.journal_dir);
    crate::store::create_private_dir(&dir)
        .map_err(|e| LaunchError::Journal(format!("cannot make {}: {e}", dir.display())))?;
    let _held =
        crate::store::journals::lock_launch(&dir, &plan.journal.id).map_err(LaunchError::Held)?;
    // One control of an account at a time, and never one planned before another ran: two
    // `duplicate`s started together make one copy, a pause planned while an activate ran does
    // not act on what it read before.
    let _account =
        crate::store::journals::take_lock(&dir, &format!("account-{}.lock", plan.journal.account))
            .map_err(|e| LaunchError::Held(e.to_string()))?;
    if !plan.resumed
        && let Some(other) = ran_since(&dir, &plan)
    {
        return Err(LaunchError::Refused(format!(
            "another control of act_{} ran since this one was planned (journal {other}): nothing was sent; plan it again so it acts on what is there now",
            plan.journal.account
        )));
    }
    // Another dcw may have gone on with it since it was planned: the file is the truth.
    let journal = match crate::store::load_journal::<ControlJournal>(&dir, &plan.journal.id) {
        Ok(j) if plan.resumed => j,
        _ => plan.journal,
    };
    if journal.state == LaunchState::Done {
        return Ok(journal);
    }
    let mut x = Exec {
        client,
        opts,
        journal,
        saves: 0,
        events,
    };
    x.save()?;
    for i in 0..x.journal.writes.len() {
        if let Err(e) = x.one(i).await {
            if !matches!(e, LaunchError::Stopped) {
                x.journal.state = LaunchState::Failed;
                x.journal.error = Some(e.to_string());
                // Best effort: the control stays resumable whatever this write does.
                let _ = x.save();
            }
            return Err(e);
        }
    }
    x.journal.state = LaunchState::Done;
    x.journal.error = None;
    x.save()?;
    Ok(x.journal)
}

/// A control journal of the plan's account, other than its own, written after it was planned.
fn ran_since(dir: &std::path::Path, plan: &ControlPlan) -> Option<String> {
    crate::store::journals::list_journals::<ControlJournal>(dir)
        .into_iter()
        .filter(|(id, _)| *id != plan.journal.id)
        .filter_map(|(id, j)| Some((id, j.ok()?)))
        .filter(|(_, j)| j.account == plan.journal.account)
        .find(|(id, _)| {
            std::fs::metadata(crate::store::journals::journal_path(dir, id))
                .and_then(|m| m.modified())
                .is_ok_and(|t| t > plan.planned_at)
        })
        .map(|(id, _)| id)
}

impl Exec<'_> {
    /// Saves the journal; the test hook stops the control right after the n-th save.
    fn save(&mut self) -> Result<(), LaunchError> {
        let dir = controls_dir(&self.opts.journal_dir);
        crate::store::save_journal(&dir, &self.journal.id, &self.journal)
            .map_err(|e| LaunchError::Journal(format!("cannot save the control's journal: {e}")))?;
        self.saves += 1;
        if self.opts.stop_after_writes.is_some_and(|l| self.saves >= l) {
            return Err(LaunchError::Stopped);
        }
        Ok(())
    }

    fn set(&mut self, i: usize, state: StepState) {
        self.journal.writes[i].state = state;
    }

    fn info(&self, text: String) {
        (self.events)(LaunchEvent::Info(text));
    }

    /// One write, to its end.
    async fn one(&mut self, i: usize) -> Result<(), LaunchError> {
        loop {
            let w = self.journal.writes[i].clone();
            let attempt = match w.state {
                StepState::Created { .. } => return Ok(()),
                StepState::Sent { attempt } => {
                    if let Some(id) = self.reconcile(&w).await? {
                        self.set(i, StepState::Created { id });
                        self.save()?;
                        self.info(format!("{}: Graph shows it done already", said(&w)));
                        return Ok(());
                    }
                    if attempt >= MAX_ATTEMPTS {
                        return Err(LaunchError::Network {
                            step: Stage::other(said(&w)),
                            message: format!("no certain answer after {attempt} tries"),
                        });
                    }
                    attempt + 1
                }
                _ => 1,
            };
            self.set(i, StepState::Sent { attempt });
            self.save()?;
            match self.call(&w).await {
                Ok(id) => {
                    self.set(i, StepState::Created { id });
                    self.save()?;
                    self.info(format!("{}: done", said(&w)));
                    return Ok(());
                }
                Err(e) if e.is_uncertain() => {
                    let factor = 1u32 << attempt.saturating_sub(1).min(5);
                    tokio::time::sleep(self.opts.retry_backoff * factor).await;
                }
                Err(e) => {
                    self.set(
                        i,
                        StepState::Failed {
                            error: e.to_string(),
                        },
                    );
                    return Err(refused(&self.opts.journal_dir, &w, e));
                }
            }
        }
    }

    async fn call(&mut self, w: &ControlWrite) -> Result<String, CallError> {
        let account = self.journal.account.clone();
        match &w.call {
            ControlCall::Update { params } => {
                self.client
                    .update_object(&account, &w.object, &as_map(params))
                    .await?;
                Ok(w.object.clone())
            }
            ControlCall::Delete => {
                self.client.delete_object(&account, &w.object).await?;
                Ok(w.object.clone())
            }
            ControlCall::Copy { params } => {
                let v = self
                    .client
                    .copy_ad_set(&account, &w.object, &as_map(params))
                    .await?;
                let copied = v
                    .get("copied_adset_id")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                for o in v
                    .get("ad_object_ids")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let text = |k: &str| o.get(k).and_then(Value::as_str).unwrap_or("");
                    self.journal.warnings.push(format!(
                        "copied {} {} as {}",
                        text("ad_object_type").replace('_', " "),
                        text("source_id"),
                        text("copied_id")
                    ));
                }
                Ok(copied)
            }
        }
    }

    /// Whether Graph shows the write done (what it made), by reading back.
    async fn reconcile(&self, w: &ControlWrite) -> Result<Option<String>, LaunchError> {
        let account = &self.journal.account;
        let read_err =
            |e| LaunchError::from_call(Stage::other(format!("reading back {}", said(w))), e);
        match &w.call {
            ControlCall::Update { params } => {
                let fields: Vec<&str> = params.keys().map(String::as_str).collect();
                let v = self
                    .client
                    .object(account, &w.object, &fields.join(","))
                    .await
                    .map_err(read_err)?;
                let shows = params.iter().all(|(k, want)| same(k, v.get(k), want));
                Ok(shows.then(|| w.object.clone()))
            }
            ControlCall::Delete => match self.client.object(account, &w.object, "status").await {
                Ok(v) => Ok((v.get("status").and_then(Value::as_str) == Some("DELETED"))
                    .then(|| w.object.clone())),
                // Graph no longer reads a deleted object.
                Err(e) if e.graph().is_some() && !e.is_uncertain() => Ok(Some(w.object.clone())),
                Err(e) => Err(read_err(e)),
            },
            ControlCall::Copy { .. } => {
                let source = self
                    .client
                    .object(account, &w.object, "campaign_id")
                    .await
                    .map_err(read_err)?;
                let campaign = source
                    .get("campaign_id")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let sets = self
                    .client
                    .edge_items(account, campaign, "adsets", "name")
                    .await
                    .map_err(read_err)?;
                let suffix = format!(" · {}", self.journal.tag);
                Ok(sets.iter().find_map(|s| {
                    let name = s.get("name").and_then(Value::as_str)?;
                    name.ends_with(&suffix)
                        .then(|| s.get("id").and_then(Value::as_str).map(str::to_string))?
                }))
            }
        }
    }
}

/// Whether Graph's `have` shows the value sent: times by their instant, amounts as text.
fn same(key: &str, have: Option<&Value>, want: &str) -> bool {
    let have = match have {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return false,
    };
    if key.ends_with("_time") {
        let (a, b) = (GraphTime::parse(&have).utc(), GraphTime::parse(want).utc());
        return a.is_some() && a == b;
    }
    have == want
}

fn as_map(params: &BTreeMap<String, String>) -> Map<String, Value> {
    params
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect()
}

/// `ad set «Boots US» (1202…): status ACTIVE`.
fn said(w: &ControlWrite) -> String {
    let what = match &w.call {
        ControlCall::Update { params } => params
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", "),
        ControlCall::Delete => "delete".into(),
        ControlCall::Copy { .. } => "copy".into(),
    };
    format!(
        "{} «{}» ({}): {what}",
        w.kind,
        crate::spec::text::sanitize(&w.name),
        w.object
    )
}

/// Graph's refusal of a write. An ad Meta will not turn on after its rejection (2490427 /
/// 2490468) needs a new ad: the replacement `--activate` makes is offered.
fn refused(dir: &std::path::Path, w: &ControlWrite, e: CallError) -> LaunchError {
    if !crate::launch::fix::needs_new_ad(&e) {
        return LaunchError::from_call(Stage::other(said(w)), e);
    }
    let spec = crate::store::journals::list_journals::<LaunchJournal>(dir)
        .into_iter()
        .filter_map(|(_, j)| j.ok())
        .find(|j| {
            j.steps.iter().any(|s| {
                matches!(s.key, LaunchStep::Ad(_))
                    && s.state
                        == (StepState::Created {
                            id: w.object.clone(),
                        })
            })
        })
        .map_or_else(|| "SPEC".to_string(), |j| j.spec_path);
    LaunchError::Rejected {
        step: Stage::other(format!(
            "turning on ad {} ({}), which Meta rejected in its latest review: it needs a new ad. Replace it: `dcw submit {} --activate` makes a copy of its ad set with a new ad on the same creative and turns that on; or fix its creative from the status pane (dcw watch, then e or x)",
            crate::spec::text::sanitize(&w.name),
            w.object,
            crate::spec::text::sanitize(&spec)
        )),
        error: e,
        fields: Vec::new(),
    }
}
