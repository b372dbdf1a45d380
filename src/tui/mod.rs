//! The terminal UI: the wizard from account to submit. A front end only: rules live in `spec`,
//! calls in `graph`, the launch in `launch`, files in `store`.
//!
//! Shape (after slumber and gitui): one `Msg` enum, `App::update` returns `Effect`s that run
//! as tokio tasks and come back as messages, `view::draw` is pure, and the loop draws only
//! when something changed and the queue is empty.

// `app`, `status` and `steps` keep re-exports for the deep paths tests used to name; tests now go
// through the list below, so those re-exports are unused until their owner drops them.
mod ad_preview;
mod app;
mod edit;
pub mod form;
mod form_keys;
mod help;
mod keymap;
mod layout;
mod load;
mod modal;
mod model;
mod msg;
mod picker;
pub mod preview;
mod render;
mod runner;
mod screen;
mod search_view;
mod status;
mod steps;
mod term;
mod text;
mod theme;
mod video_cache;
mod view;
mod wrap;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde_json::Value;

use crate::graph::GraphClient;
use crate::spec::text::sanitize;
use crate::store::{drafts, paths::Paths};

pub use ad_preview::{
    AdPreview, Files as PreviewFiles, Meta as MetaPreviewState, PLACEMENTS_UNKNOWN, PreviewOf,
};
pub use app::{App, Ctx, Overlay, empty_draft};
pub use keymap::{Action, Context, KeyMap, Pane};
pub use msg::{Effect, EstimateAsk, MetaAsk, Msg, SearchAsk};
pub use runner::{Runner, run_loop};
pub use status::fix::FixDraft;
pub use status::view::{PaneCtx, detail_lines, draw as draw_status, draw_with as draw_status_with};
pub use status::{REFRESH as STATUS_REFRESH, Sort, StatusPane};
pub use steps::crop::CropEditor;
pub use steps::review::{Preflight, budget_summary, payloads};
pub use term::osc52;
pub use theme::Theme;
pub use view::draw;

/// Where the wizard sends: the client and what the header says about it.
#[derive(Clone)]
pub struct Session {
    pub client: GraphClient,
    /// Where requests go, for the header and every confirmation.
    pub destination: crate::graph::Destination,
    /// What the launch journal records as the Graph (the built-in sandbox's world, or the
    /// Graph base URL).
    pub api_base: String,
    pub tag_names: bool,
    /// Advantage+ creative features each ad account's house policy forbids, by account
    /// digits (the config file's `accounts`).
    pub never_features: HashMap<String, Vec<String>>,
    /// What the connection has to tell before anything else (the built-in sandbox's damaged
    /// state set aside): the first is the opening notice.
    pub notes: Vec<String>,
}

/// How the wizard starts.
#[derive(Debug, Clone)]
pub enum Start {
    /// `dcw`: a new draft, offering the last unfinished one.
    Fresh,
    /// `dcw new`: a new draft.
    New,
    /// `dcw open SPEC`: this spec, at its first step with errors; or the draft made from it
    /// before, where the buyer left it.
    Open {
        path: PathBuf,
        text: String,
        draft: Box<OpenDraft>,
    },
    /// `dcw watch`: the status pane on its own.
    Watch(Box<crate::watch::Watch>),
}

/// What `dcw open FILE` found among the drafts made from the same file.
#[derive(Debug, Clone, Default)]
pub struct OpenDraft {
    /// The file's canonical path, kept in a new draft's metadata.
    pub source: PathBuf,
    /// The unfinished draft made from it before, with its text: reopened instead.
    pub reuse: Option<(crate::store::DraftInfo, String)>,
    /// A launched draft made from it, not reused (launched drafts are read-only).
    pub launched: Option<String>,
}

/// Image and video `file` paths (and videos' thumbnail files) relative to the spec's folder
/// become absolute: the draft lives elsewhere.
pub fn absolutize_images(draft: &mut Value, base: &Path) {
    let feed = "creative.asset_feed_spec";
    let mut paths: Vec<String> = (0..form::len(draft, &format!("{feed}.images")))
        .map(|i| format!("{feed}.images[{i}].file"))
        .collect();
    for i in 0..form::len(draft, &format!("{feed}.videos")) {
        paths.push(format!("{feed}.videos[{i}].file"));
        paths.push(format!("{feed}.videos[{i}].thumbnail.file"));
    }
    for path in paths {
        if let Some(f) = form::get_str(draft, &path)
            && !f.is_empty()
            && !Path::new(f).is_absolute()
        {
            let abs = base.join(f).display().to_string();
            form::set(draft, &path, Value::String(abs));
        }
    }
}

/// The wizard's state at start, before the first frame.
pub fn initial_app(
    session: &Session,
    paths: &Paths,
    keymap: KeyMap,
    start: &Start,
) -> Result<App, String> {
    let mut ctx = Ctx::new(true, "");
    ctx.destination = session.destination.clone();
    ctx.api_version = session.client.config().api_version.clone();
    ctx.presets_file = paths.presets_file();
    ctx.log_path = paths.log_dir().join("dcw.log");
    ctx.config_path = paths.config_file();
    ctx.drafts_dir = drafts::drafts_dir(&paths.data_dir);
    ctx.cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    ctx.tag_names = session.tag_names;
    ctx.never_features = session.never_features.clone();
    ctx.pictures = theme::Theme::from_env().color;
    ctx.gate = session.client.gate_arc();
    ctx.clock = session.client.config().clock.clone();
    let id = drafts::new_draft_id(chrono::Utc::now());
    match start {
        Start::Fresh | Start::New => {
            let mut app = App::new(app::empty_draft(), id, ctx, keymap);
            if matches!(start, Start::Fresh)
                && let Some((d, text)) = drafts::resumable_draft(&app.ctx.drafts_dir)
            {
                app.overlay = Some(Overlay::Resume {
                    id: d.id.clone(),
                    name: d.name.unwrap_or_else(|| "untitled".into()),
                    text,
                    meta: d.meta,
                    deleting: false,
                });
            }
            Ok(app)
        }
        Start::Watch(w) => {
            let mut pane =
                status::StatusPane::new((**w).clone(), ctx.gate.clone(), ctx.clock.clone())
                    .with_keys(keymap.clone());
            pane.sandbox = ctx.destination.is_sandbox();
            let mut app = App::new(app::empty_draft(), id, ctx, keymap);
            app.status = Some(pane);
            app.show_status = true;
            Ok(app)
        }
        Start::Open { path, text, draft } => {
            // The file by its name: the whole line fits the status line at 120 columns.
            let file = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let file = sanitize(&file).into_owned();
            if let Some((made, text)) = &draft.reuse
                && let Ok(v) = serde_json::from_str::<Value>(text)
            {
                let mut app = App::new(v, made.id.clone(), ctx, keymap);
                app.draft_meta = made.meta.clone();
                app.resume_at(&made.meta, true);
                app.notice = Some(format!(
                    "Reopened draft {} made from {file}{}; dcw open --new starts a fresh one",
                    sanitize(&made.id),
                    made.meta
                        .created_day()
                        .map(|d| format!(" on {d}"))
                        .unwrap_or_default(),
                ));
                return Ok(app);
            }
            crate::spec::parse_spec(text).map_err(|e| format!("{}: {e}", path.display()))?;
            let mut spec: Value =
                serde_json::from_str(text).map_err(|e| format!("{}: {e}", path.display()))?;
            let base = crate::store::spec_file::spec_dir(path);
            let base = if base.is_absolute() {
                base
            } else {
                ctx.cwd.join(base)
            };
            absolutize_images(&mut spec, &base);
            let mut app = App::new(spec, id.clone(), ctx, keymap);
            app.draft_meta = crate::store::DraftMeta {
                source: Some(draft.source.clone()),
                created: Some(chrono::Utc::now().to_rfc3339()),
                ..Default::default()
            };
            app.open_with_errors();
            if let Some(old) = &draft.launched {
                app.notice = Some(format!(
                    "New draft: {} made from {file} was launched, and launched drafts are read-only",
                    sanitize(old)
                ));
            }
            Ok(app)
        }
    }
}

/// What the wizard leaves on stdout after the terminal is restored (ids, names and paths
/// through the one sanitiser).
pub fn farewell(app: &App, drafts_dir: &Path) -> String {
    let mut out = farewell_text(app, drafts_dir);
    if let Some(f) = app
        .status
        .as_ref()
        .and_then(|p| p.fix.as_ref())
        .filter(|f| !f.changes.is_empty() && !f.running)
    {
        out.push_str(&format!(
            "The fix of ad {} ({}) was not sent.\n",
            sanitize(&f.ad_id),
            sanitize(&f.summary())
        ));
    }
    out
}

fn farewell_text(app: &App, drafts_dir: &Path) -> String {
    let mut out = String::new();
    if let Some(p) = &app.status
        && !app.review.launched()
    {
        let counts: Vec<String> = p
            .watch
            .model
            .counts()
            .iter()
            .map(|(s, n)| format!("{n} {}", s.word()))
            .collect();
        out.push_str(&format!(
            "Watched {} ads: {}\n",
            p.watch.model.rows.len(),
            if counts.is_empty() {
                "none read".to_string()
            } else {
                counts.join(", ")
            }
        ));
        return out;
    }
    if let Some(l) = &app.review.launch
        && let Some(Ok(id)) = &l.outcome
    {
        out.push_str(&format!("Launched {}:\n", sanitize(id)));
        for (key, name, st) in &l.steps {
            if let steps::review::StepView::Done(created) = st {
                let (key, name) = (key.counted(), key.shown_name(name));
                out.push_str(&format!(
                    "  {key:<12} {}  {}\n",
                    sanitize(created),
                    sanitize(name)
                ));
            }
        }
        out.push_str(&format!(
            "The launched draft is kept as {}\n",
            sanitize(
                &drafts_dir
                    .join(format!("{}.launched.json", app.draft_id))
                    .display()
                    .to_string()
            )
        ));
        return out;
    }
    out.push_str(&format!(
        "Draft saved: {}\n",
        sanitize(
            &drafts::draft_path(drafts_dir, &app.draft_id)
                .display()
                .to_string()
        )
    ));
    out
}

/// Runs the wizard on the real terminal until the buyer quits. Returns what to print after.
pub async fn run(
    session: Session,
    paths: &Paths,
    keys: &HashMap<String, Vec<String>>,
    start: Start,
) -> Result<String, String> {
    let keymap = KeyMap::with_overrides(keys)
        .map_err(|e| format!("{}: {e}", paths.config_file().display()))?;
    let mut app = initial_app(&session, paths, keymap, &start)?;
    if let Some(note) = session.notes.first() {
        app.notice = Some(format!("✗ {}", sanitize(note)));
    }
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let runner = runner::Runner {
        client: session.client.clone(),
        tx,
        drafts_dir: app.ctx.drafts_dir.clone(),
        launches_dir: paths.launches_dir(),
        api_base: session.api_base.clone(),
        tag_names: session.tag_names,
        never_features: session.never_features.clone(),
        journals: Arc::new(Mutex::new(HashMap::new())),
        picker: Arc::new(ratatui_image::picker::Picker::halfblocks()),
    };
    if matches!(start, Start::Open { .. }) {
        // An opened spec is a draft from the first moment.
        runner.run(app.save_effect());
    }
    let theme = theme::Theme::from_env();
    let result = {
        let mut guard =
            term::TerminalGuard::enter().map_err(|e| format!("cannot use the terminal: {e}"))?;
        // Ask the terminal what it can draw images with, before reading its events.
        let picker = image_picker();
        let runner = runner::Runner {
            picker: Arc::new(picker),
            ..runner.clone()
        };
        let input = crossterm::event::EventStream::new();
        let mut hangup = signal(tokio::signal::unix::SignalKind::hangup());
        let mut terminate = signal(tokio::signal::unix::SignalKind::terminate());
        tokio::select! {
            r = runner::run_loop(&mut guard.terminal, &mut app, theme, &runner, &mut rx, input) => r,
            _ = hangup.recv() => Ok(()),
            _ = terminate.recv() => Ok(()),
        }
    };
    // Whatever ended the loop, the draft is written before we go; `dcw watch`'s blank draft,
    // never typed into, is not (it would list an untitled draft for every watch).
    let blank_watch = app.status.is_some()
        && app.draft == app::empty_draft()
        && !drafts::draft_path(&app.ctx.drafts_dir, &app.draft_id).exists();
    if !app.review.launched() && !blank_watch {
        let _ = drafts::save_draft_with_meta(
            &app.ctx.drafts_dir,
            &app.draft_id,
            &app::spec_text(&app.draft),
            &app.meta_now(),
        );
    }
    result.map_err(|e| format!("terminal error: {e}"))?;
    Ok(farewell(&app, &app.ctx.drafts_dir))
}

/// How images are drawn. Terminals known for a graphics protocol (kitty, iTerm2, WezTerm,
/// Ghostty, Konsole) are asked which one, briefly; everywhere else (tmux, SSH to anything)
/// half-blocks, which need no query and work over any link. `DCW_IMAGES=halfblocks` or
/// `DCW_IMAGES=query` decides instead.
fn image_picker() -> ratatui_image::picker::Picker {
    use ratatui_image::picker::{Picker, cap_parser::QueryStdioOptions};
    let env = |k: &str| std::env::var(k).unwrap_or_default();
    let hinted = !env("KITTY_WINDOW_ID").is_empty()
        || env("TERM").contains("kitty")
        || env("LC_TERMINAL") == "iTerm2"
        || ["iTerm.app", "WezTerm", "ghostty"].contains(&env("TERM_PROGRAM").as_str())
        || !env("WEZTERM_EXECUTABLE").is_empty()
        || !env("KONSOLE_VERSION").is_empty();
    let query = match env("DCW_IMAGES").as_str() {
        "halfblocks" => false,
        "query" => true,
        _ => hinted,
    };
    if !query {
        return Picker::halfblocks();
    }
    // On its own thread with a deadline: a terminal that vanishes mid-query must not keep
    // dcw waiting (the query's reader can spin on a closed tty).
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let options = QueryStdioOptions {
            timeout: std::time::Duration::from_millis(300),
            ..Default::default()
        };
        let _ = tx.send(Picker::from_query_stdio_with_options(options));
    });
    match rx.recv_timeout(std::time::Duration::from_secs(1)) {
        Ok(Ok(p)) => p,
        _ => Picker::halfblocks(),
    }
}

fn signal(kind: tokio::signal::unix::SignalKind) -> SignalStream {
    SignalStream(tokio::signal::unix::signal(kind).ok())
}

/// A signal that may not be available (then it never fires).
struct SignalStream(Option<tokio::signal::unix::Signal>);

impl SignalStream {
    async fn recv(&mut self) {
        match &mut self.0 {
            Some(s) => {
                s.recv().await;
            }
            None => std::future::pending::<()>().await,
        }
    }
}
