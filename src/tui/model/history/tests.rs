//! The draft's undo history: its caps, redo cleared by a new change, bursts of typing, and
//! undo across steps (the field shown and focused again).

use serde_json::json;

use super::*;
use crate::tui::form::{Field, FieldKind};
use crate::tui::model::{Ctx, StepRules, empty_draft};

/// Two steps with typed fields, enough to move between them.
struct Rules;

impl StepRules for Rules {
    fn fields(&self, m: &Model) -> Vec<Field> {
        match m.step {
            Step::Campaign => vec![
                Field::new("campaign.name", "Campaign name", FieldKind::text()),
                Field::new("campaign.spend_cap", "Spend cap", FieldKind::Int),
            ],
            _ => vec![
                Field::new("ad_set.name", "Ad set name", FieldKind::text()),
                Field::new("ad_set.targeting.age_min", "Age from", FieldKind::Int),
            ],
        }
    }
}

fn rules(_: Step) -> &'static dyn StepRules {
    &Rules
}

fn model() -> Model {
    Model::new(empty_draft(), "d1".into(), Ctx::new(true, "v26.0"), rules)
}

/// One key press that types `text` into the focused field (as the app wraps each key).
fn type_key(m: &mut Model, c: char) {
    m.begin_input();
    if let Some((_, input)) = &mut m.edit {
        input.insert_char(c);
    }
    crate::tui::edit::commit(m);
    m.end_input();
}

fn change(i: usize, text: &str) -> Change {
    Change::new(
        &format!("a[{i}]"),
        json!(null),
        json!(text),
        Step::Campaign,
        "a",
    )
}

#[test]
fn the_history_keeps_at_most_max_steps_dropping_the_oldest() {
    let mut h = History::default();
    for i in 0..MAX_STEPS + 50 {
        h.record(change(i, "x"), None);
    }
    assert_eq!(h.undo_len(), MAX_STEPS);
    const { assert!(MAX_STEPS >= 100, "at least 100 steps are kept") };
    // The newest is on top; the 50 oldest are gone.
    assert_eq!(
        h.take_undo().unwrap().path,
        format!("a[{}]", MAX_STEPS + 49)
    );
    let mut last = None;
    while let Some(c) = h.take_undo() {
        last = Some(c.path);
    }
    assert_eq!(last.as_deref(), Some("a[50]"));
}

#[test]
fn the_history_keeps_at_most_max_bytes_of_values() {
    let mut h = History::default();
    let big = "x".repeat(256 * 1024);
    for i in 0..40 {
        h.record(change(i, &big), None);
        assert!(h.bytes() <= MAX_BYTES, "{} bytes after {i}", h.bytes());
    }
    assert!(h.undo_len() < 40 && h.undo_len() >= MAX_BYTES / (300 * 1024));
    // Undone steps move to redo and still count; a new change frees them.
    while h.take_undo().is_some() {}
    assert!(h.bytes() > 0);
    h.record(change(0, "y"), None);
    assert_eq!(h.redo_len(), 0);
    assert!(h.bytes() < 100, "{}", h.bytes());
}

#[test]
fn a_new_change_clears_redo() {
    let mut m = model();
    m.goto(Step::Campaign);
    for c in "Boots".chars() {
        type_key(&mut m, c);
    }
    m.undo();
    assert_eq!(m.history.redo_len(), 1);
    type_key(&mut m, 'X');
    assert_eq!(m.history.redo_len(), 0, "typing after an undo ends redo");
    assert_eq!(m.redo(), Vec::new());
    assert_eq!(m.notice.as_deref(), Some("Nothing to redo."));
    assert_eq!(form::get_str(&m.draft, "campaign.name"), Some("X"));
}

#[test]
fn typing_in_one_field_is_one_step_until_the_focus_leaves_it() {
    let mut m = model();
    m.goto(Step::Campaign);
    for c in "Winter boots".chars() {
        type_key(&mut m, c);
    }
    assert_eq!(m.history.undo_len(), 1, "one burst of typing");
    m.next_field(false);
    m.begin_input();
    m.prev_field();
    m.end_input();
    type_key(&mut m, '!');
    assert_eq!(m.history.undo_len(), 2, "back in the field: a new step");
    m.undo();
    assert_eq!(
        form::get_str(&m.draft, "campaign.name"),
        Some("Winter boots")
    );
    m.undo();
    assert_eq!(form::get(&m.draft, "campaign.name"), None, "{:#}", m.draft);
    m.redo();
    assert_eq!(
        form::get_str(&m.draft, "campaign.name"),
        Some("Winter boots")
    );
    assert_eq!(m.edit.as_ref().map(|(_, i)| i.text()), Some("Winter boots"));
}

#[test]
fn undo_after_moving_to_another_step_restores_and_focuses_the_field_there() {
    let mut m = model();
    m.goto(Step::Campaign);
    for c in "Sale".chars() {
        type_key(&mut m, c);
    }
    m.goto(Step::AdSet);
    m.next_field(false);
    assert_eq!(m.focus, "ad_set.targeting.age_min");
    // The age is selected on entry: typing replaces it.
    type_key(&mut m, '2');
    type_key(&mut m, '5');
    assert_eq!(
        form::get(&m.draft, "ad_set.targeting.age_min"),
        Some(&json!(25))
    );
    m.undo();
    assert_eq!(
        form::get(&m.draft, "ad_set.targeting.age_min"),
        Some(&json!(18))
    );
    m.undo();
    assert_eq!(m.step, Step::Campaign, "the change's step is shown again");
    assert_eq!(m.focus, "campaign.name");
    assert_eq!(form::get(&m.draft, "campaign.name"), None);
    m.redo();
    m.redo();
    assert_eq!(m.step, Step::AdSet);
    assert_eq!(m.focus, "ad_set.targeting.age_min");
    assert_eq!(
        form::get(&m.draft, "ad_set.targeting.age_min"),
        Some(&json!(25))
    );
    assert_eq!(form::get_str(&m.draft, "campaign.name"), Some("Sale"));
}

#[test]
fn changes_that_are_not_input_are_not_undo_steps() {
    let mut m = model();
    m.set_value("account_id", json!("act_1"));
    assert_eq!(m.history.undo_len(), 0);
    assert_eq!(m.undo(), Vec::new());
    assert_eq!(m.notice.as_deref(), Some("Nothing to undo."));
    assert_eq!(form::get_str(&m.draft, "account_id"), Some("act_1"));
}

#[test]
fn drafts_part_at_the_deepest_path_that_differs() {
    let a = json!({"x": {"t": [{"text": "a"}, {"text": "b"}]}, "y": 1});
    let mut b = a.clone();
    b["x"]["t"][1]["text"] = json!("c");
    assert_eq!(parting(&a, &b).as_deref(), Some("x.t[1].text"));
    let mut c = a.clone();
    c["x"]["t"].as_array_mut().unwrap().remove(0);
    assert_eq!(
        parting(&a, &c).as_deref(),
        Some("x.t"),
        "a removed item: the list"
    );
    let mut d = a.clone();
    d["y"] = json!(2);
    d["x"]["t"][0]["text"] = json!("z");
    assert_eq!(
        parting(&a, &d).as_deref(),
        Some(""),
        "two places: the whole draft"
    );
    let mut e = a.clone();
    e["x"]["new"] = json!(1);
    assert_eq!(
        parting(&a, &e).as_deref(),
        Some("x"),
        "a key added: its object"
    );
    let f = json!({"c": {"100x100": [1], "400x150": [2]}});
    let mut g = f.clone();
    g["c"]["100x100"] = json!([3]);
    assert_eq!(parting(&f, &g).as_deref(), Some("c.100x100[0]"));
    let h = json!({"c": {"a.b": 1}});
    assert_eq!(parting(&h, &json!({"c": {"a.b": 2}})).as_deref(), Some("c"));
    assert_eq!(parting(&a, &a), None);
}
