//! The Graph versions the sandbox serves (v25.0 to v27.0) and what each refuses: an expired
//! version answers 2635 for the Ads API and serves core Graph as v25.0; a version above v27.0
//! is unknown; root `?ids=` reads are gone; field aliases are refused on v27.0.

use crate::common;

use common::sandbox::*;
use serde_json::{Value, json};

const DEPRECATED: &str = "(#2635) You are calling a deprecated version of the Ads API. Please update to the latest version.";

/// The `error` of a refusal with HTTP 400, Graph's `OAuthException` and this code.
#[track_caller]
fn refused(r: &Reply, code: i64) -> &Value {
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.error(), (code, None), "{}", r.body);
    assert_eq!(r.body["error"]["type"], "OAuthException", "{}", r.body);
    &r.body["error"]
}

/// The version that answered, from Graph's `facebook-api-version` header.
fn answered_as(r: &Reply) -> Option<&str> {
    r.headers
        .get("facebook-api-version")
        .and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn an_expired_version_answers_2635_on_every_ads_api_node_and_edge() {
    let sb = start(test_config()).await;
    let (c, s, cr, a) = sb.launch(&["Boots"]).await;
    let paths = [
        format!("{ACT}/campaigns"),
        ACT.to_string(),
        format!("{ACT}/adimages"),
        c.clone(),
        s.clone(),
        cr.clone(),
        a.clone(),
        format!("{a}/insights"),
        format!("{c}/adsets"),
        format!("{cr}/previews"),
    ];
    for version in ["v24.0", "v23.0", "v2.10"] {
        for path in &paths {
            let r = sb.get_at(version, path, &[]).await;
            let e = refused(&r, 2635);
            assert_eq!(e["message"], DEPRECATED, "{version}/{path}");
        }
    }
    // Writes too, and nothing is written.
    let r = sb
        .post_at(
            "v24.0",
            &format!("{ACT}/campaigns"),
            &[
                ("name", "Old".into()),
                ("objective", "OUTCOME_SALES".into()),
            ],
        )
        .await;
    refused(&r, 2635);
    let r = sb
        .post_at("v24.0", &a, &[("status", "ACTIVE".into())])
        .await;
    refused(&r, 2635);
    assert_eq!(
        data(&sb.get(&format!("{ACT}/campaigns"), &[]).await).len(),
        1
    );
}

#[tokio::test]
async fn an_expired_version_serves_core_graph_as_v25() {
    let sb = start(test_config()).await;
    let r = sb.get_at("v24.0", "me", &[("fields", "id,name")]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["name"], "dcw Sandbox User");
    assert_eq!(answered_as(&r), Some("v25.0"));
    let r = sb.get_at("v24.0", "me/adaccounts", &[]).await;
    assert_eq!(data(&r).len(), 2, "{}", r.body);
    assert_eq!(answered_as(&r), Some("v25.0"));
    // An id the sandbox does not hold is not an Ads object: Graph's usual 100/33, as v25.0.
    let r = sb.get_at("v24.0", "999", &[]).await;
    assert_eq!(r.error(), (100, Some(33)), "{}", r.body);
}

#[tokio::test]
async fn live_versions_answer_as_themselves_and_the_default_is_v27() {
    let sb = start(test_config()).await;
    for v in ["v25.0", "v26.0", "v27.0"] {
        let r = sb.get_at(v, &format!("{ACT}/campaigns"), &[]).await;
        assert_eq!(r.status, 200, "{v}: {}", r.body);
        assert_eq!(answered_as(&r), Some(v));
    }
    assert_eq!(dcw::graph::DEFAULT_API_VERSION, "v27.0");
    let r = sb.get("me", &[]).await;
    assert_eq!(answered_as(&r), Some("v27.0"));
}

#[tokio::test]
async fn a_version_above_v27_or_with_a_minor_number_is_unknown() {
    let sb = start(test_config()).await;
    for v in ["v28.0", "v99.0", "v26.1"] {
        for path in ["me", &format!("{ACT}/campaigns")] {
            let r = sb.get_at(v, path, &[]).await;
            let e = refused(&r, 100);
            let message = e["message"].as_str().unwrap();
            assert!(
                message.contains(&format!("Unknown API version {v}"))
                    && message.contains("v25.0 to v27.0"),
                "{message}"
            );
        }
    }
}

#[tokio::test]
async fn root_ids_reads_are_refused_on_every_version() {
    let sb = start(test_config()).await;
    let (c, _, _, a) = sb.launch(&["Boots"]).await;
    let ids = format!("{c},{a}");
    for v in ["v25.0", "v26.0", "v27.0"] {
        let r = sb.get_at(v, "", &[("ids", &ids), ("fields", "name")]).await;
        let e = refused(&r, 100);
        assert!(
            e["message"].as_str().unwrap().contains("GET /?ids="),
            "{v}: {e}"
        );
        assert_eq!(e["error_data"]["blame_field_specs"], json!([["ids"]]));
    }
}

#[tokio::test]
async fn field_aliases_answer_under_the_alias_before_v27_and_are_refused_on_it() {
    let sb = start(test_config()).await;
    let (c, _, _, a) = sb.launch(&["Boots"]).await;
    let r = sb
        .get_at("v26.0", &c, &[("fields", "name.as(title),objective")])
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["title"], "Test campaign");
    assert!(r.body.get("name").is_none(), "{}", r.body);
    assert_eq!(r.body["objective"], "OUTCOME_SALES");
    for (path, fields) in [
        (c.as_str(), "name.as(title)"),
        (a.as_str(), "id,adset{name.as(set)}"),
    ] {
        let r = sb.get_at("v27.0", path, &[("fields", fields)]).await;
        let e = refused(&r, 100);
        let message = e["message"].as_str().unwrap();
        assert!(
            message.contains("Field aliases are not available on v27.0")
                && message.contains(".as("),
            "{message}"
        );
        assert_eq!(e["error_data"]["blame_field_specs"], json!([["fields"]]));
    }
}

#[tokio::test]
async fn a_batch_operation_takes_the_batch_version_unless_it_names_its_own() {
    let sb = start(test_config()).await;
    let ops = json!([
        {"method": "GET", "relative_url": format!("{ACT}/campaigns")},
        {"method": "GET", "relative_url": format!("v27.0/{ACT}/campaigns")},
        {"method": "GET", "relative_url": "me"},
    ]);
    let r = sb.post_at("v24.0", "", &[("batch", ops.to_string())]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let codes: Vec<Value> = r
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].clone())
        .collect();
    assert_eq!(codes, [json!(400), json!(200), json!(200)], "{}", r.body);
    let first: Value = serde_json::from_str(r.body[0]["body"].as_str().unwrap()).unwrap();
    assert_eq!(first["error"]["code"], 2635);
}
