//! The launch pipeline: preflight, the ordered create steps, concurrent image uploads, the
//! write-ahead journal, reconciliation after uncertain writes, read-back checks. Reports
//! progress as events; knows nothing of terminals.

pub mod journal;
pub mod pipeline;
pub mod requests;

use std::fmt;

pub use journal::{LaunchJournal, LaunchState, StepRecord, StepState};
pub use pipeline::{EventSink, LaunchOptions, run_launch};

use crate::graph::{CallError, ErrorClass};

/// Progress of a launch.
#[derive(Debug, Clone, PartialEq)]
pub enum LaunchEvent {
    Started {
        key: String,
        name: String,
    },
    Preflight {
        key: String,
    },
    Created {
        key: String,
        id: String,
    },
    /// Found already created (an earlier run, or after an uncertain answer) and adopted.
    Reused {
        key: String,
        id: String,
    },
    Warning(String),
    Info(String),
}

/// Why a launch stopped.
#[derive(Debug, Clone, PartialEq)]
pub enum LaunchError {
    /// Meta refused a write or its dry run; nothing was created for this step.
    Rejected {
        step: String,
        error: CallError,
    },
    /// The token is expired, invalid or lacks a permission.
    Auth {
        step: String,
        error: CallError,
    },
    /// Rate limited for longer than dcw's patience.
    Throttled {
        step: String,
        error: CallError,
    },
    /// No certain answer; running again resumes.
    Network {
        step: String,
        message: String,
    },
    /// The test hook stopped the launch (as if the process died).
    Stopped,
    Io(String),
}

impl LaunchError {
    pub fn from_call(step: &str, error: CallError) -> LaunchError {
        let step = step.to_string();
        match error.class() {
            ErrorClass::AuthExpired | ErrorClass::ScopeMissing => LaunchError::Auth { step, error },
            ErrorClass::Throttled { .. } => LaunchError::Throttled { step, error },
            ErrorClass::Transient => LaunchError::Network {
                step,
                message: error.to_string(),
            },
            ErrorClass::PolicyBlocked | ErrorClass::Validation { .. } | ErrorClass::Fatal => {
                LaunchError::Rejected { step, error }
            }
        }
    }

    /// `dcw submit`'s exit status: 1 rejected, 3 auth, 4 rate limited, 5 network.
    pub fn exit_code(&self) -> u8 {
        match self {
            LaunchError::Rejected { .. } => 1,
            LaunchError::Auth { .. } => 3,
            LaunchError::Throttled { .. } => 4,
            LaunchError::Network { .. } | LaunchError::Stopped => 5,
            LaunchError::Io(_) => 2,
        }
    }
}

impl fmt::Display for LaunchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LaunchError::Rejected { step, error } => write!(f, "Meta refused {step}: {error}"),
            LaunchError::Auth { step, error } => {
                write!(f, "{step}: the access token was refused: {error}")
            }
            LaunchError::Throttled { step, error } => write!(f, "{step}: rate limited: {error}"),
            LaunchError::Network { step, message } => write!(f, "{step}: {message}"),
            LaunchError::Stopped => f.write_str("stopped"),
            LaunchError::Io(m) => f.write_str(m),
        }
    }
}
