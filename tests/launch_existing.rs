//! Launching into an existing campaign (`campaign.id`): no campaign is created, the campaign is
//! read back and checked first, and the new ad set goes under it.

use crate::common;

use common::launching::{client, launch, launched, options};
use dcw::launch::LaunchError;
use serde_json::{Value, json};

/// The sales example (one ad set) as a launch into campaign `id`.
fn into(id: &str) -> Value {
    let mut v = common::base_json();
    v["campaign"] = json!({"id": id, "name": "Winter Sale DC", "objective": "OUTCOME_SALES"});
    v["ad_set"]["name"] = json!("Winter Sale · round 2");
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spec_with_a_campaign_id_adds_an_ad_set_to_that_campaign_and_creates_no_campaign() {
    let sb = common::sandbox::start(common::sandbox::test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let c = || client(&sb.base, "existing-test");
    let first = launch(
        c(),
        &common::launching::single_spec(),
        dir.path(),
        "e1",
        options(dir.path(), None),
    )
    .await
    .expect("the first launch");
    let campaign = first.created("campaign").unwrap();
    let spec = common::spec(&into(&campaign));
    assert!(
        dcw::spec::validate(&spec, &common::facts_with_images(&spec))
            .iter()
            .all(|f| f.severity != dcw::spec::Severity::Error),
        "the next round's spec validates"
    );
    let second = launch(c(), &spec, dir.path(), "e2", options(dir.path(), None))
        .await
        .expect("the launch into the existing campaign");
    assert_eq!(
        second.created("campaign").as_deref(),
        Some(campaign.as_str())
    );
    let (campaigns, sets, ads, _) = launched(&sb.base).await;
    assert_eq!((campaigns, sets, ads), (Some(1), Some(2), Some(2)));
    let set = second.created("adset:0").unwrap();
    let read = c()
        .object("1234567890", &set, "campaign_id,name")
        .await
        .unwrap();
    assert_eq!(read["campaign_id"].as_str(), Some(campaign.as_str()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_campaign_or_another_objective_stops_the_launch_before_any_ad_set() {
    let sb = common::sandbox::start(common::sandbox::test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let c = || client(&sb.base, "existing-test");
    let first = launch(
        c(),
        &common::launching::single_spec(),
        dir.path(),
        "m1",
        options(dir.path(), None),
    )
    .await
    .unwrap();
    let campaign = first.created("campaign").unwrap();
    let mut traffic = into(&campaign);
    traffic["campaign"]["objective"] = json!("OUTCOME_TRAFFIC");
    traffic["ad_set"]["optimization_goal"] = json!("LINK_CLICKS");
    traffic["ad_set"]
        .as_object_mut()
        .unwrap()
        .remove("promoted_object");
    for (id, v, word) in [
        ("m2", into("999999999999"), "reading the existing campaign"),
        ("m3", traffic, "its objective is OUTCOME_SALES"),
    ] {
        let e = launch(
            c(),
            &common::spec(&v),
            dir.path(),
            id,
            options(dir.path(), None),
        )
        .await
        .unwrap_err();
        assert!(e.to_string().contains(word), "{id}: {e}");
        assert!(!matches!(e, LaunchError::Stopped));
    }
    let (campaigns, sets, _, _) = launched(&sb.base).await;
    assert_eq!(
        (campaigns, sets),
        (Some(1), Some(1)),
        "nothing more was made"
    );
}
