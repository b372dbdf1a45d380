//! The controls of the launch from the pane: `A` activate, `P` pause (the ad under the cursor,
//! its ad set or the whole launch: a chooser), `B` the ad set's budget and `E` its end (typed),
//! `D` archive or delete the ad with its ad set, `U` duplicate its ad set. What changes (and
//! the money) is read off the UI task (`launch::plan_control`), shown, and sent only on an
//! uppercase `Y` (`launch::run_control`); the answer is the pane's notice and the ads are read
//! again. Keys, hints and the typed value's line.

use crossterm::event::KeyEvent;

use super::state::StatusPane;
use super::state::control::{Choice, ControlAsk, Stage, Typed};
use crate::launch::{BudgetChange, Control};
use crate::spec::text::sanitize;
use crate::tui::keymap::{Action, Pane};
use crate::tui::msg::Effect;
use crate::tui::text::TextField;

/// The hint line of a control's question.
pub fn hints(pane: &StatusPane) -> String {
    let k = |a| pane.keys.first(a, Pane::Control);
    match pane.control.as_ref().map(|c| &c.stage) {
        Some(Stage::Choose(..)) => format!(
            "{} {} move · {} choose · {} cancel",
            k(Action::Up),
            k(Action::Down),
            k(Action::Choose),
            k(Action::Back)
        ),
        Some(Stage::Confirm(_)) => format!(
            "{} (uppercase) send · any other key cancel",
            k(Action::ConfirmControl)
        ),
        Some(Stage::Running) => "sending…".into(),
        _ => "reading what changes…".into(),
    }
}

/// The hint line while a budget or end is typed.
pub fn typing_hints(pane: &StatusPane) -> String {
    format!(
        "type the value · {} keep (checked) · {} cancel",
        pane.keys.first(Action::Keep, Pane::Editor),
        pane.keys.first(Action::Back, Pane::Editor)
    )
}

fn quoted(name: &str) -> String {
    format!("«{}»", sanitize(name))
}

impl StatusPane {
    /// `A`, `P`, `B`, `E`, `D` or `U` on the ad under the cursor.
    pub(super) fn start_control(&mut self, action: Action) -> Vec<Effect> {
        let Some(r) = self.current() else {
            return Vec::new();
        };
        let ad = format!("this ad {}", quoted(&r.name));
        let set = format!("its ad set {}", quoted(&r.adset_name));
        let launch = r.launch_id.clone().unwrap_or_else(|| r.campaign_id.clone());
        let choose = |control: Control| {
            vec![
                Choice {
                    words: ad.clone(),
                    target: r.ad_id.clone(),
                    control: control.clone(),
                },
                Choice {
                    words: set.clone(),
                    target: r.adset_id.clone(),
                    control: control.clone(),
                },
                Choice {
                    words: "the whole launch (campaign, ad sets, ads)".into(),
                    target: launch.clone(),
                    control,
                },
            ]
        };
        let typing = |what: Typed, label: String| Stage::Typing {
            target: r.adset_id.clone(),
            what,
            label,
            input: TextField::new("", false),
        };
        let (title, stage) = match action {
            Action::Activate => ("Activate", Stage::Choose(choose(Control::Activate), 0)),
            Action::Pause => ("Pause", Stage::Choose(choose(Control::Pause), 0)),
            Action::Budget => (
                "Budget",
                typing(
                    Typed::Budget,
                    format!(
                        "new budget of ad set {} (its daily or lifetime, in the account's money): ",
                        quoted(&r.adset_name)
                    ),
                ),
            ),
            Action::EndDate => (
                "End",
                typing(
                    Typed::End,
                    format!(
                        "new end of ad set {} (2026-12-31 23:00, the account's zone): ",
                        quoted(&r.adset_name)
                    ),
                ),
            ),
            Action::DeleteRejected => (
                "Remove",
                Stage::Choose(
                    vec![
                        Choice {
                            words: format!("archive {set} with the ad"),
                            target: r.ad_id.clone(),
                            control: Control::Archive,
                        },
                        Choice {
                            words: format!("delete {set} with the ad"),
                            target: r.ad_id.clone(),
                            control: Control::Delete,
                        },
                    ],
                    0,
                ),
            ),
            Action::Duplicate => {
                let target = r.adset_id.clone();
                self.control = Some(ControlAsk {
                    ad_id: r.ad_id.clone(),
                    title: "Duplicate",
                    stage: Stage::Planning,
                });
                self.notice = Some("Reading what the copy makes…".into());
                return vec![Effect::PlanControl {
                    target,
                    control: Control::Duplicate,
                }];
            }
            _ => return Vec::new(),
        };
        self.control = Some(ControlAsk {
            ad_id: r.ad_id.clone(),
            title,
            stage,
        });
        self.say_choices();
        Vec::new()
    }

    /// The chooser in the notice: `Activate which? ▸ this ad «X» · its ad set «Y» · …`.
    fn say_choices(&mut self) {
        let Some(ControlAsk {
            title,
            stage: Stage::Choose(list, at),
            ..
        }) = &self.control
        else {
            self.notice = None;
            return;
        };
        let words: Vec<String> = list
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i == *at {
                    format!("▸ {}", c.words)
                } else {
                    c.words.clone()
                }
            })
            .collect();
        self.notice = Some(format!("{title} which? {}", words.join(" · ")));
    }

    /// A key while a control is asked (not typed).
    pub(super) fn on_control_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let action = self.keys.action(&key, Pane::Control);
        let Some(c) = self.control.as_mut() else {
            return Vec::new();
        };
        if c.busy() {
            return Vec::new();
        }
        match (&mut c.stage, action) {
            (Stage::Choose(list, at), Some(a @ (Action::Up | Action::Down))) => {
                let n = list.len();
                *at = if a == Action::Up {
                    (*at + n - 1) % n
                } else {
                    (*at + 1) % n
                };
                self.say_choices();
                Vec::new()
            }
            (Stage::Choose(list, at), Some(Action::Choose)) => {
                let Some(choice) = list.get(*at).cloned() else {
                    return Vec::new();
                };
                c.stage = Stage::Planning;
                self.notice = Some(format!("Reading what changes for {}…", choice.words));
                vec![Effect::PlanControl {
                    target: choice.target,
                    control: choice.control,
                }]
            }
            (Stage::Confirm(plan), Some(Action::ConfirmControl)) => {
                let plan = plan.clone();
                c.stage = Stage::Running;
                self.notice = Some(format!("{}: sending…", c.title));
                vec![Effect::RunControl(plan)]
            }
            _ => {
                self.control = None;
                self.notice = Some("Nothing sent.".into());
                Vec::new()
            }
        }
    }

    /// A key while a budget or end is typed.
    pub(super) fn on_control_typing(&mut self, key: KeyEvent) -> Vec<Effect> {
        let action = self.keys.action(&key, Pane::Editor);
        let Some(c) = self.control.as_mut() else {
            return Vec::new();
        };
        let Stage::Typing {
            target,
            what,
            input,
            ..
        } = &mut c.stage
        else {
            return Vec::new();
        };
        match action {
            Some(Action::Back) => {
                self.control = None;
                self.notice = Some("Nothing sent.".into());
                Vec::new()
            }
            Some(Action::Keep) => {
                let value = input.text().trim().to_string();
                if value.is_empty() {
                    self.notice = Some("✗ Type a value, or Esc to cancel.".into());
                    return Vec::new();
                }
                let change = match what {
                    Typed::Budget => BudgetChange {
                        amount: Some(value),
                        ..Default::default()
                    },
                    Typed::End => BudgetChange {
                        end: Some(value),
                        ..Default::default()
                    },
                };
                let target = target.clone();
                c.stage = Stage::Planning;
                self.notice = Some("Reading what changes…".into());
                vec![Effect::PlanControl {
                    target,
                    control: Control::Budget(change),
                }]
            }
            _ => {
                input.apply_key(key);
                Vec::new()
            }
        }
    }

    /// What the control would change came back: asked with `Y`, or said.
    pub fn control_planned(
        &mut self,
        result: Result<crate::launch::ControlPlan, String>,
    ) -> Vec<Effect> {
        let Some(c) = self.control.as_mut() else {
            return Vec::new();
        };
        match result {
            Ok(plan) if plan.is_empty() => {
                self.notice = Some(format!(
                    "✓ Nothing to change: {}",
                    sanitize(&plan.journal.summary.join("; "))
                ));
                self.control = None;
            }
            Ok(plan) => {
                let key = self.keys.first(Action::ConfirmControl, Pane::Control);
                let place = if self.sandbox {
                    " (a sandbox: nothing reaches Meta)"
                } else {
                    ""
                };
                // The key first: a long change is cut at the notice's second row.
                self.notice = Some(format!(
                    "{}? {key} sends{place}: {}.",
                    c.title,
                    sanitize(&plan.journal.summary.join("; "))
                ));
                c.stage = Stage::Confirm(Box::new(plan));
            }
            Err(e) => {
                self.notice = Some(format!("✗ {}", sanitize(&e)));
                self.control = None;
            }
        }
        Vec::new()
    }

    /// The control ran: said, and every ad read again.
    pub fn control_done(
        &mut self,
        result: Result<crate::store::ControlJournal, String>,
    ) -> Vec<Effect> {
        let title = self.control.take().map_or("Control", |c| c.title);
        let fx = super::table::poll_now(self);
        // The answer stays on the notice: only a change the reads find replaces it.
        self.checking = false;
        self.notice = Some(match result {
            Ok(j) => {
                let made: Vec<String> = j
                    .writes
                    .iter()
                    .filter_map(|w| match (&w.call, &w.state) {
                        (
                            crate::store::ControlCall::Copy { .. },
                            crate::launch::StepState::Created { id },
                        ) => Some(format!(" The copy is ad set {id}, paused.")),
                        _ => None,
                    })
                    .collect();
                let n = j.writes.len();
                format!(
                    "✓ {title}: done ({n} write{}, journal {}).{}",
                    if n == 1 { "" } else { "s" },
                    j.id,
                    made.concat()
                )
            }
            Err(e) => format!("✗ {title}: {}", sanitize(&e)),
        });
        fx
    }
}
