//! `dcw launch activate|pause|budget|archive|delete|duplicate ID`: the controls of a made
//! launch (`launch::ops`), headless. What changes is shown (money in the account's currency)
//! and confirmed with an uppercase `Y` unless `--yes`; not at a terminal without `--yes`,
//! refused (exit 2). Exit status as `dcw submit`'s.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;

use dcw::launch::{self, BudgetChange, Control, ControlOptions, LaunchError, LaunchEvent};
use dcw::spec::text::sanitize;
use dcw::store::{ControlCall, ControlJournal};
use serde_json::json;

/// `dcw launch …`.
#[derive(clap::Args)]
pub struct LaunchArgs {
    #[command(subcommand)]
    pub command: LaunchCommand,
}

#[derive(clap::Subcommand)]
pub enum LaunchCommand {
    /// Turn on an ad, an ad set (with its ads) or a whole launch: ads first, the campaign last.
    Activate(ControlArgs),
    /// Pause an ad, an ad set (with its ads) or a whole launch: the campaign first.
    Pause(ControlArgs),
    /// Change an ad set's daily or lifetime budget (in the account's money) or end time.
    Budget(BudgetArgs),
    /// Archive a (rejected) Dynamic Creative ad with its ad set, as Meta requires (1340029).
    Archive(ControlArgs),
    /// Delete a (rejected) Dynamic Creative ad with its ad set, as Meta requires (1340029).
    Delete(ControlArgs),
    /// Copy an ad set with its ads into the same campaign, paused.
    Duplicate(ControlArgs),
}

#[derive(clap::Args)]
pub struct ControlArgs {
    /// An ad, ad set or campaign id, or a launch's journal id (as `dcw launches` lists it).
    pub id: String,
    /// Go on without asking.
    #[arg(long)]
    pub yes: bool,
    /// Print the outcome as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub graph: super::session::GraphArgs,
}

#[derive(clap::Args)]
pub struct BudgetArgs {
    #[command(flatten)]
    pub control: ControlArgs,
    /// The new daily budget in the account's money (`80`, `1,250.50`).
    #[arg(long)]
    pub daily: Option<String>,
    /// The new lifetime budget in the account's money.
    #[arg(long)]
    pub lifetime: Option<String>,
    /// The new end, in the account's time zone (`2026-12-31 23:00`) or with an offset.
    #[arg(long)]
    pub end: Option<String>,
}

pub fn run_launch_control(args: LaunchArgs) -> ExitCode {
    let (control, args) = match args.command {
        LaunchCommand::Activate(a) => (Control::Activate, a),
        LaunchCommand::Pause(a) => (Control::Pause, a),
        LaunchCommand::Archive(a) => (Control::Archive, a),
        LaunchCommand::Delete(a) => (Control::Delete, a),
        LaunchCommand::Duplicate(a) => (Control::Duplicate, a),
        LaunchCommand::Budget(b) => (
            Control::Budget(BudgetChange {
                amount: None,
                daily: b.daily,
                lifetime: b.lifetime,
                end: b.end,
            }),
            b.control,
        ),
    };
    let graph = args.graph.clone();
    super::session::headless(
        &graph,
        super::session::SandboxUse::Writes { demo_ads: 0 },
        move |conn, paths| {
            Box::pin(async move {
                let opts = ControlOptions::standard(paths.launches_dir());
                control_once(conn, &opts, &control, &args).await
            })
        },
    )
}

fn fail(e: &LaunchError) -> ExitCode {
    super::print_error(e.to_string());
    ExitCode::from(e.exit_code())
}

async fn control_once(
    conn: &super::session::Connection,
    opts: &ControlOptions,
    control: &Control,
    args: &ControlArgs,
) -> ExitCode {
    let plan =
        match launch::plan_control(&conn.client, opts, &conn.api_base, &args.id, control).await {
            Ok(p) => p,
            Err(e) => return fail(&e),
        };
    eprintln!(
        "dcw launch {} {}: sent to {}",
        control.name(),
        sanitize(&args.id),
        conn.destination.sent_to()
    );
    if plan.resumed {
        eprintln!("resuming the unfinished control {}", plan.journal.id);
    }
    for line in &plan.journal.summary {
        eprintln!("  {}", sanitize(line));
    }
    if plan.is_empty() {
        eprintln!("nothing to change");
        print_outcome(&plan.journal, args.json);
        return ExitCode::SUCCESS;
    }
    if !args.yes
        && let Err((code, msg)) = confirm()
    {
        super::print_error(msg);
        return ExitCode::from(code);
    }
    let events: launch::EventSink = Arc::new(|e: LaunchEvent| {
        if let LaunchEvent::Info(t) | LaunchEvent::Warning(t) = e {
            eprintln!("  {}", sanitize(&t));
        }
    });
    match launch::run_control(&conn.client, plan, opts, events).await {
        Ok(j) => {
            print_outcome(&j, args.json);
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}

/// Asks for an uppercase `Y`, as `dcw submit` and the pane's fix do.
fn confirm() -> Result<(), (u8, String)> {
    if !std::io::stdin().is_terminal() {
        return Err((
            2,
            "not a terminal, so dcw cannot ask; add --yes to go on without asking".into(),
        ));
    }
    eprint!("Change these? Type Y to go on: ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| (2, e.to_string()))?;
    if line.trim() == "Y" {
        Ok(())
    } else {
        Err((1, "cancelled; nothing was sent".into()))
    }
}

fn print_outcome(j: &ControlJournal, as_json: bool) {
    let state = |s: &launch::StepState| match s {
        launch::StepState::Created { id } => ("done", id.clone()),
        launch::StepState::Failed { .. } => ("failed", String::new()),
        launch::StepState::Sent { .. } => ("sent", String::new()),
        _ => ("pending", String::new()),
    };
    if as_json {
        let writes: Vec<_> = j
            .writes
            .iter()
            .map(|w| {
                let (s, id) = state(&w.state);
                let call = match &w.call {
                    ControlCall::Update { params } => json!({"post": params}),
                    ControlCall::Delete => json!("delete"),
                    ControlCall::Copy { params } => json!({"copies": params}),
                };
                json!({"object": w.object, "kind": w.kind, "name": w.name, "call": call, "state": s, "id": id})
            })
            .collect();
        let v = json!({
            "control": j.control,
            "target": j.target,
            "journal": j.id,
            "account": format!("act_{}", j.account),
            "summary": j.summary,
            "writes": writes,
            "notes": j.warnings,
        });
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
        return;
    }
    for w in &j.writes {
        let (s, id) = state(&w.state);
        let made = match &w.call {
            ControlCall::Copy { .. } if !id.is_empty() => format!(" → copy {id}"),
            _ => String::new(),
        };
        println!(
            "{s:<7} {} «{}» ({}){made}",
            w.kind,
            sanitize(&w.name),
            w.object
        );
    }
    for n in &j.warnings {
        println!("        {}", sanitize(n));
    }
}
