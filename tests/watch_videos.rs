//! Videos in review and results: a rejection that names a video (by its `video_id`, a `Video 2`
//! label, or its title) maps to the feed's video and reads `Video 2 «teaser.mov»`, the file
//! named from the launch journal's `video:<file>` step; asset results name `video_asset` rows
//! by that file, then Meta's `video_name`, then the id; the fix drops a video like an image.

use crate::common;

use common::watching::{ad, now, pane};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcw::graph::FeedbackState;
use dcw::launch::LaunchJournal;
use dcw::tui::{PaneCtx, StatusPane, Theme, draw_status};
use dcw::watch::insights::parse_rows;
use dcw::watch::{AssetFiles, WatchModel, asset_files, locate};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Value, json};

const GRAPH: &str = "http://127.0.0.1:9";

/// A launch that uploaded two videos and an image; a third video is still transferring.
fn journal(id: &str, graph: &str) -> LaunchJournal {
    serde_json::from_value(json!({
        "id": id, "tag": "", "spec_hash": "", "spec_path": "launch.json",
        "account": "1234567890", "graph": graph, "created_at": "2026-11-25T11:00:00+00:00",
        "state": "done",
        "steps": [
            {"key": "image:img/boots.jpg", "name": "boots.jpg", "state": "created", "id": "a1b2c3"},
            {"key": "video:media/run.mp4", "name": "run.mp4", "state": "created", "id": "555"},
            {"key": "video:media/teaser.mov", "name": "teaser.mov", "state": "created", "id": "556"},
            {"key": "video:media/late.mp4", "name": "late.mp4", "state": "transferring",
             "video_id": "557", "session": "s1", "acked": 4194304, "size": 9000000},
            {"key": "ad:0", "name": "Boots ad", "state": "created", "id": "120210000000000020"}
        ]
    }))
    .unwrap()
}

/// The feed the launch sent: an image and two videos under AUTOMATIC_FORMAT.
fn feed(format: &str) -> Value {
    json!({
        "images": [{"hash": "a1b2c3"}],
        "videos": [{"video_id": "555", "thumbnail_hash": "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0"},
                   {"video_id": "556", "thumbnail_url": "https://scontent.example/t.jpg"}],
        "titles": [{"text": "Winter boots"}],
        "bodies": [{"text": "Our warmest boots are back."}],
        "link_urls": [{"website_url": "https://shop.example.com/boots"}],
        "call_to_action_types": ["SHOP_NOW"],
        "ad_formats": [format]
    })
}

fn details(feedback: Value, format: &str) -> Value {
    json!({
        "adset": {"id": "1202100000000000205", "name": "Boots · US", "review_feedback": feedback.to_string()},
        "creative": {"id": "1202100000000000207", "asset_feed_spec": feed(format)},
    })
}

fn rejected(feedback: Value) -> (&'static str, Value) {
    ("120210000000000020", details(feedback, "AUTOMATIC_FORMAT"))
}

#[test]
fn a_journal_names_its_finished_uploads_by_file_and_only_its_own_graph_s() {
    let files = AssetFiles::from_journal(&journal("20261125-110000-aaaaaa", GRAPH));
    assert_eq!(files.file("555"), Some("run.mp4"));
    assert_eq!(files.file("556"), Some("teaser.mov"));
    assert_eq!(
        files.file("a1b2c3"),
        Some("boots.jpg"),
        "an image by its hash"
    );
    assert_eq!(
        files.file("557"),
        None,
        "a transfer in flight is no video yet"
    );
    assert_eq!(files.file("120210000000000020"), None, "ads are not files");
    assert_eq!(files.len(), 3);

    let dir = tempfile::tempdir().unwrap();
    let mine = journal("20261125-110000-aaaaaa", GRAPH);
    let mut other = journal("20261125-110000-bbbbbb", "http://127.0.0.1:8");
    other.steps[1].state = dcw::launch::StepState::Created { id: "777".into() };
    dcw::store::save_journal(dir.path(), &mine.id, &mine).unwrap();
    dcw::store::save_journal(dir.path(), &other.id, &other).unwrap();
    let read = asset_files(dir.path(), GRAPH);
    assert_eq!(read.file("555"), Some("run.mp4"));
    assert_eq!(read.file("777"), None, "another Graph's launch is left out");
}

#[test]
fn a_rejection_names_a_video_by_id_label_or_title_and_the_journal_names_its_file() {
    let files = AssetFiles::from_journal(&journal("20261125-110000-aaaaaa", GRAPH));
    let f = feed("AUTOMATIC_FORMAT");
    let read = |v: Value| match dcw::graph::review_feedback(Some(&v)).state {
        FeedbackState::Rejected(r) => r,
        other => panic!("{other:?}"),
    };
    let cases = [
        (
            json!([{"id": 556, "reason": ["ALCOHOL"]}]),
            "Video 2 «teaser.mov»",
        ),
        (
            json!([{"id": "1", "text": "Video 1", "reason": ["ALCOHOL"]}]),
            "Video 1 «run.mp4»",
        ),
        (
            json!([{"text": "teaser.mov", "reason": ["ALCOHOL"]}]),
            "Video 2 «teaser.mov»",
        ),
        (
            json!([{"text": "a1b2c3", "reason": ["ALCOHOL"]}]),
            "Image 1 «boots.jpg»",
        ),
    ];
    for (fb, want) in cases {
        let r = read(fb.clone());
        let got = locate(&f, &r[0], &files).map(|a| a.describe());
        assert_eq!(got.as_deref(), Some(want), "{fb}");
    }
    // Without the journal: the video's id, as Graph wrote it.
    let r = read(json!([{"id": 556, "reason": ["ALCOHOL"]}]));
    let bare = locate(&f, &r[0], &AssetFiles::default()).unwrap();
    assert_eq!((bare.kind, bare.index), ("videos", 1));
    assert_eq!(bare.describe(), "Video 2 «556»");
    assert_eq!(
        locate(&f, &read(json!([{"id": 999, "reason": ["X"]}]))[0], &files),
        None
    );
}

#[test]
fn files_learned_after_the_rejection_was_read_rename_it() {
    let mut m = WatchModel::new();
    m.apply_ad(
        "1234567890",
        &ad("120210000000000020", "Boots ad", "DISAPPROVED", 30),
        now(),
    );
    let (id, d) = rejected(json!([{"id": "556", "reason": ["ALCOHOL"]}]));
    m.apply_details(id, &d);
    assert_eq!(m.get(id).unwrap().rejections[0].what(), "Video 2 «556»");
    m.learn_files(AssetFiles::from_journal(&journal(
        "20261125-110000-aaaaaa",
        GRAPH,
    )));
    let row = m.get(id).unwrap();
    assert_eq!(row.rejections[0].what(), "Video 2 «teaser.mov»");
    assert!(row.search.contains("teaser.mov"), "`/` finds it by file");
    let report = dcw::watch::rows_text(&m.rows);
    assert!(report.contains("Video 2 «teaser.mov»"), "{report}");
    let j = dcw::watch::ad_json(row);
    assert_eq!(j["rejections"][0]["asset_type"], "videos");
    assert_eq!(j["rejections"][0]["asset"], "556", "the feed's video_id");
    assert_eq!(j["rejections"][0]["file"], "teaser.mov");
}

#[test]
fn video_results_show_the_file_then_meta_s_name_then_the_id() {
    let f = feed("AUTOMATIC_FORMAT");
    let answer = json!({"data": [
        {"impressions": "900", "clicks": "30",
         "video_asset": {"video_id": "555", "video_name": "Run (final cut)", "id": "1"}},
        {"impressions": "800", "clicks": "20",
         "video_asset": {"video_id": "556", "video_name": "Teaser", "id": "2"}},
        {"impressions": "700", "clicks": "10", "video_asset": {"video_id": 556000, "id": "3"}},
        {"impressions": "600", "clicks": "5",
         "video_asset": {"video_id": "558", "video_name": "Made in Ads Manager", "id": "4"}},
        {"impressions": "500", "clicks": "4", "video_asset": {"video_id": "559", "id": "5"}}
    ]});
    let files = AssetFiles::from_journal(&journal("20261125-110000-aaaaaa", GRAPH));
    let labels = |files: &AssetFiles| -> Vec<String> {
        parse_rows("video_asset", &answer, Some(&f))
            .into_iter()
            .map(|mut r| {
                r.name_files(files);
                r.label
            })
            .collect()
    };
    assert_eq!(
        labels(&files),
        [
            "Video 1 «run.mp4»",
            "Video 2 «teaser.mov»",
            "556000",
            "Made in Ads Manager",
            "559"
        ]
    );
    assert_eq!(
        labels(&AssetFiles::default())[..2],
        ["Video 1 «Run (final cut)»", "Video 2 «Teaser»"],
        "no journal: Meta's video_name"
    );
    // A video of the journal in a row the feed does not join (the feed was not read).
    let mut unjoined = parse_rows("video_asset", &answer, None);
    unjoined[0].name_files(&files);
    assert_eq!(unjoined[0].label, "run.mp4");
    // Images likewise, by hash.
    let images =
        json!({"data": [{"impressions": "5", "image_asset": {"hash": "a1b2c3", "id": "9"}}]});
    let mut rows = parse_rows("image_asset", &images, Some(&f));
    rows[0].name_files(&files);
    assert_eq!(rows[0].label, "Image 1 «boots.jpg»");
}

fn screen(p: &StatusPane, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    let ctx = PaneCtx {
        destination: dcw::graph::Destination::BuiltIn,
    };
    t.draw(|f| draw_status(p, &ctx, Theme { color: true }, f, f.area()))
        .unwrap();
    format!("{}", t.backend())
}

fn key(p: &mut StatusPane, c: char) {
    let mut quit = false;
    p.on_key(
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
        &mut quit,
    );
}

fn video_pane(format: &str) -> StatusPane {
    let id = "120210000000000020";
    let mut p = pane(
        &[
            ad(id, "Boots video · dcw-3f9a2c", "DISAPPROVED", 30),
            ad("120210000000000040", "Scarves", "ACTIVE", 90),
        ],
        &[(
            id,
            details(json!([{"id": 556, "reason": ["ALCOHOL"]}]), format),
        )],
    );
    p.watch.model.learn_files(AssetFiles::from_journal(&journal(
        "20261125-110000-aaaaaa",
        GRAPH,
    )));
    p.area = ratatui::layout::Rect::new(0, 0, 80, 24);
    let pos = p
        .order
        .iter()
        .position(|i| p.watch.model.rows[*i].ad_id == id)
        .unwrap();
    p.selected = pos;
    let mut quit = false;
    p.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE), &mut quit);
    p
}

#[test]
fn the_status_pane_shows_a_rejected_video_by_its_file() {
    let p = video_pane("AUTOMATIC_FORMAT");
    let s = screen(&p, 80, 24);
    assert!(s.contains("Video 2 «teaser.mov» — ALCOHOL"), "{s}");
    insta::assert_snapshot!("status_rejected_video_80x24", s);
}

#[test]
fn a_rejected_video_is_dropped_by_the_fix_and_cannot_be_typed() {
    let mut p = video_pane("AUTOMATIC_FORMAT");
    key(&mut p, 'e');
    let notice = p.notice.clone().unwrap();
    assert!(notice.starts_with("✗ A video cannot be typed"), "{notice}");
    assert!(p.fix.is_none(), "nothing changed");
    key(&mut p, 'x');
    let f = p.fix.as_ref().unwrap();
    assert_eq!(
        f.feed["videos"],
        json!([{"video_id": "555", "thumbnail_hash": "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0"}])
    );
    assert_eq!(f.summary(), "Video 2 dropped");
    assert!(p.notice.as_deref().unwrap().contains("Video 2 dropped"));

    // The only video of a SINGLE_VIDEO feed stays: the spec's rule says why.
    let mut single = feed("SINGLE_VIDEO");
    single["images"] = json!([]);
    single["videos"] =
        json!([{"video_id": "556", "thumbnail_hash": "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0"}]);
    let files = AssetFiles::from_journal(&journal("20261125-110000-aaaaaa", GRAPH));
    let FeedbackState::Rejected(rejection) =
        dcw::graph::review_feedback(Some(&json!([{"id": 556, "reason": ["ALCOHOL"]}]))).state
    else {
        panic!("a rejection")
    };
    let only = locate(&single, &rejection[0], &files).unwrap();
    assert_eq!(only.describe(), "Video 1 «teaser.mov»");
    let mut draft = dcw::tui::FixDraft::new("120210000000000020", &single);
    let e = draft.drop_asset(&only).unwrap_err();
    assert!(
        e.starts_with("Video 1 cannot be dropped: SINGLE_VIDEO needs at least one video"),
        "{e}"
    );
    assert_eq!(draft.feed, single, "the feed is as it was");
}

#[test]
fn the_results_view_names_video_rows_by_their_file() {
    let id = "120210000000000020";
    let mut p = video_pane("AUTOMATIC_FORMAT");
    let mut quit = false;
    p.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE), &mut quit);
    key(&mut p, 'r');
    let answer = json!({"data": [
        {"impressions": "900", "clicks": "30", "spend": "4.10",
         "video_asset": {"video_id": "555", "video_name": "Run (final cut)", "id": "1"}},
        {"impressions": "800", "clicks": "20", "spend": "3.00",
         "video_asset": {"video_id": "556", "id": "2"}}
    ]});
    let ad = json!({"name": "Run ad", "adset": {"optimization_goal": "LINK_CLICKS"},
                    "creative": {"asset_feed_spec": feed("AUTOMATIC_FORMAT")}});
    let context = dcw::watch::AdContext::from_read(id, "1234567890", &ad, Some("USD"));
    let query = dcw::watch::ResultsQuery {
        breakdown: "video_asset",
        range: dcw::watch::results::Range::default(),
        split: None,
    };
    // The runner names the rows by the pane's files, as this does.
    let results = dcw::watch::Results::build(
        &context,
        query,
        answer["data"].as_array().unwrap(),
        p.watch.model.files(),
    );
    p.results_loaded(id, query, Ok(results));
    let view = p.results.as_ref().unwrap();
    let tab = view
        .breakdowns
        .iter()
        .position(|b| *b == "video_asset")
        .unwrap();
    for _ in 0..tab {
        p.on_key(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE), &mut quit);
    }
    let s = screen(&p, 80, 24);
    assert!(s.contains("Video 1 «run.mp4»"), "{s}");
    assert!(s.contains("Video 2 «teaser.mov»"), "{s}");
    assert!(!s.contains("Run (final cut)"), "the file comes first: {s}");
}

#[test]
fn the_results_detail_draws_the_image_under_the_cursor_from_the_file_it_was_uploaded_from() {
    use std::cell::RefCell;
    let id = "120210000000000020";
    let mut p = video_pane("AUTOMATIC_FORMAT");
    // A launch whose spec lies next to the example images: its image's file is on this machine.
    let spec = crate::common::examples_dir().join("launch.json");
    let j: LaunchJournal = serde_json::from_value(json!({
        "id": "20261125-120000-bbbbbb", "tag": "", "spec_hash": "",
        "spec_path": spec.to_string_lossy(), "account": "1234567890", "graph": GRAPH,
        "created_at": "2026-11-25T12:00:00+00:00", "state": "done",
        "steps": [{"key": "image:images/gloves.jpg", "name": "gloves.jpg", "state": "created",
                   "id": "d4e5f6"}]
    }))
    .unwrap();
    p.watch.model.learn_files(AssetFiles::from_journal(&j));
    let mut quit = false;
    p.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE), &mut quit);
    key(&mut p, 'r');
    let mut f = feed("AUTOMATIC_FORMAT");
    f["images"] = json!([{"hash": "a1b2c3"}, {"hash": "d4e5f6"}]);
    let ad = json!({"name": "Boots", "adset": {"optimization_goal": "LINK_CLICKS"},
                    "creative": {"asset_feed_spec": f}});
    let context = dcw::watch::AdContext::from_read(id, "1234567890", &ad, Some("EUR"));
    let query = dcw::watch::ResultsQuery {
        breakdown: "image_asset",
        range: dcw::watch::results::Range::default(),
        split: None,
    };
    let rows = [
        json!({"impressions": "5000", "clicks": "150", "spend": "40.00",
               "actions": [{"action_type": "link_click", "value": "120"}],
               "image_asset": {"hash": "d4e5f6", "url": "https://x/y.jpg", "id": "1"}}),
        json!({"impressions": "4000", "clicks": "40", "spend": "30.00",
               "actions": [{"action_type": "link_click", "value": "30"}],
               "image_asset": {"hash": "a1b2c3", "url": "https://x/z.jpg", "id": "2"}}),
    ];
    let results = dcw::watch::Results::build(&context, query, &rows, p.watch.model.files());
    p.results_loaded(id, query, Ok(results));
    while p.results.as_ref().unwrap().breakdown_name() != "image_asset" {
        p.on_key(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE), &mut quit);
    }
    let drawn: RefCell<Vec<(String, ratatui::layout::Rect)>> = RefCell::new(Vec::new());
    let shot = |p: &StatusPane, w: u16, h: u16| {
        drawn.borrow_mut().clear();
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        let picture = |_: &mut ratatui::Frame,
                       k: &dcw::tui::preview::PreviewKey,
                       r: ratatui::layout::Rect| {
            drawn.borrow_mut().push((k.file.clone(), r));
        };
        t.draw(|fr| {
            dcw::tui::draw_status_with(
                p,
                &PaneCtx::default(),
                Theme { color: true },
                fr,
                fr.area(),
                Some(&picture),
            )
        })
        .unwrap();
        format!("{}", t.backend())
    };
    let s = shot(&p, 120, 40);
    assert!(
        s.contains("Image 2 «gloves.jpg»") && s.contains("€40.00"),
        "{s}"
    );
    assert!(s.contains("file gloves.jpg"), "{s}");
    let d = drawn.borrow().clone();
    assert_eq!(d.len(), 1, "one thumbnail");
    assert!(d[0].0.ends_with("images/gloves.jpg"), "{d:?}");
    assert!(
        d[0].1.x >= 90 && d[0].1.width >= 20 && d[0].1.height >= 4,
        "{d:?}"
    );
    // Too narrow for a thumbnail; and none for an image whose file is not here.
    shot(&p, 80, 24);
    assert!(drawn.borrow().is_empty());
    p.on_key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE), &mut quit);
    let s = shot(&p, 120, 40);
    assert!(s.contains("── Image 1 «boots.jpg»"), "{s}");
    assert!(
        drawn.borrow().is_empty(),
        "img/boots.jpg is not on this machine"
    );
}
