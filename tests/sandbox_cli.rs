//! `dcw sandbox` as a program: its first line, its request log (never a token), Ctrl+C.

use crate::common;

use std::process::Stdio;

use common::sandbox::{SandboxProcess, sandbox_refuses};

const CANARY: &str = "EAAcanary0123456789secret";

#[test]
fn sandbox_prints_its_address_first_logs_requests_without_tokens_and_stops_on_ctrl_c() {
    let sandbox =
        SandboxProcess::spawn(&["--review-delay", "0s", "--demo-ads", "2"], Stdio::piped());
    let base = sandbox
        .base()
        .unwrap_or_else(|| panic!("first line: {:?}", sandbox.first));
    assert!(
        base.starts_with("http://127.0.0.1:"),
        "binds to loopback: {base}"
    );

    common::sandbox::block_on_client(|client| async move {
        let r = client
            .get(format!("{base}/v26.0/act_1234567890/adsets"))
            .query(&[("access_token", CANARY), ("fields", "name")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(
            body["data"].as_array().unwrap().len(),
            2,
            "two demo ad sets"
        );
        let r = client
            .post(format!("{base}/v26.0/act_1234567890/campaigns"))
            .form(&[
                ("access_token", CANARY),
                ("name", "x"),
                ("objective", "CONVERSIONS"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400);
    });

    let (signalled, exit, stderr) = sandbox.interrupt();
    assert!(signalled);
    assert!(exit.success(), "Ctrl+C ends the sandbox cleanly: {exit:?}");
    assert!(
        stderr.contains("GET /v26.0/act_1234567890/adsets 200"),
        "one line per request: {stderr}"
    );
    assert!(
        stderr.contains("POST /v26.0/act_1234567890/campaigns 400"),
        "{stderr}"
    );
    assert!(
        !stderr.contains(CANARY),
        "the token never reaches the log: {stderr}"
    );
    assert!(!stderr.contains("access_token"), "{stderr}");
}

#[test]
fn every_documented_sandbox_flag_parses_and_the_server_starts() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let sandbox = SandboxProcess::spawn(
        &[
            "--addr",
            "127.0.0.1:0",
            "--review-delay",
            "2s",
            "--video-processing",
            "1s",
            "--tier",
            "dev",
            "--latency",
            "10ms",
            "--jitter",
            "5ms",
            "--faults",
            "lost-response=0.35,error-before=30%,timeout=0.01,rate-limit=0.05",
            "--seed",
            "7",
            "--token-expires-after",
            "100",
            "--demo-ads",
            "3",
            "--state",
            state.to_str().unwrap(),
        ],
        Stdio::piped(),
    );
    let first = sandbox.first.clone();
    let (_, exit, stderr) = sandbox.interrupt();
    assert!(
        first.starts_with("listening on http://127.0.0.1:"),
        "{first:?} {stderr}"
    );
    assert!(exit.success(), "{exit:?} {stderr}");
}

#[test]
fn a_video_processing_past_a_day_is_refused_naming_the_flag() {
    let stderr = sandbox_refuses(&["--video-processing", "25h"]);
    assert!(stderr.contains("--video-processing"), "{stderr}");
}

#[test]
fn a_bad_fault_list_is_refused_naming_the_flag() {
    let stderr = sandbox_refuses(&["--faults", "explode=1"]);
    assert!(
        stderr.contains("--faults") && stderr.contains("explode"),
        "{stderr}"
    );
}
