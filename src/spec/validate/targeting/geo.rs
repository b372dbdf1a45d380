//! Locations: `geo_locations` and `excluded_geo_locations` (Meta's basic-targeting and
//! targeting-restrictions references; the README's targeting rules say where each limit comes
//! from and which are dcw's own).

use std::collections::{HashMap, HashSet};

use super::super::super::model::{GeoLocation, GeoLocations, OTHER_LOCATION_KEYS, Targeting};
use super::super::super::tables::{
    CITY_RADIUS_KM, CITY_RADIUS_MILES, SPECIAL_CITY_RADIUS_KM, SPECIAL_CITY_RADIUS_MILES,
};
use super::super::{Context, Report, at, earlier_duplicates, index};
use super::{WHY, named};
use crate::spec::countries::{country_name, suggest_country};

/// One kind of keyed location: its list key, the wizard's words, Meta's maximum per list and the
/// radius it takes.
struct Kind {
    key: &'static str,
    one: &'static str,
    many: &'static str,
    max: usize,
    radius: Option<Radius>,
}

/// A radius range per unit, both ends included.
#[derive(Clone, Copy)]
struct Radius {
    miles: (i64, i64),
    km: (i64, i64),
}

/// Cities: 10 to 50 miles, 17 to 80 km (basic-targeting reference); at most 250 cities, 200
/// regions, 50,000 postcodes (targeting-restrictions reference). Places: 200 and 1 to 50 miles /
/// 1 to 80 km, as Meta's `custom_locations` [dcw's own: Meta names no limit for places].
const KINDS: [Kind; 4] = [
    Kind {
        key: "regions",
        one: "Region",
        many: "regions",
        max: 200,
        radius: None,
    },
    Kind {
        key: "cities",
        one: "City",
        many: "cities",
        max: 250,
        radius: Some(Radius {
            miles: CITY_RADIUS_MILES,
            km: CITY_RADIUS_KM,
        }),
    },
    Kind {
        key: "zips",
        one: "Postcode",
        many: "postcodes",
        max: 50_000,
        radius: None,
    },
    Kind {
        key: "places",
        one: "Place",
        many: "places",
        max: 200,
        radius: Some(Radius {
            miles: (1, 50),
            km: (1, 80),
        }),
    },
];

/// Special ad categories: a city's radius in miles and in km (`tables`).
const SPECIAL_RADIUS: (i64, i64) = (SPECIAL_CITY_RADIUS_MILES, SPECIAL_CITY_RADIUS_KM);

pub(super) fn check(t: &Targeting, base: &str, ctx: &Context, r: &mut Report) {
    let geo_path = at(base, "geo_locations");
    let ex_path = at(base, "excluded_geo_locations");
    let empty = GeoLocations::default();
    let geo = t.geo_locations.as_ref().unwrap_or(&empty);
    check_presence(geo, &geo_path, r);
    check_lists(geo, &geo_path, false, ctx, r);
    if ctx.special_category && non_empty(&geo.zips) {
        r.error(
            at(&geo_path, "zips"),
            "targeting.special_category_zip",
            format!("Postcodes cannot be targeted: {WHY} target by postcode."),
        );
    }
    if let Some(ex) = &t.excluded_geo_locations {
        check_lists(ex, &ex_path, true, ctx, r);
        check_overlap(geo, ex, &ex_path, r);
        if ctx.special_category && ex.has_any_location() {
            r.error(
                ex_path,
                "targeting.special_category_exclusion",
                format!("Excluded locations cannot be used: {WHY} exclude places."),
            )
            .hint("Remove the excluded locations.");
        }
    }
}

fn non_empty<T>(list: &Option<Vec<T>>) -> bool {
    list.as_ref().is_some_and(|l| !l.is_empty())
}

/// Meta needs at least one location (error 1885364, "Missing target audience location"), not
/// necessarily a country.
fn check_presence(geo: &GeoLocations, geo_path: &str, r: &mut Report) {
    if geo.has_any_location() {
        return;
    }
    let path = at(geo_path, "countries");
    if geo.countries.is_some() {
        r.error(
            path,
            "targeting.countries_missing",
            "Locations are missing: pick a country, or find a region, city, postcode or place under Locations.",
        );
    } else {
        r.error(
            path,
            "targeting.countries_missing",
            "Locations are missing: Meta needs at least one country, region, city, postcode or place.",
        )
        .file_hint(
            "Add the ISO two-letter codes of the countries to reach, e.g. [\"US\", \"CA\"] (Graph answers error 1885364 without a location).",
        );
    }
}

fn check_lists(geo: &GeoLocations, path: &str, excluded: bool, ctx: &Context, r: &mut Report) {
    if let Some(list) = &geo.countries {
        check_countries(list, &at(path, "countries"), excluded, r);
    }
    for kind in &KINDS {
        let list = match kind.key {
            "regions" => &geo.regions,
            "cities" => &geo.cities,
            "zips" => &geo.zips,
            _ => &geo.places,
        };
        if let Some(list) = list {
            let special = ctx.special_category && !excluded && kind.key == "cities";
            check_kind(list, &at(path, kind.key), kind, excluded, special, r);
        }
    }
    if let Some(types) = &geo.location_types {
        check_location_types(types, &at(path, "location_types"), r);
    }
}

fn check_countries(list: &[String], path: &str, excluded: bool, r: &mut Report) {
    let dups = earlier_duplicates(list.iter().map(Some));
    let what = if excluded {
        "Excluded country"
    } else {
        "Country"
    };
    for (i, code) in list.iter().enumerate() {
        let path = index(path, i);
        if country_name(code).is_none() {
            let f = r.error(
                path,
                "spec.country_unknown",
                format!("{what} \"{code}\" is not an ISO 3166 two-letter country code."),
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
                format!("{what} {code} is listed twice."),
            );
        }
    }
}

/// The words for a location kind, included or excluded: "City", "Excluded city".
fn label(kind: &Kind, excluded: bool) -> String {
    if excluded {
        format!("Excluded {}", kind.one.to_lowercase())
    } else {
        kind.one.to_string()
    }
}

fn check_kind(
    list: &[GeoLocation],
    path: &str,
    kind: &Kind,
    excluded: bool,
    special: bool,
    r: &mut Report,
) {
    let what = label(kind, excluded);
    if list.len() > kind.max {
        r.error(
            path,
            "targeting.location_too_many",
            format!(
                "{} include {} {}; Meta takes at most {}.",
                if excluded {
                    "Excluded locations"
                } else {
                    "Locations"
                },
                list.len(),
                kind.many,
                kind.max
            ),
        );
    }
    let dups = earlier_duplicates(
        list.iter()
            .map(|l| l.key.as_deref().map(str::trim).filter(|k| !k.is_empty())),
    );
    for (i, loc) in list.iter().enumerate() {
        let item = index(path, i);
        let key = loc.key.as_deref().map(str::trim).unwrap_or("");
        if let Some(j) = dups[i] {
            r.warn(
                item.clone(),
                "targeting.location_duplicate",
                format!(
                    "{what} {} is listed twice ({} {}).",
                    named(loc.name.as_deref(), key),
                    what.to_lowercase(),
                    j + 1
                ),
            );
        }
        let name = named(loc.name.as_deref(), key);
        if key.is_empty() {
            let who = match loc.name.as_deref().map(str::trim) {
                Some(n) if !n.is_empty() => format!("{what} \"{n}\""),
                _ => format!("{what} {}", i + 1),
            };
            r.error(
                at(&item, "key"),
                "targeting.location_key_missing",
                format!("{who} has no key: Meta takes locations by key, not by name; find it by name in the wizard."),
            )
            .file_hint("Take its key from Graph's targeting search (type=adgeolocation).");
        } else if matches!(kind.key, "regions" | "cities")
            && !key.chars().all(|c| c.is_ascii_digit())
        {
            r.error(
                at(&item, "key"),
                "targeting.location_key_malformed",
                format!("{what} {name} has the key \"{key}\", which is not a location key: Meta's region and city keys are digits; find it by name in the wizard."),
            )
            .file_hint("Take its key from Graph's targeting search (type=adgeolocation).");
        } else if kind.key == "zips" && !is_zip_key(key) {
            r.error(
                at(&item, "key"),
                "targeting.zip_key_malformed",
                format!("{what} \"{key}\" is not a postcode key: Meta writes the country, a colon and the postcode, like \"US:94304\"."),
            );
        }
        check_radius(loc, &item, kind, &what, &name, special, r);
    }
}

/// `US:94304`: a country Meta knows, a colon, and a postcode.
fn is_zip_key(key: &str) -> bool {
    key.split_once(':').is_some_and(|(country, code)| {
        country_name(country).is_some()
            && !code.trim().is_empty()
            && code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
    })
}

fn check_radius(
    loc: &GeoLocation,
    item: &str,
    kind: &Kind,
    what: &str,
    name: &str,
    special: bool,
    r: &mut Report,
) {
    let unit = loc.distance_unit.as_deref();
    if let Some(u) = unit
        && !matches!(u, "mile" | "kilometer")
    {
        r.error(
            at(item, "distance_unit"),
            "targeting.distance_unit_unknown",
            format!("Distance unit \"{u}\" of {} {name} is not one Meta knows: it is mile or kilometer.", what.to_lowercase()),
        );
        return;
    }
    let Some(radius) = loc.radius else { return };
    let Some(range) = kind.radius else {
        r.error(
            at(item, "radius"),
            "targeting.radius_not_allowed",
            format!("{what} {name} cannot take a radius: only cities and places can."),
        )
        .hint("Remove the radius, or pick a city instead.");
        return;
    };
    let Some(unit) = unit else {
        r.error(
            at(item, "distance_unit"),
            "targeting.radius_unit_missing",
            format!("{what} {name} has a radius of {radius} but no unit: say miles or kilometres."),
        );
        return;
    };
    let (words, (lo, hi), special_min) = if unit == "mile" {
        ("miles", range.miles, SPECIAL_RADIUS.0)
    } else {
        ("km", range.km, SPECIAL_RADIUS.1)
    };
    if !(lo..=hi).contains(&radius) {
        r.error(
            at(item, "radius"),
            "targeting.radius_out_of_range",
            format!(
                "{what} {name} has a radius of {radius} {words}; Meta takes {lo} to {hi} {words} around a {}.",
                kind.one.to_lowercase()
            ),
        );
    } else if special && radius < special_min {
        r.error(
            at(item, "radius"),
            "targeting.special_category_radius",
            format!(
                "{what} {name} has a radius of {radius} {words}; in a special ad category Meta reaches at least {} miles ({} km) around a city.",
                SPECIAL_RADIUS.0, SPECIAL_RADIUS.1
            ),
        )
        .hint(format!("Set the radius to {special_min} {words} or more."));
    }
}

fn check_location_types(types: &[String], path: &str, r: &mut Report) {
    let dups = earlier_duplicates(types.iter().map(Some));
    for (i, t) in types.iter().enumerate() {
        let item = index(path, i);
        match t.as_str() {
            "home" | "recent" => {
                if dups[i].is_some() {
                    r.warn(
                        item,
                        "targeting.location_type_duplicate",
                        format!("Location type \"{t}\" is listed twice."),
                    );
                }
            }
            "travel_in" => {
                r.error(
                    item,
                    "targeting.location_type_retired",
                    "Location type \"travel_in\" (people travelling there) was retired by Meta in 2023: Meta now reaches people who live there or were recently there.",
                )
                .hint("Use home, recent, or both.");
            }
            other => {
                r.error(
                    item,
                    "targeting.location_type_unknown",
                    format!("Location type \"{other}\" is not one Meta knows: it is home (people who live there) or recent (people recently there)."),
                );
            }
        }
    }
}

/// Each entry of one list of a `GeoLocations` as (key, name), in the spec's order; a country's
/// name is Meta's name for its code.
fn entries<'a>(g: &'a GeoLocations, list: &str) -> Vec<(Option<&'a str>, Option<&'a str>)> {
    let keyed = |l: &'a Option<Vec<GeoLocation>>| {
        l.iter()
            .flatten()
            .map(|g| {
                let key = g.key.as_deref().map(str::trim).filter(|k| !k.is_empty());
                (key, g.name.as_deref())
            })
            .collect()
    };
    match list {
        "countries" => g
            .countries
            .iter()
            .flatten()
            .map(|c| (Some(c.as_str()), country_name(c)))
            .collect(),
        "regions" => keyed(&g.regions),
        "cities" => keyed(&g.cities),
        "zips" => keyed(&g.zips),
        _ => keyed(&g.places),
    }
}

/// A location both included and excluded is an error naming both; excluding every included
/// location leaves nobody [dcw's own: Meta would take the ad set and deliver to no one].
fn check_overlap(geo: &GeoLocations, ex: &GeoLocations, ex_path: &str, r: &mut Report) {
    let mut covered = 0usize;
    let mut total = 0usize;
    for (list, one, many) in [
        ("countries", "country", "countries"),
        ("regions", "region", "regions"),
        ("cities", "city", "cities"),
        ("zips", "postcode", "postcodes"),
        ("places", "place", "places"),
    ] {
        let mut included: HashMap<&str, (usize, Option<&str>)> = HashMap::new();
        for (i, (key, name)) in entries(geo, list).into_iter().enumerate() {
            if let Some(key) = key {
                included.entry(key).or_insert((i, name));
            }
        }
        let mut seen: HashSet<&str> = HashSet::new();
        for (j, (key, name)) in entries(ex, list).into_iter().enumerate() {
            let Some(key) = key else { continue };
            let Some(&(i, inc_name)) = included.get(key) else {
                continue;
            };
            seen.insert(key);
            r.error(
                index(&at(ex_path, list), j),
                "targeting.location_included_and_excluded",
                format!(
                    "Excluded {one} {} is also included ({one} {}, {}): nobody there can be reached.",
                    named(name, key),
                    i + 1,
                    named(inc_name, key)
                ),
            )
            .hint(format!("Remove it from the included or from the excluded {many}."));
        }
        covered += seen.len();
        total += included.len();
    }
    let other = OTHER_LOCATION_KEYS
        .iter()
        .any(|k| geo.extra.contains_key(*k));
    if total > 0 && covered == total && !other {
        r.error(
            ex_path,
            "targeting.excluded_everywhere",
            "Excluded locations cover every included location, so the audience is empty.",
        )
        .hint("Include a location you do not exclude.");
    }
}
