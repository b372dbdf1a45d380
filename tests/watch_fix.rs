//! Fixing a rejected ad against the sandbox: a new creative with the edited feed, the same ad
//! pointed at it and reviewed again; resumed without a second creative after a crash at any
//! journal write or lost answers; and a new ad set and ad when Meta refuses to change an ad it
//! has disabled after its rejection (subcode 2490468; the sandbox's `disable_rejected_ads`).

use crate::common;

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::launching::{client, counts, fix_journals, journal, options};
use common::sandbox::{Sb, start, test_config};
use dcw::launch::{self, LaunchError, LaunchEvent, LaunchJournal, LaunchState, StepState};
use dcw::launch::{FixOptions, FixOutcome, FixRequest, run_fix, run_fix_with};
use dcw::sandbox::{FaultKind, SandboxConfig};
use serde_json::{Value, json};

const ACCOUNT: &str = "1234567890";
const BEER: &str = "Try our craft beer with your boots.";
const SOCKS: &str = "Try our wool socks with your boots.";

/// Launches the sales example (one ad set) with `body` as its second body, dry runs included
/// (they never run the keyword policy: the asynchronous review decides); retried until done
/// when the sandbox drops answers.
async fn launch_with_body(sb: &Sb, dir: &Path, body: &str) -> LaunchJournal {
    let mut v = common::base_json();
    v["creative"]["asset_feed_spec"]["bodies"] =
        json!([{"text": "Our warmest boots are back."}, {"text": body}]);
    // Ad set keys the spec does not model, sent as written: a copy of the ad set keeps them.
    v["ad_set"]["dsa_payor"] = json!("Acme Boots GmbH");
    v["ad_set"]["dsa_beneficiary"] = json!("Acme Boots GmbH");
    v["ad_set"]["attribution_spec"] = json!([{"event_type": "CLICK_THROUGH", "window_days": 7}]);
    // Graph reads this back with the `standard_enhancements` bundle added, which it refuses on
    // create (3858504): every fix below copies it, so each one checks the bundle is left out.
    v["creative"]["degrees_of_freedom_spec"] =
        json!({"creative_features_spec": {"text_optimizations": {"enroll_status": "OPT_OUT"}}});
    let spec = common::spec(&v);
    let opts = options(dir, None);
    for _ in 0..40 {
        match launch::run_launch(
            client(&sb.base, "fix-test"),
            spec.clone(),
            journal(dir, "launch", &spec),
            opts.clone(),
            Arc::new(|_| {}),
        )
        .await
        {
            Ok(j) => return j,
            Err(LaunchError::Network { .. }) => continue,
            Err(e) => panic!("the launch fails: {e}"),
        }
    }
    panic!("the launch never finished")
}

/// The fix request for the launch's ad, with the feed as Graph reads it back and the second
/// body replaced by `body`.
async fn request(sb: &Sb, j: &LaunchJournal, body: &str) -> FixRequest {
    let creative = current_creative(sb, &j.created("ad:0").unwrap()).await;
    let mut feed = read(sb, &creative, "asset_feed_spec").await["asset_feed_spec"].clone();
    feed["bodies"][1]["text"] = json!(body);
    FixRequest {
        account: ACCOUNT.into(),
        ad_id: j.created("ad:0").unwrap(),
        ad_name: j.step("ad:0").unwrap().name.clone(),
        adset_id: j.created("adset:0").unwrap(),
        campaign_id: j.created("campaign").unwrap(),
        creative_id: creative,
        feed,
    }
}

fn fast() -> FixOptions {
    FixOptions {
        retry_backoff: Duration::from_millis(1),
        ..FixOptions::default()
    }
}

/// Runs a fix as one process would; its events.
async fn fix(
    sb: &Sb,
    dir: &Path,
    req: &FixRequest,
    opts: FixOptions,
) -> (Result<FixOutcome, LaunchError>, Vec<LaunchEvent>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let events: launch::EventSink = Arc::new(move |e| sink.lock().unwrap().push(e));
    let r = run_fix_with(
        client(&sb.base, "fix-test"),
        req.clone(),
        dir,
        &sb.base,
        events,
        opts,
    )
    .await;
    let events = seen.lock().unwrap().clone();
    (r, events)
}

/// `GET /<id>?fields=...` through dcw's client, whose reads are retried (the faulted tests
/// drop answers to reads too).
async fn read(sb: &Sb, id: &str, fields: &str) -> Value {
    client(&sb.base, "fix-test")
        .object(ACCOUNT, id, fields)
        .await
        .unwrap_or_else(|e| panic!("GET {id}?fields={fields}: {e}"))
}

async fn current_creative(sb: &Sb, ad: &str) -> String {
    let r = read(sb, ad, "creative").await;
    r["creative"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{r}"))
        .to_string()
}

async fn effective_status(sb: &Sb, ad: &str) -> String {
    let r = sb.get(ad, &[("fields", "effective_status")]).await;
    r.body["effective_status"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

/// Waits (up to 20 s) until the ad has left review; its status then.
async fn reviewed(sb: &Sb, ad: &str) -> String {
    for _ in 0..200 {
        let s = effective_status(sb, ad).await;
        if s != "PENDING_REVIEW" {
            return s;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("ad {ad} is still in review")
}

async fn ads_of(sb: &Sb, adset: &str) -> Vec<Value> {
    let r = sb
        .get(
            &format!("{adset}/ads"),
            &[("fields", "id,name,status,creative")],
        )
        .await;
    r.body["data"].as_array().cloned().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_body_fixed_points_the_same_ad_at_one_new_creative_that_passes_review() {
    // Reviews take ten minutes of the sandbox's clock, which the test moves on.
    let review = Duration::from_secs(600);
    let sb = start(SandboxConfig {
        review_delay: review,
        ..test_config()
    })
    .await;
    let clock = sb.handle.as_ref().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let j = launch_with_body(&sb, dir.path(), BEER).await;
    let ad = j.created("ad:0").unwrap();
    let adset = j.created("adset:0").unwrap();
    assert_eq!(effective_status(&sb, &ad).await, "PENDING_REVIEW");
    clock.advance(review);
    assert_eq!(effective_status(&sb, &ad).await, "DISAPPROVED");
    let before = counts(&sb.base).await;
    assert_eq!(before["adcreatives"], 1, "{before}");

    let req = request(&sb, &j, SOCKS).await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let out = run_fix(
        client(&sb.base, "fix-test"),
        req.clone(),
        dir.path(),
        &sb.base,
        Arc::new(move |e| sink.lock().unwrap().push(e)),
    )
    .await
    .expect("the fix goes through");

    let c = counts(&sb.base).await;
    assert_eq!(c["adcreatives"], 2, "exactly one new creative: {c}");
    assert_eq!(c["campaigns"], 1, "{c}");
    assert_eq!(c["adsets"], 1, "{c}");
    assert_eq!(c["ads"], 1, "{c}");
    assert_eq!(out.ad_id, ad, "the same ad");
    assert_eq!(out.new_adset_id, None);
    assert_ne!(out.creative_id, req.creative_id);
    assert_eq!(current_creative(&sb, &ad).await, out.creative_id);
    let in_set = ads_of(&sb, &adset).await;
    assert_eq!(in_set.len(), 1, "{in_set:?}");
    let creative = sb
        .get(
            &out.creative_id,
            &[("fields", "name,asset_feed_spec,object_story_spec")],
        )
        .await
        .body;
    assert_eq!(creative["asset_feed_spec"]["bodies"][1]["text"], SOCKS);
    assert!(
        creative["name"].as_str().unwrap().contains(" · fix-"),
        "{creative}"
    );
    assert_eq!(
        creative["object_story_spec"]["page_id"],
        common::sandbox::PAGE_ID
    );

    // Reviewed again: in review right after, then no longer rejected.
    assert_eq!(effective_status(&sb, &ad).await, "PENDING_REVIEW");
    clock.advance(review);
    let after = effective_status(&sb, &ad).await;
    assert_ne!(after, "DISAPPROVED");
    assert_eq!(after, "PAUSED", "approved, and paused as launched");

    // The journal: done, on disk, private, naming the fix.
    let jr = &out.journal;
    assert_eq!(jr.state, LaunchState::Done);
    assert_eq!(jr.graph, sb.base);
    assert_eq!(jr.account, ACCOUNT);
    assert_eq!(jr.created("creative"), Some(out.creative_id.clone()));
    assert_eq!(jr.created("ad:0"), Some(ad.clone()));
    assert!(jr.step("adset:0").is_none());
    let rec = jr.fix.as_ref().unwrap();
    assert_eq!(
        (rec.ad_id.as_str(), rec.old_creative_id.as_str()),
        (ad.as_str(), req.creative_id.as_str())
    );
    let on_disk: LaunchJournal = dcw::store::load_journal(dir.path(), &jr.id).unwrap();
    assert_eq!(&on_disk, jr);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dcw::store::journal_path(dir.path(), &jr.id))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let events = seen.lock().unwrap().clone();
    assert!(
        events.contains(&LaunchEvent::Created {
            key: dcw::launch::LaunchStep::Creative,
            id: out.creative_id.clone()
        }),
        "{events:?}"
    );
    assert!(
        events.contains(&LaunchEvent::Created {
            key: dcw::launch::LaunchStep::Ad(0),
            id: ad.clone()
        }),
        "{events:?}"
    );

    // The same fix again: nothing new.
    let (again, _) = fix(&sb, dir.path(), &req, fast()).await;
    let again = again.unwrap();
    assert_eq!(again.creative_id, out.creative_id);
    assert_eq!(counts(&sb.base).await["adcreatives"], 2);
    assert_eq!(fix_journals(dir.path()).len(), 1);
}

/// A sandbox where a rejected ad takes a new creative (`disabled` false), or where Meta has
/// disabled it, so the re-point answers 2490468 (`disable_rejected_ads`).
async fn sandbox(disabled: bool) -> Sb {
    start(SandboxConfig {
        disable_rejected_ads: disabled,
        ..test_config()
    })
    .await
}

/// A launch whose ad is rejected, ready to be fixed.
async fn rejected(sb: &Sb, dir: &Path) -> (LaunchJournal, FixRequest) {
    let j = launch_with_body(sb, dir, BEER).await;
    let ad = j.created("ad:0").unwrap();
    assert_eq!(reviewed(sb, &ad).await, "DISAPPROVED");
    let req = request(sb, &j, SOCKS).await;
    (j, req)
}

/// Kills the fix after each journal write in turn (and, with `lost`, as if the kill came
/// between a write's answer and its journal entry: the last step created is put back to
/// sent), resumes it, and checks one of everything and one journal per fix.
async fn killed_at_every_write(disabled: bool) {
    let mut kill = 1;
    loop {
        for lost in [false, true] {
            let sb = sandbox(disabled).await;
            let dir = tempfile::tempdir().unwrap();
            let (_, req) = rejected(&sb, dir.path()).await;
            let journals_before = fix_journals(dir.path()).len();
            let stop = FixOptions {
                stop_after_writes: Some(kill),
                ..fast()
            };
            let (r, _) = fix(&sb, dir.path(), &req, stop).await;
            if r.is_ok() {
                assert!(kill > 5, "a fix journals each step: {kill} writes");
                return;
            }
            assert_eq!(r, Err(LaunchError::Stopped), "kill {kill}");
            let mut journals = fix_journals(dir.path());
            journals.sort_by(|a, b| a.created_at.cmp(&b.created_at));
            assert_eq!(journals.len(), journals_before + 1, "kill {kill}");
            let mut stopped = journals.pop().unwrap();
            if lost
                && stopped.state != LaunchState::Done
                && let Some(step) = stopped
                    .steps
                    .iter_mut()
                    .rev()
                    .find(|s| matches!(s.state, StepState::Created { .. }))
            {
                step.state = StepState::Sent { attempt: 1 };
                dcw::store::save_journal(dir.path(), &stopped.id, &stopped).unwrap();
            }
            let (r, events) = fix(&sb, dir.path(), &req, fast()).await;
            let what = format!("disabled {disabled}, kill {kill}, lost {lost}");
            let out = r.unwrap_or_else(|e| panic!("{what}: {e}"));
            let c = counts(&sb.base).await;
            let (sets, ads, creatives) = if disabled { (2, 2, 2) } else { (1, 1, 2) };
            assert_eq!(c["adsets"], sets, "{what}: {c}");
            assert_eq!(c["ads"], ads, "{what}: {c}");
            assert_eq!(c["adcreatives"], creatives, "{what}: {c}");
            assert_eq!(c["campaigns"], 1, "{what}: {c}");
            assert_eq!(current_creative(&sb, &out.ad_id).await, out.creative_id);
            assert_eq!(out.journal.id, stopped.id, "{what}: the same fix, resumed");
            assert_eq!(out.journal.state, LaunchState::Done);
            assert_eq!(out.new_adset_id.is_some(), disabled, "{what}");
            if disabled {
                assert!(
                    out.journal.warnings.iter().any(|w| w.contains(&req.ad_id)),
                    "{what}: {:?}",
                    out.journal.warnings
                );
                assert_eq!(ads_of(&sb, &req.adset_id).await.len(), 1, "{what}");
            }
            assert_eq!(
                fix_journals(dir.path()).len(),
                journals_before + 1,
                "{what}"
            );
            if kill >= 3 {
                assert!(
                    events
                        .iter()
                        .any(|e| matches!(e, LaunchEvent::Reused { key, .. } if key == "creative")),
                    "{what}: the creative is adopted, not made again: {events:?}"
                );
            }
        }
        kill += 1;
        assert!(kill < 30, "a fix that never ends");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fix_killed_at_any_journal_write_resumes_without_a_second_creative() {
    killed_at_every_write(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_ad_fix_killed_at_any_journal_write_makes_one_ad_set_and_one_ad() {
    killed_at_every_write(true).await;
}

/// Against a sandbox that drops three answers in ten (seeded with `seed`; disabling rejected
/// ads when `disable`), launches with the beer body and runs the fix to socks again until it
/// finishes (at most 39 runs; only lost answers may stop one): the sandbox, the journal folder,
/// the request and what the fix did.
async fn fixed_through_lost_answers(
    seed: u64,
    disable: bool,
) -> (Sb, tempfile::TempDir, FixRequest, FixOutcome) {
    let sb = start(SandboxConfig {
        faults: vec![(FaultKind::LostResponse, 0.3)],
        seed,
        disable_rejected_ads: disable,
        ..test_config()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let j = launch_with_body(&sb, dir.path(), BEER).await;
    let req = request(&sb, &j, SOCKS).await;
    let mut runs = 0;
    let out = loop {
        runs += 1;
        assert!(runs < 40, "seed {seed}: still not done after {runs} runs");
        match fix(&sb, dir.path(), &req, fast()).await.0 {
            Ok(out) => break out,
            Err(LaunchError::Network { .. }) => continue,
            Err(e) => panic!("seed {seed}: only lost answers stop a fix, got {e}"),
        }
    };
    (sb, dir, req, out)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lost_answers_never_make_a_second_creative_over_20_seeded_runs() {
    for seed in 0..20u64 {
        let (sb, dir, req, out) = fixed_through_lost_answers(seed, false).await;
        let c = counts(&sb.base).await;
        assert_eq!(c["adcreatives"], 2, "seed {seed}: {c}");
        assert_eq!(c["ads"], 1, "seed {seed}: {c}");
        assert_eq!(c["adsets"], 1, "seed {seed}: {c}");
        assert_eq!(current_creative(&sb, &req.ad_id).await, out.creative_id);
        assert_eq!(fix_journals(dir.path()).len(), 1, "seed {seed}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ad_meta_disabled_is_fixed_with_a_new_ad_set_and_ad_under_the_same_campaign() {
    let sb = sandbox(true).await;
    let dir = tempfile::tempdir().unwrap();
    let (j, req) = rejected(&sb, dir.path()).await;
    let ad = j.created("ad:0").unwrap();
    let adset = j.created("adset:0").unwrap();
    let campaign = j.created("campaign").unwrap();
    let rejected_creative = current_creative(&sb, &ad).await;
    let (r, events) = fix(&sb, dir.path(), &req, fast()).await;
    let out = r.unwrap_or_else(|e| panic!("{e}"));
    let new_set = out.new_adset_id.clone().expect("a new ad set");
    assert_ne!(new_set, adset);
    assert_ne!(out.ad_id, ad, "a new ad");
    let c = counts(&sb.base).await;
    assert_eq!(c["campaigns"], 1, "{c}");
    assert_eq!(c["adsets"], 2, "{c}");
    assert_eq!(c["ads"], 2, "{c}");
    assert_eq!(c["adcreatives"], 2, "the launch's and the fix's: {c}");

    // The old ad set keeps its one ad, as Meta left it.
    let old_ads = ads_of(&sb, &adset).await;
    assert_eq!(old_ads.len(), 1, "{old_ads:?}");
    assert_eq!(current_creative(&sb, &ad).await, rejected_creative);
    // The new ad set: same campaign, dynamic creative, paused, one ad with the new creative.
    let set = sb
        .get(
            &new_set,
            &[(
                "fields",
                "campaign_id,is_dynamic_creative,status,name,daily_budget,targeting",
            )],
        )
        .await
        .body;
    assert_eq!(set["campaign_id"], campaign.as_str(), "{set}");
    assert_eq!(set["is_dynamic_creative"], true, "{set}");
    assert_eq!(set["status"], "PAUSED", "{set}");
    assert!(set["name"].as_str().unwrap().contains(" · fix-"), "{set}");
    let kept = "daily_budget,targeting,dsa_payor,dsa_beneficiary,attribution_spec";
    let old_set = sb.get(&adset, &[("fields", kept)]).await.body;
    let new_set_read = sb.get(&new_set, &[("fields", kept)]).await.body;
    assert_eq!(old_set["dsa_payor"], "Acme Boots GmbH", "{old_set}");
    for key in kept.split(',') {
        assert_eq!(new_set_read[key], old_set[key], "{key} is copied");
    }
    let new_ads = ads_of(&sb, &new_set).await;
    assert_eq!(new_ads.len(), 1, "{new_ads:?}");
    assert_eq!(new_ads[0]["id"], out.ad_id.as_str());
    assert_eq!(new_ads[0]["status"], "PAUSED");
    assert_eq!(current_creative(&sb, &out.ad_id).await, out.creative_id);
    assert_ne!(reviewed(&sb, &out.ad_id).await, "DISAPPROVED");

    let jr = &out.journal;
    assert_eq!(jr.created("adset:0"), Some(new_set.clone()));
    assert_eq!(jr.created("ad:0"), Some(out.ad_id.clone()));
    assert!(
        jr.warnings
            .iter()
            .any(|w| w.contains(&ad) && w.contains("2490468")),
        "{:?}",
        jr.warnings
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, LaunchEvent::Warning(w) if w.contains(&ad))),
        "{events:?}"
    );

    // The same fix again: nothing new.
    let again = fix(&sb, dir.path(), &req, fast()).await.0.unwrap();
    assert_eq!(again.ad_id, out.ad_id);
    assert_eq!(counts(&sb.base).await["ads"], 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lost_answers_on_a_disabled_ad_make_one_new_ad_set_and_ad_over_10_seeded_runs() {
    for seed in 0..10u64 {
        let (sb, dir, _, out) = fixed_through_lost_answers(seed, true).await;
        let c = counts(&sb.base).await;
        assert_eq!(c["adsets"], 2, "seed {seed}: {c}");
        assert_eq!(c["ads"], 2, "seed {seed}: {c}");
        assert_eq!(c["adcreatives"], 2, "seed {seed}: {c}");
        assert!(out.new_adset_id.is_some(), "seed {seed}");
        assert_eq!(current_creative(&sb, &out.ad_id).await, out.creative_id);
        assert_eq!(fix_journals(dir.path()).len(), 1, "seed {seed}");
    }
}

/// The keys of the fix's dry runs, in order.
fn dry_runs(events: &[LaunchEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            LaunchEvent::Preflight { key } => Some(key.to_string()),
            _ => None,
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fix_dry_runs_only_its_new_ad_and_nothing_without_preflight() {
    // The new creative and the copy of the ad set get no dry run (a refused create makes
    // nothing either); the new ad, the last write before anything can spend, gets Meta's.
    let sb = sandbox(true).await;
    let dir = tempfile::tempdir().unwrap();
    let (_, req) = rejected(&sb, dir.path()).await;
    let (r, events) = fix(&sb, dir.path(), &req, fast()).await;
    r.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(dry_runs(&events), ["ad:0"], "{events:?}");

    // Without preflight (`--no-preflight`), none at all.
    let sb = sandbox(true).await;
    let dir = tempfile::tempdir().unwrap();
    let (_, req) = rejected(&sb, dir.path()).await;
    let before = sb.stats().await["requests"]["by_route"]["POST /act_{id}/ads"].clone();
    let opts = FixOptions {
        preflight: false,
        ..fast()
    };
    let (r, events) = fix(&sb, dir.path(), &req, opts).await;
    r.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(dry_runs(&events), Vec::<String>::new(), "{events:?}");
    let after = &sb.stats().await["requests"]["by_route"]["POST /act_{id}/ads"];
    assert_eq!(
        after.as_u64(),
        before.as_u64().map(|n| n + 1),
        "only the new ad's create: {before} then {after}"
    );
}
