//! Everything on disk: paths, the config file, spec files, image headers, launch journals,
//! atomic private writes.

pub mod config;
pub mod drafts;
pub mod files;
pub mod images;
pub mod journals;
pub mod paths;
pub mod spec_file;
