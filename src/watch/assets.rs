//! Which asset of a launch a rejection names. Meta's ad set `review_feedback` echoes the
//! asset's text (or a label such as `Body 1`, as in the Dynamic Creative guide), sometimes an
//! id, and for images a hash; this finds the launch's own asset so the buyer reads
//! `Body 2 «Try our craft beer…» — ALCOHOL`.

use serde_json::Value;

use crate::graph::feedback::AssetRejection;

/// An asset of the feed: its type (`titles`, `bodies`, …), its place, and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetRef {
    pub kind: &'static str,
    pub index: usize,
    /// The text, the link, or the image's hash or file.
    pub text: String,
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

    /// `Body 2 «Try our craft beer, brewed…»`: the label and the start of the text.
    pub fn describe(&self) -> String {
        use unicode_width::UnicodeWidthStr;
        // Sanitised first, then cut by grapheme: a cut never leaves half an escape sequence.
        let clean = crate::spec::text::sanitize(&self.text);
        let shown = if clean.width() <= 30 {
            clean.trim_end().to_string()
        } else {
            let cut = crate::spec::text::fit(&clean, 31);
            format!("{}…", cut.strip_suffix('…').unwrap_or(&cut).trim_end())
        };
        format!("{} «{shown}»", self.label())
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
                    })
                })
        })
        .collect()
}

/// The asset a rejection names, in the feed the launch sent (`creative.asset_feed_spec`, with
/// image `hash`es as uploaded). By exact text, then by a `Body 2`-style label, then by image
/// hash; `None` when nothing matches (the caller shows Meta's words as they are).
pub fn locate(feed: &Value, r: &AssetRejection) -> Option<AssetRef> {
    let texts = text_assets(feed);
    if let Some(t) = &r.text {
        let t = t.trim();
        if let Some(hit) = texts.iter().find(|a| a.text.trim() == t) {
            return Some(hit.clone());
        }
        if let Some(hit) = by_label(feed, &texts, t) {
            return Some(hit);
        }
    }
    let images = list(feed, "images");
    for key in [&r.id, &r.text].into_iter().flatten() {
        if let Some(i) = images
            .iter()
            .position(|img| text_of(img, "hash").as_deref() == Some(key.as_str()))
        {
            return Some(AssetRef {
                kind: "images",
                index: i,
                text: key.clone(),
            });
        }
    }
    None
}

/// `Body 1`, `Title 2`, `Description 1`, `Link 1`, `Image 3` (one-based).
fn by_label(feed: &Value, texts: &[AssetRef], label: &str) -> Option<AssetRef> {
    let (word, n) = label.rsplit_once(' ')?;
    let n: usize = n.parse().ok()?;
    let index = n.checked_sub(1)?;
    let kind = match word.to_ascii_lowercase().as_str() {
        "title" => "titles",
        "body" => "bodies",
        "description" => "descriptions",
        "link" | "link url" => "link_urls",
        "image" => "images",
        _ => return None,
    };
    if kind == "images" {
        let img = list(feed, "images").get(index)?;
        let text = text_of(img, "hash")
            .or_else(|| text_of(img, "file"))
            .unwrap_or_default();
        return Some(AssetRef { kind, index, text });
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
