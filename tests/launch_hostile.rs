//! The no-duplicate promise under hostile conditions, through the real binary against a sandbox:
//! several `dcw submit` of one spec at the same instant, damaged journals, ids that are paths,
//! a journal folder that cannot be written, and what killed processes leave behind.

use crate::common;

use std::path::Path;
use std::time::Duration;

use common::base_json;
use common::cli::{Run, arg, dcw, launches, objects, write_spec};
use common::sandbox::{Sb, start, test_config};
use serde_json::Value;

const TOKEN: &str = "EAAhostilelaunchtesttoken";

fn journal_files(home: &Path) -> Vec<std::path::PathBuf> {
    let dir = home.join("data/launches");
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|e| e == "json"));
    v.sort();
    v
}

fn one_of_each(stats: &Value) {
    for edge in ["campaigns", "adsets", "adcreatives", "ads"] {
        assert_eq!(objects(stats, edge), 1, "one {edge}: {}", stats["objects"]);
    }
}

/// A finished launch of the base spec on a fresh sandbox: the sandbox, DCW_HOME, the spec's
/// folder and the submit arguments.
async fn launched_once() -> (Sb, tempfile::TempDir, tempfile::TempDir, Vec<String>) {
    let sb = start(test_config()).await;
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let spec = write_spec(dir.path(), &base_json());
    let args: Vec<String> = ["submit", "--yes", "--api-base", &sb.base, arg(&spec)]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let first = run(home.path(), &args).await;
    assert_eq!(first.code, Some(0), "{first}");
    (sb, home, dir, args)
}

async fn run(home: &Path, args: &[String]) -> Run {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    dcw(home, Some(TOKEN), &args).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_submits_of_one_spec_started_at_once_make_one_of_each_object() {
    let mut config = test_config();
    config.latency = Duration::from_millis(200);
    let sb = start(config).await;
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let spec = write_spec(dir.path(), &base_json());
    let args = ["submit", "--yes", "--api-base", &sb.base, arg(&spec)];
    let (a, b, c) = tokio::join!(
        dcw(home.path(), Some(TOKEN), &args),
        dcw(home.path(), Some(TOKEN), &args),
        dcw(home.path(), Some(TOKEN), &args),
    );
    let runs = [a, b, c];
    let launched = runs.iter().filter(|r| r.code == Some(0)).count();
    assert!(launched >= 1, "one of them launches: {}", runs[0]);
    // With 200 ms a request the launch takes seconds: the three overlapped.
    assert!(
        runs.iter().any(|r| r.code == Some(6)),
        "a second process was refused while the first ran: {}",
        runs[1]
    );
    for r in &runs {
        match r.code {
            Some(0) => {}
            Some(6) => {
                assert!(
                    r.stderr
                        .contains("another dcw is launching this spec on act_1234567890"),
                    "{r}"
                );
                assert!(r.stderr.contains("pid "), "the holder is named: {r}");
                assert!(r.stderr.contains("nothing was sent"), "{r}");
            }
            _ => panic!("exit 0 or 6 only: {r}"),
        }
    }
    one_of_each(&sb.stats().await);
    assert_eq!(launches(home.path()).await.len(), 1, "one journal");

    // The next run reports the one launch and creates nothing.
    let again = dcw(home.path(), Some(TOKEN), &args).await;
    assert_eq!(again.code, Some(0), "{again}");
    assert!(again.stderr.contains("launched already"), "{again}");
    one_of_each(&sb.stats().await);
    let left: Vec<_> = std::fs::read_dir(home.path().join("data/launches"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| !n.ends_with(".json"))
        .collect();
    assert!(left.is_empty(), "no lock or temporary file stays: {left:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_truncated_journal_stops_the_next_submit_naming_it_and_what_exists() {
    let (sb, home, _dir, args) = launched_once().await;
    let journal = journal_files(home.path()).pop().unwrap();
    let text = std::fs::read_to_string(&journal).unwrap();
    std::fs::write(&journal, &text[..text.len() / 2]).unwrap();

    let second = run(home.path(), &args).await;
    assert_eq!(second.code, Some(8), "{second}");
    let err = &second.stderr;
    assert!(
        err.contains(&journal.display().to_string()),
        "names the file: {second}"
    );
    assert!(err.contains("damaged"), "{second}");
    assert!(err.contains("nothing was sent"), "{second}");
    assert!(
        err.contains("--resume ") && err.contains("--new"),
        "says how: {second}"
    );
    // It looked on the account for the launch's tagged objects and lists them.
    assert!(
        err.contains("these objects named with its tag dcw-"),
        "{second}"
    );
    assert!(
        err.lines().any(|l| l.trim_start().starts_with("campaign ")),
        "{second}"
    );
    one_of_each(&sb.stats().await);

    // `dcw launches` lists it as damaged (text and JSON), never drops it.
    let listed = launches(home.path()).await;
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["state"], "damaged", "{listed:?}");
    assert!(
        listed[0]["error"]
            .as_str()
            .unwrap()
            .contains("not whole JSON")
    );
    assert_eq!(listed[0]["file"], journal.display().to_string());
    let text_list = dcw(home.path(), None, &["launches"]).await;
    assert!(text_list.stdout.contains("damaged"), "{text_list}");

    // --new starts over knowingly: a second campaign.
    let mut new_args = args.clone();
    new_args.insert(1, "--new".into());
    let fresh = run(home.path(), &new_args).await;
    assert_eq!(fresh.code, Some(0), "{fresh}");
    assert_eq!(objects(&sb.stats().await, "campaigns"), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_damage_stops_a_fresh_launch_and_a_repair_resumes() {
    let (sb, home, _dir, args) = launched_once().await;
    let journal = journal_files(home.path()).pop().unwrap();
    let good = std::fs::read_to_string(&journal).unwrap();
    let id = journal.file_stem().unwrap().to_str().unwrap().to_string();
    // One character of its own spec hash changed: the hash it shows is nearly ours.
    let hash_at = good.find("\"spec_hash\": \"").unwrap() + "\"spec_hash\": \"".len();
    let mut one_off = good.clone().into_bytes();
    one_off[hash_at + 5] = if one_off[hash_at + 5] == b'0' {
        b'1'
    } else {
        b'0'
    };
    let damages: [(&str, Vec<u8>); 5] = [
        ("a character of its spec hash", one_off),
        ("empty", Vec::new()),
        (
            "random bytes",
            (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect(),
        ),
        (
            "steps is not a list",
            good.replacen("\"steps\": [", "\"steps\": \"oops\", \"was\": [", 1)
                .into_bytes(),
        ),
        (
            "changed under its checksum",
            good.replacen("\"state\": \"done\"", "\"state\": \"running\"", 1)
                .into_bytes(),
        ),
    ];
    for (what, bytes) in damages {
        std::fs::write(&journal, &bytes).unwrap();
        let r = run(home.path(), &args).await;
        assert_eq!(r.code, Some(8), "{what}: {r}");
        assert!(r.stderr.contains(&id), "{what}: names the journal: {r}");
    }
    one_of_each(&sb.stats().await);

    // Repaired by hand (the checksum line removed): --resume takes it, and it is done.
    let repaired: Value = serde_json::from_str(&good).unwrap();
    let mut repaired = repaired.as_object().unwrap().clone();
    repaired.remove("checksum");
    std::fs::write(&journal, serde_json::to_string_pretty(&repaired).unwrap()).unwrap();
    let mut resume = args.clone();
    resume.insert(1, id.clone());
    resume.insert(1, "--resume".into());
    let r = run(home.path(), &resume).await;
    assert_eq!(r.code, Some(0), "{r}");
    assert!(r.stderr.contains("launched already"), "{r}");
    one_of_each(&sb.stats().await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_takes_a_launch_id_never_a_path() {
    let (_sb, home, dir, args) = launched_once().await;
    // A journal-shaped file outside the launches folder must not be reachable.
    std::fs::write(dir.path().join("x.json"), "{}").unwrap();
    for bad in ["../../../x", "/etc/passwd", "a/b", "..", "x.json"] {
        let mut a = args.clone();
        a.insert(1, bad.into());
        a.insert(1, "--resume".into());
        let r = run(home.path(), &a).await;
        assert_eq!(r.code, Some(2), "{bad}: {r}");
        assert!(
            r.stderr.contains("--resume takes a launch id"),
            "{bad}: {r}"
        );
    }
    let mut a = args.clone();
    a.insert(1, "20990101-000000-abcdef".into());
    a.insert(1, "--resume".into());
    let r = run(home.path(), &a).await;
    assert_eq!(r.code, Some(2), "{r}");
    assert!(
        r.stderr
            .contains("there is no launch 20990101-000000-abcdef"),
        "{r}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_journal_folder_that_cannot_be_written_exits_seven_before_anything_is_sent() {
    let sb = start(test_config()).await;
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let spec = write_spec(dir.path(), &base_json());
    // The launches folder is a file: nothing can be written there.
    std::fs::create_dir_all(home.path().join("data")).unwrap();
    std::fs::write(home.path().join("data/launches"), "not a folder").unwrap();
    let r = dcw(
        home.path(),
        Some(TOKEN),
        &["submit", "--yes", "--api-base", &sb.base, arg(&spec)],
    )
    .await;
    assert_eq!(r.code, Some(7), "{r}");
    assert!(r.stderr.contains("cannot keep the launch journal"), "{r}");
    assert_eq!(objects(&sb.stats().await, "campaigns"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leftovers_of_killed_processes_are_cleaned_at_the_next_start() {
    let (_sb, home, _dir, args) = launched_once().await;
    let launches_dir = home.path().join("data/launches");
    let journal = journal_files(home.path()).pop().unwrap();
    let name = journal.file_name().unwrap().to_str().unwrap().to_string();
    // What a kill -9 between the temporary write and the rename, and during a launch, leave.
    std::fs::write(launches_dir.join(format!("{name}.tmp999999999")), "{").unwrap();
    std::fs::write(
        launches_dir.join("spec-1234567890-0011223344556677.lock"),
        "pid 1",
    )
    .unwrap();
    std::fs::write(launches_dir.join("20261206-000000-aaaaaa.lock"), "pid 1").unwrap();
    let r = run(home.path(), &args).await;
    assert_eq!(r.code, Some(0), "{r}");
    let left: Vec<String> = std::fs::read_dir(&launches_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(left, vec![name], "only the journal stays");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_launch_whose_output_is_closed_halfway_still_finishes() {
    let sb = start(test_config()).await;
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let spec = write_spec(dir.path(), &base_json());
    let mut cmd = common::cli::command(
        home.path(),
        &["submit", "--yes", "--api-base", &sb.base, arg(&spec)],
    );
    cmd.env("META_ACCESS_TOKEN", TOKEN)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    // `dcw submit 2>&1 | head -1`: whoever read its output went away.
    let status = tokio::task::spawn_blocking(move || {
        let mut child = cmd.spawn().unwrap();
        drop(child.stdout.take());
        drop(child.stderr.take());
        child.wait().unwrap()
    })
    .await
    .unwrap();
    assert_eq!(status.code(), Some(0), "no panic on a closed pipe");
    one_of_each(&sb.stats().await);
    let listed = launches(home.path()).await;
    assert_eq!(listed[0]["state"], "done", "{listed:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_step_this_dcw_does_not_write_is_kept_and_the_launch_still_resumes() {
    // A newer dcw's step (`video:0`) in a stopped launch, its checksum line removed by hand:
    // the journal reads (not damaged), the launch resumes, and the step is written back as it was.
    let (sb, home, _dir, args) = launched_once().await;
    let journal = journal_files(home.path()).pop().unwrap();
    let good: Value = serde_json::from_str(&std::fs::read_to_string(&journal).unwrap()).unwrap();
    let mut j = good.as_object().unwrap().clone();
    j.remove("checksum");
    j.insert("state".into(), "failed".into());
    j["steps"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"key": "video:0", "name": "a video", "state": "pending"}));
    std::fs::write(&journal, serde_json::to_string_pretty(&j).unwrap()).unwrap();

    let listed = launches(home.path()).await;
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_ne!(listed[0]["state"], "damaged", "{listed:?}");
    let r = run(home.path(), &args).await;
    assert_eq!(r.code, Some(0), "{r}");
    assert!(!r.stderr.contains("damaged"), "{r}");
    one_of_each(&sb.stats().await);
    let after = std::fs::read_to_string(&journal).unwrap();
    assert!(after.contains("\"video:0\""), "the step is kept: {after}");
}
