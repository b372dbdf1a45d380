//! Graph's chunked video upload on `/act_<id>/advideos` (`upload_phase` start, transfer,
//! finish, as Meta's SDK sends them to graph-video.facebook.com), a video's status while Meta
//! processes it, and its generated thumbnails. The answers are read by pure functions: offsets
//! come as decimal strings in Meta's answers (the SDK does `int(...)`) or as numbers.

use serde_json::Value;

use super::client::{GraphClient, GraphConfig, Params};
use super::error::{CallError, GraphErrorBody};

/// Where Meta's SDK sends every upload phase (`url_override`).
pub const VIDEO_HOST: &str = "https://graph-video.facebook.com";

/// The subcode of "There was a problem uploading your video" (code 6001) that Meta answers a
/// chunk at the wrong offset with; its `error_data` holds the offsets to continue from.
pub const WRONG_OFFSET_SUBCODE: i64 = 1_363_037;
/// Meta's refusal of a `finish` before every byte arrived (Video API error codes).
pub const INCOMPLETE_UPLOAD_SUBCODE: i64 = 1_363_033;

/// Whether `e` is Meta's refusal of a `finish` that came before every byte (1363033): the
/// upload goes on, it is not lost.
pub fn is_incomplete_upload(e: &CallError) -> bool {
    matches!(e, CallError::Graph { error, .. } if error.error_subcode == Some(INCOMPLETE_UPLOAD_SUBCODE))
}

/// The slowest link a chunk is given time for, in bytes a second [dcw's own]: 32 KiB/s, so a
/// 4 MiB window has the client's deadline plus two minutes on a poor hotel Wi-Fi upload.
pub const MIN_CHUNK_RATE: u64 = 32 * 1024;

/// The deadline of one chunk's exchange: the client's, plus the time `bytes` take at
/// [`MIN_CHUNK_RATE`] (a fixed minute would never let a slow link send a 4 MiB window).
pub fn chunk_timeout(base: std::time::Duration, bytes: usize) -> std::time::Duration {
    base + std::time::Duration::from_secs((bytes as u64).div_ceil(MIN_CHUNK_RATE))
}

/// The largest window dcw sends in one chunk [dcw's own]: Meta asks for a few megabytes at a
/// time; a window over this is refused instead of read into memory.
pub const MAX_CHUNK_BYTES: u64 = 64 * 1024 * 1024;

impl GraphConfig {
    /// The base the upload phases go to: graph-video.facebook.com for Meta's Graph, the API
    /// base itself for anything else (the sandbox serves the video edge on its one port).
    pub fn video_base_url(&self) -> String {
        let meta = url::Url::parse(self.base_url.trim()).is_ok_and(|u| {
            u.scheme() == "https"
                && u.host_str()
                    .is_some_and(|h| h.eq_ignore_ascii_case("graph.facebook.com"))
                && u.port_or_known_default() == Some(443)
        });
        if meta {
            VIDEO_HOST.to_string()
        } else {
            self.base_url.clone()
        }
    }
}

/// The bytes `[start, end)` of the file Meta wants next; `start == end` once it has them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: u64,
    pub end: u64,
}

impl Window {
    /// Every byte is Meta's: the window is empty.
    pub fn is_done(&self) -> bool {
        self.start == self.end
    }
}

/// `upload_phase=start`'s answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadStart {
    pub video_id: String,
    pub session: String,
    pub window: Window,
}

/// What a transfer came to: the chunk was taken (Meta's next window), or Meta had other
/// offsets than the chunk's (subcode 1363037, after a lost answer or a resume) and says where
/// to continue. Neither is a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transferred {
    Acked(Window),
    Elsewhere(Window),
}

impl Transferred {
    pub fn window(&self) -> Window {
        match self {
            Transferred::Acked(w) | Transferred::Elsewhere(w) => *w,
        }
    }
}

/// `status.video_status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VideoState {
    Processing,
    Ready,
    Error,
    /// Another value (`expired`, a newer one): as written.
    Other(String),
}

/// A video's `status` as dcw reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VideoStatus {
    pub state: VideoState,
    /// `processing_progress`, 0 to 100.
    pub progress: Option<u8>,
    /// `uploading_phase.status` (`complete` once Meta has every byte).
    pub uploading: Option<String>,
    /// The messages of every phase's `errors`.
    pub errors: Vec<String>,
}

impl VideoStatus {
    /// Meta has every byte of the upload (an uncertain finish is adopted on it).
    pub fn upload_complete(&self) -> bool {
        self.uploading.as_deref() == Some("complete")
            || matches!(self.state, VideoState::Ready | VideoState::Processing)
                && self.uploading.is_none()
    }
}

/// One of Meta's generated thumbnails (`GET /<video>/thumbnails`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedThumbnail {
    pub id: String,
    pub uri: String,
    pub is_preferred: bool,
}

/// An offset as Meta writes it: a decimal string or a number.
pub fn parse_offset(v: &Value) -> Option<u64> {
    match v {
        Value::String(s) => s.trim().parse().ok(),
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}

/// `start_offset` and `end_offset` of an object; the end never before the start.
pub fn parse_window(v: &Value) -> Option<Window> {
    let start = parse_offset(v.get("start_offset")?)?;
    let end = parse_offset(v.get("end_offset")?)?;
    (end >= start).then_some(Window { start, end })
}

fn unexpected(what: &str) -> CallError {
    CallError::Unexpected {
        status: 200,
        message: format!("the video upload's {what}"),
    }
}

/// `{"video_id", "upload_session_id", "start_offset", "end_offset"}`.
pub fn parse_start(v: &Value) -> Result<UploadStart, CallError> {
    let text = |k: &str| match v.get(k) {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let video_id = text("video_id").ok_or_else(|| unexpected("start answered without video_id"))?;
    let session = text("upload_session_id")
        .ok_or_else(|| unexpected("start answered without upload_session_id"))?;
    let window = parse_window(v).ok_or_else(|| unexpected("start answered without offsets"))?;
    Ok(UploadStart {
        video_id,
        session,
        window,
    })
}

/// The offsets a 1363037 refusal says to continue from (`error_data`, an object or a JSON
/// string holding one); `None` for any other error.
pub fn resync_window(e: &GraphErrorBody) -> Option<Window> {
    if e.error_subcode != Some(WRONG_OFFSET_SUBCODE) {
        return None;
    }
    let data = match e.error_data.as_ref()? {
        Value::String(s) => serde_json::from_str::<Value>(s).ok()?,
        v => v.clone(),
    };
    parse_window(&data)
}

/// `GET /<video>?fields=status`'s answer.
pub fn parse_status(v: &Value) -> VideoStatus {
    let status = v.get("status").unwrap_or(&Value::Null);
    let state = match status.get("video_status").and_then(Value::as_str) {
        Some("ready") => VideoState::Ready,
        Some("processing") => VideoState::Processing,
        Some("error") => VideoState::Error,
        Some(other) => VideoState::Other(other.to_string()),
        None => VideoState::Other(String::new()),
    };
    let progress = status
        .get("processing_progress")
        .and_then(parse_offset)
        .map(|p| p.min(100) as u8);
    let uploading = status
        .get("uploading_phase")
        .and_then(|p| p.get("status"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let errors = ["uploading_phase", "processing_phase", "publishing_phase"]
        .iter()
        .filter_map(|phase| status.get(phase)?.get("errors")?.as_array())
        .flatten()
        .filter_map(|e| e.get("message").and_then(Value::as_str))
        .map(str::to_string)
        .collect();
    VideoStatus {
        state,
        progress,
        uploading,
        errors,
    }
}

/// `GET /<video>/thumbnails`'s `data`, those with a `uri`.
pub fn parse_thumbnails(v: &Value) -> Vec<GeneratedThumbnail> {
    v.get("data")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|t| {
            let uri = t.get("uri").and_then(Value::as_str)?.to_string();
            Some(GeneratedThumbnail {
                id: t
                    .get("id")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                uri,
                is_preferred: t.get("is_preferred").and_then(Value::as_bool) == Some(true),
            })
        })
        .collect()
}

/// The thumbnail Meta prefers, else its first.
pub fn preferred(thumbnails: &[GeneratedThumbnail]) -> Option<&GeneratedThumbnail> {
    thumbnails
        .iter()
        .find(|t| t.is_preferred)
        .or_else(|| thumbnails.first())
}

/// A file name as a multipart header can carry it: control characters, quotes, backslashes
/// and invisible format characters (a bidi override) become `_`. The name only labels the
/// upload; Graph answers with the image's hash or the video's offsets.
pub(super) fn header_safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            let invisible = matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}');
            if c.is_control() || invisible || c == '"' || c == '\\' {
                '_'
            } else {
                c
            }
        })
        .collect()
}

fn params(pairs: &[(&str, String)]) -> Params {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

impl GraphClient {
    fn advideos_url(&self, account: &str) -> String {
        self.url_on(
            &self.config().video_base_url(),
            &format!("act_{account}/advideos"),
        )
    }

    /// `upload_phase=start` with `file_size`: Meta's video id, session and first window.
    pub async fn upload_start(&self, account: &str, size: u64) -> Result<UploadStart, CallError> {
        let p = params(&[
            ("upload_phase", "start".into()),
            ("file_size", size.to_string()),
        ]);
        let url = self.advideos_url(account);
        parse_start(&self.write(Some(account), &url, &p, || None).await?)
    }

    /// `upload_phase=transfer`: the bytes of the file from `start_offset` as `video_file_chunk`.
    /// A 1363037 refusal with offsets is [`Transferred::Elsewhere`], not an error.
    pub async fn upload_transfer(
        &self,
        account: &str,
        session: &str,
        start_offset: u64,
        chunk: Vec<u8>,
        file_name: &str,
    ) -> Result<Transferred, CallError> {
        let p = params(&[
            ("upload_phase", "transfer".into()),
            ("upload_session_id", session.into()),
            ("start_offset", start_offset.to_string()),
        ]);
        let name = header_safe(file_name);
        let timeout = chunk_timeout(self.config().timeout, chunk.len());
        let form = || {
            let part = reqwest::multipart::Part::bytes(chunk.clone()).file_name(name.clone());
            Some(reqwest::multipart::Form::new().part("video_file_chunk", part))
        };
        let url = self.advideos_url(account);
        match self
            .write_within(Some(account), &url, &p, form, timeout)
            .await
        {
            Ok(v) => parse_window(&v)
                .map(Transferred::Acked)
                .ok_or_else(|| unexpected("transfer answered without offsets")),
            Err(e) => match &e {
                CallError::Graph { error, .. } => {
                    resync_window(error).map(Transferred::Elsewhere).ok_or(e)
                }
                _ => Err(e),
            },
        }
    }

    /// `upload_phase=finish` with the video's `title`: `{"success": true}`.
    pub async fn upload_finish(
        &self,
        account: &str,
        session: &str,
        title: &str,
    ) -> Result<(), CallError> {
        let p = params(&[
            ("upload_phase", "finish".into()),
            ("upload_session_id", session.into()),
            ("title", title.into()),
        ]);
        let url = self.advideos_url(account);
        let v = self.write(Some(account), &url, &p, || None).await?;
        if v.get("success").and_then(Value::as_bool) == Some(true) {
            Ok(())
        } else {
            Err(unexpected("finish answered without success"))
        }
    }

    /// `GET /<video>?fields=status`, charged to `account`.
    pub async fn video_status(&self, account: &str, id: &str) -> Result<VideoStatus, CallError> {
        let v = self
            .get_in(Some(account), id, &[("fields", "status")])
            .await?;
        Ok(parse_status(&v))
    }

    /// `GET /<video>/thumbnails`: Meta's generated thumbnails, charged to `account`.
    pub async fn video_thumbnails(
        &self,
        account: &str,
        id: &str,
    ) -> Result<Vec<GeneratedThumbnail>, CallError> {
        let v = self
            .get_in(Some(account), &format!("{id}/thumbnails"), &[])
            .await?;
        Ok(parse_thumbnails(&v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Secret;
    use serde_json::json;

    #[test]
    fn an_upload_names_its_file_with_nothing_a_header_cannot_carry() {
        for (name, sent) in [
            ("boots.jpg", "boots.jpg"),
            ("a\u{1b}[2Jb.jpg", "a_[2Jb.jpg"),
            ("say \"hi\".png", "say _hi_.png"),
            ("back\\slash.jpg", "back_slash.jpg"),
            ("evil\u{202e}gpj.exe", "evil_gpj.exe"),
            ("new\nline.jpg", "new_line.jpg"),
            ("ブーツ.jpg", "ブーツ.jpg"),
        ] {
            assert_eq!(header_safe(name), sent, "{name:?}");
        }
    }

    #[test]
    fn uploads_go_to_graph_video_for_meta_and_to_the_same_base_for_anything_else() {
        let mut c = GraphConfig::new(Secret::new("t".to_string()));
        for (base, video) in [
            ("https://graph.facebook.com", VIDEO_HOST),
            ("https://Graph.Facebook.com/", VIDEO_HOST),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("http://graph.facebook.com", "http://graph.facebook.com"),
            (
                "https://graph.facebook.com:8443",
                "https://graph.facebook.com:8443",
            ),
            ("sandbox", "sandbox"),
        ] {
            c.base_url = base.into();
            assert_eq!(c.video_base_url(), video, "{base}");
        }
    }

    #[test]
    fn a_chunk_has_time_for_its_bytes_on_a_slow_link() {
        let base = std::time::Duration::from_secs(60);
        assert_eq!(chunk_timeout(base, 0), base);
        assert_eq!(
            chunk_timeout(base, 4 * 1024 * 1024),
            std::time::Duration::from_secs(60 + 128),
            "4 MiB at 32 KiB/s"
        );
        assert_eq!(
            chunk_timeout(base, 1),
            base + std::time::Duration::from_secs(1)
        );
    }

    #[test]
    fn offsets_read_as_decimal_strings_or_numbers_and_never_backwards() {
        assert_eq!(parse_offset(&json!("4194304")), Some(4_194_304));
        assert_eq!(parse_offset(&json!(12)), Some(12));
        assert_eq!(parse_offset(&json!("-1")), None);
        assert_eq!(parse_offset(&json!("4e6")), None);
        assert_eq!(parse_offset(&json!(null)), None);
        let w = parse_window(&json!({"start_offset": "0", "end_offset": 1048576}));
        assert_eq!(
            w,
            Some(Window {
                start: 0,
                end: 1_048_576
            })
        );
        assert_eq!(
            parse_window(&json!({"start_offset": "9", "end_offset": "3"})),
            None
        );
        assert!(
            parse_window(&json!({"start_offset": "7", "end_offset": "7"}))
                .unwrap()
                .is_done()
        );
    }

    #[test]
    fn a_start_answer_gives_the_video_the_session_and_the_first_window() {
        let s = parse_start(&json!({"video_id": "555", "upload_session_id": "777",
            "start_offset": "0", "end_offset": "4194304"}))
        .unwrap();
        assert_eq!(s.video_id, "555");
        assert_eq!(s.session, "777");
        assert_eq!(
            s.window,
            Window {
                start: 0,
                end: 4_194_304
            }
        );
        let e = parse_start(&json!({"video_id": "555"})).unwrap_err();
        assert!(e.to_string().contains("upload_session_id"), "{e}");
    }

    #[test]
    fn a_wrong_offset_refusal_says_where_to_continue_and_nothing_else_does() {
        let envelope = json!({"error": {"message": "There was a problem uploading your video. Please try again.",
            "type": "OAuthException", "code": 6001, "error_subcode": 1363037, "is_transient": false,
            "error_data": {"start_offset": 8388608, "end_offset": 12582912}}});
        let e = GraphErrorBody::from_answer(&envelope).unwrap();
        assert_eq!(
            resync_window(&e),
            Some(Window {
                start: 8_388_608,
                end: 12_582_912
            })
        );
        let mut as_text = e.clone();
        as_text.error_data = Some(json!("{\"start_offset\":\"5\",\"end_offset\":\"9\"}"));
        assert_eq!(resync_window(&as_text), Some(Window { start: 5, end: 9 }));
        let mut other = e.clone();
        other.error_subcode = Some(1363030);
        assert_eq!(resync_window(&other), None, "another subcode");
        let mut bare = e;
        bare.error_data = None;
        assert_eq!(resync_window(&bare), None, "no offsets to go on");
    }

    #[test]
    fn a_status_reads_state_progress_phases_and_errors() {
        let s = parse_status(&json!({"id": "1", "status": {"video_status": "processing",
            "processing_progress": 42, "uploading_phase": {"status": "complete", "bytes_transferred": 10},
            "processing_phase": {"status": "in_progress"}}}));
        assert_eq!(s.state, VideoState::Processing);
        assert_eq!(s.progress, Some(42));
        assert!(s.upload_complete());
        let s = parse_status(&json!({"status": {"video_status": "error",
            "uploading_phase": {"status": "complete"},
            "processing_phase": {"status": "error", "errors": [{"code": 1363008, "message": "The video file is not a supported format."}]}}}));
        assert_eq!(s.state, VideoState::Error);
        assert_eq!(s.errors, vec!["The video file is not a supported format."]);
        let s = parse_status(&json!({"status": {"video_status": "processing",
            "uploading_phase": {"status": "in_progress", "bytes_transferred": 3}}}));
        assert!(!s.upload_complete(), "bytes still missing");
        assert_eq!(
            parse_status(&json!({"status": {"video_status": "expired"}})).state,
            VideoState::Other("expired".into())
        );
    }

    #[test]
    fn the_preferred_thumbnail_is_meta_s_pick_else_the_first() {
        let v = json!({"data": [
            {"id": "a", "uri": "https://x/a.jpg", "is_preferred": false},
            {"id": "b", "uri": "https://x/b.jpg", "is_preferred": true},
            {"id": "c"}]});
        let t = parse_thumbnails(&v);
        assert_eq!(t.len(), 2, "one without a uri is no thumbnail");
        assert_eq!(preferred(&t).unwrap().id, "b");
        assert_eq!(preferred(&t[..1]).unwrap().id, "a");
        assert!(preferred(&[]).is_none());
    }
}
