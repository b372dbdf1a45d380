//! The asset results view's state: the breakdowns shown as tabs, the one shown, the date range
//! and the second breakdown (age or gender) every read uses, the asset under the cursor, what
//! the ad is read with (its currency, goal and feed), and what each breakdown's read gave.

use std::collections::HashMap;

use crate::tui::load::Load;
use crate::watch::insights::breakdowns_for;
use crate::watch::results::{Range, Split};
use crate::watch::{AdContext, Results, ResultsQuery};

/// The results view of one ad.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultsView {
    pub ad_id: String,
    /// The breakdowns shown as tabs: those the ad's feed can have rows for.
    pub breakdowns: Vec<&'static str>,
    /// Index into `breakdowns`.
    pub breakdown: usize,
    /// The days every read covers (`d` steps through the presets).
    pub range: Range,
    /// The second breakdown (`a`: none, age, gender).
    pub split: Option<Split>,
    /// The asset under the cursor (index into the shown results' assets).
    pub cursor: usize,
    /// What the ad is read with, once read (with the first results).
    pub context: Option<AdContext>,
    /// What each breakdown read gave for the range and split shown, by breakdown.
    pub data: HashMap<&'static str, Load<Results>>,
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
            range: Range::default(),
            split: None,
            cursor: 0,
            context: None,
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

    /// The read the shown tab needs: its breakdown, the range and the split.
    pub fn query(&self) -> ResultsQuery {
        ResultsQuery {
            breakdown: self.breakdown_name(),
            range: self.range,
            split: self.split,
        }
    }

    /// The results shown, when read.
    pub fn shown(&self) -> Option<&Results> {
        match self.data.get(self.breakdown_name()) {
            Some(Load::Ready(r)) => Some(r),
            _ => None,
        }
    }

    /// Moves to the next (or previous) breakdown; returns its read when it still needs one.
    pub fn step(&mut self, forward: bool) -> Option<ResultsQuery> {
        let n = self.breakdowns.len();
        self.breakdown = if forward {
            (self.breakdown + 1) % n
        } else {
            (self.breakdown + n - 1) % n
        };
        self.cursor = 0;
        self.needs_load()
    }

    /// The next date preset: every breakdown is read again for it.
    pub fn next_range(&mut self) -> Option<ResultsQuery> {
        self.range = self.range.next();
        self.data.clear();
        self.needs_load()
    }

    /// The next second breakdown (none, age, gender): read again.
    pub fn next_split(&mut self) -> Option<ResultsQuery> {
        self.split = Split::next(self.split);
        self.data.clear();
        self.needs_load()
    }

    /// Moves the cursor over the shown assets.
    pub fn move_cursor(&mut self, down: bool) {
        let n = self.shown().map_or(0, |r| r.assets.len());
        self.cursor = if n == 0 {
            0
        } else if down {
            (self.cursor + 1).min(n - 1)
        } else {
            self.cursor.saturating_sub(1)
        };
    }

    /// The shown tab's read, when it has not been asked for yet (marked as loading).
    pub fn needs_load(&mut self) -> Option<ResultsQuery> {
        let name = self.breakdown_name();
        if self.data.contains_key(name) {
            return None;
        }
        self.data.insert(name, Load::Loading);
        Some(self.query())
    }

    /// A read came back: kept when it is for the range and split shown (an older one is
    /// dropped: its tab is asked again when shown).
    pub fn loaded(&mut self, query: ResultsQuery, result: Result<Results, String>) {
        if query.range != self.range || query.split != self.split {
            return;
        }
        if let Ok(r) = &result
            && self.context.is_none()
        {
            self.context = Some(r.context.clone());
        }
        self.data
            .insert(query.breakdown, crate::tui::load::load(result));
    }
}
