use serde_json::json;

use super::*;
use crate::spec::model::{AssetFeedSpec, Targeting};

fn feed(v: serde_json::Value) -> AssetFeedSpec {
    serde_json::from_value(v).unwrap()
}

fn texts(n: usize, what: &str) -> serde_json::Value {
    (0..n)
        .map(|i| json!({"text": format!("{what} {i}")}))
        .collect()
}

/// A feed of `images` images, `videos` videos and `n` of each text, link and CTA.
fn sized(images: usize, videos: usize, n: usize, format: &str) -> AssetFeedSpec {
    let ctas = [
        "SHOP_NOW",
        "LEARN_MORE",
        "BUY_NOW",
        "ORDER_NOW",
        "GET_OFFER",
    ];
    feed(json!({
        "images": (0..images).map(|i| json!({"hash": format!("h{i}")})).collect::<Vec<_>>(),
        "videos": (0..videos).map(|i| json!({"video_id": format!("{}", 100 + i)})).collect::<Vec<_>>(),
        "titles": texts(n, "title"),
        "bodies": texts(n, "body"),
        "descriptions": texts(n, "description"),
        "link_urls": (0..n).map(|i| json!({"website_url": format!("https://example.com/{i}")})).collect::<Vec<_>>(),
        "call_to_action_types": ctas[..n].to_vec(),
        "ad_formats": [format],
    }))
}

#[test]
fn each_family_cuts_its_texts_where_the_ads_guide_says() {
    // (key, body, headline, description): meta-dynamic-creative.md §3.3 and the Ads Guide copies.
    let table = [
        ('1', Some(125), Some(27), Some(30)),
        ('2', Some(125), Some(27), Some(30)),
        ('3', Some(125), Some(40), None),
        ('4', Some(72), Some(40), None),
        ('5', None, Some(25), None),
    ];
    for (key, body, headline, description) in table {
        let f = family_by_key(key).unwrap();
        assert_eq!(
            (f.body, f.headline, f.description),
            (body, headline, description),
            "{}",
            f.label
        );
    }
    assert_eq!(FAMILIES.len(), 5);
    assert!(family_by_key('6').is_none());
}

#[test]
fn which_elements_and_media_each_family_shows() {
    let shows = |id| {
        let f = family(id);
        (
            f.body.is_some(),
            f.description.is_some(),
            f.images,
            f.videos,
        )
    };
    assert_eq!(
        shows(FamilyId::FacebookFeedSquare),
        (true, true, true, true)
    );
    assert_eq!(shows(FamilyId::InstagramFeed), (true, false, true, true));
    assert_eq!(shows(FamilyId::StoriesReels), (true, false, true, true));
    assert_eq!(shows(FamilyId::RightColumn), (false, false, true, false));
    assert_eq!(
        family(FamilyId::RightColumn).ad_formats,
        ["RIGHT_COLUMN_STANDARD"]
    );
    assert!(
        family(FamilyId::StoriesReels)
            .ad_formats
            .contains(&"INSTAGRAM_REELS")
    );
}

#[test]
fn a_primary_text_past_its_cut_ends_in_see_more() {
    let long = "a".repeat(130);
    let shown = cut_body(&long, 125);
    assert_eq!(shown, format!("{}… See more", "a".repeat(125)));
    assert_eq!(cut_body("Short and sweet", 125), "Short and sweet");
    // The space before the cut is dropped, not shown before "…".
    assert_eq!(cut_body("one two three", 4), "one… See more");
    assert_eq!(
        cut_line("Winter boots for every trail", 27),
        "Winter boots for every trai…"
    );
    assert_eq!(cut_line("exactly", 7), "exactly");
}

#[test]
fn cjk_and_emoji_count_as_one_character_and_take_two_cells() {
    let title = "雪のブーツ 👢 冬";
    assert_eq!(count(title), 9);
    assert_eq!(cells(title), 16);
    let family = "👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧";
    assert_eq!(count(family), 3, "a ZWJ family is one character");
    assert_eq!(cut_line(family, 2), "👨‍👩‍👧👨‍👩‍👧…");
    let accent = "e\u{301}e\u{301}e\u{301}";
    assert_eq!(
        cut(accent, 2, false).shown,
        "e\u{301}e\u{301}",
        "never splits an accent"
    );
    let c = cut("雪のブーツ", 3, false);
    assert_eq!((c.shown.as_str(), c.cut, c.chars), ("雪のブ", true, 5));
    assert_eq!(cells(&c.shown), 6);
}

#[test]
fn the_shown_text_is_sanitised_and_a_body_keeps_its_line_breaks() {
    let c = cut("Boots\u{1b}]52;c;ZXZpbA==\u{7} now", 100, false);
    assert!(!c.shown.contains('\u{1b}'), "{}", c.shown);
    assert_eq!(cut_body("line one\nline two", 125), "line one\nline two");
    assert_eq!(cut_line("line one\nline two", 125), "line one\\nline two");
}

#[test]
fn cta_buttons_read_as_ads_manager_labels_them() {
    let table = [
        ("SHOP_NOW", Some("Shop now")),
        ("LEARN_MORE", Some("Learn more")),
        ("MESSAGE_PAGE", Some("Send message")),
        ("INSTALL_MOBILE_APP", Some("Install now")),
        ("GET_A_QUOTE", Some("Get quote")),
        ("NO_BUTTON", None),
        ("SOMETHING_META_ADDS", Some("Something meta adds")),
        ("", None),
    ];
    for (cta, label) in table {
        assert_eq!(cta_label(cta).as_deref(), label, "{cta}");
    }
}

#[test]
fn placements_reach_their_families_and_advantage_plus_reaches_all() {
    let keys = |t: Option<&Targeting>| {
        reached(t, Some("OUTCOME_SALES"))
            .iter()
            .map(|f| f.key)
            .collect::<String>()
    };
    assert_eq!(keys(None), "12345", "Advantage+ placements");
    let stories_only = Targeting {
        publisher_platforms: Some(vec!["instagram".into()]),
        instagram_positions: Some(vec!["story".into(), "reels".into()]),
        ..Targeting::default()
    };
    assert_eq!(keys(Some(&stories_only)), "4");
    let facebook = Targeting {
        publisher_platforms: Some(vec!["facebook".into(), "audience_network".into()]),
        ..Targeting::default()
    };
    assert_eq!(keys(Some(&facebook)), "1245");
    let left = not_mocked(Some(&facebook));
    assert!(left.iter().any(|p| p.key == "instream_video"));
    assert!(left.iter().any(|p| p.platform == "audience_network"));
    assert!(!left.iter().any(|p| p.key == "feed"));
}

/// The right column shows where the objective allows it (the Ads Guide's right column pages):
/// app promotion leaves it out; no objective yet, or one dcw does not know, keeps it.
#[test]
fn the_right_column_is_reached_only_where_the_objective_allows_it() {
    let table: &[(Option<&str>, &str)] = &[
        (Some("OUTCOME_AWARENESS"), "12345"),
        (Some("OUTCOME_TRAFFIC"), "12345"),
        (Some("OUTCOME_ENGAGEMENT"), "12345"),
        (Some("OUTCOME_LEADS"), "12345"),
        (Some("OUTCOME_SALES"), "12345"),
        (Some("OUTCOME_APP_PROMOTION"), "1234"),
        (None, "12345"),
        (Some(""), "12345"),
        (Some("SOMETHING_META_ADDS"), "12345"),
    ];
    for (objective, want) in table {
        let got: String = reached(None, *objective).iter().map(|f| f.key).collect();
        assert_eq!(got, *want, "{objective:?}");
    }
    let right_only = Targeting {
        publisher_platforms: Some(vec!["facebook".into()]),
        facebook_positions: Some(vec!["right_hand_column".into()]),
        ..Targeting::default()
    };
    assert!(reached(Some(&right_only), Some("OUTCOME_APP_PROMOTION")).is_empty());
    assert_eq!(reached(Some(&right_only), Some("OUTCOME_TRAFFIC")).len(), 1);
}

#[test]
fn an_image_shows_its_crop_or_the_familys_fallback() {
    let img = |crop: &str| -> crate::spec::model::ImageAsset {
        serde_json::from_value(json!({"hash": "h", "image_crops": {crop: [[0, 0], [90, 160]]}}))
            .unwrap()
    };
    let bare: crate::spec::model::ImageAsset =
        serde_json::from_value(json!({"hash": "h"})).unwrap();
    let stories = family(FamilyId::StoriesReels);
    let square = family(FamilyId::FacebookFeedSquare);
    assert_eq!(
        image_fit(&img("90x160"), stories),
        ImageFit::Exact(CropKey::Vertical90x160)
    );
    assert_eq!(
        image_fit(&img("100x100"), stories),
        ImageFit::Fallback(Fallback::Bars)
    );
    assert_eq!(
        image_fit(&bare, stories),
        ImageFit::Fallback(Fallback::Bars)
    );
    assert_eq!(
        image_fit(&img("400x500"), square),
        ImageFit::OwnCrop(CropKey::Portrait400x500)
    );
    assert_eq!(
        image_fit(&img("90x160"), square),
        ImageFit::Fallback(Fallback::CentreCut(CropKey::Square100x100))
    );
}

#[test]
fn a_ten_by_five_feed_has_31250_combinations_and_the_count_is_exact() {
    let f = sized(10, 0, 5, "SINGLE_IMAGE");
    let c = Combinations::of(&f);
    assert_eq!(c.count(), 31_250);
    assert_eq!(c.get(31_249).map(|c| c.media), Some(Media::Image(9)));
    assert_eq!(c.get(31_250), None);
    for n in (0..31_250).step_by(97) {
        assert_eq!(c.index_of(&c.get(n).unwrap()), Some(n));
    }
    let huge = sized(1000, 1000, 5, "AUTOMATIC_FORMAT");
    assert_eq!(Combinations::of(&huge).count(), 2000 * 3125);
}

#[test]
fn combination_numbers_and_assets_map_both_ways() {
    let f = sized(3, 2, 2, "AUTOMATIC_FORMAT");
    let c = Combinations::of(&f);
    assert_eq!(c.count(), 5 * 32);
    let first = c.get(0).unwrap();
    assert_eq!(
        first,
        Combination {
            media: Media::Image(0),
            title: Some(0),
            body: Some(0),
            description: Some(0),
            link: Some(0),
            cta: Some(0),
        }
    );
    // The primary text turns fastest, then the title; the media slowest.
    assert_eq!(c.get(1).unwrap().body, Some(1));
    assert_eq!(c.get(2).unwrap().title, Some(1));
    assert_eq!(c.get(4).unwrap().description, Some(1));
    assert_eq!(c.get(8).unwrap().cta, Some(1));
    assert_eq!(c.get(16).unwrap().link, Some(1));
    assert_eq!(c.get(32).unwrap().media, Media::Image(1));
    assert_eq!(c.get(3 * 32).unwrap().media, Media::Video(0));
    for n in 0..c.count() {
        let combo = c.get(n).unwrap();
        assert_eq!(c.index_of(&combo), Some(n), "{combo:?}");
    }
    let off = Combination {
        title: Some(2),
        ..first
    };
    assert_eq!(c.index_of(&off), None, "a third title is not in the feed");
}

#[test]
fn an_empty_kind_is_one_choice_none_and_no_media_is_no_ad() {
    let f = feed(json!({
        "images": [{"hash": "a"}, {"hash": "b"}],
        "bodies": [{"text": "x"}, {"text": "y"}, {"text": "z"}],
        "link_urls": [{"website_url": "https://example.com"}],
        "ad_formats": ["SINGLE_IMAGE"],
    }));
    let c = Combinations::of(&f);
    assert_eq!(c.count(), 6);
    let last = c.get(5).unwrap();
    assert_eq!((last.title, last.body, last.cta), (None, Some(2), None));
    assert_eq!(c.index_of(&last), Some(5));
    assert_eq!(
        Combinations::of(&feed(json!({"titles": [{"text": "t"}]}))).count(),
        0
    );
}

#[test]
fn the_ad_format_decides_which_media_run() {
    let table = [
        ("SINGLE_IMAGE", 3u128),
        ("SINGLE_VIDEO", 2),
        ("AUTOMATIC_FORMAT", 5),
    ];
    for (format, media) in table {
        let f = sized(3, 2, 1, format);
        assert_eq!(Combinations::of(&f).count(), media, "{format}");
    }
}

#[test]
fn each_family_counts_what_it_can_show_and_its_fallbacks() {
    let f = feed(json!({
        "images": [
            {"hash": "a", "image_crops": {"90x160": [[0, 0], [900, 1600]]}},
            {"hash": "b", "image_crops": {"100x100": [[0, 0], [1000, 1000]]}},
            {"hash": "c"},
        ],
        "videos": [{"video_id": "7"}],
        "titles": [{"text": "t1"}, {"text": "t2"}],
        "ad_formats": ["AUTOMATIC_FORMAT"],
    }));
    let all: Vec<&'static Family> = FAMILIES.iter().collect();
    let counts = per_family(&f, &all);
    let by = |id| counts.iter().find(|c| c.family.id == id).unwrap();
    let stories = by(FamilyId::StoriesReels);
    assert_eq!(
        (stories.combinations, stories.images, stories.videos),
        (8, 3, 1)
    );
    assert_eq!(stories.fallback_images, 2, "b and c have no 9:16 crop");
    let right = by(FamilyId::RightColumn);
    assert_eq!(
        (right.combinations, right.videos),
        (6, 0),
        "the right column shows no video"
    );
    assert_eq!(right.fallback_images, 2, "a (9:16) and c (no crop)");
    assert_eq!(by(FamilyId::FacebookFeedSquare).fallback_images, 2);
}

#[test]
fn an_asset_that_can_never_show_is_named() {
    let f = sized(2, 1, 1, "SINGLE_IMAGE");
    let right = [family(FamilyId::RightColumn)];
    let w = warnings(&f, &right);
    let paths: Vec<&str> = w.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "creative.asset_feed_spec.videos[0]",
            "creative.asset_feed_spec.descriptions",
            "creative.asset_feed_spec.bodies",
        ]
    );
    assert!(w[0].message.contains("SINGLE_IMAGE"), "{}", w[0].message);
    let auto = sized(1, 1, 1, "AUTOMATIC_FORMAT");
    let w = warnings(&auto, &right);
    assert!(
        w[0].message.contains("Facebook right column"),
        "{}",
        w[0].message
    );
    let all: Vec<&'static Family> = FAMILIES.iter().collect();
    assert!(warnings(&auto, &all).is_empty());
}

/// One image (4:5 crop), one long body, a CJK/emoji title, a description, a link, SHOP_NOW.
fn boots() -> AssetFeedSpec {
    feed(json!({
        "images": [{"hash": "h", "image_crops": {"400x500": [[0, 0], [800, 1000]]}}],
        "videos": [{"video_id": "9"}],
        "titles": [{"text": "雪のブーツ 👨‍👩‍👧 冬の散歩にぴったりの暖かいブーツ、今ならお得。送料無料でお届けします、返品も簡単です"}],
        "bodies": [{"text": format!("Our warmest boots are back. {}", "Warm. ".repeat(30))}],
        "descriptions": [{"text": "Free returns within 30 days of delivery"}],
        "link_urls": [{"website_url": "https://shop.example.com/winter?utm=1"}],
        "call_to_action_types": ["SHOP_NOW"],
        "ad_formats": ["AUTOMATIC_FORMAT"],
    }))
}

#[test]
fn each_family_shows_its_elements_cut_at_its_points() {
    let f = boots();
    let c = Combinations::of(&f).get(0).unwrap();
    for fam in FAMILIES {
        let s = shown(&f, fam, &c);
        assert_eq!(s.body.is_some(), fam.body.is_some(), "{}", fam.label);
        assert_eq!(
            s.description.is_some(),
            fam.description.is_some(),
            "{}",
            fam.label
        );
        assert_eq!(s.button.as_deref(), Some("Shop now"), "{}", fam.label);
        assert_eq!(s.link.as_deref(), Some("shop.example.com"), "{}", fam.label);
        if let Some(body) = &s.body {
            assert!(body.ends_with(SEE_MORE), "{}: {body}", fam.label);
            let kept = body.strip_suffix(SEE_MORE).unwrap();
            assert!(count(kept) <= fam.body.unwrap(), "{}: {kept}", fam.label);
        }
        let headline = s.headline.unwrap();
        assert_eq!(
            count(&headline),
            fam.headline.unwrap() + 1,
            "{}: cut and …",
            fam.label
        );
    }
    let feed_square = shown(&f, family(FamilyId::FacebookFeedSquare), &c);
    assert_eq!(
        feed_square.headline.as_deref(),
        Some("雪のブーツ 👨‍👩‍👧 冬の散歩にぴったりの暖かいブーツ、今な…")
    );
    assert_eq!(
        feed_square.description.as_deref(),
        Some("Free returns within 30 days of…")
    );
    assert_eq!(
        feed_square.fit,
        Some(ImageFit::OwnCrop(CropKey::Portrait400x500))
    );
    let stories = shown(&f, family(FamilyId::StoriesReels), &c);
    assert_eq!(stories.fit, Some(ImageFit::Fallback(Fallback::Bars)));
    let video = Combinations::of(&f).get(1).unwrap();
    assert_eq!(shown(&f, family(FamilyId::InstagramFeed), &video).fit, None);
}

#[test]
fn a_display_url_wins_and_a_missing_text_shows_nothing() {
    let f = feed(json!({
        "images": [{"hash": "h"}],
        "link_urls": [{"website_url": "https://user@shop.example.com/x", "display_url": "example.com/boots"}],
        "call_to_action_types": ["NO_BUTTON"],
        "ad_formats": ["SINGLE_IMAGE"],
    }));
    let c = Combinations::of(&f).get(0).unwrap();
    let s = shown(&f, family(FamilyId::FacebookFeedSquare), &c);
    assert_eq!(s.link.as_deref(), Some("example.com/boots"));
    assert_eq!(
        (s.body, s.headline, s.description, s.button),
        (None, None, None, None)
    );
    let bare = feed(json!({
        "images": [{"hash": "h"}],
        "link_urls": [{"website_url": "http://user@shop.example.com:8080/x"}],
    }));
    let c = Combinations::of(&bare).get(0).unwrap();
    let s = shown(&bare, family(FamilyId::FacebookFeedSquare), &c);
    assert_eq!(s.link.as_deref(), Some("shop.example.com:8080"));
}

#[test]
fn a_combination_names_its_assets_from_one() {
    let f = sized(3, 2, 2, "AUTOMATIC_FORMAT");
    let c = Combinations::of(&f);
    assert_eq!(
        describe(&c.get(0).unwrap()),
        "image 1 · title 1 · body 1 · description 1 · link 1 · CTA 1"
    );
    assert_eq!(
        describe(&c.get(c.count() - 1).unwrap()),
        "video 2 · title 2 · body 2 · description 2 · link 2 · CTA 2"
    );
    let sparse = feed(json!({"videos": [{"video_id": "1"}], "bodies": [{"text": "b"}]}));
    assert_eq!(
        describe(&Combinations::of(&sparse).get(0).unwrap()),
        "video 1 · body 1"
    );
}

mod props {
    use proptest::prelude::*;

    use super::*;
    use crate::spec::text::is_unsafe;

    proptest! {
        #[test]
        fn a_cut_keeps_at_most_its_limit_and_splits_no_grapheme(s in any::<String>(), limit in 0usize..40) {
            let c = cut(&s, limit, false);
            prop_assert_eq!(c.chars, count(&s));
            prop_assert_eq!(c.cut, count(&s) > limit);
            prop_assert!(!c.shown.chars().any(is_unsafe), "{:?}", c.shown);
            if !s.chars().any(is_unsafe) {
                prop_assert!(count(&c.shown) <= limit);
                prop_assert!(s.starts_with(&c.shown));
                // What is kept ends where a grapheme of the whole text ends.
                let ends: Vec<usize> = unicode_segmentation::UnicodeSegmentation::grapheme_indices(s.as_str(), true)
                    .map(|(i, g)| i + g.len())
                    .collect();
                prop_assert!(c.shown.is_empty() || ends.contains(&c.shown.len()));
            }
        }

        #[test]
        fn every_combination_number_maps_back_to_itself(
            images in 0usize..11, videos in 0usize..11, n in 0usize..6, pick in any::<u64>()
        ) {
            let f = sized(images, videos, n, "AUTOMATIC_FORMAT");
            let c = Combinations::of(&f);
            let kinds = n.max(1) as u128;
            prop_assert_eq!(c.count(), (images + videos) as u128 * kinds.pow(5));
            if c.count() > 0 {
                let k = u128::from(pick) % c.count();
                let combo = c.get(k).unwrap();
                prop_assert_eq!(c.index_of(&combo), Some(k));
            }
        }
    }
}

#[test]
fn a_family_counts_only_the_ads_it_can_look_like_and_the_same_ad_keeps_its_number_across() {
    let f = sized(2, 0, 3, "SINGLE_IMAGE");
    let square = family(FamilyId::FacebookFeedSquare);
    let right = family(FamilyId::RightColumn);
    let all = Combinations::for_family(&f, square);
    let side = Combinations::for_family(&f, right);
    assert_eq!(all.count(), 2 * 3u128.pow(5));
    // The right column shows no primary text (and what else its table leaves out): each of
    // those is one choice there.
    let hidden = [right.body, right.headline, right.description]
        .iter()
        .filter(|c| c.is_none())
        .count() as u32;
    assert!(hidden >= 1, "the right column hides the primary text");
    assert_eq!(side.count(), all.count() / 3u128.pow(hidden));
    // Combination 7 of the feed, shown in the right column, is the same image, link and CTA.
    let c = all.get(7).unwrap();
    let there = side.get(side.index_of(&c).unwrap()).unwrap();
    assert_eq!(
        (there.media, there.link, there.cta),
        (c.media, c.link, c.cta)
    );
    assert_eq!(there.body, None);
}
