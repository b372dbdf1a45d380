//! A canary token never leaves dcw except on the wire to Graph: not on stdout or stderr, not in
//! the log, the journal or any other file dcw writes, not in any Debug or Display of the client,
//! its config or its errors, including when calls fail.

use crate::common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::base_json;
use common::cli::{Run, dcw, write_spec};
use common::sandbox::{start, test_config};
use dcw::graph::{CallError, GraphClient, GraphConfig, Secret};
use dcw::sandbox::{FaultKind, SandboxConfig};
use serde_json::Value;

/// A token no one else uses: `EAAcanary` and digits from the clock and the process.
fn canary(label: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("EAAcanary{label}{}{nanos}", std::process::id())
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[track_caller]
fn assert_clean(what: &str, text: &str, secrets: &[&str]) {
    for s in secrets {
        assert!(!text.contains(s), "{what} holds a secret: {text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_canary_token_never_reaches_output_logs_journals_or_any_file_dcw_writes() {
    let token = canary("tok");
    let app_secret = canary("app");
    let secrets = [token.as_str(), app_secret.as_str()];
    let home = tempfile::tempdir().unwrap();
    // The app secret comes from a command reading a file outside DCW_HOME, so every file under
    // DCW_HOME that could hold a secret is one dcw wrote.
    let outside = tempfile::tempdir().unwrap();
    let secret_file = outside.path().join("app-secret");
    std::fs::write(&secret_file, &app_secret).unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(
        home.path().join("config/config.json"),
        serde_json::json!({"app_secret_command": format!("cat '{}'", secret_file.display())})
            .to_string(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let spec = write_spec(dir.path(), &base_json());
    let spec = spec.to_str().unwrap();
    let mut runs: Vec<Run> = Vec::new();

    // A flaky Graph: answers lost after the write, and transient errors before it. Run the
    // same command until the launch is done, as a buyer would.
    let sb = start(SandboxConfig {
        faults: vec![
            (FaultKind::LostResponse, 0.3),
            (FaultKind::ErrorBefore, 0.2),
        ],
        seed: 7,
        ..test_config()
    })
    .await;
    let args = ["submit", "--yes", "--api-base", &sb.base, spec];
    let mut done = false;
    for _ in 0..25 {
        let run = dcw(home.path(), Some(&token), &args).await;
        done = run.code == Some(0);
        assert!(
            matches!(run.code, Some(0) | Some(5)),
            "a flaky network ends a run done or resumable (5): {:?}\n{}",
            run.code,
            run.stderr
        );
        runs.push(run);
        if done {
            break;
        }
    }
    assert!(done, "the launch finishes over repeated runs");
    let faults_seen = runs.iter().any(|r| {
        r.code != Some(0)
            || r.stderr.contains("checking whether it was created")
            || r.stderr.contains("uploading again")
    });
    assert!(faults_seen, "failing calls were part of these runs");
    // Done: once more, as JSON, and the list of launches.
    runs.push(
        dcw(
            home.path(),
            Some(&token),
            &["submit", "--yes", "--json", "--api-base", &sb.base, spec],
        )
        .await,
    );
    runs.push(dcw(home.path(), Some(&token), &["launches"]).await);
    runs.push(dcw(home.path(), Some(&token), &["launches", "--json"]).await);

    // A token Graph says has expired.
    let expired = start(SandboxConfig {
        expired_tokens: vec![token.clone()],
        ..test_config()
    })
    .await;
    let run = dcw(
        home.path(),
        Some(&token),
        &["submit", "--yes", "--api-base", &expired.base, spec],
    )
    .await;
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    runs.push(run);

    // An expiry in the middle of a launch, after a few calls went through.
    let expiring = start(SandboxConfig {
        token_expires_after: Some(6),
        ..test_config()
    })
    .await;
    let run = dcw(
        home.path(),
        Some(&token),
        &["submit", "--yes", "--api-base", &expiring.base, spec],
    )
    .await;
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    runs.push(run);

    // Nothing listening at all.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let dead = format!("http://127.0.0.1:{port}");
    let run = dcw(
        home.path(),
        Some(&token),
        &["submit", "--yes", "--api-base", &dead, spec],
    )
    .await;
    assert_eq!(run.code, Some(5), "{}", run.stderr);
    runs.push(run);

    for (i, r) in runs.iter().enumerate() {
        assert_clean(&format!("stdout of run {i}"), &r.stdout, &secrets);
        assert_clean(&format!("stderr of run {i}"), &r.stderr, &secrets);
    }

    let files = files_under(home.path());
    let journals: Vec<&PathBuf> = files
        .iter()
        .filter(|p| p.starts_with(home.path().join("data/launches")))
        .collect();
    assert!(
        journals.len() >= 2,
        "journals of the finished and the interrupted launch: {files:?}"
    );
    let log = home.path().join("state/logs/dcw.log");
    assert!(
        std::fs::metadata(&log).unwrap().len() > 0,
        "the log has lines, so its check means something"
    );
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        for s in &secrets {
            assert!(
                !contains(&bytes, s),
                "{} holds a secret:\n{}",
                f.display(),
                String::from_utf8_lossy(&bytes)
            );
        }
    }
    // The journals and the log are private.
    #[cfg(unix)]
    for j in journals.iter().copied().chain([&log]) {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(j).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", j.display());
    }
}

#[test]
fn graph_config_client_and_secret_never_print_the_token_or_app_secret() {
    let token = canary("dbg");
    let app_secret = canary("appdbg");
    let s = Secret::new(token.clone());
    assert_eq!(format!("{s}"), "***");
    assert_eq!(format!("{s:?}"), "***");
    assert_eq!(s.expose(), token, "the wire still gets the token");

    let mut config = GraphConfig::new(Secret::new(token.clone()));
    config.app_secret = Some(Secret::new(app_secret.clone()));
    let shown = [
        format!("{config:?}"),
        format!("{config:#?}"),
        format!("{:?}", config.token),
    ];
    let client = GraphClient::new(config.clone()).unwrap();
    let shown_client = [format!("{client:?}"), format!("{client:#?}")];
    for text in shown.iter().chain(&shown_client) {
        assert_clean("a Debug print", text, &[&token, &app_secret]);
    }
    assert!(
        shown[0].contains("***"),
        "the token is masked: {}",
        shown[0]
    );
    assert!(
        shown_client[0].contains("GraphClient"),
        "{}",
        shown_client[0]
    );
}

fn client(base: &str, token: &str) -> GraphClient {
    let mut c = GraphConfig::new(Secret::new(token));
    c.base_url = base.to_string();
    c.read_backoff = Duration::from_millis(1);
    c.read_attempts = 2;
    c.timeout = Duration::from_secs(10);
    GraphClient::new(c).unwrap()
}

#[track_caller]
fn assert_error_clean(e: &CallError, token: &str) {
    assert_clean("the error's Display", &e.to_string(), &[token]);
    assert_clean("the error's Debug", &format!("{e:?}"), &[token]);
    let launch = dcw::launch::LaunchError::from_call(
        dcw::launch::Stage::other("reading act_1234567890"),
        e.clone(),
    );
    assert_clean("the launch error", &launch.to_string(), &[token]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_of_failed_gets_which_carry_the_token_in_the_query_never_show_it() {
    let token = canary("get");
    // Nothing listening: the connection is refused.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let c = client(&format!("http://127.0.0.1:{port}"), &token);
    let e = c
        .get("act_1234567890", &[("fields", "currency")])
        .await
        .unwrap_err();
    assert!(matches!(e, CallError::Network { .. }), "{e:?}");
    assert_error_clean(&e, &token);

    // The answer is lost after the request arrived.
    let sb = start(SandboxConfig {
        faults: vec![(FaultKind::LostResponse, 1.0)],
        ..test_config()
    })
    .await;
    let c = client(&sb.base, &token);
    let e = c
        .get("act_1234567890", &[("fields", "currency")])
        .await
        .unwrap_err();
    assert!(matches!(e, CallError::Network { .. }), "{e:?}");
    assert_error_clean(&e, &token);
    let e = c
        .find_by_name("1234567890", "campaigns", "dcw-abc")
        .await
        .unwrap_err();
    assert_error_clean(&e, &token);

    // No answer in time.
    let slow = start(SandboxConfig {
        latency: Duration::from_secs(30),
        ..test_config()
    })
    .await;
    let mut config = GraphConfig::new(Secret::new(token.clone()));
    config.base_url = slow.base.clone();
    config.timeout = Duration::from_millis(200);
    config.read_attempts = 1;
    let e = GraphClient::new(config)
        .unwrap()
        .get("act_1234567890", &[("fields", "currency")])
        .await
        .unwrap_err();
    assert!(
        matches!(e, CallError::Network { timeout: true, .. }),
        "{e:?}"
    );
    assert_error_clean(&e, &token);

    // Graph's own refusal of the token.
    let expired = start(SandboxConfig {
        expired_tokens: vec![token.clone()],
        ..test_config()
    })
    .await;
    let e = client(&expired.base, &token)
        .get("act_1234567890", &[("fields", "currency")])
        .await
        .unwrap_err();
    assert_eq!(e.graph().map(|g| g.code), Some(190), "{e:?}");
    assert_error_clean(&e, &token);
    let body: Value = serde_json::to_value(e.graph().unwrap()).unwrap();
    assert_clean("the parsed error body", &body.to_string(), &[&token]);
}
