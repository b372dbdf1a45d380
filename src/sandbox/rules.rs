//! The sandbox's own server-side rules: what Graph refuses when a campaign, an ad set or a
//! dynamic creative is created, written from Meta's references (the error reference's codes
//! and subcodes, the Dynamic Creative guide's limits, the ODAX objective-to-goal table), never
//! by calling dcw's validator: the sandbox must be able to disagree with dcw. It reads spec
//! *types* and Meta's published tables only. Each rule answers as Graph does: code 100, the
//! documented subcode where Meta gives one, and `blame_field_specs` naming the parameter.
//!
//! Sources (see `../shared/reference/`): `graph-api-reliability-and-peers.md` §1.3 (subcodes
//! 1815629, 1885364, 1885621, 2490085), `meta-dynamic-creative.md` (asset limits, one ad
//! format, the ODAX goals, crop keys), `graph-fidelity-2026.md` (legacy objectives).

use chrono::{DateTime, Utc};

use super::error::GraphError;
use crate::spec::tables::{self, MAX_IMAGES, MAX_LINK_URLS, MAX_TEXTS, MAX_VIDEOS};
use crate::spec::{
    AdFormat, AdSet, AssetFeedSpec, BuyingType, Campaign, CropKey, GraphEnum, Lenient, Objective,
    OptimizationGoal,
};

type Checked = Result<(), GraphError>;

fn refuse(text: impl Into<String>, title: &str, blame: &[&str]) -> GraphError {
    GraphError::refused(text, title, blame)
}

/// `POST /act_<id>/campaigns`.
pub fn campaign(c: &Campaign) -> Checked {
    match &c.objective {
        None => {
            return Err(refuse(
                "The parameter objective is required",
                "Missing Objective",
                &["objective"],
            ));
        }
        // Legacy objectives cannot create campaigns since v17.0; Meta names the OUTCOME_*
        // objective that replaced each.
        Some(Lenient::Unknown(text)) => {
            let msg = match Objective::replacement_for_legacy(text) {
                Some(new) => format!(
                    "Objective {text} is invalid: legacy objectives cannot create campaigns; use {}",
                    new.as_str()
                ),
                None => format!(
                    "Objective {text} is invalid. Use one of the following: {}",
                    names(Objective::ALL)
                ),
            };
            return Err(refuse(msg, "Invalid Objective", &["objective"]));
        }
        Some(Lenient::Known(_)) => {}
    }
    // Dynamic Creative runs in auction campaigns only.
    if let Some(b) = &c.buying_type
        && !b.is(BuyingType::Auction)
    {
        return Err(refuse(
            format!("buying_type {b} cannot be used with dynamic creative; use AUCTION"),
            "Invalid Buying Type",
            &["buying_type"],
        ));
    }
    one_budget(c.daily_budget.is_some(), c.lifetime_budget.is_some())?;
    positive(&[
        ("daily_budget", c.daily_budget.map(|m| m.minor)),
        ("lifetime_budget", c.lifetime_budget.map(|m| m.minor)),
        ("spend_cap", c.spend_cap.map(|m| m.minor)),
    ])
}

/// `POST /act_<id>/adsets` under `campaign` (stored, so valid), at `now`; its `targeting` is
/// `targeting::check`'s.
pub fn ad_set(s: &AdSet, campaign: &Campaign, now: DateTime<Utc>) -> Checked {
    if let (Some(Lenient::Known(objective)), Some(goal)) =
        (&campaign.objective, &s.optimization_goal)
    {
        let allowed = tables::allowed_goals(*objective);
        let fits = matches!(goal, Lenient::Known(g) if allowed.contains(g));
        if !fits {
            return Err(refuse(
                format!(
                    "Optimization goal {goal} is not valid for objective {}; use one of: {}",
                    objective.as_str(),
                    names::<OptimizationGoal>(allowed)
                ),
                "Invalid Optimization Goal",
                &["optimization_goal"],
            ));
        }
    }
    let campaign_budget = campaign.daily_budget.is_some() || campaign.lifetime_budget.is_some();
    let own_budget = s.daily_budget.is_some() || s.lifetime_budget.is_some();
    if campaign_budget && own_budget {
        let field = if s.daily_budget.is_some() {
            "daily_budget"
        } else {
            "lifetime_budget"
        };
        return Err(refuse(
            "The campaign has a budget, so its ad sets cannot have one",
            "Budget Set Twice",
            &[field],
        )
        .subcode(1885621));
    }
    one_budget(s.daily_budget.is_some(), s.lifetime_budget.is_some())?;
    positive(&[
        ("daily_budget", s.daily_budget.map(|m| m.minor)),
        ("lifetime_budget", s.lifetime_budget.map(|m| m.minor)),
    ])?;
    schedule(s, now)
}

/// Placements Graph removed, on `POST /act_<id>/adsets` answered as `version` (Meta's
/// changelogs, `meta-dynamic-creative.md` §2.6 and `graph-fidelity-2026.md` "Versions"):
/// Facebook `video_feeds` is gone since v24.0 and the Instagram Explore feed (`explore`)
/// since v26.0, refused here (Meta documents the removal, not its answer: code 100, the words
/// and blaming `targeting` are the sandbox's own); Messenger `story` is dropped from
/// `messenger_positions` without a word, as Meta does on v26.0 calls and on every version
/// since 2026-10-27. `explore_home` is not named by Meta and stays.
pub fn placements(targeting: &mut serde_json::Value, version: u32) -> Checked {
    let has = |t: &serde_json::Value, key: &str, gone: &str| {
        t.get(key)
            .and_then(serde_json::Value::as_array)
            .is_some_and(|l| l.iter().any(|p| p.as_str() == Some(gone)))
    };
    let removed = [
        ("facebook_positions", "video_feeds", 24),
        ("instagram_positions", "explore", 26),
    ];
    for (key, gone, since) in removed {
        if version >= since && has(targeting, key, gone) {
            return Err(refuse(
                format!(
                    "{key} cannot include {gone}: the placement was removed in v{since}.0; remove it from the ad set's placements"
                ),
                "Placement No Longer Available",
                &["targeting", key],
            ));
        }
    }
    if let Some(list) = targeting
        .get_mut("messenger_positions")
        .and_then(serde_json::Value::as_array_mut)
    {
        list.retain(|p| p.as_str() != Some("story"));
    }
    Ok(())
}

/// A call-to-action type under the campaign's objective, checked when the ad is made (Meta's
/// dry run of the creative did not catch it; the ad's did). Meta publishes no table of the
/// types each objective takes in a dynamic-creative ad set, so the sandbox refuses only the
/// pairs seen refused (`meta-dynamic-creative.md` §3.4, third-party notes): `BOOK_NOW` under
/// `OUTCOME_SALES` (1885396, "Call To Action Not Supported") and `SIGN_UP` under
/// `OUTCOME_AWARENESS` (1815159, "Creative and Objective Mismatch"). Every other pair passes,
/// where dcw's own table (`spec::tables::dynamic_creative_ctas`) warns.
pub fn call_to_action(objective: &str, cta: &str) -> Checked {
    let (subcode, title) = match (objective, cta) {
        ("OUTCOME_SALES", "BOOK_NOW") => (1885396, "Call To Action Not Supported"),
        ("OUTCOME_AWARENESS", "SIGN_UP") => (1815159, "Creative and Objective Mismatch"),
        _ => return Ok(()),
    };
    Err(GraphError::invalid(format!(
        "The call-to-action type {cta} is not supported for the objective {objective} in dynamic creative ad set."
    ))
    .subcode(subcode)
    .user(
        title,
        format!("{cta} cannot be used with {objective} in a dynamic creative ad set."),
    )
    .blame(&["creative", "asset_feed_spec", "call_to_action_types"]))
}

/// The ad set's times: an end in the future and after the start; a lifetime budget needs an end.
fn schedule(s: &AdSet, now: DateTime<Utc>) -> Checked {
    let start = s.start_time.as_ref().and_then(|t| t.instant());
    let end = s.end_time.as_ref().and_then(|t| t.instant());
    if s.lifetime_budget.is_some() && s.end_time.is_none() {
        return Err(refuse(
            "end_time is required when lifetime_budget is set",
            "Missing End Time",
            &["end_time"],
        ));
    }
    if let Some(end) = end {
        if end.with_timezone(&Utc) <= now {
            return Err(refuse(
                "The ad set's end time is in the past; choose an end time in the future",
                "Invalid End Time",
                &["end_time"],
            ));
        }
        if start.is_some_and(|start| end <= start) {
            return Err(refuse(
                "The ad set's end time must be after its start time",
                "Invalid End Time",
                &["end_time"],
            ));
        }
    }
    Ok(())
}

/// `POST /act_<id>/adcreatives` with an `asset_feed_spec`.
pub fn feed(f: &AssetFeedSpec) -> Checked {
    let formats = f.ad_formats.as_deref().unwrap_or(&[]);
    if formats.len() != 1 {
        return Err(refuse(
            "A dynamic creative's asset_feed_spec takes exactly one ad format",
            "Invalid Asset Feed",
            &["asset_feed_spec", "ad_formats"],
        ));
    }
    let counts = [
        ("images", f.images.as_ref().map_or(0, Vec::len), MAX_IMAGES),
        ("videos", f.videos.as_ref().map_or(0, Vec::len), MAX_VIDEOS),
        ("titles", f.titles.as_ref().map_or(0, Vec::len), MAX_TEXTS),
        ("bodies", f.bodies.as_ref().map_or(0, Vec::len), MAX_TEXTS),
        (
            "descriptions",
            f.descriptions.as_ref().map_or(0, Vec::len),
            MAX_TEXTS,
        ),
        (
            "link_urls",
            f.link_urls.as_ref().map_or(0, Vec::len),
            MAX_LINK_URLS,
        ),
    ];
    for (key, n, max) in counts {
        if n > max {
            return Err(refuse(
                format!("asset_feed_spec takes at most {max} {key}; it has {n}"),
                "Too Many Assets",
                &["asset_feed_spec", key],
            ));
        }
    }
    unique(f)?;
    media_for_format(f)?;
    crops(f)
}

/// What each ad format carries [Meta: asset feed spec: `videos` required for SINGLE_VIDEO,
/// images and videos mixed under AUTOMATIC_FORMAT]: SINGLE_IMAGE no videos, SINGLE_VIDEO at
/// least one video and no images, AUTOMATIC_FORMAT images or videos. The words are the
/// sandbox's own.
fn media_for_format(f: &AssetFeedSpec) -> Checked {
    let images = f.images.as_ref().map_or(0, Vec::len);
    let videos = f.videos.as_ref().map_or(0, Vec::len);
    let format = f
        .ad_formats
        .as_deref()
        .and_then(|a| a.first())
        .and_then(Lenient::known);
    let (text, list) = match format {
        Some(AdFormat::SingleImage) if videos > 0 => (
            "A SINGLE_IMAGE asset feed takes no videos: use SINGLE_VIDEO for videos alone, or AUTOMATIC_FORMAT for images and videos together",
            "videos",
        ),
        Some(AdFormat::SingleVideo) if videos == 0 => (
            "A SINGLE_VIDEO asset feed needs at least one video in asset_feed_spec.videos",
            "videos",
        ),
        Some(AdFormat::SingleVideo) if images > 0 => (
            "A SINGLE_VIDEO asset feed takes no images: use AUTOMATIC_FORMAT for images and videos together",
            "images",
        ),
        Some(AdFormat::AutomaticFormat) if images + videos == 0 => (
            "An AUTOMATIC_FORMAT asset feed needs images or videos",
            "videos",
        ),
        _ => return Ok(()),
    };
    Err(refuse(
        text,
        "Invalid Asset Feed",
        &["asset_feed_spec", list],
    ))
}

/// "All ad asset values should be unique" (1815629), per kind of asset.
fn unique(f: &AssetFeedSpec) -> Checked {
    let texts = |v: &Option<Vec<crate::spec::TextAsset>>| -> Vec<Option<String>> {
        v.iter().flatten().map(|t| t.text.clone()).collect()
    };
    let kinds: [(&str, &str, Vec<Option<String>>); 6] = [
        ("titles", "text", texts(&f.titles)),
        ("bodies", "text", texts(&f.bodies)),
        ("descriptions", "text", texts(&f.descriptions)),
        (
            "link_urls",
            "website_url",
            f.link_urls
                .iter()
                .flatten()
                .map(|l| l.website_url.clone())
                .collect(),
        ),
        (
            "images",
            "hash",
            f.images.iter().flatten().map(|i| i.hash.clone()).collect(),
        ),
        (
            "videos",
            "video_id",
            f.videos
                .iter()
                .flatten()
                .map(|v| v.video_id.as_ref().map(|id| id.as_str().to_string()))
                .collect(),
        ),
    ];
    for (key, field, values) in kinds {
        let mut seen = std::collections::HashSet::new();
        if values.iter().flatten().any(|v| !seen.insert(v)) {
            return Err(refuse(
                format!("All ad asset values should be unique: two {key} are the same"),
                "Duplicate Assets",
                &["asset_feed_spec", key, field],
            )
            .subcode(1815629));
        }
    }
    Ok(())
}

/// Crop keys: `191x100` was retired (2490085); any key Meta does not list is refused.
fn crops(f: &AssetFeedSpec) -> Checked {
    for img in f.images.iter().flatten() {
        for (key, _) in img.image_crops.iter().flat_map(|c| c.0.iter()) {
            if let Lenient::Unknown(k) = key {
                let e = refuse(
                    format!(
                        "{k} is not a valid crop key; use one of: {}",
                        names(CropKey::ALL)
                    ),
                    "Invalid Crop Key",
                    &["asset_feed_spec", "images", "image_crops"],
                );
                return Err(if k == "191x100" {
                    e.subcode(2490085)
                } else {
                    e
                });
            }
        }
    }
    Ok(())
}

fn one_budget(daily: bool, lifetime: bool) -> Checked {
    if daily && lifetime {
        return Err(refuse(
            "Only one of daily_budget and lifetime_budget can be set",
            "Invalid Budget",
            &["lifetime_budget"],
        ));
    }
    Ok(())
}

fn positive(amounts: &[(&str, Option<i64>)]) -> Checked {
    for (key, amount) in amounts {
        if amount.is_some_and(|m| m <= 0) {
            return Err(refuse(
                format!("{key} must be greater than 0"),
                "Invalid Budget",
                &[key],
            ));
        }
    }
    Ok(())
}

fn names<T: GraphEnum>(all: &[T]) -> String {
    all.iter()
        .map(|v| v.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
