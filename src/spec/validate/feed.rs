//! Creative and asset feed rules (§3 of the reference; carousel labels and asset_feed_id from
//! the seed guide).

use super::super::enums::{AdFormat, CallToActionType, Objective, OptimizationGoal};
use super::super::lenient::{GraphEnum, Lenient};
use super::super::model::{AdSet, AssetFeedSpec, Creative, LaunchSpec, TextAsset};
use super::super::tables::{self, *};
use super::{Report, at, earlier_duplicates, index};

const FEED: &str = "creative.asset_feed_spec";

/// An absolute http(s) URL with a host.
pub(crate) fn is_web_url(text: &str) -> bool {
    url::Url::parse(text).is_ok_and(|u| {
        matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())
    })
}

pub(super) fn check(spec: &LaunchSpec, objective: Option<Objective>, r: &mut Report) {
    let Some(creative) = &spec.creative else {
        r.error("creative", "creative.missing", "The spec has no creative.")
            .file_hint("Add \"creative\": {\"name\": …, \"asset_feed_spec\": {…}}.");
        return;
    };
    check_creative_fields(creative, r);
    let Some(feed) = &creative.asset_feed_spec else {
        r.error(
            FEED,
            "feed.missing",
            "The creative has no assets: Dynamic Creative needs an asset feed.",
        )
        .file_hint(
            "Add images, titles, bodies, link_urls, call_to_action_types and one ad format.",
        );
        return;
    };
    let format = check_format(feed, r);
    check_counts(feed, format, r);
    check_texts(
        feed.titles.as_deref(),
        "titles",
        "Title",
        TITLE_MAX,
        TITLE_SHOWN,
        r,
    );
    check_texts(
        feed.bodies.as_deref(),
        "bodies",
        "Body",
        BODY_MAX,
        BODY_SHOWN,
        r,
    );
    check_texts(
        feed.descriptions.as_deref(),
        "descriptions",
        "Description",
        DESCRIPTION_MAX,
        DESCRIPTION_SHOWN,
        r,
    );
    check_links(feed, r);
    check_ctas(feed, objective, r);
    check_feed_options(feed, r);
    if format == Some(AdFormat::Carousel) {
        check_carousel_labels(feed, r);
    }
}

/// What the creative carries besides its feed: fields Meta retired.
fn check_creative_fields(creative: &Creative, r: &mut Report) {
    if creative.asset_feed_id.is_some() {
        r.error(
            "creative.asset_feed_id",
            "creative.asset_feed_id",
            "An asset feed id only works in Marketing API v3.1 and earlier.",
        )
        .file_hint("Write the assets inline in creative.asset_feed_spec instead.");
    }
}

/// The feed's options Dynamic Creative refuses: customization rules, another optimization type.
fn check_feed_options(feed: &AssetFeedSpec, r: &mut Report) {
    if feed
        .asset_customization_rules
        .as_ref()
        .is_some_and(|v| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
    {
        r.error(
            at(FEED, "asset_customization_rules"),
            "feed.customization_rules",
            "Dynamic Creative feeds cannot have asset customization rules.",
        )
        .file_hint("Remove asset_customization_rules; Meta picks the combinations itself.");
    }
    if let Some(t) = feed.optimization_type.as_deref()
        && t != "REGULAR"
    {
        r.error(
            at(FEED, "optimization_type"),
            "feed.optimization_type",
            format!(
                "Optimization type {t} is not Dynamic Creative; Dynamic Creative feeds are REGULAR."
            ),
        )
        .file_hint("Remove optimization_type.");
    }
}

fn check_format(feed: &AssetFeedSpec, r: &mut Report) -> Option<AdFormat> {
    let path = at(FEED, "ad_formats");
    let formats = feed.ad_formats.as_deref().unwrap_or(&[]);
    let all = AdFormat::ALL
        .iter()
        .map(|f| f.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    for (i, f) in formats.iter().enumerate() {
        if let Lenient::Unknown(s) = f {
            r.error(
                index(&path, i),
                "feed.ad_format_unknown",
                format!("Ad format \"{s}\" is not one Meta knows."),
            )
            .hint(format!("Use one of {all}."));
        }
    }
    match formats.len() {
        0 => {
            r.error(
                path,
                "feed.ad_format_count",
                "Choose the ad format: a Dynamic Creative feed has exactly one.",
            )
            .hint(format!("One of {all}."));
            None
        }
        1 => formats[0].known(),
        n => {
            r.error(
                path,
                "feed.ad_format_count",
                format!("The feed lists {n} ad formats; Dynamic Creative takes exactly one."),
            )
            .hint("Keep one; AUTOMATIC_FORMAT mixes images and videos.");
            None
        }
    }
}

fn check_counts(feed: &AssetFeedSpec, format: Option<AdFormat>, r: &mut Report) {
    let n = |v: Option<usize>| v.unwrap_or(0);
    let images = n(feed.images.as_ref().map(Vec::len));
    let videos = n(feed.videos.as_ref().map(Vec::len));
    let counts = [
        ("images", images, MAX_IMAGES),
        ("videos", videos, MAX_VIDEOS),
        ("titles", n(feed.titles.as_ref().map(Vec::len)), MAX_TEXTS),
        ("bodies", n(feed.bodies.as_ref().map(Vec::len)), MAX_TEXTS),
        (
            "descriptions",
            n(feed.descriptions.as_ref().map(Vec::len)),
            MAX_TEXTS,
        ),
        (
            "link_urls",
            n(feed.link_urls.as_ref().map(Vec::len)),
            MAX_LINK_URLS,
        ),
        (
            "call_to_action_types",
            n(feed.call_to_action_types.as_ref().map(Vec::len)),
            MAX_CTA_TYPES,
        ),
    ];
    let mut total = n(feed.ad_formats.as_ref().map(Vec::len));
    for (key, count, max) in counts {
        total += count;
        if count > max {
            r.error(
                at(FEED, key),
                "feed.too_many",
                format!(
                    "The feed has {count} {}; Dynamic Creative takes at most {max}.",
                    key.replace('_', " ").replace("urls", "URLs")
                ),
            )
            .hint(format!("Remove {}.", count - max));
        }
    }
    if total > MAX_ASSETS {
        r.error(
            FEED,
            "feed.too_many_assets",
            format!("The feed has {total} assets (the ad format counts as one); Dynamic Creative takes {MAX_ASSETS} in all."),
        );
    }
    let need = match format {
        Some(AdFormat::Carousel) if images < 2 => {
            Some(("images", "A carousel needs at least 2 images."))
        }
        Some(AdFormat::SingleImage) if images == 0 => {
            Some(("images", "SINGLE_IMAGE needs at least one image."))
        }
        Some(AdFormat::SingleVideo) if videos == 0 => {
            Some(("videos", "SINGLE_VIDEO needs at least one video."))
        }
        Some(AdFormat::AutomaticFormat) if images + videos == 0 => Some((
            "images",
            "AUTOMATIC_FORMAT needs at least one image or video.",
        )),
        _ => None,
    };
    if let Some((key, msg)) = need {
        r.error(at(FEED, key), "feed.format_needs_media", msg);
    }
    // One medium per single format [dcw's own for SINGLE_VIDEO: the images would never show];
    // AUTOMATIC_FORMAT mixes them (DOC-AFS).
    let mixed = match format {
        Some(AdFormat::SingleImage) if videos > 0 => Some(("videos", videos, "video", "images")),
        Some(AdFormat::SingleVideo) if images > 0 => Some(("images", images, "image", "videos")),
        _ => None,
    };
    if let (Some((key, n, one, only)), Some(f)) = (mixed, format) {
        let s = if n == 1 { "" } else { "s" };
        r.error(
            at(FEED, key),
            "feed.format_mixes_media",
            format!("{f} takes {only} only, and the feed has {n} {one}{s}."),
        )
        .hint(format!(
            "Choose AUTOMATIC_FORMAT to run images and videos together, or remove the {one}{s}."
        ));
    }
}

fn check_texts(
    list: Option<&[TextAsset]>,
    key: &str,
    what: &str,
    max: usize,
    shown: usize,
    r: &mut Report,
) {
    // Past `shown`, primary text folds behind "See more"; titles and descriptions are cut off.
    let past_shown = if key == "bodies" {
        "before \"See more\""
    } else {
        "and cut off the rest"
    };
    let Some(list) = list else { return };
    let base = at(FEED, key);
    let dups = earlier_duplicates(list.iter().map(|o| o.text.as_deref()));
    for (i, item) in list.iter().enumerate() {
        let path = index(&base, i);
        let Some(text) = &item.text else {
            r.error(
                at(&path, "text"),
                "feed.text_missing",
                format!("{what} {} has no text.", i + 1),
            );
            continue;
        };
        let chars = tables::char_count(text);
        // What a reader sees as characters (graphemes), as the preview cuts: Meta's limit below
        // counts code points.
        let seen = crate::spec::preview::count(text);
        let blank_description = key == "descriptions" && text == " ";
        if text.trim().is_empty() && !blank_description {
            r.error(
                at(&path, "text"),
                "feed.text_missing",
                format!("{what} {} is empty.", i + 1),
            )
            .hint("Remove it, or write the text. A single space means a blank description.");
        } else if chars > max {
            r.error(
                at(&path, "text"),
                "feed.text_too_long",
                format!(
                    "{what} {} has {chars} characters; Meta takes at most {max}.",
                    i + 1
                ),
            )
            .hint(match chars - max {
                1 => "Cut 1 character.".to_string(),
                n => format!("Cut {n} characters."),
            });
        } else if seen > shown && text.trim() != "" {
            r.warn(
                at(&path, "text"),
                "feed.text_truncated",
                format!(
                    "{what} {} has {seen} characters; most placements show about {shown} {past_shown}.",
                    i + 1
                ),
            );
        }
        if let Some(j) = dups[i] {
            r.repeats(at(&path, "text"), what, i, j);
        }
    }
}

fn check_links(feed: &AssetFeedSpec, r: &mut Report) {
    let base = at(FEED, "link_urls");
    let links = feed.link_urls.as_deref().unwrap_or(&[]);
    if links.is_empty() {
        r.error(
            base,
            "feed.link_missing",
            "The feed needs a link URL: where the ad takes people.",
        )
        .file_hint("Add \"link_urls\": [{\"website_url\": \"https://…\"}].");
        return;
    }
    let dups = earlier_duplicates(links.iter().map(|l| l.website_url.as_deref()));
    for (i, l) in links.iter().enumerate() {
        let path = at(&index(&base, i), "website_url");
        match l.website_url.as_deref() {
            None => {
                r.error(
                    path,
                    "feed.link_missing",
                    format!("Link {} has no address.", i + 1),
                );
            }
            Some(u) if !is_web_url(u) => {
                r.error(
                    path,
                    "feed.link_invalid",
                    format!("Link {} \"{u}\" is not an absolute http(s) URL.", i + 1),
                )
                .hint("Write the full address, starting with https://.");
            }
            Some(_) => {
                if let Some(j) = dups[i] {
                    r.repeats(path, "Link", i, j);
                }
            }
        }
    }
}

fn check_ctas(feed: &AssetFeedSpec, objective: Option<Objective>, r: &mut Report) {
    let base = at(FEED, "call_to_action_types");
    let ctas = feed.call_to_action_types.as_deref().unwrap_or(&[]);
    if ctas.is_empty() && objective.is_some_and(|o| o != Objective::OutcomeAwareness) {
        r.error(base.clone(), "feed.cta_missing", "Choose at least one call-to-action type: Meta requires one for every objective but awareness.")
            .hint("LEARN_MORE or SHOP_NOW work for most website launches.");
    }
    let dups = earlier_duplicates(ctas.iter().map(|c| match c {
        Lenient::Known(k) => Some(*k),
        Lenient::Unknown(_) => None,
    }));
    for (i, c) in ctas.iter().enumerate() {
        let path = index(&base, i);
        match c {
            Lenient::Unknown(s) => {
                r.error(
                    path,
                    "feed.cta_unknown",
                    format!("Call to action \"{s}\" is not a call-to-action type."),
                )
                .hint(suggest_cta(s));
            }
            Lenient::Known(k) => {
                if dups[i].is_some() {
                    r.error(
                        path,
                        "feed.duplicate_asset",
                        format!(
                            "Call to action {k} is listed twice; each asset must be different."
                        ),
                    );
                } else if let Some((o, _, subcode)) = tables::REFUSED_CTAS
                    .iter()
                    .find(|(o, c, _)| Some(*o) == objective && c == k)
                {
                    r.error(
                        path,
                        "feed.cta_refused_for_objective",
                        format!("Call to action {k} is refused by Meta with {o} in dynamic-creative ad sets (subcode {subcode})."),
                    )
                    .hint(format!(
                        "Use one of {}.",
                        tables::dynamic_creative_ctas(*o)
                            .iter()
                            .take(4)
                            .map(|c| c.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                } else if let Some(o) = objective
                    && !tables::dynamic_creative_ctas(o).contains(k)
                {
                    let safe = tables::dynamic_creative_ctas(o)
                        .iter()
                        .take(4)
                        .map(|c| c.as_str())
                        .collect::<Vec<_>>()
                        .join(", ");
                    r.warn(
                        path,
                        "feed.cta_not_for_objective",
                        format!("Call to action {k} is not among the types known to work with {o} in dynamic-creative ad sets; Meta may refuse it (subcode 1885396), and the ad's dry run will tell before the ad is created."),
                    )
                    .hint(format!("Types known to work with {o}: {safe}."));
                }
            }
        }
    }
}

fn suggest_cta(text: &str) -> String {
    let upper = text.trim().to_ascii_uppercase().replace([' ', '-'], "_");
    match CallToActionType::from_wire(&upper) {
        Some(c) => format!("Did you mean {c}? Types are upper case with underscores."),
        None => "Use Graph's spelling, like SHOP_NOW or LEARN_MORE.".into(),
    }
}

/// Labels that carousel Dynamic Creative cannot use (seed guide): body, call-to-action type,
/// link URL, caption and ad format labels.
fn check_carousel_labels(feed: &AssetFeedSpec, r: &mut Report) {
    let labelled = |v: &Option<serde_json::Value>| {
        v.as_ref()
            .is_some_and(|l| !l.is_null() && l.as_array().is_none_or(|a| !a.is_empty()))
    };
    let mut hits: Vec<String> = Vec::new();
    for (i, b) in feed.bodies.iter().flatten().enumerate() {
        if labelled(&b.adlabels) {
            hits.push(at(&index(&at(FEED, "bodies"), i), "adlabels"));
        }
    }
    for (i, l) in feed.link_urls.iter().flatten().enumerate() {
        if labelled(&l.adlabels) {
            hits.push(at(&index(&at(FEED, "link_urls"), i), "adlabels"));
        }
    }
    if let Some(captions) = feed.extra.get("captions").and_then(|c| c.as_array()) {
        for (i, c) in captions.iter().enumerate() {
            if c.get("adlabels")
                .is_some_and(|l| l.as_array().is_some_and(|a| !a.is_empty()))
            {
                hits.push(at(&index(&at(FEED, "captions"), i), "adlabels"));
            }
        }
    }
    if let Some(ctas) = feed.extra.get("call_to_actions").and_then(|c| c.as_array()) {
        for (i, c) in ctas.iter().enumerate() {
            if c.get("adlabels")
                .is_some_and(|l| l.as_array().is_some_and(|a| !a.is_empty()))
            {
                hits.push(at(&index(&at(FEED, "call_to_actions"), i), "adlabels"));
            }
        }
    }
    for path in hits {
        r.error(
            path,
            "feed.carousel_labels",
            "A carousel Dynamic Creative cannot use body, call-to-action type, link URL, caption or ad format labels.",
        )
        .hint("Remove the labels, or use SINGLE_IMAGE.");
    }
}

/// Rules that tie the feed to one ad set: the app-install link (seed guide).
pub(super) fn check_against_ad_set(set: &AdSet, feed: &AssetFeedSpec, r: &mut Report) {
    if set.optimization_goal.as_ref().and_then(Lenient::known)
        != Some(OptimizationGoal::AppInstalls)
    {
        return;
    }
    let store = set
        .promoted_object
        .as_ref()
        .and_then(|p| p.object_store_url.as_deref());
    let links = feed.link_urls.as_deref().unwrap_or(&[]);
    let base = at(FEED, "link_urls");
    if links.len() > 1 {
        r.error(
            base,
            "feed.app_link_count",
            format!(
                "An ad set optimized for APP_INSTALLS takes exactly one link URL; the feed has {}.",
                links.len()
            ),
        )
        .hint("Keep only the app's store URL.");
    } else if let (Some(store), Some(link)) = (store, links.first())
        && link.website_url.as_deref() != Some(store)
    {
        r.error(
            at(&index(&base, 0), "website_url"),
            "feed.app_link_mismatch",
            "Link 1 must be the app's Store URL when the ad set optimizes for APP_INSTALLS.",
        )
        .hint(format!("Set it to {store}."));
    }
}
