//! The wizard's targeting reads through the one lane of `model::pace`: a wish (a search typed,
//! the targeting changed) asks the lane; the read goes now or when the lane is free.

use super::App;
use crate::tui::model::estimate::Answer;
use crate::tui::model::pace::{Lane, PaceStep};
use crate::tui::msg::{Effect, EstimateAsk};

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

    /// The type-ahead search of the focused targeting picker (built by the pickers' part).
    fn search_read(&mut self) -> Vec<Effect> {
        Vec::new()
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
    pub(super) fn estimate_wish(&mut self) -> Vec<Effect> {
        let now = self.ctx.clock.now();
        let asks = self.model.estimate_asks();
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
            Ok(e) => Answer::Estimate(e),
            Err(why) => Answer::Failed(why),
        };
        self.model.estimates.answered(base, seq, ask, answer);
    }
}
