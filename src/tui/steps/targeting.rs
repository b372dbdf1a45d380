//! The audience of an ad set on step 4: locations, people, detailed targeting and custom
//! audiences, for the template and for each audience of a several-audiences launch. The
//! search pickers (`FieldKind::Search`) find what Graph's targeting search knows as the buyer
//! types; what they add is stored in Graph's own `targeting` shapes.

use serde_json::{Value, json};

use crate::graph::CustomAudience;
use crate::spec::tables::{AGE_MAX, AGE_MIN, CITY_RADIUS_KM, CITY_RADIUS_MILES};
use crate::tui::form::{self, ButtonAction, Field, FieldKind, Opt, SearchFor};
use crate::tui::load::Load;
use crate::tui::model::Model;
use crate::tui::model::search::size_range;
use crate::tui::msg::Effect;

/// An audience below this many people is too small to deliver well (dcw's own warning line).
pub const SMALL_AUDIENCE: i64 = 1_000;

/// The audience of one ad set (`base` is `ad_set` or `audiences[i]`): locations, people,
/// detailed targeting, custom audiences.
pub fn fields(app: &Model, base: &str, out: &mut Vec<Field>) {
    let t = format!("{base}.targeting");
    location_fields(app, &t, out);
    people_fields(&t, out);
    detailed_fields(app, &t, out);
    audience_fields(app, &t, out);
    // The audience size (`model::estimate`): keep it last.
    out.push(app.estimate_field(base));
}

fn location_fields(app: &Model, t: &str, out: &mut Vec<Field>) {
    out.push(
        Field::new(
            format!("{t}.geo_locations.countries"),
            "Countries",
            FieldKind::Countries,
        )
        .help(
            "Type a name, code or common name (uk, usa); ↑↓ highlight a match, Enter adds it; Backspace on empty removes the last.",
        ),
    );
    out.push(
        Field::new(
            format!("{t}.geo_locations"),
            "Locations",
            FieldKind::Search(SearchFor::Locations),
        )
        .help("Type part of a region, city, postcode or place (Meta's location search; a country found here joins Countries above); ↑↓ highlight a match, Enter adds it; Backspace on empty removes the last."),
    );
    radius_fields(app, &format!("{t}.geo_locations"), out);
    out.push(
        Field::new(
            format!("{t}.geo_locations.location_types"),
            "Location type",
            FieldKind::Multi {
                options: vec![
                    Opt::new("home", "Living in", "people whose home is here"),
                    Opt::new(
                        "recent",
                        "Recently in",
                        "people whose latest location is here",
                    ),
                ],
                max: None,
            },
        )
        .when_empty("left out: Meta's default applies")
        .help("Space ticks; none ticked leaves location_types out and Meta's default applies."),
    );
    out.push(
        Field::new(
            format!("{t}.excluded_geo_locations"),
            "Exclude locations",
            FieldKind::Search(SearchFor::Locations),
        )
        .help("People in these places are left out, even inside the locations above."),
    );
    radius_fields(app, &format!("{t}.excluded_geo_locations"), out);
}

/// A radius and its unit for each city and place of the locations at `geo`.
fn radius_fields(app: &Model, geo: &str, out: &mut Vec<Field>) {
    for list in ["cities", "places"] {
        let path = format!("{geo}.{list}");
        let items = form::get(&app.draft, &path)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for (i, v) in items.iter().enumerate() {
            let name = v
                .get("name")
                .and_then(Value::as_str)
                .or_else(|| v.get("key").and_then(Value::as_str))
                .unwrap_or("")
                .to_string();
            let item = format!("{path}[{i}]");
            // The rule's own limits (`spec::tables`), said where the radius is typed.
            let limits = if list == "cities" {
                let ((m0, m1), (k0, k1)) = (CITY_RADIUS_MILES, CITY_RADIUS_KM);
                format!(" ({m0} to {m1} miles or {k0} to {k1} km)")
            } else {
                String::new()
            };
            out.push(
                Field::new(format!("{item}.radius"), format!("  {name} radius"), FieldKind::Int)
                    .help(format!(
                        "Around {name}, a whole number in the unit below{limits}; empty leaves the radius out (Meta's own)."
                    ))
                    .heads(item.clone()),
            );
            out.push(
                Field::new(
                    format!("{item}.distance_unit"),
                    "  unit",
                    FieldKind::Choice {
                        options: vec![Opt::plain("mile"), Opt::plain("kilometer")],
                    },
                )
                .help("The radius in miles or kilometers."),
            );
        }
    }
}

fn people_fields(t: &str, out: &mut Vec<Field>) {
    out.push(
        Field::new(format!("{t}.age_min"), "Age from", FieldKind::Int)
            .help(format!("{AGE_MIN} to {AGE_MAX}.")),
    );
    out.push(
        Field::new(format!("{t}.age_max"), "Age to", FieldKind::Int).help(format!(
            "{AGE_MIN} to {AGE_MAX} ({AGE_MAX} means {AGE_MAX}+)."
        )),
    );
    out.push(
        Field::new(
            format!("#{t}.genders"),
            "Gender",
            FieldKind::Choice {
                options: vec![
                    Opt::new("", "All", "genders left out"),
                    Opt::new("1", "Men", "genders [1]"),
                    Opt::new("2", "Women", "genders [2]"),
                ],
            },
        )
        .heads(format!("{t}.genders"))
        .help("Enter chooses."),
    );
    out.push(
        Field::new(
            format!("{t}.locales"),
            "Languages",
            FieldKind::Search(SearchFor::Locales),
        )
        .when_empty("any language")
        .help("Type a language (Meta's locale search); Enter adds the highlighted one. Empty is any language."),
    );
}

/// Each `flexible_spec` group (OR within, AND between), "narrow further", the exclusions and
/// the semantics in words.
fn detailed_fields(app: &Model, t: &str, out: &mut Vec<Field>) {
    let list = format!("{t}.flexible_spec");
    let open = usize::from(app.searches.open_groups.contains(&list));
    let groups = (form::len(&app.draft, &list) + open).max(1);
    for n in 0..groups {
        let label = if n == 0 {
            "Detailed targeting".to_string()
        } else {
            "…and also".to_string()
        };
        out.push(
            Field::new(
                format!("{t}.flexible_spec[{n}]"),
                label,
                FieldKind::Search(SearchFor::Detailed),
            )
            .when_empty("anyone (no detailed targeting)")
            .help("Type an interest, behaviour or demographic; Enter adds the highlighted one. People who match any item of a group qualify."),
        );
    }
    out.push(
        Field::new(
            format!("#{t}.narrow"),
            "",
            FieldKind::Button(ButtonAction::AddGroup(format!("{t}.flexible_spec"))),
        )
        .help("Adds a group people must ALSO match (Graph's flexible_spec: AND between groups)."),
    );
    out.push(
        Field::new(
            format!("{t}.exclusions"),
            "Exclude people",
            FieldKind::Search(SearchFor::Detailed),
        )
        .help("Type an interest, behaviour or demographic: people who match any of these are left out (Graph's exclusions)."),
    );
    if let Some(words) = semantics(app, t) {
        out.push(Field::new(format!("#{t}.semantics"), "", FieldKind::Info).help(words));
    }
}

/// The names of the items of a group (any key), in order.
fn group_names(group: &Value) -> Vec<String> {
    group
        .as_object()
        .into_iter()
        .flat_map(|o| o.values())
        .filter_map(Value::as_array)
        .flatten()
        .map(|i| match i.get("name").and_then(Value::as_str) {
            Some(n) => n.to_string(),
            None => i
                .get("id")
                .map(|v| form::as_text(Some(v)))
                .unwrap_or_default(),
        })
        .collect()
}

/// Graph's semantics in words: `People who match any of A, B and any of C; not D`.
pub fn semantics(app: &Model, t: &str) -> Option<String> {
    let groups: Vec<Vec<String>> = form::get(&app.draft, &format!("{t}.flexible_spec"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(group_names)
        .filter(|g| !g.is_empty())
        .collect();
    let excluded = form::get(&app.draft, &format!("{t}.exclusions"))
        .map(group_names)
        .unwrap_or_default();
    if groups.is_empty() && excluded.is_empty() {
        return None;
    }
    let mut s = if groups.is_empty() {
        "Everyone in the locations and ages".to_string()
    } else {
        let parts: Vec<String> = groups
            .iter()
            .map(|g| format!("any of {}", g.join(", ")))
            .collect();
        format!("People who match {}", parts.join(" and "))
    };
    if !excluded.is_empty() {
        s.push_str(&format!("; not {}", excluded.join(", ")));
    }
    Some(s)
}

/// The account's audiences as options, with what a buyer needs to choose one.
fn audience_options(app: &Model, path: &str) -> Vec<Opt> {
    let loaded = app
        .account_digits()
        .and_then(|d| app.searches.audiences.get(&d));
    let mut opts: Vec<Opt> = match loaded {
        Some(Load::Ready(list)) => list.iter().map(audience_opt).collect(),
        Some(Load::Failed(e)) => vec![Opt::new("", "Could not load custom audiences", e.clone())],
        _ if app.account_digits().is_none() => vec![Opt::new("", "Pick the ad account first", "")],
        _ => vec![Opt::new("", "Loading custom audiences…", "")],
    };
    if let Some(Load::Ready(list)) = loaded
        && list.is_empty()
    {
        opts.push(Opt::new("", "This account has no custom audiences", ""));
    }
    for v in form::get(&app.draft, path)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let id = v
            .get("id")
            .map(|v| form::as_text(Some(v)))
            .unwrap_or_default();
        if !id.is_empty() && !opts.iter().any(|o| o.value == id) {
            let name = v
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or(&id)
                .to_string();
            opts.push(Opt::new(id, name, "from the spec"));
        }
    }
    opts
}

/// `LOOKALIKE · 1.2K–1.5K people · ready`.
fn audience_opt(a: &CustomAudience) -> Opt {
    let mut note = vec![a.subtype.clone()];
    note.extend(size_range(
        a.approximate_count_lower_bound,
        a.approximate_count_upper_bound,
    ));
    note.push(match (&a.delivery_status, building(a)) {
        (Some(s), _) if s.code != 200 => format!("not ready ({})", s.code),
        (_, Some(s)) => format!("still building ({})", s.code),
        (Some(_), None) => "ready".to_string(),
        (None, None) => "delivery status unknown".to_string(),
    });
    note.retain(|n| !n.is_empty());
    Opt::new(a.id.clone(), a.name.clone(), note.join(" · "))
}

/// Meta's operation status while an audience is still being filled (a new lookalike):
/// 441, "We're finding people who fit your audience criteria" [Meta: custom audience
/// reference's operation_status; the code as dcw's authors know it].
const OPERATION_BUILDING: i64 = 441;

fn building(a: &CustomAudience) -> Option<&crate::graph::AudienceStatus> {
    a.operation_status
        .as_ref()
        .filter(|s| s.code == OPERATION_BUILDING)
}

/// A warning for each chosen audience that is too small, not ready or still being built,
/// naming it.
pub fn audience_warnings(app: &Model, path: &str) -> Vec<String> {
    let Some(Load::Ready(list)) = app
        .account_digits()
        .and_then(|d| app.searches.audiences.get(&d))
    else {
        return Vec::new();
    };
    let chosen = crate::tui::model::value::ref_ids(app, path);
    let mut out = Vec::new();
    for a in list.iter().filter(|a| chosen.contains(&a.id)) {
        if let Some(s) = a.delivery_status.as_ref().filter(|s| s.code != 200) {
            out.push(format!(
                "! {} is not ready: {} ({})",
                a.name, s.description, s.code
            ));
        } else if let Some(s) = building(a) {
            out.push(format!(
                "! {} is still being built: {} ({})",
                a.name, s.description, s.code
            ));
        } else if a
            .approximate_count_upper_bound
            .is_some_and(|u| u < SMALL_AUDIENCE)
        {
            out.push(format!(
                "! {} is too small: under {SMALL_AUDIENCE} people.",
                a.name
            ));
        }
    }
    out
}

fn audience_fields(app: &Model, t: &str, out: &mut Vec<Field>) {
    for (key, label, help) in [
        (
            "custom_audiences",
            "Custom audiences",
            "Space ticks: people in any ticked audience qualify (custom and lookalike).",
        ),
        (
            "excluded_custom_audiences",
            "Exclude audiences",
            "Space ticks: people in any ticked audience are left out.",
        ),
    ] {
        let path = format!("{t}.{key}");
        out.push(
            Field::new(
                &path,
                label,
                FieldKind::Refs {
                    options: audience_options(app, &path),
                },
            )
            .help(help),
        );
        for (i, w) in audience_warnings(app, &path).into_iter().enumerate() {
            out.push(Field::new(format!("#{path}.warning{i}"), "", FieldKind::Info).help(w));
        }
    }
}

/// What the Gender field shows as chosen: `1`, `2`, or `` for all.
pub fn virtual_value(app: &Model, id: &str) -> Option<String> {
    let path = id.strip_prefix('#')?.strip_suffix(".genders")?;
    let g = form::get(&app.draft, &format!("{path}.genders"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    Some(match g.as_slice() {
        [one] => form::as_text(Some(one)),
        _ => String::new(),
    })
}

/// Choosing a gender: all leaves `genders` out, men `[1]`, women `[2]`.
pub fn choose_virtual(app: &mut Model, id: &str, value: &str) -> Option<Vec<Effect>> {
    let path = id.strip_prefix('#')?.strip_suffix(".genders")?;
    let v = match value.parse::<i64>() {
        Ok(n) => json!([n]),
        Err(_) => Value::Null,
    };
    Some(app.set_value(&format!("{path}.genders"), v))
}
