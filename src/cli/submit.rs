//! `dcw submit` and `dcw launches`: launch a spec through the journaled pipeline, and list
//! launches with their state.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use unicode_width::UnicodeWidthStr;

use serde_json::{Value, json};

use dcw::graph::{Destination, GraphClient, JournalGraph};
use dcw::launch::session::{JournalChoice, StartError, StartRequest, Started};
use dcw::launch::{self, LaunchEvent, LaunchJournal, LaunchOptions, LaunchState, LaunchStep};
use dcw::spec::text::{column, sanitize, sanitize_lines};
use dcw::spec::{self, Currency, LaunchSpec, Money};
use dcw::store::{self, Paths};

/// Arguments of `dcw submit`.
#[derive(clap::Args)]
#[command(
    after_help = "Exit status: 0 launched (or already launched), 1 the spec is invalid, Meta refused it, or you cancelled, \
2 the spec or a file cannot be read (or --resume names no launch of this spec), 3 the access token was refused, \
4 rate limited beyond patience, 5 network trouble (run the same command again to resume), \
6 another dcw is launching this spec right now, 7 the launch journal cannot be written, \
8 a journal of this spec is damaged (nothing was sent; the message says how to go on)."
)]
pub struct SubmitArgs {
    /// The launch spec to create.
    pub spec: PathBuf,
    /// Do not ask for confirmation.
    #[arg(long)]
    pub yes: bool,
    /// Print the result as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// After everything exists, set the ads, ad sets and campaign ACTIVE.
    #[arg(long)]
    pub activate: bool,
    /// Send no dry run: the ads are created without Meta's validate_only + synchronous_ad_review.
    #[arg(long)]
    pub no_preflight: bool,
    /// Start a new launch even if this spec has an unfinished or finished one.
    #[arg(long, conflicts_with = "resume")]
    pub new: bool,
    /// Resume this launch, by the id `dcw launches` lists.
    #[arg(long, value_name = "LAUNCH_ID")]
    pub resume: Option<String>,
    #[command(flatten)]
    pub graph: super::session::GraphArgs,
}

/// Arguments of `dcw launches`.
#[derive(clap::Args)]
pub struct LaunchesArgs {
    /// Print the launches as JSON.
    #[arg(long)]
    pub json: bool,
}

struct Fail(u8, String);

impl Fail {
    fn exit(self) -> ExitCode {
        super::print_error(&self.1);
        ExitCode::from(self.0)
    }
}

pub fn run_submit(args: SubmitArgs) -> ExitCode {
    let paths = Paths::from_env();
    let _log = super::session::init_logging(&paths);
    match submit(args, &paths) {
        Ok(code) => code,
        Err(f) => f.exit(),
    }
}

fn submit(args: SubmitArgs, paths: &Paths) -> Result<ExitCode, Fail> {
    let config = super::session::config(paths).map_err(|e| Fail(2, e))?;
    let text = store::read_spec_text(&args.spec).map_err(|e| Fail(2, e.to_string()))?;
    let launch_spec =
        spec::parse_spec(&text).map_err(|e| Fail(2, format!("{}: {e}", args.spec.display())))?;
    let spec_dir = store::spec_dir(&args.spec);
    let mut facts = super::session::facts(&launch_spec, &spec_dir, &config);
    let findings = spec::validate(&launch_spec, &facts);
    if !findings.is_empty() {
        eprint!("{}", spec::render_text(&findings));
    }
    if findings.iter().any(|f| f.is_error()) {
        return Err(Fail(
            1,
            format!(
                "{}: {}; nothing was sent",
                args.spec.display(),
                spec::summary(&findings)
            ),
        ));
    }
    let account = launch_spec.account_digits().to_string();
    let runtime = super::session::runtime(Some(2)).map_err(|e| Fail(2, e))?;
    runtime.block_on(async move {
        let conn = super::session::connect(paths, &config, args.graph.api_base.clone(), args.graph.api_version.clone(), super::session::SandboxUse::Writes { demo_ads: 0 })
            .await
            .map_err(|(code, msg)| Fail(code, msg))?;
        for note in &conn.notes {
            super::print_error(note);
        }
        // The account's own minimum budgets decide when Meta gives them: a budget under them is
        // refused here, before anything is created (Meta refuses the ad set only after the
        // campaign exists). Unread, the built-in table above stands.
        match launch::account_minimums(&conn.client, &account).await {
            Ok(own) => {
                facts.minimums = Some(own);
                let under: Vec<_> = spec::validate(&launch_spec, &facts)
                    .into_iter()
                    .filter(|f| f.is_error() && f.code == "budget.under_minimum")
                    .collect();
                if !under.is_empty() {
                    eprint!("{}", spec::render_text(&under));
                    return Err(Fail(
                        1,
                        format!(
                            "{}: a budget is under this ad account's minimum (Meta's minimum_budgets); nothing was sent",
                            args.spec.display()
                        ),
                    ));
                }
            }
            Err(e) => tracing::warn!("minimum_budgets of act_{account} not read: {e}"),
        }
        if conn.sandbox.is_some() {
            eprintln!("SANDBOX (built-in): no access token is set, so this launch goes to dcw's built-in sandbox, kept in {} (`dcw sandbox --reset` starts it over); nothing is sent to Meta.", sanitize(&paths.sandbox_state_file().display().to_string()));
        }
        let destination = conn.destination.clone();
        let sandbox = conn.sandbox;
        let client = conn.client;
        let api_base = conn.api_base;
        let started = match start_journal(&args, paths, &launch_spec, &text, &account, &api_base, config.launch_tag != Some(false)) {
            Ok(s) => s,
            Err(e) => return Err(Fail(e.exit_code(), launch::session::explain(&client, &account, &launch_spec, &e).await)),
        };
        if let Some(note) = started.resuming_note() {
            eprintln!("{}", sanitize_lines(&note));
        }
        let journal = started.journal.clone();
        if journal.state == LaunchState::Done && !args.activate {
            eprintln!("This spec was launched already ({}); use --new to launch it again.", sanitize(&journal.id));
            print_result(&journal, args.json, &destination);
            return Ok(ExitCode::SUCCESS);
        }
        let currency = account_currency(&client, &account, &launch_spec).await?;
        eprint!("{}", summary(&launch_spec, &journal, currency.as_ref()));
        eprintln!("  to        {}", sanitize(&destination.sent_to()));
        if !args.yes {
            confirm()?;
        }
        let labels = Labels::of(&journal).sent_to(&destination);
        let meter = super::progress::Meter::new(std::io::stderr().is_terminal());
        let events: launch::EventSink =
            Arc::new(move |e: LaunchEvent| progress(&e, &labels, &meter));
        let opts = LaunchOptions {
            activate: args.activate,
            preflight: !args.no_preflight,
            never_features: config.never_features(&account),
            ..LaunchOptions::standard(paths.launches_dir(), spec_dir)
        };
        let outcome = launch::run_launch(client, launch_spec, journal, opts, events).await;
        drop(started);
        if let Some(h) = sandbox {
            h.shutdown().await;
        }
        match outcome {
            Ok(j) => {
                print_result(&j, args.json, &destination);
                Ok(ExitCode::SUCCESS)
            }
            Err(e @ launch::LaunchError::Journal(_)) => Err(Fail(e.exit_code(), format!("{e}\nThe journal on disk holds everything up to the write it could not cover; once its folder can be written again, run the same command: it resumes from there."))),
            Err(e) => Err(Fail(e.exit_code(), format!("{e}\nThe journal keeps what was created; run the same command again to resume."))),
        }
    })
}

/// Takes the spec's lock and picks its journal (`--resume`, `--new`, or the spec's last launch).
fn start_journal(
    args: &SubmitArgs,
    paths: &Paths,
    launch_spec: &LaunchSpec,
    text: &str,
    account: &str,
    api_base: &str,
    tag_names: bool,
) -> Result<Started, StartError> {
    let choice = match (&args.resume, args.new) {
        (Some(id), _) => JournalChoice::Resume(id.clone()),
        (None, true) => JournalChoice::New,
        (None, false) => JournalChoice::Latest,
    };
    launch::session::start(StartRequest {
        dir: &paths.launches_dir(),
        spec: launch_spec,
        text,
        spec_dir: &store::spec_dir(&args.spec),
        // Absolute, so the journal finds the spec (and its images) from any folder later.
        spec_path: &std::path::absolute(&args.spec)
            .unwrap_or_else(|_| args.spec.clone())
            .display()
            .to_string(),
        account,
        api_base,
        tag_names,
        choice,
    })
}

async fn account_currency(
    client: &GraphClient,
    account: &str,
    s: &LaunchSpec,
) -> Result<Option<Currency>, Fail> {
    match client.ad_account(account, "currency,name").await {
        Ok(v) => {
            let theirs = v
                .get("currency")
                .and_then(Value::as_str)
                .and_then(Currency::new);
            if let (Some(t), Some(mine)) = (&theirs, s.currency.as_deref().and_then(Currency::new))
                && t != &mine
            {
                return Err(Fail(
                    1,
                    format!(
                        "the spec says {mine} but act_{account} bills in {t}; every amount would be off"
                    ),
                ));
            }
            Ok(theirs)
        }
        Err(e) => {
            let err = launch::LaunchError::from_call(
                launch::Stage::Other(format!("reading act_{account}")),
                e,
            );
            Err(Fail(err.exit_code(), err.to_string()))
        }
    }
}

fn money(m: &Money, c: Option<&Currency>) -> String {
    m.display_or_minor(c)
}

/// What will be created, and the money at stake. Names, the account and an objective outside
/// Graph's list are the spec's own: each passes the one sanitiser.
pub(super) fn summary(s: &LaunchSpec, j: &LaunchJournal, c: Option<&Currency>) -> String {
    let mut out = format!(
        "Launch {} on act_{}:\n",
        sanitize(&j.id),
        sanitize(&j.account)
    );
    let campaign = s.campaign.clone().unwrap_or_default();
    let objective = campaign
        .objective
        .as_ref()
        .map(|o| o.to_string())
        .unwrap_or_default();
    out.push_str(&format!(
        "  campaign  {}  {}\n",
        sanitize(j.step(LaunchStep::Campaign).map_or("", |st| &st.name)),
        sanitize(&objective)
    ));
    if let Some(m) = &campaign.daily_budget {
        out.push_str(&format!(
            "            campaign budget {} per day\n",
            money(m, c)
        ));
    }
    if let Some(m) = &campaign.lifetime_budget {
        out.push_str(&format!(
            "            campaign budget {} in all\n",
            money(m, c)
        ));
    }
    for (i, set) in launch::ad_sets(s).iter().enumerate() {
        let name = j.step(LaunchStep::AdSet(i)).map_or("", |st| &st.name);
        let budget = match (&set.daily_budget, &set.lifetime_budget) {
            (Some(d), _) => format!("{} per day", money(d, c)),
            (_, Some(l)) => format!("{} in all", money(l, c)),
            _ => "campaign budget".into(),
        };
        out.push_str(&format!(
            "  ad set    {}  {}\n",
            sanitize(name),
            sanitize(&budget)
        ));
    }
    out.push_str(&format!("  money     {}\n", sanitize(&total_budget(s, c))));
    // What the schedules can spend, as Review shows it (times as the spec writes them).
    let spend = spec::budget::schedule_spend(s, c, None, chrono::Utc::now());
    for (i, l) in spend.iter().enumerate() {
        let head = if i == 0 { "  can spend" } else { "           " };
        out.push_str(&format!("{head} {}\n", sanitize(l)));
    }
    let images = launch::image_files(s).len();
    let videos = match launch::video_files(s).len() {
        0 => String::new(),
        n => format!(" and {n} video file(s)"),
    };
    out.push_str(&format!(
        "  creative  {} ({images} image file(s){videos} to upload)\n",
        sanitize(j.step(LaunchStep::Creative).map_or("", |st| &st.name))
    ));
    let ads = j.steps.iter().filter(|st| st.key.is_ad()).count();
    out.push_str(&format!(
        "  ads       {ads}, created PAUSED unless the spec says otherwise\n"
    ));
    out
}

/// The money at stake: every budget the spec sets, per level (`spec::budget`, the same line as
/// the wizard's Review step).
fn total_budget(s: &LaunchSpec, c: Option<&Currency>) -> String {
    spec::budget::summary(s, c)
}

fn confirm() -> Result<(), Fail> {
    if !std::io::stdin().is_terminal() {
        return Err(Fail(
            2,
            "not a terminal, so dcw cannot ask; add --yes to launch without asking".into(),
        ));
    }
    eprint!("Create these objects? Type y to go on: ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Fail(2, e.to_string()))?;
    if line.trim().eq_ignore_ascii_case("y") || line.trim().eq_ignore_ascii_case("yes") {
        Ok(())
    } else {
        Err(Fail(1, "cancelled; nothing was sent".into()))
    }
}

/// The label of each step of a launch (`ad set 1 «US 18-34»`, names as the journal records
/// them, untagged), padded to one width: made once, before the launch prints its progress.
pub(super) struct Labels {
    by_step: std::collections::HashMap<LaunchStep, String>,
    width: usize,
    /// Whose dry run a step passed: `Meta's`, or `the sandbox's` when requests go to one.
    dry_run: &'static str,
}

impl Labels {
    /// Labels wider than this are cut in progress lines.
    const MAX_WIDTH: usize = 48;

    pub(super) fn of(j: &LaunchJournal) -> Labels {
        let by_step: std::collections::HashMap<LaunchStep, String> = j
            .steps
            .iter()
            .map(|s| (s.key.clone(), j.label(&s.key)))
            .collect();
        let width = by_step.values().map(|l| l.width()).max().unwrap_or(0);
        Labels {
            by_step,
            width: width.min(Self::MAX_WIDTH),
            dry_run: "Meta's",
        }
    }

    /// The same labels, the dry run named for where requests go (never Meta's for a sandbox).
    pub(super) fn sent_to(mut self, destination: &Destination) -> Labels {
        if destination.is_sandbox() {
            self.dry_run = "the sandbox's";
        }
        self
    }

    fn get(&self, key: &LaunchStep) -> String {
        let label = match self.by_step.get(key) {
            Some(l) => l.clone(),
            None => key.label(""),
        };
        column(&label, self.width)
    }
}

/// A line of progress on stderr; a video's transfer as a bar (see `cli::progress`).
fn progress(e: &LaunchEvent, labels: &Labels, meter: &super::progress::Meter) {
    let label = match e {
        LaunchEvent::Transfer { key, .. } => labels.get(key),
        _ => String::new(),
    };
    let now = std::time::Instant::now();
    if let Some(text) = meter.render(e, &label, progress_line(e, labels), now) {
        eprint!("{text}");
    }
}

/// One line of progress on stderr, each step by its label. Names and ids come from the spec
/// and Graph, warnings and notes quote Meta's messages: each passes the one sanitiser.
pub(super) fn progress_line(e: &LaunchEvent, labels: &Labels) -> String {
    match e {
        LaunchEvent::Started {
            key: key @ (LaunchStep::Image(_) | LaunchStep::Video(_) | LaunchStep::Thumbnail(_)),
            ..
        } => format!("  …  {}  uploading", labels.get(key)),
        LaunchEvent::Started { key, .. } => format!("  …  {}  creating", labels.get(key)),
        LaunchEvent::Preflight { key } => {
            format!(
                "  ✓  {}  passed {} dry run",
                labels.get(key),
                labels.dry_run
            )
        }
        LaunchEvent::Created { key, id } => {
            format!("  ✓  {}  created {}", labels.get(key), sanitize(id))
        }
        LaunchEvent::Reused { key, id } => {
            format!("  ✓  {}  already there: {}", labels.get(key), sanitize(id))
        }
        LaunchEvent::Transfer { key, acked, total } => {
            format!("  …  {}  {acked} of {total} bytes", labels.get(key))
        }
        LaunchEvent::Processing { key, percent } => {
            format!("  …  {}  processing {percent}%", labels.get(key))
        }
        LaunchEvent::Warning(w) => format!("  !  {}", indented(&sanitize_lines(w))),
        LaunchEvent::Info(i) => format!("     {}", indented(&sanitize_lines(i))),
    }
}

/// A note's later lines (Meta's message may hold newlines) under its first, not at the margin.
fn indented(text: &str) -> String {
    text.lines().collect::<Vec<_>>().join("\n     ")
}

fn ads_manager(account: &str, key: &LaunchStep, id: &str) -> Option<String> {
    let (page, param) = match key {
        LaunchStep::Campaign => ("campaigns", "selected_campaign_ids"),
        LaunchStep::AdSet(_) => ("adsets", "selected_adset_ids"),
        LaunchStep::Ad(_) => ("ads", "selected_ad_ids"),
        _ => return None,
    };
    Some(format!(
        "https://adsmanager.facebook.com/adsmanager/manage/{page}?act={account}&{param}={id}"
    ))
}

fn print_result(j: &LaunchJournal, as_json: bool, destination: &Destination) {
    // Ads Manager does not know a sandbox's ids (built-in or on loopback).
    let links = !destination.is_sandbox();
    if as_json {
        let objects: Vec<Value> = created(j)
            .iter()
            .map(|(k, n, id)| json!({"step": k, "name": n, "id": id,
                                     "ads_manager": ads_manager(&j.account, k, id).filter(|_| links)}))
            .collect();
        let out = json!({"launch": j.id, "account": format!("act_{}", j.account), "state": j.state,
                         "destination": destination.label(), "objects": objects, "warnings": j.warnings});
        println!(
            "{}",
            spec::text::json_safe(&serde_json::to_string_pretty(&out).unwrap_or_default())
        );
        return;
    }
    println!("Sent to {}.", sanitize(&destination.sent_to()));
    print!("{}", result_text(j, links));
}

/// Each created object: its step, name and id.
fn created(j: &LaunchJournal) -> Vec<(&LaunchStep, &str, &str)> {
    j.steps
        .iter()
        .filter_map(|s| match &s.state {
            launch::StepState::Created { id } => Some((&s.key, s.name.as_str(), id.as_str())),
            _ => None,
        })
        .collect()
}

/// The created ids as a table, then their Ads Manager links (with `links`) and the warnings.
/// Ids are Graph's, names the spec's, the account and journal id the journal's: all sanitised.
pub(super) fn result_text(j: &LaunchJournal, links: bool) -> String {
    let created = created(j);
    let mut out = format!(
        "Launch {} on act_{}\n",
        sanitize(&j.id),
        sanitize(&j.account)
    );
    // As wide as the widest label (`image «boots.jpg»`), so none is cut.
    let labels: Vec<String> = created.iter().map(|(k, _, _)| k.label("")).collect();
    let width = labels.iter().map(|l| l.width()).max().unwrap_or(0).max(16);
    for ((_, n, id), label) in created.iter().zip(&labels) {
        out.push_str(&format!(
            "  {} {:<32} {}\n",
            column(label, width),
            sanitize(id),
            sanitize(n)
        ));
    }
    for (k, _, id) in created.iter().filter(|_| links) {
        if let Some(link) = ads_manager(&j.account, k, id) {
            out.push_str(&format!("  {}\n", sanitize(&link)));
        }
    }
    for w in &j.warnings {
        out.push_str(&format!("  warning: {}\n", sanitize_lines(w)));
    }
    out
}

pub fn run_launches(args: LaunchesArgs) -> ExitCode {
    let paths = Paths::from_env();
    let all = store::list_journals::<LaunchJournal>(&paths.launches_dir());
    let mut sandboxes = Sandboxes::new(&paths);
    if args.json {
        let list: Vec<Value> = all
            .iter()
            .map(|(id, j)| match j {
                Ok(j) => {
                    json!({"id": j.id, "state": j.state, "account": format!("act_{}", j.account),
                            "spec": j.spec_path, "created_at": j.created_at,
                            "done": j.progress().0, "steps": j.progress().1, "error": j.error,
                            "destination": JournalGraph::of(&j.graph).label(),
                            "sandbox_gone": sandboxes.gone(j)})
                }
                // A damaged journal is listed, never dropped: it may hold ids of real objects.
                Err(e) => json!({"id": id, "state": "damaged",
                            "file": store::journal_path(&paths.launches_dir(), id),
                            "error": e.to_string()}),
            })
            .collect();
        println!(
            "{}",
            spec::text::json_safe(&serde_json::to_string_pretty(&list).unwrap_or_default())
        );
        return ExitCode::SUCCESS;
    }
    print!(
        "{}",
        launches_text(&all, &paths.launches_dir(), |j| sandboxes.gone(j))
    );
    ExitCode::SUCCESS
}

/// Whether the sandbox a launch was made in still holds what it created: the built-in one's
/// world now, and whether a loopback sandbox still listens (asked once per address, for at
/// most [`Sandboxes::PROBE`]).
struct Sandboxes {
    world: Option<String>,
    listening: std::collections::HashMap<String, bool>,
}

impl Sandboxes {
    const PROBE: std::time::Duration = std::time::Duration::from_millis(300);

    fn new(paths: &Paths) -> Sandboxes {
        Sandboxes {
            world: dcw::sandbox::saved_world(&paths.sandbox_state_file()),
            listening: std::collections::HashMap::new(),
        }
    }

    /// Why the launch's objects no longer exist, when its sandbox is gone.
    fn gone(&mut self, j: &LaunchJournal) -> Option<String> {
        match JournalGraph::of(&j.graph) {
            JournalGraph::Throwaway => {
                Some("its sandbox ended with the dcw that ran it; nothing of it exists now".into())
            }
            JournalGraph::BuiltIn { world } if self.world.as_deref() != Some(world) => Some(
                "the built-in sandbox was started over since (dcw sandbox --reset, or a damaged state set aside); nothing of it exists now".into(),
            ),
            JournalGraph::BuiltIn { .. } => None,
            JournalGraph::Url(url) => match Destination::of_base(url, "") {
                Destination::Loopback { addr } => {
                    let up = *self
                        .listening
                        .entry(addr.clone())
                        .or_insert_with(|| listens(&addr));
                    (!up).then(|| format!("the sandbox at {addr} is not running; what it held is gone unless it ran with --state and is started again"))
                }
                _ => None,
            },
        }
    }
}

/// Whether something accepts connections at a loopback `host:port`.
fn listens(addr: &str) -> bool {
    use std::net::ToSocketAddrs;
    addr.to_socket_addrs().ok().into_iter().flatten().any(|a| {
        a.ip().is_loopback() && std::net::TcpStream::connect_timeout(&a, Sandboxes::PROBE).is_ok()
    })
}

/// The launches as lines. A journal's id is its file's name, its account and spec path come
/// from the journal, errors quote Graph: all pass the one sanitiser.
pub(super) fn launches_text(
    all: &[(String, Result<LaunchJournal, store::JournalError>)],
    dir: &std::path::Path,
    mut gone: impl FnMut(&LaunchJournal) -> Option<String>,
) -> String {
    if all.is_empty() {
        return format!(
            "No launches yet (they are kept in {}).\n",
            sanitize(&dir.display().to_string())
        );
    }
    let mut out = String::new();
    for (id, j) in all {
        let id = sanitize(id);
        match j {
            Ok(j) => {
                let (done, total) = j.progress();
                let gone = gone(j);
                let state = match j.state {
                    _ if gone.is_some() => "gone",
                    LaunchState::Done => "done",
                    LaunchState::Running => "unfinished",
                    LaunchState::Failed => "stopped",
                };
                out.push_str(&format!(
                    "{id}  {state:<10} {done}/{total} steps  act_{}  {}  ({})\n",
                    sanitize(&j.account),
                    sanitize(&j.spec_path),
                    sanitize(&JournalGraph::of(&j.graph).label())
                ));
                if let Some(why) = gone {
                    out.push_str(&format!("    {}\n", sanitize(&why)));
                }
                if let Some(e) = &j.error {
                    out.push_str(&format!("    {}\n", sanitize(e)));
                }
            }
            Err(e) => out.push_str(&format!("{id}  damaged    {}\n", sanitize(&e.to_string()))),
        }
    }
    out
}
