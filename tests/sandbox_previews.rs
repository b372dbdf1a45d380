//! The sandbox's previews edges in Meta's shape: `generatepreviews` and `/<id>/previews` answer
//! an iframe whose src (with `&amp;` like Meta's) serves an HTML page of the mock; unknown
//! formats, unknown image hashes and objects without previews are refused in Graph's envelope;
//! the uploaded image's `url` serves its bytes; everything from the creative is escaped.

use crate::common::sandbox::{ACT, PAGE_ID, Sb, start, test_config};
use dcw::graph::parse_preview;
use serde_json::{Value, json};

fn creative(feed: Value) -> String {
    json!({"object_story_spec": {"page_id": PAGE_ID}, "asset_feed_spec": feed}).to_string()
}

async fn generate(sb: &Sb, creative: &str, format: &str) -> crate::common::sandbox::Reply {
    sb.get(
        &format!("{ACT}/generatepreviews"),
        &[("creative", creative), ("ad_format", format)],
    )
    .await
}

async fn page(sb: &Sb, link: &str) -> (u16, String, String) {
    let r = sb.client.get(link).send().await.unwrap();
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, ct, r.text().await.unwrap())
}

#[tokio::test]
async fn generatepreviews_answers_an_iframe_whose_page_shows_the_creative() {
    let sb = start(test_config()).await;
    let hash = sb.image().await;
    let feed = Sb::feed(&hash, &["Boots for real winters"]);
    let r = generate(&sb, &creative(feed), "INSTAGRAM_STORY").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let body = r.body["data"][0]["body"].as_str().unwrap();
    assert!(body.starts_with("<iframe src=\""), "{body}");
    assert!(
        body.contains("&amp;"),
        "Meta writes & as &amp; in the src: {body}"
    );
    let link = parse_preview(&r.body).unwrap().link;
    assert!(link.starts_with(&sb.base), "{link}");
    let (status, ct, html) = page(&sb, &link).await;
    assert_eq!(status, 200);
    assert_eq!(ct, "text/html; charset=utf-8");
    for shown in [
        "dcw Demo Store",
        "Boots for real winters",
        "Our warmest boots are back.",
        "Shop now",
        "INSTAGRAM_STORY",
        "9 / 16",
    ] {
        assert!(html.contains(shown), "{shown} in {html}");
    }
    // The image's url serves the uploaded bytes.
    let img = format!("{}/_sandbox/adimages/{hash}", sb.base);
    assert!(
        html.contains(&format!("/_sandbox/adimages/{hash}")),
        "{html}"
    );
    let r = sb.client.get(&img).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/jpeg");
    let bytes = r.bytes().await.unwrap();
    let want = std::fs::read(crate::common::examples_dir().join("images/boots.jpg")).unwrap();
    assert_eq!(bytes.as_ref(), want.as_slice());
}

/// The page fits the image as the placement shows it: the image's own crop box where the
/// family takes its crop (the box fills the frame), whole between bars in Stories without a 9:16
/// crop; and a family that shows no video draws no video box.
#[tokio::test]
async fn the_page_applies_the_image_s_crop_or_meta_s_fallback_and_no_video_where_none_shows() {
    let sb = start(test_config()).await;
    let hash = sb.image().await;
    let mut feed = Sb::feed(&hash, &["Boots for real winters"]);
    // boots.jpg is 1080x1080: its top-left quarter as the 1:1 crop.
    feed["images"][0]["image_crops"] = json!({"100x100": [[0, 0], [540, 540]]});
    let html_of = |r: crate::common::sandbox::Reply| parse_preview(&r.body).unwrap().link;
    let link = html_of(generate(&sb, &creative(feed.clone()), "DESKTOP_FEED_STANDARD").await);
    let (_, _, html) = page(&sb, &link).await;
    assert!(
        html.contains(
            "class=\"crop\" style=\"left:0.000%;top:0.000%;width:200.000%;height:200.000%\""
        ),
        "the box fills the frame: {html}"
    );
    let link = html_of(generate(&sb, &creative(feed), "INSTAGRAM_STORY").await);
    let (_, _, html) = page(&sb, &link).await;
    assert!(
        html.contains("<img class=\"whole\""),
        "whole between bars: {html}"
    );
    assert!(!html.contains("class=\"crop\""), "{html}");

    let video = "120330000000000001";
    let feed = json!({
        "videos": [{"video_id": video, "thumbnail_hash": hash}],
        "titles": [{"text": "Run"}], "bodies": [{"text": "Go"}],
        "link_urls": [{"website_url": "https://shop.example.com/"}],
        "call_to_action_types": ["SHOP_NOW"], "ad_formats": ["SINGLE_VIDEO"]
    });
    let feed_page = html_of(generate(&sb, &creative(feed.clone()), "MOBILE_FEED_STANDARD").await);
    assert!(page(&sb, &feed_page).await.2.contains(">video</div>"));
    let right = generate(&sb, &creative(feed), "RIGHT_COLUMN_STANDARD").await;
    assert_eq!(right.status, 200, "{}", right.body);
    let (_, _, html) = page(&sb, &html_of(right)).await;
    assert!(
        !html.contains(">video</div>"),
        "the right column shows no video: {html}"
    );
    assert!(html.contains("Run"), "{html}");
}

#[tokio::test]
async fn a_script_title_comes_back_as_text() {
    let sb = start(test_config()).await;
    let hash = sb.image().await;
    let feed = Sb::feed(&hash, &["<script>alert('x')</script>"]);
    let r = generate(&sb, &creative(feed), "MOBILE_FEED_STANDARD").await;
    let link = parse_preview(&r.body).unwrap().link;
    let (_, _, html) = page(&sb, &link).await;
    assert!(!html.contains("<script>"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        "{html}"
    );
}

#[tokio::test]
async fn an_unknown_ad_format_is_refused_naming_it_and_the_valid_ones() {
    let sb = start(test_config()).await;
    let hash = sb.image().await;
    let r = generate(&sb, &creative(Sb::feed(&hash, &["T"])), "INSTAGRAM_STORYY").await;
    assert_eq!(r.status, 400);
    assert_eq!(r.error(), (100, None));
    let m = r.body["error"]["message"].as_str().unwrap();
    assert!(
        m.contains("ad_format") && m.contains("INSTAGRAM_STORYY"),
        "{m}"
    );
    assert!(
        m.contains("RIGHT_COLUMN_STANDARD"),
        "names the valid values: {m}"
    );
    let r = sb
        .get(
            &format!("{ACT}/generatepreviews"),
            &[("creative", &creative(Sb::feed(&hash, &["T"])))],
        )
        .await;
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("ad_format is required"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn a_creative_with_an_unknown_image_hash_is_refused_like_adcreatives_refuses_it() {
    let sb = start(test_config()).await;
    let feed = Sb::feed("0123456789abcdef0123456789abcdef", &["T"]);
    let r = generate(&sb, &creative(feed.clone()), "MOBILE_FEED_STANDARD").await;
    let created = sb
        .post(&format!("{ACT}/adcreatives"), &Sb::creative_form(feed))
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.body["error"]["message"], created.body["error"]["message"]);
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("does not exist in ad account"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn previews_of_an_ad_and_of_its_creative_show_the_creative_and_a_campaign_has_none() {
    let sb = start(test_config()).await;
    let (campaign, _, creative_id, ad) = sb.launch(&["Launched title"]).await;
    for id in [&ad, &creative_id] {
        let r = sb
            .get(
                &format!("{id}/previews"),
                &[("ad_format", "DESKTOP_FEED_STANDARD")],
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let link = parse_preview(&r.body).unwrap().link;
        let (status, _, html) = page(&sb, &link).await;
        assert_eq!(status, 200);
        assert!(html.contains("Launched title"), "{html}");
    }
    let r = sb
        .get(
            &format!("{campaign}/previews"),
            &[("ad_format", "DESKTOP_FEED_STANDARD")],
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("previews"),
        "{}",
        r.body
    );
    let r = sb
        .get("999999/previews", &[("ad_format", "DESKTOP_FEED_STANDARD")])
        .await;
    assert_eq!(r.error().0, 100, "{}", r.body);
}

#[tokio::test]
async fn a_page_or_image_the_sandbox_does_not_have_is_a_plain_404() {
    let sb = start(test_config()).await;
    for path in ["/_sandbox/previews/p999", "/_sandbox/adimages/00ff"] {
        let (status, ct, _) = page(&sb, &format!("{}{path}", sb.base)).await;
        assert_eq!(status, 404, "{path}");
        assert!(ct.starts_with("text/plain"), "{ct}");
    }
}
