//! Videos as Graph reads them back: the `AdVideo` node's names, a video's `status` on the
//! simulated clock, the thumbnails Meta generates, and what the sandbox reads of a video's first
//! chunk. Pure: no request, no handler.

use serde_json::{Map, Value, json};

use super::error::GraphError;
use super::state::{Kind, Sniff, State, VideoRecord};
use crate::spec::AssetFeedSpec;

/// `AdVideo`'s `Field` names: facebook_business/adobjects/advideo.py (its read fields, then
/// the upload parameters the sandbox takes).
pub const AD_VIDEO_FIELDS: &[&str] = &[
    "ad_breaks",
    "backdated_time",
    "content_category",
    "copyright_monitoring_status",
    "created_time",
    "custom_labels",
    "description",
    "embed_html",
    "embeddable",
    "format",
    "from",
    "icon",
    "id",
    "is_instagram_eligible",
    "length",
    "permalink_url",
    "picture",
    "published",
    "source",
    "status",
    "title",
    "universal_video_id",
    "updated_time",
    "end_offset",
    "file_size",
    "name",
    "start_offset",
    "upload_phase",
    "upload_session_id",
    "video_file_chunk",
];

/// The `AdVideo` edges the sandbox knows (the SDK's `get_thumbnails` and kin).
pub const AD_VIDEO_EDGES: &[&str] = &["captions", "comments", "likes", "thumbnails"];

/// Meta's words for a file that is not a video (its Video API error codes page, subcode
/// 1363031 "No Video Detected"); the sandbox ends processing with them for a file whose first
/// bytes are not an ISO-BMFF/QuickTime file [sandbox's own test].
pub const NOT_A_VIDEO: (i64, &str) = (
    1363031,
    "No Video Detected: It looks like you are uploading a file that is not a video. Please try again with a video file.",
);

/// How many thumbnails the sandbox generates for a processed video [sandbox's own].
const THUMBNAILS: usize = 3;

/// Where a video's processing is at `now_ms`.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    /// Processing, with its progress (0 to 99).
    Processing(u64),
    Ready,
    Error(i64, String),
}

pub fn phase(r: &VideoRecord, now_ms: u64) -> Phase {
    if now_ms >= r.due_ms {
        return match &r.error {
            Some((code, message)) => Phase::Error(*code, message.clone()),
            None => Phase::Ready,
        };
    }
    let span = r.due_ms.saturating_sub(r.finished_ms).max(1);
    let done = now_ms.saturating_sub(r.finished_ms);
    Phase::Processing((done.saturating_mul(100) / span).min(99))
}

/// The video's `status` as Graph reads it: `video_status`, `processing_progress`, and the
/// uploading, processing and publishing phases.
pub fn status(r: &VideoRecord, now_ms: u64) -> Value {
    let uploading = json!({"status": "complete", "bytes_transferred": r.size});
    // An ad video is not published to a Page: its publishing phase never starts
    // [sandbox's own reading].
    let publishing = json!({"status": "not_started"});
    let (video_status, progress, processing) = match phase(r, now_ms) {
        Phase::Processing(p) => ("processing", p, json!({"status": "in_progress"})),
        Phase::Ready => ("ready", 100, json!({"status": "complete"})),
        Phase::Error(code, message) => (
            "error",
            100,
            json!({"status": "error", "errors": [{"code": code, "message": message}]}),
        ),
    };
    json!({
        "video_status": video_status,
        "processing_progress": progress,
        "uploading_phase": uploading,
        "processing_phase": processing,
        "publishing_phase": publishing,
    })
}

/// The thumbnails Meta generates once the video is processed (none before, none for a video
/// whose processing failed): a few frames, the first one preferred. The `uri`s are on the
/// sandbox's base and are not served [sandbox's own].
pub fn thumbnails(base_url: &str, id: &str, r: &VideoRecord, now_ms: u64) -> Vec<Value> {
    if phase(r, now_ms) != Phase::Ready {
        return Vec::new();
    }
    let width = r.sniff.width.unwrap_or(1280);
    let height = r.sniff.height.unwrap_or(720);
    (0..THUMBNAILS)
        .map(|n| {
            json!({
                "id": format!("{id}0{n}"),
                "uri": format!("{base_url}/_sandbox/videos/{id}/thumbnails/{n}.jpg"),
                "is_preferred": n == 0,
                "width": width,
                "height": height,
                "scale": 1,
                "name": format!("Thumbnail {}", n + 1),
            })
        })
        .collect()
}

/// A creative's `asset_feed_spec.videos`: each names a video of the account by `video_id`
/// (dcw's own `file` and `thumbnail` keys never reach Graph), processed and ready, with a
/// thumbnail: `thumbnail_hash` (an image of the account) or `thumbnail_url` [Meta: asset feed
/// spec, "video must belong to the account"; the codes (100) and words are the sandbox's own].
pub fn check_feed(
    state: &State,
    account: &str,
    feed: &AssetFeedSpec,
    now_ms: u64,
) -> Result<(), GraphError> {
    let blame = ["asset_feed_spec", "videos"];
    for (i, v) in feed.videos.iter().flatten().enumerate() {
        let at = format!("asset_feed_spec[videos][{i}]");
        if v.file.is_some() || v.thumbnail.is_some() {
            let key = if v.file.is_some() {
                "file"
            } else {
                "thumbnail"
            };
            return Err(GraphError::invalid(format!(
                "Param {at}[{key}] is not a valid field: upload the video to /advideos and send its video_id"
            ))
            .blame(&blame));
        }
        let Some(id) = v.video_id.as_ref().map(|id| id.as_str()) else {
            return Err(GraphError::refused(
                format!("{at} needs a video_id"),
                "Missing Video",
                &blame,
            ));
        };
        let record = state
            .get(id)
            .filter(|o| o.kind == Kind::Video && o.account == account)
            .and_then(|_| state.videos.get(id));
        let Some(record) = record else {
            return Err(GraphError::refused(
                format!(
                    "The video {id} in {at} is not a video of ad account act_{account}: upload it to this account's /advideos first"
                ),
                "Video Not Found",
                &blame,
            ));
        };
        match phase(record, now_ms) {
            Phase::Ready => {}
            Phase::Processing(p) => {
                return Err(GraphError::refused(
                    format!(
                        "The video {id} in {at} is still processing ({p}%): wait until its status.video_status is ready"
                    ),
                    "Video Not Ready",
                    &blame,
                ));
            }
            Phase::Error(_, message) => {
                return Err(GraphError::refused(
                    format!("The video {id} in {at} failed processing: {message}"),
                    "Video Not Usable",
                    &blame,
                ));
            }
        }
        match (&v.thumbnail_hash, &v.thumbnail_url) {
            (Some(hash), _) if state.image(account, hash).is_none() => {
                return Err(GraphError::refused(
                    format!(
                        "The thumbnail_hash {hash} in {at} is not an image of ad account act_{account}: upload it to /adimages first"
                    ),
                    "Thumbnail Not Found",
                    &blame,
                ));
            }
            (Some(_), _) => {}
            (None, Some(url)) if !url.trim().is_empty() => {}
            _ => {
                // Meta answers a video without a thumbnail with 100/1443226 (seen in the wild
                // for `video_data` without `image_url`; dcw's rules cite the same subcode).
                return Err(GraphError::refused(
                    format!(
                        "The video {id} in {at} needs a thumbnail: thumbnail_hash or thumbnail_url"
                    ),
                    "Missing Thumbnail",
                    &blame,
                )
                .subcode(1443226));
            }
        }
    }
    Ok(())
}

/// Adds a video's computed fields to its read-back view: `status`, `length` (seconds, when
/// the first chunk held `moov`), `picture` and `thumbnails` once processed.
pub fn extend_view(
    m: &mut Map<String, Value>,
    base_url: &str,
    id: &str,
    r: &VideoRecord,
    now_ms: u64,
) {
    m.insert("status".into(), status(r, now_ms));
    if let Some(ms) = r.sniff.duration_ms {
        m.insert("length".into(), json!(ms as f64 / 1000.0));
    }
    let thumbs = thumbnails(base_url, id, r, now_ms);
    if let Some(uri) = thumbs.first().and_then(|t| t.get("uri")) {
        m.insert("picture".into(), uri.clone());
    }
    m.insert("thumbnails".into(), json!({ "data": thumbs }));
}

/// Reads what the first chunk of a video tells: an `ftyp` box at offset 4 (ISO-BMFF, MP4 or
/// QuickTime), and from a `moov` that lies whole in the chunk, the duration (`mvhd`) and the
/// first video track's size (`tkhd`). Bounded by the chunk; each box is visited once.
pub fn sniff(head: &[u8]) -> Sniff {
    let iso = head.get(4..8) == Some(b"ftyp".as_slice());
    let mut out = Sniff {
        iso,
        ..Sniff::default()
    };
    if !iso {
        return out;
    }
    let Some(moov) = boxes(head).find(|(t, _)| t == b"moov").map(|(_, b)| b) else {
        return out;
    };
    for (kind, body) in boxes(moov) {
        match &kind {
            b"mvhd" => out.duration_ms = mvhd_duration_ms(body),
            b"trak" if out.width.is_none() => {
                if let Some((w, h)) = boxes(body)
                    .find(|(t, _)| t == b"tkhd")
                    .and_then(|(_, b)| tkhd_size(b))
                    .filter(|(w, h)| *w > 0 && *h > 0)
                {
                    out.width = Some(w);
                    out.height = Some(h);
                }
            }
            _ => {}
        }
    }
    out
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4)
        .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

fn be64(b: &[u8], at: usize) -> Option<u64> {
    Some((u64::from(be32(b, at)?) << 32) | u64::from(be32(b, at + 4)?))
}

/// The boxes that lie whole in `data`, as (type, body); stops at the first that does not.
fn boxes(data: &[u8]) -> impl Iterator<Item = ([u8; 4], &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let size = be32(data, at)? as u64;
        let kind: [u8; 4] = data.get(at + 4..at + 8)?.try_into().ok()?;
        let (header, size) = match size {
            0 => (8, (data.len() - at) as u64),
            1 => (16, be64(data, at + 8)?),
            n => (8, n),
        };
        let end = at.checked_add(usize::try_from(size).ok()?)?;
        if size < header as u64 || end > data.len() {
            return None;
        }
        let body = &data[at + header..end];
        at = end;
        Some((kind, body))
    })
}

fn mvhd_duration_ms(body: &[u8]) -> Option<u64> {
    let (scale, duration) = match body.first()? {
        1 => (be32(body, 20)?, be64(body, 24)?),
        _ => (be32(body, 12)?, u64::from(be32(body, 16)?)),
    };
    (scale > 0).then(|| duration.saturating_mul(1000) / u64::from(scale))
}

/// `tkhd`'s width and height: the last two 16.16 fixed-point numbers of its body.
fn tkhd_size(body: &[u8]) -> Option<(u32, u32)> {
    let n = body.len().checked_sub(8)?;
    Some((be32(body, n)? >> 16, be32(body, n + 4)? >> 16))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(finished_ms: u64, due_ms: u64, error: bool) -> VideoRecord {
        VideoRecord {
            size: 5000,
            finished_ms,
            due_ms,
            error: error.then(|| (NOT_A_VIDEO.0, NOT_A_VIDEO.1.to_string())),
            sniff: Sniff::default(),
        }
    }

    #[test]
    fn processing_grows_then_ends_ready_or_in_error() {
        let r = record(1000, 5000, false);
        assert_eq!(phase(&r, 1000), Phase::Processing(0));
        assert_eq!(phase(&r, 3000), Phase::Processing(50));
        assert_eq!(phase(&r, 4999), Phase::Processing(99));
        assert_eq!(phase(&r, 5000), Phase::Ready);
        assert_eq!(status(&r, 3000)["processing_progress"], 50);
        assert_eq!(status(&r, 6000)["video_status"], "ready");
        let bad = record(1000, 1000, true);
        let s = status(&bad, 1000);
        assert_eq!(s["video_status"], "error");
        assert_eq!(s["processing_phase"]["errors"][0]["code"], 1363031);
        assert!(thumbnails("http://x", "1", &bad, 1000).is_empty());
    }

    #[test]
    fn sniff_needs_ftyp_at_four_and_reads_moov_when_whole() {
        assert!(!sniff(b"GIF89a not a video at all").iso);
        let mut f = Vec::new();
        f.extend(16u32.to_be_bytes());
        f.extend(b"ftypisom\0\0\0\0");
        // moov { mvhd v0 (timescale 1000, duration 15000), trak { tkhd ... 1080x1920 } }
        let mut mvhd = vec![0u8; 100];
        mvhd[12..16].copy_from_slice(&1000u32.to_be_bytes());
        mvhd[16..20].copy_from_slice(&15000u32.to_be_bytes());
        let mut tkhd = vec![0u8; 84];
        tkhd[76..80].copy_from_slice(&(1080u32 << 16).to_be_bytes());
        tkhd[80..84].copy_from_slice(&(1920u32 << 16).to_be_bytes());
        let wrap = |kind: &[u8], body: &[u8]| {
            let mut b = ((body.len() + 8) as u32).to_be_bytes().to_vec();
            b.extend(kind);
            b.extend(body);
            b
        };
        let trak = wrap(b"trak", &wrap(b"tkhd", &tkhd));
        let moov = wrap(b"moov", &[wrap(b"mvhd", &mvhd), trak].concat());
        f.extend(moov);
        let s = sniff(&f);
        assert!(s.iso);
        assert_eq!(s.duration_ms, Some(15000));
        assert_eq!((s.width, s.height), (Some(1080), Some(1920)));
        // A moov cut off by the chunk's end is not read.
        assert_eq!(sniff(&f[..f.len() - 1]).duration_ms, None);
    }
}
