//! `dcw`, `dcw new`, `dcw open SPEC`: the wizard; `dcw drafts`: the drafts it keeps.

use std::path::Path;
use std::process::ExitCode;

use dcw::store::{self, Paths};
use dcw::tui::{self, OpenDraft, Session, Start};

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
        never_features: config.feature_policies(),
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

/// `dcw open SPEC`: read it first, so a missing file is a plain message, not a screen. The
/// unfinished draft made from the same file (same canonical path) before is reopened, unless
/// `new`; a launched one is not (launched drafts are read-only).
pub fn run_open(path: &Path, new: bool) -> ExitCode {
    match store::read_spec_text(path) {
        Ok(text) => {
            if let Err(e) = dcw::spec::parse_spec(&text) {
                super::print_error(format!("{}: {e}", path.display()));
                return ExitCode::from(2);
            }
            let dir = store::drafts_dir(&Paths::from_env().data_dir);
            run_wizard(Start::Open {
                path: path.to_path_buf(),
                text,
                draft: Box::new(drafts_made_from(&dir, path, new)),
            })
        }
        Err(e) => {
            super::print_error(e.to_string());
            ExitCode::from(2)
        }
    }
}

/// What `dcw open FILE` reuses: the newest unfinished draft made from the file (one whose
/// text is still JSON), else the launched one it will not reuse.
fn drafts_made_from(dir: &Path, path: &Path, new: bool) -> OpenDraft {
    let source = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let made = store::drafts_made_from(dir, &source);
    let reuse = made.iter().filter(|d| !d.launched && !new).find_map(|d| {
        let text = store::read_draft_text(&d.path).ok()?;
        serde_json::from_str::<serde_json::Value>(&text).ok()?;
        Some((d.clone(), text))
    });
    let launched = made
        .iter()
        .find(|d| d.launched && reuse.is_none() && !new)
        .map(|d| d.id.clone());
    OpenDraft {
        source,
        reuse,
        launched,
    }
}

/// `dcw drafts rm ID`: deletes one draft (and what is kept beside it).
pub fn run_drafts_rm(id: &str) -> ExitCode {
    let paths = Paths::from_env();
    let dir = store::drafts_dir(&paths.data_dir);
    match store::remove_draft(&dir, id) {
        Ok(path) => {
            println!(
                "Deleted draft {} ({}).",
                dcw::spec::text::sanitize(id),
                dcw::spec::text::sanitize(&path.display().to_string())
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            super::print_error(e);
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
                    "state": draft_state(d),
                    "modified": d.modified.map(|m| chrono::DateTime::<chrono::Utc>::from(m).to_rfc3339()),
                    "step": d.meta.step,
                    "field": d.meta.field,
                    "source": d.meta.source.as_ref().map(|s| s.display().to_string()),
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

/// A draft's state in `dcw drafts`: launched, damaged (it cannot be opened) or unfinished.
fn draft_state(d: &store::DraftInfo) -> &'static str {
    match (d.launched, &d.damaged) {
        (true, _) => "launched",
        (false, Some(_)) => "damaged",
        (false, None) => "unfinished",
    }
}

/// The drafts as a table: id, the step it was left on, state, when saved and campaign, with
/// the spec file it was made from on a line of its own. A draft's id is its file's name and
/// its campaign is the spec's, so both pass the one sanitiser, as do the paths.
pub(super) fn drafts_text(list: &[store::DraftInfo], dir: &Path) -> String {
    use dcw::spec::text::sanitize;
    if list.is_empty() {
        return format!(
            "No drafts in {}. `dcw` starts one.\n",
            sanitize(&dir.display().to_string())
        );
    }
    let mut out = format!(
        "{:<21} {:<10} {:<11} {:<17} CAMPAIGN\n",
        "DRAFT", "STEP", "STATE", "SAVED (UTC)"
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
        // The id whole (it is what `dcw drafts rm` takes), the step it was left on.
        out.push_str(&format!(
            "{:<21} {:<10} {:<11} {:<17} {}\n",
            sanitize(&d.id),
            d.meta.step().map_or("-", |s| s.title()),
            draft_state(d),
            when,
            sanitize(d.name.as_deref().unwrap_or("(untitled)"))
        ));
        if let Some(why) = &d.damaged {
            out.push_str(&format!(
                "{:<21} cannot be opened: {} (`dcw drafts rm` deletes it)\n",
                "",
                sanitize(why)
            ));
        }
        if let Some(source) = &d.meta.source {
            out.push_str(&format!(
                "{:<21} made from {}\n",
                "",
                sanitize(&source.display().to_string())
            ));
        }
    }
    out.push_str(
        "\n`dcw` resumes the newest unfinished draft, `dcw open SOURCE` the one made from SOURCE; \
         `dcw drafts rm DRAFT` deletes one.\n",
    );
    out
}
