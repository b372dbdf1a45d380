//! The next round's spec, pure: from the launch's spec (as launched), the feed Graph reads back
//! and the rule's verdicts, the same account and Page, the launched campaign by its `id`, a new
//! ad set (`<old> · round 2`, targeting and budget copied), and the creative's feed with only
//! the kept assets. Nothing is invented: a dropped asset leaves its list shorter.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

/// The feed lists the rule judges, with the key that says which asset an entry is.
pub const RANKED_LISTS: [(&str, &str); 7] = [
    ("images", "hash"),
    ("videos", "video_id"),
    ("titles", "text"),
    ("bodies", "text"),
    ("descriptions", "text"),
    ("link_urls", "website_url"),
    ("call_to_action_types", ""),
];

/// What an entry of a feed list is known by: an image's hash, a video's id, a text, a link, a
/// call to action; `None` when it has none.
pub fn identity(kind: &str, entry: &Value) -> Option<String> {
    let key = RANKED_LISTS.iter().find(|(k, _)| *k == kind)?.1;
    let v = if key.is_empty() {
        entry
    } else {
        entry.get(key)?
    };
    crate::graph::feedback::scalar_text(v).map(|s| s.trim().to_string())
}

/// What the draft is made from.
pub struct DraftInput<'a> {
    /// The spec as launched (the file, when it has not changed), as JSON.
    pub spec: &'a Value,
    /// Whether `spec`'s creative is the one launched; otherwise Graph's read-back feed is used.
    pub spec_is_launched: bool,
    /// The creative's `asset_feed_spec` as Graph reads it back (images by hash).
    pub graph_feed: &'a Value,
    /// The launched campaign's id.
    pub campaign_id: &'a str,
    /// The kept assets: (feed list, identity).
    pub kept: &'a HashSet<(String, String)>,
    /// The hash each image file of the spec was uploaded as (the journal's `image:<file>`).
    pub uploaded: &'a dyn Fn(&str) -> Option<String>,
    /// The file an image hash was uploaded from, when it is still there with the same bytes
    /// (then the draft names the file: the launch finds its hash in the account and uploads
    /// nothing; the wizard shows and crops it).
    pub file_of: &'a dyn Fn(&str) -> Option<PathBuf>,
    /// The folder the draft is written to: a file inside it is named relative to it, any
    /// other by its absolute path.
    pub new_dir: &'a Path,
}

/// `Winter Sale` → `Winter Sale · round 2`; `… · round 2` → `… · round 3`.
pub fn next_name(name: &str) -> String {
    if let Some((head, n)) = name.rsplit_once(" · round ")
        && let Ok(n) = n.trim().parse::<u32>()
    {
        return format!("{head} · round {}", n + 1);
    }
    format!("{name} · round 2")
}

/// The next round's spec.
pub fn build(input: &DraftInput) -> Value {
    let mut spec = match input.spec {
        Value::Object(m) => m.clone(),
        _ => Map::new(),
    };
    let campaign = spec.entry("campaign").or_insert_with(|| json!({}));
    if let Value::Object(c) = campaign {
        c.insert("id".into(), json!(input.campaign_id));
        // Sent only when a campaign is created; an existing one is left as it is.
        for k in ["status", "buying_type", "spend_cap"] {
            c.remove(k);
        }
    }
    for key in ["ad_set", "ad"] {
        rename(spec.get_mut(key));
    }
    if let Some(Value::Object(set)) = spec.get_mut("ad_set") {
        // A start in the past: the new ad set starts when it is launched.
        if set
            .get("start_time")
            .and_then(Value::as_str)
            .and_then(crate::watch::graph_time)
            .is_some_and(|t| t < chrono::Utc::now())
        {
            set.remove("start_time");
        }
    }
    let creative = spec.entry("creative").or_insert_with(|| json!({}));
    rename(Some(creative));
    if let Value::Object(c) = creative {
        let feed = feed(input);
        c.insert("asset_feed_spec".into(), Value::Object(feed));
    }
    Value::Object(spec)
}

fn rename(object: Option<&mut Value>) {
    if let Some(Value::Object(o)) = object
        && let Some(name) = o.get("name").and_then(Value::as_str)
    {
        let next = next_name(name);
        o.insert("name".into(), json!(next));
    }
}

/// The feed with only the kept assets: the launched spec's entries (their crops and labels)
/// when it is the one launched, else Graph's; images by the file they were uploaded from when
/// it is still there, else by hash; videos as Graph has them (by id).
fn feed(input: &DraftInput) -> Map<String, Value> {
    let spec_feed = input
        .spec
        .pointer("/creative/asset_feed_spec")
        .filter(|_| input.spec_is_launched);
    let mut out = match spec_feed.unwrap_or(input.graph_feed) {
        Value::Object(m) => m.clone(),
        _ => Map::new(),
    };
    for (kind, _) in RANKED_LISTS {
        let from = if kind == "videos" {
            input.graph_feed.get(kind)
        } else {
            spec_feed.unwrap_or(input.graph_feed).get(kind)
        };
        let Some(list) = from.and_then(Value::as_array) else {
            continue;
        };
        let kept: Vec<Value> = list
            .iter()
            .filter_map(|entry| {
                let id = if kind == "images" {
                    image_hash(entry, input)?
                } else {
                    identity(kind, entry)?
                };
                input
                    .kept
                    .contains(&(kind.to_string(), id.clone()))
                    .then(|| match kind {
                        "images" => image_entry(entry, &id, input),
                        _ => entry.clone(),
                    })
            })
            .collect();
        out.insert(kind.into(), Value::Array(kept));
    }
    out
}

/// The hash an image entry was launched as: its own, or its file's upload.
fn image_hash(entry: &Value, input: &DraftInput) -> Option<String> {
    identity("images", entry).or_else(|| {
        entry
            .get("file")
            .and_then(Value::as_str)
            .and_then(|f| (input.uploaded)(f))
    })
}

/// A kept image: its crops and labels as launched, by its file when that still holds the
/// uploaded bytes, else by its hash.
fn image_entry(entry: &Value, hash: &str, input: &DraftInput) -> Value {
    let mut e = match entry {
        Value::Object(m) => m.clone(),
        _ => Map::new(),
    };
    e.remove("url");
    match (input.file_of)(hash) {
        Some(path) => {
            e.remove("hash");
            let shown = path
                .strip_prefix(input.new_dir)
                .map(Path::to_path_buf)
                .unwrap_or(path);
            e.insert("file".into(), json!(shown.display().to_string()));
        }
        None => {
            e.remove("file");
            e.insert("hash".into(), json!(hash));
        }
    }
    Value::Object(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_count_rounds() {
        assert_eq!(next_name("Winter Sale"), "Winter Sale · round 2");
        assert_eq!(next_name("Winter Sale · round 2"), "Winter Sale · round 3");
        assert_eq!(next_name("a · round x"), "a · round x · round 2");
    }

    #[test]
    fn the_draft_keeps_the_kept_and_names_the_campaign_by_id() {
        let spec = json!({"account_id": "act_1", "page_id": "5",
            "campaign": {"name": "C", "objective": "OUTCOME_SALES", "status": "PAUSED", "buying_type": "AUCTION"},
            "ad_set": {"name": "S", "daily_budget": 2000, "start_time": "2001-01-01T00:00:00+0000",
                       "targeting": {"geo_locations": {"countries": ["US"]}}},
            "creative": {"name": "K", "asset_feed_spec": {
                "images": [{"file": "a.jpg", "image_crops": {"100x100": [[0, 0], [10, 10]]}}, {"hash": "bbb"}, {"file": "c.jpg"}],
                "bodies": [{"text": "one"}, {"text": "two"}, {"text": "three"}],
                "call_to_action_types": ["SHOP_NOW", "LEARN_MORE"],
                "ad_formats": ["SINGLE_IMAGE"]}},
            "ad": {"name": "A"}});
        let graph = json!({"images": [{"hash": "aaa"}, {"hash": "bbb"}, {"hash": "ccc"}]});
        let kept: HashSet<(String, String)> = [
            ("images", "aaa"),
            ("images", "bbb"),
            ("bodies", "two"),
            ("call_to_action_types", "LEARN_MORE"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let uploaded = |f: &str| Some(if f == "a.jpg" { "aaa" } else { "ccc" }.to_string());
        let file_of = |h: &str| (h == "aaa").then(|| PathBuf::from("/old/a.jpg"));
        let out = build(&DraftInput {
            spec: &spec,
            spec_is_launched: true,
            graph_feed: &graph,
            campaign_id: "77",
            kept: &kept,
            uploaded: &uploaded,
            file_of: &file_of,
            new_dir: Path::new("/old"),
        });
        assert_eq!(
            out["campaign"],
            json!({"name": "C", "objective": "OUTCOME_SALES", "id": "77"})
        );
        assert_eq!(out["ad_set"]["name"], "S · round 2");
        assert!(
            out["ad_set"].get("start_time").is_none(),
            "a past start is dropped"
        );
        assert_eq!(out["ad_set"]["daily_budget"], 2000);
        assert_eq!(out["ad"]["name"], "A · round 2");
        let f = &out["creative"]["asset_feed_spec"];
        assert_eq!(
            f["images"],
            json!([{"file": "a.jpg", "image_crops": {"100x100": [[0, 0], [10, 10]]}}, {"hash": "bbb"}])
        );
        assert_eq!(f["bodies"], json!([{"text": "two"}]));
        assert_eq!(f["call_to_action_types"], json!(["LEARN_MORE"]));
        assert_eq!(f["ad_formats"], json!(["SINGLE_IMAGE"]));
        assert!(f.get("videos").is_none(), "no list invented");
    }
}
