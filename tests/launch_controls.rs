//! Controls of a made launch through `dcw::launch::ops` against an in-process sandbox: a launch
//! turned on by its journal id (children first, the campaign last), paused, a budget changed
//! and read back, a rejected DC ad removed with its ad set, an ad set duplicated; and under
//! faults: a control killed after each of its journal writes resumes without a second write.

use crate::common;

use std::path::Path;
use std::sync::{Arc, Mutex};

use common::launching::{client, run_once, single_spec};
use common::sandbox::{Sb, start, test_config};
use dcw::launch::{
    BudgetChange, Control, ControlOptions, ControlPlan, LaunchEvent, plan_control, run_control,
};
use dcw::store::ControlJournal;
use serde_json::Value;

const TOKEN: &str = "controls-test-token";

fn options(dir: &Path, stop: Option<usize>) -> ControlOptions {
    ControlOptions {
        stop_after_writes: stop,
        retry_backoff: std::time::Duration::from_millis(1),
        ..ControlOptions::standard(dir.to_path_buf())
    }
}

async fn plan(sb: &Sb, dir: &Path, target: &str, c: &Control) -> ControlPlan {
    plan_control(&client(&sb.base, TOKEN), &options(dir, None), "", target, c)
        .await
        .unwrap_or_else(|e| panic!("plan: {e}"))
}

async fn control(
    sb: &Sb,
    dir: &Path,
    target: &str,
    c: &Control,
    stop: Option<usize>,
) -> (
    Result<ControlJournal, dcw::launch::LaunchError>,
    Vec<String>,
) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let events: dcw::launch::EventSink = Arc::new(move |e| {
        if let LaunchEvent::Info(t) = e {
            sink.lock().unwrap().push(t)
        }
    });
    let cl = client(&sb.base, TOKEN);
    let opts = options(dir, stop);
    let p = plan_control(&cl, &opts, "", target, c).await;
    let r = match p {
        Ok(p) => run_control(&cl, p, &opts, events).await,
        Err(e) => Err(e),
    };
    let seen = seen.lock().unwrap().clone();
    (r, seen)
}

async fn launched(sb: &Sb, dir: &Path) -> dcw::launch::LaunchJournal {
    let (r, _) = run_once(&sb.base, dir, "ctl", &single_spec(), None).await;
    r.unwrap()
}

async fn field(sb: &Sb, id: &str, name: &str) -> Value {
    sb.get(id, &[("fields", name)]).await.body[name].clone()
}

/// Status writes the sandbox answered: `POST /<id>` requests.
async fn object_posts(sb: &Sb) -> u64 {
    let stats = sb.stats().await;
    stats["requests"]["by_route"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(route, _)| route.starts_with("POST ") && route.ends_with("/{id}"))
        .map(|(_, n)| n.as_u64().unwrap())
        .sum()
}

/// What is deleted stays so: turning the deleted `ad` on sends nothing, a copy of its deleted
/// ad `set` is refused.
async fn deleted_stays_deleted(sb: &Sb, dir: &Path, ad: &str, set: &str) {
    let p = plan(sb, dir, ad, &Control::Activate).await;
    assert!(p.journal.writes.is_empty(), "{:?}", p.journal.writes);
    assert!(
        p.journal
            .summary
            .iter()
            .any(|s| s.contains("DELETED: left alone")),
        "{:?}",
        p.journal.summary
    );
    let e = plan_control(
        &client(&sb.base, TOKEN),
        &options(dir, None),
        "",
        set,
        &Control::Duplicate,
    )
    .await
    .unwrap_err();
    assert!(e.to_string().contains("DELETED"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_launch_goes_from_paused_to_active_by_its_journal_id_and_back() {
    let sb = start(test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let j = launched(&sb, dir.path()).await;
    let ad = j.created("ad:0").unwrap();
    let set = j.created("adset:0").unwrap();
    let campaign = j.created("campaign").unwrap();
    assert_eq!(field(&sb, &ad, "effective_status").await, "PAUSED");

    let p = plan(&sb, dir.path(), &j.id, &Control::Activate).await;
    let order: Vec<&str> = p.journal.writes.iter().map(|w| w.object.as_str()).collect();
    assert_eq!(
        order,
        [&ad, &set, &campaign],
        "children first, the campaign last"
    );
    assert!(
        p.journal.summary[0].contains("PAUSED → ACTIVE"),
        "{:?}",
        p.journal.summary
    );
    let before = object_posts(&sb).await;
    let (r, _) = control(&sb, dir.path(), &j.id, &Control::Activate, None).await;
    r.unwrap();
    assert_eq!(object_posts(&sb).await - before, 3);
    assert_eq!(field(&sb, &ad, "effective_status").await, "ACTIVE");
    assert_eq!(field(&sb, &campaign, "effective_status").await, "ACTIVE");

    // Again: everything is ACTIVE already, nothing is sent.
    let again = plan(&sb, dir.path(), &j.id, &Control::Activate).await;
    assert!(again.is_empty(), "{:?}", again.journal.summary);

    let p = plan(&sb, dir.path(), &ad, &Control::Pause).await;
    assert_eq!(p.journal.writes.len(), 1, "an ad alone");
    let pause = plan(&sb, dir.path(), &j.id, &Control::Pause).await;
    let order: Vec<&str> = pause
        .journal
        .writes
        .iter()
        .map(|w| w.object.as_str())
        .collect();
    assert_eq!(order, [&campaign, &set, &ad], "the campaign first");
    let (r, _) = control(&sb, dir.path(), &j.id, &Control::Pause, None).await;
    r.unwrap();
    assert_eq!(field(&sb, &ad, "effective_status").await, "PAUSED");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_activation_resumes_without_a_second_write() {
    // Killed after each of its journal writes in turn: the plan, then each write's `sent` and
    // its `created`. Whatever the kill, the next run ends it with one write per object.
    for kill in 1..=6 {
        let sb = start(test_config()).await;
        let dir = tempfile::tempdir().unwrap();
        let j = launched(&sb, dir.path()).await;
        let before = object_posts(&sb).await;
        let (r, _) = control(&sb, dir.path(), &j.id, &Control::Activate, Some(kill)).await;
        assert!(
            matches!(r, Err(dcw::launch::LaunchError::Stopped)),
            "kill {kill}: {r:?}"
        );
        let (r, _) = control(&sb, dir.path(), &j.id, &Control::Activate, None).await;
        let done = r.unwrap_or_else(|e| panic!("kill {kill}: {e}"));
        assert_eq!(
            done.writes.len(),
            3,
            "kill {kill}: the same control resumed"
        );
        assert_eq!(
            object_posts(&sb).await - before,
            3,
            "kill {kill}: one write each"
        );
        let ad = j.created("ad:0").unwrap();
        assert_eq!(field(&sb, &ad, "effective_status").await, "ACTIVE");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_graph_took_before_the_kill_is_read_back_not_sent_again() {
    let sb = start(test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let j = launched(&sb, dir.path()).await;
    let ad = j.created("ad:0").unwrap();
    // Killed right after the ad's write was marked sent, before its answer was saved...
    let (r, _) = control(&sb, dir.path(), &j.id, &Control::Activate, Some(2)).await;
    assert!(matches!(r, Err(dcw::launch::LaunchError::Stopped)));
    // ...and Graph had taken it.
    sb.post(&ad, &[("status", "ACTIVE".into())]).await;
    let before = object_posts(&sb).await;
    let (r, said) = control(&sb, dir.path(), &j.id, &Control::Activate, None).await;
    r.unwrap();
    assert_eq!(
        object_posts(&sb).await - before,
        2,
        "the ad set and campaign only"
    );
    assert!(
        said.iter().any(|s| s.contains("shows it done already")),
        "{said:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_budget_change_reads_back_and_one_under_the_minimum_is_refused() {
    let sb = start(test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let j = launched(&sb, dir.path()).await;
    let set = j.created("adset:0").unwrap();
    let cl = client(&sb.base, TOKEN);
    let opts = options(dir.path(), None);
    let refused = |b: BudgetChange| {
        let (cl, opts, set) = (&cl, &opts, &set);
        async move {
            plan_control(cl, opts, "", set, &Control::Budget(b))
                .await
                .unwrap_err()
                .to_string()
        }
    };
    // The ad set runs 21 days on a lifetime budget: at least $2.50 a day for purchases.
    let low = refused(BudgetChange {
        lifetime: Some("40".into()),
        ..Default::default()
    })
    .await;
    assert!(
        low.contains("under the minimum") && low.contains("$52.50 USD"),
        "{low}"
    );
    let daily = refused(BudgetChange {
        daily: Some("80".into()),
        ..Default::default()
    })
    .await;
    assert!(daily.contains("has a lifetime budget"), "{daily}");
    // An end before the start (or now) is refused; a later one the budget no longer covers too.
    let early = refused(BudgetChange {
        end: Some("2020-01-01 00:00".into()),
        ..Default::default()
    })
    .await;
    assert!(early.contains("is not after"), "{early}");
    let long = refused(BudgetChange {
        end: Some("2045-01-01 00:00".into()),
        ..Default::default()
    })
    .await;
    assert!(
        long.contains("lifetime budget of $500.00 USD is under the minimum"),
        "{long}"
    );

    let c = Control::Budget(BudgetChange {
        lifetime: Some("800".into()),
        end: Some("2030-01-31 09:00".into()),
        ..Default::default()
    });
    let p = plan(&sb, dir.path(), &j.id, &c).await;
    assert!(
        p.journal
            .summary
            .iter()
            .any(|s| s.contains("$500.00 USD → $800.00 USD")),
        "{:?}",
        p.journal.summary
    );
    let (r, _) = control(&sb, dir.path(), &j.id, &c, None).await;
    r.unwrap();
    assert_eq!(field(&sb, &set, "lifetime_budget").await, "80000");
    let end = field(&sb, &set, "end_time").await;
    assert!(
        end.as_str()
            .unwrap()
            .starts_with("2030-01-31T09:00:00-0500"),
        "{end}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dc_ad_is_removed_with_its_ad_set_and_an_ad_set_is_duplicated() {
    let sb = start(test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let j = launched(&sb, dir.path()).await;
    let ad = j.created("ad:0").unwrap();
    let set = j.created("adset:0").unwrap();
    let campaign = j.created("campaign").unwrap();

    let (r, _) = control(&sb, dir.path(), &set, &Control::Duplicate, None).await;
    let done = r.unwrap();
    let copy = match &done.writes[0].state {
        dcw::launch::StepState::Created { id } => id.clone(),
        s => panic!("{s:?}"),
    };
    assert_ne!(copy, set);
    assert_eq!(field(&sb, &copy, "campaign_id").await, campaign.as_str());
    let name = field(&sb, &copy, "name").await;
    assert!(name.as_str().unwrap().ends_with(&done.tag), "{name}");
    let ads = sb.get(&format!("{copy}/ads"), &[("fields", "id")]).await;
    assert_eq!(
        ads.body["data"].as_array().unwrap().len(),
        1,
        "{}",
        ads.body
    );

    let refused = sb.post(&ad, &[("status", "DELETED".into())]).await;
    assert_eq!(refused.error(), (100, Some(1340029)));
    let p = plan(&sb, dir.path(), &ad, &Control::Delete).await;
    assert_eq!(p.journal.writes[0].object, set, "the ad set goes");
    assert!(p.journal.summary.iter().any(|s| s.contains("1340029")));
    let (r, _) = control(&sb, dir.path(), &ad, &Control::Delete, None).await;
    r.unwrap();
    assert_eq!(field(&sb, &set, "effective_status").await, "DELETED");
    assert_eq!(field(&sb, &ad, "effective_status").await, "DELETED");

    deleted_stays_deleted(&sb, dir.path(), &ad, &set).await;
}

/// Two copies of one ad set asked together (two dcw processes planning at once) make one copy:
/// the second, planned before the first ran, is refused and sends nothing; planned again, it
/// makes the copy the buyer then really asks for.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_controls_planned_together_run_once_and_the_stale_one_sends_nothing() {
    let sb = start(test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let j = launched(&sb, dir.path()).await;
    let set = j.created("adset:0").unwrap();
    let campaign = j.created("campaign").unwrap();
    let copies = || async {
        let r = sb
            .get(&format!("{campaign}/adsets"), &[("fields", "id")])
            .await;
        r.body["data"].as_array().unwrap().len()
    };
    assert_eq!(copies().await, 1);
    let first = plan(&sb, dir.path(), &set, &Control::Duplicate).await;
    let second = plan(&sb, dir.path(), &set, &Control::Duplicate).await;
    let cl = client(&sb.base, TOKEN);
    let opts = options(dir.path(), None);
    let sink: dcw::launch::EventSink = std::sync::Arc::new(|_e: LaunchEvent| {});
    run_control(&cl, first, &opts, sink.clone()).await.unwrap();
    assert_eq!(copies().await, 2);
    let e = run_control(&cl, second, &opts, sink.clone())
        .await
        .unwrap_err();
    assert!(
        e.to_string().contains("ran since this one was planned"),
        "{e}"
    );
    assert_eq!(copies().await, 2, "the stale plan sent nothing");
    let again = plan(&sb, dir.path(), &set, &Control::Duplicate).await;
    run_control(&cl, again, &opts, sink).await.unwrap();
    assert_eq!(copies().await, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_ad_meta_will_not_turn_on_offers_the_replacement() {
    let sb = start(test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let (j, _) = common::launching::launch_with_bodies(
        client(&sb.base, TOKEN),
        common::launching::beer_bodies(),
        dir.path(),
        "beer",
    )
    .await;
    let campaign = j.created("campaign").unwrap();
    let (r, _) = control(&sb, dir.path(), &j.id, &Control::Activate, None).await;
    let e = r.unwrap_err();
    assert_eq!(e.exit_code(), 1);
    let text = e.to_string();
    assert!(text.contains("2490468"), "{text}");
    assert!(text.contains("dcw submit test.json --activate"), "{text}");
    // The ad comes first: nothing after it was turned on.
    assert_eq!(field(&sb, &campaign, "effective_status").await, "PAUSED");

    // The rejected Dynamic Creative ad is removed the way Meta allows: with its ad set.
    let ad = j.created("ad:0").unwrap();
    let set = j.created("adset:0").unwrap();
    assert_eq!(field(&sb, &ad, "effective_status").await, "DISAPPROVED");
    let (r, _) = control(&sb, dir.path(), &ad, &Control::Delete, None).await;
    r.unwrap();
    assert_eq!(field(&sb, &set, "effective_status").await, "DELETED");
    assert_eq!(field(&sb, &ad, "effective_status").await, "DELETED");

    deleted_stays_deleted(&sb, dir.path(), &ad, &set).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lost_answers_are_read_back_and_never_sent_twice() {
    // Half of the writes commit and lose their answer: the launch and the activation both
    // read back and go on; each object is written once by the activation.
    let mut config = test_config();
    config.faults = vec![(dcw::sandbox::FaultKind::LostResponse, 0.5)];
    config.seed = 19;
    let sb = start(config).await;
    let dir = tempfile::tempdir().unwrap();
    let j = launched(&sb, dir.path()).await;
    let before = object_posts(&sb).await;
    let (r, said) = control(&sb, dir.path(), &j.id, &Control::Activate, None).await;
    r.unwrap();
    assert_eq!(object_posts(&sb).await - before, 3, "{said:?}");
    assert!(
        said.iter().any(|s| s.contains("shows it done already")),
        "a lost answer was read back: {said:?}"
    );
    // Read through dcw's client, which reads again after a lost answer.
    let cl = client(&sb.base, TOKEN);
    for key in ["ad:0", "adset:0", "campaign"] {
        let id = j.created(key).unwrap();
        let v = cl
            .object(&j.account, &id, "effective_status")
            .await
            .unwrap();
        assert_eq!(v["effective_status"], "ACTIVE", "{key}");
    }
}
