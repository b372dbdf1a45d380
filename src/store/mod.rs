//! Everything on disk: paths, the config file, spec files, image headers, launch journals and
//! their on-disk types, atomic private writes.

pub mod config;
pub mod drafts;
pub mod files;
pub mod images;
pub mod journal_file;
pub mod journals;
pub mod launch_step;
pub mod paths;
pub mod spec_file;
