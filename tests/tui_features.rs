//! Meta's enhancements in the wizard and Review's honest count, driven through the app's keys
//! and drawn at 80x24: each feature in words with its state and the account's policy beside it,
//! Space and the «opt out of all» key changing the draft, Review's one block.

use crate::common;

use common::wizard::*;
use crossterm::event::KeyCode;
use dcw::spec::Step;
use dcw::tui::App;
use dcw::tui::form;

const FEATURES: &str = "creative.degrees_of_freedom_spec.creative_features_spec";

fn normalise(text: String) -> String {
    text.replace(env!("CARGO_MANIFEST_DIR"), "[repo]")
}

/// The sales example on Assets, the account's policy forbidding `text_translation`, the focus
/// on that feature.
fn on_text_translation() -> App {
    let mut app = opened("sales-winter-boots.json");
    app.ctx
        .never_features
        .insert("1234567890".into(), vec!["text_translation".into()]);
    app.revalidate();
    goto(&mut app, Step::Assets);
    app.focus = format!("{FEATURES}.text_translation");
    assert_eq!(
        app.focused_field().map(|f| f.id),
        Some(app.focus.clone()),
        "the feature's field is on Assets"
    );
    app
}

/// The section at 80x24: the feature in words, "Meta decides" with Meta's default, the policy
/// marked beside it, its help, and the key that opts out of all in the hint bar.
#[test]
fn the_features_section_shows_each_feature_in_words_with_its_state_and_the_policy() {
    let app = on_text_translation();
    let s = normalise(render(&app, 80, 24));
    assert!(
        s.contains("text_translation      Meta decides: ? · ✗ policy: never · Meta may "),
        "{s}"
    );
    assert!(s.contains("policy in the config file forbids it"), "{s}");
    assert!(s.contains("O opt out of all"), "{s}");
    insta::assert_snapshot!("features_section_80x24", s);
}

/// Space cycles the focused feature through the app's key table; «O» opts out of every one;
/// undo takes that back whole.
#[test]
fn space_cycles_a_feature_and_o_opts_out_of_all_until_undone() {
    let mut app = on_text_translation();
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(
        form::get_str(
            &app.draft,
            &format!("{FEATURES}.text_translation.enroll_status")
        ),
        Some("OPT_IN")
    );
    assert!(
        render(&app, 80, 24).contains("text_translation      Opt in · ✗ policy: never"),
        "the state is drawn"
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        form::get_str(
            &app.draft,
            &format!("{FEATURES}.text_translation.enroll_status")
        ),
        Some("OPT_OUT")
    );
    type_text(&mut app, "O");
    let all = form::get(&app.draft, FEATURES)
        .and_then(|v| v.as_object())
        .unwrap();
    assert_eq!(all.len(), dcw::spec::CREATIVE_FEATURES.len());
    assert!(all.values().all(|v| v["enroll_status"] == "OPT_OUT"));
    ctrl(&mut app, 'z');
    let back = form::get(&app.draft, FEATURES)
        .and_then(|v| v.as_object())
        .unwrap();
    assert_eq!(back.len(), 1, "undo takes «opt out of all» back whole");
}

/// Review's block at 80x24 (scrolled to it): the combinations, the placements, the fallback,
/// Meta's enhancements counted and the policy named; every line within 80 columns.
#[test]
fn review_shows_the_honest_count_and_the_enhancements_in_one_block() {
    let mut app = on_text_translation();
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char(' '));
    goto(&mut app, Step::Review);
    app.focus = "#submit".into();
    let mut s = String::new();
    for _ in 0..40 {
        s = normalise(render(&app, 80, 24));
        if s.contains("Combos ") && s.contains("text_translation (off)") {
            break;
        }
        press(&mut app, KeyCode::Down);
    }
    assert!(
        s.contains("Combos      72 combinations: 3 images × 3 titles × 2 bodies × 2"),
        "{s}"
    );
    // Placements that hide a kind of text show fewer distinct ads.
    assert!(
        s.contains("Per placement: Instagram Feed 36 · Stories and Reels 9:16 36 ·"),
        "{s}"
    );
    // One feature off; the others and music left to Meta.
    let left = dcw::spec::CREATIVE_FEATURES.len() - 1 + 1;
    assert!(
        s.contains(&format!(
            "Features    Meta's enhancements: 1 off, 0 on, {left} left to Meta; the"
        )),
        "{s}"
    );
    assert!(s.contains("text_translation (off)"), "{s}");
    insta::assert_snapshot!("review_count_80x24", s);
}
