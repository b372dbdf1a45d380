//! Placements: each publisher platform's positions as Graph names them
//! (`facebook_positions`, `instagram_positions`, `audience_network_positions`,
//! `messenger_positions`), what the buyer calls them, which image crop feeds them, which need
//! a video, and which Meta removed (and in which Graph version). From the placement-targeting
//! reference and Meta's changelogs (meta-dynamic-creative.md §2.6, §4.2).
//!
//! A Dynamic Creative image carries one crop, applied to every placement (DOC-DC); `crop` names
//! the crop key whose shape the position shows best, so the buyer sees which crop feeds Stories
//! and Reels.

use super::enums::CropKey;

/// Graph's publisher platforms, in the order the wizard shows them.
pub const PLATFORMS: &[(&str, &str)] = &[
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("audience_network", "Audience Network"),
    ("messenger", "Messenger"),
    ("threads", "Threads"),
];

/// One position of one platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// `facebook`, `instagram`, `audience_network`, `messenger`.
    pub platform: &'static str,
    /// The targeting key that lists it (`facebook_positions`, …).
    pub list: &'static str,
    /// Graph's value (`feed`, `story`, `reels`, …).
    pub key: &'static str,
    /// The buyer's words ("Facebook Stories").
    pub label: &'static str,
    /// The crop whose shape the position shows; `None` when it shows video only.
    pub crop: Option<CropKey>,
    /// Shows video only (no image ad can run there).
    pub video_only: bool,
    /// The Graph version (major) from which Meta no longer takes it.
    pub removed_in: Option<u32>,
    /// Dynamic Creative cannot run there (`sponsored_messages`, the seed guide).
    pub not_dynamic_creative: bool,
}

const fn pos(
    platform: &'static str,
    list: &'static str,
    key: &'static str,
    label: &'static str,
    crop: Option<CropKey>,
) -> Position {
    Position {
        platform,
        list,
        key,
        label,
        crop,
        video_only: false,
        removed_in: None,
        not_dynamic_creative: false,
    }
}

const fn video(mut p: Position) -> Position {
    p.video_only = true;
    p
}

const fn removed(mut p: Position, version: u32) -> Position {
    p.removed_in = Some(version);
    p
}

const fn not_dc(mut p: Position) -> Position {
    p.not_dynamic_creative = true;
    p
}

use CropKey::{Landscape100x72, Landscape600x360, Portrait400x500, Square100x100, Vertical90x160};

const FB: &str = "facebook_positions";
const IG: &str = "instagram_positions";
const AN: &str = "audience_network_positions";
const MS: &str = "messenger_positions";

/// Every position Graph has named, current and removed.
pub const POSITIONS: &[Position] = &[
    pos(
        "facebook",
        FB,
        "feed",
        "Facebook Feed",
        Some(Portrait400x500),
    ),
    pos(
        "facebook",
        FB,
        "profile_feed",
        "Facebook profile feed",
        Some(Square100x100),
    ),
    pos(
        "facebook",
        FB,
        "marketplace",
        "Facebook Marketplace",
        Some(Square100x100),
    ),
    removed(
        video(pos(
            "facebook",
            FB,
            "video_feeds",
            "Facebook video feeds",
            None,
        )),
        24,
    ),
    pos(
        "facebook",
        FB,
        "right_hand_column",
        "Facebook right column",
        Some(Landscape100x72),
    ),
    pos(
        "facebook",
        FB,
        "story",
        "Facebook Stories",
        Some(Vertical90x160),
    ),
    pos(
        "facebook",
        FB,
        "facebook_reels",
        "Facebook Reels",
        Some(Vertical90x160),
    ),
    video(pos(
        "facebook",
        FB,
        "facebook_reels_overlay",
        "Facebook Reels overlay",
        None,
    )),
    video(pos(
        "facebook",
        FB,
        "instream_video",
        "Facebook in-stream video",
        None,
    )),
    pos(
        "facebook",
        FB,
        "search",
        "Facebook search results",
        Some(Square100x100),
    ),
    pos(
        "facebook",
        FB,
        "notification",
        "Facebook notifications",
        Some(Square100x100),
    ),
    pos(
        "instagram",
        IG,
        "stream",
        "Instagram Feed",
        Some(Portrait400x500),
    ),
    pos(
        "instagram",
        IG,
        "profile_feed",
        "Instagram profile feed",
        Some(Square100x100),
    ),
    pos(
        "instagram",
        IG,
        "story",
        "Instagram Stories",
        Some(Vertical90x160),
    ),
    pos(
        "instagram",
        IG,
        "reels",
        "Instagram Reels",
        Some(Vertical90x160),
    ),
    removed(
        pos(
            "instagram",
            IG,
            "explore",
            "Instagram Explore feed",
            Some(Square100x100),
        ),
        26,
    ),
    pos(
        "instagram",
        IG,
        "explore_home",
        "Instagram Explore home",
        Some(Square100x100),
    ),
    pos(
        "instagram",
        IG,
        "ig_search",
        "Instagram search results",
        Some(Square100x100),
    ),
    video(pos(
        "instagram",
        IG,
        "profile_reels",
        "Instagram profile reels",
        None,
    )),
    pos(
        "audience_network",
        AN,
        "classic",
        "Audience Network native, banner and interstitial",
        Some(Landscape600x360),
    ),
    video(pos(
        "audience_network",
        AN,
        "rewarded_video",
        "Audience Network rewarded video",
        None,
    )),
    pos(
        "messenger",
        MS,
        "messenger_home",
        "Messenger inbox",
        Some(Square100x100),
    ),
    not_dc(pos(
        "messenger",
        MS,
        "sponsored_messages",
        "Messenger sponsored messages",
        None,
    )),
    removed(
        pos(
            "messenger",
            MS,
            "story",
            "Messenger Stories",
            Some(Vertical90x160),
        ),
        26,
    ),
];

/// The positions a Dynamic Creative ad set can choose on `version` (major), for a format
/// with images (`has_images`) and/or videos (`has_videos`), in the wizard's order.
pub fn offered(
    version: u32,
    has_images: bool,
    has_videos: bool,
) -> impl Iterator<Item = &'static Position> {
    POSITIONS.iter().filter(move |p| {
        p.removed_in.is_none_or(|v| version < v)
            && !p.not_dynamic_creative
            && (!p.video_only || has_videos || !has_images)
    })
}

/// The positions an ad set runs on: those its targeting lists; every current position of a
/// platform it lists without positions; every current position (Advantage+ placements) when
/// it names neither platforms nor positions.
pub fn chosen(t: Option<&super::model::Targeting>) -> Vec<&'static Position> {
    let empty = |v: &Option<Vec<String>>| v.as_ref().is_none_or(|v| v.is_empty());
    let Some(t) = t else {
        return POSITIONS.iter().filter(|p| is_current(p)).collect();
    };
    let lists = [
        ("facebook_positions", &t.facebook_positions),
        ("instagram_positions", &t.instagram_positions),
        ("audience_network_positions", &t.audience_network_positions),
        ("messenger_positions", &t.messenger_positions),
    ];
    let platforms = t.publisher_platforms.as_ref().filter(|p| !p.is_empty());
    if platforms.is_none() && lists.iter().all(|(_, v)| empty(v)) {
        return POSITIONS.iter().filter(|p| is_current(p)).collect();
    }
    let mut out = Vec::new();
    for (list, values) in lists {
        match values.as_ref().filter(|v| !v.is_empty()) {
            Some(values) => out.extend(
                values
                    .iter()
                    .filter_map(|k| find(list, k))
                    .filter(|p| is_current(p)),
            ),
            None => {
                if platforms
                    .is_some_and(|ps| platform_of(list).is_some_and(|p| ps.iter().any(|k| k == p)))
                {
                    out.extend(current(list));
                }
            }
        }
    }
    out
}

fn is_current(p: &Position) -> bool {
    p.removed_in.is_none() && !p.not_dynamic_creative
}

/// The position `key` listed under `list`, if Graph has ever named it.
pub fn find(list: &str, key: &str) -> Option<&'static Position> {
    POSITIONS.iter().find(|p| p.list == list && p.key == key)
}

/// The positions Graph takes today under `list`, whatever the format: neither removed nor
/// closed to Dynamic Creative. An unknown position's error names them.
pub fn current(list: &str) -> impl Iterator<Item = &'static Position> {
    POSITIONS
        .iter()
        .filter(move |p| p.list == list && p.removed_in.is_none() && !p.not_dynamic_creative)
}

/// The platform whose positions `list` holds (`facebook` for `facebook_positions`).
pub fn platform_of(list: &str) -> Option<&'static str> {
    POSITIONS
        .iter()
        .find(|p| p.list == list)
        .map(|p| p.platform)
}

/// A platform's name in the buyer's words (`Audience Network` for `audience_network`).
pub fn platform_name(platform: &str) -> Option<&'static str> {
    PLATFORMS
        .iter()
        .find(|(k, _)| *k == platform)
        .map(|(_, name)| *name)
}

/// The targeting key that lists a platform's positions.
pub fn list_of(platform: &str) -> Option<&'static str> {
    POSITIONS
        .iter()
        .find(|p| p.platform == platform)
        .map(|p| p.list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stories_and_reels_are_fed_by_the_vertical_crop() {
        for (list, key) in [
            (FB, "story"),
            (FB, "facebook_reels"),
            (IG, "story"),
            (IG, "reels"),
        ] {
            assert_eq!(
                find(list, key).unwrap().crop,
                Some(Vertical90x160),
                "{list} {key}"
            );
        }
    }

    #[test]
    fn removed_positions_are_not_offered_from_their_version() {
        assert!(
            !offered(23, true, false).any(|p| p.key == "video_feeds"),
            "video only"
        );
        assert!(offered(23, true, true).any(|p| p.key == "video_feeds"));
        assert!(!offered(24, true, false).any(|p| p.list == FB && p.key == "video_feeds"));
        assert!(offered(25, true, false).any(|p| p.list == IG && p.key == "explore"));
        assert!(!offered(26, true, false).any(|p| p.list == IG && p.key == "explore"));
        assert!(!offered(27, true, false).any(|p| p.list == MS && p.key == "story"));
    }

    #[test]
    fn video_only_positions_are_offered_only_when_the_feed_has_video() {
        assert!(!offered(27, true, false).any(|p| p.key == "instream_video"));
        assert!(offered(27, true, true).any(|p| p.key == "instream_video"));
        assert!(!offered(27, true, true).any(|p| p.key == "sponsored_messages"));
    }

    #[test]
    fn current_positions_leave_out_the_removed_and_sponsored_messages() {
        let keys = |list| current(list).map(|p| p.key).collect::<Vec<_>>();
        assert!(keys(FB).contains(&"feed") && !keys(FB).contains(&"video_feeds"));
        assert!(keys(IG).contains(&"explore_home") && !keys(IG).contains(&"explore"));
        assert_eq!(keys(MS), ["messenger_home"]);
        assert_eq!(platform_of(AN), Some("audience_network"));
        assert_eq!(platform_of("threads_positions"), None);
    }

    #[test]
    fn every_platform_with_positions_has_one_list() {
        for p in POSITIONS {
            assert_eq!(list_of(p.platform), Some(p.list));
        }
    }

    #[test]
    fn chosen_positions_are_the_listed_ones_a_listed_platforms_all_or_every_current_one() {
        use crate::spec::model::Targeting;
        let keys = |t: Option<&Targeting>| -> Vec<String> {
            chosen(t)
                .iter()
                .map(|p| format!("{}/{}", p.platform, p.key))
                .collect()
        };
        let everything = keys(None);
        assert!(everything.contains(&"instagram/reels".to_string()));
        assert!(
            !everything.iter().any(|k| k.ends_with("video_feeds")),
            "removed"
        );
        assert_eq!(keys(Some(&Targeting::default())), everything, "Advantage+");
        let listed = Targeting {
            publisher_platforms: Some(vec!["facebook".into(), "instagram".into()]),
            instagram_positions: Some(vec!["story".into(), "explore".into()]),
            ..Targeting::default()
        };
        let got = keys(Some(&listed));
        assert!(got.contains(&"instagram/story".to_string()));
        assert!(
            !got.contains(&"instagram/explore".to_string()),
            "removed in v26"
        );
        assert!(!got.contains(&"instagram/reels".to_string()), "not listed");
        let facebook: Vec<String> = current("facebook_positions")
            .map(|p| format!("facebook/{}", p.key))
            .collect();
        assert!(
            facebook.iter().all(|k| got.contains(k)),
            "a platform without a list"
        );
    }
}
