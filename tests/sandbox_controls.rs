//! The sandbox's controls of a launch: status changes, budget and end-time edits checked against
//! its minimums, the Dynamic Creative ad that goes only with its ad set (1340029), `DELETE` of an
//! ad set taking its ads, and `POST /<adset_id>/copies` in Meta's shape.

use crate::common;

use common::sandbox::{Reply, Sb, TOKEN, reply, start, test_config};
use serde_json::{Value, json};

async fn delete(sb: &Sb, id: &str) -> Reply {
    reply(
        sb.client
            .delete(sb.url(id))
            .form(&[("access_token", TOKEN)])
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn field(sb: &Sb, id: &str, name: &str) -> Value {
    let r = sb.get(id, &[("fields", name)]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body[name].clone()
}

#[tokio::test]
async fn status_changes_turn_a_launch_on_and_off_and_read_back() {
    let sb = start(test_config()).await;
    let (c, s, _k, a) = sb.launch(&["Warm boots"]).await;
    assert_eq!(field(&sb, &a, "effective_status").await, "PAUSED");
    for id in [&a, &s, &c] {
        let r = sb.post(id, &[("status", "ACTIVE".into())]).await;
        assert_eq!(r.body, json!({"success": true}), "{id}");
    }
    assert_eq!(field(&sb, &a, "effective_status").await, "ACTIVE");
    sb.post(&c, &[("status", "PAUSED".into())]).await;
    assert_eq!(field(&sb, &a, "effective_status").await, "CAMPAIGN_PAUSED");
    assert_eq!(field(&sb, &s, "effective_status").await, "CAMPAIGN_PAUSED");
    assert_eq!(field(&sb, &c, "configured_status").await, "PAUSED");
}

#[tokio::test]
async fn a_budget_edit_passes_the_minimum_and_reads_back() {
    let sb = start(test_config()).await;
    let (_c, s, _k, _a) = sb.launch(&["Warm boots"]).await;
    // A purchase goal's minimum is $2.50 a day: $1 is refused as on create.
    let low = sb.post(&s, &[("daily_budget", "100".into())]).await;
    assert_eq!(low.error(), (100, Some(1885272)), "{}", low.body);
    assert_eq!(field(&sb, &s, "daily_budget").await, "2000");
    let ok = sb.post(&s, &[("daily_budget", "8000".into())]).await;
    assert_eq!(ok.body, json!({"success": true}));
    assert_eq!(field(&sb, &s, "daily_budget").await, "8000");
    // A daily ad set does not become a lifetime one.
    let switch = sb.post(&s, &[("lifetime_budget", "50000".into())]).await;
    assert_eq!(switch.error().0, 100, "{}", switch.body);
    let end = sb
        .post(&s, &[("end_time", "2030-12-31T23:00:00+0000".into())])
        .await;
    assert_eq!(end.body, json!({"success": true}));
    assert_eq!(field(&sb, &s, "end_time").await, "2030-12-31T23:00:00+0000");
}

#[tokio::test]
async fn a_dynamic_creative_ad_goes_only_with_its_ad_set() {
    let sb = start(test_config()).await;
    let (_c, s, _k, a) = sb.launch(&["Warm boots"]).await;
    let alone = delete(&sb, &a).await;
    assert_eq!(alone.error(), (100, Some(1340029)), "{}", alone.body);
    let archived = sb.post(&a, &[("status", "ARCHIVED".into())]).await;
    assert_eq!(archived.error(), (100, Some(1340029)));
    assert_eq!(field(&sb, &a, "configured_status").await, "PAUSED");

    let gone = delete(&sb, &s).await;
    assert_eq!(gone.body, json!({"success": true}));
    assert_eq!(field(&sb, &s, "effective_status").await, "DELETED");
    assert_eq!(field(&sb, &a, "effective_status").await, "DELETED");
}

#[tokio::test]
async fn archiving_an_ad_set_archives_its_ads() {
    let sb = start(test_config()).await;
    let (_c, s, _k, a) = sb.launch(&["Warm boots"]).await;
    let r = sb.post(&s, &[("status", "ARCHIVED".into())]).await;
    assert_eq!(r.body, json!({"success": true}));
    assert_eq!(field(&sb, &a, "effective_status").await, "ARCHIVED");
}

#[tokio::test]
async fn an_ad_set_is_copied_with_its_ad_in_metas_shape() {
    let sb = start(test_config()).await;
    let (c, s, k, a) = sb.launch(&["Warm boots"]).await;
    let r = sb
        .post(
            &format!("{s}/copies"),
            &[
                ("deep_copy", "true".into()),
                ("status_option", "PAUSED".into()),
                (
                    "rename_options",
                    json!({"rename_strategy": "DEEP_RENAME", "rename_suffix": " · copy-1"})
                        .to_string(),
                ),
            ],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let copy = r.body["copied_adset_id"].as_str().unwrap().to_string();
    let objects = r.body["ad_object_ids"].as_array().unwrap();
    assert_eq!(objects.len(), 2, "{}", r.body);
    assert_eq!(objects[0]["ad_object_type"], "ad_set");
    assert_eq!(objects[0]["source_id"], s.as_str());
    assert_eq!(objects[1]["ad_object_type"], "ad");
    assert_eq!(objects[1]["source_id"], a.as_str());
    let new_ad = objects[1]["copied_id"].as_str().unwrap();

    let set = sb
        .get(&copy, &[("fields", "name,campaign_id,daily_budget,status")])
        .await;
    assert_eq!(set.body["name"], "Test ad set · copy-1");
    assert_eq!(set.body["campaign_id"], c.as_str(), "the same campaign");
    assert_eq!(set.body["daily_budget"], "2000");
    assert_eq!(set.body["status"], "PAUSED");
    let ad = sb
        .get(new_ad, &[("fields", "name,adset_id,creative,status")])
        .await;
    assert_eq!(ad.body["adset_id"], copy.as_str());
    assert_eq!(ad.body["creative"]["id"], k.as_str());
    assert_eq!(ad.body["name"], "Test ad · copy-1");

    // Without rename options, only the ad set's name changes (the sandbox's own default).
    let plain = sb.post(&format!("{s}/copies"), &[]).await;
    let id = plain.body["copied_adset_id"].as_str().unwrap();
    assert_eq!(plain.body["ad_object_ids"].as_array().unwrap().len(), 1);
    assert_eq!(field(&sb, id, "name").await, "Test ad set - Copy");
    let bad = sb
        .post(&format!("{s}/copies"), &[("status_option", "ON".into())])
        .await;
    assert_eq!(bad.error().0, 100);
}
