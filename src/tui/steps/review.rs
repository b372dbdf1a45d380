//! Step 6, Review and submit: every object as it will be sent, the warnings, the money, Meta's
//! dry run; then the confirmation (uppercase `Y`) and the launch's progress.

use std::collections::HashMap;

use serde_json::Value;

use crate::launch::{LaunchError, LaunchEvent, LaunchJournal, requests};
use crate::spec::{Finding, LaunchSpec, Severity, Step};
use crate::tui::app::{App, Overlay};
use crate::tui::form::{ButtonAction, Field, FieldKind};
use crate::tui::msg::Effect;

/// Where Meta's dry run stands.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Preflight {
    #[default]
    NotRun,
    Running,
    Passed(String),
    Failed(String),
}

/// One write of the launch as the buyer sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum StepView {
    Pending,
    Running(&'static str),
    Done(String),
    Failed(String),
}

/// A launch under way or finished.
#[derive(Debug, Clone, PartialEq)]
pub struct LaunchView {
    pub steps: Vec<(String, String, StepView)>,
    pub notes: Vec<String>,
    pub outcome: Option<Result<String, String>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReviewState {
    pub scroll: usize,
    pub generation: u64,
    pub preflight: Preflight,
    pub launch: Option<LaunchView>,
    /// The journal of the last launch, resumed when the spec is unchanged.
    pub journal: Option<String>,
}

impl ReviewState {
    pub fn submitting(&self) -> bool {
        self.launch.as_ref().is_some_and(|l| l.outcome.is_none())
    }

    pub fn launched(&self) -> bool {
        self.launch
            .as_ref()
            .is_some_and(|l| matches!(l.outcome, Some(Ok(_))))
    }

    /// The draft changed: the dry run no longer speaks for it.
    pub fn invalidate(&mut self) {
        self.generation += 1;
        // A refused launch's list gives way to the fixed draft's payloads and dry run.
        if self
            .launch
            .as_ref()
            .is_some_and(|l| matches!(l.outcome, Some(Err(_))))
        {
            self.launch = None;
        }
        if self.preflight != Preflight::NotRun {
            self.preflight = Preflight::NotRun;
        }
    }

    pub fn scroll(&mut self, dir: i32, max: usize) {
        self.scroll = ((self.scroll as i64 + i64::from(dir)).max(0) as usize).min(max);
    }

    pub fn on_event(&mut self, e: LaunchEvent) {
        let Some(l) = &mut self.launch else {
            return;
        };
        let mut set = |key: &str, name: Option<&str>, st: StepView| match l
            .steps
            .iter_mut()
            .find(|(k, _, _)| k == key)
        {
            Some(s) => {
                if let Some(n) = name {
                    s.1 = n.to_string();
                }
                s.2 = st;
            }
            None => l
                .steps
                .push((key.to_string(), name.unwrap_or(key).to_string(), st)),
        };
        match e {
            LaunchEvent::Started { key, name } => {
                set(&key, Some(&name), StepView::Running("creating"))
            }
            LaunchEvent::Preflight { key } => set(&key, None, StepView::Running("dry run")),
            LaunchEvent::Created { key, id } => set(&key, None, StepView::Done(id)),
            LaunchEvent::Reused { key, id } => {
                set(&key, None, StepView::Done(format!("{id} (found, reused)")))
            }
            LaunchEvent::Warning(w) => l.notes.push(format!("! {w}")),
            LaunchEvent::Info(i) => l.notes.push(i),
        }
    }
}

pub fn fields(app: &App) -> Vec<Field> {
    if app.review.launched() {
        let name = crate::tui::form::get_str(&app.draft, "ad.name").unwrap_or("");
        return vec![Field::new("#ad_name", "Ad name", FieldKind::Info).help(name)];
    }
    let mut out = vec![
        Field::new("ad.name", "Ad name", FieldKind::text())
            .help("Each ad set gets one ad with this name."),
    ];
    if !app.review.submitting() {
        out.push(
            Field::new("#submit", "", FieldKind::Button(ButtonAction::Submit)).help(
                "Enter asks to confirm; only an uppercase Y launches. ↑/↓ scroll the payloads.",
            ),
        );
    }
    out
}

/// The money line: `$50.00 USD daily, campaign budget`, `$800.00 USD lifetime over 2 ad sets`
/// (`spec::budget`, the same line as `dcw submit`'s plan), or what is missing.
pub fn budget_summary(app: &App) -> String {
    match app.spec() {
        Some(spec) => crate::spec::budget::summary(&spec, app.currency().as_ref()),
        None => "unknown (the draft is not a spec yet)".into(),
    }
}

/// Every request body as it will be sent, pretty-printed, with placeholders for IDs that
/// exist only once the earlier steps have run.
pub fn payloads(spec: &LaunchSpec) -> Vec<(String, String)> {
    payloads_tagged(spec, true)
}

/// The payloads; with `tagged`, names end in ` · dcw-<tag>` as they will (the tag is made at
/// submit, so it shows as a placeholder).
pub fn payloads_tagged(spec: &LaunchSpec, tagged: bool) -> Vec<(String, String)> {
    let account = spec.account_id.clone().unwrap_or_else(|| "act_?".into());
    let mut out = Vec::new();
    let name = |o: Option<&String>| {
        let n = o.cloned().unwrap_or_default();
        if tagged && !n.is_empty() {
            format!("{n} · dcw-<tag>")
        } else {
            n
        }
    };
    let campaign = requests::campaign_params(
        spec,
        &name(spec.campaign.as_ref().and_then(|c| c.name.as_ref())),
    );
    out.push((format!("POST /{account}/campaigns"), pretty(campaign)));
    for (i, set) in requests::ad_sets(spec).iter().enumerate() {
        let p = requests::ad_set_params(set, "<campaign id>", &name(set.name.as_ref()));
        out.push((
            format!("POST /{account}/adsets  (ad set {})", i + 1),
            pretty(p),
        ));
    }
    for f in requests::image_files(spec) {
        out.push((
            format!("POST /{account}/adimages"),
            format!("  {f}  (uploaded; its hash goes in the creative)"),
        ));
    }
    let creative = requests::creative_params(
        spec,
        &name(spec.creative.as_ref().and_then(|c| c.name.as_ref())),
        &placeholder_hashes(spec),
    );
    out.push((format!("POST /{account}/adcreatives"), pretty(creative)));
    let ad = requests::ad_params(
        spec,
        &name(spec.ad.as_ref().and_then(|a| a.name.as_ref())),
        "<ad set id>",
        "<creative id>",
    );
    out.push((format!("POST /{account}/ads  (one per ad set)"), pretty(ad)));
    out
}

/// Each local image's hash as it will be known after the upload: `<hash of boots.jpg>`.
fn placeholder_hashes(spec: &LaunchSpec) -> HashMap<String, String> {
    requests::image_files(spec)
        .into_iter()
        .map(|f| {
            let name = std::path::Path::new(&f)
                .file_name()
                .map_or(f.clone(), |n| n.to_string_lossy().to_string());
            (f, format!("<hash of {name}>"))
        })
        .collect()
}

fn pretty(m: serde_json::Map<String, Value>) -> String {
    serde_json::to_string_pretty(&Value::Object(m)).unwrap_or_default()
}

impl App {
    /// Entering Review runs Meta's dry run of the campaign, when the draft has no errors.
    pub fn enter_review(&mut self) -> Vec<Effect> {
        self.review.scroll = 0;
        if self.review.submitting() || self.review.launched() {
            return Vec::new();
        }
        // The dry run needs what comes before Review; the ad's own name is not sent in it.
        let errors = self
            .all_findings()
            .iter()
            .any(|f| f.is_error() && f.step() != Step::Review);
        match self.spec() {
            Some(spec) if !errors => {
                self.review.generation += 1;
                self.review.preflight = Preflight::Running;
                vec![Effect::Preflight {
                    generation: self.review.generation,
                    spec: Box::new(spec),
                }]
            }
            _ => {
                self.review.preflight = Preflight::NotRun;
                Vec::new()
            }
        }
    }

    pub fn on_preflight(&mut self, generation: u64, result: Result<String, LaunchError>) {
        if generation != self.review.generation {
            return;
        }
        self.review.preflight = match result {
            Ok(m) => Preflight::Passed(m),
            Err(e) => {
                self.note_meta_error(&e);
                Preflight::Failed(e.to_string())
            }
        };
    }

    fn note_meta_error(&mut self, e: &LaunchError) {
        if let LaunchError::Rejected { fields, error, .. } = e {
            for path in fields {
                self.meta.push(Finding {
                    path: path.clone(),
                    severity: Severity::Error,
                    code: "meta.refused",
                    message: format!("Meta: {error}"),
                    hint: None,
                });
                self.shown_steps.insert(Step::of_path(path));
            }
        }
    }

    pub fn ask_to_submit(&mut self) -> Vec<Effect> {
        let errors = Step::ALL
            .into_iter()
            .filter(|s| self.step_has_errors(*s))
            .map(Step::title)
            .collect::<Vec<_>>();
        if !errors.is_empty() {
            self.shown_steps.extend(Step::ALL);
            self.notice = Some(format!(
                "✗ Fix the errors first; see the ✗ steps: {}",
                errors.join(", ")
            ));
            return Vec::new();
        }
        self.overlay = Some(Overlay::ConfirmSubmit);
        Vec::new()
    }

    /// What the confirmation names: account, objective, money.
    pub fn confirmation_lines(&self) -> Vec<String> {
        let account = match self.account() {
            Some(a) => format!("{} ({})", a.name, a.id),
            None => crate::tui::form::get_str(&self.draft, "account_id")
                .unwrap_or("?")
                .to_string(),
        };
        let objective = crate::tui::form::get_str(&self.draft, "campaign.objective").unwrap_or("?");
        let target = if self.ctx.sandbox {
            "the SANDBOX (nothing reaches Meta)"
        } else {
            "Meta"
        };
        vec![
            format!("Account    {account}"),
            format!("Objective  {objective}"),
            format!("Budget     {}", budget_summary(self)),
            format!("Sent to    {target}; everything is created PAUSED."),
        ]
    }

    pub fn submit(&mut self) -> Vec<Effect> {
        let Some(spec) = self.spec() else {
            return Vec::new();
        };
        let steps = requests::plan(&spec, "")
            .into_iter()
            .map(|r| (r.key, r.name, StepView::Pending))
            .collect();
        self.review.launch = Some(LaunchView {
            steps,
            notes: Vec::new(),
            outcome: None,
        });
        self.review.scroll = 0;
        vec![Effect::Submit {
            spec: Box::new(spec),
            text: crate::tui::app::spec_text(&self.draft),
            draft_id: self.draft_id.clone(),
        }]
    }

    pub fn on_launch_done(&mut self, r: Result<LaunchJournal, LaunchError>) -> Vec<Effect> {
        let Some(l) = &mut self.review.launch else {
            return Vec::new();
        };
        match r {
            Ok(j) => {
                self.review.journal = Some(j.id.clone());
                for s in &j.steps {
                    if let crate::launch::StepState::Created { id } = &s.state
                        && let Some(v) = l.steps.iter_mut().find(|(k, _, _)| *k == s.key)
                        && !matches!(v.2, StepView::Done(_))
                    {
                        v.2 = StepView::Done(id.clone());
                    }
                }
                l.notes.extend(j.warnings.iter().map(|w| format!("! {w}")));
                l.outcome = Some(Ok(j.id.clone()));
                self.notice = Some(format!(
                    "✓ Launched ({}). Everything is PAUSED until you activate it.",
                    j.id
                ));
                let fields = self.fields();
                self.focus_at(fields.len().saturating_sub(1));
            }
            Err(e) => {
                let step = match &e {
                    LaunchError::Rejected { step, .. }
                    | LaunchError::Auth { step, .. }
                    | LaunchError::Throttled { step, .. }
                    | LaunchError::Network { step, .. } => step.clone(),
                    _ => String::new(),
                };
                let key = step.trim_start_matches("preflight ").to_string();
                let failed = l.steps.iter().any(|s| s.0 == key);
                for s in l.steps.iter_mut() {
                    if s.0 == key || (!failed && matches!(s.2, StepView::Running(_))) {
                        s.2 = StepView::Failed(e.to_string());
                    } else if matches!(s.2, StepView::Running(_)) {
                        s.2 = StepView::Pending;
                    }
                }
                l.outcome = Some(Err(e.to_string()));
                let resumable = matches!(
                    e,
                    LaunchError::Network { .. } | LaunchError::Throttled { .. }
                );
                self.notice = Some(match &e {
                    _ if resumable => {
                        "✗ The launch stopped; Enter on Submit resumes it without duplicates."
                    }
                    LaunchError::Held(_) => {
                        "✗ Another dcw is launching this spec; nothing was sent. Submit again once it ends."
                    }
                    LaunchError::Journal(_) => {
                        "✗ The launch journal needs attention (above); nothing more was sent."
                    }
                    LaunchError::Io(_) => "✗ A file could not be read (above); fix it and submit again.",
                    _ => "✗ Meta refused the launch; fix the fields marked ✗ and submit again.",
                }
                .into());
                self.note_meta_error(&e);
            }
        }
        Vec::new()
    }
}
