//! The sandbox's own targeting rules (issue 16, item 8), each with a case it refuses and one
//! it takes, answered in Graph's envelope on `POST /act_<id>/adsets`, on its dry run and on
//! `POST /<adset_id>`; and the read-back of `targeting`, which is what was stored.

use crate::common;

use common::sandbox::*;
use serde_json::{Value, json};

/// The answer to an ad set with this `targeting` under a new campaign of these special ad
/// categories (`[]` for none), with `execution_options` when `dry` is set.
async fn answer(sb: &Sb, categories: Value, targeting: Value, dry: bool) -> Reply {
    let c = sb
        .post(
            &format!("{ACT}/campaigns"),
            &[
                ("name", "Targeting".into()),
                ("objective", "OUTCOME_SALES".into()),
                ("special_ad_categories", categories.to_string()),
                ("special_ad_category_country", r#"["US"]"#.into()),
                ("status", "PAUSED".into()),
                ("is_adset_budget_sharing_enabled", "false".into()),
            ],
        )
        .await
        .id();
    let mut form = Sb::ad_set_form(&c);
    form.retain(|(k, _)| *k != "targeting");
    form.push(("targeting", targeting.to_string()));
    if dry {
        form.push(("execution_options", r#"["validate_only"]"#.into()));
    }
    sb.post(&format!("{ACT}/adsets"), &form).await
}

/// `targeting` with the US and the given keys on top.
fn us(extra: Value) -> Value {
    let mut t = json!({
        "geo_locations": {"countries": ["US"]},
        "targeting_automation": {"advantage_audience": 0},
    });
    for (k, v) in extra.as_object().unwrap() {
        t[k] = v.clone();
    }
    t
}

/// Asserts a refusal: HTTP 400, code 100 with `subcode`, words for the user, and `blame` in
/// `blame_field_specs`; returns the user's message.
#[track_caller]
fn refused(r: &Reply, subcode: Option<i64>, blame: &[&str], row: &str) -> String {
    assert_eq!(r.status, 400, "{row}: {}", r.body);
    assert_eq!(r.error(), (100, subcode), "{row}: {}", r.body);
    let e = &r.body["error"];
    assert!(
        e["message"].as_str().unwrap().starts_with("(#100) "),
        "{row}: {}",
        r.body
    );
    assert_eq!(e["is_transient"], false, "{row}");
    assert!(
        e["error_user_title"].as_str().is_some(),
        "{row}: {}",
        r.body
    );
    let specs = e["error_data"]["blame_field_specs"].as_array().unwrap();
    assert!(
        specs.contains(&json!(blame)),
        "{row}: {blame:?} in {specs:?}"
    );
    e["error_user_msg"].as_str().unwrap().to_string()
}

#[track_caller]
fn taken(r: &Reply, row: &str) {
    assert_eq!(r.status, 200, "{row}: {}", r.body);
    assert!(r.body["id"].is_string(), "{row}: {}", r.body);
}

fn city(key: &str, radius: Value, unit: Value) -> Value {
    let mut c = json!({"key": key});
    if !radius.is_null() {
        c["radius"] = radius;
    }
    if !unit.is_null() {
        c["distance_unit"] = unit;
    }
    c
}

#[tokio::test]
async fn an_ad_set_needs_a_location_or_a_custom_audience_1885364() {
    let sb = start(test_config()).await;
    let none = json!({"age_min": 18, "targeting_automation": {"advantage_audience": 0}});
    let r = answer(&sb, json!([]), none, false).await;
    let msg = refused(&r, Some(1885364), &["targeting"], "no location");
    assert!(msg.contains("add a location or a Custom Audience"), "{msg}");
    assert_eq!(
        r.body["error"]["error_user_title"],
        "Missing Target Audience Location"
    );
    let rows = [
        (
            "a custom audience alone",
            json!({"custom_audiences": [{"id": "23850000000000001"}]}),
        ),
        (
            "a region alone",
            json!({"geo_locations": {"regions": [{"key": "3847"}]}}),
        ),
        (
            "a city alone",
            json!({"geo_locations": {"cities": [{"key": "2420605"}]}}),
        ),
        (
            "custom_locations (unmodelled)",
            json!({"geo_locations": {"custom_locations": [
            {"latitude": 40.7, "longitude": -74.0, "radius": 5, "distance_unit": "mile"}]}}),
        ),
    ];
    for (row, t) in rows {
        taken(&answer(&sb, json!([]), t, false).await, row);
    }
}

#[tokio::test]
async fn a_citys_radius_is_10_to_50_miles_or_17_to_80_kilometres_in_a_known_unit() {
    let sb = start(test_config()).await;
    let rows: [(Value, Value, bool); 9] = [
        (json!(9), json!("mile"), false),
        (json!(10), json!("mile"), true),
        (json!(50), json!("mile"), true),
        (json!(51), json!("mile"), false),
        (json!(16), json!("kilometer"), false),
        (json!(17), json!("kilometer"), true),
        (json!(80), json!("kilometer"), true),
        (json!(81), json!("kilometer"), false),
        (json!(20), json!("yard"), false),
    ];
    for (radius, unit, ok) in rows {
        let row = format!("{radius} {unit}");
        let t = us(json!({"geo_locations": {"cities": [city("2420605", radius, unit)]}}));
        let r = answer(&sb, json!([]), t, false).await;
        if ok {
            taken(&r, &row);
        } else {
            refused(&r, None, &["targeting", "geo_locations", "cities"], &row);
        }
    }
    let no_unit =
        us(json!({"geo_locations": {"cities": [city("2420605", json!(20), Value::Null)]}}));
    refused(
        &answer(&sb, json!([]), no_unit, false).await,
        None,
        &["targeting", "geo_locations", "cities"],
        "a radius without its unit",
    );
}

#[tokio::test]
async fn regions_cities_zips_and_places_are_named_by_their_key() {
    let sb = start(test_config()).await;
    let rows = [
        ("geo_locations", "cities", json!({"name": "Paris"})),
        ("geo_locations", "zips", json!({"name": "94304"})),
        ("excluded_geo_locations", "regions", json!({"key": " "})),
        ("geo_locations", "places", json!({"radius": 1})),
    ];
    for (side, kind, loc) in rows {
        let row = format!("{side}.{kind} {loc}");
        let mut t = us(json!({}));
        t[side][kind] = json!([loc]);
        let msg = refused(
            &answer(&sb, json!([]), t, false).await,
            None,
            &["targeting", side, kind],
            &row,
        );
        assert!(msg.contains("key"), "{row}: {msg}");
        let mut keyed = us(json!({}));
        let key = if kind == "zips" {
            "US:94304"
        } else {
            "2420605"
        };
        keyed[side][kind] = json!([{"key": key}]);
        taken(
            &answer(&sb, json!([]), keyed, false).await,
            &format!("{row} with a key"),
        );
    }
}

#[tokio::test]
async fn a_region_or_city_key_is_digits_not_a_name() {
    let sb = start(test_config()).await;
    for (side, kind, key) in [
        ("geo_locations", "cities", "Paris"),
        ("geo_locations", "regions", "CA"),
        ("excluded_geo_locations", "cities", "US:94304"),
    ] {
        let row = format!("{side}.{kind} key {key}");
        let mut t = us(json!({}));
        t[side][kind] = json!([{"key": key}]);
        let msg = refused(
            &answer(&sb, json!([]), t, false).await,
            None,
            &["targeting", side, kind],
            &row,
        );
        assert!(msg.contains(key) && msg.contains("digits"), "{row}: {msg}");
    }
}

#[tokio::test]
async fn genders_are_1_for_men_and_2_for_women() {
    let sb = start(test_config()).await;
    for bad in [json!([3]), json!([0]), json!([1, 2, 9])] {
        let row = format!("genders {bad}");
        let msg = refused(
            &answer(&sb, json!([]), us(json!({"genders": bad})), false).await,
            None,
            &["targeting", "genders"],
            &row,
        );
        assert!(msg.contains("1") && msg.contains("2"), "{row}: {msg}");
    }
    for good in [json!([1]), json!([2]), json!([1, 2])] {
        taken(
            &answer(&sb, json!([]), us(json!({"genders": good})), false).await,
            &format!("genders {good}"),
        );
    }
}

#[tokio::test]
async fn more_cities_than_an_ad_set_takes_are_refused_and_the_limit_itself_is_taken() {
    let sb = start(test_config()).await;
    let cities = |n: usize| -> Value {
        (0..n)
            .map(|i| json!({"key": (1_000_000 + i).to_string()}))
            .collect()
    };
    let r = answer(
        &sb,
        json!([]),
        us(json!({"geo_locations": {"cities": cities(251)}})),
        false,
    )
    .await;
    let msg = refused(
        &r,
        None,
        &["targeting", "geo_locations", "cities"],
        "251 cities",
    );
    assert!(msg.contains("250"), "{msg}");
    let r = answer(
        &sb,
        json!([]),
        us(json!({"geo_locations": {"cities": cities(250)}})),
        false,
    )
    .await;
    taken(&r, "250 cities");
}

#[tokio::test]
async fn special_ad_categories_fix_ages_and_genders_and_refuse_zips_and_small_radii() {
    let sb = start(test_config()).await;
    let rows = [
        (
            "age_min 25",
            json!({"age_min": 25}),
            vec!["targeting", "age_min"],
        ),
        (
            "age_max 40",
            json!({"age_max": 40}),
            vec!["targeting", "age_max"],
        ),
        (
            "women only",
            json!({"genders": [2]}),
            vec!["targeting", "genders"],
        ),
        (
            "a postcode",
            json!({"geo_locations": {"zips": [{"key": "US:94304"}]}}),
            vec!["targeting", "geo_locations", "zips"],
        ),
        (
            "12 miles around a city",
            json!({"geo_locations": {"cities": [city("2420605", json!(12), json!("mile"))]}}),
            vec!["targeting", "geo_locations", "cities"],
        ),
        (
            "20 km around a city",
            json!({"geo_locations": {"cities": [city("2420605", json!(20), json!("kilometer"))]}}),
            vec!["targeting", "geo_locations", "cities"],
        ),
    ];
    for category in [
        "HOUSING",
        "EMPLOYMENT",
        "CREDIT",
        "FINANCIAL_PRODUCTS_SERVICES",
    ] {
        for (row, t, blame) in &rows {
            let row = format!("{category}: {row}");
            let r = answer(&sb, json!([category]), us(t.clone()), false).await;
            let msg = refused(&r, None, blame, &row);
            assert!(msg.contains(category), "{row}: {msg}");
        }
    }
    // Without a restricted category every row is an ordinary audience.
    for (row, t, _) in &rows {
        for categories in [json!([]), json!(["ISSUES_ELECTIONS_POLITICS"])] {
            let r = answer(&sb, categories.clone(), us(t.clone()), false).await;
            taken(&r, &format!("{categories}: {row}"));
        }
    }
    let allowed = us(json!({
        "age_min": 18, "age_max": 65, "genders": [1, 2],
        "geo_locations": {"cities": [city("2420605", json!(15), json!("mile"))]},
    }));
    taken(
        &answer(&sb, json!(["HOUSING"]), allowed, false).await,
        "HOUSING within its limits",
    );
}

#[tokio::test]
async fn a_location_both_included_and_excluded_is_refused() {
    let sb = start(test_config()).await;
    let rows = [
        (
            "countries",
            json!({"countries": ["US"]}),
            json!({"countries": ["US"]}),
        ),
        (
            "regions",
            json!({"countries": ["US"], "regions": [{"key": "3847"}]}),
            json!({"regions": [{"key": "3847"}]}),
        ),
        (
            "cities",
            json!({"cities": [{"key": "2420605", "radius": 10, "distance_unit": "mile"}]}),
            json!({"cities": [{"key": "2420605"}]}),
        ),
        (
            "zips",
            json!({"countries": ["US"], "zips": [{"key": "US:94304"}]}),
            json!({"zips": [{"key": "US:94304"}]}),
        ),
    ];
    for (kind, inc, exc) in rows {
        let t = us(json!({"geo_locations": inc.clone(), "excluded_geo_locations": exc}));
        let r = answer(&sb, json!([]), t, false).await;
        let msg = refused(
            &r,
            None,
            &["targeting", "excluded_geo_locations", kind],
            kind,
        );
        assert!(msg.contains("included and excluded"), "{kind}: {msg}");
    }
    let apart = us(json!({
        "geo_locations": {"countries": ["US"], "regions": [{"key": "3847"}]},
        "excluded_geo_locations": {"regions": [{"key": "3848"}], "zips": [{"key": "US:94304"}]},
    }));
    taken(
        &answer(&sb, json!([]), apart, false).await,
        "different keys",
    );
}

#[tokio::test]
async fn an_audience_its_exclusions_leave_empty_is_refused() {
    let sb = start(test_config()).await;
    let a = json!({"id": "23850000000000001"});
    let b = json!({"id": "23850000000000002"});
    let hiking = json!({"id": "6003156125785", "name": "Hiking"});
    let skiing = json!({"id": "6003397425735", "name": "Skiing"});
    let refusals = [
        (
            "the only custom audience excluded",
            json!({"custom_audiences": [a], "excluded_custom_audiences": [a]}),
            vec!["targeting", "excluded_custom_audiences"],
        ),
        (
            "every interest of a group excluded",
            json!({"flexible_spec": [{"interests": [skiing]}, {"interests": [hiking]}],
                   "exclusions": {"interests": [hiking]}}),
            vec!["targeting", "exclusions"],
        ),
    ];
    for (row, t, blame) in refusals {
        let r = answer(&sb, json!([]), us(t), false).await;
        let msg = refused(&r, None, &blame, row);
        assert!(msg.contains("empty"), "{row}: {msg}");
    }
    let left = [
        (
            "one of two custom audiences excluded",
            json!({"custom_audiences": [a, b], "excluded_custom_audiences": [a]}),
        ),
        (
            "one interest of a group excluded",
            json!({"flexible_spec": [{"interests": [hiking, skiing]}],
                   "exclusions": {"interests": [hiking]}}),
        ),
        (
            "the same id under another category",
            json!({"flexible_spec": [{"interests": [hiking]}],
                   "exclusions": {"behaviors": [hiking]}}),
        ),
    ];
    for (row, t) in left {
        taken(&answer(&sb, json!([]), us(t), false).await, row);
    }
}

#[tokio::test]
async fn positions_belong_to_their_list_and_to_a_chosen_platform() {
    let sb = start(test_config()).await;
    let refusals = [
        (
            "reels under facebook",
            json!({"facebook_positions": ["reels"]}),
            "facebook_positions",
        ),
        (
            "no such position",
            json!({"instagram_positions": ["cinema"]}),
            "instagram_positions",
        ),
        (
            "instagram positions without instagram",
            json!({"publisher_platforms": ["facebook"], "instagram_positions": ["reels"]}),
            "instagram_positions",
        ),
        (
            "no such platform",
            json!({"publisher_platforms": ["myspace"]}),
            "publisher_platforms",
        ),
        (
            "no such device",
            json!({"device_platforms": ["tv"]}),
            "device_platforms",
        ),
    ];
    for (row, t, key) in refusals {
        let r = answer(&sb, json!([]), us(t), false).await;
        refused(&r, None, &["targeting", key], row);
    }
    let manual = us(json!({
        "publisher_platforms": ["facebook", "instagram"],
        "facebook_positions": ["feed", "story", "facebook_reels"],
        "instagram_positions": ["stream", "story", "reels"],
        "device_platforms": ["mobile", "desktop"],
    }));
    taken(
        &answer(&sb, json!([]), manual, false).await,
        "manual positions",
    );
    let positions_alone = us(json!({"instagram_positions": ["reels"]}));
    taken(
        &answer(&sb, json!([]), positions_alone, false).await,
        "positions with no platform list",
    );
}

#[tokio::test]
async fn a_dry_run_is_refused_as_the_create_is_and_creates_nothing() {
    let sb = start(test_config()).await;
    let overlap = us(json!({"excluded_geo_locations": {"countries": ["US"]}}));
    let r = answer(&sb, json!([]), overlap, true).await;
    refused(
        &r,
        None,
        &["targeting", "excluded_geo_locations", "countries"],
        "dry run",
    );
    let clean = answer(&sb, json!([]), us(json!({"genders": [1]})), true).await;
    assert_eq!(clean.status, 200, "{}", clean.body);
    assert_eq!(clean.body, json!({"success": true}));
    let list = sb.get(&format!("{ACT}/adsets"), &[]).await;
    assert!(data(&list).is_empty(), "{}", list.body);
}

/// The ad set's `targeting` as `GET /<id>?fields=targeting` answers it.
async fn read(sb: &Sb, id: &str) -> Value {
    sb.get(id, &[("fields", "targeting")]).await.body["targeting"].clone()
}

#[tokio::test]
async fn new_targeting_on_an_ad_set_is_checked_and_read_back_as_stored() {
    let sb = start(test_config()).await;
    let first = us(json!({"genders": [1]}));
    let id = answer(&sb, json!([]), first.clone(), false).await.id();
    assert_eq!(read(&sb, &id).await, first);
    let overlap = us(json!({"excluded_geo_locations": {"countries": ["US"]}}));
    let r = sb.post(&id, &[("targeting", overlap.to_string())]).await;
    refused(
        &r,
        None,
        &["targeting", "excluded_geo_locations", "countries"],
        "update",
    );
    assert_eq!(
        read(&sb, &id).await,
        first,
        "a refused update changes nothing"
    );
    let second = us(
        json!({"geo_locations": {"countries": ["US"], "regions": [{"key": "3847"}]},
                          "locales": [6, 24]}),
    );
    let r = sb.post(&id, &[("targeting", second.to_string())]).await;
    assert_eq!(r.body, json!({"success": true}), "{}", r.body);
    assert_eq!(
        read(&sb, &id).await,
        second,
        "the new targeting replaced the old whole"
    );
}

#[tokio::test]
async fn the_targeting_read_back_is_what_was_sent_in_graphs_shape() {
    let sb = start(test_config()).await;
    let sent = json!({
        "geo_locations": {
            "countries": ["US"],
            "regions": [{"key": "3847", "name": "California"}],
            "cities": [{"key": "2420605", "radius": 12, "distance_unit": "mile"}],
            "zips": [{"key": "US:94304"}],
            "location_types": ["home", "recent"],
        },
        "excluded_geo_locations": {"regions": [{"key": "3848"}]},
        "age_min": 21, "age_max": 54, "genders": [2], "locales": [6],
        "flexible_spec": [{"interests": [{"id": "6003156125785", "name": "Hiking"}]},
                          {"behaviors": [{"id": "6002714895372"}]}],
        "exclusions": {"interests": [{"id": "6003397425735"}]},
        "custom_audiences": [{"id": "23850000000000001"}],
        "publisher_platforms": ["facebook", "messenger"],
        "facebook_positions": ["feed"],
        "messenger_positions": ["messenger_home", "story"],
        "targeting_automation": {"advantage_audience": 0},
    });
    let id = answer(&sb, json!([]), sent.clone(), false).await.id();
    let got = sb.get(&id, &[("fields", "targeting")]).await.body["targeting"].clone();
    // Meta drops Messenger Stories without a word (rules::placements); all else is as sent.
    let mut want = sent;
    want["messenger_positions"] = json!(["messenger_home"]);
    assert_eq!(got, want);
}
