//! The sandbox features review monitoring leans on, over real HTTP: nested field expansion
//! (`creative{...}`, `adset{...}`, `campaign{...}`) on single reads and list
//! edges.

use crate::common;

use common::sandbox::*;
use dcw::sandbox::SandboxConfig;
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
async fn nested_fields_expand_on_list_edges() {
    let sb = start(test_config()).await;
    let ids = sb.launch(&["Boots for real winters"]).await;
    let (_, s, _, _) = &ids;
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
                "asset_feed_spec{titles,ad_formats},template_url_spec{web}",
            )],
        )
        .await;
    // `template_url_spec` is an AdCreative field this creative has not set: left out, as Graph
    // does (a name the node does not have at all is refused: sandbox_errors.rs).
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

// ---- Insights ----------------------------------------------------------------------------

/// Uploads an example image; returns its hash.
async fn upload(sb: &Sb, name: &str) -> String {
    let bytes = std::fs::read(common::examples_dir().join("images").join(name)).unwrap();
    let form = reqwest::multipart::Form::new()
        .text("access_token", TOKEN)
        .part(
            "filename",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
        );
    let r = reply(
        sb.client
            .post(sb.url(&format!("{ACT}/adimages")))
            .multipart(form)
            .send()
            .await
            .unwrap(),
    )
    .await;
    r.body["images"][name]["hash"]
        .as_str()
        .unwrap_or_else(|| panic!("{}", r.body))
        .to_string()
}

const TITLES: [&str; 3] = [
    "Boots for real winters",
    "Warm feet, all day",
    "Built for snow",
];
const BODIES: [&str; 2] = [
    "Our warmest boots are back.",
    "Lined, waterproof, made to last.",
];

/// A feed with three images, three titles, two bodies, two descriptions, one link, one CTA.
async fn rich_feed(sb: &Sb) -> (Value, Vec<String>) {
    let mut hashes = Vec::new();
    for name in ["boots.jpg", "gloves.jpg", "scarf.jpg"] {
        hashes.push(upload(sb, name).await);
    }
    let feed = json!({
        "images": hashes.iter().map(|h| json!({"hash": h})).collect::<Vec<_>>(),
        "titles": TITLES.iter().map(|t| json!({"text": t})).collect::<Vec<_>>(),
        "bodies": BODIES.iter().map(|t| json!({"text": t})).collect::<Vec<_>>(),
        "descriptions": [{"text": "Free returns"}, {"text": "Ships today"}],
        "link_urls": [{"website_url": "https://shop.example.com/winter"}],
        "call_to_action_types": ["SHOP_NOW"],
        "ad_formats": ["SINGLE_IMAGE"],
    });
    (feed, hashes)
}

/// Campaign, ad set and ad set ACTIVE, so the ad delivers once its review is over.
async fn activate(sb: &Sb, ids: &[&str]) {
    for id in ids {
        let r = sb.post(id, &[("status", "ACTIVE".into())]).await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
}

/// A delivering launch with the rich feed: (campaign, ad set, creative, ad, image hashes).
async fn delivering(sb: &Sb) -> (String, String, String, String, Vec<String>) {
    let c = sb.campaign("OUTCOME_SALES").await;
    let s = sb.ad_set(&c).await;
    let (feed, hashes) = rich_feed(sb).await;
    let k = sb.creative(feed).await;
    let a = sb.ad(&s, &k).await.id();
    activate(sb, &[&c, &s, &a]).await;
    (c, s, k, a, hashes)
}

const METRICS: &str = "impressions,clicks,spend,reach,actions";

async fn insights(sb: &Sb, node: &str, query: &[(&str, &str)]) -> Reply {
    sb.get(&format!("{node}/insights"), query).await
}

/// Rows of an insights read by one breakdown, over the whole delivery.
async fn by(sb: &Sb, node: &str, breakdown: &str) -> Vec<Value> {
    let r = insights(
        sb,
        node,
        &[
            ("breakdowns", breakdown),
            ("fields", METRICS),
            ("date_preset", "maximum"),
            ("limit", "500"),
        ],
    )
    .await;
    data(&r).clone()
}

fn num(v: &Value) -> u64 {
    v.as_str()
        .unwrap_or_else(|| panic!("a number as a string: {v}"))
        .parse()
        .unwrap_or_else(|_| panic!("not a whole number: {v}"))
}

/// Checks what every row has: numbers as strings that hold together, dates, link clicks.
#[track_caller]
fn assert_row_numbers(row: &Value) {
    let impressions = num(&row["impressions"]);
    let clicks = num(&row["clicks"]);
    assert!(impressions > 0 && clicks < impressions, "{row}");
    assert!(num(&row["reach"]) <= impressions, "{row}");
    let spend = row["spend"].as_str().unwrap();
    let (whole, cents) = spend.split_once('.').expect("spend with decimals");
    assert!(
        whole.parse::<u64>().is_ok() && cents.len() == 2 && cents.parse::<u64>().is_ok(),
        "{row}"
    );
    let link = &row["actions"][0];
    assert_eq!(link["action_type"], "link_click", "{row}");
    assert!(num(&link["value"]) <= clicks, "{row}");
    for d in ["date_start", "date_stop"] {
        let text = row[d].as_str().unwrap();
        assert!(
            chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok(),
            "{row}"
        );
    }
}

#[tokio::test]
async fn an_ads_insights_have_one_row_per_asset_in_metas_shapes() {
    let sb = start(test_config()).await;
    let (_, _, _, a, hashes) = delivering(&sb).await;

    let titles = by(&sb, &a, "title_asset").await;
    assert_eq!(titles.len(), 3, "{titles:?}");
    let mut texts = Vec::new();
    let mut asset_ids = Vec::new();
    for row in &titles {
        assert_row_numbers(row);
        let asset = &row["title_asset"];
        assert_eq!(keys(asset), ["id", "text"], "{row}");
        texts.push(asset["text"].as_str().unwrap().to_string());
        let id = asset["id"].as_str().unwrap();
        assert!(id.bytes().all(|b| b.is_ascii_digit()), "{row}");
        asset_ids.push(id.to_string());
    }
    texts.sort();
    let mut want: Vec<String> = TITLES.iter().map(|t| t.to_string()).collect();
    want.sort();
    assert_eq!(texts, want);
    asset_ids.dedup();
    assert_eq!(asset_ids.len(), 3, "asset ids differ");

    let bodies = by(&sb, &a, "body_asset").await;
    assert_eq!(bodies.len(), 2);
    assert_eq!(keys(&bodies[0]["body_asset"]), ["id", "text"]);

    let images = by(&sb, &a, "image_asset").await;
    assert_eq!(images.len(), 3);
    for row in &images {
        assert_row_numbers(row);
        assert_eq!(keys(&row["image_asset"]), ["hash", "id", "url"], "{row}");
        let hash = row["image_asset"]["hash"].as_str().unwrap();
        assert!(hashes.iter().any(|h| h == hash), "{row}");
        assert!(row["image_asset"]["url"].as_str().unwrap().contains(hash));
    }

    let links = by(&sb, &a, "link_url_asset").await;
    assert_eq!(links.len(), 1);
    assert_eq!(keys(&links[0]["link_url_asset"]), ["id", "website_url"]);
    assert_eq!(
        links[0]["link_url_asset"]["website_url"],
        "https://shop.example.com/winter"
    );
    let ctas = by(&sb, &a, "call_to_action_asset").await;
    assert_eq!(keys(&ctas[0]["call_to_action_asset"]), ["id", "name"]);
    assert_eq!(ctas[0]["call_to_action_asset"]["name"], "SHOP_NOW");
    let formats = by(&sb, &a, "ad_format_asset").await;
    assert_eq!(formats[0]["ad_format_asset"], "SINGLE_IMAGE");
    assert_eq!(by(&sb, &a, "description_asset").await.len(), 2);
}

#[tokio::test]
async fn asset_rows_differ_add_up_to_the_ads_totals_and_never_change() {
    let sb = start(test_config()).await;
    let (_, _, _, a, _) = delivering(&sb).await;
    let total = by(&sb, &a, "").await;
    assert_eq!(total.len(), 1, "no breakdown: one row");
    assert_row_numbers(&total[0]);
    for breakdown in [
        "title_asset",
        "body_asset",
        "image_asset",
        "description_asset",
    ] {
        let rows = by(&sb, &a, breakdown).await;
        let sum = |key: &str| rows.iter().map(|r| num(&r[key])).sum::<u64>();
        assert_eq!(
            sum("impressions"),
            num(&total[0]["impressions"]),
            "{breakdown}"
        );
        assert_eq!(sum("clicks"), num(&total[0]["clicks"]), "{breakdown}");
        let mut clicks: Vec<u64> = rows.iter().map(|r| num(&r["clicks"])).collect();
        clicks.sort_unstable();
        clicks.dedup();
        assert_eq!(
            clicks.len(),
            rows.len(),
            "{breakdown}: assets clearly differ: {rows:?}"
        );
        // The asset shown most is also clicked most: "best first" means the same on any column.
        let mut by_impressions = rows.clone();
        by_impressions.sort_by_key(|r| num(&r["impressions"]));
        let mut by_clicks = rows.clone();
        by_clicks.sort_by_key(|r| num(&r["clicks"]));
        assert_eq!(by_impressions, by_clicks, "{breakdown}");
        assert_eq!(
            by(&sb, &a, breakdown).await,
            rows,
            "{breakdown}: the same on every read"
        );
    }
}

#[tokio::test]
async fn insights_answer_in_a_paged_list_with_the_asked_fields_only() {
    let sb = start(test_config()).await;
    let (c, s, _, a, _) = delivering(&sb).await;
    let r = insights(
        &sb,
        &a,
        &[
            ("breakdowns", "[\"body_asset\"]"),
            ("fields", "clicks,impressions,ad_id,adset_name,campaign_id"),
            (
                "time_range",
                r#"{"since":"2020-01-01","until":"2040-12-31"}"#,
            ),
        ],
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let cursors = &r.body["paging"]["cursors"];
    assert!(
        cursors["before"].is_string() && cursors["after"].is_string(),
        "{}",
        r.body
    );
    let row = &data(&r)[0];
    assert_eq!(
        row.as_object().unwrap().keys().collect::<Vec<_>>(),
        [
            "clicks",
            "impressions",
            "ad_id",
            "adset_name",
            "campaign_id",
            "date_start",
            "date_stop",
            "body_asset"
        ]
    );
    assert_eq!(row["date_start"], "2020-01-01");
    assert_eq!(row["date_stop"], "2040-12-31");
    assert_eq!(row["ad_id"], a.as_str());
    assert_eq!(row["adset_name"], "Test ad set");
    assert_eq!(row["campaign_id"], c.as_str());
    let clicks: u64 = row["clicks"].as_str().unwrap().parse().unwrap();
    let impressions: u64 = row["impressions"].as_str().unwrap().parse().unwrap();
    assert!(clicks > 0 && clicks < impressions, "{row}");
    // An ad set reads the same rows (its one ad), without the ad's own id.
    let set = insights(
        &sb,
        &s,
        &[
            ("breakdowns", "body_asset"),
            ("fields", "impressions,ad_id"),
            ("date_preset", "maximum"),
        ],
    )
    .await;
    let ad = insights(
        &sb,
        &a,
        &[
            ("breakdowns", "body_asset"),
            ("fields", "impressions"),
            ("date_preset", "maximum"),
        ],
    )
    .await;
    assert_eq!(data(&set), data(&ad), "ad_id is not an ad set's field");
}

#[tokio::test]
async fn a_campaign_sums_the_ads_of_its_ad_sets_per_asset() {
    let sb = start(test_config()).await;
    let c = sb.campaign("OUTCOME_SALES").await;
    let (feed, _) = rich_feed(&sb).await;
    let k = sb.creative(feed).await;
    let mut ads = Vec::new();
    for _ in 0..2 {
        let s = sb.ad_set(&c).await;
        let a = sb.ad(&s, &k).await.id();
        activate(&sb, &[&s, &a]).await;
        ads.push(a);
    }
    activate(&sb, &[&c]).await;
    let campaign = by(&sb, &c, "title_asset").await;
    assert_eq!(campaign.len(), 3, "one row per asset, shared by both ads");
    let first = by(&sb, &ads[0], "title_asset").await;
    let second = by(&sb, &ads[1], "title_asset").await;
    for row in &campaign {
        assert_row_numbers(row);
        let text = &row["title_asset"]["text"];
        let of = |rows: &[Value]| {
            rows.iter()
                .find(|r| &r["title_asset"]["text"] == text)
                .map(|r| num(&r["impressions"]))
                .unwrap()
        };
        assert_eq!(num(&row["impressions"]), of(&first) + of(&second), "{row}");
    }
}

#[tokio::test]
async fn asset_breakdowns_combine_with_age_and_gender() {
    let sb = start(test_config()).await;
    let (_, _, _, a, _) = delivering(&sb).await;
    let rows = by(&sb, &a, "title_asset,age,gender").await;
    assert_eq!(rows.len(), 3 * 6 * 3, "titles × ages × genders");
    for row in &rows {
        assert!(row["age"].is_string() && row["gender"].is_string(), "{row}");
        assert!(num(&row["clicks"]) < num(&row["impressions"]), "{row}");
    }
    let total: u64 = rows.iter().map(|r| num(&r["impressions"])).sum();
    let plain: u64 = by(&sb, &a, "title_asset")
        .await
        .iter()
        .map(|r| num(&r["impressions"]))
        .sum();
    assert_eq!(total, plain);
}

#[tokio::test]
async fn insights_refuse_what_meta_refuses_with_its_messages() {
    let sb = start(test_config()).await;
    let (_, _, _, a, _) = delivering(&sb).await;
    let message = |r: &Reply| {
        r.body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };

    let two = insights(
        &sb,
        &a,
        &[
            ("breakdowns", "title_asset,body_asset"),
            ("fields", METRICS),
        ],
    )
    .await;
    assert_eq!(two.error(), (100, None), "{}", two.body);
    assert_eq!(
        message(&two),
        "(#100) Current combination of data breakdown columns (action_type, body_asset, title_asset) is invalid"
    );
    let two = insights(
        &sb,
        &a,
        &[
            ("breakdowns", "[\"image_asset\",\"title_asset\"]"),
            ("fields", "impressions"),
        ],
    )
    .await;
    assert_eq!(
        message(&two),
        "(#100) Current combination of data breakdown columns (image_asset, title_asset) is invalid"
    );

    let unknown = insights(&sb, &a, &[("breakdowns", "age,wind_direction")]).await;
    assert_eq!(unknown.error(), (100, None));
    assert!(
        message(&unknown).starts_with("(#100) breakdowns[1] must be one of the following values: ad_format_asset, age, body_asset"),
        "{}",
        unknown.body
    );

    let field = insights(&sb, &a, &[("fields", "impressions,frobs")]).await;
    assert_eq!(field.error(), (100, None));
    assert!(
        message(&field).starts_with("(#100) frobs is not valid for fields param."),
        "{}",
        field.body
    );
    let preset = insights(&sb, &a, &[("date_preset", "lifetime")]).await;
    assert_eq!(preset.error(), (100, None));
    assert!(message(&preset).contains("date_preset must be one of the following values"));
    let range = insights(&sb, &a, &[("time_range", r#"{"since":"2026-02-01"}"#)]).await;
    assert_eq!(range.error(), (100, None));
    // A creative has no insights edge.
    let (_, _, k, _, _) = delivering(&sb).await;
    assert_eq!(insights(&sb, &k, &[]).await.error(), (100, None));
}

#[tokio::test]
async fn only_a_delivering_ad_has_insights() {
    let sb = start(test_config()).await;
    let q = [("breakdowns", "title_asset"), ("date_preset", "maximum")];
    // Paused (the launch leaves everything PAUSED).
    let (_, s, _, a) = sb.launch(&["Boots for real winters"]).await;
    assert_eq!(insights(&sb, &a, &q).await.body, json!({"data": []}));
    assert_eq!(insights(&sb, &s, &q).await.body, json!({"data": []}));
    // Disapproved.
    let (c, s, _, a) = sb.launch(&["Craft beer club"]).await;
    activate(&sb, &[&c, &s]).await;
    let on = sb.post(&a, &[("status", "ACTIVE".into())]).await;
    assert_eq!(
        on.error(),
        (100, Some(2490468)),
        "a rejected ad is not turned on"
    );
    let status = sb.get(&a, &[("fields", "effective_status")]).await;
    assert_eq!(status.body["effective_status"], "DISAPPROVED");
    assert_eq!(insights(&sb, &a, &q).await.body, json!({"data": []}));
    // Still in review.
    let slow = start(SandboxConfig {
        review_delay: std::time::Duration::from_secs(3600),
        ..test_config()
    })
    .await;
    let (_, _, _, a, _) = delivering(&slow).await;
    let status = slow.get(&a, &[("fields", "effective_status")]).await;
    assert_eq!(status.body["effective_status"], "PENDING_REVIEW");
    assert_eq!(insights(&slow, &a, &q).await.body, json!({"data": []}));
    // Delivering, but the default range (`last_30d`) ends yesterday, before it started.
    let (_, _, _, a, _) = delivering(&sb).await;
    let r = insights(&sb, &a, &[("breakdowns", "title_asset")]).await;
    assert_eq!(r.body, json!({"data": []}), "last_30d excludes today");
    let r = insights(
        &sb,
        &a,
        &[("breakdowns", "title_asset"), ("date_preset", "today")],
    )
    .await;
    assert_eq!(data(&r).len(), 3);
}

#[tokio::test]
async fn insights_reads_are_charged_like_any_read() {
    let sb = start(SandboxConfig {
        tier: dcw::sandbox::Tier::Limited,
        ..test_config()
    })
    .await;
    let (_, _, _, a, _) = delivering(&sb).await;
    let before = insights(&sb, &a, &[("date_preset", "today")]).await;
    let after = insights(&sb, &a, &[("date_preset", "today")]).await;
    let pct = |r: &Reply| -> u64 {
        let h: Value =
            serde_json::from_str(r.headers["x-ad-account-usage"].to_str().unwrap()).unwrap();
        h["acc_id_util_pct"].as_u64().unwrap()
    };
    assert!(
        pct(&after) > pct(&before),
        "{:?} {:?}",
        before.headers,
        after.headers
    );
    let stats = sb.stats().await;
    assert_eq!(
        stats["requests"]["by_route"]["GET /{id}/insights"], 2,
        "{stats}"
    );
}

#[tokio::test]
async fn many_insights_rows_page_with_cursors() {
    let sb = start(test_config()).await;
    let (_, _, _, a, _) = delivering(&sb).await;
    let q = [
        ("breakdowns", "title_asset,age,gender"),
        ("fields", "impressions"),
        ("date_preset", "maximum"),
    ];
    let first = insights(&sb, &a, &q).await;
    assert_eq!(data(&first).len(), 25, "Graph's default page");
    let next = first.body["paging"]["next"].as_str().expect("a next link");
    let mut rows = data(&first).clone();
    let mut url = next.to_string();
    loop {
        let r = reply(sb.client.get(&url).send().await.unwrap()).await;
        rows.extend(data(&r).iter().cloned());
        match r.body["paging"]["next"].as_str() {
            Some(n) => url = n.to_string(),
            None => break,
        }
    }
    assert_eq!(rows.len(), 54);
}

// ---- The simulated clock -----------------------------------------------------------------

use std::time::{Duration, SystemTime};

fn handle(sb: &Sb) -> &dcw::sandbox::SandboxHandle {
    sb.handle.as_ref().expect("a running sandbox")
}

/// A Graph time (`2026-11-25T12:00:00+0000`) as a moment.
fn graph_time(v: &Value) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_str(v.as_str().unwrap(), "%Y-%m-%dT%H:%M:%S%z")
        .unwrap_or_else(|e| panic!("{v}: {e}"))
}

fn slow_review() -> SandboxConfig {
    SandboxConfig {
        review_delay: Duration::from_secs(3600),
        ..test_config()
    }
}

#[tokio::test]
async fn advancing_the_clock_ends_reviews_and_moves_their_updated_time() {
    let sb = start(slow_review()).await;
    let (_, _, _, a) = sb.launch(&["Boots for real winters"]).await;
    let fields = [("fields", "effective_status,created_time,updated_time")];
    let before = sb.get(&a, &fields).await.body;
    assert_eq!(before["effective_status"], "PENDING_REVIEW");
    assert_eq!(before["created_time"], before["updated_time"]);
    let later = handle(&sb).advance(Duration::from_secs(3599));
    assert!(later > SystemTime::now() + Duration::from_secs(3500));
    let still = sb.get(&a, &fields).await.body;
    assert_eq!(
        still["effective_status"], "PENDING_REVIEW",
        "a second early"
    );
    handle(&sb).advance(Duration::from_secs(2));
    let after = sb.get(&a, &fields).await.body;
    assert_eq!(
        after["effective_status"], "PAUSED",
        "approved, and created PAUSED"
    );
    let took = graph_time(&after["updated_time"]) - graph_time(&after["created_time"]);
    assert_eq!(
        took.num_seconds(),
        3600,
        "updated when the review ended: {after}"
    );
}

#[tokio::test]
async fn new_objects_are_stamped_with_the_simulated_time() {
    let sb = start(test_config()).await;
    let now = handle(&sb).advance(Duration::from_secs(10 * 86_400));
    let c = sb.campaign("OUTCOME_SALES").await;
    let read = sb.get(&c, &[("fields", "created_time")]).await.body;
    let created = graph_time(&read["created_time"]);
    let now: chrono::DateTime<chrono::Utc> = now.into();
    assert!((created.timestamp() - now.timestamp()).abs() <= 2, "{read}");
    let now_again: chrono::DateTime<chrono::Utc> = handle(&sb).now().into();
    assert!(now_again >= now);
}

#[tokio::test]
async fn post_sandbox_clock_advances_and_answers_the_new_now() {
    let sb = start(test_config()).await;
    let url = format!("{}/_sandbox/clock", sb.base);
    let r = reply(
        sb.client
            .post(&url)
            .form(&[("advance_seconds", "7200")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(keys(&r.body), ["advanced_seconds", "now"]);
    assert_eq!(r.body["advanced_seconds"], 7200);
    let now = chrono::DateTime::parse_from_rfc3339(r.body["now"].as_str().unwrap()).unwrap();
    let ahead = now.timestamp() - chrono::Utc::now().timestamp();
    assert!((7190..=7210).contains(&ahead), "{}", r.body);
    let told = reply(sb.client.get(&url).send().await.unwrap()).await;
    assert_eq!(told.body["offset_seconds"], 7200);
    for bad in ["-5", "soon", "1e3", ""] {
        let r = reply(
            sb.client
                .post(&url)
                .form(&[("advance_seconds", bad)])
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(r.status, 400, "{bad}: {}", r.body);
        assert_eq!(r.error(), (100, None));
    }
    let stats = sb.stats().await;
    assert_eq!(stats["clock"]["offset_seconds"], 7200, "{stats}");
    assert_eq!(
        stats["requests"]["total"], 0,
        "the clock is not a Graph request"
    );
}

#[tokio::test]
async fn rate_limit_blocks_lift_and_scores_decay_on_the_simulated_clock() {
    let sb = start(SandboxConfig {
        tier: dcw::sandbox::Tier::Limited,
        ..test_config()
    })
    .await;
    assert_eq!(sb.stats().await["throttled"], 0);
    for _ in 0..60 {
        let r = sb.get(ACT, &[("fields", "name")]).await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    assert_eq!(sb.get(ACT, &[]).await.error(), (17, Some(2446079)));
    assert_eq!(sb.get(ACT, &[]).await.error().0, 80004);
    assert_eq!(sb.stats().await["throttled"], 2);
    handle(&sb).advance(Duration::from_secs(301));
    let r = sb.get(ACT, &[("fields", "name")]).await;
    assert_eq!(r.status, 200, "the block lifted: {}", r.body);
    // Forty reads, then the window passes: the score is back to almost nothing.
    for _ in 0..40 {
        sb.get(ACT, &[]).await;
    }
    handle(&sb).advance(Duration::from_secs(300));
    let r = sb.get(ACT, &[]).await;
    let usage: Value =
        serde_json::from_str(r.headers["x-ad-account-usage"].to_str().unwrap()).unwrap();
    assert!(usage["acc_id_util_pct"].as_u64().unwrap() <= 2, "{usage}");
    assert_eq!(sb.stats().await["throttled"], 2);
}

#[test]
fn dcw_sandbox_as_a_process_lets_time_pass_on_post_sandbox_clock() {
    let mut sandbox = SandboxProcess::spawn(
        &["--review-delay", "1h", "--demo-ads", "1"],
        std::process::Stdio::null(),
    );
    let base = sandbox
        .base()
        .unwrap_or_else(|| panic!("first line: {:?}", sandbox.first));
    let statuses = block_on_client(|client| async move {
        let status = || async {
            let r: Value = client
                .get(format!("{base}/v26.0/{ACT}/ads"))
                .query(&[("access_token", TOKEN), ("fields", "effective_status")])
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            r["data"][0]["effective_status"].clone()
        };
        let before = status().await;
        let moved: Value = client
            .post(format!("{base}/_sandbox/clock"))
            .form(&[("advance_seconds", "3601")])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        (before, moved, status().await)
    });
    let _ = sandbox.child.kill();
    let _ = sandbox.child.wait();
    let (before, moved, after) = statuses;
    assert_eq!(before, "PENDING_REVIEW");
    assert_eq!(moved["advanced_seconds"], 3601, "{moved}");
    assert_eq!(
        after, "PAUSED",
        "the demo ad passed review and was created PAUSED"
    );
}

// ---- Re-review, and the ad that must be replaced ------------------------------------------

/// `POST /<ad>` pointing it at `creative`.
async fn repoint(sb: &Sb, ad: &str, creative: &str) -> Reply {
    sb.post(
        ad,
        &[("creative", json!({"creative_id": creative}).to_string())],
    )
    .await
}

async fn status(sb: &Sb, ad: &str) -> Value {
    sb.get(ad, &[("fields", "effective_status")]).await.body["effective_status"].clone()
}

#[tokio::test]
async fn a_new_creative_starts_a_new_review_and_moves_updated_time() {
    let sb = start(slow_review()).await;
    let (_, _, k, a) = sb.launch(&["Boots for real winters"]).await;
    handle(&sb).advance(Duration::from_secs(3601));
    assert_eq!(status(&sb, &a).await, "PAUSED");
    let fields = [(
        "fields",
        "effective_status,created_time,updated_time,creative",
    )];
    let approved = sb.get(&a, &fields).await.body;
    handle(&sb).advance(Duration::from_secs(600));
    let h = sb.image().await;
    let k2 = sb.creative(Sb::feed(&h, &["Warm feet, all day"])).await;
    let r = repoint(&sb, &a, &k2).await;
    assert_eq!(r.body, json!({"success": true}));
    let edited = sb.get(&a, &fields).await.body;
    assert_eq!(edited["effective_status"], "PENDING_REVIEW", "{edited}");
    assert_eq!(edited["creative"], json!({"id": k2}));
    assert_ne!(k, k2);
    let moved = graph_time(&edited["updated_time"]) - graph_time(&approved["updated_time"]);
    // The review ended at 3600 s, the edit came at 3601 + 600 s (and real milliseconds).
    assert!(
        (601..=602).contains(&moved.num_seconds()),
        "{approved} → {edited}"
    );
    handle(&sb).advance(Duration::from_secs(3601));
    assert_eq!(
        status(&sb, &a).await,
        "PAUSED",
        "the second review passed too"
    );
}

/// `POST /<ad>` with `status=ACTIVE`, as a dry run when `dry`.
async fn turn_on(sb: &Sb, ad: &str, dry: bool) -> Reply {
    let mut form = vec![("status", "ACTIVE".to_string())];
    if dry {
        form.push(("execution_options", "[\"validate_only\"]".into()));
    }
    sb.post(ad, &form).await
}

#[tokio::test]
async fn a_rejected_ad_turned_on_unchanged_answers_2490468_and_a_new_creative_is_reviewed_again() {
    let sb = start(test_config()).await;
    let (_, _, k, a) = sb.launch(&["Craft beer club"]).await;
    assert_eq!(status(&sb, &a).await, "DISAPPROVED");
    // Enabling it unchanged: Meta's 2490468, the dry run alike, and nothing changes.
    for dry in [false, true] {
        let r = turn_on(&sb, &a, dry).await;
        assert_eq!(r.status, 400, "{}", r.body);
        assert_eq!(r.error(), (100, Some(2490468)), "dry run {dry}");
        let e = &r.body["error"];
        assert_eq!(e["type"], "OAuthException");
        assert_eq!(e["is_transient"], false);
        assert!(e["fbtrace_id"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(e["error_user_title"].is_string(), "{e}");
        let msg = e["error_user_msg"].as_str().unwrap();
        assert!(
            msg.contains("has been rejected in its latest review and is currently disabled. In order to enable the ad, you will need to make updates to it and create a new ad."),
            "Meta's wording: {msg}"
        );
    }
    let read = sb
        .get(&a, &[("fields", "configured_status,effective_status")])
        .await
        .body;
    assert_eq!(read["configured_status"], "PAUSED", "{read}");
    assert_eq!(read["effective_status"], "DISAPPROVED", "{read}");
    // Other changes go through: a name, PAUSED.
    let renamed = sb.post(&a, &[("name", "Old beer ad".into())]).await;
    assert_eq!(renamed.body, json!({"success": true}));
    let paused = sb.post(&a, &[("status", "PAUSED".into())]).await;
    assert_eq!(paused.body, json!({"success": true}));
    // A re-point is a change to the creative: reviewed again, however often the ad was
    // rejected (no "rejected twice" rule).
    let h = sb.image().await;
    for round in 0..3 {
        let still_beer = sb.creative(Sb::feed(&h, &["Cold beer for winter"])).await;
        assert_eq!(
            repoint(&sb, &a, &still_beer).await.body,
            json!({"success": true}),
            "round {round}"
        );
        assert_eq!(status(&sb, &a).await, "DISAPPROVED", "rejected again");
    }
    let clean = sb.creative(Sb::feed(&h, &["Boots for real winters"])).await;
    assert_eq!(
        repoint(&sb, &a, &clean).await.body,
        json!({"success": true})
    );
    assert_eq!(
        status(&sb, &a).await,
        "PAUSED",
        "approved after three rejections"
    );
    assert_ne!(k, clean);
    assert_eq!(turn_on(&sb, &a, false).await.body, json!({"success": true}));
    assert_eq!(configured(&sb, &a).await, "ACTIVE");
}

async fn configured(sb: &Sb, ad: &str) -> Value {
    sb.get(ad, &[("fields", "configured_status")]).await.body["configured_status"].clone()
}

#[tokio::test]
async fn only_an_ended_rejection_refuses_turning_an_ad_on() {
    let sb = start(slow_review()).await;
    let (_, _, _, a) = sb.launch(&["Craft beer club"]).await;
    // In review: it may be turned on (it delivers once approved).
    assert_eq!(status(&sb, &a).await, "PENDING_REVIEW");
    assert_eq!(turn_on(&sb, &a, true).await.body, json!({"success": true}));
    handle(&sb).advance(Duration::from_secs(3601));
    assert_eq!(status(&sb, &a).await, "DISAPPROVED");
    assert_eq!(turn_on(&sb, &a, false).await.error(), (100, Some(2490468)));
    // Turning it on together with a new creative is a change: reviewed again, then ACTIVE.
    let h = sb.image().await;
    let clean = sb.creative(Sb::feed(&h, &["Boots for real winters"])).await;
    let both = sb
        .post(
            &a,
            &[
                ("creative", json!({"creative_id": clean}).to_string()),
                ("status", "ACTIVE".into()),
            ],
        )
        .await;
    assert_eq!(both.body, json!({"success": true}));
    assert_eq!(status(&sb, &a).await, "PENDING_REVIEW");
    assert_eq!(configured(&sb, &a).await, "ACTIVE");
    handle(&sb).advance(Duration::from_secs(3601));
    assert_eq!(
        status(&sb, &a).await,
        "CAMPAIGN_PAUSED",
        "approved, under its paused campaign"
    );
}

#[tokio::test]
async fn with_disable_rejected_ads_a_rejected_ad_refuses_a_new_creative_too() {
    let sb = start(SandboxConfig {
        disable_rejected_ads: true,
        ..test_config()
    })
    .await;
    let (_, _, k, a) = sb.launch(&["Craft beer club"]).await;
    let h = sb.image().await;
    let clean = sb.creative(Sb::feed(&h, &["Boots for real winters"])).await;
    assert_eq!(repoint(&sb, &a, &clean).await.error(), (100, Some(2490468)));
    let read = sb.get(&a, &[("fields", "creative")]).await.body;
    assert_eq!(read["creative"], json!({"id": k}), "nothing changed");
    // An approved ad still takes one.
    let (_, _, _, fine) = sb.launch(&["Boots for real winters"]).await;
    assert_eq!(
        repoint(&sb, &fine, &clean).await.body,
        json!({"success": true})
    );
}

// ---- The account's ads edge on the simulated clock ----------------------------------------

/// One more ad set under `campaign` with an ad on `creative`; returns the ad.
async fn another_ad(sb: &Sb, campaign: &str, creative: &str) -> String {
    let s = sb.ad_set(campaign).await;
    sb.ad(&s, creative).await.id()
}

fn ad_ids(items: &[Value]) -> Vec<&str> {
    items.iter().map(|v| v["id"].as_str().unwrap()).collect()
}

fn unix(t: SystemTime) -> u64 {
    t.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs()
}

#[tokio::test]
async fn the_ads_edge_filters_by_review_status_and_updated_since_on_the_simulated_clock() {
    let sb = start(slow_review()).await;
    let c = sb.campaign("OUTCOME_SALES").await;
    let h = sb.image().await;
    let k = sb.creative(Sb::feed(&h, &["Boots for real winters"])).await;
    let first = another_ad(&sb, &c, &k).await;
    handle(&sb).advance(Duration::from_secs(1800));
    let second = another_ad(&sb, &c, &k).await;
    let edge = format!("{ACT}/ads");
    let in_review = [
        ("effective_status", "[\"PENDING_REVIEW\",\"IN_PROCESS\"]"),
        ("fields", "effective_status"),
    ];
    let r = sb.get(&edge, &in_review).await;
    assert_eq!(ad_ids(data(&r)), [first.as_str(), second.as_str()]);

    // The first review ends at 3600 s; the second is still going at 3660 s.
    let checked = handle(&sb).advance(Duration::from_secs(1799));
    let r = sb.get(&edge, &in_review).await;
    assert_eq!(
        ad_ids(data(&r)),
        [first.as_str(), second.as_str()],
        "a second early"
    );
    handle(&sb).advance(Duration::from_secs(61));
    let r = sb.get(&edge, &in_review).await;
    assert_eq!(ad_ids(data(&r)), [second.as_str()]);
    let done = sb
        .get(
            &edge,
            &[
                ("effective_status", "PAUSED"),
                ("fields", "effective_status"),
            ],
        )
        .await;
    assert_eq!(
        ad_ids(data(&done)),
        [first.as_str()],
        "comma form of the list"
    );

    // What changed since the last look: the review that ended (its updated_time moved),
    // not the ad created before that look and still in review.
    let since = unix(checked).to_string();
    let r = sb
        .get(
            &edge,
            &[
                ("updated_since", since.as_str()),
                ("fields", "effective_status,updated_time"),
            ],
        )
        .await;
    assert_eq!(ad_ids(data(&r)), [first.as_str()], "{}", r.body);
    let later = unix(handle(&sb).now()).to_string();
    let r = sb.get(&edge, &[("updated_since", later.as_str())]).await;
    assert_eq!(r.body, json!({"data": []}));
}

#[tokio::test]
async fn the_ads_edge_serves_up_to_5000_ads_a_page() {
    let sb = start(test_config()).await;
    let c = sb.campaign("OUTCOME_SALES").await;
    let h = sb.image().await;
    let k = sb.creative(Sb::feed(&h, &["Boots for real winters"])).await;
    let mut ads = Vec::new();
    for _ in 0..30 {
        ads.push(another_ad(&sb, &c, &k).await);
    }
    let edge = format!("{ACT}/ads");
    let default = sb.get(&edge, &[]).await;
    assert_eq!(data(&default).len(), 25);
    assert!(default.body["paging"]["next"].is_string());
    for limit in ["5000", "9999"] {
        let all = sb.get(&edge, &[("limit", limit), ("fields", "name")]).await;
        assert_eq!(ad_ids(data(&all)), ads, "limit={limit}");
        assert!(all.body["paging"].get("next").is_none(), "{}", all.body);
    }
    let status = [
        ("effective_status", "[\"PENDING_REVIEW\",\"IN_PROCESS\"]"),
        ("limit", "5000"),
    ];
    assert_eq!(
        sb.get(&edge, &status).await.body,
        json!({"data": []}),
        "all reviewed"
    );
}

#[tokio::test]
async fn the_ads_edge_filters_on_a_parents_id_through_its_reference() {
    let sb = start(test_config()).await;
    let (c, s, _, a) = sb.launch(&["Boots for real winters"]).await;
    let (_, s2, _, a2) = sb.launch(&["Warm feet, all day"]).await;
    let edge = format!("{ACT}/ads");
    let by = |field: &str, op: &str, value: Value| {
        json!([{"field": field, "operator": op, "value": value}]).to_string()
    };
    let r = sb
        .get(&edge, &[("filtering", &by("adset.id", "EQUAL", json!(s2)))])
        .await;
    assert_eq!(ad_ids(data(&r)), [a2.as_str()]);
    let r = sb
        .get(
            &edge,
            &[("filtering", &by("adset.id", "IN", json!([s, s2])))],
        )
        .await;
    assert_eq!(ad_ids(data(&r)), [a.as_str(), a2.as_str()]);
    let r = sb
        .get(
            &edge,
            &[("filtering", &by("campaign.id", "EQUAL", json!(c)))],
        )
        .await;
    assert_eq!(ad_ids(data(&r)), [a.as_str()]);
}
