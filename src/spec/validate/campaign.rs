//! Campaign rules (§1 of the reference, and the seed guide's step 1).

use super::super::enums::{BuyingType, Objective, SpecialAdCategory};
use super::super::lenient::{GraphEnum, Lenient};
use super::super::model::{Campaign, LaunchSpec};
use super::{Report, account, at, index};
use crate::spec::countries::country_name;

fn six() -> String {
    Objective::ALL
        .iter()
        .map(|o| o.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn has_special_category(c: &Campaign) -> bool {
    c.special_ad_categories
        .as_deref()
        .is_some_and(|list| list.iter().any(|v| !v.is(SpecialAdCategory::NoneApplies)))
}

pub(super) fn check(spec: &LaunchSpec, r: &mut Report) {
    let Some(c) = &spec.campaign else {
        r.error("campaign", "campaign.missing", "The spec has no campaign.")
            .file_hint(
                "Add a \"campaign\" with a name, an OUTCOME_* objective and special_ad_categories.",
            );
        return;
    };
    let existing = c.id.is_some();
    if existing {
        check_existing(c, r);
    }
    if !existing && c.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
        r.error(
            "campaign.name",
            "campaign.name_missing",
            "Campaign name is empty.",
        );
    }
    check_objective(c, r);
    // An existing campaign has its categories already; when the spec says them, they are checked.
    if !existing || c.special_ad_categories.is_some() {
        check_special_categories(c, r);
    }
    match &c.buying_type {
        None | Some(Lenient::Known(BuyingType::Auction)) => {}
        Some(other) => {
            r.error(
                "campaign.buying_type",
                "campaign.buying_type_not_auction",
                format!("Buying type {other} is not one Dynamic Creative takes: it needs AUCTION."),
            )
            .file_hint("Set \"buying_type\": \"AUCTION\" or leave it out.");
        }
    }
    account::check_status(c.status.as_ref(), "campaign.status", r);
    check_budget(c, r);
    if let Some(Lenient::Unknown(s)) = &c.bid_strategy {
        r.error(
            "campaign.bid_strategy",
            "spec.bid_strategy_unknown",
            format!("Bid strategy \"{s}\" is not one Meta knows."),
        )
        .hint("Use LOWEST_COST_WITHOUT_CAP, LOWEST_COST_WITH_BID_CAP, COST_CAP or LOWEST_COST_WITH_MIN_ROAS.");
    }
    if let Some(m) = &c.spend_cap
        && m.minor <= 0
    {
        r.error(
            "campaign.spend_cap",
            "campaign.spend_cap_not_positive",
            "Spend cap must be above zero.",
        );
    }
}

/// The objective: present, one of the six, a legacy one named with its replacement.
fn check_objective(c: &Campaign, r: &mut Report) {
    match &c.objective {
        None => {
            r.error(
                "campaign.objective",
                "campaign.objective_missing",
                "Choose an objective for the campaign.",
            )
            .hint(format!("Dynamic Creative takes one of {}.", six()));
        }
        Some(Lenient::Unknown(text)) => match Objective::replacement_for_legacy(text) {
            Some(new) => {
                r.error(
                    "campaign.objective",
                    "campaign.objective_legacy",
                    format!(
                        "Objective {text} is a legacy one: Meta stopped creating campaigns with it in v17.0. Use {new}."
                    ),
                )
                .file_hint(format!("Set \"objective\": \"{new}\"."));
            }
            None => {
                r.error(
                    "campaign.objective",
                    "campaign.objective_unknown",
                    format!("Objective \"{text}\" is not one Dynamic Creative accepts."),
                )
                .hint(format!("Use one of {}.", six()));
            }
        },
        Some(Lenient::Known(_)) => {}
    }
}

/// The campaign's budget: one kind, above zero, and what a campaign without one needs.
fn check_budget(c: &Campaign, r: &mut Report) {
    let has_budget = c.daily_budget.is_some() || c.lifetime_budget.is_some();
    if c.daily_budget.is_some() && c.lifetime_budget.is_some() {
        r.error(
            "campaign.lifetime_budget",
            "campaign.budget_both_kinds",
            "The campaign has both a daily and a lifetime budget; give it one.",
        );
    }
    for (key, money) in [
        ("daily_budget", &c.daily_budget),
        ("lifetime_budget", &c.lifetime_budget),
    ] {
        if let Some(m) = money
            && m.minor <= 0
        {
            r.error(
                at("campaign", key),
                "campaign.budget_not_positive",
                format!(
                    "Campaign budget ({}) must be above zero.",
                    key.trim_end_matches("_budget")
                ),
            );
        }
    }
    if !has_budget && c.is_adset_budget_sharing_enabled.is_none() && c.id.is_none() {
        r.warn(
            "campaign.is_adset_budget_sharing_enabled",
            "campaign.budget_sharing_unset",
            "Ad sets share budget is not set; Meta refuses a campaign without a campaign budget unless it is on or off, so dcw will send off.",
        )
        .hint("Set it: off keeps each ad set's budget its own; on lets ad sets share up to 20%.");
    }
    if !has_budget && c.bid_strategy.is_some() {
        r.error(
            "campaign.bid_strategy",
            "campaign.bid_strategy_without_budget",
            "A bid strategy goes on the campaign only when the campaign holds the budget.",
        )
        .hint("Move the bid strategy to the ad set, or give the campaign the budget.");
    }
}

fn check_special_categories(c: &Campaign, r: &mut Report) {
    let path = "campaign.special_ad_categories";
    let Some(list) = &c.special_ad_categories else {
        r.error(
            path,
            "campaign.special_ad_categories_missing",
            "Special ad categories must be given, even when none applies: Meta requires the list.",
        )
        .file_hint("Send [] (or [\"NONE\"]) when the ads are not about housing, employment, credit, politics, gambling or financial products.");
        return;
    };
    for (i, v) in list.iter().enumerate() {
        if let Lenient::Unknown(s) = v {
            r.error(
                index(path, i),
                "campaign.special_ad_category_unknown",
                format!("Special ad category \"{s}\" is not one Meta knows."),
            )
            .hint(format!(
                "Use one of {}.",
                SpecialAdCategory::ALL
                    .iter()
                    .map(|v| v.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    if list.len() > 1
        && let Some(i) = list
            .iter()
            .position(|v| v.is(SpecialAdCategory::NoneApplies))
    {
        r.error(
            index(path, i),
            "campaign.special_ad_category_none_mixed",
            "NONE cannot be listed with other special ad categories.",
        );
    }
    if let Some(countries) = &c.special_ad_category_country {
        if !has_special_category(c) {
            r.warn(
                "campaign.special_ad_category_country",
                "campaign.special_country_unused",
                "Special ad category countries only apply with a special ad category.",
            );
        }
        for (i, code) in countries.iter().enumerate() {
            if country_name(code).is_none() {
                r.error(
                    index("campaign.special_ad_category_country", i),
                    "spec.country_unknown",
                    format!("Country \"{code}\" is not an ISO 3166 two-letter country code."),
                );
            }
        }
    }
}

/// An existing campaign (`campaign.id`, a next round): its id is Graph's digits, and what dcw
/// would only send when creating a campaign is said to be left as it is.
fn check_existing(c: &Campaign, r: &mut Report) {
    if let Some(id) = &c.id
        && !id.is_numeric()
    {
        r.error(
            "campaign.id",
            "campaign.id_malformed",
            format!("Campaign id \"{id}\" is not a Graph id: it is all digits."),
        )
        .file_hint("Copy the campaign's id from Ads Manager or `dcw launches`, like \"120210000000000001\".");
    }
    let unsent: Vec<&str> = [
        ("status", c.status.is_some()),
        ("buying type", c.buying_type.is_some()),
        ("spend cap", c.spend_cap.is_some()),
    ]
    .into_iter()
    .filter(|(_, set)| *set)
    .map(|(k, _)| k)
    .collect();
    if !unsent.is_empty() {
        r.warn(
            "campaign.id",
            "campaign.existing_not_changed",
            format!(
                "The campaign exists already, so dcw leaves it as it is: its {} from the spec {} not sent.",
                unsent.join(", "),
                if unsent.len() == 1 { "is" } else { "are" }
            ),
        )
        .hint("Change the campaign itself in Ads Manager; this launch adds ad sets to it.");
    }
}
