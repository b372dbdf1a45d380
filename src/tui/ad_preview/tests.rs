use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;

use super::{AdPreview, Files, Reach, view};
use crate::spec::AssetFeedSpec;
use crate::spec::group_thousands as thousands;
use crate::spec::preview::{Combination, Combinations, FamilyId, Media, family_by_key};
use crate::tui::keymap::KeyMap;

/// 2 images (the second with a 9:16 crop), 1 video, 3 titles, 2 bodies, 1 link, 2 CTAs.
fn feed() -> AssetFeedSpec {
    serde_json::from_value(json!({
        "images": [
            {"file": "/x/shoe.jpg", "image_crops": {"100x100": [[0, 0], [100, 100]]}},
            {"file": "/x/tall.jpg", "image_crops": {"90x160": [[0, 0], [90, 160]]}}
        ],
        "videos": [{"file": "/x/run.mp4"}],
        "titles": [{"text": "A"}, {"text": "B"}, {"text": "C"}],
        "bodies": [{"text": "one"}, {"text": "two"}],
        "link_urls": [{"website_url": "https://shop.example.com/x"}],
        "call_to_action_types": ["SHOP_NOW", "LEARN_MORE"],
        "ad_formats": ["AUTOMATIC_FORMAT"]
    }))
    .unwrap()
}

fn screen() -> AdPreview {
    AdPreview::new(
        feed(),
        Reach::of(None, None),
        "Shop".into(),
        Files::default(),
    )
}

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

#[test]
fn right_and_left_walk_the_combinations_and_wrap_at_both_ends() {
    let keys = KeyMap::default();
    let mut p = screen();
    // 3 media × 3 titles × 2 bodies × 1 link × 2 CTAs.
    assert_eq!(p.count(), 36);
    assert_eq!(p.index, 0);
    assert!(!p.on_key(&keys, &key(KeyCode::Right)));
    assert_eq!(p.index, 1);
    p.on_key(&keys, &key(KeyCode::Char('h')));
    p.on_key(&keys, &key(KeyCode::Left));
    assert_eq!(p.index, 35, "left from the first is the last");
    p.on_key(&keys, &key(KeyCode::Char('l')));
    assert_eq!(p.index, 0, "right from the last is the first");
}

#[test]
fn a_family_switch_keeps_the_same_assets_or_a_valid_index() {
    let keys = KeyMap::default();
    let mut p = screen();
    // The video, title 2, body 1, CTA 2: the last media comes last.
    let video_at = Combinations::for_family(&p.feed, p.family)
        .index_of(&Combination {
            media: Media::Video(0),
            title: Some(1),
            body: Some(0),
            description: None,
            link: Some(0),
            cta: Some(1),
        })
        .unwrap();
    p.index = video_at;
    p.on_key(&keys, &key(KeyCode::Char('4')));
    assert_eq!(p.family.id, FamilyId::StoriesReels);
    let c = p.combination().unwrap();
    assert_eq!(
        (c.media, c.title, c.cta),
        (Media::Video(0), Some(1), Some(1)),
        "Stories show the same combination"
    );
    // The right column shows no video: the index stays in range.
    p.on_key(&keys, &key(KeyCode::Char('5')));
    assert_eq!(p.family.id, FamilyId::RightColumn);
    // Two images × two titles × one link × two CTAs: its bodies are one choice there.
    assert_eq!(p.count(), 12);
    assert!(p.index < p.count(), "{} of {}", p.index, p.count());
    assert!(p.combination().is_some());
}

/// A family that hides bodies (the right column) and back: the title walked to there stays, and
/// the body seen before comes back; the image and link stay across any switch.
#[test]
fn a_family_that_shows_more_texts_keeps_the_assets_and_brings_back_the_hidden_ones() {
    let keys = KeyMap::default();
    let mut p = screen();
    // Image 2, title 1, body 2, CTA 1 on Facebook Feed 1:1.
    p.index = Combinations::for_family(&p.feed, p.family)
        .index_of(&Combination {
            media: Media::Image(1),
            title: Some(0),
            body: Some(1),
            description: None,
            link: Some(0),
            cta: Some(0),
        })
        .unwrap();
    p.on_key(&keys, &key(KeyCode::Char('5')));
    let c = p.combination().unwrap();
    assert_eq!((c.media, c.title, c.body), (Media::Image(1), Some(0), None));
    // → in the right column: the title changes (bodies are hidden there).
    p.on_key(&keys, &key(KeyCode::Right));
    assert_eq!(p.combination().unwrap().title, Some(1));
    p.on_key(&keys, &key(KeyCode::Char('1')));
    let c = p.combination().unwrap();
    assert_eq!(
        (c.media, c.title, c.body, c.cta),
        (Media::Image(1), Some(1), Some(1), Some(0)),
        "back on the feed: title 2 as walked, body 2 as before, image 2"
    );
    // Stories show no description; with none in this feed, the same numbers hold anyway.
    p.on_key(&keys, &key(KeyCode::Char('4')));
    p.on_key(&keys, &key(KeyCode::Char('3')));
    assert_eq!(p.combination().unwrap().media, Media::Image(1));
}

#[test]
fn esc_v_and_q_close_and_other_keys_do_not() {
    let keys = KeyMap::default();
    for c in [KeyCode::Esc, KeyCode::Char('v'), KeyCode::Char('q')] {
        assert!(screen().on_key(&keys, &key(c)), "{c:?} closes");
    }
    for c in [KeyCode::Char('x'), KeyCode::Enter, KeyCode::Char('9')] {
        let mut p = screen();
        assert!(!p.on_key(&keys, &key(c)), "{c:?} does not close");
        assert_eq!((p.index, p.family.key), (0, '1'));
    }
}

#[test]
fn placements_that_reach_no_feed_open_on_the_first_reached_family() {
    let targeting: crate::spec::Targeting = serde_json::from_value(json!({
        "publisher_platforms": ["instagram"],
        "instagram_positions": ["story"]
    }))
    .unwrap();
    let p = AdPreview::new(
        feed(),
        Reach::of(Some(&targeting), None),
        "Shop".into(),
        Files::default(),
    );
    assert_eq!(p.family.id, FamilyId::StoriesReels);
    assert_eq!(p.reached.len(), 1);
    assert!(p.family_reached());
    let mut p = p;
    p.pick(family_by_key('1').unwrap());
    assert!(!p.family_reached());
    assert!(
        p.title().contains("not in this ad's placements"),
        "{}",
        p.title()
    );
}

#[test]
fn huge_counts_have_thousands_separators() {
    assert_eq!(thousands(0), "0");
    assert_eq!(thousands(999), "999");
    assert_eq!(thousands(1000), "1,000");
    assert_eq!(thousands(1_234_567), "1,234,567");
    assert_eq!(
        thousands(u128::MAX),
        "340,282,366,920,938,463,463,374,607,431,768,211,455"
    );
}

#[test]
fn the_picture_fits_its_shape_in_the_cells() {
    // 1:1 in 40 columns: 20 rows (a cell is twice as tall as wide).
    assert_eq!(view::fit_cells_for_test((1, 1), 40, 30), (40, 20));
    // 9:16 limited by 20 rows: 22 columns.
    assert_eq!(view::fit_cells_for_test((9, 16), 40, 20), (22, 20));
    assert_eq!(view::fit_cells_for_test((9, 16), 40, 0), (0, 0));
}

/// Stories' fallback shows a square image whole, centred between the bars of the 9:16 frame: the
/// picture keeps its own shape (two columns a row) and has as many rows above it as below.
#[test]
fn a_picture_shown_whole_between_bars_is_centred_in_the_frame() {
    let keys = KeyMap::default();
    let mut p = screen();
    p.files.image_sizes = vec![Some((1000, 1000)), Some((900, 1600))];
    p.on_key(&keys, &key(KeyCode::Char('4')));
    assert_eq!(p.combination().unwrap().media, Media::Image(0));
    let look = view::Look {
        theme: crate::tui::theme::Theme { color: true },
        pictures: true,
    };
    let screen = ratatui::layout::Rect::new(0, 0, 120, 40);
    let shown = view::previews(&p, look, screen);
    let [(pic, r)] = shown.as_slice() else {
        panic!("{shown:?}")
    };
    assert_eq!(pic.crop, None, "whole, uncropped");
    assert!(
        r.width.abs_diff(2 * r.height) <= 1,
        "a square picture: {r:?}"
    );
    // The 9:16 frame of image 2, on the same screen, is where the bars go.
    p.on_key(&keys, &key(KeyCode::Right));
    while p.combination().unwrap().media != Media::Image(1) {
        p.on_key(&keys, &key(KeyCode::Right));
    }
    let [(_, frame)] = view::previews(&p, look, screen)[..] else {
        panic!()
    };
    assert!(frame.height > r.height);
    let above = r.y - frame.y;
    let below = (frame.y + frame.height) - (r.y + r.height);
    assert!(above.abs_diff(below) <= 1, "{above} above, {below} below");
}
