//! Review monitoring (issue 6, in progress): what the launch's own assets are called when Meta
//! rejects them. The poll scheduler, the status model and the pane come next.

pub mod assets;
