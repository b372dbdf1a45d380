//! The wizard's steps, one screen each: its fields (bound to spec paths), the values that
//! follow a choice, its words, its drawing beyond the form and its keys. Review also keeps the
//! confirmation and the launch's progress; the crop editor is the screen over an image's crop.

pub mod account;
pub mod ad_set;
pub mod assets;
pub mod campaign;
pub mod combos;
pub mod crop;
pub mod features;
pub mod objective;
pub mod placements;
pub mod presets;
pub mod review;
pub mod targeting;
pub mod videos;

use super::model::StepRules;
use super::screen::StepScreen;
use crate::spec::Step;

/// The screen of a step.
pub fn screen(step: Step) -> &'static dyn StepScreen {
    match step {
        Step::Account => &account::Screen,
        Step::Objective => &objective::Screen,
        Step::Campaign => &campaign::Screen,
        Step::AdSet => &ad_set::Screen,
        Step::Assets => &assets::Screen,
        Step::Review => &review::Screen,
    }
}

/// A step's rules, as the model asks for them.
pub fn rules(step: Step) -> &'static dyn StepRules {
    screen(step)
}
