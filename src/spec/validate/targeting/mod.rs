//! Targeting rules (§2.6 of the reference; Meta's basic-targeting, targeting-restrictions and
//! advantage-targeting references; sponsored_messages from the seed guide), one file per part
//! of the wizard's Ad set step: locations (`geo`), people (`people`), detailed targeting and
//! custom audiences (`detailed`), placements (`placements`). Here: the Advantage+ audience and
//! Advantage+ detailed targeting switches, which read them all.

mod detailed;
mod geo;
mod people;
mod placements;

use super::super::model::Targeting;
use super::{Context, Report, at};

/// Why a special ad category refuses a narrowing, ending in "cannot".
const WHY: &str = "ads in a special ad category (housing, employment, credit, politics, gambling, financial products) cannot";

/// Top-level targeting keys Graph still takes as detailed targeting outside `flexible_spec`
/// (dcw keeps them in `extra`); any of them narrows the audience.
const LOOSE_DETAILED_KEYS: &[&str] = &[
    "interests",
    "behaviors",
    "life_events",
    "industries",
    "income",
    "family_statuses",
    "work_employers",
    "work_positions",
    "education_schools",
];

pub(super) fn check(t: &Targeting, base: &str, ctx: &Context, r: &mut Report) {
    geo::check(t, base, ctx, r);
    people::check(t, base, ctx, r);
    detailed::check(t, base, ctx, r);
    check_audience_automation(t, base, ctx, r);
    placements::check(t, base, ctx, r);
}

/// The audience Meta calls default (meta-dynamic-creative.md §2.6, DOC-AA): ages 18 to 65, no
/// genders, no custom audiences, no detailed targeting. Anything else needs Advantage+ audience
/// set on or off explicitly.
fn is_default_audience(t: &Targeting) -> bool {
    let detailed = t
        .flexible_spec
        .as_ref()
        .is_some_and(|groups| groups.iter().any(detailed::group_has_items));
    let audiences = |list: &Option<Vec<_>>| list.as_ref().is_some_and(|l: &Vec<_>| !l.is_empty());
    t.age_min.is_none_or(|a| a == 18)
        && t.age_max.is_none_or(|a| a == 65)
        && t.genders.as_ref().is_none_or(Vec::is_empty)
        && !detailed
        && !audiences(&t.custom_audiences)
        && !audiences(&t.excluded_custom_audiences)
        && !LOOSE_DETAILED_KEYS.iter().any(|k| t.extra.contains_key(*k))
}

fn check_audience_automation(t: &Targeting, base: &str, ctx: &Context, r: &mut Report) {
    let path = at(&at(base, "targeting_automation"), "advantage_audience");
    let flag = t
        .targeting_automation
        .as_ref()
        .and_then(|a| a.advantage_audience);
    match flag {
        None if !is_default_audience(t) => {
            r.error(
                path,
                "targeting.advantage_audience_missing",
                "Advantage+ audience must be set on or off: since v23.0 Meta needs it when targeting narrows ages, genders, interests or audiences.",
            )
            .hint("Off keeps your audience as written; on lets Meta expand it.");
        }
        Some(v) if v != 0 && v != 1 => {
            r.error(
                path,
                "targeting.advantage_audience_invalid",
                format!("Advantage+ audience is {v}; it is 1 (on) or 0 (off)."),
            );
        }
        Some(1) => {
            if ctx.special_category {
                r.error(
                    path,
                    "targeting.automation_special_category",
                    "Advantage+ audience cannot be on in a special ad category: Meta does not expand those audiences.",
                )
                .hint("Turn Advantage+ audience off.");
            }
            if t.age_min.is_some_and(|a| !(18..=25).contains(&a)) {
                r.error(
                    at(base, "age_min"),
                    "targeting.advantage_audience_age",
                    "Age from must be between 18 and 25 with Advantage+ audience on.",
                )
                .hint("Turn Advantage+ audience off to target older people only.");
            }
            if t.age_max.is_some_and(|a| a != 65) {
                r.error(
                    at(base, "age_max"),
                    "targeting.advantage_audience_age",
                    "Age to is fixed at 65 with Advantage+ audience on.",
                )
                .hint("Leave Age to at 65, or turn Advantage+ audience off.");
            }
        }
        _ => {}
    }
}

/// "Paris" (key 2988507) or key 2988507: how a location or item is named in a message.
fn named(name: Option<&str>, key: &str) -> String {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => format!("\"{n}\""),
        None => format!("\"{key}\""),
    }
}
