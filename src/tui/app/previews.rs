//! Pictures: which previews the screen shows now, and asking for those not decoded or
//! encoded yet (one encode at a time per panel).

use super::App;
use crate::spec::Step;
use crate::tui::form;
use crate::tui::load::{Load, load};
use crate::tui::msg::{Effect, Msg};
use crate::tui::preview::PreviewKey;

impl App {
    /// An image decoded, or a preview encoded (or why not).
    pub(super) fn on_picture(&mut self, msg: Msg) {
        match msg {
            Msg::Decoded(file, r) => {
                self.model.ctx.decoded.insert(file, load(r));
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
            }
            _ => {}
        }
    }

    /// The previews on screen now, with where they go.
    pub fn wanted_previews(
        &self,
        screen: ratatui::layout::Rect,
    ) -> Vec<(PreviewKey, ratatui::layout::Rect)> {
        if !self.ctx.pictures {
            return Vec::new();
        }
        if let Some(p) = &self.ad_preview {
            let look = crate::tui::ad_preview::Look {
                theme: crate::tui::theme::Theme { color: true },
                pictures: true,
            };
            return crate::tui::ad_preview::previews(p, look, screen);
        }
        if let Some(ed) = &self.crop {
            return ed.previews(screen);
        }
        // The image under the cursor of the pane's asset results.
        if self.show_status
            && let Some(p) = &self.status
        {
            let area = crate::tui::status::view::results_area(p, screen);
            return crate::tui::status::results::thumbnail(p, area)
                .into_iter()
                .collect();
        }
        if self.step != Step::Assets || self.overlay.is_some() {
            return Vec::new();
        }
        let Some(image) = crate::tui::edit::item_path(&self.focus)
            .filter(|p| p.starts_with("creative.asset_feed_spec.images["))
        else {
            return Vec::new();
        };
        let Some(file) =
            form::get_str(&self.draft, &format!("{image}.file")).filter(|f| !f.is_empty())
        else {
            return Vec::new();
        };
        let (_, panel) = crate::tui::layout::assets_split(crate::tui::layout::body(screen));
        let Some(panel) = panel else {
            return Vec::new();
        };
        let crop = form::get(&self.draft, &format!("{image}.image_crops"))
            .and_then(|v| v.as_object())
            .and_then(|m| m.values().next())
            .and_then(|b| serde_json::from_value::<crate::spec::CropBox>(b.clone()).ok());
        vec![(
            PreviewKey {
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
            match self.model.ctx.decoded.get(&key.file) {
                None => {
                    self.model
                        .ctx
                        .decoded
                        .insert(key.file.clone(), Load::Loading);
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
}

/// Two previews in the same place: the same image, shape and size (only the crop differs).
fn same_panel(a: &PreviewKey, b: &PreviewKey) -> bool {
    a.panel() == b.panel()
}
