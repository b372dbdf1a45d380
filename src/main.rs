//! The `dcw` command: argument parsing and dispatch, nothing else.

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use cli::{
    LaunchArgs, LaunchesArgs, NextRoundArgs, PresetsArgs, PreviewArgs, ResultsArgs, SandboxArgs,
    SubmitArgs, WatchArgs,
};

/// dcw, the Dynamic Creative Wizard: set up Meta Marketing API Dynamic Creative launches from a
/// terminal, check them against Meta's rules, and watch them through review.
#[derive(Parser)]
#[command(
    name = "dcw",
    version,
    about,
    long_about = None,
    after_help = "With no command, dcw opens the wizard. With no access token set, the wizard and submit run on the built-in sandbox, kept between runs (dcw sandbox --reset starts it over); nothing reaches Meta. Try:\n  \
                  dcw open assets/examples/sales-winter-boots.json\n  \
                  dcw validate assets/examples/sales-winter-boots.json\n  \
                  dcw submit assets/examples/sales-winter-boots.json\n  \
                  dcw preview assets/examples/sales-winter-boots.json\n  \
                  dcw launches\n  \
                  dcw watch\n  \
                  dcw results ID --csv"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Check a launch spec against Meta's Dynamic Creative rules, offline.
    ///
    /// Exit status: 0 when there is no error (warnings allowed), 1 when there are errors,
    /// 2 when the file cannot be read or is not a spec (the message gives line and column).
    Validate {
        /// The launch spec (JSON; see LAUNCH_SPEC in the README).
        spec: PathBuf,
        /// Print the findings as a JSON array, for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Serve the offline sandbox: a local Graph API that answers like Meta's.
    ///
    /// Prints `listening on http://ADDR` first, then one line per request on stderr (method,
    /// path, status, time; never a token), and serves until Ctrl+C.
    Sandbox(SandboxArgs),
    /// Launch a spec: create campaign, ad sets, images, creative and ads (each ad after Meta's
    /// dry run with its synchronous review), journaled so that nothing is ever created twice. Running the same
    /// command again resumes an unfinished launch.
    Submit(SubmitArgs),
    /// List launches with their state.
    Launches(LaunchesArgs),
    /// Run a made launch: activate, pause, budget, archive, delete or duplicate an ad, an ad
    /// set or a whole launch (by its journal id), journaled like a launch.
    ///
    /// Exit status as `dcw submit`'s: 0 done (or nothing to change), 1 refused (by dcw before
    /// anything is sent, by Meta, or cancelled), 2 the id names nothing or no terminal to ask
    /// without --yes, 3 token, 4 rate limited, 5 network (run again to resume), 6 held, 7
    /// journal.
    Launch(LaunchArgs),
    /// Meta's own previews of a spec: one link per ad_format of its placements (before the
    /// launch from the creative, after it from the launched ad), the first copied to the
    /// clipboard with OSC 52 at a terminal.
    Preview(PreviewArgs),
    /// Watch ads through Meta's review: the status pane, or with `--once`/`--json` a report.
    ///
    /// Names each rejected asset and Meta's reason. Exit status 0; 1 only when nothing could
    /// be read.
    Watch(WatchArgs),
    /// Each asset's results: spend in the account's money, CPC, CPM, CTR, the ad set's goal's
    /// results and their cost, over a date range, optionally by age or gender, with a
    /// significance hint. A table, `--json` or `--csv`.
    ///
    /// Exit status 0; 1 when nothing could be read; 2 for arguments that do not hold.
    Results(ResultsArgs),
    /// Draft the next round of a launch: the same campaign, a new Dynamic Creative ad set, the
    /// top assets of each kind by cost per result kept, the rest dropped; written to `--out`.
    NextRound(NextRoundArgs),
    /// Print where dcw keeps its config, token file, launch journals and log, and the Graph
    /// API version it calls (and where that was set).
    Paths,
    /// Open the wizard on a new, empty draft.
    New,
    /// Open a launch spec in the wizard, at its first step with errors. The draft made from the
    /// same file before is reopened where you left it, unless `--new`.
    Open {
        /// The launch spec (JSON).
        spec: PathBuf,
        /// Start a fresh draft from the file, even when one was made from it before.
        #[arg(long)]
        new: bool,
    },
    /// List the targeting presets (per ad account, with a one-line summary); `dcw presets save
    /// NAME --from SPEC` saves a spec's ad set targeting, `dcw presets rm NAME --account ACT`
    /// deletes one.
    Presets(PresetsArgs),
    /// List the wizard's drafts (saved as you type), newest first; `dcw drafts rm ID` deletes one.
    Drafts {
        /// Print them as JSON.
        #[arg(long)]
        json: bool,
        #[command(subcommand)]
        action: Option<DraftsCommand>,
    },
}

#[derive(Subcommand)]
enum DraftsCommand {
    /// Delete a draft (unfinished or launched) by its id, as `dcw drafts` lists it.
    Rm {
        /// The draft's id (`20261125-183012-4821`).
        id: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Validate { spec, json }) => cli::run_validate(&spec, json),
        Some(Command::Sandbox(args)) => cli::run_sandbox(args),
        Some(Command::Submit(args)) => cli::run_submit(args),
        Some(Command::Launches(args)) => cli::run_launches(args),
        Some(Command::Launch(args)) => cli::run_launch_control(args),
        Some(Command::Preview(args)) => cli::run_preview(args),
        Some(Command::Watch(args)) => cli::run_watch(args),
        Some(Command::Results(args)) => cli::run_results(args),
        Some(Command::NextRound(args)) => cli::run_next_round(args),
        Some(Command::Paths) => cli::run_paths(),
        Some(Command::New) => cli::run_wizard(dcw::tui::Start::New),
        Some(Command::Open { spec, new }) => cli::run_open(&spec, new),
        Some(Command::Drafts {
            action: Some(DraftsCommand::Rm { id }),
            ..
        }) => cli::run_drafts_rm(&id),
        Some(Command::Drafts { json, action: None }) => cli::run_drafts(json),
        Some(Command::Presets(args)) => cli::run_presets(args),
        None => cli::run_wizard(dcw::tui::Start::Fresh),
    }
}
