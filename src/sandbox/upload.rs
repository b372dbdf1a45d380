//! Meta's chunked video upload on `POST /act_<id>/advideos` (the Video API's resumable upload,
//! as Meta's Python SDK `video_uploader.py` drives it): `upload_phase=start` with `file_size`
//! opens a session, `transfer` appends one chunk (`video_file_chunk`) at `start_offset`,
//! `finish` makes the video; `cancel` drops a session. A plain `source` file part uploads a
//! small video in one request. Only sizes and offsets are kept, never the bytes.

use serde_json::{Map, Value, json};

use super::error::GraphError;
use super::handler::Ctx;
use super::state::{Kind, Object, Sniff, Upload, VideoRecord};
use super::videos;
use super::wire::GraphRequest;
use crate::spec::tables::MAX_VIDEO_BYTES;

/// The window each answer asks for next: 4 MiB [sandbox's own; Meta chooses its own].
pub const WINDOW: u64 = 4 * 1024 * 1024;
/// Meta's smallest video: 1 KB (subcode 1363022).
pub const MIN_VIDEO_BYTES: u64 = 1024;
/// The most upload sessions the sandbox keeps: a start past it forgets the oldest (which then
/// answers as unknown), so sessions nobody finishes cannot grow the state without end
/// [sandbox's own; Meta expires sessions too (1363030, upload timeout)].
pub const MAX_SESSIONS: usize = 10_000;

const UPLOAD_PROBLEM: &str = "There was a problem uploading your video. Please try again.";
const UPLOAD_PROBLEM_USER: &str =
    "There was a problem uploading your video. Please try uploading it again.";

/// `POST /act_<id>/advideos`.
pub fn advideos(ctx: &mut Ctx, req: &GraphRequest, account: &str) -> Result<Value, GraphError> {
    match req.params.text("upload_phase") {
        Some("start") => start(ctx, req, account),
        Some("transfer") => transfer(ctx, req, account),
        Some("finish") => finish(ctx, req, account),
        Some("cancel") => cancel(ctx, req, account),
        Some(other) => Err(GraphError::invalid(format!(
            "upload_phase must be start, transfer, finish or cancel, not {}",
            clip(other)
        ))
        .blame(&["upload_phase"])),
        None => single(ctx, req, account),
    }
}

/// At most 64 characters of what the client sent, for an error that names it.
fn clip(s: &str) -> String {
    s.chars().take(64).collect()
}

/// Where the window that starts at `at` ends.
fn window_end(at: u64, size: u64) -> u64 {
    at.saturating_add(WINDOW).min(size)
}

fn offsets(at: u64, size: u64) -> Value {
    json!({"start_offset": at.to_string(), "end_offset": window_end(at, size).to_string()})
}

/// A chunk at the wrong offset (or of the wrong length): Meta's 6001/1363037, its `error_data`
/// giving the offsets to go on from (Meta's Video API error codes page; php-graph-sdk #821).
pub fn wrong_offset(at: u64, size: u64) -> GraphError {
    GraphError::video(6001, 1363037, UPLOAD_PROBLEM)
        .user("Error Uploading Video", UPLOAD_PROBLEM_USER)
        .with_data("start_offset", json!(at))
        .with_data("end_offset", json!(window_end(at, size)))
}

/// The size a start or a single upload declares, refused past Meta's limits: 6000/1363023 over
/// 4 GB (Meta's ad video maximum), 6000/1363022 under 1 KB (Meta's words, its limit).
fn check_size(size: u64, field: &str) -> Result<(), GraphError> {
    if size > MAX_VIDEO_BYTES {
        return Err(GraphError::video(
            6000,
            1363023,
            "The video you tried to upload is too large. The maximum size for a video is 4 GB. Please try again with a smaller file.",
        )
        .user("Video Too Large", "The maximum size for an ad video is 4 GB.")
        .blame(&[field]));
    }
    if size < MIN_VIDEO_BYTES {
        return Err(GraphError::video(
            6000,
            1363022,
            "The video you tried to upload is too small. The minimum size for a video is 1 KB. Please try again with a larger file.",
        )
        .user("Video Too Small", "The minimum size for a video is 1 KB.")
        .blame(&[field]));
    }
    Ok(())
}

fn start(ctx: &mut Ctx, req: &GraphRequest, account: &str) -> Result<Value, GraphError> {
    let text = req
        .params
        .text("file_size")
        .filter(|t| !t.is_empty())
        .ok_or_else(|| GraphError::required("file_size"))?;
    let size: u64 = text.trim().parse().map_err(|_| {
        GraphError::invalid(format!(
            "file_size must be the file's size in bytes, not {}",
            clip(text)
        ))
        .blame(&["file_size"])
    })?;
    check_size(size, "file_size")?;
    let session = ctx.state.new_id();
    let video_id = ctx.state.new_id();
    while ctx.state.uploads.len() >= MAX_SESSIONS {
        // Ids grow and have as many digits: the first key is the oldest session.
        ctx.state.uploads.pop_first();
    }
    ctx.state.uploads.insert(
        session.clone(),
        Upload {
            video_id: video_id.clone(),
            account: account.to_string(),
            size,
            received: 0,
            closed: false,
            sniff: None,
        },
    );
    let mut answer = offsets(0, size);
    answer["video_id"] = json!(video_id);
    answer["upload_session_id"] = json!(session);
    Ok(answer)
}

/// The session a transfer, finish or cancel names, in this account; an unknown one is refused
/// with code 100 naming it [sandbox's own: Meta documents no subcode for it].
fn session<'c>(
    ctx: &'c mut Ctx,
    req: &GraphRequest,
    account: &str,
) -> Result<(String, &'c mut Upload), GraphError> {
    let id = req
        .params
        .text("upload_session_id")
        .filter(|t| !t.is_empty())
        .ok_or_else(|| GraphError::required("upload_session_id"))?
        .to_string();
    match ctx.state.uploads.get_mut(&id) {
        Some(u) if u.account == account => Ok((id, u)),
        _ => Err(GraphError::invalid(format!(
            "Upload session {} does not exist in ad account act_{account}: start a new upload with upload_phase=start",
            clip(&id)
        ))
        .blame(&["upload_session_id"])),
    }
}

fn transfer(ctx: &mut Ctx, req: &GraphRequest, account: &str) -> Result<Value, GraphError> {
    let chunk = req
        .params
        .files()
        .find(|(k, _, _)| *k == "video_file_chunk")
        .map(|(_, _, b)| b);
    let start_text = req.params.text("start_offset");
    let (id, u) = session(ctx, req, account)?;
    if u.closed {
        return Err(GraphError::invalid(format!(
            "Upload session {id} is finished or cancelled: it takes no more chunks"
        ))
        .blame(&["upload_session_id"]));
    }
    let Some(chunk) = chunk else {
        return Err(GraphError::required("video_file_chunk"));
    };
    let Some(at) = start_text.and_then(|t| t.trim().parse::<u64>().ok()) else {
        return Err(GraphError::required("start_offset"));
    };
    let len = chunk.len() as u64;
    // Appended only at the expected offset and within the window: a chunk sent again after a
    // lost answer is refused, never counted twice.
    let fits = at == u.received && len > 0 && len <= WINDOW && at + len <= u.size;
    if !fits {
        return Err(wrong_offset(u.received, u.size));
    }
    if at == 0 {
        u.sniff = Some(videos::sniff(chunk));
    }
    u.received += len;
    Ok(offsets(u.received, u.size))
}

fn finish(ctx: &mut Ctx, req: &GraphRequest, account: &str) -> Result<Value, GraphError> {
    let title = title_of(req);
    let (id, u) = session(ctx, req, account)?;
    if u.closed {
        // A finish sent again after a lost answer [sandbox's own: idempotent].
        let video_id = u.video_id.clone();
        if ctx.state.videos.contains_key(&video_id) {
            return Ok(json!({"success": true}));
        }
        return Err(GraphError::invalid(format!(
            "Upload session {id} was cancelled: start a new upload"
        ))
        .blame(&["upload_session_id"]));
    }
    if u.received < u.size {
        // Meta's 1363033: the server holds part of the file (its Video API error codes page).
        return Err(GraphError::video(6001, 1363033, UPLOAD_PROBLEM)
            .user("Error Uploading Video", UPLOAD_PROBLEM_USER)
            .with_data("start_offset", json!(u.received))
            .with_data("end_offset", json!(window_end(u.received, u.size))));
    }
    u.closed = true;
    let (video_id, size, sniff) = (u.video_id.clone(), u.size, u.sniff.clone());
    make_video(
        ctx,
        account,
        video_id,
        size,
        sniff.unwrap_or_default(),
        title,
    );
    Ok(json!({"success": true}))
}

fn cancel(ctx: &mut Ctx, req: &GraphRequest, account: &str) -> Result<Value, GraphError> {
    let (id, u) = session(ctx, req, account)?;
    let (closed, video_id) = (u.closed, u.video_id.clone());
    if closed && ctx.state.videos.contains_key(&video_id) {
        return Err(GraphError::invalid(format!(
            "Upload session {id} is finished: its video is in the account"
        ))
        .blame(&["upload_session_id"]));
    }
    if let Some(u) = ctx.state.uploads.get_mut(&id) {
        u.closed = true;
    }
    Ok(json!({"success": true}))
}

/// A video sent whole as a `source` file part (Meta's non-resumable upload). The sandbox takes
/// it up to its body limit (`wire::MAX_BODY`) [sandbox's own].
fn single(ctx: &mut Ctx, req: &GraphRequest, account: &str) -> Result<Value, GraphError> {
    let Some(bytes) = req
        .params
        .files()
        .find(|(k, _, _)| *k == "source")
        .map(|(_, _, b)| b)
    else {
        return Err(GraphError::invalid(
            "Send upload_phase (start, transfer, finish) for a chunked upload, or the video as a source file",
        )
        .blame(&["upload_phase"]));
    };
    let size = bytes.len() as u64;
    check_size(size, "source")?;
    let sniff = videos::sniff(bytes);
    let video_id = ctx.state.new_id();
    make_video(ctx, account, video_id.clone(), size, sniff, title_of(req));
    Ok(json!({ "id": video_id }))
}

fn title_of(req: &GraphRequest) -> Option<String> {
    req.params
        .text("title")
        .or_else(|| req.params.text("name"))
        .map(str::to_string)
}

/// A finished upload becomes a video of the account, processing on the simulated clock.
fn make_video(
    ctx: &mut Ctx,
    account: &str,
    video_id: String,
    size: u64,
    sniff: Sniff,
    title: Option<String>,
) {
    let error = (!sniff.iso).then(|| (videos::NOT_A_VIDEO.0, videos::NOT_A_VIDEO.1.to_string()));
    ctx.state.videos.insert(
        video_id.clone(),
        VideoRecord {
            size,
            finished_ms: ctx.now_ms,
            due_ms: ctx.now_ms.saturating_add(ctx.video_processing_ms),
            error,
            sniff,
        },
    );
    let mut fields = Map::new();
    if let Some(t) = title {
        fields.insert("title".into(), json!(t));
    }
    ctx.state.insert(Object {
        id: video_id,
        kind: Kind::Video,
        account: account.to_string(),
        fields,
        created_ms: ctx.now_ms,
        updated_ms: ctx.now_ms,
        review: None,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::state::State;

    fn start_request() -> GraphRequest {
        GraphRequest::from_parts(
            axum::http::Method::POST,
            "v27.0/act_1234567890/advideos",
            None,
            Some("upload_phase=start&file_size=5000"),
        )
        .unwrap()
    }

    #[test]
    fn sessions_stay_bounded_and_the_oldest_is_forgotten_first() {
        let mut state = State::default();
        let mut ctx = Ctx {
            state: &mut state,
            now_ms: 0,
            review_delay_ms: 0,
            video_processing_ms: 0,
            disable_rejected_ads: false,
            base_url: "http://127.0.0.1:1",
        };
        let req = start_request();
        let first = advideos(&mut ctx, &req, "1234567890").unwrap();
        let first = first["upload_session_id"].as_str().unwrap().to_string();
        for _ in 0..MAX_SESSIONS {
            advideos(&mut ctx, &req, "1234567890").unwrap();
        }
        assert_eq!(ctx.state.uploads.len(), MAX_SESSIONS);
        assert!(
            !ctx.state.uploads.contains_key(&first),
            "the oldest went first"
        );
    }
}
