//! Placements: `publisher_platforms`, each platform's positions (`spec::positions`, the one
//! table of them) and `device_platforms` (placement-targeting reference, meta-dynamic-creative.md
//! §2.6; Meta's changelogs for the removed ones).

use super::super::super::model::Targeting;
use super::super::super::positions::{self, PLATFORMS};
use super::super::{Context, Report, at, index};

/// Graph's device platforms (basic-targeting reference).
const DEVICES: &[&str] = &["mobile", "desktop"];

pub(super) fn check(t: &Targeting, base: &str, ctx: &Context, r: &mut Report) {
    check_platforms(t, base, r);
    check_positions(t, base, ctx, r);
    check_devices(t, base, r);
    check_sponsored_messages(t, base, r);
    check_removed(t, base, r);
}

fn platform_label(platform: &str) -> &str {
    positions::platform_name(platform).unwrap_or(platform)
}

fn check_platforms(t: &Targeting, base: &str, r: &mut Report) {
    let Some(platforms) = &t.publisher_platforms else {
        return;
    };
    for (i, p) in platforms.iter().enumerate() {
        if !PLATFORMS.iter().any(|(k, _)| k == p) {
            let known: Vec<&str> = PLATFORMS.iter().map(|(k, _)| *k).collect();
            r.error(
                index(&at(base, "publisher_platforms"), i),
                "targeting.platform_unknown",
                format!("Placement \"{p}\" is not a publisher platform."),
            )
            .hint(format!("Use {}.", known.join(", ")));
        }
    }
}

/// Each position's list, as the targeting holds it.
fn lists(t: &Targeting) -> [(&'static str, &Option<Vec<String>>); 4] {
    [
        ("facebook_positions", &t.facebook_positions),
        ("instagram_positions", &t.instagram_positions),
        ("audience_network_positions", &t.audience_network_positions),
        ("messenger_positions", &t.messenger_positions),
    ]
}

fn check_positions(t: &Targeting, base: &str, ctx: &Context, r: &mut Report) {
    let platforms = t.publisher_platforms.as_ref().filter(|p| !p.is_empty());
    let mut needed: Vec<&str> = Vec::new();
    for (list, values) in lists(t) {
        let Some(values) = values.as_ref().filter(|v| !v.is_empty()) else {
            continue;
        };
        let platform = positions::platform_of(list).unwrap_or_default();
        if !needed.contains(&platform) {
            needed.push(platform);
        }
        let platform_words = platform_label(platform);
        for (i, key) in values.iter().enumerate() {
            let path = index(&at(base, list), i);
            let Some(p) = positions::find(list, key) else {
                let known: Vec<&str> = positions::current(list).map(|p| p.key).collect();
                r.error(
                    path,
                    "targeting.position_unknown",
                    format!("{platform_words} position \"{key}\" is not one Meta has for {platform_words}."),
                )
                .file_hint(format!("{list} takes {}.", known.join(", ")));
                continue;
            };
            if p.removed_in.is_some() || p.not_dynamic_creative {
                continue; // Their own errors below.
            }
            if let Some(platforms) = platforms
                && !platforms.iter().any(|k| k == p.platform)
            {
                r.error(
                    path.clone(),
                    "targeting.position_platform_missing",
                    format!("Placement {} needs {platform_words} among the platforms, and it is not there.", p.label),
                )
                .hint(format!("Add {platform_words} to the platforms, or remove {}.", p.label));
            }
            if p.video_only && !ctx.feed_has_video {
                r.warn(
                    path,
                    "targeting.position_video_only",
                    format!("Placement {} shows video only, and the creative has no video: nothing will run there.", p.label),
                )
                .hint(format!("Add a video, or remove {}.", p.label));
            }
        }
    }
    if platforms.is_none() && !needed.is_empty() {
        let words: Vec<&str> = needed.iter().map(|p| platform_label(p)).collect();
        let keys: Vec<String> = needed.iter().map(|p| format!("\"{p}\"")).collect();
        r.error(
            at(base, "publisher_platforms"),
            "targeting.positions_without_platforms",
            format!(
                "Platforms are missing: positions are chosen on {}, and Meta needs their platforms listed too.",
                words.join(" and ")
            ),
        )
        .file_hint(format!("Add \"publisher_platforms\": [{}].", keys.join(", ")));
    }
}

fn check_devices(t: &Targeting, base: &str, r: &mut Report) {
    for (i, d) in t.device_platforms.iter().flatten().enumerate() {
        if !DEVICES.contains(&d.as_str()) {
            r.error(
                index(&at(base, "device_platforms"), i),
                "targeting.device_platform_unknown",
                format!("Device \"{d}\" is not one Meta knows: it is mobile or desktop."),
            );
        }
    }
}

fn check_sponsored_messages(t: &Targeting, base: &str, r: &mut Report) {
    if let Some(positions) = &t.messenger_positions
        && let Some(i) = positions.iter().position(|p| p == "sponsored_messages")
    {
        r.error(
            index(&at(base, "messenger_positions"), i),
            "targeting.sponsored_messages",
            "Placement Messenger sponsored messages is the one Dynamic Creative does not support.",
        )
        .file_hint("Remove sponsored_messages from messenger_positions.");
    }
}

/// Placements Meta removed, each an error: Graph refuses or silently drops them, so the ad set
/// would not run where the spec says. From Meta's changelogs (meta-dynamic-creative.md §2.6 and
/// the v26.0 blog): Explore feed "no longer available; developers should remove Explore from
/// placement settings", Messenger `story` removed silently; `explore_home` (Explore home) is not
/// named and stays.
fn check_removed(t: &Targeting, base: &str, r: &mut Report) {
    let removed: [(&str, &Option<Vec<String>>, &str, &str); 3] = [
        (
            "facebook_positions",
            &t.facebook_positions,
            "video_feeds",
            "Placement Facebook video feeds was removed by Meta in v24.0; no Graph version dcw can call has it.",
        ),
        (
            "instagram_positions",
            &t.instagram_positions,
            "explore",
            "Placement Instagram Explore feed was removed by Meta in v26.0: Graph no longer takes it and asks developers to remove it from placement settings.",
        ),
        (
            "messenger_positions",
            &t.messenger_positions,
            "story",
            "Placement Messenger stories was removed by Meta in v26.0: Graph drops it without a word, so the ad set would not run there.",
        ),
    ];
    for (key, list, gone, why) in removed {
        if let Some(i) = list.as_ref().and_then(|l| l.iter().position(|p| p == gone)) {
            let hint = if gone == "explore" {
                format!(
                    "Remove \"{gone}\" from {key}; explore_home (Explore home) is still a placement."
                )
            } else {
                format!("Remove \"{gone}\" from {key}.")
            };
            r.error(index(&at(base, key), i), "targeting.placement_removed", why)
                .file_hint(hint);
        }
    }
}
