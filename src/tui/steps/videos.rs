//! The Assets step's videos: each video's file with its container metadata beside it
//! (`run.mp4 · 0:15 · 1080×1920 9:16 · H.264 · 48.2 MB`), its thumbnail (none: Meta's
//! generated one; or a local image cut to the video's shape), and the words of the format
//! choice when the feed carries videos.

use crate::spec::VideoFacts;
use crate::spec::crop::largest_centred;
use crate::spec::tables::{MAX_IMAGES, MAX_VIDEOS};
use crate::spec::text::sanitize;
use crate::spec::units::ratio;
use crate::spec::{CropBox, ImageFacts};
use crate::tui::form::{self, ButtonAction, Field, FieldKind, Opt};
use crate::tui::model::Model;

/// The asset feed's path (the Assets step's own `FEED`; named here so neither imports the other).
const FEED: &str = "creative.asset_feed_spec";

/// The `#` field choosing how a video's local thumbnail is cut, by the video's path.
const CROP_SUFFIX: &str = ".thumbnail_cut";

/// `run.mp4 · 0:15 · 1080×1920 9:16 · H.264 · 48.2 MB`, or why there is nothing to show.
pub fn describe(app: &Model, file: &str) -> String {
    let name = sanitize(crate::spec::units::file_name(file));
    match app.ctx.videos.get(file) {
        Some(VideoFacts::Read(v)) => format!("{name} · {}", v.summary()),
        Some(VideoFacts::Missing) => format!("{name}: no such file"),
        Some(VideoFacts::Unreadable(why)) => format!("{name}: {}", sanitize(why)),
        None if file.is_empty() => "type a path; Tab completes".into(),
        None => format!("{name}: reading…"),
    }
}

/// The picture's shape as people see it, once the file is read.
pub fn shown_size(app: &Model, file: &str) -> Option<(u32, u32)> {
    match app.ctx.videos.get(file) {
        Some(VideoFacts::Read(v)) => Some(v.shown_size()).filter(|(w, h)| *w > 0 && *h > 0),
        _ => None,
    }
}

fn box_text(b: &CropBox) -> String {
    format!("{},{},{},{}", b[0][0], b[0][1], b[1][0], b[1][1])
}

/// The video's shape and its thumbnail image's size, when both files are read.
fn thumbnail_sizes(app: &Model, base: &str) -> Option<((u32, u32), (u32, u32))> {
    let video = form::get_str(&app.draft, &format!("{base}.file"))?;
    let thumb = form::get_str(&app.draft, &format!("{base}.thumbnail.file"))?;
    Some((shown_size(app, video)?, app.image_size(thumb)?))
}

/// Each video (its file, metadata, thumbnail) and the button adding one.
pub fn fields(app: &Model, out: &mut Vec<Field>) {
    let videos = form::len(&app.draft, &format!("{FEED}.videos"));
    for i in 0..videos {
        let base = format!("{FEED}.videos[{i}]");
        let file = form::get_str(&app.draft, &format!("{base}.file"));
        let mut f = match file {
            Some(_) => Field::new(
                format!("{base}.file"),
                format!("Video {}", i + 1),
                path_kind(),
            )
            .help("An MP4 or MOV file · Tab completes the path; Ctrl+D removes the video."),
            None => Field::new(
                format!("{base}.video_id"),
                format!("Video {}", i + 1),
                FieldKind::text(),
            )
            .help("A video already in the account, by ID."),
        };
        if i == 0 {
            f.section = Some("Videos".into());
        }
        // A repeated video, or one with both a file and an ID, shows under its first line.
        out.push(f.heads(base.clone()));
        if let Some(file) = file {
            out.push(
                Field::new(format!("#video{i}"), "  File", FieldKind::Info)
                    .help(describe(app, file)),
            );
            thumbnail_fields(app, &base, out);
        }
    }
    let mut add = Field::new(
        "#add_videos",
        "",
        FieldKind::Button(ButtonAction::AddItem(format!("{FEED}.videos"))),
    )
    .help(format!(
        "Up to {MAX_VIDEOS} videos (MP4 or MOV; uploaded in chunks that survive a dropped link)."
    ));
    if videos == 0 {
        add.section = Some("Videos".into());
    }
    out.push(add);
}

fn path_kind() -> FieldKind {
    FieldKind::Text {
        multiline: false,
        limit: None,
        path_completion: true,
    }
}

/// A video's thumbnail: a local image (or none: Meta's generated one) and how it is cut.
fn thumbnail_fields(app: &Model, base: &str, out: &mut Vec<Field>) {
    let path = format!("{base}.thumbnail.file");
    let thumb = form::get_str(&app.draft, &path).filter(|t| !t.is_empty());
    let about = match thumb.map(|t| app.ctx.images.get(t)) {
        None => "None: Meta's preferred generated thumbnail once the video is processed. Or type a JPEG or PNG path.".to_string(),
        Some(Some(ImageFacts::Read { width, height, .. })) => {
            format!("{width}×{height} image, uploaded and sent as the thumbnail. Empty: Meta's generated one.")
        }
        Some(Some(ImageFacts::Missing)) => "no such file".into(),
        Some(Some(ImageFacts::Unreadable(why))) => sanitize(why).to_string(),
        Some(None) => "reading…".into(),
    };
    out.push(
        Field::new(path, "  Thumbnail", path_kind())
            .when_empty("none: Meta's generated thumbnail")
            .help(about),
    );
    if thumb.is_none() {
        return;
    }
    let help = match thumbnail_sizes(app, base) {
        Some((shape, size)) => format!(
            "Centred cuts the largest {} box out of the middle ({}); whole sends the image as it is.",
            ratio(shape),
            box_text(&largest_centred(shape, size))
        ),
        None => match thumb.and_then(|t| app.ctx.images.get(t)) {
            Some(ImageFacts::Missing) => {
                "✗ The thumbnail image does not exist: fix its path.".into()
            }
            Some(ImageFacts::Unreadable(why)) => {
                format!("✗ The thumbnail image cannot be read: {}", sanitize(why))
            }
            _ => "Once the video and the image are read, the centred box is worked out.".into(),
        },
    };
    out.push(
        Field::new(
            format!("#{base}{CROP_SUFFIX}"),
            "  Cut",
            FieldKind::Choice {
                options: cut_options(app, base),
            },
        )
        .help(help)
        .heads(format!("{base}.thumbnail.crop")),
    );
}

fn cut_options(app: &Model, base: &str) -> Vec<Opt> {
    let mut out = Vec::new();
    match thumbnail_sizes(app, base) {
        Some((shape, size)) => {
            out.push(Opt::new(
                "centred",
                format!("Centred {}", box_text(&largest_centred(shape, size))),
                format!("the video's {} shape", ratio(shape)),
            ));
            out.push(Opt::new(
                "whole",
                format!("Whole image {}×{}", size.0, size.1),
                "as it is",
            ));
        }
        None => {
            out.push(Opt::new("centred", "Centred", "the video's shape"));
            out.push(Opt::new("whole", "Whole image", "as it is"));
        }
    }
    out
}

/// The video's path of a `#…videos[i].thumbnail_cut` field.
fn cut_base(id: &str) -> Option<&str> {
    id.strip_prefix('#')?
        .strip_suffix(CROP_SUFFIX)
        .filter(|b| b.starts_with(&format!("{FEED}.videos[")))
}

/// What the cut field shows as chosen: `whole` without a crop, `centred` with the centred box;
/// a crop written by hand in the spec is neither (the help line gives its numbers).
pub fn virtual_value(app: &Model, id: &str) -> Option<String> {
    let base = cut_base(id)?;
    let stored = form::get(&app.draft, &format!("{base}.thumbnail.crop"));
    match stored {
        None | Some(serde_json::Value::Null) => Some("whole".into()),
        Some(v) => {
            let b: CropBox = serde_json::from_value(v.clone()).ok()?;
            let (shape, size) = thumbnail_sizes(app, base)?;
            (b == largest_centred(shape, size)).then(|| "centred".into())
        }
    }
}

/// Choosing the cut: the centred box is stored as numbers (what the launch cuts), whole
/// removes the crop. `None` when `id` is not a cut field.
pub fn choose_virtual(
    app: &mut Model,
    id: &str,
    value: &str,
) -> Option<Vec<crate::tui::msg::Effect>> {
    let base = cut_base(id)?.to_string();
    let path = format!("{base}.thumbnail.crop");
    Some(match value {
        "centred" => match thumbnail_sizes(app, &base) {
            Some((shape, size)) => {
                app.set_value(&path, serde_json::json!(largest_centred(shape, size)))
            }
            None => {
                app.notice = Some(
                    "✗ The video and its thumbnail must be read first (check both paths).".into(),
                );
                Vec::new()
            }
        },
        _ => app.set_value(&path, serde_json::Value::Null),
    })
}

/// The ad format's options: every format, with what each takes; SINGLE_VIDEO and
/// AUTOMATIC_FORMAT say so when the feed has videos.
pub fn format_options(app: &Model) -> Vec<Opt> {
    let (images, videos) = feed_kinds(app);
    let note = |f: &str| -> String {
        match f {
            "SINGLE_IMAGE" => format!("images only, up to {MAX_IMAGES}"),
            "CAROUSEL" => "images as cards".into(),
            "SINGLE_VIDEO" if videos && !images => {
                format!("videos only, up to {MAX_VIDEOS}: fits this feed")
            }
            "SINGLE_VIDEO" => format!("videos only, up to {MAX_VIDEOS}"),
            "AUTOMATIC_FORMAT" if videos && images => {
                "images and videos together: fits this feed".into()
            }
            "AUTOMATIC_FORMAT" => {
                format!("images (up to {MAX_IMAGES}) and videos (up to {MAX_VIDEOS}) together")
            }
            _ => String::new(),
        }
    };
    form::enum_options::<crate::spec::AdFormat>(None)
        .into_iter()
        .map(|o| {
            let n = note(&o.value);
            Opt::new(o.value.clone(), o.label, n)
        })
        .collect()
}

/// Whether the feed holds images and whether it holds videos.
pub fn feed_kinds(app: &Model) -> (bool, bool) {
    (
        form::len(&app.draft, &format!("{FEED}.images")) > 0,
        form::len(&app.draft, &format!("{FEED}.videos")) > 0,
    )
}

/// The format field's help: what it takes, and when the chosen format does not fit the
/// feed, the switch that would (offered, never made: the buyer picks).
pub fn format_help(app: &Model) -> String {
    let chosen: Vec<String> = form::get(&app.draft, &format!("{FEED}.ad_formats"))
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let is = |f: &str| chosen.iter().any(|c| c == f);
    let (images, videos) = feed_kinds(app);
    let fits = match (images, videos) {
        (true, true) => "AUTOMATIC_FORMAT (images and videos together)",
        (false, true) => "SINGLE_VIDEO (videos only) or AUTOMATIC_FORMAT",
        _ => "SINGLE_IMAGE",
    };
    let misfit = (videos && (is("SINGLE_IMAGE") || is("CAROUSEL")))
        || (images && videos && is("SINGLE_VIDEO"))
        || (!videos && is("SINGLE_VIDEO"));
    if misfit {
        format!(
            "This feed has {}: the chosen format does not show them all; Space on {fits} switches.",
            match (images, videos) {
                (true, true) => "images and videos",
                (false, true) => "videos",
                _ => "no videos",
            }
        )
    } else {
        format!(
            "Dynamic Creative takes exactly one: Space picks it ({fits} for this feed; {MAX_IMAGES} images, {MAX_VIDEOS} videos at most)."
        )
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::spec::{VideoContainer, VideoInfo};
    use crate::tui::model::{Ctx, empty_draft};

    fn vertical() -> VideoInfo {
        VideoInfo {
            container: VideoContainer::Mp4,
            codec: "avc1".into(),
            width: 1080,
            height: 1920,
            rotation: 0,
            duration_ms: 15_400,
            bytes: 48_200_000,
            has_audio: true,
        }
    }

    fn model(videos: serde_json::Value, formats: &[&str]) -> Model {
        let mut draft = empty_draft();
        draft["creative"]["asset_feed_spec"]["videos"] = videos;
        draft["creative"]["asset_feed_spec"]["ad_formats"] = json!(formats);
        Model::new(
            draft,
            "d".into(),
            Ctx::new(true, "v"),
            crate::tui::steps::rules,
        )
    }

    #[test]
    fn the_metadata_line_gives_duration_shown_size_shape_codec_and_size() {
        assert_eq!(
            vertical().summary(),
            "0:15 · 1080×1920 9:16 · H.264 · 48.2 MB"
        );
        // Stored wide and turned a quarter: people see it tall.
        let turned = VideoInfo {
            width: 1920,
            height: 1080,
            rotation: 90,
            codec: "hvc1".into(),
            container: VideoContainer::Mov,
            duration_ms: 3_723_000,
            bytes: 1_300_000_000,
            ..vertical()
        };
        assert_eq!(
            turned.summary(),
            "1:02:03 · 1080×1920 9:16 (turned 90°) · H.265 · 1.3 GB · QuickTime"
        );
        let odd = VideoInfo {
            width: 1920,
            height: 817,
            codec: String::new(),
            ..vertical()
        };
        assert_eq!(
            odd.summary(),
            "0:15 · 1920×817 2.35:1 · no video track · 48.2 MB"
        );
    }

    #[test]
    fn a_video_row_names_the_file_and_what_is_known_of_it() {
        let mut m = model(json!([{"file": "/v/run.mp4"}]), &["SINGLE_VIDEO"]);
        assert_eq!(describe(&m, "/v/run.mp4"), "run.mp4: reading…");
        m.ctx
            .videos
            .insert("/v/run.mp4".into(), VideoFacts::Read(vertical()));
        assert_eq!(
            describe(&m, "/v/run.mp4"),
            "run.mp4 · 0:15 · 1080×1920 9:16 · H.264 · 48.2 MB"
        );
        m.ctx
            .videos
            .insert("/v/run.mp4".into(), VideoFacts::Missing);
        assert_eq!(describe(&m, "/v/run.mp4"), "run.mp4: no such file");
        m.ctx.videos.insert(
            "/v/run.mp4".into(),
            VideoFacts::Unreadable("no moov box\u{1b}[2J".into()),
        );
        let line = describe(&m, "/v/run.mp4");
        assert!(line.starts_with("run.mp4: no moov box"), "{line}");
        assert!(!line.contains('\u{1b}'), "sanitised: {line:?}");
        let fields = {
            let mut out = Vec::new();
            fields(&m, &mut out);
            out
        };
        let info = fields.iter().find(|f| f.id == "#video0").unwrap();
        assert_eq!(info.help, line, "the row under the file shows it");
    }

    #[test]
    fn a_video_is_asked_for_once_and_not_again_once_read() {
        let mut m = model(json!([{"file": "/v/run.mp4"}, {"file": "/v/run.mp4"}]), &[]);
        let asks = m.image_reads();
        assert_eq!(
            asks,
            vec![crate::tui::msg::Effect::ReadVideo("/v/run.mp4".into())]
        );
        m.ctx
            .videos
            .insert("/v/run.mp4".into(), VideoFacts::Read(vertical()));
        assert!(m.image_reads().is_empty(), "read: never asked again");
    }

    #[test]
    fn the_centred_thumbnail_box_has_the_videos_shape() {
        assert_eq!(
            largest_centred((1080, 1920), (1920, 1080)),
            [[656, 0], [1264, 1080]]
        );
        assert_eq!(largest_centred((1, 1), (800, 1000)), [[0, 100], [800, 900]]);
        assert_eq!(largest_centred((16, 9), (1600, 900)), [[0, 0], [1600, 900]]);
    }

    #[test]
    fn the_cut_choice_stores_the_centred_box_as_numbers_and_whole_removes_it() {
        let mut m = model(
            json!([{"file": "/v/run.mp4", "thumbnail": {"file": "/v/t.jpg"}}]),
            &["SINGLE_VIDEO"],
        );
        m.ctx
            .videos
            .insert("/v/run.mp4".into(), VideoFacts::Read(vertical()));
        m.ctx.images.insert(
            "/v/t.jpg".into(),
            ImageFacts::Read {
                format: crate::spec::ImageFormat::Jpeg,
                width: 1920,
                height: 1080,
                bytes: 1000,
                complete: true,
            },
        );
        let id = format!("#{FEED}.videos[0]{CROP_SUFFIX}");
        assert_eq!(virtual_value(&m, &id).as_deref(), Some("whole"));
        let opts = cut_options(&m, &format!("{FEED}.videos[0]"));
        assert_eq!(opts[0].label, "Centred 656,0,1264,1080");
        assert_eq!(opts[0].note, "the video's 9:16 shape");
        choose_virtual(&mut m, &id, "centred").unwrap();
        assert_eq!(
            form::get(&m.draft, &format!("{FEED}.videos[0].thumbnail.crop")),
            Some(&json!([[656, 0], [1264, 1080]]))
        );
        assert_eq!(virtual_value(&m, &id).as_deref(), Some("centred"));
        choose_virtual(&mut m, &id, "whole").unwrap();
        assert_eq!(
            form::get(&m.draft, &format!("{FEED}.videos[0].thumbnail.crop")),
            None
        );
    }

    #[test]
    fn the_format_choice_offers_the_video_formats_with_their_limits_and_never_switches() {
        let m = model(json!([{"file": "/v/run.mp4"}]), &["SINGLE_IMAGE"]);
        let opts = format_options(&m);
        let note = |v: &str| opts.iter().find(|o| o.value == v).unwrap().note.clone();
        assert_eq!(
            note("SINGLE_VIDEO"),
            "videos only, up to 10: fits this feed"
        );
        assert_eq!(note("SINGLE_IMAGE"), "images only, up to 10");
        let help = format_help(&m);
        assert!(
            help.starts_with("This feed has videos: the chosen format does not show them all")
                && help.contains("SINGLE_VIDEO"),
            "{help}"
        );
        // Offered, not made: the buyer's choice stays.
        assert_eq!(
            form::get(&m.draft, &format!("{FEED}.ad_formats")),
            Some(&json!(["SINGLE_IMAGE"]))
        );
        // Images and videos together: AUTOMATIC_FORMAT fits, and once chosen nothing is flagged.
        let mut m = model(json!([{"file": "/v/run.mp4"}]), &["AUTOMATIC_FORMAT"]);
        m.draft["creative"]["asset_feed_spec"]["images"] = json!([{"file": "/i.jpg"}]);
        assert_eq!(
            format_options(&m)
                .iter()
                .find(|o| o.value == "AUTOMATIC_FORMAT")
                .unwrap()
                .note,
            "images and videos together: fits this feed"
        );
        let help = format_help(&m);
        assert!(
            help.starts_with("Dynamic Creative takes exactly one"),
            "{help}"
        );
        assert!(help.contains("10 images, 10 videos at most"), "{help}");
    }
}
