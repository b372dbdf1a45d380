//! Step 4, Ad set: goal, billing, bid, budget, schedule, targeting, promoted object, and the
//! optional audiences (one dynamic-creative ad set each, sharing the creative).

use serde_json::json;

use super::campaign::{budget_key, budget_kind_field, campaign_budget, money_help};
use crate::spec::tables::{self, PromotedObjectNeed};
use crate::spec::{BidStrategy, BillingEvent, CustomEventType, GraphEnum, OptimizationGoal};
use crate::tui::form::{self, ButtonAction, Field, FieldKind, Opt};
use crate::tui::load::Load;
use crate::tui::model::{Model, StepRules};
use crate::tui::msg::Effect;
use crate::tui::screen::StepScreen;

fn goal(app: &Model) -> Option<OptimizationGoal> {
    form::get_str(&app.draft, "ad_set.optimization_goal").and_then(OptimizationGoal::from_wire)
}

pub fn fields(app: &Model) -> Vec<Field> {
    let mut out = vec![
        Field::new("ad_set.name", "Ad set name", FieldKind::text())
            .help("With audiences, each ad set is named «this · audience»."),
    ];
    delivery_fields(app, &mut out);
    schedule_and_audience_fields(app, &mut out);
    promoted_object_fields(app, &mut out);
    out.push(super::presets::save_button());
    audience_fields(app, &mut out);
    out
}

/// What is optimized and billed, the bid, and the budget when it is the ad set's.
fn delivery_fields(app: &Model, out: &mut Vec<Field>) {
    let goals = app
        .objective()
        .map(tables::allowed_goals)
        .map(|g| form::enum_options::<OptimizationGoal>(Some(g)))
        .unwrap_or_else(|| form::enum_options::<OptimizationGoal>(None));
    out.push(
        Field::new(
            "ad_set.optimization_goal",
            "Optimization goal",
            FieldKind::Choice { options: goals },
        )
        .help("Only the goals the objective allows are listed."),
    );
    let billing = goal(app)
        .map(tables::allowed_billing_events)
        .map(|b| form::enum_options::<BillingEvent>(Some(b)))
        .unwrap_or_else(|| form::enum_options::<BillingEvent>(None));
    out.push(
        Field::new(
            "ad_set.billing_event",
            "Billing event",
            FieldKind::Choice { options: billing },
        )
        .help("What you pay for; IMPRESSIONS works with every goal."),
    );
    let on_campaign = campaign_budget(app);
    let strategy_path = if on_campaign {
        "campaign.bid_strategy"
    } else {
        "ad_set.bid_strategy"
    };
    if !on_campaign {
        out.push(
            Field::new(
                "ad_set.bid_strategy",
                "Bid strategy",
                FieldKind::Choice {
                    options: form::enum_options::<BidStrategy>(None),
                },
            )
            .help("LOWEST_COST_WITHOUT_CAP needs no bid amount; the others do."),
        );
    }
    let needs_bid = form::get_str(&app.draft, strategy_path)
        .and_then(BidStrategy::from_wire)
        .is_some_and(tables::needs_bid_amount);
    if needs_bid || form::get(&app.draft, "ad_set.bid_amount").is_some() {
        out.push(
            Field::new("ad_set.bid_amount", "Bid amount", FieldKind::Money)
                .help(money_help(app, "ad_set.bid_amount")),
        );
    }
    if !on_campaign {
        out.push(budget_kind_field(app, "ad_set"));
        let path = format!("ad_set.{}", budget_key(app, "ad_set"));
        let help = match app.minimum_help(&path) {
            Some(min) => format!("{min} {}", money_help(app, &path)),
            None => money_help(app, &path),
        };
        out.push(Field::new(&path, "Budget", FieldKind::Money).help(help));
    }
}

/// The schedule, the template's targeting, placements and Advantage+ audience.
fn schedule_and_audience_fields(app: &Model, out: &mut Vec<Field>) {
    out.push(
        Field::new("ad_set.start_time", "Start date", FieldKind::text())
            .help(app.time_help("ad_set.start_time"))
            .section("Schedule"),
    );
    out.push(
        Field::new("ad_set.end_time", "End date", FieldKind::text()).help(format!(
            "Needed with a lifetime budget. {}",
            app.time_help("ad_set.end_time")
        )),
    );
    let mut audience = vec![super::presets::field(app)];
    super::targeting::fields(app, "ad_set", &mut audience);
    if let Some(first) = audience.first_mut() {
        first.section = Some("Audience".into());
    }
    out.extend(audience);
    out.push(
        Field::new(
            "ad_set.targeting.targeting_automation.advantage_audience",
            "Advantage+ audience",
            FieldKind::Toggle { on: json!(1), off: json!(0) },
        )
        .help("Space flips it. On lets Meta reach beyond your ages and countries when it expects results."),
    );
    super::placements::fields(app, "ad_set", out);
}

fn promoted_object_fields(app: &Model, out: &mut Vec<Field>) {
    let (Some(o), Some(g)) = (app.objective(), goal(app)) else {
        return;
    };
    match tables::promoted_object_need(o, g) {
        PromotedObjectNeed::ConversionEvent => conversion_fields(app, out),
        PromotedObjectNeed::App => {
            out.push(
                Field::new(
                    "ad_set.promoted_object.application_id",
                    "App ID",
                    FieldKind::text(),
                )
                .help("The app's Facebook app ID.")
                .section("Promoted object"),
            );
            out.push(
                Field::new(
                    "ad_set.promoted_object.object_store_url",
                    "Store URL",
                    FieldKind::text(),
                )
                .help("The App Store or Google Play URL."),
            );
        }
        PromotedObjectNeed::Page => {
            let pages: Vec<Opt> = match &app.ctx.pages {
                Load::Ready(list) => list
                    .iter()
                    .map(|p| Opt::new(p.id.clone(), p.name.clone(), p.id.clone()))
                    .collect(),
                _ => vec![Opt::new("", "Loading Pages…", "")],
            };
            out.push(
                Field::new(
                    "ad_set.promoted_object.page_id",
                    "Page",
                    FieldKind::Choice { options: pages },
                )
                .help("The Page the results are for.")
                .section("Promoted object"),
            );
        }
        PromotedObjectNeed::Nothing => {}
    }
}

/// The pixel (from the account) and the conversion event it reports.
fn conversion_fields(app: &Model, out: &mut Vec<Field>) {
    let mut pixels: Vec<Opt> = match &app.ctx.pixels {
        Load::Ready(list) => list
            .iter()
            .map(|p| Opt::new(p.id.clone(), p.name.clone(), p.id.clone()))
            .collect(),
        Load::Loading if app.account_digits().is_some() => {
            vec![Opt::new("", "Loading pixels…", "")]
        }
        Load::Loading => vec![Opt::new("", "Pick the ad account first", "")],
        Load::Failed(e) => vec![Opt::new("", "Could not load pixels", e.clone())],
    };
    let cur = form::get_str(&app.draft, "ad_set.promoted_object.pixel_id")
        .unwrap_or("")
        .to_string();
    if !cur.is_empty() && !pixels.iter().any(|p| p.value == cur) {
        pixels.push(Opt::new(cur.clone(), cur, "from the spec"));
    }
    out.push(
        Field::new(
            "ad_set.promoted_object.pixel_id",
            "Pixel",
            FieldKind::Choice { options: pixels },
        )
        .help("The pixel that reports the conversion.")
        .section("Promoted object"),
    );
    out.push(
        Field::new(
            "ad_set.promoted_object.custom_event_type",
            "Conversion event",
            FieldKind::Choice {
                options: form::enum_options::<CustomEventType>(None),
            },
        )
        .help("The event to optimize for; / filters."),
    );
}

fn audience_fields(app: &Model, out: &mut Vec<Field>) {
    let n = form::len(&app.draft, "audiences");
    for i in 0..n {
        let base = format!("audiences[{i}]");
        out.push(
            Field::new(format!("{base}.name"), "Audience name", FieldKind::text())
                .help(
                    "This audience's ad set overrides the template's targeting. Ctrl+D removes it.",
                )
                .section(format!("Audience {}", i + 1))
                .heads(base.clone()),
        );
        super::targeting::fields(app, &base, out);
        super::placements::fields(app, &base, out);
        for key in ["daily_budget", "lifetime_budget"] {
            let path = format!("{base}.{key}");
            if form::get(&app.draft, &path).is_some() {
                out.push(
                    Field::new(&path, "Audience budget", FieldKind::Money).help(format!(
                        "This audience's own {} (instead of the template's). {}",
                        key.replace('_', " "),
                        money_help(app, &path)
                    )),
                );
            }
        }
        out.push(
            Field::new(
                format!("#dup{i}"),
                "",
                FieldKind::Button(ButtonAction::DuplicateAudience(i)),
            )
            .help("Enter makes a copy to change."),
        );
        out.push(
            Field::new(
                format!("#rm{i}"),
                "",
                FieldKind::Button(ButtonAction::RemoveAudience(i)),
            )
            .help("Enter removes this audience."),
        );
    }
    let mut add = Field::new("#add_audience", "", FieldKind::Button(ButtonAction::AddAudience))
        .help("Each audience becomes its own dynamic-creative ad set sharing the creative, to learn which assets win where.");
    if n == 0 {
        add.section = Some("Audiences (optional)".into());
    }
    out.push(add);
}

/// A new objective: the goal stays if the objective allows it. Otherwise it is cleared, never
/// swapped for another the buyer did not choose (a goal decides what Meta bills and optimizes
/// for), and the notice says to choose one on the Ad set step.
pub fn follow_objective(app: &mut Model) -> Vec<Effect> {
    let Some(o) = app.objective() else {
        return Vec::new();
    };
    match goal(app) {
        Some(g) if !tables::allowed_goals(o).contains(&g) => {
            let fx = app.set_value("ad_set.optimization_goal", serde_json::Value::Null);
            app.notice = Some(format!(
                "! The optimization goal {} does not fit {}; choose one on step 4, Ad set.",
                g.as_str(),
                o.as_str()
            ));
            fx
        }
        _ => Vec::new(),
    }
}

/// A new goal: keep the billing event if the goal bills by it, else IMPRESSIONS.
pub fn follow_goal(app: &mut Model) -> Vec<Effect> {
    let Some(g) = goal(app) else {
        return Vec::new();
    };
    let billing =
        form::get_str(&app.draft, "ad_set.billing_event").and_then(BillingEvent::from_wire);
    if billing.is_some_and(|b| tables::allowed_billing_events(g).contains(&b)) {
        return Vec::new();
    }
    app.set_value(
        "ad_set.billing_event",
        json!(BillingEvent::Impressions.as_str()),
    )
}

/// Step 4's screen.
pub struct Screen;

impl StepRules for Screen {
    fn fields(&self, m: &Model) -> Vec<Field> {
        fields(m)
    }

    fn virtual_value(&self, m: &Model, id: &str) -> Option<String> {
        if id == super::presets::FIELD {
            return super::presets::virtual_value(m);
        }
        super::targeting::virtual_value(m, id)
            .or_else(|| super::placements::virtual_value(m, id))
            .or_else(|| super::campaign::virtual_value(m, id))
    }

    fn choose_virtual(&self, m: &mut Model, id: &str, value: &str) -> Vec<Effect> {
        if id == super::presets::FIELD {
            return super::presets::apply(m, value);
        }
        super::targeting::choose_virtual(m, id, value)
            .or_else(|| super::placements::choose_virtual(m, id, value))
            .unwrap_or_else(|| super::campaign::choose_virtual(m, id, value))
    }

    fn after_choice(&self, m: &mut Model, id: &str) -> Vec<Effect> {
        if let Some(base) = super::placements::is_placement_path(id) {
            let base = base.to_string();
            return super::placements::follow(m, &base);
        }
        match id {
            "ad_set.optimization_goal" => follow_goal(m),
            _ => Vec::new(),
        }
    }
}

impl StepScreen for Screen {
    fn intro(&self, _m: &Model) -> &'static str {
        "Who sees the ads, when, for how much, and what counts as a result."
    }
}
