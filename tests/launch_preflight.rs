//! Meta's dry runs stop a launch before an ad exists (the launch dry-runs its ads only, each
//! before it is created, and the ad's synchronous review checks what Meta says it checks, never
//! the keyword policy of the full review; the Review step dry-runs the campaign), the launch's
//! shape (what starts together), and the gate keeps a launch under the development tier's limit.

use crate::common;

use common::launching::*;
use common::sandbox::*;
use dcw::launch::{LaunchError, LaunchEvent, LaunchState, LaunchStep, Stage, StepState};
use dcw::sandbox::{SandboxConfig, Tier};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cta_the_objective_does_not_take_is_caught_by_the_ads_dry_run_and_no_ad_is_created() {
    let sb = start(test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::base_json();
    common::set(
        &mut v,
        "creative.asset_feed_spec.call_to_action_types",
        json!(["BOOK_NOW"]),
    );
    let spec = dcw::spec::parse_spec(&v.to_string()).unwrap();
    let (r, _) = run_once(&sb.base, dir.path(), "cta", &spec, None).await;
    match r {
        Err(LaunchError::Rejected {
            step,
            error,
            fields,
        }) => {
            assert_eq!(step, Stage::DryRun(LaunchStep::Ad(0)));
            assert_eq!(
                fields,
                ["creative.asset_feed_spec.call_to_action_types"],
                "Meta's blame mapped to the spec"
            );
            let g = error.graph().expect("Graph's error");
            assert_eq!((g.code, g.error_subcode), (100, Some(1885396)));
            assert!(error.to_string().contains("BOOK_NOW"), "{error}");
        }
        other => panic!("expected the ad's dry run to refuse BOOK_NOW, got {other:?}"),
    }
    let c = counts(&sb.base).await;
    assert_eq!(c["ads"], 0, "{c}");
    let j: dcw::launch::LaunchJournal = dcw::store::load_journal(dir.path(), "cta").unwrap();
    assert_eq!(j.state, LaunchState::Failed);
    assert_eq!(
        j.step("ad:0").unwrap().state,
        StepState::Pending,
        "the ad was never sent"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_ad_in_a_dynamic_creative_ad_set_is_caught_by_the_dry_run() {
    let sb = start(test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let spec = single_spec();
    run_once(&sb.base, dir.path(), "dup", &spec, None)
        .await
        .0
        .unwrap();
    // Forget the ad, as if its journal entry were lost: the ad set already holds one.
    let mut j: dcw::launch::LaunchJournal = dcw::store::load_journal(dir.path(), "dup").unwrap();
    j.step_mut("ad:0").unwrap().state = StepState::Pending;
    j.state = LaunchState::Running;
    dcw::store::save_journal(dir.path(), "dup", &j).unwrap();
    let (r, _) = run_once(&sb.base, dir.path(), "dup", &spec, None).await;
    match r {
        Err(LaunchError::Rejected { step, error, .. }) => {
            assert_eq!(step, Stage::DryRun(LaunchStep::Ad(0)));
            assert_eq!(error.graph().map(|g| g.error_subcode), Some(Some(1885553)));
        }
        other => panic!("expected 1885553 from the dry run, got {other:?}"),
    }
    assert_eq!(counts(&sb.base).await["ads"], 1, "still one ad");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invalid_campaign_is_refused_by_the_review_steps_dry_run_and_by_its_create_which_leaves_only_images()
 {
    let sb = start(test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::base_json();
    // dcw's own rules refuse this too; the pipeline alone (without them) shows what Meta's
    // answers do.
    common::set(&mut v, "campaign.buying_type", json!("RESERVED"));
    let spec = dcw::spec::parse_spec(&v.to_string()).unwrap();
    // The wizard's Review step asks Meta before the buyer presses Y.
    match dcw::launch::session::dry_run(&client(&sb.base, TOKEN), &spec).await {
        Err(LaunchError::Rejected { step, .. }) => {
            assert_eq!(step, Stage::DryRun(LaunchStep::Campaign))
        }
        other => panic!("expected the Review step's dry run to refuse, got {other:?}"),
    }
    let campaign_posts = |s: &serde_json::Value| {
        s["requests"]["by_route"]["POST /act_{id}/campaigns"]
            .as_u64()
            .unwrap_or(0)
    };
    assert_eq!(campaign_posts(&sb.stats().await), 1, "the dry run went out");
    // The launch itself sends no campaign dry run: the create is refused and makes nothing.
    let (r, _) = run_once(&sb.base, dir.path(), "camp", &spec, None).await;
    match r {
        Err(LaunchError::Rejected { step, .. }) => {
            assert_eq!(step, Stage::Write(LaunchStep::Campaign))
        }
        other => panic!("expected the campaign's create to be refused, got {other:?}"),
    }
    assert_eq!(
        campaign_posts(&sb.stats().await),
        2,
        "one create, no dry run"
    );
    let (campaigns, adsets, ads, c) = launched(&sb.base).await;
    assert_eq!((campaigns, adsets, ads), (Some(0), Some(0), Some(0)), "{c}");
    assert_eq!(
        c["adcreatives"], 0,
        "the creative waits for the campaign: {c}"
    );
}

/// The index of the first event `f` picks, or a panic naming `what`.
fn at(events: &[LaunchEvent], what: &str, f: impl Fn(&LaunchEvent) -> bool) -> usize {
    events
        .iter()
        .position(f)
        .unwrap_or_else(|| panic!("no event {what}: {events:#?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_launch_dry_runs_only_its_ads_each_before_it_is_created_and_looks_up_no_fresh_image() {
    let sb = start(test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let (r, events) = run_once(&sb.base, dir.path(), "shape", &audiences_spec(), None).await;
    r.unwrap_or_else(|e| panic!("{e}\n{events:#?}"));
    let stats = sb.stats().await;
    let route = |r: &str| stats["requests"]["by_route"][r].as_u64().unwrap_or(0);
    // One POST per object, and for each of the two ads its dry run besides.
    assert_eq!(route("POST /act_{id}/campaigns"), 1, "{stats}");
    assert_eq!(route("POST /act_{id}/adsets"), 2, "{stats}");
    assert_eq!(route("POST /act_{id}/adcreatives"), 1, "{stats}");
    assert_eq!(route("POST /act_{id}/ads"), 4, "{stats}");
    assert_eq!(route("POST /act_{id}/adimages"), 3, "{stats}");
    assert_eq!(
        route("GET /act_{id}/adimages"),
        0,
        "no earlier launch uploaded these: no lookup before the uploads: {stats}"
    );
    let dry_runs: Vec<&LaunchStep> = events
        .iter()
        .filter_map(|e| match e {
            LaunchEvent::Preflight { key } => Some(key),
            _ => None,
        })
        .collect();
    assert_eq!(dry_runs.len(), 2, "{dry_runs:?}");
    assert!(
        dry_runs.iter().all(|k| matches!(k, LaunchStep::Ad(_))),
        "{dry_runs:?}"
    );
    for i in 0..2 {
        let key = LaunchStep::Ad(i);
        let passed = at(
            &events,
            "dry run",
            |e| matches!(e, LaunchEvent::Preflight { key: k } if *k == key),
        );
        let sent = at(
            &events,
            "ad started",
            |e| matches!(e, LaunchEvent::Started { key: k, .. } if *k == key),
        );
        assert!(
            passed < sent,
            "ad {i}: the dry run comes first: {events:#?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_preflight_a_launch_sends_no_dry_run_at_all() {
    let sb = start(test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let spec = audiences_spec();
    let mut opts = options(dir.path(), None);
    opts.preflight = false;
    launch(client(&sb.base, TOKEN), &spec, dir.path(), "nopre", opts)
        .await
        .unwrap();
    let stats = sb.stats().await;
    let route = |r: &str| stats["requests"]["by_route"][r].as_u64().unwrap_or(0);
    assert_eq!(
        (
            route("POST /act_{id}/campaigns"),
            route("POST /act_{id}/adsets"),
            route("POST /act_{id}/adcreatives"),
            route("POST /act_{id}/ads")
        ),
        (1, 2, 1, 2),
        "one POST per object: {stats}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn campaign_and_uploads_start_together_and_the_creative_goes_while_the_ad_set_is_created() {
    // A slow sandbox, so that each round trip is long against the scheduling of a busy machine.
    let sb = start(SandboxConfig {
        latency: std::time::Duration::from_millis(150),
        ..test_config()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let (r, events) = run_once(&sb.base, dir.path(), "par", &single_spec(), None).await;
    r.unwrap_or_else(|e| panic!("{e}\n{events:#?}"));
    let created = |key: LaunchStep| {
        at(
            &events,
            &format!("{key:?} created"),
            |e| matches!(e, LaunchEvent::Created { key: k, .. } if *k == key),
        )
    };
    let started = |key: LaunchStep| {
        at(
            &events,
            &format!("{key:?} started"),
            |e| matches!(e, LaunchEvent::Started { key: k, .. } if *k == key),
        )
    };
    let campaign = created(LaunchStep::Campaign);
    let uploads: Vec<usize> = events
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            matches!(
                e,
                LaunchEvent::Started {
                    key: LaunchStep::Image(_),
                    ..
                }
            )
        })
        .map(|(i, _)| i)
        .collect();
    assert_eq!(uploads.len(), 3, "{events:#?}");
    assert!(
        uploads.iter().all(|&u| u < campaign),
        "every upload starts before the campaign's answer: {events:#?}"
    );
    let creative = started(LaunchStep::Creative);
    assert!(
        campaign < creative,
        "the creative waits for the campaign: {events:#?}"
    );
    assert!(
        creative < created(LaunchStep::AdSet(0)),
        "the creative is sent while the ad set is being created: {events:#?}"
    );
    let ad = started(LaunchStep::Ad(0));
    assert!(created(LaunchStep::Creative) < ad && created(LaunchStep::AdSet(0)) < ad);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gate_keeps_a_two_audience_launch_under_the_development_tier_limit() {
    let sb = start(SandboxConfig {
        tier: Tier::Limited,
        ..test_config()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    // The account has spent 15 of its 60 points already (reads, 1 point each): the launch
    // (about 35 points, its ads' dry runs included) takes it past 75%, where the gate paces.
    spend_reads(&sb, 15).await;
    let (r, events) = run_once(&sb.base, dir.path(), "dev", &audiences_spec(), None).await;
    let j = r.unwrap_or_else(|e| panic!("the launch was blocked: {e}\n{events:#?}"));
    assert_eq!(j.state, LaunchState::Done);
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, LaunchEvent::Info(i) if i.contains("17") || i.contains("80004"))),
        "no call was refused for the rate limit: {events:#?}"
    );
    let (campaigns, adsets, ads, c) = launched(&sb.base).await;
    assert_eq!((campaigns, adsets, ads), (Some(1), Some(2), Some(2)), "{c}");
    // Past 75% of the 60 points, so the gate had to pace the launch.
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let r = client
        .get(format!("{}/v26.0/act_1234567890", sb.base))
        .query(&[("access_token", TOKEN), ("fields", "currency")])
        .send()
        .await
        .unwrap();
    let usage: serde_json::Value =
        serde_json::from_str(r.headers()["x-ad-account-usage"].to_str().unwrap()).unwrap();
    assert!(usage["acc_id_util_pct"].as_u64().unwrap() >= 75, "{usage}");
}

/// Spends `n` of the demo account's points with reads (1 point each), as another client would.
async fn spend_reads(sb: &Sb, n: usize) {
    for _ in 0..n {
        let r = sb.get("act_1234567890", &[("fields", "currency")]).await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
}

#[tokio::test]
async fn a_launch_held_by_its_accounts_rate_limit_says_so_naming_the_account_and_tier() {
    let sb = start(SandboxConfig {
        tier: Tier::Limited,
        ..test_config()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    // 58 of the Limited tier's 60 points spent already: the launch's first write goes over,
    // the account is blocked for 300 s, and the launch waits.
    spend_reads(&sb, 58).await;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = seen.clone();
    let spec = single_spec();
    let launch = dcw::launch::run_launch(
        client(&sb.base, "launch-test-token"),
        spec.clone(),
        journal(dir.path(), "held", &spec),
        options(dir.path(), None),
        std::sync::Arc::new(move |e| sink.lock().unwrap().push(e)),
    );
    // A deadline only to end the held launch; the note comes within seconds.
    let ended = tokio::time::timeout(std::time::Duration::from_secs(8), launch).await;
    assert!(
        ended.is_err(),
        "the launch was held, not finished: {ended:?}"
    );
    let events = seen.lock().unwrap().clone();
    let notes: Vec<&String> = events
        .iter()
        .filter_map(|e| match e {
            LaunchEvent::Info(i) if i.starts_with("waiting about") => Some(i),
            _ => None,
        })
        .collect();
    assert_eq!(notes.len(), 1, "said once per spell: {events:#?}");
    assert!(
        notes[0].contains("act_1234567890's rate limit (Limited tier)"),
        "{}",
        notes[0]
    );
    assert!(
        notes[0].contains("min"),
        "minutes, not seconds: {}",
        notes[0]
    );
}

#[test]
fn blamed_fields_map_to_the_spec_path_of_the_step_that_sent_them() {
    use dcw::launch::spec_path;
    let spec = audiences_spec();
    let b = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        spec_path(
            &spec,
            &Stage::Write(LaunchStep::Campaign),
            &b(&["objective"])
        ),
        "campaign.objective"
    );
    assert_eq!(
        spec_path(
            &spec,
            &Stage::DryRun(LaunchStep::AdSet(1)),
            &b(&["targeting", "age_min"])
        ),
        "audiences[1].targeting.age_min",
        "the audience sets targeting"
    );
    assert_eq!(
        spec_path(
            &spec,
            &Stage::Write(LaunchStep::AdSet(1)),
            &b(&["optimization_goal"])
        ),
        "ad_set.optimization_goal",
        "the template sets the goal"
    );
    assert_eq!(
        spec_path(&spec, &Stage::Write(LaunchStep::Ad(0)), &b(&["adset_id"])),
        "ad.adset_id"
    );
}

#[test]
fn fewer_assets_read_back_than_sent_gives_one_warning_per_type() {
    use dcw::launch::lost_assets;
    let sent = json!({"titles": [{"text": "a"}, {"text": "b"}, {"text": "c"}], "bodies": [{"text": "x"}],
                      "images": [{"hash": "1"}, {"hash": "2"}]});
    let kept = json!({"titles": [{"text": "a"}], "bodies": [{"text": "x"}], "images": [{"hash": "1"}, {"hash": "2"}],
                      "call_to_actions": [{"type": "SHOP_NOW"}]});
    assert_eq!(
        lost_assets(&sent, &kept),
        ["Meta kept 1 of the 3 titles sent; check the creative in Ads Manager"]
    );
    assert!(lost_assets(&sent, &sent).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn activate_sets_ads_ad_sets_and_the_campaign_active_once_all_exist() {
    let sb = start(test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let mut opts = options(dir.path(), None);
    opts.activate = true;
    let spec = single_spec();
    let events: dcw::launch::EventSink = std::sync::Arc::new(|_| {});
    let j = dcw::launch::run_launch(
        client(&sb.base, TOKEN),
        spec.clone(),
        journal(dir.path(), "act", &spec),
        opts,
        events,
    )
    .await
    .unwrap();
    let c = client(&sb.base, TOKEN);
    for key in ["campaign", "adset:0", "ad:0"] {
        let id = j.created(key).unwrap();
        let read = c
            .object("1234567890", &id, "configured_status,effective_status")
            .await
            .unwrap();
        assert_eq!(read["configured_status"], "ACTIVE", "{key}: {read}");
        assert_eq!(read["effective_status"], "ACTIVE", "{key}: {read}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn images_already_in_the_account_are_found_by_md5_and_not_uploaded_again() {
    let sb = start(test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let spec = single_spec();
    run_once(&sb.base, dir.path(), "first", &spec, None)
        .await
        .0
        .unwrap();
    let uploads =
        |s: &serde_json::Value| s["requests"]["by_route"]["POST /act_{id}/adimages"].as_u64();
    let before = uploads(&sb.stats().await);
    assert_eq!(before, Some(3), "three files uploaded once");
    let (second, events) = run_once(&sb.base, dir.path(), "second", &spec, None).await;
    let second = second.unwrap();
    assert_eq!(
        uploads(&sb.stats().await),
        before,
        "a new launch of the same files uploads nothing"
    );
    let reused = events
        .iter()
        .filter(
            |e| matches!(e, LaunchEvent::Reused { key, .. } if matches!(key, LaunchStep::Image(_))),
        )
        .count();
    assert_eq!(reused, 3, "{events:#?}");
    assert!(second.created("image:images/boots.jpg").is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_the_full_review_rejects_passes_the_ads_synchronous_review_and_the_ad_is_created() {
    let sb = start(test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::base_json();
    common::set(
        &mut v,
        "creative.asset_feed_spec.bodies",
        json!([{"text": "Try our craft beer with your boots."}]),
    );
    let spec = dcw::spec::parse_spec(&v.to_string()).unwrap();
    let (r, events) = run_once(&sb.base, dir.path(), "beer", &spec, None).await;
    let j = r.unwrap_or_else(|e| panic!("Meta's dry run is not its review: {e}"));
    assert!(
        events.contains(&LaunchEvent::Preflight {
            key: LaunchStep::Ad(0)
        }),
        "the ad's dry run ran and passed: {events:#?}"
    );
    let ad = j.created("ad:0").expect("the ad exists");
    let read = client(&sb.base, TOKEN)
        .object("1234567890", &ad, "effective_status,ad_review_feedback")
        .await
        .unwrap();
    assert_eq!(
        read["effective_status"], "DISAPPROVED",
        "the full review rejects it: {read}"
    );
    assert!(
        read["ad_review_feedback"]["global"]["ALCOHOL"].is_string(),
        "{read}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_title_in_no_language_is_refused_by_the_ads_synchronous_review_before_the_ad_exists() {
    let sb = start(test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::base_json();
    common::set(
        &mut v,
        "creative.asset_feed_spec.titles",
        json!([{"text": "Winter boots"}, {"text": "!!! 50 % !!!"}]),
    );
    let spec = dcw::spec::parse_spec(&v.to_string()).unwrap();
    let (r, _) = run_once(&sb.base, dir.path(), "lang", &spec, None).await;
    match r {
        Err(LaunchError::Rejected { step, fields, .. }) => {
            assert_eq!(step, Stage::DryRun(LaunchStep::Ad(0)));
            assert_eq!(fields, ["creative.asset_feed_spec.titles"]);
        }
        other => panic!("expected the ad's synchronous review to refuse, got {other:?}"),
    }
    assert_eq!(counts(&sb.base).await["ads"], 0);
}
