//! Errors in view, on the real binary in tmux (in-process sandbox, no token): a refused Next
//! on Assets focuses the field with the error and shows its message (at 120x40 and 80x24). The harness is tests/common/tmux.rs; every wait polls against a deadline.
#![cfg(unix)]

use crate::common;
use crate::require_tmux;

use std::path::{Path, PathBuf};

use common::tmux::{Start, Tmux};
use serde_json::Value;

/// The sales example without its links, its images by absolute path, written into `dir`.
fn spec_without_links(dir: &Path) -> PathBuf {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples");
    let text = std::fs::read_to_string(examples.join("sales-winter-boots.json")).unwrap();
    let mut spec: Value = serde_json::from_str(&text).unwrap();
    let feed = &mut spec["creative"]["asset_feed_spec"];
    feed.as_object_mut().unwrap().remove("link_urls");
    for image in feed["images"].as_array_mut().unwrap() {
        let file = examples.join(image["file"].as_str().unwrap());
        image["file"] = Value::String(file.display().to_string());
    }
    let path = dir.join("no-links.json");
    std::fs::write(&path, serde_json::to_string_pretty(&spec).unwrap()).unwrap();
    path
}

/// dcw opening the spec without links, at `width`x`height`, on its Assets step.
fn open_without_links(test: &str, width: u16, height: u16) -> (Tmux, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let spec = spec_without_links(dir.path());
    let spec = spec.display().to_string();
    let args = ["open", spec.as_str()];
    let mut start = Start::new(&args);
    start.width = width;
    start.height = height;
    let t = Tmux::start(test, start);
    t.wait_until("the Assets step", |s| {
        s.contains("SANDBOX") && s.contains("5. Assets")
    });
    (t, dir)
}

/// The focused row (the one marked `›`), trimmed.
fn focused(screen: &str) -> String {
    screen
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("› "))
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// A refused Next on Assets leaves the focus on the links and their message on screen.
fn refused_next_shows_the_link_message(test: &str, width: u16, height: u16) {
    let (t, _dir) = open_without_links(test, width, height);
    t.keys(&["PageDown"]);
    let screen = t.wait_until("the refused Next with the link message", |s| {
        s.contains("to fix before Review") && s.contains("The feed needs a link URL")
    });
    assert!(
        focused(&screen).starts_with("[ + Add link ]"),
        "the focus is not on the links:\n{screen}"
    );
    let lines: Vec<&str> = screen.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("› [ + Add link ]"))
        .unwrap();
    assert!(
        lines[at + 1..]
            .iter()
            .take(3)
            .any(|l| l.contains("✗ The feed needs a link URL")),
        "the message is not under the links:\n{screen}"
    );
    assert!(screen.contains("5. Assets"), "{screen}");
}

#[test]
fn a_spec_without_links_refused_at_assets_shows_the_link_message_at_the_links() {
    require_tmux!("the Assets step's refused Next");
    refused_next_shows_the_link_message("nolinks120", 120, 40);
}

#[test]
fn at_80x24_the_refused_next_still_shows_the_focused_error() {
    require_tmux!("the Assets step's refused Next at 80x24");
    refused_next_shows_the_link_message("nolinks80", 80, 24);
}
