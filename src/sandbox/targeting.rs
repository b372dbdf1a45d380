//! The sandbox's own targeting rules: what Graph refuses in an ad set's `targeting` on
//! `POST /act_<id>/adsets` (dry runs included) and `POST /<adset_id>`, written from Meta's
//! references, never by calling dcw's validator (the two must be able to disagree). The
//! rules see keys only: they do not consult the search catalogue (`catalogue`), so a key they
//! cannot check is taken, and only what the request itself shows is refused.
//!
//! Sources: Meta's basic targeting reference (a location needs its `key` from targeting
//! search; a city's `radius` is 10 to 50 miles or 17 to 80 kilometres; `genders` 1 and 2),
//! Meta's special ad categories restrictions (ages 18 to 65+ fixed, all genders, no postcodes,
//! a 15-mile minimum radius around cities), the field report of 1885364 (facebook-nodejs-
//! business-sdk issue #167: "Your audience is missing a location. You can add a location or a
//! Custom Audience.", blaming `targeting`), and `spec::positions` (Meta's placement table).
//! Meta documents these limits but not the error that answers each; where it does not, the
//! answer is code 100 with no subcode and the sandbox's own words (README, "where dcw and the
//! sandbox disagree").

use std::collections::HashSet;

use super::error::GraphError;
use crate::spec::{
    AudienceRef, Campaign, FlexibleGroup, GeoLocation, GeoLocations, Lenient, SpecialAdCategory,
    Targeting, positions,
};

type Checked = Result<(), GraphError>;

/// The keyed location kinds of `geo_locations`, in Graph's names.
const KEYED: [&str; 4] = ["regions", "cities", "zips", "places"];

/// Location keys Graph takes that dcw does not model (kept in `extra`).
const OTHER_LOCATIONS: [&str; 5] = [
    "custom_locations",
    "geo_markets",
    "country_groups",
    "electoral_districts",
    "neighborhoods",
];

/// How many of each kind one ad set may target. `[sandbox's own]`: Meta's location fields
/// table gives per-kind limits the sandbox's references could not confirm; these bound the
/// work and make the rule testable.
pub const MAX_LOCATIONS: [(&str, usize); 5] = [
    ("countries", 250),
    ("regions", 200),
    ("cities", 250),
    ("zips", 50_000),
    ("places", 200),
];

/// A city's radius, per `distance_unit` (Meta's basic targeting reference).
pub const RADIUS: [(&str, i64, i64); 2] = [("mile", 10, 50), ("kilometer", 17, 80)];

/// The minimum radius around a city under a special ad category (Meta: 15 miles).
pub const SPECIAL_MIN_RADIUS: [(&str, i64); 2] = [("mile", 15), ("kilometer", 25)];

/// The special ad categories whose ads Meta restricts in targeting (housing, employment,
/// credit, and financial products and services, which replaced credit).
const RESTRICTED: [SpecialAdCategory; 4] = [
    SpecialAdCategory::Housing,
    SpecialAdCategory::Employment,
    SpecialAdCategory::Credit,
    SpecialAdCategory::FinancialProductsServices,
];

/// Meta's `device_platforms` values.
const DEVICES: [&str; 2] = ["mobile", "desktop"];

fn refuse(text: impl Into<String>, title: &str, blame: &[&str]) -> GraphError {
    GraphError::refused(text, title, blame)
}

/// Every targeting rule, in the order Graph is seen to answer: location first.
pub fn check(t: &Targeting, campaign: &Campaign) -> Checked {
    location_given(t)?;
    for (side, geo) in sides(t) {
        keys(side, geo)?;
        counts(side, geo)?;
        radii(side, geo)?;
    }
    genders(t)?;
    special_categories(t, campaign)?;
    overlap(t)?;
    empty_after_exclusions(t)?;
    placements(t)
}

fn sides(t: &Targeting) -> impl Iterator<Item = (&'static str, &GeoLocations)> {
    [
        ("geo_locations", t.geo_locations.as_ref()),
        ("excluded_geo_locations", t.excluded_geo_locations.as_ref()),
    ]
    .into_iter()
    .filter_map(|(side, g)| g.map(|g| (side, g)))
}

fn keyed<'a>(g: &'a GeoLocations, kind: &str) -> &'a [GeoLocation] {
    let list = match kind {
        "regions" => &g.regions,
        "cities" => &g.cities,
        "zips" => &g.zips,
        _ => &g.places,
    };
    list.as_deref().unwrap_or(&[])
}

fn count(g: &GeoLocations, kind: &str) -> usize {
    match kind {
        "countries" => g.countries.as_ref().map_or(0, Vec::len),
        _ => keyed(g, kind).len(),
    }
}

/// 1885364: an ad set reaches people somewhere, or through a Custom Audience.
fn location_given(t: &Targeting) -> Checked {
    let somewhere = t.geo_locations.as_ref().is_some_and(|g| {
        count(g, "countries") > 0
            || KEYED.iter().any(|k| count(g, k) > 0)
            || OTHER_LOCATIONS.iter().any(|k| {
                g.extra
                    .get(*k)
                    .and_then(serde_json::Value::as_array)
                    .is_some_and(|l| !l.is_empty())
            })
    });
    let audience = t.custom_audiences.as_ref().is_some_and(|a| !a.is_empty());
    if somewhere || audience {
        return Ok(());
    }
    Err(GraphError::invalid("Invalid parameter")
        .subcode(1885364)
        .user(
            "Missing Target Audience Location",
            "Your audience is missing a location. You can add a location or a Custom Audience.",
        )
        .blame(&["targeting"]))
}

/// A region, city, postcode or place is named by the `key` targeting search gives; a region's
/// or city's is digits (Meta's basic targeting examples and targeting search).
fn keys(side: &str, g: &GeoLocations) -> Checked {
    for kind in KEYED {
        for (i, loc) in keyed(g, kind).iter().enumerate() {
            if loc.key.as_deref().is_none_or(|k| k.trim().is_empty()) {
                return Err(refuse(
                    format!(
                        "{side}[{kind}][{i}] has no key: name each of {kind} by the key GET /search?type=adgeolocation gives"
                    ),
                    "Location Without Key",
                    &["targeting", side, kind],
                ));
            }
            let key = loc.key.as_deref().unwrap_or("").trim();
            if matches!(kind, "regions" | "cities") && !key.chars().all(|c| c.is_ascii_digit()) {
                return Err(refuse(
                    format!(
                        "{side}[{kind}][{i}] has the key {key:?}: region and city keys are digits, as GET /search?type=adgeolocation gives them"
                    ),
                    "Invalid Location Key",
                    &["targeting", side, kind],
                ));
            }
        }
    }
    Ok(())
}

/// `genders`: 1 targets men, 2 women (Meta's basic targeting reference); nothing else.
fn genders(t: &Targeting) -> Checked {
    for (i, g) in t.genders.iter().flatten().enumerate() {
        if !matches!(g, 1 | 2) {
            return Err(refuse(
                format!("genders[{i}] is {g}: genders takes 1 (men) and 2 (women)"),
                "Invalid Gender",
                &["targeting", "genders"],
            ));
        }
    }
    Ok(())
}

fn counts(side: &str, g: &GeoLocations) -> Checked {
    for (kind, max) in MAX_LOCATIONS {
        let n = count(g, kind);
        if n > max {
            return Err(refuse(
                format!("{side} takes at most {max} {kind}; it has {n}"),
                "Too Many Locations",
                &["targeting", side, kind],
            ));
        }
    }
    Ok(())
}

/// A city's radius: a unit Graph knows and a distance within its range.
fn radii(side: &str, g: &GeoLocations) -> Checked {
    for (i, city) in keyed(g, "cities").iter().enumerate() {
        let Some(radius) = city.radius else { continue };
        let unit = city.distance_unit.as_deref().unwrap_or("");
        let Some((_, min, max)) = RADIUS.iter().find(|(u, _, _)| *u == unit) else {
            return Err(refuse(
                format!(
                    "{side}[cities][{i}] has radius {radius} with distance_unit \"{unit}\": use mile or kilometer"
                ),
                "Invalid Distance Unit",
                &["targeting", side, "cities"],
            ));
        };
        if !(*min..=*max).contains(&radius) {
            return Err(refuse(
                format!(
                    "{side}[cities][{i}] has radius {radius} {unit}: a city's radius is {min} to {max} {unit}s"
                ),
                "Invalid Radius",
                &["targeting", side, "cities"],
            ));
        }
    }
    Ok(())
}

fn restricted(campaign: &Campaign) -> Option<SpecialAdCategory> {
    campaign
        .special_ad_categories
        .iter()
        .flatten()
        .find_map(|c| match c {
            Lenient::Known(k) if RESTRICTED.contains(k) => Some(*k),
            _ => None,
        })
}

/// Housing, employment, credit and financial products: ages 18 to 65+, all genders, no
/// postcodes, at least 15 miles around a city.
fn special_categories(t: &Targeting, campaign: &Campaign) -> Checked {
    let Some(category) = restricted(campaign) else {
        return Ok(());
    };
    let category = crate::spec::GraphEnum::as_str(category);
    let title = "Targeting Not Available for Special Ad Category";
    let ages = [("age_min", t.age_min, 18), ("age_max", t.age_max, 65)];
    for (key, age, fixed) in ages {
        if let Some(age) = age.filter(|a| *a != fixed) {
            return Err(refuse(
                format!(
                    "{key} {age} cannot be used with special ad category {category}: ages are 18 to 65+"
                ),
                title,
                &["targeting", key],
            ));
        }
    }
    let genders = t.genders.as_deref().unwrap_or(&[]);
    let everyone = genders.is_empty() || (genders.contains(&1) && genders.contains(&2));
    if !everyone {
        return Err(refuse(
            format!("genders cannot be narrowed with special ad category {category}"),
            title,
            &["targeting", "genders"],
        ));
    }
    for (side, g) in sides(t) {
        if count(g, "zips") > 0 {
            return Err(refuse(
                format!("{side} cannot use zips with special ad category {category}"),
                title,
                &["targeting", side, "zips"],
            ));
        }
        for (i, city) in keyed(g, "cities").iter().enumerate() {
            let unit = city.distance_unit.as_deref().unwrap_or("");
            let min = SPECIAL_MIN_RADIUS.iter().find(|(u, _)| *u == unit);
            if let (Some(radius), Some((_, min))) = (city.radius, min)
                && radius < *min
            {
                return Err(refuse(
                    format!(
                        "{side}[cities][{i}] has radius {radius} {unit}: with special ad category {category} a city's radius is at least {min} {unit}s"
                    ),
                    title,
                    &["targeting", side, "cities"],
                ));
            }
        }
    }
    Ok(())
}

/// A location both included and excluded (the same country code or the same key).
fn overlap(t: &Targeting) -> Checked {
    let (Some(inc), Some(exc)) = (&t.geo_locations, &t.excluded_geo_locations) else {
        return Ok(());
    };
    let countries: HashSet<&str> = inc.countries.iter().flatten().map(String::as_str).collect();
    if let Some(c) = exc
        .countries
        .iter()
        .flatten()
        .find(|c| countries.contains(c.as_str()))
    {
        return Err(overlapping("countries", c));
    }
    for kind in KEYED {
        let included: HashSet<&str> = keyed(inc, kind)
            .iter()
            .filter_map(|l| l.key.as_deref())
            .collect();
        if let Some(key) = keyed(exc, kind)
            .iter()
            .filter_map(|l| l.key.as_deref())
            .find(|k| included.contains(k))
        {
            return Err(overlapping(kind, key));
        }
    }
    Ok(())
}

fn overlapping(kind: &str, key: &str) -> GraphError {
    refuse(
        format!(
            "{kind} {key} is both in geo_locations and in excluded_geo_locations: a location cannot be included and excluded"
        ),
        "Overlapping Locations",
        &["targeting", "excluded_geo_locations", kind],
    )
}

fn audience_ids(list: &Option<Vec<AudienceRef>>) -> HashSet<&str> {
    list.iter()
        .flatten()
        .filter_map(|a| a.id.as_ref().map(|i| i.as_str()))
        .collect()
}

/// Nobody is left: every included Custom Audience is excluded, or every item of a
/// `flexible_spec` group (which must match) is in `exclusions`.
fn empty_after_exclusions(t: &Targeting) -> Checked {
    let included = audience_ids(&t.custom_audiences);
    let excluded = audience_ids(&t.excluded_custom_audiences);
    if !included.is_empty() && included.is_subset(&excluded) {
        return Err(empty(
            "every custom audience included is also excluded",
            &["targeting", "excluded_custom_audiences"],
        ));
    }
    let Some(exclusions) = &t.exclusions else {
        return Ok(());
    };
    let excluded = items(exclusions);
    for (i, group) in t.flexible_spec.iter().flatten().enumerate() {
        let wanted = items(group);
        if !wanted.is_empty() && wanted.is_subset(&excluded) {
            return Err(empty(
                &format!("every item of flexible_spec[{i}] is also in exclusions"),
                &["targeting", "exclusions"],
            ));
        }
    }
    Ok(())
}

/// A group's items as (category, id).
fn items(group: &FlexibleGroup) -> HashSet<(&'static str, &str)> {
    group
        .categories()
        .into_iter()
        .flat_map(|(key, list)| {
            list.into_iter()
                .flatten()
                .filter_map(move |i| i.id.as_ref().map(|id| (key, id.as_str())))
        })
        .collect()
}

fn empty(why: &str, blame: &[&str]) -> GraphError {
    refuse(
        format!("The audience is empty after exclusions: {why}"),
        "Audience Is Empty",
        blame,
    )
}

/// Each position is one its list names (Meta's placement table), its platform is chosen when
/// platforms are, and each platform and device is one Graph knows.
fn placements(t: &Targeting) -> Checked {
    let platforms = t.publisher_platforms.as_deref().unwrap_or(&[]);
    if let Some(p) = platforms
        .iter()
        .find(|p| !positions::PLATFORMS.iter().any(|(k, _)| k == p))
    {
        return Err(refuse(
            format!("{p} is not a publisher platform"),
            "Invalid Placement",
            &["targeting", "publisher_platforms"],
        ));
    }
    let lists = [
        ("facebook", "facebook_positions", &t.facebook_positions),
        ("instagram", "instagram_positions", &t.instagram_positions),
        (
            "audience_network",
            "audience_network_positions",
            &t.audience_network_positions,
        ),
        ("messenger", "messenger_positions", &t.messenger_positions),
    ];
    for (platform, list, chosen) in lists {
        let chosen = chosen.as_deref().unwrap_or(&[]);
        if let Some(key) = chosen.iter().find(|k| positions::find(list, k).is_none()) {
            return Err(refuse(
                format!(
                    "{key} is not a position of {platform}: {list} takes {}",
                    names(list)
                ),
                "Invalid Placement",
                &["targeting", list],
            ));
        }
        if !chosen.is_empty() && !platforms.is_empty() && !platforms.iter().any(|p| p == platform) {
            return Err(refuse(
                format!("{list} is set but publisher_platforms does not include {platform}"),
                "Position Without Its Platform",
                &["targeting", list],
            ));
        }
    }
    let devices = t.device_platforms.as_deref().unwrap_or(&[]);
    if let Some(d) = devices.iter().find(|d| !DEVICES.contains(&d.as_str())) {
        return Err(refuse(
            format!("{d} is not a device platform: use mobile or desktop"),
            "Invalid Placement",
            &["targeting", "device_platforms"],
        ));
    }
    Ok(())
}

fn names(list: &str) -> String {
    positions::POSITIONS
        .iter()
        .filter(|p| p.list == list && p.removed_in.is_none())
        .map(|p| p.key)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targeting(v: serde_json::Value) -> Targeting {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn a_key_the_sandbox_cannot_check_is_taken() {
        let t = targeting(serde_json::json!({
            "geo_locations": {"cities": [{"key": "999999999", "radius": 12, "distance_unit": "mile"}]},
            "flexible_spec": [{"interests": [{"id": "123"}]}],
        }));
        assert_eq!(check(&t, &Campaign::default()), Ok(()));
    }
}
