//! The launch spec and its rules. Pure: no network, no terminal, no disk.

pub mod budget;
pub(crate) mod countries;
pub mod crop;
mod enums;
pub(crate) mod features;
mod lenient;
pub(crate) mod minimums;
mod model;
mod object;
mod parse;
pub mod positions;
pub mod preview;
pub(crate) mod report;
pub(crate) mod results;
pub mod tables;
pub mod text;
pub(crate) mod units;
pub(crate) mod validate;
mod values;
pub(crate) mod zone;

pub use enums::*;
pub use features::{
    CREATIVE_FEATURES, CreativeFeature, CreativeFeaturesSpec, DegreesOfFreedomSpec, FeatureDefault,
    FeatureMedia, FeatureSetting, RETIRED_FEATURES, creative_feature, retired_feature,
};
pub use lenient::{GraphEnum, Lenient};
pub use minimums::{MinBucket, MinimumBudgets, bucket as minimum_bucket};
pub use model::*;
pub use parse::{ParseError, parse_spec, to_json_pretty};
pub use report::{render_text, summary};
pub use results::{ResultAction, result_action, result_action_of};
pub use validate::{
    CODES, Facts, Finding, ImageFacts, ImageFormat, Severity, Step, VideoContainer, VideoFacts,
    VideoInfo, validate,
};
pub use values::{Currency, GraphId, GraphTime, Money, TimeKind, group_thousands};
pub use zone::{Tz, show as show_time, zone as time_zone};
