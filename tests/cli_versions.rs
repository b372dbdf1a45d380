//! The Graph version dcw calls: v27.0 unless `--api-version`, DCW_API_VERSION or the config
//! file's `api_version` says otherwise; `dcw paths` shows it and where it was set; Graph's 2635
//! (an expired version) is met with a message naming that setting.

use crate::common;

use std::process::Stdio;

use common::cli::{arg, command, objects, sales_json, submit, write_spec};
use common::sandbox::{SandboxProcess, start, test_config};

const TOKEN: &str = "EAAversionstesttoken";

#[test]
fn every_request_of_a_launch_goes_to_v27() {
    let sandbox = SandboxProcess::spawn(&["--review-delay", "0s"], Stdio::piped());
    let base = sandbox
        .first
        .trim()
        .trim_start_matches("listening on ")
        .to_string();
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let spec = write_spec(dir.path(), &sales_json());
    let out = command(
        home.path(),
        &["submit", "--yes", "--api-base", &base, arg(&spec)],
    )
    .env("META_ACCESS_TOKEN", TOKEN)
    .output()
    .unwrap();
    let (killed, _, log) = sandbox.interrupt();
    assert!(killed);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The sandbox logs each request as `METHOD /path status time`.
    let requests: Vec<&str> = log
        .lines()
        .filter(|l| l.starts_with("GET ") || l.starts_with("POST ") || l.starts_with("DELETE "))
        .collect();
    assert!(
        log.contains("POST /v27.0/act_1234567890/campaigns 200"),
        "{log}"
    );
    assert!(requests.len() >= 10, "a whole launch: {log}");
    let elsewhere: Vec<&&str> = requests
        .iter()
        .filter(|l| {
            !l.split(' ')
                .nth(1)
                .is_some_and(|p| p.starts_with("/v27.0/"))
        })
        .collect();
    assert!(elsewhere.is_empty(), "not sent to /v27.0/: {elsewhere:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_version_is_named_with_the_setting_that_picks_it() {
    let sb = start(test_config()).await;
    let (_home, run) = submit(&sb.base, TOKEN, &sales_json(), &["--api-version", "v24.0"]).await;
    assert_eq!(run.code, Some(1), "{run}");
    assert!(
        run.stderr.contains(
            "Graph refused v24.0 as expired: set api_version to v27.0 (config file, --api-version or DCW_API_VERSION) (code 2635"
        ),
        "{run}"
    );
    let s = sb.stats().await;
    assert_eq!(objects(&s, "campaigns"), 0, "{s}");
}

#[test]
fn a_value_that_is_not_a_version_is_refused_naming_where_it_was_set() {
    let home = tempfile::tempdir().unwrap();
    let out = command(home.path(), &["paths"])
        .env("DCW_API_VERSION", "v27.0/../act_1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("DCW_API_VERSION is \"v27.0/../act_1\", which is not a Graph API version: write it like v27.0"),
        "{err}"
    );
    let config = home.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.json"), r#"{"api_version": "27"}"#).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let spec = write_spec(dir.path(), &sales_json());
    let out = command(home.path(), &["submit", "--yes", arg(&spec)])
        .env("META_ACCESS_TOKEN", TOKEN)
        .env("DCW_API_BASE", "http://127.0.0.1:9")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("api_version in the config file is \"27\""),
        "{err}"
    );
}

#[test]
fn paths_shows_the_graph_version_and_where_it_was_set() {
    let home = tempfile::tempdir().unwrap();
    let graph_line = |env: Option<&str>| {
        let mut cmd = command(home.path(), &["paths"]);
        if let Some(v) = env {
            cmd.env("DCW_API_VERSION", v);
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .find(|l| l.starts_with("graph "))
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(graph_line(None), "graph     v27.0 (dcw's default)");
    assert_eq!(
        graph_line(Some("v25.0")),
        "graph     v25.0 (DCW_API_VERSION)"
    );
    let config = home.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.json"), r#"{"api_version": "v26.0"}"#).unwrap();
    assert_eq!(
        graph_line(None),
        "graph     v26.0 (api_version in the config file)"
    );
}
