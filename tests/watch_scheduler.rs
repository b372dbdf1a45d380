//! The watch scheduler on paused tokio time: `dcw::watch::run` (and `cycle`) against a fake
//! `Poller` that answers plans from a scripted world and records when each ad was read. Cadence
//! (10 s young, backing off to 5 min, settled every 30 min, fast again on re-review), batching
//! (`?ids=` chunks of 50), the gate (high usage, pauses) and the tier budget (40% of 60 points
//! per 300 s) are asserted as read times and counts; nothing here measures real time.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use dcw::graph::{Gate, Reported};
use dcw::watch::{BUDGET_PCT, HIGH_USAGE_WAIT, Plan, SETTLED, SLOW, min_gap};
use dcw::watch::{Known, PollResult, Poller, Target, Watch};
use serde_json::{Value, json};

/// `?ids=` takes 50 ids at most.
const CHUNK: usize = 50;

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

/// One scripted ad: its account and its `effective_status` from each moment on (offsets from the
/// start of the test; the first entry is its launch).
struct FakeAd {
    account: String,
    timeline: Vec<(Duration, &'static str)>,
}

impl FakeAd {
    fn at(&self, t: Duration) -> (Duration, &'static str) {
        self.timeline
            .iter()
            .rev()
            .find(|(from, _)| *from <= t)
            .copied()
            .unwrap_or(self.timeline[0])
    }
}

/// One plan the fake was asked to run.
#[derive(Debug, Clone)]
struct Call {
    /// Since the start of the test.
    at: Duration,
    plan: Plan,
    /// `?ids=` requests `poll::execute` would send for it.
    id_chunks: u32,
    /// Every request it would send (edge pages, ids chunks, details chunks).
    requests: u32,
}

/// A scripted Graph on the paused clock.
struct FakeWorld {
    start: tokio::time::Instant,
    utc_start: DateTime<Utc>,
    gate: Arc<Gate>,
    ads: Mutex<BTreeMap<String, FakeAd>>,
    /// Accounts whose answers carry a development-tier usage header (usage computed from the
    /// requests of the last 300 s).
    dev_tier: Vec<String>,
    /// Accounts whose answers report this usage (percent) from each moment on (seconds).
    usage: Vec<(String, Vec<(u64, u32)>)>,
    calls: Mutex<Vec<Call>>,
}

fn graph_time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S+0000").to_string()
}

impl FakeWorld {
    fn new() -> FakeWorld {
        FakeWorld {
            start: tokio::time::Instant::now(),
            utc_start: Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap(),
            gate: Arc::new(Gate::new()),
            ads: Mutex::new(BTreeMap::new()),
            dev_tier: Vec::new(),
            usage: Vec::new(),
            calls: Mutex::new(Vec::new()),
        }
    }

    fn elapsed(&self) -> Duration {
        tokio::time::Instant::now() - self.start
    }

    /// Scripts an ad launched now (at the test's start).
    fn ad(&self, id: &str, account: &str, timeline: &[(u64, &'static str)]) {
        self.ads.lock().unwrap().insert(
            id.to_string(),
            FakeAd {
                account: account.to_string(),
                timeline: timeline.iter().map(|(t, s)| (secs(*t), *s)).collect(),
            },
        );
    }

    /// Changes an ad's status from `at` on (an edit sending it back to review, say).
    fn script(&self, id: &str, at: u64, status: &'static str) {
        let mut ads = self.ads.lock().unwrap();
        let ad = ads.get_mut(id).expect("scripted ad");
        ad.timeline.push((secs(at), status));
        ad.timeline.sort_by_key(|(t, _)| *t);
    }

    /// The watch target of a scripted ad, launched at the test's start.
    fn target(&self, id: &str) -> Target {
        let account = self.ads.lock().unwrap()[id].account.clone();
        Target {
            ad_id: id.to_string(),
            account,
            launch_id: None,
            launched_at: Some(self.utc_start.to_rfc3339()),
        }
    }

    /// A watch of these scripted ads, by id.
    fn watch(&self, ids: &[&str]) -> Watch {
        let mut w = Watch::new();
        for id in ids {
            w.add(&self.target(id), self.now(), self.utc_now());
        }
        w
    }

    fn ad_json(&self, id: &str, ad: &FakeAd, t: Duration) -> Value {
        let (since, status) = ad.at(t);
        let created = self.utc_start + chrono::Duration::from_std(ad.timeline[0].0).unwrap();
        let updated = self.utc_start + chrono::Duration::from_std(since).unwrap();
        json!({
            "id": id,
            "name": format!("Ad {id}"),
            "effective_status": status,
            "created_time": graph_time(created),
            "updated_time": graph_time(updated),
            "adset": {"id": format!("set-{id}"), "is_dynamic_creative": true},
        })
    }

    /// Every plan run so far.
    fn calls(&self) -> Vec<Call> {
        self.calls.lock().unwrap().clone()
    }

    /// The plans run for `account`.
    fn calls_of(&self, account: &str) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|c| c.plan.account == account)
            .collect()
    }

    /// When `id` was read, in whole seconds since the start.
    fn reads(&self, id: &str) -> Vec<u64> {
        self.calls()
            .iter()
            .filter(|c| c.plan.ads.iter().any(|a| a == id))
            .map(|c| {
                assert_eq!(c.at.subsec_nanos(), 0, "reads land on whole seconds");
                c.at.as_secs()
            })
            .collect()
    }
}

/// The gaps between consecutive reads.
fn gaps(reads: &[u64]) -> Vec<u64> {
    reads.windows(2).map(|w| w[1] - w[0]).collect()
}

impl Poller for FakeWorld {
    async fn poll(&self, plan: Plan, known: HashMap<String, Known>) -> PollResult {
        let t = self.elapsed();
        let ads = self.ads.lock().unwrap();
        let mut out = PollResult {
            account: plan.account.clone(),
            ..PollResult::default()
        };
        // Watched by id here; the ads edge is measured against the sandbox (watch_budget.rs).
        assert_eq!(plan.edge, None, "the fake world is watched by id");
        let mut seen: Vec<String> = Vec::new();
        let mut requests = 0u32;
        let rest: Vec<&String> = plan.ads.iter().filter(|id| !seen.contains(id)).collect();
        let id_chunks = rest.len().div_ceil(CHUNK) as u32;
        requests += id_chunks;
        seen.extend(rest.into_iter().cloned());
        let mut rejected = 0;
        for id in &seen {
            let Some(ad) = ads.get(id) else { continue };
            let v = self.ad_json(id, ad, t);
            let status = v["effective_status"].as_str().unwrap_or("");
            if status == "DISAPPROVED" && known.get(id).is_none_or(|k| !k.has_details) {
                rejected += 1;
            }
            out.ads.push(dcw::watch::AdRead::from_value(v));
        }
        requests += (rejected as usize).div_ceil(CHUNK) as u32;
        out.requests = requests;
        drop(ads);
        if self.dev_tier.contains(&plan.account) {
            // Meta's headers: the development tier and the usage of the last 300 s.
            let calls = self.calls.lock().unwrap();
            let used: u32 = calls
                .iter()
                .filter(|c| c.plan.account == plan.account && t < c.at + secs(300))
                .map(|c| c.requests)
                .sum::<u32>()
                + requests;
            drop(calls);
            self.gate.observe(
                &plan.account,
                Reported {
                    pct: used * 100 / 60,
                    max_points: Some(60),
                    ..Reported::default()
                },
                self.now(),
            );
        }
        if let Some((_, script)) = self.usage.iter().find(|(a, _)| *a == plan.account) {
            // Meta's headers on this answer: the usage at this moment.
            let pct = script
                .iter()
                .rev()
                .find(|(from, _)| secs(*from) <= t)
                .map_or(0, |(_, p)| *p);
            self.gate.observe(
                &plan.account,
                Reported {
                    pct,
                    ..Reported::default()
                },
                self.now(),
            );
        }
        self.calls.lock().unwrap().push(Call {
            at: t,
            plan,
            id_chunks,
            requests,
        });
        out
    }

    fn gate(&self) -> &Gate {
        &self.gate
    }

    fn now(&self) -> std::time::Instant {
        tokio::time::Instant::now().into_std()
    }

    fn utc_now(&self) -> DateTime<Utc> {
        self.utc_start + chrono::Duration::from_std(self.elapsed()).unwrap()
    }
}

/// Runs the watch until its next read would come after `until` (since the start).
async fn run_until(watch: &mut Watch, world: &FakeWorld, until: u64) {
    let end = world.start.into_std() + secs(until);
    dcw::watch::run(watch, world, |w, _| {
        w.next_wake(world.now()).is_some_and(|t| t <= end)
    })
    .await;
}

/// Sleeps on the paused clock until `at` (since the start).
async fn sleep_until(world: &FakeWorld, at: u64) {
    tokio::time::sleep_until(world.start + secs(at)).await;
}

#[tokio::test(start_paused = true)]
async fn ads_in_review_are_read_every_10_s_for_10_minutes_then_back_off_to_5_minutes() {
    let world = FakeWorld::new();
    world.ad("1", "111", &[(0, "PENDING_REVIEW")]);
    let mut watch = world.watch(&["1"]);
    run_until(&mut watch, &world, 40 * 60).await;

    let reads = world.reads("1");
    let fast: Vec<u64> = (0..=600).step_by(10).collect();
    assert_eq!(&reads[..fast.len()], fast, "every 10 s for 10 minutes");
    let after: Vec<u64> = gaps(&reads[fast.len() - 1..]);
    assert_eq!(
        &after[..6],
        [20, 40, 80, 160, 300, 300],
        "then doubling up to 5 minutes: {reads:?}"
    );
    assert!(
        after.iter().all(|g| *g <= 300),
        "never slower than 5 minutes"
    );
    assert_eq!(
        watch.scheduler.interval("1"),
        Some(SLOW),
        "still in review after 40 minutes: read every 5 minutes"
    );
}

#[tokio::test(start_paused = true)]
async fn an_ad_launched_9_minutes_ago_is_fast_only_for_the_minute_left() {
    let world = FakeWorld::new();
    world.ad("1", "111", &[(0, "PENDING_REVIEW")]);
    let mut t = world.target("1");
    t.launched_at = Some((world.utc_start - chrono::Duration::seconds(540)).to_rfc3339());
    let mut watch = Watch::new();
    watch.add(&t, world.now(), world.utc_now());
    run_until(&mut watch, &world, 15 * 60).await;

    let reads = world.reads("1");
    assert_eq!(
        &gaps(&reads)[..9],
        [10, 10, 10, 10, 10, 10, 20, 40, 80],
        "{reads:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn settled_ads_are_read_again_only_every_30_minutes() {
    let world = FakeWorld::new();
    // One account each: ads of one account share `?ids=` chunks (see the batching test).
    world.ad("ok", "111", &[(0, "PENDING_REVIEW"), (35, "ACTIVE")]);
    world.ad("no", "222", &[(0, "PENDING_REVIEW"), (65, "DISAPPROVED")]);
    world.ad(
        "paused",
        "333",
        &[(0, "PENDING_REVIEW"), (15, "ADSET_PAUSED")],
    );
    let mut watch = world.watch(&["ok", "no", "paused"]);
    run_until(&mut watch, &world, 2 * 3600).await;

    assert_eq!(world.reads("ok"), [0, 10, 20, 30, 40, 1840, 3640, 5440]);
    assert_eq!(
        world.reads("no"),
        [0, 10, 20, 30, 40, 50, 60, 70, 1870, 3670, 5470]
    );
    assert_eq!(world.reads("paused"), [0, 10, 20, 1820, 3620, 5420]);
    for id in ["ok", "no", "paused"] {
        assert_eq!(watch.scheduler.interval(id), Some(SETTLED));
    }
    assert!(watch.all_settled());
}

#[tokio::test(start_paused = true)]
async fn a_re_review_after_an_edit_goes_back_to_fast_polling() {
    let world = FakeWorld::new();
    world.ad("1", "111", &[(0, "PENDING_REVIEW"), (35, "ACTIVE")]);
    // Edited at 1000 s (back in review, a new updated_time), approved again at 1900 s.
    world.script("1", 1000, "PENDING_REVIEW");
    world.script("1", 1900, "ACTIVE");
    let mut watch = world.watch(&["1"]);
    run_until(&mut watch, &world, 2 * 3600).await;

    let reads = world.reads("1");
    let mut want: Vec<u64> = vec![0, 10, 20, 30, 40];
    // The settled read at 1840 finds it in review again: every 10 s until it is approved.
    want.extend((1840..=1900).step_by(10));
    want.extend([3700, 5500]);
    assert_eq!(reads, want);
}

#[tokio::test(start_paused = true)]
async fn a_poke_reads_at_once_and_goes_back_to_fast_polling() {
    let world = FakeWorld::new();
    world.ad("1", "111", &[(0, "PENDING_REVIEW"), (35, "ACTIVE")]);
    world.script("1", 1000, "PENDING_REVIEW");
    world.script("1", 1100, "ACTIVE");
    let mut watch = world.watch(&["1"]);
    // Until the approval is seen.
    dcw::watch::run(&mut watch, &world, |w, _| !w.all_settled()).await;
    assert_eq!(world.reads("1"), [0, 10, 20, 30, 40]);

    // dcw edits the ad at 1000 s and pokes it.
    sleep_until(&world, 1000).await;
    watch.scheduler.poke("1", world.now());
    assert_eq!(
        watch.next_wake(world.now()),
        Some(world.now()),
        "due at once"
    );
    run_until(&mut watch, &world, 2 * 3600).await;

    let reads = world.reads("1");
    let mut want: Vec<u64> = vec![0, 10, 20, 30, 40];
    want.extend((1000..=1100).step_by(10));
    want.extend([2900, 4700, 6500]);
    assert_eq!(reads, want);
}

#[tokio::test(start_paused = true)]
async fn reads_of_an_account_are_batched_in_chunks_of_50() {
    let world = FakeWorld::new();
    let mut ids: Vec<String> = Vec::new();
    // Account 111: 120 ads, 60 approved at 5 s, 60 in review for 15 minutes.
    for i in 0..120 {
        let id = format!("a{i:03}");
        if i % 2 == 0 {
            world.ad(&id, "111", &[(0, "PENDING_REVIEW"), (5, "ACTIVE")]);
        } else {
            world.ad(&id, "111", &[(0, "PENDING_REVIEW"), (900, "ACTIVE")]);
        }
        ids.push(id);
    }
    // Account 222: 30 ads.
    for i in 0..30 {
        let id = format!("b{i:03}");
        world.ad(&id, "222", &[(0, "PENDING_REVIEW")]);
        ids.push(id);
    }
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let mut watch = world.watch(&refs);
    run_until(&mut watch, &world, 20 * 60).await;

    let calls = world.calls();
    // The first cycle: one plan per account, every due ad in it.
    let first: Vec<&Call> = calls.iter().filter(|c| c.at.is_zero()).collect();
    assert_eq!(first.len(), 2, "one plan per account");
    assert_eq!(first[0].plan.account, "111");
    assert_eq!(first[0].plan.ads.len(), 120, "all 120 due ads in one plan");
    assert_eq!(first[0].id_chunks, 3, "120 ids: 3 `?ids=` reads");
    assert_eq!(first[1].plan.account, "222");
    assert_eq!(first[1].plan.ads.len(), 30);
    assert_eq!(first[1].id_chunks, 1);
    for c in &calls {
        let accounts: Vec<&str> = c
            .plan
            .ads
            .iter()
            .map(|id| if id.starts_with('a') { "111" } else { "222" })
            .collect();
        assert!(
            accounts.iter().all(|a| *a == c.plan.account),
            "a plan reads one account"
        );
        assert_eq!(c.plan.edge, None, "watched by id: no edge read");
    }
    // At 20 s only the 60 in review are due: two chunks, the second filled with approved ads
    // (the request costs the same).
    let at20 = calls
        .iter()
        .find(|c| c.at == secs(20) && c.plan.account == "111")
        .expect("a read at 20 s");
    assert_eq!(at20.plan.ads.len(), 100, "{:?}", at20.plan.ads);
    assert_eq!(at20.id_chunks, 2, "ceil(60 / 50)");
    for i in (1..120).step_by(2) {
        assert!(at20.plan.ads.contains(&format!("a{i:03}")));
    }
    // Never more `?ids=` reads than ceil(due / 50): every plan is a whole number of chunks at
    // most one chunk's worth larger than what was due.
    for c in &calls {
        assert_eq!(c.id_chunks as usize, c.plan.ads.len().div_ceil(CHUNK));
    }
    // Once the 60 are approved at 900 s, the account is read rarely (every 30 minutes).
    let late: Vec<u64> = world
        .calls_of("111")
        .iter()
        .filter(|c| c.at > secs(900))
        .map(|c| c.at.as_secs())
        .collect();
    assert!(late.len() <= 1, "{late:?}");
}

#[tokio::test(start_paused = true)]
async fn high_usage_holds_an_account_a_minute_at_a_time_while_others_keep_being_polled() {
    let mut world = FakeWorld::new();
    // Account 111's answers say 80% from 25 s on, 10% again from 150 s (Meta's usage decays).
    world.usage = vec![("111".into(), vec![(0, 10), (25, 80), (150, 10)])];
    world.ad("a", "111", &[(0, "PENDING_REVIEW")]);
    world.ad("b", "222", &[(0, "PENDING_REVIEW")]);
    let mut watch = world.watch(&["a", "b"]);
    run_until(&mut watch, &world, 400).await;

    let a = world.reads("a");
    let wait = HIGH_USAGE_WAIT.as_secs();
    // The read at 30 s answers 80%: nothing for a minute, then one read to learn the usage
    // anew (still 80% at 100 s: another minute), then fast again once it has fallen.
    let mut want: Vec<u64> = vec![0, 10, 20, 30, 30 + 10 + wait, 30 + 10 + wait + 10 + wait];
    want.extend((want[5] + 10..=400).step_by(10));
    assert_eq!(a, want);
    for w in a.windows(2) {
        let t = secs(w[0]);
        if t >= secs(25) && t < secs(150) {
            assert!(
                w[1] - w[0] >= wait,
                "at most one read a minute at 80%: {a:?}"
            );
        }
    }
    assert_eq!(
        world.reads("b"),
        (0..=400).step_by(10).collect::<Vec<u64>>(),
        "222 read every 10 s throughout"
    );
}

#[tokio::test(start_paused = true)]
async fn a_paused_account_is_not_read_until_the_pause_ends() {
    let world = FakeWorld::new();
    world.ad("a", "111", &[(0, "PENDING_REVIEW")]);
    world.ad("b", "222", &[(0, "PENDING_REVIEW")]);
    let mut watch = world.watch(&["a", "b"]);
    let gate = world.gate.clone();
    dcw::watch::run(&mut watch, &world, |_, _| {
        let t = world.elapsed();
        if t == secs(30) {
            // Graph answered 111 with a throttle error: every call held for 2 minutes.
            gate.pause("111", secs(120), world.now());
        }
        t < secs(300)
    })
    .await;

    let a = world.reads("a");
    let mut want: Vec<u64> = vec![0, 10, 20, 30];
    want.extend((150..=300).step_by(10));
    assert_eq!(a, want, "held from 30 s to 150 s, then read at once");
    assert_eq!(
        world.reads("b"),
        (0..=300).step_by(10).collect::<Vec<u64>>()
    );
}

#[tokio::test(start_paused = true)]
async fn a_development_tier_account_spends_at_most_40_percent_of_60_points_per_5_minutes() {
    let mut world = FakeWorld::new();
    world.dev_tier = vec!["111".into()];
    let mut ids: Vec<String> = Vec::new();
    // 120 ads in review on the development tier: 3 `?ids=` reads a cycle.
    for i in 0..120 {
        let id = format!("a{i:03}");
        world.ad(&id, "111", &[(0, "PENDING_REVIEW")]);
        ids.push(id);
    }
    // And one ad on an account whose tier is not known.
    world.ad("b", "222", &[(0, "PENDING_REVIEW")]);
    ids.push("b".into());
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let mut watch = world.watch(&refs);
    run_until(&mut watch, &world, 30 * 60).await;

    let dev = world.calls_of("111");
    assert!(dev.len() > 10, "still polled: {} cycles", dev.len());
    let budget = 60 * BUDGET_PCT / 100;
    assert_eq!(budget, 24);
    for (i, c) in dev.iter().enumerate() {
        let window: u32 = dev[i..]
            .iter()
            .take_while(|d| d.at < c.at + secs(300))
            .map(|d| d.requests)
            .sum();
        assert!(
            window <= budget,
            "{window} requests in the 300 s from {:?}",
            c.at
        );
    }
    for w in dev.windows(2) {
        let gap = w[1].at - w[0].at;
        assert!(
            gap >= min_gap(w[0].requests, 60),
            "{gap:?} after {} requests",
            w[0].requests
        );
        assert_eq!(w[0].plan.ads.len(), 120, "every cycle reads every ad");
    }
    assert!(
        world.gate.usage("111") < 75,
        "usage stays below the slow-down"
    );
    // The other account keeps its own cadence.
    let b = world.reads("b");
    assert_eq!(&b[..61], (0..=600).step_by(10).collect::<Vec<u64>>());
}

#[tokio::test(start_paused = true)]
async fn with_nothing_to_watch_there_is_no_wake_and_no_read() {
    let world = FakeWorld::new();
    let mut watch = Watch::new();
    assert_eq!(watch.next_wake(world.now()), None);
    assert!(dcw::watch::cycle(&mut watch, &world).await.is_empty());
    assert!(world.calls().is_empty());
    assert_eq!(watch.next_wake(world.now()), None);
}
