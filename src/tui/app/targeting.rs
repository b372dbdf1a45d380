//! The wizard's targeting reads through the one lane of `model::pace`: a wish (a search typed,
//! the targeting changed) asks the lane; the read goes now or when the lane is free. The
//! pickers' lists that come whole (behaviours, demographics, custom audiences) are read once per
//! account, outside the lane.

use super::App;
use crate::graph::{SearchHits, SearchKind};
use crate::spec::Step;
use crate::tui::form::SearchFor;
use crate::tui::load::{Load, load};
use crate::tui::model::estimate::{Answer as EstimateAnswer, Missing};
use crate::tui::model::pace::{Lane, PaceStep};
use crate::tui::model::search::{Answer, LOCATION_KINDS};
use crate::tui::msg::{Effect, EstimateAsk, SearchAsk};

/// Why a search picker cannot search yet.
const NO_ACCOUNT: &str = "pick the ad account first (step 1): Meta's search is per account";

impl App {
    /// Wishes a read on `lane`: the effects that send it now, or that wake the lane later.
    pub(crate) fn pace_ask(&mut self, lane: Lane) -> Vec<Effect> {
        let now = self.ctx.clock.now();
        match self.model.pace.ask(lane, now) {
            PaceStep::Go => self.send_read(lane),
            PaceStep::Later(Some(after)) => vec![Effect::PaceAfter(after)],
            PaceStep::Later(None) => Vec::new(),
        }
    }

    /// The lane is free: the waiting read goes, and the next wake is scheduled.
    pub(super) fn on_pace_due(&mut self) -> Vec<Effect> {
        let now = self.ctx.clock.now();
        let (lane, next) = self.model.pace.due(now);
        let mut fx: Vec<Effect> = next.map(Effect::PaceAfter).into_iter().collect();
        if let Some(lane) = lane {
            fx.extend(self.send_read(lane));
        }
        fx
    }

    /// The effect of one read, built from the state at the moment it goes (the latest query,
    /// the latest targeting).
    fn send_read(&mut self, lane: Lane) -> Vec<Effect> {
        match lane {
            Lane::Search => self.search_read(),
            Lane::Estimate => self.estimate_read(),
        }
    }

    /// The type-ahead search of the focused targeting picker, for the query as typed NOW (the
    /// latest wins); with nothing typed, the suggestions a pick asked for. Nothing without an
    /// account or a wish.
    fn search_read(&mut self) -> Vec<Effect> {
        let Some(account) = self.account_digits() else {
            if let Some((field, query)) = self.search_query().filter(|(_, q)| !q.is_empty()) {
                self.model.searches.answer = Some(Answer {
                    field,
                    query,
                    hits: Load::Failed(NO_ACCOUNT.into()),
                });
            }
            return Vec::new();
        };
        // The client would wait at the account's gate: the search waits here instead (the lane
        // looks again in a second), so no read queues behind a used-up rate limit.
        let wait = self.ctx.gate.wait_before(&account, 1, self.ctx.clock.now());
        if !wait.is_zero() {
            if let Some((field, query)) = self.search_query().filter(|(_, q)| !q.is_empty()) {
                self.model.searches.answer = Some(Answer {
                    field,
                    query,
                    hits: Load::Failed(format!(
                        "waiting for the account's rate limit (about {} s)",
                        wait.as_secs().max(1)
                    )),
                });
            }
            return self.pace_ask(Lane::Search);
        }
        let typed = self.search_query().filter(|(_, q)| !q.is_empty());
        if let (Some((field, query)), Some((_, kind))) = (typed, self.search_field()) {
            let kind = match kind {
                SearchFor::Locations => {
                    SearchKind::Locations(LOCATION_KINDS.iter().map(|(k, _)| *k).collect())
                }
                SearchFor::Locales => SearchKind::Locales,
                SearchFor::Detailed => SearchKind::Interests,
            };
            let mut fx = vec![Effect::Search(SearchAsk {
                account,
                field,
                query,
                kind,
            })];
            if self.model.searches.suggest_wish.is_some() {
                // The suggestions still wait: they go when the lane is free again.
                fx.extend(self.pace_ask(Lane::Search));
            }
            return fx;
        }
        match self.model.searches.suggest_wish.take() {
            Some((field, names)) if !names.is_empty() => {
                self.model.searches.suggested = Some((field.clone(), Load::Loading));
                vec![Effect::Search(SearchAsk {
                    account,
                    field,
                    query: String::new(),
                    kind: SearchKind::InterestSuggestions(names),
                })]
            }
            _ => Vec::new(),
        }
    }

    /// After a key or a paste: a new query in a search picker wishes a read (an empty one
    /// sends nothing and drops a waiting one); a pick that asked for suggestions wishes one.
    pub(super) fn after_input(&mut self, before: Option<(String, String)>) -> Vec<Effect> {
        let now = self.search_query();
        let wished = std::mem::take(&mut self.model.searches.wished);
        let mut fx = Vec::new();
        if now != before {
            match &now {
                Some((field, q)) if !q.is_empty() && self.account_digits().is_none() => {
                    self.model.searches.answer = Some(Answer {
                        field: field.clone(),
                        query: q.clone(),
                        hits: Load::Failed(NO_ACCOUNT.into()),
                    });
                }
                Some((_, q)) if !q.is_empty() => fx.extend(self.pace_ask(Lane::Search)),
                _ => {
                    if self.model.searches.suggest_wish.is_none() {
                        self.model.pace.cancel(Lane::Search);
                    }
                }
            }
        }
        if wished && !self.model.pace.waiting(Lane::Search) {
            fx.extend(self.pace_ask(Lane::Search));
        }
        fx
    }

    /// A search answered: kept only if it answers the focused picker's query as typed now
    /// (an older query's answer is dropped), or the suggestions its group asked for.
    pub(super) fn on_searched(&mut self, ask: SearchAsk, r: Result<SearchHits, String>) {
        if let SearchKind::InterestSuggestions(_) = ask.kind {
            let s = &mut self.model.searches;
            if s.suggested.as_ref().is_some_and(|(f, _)| *f == ask.field) {
                let hits = r.map(|h| match h {
                    SearchHits::Interests(v) => v,
                    _ => Vec::new(),
                });
                s.suggested = Some((ask.field, load(hits)));
            }
            return;
        }
        if self.search_query() != Some((ask.field.clone(), ask.query.clone())) {
            return;
        }
        self.list.cursor = 0;
        self.list.moved = false;
        self.model.searches.answer = Some(Answer {
            field: ask.field,
            query: ask.query,
            hits: load(r),
        });
    }

    /// On the Ad set step with an account: its behaviours and demographics and its custom
    /// audiences, read once per account.
    pub(super) fn targeting_loads(&mut self) -> Vec<Effect> {
        if self.step != Step::AdSet {
            return Vec::new();
        }
        let Some(d) = self.account_digits() else {
            return Vec::new();
        };
        let s = &mut self.model.searches;
        let mut fx = Vec::new();
        if !s.categories.contains_key(&d) {
            s.categories.insert(d.clone(), Load::Loading);
            fx.push(Effect::LoadCategories(d.clone()));
        }
        if !s.audiences.contains_key(&d) {
            s.audiences.insert(d.clone(), Load::Loading);
            fx.push(Effect::LoadAudiences(d));
        }
        fx
    }

    /// The delivery estimate of the first ad set whose targeting (goal, promoted object,
    /// account) differs from what was last asked for it: the template, then each audience. One
    /// read per go; the next stale one wishes again when the answer comes. When the account's
    /// rate-limit gate would hold the read, nothing is sent: the lane wakes when the gate opens.
    fn estimate_read(&mut self) -> Vec<Effect> {
        let now = self.ctx.clock.now();
        let stale = self
            .model
            .estimate_asks()
            .into_iter()
            .find_map(|(base, ask)| {
                ask.ok()
                    .filter(|a| self.model.estimates.stale(&base, a))
                    .map(|a| (base, a))
            });
        let Some((base, ask)) = stale else {
            return Vec::new();
        };
        let wait = self.ctx.gate.wait_before(&ask.account, 1, now);
        if !wait.is_zero() {
            self.model.estimates.held = true;
            self.model.estimates.held_until = Some(now + wait);
            return vec![Effect::PaceAfter(wait)];
        }
        // Stamped with the instant the lane let it go (the one the gap is kept from).
        let at = self.model.pace.last_sent().unwrap_or(now);
        let seq = self.model.estimates.send(&base, ask.clone(), at);
        vec![Effect::EstimateDelivery {
            base,
            seq,
            ask: Box::new(ask),
        }]
    }

    /// After every message on the wizard: a read is wished when an ad set would ask something
    /// else than was last asked for it, no read is on its way and the gate does not hold them;
    /// a waiting wish is dropped when nothing differs any more (the buyer typed it back).
    pub(super) fn estimate_wish(
        &mut self,
        asks: &[(String, Result<EstimateAsk, Missing>)],
    ) -> Vec<Effect> {
        let now = self.ctx.clock.now();
        let bases: Vec<String> = asks.iter().map(|(b, _)| b.clone()).collect();
        self.model.estimates.keep_only(&bases);
        let due = asks
            .iter()
            .any(|(b, a)| a.as_ref().is_ok_and(|a| self.model.estimates.stale(b, a)));
        if !due {
            self.model.pace.cancel(Lane::Estimate);
            return Vec::new();
        }
        let e = &self.model.estimates;
        if e.in_flight(now) || e.holding(now) || self.model.pace.waiting(Lane::Estimate) {
            return Vec::new();
        }
        self.pace_ask(Lane::Estimate)
    }

    /// Meta's answer for one ad set.
    pub(super) fn on_estimated(
        &mut self,
        base: &str,
        seq: u64,
        ask: EstimateAsk,
        result: Result<Option<crate::graph::DeliveryEstimate>, String>,
    ) {
        let answer = match result {
            Ok(e) => EstimateAnswer::Estimate(e),
            Err(why) => EstimateAnswer::Failed(why),
        };
        self.model.estimates.answered(base, seq, ask, answer);
    }
}
