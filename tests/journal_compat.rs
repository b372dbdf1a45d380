//! Journals written before launch steps were typed (`tests/fixtures/journals/`, each written by
//! the code of the time: `launch-done.json` by `dcw submit` of the sales example on the built-in
//! sandbox, the other two by its `save_journal`) read back with the same steps, ids and states,
//! and are written again byte for byte: the step keys on disk did not change.

use std::path::{Path, PathBuf};

use dcw::launch::{LaunchJournal, LaunchState, LaunchStep, StepState};
use dcw::store::{load_journal, save_journal};
use serde_json::Value;

const FIXTURES: [&str; 3] = ["launch-done", "launch-failed", "fix-running"];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/journals")
}

fn raw(id: &str) -> Value {
    let text = std::fs::read_to_string(fixtures().join(format!("{id}.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn journals_of_the_previous_version_read_back_with_the_same_steps_ids_and_states() {
    for id in FIXTURES {
        let j: LaunchJournal = load_journal(&fixtures(), id)
            .unwrap_or_else(|e| panic!("{id}: {e} (its checksum still holds)"));
        let raw = raw(id);
        let steps = raw["steps"].as_array().unwrap();
        assert_eq!(j.steps.len(), steps.len(), "{id}");
        for (typed, raw) in j.steps.iter().zip(steps) {
            let key = raw["key"].as_str().unwrap();
            assert_eq!(typed.key.to_string(), key, "{id}: the same key");
            assert_eq!(typed.name, raw["name"].as_str().unwrap(), "{id} {key}");
            let state = match &typed.state {
                StepState::Pending => ("pending", Value::Null),
                StepState::Sent { attempt } => ("sent", (*attempt).into()),
                StepState::Created { id } => ("created", id.as_str().into()),
                StepState::Failed { error } => ("failed", error.as_str().into()),
                StepState::Transferring { .. } => panic!("{id} {key}: no fixture predates video"),
            };
            assert_eq!(raw["state"], state.0, "{id} {key}");
            let detail = ["attempt", "id", "error"]
                .iter()
                .map(|k| &raw[*k])
                .find(|v| !v.is_null());
            assert_eq!(
                detail.cloned().unwrap_or(Value::Null),
                state.1,
                "{id} {key}"
            );
        }
        assert_eq!(j.id, raw["id"].as_str().unwrap(), "{id}");
        assert_eq!(j.account, raw["account"].as_str().unwrap(), "{id}");
    }

    // And typed, the way dcw now asks for them.
    let done: LaunchJournal = load_journal(&fixtures(), "launch-done").unwrap();
    assert_eq!(done.state, LaunchState::Done);
    assert_eq!(
        done.created(LaunchStep::AdSet(1)).as_deref(),
        Some("120210000000000002")
    );
    assert_eq!(
        done.created(LaunchStep::Image("images/gloves.jpg".into()))
            .as_deref(),
        Some("ad6b955ed452ff4185afd4fe2c89f278")
    );
    let failed: LaunchJournal = load_journal(&fixtures(), "launch-failed").unwrap();
    assert_eq!(failed.state, LaunchState::Failed);
    let at = |k: LaunchStep| failed.step(&k).map(|s| s.state.clone());
    assert_eq!(
        at(LaunchStep::Image("images/scarf.jpg".into())),
        Some(StepState::Sent { attempt: 2 })
    );
    assert!(matches!(
        at(LaunchStep::AdSet(1)),
        Some(StepState::Failed { .. })
    ));
    assert_eq!(at(LaunchStep::Ad(1)), Some(StepState::Pending));
    let fix: LaunchJournal = load_journal(&fixtures(), "fix-running").unwrap();
    assert_eq!(
        fix.fix.as_ref().map(|f| f.ad_id.as_str()),
        Some("120210000000000006")
    );
    assert_eq!(
        fix.step(LaunchStep::AdSet(0)).map(|s| &s.state),
        Some(&StepState::Sent { attempt: 3 })
    );
}

#[test]
fn a_journal_is_written_again_byte_for_byte_as_the_previous_version_wrote_it() {
    let dir = tempfile::tempdir().unwrap();
    for id in FIXTURES {
        let j: LaunchJournal = load_journal(&fixtures(), id).unwrap();
        save_journal(dir.path(), id, &j).unwrap();
        let before = std::fs::read(fixtures().join(format!("{id}.json"))).unwrap();
        let after = std::fs::read(dir.path().join(format!("{id}.json"))).unwrap();
        assert_eq!(
            String::from_utf8(after).unwrap(),
            String::from_utf8(before).unwrap(),
            "{id}: the same keys, key strings and checksum"
        );
    }
}

#[test]
fn a_new_plan_has_the_step_keys_the_previous_version_wrote_for_the_same_spec() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/sales-winter-boots.json"),
    )
    .unwrap();
    let spec = dcw::spec::parse_spec(&text).unwrap();
    let planned: Vec<String> = dcw::launch::plan(&spec, "dcw-83b723")
        .iter()
        .map(|s| {
            serde_json::to_value(&s.key)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let journal = raw("launch-done");
    let written: Vec<&str> = journal["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert_eq!(planned, written);
    let names: Vec<String> = dcw::launch::plan(&spec, "dcw-83b723")
        .into_iter()
        .map(|s| s.name)
        .collect();
    let written_names: Vec<&str> = journal["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, written_names, "and the same names");
}

#[test]
fn watch_finds_the_ads_of_a_journal_of_the_previous_version() {
    let dir = tempfile::tempdir().unwrap();
    for id in FIXTURES {
        std::fs::copy(
            fixtures().join(format!("{id}.json")),
            dir.path().join(format!("{id}.json")),
        )
        .unwrap();
    }
    let targets = dcw::watch::from_journals(dir.path(), "sandbox");
    let ids: Vec<&str> = targets.iter().map(|t| t.ad_id.as_str()).collect();
    // The fix's ad is pending; the launch's two ads are created.
    assert_eq!(ids, ["120210000000000006", "120210000000000005"]);
    assert_eq!(
        targets[0].launch_id.as_deref(),
        Some("20261206-204915-83b723")
    );
    assert_eq!(targets[0].account, "1234567890");
    assert!(
        dcw::watch::from_journals(dir.path(), "http://127.0.0.1:8080").is_empty(),
        "the failed launch on another Graph created no ad"
    );
}
