//! Video rules (`src/spec/validate/videos.rs`) and the feed's format rules for videos
//! (`src/spec/validate/feed.rs`): one table per rule, each row a spec (a base with one video,
//! edited), what its files hold, and what its findings must hold.

use crate::common;
use common::rules::*;
use common::*;

use dcw::spec::{Facts, ImageFacts, ImageFormat, VideoContainer, VideoFacts, VideoInfo, validate};
use rstest::rstest;
use serde_json::{Value, json};

const V: &str = "creative.asset_feed_spec.videos";

/// A path under the first video: `v0("file")`.
fn v0(rest: &str) -> String {
    format!("{V}[0].{rest}")
}

/// The same, as an edit path: `e0("file")`.
fn e0(rest: &str) -> String {
    format!("{V}.0.{rest}")
}

/// The sales example under AUTOMATIC_FORMAT with one local video, run.mp4, on Facebook Feed
/// only (so no placement warns about a square video).
fn base() -> Value {
    base_json()
        .with(
            "creative.asset_feed_spec.ad_formats",
            json!(["AUTOMATIC_FORMAT"]),
        )
        .with(V, json!([{ "file": "run.mp4" }]))
        .with("ad_set.targeting.publisher_platforms", json!(["facebook"]))
        .with("ad_set.targeting.facebook_positions", json!(["feed"]))
}

/// `base()` running on `positions` of Instagram.
fn on_instagram(positions: Value) -> Value {
    base()
        .with("ad_set.targeting.publisher_platforms", json!(["instagram"]))
        .without("ad_set.targeting.facebook_positions")
        .with("ad_set.targeting.instagram_positions", positions)
}

/// A square 15-second H.264 MP4 of 20 MB with sound.
fn square() -> VideoInfo {
    VideoInfo {
        container: VideoContainer::Mp4,
        codec: "avc1".into(),
        width: 1080,
        height: 1080,
        rotation: 0,
        duration_ms: 15_000,
        bytes: 20_000_000,
        has_audio: true,
    }
}

fn sized(w: u32, h: u32) -> VideoInfo {
    VideoInfo {
        width: w,
        height: h,
        ..square()
    }
}

fn jpeg(w: u32, h: u32) -> ImageFacts {
    ImageFacts::Read {
        format: ImageFormat::Jpeg,
        width: w,
        height: h,
        bytes: 100_000,
        complete: true,
    }
}

/// What the files hold: run.mp4 (and clip2.mp4, a 9:16 video) and thumb.jpg.
struct Files {
    run: VideoFacts,
    thumb: ImageFacts,
}

fn files(run: VideoInfo) -> Files {
    Files {
        run: VideoFacts::Read(run),
        thumb: jpeg(1080, 1080),
    }
}

fn run_facts(f: VideoFacts) -> Files {
    Files {
        run: f,
        thumb: jpeg(1080, 1080),
    }
}

fn thumb(t: ImageFacts) -> Files {
    Files {
        thumb: t,
        ..files(square())
    }
}

fn check_with(spec: &Value, files: Files) -> Vec<dcw::spec::Finding> {
    let s = common::spec(spec);
    let mut facts: Facts = facts_with_images(&s);
    facts.currency = dcw::spec::Currency::new("USD");
    facts.videos.insert("run.mp4".into(), files.run);
    facts
        .videos
        .insert("clip2.mp4".into(), VideoFacts::Read(sized(1080, 1920)));
    facts.images.insert("thumb.jpg".into(), files.thumb);
    validate(&s, &facts)
}

// ---------------------------------------------------------------------------------------------
// Source

#[rstest]
#[case::file_alone(base(), clean())]
#[case::id_with_thumbnail_url(
    base().with(V, json!([{ "video_id": "1000001", "thumbnail_url": "https://cdn.example.com/t.jpg" }])),
    clean())]
#[case::id_empty(base().with(V, json!([{ "video_id": "", "thumbnail_url": "https://cdn.example.com/t.jpg" }])),
    error("spec.id_malformed", v0("video_id")).says("Video 1's video id").says("digits"))]
#[case::id_not_digits(base().with(V, json!([{ "video_id": "12\u{1b}[31m", "thumbnail_url": "https://cdn.example.com/t.jpg" }])),
    error("spec.id_malformed", v0("video_id")).says("digits"))]
#[case::both(base().with(&e0("video_id"), "1000001"),
    error("video.source_ambiguous", format!("{V}[0]")).says("both"))]
#[case::neither(base().with(V, json!([{ "thumbnail_url": "https://cdn.example.com/t.jpg" }])),
    error("video.source_missing", format!("{V}[0]")).message_is("Video 1 has neither a file nor a video id."))]
#[case::blank_file(base().with(&e0("file"), " "),
    error("video.source_missing", v0("file")).says("empty file name"))]
#[case::same_file_spelled_otherwise(base().with(V, json!([{ "file": "videos/run.mp4" }, { "file": "./videos/../videos//run.mp4" }])),
    error("feed.duplicate_asset", format!("{V}[1]")).says("Video 2 repeats video 1"))]
#[case::same_name_in_two_folders(base().with(V, json!([{ "file": "a/run.mp4" }, { "file": "b/run.mp4" }])),
    absent(&["feed.duplicate_asset"]))]
#[case::same_file_twice(base().with(V, json!([{ "file": "run.mp4" }, { "file": "run.mp4" }])),
    error("feed.duplicate_asset", format!("{V}[1]")).says("Video 2 repeats video 1"))]
#[case::same_id_twice(base().with(V, json!([
        { "video_id": "7", "thumbnail_hash": "0123456789abcdef0123456789abcdef" },
        { "video_id": "7", "thumbnail_hash": "0123456789abcdef0123456789abcdef" }])),
    error("feed.duplicate_asset", format!("{V}[1]")))]
fn video_source(#[case] spec: Value, #[case] expect: Expect) {
    expect.assert(&check_with(&spec, files(square())));
}

// ---------------------------------------------------------------------------------------------
// What the file holds

#[rstest]
#[case::missing(run_facts(VideoFacts::Missing),
    error("video.file_missing", v0("file")).says("\"run.mp4\""))]
#[case::unreadable(run_facts(VideoFacts::Unreadable("box «moov» is cut off".into())),
    error("video.file_unreadable", v0("file")).says("run.mp4").says("cut off"))]
#[case::a_folder_is_not_told_to_export_again(run_facts(VideoFacts::Unreadable("it is a folder, not a regular file".into())),
    error("video.file_unreadable", v0("file")).says("folder").hints("path of the video file itself").hint_lacks("Export"))]
#[case::webm_is_taken_but_not_read(
    files(VideoInfo { container: VideoContainer::Other("WebM/Matroska".into()), codec: String::new(), width: 0, height: 0, duration_ms: 0, ..square() }),
    warning("video.container_unread", v0("file")).says("WebM/Matroska").none(&["video.no_video_track", "video.size_too_small"]))]
#[case::mov_is_fine(files(VideoInfo { container: VideoContainer::Mov, ..square() }), clean())]
#[case::hevc_is_fine(files(VideoInfo { codec: "hvc1".into(), ..square() }), clean())]
#[case::vp9_and_av1_are_fine(files(VideoInfo { codec: "av01".into(), ..square() }), clean())]
#[case::prores_is_unlisted(files(VideoInfo { codec: "apch".into(), ..square() }),
    warning("video.codec_unlisted", v0("file")).says("apch").hints("H.264"))]
#[case::encrypted_is_refused(files(VideoInfo { codec: "encv".into(), ..square() }),
    error("video.codec_refused", v0("file")).says("encrypted"))]
#[case::sound_only(files(VideoInfo { codec: String::new(), width: 0, height: 0, ..square() }),
    error("video.no_video_track", v0("file")).none(&["video.size_too_small"]))]
#[case::no_track_at_all_is_not_called_sound(files(VideoInfo { codec: String::new(), width: 0, height: 0, has_audio: false, ..square() }),
    error("video.no_video_track", v0("file")).says("no video track").none(&["video.size_too_small"]).says_not("sound only"))]
#[case::sound_only_says_so(files(VideoInfo { codec: String::new(), width: 0, height: 0, ..square() }),
    error("video.no_video_track", v0("file")).says("sound only"))]
#[case::four_gigabytes_is_the_limit(files(VideoInfo { bytes: 4 << 30, ..square() }), clean())]
#[case::over_four_gigabytes(files(VideoInfo { bytes: (4 << 30) + 1, ..square() }),
    error("video.file_too_large", v0("file")).says("4 GB").says("4294967297 bytes").says("4294967296"))]
#[case::under_a_kilobyte(files(VideoInfo { bytes: 1023, ..square() }),
    error("video.file_too_small", v0("file")).says("1023 bytes").says("1363022"))]
#[case::one_kilobyte(files(VideoInfo { bytes: 1024, ..square() }), clean())]
#[case::tilted(files(VideoInfo { rotation: 45, ..square() }),
    warning("video.rotation_tilted", v0("file")).says("45°").hints("upright"))]
#[case::turned_upright(files(VideoInfo { rotation: 270, ..square() }), clean())]
#[case::half_a_second(files(VideoInfo { duration_ms: 500, ..square() }),
    error("video.duration_out_of_range", v0("file")).says("0.5 seconds").says("1 second to 241 minutes"))]
#[case::one_second(files(VideoInfo { duration_ms: 1_000, ..square() }), clean())]
#[case::minutes_241(files(VideoInfo { duration_ms: 241 * 60_000, ..square() }), clean())]
#[case::over_241_minutes(files(VideoInfo { duration_ms: 241 * 60_000 + 1_000, ..square() }),
    error("video.duration_out_of_range", v0("file")).says("241 min 1 s"))]
#[case::tiny_picture(files(sized(100, 100)),
    error("video.size_too_small", v0("file")).says("100x100"))]
#[case::low_resolution(files(sized(480, 480)),
    warning("video.size_low", v0("file")).says("480x480").hints("1080"))]
fn video_file(#[case] files: Files, #[case] expect: Expect) {
    expect.assert(&check_with(&base(), files));
}

// ---------------------------------------------------------------------------------------------
// Shape and length per placement

#[rstest]
#[case::square_in_reels(on_instagram(json!(["reels"])), files(square()),
    warning("video.shape_for_placement", v0("file"))
        .message_is("Video 1 (\"run.mp4\") is 1:1; Instagram Reels shows 9:16 full screen, so it shows with bars around it."))]
#[case::vertical_in_reels(on_instagram(json!(["reels", "story"])), files(sized(1080, 1920)), clean())]
#[case::rotation_is_applied(on_instagram(json!(["reels"])),
    files(VideoInfo { width: 1920, height: 1080, rotation: 90, ..square() }), clean())]
#[case::vertical_in_feeds(on_instagram(json!(["stream"])), files(sized(1080, 1920)),
    warning("video.shape_for_placement", v0("file")).says("9:16").says("Instagram Feed").says("cut to 4:5"))]
#[case::four_by_five_in_feeds(on_instagram(json!(["stream"])), files(sized(1080, 1350)), clean())]
#[case::sixteen_by_nine_in_feeds(base(), files(sized(1920, 1080)), clean())]
#[case::wider_than_16_9(base(), files(sized(2400, 1000)),
    warning("video.shape_for_placement", v0("file")).says("Facebook Feed").says("bars"))]
#[case::advantage_placements_name_stories_and_reels(
    base().without("ad_set.targeting.publisher_platforms").without("ad_set.targeting.facebook_positions"),
    files(square()),
    warning("video.shape_for_placement", v0("file")).says("Facebook Stories").says("Instagram Reels"))]
#[case::another_video_covers_stories(
    on_instagram(json!(["story"])).with(V, json!([{ "file": "run.mp4" }, { "file": "clip2.mp4" }])),
    files(square()), absent(&["video.shape_for_placement"]))]
#[case::long_for_stories(on_instagram(json!(["story"])),
    files(VideoInfo { duration_ms: 95_000, ..sized(1080, 1920) }),
    warning("video.duration_cut", v0("file"))
        .message_is("Video 1 (\"run.mp4\") runs 1 min 35 s; Instagram Stories plays at most 1 min of a video."))]
#[case::long_for_facebook_reels_not_instagram_reels(
    base().with("ad_set.targeting.publisher_platforms", json!(["facebook", "instagram"]))
        .with("ad_set.targeting.facebook_positions", json!(["facebook_reels"]))
        .with("ad_set.targeting.instagram_positions", json!(["reels"])),
    files(VideoInfo { duration_ms: 120_000, ..sized(1080, 1920) }),
    warning("video.duration_cut", v0("file")).says("Facebook Reels").says_not("Instagram Reels"))]
#[case::stories_of_both_platforms_in_one_warning(
    base().without("ad_set.targeting.publisher_platforms").without("ad_set.targeting.facebook_positions"),
    files(VideoInfo { duration_ms: 70_000, ..sized(1080, 1920) }),
    warning("video.duration_cut", v0("file")).says("Facebook Stories and Instagram Stories play"))]
#[case::feed_plays_it_whole(base(), files(VideoInfo { duration_ms: 30 * 60_000, ..square() }), clean())]
fn video_placements(#[case] spec: Value, #[case] files: Files, #[case] expect: Expect) {
    expect.assert(&check_with(&spec, files));
}

// ---------------------------------------------------------------------------------------------
// Thumbnails

fn with_thumb(t: Value) -> Value {
    base().with(&e0("thumbnail"), t)
}

#[rstest]
#[case::generated_for_a_file(base(), thumb(jpeg(1080, 1080)), clean())]
#[case::id_without_thumbnail(base().with(V, json!([{ "video_id": "1000001" }])), thumb(jpeg(1, 1)),
    error("video.thumbnail_missing", format!("{V}[0]")).says("1443226"))]
#[case::id_with_local_thumbnail(base().with(V, json!([{ "video_id": "1000001", "thumbnail": {"file": "thumb.jpg"} }])),
    thumb(jpeg(1080, 1080)), clean())]
#[case::id_with_hash(base().with(V, json!([{ "video_id": "1000001", "thumbnail_hash": "0123456789abcdef0123456789abcdef" }])),
    thumb(jpeg(1, 1)), clean())]
#[case::hash_malformed(base().with(&e0("thumbnail_hash"), "abc"), thumb(jpeg(1, 1)),
    error("video.thumbnail_hash_malformed", v0("thumbnail_hash")))]
#[case::url_not_web(base().with(&e0("thumbnail_url"), "cdn.example.com/t.jpg"), thumb(jpeg(1, 1)),
    error("video.thumbnail_url_invalid", v0("thumbnail_url")))]
#[case::two_thumbnails(with_thumb(json!({"file": "thumb.jpg"})).with(&e0("thumbnail_url"), "https://cdn.example.com/t.jpg"),
    thumb(jpeg(1080, 1080)), error("video.thumbnail_ambiguous", format!("{V}[0]")))]
#[case::local_file(with_thumb(json!({"file": "thumb.jpg"})), thumb(jpeg(1080, 1080)), clean())]
#[case::local_without_file(with_thumb(json!({"crop": [[0, 0], [10, 10]]})), thumb(jpeg(1, 1)),
    error("video.thumbnail_file_missing", v0("thumbnail.file")))]
#[case::local_missing(with_thumb(json!({"file": "thumb.jpg"})), thumb(ImageFacts::Missing),
    error("video.thumbnail_file_missing", v0("thumbnail.file")).says("\"thumb.jpg\""))]
#[case::local_not_an_image(with_thumb(json!({"file": "thumb.jpg"})),
    thumb(ImageFacts::Read { format: ImageFormat::Other("BMP".into()), width: 10, height: 10, bytes: 10, complete: true }),
    error("video.thumbnail_unreadable", v0("thumbnail.file")).says("BMP"))]
#[case::local_truncated(with_thumb(json!({"file": "thumb.jpg"})),
    thumb(ImageFacts::Read { format: ImageFormat::Jpeg, width: 1080, height: 1080, bytes: 10, complete: false }),
    error("video.thumbnail_unreadable", v0("thumbnail.file")).says("truncated"))]
#[case::crop_inside(with_thumb(json!({"file": "thumb.jpg", "crop": [[100, 0], [1180, 1080]]})),
    thumb(jpeg(1920, 1080)), clean())]
#[case::crop_outside(with_thumb(json!({"file": "thumb.jpg", "crop": [[0, 0], [1200, 1200]]})),
    thumb(jpeg(1080, 1080)),
    error("video.thumbnail_crop_invalid", v0("thumbnail.crop")).says("inside the 1080x1080 image.").hints("right greater than left"))]
#[case::crop_inverted(with_thumb(json!({"file": "thumb.jpg", "crop": [[500, 0], [100, 100]]})),
    thumb(jpeg(1080, 1080)), error("video.thumbnail_crop_invalid", v0("thumbnail.crop")))]
#[case::crop_not_the_video_shape(with_thumb(json!({"file": "thumb.jpg", "crop": [[0, 0], [1080, 608]]})),
    thumb(jpeg(1080, 1080)),
    warning("video.thumbnail_shape", v0("thumbnail.crop")).says("16:9").says("1:1"))]
#[case::whole_image_not_the_video_shape(with_thumb(json!({"file": "thumb.jpg"})),
    thumb(jpeg(1080, 1920)), warning("video.thumbnail_shape", v0("thumbnail.file")))]
#[case::within_the_tolerance(with_thumb(json!({"file": "thumb.jpg"})), thumb(jpeg(1080, 1100)), clean())]
fn video_thumbnails(#[case] spec: Value, #[case] files: Files, #[case] expect: Expect) {
    expect.assert(&check_with(&spec, files));
}

// ---------------------------------------------------------------------------------------------
// Formats: one medium per single format, both under AUTOMATIC_FORMAT

const F: &str = "creative.asset_feed_spec";

#[rstest]
#[case::automatic_mixes(base(), clean())]
#[case::single_image_with_videos(base().with(&format!("{F}.ad_formats"), json!(["SINGLE_IMAGE"])),
    error("feed.format_mixes_media", format!("{F}.videos"))
        .message_is("SINGLE_IMAGE takes images only, and the feed has 1 video.").hints("AUTOMATIC_FORMAT"))]
#[case::single_video_with_images(base().with(&format!("{F}.ad_formats"), json!(["SINGLE_VIDEO"])),
    error("feed.format_mixes_media", format!("{F}.images")).says("videos only"))]
#[case::single_video_alone(base().with(&format!("{F}.ad_formats"), json!(["SINGLE_VIDEO"])).without(&format!("{F}.images")),
    clean())]
#[case::single_video_without_video(base().with(&format!("{F}.ad_formats"), json!(["SINGLE_VIDEO"])).without(&format!("{F}.images")).without(V),
    error("feed.format_needs_media", format!("{F}.videos")).none(&["feed.format_mixes_media"]))]
#[case::eleven_videos(base().with(V, (0..11).map(|i| json!({"file": format!("v{i}.mp4")})).collect::<Value>()),
    error("feed.too_many", format!("{F}.videos")).says("at most 10"))]
fn video_formats(#[case] spec: Value, #[case] expect: Expect) {
    expect.assert(&check_with(&spec, files(square())));
}
