//! `GET /act_<id>/delivery_estimate?targeting_spec=…&optimization_goal=…`: the audience size
//! of a targeting spec and what a daily spend buys, in Graph's shape. The formula is the
//! sandbox's own (Meta does not publish one): deterministic, and it narrows as the targeting
//! narrows (see the README's "The sandbox's catalogue").
//!
//! People = for each targeted country, the people of its countries, regions, cities (their
//! radius widening them) and postcodes, less its excluded locations, times its locales' share;
//! times the age span's share and the genders' share; times each `flexible_spec` group's share
//! (within a group OR: the union of its items, bounded by their sum); times what `exclusions`
//! leave; at most the included custom audiences' people; less the excluded audiences' share.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::catalogue::{audiences, catalogue, places::COUNTRIES};
use super::error::GraphError;
use super::state::Account;
use super::wire::GraphRequest;
use crate::spec::{GraphEnum, OptimizationGoal};

/// The people Meta's apps reach in a month, worldwide: what an interest's audience size is a
/// share of (`[sandbox's own]`).
const WORLD: f64 = 3.0e9;
/// Below this many people, Graph's estimate is "too narrow": bounds 0 to 1,000, nothing
/// reached (`[sandbox's own]` answer; Ads Manager says "Below 1,000").
pub const TOO_NARROW: u64 = 1_000;
/// The people one postcode holds at least, and the share of its city it is.
const ZIP_FLOOR: f64 = 2_000.0;
const ZIP_SHARE: f64 = 1.0 / 30.0;
/// Daily active people per monthly.
const DAU_PER_MAU: f64 = 0.6;
/// The spends of the curve, in the account currency's US dollar worth.
const CURVE_DOLLARS: &[f64] = &[
    0.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0,
];
/// The keys of `flexible_spec` groups (and of the spec's top level) holding `{id, name}`s.
const DETAILED: &[&str] = &[
    "interests",
    "behaviors",
    "life_events",
    "industries",
    "income",
    "family_statuses",
    "education_statuses",
    "relationship_statuses",
    "work_positions",
    "work_employers",
    "education_schools",
    "user_adclusters",
];

/// The answer to a `delivery_estimate` read on `account`.
pub fn edge(req: &GraphRequest, account: &Account) -> Result<Value, GraphError> {
    let spec = match req.params.json("targeting_spec") {
        None => return Err(GraphError::required("targeting_spec")),
        Some(Value::Object(m)) => Value::Object(m),
        Some(_) => {
            return Err(GraphError::invalid(
                "The parameter targeting_spec must be a JSON object: a targeting spec in Graph's shape",
            )
            .blame(&["targeting_spec"]));
        }
    };
    let goal = req
        .params
        .text("optimization_goal")
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .ok_or_else(|| GraphError::required("optimization_goal"))?;
    if OptimizationGoal::from_wire(goal).is_none() {
        let all: Vec<&str> = OptimizationGoal::ALL.iter().map(|g| g.as_str()).collect();
        return Err(GraphError::invalid(format!(
            "optimization_goal must be one of the following values: {}",
            all.join(", ")
        ))
        .blame(&["optimization_goal"]));
    }
    let has_location = spec
        .get("geo_locations")
        .and_then(Value::as_object)
        .is_some_and(|g| {
            ["countries", "regions", "cities", "zips", "places"]
                .iter()
                .any(|k| {
                    g.get(*k)
                        .and_then(Value::as_array)
                        .is_some_and(|a| !a.is_empty())
                })
        });
    if !has_location {
        return Err(GraphError::invalid(
            "targeting_spec needs geo_locations with at least one country, region, city, zip or place",
        )
        .blame(&["targeting_spec", "geo_locations"]));
    }
    let people = people(&spec, account).round() as u64;
    Ok(json!({"data": [answer(people, goal, &account.currency)]}))
}

/// The estimate's node for `people`.
fn answer(people: u64, goal: &str, currency: &str) -> Value {
    if people < TOO_NARROW {
        return json!({
            "daily_outcomes_curve": [{"spend": 0, "reach": 0, "impressions": 0, "actions": 0}],
            "estimate_dau": 0,
            "estimate_mau_lower_bound": 0,
            "estimate_mau_upper_bound": TOO_NARROW,
            "estimate_ready": true,
        });
    }
    let dau = people as f64 * DAU_PER_MAU;
    json!({
        "daily_outcomes_curve": curve(dau, goal, currency),
        "estimate_dau": dau.round() as u64,
        "estimate_mau_lower_bound": significant(people as f64 * 0.87),
        "estimate_mau_upper_bound": significant(people as f64 * 1.15),
        "estimate_ready": true,
    })
}

/// Rounded to three significant digits, as Meta rounds its ranges.
fn significant(x: f64) -> u64 {
    if x < 1_000.0 {
        return x.round() as u64;
    }
    let scale = 10f64.powi(x.log10().floor() as i32 - 2);
    ((x / scale).round() * scale) as u64
}

/// The account currency's minor units per US dollar (`[sandbox's own]` rates).
fn minor_per_dollar(currency: &str) -> f64 {
    match currency {
        "JPY" => 150.0,
        "EUR" => 92.0,
        "GBP" => 79.0,
        "CAD" => 137.0,
        "AUD" => 152.0,
        _ => 100.0,
    }
}

/// Results per impression for an optimization goal (`[sandbox's own]` rates).
fn action_rate(goal: &str) -> f64 {
    match goal {
        "LINK_CLICKS" | "LANDING_PAGE_VIEWS" => 0.009,
        "OFFSITE_CONVERSIONS" | "VALUE" => 0.0006,
        "THRUPLAY" | "TWO_SECOND_CONTINUOUS_VIDEO_VIEWS" => 0.15,
        "POST_ENGAGEMENT" => 0.02,
        "LEAD_GENERATION" | "QUALITY_LEAD" => 0.001,
        "APP_INSTALLS" => 0.002,
        _ => 0.005,
    }
}

/// What each spend buys a day: impressions at a CPM that rises as the audience narrows,
/// reach saturating towards the daily audience.
fn curve(dau: f64, goal: &str, currency: &str) -> Vec<Value> {
    let cpm = 5.0 + 15.0 / (1.0 + (dau / 100_000.0).sqrt());
    let per_dollar = minor_per_dollar(currency);
    CURVE_DOLLARS
        .iter()
        .map(|&dollars| {
            let impressions = dollars / cpm * 1_000.0;
            let reach = dau * (1.0 - (-impressions / (1.5 * dau)).exp());
            let actions = match goal {
                "REACH" => reach,
                "IMPRESSIONS" => impressions,
                _ => impressions * action_rate(goal),
            };
            json!({
                "spend": (dollars * per_dollar).round() as u64,
                "reach": reach.round() as u64,
                "impressions": impressions.round() as u64,
                "actions": actions.round() as u64,
            })
        })
        .collect()
}

/// The people a spec reaches, by the formula above.
fn people(spec: &Value, account: &Account) -> f64 {
    let included = places(spec.get("geo_locations"));
    let excluded = places(spec.get("excluded_geo_locations"));
    let locales = locale_keys(spec);
    let located: f64 = included
        .iter()
        .map(|(&country, &n)| {
            let left = (n - excluded.get(&country).copied().unwrap_or(0.0)).max(0.0);
            left * locale_share(&locales, COUNTRIES[country].code)
        })
        .sum();
    let mut reach = located * age_share(spec) * gender_share(spec);
    let groups = spec.get("flexible_spec").and_then(Value::as_array);
    for group in groups.into_iter().flatten() {
        reach *= union_share(group);
    }
    if DETAILED.iter().any(|k| spec.get(*k).is_some()) {
        reach *= union_share(spec);
    }
    if let Some(exclusions) = spec.get("exclusions") {
        reach *= 1.0 - union_share(exclusions);
    }
    let audiences = audiences::of_account(&account.digits, &account.currency);
    let size = |key: &str| -> Option<f64> {
        let ids = spec.get(key).and_then(Value::as_array)?;
        Some(
            ids.iter()
                .filter_map(id_of)
                .filter_map(|id| audiences.iter().find(|a| a.id == id))
                .map(|a| a.people as f64)
                .sum(),
        )
    };
    if let Some(included) = size("custom_audiences") {
        reach = reach.min(included);
    }
    if let Some(excluded) = size("excluded_custom_audiences")
        && located > 0.0
    {
        reach *= 1.0 - (excluded / located).min(1.0);
    }
    reach
}

/// An item's id: `{"id": "…"}`, or the id itself.
fn id_of(v: &Value) -> Option<String> {
    match v.get("id").unwrap_or(v) {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn number(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The people of a `geo_locations` object, per country (index into `COUNTRIES`), each
/// country's total at most its people.
fn places(geo: Option<&Value>) -> HashMap<usize, f64> {
    let c = catalogue();
    let mut per: HashMap<usize, f64> = HashMap::new();
    let Some(geo) = geo else { return per };
    let list = |key: &str| geo.get(key).and_then(Value::as_array).into_iter().flatten();
    for code in list("countries").filter_map(Value::as_str) {
        if let Some(i) = COUNTRIES.iter().position(|co| co.code == code) {
            *per.entry(i).or_default() += COUNTRIES[i].people as f64;
        }
    }
    for r in list("regions").filter_map(|v| key_of(v).and_then(|k| c.region(&k))) {
        *per.entry(r.country).or_default() += c.region_people(r) as f64;
    }
    for v in list("cities") {
        let Some(city) = key_of(v).and_then(|k| c.city(&k)) else {
            continue;
        };
        let km = number(v.get("radius")).unwrap_or(0.0).max(0.0)
            * match v.get("distance_unit").and_then(Value::as_str) {
                Some("mile") => 1.609,
                _ => 1.0,
            };
        let widened = c.city_people(city) as f64 * (1.0 + km / 25.0).min(5.0);
        *per.entry(city.country).or_default() += widened;
    }
    for v in list("zips") {
        let Some(zip) = key_of(v).and_then(|k| c.zip(&k)) else {
            continue;
        };
        let city = &c.cities[zip.city];
        let n = (c.city_people(city) as f64 * ZIP_SHARE).max(ZIP_FLOOR);
        *per.entry(city.country).or_default() += n;
    }
    for (country, n) in per.iter_mut() {
        *n = n.min(COUNTRIES[*country].people as f64);
    }
    per
}

fn key_of(v: &Value) -> Option<String> {
    match v.get("key")? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn locale_keys(spec: &Value) -> Vec<u64> {
    let list = spec.get("locales").and_then(Value::as_array);
    list.into_iter()
        .flatten()
        .filter_map(|v| number(Some(v)))
        .map(|k| k as u64)
        .collect()
}

/// The share of a country's people who use any of `locales` (all when none are named): most
/// of the country where a locale is at home, a few elsewhere.
fn locale_share(locales: &[u64], country: &str) -> f64 {
    if locales.is_empty() {
        return 1.0;
    }
    let c = catalogue();
    let share: f64 = locales
        .iter()
        .filter_map(|k| c.locale(*k))
        .map(|l| if l.home.contains(&country) { 0.9 } else { 0.03 })
        .sum();
    share.min(1.0)
}

/// The share of adults in `age_min..=age_max` (18 to 65+ when not given): each year from 18
/// to 64 counts one, 65+ counts ten, 13 to 17 half each.
fn age_share(spec: &Value) -> f64 {
    let min = number(spec.get("age_min"))
        .unwrap_or(18.0)
        .clamp(13.0, 65.0) as u32;
    let max = number(spec.get("age_max"))
        .unwrap_or(65.0)
        .clamp(13.0, 65.0) as u32;
    let weight = |age: u32| match age {
        65 => 10.0,
        18..=64 => 1.0,
        _ => 0.5,
    };
    let all: f64 = (18..=65).map(weight).sum();
    (min..=max).map(weight).sum::<f64>() / all
}

fn gender_share(spec: &Value) -> f64 {
    let list = spec.get("genders").and_then(Value::as_array);
    let genders: Vec<u64> = list
        .into_iter()
        .flatten()
        .filter_map(|g| number(Some(g)))
        .map(|g| g as u64)
        .collect();
    match (genders.contains(&1), genders.contains(&2)) {
        (true, false) => 0.49,
        (false, true) => 0.51,
        _ => 1.0,
    }
}

/// The share of people in any item of a group (`{"interests": [{id}], "behaviors": …}`): the
/// union of independent shares, at most their sum; an item the catalogue does not hold counts
/// as a small one.
fn union_share(group: &Value) -> f64 {
    let c = catalogue();
    let mut outside = 1.0;
    for key in DETAILED {
        let items = group
            .get(*key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        for item in items {
            let size = id_of(item)
                .and_then(|id| c.item(&id))
                .map_or(WORLD * 0.002, |it| it.upper as f64);
            outside *= 1.0 - (size / WORLD).min(1.0);
        }
    }
    1.0 - outside
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_significant_digits() {
        assert_eq!(significant(1_234_567.0), 1_230_000);
        assert_eq!(significant(98_765.0), 98_800);
        assert_eq!(significant(999.0), 999);
    }

    #[test]
    fn a_narrower_age_span_is_a_smaller_share() {
        let all = age_share(&json!({}));
        let some = age_share(&json!({"age_min": 25, "age_max": 34}));
        assert!((all - 1.0).abs() < 1e-9);
        assert!(some < all / 4.0);
    }

    #[test]
    fn a_group_of_two_is_at_most_their_sum() {
        let c = catalogue();
        let a = &c.interests[0];
        let b = &c.interests[1];
        let one = union_share(&json!({"interests": [{"id": a.id.to_string()}]}));
        let two = union_share(
            &json!({"interests": [{"id": a.id.to_string()}, {"id": b.id.to_string()}]}),
        );
        let sum = (a.upper + b.upper) as f64 / WORLD;
        assert!(two > one && two <= sum + 1e-12);
    }
}
