//! The Done-when of the targeting pickers on the real binary in tmux (120x40, the built-in
//! sandbox): in Ad set a city is found by typing part of its name, added with a radius, and an
//! interest is found by typing and added, and the audience estimate beside the targeting
//! changes on screen. The built-in sandbox answers the search from its catalogue and the
//! estimate from its own formula.

use crate::common;
use crate::require_tmux;

use common::tmux::{Start, Tmux, focused_on, row, tab_to};

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
    let before = t.wait_until("the first estimate", |s| {
        row(s, "Estimate").contains("people a month")
    });
    let first = row(&before, "Estimate");
    tab_to(&t, "Locations");
    t.type_text("manch");
    t.wait_for("Manchester · England, United Kingdom · city");
    let screen = t.screen();
    assert!(
        !row(&screen, "Locations").contains("Manchester"),
        "a city was added before it was chosen:\n{screen}"
    );
    t.keys(&["Enter"]);
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
    tab_to(&t, "Detailed targeting");
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
    // The estimate follows the targeting: a city and an interest narrow it, and the line on
    // screen changes once the one-a-second lane has carried the new read.
    let after = t.wait_until("the estimate changed", |s| {
        let now = row(s, "Estimate");
        now.contains("people a month") && !now.contains("updating") && now != first
    });
    eprintln!(
        "estimate before: {first}\nestimate after: {}",
        row(&after, "Estimate")
    );
}
