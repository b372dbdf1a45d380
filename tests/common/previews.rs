//! `dcw preview` against an in-process sandbox: the link it prints, for tests that fetch it
//! (the page's HTML here, a headless browser's screenshot elsewhere).

use std::path::PathBuf;

use serde_json::Value;
use tempfile::TempDir;

use super::cli::{Run, arg, dcw_with, write_spec};
use super::sandbox::{Sb, start, test_config};

pub const TOKEN: &str = "EAApreviewclitesttoken";

/// A sandbox, the `DCW_HOME` and spec folders, the spec's path and the run of `dcw preview`.
pub struct Previewed {
    pub sb: Sb,
    pub home: TempDir,
    pub dir: TempDir,
    pub spec: PathBuf,
    pub run: Run,
}

impl Previewed {
    /// The link of the run's first line (its last word), or panics with the run.
    pub fn link(&self) -> String {
        first_link(&self.run)
    }
}

/// The last word of the first line of stdout: the link of `dcw preview`'s first placement.
#[track_caller]
pub fn first_link(run: &Run) -> String {
    run.stdout
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().last())
        .filter(|w| w.starts_with("http"))
        .unwrap_or_else(|| panic!("no link: {run}"))
        .to_string()
}

/// `dcw preview --api-base <sandbox> <spec> <extra>` in folders of its own.
pub async fn run_preview_in(
    sb: &Sb,
    home: &TempDir,
    spec: &std::path::Path,
    extra: &[&str],
) -> Run {
    let mut args = vec!["preview", "--api-base", sb.base.as_str()];
    args.extend_from_slice(extra);
    args.push(arg(spec));
    dcw_with(home.path(), Some(TOKEN), &args, &[]).await
}

/// Starts a sandbox, writes `spec` (next to the example images) and runs `dcw preview` on it
/// with `extra` arguments; the sandbox keeps serving the link while the value lives.
pub async fn preview_spec(spec: &Value, extra: &[&str]) -> Previewed {
    let sb = start(test_config()).await;
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = write_spec(dir.path(), spec);
    let run = run_preview_in(&sb, &home, &path, extra).await;
    Previewed {
        sb,
        home,
        dir,
        spec: path,
        run,
    }
}

/// [`preview_spec`] for the link alone: a sandbox serving it, and the link of the spec's
/// first placement (`--placement FORMAT` in `extra` picks one).
pub async fn preview_link(spec: &Value, extra: &[&str]) -> (Previewed, String) {
    let p = preview_spec(spec, extra).await;
    assert_eq!(p.run.code, Some(0), "{}", p.run);
    let link = p.link();
    (p, link)
}
