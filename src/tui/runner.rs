//! The loop and the effects. One `select!` over messages and input; draw only when something
//! changed and no message waits; every frame in a synchronized update through a `BufWriter`.
//! Effects run as tokio tasks and come back as messages.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossterm::event::Event;
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use futures_util::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

use super::app::App;
use super::msg::{Effect, Msg};
use super::theme::Theme;
use super::view;
use crate::graph::{GraphClient, SearchKind};
use crate::launch::session::{JournalChoice, StartError, StartRequest};
use crate::launch::{self, LaunchError, LaunchEvent, LaunchJournal, LaunchOptions, LaunchState};
use crate::store::{self, drafts};

/// How long after the last change the draft is saved.
pub const SAVE_DEBOUNCE: Duration = Duration::from_millis(500);

/// What effects need: the client, where files go, the message queue.
#[derive(Clone)]
pub struct Runner {
    pub client: GraphClient,
    pub tx: UnboundedSender<Msg>,
    pub drafts_dir: PathBuf,
    pub launches_dir: PathBuf,
    /// `sandbox` or the Graph base URL, for the journal's spec hash.
    pub api_base: String,
    pub tag_names: bool,
    /// Advantage+ creative features each account's house policy forbids, by account digits:
    /// the launch's read-back warns when Meta has one on.
    pub never_features: HashMap<String, Vec<String>>,
    /// The journal of each draft's last launch, resumed when its spec is unchanged.
    pub journals: Arc<Mutex<HashMap<String, (String, crate::spec::LaunchSpec)>>>,
    /// How images are drawn: the terminal's graphics protocol, or half-blocks.
    pub picker: Arc<ratatui_image::picker::Picker>,
}

impl Runner {
    fn send(&self, m: Msg) {
        let _ = self.tx.send(m);
    }

    /// Runs an effect: a task that answers with a message (or, for small local writes, at once).
    pub fn run(&self, effect: Effect) {
        match effect {
            Effect::LoadAccounts
            | Effect::LoadPages
            | Effect::LoadPixels(_)
            | Effect::LoadMinimums(_)
            | Effect::EstimateDelivery { .. } => self.lists(effect),
            Effect::Search(_) | Effect::LoadCategories(_) | Effect::LoadAudiences(_) => {
                self.targeting(effect)
            }
            Effect::ReadImage(_)
            | Effect::ReadVideo(_)
            | Effect::Decode(_)
            | Effect::EncodePreview { .. } => self.images(effect),
            Effect::ScheduleSave
            | Effect::PaceAfter(_)
            | Effect::SaveDraft { .. }
            | Effect::DeleteDraft(_)
            | Effect::Export { .. }
            | Effect::LoadPresets(_)
            | Effect::SavePreset { .. } => self.files(effect),
            Effect::Preflight { .. } | Effect::Submit { .. } => self.launch(effect),
            Effect::Poll { .. }
            | Effect::LoadResults { .. }
            | Effect::Fix(_)
            | Effect::ReadCreative { .. }
            | Effect::WakeAfter { .. } => self.pane(effect),
            Effect::NextRound { .. } | Effect::PlanControl { .. } | Effect::RunControl(_) => {
                self.run_launch(effect)
            }
            Effect::MetaPreview { id, ask } => self.meta_preview(id, ask),
            Effect::Quit => {}
        }
    }

    /// The lists the wizard offers (ad accounts, Pages, pixels, minimum budgets) and the audience
    /// size of an ad set's targeting.
    fn lists(&self, effect: Effect) {
        let me = self.clone();
        match effect {
            Effect::LoadAccounts => {
                tokio::spawn(async move {
                    let r = me.client.ad_accounts().await.map_err(|e| e.to_string());
                    me.send(Msg::Accounts(r));
                });
            }
            Effect::LoadPages => {
                tokio::spawn(async move {
                    let r = me.client.pages().await.map_err(|e| e.to_string());
                    me.send(Msg::Pages(r));
                });
            }
            Effect::LoadPixels(account) => {
                tokio::spawn(async move {
                    let r = me.client.pixels(&account).await.map_err(|e| e.to_string());
                    me.send(Msg::Pixels(account, r));
                });
            }
            Effect::LoadMinimums(account) => {
                tokio::spawn(async move {
                    let r = me.client.minimum_budgets(&account, None).await;
                    me.send(Msg::Minimums(account, r.map_err(|e| e.to_string())));
                });
            }
            // Through the client, so the account's gate is charged and holds it when the
            // account's points are used up.
            Effect::EstimateDelivery { base, seq, ask } => {
                tokio::spawn(async move {
                    let r = me
                        .client
                        .delivery_estimate(
                            &ask.account,
                            &ask.targeting,
                            &ask.goal,
                            ask.promoted_object.as_ref(),
                        )
                        .await
                        .map_err(|e| e.to_string());
                    me.send(Msg::Estimated {
                        base,
                        seq,
                        ask,
                        result: r,
                    });
                });
            }
            _ => {}
        }
    }

    /// The targeting pickers' reads: a search, an account's categories and audiences.
    fn targeting(&self, effect: Effect) {
        let me = self.clone();
        match effect {
            Effect::Search(ask) => {
                tokio::spawn(async move {
                    let r = me
                        .client
                        .targeting_search(&ask.account, &ask.kind, &ask.query)
                        .await
                        .map_err(|e| e.to_string());
                    me.send(Msg::Searched(ask, r));
                });
            }
            Effect::LoadCategories(account) => {
                tokio::spawn(async move {
                    let mut all = Vec::new();
                    let mut failed = None;
                    for kind in [SearchKind::Behaviors, SearchKind::Demographics] {
                        match me.client.targeting_categories(&account, &kind).await {
                            Ok(list) => all.extend(list),
                            Err(e) => failed = Some(e.to_string()),
                        }
                    }
                    let r = match failed {
                        Some(e) if all.is_empty() => Err(e),
                        _ => Ok(all),
                    };
                    me.send(Msg::Categories(account, r));
                });
            }
            Effect::LoadAudiences(account) => {
                tokio::spawn(async move {
                    let r = me
                        .client
                        .custom_audiences(&account)
                        .await
                        .map_err(|e| e.to_string());
                    me.send(Msg::Audiences(account, r));
                });
            }
            _ => {}
        }
    }

    /// Image and video work, off the loop's thread: facts (a video's through the cache),
    /// decoding, previews.
    fn images(&self, effect: Effect) {
        let me = self.clone();
        match effect {
            Effect::ReadImage(file) => {
                tokio::task::spawn_blocking(move || {
                    let facts = store::images::read_image_facts(std::path::Path::new(&file));
                    me.send(Msg::ImageRead(file, facts));
                });
            }
            Effect::ReadVideo(file) => {
                tokio::task::spawn_blocking(move || {
                    let facts = super::video_cache::facts(
                        super::video_cache::shared(),
                        &file,
                        store::read_video,
                    );
                    me.send(Msg::VideoRead(file, facts));
                });
            }
            Effect::Decode(file) => {
                tokio::task::spawn_blocking(move || {
                    let r = super::preview::decode(std::path::Path::new(&file))
                        .map(|d| super::preview::SharedImage(Arc::new(d)));
                    me.send(Msg::Decoded(file, r));
                });
            }
            Effect::EncodePreview { key, image } => {
                tokio::task::spawn_blocking(move || {
                    let r = super::preview::encode(&me.picker, &image.0, &key);
                    me.send(Msg::Previewed(key, r));
                });
            }
            _ => {}
        }
    }

    /// The draft on disk: the save debounce, the save, the export.
    fn files(&self, effect: Effect) {
        let me = self.clone();
        match effect {
            Effect::PaceAfter(after) => {
                tokio::spawn(async move {
                    tokio::time::sleep(after).await;
                    me.send(Msg::PaceDue);
                });
            }
            Effect::ScheduleSave => {
                tokio::spawn(async move {
                    tokio::time::sleep(SAVE_DEBOUNCE).await;
                    me.send(Msg::SaveDue);
                });
            }
            Effect::SaveDraft { id, text, meta } => {
                // Small and local: written at once, so quitting never loses it.
                if let Err(e) = drafts::save_draft_with_meta(&self.drafts_dir, &id, &text, &meta) {
                    self.send(Msg::Saved(Err(format!("cannot save the draft: {e}"))));
                }
            }
            Effect::DeleteDraft(id) => {
                if let Err(e) = drafts::remove_draft(&self.drafts_dir, &id) {
                    self.send(Msg::Saved(Err(format!("cannot delete the draft: {e}"))));
                }
            }
            Effect::Export { path, text } => {
                let r = store::files::write_private(&path, text.as_bytes())
                    .map(|_| path.clone())
                    .map_err(|e| format!("{}: {e}", path.display()));
                self.send(Msg::Exported(r));
            }
            // Small and local, like the draft: read and written at once.
            Effect::LoadPresets(path) => {
                let r = store::presets::load(&path).map(|all| all.list());
                self.send(Msg::Presets(r));
            }
            Effect::SavePreset {
                path,
                preset,
                replace,
            } => {
                let r = store::presets::add_to_file(&path, (*preset).clone(), replace);
                self.send(Msg::PresetSaved(preset, r));
            }
            _ => {}
        }
    }

    /// The Review step's dry run and the launch.
    fn launch(&self, effect: Effect) {
        let me = self.clone();
        match effect {
            Effect::Preflight { generation, spec } => {
                tokio::spawn(async move {
                    let r = launch::session::dry_run(&me.client, &spec).await;
                    me.send(Msg::Preflight(generation, r));
                });
            }
            Effect::Submit {
                spec,
                text,
                draft_id,
            } => {
                tokio::spawn(async move {
                    let r = me.submit(*spec, &text, &draft_id).await;
                    if r.is_ok() {
                        let _ = drafts::mark_launched(&me.drafts_dir, &draft_id);
                    }
                    me.send(Msg::LaunchDone(Box::new(r)));
                });
            }
            _ => {}
        }
    }

    /// The status pane: reads, asset results, fixes, its timer.
    fn pane(&self, effect: Effect) {
        let me = self.clone();
        match effect {
            Effect::Poll { plans, known } => {
                for plan in plans {
                    let me = me.clone();
                    let known = known.clone();
                    tokio::spawn(async move {
                        let result = crate::watch::poll::execute(&me.client, &plan, &known).await;
                        let max_points = me.client.gate().max_points(&plan.account);
                        me.send(Msg::Polled {
                            plan,
                            result: Box::new(result),
                            max_points,
                        });
                    });
                }
            }
            Effect::LoadResults {
                ad_id,
                account,
                query,
                context,
                files,
            } => {
                tokio::spawn(async move {
                    // What the ad is read with (its name, currency, goal, feed): read once.
                    let context = match context {
                        Some(c) => Ok(*c),
                        None => crate::watch::ad_context(&me.client, &account, &ad_id).await,
                    };
                    let result = match context {
                        Ok(c) => crate::watch::fetch_results(&me.client, &c, query, &files).await,
                        Err(e) => Err(e),
                    }
                    .map_err(|e| e.to_string());
                    me.send(Msg::Results {
                        ad_id,
                        query,
                        result: Box::new(result),
                    });
                });
            }
            Effect::Fix(req) => {
                tokio::spawn(async move {
                    let ad_id = req.ad_id.clone();
                    let events: launch::EventSink = Arc::new(|_e: LaunchEvent| {});
                    let result = launch::fix::run_fix(
                        me.client.clone(),
                        *req,
                        &me.launches_dir,
                        &me.api_base,
                        events,
                    )
                    .await
                    .map_err(|e| e.to_string());
                    me.send(Msg::Fixed {
                        ad_id,
                        result: Box::new(result),
                    });
                });
            }
            Effect::ReadCreative { account, ad_id } => {
                tokio::spawn(async move {
                    let result = crate::watch::insights::ad_creative(&me.client, &account, &ad_id)
                        .await
                        .map_err(|e| e.to_string());
                    me.send(Msg::CreativeRead {
                        ad_id,
                        result: Box::new(result),
                    });
                });
            }
            Effect::WakeAfter { generation, after } => {
                tokio::spawn(async move {
                    tokio::time::sleep(after).await;
                    me.send(Msg::PollDue(generation));
                });
            }
            _ => {}
        }
    }

    /// What the status pane asks of a made launch: its controls (planned, then run) and its
    /// next round.
    fn run_launch(&self, effect: Effect) {
        let me = self.clone();
        match effect {
            Effect::NextRound { ad_id } => {
                tokio::spawn(async move {
                    let found = crate::watch::find_or_read_launch(
                        &me.client,
                        &me.launches_dir,
                        &me.api_base,
                        &ad_id,
                    )
                    .await;
                    let result = match found {
                        Ok(j) => {
                            crate::watch::prepare_next_round(
                                &me.client,
                                &j,
                                &me.drafts_dir,
                                crate::watch::Rule::default(),
                                &me.drafts_dir,
                            )
                            .await
                        }
                        Err(e) => Err(e),
                    };
                    me.send(Msg::NextRound {
                        result: Box::new(result),
                    });
                });
            }
            Effect::PlanControl { target, control } => {
                tokio::spawn(async move {
                    let opts = launch::ControlOptions::standard(me.launches_dir.clone());
                    let r =
                        launch::plan_control(&me.client, &opts, &me.api_base, &target, &control)
                            .await
                            .map_err(|e| e.to_string());
                    me.send(Msg::ControlPlanned(Box::new(r)));
                });
            }
            Effect::RunControl(plan) => {
                tokio::spawn(async move {
                    let opts = launch::ControlOptions::standard(me.launches_dir.clone());
                    let events: launch::EventSink = Arc::new(|_e: LaunchEvent| {});
                    let r = launch::run_control(&me.client, *plan, &opts, events)
                        .await
                        .map_err(|e| e.to_string());
                    me.send(Msg::ControlDone(Box::new(r)));
                });
            }
            _ => {}
        }
    }

    /// Meta's own previews of one placement family, off the loop: the launched ad's, or the
    /// draft's (its launched ad's when the journals know one, else `generatepreviews`).
    fn meta_preview(&self, id: u64, ask: super::msg::MetaAsk) {
        let me = self.clone();
        tokio::spawn(async move {
            let result = match ask {
                super::msg::MetaAsk::Ad {
                    account,
                    ad_id,
                    formats,
                } => {
                    let of = launch::PreviewOf::Ad(ad_id);
                    launch::meta_previews(&me.client, &account, &of, None, &formats)
                        .await
                        .map(|previews| launch::SpecPreviews {
                            of,
                            previews,
                            notes: Vec::new(),
                        })
                }
                super::msg::MetaAsk::Draft {
                    spec,
                    text,
                    formats,
                } => {
                    // A draft's image paths are absolute; its launch was keyed from ".".
                    let spec_dir = PathBuf::from(".");
                    let launched_ad = launch::session::launched_ad(
                        &me.launches_dir,
                        &me.api_base,
                        &spec,
                        &text,
                        &spec_dir,
                    );
                    let req = launch::SpecPreview {
                        spec: &spec,
                        spec_dir,
                        launched_ad,
                        formats,
                    };
                    launch::previews_of_spec(&me.client, req).await
                }
            };
            me.send(Msg::MetaPreviewed {
                id,
                result: Box::new(result.map_err(|e| e.to_string())),
            });
        });
    }

    async fn submit(
        &self,
        spec: crate::spec::LaunchSpec,
        text: &str,
        draft_id: &str,
    ) -> Result<LaunchJournal, LaunchError> {
        let account = spec.account_digits().to_string();
        // A draft's image paths are absolute.
        let spec_dir = std::path::Path::new(".");
        let previous = self
            .journals
            .lock()
            .ok()
            .and_then(|m| m.get(draft_id).cloned());
        let choice = match previous {
            Some((journal_id, spec)) => JournalChoice::Draft {
                journal_id,
                spec: Box::new(spec),
            },
            // A launch of this very spec by an earlier dcw (a dropped SSH session, another
            // window): resumed when unfinished, reported when done, never made twice.
            None => JournalChoice::Latest,
        };
        let started = match launch::session::start(StartRequest {
            dir: &self.launches_dir,
            spec: &spec,
            text,
            spec_dir,
            spec_path: &format!("draft {draft_id}"),
            account: &account,
            api_base: &self.api_base,
            tag_names: self.tag_names,
            choice,
        }) {
            Ok(s) => s,
            Err(e) => {
                let text = launch::session::explain(&self.client, &account, &spec, &e).await;
                return Err(match e {
                    StartError::Held { .. } => LaunchError::Held(text),
                    _ => LaunchError::Journal(text),
                });
            }
        };
        let journal = started.journal.clone();
        if let Ok(mut m) = self.journals.lock() {
            m.insert(draft_id.to_string(), (journal.id.clone(), spec.clone()));
        }
        let tx = self.tx.clone();
        let events: launch::EventSink = Arc::new(move |e: LaunchEvent| {
            let _ = tx.send(Msg::Launch(e));
        });
        let opts = LaunchOptions {
            never_features: self
                .never_features
                .get(&account)
                .cloned()
                .unwrap_or_default(),
            ..LaunchOptions::standard(self.launches_dir.clone(), spec_dir.to_path_buf())
        };
        if started.earlier && journal.state == LaunchState::Done {
            events(LaunchEvent::Info(format!(
                "This spec was launched already ({}, {}); nothing new was sent. Change it to launch it again.",
                journal.id, journal.created_at
            )));
        } else if let Some(note) = started.resuming_note() {
            events(LaunchEvent::Info(note));
        }
        let outcome = launch::run_launch(self.client.clone(), spec, journal, opts, events).await;
        drop(started);
        outcome
    }
}

/// Draws one frame inside a synchronized update.
pub fn draw<W: Write>(
    terminal: &mut Terminal<CrosstermBackend<W>>,
    app: &App,
    theme: Theme,
) -> io::Result<()> {
    crossterm::queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    terminal.draw(|f| view::draw(app, theme, f))?;
    crossterm::execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
    Ok(())
}

/// What the status pane asked to send to the terminal itself: a copy to the clipboard (OSC 52,
/// which works over SSH and through tmux with `set-clipboard on`) and the bell.
fn pane_output<W: Write>(out: &mut W, app: &mut App) -> io::Result<()> {
    // The ad preview's copy of Meta's link goes the same way.
    if let Some(text) = app.clipboard.take() {
        out.write_all(super::term::osc52(&text).as_bytes())?;
        out.flush()?;
    }
    let Some(p) = &mut app.status else {
        return Ok(());
    };
    if let Some(text) = p.clipboard.take() {
        out.write_all(super::term::osc52(&text).as_bytes())?;
    }
    if std::mem::take(&mut p.ring) {
        out.write_all(b"\x07")?;
    }
    out.flush()
}

/// Whether a message can change what is on screen.
fn shows(msg: &Msg) -> bool {
    !matches!(msg, Msg::SaveDue | Msg::Saved(Ok(_)))
}

/// The loop: until quit, or the input ends (the terminal went away).
pub async fn run_loop<W, S>(
    terminal: &mut Terminal<CrosstermBackend<W>>,
    app: &mut App,
    theme: Theme,
    runner: &Runner,
    rx: &mut UnboundedReceiver<Msg>,
    mut input: S,
) -> io::Result<()>
where
    W: Write,
    S: Stream<Item = io::Result<Event>> + Unpin,
{
    let size = terminal.size()?;
    app.screen = ratatui::layout::Rect::new(0, 0, size.width, size.height);
    draw(terminal, app, theme)?;
    for fx in app.start() {
        runner.run(fx);
    }
    let mut dirty = false;
    loop {
        let msg = tokio::select! {
            biased;
            Some(m) = rx.recv() => m,
            ev = input.next() => match ev {
                Some(Ok(Event::Key(k))) => Msg::Key(k),
                Some(Ok(Event::Paste(s))) => Msg::Paste(s),
                Some(Ok(Event::Resize(w, h))) => {
                    terminal.autoresize()?;
                    terminal.clear()?;
                    Msg::Resize(w, h)
                }
                Some(Ok(_)) => continue,
                Some(Err(e)) => return Err(e),
                None => {
                    // The terminal is gone (SSH dropped): keep the draft.
                    for fx in app.quit() {
                        runner.run(fx);
                    }
                    return Ok(());
                }
            },
        };
        dirty |= shows(&msg);
        for fx in app.update(msg) {
            runner.run(fx);
        }
        if app.quit {
            return Ok(());
        }
        if dirty && rx.is_empty() {
            draw(terminal, app, theme)?;
            dirty = false;
            pane_output(terminal.backend_mut(), app)?;
        }
    }
}
