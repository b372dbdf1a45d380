//! Keys: to the status pane, an overlay or the crop editor when one is open; else the key
//! table's action on the focused field of the step.

use std::path::PathBuf;

use crossterm::event::KeyEvent;
use serde_json::Value;

use super::{App, Overlay, spec_text};
use crate::spec::Step;
use crate::tui::ad_preview::{AdPreview, Files as PreviewFiles, Reach};
use crate::tui::form::{ButtonAction, FieldKind};
use crate::tui::keymap::{Action, Context, Modal};
use crate::tui::load::Load;
use crate::tui::msg::Effect;
use crate::tui::text::TextField;
use crate::tui::{edit, form, form_keys, help, steps};

impl App {
    pub(super) fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if !key.is_press() {
            return Vec::new();
        }
        // The buyer has taken over: a file read later moves nothing.
        self.model.settling = false;
        let force = self.keymap.action(&key, Context::Text) == Some(Action::ForceQuit);
        if force {
            return self.quit();
        }
        // The ad preview, over the wizard or over the status pane; Esc returns to either as it was.
        if let Some(p) = &mut self.ad_preview {
            if p.on_key(&self.keymap, &key) {
                self.ad_preview = None;
                self.preview_of = None;
            }
            let mut fx = self.ask_meta();
            fx.extend(self.request_previews());
            return fx;
        }
        if self.show_status
            && let Some(p) = &mut self.status
        {
            let mut quit = false;
            if self.model.review.launched() && p.wants_summary(&key) {
                // Back to the launch summary.
                self.show_status = false;
                return Vec::new();
            }
            // The detail scrolls by the pages of the screen it is drawn on.
            p.area = self.screen;
            let mut fx = p.on_key(key, &mut quit);
            if std::mem::take(&mut p.wants_preview) {
                fx.extend(self.open_pane_preview());
            }
            return if quit { self.quit() } else { fx };
        }
        if self.status.is_some()
            && self.review.launched()
            && self.overlay.is_none()
            && self.keymap.action(&key, Modal::Launched) == Some(Action::Watch)
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
            return form_keys::filter_key(&mut self.model, key);
        }
        let ctx = self.context();
        // The preview's key acts on Assets and Review; elsewhere a list takes its letter.
        let action = self
            .keymap
            .action(&key, ctx)
            .filter(|a| *a != Action::Preview || matches!(self.step, Step::Assets | Step::Review));
        if action != Some(Action::Remove) {
            self.pending_remove = None;
        }
        match action {
            Some(a) => self.on_action(a),
            None if ctx == Context::Text => form_keys::typed(&mut self.model, key),
            // Typing in a list filters it (as if after `/`).
            None if ctx == Context::List => form_keys::list_typed(&mut self.model, key),
            None => Vec::new(),
        }
    }

    fn on_action(&mut self, action: Action) -> Vec<Effect> {
        self.notice = None;
        match action {
            Action::ForceQuit | Action::Quit => self.quit(),
            Action::Help => {
                self.overlay = Some(Overlay::Help);
                Vec::new()
            }
            Action::NextField => match edit::try_complete(&mut self.model) {
                Some(fx) => fx,
                None => self.next_field(true),
            },
            Action::PrevField => {
                self.prev_field();
                Vec::new()
            }
            // Esc in a text field ends editing and stays; the next Esc goes back.
            Action::Back if self.context() == Context::Text => self.model.stop_editing(),
            Action::Back => {
                self.prev_step();
                Vec::new()
            }
            Action::Undo => self.model.undo(),
            Action::Redo => self.model.redo(),
            Action::OptOutFeatures => steps::features::opt_out_all(&mut self.model),
            Action::NextStep => self.next_step(),
            Action::PrevStep => {
                self.prev_step();
                Vec::new()
            }
            Action::Review => self.jump_to_review(),
            Action::Export => {
                let default = self.ctx.cwd.join(format!("{}.json", self.draft_id));
                self.overlay = Some(Overlay::Export(TextField::new(
                    &default.display().to_string(),
                    false,
                )));
                Vec::new()
            }
            Action::Remove => edit::remove_item(&mut self.model),
            Action::Up | Action::Down => {
                let dir = if action == Action::Up { -1 } else { 1 };
                let ctx = self.context();
                let screen = steps::screen(self.step);
                match screen.on_vertical(&mut self.model, ctx, dir) {
                    Some(fx) => fx,
                    None => form_keys::vertical(&mut self.model, dir),
                }
            }
            Action::Toggle => form_keys::toggle(&mut self.model),
            Action::Filter => {
                self.list.filter = Some(TextField::new("", false));
                self.list.cursor = 0;
                Vec::new()
            }
            Action::Choose => self.on_enter(),
            Action::Preview => self.open_ad_preview(),
            // The status pane's actions never reach the wizard (they apply to no context here).
            _ => Vec::new(),
        }
    }

    pub(super) fn on_paste(&mut self, text: &str) -> Vec<Effect> {
        if self.ad_preview.is_some() {
            return Vec::new();
        }
        if self.show_status
            && let Some(p) = &mut self.status
        {
            p.on_paste(text);
            return Vec::new();
        }
        if let Some(Overlay::Export(input) | Overlay::SavePreset { name: input, .. }) =
            &mut self.overlay
        {
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
        form_keys::paste(&mut self.model, text)
    }

    fn on_overlay_key(&mut self, ov: Overlay, key: KeyEvent) -> Vec<Effect> {
        match ov {
            Overlay::Help => {
                if help::closes(&key) {
                    self.overlay = None;
                }
                Vec::new()
            }
            Overlay::ConfirmSubmit => {
                self.overlay = None;
                if self.keymap.action(&key, Modal::Confirm) == Some(Action::ConfirmLaunch) {
                    self.submit()
                } else {
                    self.notice = Some("Not launched: only an uppercase Y launches.".into());
                    Vec::new()
                }
            }
            Overlay::Resume { .. } => self.on_resume_key(ov, key),
            Overlay::SavePreset { name, taken } => self.on_save_preset_key(name, taken, key),
            Overlay::Export(mut input) => match self.keymap.action(&key, Modal::Export) {
                Some(Action::Cancel) => {
                    self.overlay = None;
                    Vec::new()
                }
                Some(Action::Save) => {
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

    /// The resume question: resume (at the step and field the buyer left), a new draft, or
    /// delete the old one (the delete key twice: once to ask, once to delete).
    fn on_resume_key(&mut self, ov: Overlay, key: KeyEvent) -> Vec<Effect> {
        let Overlay::Resume {
            id,
            name,
            text,
            meta,
            deleting,
        } = ov
        else {
            return Vec::new();
        };
        let action = self.keymap.action(&key, Modal::Resume);
        if deleting {
            if action == Some(Action::DeleteDraft) {
                self.overlay = None;
                self.notice = Some(format!(
                    "✓ Deleted draft {id} («{name}»); this is a new one."
                ));
                return vec![Effect::DeleteDraft(id)];
            }
            // Any other key keeps the draft and asks the question again.
            self.overlay = Some(Overlay::Resume {
                id,
                name,
                text,
                meta,
                deleting: false,
            });
            return Vec::new();
        }
        match action {
            Some(Action::ResumeDraft) => {
                self.overlay = None;
                let mut fx = Vec::new();
                if let Ok(v) = serde_json::from_str::<Value>(&text) {
                    self.draft = v;
                    self.draft_id = id;
                    self.draft_meta = meta.clone();
                    fx = self.resume_at(&meta, false);
                }
                fx.extend(self.image_reads());
                if let Some(d) = self.account_digits() {
                    self.ctx.pixels_for = d.clone();
                    fx.push(Effect::LoadPixels(d));
                }
                fx
            }
            Some(Action::NewDraft) => {
                self.overlay = None;
                Vec::new()
            }
            Some(Action::DeleteDraft) => {
                self.overlay = Some(Overlay::Resume {
                    id,
                    name,
                    text,
                    meta,
                    deleting: true,
                });
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Enter: the form's own, else a button's action or the crop editor.
    fn on_enter(&mut self) -> Vec<Effect> {
        if let Some(fx) = form_keys::enter(&mut self.model) {
            return fx;
        }
        let Some(field) = self.focused_field() else {
            return Vec::new();
        };
        match field.kind {
            FieldKind::Button(ButtonAction::Submit) => self.ask_to_submit(),
            FieldKind::Button(ButtonAction::SavePreset) => self.open_save_preset(),
            FieldKind::Button(action) => edit::press(&mut self.model, action),
            FieldKind::Crop { .. } => {
                let fx = edit::commit(&mut self.model);
                self.crop = steps::crop::open(&mut self.model, &field.id);
                if self.crop.is_some() {
                    let mut fx = fx;
                    fx.extend(self.request_previews());
                    return fx;
                }
                fx
            }
            _ => Vec::new(),
        }
    }

    /// Submit: the confirmation, when no step has errors (else they all show).
    fn ask_to_submit(&mut self) -> Vec<Effect> {
        let errors = Step::ALL
            .into_iter()
            .filter(|s| self.step_has_errors(*s))
            .map(Step::title)
            .collect::<Vec<_>>();
        if !errors.is_empty() {
            self.shown_steps.extend(Step::ALL);
            self.notice = Some(format!(
                "✗ Fix the errors first; see the ✗ steps: {}",
                errors.join(", ")
            ));
            return Vec::new();
        }
        self.overlay = Some(Overlay::ConfirmSubmit);
        Vec::new()
    }

    /// `v`: the ad preview of the draft's feed, under its ad set's placements.
    fn open_ad_preview(&mut self) -> Vec<Effect> {
        let spec = match serde_json::from_value::<crate::spec::LaunchSpec>(self.draft.clone()) {
            Ok(s) => s,
            Err(e) => {
                let e = crate::spec::text::sanitize(&e.to_string()).into_owned();
                self.notice = Some(format!("✗ No preview: the draft cannot be read ({e})"));
                return Vec::new();
            }
        };
        let feed = spec
            .creative
            .as_ref()
            .and_then(|c| c.asset_feed_spec.clone())
            .unwrap_or_default();
        let files = PreviewFiles {
            image_sizes: feed
                .images
                .iter()
                .flatten()
                .map(|i| i.file.as_deref().and_then(|f| self.image_size(f)))
                .collect(),
            video_ms: feed
                .videos
                .iter()
                .flatten()
                .map(
                    |v| match v.file.as_deref().and_then(|f| self.ctx.videos.get(f)) {
                        Some(crate::spec::VideoFacts::Read(info)) => Some(info.duration_ms),
                        _ => None,
                    },
                )
                .collect(),
            image_names: Vec::new(),
        };
        let page = self.page_name();
        let p = AdPreview::new(feed, Reach::of_spec(&spec), page, files);
        self.show_ad_preview(p, crate::tui::ad_preview::PreviewOf::Draft)
    }

    /// The Page's name as the wizard knows it, else "Page <id>".
    pub(super) fn page_name(&self) -> String {
        let Some(id) = form::get_str(&self.draft, "page_id").filter(|p| !p.is_empty()) else {
            return "Page (none chosen)".into();
        };
        if let Load::Ready(pages) = &self.ctx.pages
            && let Some(p) = pages
                .iter()
                .find(|p| p.id == id && !p.name.trim().is_empty())
        {
            return p.name.clone();
        }
        format!("Page {id}")
    }

    fn on_crop_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(ed) = &mut self.crop else {
            return Vec::new();
        };
        if ed.typing.is_none() && self.keymap.action(&key, Modal::Crop) == Some(Action::Help) {
            self.overlay = Some(Overlay::Help);
            return Vec::new();
        }
        match steps::crop::on_key(ed, &mut self.model, &self.keymap, key) {
            None => self.request_previews(),
            Some(fx) => {
                self.crop = None;
                fx
            }
        }
    }
}
