//! Meta's official Python Business SDK (facebook-business v26) runs a whole dynamic-creative
//! launch against the sandbox with nothing changed but its base URL: accounts, pages, pixels,
//! campaign, ad set, image upload, creative, ad, review feedback, a batch read, and errors.
//!
//! The SDK lives in `target/sdk-venv`, made by `.ci/setup-tests` (the README's test command
//! runs it first); `DCW_SDK_PYTHON` may point at another interpreter that has it.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::sandbox::*;

fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("DCW_SDK_PYTHON") {
        return PathBuf::from(p);
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/sdk-venv/bin/python");
    assert!(
        venv.exists(),
        "the SDK virtualenv is missing: run .ci/setup-tests (the README's test command does)"
    );
    venv
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_python_sdk_runs_a_whole_launch_against_the_sandbox() {
    let sb = start(test_config()).await;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = root.join("tests/sdk/conformance.py");
    let image = root.join("assets/examples/images/boots.jpg");
    let base = sb.base.clone();
    let out = tokio::task::spawn_blocking(move || {
        Command::new(python())
            .arg(script)
            .arg(&base)
            .arg("sdk-conformance-token")
            .arg(image)
            .env("NO_PROXY", "127.0.0.1,localhost")
            .output()
            .expect("python runs")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "SDK run failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    for step in [
        "ad_accounts",
        "pages",
        "pixels",
        "create_campaign",
        "create_ad_set",
        "upload_image",
        "create_ad_creative",
        "create_ad",
        "read_ad_set",
        "read_ad",
        "batch_read",
        "error_legacy_objective",
    ] {
        assert!(
            stdout.lines().any(|l| l.starts_with(&format!("ok {step}"))),
            "step {step} missing from:\n{stdout}"
        );
    }
    let stats = sb.stats().await;
    assert_eq!(stats["objects"]["ads"], 1, "{stats}");
    assert_eq!(stats["objects"]["campaigns"], 1, "{stats}");
}

/// Meta's SDK uploads a 5 MB MP4 with `AdVideo.remote_create()` through its own chunked
/// uploader (two windows), its `url_override` pointed at the sandbox (the script refuses any
/// other host), then waits for encoding, reads the thumbnails and the account's videos.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_python_sdk_uploads_a_video_through_its_chunked_uploader() {
    let sb = start(dcw::sandbox::SandboxConfig {
        video_processing: std::time::Duration::ZERO,
        ..test_config()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("run.mp4");
    let mp4 = common::mp4::Mp4::square(5 * 1024 * 1024);
    mp4.write(&path);
    let size = mp4.file_size();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/video.py");
    let base = sb.base.clone();
    let out = tokio::task::spawn_blocking(move || {
        Command::new(python())
            .arg(script)
            .arg(&base)
            .arg("sdk-conformance-token")
            .arg(&path)
            .env("NO_PROXY", "127.0.0.1,localhost")
            .output()
            .expect("python runs")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "SDK video run failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    for step in [
        "upload_video",
        "wait_until_ready",
        "thumbnails",
        "account_videos",
    ] {
        assert!(
            stdout.lines().any(|l| l.starts_with(&format!("ok {step}"))),
            "step {step} missing from:\n{stdout}"
        );
    }
    let stats = sb.stats().await;
    assert_eq!(stats["video"]["bytes_received"], size, "{stats}");
    assert_eq!(stats["video"]["chunks"], 2, "{stats}");
    assert_eq!(stats["video"]["videos"], 1, "{stats}");
}
