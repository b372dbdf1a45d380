//! The `dcw` command: argument parsing and dispatch, nothing else.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use dcw::spec::{self, Facts};
use dcw::store;

/// dcw, the Dynamic Creative Wizard: set up Meta Marketing API Dynamic Creative launches from a
/// terminal, check them against Meta's rules, and watch them through review.
#[derive(Parser)]
#[command(name = "dcw", version, about, long_about = None)]
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
}

#[derive(clap::Args)]
struct SandboxArgs {
    /// Address to listen on (loopback unless you say otherwise).
    #[arg(long, default_value = "127.0.0.1:0")]
    addr: std::net::SocketAddr,
    /// How long a new ad stays PENDING_REVIEW (`5s`, `0s`, `2m`).
    #[arg(long, default_value = "5s", value_parser = humantime::parse_duration)]
    review_delay: std::time::Duration,
    /// Rate-limit tier: `dev` (60 points per 300 s, 300 s block) or `full` (9000, 60 s block).
    #[arg(long, default_value = "full", value_parser = ["dev", "full"])]
    tier: String,
    /// Added to every answer (`100ms`).
    #[arg(long, default_value = "0s", value_parser = humantime::parse_duration)]
    latency: std::time::Duration,
    /// Up to this much more latency, at random (`20ms`).
    #[arg(long, default_value = "0s", value_parser = humantime::parse_duration)]
    jitter: std::time::Duration,
    /// Injected faults: `lost-response=0.35,error-before=0.1,timeout=0.01,rate-limit=0.05`.
    #[arg(long, value_parser = parse_fault_list)]
    faults: Option<Vec<(dcw::sandbox::FaultKind, f64)>>,
    /// Seed for faults and jitter, for repeatable runs.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Every token expires (190/463) after this many calls.
    #[arg(long)]
    token_expires_after: Option<u64>,
    /// Seed this many more dynamic-creative ad sets, one ad each, reviewed like any other.
    #[arg(long, default_value_t = 0)]
    demo_ads: usize,
    /// Save the whole state to this JSON file after every write, and restore it at start.
    #[arg(long)]
    state: Option<PathBuf>,
}

fn parse_fault_list(s: &str) -> Result<Vec<(dcw::sandbox::FaultKind, f64)>, String> {
    dcw::sandbox::parse_faults(s)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Validate { spec, json }) => run_validate(&spec, json),
        Some(Command::Sandbox(args)) => run_sandbox(args),
        None => {
            // The wizard opens here once it exists; until then, say what dcw can do.
            use clap::CommandFactory;
            let _ = Cli::command().print_help();
            ExitCode::SUCCESS
        }
    }
}

fn run_validate(path: &Path, json: bool) -> ExitCode {
    let launch = match store::spec_file::load_spec(path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("dcw: {e}");
            return ExitCode::from(2);
        }
    };
    let mut facts = Facts::at(chrono::Utc::now());
    facts.images = store::images::image_facts(&launch, &store::spec_file::spec_dir(path));
    let findings = spec::validate(&launch, &facts);
    if json {
        match serde_json::to_string_pretty(&findings) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("dcw: cannot write findings as JSON: {e}");
                return ExitCode::from(2);
            }
        }
    } else {
        print!("{}", spec::report::render_text(&findings));
        println!("{}: {}", path.display(), spec::report::summary(&findings));
    }
    if findings.iter().any(|f| f.is_error()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn run_sandbox(args: SandboxArgs) -> ExitCode {
    let config = dcw::sandbox::SandboxConfig {
        addr: args.addr,
        review_delay: args.review_delay,
        tier: if args.tier == "dev" {
            dcw::sandbox::Tier::Dev
        } else {
            dcw::sandbox::Tier::Full
        },
        latency: args.latency,
        jitter: args.jitter,
        faults: args.faults.unwrap_or_default(),
        seed: args.seed,
        token_expires_after: args.token_expires_after,
        demo_ads: args.demo_ads,
        state_file: args.state,
        log_requests: true,
        ..Default::default()
    };
    match dcw::sandbox::run_blocking(config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dcw sandbox: {e}");
            ExitCode::from(2)
        }
    }
}
