//! The wizard's model: the draft and everything known about it (the context loaded from Graph,
//! the findings, the focus, the launch), with the methods that read and change it. Below the
//! screens: a step's screen takes `&Model`/`&mut Model`; the model reaches a step's own rules
//! (its fields, what follows a choice) through [`StepRules`], never by importing a screen.

mod change;
pub mod estimate;
mod focus;
pub mod history;
mod launch;
pub mod launch_state;
pub mod money;
pub mod pace;
pub mod search;
pub mod value;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::form::{self, Field};
use super::keymap::Context;
use super::load::Load;
use super::msg::Effect;
use super::text::TextField;
use crate::graph::calls::{AdAccount, Page, Pixel};
use crate::spec::{self, Currency, Facts, Finding, ImageFacts, LaunchSpec, Severity, Step};
use launch_state::ReviewState;

/// What the wizard knows besides the draft: where it sends, what it loaded.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// Where requests go (the built-in sandbox, a loopback one, or Meta at a version).
    pub destination: crate::graph::Destination,
    /// The Graph version the session calls (`v27.0`): only positions it takes are offered.
    pub api_version: String,
    pub accounts: Load<Vec<AdAccount>>,
    pub pages: Load<Vec<Page>>,
    /// Pixels of `pixels_for` (account digits).
    pub pixels: Load<Vec<Pixel>>,
    pub pixels_for: String,
    /// Each account's minimum daily budgets (`minimum_budgets`), by account digits: read once.
    pub minimums: HashMap<String, Load<crate::spec::minimums::MinimumBudgets>>,
    pub images: HashMap<String, ImageFacts>,
    /// Video files' container facts, by `file` (read off the loop, like images).
    pub videos: HashMap<String, crate::spec::VideoFacts>,
    /// Images decoded for previews, by `file`.
    pub decoded: HashMap<String, Load<super::preview::SharedImage>>,
    pub log_path: PathBuf,
    pub config_path: PathBuf,
    pub drafts_dir: PathBuf,
    /// The targeting presets file (none: presets are not read nor saved).
    pub presets_file: PathBuf,
    /// Every preset read from it (each names its ad account).
    pub presets: Load<Vec<crate::store::Preset>>,
    /// Where relative image paths typed in the wizard resolve.
    pub cwd: PathBuf,
    /// Created objects' names end in ` · dcw-<tag>` (the config's `launch_tag`).
    pub tag_names: bool,
    /// Advantage+ creative features each account's house policy forbids, by account digits.
    pub never_features: HashMap<String, Vec<String>>,
    /// Pictures are drawn (not under `NO_COLOR`): only then are images decoded for them.
    pub pictures: bool,
    /// The client's rate-limit gate and clock, for the status pane's schedule.
    pub gate: std::sync::Arc<crate::graph::gate::Gate>,
    pub clock: crate::graph::Clock,
}

impl Ctx {
    /// A context sending to the built-in sandbox (`sandbox`) or to Meta at `api_version`; see
    /// [`Ctx::destination`] for the others.
    pub fn new(sandbox: bool, api_version: &str) -> Ctx {
        Ctx {
            destination: if sandbox {
                crate::graph::Destination::BuiltIn
            } else {
                crate::graph::Destination::Meta {
                    version: api_version.to_string(),
                }
            },
            api_version: if api_version.is_empty() {
                crate::graph::DEFAULT_API_VERSION.to_string()
            } else {
                api_version.to_string()
            },
            accounts: Load::Loading,
            pages: Load::Loading,
            pixels: Load::Loading,
            pixels_for: String::new(),
            minimums: HashMap::new(),
            images: HashMap::new(),
            videos: HashMap::new(),
            decoded: HashMap::new(),
            log_path: PathBuf::new(),
            config_path: PathBuf::new(),
            drafts_dir: PathBuf::new(),
            presets_file: PathBuf::new(),
            presets: Load::Ready(Vec::new()),
            cwd: PathBuf::from("."),
            tag_names: true,
            never_features: HashMap::new(),
            pictures: true,
            gate: Default::default(),
            clock: Default::default(),
        }
    }
}

/// The highlighted row and the filter of the focused list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListState {
    /// The highlighted row of the list, or of a type-ahead's suggestions.
    pub cursor: usize,
    /// ↑/↓ moved the highlight since the text (a filter, a type-ahead) last changed: Space then
    /// picks the highlighted row; before, it types a space.
    pub moved: bool,
    /// `Some` while filtering (typed after `/`): a typed field like every other (undo, word
    /// motions, selection).
    pub filter: Option<TextField>,
}

/// What a wizard step knows about its own fields, for the model: which fields it shows, what
/// a `#` field (one that is not a single spec path) stands for and what choosing in it does, and
/// the values that follow a choice. Each step's screen implements it (`steps/*`).
pub trait StepRules: Sync {
    /// The step's fields, each bound to a JSON path of the draft.
    fn fields(&self, m: &Model) -> Vec<Field>;
    /// What a `#` field (or a `Cycle`) of this step shows as chosen.
    fn virtual_value(&self, _m: &Model, _id: &str) -> Option<String> {
        None
    }
    /// Choosing `value` in a `#` field (or a `Cycle`) of this step.
    fn choose_virtual(&self, _m: &mut Model, _id: &str, _value: &str) -> Vec<Effect> {
        Vec::new()
    }
    /// Values that follow a choice in the field `id` (a new objective picks a goal it allows).
    fn after_choice(&self, _m: &mut Model, _id: &str) -> Vec<Effect> {
        Vec::new()
    }
}

/// Finds a step's rules: `steps::rules`, handed in by the app that builds the model.
pub type RulesOf = fn(Step) -> &'static dyn StepRules;

/// The wizard's data: the draft, what is known about it, where the buyer is.
#[derive(Debug, Clone)]
pub struct Model {
    /// The launch being built, as spec JSON (what is saved as the draft).
    pub draft: Value,
    pub draft_id: String,
    /// What is kept beside the draft (where it came from); the step and field are the model's.
    pub draft_meta: crate::store::DraftMeta,
    pub step: Step,
    /// The focused field's id and its index when last seen.
    pub focus: String,
    pub focus_index: usize,
    /// The editor of the focused typed field.
    pub edit: Option<(String, TextField)>,
    pub list: ListState,
    /// Text typed that could not be stored (`50.x` in a budget), with why.
    pub raw: HashMap<String, (String, String)>,
    pub findings: Vec<Finding>,
    /// Findings from Meta (dry runs, refusals), by spec path.
    pub meta: Vec<Finding>,
    /// Fields whose findings are shown (left forward at least once).
    pub shown: HashSet<String>,
    /// Steps whose findings are all shown (Next was tried, or the spec was opened).
    pub shown_steps: HashSet<Step>,
    pub visited: HashSet<Step>,
    /// An opened spec was put on its first step with errors before its files were read: until
    /// the buyer presses a key, a file's facts that bring an earlier error move it there.
    pub settling: bool,
    pub ctx: Ctx,
    /// The status line.
    pub notice: Option<String>,
    pub review: ReviewState,
    pub save_pending: bool,
    /// The item the first Ctrl+D named; a second Ctrl+D removes it.
    pub pending_remove: Option<String>,
    pub now: DateTime<Utc>,
    /// Each step's own rules (its fields).
    pub rules: RulesOf,
    /// Undo and redo of the draft.
    pub history: history::History,
    /// The one lane of targeting reads (searches, the audience estimate): one a second.
    pub pace: pace::Pace,
    /// The targeting search pickers' answers and the lists they load once per account.
    pub searches: search::Searches,
    /// Each ad set's audience size (Meta's delivery estimate).
    pub estimates: estimate::Estimates,
}

impl Model {
    pub fn new(draft: Value, draft_id: String, ctx: Ctx, rules: RulesOf) -> Model {
        let mut m = Model {
            draft,
            draft_id,
            draft_meta: Default::default(),
            step: Step::Account,
            focus: String::new(),
            focus_index: 0,
            edit: None,
            list: ListState::default(),
            raw: HashMap::new(),
            findings: Vec::new(),
            meta: Vec::new(),
            shown: HashSet::new(),
            shown_steps: HashSet::new(),
            visited: HashSet::from([Step::Account]),
            settling: false,
            ctx,
            notice: None,
            review: ReviewState::default(),
            save_pending: false,
            pending_remove: None,
            now: Utc::now(),
            rules,
            history: history::History::default(),
            pace: Default::default(),
            searches: Default::default(),
            estimates: Default::default(),
        };
        m.revalidate();
        m.focus_at(0);
        m
    }

    /// The current step's rules.
    pub fn step_rules(&self) -> &'static dyn StepRules {
        (self.rules)(self.step)
    }

    // ----- reading the draft -----

    pub fn spec(&self) -> Option<LaunchSpec> {
        serde_json::from_value(self.draft.clone()).ok()
    }

    pub fn account_digits(&self) -> Option<String> {
        form::get_str(&self.draft, "account_id")
            .and_then(|a| a.strip_prefix("act_"))
            .filter(|d| !d.is_empty())
            .map(str::to_string)
    }

    pub fn account(&self) -> Option<&AdAccount> {
        let id = form::get_str(&self.draft, "account_id")?;
        match &self.ctx.accounts {
            Load::Ready(list) => list.iter().find(|a| a.id == id),
            _ => None,
        }
    }

    /// The account's currency, else the spec's `currency`.
    pub fn currency(&self) -> Option<Currency> {
        self.account()
            .and_then(|a| Currency::new(&a.currency))
            .or_else(|| form::get_str(&self.draft, "currency").and_then(Currency::new))
    }

    pub fn objective(&self) -> Option<spec::Objective> {
        form::get_str(&self.draft, "campaign.objective").and_then(spec::GraphEnum::from_wire)
    }

    pub fn fields(&self) -> Vec<Field> {
        self.step_rules().fields(self)
    }

    pub fn focused_field(&self) -> Option<Field> {
        let fields = self.fields();
        let i = self.focus_position(&fields)?;
        fields.into_iter().nth(i)
    }

    pub(crate) fn focus_position(&self, fields: &[Field]) -> Option<usize> {
        fields
            .iter()
            .position(|f| f.id == self.focus && f.focusable())
            .or_else(|| {
                let n = fields.len();
                (0..n)
                    .map(|k| (self.focus_index + n - k.min(self.focus_index)) % n.max(1))
                    .chain(0..n)
                    .find(|&i| fields.get(i).is_some_and(Field::focusable))
            })
    }

    pub fn context(&self) -> Context {
        match self.focused_field().map(|f| f.kind) {
            // A typed field after Esc is focused but not edited: keys act on it as on a button.
            Some(k) if k.is_typed() && self.edit.is_some() => Context::Text,
            Some(k) if k.is_list() => Context::List,
            _ => Context::Other,
        }
    }

    // ----- findings -----

    pub fn facts(&self) -> Facts {
        let mut f = Facts::at(self.now);
        f.currency = self.currency();
        f.images = self.ctx.images.clone();
        f.videos = self.ctx.videos.clone();
        f.minimums = self.account_minimums().cloned();
        f.time_zone = self.time_zone();
        f.never_features = self
            .account_digits()
            .and_then(|d| self.ctx.never_features.get(&d).cloned())
            .unwrap_or_default();
        f
    }

    pub fn revalidate(&mut self) {
        self.findings = match serde_json::from_value::<LaunchSpec>(self.draft.clone()) {
            Ok(s) => spec::validate(&s, &self.facts()),
            Err(e) => vec![Finding {
                path: String::new(),
                severity: Severity::Error,
                code: "draft.unreadable",
                message: format!("The draft is not a spec: {e}"),
                hint: None,
                file_hint: false,
            }],
        };
    }

    /// Every finding, the validator's and Meta's, plus typed text that could not be stored.
    /// A finding about a field whose typed text could not be stored speaks of the last good
    /// value, which the field no longer shows: only why the text is refused is given there.
    pub fn all_findings(&self) -> Vec<Finding> {
        let mut all: Vec<Finding> = self
            .findings
            .iter()
            .filter(|f| !self.raw.contains_key(&f.path))
            .cloned()
            .collect();
        all.extend(self.meta.iter().cloned());
        let fields = if self.raw.is_empty() {
            Vec::new()
        } else {
            self.fields()
        };
        for (id, (_, why)) in &self.raw {
            // The field as the wizard labels it comes first ("Budget: "2,5" is not…"); the
            // editor's own words start lower case ("pick the ad account first…").
            let label = fields
                .iter()
                .find(|f| &f.id == id && !f.label.trim().is_empty())
                .map(|f| f.label.trim().to_string());
            let message = match label {
                Some(l) => format!("{l}: {why}"),
                None => why
                    .chars()
                    .take(1)
                    .flat_map(char::to_uppercase)
                    .chain(why.chars().skip(1))
                    .collect(),
            };
            all.push(Finding {
                path: id.clone(),
                severity: Severity::Error,
                code: "input.unreadable",
                message,
                hint: None,
                file_hint: false,
            });
        }
        all
    }

    /// The findings shown under a field right now.
    pub fn field_findings(&self, field: &Field) -> Vec<Finding> {
        let visible = self.shown_steps.contains(&self.step) || self.shown.contains(&field.id);
        self.all_findings()
            .into_iter()
            .filter(|f| field.owns(&f.path))
            .filter(|f| visible || f.code == "input.unreadable" || f.code.starts_with("meta."))
            .collect()
    }

    /// Findings of the current step that no field owns (shown at the top of the step).
    pub fn loose_findings(&self) -> Vec<Finding> {
        if !self.shown_steps.contains(&self.step) {
            return Vec::new();
        }
        let fields = self.fields();
        self.all_findings()
            .into_iter()
            .filter(|f| Step::of_path(&f.path) == self.step)
            .filter(|f| !fields.iter().any(|fl| fl.owns(&f.path)))
            .collect()
    }

    pub fn step_has_errors(&self, step: Step) -> bool {
        self.all_findings()
            .iter()
            .any(|f| f.is_error() && Step::of_path(&f.path) == step)
    }

    /// A draft is kept once it differs from a new one (quitting at the resume prompt must not
    /// leave an empty draft that hides the real one).
    pub fn worth_saving(&self) -> bool {
        self.draft != empty_draft()
    }

    pub fn save_effect(&self) -> Effect {
        Effect::SaveDraft {
            id: self.draft_id.clone(),
            text: spec_text(&self.draft),
            meta: self.meta_now(),
        }
    }

    /// The draft's metadata now: where it came from, and the step and field the buyer is on.
    pub fn meta_now(&self) -> crate::store::DraftMeta {
        let mut meta = self.draft_meta.clone();
        meta.set_step(self.step);
        meta.field = (!self.focus.is_empty()).then(|| self.focus.clone());
        meta.typed = self
            .raw
            .iter()
            .map(|(id, (text, why))| {
                let t = crate::store::TypedText {
                    text: text.clone(),
                    why: why.clone(),
                };
                (id.clone(), t)
            })
            .collect();
        meta
    }

    /// The value a choice shows as chosen: the draft's, or for `#` fields, what they stand for.
    pub fn current_value(&self, id: &str) -> Option<String> {
        if id.starts_with('#') {
            return self.step_rules().virtual_value(self, id);
        }
        let v = form::get(&self.draft, id)?;
        Some(form::as_text(Some(v)))
    }

    /// The size of an image file, when it has been read.
    pub fn image_size(&self, file: &str) -> Option<(u32, u32)> {
        match self.ctx.images.get(file) {
            Some(ImageFacts::Read { width, height, .. }) => Some((*width, *height)),
            _ => None,
        }
    }
}

pub fn next(step: Step) -> Option<Step> {
    let i = Step::ALL.iter().position(|s| *s == step)?;
    Step::ALL.get(i + 1).copied()
}

pub fn prev(step: Step) -> Option<Step> {
    let i = Step::ALL.iter().position(|s| *s == step)?;
    i.checked_sub(1).map(|j| Step::ALL[j])
}

/// The draft as spec text: pretty JSON ending in a newline.
pub fn spec_text(draft: &Value) -> String {
    let mut s = serde_json::to_string_pretty(draft).unwrap_or_default();
    s.push('\n');
    s
}

/// A new, empty draft with the safe defaults a Dynamic Creative launch starts from. What the
/// campaign is for (the objective, and so the ad set's goal) is the buyer's to choose: none is
/// picked for them. Billing by impressions and the lowest-cost bid are Meta's own defaults.
pub fn empty_draft() -> Value {
    json!({
        "version": 1,
        "campaign": {
            "special_ad_categories": [],
            "buying_type": "AUCTION",
            "status": "PAUSED",
            "is_adset_budget_sharing_enabled": false
        },
        "ad_set": {
            "billing_event": "IMPRESSIONS",
            "bid_strategy": "LOWEST_COST_WITHOUT_CAP",
            "targeting": {
                "geo_locations": { "countries": [] },
                "age_min": 18,
                "age_max": 65,
                "targeting_automation": { "advantage_audience": 0 }
            },
            "status": "PAUSED"
        },
        "creative": {
            "asset_feed_spec": {
                "images": [],
                "titles": [],
                "bodies": [],
                "descriptions": [],
                "link_urls": [],
                "call_to_action_types": [],
                "ad_formats": ["SINGLE_IMAGE"]
            }
        },
        "ad": { "status": "PAUSED" }
    })
}
