//! Review's honest count of a Dynamic Creative feed (`spec::preview`): how many combinations
//! Meta assembles, how many each reached placement can show, where an image shows by Meta's
//! fallback, and the assets that never show in a chosen placement. Words only, sanitised; the
//! screen wraps them.

use crate::spec::preview::{
    self, Combinations, Fallback, FamilyCount, Media, per_family, warnings,
};
use crate::spec::text::sanitize;
use crate::spec::{GraphEnum, LaunchSpec, group_thousands};

/// `2 images`, `1 title`.
fn many(n: usize, one: &str, more: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { more })
}

/// `240 combinations: 3 images × 4 titles × 5 bodies × 2 links × 2 calls to action`.
fn head(spec: &LaunchSpec) -> Option<String> {
    let feed = spec.creative.as_ref()?.asset_feed_spec.as_ref()?;
    let all = Combinations::of(feed);
    let media = all.media();
    let images = media
        .iter()
        .filter(|m| matches!(m, Media::Image(_)))
        .count();
    let videos = media.len() - images;
    let list = [
        (feed.titles.as_ref().map_or(0, Vec::len), "title", "titles"),
        (feed.bodies.as_ref().map_or(0, Vec::len), "body", "bodies"),
        (
            feed.descriptions.as_ref().map_or(0, Vec::len),
            "description",
            "descriptions",
        ),
        (feed.link_urls.as_ref().map_or(0, Vec::len), "link", "links"),
        (
            feed.call_to_action_types.as_ref().map_or(0, Vec::len),
            "call to action",
            "calls to action",
        ),
    ];
    let mut parts = Vec::new();
    if images > 0 {
        parts.push(many(images, "image", "images"));
    }
    if videos > 0 {
        parts.push(many(videos, "video", "videos"));
    }
    for (count, one, more) in list {
        if count > 0 {
            parts.push(many(count, one, more));
        }
    }
    let n = all.count();
    let total = group_thousands(n);
    let word = if n == 1 {
        "combination"
    } else {
        "combinations"
    };
    Some(if parts.is_empty() {
        format!("{total} {word}")
    } else {
        format!("{total} {word}: {}", parts.join(" × "))
    })
}

/// `shows` for one, `show` for more.
fn verb(n: usize) -> &'static str {
    if n == 1 { "shows" } else { "show" }
}

/// `Stories and Reels 9:16 2 images whole between bars`: a family's images shown by its
/// fallback, having no crop it takes.
fn fallback_words(c: &FamilyCount) -> String {
    let how = match c.family.fallback {
        Fallback::Bars => "whole between colour bars".to_string(),
        Fallback::CentreCut(k) => format!("cut to {} from the centre", k.as_str()),
    };
    format!(
        "{} {} {how}",
        c.family.label,
        many(c.fallback_images, "image", "images")
    )
}

/// `Image 3` for `creative.asset_feed_spec.images[2]`.
fn asset_name(path: &str) -> Option<String> {
    let rest = path.strip_prefix("creative.asset_feed_spec.")?;
    let (list, i) = rest.split_once('[')?;
    let i: usize = i.trim_end_matches(']').parse().ok()?;
    let what = match list {
        "images" => "Image",
        "videos" => "Video",
        _ => return None,
    };
    Some(format!("{what} {}", i + 1))
}

/// `All 5 placements show all 72`, or the placements that show fewer, each with its count.
fn per_placement(counts: &[FamilyCount], all: u128) -> String {
    let total = group_thousands(all);
    if counts.is_empty() {
        return "None of the chosen placements is one dcw previews".into();
    }
    let fewer: Vec<String> = counts
        .iter()
        .filter(|c| c.combinations != all)
        .map(|c| format!("{} {}", c.family.label, group_thousands(c.combinations)))
        .collect();
    let n = counts.len();
    match (fewer.is_empty(), n) {
        (true, 1) => format!("{} shows all {total}", counts[0].family.label),
        (true, _) => format!("All {n} placements show all {total}"),
        (false, _) if fewer.len() == n => format!("Per placement: {}", fewer.join(" · ")),
        (false, _) => format!(
            "Per placement: {}; the others all {total}",
            fewer.join(" · ")
        ),
    }
}

/// The block's lines: the count, each placement's, the fallbacks, what never shows. Sanitised
/// (an unknown ad format is the spec's own text).
pub fn lines(spec: &LaunchSpec) -> Vec<String> {
    let Some(first) = head(spec) else {
        return vec!["no asset feed yet".into()];
    };
    let feed = spec
        .creative
        .as_ref()
        .and_then(|c| c.asset_feed_spec.as_ref());
    let Some(feed) = feed else {
        return vec![first];
    };
    let families = preview::spec_families(spec);
    let counts = per_family(feed, &families);
    let total = Combinations::of(feed).count();
    let mut out = vec![first];
    if total == 0 {
        return out;
    }
    out.push(per_placement(&counts, total));
    let runs = Combinations::of(feed).media().to_vec();
    let videos = runs.iter().filter(|m| matches!(m, Media::Video(_))).count();
    let fallbacks: Vec<String> = counts
        .iter()
        .filter(|c| c.fallback_images > 0)
        .map(fallback_words)
        .collect();
    if !fallbacks.is_empty() {
        out.push(format!(
            "Without their crop (fallback): {}",
            fallbacks.join(" · ")
        ));
    }
    for c in &counts {
        if videos > c.videos {
            let n = videos - c.videos;
            out.push(format!(
                "! {} shows no video: {} never {} there",
                c.family.label,
                many(n, "video", "videos"),
                verb(n)
            ));
        }
    }
    for w in warnings(feed, &families) {
        let line = match asset_name(&w.path) {
            Some(name) => {
                w.message
                    .replacen("this image", &name, 1)
                    .replacen("this video", &name, 1)
            }
            None => w.message,
        };
        out.push(format!("! {line}"));
    }
    out.into_iter().map(|l| sanitize(&l).into_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(v: serde_json::Value) -> LaunchSpec {
        serde_json::from_value(v).unwrap()
    }

    /// The block counts the feed, each placement reached (app promotion leaves the right
    /// column out), the fallbacks and the videos a placement never shows.
    #[test]
    fn the_count_names_each_placement_its_fallback_and_what_never_shows() {
        let s = spec(serde_json::json!({
            "campaign": {"objective": "OUTCOME_TRAFFIC"},
            "ad_set": {"targeting": {"publisher_platforms": ["facebook"],
                "facebook_positions": ["feed", "story", "right_hand_column"]}},
            "creative": {"asset_feed_spec": {
                "images": [{"hash": "a", "image_crops": {"100x100": [[0, 0], [10, 10]]}},
                           {"hash": "b"}],
                "videos": [{"video_id": "1"}],
                "titles": [{"text": "T1"}, {"text": "T2"}],
                "bodies": [{"text": "B"}],
                "link_urls": [{"website_url": "https://x.example"}],
                "call_to_action_types": ["SHOP_NOW", "LEARN_MORE"],
                "ad_formats": ["AUTOMATIC_FORMAT"]
            }}
        }));
        let l = lines(&s);
        assert_eq!(
            l[0],
            "12 combinations: 2 images × 1 video × 2 titles × 1 body × 1 link × 2 calls to action"
        );
        assert_eq!(
            l[1],
            "Per placement: Facebook right column 8; the others all 12"
        );
        assert_eq!(
            l[2],
            "Without their crop (fallback): Facebook Feed 1:1 1 image cut to 100x100 from the centre · Facebook Feed 4:5 1 image cut to 400x500 from the centre · Stories and Reels 9:16 2 images whole between colour bars · Facebook right column 1 image cut to 100x72 from the centre"
        );
        assert!(
            l.contains(
                &"! Facebook right column shows no video: 1 video never shows there".to_string()
            ),
            "{l:#?}"
        );
        let mut app = s.clone();
        app.campaign.as_mut().unwrap().objective = Some("OUTCOME_APP_PROMOTION".into());
        assert_eq!(lines(&app)[1], "All 3 placements show all 12");
    }

    /// Big counts are grouped as the preview screen writes them: a 10×5×5×5×5×5 feed is
    /// 31,250 combinations.
    #[test]
    fn a_big_count_has_its_thousands_grouped() {
        let texts = |n: usize| -> Vec<serde_json::Value> {
            (0..n)
                .map(|i| serde_json::json!({"text": format!("t{i}")}))
                .collect()
        };
        let s = spec(serde_json::json!({
            "campaign": {"objective": "OUTCOME_SALES"},
            "creative": {"asset_feed_spec": {
                "images": (0..10).map(|i| serde_json::json!({"hash": format!("h{i}")})).collect::<Vec<_>>(),
                "titles": texts(5), "bodies": texts(5), "descriptions": texts(5),
                "link_urls": (0..5).map(|i| serde_json::json!({"website_url": format!("https://x{i}.example")})).collect::<Vec<_>>(),
                "call_to_action_types": ["SHOP_NOW", "LEARN_MORE", "BUY_NOW", "ORDER_NOW", "GET_OFFER"],
                "ad_formats": ["SINGLE_IMAGE"]
            }}
        }));
        let l = lines(&s);
        assert!(
            l[0].starts_with("31,250 combinations: 10 images × 5 titles"),
            "{l:#?}"
        );
        assert!(l[1].contains("Instagram Feed 6,250"), "{l:#?}");
    }

    /// An asset no chosen placement can show is named by its number.
    #[test]
    fn an_asset_that_never_shows_is_named() {
        let s = spec(serde_json::json!({
            "campaign": {"objective": "OUTCOME_SALES"},
            "creative": {"asset_feed_spec": {
                "images": [{"hash": "a"}], "videos": [{"video_id": "1"}],
                "ad_formats": ["SINGLE_VIDEO"]
            }}
        }));
        let l = lines(&s);
        assert!(
            l.contains(&"! Image 1 never shows: the feed's ad format is SINGLE_VIDEO".to_string()),
            "{l:#?}"
        );
    }
}
