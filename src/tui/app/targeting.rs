//! The wizard's targeting reads through the one lane of `model::pace`: a wish (a search typed,
//! the targeting changed) asks the lane; the read goes now or when the lane is free.

use super::App;
use crate::tui::model::pace::{Lane, PaceStep};
use crate::tui::msg::Effect;

impl App {
    /// Wishes a read on `lane`: the effects that send it now, or that wake the lane later.
    #[allow(dead_code)] // until the pickers and the estimate ask
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

    /// The delivery estimate of the targeting on screen (built by the estimate's part).
    fn estimate_read(&mut self) -> Vec<Effect> {
        Vec::new()
    }
}
