//! The asset results view's state: the breakdowns shown as tabs, the one shown, and what each
//! breakdown's read gave.

use std::collections::HashMap;

use crate::tui::load::Load;
use crate::watch::insights::{AssetResult, breakdowns_for};

/// The results view of one ad.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultsView {
    pub ad_id: String,
    /// The breakdowns shown as tabs: those the ad's feed can have rows for.
    pub breakdowns: Vec<&'static str>,
    /// Index into `breakdowns`.
    pub breakdown: usize,
    /// What each breakdown read gave, by breakdown.
    pub data: HashMap<&'static str, Load<Vec<AssetResult>>>,
    /// The tabs were chosen knowing the ad's feed (else every breakdown, until it is read).
    pub feed_known: bool,
}

impl ResultsView {
    /// The view of `ad_id`, whose feed (when known) decides the tabs.
    pub fn new(ad_id: &str, feed: Option<&serde_json::Value>) -> ResultsView {
        ResultsView {
            ad_id: ad_id.to_string(),
            breakdowns: breakdowns_for(feed),
            breakdown: 0,
            data: HashMap::new(),
            feed_known: feed.is_some(),
        }
    }

    /// The ad's feed became known: the tabs follow it, the one shown stays shown when it is
    /// still a tab.
    pub fn feed_read(&mut self, feed: &serde_json::Value) {
        if self.feed_known {
            return;
        }
        let shown = self.breakdown_name();
        self.breakdowns = breakdowns_for(Some(feed));
        self.breakdown = self
            .breakdowns
            .iter()
            .position(|b| *b == shown)
            .unwrap_or(0);
        self.feed_known = true;
    }

    pub fn breakdown_name(&self) -> &'static str {
        self.breakdowns[self.breakdown]
    }

    /// Moves to the next (or previous) breakdown; returns it when it still needs loading.
    pub fn step(&mut self, forward: bool) -> Option<usize> {
        let n = self.breakdowns.len();
        self.breakdown = if forward {
            (self.breakdown + 1) % n
        } else {
            (self.breakdown + n - 1) % n
        };
        self.needs_load()
    }

    /// The breakdown shown, when it has not been asked for yet (marked as loading).
    pub fn needs_load(&mut self) -> Option<usize> {
        let name = self.breakdown_name();
        if self.data.contains_key(name) {
            return None;
        }
        self.data.insert(name, Load::Loading);
        Some(self.breakdown)
    }
}
