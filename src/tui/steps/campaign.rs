//! Step 3, Campaign: the name and where the budget lives.

use serde_json::{Value, json};

use crate::spec::BidStrategy;
use crate::tui::form::{self, Field, FieldKind, Opt};
use crate::tui::model::{Model, StepRules};
use crate::tui::msg::Effect;
use crate::tui::screen::StepScreen;

/// Whether the budget is the campaign's (Advantage+ campaign budget).
pub fn campaign_budget(app: &Model) -> bool {
    form::get(&app.draft, "campaign.daily_budget").is_some()
        || form::get(&app.draft, "campaign.lifetime_budget").is_some()
}

/// The budget's key at `base` (`daily_budget` unless `lifetime_budget` is set).
pub fn budget_key(app: &Model, base: &str) -> &'static str {
    if form::get(&app.draft, &format!("{base}.lifetime_budget")).is_some() {
        "lifetime_budget"
    } else {
        "daily_budget"
    }
}

pub fn budget_kind_field(app: &Model, base: &str) -> Field {
    Field::new(
        format!("#{base}.budget_kind"),
        "Budget type",
        FieldKind::Choice {
            options: vec![
                Opt::new("daily_budget", "Daily", "spent per day"),
                Opt::new(
                    "lifetime_budget",
                    "Lifetime",
                    "spent over the schedule; needs an end time",
                ),
            ],
        },
    )
    .help(format!(
        "Currently {}.",
        budget_key(app, base).replace('_', " ")
    ))
}

pub fn money_help(app: &Model, path: &str) -> String {
    let minor = form::get(&app.draft, path).cloned();
    match (minor, app.currency()) {
        // The buyer types money as 50.00: how Graph counts it is the spec file's business.
        (Some(_), Some(c)) => format!("In {c}, like 50.00."),
        (Some(v), None) => format!("Sent as {v} (minor units); pick the account to type money."),
        (None, Some(c)) => format!("Type the amount in {c}, like 50.00."),
        (None, None) => "Pick the ad account first: its currency decides the amount.".into(),
    }
}

pub fn fields(app: &Model) -> Vec<Field> {
    let mut out = vec![
        Field::new("campaign.name", "Campaign name", FieldKind::text())
            .help("How the campaign is named in Ads Manager."),
        Field::new(
            "#budget_level",
            "Budget lives on",
            FieldKind::Choice {
                options: vec![
                    Opt::new("ad_set", "The ad set", "each ad set has its own budget"),
                    Opt::new(
                        "campaign",
                        "The campaign",
                        "Advantage+ campaign budget, shared by the ad sets",
                    ),
                ],
            },
        )
        .help("Enter chooses; the amount is typed next."),
    ];
    if campaign_budget(app) {
        let key = budget_key(app, "campaign");
        out.push(budget_kind_field(app, "campaign"));
        let path = format!("campaign.{key}");
        out.push(Field::new(&path, "Campaign budget", FieldKind::Money).help(
            match app.minimum_help(&path) {
                Some(min) => format!("{min} {}", money_help(app, &path)),
                None => money_help(app, &path),
            },
        ));
        out.push(
            Field::new(
                "campaign.bid_strategy",
                "Bid strategy",
                FieldKind::Choice {
                    options: form::enum_options::<BidStrategy>(None),
                },
            )
            .help("With a campaign budget, the bid strategy is the campaign's."),
        );
    } else {
        out.push(
            Field::new(
                "campaign.is_adset_budget_sharing_enabled",
                "Ad sets share budget",
                FieldKind::Toggle {
                    on: json!(true),
                    off: json!(false),
                },
            )
            .help("Space flips it. On lets an ad set use up to 20% of another's budget."),
        );
    }
    out
}

/// Moves the budget between campaign and ad set (and between daily and lifetime), keeping
/// the amount the buyer typed.
pub fn set_budget_level(app: &mut Model, to_campaign: bool) -> Vec<Effect> {
    let (from, to) = if to_campaign {
        ("ad_set", "campaign")
    } else {
        ("campaign", "ad_set")
    };
    if to_campaign == campaign_budget(app) {
        return Vec::new();
    }
    let key = budget_key(app, from);
    app.raw.retain(|k, _| !k.ends_with("_budget"));
    let amount = form::remove(&mut app.draft, &format!("{from}.{key}")).unwrap_or(Value::Null);
    if to_campaign {
        // A campaign budget is the only budget: audiences' own budgets go too.
        for i in 0..form::len(&app.draft, "audiences") {
            for k in ["daily_budget", "lifetime_budget"] {
                form::remove(&mut app.draft, &format!("audiences[{i}].{k}"));
            }
        }
    }
    form::remove(&mut app.draft, &format!("{from}.{}", other(key)));
    let mut fx = Vec::new();
    let value = if amount.is_null() { json!(0) } else { amount };
    fx.extend(app.set_value(&format!("{to}.{key}"), value));
    if to_campaign {
        form::remove(&mut app.draft, "campaign.is_adset_budget_sharing_enabled");
        if let Some(bs) = form::remove(&mut app.draft, "ad_set.bid_strategy") {
            fx.extend(app.set_value("campaign.bid_strategy", bs));
        }
    } else {
        fx.extend(app.set_value("campaign.is_adset_budget_sharing_enabled", json!(false)));
        if let Some(bs) = form::remove(&mut app.draft, "campaign.bid_strategy") {
            fx.extend(app.set_value("ad_set.bid_strategy", bs));
        }
    }
    fx.extend(app.changed("campaign"));
    fx
}

fn other(key: &str) -> &'static str {
    if key == "daily_budget" {
        "lifetime_budget"
    } else {
        "daily_budget"
    }
}

pub fn set_budget_kind(app: &mut Model, base: &str, kind: &str) -> Vec<Effect> {
    let cur = budget_key(app, base);
    if cur == kind {
        return Vec::new();
    }
    app.raw.retain(|k, _| !k.ends_with("_budget"));
    let amount = form::remove(&mut app.draft, &format!("{base}.{cur}")).unwrap_or(json!(0));
    app.set_value(&format!("{base}.{kind}"), amount)
}

/// What a `#` budget field shows as chosen: where the budget lives, or its kind at a base.
pub fn virtual_value(app: &Model, id: &str) -> Option<String> {
    match id.trim_start_matches('#') {
        "budget_level" => Some(
            if campaign_budget(app) {
                "campaign"
            } else {
                "ad_set"
            }
            .to_string(),
        ),
        v if v.ends_with(".budget_kind") => {
            let base = v.trim_end_matches(".budget_kind");
            Some(budget_key(app, base).to_string())
        }
        _ => None,
    }
}

/// Choosing in a `#` budget field.
pub fn choose_virtual(app: &mut Model, id: &str, value: &str) -> Vec<Effect> {
    match id.trim_start_matches('#') {
        "budget_level" => set_budget_level(app, value == "campaign"),
        v if v.ends_with(".budget_kind") => {
            let base = v.trim_end_matches(".budget_kind").to_string();
            set_budget_kind(app, &base, value)
        }
        _ => Vec::new(),
    }
}

/// Step 3's screen.
pub struct Screen;

impl StepRules for Screen {
    fn fields(&self, m: &Model) -> Vec<Field> {
        fields(m)
    }

    fn virtual_value(&self, m: &Model, id: &str) -> Option<String> {
        virtual_value(m, id)
    }

    fn choose_virtual(&self, m: &mut Model, id: &str, value: &str) -> Vec<Effect> {
        choose_virtual(m, id, value)
    }
}

impl StepScreen for Screen {
    fn intro(&self, _m: &Model) -> &'static str {
        "The campaign's name and where the budget lives."
    }
}
