//! Asset results for one ad: per breakdown (bodies, titles, images…), each asset's
//! impressions, clicks, CTR and spend, best first, with a bar, from the insights breakdowns.

use std::collections::HashMap;

use crate::tui::app::Load;
use crate::watch::insights::{AssetResult, BREAKDOWNS};

/// The results view of one ad.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultsView {
    pub ad_id: String,
    /// Index into `BREAKDOWNS`.
    pub breakdown: usize,
    pub data: HashMap<usize, Load<Vec<AssetResult>>>,
}

impl ResultsView {
    pub fn new(ad_id: &str) -> ResultsView {
        ResultsView {
            ad_id: ad_id.to_string(),
            breakdown: 0,
            data: HashMap::new(),
        }
    }

    pub fn breakdown_name(&self) -> &'static str {
        BREAKDOWNS[self.breakdown]
    }

    /// Moves to the next (or previous) breakdown; returns it when it still needs loading.
    pub fn step(&mut self, forward: bool) -> Option<usize> {
        let n = BREAKDOWNS.len();
        self.breakdown = if forward {
            (self.breakdown + 1) % n
        } else {
            (self.breakdown + n - 1) % n
        };
        self.needs_load()
    }

    /// The breakdown shown, when it has not been asked for yet (marked as loading).
    pub fn needs_load(&mut self) -> Option<usize> {
        if self.data.contains_key(&self.breakdown) {
            return None;
        }
        self.data.insert(self.breakdown, Load::Loading);
        Some(self.breakdown)
    }
}
