//! The ad preview screen (`v` on Assets and on Review): a mock of one combination of the
//! Dynamic Creative feed as one placement family shows it, from the pure model in
//! `spec::preview` (what shows, where texts are cut, how the image fits). ←/→ walk the
//! combinations, `1`–`5` pick the family, `m` asks Meta for its own preview, Esc closes. Its state is built from the feed, the
//! targeting and the Page's name only, so the status pane can open it for a launched ad too.
//! Not to be confused with `tui::preview`, the picture cache it draws its images with.

mod state;
mod view;

pub use state::{AdPreview, Files, Meta, PLACEMENTS_UNKNOWN, PreviewOf, Reach};
pub use view::{Look, draw, hints, previews};

#[cfg(test)]
mod tests;
