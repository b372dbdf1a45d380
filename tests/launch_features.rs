//! Advantage+ creative features through a launch: what the spec opts out of reads back off from
//! the sandbox, the read-back names features Meta has on that the spec did not ask for, and a
//! house policy in the config file stops `dcw submit` before anything is sent.

use crate::common;

use std::process::Command;

use common::launching::*;
use common::rules::Edit;
use common::sandbox::*;
use dcw::launch::{LaunchState, LaunchStep};
use serde_json::{Value, json};

fn opting_out_of_two() -> Value {
    common::base_json().with(
        "creative.degrees_of_freedom_spec",
        json!({"creative_features_spec": {
            "text_translation": {"enroll_status": "OPT_OUT"},
            "image_uncrop": {"enroll_status": "OPT_OUT"}
        }}),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spec_opting_out_of_two_features_launches_with_them_off_on_the_read_back() {
    let sb = start(test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let spec = dcw::spec::parse_spec(&opting_out_of_two().to_string()).unwrap();
    let mut opts = options(dir.path(), None);
    opts.never_features = vec!["text_translation".into()];
    let done = launch(
        client(&sb.base, "launch-test-token"),
        &spec,
        dir.path(),
        "f",
        opts,
    )
    .await
    .expect("the launch");
    assert_eq!(done.state, LaunchState::Done);
    let creative = done.created(LaunchStep::Creative).unwrap();
    let read = sb
        .get(&creative, &[("fields", "degrees_of_freedom_spec")])
        .await
        .body;
    let features = &read["degrees_of_freedom_spec"]["creative_features_spec"];
    for key in ["text_translation", "image_uncrop"] {
        assert_eq!(features[key]["enroll_status"], "OPT_OUT", "{key}: {read}");
    }
    // Meta's documented default fills in what the spec said nothing of, and the launch says so.
    assert_eq!(
        features["adapt_to_placement"]["enroll_status"], "OPT_IN",
        "{read}"
    );
    let unasked: Vec<&String> = done
        .warnings
        .iter()
        .filter(|w| w.contains("did not ask for"))
        .collect();
    assert_eq!(unasked.len(), 1, "{:?}", done.warnings);
    assert!(unasked[0].contains("adapt_to_placement"), "{}", unasked[0]);
    assert!(
        !done
            .warnings
            .iter()
            .any(|w| w.contains("text_translation") || w.contains("image_uncrop")),
        "{:?}",
        done.warnings
    );
}

#[test]
fn submit_refuses_a_spec_opting_in_to_a_feature_the_accounts_policy_forbids_naming_it() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    let v = common::base_json();
    let account = v["account_id"].as_str().unwrap().to_string();
    std::fs::write(
        config.join("config.json"),
        json!({"accounts": {account: {"never_features": ["text_translation"]}}}).to_string(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let images = dir.path().join("images");
    std::fs::create_dir_all(&images).unwrap();
    for e in std::fs::read_dir(common::examples_dir().join("images")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), images.join(e.file_name())).unwrap();
    }
    let spec = dir.path().join("spec.json");
    let opted_in = v.with(
        "creative.degrees_of_freedom_spec",
        json!({"creative_features_spec": {"text_translation": {"enroll_status": "OPT_IN"}}}),
    );
    std::fs::write(&spec, opted_in.to_string()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dcw"))
        .arg("submit")
        .arg(&spec)
        .env("DCW_HOME", home.path())
        .env_remove("DCW_TOKEN")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("\"text_translation\" is opted in") && err.contains("nothing was sent"),
        "{err}"
    );
}
