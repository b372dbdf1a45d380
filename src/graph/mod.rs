//! The Graph API client: base URL and version, the secret token, request encoding, the error
//! envelope and its classification, the per-account rate-limit gate, and typed calls.

pub mod calls;
pub mod client;
pub mod clock;
pub mod error;
pub mod feedback;
pub mod gate;
pub mod secret;

pub use client::{GraphClient, GraphConfig, Params, encode_params};
pub use clock::Clock;
pub use error::{CallError, ErrorClass, GraphErrorBody};
pub use secret::Secret;
