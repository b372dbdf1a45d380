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
    /// Bytes of a video Meta has acknowledged so far, of `total` (a progress bar's figures; the
    /// one showing it works out the rate and the time left).
    Transfer {
        key: LaunchStep,
        acked: u64,
        total: u64,
    },
    /// Meta is processing an uploaded video: `status.processing_progress`, 0 to 100.
    Processing {
        key: LaunchStep,
        percent: u8,
    },
    Warning(String),
    Info(String),
}
