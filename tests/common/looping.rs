//! The wizard's real loop in tests: its runner against a sandbox, and keys fed to `run_loop`
//! through a channel.
#![allow(dead_code)]

use std::io::{self, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use dcw::tui::{Msg, Runner};

use super::launching::client;

/// The wizard's runner for a sandbox at `base`, talking to it as `api_base`, with its drafts and
/// journals under `home` (`data/drafts`, `data/launches`, as `dcw` with `DCW_HOME=home`), and no
/// launch of any draft known yet (a fresh window).
pub fn runner(
    base: &str,
    api_base: &str,
    home: &Path,
    tx: tokio::sync::mpsc::UnboundedSender<Msg>,
) -> Runner {
    Runner {
        client: client(base, "test-token"),
        tx,
        drafts_dir: home.join("data/drafts"),
        launches_dir: home.join("data/launches"),
        api_base: api_base.to_string(),
        tag_names: true,
        never_features: Default::default(),
        journals: Default::default(),
        picker: std::sync::Arc::new(ratatui_image::picker::Picker::halfblocks()),
    }
}

/// A plain key as the terminal's event stream gives it.
pub fn key(c: char) -> io::Result<Event> {
    Ok(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )))
}

/// Ctrl+`c` as the terminal's event stream gives it.
pub fn ctrl_key(c: char) -> io::Result<Event> {
    Ok(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )))
}

/// A key stream for `run_loop` and the sender that feeds it.
pub fn input_channel() -> (
    tokio::sync::mpsc::UnboundedSender<io::Result<Event>>,
    impl futures_util::Stream<Item = io::Result<Event>> + Unpin,
) {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let stream =
        futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|e| (e, rx)) });
    (tx, Box::pin(stream))
}

/// A terminal that keeps everything written to it, to be counted and searched.
#[derive(Clone, Default)]
pub struct Written(pub Arc<Mutex<Vec<u8>>>);

impl Write for Written {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Written {
    pub fn len(&self) -> usize {
        self.0.lock().unwrap().len()
    }
    /// Frames drawn: each is wrapped in a synchronized update.
    pub fn frames(&self) -> usize {
        let b = self.0.lock().unwrap();
        b.windows(8).filter(|w| w == b"\x1b[?2026h").count()
    }
    /// Whether `bytes` were written.
    pub fn contains(&self, bytes: &[u8]) -> bool {
        let b = self.0.lock().unwrap();
        b.windows(bytes.len()).any(|w| w == bytes)
    }
}
