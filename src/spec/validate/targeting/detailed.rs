//! Detailed targeting (`flexible_spec` groups: OR within a group, AND between groups;
//! `exclusions`), Advantage+ detailed targeting (`targeting_optimization`) and custom audiences
//! (basic-targeting, targeting-restrictions, advantage-detailed-targeting and advantage-targeting
//! references).

use std::collections::HashMap;

use super::super::super::model::{AudienceRef, FlexibleGroup, Targeting, TargetingItem};
use super::super::super::values::GraphId;
use super::super::{Context, Report, at, index};
use super::WHY;

/// Workplaces and schools per ad set: 200 each (targeting-restrictions reference).
const LISTED_MAX: usize = 200;
/// Interests: Meta sets no limit but recommends at most 100 (targeting-restrictions reference).
const INTERESTS_RECOMMENDED: usize = 100;

/// The wizard's word for one item of a detailed-targeting category.
fn item_word(category: &str) -> &'static str {
    match category {
        "interests" => "Interest",
        "behaviors" => "Behaviour",
        "life_events" => "Life event",
        "industries" => "Industry",
        "income" => "Income",
        "family_statuses" => "Family status",
        "education_statuses" => "Education level",
        "relationship_statuses" => "Relationship status",
        "work_positions" => "Job title",
        "work_employers" => "Employer",
        "education_schools" => "School",
        _ => "Detailed targeting item",
    }
}

/// The group holds at least one item (modelled or not).
pub(super) fn group_has_items(g: &FlexibleGroup) -> bool {
    g.categories()
        .iter()
        .any(|(_, items)| items.is_some_and(|l| !l.is_empty()))
        || g.extra
            .values()
            .any(|v| v.as_array().is_some_and(|a| !a.is_empty()))
}

pub(super) fn check(t: &Targeting, base: &str, ctx: &Context, r: &mut Report) {
    let flex_path = at(base, "flexible_spec");
    let ex_path = at(base, "exclusions");
    // Where each included item first appears: (group, category, index).
    let mut included: HashMap<&str, usize> = HashMap::new();
    let mut interests = 0usize;
    for (g, group) in t.flexible_spec.iter().flatten().enumerate() {
        let path = index(&flex_path, g);
        if !group_has_items(group) {
            r.error(
                path.clone(),
                "targeting.detailed_group_empty",
                format!("Detailed targeting group {} is empty: a group needs at least one interest, behaviour or demographic.", g + 1),
            )
            .hint("Remove the empty group.");
        }
        check_items(group, &path, "", r);
        for (category, items) in group.categories() {
            if category == "interests" {
                interests += items.map_or(0, Vec::len);
            }
            for item in items.into_iter().flatten() {
                if let Some(id) = item.id.as_ref() {
                    included.entry(id.as_str()).or_insert(g);
                }
            }
        }
    }
    if interests > INTERESTS_RECOMMENDED {
        r.warn(
            flex_path,
            "targeting.interests_over_recommended",
            format!("Detailed targeting has {interests} interests; Meta recommends at most {INTERESTS_RECOMMENDED}."),
        );
    }
    if let Some(ex) = &t.exclusions {
        check_items(ex, &ex_path, "Excluded ", r);
        check_excluded_included(ex, &ex_path, &included, r);
        if ctx.special_category && group_has_items(ex) {
            r.error(
                ex_path,
                "targeting.special_category_exclusion",
                format!("Excluded detailed targeting cannot be used: {WHY} exclude people by interests, behaviours or demographics."),
            )
            .hint("Remove the excluded detailed targeting.");
        }
    }
    check_audiences(t, base, ctx, r);
    check_expansion(t, base, ctx, r);
}

fn check_items(group: &FlexibleGroup, path: &str, prefix: &str, r: &mut Report) {
    for (category, items) in group.categories() {
        let Some(items) = items else { continue };
        let list = at(path, category);
        let word = item_word(category);
        let what = if prefix.is_empty() {
            word.to_string()
        } else {
            format!("{prefix}{}", word.to_lowercase())
        };
        if matches!(category, "work_employers" | "education_schools") && items.len() > LISTED_MAX {
            r.error(
                list.clone(),
                "targeting.detailed_too_many",
                format!(
                    "{what} list has {} entries; Meta takes at most {LISTED_MAX}.",
                    items.len()
                ),
            );
        }
        for (j, item) in items.iter().enumerate() {
            check_id(
                item.id.as_ref(),
                item.name.as_deref(),
                &at(&index(&list, j), "id"),
                &what,
                j,
                "targeting.detailed_id_malformed",
                r,
            );
        }
    }
}

/// A Graph id is digits; an item named without its id cannot be sent.
fn check_id(
    id: Option<&GraphId>,
    name: Option<&str>,
    path: &str,
    what: &str,
    j: usize,
    code: &'static str,
    r: &mut Report,
) {
    let who = match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => format!("{what} \"{n}\""),
        None => format!("{what} {}", j + 1),
    };
    match id {
        None => {
            r.error(
                path,
                code,
                format!("{who} has no id: Meta takes it by id, not by name; find it by name in the wizard."),
            );
        }
        Some(id) if !id.is_numeric() => {
            r.error(
                path,
                code,
                format!(
                    "{who} has the id \"{id}\", which is not a Graph id: Graph ids are digits."
                ),
            );
        }
        Some(_) => {}
    }
}

/// An item both in a group and in the exclusions: whoever matches it is wanted and excluded.
fn check_excluded_included(
    ex: &FlexibleGroup,
    ex_path: &str,
    included: &HashMap<&str, usize>,
    r: &mut Report,
) {
    for (category, items) in ex.categories() {
        for (j, item) in items.into_iter().flatten().enumerate() {
            let Some(&g) = item.id.as_ref().and_then(|id| included.get(id.as_str())) else {
                continue;
            };
            r.error(
                index(&at(ex_path, category), j),
                "targeting.detailed_included_and_excluded",
                format!(
                    "Excluded {} {} is also in detailed targeting group {}: whoever matches it is both wanted and excluded.",
                    item_word(category).to_lowercase(),
                    item_named(item),
                    g + 1
                ),
            )
            .hint("Remove it from the group or from the exclusions.");
        }
    }
}

fn item_named(item: &TargetingItem) -> String {
    named(item.name.as_deref(), item.id.as_ref())
}

/// An item or audience in words: its name, else its id, quoted.
fn named(name: Option<&str>, id: Option<&crate::spec::GraphId>) -> String {
    match (name, id) {
        (Some(n), _) if !n.trim().is_empty() => format!("\"{}\"", n.trim()),
        (_, Some(id)) => format!("\"{id}\""),
        _ => "without a name".to_string(),
    }
}

fn check_audiences(t: &Targeting, base: &str, ctx: &Context, r: &mut Report) {
    let inc_path = at(base, "custom_audiences");
    let ex_path = at(base, "excluded_custom_audiences");
    let mut included: HashMap<&str, usize> = HashMap::new();
    for (label, list, path) in [
        ("Custom audience", &t.custom_audiences, &inc_path),
        (
            "Excluded custom audience",
            &t.excluded_custom_audiences,
            &ex_path,
        ),
    ] {
        for (j, a) in list.iter().flatten().enumerate() {
            let id_path = at(&index(path, j), "id");
            check_id(
                a.id.as_ref(),
                a.name.as_deref(),
                &id_path,
                label,
                j,
                "targeting.custom_audience_id_malformed",
                r,
            );
        }
    }
    for (i, a) in t.custom_audiences.iter().flatten().enumerate() {
        if let Some(id) = &a.id {
            included.entry(id.as_str()).or_insert(i);
        }
    }
    for (j, a) in t.excluded_custom_audiences.iter().flatten().enumerate() {
        let Some(&i) = a.id.as_ref().and_then(|id| included.get(id.as_str())) else {
            continue;
        };
        r.error(
            index(&ex_path, j),
            "targeting.custom_audience_included_and_excluded",
            format!(
                "Excluded custom audience {} is also included (custom audience {}): its people are both wanted and excluded.",
                audience_named(a),
                i + 1
            ),
        )
        .hint("Remove it from the included or from the excluded audiences.");
    }
    if ctx.special_category
        && t.excluded_custom_audiences
            .as_ref()
            .is_some_and(|l| !l.is_empty())
    {
        r.error(
            ex_path,
            "targeting.special_category_exclusion",
            format!("Excluded custom audiences cannot be used: {WHY} exclude audiences."),
        )
        .hint("Remove the excluded custom audiences.");
    }
}

fn audience_named(a: &AudienceRef) -> String {
    named(a.name.as_deref(), a.id.as_ref())
}

/// Advantage+ detailed targeting: `targeting_optimization` is `expansion_all` (on) or `none`
/// (off) (advantage-detailed-targeting reference); "automation is not supported in Special Ad
/// Categories" (advantage-targeting reference).
fn check_expansion(t: &Targeting, base: &str, ctx: &Context, r: &mut Report) {
    let Some(value) = t.targeting_optimization.as_deref() else {
        return;
    };
    let path = at(base, "targeting_optimization");
    match value {
        "none" => {}
        "expansion_all" => {
            if ctx.special_category {
                r.error(
                    path,
                    "targeting.automation_special_category",
                    "Advantage+ detailed targeting cannot be on in a special ad category: Meta does not expand those audiences.",
                )
                .hint("Turn Advantage+ detailed targeting off.");
            } else if !t
                .flexible_spec
                .as_ref()
                .is_some_and(|g| g.iter().any(group_has_items))
            {
                r.warn(
                    path,
                    "targeting.detailed_expansion_unused",
                    "Advantage+ detailed targeting is on, but there is no detailed targeting for Meta to expand.",
                )
                .hint("Add interests, behaviours or demographics, or turn it off.");
            }
        }
        other => {
            r.error(
                path,
                "targeting.detailed_expansion_invalid",
                format!("Advantage+ detailed targeting is \"{other}\", which Meta does not know: it is \"expansion_all\" (on) or \"none\" (off)."),
            );
        }
    }
}
