//! The sandbox as a server under hostile clients: bodies read outside the lock and bounded in
//! size, parameters and time; stalled and idle connections closed; a cap on connections that
//! never locks a fresh client out for good; durations from flags bounded with a clear refusal.

use crate::common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::sandbox::*;
use dcw::sandbox::{Sandbox, SandboxConfig};

/// Generous: proves that nothing hangs, not how fast anything is.
const DEADLINE: Duration = Duration::from_secs(20);

#[tokio::test]
async fn an_in_process_sandbox_refuses_a_config_out_of_range_naming_the_field() {
    let e = Sandbox::start(SandboxConfig {
        latency: Duration::from_secs(99_999_999_999 * 3600),
        ..test_config()
    })
    .await
    .err()
    .expect("refused");
    assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput);
    assert!(e.to_string().starts_with("latency "), "{e}");
}

#[test]
fn dcw_sandbox_refuses_durations_and_counts_out_of_range_with_exit_2() {
    let cases = [
        (
            ["--latency", "99999999999h"],
            "--latency",
            "allowed: 0s to 1m",
        ),
        (["--jitter", "2m"], "--jitter", "allowed: 0s to 1m"),
        (
            ["--review-delay", "8days"],
            "--review-delay",
            "allowed: 0s to 7days",
        ),
        (
            ["--demo-ads", "99999999"],
            "--demo-ads",
            "allowed: 0 to 5000",
        ),
    ];
    for (args, flag, range) in cases {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dcw"))
            .arg("sandbox")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let until = Instant::now() + DEADLINE;
        while child.try_wait().unwrap().is_none() {
            if Instant::now() > until {
                let _ = child.kill();
                panic!("dcw sandbox {args:?} kept running");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(flag) && stderr.contains(range),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
