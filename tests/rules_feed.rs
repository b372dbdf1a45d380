//! Creative and asset feed rules (`src/spec/validate/feed.rs`) and image rules
//! (`src/spec/validate/images.rs`).

use crate::common;
use common::*;

use std::io::Write;

use dcw::spec::Severity::{Error, Warning};
use dcw::spec::{Finding, ImageFacts, ImageFormat, validate};
use serde_json::{Value, json};

const F: &str = "creative.asset_feed_spec";

fn fp(rest: &str) -> String {
    format!("{F}.{rest}")
}

fn feed(v: &mut Value) -> &mut Value {
    &mut v["creative"]["asset_feed_spec"]
}

/// The base spec with `creative.asset_feed_spec.<key>` set.
fn with_feed(key: &str, value: Value) -> Value {
    let mut v = base_json();
    feed(&mut v)[key] = value;
    v
}

/// `n` distinct image hashes.
fn hashes(n: usize) -> Value {
    (0..n)
        .map(|i| json!({ "hash": format!("{:032x}", i + 1) }))
        .collect()
}

/// `n` distinct text assets no longer than `prefix` plus two digits.
fn texts(prefix: &str, n: usize) -> Value {
    (0..n)
        .map(|i| json!({ "text": format!("{prefix} {i}") }))
        .collect()
}

fn links(n: usize) -> Value {
    (0..n)
        .map(|i| json!({ "website_url": format!("https://shop.example.com/{i}") }))
        .collect()
}

fn videos(n: usize) -> Value {
    (0..n)
        .map(|i| json!({ "video_id": format!("{}", 1_000_000 + i) }))
        .collect()
}

fn ctas(n: usize) -> Value {
    let all = [
        "SHOP_NOW",
        "LEARN_MORE",
        "BUY_NOW",
        "GET_OFFER",
        "SIGN_UP",
        "ORDER_NOW",
    ];
    Value::Array(all[..n].iter().map(|c| json!(c)).collect())
}

fn example(name: &str) -> Value {
    let text = std::fs::read_to_string(examples_dir().join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Creative and feed presence

#[test]
fn base_spec_is_clean() {
    expect_clean(&check(&base_json()));
}

#[test]
fn spec_without_creative_is_an_error() {
    let mut v = base_json();
    remove(&mut v, "creative");
    let findings = check(&v);
    expect_one(&findings, "creative.missing", "creative", Error);
    expect_none(&findings, "feed.missing");
}

#[test]
fn asset_feed_id_is_refused() {
    let mut v = base_json();
    set(&mut v, "creative.asset_feed_id", json!("1234567890"));
    let f = expect_one(
        &check(&v),
        "creative.asset_feed_id",
        "creative.asset_feed_id",
        Error,
    );
    assert!(f.message.contains("v3.1"), "{f:?}");
}

#[test]
fn the_standard_enhancements_bundle_is_refused_and_individual_features_pass() {
    let bundle = "creative.degrees_of_freedom_spec.creative_features_spec.standard_enhancements";
    let mut v = base_json();
    set(
        &mut v,
        "creative.degrees_of_freedom_spec",
        json!({"creative_features_spec": {"standard_enhancements": {"enroll_status": "OPT_OUT"}}}),
    );
    let f = expect_one(&check(&v), "creative.standard_enhancements", bundle, Error);
    assert!(f.message.contains("3858504"), "{f:?}");

    set(
        &mut v,
        "creative.degrees_of_freedom_spec",
        json!({"creative_features_spec": {"text_optimizations": {"enroll_status": "OPT_OUT"}}}),
    );
    expect_none(&check(&v), "creative.standard_enhancements");
}

#[test]
fn null_asset_feed_id_is_ignored() {
    let mut v = base_json();
    set(&mut v, "creative.asset_feed_id", Value::Null);
    expect_none(&check(&v), "creative.asset_feed_id");
}

#[test]
fn creative_without_asset_feed_spec_is_an_error() {
    let mut v = base_json();
    remove(&mut v, "creative.asset_feed_spec");
    let findings = check(&v);
    expect_one(&findings, "feed.missing", F, Error);
    expect_none(&findings, "creative.missing");
}

// ---------------------------------------------------------------------------------------------
// Ad formats

#[test]
fn feed_without_ad_format_is_an_error() {
    let mut v = base_json();
    remove(&mut v, &fp("ad_formats"));
    expect_one(&check(&v), "feed.ad_format_count", &fp("ad_formats"), Error);
    let v = with_feed("ad_formats", json!([]));
    expect_one(&check(&v), "feed.ad_format_count", &fp("ad_formats"), Error);
}

#[test]
fn feed_with_two_ad_formats_is_an_error() {
    let v = with_feed("ad_formats", json!(["SINGLE_IMAGE", "CAROUSEL"]));
    let f = expect_one(&check(&v), "feed.ad_format_count", &fp("ad_formats"), Error);
    assert!(f.message.contains("2 ad formats"), "{f:?}");
}

#[test]
fn unknown_ad_format_is_an_error_listing_the_formats() {
    let v = with_feed("ad_formats", json!(["SINGLE_IMAGES"]));
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "feed.ad_format_unknown",
        &fp("ad_formats[0]"),
        Error,
    );
    assert!(
        f.hint.as_deref().unwrap().contains("AUTOMATIC_FORMAT"),
        "{f:?}"
    );
    expect_none(&findings, "feed.ad_format_count");
}

#[test]
fn each_known_ad_format_alone_is_accepted() {
    for format in ["SINGLE_IMAGE", "CAROUSEL", "AUTOMATIC_FORMAT"] {
        expect_clean(&check(&with_feed("ad_formats", json!([format]))));
    }
    let mut v = with_feed("ad_formats", json!(["SINGLE_VIDEO"]));
    feed(&mut v)["videos"] = videos(1);
    expect_clean(&check(&v));
}

// ---------------------------------------------------------------------------------------------
// Asset counts

/// Findings for the base spec with `key` holding `list`, images by hash.
fn counted(key: &str, list: Value) -> Vec<Finding> {
    let mut v = with_feed("images", hashes(3));
    feed(&mut v)[key] = list;
    check(&v)
}

#[test]
fn more_than_10_images_is_an_error() {
    let findings = counted("images", hashes(11));
    let f = expect_one(&findings, "feed.too_many", &fp("images"), Error);
    assert_eq!(
        f.message,
        "The feed has 11 images; Dynamic Creative takes at most 10."
    );
    assert_eq!(f.hint.as_deref(), Some("Remove 1."));
}

#[test]
fn ten_images_are_accepted() {
    expect_clean(&counted("images", hashes(10)));
}

#[test]
fn more_than_10_videos_is_an_error() {
    let f = expect_one(
        &counted("videos", videos(11)),
        "feed.too_many",
        &fp("videos"),
        Error,
    );
    assert!(f.message.starts_with("The feed has 11 videos"), "{f:?}");
}

#[test]
fn ten_videos_are_accepted() {
    expect_clean(&counted("videos", videos(10)));
}

#[test]
fn more_than_5_titles_is_an_error() {
    let f = expect_one(
        &counted("titles", texts("Title", 6)),
        "feed.too_many",
        &fp("titles"),
        Error,
    );
    assert!(f.message.starts_with("The feed has 6 titles"), "{f:?}");
}

#[test]
fn more_than_5_bodies_is_an_error() {
    let f = expect_one(
        &counted("bodies", texts("Body", 6)),
        "feed.too_many",
        &fp("bodies"),
        Error,
    );
    assert!(f.message.starts_with("The feed has 6 bodies"), "{f:?}");
}

#[test]
fn more_than_5_descriptions_is_an_error() {
    let findings = counted("descriptions", texts("Desc", 6));
    let f = expect_one(&findings, "feed.too_many", &fp("descriptions"), Error);
    assert!(
        f.message.starts_with("The feed has 6 descriptions"),
        "{f:?}"
    );
}

#[test]
fn more_than_5_link_urls_is_an_error() {
    let f = expect_one(
        &counted("link_urls", links(6)),
        "feed.too_many",
        &fp("link_urls"),
        Error,
    );
    assert!(f.message.starts_with("The feed has 6 link URLs"), "{f:?}");
}

#[test]
fn more_than_5_call_to_action_types_is_an_error() {
    let findings = counted("call_to_action_types", ctas(6));
    let f = expect_one(
        &findings,
        "feed.too_many",
        &fp("call_to_action_types"),
        Error,
    );
    assert!(
        f.message.starts_with("The feed has 6 call to action types"),
        "{f:?}"
    );
}

#[test]
fn five_of_each_text_link_and_cta_are_accepted() {
    for (key, list) in [
        ("titles", texts("Title", 5)),
        ("bodies", texts("Body", 5)),
        ("descriptions", texts("Desc", 5)),
        ("link_urls", links(5)),
        ("call_to_action_types", ctas(5)),
    ] {
        let findings = counted(key, list);
        assert!(findings.is_empty(), "{key}: {findings:#?}");
    }
}

/// A feed of 10 images, 5 titles, 5 bodies, 5 descriptions, one format, `n_links` links and
/// `n_ctas` call-to-action types.
fn big_feed(n_links: usize, n_ctas: usize) -> Value {
    let mut v = base_json();
    let f = feed(&mut v);
    f["images"] = hashes(10);
    f["titles"] = texts("Title", 5);
    f["bodies"] = texts("Body", 5);
    f["descriptions"] = texts("Desc", 5);
    f["link_urls"] = links(n_links);
    f["call_to_action_types"] = ctas(n_ctas);
    v
}

#[test]
fn more_than_30_assets_in_all_is_an_error() {
    // 10 + 5 + 5 + 5 + 1 format + 3 links + 2 CTAs = 31.
    let findings = check(&big_feed(3, 2));
    let f = expect_one(&findings, "feed.too_many_assets", F, Error);
    assert!(f.message.contains("31 assets"), "{f:?}");
    expect_none(&findings, "feed.too_many");
}

#[test]
fn exactly_30_assets_are_accepted() {
    // The reference's example of 28, and 30 with two more call-to-action types.
    expect_clean(&check(&big_feed(1, 1)));
    expect_clean(&check(&big_feed(1, 3)));
}

// ---------------------------------------------------------------------------------------------
// Media the format needs

#[test]
fn carousel_with_one_image_is_an_error() {
    let mut v = with_feed("ad_formats", json!(["CAROUSEL"]));
    feed(&mut v)["images"] = hashes(1);
    let f = expect_one(&check(&v), "feed.format_needs_media", &fp("images"), Error);
    assert_eq!(f.message, "A carousel needs at least 2 images.");
}

#[test]
fn carousel_with_two_images_is_accepted() {
    let mut v = with_feed("ad_formats", json!(["CAROUSEL"]));
    feed(&mut v)["images"] = hashes(2);
    expect_clean(&check(&v));
}

#[test]
fn single_image_without_images_is_an_error() {
    let mut v = base_json();
    remove(&mut v, &fp("images"));
    let f = expect_one(&check(&v), "feed.format_needs_media", &fp("images"), Error);
    assert!(f.message.starts_with("SINGLE_IMAGE"), "{f:?}");
}

#[test]
fn single_video_without_videos_is_an_error() {
    let v = with_feed("ad_formats", json!(["SINGLE_VIDEO"]));
    let f = expect_one(&check(&v), "feed.format_needs_media", &fp("videos"), Error);
    assert!(f.message.starts_with("SINGLE_VIDEO"), "{f:?}");
}

#[test]
fn automatic_format_needs_an_image_or_a_video() {
    let mut v = with_feed("ad_formats", json!(["AUTOMATIC_FORMAT"]));
    remove(&mut v, &fp("images"));
    expect_one(&check(&v), "feed.format_needs_media", &fp("images"), Error);
    feed(&mut v)["videos"] = videos(1);
    expect_clean(&check(&v));
}

// ---------------------------------------------------------------------------------------------
// Texts

fn with_text(key: &str, i: usize, text: Value) -> Value {
    let mut v = base_json();
    feed(&mut v)[key][i]["text"] = text;
    v
}

#[test]
fn title_without_text_is_an_error() {
    let mut v = base_json();
    feed(&mut v)["titles"][1] = json!({});
    let f = expect_one(
        &check(&v),
        "feed.text_missing",
        &fp("titles[1].text"),
        Error,
    );
    assert_eq!(f.message, "This title has no text.");
}

#[test]
fn empty_body_is_an_error() {
    let v = with_text("bodies", 0, json!(""));
    let f = expect_one(
        &check(&v),
        "feed.text_missing",
        &fp("bodies[0].text"),
        Error,
    );
    assert_eq!(f.message, "This body is empty.");
}

#[test]
fn single_space_description_means_blank_and_is_accepted() {
    let v = with_text("descriptions", 0, json!(" "));
    expect_clean(&check(&v));
}

#[test]
fn title_over_255_characters_is_too_long() {
    let v = with_text("titles", 0, json!("a".repeat(256)));
    let f = expect_one(
        &check(&v),
        "feed.text_too_long",
        &fp("titles[0].text"),
        Error,
    );
    assert!(
        f.message.contains("256 characters") && f.message.contains("at most 255"),
        "{f:?}"
    );
    assert_eq!(f.hint.as_deref(), Some("Cut 1 character."));
}

#[test]
fn title_of_255_characters_is_not_too_long() {
    let findings = check(&with_text("titles", 0, json!("a".repeat(255))));
    expect_none(&findings, "feed.text_too_long");
}

#[test]
fn text_length_counts_characters_not_bytes() {
    for ch in ["😀", "雪"] {
        let ok = check(&with_text("titles", 0, json!(ch.repeat(255))));
        expect_none(&ok, "feed.text_too_long");
        let long = check(&with_text("titles", 0, json!(ch.repeat(256))));
        let f = expect_one(&long, "feed.text_too_long", &fp("titles[0].text"), Error);
        assert!(f.message.contains("256 characters"), "{f:?}");
    }
}

#[test]
fn body_over_1024_characters_is_too_long() {
    let v = with_text("bodies", 1, json!("b".repeat(1025)));
    expect_one(
        &check(&v),
        "feed.text_too_long",
        &fp("bodies[1].text"),
        Error,
    );
    let v = with_text("bodies", 1, json!("雪".repeat(1024)));
    expect_none(&check(&v), "feed.text_too_long");
}

#[test]
fn description_over_255_characters_is_too_long() {
    let v = with_text("descriptions", 0, json!("d".repeat(256)));
    expect_one(
        &check(&v),
        "feed.text_too_long",
        &fp("descriptions[0].text"),
        Error,
    );
    let v = with_text("descriptions", 0, json!("d".repeat(255)));
    expect_none(&check(&v), "feed.text_too_long");
}

#[test]
fn title_over_40_characters_is_a_truncation_warning() {
    let v = with_text("titles", 2, json!("t".repeat(41)));
    let f = expect_one(
        &check(&v),
        "feed.text_truncated",
        &fp("titles[2].text"),
        Warning,
    );
    assert!(
        f.message.contains("41 characters") && f.message.contains("about 40"),
        "{f:?}"
    );
}

#[test]
fn body_over_125_characters_is_a_truncation_warning() {
    let v = with_text("bodies", 0, json!("b".repeat(126)));
    let f = expect_one(
        &check(&v),
        "feed.text_truncated",
        &fp("bodies[0].text"),
        Warning,
    );
    assert!(f.message.contains("about 125"), "{f:?}");
}

#[test]
fn description_over_30_characters_is_a_truncation_warning() {
    let v = with_text("descriptions", 1, json!("d".repeat(31)));
    let f = expect_one(
        &check(&v),
        "feed.text_truncated",
        &fp("descriptions[1].text"),
        Warning,
    );
    assert!(f.message.contains("about 30"), "{f:?}");
}

#[test]
fn texts_at_the_display_guidance_are_not_truncated() {
    let mut v = with_text("titles", 0, json!("t".repeat(40)));
    feed(&mut v)["bodies"][0]["text"] = json!("b".repeat(125));
    feed(&mut v)["descriptions"][0]["text"] = json!("雪".repeat(30));
    expect_clean(&check(&v));
}

#[test]
fn too_long_text_is_not_also_a_truncation_warning() {
    let findings = check(&with_text("titles", 0, json!("a".repeat(300))));
    expect_none(&findings, "feed.text_truncated");
}

// ---------------------------------------------------------------------------------------------
// Duplicate assets

#[test]
fn repeated_title_is_a_duplicate() {
    let v = with_text("titles", 2, json!("Boots for real winters"));
    let f = expect_one(
        &check(&v),
        "feed.duplicate_asset",
        &fp("titles[2].text"),
        Error,
    );
    assert!(f.message.contains("repeats title 1 (titles[0])"), "{f:?}");
}

#[test]
fn repeated_body_is_a_duplicate() {
    let mut v = base_json();
    let first = feed(&mut v)["bodies"][0]["text"].clone();
    feed(&mut v)["bodies"][1]["text"] = first;
    let f = expect_one(
        &check(&v),
        "feed.duplicate_asset",
        &fp("bodies[1].text"),
        Error,
    );
    assert!(f.message.contains("repeats body 1 (bodies[0])"), "{f:?}");
}

#[test]
fn repeated_description_is_a_duplicate() {
    let v = with_text("descriptions", 1, json!("Free returns"));
    expect_one(
        &check(&v),
        "feed.duplicate_asset",
        &fp("descriptions[1].text"),
        Error,
    );
}

#[test]
fn texts_differing_only_in_case_are_not_duplicates() {
    let v = with_text("titles", 2, json!("boots for real winters"));
    expect_clean(&check(&v));
}

#[test]
fn repeated_link_is_a_duplicate() {
    let v = with_feed(
        "link_urls",
        json!([{ "website_url": "https://shop.example.com/winter" },
               { "website_url": "https://shop.example.com/winter" }]),
    );
    let f = expect_one(
        &check(&v),
        "feed.duplicate_asset",
        &fp("link_urls[1].website_url"),
        Error,
    );
    assert!(f.message.contains("repeats link 1 (link_urls[0])"), "{f:?}");
}

#[test]
fn distinct_links_are_not_duplicates() {
    expect_clean(&check(&with_feed("link_urls", links(2))));
}

#[test]
fn repeated_call_to_action_type_is_a_duplicate() {
    let v = with_feed(
        "call_to_action_types",
        json!(["SHOP_NOW", "LEARN_MORE", "SHOP_NOW"]),
    );
    let f = expect_one(
        &check(&v),
        "feed.duplicate_asset",
        &fp("call_to_action_types[2]"),
        Error,
    );
    assert!(f.message.contains("SHOP_NOW is listed twice"), "{f:?}");
}

#[test]
fn repeated_image_file_is_a_duplicate() {
    let mut v = base_json();
    let first = feed(&mut v)["images"][0].clone();
    feed(&mut v)["images"][2] = first;
    let f = expect_one(&check(&v), "feed.duplicate_asset", &fp("images[2]"), Error);
    assert!(f.message.contains("repeats image 1 (images[0])"), "{f:?}");
}

#[test]
fn repeated_image_hash_is_a_duplicate() {
    let h = format!("{:032x}", 7);
    let v = with_feed(
        "images",
        json!([{ "hash": h }, { "hash": format!("{:032x}", 8) }, { "hash": h }]),
    );
    expect_one(&check(&v), "feed.duplicate_asset", &fp("images[2]"), Error);
}

#[test]
fn distinct_images_are_not_duplicates() {
    expect_clean(&check(&with_feed("images", hashes(3))));
}

// ---------------------------------------------------------------------------------------------
// Links and calls to action

#[test]
fn feed_without_link_urls_is_an_error() {
    let mut v = base_json();
    remove(&mut v, &fp("link_urls"));
    let f = expect_one(&check(&v), "feed.link_missing", &fp("link_urls"), Error);
    assert!(f.hint.as_deref().unwrap().contains("website_url"), "{f:?}");
    let v = with_feed("link_urls", json!([]));
    expect_one(&check(&v), "feed.link_missing", &fp("link_urls"), Error);
}

#[test]
fn link_without_website_url_is_an_error() {
    let v = with_feed("link_urls", json!([{ "display_url": "shop.example.com" }]));
    let f = expect_one(
        &check(&v),
        "feed.link_missing",
        &fp("link_urls[0].website_url"),
        Error,
    );
    assert_eq!(f.message, "This link has no website_url.");
}

#[test]
fn link_that_is_not_an_absolute_http_url_is_invalid() {
    for bad in [
        "shop.example.com/winter",
        "ftp://shop.example.com/",
        "https://",
        "mailto:a@b.c",
    ] {
        let v = with_feed("link_urls", json!([{ "website_url": bad }]));
        let f = expect_one(
            &check(&v),
            "feed.link_invalid",
            &fp("link_urls[0].website_url"),
            Error,
        );
        assert!(f.message.contains(bad), "{f:?}");
    }
}

#[test]
fn absolute_http_and_https_links_are_valid() {
    for good in [
        "http://example.com",
        "https://shop.example.com/winter?utm=1#top",
    ] {
        let v = with_feed("link_urls", json!([{ "website_url": good }]));
        expect_clean(&check(&v));
    }
}

#[test]
fn sales_feed_without_call_to_action_types_is_an_error() {
    let mut v = base_json();
    remove(&mut v, &fp("call_to_action_types"));
    let f = expect_one(
        &check(&v),
        "feed.cta_missing",
        &fp("call_to_action_types"),
        Error,
    );
    assert!(f.message.contains("awareness"), "{f:?}");
    let v = with_feed("call_to_action_types", json!([]));
    expect_one(
        &check(&v),
        "feed.cta_missing",
        &fp("call_to_action_types"),
        Error,
    );
}

#[test]
fn awareness_feed_needs_no_call_to_action_type() {
    let v = example("awareness-city-festival.json");
    assert!(
        v["creative"]["asset_feed_spec"]
            .get("call_to_action_types")
            .is_none()
    );
    expect_clean(&check(&v));
}

#[test]
fn traffic_feed_without_call_to_action_types_is_an_error() {
    let mut v = example("awareness-city-festival.json");
    set(&mut v, "campaign.objective", json!("OUTCOME_TRAFFIC"));
    expect_one(
        &check(&v),
        "feed.cta_missing",
        &fp("call_to_action_types"),
        Error,
    );
}

#[test]
fn unknown_call_to_action_type_suggests_the_graph_spelling() {
    for written in ["shop now", "Shop-Now"] {
        let v = with_feed("call_to_action_types", json!([written]));
        let f = expect_one(
            &check(&v),
            "feed.cta_unknown",
            &fp("call_to_action_types[0]"),
            Error,
        );
        assert!(f.message.contains(written), "{f:?}");
        assert_eq!(
            f.hint.as_deref(),
            Some("Did you mean SHOP_NOW? Types are upper case with underscores.")
        );
    }
}

#[test]
fn unknown_call_to_action_type_without_a_near_match_gets_a_general_hint() {
    let v = with_feed("call_to_action_types", json!(["SHOP_NOW", "BUY_IT_NOW"]));
    let f = expect_one(
        &check(&v),
        "feed.cta_unknown",
        &fp("call_to_action_types[1]"),
        Error,
    );
    assert!(
        f.hint.as_deref().unwrap().contains("Graph's spelling"),
        "{f:?}"
    );
}

#[test]
fn known_call_to_action_types_are_accepted() {
    let v = with_feed("call_to_action_types", json!(["BUY_NOW", "GET_OFFER"]));
    expect_clean(&check(&v));
}

// ---------------------------------------------------------------------------------------------
// Refused feed features

#[test]
fn asset_customization_rules_are_refused() {
    let rules =
        json!([{ "customization_spec": { "publisher_platforms": ["facebook"] }, "priority": 1 }]);
    let v = with_feed("asset_customization_rules", rules);
    let f = expect_one(
        &check(&v),
        "feed.customization_rules",
        &fp("asset_customization_rules"),
        Error,
    );
    assert!(f.hint.is_some());
    let v = with_feed("asset_customization_rules", json!({ "priority": 1 }));
    expect_one(
        &check(&v),
        "feed.customization_rules",
        &fp("asset_customization_rules"),
        Error,
    );
}

#[test]
fn empty_asset_customization_rules_are_accepted() {
    let v = with_feed("asset_customization_rules", json!([]));
    expect_clean(&check(&v));
}

#[test]
fn optimization_type_other_than_regular_is_refused() {
    let v = with_feed("optimization_type", json!("PLACEMENT"));
    let f = expect_one(
        &check(&v),
        "feed.optimization_type",
        &fp("optimization_type"),
        Error,
    );
    assert!(f.message.contains("PLACEMENT"), "{f:?}");
}

#[test]
fn regular_optimization_type_is_accepted() {
    expect_clean(&check(&with_feed("optimization_type", json!("REGULAR"))));
}

/// The base spec as a carousel of its three images.
fn carousel() -> Value {
    with_feed("ad_formats", json!(["CAROUSEL"]))
}

#[test]
fn carousel_refuses_body_labels() {
    let mut v = carousel();
    feed(&mut v)["bodies"][1]["adlabels"] = json!([{ "name": "body_b" }]);
    let f = expect_one(
        &check(&v),
        "feed.carousel_labels",
        &fp("bodies[1].adlabels"),
        Error,
    );
    assert!(f.hint.as_deref().unwrap().contains("SINGLE_IMAGE"), "{f:?}");
}

#[test]
fn carousel_refuses_link_url_labels() {
    let mut v = carousel();
    feed(&mut v)["link_urls"][0]["adlabels"] = json!([{ "name": "link_a" }]);
    expect_one(
        &check(&v),
        "feed.carousel_labels",
        &fp("link_urls[0].adlabels"),
        Error,
    );
}

#[test]
fn carousel_refuses_caption_labels() {
    let mut v = carousel();
    feed(&mut v)["captions"] = json!([{ "text": "caption", "adlabels": [{ "name": "cap" }] }]);
    expect_one(
        &check(&v),
        "feed.carousel_labels",
        &fp("captions[0].adlabels"),
        Error,
    );
}

#[test]
fn carousel_refuses_call_to_action_labels() {
    let mut v = carousel();
    feed(&mut v)["call_to_actions"] =
        json!([{ "type": "SHOP_NOW", "adlabels": [{ "name": "cta" }] }]);
    expect_one(
        &check(&v),
        "feed.carousel_labels",
        &fp("call_to_actions[0].adlabels"),
        Error,
    );
}

#[test]
fn carousel_accepts_title_and_image_labels_and_empty_label_lists() {
    let mut v = carousel();
    let f = feed(&mut v);
    f["titles"][0]["adlabels"] = json!([{ "name": "title_a" }]);
    f["images"][0]["adlabels"] = json!([{ "name": "image_a" }]);
    f["bodies"][0]["adlabels"] = json!([]);
    expect_clean(&check(&v));
}

#[test]
fn single_image_feed_may_label_bodies() {
    let mut v = base_json();
    feed(&mut v)["bodies"][1]["adlabels"] = json!([{ "name": "body_b" }]);
    expect_clean(&check(&v));
}

#[test]
fn video_without_video_id_is_an_error() {
    let mut v = with_feed("ad_formats", json!(["AUTOMATIC_FORMAT"]));
    feed(&mut v)["videos"] =
        json!([{ "video_id": "1000001" }, { "thumbnail_url": "https://x.example/t.jpg" }]);
    let f = expect_one(
        &check(&v),
        "feed.video_id_missing",
        &fp("videos[1].video_id"),
        Error,
    );
    assert_eq!(f.message, "This video has no video_id.");
}

#[test]
fn video_with_video_id_is_accepted() {
    let mut v = with_feed("ad_formats", json!(["AUTOMATIC_FORMAT"]));
    feed(&mut v)["videos"] =
        json!([{ "video_id": "1000001", "thumbnail_url": "https://x.example/t.jpg" }]);
    expect_clean(&check(&v));
}

// ---------------------------------------------------------------------------------------------
// App installs: one link, the store URL

const STORE: &str = "https://apps.apple.com/us/app/puzzle-quest/id284882215";

#[test]
fn app_install_example_is_clean() {
    expect_clean(&check(&example("app-install-puzzle.json")));
}

#[test]
fn app_installs_take_exactly_one_link() {
    let mut v = example("app-install-puzzle.json");
    feed(&mut v)["link_urls"] =
        json!([{ "website_url": STORE }, { "website_url": "https://puzzle.example.com/" }]);
    let f = expect_one(&check(&v), "feed.app_link_count", &fp("link_urls"), Error);
    assert!(f.message.contains("the feed has 2"), "{f:?}");
}

#[test]
fn app_install_link_must_be_the_store_url() {
    let mut v = example("app-install-puzzle.json");
    feed(&mut v)["link_urls"] = json!([{ "website_url": "https://puzzle.example.com/" }]);
    let f = expect_one(
        &check(&v),
        "feed.app_link_mismatch",
        &fp("link_urls[0].website_url"),
        Error,
    );
    assert_eq!(f.hint, Some(format!("Set it to {STORE}.")));
}

#[test]
fn other_goals_may_have_several_links_not_matching_a_store() {
    let findings = check(&with_feed("link_urls", links(3)));
    expect_none(&findings, "feed.app_link_count");
    expect_none(&findings, "feed.app_link_mismatch");
    expect_clean(&findings);
}

// ---------------------------------------------------------------------------------------------
// Image sources

const IMG: &str = "creative.asset_feed_spec.images";

fn ip(rest: &str) -> String {
    format!("{IMG}{rest}")
}

/// The base spec with `images[0]` replaced.
fn with_image0(image: Value) -> Value {
    let mut v = base_json();
    feed(&mut v)["images"][0] = image;
    v
}

#[test]
fn image_by_url_is_refused() {
    let v = with_image0(json!({ "url": "https://cdn.example.com/boots.jpg" }));
    let findings = check(&v);
    let f = expect_one(&findings, "image.url_unsupported", &ip("[0].url"), Error);
    assert!(f.hint.is_some());
    expect_none(&findings, "image.source_missing");
}

#[test]
fn image_by_hash_is_accepted() {
    expect_clean(&check(&with_image0(
        json!({ "hash": "0123456789abcdef0123456789ABCDEF" }),
    )));
}

#[test]
fn image_with_hash_and_file_is_ambiguous() {
    let v = with_image0(json!({ "hash": format!("{:032x}", 1), "file": "images/boots.jpg" }));
    expect_one(&check(&v), "image.source_ambiguous", &ip("[0]"), Error);
}

#[test]
fn image_with_neither_hash_nor_file_is_an_error() {
    let v = with_image0(json!({ "image_crops": { "100x100": [[0, 0], [100, 100]] } }));
    let f = expect_one(&check(&v), "image.source_missing", &ip("[0]"), Error);
    assert!(f.hint.as_deref().unwrap().contains("JPEG"), "{f:?}");
}

#[test]
fn image_with_an_empty_file_is_missing_its_source_and_nothing_else() {
    for blank in ["", "  "] {
        let v = with_image0(json!({ "file": blank }));
        let findings = check(&v);
        expect_one(&findings, "image.source_missing", &ip("[0].file"), Error);
        expect_none(&findings, "image.file_missing");
        expect_none(&findings, "image.file_unreadable");
    }
}

#[test]
fn malformed_hash_is_an_error() {
    for bad in [
        "abc123",
        "0123456789abcdef0123456789abcdeg",
        "0123456789abcdef0123456789abcdef0",
    ] {
        let v = with_image0(json!({ "hash": bad }));
        let f = expect_one(&check(&v), "image.hash_malformed", &ip("[0].hash"), Error);
        assert!(f.message.contains(bad), "{f:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Image files

fn temp_file(suffix: &str, bytes: &[u8]) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(suffix).tempfile().unwrap();
    f.write_all(bytes).unwrap();
    f.flush().unwrap();
    f
}

/// The base spec with `images[0]` the file at `path`, with no crop.
fn with_file0(path: &str) -> Value {
    with_image0(json!({ "file": path }))
}

/// A 1x1 24-bit BMP.
fn bmp() -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(b"BM");
    b.extend_from_slice(&58u32.to_le_bytes());
    b.extend_from_slice(&[0, 0, 0, 0]);
    b.extend_from_slice(&54u32.to_le_bytes());
    b.extend_from_slice(&40u32.to_le_bytes());
    b.extend_from_slice(&1i32.to_le_bytes());
    b.extend_from_slice(&1i32.to_le_bytes());
    b.extend_from_slice(&1u16.to_le_bytes());
    b.extend_from_slice(&24u16.to_le_bytes());
    b.extend_from_slice(&[0; 24]);
    b.extend_from_slice(&[0, 0, 255, 0]);
    b
}

/// A 1x1 GIF.
const GIF: &[u8] = &[
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0xff, 0xff, 0xff,
    0x00, 0x00, 0x00, 0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b,
];

#[test]
fn missing_image_file_is_an_error() {
    let v = with_file0("images/no-such-boots.jpg");
    let f = expect_one(&check(&v), "image.file_missing", &ip("[0].file"), Error);
    assert_eq!(f.message, "No file at \"images/no-such-boots.jpg\".");
}

#[test]
fn existing_image_file_is_found() {
    let v = with_file0("images/app-screen.png");
    expect_clean(&check(&v));
}

#[test]
fn file_too_short_to_be_an_image_is_unreadable() {
    let tmp = temp_file(".jpg", b"hello");
    let path = tmp.path().to_str().unwrap();
    let f = expect_one(
        &check(&with_file0(path)),
        "image.file_unreadable",
        &ip("[0].file"),
        Error,
    );
    assert!(f.message.contains("too short"), "{f:?}");
}

#[test]
fn folder_given_as_image_file_is_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    let f = expect_one(
        &check(&with_file0(path)),
        "image.file_unreadable",
        &ip("[0].file"),
        Error,
    );
    assert!(f.message.contains("folder"), "{f:?}");
}

#[test]
fn png_with_a_damaged_header_is_unreadable() {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(&[0, 0, 0, 13, b'I', b'H']);
    let tmp = temp_file(".png", &bytes);
    let path = tmp.path().to_str().unwrap();
    let f = expect_one(
        &check(&with_file0(path)),
        "image.file_unreadable",
        &ip("[0].file"),
        Error,
    );
    assert!(f.message.contains("damaged"), "{f:?}");
}

#[test]
fn text_file_given_as_image_is_an_unsupported_format() {
    let tmp = temp_file(".jpg", b"this is a text file, not an image at all\n");
    let path = tmp.path().to_str().unwrap();
    let findings = check(&with_file0(path));
    let f = expect_one(
        &findings,
        "image.format_unsupported",
        &ip("[0].file"),
        Error,
    );
    assert!(
        f.message.contains("no image format dcw recognises"),
        "{f:?}"
    );
    expect_none(&findings, "image.file_unreadable");
}

#[test]
fn bmp_is_an_unsupported_format_and_its_crops_are_not_checked() {
    let tmp = temp_file(".bmp", &bmp());
    let path = tmp.path().to_str().unwrap();
    let v =
        with_image0(json!({ "file": path, "image_crops": { "100x100": [[0, 0], [1080, 1080]] } }));
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "image.format_unsupported",
        &ip("[0].file"),
        Error,
    );
    assert!(f.message.contains("holds BMP"), "{f:?}");
    assert_eq!(f.hint.as_deref(), Some("Export it as JPEG or PNG."));
    expect_none(&findings, "image.crop_outside");
    expect_none(&findings, "image.not_square");
}

#[test]
fn webp_is_an_unsupported_format() {
    // RIFF header with a lossy VP8 chunk for a 16x16 picture.
    let mut bytes = b"RIFF".to_vec();
    bytes.extend_from_slice(&30u32.to_le_bytes());
    bytes.extend_from_slice(b"WEBPVP8 ");
    bytes.extend_from_slice(&18u32.to_le_bytes());
    bytes.extend_from_slice(&[0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a, 16, 0, 16, 0]);
    bytes.extend_from_slice(&[0; 8]);
    let tmp = temp_file(".webp", &bytes);
    let path = tmp.path().to_str().unwrap();
    let f = expect_one(
        &check(&with_file0(path)),
        "image.format_unsupported",
        &ip("[0].file"),
        Error,
    );
    assert!(f.message.contains("WEBP"), "{f:?}");
}

#[test]
fn gif_is_a_supported_format() {
    let tmp = temp_file(".gif", GIF);
    let path = tmp.path().to_str().unwrap();
    expect_clean(&check(&with_file0(path)));
}

/// Findings for a spec whose `images[0]` is `big.jpg`, a 1080x1080 JPEG of `bytes`.
fn with_size(bytes: u64) -> Vec<Finding> {
    let v = with_file0("big.jpg");
    let s = spec(&v);
    let mut facts = facts_with_images(&s);
    facts.images.insert(
        "big.jpg".into(),
        ImageFacts::Read {
            format: ImageFormat::Jpeg,
            width: 1080,
            height: 1080,
            bytes,
            complete: true,
        },
    );
    validate(&s, &facts)
}

#[test]
fn image_over_30_mb_is_too_large() {
    let findings = with_size(31 * 1024 * 1024);
    let f = expect_one(&findings, "image.file_too_large", &ip("[0].file"), Error);
    assert!(f.message.contains("31.0 MB"), "{f:?}");
}

#[test]
fn image_of_exactly_30_mb_is_accepted() {
    expect_clean(&with_size(30 * 1024 * 1024));
}

/// Findings for a spec whose `images[0]` is `read.png`, with the facts its header gave.
fn with_read(width: u32, height: u32, complete: bool) -> Vec<Finding> {
    let v = with_file0("read.png");
    let s = spec(&v);
    let mut facts = facts_with_images(&s);
    facts.images.insert(
        "read.png".into(),
        ImageFacts::Read {
            format: ImageFormat::Png,
            width,
            height,
            bytes: 4000,
            complete,
        },
    );
    validate(&s, &facts)
}

#[test]
fn image_claiming_no_pixels_one_way_is_an_error_naming_the_size() {
    for (w, h) in [(0, 0), (0, 1080), (1080, 0)] {
        let findings = with_read(w, h, true);
        let f = expect_one(&findings, "image.size_empty", &ip("[0].file"), Error);
        assert!(f.message.contains(&format!("{w}x{h} pixels")), "{f:?}");
        expect_none(&findings, "image.not_square");
    }
}

#[test]
fn image_of_one_pixel_each_way_has_a_size() {
    let findings = with_read(1, 1, true);
    expect_none(&findings, "image.size_empty");
    expect_none(&findings, "image.size_too_large");
}

#[test]
fn image_over_200_megapixels_is_an_error_naming_the_size() {
    for (w, h) in [(20_000, 10_001), (100_000, 100_000), (u32::MAX, u32::MAX)] {
        let findings = with_read(w, h, true);
        let f = expect_one(&findings, "image.size_too_large", &ip("[0].file"), Error);
        assert!(
            f.message.contains(&format!("{w}x{h} pixels"))
                && f.message.contains("up to 200 megapixels"),
            "{f:?}"
        );
        expect_none(&findings, "image.not_square");
    }
}

#[test]
fn image_of_exactly_200_megapixels_is_accepted() {
    // 20000x10000, and the largest phone photos (16320x12240).
    for (w, h) in [(20_000, 10_000), (16_320, 12_240)] {
        expect_none(&with_read(w, h, true), "image.size_too_large");
    }
}

#[test]
fn image_cut_off_after_its_header_is_truncated() {
    let findings = with_read(1080, 1080, false);
    let f = expect_one(&findings, "image.file_truncated", &ip("[0].file"), Error);
    assert!(
        f.message
            .contains("the file ends before the picture: truncated?"),
        "{f:?}"
    );
}

/// A PNG of nothing but its signature and header chunk (33 bytes), claiming `w`x`h`.
fn png_header_only(w: u32, h: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
    b.extend_from_slice(&13u32.to_be_bytes());
    let mut chunk = b"IHDR".to_vec();
    chunk.extend_from_slice(&w.to_be_bytes());
    chunk.extend_from_slice(&h.to_be_bytes());
    chunk.extend_from_slice(&[8, 2, 0, 0, 0]);
    let crc = png_crc(&chunk);
    b.extend_from_slice(&chunk);
    b.extend_from_slice(&crc.to_be_bytes());
    b
}

/// PNG's CRC-32 (ISO 3309), over a chunk's type and data.
fn png_crc(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn header_only_png_claiming_100000_by_100000_is_refused_for_its_size_and_its_missing_body() {
    let bytes = png_header_only(100_000, 100_000);
    assert_eq!(bytes.len(), 33);
    let tmp = temp_file(".png", &bytes);
    let path = tmp.path().to_str().unwrap();
    let findings = check(&with_file0(path));
    let f = expect_one(&findings, "image.size_too_large", &ip("[0].file"), Error);
    assert!(f.message.contains("100000x100000"), "{f:?}");
    expect_one(&findings, "image.file_truncated", &ip("[0].file"), Error);
}

#[test]
fn header_only_png_claiming_0_by_0_is_refused() {
    let tmp = temp_file(".png", &png_header_only(0, 0));
    let path = tmp.path().to_str().unwrap();
    let findings = check(&with_file0(path));
    expect_one(&findings, "image.size_empty", &ip("[0].file"), Error);
}

#[test]
fn images_cut_off_before_their_end_marker_are_truncated() {
    let examples = examples_dir().join("images");
    let png = std::fs::read(examples.join("app-screen.png")).unwrap();
    let jpeg = std::fs::read(examples.join("boots.jpg")).unwrap();
    let cut = [
        (".png", png[..png.len() / 2].to_vec()),
        (".png", png[..png.len() - 1].to_vec()),
        (".jpg", jpeg[..jpeg.len() / 2].to_vec()),
        (".jpg", jpeg[..jpeg.len() - 2].to_vec()),
        (".gif", GIF[..GIF.len() - 1].to_vec()),
    ];
    for (suffix, bytes) in cut {
        let tmp = temp_file(suffix, &bytes);
        let path = tmp.path().to_str().unwrap();
        let findings = check(&with_file0(path));
        let f = expect_one(&findings, "image.file_truncated", &ip("[0].file"), Error);
        assert!(f.message.contains(path), "{f:?}");
    }
}

#[test]
fn whole_images_and_ones_padded_after_their_end_marker_are_not_truncated() {
    let examples = examples_dir().join("images");
    let mut jpeg = std::fs::read(examples.join("boots.jpg")).unwrap();
    let mut gif = GIF.to_vec();
    for (suffix, bytes) in [
        (
            ".png",
            std::fs::read(examples.join("app-screen.png")).unwrap(),
        ),
        (".jpg", jpeg.clone()),
        (".gif", gif.clone()),
    ] {
        let tmp = temp_file(suffix, &bytes);
        expect_none(
            &check(&with_file0(tmp.path().to_str().unwrap())),
            "image.file_truncated",
        );
    }
    // Some writers pad the file after the end marker.
    jpeg.extend_from_slice(&[0, 0, 0, 0]);
    gif.extend_from_slice(b"\r\n");
    for (suffix, bytes) in [(".jpg", jpeg), (".gif", gif)] {
        let tmp = temp_file(suffix, &bytes);
        expect_none(
            &check(&with_file0(tmp.path().to_str().unwrap())),
            "image.file_truncated",
        );
    }
}

#[cfg(unix)]
#[test]
fn named_pipe_given_as_image_file_is_unreadable_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("boots.jpg");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let path = fifo.to_str().unwrap().to_string();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(check(&with_file0(&path)));
    });
    let findings = rx
        .recv_timeout(std::time::Duration::from_secs(5))
        .expect("validating a spec naming a named pipe ends");
    let f = expect_one(&findings, "image.file_unreadable", &ip("[0].file"), Error);
    assert!(f.message.contains("named pipe (FIFO)"), "{f:?}");
}

// ---------------------------------------------------------------------------------------------
// Crops

/// The base spec with `images[0]` boots.jpg (1080x1080) cropped with `crops`.
fn boots_crops(crops: Value) -> Value {
    with_image0(json!({ "file": "images/boots.jpg", "image_crops": crops }))
}

fn crop_path(key: &str) -> String {
    ip(&format!("[0].image_crops[\"{key}\"]"))
}

#[test]
fn more_than_one_crop_per_image_is_an_error() {
    let v = boots_crops(json!({
        "100x100": [[0, 0], [1080, 1080]],
        "400x500": [[108, 0], [972, 1080]]
    }));
    let f = expect_one(
        &check(&v),
        "image.crop_count",
        &ip("[0].image_crops"),
        Error,
    );
    assert!(f.message.contains("2 crops"), "{f:?}");
}

#[test]
fn one_crop_per_image_is_accepted() {
    expect_clean(&check(&boots_crops(
        json!({ "400x500": [[108, 0], [972, 1080]] }),
    )));
}

#[test]
fn crop_key_191x100_is_obsolete() {
    let v = boots_crops(json!({ "191x100": [[0, 257], [1080, 822]] }));
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "image.crop_key_obsolete",
        &crop_path("191x100"),
        Error,
    );
    assert!(f.message.contains("2490085"), "{f:?}");
    expect_none(&findings, "image.crop_key_unknown");
}

#[test]
fn landscape_crop_600x360_is_accepted() {
    expect_clean(&check(&boots_crops(
        json!({ "600x360": [[0, 216], [1080, 864]] }),
    )));
}

#[test]
fn undocumented_crop_key_is_unknown() {
    let v = boots_crops(json!({ "300x400": [[135, 0], [945, 1080]] }));
    let f = expect_one(
        &check(&v),
        "image.crop_key_unknown",
        &crop_path("300x400"),
        Error,
    );
    assert!(f.hint.as_deref().unwrap().contains("90x160"), "{f:?}");
}

#[test]
fn every_documented_crop_key_is_known() {
    for (key, bx) in [
        ("100x100", json!([[0, 0], [1080, 1080]])),
        ("100x72", json!([[0, 151], [1080, 929]])),
        ("400x150", json!([[0, 338], [1080, 743]])),
        ("400x500", json!([[108, 0], [972, 1080]])),
        ("600x360", json!([[0, 216], [1080, 864]])),
        ("90x160", json!([[236, 0], [844, 1080]])),
    ] {
        let findings = check(&boots_crops(json!({ key: bx })));
        assert!(findings.is_empty(), "{key}: {findings:#?}");
    }
}

#[test]
fn negative_crop_point_is_an_error() {
    let v = boots_crops(json!({ "100x100": [[-1, 0], [1079, 1080]] }));
    let findings = check(&v);
    expect_one(
        &findings,
        "image.crop_negative",
        &crop_path("100x100"),
        Error,
    );
    expect_none(&findings, "image.crop_ratio");
}

#[test]
fn crop_with_right_not_after_left_is_inverted() {
    let v = boots_crops(json!({ "100x100": [[1080, 0], [0, 1080]] }));
    let f = expect_one(
        &check(&v),
        "image.crop_inverted",
        &crop_path("100x100"),
        Error,
    );
    assert!(
        f.message.contains("[[left, top], [right, bottom]]"),
        "{f:?}"
    );
    let v = boots_crops(json!({ "100x100": [[0, 500], [1080, 500]] }));
    expect_one(
        &check(&v),
        "image.crop_inverted",
        &crop_path("100x100"),
        Error,
    );
}

#[test]
fn crop_reaching_outside_the_image_is_an_error_with_the_largest_crop() {
    let v = boots_crops(json!({ "100x100": [[0, 0], [1081, 1081]] }));
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "image.crop_outside",
        &crop_path("100x100"),
        Error,
    );
    assert_eq!(
        f.message,
        "The crop reaches (1081, 1081) but the image is 1080x1080."
    );
    assert!(
        f.hint
            .as_deref()
            .unwrap()
            .contains("[[0, 0], [1080, 1080]]"),
        "{f:?}"
    );
    expect_none(&findings, "image.crop_ratio");
}

#[test]
fn crop_out_of_bounds_is_not_checked_for_images_by_hash() {
    let v = with_image0(json!({
        "hash": format!("{:032x}", 9),
        "image_crops": { "100x100": [[0, 0], [5000, 5000]] }
    }));
    expect_clean(&check(&v));
}

#[test]
fn crop_more_than_1_percent_off_its_key_ratio_is_an_error() {
    // 1000x1020 is 2% off square.
    let v = boots_crops(json!({ "100x100": [[0, 0], [1000, 1020]] }));
    let f = expect_one(&check(&v), "image.crop_ratio", &crop_path("100x100"), Error);
    assert!(f.message.contains("1000x1020"), "{f:?}");
    assert!(
        f.hint
            .as_deref()
            .unwrap()
            .contains("[[0, 0], [1080, 1080]]"),
        "{f:?}"
    );
}

#[test]
fn crop_ratio_error_for_an_image_by_hash_has_no_hint() {
    let v = with_image0(json!({
        "hash": format!("{:032x}", 9),
        "image_crops": { "100x100": [[0, 0], [1000, 1020]] }
    }));
    let f = expect_one(&check(&v), "image.crop_ratio", &crop_path("100x100"), Error);
    assert_eq!(f.hint, None);
}

#[test]
fn crop_within_1_percent_of_its_key_ratio_is_accepted() {
    // 1000x1010 is 0.99% off square.
    expect_clean(&check(&boots_crops(
        json!({ "100x100": [[0, 0], [1000, 1010]] }),
    )));
}

#[test]
fn non_square_image_without_a_square_crop_is_a_warning() {
    // scarf.jpg is 1200x628.
    let v = with_image0(json!({ "file": "images/scarf.jpg" }));
    let findings = check(&v);
    let f = expect_one(&findings, "image.not_square", &ip("[0]"), Warning);
    assert!(f.message.contains("1200x628"), "{f:?}");
    assert!(
        f.hint
            .as_deref()
            .unwrap()
            .contains("[[286, 0], [914, 628]]"),
        "{f:?}"
    );
}

#[test]
fn non_square_image_with_only_a_landscape_crop_is_a_warning() {
    let v = with_image0(json!({
        "file": "images/scarf.jpg",
        "image_crops": { "600x360": [[77, 0], [1123, 628]] }
    }));
    let findings = check(&v);
    expect_one(&findings, "image.not_square", &ip("[0]"), Warning);
    expect_none(&findings, "image.crop_ratio");
}

#[test]
fn non_square_image_with_a_square_crop_is_accepted() {
    let v = with_image0(json!({
        "file": "images/skyline.jpg",
        "image_crops": { "100x100": [[0, 420], [1080, 1500]] }
    }));
    expect_clean(&check(&v));
}

#[test]
fn square_image_without_a_crop_is_accepted() {
    expect_clean(&check(&with_image0(json!({ "file": "images/boots.jpg" }))));
}

#[test]
fn a_title_of_only_spaces_is_missing_text_but_a_single_space_description_is_blank_on_purpose() {
    let mut v = base_json();
    feed(&mut v)["titles"] = json!([{ "text": "   " }]);
    expect_one(
        &check(&v),
        "feed.text_missing",
        &fp("titles[0].text"),
        Error,
    );
    let mut v = base_json();
    feed(&mut v)["descriptions"] = json!([{ "text": " " }]);
    expect_none(&check(&v), "feed.text_missing");
}

#[test]
fn a_cta_outside_the_objectives_known_list_is_a_warning_naming_safer_types() {
    let mut v = base_json();
    feed(&mut v)["call_to_action_types"] = json!(["SHOP_NOW", "CALL_NOW"]);
    let f = expect_one(
        &check(&v),
        "feed.cta_not_for_objective",
        &fp("call_to_action_types[1]"),
        Warning,
    );
    assert!(
        f.message.contains("CALL_NOW") && f.message.contains("OUTCOME_SALES"),
        "{f:?}"
    );
    assert!(f.hint.unwrap().contains("SHOP_NOW"));
    let mut v = base_json();
    feed(&mut v)["call_to_action_types"] = json!(["SHOP_NOW", "GET_OFFER"]);
    expect_none(&check(&v), "feed.cta_not_for_objective");
}

#[test]
fn a_cta_meta_is_known_to_refuse_for_the_objective_is_an_error_before_anything_is_sent() {
    let mut v = base_json();
    feed(&mut v)["call_to_action_types"] = json!(["BOOK_NOW"]);
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "feed.cta_refused_for_objective",
        &fp("call_to_action_types[0]"),
        Error,
    );
    assert!(f.message.contains("1885396"), "{f:?}");
    expect_none(&findings, "feed.cta_not_for_objective");
    let mut v = base_json();
    common::set(&mut v, "campaign.objective", json!("OUTCOME_TRAFFIC"));
    common::set(
        &mut v,
        "ad_set.optimization_goal",
        json!("OFFSITE_CONVERSIONS"),
    );
    feed(&mut v)["call_to_action_types"] = json!(["BOOK_NOW"]);
    expect_none(&check(&v), "feed.cta_refused_for_objective");
}

#[test]
fn the_same_video_twice_is_a_duplicate_asset_but_two_videos_are_fine() {
    let mut v = base_json();
    feed(&mut v)["videos"] = json!([{ "video_id": "111" }, { "video_id": "111" }]);
    expect_one(
        &check(&v),
        "feed.duplicate_asset",
        &fp("videos[1].video_id"),
        Error,
    );
    let mut v = base_json();
    feed(&mut v)["videos"] = json!([{ "video_id": "111" }, { "video_id": "222" }]);
    expect_none(&check(&v), "feed.duplicate_asset");
}

/// Where a control character can sit, and the path its warning names.
const CONTROL_PLACES: [(&str, &str); 7] = [
    ("/campaign/name", "campaign.name"),
    ("/ad_set/name", "ad_set.name"),
    ("/ad/name", "ad.name"),
    (
        "/creative/asset_feed_spec/titles/0/text",
        "creative.asset_feed_spec.titles[0].text",
    ),
    (
        "/creative/asset_feed_spec/bodies/1/text",
        "creative.asset_feed_spec.bodies[1].text",
    ),
    (
        "/creative/asset_feed_spec/descriptions/0/text",
        "creative.asset_feed_spec.descriptions[0].text",
    ),
    (
        "/creative/asset_feed_spec/link_urls/0/website_url",
        "creative.asset_feed_spec.link_urls[0].website_url",
    ),
];

#[test]
fn a_control_character_in_a_name_or_text_meta_shows_is_a_warning_naming_it() {
    for (pointer, path) in CONTROL_PLACES {
        for bad in ["\u{1b}]52;c;ZXZpbA==\u{7}", "\u{9b}2J", "\u{202e}", "\r"] {
            let mut v = base_json();
            let s = v.pointer_mut(pointer).unwrap();
            *s = json!(format!("{}{bad}", s.as_str().unwrap()));
            let f = expect_one(&check(&v), "text.control_character", path, Warning);
            assert!(f.message.contains("control character (\\"), "{}", f.message);
            assert!(!f.message.chars().any(|c| c.is_control()), "{}", f.message);
        }
    }
}

#[test]
fn line_breaks_in_a_body_and_plain_text_everywhere_are_not_control_characters() {
    let mut v = base_json();
    feed(&mut v)["bodies"][0]["text"] = json!("Warm boots.\nFree returns.");
    feed(&mut v)["titles"][0]["text"] = json!("Bottes d'hiver · 雪 👢");
    assert!(with_code(&check(&v), "text.control_character").is_empty());
    let mut v = base_json();
    feed(&mut v)["titles"][0]["text"] = json!("Two\nlines");
    expect_one(
        &check(&v),
        "text.control_character",
        "creative.asset_feed_spec.titles[0].text",
        Warning,
    );
}
