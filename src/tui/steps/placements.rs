//! Where the ads of an ad set run, on step 4: Advantage+ placements or the platforms chosen.

use crate::tui::form::{Field, FieldKind, Opt};
use crate::tui::model::Model;

const PLATFORMS: [(&str, &str); 4] = [
    ("facebook", "Facebook feeds, stories, reels"),
    ("instagram", "Instagram feed, stories, reels, Explore home"),
    ("messenger", "Messenger inbox"),
    ("audience_network", "apps and sites outside Meta"),
];

/// The placements of the ad set at `base` (`ad_set`).
pub fn fields(_app: &Model, base: &str, out: &mut Vec<Field>) {
    out.push(
        Field::new(
            format!("{base}.targeting.publisher_platforms"),
            "Placements",
            FieldKind::Multi {
                options: PLATFORMS
                    .iter()
                    .map(|(v, n)| Opt::new(*v, *v, *n))
                    .collect(),
                max: None,
            },
        )
        .help("None ticked means Advantage+ placements (Meta chooses); Space ticks.")
        .when_empty("Advantage+ placements (Meta chooses)"),
    );
}
