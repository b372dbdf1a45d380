//! Starting a launch of a spec: the one place that takes the spec's lock and picks its journal,
//! for `dcw submit` and the wizard alike. The lock is taken before anything is sent and before
//! any journal is read, so two `dcw` started on the same spec within the same instant (two SSH
//! windows, a retried CI job) never both start a fresh launch. A damaged journal that may be
//! this spec's stops a fresh launch: it may hold ids of objects that exist.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::store::journals::{self, JournalError, LockError, LockGuard};

use super::journal::{
    LaunchJournal, LaunchState, LaunchStep, StepState, launch_key, spec_hash_for,
};

/// Which journal a launch should use.
#[derive(Debug, Clone, PartialEq)]
pub enum JournalChoice {
    /// Resume this spec's last launch (or report it, when it is done), else start a new one.
    Latest,
    /// Start a new launch whatever this spec's earlier ones did (`--new`).
    New,
    /// Resume the launch of this id (`--resume ID`).
    Resume(String),
    /// The wizard's launch of a draft it launched before: that launch's id and the spec it
    /// launched. The same spec resumes it (after a network failure, or a quit mid-launch); a
    /// spec fixed after a refusal keeps what the fix did not touch; after a done launch, a new
    /// one. A journal that cannot be read any more is `Latest`.
    Draft {
        journal_id: String,
        spec: Box<crate::spec::LaunchSpec>,
    },
}

/// What a launch is about to be started from.
pub struct StartRequest<'a> {
    pub dir: &'a Path,
    pub spec: &'a crate::spec::LaunchSpec,
    /// The spec's text as written (journals of earlier dcw versions are found by its hash).
    pub text: &'a str,
    /// The folder the spec's relative image paths resolve against.
    pub spec_dir: &'a Path,
    /// Where the spec came from, for `dcw launches`.
    pub spec_path: &'a str,
    /// The ad account's digits.
    pub account: &'a str,
    /// `sandbox:built-in:<world>` for the built-in sandbox, else Graph's base URL.
    pub api_base: &'a str,
    pub tag_names: bool,
    pub choice: JournalChoice,
}

/// A launch that may go ahead: its journal, and the locks that keep other `dcw` processes off
/// it until this value is dropped.
#[derive(Debug)]
pub struct Started {
    pub journal: LaunchJournal,
    /// Whether the journal is an earlier one of this spec (resumed or done).
    pub earlier: bool,
    /// Leftovers of killed processes removed from the journal folder.
    pub cleaned: usize,
    _spec_lock: LockGuard,
    _launch_lock: LockGuard,
}

/// Why a launch cannot start.
#[derive(Debug)]
pub enum StartError {
    /// Another `dcw` is launching this spec on this account right now.
    Held { account: String, holder: String },
    /// A journal that may be this spec's cannot be read.
    Damaged {
        path: PathBuf,
        id: String,
        reason: String,
        /// The tag its objects were named with, when the damaged text still shows it.
        tag: Option<String>,
    },
    /// `--resume` named something that is not a launch id.
    BadId(String),
    /// `--resume` named a launch that is not there.
    NoSuchLaunch(String),
    /// `--resume` named a launch of another spec or Graph.
    OtherSpec(String),
    /// The journal folder or a lock cannot be written.
    Io(String),
}

impl StartError {
    /// `dcw submit`'s exit status: 6 held by another process, 7 the journal folder cannot be
    /// written, 8 a damaged journal, 2 a `--resume` that names no launch of this spec.
    pub fn exit_code(&self) -> u8 {
        match self {
            StartError::Held { .. } => 6,
            StartError::Io(_) => 7,
            StartError::Damaged { .. } => 8,
            StartError::BadId(_) | StartError::NoSuchLaunch(_) | StartError::OtherSpec(_) => 2,
        }
    }
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::Held { account, holder } => write!(
                f,
                "another dcw is launching this spec on act_{account} right now ({holder}); nothing was sent. \
Once it ends, launching this spec again reports that launch, or resumes it if it stopped."
            ),
            StartError::Damaged {
                path, reason, id, ..
            } => write!(
                f,
                "{}: the journal of an earlier launch of this spec is damaged ({reason}); nothing was sent.\n\
It may hold the ids of objects that exist, so dcw will not start this spec afresh on its own. Either:\n  \
- repair the file (it is JSON; once repaired, delete its \"checksum\" line and the comma ending the line before it) and run again with --resume {id}\n  \
- or start a second launch knowingly with --new\n  \
- or, if it is not this spec's launch, move the file out of {}",
                path.display(),
                path.parent().unwrap_or(Path::new(".")).display()
            ),
            StartError::BadId(id) => write!(
                f,
                "--resume takes a launch id as `dcw launches` lists it (like 20261125-170301-3f9a2c), not «{}»",
                crate::spec::text::fit(id, 60)
            ),
            StartError::NoSuchLaunch(id) => {
                write!(f, "there is no launch {id} (see `dcw launches`)")
            }
            StartError::OtherSpec(id) => write!(
                f,
                "launch {id} was made from another version of this spec (or for another Graph); resume it with the spec it was launched from, or start a new launch with --new"
            ),
            StartError::Io(m) => write!(f, "cannot keep the launch journal: {m}"),
        }
    }
}

impl From<LockError> for StartError {
    fn from(e: LockError) -> StartError {
        match e {
            LockError::Held { holder } => StartError::Held {
                account: String::new(),
                holder,
            },
            LockError::Io { .. } => StartError::Io(e.to_string()),
        }
    }
}

/// Takes the spec's lock, then picks the journal as `req.choice` says; see [`StartError`].
pub fn start(req: StartRequest<'_>) -> Result<Started, StartError> {
    let cleaned = journals::clean_leftovers(req.dir);
    let keys = SpecKeys::of(req.api_base, req.spec, req.text, req.spec_dir);
    let spec_lock =
        journals::lock_spec(req.dir, req.account, &keys.key).map_err(|e| match e.into() {
            StartError::Held { holder, .. } => StartError::Held {
                account: req.account.to_string(),
                holder,
            },
            other => other,
        })?;
    let fresh = || {
        LaunchJournal::start(
            req.spec,
            &keys.key,
            req.spec_path,
            req.account,
            req.api_base,
            req.tag_names,
        )
    };
    let (journal, earlier) = match &req.choice {
        JournalChoice::Resume(id) => (resume(req.dir, id, &keys)?, true),
        JournalChoice::New => (fresh(), false),
        JournalChoice::Draft { journal_id, spec } => {
            match journals::load_journal::<LaunchJournal>(req.dir, journal_id) {
                Ok(j) if keys.matches(&j.spec_hash) => (j, true),
                Ok(j) if j.state != LaunchState::Done => (
                    super::resubmit::carry_over(&j, spec, req.spec, fresh()),
                    true,
                ),
                Ok(_) => (fresh(), false),
                Err(_) => latest(req.dir, &keys, req.account, req.api_base, fresh)?,
            }
        }
        JournalChoice::Latest => latest(req.dir, &keys, req.account, req.api_base, fresh)?,
    };
    let launch_lock = journals::take_lock(req.dir, &format!("{}.lock", journal.id))?;
    Ok(Started {
        journal,
        earlier,
        cleaned,
        _spec_lock: spec_lock,
        _launch_lock: launch_lock,
    })
}

/// This spec's newest launch (`earlier`), else a fresh one. The throwaway in-process sandbox
/// of earlier dcw versions (`sandbox`) forgot everything when it ended: nothing to resume there
/// (the built-in sandbox's world is kept, and named in `api_base`).
fn latest(
    dir: &Path,
    keys: &SpecKeys,
    account: &str,
    api_base: &str,
    fresh: impl FnOnce() -> LaunchJournal,
) -> Result<(LaunchJournal, bool), StartError> {
    if api_base == "sandbox" {
        return Ok((fresh(), false));
    }
    Ok(match latest_of(dir, keys, account)? {
        Some(j) => (j, true),
        None => (fresh(), false),
    })
}

/// What finds a spec's launches: its [`launch_key`], and the hash earlier versions of dcw
/// recorded (the text as written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecKeys {
    pub key: String,
    pub legacy: String,
}

impl SpecKeys {
    pub fn of(
        api_base: &str,
        spec: &crate::spec::LaunchSpec,
        text: &str,
        spec_dir: &Path,
    ) -> SpecKeys {
        SpecKeys {
            key: launch_key(api_base, spec, spec_dir),
            legacy: spec_hash_for(api_base, text),
        }
    }

    /// Whether a journal's recorded hash is this spec's.
    pub fn matches(&self, spec_hash: &str) -> bool {
        spec_hash == self.key || spec_hash == self.legacy
    }

    /// Whether a hash read out of a damaged journal may be this spec's: a whole hash at most a
    /// few characters away from one of ours (damage inside the hash itself), or one that is not
    /// a whole hash at all. Another spec's hash differs in most of its 64 characters.
    fn may_be(&self, clue: &str) -> bool {
        let near = |ours: &str| {
            clue.len() != ours.len()
                || clue
                    .bytes()
                    .zip(ours.bytes())
                    .filter(|(a, b)| a != b)
                    .count()
                    <= 8
        };
        near(&self.key) || near(&self.legacy)
    }
}

fn resume(dir: &Path, id: &str, keys: &SpecKeys) -> Result<LaunchJournal, StartError> {
    if !journals::is_launch_id(id) {
        return Err(StartError::BadId(id.to_string()));
    }
    let j: LaunchJournal = journals::load_journal(dir, id).map_err(|e| match e {
        JournalError::Missing { .. } => StartError::NoSuchLaunch(id.to_string()),
        JournalError::Damaged {
            path,
            reason,
            clues,
        } => StartError::Damaged {
            path,
            id: id.to_string(),
            reason,
            tag: clues.tag,
        },
    })?;
    if !keys.matches(&j.spec_hash) {
        return Err(StartError::OtherSpec(id.to_string()));
    }
    Ok(j)
}

/// The ad of this spec's newest launch on this Graph (`api_base` as the journal records it),
/// if one was created: the first ad set's ad that exists.
pub fn launched_ad(
    journal_dir: &Path,
    api_base: &str,
    spec: &crate::spec::LaunchSpec,
    text: &str,
    spec_dir: &Path,
) -> Option<String> {
    let keys = SpecKeys::of(api_base, spec, text, spec_dir);
    let journal = latest_of(journal_dir, &keys, spec.account_digits())
        .ok()
        .flatten()?;
    journal.steps.iter().find_map(|s| match (&s.key, &s.state) {
        (LaunchStep::Ad(_), StepState::Created { id }) => Some(id.clone()),
        _ => None,
    })
}

/// This spec's newest launch, or none; refused when a journal that may be this spec's is
/// damaged (its hash reads as this spec's, or it shows no hash and no other account).
fn latest_of(
    dir: &Path,
    keys: &SpecKeys,
    account: &str,
) -> Result<Option<LaunchJournal>, StartError> {
    let mut same: Vec<LaunchJournal> = Vec::new();
    for (id, j) in journals::list_journals::<LaunchJournal>(dir) {
        match j {
            Ok(j) if keys.matches(&j.spec_hash) => same.push(j),
            Ok(_) | Err(JournalError::Missing { .. }) => {}
            Err(JournalError::Damaged {
                path,
                reason,
                clues,
            }) => {
                let maybe_ours = match &clues.spec_hash {
                    Some(h) => keys.may_be(h),
                    None => clues.account.as_deref().is_none_or(|a| a == account),
                };
                if maybe_ours {
                    return Err(StartError::Damaged {
                        path,
                        id,
                        reason,
                        tag: clues.tag,
                    });
                }
            }
        }
    }
    same.sort_by(|a, b| a.created_at.cmp(&b.created_at));
    Ok(same.pop())
}

/// Why the launch cannot start, for the buyer: the error, and for a damaged journal what of its
/// launch is already on the account (looked up there), so `dcw submit` and the wizard say the
/// same.
pub async fn explain(
    client: &crate::graph::GraphClient,
    account: &str,
    s: &crate::spec::LaunchSpec,
    e: &StartError,
) -> String {
    match e {
        StartError::Damaged { tag, .. } => {
            let found = already_on_account(client, account, s, tag.as_deref()).await;
            format!("{e}\n{found}")
        }
        other => other.to_string(),
    }
}

/// What of a launch with a damaged journal is already on the account: objects named with its
/// tag (or, with the tag unreadable, campaigns named like the spec's), as lines for the message.
async fn already_on_account(
    client: &crate::graph::GraphClient,
    account: &str,
    s: &crate::spec::LaunchSpec,
    tag: Option<&str>,
) -> String {
    let tag = tag.map(str::to_string);
    let campaign_name = s.campaign.as_ref().and_then(|c| c.name.clone());
    let (needle, edges): (String, &[(&str, &str)]) = match (&tag, &campaign_name) {
        (Some(t), _) => (
            t.clone(),
            &[
                ("campaigns", "campaign"),
                ("adsets", "ad set"),
                ("adcreatives", "creative"),
                ("ads", "ad"),
            ],
        ),
        (None, Some(n)) if !n.trim().is_empty() => (n.clone(), &[("campaigns", "campaign")]),
        _ => return "dcw could not tell which objects of it exist: look in Ads Manager.".into(),
    };
    let mut lines = Vec::new();
    for (edge, word) in edges {
        match client.find_by_name(account, edge, &needle).await {
            Ok(found) => {
                for o in found.iter().take(20) {
                    let id = o
                        .get("id")
                        .and_then(serde_json::Value::as_str)
                        .unwrap_or("?");
                    let name = o
                        .get("name")
                        .and_then(serde_json::Value::as_str)
                        .unwrap_or("");
                    lines.push(format!(
                        "  {word:<9} {id}  {}",
                        crate::spec::text::fit(name, 80)
                    ));
                }
            }
            Err(err) => {
                return format!(
                    "dcw could not look on act_{account} for what exists ({}).",
                    crate::spec::text::fit(&err.to_string(), 200)
                );
            }
        }
    }
    let by = match &tag {
        Some(t) => format!("named with its tag {t}"),
        None => format!(
            "named like the spec's campaign «{}»",
            crate::spec::text::fit(&needle, 60)
        ),
    };
    if lines.is_empty() {
        format!("On act_{account}, nothing {by} exists.")
    } else {
        format!(
            "On act_{account}, these objects {by} exist already:\n{}",
            lines.join("\n")
        )
    }
}

impl Started {
    /// "Resuming launch … (3 of 6 steps done)." when an unfinished launch is taken up again.
    pub fn resuming_note(&self) -> Option<String> {
        let j = &self.journal;
        (self.earlier && j.state != LaunchState::Done).then(|| {
            let (done, total) = j.progress();
            format!("Resuming launch {} ({done} of {total} steps done).", j.id)
        })
    }
}

/// Meta's dry run of what can be dry-run before anything exists, for the wizard's Review step
/// (before the buyer presses Y): the campaign (`validate_only`). In the launch only the ads are
/// dry-run (with `synchronous_ad_review`), each just before it is created; the campaign, ad sets
/// and creative are checked by their own creates, PAUSED.
pub async fn dry_run(
    client: &crate::graph::GraphClient,
    spec: &crate::spec::LaunchSpec,
) -> Result<String, super::LaunchError> {
    let account = spec.account_digits();
    if let Some(id) = spec.existing_campaign() {
        return existing_campaign_check(client, spec, id).await;
    }
    let name = spec
        .campaign
        .as_ref()
        .and_then(|c| c.name.clone())
        .unwrap_or_default();
    let params = super::requests::campaign_params(spec, &name);
    let config = client.config();
    let to = crate::graph::Destination::of_base(&config.base_url, &config.api_version);
    // Only Meta's answer is called Meta's.
    let who = if to.is_meta() {
        "Meta accepts".to_string()
    } else if to.is_sandbox() {
        "The sandbox accepts".to_string()
    } else {
        format!("{} accepts", to.label())
    };
    client
        .validate(account, "campaigns", &params, false)
        .await
        .map(|()| format!("{who} the campaign (validate_only). Each ad is dry-run with its synchronous review just before it is created."))
        .map_err(|e| super::LaunchError::from_call(super::Stage::DryRun(super::LaunchStep::Campaign), e).locate(spec))
}

/// Review's check of a campaign that exists (a next round): nothing is created there, so
/// nothing is dry-run; the campaign is read back and checked as the launch will check it.
async fn existing_campaign_check(
    client: &crate::graph::GraphClient,
    spec: &crate::spec::LaunchSpec,
    id: &str,
) -> Result<String, super::LaunchError> {
    super::existing::check_campaign(client, spec, spec.account_digits(), id).await?;
    Ok(format!(
        "Campaign {id} exists and takes these ad sets (read back; nothing is created there). Each ad is dry-run with its synchronous review just before it is created."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::LaunchSpec;

    const API: &str = "http://127.0.0.1:9";

    fn spec(ad_name: &str) -> (LaunchSpec, String) {
        let mut v: serde_json::Value = serde_json::from_str(include_str!(
            "../../assets/examples/sales-winter-boots.json"
        ))
        .unwrap();
        v["ad"]["name"] = serde_json::json!(ad_name);
        let text = v.to_string();
        (crate::spec::parse_spec(&text).unwrap(), text)
    }

    fn start_with(dir: &Path, s: &(LaunchSpec, String), choice: JournalChoice) -> Started {
        start(StartRequest {
            dir,
            spec: &s.0,
            text: &s.1,
            spec_dir: dir,
            spec_path: "draft d1",
            account: "1234567890",
            api_base: API,
            tag_names: true,
            choice,
        })
        .unwrap()
    }

    #[test]
    fn a_draft_launched_before_resumes_unchanged_carries_over_fixed_and_is_latest_without_journal()
    {
        let dir = tempfile::tempdir().unwrap();
        let first = spec("Boots ad");
        let s = start_with(dir.path(), &first, JournalChoice::Latest);
        assert!(!s.earlier, "nothing to resume yet");
        let mut refused = s.journal.clone();
        refused.state = LaunchState::Failed;
        journals::save_journal(dir.path(), &refused.id, &refused).unwrap();
        drop(s);
        let draft = |id: &str| JournalChoice::Draft {
            journal_id: id.to_string(),
            spec: Box::new(first.0.clone()),
        };

        let same = start_with(dir.path(), &first, draft(&refused.id));
        assert!(same.earlier);
        assert_eq!(same.journal.id, refused.id, "the unchanged draft resumes");
        drop(same);

        let fixed = spec("Boots ad, fixed");
        let carried = start_with(dir.path(), &fixed, draft(&refused.id));
        assert!(carried.earlier);
        assert_ne!(carried.journal.id, refused.id, "a new launch");
        assert_eq!(
            carried.journal.tag, refused.tag,
            "that keeps the refused one's objects"
        );
        drop(carried);

        let gone = start_with(dir.path(), &fixed, draft("20990101-000000-abcdef"));
        assert!(
            !gone.earlier,
            "no journal of the fixed spec: a fresh launch"
        );
        drop(gone);
        let gone = start_with(dir.path(), &first, draft("20990101-000000-abcdef"));
        assert_eq!(
            gone.journal.id, refused.id,
            "as Latest: the spec's own launch is found"
        );
    }
}
