//! A rejection read from the sandbox's wire format names the launch's own asset: a body that
//! breaks the alcohol policy comes back in the ad set's `review_feedback` and is found as
//! `Body 2` of the feed that was sent.

use crate::common;

use common::launching::{beer_bodies, client, launch_with_bodies};
use dcw::graph::{FeedbackState, review_feedback};

#[tokio::test]
async fn a_rejected_body_is_named_as_the_launchs_body() {
    let sb = common::sandbox::start(common::sandbox::test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let (j, spec) = launch_with_bodies(
        client(&sb.base, "watch-test"),
        beer_bodies(),
        dir.path(),
        "w1",
    )
    .await;
    let adset = j.created("adset:0").unwrap();
    let c = client(&sb.base, "watch-test");
    // The review delay is zero: the first read has the verdict.
    let read = c
        .object("1234567890", &adset, "review_feedback")
        .await
        .unwrap();
    let fb = review_feedback(read.get("review_feedback"));
    let FeedbackState::Rejected(items) = &fb.state else {
        panic!("expected a rejection: {fb:?}")
    };
    let feed = serde_json::to_value(spec.creative.unwrap().asset_feed_spec.unwrap()).unwrap();
    let named: Vec<String> = items
        .iter()
        .filter_map(|r| dcw::watch::locate(&feed, r, &dcw::watch::AssetFiles::default()))
        .map(|a| a.describe())
        .collect();
    assert_eq!(
        named,
        ["Body 2 «Try our craft beer with your b…»"],
        "{fb:?}"
    );
    assert!(
        items
            .iter()
            .any(|r| r.reasons.iter().any(|x| x == "ALCOHOL"))
    );
}
