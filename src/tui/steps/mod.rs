//! The wizard's steps. Each lists its fields (bound to spec paths); Review also keeps the
//! preflight and the launch.

pub mod account;
pub mod ad_set;
pub mod assets;
pub mod campaign;
pub mod crop;
pub mod objective;
pub mod review;

use super::app::App;
use super::form::Field;
use super::msg::Effect;
use crate::spec::Step;

pub fn fields(app: &App, step: Step) -> Vec<Field> {
    match step {
        Step::Account => account::fields(app),
        Step::Objective => objective::fields(app),
        Step::Campaign => campaign::fields(app),
        Step::AdSet => ad_set::fields(app),
        Step::Assets => assets::fields(app),
        Step::Review => review::fields(app),
    }
}

/// One line under the step's title on what it is for.
pub fn intro(step: Step) -> &'static str {
    match step {
        Step::Account => {
            "Who pays and who speaks: the ad account, the Facebook Page and Instagram account the ads run as."
        }
        Step::Objective => "What Meta optimizes the whole campaign for.",
        Step::Campaign => "The campaign's name and where the budget lives.",
        Step::AdSet => "Who sees the ads, when, for how much, and what counts as a result.",
        Step::Assets => "Dynamic Creative mixes these assets into the combinations that work best.",
        Step::Review => "Exactly what will be sent. Nothing is created before you confirm.",
    }
}

/// Values that follow from a choice: a new objective picks a goal it allows, a new goal a
/// billing event it bills by.
pub fn after_choice(app: &mut App, id: &str) -> Vec<Effect> {
    match id {
        "campaign.objective" => ad_set::follow_objective(app),
        "ad_set.optimization_goal" => ad_set::follow_goal(app),
        "account_id" => account::follow_account(app),
        _ => Vec::new(),
    }
}

/// Options for a closed set, in Graph's order.
pub fn enum_options<T: crate::spec::GraphEnum>(only: Option<&[T]>) -> Vec<super::form::Opt> {
    T::ALL
        .iter()
        .filter(|v| only.is_none_or(|o| o.contains(v)))
        .map(|v| super::form::Opt::plain(v.as_str()))
        .collect()
}

/// The value a choice shows as chosen: the draft's, or for `#` fields, what they stand for.
pub fn current_value(app: &App, id: &str) -> Option<String> {
    if let Some(virt) = id.strip_prefix('#') {
        return match virt {
            "budget_level" => Some(
                if campaign::campaign_budget(app) {
                    "campaign"
                } else {
                    "ad_set"
                }
                .to_string(),
            ),
            v if v.ends_with(".budget_kind") => {
                let base = v.trim_end_matches(".budget_kind");
                Some(campaign::budget_key(app, base).to_string())
            }
            _ => None,
        };
    }
    let v = super::form::get(&app.draft, id)?;
    Some(super::form::as_text(Some(v)))
}

/// Choosing in a `#` field.
pub fn choose_virtual(app: &mut App, id: &str, value: &str) -> Vec<Effect> {
    let virt = id.trim_start_matches('#');
    match virt {
        "budget_level" => campaign::set_budget_level(app, value == "campaign"),
        v if v.ends_with(".budget_kind") => {
            let base = v.trim_end_matches(".budget_kind").to_string();
            campaign::set_budget_kind(app, &base, value)
        }
        _ => Vec::new(),
    }
}
