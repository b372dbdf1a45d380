//! Creative and asset feed rules (`src/spec/validate/feed.rs`) and image rules
//! (`src/spec/validate/images.rs`).
//!
//! One table per rule: each row a spec (the base, edited) and what its findings must hold.

use crate::common;
use common::rules::*;
use common::*;

use std::io::Write;

use dcw::spec::{Finding, ImageFacts, ImageFormat, Severity, validate};
use rstest::rstest;
use serde_json::{Value, json};

const F: &str = "creative.asset_feed_spec";

/// A path in the feed: `fp("titles[1].text")` where a finding is, `fp("titles.1.text")` to edit.
fn fp(rest: &str) -> String {
    format!("{F}.{rest}")
}

/// The base spec with `creative.asset_feed_spec.<key>` set (`key` dotted, indices as numbers).
fn with_feed(key: &str, value: impl Into<Value>) -> Value {
    base_json().with(&fp(key), value)
}

/// The base spec with the feed's `to` a copy of its `from` (dotted, in the feed).
fn with_copy(from: &str, to: &str) -> Value {
    let v = base_json();
    let pointer = format!("/creative/asset_feed_spec/{}", from.replace('.', "/"));
    let value = v.pointer(&pointer).expect("the base spec has it").clone();
    v.with(&fp(to), value)
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
        .map(|i| {
            json!({
                "video_id": format!("{}", 1_000_000 + i),
                "thumbnail_url": "https://cdn.example.com/thumb.jpg"
            })
        })
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

// ---------------------------------------------------------------------------------------------
// Creative and feed presence

const BUNDLE: &str =
    "creative.degrees_of_freedom_spec.creative_features_spec.standard_enhancements";

#[rstest]
#[case::base_spec(base_json(), clean())]
#[case::no_creative(base_json().without("creative"),
    error("creative.missing", "creative").none(&["feed.missing"]))]
#[case::asset_feed_id_refused(base_json().with("creative.asset_feed_id", "1234567890"),
    error("creative.asset_feed_id", "creative.asset_feed_id").says("v3.1"))]
#[case::null_asset_feed_id_ignored(base_json().with("creative.asset_feed_id", Value::Null),
    absent(&["creative.asset_feed_id"]))]
#[case::standard_enhancements_bundle_refused(
    base_json().with(
        "creative.degrees_of_freedom_spec",
        json!({"creative_features_spec": {"standard_enhancements": {"enroll_status": "OPT_OUT"}}})
    ),
    error("creative.standard_enhancements", BUNDLE).says("3858504")
)]
#[case::individual_feature_passes(
    base_json().with(
        "creative.degrees_of_freedom_spec",
        json!({"creative_features_spec": {"text_optimizations": {"enroll_status": "OPT_OUT"}}})
    ),
    absent(&["creative.standard_enhancements"])
)]
#[case::no_asset_feed_spec(base_json().without(F),
    error("feed.missing", F).none(&["creative.missing"]))]
fn creative_and_feed_presence(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------------------------------------
// Ad formats

#[rstest]
#[case::none(base_json().without(&fp("ad_formats")),
    error("feed.ad_format_count", fp("ad_formats")))]
#[case::empty(with_feed("ad_formats", json!([])), error("feed.ad_format_count", fp("ad_formats")))]
#[case::two(with_feed("ad_formats", json!(["SINGLE_IMAGE", "CAROUSEL"])),
    error("feed.ad_format_count", fp("ad_formats")).says("2 ad formats"))]
#[case::unknown_lists_the_formats(with_feed("ad_formats", json!(["SINGLE_IMAGES"])),
    error("feed.ad_format_unknown", fp("ad_formats[0]"))
        .hints("AUTOMATIC_FORMAT").none(&["feed.ad_format_count"]))]
#[case::single_image(with_feed("ad_formats", json!(["SINGLE_IMAGE"])), clean())]
#[case::carousel(with_feed("ad_formats", json!(["CAROUSEL"])), clean())]
#[case::automatic(with_feed("ad_formats", json!(["AUTOMATIC_FORMAT"])), clean())]
#[case::single_video(
    with_feed("ad_formats", json!(["SINGLE_VIDEO"])).with(&fp("videos"), videos(1))
        .without(&fp("images")), clean())]
fn ad_formats(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------------------------------------
// Asset counts

/// The base spec with `key` holding `list`, images by hash.
fn counted(key: &str, list: Value) -> Value {
    with_feed("images", hashes(3)).with(&fp(key), list)
}

/// A feed of 10 images, 5 titles, 5 bodies, 5 descriptions, one format, `n_links` links and
/// `n_ctas` call-to-action types.
fn big_feed(n_links: usize, n_ctas: usize) -> Value {
    base_json()
        .with(&fp("images"), hashes(10))
        .with(&fp("titles"), texts("Title", 5))
        .with(&fp("bodies"), texts("Body", 5))
        .with(&fp("descriptions"), texts("Desc", 5))
        .with(&fp("link_urls"), links(n_links))
        .with(&fp("call_to_action_types"), ctas(n_ctas))
}

#[rstest]
#[case::images_11(counted("images", hashes(11)),
    error("feed.too_many", fp("images"))
        .message_is("The feed has 11 images; Dynamic Creative takes at most 10.")
        .hint_is(Some("Remove 1.")))]
#[case::images_10(counted("images", hashes(10)), clean())]
#[case::videos_11(counted("videos", videos(11)).with(&fp("ad_formats"), json!(["AUTOMATIC_FORMAT"])),
    error("feed.too_many", fp("videos")).starts("The feed has 11 videos"))]
#[case::videos_10(counted("videos", videos(10)).with(&fp("ad_formats"), json!(["AUTOMATIC_FORMAT"])),
    clean())]
#[case::titles_6(counted("titles", texts("Title", 6)),
    error("feed.too_many", fp("titles")).starts("The feed has 6 titles"))]
#[case::bodies_6(counted("bodies", texts("Body", 6)),
    error("feed.too_many", fp("bodies")).starts("The feed has 6 bodies"))]
#[case::descriptions_6(counted("descriptions", texts("Desc", 6)),
    error("feed.too_many", fp("descriptions")).starts("The feed has 6 descriptions"))]
#[case::link_urls_6(counted("link_urls", links(6)),
    error("feed.too_many", fp("link_urls")).starts("The feed has 6 link URLs"))]
#[case::call_to_action_types_6(counted("call_to_action_types", ctas(6)),
    error("feed.too_many", fp("call_to_action_types"))
        .starts("The feed has 6 call to action types"))]
#[case::titles_5(counted("titles", texts("Title", 5)), clean())]
#[case::bodies_5(counted("bodies", texts("Body", 5)), clean())]
#[case::descriptions_5(counted("descriptions", texts("Desc", 5)), clean())]
#[case::link_urls_5(counted("link_urls", links(5)), clean())]
#[case::call_to_action_types_5(counted("call_to_action_types", ctas(5)), clean())]
// 10 + 5 + 5 + 5 + 1 format + 3 links + 2 CTAs = 31.
#[case::assets_31(big_feed(3, 2),
    error("feed.too_many_assets", F).says("31 assets").none(&["feed.too_many"]))]
// The reference's example of 28, and 30 with two more call-to-action types.
#[case::assets_28(big_feed(1, 1), clean())]
#[case::assets_30(big_feed(1, 3), clean())]
fn asset_counts(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------------------------------------
// Media the format needs

#[rstest]
#[case::carousel_of_one_image(
    with_feed("ad_formats", json!(["CAROUSEL"])).with(&fp("images"), hashes(1)),
    error("feed.format_needs_media", fp("images"))
        .message_is("A carousel needs at least 2 images."))]
#[case::carousel_of_two_images(
    with_feed("ad_formats", json!(["CAROUSEL"])).with(&fp("images"), hashes(2)), clean())]
#[case::single_image_without_images(base_json().without(&fp("images")),
    error("feed.format_needs_media", fp("images")).starts("SINGLE_IMAGE"))]
#[case::single_video_without_videos(with_feed("ad_formats", json!(["SINGLE_VIDEO"])),
    error("feed.format_needs_media", fp("videos")).starts("SINGLE_VIDEO"))]
#[case::automatic_without_image_or_video(
    with_feed("ad_formats", json!(["AUTOMATIC_FORMAT"])).without(&fp("images")),
    error("feed.format_needs_media", fp("images")))]
#[case::automatic_with_a_video(with_feed("ad_formats", json!(["AUTOMATIC_FORMAT"]))
        .without(&fp("images")).with(&fp("videos"), videos(1)), clean())]
fn media_the_format_needs(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------------------------------------
// Texts

fn with_text(key: &str, i: usize, text: impl Into<Value>) -> Value {
    with_feed(&format!("{key}.{i}.text"), text)
}

#[rstest]
#[case::title_without_text(with_feed("titles.1", json!({})),
    error("feed.text_missing", fp("titles[1].text")).message_is("Title 2 has no text."))]
#[case::empty_body(with_text("bodies", 0, ""),
    error("feed.text_missing", fp("bodies[0].text")).message_is("Body 1 is empty."))]
#[case::title_of_only_spaces(with_feed("titles", json!([{ "text": "   " }])),
    error("feed.text_missing", fp("titles[0].text")))]
// A single space description means blank, on purpose.
#[case::single_space_description(with_text("descriptions", 0, " "), clean())]
#[case::single_space_only_description(with_feed("descriptions", json!([{ "text": " " }])),
    absent(&["feed.text_missing"]))]
#[case::title_of_256(with_text("titles", 0, "a".repeat(256)),
    error("feed.text_too_long", fp("titles[0].text"))
        .says("256 characters").says("at most 255").hint_is(Some("Cut 1 character.")))]
#[case::title_of_255(with_text("titles", 0, "a".repeat(255)), absent(&["feed.text_too_long"]))]
// Length counts characters, not bytes.
#[case::title_of_255_emoji(with_text("titles", 0, "😀".repeat(255)),
    absent(&["feed.text_too_long"]))]
#[case::title_of_256_emoji(with_text("titles", 0, "😀".repeat(256)),
    error("feed.text_too_long", fp("titles[0].text")).says("256 characters"))]
#[case::title_of_255_cjk(with_text("titles", 0, "雪".repeat(255)), absent(&["feed.text_too_long"]))]
#[case::title_of_256_cjk(with_text("titles", 0, "雪".repeat(256)),
    error("feed.text_too_long", fp("titles[0].text")).says("256 characters"))]
#[case::body_of_1025(with_text("bodies", 1, "b".repeat(1025)),
    error("feed.text_too_long", fp("bodies[1].text")))]
#[case::body_of_1024_cjk(with_text("bodies", 1, "雪".repeat(1024)), absent(&["feed.text_too_long"]))]
#[case::description_of_256(with_text("descriptions", 0, "d".repeat(256)),
    error("feed.text_too_long", fp("descriptions[0].text")))]
#[case::description_of_255(with_text("descriptions", 0, "d".repeat(255)),
    absent(&["feed.text_too_long"]))]
#[case::title_of_41_truncated(with_text("titles", 2, "t".repeat(41)),
    warning("feed.text_truncated", fp("titles[2].text")).says("41 characters").says("about 40"))]
#[case::body_of_126_truncated(with_text("bodies", 0, "b".repeat(126)),
    warning("feed.text_truncated", fp("bodies[0].text")).says("about 125"))]
#[case::description_of_31_truncated(with_text("descriptions", 1, "d".repeat(31)),
    warning("feed.text_truncated", fp("descriptions[1].text")).says("about 30"))]
#[case::at_the_display_guidance(with_text("titles", 0, "t".repeat(40))
        .with(&fp("bodies.0.text"), "b".repeat(125))
        .with(&fp("descriptions.0.text"), "雪".repeat(30)), clean())]
#[case::family_emoji_count_as_one_each_as_the_preview_cuts(
    with_text("titles", 0, "👨\u{200d}👩\u{200d}👧".repeat(40)), absent(&["feed.text_truncated"]))]
#[case::family_emoji_past_the_guidance_say_what_a_reader_counts(
    with_text("titles", 0, "👨\u{200d}👩\u{200d}👧".repeat(41)),
    warning("feed.text_truncated", fp("titles[0].text")).says("41 characters"))]
#[case::too_long_is_not_also_truncated(with_text("titles", 0, "a".repeat(300)),
    absent(&["feed.text_truncated"]))]
fn texts_rules(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------------------------------------
// Duplicate assets

#[rstest]
#[case::title(with_text("titles", 2, "Boots for real winters"),
    error("feed.duplicate_asset", fp("titles[2].text")).message_is("Title 3 repeats title 1; each asset must be different."))]
#[case::body(with_copy("bodies.0.text", "bodies.1.text"),
    error("feed.duplicate_asset", fp("bodies[1].text")).says("Body 2 repeats body 1;"))]
#[case::description(
    with_text("descriptions", 1, "Free returns"),
    error("feed.duplicate_asset", fp("descriptions[1].text"))
)]
#[case::texts_differing_only_in_case(with_text("titles", 2, "boots for real winters"), clean())]
#[case::link(
    with_feed(
        "link_urls",
        json!([{ "website_url": "https://shop.example.com/winter" },
               { "website_url": "https://shop.example.com/winter" }])
    ),
    error("feed.duplicate_asset", fp("link_urls[1].website_url"))
        .says("Link 2 repeats link 1;")
)]
#[case::distinct_links(with_feed("link_urls", links(2)), clean())]
#[case::call_to_action_type(
    with_feed("call_to_action_types", json!(["SHOP_NOW", "LEARN_MORE", "SHOP_NOW"])),
    error("feed.duplicate_asset", fp("call_to_action_types[2]")).says("SHOP_NOW is listed twice"))]
#[case::image_file(with_copy("images.0", "images.2"),
    error("feed.duplicate_asset", fp("images[2]")).says("Image 3 repeats image 1;"))]
#[case::image_file_spelled_otherwise(
    with_feed("images", json!([{ "file": "images/boots.jpg" }, { "file": "./images/boots.jpg" }])),
    error("feed.duplicate_asset", fp("images[1]")).says("Image 2 repeats image 1;"))]
#[case::image_hash(
    with_feed(
        "images",
        json!([{ "hash": format!("{:032x}", 7) }, { "hash": format!("{:032x}", 8) },
               { "hash": format!("{:032x}", 7) }])
    ),
    error("feed.duplicate_asset", fp("images[2]"))
)]
#[case::distinct_images(with_feed("images", hashes(3)), clean())]
#[case::video(with_feed("videos", json!([{ "video_id": "111" }, { "video_id": "111" }])),
    error("feed.duplicate_asset", fp("videos[1]")))]
#[case::distinct_videos(with_feed("videos", json!([{ "video_id": "111" }, { "video_id": "222" }])),
    absent(&["feed.duplicate_asset"]))]
fn duplicate_assets(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------------------------------------
// Links and calls to action

const CTA: &str = "creative.asset_feed_spec.call_to_action_types";

#[rstest]
#[case::no_link_urls(base_json().without(&fp("link_urls")),
    error("feed.link_missing", fp("link_urls")).hints("website_url"))]
#[case::empty_link_urls(with_feed("link_urls", json!([])),
    error("feed.link_missing", fp("link_urls")))]
#[case::link_without_website_url(
    with_feed("link_urls", json!([{ "display_url": "shop.example.com" }])),
    error("feed.link_missing", fp("link_urls[0].website_url"))
        .message_is("Link 1 has no address."))]
#[case::http(with_feed("link_urls", json!([{ "website_url": "http://example.com" }])), clean())]
#[case::https_with_query_and_fragment(
    with_feed("link_urls", json!([{ "website_url": "https://shop.example.com/winter?utm=1#top" }])),
    clean())]
#[case::sales_without_ctas(base_json().without(CTA),
    error("feed.cta_missing", CTA).says("awareness"))]
#[case::sales_with_empty_ctas(base_json().with(CTA, json!([])), error("feed.cta_missing", CTA))]
#[case::traffic_without_ctas(
    example("awareness-city-festival.json").with("campaign.objective", "OUTCOME_TRAFFIC"),
    error("feed.cta_missing", CTA))]
#[case::unknown_cta_without_a_near_match(base_json().with(CTA, json!(["SHOP_NOW", "BUY_IT_NOW"])),
    error("feed.cta_unknown", format!("{CTA}[1]")).hints("Graph's spelling"))]
#[case::known_ctas(base_json().with(CTA, json!(["BUY_NOW", "GET_OFFER"])), clean())]
#[case::cta_outside_the_objectives_list_names_safer_types(
    base_json().with(CTA, json!(["SHOP_NOW", "CALL_NOW"])),
    warning("feed.cta_not_for_objective", format!("{CTA}[1]"))
        .says("CALL_NOW").says("OUTCOME_SALES").hints("SHOP_NOW"))]
#[case::ctas_in_the_objectives_list(base_json().with(CTA, json!(["SHOP_NOW", "GET_OFFER"])),
    absent(&["feed.cta_not_for_objective"]))]
#[case::cta_meta_refuses_for_the_objective(base_json().with(CTA, json!(["BOOK_NOW"])),
    error("feed.cta_refused_for_objective", format!("{CTA}[0]"))
        .says("1885396").none(&["feed.cta_not_for_objective"]))]
#[case::cta_meta_takes_for_traffic(base_json()
        .with("campaign.objective", "OUTCOME_TRAFFIC")
        .with("ad_set.optimization_goal", "OFFSITE_CONVERSIONS").with(CTA, json!(["BOOK_NOW"])),
    absent(&["feed.cta_refused_for_objective"]))]
fn links_and_calls_to_action(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

/// A link that is not an absolute http(s) URL is invalid, quoted in the message.
#[rstest]
#[case::no_scheme("shop.example.com/winter")]
#[case::ftp("ftp://shop.example.com/")]
#[case::no_host("https://")]
#[case::mailto("mailto:a@b.c")]
fn link_invalid(#[case] bad: &str) {
    error("feed.link_invalid", fp("link_urls[0].website_url"))
        .says(bad)
        .check(&with_feed("link_urls", json!([{ "website_url": bad }])));
}

/// An unknown call-to-action type near a known one suggests Graph's spelling.
#[rstest]
#[case::lower_case_with_space("shop now")]
#[case::dash("Shop-Now")]
fn cta_unknown_suggests_the_graph_spelling(#[case] written: &str) {
    error("feed.cta_unknown", format!("{CTA}[0]"))
        .says(written)
        .hint_is(Some(
            "Did you mean SHOP_NOW? Types are upper case with underscores.",
        ))
        .check(&base_json().with(CTA, json!([written])));
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

// ---------------------------------------------------------------------------------------------
// Refused feed features, carousel labels, videos

/// The base spec as a carousel of its three images.
fn carousel() -> Value {
    with_feed("ad_formats", json!(["CAROUSEL"]))
}

#[rstest]
#[case::customization_rules(
    with_feed(
        "asset_customization_rules",
        json!([{ "customization_spec": { "publisher_platforms": ["facebook"] }, "priority": 1 }])
    ),
    error("feed.customization_rules", fp("asset_customization_rules")).has_hint()
)]
#[case::customization_rules_object(with_feed("asset_customization_rules", json!({ "priority": 1 })),
    error("feed.customization_rules", fp("asset_customization_rules")))]
#[case::empty_customization_rules(with_feed("asset_customization_rules", json!([])), clean())]
#[case::optimization_type_placement(with_feed("optimization_type", "PLACEMENT"),
    error("feed.optimization_type", fp("optimization_type")).says("PLACEMENT"))]
#[case::optimization_type_regular(with_feed("optimization_type", "REGULAR"), clean())]
#[case::carousel_body_labels(
    carousel().with(&fp("bodies.1.adlabels"), json!([{ "name": "body_b" }])),
    error("feed.carousel_labels", fp("bodies[1].adlabels")).hints("SINGLE_IMAGE"))]
#[case::carousel_link_url_labels(
    carousel().with(&fp("link_urls.0.adlabels"), json!([{ "name": "link_a" }])),
    error("feed.carousel_labels", fp("link_urls[0].adlabels")))]
#[case::carousel_caption_labels(carousel()
        .with(&fp("captions"), json!([{ "text": "caption", "adlabels": [{ "name": "cap" }] }])),
    error("feed.carousel_labels", fp("captions[0].adlabels")))]
#[case::carousel_call_to_action_labels(
    carousel().with(
        &fp("call_to_actions"),
        json!([{ "type": "SHOP_NOW", "adlabels": [{ "name": "cta" }] }])
    ),
    error("feed.carousel_labels", fp("call_to_actions[0].adlabels"))
)]
#[case::carousel_title_and_image_labels_and_empty_label_lists(carousel()
        .with(&fp("titles.0.adlabels"), json!([{ "name": "title_a" }]))
        .with(&fp("images.0.adlabels"), json!([{ "name": "image_a" }]))
        .with(&fp("bodies.0.adlabels"), json!([])), clean())]
#[case::single_image_body_labels(with_feed("bodies.1.adlabels", json!([{ "name": "body_b" }])),
    clean())]
#[case::video_without_video_id(
    with_feed("ad_formats", json!(["AUTOMATIC_FORMAT"])).with(
        &fp("videos"),
        json!([
            { "video_id": "1000001", "thumbnail_url": "https://x.example/t.jpg" },
            { "thumbnail_url": "https://x.example/t.jpg" }
        ])
    ),
    error("video.source_missing", fp("videos[1]"))
        .message_is("Video 2 has neither a file nor a video id.")
)]
#[case::video_with_video_id(
    with_feed("ad_formats", json!(["AUTOMATIC_FORMAT"])).with(
        &fp("videos"),
        json!([{ "video_id": "1000001", "thumbnail_url": "https://x.example/t.jpg" }])
    ),
    clean()
)]
fn refused_features_labels_videos(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------------------------------------
// App installs: one link, the store URL

const STORE: &str = "https://apps.apple.com/us/app/puzzle-quest/id284882215";

fn app_links(links: Value) -> Value {
    example("app-install-puzzle.json").with(&fp("link_urls"), links)
}

#[rstest]
#[case::app_install_example(example("app-install-puzzle.json"), clean())]
#[case::two_links(
    app_links(json!([{ "website_url": STORE }, { "website_url": "https://puzzle.example.com/" }])),
    error("feed.app_link_count", fp("link_urls")).says("the feed has 2"))]
#[case::link_not_the_store_url(app_links(json!([{ "website_url": "https://puzzle.example.com/" }])),
    error("feed.app_link_mismatch", fp("link_urls[0].website_url"))
        .hint_is(Some(format!("Set it to {STORE}.").as_str())))]
#[case::other_goals_several_links(with_feed("link_urls", links(3)),
    absent(&["feed.app_link_count", "feed.app_link_mismatch"]).clean())]
fn app_install_links(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------------------------------------
// Image sources

const IMG: &str = "creative.asset_feed_spec.images";

fn ip(rest: &str) -> String {
    format!("{IMG}{rest}")
}

/// The base spec with `images[0]` replaced.
fn with_image0(image: Value) -> Value {
    with_feed("images.0", image)
}

#[rstest]
#[case::by_url(with_image0(json!({ "url": "https://cdn.example.com/boots.jpg" })),
    error("image.url_unsupported", ip("[0].url")).has_hint().none(&["image.source_missing"]))]
#[case::by_hash(with_image0(json!({ "hash": "0123456789abcdef0123456789ABCDEF" })), clean())]
#[case::hash_and_file(
    with_image0(json!({ "hash": format!("{:032x}", 1), "file": "images/boots.jpg" })),
    error("image.source_ambiguous", ip("[0]")))]
#[case::neither_hash_nor_file(
    with_image0(json!({ "image_crops": { "100x100": [[0, 0], [100, 100]] } })),
    error("image.source_missing", ip("[0]")).hints("JPEG"))]
#[case::empty_file(with_image0(json!({ "file": "" })),
    error("image.source_missing", ip("[0].file"))
        .none(&["image.file_missing", "image.file_unreadable"]))]
#[case::blank_file(with_image0(json!({ "file": "  " })),
    error("image.source_missing", ip("[0].file"))
        .none(&["image.file_missing", "image.file_unreadable"]))]
#[case::missing_file(with_file0("images/no-such-boots.jpg"),
    error("image.file_missing", ip("[0].file"))
        .message_is("Image 1: there is no file at \"images/no-such-boots.jpg\"."))]
#[case::existing_file(with_file0("images/app-screen.png"), clean())]
fn image_sources(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

/// A malformed hash is an error, quoted in the message.
#[rstest]
#[case::short("abc123")]
#[case::not_hex("0123456789abcdef0123456789abcdeg")]
#[case::long("0123456789abcdef0123456789abcdef0")]
fn image_hash_malformed(#[case] bad: &str) {
    error("image.hash_malformed", ip("[0].hash"))
        .says(bad)
        .check(&with_image0(json!({ "hash": bad })));
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

/// A PNG signature and the start of a header chunk, cut off.
fn damaged_png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(&[0, 0, 0, 13, b'I', b'H']);
    bytes
}

/// A RIFF header with a lossy VP8 chunk for a 16x16 picture.
fn webp() -> Vec<u8> {
    let mut bytes = b"RIFF".to_vec();
    bytes.extend_from_slice(&30u32.to_le_bytes());
    bytes.extend_from_slice(b"WEBPVP8 ");
    bytes.extend_from_slice(&18u32.to_le_bytes());
    bytes.extend_from_slice(&[0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a, 16, 0, 16, 0]);
    bytes.extend_from_slice(&[0; 8]);
    bytes
}

/// A PNG of nothing but its signature and header chunk (33 bytes), claiming `w`x`h`.
fn png_header_only(w: u32, h: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
    b.extend_from_slice(&13u32.to_be_bytes());
    let mut chunk = b"IHDR".to_vec();
    chunk.extend_from_slice(&w.to_be_bytes());
    chunk.extend_from_slice(&h.to_be_bytes());
    chunk.extend_from_slice(&[8, 2, 0, 0, 0]);
    let crc = common::png_crc(&chunk);
    b.extend_from_slice(&chunk);
    b.extend_from_slice(&crc.to_be_bytes());
    b
}

/// An example image's bytes (`assets/examples/images/<name>`).
fn example_image(name: &str) -> Vec<u8> {
    std::fs::read(examples_dir().join("images").join(name)).unwrap()
}

/// `bytes` without its last `n` bytes.
fn cut(mut bytes: Vec<u8>, n: usize) -> Vec<u8> {
    bytes.truncate(bytes.len() - n);
    bytes
}

/// The first half of `bytes`.
fn half(mut bytes: Vec<u8>) -> Vec<u8> {
    bytes.truncate(bytes.len() / 2);
    bytes
}

/// `bytes` followed by `more`: some writers pad the file after the end marker.
fn padded(mut bytes: Vec<u8>, more: &[u8]) -> Vec<u8> {
    bytes.extend_from_slice(more);
    bytes
}

/// The findings for the base spec whose `images[0]` is a file of these bytes.
#[rstest]
#[case::too_short_to_be_an_image(".jpg", b"hello".to_vec(),
    error("image.file_unreadable", ip("[0].file")).says("too short"))]
#[case::png_with_a_damaged_header(".png", damaged_png(),
    error("image.file_unreadable", ip("[0].file")).says("damaged"))]
#[case::text_file_unsupported(".jpg",
    b"this is a text file, not an image at all\n".to_vec(),
    error("image.format_unsupported", ip("[0].file"))
        .says("no image format dcw recognises").none(&["image.file_unreadable"]))]
#[case::webp_unsupported(".webp", webp(),
    error("image.format_unsupported", ip("[0].file")).says("WEBP"))]
#[case::gif_supported(".gif", GIF.to_vec(), clean())]
#[case::header_only_png_claiming_0_by_0(
    ".png",
    png_header_only(0, 0),
    error("image.size_empty", ip("[0].file"))
)]
#[case::whole_png(".png", example_image("app-screen.png"), absent(&["image.file_truncated"]))]
#[case::whole_jpeg(".jpg", example_image("boots.jpg"), absent(&["image.file_truncated"]))]
#[case::whole_gif(".gif", GIF.to_vec(), absent(&["image.file_truncated"]))]
#[case::jpeg_padded_after_its_end(".jpg",
    padded(example_image("boots.jpg"), &[0, 0, 0, 0]),
    absent(&["image.file_truncated"]))]
#[case::gif_padded_after_its_end(".gif",
    padded(GIF.to_vec(), b"\r\n"),
    absent(&["image.file_truncated"]))]
fn image_file(#[case] suffix: &str, #[case] bytes: Vec<u8>, #[case] expect: Expect) {
    let tmp = temp_file(suffix, &bytes);
    expect.check(&with_file0(tmp.path().to_str().unwrap()));
}

/// An image cut off before its end marker is truncated, the message naming the file.
#[rstest]
#[case::png_half(".png", half(example_image("app-screen.png")))]
#[case::png_but_one_byte(".png", cut(example_image("app-screen.png"), 1))]
#[case::jpeg_half(".jpg", half(example_image("boots.jpg")))]
#[case::jpeg_but_two_bytes(".jpg", cut(example_image("boots.jpg"), 2))]
#[case::gif_but_one_byte(".gif", cut(GIF.to_vec(), 1))]
fn image_file_truncated(#[case] suffix: &str, #[case] bytes: Vec<u8>) {
    let tmp = temp_file(suffix, &bytes);
    let path = tmp.path().to_str().unwrap();
    error("image.file_truncated", ip("[0].file"))
        .says(path)
        .check(&with_file0(path));
}

#[test]
fn folder_given_as_image_file_is_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    error("image.file_unreadable", ip("[0].file"))
        .says("folder")
        .check(&with_file0(dir.path().to_str().unwrap()));
}

#[test]
fn bmp_is_an_unsupported_format_and_its_crops_are_not_checked() {
    let tmp = temp_file(".bmp", &bmp());
    let path = tmp.path().to_str().unwrap();
    let v =
        with_image0(json!({ "file": path, "image_crops": { "100x100": [[0, 0], [1080, 1080]] } }));
    error("image.format_unsupported", ip("[0].file"))
        .says("holds BMP")
        .hint_is(Some("Export it as JPEG or PNG."))
        .none(&["image.crop_outside", "image.not_square"])
        .check(&v);
}

#[test]
fn header_only_png_claiming_100000_by_100000_is_refused_for_its_size_and_its_missing_body() {
    let bytes = png_header_only(100_000, 100_000);
    assert_eq!(bytes.len(), 33);
    let tmp = temp_file(".png", &bytes);
    let findings = check(&with_file0(tmp.path().to_str().unwrap()));
    error("image.size_too_large", ip("[0].file"))
        .says("100000x100000")
        .assert(&findings);
    error("image.file_truncated", ip("[0].file")).assert(&findings);
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
    error("image.file_unreadable", ip("[0].file"))
        .says("named pipe (FIFO)")
        .assert(&findings);
}

/// Findings for a spec whose `images[0]` is `big.jpg`, a 1080x1080 JPEG of `bytes`.
fn with_size(bytes: u64) -> Vec<Finding> {
    with_facts("big.jpg", ImageFormat::Jpeg, 1080, 1080, bytes, true)
}

/// Findings for a spec whose `images[0]` is `read.png`, with the facts its header gave.
fn with_read(width: u32, height: u32, complete: bool) -> Vec<Finding> {
    with_facts("read.png", ImageFormat::Png, width, height, 4000, complete)
}

/// Findings for a spec whose `images[0]` is `file`, read as these facts.
fn with_facts(
    file: &str,
    format: ImageFormat,
    width: u32,
    height: u32,
    bytes: u64,
    complete: bool,
) -> Vec<Finding> {
    let s = spec(&with_file0(file));
    let mut facts = facts_with_images(&s);
    let read = ImageFacts::Read {
        format,
        width,
        height,
        bytes,
        complete,
    };
    facts.images.insert(file.into(), read);
    validate(&s, &facts)
}

#[rstest]
#[case::over_30_mb(31 * 1024 * 1024, error("image.file_too_large", ip("[0].file")).says("31.0 MB"))]
#[case::exactly_30_mb(30 * 1024 * 1024, clean())]
fn image_file_size(#[case] bytes: u64, #[case] expect: Expect) {
    expect.assert(&with_size(bytes));
}

const EMPTY: &str = "image.size_empty";
const LARGE: &str = "image.size_too_large";

/// The picture's size as its header gives it.
#[rstest]
#[case::no_pixels(0, 0,
    error(EMPTY, ip("[0].file")).says("0x0 pixels").none(&["image.not_square"]))]
#[case::no_width(0, 1080,
    error(EMPTY, ip("[0].file")).says("0x1080 pixels").none(&["image.not_square"]))]
#[case::no_height(1080, 0,
    error(EMPTY, ip("[0].file")).says("1080x0 pixels").none(&["image.not_square"]))]
#[case::one_pixel(1, 1, absent(&[EMPTY, LARGE]))]
#[case::over_200_megapixels(20_000, 10_001,
    error(LARGE, ip("[0].file"))
        .says("20000x10001 pixels").says("up to 200 megapixels").none(&["image.not_square"]))]
#[case::far_over_200_megapixels(100_000, 100_000,
    error(LARGE, ip("[0].file"))
        .says("100000x100000 pixels").says("up to 200 megapixels").none(&["image.not_square"]))]
#[case::largest_claim(u32::MAX, u32::MAX,
    error(LARGE, ip("[0].file"))
        .says("4294967295x4294967295 pixels").says("up to 200 megapixels")
        .none(&["image.not_square"]))]
#[case::exactly_200_megapixels(20_000, 10_000, absent(&[LARGE]))]
#[case::largest_phone_photo(16_320, 12_240, absent(&[LARGE]))]
fn image_size(#[case] width: u32, #[case] height: u32, #[case] expect: Expect) {
    expect.assert(&with_read(width, height, true));
}

#[test]
fn image_cut_off_after_its_header_is_truncated() {
    error("image.file_truncated", ip("[0].file"))
        .says("ends before the picture: truncated?")
        .assert(&with_read(1080, 1080, false));
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

/// The base spec with `images[0]` by hash, cropped with `crops`.
fn hash_crops(crops: Value) -> Value {
    with_image0(json!({ "hash": format!("{:032x}", 9), "image_crops": crops }))
}

#[rstest]
#[case::two_crops(
    boots_crops(json!({ "100x100": [[0, 0], [1080, 1080]], "400x500": [[108, 0], [972, 1080]] })),
    error("image.crop_count", ip("[0].image_crops")).says("2 crops"))]
#[case::one_crop(boots_crops(json!({ "400x500": [[108, 0], [972, 1080]] })), clean())]
#[case::key_191x100_obsolete(boots_crops(json!({ "191x100": [[0, 257], [1080, 822]] })),
    error("image.crop_key_obsolete", crop_path("191x100"))
        .says("2490085").none(&["image.crop_key_unknown"]))]
#[case::undocumented_key_300x400(boots_crops(json!({ "300x400": [[135, 0], [945, 1080]] })),
    error("image.crop_key_unknown", crop_path("300x400")).hints("90x160"))]
#[case::key_100x100(boots_crops(json!({ "100x100": [[0, 0], [1080, 1080]] })), clean())]
#[case::key_100x72(boots_crops(json!({ "100x72": [[0, 151], [1080, 929]] })), clean())]
#[case::key_400x150(boots_crops(json!({ "400x150": [[0, 338], [1080, 743]] })), clean())]
#[case::key_400x500(boots_crops(json!({ "400x500": [[108, 0], [972, 1080]] })), clean())]
#[case::key_600x360_landscape(boots_crops(json!({ "600x360": [[0, 216], [1080, 864]] })), clean())]
#[case::key_90x160(boots_crops(json!({ "90x160": [[236, 0], [844, 1080]] })), clean())]
#[case::negative_point(boots_crops(json!({ "100x100": [[-1, 0], [1079, 1080]] })),
    error("image.crop_negative", crop_path("100x100")).none(&["image.crop_ratio"]))]
#[case::right_not_after_left(boots_crops(json!({ "100x100": [[1080, 0], [0, 1080]] })),
    error("image.crop_inverted", crop_path("100x100")).says("[[left, top], [right, bottom]]"))]
#[case::bottom_not_below_top(boots_crops(json!({ "100x100": [[0, 500], [1080, 500]] })),
    error("image.crop_inverted", crop_path("100x100")))]
#[case::outside_the_image_gives_the_largest_crop(
    boots_crops(json!({ "100x100": [[0, 0], [1081, 1081]] })),
    error("image.crop_outside", crop_path("100x100"))
        .message_is("The crop reaches (1081, 1081) but the image is 1080x1080.")
        .hints("[[0, 0], [1080, 1080]]").none(&["image.crop_ratio"]))]
#[case::outside_not_checked_by_hash(hash_crops(json!({ "100x100": [[0, 0], [5000, 5000]] })),
    clean())]
// 1000x1020 is 2% off square.
#[case::ratio_2_percent_off(boots_crops(json!({ "100x100": [[0, 0], [1000, 1020]] })),
    error("image.crop_ratio", crop_path("100x100"))
        .says("1000x1020").hints("[[0, 0], [1080, 1080]]"))]
#[case::ratio_off_by_hash_has_no_hint(hash_crops(json!({ "100x100": [[0, 0], [1000, 1020]] })),
    error("image.crop_ratio", crop_path("100x100")).hint_is(None))]
// 1000x1010 is 0.99% off square.
#[case::ratio_within_1_percent(boots_crops(json!({ "100x100": [[0, 0], [1000, 1010]] })), clean())]
// scarf.jpg is 1200x628.
#[case::non_square_without_a_square_crop(with_image0(json!({ "file": "images/scarf.jpg" })),
    warning("image.not_square", ip("[0]")).says("1200x628").hints("[[286, 0], [914, 628]]"))]
#[case::non_square_with_only_a_landscape_crop(
    with_image0(json!({
        "file": "images/scarf.jpg",
        "image_crops": { "600x360": [[77, 0], [1123, 628]] }
    })),
    warning("image.not_square", ip("[0]")).none(&["image.crop_ratio"])
)]
#[case::non_square_with_a_square_crop(
    with_image0(json!({
        "file": "images/skyline.jpg",
        "image_crops": { "100x100": [[0, 420], [1080, 1500]] }
    })),
    clean()
)]
#[case::square_without_a_crop(with_image0(json!({ "file": "images/boots.jpg" })), clean())]
fn crops(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------------------------------------
// Control characters in what Meta shows

/// A control character in a name or text Meta shows is a warning naming the field, the
/// character shown escaped.
#[rstest]
#[case::campaign_name("/campaign/name", "campaign.name")]
#[case::ad_set_name("/ad_set/name", "ad_set.name")]
#[case::ad_name("/ad/name", "ad.name")]
#[case::title(
    "/creative/asset_feed_spec/titles/0/text",
    "creative.asset_feed_spec.titles[0].text"
)]
#[case::body(
    "/creative/asset_feed_spec/bodies/1/text",
    "creative.asset_feed_spec.bodies[1].text"
)]
#[case::description(
    "/creative/asset_feed_spec/descriptions/0/text",
    "creative.asset_feed_spec.descriptions[0].text"
)]
#[case::link(
    "/creative/asset_feed_spec/link_urls/0/website_url",
    "creative.asset_feed_spec.link_urls[0].website_url"
)]
fn control_character(#[case] pointer: &str, #[case] path: &str) {
    for bad in ["\u{1b}]52;c;ZXZpbA==\u{7}", "\u{9b}2J", "\u{202e}", "\r"] {
        let mut v = base_json();
        let s = v.pointer_mut(pointer).unwrap();
        *s = json!(format!("{}{bad}", s.as_str().unwrap()));
        let f = expect_one(
            &check(&v),
            "text.control_character",
            path,
            Severity::Warning,
        );
        assert!(
            f.message.contains("control character (\\"),
            "{bad:?}: {}",
            f.message
        );
        assert!(
            !f.message.chars().any(|c| c.is_control()),
            "{bad:?}: {}",
            f.message
        );
    }
}

#[rstest]
#[case::line_breaks_in_a_body_and_plain_text(with_text("bodies", 0, "Warm boots.\nFree returns.")
        .with(&fp("titles.0.text"), "Bottes d'hiver · 雪 👢"),
    absent(&["text.control_character"]))]
#[case::line_break_in_a_title(
    with_text("titles", 0, "Two\nlines"),
    warning("text.control_character", fp("titles[0].text"))
)]
fn line_breaks(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}
