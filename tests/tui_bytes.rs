//! What the wizard writes to the terminal, counted byte by byte through the real loop
//! (`run_loop` with a crossterm backend over a counting writer): nothing while idle, and a
//! small diff per keystroke.

use crate::common;

use std::time::Duration;

use common::looping::{Written, ctrl_key, input_channel, key, runner};
use common::wizard::*;
use dcw::spec::Step;
use dcw::tui::Theme;
use dcw::tui::run_loop;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

/// Waits until the count has not changed for 150 ms (the loop has handled everything).
async fn settle(c: &Written) -> usize {
    let mut last = c.len();
    loop {
        tokio::time::sleep(Duration::from_millis(150)).await;
        let now = c.len();
        if now == last {
            return now;
        }
        last = now;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_writes_nothing_and_a_keystroke_writes_under_200_bytes_at_120x40() {
    let (addr, sandbox) = dcw::sandbox::Sandbox::start(Default::default())
        .await
        .unwrap();
    let home = tempfile::tempdir().unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let runner = runner(&format!("http://{addr}"), "sandbox", home.path(), tx);
    let mut app = opened("sales-winter-boots.json");
    app.goto(Step::Campaign);
    assert_eq!(app.focus, "campaign.name");
    let out = Written::default();
    let backend = CrosstermBackend::new(out.clone());
    let mut terminal = Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, 120, 40)),
        },
    )
    .unwrap();
    let (keys, input) = input_channel();
    let task = tokio::spawn(async move {
        run_loop(
            &mut terminal,
            &mut app,
            Theme { color: true },
            &runner,
            &mut rx,
            input,
        )
        .await
    });

    // Start-up: the first frame, then the background loads land.
    let after_start = settle(&out).await;
    assert!(after_start > 0 && out.frames() >= 1);
    // Idle: nothing at all, for a while.
    let frames = out.frames();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(out.len(), after_start, "idle must write nothing");
    assert_eq!(out.frames(), frames, "idle must draw nothing");

    // Typing in a text field: each keystroke's frame is a small diff.
    let mut worst = 0;
    let mut total = 0;
    let text = "Winter Sale, again";
    for c in text.chars() {
        let before = out.len();
        keys.send(key(c)).unwrap();
        let after = settle(&out).await;
        let cost = after - before;
        assert!(cost > 0, "a keystroke redraws");
        worst = worst.max(cost);
        total += cost;
    }
    println!(
        "bytes per keystroke at 120x40: worst {worst}, mean {}",
        total / text.chars().count()
    );
    assert!(worst <= 200, "a keystroke wrote {worst} bytes");

    // The debounced save after typing draws nothing.
    let quiet = out.len();
    tokio::time::sleep(Duration::from_millis(900)).await;
    assert_eq!(out.len(), quiet, "the draft save must not redraw");
    assert!(
        home.path().join("data/drafts").read_dir().unwrap().count() >= 1,
        "the draft was saved"
    );

    keys.send(ctrl_key('c')).unwrap();
    task.await.unwrap().unwrap();
    sandbox.shutdown().await;
}
