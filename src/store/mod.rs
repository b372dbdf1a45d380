//! Everything on disk: paths, the config file, spec files, image headers, launch journals and
//! their on-disk types, atomic private writes.

mod config;
pub(crate) mod control_file;
pub(crate) mod drafts;
pub(crate) mod files;
pub(crate) mod images;
pub(crate) mod journal_file;
pub(crate) mod journals;
pub(crate) mod launch_step;
pub(crate) mod paths;
pub mod presets;
pub(crate) mod spec_file;
pub(crate) mod videos;

pub use config::{AccountPolicy, Config, load_config};
pub use control_file::{ControlCall, ControlJournal, ControlWrite, controls_dir};
pub use drafts::{
    DraftInfo, DraftMeta, TypedText, check_id, drafts_dir, drafts_made_from, list_drafts,
    read_draft_text, remove_draft, resumable_draft,
};
pub use files::{create_private_dir, open_private, read_private};
pub use images::{image_facts, md5_hex, read_image_facts};
pub use journals::{
    JournalError, LockError, LockGuard, journal_path, list_journals, load_journal, lock_spec,
    save_journal, take_lock,
};
pub use paths::Paths;
pub use presets::{Preset, Presets};
pub use spec_file::{load_spec, read_spec_text, spec_dir, write_spec_file};
pub use videos::{MAX_MOOV_BYTES, read_from as read_video_from, read_video, video_facts};
