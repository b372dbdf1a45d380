//! The ad preview from the status pane (`v` on a launched ad: its feed as Graph read it, its
//! image named by the launch journal's file and drawn from it when it is on disk; Esc back to
//! the pane where it was) and the preview's `m`, which asks Meta for its own preview of the
//! placement on screen off the UI task: the Effect it sends, the link it shows and copies, the
//! answer for a closed screen dropped; and through the real loop against an in-process sandbox,
//! a link that serves the spec's title.

use crate::common;

use std::time::Duration;

use common::looping::{Written, ctrl_key, input_channel, key, runner};
use common::watching::mixed;
use common::wizard::*;
use crossterm::event::KeyCode;
use dcw::launch::{LaunchJournal, MetaPreview, PreviewOf as GraphPreviewOf, SpecPreviews};
use dcw::spec::Step;
use dcw::tui::{
    App, Effect, MetaAsk, MetaPreviewState, Msg, PLACEMENTS_UNKNOWN, PreviewOf, Theme, run_loop,
};
use dcw::watch::AssetFiles;
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use serde_json::json;

const REJECTED: &str = "120210000000000020";

/// A launch whose image `a1b2c3` was uploaded from `image` (the pane's feed names that hash).
fn journal(image: &str) -> LaunchJournal {
    serde_json::from_value(json!({
        "id": "20261125-110000-aaaaaa", "tag": "", "spec_hash": "", "spec_path": "launch.json",
        "account": "1234567890", "graph": "sandbox", "created_at": "2026-11-25T11:00:00+00:00",
        "state": "done",
        "steps": [
            {"key": format!("image:{image}"), "name": "boots.jpg", "state": "created", "id": "a1b2c3"},
            {"key": "ad:0", "name": "Boots ad", "state": "created", "id": REJECTED}
        ]
    }))
    .unwrap()
}

/// The wizard's app showing the mixed pane (not its own launch), the cursor on the rejected ad
/// whose creative was read, the journal's image at `image`.
fn pane_app(image: &str) -> App {
    let mut app = new_app();
    let mut p = mixed();
    p.watch
        .model
        .learn_files(AssetFiles::from_journal(&journal(image)));
    let at = p
        .order
        .iter()
        .position(|i| p.watch.model.rows[*i].ad_id == REJECTED)
        .unwrap();
    p.selected = at;
    app.status = Some(p);
    app.show_status = true;
    app
}

fn boots() -> String {
    examples_dir()
        .join("images/boots.jpg")
        .display()
        .to_string()
}

fn screen(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| dcw::tui::draw(app, Theme { color: true }, f))
        .unwrap();
    format!("{}", t.backend())
}

#[test]
fn v_on_the_pane_opens_the_preview_of_the_ad_under_the_cursor_with_its_file_and_esc_returns() {
    let mut app = pane_app(&boots());
    app.ctx.pictures = false;
    press(&mut app, KeyCode::Char('v'));
    let p = app.ad_preview.as_ref().expect("v opens the preview");
    // The ad's own feed, as Graph read it.
    let feed = p.feed.titles.as_ref().unwrap();
    assert_eq!(feed[0].text.as_deref(), Some("Winter boots"));
    // Its image is the journal's file, on disk: given to the preview to draw.
    let image = &p.feed.images.as_ref().unwrap()[0];
    assert_eq!(image.file.as_deref(), Some(boots().as_str()));
    assert_eq!(image.hash.as_deref(), Some("a1b2c3"));
    assert_eq!(
        app.preview_of,
        Some(PreviewOf::Ad {
            account: "1234567890".into(),
            ad_id: REJECTED.into()
        })
    );
    // Not this session's launch: every family, and a line saying so.
    assert_eq!(p.reached.len(), 5);
    assert_eq!(p.note.as_deref(), Some(PLACEMENTS_UNKNOWN));
    let s = screen(&app, 120, 40);
    assert!(s.contains("Status pane › ad preview"), "{s}");
    assert!(s.contains("«boots.jpg»"), "{s}");
    assert!(s.contains("not known here"), "{s}");
    assert!(s.contains("m Meta's preview"), "{s}");
    insta::assert_snapshot!("pane_preview_120x40", s);

    // Esc: back to the pane, on the same ad.
    press(&mut app, KeyCode::Esc);
    assert!(app.ad_preview.is_none() && app.show_status);
    let pane = app.status.as_ref().unwrap();
    assert_eq!(pane.current().unwrap().ad_id, REJECTED);
    assert!(screen(&app, 120, 40).contains("Craft beer club"));
}

#[test]
fn an_image_whose_file_is_gone_is_named_not_drawn() {
    let mut app = pane_app("/nowhere/at/all/boots.jpg");
    app.ctx.pictures = true;
    press(&mut app, KeyCode::Char('v'));
    let p = app.ad_preview.as_ref().unwrap();
    assert_eq!(p.feed.images.as_ref().unwrap()[0].file, None);
    assert_eq!(p.files.image_names, vec![Some("boots.jpg".to_string())]);
    assert!(
        app.wanted_previews(Rect::new(0, 0, 120, 40)).is_empty(),
        "no picture is asked of a file that is not there"
    );
    assert!(screen(&app, 120, 40).contains("«boots.jpg»"));
}

/// The cursor on the in-review ad whose creative the polls have not read.
fn on_unread(app: &mut App) {
    let p = app.status.as_mut().unwrap();
    let other = p
        .order
        .iter()
        .position(|i| p.watch.model.rows[*i].ad_id == UNREAD)
        .unwrap();
    p.selected = other;
}

const UNREAD: &str = "120210000000000010";

#[test]
fn v_on_an_ad_whose_creative_is_not_read_reads_it_once_then_opens_the_preview() {
    let mut app = pane_app(&boots());
    on_unread(&mut app);
    let fx = press(&mut app, KeyCode::Char('v'));
    assert_eq!(
        fx,
        vec![Effect::ReadCreative {
            account: "1234567890".into(),
            ad_id: UNREAD.into()
        }]
    );
    assert!(app.ad_preview.is_none());
    let notice = app.status.as_ref().unwrap().notice.clone().unwrap();
    assert!(notice.contains("Reading the creative of ad"), "{notice}");
    // A second v while it is read asks nothing more.
    assert!(press(&mut app, KeyCode::Char('v')).is_empty());

    let creative = json!({"id": "555", "asset_feed_spec": {
        "images": [{"hash": "a1b2c3"}],
        "titles": [{"text": "Craft beer, delivered"}],
        "bodies": [{"text": "Join the club."}],
        "link_urls": [{"website_url": "https://shop.example.com/"}],
        "call_to_action_types": ["SUBSCRIBE"],
        "ad_formats": ["SINGLE_IMAGE"]
    }});
    app.update(Msg::CreativeRead {
        ad_id: UNREAD.into(),
        result: Box::new(Ok(creative)),
    });
    let p = app
        .ad_preview
        .as_ref()
        .expect("the answer opens the preview");
    assert_eq!(
        p.feed.titles.as_ref().unwrap()[0].text.as_deref(),
        Some("Craft beer, delivered")
    );
    // Kept in the pane's model: after Esc, v opens it at once.
    press(&mut app, KeyCode::Esc);
    assert!(
        press(&mut app, KeyCode::Char('v'))
            .iter()
            .all(|e| !matches!(e, Effect::ReadCreative { .. }))
    );
    assert!(app.ad_preview.is_some());
}

#[test]
fn a_creative_read_after_the_cursor_moved_is_kept_but_opens_nothing() {
    let mut app = pane_app(&boots());
    on_unread(&mut app);
    press(&mut app, KeyCode::Char('v'));
    press(&mut app, KeyCode::Down);
    if app.status.as_ref().unwrap().current().unwrap().ad_id == UNREAD {
        press(&mut app, KeyCode::Up);
    }
    assert_ne!(
        app.status.as_ref().unwrap().current().unwrap().ad_id,
        UNREAD
    );
    app.update(Msg::CreativeRead {
        ad_id: UNREAD.into(),
        result: Box::new(Ok(
            json!({"id": "555", "asset_feed_spec": {"bodies": [{"text": "x"}]}}),
        )),
    });
    assert!(app.ad_preview.is_none());
    let p = app.status.as_ref().unwrap();
    let row = p
        .watch
        .model
        .rows
        .iter()
        .find(|r| r.ad_id == UNREAD)
        .unwrap();
    assert!(row.feed.is_some());
}

#[test]
fn a_creative_that_cannot_be_read_or_is_not_dynamic_is_said_on_the_pane() {
    let mut app = pane_app(&boots());
    on_unread(&mut app);
    press(&mut app, KeyCode::Char('v'));
    app.update(Msg::CreativeRead {
        ad_id: UNREAD.into(),
        result: Box::new(Err("(#100) Unsupported get request \u{1b}[2J".into())),
    });
    assert!(app.ad_preview.is_none());
    let notice = app.status.as_ref().unwrap().notice.clone().unwrap();
    assert!(
        notice.contains("could not be read: (#100) Unsupported get request"),
        "{notice}"
    );
    assert!(!notice.contains('\u{1b}'));

    // Asked again, it is read again; a creative without a feed is not a Dynamic Creative ad.
    assert_eq!(press(&mut app, KeyCode::Char('v')).len(), 1);
    app.update(Msg::CreativeRead {
        ad_id: UNREAD.into(),
        result: Box::new(Ok(json!({"id": "556"}))),
    });
    assert!(app.ad_preview.is_none());
    let notice = app.status.as_ref().unwrap().notice.clone().unwrap();
    assert!(notice.contains("no asset_feed_spec"), "{notice}");
}

fn answer_of(link: &str) -> SpecPreviews {
    SpecPreviews {
        of: GraphPreviewOf::Ad(REJECTED.into()),
        previews: vec![MetaPreview {
            ad_format: "DESKTOP_FEED_STANDARD".into(),
            placement: "Facebook Feed 1:1".into(),
            fields: Default::default(),
            link: link.into(),
        }],
        notes: Vec::new(),
    }
}

#[test]
fn m_asks_meta_for_the_family_on_screen_once_and_the_answer_shows_and_copies_the_link() {
    let mut app = pane_app(&boots());
    app.ctx.pictures = false;
    press(&mut app, KeyCode::Char('v'));
    press(&mut app, KeyCode::Char('4'));
    let family = app.ad_preview.as_ref().unwrap().family;
    let fx = press(&mut app, KeyCode::Char('m'));
    let want: Vec<String> = family.ad_formats.iter().map(|f| f.to_string()).collect();
    let id = app.ad_preview.as_ref().unwrap().id;
    assert_eq!(
        fx,
        vec![Effect::MetaPreview {
            id,
            ask: MetaAsk::Ad {
                account: "1234567890".into(),
                ad_id: REJECTED.into(),
                formats: want,
            }
        }]
    );
    assert!(screen(&app, 120, 40).contains("asking Meta…"));
    // A second press while asking does nothing.
    assert!(press(&mut app, KeyCode::Char('m')).is_empty());

    let link = "http://127.0.0.1:9/preview/1?t=\u{1b}[2Jx";
    app.update(Msg::MetaPreviewed {
        id,
        result: Box::new(Ok(answer_of(link))),
    });
    let clean = dcw::spec::text::sanitize(link).into_owned();
    assert!(!clean.contains('\u{1b}'));
    assert_eq!(app.clipboard.as_deref(), Some(clean.as_str()));
    let s = screen(&app, 120, 40);
    assert!(
        s.contains("DESKTOP_FEED_STANDARD: http://127.0.0.1:9/preview/1"),
        "{s}"
    );
    assert!(
        s.contains("copied (OSC 52; in tmux: set -g set-clipboard on)"),
        "{s}"
    );
    assert!(!s.contains('\u{1b}'));

    // An error, in words.
    press(&mut app, KeyCode::Char('m'));
    app.update(Msg::MetaPreviewed {
        id,
        result: Box::new(Err("Meta's STORY preview: (#100) Invalid parameter".into())),
    });
    let p = app.ad_preview.as_ref().unwrap();
    assert!(
        matches!(p.meta, MetaPreviewState::Failed { .. }),
        "{:?}",
        p.meta
    );
    assert!(screen(&app, 120, 40).contains("(#100) Invalid parameter"));
}

#[test]
fn an_answer_for_a_preview_already_closed_is_dropped() {
    let mut app = pane_app(&boots());
    press(&mut app, KeyCode::Char('v'));
    press(&mut app, KeyCode::Char('m'));
    let old = app.ad_preview.as_ref().unwrap().id;
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('v'));
    app.update(Msg::MetaPreviewed {
        id: old,
        result: Box::new(Ok(answer_of("http://127.0.0.1:9/old"))),
    });
    assert_eq!(app.clipboard, None);
    assert_eq!(
        app.ad_preview.as_ref().unwrap().meta,
        MetaPreviewState::NotAsked
    );
    // Closed altogether: nothing happens either.
    press(&mut app, KeyCode::Esc);
    app.update(Msg::MetaPreviewed {
        id: old + 1,
        result: Box::new(Ok(answer_of("http://127.0.0.1:9/old"))),
    });
    assert_eq!(app.clipboard, None);
}

#[test]
fn m_in_the_wizard_asks_with_the_draft() {
    let mut app = opened("sales-winter-boots.json");
    app.goto(Step::Review);
    focus(&mut app, "#submit");
    press(&mut app, KeyCode::Char('v'));
    assert_eq!(app.preview_of, Some(PreviewOf::Draft));
    let fx = press(&mut app, KeyCode::Char('m'));
    let family = app.ad_preview.as_ref().unwrap().family;
    match fx.as_slice() {
        [
            Effect::MetaPreview {
                ask: MetaAsk::Draft { spec, formats, .. },
                ..
            },
        ] => {
            assert_eq!(spec.account_digits(), "1234567890");
            let want: Vec<String> = family.ad_formats.iter().map(|f| f.to_string()).collect();
            assert_eq!(*formats, want);
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn through_the_loop_m_gets_a_link_that_serves_the_spec_s_title_and_copies_it() {
    let (addr, sandbox) = dcw::sandbox::Sandbox::start(Default::default())
        .await
        .unwrap();
    let home = tempfile::tempdir().unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let runner = runner(&format!("http://{addr}"), "sandbox", home.path(), tx);
    let mut app = opened("sales-winter-boots.json");
    app.ctx.pictures = false;
    app.goto(Step::Review);
    focus(&mut app, "#submit");
    let out = Written::default();
    let mut terminal = Terminal::with_options(
        CrosstermBackend::new(out.clone()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, 120, 40)),
        },
    )
    .unwrap();
    let (keys, input) = input_channel();
    let task = tokio::spawn(async move {
        let r = run_loop(
            &mut terminal,
            &mut app,
            Theme { color: true },
            &runner,
            &mut rx,
            input,
        )
        .await;
        (r, app)
    });
    keys.send(key('v')).unwrap();
    keys.send(key('m')).unwrap();
    // The OSC 52 copy is written once the answer is drawn (a generous deadline: no hang).
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let written = out.contains(b"\x1b]52;c;");
        if written {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "no OSC 52 copy");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    keys.send(ctrl_key('c')).unwrap();
    let (r, app) = task.await.unwrap();
    r.unwrap();
    let p = app.ad_preview.as_ref().unwrap();
    let MetaPreviewState::Links { links, .. } = &p.meta else {
        panic!("{:?}", p.meta);
    };
    assert_eq!(links.len(), p.family.ad_formats.len());
    let first = &links[0].1;
    assert_eq!(app.clipboard, None, "the copy was written");
    let html = reqwest::get(first).await.unwrap().text().await.unwrap();
    assert!(html.contains("Boots for real winters"), "{html}");
    sandbox.shutdown().await;
}
