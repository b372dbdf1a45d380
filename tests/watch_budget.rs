//! What watching costs on the wire, counted by the sandbox (`/_sandbox/stats`): the real
//! `GraphClient` and `dcw::watch::cycle` (through `poll::execute`) against an in-process sandbox
//! over loopback, the client's clock and the sandbox's moved together to each next wake. 1,000
//! ads in review cost at most 25 Graph requests a cycle (watched by account, and by id while in
//! review and as the reviews end, when details beyond the budget wait for the next cycle); a
//! development-tier account watching 200 ads for 30 simulated minutes is never blocked.

use crate::common;

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use chrono::{DateTime, Utc};
use common::sandbox::*;
use dcw::graph::{Clock, GraphClient, GraphConfig, Secret};
use dcw::sandbox::{SandboxConfig, Tier};
use dcw::watch::Failure;
use dcw::watch::{Known, Plan, PollResult, Poller, ReviewState, Target, Watch};

/// The most Graph requests one watch cycle may send.
const MAX_PER_CYCLE: u64 = 25;
/// The demo business's USD account, where `demo_ads` are seeded.
const ACCOUNT: &str = "1234567890";
/// How long the 1,000 demo ads stay in review (simulated).
const REVIEW: Duration = Duration::from_secs(90);

/// A client of the sandbox on `clock`; a gate wait longer than a second fails as throttled
/// instead of sleeping (no test here should ever wait on the gate).
fn client(sb: &Sb, clock: &Clock) -> GraphClient {
    let mut c = GraphConfig::new(Secret::new(TOKEN));
    c.base_url = sb.base.clone();
    c.read_backoff = Duration::from_millis(1);
    c.timeout = Duration::from_secs(30);
    c.patience = Duration::from_secs(1);
    c.clock = clock.clone();
    GraphClient::new(c).unwrap()
}

/// Graph requests the sandbox has answered so far (its own stats route is not one of them).
async fn total(sb: &Sb) -> u64 {
    sb.stats().await["requests"]["total"]
        .as_u64()
        .expect("requests.total")
}

/// Answers the sandbox refused for rate limits (codes 17, 613, 80004).
async fn throttled(sb: &Sb) -> u64 {
    sb.stats().await["throttled"].as_u64().expect("throttled")
}

/// The real client, with every poll's plan and result kept.
struct Recorded<'a> {
    client: &'a GraphClient,
    polls: Mutex<Vec<(Plan, PollResult)>>,
}

impl<'a> Recorded<'a> {
    fn new(client: &'a GraphClient) -> Recorded<'a> {
        Recorded {
            client,
            polls: Mutex::new(Vec::new()),
        }
    }

    fn take(&self) -> Vec<(Plan, PollResult)> {
        std::mem::take(&mut *self.polls.lock().unwrap())
    }
}

impl Poller for Recorded<'_> {
    async fn poll(&self, plan: Plan, known: HashMap<String, Known>) -> PollResult {
        let result = dcw::watch::execute(self.client, &plan, &known).await;
        self.polls.lock().unwrap().push((plan, result.clone()));
        result
    }

    fn gate(&self) -> &dcw::graph::Gate {
        self.client.gate()
    }

    fn now(&self) -> Instant {
        self.client.now()
    }

    fn utc_now(&self) -> DateTime<Utc> {
        self.client.config().clock.utc_now()
    }
}

/// A sandbox, a client and a watch on one simulated clock.
struct World {
    sb: Sb,
    clock: Clock,
    client: GraphClient,
    /// When the demo ads' reviews end on the sandbox's clock: between these two instants
    /// (their seeding happened while the sandbox started).
    reviews_end: (SystemTime, SystemTime),
}

impl World {
    async fn start(config: SandboxConfig) -> World {
        let review = config.review_delay;
        let before = SystemTime::now();
        let sb = start(config).await;
        let after = sb.handle.as_ref().expect("in-process").now();
        let clock = Clock::default();
        let client = client(&sb, &clock);
        World {
            sb,
            clock,
            client,
            reviews_end: (before + review, after + review),
        }
    }

    /// Both clocks run in real time too, and a cycle of 1,000 ads takes real time (seconds on a
    /// busy machine): one that starts just before the reviews end would read some ads before
    /// and some after. When the next cycle would start within `GUARD` of the end, both clocks
    /// move past it first, so the end falls between two cycles.
    fn keep_the_reviews_end_between_cycles(&self) {
        const GUARD: Duration = Duration::from_secs(20);
        let now = self.sb.handle.as_ref().expect("in-process").now();
        let (earliest, latest) = self.reviews_end;
        let near = now + GUARD >= earliest && now <= latest;
        if let (true, Ok(left)) = (near, latest.duration_since(now)) {
            self.advance(left + Duration::from_secs(1));
        }
    }

    /// Lets `by` pass on both clocks.
    fn advance(&self, by: Duration) {
        self.clock.advance(by);
        self.sb.handle.as_ref().expect("in-process").advance(by);
    }

    /// Moves both clocks to the watch's next wake (if it is ahead), in whole milliseconds
    /// rounded up as the clocks count them, so the wake is never missed by a fraction.
    fn advance_to_wake(&self, watch: &Watch) {
        let now = self.clock.now();
        let wake = watch.next_wake(now).expect("something to watch");
        let ms = wake
            .saturating_duration_since(now)
            .as_nanos()
            .div_ceil(1_000_000);
        self.advance(Duration::from_millis(ms as u64));
    }

    /// The account's ads as watch targets, launched when the sandbox created them.
    async fn targets(&self) -> Vec<Target> {
        let r = self
            .sb
            .get(
                &format!("{ACT}/ads"),
                &[("fields", "id,created_time"), ("limit", "5000")],
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        r.body["data"]
            .as_array()
            .expect("ads")
            .iter()
            .map(|a| Target {
                ad_id: a["id"].as_str().unwrap().to_string(),
                account: ACCOUNT.to_string(),
                launch_id: None,
                launched_at: a["created_time"]
                    .as_str()
                    .and_then(dcw::watch::graph_time)
                    .map(|t| t.to_rfc3339()),
            })
            .collect()
    }

    /// A watch of the account's ads edge, or of its ads by id.
    async fn watch(&self, by_account: bool) -> Watch {
        let mut watch = Watch::new();
        if by_account {
            watch.add_account(ACCOUNT);
        } else {
            for t in self.targets().await {
                watch.add(&t, self.clock.now(), self.clock.utc_now());
            }
        }
        watch
    }
}

/// One cycle, measured: the requests the sandbox counted, and the polls run.
struct Measured {
    requests: u64,
    polls: Vec<(Plan, PollResult)>,
}

async fn measured_cycle(w: &World, watch: &mut Watch, poller: &Recorded<'_>) -> Measured {
    let before = total(&w.sb).await;
    dcw::watch::cycle(watch, poller).await;
    let requests = total(&w.sb).await - before;
    let polls = poller.take();
    let counted: u32 = polls.iter().map(|(_, r)| r.requests).sum();
    assert_eq!(
        requests, counted as u64,
        "the watch counts the requests it sends as the sandbox does"
    );
    for (_, r) in &polls {
        assert!(r.failures.is_empty(), "{:?}", r.failures);
    }
    Measured { requests, polls }
}

fn count(watch: &Watch, state: ReviewState) -> usize {
    watch.model.rows.iter().filter(|r| r.state == state).count()
}

/// Requests per cycle of watching 1,000 ads through their review.
#[derive(Debug, Default)]
struct Figures {
    /// The first cycle.
    first: u64,
    /// The cycles after it while every ad is in review.
    in_review: Vec<u64>,
    /// The cycle that finds the reviews over (and reads details within its budget).
    reviews_end: u64,
    /// The cycles right after it that read the details left over (none by account).
    details_after: Vec<u64>,
    /// By account, the looks for new ads every 5 minutes between.
    looks: Vec<u64>,
    /// The next cycle, 30 minutes on.
    settled: u64,
}

/// Watches 1,000 demo ads (in review for `REVIEW`) cycle by cycle, both clocks moved to each next
/// wake; with `through_end`, on until the reviews are over and one settled cycle more.
async fn thousand_ads(by_account: bool, through_end: bool) -> Figures {
    let mode = if by_account { "by account" } else { "by id" };
    let w = World::start(SandboxConfig {
        demo_ads: 1000,
        review_delay: REVIEW,
        ..Default::default()
    })
    .await;
    let poller = Recorded::new(&w.client);
    let mut watch = w.watch(by_account).await;
    let mut f = Figures::default();
    let first_at = w.clock.now();
    let m = measured_cycle(&w, &mut watch, &poller).await;
    f.first = m.requests;
    assert_eq!(watch.model.rows.len(), 1000, "{mode}: every ad found");
    assert_eq!(count(&watch, ReviewState::InReview), 1000);
    let start = w.clock.now();
    loop {
        w.advance_to_wake(&watch);
        w.keep_the_reviews_end_between_cycles();
        let in_review = w.clock.now() < start + REVIEW;
        if !in_review && !through_end {
            break;
        }
        let m = measured_cycle(&w, &mut watch, &poller).await;
        let read: usize = m.polls.iter().map(|(_, r)| r.ads.len()).sum();
        if count(&watch, ReviewState::InReview) == 1000 {
            assert_eq!(read, 1000, "{mode}: every ad in review read each cycle");
            f.in_review.push(m.requests);
            continue;
        }
        // The demo copy cycles approved, rejected, with issues, approved, rejected.
        assert_eq!(count(&watch, ReviewState::InReview), 0, "{mode}: all over");
        assert_eq!(count(&watch, ReviewState::Rejected), 400);
        assert_eq!(count(&watch, ReviewState::WithIssues), 200);
        assert_eq!(count(&watch, ReviewState::ApprovedPaused), 400);
        let mut details: usize = m.polls.iter().map(|(_, r)| r.details.len()).sum();
        f.reviews_end = m.requests;
        // Details beyond the cycle's budget are read by the next cycles, 10 s apart.
        while watch.model.rows.iter().any(|r| r.needs_details()) {
            assert!(
                f.details_after.len() < 5,
                "{mode}: details keep coming: {f:?}"
            );
            let before = w.clock.now();
            w.advance_to_wake(&watch);
            assert!(
                w.clock.now() <= before + Duration::from_secs(11),
                "{mode}: left-over details are read soon: {:?} later, {} waiting, {f:?}",
                w.clock.now() - before,
                watch
                    .model
                    .rows
                    .iter()
                    .filter(|r| r.needs_details())
                    .count()
            );
            let m = measured_cycle(&w, &mut watch, &poller).await;
            details += m.polls.iter().map(|(_, r)| r.details.len()).sum::<usize>();
            f.details_after.push(m.requests);
        }
        assert_eq!(
            details, 600,
            "{mode}: details of every ad rejected or with issues, once each"
        );
        assert!(
            watch
                .model
                .rows
                .iter()
                .filter(|r| r.state == ReviewState::Rejected)
                .all(|r| !r.rejections.is_empty()),
            "{mode}: every rejection mapped"
        );
        break;
    }
    if through_end {
        // Settled ads are read again only 30 minutes on (by account: with the full edge read
        // 30 minutes after the first). Meanwhile an account watched by its edge looks for new
        // or changed ads every 5 minutes: the first look reads again what changed in the
        // minute of overlap before the last read (the reviews' ends), later ones find nothing.
        w.advance_to_wake(&watch);
        while by_account && w.clock.now() < first_at + dcw::watch::SETTLED {
            let m = measured_cycle(&w, &mut watch, &poller).await;
            let read: usize = m.polls.iter().map(|(_, r)| r.ads.len()).sum();
            if !f.looks.is_empty() {
                assert_eq!(read, 0, "{mode}: nothing changed, nothing read");
            }
            f.looks.push(m.requests);
            assert!(f.looks.len() < 10, "{mode}: {f:?}");
            w.advance_to_wake(&watch);
        }
        assert!(
            w.clock.now() >= first_at + dcw::watch::SETTLED,
            "{mode}: settled ads read rarely"
        );
        let m = measured_cycle(&w, &mut watch, &poller).await;
        let read: usize = m.polls.iter().map(|(_, r)| r.ads.len()).sum();
        assert_eq!(read, 1000, "{mode}: the settled ads read again");
        f.settled = m.requests;
    }
    assert!(!f.in_review.is_empty(), "{mode}: cycles while in review");
    assert_eq!(throttled(&w.sb).await, 0);
    // Every read went to the account's ads edge: none to the root `?ids=`, which Graph v26.0
    // refuses.
    let routes = w.sb.stats().await["requests"]["by_route"].clone();
    let routes = routes.as_object().expect("by_route");
    assert!(!routes.contains_key("GET /"), "{mode}: {routes:?}");
    assert!(
        routes.keys().all(|r| r == "GET /act_{id}/ads"),
        "{mode}: {routes:?}"
    );
    eprintln!("{mode}, 1000 ads: {f:?}");
    f
}

#[tokio::test]
async fn the_sandbox_does_not_count_its_own_stats_reads() {
    let sb = start(test_config()).await;
    let a = total(&sb).await;
    let b = total(&sb).await;
    assert_eq!(a, b);
    sb.get("me", &[]).await;
    assert_eq!(total(&sb).await, b + 1);
}

#[tokio::test]
async fn a_thousand_ads_watched_by_account_cost_at_most_25_requests_a_cycle() {
    let f = thousand_ads(true, true).await;
    assert!(f.first <= MAX_PER_CYCLE, "{f:?}");
    assert!(f.in_review.iter().all(|n| *n <= MAX_PER_CYCLE), "{f:?}");
    assert!(f.reviews_end <= MAX_PER_CYCLE, "{f:?}");
    assert!(f.details_after.iter().all(|n| *n <= MAX_PER_CYCLE), "{f:?}");
    assert!(f.looks.iter().all(|n| *n <= MAX_PER_CYCLE), "{f:?}");
    assert!(f.settled <= MAX_PER_CYCLE, "{f:?}");
}

#[tokio::test]
async fn a_thousand_ads_watched_by_id_cost_at_most_25_requests_a_cycle_in_review() {
    let f = thousand_ads(false, false).await;
    assert!(f.first <= MAX_PER_CYCLE, "{f:?}");
    assert!(f.in_review.iter().all(|n| *n <= MAX_PER_CYCLE), "{f:?}");
}

/// Watched by id, the cycle that finds the 1,000 reviews over reads 20 chunks of 50 ids of
/// statuses and spends the rest of its 25 on details; the other details (600 ads are rejected
/// or with issues) come in the next cycle, 10 s later.
#[tokio::test]
async fn a_thousand_ads_watched_by_id_cost_at_most_25_requests_as_reviews_end() {
    let f = thousand_ads(false, true).await;
    assert_eq!(f.reviews_end, 25, "{f:?}");
    assert_eq!(f.details_after, [7], "{f:?}");
    assert!(f.settled <= MAX_PER_CYCLE, "{f:?}");
}

/// Watches 200 demo ads (in review for 5 simulated minutes) on the development tier for 30
/// simulated minutes, both clocks moved together to each next wake; every poll returned.
async fn dev_tier_half_hour(by_account: bool) -> (World, Watch, Vec<(Plan, PollResult)>) {
    let w = World::start(SandboxConfig {
        demo_ads: 200,
        tier: Tier::Limited,
        review_delay: Duration::from_secs(300),
        ..Default::default()
    })
    .await;
    let mut watch = w.watch(by_account).await;
    let polls = {
        let poller = Recorded::new(&w.client);
        let end = w.clock.now() + Duration::from_secs(30 * 60);
        let mut polls = Vec::new();
        for round in 0.. {
            assert!(round < 1000, "the watch keeps waking without time passing");
            dcw::watch::cycle(&mut watch, &poller).await;
            polls.extend(poller.take());
            let wake = watch.next_wake(w.clock.now()).expect("something to watch");
            if wake > end {
                break;
            }
            w.advance_to_wake(&watch);
        }
        polls
    };
    (w, watch, polls)
}

/// Asserts the half hour went unblocked, read every ad, and read them again.
async fn assert_never_blocked(w: &World, watch: &Watch, polls: &[(Plan, PollResult)], mode: &str) {
    let failures: Vec<&Failure> = polls.iter().flat_map(|(_, r)| &r.failures).collect();
    assert!(
        failures.iter().all(|f| !f.throttled),
        "{mode}: throttled: {failures:?}"
    );
    assert!(failures.is_empty(), "{mode}: {failures:?}");
    assert_eq!(
        throttled(&w.sb).await,
        0,
        "{mode}: the sandbox refused nothing"
    );
    let mut reads: HashMap<String, usize> = HashMap::new();
    for (_, r) in polls {
        for ad in &r.ads {
            *reads.entry(ad.id.clone().unwrap_or_default()).or_default() += 1;
        }
    }
    assert_eq!(reads.len(), 200, "{mode}: every ad read");
    let fewest = reads.values().min().copied().unwrap_or(0);
    assert!(
        fewest >= 2,
        "{mode}: every ad read again (fewest reads: {fewest})"
    );
    assert_eq!(
        count(watch, ReviewState::InReview),
        0,
        "{mode}: the reviews that ended were seen"
    );
    let requests: u32 = polls.iter().map(|(_, r)| r.requests).sum();
    eprintln!(
        "{mode}: dev tier, 200 ads, 30 minutes: {} polls, {requests} requests, each ad read {fewest}+ times",
        polls.len()
    );
}

#[tokio::test]
async fn a_dev_tier_account_watching_200_ads_by_account_is_never_blocked_for_30_minutes() {
    let (w, watch, polls) = dev_tier_half_hour(true).await;
    assert_never_blocked(&w, &watch, &polls, "by account").await;
}

#[tokio::test]
async fn a_dev_tier_account_watching_200_ads_by_id_is_never_blocked_for_30_minutes() {
    let (w, watch, polls) = dev_tier_half_hour(false).await;
    assert_never_blocked(&w, &watch, &polls, "by id").await;
}

/// Ads named by id are read in one request per 50 through the account's edge; one the edge does
/// not list (deleted: Graph lists deleted ads nowhere) is read by its own id, and an id Graph
/// does not know is named with its answer, not dropped silently.
#[tokio::test]
async fn ads_read_by_id_read_a_deleted_ad_by_its_id_and_name_an_unknown_one() {
    let w = World::start(SandboxConfig {
        demo_ads: 3,
        ..Default::default()
    })
    .await;
    let mut ids: Vec<String> = w.targets().await.into_iter().map(|t| t.ad_id).collect();
    assert_eq!(ids.len(), 3);
    // A deleted ad (a plain one: a dynamic-creative ad is deleted with its ad set).
    let campaign = w.sb.campaign("OUTCOME_SALES").await;
    let mut form = Sb::ad_set_form(&campaign);
    for (k, v) in form.iter_mut() {
        if *k == "is_dynamic_creative" {
            *v = "false".into();
        }
    }
    let plain = w.sb.post(&format!("{ACT}/adsets"), &form).await.id();
    let h = w.sb.image().await;
    let story = serde_json::json!({"page_id": PAGE_ID, "link_data": {
        "link": "https://shop.example.com/", "message": "Warm boots", "image_hash": h}});
    let k =
        w.sb.post(
            &format!("{ACT}/adcreatives"),
            &[
                ("name", "Link ad".into()),
                ("object_story_spec", story.to_string()),
            ],
        )
        .await
        .id();
    let deleted = w.sb.ad(&plain, &k).await.id();
    let r =
        w.sb.post(&deleted, &[("status", "DELETED".to_string())])
            .await;
    assert_eq!(r.status, 200, "{}", r.body);
    ids.push(deleted.clone());
    let stranger = "120299999999999999".to_string();
    let plan = Plan {
        account: ACCOUNT.into(),
        ads: ids.iter().cloned().chain([stranger.clone()]).collect(),
        edge: None,
        details: Vec::new(),
    };
    let before = total(&w.sb).await;
    let r = dcw::watch::execute(&w.client, &plan, &HashMap::new()).await;
    assert_eq!(
        total(&w.sb).await - before,
        3,
        "one edge read for 5 ids, then the two it did not list by their own id"
    );
    assert_eq!(r.requests, 3);
    let read: Vec<&str> = r.ads.iter().filter_map(|a| a.id.as_deref()).collect();
    assert_eq!(read.len(), 4, "{read:?}");
    let gone = r.ads.iter().find(|a| a.id.as_deref() == Some(&deleted));
    assert_eq!(
        gone.and_then(|a| a.effective_status.as_deref()),
        Some("DELETED")
    );
    assert_eq!(r.failures.len(), 1, "{:?}", r.failures);
    assert_eq!(r.failures[0].ads, std::slice::from_ref(&stranger));
    assert!(
        r.failures[0].message.contains(&stranger),
        "{:?}",
        r.failures
    );
}
