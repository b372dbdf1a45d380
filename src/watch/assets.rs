//! Which asset of a launch a rejection names. Meta's ad set `review_feedback` echoes the
//! asset's text (or a label such as `Body 1`, as in the Dynamic Creative guide), sometimes an
//! id, for images a hash and for videos the video's id; this finds the launch's own asset so
//! the buyer reads `Body 2 «Try our craft beer…» — ALCOHOL` or `Video 2 «run.mp4» — …`, the
//! file named from the launch journal (`AssetFiles`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::graph::feedback::AssetRejection;
use crate::store::journal_file::{LaunchJournal, StepState};
use crate::store::launch_step::LaunchStep;

/// An asset of the feed: its type (`titles`, `bodies`, …), its place, and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetRef {
    pub kind: &'static str,
    pub index: usize,
    /// The text, the link, the image's hash or the video's id: what the feed holds.
    pub text: String,
    /// What the buyer knows a video or image by, shown instead of its id or hash: the file it
    /// was uploaded from (the launch journal), else Meta's own name for it; `None` shows `text`.
    pub name: Option<String>,
}

impl AssetRef {
    /// `Body 2`, `Title 1`, `Image 3`, `Link 1`.
    pub fn label(&self) -> String {
        let what = match self.kind {
            "titles" => "Title",
            "bodies" => "Body",
            "descriptions" => "Description",
            "link_urls" => "Link",
            "images" => "Image",
            "videos" => "Video",
            other => other,
        };
        format!("{what} {}", self.index + 1)
    }

    /// `Body 2 «Try our craft beer, brewed…»`, `Video 2 «run.mp4»`: the label and the start of
    /// the text (or the file's name).
    pub fn describe(&self) -> String {
        use unicode_width::UnicodeWidthStr;
        // Sanitised first, then cut by grapheme: a cut never leaves half an escape sequence.
        let clean = crate::spec::text::sanitize(self.name.as_deref().unwrap_or(&self.text));
        let shown = if clean.width() <= 30 {
            clean.trim_end().to_string()
        } else {
            let cut = crate::spec::text::fit(&clean, 31);
            format!("{}…", cut.strip_suffix('…').unwrap_or(&cut).trim_end())
        };
        format!("{} «{shown}»", self.label())
    }
}

/// The file each uploaded video and image came from, by the id (a video's) or hash (an
/// image's) Graph gave it: read from the launch journals' `video:<file>` and `image:<file>`
/// steps, so the status pane and the asset results say `Video 2 «run.mp4»` rather than an id.
/// Only the file's name is kept (the spec's path stays on disk).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssetFiles {
    by_id: HashMap<String, String>,
    /// Where each upload's file lies: the journal's path, joined to its spec's folder when
    /// relative (a draft's are absolute). Whether it is still there is asked when it is used.
    paths: HashMap<String, PathBuf>,
}

impl AssetFiles {
    /// The uploads a journal records as done.
    pub fn from_journal(j: &LaunchJournal) -> AssetFiles {
        let mut files = AssetFiles::default();
        files.learn(j);
        files
    }

    /// Adds the uploads a journal records as done (a video's id, an image's hash).
    pub fn learn(&mut self, j: &LaunchJournal) {
        for s in &j.steps {
            if let (LaunchStep::Video(_) | LaunchStep::Image(_), StepState::Created { id }) =
                (&s.key, &s.state)
            {
                let name = s.key.shown_name("").to_string();
                self.by_id.entry(id.clone()).or_insert(name);
                if let LaunchStep::Image(path) | LaunchStep::Video(path) = &s.key {
                    let spec_dir = Path::new(&j.spec_path).parent().unwrap_or(Path::new(""));
                    self.paths
                        .entry(id.clone())
                        .or_insert_with(|| spec_dir.join(path));
                }
            }
        }
    }

    /// Adds everything `other` knows (what this one knew first stays).
    pub fn extend(&mut self, other: AssetFiles) {
        for (id, name) in other.by_id {
            self.by_id.entry(id).or_insert(name);
        }
        for (id, path) in other.paths {
            self.paths.entry(id).or_insert(path);
        }
    }

    /// These files named by id or hash, as a journal would record them (for tests).
    #[cfg(test)]
    pub(crate) fn of(pairs: &[(&str, &str)]) -> AssetFiles {
        let mut f = AssetFiles::default();
        for (id, name) in pairs {
            f.by_id.insert(id.to_string(), name.to_string());
        }
        f
    }

    /// The path of the file a video id or image hash was uploaded from, as the launch named
    /// it (it may have moved since).
    pub fn path(&self, id: &str) -> Option<&Path> {
        self.paths.get(id.trim()).map(PathBuf::as_path)
    }

    /// The file a video id or image hash was uploaded from.
    pub fn file(&self, id: &str) -> Option<&str> {
        self.by_id.get(id.trim()).map(String::as_str)
    }

    /// The id (or hash) of the upload of a file of this name.
    fn id_of(&self, name: &str) -> Option<&str> {
        let name = name.trim();
        self.by_id
            .iter()
            .find(|(_, n)| n.as_str() == name)
            .map(|(id, _)| id.as_str())
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

const TEXTS: [(&str, &str); 4] = [
    ("titles", "text"),
    ("bodies", "text"),
    ("descriptions", "text"),
    ("link_urls", "website_url"),
];

fn list<'a>(feed: &'a Value, kind: &str) -> &'a [Value] {
    feed.get(kind)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn text_of(item: &Value, key: &str) -> Option<String> {
    item.get(key).and_then(Value::as_str).map(str::to_string)
}

/// Every text asset of the feed, in order.
pub fn text_assets(feed: &Value) -> Vec<AssetRef> {
    TEXTS
        .iter()
        .flat_map(|(kind, key)| {
            list(feed, kind)
                .iter()
                .enumerate()
                .filter_map(move |(i, item)| {
                    text_of(item, key).map(|text| AssetRef {
                        kind,
                        index: i,
                        text,
                        name: None,
                    })
                })
        })
        .collect()
}

/// A video or image of the feed by its index: `text` its id or hash, `name` its file when
/// `files` knows it.
fn media_at(
    feed: &Value,
    kind: &'static str,
    index: usize,
    files: &AssetFiles,
) -> Option<AssetRef> {
    let item = list(feed, kind).get(index)?;
    let key = if kind == "videos" { "video_id" } else { "hash" };
    let text = item
        .get(key)
        .and_then(crate::graph::feedback::scalar_text)
        .or_else(|| text_of(item, "file"))
        .unwrap_or_default();
    let name = files.file(&text).map(str::to_string);
    Some(AssetRef {
        kind,
        index,
        text,
        name,
    })
}

/// The position of the feed's video (by `video_id`) or image (by `hash`) that is `id`.
fn media_position(feed: &Value, kind: &str, id: &str) -> Option<usize> {
    let key = if kind == "videos" { "video_id" } else { "hash" };
    let id = id.trim();
    list(feed, kind).iter().position(|item| {
        item.get(key)
            .and_then(crate::graph::feedback::scalar_text)
            .is_some_and(|v| v.trim() == id)
    })
}

/// The asset a rejection names, in the feed the launch sent (`creative.asset_feed_spec`, with
/// image `hash`es and video `video_id`s as uploaded). By exact text, then by a `Body 2`- or
/// `Video 1`-style label, then by image hash or video id (Meta's `id` or `text`), then by a
/// video's or image's file name (Meta echoes a video's title, which dcw sets to the file's
/// name); `None` when nothing matches (the caller shows Meta's words as they are). Videos and
/// images are named by their file when `files` knows it.
pub fn locate(feed: &Value, r: &AssetRejection, files: &AssetFiles) -> Option<AssetRef> {
    let texts = text_assets(feed);
    if let Some(t) = &r.text {
        let t = t.trim();
        if let Some(hit) = texts.iter().find(|a| a.text.trim() == t) {
            return Some(hit.clone());
        }
        if let Some(hit) = by_label(feed, &texts, t, files) {
            return Some(hit);
        }
    }
    for kind in ["images", "videos"] {
        for key in [&r.id, &r.text].into_iter().flatten() {
            if let Some(i) = media_position(feed, kind, key) {
                return media_at(feed, kind, i, files);
            }
        }
    }
    let by_file = r.text.as_deref().and_then(|t| files.id_of(t))?;
    ["videos", "images"].into_iter().find_map(|kind| {
        media_position(feed, kind, by_file).and_then(|i| media_at(feed, kind, i, files))
    })
}

/// `Body 1`, `Title 2`, `Description 1`, `Link 1`, `Image 3`, `Video 2` (one-based).
fn by_label(feed: &Value, texts: &[AssetRef], label: &str, files: &AssetFiles) -> Option<AssetRef> {
    let (word, n) = label.rsplit_once(' ')?;
    let n: usize = n.parse().ok()?;
    let index = n.checked_sub(1)?;
    let kind = match word.to_ascii_lowercase().as_str() {
        "title" => "titles",
        "body" => "bodies",
        "description" => "descriptions",
        "link" | "link url" => "link_urls",
        "image" => "images",
        "video" => "videos",
        _ => return None,
    };
    if kind == "images" || kind == "videos" {
        return media_at(feed, kind, index, files);
    }
    texts
        .iter()
        .find(|a| a.kind == kind && a.index == index)
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn feed() -> Value {
        json!({
            "images": [{"hash": "aaa"}, {"hash": "bbb"}],
            "titles": [{"text": "Warm boots"}, {"text": "Cold beer"}],
            "bodies": [{"text": "Our boots are back."}, {"text": "Try our craft beer, brewed in town."}],
            "link_urls": [{"website_url": "https://shop.example.com/"}]
        })
    }

    fn rej(id: Option<&str>, text: Option<&str>) -> AssetRejection {
        AssetRejection {
            id: id.map(str::to_string),
            text: text.map(str::to_string),
            reasons: vec!["ALCOHOL".into()],
        }
    }

    #[test]
    fn a_rejection_finds_its_asset_by_text_label_or_hash() {
        let f = feed();
        let locate = |f: &Value, r: &AssetRejection| locate(f, r, &AssetFiles::default());
        let body = locate(&f, &rej(None, Some("Try our craft beer, brewed in town."))).unwrap();
        assert_eq!((body.kind, body.index), ("bodies", 1));
        assert_eq!(body.describe(), "Body 2 «Try our craft beer, brewed in…»");
        let title = locate(&f, &rej(Some("23842500258220001"), Some("Title 2"))).unwrap();
        assert_eq!(title.text, "Cold beer");
        let image = locate(&f, &rej(Some("bbb"), None)).unwrap();
        assert_eq!(image.label(), "Image 2");
        assert_eq!(locate(&f, &rej(None, Some("Body 9"))), None);
        assert_eq!(locate(&f, &rej(None, Some("something else"))), None);
        let link = locate(&f, &rej(None, Some("https://shop.example.com/"))).unwrap();
        assert_eq!(link.label(), "Link 1");
    }
}
