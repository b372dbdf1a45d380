//! Targeting rules (`src/spec/validate/targeting.rs`) and the audience rules of
//! `src/spec/validate/mod.rs`: each audience's ad set validated whole, findings placed at the
//! audience or the template, audience names.
//!
//! One table per rule: each row a spec (the base, edited) and what its findings must hold.

use crate::common;
use common::rules::*;
use common::*;

use rstest::rstest;
use serde_json::{Value, json};

const T: &str = "ad_set.targeting";

fn tp(rest: &str) -> String {
    format!("{T}.{rest}")
}

/// The base spec with `ad_set.targeting.<key>` set.
fn with_targeting(key: &str, value: impl Into<Value>) -> Value {
    base_json().with(&tp(key), value)
}

/// The base spec in a special ad category (housing).
fn housing() -> Value {
    base_json().with("campaign.special_ad_categories", json!(["HOUSING"]))
}

/// The base spec with `ad_set.targeting.targeting_automation.advantage_audience` on.
fn advantage_on() -> Value {
    with_targeting("targeting_automation.advantage_audience", 1)
}

const COUNTRIES: &str = "ad_set.targeting.geo_locations.countries";

fn countries(list: Value) -> Value {
    base_json().with(COUNTRIES, list)
}

// ---------------------------------------------------------------------------------------------
// Countries

#[rstest]
#[case::absent(base_json().without(COUNTRIES),
    error("targeting.countries_missing", COUNTRIES).hints("ISO"))]
#[case::geo_locations_absent(base_json().without(&tp("geo_locations")),
    error("targeting.countries_missing", COUNTRIES))]
#[case::empty_list(countries(json!([])),
    error("targeting.countries_missing", COUNTRIES).says("pick a country, or find a region, city, postcode or place"))]
#[case::several_known(countries(json!(["US", "CA", "GB", "XK"])), clean())]
#[case::uk_suggests_gb(countries(json!(["US", "UK"])),
    error("spec.country_unknown", format!("{COUNTRIES}[1]"))
        .says("\"UK\"").hint_is(Some("Did you mean \"GB\" (United Kingdom)?")))]
#[case::lower_case_suggests_upper_case(countries(json!(["de"])),
    error("spec.country_unknown", format!("{COUNTRIES}[0]"))
        .hint_is(Some("Did you mean \"DE\" (Germany)?")))]
#[case::name_instead_of_code_suggests_the_code(countries(json!(["Japan"])),
    error("spec.country_unknown", format!("{COUNTRIES}[0]"))
        .hint_is(Some("Did you mean \"JP\" (Japan)?")))]
#[case::unknown_without_a_likely_meaning_has_no_hint(countries(json!(["ZZ"])),
    error("spec.country_unknown", format!("{COUNTRIES}[0]")).hint_is(None))]
#[case::listed_twice_warned_at_the_second(countries(json!(["US", "CA", "US"])),
    warning("targeting.country_duplicate", format!("{COUNTRIES}[2]"))
        .message_is("Country US is listed twice.").none(&["spec.country_unknown"]))]
#[case::distinct(countries(json!(["US", "CA"])), absent(&["targeting.country_duplicate"]))]
fn countries_rules(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------------------------------------
// Locations: any kind is enough, keys, radius, limits, location types

const GEO: &str = "ad_set.targeting.geo_locations";

fn geo(rest: &str) -> String {
    format!("{GEO}.{rest}")
}

/// The base spec with `geo_locations` replaced whole.
fn locations(value: Value) -> Value {
    base_json().with(GEO, value)
}

/// A city by key with a radius.
fn city(radius: i64, unit: &str) -> Value {
    json!({ "key": "2420605", "name": "Palo Alto", "radius": radius, "distance_unit": unit })
}

#[rstest]
#[case::a_region_alone(locations(json!({ "regions": [{ "key": "3847", "name": "California" }] })),
    clean())]
#[case::a_city_alone(locations(json!({ "cities": [city(20, "mile")] })), clean())]
#[case::a_postcode_alone(locations(json!({ "zips": [{ "key": "US:94304" }] })), clean())]
#[case::a_place_alone(locations(json!({ "places": [{ "key": "1234567890", "radius": 2,
                                                      "distance_unit": "kilometer" }] })),
    clean())]
#[case::custom_locations_alone(
    locations(json!({ "custom_locations": [{ "latitude": 37.4, "longitude": -122.1,
                                             "radius": 5, "distance_unit": "mile" }] })),
    absent(&["targeting.countries_missing"]))]
#[case::nothing_at_all(locations(json!({ "location_types": ["home"] })),
    error("targeting.countries_missing", geo("countries"))
        .starts("Locations are missing").says("region, city, postcode or place")
        .hints("1885364"))]
#[case::empty_lists_everywhere(locations(json!({ "countries": [], "cities": [] })),
    error("targeting.countries_missing", geo("countries")).says("region, city"))]
#[case::city_by_name_only(locations(json!({ "countries": ["FR"], "cities": [{ "name": "Paris" }] })),
    error("targeting.location_key_missing", geo("cities[0].key"))
        .message_is("City \"Paris\" has no key: Meta takes locations by key, not by name; find it by name in the wizard.")
        .hints("type=adgeolocation"))]
#[case::region_with_a_blank_key(locations(json!({ "regions": [{ "key": " " }] })),
    error("targeting.location_key_missing", geo("regions[0].key")).starts("Region 1 has no key"))]
#[case::city_with_its_name_as_key(locations(json!({ "cities": [{ "key": "Paris", "radius": 20, "distance_unit": "kilometer" }] })),
    error("targeting.location_key_malformed", geo("cities[0].key"))
        .message_is("City \"Paris\" has the key \"Paris\", which is not a location key: Meta's region and city keys are digits; find it by name in the wizard."))]
#[case::region_with_a_code_as_key(locations(json!({ "regions": [{ "key": "CA", "name": "California" }] })),
    error("targeting.location_key_malformed", geo("regions[0].key")).starts("Region \"California\" has the key \"CA\""))]
#[case::excluded_city_with_a_hostile_key(base_json().with(&tp("excluded_geo_locations"),
        json!({ "cities": [{ "key": "\u{1b}[31m2420605" }] })),
    error("targeting.location_key_malformed", tp("excluded_geo_locations.cities[0].key")).starts("Excluded city"))]
#[case::city_and_region_keys_of_digits(locations(json!({ "regions": [{ "key": " 3847 " }],
        "cities": [{ "key": "2420605", "radius": 20, "distance_unit": "kilometer" }] })),
    absent(&["targeting.location_key_malformed"]))]
#[case::zip_without_its_country(locations(json!({ "zips": [{ "key": "94304" }] })),
    error("targeting.zip_key_malformed", geo("zips[0].key")).says("\"US:94304\""))]
#[case::zip_with_an_unknown_country(locations(json!({ "zips": [{ "key": "XX:94304" }] })),
    error("targeting.zip_key_malformed", geo("zips[0].key")))]
#[case::zip_of_another_shape(locations(json!({ "zips": [{ "key": "GB:SW1A 1AA" }] })), clean())]
#[case::city_radius_10_to_50_miles(
    locations(json!({ "cities": [city(10, "mile"), city(50, "mile").with("key", "2421")] })),
    clean())]
#[case::city_radius_17_to_80_km(
    locations(json!({ "cities": [city(17, "kilometer"), city(80, "kilometer").with("key", "2421")] })),
    clean())]
#[case::city_radius_below_10_miles(locations(json!({ "cities": [city(9, "mile")] })),
    error("targeting.radius_out_of_range", geo("cities[0].radius"))
        .message_is("City \"Palo Alto\" has a radius of 9 miles; Meta takes 10 to 50 miles around a city."))]
#[case::city_radius_above_80_km(locations(json!({ "cities": [city(81, "kilometer")] })),
    error("targeting.radius_out_of_range", geo("cities[0].radius")).says("17 to 80 km"))]
#[case::city_radius_16_km(locations(json!({ "cities": [city(16, "kilometer")] })),
    error("targeting.radius_out_of_range", geo("cities[0].radius")))]
#[case::place_radius_1_km(locations(json!({ "places": [{ "key": "99", "radius": 1,
                                                         "distance_unit": "kilometer" }] })),
    clean())]
#[case::place_radius_above_50_miles(locations(json!({ "places": [{ "key": "99", "radius": 51,
                                                                    "distance_unit": "mile" }] })),
    error("targeting.radius_out_of_range", geo("places[0].radius")).says("around a place"))]
#[case::radius_on_a_region(
    locations(json!({ "regions": [{ "key": "3847", "name": "California", "radius": 20,
                                    "distance_unit": "mile" }] })),
    error("targeting.radius_not_allowed", geo("regions[0].radius"))
        .starts("Region \"California\" cannot take a radius"))]
#[case::radius_on_a_postcode(
    locations(json!({ "zips": [{ "key": "US:94304", "radius": 20, "distance_unit": "mile" }] })),
    error("targeting.radius_not_allowed", geo("zips[0].radius")))]
#[case::unknown_distance_unit(locations(json!({ "cities": [city(20, "km")] })),
    error("targeting.distance_unit_unknown", geo("cities[0].distance_unit"))
        .says("\"km\"").says("mile or kilometer").none(&["targeting.radius_out_of_range"]))]
#[case::radius_without_a_unit(
    locations(json!({ "cities": [{ "key": "2420605", "name": "Palo Alto", "radius": 20 }] })),
    error("targeting.radius_unit_missing", geo("cities[0].distance_unit")).says("no unit"))]
#[case::city_without_a_radius(locations(json!({ "cities": [{ "key": "2420605" }] })), clean())]
#[case::cities_at_most_250(
    locations(json!({ "cities": (0..250).map(|i| json!({ "key": format!("{}", 1000 + i) }))
                                        .collect::<Value>() })),
    clean())]
#[case::cities_251(
    locations(json!({ "cities": (0..251).map(|i| json!({ "key": format!("{}", 1000 + i) }))
                                        .collect::<Value>() })),
    error("targeting.location_too_many", geo("cities"))
        .message_is("Locations include 251 cities; Meta takes at most 250."))]
#[case::regions_201(
    locations(json!({ "regions": (0..201).map(|i| json!({ "key": format!("{}", 1000 + i) }))
                                         .collect::<Value>() })),
    error("targeting.location_too_many", geo("regions")).says("at most 200"))]
#[case::the_same_city_twice(
    locations(json!({ "cities": [city(20, "mile"), { "key": "999" }, city(30, "mile")] })),
    warning("targeting.location_duplicate", geo("cities[2]"))
        .message_is("City \"Palo Alto\" is listed twice (city 1)."))]
#[case::distinct_cities(locations(json!({ "cities": [city(20, "mile"), { "key": "999" }] })),
    absent(&["targeting.location_duplicate"]))]
#[case::location_types_home_and_recent(with_targeting("geo_locations.location_types",
    json!(["home", "recent"])), clean())]
#[case::location_type_travel_in_retired(with_targeting("geo_locations.location_types",
    json!(["home", "travel_in"])),
    error("targeting.location_type_retired", geo("location_types[1]")).says("retired").says("2023"))]
#[case::location_type_unknown(with_targeting("geo_locations.location_types", json!(["work"])),
    error("targeting.location_type_unknown", geo("location_types[0]")).says("\"work\""))]
#[case::location_type_twice(with_targeting("geo_locations.location_types",
    json!(["recent", "recent"])),
    warning("targeting.location_type_duplicate", geo("location_types[1]")))]
fn locations_rules(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------------------------------------
// Excluded locations

const EX: &str = "ad_set.targeting.excluded_geo_locations";

fn ex(rest: &str) -> String {
    format!("{EX}.{rest}")
}

#[rstest]
#[case::a_city_excluded_from_a_country(
    base_json().with(EX, json!({ "cities": [{ "key": "2420605", "name": "Palo Alto" }] })),
    clean())]
#[case::the_only_country_excluded(base_json().with(EX, json!({ "countries": ["US"] })),
    error("targeting.location_included_and_excluded", ex("countries[0]"))
        .message_is("Excluded country \"United States\" is also included (country 1, \"United States\"): nobody there can be reached."))]
#[case::the_only_country_excluded_leaves_nobody(base_json().with(EX, json!({ "countries": ["US"] })),
    error("targeting.excluded_everywhere", EX).says("audience is empty"))]
#[case::one_of_two_countries_excluded(
    countries(json!(["US", "CA"])).with(EX, json!({ "countries": ["CA"] })),
    error("targeting.location_included_and_excluded", ex("countries[0]"))
        .none(&["targeting.excluded_everywhere"]))]
#[case::the_same_city_both_ways(
    locations(json!({ "countries": ["US"], "cities": [city(20, "mile")] }))
        .with(EX, json!({ "cities": [{ "key": "2420605", "name": "Palo Alto" }] })),
    error("targeting.location_included_and_excluded", ex("cities[0]"))
        .starts("Excluded city \"Palo Alto\" is also included (city 1, \"Palo Alto\")")
        .none(&["targeting.excluded_everywhere"]))]
#[case::every_location_excluded(
    locations(json!({ "regions": [{ "key": "3847" }], "zips": [{ "key": "US:94304" }] }))
        .with(EX, json!({ "regions": [{ "key": "3847" }], "zips": [{ "key": "US:94304" }] })),
    error("targeting.excluded_everywhere", EX))]
#[case::excluded_keys_checked_too(base_json().with(EX, json!({ "cities": [{ "name": "Paris" }] })),
    error("targeting.location_key_missing", ex("cities[0].key")).starts("Excluded city \"Paris\""))]
#[case::excluded_country_unknown(base_json().with(EX, json!({ "countries": ["UK"] })),
    error("spec.country_unknown", ex("countries[0]")).starts("Excluded country \"UK\""))]
fn excluded_locations(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------------------------------------
// Ages and genders

#[rstest]
#[case::age_min_below_13(with_targeting("age_min", 12),
    error("targeting.age_out_of_range", tp("age_min")).says("Age from is 12"))]
#[case::age_max_above_65(with_targeting("age_max", 66),
    error("targeting.age_out_of_range", tp("age_max")).says("Age to is 66"))]
#[case::ages_13_and_65(with_targeting("age_min", 13).with(&tp("age_max"), 65), clean())]
#[case::age_max_below_age_min(with_targeting("age_min", 40).with(&tp("age_max"), 30),
    error("targeting.age_range_inverted", tp("age_max"))
        .message_is("Age to (30) is below age from (40)."))]
#[case::age_min_equal_to_age_max(with_targeting("age_min", 30).with(&tp("age_max"), 30), clean())]
#[case::out_of_range_is_not_also_inverted(with_targeting("age_min", 70),
    error("targeting.age_out_of_range", tp("age_min")).none(&["targeting.age_range_inverted"]))]
#[case::gender_3(with_targeting("genders", json!([1, 3])),
    error("targeting.gender_unknown", tp("genders[1]")).starts("Gender 3"))]
#[case::gender_1(with_targeting("genders", json!([1])), clean())]
#[case::gender_2(with_targeting("genders", json!([2])), clean())]
#[case::genders_1_and_2_are_everyone(with_targeting("genders", json!([1, 2])),
    warning("targeting.genders_everyone", tp("genders")).hints("Remove genders"))]
#[case::locales(with_targeting("locales", json!([6, 24])), clean())]
#[case::locale_twice(with_targeting("locales", json!([6, 24, 6])),
    warning("targeting.locale_duplicate", tp("locales[2]"))
        .message_is("Language 3 repeats language 1 (locale 6)."))]
#[case::locales_90(with_targeting("locales", (1..=90).collect::<Value>()), clean())]
#[case::locales_91(with_targeting("locales", (1..=91).collect::<Value>()),
    error("targeting.locale_too_many", tp("locales")).says("at most 90"))]
fn ages_and_genders(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------------------------------------
// Special ad categories

#[rstest]
#[case::base_targeting_allowed(
    housing(),
    absent(&[
        "targeting.special_category_age",
        "targeting.special_category_gender",
        "targeting.special_category_zip",
    ])
)]
#[case::narrowed_age_min(housing().with(&tp("age_min"), 21),
    error("targeting.special_category_age", tp("age_min")).starts("Age from must be 18"))]
#[case::narrowed_age_max(housing().with(&tp("age_max"), 50),
    error("targeting.special_category_age", tp("age_max")).starts("Age to must be 65"))]
#[case::narrowed_ages_without_a_category(base_json()
        .with("campaign.special_ad_categories", json!(["NONE"])).with(&tp("age_min"), 21)
        .with(&tp("age_max"), 50), clean())]
#[case::genders(housing().with(&tp("genders"), json!([2])),
    error("targeting.special_category_gender", tp("genders")).hint_is(Some("Remove genders.")))]
#[case::empty_gender_list(housing().with(&tp("genders"), json!([])),
    absent(&["targeting.special_category_gender"]))]
#[case::postcodes(housing().with(&tp("geo_locations.zips"), json!([{ "key": "US:10001" }])),
    error("targeting.special_category_zip", tp("geo_locations.zips")).says("postcode"))]
#[case::postcodes_without_a_category(
    with_targeting("geo_locations.zips", json!([{ "key": "US:10001" }])), clean())]
#[case::city_radius_under_15_miles(
    housing().with(&tp("geo_locations.cities"), json!([city(12, "mile")])),
    error("targeting.special_category_radius", tp("geo_locations.cities[0].radius"))
        .says("at least 15 miles (25 km)").hints("15 miles"))]
#[case::city_radius_15_miles(
    housing().with(&tp("geo_locations.cities"), json!([city(15, "mile")])),
    absent(&["targeting.special_category_radius"]))]
#[case::city_radius_20_km(
    housing().with(&tp("geo_locations.cities"), json!([city(20, "kilometer")])),
    error("targeting.special_category_radius", tp("geo_locations.cities[0].radius")).hints("25 km"))]
#[case::city_radius_12_miles_without_a_category(
    with_targeting("geo_locations.cities", json!([city(12, "mile")])), clean())]
#[case::detailed_exclusions(
    housing().with(&tp("exclusions"), json!({ "interests": [{ "id": "6003", "name": "Golf" }] })),
    error("targeting.special_category_exclusion", tp("exclusions"))
        .starts("Excluded detailed targeting cannot be used"))]
#[case::detailed_exclusions_without_a_category(
    with_targeting("exclusions", json!({ "interests": [{ "id": "6003", "name": "Golf" }] })),
    clean())]
#[case::excluded_locations(
    housing().with(&tp("excluded_geo_locations"), json!({ "cities": [{ "key": "2420605" }] })),
    error("targeting.special_category_exclusion", tp("excluded_geo_locations"))
        .starts("Excluded locations cannot be used"))]
#[case::excluded_custom_audiences(
    housing().with(&tp("excluded_custom_audiences"), json!([{ "id": "2384" }])),
    error("targeting.special_category_exclusion", tp("excluded_custom_audiences")))]
#[case::advantage_audience_on(housing().with(AA, 1),
    error("targeting.automation_special_category", AA).starts("Advantage+ audience cannot be on"))]
#[case::advantage_detailed_targeting_on(
    housing().with(&tp("targeting_optimization"), "expansion_all")
        .with(&tp("flexible_spec"), json!([{ "interests": [{ "id": "6003" }] }])),
    error("targeting.automation_special_category", tp("targeting_optimization")))]
#[case::advantage_detailed_targeting_off(housing().with(&tp("targeting_optimization"), "none"),
    absent(&["targeting.automation_special_category"]))]
fn special_ad_categories(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------------------------------------
// Detailed targeting and custom audiences

const FLEX: &str = "ad_set.targeting.flexible_spec";

fn interest(id: &str, name: &str) -> Value {
    json!({ "id": id, "name": name })
}

/// The base spec with these `flexible_spec` groups.
fn groups(value: Value) -> Value {
    with_targeting("flexible_spec", value)
}

#[rstest]
#[case::two_groups(groups(json!([
        { "interests": [interest("6003139266461", "Hiking")] },
        { "behaviors": [interest("6002714895372", "Frequent travellers")],
          "life_events": [interest("6003054185372", "Recently moved")] }
    ])), clean())]
#[case::empty_group(groups(json!([{ "interests": [interest("6003", "Hiking")] }, {}])),
    error("targeting.detailed_group_empty", format!("{FLEX}[1]"))
        .starts("Detailed targeting group 2 is empty").hints("Remove the empty group"))]
#[case::group_of_empty_lists(groups(json!([{ "interests": [], "behaviors": [] }])),
    error("targeting.detailed_group_empty", format!("{FLEX}[0]")))]
#[case::group_of_an_unmodelled_category(groups(json!([{ "education_majors": [interest("1", "Law")] }])),
    absent(&["targeting.detailed_group_empty"]))]
#[case::id_not_digits(groups(json!([{ "interests": [interest("hiking", "Hiking")] }])),
    error("targeting.detailed_id_malformed", format!("{FLEX}[0].interests[0].id"))
        .message_is("Interest \"Hiking\" has the id \"hiking\", which is not a Graph id: Graph ids are digits."))]
#[case::name_without_an_id(groups(json!([{ "behaviors": [{ "name": "Frequent travellers" }] }])),
    error("targeting.detailed_id_malformed", format!("{FLEX}[0].behaviors[0].id"))
        .starts("Behaviour \"Frequent travellers\" has no id").says("find it by name in the wizard"))]
#[case::excluded_id_checked(with_targeting("exclusions", json!({ "interests": [{ "id": "x1" }] })),
    error("targeting.detailed_id_malformed", tp("exclusions.interests[0].id"))
        .starts("Excluded interest 1 has the id"))]
#[case::item_both_in_a_group_and_excluded(
    groups(json!([{ "interests": [interest("6003", "Hiking")] },
                  { "interests": [interest("7001", "Camping")] }]))
        .with(&tp("exclusions"), json!({ "interests": [interest("7001", "Camping")] })),
    error("targeting.detailed_included_and_excluded", tp("exclusions.interests[0]"))
        .message_is("Excluded interest \"Camping\" is also in detailed targeting group 2: whoever matches it is both wanted and excluded."))]
#[case::other_items_excluded(
    groups(json!([{ "interests": [interest("6003", "Hiking")] }]))
        .with(&tp("exclusions"), json!({ "interests": [interest("7001", "Camping")] })),
    clean())]
#[case::employers_at_most_200(
    groups(json!([{ "work_employers": (0..200).map(|i| interest(&format!("{}", 100 + i), "E"))
                                              .collect::<Value>() }])),
    absent(&["targeting.detailed_too_many"]))]
#[case::employers_201(
    groups(json!([{ "work_employers": (0..201).map(|i| interest(&format!("{}", 100 + i), "E"))
                                              .collect::<Value>() }])),
    error("targeting.detailed_too_many", format!("{FLEX}[0].work_employers"))
        .message_is("Employer list has 201 entries; Meta takes at most 200."))]
#[case::interests_100(
    groups(json!([{ "interests": (0..100).map(|i| interest(&format!("{}", 100 + i), "I"))
                                         .collect::<Value>() }])),
    absent(&["targeting.interests_over_recommended"]))]
#[case::interests_101_across_groups(
    groups(json!([
        { "interests": (0..60).map(|i| interest(&format!("{}", 100 + i), "I")).collect::<Value>() },
        { "interests": (0..41).map(|i| interest(&format!("{}", 900 + i), "I")).collect::<Value>() }
    ])),
    warning("targeting.interests_over_recommended", FLEX).says("101 interests"))]
#[case::custom_audiences(with_targeting("custom_audiences", json!([{ "id": "2384", "name": "Buyers" }]))
        .with(&tp("excluded_custom_audiences"), json!([{ "id": "2385", "name": "Refunds" }])),
    clean())]
#[case::custom_audience_id_not_digits(
    with_targeting("custom_audiences", json!([{ "id": "buyers", "name": "Buyers" }])),
    error("targeting.custom_audience_id_malformed", tp("custom_audiences[0].id"))
        .starts("Custom audience \"Buyers\" has the id \"buyers\""))]
#[case::excluded_custom_audience_without_an_id(
    with_targeting("excluded_custom_audiences", json!([{ "name": "Refunds" }])),
    error("targeting.custom_audience_id_malformed", tp("excluded_custom_audiences[0].id"))
        .starts("Excluded custom audience \"Refunds\" has no id"))]
#[case::custom_audience_both_ways(
    with_targeting("custom_audiences", json!([{ "id": "2384", "name": "Buyers" }]))
        .with(&tp("excluded_custom_audiences"), json!([{ "id": "2385" }, { "id": "2384" }])),
    error("targeting.custom_audience_included_and_excluded", tp("excluded_custom_audiences[1]"))
        .starts("Excluded custom audience \"2384\" is also included (custom audience 1)"))]
#[case::advantage_detailed_targeting_on(
    groups(json!([{ "interests": [interest("6003", "Hiking")] }]))
        .with(&tp("targeting_optimization"), "expansion_all"),
    clean())]
#[case::advantage_detailed_targeting_off(with_targeting("targeting_optimization", "none"), clean())]
#[case::advantage_detailed_targeting_unknown(with_targeting("targeting_optimization", "on"),
    error("targeting.detailed_expansion_invalid", tp("targeting_optimization"))
        .says("\"expansion_all\" (on)"))]
#[case::advantage_detailed_targeting_with_nothing_to_expand(
    with_targeting("targeting_optimization", "expansion_all"),
    warning("targeting.detailed_expansion_unused", tp("targeting_optimization"))
)]
fn detailed_targeting(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------------------------------------
// Advantage+ audience

const AA: &str = "ad_set.targeting.targeting_automation.advantage_audience";
const AUTOMATION: &str = "ad_set.targeting.targeting_automation";

#[rstest]
#[case::narrowed_ages_without_the_flag(with_targeting("age_max", 34).without(AUTOMATION),
    error("targeting.advantage_audience_missing", AA).says("v23.0"))]
#[case::genders_without_the_flag(with_targeting("genders", json!([1])).without(AUTOMATION),
    error("targeting.advantage_audience_missing", AA))]
#[case::detailed_targeting_without_the_flag(
    with_targeting("interests", json!([{ "id": "6003139266461", "name": "Hiking" }]))
        .without(AUTOMATION),
    error("targeting.advantage_audience_missing", AA))]
#[case::flexible_spec_without_the_flag(
    groups(json!([{ "interests": [interest("6003", "Hiking")] }])).without(AUTOMATION),
    error("targeting.advantage_audience_missing", AA))]
#[case::custom_audience_without_the_flag(
    with_targeting("custom_audiences", json!([{ "id": "2384" }])).without(AUTOMATION),
    error("targeting.advantage_audience_missing", AA))]
#[case::locations_and_languages_without_the_flag(
    locations(json!({ "cities": [city(20, "mile")], "zips": [{ "key": "US:94304" }] }))
        .with(&tp("locales"), json!([6])).without(AUTOMATION),
    clean())]
#[case::empty_detailed_lists_without_the_flag(
    with_targeting("custom_audiences", json!([])).without(AUTOMATION),
    clean())]
#[case::default_targeting_without_the_flag(base_json().without(AUTOMATION), clean())]
#[case::default_targeting_without_the_flag_or_ages(
    base_json().without(AUTOMATION).without(&tp("age_min")).without(&tp("age_max")), clean())]
#[case::flag_2(base_json().with(AA, 2),
    error("targeting.advantage_audience_invalid", AA).says("Advantage+ audience is 2"))]
#[case::flag_0(base_json().with(AA, 0), clean())]
#[case::flag_1(base_json().with(AA, 1), clean())]
#[case::on_age_min_30(advantage_on().with(&tp("age_min"), 30),
    error("targeting.advantage_audience_age", tp("age_min")).says("between 18 and 25"))]
#[case::on_age_min_16(advantage_on().with(&tp("age_min"), 16),
    error("targeting.advantage_audience_age", tp("age_min")))]
#[case::on_age_max_50(advantage_on().with(&tp("age_max"), 50),
    error("targeting.advantage_audience_age", tp("age_max")).says("fixed at 65"))]
#[case::on_ages_25_to_65(advantage_on().with(&tp("age_min"), 25).with(&tp("age_max"), 65), clean())]
#[case::off_any_age_range(with_targeting("age_min", 30).with(&tp("age_max"), 50), clean())]
fn advantage_audience(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------------------------------------
// Placements

/// The base spec placed on Facebook only.
fn fb_only() -> Value {
    with_targeting("publisher_platforms", json!(["facebook"]))
}

#[rstest]
#[case::unknown_platform_lists_the_platforms(
    with_targeting("publisher_platforms", json!(["facebook", "myspace"])),
    error("targeting.platform_unknown", tp("publisher_platforms[1]"))
        .says("\"myspace\"").hints("audience_network"))]
#[case::every_documented_platform(
    with_targeting(
        "publisher_platforms",
        json!(["facebook", "instagram", "messenger", "audience_network", "threads"])
    ),
    clean()
)]
#[case::sponsored_messages(
    with_targeting("messenger_positions", json!(["messenger_home", "sponsored_messages"])),
    error("targeting.sponsored_messages", tp("messenger_positions[1]")).says("Messenger sponsored messages"))]
#[case::other_messenger_positions(with_targeting("messenger_positions", json!(["messenger_home"]))
        .with(&tp("publisher_platforms"), json!(["messenger"])),
    clean())]
#[case::facebook_video_feeds_removed(
    with_targeting("facebook_positions", json!(["feed", "video_feeds"])),
    error("targeting.placement_removed", tp("facebook_positions[1]"))
        .says("Facebook video feeds").says("removed").says("v24.0").hints("Remove \"video_feeds\""))]
#[case::instagram_explore_removed(
    with_targeting("instagram_positions", json!(["stream", "explore"])),
    error("targeting.placement_removed", tp("instagram_positions[1]"))
        .says("Explore feed").says("removed").says("v26.0").hints("explore_home"))]
#[case::messenger_story_removed(
    with_targeting("messenger_positions", json!(["messenger_home", "story"])),
    error("targeting.placement_removed", tp("messenger_positions[1]"))
        .says("Messenger stories").says("without a word").says("v26.0"))]
#[case::current_placements(
    with_targeting("facebook_positions", json!(["feed", "story", "facebook_reels"]))
        .with(&tp("instagram_positions"), json!(["stream", "story", "explore_home", "reels"]))
        .with(&tp("publisher_platforms"), json!(["facebook", "instagram"])),
    clean())]
#[case::unknown_position_names_the_list_and_the_known_ones(
    fb_only().with(&tp("facebook_positions"), json!(["feed", "wall"])),
    error("targeting.position_unknown", tp("facebook_positions[1]"))
        .message_is("Facebook position \"wall\" is not one Meta has for Facebook.")
        .hints("facebook_positions takes feed, profile_feed").hints("facebook_reels"))]
#[case::a_position_of_another_list_is_unknown(
    with_targeting("publisher_platforms", json!(["instagram"]))
        .with(&tp("instagram_positions"), json!(["reels", "facebook_reels"])),
    error("targeting.position_unknown", tp("instagram_positions[1]")).hints("reels"))]
#[case::position_whose_platform_is_not_chosen(
    fb_only().with(&tp("instagram_positions"), json!(["story"])),
    error("targeting.position_platform_missing", tp("instagram_positions[0]"))
        .starts("Placement Instagram Stories needs Instagram among the platforms"))]
#[case::positions_of_chosen_platforms(
    with_targeting("publisher_platforms", json!(["facebook", "instagram"]))
        .with(&tp("facebook_positions"), json!(["feed"]))
        .with(&tp("instagram_positions"), json!(["story"])),
    absent(&["targeting.position_platform_missing", "targeting.positions_without_platforms"]))]
#[case::positions_without_platforms(
    with_targeting("facebook_positions", json!(["feed"]))
        .with(&tp("instagram_positions"), json!(["reels"])),
    error("targeting.positions_without_platforms", tp("publisher_platforms"))
        .says("Facebook and Instagram")
        .hints("\"publisher_platforms\": [\"facebook\", \"instagram\"]"))]
#[case::empty_position_lists_need_no_platforms(
    with_targeting("facebook_positions", json!([])),
    absent(&["targeting.positions_without_platforms"]))]
#[case::video_only_position_without_video_warned(
    fb_only().with(&tp("facebook_positions"), json!(["feed", "instream_video"])),
    warning("targeting.position_video_only", tp("facebook_positions[1]"))
        .starts("Placement Facebook in-stream video shows video only"))]
#[case::video_only_position_with_a_video(
    fb_only().with(&tp("facebook_positions"), json!(["instream_video"]))
        .with("creative.asset_feed_spec.videos", json!([{ "video_id": "1234567" }])),
    absent(&["targeting.position_video_only"]))]
#[case::device_platforms_known(with_targeting("device_platforms", json!(["mobile", "desktop"])),
    clean())]
#[case::device_platform_unknown(with_targeting("device_platforms", json!(["mobile", "tablet"])),
    error("targeting.device_platform_unknown", tp("device_platforms[1]"))
        .says("\"tablet\"").says("mobile or desktop"))]
fn placements(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------------------------------------
// Audiences: each audience's ad set validated whole, findings placed where they belong

/// The base spec with these audiences.
fn with_audiences(audiences: Value) -> Value {
    base_json().with("audiences", audiences)
}

/// A valid audience targeting for `country`, ages 18 to `age_max`.
fn aud_targeting(country: &str, age_max: i64) -> Value {
    json!({
        "geo_locations": { "countries": [country] },
        "age_min": 18,
        "age_max": age_max,
        "targeting_automation": { "advantage_audience": 0 }
    })
}

/// The base spec whose one audience carries the whole ad set, and no template.
fn whole_ad_set_in_an_audience() -> Value {
    let v = base_json();
    let whole = v["ad_set"].clone().with("name", "Winter Sale US");
    v.without("ad_set").with("audiences", json!([whole]))
}

#[rstest]
#[case::valid(
    with_audiences(json!([
        { "name": "US 18-34", "targeting": aud_targeting("US", 34) },
        { "name": "CA 18-65", "targeting": aud_targeting("CA", 65), "lifetime_budget": 30000 }
    ])),
    clean()
)]
#[case::overridden_key_reported_at_the_audience_naming_it(
    with_audiences(json!([
        { "name": "Young", "targeting": aud_targeting("US", 34).with("age_min", 12) },
        { "name": "Old", "targeting": aud_targeting("CA", 65) }
    ])),
    error("targeting.age_out_of_range", "audiences[0].targeting.age_min")
        .starts("Audience \"Young\": Age from is 12")
        .none_under("audiences[1]")
)]
// The template sets advantage_audience; the audience's targeting does not, and narrows ages,
// so its ad set lacks the flag even though the template has it.
#[case::audience_targeting_replaces_the_templates_whole(
    with_audiences(json!([
        { "name": "US 18-34", "targeting": { "geo_locations": { "countries": ["US"] },
                                             "age_min": 18, "age_max": 34 } }
    ])),
    error(
        "targeting.advantage_audience_missing",
        "audiences[0].targeting.targeting_automation.advantage_audience"
    )
    .starts("Audience \"US 18-34\": ")
)]
// The template's narrowed targeting carries its own flag, so an audience that only changes the
// budget is clean.
#[case::audience_without_targeting_inherits_the_templates(
    with_audiences(json!([{ "name": "Big budget", "lifetime_budget": 90000 }]))
        .with(&tp("age_max"), 34), clean())]
#[case::checked_against_the_campaigns_special_category(
    with_audiences(json!([
        { "name": "All", "targeting": aud_targeting("US", 65) },
        { "name": "Young", "targeting": aud_targeting("US", 34) }
    ]))
    .with("campaign.special_ad_categories", json!(["EMPLOYMENT"])),
    error("targeting.special_category_age", "audiences[1].targeting.age_max")
        .starts("Audience \"Young\": ")
)]
// The template alone is fine; the audience's daily budget clashes with the template's lifetime
// budget. The finding sits on a template key but only this audience causes it.
#[case::template_key_finding_caused_by_an_audience_names_it(
    with_audiences(json!([
        { "name": "US", "targeting": aud_targeting("US", 65) },
        { "name": "CA daily", "targeting": aud_targeting("CA", 65), "daily_budget": 3000 }
    ])),
    error("ad_set.budget_both_kinds", "ad_set.lifetime_budget").starts("Audience \"CA daily\": ")
)]
#[case::name_missing(
    with_audiences(json!([
        { "name": "US", "targeting": aud_targeting("US", 65) },
        { "targeting": aud_targeting("CA", 65) }
    ])),
    error("audiences.name_missing", "audiences[1].name").hints("<ad set name> · <audience name>")
)]
#[case::name_blank(with_audiences(json!([{ "name": "  ", "targeting": aud_targeting("US", 65) }])),
    error("audiences.name_missing", "audiences[0].name"))]
#[case::name_used_twice_at_the_second(
    with_audiences(json!([
        { "name": "US", "targeting": aud_targeting("US", 65) },
        { "name": "CA", "targeting": aud_targeting("CA", 65) },
        { "name": " US ", "targeting": aud_targeting("US", 34) }
    ])),
    error("audiences.name_duplicate", "audiences[2].name")
        .message_is("Audience name \"US\" is already used by audience 1.")
        .none(&["audiences.name_missing"])
)]
#[case::distinct_names(
    with_audiences(json!([
        { "name": "US", "targeting": aud_targeting("US", 65) },
        { "name": "us", "targeting": aud_targeting("US", 34) }
    ])),
    absent(&["audiences.name_duplicate", "audiences.name_missing"])
)]
#[case::empty_list(with_audiences(json!([])),
    warning("audiences.empty", "audiences").says("audiences list is empty"))]
#[case::empty_list_template_still_checked(with_audiences(json!([])).with(&tp("age_min"), 12),
    error("targeting.age_out_of_range", tp("age_min")))]
#[case::absent_is_not_empty(base_json(), absent(&["audiences.empty"]))]
#[case::non_empty_is_not_empty(
    with_audiences(json!([{ "name": "US", "targeting": aud_targeting("US", 65) }])),
    absent(&["audiences.empty"]))]
#[case::no_ad_set_or_audiences(base_json().without("ad_set"),
    error("ad_set.missing", "ad_set").has_hint().none(&["targeting.countries_missing"]))]
#[case::audiences_carry_the_whole_ad_set(whole_ad_set_in_an_audience(), clean())]
fn audiences(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

#[test]
fn same_problem_in_two_audiences_is_reported_once_per_audience() {
    let uk = json!({ "geo_locations": { "countries": ["UK"] },
                     "targeting_automation": { "advantage_audience": 0 } });
    let v = with_audiences(json!([
        { "name": "A", "targeting": uk },
        { "name": "B", "targeting": uk }
    ]));
    let findings = check(&v);
    let hits = with_code(&findings, "spec.country_unknown");
    let paths: Vec<&str> = hits.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "audiences[0].targeting.geo_locations.countries[0]",
            "audiences[1].targeting.geo_locations.countries[0]"
        ]
    );
    assert!(
        hits[0].message.starts_with("Audience \"A\": "),
        "{:?}",
        hits[0]
    );
    assert!(
        hits[1].message.starts_with("Audience \"B\": "),
        "{:?}",
        hits[1]
    );
    assert_eq!(
        hits[1].hint.as_deref(),
        Some("Did you mean \"GB\" (United Kingdom)?")
    );
}

#[test]
fn finding_on_a_template_key_is_reported_once_at_the_ad_set() {
    let v = with_audiences(json!([
        { "name": "Small", "lifetime_budget": 20000 },
        { "name": "Large", "lifetime_budget": 80000 }
    ]))
    .with(COUNTRIES, json!(["UK"]))
    .with(&tp("genders"), json!([3]));
    let findings = check(&v);
    error("spec.country_unknown", format!("{COUNTRIES}[0]"))
        .says_not("Audience")
        .none_under("audiences")
        .assert(&findings);
    error("targeting.gender_unknown", tp("genders[0]")).assert(&findings);
}

#[test]
fn combined_name_too_long_is_reported_per_audience_with_its_name() {
    let v = with_audiences(json!([
        { "name": "Alpha", "targeting": aud_targeting("US", 65) },
        { "name": "Beta", "targeting": aud_targeting("CA", 65) }
    ]))
    .with("ad_set.name", "x".repeat(395));
    let findings = check(&v);
    let hits = with_code(&findings, "ad_set.name_too_long");
    assert_eq!(hits.len(), 2, "{findings:#?}");
    assert!(hits.iter().all(|f| f.path == "ad_set.name"), "{hits:#?}");
    assert!(
        hits[0].message.starts_with("Audience \"Alpha\": "),
        "{:?}",
        hits[0]
    );
    assert!(
        hits[1].message.starts_with("Audience \"Beta\": "),
        "{:?}",
        hits[1]
    );
}

// ---------------------------------------------------------------------------------------------
// LaunchSpec::effective_ad_sets

#[test]
fn effective_ad_sets_name_each_audience_set_after_template_and_audience() {
    let v = with_audiences(json!([
        { "name": "US 18-34", "targeting": aud_targeting("US", 34) },
        { "name": "CA 18-65", "targeting": aud_targeting("CA", 65), "lifetime_budget": 30000 }
    ]))
    .with(&tp("publisher_platforms"), json!(["facebook"]));
    let s = spec(&v);
    let sets = s.effective_ad_sets();
    assert_eq!(sets.len(), 2);
    assert_eq!(sets[0].0, Some(0));
    assert_eq!(sets[1].0, Some(1));
    assert_eq!(sets[0].1.name.as_deref(), Some("Winter Sale · US 18-34"));
    assert_eq!(sets[1].1.name.as_deref(), Some("Winter Sale · CA 18-65"));

    // Keys the audience sets replace the template's; the rest come from the template.
    assert_eq!(sets[0].1.lifetime_budget.as_ref().unwrap().minor, 50000);
    assert_eq!(sets[1].1.lifetime_budget.as_ref().unwrap().minor, 30000);
    for (_, set) in &sets {
        assert_eq!(
            set.optimization_goal.as_ref().unwrap().as_str(),
            "OFFSITE_CONVERSIONS"
        );
        assert_eq!(
            set.promoted_object,
            s.ad_set.as_ref().unwrap().promoted_object
        );
    }

    // Targeting is replaced whole, not merged key by key.
    let t0 = sets[0].1.targeting.as_ref().unwrap();
    assert_eq!(t0.age_max, Some(34));
    assert_eq!(t0.publisher_platforms, None);
    let countries = |i: usize| {
        let targeting = sets[i].1.targeting.as_ref().unwrap();
        targeting.geo_locations.as_ref().unwrap().countries.clone()
    };
    assert_eq!(countries(0), Some(vec!["US".to_string()]));
    assert_eq!(countries(1), Some(vec!["CA".to_string()]));
}

/// Without audiences, or with an empty list, the ad sets are the template alone.
#[rstest]
#[case::without_audiences(base_json())]
#[case::empty_audience_list(with_audiences(json!([])))]
fn effective_ad_sets_of_the_template_alone(#[case] v: Value) {
    let s = spec(&v);
    let sets = s.effective_ad_sets();
    assert_eq!(sets.len(), 1);
    assert_eq!(sets[0].0, None);
    assert_eq!(&sets[0].1, s.ad_set.as_ref().unwrap());
}

#[test]
fn effective_ad_sets_without_audiences_keep_the_templates_name() {
    let s = spec(&base_json());
    assert_eq!(
        s.effective_ad_sets()[0].1.name.as_deref(),
        Some("Winter Sale")
    );
}

#[test]
fn effective_ad_set_name_falls_back_to_whichever_name_exists() {
    let v = with_audiences(json!([{ "name": "US" }, { "lifetime_budget": 1000 }]));
    let s = spec(&v);
    let sets = s.effective_ad_sets();
    assert_eq!(sets[0].1.name.as_deref(), Some("Winter Sale · US"));
    assert_eq!(sets[1].1.name.as_deref(), Some("Winter Sale"));

    let s = spec(&v.without("ad_set.name"));
    let sets = s.effective_ad_sets();
    assert_eq!(sets[0].1.name.as_deref(), Some("US"));
    assert_eq!(sets[1].1.name, None);
}

#[test]
fn effective_ad_sets_carry_unmodelled_audience_keys() {
    let v = with_audiences(json!([
        { "name": "EU", "dsa_payor": "Shop Ltd", "targeting": aud_targeting("DE", 65) }
    ]))
    .with("ad_set.dsa_beneficiary", "Shop Ltd");
    let s = spec(&v);
    let set = &s.effective_ad_sets()[0].1;
    assert_eq!(set.extra.get("dsa_payor"), Some(&json!("Shop Ltd")));
    assert_eq!(set.extra.get("dsa_beneficiary"), Some(&json!("Shop Ltd")));
}

/// The whole targeting (regions, a city with a radius, postcodes, genders, languages,
/// interests in two groups, an exclusion, a custom audience, manual positions) is clean.
#[test]
fn a_targeting_using_every_part_validates_clean() {
    let targeting = json!({
        "geo_locations": {
            "regions": [{ "key": "3847", "name": "California" }],
            "cities": [{ "key": "2420605", "name": "Palo Alto", "radius": 15,
                         "distance_unit": "mile" }],
            "zips": [{ "key": "US:94304" }, { "key": "US:94301" }],
            "location_types": ["home", "recent"]
        },
        "excluded_geo_locations": { "zips": [{ "key": "US:94305" }] },
        "age_min": 25,
        "age_max": 54,
        "genders": [2],
        "locales": [6, 24],
        "flexible_spec": [
            { "interests": [{ "id": "6003139266461", "name": "Hiking" },
                            { "id": "6003384248805", "name": "Camping" }] },
            { "behaviors": [{ "id": "6002714895372", "name": "Frequent travellers" }] }
        ],
        "exclusions": { "interests": [{ "id": "6003020834693", "name": "Golf" }] },
        "custom_audiences": [{ "id": "23851234567890123", "name": "Past buyers" }],
        "excluded_custom_audiences": [{ "id": "23851234567890124", "name": "Refunds" }],
        "publisher_platforms": ["facebook", "instagram"],
        "facebook_positions": ["feed", "story"],
        "instagram_positions": ["stream", "story", "reels"],
        "device_platforms": ["mobile", "desktop"],
        "targeting_optimization": "none",
        "targeting_automation": { "advantage_audience": 0 }
    });
    clean().check(&base_json().with(T, targeting));
}
