//! The launch pipeline: preflight, the ordered create steps, concurrent image uploads, the
//! write-ahead journal, reconciliation after uncertain writes, read-back checks. Reports
//! progress as events; knows nothing of terminals.

mod activate;
mod error;
mod event;
mod existing;
mod features;
pub(crate) mod fix;
mod journal;
mod minimums;
mod ops;
mod pacing;
mod pipeline;
mod previews;
mod progress;
mod replace;
pub(crate) mod requests;
mod resubmit;
pub mod session;
mod thumbnail;
mod uploads;
mod video_file;
mod videos;

pub use error::{LaunchError, Stage, spec_path};
pub use event::LaunchEvent;
pub use existing::{CAMPAIGN_FIELDS, campaign_problems};
pub use features::unasked_features;
pub use fix::{
    AD_KEPT, AD_SET_ALSO_KEPT, CREATIVE_FIELDS, FixOptions, FixOutcome, FixRequest, run_fix,
    run_fix_with,
};
pub use journal::{LaunchJournal, LaunchState, LaunchStep, StepRecord, StepState, launch_key};
pub use minimums::{account_minimums, minimums_of};
pub use ops::{
    AccountFacts, BudgetChange, Control, ControlOptions, ControlPlan, ObjectKind, Target,
    plan_control, run_control,
};
pub use pipeline::{EventSink, LaunchOptions, run_launch};
pub use previews::{
    MetaPreview, PreviewCreative, PreviewError, PreviewOf, SpecPreview, SpecPreviews,
    meta_previews, placement_words, preview_creative, preview_formats, previews_of_spec,
};
pub use progress::TransferProgress;
pub use requests::{
    FeedVideo, ad_params, ad_set_params, ad_sets, campaign_params, creative_params,
    creative_params_with_videos, image_files, lost_assets, plan, video_entries, video_files,
};
