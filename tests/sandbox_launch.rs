//! A whole dynamic-creative launch against the in-process sandbox, and its review.

use crate::common;

use common::sandbox::*;
use serde_json::{Value, json};

#[tokio::test]
async fn a_clean_launch_is_created_and_approved_into_its_paused_status() {
    let sb = start(test_config()).await;
    let (c, s, k, a) = sb.launch(&["Boots for real winters", "Warm feet"]).await;
    for id in [&c, &s, &k, &a] {
        assert!(
            id.bytes().all(|b| b.is_ascii_digit()),
            "numeric string id: {id}"
        );
    }
    let ad = sb.get(&a, &[("fields", "effective_status,configured_status,ad_review_feedback,adset_id,campaign_id,creative")]).await;
    assert_eq!(ad.body["effective_status"], "PAUSED");
    assert_eq!(ad.body["configured_status"], "PAUSED");
    assert_eq!(ad.body["ad_review_feedback"], json!({}));
    assert_eq!(ad.body["adset_id"], s.as_str());
    assert_eq!(ad.body["campaign_id"], c.as_str());
    assert_eq!(ad.body["creative"], json!({"id": k}));
    let set = sb
        .get(&s, &[("fields", "review_feedback,effective_status")])
        .await;
    assert_eq!(
        set.body["review_feedback"], "[]",
        "approved DC ad sets read \"[]\" as a string"
    );
    assert_eq!(set.body["effective_status"], "PAUSED");
}

#[tokio::test]
async fn a_rejected_asset_is_named_in_the_ad_sets_review_feedback_string() {
    let sb = start(test_config()).await;
    let (_, s, _, a) = sb
        .launch(&["Boots for real winters", "Craft beer for winter nights"])
        .await;
    let ad = sb
        .get(&a, &[("fields", "effective_status,ad_review_feedback")])
        .await;
    assert_eq!(ad.body["effective_status"], "DISAPPROVED");
    assert!(
        ad.body["ad_review_feedback"]["global"]["ALCOHOL"].is_string(),
        "{}",
        ad.body
    );
    let set = sb.get(&s, &[("fields", "review_feedback")]).await;
    let text = set.body["review_feedback"]
        .as_str()
        .expect("review_feedback is a JSON string");
    let list: Value = serde_json::from_str(text).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["text"], "Craft beer for winter nights");
    assert_eq!(list[0]["reason"], json!(["ALCOHOL"]));
    assert!(list[0]["id"].is_u64());
}

#[tokio::test]
async fn a_new_ad_is_pending_review_until_the_delay_passes() {
    let mut cfg = test_config();
    cfg.review_delay = std::time::Duration::from_secs(1);
    let sb = start(cfg).await;
    let (_, _, _, a) = sb.launch(&["Boots"]).await;
    let ad = sb.get(&a, &[("fields", "effective_status")]).await;
    assert_eq!(ad.body["effective_status"], "PENDING_REVIEW");
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let ad = sb.get(&a, &[("fields", "effective_status")]).await;
    assert_eq!(ad.body["effective_status"], "PAUSED");
}
