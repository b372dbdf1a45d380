//! Meta's dry runs stop a launch before an ad exists (the ad's synchronous review checks what
//! Meta says it checks, never the keyword policy of the full review), and the gate keeps a
//! launch under the development tier's limit.

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
async fn an_invalid_campaign_is_refused_by_its_dry_run_before_anything_is_created() {
    let sb = start(test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::base_json();
    // dcw's own rules refuse this too; the pipeline alone (without them) shows that Meta's dry
    // run stops the launch before the campaign exists.
    common::set(&mut v, "campaign.buying_type", json!("RESERVED"));
    let spec = dcw::spec::parse_spec(&v.to_string()).unwrap();
    let (r, _) = run_once(&sb.base, dir.path(), "camp", &spec, None).await;
    match r {
        Err(LaunchError::Rejected { step, .. }) => {
            assert_eq!(step, Stage::DryRun(LaunchStep::Campaign))
        }
        other => panic!("expected the campaign's dry run to refuse, got {other:?}"),
    }
    let (campaigns, adsets, ads, c) = launched(&sb.base).await;
    assert_eq!((campaigns, adsets, ads), (Some(0), Some(0), Some(0)), "{c}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gate_keeps_a_two_audience_launch_under_the_development_tier_limit() {
    let sb = start(SandboxConfig {
        tier: Tier::Dev,
        ..test_config()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
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
    // The launch used most of the 60 points, so the gate had to pace it (over 75%).
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
