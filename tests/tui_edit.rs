//! Editing that forgives and errors in view, on the real binary in tmux (in-process sandbox,
//! no token): a refused Next on Assets focuses the field with the error and shows its message
//! (at 120x40 and 80x24), Ctrl+Z brings back a removed title and Ctrl+Y removes it again, a
//! pre-filled age is replaced by what is typed, and Esc in a text field ends editing and stays
//! on the step. The harness is tests/common/tmux.rs; every wait polls against a deadline.
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

/// Presses `key` until the focused row starts with `label` (at most `max` presses).
fn move_to(t: &Tmux, key: &str, label: &str, max: usize) -> String {
    for _ in 0..max {
        let screen = t.screen();
        let now = focused(&screen);
        if now.starts_with(label) {
            return screen;
        }
        t.keys(&[key]);
        t.wait_until(&format!("the focus to leave {now:?}"), |s| {
            let f = focused(s);
            !f.is_empty() && f != now
        });
    }
    t.wait_until(&format!("the focus on {label:?}"), |s| {
        focused(s).starts_with(label)
    })
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

#[test]
fn ctrl_z_restores_a_removed_title_and_ctrl_y_removes_it_again() {
    require_tmux!("undo and redo");
    let (t, _dir) = open_without_links("undo", 120, 40);
    t.wait_for("› [ + Add link ]");
    move_to(&t, "BTab", "Title 3", 12);
    t.keys(&["C-d"]);
    t.wait_for("Press Ctrl+D again to remove Title 3.");
    t.keys(&["C-d"]);
    let screen = t.wait_for("Removed Title 3.");
    assert!(!screen.contains("Winter gear that lasts"), "{screen}");
    assert!(screen.contains("Titles 2/5"), "{screen}");

    t.keys(&["C-z"]);
    let screen = t.wait_until("the title back", |s| s.contains("Winter gear that lasts"));
    assert!(screen.contains("Titles 3/5"), "{screen}");
    assert!(
        focused(&screen).starts_with("Title 3"),
        "the restored title is not focused:\n{screen}"
    );

    t.keys(&["C-y"]);
    let screen = t.wait_until("the title gone again", |s| {
        !s.contains("Winter gear that lasts") && s.contains("Titles 2/5")
    });
    assert!(screen.contains("5. Assets"), "{screen}");
}

#[test]
fn typing_into_a_prefilled_age_replaces_it() {
    require_tmux!("typing over a pre-filled number");
    let (t, _dir) = open_without_links("age", 120, 40);
    t.keys(&["PageUp"]);
    t.wait_for("4. Ad set");
    let screen = move_to(&t, "Tab", "Age from", 30);
    assert!(focused(&screen).contains("18"), "{screen}");
    t.type_text("25");
    let screen = t.wait_until("the age to read 25", |s| {
        let f = focused(s);
        f.starts_with("Age from") && f.split_whitespace().any(|w| w == "25")
    });
    assert!(!screen.contains("1825"), "typing appended:\n{screen}");
}

#[test]
fn esc_in_a_text_field_ends_editing_and_stays_and_a_second_esc_goes_back() {
    require_tmux!("Esc in a text field");
    let (t, _dir) = open_without_links("esc", 120, 40);
    t.wait_for("› [ + Add link ]");
    move_to(&t, "BTab", "Title 3", 12);
    t.type_text("!");
    let screen = t.wait_for("Winter gear that lasts!");
    assert!(
        screen.contains("Esc done"),
        "the hint names what Esc does here:\n{screen}"
    );
    t.keys(&["Escape"]);
    let screen = t.wait_until("editing ended", |s| s.contains("Enter edit"));
    assert!(screen.contains("5. Assets"), "Esc left the step:\n{screen}");
    assert!(focused(&screen).starts_with("Title 3"), "{screen}");
    assert!(screen.contains("Winter gear that lasts!"), "{screen}");
    t.keys(&["Escape"]);
    t.wait_for("4. Ad set");
}
