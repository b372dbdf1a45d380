//! The targeting search's wire shape and parsers (`dcw::graph::{search_params, parse_search}`)
//! on answers in Meta's shapes, odd ones included: fields left out, empty data, no data, an
//! error envelope. No HTTP: the shapes are pure.

use dcw::graph::{CallError, SearchHits, SearchKind, parse_search, search_params};
use serde_json::{Value, json};

fn param<'a>(params: &'a [(&'static str, String)], key: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.as_str())
}

#[test]
fn each_search_kind_sends_graphs_type_and_its_own_parameters() {
    let p = search_params(&SearchKind::Locations(vec!["city", "zip"]), "manch");
    assert_eq!(param(&p, "type"), Some("adgeolocation"));
    assert_eq!(param(&p, "q"), Some("manch"));
    let types: Value = serde_json::from_str(param(&p, "location_types").unwrap()).unwrap();
    assert_eq!(
        types,
        json!(["city", "zip"]),
        "location_types is a JSON list"
    );

    let p = search_params(&SearchKind::Locales, "eng");
    assert_eq!(param(&p, "type"), Some("adlocale"));
    assert_eq!(param(&p, "q"), Some("eng"));

    let p = search_params(&SearchKind::Interests, "run");
    assert_eq!(param(&p, "type"), Some("adinterest"));

    let p = search_params(&SearchKind::Behaviors, "travel");
    assert_eq!(param(&p, "type"), Some("adTargetingCategory"));
    assert_eq!(param(&p, "class"), Some("behaviors"));
    let p = search_params(&SearchKind::Demographics, "parents");
    assert_eq!(param(&p, "class"), Some("demographics"));
    let whole: usize = param(&p, "limit").unwrap().parse().unwrap();
    assert!(
        whole >= 500,
        "a category search asks for the whole class in one page: {whole}"
    );

    let p = search_params(
        &SearchKind::InterestSuggestions(vec!["Running".into(), "Yoga".into()]),
        "",
    );
    assert_eq!(param(&p, "type"), Some("adinterestsuggestion"));
    let list: Value = serde_json::from_str(param(&p, "interest_list").unwrap()).unwrap();
    assert_eq!(list, json!(["Running", "Yoga"]));
    assert!(
        p.iter()
            .all(|(k, _)| *k == "type" || *k == "interest_list" || *k == "limit")
    );
    assert!(
        param(&p, "limit").is_some(),
        "every search asks for one page"
    );
}

#[test]
fn locations_read_metas_fields_and_leave_out_what_is_missing() {
    let answer = json!({"data": [
        {"key": "2643123", "name": "Manchester", "type": "city", "country_code": "GB",
         "country_name": "United Kingdom", "region": "England", "region_id": 3866,
         "supports_region": true, "supports_city": true},
        {"key": "US:10001", "name": "10001", "type": "zip", "country_code": "US",
         "primary_city": "New York", "primary_city_id": 2490299, "region": "New York",
         "region_id": 3875},
        {"key": "GB", "name": "United Kingdom", "type": "country", "supports_city": false,
         "supports_region": false},
        {"key": "3847"}
    ]});
    let SearchHits::Locations(hits) =
        parse_search(&SearchKind::Locations(vec!["city"]), "manch", answer).unwrap()
    else {
        panic!("locations read as locations");
    };
    assert_eq!(hits.len(), 4);
    assert_eq!(hits[0].region.as_deref(), Some("England"));
    assert_eq!(hits[0].region_id, Some(json!(3866)));
    assert_eq!(hits[1].primary_city.as_deref(), Some("New York"));
    assert_eq!(hits[1].kind, "zip");
    assert_eq!(hits[2].country_code, None);
    assert_eq!(hits[2].supports_region, Some(false));
    assert_eq!(hits[3].key, "3847", "a hit with its key alone still reads");
    assert_eq!(hits[3].name, "");
}

#[test]
fn locales_and_interests_read_their_keys_and_bounds() {
    let locales =
        json!({"data": [{"key": 6, "name": "English (US)"}, {"key": 24, "name": "English (UK)"}]});
    let SearchHits::Locales(l) = parse_search(&SearchKind::Locales, "eng", locales).unwrap() else {
        panic!("locales read as locales");
    };
    assert_eq!(l.iter().map(|h| h.key).collect::<Vec<_>>(), [6, 24]);

    let interests = json!({"data": [
        {"id": "6003384248805", "name": "Running", "audience_size_lower_bound": 210000000,
         "audience_size_upper_bound": 247000000, "path": ["Interests", "Fitness and wellness", "Running"],
         "description": null, "topic": "Fitness and wellness"},
        {"id": "6003107902433", "name": "Association football (Soccer)"}
    ]});
    let SearchHits::Interests(i) = parse_search(&SearchKind::Interests, "run", interests).unwrap()
    else {
        panic!("interests read as interests");
    };
    assert_eq!(i[0].audience_size_upper_bound, Some(247_000_000));
    assert_eq!(i[0].path.last().map(String::as_str), Some("Running"));
    assert_eq!(i[0].description, None, "a null description reads as none");
    assert_eq!(i[0].kind, None, "interests carry no flexible_spec type");
    assert!(i[1].path.is_empty() && i[1].audience_size_lower_bound.is_none());
}

#[test]
fn categories_come_whole_and_are_narrowed_by_the_query() {
    let answer = json!({"data": [
        {"id": "6002714895372", "name": "Frequent Travelers", "type": "behaviors",
         "path": ["Travel", "Frequent Travelers"], "description": "People who travel often."},
        {"id": "6071631541183", "name": "Engaged Shoppers", "type": "behaviors",
         "path": ["Purchase behavior", "Engaged Shoppers"]},
        {"id": "6015559470583", "name": "Parents (All)", "type": "family_statuses",
         "path": ["Parents", "Parents (All)"]}
    ]});
    let SearchHits::Interests(hits) =
        parse_search(&SearchKind::Behaviors, "TRAVEL", answer.clone()).unwrap()
    else {
        panic!("categories read as interests");
    };
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].kind.as_deref(), Some("behaviors"));
    let all = parse_search(&SearchKind::Demographics, "", answer).unwrap();
    assert_eq!(all.len(), 3, "an empty query keeps the whole class");
}

#[test]
fn empty_data_is_no_match_but_no_data_or_an_error_envelope_is_refused() {
    let none = parse_search(&SearchKind::Interests, "zzz", json!({"data": []})).unwrap();
    assert!(none.is_empty());
    for odd in [
        json!({}),
        json!([]),
        json!({"data": {"key": "US"}}),
        json!({"error": {"message": "(#100) The parameter q is required", "type": "OAuthException", "code": 100, "fbtrace_id": "x"}}),
    ] {
        let e = parse_search(&SearchKind::Interests, "run", odd.clone()).unwrap_err();
        assert!(
            matches!(e, CallError::Unexpected { .. }),
            "{odd} is not read as no match: {e:?}"
        );
    }
}

#[test]
fn a_hit_of_the_wrong_shape_is_an_unexpected_answer_not_a_panic() {
    let answer = json!({"data": [{"name": "no key"}]});
    let e = parse_search(&SearchKind::Locations(vec![]), "x", answer).unwrap_err();
    assert!(matches!(e, CallError::Unexpected { .. }), "{e:?}");
    let answer = json!({"data": [{"key": "six", "name": "English"}]});
    assert!(parse_search(&SearchKind::Locales, "x", answer).is_err());
}
