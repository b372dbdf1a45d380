//! The wizard's state and its one `update`: a message in, the state changed, effects out.
//! Nothing here waits on the network or draws.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::{Value, json};

use super::form::{self, Field, FieldKind};
use super::keymap::{Action, Context, KeyMap};
use super::load::{Load, load};
use super::msg::{Effect, Msg};
use super::steps::review::ReviewState;
use super::text::TextInput;
use crate::graph::calls::{AdAccount, Page, Pixel};
use crate::spec::{self, Currency, Facts, Finding, ImageFacts, LaunchSpec, Severity, Step};

/// What the wizard knows besides the draft: where it sends, what it loaded.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// No token: the in-process sandbox; nothing reaches Meta.
    pub sandbox: bool,
    pub api_version: String,
    pub accounts: Load<Vec<AdAccount>>,
    pub pages: Load<Vec<Page>>,
    /// Pixels of `pixels_for` (account digits).
    pub pixels: Load<Vec<Pixel>>,
    pub pixels_for: String,
    pub images: HashMap<String, ImageFacts>,
    /// Images decoded for previews, by `file`.
    pub decoded: HashMap<String, Load<super::preview::SharedImage>>,
    pub log_path: PathBuf,
    pub config_path: PathBuf,
    pub drafts_dir: PathBuf,
    /// Where relative image paths typed in the wizard resolve.
    pub cwd: PathBuf,
    /// Created objects' names end in ` · dcw-<tag>` (the config's `launch_tag`).
    pub tag_names: bool,
    /// Pictures are drawn (not under `NO_COLOR`): only then are images decoded for them.
    pub pictures: bool,
    /// The client's rate-limit gate and clock, for the status pane's schedule.
    pub gate: std::sync::Arc<crate::graph::gate::Gate>,
    pub clock: crate::graph::Clock,
}

impl Ctx {
    pub fn new(sandbox: bool, api_version: &str) -> Ctx {
        Ctx {
            sandbox,
            api_version: api_version.to_string(),
            accounts: Load::Loading,
            pages: Load::Loading,
            pixels: Load::Loading,
            pixels_for: String::new(),
            images: HashMap::new(),
            decoded: HashMap::new(),
            log_path: PathBuf::new(),
            config_path: PathBuf::new(),
            drafts_dir: PathBuf::new(),
            cwd: PathBuf::from("."),
            tag_names: true,
            pictures: true,
            gate: Default::default(),
            clock: Default::default(),
        }
    }
}

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
    },
    /// Export the draft: a path being typed.
    Export(TextInput),
}

/// The highlighted row and the filter of the focused list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListState {
    pub cursor: usize,
    /// `Some` while filtering (typed after `/`).
    pub filter: Option<String>,
}

/// The wizard.
#[derive(Debug, Clone)]
pub struct App {
    /// The launch being built, as spec JSON (what is saved as the draft).
    pub draft: Value,
    pub draft_id: String,
    pub step: Step,
    /// The focused field's id and its index when last seen.
    pub focus: String,
    pub focus_index: usize,
    /// The editor of the focused typed field.
    pub edit: Option<(String, TextInput)>,
    pub list: ListState,
    /// Text typed that could not be stored (`50.x` in a budget), with why.
    pub raw: HashMap<String, (String, String)>,
    pub findings: Vec<Finding>,
    /// Findings from Meta (dry runs, refusals), by spec path.
    pub meta: Vec<Finding>,
    /// Fields whose findings are shown (left forward at least once).
    pub shown: HashSet<String>,
    /// Steps whose findings are all shown (Next was tried, or the spec was opened).
    pub shown_steps: HashSet<Step>,
    pub visited: HashSet<Step>,
    pub ctx: Ctx,
    pub keymap: KeyMap,
    pub overlay: Option<Overlay>,
    /// The status line.
    pub notice: Option<String>,
    pub review: ReviewState,
    pub save_pending: bool,
    /// The item the first Ctrl+D named; a second Ctrl+D removes it.
    pub pending_remove: Option<String>,
    /// The crop editor, when open.
    pub crop: Option<super::steps::crop::CropEditor>,
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
    pub now: DateTime<Utc>,
    pub quit: bool,
    /// The status pane: after a launch, or on its own for `dcw watch`.
    pub status: Option<super::status::StatusPane>,
    /// The pane is on screen (else the wizard).
    pub show_status: bool,
}

impl App {
    pub fn new(draft: Value, draft_id: String, ctx: Ctx, keymap: KeyMap) -> App {
        let mut app = App {
            draft,
            draft_id,
            step: Step::Account,
            focus: String::new(),
            focus_index: 0,
            edit: None,
            list: ListState::default(),
            raw: HashMap::new(),
            findings: Vec::new(),
            meta: Vec::new(),
            shown: HashSet::new(),
            shown_steps: HashSet::new(),
            visited: HashSet::from([Step::Account]),
            ctx,
            keymap,
            overlay: None,
            notice: None,
            review: ReviewState::default(),
            save_pending: false,
            pending_remove: None,
            crop: None,
            screen: ratatui::layout::Rect::new(0, 0, 120, 40),
            previews: HashMap::new(),
            pending_previews: HashSet::new(),
            preview_errors: HashMap::new(),
            latest_in_panel: HashMap::new(),
            now: Utc::now(),
            quit: false,
            status: None,
            show_status: false,
        };
        app.revalidate();
        app.focus_at(0);
        app
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
        fx.extend(self.image_reads());
        if let Some(d) = self.account_digits() {
            self.ctx.pixels_for = d.clone();
            fx.push(Effect::LoadPixels(d));
        }
        fx
    }

    /// Open a spec at its first step with errors, every finding shown.
    pub fn open_with_errors(&mut self) {
        self.shown_steps.extend(Step::ALL);
        self.visited.extend(Step::ALL);
        let first = Step::ALL
            .into_iter()
            .find(|s| self.step_has_errors(*s))
            .unwrap_or(Step::Account);
        self.goto(first);
    }

    // ----- reading the draft -----

    pub fn spec(&self) -> Option<LaunchSpec> {
        serde_json::from_value(self.draft.clone()).ok()
    }

    pub fn account_digits(&self) -> Option<String> {
        form::get_str(&self.draft, "account_id")
            .and_then(|a| a.strip_prefix("act_"))
            .filter(|d| !d.is_empty())
            .map(str::to_string)
    }

    pub fn account(&self) -> Option<&AdAccount> {
        let id = form::get_str(&self.draft, "account_id")?;
        match &self.ctx.accounts {
            Load::Ready(list) => list.iter().find(|a| a.id == id),
            _ => None,
        }
    }

    /// The account's currency, else the spec's `currency`.
    pub fn currency(&self) -> Option<Currency> {
        self.account()
            .and_then(|a| Currency::new(&a.currency))
            .or_else(|| form::get_str(&self.draft, "currency").and_then(Currency::new))
    }

    pub fn objective(&self) -> Option<spec::Objective> {
        form::get_str(&self.draft, "campaign.objective").and_then(spec::GraphEnum::from_wire)
    }

    pub fn fields(&self) -> Vec<Field> {
        super::steps::fields(self, self.step)
    }

    pub fn focused_field(&self) -> Option<Field> {
        let fields = self.fields();
        let i = self.focus_position(&fields)?;
        fields.into_iter().nth(i)
    }

    fn focus_position(&self, fields: &[Field]) -> Option<usize> {
        fields
            .iter()
            .position(|f| f.id == self.focus && f.focusable())
            .or_else(|| {
                let n = fields.len();
                (0..n)
                    .map(|k| (self.focus_index + n - k.min(self.focus_index)) % n.max(1))
                    .chain(0..n)
                    .find(|&i| fields.get(i).is_some_and(Field::focusable))
            })
    }

    pub fn context(&self) -> Context {
        match self.focused_field().map(|f| f.kind) {
            Some(k) if k.is_typed() => Context::Text,
            Some(k) if k.is_list() => Context::List,
            _ => Context::Other,
        }
    }

    // ----- findings -----

    pub fn facts(&self) -> Facts {
        let mut f = Facts::at(self.now);
        f.currency = self.currency();
        f.images = self.ctx.images.clone();
        f
    }

    pub fn revalidate(&mut self) {
        self.findings = match serde_json::from_value::<LaunchSpec>(self.draft.clone()) {
            Ok(s) => spec::validate(&s, &self.facts()),
            Err(e) => vec![Finding {
                path: String::new(),
                severity: Severity::Error,
                code: "draft.unreadable",
                message: format!("the draft is not a spec: {e}"),
                hint: None,
            }],
        };
    }

    /// Every finding, the validator's and Meta's, plus typed text that could not be stored.
    pub fn all_findings(&self) -> Vec<Finding> {
        let mut all = self.findings.clone();
        all.extend(self.meta.iter().cloned());
        for (id, (_, why)) in &self.raw {
            all.push(Finding {
                path: id.clone(),
                severity: Severity::Error,
                code: "input.unreadable",
                message: why.clone(),
                hint: None,
            });
        }
        all
    }

    /// The findings shown under a field right now.
    pub fn field_findings(&self, field: &Field) -> Vec<Finding> {
        let visible = self.shown_steps.contains(&self.step) || self.shown.contains(&field.id);
        self.all_findings()
            .into_iter()
            .filter(|f| field.owns(&f.path))
            .filter(|f| visible || f.code == "input.unreadable" || f.code.starts_with("meta."))
            .collect()
    }

    /// Findings of the current step that no field owns (shown at the top of the step).
    pub fn loose_findings(&self) -> Vec<Finding> {
        if !self.shown_steps.contains(&self.step) {
            return Vec::new();
        }
        let fields = self.fields();
        self.all_findings()
            .into_iter()
            .filter(|f| Step::of_path(&f.path) == self.step)
            .filter(|f| !fields.iter().any(|fl| fl.owns(&f.path)))
            .collect()
    }

    pub fn step_has_errors(&self, step: Step) -> bool {
        self.all_findings()
            .iter()
            .any(|f| f.is_error() && Step::of_path(&f.path) == step)
    }

    // ----- update -----

    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let mut fx = self.handle(msg);
        fx.extend(self.request_previews());
        fx
    }

    fn handle(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(k) => self.on_key(k),
            Msg::Paste(text) => self.on_paste(&text),
            Msg::Resize(w, h) => {
                self.screen = ratatui::layout::Rect::new(0, 0, w, h);
                Vec::new()
            }
            Msg::Decoded(file, r) => {
                self.ctx.decoded.insert(file, load(r));
                Vec::new()
            }
            Msg::Previewed(key, r) => {
                self.pending_previews.remove(&key);
                match r {
                    Ok(shown) => {
                        self.latest_in_panel.insert(key.panel(), key.clone());
                        self.previews.insert(key, shown);
                    }
                    Err(e) => {
                        self.preview_errors.insert(key, e);
                    }
                }
                Vec::new()
            }
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
                fx
            }
            Msg::Pages(r) => {
                self.ctx.pages = load(r);
                Vec::new()
            }
            Msg::Pixels(account, r) => {
                if account == self.ctx.pixels_for {
                    self.ctx.pixels = load(r);
                }
                Vec::new()
            }
            Msg::ImageRead(file, facts) => {
                if self.ctx.images.get(&file).is_some_and(|old| *old != facts) {
                    // The file changed: its pictures are of another image.
                    self.ctx.decoded.remove(&file);
                    self.previews.retain(|k, _| k.file != file);
                    self.preview_errors.retain(|k, _| k.file != file);
                }
                self.ctx.images.insert(file, facts);
                self.revalidate();
                Vec::new()
            }
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
            Msg::Saved(Ok(_)) => Vec::new(),
            Msg::Exported(Ok(p)) => {
                self.notice = Some(format!("✓ Exported to {}", p.display()));
                Vec::new()
            }
            Msg::Preflight(generation, result) => {
                self.on_preflight(generation, result);
                Vec::new()
            }
            Msg::Launch(e) => {
                self.review.on_event(e);
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
            Msg::PollDue(generation) => match &mut self.status {
                Some(p) => p.poll_due(generation),
                None => Vec::new(),
            },
            Msg::Polled {
                plan,
                result,
                max_points,
            } => match &mut self.status {
                Some(p) => p.polled(&plan, &result, max_points),
                None => Vec::new(),
            },
            Msg::Results {
                ad_id,
                breakdown,
                result,
                feed,
            } => {
                if let Some(p) = &mut self.status {
                    p.results_loaded(&ad_id, breakdown, result, feed);
                }
                Vec::new()
            }
            Msg::Fixed { ad_id, result } => match &mut self.status {
                Some(p) => p.fixed(&ad_id, *result),
                None => Vec::new(),
            },
        }
    }

    /// A draft is kept once it differs from a new one (quitting at the resume prompt must not
    /// leave an empty draft that hides the real one).
    pub fn worth_saving(&self) -> bool {
        self.draft != empty_draft()
    }

    pub fn save_effect(&self) -> Effect {
        Effect::SaveDraft {
            id: self.draft_id.clone(),
            text: spec_text(&self.draft),
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if !key.is_press() {
            return Vec::new();
        }
        let force = self.keymap.action(&key, Context::Text) == Some(Action::ForceQuit);
        if force {
            return self.quit();
        }
        if self.show_status
            && let Some(p) = &mut self.status
        {
            let mut quit = false;
            if self.review.launched() && p.wants_summary(&key) {
                // Back to the launch summary.
                self.show_status = false;
                return Vec::new();
            }
            let fx = p.on_key(key, &mut quit);
            return if quit { self.quit() } else { fx };
        }
        if self.status.is_some()
            && self.review.launched()
            && self.overlay.is_none()
            && key.code == KeyCode::Char('w')
        {
            self.show_status = true;
            return Vec::new();
        }
        if let Some(ov) = self.overlay.clone() {
            return self.on_overlay_key(ov, key);
        }
        if self.crop.is_some() {
            return self.on_crop_key(key);
        }
        if self.review.submitting() {
            // While a launch runs only quitting is possible (the journal makes it safe).
            return Vec::new();
        }
        if self.list.filter.is_some() && self.context() == Context::List {
            return self.on_filter_key(key);
        }
        let ctx = self.context();
        let action = self.keymap.action(&key, ctx);
        if action != Some(Action::Remove) {
            self.pending_remove = None;
        }
        match action {
            Some(a) => self.on_action(a, key),
            None if ctx == Context::Text => self.on_edit_key(key),
            // Typing in a list filters it (as if after `/`).
            None if ctx == Context::List => match key.code {
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    self.list.filter = Some(c.to_string());
                    self.list.cursor = 0;
                    Vec::new()
                }
                _ => Vec::new(),
            },
            None => Vec::new(),
        }
    }

    fn on_action(&mut self, action: Action, key: KeyEvent) -> Vec<Effect> {
        self.notice = None;
        match action {
            Action::ForceQuit | Action::Quit => self.quit(),
            Action::Help => {
                self.overlay = Some(Overlay::Help);
                Vec::new()
            }
            Action::NextField => match super::edit::try_complete(self) {
                Some(fx) => fx,
                None => self.next_field(true),
            },
            Action::PrevField => {
                self.prev_field();
                Vec::new()
            }
            Action::Back => {
                self.prev_step();
                Vec::new()
            }
            Action::NextStep => self.next_step(),
            Action::PrevStep => {
                self.prev_step();
                Vec::new()
            }
            Action::Review => self.jump_to_review(),
            Action::Export => {
                let default = self.ctx.cwd.join(format!("{}.json", self.draft_id));
                self.overlay = Some(Overlay::Export(TextInput::new(
                    &default.display().to_string(),
                    false,
                )));
                Vec::new()
            }
            Action::Remove => self.remove_item(),
            Action::Up | Action::Down => {
                let dir = if action == Action::Up { -1 } else { 1 };
                self.on_vertical(dir)
            }
            Action::Toggle => self.list_toggle(),
            Action::Filter => {
                self.list.filter = Some(String::new());
                self.list.cursor = 0;
                Vec::new()
            }
            Action::Choose => self.on_enter(key),
            // The status pane's actions never reach the wizard (they apply to no context here).
            _ => Vec::new(),
        }
    }

    /// After a launch: the status pane, watching its ads.
    fn watch_launch(&mut self, j: &crate::launch::LaunchJournal) -> Vec<Effect> {
        let mut w = crate::watch::Watch::new();
        let now = self.ctx.clock.now();
        let utc = self.ctx.clock.utc_now();
        for s in &j.steps {
            if s.key.starts_with("ad:")
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
        pane.notice = Some(format!(
            "✓ Launched {} (PAUSED). Watching review; l shows the launch summary.",
            j.id
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

    // ----- previews -----

    /// The previews on screen now, with where they go.
    pub fn wanted_previews(
        &self,
        screen: ratatui::layout::Rect,
    ) -> Vec<(super::preview::PreviewKey, ratatui::layout::Rect)> {
        if !self.ctx.pictures {
            return Vec::new();
        }
        if let Some(ed) = &self.crop {
            return ed.previews(screen);
        }
        if self.step != Step::Assets || self.overlay.is_some() {
            return Vec::new();
        }
        let Some(image) = super::edit::item_path(&self.focus)
            .filter(|p| p.starts_with("creative.asset_feed_spec.images["))
        else {
            return Vec::new();
        };
        let Some(file) =
            form::get_str(&self.draft, &format!("{image}.file")).filter(|f| !f.is_empty())
        else {
            return Vec::new();
        };
        let (_, panel) = super::layout::assets_split(super::layout::body(screen));
        let Some(panel) = panel else {
            return Vec::new();
        };
        let crop = form::get(&self.draft, &format!("{image}.image_crops"))
            .and_then(|v| v.as_object())
            .and_then(|m| m.values().next())
            .and_then(|b| serde_json::from_value::<crate::spec::CropBox>(b.clone()).ok());
        vec![(
            super::preview::PreviewKey {
                file: file.to_string(),
                crop,
                shape: None,
                cells: (panel.width, panel.height),
            },
            panel,
        )]
    }

    /// Asks for what the screen shows and is not decoded or encoded yet.
    pub fn request_previews(&mut self) -> Vec<Effect> {
        let wanted: Vec<_> = self
            .wanted_previews(self.screen)
            .into_iter()
            .map(|(k, _)| k)
            .filter(|k| k.cells.0 > 0 && k.cells.1 > 0)
            .collect();
        let mut fx = Vec::new();
        for key in &wanted {
            if self.previews.contains_key(key)
                || self.preview_errors.contains_key(key)
                // One encode at a time per panel: a held arrow key asks for the latest only.
                || self.pending_previews.iter().any(|p| same_panel(p, key))
            {
                continue;
            }
            match self.ctx.decoded.get(&key.file) {
                None => {
                    self.ctx.decoded.insert(key.file.clone(), Load::Loading);
                    fx.push(Effect::Decode(key.file.clone()));
                }
                Some(Load::Ready(image)) => {
                    self.pending_previews.insert(key.clone());
                    fx.push(Effect::EncodePreview {
                        key: key.clone(),
                        image: image.clone(),
                    });
                }
                _ => {}
            }
        }
        // Keep the cache small: what is on screen, and a few more.
        if self.previews.len() > 32 {
            let latest: Vec<_> = self.latest_in_panel.values().cloned().collect();
            self.previews
                .retain(|k, _| wanted.contains(k) || latest.contains(k));
        }
        fx
    }

    // ----- focus and steps -----

    pub fn focus_at(&mut self, index: usize) {
        let fields = self.fields();
        let index = (0..fields.len())
            .map(|k| (index + k) % fields.len().max(1))
            .find(|&i| fields[i].focusable());
        self.set_focus(&fields, index.unwrap_or(0));
    }

    fn set_focus(&mut self, fields: &[Field], index: usize) {
        self.edit = None;
        self.list = ListState::default();
        let Some(f) = fields.get(index) else {
            self.focus.clear();
            self.focus_index = 0;
            return;
        };
        self.focus = f.id.clone();
        self.focus_index = index;
        if f.kind.is_typed() {
            let text = match self.raw.get(&f.id) {
                Some((t, _)) => t.clone(),
                None => super::edit::display_text(self, f),
            };
            let multiline = matches!(
                f.kind,
                FieldKind::Text {
                    multiline: true,
                    ..
                }
            );
            self.edit = Some((f.id.clone(), TextInput::new(&text, multiline)));
        }
        if let FieldKind::Choice { options } = &f.kind {
            let current = super::steps::current_value(self, &f.id);
            self.list.cursor = options
                .iter()
                .position(|o| Some(&o.value) == current.as_ref())
                .unwrap_or(0);
        }
    }

    /// Leaves the focused field forward: its findings show from now on.
    fn leave_forward(&mut self) -> Vec<Effect> {
        let fx = super::edit::on_leave(self);
        self.shown.insert(self.focus.clone());
        fx
    }

    pub fn next_field(&mut self, forward_check: bool) -> Vec<Effect> {
        let mut fx = if forward_check {
            self.leave_forward()
        } else {
            Vec::new()
        };
        let fields = self.fields();
        let cur = self.focus_position(&fields).unwrap_or(0);
        match (cur + 1..fields.len()).find(|&i| fields[i].focusable()) {
            Some(i) => self.set_focus(&fields, i),
            None => fx.extend(self.next_step()),
        }
        fx
    }

    pub fn prev_field(&mut self) {
        let fields = self.fields();
        let cur = self.focus_position(&fields).unwrap_or(0);
        match (0..cur).rev().find(|&i| fields[i].focusable()) {
            Some(i) => self.set_focus(&fields, i),
            None => {
                if self.step != Step::Account {
                    self.prev_step();
                    let fields = self.fields();
                    if let Some(last) = (0..fields.len()).rev().find(|&i| fields[i].focusable()) {
                        self.set_focus(&fields, last);
                    }
                }
            }
        }
    }

    pub fn goto(&mut self, step: Step) {
        self.step = step;
        self.visited.insert(step);
        self.focus.clear();
        self.focus_at(0);
    }

    /// Next, checked: refused while this step has errors, and then they all show.
    pub fn next_step(&mut self) -> Vec<Effect> {
        let mut fx = super::edit::on_leave(self);
        if self.step_has_errors(self.step) {
            self.shown_steps.insert(self.step);
            let fields = self.fields();
            let errors = self
                .all_findings()
                .into_iter()
                .filter(|f| f.is_error() && Step::of_path(&f.path) == self.step)
                .count();
            self.notice = Some(format!(
                "✗ {errors} {} to fix before {}",
                if errors == 1 { "thing" } else { "things" },
                next(self.step).map_or("submitting", Step::title)
            ));
            if let Some(i) = fields.iter().position(|f| {
                f.focusable()
                    && self
                        .all_findings()
                        .iter()
                        .any(|x| x.is_error() && f.owns(&x.path))
            }) {
                self.set_focus(&fields, i);
            }
            return fx;
        }
        if let Some(n) = next(self.step) {
            self.goto(n);
            if n == Step::Review {
                fx.extend(self.enter_review());
            }
        }
        fx
    }

    /// Back: never checks, never loses input.
    pub fn prev_step(&mut self) {
        if let Some(p) = prev(self.step) {
            self.goto(p);
        }
    }

    fn jump_to_review(&mut self) -> Vec<Effect> {
        let mut fx = super::edit::on_leave(self);
        if self.step != Step::Review {
            self.goto(Step::Review);
            fx.extend(self.enter_review());
        }
        fx
    }

    // ----- changing the draft -----

    /// Stores a value and does what a change does: revalidate, clear Meta's word on that
    /// field, schedule the draft save.
    /// A launched draft no longer changes: say so, change nothing.
    fn refuse_launched(&mut self) -> Vec<Effect> {
        self.notice = Some(
            "✗ This draft is launched; it no longer changes. `dcw new` or `dcw open` starts another."
                .into(),
        );
        Vec::new()
    }

    pub fn set_value(&mut self, path: &str, value: Value) -> Vec<Effect> {
        if self.review.launched() {
            return self.refuse_launched();
        }
        let old_currency = (path == "account_id").then(|| self.currency()).flatten();
        if value.is_null() {
            form::remove(&mut self.draft, path);
        } else if !form::set(&mut self.draft, path, value) {
            self.notice = Some(format!(
                "✗ cannot store {path}: the draft has another shape there"
            ));
            return Vec::new();
        }
        let fx = self.changed(path);
        if let (Some(old), Some(new)) = (old_currency, self.currency())
            && old != new
            && self.has_money()
        {
            self.notice = Some(format!(
                "! The account bills in {new}, not {old}: check the budget and bid amounts."
            ));
        }
        fx
    }

    /// Whether any budget or bid is set (it means another amount in another currency).
    fn has_money(&self) -> bool {
        let mut bases = vec!["campaign".to_string(), "ad_set".to_string()];
        bases.extend((0..form::len(&self.draft, "audiences")).map(|i| format!("audiences[{i}]")));
        bases.iter().any(|b| {
            ["daily_budget", "lifetime_budget", "bid_amount"]
                .iter()
                .any(|k| form::get(&self.draft, &format!("{b}.{k}")).is_some())
        })
    }

    pub fn changed(&mut self, path: &str) -> Vec<Effect> {
        self.meta
            .retain(|m| !(m.path.starts_with(path) || path.starts_with(&m.path)));
        // Meta's word on a field no step shows goes with any change on that step.
        let step = Step::of_path(path);
        if step == self.step {
            let fields = self.fields();
            self.meta.retain(|m| {
                Step::of_path(&m.path) != step || fields.iter().any(|f| f.owns(&m.path))
            });
        }
        if !path.starts_with("ad.") {
            // The ad's own fields are not in the dry run.
            self.review.invalidate();
        }
        self.revalidate();
        let mut fx = Vec::new();
        if path == "account_id"
            && let Some(d) = self.account_digits()
            && d != self.ctx.pixels_for
        {
            self.ctx.pixels_for = d.clone();
            self.ctx.pixels = Load::Loading;
            fx.push(Effect::LoadPixels(d));
        }
        if !self.save_pending {
            self.save_pending = true;
            fx.push(Effect::ScheduleSave);
        }
        fx
    }

    /// Effects reading the headers of image files not read yet.
    pub fn image_reads(&self) -> Vec<Effect> {
        let n = form::len(&self.draft, "creative.asset_feed_spec.images");
        (0..n)
            .filter_map(|i| {
                form::get_str(
                    &self.draft,
                    &format!("creative.asset_feed_spec.images[{i}].file"),
                )
            })
            .filter(|f| !f.is_empty() && !self.ctx.images.contains_key(*f))
            .map(|f| Effect::ReadImage(f.to_string()))
            .collect()
    }

    fn on_paste(&mut self, text: &str) -> Vec<Effect> {
        if let Some(Overlay::Export(input)) = &mut self.overlay {
            input.insert_str(text);
            return Vec::new();
        }
        if let Some(ed) = &mut self.crop {
            ed.paste(text);
            return Vec::new();
        }
        if self.overlay.is_some() || self.review.submitting() {
            return Vec::new();
        }
        if let Some(filter) = &mut self.list.filter {
            filter.push_str(&super::text::single_line(text));
            self.list.cursor = 0;
            return Vec::new();
        }
        if self.review.launched() {
            return self.refuse_launched();
        }
        match &mut self.edit {
            Some((_, input)) => {
                input.insert_str(text);
                super::edit::commit(self)
            }
            None => Vec::new(),
        }
    }

    fn on_edit_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if self.review.launched() {
            return self.refuse_launched();
        }
        let Some((_, input)) = &mut self.edit else {
            return Vec::new();
        };
        if key.code == KeyCode::Backspace && input.text().is_empty() {
            return super::edit::backspace_on_empty(self);
        }
        if !input.apply_key(key) {
            return Vec::new();
        }
        super::edit::commit(self)
    }

    fn on_vertical(&mut self, dir: i32) -> Vec<Effect> {
        if self.step == Step::Review && self.context() == Context::Other {
            // As far as the payloads go (the view keeps the last screen full).
            let max = self.spec().map_or(0, |s| {
                super::steps::review::payloads(&s)
                    .iter()
                    .map(|(_, b)| b.lines().count() + 1)
                    .sum::<usize>()
                    + self.all_findings().len()
                    + 12
            });
            self.review.scroll(dir, max);
            return Vec::new();
        }
        match self.context() {
            Context::Text => {
                let moved = self.edit.as_mut().is_some_and(|(_, i)| i.vertical(dir));
                if moved {
                    Vec::new()
                } else if dir < 0 {
                    self.prev_field();
                    Vec::new()
                } else {
                    self.next_field(true)
                }
            }
            Context::List => {
                let n = super::edit::visible_options(self).len();
                if n > 0 {
                    let c = self.list.cursor as i64 + i64::from(dir);
                    self.list.cursor = c.clamp(0, n as i64 - 1) as usize;
                }
                Vec::new()
            }
            Context::Other => {
                if dir < 0 {
                    self.prev_field();
                    Vec::new()
                } else {
                    self.next_field(true)
                }
            }
        }
    }

    fn list_toggle(&mut self) -> Vec<Effect> {
        match self.focused_field().map(|f| f.kind) {
            Some(FieldKind::Toggle { .. }) => super::edit::flip(self),
            _ => super::edit::choose(self, false),
        }
    }

    fn on_enter(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(field) = self.focused_field() else {
            return self.next_step();
        };
        match &field.kind {
            FieldKind::Text {
                multiline: true, ..
            } => {
                if let Some((_, i)) = &mut self.edit {
                    i.insert_char('\n');
                }
                super::edit::commit(self)
            }
            FieldKind::Countries => super::edit::countries_enter(self),
            FieldKind::Choice { .. } => {
                let mut fx = super::edit::choose(self, true);
                fx.extend(self.next_field(true));
                fx
            }
            FieldKind::Multi { .. } => super::edit::choose(self, false),
            FieldKind::Toggle { .. } => super::edit::flip(self),
            FieldKind::Button(action) => self.press(action.clone()),
            FieldKind::Crop { .. } => {
                let mut fx = super::edit::commit(self);
                fx.extend(self.open_crop_editor(&field.id));
                fx
            }
            _ => {
                let _ = key;
                self.next_field(true)
            }
        }
    }

    fn on_filter_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(filter) = &mut self.list.filter else {
            return Vec::new();
        };
        match key.code {
            KeyCode::Esc => {
                self.list.filter = None;
                self.list.cursor = 0;
            }
            KeyCode::Backspace => {
                filter.pop();
                self.list.cursor = 0;
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                filter.push(c);
                self.list.cursor = 0;
            }
            KeyCode::Up | KeyCode::Down => {
                let n = super::edit::visible_options(self).len();
                let dir: i64 = if key.code == KeyCode::Up { -1 } else { 1 };
                if n > 0 {
                    self.list.cursor =
                        (self.list.cursor as i64 + dir).clamp(0, n as i64 - 1) as usize;
                }
            }
            KeyCode::Enter => {
                let multi = matches!(
                    self.focused_field().map(|f| f.kind),
                    Some(FieldKind::Multi { .. })
                );
                return super::edit::choose(self, !multi);
            }
            KeyCode::Tab => {
                self.list.filter = None;
                return self.next_field(true);
            }
            KeyCode::BackTab => {
                self.list.filter = None;
                self.prev_field();
            }
            _ => {}
        }
        Vec::new()
    }

    fn on_overlay_key(&mut self, ov: Overlay, key: KeyEvent) -> Vec<Effect> {
        match ov {
            Overlay::Help => {
                if matches!(
                    key.code,
                    KeyCode::Esc
                        | KeyCode::Char('?')
                        | KeyCode::Char('q')
                        | KeyCode::Enter
                        | KeyCode::F(1)
                ) {
                    self.overlay = None;
                }
                Vec::new()
            }
            Overlay::ConfirmSubmit => {
                self.overlay = None;
                if key.code == KeyCode::Char('Y') {
                    self.submit()
                } else {
                    self.notice = Some("Not launched: only an uppercase Y launches.".into());
                    Vec::new()
                }
            }
            Overlay::Resume { id, text, .. } => match key.code {
                KeyCode::Enter | KeyCode::Char('y') | KeyCode::Char('Y') => {
                    self.overlay = None;
                    if let Ok(v) = serde_json::from_str::<Value>(&text) {
                        self.draft = v;
                        self.draft_id = id;
                        self.revalidate();
                        self.focus_at(0);
                    }
                    let mut fx = self.image_reads();
                    if let Some(d) = self.account_digits() {
                        self.ctx.pixels_for = d.clone();
                        fx.push(Effect::LoadPixels(d));
                    }
                    fx
                }
                KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => {
                    self.overlay = None;
                    Vec::new()
                }
                _ => Vec::new(),
            },
            Overlay::Export(mut input) => match key.code {
                KeyCode::Esc => {
                    self.overlay = None;
                    Vec::new()
                }
                KeyCode::Enter => {
                    self.overlay = None;
                    let path = PathBuf::from(input.text().trim());
                    vec![Effect::Export {
                        path,
                        text: spec_text(&self.draft),
                    }]
                }
                _ => {
                    input.apply_key(key);
                    self.overlay = Some(Overlay::Export(input));
                    Vec::new()
                }
            },
        }
    }

    fn remove_item(&mut self) -> Vec<Effect> {
        super::edit::remove_item(self)
    }

    fn press(&mut self, action: form::ButtonAction) -> Vec<Effect> {
        if action == form::ButtonAction::Submit {
            return self.ask_to_submit();
        }
        super::edit::press(self, action)
    }
}

/// Two previews in the same place: the same image, shape and size (only the crop differs).
pub fn same_panel(a: &super::preview::PreviewKey, b: &super::preview::PreviewKey) -> bool {
    a.panel() == b.panel()
}

pub fn next(step: Step) -> Option<Step> {
    let i = Step::ALL.iter().position(|s| *s == step)?;
    Step::ALL.get(i + 1).copied()
}

pub fn prev(step: Step) -> Option<Step> {
    let i = Step::ALL.iter().position(|s| *s == step)?;
    i.checked_sub(1).map(|j| Step::ALL[j])
}

/// The draft as spec text: pretty JSON ending in a newline.
pub fn spec_text(draft: &Value) -> String {
    let mut s = serde_json::to_string_pretty(draft).unwrap_or_default();
    s.push('\n');
    s
}

/// A new, empty draft with the safe defaults a Dynamic Creative launch starts from.
pub fn empty_draft() -> Value {
    json!({
        "version": 1,
        "campaign": {
            "objective": "OUTCOME_SALES",
            "special_ad_categories": [],
            "buying_type": "AUCTION",
            "status": "PAUSED",
            "is_adset_budget_sharing_enabled": false
        },
        "ad_set": {
            "optimization_goal": "OFFSITE_CONVERSIONS",
            "billing_event": "IMPRESSIONS",
            "bid_strategy": "LOWEST_COST_WITHOUT_CAP",
            "targeting": {
                "geo_locations": { "countries": [] },
                "age_min": 18,
                "age_max": 65,
                "targeting_automation": { "advantage_audience": 0 }
            },
            "status": "PAUSED"
        },
        "creative": {
            "asset_feed_spec": {
                "images": [],
                "titles": [],
                "bodies": [],
                "descriptions": [],
                "link_urls": [],
                "call_to_action_types": [],
                "ad_formats": ["SINGLE_IMAGE"]
            }
        },
        "ad": { "status": "PAUSED" }
    })
}
