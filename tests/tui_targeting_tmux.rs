//! The Done-when of the targeting pickers on the real binary in tmux (120x40, the built-in
//! sandbox): in Ad set a city is found by typing part of its name, added with a radius, and an
//! interest is found by typing and added. It needs the sandbox to answer `GET /search`
//! (the catalogue), so it is ignored until that is in the tree.

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
#[ignore = "needs the sandbox catalogue"]
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
    // The audience estimate's line changing is the estimate's part (another module); its
    // assertion joins here when both are merged.
}
