//! What the wizard writes to the terminal, counted byte by byte through the real loop
//! (`run_loop` with a crossterm backend over a counting writer): nothing while idle, and a
//! small diff per keystroke.

use crate::common;

use std::io::{self, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::wizard::*;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use dcw::graph::{GraphClient, GraphConfig, Secret};
use dcw::spec::Step;
use dcw::tui::Theme;
use dcw::tui::{Runner, run_loop};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

/// Everything written, kept to be counted.
#[derive(Clone, Default)]
struct Counting(Arc<Mutex<Vec<u8>>>);

impl Write for Counting {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Counting {
    fn len(&self) -> usize {
        self.0.lock().unwrap().len()
    }
    /// Frames drawn: each is wrapped in a synchronized update.
    fn frames(&self) -> usize {
        let b = self.0.lock().unwrap();
        b.windows(8).filter(|w| w == b"\x1b[?2026h").count()
    }
}

/// Waits until the count has not changed for 150 ms (the loop has handled everything).
async fn settle(c: &Counting) -> usize {
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

fn key(c: char) -> io::Result<Event> {
    Ok(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_writes_nothing_and_a_keystroke_writes_under_200_bytes_at_120x40() {
    let (addr, sandbox) = dcw::sandbox::Sandbox::start(Default::default())
        .await
        .unwrap();
    let mut gc = GraphConfig::new(Secret::new("sandbox"));
    gc.base_url = format!("http://{addr}");
    let client = GraphClient::new(gc).unwrap();
    let home = tempfile::tempdir().unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let runner = Runner {
        client,
        tx,
        drafts_dir: home.path().join("drafts"),
        launches_dir: home.path().join("launches"),
        api_base: "sandbox".into(),
        tag_names: true,
        never_features: Default::default(),
        journals: Default::default(),
        picker: std::sync::Arc::new(ratatui_image::picker::Picker::halfblocks()),
    };
    let mut app = opened("sales-winter-boots.json");
    app.goto(Step::Campaign);
    assert_eq!(app.focus, "campaign.name");
    let out = Counting::default();
    let backend = CrosstermBackend::new(out.clone());
    let mut terminal = Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, 120, 40)),
        },
    )
    .unwrap();
    let (keys, input) = futures_channel();
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
        home.path().join("drafts").read_dir().unwrap().count() >= 1,
        "the draft was saved"
    );

    keys.send(Ok(Event::Key(KeyEvent::new(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    ))))
    .unwrap();
    task.await.unwrap().unwrap();
    sandbox.shutdown().await;
}

/// An input stream fed by a channel.
fn futures_channel() -> (
    tokio::sync::mpsc::UnboundedSender<io::Result<Event>>,
    impl futures_util::Stream<Item = io::Result<Event>> + Unpin,
) {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let stream =
        futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|e| (e, rx)) });
    (tx, Box::pin(stream))
}
