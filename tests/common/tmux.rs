//! The `dcw` binary on a real terminal, for tests/tui_tmux.rs and tests/watch_tmux.rs: each
//! test has its own tmux server (`tmux -L`), its own `DCW_HOME` and a pane that runs
//! `dcw ...; echo "EXIT=$?"; sleep 60`, so what dcw leaves on the primary screen can be read
//! after it exits. Every wait polls the screen (or a file) against a generous deadline; nothing
//! asserts on timings. A test starts with `require_tmux!("what it drives")`, which skips it,
//! with a note, where `tmux -V` cannot run.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long any one wait may take before the test fails (a slow CI box, a debug build), unless
/// the test's `Start` says otherwise.
pub const DEADLINE: Duration = Duration::from_secs(20);
pub const POLL: Duration = Duration::from_millis(50);
/// The one session on each test's own server.
pub const SESSION: &str = "dcw";

pub fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Returns from the test, with a note naming what is not driven, when tmux cannot run here.
#[macro_export]
macro_rules! require_tmux {
    ($what:expr) => {
        if !$crate::common::tmux::tmux_available() {
            eprintln!(
                "note: skipped: `tmux -V` cannot run here, so {} is not driven",
                $what
            );
            return;
        }
    };
}

/// `s` as one word for `sh`.
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// How a test starts dcw.
pub struct Start<'a> {
    pub args: &'a [&'a str],
    pub width: u16,
    pub height: u16,
    /// Extra environment for dcw (after the tokens, Graph settings and `NO_COLOR` are removed).
    pub env: &'a [(&'a str, &'a str)],
    /// How long an ordinary wait on this pane may take.
    pub deadline: Duration,
    /// The text of dcw's config file (`config.json` under `DCW_HOME`), written before it starts.
    pub config: Option<&'a str>,
}

impl<'a> Start<'a> {
    pub fn new(args: &'a [&'a str]) -> Start<'a> {
        Start {
            args,
            width: 120,
            height: 40,
            env: &[],
            deadline: DEADLINE,
            config: None,
        }
    }
}

/// One tmux server running dcw in one pane; dropping it kills the server, so a failing test
/// cleans up too.
pub struct Tmux {
    socket: String,
    /// The server's socket file, which tmux leaves behind when the server is killed.
    socket_path: Option<PathBuf>,
    home: tempfile::TempDir,
    deadline: Duration,
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").output();
        if let Some(p) = &self.socket_path {
            let _ = std::fs::remove_file(p);
        }
    }
}

impl Tmux {
    pub fn start(test: &str, start: Start<'_>) -> Tmux {
        static SERIAL: AtomicUsize = AtomicUsize::new(0);
        let socket = format!(
            "dcw-test-{}-{}-{test}",
            std::process::id(),
            SERIAL.fetch_add(1, Ordering::SeqCst)
        );
        let home = tempfile::tempdir().expect("a temp DCW_HOME");
        let mut t = Tmux {
            socket,
            socket_path: None,
            home,
            deadline: start.deadline,
        };
        if let Some(text) = start.config {
            let dir = t.home().join("config");
            std::fs::create_dir_all(&dir).expect("the config folder");
            std::fs::write(dir.join("config.json"), text).expect("the config file");
        }
        // dcw's pid goes to a file (the `exec` keeps it) and its stderr to another, so a test
        // can signal it or read its memory, and a failure can show what it said.
        let mut dcw = format!(
            "sh -c {} sh {} {}",
            sh_quote(r#"echo $$ > "$1"; shift; exec "$@""#),
            sh_quote(&t.pid_file().display().to_string()),
            sh_quote(env!("CARGO_BIN_EXE_dcw")),
        );
        for a in start.args {
            dcw.push(' ');
            dcw.push_str(&sh_quote(a));
        }
        let inner = format!(
            "{dcw} 2>{}; echo \"EXIT=$?\"; sleep 60",
            sh_quote(&t.stderr_file().display().to_string())
        );
        let mut env = format!("DCW_HOME={}", sh_quote(&t.home().display().to_string()));
        for (k, v) in start.env {
            env.push_str(&format!(" {k}={}", sh_quote(v)));
        }
        let outer = format!(
            "exec env -u META_ACCESS_TOKEN -u FB_ACCESS_TOKEN -u DCW_API_BASE -u DCW_API_VERSION -u NO_COLOR {env} sh -c {}",
            sh_quote(&inner)
        );
        let out = t
            .cmd()
            .args(["new-session", "-d", "-s", SESSION])
            .args([
                "-x",
                &start.width.to_string(),
                "-y",
                &start.height.to_string(),
            ])
            .arg("-c")
            .arg(t.home())
            .arg(outer)
            .output()
            .expect("tmux new-session runs");
        assert!(
            out.status.success(),
            "tmux new-session failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let path = t.run(&["display-message", "-p", "#{socket_path}"]).stdout;
        let path = String::from_utf8_lossy(&path).trim().to_string();
        t.socket_path = (!path.is_empty()).then(|| PathBuf::from(path));
        t
    }

    /// tmux on this test's own server, without a config file, and with a plain `sh` for the
    /// pane so the command line means the same everywhere.
    pub fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-f", "/dev/null", "-L", &self.socket])
            .env("SHELL", "/bin/sh")
            .env_remove("TMUX")
            .env_remove("META_ACCESS_TOKEN")
            .env_remove("FB_ACCESS_TOKEN");
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        let out = self.cmd().args(args).output().expect("tmux runs");
        assert!(
            out.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    pub fn home(&self) -> &Path {
        self.home.path()
    }

    pub fn pid_file(&self) -> PathBuf {
        self.home().join("dcw.pid")
    }

    pub fn stderr_file(&self) -> PathBuf {
        self.home().join("dcw.stderr")
    }

    pub fn stderr(&self) -> String {
        std::fs::read_to_string(self.stderr_file()).unwrap_or_default()
    }

    /// Types keys as tmux names them (`Enter`, `C-s`, `PageDown`, `Home`, `q`).
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", SESSION];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Types `text` literally.
    pub fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", SESSION, "-l", text]);
    }

    /// The visible screen as text.
    pub fn screen(&self) -> String {
        self.capture(&["-p"])
    }

    /// The visible screen with wrapped lines joined (for long paths on the primary screen).
    pub fn screen_joined(&self) -> String {
        self.capture(&["-p", "-J"])
    }

    /// The visible screen with its escape sequences (colours and modifiers).
    pub fn screen_with_escapes(&self) -> String {
        self.capture(&["-p", "-e"])
    }

    pub fn capture(&self, flags: &[&str]) -> String {
        let mut args = vec!["capture-pane", "-t", SESSION];
        args.extend_from_slice(flags);
        String::from_utf8_lossy(&self.run(&args).stdout).into_owned()
    }

    /// A pane format variable, such as `#{alternate_on}`.
    pub fn pane_format(&self, format: &str) -> String {
        let out = self.run(&["display-message", "-p", "-t", SESSION, format]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Polls the screen until `pred` holds; returns that screen. Fails, showing the last
    /// screen and dcw's stderr, after `deadline`.
    pub fn wait_until_within(
        &self,
        deadline: Duration,
        what: &str,
        pred: impl Fn(&str) -> bool,
    ) -> String {
        let end = Instant::now() + deadline;
        loop {
            let screen = self.screen();
            if pred(&screen) {
                return screen;
            }
            if Instant::now() > end {
                panic!(
                    "timed out after {deadline:?} waiting for {what}\n--- screen ---\n{screen}\n--- dcw stderr ---\n{}",
                    self.stderr()
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// Polls the screen until `pred` holds, against the pane's deadline; returns that screen.
    pub fn wait_until(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        self.wait_until_within(self.deadline, what, pred)
    }

    /// Polls the screen until it contains `text`; returns that screen.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    /// dcw's pid, once its wrapper has written it.
    pub fn dcw_pid(&self) -> u32 {
        wait_for_value("dcw's pid file", self.deadline, || {
            std::fs::read_to_string(self.pid_file())
                .ok()
                .and_then(|s| s.trim().parse().ok())
        })
    }
}

/// Polls `f` until it gives a value, against `deadline`.
pub fn wait_for_value<T>(what: &str, deadline: Duration, f: impl Fn() -> Option<T>) -> T {
    let end = Instant::now() + deadline;
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(
            Instant::now() <= end,
            "timed out after {deadline:?} waiting for {what}"
        );
        std::thread::sleep(POLL);
    }
}

/// Asserts the terminal is back to normal: the primary screen and a visible cursor.
pub fn assert_terminal_restored(t: &Tmux) {
    assert_eq!(
        t.pane_format("#{alternate_on}"),
        "0",
        "still on the alternate screen:\n{}",
        t.screen()
    );
    assert_eq!(t.pane_format("#{cursor_flag}"), "1", "the cursor is hidden");
}

// ----- the wizard's form on screen -----

/// The focused form row after its marker (`Countries  US United States`).
pub fn focused_row(screen: &str) -> Option<String> {
    let line = screen.lines().find(|l| l.trim_start().starts_with("› "))?;
    Some(
        line.trim_start()
            .trim_start_matches("› ")
            .trim_start()
            .to_string(),
    )
}

/// Whether the focused row is the one labelled `label`.
pub fn focused_on(screen: &str, label: &str) -> bool {
    focused_row(screen).is_some_and(|r| r.starts_with(label))
}

/// Presses Tab until the row `label` has the focus (each Tab waited for).
pub fn tab_to(t: &Tmux, label: &str) -> String {
    for _ in 0..40 {
        let screen = t.wait_until("a focused row", |s| focused_row(s).is_some());
        if focused_on(&screen, label) {
            return screen;
        }
        let before = focused_row(&screen);
        t.keys(&["Tab"]);
        t.wait_until("the focus to move", |s| {
            focused_row(s).is_some() && focused_row(s) != before
        });
    }
    panic!("never reached {label}:\n{}", t.screen());
}

/// The form row `label` as shown (`Countries  US United States`).
pub fn row<'a>(screen: &'a str, label: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.trim_start_matches(['›', ' ']).starts_with(label))
        .unwrap_or_else(|| panic!("no {label} row:\n{screen}"))
}
