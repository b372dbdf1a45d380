//! While a launch runs, it says when its account's rate limit holds it back: on Meta's Limited
//! tier (60 points per 5 minutes) a second launch can wait minutes for points, and a buyer
//! watching a progress line that does not move deserves to know why.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::event::LaunchEvent;
use super::pipeline::Run;
use crate::graph::WRITE_COST;

/// How often the launch looks at its account's gate.
const LOOK_EVERY: Duration = Duration::from_secs(2);
/// A shorter hold is pacing, not worth a line.
const WORTH_SAYING: Duration = Duration::from_secs(5);

/// Stops the watcher when the launch ends, however it ends (a return, an error, a panic, a
/// dropped future). Aborting alone is not enough: a task in the middle of its turn on another
/// thread finishes that turn, so a note could still come after the launch's last line. The
/// note is said under `open`, which the drop closes, so none comes once the drop returns.
pub(super) struct Watcher {
    task: tokio::task::JoinHandle<()>,
    open: Arc<Mutex<bool>>,
}

impl Drop for Watcher {
    fn drop(&mut self) {
        *self.open.lock().unwrap_or_else(|e| e.into_inner()) = false;
        self.task.abort();
    }
}

/// Runs `say` only while the watcher is open, holding it open meanwhile.
fn while_open(open: &Mutex<bool>, say: impl FnOnce()) {
    let open = open.lock().unwrap_or_else(|e| e.into_inner());
    if *open {
        say();
    }
}

impl Run {
    /// Starts looking at the account's gate every [`LOOK_EVERY`]; each time the next write
    /// would be held [`WORTH_SAYING`] or more (after a spell without one), says for how long
    /// and under which tier. Stops when the returned [`Watcher`] is dropped.
    pub(super) fn watch_the_gate(self: &Arc<Self>) -> Watcher {
        let run = self.clone();
        let open = Arc::new(Mutex::new(true));
        let still_open = open.clone();
        let task = tokio::spawn(async move {
            let mut said = false;
            loop {
                tokio::time::sleep(LOOK_EVERY).await;
                let gate = run.client.gate();
                let hold = gate.wait_before(&run.account, WRITE_COST, run.client.now());
                if hold < WORTH_SAYING {
                    said = false;
                    continue;
                }
                if !said {
                    let note = held_note(&run.account, hold, gate.tier(&run.account));
                    while_open(&still_open, || run.emit(LaunchEvent::Info(note)));
                    said = true;
                }
            }
        });
        Watcher { task, open }
    }
}

/// `waiting about 4 min 10 s for act_1's rate limit (Limited tier) …`.
fn held_note(account: &str, hold: Duration, tier: Option<crate::graph::AccessTier>) -> String {
    let secs = hold.as_secs();
    let how_long = if secs >= 60 {
        format!("{} min {} s", secs / 60, secs % 60)
    } else {
        format!("{secs} s")
    };
    let tier = tier.map(|t| format!(" ({t} tier)")).unwrap_or_default();
    format!(
        "waiting about {how_long} for act_{account}'s rate limit{tier}: Meta counts each ad \
         account's calls over 5 minutes; the launch goes on by itself (Ctrl+C stops it, and \
         running it again resumes)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::AccessTier;

    #[tokio::test]
    async fn once_the_watcher_is_dropped_no_note_is_said() {
        let open = Arc::new(Mutex::new(true));
        let w = Watcher {
            task: tokio::spawn(std::future::pending()),
            open: open.clone(),
        };
        let mut said = 0;
        while_open(&open, || said += 1);
        assert_eq!(said, 1, "said while the launch runs");
        drop(w);
        while_open(&open, || said += 1);
        assert_eq!(said, 1, "nothing once the launch has ended");
    }

    #[test]
    fn the_note_says_how_long_which_account_and_tier_and_that_it_goes_on() {
        let n = held_note("123", Duration::from_secs(250), Some(AccessTier::Limited));
        assert!(
            n.starts_with("waiting about 4 min 10 s for act_123's rate limit (Limited tier)"),
            "{n}"
        );
        assert!(n.contains("goes on by itself"), "{n}");
        let n = held_note("123", Duration::from_secs(7), None);
        assert!(
            n.starts_with("waiting about 7 s for act_123's rate limit:"),
            "{n}"
        );
    }
}
