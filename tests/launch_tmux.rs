//! The Done-when of the pane's controls on the real binary in tmux (120x40) against a
//! `dcw sandbox` process: a launched (PAUSED) launch is watched, `T` on its ad, the whole launch
//! chosen, what changes shown, `Y` sends it, and the launch reads back ACTIVE.
#![cfg(unix)]

use crate::common;
use crate::require_tmux;

use std::time::Duration;

use common::cli::{arg, command, write_spec};
use common::sandbox::{SandboxProcess, block_on_client};
use common::tmux::{Start, Tmux};
use serde_json::Value;

const TOKEN: &str = "EAAlaunchtmuxtesttoken";

fn status_of(base: &str, id: &str) -> String {
    let url = format!("{base}/{}/{id}", dcw::graph::DEFAULT_API_VERSION);
    block_on_client(|c| async move {
        let v: Value = c
            .get(url)
            .query(&[("fields", "effective_status"), ("access_token", TOKEN)])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        v["effective_status"].as_str().unwrap_or("").to_string()
    })
}

#[test]
fn tmux_a_launch_goes_from_paused_to_active_from_the_pane() {
    require_tmux!("the status pane's controls");
    let sb = Stopped(SandboxProcess::spawn(
        &["--review-delay", "0s"],
        std::process::Stdio::null(),
    ));
    let base = sb.0.base().expect("the sandbox says where it listens");
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let spec = write_spec(dir.path(), &common::base_json());
    let out = command(
        home.path(),
        &["submit", "--yes", "--json", "--api-base", &base, arg(&spec)],
    )
    .env("META_ACCESS_TOKEN", TOKEN)
    .output()
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = |step: &str| {
        v["objects"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["step"] == step)
            .and_then(|o| o["id"].as_str())
            .unwrap()
            .to_string()
    };
    let (ad, campaign) = (id("ad:0"), id("campaign"));
    assert_eq!(status_of(&base, &campaign), "PAUSED");

    let args = ["watch", ad.as_str(), "--api-base", base.as_str()];
    let t = Tmux::start(
        "controls",
        Start {
            env: &[("META_ACCESS_TOKEN", TOKEN)],
            deadline: Duration::from_secs(60),
            ..Start::new(&args)
        },
    );
    t.wait_for("approved, paused");
    t.keys(&["T"]);
    t.wait_for("Activate which?");
    t.keys(&["Down", "Down"]);
    t.wait_for("▸ the whole launch");
    t.keys(&["Enter"]);
    let asked = t.wait_for("Activate? Y sends");
    assert!(asked.contains("PAUSED → ACTIVE"), "{asked}");
    assert!(asked.contains("nothing reaches Meta"), "{asked}");
    t.keys(&["Y"]);
    // Said as done, then the pane reads the ad again: approved and on (its change said).
    t.wait_until("the control done and the ad read again as active", |s| {
        s.contains("✓ Activate: done") || s.contains("approved, paused → approved")
    });
    t.wait_until("the ad read again as active", |s| {
        s.contains("effective_status ACTIVE") && !s.contains("✓ 1 approved, paused")
    });
    assert_eq!(status_of(&base, &campaign), "ACTIVE");
    assert_eq!(status_of(&base, &ad), "ACTIVE");
    t.keys(&["q"]);
    let after = t.wait_for("EXIT=");
    assert!(after.contains("EXIT=0"), "{after}\n{}", t.stderr());
}

/// The sandbox process, ended when the test ends (a failing one too).
struct Stopped(SandboxProcess);

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = self.0.child.kill();
        let _ = self.0.child.wait();
    }
}
