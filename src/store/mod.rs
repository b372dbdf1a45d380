//! Everything on disk: spec files and what image files hold.

pub mod images;
pub mod spec_file;
