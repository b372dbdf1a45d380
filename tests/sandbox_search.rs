//! The sandbox's targeting catalogue through dcw's own client: each search type, ranking,
//! paging and Graph's errors; each demo account's custom audiences; a delivery estimate that
//! narrows as the targeting narrows. All against an in-process sandbox on loopback.

use crate::common;

use common::launching::client;
use common::sandbox::*;
use dcw::graph::{CallError, DeliveryEstimate, SearchHits, SearchKind};
use serde_json::{Value, json};

const USD: &str = "1234567890";
const JPY: &str = "9876543210";

#[test]
fn the_catalogue_is_large_enough_to_feel_real() {
    let s = dcw::sandbox::catalogue_sizes();
    assert!(s.regions >= 200, "{s:?}");
    assert!(s.cities >= 1_000, "{s:?}");
    assert!(s.interests + s.behaviors + s.demographics >= 500, "{s:?}");
    assert!(s.behaviors >= 20 && s.demographics >= 20, "{s:?}");
    assert!(s.locales >= 30, "{s:?}");
    assert!(s.zips >= 300, "{s:?}");
}

fn locations(hits: SearchHits) -> Vec<dcw::graph::GeoLocationHit> {
    match hits {
        SearchHits::Locations(l) => l,
        other => panic!("not locations: {other:?}"),
    }
}

fn interests(hits: SearchHits) -> Vec<dcw::graph::InterestHit> {
    match hits {
        SearchHits::Interests(l) => l,
        other => panic!("not interests: {other:?}"),
    }
}

#[tokio::test]
async fn a_city_is_found_by_part_of_its_name_with_its_region_and_country() {
    let sb = start(test_config()).await;
    let c = client(&sb.base, TOKEN);
    let kind = SearchKind::Locations(vec!["city"]);
    let hits = locations(c.targeting_search(USD, &kind, "manch").await.unwrap());
    let first = &hits[0];
    assert_eq!(first.name, "Manchester");
    assert_eq!(first.kind, "city");
    assert_eq!(first.country_code.as_deref(), Some("GB"));
    assert_eq!(first.country_name.as_deref(), Some("United Kingdom"));
    assert_eq!(first.region.as_deref(), Some("England"));
    assert!(first.region_id.is_some());
    assert!(
        first.key.bytes().all(|b| b.is_ascii_digit()),
        "{}",
        first.key
    );
    assert!(hits.iter().all(|h| h.kind == "city"));
    // The same key on the next run: keys come from the seeded data, not a counter.
    let again = locations(c.targeting_search(USD, &kind, "manch").await.unwrap());
    assert_eq!(again[0].key, first.key);
}

#[tokio::test]
async fn case_and_accents_do_not_matter() {
    let sb = start(test_config()).await;
    let c = client(&sb.base, TOKEN);
    let kind = SearchKind::Locations(vec!["city"]);
    for (typed, found) in [
        ("münchen", "Munich"),
        ("KOLN", "Köln"),
        ("köln", "Köln"),
        ("sao paulo", "São Paulo"),
        ("québec", "Québec"),
    ] {
        let hits = locations(c.targeting_search(USD, &kind, typed).await.unwrap());
        assert_eq!(
            hits.first().map(|h| h.name.as_str()),
            Some(found),
            "{typed}"
        );
    }
}

/// 0 for a name starting with `q`, 1 for a word of it starting so, 2 inside a word.
fn class_of(name: &str, q: &str) -> u8 {
    let name = name.to_lowercase();
    if name.starts_with(q) {
        0
    } else if name
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w.starts_with(q))
    {
        1
    } else {
        assert!(name.contains(q), "{name} does not contain {q}");
        2
    }
}

#[tokio::test]
async fn prefixes_rank_first_then_word_prefixes_then_the_rest() {
    let sb = start(test_config()).await;
    let r = sb
        .get(
            "search",
            &[
                ("type", "adgeolocation"),
                ("q", "york"),
                ("location_types", r#"["city","region"]"#),
                ("limit", "200"),
            ],
        )
        .await;
    let names: Vec<&str> = data(&r)
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    let classes: Vec<u8> = names.iter().map(|n| class_of(n, "york")).collect();
    assert!(classes.windows(2).all(|w| w[0] <= w[1]), "{names:?}");
    assert!(classes.contains(&0) && classes.contains(&1), "{names:?}");
}

#[tokio::test]
async fn country_code_and_location_types_narrow_the_search() {
    let sb = start(test_config()).await;
    let r = sb
        .get(
            "search",
            &[
                ("type", "adgeolocation"),
                ("q", "san"),
                ("country_code", "ES"),
                ("location_types", r#"["region","city"]"#),
                ("limit", "100"),
            ],
        )
        .await;
    let hits = data(&r);
    assert!(!hits.is_empty());
    for h in hits {
        assert_eq!(h["country_code"], "ES", "{h}");
        assert!(h["type"] == "region" || h["type"] == "city", "{h}");
    }
    let countries = sb
        .get(
            "search",
            &[
                ("type", "adgeolocation"),
                ("q", "united"),
                ("location_types", r#"["country"]"#),
            ],
        )
        .await;
    let keys: Vec<&Value> = data(&countries).iter().map(|h| &h["key"]).collect();
    assert!(
        keys.contains(&&json!("US")) && keys.contains(&&json!("GB")),
        "{keys:?}"
    );
}

#[tokio::test]
async fn postcodes_are_found_by_their_digits_with_their_city() {
    let sb = start(test_config()).await;
    let c = client(&sb.base, TOKEN);
    let kind = SearchKind::Locations(vec!["zip"]);
    let some = locations(c.targeting_search(USD, &kind, "1").await.unwrap());
    assert!(!some.is_empty());
    let zip = &some[0];
    assert_eq!(zip.kind, "zip");
    assert!(
        zip.key.contains(':'),
        "a postcode's key is COUNTRY:CODE: {}",
        zip.key
    );
    assert!(zip.key.ends_with(&zip.name));
    assert!(zip.primary_city.is_some() && zip.region.is_some());
    let exact = locations(c.targeting_search(USD, &kind, &zip.name).await.unwrap());
    assert_eq!(exact[0].key, zip.key, "a full postcode finds itself first");
}

#[tokio::test]
async fn locales_are_found_with_metas_keys() {
    let sb = start(test_config()).await;
    let c = client(&sb.base, TOKEN);
    let SearchHits::Locales(english) = c
        .targeting_search(USD, &SearchKind::Locales, "english")
        .await
        .unwrap()
    else {
        panic!("locales");
    };
    let keys: Vec<i64> = english.iter().map(|l| l.key).collect();
    assert!(keys.contains(&6) && keys.contains(&24), "{keys:?}");
    let SearchHits::Locales(spanish) = c
        .targeting_search(USD, &SearchKind::Locales, "spanish (spain)")
        .await
        .unwrap()
    else {
        panic!("locales");
    };
    assert_eq!(spanish[0].key, 23);
}

#[tokio::test]
async fn interests_behaviours_demographics_and_suggestions_come_in_graphs_shapes() {
    let sb = start(test_config()).await;
    let c = client(&sb.base, TOKEN);
    let run = interests(
        c.targeting_search(USD, &SearchKind::Interests, "run")
            .await
            .unwrap(),
    );
    assert_eq!(run[0].name, "Running");
    assert!(run[0].path.len() >= 2 && run[0].topic.is_some());
    let (lo, hi) = (
        run[0].audience_size_lower_bound.unwrap(),
        run[0].audience_size_upper_bound.unwrap(),
    );
    assert!(0 < lo && lo < hi, "{lo} {hi}");

    let travel = interests(
        c.targeting_search(USD, &SearchKind::Behaviors, "travel")
            .await
            .unwrap(),
    );
    assert!(!travel.is_empty());
    assert!(
        travel
            .iter()
            .all(|h| h.kind.as_deref() == Some("behaviors") && h.description.is_some())
    );

    let parents = interests(
        c.targeting_search(USD, &SearchKind::Demographics, "parents")
            .await
            .unwrap(),
    );
    assert!(
        parents
            .iter()
            .any(|h| h.kind.as_deref() == Some("family_statuses")),
        "{parents:?}"
    );
    let engaged = interests(
        c.targeting_search(USD, &SearchKind::Demographics, "newly engaged")
            .await
            .unwrap(),
    );
    assert!(
        engaged
            .iter()
            .all(|h| h.kind.as_deref() == Some("life_events"))
            && !engaged.is_empty()
    );

    // Industries come last in the demographics class, past any first page of 25.
    let nursing = interests(
        c.targeting_search(USD, &SearchKind::Demographics, "nursing")
            .await
            .unwrap(),
    );
    assert_eq!(
        nursing.first().and_then(|h| h.kind.as_deref()),
        Some("industries")
    );

    let kind = SearchKind::InterestSuggestions(vec!["Running".into()]);
    let next = interests(c.targeting_search(USD, &kind, "").await.unwrap());
    assert!(!next.is_empty());
    assert!(
        next.iter().all(|h| h.name != "Running"),
        "the chosen one is not suggested"
    );
    assert!(
        next.iter()
            .all(|h| h.path[..h.path.len() - 1] == run[0].path[..run[0].path.len() - 1])
    );
}

#[tokio::test]
async fn search_pages_like_the_other_edges() {
    let sb = start(test_config()).await;
    let q = [("type", "adinterest"), ("q", "a"), ("limit", "10")];
    let first = sb.get("search", &q).await;
    assert_eq!(data(&first).len(), 10);
    let next = first.body["paging"]["next"]
        .as_str()
        .expect("a next page")
        .to_string();
    assert!(first.body["paging"]["cursors"]["after"].is_string());
    let second = reply(sb.client.get(next).send().await.unwrap()).await;
    assert_eq!(data(&second).len(), 10);
    let ids = |r: &Reply| data(r).iter().map(|h| h["id"].clone()).collect::<Vec<_>>();
    let (a, b) = (ids(&first), ids(&second));
    assert!(a.iter().all(|id| !b.contains(id)), "pages do not overlap");
}

#[tokio::test]
async fn a_bad_type_a_missing_q_and_an_unknown_location_type_get_graphs_100() {
    let sb = start(test_config()).await;
    let cases: [(&[(&str, &str)], &str); 4] = [
        (&[("type", "adbogus"), ("q", "x")], "type"),
        (&[("q", "x")], "type"),
        (&[("type", "adinterest")], "The parameter q is required"),
        (
            &[
                ("type", "adgeolocation"),
                ("q", "x"),
                ("location_types", r#"["planet"]"#),
            ],
            "location_types[0]",
        ),
    ];
    for (query, words) in cases {
        let r = sb.get("search", query).await;
        assert_eq!(r.status, 400, "{query:?}");
        assert_eq!(r.error(), (100, None), "{query:?}");
        let message = r.body["error"]["message"].as_str().unwrap();
        assert!(
            message.starts_with("(#100) ") && message.contains(words),
            "{message}"
        );
    }
    let c = client(&sb.base, TOKEN);
    match c.targeting_search(USD, &SearchKind::Interests, "").await {
        Err(CallError::Graph {
            status: 400, error, ..
        }) => assert_eq!(error.code, 100),
        other => panic!("a blank query is Graph's 100: {other:?}"),
    }
}

#[tokio::test]
async fn each_demo_account_has_custom_and_lookalike_audiences_with_their_states() {
    let sb = start(test_config()).await;
    let c = client(&sb.base, TOKEN);
    for (account, market) in [(USD, "US"), (JPY, "JP")] {
        let list = c.custom_audiences(account).await.unwrap();
        assert!(list.len() >= 5, "{list:?}");
        let subtypes: Vec<&str> = list.iter().map(|a| a.subtype.as_str()).collect();
        for s in ["CUSTOM", "WEBSITE", "LOOKALIKE"] {
            assert!(subtypes.contains(&s), "{subtypes:?}");
        }
        let code = |a: &dcw::graph::CustomAudience| a.delivery_status.as_ref().map(|d| d.code);
        let too_small: Vec<_> = list.iter().filter(|a| code(a) == Some(300)).collect();
        assert_eq!(too_small.len(), 1, "one audience too small to deliver");
        assert!(too_small[0].approximate_count_upper_bound.unwrap() < 1_000);
        let building: Vec<_> = list
            .iter()
            .filter(|a| a.operation_status.as_ref().map(|o| o.code) == Some(441))
            .collect();
        assert_eq!(building.len(), 1, "one lookalike still being built");
        assert_eq!(building[0].approximate_count_lower_bound, None);
        assert!(
            list.iter()
                .filter(|a| a.subtype == "LOOKALIKE")
                .all(|a| a.name.contains(market))
        );
        let ready = list.iter().filter(|a| code(a) == Some(200)).count();
        assert!(ready >= 3);
    }
    assert_ne!(
        c.custom_audiences(USD).await.unwrap()[0].id,
        c.custom_audiences(JPY).await.unwrap()[0].id
    );
}

#[tokio::test]
async fn custom_audiences_answer_the_fields_asked_and_refuse_unknown_ones() {
    let sb = start(test_config()).await;
    let r = sb
        .get(&format!("{ACT}/customaudiences"), &[("fields", "name")])
        .await;
    for a in data(&r) {
        let keys: Vec<&String> = a.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["id", "name"], "{a}");
    }
    let bare = sb.get(&format!("{ACT}/customaudiences"), &[]).await;
    assert!(
        data(&bare)
            .iter()
            .all(|a| a.as_object().unwrap().len() == 1),
        "id alone by default"
    );
    let bad = sb
        .get(
            &format!("{ACT}/customaudiences"),
            &[("fields", "name,shoe_size")],
        )
        .await;
    assert_eq!(bad.error(), (100, None));
    assert!(
        bad.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("(shoe_size) on node type (CustomAudience)")
    );
}

async fn estimate(c: &dcw::graph::GraphClient, targeting: Value) -> DeliveryEstimate {
    c.delivery_estimate(USD, &targeting, "OFFSITE_CONVERSIONS", None)
        .await
        .unwrap()
        .expect("an estimate")
}

fn upper(e: &DeliveryEstimate) -> i64 {
    e.estimate_mau_upper_bound.unwrap()
}

#[tokio::test]
async fn the_estimate_narrows_as_the_targeting_narrows() {
    let sb = start(test_config()).await;
    let c = client(&sb.base, TOKEN);
    let us = json!({"geo_locations": {"countries": ["US"]}, "age_min": 18, "age_max": 65});
    let base = estimate(&c, us.clone()).await;
    assert_eq!(base.estimate_ready, Some(true));
    assert!(base.estimate_mau_lower_bound.unwrap() < upper(&base));
    assert!(!base.daily_outcomes_curve.is_empty() && base.estimate_dau.unwrap() > 0);
    assert_eq!(
        estimate(&c, us.clone()).await,
        base,
        "the same spec, the same estimate"
    );

    let search = |q: &'static str| {
        let c = &c;
        async move {
            interests(
                c.targeting_search(USD, &SearchKind::Interests, q)
                    .await
                    .unwrap(),
            )
            .remove(0)
        }
    };
    let (running, yoga, cats) = (
        search("running").await,
        search("yoga").await,
        search("cats").await,
    );
    let id = |h: &dcw::graph::InterestHit| json!({"id": h.id, "name": h.name});

    let mut one_group = us.clone();
    one_group["flexible_spec"] = json!([{"interests": [id(&running), id(&yoga)]}]);
    let one = estimate(&c, one_group.clone()).await;
    assert!(upper(&one) < upper(&base), "an interest group narrows");

    let mut two_groups = one_group.clone();
    two_groups["flexible_spec"] =
        json!([{"interests": [id(&running), id(&yoga)]}, {"interests": [id(&cats)]}]);
    assert!(
        upper(&estimate(&c, two_groups).await) < upper(&one),
        "a second group (AND) narrows"
    );

    let mut only_running = us.clone();
    only_running["flexible_spec"] = json!([{"interests": [id(&running)]}]);
    assert!(
        upper(&estimate(&c, only_running).await) < upper(&one),
        "OR within a group widens"
    );

    let mut excluded = one_group.clone();
    excluded["exclusions"] = json!({"interests": [id(&cats)]});
    assert!(
        upper(&estimate(&c, excluded).await) < upper(&one),
        "an exclusion narrows"
    );

    let city = locations(
        c.targeting_search(USD, &SearchKind::Locations(vec!["city"]), "boston")
            .await
            .unwrap(),
    )
    .remove(0);
    let mut in_city = us.clone();
    in_city["geo_locations"] =
        json!({"cities": [{"key": city.key, "radius": 10, "distance_unit": "mile"}]});
    let city_estimate = estimate(&c, in_city.clone()).await;
    assert!(
        upper(&city_estimate) < upper(&base),
        "a city instead of the country narrows"
    );
    in_city["geo_locations"]["cities"][0]["radius"] = json!(40);
    assert!(
        upper(&estimate(&c, in_city).await) > upper(&city_estimate),
        "a wider radius widens"
    );

    let mut younger = us.clone();
    younger["age_min"] = json!(25);
    younger["age_max"] = json!(34);
    assert!(
        upper(&estimate(&c, younger.clone()).await) < upper(&base),
        "a narrower age narrows"
    );
    younger["genders"] = json!([2]);
    younger["locales"] = json!([23]);
    assert!(
        upper(&estimate(&c, younger).await) < upper(&base) / 10,
        "genders and a foreign locale narrow"
    );
}

#[tokio::test]
async fn audiences_in_the_spec_bound_and_shrink_the_estimate() {
    let sb = start(test_config()).await;
    let c = client(&sb.base, TOKEN);
    let list = c.custom_audiences(USD).await.unwrap();
    let purchasers = list.iter().find(|a| a.subtype == "WEBSITE").unwrap();
    let us = json!({"geo_locations": {"countries": ["US"]}});
    let base = estimate(&c, us.clone()).await;
    let mut within = us.clone();
    within["custom_audiences"] = json!([{"id": purchasers.id}]);
    let bounded = estimate(&c, within).await;
    assert!(
        upper(&bounded) <= (purchasers.approximate_count_upper_bound.unwrap() as f64 * 1.2) as i64
    );
    let lookalike = list
        .iter()
        .find(|a| a.subtype == "LOOKALIKE" && a.approximate_count_upper_bound.is_some())
        .unwrap();
    let mut without = us.clone();
    without["excluded_custom_audiences"] = json!([{"id": lookalike.id}]);
    assert!(
        upper(&estimate(&c, without).await) < upper(&base),
        "an excluded audience narrows"
    );
}

#[tokio::test]
async fn too_narrow_an_audience_answers_below_a_thousand() {
    let sb = start(test_config()).await;
    let c = client(&sb.base, TOKEN);
    let zip = locations(
        c.targeting_search(USD, &SearchKind::Locations(vec!["zip"]), "1")
            .await
            .unwrap(),
    )
    .remove(0);
    let tiny = json!({"geo_locations": {"zips": [{"key": zip.key}]}, "age_min": 30, "age_max": 31,
        "genders": [1], "locales": [11]});
    let e = estimate(&c, tiny).await;
    assert_eq!(e.estimate_mau_upper_bound, Some(1_000), "{e:?}");
    assert_eq!(e.estimate_mau_lower_bound, Some(0));
    assert_eq!(e.estimate_ready, Some(true));
}

#[tokio::test]
async fn bad_targeting_json_and_a_missing_or_unknown_goal_are_graphs_100_naming_the_parameter() {
    let sb = start(test_config()).await;
    let path = format!("{ACT}/delivery_estimate");
    let cases: [(&[(&str, &str)], &str); 5] = [
        (
            &[
                (
                    "targeting_spec",
                    r#"{"geo_locations":{"countries":["US"]}}"#,
                ),
                ("optimization_goal", "MOST_CLICKS_PLEASE"),
            ],
            "optimization_goal",
        ),
        (
            &[
                ("targeting_spec", "{not json"),
                ("optimization_goal", "REACH"),
            ],
            "targeting_spec",
        ),
        (&[("optimization_goal", "REACH")], "targeting_spec"),
        (
            &[(
                "targeting_spec",
                r#"{"geo_locations":{"countries":["US"]}}"#,
            )],
            "optimization_goal",
        ),
        (
            &[
                ("targeting_spec", r#"{"age_min":20}"#),
                ("optimization_goal", "REACH"),
            ],
            "geo_locations",
        ),
    ];
    for (query, param) in cases {
        let r = sb.get(&path, query).await;
        assert_eq!(r.status, 400, "{query:?}");
        assert_eq!(r.error(), (100, None));
        let blamed = r.body["error"]["error_data"]["blame_field_specs"].to_string();
        assert!(blamed.contains(param), "{query:?}: {}", r.body);
    }
}

#[tokio::test]
async fn audience_reads_are_charged_to_the_account() {
    let sb = start(test_config()).await;
    let spec = r#"{"geo_locations":{"countries":["US"]}}"#;
    let r = sb
        .get(
            &format!("{ACT}/delivery_estimate"),
            &[("targeting_spec", spec), ("optimization_goal", "REACH")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let usage = r.headers["x-business-use-case-usage"].to_str().unwrap();
    assert!(usage.contains(USD), "{usage}");
    let r = sb.get(&format!("{ACT_JPY}/customaudiences"), &[]).await;
    assert!(
        r.headers["x-business-use-case-usage"]
            .to_str()
            .unwrap()
            .contains(JPY)
    );
}
