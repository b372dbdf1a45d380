//! The sandbox features review monitoring leans on, over real HTTP: nested field expansion
//! (`creative{...}`, `adset{...}`, `campaign{...}`) on single reads, `?ids=` reads and list
//! edges.

mod common;

use common::sandbox::*;
use serde_json::{Value, json};

/// The keys of a JSON object, sorted.
#[track_caller]
fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect();
    k.sort_unstable();
    k
}

/// The `data` of a list edge.
#[track_caller]
fn data(r: &Reply) -> &Vec<Value> {
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["data"]
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {}", r.body))
}

const NESTED: &str = "name,creative{id,asset_feed_spec},adset{id,name,review_feedback,is_dynamic_creative},campaign{id,name}";

/// Checks an ad read with `NESTED`.
#[track_caller]
fn assert_nested(ad: &Value, ids: &(String, String, String, String)) {
    let (c, s, k, a) = ids;
    assert_eq!(
        keys(ad),
        ["adset", "campaign", "creative", "id", "name"],
        "{ad}"
    );
    assert_eq!(ad["id"], a.as_str());
    assert_eq!(keys(&ad["creative"]), ["asset_feed_spec", "id"], "{ad}");
    assert_eq!(ad["creative"]["id"], k.as_str());
    assert_eq!(
        ad["creative"]["asset_feed_spec"]["titles"][0]["text"],
        "Boots for real winters"
    );
    assert_eq!(
        keys(&ad["adset"]),
        ["id", "is_dynamic_creative", "name", "review_feedback"],
        "{ad}"
    );
    assert_eq!(ad["adset"]["id"], s.as_str());
    assert_eq!(ad["adset"]["name"], "Test ad set");
    assert_eq!(ad["adset"]["is_dynamic_creative"], true);
    assert_eq!(
        ad["adset"]["review_feedback"], "[]",
        "computed on the nested read"
    );
    assert_eq!(ad["campaign"], json!({"id": c, "name": "Test campaign"}));
}

#[tokio::test]
async fn an_ad_reads_its_creative_ad_set_and_campaign_as_references() {
    let sb = start(test_config()).await;
    let (c, s, k, a) = sb.launch(&["Boots for real winters"]).await;
    let r = sb
        .get(&a, &[("fields", "name,creative,adset,campaign,adset_id")])
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body,
        json!({"id": a, "name": "Test ad", "creative": {"id": k}, "adset": {"id": s},
               "campaign": {"id": c}, "adset_id": s})
    );
    let set = sb.get(&s, &[("fields", "campaign,campaign_id")]).await;
    assert_eq!(
        set.body,
        json!({"id": s, "campaign": {"id": c}, "campaign_id": c})
    );
}

#[tokio::test]
async fn nested_fields_expand_references_on_a_single_read() {
    let sb = start(test_config()).await;
    let ids = sb.launch(&["Boots for real winters"]).await;
    let r = sb.get(&ids.3, &[("fields", NESTED)]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_nested(&r.body, &ids);
}

#[tokio::test]
async fn nested_fields_expand_on_ids_reads_and_list_edges() {
    let sb = start(test_config()).await;
    let ids = sb.launch(&["Boots for real winters"]).await;
    let (_, s, _, a) = &ids;
    let multi = sb.get("", &[("ids", a.as_str()), ("fields", NESTED)]).await;
    assert_eq!(multi.status, 200, "{}", multi.body);
    assert_nested(&multi.body[a.as_str()], &ids);
    for edge in [format!("{ACT}/ads"), format!("{s}/ads")] {
        let r = sb.get(&edge, &[("fields", NESTED)]).await;
        let items = data(&r);
        assert_eq!(items.len(), 1, "{edge}: {}", r.body);
        assert_nested(&items[0], &ids);
    }
}

#[tokio::test]
async fn nested_reads_carry_computed_fields_and_nest_further() {
    let sb = start(test_config()).await;
    let (c, s, k, a) = sb.launch(&["Boots for real winters"]).await;
    let r = sb
        .get(
            &a,
            &[(
                "fields",
                "adset{effective_status,configured_status,campaign{name,objective}},creative{name}",
            )],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body,
        json!({
            "id": a,
            "adset": {"id": s, "effective_status": "PAUSED", "configured_status": "PAUSED",
                      "campaign": {"id": c, "name": "Test campaign", "objective": "OUTCOME_SALES"}},
            "creative": {"id": k, "name": "Test creative"},
        })
    );
    // An ad set reads its campaign the same way; `.fields(...)` is the other spelling.
    let set = sb
        .get(
            &s,
            &[("fields", "name,campaign.fields(name,effective_status)")],
        )
        .await;
    assert_eq!(
        set.body,
        json!({"id": s, "name": "Test ad set",
               "campaign": {"id": c, "name": "Test campaign", "effective_status": "PAUSED"}})
    );
}

#[tokio::test]
async fn nested_selection_narrows_structs_and_skips_what_is_missing() {
    let sb = start(test_config()).await;
    let (_, _, k, a) = sb.launch(&["Boots for real winters"]).await;
    let r = sb
        .get(
            &k,
            &[(
                "fields",
                "asset_feed_spec{titles,ad_formats},no_such_field{id}",
            )],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body,
        json!({"id": k, "asset_feed_spec": {"titles": [{"text": "Boots for real winters"}],
                                            "ad_formats": ["SINGLE_IMAGE"]}})
    );
    // An empty selection keeps only the id; an unclosed brace is read to the end.
    let r = sb.get(&a, &[("fields", "creative{},adset{name")]).await;
    assert_eq!(r.body["creative"], json!({"id": k}));
    assert_eq!(keys(&r.body["adset"]), ["id", "name"]);
}
