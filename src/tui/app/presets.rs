//! Saving the template's targeting as a preset: the name asked in an overlay (like Export's
//! path), a name the account already uses asked again before it is replaced (only an uppercase
//! `Y` replaces), the presets file read at start and after each save.

use crossterm::event::KeyEvent;

use super::{App, Overlay};
use crate::spec::text::sanitize;
use crate::store::presets::{Added, check_name};
use crate::tui::keymap::{Action, Modal};
use crate::tui::load::Load;
use crate::tui::msg::{Effect, Msg};
use crate::tui::steps::presets;
use crate::tui::text::TextField;

impl App {
    /// The presets file's read at start, when there is one.
    pub(super) fn load_presets(&mut self) -> Vec<Effect> {
        if self.ctx.presets_file.as_os_str().is_empty() {
            return Vec::new();
        }
        self.ctx.presets = Load::Loading;
        vec![Effect::LoadPresets(self.ctx.presets_file.clone())]
    }

    /// "Save as preset…": the name asked, once the draft has an ad account.
    pub(super) fn open_save_preset(&mut self) -> Vec<Effect> {
        if self.account_digits().is_none() {
            self.notice = Some("✗ Pick the ad account first: a preset belongs to one.".into());
            return Vec::new();
        }
        if self.ctx.presets_file.as_os_str().is_empty() {
            self.notice = Some("✗ Presets are not kept in this session.".into());
            return Vec::new();
        }
        self.overlay = Some(Overlay::SavePreset {
            name: TextField::new("", false),
            taken: None,
        });
        Vec::new()
    }

    /// A key in the preset overlay: typing the name, or answering whether to replace.
    pub(super) fn on_save_preset_key(
        &mut self,
        mut name: TextField,
        taken: Option<String>,
        key: KeyEvent,
    ) -> Vec<Effect> {
        if let Some(old) = taken {
            self.overlay = None;
            if self.keymap.action(&key, Modal::Confirm) == Some(Action::ConfirmLaunch) {
                return self.save_preset(name.text(), true);
            }
            self.notice = Some(format!(
                "Not saved: preset «{}» is kept; only an uppercase Y replaces it.",
                sanitize(&old)
            ));
            return Vec::new();
        }
        match self.keymap.action(&key, Modal::Export) {
            Some(Action::Cancel) => {
                self.overlay = None;
                Vec::new()
            }
            Some(Action::Save) => {
                let typed = name.text().to_string();
                if let Err(why) = check_name(&typed) {
                    self.notice = Some(format!("✗ {why}."));
                    self.overlay = Some(Overlay::SavePreset { name, taken: None });
                    return Vec::new();
                }
                if let Some(p) = presets::of_account(&self.model)
                    .into_iter()
                    .find(|p| p.name.trim().to_lowercase() == typed.trim().to_lowercase())
                {
                    self.overlay = Some(Overlay::SavePreset {
                        name,
                        taken: Some(p.name),
                    });
                    return Vec::new();
                }
                self.overlay = None;
                self.save_preset(&typed, false)
            }
            _ => {
                name.apply_key(key);
                self.overlay = Some(Overlay::SavePreset { name, taken: None });
                Vec::new()
            }
        }
    }

    fn save_preset(&mut self, name: &str, replace: bool) -> Vec<Effect> {
        let Some(p) = presets::current(&self.model, name) else {
            return Vec::new();
        };
        vec![Effect::SavePreset {
            path: self.ctx.presets_file.clone(),
            preset: Box::new(p),
            replace,
        }]
    }

    /// The presets file was read, or a preset saved.
    pub(super) fn on_presets(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Presets(r) => {
                self.ctx.presets = crate::tui::load::load(r);
                self.highlight_current();
            }
            Msg::PresetSaved(p, Ok(Added::Saved { replaced, all })) => {
                self.ctx.presets = Load::Ready(all.list());
                self.notice = Some(format!(
                    "✓ {} preset «{}» for {}: {}.",
                    if replaced { "Replaced" } else { "Saved" },
                    sanitize(&p.name),
                    sanitize(&p.account),
                    sanitize(&p.summary())
                ));
            }
            // Another dcw saved that name meanwhile: ask, as for a name known here.
            Msg::PresetSaved(p, Ok(Added::Taken(old))) => {
                self.overlay = Some(Overlay::SavePreset {
                    name: TextField::new(&p.name, false),
                    taken: Some(old),
                });
            }
            Msg::PresetSaved(_, Err(e)) => {
                self.notice = Some(format!("✗ Preset not saved: {}", sanitize(&e)));
            }
            _ => {}
        }
        Vec::new()
    }

    /// The preset overlay's lines: what is saved, the name typed, or the replace question.
    pub fn save_preset_lines(&self, name: &TextField, taken: Option<&str>) -> Vec<String> {
        let account = sanitize(crate::tui::form::get_str(&self.draft, "account_id").unwrap_or(""))
            .into_owned();
        match taken {
            Some(old) => vec![
                format!("{account} already has a preset named «{}».", sanitize(old)),
                String::new(),
                format!(
                    "{} replaces it with this ad set's targeting; any other key keeps it.",
                    self.keymap.first(Action::ConfirmLaunch, Modal::Confirm)
                ),
            ],
            None => vec![
                format!(
                    "Save this ad set's targeting, pixel, Page and Instagram account for {account} as:"
                ),
                name.text().to_string(),
                String::new(),
                format!(
                    "{} saves, {} cancels.",
                    self.keymap.first(Action::Save, Modal::Export),
                    self.keymap.first(Action::Cancel, Modal::Export)
                ),
            ],
        }
    }

    /// The hint bar under the preset overlay.
    pub fn save_preset_hint(&self, taken: bool) -> String {
        if taken {
            format!(
                "{} replace · any other key keep",
                self.keymap.first(Action::ConfirmLaunch, Modal::Confirm)
            )
        } else {
            format!(
                "{} save · {} cancel",
                self.keymap.first(Action::Save, Modal::Export),
                self.keymap.first(Action::Cancel, Modal::Export)
            )
        }
    }
}
