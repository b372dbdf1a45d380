//! Targeting rules (§2.6 of the reference; sponsored_messages from the seed guide).

use super::super::model::Targeting;
use super::super::tables::{AGE_MAX, AGE_MIN};
use super::{Context, Report, at, index};
use crate::spec::countries::{country_name, suggest_country};

const PLATFORMS: &[&str] = &[
    "facebook",
    "instagram",
    "messenger",
    "audience_network",
    "threads",
];
/// Keys that make targeting more than the default, so Meta wants advantage_audience explicit.
const DETAILED_KEYS: &[&str] = &[
    "custom_audiences",
    "excluded_custom_audiences",
    "flexible_spec",
    "interests",
    "behaviors",
    "life_events",
    "work_employers",
    "education_schools",
];

pub(super) fn check(t: &Targeting, base: &str, ctx: &Context, r: &mut Report) {
    check_geo(t, base, r);
    check_ages(t, base, ctx, r);
    check_audience_automation(t, base, r);
    check_placements(t, base, r);
}

fn check_geo(t: &Targeting, base: &str, r: &mut Report) {
    let geo_path = at(base, "geo_locations");
    let countries_path = at(&geo_path, "countries");
    let countries = t.geo_locations.as_ref().and_then(|g| g.countries.as_ref());
    match countries {
        None => {
            r.error(
                countries_path,
                "targeting.countries_missing",
                "Countries are missing: Meta needs at least one country.",
            )
            .file_hint(
                "Add the ISO two-letter codes of the countries to reach, e.g. [\"US\", \"CA\"].",
            );
        }
        Some(list) if list.is_empty() => {
            r.error(
                countries_path,
                "targeting.countries_missing",
                "Countries are missing: pick at least one country.",
            );
        }
        Some(list) => {
            let dups = super::earlier_duplicates(list.iter().map(Some));
            for (i, code) in list.iter().enumerate() {
                let path = index(&countries_path, i);
                if country_name(code).is_none() {
                    let f = r.error(
                        path,
                        "spec.country_unknown",
                        format!("Country \"{code}\" is not an ISO 3166 two-letter country code."),
                    );
                    if let Some(s) = suggest_country(code).filter(|s| *s != code) {
                        f.hint(format!(
                            "Did you mean \"{s}\" ({})?",
                            country_name(s).unwrap_or(s)
                        ));
                    }
                } else if dups[i].is_some() {
                    r.warn(
                        path,
                        "targeting.country_duplicate",
                        format!("Country {code} is listed twice."),
                    );
                }
            }
        }
    }
}

fn check_ages(t: &Targeting, base: &str, ctx: &Context, r: &mut Report) {
    for (key, label, age) in [
        ("age_min", "Age from", t.age_min),
        ("age_max", "Age to", t.age_max),
    ] {
        if let Some(a) = age
            && !(AGE_MIN..=AGE_MAX).contains(&a)
        {
            r.error(
                at(base, key),
                "targeting.age_out_of_range",
                format!(
                    "{label} is {a}; Meta takes ages from {AGE_MIN} to {AGE_MAX} ({AGE_MAX} means {AGE_MAX}+)."
                ),
            );
        }
    }
    let in_range = |a: Option<i64>| a.is_none_or(|a| (AGE_MIN..=AGE_MAX).contains(&a));
    if let (Some(min), Some(max)) = (t.age_min, t.age_max)
        && min > max
        && in_range(t.age_min)
        && in_range(t.age_max)
    {
        r.error(
            at(base, "age_max"),
            "targeting.age_range_inverted",
            format!("Age to ({max}) is below age from ({min})."),
        );
    }
    if let Some(genders) = &t.genders {
        for (i, g) in genders.iter().enumerate() {
            if !matches!(g, 1 | 2) {
                r.error(
                    index(&at(base, "genders"), i),
                    "targeting.gender_unknown",
                    format!("Gender {g} is not one Meta knows: 1 is men, 2 is women."),
                );
            }
        }
    }
    if !ctx.special_category {
        return;
    }
    let why = "ads in a special ad category (housing, employment, credit, politics, gambling, financial products) cannot";
    if t.age_min.is_some_and(|a| a != 18) {
        r.error(
            at(base, "age_min"),
            "targeting.special_category_age",
            format!("Age from must be 18: {why} narrow ages."),
        );
    }
    if t.age_max.is_some_and(|a| a != 65) {
        r.error(
            at(base, "age_max"),
            "targeting.special_category_age",
            format!("Age to must be 65: {why} narrow ages."),
        );
    }
    if t.genders.as_ref().is_some_and(|g| !g.is_empty()) {
        r.error(
            at(base, "genders"),
            "targeting.special_category_gender",
            format!("Genders cannot be chosen: {why} target by gender."),
        )
        .hint("Remove genders.");
    }
    if let Some(geo) = &t.geo_locations
        && geo.zips.as_ref().is_some_and(|z| !z.is_empty())
    {
        r.error(
            at(&at(base, "geo_locations"), "zips"),
            "targeting.special_category_zip",
            format!("Postcodes cannot be targeted: {why} target by postcode."),
        );
    }
}

fn is_default_audience(t: &Targeting) -> bool {
    t.age_min.is_none_or(|a| a == 18)
        && t.age_max.is_none_or(|a| a == 65)
        && t.genders.as_ref().is_none_or(Vec::is_empty)
        && !DETAILED_KEYS.iter().any(|k| t.has_key(k))
}

fn check_audience_automation(t: &Targeting, base: &str, r: &mut Report) {
    let path = at(&at(base, "targeting_automation"), "advantage_audience");
    let flag = t
        .targeting_automation
        .as_ref()
        .and_then(|a| a.advantage_audience);
    match flag {
        None if !is_default_audience(t) => {
            r.error(
                path,
                "targeting.advantage_audience_missing",
                "Advantage+ audience must be set on or off: since v23.0 Meta needs it when targeting narrows ages, genders or interests.",
            )
            .hint("Off keeps your audience as written; on lets Meta expand it.");
        }
        Some(v) if v != 0 && v != 1 => {
            r.error(
                path,
                "targeting.advantage_audience_invalid",
                format!("Advantage+ audience is {v}; it is 1 (on) or 0 (off)."),
            );
        }
        Some(1) => {
            if t.age_min.is_some_and(|a| !(18..=25).contains(&a)) {
                r.error(
                    at(base, "age_min"),
                    "targeting.advantage_audience_age",
                    "Age from must be between 18 and 25 with Advantage+ audience on.",
                )
                .hint("Turn Advantage+ audience off to target older people only.");
            }
            if t.age_max.is_some_and(|a| a != 65) {
                r.error(
                    at(base, "age_max"),
                    "targeting.advantage_audience_age",
                    "Age to is fixed at 65 with Advantage+ audience on.",
                )
                .hint("Leave Age to at 65, or turn Advantage+ audience off.");
            }
        }
        _ => {}
    }
}

fn check_placements(t: &Targeting, base: &str, r: &mut Report) {
    if let Some(platforms) = &t.publisher_platforms {
        for (i, p) in platforms.iter().enumerate() {
            if !PLATFORMS.contains(&p.as_str()) {
                r.error(
                    index(&at(base, "publisher_platforms"), i),
                    "targeting.platform_unknown",
                    format!("Placement \"{p}\" is not a publisher platform."),
                )
                .hint(format!("Use {}.", PLATFORMS.join(", ")));
            }
        }
    }
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
    // Placements Meta removed, each an error: Graph refuses or silently drops them, so the ad
    // set would not run where the spec says. From Meta's changelogs (meta-dynamic-creative.md
    // §2.6 and the v26.0 blog): Explore feed "no longer available; developers should remove
    // Explore from placement settings", Messenger `story` removed silently; `explore_home`
    // (Explore home) is not named and stays.
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
