//! The launch, as the model changes it: entering Review runs Meta's dry run, submitting starts
//! the launch, its end marks the outcome (and what a refusal blames on the draft).

use crate::launch::{LaunchError, LaunchJournal, Stage, requests};
use crate::spec::{Finding, Severity, Step};
use crate::tui::msg::Effect;

use super::Model;
use super::launch_state::{LaunchView, Preflight, StepView};

impl Model {
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

    pub fn note_meta_error(&mut self, e: &LaunchError) {
        if let LaunchError::Rejected { fields, error, .. } = e {
            for path in fields {
                self.meta.push(Finding {
                    path: path.clone(),
                    severity: Severity::Error,
                    code: "meta.refused",
                    message: format!("Meta: {error}"),
                    hint: None,
                    file_hint: false,
                });
                self.shown_steps.insert(Step::of_path(path));
            }
        }
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
            transfers: Vec::new(),
        });
        self.review.scroll = 0;
        vec![Effect::Submit {
            spec: Box::new(spec),
            text: super::spec_text(&self.draft),
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
                let key = e.stage().and_then(Stage::step);
                let failed = l.steps.iter().any(|s| Some(&s.0) == key);
                for s in l.steps.iter_mut() {
                    if Some(&s.0) == key
                        || (!failed && matches!(s.2, StepView::Running(_) | StepView::Progress(..)))
                    {
                        s.2 = StepView::Failed(e.to_string());
                    } else if matches!(s.2, StepView::Running(_) | StepView::Progress(..)) {
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
