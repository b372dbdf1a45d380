//! Submitting from the wizard through the real runner and the sandbox: a launch Meta refuses
//! part-way, fixed and submitted again, keeps what it created (one campaign, not two); and the
//! same draft submitted twice creates nothing the second time.

use crate::common;

use std::time::Duration;

use common::launching::counts;
use common::looping::runner;
use common::wizard::*;
use dcw::tui::Runner;
use dcw::tui::form;
use dcw::tui::{Effect, Msg};
use serde_json::json;

/// Runs the effect and feeds messages back until the launch is done.
async fn launch(
    app: &mut dcw::tui::App,
    runner: &Runner,
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<Msg>,
) {
    let fx = app.submit();
    let submit = fx
        .into_iter()
        .find(|e| matches!(e, Effect::Submit { .. }))
        .expect("a submit");
    runner.run(submit);
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(30), rx.recv())
            .await
            .expect("the launch ends")
            .expect("the runner is alive");
        let done = matches!(msg, Msg::LaunchDone(_));
        app.update(msg);
        if done {
            return;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_launch_fixed_and_resubmitted_keeps_its_campaign() {
    let sb = common::sandbox::start(common::sandbox::test_config()).await;
    let home = tempfile::tempdir().unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let runner = runner(&sb.base, &sb.base, home.path(), tx);
    // An image by a hash the account does not have: Meta refuses the creative, after the
    // campaign and the ad sets exist.
    let mut app = opened("sales-winter-boots.json");
    let n = form::len(&app.draft, "creative.asset_feed_spec.images");
    app.set_value(
        &format!("creative.asset_feed_spec.images[{n}]"),
        json!({"hash": "0123456789abcdef0123456789abcdef"}),
    );
    launch(&mut app, &runner, &mut rx).await;
    let failed = app.review.launch.clone().unwrap();
    assert!(matches!(failed.outcome, Some(Err(_))), "{failed:?}");
    let c = counts(&sb.base).await;
    assert_eq!(c["campaigns"], 1, "{c}");

    // The fix: drop the unknown image, submit again.
    form::remove(
        &mut app.draft,
        &format!("creative.asset_feed_spec.images[{n}]"),
    );
    app.changed("creative.asset_feed_spec.images");
    assert!(
        app.review.launch.is_none(),
        "the refused launch's list gives way to the fixed draft"
    );
    launch(&mut app, &runner, &mut rx).await;
    assert!(app.review.launched(), "{:?}", app.review.launch);
    let c = counts(&sb.base).await;
    assert_eq!(c["campaigns"], 1, "the fixed launch kept the campaign: {c}");
    assert_eq!(c["adsets"], 2, "{c}");
    assert_eq!(c["ads"], 2, "{c}");
    assert_eq!(c["adcreatives"], 1, "{c}");
}

/// The submit effect of the app's draft, and the key its launch is locked and found by.
fn submit_effect(app: &mut dcw::tui::App, api_base: &str) -> (Effect, String) {
    let submit = app
        .submit()
        .into_iter()
        .find(|e| matches!(e, Effect::Submit { .. }))
        .expect("a submit");
    let Effect::Submit { spec, .. } = &submit else {
        unreachable!()
    };
    let key = dcw::launch::launch_key(api_base, spec, std::path::Path::new("."));
    (submit, key)
}

/// Feeds the runner's messages back until the launch ends; its outcome.
async fn outcome(
    app: &mut dcw::tui::App,
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<Msg>,
) -> Result<dcw::launch::LaunchJournal, dcw::launch::LaunchError> {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(30), rx.recv())
            .await
            .expect("the launch ends")
            .expect("the runner is alive");
        if let Msg::LaunchDone(r) = &msg {
            let r = (**r).clone();
            app.update(msg);
            return r;
        }
        app.update(msg);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wizard_is_refused_while_another_dcw_launches_the_spec_and_stopped_by_a_damaged_journal()
 {
    let sb = common::sandbox::start(common::sandbox::test_config()).await;
    let home = tempfile::tempdir().unwrap();
    let launches_dir = home.path().join("data/launches");
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let runner = runner(&sb.base, &sb.base, home.path(), tx);
    let mut app = opened("sales-winter-boots.json");

    // Another process (here: this test) holds the spec's lock.
    let (submit, hash) = submit_effect(&mut app, &sb.base);
    let held = dcw::store::lock_spec(&launches_dir, "1234567890", &hash).unwrap();
    runner.run(submit);
    match outcome(&mut app, &mut rx).await {
        Err(e @ dcw::launch::LaunchError::Held(_)) => {
            assert!(
                e.to_string().contains("another dcw is launching this spec"),
                "{e}"
            );
            assert_eq!(e.exit_code(), 6);
        }
        other => panic!("held: {other:?}"),
    }
    assert_eq!(counts(&sb.base).await["campaigns"], 0, "nothing was sent");
    drop(held);

    // A journal of this spec, damaged: the wizard stops and names it and what exists.
    let journal = serde_json::json!({"id": "20261206-101010-abcdef", "tag": "dcw-abcdef",
        "spec_hash": hash, "account": "1234567890", "steps": "oops"});
    std::fs::create_dir_all(&launches_dir).unwrap();
    let path = launches_dir.join("20261206-101010-abcdef.json");
    std::fs::write(&path, journal.to_string()).unwrap();
    let (submit, _) = submit_effect(&mut app, &sb.base);
    runner.run(submit);
    match outcome(&mut app, &mut rx).await {
        Err(e) => {
            let text = e.to_string();
            assert!(text.contains(&path.display().to_string()), "{text}");
            assert!(text.contains("damaged"), "{text}");
            assert!(
                text.contains("On act_1234567890, nothing named with its tag dcw-abcdef exists"),
                "{text}"
            );
        }
        Ok(j) => panic!("launched over a damaged journal: {j:?}"),
    }
    assert_eq!(counts(&sb.base).await["campaigns"], 0, "nothing was sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_window_submitting_the_same_spec_is_shown_the_first_launch_and_sends_nothing() {
    let sb = common::sandbox::start(common::sandbox::test_config()).await;
    let home = tempfile::tempdir().unwrap();
    // Each window knows only its own drafts' launches.
    let window = |tx| runner(&sb.base, &sb.base, home.path(), tx);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let first = window(tx);
    let mut app = opened("sales-winter-boots.json");
    let (submit, _) = submit_effect(&mut app, &sb.base);
    first.run(submit);
    let launched = outcome(&mut app, &mut rx).await.expect("the first launch");
    let before = counts(&sb.base).await;
    assert_eq!(before["campaigns"], 1, "{before}");

    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let second = window(tx);
    let mut other = opened("sales-winter-boots.json");
    let (submit, _) = submit_effect(&mut other, &sb.base);
    second.run(submit);
    let shown = outcome(&mut other, &mut rx).await.expect("the same launch");
    assert_eq!(shown.id, launched.id, "the first window's launch is shown");
    assert_eq!(counts(&sb.base).await, before, "nothing more was created");
    let notes = &other.review.launch.as_ref().unwrap().notes;
    assert!(
        notes.iter().any(|n| n.contains("launched already")),
        "{notes:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wizard_and_dcw_submit_of_the_same_file_are_one_launch() {
    let sb = common::sandbox::start(common::sandbox::test_config()).await;
    let home = tempfile::tempdir().unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    // Spelled differently from the command line's below: the same Graph.
    let other_spelling = format!("{}/", sb.base.replace("127.0.0.1", "localhost"));
    let runner = runner(&sb.base, &other_spelling, home.path(), tx);
    let mut app = opened("sales-winter-boots.json");
    let (submit, _) = submit_effect(&mut app, &runner.api_base);
    runner.run(submit);
    let launched = outcome(&mut app, &mut rx)
        .await
        .expect("the wizard launches");
    let before = counts(&sb.base).await;
    assert_eq!(before["campaigns"], 1, "{before}");

    let file = common::examples_dir().join("sales-winter-boots.json");
    let run = common::cli::dcw(
        home.path(),
        Some("test-token"),
        &[
            "submit",
            "--yes",
            "--api-base",
            &sb.base,
            file.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(run.code, Some(0), "{run}");
    assert!(run.stderr.contains("launched already"), "{run}");
    assert!(run.stderr.contains(&launched.id), "{run}");
    assert_eq!(counts(&sb.base).await, before, "nothing more was created");
}
