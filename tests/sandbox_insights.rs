//! The sandbox's insights as a results view reads them: date ranges on the simulated clock
//! whose days add up, results per the ad set's optimization goal, `age`/`gender` rows that sum
//! to the ad's totals, and Meta's refusals.

use crate::common;

use common::sandbox::*;
use serde_json::{Value, json};
use std::time::Duration;

fn num(v: &Value) -> u64 {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("a whole number as a string: {v}"))
}

/// The value of one action type in a row's `actions` (0 when absent).
fn action(row: &Value, kind: &str) -> u64 {
    row["actions"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| a["action_type"] == kind)
        .map_or(0, |a| num(&a["value"]))
}

async fn rows(sb: &Sb, node: &str, query: &[(&str, &str)]) -> Vec<Value> {
    let mut q = vec![
        ("fields", "impressions,clicks,spend,reach,actions"),
        ("limit", "500"),
    ];
    q.extend_from_slice(query);
    let r = sb.get(&format!("{node}/insights"), &q).await;
    assert_eq!(r.status, 200, "{}", r.body);
    data(&r).clone()
}

/// Sums a numeric column over rows (spend in cents).
fn sum(rows: &[Value], key: &str) -> u64 {
    rows.iter()
        .map(|r| match key {
            "spend" => {
                let s = r["spend"].as_str().unwrap();
                let (w, c) = s.split_once('.').unwrap();
                w.parse::<u64>().unwrap() * 100 + c.parse::<u64>().unwrap()
            }
            k if k.contains('.') || k.contains('_') && !k.ends_with("ions") => action(r, k),
            k => num(&r[k]),
        })
        .sum()
}

/// A delivering ad of an ad set with this goal form; the clock then moved on `days`.
async fn delivering(
    sb: &Sb,
    objective: &str,
    set: Vec<(&'static str, String)>,
    link: &str,
    days: u64,
) -> (String, String) {
    let c = sb.campaign(objective).await;
    let s = sb
        .post(&format!("{ACT}/adsets"), &set_with(&c, set))
        .await
        .id();
    let h = sb.image().await;
    let mut feed = Sb::feed(&h, &["Warm boots", "Built for snow", "Made to last"]);
    feed["link_urls"] = json!([{ "website_url": link }]);
    feed["bodies"] = json!([{"text": "Our warmest boots."}, {"text": "Free returns."}]);
    let k = sb.creative(feed).await;
    let a = sb.ad(&s, &k).await.id();
    for id in [&c, &s, &a] {
        let r = sb.post(id, &[("status", "ACTIVE".into())]).await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    sb.handle
        .as_ref()
        .unwrap()
        .advance(Duration::from_secs(days * 86_400));
    (s, a)
}

fn set_with(campaign: &str, over: Vec<(&'static str, String)>) -> Vec<(&'static str, String)> {
    let mut form = Sb::ad_set_form(campaign);
    for (k, v) in over {
        form.retain(|(key, _)| *key != k);
        form.push((k, v));
    }
    form
}

async fn purchases(sb: &Sb, days: u64) -> (String, String) {
    delivering(
        sb,
        "OUTCOME_SALES",
        Vec::new(),
        "https://shop.example.com/winter",
        days,
    )
    .await
}

#[tokio::test]
async fn a_range_is_the_sum_of_its_days() {
    let sb = start(test_config()).await;
    let (_, a) = purchases(&sb, 9).await;
    let week = rows(&sb, &a, &[("date_preset", "last_7d")]).await;
    assert_eq!(week.len(), 1);
    let (since, until) = (
        week[0]["date_start"].as_str().unwrap().to_string(),
        week[0]["date_stop"].as_str().unwrap().to_string(),
    );
    let first = chrono::NaiveDate::parse_from_str(&since, "%Y-%m-%d").unwrap();
    let last = chrono::NaiveDate::parse_from_str(&until, "%Y-%m-%d").unwrap();
    assert_eq!((last - first).num_days(), 6, "seven days ending yesterday");
    let mut days = Vec::new();
    let mut d = first;
    while d <= last {
        let range = json!({"since": d.to_string(), "until": d.to_string()}).to_string();
        let day = rows(&sb, &a, &[("time_range", range.as_str())]).await;
        assert_eq!(day.len(), 1, "{d}");
        assert_eq!(day[0]["date_start"], d.to_string());
        days.extend(day);
        d = d.succ_opt().unwrap();
    }
    for key in ["impressions", "clicks", "spend", "reach", "link_click"] {
        assert_eq!(sum(&days, key), sum(&week, key), "{key}");
    }
    assert_eq!(
        sum(&days, "offsite_conversion.fb_pixel_purchase"),
        sum(&week, "offsite_conversion.fb_pixel_purchase")
    );
    let impressions: Vec<u64> = days.iter().map(|r| num(&r["impressions"])).collect();
    assert!(
        impressions.windows(2).any(|w| w[0] != w[1]),
        "days differ: {impressions:?}"
    );
    // Longer ranges hold more; today is a day of its own.
    let month = rows(&sb, &a, &[("date_preset", "last_30d")]).await;
    let max = rows(&sb, &a, &[("date_preset", "maximum")]).await;
    let today = rows(&sb, &a, &[("date_preset", "today")]).await;
    let yesterday = rows(&sb, &a, &[("date_preset", "yesterday")]).await;
    assert!(sum(&month, "impressions") > sum(&week, "impressions"));
    assert_eq!(
        sum(&max, "impressions"),
        sum(&month, "impressions") + sum(&today, "impressions"),
        "delivery began within the month"
    );
    assert_eq!(
        sum(&yesterday, "impressions"),
        sum(&days[6..], "impressions")
    );
}

#[tokio::test]
async fn results_follow_the_goal_and_every_breakdown_sums_to_the_ad() {
    let sb = start(test_config()).await;
    let app = "https://apps.apple.com/us/app/puzzle-quest/id284882215";
    let installs = vec![
        ("optimization_goal", "APP_INSTALLS".to_string()),
        ("daily_budget", "10000".to_string()),
        (
            "promoted_object",
            json!({"application_id": "284882215", "object_store_url": app}).to_string(),
        ),
    ];
    let (_, app_ad) = delivering(&sb, "OUTCOME_APP_PROMOTION", installs, app, 3).await;
    let clicks = vec![
        ("optimization_goal", "LINK_CLICKS".to_string()),
        ("promoted_object", "{}".to_string()),
    ];
    let (_, click_ad) = delivering(
        &sb,
        "OUTCOME_TRAFFIC",
        clicks,
        "https://shop.example.com/",
        3,
    )
    .await;
    let (_, buy_ad) = purchases(&sb, 3).await;
    for (ad, kind) in [
        (&app_ad, "mobile_app_install"),
        (&click_ad, "link_click"),
        (&buy_ad, "offsite_conversion.fb_pixel_purchase"),
    ] {
        let q = [("date_preset", "maximum")];
        let total = rows(&sb, ad, &q).await;
        assert!(action(&total[0], kind) > 0, "{kind}: {}", total[0]);
        let others = ["mobile_app_install", "offsite_conversion.fb_pixel_purchase"];
        for other in others.iter().filter(|o| **o != kind) {
            assert_eq!(action(&total[0], other), 0, "{kind} counts no {other}");
        }
        for breakdown in [
            "title_asset",
            "body_asset",
            "image_asset",
            "age",
            "gender",
            "body_asset,age",
            "title_asset,gender",
        ] {
            let parts = rows(
                &sb,
                ad,
                &[("date_preset", "maximum"), ("breakdowns", breakdown)],
            )
            .await;
            for key in ["impressions", "clicks", "spend", "reach", kind] {
                assert_eq!(
                    sum(&parts, key),
                    sum(&total, key),
                    "{kind} by {breakdown}: {key}"
                );
            }
        }
        // Assets differ by cost per result, not only in proportion to what they were shown.
        let titles = rows(
            &sb,
            ad,
            &[("date_preset", "maximum"), ("breakdowns", "title_asset")],
        )
        .await;
        let per_mille: Vec<u64> = titles
            .iter()
            .map(|r| action(r, kind) * 1_000_000 / num(&r["impressions"]))
            .collect();
        let mut distinct = per_mille.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(
            distinct.len(),
            titles.len(),
            "{kind}: result rates differ: {per_mille:?}"
        );
    }
}

#[tokio::test]
async fn cost_per_action_type_comes_without_an_asset_breakdown_only() {
    let sb = start(test_config()).await;
    let (_, a) = purchases(&sb, 2).await;
    let fields = ("fields", "spend,actions,cost_per_action_type");
    let r = sb
        .get(
            &format!("{a}/insights"),
            &[fields, ("date_preset", "maximum"), ("breakdowns", "age")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let row = &data(&r)[0];
    let cost = row["cost_per_action_type"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["action_type"] == "offsite_conversion.fb_pixel_purchase")
        .unwrap_or_else(|| panic!("{row}"));
    assert!(cost["value"].as_str().unwrap().contains('.'), "{row}");
    let refused = sb
        .get(
            &format!("{a}/insights"),
            &[fields, ("breakdowns", "body_asset")],
        )
        .await;
    assert_eq!(refused.error(), (100, None), "{}", refused.body);
    assert!(
        refused.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("cost_per_action_type is not available with the breakdown body_asset"),
        "{}",
        refused.body
    );
}

#[tokio::test]
async fn dcws_results_read_installs_and_their_cost_through_the_client() {
    let sb = start(test_config()).await;
    let app = "https://apps.apple.com/us/app/puzzle-quest/id284882215";
    let installs = vec![
        ("optimization_goal", "APP_INSTALLS".to_string()),
        ("daily_budget", "10000".to_string()),
        (
            "promoted_object",
            json!({"application_id": "284882215", "object_store_url": app}).to_string(),
        ),
    ];
    let (_, ad) = delivering(&sb, "OUTCOME_APP_PROMOTION", installs, app, 4).await;
    let client = common::launching::client(&sb.base, TOKEN);
    let account = ACT.trim_start_matches("act_");
    let ctx = dcw::watch::ad_context(&client, account, &ad).await.unwrap();
    assert_eq!(ctx.goal.as_deref(), Some("APP_INSTALLS"));
    assert_eq!(
        ctx.action.map(|a| a.action_type),
        Some("mobile_app_install")
    );
    assert_eq!(ctx.currency.as_ref().map(|c| c.code()), Some("USD"));
    assert_eq!(ctx.breakdowns().len(), 7, "no videos");
    let query = dcw::watch::ResultsQuery {
        breakdown: "title_asset",
        range: dcw::watch::results::Range::preset("last_7d").unwrap(),
        split: Some(dcw::watch::results::Split::Gender),
    };
    let files = dcw::watch::AssetFiles::default();
    let r = dcw::watch::fetch_results(&client, &ctx, query, &files)
        .await
        .unwrap();
    assert_eq!(r.assets.len(), 3);
    assert_eq!(r.segments.len(), 9, "three titles, three genders");
    for a in &r.assets {
        assert!(a.results.unwrap() > 0, "{a:?}");
        let cost = a.cost_per_result().unwrap();
        assert!(cost > 0 && cost < a.spend_minor, "{a:?}");
    }
    // Best first: the cheapest install among the assets above the floor.
    let costs: Vec<i64> = r
        .assets
        .iter()
        .filter_map(|a| a.cost_per_result())
        .collect();
    let ranked = dcw::watch::results::rank_by_cost_per_result(&r.assets, 1_000);
    assert_eq!(ranked.first(), Some(&0));
    assert!(
        costs.windows(2).all(|w| w[0] <= w[1]) || ranked.len() < r.assets.len(),
        "{costs:?}"
    );
    let s = r.significance.as_ref().unwrap();
    assert!(
        s.sentence().contains("installs per impression"),
        "{}",
        s.sentence()
    );
    let (a, b) = r.dates.clone().unwrap();
    assert!(a < b, "seven days: {a} – {b}");
}
