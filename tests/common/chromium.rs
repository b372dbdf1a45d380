//! Headless Chromium for the preview page tests (tests/preview_chromium.rs): finds the binary,
//! renders one loopback URL twice (a PNG screenshot, then the DOM after rendering) and checks
//! what it shows. Each run gets a fresh profile and `HOME` in a temporary directory, its own
//! process group and a deadline (the whole group is killed past it), and no network but
//! loopback: every host name but `localhost` resolves to nothing and every other request goes
//! to a proxy on the discard port, where nothing listens (checked once with `strace -f -e
//! connect` on a page naming outside hosts: TCP only to the page's port and to port 9 on
//! 127.0.0.1; Chromium's UDP route probes, which send nothing, aside).
//!
//! Where no Chromium is found, [`render`] says `Skip(reason)`; a test then prints
//! `skipped: <reason>` on stderr and passes (`.ci/setup-tests` installs Debian's `chromium`
//! where it can). A Chromium that is there but fails, hangs or shows something else fails the
//! test, with what Chromium printed last.
#![allow(dead_code)]

use std::ffi::{OsStr, OsString};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use image::RgbaImage;

/// Each Chromium run's deadline; past it the run's whole process group is killed.
pub const DEADLINE: Duration = Duration::from_secs(60);
/// The names looked up on `PATH`, in order, when `DCW_CHROMIUM` is not set.
pub const NAMES: &[&str] = &["chromium", "chromium-browser", "google-chrome"];
/// The most of a screenshot file or a dumped DOM read back.
pub const MAX_PNG_BYTES: u64 = 32 << 20;
pub const MAX_DOM_BYTES: u64 = 4 << 20;
/// How much of the end of Chromium's stderr a failure quotes.
const STDERR_TAIL: u64 = 2048;

/// What one render gave.
pub enum Render {
    Done(Rendered),
    /// No Chromium to run, and why (for `skipped: <reason>`).
    Skip(String),
}

/// The screenshot, decoded, and the DOM as Chromium serialised it after rendering.
pub struct Rendered {
    pub png: RgbaImage,
    pub dom: String,
}

/// How to render: the window's size in CSS pixels (the screenshot's size too: the device scale
/// factor is forced to 1) and each run's deadline.
#[derive(Clone, Copy)]
pub struct Window {
    pub width: u32,
    pub height: u32,
    pub deadline: Duration,
}

impl Window {
    pub fn new(width: u32, height: u32) -> Window {
        Window {
            width,
            height,
            deadline: DEADLINE,
        }
    }
}

/// The Chromium binary from this process's environment: `$DCW_CHROMIUM` (a path, or a name on
/// `PATH`), else the first of [`NAMES`] on `PATH`. `Err` is the reason to skip.
pub fn locate() -> Result<PathBuf, String> {
    locate_in(
        std::env::var_os("DCW_CHROMIUM").as_deref(),
        std::env::var_os("PATH").as_deref(),
    )
}

/// [`locate`] with the two variables given, so a test can name a missing binary without
/// changing the environment other tests read.
pub fn locate_in(dcw_chromium: Option<&OsStr>, path: Option<&OsStr>) -> Result<PathBuf, String> {
    let path = path.unwrap_or_default();
    if let Some(wanted) = dcw_chromium.filter(|w| !w.is_empty()) {
        return find_program(wanted, path).ok_or_else(|| {
            format!(
                "DCW_CHROMIUM names {}, which is not an executable file (nor a program on PATH)",
                Path::new(wanted).display()
            )
        });
    }
    NAMES
        .iter()
        .find_map(|name| find_program(OsStr::new(name), path))
        .ok_or_else(|| {
            format!(
                "no Chromium found (DCW_CHROMIUM unset; none of {} on PATH); \
                 .ci/setup-tests installs Debian's chromium where apt-get can be used",
                NAMES.join(", ")
            )
        })
}

/// `program` as given when it holds a `/`, else the first executable file of that name in a
/// directory of `path`.
fn find_program(program: &OsStr, path: &OsStr) -> Option<PathBuf> {
    let as_given = Path::new(program);
    if as_given.components().count() > 1 {
        return is_executable(as_given).then(|| as_given.to_path_buf());
    }
    std::env::split_paths(path)
        .map(|dir| dir.join(program))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Renders `url` with the Chromium of this environment: see [`render_with`].
pub fn render(url: &str, window: Window) -> Result<Render, String> {
    render_with(locate(), url, window)
}

/// Renders `url` with `chromium` (from [`locate_in`]): `Skip` when there is none; `Err` when it
/// fails, passes its deadline or writes no readable screenshot.
pub fn render_with(
    chromium: Result<PathBuf, String>,
    url: &str,
    window: Window,
) -> Result<Render, String> {
    let chromium = match chromium {
        Ok(path) => path,
        Err(reason) => return Ok(Render::Skip(reason)),
    };
    let dir = tempfile::tempdir().map_err(|e| format!("cannot make a temporary directory: {e}"))?;
    let shot = dir.path().join("screenshot.png");
    let mut screenshot = OsString::from("--screenshot=");
    screenshot.push(&shot);
    run(&chromium, dir.path(), "shot", &[&screenshot], url, window)?;
    let png = read_png(&shot)?;
    let dom_file = run(
        &chromium,
        dir.path(),
        "dom",
        &[OsStr::new("--dump-dom")],
        url,
        window,
    )?;
    let dom = read_capped(&dom_file, MAX_DOM_BYTES, "the dumped DOM")?;
    let dom = String::from_utf8(dom).map_err(|_| "the dumped DOM is not UTF-8".to_string())?;
    Ok(Render::Done(Rendered { png, dom }))
}

/// The flags of every run: headless, a fresh profile, nothing that phones home or waits for a
/// person, no network but loopback.
fn flags(profile: &Path, window: Window) -> Vec<OsString> {
    let mut user_data_dir = OsString::from("--user-data-dir=");
    user_data_dir.push(profile);
    let mut out: Vec<OsString> = vec![
        "--headless".into(),
        user_data_dir,
        "--disable-gpu".into(),
        "--hide-scrollbars".into(),
        format!("--window-size={},{}", window.width, window.height).into(),
        "--force-device-scale-factor=1".into(),
        "--no-first-run".into(),
        "--no-default-browser-check".into(),
        "--disable-default-apps".into(),
        "--disable-crash-reporter".into(),
        "--disable-breakpad".into(),
        "--disable-extensions".into(),
        "--disable-sync".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-dev-shm-usage".into(),
        "--no-pings".into(),
        "--mute-audio".into(),
        // No name resolves but loopback's, and nothing goes direct but loopback (Chromium
        // bypasses a proxy for loopback by itself); nothing listens on the discard port.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1".into(),
        "--proxy-server=http://127.0.0.1:9".into(),
    ];
    if running_as_root() {
        // Chromium refuses to start its sandbox as root; as anyone else it keeps it.
        out.push("--no-sandbox".into());
    }
    out
}

fn running_as_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// One Chromium run on `url` with `extra` flags, stdout and stderr to files named after `name`
/// in `dir`; returns the stdout file's path.
fn run(
    chromium: &Path,
    dir: &Path,
    name: &str,
    extra: &[&OsStr],
    url: &str,
    window: Window,
) -> Result<PathBuf, String> {
    use std::os::unix::process::CommandExt;
    let profile = dir.join(format!("{name}-profile"));
    let stdout_path = dir.join(format!("{name}.out"));
    let stderr_path = dir.join(format!("{name}.err"));
    let file = |p: &Path| {
        std::fs::File::create(p).map_err(|e| format!("cannot create {}: {e}", p.display()))
    };
    let mut cmd = Command::new(chromium);
    cmd.args(flags(&profile, window))
        .args(extra)
        .arg(url)
        .env("HOME", dir)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .stdin(Stdio::null())
        .stdout(file(&stdout_path)?)
        .stderr(file(&stderr_path)?)
        // Its own process group: Debian's `chromium` is a shell script, and Chromium starts
        // helpers; past the deadline all of them are killed.
        .process_group(0);
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", chromium.display()))?;
    let deadline = Instant::now() + window.deadline;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) => {
                kill_group(&mut child);
                return Err(format!(
                    "{} ({name}) did not finish within {} s; its process group was killed{}",
                    chromium.display(),
                    window.deadline.as_secs_f32(),
                    stderr_tail(&stderr_path)
                ));
            }
            Err(e) => {
                kill_group(&mut child);
                return Err(format!("cannot wait for {}: {e}", chromium.display()));
            }
        }
    };
    if !status.success() {
        return Err(format!(
            "{} ({name}) exited with {status}{}",
            chromium.display(),
            stderr_tail(&stderr_path)
        ));
    }
    Ok(stdout_path)
}

/// Kills the child's process group, then reaps the child.
fn kill_group(child: &mut std::process::Child) {
    if let Ok(pgid) = libc::pid_t::try_from(child.id()) {
        // SAFETY: killpg only sends a signal; the group is the child's own (process_group(0)
        // made its id the group id), and the child is not reaped yet, so the id is still its.
        unsafe {
            libc::killpg(pgid, libc::SIGKILL);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// The last lines Chromium wrote on stderr, for a failure's message ("" when none).
fn stderr_tail(path: &Path) -> String {
    let Ok(mut file) = std::fs::File::open(path) else {
        return String::new();
    };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let _ = file.seek(SeekFrom::Start(len.saturating_sub(STDERR_TAIL)));
    let mut tail = Vec::new();
    let _ = file.take(STDERR_TAIL).read_to_end(&mut tail);
    let tail = String::from_utf8_lossy(&tail);
    let tail = tail.trim();
    if tail.is_empty() {
        String::new()
    } else {
        format!("; its stderr ended with:\n{tail}")
    }
}

/// At most `limit` bytes of a file; more is an error naming `what`.
fn read_capped(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path)
        .map_err(|e| format!("cannot open {what} ({}): {e}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {what}: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!("{what} is over {limit} bytes"));
    }
    Ok(bytes)
}

fn read_png(path: &Path) -> Result<RgbaImage, String> {
    if !path.is_file() {
        return Err(format!(
            "Chromium wrote no screenshot at {}",
            path.display()
        ));
    }
    let bytes = read_capped(path, MAX_PNG_BYTES, "the screenshot")?;
    if image::guess_format(&bytes).ok() != Some(image::ImageFormat::Png) {
        return Err("the screenshot is not a PNG".to_string());
    }
    image::load_from_memory_with_format(&bytes, image::ImageFormat::Png)
        .map(|img| img.to_rgba8())
        .map_err(|e| format!("the screenshot does not decode: {e}"))
}

/// A colour a page must show over at least `at_least` of the screenshot's pixels (0.0..=1.0),
/// counted with [`share_near`]; `what` names it in messages ("the image", "the button").
#[derive(Clone, Copy, Debug)]
pub struct Colour<'a> {
    pub what: &'a str,
    pub rgb: [u8; 3],
    pub at_least: f64,
}

/// How far (per channel) a pixel may be from a colour and still count as it: anti-aliased edges
/// and colour management move a solid colour by a few steps.
pub const TOLERANCE: u8 = 12;

/// The share of `png`'s pixels within [`TOLERANCE`] of `rgb` on every channel.
pub fn share_near(png: &RgbaImage, rgb: [u8; 3]) -> f64 {
    let total = u64::from(png.width()) * u64::from(png.height());
    if total == 0 {
        return 0.0;
    }
    let near = png
        .pixels()
        .filter(|p| (0..3).all(|i| p.0[i].abs_diff(rgb[i]) <= TOLERANCE))
        .count();
    near as f64 / total as f64
}

/// `text` as it reads in a serialised DOM's text (`&`, `<`, `>` and no-break space escaped).
pub fn in_dom(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\u{a0}', "&nbsp;")
}

/// The page at `url`, rendered in `window`, checked: the screenshot has the window's size, each
/// of `colours` covers its share, and the DOM holds each of `texts`. Returns `false`, having
/// printed `skipped: <reason>` on stderr, where no Chromium is found; panics, saying what is
/// wrong, on anything else. It blocks (up to two deadlines): from a tokio test whose runtime
/// serves the page (the sandbox), call it in `tokio::task::spawn_blocking`, or the page never
/// answers.
#[track_caller]
pub fn check_page(url: &str, window: Window, colours: &[Colour], texts: &[&str]) -> bool {
    let rendered = match render(url, window) {
        Ok(Render::Done(rendered)) => rendered,
        Ok(Render::Skip(reason)) => {
            eprintln!("skipped: {reason}");
            return false;
        }
        Err(e) => panic!("headless Chromium on {url}: {e}"),
    };
    check_rendered(&rendered, window, colours, texts);
    true
}

/// The checks of [`check_page`] on a page already rendered.
#[track_caller]
pub fn check_rendered(rendered: &Rendered, window: Window, colours: &[Colour], texts: &[&str]) {
    let wrong = problems(rendered, window, colours, texts);
    assert!(
        wrong.is_empty(),
        "the rendered page is not as expected:\n  {}\nits DOM begins: {:?}",
        wrong.join("\n  "),
        rendered.dom.chars().take(600).collect::<String>()
    );
}

/// What is wrong with a rendered page, one line each: the screenshot's size against the
/// window's, each colour's share, each text missing from the DOM.
pub fn problems(
    rendered: &Rendered,
    window: Window,
    colours: &[Colour],
    texts: &[&str],
) -> Vec<String> {
    let (png, dom) = (&rendered.png, &rendered.dom);
    let mut wrong = Vec::new();
    if (png.width(), png.height()) != (window.width, window.height) {
        wrong.push(format!(
            "the screenshot is {}x{}, not the window's {}x{}",
            png.width(),
            png.height(),
            window.width,
            window.height
        ));
    }
    for colour in colours {
        let share = share_near(png, colour.rgb);
        if share < colour.at_least {
            wrong.push(format!(
                "{} (#{:02x}{:02x}{:02x}) covers {:.1}% of the screenshot, not at least {:.1}%",
                colour.what,
                colour.rgb[0],
                colour.rgb[1],
                colour.rgb[2],
                share * 100.0,
                colour.at_least * 100.0
            ));
        }
    }
    for text in texts {
        if !dom.contains(&in_dom(text)) {
            wrong.push(format!("the DOM lacks {text:?}"));
        }
    }
    wrong
}
