//! The Done-when of the targeting pickers on the real binary in tmux (120x40, the built-in
//! sandbox and its catalogue): in Ad set a city is found by typing part of its name, added with
//! a radius, an interest is found by typing and added, and the audience estimate changes on
//! screen.

use crate::common;
use crate::require_tmux;

use common::tmux::{Start, Tmux, focused_on, focused_row, row, tab_to};

/// Presses Shift+Tab until the row `label` has the focus (each key waited for).
fn back_to(t: &Tmux, label: &str) {
    for _ in 0..40 {
        let before = focused_row(&t.wait_until("a focused row", |s| focused_row(s).is_some()));
        if before.as_deref().is_some_and(|r| r.starts_with(label)) {
            return;
        }
        t.keys(&["BTab"]);
        t.wait_until("the focus to move back", |s| {
            focused_row(s).is_some() && focused_row(s) != before
        });
    }
    panic!("never got back to {label}:\n{}", t.screen());
}

/// The Estimate row once it shows a current audience size (not estimating, not updating), and
/// differs from `before`.
fn estimate_after(t: &Tmux, before: Option<&str>) -> String {
    tab_to(t, "Exclude audiences");
    let screen = t.wait_until("a current audience estimate", |s| {
        let r = row(s, "Estimate");
        r.contains("Audience ≈") && !r.contains("updating") && Some(r.trim()) != before
    });
    row(&screen, "Estimate").trim().to_string()
}

fn example(name: &str) -> String {
    common::wizard::examples_dir()
        .join(name)
        .display()
        .to_string()
}

#[test]
fn tmux_a_city_found_by_typing_gets_a_radius_and_an_interest_is_added() {
    require_tmux!("the wizard's targeting pickers");
    let t = Tmux::start(
        "targeting",
        Start::new(&["open", &example("sales-winter-boots.json")]),
    );
    t.wait_for("dcw Demo (USD)");
    for step in ["2. Objective", "3. Campaign", "4. Ad set"] {
        t.keys(&["PageDown"]);
        t.wait_for(step);
    }
    tab_to(&t, "Locations");
    t.type_text("manch");
    t.wait_for("Manchester · England, United Kingdom · city");
    let screen = t.screen();
    assert!(
        !row(&screen, "Locations").contains("Manchester"),
        "a city was added before it was chosen:\n{screen}"
    );
    t.keys(&["Enter"]);
    let after = t.wait_until("Manchester added, or nothing to add yet", |s| {
        row(s, "Locations").contains("Manchester") || s.contains("Nothing to add yet")
    });
    if !row(&after, "Locations").contains("Manchester") {
        // Enter came before the list it was pressed on was current (a slow machine): the
        // text stayed, so the buyer presses Enter again once the list is there.
        t.wait_for("Manchester · England, United Kingdom · city");
        t.keys(&["Enter"]);
    }
    t.wait_until("Manchester added", |s| {
        row(s, "Locations").contains("Manchester")
    });
    tab_to(&t, "Manchester radius");
    t.type_text("25");
    t.keys(&["Tab"]);
    t.wait_until("the radius unit", |s| focused_on(s, "unit"));
    t.keys(&["Enter"]);
    t.wait_until("the radius shown", |s| {
        row(s, "Locations").contains("+25 mile")
    });
    let with_city = estimate_after(&t, None);
    back_to(&t, "Detailed targeting");
    t.type_text("runn");
    t.wait_for("Running ·");
    t.keys(&["Enter"]);
    let screen = t.wait_until("the interest added", |s| {
        row(s, "Detailed targeting").contains("Running")
    });
    assert!(
        screen.contains("People who match any of Running"),
        "{screen}"
    );
    // The interest narrows the audience: the estimate beside the targeting changes on screen.
    let with_interest = estimate_after(&t, Some(&with_city));
    assert_ne!(with_city, with_interest);
}
