//! Progress of a launch, as events for whoever shows it.

use crate::store::launch_step::LaunchStep;

/// Progress of a launch.
#[derive(Debug, Clone, PartialEq)]
pub enum LaunchEvent {
    Started {
        key: LaunchStep,
        name: String,
    },
    /// The step passed Meta's dry run.
    Preflight {
        key: LaunchStep,
    },
    Created {
        key: LaunchStep,
        id: String,
    },
    /// Found already created (an earlier run, or after an uncertain answer) and adopted.
    Reused {
        key: LaunchStep,
        id: String,
    },
    Warning(String),
    Info(String),
}
