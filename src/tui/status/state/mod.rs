//! The status pane's state, below its screens: the watched ads in display order, the sort and
//! filter, what is open (detail, results, fix, help), the poll schedule and the notice. The
//! same `Watch` as `dcw watch --json`, moved only by messages. Screens import this module;
//! it imports none of them.

pub mod control;
pub mod fix;
pub mod results;

use std::sync::Arc;
use std::time::Duration;

use crate::graph::Clock;
use crate::graph::gate::Gate;
use crate::tui::keymap::{KeyMap, Pane};
use crate::tui::msg::Effect;
use crate::tui::text::TextField;
use crate::watch::{Change, Plan, PollResult, ReviewState, Watch};
use chrono::{DateTime, Utc};

/// How the table is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// Needs attention first: rejected, issues, in review, approved.
    Status,
    /// Longest in its state first.
    Age,
    Name,
    /// Least recently checked first.
    Checked,
}

impl Sort {
    pub fn next(self) -> Sort {
        match self {
            Sort::Status => Sort::Age,
            Sort::Age => Sort::Name,
            Sort::Name => Sort::Checked,
            Sort::Checked => Sort::Status,
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Sort::Status => "status",
            Sort::Age => "time in state",
            Sort::Name => "name",
            Sort::Checked => "last checked",
        }
    }
}

/// The pane's state.
#[derive(Debug, Clone)]
pub struct StatusPane {
    pub watch: Watch,
    pub(super) gate: Arc<Gate>,
    pub(super) clock: Clock,
    /// Rows in display order (indices into `watch.model.rows`), after sort and filter.
    pub order: Vec<usize>,
    /// Position in `order`.
    pub selected: usize,
    /// First row shown (kept so the selection stays visible).
    pub scroll: usize,
    pub sort: Sort,
    pub filter: String,
    /// `Some` while the filter is being typed.
    pub filter_input: Option<TextField>,
    /// The detail panel is focused; the highlighted rejection.
    pub detail: Option<usize>,
    /// The detail's first line shown when the buyer scrolled it (PgUp/PgDn, or ↑↓ past its
    /// first or last rejected asset); `None` follows the highlighted rejected asset.
    pub detail_scroll: Option<usize>,
    /// The ad a fix was just sent for: shown whatever the filter until the cursor leaves it,
    /// so it neither vanishes nor moves the cursor when its state changes.
    pub pinned: Option<String>,
    /// The screen the pane is drawn on, as the app last measured it: the detail scrolls by
    /// its pages.
    pub area: ratatui::layout::Rect,
    pub bell: bool,
    pub help: bool,
    /// Plans out on the wire.
    /// Accounts whose reads are out on the wire (one poll per account at a time; a slow or
    /// paused account does not hold the others).
    pub in_flight: std::collections::BTreeSet<String>,
    /// The wake-up timer that counts (older ones are ignored).
    pub wake_generation: u64,
    pub last_poll: Option<DateTime<Utc>>,
    pub notice: Option<String>,
    /// `p` asked for a check whose answers are not all in yet.
    pub checking: bool,
    /// Text to put on the clipboard with OSC 52 at the next frame.
    pub clipboard: Option<String>,
    /// Ring the bell at the next frame.
    pub ring: bool,
    /// The ads are a sandbox's (built-in or on loopback): Ads Manager does not know them.
    pub sandbox: bool,
    /// Requests of the last cycle.
    pub last_requests: u32,
    /// The time the screen shows ages against: set on every message, so drawing is pure.
    pub now: DateTime<Utc>,
    /// The fix being prepared (one at a time).
    pub fix: Option<fix::FixDraft>,
    /// A control of the launch being asked (activate, pause, budget…).
    pub control: Option<control::ControlAsk>,
    /// The asset results of one ad, when open.
    pub results: Option<results::ResultsView>,
    /// `q` was pressed once over an unsent fix.
    pub quit_armed: bool,
    /// `v` asked for the ad preview of the ad under the cursor: the app opens it over the
    /// pane and clears this.
    pub wants_preview: bool,
    /// The key table (defaults, or the config file's `keys`).
    pub keys: KeyMap,
    /// What each launch (by journal id) warned of, its read-back included (an Advantage+
    /// creative feature Meta has on unasked): the detail of each of its ads repeats it.
    pub launch_notes: std::collections::HashMap<String, Vec<String>>,
}

/// The pane wakes at least this often while it watches, so ages on screen stay current.
pub const REFRESH: Duration = Duration::from_secs(15);

impl StatusPane {
    pub fn new(watch: Watch, gate: Arc<Gate>, clock: Clock) -> StatusPane {
        let mut p = StatusPane {
            watch,
            gate,
            clock,
            order: Vec::new(),
            selected: 0,
            scroll: 0,
            sort: Sort::Status,
            filter: String::new(),
            filter_input: None,
            detail: None,
            detail_scroll: None,
            pinned: None,
            area: ratatui::layout::Rect::new(0, 0, 120, 40),
            bell: false,
            help: false,
            in_flight: Default::default(),
            wake_generation: 0,
            last_poll: None,
            notice: None,
            checking: false,
            clipboard: None,
            ring: false,
            sandbox: false,
            last_requests: 0,
            now: Utc::now(),
            fix: None,
            control: None,
            results: None,
            quit_armed: false,
            wants_preview: false,
            keys: KeyMap::default(),
            launch_notes: Default::default(),
        };
        p.now = p.clock.utc_now();
        p.reorder();
        p
    }

    /// The pane with the key table of the config file.
    pub fn with_keys(mut self, keys: KeyMap) -> StatusPane {
        self.keys = keys;
        self
    }

    /// Which of the pane's screens has the keys now.
    pub fn screen(&self) -> Pane {
        let fix = self.fix.as_ref().filter(|f| !f.running);
        if self.help {
            Pane::Help
        } else if let Some(c) = &self.control {
            if c.typing().is_some() {
                Pane::Editor
            } else {
                Pane::Control
            }
        } else if self.filter_input.is_some() {
            Pane::Filter
        } else if fix.is_some_and(|f| f.editing.is_some()) {
            Pane::Editor
        } else if fix.is_some_and(|f| f.confirm) {
            Pane::Confirm
        } else if self.results.is_some() {
            Pane::Results
        } else if self.detail.is_some() {
            Pane::Detail
        } else {
            Pane::Table
        }
    }

    /// The key of an action in the table, as a sentence names it (`Ctrl+S`).
    pub fn key(&self, action: crate::tui::keymap::Action) -> String {
        self.keys.first(action, Pane::Table)
    }

    /// Moves the screen's clock to now.
    pub fn tick(&mut self) {
        self.now = self.clock.utc_now();
    }

    /// Quota used per account, in percent, as Meta last reported, with the account's access
    /// tier once known.
    pub fn usage(&self) -> Vec<(String, u32, Option<crate::graph::AccessTier>)> {
        let mut accounts = self.watch.model.accounts();
        for p in self.watch.scheduler_accounts() {
            if !accounts.contains(&p) {
                accounts.push(p);
            }
        }
        accounts.sort();
        accounts
            .into_iter()
            .map(|a| {
                let pct = self.gate.usage(&a);
                let tier = self.gate.tier(&a);
                (a, pct, tier)
            })
            .collect()
    }

    /// The ad under the cursor.
    pub fn current(&self) -> Option<&crate::watch::AdRow> {
        self.order
            .get(self.selected)
            .and_then(|i| self.watch.model.rows.get(*i))
    }

    /// Recomputes the display order after a change of data, sort or filter; the selection
    /// stays on the same ad when it is still shown.
    pub fn reorder(&mut self) {
        let keep = self.current().map(|r| r.ad_id.clone());
        let rows = &self.watch.model.rows;
        let needle = self.filter.to_lowercase();
        let pinned = self.pinned.as_deref();
        let mut order: Vec<usize> = (0..rows.len())
            .filter(|i| {
                needle.is_empty()
                    || matches_filter(&rows[*i], &needle)
                    || pinned == Some(rows[*i].ad_id.as_str())
            })
            .collect();
        let now = self.now;
        match self.sort {
            Sort::Status => order.sort_by_key(|i| (attention(rows[*i].state), *i)),
            Sort::Age => order.sort_by_key(|i| (rows[*i].since.map_or(now, |s| s), *i)),
            // Numbers in names in their order: `Ad 2` before `Ad 10`.
            Sort::Name => order.sort_by(|a, b| {
                alphanumeric_sort::compare_str(&rows[*a].name, &rows[*b].name).then(a.cmp(b))
            }),
            Sort::Checked => order.sort_by_key(|i| (rows[*i].last_checked, *i)),
        }
        self.order = order;
        self.selected = keep
            .and_then(|id| {
                self.order
                    .iter()
                    .position(|i| self.watch.model.rows[*i].ad_id == id)
            })
            .unwrap_or(0)
            .min(self.order.len().saturating_sub(1));
    }

    /// Puts the cursor on this ad when it is shown.
    pub fn select_ad(&mut self, ad_id: &str) {
        if let Some(pos) = self
            .order
            .iter()
            .position(|i| self.watch.model.rows[*i].ad_id == ad_id)
        {
            self.selected = pos;
        }
    }

    /// Whether the ad at this row is shown only because it was just fixed (the filter would
    /// hide it).
    pub fn kept_by_pin(&self, row: usize) -> bool {
        let needle = self.filter.to_lowercase();
        self.watch.model.rows.get(row).is_some_and(|r| {
            self.pinned.as_deref() == Some(r.ad_id.as_str())
                && !needle.is_empty()
                && !matches_filter(r, &needle)
        })
    }

    /// Starts polling: the first reads, at once.
    pub fn start(&mut self) -> Vec<Effect> {
        self.poll_due(self.wake_generation)
    }

    /// The timer fired (or the buyer pressed `p`): send the plans due now.
    pub fn poll_due(&mut self, generation: u64) -> Vec<Effect> {
        if generation != self.wake_generation {
            return Vec::new();
        }
        self.tick();
        let plans: Vec<Plan> = self
            .watch
            .due(self.clock.now(), &self.gate)
            .into_iter()
            .filter(|p| !self.in_flight.contains(&p.account))
            .collect();
        let mut fx = Vec::new();
        if !plans.is_empty() {
            self.in_flight
                .extend(plans.iter().map(|p| p.account.clone()));
            self.last_requests = 0;
            fx.push(Effect::Poll {
                plans,
                known: self.watch.known(),
            });
        }
        // The timer stays armed while answers are out: other accounts fall due meanwhile.
        fx.extend(self.schedule());
        fx
    }

    /// A plan's answers came back.
    pub fn polled(
        &mut self,
        plan: &Plan,
        result: &PollResult,
        max_points: Option<u32>,
    ) -> Vec<Effect> {
        let now = self.clock.now();
        let utc = self.clock.utc_now();
        self.now = utc;
        let changes: Vec<Change> = self.watch.apply(plan, result, now, utc, max_points);
        self.last_requests += result.requests;
        self.in_flight.remove(&plan.account);
        self.last_poll = Some(utc);
        // The ad under the cursor is being looked at: its change is seen.
        if let Some(r) = self
            .order
            .get(self.selected)
            .and_then(|i| self.watch.model.rows.get_mut(*i))
        {
            r.changed = false;
        }
        if self.checking && self.in_flight.is_empty() {
            self.checking = false;
            self.notice = Some("Checked: no change.".into());
        }
        if !changes.is_empty() {
            if self.bell {
                self.ring = true;
            }
            self.notice = Some(describe_changes(&self.watch, &changes));
        }
        if let Some(f) = result.failures.first() {
            self.notice = Some(format!(
                "✗ could not read act_{}: {}",
                result.account, f.message
            ));
        }
        self.reorder();
        self.schedule()
    }

    /// Arms the one timer for the next read due.
    fn schedule(&mut self) -> Vec<Effect> {
        let now = self.clock.now();
        let Some(at) = self.watch.next_wake(now) else {
            return Vec::new();
        };
        self.wake_generation += 1;
        // While an account's answers are out its ads stay due: wait for them, not in a loop.
        let floor = if self.in_flight.is_empty() {
            Duration::from_millis(100)
        } else {
            REFRESH
        };
        vec![Effect::WakeAfter {
            generation: self.wake_generation,
            after: at.saturating_duration_since(now).clamp(floor, REFRESH),
        }]
    }

    pub fn move_by(&mut self, delta: isize) {
        if self.order.is_empty() {
            return;
        }
        let max = self.order.len() - 1;
        self.selected = (self.selected as isize + delta).clamp(0, max as isize) as usize;
        self.detail = None;
        self.detail_scroll = None;
        // The cursor left the ad just fixed: the filter decides about it again.
        if self
            .pinned
            .as_ref()
            .is_some_and(|p| self.current().is_some_and(|r| r.ad_id != *p))
        {
            self.pinned = None;
            self.reorder();
        }
        if let Some(i) = self.order.get(self.selected)
            && let Some(r) = self.watch.model.rows.get_mut(*i)
        {
            r.changed = false;
        }
    }

    /// Whether a plain key (not typed into the filter or an editor, not a confirmation, not the
    /// results view) reaches the table: the wizard's `l` applies only then.
    pub fn at_rest(&self) -> bool {
        self.filter_input.is_none()
            && self.results.is_none()
            && self.control.is_none()
            && !self.help
            && self
                .fix
                .as_ref()
                .is_none_or(|f| f.editing.is_none() && !f.confirm)
    }
}

/// The notice while a `p` check is out; it gives way when the answers are in.
pub const CHECKING: &str = "Checking now…";

/// `https://adsmanager.facebook.com/adsmanager/manage/ads?act=<digits>&selected_ad_ids=<id>`.
pub fn ads_manager_link(r: &crate::watch::AdRow) -> String {
    format!(
        "https://adsmanager.facebook.com/adsmanager/manage/ads?act={}&selected_ad_ids={}",
        r.account, r.ad_id
    )
}

/// Needs attention first.
fn attention(s: ReviewState) -> u8 {
    match s {
        ReviewState::Rejected => 0,
        ReviewState::WithIssues => 1,
        ReviewState::InReview => 2,
        ReviewState::Unknown => 3,
        ReviewState::Approved => 4,
        ReviewState::ApprovedPaused => 5,
        ReviewState::Gone => 6,
    }
}

fn matches_filter(r: &crate::watch::AdRow, needle: &str) -> bool {
    r.search.contains(needle)
}

fn describe_changes(w: &Watch, changes: &[Change]) -> String {
    let first = &changes[0];
    let name = w
        .model
        .get(&first.ad_id)
        .map(|r| {
            if r.name.is_empty() {
                r.ad_id.clone()
            } else {
                r.name.clone()
            }
        })
        .unwrap_or_default();
    let more = if changes.len() > 1 {
        format!(" (and {} more)", changes.len() - 1)
    } else {
        String::new()
    };
    format!(
        "{} {name}: {} → {}{more}",
        first.to.symbol(),
        first.from.word(),
        first.to.word()
    )
}
