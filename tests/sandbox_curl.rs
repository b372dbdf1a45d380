//! The seed guide's curl calls (`../shared/reference/seed-dynamic-creative.txt`), run with the
//! real `curl` against the in-process sandbox: placeholders filled, host swapped to the sandbox.
//!
//! Where the guide's text is not something Graph can take as written (pseudo-JSON in single
//! quotes, a trailing comma, dates now in the past, a campaign without
//! `is_adset_budget_sharing_enabled`), a test first sends it as written and checks that the
//! sandbox refuses it the way Graph does (code 100 naming the field), then sends the repaired
//! call and checks that it succeeds.

use crate::common;

use std::path::PathBuf;

use chrono::{Duration as Days, Utc};
use common::sandbox::*;
use md5::{Digest, Md5};
use serde_json::{Value, json};

/// What curl got back.
struct Answer {
    status: u16,
    content_type: String,
    body: Value,
}

impl Answer {
    /// The `{"id": "<digits>"}` a create answers, exactly that and nothing more.
    #[track_caller]
    fn created_id(&self) -> String {
        assert_eq!(self.status, 200, "{}", self.body);
        let id = self.body["id"]
            .as_str()
            .unwrap_or_else(|| panic!("no string id: {}", self.body))
            .to_string();
        assert!(
            !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()),
            "numeric string id: {id}"
        );
        assert_eq!(
            self.body,
            json!({ "id": id }),
            "a create answers only its id"
        );
        id
    }

    /// A Graph error: HTTP 400, `(#code) ` message, and the field Graph blames.
    #[track_caller]
    fn refused(&self, code: i64, blamed: &str) {
        assert_eq!(self.status, 400, "{}", self.body);
        let e = &self.body["error"];
        assert_eq!(e["code"], code, "{}", self.body);
        assert!(
            e["message"]
                .as_str()
                .is_some_and(|m| m.starts_with(&format!("(#{code}) "))),
            "{}",
            self.body
        );
        assert_eq!(e["type"], "OAuthException", "{}", self.body);
        assert!(e["fbtrace_id"].is_string(), "{}", self.body);
        let blame = &e["error_data"]["blame_field_specs"];
        assert_eq!(blame[0][0], blamed, "blamed field: {}", self.body);
    }
}

/// Runs `curl` with these arguments (the guide's, with the URL last); answers status and JSON.
async fn curl(args: Vec<String>) -> Answer {
    tokio::task::spawn_blocking(move || {
        let out = std::process::Command::new("curl")
            .args(["-sS", "--noproxy", "*", "--max-time", "30"])
            .args(["-w", "\n%{http_code} %{content_type}"])
            .args(&args)
            .output()
            .expect("curl runs");
        let text = String::from_utf8(out.stdout).expect("UTF-8 answer");
        assert!(
            out.status.success(),
            "curl {args:?} failed: {}{text}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (body, trailer) = text.rsplit_once('\n').expect("the -w trailer");
        let (status, content_type) = trailer.split_once(' ').unwrap_or((trailer, ""));
        Answer {
            status: status.parse().expect("an HTTP status"),
            content_type: content_type.to_string(),
            body: serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}")),
        }
    })
    .await
    .expect("the curl task ends")
}

/// `-F key=value` for each pair, then the URL.
fn form(fields: &[(&str, &str)], url: String) -> Vec<String> {
    let mut args = Vec::new();
    for (k, v) in fields {
        args.push("-F".to_string());
        args.push(format!("{k}={v}"));
    }
    args.push(url);
    args
}

fn boots_path() -> PathBuf {
    common::examples_dir().join("images/boots.jpg")
}

/// A date `days` from today, as the guide writes `start_time` (`2024-04-09`).
fn date_in(days: i64) -> String {
    (Utc::now() + Days::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

/// The guide's Step 1 campaign call, with `is_adset_budget_sharing_enabled` when `sharing`.
async fn guide_campaign(sb: &Sb, objective: &str, sharing: Option<&str>) -> Answer {
    let mut fields = vec![
        ("name", "Dynamic Creative Sample Campaign"),
        ("objective", objective),
        ("status", "PAUSED"),
        ("special_ad_categories", "[]"),
    ];
    if let Some(s) = sharing {
        fields.push(("is_adset_budget_sharing_enabled", s));
    }
    fields.push(("access_token", TOKEN));
    curl(form(&fields, sb.url(&format!("{ACT}/campaigns")))).await
}

/// The guide's Step 1 dynamic-creative ad set call, with these dates.
async fn guide_ad_set(sb: &Sb, campaign: &str, start: &str, end: &str) -> Answer {
    let promoted = format!(r#"{{"pixel_id": "{PIXEL_ID}", "custom_event_type": "PURCHASE"}}"#);
    let fields = [
        ("status", "PAUSED"),
        ("name", "Dynamic Creative Ad Set"),
        ("campaign_id", campaign),
        ("optimization_goal", "OFFSITE_CONVERSIONS"),
        ("is_dynamic_creative", "true"),
        ("lifetime_budget", "5000"),
        ("promoted_object", promoted.as_str()),
        ("billing_event", "IMPRESSIONS"),
        ("bid_strategy", "LOWEST_COST_WITHOUT_CAP"),
        ("targeting", r#"{"geo_locations": {"countries": ["US"]}}"#),
        ("start_time", start),
        ("end_time", end),
        ("access_token", TOKEN),
    ];
    curl(form(&fields, sb.url(&format!("{ACT}/adsets")))).await
}

/// Uploads the boots image with `curl -F filename=@…`; answers its hash.
async fn upload_image(sb: &Sb) -> String {
    let a = curl(vec![
        "-F".into(),
        format!("filename=@{}", boots_path().display()),
        "-F".into(),
        format!("access_token={TOKEN}"),
        sb.url(&format!("{ACT}/adimages")),
    ])
    .await;
    assert_eq!(a.status, 200, "{}", a.body);
    a.body["images"]["boots.jpg"]["hash"]
        .as_str()
        .unwrap_or_else(|| panic!("{}", a.body))
        .to_string()
}

/// A dynamic-creative creative (Step 2's `asset_feed_spec`) with these titles.
async fn dc_creative(sb: &Sb, hash: &str, titles: &[&str]) -> String {
    let feed = Sb::feed(hash, titles).to_string();
    let story = json!({ "page_id": PAGE_ID }).to_string();
    let fields = [
        ("name", "Dynamic Creative Creative"),
        ("object_story_spec", story.as_str()),
        ("asset_feed_spec", feed.as_str()),
        ("access_token", TOKEN),
    ];
    curl(form(&fields, sb.url(&format!("{ACT}/adcreatives"))))
        .await
        .created_id()
}

/// The guide's Step 3 ad call, with this `creative` text.
async fn guide_ad(sb: &Sb, adset: &str, creative: &str) -> Answer {
    let fields = [
        ("name", "Dynamic Creative Ad"),
        ("adset_id", adset),
        ("access_token", TOKEN),
        ("creative", creative),
    ];
    curl(form(&fields, sb.url(&format!("{ACT}/ads")))).await
}

/// The guide's Step 4: `curl -G -d access_token=… -d 'fields=review_feedback' …/<ADSET_ID>`.
async fn guide_review_status(sb: &Sb, adset: &str) -> Answer {
    curl(vec![
        "-G".into(),
        "-d".into(),
        format!("access_token={TOKEN}"),
        "-d".into(),
        "fields=review_feedback".into(),
        sb.url(adset),
    ])
    .await
}

/// A campaign, a DC ad set and an ad whose creative has these titles; answers the ad set id.
async fn launch_with_titles(sb: &Sb, titles: &[&str]) -> String {
    let campaign = guide_campaign(sb, "OUTCOME_SALES", Some("false"))
        .await
        .created_id();
    let adset = guide_ad_set(sb, &campaign, &date_in(30), &date_in(41))
        .await
        .created_id();
    let hash = upload_image(sb).await;
    let creative = dc_creative(sb, &hash, titles).await;
    guide_ad(sb, &adset, &format!("{{\n\"creative_id\": {creative}\n}}"))
        .await
        .created_id();
    adset
}

#[tokio::test]
async fn the_guides_campaign_call_as_written_is_refused_for_missing_budget_sharing() {
    let sb = start(test_config()).await;
    let a = guide_campaign(&sb, "OUTCOME_SALES", None).await;
    a.refused(100, "is_adset_budget_sharing_enabled");
    assert!(
        a.content_type.starts_with("application/json"),
        "{}",
        a.content_type
    );
    assert_eq!(
        a.body["error"]["error_user_msg"],
        "Must specify True or False in is_adset_budget_sharing_enabled field"
    );
    assert_eq!(a.body["error"]["is_transient"], false);
}

#[tokio::test]
async fn the_guides_campaign_call_with_budget_sharing_answers_a_numeric_id() {
    let sb = start(test_config()).await;
    let a = guide_campaign(&sb, "OUTCOME_SALES", Some("false")).await;
    assert!(
        a.content_type.starts_with("application/json"),
        "{}",
        a.content_type
    );
    let id = a.created_id();
    let read = curl(vec![
        "-G".into(),
        "-d".into(),
        format!("access_token={TOKEN}"),
        "-d".into(),
        "fields=name,objective,status,special_ad_categories".into(),
        sb.url(&id),
    ])
    .await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(read.body["id"], id.as_str());
    assert_eq!(read.body["name"], "Dynamic Creative Sample Campaign");
    assert_eq!(read.body["objective"], "OUTCOME_SALES");
    assert_eq!(read.body["status"], "PAUSED");
    assert_eq!(read.body["special_ad_categories"], json!([]));
}

#[tokio::test]
async fn the_guides_ad_set_call_with_future_dates_answers_a_numeric_id() {
    let sb = start(test_config()).await;
    let campaign = guide_campaign(&sb, "OUTCOME_SALES", Some("false"))
        .await
        .created_id();
    let a = guide_ad_set(&sb, &campaign, &date_in(30), &date_in(41)).await;
    let id = a.created_id();
    let read = sb
        .get(
            &id,
            &[(
                "fields",
                "campaign_id,is_dynamic_creative,lifetime_budget,promoted_object,targeting",
            )],
        )
        .await;
    assert_eq!(read.body["campaign_id"], campaign.as_str());
    assert_eq!(read.body["is_dynamic_creative"], true);
    assert_eq!(
        read.body["lifetime_budget"], "5000",
        "Graph reads budgets as strings"
    );
    assert_eq!(read.body["promoted_object"]["pixel_id"], PIXEL_ID);
    assert_eq!(
        read.body["targeting"]["geo_locations"]["countries"],
        json!(["US"])
    );
}

#[tokio::test]
async fn the_guides_ad_set_call_with_its_2024_dates_is_refused_naming_end_time() {
    let sb = start(test_config()).await;
    let campaign = guide_campaign(&sb, "OUTCOME_SALES", Some("false"))
        .await
        .created_id();
    guide_ad_set(&sb, &campaign, "2024-04-09", "2024-04-20")
        .await
        .refused(100, "end_time");
}

/// The guide's app-install ad set, with `promoted_object` and `targeting` as given.
async fn app_ad_set(sb: &Sb, campaign: &str, promoted: &str, targeting: &str) -> Answer {
    // Four days: the guide's $200 lifetime budget must cover the minimum for installs ($40 a
    // day in USD) on each day of the schedule.
    let end = (Utc::now() + Days::days(4)).timestamp().to_string();
    let fields = [
        ("name", "Dynamic Creative AdSet"),
        ("campaign_id", campaign),
        ("optimization_goal", "APP_INSTALLS"),
        ("is_dynamic_creative", "true"),
        ("billing_event", "IMPRESSIONS"),
        ("is_autobid", "true"),
        ("promoted_object", promoted),
        ("lifetime_budget", "20000"),
        ("end_time", end.as_str()),
        ("targeting", targeting),
        ("access_token", TOKEN),
    ];
    curl(form(&fields, sb.url(&format!("{ACT}/adsets")))).await
}

const APP_ID: &str = "123456789012345";
/// The guide's pseudo-JSON, in single quotes, as written.
const GUIDE_TARGETING: &str = "{
'geo_locations':{'countries':['US']},
'age_min':18,
'age_max':24,
'publisher_platforms':['facebook', 'audience_network'],
'user_os':['ios']
}";

fn guide_promoted_object() -> String {
    format!(
        "{{'object_store_url':'https://itunes.apple.com/us/app/facebook/id284882215','application_id':{APP_ID}}}"
    )
}

fn json_promoted_object() -> String {
    json!({
        "object_store_url": "https://itunes.apple.com/us/app/facebook/id284882215",
        "application_id": APP_ID.parse::<u64>().unwrap(),
    })
    .to_string()
}

/// The guide's targeting as real JSON. Since v23.0 narrowing ages needs an explicit
/// `targeting_automation.advantage_audience`, which the 2025 guide predates.
fn json_targeting() -> String {
    json!({
        "geo_locations": {"countries": ["US"]},
        "age_min": 18,
        "age_max": 24,
        "publisher_platforms": ["facebook", "audience_network"],
        "user_os": ["ios"],
        "targeting_automation": {"advantage_audience": 0},
    })
    .to_string()
}

#[tokio::test]
async fn the_guides_app_install_ad_set_with_single_quoted_pseudo_json_is_refused() {
    let sb = start(test_config()).await;
    let campaign = guide_campaign(&sb, "OUTCOME_APP_PROMOTION", Some("false"))
        .await
        .created_id();
    // Graph's JSON parameters are JSON: single quotes are not string delimiters there. The sandbox
    // refuses them with code 100 and names the field, so a client that passes here never sends
    // pseudo-JSON to Meta.
    let as_written = app_ad_set(&sb, &campaign, &guide_promoted_object(), GUIDE_TARGETING).await;
    assert_eq!(as_written.status, 400, "{}", as_written.body);
    let blamed = as_written.body["error"]["error_data"]["blame_field_specs"][0][0].clone();
    assert!(
        blamed == "promoted_object" || blamed == "targeting",
        "{}",
        as_written.body
    );
    app_ad_set(&sb, &campaign, &guide_promoted_object(), &json_targeting())
        .await
        .refused(100, "promoted_object");
    app_ad_set(&sb, &campaign, &json_promoted_object(), GUIDE_TARGETING)
        .await
        .refused(100, "targeting");
    let counts = sb.stats().await;
    assert_eq!(counts["objects"]["adsets"], 0, "nothing was created");
}

#[tokio::test]
async fn the_guides_app_install_ad_set_in_real_json_answers_a_numeric_id() {
    let sb = start(test_config()).await;
    let campaign = guide_campaign(&sb, "OUTCOME_APP_PROMOTION", Some("false"))
        .await
        .created_id();
    let id = app_ad_set(&sb, &campaign, &json_promoted_object(), &json_targeting())
        .await
        .created_id();
    let read = sb
        .get(
            &id,
            &[("fields", "optimization_goal,promoted_object,targeting")],
        )
        .await;
    assert_eq!(read.body["optimization_goal"], "APP_INSTALLS");
    assert_eq!(
        read.body["promoted_object"]["object_store_url"],
        "https://itunes.apple.com/us/app/facebook/id284882215"
    );
    assert_eq!(read.body["targeting"]["user_os"], json!(["ios"]));
}

#[tokio::test]
async fn an_image_uploaded_with_curl_is_hashed_with_md5() {
    let sb = start(test_config()).await;
    let bytes = std::fs::read(boots_path()).unwrap();
    let expected: String = Md5::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(upload_image(&sb).await, expected);
}

#[tokio::test]
async fn the_guides_ad_call_with_its_trailing_comma_is_refused_naming_creative() {
    let sb = start(test_config()).await;
    let campaign = guide_campaign(&sb, "OUTCOME_SALES", Some("false"))
        .await
        .created_id();
    let adset = guide_ad_set(&sb, &campaign, &date_in(30), &date_in(41))
        .await
        .created_id();
    let hash = upload_image(&sb).await;
    let creative = dc_creative(&sb, &hash, &["Boots for real winters"]).await;
    // As the guide writes it: `creative={\n"creative_id": <CREATIVE_ID>,\n}` is not JSON.
    guide_ad(
        &sb,
        &adset,
        &format!("{{\n\"creative_id\": {creative},\n}}"),
    )
    .await
    .refused(100, "creative");
    // Without the comma (the id unquoted, as in the guide) it is.
    let ad = guide_ad(&sb, &adset, &format!("{{\n\"creative_id\": {creative}\n}}"))
        .await
        .created_id();
    let read = sb.get(&ad, &[("fields", "adset_id,creative")]).await;
    assert_eq!(read.body["adset_id"], adset.as_str());
    assert_eq!(read.body["creative"], json!({ "id": creative }));
}

#[tokio::test]
async fn the_guides_review_status_call_reads_an_empty_list_as_the_string_brackets() {
    let sb = start(test_config()).await;
    let adset = launch_with_titles(&sb, &["Boots for real winters", "Warm feet"]).await;
    let a = guide_review_status(&sb, &adset).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(
        a.content_type.starts_with("application/json"),
        "{}",
        a.content_type
    );
    assert_eq!(a.body, json!({"review_feedback": "[]", "id": adset}));
}

#[tokio::test]
async fn the_guides_review_status_call_names_each_rejected_asset() {
    let sb = start(test_config()).await;
    let adset = launch_with_titles(&sb, &["Boots for real winters", "Craft beer for winter"]).await;
    let a = guide_review_status(&sb, &adset).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["id"], adset.as_str());
    let text = a.body["review_feedback"]
        .as_str()
        .unwrap_or_else(|| panic!("review_feedback is a JSON string: {}", a.body));
    let list: Value = serde_json::from_str(text).expect("the string holds JSON");
    let list = list.as_array().expect("a list");
    assert_eq!(list.len(), 1, "{text}");
    assert!(
        list[0]["id"].is_u64(),
        "numeric asset id, as in the guide: {text}"
    );
    assert_eq!(list[0]["text"], "Craft beer for winter");
    assert_eq!(list[0]["reason"], json!(["ALCOHOL"]));
}

#[tokio::test]
async fn the_guides_calls_work_without_a_version_prefix_too() {
    let sb = start(test_config()).await;
    let fields = [
        ("name", "Dynamic Creative Sample Campaign"),
        ("objective", "OUTCOME_SALES"),
        ("status", "PAUSED"),
        ("special_ad_categories", "[]"),
        ("is_adset_budget_sharing_enabled", "0"),
        ("access_token", TOKEN),
    ];
    let id = curl(form(&fields, format!("{}/{ACT}/campaigns", sb.base)))
        .await
        .created_id();
    let read = curl(vec![
        "-G".into(),
        "-d".into(),
        format!("access_token={TOKEN}"),
        format!("{}/{id}", sb.base),
    ])
    .await;
    assert_eq!(read.body, json!({ "id": id }), "no fields: only the id");
}
