//! The pace of the wizard's targeting reads: type-ahead searches and the audience estimate share
//! one lane to Graph that carries at most one request per `gap` (a second). A wish made while the
//! lane is busy waits; a newer wish of the same kind replaces it (the latest query, the latest
//! targeting), so a buyer typing for a minute costs at most one request a second, and nothing
//! is sent when nothing is wished. Pure: the caller passes `now` (the client's clock) and runs
//! the wake the answer asks for.

use std::time::{Duration, Instant};

/// What the read is for. Searches go first: the buyer is looking at the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lane {
    Search,
    Estimate,
}

/// What the caller does with a wish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaceStep {
    /// Send it now.
    Go,
    /// Wait; schedule a wake after this long (`None`: a wake is already scheduled).
    Later(Option<Duration>),
}

/// At most one request per `gap`, latest wish per lane.
#[derive(Debug, Clone)]
pub struct Pace {
    gap: Duration,
    last: Option<Instant>,
    search: bool,
    estimate: bool,
    /// A wake is scheduled for this instant.
    wake_at: Option<Instant>,
    /// Requests let through (for the measured figure).
    pub sent: u64,
}

impl Default for Pace {
    fn default() -> Self {
        Pace::new(Duration::from_secs(1))
    }
}

impl Pace {
    pub fn new(gap: Duration) -> Pace {
        Pace {
            gap,
            last: None,
            search: false,
            estimate: false,
            wake_at: None,
            sent: 0,
        }
    }

    fn free_at(&self) -> Option<Instant> {
        self.last.map(|l| l + self.gap)
    }

    /// A wish for `lane` at `now`.
    pub fn ask(&mut self, lane: Lane, now: Instant) -> PaceStep {
        let free = self.free_at().is_none_or(|f| now >= f);
        if free && !self.search && !self.estimate {
            self.last = Some(now);
            self.sent += 1;
            return PaceStep::Go;
        }
        match lane {
            Lane::Search => self.search = true,
            Lane::Estimate => self.estimate = true,
        }
        if self.wake_at.is_some() {
            return PaceStep::Later(None);
        }
        let at = self.free_at().map_or(now, |f| f.max(now));
        self.wake_at = Some(at);
        PaceStep::Later(Some(at - now))
    }

    /// Drops a waiting wish (the picker closed, the targeting went back to what was estimated).
    pub fn cancel(&mut self, lane: Lane) {
        match lane {
            Lane::Search => self.search = false,
            Lane::Estimate => self.estimate = false,
        }
    }

    /// The scheduled wake came: the lane to send now, if any, and the next wake to schedule.
    pub fn due(&mut self, now: Instant) -> (Option<Lane>, Option<Duration>) {
        self.wake_at = None;
        if let Some(f) = self.free_at()
            && now < f
        {
            if self.search || self.estimate {
                self.wake_at = Some(f);
                return (None, Some(f - now));
            }
            return (None, None);
        }
        let lane = if self.search {
            self.search = false;
            Lane::Search
        } else if self.estimate {
            self.estimate = false;
            Lane::Estimate
        } else {
            return (None, None);
        };
        self.last = Some(now);
        self.sent += 1;
        let next = (self.search || self.estimate).then(|| {
            self.wake_at = Some(now + self.gap);
            self.gap
        });
        (Some(lane), next)
    }

    /// When the lane last let a request go.
    pub fn last_sent(&self) -> Option<Instant> {
        self.last
    }

    /// True while a wish waits for the lane.
    pub fn waiting(&self, lane: Lane) -> bool {
        match lane {
            Lane::Search => self.search,
            Lane::Estimate => self.estimate,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Duration = Duration::from_secs(1);

    #[test]
    fn the_first_wish_goes_at_once_and_the_next_waits_for_the_gap() {
        let t0 = Instant::now();
        let mut p = Pace::default();
        assert_eq!(p.ask(Lane::Search, t0), PaceStep::Go);
        let step = p.ask(Lane::Search, t0 + Duration::from_millis(200));
        assert_eq!(step, PaceStep::Later(Some(Duration::from_millis(800))));
        assert_eq!(
            p.ask(Lane::Estimate, t0 + Duration::from_millis(300)),
            PaceStep::Later(None)
        );
        assert_eq!(p.due(t0 + S), (Some(Lane::Search), Some(S)));
        assert_eq!(p.due(t0 + 2 * S), (Some(Lane::Estimate), None));
        assert_eq!(p.sent, 3);
    }

    #[test]
    fn a_minute_of_typing_ten_keys_a_second_sends_at_most_one_request_a_second() {
        let t0 = Instant::now();
        let mut p = Pace::default();
        let mut sent_at = Vec::new();
        let mut wake: Option<Instant> = None;
        for tick in 0..600u64 {
            let now = t0 + Duration::from_millis(tick * 100);
            if let Some(w) = wake
                && now >= w
            {
                let (lane, next) = p.due(now);
                if lane.is_some() {
                    sent_at.push(now);
                }
                wake = next.map(|d| now + d);
            }
            let lane = if tick % 25 == 0 {
                Lane::Estimate
            } else {
                Lane::Search
            };
            match p.ask(lane, now) {
                PaceStep::Go => sent_at.push(now),
                PaceStep::Later(Some(d)) => wake = Some(now + d),
                PaceStep::Later(None) => {}
            }
        }
        assert!(
            sent_at.len() <= 61,
            "{} requests in a minute",
            sent_at.len()
        );
        assert!(
            sent_at.len() >= 55,
            "the lane stays busy: {}",
            sent_at.len()
        );
        for pair in sent_at.windows(2) {
            assert!(pair[1] - pair[0] >= S, "two requests within a second");
        }
    }

    #[test]
    fn nothing_is_sent_when_nothing_is_wished() {
        let t0 = Instant::now();
        let mut p = Pace::default();
        assert_eq!(p.due(t0 + S), (None, None));
        assert_eq!(p.ask(Lane::Estimate, t0), PaceStep::Go);
        p.ask(Lane::Estimate, t0);
        p.cancel(Lane::Estimate);
        assert_eq!(p.due(t0 + S), (None, None));
        assert_eq!(p.sent, 1);
    }
}
