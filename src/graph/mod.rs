//! The Graph API client: base URL and version (and what an expired one says), the secret
//! token, request encoding, the error envelope and its classification, the per-account
//! rate-limit gate, and typed calls.

pub(crate) mod calls;
pub(crate) mod client;
mod clock;
mod destination;
mod error;
pub(crate) mod feedback;
pub(crate) mod gate;
mod previews;
mod secret;
pub(crate) mod targeting;
mod version;
pub(crate) mod video;

pub use calls::{AdAccount, BatchOp, MinimumBudget, Page, Pixel};
pub use client::{
    DEFAULT_API_VERSION, DEFAULT_BASE_URL, DEFAULT_MAX_ANSWER_BYTES, GraphClient, GraphConfig,
    Params, WRITE_COST, encode_params,
};
pub use clock::Clock;
pub use destination::{Destination, JournalGraph, built_in_graph};
pub use error::{CallError, ErrorClass, GraphErrorBody, classify};
pub use feedback::{FeedbackState, ad_review_feedback, review_feedback};
pub use gate::{AccessTier, Gate, Reported};
pub use previews::{MAX_LINK_BYTES, PreviewLink, decode_entities, iframe_src, parse_preview};
pub use secret::{DEFAULT_COMMAND_TIMEOUT, Secret, find_token, run_secret_command};
pub use targeting::{
    AudienceStatus, CATEGORY_PAGES, CustomAudience, DeliveryEstimate, GeoLocationHit, InterestHit,
    LocaleHit, OutcomePoint, SearchHits, SearchKind, parse_search, search_params,
};
pub use video::{
    GeneratedThumbnail, INCOMPLETE_UPLOAD_SUBCODE, MAX_CHUNK_BYTES, Transferred, UploadStart,
    VIDEO_HOST, VideoState, VideoStatus, WRONG_OFFSET_SUBCODE, Window, is_incomplete_upload,
    parse_offset, parse_start, parse_status, parse_thumbnails, parse_window, preferred,
    resync_window,
};
