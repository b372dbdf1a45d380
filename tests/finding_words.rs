//! The buyer's words first: every finding code the validator has (`dcw::spec::CODES`) has a row
//! here, a spec that raises it; its message, as the wizard shows it, starts with a capital letter
//! and names no JSON path before its first full stop (the path is shown after it, dimmed), and
//! nothing the wizard shows explains minor units (the buyer types `50.00` there).
//!
//! A new code needs a row in `example` below (the test names the code that has none).

use crate::common;
use common::rules::{Edit, example as example_file};
use common::{base_json, facts_with_images, spec};

use dcw::spec::{
    CODES, Currency, Facts, Finding, ImageFacts, ImageFormat, VideoContainer, VideoFacts,
    VideoInfo, validate,
};
use serde_json::{Value, json};

const F: &str = "creative.asset_feed_spec";
const T: &str = "ad_set.targeting";

/// `creative.degrees_of_freedom_spec.creative_features_spec.<key>`.
fn features(key: &str) -> String {
    format!("creative.degrees_of_freedom_spec.creative_features_spec.{key}")
}

/// `creative.asset_feed_spec.<rest>`, `ad_set.targeting.<rest>`.
fn feed(rest: &str) -> String {
    format!("{F}.{rest}")
}
fn tg(rest: &str) -> String {
    format!("{T}.{rest}")
}

/// `n` distinct text assets.
fn texts(n: usize) -> Value {
    (0..n)
        .map(|i| json!({ "text": format!("Text {i}") }))
        .collect()
}

/// What the first example image holds, as its header would say.
fn boots(format: ImageFormat, w: u32, h: u32, bytes: u64, complete: bool) -> ImageFacts {
    ImageFacts::Read {
        format,
        width: w,
        height: h,
        bytes,
        complete,
    }
}

/// A spec that raises `code`, and the facts to check it with (`None`: the image files of
/// `assets/examples/` as they are). `None` when there is no row for the code.
fn example(code: &str) -> Option<(Value, Option<ImageFacts>)> {
    let b = base_json();
    let crop = |v: Value| b.clone().with(&feed("images.0.image_crops"), v);
    let special = || base_json().with("campaign.special_ad_categories", json!(["EMPLOYMENT"]));
    let app = || example_file("app-install-puzzle.json");
    let jpeg = |w, h, bytes, complete| Some(boots(ImageFormat::Jpeg, w, h, bytes, complete));
    let no_crop = b.clone().without(&feed("images.0.image_crops"));
    let spec = match code {
        "account.currency_malformed" => b.with("currency", "US"),
        "account.currency_mismatch" => b.with("currency", "JPY"),
        "account.id_malformed" => b.with("account_id", "123"),
        "account.id_missing" => b.without("account_id"),
        "account.page_missing" => b.without("page_id"),
        "ad.missing" => b.without("ad"),
        "ad.name_missing" => b.with("ad.name", ""),
        "ad_set.bid_amount_implies_bid_cap" => b
            .without("ad_set.bid_strategy")
            .with("ad_set.bid_amount", 100),
        "ad_set.bid_amount_missing" => b.with("ad_set.bid_strategy", "COST_CAP"),
        "ad_set.bid_amount_not_positive" => b
            .with("ad_set.bid_strategy", "COST_CAP")
            .with("ad_set.bid_amount", 0),
        "ad_set.bid_amount_unused" => b.with("ad_set.bid_amount", 100),
        "ad_set.bid_strategy_with_campaign_budget" | "ad_set.budget_on_both" => {
            b.with("campaign.daily_budget", 5000)
        }
        "ad_set.billing_missing" => b.without("ad_set.billing_event"),
        "ad_set.billing_not_for_goal" => b.with("ad_set.billing_event", "THRUPLAY"),
        "ad_set.billing_unknown" => b.with("ad_set.billing_event", "NOPE"),
        "ad_set.budget_both_kinds" => b.with("ad_set.daily_budget", 2000),
        "ad_set.budget_missing" => b.without("ad_set.lifetime_budget"),
        "budget.under_minimum" => b
            .without("ad_set.lifetime_budget")
            .with("ad_set.daily_budget", 50),
        "budget.under_doubled_minimum" => b
            .without("ad_set.lifetime_budget")
            .with("ad_set.daily_budget", 300),
        "ad_set.budget_not_positive" => b.with("ad_set.lifetime_budget", 0),
        "ad_set.custom_event_str_missing" => {
            b.with("ad_set.promoted_object.custom_event_type", "OTHER")
        }
        "ad_set.custom_event_unknown" => b.with("ad_set.promoted_object.custom_event_type", "NOPE"),
        "ad_set.daily_window_too_short" => b
            .without("ad_set.lifetime_budget")
            .with("ad_set.daily_budget", 2000)
            .with("ad_set.end_time", "2030-01-05T08:00:00-0500"),
        "ad_set.end_before_start" => b.with("ad_set.end_time", "2030-01-03T09:00:00-0500"),
        "ad_set.end_in_past" => b.with("ad_set.end_time", "2026-01-01T00:00:00+0000"),
        "ad_set.end_time_required" => b.without("ad_set.end_time"),
        "ad_set.goal_missing" => b.without("ad_set.optimization_goal"),
        "ad_set.goal_not_for_objective" => b.with("ad_set.optimization_goal", "APP_INSTALLS"),
        "ad_set.goal_not_offsite_conversions" => b.with("ad_set.optimization_goal", "LINK_CLICKS"),
        "ad_set.goal_unknown" => b.with("ad_set.optimization_goal", "NOPE"),
        "ad_set.min_roas_floor_missing" => {
            b.with("ad_set.bid_strategy", "LOWEST_COST_WITH_MIN_ROAS")
        }
        "ad_set.missing" => b.without("ad_set"),
        "ad_set.name_missing" => b.with("ad_set.name", ""),
        "ad_set.name_too_long" => b.with("ad_set.name", "x".repeat(401)),
        "ad_set.not_dynamic" => b.with("ad_set.is_dynamic_creative", false),
        "ad_set.promoted_object_incomplete" => b.without("ad_set.promoted_object.pixel_id"),
        "ad_set.schedule_short" => b.with("ad_set.end_time", "2030-01-06T09:00:00-0500"),
        "ad_set.start_in_past" => b.with("ad_set.start_time", "2026-11-01T00:00:00+0000"),
        "ad_set.store_url_invalid" => app().with(
            "ad_set.promoted_object.object_store_url",
            "ftp://apps.example.com/x",
        ),
        "ad_set.time_no_offset" => b.with("ad_set.start_time", "2030-01-04T09:00:00"),
        "ad_set.time_unreadable" => b.with("ad_set.start_time", "soon"),
        "audiences.empty" => b.with("audiences", json!([])),
        "audiences.name_duplicate" => b.with("audiences", json!([{"name": "A"}, {"name": "A"}])),
        "audiences.name_missing" => b.with("audiences", json!([{}])),
        "campaign.bid_strategy_without_budget" => {
            b.with("campaign.bid_strategy", "LOWEST_COST_WITHOUT_CAP")
        }
        "campaign.budget_both_kinds" => b
            .with("campaign.daily_budget", 5000)
            .with("campaign.lifetime_budget", 30000),
        "campaign.budget_not_positive" => b.with("campaign.daily_budget", 0),
        "campaign.budget_sharing_unset" => b.without("campaign.is_adset_budget_sharing_enabled"),
        "campaign.buying_type_not_auction" => b.with("campaign.buying_type", "RESERVED"),
        "campaign.existing_not_changed" => b.with("campaign.id", "120210000000000001"),
        "campaign.id_malformed" => b.with("campaign.id", "act_12"),
        "campaign.missing" => b.without("campaign"),
        "campaign.name_missing" => b.with("campaign.name", ""),
        "campaign.objective_legacy" => b.with("campaign.objective", "CONVERSIONS"),
        "campaign.objective_missing" => b.without("campaign.objective"),
        "campaign.objective_unknown" => b.with("campaign.objective", "NOPE"),
        "campaign.special_ad_categories_missing" => b.without("campaign.special_ad_categories"),
        "campaign.special_ad_category_none_mixed" => b.with(
            "campaign.special_ad_categories",
            json!(["NONE", "EMPLOYMENT"]),
        ),
        "campaign.special_ad_category_unknown" => {
            b.with("campaign.special_ad_categories", json!(["NOPE"]))
        }
        "campaign.special_country_unused" => {
            b.with("campaign.special_ad_category_country", json!(["US"]))
        }
        "campaign.spend_cap_not_positive" => b.with("campaign.spend_cap", 0),
        "creative.asset_feed_id" => b.with("creative.asset_feed_id", "123"),
        "creative.missing" => b.without("creative"),
        "creative.feature_enroll_status" => b.with(
            &features("text_translation"),
            json!({"enroll_status": "MAYBE"}),
        ),
        "creative.feature_forbidden" => b.with(
            &features("text_translation"),
            json!({"enroll_status": "OPT_IN"}),
        ),
        "creative.feature_forbidden_default" => b.with(
            &features("image_uncrop"),
            json!({"enroll_status": "OPT_OUT"}),
        ),
        "creative.feature_unknown" => b.with(
            &features("made_up_feature"),
            json!({"enroll_status": "OPT_OUT"}),
        ),
        "creative.standard_enhancements" => b.with(
            "creative.degrees_of_freedom_spec.creative_features_spec.standard_enhancements",
            json!({"enroll_status": "OPT_IN"}),
        ),
        "feed.ad_format_count" => b.with(&feed("ad_formats"), json!([])),
        "feed.ad_format_unknown" => b.with(&feed("ad_formats"), json!(["NOPE"])),
        "feed.app_link_count" => app().with(
            &feed("link_urls"),
            json!([
                {"website_url": "https://apps.apple.com/us/app/puzzle-quest/id284882215"},
                {"website_url": "https://puzzle.example.com"}
            ]),
        ),
        "feed.app_link_mismatch" => app().with(
            &feed("link_urls.0.website_url"),
            "https://puzzle.example.com",
        ),
        "feed.carousel_labels" => b
            .with(&feed("ad_formats"), json!(["CAROUSEL"]))
            .with(&feed("bodies.0.adlabels"), json!([{"name": "a"}])),
        "feed.cta_missing" => b.with(&feed("call_to_action_types"), json!([])),
        "feed.cta_not_for_objective" => b.with(&feed("call_to_action_types"), json!(["CALL_NOW"])),
        "feed.cta_refused_for_objective" => {
            b.with(&feed("call_to_action_types"), json!(["BOOK_NOW"]))
        }
        "feed.cta_unknown" => b.with(&feed("call_to_action_types"), json!(["shop now"])),
        "feed.customization_rules" => b.with(&feed("asset_customization_rules"), json!([{}])),
        "feed.duplicate_asset" => b.with(&feed("titles.1.text"), "Boots for real winters"),
        "feed.format_needs_media" => b.without(&feed("images")),
        "feed.link_invalid" => b.with(&feed("link_urls.0.website_url"), "shop"),
        "feed.link_missing" => b.with(&feed("link_urls"), json!([])),
        "feed.missing" => b.without(F),
        "feed.optimization_type" => b.with(&feed("optimization_type"), "DEGREES_OF_FREEDOM"),
        "feed.text_missing" => b.with(&feed("titles.0.text"), ""),
        "feed.text_too_long" => b.with(&feed("titles.0.text"), "x".repeat(256)),
        "feed.text_truncated" => b.with(&feed("titles.0.text"), "x ".repeat(25)),
        "feed.too_many" => b.with(&feed("titles"), texts(6)),
        "feed.too_many_assets" => b
            .with(&feed("titles"), texts(5))
            .with(&feed("bodies"), texts(5))
            .with(&feed("descriptions"), texts(5))
            .with(
                &feed("videos"),
                (1..=10)
                    .map(|i| json!({"video_id": format!("{i}")}))
                    .collect::<Value>(),
            ),
        "image.crop_count" => crop(json!({
            "100x100": [[0, 0], [1080, 1080]], "600x360": [[0, 0], [600, 360]]
        })),
        "image.crop_inverted" => crop(json!({"100x100": [[10, 10], [0, 0]]})),
        "image.crop_key_obsolete" => crop(json!({"191x100": [[0, 0], [191, 100]]})),
        "image.crop_key_unknown" => crop(json!({"7x7": [[0, 0], [7, 7]]})),
        "image.crop_negative" => crop(json!({"100x100": [[-1, 0], [1079, 1080]]})),
        "image.crop_outside" => crop(json!({"100x100": [[0, 0], [1081, 1081]]})),
        "image.crop_ratio" => crop(json!({"100x100": [[0, 0], [1080, 500]]})),
        "image.file_missing" => b.with(&feed("images.0.file"), "images/nope.jpg"),
        "image.file_too_large" => return Some((b, jpeg(1080, 1080, 40 << 20, true))),
        "image.file_truncated" => return Some((b, jpeg(1080, 1080, 1000, false))),
        "image.file_unreadable" => {
            return Some((b, Some(ImageFacts::Unreadable("permission denied".into()))));
        }
        "image.format_unsupported" => {
            let webp = boots(ImageFormat::Other("a WebP image".into()), 1, 1, 10, true);
            return Some((b, Some(webp)));
        }
        "image.hash_malformed" => b.with(&feed("images.0"), json!({"hash": "abc"})),
        "image.not_square" => return Some((no_crop, jpeg(1200, 628, 1000, true))),
        "image.size_empty" => return Some((b, jpeg(0, 1080, 1000, true))),
        "image.size_too_large" => return Some((b, jpeg(20_000, 20_000, 1000, true))),
        "image.source_ambiguous" => b.with(&feed("images.0.hash"), format!("{:032x}", 1)),
        "image.source_missing" => b.with(&feed("images.0"), json!({})),
        "image.url_unsupported" => b.with(
            &feed("images.0"),
            json!({"url": "https://cdn.example.com/a.jpg"}),
        ),
        "spec.bid_strategy_unknown" => b.with("ad_set.bid_strategy", "NOPE"),
        "spec.country_unknown" => b.with(&tg("geo_locations.countries"), json!(["ZZ"])),
        "spec.id_malformed" => b.with("page_id", "abc"),
        "spec.status_invalid" => b.with("ad.status", "DELETED"),
        "spec.version_missing" => b.without("version"),
        "spec.version_unknown" => b.with("version", 2),
        "targeting.advantage_audience_age" => b
            .with(&tg("targeting_automation.advantage_audience"), 1)
            .with(&tg("age_min"), 30),
        "targeting.advantage_audience_invalid" => {
            b.with(&tg("targeting_automation.advantage_audience"), 2)
        }
        "targeting.advantage_audience_missing" => b
            .without(&tg("targeting_automation"))
            .with(&tg("age_min"), 30),
        "targeting.age_out_of_range" => b.with(&tg("age_min"), 12),
        "targeting.age_range_inverted" => b.with(&tg("age_min"), 40).with(&tg("age_max"), 30),
        "targeting.countries_missing" => b.with(&tg("geo_locations.countries"), json!([])),
        "targeting.country_duplicate" => {
            b.with(&tg("geo_locations.countries"), json!(["US", "US"]))
        }
        "targeting.gender_unknown" => b.with(&tg("genders"), json!([3])),
        "targeting.missing" => b.without(T),
        "targeting.placement_removed" => {
            b.with(&tg("facebook_positions"), json!(["feed", "video_feeds"]))
        }
        "targeting.platform_unknown" => b.with(&tg("publisher_platforms"), json!(["myspace"])),
        "targeting.special_category_age" => special().with(&tg("age_min"), 25),
        "targeting.special_category_gender" => special().with(&tg("genders"), json!([1])),
        "targeting.special_category_zip" => {
            special().with(&tg("geo_locations.zips"), json!([{"key": "US:10001"}]))
        }
        "targeting.automation_special_category" => {
            special().with(&tg("targeting_optimization"), "expansion_all")
        }
        "targeting.custom_audience_id_malformed" => b.with(
            &tg("custom_audiences"),
            json!([{"id": "abc", "name": "Buyers"}]),
        ),
        "targeting.custom_audience_included_and_excluded" => b
            .with(&tg("custom_audiences"), json!([{"id": "2384"}]))
            .with(&tg("excluded_custom_audiences"), json!([{"id": "2384"}])),
        "targeting.detailed_expansion_invalid" => b.with(&tg("targeting_optimization"), "all"),
        "targeting.detailed_expansion_unused" => {
            b.with(&tg("targeting_optimization"), "expansion_all")
        }
        "targeting.detailed_group_empty" => b.with(&tg("flexible_spec"), json!([{}])),
        "targeting.detailed_id_malformed" => b.with(
            &tg("flexible_spec"),
            json!([{"interests": [{"id": "hiking", "name": "Hiking"}]}]),
        ),
        "targeting.detailed_included_and_excluded" => b
            .with(
                &tg("flexible_spec"),
                json!([{"interests": [{"id": "6003"}]}]),
            )
            .with(&tg("exclusions"), json!({"interests": [{"id": "6003"}]})),
        "targeting.detailed_too_many" => b.with(
            &tg("flexible_spec"),
            json!([{"work_employers": (0..201)
                .map(|i| json!({"id": format!("{}", 1000 + i)}))
                .collect::<Value>()}]),
        ),
        "targeting.device_platform_unknown" => b.with(&tg("device_platforms"), json!(["tablet"])),
        "targeting.distance_unit_unknown" => b.with(
            &tg("geo_locations.cities"),
            json!([{"key": "2420605", "radius": 20, "distance_unit": "km"}]),
        ),
        "targeting.excluded_everywhere" => {
            b.with(&tg("excluded_geo_locations.countries"), json!(["US"]))
        }
        "targeting.genders_everyone" => b.with(&tg("genders"), json!([1, 2])),
        "targeting.interests_over_recommended" => b.with(
            &tg("flexible_spec"),
            json!([{"interests": (0..101)
                .map(|i| json!({"id": format!("{}", 6000 + i)}))
                .collect::<Value>()}]),
        ),
        "targeting.locale_duplicate" => b.with(&tg("locales"), json!([6, 6])),
        "targeting.locale_too_many" => b.with(&tg("locales"), (1..=91).collect::<Value>()),
        "targeting.location_duplicate" => b.with(
            &tg("geo_locations.regions"),
            json!([{"key": "3847"}, {"key": "3847"}]),
        ),
        "targeting.location_included_and_excluded" => b
            .with(&tg("geo_locations.regions"), json!([{"key": "3847"}]))
            .with(
                &tg("excluded_geo_locations.regions"),
                json!([{"key": "3847"}]),
            ),
        "targeting.location_key_missing" => {
            b.with(&tg("geo_locations.cities"), json!([{"name": "Paris"}]))
        }
        "targeting.location_too_many" => b.with(
            &tg("geo_locations.cities"),
            (0..251)
                .map(|i| json!({"key": format!("{}", 1000 + i)}))
                .collect::<Value>(),
        ),
        "targeting.location_type_duplicate" => {
            b.with(&tg("geo_locations.location_types"), json!(["home", "home"]))
        }
        "targeting.location_type_retired" => {
            b.with(&tg("geo_locations.location_types"), json!(["travel_in"]))
        }
        "targeting.location_type_unknown" => {
            b.with(&tg("geo_locations.location_types"), json!(["work"]))
        }
        "targeting.position_platform_missing" => b
            .with(&tg("publisher_platforms"), json!(["facebook"]))
            .with(&tg("instagram_positions"), json!(["story"])),
        "targeting.position_unknown" => b
            .with(&tg("publisher_platforms"), json!(["facebook"]))
            .with(&tg("facebook_positions"), json!(["wall"])),
        "targeting.position_video_only" => b
            .with(&tg("publisher_platforms"), json!(["facebook"]))
            .with(&tg("facebook_positions"), json!(["instream_video"])),
        "targeting.positions_without_platforms" => {
            b.with(&tg("facebook_positions"), json!(["feed"]))
        }
        "targeting.radius_not_allowed" => b.with(
            &tg("geo_locations.regions"),
            json!([{"key": "3847", "radius": 20, "distance_unit": "mile"}]),
        ),
        "targeting.radius_out_of_range" => b.with(
            &tg("geo_locations.cities"),
            json!([{"key": "2420605", "radius": 5, "distance_unit": "mile"}]),
        ),
        "targeting.radius_unit_missing" => b.with(
            &tg("geo_locations.cities"),
            json!([{"key": "2420605", "radius": 20}]),
        ),
        "targeting.special_category_exclusion" => {
            special().with(&tg("exclusions"), json!({"interests": [{"id": "6003"}]}))
        }
        "targeting.special_category_radius" => special().with(
            &tg("geo_locations.cities"),
            json!([{"key": "2420605", "radius": 12, "distance_unit": "mile"}]),
        ),
        "targeting.location_key_malformed" => b.with(
            &tg("geo_locations.cities"),
            json!([{"key": "Palo Alto", "radius": 20, "distance_unit": "mile"}]),
        ),
        "targeting.zip_key_malformed" => {
            b.with(&tg("geo_locations.zips"), json!([{"key": "94304"}]))
        }
        "targeting.sponsored_messages" => {
            b.with(&tg("messenger_positions"), json!(["sponsored_messages"]))
        }
        "text.control_character" => b.with("campaign.name", "Winter\u{1b}Sale"),
        "feed.format_mixes_media" => b.with(&feed("videos"), json!([{"file": "run.mp4"}])),
        code if code.starts_with("video.") => return video_example(code).map(|v| (v, None)),
        _ => return None,
    };
    Some((spec, None))
}

/// A spec that raises the video rule `code`: the base under AUTOMATIC_FORMAT with one video
/// (the files named are in [`video_files`]).
fn video_example(code: &str) -> Option<Value> {
    let hash = "0123456789abcdef0123456789abcdef";
    let thumb = |t: Value| json!([{"file": "run.mp4", "thumbnail": t}]);
    let one = |file: &str| json!([{ "file": file }]);
    let videos = match code {
        "video.codec_refused" => one("drm.mp4"),
        "video.codec_unlisted" => one("prores.mov"),
        "video.container_unread" => one("clip.webm"),
        "video.duration_cut" => one("long.mp4"),
        "video.duration_out_of_range" => one("blink.mp4"),
        "video.file_missing" => one("gone.mp4"),
        "video.file_too_large" => one("huge.mp4"),
        "video.file_too_small" => one("crumb.mp4"),
        "video.file_unreadable" => one("broken.mp4"),
        "video.no_video_track" => one("sound.mp4"),
        "video.rotation_tilted" => one("tilted.mp4"),
        "video.shape_for_placement" => one("run.mp4"),
        "video.size_low" => one("soft.mp4"),
        "video.size_too_small" => one("tiny.mp4"),
        "video.source_ambiguous" => json!([{"file": "run.mp4", "video_id": "1"}]),
        "video.source_missing" => json!([{}]),
        "video.thumbnail_ambiguous" => json!([{
            "file": "run.mp4", "thumbnail_url": "https://cdn.example.com/t.jpg", "thumbnail_hash": hash
        }]),
        "video.thumbnail_crop_invalid" => {
            thumb(json!({"file": "images/boots.jpg", "crop": [[5, 5], [1, 1]]}))
        }
        "video.thumbnail_file_missing" => thumb(json!({"file": "gone.jpg"})),
        "video.thumbnail_hash_malformed" => json!([{"file": "run.mp4", "thumbnail_hash": "abc"}]),
        "video.thumbnail_missing" => json!([{"video_id": "1"}]),
        "video.thumbnail_shape" => {
            thumb(json!({"file": "images/boots.jpg", "crop": [[0, 0], [400, 100]]}))
        }
        "video.thumbnail_unreadable" => thumb(json!({"file": "broken.jpg"})),
        "video.thumbnail_url_invalid" => json!([{"file": "run.mp4", "thumbnail_url": "t.jpg"}]),
        _ => return None,
    };
    Some(
        base_json()
            .with(&feed("ad_formats"), json!(["AUTOMATIC_FORMAT"]))
            .with(&feed("videos"), videos),
    )
}

/// What the video files of the rows hold (a square 15-second H.264 MP4 but for what each name
/// says), and a damaged thumbnail.
fn video_files(facts: &mut Facts) {
    let square = VideoInfo {
        container: VideoContainer::Mp4,
        codec: "avc1".into(),
        width: 1080,
        height: 1080,
        rotation: 0,
        duration_ms: 15_000,
        bytes: 20_000_000,
        has_audio: true,
    };
    let read = |info: VideoInfo| VideoFacts::Read(info);
    let rows = [
        ("run.mp4", read(square.clone())),
        (
            "drm.mp4",
            read(VideoInfo {
                codec: "encv".into(),
                ..square.clone()
            }),
        ),
        (
            "prores.mov",
            read(VideoInfo {
                container: VideoContainer::Mov,
                codec: "apch".into(),
                ..square.clone()
            }),
        ),
        (
            "clip.webm",
            read(VideoInfo {
                container: VideoContainer::Other("WebM/Matroska".into()),
                ..square.clone()
            }),
        ),
        (
            "long.mp4",
            read(VideoInfo {
                width: 1080,
                height: 1920,
                duration_ms: 95_000,
                ..square.clone()
            }),
        ),
        (
            "blink.mp4",
            read(VideoInfo {
                duration_ms: 400,
                ..square.clone()
            }),
        ),
        (
            "tilted.mp4",
            read(VideoInfo {
                rotation: 30,
                ..square.clone()
            }),
        ),
        (
            "crumb.mp4",
            read(VideoInfo {
                bytes: 600,
                ..square.clone()
            }),
        ),
        (
            "huge.mp4",
            read(VideoInfo {
                bytes: 5 << 30,
                ..square.clone()
            }),
        ),
        (
            "broken.mp4",
            VideoFacts::Unreadable("box «moov» at byte 32 is cut off".into()),
        ),
        (
            "sound.mp4",
            read(VideoInfo {
                codec: String::new(),
                ..square.clone()
            }),
        ),
        (
            "soft.mp4",
            read(VideoInfo {
                width: 480,
                height: 480,
                ..square.clone()
            }),
        ),
        (
            "tiny.mp4",
            read(VideoInfo {
                width: 100,
                height: 100,
                ..square.clone()
            }),
        ),
    ];
    facts.videos.extend(rows.map(|(k, v)| (k.to_string(), v)));
    facts.images.insert(
        "broken.jpg".into(),
        ImageFacts::Unreadable("the image header is damaged".into()),
    );
}

/// The findings of a row: the example files read, the first image's facts replaced if given,
/// the video files of [`video_files`], the ad account billing in USD.
fn findings_of(v: &Value, first_image: Option<ImageFacts>) -> Vec<Finding> {
    let s = spec(v);
    let mut facts: Facts = facts_with_images(&s);
    video_files(&mut facts);
    facts.currency = Currency::new("USD");
    // The house policy of the rows that write Advantage+ creative features: never translate.
    if v.pointer("/creative/degrees_of_freedom_spec").is_some() {
        facts.never_features = vec!["text_translation".into()];
    }
    if let Some(image) = first_image {
        facts.images.insert("images/boots.jpg".into(), image);
    }
    validate(&s, &facts)
}

/// The words before the first full stop (a `.` that ends the text or comes before a space),
/// with what is "quoted" (the spec's own values) left out.
fn first_sentence(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '"' {
            quoted = !quoted;
            continue;
        }
        if quoted {
            continue;
        }
        if c == '.' && chars.peek().is_none_or(|n| n.is_whitespace()) {
            break;
        }
        out.push(c);
    }
    out
}

/// A JSON path or key in the words: a lower-case word with an underscore (`end_time`,
/// `asset_feed_spec`), two lower-case words joined by a dot (`geo_locations.countries`), or an
/// index (`titles[2]`).
fn graph_path(words: &str) -> Option<String> {
    words
        .split(|c: char| c.is_whitespace() || "(),;:'".contains(c))
        .find(|w| {
            let snake = w.contains('_') && w.chars().any(|c| c.is_ascii_lowercase());
            let dotted = w
                .as_bytes()
                .windows(3)
                .any(|t| t[1] == b'.' && t[0].is_ascii_lowercase() && t[2].is_ascii_lowercase());
            let indexed = w.contains('[') && w.contains(']');
            snake || dotted || indexed
        })
        .map(str::to_string)
}

#[test]
fn the_path_finder_sees_graph_paths_and_not_the_buyers_words() {
    let rows = [
        ("end_time must be after start_time", Some("end_time")),
        ("This title repeats title 3 (titles[2])", Some("titles[2]")),
        (
            "Targeting needs geo_locations.countries",
            Some("geo_locations.countries"),
        ),
        ("End date must be after the start date", None),
        (
            "Buying type RESERVED is not one Dynamic Creative takes: it needs AUCTION",
            None,
        ),
        ("Image 1 (\"my_boots.jpg\") cannot be read", None),
    ];
    for (words, want) in rows {
        let got = graph_path(&first_sentence(words));
        assert_eq!(got.as_deref(), want, "{words}");
    }
    assert_eq!(
        first_sentence("Spend $0.50 a day. Or more."),
        "Spend $0.50 a day"
    );
    assert_eq!(first_sentence("In v17.0. Use X."), "In v17.0");
}

/// Every code has a row, each row raises its code, and each message the wizard would show
/// starts with a capital and names no Graph path before its first full stop.
#[test]
fn every_finding_code_speaks_the_buyers_words_first() {
    let mut problems = Vec::new();
    for &code in CODES {
        let Some((v, image)) = example(code) else {
            problems.push(format!("{code}: no example row in tests/finding_words.rs"));
            continue;
        };
        let findings = findings_of(&v, image);
        let mine: Vec<&Finding> = findings.iter().filter(|f| f.code == code).collect();
        if mine.is_empty() {
            problems.push(format!("{code}: its example raises it not: {findings:#?}"));
        }
        for f in mine {
            let m = &f.message;
            if !m.chars().next().is_some_and(char::is_uppercase) {
                problems.push(format!("{code}: does not start with a capital: {m}"));
            }
            if let Some(p) = graph_path(&first_sentence(m)) {
                problems.push(format!("{code}: names {p} before its first full stop: {m}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Minor units are the spec file's: no message, and no hint the wizard shows, explains them.
#[test]
fn the_wizard_never_explains_minor_units() {
    for &code in CODES {
        let (v, image) = example(code).expect("a row (checked above)");
        for f in findings_of(&v, image) {
            let shown = format!("{} {}", f.message, f.wizard_hint().unwrap_or(""));
            assert!(!shown.contains("minor unit"), "{}: {shown}", f.code);
        }
    }
    // dcw validate still says it, where the buyer writes minor units.
    let f = findings_of(&base_json().without("ad_set.lifetime_budget"), None);
    let budget = f
        .iter()
        .find(|f| f.code == "ad_set.budget_missing")
        .unwrap();
    assert!(
        budget.hint.as_deref().unwrap().contains("minor unit"),
        "{budget:?}"
    );
    assert_eq!(budget.wizard_hint(), None);
}

/// Primary text folds behind "See more"; titles and descriptions are cut off.
#[test]
fn only_the_primary_texts_warning_speaks_of_see_more() {
    let long = "word ".repeat(40);
    let rows = [
        ("titles", "Title 1", false),
        ("descriptions", "Description 1", false),
        ("bodies", "Body 1", true),
    ];
    for (key, label, see_more) in rows {
        let v = base_json().with(&feed(&format!("{key}.0.text")), long.trim());
        let findings = findings_of(&v, None);
        let f = findings
            .iter()
            .find(|f| f.code == "feed.text_truncated")
            .unwrap_or_else(|| panic!("{key}: {findings:#?}"));
        assert!(f.message.starts_with(label), "{key}: {}", f.message);
        assert_eq!(
            f.message.contains("See more"),
            see_more,
            "{key}: {}",
            f.message
        );
    }
}

/// The age rule and the wizard's hint read one range: Meta's 13 to 65.
#[test]
fn the_age_rule_takes_metas_range() {
    use dcw::spec::tables::{AGE_MAX, AGE_MIN};
    assert_eq!((AGE_MIN, AGE_MAX), (13, 65));
    let ok = findings_of(&base_json().with(&tg("age_min"), AGE_MIN), None);
    assert!(
        !ok.iter().any(|f| f.code == "targeting.age_out_of_range"),
        "{ok:#?}"
    );
    let low = findings_of(&base_json().with(&tg("age_min"), AGE_MIN - 1), None);
    let f = low
        .iter()
        .find(|f| f.code == "targeting.age_out_of_range")
        .expect("12 is out of range");
    assert!(f.message.starts_with("Age from is 12"), "{}", f.message);
    assert!(f.message.contains("13 to 65"), "{}", f.message);
}

/// In the wizard, the field's error line and the status line say the buyer's words first, in
/// the error's colour, and the path after them, dimmed.
#[test]
fn the_wizard_shows_the_words_first_and_the_path_after_them_dimmed() {
    use common::wizard::{new_app, press};
    use crossterm::event::KeyCode;
    use dcw::spec::Step;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::Color;

    let mut app = new_app();
    app.goto(Step::Campaign);
    press(&mut app, KeyCode::PageDown);
    let (w, h) = (100u16, 30u16);
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| dcw::tui::draw(&app, dcw::tui::Theme { color: true }, f))
        .unwrap();
    let buf = t.backend().buffer().clone();
    let row = |y: u16| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>();
    let words = "Campaign name is empty.";
    let mut seen = 0;
    for y in 0..h {
        let text = row(y);
        let (Some(at), Some(path_at)) = (text.find(words), text.find("  campaign.name")) else {
            continue;
        };
        assert!(at < path_at, "the words come first: {text}");
        // Byte offsets are columns here: everything before them on these rows is ASCII or one
        // column wide (the mark).
        let col = |byte: usize| text[..byte].chars().count() as u16;
        assert_eq!(buf[(col(at), y)].fg, Color::Red, "the words: {text}");
        assert_eq!(
            buf[(col(path_at) + 2, y)].fg,
            Color::DarkGray,
            "the path: {text}"
        );
        seen += 1;
    }
    // Under the field, and on the status line.
    assert_eq!(
        seen,
        2,
        "{}",
        (0..h).map(row).collect::<Vec<_>>().join("\n")
    );
}
