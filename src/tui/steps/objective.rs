//! Step 2, Objective: the six OUTCOME objectives and special ad categories.

use crate::spec::{GraphEnum, Objective, SpecialAdCategory};
use crate::tui::form::{Field, FieldKind, Opt};
use crate::tui::model::{Model, StepRules};
use crate::tui::msg::Effect;
use crate::tui::screen::StepScreen;

/// What each objective optimizes for, in a line.
pub fn explain(o: Objective) -> &'static str {
    match o {
        Objective::OutcomeSales => "purchases and other conversions on your site or app",
        Objective::OutcomeTraffic => "visits: link clicks and landing page views",
        Objective::OutcomeLeads => "leads: forms, calls, sign-ups",
        Objective::OutcomeAwareness => "reach and ad recall among the most people",
        Objective::OutcomeEngagement => "messages, video views, post engagement",
        Objective::OutcomeAppPromotion => "app installs and in-app events",
    }
}

pub fn fields(_app: &Model) -> Vec<Field> {
    let objectives = Objective::ALL
        .iter()
        .map(|o| Opt::new(o.as_str(), o.as_str(), explain(*o)))
        .collect();
    let categories = SpecialAdCategory::ALL
        .iter()
        .filter(|c| **c != SpecialAdCategory::NoneApplies)
        .map(|c| Opt::plain(c.as_str()))
        .collect();
    vec![
        Field::new("campaign.objective", "Objective", FieldKind::Choice { options: objectives })
            .help("Enter chooses. The ad set's goals and the call-to-action types follow from it."),
        Field::new(
            "campaign.special_ad_categories",
            "Special ad categories",
            FieldKind::Multi { options: categories, max: None },
        )
        .help("Tick with Space if the ads are about credit, jobs, housing, politics, gambling or financial products; leave empty otherwise."),
    ]
}

/// Step 2's screen.
pub struct Screen;

impl StepRules for Screen {
    fn fields(&self, m: &Model) -> Vec<Field> {
        fields(m)
    }

    fn after_choice(&self, m: &mut Model, id: &str) -> Vec<Effect> {
        match id {
            "campaign.objective" => super::ad_set::follow_objective(m),
            _ => Vec::new(),
        }
    }
}

impl StepScreen for Screen {
    fn intro(&self, _m: &Model) -> &'static str {
        "What Meta optimizes the whole campaign for."
    }
}
