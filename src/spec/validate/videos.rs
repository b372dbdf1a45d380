//! Video rules: each video's source (a local `file` or a `video_id`), what its file holds
//! (container, codec, size, duration, picture), how its shape and length suit the placements
//! the ad sets run on, and its thumbnail. Meta's numbers are in `spec::tables` with their
//! sources; the README lists them.

use super::super::enums::CropKey;
use super::super::model::{LaunchSpec, VideoAsset};
use super::super::positions::{self, Position};
use super::super::tables::{
    LOW_VIDEO_SIDE, MAX_VIDEO_BYTES, MAX_VIDEO_MS, MIN_VIDEO_BYTES, MIN_VIDEO_MS, MIN_VIDEO_SIDE,
    VIDEO_PLAYS_MS, VIDEO_RATIO_TOLERANCE, video_codec_name,
};
use super::feed::is_web_url;
use super::{
    Facts, ImageFacts, ImageFormat, Report, VideoContainer, VideoFacts, VideoInfo, at,
    earlier_duplicates, file_key, index,
};
use crate::spec::units::ratio as shape_name;

const VIDEOS: &str = "creative.asset_feed_spec.videos";

pub(super) fn check(spec: &LaunchSpec, facts: &Facts, r: &mut Report) {
    let Some(videos) = spec
        .creative
        .as_ref()
        .and_then(|c| c.asset_feed_spec.as_ref())
        .and_then(|f| f.videos.as_ref())
        .filter(|v| !v.is_empty())
    else {
        return;
    };
    let by_id = earlier_duplicates(videos.iter().map(|v| v.video_id.as_ref()));
    let by_file = earlier_duplicates(videos.iter().map(|v| v.file.as_deref().map(file_key)));
    let mut read: Vec<(String, &VideoInfo, String)> = Vec::new();
    for (i, v) in videos.iter().enumerate() {
        let path = index(VIDEOS, i);
        let label = format!("Video {}", i + 1);
        if !check_source(v, &label, &path, r) {
            continue;
        }
        let earlier = match (by_id[i], by_file[i]) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some(j) = earlier {
            r.repeats(path.clone(), "Video", i, j);
        }
        let info = v
            .file
            .as_deref()
            .and_then(|f| check_file(f, &label, facts, &at(&path, "file"), r).map(|i| (f, i)));
        if let Some((file, info)) = info {
            read.push((format!("{label} (\"{file}\")"), info, at(&path, "file")));
        }
        check_thumbnail(v, &label, info.map(|(_, i)| i), facts, &path, r);
    }
    // Dynamic Creative picks among the feed's videos for each placement: a placement's shape
    // is judged only when no video of the feed has it [dcw's own].
    let places = Placements::of(spec);
    let fits_vertical = read.iter().any(|(_, i, _)| !places.off_vertical(i));
    let fits_feed = read.iter().any(|(_, i, _)| places.feed_bound(i).is_none());
    for (named, info, path) in &read {
        places.check(named, info, path, (fits_vertical, fits_feed), r);
    }
}

/// One of `file` and `video_id`. Returns whether there is a source to look further at.
fn check_source(v: &VideoAsset, label: &str, path: &str, r: &mut Report) -> bool {
    match (&v.video_id, v.file.as_deref()) {
        (Some(_), Some(_)) => {
            r.error(
                path,
                "video.source_ambiguous",
                format!("{label} has both a video id and a file; give one."),
            )
            .file_hint(
                "Keep \"file\" to upload it, or \"video_id\" for a video already in the account.",
            );
            false
        }
        (None, None) => {
            r.error(
                path,
                "video.source_missing",
                format!("{label} has neither a file nor a video id."),
            )
            .file_hint(
                "Give \"file\": a path to an MP4 or MOV (relative to the spec), or \"video_id\".",
            );
            false
        }
        (None, Some(f)) if f.trim().is_empty() => {
            r.error(
                at(path, "file"),
                "video.source_missing",
                format!("{label} has an empty file name."),
            );
            false
        }
        (Some(id), None) => {
            super::account::check_id(id, &at(path, "video_id"), &format!("{label}'s video id"), r);
            true
        }
        _ => true,
    }
}

/// Checks what the file holds; returns its facts when its shape and length can be judged.
fn check_file<'a>(
    file: &str,
    label: &str,
    facts: &'a Facts,
    path: &str,
    r: &mut Report,
) -> Option<&'a VideoInfo> {
    let named = format!("{label} (\"{file}\")");
    let info = match facts.videos.get(file)? {
        VideoFacts::Missing => {
            r.error(
                path,
                "video.file_missing",
                format!("{label}: there is no file at \"{file}\"."),
            )
            .hint("Relative paths start from the spec file's folder.");
            return None;
        }
        VideoFacts::Unreadable(why) => {
            r.error(
                path,
                "video.file_unreadable",
                format!("{named} cannot be read: {why}."),
            )
            .hint(if why.ends_with("not a regular file") {
                "Give the path of the video file itself (not a folder, pipe or device)."
            } else {
                "Export it again as an MP4 (H.264)."
            });
            return None;
        }
        VideoFacts::Read(info) => info,
    };
    if info.bytes > MAX_VIDEO_BYTES {
        r.error(
            path,
            "video.file_too_large",
            format!(
                "{named} is {} bytes ({:.2} GB); Meta takes ad videos up to 4 GB ({MAX_VIDEO_BYTES} bytes).",
                info.bytes,
                info.bytes as f64 / (1u64 << 30) as f64
            ),
        )
        .hint("Export it shorter or at a lower bitrate.");
    }
    if info.bytes < MIN_VIDEO_BYTES {
        r.error(
            path,
            "video.file_too_small",
            format!(
                "{named} is {} bytes; Meta refuses a video under 1 KB ({MIN_VIDEO_BYTES} bytes, error 1363022).",
                info.bytes
            ),
        )
        .hint("Check the file: a real clip is far larger.");
    }
    if info.rotation % 90 != 0 {
        r.warn(
            path,
            "video.rotation_tilted",
            format!(
                "{named} is turned {}° by its track header, not a right angle: players show it tilted or ignore the turn.",
                info.rotation
            ),
        )
        .hint("Export it again upright.");
    }
    if let VideoContainer::Other(kind) = &info.container {
        r.warn(
            path,
            "video.container_unread",
            format!("{named} is {kind}, not MP4 or MOV: Meta takes it, but dcw cannot read its length, size or codec to check them."),
        )
        .hint("Export it as MP4 (H.264) to have it checked before it uploads.");
        return None;
    }
    if !check_codec(&named, info, path, r) {
        return None;
    }
    if info.duration_ms > 0 && !(MIN_VIDEO_MS..=MAX_VIDEO_MS).contains(&info.duration_ms) {
        r.error(
            path,
            "video.duration_out_of_range",
            format!(
                "{named} runs {}; Meta takes ad videos of 1 second to 241 minutes.",
                duration(info.duration_ms)
            ),
        );
    }
    let (w, h) = info.shown_size();
    if w < MIN_VIDEO_SIDE || h < MIN_VIDEO_SIDE {
        r.error(
            path,
            "video.size_too_small",
            format!("{named} is {w}x{h} pixels; Meta takes videos at least {MIN_VIDEO_SIDE} pixels each way."),
        );
        return None;
    }
    if w.min(h) < LOW_VIDEO_SIDE {
        r.warn(
            path,
            "video.size_low",
            format!(
                "{named} is {w}x{h} pixels; it will look soft, above all in Stories and Reels."
            ),
        )
        .hint("Meta recommends at least 1080 pixels on the shorter side.");
    }
    Some(info)
}

/// A video track in a codec Meta takes. Returns whether there is a picture to judge further.
fn check_codec(named: &str, info: &VideoInfo, path: &str, r: &mut Report) -> bool {
    let codec = info.codec.as_str();
    if codec.is_empty() {
        r.error(
            path,
            "video.no_video_track",
            if info.has_audio {
                format!("{named} has no video track: it holds sound only.")
            } else {
                format!("{named} has no video track dcw can read: no picture, no sound.")
            },
        );
        return false;
    }
    if video_codec_name(codec).is_some() {
        return true;
    }
    let listed = "H.264, H.265, VP9 or AV1";
    if matches!(codec, "encv" | "drmi") {
        r.error(
            path,
            "video.codec_refused",
            format!("{named} is encrypted (DRM): Meta cannot process it."),
        )
        .hint(format!("Export it without protection, in {listed}."));
    } else {
        r.warn(
            path,
            "video.codec_unlisted",
            format!("{named} is coded as \"{codec}\", not one Meta names for ad video ({listed}): Meta may fail to process it."),
        )
        .hint("Export it as MP4 with H.264, the codec Meta recommends.");
    }
    true
}

/// The placements the ad sets run on, grouped by what they show of a video.
struct Placements {
    /// Full-screen 9:16 placements: Stories and Reels.
    vertical: Vec<&'static Position>,
    /// Feed-like placements: they show 16:9 to 4:5, and cut a taller picture to 4:5.
    feed: Vec<&'static Position>,
    /// Placements that play at most so many milliseconds of a video.
    plays: Vec<(&'static Position, u64)>,
}

impl Placements {
    /// Every position any ad set of the spec runs on, in the table's order.
    fn of(spec: &LaunchSpec) -> Placements {
        let sets = spec.effective_ad_sets();
        let mut chosen: Vec<&'static Position> = Vec::new();
        if sets.is_empty() {
            chosen = positions::chosen(None);
        }
        for (_, set) in &sets {
            for p in positions::chosen(set.targeting.as_ref()) {
                if !chosen.contains(&p) {
                    chosen.push(p);
                }
            }
        }
        let in_order = positions::POSITIONS.iter().filter(|p| chosen.contains(p));
        let mut out = Placements {
            vertical: Vec::new(),
            feed: Vec::new(),
            plays: Vec::new(),
        };
        for p in in_order {
            match p.crop {
                Some(CropKey::Vertical90x160) => out.vertical.push(p),
                None if p.key == "profile_reels" => out.vertical.push(p),
                Some(CropKey::Portrait400x500 | CropKey::Square100x100) => out.feed.push(p),
                _ => {}
            }
            if let Some((_, _, ms)) = VIDEO_PLAYS_MS
                .iter()
                .find(|(list, key, _)| *list == p.list && *key == p.key)
            {
                out.plays.push((p, *ms));
            }
        }
        out
    }

    /// The video is not 9:16 (within the tolerance).
    fn off_vertical(&self, info: &VideoInfo) -> bool {
        (ratio(info) / (9.0 / 16.0) - 1.0).abs() > VIDEO_RATIO_TOLERANCE
    }

    /// How a feed placement fails the video's shape: too tall (taller than 4:5) or too wide
    /// (wider than 16:9), with what happens to it; `None` when it fits.
    fn feed_bound(&self, info: &VideoInfo) -> Option<(&'static str, &'static str)> {
        let ratio = ratio(info);
        if ratio < 0.8 * (1.0 - VIDEO_RATIO_TOLERANCE) {
            Some(("at most 4:5 tall", "cut to 4:5"))
        } else if ratio > 16.0 / 9.0 * (1.0 + VIDEO_RATIO_TOLERANCE) {
            Some(("at most 16:9 wide", "shown with bars above and below"))
        } else {
            None
        }
    }

    /// Warnings naming the placements that show `info`'s picture with bars or cut (unless
    /// another video of the feed fits them: `fits`, for vertical and feed placements), or play
    /// only part of it.
    fn check(&self, named: &str, info: &VideoInfo, path: &str, fits: (bool, bool), r: &mut Report) {
        let (w, h) = info.shown_size();
        let ratio = ratio(info);
        let shape = shape_name((w, h));
        if !self.vertical.is_empty() && !fits.0 && self.off_vertical(info) {
            let how = if ratio < 9.0 / 16.0 {
                "cut at the top and bottom"
            } else {
                "with bars around it"
            };
            r.warn(
                path,
                "video.shape_for_placement",
                format!(
                    "{named} is {shape}; {} {} 9:16 full screen, so it shows {how}.",
                    labels(&self.vertical),
                    show(&self.vertical)
                ),
            )
            .hint("Add a 9:16 version (1080x1920) for Stories and Reels.");
        }
        if !self.feed.is_empty()
            && !fits.1
            && let Some((bound, how)) = self.feed_bound(info)
        {
            r.warn(
                path,
                "video.shape_for_placement",
                format!(
                    "{named} is {shape}; {} {} video {bound}, so it is {how}.",
                    labels(&self.feed),
                    show(&self.feed)
                ),
            )
            .hint("Feeds show 1:1 and 4:5 best (1080x1080, 1080x1350).");
        }
        let mut limits: Vec<u64> = self.plays.iter().map(|(_, ms)| *ms).collect();
        limits.sort_unstable();
        limits.dedup();
        for limit in limits {
            if info.duration_ms <= limit {
                continue;
            }
            let cut: Vec<&Position> = self
                .plays
                .iter()
                .filter(|(_, ms)| *ms == limit)
                .map(|(p, _)| *p)
                .collect();
            r.warn(
                path,
                "video.duration_cut",
                format!(
                    "{named} runs {}; {} {} at most {} of a video.",
                    duration(info.duration_ms),
                    labels(&cut),
                    if cut.len() == 1 { "plays" } else { "play" },
                    duration(limit)
                ),
            )
            .hint("Add a shorter cut for them, or leave them out of the placements.");
        }
    }
}

/// The shown picture's width over its height.
fn ratio(info: &VideoInfo) -> f64 {
    let (w, h) = info.shown_size();
    f64::from(w) / f64::from(h.max(1))
}

/// "Facebook Stories", "Facebook Stories and Instagram Reels", "A, B and C".
fn labels(ps: &[&Position]) -> String {
    let names: Vec<&str> = ps.iter().map(|p| p.label).collect();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

fn show(ps: &[&Position]) -> &'static str {
    if ps.len() == 1 { "shows" } else { "show" }
}

/// "0.5 seconds", "45 seconds", "4 min 3 s", "241 min".
fn duration(ms: u64) -> String {
    if ms < 1_000 {
        return format!("{:.1} seconds", ms as f64 / 1000.0);
    }
    let s = ms / 1000;
    match (s / 60, s % 60) {
        (0, s) => format!("{s} seconds"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

fn is_md5_hex(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// At most one of `thumbnail`, `thumbnail_hash`, `thumbnail_url`; a video given by id needs
/// one (Meta: subcode 1443226), not a local one (dcw uploads that only with a local video's
/// file); a local thumbnail is a readable image cut inside itself to
/// about the video's shape.
fn check_thumbnail(
    v: &VideoAsset,
    label: &str,
    info: Option<&VideoInfo>,
    facts: &Facts,
    path: &str,
    r: &mut Report,
) {
    let given = [
        v.thumbnail.is_some(),
        v.thumbnail_hash.is_some(),
        v.thumbnail_url.is_some(),
    ];
    match given.iter().filter(|g| **g).count() {
        0 if v.video_id.is_some() => {
            r.error(
                path,
                "video.thumbnail_missing",
                format!("{label} is given by id with no thumbnail: Meta refuses a feed video without one (subcode 1443226)."),
            )
            .file_hint("Add \"thumbnail_url\", \"thumbnail_hash\", or a local \"thumbnail\": {\"file\": \"cover.jpg\"} that dcw uploads.");
            return;
        }
        0 | 1 => {}
        _ => {
            r.error(
                path,
                "video.thumbnail_ambiguous",
                format!("{label} has more than one thumbnail; give one."),
            );
            return;
        }
    }
    if let Some(h) = v.thumbnail_hash.as_deref().filter(|h| !is_md5_hex(h)) {
        r.error(
            at(path, "thumbnail_hash"),
            "video.thumbnail_hash_malformed",
            format!("{label}'s thumbnail hash \"{h}\" is not an image hash: Meta's are 32 hexadecimal characters."),
        );
    }
    if let Some(u) = v.thumbnail_url.as_deref().filter(|u| !is_web_url(u)) {
        r.error(
            at(path, "thumbnail_url"),
            "video.thumbnail_url_invalid",
            format!("{label}'s thumbnail address \"{u}\" is not an absolute http(s) URL."),
        );
    }
    if let Some(t) = &v.thumbnail {
        check_local_thumbnail(t, label, info, facts, &at(path, "thumbnail"), r);
    }
}

fn check_local_thumbnail(
    t: &super::super::model::VideoThumbnail,
    label: &str,
    info: Option<&VideoInfo>,
    facts: &Facts,
    path: &str,
    r: &mut Report,
) {
    let file_path = at(path, "file");
    let Some(file) = t.file.as_deref().filter(|f| !f.trim().is_empty()) else {
        r.error(
            file_path,
            "video.thumbnail_file_missing",
            format!("{label}'s thumbnail has no image file."),
        )
        .file_hint("Give \"thumbnail\": {\"file\": \"thumb.jpg\"}, a JPEG or PNG.");
        return;
    };
    let named = format!("{label}'s thumbnail (\"{file}\")");
    let dims = match facts.images.get(file) {
        None => None,
        Some(ImageFacts::Missing) => {
            r.error(
                file_path,
                "video.thumbnail_file_missing",
                format!("{label}'s thumbnail: there is no file at \"{file}\"."),
            )
            .hint("Relative paths start from the spec file's folder.");
            return;
        }
        Some(ImageFacts::Unreadable(why)) => {
            r.error(
                file_path,
                "video.thumbnail_unreadable",
                format!("{named} cannot be read: {why}."),
            );
            return;
        }
        Some(ImageFacts::Read {
            format,
            width,
            height,
            complete,
            ..
        }) => {
            let why = match format {
                ImageFormat::Other(kind) => {
                    Some(format!("it holds {kind}, not a JPEG, PNG or GIF"))
                }
                _ if *width == 0 || *height == 0 => Some("its header says it has no pixels".into()),
                _ if !complete => Some("it ends before the picture: truncated?".into()),
                _ => None,
            };
            if let Some(why) = why {
                r.error(
                    file_path,
                    "video.thumbnail_unreadable",
                    format!("{named} cannot be used: {why}."),
                );
                return;
            }
            Some((*width, *height))
        }
    };
    let (cw, ch) = match &t.crop {
        Some([[left, top], [right, bottom]]) => {
            let (left, top, right, bottom) = (*left, *top, *right, *bottom);
            let outside = dims.is_some_and(|(w, h)| right > i64::from(w) || bottom > i64::from(h));
            if left < 0 || top < 0 || right <= left || bottom <= top || outside {
                let size = dims.map_or(String::new(), |(w, h)| format!(" {w}x{h}"));
                r.error(
                    at(path, "crop"),
                    "video.thumbnail_crop_invalid",
                    format!("{label}'s thumbnail crop [[{left}, {top}], [{right}, {bottom}]] is not a box inside the{size} image."),
                )
                .hint("A crop is [[left, top], [right, bottom]] in the image's pixels, right greater than left and bottom greater than top.");
                return;
            }
            (right - left, bottom - top)
        }
        None => match dims {
            Some((w, h)) => (i64::from(w), i64::from(h)),
            None => return,
        },
    };
    if let Some(info) = info {
        let (vw, vh) = info.shown_size();
        let want = f64::from(vw) / f64::from(vh);
        let got = cw as f64 / ch as f64;
        if (got / want - 1.0).abs() > VIDEO_RATIO_TOLERANCE {
            let key = if t.crop.is_some() { "crop" } else { "file" };
            r.warn(
                at(path, key),
                "video.thumbnail_shape",
                format!(
                    "{label}'s thumbnail is {} but the video is {}: it shows stretched or with bars before the video plays.",
                    shape_name((
                        u32::try_from(cw).unwrap_or(u32::MAX),
                        u32::try_from(ch).unwrap_or(u32::MAX)
                    )),
                    shape_name((vw, vh))
                ),
            )
            .hint("Crop the thumbnail to the video's shape.");
        }
    }
}
