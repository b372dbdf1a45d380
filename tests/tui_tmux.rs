//! The wizard on a real terminal: the `dcw` binary in tmux, on the in-process sandbox (no
//! token). Each test has its own tmux server (`tmux -L`), its own `DCW_HOME` and a pane that
//! runs `dcw ...; echo "EXIT=$?"; sleep 60`, so what dcw leaves on the primary screen can be
//! read after it exits. Every wait polls the screen (or a file) against a generous deadline;
//! nothing asserts on timings. Skipped, with a note, where `tmux -V` cannot run. The harness
//! is tests/common/tmux.rs.
#![cfg(unix)]

use crate::common;
use crate::require_tmux;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::tmux::{DEADLINE, SESSION, Start, Tmux, assert_terminal_restored, wait_for_value};
use serde_json::Value;

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/examples")
        .join(name)
        .display()
        .to_string()
}

/// What the wizard's tests read of its pane besides the screen.
trait WizardPane {
    fn drafts_dir(&self) -> PathBuf;
    fn launches_dir(&self) -> PathBuf;
    /// Polls the screen until the form row `label` shows `value`; returns that screen.
    fn wait_for_field(&self, label: &str, value: &str) -> String;
}

impl WizardPane for Tmux {
    fn drafts_dir(&self) -> PathBuf {
        self.home().join("data/drafts")
    }

    fn launches_dir(&self) -> PathBuf {
        self.home().join("data/launches")
    }

    fn wait_for_field(&self, label: &str, value: &str) -> String {
        self.wait_until(&format!("{label} to show {value:?}"), |s| {
            s.lines().any(|l| {
                l.trim_start_matches(['›', ' '])
                    .strip_prefix(label)
                    .is_some_and(|rest| rest.trim_start().starts_with(value))
            })
        })
    }
}

/// Whether the process is still running (a zombie, left for an init that may never reap it,
/// counts as gone).
fn running(pid: u32) -> bool {
    if Path::new("/proc/self/stat").exists() {
        return match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
            Ok(stat) => stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().next())
                .is_some_and(|state| state != "Z" && state != "X"),
            Err(_) => false,
        };
    }
    Command::new("ps")
        .args(["-o", "stat=", "-p", &pid.to_string()])
        .output()
        .map(|o| {
            let stat = String::from_utf8_lossy(&o.stdout).trim().to_string();
            !stat.is_empty() && !stat.starts_with('Z')
        })
        .unwrap_or(false)
}

fn send_signal(pid: u32, signal: &str) {
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -{signal} {pid} failed");
}

/// The draft id in the header (`draft 20261125-183012-4821`).
fn draft_id(screen: &str) -> String {
    let header = screen.lines().next().unwrap_or_default();
    let (_, after) = header
        .rsplit_once("draft ")
        .unwrap_or_else(|| panic!("no draft id in the header: {header:?}"));
    after
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn campaign_name(draft: &Value) -> Option<&str> {
    draft.pointer("/campaign/name").and_then(Value::as_str)
}

fn assert_private(path: &Path) {
    let mode = std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode();
    assert_eq!(
        mode & 0o777,
        0o600,
        "{} is mode {:o}, not 0600",
        path.display(),
        mode & 0o777
    );
}

/// The path of the farewell's `Draft saved: <path>` line.
fn farewell_draft_path(screen: &str) -> PathBuf {
    let line = screen
        .lines()
        .find_map(|l| l.trim().strip_prefix("Draft saved: "))
        .unwrap_or_else(|| panic!("no `Draft saved:` line after dcw exited:\n{screen}"));
    PathBuf::from(line.trim())
}

/// Asserts the draft file exists, is private, and holds the campaign name typed.
fn assert_draft_named(path: &Path, name: &str) {
    assert!(path.is_file(), "no draft at {}", path.display());
    assert_private(path);
    let draft = read_json(path);
    assert_eq!(campaign_name(&draft), Some(name), "{draft:#}");
}

/// `dcw new`, the first account chosen, on the Campaign step.
fn new_draft_on_the_campaign_step(test: &str) -> Tmux {
    let t = Tmux::start(test, Start::new(&["new"]));
    t.wait_for("SANDBOX");
    // The accounts come from the sandbox; choose the first once it is listed.
    t.wait_for("dcw Demo (USD)");
    t.keys(&["Enter"]);
    t.wait_for_field("Facebook Page", "dcw Demo Store");
    t.keys(&["PageDown"]);
    t.wait_for("2. Objective");
    // A new draft has no objective: Enter chooses the highlighted first one (and moves on).
    t.wait_for("› Objective             — none —");
    t.keys(&["Enter"]);
    t.wait_for_field("Objective", "OUTCOME_SALES");
    t.keys(&["PageDown"]);
    t.wait_until("the Campaign step with its name focused", |s| {
        s.contains("3. Campaign") && s.contains("› Campaign name")
    });
    t
}

/// The six objects of the sales example as the screen names them, in the order the review
/// lists them.
const OBJECTS: [&str; 6] = [
    "campaign", "ad set 1", "ad set 2", "creative", "ad 1", "ad 2",
];
/// The same objects' keys in the journal.
const KEYS: [&str; 6] = ["campaign", "adset:0", "adset:1", "creative", "ad:0", "ad:1"];

/// The ID on the review's `✓ <key> ...  <id>` line.
fn created_id(screen: &str, key: &str) -> String {
    let line = screen
        .lines()
        .find(|l| {
            l.trim_start()
                .strip_prefix("✓ ")
                .is_some_and(|rest| rest.starts_with(&format!("{key} ")))
        })
        .unwrap_or_else(|| panic!("no `✓ {key}` line on the review:\n{screen}"));
    let id = line
        .split_whitespace()
        .last()
        .unwrap_or_default()
        .to_string();
    assert!(
        id.len() == 18 && id.bytes().all(|b| b.is_ascii_digit()),
        "{key}: {id:?} is not an ID like 1202100000000000NN in {line:?}"
    );
    id
}

/// Opens the sales example, jumps to Review and launches it with `Y`, after checking that a
/// lowercase `y` does not; the wizard moves to the status pane watching the two ads, and `l`
/// goes back to the launch summary. Returns the screen that says Launched.
fn launch_the_example(t: &Tmux) -> String {
    t.wait_for("SANDBOX");
    t.wait_for("dcw Demo (USD)");
    t.keys(&["C-s"]);
    t.wait_for("6. Review");
    t.keys(&["Tab"]);
    t.wait_for("› [ Submit… ]");
    t.keys(&["Enter"]);
    t.wait_for("Confirm launch");

    // A lowercase y cancels: nothing is launched, nothing journaled.
    t.keys(&["y"]);
    let screen = t.wait_for("Not launched");
    assert!(
        !screen.contains("Confirm launch"),
        "the modal stays open after `y`:\n{screen}"
    );
    assert!(!screen.contains("✓ Launched"), "`y` launched:\n{screen}");
    let journals = std::fs::read_dir(t.launches_dir())
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(journals, 0, "`y` wrote to {}", t.launches_dir().display());

    t.keys(&["Enter"]);
    t.wait_for("Confirm launch");
    t.keys(&["Y"]);
    // The pane's header comes first in a frame, its notice last: wait for the frame whole.
    t.wait_until("the review pane with its notice", |s| {
        s.contains("dcw · review") && s.contains("l shows the launch summary")
    });
    t.wait_for("2 ads");
    t.keys(&["l"]);
    // The summary says what it is now, and the way back to the pane. Waits for the whole
    // summary: on a busy machine a capture can land between two writes of one frame.
    t.wait_until("the launch summary, drawn whole", |s| {
        s.contains("✓ Launched in SANDBOX (built-in):")
            && s.contains("this draft is launched")
            && s.contains("w watches its review")
    })
}

#[test]
fn opening_an_example_and_submitting_with_uppercase_y_shows_the_created_ids() {
    require_tmux!("the wizard");
    let spec = example("sales-winter-boots.json");
    let t = Tmux::start("launch", Start::new(&["open", &spec]));
    let screen = launch_the_example(&t);

    let ids: Vec<String> = OBJECTS.iter().map(|k| created_id(&screen, k)).collect();
    let mut distinct = ids.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), ids.len(), "IDs repeat: {ids:?}");

    // The journal named on screen exists and holds the same IDs.
    let journal_id = screen
        .split("✓ Launched in SANDBOX (built-in): journal ")
        .nth(1)
        .and_then(|rest| rest.split(['.', ' ']).next())
        .unwrap_or_else(|| panic!("no journal id on the screen:\n{screen}"))
        .to_string();
    let journal_path = t.launches_dir().join(format!("{journal_id}.json"));
    assert!(
        journal_path.is_file(),
        "no journal at {}",
        journal_path.display()
    );
    let journal = read_json(&journal_path);
    let steps = journal["steps"].as_array().expect("the journal's steps");
    for (key, id) in KEYS.iter().zip(&ids) {
        let step = steps
            .iter()
            .find(|s| s["key"] == *key)
            .unwrap_or_else(|| panic!("no {key} in the journal"));
        assert_eq!(
            step["id"].as_str(),
            Some(id.as_str()),
            "{key} in the journal"
        );
    }

    // q quits; the terminal is restored and the farewell lists what was created.
    t.keys(&["q"]);
    let after = t.wait_for("EXIT=");
    assert!(after.contains("EXIT=0"), "dcw did not exit 0:\n{after}");
    assert_terminal_restored(&t);
    let after = t.screen_joined();
    assert!(
        after.contains(&format!("Launched {journal_id}:")),
        "no `Launched {journal_id}:` after dcw exited:\n{after}"
    );
    for (key, id) in OBJECTS.iter().zip(&ids) {
        assert!(
            after.lines().any(|l| {
                l.trim_start()
                    .strip_prefix(key)
                    .is_some_and(|rest| rest.split_whitespace().next() == Some(id.as_str()))
            }),
            "no `{key} {id}` line after dcw exited:\n{after}"
        );
    }
}

#[test]
fn the_farewell_after_a_launch_names_a_draft_that_exists() {
    require_tmux!("the wizard");
    let spec = example("sales-winter-boots.json");
    let t = Tmux::start("launch-draft", Start::new(&["open", &spec]));
    launch_the_example(&t);
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
    let screen = t.screen_joined();
    let path = screen
        .lines()
        .find_map(|l| l.trim().strip_prefix("The launched draft is kept as "))
        .map(|p| PathBuf::from(p.trim()))
        .unwrap_or_else(|| panic!("no `kept as` line after the launch:\n{screen}"));
    assert!(
        path.to_string_lossy().ends_with(".launched.json"),
        "{}",
        path.display()
    );
    assert!(
        path.is_file(),
        "the farewell names {}, which does not exist; the drafts folder holds {:?}",
        path.display(),
        std::fs::read_dir(t.drafts_dir())
            .map(|d| d
                .filter_map(Result::ok)
                .map(|e| e.file_name())
                .collect::<Vec<_>>())
            .unwrap_or_default()
    );
}

#[test]
fn ctrl_c_restores_the_terminal_and_keeps_the_draft() {
    require_tmux!("the wizard");
    let t = new_draft_on_the_campaign_step("ctrl-c");
    // The name and Ctrl+C at once: the draft must not wait for the save debounce.
    t.type_text("Ctrl C survivor");
    t.keys(&["C-c"]);
    let after = t.wait_for("EXIT=");
    assert!(after.contains("EXIT=0"), "dcw did not exit 0:\n{after}");
    assert_terminal_restored(&t);

    let path = farewell_draft_path(&t.screen_joined());
    assert!(
        path.starts_with(t.drafts_dir()),
        "{} is not in {}",
        path.display(),
        t.drafts_dir().display()
    );
    assert_draft_named(&path, "Ctrl C survivor");
}

#[test]
fn a_hangup_keeps_the_draft() {
    require_tmux!("the wizard");
    let t = new_draft_on_the_campaign_step("hangup");
    let pid = t.dcw_pid();
    let id = draft_id(&t.screen());
    t.type_text("Hangup survivor");
    // Only what dcw has read can be kept: the name on screen, then the terminal goes away.
    t.wait_for_field("Campaign name", "Hangup survivor");
    t.run(&["kill-server"]);

    wait_for_value("dcw to end after the hangup", DEADLINE, || {
        (!running(pid)).then_some(())
    });
    let path = t.drafts_dir().join(format!("{id}.json"));
    assert_draft_named(&path, "Hangup survivor");
}

#[test]
fn sighup_restores_the_terminal_and_keeps_the_draft() {
    require_tmux!("the wizard");
    let t = new_draft_on_the_campaign_step("sighup");
    let pid = t.dcw_pid();
    t.type_text("Sighup survivor");
    t.wait_for_field("Campaign name", "Sighup survivor");
    send_signal(pid, "HUP");

    let after = t.wait_for("EXIT=");
    assert!(after.contains("EXIT=0"), "dcw did not exit 0:\n{after}");
    assert_terminal_restored(&t);
    let path = farewell_draft_path(&t.screen_joined());
    assert_draft_named(&path, "Sighup survivor");
}

#[test]
fn a_hangup_ends_dcw_without_a_panic() {
    require_tmux!("the wizard");
    let t = new_draft_on_the_campaign_step("hangup-quiet");
    let pid = t.dcw_pid();
    t.type_text("Quiet hangup");
    t.wait_for_field("Campaign name", "Quiet hangup");
    t.run(&["kill-server"]);
    wait_for_value("dcw to end after the hangup", DEADLINE, || {
        (!running(pid)).then_some(())
    });
    let stderr = t.stderr();
    assert!(
        !stderr.contains("panicked"),
        "dcw panicked after the hangup:\n{stderr}"
    );
}

#[test]
fn the_wizard_says_when_the_terminal_is_too_small() {
    require_tmux!("the wizard");
    let t = Tmux::start(
        "small",
        Start {
            width: 50,
            height: 15,
            ..Start::new(&["new"])
        },
    );
    let screen = t.wait_for("Terminal too small (need 60x20)");
    assert!(screen.contains("now 50x15"), "{screen}");
    assert!(
        !screen.contains("1 Account"),
        "the wizard drew at 50x15:\n{screen}"
    );

    t.run(&["resize-window", "-t", SESSION, "-x", "100", "-y", "30"]);
    let screen = t.wait_for("1 Account");
    assert!(screen.contains("SANDBOX"), "{screen}");
    assert!(!screen.contains("Terminal too small"), "{screen}");

    // Small again, then Ctrl+C quits from the message as it says.
    t.run(&["resize-window", "-t", SESSION, "-x", "59", "-y", "25"]);
    t.wait_for("now 59x25");
    t.keys(&["C-c"]);
    let after = t.wait_for("EXIT=");
    assert!(after.contains("EXIT=0"), "dcw did not exit 0:\n{after}");
    assert_terminal_restored(&t);
}

/// The SGR parameters of every `ESC [ ... m` in `s`.
fn sgr_sequences(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find("\x1b[") {
        let after = &rest[i + 2..];
        let end = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';' || c == ':'))
            .unwrap_or(after.len());
        if after[end..].starts_with('m') {
            out.push(after[..end].to_string());
        }
        rest = &after[end..];
    }
    out
}

/// Whether SGR parameters set a colour: 30-38, 40-48, 90-97, 100-107 (39 and 49 are the
/// default colours, which tmux writes on every reset).
fn sets_colour(params: &str) -> bool {
    params.split([';', ':']).any(|p| {
        matches!(
            p.parse::<u32>(),
            Ok(30..=38 | 40..=48 | 90..=97 | 100..=107)
        )
    })
}

/// The colour-setting sequences on the screen.
fn colours(screen: &str) -> Vec<String> {
    sgr_sequences(screen)
        .into_iter()
        .filter(|p| sets_colour(p))
        .collect()
}

/// `dcw new` in colour or not: the first step, then the same step with the empty draft's
/// errors shown (Ctrl+S refused). Returns both screens with their escape sequences.
fn two_screens(t: &Tmux) -> [String; 2] {
    t.wait_for("SANDBOX");
    t.wait_for("dcw Demo (USD)");
    let first = t.screen_with_escapes();
    t.keys(&["C-s"]);
    t.wait_until("the empty draft's errors, Ctrl+S refused", |s| {
        s.contains("1. Account") && s.contains("to fix before Review")
    });
    [first, t.screen_with_escapes()]
}

#[test]
fn no_color_means_no_colour_codes() {
    require_tmux!("the wizard");
    let plain = Tmux::start(
        "no-color",
        Start {
            env: &[("NO_COLOR", "1")],
            ..Start::new(&["new"])
        },
    );
    // The same screens in colour, so the check is known to see colours when there are some.
    let coloured = Tmux::start("color", Start::new(&["new"]));

    for screen in two_screens(&plain) {
        assert!(screen.contains("SANDBOX"), "{screen}");
        let found = colours(&screen);
        assert!(
            found.is_empty(),
            "colour codes under NO_COLOR: {found:?}\n{}",
            screen.replace('\x1b', "\\e")
        );
        // State still shows, by modifiers (bold, underline, reverse video).
        assert!(
            sgr_sequences(&screen)
                .iter()
                .any(|p| p.split(';').any(|x| matches!(x, "1" | "4" | "7"))),
            "no modifiers at all under NO_COLOR:\n{}",
            screen.replace('\x1b', "\\e")
        );
    }
    for screen in two_screens(&coloured) {
        assert!(
            !colours(&screen).is_empty(),
            "no colour codes without NO_COLOR, so the check sees nothing:\n{}",
            screen.replace('\x1b', "\\e")
        );
    }
}
