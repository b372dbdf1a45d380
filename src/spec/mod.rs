//! The launch spec and its rules. Pure: no network, no terminal, no disk.

pub mod budget;
pub mod countries;
pub mod crop;
pub mod enums;
pub mod lenient;
pub mod model;
pub(crate) mod object;
pub mod parse;
pub mod report;
pub mod tables;
pub mod text;
pub mod validate;
pub mod values;

pub use enums::*;
pub use lenient::{GraphEnum, Lenient};
pub use model::*;
pub use parse::{ParseError, parse_spec, to_json_pretty};
pub use validate::{Facts, Finding, ImageFacts, ImageFormat, Severity, Step, validate};
pub use values::{Currency, GraphId, GraphTime, Money, TimeKind};
