//! Pickers and one meaning per key: in a type-ahead (countries) ↑/↓ move a highlight and nothing
//! is added before Enter (or Space once the highlight moved); every list opens with its current
//! choice highlighted, also when its options arrive after it was focused; Enter chooses in a
//! single choice and moves on, and never changes a tick in a multi-select or flips a switch.
//! First on the model (`update`), then on the real binary in tmux at 120x40.

use crate::common;
use crate::require_tmux;

use common::tmux::{DEADLINE, Start, Tmux, focused_on, focused_row, row, tab_to, wait_for_value};
use common::wizard::*;
use crossterm::event::KeyCode;
use dcw::spec::Step;
use dcw::tui::form::{self, FieldKind};
use dcw::tui::{App, Ctx, KeyMap, Msg};
use serde_json::{Value, json};

const COUNTRIES: &str = "ad_set.targeting.geo_locations.countries";
const CATEGORIES: &str = "campaign.special_ad_categories";
const CTAS: &str = "creative.asset_feed_spec.call_to_action_types";

/// The countries added, in order (none when the key is absent or empty).
fn countries(app: &App) -> Vec<String> {
    form::get(&app.draft, COUNTRIES)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// A new draft on the Ad set step with its Countries field focused, nothing typed.
fn on_countries() -> App {
    let mut app = new_app();
    app.goto(Step::AdSet);
    focus(&mut app, COUNTRIES);
    app
}

/// What the focused type-ahead holds as typed.
fn typed(app: &App) -> String {
    app.edit
        .as_ref()
        .map(|(_, i)| i.text().to_string())
        .unwrap_or_default()
}

#[test]
fn down_moves_the_highlight_through_the_countries_and_enter_adds_only_the_highlighted_one() {
    let mut app = on_countries();
    type_text(&mut app, "united");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    assert_eq!(countries(&app), Vec::<String>::new(), "↓ added a country");
    assert_eq!(app.focus, COUNTRIES, "↓ left the field");
    let screen = render(&app, 120, 40);
    for row in [
        "US  United States",
        "GB  United Kingdom",
        "AE  United Arab Emirates",
    ] {
        assert!(
            screen.contains(row),
            "no {row:?} among the suggestions:\n{screen}"
        );
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(countries(&app), ["AE"], "{:?}", app.notice);
    assert_eq!(app.focus, COUNTRIES, "Enter stays to add another");
    assert_eq!(typed(&app), "", "the search is cleared once added");
    // ↑ goes back up the suggestions, and stops at the first.
    type_text(&mut app, "united");
    for _ in 0..3 {
        press(&mut app, KeyCode::Up);
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(countries(&app), ["AE", "US"]);
}

#[test]
fn uk_and_the_other_common_names_add_their_country() {
    for (typed_name, code) in [
        ("uk", "GB"),
        ("britain", "GB"),
        ("usa", "US"),
        ("uae", "AE"),
        ("korea", "KR"),
    ] {
        let mut app = on_countries();
        type_text(&mut app, typed_name);
        press(&mut app, KeyCode::Enter);
        assert_eq!(countries(&app), [code], "{typed_name:?}");
    }
}

#[test]
fn korea_lists_north_korea_under_south_korea() {
    let mut app = on_countries();
    type_text(&mut app, "korea");
    let screen = render(&app, 120, 40);
    let south = screen.find("KR  South Korea");
    let north = screen.find("KP  North Korea");
    assert!(
        south.is_some() && north.is_some() && south < north,
        "KR then KP:\n{screen}"
    );
}

#[test]
fn space_types_in_a_country_name_until_the_highlight_moves_then_adds_it() {
    let mut app = on_countries();
    type_text(&mut app, "united s");
    assert_eq!(typed(&app), "united s", "Space typed a space");
    assert_eq!(countries(&app), Vec::<String>::new());
    // "united s": the United States, then its Minor Outlying Islands.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(countries(&app), ["UM"]);
    assert_eq!(typed(&app), "");
}

#[test]
fn leaving_the_countries_adds_only_a_country_the_text_names_exactly() {
    let mut app = on_countries();
    type_text(&mut app, "united");
    press(&mut app, KeyCode::Tab);
    assert_eq!(
        countries(&app),
        Vec::<String>::new(),
        "Tab picked one of several countries"
    );
    let notice = app.notice.clone().unwrap_or_default();
    assert!(
        notice.contains("Countries") && notice.contains("\"united\" was not added"),
        "{notice}"
    );
    let mut app = on_countries();
    type_text(&mut app, "england");
    press(&mut app, KeyCode::Tab);
    assert_eq!(countries(&app), ["GB"]);
}

#[test]
fn a_pasted_list_adds_the_countries_it_names_and_keeps_the_rest_typed() {
    let mut app = on_countries();
    app.update(Msg::Paste("US, uk, united".into()));
    press(&mut app, KeyCode::Enter);
    assert_eq!(countries(&app), ["US", "GB"]);
    assert_eq!(typed(&app), "united");
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("\"united\" was not added")),
        "{:?}",
        app.notice
    );
}

#[test]
fn the_account_list_opens_on_the_specs_account_when_the_accounts_arrive_after_it() {
    let text = std::fs::read_to_string(examples_dir().join("sales-winter-boots.json")).unwrap();
    let draft: Value = serde_json::from_str(&text).unwrap();
    let mut app = App::new(
        draft,
        "test-draft".into(),
        Ctx::new(true, "v26.0"),
        KeyMap::default(),
    );
    assert_eq!(app.step, Step::Account);
    assert_eq!(app.focus, "account_id");
    // Focused while loading: "Loading…" and the spec's account (second) were its options.
    app.update(Msg::Accounts(Ok(accounts())));
    app.update(Msg::Pages(Ok(pages())));
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        form::get_str(&app.draft, "account_id"),
        Some("act_1234567890"),
        "Enter switched the spec's USD account"
    );
    assert_eq!(app.focus, "page_id", "Enter moves on");
}

/// The options of a list field, in the order shown.
fn options(app: &App, id: &str) -> Vec<String> {
    let field = app.fields().into_iter().find(|f| f.id == id).unwrap();
    match field.kind {
        FieldKind::Multi { options, .. } | FieldKind::Choice { options } => {
            options.into_iter().map(|o| o.value).collect()
        }
        other => panic!("{id} is not a list: {other:?}"),
    }
}

#[test]
fn lists_open_on_their_current_choice() {
    let mut app = opened("sales-winter-boots.json");
    app.goto(Step::Objective);
    assert_eq!(app.focus, "campaign.objective");
    let objectives = options(&app, "campaign.objective");
    assert_eq!(objectives[app.list.cursor], "OUTCOME_SALES");
    app.goto(Step::Assets);
    focus(&mut app, CTAS);
    let ctas = options(&app, CTAS);
    assert_eq!(ctas[app.list.cursor], "SHOP_NOW", "the first one ticked");
}

#[test]
fn enter_on_a_multi_select_moves_on_and_never_changes_a_tick() {
    let mut app = opened("sales-winter-boots.json");
    app.goto(Step::Objective);
    focus(&mut app, CATEGORIES);
    press(&mut app, KeyCode::Enter);
    assert_eq!(form::get(&app.draft, CATEGORIES), Some(&json!([])));
    assert_ne!(app.focus, CATEGORIES, "Enter moves on");

    app.goto(Step::Assets);
    focus(&mut app, CTAS);
    let before = form::get(&app.draft, CTAS).cloned();
    assert_eq!(before, Some(json!(["SHOP_NOW", "LEARN_MORE"])));
    press(&mut app, KeyCode::Enter);
    assert_eq!(form::get(&app.draft, CTAS).cloned(), before);
    assert_ne!(app.focus, CTAS);
}

#[test]
fn in_a_multi_selects_filter_enter_never_ticks_and_space_after_a_move_does() {
    let mut app = opened("sales-winter-boots.json");
    app.goto(Step::Objective);
    focus(&mut app, CATEGORIES);
    type_text(&mut app, "emp");
    press(&mut app, KeyCode::Enter);
    assert_eq!(form::get(&app.draft, CATEGORIES), Some(&json!([])));
    assert!(app.list.filter.is_none(), "Enter ends the filter");

    app.goto(Step::Objective);
    focus(&mut app, CATEGORIES);
    type_text(&mut app, "emp");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(
        form::get(&app.draft, CATEGORIES),
        Some(&json!(["EMPLOYMENT"]))
    );
}

#[test]
fn enter_on_a_switch_moves_on_without_flipping_it() {
    let mut app = new_app();
    app.goto(Step::AdSet);
    let path = "ad_set.targeting.targeting_automation.advantage_audience";
    focus(&mut app, path);
    let before = form::get(&app.draft, path).cloned();
    press(&mut app, KeyCode::Enter);
    assert_eq!(form::get(&app.draft, path).cloned(), before);
    assert_ne!(app.focus, path);
}

#[test]
fn the_hints_and_help_say_what_enter_and_space_do_here() {
    let mut app = opened("sales-winter-boots.json");
    app.goto(Step::Assets);
    focus(&mut app, CTAS);
    let screen = render(&app, 120, 40);
    assert!(screen.contains("Enter next"), "{screen}");
    assert!(screen.contains("Space tick"), "{screen}");
    app.goto(Step::Objective);
    let screen = render(&app, 120, 40);
    assert!(screen.contains("Enter choose"), "{screen}");
    press(&mut app, KeyCode::Char('?'));
    let help = render(&app, 120, 40);
    assert!(help.contains("never ticks"), "{help}");
    assert!(help.contains("only Space ticks"), "{help}");
}

#[test]
fn the_countries_hints_say_arrows_move_and_enter_adds() {
    let mut app = on_countries();
    let screen = render(&app, 120, 40);
    assert!(screen.contains("Enter next"), "nothing typed: {screen}");
    type_text(&mut app, "uk");
    let screen = render(&app, 120, 40);
    assert!(screen.contains("↑↓ move · Enter add"), "{screen}");
}

// ----- the real binary, in tmux at 120x40 -----

fn example(name: &str) -> String {
    examples_dir().join(name).display().to_string()
}

/// The sales example opened in the wizard, on the Ad set step's Countries (US already there).
fn example_on_countries(test: &str) -> Tmux {
    let t = Tmux::start(
        test,
        Start::new(&["open", &example("sales-winter-boots.json")]),
    );
    t.wait_for("dcw Demo (USD)");
    for step in ["2. Objective", "3. Campaign", "4. Ad set"] {
        t.keys(&["PageDown"]);
        t.wait_for(step);
    }
    tab_to(&t, "Countries");
    t
}

#[test]
fn tmux_united_down_down_enter_adds_the_highlighted_country_and_only_it() {
    require_tmux!("the wizard's countries");
    let t = example_on_countries("united");
    t.type_text("united");
    t.wait_for("AE  United Arab Emirates");
    t.keys(&["Down", "Down"]);
    // The highlight (reversed) is on the third suggestion; nothing was added.
    wait_for_value("the highlight on the Emirates", DEADLINE, || {
        t.screen_with_escapes()
            .lines()
            .any(|l| l.contains("AE  United Arab Emirates") && l.contains("\u{1b}[7m"))
            .then_some(())
    });
    let screen = t.screen();
    assert!(
        row(&screen, "Countries").contains("US United States")
            && !row(&screen, "Countries").contains("AE"),
        "↓ added a country:\n{screen}"
    );
    assert!(focused_on(&screen, "Countries"), "{screen}");
    t.keys(&["Enter"]);
    let screen = t.wait_until("the Emirates added", |s| {
        row(s, "Countries").contains("AE United Arab Emirates")
    });
    let countries = row(&screen, "Countries");
    assert!(
        !countries.contains("GB") && !countries.contains("UM"),
        "more than the highlighted country was added: {countries}"
    );
}

#[test]
fn tmux_uk_enter_adds_the_united_kingdom() {
    require_tmux!("the wizard's countries");
    let t = example_on_countries("uk");
    t.type_text("uk");
    t.wait_for("GB  United Kingdom");
    t.keys(&["Enter"]);
    let screen = t.wait_until("the United Kingdom added", |s| {
        row(s, "Countries").contains("GB United Kingdom")
    });
    assert!(
        !row(&screen, "Countries").contains("UA"),
        "Ukraine was added:\n{screen}"
    );
}

#[test]
fn tmux_enter_on_the_opened_examples_account_keeps_its_account() {
    require_tmux!("the wizard's account list");
    // The JPY example: its account is the second the sandbox lists.
    let t = Tmux::start(
        "account",
        Start::new(&["open", &example("awareness-city-festival.json")]),
    );
    t.wait_for("dcw Demo (USD)");
    t.wait_until("the Account step", |s| focused_on(s, "Ad account"));
    t.keys(&["Enter"]);
    let screen = t.wait_until("the focus on the Page", |s| focused_on(s, "Facebook Page"));
    assert!(
        row(&screen, "Ad account").contains("dcw Demo (JPY)"),
        "Enter switched the account:\n{screen}"
    );
    assert!(row(&screen, "Currency").contains("JPY"), "{screen}");
}

#[test]
fn tmux_enter_on_a_multi_select_never_changes_a_tick() {
    require_tmux!("the wizard's multi-selects");
    let t = Tmux::start(
        "multi",
        Start::new(&["open", &example("sales-winter-boots.json")]),
    );
    t.wait_for("dcw Demo (USD)");
    t.keys(&["PageDown"]);
    t.wait_for("2. Objective");
    tab_to(&t, "Special ad categories");
    // The step's last field: Enter moves on to the next step, ticking nothing.
    t.keys(&["Enter"]);
    t.wait_for("3. Campaign");
    t.keys(&["PageUp"]);
    let screen = t.wait_for("2. Objective");
    assert!(
        row(&screen, "Special ad categories").contains("none"),
        "Enter ticked a category:\n{screen}"
    );
    for step in ["3. Campaign", "4. Ad set", "5. Assets"] {
        t.keys(&["PageDown"]);
        t.wait_for(step);
    }
    tab_to(&t, "Call to action");
    t.keys(&["Enter"]);
    let screen = t.wait_until("the focus past the call to action", |s| {
        focused_row(s).is_some() && !focused_on(s, "Call to action")
    });
    assert!(
        // Two spaces: the field's row, not the section "Call to action and format".
        row(&screen, "Call to action  ").contains("SHOP_NOW, LEARN_MORE"),
        "Enter changed a tick:\n{screen}"
    );
}
