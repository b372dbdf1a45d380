//! Ad set rules: goal, billing, bid, budget, schedule and promoted object (§2 of the reference).
//! Paths are written under `base` (`ad_set`); audiences relocate them.

use chrono::{DateTime, FixedOffset, TimeDelta};

use super::super::enums::{BidStrategy, CustomEventType, Objective, OptimizationGoal};
use super::super::lenient::{GraphEnum, Lenient};
use super::super::model::{AdSet, PromotedObject};
use super::super::tables::{self, PromotedObjectNeed};
use super::super::values::{GraphTime, TimeKind};
use super::super::zone;
use super::{Context, Report, account, at, feed, targeting};

fn list<T: GraphEnum>(values: &[T]) -> String {
    values
        .iter()
        .map(|v| v.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn check(a: &AdSet, base: &str, ctx: &Context, r: &mut Report) {
    match a.name.as_deref().map(str::trim) {
        None | Some("") => {
            r.error(
                at(base, "name"),
                "ad_set.name_missing",
                "Ad set name is empty.",
            );
        }
        Some(n) if tables::char_count(n) > 400 => {
            r.error(
                at(base, "name"),
                "ad_set.name_too_long",
                format!(
                    "Ad set name has {} characters; Meta takes 400.",
                    tables::char_count(n)
                ),
            );
        }
        _ => {}
    }
    if a.is_dynamic_creative == Some(false) {
        r.error(
            at(base, "is_dynamic_creative"),
            "ad_set.not_dynamic",
            "Dynamic creative is off for this ad set, but a Dynamic Creative ad can only go in an ad set where it is on.",
        )
        .file_hint("Remove it: dcw sends is_dynamic_creative=true.");
    }
    account::check_status(a.status.as_ref(), &at(base, "status"), r);
    let goal = check_goal(a, base, ctx, r);
    check_billing(a, base, goal, r);
    check_bid(a, base, ctx, r);
    check_budget(a, base, ctx, r);
    super::money::check_ad_set(a, base, ctx, r);
    check_schedule(a, base, ctx, r);
    match &a.targeting {
        None => {
            r.error(
                at(base, "targeting"),
                "targeting.missing",
                "Locations are missing: the ad set has no targeting, and Meta needs at least one location.",
            )
            .file_hint("Add \"targeting\": {\"geo_locations\": {\"countries\": [\"US\"]}}.");
        }
        Some(t) => targeting::check(t, &at(base, "targeting"), ctx, r),
    }
    if let (Some(objective), Some(goal)) = (ctx.objective, goal) {
        check_promoted_object(
            a.promoted_object.as_ref(),
            &at(base, "promoted_object"),
            objective,
            goal,
            r,
        );
    }
}

fn check_goal(a: &AdSet, base: &str, ctx: &Context, r: &mut Report) -> Option<OptimizationGoal> {
    let path = at(base, "optimization_goal");
    let allowed = ctx.objective.map(tables::allowed_goals);
    match &a.optimization_goal {
        None => {
            let f = r.error(path, "ad_set.goal_missing", "Choose an optimization goal.");
            if let (Some(o), Some(allowed)) = (ctx.objective, allowed) {
                f.hint(format!("{o} takes {}.", list(allowed)));
            }
            None
        }
        Some(Lenient::Unknown(s)) => {
            r.error(
                path,
                "ad_set.goal_unknown",
                format!("Optimization goal \"{s}\" is not one Meta knows."),
            );
            None
        }
        Some(Lenient::Known(g)) => {
            let g = *g;
            if let (Some(o), Some(allowed)) = (ctx.objective, allowed) {
                if !allowed.contains(&g) {
                    r.error(
                        path,
                        "ad_set.goal_not_for_objective",
                        format!("Optimization goal {g} is not one {o} campaigns take."),
                    )
                    .hint(format!("{o} takes {}.", list(allowed)));
                } else if tables::guide_wants_offsite_conversions(o)
                    && g != OptimizationGoal::OffsiteConversions
                {
                    r.warn(
                        path,
                        "ad_set.goal_not_offsite_conversions",
                        format!("Optimization goal {g} may be refused for a dynamic-creative ad set: Meta's Dynamic Creative guide asks for OFFSITE_CONVERSIONS with {o}."),
                    )
                    .hint("Use OFFSITE_CONVERSIONS with a pixel and event unless you know this goal works for you.");
                }
            }
            Some(g)
        }
    }
}

fn check_billing(a: &AdSet, base: &str, goal: Option<OptimizationGoal>, r: &mut Report) {
    let path = at(base, "billing_event");
    match &a.billing_event {
        None => {
            r.error(path, "ad_set.billing_missing", "Choose a billing event.")
                .hint("IMPRESSIONS works with every goal.");
        }
        Some(Lenient::Unknown(s)) => {
            r.error(
                path,
                "ad_set.billing_unknown",
                format!("Billing event \"{s}\" is not one Meta knows."),
            )
            .hint("IMPRESSIONS works with every goal.");
        }
        Some(Lenient::Known(b)) => {
            if let Some(g) = goal {
                let allowed = tables::allowed_billing_events(g);
                if !allowed.contains(b) {
                    r.error(
                        path,
                        "ad_set.billing_not_for_goal",
                        format!("Billing event {b} does not go with the goal {g}."),
                    )
                    .hint(format!("{g} is billed on {}.", list(allowed)));
                }
            }
        }
    }
}

fn check_bid(a: &AdSet, base: &str, ctx: &Context, r: &mut Report) {
    let own = a.bid_strategy.as_ref();
    if ctx.campaign_budget && own.is_some() {
        r.error(
            at(base, "bid_strategy"),
            "ad_set.bid_strategy_with_campaign_budget",
            "Bid strategy belongs on the campaign, which holds the budget.",
        )
        .hint("Move the bid strategy to the campaign; the bid amount stays on the ad set.");
    }
    if let Some(Lenient::Unknown(s)) = own {
        r.error(
            at(base, "bid_strategy"),
            "spec.bid_strategy_unknown",
            format!("Bid strategy \"{s}\" is not one Meta knows."),
        )
        .hint(format!("Use {}.", list(BidStrategy::ALL)));
    }
    let strategy = if ctx.campaign_budget {
        ctx.campaign.bid_strategy.as_ref()
    } else {
        own
    };
    let strategy = strategy.and_then(Lenient::known);
    let path = at(base, "bid_amount");
    match (strategy, &a.bid_amount) {
        (Some(s), None) if tables::needs_bid_amount(s) => {
            r.error(
                path,
                "ad_set.bid_amount_missing",
                format!("Bid amount is missing: {s} needs one."),
            )
            .file_hint("Give the bid in the account currency's minor unit (cents for USD).");
        }
        (Some(s), Some(_)) if !tables::needs_bid_amount(s) => {
            r.error(
                path,
                "ad_set.bid_amount_unused",
                format!("Bid amount is not used by {s}."),
            )
            .hint("Remove the bid amount, or pick LOWEST_COST_WITH_BID_CAP or COST_CAP.");
        }
        (None, Some(_)) if a.bid_strategy.is_none() && !ctx.campaign_budget => {
            r.warn(
                path,
                "ad_set.bid_amount_implies_bid_cap",
                "Bid amount without a bid strategy makes Meta use LOWEST_COST_WITH_BID_CAP.",
            )
            .hint("Choose the bid strategy so the launch does what you mean.");
        }
        _ => {}
    }
    if let Some(m) = &a.bid_amount
        && m.minor <= 0
    {
        r.error(
            at(base, "bid_amount"),
            "ad_set.bid_amount_not_positive",
            "Bid amount must be above zero.",
        );
    }
    if strategy == Some(BidStrategy::LowestCostWithMinRoas) && !a.has_key("bid_constraints") {
        r.error(
            at(base, "bid_constraints"),
            "ad_set.min_roas_floor_missing",
            "Bid strategy LOWEST_COST_WITH_MIN_ROAS needs a minimum ROAS floor. Give bid_constraints a roas_average_floor.",
        );
    }
}

fn check_budget(a: &AdSet, base: &str, ctx: &Context, r: &mut Report) {
    let mine = [
        ("daily_budget", &a.daily_budget),
        ("lifetime_budget", &a.lifetime_budget),
    ];
    if ctx.campaign_budget {
        for (key, m) in mine {
            if m.is_some() {
                r.error(
                    at(base, key),
                    "ad_set.budget_on_both",
                    "The campaign already holds the budget; a budget goes on the campaign or on the ad set, never both.",
                )
                .hint("Remove this budget, or move the budget from the campaign to the ad set.");
            }
        }
        return;
    }
    match (&a.daily_budget, &a.lifetime_budget) {
        (None, None) => {
            r.error(
                at(base, "daily_budget"),
                "ad_set.budget_missing",
                "Budget is missing: the ad set needs a daily or a lifetime budget (or the campaign needs one).",
            )
            .file_hint("Amounts are in the account currency's minor unit: 2000 is $20.00 for USD.");
        }
        (Some(_), Some(_)) => {
            r.error(
                at(base, "lifetime_budget"),
                "ad_set.budget_both_kinds",
                "The ad set has both a daily and a lifetime budget; give it one.",
            );
        }
        _ => {}
    }
    for (key, m) in mine {
        if let Some(m) = m
            && m.minor <= 0
        {
            r.error(
                at(base, key),
                "ad_set.budget_not_positive",
                format!(
                    "Budget ({}) must be above zero.",
                    key.trim_end_matches("_budget")
                ),
            );
        }
    }
}

/// The schedule field as the buyer knows it: "Start date", "End date".
fn time_label(path: &str) -> &'static str {
    if path.ends_with("start_time") {
        "Start date"
    } else {
        "End date"
    }
}

fn time_ok(t: &GraphTime, path: &str, ctx: &Context, r: &mut Report) -> bool {
    let label = time_label(path);
    match t.kind() {
        TimeKind::Unreadable => {
            r.error(path, "ad_set.time_unreadable", format!("{label} \"{}\" is not a time dcw reads.", t.text()))
                .hint("Write 2026-12-01T09:00:00+0000 (ISO 8601 with an offset), 2026-12-01, or a UNIX timestamp.");
            false
        }
        TimeKind::NoOffset => {
            r.error(
                path,
                "ad_set.time_no_offset",
                format!(
                    "{label} \"{}\" has no UTC offset, so it is ambiguous.",
                    t.text()
                ),
            )
            .hint(
                match ctx
                    .facts
                    .time_zone
                    .and_then(|tz| Some((tz, zone::instant_in(t, Some(tz))?)))
                {
                    Some((tz, i)) => format!(
                        "Add the offset: {} is {}.",
                        i.format("%Y-%m-%dT%H:%M:%S%z"),
                        zone::show_instant(i, tz)
                    ),
                    None => format!("Add the offset: {}+0000.", t.text()),
                },
            );
            false
        }
        _ => true,
    }
}

fn check_schedule(a: &AdSet, base: &str, ctx: &Context, r: &mut Report) {
    let now = ctx.facts.now.fixed_offset();
    let start_path = at(base, "start_time");
    let end_path = at(base, "end_time");
    let tz = ctx.facts.time_zone;
    let start_given = a
        .start_time
        .as_ref()
        .filter(|t| time_ok(t, &start_path, ctx, r));
    let end_given = a
        .end_time
        .as_ref()
        .filter(|t| time_ok(t, &end_path, ctx, r));
    let start: DateTime<FixedOffset> = start_given
        .and_then(|t| zone::instant_in(t, tz))
        .unwrap_or(now);
    let end = end_given.and_then(|t| zone::instant_in(t, tz));
    let lifetime = a.lifetime_budget.is_some()
        || (ctx.campaign_budget && ctx.campaign.lifetime_budget.is_some());
    let daily =
        a.daily_budget.is_some() || (ctx.campaign_budget && ctx.campaign.daily_budget.is_some());
    if lifetime
        && end.is_none()
        && a.end_time
            .as_ref()
            .is_none_or(|t| t.kind() == TimeKind::Zero)
    {
        r.error(
            end_path.clone(),
            "ad_set.end_time_required",
            "End date is missing: a lifetime budget needs one.",
        )
        .file_hint("Add \"end_time\", e.g. 2026-12-20T09:00:00+0000.");
    }
    if let Some(s) = start_given.and_then(|t| zone::instant_in(t, tz))
        && s < now
    {
        r.warn(
            start_path,
            "ad_set.start_in_past",
            format!(
                "Start date {} is in the past; Meta starts the ad set right away.",
                s.format("%Y-%m-%d %H:%M %:z")
            ),
        )
        .hint("Clear Start to begin as soon as Meta approves the ads, or pick a later time.");
    }
    let Some(end) = end else { return };
    if end <= now {
        r.error(end_path, "ad_set.end_in_past", "End date is in the past.");
        return;
    }
    if end <= start {
        r.error(
            end_path,
            "ad_set.end_before_start",
            "End date must be after the start date.",
        );
        return;
    }
    let window = end - start;
    if daily && window <= TimeDelta::hours(24) {
        r.error(
            end_path,
            "ad_set.daily_window_too_short",
            "End date is 24 hours or less after the start: a daily budget needs the ad set to run longer.",
        )
        .hint("Move the end date later, or use a lifetime budget.");
    } else if window < TimeDelta::days(5) {
        r.warn(
            end_path,
            "ad_set.schedule_short",
            format!(
                "The ad set runs {} hours; Meta recommends Dynamic Creative for runs longer than five days, so it has time to learn which assets win.",
                window.num_hours()
            ),
        );
    }
}

/// A promoted object's key as the wizard labels it.
fn promoted_label(key: &str) -> &'static str {
    match key {
        "pixel_id" => "Pixel",
        "custom_event_type" => "Conversion event",
        "application_id" => "App ID",
        "object_store_url" => "Store URL",
        "page_id" => "Page",
        "custom_conversion_id" => "Custom conversion",
        "product_set_id" => "Product set",
        _ => "Promoted object",
    }
}

fn check_promoted_object(
    po: Option<&PromotedObject>,
    path: &str,
    objective: Objective,
    goal: OptimizationGoal,
    r: &mut Report,
) {
    let need = tables::promoted_object_need(objective, goal);
    let empty = PromotedObject::default();
    let p = po.unwrap_or(&empty);
    let want = |r: &mut Report, key: &str, what: &str| {
        r.error(
            at(path, key),
            "ad_set.promoted_object_incomplete",
            format!(
                "{} is missing: {objective} optimizing for {goal} needs {what}.",
                promoted_label(key)
            ),
        );
    };
    match need {
        PromotedObjectNeed::Nothing => {}
        PromotedObjectNeed::App => {
            if p.application_id.is_none() {
                want(r, "application_id", "the app's id");
            }
            if p.object_store_url.is_none() {
                want(r, "object_store_url", "the app's store URL");
            }
        }
        PromotedObjectNeed::Page => {
            if p.page_id.is_none() {
                want(r, "page_id", "the Page");
            }
        }
        PromotedObjectNeed::ConversionEvent => {
            if p.application_id.is_some() {
                if p.object_store_url.is_none() {
                    want(r, "object_store_url", "the app's store URL");
                }
            } else if p.pixel_id.is_none() && p.custom_conversion_id.is_none() {
                want(r, "pixel_id", "the pixel that reports the event");
            }
            if p.custom_event_type.is_none() && p.custom_conversion_id.is_none() {
                want(
                    r,
                    "custom_event_type",
                    "the event to optimize for, e.g. PURCHASE",
                );
            }
        }
    }
    for (key, id) in [
        ("pixel_id", &p.pixel_id),
        ("application_id", &p.application_id),
        ("page_id", &p.page_id),
        ("custom_conversion_id", &p.custom_conversion_id),
        ("product_set_id", &p.product_set_id),
    ] {
        if let Some(id) = id {
            account::check_id(id, &at(path, key), promoted_label(key), r);
        }
    }
    match &p.custom_event_type {
        Some(Lenient::Unknown(s)) => {
            r.error(
                at(path, "custom_event_type"),
                "ad_set.custom_event_unknown",
                format!("Conversion event \"{s}\" is not a custom event type Meta knows."),
            )
            .hint("Common ones: PURCHASE, LEAD, COMPLETE_REGISTRATION, ADD_TO_CART; OTHER with custom_event_str for app events.");
        }
        Some(Lenient::Known(CustomEventType::Other))
            if p.custom_event_str
                .as_deref()
                .is_none_or(|s| s.trim().is_empty()) =>
        {
            r.error(
                at(path, "custom_event_str"),
                "ad_set.custom_event_str_missing",
                "Conversion event OTHER needs the name of the event. Give it in custom_event_str.",
            );
        }
        _ => {}
    }
    if let Some(url) = &p.object_store_url
        && !feed::is_web_url(url)
    {
        r.error(
            at(path, "object_store_url"),
            "ad_set.store_url_invalid",
            format!("Store URL \"{url}\" is not an http(s) address."),
        )
        .hint("Use the app's App Store or Google Play URL.");
    }
}
