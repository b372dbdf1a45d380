//! The writes of a control, in order, and what changes in the buyer's words (money in the
//! account's currency): activate children first and the campaign last, pause the campaign
//! first; a budget or end time on one ad set, its minimum checked; a Dynamic Creative ad
//! archived or deleted with its ad set (Meta's 1340029); an ad set copied with its ads.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::resolve::{Object, ObjectKind, Target};
use super::types::{BudgetChange, Control};
use crate::launch::error::LaunchError;
use crate::spec::GraphEnum;
use crate::spec::minimums::{MinimumBudgets, bucket, schedule_days};
use crate::spec::{Currency, GraphTime, Money, OptimizationGoal};
use crate::store::{ControlCall, ControlWrite};

/// What the account's money and clock are, for a budget.
pub struct AccountFacts {
    pub currency: Currency,
    pub timezone: Option<chrono_tz::Tz>,
    pub minimums: MinimumBudgets,
}

/// The writes and the words.
pub struct Planned {
    pub writes: Vec<ControlWrite>,
    pub summary: Vec<String>,
}

fn write(o: &Object, call: ControlCall) -> ControlWrite {
    ControlWrite {
        object: o.id.clone(),
        kind: o.kind.words().to_string(),
        name: o.name().to_string(),
        call,
        state: crate::launch::journal::StepState::Pending,
    }
}

fn params(pairs: &[(&str, String)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

fn refuse(text: impl Into<String>) -> LaunchError {
    LaunchError::Refused(text.into())
}

/// `ad set «Boots US» (1202…)`.
pub fn label(o: &Object) -> String {
    format!(
        "{} «{}» ({})",
        o.kind.words(),
        crate::spec::text::sanitize(o.name()),
        o.id
    )
}

/// Activate (children first) or pause (the campaign first); objects already so are left alone.
pub fn status(t: &Target, to: &str) -> Planned {
    let mut order: Vec<&Object> = match t.named {
        Some(ObjectKind::Ad) => t.ads.iter().collect(),
        Some(ObjectKind::AdSet) => t.ads.iter().chain(&t.ad_sets).collect(),
        _ => t.ads.iter().chain(&t.ad_sets).chain(&t.campaign).collect(),
    };
    if to == "PAUSED" {
        order.reverse();
    }
    let mut p = Planned {
        writes: Vec::new(),
        summary: Vec::new(),
    };
    for o in order {
        if o.status() == to {
            p.summary
                .push(format!("{} is {to} already: left alone", label(o)));
            continue;
        }
        // Meta turns nothing deleted on or off again: left out, and said.
        if o.status() == "DELETED" {
            p.summary
                .push(format!("{} is DELETED: left alone", label(o)));
            continue;
        }
        p.summary
            .push(format!("{}: {} → {to}", label(o), o.status()));
        p.writes.push(write(
            o,
            ControlCall::Update {
                params: params(&[("status", to.to_string())]),
            },
        ));
    }
    p
}

/// The one ad set a budget, removal or copy acts on: the one named, an ad's, or a launch's or
/// campaign's only one.
pub fn one_ad_set(t: &Target) -> Result<&Object, LaunchError> {
    match t.ad_sets.as_slice() {
        [one] => Ok(one),
        [] => Err(refuse("no ad set to act on")),
        many => Err(refuse(format!(
            "this launch has {} ad sets; name one: {}",
            many.len(),
            many.iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

fn money_of(o: &Object, key: &str) -> Option<i64> {
    match o.fields.get(key)? {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_i64(),
        _ => None,
    }
}

/// A new daily or lifetime budget and end time on one ad set, in the account's money, at least
/// its goal's minimum (a lifetime budget: for each day of its schedule).
pub fn budget(t: &Target, b: &BudgetChange, facts: &AccountFacts) -> Result<Planned, LaunchError> {
    let set = one_ad_set(t)?;
    let mut b = b.clone();
    if let Some(a) = b.amount.take() {
        if money_of(set, "lifetime_budget").is_some() {
            b.lifetime = Some(a);
        } else {
            b.daily = Some(a);
        }
    }
    let b = &b;
    let cur = &facts.currency;
    let show = |m: i64| Money::new(m).display(cur);
    let goal = OptimizationGoal::from_wire(set.text("optimization_goal"));
    let daily_min = goal.map_or(facts.minimums.impressions, |g| {
        facts.minimums.daily(bucket(g))
    });
    let mut pairs: Vec<(&str, String)> = Vec::new();
    let mut summary = Vec::new();
    let parse = |text: &str| Money::parse_major(text, cur).map_err(refuse);
    if let Some(d) = &b.daily {
        let new = parse(d)?;
        if money_of(set, "lifetime_budget").is_some() {
            return Err(refuse(format!(
                "{} has a lifetime budget; Meta does not turn it into a daily one: use --lifetime",
                label(set)
            )));
        }
        if new < daily_min {
            return Err(refuse(format!(
                "{} a day is under the minimum for {}: at least {} a day",
                show(new),
                label(set),
                show(daily_min)
            )));
        }
        let old = money_of(set, "daily_budget").map_or("none".into(), show);
        summary.push(format!(
            "{} daily budget: {old} → {}",
            label(set),
            show(new)
        ));
        pairs.push(("daily_budget", new.to_string()));
    }
    let end = match &b.end {
        Some(e) => Some(crate::spec::zone::read_typed(e, facts.timezone).map_err(refuse)?),
        None => None,
    };
    if let Some(e) = &end {
        end_fits(set, e, b.lifetime.is_none(), daily_min, facts)?;
    }
    if let Some(l) = &b.lifetime {
        let new = parse(l)?;
        if money_of(set, "daily_budget").is_some() {
            return Err(refuse(format!(
                "{} has a daily budget; Meta does not turn it into a lifetime one: use --daily",
                label(set)
            )));
        }
        let end_text = end
            .clone()
            .unwrap_or_else(|| set.text("end_time").to_string());
        let start = GraphTime::parse(set.text("start_time")).instant();
        let finish = GraphTime::parse(&end_text).instant();
        if let (Some(s), Some(f)) = (
            start.or_else(|| Some(chrono::Utc::now().fixed_offset())),
            finish,
        ) {
            let need = daily_min.saturating_mul(schedule_days(s, f, facts.timezone));
            if new < need {
                return Err(refuse(format!(
                    "{} is under the minimum for {}'s schedule: at least {}",
                    show(new),
                    label(set),
                    show(need)
                )));
            }
        }
        let old = money_of(set, "lifetime_budget").map_or("none".into(), show);
        summary.push(format!(
            "{} lifetime budget: {old} → {}",
            label(set),
            show(new)
        ));
        pairs.push(("lifetime_budget", new.to_string()));
    }
    if let Some(e) = end {
        let old = match set.text("end_time") {
            "" => "none".to_string(),
            t => crate::spec::zone::show(&GraphTime::parse(t), facts.timezone),
        };
        let new = crate::spec::zone::show(&GraphTime::parse(&e), facts.timezone);
        summary.push(format!("{} end: {old} → {new}", label(set)));
        pairs.push(("end_time", e));
    }
    if pairs.is_empty() {
        return Err(refuse("say what changes: --daily, --lifetime or --end"));
    }
    Ok(Planned {
        writes: vec![write(
            set,
            ControlCall::Update {
                params: params(&pairs),
            },
        )],
        summary,
    })
}

/// A new end must come after the ad set's start and after now; a lifetime budget left as it
/// is (`keeps_budget`) must still cover the minimum of the longer schedule.
fn end_fits(
    set: &Object,
    end: &str,
    keeps_budget: bool,
    daily_min: i64,
    facts: &AccountFacts,
) -> Result<(), LaunchError> {
    let Some(finish) = GraphTime::parse(end).instant() else {
        return Ok(());
    };
    let shown = || crate::spec::zone::show(&GraphTime::parse(end), facts.timezone);
    let now = chrono::Utc::now().fixed_offset();
    let start = GraphTime::parse(set.text("start_time")).instant();
    if let Some(s) = start
        && finish <= s
    {
        return Err(refuse(format!(
            "the end {} is not after {}'s start ({})",
            shown(),
            label(set),
            crate::spec::zone::show(&GraphTime::parse(set.text("start_time")), facts.timezone)
        )));
    }
    if finish <= now {
        return Err(refuse(format!("the end {} is in the past", shown())));
    }
    if keeps_budget && let Some(budget) = money_of(set, "lifetime_budget") {
        let need =
            daily_min.saturating_mul(schedule_days(start.unwrap_or(now), finish, facts.timezone));
        if budget < need {
            let cur = &facts.currency;
            return Err(refuse(format!(
                "{}'s lifetime budget of {} is under the minimum for a schedule ending {}: at least {} (give --lifetime too)",
                label(set),
                Money::new(budget).display(cur),
                shown(),
                Money::new(need).display(cur)
            )));
        }
    }
    Ok(())
}

/// A Dynamic Creative ad cannot be archived or deleted alone (Meta: 1340029): its ad set is,
/// with every ad in it.
pub fn remove(t: &Target, delete: bool) -> Result<Planned, LaunchError> {
    if t.named.is_none() || t.named == Some(ObjectKind::Campaign) {
        return Err(refuse(
            "name the ad (or its ad set) to archive or delete, not a whole launch or campaign",
        ));
    }
    let set = one_ad_set(t)?;
    let what = if delete { "DELETED" } else { "ARCHIVED" };
    let ads: Vec<String> = t.ads.iter().map(label).collect();
    let mut summary = vec![format!(
        "{}: {} → {what}, with its ads{}",
        label(set),
        set.status(),
        if ads.is_empty() {
            String::new()
        } else {
            format!(" ({})", ads.join(", "))
        }
    )];
    summary
        .push("a Dynamic Creative ad goes with its ad set (Meta refuses it alone: 1340029)".into());
    let call = if delete {
        ControlCall::Delete
    } else {
        ControlCall::Update {
            params: params(&[("status", "ARCHIVED".into())]),
        }
    };
    Ok(Planned {
        writes: vec![write(set, call)],
        summary,
    })
}

/// A copy of the ad set with its ads, PAUSED, in the same campaign, its names tagged with
/// `tag` to be found again after an uncertain answer.
pub fn duplicate(t: &Target, tag: &str) -> Result<Planned, LaunchError> {
    let set = one_ad_set(t)?;
    let rename = json!({"rename_strategy": "DEEP_RENAME", "rename_suffix": format!(" · {tag}")});
    let summary = vec![format!(
        "{} copied with its ads into the same campaign, PAUSED, named «{} · {tag}»",
        label(set),
        crate::spec::text::sanitize(set.name())
    )];
    Ok(Planned {
        writes: vec![write(
            set,
            ControlCall::Copy {
                params: params(&[
                    ("deep_copy", "true".into()),
                    ("status_option", "PAUSED".into()),
                    ("rename_options", rename.to_string()),
                ]),
            },
        )],
        summary,
    })
}

/// The plan of `control` on `t`.
pub fn plan(
    t: &Target,
    control: &Control,
    facts: Option<&AccountFacts>,
    tag: &str,
) -> Result<Planned, LaunchError> {
    // What was deleted cannot be changed: a budget, an archive or a copy of a deleted ad set
    // (or of a deleted ad's) is refused before anything is sent.
    if !matches!(control, Control::Activate | Control::Pause)
        && let Some(o) = t
            .ad_sets
            .iter()
            .chain(&t.ads)
            .find(|o| o.status() == "DELETED")
    {
        return Err(refuse(format!(
            "{} is DELETED: Meta changes nothing deleted",
            label(o)
        )));
    }
    match control {
        Control::Activate => Ok(status(t, "ACTIVE")),
        Control::Pause => Ok(status(t, "PAUSED")),
        Control::Budget(b) => match facts {
            Some(f) => budget(t, b, f),
            None => Err(refuse("the account's currency is not known")),
        },
        Control::Archive => remove(t, false),
        Control::Delete => remove(t, true),
        Control::Duplicate => duplicate(t, tag),
    }
}
