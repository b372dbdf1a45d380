//! Asset results over HTTP: `fetch` sends the documented query, follows every page and joins
//! the rows to the launch's feed (against a small stand-in for Graph); and against the
//! sandbox's insights edge, every breakdown of a launched ad reads and names the launch's
//! own assets.

use crate::common;

use std::sync::{Arc, Mutex};

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use common::launching::{client, launch, options};
use dcw::graph::CallError;
use dcw::watch::insights::{BREAKDOWNS, fetch};
use serde_json::{Value, json};

type Seen = Arc<Mutex<Vec<(String, String)>>>;

/// A Graph stand-in: `/v27.0/<ad>/insights` answers two pages of body rows (the second after
/// cursor `c1`), and an error for ad `bad`. Records each path and query.
async fn fake_graph() -> (String, Seen) {
    async fn insights(
        State(seen): State<Seen>,
        Path(ad): Path<String>,
        RawQuery(q): RawQuery,
    ) -> impl IntoResponse {
        let q = q.unwrap_or_default();
        seen.lock().unwrap().push((ad.clone(), q.clone()));
        if ad == "bad" {
            let e = json!({"error": {"message": "(#100) Invalid breakdown", "type": "OAuthException",
                "code": 100, "fbtrace_id": "Ax1"}});
            return (StatusCode::BAD_REQUEST, axum::Json(e));
        }
        let page = if q.contains("after=c1") {
            json!({"data": [
                {"impressions": "300", "clicks": "30", "spend": "3.00", "reach": "250",
                 "body_asset": {"text": "Free returns all winter.", "id": "602"},
                 "date_start": "2026-11-01", "date_stop": "2026-11-25"}
            ], "paging": {"cursors": {"before": "c1", "after": "c2"}}})
        } else {
            json!({"data": [
                {"impressions": "1000", "clicks": "12", "spend": "9.87", "reach": "800",
                 "actions": [{"action_type": "link_click", "value": "12"}],
                 "body_asset": {"text": "Our warmest boots are back.", "id": "601"},
                 "date_start": "2026-11-01", "date_stop": "2026-11-25"},
                {"impressions": "50", "clicks": "0", "spend": "0.10", "reach": "49",
                 "body_asset": {"text": "A body Meta knows but the feed does not", "id": "603"},
                 "date_start": "2026-11-01", "date_stop": "2026-11-25"}
            // `next` is there as on Graph (dcw follows the cursor, never this link); it names
            // loopback, as everything in tests/ does.
            ], "paging": {"cursors": {"before": "c0", "after": "c1"},
                          "next": "http://127.0.0.1:9/v27.0/1/insights?after=c1"}})
        };
        (StatusCode::OK, axum::Json(page))
    }
    let seen: Seen = Arc::default();
    let app = axum::Router::new()
        .route("/v27.0/{ad}/insights", get(insights))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), seen)
}

fn feed() -> Value {
    json!({
        "images": [{"hash": "aaa111"}],
        "titles": [{"text": "Warm boots"}],
        "bodies": [{"text": "Our warmest boots are back."}, {"text": "Free returns all winter."}],
        "link_urls": [{"website_url": "https://shop.example.com/winter"}],
        "call_to_action_types": ["SHOP_NOW"],
        "ad_formats": ["SINGLE_IMAGE"]
    })
}

/// The query's parameters, decoded.
fn params(q: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(q.as_bytes())
        .into_owned()
        .collect()
}

fn param<'a>(p: &'a [(String, String)], k: &str) -> Option<&'a str> {
    p.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn fetch_sends_the_documented_query_reads_every_page_and_joins_the_feed() {
    let (base, seen) = fake_graph().await;
    let c = client(&base, "insights-test");
    let f = feed();
    let rows = fetch(&c, "1234567890", "1", "body_asset", Some(&f))
        .await
        .unwrap();
    let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Body 2 «Free returns all winter.»",
            "Body 1 «Our warmest boots are back.»",
            "A body Meta knows but the feed does not"
        ],
        "both pages, best first"
    );
    assert_eq!(rows[1].spend, "9.87");
    assert_eq!(rows[1].spend_minor, 987);
    assert_eq!(rows[1].actions, [("link_click".to_string(), 12)]);
    assert_eq!(rows[0].asset.as_ref().map(|a| a.index), Some(1));
    assert!(rows[2].asset.is_none());

    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2, "one request per page: {seen:?}");
    for (ad, q) in &seen {
        assert_eq!(ad, "1");
        let p = params(q);
        assert_eq!(param(&p, "breakdowns"), Some("body_asset"));
        assert_eq!(
            param(&p, "fields"),
            Some("impressions,clicks,spend,reach,actions")
        );
        assert_eq!(param(&p, "date_preset"), Some("maximum"));
    }
    assert_eq!(param(&params(&seen[0].1), "after"), None);
    assert_eq!(param(&params(&seen[1].1), "after"), Some("c1"));
}

#[tokio::test]
async fn fetch_gives_back_graphs_errors_as_they_are() {
    let (base, _) = fake_graph().await;
    let c = client(&base, "insights-test");
    let e = fetch(&c, "1234567890", "bad", "image_asset", None)
        .await
        .unwrap_err();
    match &e {
        CallError::Graph { error, .. } => {
            assert_eq!(error.code, 100);
            assert_eq!(error.fbtrace_id.as_deref(), Some("Ax1"));
        }
        other => panic!("expected Graph's error, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_breakdown_of_a_launched_ad_reads_from_the_sandbox_and_names_the_feed() {
    let sb = common::sandbox::start(common::sandbox::test_config()).await;
    let spec = common::launching::single_spec();
    let dir = tempfile::tempdir().unwrap();
    let mut opts = options(dir.path(), None);
    opts.activate = true;
    let j = launch(
        client(&sb.base, "insights-test"),
        &spec,
        dir.path(),
        "i1",
        opts,
    )
    .await
    .expect("the launch goes through");
    let ad = j.created("ad:0").unwrap();
    let c = client(&sb.base, "insights-test");
    // The feed as sent: Graph's read-back of the creative (images by hash).
    let creative = j.created("creative").unwrap();
    let f = c
        .object("1234567890", &creative, "asset_feed_spec")
        .await
        .unwrap()["asset_feed_spec"]
        .clone();
    let mut totals = None;
    for b in BREAKDOWNS {
        let rows = fetch(&c, "1234567890", &ad, b, Some(&f))
            .await
            .unwrap_or_else(|e| panic!("{b}: {e}"));
        for w in rows.windows(2) {
            assert!(w[0].clicks >= w[1].clicks, "{b}: best first");
        }
        for r in &rows {
            assert!(!r.label.is_empty(), "{b}: {r:?}");
            assert!(r.clicks <= r.impressions, "{b}: {r:?}");
            match b {
                "body_asset" | "title_asset" | "description_asset" | "image_asset"
                | "link_url_asset" => {
                    assert!(
                        r.asset.is_some(),
                        "{b}: a row of the launch's own feed: {r:?}"
                    )
                }
                "call_to_action_asset" => {
                    let ctas = f["call_to_action_types"].to_string();
                    assert!(ctas.contains(&r.label), "{b}: {r:?} in {ctas}");
                }
                "ad_format_asset" => {
                    let formats = f["ad_formats"].to_string();
                    assert!(formats.contains(&r.label), "{b}: {r:?} in {formats}");
                }
                _ => {}
            }
        }
        // One row per asset of the feed, and every kind splits the same ad totals.
        let list = match b {
            "body_asset" => "bodies",
            "title_asset" => "titles",
            "description_asset" => "descriptions",
            "image_asset" => "images",
            "call_to_action_asset" => "call_to_action_types",
            "link_url_asset" => "link_urls",
            "video_asset" => "videos",
            _ => "ad_formats",
        };
        let n = f[list].as_array().map_or(0, Vec::len);
        if n == 0 {
            assert!(rows.is_empty(), "{b}: no such asset in the feed: {rows:?}");
            continue;
        }
        assert!(!rows.is_empty() && rows.len() <= n, "{b}: {rows:?}");
        let sum =
            |g: fn(&dcw::watch::insights::AssetResult) -> i64| rows.iter().map(g).sum::<i64>();
        let t = (
            sum(|r| r.impressions as i64),
            sum(|r| r.clicks as i64),
            sum(|r| r.spend_minor),
        );
        assert!(t.0 > 0, "{b}: a delivering ad has impressions");
        match totals {
            None => totals = Some(t),
            Some(first) => assert_eq!(first, t, "{b}: the same ad totals as the first breakdown"),
        }
    }
}
