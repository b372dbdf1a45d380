//! Running the real `dcw` binary in tests: with `DCW_HOME` in a temporary folder, no terminal on
//! stdin, and a chosen token (or none), against a sandbox the test serves.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;
use tempfile::TempDir;

use super::examples_dir;

/// What one run of `dcw` did.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs `dcw` with `DCW_HOME=home`, stdin not a terminal, and `META_ACCESS_TOKEN` set to `token`
/// (or every token variable removed), off the runtime so the test's sandbox keeps serving.
pub async fn dcw(home: &Path, token: Option<&str>, args: &[&str]) -> Run {
    dcw_with(home, token, args, &[]).await
}

/// The `dcw` binary with `args`, `DCW_HOME=home`, stdin closed, and no token or Graph settings
/// from the test's own environment.
pub fn command(home: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dcw"));
    cmd.args(args)
        .env("DCW_HOME", home)
        .env_remove("META_ACCESS_TOKEN")
        .env_remove("FB_ACCESS_TOKEN")
        .env_remove("DCW_API_BASE")
        .env_remove("DCW_API_VERSION")
        .stdin(Stdio::null());
    cmd
}

pub async fn dcw_with(
    home: &Path,
    token: Option<&str>,
    args: &[&str],
    env: &[(&str, &str)],
) -> Run {
    let mut cmd = command(home, args);
    if let Some(t) = token {
        cmd.env("META_ACCESS_TOKEN", t);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = tokio::task::spawn_blocking(move || cmd.output().expect("dcw runs"))
        .await
        .unwrap();
    Run {
        code: out.status.code(),
        // Strict: a stray byte such as a raw C1 CSI (0x9b) must fail, not become U+FFFD.
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Writes a spec next to a copy of the example images, so its relative files resolve.
pub fn write_spec(dir: &Path, v: &Value) -> PathBuf {
    write_spec_named(dir, v, "spec.json")
}

/// [`write_spec`] under the file name `name`.
pub fn write_spec_named(dir: &Path, v: &Value, name: &str) -> PathBuf {
    let images = dir.join("images");
    std::fs::create_dir_all(&images).unwrap();
    for e in std::fs::read_dir(examples_dir().join("images")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), images.join(e.file_name())).unwrap();
    }
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(v).unwrap()).unwrap();
    path
}

/// A fresh `DCW_HOME`, and the spec `v` written in a folder of its own next to a copy of the
/// example images: the home, that folder (keep both alive as long as the test) and the spec's path.
pub fn home_and_spec(v: &Value) -> (TempDir, TempDir, PathBuf) {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let spec = write_spec(dir.path(), v);
    (home, dir, spec)
}

/// `dcw submit --yes --json <spec>` with no token at all: a launch on the built-in sandbox.
pub async fn submit_built_in(home: &Path, spec: &Path) -> Run {
    dcw(home, None, &["submit", "--yes", "--json", arg(spec)]).await
}

/// `dcw submit --yes <extra> --api-base <base> <spec>` with `META_ACCESS_TOKEN=token`, the spec
/// written next to a copy of the example images, in a fresh `DCW_HOME`: that home and the run.
pub async fn submit(base: &str, token: &str, spec: &Value, extra: &[&str]) -> (TempDir, Run) {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let spec = write_spec(dir.path(), spec);
    let mut args = vec!["submit", "--yes"];
    args.extend_from_slice(extra);
    args.extend(["--api-base", base, arg(&spec)]);
    let run = dcw(home.path(), Some(token), &args).await;
    (home, run)
}

/// The sales example as written (two audiences: two ad sets, two ads).
pub fn sales_json() -> Value {
    let text = std::fs::read_to_string(examples_dir().join("sales-winter-boots.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The sales example with one ad set on a daily budget and the other on a lifetime budget: a
/// spec with both kinds of budget, each ad set with one.
pub fn daily_and_lifetime_json() -> Value {
    let mut v = sales_json();
    v["ad_set"]
        .as_object_mut()
        .unwrap()
        .remove("lifetime_budget");
    v["audiences"][0]["daily_budget"] = serde_json::json!(2000);
    v
}

/// The money line both `dcw submit` and the wizard's Review step show for that spec.
pub const DAILY_AND_LIFETIME_LINE: &str = "$20.00 USD daily + $300.00 USD lifetime over 2 ad sets";

/// Requests the sandbox got on routes that create something (`POST .../campaigns` etc.).
pub fn create_requests(stats: &Value) -> u64 {
    stats["requests"]["by_route"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(route, _)| {
            route.starts_with("POST ")
                && ["campaigns", "adsets", "adimages", "adcreatives", "ads"]
                    .iter()
                    .any(|edge| route.ends_with(&format!("/{edge}")))
        })
        .map(|(_, n)| n.as_u64().unwrap())
        .sum()
}

pub fn objects(stats: &Value, edge: &str) -> u64 {
    stats["objects"][edge].as_u64().unwrap()
}

pub fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Launch ids listed by `dcw launches --json`, with their state.
pub async fn launches(home: &Path) -> Vec<Value> {
    let run = dcw(home, None, &["launches", "--json"]).await;
    assert_eq!(run.code, Some(0), "{run}");
    serde_json::from_str::<Value>(&run.stdout)
        .unwrap_or_else(|_| panic!("launches --json prints JSON: {run}"))
        .as_array()
        .unwrap()
        .clone()
}
