//! `dcw presets`: the targeting presets kept in the config folder, listed (`--json` for
//! scripts), saved from a spec's ad set, deleted. Names and summaries come from a file: they pass
//! the one sanitiser.

use std::path::PathBuf;
use std::process::ExitCode;

use dcw::spec::text::{column, json_safe, sanitize};
use dcw::store::presets::{self, Added, Preset};
use dcw::store::{self, Paths};
use serde_json::{Value, json};

#[derive(clap::Args)]
pub struct PresetsArgs {
    /// Only this ad account's presets (`act_<id>` or its digits).
    #[arg(long)]
    pub account: Option<String>,
    /// Print them as JSON (account, name, summary, targeting, pixel, Page, Instagram account).
    #[arg(long)]
    pub json: bool,
    #[command(subcommand)]
    pub action: Option<PresetsCommand>,
}

#[derive(clap::Subcommand)]
pub enum PresetsCommand {
    /// Save a spec's ad set targeting (and its pixel, Page and Instagram account) as a preset of
    /// the spec's ad account. A name the account already uses is refused unless `--replace`.
    Save {
        /// The preset's name.
        name: String,
        /// The launch spec whose `ad_set` is saved.
        #[arg(long)]
        from: PathBuf,
        /// The ad account (else the spec's `account_id`).
        #[arg(long)]
        account: Option<String>,
        /// Replace the account's preset of that name.
        #[arg(long)]
        replace: bool,
    },
    /// Delete a preset of an ad account.
    Rm {
        /// The preset's name, as `dcw presets` lists it.
        name: String,
        /// The ad account (`act_<id>` or its digits).
        #[arg(long)]
        account: String,
    },
}

pub fn run_presets(args: PresetsArgs) -> ExitCode {
    let file = Paths::from_env().presets_file();
    match args.action {
        Some(PresetsCommand::Save {
            name,
            from,
            account,
            replace,
        }) => save(&file, &name, &from, account.as_deref(), replace),
        Some(PresetsCommand::Rm { name, account }) => rm(&file, &name, &account),
        None => list(&file, args.account.as_deref(), args.json),
    }
}

fn list(file: &std::path::Path, account: Option<&str>, json: bool) -> ExitCode {
    let all = match presets::load(file) {
        Ok(all) => all,
        Err(e) => {
            super::print_error(e);
            return ExitCode::from(2);
        }
    };
    let shown: Vec<Preset> = match account {
        Some(a) => all.of_account(a),
        None => all.list(),
    };
    if json {
        let items: Vec<Value> = shown
            .iter()
            .map(|p| {
                json!({
                    "account": p.account,
                    "name": p.name,
                    "summary": p.summary(),
                    "targeting": p.targeting,
                    "pixel_id": p.pixel_id,
                    "page_id": p.page_id,
                    "instagram_user_id": p.instagram_user_id,
                })
            })
            .collect();
        println!("{}", json_safe(&Value::Array(items).to_string()));
        return ExitCode::SUCCESS;
    }
    print!("{}", presets_text(&shown, all.unreadable(), file));
    ExitCode::SUCCESS
}

/// The presets as a table: account, name, a one-line summary.
pub(super) fn presets_text(list: &[Preset], unreadable: usize, file: &std::path::Path) -> String {
    let path = sanitize(&file.display().to_string()).into_owned();
    let mut out = String::new();
    if list.is_empty() {
        out.push_str(&format!(
            "No presets in {path}. The wizard's \"Save as preset…\" (step 4, Ad set) or `dcw presets save NAME --from SPEC` saves one.\n"
        ));
    } else {
        out.push_str(&format!("{:<18} {:<24} SUMMARY\n", "ACCOUNT", "NAME"));
        for p in list {
            out.push_str(&format!(
                "{} {} {}\n",
                column(&p.account, 18),
                column(&p.name, 24),
                sanitize(&p.summary())
            ));
        }
    }
    if unreadable > 0 {
        out.push_str(&format!(
            "{unreadable} more in {path} cannot be read by this dcw; they are kept as they are.\n"
        ));
    }
    out
}

fn save(
    file: &std::path::Path,
    name: &str,
    from: &std::path::Path,
    account: Option<&str>,
    replace: bool,
) -> ExitCode {
    let name = match presets::check_name(name) {
        Ok(n) => n,
        Err(e) => {
            super::print_error(e);
            return ExitCode::from(2);
        }
    };
    let spec: Value = match store::read_spec_text(from)
        .map_err(|e| e.to_string())
        .and_then(|t| {
            serde_json::from_str(&t).map_err(|e| format!("{}: is not JSON: {e}", from.display()))
        }) {
        Ok(v) => v,
        Err(e) => {
            super::print_error(e);
            return ExitCode::from(2);
        }
    };
    let Some(ad_set) = spec.get("ad_set").filter(|a| a["targeting"].is_object()) else {
        super::print_error(format!(
            "{}: ad_set.targeting is missing; a preset is an ad set's targeting",
            from.display()
        ));
        return ExitCode::from(2);
    };
    let Some(account) = account.or_else(|| spec["account_id"].as_str().filter(|a| !a.is_empty()))
    else {
        super::print_error(format!(
            "{}: account_id is missing; give the ad account with --account",
            from.display()
        ));
        return ExitCode::from(2);
    };
    let p = Preset::of_ad_set(account, &name, &spec, ad_set);
    match presets::add_to_file(file, p.clone(), replace) {
        Ok(Added::Saved { replaced, .. }) => {
            println!(
                "{} preset «{}» for {}: {}.",
                if replaced { "Replaced" } else { "Saved" },
                sanitize(&p.name),
                sanitize(&p.account),
                sanitize(&p.summary())
            );
            ExitCode::SUCCESS
        }
        Ok(Added::Taken(old)) => {
            super::print_error(format!(
                "{} already has a preset named «{old}»; --replace replaces it",
                p.account
            ));
            ExitCode::from(1)
        }
        Err(e) => {
            super::print_error(e);
            ExitCode::from(2)
        }
    }
}

fn rm(file: &std::path::Path, name: &str, account: &str) -> ExitCode {
    let account = presets::account_id(account);
    match presets::remove_from_file(file, &account, name) {
        Ok(true) => {
            println!(
                "Deleted preset «{}» of {}.",
                sanitize(name.trim()),
                sanitize(&account)
            );
            ExitCode::SUCCESS
        }
        Ok(false) => {
            super::print_error(format!(
                "{account} has no preset named «{}»; `dcw presets --account {account}` lists them",
                name.trim()
            ));
            ExitCode::from(1)
        }
        Err(e) => {
            super::print_error(e);
            ExitCode::from(2)
        }
    }
}
