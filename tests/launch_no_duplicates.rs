//! A launch never creates a duplicate: with lost responses, transient errors and the process
//! killed after any journal write, running again ends with exactly one of everything.

use crate::common;

use common::launching::*;
use common::sandbox::*;
use dcw::launch::{LaunchError, LaunchState};
use dcw::sandbox::{FaultKind, SandboxConfig};

fn faulty(kind: FaultKind, rate: f64, seed: u64) -> SandboxConfig {
    SandboxConfig {
        faults: vec![(kind, rate)],
        seed,
        ..test_config()
    }
}

/// Journal writes in a clean single-ad-set launch, found by running one.
async fn clean_write_count() -> usize {
    let sb = start(test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let (r, _) = run_once(&sb.base, dir.path(), "clean", &single_spec(), None).await;
    let j = r.expect("a clean launch succeeds");
    assert_eq!(j.state, LaunchState::Done);
    // Each step is written at least twice (sent, created); count them by re-running with a
    // stop after every write until the run finishes without stopping.
    let mut n = 1;
    loop {
        let sb = start(test_config()).await;
        let dir = tempfile::tempdir().unwrap();
        match run_once(&sb.base, dir.path(), "count", &single_spec(), Some(n))
            .await
            .0
        {
            Err(LaunchError::Stopped) => n += 1,
            Ok(_) => return n,
            Err(e) => panic!("clean run failed: {e}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lost_responses_and_kills_at_every_journal_write_never_duplicate_over_60_seeded_runs() {
    let writes = clean_write_count().await;
    assert!(writes > 10, "a launch journals each step: {writes} writes");
    for seed in 0..60u64 {
        let sb = start(faulty(FaultKind::LostResponse, 0.35, seed)).await;
        let dir = tempfile::tempdir().unwrap();
        let spec = single_spec();
        // First run dies after journal write k (k = 0: it is not killed, only faulted).
        let kill = (seed as usize) % (writes + 1);
        let mut result = run_once(
            &sb.base,
            dir.path(),
            "run",
            &spec,
            (kill > 0).then_some(kill),
        )
        .await
        .0;
        let mut runs = 1;
        while !matches!(&result, Ok(j) if j.state == LaunchState::Done) {
            assert!(
                matches!(
                    result,
                    Err(LaunchError::Stopped) | Err(LaunchError::Network { .. })
                ),
                "seed {seed}: only kills and lost answers stop a run, got {result:?}"
            );
            assert!(runs < 40, "seed {seed}: still not done after {runs} runs");
            result = run_once(&sb.base, dir.path(), "run", &spec, None).await.0;
            runs += 1;
        }
        let c = counts(&sb.base).await;
        assert_eq!(c["campaigns"], 1, "seed {seed}, kill {kill}: {c}");
        assert_eq!(c["adsets"], 1, "seed {seed}, kill {kill}: {c}");
        assert_eq!(c["ads"], 1, "seed {seed}, kill {kill}: {c}");
        assert_eq!(c["adcreatives"], 1, "seed {seed}, kill {kill}: {c}");
        assert_eq!(c["adimages"], 3, "seed {seed}, kill {kill}: {c}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transient_errors_on_thirty_percent_of_calls_do_not_stop_a_launch() {
    for seed in 0..10u64 {
        let sb = start(faulty(FaultKind::ErrorBefore, 0.30, seed)).await;
        let dir = tempfile::tempdir().unwrap();
        let (r, events) = run_once(&sb.base, dir.path(), "t", &audiences_spec(), None).await;
        let j = r.unwrap_or_else(|e| panic!("seed {seed}: {e}\n{events:#?}"));
        assert_eq!(j.state, LaunchState::Done);
        let (campaigns, adsets, ads, c) = launched(&sb.base).await;
        assert_eq!(
            (campaigns, adsets, ads),
            (Some(1), Some(2), Some(2)),
            "seed {seed}: {c}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn running_a_finished_launch_again_creates_nothing() {
    let sb = start(test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let spec = audiences_spec();
    let first = run_once(&sb.base, dir.path(), "again", &spec, None)
        .await
        .0
        .unwrap();
    let (second, events) = run_once(&sb.base, dir.path(), "again", &spec, None).await;
    let second = second.unwrap();
    assert_eq!(first.steps, second.steps, "the same ids");
    assert!(
        events
            .iter()
            .all(|e| !matches!(e, dcw::launch::LaunchEvent::Created { .. })),
        "{events:?}"
    );
    let (campaigns, adsets, ads, c) = launched(&sb.base).await;
    assert_eq!((campaigns, adsets, ads), (Some(1), Some(2), Some(2)), "{c}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kills_at_every_journal_write_of_a_two_audience_launch_never_duplicate() {
    // Ad sets and ads run in parallel here: a kill must stop every task of the run at once.
    for kill in 1..40usize {
        let sb = start(faulty(FaultKind::LostResponse, 0.2, kill as u64)).await;
        let dir = tempfile::tempdir().unwrap();
        let spec = audiences_spec();
        let mut result = run_once(&sb.base, dir.path(), "aud", &spec, Some(kill))
            .await
            .0;
        let mut runs = 1;
        while !matches!(&result, Ok(j) if j.state == LaunchState::Done) {
            assert!(
                runs < 40,
                "kill {kill}: still not done after {runs} runs: {result:?}"
            );
            result = run_once(&sb.base, dir.path(), "aud", &spec, None).await.0;
            runs += 1;
        }
        let c = counts(&sb.base).await;
        assert_eq!(
            (
                c["campaigns"].as_u64(),
                c["adsets"].as_u64(),
                c["ads"].as_u64(),
                c["adcreatives"].as_u64()
            ),
            (Some(1), Some(2), Some(2), Some(1)),
            "kill {kill}: {c}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_step_left_sent_by_a_dead_run_is_looked_up_and_adopted_not_dry_run_again() {
    let sb = start(test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let spec = audiences_spec();
    let first = run_once(&sb.base, dir.path(), "sent", &spec, None)
        .await
        .0
        .unwrap();
    // As if the run died after sending these and before learning the answers.
    let mut j = first.clone();
    for key in ["campaign", "adset:1", "creative", "ad:0", "ad:1"] {
        j.step_mut(key).unwrap().state = dcw::launch::StepState::Sent { attempt: 11 };
    }
    j.state = LaunchState::Running;
    dcw::store::save_journal(dir.path(), "sent", &j).unwrap();
    let (again, events) = run_once(&sb.base, dir.path(), "sent", &spec, None).await;
    let again = again.unwrap_or_else(|e| panic!("{e}\n{events:#?}"));
    assert_eq!(again.steps, first.steps, "every id adopted as it was");
    let (campaigns, adsets, ads, c) = launched(&sb.base).await;
    assert_eq!((campaigns, adsets, ads), (Some(1), Some(2), Some(2)), "{c}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_tags_a_lost_answer_never_adopts_an_earlier_launchs_object_of_the_same_name() {
    let sb = start(test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let spec = single_spec();
    let untagged = |id: &str| dcw::launch::LaunchJournal {
        tag: String::new(),
        steps: dcw::launch::plan(&spec, ""),
        ..journal(dir.path(), id, &spec)
    };
    let c = client(&sb.base, "launch-test-token");
    // `launch_tag: false`: names carry no tag.
    let one = untagged("one");
    dcw::store::save_journal(dir.path(), "one", &one).unwrap();
    let one = launch(
        c.clone(),
        &spec,
        dir.path(),
        "one",
        options(dir.path(), None),
    )
    .await
    .expect("an untagged launch");
    // A second launch of the same spec (`--new`) whose campaign write went out and whose
    // answer was lost: the only campaign of that name is the first launch's.
    let mut two = untagged("two");
    two.step_mut("campaign").unwrap().state = dcw::launch::StepState::Sent { attempt: 1 };
    dcw::store::save_journal(dir.path(), "two", &two).unwrap();
    let two = launch(c, &spec, dir.path(), "two", options(dir.path(), None))
        .await
        .expect("the second launch");
    assert_ne!(
        two.created("campaign"),
        one.created("campaign"),
        "the first launch's campaign is not taken over"
    );
    assert_ne!(two.created("adset:0"), one.created("adset:0"));
    let (campaigns, adsets, ads, c) = launched(&sb.base).await;
    assert_eq!((campaigns, adsets, ads), (Some(2), Some(2), Some(2)), "{c}");
}
