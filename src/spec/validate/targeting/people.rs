//! People: ages, genders, languages (`locales`), and what special ad categories allow of them
//! (basic-targeting and targeting-restrictions references; meta-dynamic-creative.md §2.6).

use super::super::super::model::Targeting;
use super::super::super::tables::{AGE_MAX, AGE_MIN};
use super::super::{Context, Report, at, earlier_duplicates, index};
use super::WHY;

/// Languages per ad set: Meta takes 90 (and recommends 50), targeting-restrictions reference.
const LOCALES_MAX: usize = 90;

pub(super) fn check(t: &Targeting, base: &str, ctx: &Context, r: &mut Report) {
    check_ages(t, base, r);
    check_genders(t, base, r);
    check_locales(t, base, r);
    if ctx.special_category {
        check_special(t, base, r);
    }
}

fn check_ages(t: &Targeting, base: &str, r: &mut Report) {
    for (key, label, age) in [
        ("age_min", "Age from", t.age_min),
        ("age_max", "Age to", t.age_max),
    ] {
        if let Some(a) = age
            && !(AGE_MIN..=AGE_MAX).contains(&a)
        {
            r.error(
                at(base, key),
                "targeting.age_out_of_range",
                format!(
                    "{label} is {a}; Meta takes ages from {AGE_MIN} to {AGE_MAX} ({AGE_MAX} means {AGE_MAX}+)."
                ),
            );
        }
    }
    let in_range = |a: Option<i64>| a.is_none_or(|a| (AGE_MIN..=AGE_MAX).contains(&a));
    if let (Some(min), Some(max)) = (t.age_min, t.age_max)
        && min > max
        && in_range(t.age_min)
        && in_range(t.age_max)
    {
        r.error(
            at(base, "age_max"),
            "targeting.age_range_inverted",
            format!("Age to ({max}) is below age from ({min})."),
        );
    }
}

fn check_genders(t: &Targeting, base: &str, r: &mut Report) {
    let Some(genders) = &t.genders else { return };
    for (i, g) in genders.iter().enumerate() {
        if !matches!(g, 1 | 2) {
            r.error(
                index(&at(base, "genders"), i),
                "targeting.gender_unknown",
                format!("Gender {g} is not one Meta knows: 1 is men, 2 is women."),
            );
        }
    }
    if genders.contains(&1) && genders.contains(&2) {
        r.warn(
            at(base, "genders"),
            "targeting.genders_everyone",
            "Genders men and women together are everyone, as no gender is.",
        )
        .hint("Remove genders: Meta then counts the audience as not narrowed by gender.");
    }
}

fn check_locales(t: &Targeting, base: &str, r: &mut Report) {
    let Some(locales) = &t.locales else { return };
    let path = at(base, "locales");
    if locales.len() > LOCALES_MAX {
        r.error(
            path.clone(),
            "targeting.locale_too_many",
            format!(
                "Languages has {} entries; Meta takes at most {LOCALES_MAX} (and recommends 50).",
                locales.len()
            ),
        );
    }
    let dups = earlier_duplicates(locales.iter().map(Some));
    for (i, l) in locales.iter().enumerate() {
        if let Some(j) = dups[i] {
            r.warn(
                index(&path, i),
                "targeting.locale_duplicate",
                format!(
                    "Language {} repeats language {} (locale {l}).",
                    i + 1,
                    j + 1
                ),
            );
        }
    }
}

fn check_special(t: &Targeting, base: &str, r: &mut Report) {
    if t.age_min.is_some_and(|a| a != 18) {
        r.error(
            at(base, "age_min"),
            "targeting.special_category_age",
            format!("Age from must be 18: {WHY} narrow ages."),
        );
    }
    if t.age_max.is_some_and(|a| a != 65) {
        r.error(
            at(base, "age_max"),
            "targeting.special_category_age",
            format!("Age to must be 65: {WHY} narrow ages."),
        );
    }
    if t.genders.as_ref().is_some_and(|g| !g.is_empty()) {
        r.error(
            at(base, "genders"),
            "targeting.special_category_gender",
            format!("Genders cannot be chosen: {WHY} target by gender."),
        )
        .hint("Remove genders.");
    }
}
