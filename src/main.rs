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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Validate { spec, json }) => run_validate(&spec, json),
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
