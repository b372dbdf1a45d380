//! The launch pipeline: preflight, the ordered create steps, concurrent image uploads, the
//! write-ahead journal, reconciliation after uncertain writes, read-back checks. Reports
//! progress as events; knows nothing of terminals.

mod error;
mod event;
pub mod fix;
pub mod journal;
pub mod pipeline;
pub mod requests;
pub mod resubmit;
pub mod session;
mod uploads;

pub use error::{LaunchError, Stage, spec_path};
pub use event::LaunchEvent;
pub use journal::{LaunchJournal, LaunchState, LaunchStep, StepRecord, StepState};
pub use pipeline::{EventSink, LaunchOptions, run_launch};
