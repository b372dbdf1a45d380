//! `dcw`, `dcw new`, `dcw open SPEC`: the wizard; `dcw drafts`: the drafts it keeps.

use std::path::Path;
use std::process::ExitCode;

use dcw::store::{self, Paths};
use dcw::tui::{self, Session, Start};

pub fn run_wizard(start: Start) -> ExitCode {
    use std::io::IsTerminal;
    let paths = Paths::from_env();
    // A bad config file is said plainly, before any screen.
    let config = match super::session::config(&paths) {
        Ok(c) => c,
        Err(e) => {
            super::print_error(e);
            return ExitCode::from(2);
        }
    };
    if let Err(e) = tui::KeyMap::with_overrides(&config.keys.clone().unwrap_or_default()) {
        super::print_error(format!("{}: {e}", paths.config_file().display()));
        return ExitCode::from(2);
    }
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!(
            "dcw: the wizard needs a terminal; for scripts use `dcw validate SPEC` and `dcw submit SPEC` (see `dcw --help`)"
        );
        return ExitCode::from(2);
    }
    let _log = super::session::init_logging(&paths);
    let runtime = match super::session::runtime(Some(2)) {
        Ok(r) => r,
        Err(e) => {
            super::print_error(e);
            return ExitCode::from(2);
        }
    };
    runtime.block_on(async move {
        let writes = super::session::SandboxUse::Writes { demo_ads: 0 };
        let conn = match super::session::connect(&paths, &config, None, None, writes).await {
            Ok(c) => c,
            Err((code, msg)) => {
                super::print_error(msg);
                return ExitCode::from(code);
            }
        };
        for note in &conn.notes {
            super::print_error(note);
        }
        let code = run_screen(&conn, &config, &paths, start).await;
        if let Some(h) = conn.sandbox {
            h.shutdown().await;
        }
        code
    })
}

/// The wizard (or the status pane) on this connection until the buyer quits; then the
/// farewell on stdout.
pub(super) async fn run_screen(
    conn: &super::session::Connection,
    config: &store::Config,
    paths: &Paths,
    start: Start,
) -> ExitCode {
    let session = Session {
        client: conn.client.clone(),
        destination: conn.destination.clone(),
        api_base: conn.api_base.clone(),
        tag_names: config.launch_tag != Some(false),
        notes: conn.notes.clone(),
    };
    let keys = config.keys.clone().unwrap_or_default();
    match tui::run(session, paths, &keys, start).await {
        Ok(bye) => {
            // After a hangup there is no terminal to print to; that is not an error.
            use std::io::Write;
            let _ = std::io::stdout().write_all(bye.as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => {
            super::print_error(e);
            ExitCode::from(2)
        }
    }
}

/// `dcw open SPEC`: read it first, so a missing file is a plain message, not a screen.
pub fn run_open(path: &Path) -> ExitCode {
    match store::read_spec_text(path) {
        Ok(text) => {
            if let Err(e) = dcw::spec::parse_spec(&text) {
                super::print_error(format!("{}: {e}", path.display()));
                return ExitCode::from(2);
            }
            run_wizard(Start::Open {
                path: path.to_path_buf(),
                text,
            })
        }
        Err(e) => {
            super::print_error(e.to_string());
            ExitCode::from(2)
        }
    }
}

/// `dcw drafts`: the wizard's drafts, newest first.
pub fn run_drafts(json: bool) -> ExitCode {
    let paths = Paths::from_env();
    let dir = store::drafts_dir(&paths.data_dir);
    let list = store::list_drafts(&dir);
    if json {
        let items: Vec<serde_json::Value> = list
            .iter()
            .map(|d| {
                serde_json::json!({
                    "id": d.id,
                    "path": d.path.display().to_string(),
                    "name": d.name,
                    "state": if d.launched { "launched" } else { "unfinished" },
                    "modified": d.modified.map(|m| chrono::DateTime::<chrono::Utc>::from(m).to_rfc3339()),
                })
            })
            .collect();
        println!(
            "{}",
            dcw::spec::text::json_safe(&serde_json::Value::Array(items).to_string())
        );
        return ExitCode::SUCCESS;
    }
    print!("{}", drafts_text(&list, &dir));
    ExitCode::SUCCESS
}

/// The drafts as a table. A draft's id is its file's name and its campaign is the spec's, so
/// both pass the one sanitiser, as do the paths.
pub(super) fn drafts_text(list: &[store::DraftInfo], dir: &Path) -> String {
    use dcw::spec::text::sanitize;
    if list.is_empty() {
        return format!(
            "No drafts in {}. `dcw` starts one.\n",
            sanitize(&dir.display().to_string())
        );
    }
    let mut out = format!(
        "{:<21} {:<11} {:<17} CAMPAIGN\n",
        "DRAFT", "STATE", "SAVED (UTC)"
    );
    for d in list {
        let when = d
            .modified
            .map(|m| {
                chrono::DateTime::<chrono::Utc>::from(m)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_default();
        out.push_str(&format!(
            "{:<21} {:<11} {:<17} {}\n",
            sanitize(&d.id),
            if d.launched { "launched" } else { "unfinished" },
            when,
            sanitize(d.name.as_deref().unwrap_or("(untitled)"))
        ));
    }
    out.push_str(&format!(
        "\nOpen one with `dcw open {}`.\n",
        sanitize(&list[0].path.display().to_string())
    ));
    out
}
