//! Meta's own previews of a spec, for `dcw preview` and the preview screen: before the launch,
//! `generatepreviews` with the creative as the launch would send it (the spec's image files
//! uploaded first, so the feed names them by `hash`); after it, the launched ad's `previews`.
//! One call per `ad_format`, through the account's gate like every call.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::graph::{CallError, GraphClient, parse_preview};
use crate::spec::LaunchSpec;
use crate::spec::preview;
use crate::store::files::{FileKind, read_bounded};

use super::requests;

/// The `ad_format`s of the placements a spec's ad sets reach (each family's, in key order,
/// without repeats).
pub fn preview_formats(spec: &LaunchSpec) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for f in preview::spec_families(spec) {
        for a in f.ad_formats {
            if !out.contains(a) {
                out.push(a);
            }
        }
    }
    out
}

/// The placement's words for an `ad_format` (the family dcw mocks it as), else the format.
pub fn placement_words(ad_format: &str) -> String {
    preview::family_by_ad_format(ad_format)
        .map_or_else(|| ad_format.to_string(), |f| f.label.to_string())
}

/// What a preview was made from.
#[derive(Debug, Clone, PartialEq)]
pub enum PreviewOf {
    /// The spec's creative, not yet launched (`generatepreviews`).
    Creative,
    /// The launched ad of this id (`/<ad_id>/previews`).
    Ad(String),
}

/// One of Meta's previews: the format, the placement's words, Graph's fields and the link.
#[derive(Debug, Clone, PartialEq)]
pub struct MetaPreview {
    pub ad_format: String,
    pub placement: String,
    pub fields: Map<String, Value>,
    pub link: String,
}

/// Why Meta's previews could not be had.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PreviewError {
    /// A file of the spec cannot be read (an image to upload).
    #[error("{0}")]
    File(String),
    /// The spec has nothing a preview could show.
    #[error("{0}")]
    Nothing(String),
    /// Graph refused or failed a call.
    #[error("{what}: {error}")]
    Call { what: String, error: CallError },
    /// Graph answered without a usable preview.
    #[error("{ad_format}: {message}")]
    Answer { ad_format: String, message: String },
}

/// The creative a preview shows, and what was left out of it.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewCreative {
    pub creative: Map<String, Value>,
    /// Notes for the buyer (a local video left out, and why).
    pub notes: Vec<String>,
}

/// The creative as the launch sends it, for `generatepreviews`: the spec's image files
/// uploaded to the account unless Meta has their hash already (uploading the same bytes gives
/// the same hash), each then named by `hash`. A video given by a local `file` is left out and
/// named in a note: uploading and processing a video takes minutes, which a preview should not
/// (`[dcw's own]`); a feed left with no image or video is refused.
pub async fn preview_creative(
    client: &GraphClient,
    spec: &LaunchSpec,
    spec_dir: &Path,
) -> Result<PreviewCreative, PreviewError> {
    let account = spec.account_digits();
    let mut local: Vec<(String, String, Vec<u8>)> = Vec::new();
    for f in requests::image_files(spec) {
        let bytes = read_bounded(&spec_dir.join(&f), FileKind::Image)
            .map_err(|e| PreviewError::File(e.to_string()))?;
        let hash = crate::store::images::md5_hex(&bytes);
        local.push((f, hash, bytes));
    }
    let wanted: Vec<String> = local.iter().map(|(_, h, _)| h.clone()).collect();
    let have = client
        .existing_image_hashes(account, &wanted)
        .await
        .map_err(|error| PreviewError::Call {
            what: "reading the account's images".into(),
            error,
        })?;
    let mut hashes = HashMap::new();
    for (file, hash, bytes) in local {
        if !have.contains(&hash) {
            let name = crate::spec::units::file_name(&file).to_string();
            let up = client
                .upload_image(account, &name, bytes)
                .await
                .map_err(|error| PreviewError::Call {
                    what: format!("uploading {file}"),
                    error,
                })?;
            hashes.insert(file, up.hash);
        } else {
            hashes.insert(file, hash);
        }
    }
    let name = spec
        .creative
        .as_ref()
        .and_then(|c| c.name.clone())
        .unwrap_or_else(|| "dcw preview".into());
    let mut creative = requests::creative_params(spec, &name, &hashes);
    let notes = drop_local_videos(&mut creative);
    let feed = creative.get("asset_feed_spec");
    let count = |k: &str| {
        feed.and_then(|f| f.get(k))
            .and_then(Value::as_array)
            .map_or(0, Vec::len)
    };
    if feed.is_some() && count("images") + count("videos") == 0 {
        return Err(PreviewError::Nothing(
            "creative.asset_feed_spec has no image and no uploaded video to preview (a video given by file is uploaded by dcw submit; give its video_id to preview it)".into(),
        ));
    }
    Ok(PreviewCreative { creative, notes })
}

/// Takes the videos given by local `file` out of the feed, naming each.
fn drop_local_videos(creative: &mut Map<String, Value>) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(Value::Object(feed)) = creative.get_mut("asset_feed_spec")
        && let Some(Value::Array(videos)) = feed.get_mut("videos")
    {
        videos.retain(|v| match v.get("file").and_then(Value::as_str) {
            Some(file) => {
                notes.push(format!(
                    "creative.asset_feed_spec.videos: {file} is not uploaded yet, so Meta's previews leave it out (dcw submit uploads it; a video_id previews it)"
                ));
                false
            }
            None => true,
        });
        for v in videos.iter_mut().filter_map(Value::as_object_mut) {
            v.remove("thumbnail");
        }
        if videos.is_empty() {
            feed.remove("videos");
        }
    }
    notes
}

/// Meta's preview of `of` in each of `formats`, in order.
pub async fn meta_previews(
    client: &GraphClient,
    account: &str,
    of: &PreviewOf,
    creative: Option<&Map<String, Value>>,
    formats: &[String],
) -> Result<Vec<MetaPreview>, PreviewError> {
    let mut out = Vec::new();
    for f in formats {
        let answer = match (of, creative) {
            (PreviewOf::Ad(id), _) => client.object_previews(account, id, f).await,
            (PreviewOf::Creative, Some(c)) => client.generate_previews(account, c, f).await,
            (PreviewOf::Creative, None) => {
                return Err(PreviewError::Nothing(
                    "no creative to preview: the spec has no creative".into(),
                ));
            }
        }
        .map_err(|error| PreviewError::Call {
            what: format!("Meta's {f} preview"),
            error,
        })?;
        let p = parse_preview(&answer).map_err(|message| PreviewError::Answer {
            ad_format: f.clone(),
            message,
        })?;
        out.push(MetaPreview {
            ad_format: f.clone(),
            placement: placement_words(f),
            fields: p.fields,
            link: p.link,
        });
    }
    Ok(out)
}

/// What [`previews_of_spec`] needs: the spec, where it lives, the launched ad if there is one
/// (`session::launched_ad` finds it from the journals), and the formats.
pub struct SpecPreview<'a> {
    pub spec: &'a LaunchSpec,
    pub spec_dir: PathBuf,
    /// The ad of the spec's launch on this Graph: its previews are asked instead.
    pub launched_ad: Option<String>,
    /// The `ad_format`s to ask for; empty: every format of the spec's placements.
    pub formats: Vec<String>,
}

/// Meta's previews of a spec, with what they were made from and the notes to show.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecPreviews {
    pub of: PreviewOf,
    pub previews: Vec<MetaPreview>,
    pub notes: Vec<String>,
}

/// The whole of `dcw preview` (and the preview screen's key): the launched ad's previews when
/// there is one, else the preview creative's (images uploaded first), for each format.
pub async fn previews_of_spec(
    client: &GraphClient,
    req: SpecPreview<'_>,
) -> Result<SpecPreviews, PreviewError> {
    let formats = if req.formats.is_empty() {
        preview_formats(req.spec)
            .into_iter()
            .map(String::from)
            .collect()
    } else {
        req.formats
    };
    let (of, creative, notes) = match req.launched_ad {
        Some(id) => (PreviewOf::Ad(id), None, Vec::new()),
        None => {
            let made = preview_creative(client, req.spec, &req.spec_dir).await?;
            (PreviewOf::Creative, Some(made.creative), made.notes)
        }
    };
    let account = req.spec.account_digits();
    let previews = meta_previews(client, account, &of, creative.as_ref(), &formats).await?;
    Ok(SpecPreviews {
        of,
        previews,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_local_video_is_left_out_and_named_and_a_video_by_id_stays() {
        let mut c = json!({"asset_feed_spec": {"videos": [
            {"file": "clips/a.mp4", "thumbnail": {"file": "t.jpg"}},
            {"video_id": "123", "thumbnail_url": "https://x.test/t.jpg"}
        ]}})
        .as_object()
        .cloned()
        .unwrap();
        let notes = drop_local_videos(&mut c);
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("clips/a.mp4"), "{notes:?}");
        assert_eq!(
            c["asset_feed_spec"]["videos"],
            json!([{"video_id": "123", "thumbnail_url": "https://x.test/t.jpg"}])
        );
    }

    #[test]
    fn a_feed_of_local_videos_only_has_no_videos_left() {
        let mut c = json!({"asset_feed_spec": {"videos": [{"file": "a.mp4"}]}})
            .as_object()
            .cloned()
            .unwrap();
        drop_local_videos(&mut c);
        assert!(c["asset_feed_spec"].get("videos").is_none());
    }
}
