//! Step 2, Objective: the six OUTCOME objectives and special ad categories.

use crate::spec::{GraphEnum, Objective, SpecialAdCategory};
use crate::tui::app::App;
use crate::tui::form::{Field, FieldKind, Opt};

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

pub fn fields(_app: &App) -> Vec<Field> {
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
