//! dcw, the Dynamic Creative Wizard: sets up Meta Marketing API Dynamic Creative launches from a
//! terminal and watches them through review. See `README.md` and `../shared/ARCHITECTURE.md`.

pub mod graph;
pub mod launch;
pub mod sandbox;
pub mod spec;
pub mod store;
pub mod tui;
pub mod watch;
