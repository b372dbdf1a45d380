//! `dcw watch` on a real terminal and as a script: the `dcw` binary in tmux (the harness of
//! tests/common/tmux.rs, shared with tests/tui_tmux.rs: each test has its own tmux server, its
//! own `DCW_HOME`, and a pane running `dcw ...; echo "EXIT=$?"; sleep 60`), and `--once` /
//! `--json` as plain child processes.
//!
//! - With no token, `dcw watch` watches the in-process sandbox's 12 demo ads through their
//!   review (20 s): rows in review, then rejected, with issues and approved with the change
//!   marker; the detail of a rejected ad names the asset and Meta's sentence; `/` filters by
//!   reason; `q` restores the terminal and leaves the farewell.
//! - A pane key rebound in the config file (`"keys": {"sort": ["o"]}`) sorts, `?` and the hint
//!   bar list it, the old key no longer sorts; a key given to two actions of one screen is
//!   refused before the screen opens (exit 2), naming both and the key.
//! - `--once` and `--once --json` print the 12 ads and exit 0.
//! - Memory: 5,000 ads of a `dcw sandbox` process watched by account at 200x60; the resident
//!   high-water mark of dcw stays under the issue's 50 MB (runs by default; in a debug build the
//!   code is larger, so the heap is held to the budget less a release build's code).
//!
//! Every wait polls the screen (or a process) against a generous deadline; nothing asserts on
//! timings. The tmux tests are skipped, with a note, where `tmux -V` cannot run.
#![cfg(unix)]

use crate::common;
use crate::require_tmux;

use std::collections::VecDeque;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use common::tmux::{Start, Tmux, assert_terminal_restored};
use serde_json::Value;

/// How long an ordinary wait may take (a slow CI box, a debug build).
const DEADLINE: Duration = Duration::from_secs(30);
/// How long the demo ads' review may take to show: the sandbox reviews them after 20 s and
/// dcw reads them every 10 s while they are young.
const REVIEW_DEADLINE: Duration = Duration::from_secs(120);
/// How long one read of 5,000 ads may take: ten pages of 500, each of which a debug-built
/// sandbox takes seconds to render.
const BIG_DEADLINE: Duration = Duration::from_secs(900);
/// The issue's budget: "the process stays under 50 MB resident while watching them" (in KiB,
/// as /proc reports it).
const BUDGET_KIB: u64 = 50 * 1024;

/// How a test starts `dcw ARGS`, with this file's deadline.
fn start<'a>(args: &'a [&'a str]) -> Start<'a> {
    Start {
        deadline: DEADLINE,
        ..Start::new(args)
    }
}

/// `q`, then dcw's exit status 0 on a restored terminal; returns the primary screen.
fn quit_cleanly(t: &Tmux) -> String {
    t.keys(&["q"]);
    let after = t.wait_for("EXIT=");
    assert!(
        after.contains("EXIT=0"),
        "dcw did not exit 0:\n{after}\n--- dcw stderr ---\n{}",
        t.stderr()
    );
    assert_terminal_restored(t);
    t.screen_joined()
}

/// The rows of the table: lines that start with a marker (`▸`, `•` or a space) and a state.
fn table_rows(screen: &str) -> Vec<&str> {
    const STATES: [&str; 7] = [
        "◷ in review",
        "✗ rejected",
        "! issues",
        "✓ approved",
        "– archived",
        "? unknown",
        "✓ approved, paused",
    ];
    screen
        .lines()
        .filter(|l| {
            let rest = l
                .strip_prefix("▸ ")
                .or_else(|| l.strip_prefix("• "))
                .or_else(|| l.strip_prefix("  "));
            rest.is_some_and(|r| STATES.iter().any(|s| r.starts_with(s)))
        })
        .collect()
}

/// The position of the cursor in the table.
fn selected_row(screen: &str) -> Option<usize> {
    table_rows(screen).iter().position(|r| r.starts_with("▸ "))
}

/// Home, then ↓ one row at a time (at most `rows`) until the cursor is on a rejected ad
/// about the beer; fails if none of those rows is.
fn down_to_the_beer_ad(t: &Tmux, rows: usize) {
    t.keys(&["Home"]);
    for row in 0..rows {
        let s = t.wait_until(&format!("the cursor on row {}", row + 1), |s| {
            selected_row(s) == Some(row)
        });
        if s.contains("«A new beer at your door") {
            return;
        }
        t.keys(&["Down"]);
    }
    panic!("no rejected ad about the beer:\n{}", t.screen());
}

/// The `N` of `filter «text»: N shown` on the counts line.
fn shown(screen: &str, filter: &str) -> Option<usize> {
    let (_, rest) = screen.split_once(&format!("filter «{filter}»: "))?;
    rest.split_whitespace().next()?.parse().ok()
}

/// The line of the help box that describes `help`, without its borders.
fn help_line<'s>(screen: &'s str, help: &str) -> Option<&'s str> {
    let line = screen.lines().find(|l| l.contains(help))?;
    line.split('│').nth(1).map(str::trim_start)
}

#[test]
fn a_pane_key_rebound_in_the_config_file_sorts_and_the_old_one_does_not() {
    require_tmux!("`dcw watch` with a rebound key");
    let t = Tmux::start(
        "rebound",
        Start {
            config: Some(r#"{"keys": {"sort": ["o"]}}"#),
            ..start(&["watch"])
        },
    );
    let screen = t.wait_until("the 12 demo ads", |s| table_rows(s).len() == 12);
    let counts = |s: &str| s.lines().nth(1).unwrap_or_default().to_string();
    assert!(counts(&screen).contains("sorted by status"), "{screen}");
    let bar = screen.lines().last().unwrap_or_default();
    assert!(
        bar.contains("o sort") && !bar.contains("s sort"),
        "the hint bar: {bar:?}"
    );

    // `s` first, then `?`: once the help shows, `s` was read, and did not sort.
    t.keys(&["s", "?"]);
    // The whole box, not its first lines: a capture can land in the middle of a frame.
    let screen = t.wait_until("the pane's help, whole", |s| {
        s.contains("Keys of the status pane")
            && s.contains("sort by status, time in state")
            && s.contains("check now")
    });
    assert!(
        counts(&screen).contains("sorted by status"),
        "s sorted:\n{screen}"
    );
    let sort = help_line(&screen, "sort by status, time in state")
        .unwrap_or_else(|| panic!("no sort line in the help:\n{screen}"));
    assert!(
        sort.starts_with("o "),
        "the help lists o for sort: {sort:?}"
    );
    let poll = help_line(&screen, "check now").unwrap_or_default();
    assert!(poll.starts_with("p "), "the other keys stay: {poll:?}");

    // Any key closes the help; then `o` sorts.
    t.keys(&["Space"]);
    t.wait_until("the help closed", |s| {
        !s.contains("Keys of the status pane")
    });
    t.keys(&["o"]);
    let screen = t.wait_until("sorted by time in state", |s| {
        counts(s).contains("sorted by time in state")
    });
    assert!(screen.contains("Sorted by time in state"), "{screen}");
    quit_cleanly(&t);

    // A key given to two actions of one screen: dcw says which, and does not start.
    let t = Tmux::start(
        "clash",
        Start {
            config: Some(r#"{"keys": {"sort": ["p"]}}"#),
            ..start(&["watch"])
        },
    );
    let after = t.wait_for("EXIT=");
    assert!(after.contains("EXIT=2"), "{after}");
    let stderr = t.stderr();
    assert!(
        stderr.contains(
            "config.json: keys: p is bound to both sort and poll in the status pane's table"
        ),
        "{stderr}"
    );
}

#[test]
fn watch_without_a_token_follows_the_demo_ads_through_review() {
    require_tmux!("`dcw watch`");
    let t = Tmux::start("demo", start(&["watch"]));

    // The sandbox's 12 demo ads, all in review.
    let screen = t.wait_until("the 12 demo ads in review", |s| {
        s.contains("12 ads") && table_rows(s).len() == 12
    });
    assert!(
        screen.lines().next().unwrap_or("").contains("SANDBOX"),
        "no SANDBOX badge in the header:\n{screen}"
    );
    for row in table_rows(&screen) {
        assert!(
            row.contains("◷ in review"),
            "a demo ad is not in review before the review ends: {row:?}\n{screen}"
        );
    }

    // The review ends: rejected, with issues and approved, each marked as changed.
    let screen = t.wait_until_within(REVIEW_DEADLINE, "the review of the demo ads", |s| {
        let rows = table_rows(s);
        rows.len() == 12 && rows.iter().all(|r| !r.contains("◷ in review"))
    });
    eprintln!("--- the pane after the review ---\n{screen}");
    let rows = table_rows(&screen);
    for state in ["✗ rejected", "! issues", "✓ approved"] {
        assert!(
            rows.iter().any(|r| r.starts_with(&format!("• {state}"))),
            "no `• {state}` row (a changed ad not yet looked at):\n{screen}"
        );
    }
    assert!(
        !rows.iter().any(|r| r.starts_with("  ")),
        "every ad changed, so every row but the selected one carries the marker:\n{screen}"
    );
    let counts = screen.lines().nth(1).unwrap_or_default();
    assert!(
        counts.contains("12 ads") && counts.contains("rejected"),
        "the counts line: {counts:?}"
    );

    // To the top (rejected first), then down to the beer ad: its detail shows below the table.
    down_to_the_beer_ad(&t, 12);
    t.keys(&["Enter"]);
    let screen = t.wait_for("Detail (Esc closes)");
    let selected = screen
        .lines()
        .find(|l| l.starts_with("▸ ") && table_rows(l).len() == 1)
        .unwrap_or_default();
    assert!(
        selected.contains("✗ rejected"),
        "the selected ad is not rejected: {selected:?}\n{screen}"
    );
    let asset = screen
        .lines()
        .find(|l| l.contains("Body 1 «A new beer at your door"))
        .unwrap_or_else(|| panic!("the detail does not name the rejected body:\n{screen}"));
    assert!(
        asset.starts_with("▸ Body 1 «") && asset.contains("» — ALCOHOL"),
        "the rejected asset, focused, with its reason: {asset:?}\n{screen}"
    );
    assert!(
        screen.contains("ALCOHOL: Your ad may not be approved because it promotes alcohol."),
        "Meta's sentence is missing:\n{screen}"
    );
    // The built-in sandbox's ads are not in Ads Manager: no link that leads nowhere.
    assert!(
        !screen.contains("selected_ad_ids=")
            && screen.contains("A sandbox's ad: Ads Manager does not know it"),
        "a sandbox ad's detail shows an Ads Manager link:\n{screen}"
    );

    // `/` then the reason: only the ads rejected for alcohol remain.
    t.keys(&["/"]);
    t.wait_for("type to filter");
    t.type_text("alcohol");
    let screen = t.wait_until("the filter «alcohol»", |s| {
        shown(s, "alcohol").is_some() && s.contains("/alcohol")
    });
    let n = shown(&screen, "alcohol").unwrap_or_default();
    let rows = table_rows(&screen);
    assert!(
        (1..12).contains(&n) && rows.len() == n,
        "{n} shown, {} rows:\n{screen}",
        rows.len()
    );
    for row in &rows {
        assert!(
            row.contains("✗ rejected"),
            "a row the filter should hide: {row:?}\n{screen}"
        );
    }
    t.keys(&["Enter"]);
    t.wait_until("the filter kept", |s| {
        !s.contains("type to filter") && shown(s, "alcohol") == Some(n)
    });

    // `q`: the terminal restored, and the farewell.
    let after = quit_cleanly(&t);
    let farewell = after
        .lines()
        .find(|l| l.starts_with("Watched 12 ads: "))
        .unwrap_or_else(|| panic!("no `Watched 12 ads: …` after dcw exited:\n{after}"));
    for word in ["rejected", "issues", "approved"] {
        assert!(farewell.contains(word), "{farewell:?}");
    }
    // Watching leaves no untitled draft behind.
    let paths = dcw::store::Paths::under(t.home().to_path_buf());
    let drafts = dcw::store::list_drafts(&dcw::store::drafts_dir(&paths.data_dir));
    assert!(drafts.is_empty(), "{drafts:?}");
}

/// At 80x24 the detail has room for one rejected asset with Meta's sentence: it says how many
/// are below, ↓ reaches each, and `c` says what it sent and what tmux needs to pass it on.
#[test]
fn at_80x24_the_detail_reaches_three_rejected_assets_and_copying_says_what_it_sent() {
    require_tmux!("`dcw watch` at 80x24");
    let t = Tmux::start(
        "small",
        Start {
            width: 80,
            height: 24,
            ..start(&["watch"])
        },
    );
    t.wait_until_within(REVIEW_DEADLINE, "the review of the demo ads", |s| {
        let counts = s.lines().nth(1).unwrap_or_default();
        counts.contains("rejected") && !counts.contains("in review")
    });
    // Down from the top to a beer ad: rejected for its body, its title and its link.
    down_to_the_beer_ad(&t, 11);
    t.wait_for("2 more rejected assets below ↓ (Enter opens the detail)");
    t.keys(&["Enter"]);
    t.wait_for("2 more rejected assets below ↓ (↓ or PgDn)");
    t.keys(&["Down"]);
    t.wait_until("the title highlighted, one more below", |s| {
        s.contains("▸ Title 1 «") && s.contains("1 more rejected asset below ↓")
    });
    t.keys(&["Down"]);
    let screen = t.wait_until("the link highlighted", |s| s.contains("▸ Link 1 «"));
    assert!(!screen.contains("below ↓"), "nothing is below:\n{screen}");
    t.keys(&["c"]);
    let screen = t.wait_for("to the clipboard");
    // The notice takes two rows at 80 columns: read them as one.
    let rows: Vec<&str> = screen.lines().map(str::trim_end).collect();
    let notice = rows.join(" ");
    assert!(
        notice.contains("Sent ad id 1202") && notice.contains("`set -g set-clipboard on`)"),
        "{screen}"
    );
    assert!(!screen.contains("Copied"), "{screen}");
    quit_cleanly(&t);
}

/// `dcw watch ARGS` with no token as a plain child process, in its own `DCW_HOME`.
fn watch_headless(args: &[&str]) -> (Output, tempfile::TempDir) {
    let home = tempfile::tempdir().expect("a temp DCW_HOME");
    let out = Command::new(env!("CARGO_BIN_EXE_dcw"))
        .arg("watch")
        .args(args)
        .env("DCW_HOME", home.path())
        .env_remove("META_ACCESS_TOKEN")
        .env_remove("FB_ACCESS_TOKEN")
        .env_remove("DCW_API_BASE")
        .env_remove("DCW_API_VERSION")
        .stdin(Stdio::null())
        .output()
        .expect("dcw runs");
    (out, home)
}

#[test]
fn watch_once_prints_the_twelve_demo_ads_and_exits_0() {
    let (out, _home) = watch_headless(&["--once"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?}\n{stdout}\n{stderr}", out.status);
    assert!(stderr.contains("SANDBOX"), "{stderr}");
    let lines: Vec<&str> = stdout.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 13, "12 ads and the counts: {stdout}");
    for l in &lines[..12] {
        assert!(l.contains("Demo ad "), "{l:?}");
    }
    // The columns line up (`Demo ad 9` and `Demo ad 10` alike).
    let at: Vec<usize> = lines[..12]
        .iter()
        .map(|l| l.chars().count() - l.split("ad set").last().unwrap().chars().count())
        .collect();
    assert!(at.windows(2).all(|w| w[0] == w[1]), "{stdout}");
    assert_eq!(lines[12], "12 ads: 12 in review", "{stdout}");
}

#[test]
fn watch_once_json_is_an_array_of_the_twelve_demo_ads() {
    let (out, _home) = watch_headless(&["--once", "--json"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{:?}\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"));
    let ads = report.as_array().expect("a JSON array");
    assert_eq!(ads.len(), 12, "{report:#}");
    let mut ids = Vec::new();
    for ad in ads {
        let id = ad["ad_id"].as_str().unwrap_or_default();
        assert!(
            !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()),
            "ad_id: {ad}"
        );
        ids.push(id.to_string());
        for key in ["adset_id", "effective_status"] {
            assert!(
                ad[key].as_str().is_some_and(|s| !s.is_empty()),
                "{key}: {ad}"
            );
        }
        assert!(ad["rejections"].is_array(), "rejections: {ad}");
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 12, "ad ids repeat: {ids:?}");
}

/// A `dcw sandbox` process: its base URL, and the ads-edge requests it has answered (counted
/// from its request log). Killed when dropped.
struct SandboxProcess {
    child: Child,
    base: String,
    ads_reads: Arc<AtomicUsize>,
    log: Arc<Mutex<VecDeque<String>>>,
    _home: tempfile::TempDir,
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl SandboxProcess {
    fn start(args: &[&str]) -> SandboxProcess {
        let home = tempfile::tempdir().expect("a temp DCW_HOME");
        let mut child = Command::new(env!("CARGO_BIN_EXE_dcw"))
            .arg("sandbox")
            .args(args)
            .env("DCW_HOME", home.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("dcw sandbox starts");
        let stdout = child.stdout.take().expect("its stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut first = String::new();
            let _ = BufReader::new(stdout).read_line(&mut first);
            let _ = tx.send(first);
        });
        let ads_reads = Arc::new(AtomicUsize::new(0));
        let log = Arc::new(Mutex::new(VecDeque::new()));
        let stderr = child.stderr.take().expect("its stderr");
        {
            let ads_reads = ads_reads.clone();
            let log = log.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    if line.starts_with("GET ") && line.contains("/ads ") {
                        ads_reads.fetch_add(1, Ordering::SeqCst);
                    }
                    let mut log = log.lock().unwrap();
                    log.push_back(line);
                    if log.len() > 20 {
                        log.pop_front();
                    }
                }
            });
        }
        let mut sb = SandboxProcess {
            child,
            base: String::new(),
            ads_reads,
            log,
            _home: home,
        };
        let first = rx.recv_timeout(BIG_DEADLINE).unwrap_or_default();
        sb.base = first
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("the sandbox's first line: {first:?}\n{}", sb.log()))
            .to_string();
        sb
    }

    fn ads_reads(&self) -> usize {
        self.ads_reads.load(Ordering::SeqCst)
    }

    /// The last lines of its request log.
    fn log(&self) -> String {
        let log = self.log.lock().unwrap();
        log.iter().cloned().collect::<Vec<_>>().join("\n")
    }

    /// `GET path` on the sandbox, as JSON.
    fn get(&self, path: &str) -> Value {
        common::sandbox::block_on_client(|client| async move {
            let r = client
                .get(format!("{}{path}", self.base))
                .send()
                .await
                .unwrap_or_else(|e| panic!("GET {path}: {e}"));
            assert_eq!(r.status(), 200, "GET {path}");
            r.json().await.unwrap_or_else(|e| panic!("GET {path}: {e}"))
        })
    }
}

/// A process's memory as /proc/PID/status says it, in KiB.
#[derive(Debug, Clone, Copy)]
struct Memory {
    hwm: u64,
    rss: u64,
    anon: u64,
    file: u64,
}

fn memory(pid: u32) -> Memory {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_else(|e| panic!("/proc/{pid}/status: {e}"));
    let kib = |key: &str| -> u64 {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {key} in /proc/{pid}/status:\n{status}"))
    };
    Memory {
        hwm: kib("VmHWM:"),
        rss: kib("VmRSS:"),
        anon: kib("RssAnon:"),
        file: kib("RssFile:"),
    }
}

fn mb(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// The header says a read is out.
fn checking(screen: &str) -> bool {
    screen
        .lines()
        .next()
        .unwrap_or_default()
        .contains("checking…")
}

/// The budget is for the program a buyer runs (a release build): its whole resident high-water
/// mark. A debug build maps about 10 MiB more of its own code, so there the test holds the
/// high-water mark less the file-backed pages (the code) to the budget less a release build's
/// code; both figures are printed.
#[test]
#[cfg(target_os = "linux")]
fn watching_5000_ads_stays_under_50_mb_resident() {
    require_tmux!("`dcw watch`");
    const ADS: usize = 5000;
    let sandbox = SandboxProcess::start(&["--demo-ads", &ADS.to_string(), "--review-delay", "10m"]);
    let accounts = sandbox.get("/v25.0/me/adaccounts?access_token=x");
    let account = accounts["data"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no account in {accounts}"))
        .to_string();
    let t = Tmux::start(
        "memory",
        Start {
            width: 200,
            height: 60,
            env: &[("META_ACCESS_TOKEN", "test")],
            ..start(&["watch", "--account", &account, "--api-base", &sandbox.base])
        },
    );
    let pid = t.dcw_pid();

    // The first read of the account's ads edge: every page, then the table.
    let label = format!("{ADS} ads");
    let screen = t.wait_until_within(BIG_DEADLINE, &label, |s| s.contains(&label));
    let first = memory(pid);
    eprintln!(
        "after the first read of {ADS} ads: VmHWM {} VmRSS {} (anon {}, file {}); {} ads-edge pages",
        mb(first.hwm),
        mb(first.rss),
        mb(first.anon),
        mb(first.file),
        sandbox.ads_reads()
    );
    assert!(table_rows(&screen).len() > 20, "{screen}");

    // `p`: check now; wait for that read to be answered (every ad again, page by page).
    let before = sandbox.ads_reads();
    let pages = ADS.div_ceil(500);
    t.keys(&["p"]);
    // At once, or at the next read when the account's reads are held (its usage).
    t.wait_until("`p` acknowledged", |s| {
        s.contains("Checking now…") || s.contains("Checking at the next read")
    });
    t.wait_until_within(BIG_DEADLINE, "the check after `p`", |s| {
        sandbox.ads_reads() >= before + pages && !checking(s)
    });
    let second = memory(pid);
    eprintln!(
        "after `p` and the next check: VmHWM {} VmRSS {} (anon {}, file {}); {} ads-edge pages",
        mb(second.hwm),
        mb(second.rss),
        mb(second.anon),
        mb(second.file),
        sandbox.ads_reads()
    );
    eprintln!("--- the last of the sandbox's log ---\n{}", sandbox.log());

    let after = quit_cleanly(&t);
    assert!(
        after.contains(&format!("Watched {ADS} ads: ")),
        "no farewell for {ADS} ads:\n{after}"
    );
    // A release build's own code, resident: about 11 MiB.
    const RELEASE_CODE_KIB: u64 = 12 * 1024;
    for (when, m) in [("after the first read", first), ("after `p`", second)] {
        let held = if cfg!(debug_assertions) {
            m.hwm.saturating_sub(m.file) + RELEASE_CODE_KIB
        } else {
            m.hwm
        };
        assert!(
            held < BUDGET_KIB,
            "{when}: dcw's resident high-water mark is {} (VmRSS {}, anon {}, file {}), over the {} budget",
            mb(m.hwm),
            mb(m.rss),
            mb(m.anon),
            mb(m.file),
            mb(BUDGET_KIB)
        );
    }
}
