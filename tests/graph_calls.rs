//! The client's typed calls against the sandbox: accounts, pages, pixels, creates and dry
//! runs, status changes, re-pointing an ad, batches.

use crate::common;

use common::launching::client;
use common::sandbox::*;
use dcw::graph::calls::BatchOp;
use serde_json::{Map, Value, json};

fn object(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

#[tokio::test]
async fn accounts_pages_and_pixels_read_as_typed_values() {
    let sb = start(test_config()).await;
    let c = client(&sb.base, TOKEN);
    let accounts = c.ad_accounts().await.unwrap();
    let currencies: Vec<&str> = accounts.iter().map(|a| a.currency.as_str()).collect();
    assert_eq!(currencies, ["USD", "JPY"]);
    assert_eq!(accounts[0].id, ACT);
    assert_eq!(accounts[0].account_status, 1);
    let pages = c.pages().await.unwrap();
    assert_eq!(pages[0].id, PAGE_ID);
    assert!(pages[0].instagram_business_account.is_some());
    let pixels = c.pixels("1234567890").await.unwrap();
    assert_eq!(pixels[0].id, PIXEL_ID);
}

#[tokio::test]
async fn creates_dry_runs_status_changes_and_repointing_work_through_typed_calls() {
    let sb = start(test_config()).await;
    let c = client(&sb.base, TOKEN);
    let campaign = object(
        json!({"name": "Typed", "objective": "OUTCOME_SALES", "special_ad_categories": [],
        "status": "PAUSED", "is_adset_budget_sharing_enabled": false}),
    );
    c.validate("1234567890", "campaigns", &campaign, false)
        .await
        .unwrap();
    let stats: Value = sb.stats().await;
    assert_eq!(
        stats["objects"]["campaigns"], 0,
        "a dry run creates nothing"
    );
    let id = c
        .create("1234567890", "campaigns", &campaign)
        .await
        .unwrap();
    assert!(id.bytes().all(|b| b.is_ascii_digit()));
    c.set_status(&id, "ACTIVE").await.unwrap();
    let read = c.object(&id, "configured_status,name").await.unwrap();
    assert_eq!(read["configured_status"], "ACTIVE");

    let (_, _, _, ad) = sb.launch(&["Craft beer nights"]).await;
    assert_eq!(
        c.object(&ad, "effective_status").await.unwrap()["effective_status"],
        "DISAPPROVED"
    );
    let hash = sb.image().await;
    let clean = sb.creative(Sb::feed(&hash, &["Boots for winter"])).await;
    c.repoint_ad(&ad, &clean).await.unwrap();
    let read = c.object(&ad, "effective_status,creative").await.unwrap();
    assert_eq!(read["creative"]["id"], clean.as_str());
    assert_eq!(
        read["effective_status"], "PAUSED",
        "reviewed again and approved"
    );
}

#[tokio::test]
async fn a_batch_answers_in_order_with_bodies_read_as_json() {
    let sb = start(test_config()).await;
    let c = client(&sb.base, TOKEN);
    let body = "name=Batch&objective=OUTCOME_SALES&special_ad_categories=%5B%5D&is_adset_budget_sharing_enabled=false";
    let ops = vec![
        BatchOp {
            method: "POST",
            relative_url: "act_1234567890/campaigns".into(),
            body: Some(body.into()),
            name: Some("camp".into()),
        },
        BatchOp {
            method: "GET",
            relative_url: "{result=camp:$.id}?fields=name".into(),
            body: None,
            name: None,
        },
        BatchOp {
            method: "GET",
            relative_url: "me?fields=name".into(),
            body: None,
            name: None,
        },
    ];
    let answers = c.batch(&ops).await.unwrap();
    assert_eq!(answers.len(), 3);
    assert_eq!(answers[0].body, None, "a referenced result is left out");
    assert_eq!(answers[1].code, 200);
    assert_eq!(answers[1].body.as_ref().unwrap()["name"], "Batch");
    assert!(answers[2].body.as_ref().unwrap()["name"].is_string());
}
