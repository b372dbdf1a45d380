//! Nothing unbounded, nothing that hangs: hostile inputs end with a message within their limits.
//! A stand-in Graph on loopback streams an endless answer (claiming 2 GiB, or chunked with no
//! length) and `dcw watch --once` stops reading it under 100 MB; a named pipe as an image or as
//! the token file, `/dev/zero` as a spec and a `token_command` that never ends each make the real
//! binary exit promptly, naming the file or the command and the limit.

use crate::common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::examples_dir;
use dcw::graph::{CallError, ErrorClass, GraphClient, GraphConfig, Secret};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const AD: &str = "120210000000000001";
/// The most resident memory any run here may reach.
const MAX_RESIDENT_KB: u64 = 100 * 1024;

// ---------------------------------------------------------------------------------------------
// A stand-in Graph that answers every request with a flood.

/// How the stand-in answers.
#[derive(Debug, Clone, Copy)]
enum Flood {
    /// `Content-Length: 2147483648`, then zeros as fast as the socket takes them.
    Claims2GiB,
    /// `Transfer-Encoding: chunked`, 64 KB chunks without end.
    ChunkedForever,
    /// A JSON answer of exactly this many bytes, with its length.
    Json(usize),
    /// A list page with a new `after` cursor and a `next` every time.
    EndlessPages,
}

struct StandIn {
    base: String,
    requests: Arc<AtomicUsize>,
}

async fn stand_in(flood: Flood) -> StandIn {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(AtomicUsize::new(0));
    let count = requests.clone();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let count = count.clone();
            tokio::spawn(async move {
                // The request head, up to its blank line (never more than 64 KB).
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 65536 {
                    match sock.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let n = count.fetch_add(1, Ordering::SeqCst);
                let zeros = vec![b'0'; 65536];
                match flood {
                    Flood::Claims2GiB => {
                        let h = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2147483648\r\n\r\n{\"data\":[";
                        if sock.write_all(h.as_bytes()).await.is_err() {
                            return;
                        }
                        while sock.write_all(&zeros).await.is_ok() {}
                    }
                    Flood::ChunkedForever => {
                        let h = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
                        if sock.write_all(h.as_bytes()).await.is_err() {
                            return;
                        }
                        let mut chunk = format!("{:x}\r\n", zeros.len()).into_bytes();
                        chunk.extend_from_slice(&zeros);
                        chunk.extend_from_slice(b"\r\n");
                        while sock.write_all(&chunk).await.is_ok() {}
                    }
                    Flood::EndlessPages => {
                        let body = format!(
                            "{{\"data\":[{{\"id\":\"{n}\"}}],\"paging\":{{\"cursors\":{{\"after\":\"c{n}\"}},\"next\":\"http://127.0.0.1/next\"}}}}"
                        );
                        let h = format!(
                            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                            body.len()
                        );
                        let _ = sock.write_all(h.as_bytes()).await;
                    }
                    Flood::Json(n) => {
                        let body = format!(
                            "{{\"id\":\"{AD}\",\"pad\":\"{}\"}}",
                            "x".repeat(n - 18 - AD.len())
                        );
                        assert_eq!(body.len(), n);
                        let h = format!(
                            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {n}\r\n\r\n{body}"
                        );
                        let _ = sock.write_all(h.as_bytes()).await;
                    }
                }
            });
        }
    });
    StandIn { base, requests }
}

fn client(base: &str, max_answer_bytes: u64) -> GraphClient {
    let mut c = GraphConfig::new(Secret::new("x"));
    c.base_url = base.to_string();
    c.read_backoff = Duration::from_millis(1);
    c.timeout = Duration::from_secs(30);
    c.max_answer_bytes = max_answer_bytes;
    GraphClient::new(c).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_edge_that_never_ends_is_followed_up_to_the_page_limit() {
    let s = stand_in(Flood::EndlessPages).await;
    let mut c = GraphConfig::new(Secret::new("x"));
    c.base_url = s.base.clone();
    c.max_pages = 25;
    let client = GraphClient::new(c).unwrap();
    let e = client
        .get_all("act_1/ads", &[("fields", "id")])
        .await
        .expect_err("stopped");
    assert_eq!(e, CallError::TooManyPages { max: 25 });
    assert!(e.to_string().contains("after 25 pages"), "{e}");
    assert_eq!(
        s.requests.load(Ordering::SeqCst),
        25,
        "one request a page, no more"
    );
    assert_eq!(GraphConfig::new(Secret::new("x")).max_pages, 2_000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_claiming_2_gib_is_refused_before_its_body_and_not_retried() {
    let s = stand_in(Flood::Claims2GiB).await;
    let c = client(&s.base, dcw::graph::DEFAULT_MAX_ANSWER_BYTES);
    let e = c.get(AD, &[("fields", "id")]).await.unwrap_err();
    assert!(matches!(e, CallError::TooLarge { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        "Graph's answer was larger than 32 MB; dcw stopped reading it"
    );
    assert_eq!(e.class(), ErrorClass::Fatal);
    assert_eq!(s.requests.load(Ordering::SeqCst), 1, "never asked again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endless_chunked_answer_is_cut_at_the_limit_and_not_retried() {
    let s = stand_in(Flood::ChunkedForever).await;
    let c = client(&s.base, 4 * 1000 * 1000);
    let started = Instant::now();
    let e = c.get(AD, &[("fields", "id")]).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(
        e.to_string(),
        "Graph's answer was larger than 4 MB; dcw stopped reading it"
    );
    assert_eq!(s.requests.load(Ordering::SeqCst), 1, "never asked again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_up_to_the_limit_is_read_and_one_byte_more_is_refused() {
    let s = stand_in(Flood::Json(1000)).await;
    let v = client(&s.base, 1000)
        .get(AD, &[("fields", "id")])
        .await
        .unwrap();
    assert_eq!(v["id"], AD);
    let e = client(&s.base, 999)
        .get(AD, &[("fields", "id")])
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "Graph's answer was larger than 999 bytes; dcw stopped reading it"
    );
}

// ---------------------------------------------------------------------------------------------
// The real binary, with a deadline and its peak memory.

/// How one run of `dcw` ended.
struct Ended {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    took: Duration,
    /// Peak resident memory (`VmHWM`) as last seen while it ran.
    peak_mb: u64,
}

impl std::fmt::Display for Ended {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {:?} after {:?}, peak {} MB\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.took, self.peak_mb, self.stdout, self.stderr
        )
    }
}

/// Runs `dcw args` with `DCW_HOME=home`, no token unless `env` sets one, stdin closed; kills it
/// and fails the test if it has not ended within `limit`. Its peak resident memory is read from
/// `/proc/<pid>/status` every 2 ms while it runs (the kernel's `ru_maxrss` would not do: it
/// counts the test process that forked it): a read that grew without bound would be seen long
/// before it ended.
fn run_dcw(home: &Path, args: &[&str], env: &[(&str, &str)], limit: Duration) -> Ended {
    let mut cmd = common::cli::command(home, args);
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let started = Instant::now();
    let mut child = cmd.spawn().expect("dcw runs");
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = r.read_to_string(&mut s);
            s
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let status_file = PathBuf::from(format!("/proc/{}/status", child.id()));
    let mut peak_kb = 0;
    let status = loop {
        if let Some(kb) = high_water_kb(&status_file) {
            peak_kb = peak_kb.max(kb);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("dcw {args:?} did not end within {limit:?}");
        }
        // Stopped here rather than left to take the machine's memory if reads are unbounded.
        if peak_kb > MAX_RESIDENT_KB {
            let _ = child.kill();
            let _ = child.wait();
            panic!("dcw {args:?} passed {} MB resident", MAX_RESIDENT_KB / 1024);
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    Ended {
        code: status.code(),
        took: started.elapsed(),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
        peak_mb: peak_kb / 1024,
    }
}

/// `VmHWM` (peak resident memory) in KB from a `/proc/<pid>/status`, while the process lives.
fn high_water_kb(status_file: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(status_file).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success());
}

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The sales example in `dir` beside a copy of its images, `images/boots.jpg` a named pipe.
fn spec_with_a_fifo_image(dir: &Path) -> PathBuf {
    let images = dir.join("images");
    std::fs::create_dir_all(&images).unwrap();
    for e in std::fs::read_dir(examples_dir().join("images")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), images.join(e.file_name())).unwrap();
    }
    std::fs::remove_file(images.join("boots.jpg")).unwrap();
    mkfifo(&images.join("boots.jpg"));
    let path = dir.join("spec.json");
    std::fs::copy(examples_dir().join("sales-winter-boots.json"), &path).unwrap();
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(v.to_string().contains("images/boots.jpg"));
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_once_against_an_endless_answer_stops_under_100_mb_naming_the_limit() {
    for flood in [Flood::Claims2GiB, Flood::ChunkedForever] {
        let s = stand_in(flood).await;
        let home = tempfile::tempdir().unwrap();
        let base = s.base.clone();
        let home_path = home.path().to_path_buf();
        let run = tokio::task::spawn_blocking(move || {
            run_dcw(
                &home_path,
                &["watch", "--once", AD],
                &[("META_ACCESS_TOKEN", "x"), ("DCW_API_BASE", &base)],
                Duration::from_secs(60),
            )
        })
        .await
        .unwrap();
        eprintln!("{flood:?}: {run}");
        assert!(
            run.stderr
                .contains("Graph's answer was larger than 32 MB; dcw stopped reading it"),
            "{flood:?}: {run}"
        );
        assert_ne!(run.code, Some(0), "{flood:?}: nothing could be read: {run}");
        assert!(run.peak_mb < 100, "{flood:?}: {run}");
        let asked = s.requests.load(Ordering::SeqCst);
        assert!(
            asked <= 3,
            "{flood:?}: {asked} requests, an answer too large is not retried"
        );
    }
}

#[test]
fn validate_and_submit_name_a_named_pipe_given_as_an_image_at_once() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let spec = spec_with_a_fifo_image(dir.path());
    for args in [
        vec!["validate", arg(&spec)],
        vec!["submit", "--yes", arg(&spec)],
    ] {
        let run = run_dcw(home.path(), &args, &[], Duration::from_secs(10));
        let said = format!("{}{}", run.stdout, run.stderr);
        assert_eq!(run.code, Some(1), "{args:?}: {run}");
        assert!(
            said.contains("images/boots.jpg") && said.contains("a named pipe (FIFO)"),
            "{args:?}: {run}"
        );
    }
}

#[test]
fn dev_zero_as_a_spec_is_refused_as_a_device_not_read() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        vec!["validate", "/dev/zero"],
        vec!["submit", "--yes", "/dev/zero"],
        vec!["open", "/dev/zero"],
    ] {
        let run = run_dcw(home.path(), &args, &[], Duration::from_secs(10));
        assert_eq!(run.code, Some(2), "{args:?}: {run}");
        assert!(
            run.stderr.contains(
                "/dev/zero: is a character device, not a regular file; a spec must be a regular file"
            ),
            "{args:?}: {run}"
        );
        assert!(run.peak_mb < 100, "{args:?}: {run}");
    }
}

#[test]
fn a_named_pipe_as_the_token_file_is_refused_at_once() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    mkfifo(&config.join("token"));
    let spec = examples_dir().join("sales-winter-boots.json");
    let run = run_dcw(
        home.path(),
        &["submit", "--yes", arg(&spec)],
        &[],
        Duration::from_secs(10),
    );
    assert_eq!(run.code, Some(3), "{run}");
    assert!(
        run.stderr
            .contains("config/token: is a named pipe (FIFO), not a regular file"),
        "{run}"
    );
}

#[test]
fn a_token_command_that_never_ends_is_stopped_at_the_configured_limit() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.json"),
        r#"{"token_command": "sleep 100", "token_command_timeout": 1}"#,
    )
    .unwrap();
    let spec = examples_dir().join("sales-winter-boots.json");
    for args in [
        vec!["watch", "--once", AD],
        vec!["submit", "--yes", arg(&spec)],
    ] {
        let run = run_dcw(home.path(), &args, &[], Duration::from_secs(10));
        assert_eq!(run.code, Some(3), "{args:?}: {run}");
        assert!(
            run.stderr
                .contains("token_command did not finish within 1 s"),
            "{args:?}: {run}"
        );
        assert!(run.took < Duration::from_secs(5), "{args:?}: {run}");
    }
}
