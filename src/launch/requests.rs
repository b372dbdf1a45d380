//! What a spec becomes on the wire: the parameters of each create call, and the names (with the
//! launch tag) that let dcw find its objects again.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use crate::spec::{AdSet, LaunchSpec, VideoAsset, VideoThumbnail};
use crate::store::journal_file::{StepRecord, StepState};
use crate::store::launch_step::LaunchStep;

fn object(v: &impl serde::Serialize) -> Map<String, Value> {
    match serde_json::to_value(v) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

fn tagged(name: &str, tag: &str) -> String {
    if tag.is_empty() {
        name.to_string()
    } else {
        format!("{name} · {tag}")
    }
}

/// The ad sets of the launch, with their index in the journal (`adset:<n>`, `ad:<n>`).
pub fn ad_sets(spec: &LaunchSpec) -> Vec<AdSet> {
    spec.effective_ad_sets()
        .into_iter()
        .map(|(_, s)| s)
        .collect()
}

/// The spec's asset feed, if it has one.
fn feeds(spec: &LaunchSpec) -> impl Iterator<Item = &crate::spec::AssetFeedSpec> {
    spec.creative
        .iter()
        .filter_map(|c| c.asset_feed_spec.as_ref())
}

/// The image files of the spec, in order, without repeats.
pub fn image_files(spec: &LaunchSpec) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let images = feeds(spec).filter_map(|f| f.images.as_ref()).flatten();
    for f in images.filter_map(|i| i.file.clone()) {
        if !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

/// The spec's videos with a local `file`, one per file (the first entry's thumbnail), in order.
pub fn video_entries(spec: &LaunchSpec) -> Vec<VideoAsset> {
    let mut out: Vec<VideoAsset> = Vec::new();
    let videos = feeds(spec).filter_map(|f| f.videos.as_ref()).flatten();
    for v in videos.filter(|v| v.file.is_some()) {
        if !out.iter().any(|o| o.file == v.file) {
            out.push(v.clone());
        }
    }
    out
}

/// The spec's videos given by `video_id` with a local `thumbnail` image, one per id (the first
/// entry's thumbnail), in order: the launch uploads each thumbnail and sends its hash.
pub fn id_video_thumbnails(spec: &LaunchSpec) -> Vec<(String, VideoThumbnail)> {
    let mut out: Vec<(String, VideoThumbnail)> = Vec::new();
    let videos = feeds(spec).filter_map(|f| f.videos.as_ref()).flatten();
    for v in videos.filter(|v| v.file.is_none()) {
        if let (Some(id), Some(t)) = (&v.video_id, v.thumbnail.as_ref())
            && t.file.is_some()
            && !out.iter().any(|(o, _)| o == id.as_str())
        {
            out.push((id.as_str().to_string(), t.clone()));
        }
    }
    out
}

/// The journal's name for the thumbnail of a video given by id: `thumbnail:video <id>`.
pub fn id_thumbnail_key(id: &str) -> String {
    format!("video {id}")
}

/// The local video files of the spec, in order, without repeats.
pub fn video_files(spec: &LaunchSpec) -> Vec<String> {
    video_entries(spec)
        .into_iter()
        .filter_map(|v| v.file)
        .collect()
}

/// What the launch made of a local video: Meta's id, and the thumbnail dcw found for it (its
/// own uploaded image's hash, or Meta's generated one's uri); none when the spec names one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedVideo {
    pub video_id: String,
    pub thumbnail_hash: Option<String>,
    pub thumbnail_url: Option<String>,
}

/// Every write of the launch, in order, with its tagged name.
pub fn plan(spec: &LaunchSpec, tag: &str) -> Vec<StepRecord> {
    let step = |key: LaunchStep, name: String| StepRecord {
        key,
        name,
        stamp: None,
        state: StepState::Pending,
    };
    let mut steps = Vec::new();
    for f in image_files(spec) {
        steps.push(step(LaunchStep::Image(f.clone()), f.clone()));
    }
    for v in video_entries(spec) {
        let f = v.file.clone().unwrap_or_default();
        steps.push(step(LaunchStep::Video(f.clone()), f.clone()));
        // Named by its image file, as a thumbnail of a video given by id is.
        if let Some(image) = v.thumbnail.as_ref().and_then(|t| t.file.clone()) {
            steps.push(step(LaunchStep::Thumbnail(f.clone()), image));
        }
    }
    for (id, t) in id_video_thumbnails(spec) {
        let name = t.file.unwrap_or_default();
        steps.push(step(LaunchStep::Thumbnail(id_thumbnail_key(&id)), name));
    }
    let campaign = spec
        .campaign
        .as_ref()
        .and_then(|c| c.name.clone())
        .unwrap_or_default();
    match spec.existing_campaign() {
        // An existing campaign is journaled as given: created already, never written.
        Some(id) => steps.push(StepRecord {
            state: StepState::Created { id: id.to_string() },
            ..step(LaunchStep::Campaign, campaign.clone())
        }),
        None => steps.push(step(LaunchStep::Campaign, tagged(&campaign, tag))),
    }
    let sets = ad_sets(spec);
    for (i, s) in sets.iter().enumerate() {
        steps.push(step(
            LaunchStep::AdSet(i),
            tagged(s.name.as_deref().unwrap_or(""), tag),
        ));
    }
    let creative = spec
        .creative
        .as_ref()
        .and_then(|c| c.name.clone())
        .unwrap_or_else(|| format!("{campaign} creative"));
    steps.push(step(LaunchStep::Creative, tagged(&creative, tag)));
    let ad = spec
        .ad
        .as_ref()
        .and_then(|a| a.name.clone())
        .unwrap_or_default();
    let audiences = spec.audiences.as_ref().filter(|a| !a.is_empty());
    for i in 0..sets.len() {
        let name = match audiences.and_then(|a| a[i].name.as_deref()) {
            Some(aud) => format!("{ad} · {aud}"),
            None => ad.clone(),
        };
        steps.push(step(LaunchStep::Ad(i), tagged(&name, tag)));
    }
    steps
}

/// `POST /act_<id>/campaigns`: the campaign as written, with its tagged name, PAUSED unless it
/// says otherwise, and `is_adset_budget_sharing_enabled=false` when it has no budget and does
/// not say.
pub fn campaign_params(spec: &LaunchSpec, name: &str) -> Map<String, Value> {
    let c = spec.campaign.clone().unwrap_or_default();
    let has_budget = c.daily_budget.is_some() || c.lifetime_budget.is_some();
    let mut m = object(&c);
    m.insert("name".into(), json!(name));
    m.entry("status").or_insert(json!("PAUSED"));
    if !has_budget {
        m.entry("is_adset_budget_sharing_enabled")
            .or_insert(json!(false));
    }
    m
}

/// `POST /act_<id>/adsets`: a dynamic-creative ad set under the campaign.
pub fn ad_set_params(set: &AdSet, campaign_id: &str, name: &str) -> Map<String, Value> {
    let mut m = object(set);
    m.insert("name".into(), json!(name));
    m.insert("campaign_id".into(), json!(campaign_id));
    m.insert("is_dynamic_creative".into(), json!(true));
    m.entry("status").or_insert(json!("PAUSED"));
    m
}

/// `POST /act_<id>/adcreatives`: identity from the spec's page and Instagram account, the asset
/// feed as written with each image `file` replaced by its uploaded `hash` (videos as written:
/// see [`creative_params_with_videos`]).
pub fn creative_params(
    spec: &LaunchSpec,
    name: &str,
    hashes: &HashMap<String, String>,
) -> Map<String, Value> {
    creative_params_with_videos(spec, name, hashes, &HashMap::new())
}

/// [`creative_params`], and each video's `file` and `thumbnail` (dcw's own keys) replaced by
/// its `video_id` and the thumbnail dcw found: `thumbnail_hash` or `thumbnail_url`, unless the
/// spec gives one of them itself.
pub fn creative_params_with_videos(
    spec: &LaunchSpec,
    name: &str,
    hashes: &HashMap<String, String>,
    videos: &HashMap<String, FeedVideo>,
) -> Map<String, Value> {
    let c = spec.creative.clone().unwrap_or_default();
    let mut m = object(&c);
    m.insert("name".into(), json!(name));
    let mut story = m
        .get("object_story_spec")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    if let Some(p) = &spec.page_id {
        story.insert("page_id".into(), json!(p.as_str()));
    }
    if let Some(ig) = &spec.instagram_user_id {
        story.insert("instagram_user_id".into(), json!(ig.as_str()));
    }
    m.insert("object_story_spec".into(), Value::Object(story));
    if let Some(Value::Object(feed)) = m.get_mut("asset_feed_spec")
        && let Some(Value::Array(images)) = feed.get_mut("images")
    {
        for img in images.iter_mut().filter_map(Value::as_object_mut) {
            if let Some(file) = img
                .remove("file")
                .and_then(|f| f.as_str().map(str::to_string))
                && let Some(hash) = hashes.get(&file)
            {
                img.insert("hash".into(), json!(hash));
            }
        }
    }
    if !videos.is_empty()
        && let Some(Value::Object(feed)) = m.get_mut("asset_feed_spec")
        && let Some(Value::Array(list)) = feed.get_mut("videos")
    {
        for v in list.iter_mut().filter_map(Value::as_object_mut) {
            feed_video(v, videos);
        }
    }
    m
}

/// One `asset_feed_spec.videos[]` entry as sent: `file` and `thumbnail` out, `video_id` and
/// the thumbnail in.
fn feed_video(v: &mut Map<String, Value>, videos: &HashMap<String, FeedVideo>) {
    v.remove("thumbnail");
    let file = v
        .remove("file")
        .and_then(|f| f.as_str().map(str::to_string));
    // A video given by id is found by its thumbnail's key.
    let Some(key) = file.or_else(|| Some(id_thumbnail_key(v.get("video_id")?.as_str()?))) else {
        return;
    };
    let Some(made) = videos.get(&key) else {
        return;
    };
    v.insert("video_id".into(), json!(made.video_id));
    let has_own = v.contains_key("thumbnail_hash") || v.contains_key("thumbnail_url");
    if has_own {
        return;
    }
    if let Some(h) = &made.thumbnail_hash {
        v.insert("thumbnail_hash".into(), json!(h));
    } else if let Some(u) = &made.thumbnail_url {
        v.insert("thumbnail_url".into(), json!(u));
    }
}

/// `POST /act_<id>/ads`: one ad pointing at the shared creative.
pub fn ad_params(
    spec: &LaunchSpec,
    name: &str,
    adset_id: &str,
    creative_id: &str,
) -> Map<String, Value> {
    let a = spec.ad.clone().unwrap_or_default();
    let mut m = object(&a);
    m.insert("name".into(), json!(name));
    m.insert("adset_id".into(), json!(adset_id));
    m.insert("creative".into(), json!({ "creative_id": creative_id }));
    m.entry("status").or_insert(json!("PAUSED"));
    m
}

/// A warning for each asset type Meta kept fewer of than were sent (a known silent collapse).
pub fn lost_assets(sent: &Value, kept: &Value) -> Vec<String> {
    let kept = asset_counts(kept);
    asset_counts(sent)
        .into_iter()
        .filter_map(|(kind, n)| {
            let k = kept.iter().find(|(x, _)| *x == kind).map_or(0, |(_, c)| *c);
            (k < n).then(|| {
                format!("Meta kept {k} of the {n} {kind} sent; check the creative in Ads Manager")
            })
        })
        .collect()
}

/// How many assets the feed sends, by type, to compare with what Meta kept.
pub fn asset_counts(feed: &Value) -> Vec<(&'static str, usize)> {
    [
        "images",
        "videos",
        "titles",
        "bodies",
        "descriptions",
        "link_urls",
        "call_to_action_types",
    ]
    .into_iter()
    .map(|k| (k, feed.get(k).and_then(Value::as_array).map_or(0, Vec::len)))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> LaunchSpec {
        crate::spec::parse_spec(
            r#"{"account_id": "act_1", "creative": {"asset_feed_spec": {
              "images": [{"file": "images/a.jpg"}],
              "videos": [
                {"file": "videos/run.mp4"},
                {"file": "videos/walk.mp4", "thumbnail": {"file": "images/t.png", "crop": [[0, 0], [10, 10]]}},
                {"file": "videos/own.mp4", "thumbnail_url": "https://example.com/t.jpg"},
                {"video_id": "999", "thumbnail_hash": "abc"},
                {"file": "videos/run.mp4"}
              ]}}}"#,
        )
        .unwrap()
    }

    #[test]
    fn the_plan_uploads_each_video_file_once_and_a_local_thumbnail_as_its_own_step() {
        let keys: Vec<String> = plan(&spec(), "")
            .iter()
            .map(|s| s.key.to_string())
            .collect();
        assert_eq!(
            keys[..5],
            [
                "image:images/a.jpg",
                "video:videos/run.mp4",
                "video:videos/walk.mp4",
                "thumbnail:videos/walk.mp4",
                "video:videos/own.mp4",
            ]
        );
        assert_eq!(keys[5], "campaign");
        let thumb = plan(&spec(), "").into_iter().nth(3).unwrap();
        assert_eq!(
            thumb.name, "images/t.png",
            "a thumbnail's step is named by its image file"
        );
        assert_eq!(
            video_files(&spec()),
            ["videos/run.mp4", "videos/walk.mp4", "videos/own.mp4"]
        );
    }

    #[test]
    fn the_creative_sends_video_ids_and_thumbnails_never_dcw_s_own_keys() {
        let made = |id: &str, hash: Option<&str>, url: Option<&str>| FeedVideo {
            video_id: id.into(),
            thumbnail_hash: hash.map(Into::into),
            thumbnail_url: url.map(Into::into),
        };
        let videos = HashMap::from([
            (
                "videos/run.mp4".to_string(),
                made("1", None, Some("https://meta/1.jpg")),
            ),
            ("videos/walk.mp4".to_string(), made("2", Some("h2"), None)),
            ("videos/own.mp4".to_string(), made("3", None, None)),
        ]);
        let m = creative_params_with_videos(&spec(), "c", &HashMap::new(), &videos);
        let sent = &m["asset_feed_spec"]["videos"];
        assert_eq!(
            sent[0],
            json!({"video_id": "1", "thumbnail_url": "https://meta/1.jpg"})
        );
        assert_eq!(sent[1], json!({"video_id": "2", "thumbnail_hash": "h2"}));
        assert_eq!(
            sent[2],
            json!({"thumbnail_url": "https://example.com/t.jpg", "video_id": "3"}),
            "the spec's own thumbnail is kept"
        );
        assert_eq!(sent[3], json!({"video_id": "999", "thumbnail_hash": "abc"}));
    }
}
