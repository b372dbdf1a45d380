//! Every endpoint of the sandbox over real HTTP: the seeded business, creating each object,
//! reading it back, list edges (fields, filtering, statuses, paging), multi-id reads, updates and
//! deletes. The wire format, batches and the operator's view are in `sandbox_wire.rs`.

use crate::common;

use std::time::Duration;

use base64::Engine;
use common::examples_dir;
use common::sandbox::*;
use md5::{Digest, Md5};
use serde_json::{Value, json};

fn ids(items: &[Value]) -> Vec<&str> {
    items.iter().map(|v| v["id"].as_str().unwrap()).collect()
}

fn md5_hex(bytes: &[u8]) -> String {
    Md5::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn example_image(name: &str) -> Vec<u8> {
    std::fs::read(examples_dir().join("images").join(name)).unwrap()
}

/// `POST /act_…/adimages` with one multipart file.
async fn upload(sb: &Sb, filename: &str, bytes: Vec<u8>) -> Reply {
    let form = reqwest::multipart::Form::new()
        .text("access_token", TOKEN)
        .part(
            "filename",
            reqwest::multipart::Part::bytes(bytes).file_name(filename.to_string()),
        );
    reply(
        sb.client
            .post(sb.url(&format!("{ACT}/adimages")))
            .multipart(form)
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn named_campaign(sb: &Sb, name: &str) -> String {
    sb.post(
        &format!("{ACT}/campaigns"),
        &[
            ("name", name.into()),
            ("objective", "OUTCOME_SALES".into()),
            ("special_ad_categories", "[]".into()),
            ("status", "PAUSED".into()),
            ("is_adset_budget_sharing_enabled", "false".into()),
        ],
    )
    .await
    .id()
}

#[tokio::test]
async fn me_answers_the_user_with_graphs_default_or_the_asked_fields() {
    let sb = start(test_config()).await;
    let bare = sb.get("me", &[]).await;
    assert_eq!(bare.status, 200);
    let id = bare.body["id"].as_str().unwrap();
    assert!(id.bytes().all(|b| b.is_ascii_digit()), "{id}");
    assert!(
        bare.body["name"].is_string(),
        "id and name by default, as Graph"
    );
    let only_id = sb.get("me", &[("fields", "id")]).await;
    assert_eq!(only_id.body, json!({"id": id}));
}

#[tokio::test]
async fn me_adaccounts_lists_the_usd_and_jpy_accounts_with_their_fields() {
    let sb = start(test_config()).await;
    let r = sb
        .get(
            "me/adaccounts",
            &[("fields", "name,currency,timezone_name,account_status")],
        )
        .await;
    let accounts = data(&r);
    assert_eq!(ids(accounts), [ACT, ACT_JPY]);
    assert_eq!(accounts[0]["currency"], "USD");
    assert_eq!(accounts[1]["currency"], "JPY");
    for a in accounts {
        assert_eq!(a["account_status"], 1);
        assert!(a["timezone_name"].as_str().is_some_and(|t| t.contains('/')));
        assert!(a["name"].as_str().is_some_and(|n| !n.is_empty()));
    }
    let bare = sb.get("me/adaccounts", &[]).await;
    assert_eq!(
        data(&bare)[0],
        json!({"id": ACT, "account_id": "1234567890"}),
        "Graph's default fields"
    );
}

#[tokio::test]
async fn me_accounts_lists_the_page_with_its_instagram_account() {
    let sb = start(test_config()).await;
    let r = sb
        .get(
            "me/accounts",
            &[("fields", "name,instagram_business_account")],
        )
        .await;
    let pages = data(&r);
    assert_eq!(ids(pages), [PAGE_ID]);
    assert!(
        pages[0].get("category").is_none(),
        "only the fields asked for"
    );
    assert!(pages[0]["name"].is_string());
    let ig = pages[0]["instagram_business_account"]["id"]
        .as_str()
        .unwrap();
    assert!(!ig.is_empty() && ig.bytes().all(|b| b.is_ascii_digit()));
}

#[tokio::test]
async fn an_ad_account_reads_its_currency_timezone_status_and_name() {
    let sb = start(test_config()).await;
    let fields = [("fields", "currency,timezone_name,account_status,name")];
    let usd = sb.get(ACT, &fields).await;
    assert_eq!(usd.body["id"], ACT);
    assert_eq!(usd.body["currency"], "USD");
    assert_eq!(usd.body["account_status"], 1);
    let jpy = sb.get(ACT_JPY, &fields).await;
    assert_eq!(jpy.body["currency"], "JPY");
    assert_eq!(jpy.body["timezone_name"], "Asia/Tokyo");
    assert_ne!(usd.body["name"], jpy.body["name"]);
}

#[tokio::test]
async fn adspixels_lists_the_accounts_pixel() {
    let sb = start(test_config()).await;
    let r = sb
        .get(&format!("{ACT}/adspixels"), &[("fields", "name")])
        .await;
    assert_eq!(ids(data(&r)), [PIXEL_ID]);
    assert!(data(&r)[0]["name"].is_string());
}

#[tokio::test]
async fn a_campaign_is_created_and_reads_back_with_decoded_parameters() {
    let sb = start(test_config()).await;
    let c = sb.campaign("OUTCOME_SALES").await;
    let r = sb
        .get(&c, &[("fields", "name,objective,special_ad_categories,is_adset_budget_sharing_enabled,configured_status,effective_status,account_id")])
        .await;
    assert_eq!(r.body["id"], c.as_str());
    assert_eq!(r.body["objective"], "OUTCOME_SALES");
    assert_eq!(r.body["special_ad_categories"], json!([]));
    assert_eq!(r.body["is_adset_budget_sharing_enabled"], false);
    assert_eq!(r.body["configured_status"], "PAUSED");
    assert_eq!(r.body["effective_status"], "PAUSED");
    assert_eq!(r.body["account_id"], "1234567890");
}

#[tokio::test]
async fn an_ad_set_reads_back_its_targeting_and_an_empty_review_feedback_string() {
    let sb = start(test_config()).await;
    let c = sb.campaign("OUTCOME_SALES").await;
    let s = sb.ad_set(&c).await;
    let r = sb
        .get(&s, &[("fields", "campaign_id,is_dynamic_creative,daily_budget,targeting,promoted_object,review_feedback")])
        .await;
    assert_eq!(r.body["campaign_id"], c.as_str());
    assert_eq!(r.body["is_dynamic_creative"], true);
    assert_eq!(
        r.body["targeting"]["geo_locations"]["countries"],
        json!(["US"])
    );
    assert_eq!(r.body["promoted_object"]["pixel_id"], PIXEL_ID);
    assert_eq!(r.body["review_feedback"], "[]");
}

#[tokio::test]
async fn adimages_upload_answers_the_md5_hash_url_and_size_under_the_file_name() {
    let sb = start(test_config()).await;
    let bytes = example_image("boots.jpg");
    let r = upload(&sb, "boots.jpg", bytes.clone()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let images = r.body["images"].as_object().unwrap();
    assert_eq!(images.len(), 1);
    let img = &images["boots.jpg"];
    assert_eq!(img["hash"], md5_hex(&bytes));
    assert_eq!(
        (img["width"].as_u64(), img["height"].as_u64()),
        (Some(1080), Some(1080))
    );
    assert_eq!(img["name"], "boots.jpg");
    assert!(img["url"].as_str().unwrap().starts_with("http"), "{img}");
}

#[tokio::test]
async fn adimages_take_base64_bytes() {
    let sb = start(test_config()).await;
    let bytes = example_image("scarf.jpg");
    let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
    let r = sb.post(&format!("{ACT}/adimages"), &[("bytes", b64)]).await;
    let img = &r.body["images"]["bytes"];
    assert_eq!(img["hash"], md5_hex(&bytes), "{}", r.body);
    assert_eq!(
        (img["width"].as_u64(), img["height"].as_u64()),
        (Some(1200), Some(628))
    );
}

#[tokio::test]
async fn adimages_refuse_a_file_without_an_extension_and_a_non_image() {
    let sb = start(test_config()).await;
    let r = upload(&sb, "boots", example_image("boots.jpg")).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.error().0, 100);
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("extension")
    );
    let r = upload(&sb, "notes.txt", b"just some words, no pixels".to_vec()).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.error().0, 100);
    assert!(data(&sb.get(&format!("{ACT}/adimages"), &[]).await).is_empty());
}

#[tokio::test]
async fn adimages_list_filters_by_hashes() {
    let sb = start(test_config()).await;
    let boots = sb.image().await;
    let scarf = upload(&sb, "scarf.jpg", example_image("scarf.jpg"))
        .await
        .body["images"]["scarf.jpg"]["hash"]
        .as_str()
        .unwrap()
        .to_string();
    let all = sb
        .get(&format!("{ACT}/adimages"), &[("fields", "hash,name,width")])
        .await;
    assert_eq!(data(&all).len(), 2);
    let hashes = json!([scarf]).to_string();
    let one = sb
        .get(
            &format!("{ACT}/adimages"),
            &[("fields", "hash,width"), ("hashes", &hashes)],
        )
        .await;
    assert_eq!(data(&one).len(), 1);
    assert_eq!(data(&one)[0]["hash"], scarf.as_str());
    assert_eq!(data(&one)[0]["width"], 1200);
    assert_ne!(boots, scarf);
    // An image is also a node: <account digits>:<hash>.
    let node = sb
        .get(&format!("1234567890:{boots}"), &[("fields", "hash")])
        .await;
    assert_eq!(node.body["hash"], boots.as_str());
}

#[tokio::test]
async fn a_creative_reads_back_with_call_to_actions_and_optimization_type_regular() {
    let sb = start(test_config()).await;
    let h = sb.image().await;
    let k = sb.creative(Sb::feed(&h, &["Boots", "Warm feet"])).await;
    let r = sb
        .get(&k, &[("fields", "name,object_story_spec,asset_feed_spec")])
        .await;
    let feed = &r.body["asset_feed_spec"];
    assert_eq!(feed["call_to_actions"], json!([{"type": "SHOP_NOW"}]));
    assert_eq!(feed["optimization_type"], "REGULAR");
    assert_eq!(
        feed["titles"],
        json!([{"text": "Boots"}, {"text": "Warm feet"}])
    );
    assert_eq!(feed["images"], json!([{"hash": h}]));
    assert_eq!(r.body["object_story_spec"]["page_id"], PAGE_ID);
}

#[tokio::test]
async fn an_ad_with_an_unresolvable_link_reads_with_issues_and_issues_info() {
    let sb = start(test_config()).await;
    let c = sb.campaign("OUTCOME_SALES").await;
    let s = sb.ad_set(&c).await;
    let h = sb.image().await;
    let mut feed = Sb::feed(&h, &["Boots"]);
    feed["link_urls"] = json!([{"website_url": "https://shop.invalid/boots"}]);
    let k = sb.creative(feed).await;
    let a = sb.ad(&s, &k).await.id();
    let fields = [(
        "fields",
        "effective_status,configured_status,ad_review_feedback,issues_info",
    )];
    let r = sb.get(&a, &fields).await;
    assert_eq!(r.body["effective_status"], "WITH_ISSUES");
    assert_eq!(r.body["configured_status"], "PAUSED");
    assert_eq!(r.body["ad_review_feedback"], json!({}));
    let issue = &r.body["issues_info"][0];
    assert_eq!(issue["level"], "AD");
    assert!(
        issue["error_code"].is_i64() && issue["error_message"].is_string(),
        "{issue}"
    );
    // A clean ad has no issues_info at all.
    let (_, _, _, clean) = sb.launch(&["Boots"]).await;
    let r = sb.get(&clean, &fields).await;
    assert_eq!(r.body["effective_status"], "PAUSED");
    assert!(r.body.get("issues_info").is_none(), "{}", r.body);
}

#[tokio::test]
async fn child_edges_list_a_campaigns_ad_sets_and_an_ad_sets_ads() {
    let sb = start(test_config()).await;
    let (c, s1, k, a) = sb.launch(&["Boots"]).await;
    let s2 = sb.ad_set(&c).await;
    let other = sb.campaign("OUTCOME_SALES").await;
    let s3 = sb.ad_set(&other).await;
    let sets = sb
        .get(&format!("{c}/adsets"), &[("fields", "name,campaign_id")])
        .await;
    assert_eq!(ids(data(&sets)), [s1.as_str(), s2.as_str()]);
    assert_eq!(data(&sets)[0]["campaign_id"], c.as_str());
    assert_eq!(
        ids(data(&sb.get(&format!("{other}/adsets"), &[]).await)),
        [s3.as_str()]
    );
    let ads = sb
        .get(&format!("{s1}/ads"), &[("fields", "creative")])
        .await;
    assert_eq!(ids(data(&ads)), [a.as_str()]);
    assert_eq!(data(&ads)[0]["creative"], json!({"id": k}));
    assert!(data(&sb.get(&format!("{s2}/ads"), &[]).await).is_empty());
    assert_eq!(
        ids(data(&sb.get(&format!("{c}/ads"), &[]).await)),
        [a.as_str()]
    );
}

#[tokio::test]
async fn edges_answer_only_the_fields_asked_for() {
    let sb = start(test_config()).await;
    sb.campaign("OUTCOME_SALES").await;
    let r = sb
        .get(&format!("{ACT}/campaigns"), &[("fields", "name,objective")])
        .await;
    let item = data(&r)[0].as_object().unwrap();
    let keys: Vec<&str> = item.keys().map(String::as_str).collect();
    assert_eq!(keys, ["id", "name", "objective"]);
}

#[tokio::test]
async fn filtering_by_name_contain_and_equal() {
    let sb = start(test_config()).await;
    let w1 = named_campaign(&sb, "Winter boots").await;
    let w2 = named_campaign(&sb, "Winter scarves").await;
    let s = named_campaign(&sb, "Summer sandals").await;
    let edge = format!("{ACT}/campaigns");
    let filter =
        |op: &str, v: &str| json!([{"field": "name", "operator": op, "value": v}]).to_string();
    let r = sb
        .get(&edge, &[("filtering", &filter("CONTAIN", "Winter"))])
        .await;
    assert_eq!(ids(data(&r)), [w1.as_str(), w2.as_str()]);
    let r = sb
        .get(&edge, &[("filtering", &filter("EQUAL", "Summer sandals"))])
        .await;
    assert_eq!(ids(data(&r)), [s.as_str()]);
    let r = sb
        .get(&edge, &[("filtering", &filter("EQUAL", "Summer"))])
        .await;
    assert_eq!(r.body, json!({"data": []}), "no match, no paging");
}

#[tokio::test]
async fn ads_filter_by_effective_status_param_and_filtering_in() {
    let sb = start(test_config()).await;
    let (_, _, _, bad) = sb.launch(&["Craft beer nights"]).await;
    let (_, _, _, good) = sb.launch(&["Warm boots"]).await;
    let edge = format!("{ACT}/ads");
    let r = sb
        .get(&edge, &[("effective_status", r#"["DISAPPROVED"]"#)])
        .await;
    assert_eq!(ids(data(&r)), [bad.as_str()]);
    let both = r#"["DISAPPROVED","PAUSED"]"#;
    let r = sb.get(&edge, &[("effective_status", both)]).await;
    assert_eq!(ids(data(&r)), [bad.as_str(), good.as_str()]);
    let f = json!([{"field": "effective_status", "operator": "IN", "value": ["PAUSED", "ACTIVE"]}]);
    let r = sb
        .get(
            &edge,
            &[
                ("filtering", &f.to_string()),
                ("fields", "effective_status"),
            ],
        )
        .await;
    assert_eq!(ids(data(&r)), [good.as_str()]);
    assert_eq!(data(&r)[0]["effective_status"], "PAUSED");
}

#[tokio::test]
async fn paging_follows_after_cursors_and_next_until_the_last_page() {
    let sb = start(test_config()).await;
    let mut made = Vec::new();
    for i in 0..5 {
        made.push(named_campaign(&sb, &format!("Campaign {i}")).await);
    }
    let edge = format!("{ACT}/campaigns");
    let first = sb.get(&edge, &[("limit", "2")]).await;
    assert_eq!(ids(data(&first)), [made[0].as_str(), made[1].as_str()]);
    let after = first.body["paging"]["cursors"]["after"]
        .as_str()
        .unwrap()
        .to_string();
    let next = first.body["paging"]["next"]
        .as_str()
        .expect("next when there is more");
    let second = sb.get(&edge, &[("limit", "2"), ("after", &after)]).await;
    assert_eq!(ids(data(&second)), [made[2].as_str(), made[3].as_str()]);
    // Following `next` as given (with the token added) reads the same page.
    let via_next = reply(
        sb.client
            .get(next)
            .query(&[("access_token", TOKEN)])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(ids(data(&via_next)), ids(data(&second)));
    let after = second.body["paging"]["cursors"]["after"]
        .as_str()
        .unwrap()
        .to_string();
    let last = sb.get(&edge, &[("limit", "2"), ("after", &after)]).await;
    assert_eq!(ids(data(&last)), [made[4].as_str()]);
    assert!(last.body["paging"].get("next").is_none(), "{}", last.body);
    // As Graph (and the Python SDK's comment on it): cursors stay on the last page.
    assert!(last.body["paging"]["cursors"]["after"].is_string());
    let all = sb.get(&edge, &[]).await;
    assert_eq!(data(&all).len(), 5);
    assert!(
        all.body["paging"].get("next").is_none(),
        "one page holds all five"
    );
}

#[tokio::test]
async fn repointing_an_ad_at_a_clean_creative_sends_it_through_review_again() {
    let mut cfg = test_config();
    cfg.review_delay = Duration::from_millis(600);
    let sb = start(cfg).await;
    let (_, s, _, a) = sb.launch(&["Craft beer nights"]).await;
    let fields = [("fields", "effective_status,ad_review_feedback,creative")];
    tokio::time::sleep(Duration::from_millis(650)).await;
    let before = sb.get(&a, &fields).await;
    assert_eq!(before.body["effective_status"], "DISAPPROVED");
    assert!(before.body["ad_review_feedback"]["global"]["ALCOHOL"].is_string());
    let h = sb.image().await;
    let clean = sb.creative(Sb::feed(&h, &["Warm boots"])).await;
    let r = sb
        .post(
            &a,
            &[("creative", json!({"creative_id": clean}).to_string())],
        )
        .await;
    assert_eq!(r.body, json!({"success": true}));
    let pending = sb.get(&a, &fields).await;
    assert_eq!(pending.body["effective_status"], "PENDING_REVIEW");
    assert_eq!(pending.body["creative"], json!({"id": clean}));
    tokio::time::sleep(Duration::from_millis(650)).await;
    let after = sb.get(&a, &fields).await;
    assert_eq!(after.body["effective_status"], "PAUSED");
    assert_eq!(after.body["ad_review_feedback"], json!({}));
    let set = sb.get(&s, &[("fields", "review_feedback")]).await;
    assert_eq!(set.body["review_feedback"], "[]");
}

/// `[configured_status, effective_status]` of an object.
async fn statuses(sb: &Sb, id: &str) -> [String; 2] {
    let r = sb
        .get(id, &[("fields", "configured_status,effective_status")])
        .await;
    ["configured_status", "effective_status"].map(|f| r.body[f].as_str().unwrap().to_string())
}

async fn set_status(sb: &Sb, id: &str, to: &str) -> Reply {
    sb.post(id, &[("status", to.to_string())]).await
}

#[tokio::test]
async fn posting_status_changes_configured_and_derived_statuses() {
    let sb = start(test_config()).await;
    let (c, s, _, a) = sb.launch(&["Boots"]).await;
    assert_eq!(
        set_status(&sb, &s, "ACTIVE").await.body,
        json!({"success": true})
    );
    assert_eq!(
        set_status(&sb, &a, "ACTIVE").await.body,
        json!({"success": true})
    );
    assert_eq!(statuses(&sb, &s).await, ["ACTIVE", "CAMPAIGN_PAUSED"]);
    assert_eq!(statuses(&sb, &a).await, ["ACTIVE", "CAMPAIGN_PAUSED"]);
    set_status(&sb, &c, "ACTIVE").await;
    assert_eq!(statuses(&sb, &s).await, ["ACTIVE", "ACTIVE"]);
    assert_eq!(statuses(&sb, &a).await, ["ACTIVE", "ACTIVE"]);
    set_status(&sb, &s, "PAUSED").await;
    assert_eq!(statuses(&sb, &a).await, ["ACTIVE", "ADSET_PAUSED"]);
    let r = set_status(&sb, &a, "RUNNING").await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.body["error"]["error_data"]["blame_field_specs"],
        json!([["status"]])
    );
}

#[tokio::test]
async fn delete_marks_an_object_deleted_and_hides_it_from_edges() {
    let sb = start(test_config()).await;
    let keep = sb.campaign("OUTCOME_SALES").await;
    let gone = sb.campaign("OUTCOME_SALES").await;
    let r = reply(
        sb.client
            .delete(sb.url(&gone))
            .query(&[("access_token", TOKEN)])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.body, json!({"success": true}));
    let read = sb
        .get(&gone, &[("fields", "configured_status,effective_status")])
        .await;
    assert_eq!(read.body["configured_status"], "DELETED");
    assert_eq!(read.body["effective_status"], "DELETED");
    let edge = format!("{ACT}/campaigns");
    assert_eq!(ids(data(&sb.get(&edge, &[]).await)), [keep.as_str()]);
    // Deleted objects are read by their own id only: an edge filtered on DELETED is refused.
    let deleted = sb
        .get(&edge, &[("effective_status", r#"["DELETED"]"#)])
        .await;
    assert_eq!(deleted.status, 400, "{}", deleted.body);
    assert_eq!(deleted.body["error"]["code"], 100);
    // An archived object is listed only when asked for.
    let shelved = sb.campaign("OUTCOME_SALES").await;
    let r = sb
        .post(&shelved, &[("status", "ARCHIVED".to_string())])
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(ids(data(&sb.get(&edge, &[]).await)), [keep.as_str()]);
    let archived = sb
        .get(&edge, &[("effective_status", r#"["ARCHIVED"]"#)])
        .await;
    assert_eq!(ids(data(&archived)), [shelved.as_str()]);
}

// ---- dcw's own field lists ---------------------------------------------------------------

#[tokio::test]
async fn every_field_dcws_watch_and_fix_ask_for_is_one_the_node_has() {
    use dcw::watch::{AD_FIELDS, DETAIL_FIELDS, NOT_DELETED};
    let sb = start(test_config()).await;
    let (_, s, k, a) = sb.launch(&["Boots"]).await;
    // The watch reads ads on the account's ads edge filtered to their ids (poll.rs `by_ids`).
    let filtering = json!([{"field": "id", "operator": "IN", "value": [a]}]).to_string();
    for fields in [AD_FIELDS, DETAIL_FIELDS] {
        let with_id = format!("id,{fields}");
        let r = sb
            .get(
                &format!("{ACT}/ads"),
                &[
                    ("fields", &with_id),
                    ("filtering", &filtering),
                    ("effective_status", NOT_DELETED),
                ],
            )
            .await;
        assert_eq!(ids(data(&r)), [a.as_str()], "{fields}");
        let r = sb.get(&a, &[("fields", fields)]).await;
        assert_eq!(r.status, 200, "{fields}: {}", r.body);
    }
    let r = sb.get(&a, &[("fields", DETAIL_FIELDS)]).await;
    assert!(r.body["adset"]["review_feedback"].is_string(), "{}", r.body);
    assert!(
        r.body["creative"]["asset_feed_spec"].is_object(),
        "{}",
        r.body
    );

    // The fix reads the ad's creative and kept fields, the old creative, and the ad set it copies.
    use dcw::launch::{AD_KEPT, AD_SET_ALSO_KEPT, CREATIVE_FIELDS};
    let ad: Vec<&str> = ["creative"].into_iter().chain(AD_KEPT).collect();
    let creative: Vec<&str> = CREATIVE_FIELDS.split(',').collect();
    let ad_set: Vec<&str> = dcw::spec::AdSet::FIELDS
        .iter()
        .copied()
        .chain(AD_SET_ALSO_KEPT)
        .collect();
    for (id, names) in [(&a, ad), (&k, creative), (&s, ad_set)] {
        let fields = names.join(",");
        let r = sb.get(id, &[("fields", &fields)]).await;
        assert_eq!(r.status, 200, "{fields}: {}", r.body);
        assert_eq!(&r.body["id"], id.as_str(), "{}", r.body);
    }
}
