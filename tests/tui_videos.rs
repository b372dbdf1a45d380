//! Videos in the wizard: the Assets step's videos with their metadata and thumbnails, the
//! format choice, and a video's upload bar while launching (model and `TestBackend`
//! snapshots at 80x24 and 120x40), and a buyer adding a video file on a real terminal (tmux).

use crate::common;
use crate::require_tmux;

use std::path::Path;
use std::time::Duration;

use common::mp4::Mp4;
use common::tmux::{Start, Tmux, tab_to};
use common::wizard::*;
use crossterm::event::KeyCode;
use dcw::launch::{LaunchEvent, LaunchStep};
use dcw::spec::{Step, VideoContainer, VideoFacts, VideoInfo};
use dcw::tui::{App, Msg, Theme, form};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use serde_json::{Value, json};

const FEED: &str = "creative.asset_feed_spec";
const RUN: &str = "/home/buyer/specs/videos/run.mp4";
const LOOP: &str = "/home/buyer/specs/videos/loop.mov";

/// Any path of this checkout becomes `[repo]`, and each row loses its trailing spaces (a row
/// naming a real file is as long as the checkout's path), so snapshots pass wherever the repo lives.
fn normalise(text: String) -> String {
    text.replace(env!("CARGO_MANIFEST_DIR"), "[repo]")
        .lines()
        .map(|row| {
            let inner = row.strip_prefix('"').and_then(|r| r.strip_suffix('"'));
            inner.map_or(row.to_string(), |r| format!("\"{}\"", r.trim_end()))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn vertical() -> VideoInfo {
    VideoInfo {
        container: VideoContainer::Mp4,
        codec: "avc1".into(),
        width: 1080,
        height: 1920,
        rotation: 0,
        duration_ms: 15_000,
        bytes: 48_200_000,
        has_audio: true,
    }
}

/// The winter-boots example with two videos (a vertical MP4 with a local thumbnail cut to its
/// shape, a square
/// QuickTime one with Meta's), as AUTOMATIC_FORMAT; the videos' facts as the reader gives them.
fn two_videos() -> App {
    let text = std::fs::read_to_string(examples_dir().join("sales-winter-boots.json")).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    dcw::tui::absolutize_images(&mut v, &examples_dir());
    let thumb = examples_dir()
        .join("images/boots.jpg")
        .display()
        .to_string();
    v["creative"]["asset_feed_spec"]["videos"] = json!([
        {"file": RUN, "thumbnail": {"file": thumb, "crop": [[236, 0], [844, 1080]]}},
        {"file": LOOP}
    ]);
    v["creative"]["asset_feed_spec"]["ad_formats"] = json!(["AUTOMATIC_FORMAT"]);
    let mut app = opened_value(v);
    app.update(Msg::VideoRead(RUN.into(), VideoFacts::Read(vertical())));
    let square = VideoInfo {
        container: VideoContainer::Mov,
        width: 1080,
        height: 1080,
        duration_ms: 6_500,
        bytes: 9_800_000,
        ..vertical()
    };
    app.update(Msg::VideoRead(LOOP.into(), VideoFacts::Read(square)));
    app.goto(Step::Assets);
    app
}

#[test]
fn the_assets_step_shows_each_video_with_its_metadata_and_thumbnail() {
    let mut app = two_videos();
    assert!(
        !app.image_reads()
            .iter()
            .any(|e| matches!(e, dcw::tui::Effect::ReadVideo(_))),
        "read videos are not asked for again"
    );
    // The first video's thumbnail (the example's boots.jpg) and its cut, focused.
    focus(&mut app, &format!("#{FEED}.videos[0].thumbnail_cut"));
    let s = normalise(render(&app, 120, 40));
    assert!(s.contains("Videos 2/10"), "{s}");
    assert!(
        s.contains("run.mp4 · 0:15 · 1080×1920 9:16 · H.264 · 48.2 MB"),
        "{s}"
    );
    assert!(
        s.contains("loop.mov · 0:06 · 1080×1080 1:1 · H.264 · 9.8 MB · QuickTime"),
        "{s}"
    );
    assert!(s.contains("(•) Centred 236,0,844,1080"), "{s}");
    assert!(s.contains("none: Meta's generated thumbnail"), "{s}");
    insta::assert_snapshot!("assets_two_videos_120x40", s);
    // At 80x24, the second video focused: both rows in view.
    focus(&mut app, &format!("{FEED}.videos[1].file"));
    let s = normalise(render(&app, 80, 24));
    assert!(
        s.contains("run.mp4 · 0:15 · 1080×1920 9:16 · H.264 · 48.2 MB"),
        "{s}"
    );
    assert!(
        s.contains("loop.mov · 0:06 · 1080×1080 1:1 · H.264 · 9.8 MB"),
        "{s}"
    );
    insta::assert_snapshot!("assets_two_videos_80x24", s);
}

#[test]
fn adding_a_video_to_an_image_feed_offers_the_switch_and_keeps_the_format() {
    let mut app = opened("sales-winter-boots.json");
    app.goto(Step::Assets);
    focus(&mut app, "#add_videos");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.focus, format!("{FEED}.videos[0].file"));
    type_text(&mut app, RUN);
    let fx = press(&mut app, KeyCode::Tab);
    assert!(
        fx.contains(&dcw::tui::Effect::ReadVideo(RUN.into())),
        "the new file is read: {fx:?}"
    );
    assert_eq!(
        form::get(&app.draft, &format!("{FEED}.ad_formats")),
        Some(&json!(["SINGLE_IMAGE"])),
        "the buyer's format stays"
    );
    focus(&mut app, &format!("{FEED}.ad_formats"));
    let s = render(&app, 120, 40);
    assert!(
        s.contains(
            "This feed has images and videos: the chosen format does not show them all; Space on"
        ),
        "{s}"
    );
    assert!(
        s.contains("AUTOMATIC_FORMAT (images and videos together) switches."),
        "{s}"
    );
    assert!(
        s.contains("images and videos together: fits this feed"),
        "{s}"
    );
}

/// A launch under way with a video: half of it acknowledged over four seconds.
fn uploading() -> App {
    let mut app = opened("sales-winter-boots.json");
    app.goto(Step::Review);
    let fx = app.submit();
    assert_eq!(fx.len(), 1, "{fx:?}");
    let key = LaunchStep::Video(RUN.into());
    for s in 0..=4u64 {
        app.update(Msg::Launch(LaunchEvent::Transfer {
            key: key.clone(),
            acked: s * 6_000_000,
            total: 48_000_000,
        }));
        app.ctx.clock.advance(Duration::from_secs(1));
    }
    app
}

#[test]
fn the_launch_view_shows_a_bar_with_bytes_rate_and_time_left_then_processing() {
    let app = uploading();
    for (w, h) in [(80, 24), (120, 40)] {
        let s = normalise(render(&app, w, h));
        assert!(s.contains("… video        run.mp4  uploading 50%"), "{s}");
        assert!(
            s.contains("50% · 24.0 MB of 48.0 MB · 6.0 MB/s · 0:04 left"),
            "{s}"
        );
        insta::assert_snapshot!(format!("launch_video_bar_{w}x{h}"), s);
    }
    // NO_COLOR: the bar is characters, not colour.
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| dcw::tui::draw(&app, Theme { color: false }, f))
        .unwrap();
    let buf = t.backend().buffer();
    assert!(
        buf.content()
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset)
    );
    assert!(
        format!("{}", t.backend()).contains("▕████"),
        "the bar is drawn"
    );
    let mut app = app;
    app.update(Msg::Launch(LaunchEvent::Processing {
        key: LaunchStep::Video(RUN.into()),
        percent: 40,
    }));
    let s = render(&app, 80, 24);
    assert!(s.contains("processing 40%"), "{s}");
    assert!(!s.contains("MB/s"), "no bar once processing:\n{s}");
}

#[test]
fn a_buyer_adds_a_video_file_and_sees_its_metadata_line() {
    require_tmux!("the wizard's video rows");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("run.mp4");
    Mp4::vertical(3_000_000).write(&file);
    let spec = examples_dir().join("sales-winter-boots.json");
    let t = Tmux::start("videos", Start::new(&["open", &spec.display().to_string()]));
    t.wait_for("SANDBOX");
    t.wait_for("dcw Demo (USD)");
    t.keys(&["C-s"]);
    t.wait_for("6. Review");
    t.keys(&["PageUp"]);
    t.wait_for("5. Assets");
    tab_to(&t, "[ + Add video ]");
    t.keys(&["Enter"]);
    t.wait_until("the new video's path field", |s| {
        common::tmux::focused_on(s, "Video 1")
    });
    t.type_text(&file.display().to_string());
    t.keys(&["Tab"]);
    let screen = t.wait_for("run.mp4 · 0:15 · 1080×1920 9:16 · H.264");
    assert!(screen.contains("Videos 1/10"), "{screen}");
    assert!(Path::new(&file).is_file());
}

/// The winter-boots example with one video, `RUN`, whose facts are not read yet.
fn one_video_unread() -> Value {
    let text = std::fs::read_to_string(examples_dir().join("sales-winter-boots.json")).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    dcw::tui::absolutize_images(&mut v, &examples_dir());
    v["creative"]["asset_feed_spec"]["videos"] = json!([{"file": RUN}]);
    v["creative"]["asset_feed_spec"]["ad_formats"] = json!(["AUTOMATIC_FORMAT"]);
    v
}

/// `dcw open` puts a spec on its first step with errors before its files are read: a video
/// found missing afterwards moves the untouched wizard to Assets, on the video; once the buyer
/// has pressed a key, a file read later moves nothing.
#[test]
fn a_missing_video_found_after_opening_moves_an_untouched_wizard_to_its_step() {
    let mut app = opened_value(one_video_unread());
    assert_eq!(app.step, Step::Account, "no error is known yet");
    app.update(Msg::VideoRead(RUN.into(), VideoFacts::Missing));
    assert_eq!(app.step, Step::Assets);
    assert!(app.focus.contains("videos"), "{}", app.focus);

    let mut app = opened_value(one_video_unread());
    press(&mut app, KeyCode::Down);
    app.update(Msg::VideoRead(RUN.into(), VideoFacts::Missing));
    assert_eq!(app.step, Step::Account, "the buyer took over");
}
