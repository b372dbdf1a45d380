//! The wizard's `update`, without a terminal: a launch walked from an empty draft to a
//! submitted one, Back that never checks and never loses input, and the rules on the way.

use crate::common;

use common::wizard::*;
use crossterm::event::KeyCode;
use dcw::spec::Step;
use dcw::tui::Overlay;
use dcw::tui::form;
use dcw::tui::{Effect, Msg};
use serde_json::json;

#[test]
fn an_empty_draft_walks_to_a_submitted_launch() {
    let mut app = new_app();
    assert_eq!(app.step, Step::Account);
    // Account: the first account; the only Page and its Instagram account follow.
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        form::get_str(&app.draft, "account_id"),
        Some("act_1234567890")
    );
    assert_eq!(
        form::get_str(&app.draft, "page_id"),
        Some("102938475610293")
    );
    assert_eq!(
        form::get_str(&app.draft, "instagram_user_id"),
        Some("17841400000000000")
    );
    press(&mut app, KeyCode::PageDown);
    assert_eq!(app.step, Step::Objective);
    // Objective: none is chosen for the buyer; Enter takes the highlighted first one,
    // OUTCOME_SALES, and picks no goal.
    assert_eq!(form::get_str(&app.draft, "campaign.objective"), None);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        form::get_str(&app.draft, "campaign.objective"),
        Some("OUTCOME_SALES")
    );
    assert_eq!(form::get_str(&app.draft, "ad_set.optimization_goal"), None);
    press(&mut app, KeyCode::PageDown);
    assert_eq!(app.step, Step::Campaign);
    type_text(&mut app, "Winter Sale DC");
    press(&mut app, KeyCode::PageDown);
    assert_eq!(app.step, Step::AdSet);
    type_text(&mut app, "US adults");
    focus(&mut app, "ad_set.optimization_goal");
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "OFFSITE_CONV");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        form::get_str(&app.draft, "ad_set.optimization_goal"),
        Some("OFFSITE_CONVERSIONS")
    );
    focus(&mut app, "ad_set.daily_budget");
    type_text(&mut app, "50");
    assert_eq!(
        form::get(&app.draft, "ad_set.daily_budget"),
        Some(&json!(5000)),
        "$50 is 5000 cents"
    );
    focus(&mut app, "ad_set.targeting.geo_locations.countries");
    type_text(&mut app, "united st");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        form::get(&app.draft, "ad_set.targeting.geo_locations.countries"),
        Some(&json!(["US"]))
    );
    focus(&mut app, "ad_set.promoted_object.pixel_id");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.focus, "ad_set.promoted_object.custom_event_type");
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "purch");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        form::get_str(&app.draft, "ad_set.promoted_object.custom_event_type"),
        Some("PURCHASE")
    );
    press(&mut app, KeyCode::PageDown);
    assert_eq!(app.step, Step::Assets, "{:?}", app.notice);
    type_text(&mut app, "Winter creative");
    // An image by path (relative to where dcw runs), with the largest centred square crop.
    focus(&mut app, "#add_images");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.focus, "creative.asset_feed_spec.images[0].file");
    type_text(&mut app, "images/boots.jpg");
    press(&mut app, KeyCode::Tab);
    let file = form::get_str(&app.draft, "creative.asset_feed_spec.images[0].file")
        .unwrap()
        .to_string();
    assert!(
        file.starts_with('/') && file.ends_with("images/boots.jpg"),
        "{file}"
    );
    assert_eq!(app.focus, "creative.asset_feed_spec.images[0].image_crops");
    type_text(&mut app, "100x100");
    press(&mut app, KeyCode::Tab);
    let crop = form::get(&app.draft, "creative.asset_feed_spec.images[0].image_crops").unwrap();
    assert!(crop.get("100x100").is_some(), "{crop}");
    for (key, text) in [
        ("titles", "Boots for real winters"),
        ("bodies", "Our warmest boots are back."),
        ("descriptions", "Free returns"),
    ] {
        focus(&mut app, &format!("#add_{key}"));
        press(&mut app, KeyCode::Enter);
        type_text(&mut app, text);
    }
    focus(&mut app, "#add_link_urls");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "https://shop.example.com/winter");
    focus(&mut app, "creative.asset_feed_spec.call_to_action_types");
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(
        form::get(&app.draft, "creative.asset_feed_spec.call_to_action_types"),
        Some(&json!(["SHOP_NOW"]))
    );
    let fx = press(&mut app, KeyCode::PageDown);
    assert_eq!(
        app.step,
        Step::Review,
        "{:?} {:?}",
        app.notice,
        app.all_findings()
    );
    assert!(
        fx.iter().any(|e| matches!(e, Effect::Preflight { .. })),
        "entering Review runs the dry run: {fx:?}"
    );
    type_text(&mut app, "Winter ad");
    focus(&mut app, "#submit");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.overlay, Some(Overlay::ConfirmSubmit));
    // Only an uppercase Y launches.
    let fx = press(&mut app, KeyCode::Char('y'));
    assert!(fx.is_empty() && app.overlay.is_none() && app.review.launch.is_none());
    press(&mut app, KeyCode::Enter);
    let fx = press(&mut app, KeyCode::Char('Y'));
    let Some(Effect::Submit { spec, .. }) = fx.iter().find(|e| matches!(e, Effect::Submit { .. }))
    else {
        panic!("Y submits: {fx:?}");
    };
    assert_eq!(
        spec.campaign.as_ref().unwrap().name.as_deref(),
        Some("Winter Sale DC")
    );
    assert!(app.review.submitting());
    let findings = dcw::spec::validate(spec, &app.facts());
    assert!(findings.iter().all(|f| !f.is_error()), "{findings:?}");
}

#[test]
fn back_never_checks_and_never_loses_input() {
    let mut app = new_app();
    app.goto(Step::AdSet);
    type_text(&mut app, "half-typed name");
    focus(&mut app, "ad_set.daily_budget");
    type_text(&mut app, "12.3x");
    // Shift+Tab, Esc and PgUp go back without a word, and what was typed stays.
    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.step, Step::Campaign);
    assert!(app.notice.is_none(), "{:?}", app.notice);
    assert!(
        !app.shown_steps.contains(&Step::AdSet),
        "going back shows no errors"
    );
    press(&mut app, KeyCode::PageUp);
    assert_eq!(app.step, Step::Objective);
    app.goto(Step::AdSet);
    assert_eq!(
        form::get_str(&app.draft, "ad_set.name"),
        Some("half-typed name")
    );
    focus(&mut app, "ad_set.daily_budget");
    let (_, input) = app.edit.clone().unwrap();
    assert_eq!(
        input.text(),
        "12.3x",
        "unreadable text is kept where it was typed"
    );
}

#[test]
fn next_is_refused_while_the_step_has_errors_and_they_show_under_their_fields() {
    let mut app = new_app();
    app.goto(Step::Campaign);
    let before = render(&app, 120, 40);
    let form: Vec<&str> = before.lines().skip(2).collect();
    assert!(
        !form.concat().contains("✗"),
        "nothing shows before Next:\n{before}"
    );
    press(&mut app, KeyCode::PageDown);
    assert_eq!(app.step, Step::Campaign);
    assert_eq!(
        app.focus, "campaign.name",
        "the first field with an error gets focus"
    );
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("✗ 1 thing to fix before Ad set"),
        "{screen}"
    );
    let name_line = screen
        .lines()
        .position(|l| l.contains("Campaign name"))
        .unwrap();
    assert!(
        screen.lines().nth(name_line + 1).unwrap().contains('✗'),
        "{screen}"
    );
}

#[test]
fn leaving_a_field_forward_shows_its_findings_but_backward_does_not() {
    let mut app = new_app();
    app.goto(Step::AdSet);
    focus(&mut app, "ad_set.targeting.age_min");
    press(&mut app, KeyCode::End);
    type_text(&mut app, "0");
    assert_eq!(
        form::get(&app.draft, "ad_set.targeting.age_min"),
        Some(&json!(180))
    );
    press(&mut app, KeyCode::BackTab);
    let f = app
        .fields()
        .into_iter()
        .find(|f| f.id == "ad_set.targeting.age_min")
        .unwrap();
    assert!(
        app.field_findings(&f).is_empty(),
        "Shift+Tab does not check"
    );
    focus(&mut app, "ad_set.targeting.age_min");
    press(&mut app, KeyCode::Tab);
    let shown = app.field_findings(&f);
    assert!(
        shown
            .iter()
            .any(|x| x.path == "ad_set.targeting.age_min" && x.is_error()),
        "{shown:?}"
    );
}

#[test]
fn ctrl_s_jumps_to_review_from_anywhere_even_a_text_field() {
    let mut app = opened("sales-winter-boots.json");
    app.goto(Step::Campaign);
    assert!(app.edit.is_some(), "the campaign name is being edited");
    let fx = ctrl(&mut app, 's');
    assert_eq!(app.step, Step::Review);
    assert!(fx.iter().any(|e| matches!(e, Effect::Preflight { .. })));
}

#[test]
fn q_types_in_text_fields_and_quits_elsewhere_ctrl_c_always_quits() {
    let mut app = new_app();
    app.goto(Step::Campaign);
    type_text(&mut app, "q?");
    assert_eq!(form::get_str(&app.draft, "campaign.name"), Some("q?"));
    assert!(!app.quit && app.overlay.is_none());
    let fx = ctrl(&mut app, 'c');
    assert!(app.quit);
    assert!(
        fx.iter().any(|e| matches!(e, Effect::SaveDraft { .. })),
        "quitting saves: {fx:?}"
    );
    let mut app = new_app();
    press(&mut app, KeyCode::Char('?'));
    assert_eq!(app.overlay, Some(Overlay::Help));
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
    press(&mut app, KeyCode::Char('q'));
    assert!(app.quit);
}

#[test]
fn paste_is_one_edit_and_one_line_in_single_line_fields() {
    let mut app = new_app();
    app.goto(Step::Campaign);
    let fx = app.update(Msg::Paste("Winter\r\nSale".into()));
    assert_eq!(
        form::get_str(&app.draft, "campaign.name"),
        Some("Winter Sale")
    );
    assert_eq!(
        fx.iter()
            .filter(|e| matches!(e, Effect::ScheduleSave))
            .count(),
        1
    );
    app.goto(Step::Assets);
    focus(&mut app, "#add_bodies");
    press(&mut app, KeyCode::Enter);
    app.update(Msg::Paste("line one\nline two".into()));
    assert_eq!(
        form::get_str(&app.draft, "creative.asset_feed_spec.bodies[0].text"),
        Some("line one\nline two")
    );
}

#[test]
fn changes_are_saved_after_a_debounce_and_once_per_burst() {
    let mut app = new_app();
    app.goto(Step::Campaign);
    let fx = type_text(&mut app, "abc");
    assert_eq!(
        fx.iter()
            .filter(|e| matches!(e, Effect::ScheduleSave))
            .count(),
        1,
        "{fx:?}"
    );
    let fx = app.update(Msg::SaveDue);
    let Some(Effect::SaveDraft { text, .. }) = fx.first() else {
        panic!("{fx:?}")
    };
    let saved = dcw::spec::parse_spec(text).expect("a draft is a launch spec");
    assert_eq!(saved.campaign.unwrap().name.as_deref(), Some("abc"));
    let fx = type_text(&mut app, "d");
    assert!(
        fx.contains(&Effect::ScheduleSave),
        "a new burst schedules again"
    );
}

#[test]
fn opening_a_spec_starts_at_its_first_step_with_errors() {
    let mut v: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(examples_dir().join("sales-winter-boots.json")).unwrap(),
    )
    .unwrap();
    v["creative"]["asset_feed_spec"]["titles"][0]["text"] = json!("x".repeat(300));
    let mut abs = v.clone();
    dcw::tui::absolutize_images(&mut abs, &examples_dir());
    let app = opened_value(abs);
    assert_eq!(app.step, Step::Assets);
    let screen = render(&app, 120, 40);
    assert!(
        screen.contains("✗5 Assets") || screen.contains("▸5 Assets"),
        "{screen}"
    );
    let clean = opened("sales-winter-boots.json");
    assert_eq!(clean.step, Step::Account, "no errors: the first step");
}

#[test]
fn meta_refusals_land_on_the_fields_meta_blamed() {
    let mut app = opened("sales-winter-boots.json");
    app.goto(Step::Review);
    let generation = app.review.generation;
    let body = dcw::graph::GraphErrorBody {
        message: "Invalid parameter".into(),
        code: 100,
        error_subcode: Some(1_885_272),
        error_user_msg: Some("The minimum age is too low.".into()),
        error_data: Some(json!({"blame_field_specs": [["targeting", "age_min"]]})),
        ..Default::default()
    };
    let error = dcw::launch::LaunchError::Rejected {
        step: dcw::launch::LaunchStep::AdSet(0).into(),
        error: dcw::graph::CallError::Graph {
            status: 400,
            class: dcw::graph::classify(&body, 400),
            error: Box::new(body),
        },
        fields: vec!["audiences[0].targeting.age_min".into()],
    };
    app.update(Msg::Preflight(generation, Err(error)));
    assert!(app.step_has_errors(Step::AdSet));
    app.goto(Step::AdSet);
    let f = app
        .fields()
        .into_iter()
        .find(|f| f.id == "audiences[0].targeting.age_min")
        .unwrap();
    let shown = app.field_findings(&f);
    assert!(shown.iter().any(|x| x.code == "meta.refused"), "{shown:?}");
    // Changing that field clears Meta's word on it.
    focus(&mut app, "audiences[0].targeting.age_min");
    type_text(&mut app, "1");
    assert!(
        app.field_findings(&f)
            .iter()
            .all(|x| x.code != "meta.refused")
    );
}

#[test]
fn ctrl_d_removes_an_item_only_when_pressed_twice() {
    let mut app = opened("sales-winter-boots.json");
    app.goto(Step::Assets);
    focus(&mut app, "creative.asset_feed_spec.titles[1].text");
    ctrl(&mut app, 'd');
    assert_eq!(
        form::len(&app.draft, "creative.asset_feed_spec.titles"),
        3,
        "one Ctrl+D asks"
    );
    assert!(
        app.notice
            .as_deref()
            .unwrap()
            .contains("Ctrl+D again to remove Title 2")
    );
    press(&mut app, KeyCode::End);
    ctrl(&mut app, 'd');
    assert_eq!(
        form::len(&app.draft, "creative.asset_feed_spec.titles"),
        3,
        "another key in between cancels"
    );
    ctrl(&mut app, 'd');
    assert_eq!(form::len(&app.draft, "creative.asset_feed_spec.titles"), 2);
    assert_eq!(
        form::get_str(&app.draft, "creative.asset_feed_spec.titles[1].text"),
        Some("Winter gear that lasts")
    );
}

#[test]
fn a_country_typed_and_left_with_tab_is_added_not_dropped() {
    let mut app = new_app();
    app.goto(Step::AdSet);
    focus(&mut app, "ad_set.targeting.geo_locations.countries");
    type_text(&mut app, "Germany");
    press(&mut app, KeyCode::Tab);
    assert_eq!(
        form::get(&app.draft, "ad_set.targeting.geo_locations.countries"),
        Some(&json!(["DE"]))
    );
}

#[test]
fn no_placements_ticked_leaves_the_key_out_and_the_format_is_one_of() {
    let mut app = opened("sales-winter-boots.json");
    app.goto(Step::AdSet);
    // Manual placements start with every platform ticked; unticking them all is Advantage+.
    focus(&mut app, "#ad_set.placements");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    focus(&mut app, "ad_set.targeting.publisher_platforms");
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(
        form::get(&app.draft, "ad_set.targeting.publisher_platforms"),
        Some(&json!(["instagram", "audience_network", "messenger"]))
    );
    for _ in 0..3 {
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Char(' '));
    }
    assert_eq!(
        form::get(&app.draft, "ad_set.targeting.publisher_platforms"),
        None,
        "empty means Advantage+ placements"
    );
    app.goto(Step::Assets);
    focus(&mut app, "creative.asset_feed_spec.ad_formats");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(
        form::get(&app.draft, "creative.asset_feed_spec.ad_formats"),
        Some(&json!(["CAROUSEL"]))
    );
}

#[test]
fn space_flips_a_switch() {
    let mut app = new_app();
    app.goto(Step::AdSet);
    let path = "ad_set.targeting.targeting_automation.advantage_audience";
    focus(&mut app, path);
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(form::get(&app.draft, path), Some(&json!(1)));
}

#[test]
fn quitting_an_untouched_draft_saves_nothing() {
    let mut app = new_app();
    let fx = ctrl(&mut app, 'c');
    assert!(app.quit);
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::SaveDraft { .. })),
        "{fx:?}"
    );
}

#[test]
fn typing_the_ad_name_keeps_a_passed_dry_run_but_other_changes_drop_it() {
    use dcw::tui::Preflight;
    let mut app = opened("sales-winter-boots.json");
    let fx = ctrl(&mut app, 's');
    assert!(fx.iter().any(|e| matches!(e, Effect::Preflight { .. })));
    let generation = app.review.generation;
    app.update(Msg::Preflight(generation, Ok("ok".into())));
    assert_eq!(app.review.preflight, Preflight::Passed("ok".into()));
    type_text(&mut app, " 2");
    assert_eq!(app.review.preflight, Preflight::Passed("ok".into()));
    app.set_value("campaign.name", json!("Other"));
    assert_eq!(app.review.preflight, Preflight::NotRun);
}

#[test]
fn a_launched_draft_no_longer_changes() {
    let mut app = opened("sales-winter-boots.json");
    launch_done(&mut app);
    assert!(app.review.launched());
    // The wizard moves to the status pane; `l` goes back to the launch.
    assert!(app.show_status && app.status.is_some());
    // Typed into the pane's filter, `l` is a letter, not a way out.
    press(&mut app, KeyCode::Char('/'));
    press(&mut app, KeyCode::Char('l'));
    assert!(app.show_status);
    assert_eq!(app.status.as_ref().unwrap().filter, "l");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('l'));
    assert!(!app.show_status);
    app.goto(Step::Campaign);
    let before = app.draft.clone();
    type_text(&mut app, "x");
    assert_eq!(app.draft, before);
    assert!(app.notice.as_deref().unwrap().contains("launched"));
    let fx = ctrl(&mut app, 'c');
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::SaveDraft { .. })),
        "a launched draft is not saved again"
    );
}

#[test]
fn typing_in_a_list_filters_it() {
    let mut app = new_app();
    app.goto(Step::Objective);
    type_text(&mut app, "traf");
    assert_eq!(app.list.filter.as_ref().map(|f| f.text()), Some("traf"));
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        form::get_str(&app.draft, "campaign.objective"),
        Some("OUTCOME_TRAFFIC")
    );
}

#[test]
fn enter_on_a_crop_opens_the_editor_and_enter_saves_what_it_shows() {
    let mut app = opened("sales-winter-boots.json");
    app.goto(Step::Assets);
    focus(&mut app, "creative.asset_feed_spec.images[0].image_crops");
    press(&mut app, KeyCode::Enter);
    assert!(app.crop.is_some(), "{:?}", app.notice);
}

#[test]
fn the_crop_editor_moves_resizes_rekeys_and_saves_what_it_shows() {
    use dcw::spec::CropKey;
    let mut app = opened("sales-winter-boots.json");
    app.goto(Step::Assets);
    let field = "creative.asset_feed_spec.images[1].image_crops";
    focus(&mut app, field);
    press(&mut app, KeyCode::Enter);
    let ed = app.crop.clone().expect("the editor opens on Enter");
    assert_eq!(ed.size, (1200, 628));
    assert_eq!(ed.bx, [[286, 0], [914, 628]], "it opens on the stored crop");
    // Right moves by 2% of the long side (24 px); it stops at the edge.
    press(&mut app, KeyCode::Right);
    assert_eq!(app.crop.as_ref().unwrap().bx, [[310, 0], [938, 628]]);
    for _ in 0..50 {
        press(&mut app, KeyCode::Right);
    }
    assert_eq!(
        app.crop.as_ref().unwrap().bx[1][0],
        1200,
        "never leaves the image"
    );
    press(&mut app, KeyCode::Home);
    assert_eq!(app.crop.as_ref().unwrap().bx, [[286, 0], [914, 628]]);
    press(&mut app, KeyCode::Char('-'));
    let small = app.crop.as_ref().unwrap().bx;
    assert!(small[1][0] - small[0][0] < 628 && CropKey::Square100x100.fits(&small));
    press(&mut app, KeyCode::Char('6'));
    let ed = app.crop.clone().unwrap();
    assert_eq!(ed.key, CropKey::Vertical90x160);
    assert!(CropKey::Vertical90x160.fits(&ed.bx), "{:?}", ed.bx);
    // Typed coordinates are checked before they are taken.
    press(&mut app, KeyCode::Char('e'));
    ctrl(&mut app, 'u');
    for _ in 0..30 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "0,0,100,100");
    press(&mut app, KeyCode::Enter);
    let ed = app.crop.clone().unwrap();
    assert!(
        ed.error.as_deref().unwrap().contains("shape"),
        "{:?}",
        ed.error
    );
    press(&mut app, KeyCode::Esc);
    assert!(
        app.crop.as_ref().unwrap().typing.is_none(),
        "Esc leaves typing, not the editor"
    );
    let shown = app.crop.as_ref().unwrap().bx;
    press(&mut app, KeyCode::Enter);
    assert!(app.crop.is_none());
    assert_eq!(
        form::get(&app.draft, field),
        Some(&json!({"90x160": shown})),
        "the crop saved is the crop shown"
    );
    let (_, input) = app.edit.clone().unwrap();
    assert!(
        input.text().starts_with("90x160 "),
        "the field shows it: {}",
        input.text()
    );
    // Esc closes without saving.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        form::get(&app.draft, field),
        Some(&json!({"90x160": shown}))
    );
}

#[test]
fn previews_are_decoded_once_and_encoded_per_size() {
    let mut app = opened("sales-winter-boots.json");
    app.update(Msg::Resize(120, 40));
    app.goto(Step::Assets);
    focus(&mut app, "creative.asset_feed_spec.images[0].image_crops");
    let fx = app.update(Msg::Resize(120, 40));
    assert!(
        fx.is_empty() || fx.iter().all(|e| !matches!(e, Effect::Decode(_))),
        "decoded already: {fx:?}"
    );
    assert_eq!(app.previews.len(), 1, "the focused image's preview");
    let fx = app.update(Msg::Resize(140, 44));
    assert!(
        fx.iter().all(|e| !matches!(e, Effect::Decode(_))),
        "a resize does not decode again"
    );
    assert!(
        fx.iter().any(|e| matches!(e, Effect::EncodePreview { .. })),
        "it re-scales: {fx:?}"
    );
}

#[test]
fn a_paste_in_the_crop_editor_never_reaches_the_field_behind_it() {
    let mut app = opened("sales-winter-boots.json");
    app.goto(Step::Assets);
    let field = "creative.asset_feed_spec.images[0].image_crops";
    focus(&mut app, field);
    let before = form::get(&app.draft, field).cloned();
    press(&mut app, KeyCode::Enter);
    app.update(Msg::Paste("400x150 0,0,400,150".into()));
    press(&mut app, KeyCode::Esc);
    assert_eq!(form::get(&app.draft, field).cloned(), before);
    // While typing coordinates, the paste goes there.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('e'));
    ctrl(&mut app, 'u');
    for _ in 0..20 {
        press(&mut app, KeyCode::Backspace);
    }
    app.update(Msg::Paste("0,0,\n540,540".into()));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.crop.as_ref().unwrap().bx, [[0, 0], [540, 540]]);
}

#[test]
fn a_stored_crop_of_the_wrong_shape_opens_as_the_nearest_right_one() {
    use dcw::spec::CropKey;
    let mut app = opened("sales-winter-boots.json");
    let field = "creative.asset_feed_spec.images[0].image_crops";
    app.set_value(field, json!({"100x100": [[0, 0], [1000, 500]]}));
    app.goto(Step::Assets);
    focus(&mut app, field);
    press(&mut app, KeyCode::Enter);
    let ed = app.crop.clone().unwrap();
    assert!(CropKey::Square100x100.fits(&ed.bx), "{:?}", ed.bx);
    app.crop = None;
    app.set_value(field, json!({"100x100": [[500, 500], [100, 100]]}));
    app.goto(Step::Assets);
    focus(&mut app, field);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.crop.as_ref().unwrap().bx,
        [[0, 0], [1080, 1080]],
        "an inverted box starts over"
    );
}

#[test]
fn the_editor_does_not_save_a_box_that_cannot_be_sent() {
    use dcw::spec::CropKey;
    use dcw::tui::CropEditor;
    // However the box came to be the wrong shape, Enter refuses to save it.
    let mut ed = CropEditor::open(
        "creative.asset_feed_spec.images[0]",
        "x.jpg",
        (1000, 3000),
        None,
    );
    ed.set_key(CropKey::Banner400x150);
    ed.bx = [[0, 0], [500, 500]];
    let enter =
        crossterm::event::KeyEvent::new(KeyCode::Enter, crossterm::event::KeyModifiers::NONE);
    let keys = dcw::tui::KeyMap::default();
    assert_eq!(ed.on_key(&keys, enter), None, "Enter does not close");
    assert!(
        ed.error.as_deref().unwrap().contains("not saved"),
        "{:?}",
        ed.error
    );
}

#[test]
fn a_held_arrow_encodes_one_picture_per_panel_at_a_time_and_no_colour_decodes_nothing() {
    let mut app = opened("sales-winter-boots.json");
    app.goto(Step::Assets);
    focus(&mut app, "creative.asset_feed_spec.images[0].image_crops");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('-'));
    // Two moves without the encodes coming back: the second asks for nothing new.
    let right = || {
        Msg::Key(crossterm::event::KeyEvent::new(
            KeyCode::Right,
            crossterm::event::KeyModifiers::NONE,
        ))
    };
    let first = app.update(right());
    let encodes = |fx: &[Effect]| {
        fx.iter()
            .filter(|e| matches!(e, Effect::EncodePreview { .. }))
            .count()
    };
    assert_eq!(
        encodes(&first),
        4,
        "the image and three placements: {first:?}"
    );
    let second = app.update(right());
    assert_eq!(encodes(&second), 0, "{second:?}");
    // Without colour there are no pictures, so nothing is decoded.
    let mut plain = opened("sales-winter-boots.json");
    plain.ctx.pictures = false;
    plain.goto(Step::Assets);
    focus(&mut plain, "creative.asset_feed_spec.images[0].image_crops");
    let fx = plain.update(Msg::Resize(120, 40));
    assert!(
        !fx.iter()
            .any(|e| matches!(e, Effect::Decode(_) | Effect::EncodePreview { .. })),
        "{fx:?}"
    );
}

#[test]
fn the_review_steps_money_line_is_the_one_dcw_submit_prints() {
    let draft = common::cli::daily_and_lifetime_json();
    let app = opened_value(draft);
    assert_eq!(
        dcw::tui::budget_summary(&app),
        common::cli::DAILY_AND_LIFETIME_LINE
    );
}

/// Ctrl+S is refused like Next while a step before Review has errors: the first such step
/// opens with the focus on its first error; once nothing is wrong, it goes to Review.
#[test]
fn ctrl_s_with_errors_opens_the_first_step_with_one_at_its_first_error() {
    let mut app = opened("sales-winter-boots.json");
    goto(&mut app, Step::Account);
    let links = form::remove(&mut app.draft, "creative.asset_feed_spec.link_urls");
    assert!(links.is_some(), "the example has links");
    app.revalidate();
    ctrl(&mut app, 's');
    assert_eq!(app.step, Step::Assets, "{:?}", app.notice);
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("to fix before Review")),
        "{:?}",
        app.notice
    );
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("› [ + Add link ]"),
        "the link list is not focused and in view:\n{screen}"
    );

    form::set(
        &mut app.draft,
        "creative.asset_feed_spec.link_urls",
        links.unwrap(),
    );
    app.revalidate();
    ctrl(&mut app, 's');
    assert_eq!(app.step, Step::Review, "{:?}", app.notice);
}

/// Text a field cannot store is refused in the buyer's words: the field as the wizard labels
/// it comes first, then why, under the field.
#[test]
fn text_a_field_cannot_store_names_the_field_first() {
    let mut app = opened("sales-winter-boots.json");
    goto(&mut app, Step::AdSet);
    focus(&mut app, "ad_set.targeting.age_min");
    type_text(&mut app, "abc");
    let why = app
        .all_findings()
        .into_iter()
        .find(|f| f.code == "input.unreadable")
        .expect("the typed text is refused");
    assert!(why.message.starts_with("Age from: "), "{}", why.message);
    let screen = render(&app, 120, 40);
    assert!(screen.contains("✗ Age from: "), "{screen}");
}

/// The wizard's checks take the account's house policy (the config file's `accounts`): a draft
/// opting in to a forbidden Advantage+ creative feature has an error on Assets naming it, which
/// writing OPT_OUT clears; another account's policy does not apply.
#[test]
fn the_wizard_refuses_a_feature_the_accounts_policy_forbids() {
    let mut app = opened("sales-winter-boots.json");
    let path = "creative.degrees_of_freedom_spec";
    let features = |status: &str| json!({"creative_features_spec": {"text_translation": {"enroll_status": status}}});
    form::set(&mut app.draft, path, features("OPT_IN"));
    let forbidden = |app: &dcw::tui::App| {
        app.findings
            .iter()
            .filter(|f| f.code == "creative.feature_forbidden")
            .map(|f| (f.step(), f.message.clone()))
            .collect::<Vec<_>>()
    };
    app.ctx
        .never_features
        .insert("999".into(), vec!["text_translation".into()]);
    app.revalidate();
    assert!(forbidden(&app).is_empty(), "another account's policy");
    let digits = app.account_digits().expect("the example names its account");
    app.ctx
        .never_features
        .insert(digits, vec!["text_translation".into()]);
    app.revalidate();
    let found = forbidden(&app);
    assert_eq!(found.len(), 1, "{:?}", app.findings);
    assert_eq!(found[0].0, Step::Assets);
    assert!(
        found[0].1.contains("\"text_translation\""),
        "{}",
        found[0].1
    );
    form::set(&mut app.draft, path, features("OPT_OUT"));
    app.revalidate();
    assert!(forbidden(&app).is_empty(), "{:?}", app.findings);
}
