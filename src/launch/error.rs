//! Why a launch stopped, where (the stage), and which spec field it points at.

use std::fmt;

use crate::graph::{CallError, ErrorClass};
use crate::store::launch_step::LaunchStep;

/// What a launch was doing when it stopped: a step's write, its dry run, or something else
/// (`activate`, `reading act_1`, `creative read-back`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    Write(LaunchStep),
    DryRun(LaunchStep),
    Other(String),
}

impl Stage {
    /// Something that is not one step's write or dry run.
    pub fn other(what: impl Into<String>) -> Stage {
        Stage::Other(what.into())
    }

    /// The step written or dry-run, if it is one.
    pub fn step(&self) -> Option<&LaunchStep> {
        match self {
            Stage::Write(s) | Stage::DryRun(s) => Some(s),
            Stage::Other(_) => None,
        }
    }
}

impl From<LaunchStep> for Stage {
    fn from(step: LaunchStep) -> Stage {
        Stage::Write(step)
    }
}

impl fmt::Display for Stage {
    /// For people: `ad set 2`, `the dry run of ad 1`, `image «boots.jpg»`, never a journal key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stage::Write(s) => f.write_str(&s.label("")),
            Stage::DryRun(s) => write!(f, "the dry run of {}", s.label("")),
            Stage::Other(what) => f.write_str(what),
        }
    }
}

/// Why a launch stopped.
#[derive(Debug, Clone, PartialEq)]
pub enum LaunchError {
    /// Meta refused a write or its dry run; nothing was created for this step. `fields` are
    /// the spec paths Meta blamed (`ad_set.targeting.age_min`).
    Rejected {
        step: Stage,
        error: CallError,
        fields: Vec<String>,
    },
    /// The token is expired, invalid or lacks a permission.
    Auth { step: Stage, error: CallError },
    /// Rate limited for longer than dcw's patience.
    Throttled { step: Stage, error: CallError },
    /// No certain answer; running again resumes.
    Network { step: Stage, message: String },
    /// The test hook stopped the launch (as if the process died).
    Stopped,
    /// A file the launch needs cannot be read (an image).
    Io(String),
    /// The journal cannot be written: the launch stops before the write it would have covered.
    Journal(String),
    /// Another `dcw` process holds this launch.
    Held(String),
    /// dcw refuses what was asked before anything is sent (a control's budget under the
    /// account's minimum, a control that does not fit what the id names).
    Refused(String),
}

impl LaunchError {
    pub fn from_call(step: impl Into<Stage>, error: CallError) -> LaunchError {
        let step = step.into();
        // No usable answer, which is not Meta refusing anything.
        if matches!(
            error,
            CallError::TooLarge { .. } | CallError::TooManyPages { .. }
        ) {
            return LaunchError::Network {
                step,
                message: error.to_string(),
            };
        }
        match error.class() {
            ErrorClass::AuthExpired | ErrorClass::ScopeMissing => LaunchError::Auth { step, error },
            ErrorClass::Throttled { .. } => LaunchError::Throttled { step, error },
            ErrorClass::Transient => LaunchError::Network {
                step,
                message: error.to_string(),
            },
            ErrorClass::PolicyBlocked | ErrorClass::Validation { .. } | ErrorClass::Fatal => {
                LaunchError::Rejected {
                    step,
                    error,
                    fields: Vec::new(),
                }
            }
        }
    }

    /// Maps the fields Meta blamed to paths in `spec`, so the buyer sees where to fix it.
    pub fn locate(self, spec: &crate::spec::LaunchSpec) -> LaunchError {
        match self {
            LaunchError::Rejected { step, error, .. } => {
                let fields = error
                    .graph()
                    .map(|g| g.blame_field_specs())
                    .unwrap_or_default()
                    .iter()
                    .map(|b| spec_path(spec, &step, b))
                    .collect();
                LaunchError::Rejected {
                    step,
                    error,
                    fields,
                }
            }
            other => other,
        }
    }

    /// What the launch was doing when Meta or the network stopped it.
    pub fn stage(&self) -> Option<&Stage> {
        match self {
            LaunchError::Rejected { step, .. }
            | LaunchError::Auth { step, .. }
            | LaunchError::Throttled { step, .. }
            | LaunchError::Network { step, .. } => Some(step),
            _ => None,
        }
    }

    /// `dcw submit`'s exit status: 1 rejected, 2 a file cannot be read, 3 auth, 4 rate
    /// limited, 5 network, 6 held by another process, 7 the journal cannot be written.
    pub fn exit_code(&self) -> u8 {
        match self {
            LaunchError::Rejected { .. } | LaunchError::Refused(_) => 1,
            LaunchError::Io(_) => 2,
            LaunchError::Auth { .. } => 3,
            LaunchError::Throttled { .. } => 4,
            LaunchError::Network { .. } | LaunchError::Stopped => 5,
            LaunchError::Held(_) => 6,
            LaunchError::Journal(_) => 7,
        }
    }
}

impl fmt::Display for LaunchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LaunchError::Rejected {
                step,
                error,
                fields,
            } => {
                write!(f, "Meta refused {step}")?;
                if !fields.is_empty() {
                    write!(f, " at {}", fields.join(", "))?;
                }
                write!(f, ": {error}")
            }
            LaunchError::Auth { step, error } => {
                write!(f, "{step}: the access token was refused: {error}")
            }
            LaunchError::Throttled { step, error } => write!(f, "{step}: rate limited: {error}"),
            LaunchError::Network { step, message } => write!(f, "{step}: {message}"),
            LaunchError::Stopped => f.write_str("stopped"),
            LaunchError::Io(m)
            | LaunchError::Journal(m)
            | LaunchError::Held(m)
            | LaunchError::Refused(m) => f.write_str(m),
        }
    }
}

/// The spec path of a field Meta blamed in a step: ad set 2 (`adset:1`) + `["targeting",
/// "age_min"]` is `audiences[1].targeting.age_min` when that audience sets `targeting`, else
/// `ad_set.targeting.age_min`; an ad's `creative` fields point into the creative.
pub fn spec_path(spec: &crate::spec::LaunchSpec, step: &Stage, blame: &[String]) -> String {
    let first = blame.first().map(String::as_str).unwrap_or("");
    let (base, rest): (String, &[String]) = match step.step() {
        Some(LaunchStep::Campaign) => ("campaign".into(), blame),
        Some(LaunchStep::AdSet(i)) => match spec.audiences.as_ref().and_then(|a| a.get(*i)) {
            Some(a) if a.has_key(first) => (format!("audiences[{i}]"), blame),
            _ => ("ad_set".into(), blame),
        },
        Some(LaunchStep::Ad(_)) if first == "creative" => ("creative".into(), &blame[1..]),
        Some(LaunchStep::Ad(_)) => ("ad".into(), blame),
        Some(LaunchStep::Creative) => ("creative".into(), blame),
        Some(LaunchStep::Image(_)) => ("image".into(), blame),
        Some(LaunchStep::Video(_)) => ("video".into(), blame),
        Some(LaunchStep::Thumbnail(_)) => ("thumbnail".into(), blame),
        Some(LaunchStep::Other(key)) => (key.clone(), blame),
        None => (step.to_string(), blame),
    };
    std::iter::once(base)
        .chain(rest.iter().cloned())
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod from_call_tests {
    use super::*;

    #[test]
    fn an_answer_too_large_or_endless_is_no_answer_not_a_refusal() {
        for error in [
            CallError::TooLarge {
                status: 200,
                max: 32_000_000,
            },
            CallError::TooManyPages { max: 2_000 },
        ] {
            let e = LaunchError::from_call(Stage::other("reading act_1"), error);
            assert_eq!(e.exit_code(), 5, "{e}");
            assert!(!e.to_string().contains("Meta refused"), "{e}");
        }
    }

    #[test]
    fn a_stopped_step_is_named_as_people_count_it_never_by_its_journal_key() {
        let error = || CallError::TooManyPages { max: 2 };
        for (stage, shown) in [
            (Stage::Write(LaunchStep::AdSet(0)), "ad set 1: "),
            (Stage::DryRun(LaunchStep::Ad(1)), "the dry run of ad 2: "),
            (
                Stage::Write(LaunchStep::Image("images/boots.jpg".into())),
                "image «boots.jpg»: ",
            ),
            (Stage::other("activate"), "activate: "),
        ] {
            let e = LaunchError::from_call(stage.clone(), error());
            assert!(e.to_string().starts_with(shown), "{e}");
            assert_eq!(e.stage(), Some(&stage));
            for key in ["adset:", "ad:", "image:", "preflight"] {
                assert!(!e.to_string().contains(key), "{e}");
            }
        }
    }
}
