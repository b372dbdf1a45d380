//! The targeting pickers of the Ad set step, on the model (`update` with Graph's answers
//! injected as messages): the Locations picker searches Meta's `type=adgeolocation` as the
//! buyer types (one request a second through the pace lane, the latest query wins, a stale
//! answer is dropped) and adds only the highlighted hit, into the list Graph takes it in; a city
//! gets its radius row; gender, languages, detailed targeting (interests searched, behaviours
//! filtered locally, suggestions after a pick, groups in words) and custom audiences store
//! Graph's own shapes; everything from Graph is sanitised before it is drawn.

use std::time::Duration;

use crate::common::wizard::*;
use crossterm::event::KeyCode;
use dcw::graph::{CustomAudience, InterestHit, SearchHits, SearchKind};
use dcw::spec::Step;
use dcw::spec::text::first_unsafe;
use dcw::tui::form;
use dcw::tui::{App, Effect, Msg, SearchAsk};
use serde_json::{Value, json};

const ACCOUNT: &str = "1234567890";
const LOCATIONS: &str = "ad_set.targeting.geo_locations";
const EXCLUDED: &str = "ad_set.targeting.excluded_geo_locations";
const GROUP0: &str = "ad_set.targeting.flexible_spec[0]";
const LOCALES: &str = "ad_set.targeting.locales";
const AUDIENCES: &str = "ad_set.targeting.custom_audiences";

/// A new draft on the Ad set step with the USD demo account chosen and its behaviours and
/// custom audiences loaded.
fn on_ad_set() -> App {
    let mut app = new_app();
    let fx = app.set_value("account_id", json!(format!("act_{ACCOUNT}")));
    answer(&mut app, fx);
    app.goto(Step::AdSet);
    answer_msg(&mut app, Msg::Categories(ACCOUNT.into(), Ok(categories())));
    answer_msg(&mut app, Msg::Audiences(ACCOUNT.into(), Ok(audiences())));
    app
}

fn categories() -> Vec<InterestHit> {
    serde_json::from_value(json!([
        {"id": "6002714895372", "name": "Frequent travelers", "type": "behaviors",
         "path": ["Travel", "Frequent travelers"],
         "audience_size_lower_bound": 180000000, "audience_size_upper_bound": 210000000},
        {"id": "6017253486583", "name": "Newly engaged (6 months)", "type": "life_events",
         "path": ["Life events", "Newly engaged (6 months)"]}
    ]))
    .unwrap()
}

fn audiences() -> Vec<CustomAudience> {
    serde_json::from_value(json!([
        {"id": "23850000000000001", "name": "Past buyers", "subtype": "CUSTOM",
         "approximate_count_lower_bound": 12000, "approximate_count_upper_bound": 14000,
         "delivery_status": {"code": 200, "description": "This audience is ready for use."}},
        {"id": "23850000000000002", "name": "Tiny list", "subtype": "CUSTOM",
         "approximate_count_lower_bound": 0, "approximate_count_upper_bound": 900,
         "delivery_status": {"code": 200, "description": "This audience is ready for use."}},
        {"id": "23850000000000003", "name": "Lookalike (US, 1%)", "subtype": "LOOKALIKE",
         "approximate_count_lower_bound": 2000000, "approximate_count_upper_bound": 2400000,
         "delivery_status": {"code": 300, "description": "This audience is still being populated."}}
    ]))
    .unwrap()
}

fn manchester() -> SearchHits {
    SearchHits::Locations(
        serde_json::from_value(json!([
            {"key": "2643123", "name": "Manchester", "type": "city", "country_code": "GB",
             "country_name": "United Kingdom", "region": "England", "region_id": 4079},
            {"key": "2418956", "name": "Manchester", "type": "city", "country_code": "US",
             "country_name": "United States", "region": "New Hampshire", "region_id": 3871},
            {"key": "4079", "name": "England", "type": "region", "country_code": "GB",
             "country_name": "United Kingdom"}
        ]))
        .unwrap(),
    )
}

/// The searches among the effects.
fn searches(fx: &[Effect]) -> Vec<SearchAsk> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Search(a) => Some(a.clone()),
            _ => None,
        })
        .collect()
}

/// The pace lane's wake came (the clock moved on by `by` first): the effects it sends.
fn pace_due(app: &mut App, by: Duration) -> Vec<Effect> {
    app.ctx.clock.advance(by);
    answer_msg(app, Msg::PaceDue)
}

fn get(app: &App, path: &str) -> Option<Value> {
    form::get(&app.draft, path).cloned()
}

/// Types `q` into the focused picker and answers its search with `hits` (after the lane frees).
fn search_and_answer(app: &mut App, q: &str, hits: SearchHits) {
    let mut fx = type_text(app, q);
    fx.extend(pace_due(app, Duration::from_secs(1)));
    let ask = searches(&fx)
        .into_iter()
        .rev()
        .find(|a| a.query == q)
        .unwrap_or_else(|| panic!("no search for {q:?} in {fx:?}"));
    answer_msg(app, Msg::Searched(ask, Ok(hits)));
}

#[test]
fn typing_in_locations_sends_one_search_a_second_for_the_latest_query() {
    let mut app = on_ad_set();
    focus(&mut app, LOCATIONS);
    let mut fx = type_text(&mut app, "m");
    let first = searches(&fx);
    assert_eq!(first.len(), 1, "the first key searches at once: {fx:?}");
    assert_eq!(first[0].query, "m");
    assert_eq!(first[0].account, ACCOUNT);
    assert_eq!(
        first[0].kind,
        SearchKind::Locations(vec!["country", "region", "city", "zip", "place"])
    );
    fx = type_text(&mut app, "anch");
    assert!(
        searches(&fx).is_empty(),
        "four keys within the second: {fx:?}"
    );
    assert!(fx.iter().any(|e| matches!(e, Effect::PaceAfter(_))));
    let fx = pace_due(&mut app, Duration::from_secs(1));
    let due: Vec<String> = searches(&fx).into_iter().map(|a| a.query).collect();
    assert_eq!(due, ["manch"], "the wake sends the latest query only");
}

#[test]
fn a_stale_answer_is_ignored_and_the_current_one_lists_name_region_country_and_type() {
    let mut app = on_ad_set();
    focus(&mut app, LOCATIONS);
    type_text(&mut app, "manch");
    let stale = SearchAsk {
        account: ACCOUNT.into(),
        field: LOCATIONS.into(),
        query: "m".into(),
        kind: SearchKind::Locations(vec!["city"]),
    };
    answer_msg(&mut app, Msg::Searched(stale, Ok(manchester())));
    let screen = render(&app, 120, 40);
    assert!(screen.contains("searching…"), "{screen}");
    assert!(
        !screen.contains("New Hampshire"),
        "a stale answer is shown:\n{screen}"
    );
    let ask = SearchAsk {
        account: ACCOUNT.into(),
        field: LOCATIONS.into(),
        query: "manch".into(),
        kind: SearchKind::Locations(vec!["city"]),
    };
    answer_msg(&mut app, Msg::Searched(ask, Ok(manchester())));
    let screen = render(&app, 120, 40);
    for row in [
        "Manchester · England, United Kingdom · city",
        "Manchester · New Hampshire, United States · city",
        "England · United Kingdom · region",
        "3 matches",
    ] {
        assert!(screen.contains(row), "no {row:?}:\n{screen}");
    }
}

#[test]
fn down_moves_the_highlight_and_enter_adds_the_city_where_graph_takes_it_with_a_radius_row() {
    let mut app = on_ad_set();
    focus(&mut app, LOCATIONS);
    search_and_answer(&mut app, "manch", manchester());
    press(&mut app, KeyCode::Down);
    assert_eq!(
        get(&app, &format!("{LOCATIONS}.cities")),
        None,
        "↓ added a city"
    );
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        get(&app, &format!("{LOCATIONS}.cities")),
        Some(json!([{"key": "2643123", "name": "Manchester"}])),
        "{:?}",
        app.notice
    );
    assert_eq!(app.focus, LOCATIONS, "Enter stays to add another");
    // The city's radius and unit are rows of their own.
    let radius = format!("{LOCATIONS}.cities[0].radius");
    let help = app
        .fields()
        .into_iter()
        .find(|f| f.id == radius)
        .unwrap()
        .help;
    assert!(
        help.contains("10 to 50 miles or 17 to 80 km"),
        "a city's radius names the rule's limits: {help}"
    );
    focus(&mut app, &radius);
    type_text(&mut app, "25");
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, format!("{LOCATIONS}.cities[0].distance_unit"));
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        get(&app, &format!("{LOCATIONS}.cities[0]")),
        Some(
            json!({"key": "2643123", "name": "Manchester", "radius": 25, "distance_unit": "mile"})
        )
    );
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("Manchester · England, United Kingdom · city +25 mile"),
        "{screen}"
    );
}

#[test]
fn each_kind_of_location_goes_to_its_own_list() {
    let hits = SearchHits::Locations(
        serde_json::from_value(json!([
            {"key": "GB", "name": "United Kingdom", "type": "country", "country_code": "GB"},
            {"key": "3847", "name": "California", "type": "region", "country_code": "US",
             "country_name": "United States"},
            {"key": "US:94304", "name": "94304", "type": "zip", "country_code": "US",
             "country_name": "United States", "primary_city": "Palo Alto"}
        ]))
        .unwrap(),
    );
    let mut app = on_ad_set();
    focus(&mut app, EXCLUDED);
    for (n, (list, want)) in [
        ("countries", json!(["GB"])),
        ("regions", json!([{"key": "3847", "name": "California"}])),
        ("zips", json!([{"key": "US:94304", "name": "94304"}])),
    ]
    .into_iter()
    .enumerate()
    {
        search_and_answer(&mut app, "x", hits.clone());
        for _ in 0..n {
            press(&mut app, KeyCode::Down);
        }
        press(&mut app, KeyCode::Enter);
        assert_eq!(
            get(&app, &format!("{EXCLUDED}.{list}")),
            Some(want),
            "{list}"
        );
        app.ctx.clock.advance(Duration::from_secs(2));
    }
    // Backspace on empty takes the last chip shown, then the one before.
    press(&mut app, KeyCode::Backspace);
    assert_eq!(get(&app, &format!("{EXCLUDED}.zips")), None);
    assert!(get(&app, &format!("{EXCLUDED}.regions")).is_some());
}

#[test]
fn an_empty_query_sends_nothing_and_without_an_account_the_picker_says_so() {
    let mut app = on_ad_set();
    focus(&mut app, LOCATIONS);
    type_text(&mut app, "m");
    let fx = press(&mut app, KeyCode::Backspace);
    assert!(searches(&fx).is_empty());
    let fx = pace_due(&mut app, Duration::from_secs(2));
    assert!(
        searches(&fx).is_empty(),
        "an emptied query still searched: {fx:?}"
    );

    let mut app = new_app();
    app.goto(Step::AdSet);
    focus(&mut app, LOCATIONS);
    let fx = type_text(&mut app, "lond");
    assert!(searches(&fx).is_empty());
    let screen = render(&app, 120, 40);
    assert!(screen.contains("pick the ad account first"), "{screen}");
}

#[test]
fn a_search_refused_by_graph_shows_the_error_sanitised_and_hit_names_are_sanitised() {
    let mut app = on_ad_set();
    focus(&mut app, LOCATIONS);
    type_text(&mut app, "evil");
    let ask = SearchAsk {
        account: ACCOUNT.into(),
        field: LOCATIONS.into(),
        query: "evil".into(),
        kind: SearchKind::Locations(vec!["city"]),
    };
    answer_msg(
        &mut app,
        Msg::Searched(ask.clone(), Err("(#100) bad \u{1b}[31mtype\u{202e}".into())),
    );
    let screen = render(&app, 120, 40);
    assert!(screen.contains("(#100) bad"), "{screen}");
    assert_eq!(first_unsafe(&screen), None, "{screen:?}");
    let hostile = SearchHits::Locations(
        serde_json::from_value(json!([
            {"key": "1", "name": "Evil\u{1b}]0;owned\u{7}town", "type": "city",
             "region": "\u{9b}31m", "country_name": "Nowhere"}
        ]))
        .unwrap(),
    );
    answer_msg(&mut app, Msg::Searched(ask, Ok(hostile)));
    let screen = render(&app, 120, 40);
    assert!(screen.contains("Nowhere · city"), "{screen}");
    assert_eq!(first_unsafe(&screen), None, "{screen:?}");
}

#[test]
fn gender_and_languages_store_graph_shapes() {
    let mut app = on_ad_set();
    let gender = "#ad_set.targeting.genders";
    focus(&mut app, gender);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert_eq!(get(&app, "ad_set.targeting.genders"), Some(json!([2])));
    press(&mut app, KeyCode::BackTab);
    assert_eq!(app.focus, gender);
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        get(&app, "ad_set.targeting.genders"),
        None,
        "All leaves it out"
    );

    focus(&mut app, LOCALES);
    let hits = SearchHits::Locales(
        serde_json::from_value(
            json!([{"key": 24, "name": "English (UK)"}, {"key": 6, "name": "English (US)"}]),
        )
        .unwrap(),
    );
    search_and_answer(&mut app, "engl", hits);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(get(&app, LOCALES), Some(json!([6])), "Space after ↓ adds");
    assert!(render(&app, 120, 40).contains("English (US)"));
}

#[test]
fn detailed_targeting_filters_behaviours_locally_and_searches_interests_per_query() {
    let mut app = on_ad_set();
    focus(&mut app, GROUP0);
    let fx = type_text(&mut app, "trav");
    let asks = searches(&fx);
    assert_eq!(
        asks.len(),
        1,
        "one interests search, no category request: {fx:?}"
    );
    assert_eq!(asks[0].kind, SearchKind::Interests);
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("Frequent travelers · Travel > Frequent travelers · 180M–210M people"),
        "the loaded behaviours match before Graph answers:\n{screen}"
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        get(&app, &format!("{GROUP0}.behaviors")),
        Some(json!([{"id": "6002714895372", "name": "Frequent travelers"}]))
    );
}

#[test]
fn a_detailed_hit_whose_type_is_not_a_plain_key_is_refused_not_written_elsewhere() {
    let mut app = on_ad_set();
    focus(&mut app, GROUP0);
    search_and_answer(&mut app, "odd", odd_types());
    let before = app.draft.clone();
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.draft, before, "a type with a dot added to the draft");
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("not a detailed-targeting key")),
        "{:?}",
        app.notice
    );
    search_and_answer(&mut app, "odd", odd_types());
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.draft, before, "a type with brackets added to the draft");
}

/// Detailed hits whose `type` would name another place in the draft.
fn odd_types() -> SearchHits {
    SearchHits::Interests(
        serde_json::from_value(json!([
            {"id": "6003", "name": "Odd", "type": "interests.age_min"},
            {"id": "6004", "name": "Odder", "type": "interests[0]"}
        ]))
        .unwrap(),
    )
}

#[test]
fn an_interest_pick_asks_for_suggestions_through_the_lane_and_they_can_be_added() {
    let mut app = on_ad_set();
    focus(&mut app, GROUP0);
    let running = SearchHits::Interests(
        serde_json::from_value(json!([
            {"id": "6003397425735", "name": "Running", "path": ["Interests", "Fitness", "Running"],
             "audience_size_lower_bound": 120000000, "audience_size_upper_bound": 140000000}
        ]))
        .unwrap(),
    );
    search_and_answer(&mut app, "runn", running);
    let fx = press(&mut app, KeyCode::Enter);
    assert_eq!(
        get(&app, &format!("{GROUP0}.interests")),
        Some(json!([{"id": "6003397425735", "name": "Running"}]))
    );
    assert!(searches(&fx).is_empty(), "the lane was busy: {fx:?}");
    let fx = pace_due(&mut app, Duration::from_secs(1));
    let ask = searches(&fx).pop().expect("a suggestions read");
    assert_eq!(
        ask.kind,
        SearchKind::InterestSuggestions(vec!["Running".to_string()])
    );
    let marathons = SearchHits::Interests(
        serde_json::from_value(json!([{"id": "6003130044117", "name": "Marathons"}])).unwrap(),
    );
    answer_msg(&mut app, Msg::Searched(ask, Ok(marathons)));
    assert!(render(&app, 120, 40).contains("Suggested: Marathons"));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(
        get(&app, &format!("{GROUP0}.interests")),
        Some(json!([
            {"id": "6003397425735", "name": "Running"},
            {"id": "6003130044117", "name": "Marathons"}
        ]))
    );
}

#[test]
fn groups_and_exclusions_read_as_graphs_semantics_in_words() {
    let mut app = on_ad_set();
    let fx = app.set_value(
        "ad_set.targeting.flexible_spec",
        json!([
            {"interests": [{"id": "1", "name": "Running"}], "behaviors": [{"id": "2", "name": "Frequent travelers"}]},
            {"interests": [{"id": "3", "name": "Yoga"}]}
        ]),
    );
    answer(&mut app, fx);
    let fx = app.set_value(
        "ad_set.targeting.exclusions",
        json!({"interests": [{"id": "4", "name": "Golf"}]}),
    );
    answer(&mut app, fx);
    let fields: Vec<String> = app.fields().into_iter().map(|f| f.id).collect();
    assert!(fields.contains(&"ad_set.targeting.flexible_spec[1]".to_string()));
    let words = render(&app, 200, 120);
    assert!(
        words.contains(
            "People who match any of Running, Frequent travelers and any of Yoga; not Golf"
        ),
        "{words}"
    );
    // "Narrow further" opens a group after one with items and focuses it; the group is stored
    // with its first pick, never empty.
    focus(&mut app, "#ad_set.targeting.narrow");
    press(&mut app, KeyCode::Enter);
    let group2 = "ad_set.targeting.flexible_spec[2]";
    assert_eq!(app.focus, group2);
    assert_eq!(get(&app, group2), None, "an empty group was stored");
    press(&mut app, KeyCode::Tab);
    assert_eq!(get(&app, group2), None);
    press(&mut app, KeyCode::BackTab);
    assert_eq!(app.focus, group2);
    let golf = SearchHits::Interests(
        serde_json::from_value(json!([{"id": "5", "name": "Golf"}])).unwrap(),
    );
    search_and_answer(&mut app, "golf", golf);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        get(&app, group2),
        Some(json!({"interests": [{"id": "5", "name": "Golf"}]}))
    );
    let groups: Vec<String> = app
        .fields()
        .into_iter()
        .map(|f| f.id)
        .filter(|id| id.starts_with("ad_set.targeting.flexible_spec["))
        .collect();
    assert_eq!(
        groups.len(),
        3,
        "an empty group follows the filled one: {groups:?}"
    );
}

#[test]
fn a_lookalike_meta_is_still_building_says_so_instead_of_ready() {
    // Meta's operation_status 441: delivery is fine, but the audience is still being filled
    // and has no size yet; "ready" alone would hide that.
    let mut app = on_ad_set();
    let building: Vec<CustomAudience> = serde_json::from_value(json!([
        {"id": "23850000000000009", "name": "Lookalike (US, 3%)", "subtype": "LOOKALIKE",
         "delivery_status": {"code": 200, "description": "This audience is ready for use."},
         "operation_status": {"code": 441, "description": "We're finding people who fit your audience criteria."}}
    ]))
    .unwrap();
    answer_msg(&mut app, Msg::Audiences(ACCOUNT.into(), Ok(building)));
    focus(&mut app, AUDIENCES);
    let screen = render(&app, 160, 50);
    assert!(
        screen.contains("Lookalike (US, 3%)  LOOKALIKE · still building (441)"),
        "{screen}"
    );
    press(&mut app, KeyCode::Char(' '));
    let screen = render(&app, 160, 60);
    assert!(
        screen.contains(
            "! Lookalike (US, 3%) is still being built: We're finding people who fit your audience criteria. (441)"
        ),
        "{screen}"
    );
}

#[test]
fn custom_audiences_tick_as_id_and_name_and_warn_when_too_small_or_not_ready() {
    let mut app = on_ad_set();
    focus(&mut app, AUDIENCES);
    let screen = render(&app, 160, 50);
    assert!(
        screen.contains("Lookalike (US, 1%)  LOOKALIKE · 2M–2.4M people · not ready (300)"),
        "{screen}"
    );
    for _ in 0..3 {
        press(&mut app, KeyCode::Char(' '));
        press(&mut app, KeyCode::Down);
    }
    assert_eq!(
        get(&app, AUDIENCES).map(|v| v.as_array().unwrap().len()),
        Some(3)
    );
    assert_eq!(
        get(&app, &format!("{AUDIENCES}[0]")),
        Some(json!({"id": "23850000000000001", "name": "Past buyers"}))
    );
    let screen = render(&app, 160, 60);
    assert!(
        screen.contains("! Tiny list is too small: under 1000 people."),
        "{screen}"
    );
    assert!(
        screen.contains(
            "! Lookalike (US, 1%) is not ready: This audience is still being populated. (300)"
        ),
        "{screen}"
    );
    assert!(!screen.contains("Past buyers is"), "{screen}");
    // Space again unticks; none ticked leaves the key out.
    for _ in 0..3 {
        press(&mut app, KeyCode::Char(' '));
        press(&mut app, KeyCode::Up);
    }
    assert_eq!(get(&app, AUDIENCES), None);
}

#[test]
fn a_minute_of_typing_in_the_pickers_sends_at_most_one_search_a_second() {
    let mut app = on_ad_set();
    focus(&mut app, LOCATIONS);
    let mut sent = 0usize;
    let mut wake: Option<Duration> = None;
    let mut waited = Duration::ZERO;
    // Ten keys a second for a minute; the lane's wakes run when due.
    for tick in 0..600u32 {
        let c = (b'a' + (tick % 26) as u8) as char;
        let mut fx = if tick % 7 == 6 {
            press(&mut app, KeyCode::Backspace)
        } else {
            type_text(&mut app, &c.to_string())
        };
        app.ctx.clock.advance(Duration::from_millis(100));
        waited += Duration::from_millis(100);
        if let Some(w) = wake
            && waited >= w
        {
            wake = None;
            fx.extend(answer_msg(&mut app, Msg::PaceDue));
        }
        for e in &fx {
            if let Effect::PaceAfter(d) = e {
                wake = Some(waited + *d);
            }
        }
        sent += searches(&fx).len();
    }
    assert!(sent <= 61, "{sent} searches in a minute");
    assert!(sent >= 50, "the lane stays busy while typing: {sent}");
    eprintln!("measured: {sent} searches in 60 s of typing ten keys a second");
}

/// A loopback stand-in for `GET /search?type=adTargetingCategory`: two pages of behaviours,
/// the second after the first's cursor; it answers 400 to anything else.
async fn categories_graph() -> String {
    use axum::extract::Query;
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    async fn search(
        Query(q): Query<std::collections::HashMap<String, String>>,
    ) -> axum::response::Response {
        if q.get("type").map(String::as_str) != Some("adTargetingCategory")
            || q.get("class").map(String::as_str) != Some("behaviors")
            || q.contains_key("q")
        {
            return (StatusCode::BAD_REQUEST, format!("{q:?}")).into_response();
        }
        let page = match q.get("after").map(String::as_str) {
            None => json!({"data": [
                {"id": "1", "name": "Frequent travelers", "type": "behaviors", "path": ["Travel"]},
                {"id": "2", "name": "Commuters", "type": "behaviors", "path": ["Travel"]}],
                "paging": {"cursors": {"after": "p2"}, "next": "https://example.invalid/next"}}),
            Some("p2") => json!({"data": [
                {"id": "3", "name": "Small business owners", "type": "behaviors"}]}),
            Some(other) => return (StatusCode::BAD_REQUEST, other.to_string()).into_response(),
        };
        axum::Json(page).into_response()
    }
    let app = axum::Router::new().route("/{version}/search", axum::routing::get(search));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

#[tokio::test]
async fn the_behaviours_list_is_read_whole_across_pages_once_for_local_filtering() {
    let base = categories_graph().await;
    let c = crate::common::launching::client(&base, "categories-test");
    let all = c
        .targeting_categories(ACCOUNT, &SearchKind::Behaviors)
        .await
        .unwrap();
    let names: Vec<&str> = all.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(
        names,
        ["Frequent travelers", "Commuters", "Small business owners"],
        "every page, in order, not only the first 25"
    );
    assert_eq!(all[0].kind.as_deref(), Some("behaviors"));
}

#[test]
fn enter_before_the_search_answers_keeps_what_was_typed_and_adds_once_the_list_is_there() {
    let mut app = on_ad_set();
    focus(&mut app, LOCATIONS);
    type_text(&mut app, "manch");
    press(&mut app, KeyCode::Enter);
    assert_eq!(get(&app, &format!("{LOCATIONS}.cities")), None);
    assert_eq!(
        app.search_query(),
        Some((LOCATIONS.to_string(), "manch".to_string())),
        "what was typed is kept"
    );
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.starts_with("Nothing to add yet")),
        "{:?}",
        app.notice
    );
    let fx = pace_due(&mut app, Duration::from_secs(1));
    let ask = searches(&fx)
        .into_iter()
        .find(|a| a.query == "manch")
        .expect("the search for what is typed goes when the lane is free");
    answer_msg(&mut app, Msg::Searched(ask, Ok(manchester())));
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        get(&app, &format!("{LOCATIONS}.cities")),
        Some(json!([{"key": "2643123", "name": "Manchester"}]))
    );
}

#[test]
fn behaviours_keep_rows_when_many_interests_match() {
    let mut app = on_ad_set();
    focus(&mut app, GROUP0);
    let many: Vec<Value> = (0..12)
        .map(
            |i| json!({"id": format!("61000000000{i:02}"), "name": format!("Travel interest {i}")}),
        )
        .collect();
    search_and_answer(
        &mut app,
        "trav",
        SearchHits::Interests(serde_json::from_value(json!(many)).unwrap()),
    );
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("Frequent travelers · Travel > Frequent travelers"),
        "a matching behaviour keeps its row among eight:\n{screen}"
    );
    assert!(screen.contains("Travel interest 0"), "{screen}");
    assert!(
        !screen.contains("Travel interest 7"),
        "eight rows at most:\n{screen}"
    );
}

/// A loopback Graph whose behaviours list never ends: every page points to another. It counts
/// the requests it answered.
async fn endless_categories_graph() -> (String, std::sync::Arc<std::sync::atomic::AtomicU32>) {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};
    let hits = Arc::new(AtomicU32::new(0));
    let counted = hits.clone();
    let app = axum::Router::new().route(
        "/{version}/search",
        axum::routing::get(move || {
            let n = counted.fetch_add(1, Ordering::SeqCst) + 1;
            async move {
                axum::Json(json!({"data": [
                    {"id": n.to_string(), "name": format!("Behaviour {n}"), "type": "behaviors"}],
                    "paging": {"cursors": {"after": format!("p{n}")},
                               "next": "https://example.invalid/next"}}))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), hits)
}

#[tokio::test]
async fn a_behaviours_list_that_never_ends_is_refused_after_a_few_pages() {
    let (base, hits) = endless_categories_graph().await;
    let c = crate::common::launching::client(&base, "endless-categories");
    let e = c
        .targeting_categories(ACCOUNT, &SearchKind::Behaviors)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("page"), "{e}");
    assert_eq!(
        hits.load(std::sync::atomic::Ordering::SeqCst),
        dcw::graph::CATEGORY_PAGES,
        "no more requests than the cap"
    );
}
