//! The router: the wizard's model plus what is on screen over it (an overlay, the crop editor,
//! the status pane, the pictures), and the one `update`: a message in, the state changed,
//! effects out. Keys go to the overlay, the editor or the pane when one is open, else to the
//! focused field of the step. Nothing here waits on the network or draws.

mod keys;
mod meta;
mod next_round;
mod presets;
mod previews;
mod targeting;

use std::collections::{HashMap, HashSet};
use std::ops::{Deref, DerefMut};

use serde_json::{Value, json};

use super::keymap::{Action, KeyMap, Pane};
use super::load::{Load, load};
use super::model::Model;
use super::msg::{Effect, Msg};
use super::text::TextField;

pub use super::model::{Ctx, empty_draft, spec_text};

/// A modal over the step.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help,
    /// The launch confirmation: only an uppercase `Y` launches.
    ConfirmSubmit,
    /// An unfinished draft was found at start.
    Resume {
        id: String,
        name: String,
        text: String,
        /// Where the buyer left it (and the file it was made from).
        meta: crate::store::DraftMeta,
        /// The delete key was pressed once: pressed again, it deletes the draft.
        deleting: bool,
    },
    /// Export the draft: a path being typed.
    Export(TextField),
    /// Save the template's targeting as a preset: its name being typed, then, when the account
    /// has a preset of that name (`taken`), whether to replace it.
    SavePreset {
        name: TextField,
        taken: Option<String>,
    },
}

/// The wizard: its model (`app.draft`, `app.step`… read through to it) and what is over it.
#[derive(Debug, Clone)]
pub struct App {
    pub model: Model,
    pub keymap: KeyMap,
    pub overlay: Option<Overlay>,
    /// The crop editor, when open.
    pub crop: Option<super::steps::crop::CropEditor>,
    /// The ad preview screen, when open (over the wizard, or over the status pane).
    pub ad_preview: Option<super::ad_preview::AdPreview>,
    /// What the ad preview on screen shows: what its `m` asks Meta about.
    pub preview_of: Option<super::ad_preview::PreviewOf>,
    /// The ad whose creative is being read for its preview (`v` in the status pane).
    pub reading_creative: Option<String>,
    /// How many times the ad preview was opened (each opening's id).
    pub preview_openings: u64,
    /// Text to put on the clipboard with OSC 52 at the next frame (Meta's preview link).
    pub clipboard: Option<String>,
    /// The terminal's size (previews are made for the size they are drawn at).
    pub screen: ratatui::layout::Rect,
    /// Encoded previews by what they show and their size.
    pub previews: HashMap<super::preview::PreviewKey, super::preview::Shown>,
    pub pending_previews: HashSet<super::preview::PreviewKey>,
    /// Previews that could not be encoded, with why.
    pub preview_errors: HashMap<super::preview::PreviewKey, String>,
    /// The last picture encoded for each place (image, shape, size), shown while a newer
    /// crop's picture is drawn.
    pub latest_in_panel: HashMap<super::preview::PanelId, super::preview::PreviewKey>,
    pub quit: bool,
    /// The status pane: after a launch, or on its own for `dcw watch`.
    pub status: Option<super::status::StatusPane>,
    /// The pane is on screen (else the wizard).
    pub show_status: bool,
}

impl Deref for App {
    type Target = Model;
    fn deref(&self) -> &Model {
        &self.model
    }
}

impl DerefMut for App {
    fn deref_mut(&mut self) -> &mut Model {
        &mut self.model
    }
}

impl App {
    pub fn new(draft: Value, draft_id: String, ctx: Ctx, keymap: KeyMap) -> App {
        App {
            model: Model::new(draft, draft_id, ctx, super::steps::rules),
            keymap,
            overlay: None,
            crop: None,
            ad_preview: None,
            preview_of: None,
            reading_creative: None,
            preview_openings: 0,
            clipboard: None,
            screen: ratatui::layout::Rect::new(0, 0, 120, 40),
            previews: HashMap::new(),
            pending_previews: HashSet::new(),
            preview_errors: HashMap::new(),
            latest_in_panel: HashMap::new(),
            quit: false,
            status: None,
            show_status: false,
        }
    }

    /// The effects to run at start: background loads and image reads. No network call is
    /// made before the first frame; the runner draws first.
    pub fn start(&mut self) -> Vec<Effect> {
        if self.show_status
            && let Some(p) = &mut self.status
        {
            return p.start();
        }
        let mut fx = vec![Effect::LoadAccounts, Effect::LoadPages];
        fx.extend(self.load_presets());
        if self.step == crate::spec::Step::Review && self.overlay.is_none() {
            // A draft reopened on Review: its dry run, as when the buyer arrives there.
            fx.extend(self.enter_review());
        }
        fx.extend(self.image_reads());
        if let Some(d) = self.account_digits() {
            self.ctx.pixels_for = d.clone();
            fx.push(Effect::LoadPixels(d));
        }
        fx
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let mut fx = self.handle(msg);
        fx.extend(self.request_previews());
        if !self.show_status {
            fx.extend(self.minimum_reads());
            fx.extend(self.targeting_loads());
            // What each ad set would ask: worked out once a message, for the wish and the lines.
            let asks = self.model.estimate_asks();
            fx.extend(self.estimate_wish(&asks));
            self.model.refresh_estimate_lines(asks);
        }
        fx
    }

    fn handle(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            // What a key or a paste changes in the draft is one undo step.
            Msg::Key(k) => {
                let before = self.search_query();
                self.model.begin_input();
                let mut fx = self.on_key(k);
                self.model.end_input();
                fx.extend(self.after_input(before));
                fx
            }
            Msg::Paste(text) => {
                let before = self.search_query();
                self.model.begin_input();
                let mut fx = self.on_paste(&text);
                self.model.end_input();
                fx.extend(self.after_input(before));
                fx
            }
            Msg::Resize(w, h) => {
                self.screen = ratatui::layout::Rect::new(0, 0, w, h);
                Vec::new()
            }
            Msg::Decoded(..) | Msg::Previewed(..) => {
                self.on_picture(msg);
                Vec::new()
            }
            Msg::Accounts(_)
            | Msg::Pages(_)
            | Msg::Pixels(..)
            | Msg::ImageRead(..)
            | Msg::VideoRead(..) => self.on_loaded(msg),
            Msg::Minimums(account, r) => {
                self.on_minimums(account, r);
                Vec::new()
            }
            Msg::SaveDue | Msg::Saved(_) | Msg::Exported(_) => self.on_saved(msg),
            Msg::Preflight(generation, result) => {
                self.on_preflight(generation, result);
                Vec::new()
            }
            Msg::Launch(e) => {
                let at = self.ctx.clock.now();
                self.review.on_event(e, at);
                Vec::new()
            }
            Msg::LaunchDone(r) => {
                let ok = r.as_ref().as_ref().ok().cloned();
                let mut fx = self.on_launch_done(*r);
                if let Some(j) = ok {
                    fx.extend(self.watch_launch(&j));
                }
                fx
            }
            Msg::PaceDue => self.on_pace_due(),
            Msg::Searched(ask, r) => {
                self.on_searched(ask, r);
                Vec::new()
            }
            Msg::Categories(account, r) => {
                self.model.searches.categories.insert(account, load(r));
                Vec::new()
            }
            Msg::Audiences(account, r) => {
                self.model.searches.audiences.insert(account, load(r));
                self.highlight_current();
                Vec::new()
            }
            Msg::Estimated {
                base,
                seq,
                ask,
                result,
            } => {
                self.on_estimated(&base, seq, *ask, result);
                Vec::new()
            }
            Msg::Presets(_) | Msg::PresetSaved(..) => self.on_presets(msg),
            Msg::PollDue(_)
            | Msg::Polled { .. }
            | Msg::Results { .. }
            | Msg::Fixed { .. }
            | Msg::ControlPlanned(_)
            | Msg::ControlDone(_) => self.for_status(msg),
            Msg::NextRound { result } => self.open_next_round(*result),
            Msg::CreativeRead { ad_id, result } => self.on_creative_read(&ad_id, *result),
            Msg::MetaPreviewed { id, result } => {
                self.on_meta_previewed(id, *result);
                Vec::new()
            }
        }
    }

    /// What Graph and the files answered: accounts, Pages, pixels, an image's facts.
    fn on_loaded(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Accounts(r) => {
                self.ctx.accounts = load(r);
                let mut fx = Vec::new();
                // A single account is the only choice: take it.
                if let (Load::Ready(list), None) = (&self.ctx.accounts, self.account_digits())
                    && list.len() == 1
                    && self.overlay.is_none()
                {
                    let id = list[0].id.clone();
                    fx.extend(self.set_value("account_id", json!(id)));
                }
                self.revalidate();
                // The list was focused while it loaded: its highlight goes to the spec's account.
                self.highlight_current();
                fx
            }
            Msg::Pages(r) => {
                self.ctx.pages = load(r);
                self.highlight_current();
                Vec::new()
            }
            Msg::Pixels(account, r) => {
                if account == self.ctx.pixels_for {
                    self.ctx.pixels = load(r);
                    self.highlight_current();
                }
                Vec::new()
            }
            Msg::ImageRead(file, facts) => {
                if self.ctx.images.get(&file).is_some_and(|old| *old != facts) {
                    // The file changed: its pictures are of another image.
                    self.model.ctx.decoded.remove(&file);
                    self.previews.retain(|k, _| k.file != file);
                    self.preview_errors.retain(|k, _| k.file != file);
                }
                self.ctx.images.insert(file, facts);
                self.revalidate();
                self.model.settle();
                Vec::new()
            }
            Msg::VideoRead(file, facts) => {
                if self.ctx.videos.get(&file) != Some(&facts) {
                    self.ctx.videos.insert(file, facts);
                    self.revalidate();
                    self.model.settle();
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// The draft's save is due, or a save or an export ended.
    fn on_saved(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::SaveDue => {
                self.save_pending = false;
                if self.review.launched() || !self.worth_saving() {
                    // Launched drafts are kept as launched; edits after that are not a draft.
                    return Vec::new();
                }
                vec![self.save_effect()]
            }
            Msg::Saved(Err(e)) | Msg::Exported(Err(e)) => {
                self.notice = Some(format!("✗ {e}"));
                Vec::new()
            }
            Msg::Exported(Ok(p)) => {
                self.notice = Some(format!("✓ Exported to {}", p.display()));
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// The status pane's messages go to it (when there is one).
    fn for_status(&mut self, msg: Msg) -> Vec<Effect> {
        let Some(p) = &mut self.status else {
            return Vec::new();
        };
        match msg {
            Msg::PollDue(generation) => p.poll_due(generation),
            Msg::Polled {
                plan,
                result,
                max_points,
            } => p.polled(&plan, &result, max_points),
            Msg::Results {
                ad_id,
                query,
                result,
            } => {
                p.results_loaded(&ad_id, query, *result);
                Vec::new()
            }
            Msg::Fixed { ad_id, result } => p.fixed(&ad_id, *result),
            Msg::ControlPlanned(r) => p.control_planned(*r),
            Msg::ControlDone(r) => p.control_done(*r),
            _ => Vec::new(),
        }
    }

    /// After a launch: the status pane, watching its ads.
    fn watch_launch(&mut self, j: &crate::launch::LaunchJournal) -> Vec<Effect> {
        let mut w = crate::watch::Watch::new();
        w.model
            .learn_files(crate::watch::AssetFiles::from_journal(j));
        let now = self.ctx.clock.now();
        let utc = self.ctx.clock.utc_now();
        for s in &j.steps {
            if s.key.is_ad()
                && let crate::launch::StepState::Created { id } = &s.state
            {
                w.add(
                    &crate::watch::Target {
                        ad_id: id.clone(),
                        account: j.account.clone(),
                        launch_id: Some(j.id.clone()),
                        launched_at: Some(j.created_at.clone()),
                    },
                    now,
                    utc,
                );
            }
        }
        let mut pane =
            super::status::StatusPane::new(w, self.ctx.gate.clone(), self.ctx.clock.clone())
                .with_keys(self.keymap.clone());
        pane.sandbox = self.ctx.destination.is_sandbox();
        pane.launch_notes.insert(j.id.clone(), j.warnings.clone());
        pane.notice = Some(format!(
            "✓ Launched {} (PAUSED). Watching review; {} shows the launch summary.",
            j.id,
            self.keymap.first(Action::Summary, Pane::Table)
        ));
        let fx = pane.start();
        self.status = Some(pane);
        self.show_status = true;
        fx
    }

    pub fn quit(&mut self) -> Vec<Effect> {
        self.quit = true;
        if self.review.launched() || !self.worth_saving() {
            return vec![Effect::Quit];
        }
        vec![self.save_effect(), Effect::Quit]
    }
}
