//! The commands behind `dcw`'s subcommands. Each is a `run_*` function that main.rs calls; the
//! work itself lives in the library (spec, graph, launch, store, sandbox).

/// `eprintln!` and `println!` that never panic: a closed pipe or terminal (`dcw submit 2>&1 |
/// head`, an SSH session gone) must not stop a launch halfway; what could not be shown is lost,
/// the journal keeps the rest.
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
macro_rules! eprint {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}
macro_rules! print {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}
macro_rules! println {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

mod control;
#[cfg(test)]
mod hostile_text_tests;
mod next_round;
mod presets;
mod preview;
mod progress;
mod results;
mod session;
mod submit;
mod watch;
mod wizard;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dcw::spec;
use dcw::spec::text::{sanitize, sanitize_lines};
use dcw::store;

pub use control::{LaunchArgs, run_launch_control};
pub use next_round::{NextRoundArgs, run_next_round};
pub use presets::{PresetsArgs, run_presets};
pub use preview::{PreviewArgs, run_preview};
pub use results::{ResultsArgs, run_results};
pub use submit::{LaunchesArgs, SubmitArgs, run_launches, run_submit};
pub use watch::{WatchArgs, run_watch};
pub use wizard::{run_drafts, run_drafts_rm, run_open, run_wizard};

#[derive(clap::Args)]
pub struct SandboxArgs {
    /// Address to listen on (loopback unless you say otherwise).
    #[arg(long, default_value = "127.0.0.1:0")]
    pub addr: std::net::SocketAddr,
    /// How long a new ad stays PENDING_REVIEW (`5s`, `0s`, `2m`; at most 7 days).
    #[arg(long, default_value = "5s", value_parser = review_delay)]
    pub review_delay: std::time::Duration,
    /// How long a finished video upload processes before it is ready (`3s`, `0s`; at most a
    /// day).
    #[arg(long, default_value = "3s", value_parser = video_processing)]
    pub video_processing: std::time::Duration,
    /// Rate-limit tier: `limited` (60 points per 300 s, 300 s block) or `full` (9000, 60 s
    /// block); `dev`, `development` and `standard` are the old names.
    #[arg(long, default_value = "full", value_parser = dcw::sandbox::Tier::parse)]
    pub tier: dcw::sandbox::Tier,
    /// Added to every answer (`100ms`; at most 60 s).
    #[arg(long, default_value = "0s", value_parser = latency)]
    pub latency: std::time::Duration,
    /// Up to this much more latency, at random (`20ms`; at most 60 s).
    #[arg(long, default_value = "0s", value_parser = latency)]
    pub jitter: std::time::Duration,
    /// Injected faults: `lost-response=0.35,error-before=0.1,timeout=0.01,rate-limit=0.05,creative-failed=0.3`.
    #[arg(long, value_parser = parse_fault_list)]
    pub faults: Option<FaultList>,
    /// Seed for faults and jitter, for repeatable runs.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Every token expires (190/463) after this many calls.
    #[arg(long)]
    pub token_expires_after: Option<u64>,
    /// Seed this many more dynamic-creative ad sets, one ad each, reviewed like any other
    /// (at most 5000).
    #[arg(long, default_value = "0", value_parser = demo_ads)]
    pub demo_ads: usize,
    /// Create the demo launches ACTIVE, so approved demo ads deliver and have asset results.
    #[arg(long)]
    pub demo_active: bool,
    /// Save the whole state to this JSON file after every write, and restore it at start.
    #[arg(long)]
    pub state: Option<PathBuf>,
    /// Start the built-in sandbox (the one dcw uses with no access token) over: delete its
    /// saved campaigns, ad sets, creatives, ads and images, then exit. Launches made in it are
    /// listed as gone by `dcw launches`; their journals are kept.
    #[arg(long, conflicts_with = "state")]
    pub reset: bool,
}

/// The parsed `--faults` list (a newtype, so clap keeps it one value).
#[derive(Clone, Debug)]
pub struct FaultList(pub Vec<(dcw::sandbox::FaultKind, f64)>);

fn latency(s: &str) -> Result<std::time::Duration, String> {
    dcw::sandbox::parse_duration_up_to(s, dcw::sandbox::MAX_LATENCY)
}

fn review_delay(s: &str) -> Result<std::time::Duration, String> {
    dcw::sandbox::parse_duration_up_to(s, dcw::sandbox::MAX_REVIEW_DELAY)
}

fn video_processing(s: &str) -> Result<std::time::Duration, String> {
    dcw::sandbox::parse_duration_up_to(s, dcw::sandbox::MAX_VIDEO_PROCESSING)
}

fn demo_ads(s: &str) -> Result<usize, String> {
    dcw::sandbox::parse_count_up_to(s, dcw::sandbox::MAX_DEMO_ADS)
}

fn parse_fault_list(s: &str) -> Result<FaultList, String> {
    dcw::sandbox::parse_faults(s).map(FaultList)
}

/// An error as dcw prints it on stderr, `dcw: <message>`. A message can quote a spec value, a
/// file path or Graph's words, so it passes the one sanitiser (its own line breaks kept).
pub(crate) fn error_line(msg: &str) -> String {
    format!("dcw: {}", sanitize_lines(msg))
}

/// Prints [`error_line`] on stderr.
pub(crate) fn print_error(msg: impl std::fmt::Display) {
    eprintln!("{}", error_line(&msg.to_string()));
}

pub fn run_validate(path: &Path, json: bool) -> ExitCode {
    let launch = match store::load_spec(path) {
        Ok(s) => s,
        Err(e) => {
            print_error(e);
            return ExitCode::from(2);
        }
    };
    // The account's house policy is part of the rules: a config file that cannot be read is
    // said, not skipped.
    let config = match session::config(&store::Paths::from_env()) {
        Ok(c) => c,
        Err(e) => {
            print_error(e);
            return ExitCode::from(2);
        }
    };
    let findings = session::findings(&launch, &store::spec_dir(path), &config);
    if json {
        match serde_json::to_string_pretty(&findings) {
            Ok(text) => println!("{}", spec::text::json_safe(&text)),
            Err(e) => {
                print_error(format!("cannot write findings as JSON: {e}"));
                return ExitCode::from(2);
            }
        }
    } else {
        print!("{}", spec::render_text(&findings));
        println!(
            "{}: {}",
            sanitize(&path.display().to_string()),
            spec::summary(&findings)
        );
    }
    if findings.iter().any(|f| f.is_error()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

pub fn run_sandbox(args: SandboxArgs) -> ExitCode {
    if args.reset {
        return reset_sandbox(&store::Paths::from_env());
    }
    let config = dcw::sandbox::SandboxConfig {
        addr: args.addr,
        review_delay: args.review_delay,
        video_processing: args.video_processing,
        tier: args.tier,
        latency: args.latency,
        jitter: args.jitter,
        faults: args.faults.map(|f| f.0).unwrap_or_default(),
        seed: args.seed,
        token_expires_after: args.token_expires_after,
        demo_ads: args.demo_ads,
        demo_active: args.demo_active,
        state_file: args.state,
        log_requests: true,
        ..Default::default()
    };
    match dcw::sandbox::run_blocking(config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dcw sandbox: {}", sanitize_lines(&e.to_string()));
            ExitCode::from(2)
        }
    }
}

/// `dcw sandbox --reset`: deletes the built-in sandbox's saved world, unless a dcw is using it.
fn reset_sandbox(paths: &store::Paths) -> ExitCode {
    let _lock = match store::take_lock(&paths.sandbox_dir(), "state.lock") {
        Ok(lock) => lock,
        Err(e) => {
            print_error(format!(
                "the built-in sandbox cannot be reset now: its state is {e}; quit that dcw first"
            ));
            return ExitCode::from(6);
        }
    };
    match dcw::sandbox::reset(&paths.sandbox_state_file()) {
        Ok(r) => {
            let path = sanitize(&r.path.display().to_string()).into_owned();
            if !r.existed {
                println!("The built-in sandbox is already empty ({path} does not exist).");
            } else {
                let held = r
                    .objects
                    .map_or_else(|| "what it held".into(), |n| format!("its {n} objects"));
                println!(
                    "Deleted {path}: the built-in sandbox's campaigns, ad sets, creatives, ads and images ({held}). It starts afresh next time; `dcw launches` lists launches made in it as gone (their journals are kept)."
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            print_error(format!(
                "cannot delete {}: {e}",
                paths.sandbox_state_file().display()
            ));
            ExitCode::from(2)
        }
    }
}

/// `dcw paths`: every place dcw reads or writes, one per line, then the Graph version dcw
/// calls and where that was set.
pub fn run_paths() -> ExitCode {
    let paths = store::Paths::from_env();
    print!("{}", paths_text(&paths));
    let config = session::config(&paths);
    let env = |k: &str| std::env::var(k).ok();
    let (line, unread) = match &config {
        Ok(c) => (session::api_version_in_use(None, c, env), ""),
        Err(_) => (
            session::api_version_in_use(None, &store::Config::default(), env),
            "; the config file cannot be read",
        ),
    };
    match line {
        Ok((version, source)) => println!("{:<9} {version} ({source}{unread})", "graph"),
        Err(e) => {
            print_error(e);
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

/// The lines of `dcw paths`; a path (from `DCW_HOME` or the environment) passes the one
/// sanitiser.
fn paths_text(p: &store::Paths) -> String {
    let drafts = store::drafts_dir(&p.data_dir);
    let log = p.log_dir().join("dcw.log");
    [
        ("config", p.config_file()),
        ("token", p.token_file()),
        ("data", p.data_dir.clone()),
        ("drafts", drafts),
        ("launches", p.launches_dir()),
        ("sandbox", p.sandbox_state_file()),
        ("state", p.state_dir.clone()),
        ("log", log),
    ]
    .iter()
    .map(|(what, path)| format!("{what:<9} {}\n", sanitize(&path.display().to_string())))
    .collect()
}
