//! `GET /search`: Meta's targeting search over the catalogue, in Graph's answer shapes.
//! `type=adgeolocation` (with `q`, `location_types`, `country_code`), `adlocale`,
//! `adinterest`, `adTargetingCategory` (with `class`) and `adinterestsuggestion` (with
//! `interest_list`). Matches rank prefix first, then a word's prefix, then anywhere, case and
//! accents aside; ties go to the larger place or audience. The router pages the answer.

use std::cmp::Reverse;
use std::collections::HashSet;

use serde_json::{Value, json};

use super::super::error::GraphError;
use super::super::wire::GraphRequest;
use super::people::{Item, LOCALES};
use super::places::{COUNTRIES, City, Country, Region};
use super::{Catalogue, catalogue, fold, rank};

/// The search types the sandbox answers, in Graph's spelling.
pub const TYPES: &[&str] = &[
    "adgeolocation",
    "adlocale",
    "adinterest",
    "adTargetingCategory",
    "adinterestsuggestion",
];

/// The `location_types` Meta's targeting search takes; the sandbox's catalogue holds the
/// first five kinds and answers nothing for the others.
pub const LOCATION_TYPES: &[&str] = &[
    "country",
    "region",
    "city",
    "zip",
    "country_group",
    "geo_market",
    "electoral_district",
    "neighborhood",
    "subcity",
    "place",
    "large_geo_area",
    "medium_geo_area",
    "small_geo_area",
    "metro_area",
];

/// What `adgeolocation` looks through when `location_types` is not given (`[sandbox's own]`).
const DEFAULT_LOCATION_TYPES: &[&str] = &["country", "region", "city", "zip"];

/// The `class`es of `adTargetingCategory` the sandbox answers: Meta's two browse classes and
/// each `flexible_spec` key they hold.
const CLASSES: &[&str] = &[
    "behaviors",
    "demographics",
    "life_events",
    "family_statuses",
    "industries",
    "income",
    "education_statuses",
    "relationship_statuses",
];

/// One match, by its place in the catalogue: rendered only when its page is served.
#[derive(Debug, Clone, Copy)]
pub enum Found {
    Country(usize),
    Region(usize),
    City(usize),
    Zip(usize),
    Locale(usize),
    Interest(usize),
    Category(usize),
}

/// The longest `q` read; the rest is ignored (`[sandbox's own]`).
const MAX_QUERY_CHARS: usize = 100;

/// A match in Graph's answer shape.
pub fn render(found: Found) -> Value {
    let c = catalogue();
    match found {
        Found::Country(i) => country_json(&COUNTRIES[i]),
        Found::Region(i) => region_json(&c.regions[i]),
        Found::City(i) => city_json(&c.cities[i], &c.regions[c.cities[i].region]),
        Found::Zip(i) => zip_json(c, i),
        Found::Locale(i) => json!({"key": LOCALES[i].key, "name": LOCALES[i].name}),
        Found::Interest(i) => item_json(&c.interests[i]),
        Found::Category(i) => item_json(&c.categories[i]),
    }
}

/// Every match of a search, best first (the router pages them).
pub fn search(req: &GraphRequest) -> Result<Vec<Found>, GraphError> {
    let kind = req.params.text("type").map(str::trim).unwrap_or("");
    let known = TYPES.iter().find(|t| t.eq_ignore_ascii_case(kind));
    let c = catalogue();
    match known.copied() {
        Some("adgeolocation") => locations(c, req),
        Some("adlocale") => Ok(locales(c, &query(req)?)),
        Some("adinterest") => Ok(interests(c, &query(req)?)),
        Some("adTargetingCategory") => categories(c, req),
        Some("adinterestsuggestion") => suggestions(c, req),
        _ if kind.is_empty() => Err(GraphError::required("type")),
        _ => Err(GraphError::invalid(format!(
            "Unsupported type for search: {}. Targeting search takes type {}",
            kind.chars().take(40).collect::<String>(),
            TYPES.join(", ")
        ))
        .blame(&["type"])),
    }
}

/// `q`, folded: required, and not blank.
fn query(req: &GraphRequest) -> Result<String, GraphError> {
    let q = req.params.text("q").map(str::trim).unwrap_or("");
    if q.is_empty() {
        return Err(GraphError::required("q"));
    }
    Ok(fold(&q.chars().take(MAX_QUERY_CHARS).collect::<String>()))
}

/// The matches, best rank first, then the largest first; stable, so equal ones keep the
/// catalogue's order.
fn ranked(mut hits: Vec<(u8, u64, Found)>) -> Vec<Found> {
    hits.sort_by_key(|(r, size, _)| (*r, Reverse(*size)));
    hits.into_iter().map(|(_, _, v)| v).collect()
}

fn locations(c: &Catalogue, req: &GraphRequest) -> Result<Vec<Found>, GraphError> {
    let q = query(req)?;
    let types = req.params.list("location_types").unwrap_or_else(|| {
        DEFAULT_LOCATION_TYPES
            .iter()
            .map(|t| t.to_string())
            .collect()
    });
    if let Some((i, _)) = types
        .iter()
        .enumerate()
        .find(|(_, t)| !LOCATION_TYPES.contains(&t.as_str()))
    {
        return Err(GraphError::invalid(format!(
            "location_types[{i}] must be one of the following values: {}",
            LOCATION_TYPES.join(", ")
        ))
        .blame(&["location_types"]));
    }
    let only = req
        .params
        .text("country_code")
        .map(|cc| cc.trim().to_ascii_uppercase())
        .filter(|cc| !cc.is_empty());
    let in_scope = |country: usize| {
        only.as_deref()
            .is_none_or(|cc| COUNTRIES[country].code == cc)
    };
    let wants = |t: &str| types.iter().any(|x| x == t);
    let mut hits = Vec::new();
    if wants("country") {
        for (i, co) in COUNTRIES.iter().enumerate() {
            let by_code = fold(co.code) == q;
            let r = if by_code {
                Some(0)
            } else {
                rank(&c.folded.countries[i], &q)
            };
            if let Some(r) = r.filter(|_| in_scope(i)) {
                hits.push((r, co.people, Found::Country(i)));
            }
        }
    }
    if wants("region") {
        for (i, region) in c.regions.iter().enumerate() {
            if let Some(r) = rank(&c.folded.regions[i], &q).filter(|_| in_scope(region.country)) {
                hits.push((r, region.people, Found::Region(i)));
            }
        }
    }
    if wants("city") {
        for (i, city) in c.cities.iter().enumerate() {
            let local = c.folded.city_locals[i].as_deref().and_then(|l| rank(l, &q));
            let r = [rank(&c.folded.cities[i], &q), local]
                .into_iter()
                .flatten()
                .min();
            if let Some(r) = r.filter(|_| in_scope(city.country)) {
                hits.push((r, city.people, Found::City(i)));
            }
        }
    }
    if wants("zip") {
        for (i, zip) in c.zips.iter().enumerate() {
            let city = &c.cities[zip.city];
            if let Some(r) = rank(&c.folded.zips[i], &q).filter(|_| in_scope(city.country)) {
                hits.push((r, city.people, Found::Zip(i)));
            }
        }
    }
    Ok(ranked(hits))
}

fn country_json(co: &Country) -> Value {
    let detailed = co.zip.is_some();
    json!({
        "key": co.code,
        "name": co.name,
        "type": "country",
        "country_code": co.code,
        "country_name": co.name,
        "supports_region": detailed,
        "supports_city": detailed,
    })
}

/// A postcode: its city's answer, as a `zip` with its own key and name and the city as its
/// `primary_city`.
fn zip_json(c: &Catalogue, i: usize) -> Value {
    let zip = &c.zips[i];
    let city = &c.cities[zip.city];
    let mut v = city_json(city, &c.regions[city.region]);
    v["key"] = json!(zip.key);
    v["name"] = json!(zip.code);
    v["type"] = json!("zip");
    v["primary_city"] = json!(city.name);
    v["primary_city_id"] = json!(city.key);
    v
}

fn region_json(r: &Region) -> Value {
    let co = &COUNTRIES[r.country];
    json!({
        "key": r.key.to_string(),
        "name": r.name,
        "type": "region",
        "country_code": co.code,
        "country_name": co.name,
        "supports_region": true,
        "supports_city": true,
    })
}

fn city_json(city: &City, region: &Region) -> Value {
    let co = &COUNTRIES[city.country];
    json!({
        "key": city.key.to_string(),
        "name": city.name,
        "type": "city",
        "country_code": co.code,
        "country_name": co.name,
        "region": region.name,
        "region_id": region.key,
        "supports_region": true,
        "supports_city": true,
    })
}

fn locales(c: &Catalogue, q: &str) -> Vec<Found> {
    let hits = (0..LOCALES.len())
        .filter_map(|i| {
            let r = rank(&c.folded.locales[i], q)?;
            Some((r, 0, Found::Locale(i)))
        })
        .collect();
    ranked(hits)
}

/// An interest, behaviour or demographic as Graph answers it: categories carry their
/// `type` and `description`, interests their `topic`.
fn item_json(it: &Item) -> Value {
    let mut v = json!({
        "id": it.id.to_string(),
        "name": it.name,
        "audience_size_lower_bound": it.lower,
        "audience_size_upper_bound": it.upper,
        "path": it.path,
    });
    if it.class.is_some() {
        v["type"] = json!(it.kind);
    }
    if let Some(d) = it.description {
        v["description"] = json!(d);
    }
    if let Some(t) = it.topic {
        v["topic"] = json!(t);
    }
    v
}

fn interests(c: &Catalogue, q: &str) -> Vec<Found> {
    let hits = c
        .interests
        .iter()
        .enumerate()
        .filter_map(|(i, it)| {
            let r = rank(&c.folded.interests[i], q)?;
            Some((r, it.upper, Found::Interest(i)))
        })
        .collect();
    ranked(hits)
}

/// The whole class, as Graph answers `adTargetingCategory` (the caller filters by name).
fn categories(c: &Catalogue, req: &GraphRequest) -> Result<Vec<Found>, GraphError> {
    let class = req.params.text("class").map(str::trim).unwrap_or("");
    if !class.is_empty() && !CLASSES.contains(&class) {
        return Err(GraphError::invalid(format!(
            "class must be one of the following values: {}",
            CLASSES.join(", ")
        ))
        .blame(&["class"]));
    }
    Ok(c.categories
        .iter()
        .enumerate()
        .filter(|(_, it)| class.is_empty() || it.class == Some(class) || it.kind == class)
        .map(|(i, _)| Found::Category(i))
        .collect())
}

/// Interests next to the named ones (the same parent in the path), largest first, without
/// the named ones.
fn suggestions(c: &Catalogue, req: &GraphRequest) -> Result<Vec<Found>, GraphError> {
    let names: HashSet<String> = req
        .params
        .list("interest_list")
        .unwrap_or_default()
        .iter()
        .map(|n| fold(n.trim()))
        .filter(|n| !n.is_empty())
        .collect();
    if names.is_empty() {
        return Err(GraphError::required("interest_list"));
    }
    let chosen: HashSet<usize> = (0..c.interests.len())
        .filter(|&i| names.contains(&c.folded.interests[i]))
        .collect();
    let parents: HashSet<&[&str]> = chosen.iter().map(|&i| parent(&c.interests[i])).collect();
    let hits = c
        .interests
        .iter()
        .enumerate()
        .filter(|(i, it)| !chosen.contains(i) && parents.contains(&parent(it)))
        .map(|(i, it)| (0, it.upper, Found::Interest(i)))
        .collect();
    Ok(ranked(hits))
}

fn parent(it: &Item) -> &[&'static str] {
    &it.path[..it.path.len().saturating_sub(1)]
}
