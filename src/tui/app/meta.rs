//! The ad preview over the status pane (`v` on a launched ad: its feed as Graph read it, its
//! images and videos named by the files the launch journal knows) and the preview's `m`, which
//! asks Meta for its own preview of the placement on screen, off the UI task.

use super::App;
use crate::spec::preview::FAMILIES;
use crate::spec::text::sanitize;
use crate::spec::{AssetFeedSpec, LaunchSpec};
use crate::tui::ad_preview::{AdPreview, Files, Meta, PLACEMENTS_UNKNOWN, PreviewOf, Reach};
use crate::tui::msg::{Effect, MetaAsk};

impl App {
    /// Puts `p` on screen as a new opening (an answer for an earlier one is then dropped).
    pub(super) fn show_ad_preview(&mut self, mut p: AdPreview, of: PreviewOf) -> Vec<Effect> {
        self.preview_openings += 1;
        p.id = self.preview_openings;
        self.ad_preview = Some(p);
        self.preview_of = Some(of);
        self.request_previews()
    }

    /// `v` in the status pane: the preview of the ad under the cursor, from its feed.
    pub(super) fn open_pane_preview(&mut self) -> Vec<Effect> {
        let Some(p) = &mut self.status else {
            return Vec::new();
        };
        let Some(row) = p.current() else {
            p.notice = Some("✗ No ad to preview.".into());
            return Vec::new();
        };
        let Some(feed) = row.feed.clone() else {
            // The polls read an ad's creative only when it is rejected: read it now, once.
            let (ad_id, account) = (row.ad_id.clone(), row.account.clone());
            p.notice = Some(format!("Reading the creative of ad {ad_id} to preview it…"));
            if self.reading_creative.as_deref() == Some(ad_id.as_str()) {
                return Vec::new();
            }
            self.reading_creative = Some(ad_id.clone());
            return vec![Effect::ReadCreative { account, ad_id }];
        };
        let (account, ad_id, launch) = (
            row.account.clone(),
            row.ad_id.clone(),
            row.launch_id.clone(),
        );
        let feed = match serde_json::from_value::<AssetFeedSpec>(feed) {
            Ok(f) => f,
            Err(e) => {
                let e = sanitize(&e.to_string()).into_owned();
                p.notice = Some(format!(
                    "✗ No preview: the ad's asset_feed_spec cannot be read ({e})"
                ));
                return Vec::new();
            }
        };
        let (feed, files) = self.named_by_files(feed);
        // The wizard's own launch: its spec's placements and Page.
        let spec = (launch.is_some() && launch == self.review.journal)
            .then(|| serde_json::from_value::<LaunchSpec>(self.draft.clone()).ok())
            .flatten();
        let (reach, page, note) = match &spec {
            Some(s) => (Reach::of_spec(s), self.page_name(), None),
            None => (
                Reach {
                    families: FAMILIES.iter().collect(),
                    not_mocked: Vec::new(),
                },
                "Page (not known here)".to_string(),
                Some(PLACEMENTS_UNKNOWN.to_string()),
            ),
        };
        let mut preview = AdPreview::new(feed, reach, page, files);
        preview.note = note;
        self.show_ad_preview(preview, PreviewOf::Ad { account, ad_id })
    }

    /// An ad's creative came back: kept in the pane's model, and the preview opened when the
    /// pane still waits for it on that ad.
    pub(super) fn on_creative_read(
        &mut self,
        ad_id: &str,
        result: Result<serde_json::Value, String>,
    ) -> Vec<Effect> {
        let waited = self.reading_creative.as_deref() == Some(ad_id);
        if waited {
            self.reading_creative = None;
        }
        let Some(p) = &mut self.status else {
            return Vec::new();
        };
        let creative = match result {
            Ok(c) => c,
            Err(e) => {
                let e = sanitize(&e).into_owned();
                p.notice = Some(format!(
                    "✗ No preview: the creative of ad {ad_id} could not be read: {e}"
                ));
                return Vec::new();
            }
        };
        p.watch.model.learn_creative(ad_id, &creative);
        if creative.get("asset_feed_spec").is_none() {
            p.notice = Some(format!(
                "✗ No preview: the creative of ad {ad_id} has no asset_feed_spec (not a Dynamic Creative ad)."
            ));
            return Vec::new();
        }
        let still_here = p.current().is_some_and(|r| r.ad_id == ad_id);
        if waited && still_here && self.show_status && self.ad_preview.is_none() {
            p.notice = None;
            return self.open_pane_preview();
        }
        Vec::new()
    }

    /// The feed with each image whose upload the journals know, and whose file is still on
    /// disk, given that file (so its picture is drawn), else named; each video named by its file.
    fn named_by_files(&self, mut feed: AssetFeedSpec) -> (AssetFeedSpec, Files) {
        let mut files = Files::default();
        let Some(known) = self.status.as_ref().map(|p| p.watch.model.files()) else {
            return (feed, files);
        };
        for image in feed.images.iter_mut().flatten() {
            let hash = image.hash.clone().unwrap_or_default();
            let path = known.path(&hash).filter(|p| p.is_file());
            let mut name = None;
            match path {
                Some(path) if image.file.is_none() => {
                    let file = path.display().to_string();
                    files.image_sizes.push(self.image_size(&file));
                    image.file = Some(file);
                }
                _ => {
                    files.image_sizes.push(None);
                    name = known.file(&hash).map(str::to_string);
                }
            }
            files.image_names.push(name);
        }
        for video in feed.videos.iter_mut().flatten() {
            let id = video.video_id.as_ref().map_or("", |v| v.as_str());
            if video.file.is_none()
                && let Some(name) = known.file(id)
            {
                video.file = Some(name.to_string());
            }
            files.video_ms.push(None);
        }
        (feed, files)
    }

    /// After a key on the preview: `m` was pressed, so Meta is asked for the family on screen.
    pub(super) fn ask_meta(&mut self) -> Vec<Effect> {
        let Some(p) = &mut self.ad_preview else {
            return Vec::new();
        };
        if !std::mem::take(&mut p.ask_meta) {
            return Vec::new();
        }
        let family = p.family;
        let formats: Vec<String> = family.ad_formats.iter().map(|f| f.to_string()).collect();
        let ask = match &self.preview_of {
            Some(PreviewOf::Ad { account, ad_id }) => MetaAsk::Ad {
                account: account.clone(),
                ad_id: ad_id.clone(),
                formats,
            },
            _ => match serde_json::from_value::<LaunchSpec>(self.model.draft.clone()) {
                Ok(spec) => MetaAsk::Draft {
                    spec: Box::new(spec),
                    text: super::spec_text(&self.model.draft),
                    formats,
                },
                Err(e) => {
                    let message = format!("the draft cannot be read ({e})");
                    p.meta = Meta::Failed { family, message };
                    return Vec::new();
                }
            },
        };
        p.meta = Meta::Asking(family);
        vec![Effect::MetaPreview { id: p.id, ask }]
    }

    /// Meta's answer: the links on the screen that asked (the first copied with OSC 52), or
    /// why not; dropped when that screen is closed.
    pub(super) fn on_meta_previewed(
        &mut self,
        id: u64,
        result: Result<crate::launch::SpecPreviews, String>,
    ) {
        let Some(p) = self.ad_preview.as_mut().filter(|p| p.id == id) else {
            return;
        };
        let family = match p.meta {
            Meta::Asking(f) => f,
            _ => p.family,
        };
        p.meta = match result {
            Ok(answer) => {
                let links: Vec<(String, String)> = answer
                    .previews
                    .iter()
                    .map(|m| {
                        let link = sanitize(&m.link).into_owned();
                        (sanitize(&m.ad_format).into_owned(), link)
                    })
                    .collect();
                let first = links.first().map(|(_, l)| l.clone());
                let copied = first.is_some();
                self.clipboard = first;
                Meta::Links {
                    family,
                    links,
                    notes: answer.notes,
                    copied,
                }
            }
            Err(message) => Meta::Failed { family, message },
        };
    }
}
