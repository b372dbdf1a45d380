//! The audience of an ad set on step 4: locations, people, detailed targeting and custom
//! audiences, for the template and for each audience of a several-audiences launch.

use crate::spec::tables::{AGE_MAX, AGE_MIN};
use crate::tui::form::{Field, FieldKind};
use crate::tui::model::Model;

/// The audience of one ad set (`base` is `ad_set` or `audiences[i]`): locations, people,
/// detailed targeting, custom audiences.
pub fn fields(app: &Model, base: &str, out: &mut Vec<Field>) {
    out.push(
        Field::new(
            format!("{base}.targeting.geo_locations.countries"),
            "Countries",
            FieldKind::Countries,
        )
        .help(
            "Type a name, code or common name (uk, usa); ↑↓ highlight a match, Enter adds it; Backspace on empty removes the last.",
        ),
    );
    out.push(
        Field::new(
            format!("{base}.targeting.age_min"),
            "Age from",
            FieldKind::Int,
        )
        .help(format!("{AGE_MIN} to {AGE_MAX}.")),
    );
    out.push(
        Field::new(
            format!("{base}.targeting.age_max"),
            "Age to",
            FieldKind::Int,
        )
        .help(format!(
            "{AGE_MIN} to {AGE_MAX} ({AGE_MAX} means {AGE_MAX}+)."
        )),
    );
    // The audience size (the estimate's part, `model::estimate`): keep it last.
    out.push(app.estimate_field(base));
}
