//! The preview screen's state and keys: the feed, the families reached, the counts, the
//! family and the combination on screen.

use crossterm::event::KeyEvent;

use crate::spec::positions::Position;
use crate::spec::preview::{
    self, Combination, Combinations, FAMILIES, Family, FamilyCount, Warning,
};
use crate::spec::{AssetFeedSpec, LaunchSpec, Targeting};
use crate::tui::keymap::{Action, KeyMap, Modal};

/// What the wizard knows of the files the feed names: each image's size in pixels and each
/// video's length, by index in the feed (`None`: not read, or not readable).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Files {
    pub image_sizes: Vec<Option<(u32, u32)>>,
    pub video_ms: Vec<Option<u64>>,
    /// The file each image (by hash) was uploaded from, where the launch journal knows it and
    /// the file is not on disk to draw: named, not drawn.
    pub image_names: Vec<Option<String>>,
}

/// Meta's own preview of a placement (`m`), as far as it went.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Meta {
    #[default]
    NotAsked,
    /// Asked for this family; the answer is out.
    Asking(&'static Family),
    /// Graph's links, one per `ad_format` (`(ad_format, link)`), with notes; `copied`: the
    /// first went to the clipboard.
    Links {
        family: &'static Family,
        links: Vec<(String, String)>,
        notes: Vec<String>,
        copied: bool,
    },
    /// Why there is no preview, in words.
    Failed {
        family: &'static Family,
        message: String,
    },
}

/// Which placement families the preview shows as reached, and the chosen positions no family
/// stands for (in the buyer's words).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reach {
    pub families: Vec<&'static Family>,
    pub not_mocked: Vec<String>,
}

impl Reach {
    /// One ad set's placements under the campaign's `objective` (`None`: every family the
    /// objective allows, as Advantage+ placements reach).
    pub fn of(targeting: Option<&Targeting>, objective: Option<&str>) -> Reach {
        Reach {
            families: preview::reached(targeting, objective),
            not_mocked: labels(preview::not_mocked(targeting)),
        }
    }

    /// Every ad set of a launch (the template, or each audience laid over it).
    pub fn of_spec(spec: &LaunchSpec) -> Reach {
        let mut not_mocked: Vec<String> = Vec::new();
        for (_, set) in spec.effective_ad_sets() {
            for label in labels(preview::not_mocked(set.targeting.as_ref())) {
                if !not_mocked.contains(&label) {
                    not_mocked.push(label);
                }
            }
        }
        Reach {
            families: preview::spec_families(spec),
            not_mocked,
        }
    }
}

fn labels(positions: Vec<&'static Position>) -> Vec<String> {
    positions.iter().map(|p| p.label.to_string()).collect()
}

/// What the ad preview on screen was opened for: what `m` asks Meta about.
#[derive(Debug, Clone, PartialEq)]
pub enum PreviewOf {
    /// The wizard's draft.
    Draft,
    /// A launched ad, from the status pane.
    Ad { account: String, ad_id: String },
}

/// The line the preview shows when the pane's ad's placements are not known.
pub const PLACEMENTS_UNKNOWN: &str = "The placements of this ad are not known here (its launch is not this session's): every placement is shown.";

/// The preview screen's state.
#[derive(Debug, Clone, PartialEq)]
pub struct AdPreview {
    pub feed: AssetFeedSpec,
    /// The Page's name as the ad shows it ("Page <id>" when the wizard does not know it).
    pub page: String,
    pub files: Files,
    /// The families the spec's placements reach, in key order.
    pub reached: Vec<&'static Family>,
    /// The chosen positions no family's mock stands for, in the buyer's words.
    pub not_mocked: Vec<String>,
    /// Every family's count (reached or not), in key order.
    pub counts: Vec<FamilyCount>,
    /// Assets no chosen placement can ever show.
    pub warnings: Vec<Warning>,
    /// The family on screen, and its combinations.
    pub family: &'static Family,
    pub combos: Combinations,
    /// The combination on screen (0-based; 0 when the family has none).
    pub index: u128,
    /// The assets on screen when the family was last changed, texts the family on screen hides
    /// included: a family that shows them again shows these.
    pub kept: Option<Combination>,
    /// Which opening of the screen this is (the app's count): an answer for an earlier one is
    /// dropped.
    pub id: u64,
    /// A line about the placements (from the status pane: not known here).
    pub note: Option<String>,
    /// Meta's own preview (`m`).
    pub meta: Meta,
    /// `m` was pressed and nothing is being asked: the app sends the ask and clears this.
    pub ask_meta: bool,
}

impl AdPreview {
    /// The screen for `feed` with `reach`'s placements, on its first reached family's first
    /// combination.
    pub fn new(feed: AssetFeedSpec, reach: Reach, page: String, files: Files) -> AdPreview {
        let Reach {
            families: reached,
            not_mocked,
        } = reach;
        let all: Vec<&'static Family> = FAMILIES.iter().collect();
        let counts = preview::per_family(&feed, &all);
        let warnings = preview::warnings(&feed, &reached);
        let family = reached.first().copied().unwrap_or(&FAMILIES[0]);
        let combos = Combinations::for_family(&feed, family);
        AdPreview {
            feed,
            page,
            files,
            reached,
            not_mocked,
            counts,
            warnings,
            family,
            combos,
            index: 0,
            kept: None,
            id: 0,
            note: None,
            meta: Meta::NotAsked,
            ask_meta: false,
        }
    }

    /// The family's combinations.
    pub fn count(&self) -> u128 {
        self.combos.count()
    }

    /// The combination on screen, if the family has any.
    pub fn combination(&self) -> Option<Combination> {
        self.combos.get(self.index)
    }

    /// Whether the spec's placements reach the family on screen.
    pub fn family_reached(&self) -> bool {
        self.reached.iter().any(|f| f.id == self.family.id)
    }

    /// The next (or, `back`, the previous) combination, wrapping at either end.
    pub fn step(&mut self, back: bool) {
        let n = self.count();
        if n == 0 {
            self.index = 0;
            return;
        }
        self.index = match (back, self.index) {
            (true, 0) => n - 1,
            (true, i) => i - 1,
            (false, i) if i + 1 >= n => 0,
            (false, i) => i + 1,
        };
    }

    /// Shows `family`, on the same combination when it can show it (the same assets, and a
    /// text the last family hid as it was before that), else on the combination of the same
    /// number, else the first.
    pub fn pick(&mut self, family: &'static Family) {
        let mut same = self.combination();
        if let (Some(c), Some(k)) = (&mut same, &self.kept) {
            for (pick, kept) in [
                (&mut c.title, k.title),
                (&mut c.body, k.body),
                (&mut c.description, k.description),
                (&mut c.link, k.link),
                (&mut c.cta, k.cta),
            ] {
                *pick = pick.or(kept);
            }
        }
        self.kept = same;
        self.family = family;
        self.combos = Combinations::for_family(&self.feed, family);
        let n = self.combos.count();
        self.index = same
            .and_then(|c| self.combos.index_of(&c))
            .unwrap_or(if self.index < n { self.index } else { 0 });
    }

    /// A key, through the key table; `true` when the screen closes.
    pub fn on_key(&mut self, keys: &KeyMap, key: &KeyEvent) -> bool {
        match keys.action(key, Modal::AdPreview) {
            Some(Action::ClosePreview) => return true,
            Some(Action::PrevCombination) => self.step(true),
            Some(Action::NextCombination) => self.step(false),
            // A second press while Meta is being asked does nothing.
            Some(Action::MetaPreview) => self.ask_meta = !matches!(self.meta, Meta::Asking(_)),
            Some(a) => {
                if let Some(i) = FAMILY_PICKS.iter().position(|p| *p == a)
                    && let Some(f) = FAMILIES.get(i)
                {
                    self.pick(f);
                }
            }
            None => {}
        }
        false
    }
}

/// The actions that pick families 1 to 5, in `FAMILIES`' order.
pub const FAMILY_PICKS: [Action; 5] = [
    Action::FamilyOne,
    Action::FamilyTwo,
    Action::FamilyThree,
    Action::FamilyFour,
    Action::FamilyFive,
];
