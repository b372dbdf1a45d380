//! Review as Meta documents it, end to end against the sandbox: a spec saying "craft beer"
//! passes `dcw submit` and its dry runs (the synchronous review is not the full one), is then
//! DISAPPROVED and named by `dcw watch --once --json`; turning the ad on answers 2490468; and
//! `--activate` meeting that refusal replaces the ad with a new ad set and ad, once, also after
//! lost answers and a kill at any journal write.

use crate::common;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use common::cli::{arg, dcw, objects, write_spec};
use common::launching::{client, counts, fix_journals, journal, options};
use common::sandbox::{Sb, start, test_config};
use dcw::launch::{self, LaunchError, LaunchJournal, LaunchState, StepState};
use dcw::sandbox::{FaultKind, SandboxConfig};
use serde_json::{Value, json};

const TOKEN: &str = "EAAreviewactivatetoken";
const BEER: &str = "Try our craft beer with your boots.";
/// Reviews take ten minutes of the sandbox's clock, which the tests move on.
const REVIEW: Duration = Duration::from_secs(600);

fn beer_spec() -> Value {
    let mut v = common::base_json();
    v["creative"]["asset_feed_spec"]["bodies"] =
        json!([{"text": "Our warmest boots are back."}, {"text": BEER}]);
    v
}

fn slow(faults: Vec<(FaultKind, f64)>, seed: u64) -> SandboxConfig {
    SandboxConfig {
        review_delay: REVIEW,
        faults,
        seed,
        ..test_config()
    }
}

fn advance(sb: &Sb) {
    sb.handle
        .as_ref()
        .unwrap()
        .advance(REVIEW + Duration::from_secs(1));
}

async fn read(sb: &Sb, id: &str, fields: &str) -> Value {
    client(&sb.base, TOKEN)
        .object("1234567890", id, fields)
        .await
        .unwrap_or_else(|e| panic!("GET {id}?fields={fields}: {e}"))
}

/// The campaigns, ad sets or ads the sandbox holds (ads with their ad set).
async fn all(sb: &Sb, edge: &str) -> Vec<Value> {
    let fields = if edge == "ads" {
        "id,name,status,adset_id"
    } else {
        "id,name,status"
    };
    client(&sb.base, TOKEN)
        .get_all(&format!("act_1234567890/{edge}"), &[("fields", fields)])
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn craft_beer_passes_submit_is_disapproved_and_activate_replaces_the_ad_once() {
    let sb = start(slow(Vec::new(), 0)).await;
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let spec = write_spec(dir.path(), &beer_spec());
    let submit = |activate: bool| {
        let mut args = vec!["submit", "--yes", "--api-base", &sb.base, arg(&spec)];
        if activate {
            args.insert(1, "--activate");
        }
        args.into_iter().map(str::to_string).collect::<Vec<_>>()
    };
    let args = submit(false);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = dcw(home.path(), Some(TOKEN), &args).await;
    assert_eq!(run.code, Some(0), "the dry runs pass: {run}");
    let s = sb.stats().await;
    assert!(
        s["requests"]["by_route"]["POST /act_{id}/ads"].as_u64() >= Some(2),
        "the ad's dry run and its create: {s}"
    );
    assert_eq!(objects(&s, "ads"), 1, "{s}");

    // The review after creation rejects it, and `dcw watch --once --json` names the body.
    advance(&sb);
    let watch = ["watch", "--once", "--json", "--api-base", &sb.base];
    let run = dcw(home.path(), Some(TOKEN), &watch).await;
    assert_eq!(run.code, Some(0), "{run}");
    let rows: Value = serde_json::from_str(&run.stdout).unwrap();
    let row = &rows.as_array().unwrap()[0];
    assert_eq!(row["effective_status"], "DISAPPROVED", "{row}");
    assert_eq!(row["rejections"][0]["asset"], BEER, "{row}");
    assert_eq!(
        row["rejections"][0]["reasons"][0]["code"], "ALCOHOL",
        "{row}"
    );
    let old_ad = row["ad_id"].as_str().unwrap().to_string();
    let old_set = row["adset_id"].as_str().unwrap().to_string();

    // Turning it on unchanged: Meta's 2490468.
    let on = sb.post(&old_ad, &[("status", "ACTIVE".into())]).await;
    assert_eq!(on.error(), (100, Some(2490468)), "{}", on.body);

    // `--activate`: a new ad set and ad replace it and are turned on, with the campaign.
    let args = submit(true);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = dcw(home.path(), Some(TOKEN), &args).await;
    assert_eq!(run.code, Some(0), "{run}");
    assert!(
        run.stderr.contains(&old_ad) && run.stderr.contains("Meta refuses to turn on"),
        "the old ad is named in a warning: {run}"
    );
    let sets = all(&sb, "adsets").await;
    let ads = all(&sb, "ads").await;
    assert_eq!((sets.len(), ads.len()), (2, 2), "{sets:?} {ads:?}");
    let new_set = sets.iter().find(|s| s["id"] != old_set.as_str()).unwrap();
    let new_ad = ads.iter().find(|a| a["id"] != old_ad.as_str()).unwrap();
    assert_eq!(new_ad["adset_id"], new_set["id"], "{new_ad}");
    assert_eq!(new_set["status"], "ACTIVE", "{new_set}");
    assert_eq!(new_ad["status"], "ACTIVE", "{new_ad}");
    let new_ad_id = new_ad["id"].as_str().unwrap();
    let read_new = read(&sb, new_ad_id, "effective_status").await;
    assert_eq!(
        read_new["effective_status"], "PENDING_REVIEW",
        "reviewed anew"
    );
    let read_old = read(&sb, &old_ad, "configured_status,effective_status").await;
    assert_eq!(
        read_old["configured_status"], "PAUSED",
        "left as Meta left it"
    );
    assert_eq!(read_old["effective_status"], "DISAPPROVED");
    assert_eq!(read(&sb, &old_set, "status").await["status"], "PAUSED");
    let campaigns = all(&sb, "campaigns").await;
    assert_eq!(campaigns.len(), 1);
    assert_eq!(campaigns[0]["status"], "ACTIVE");
    assert_eq!(
        objects(&sb.stats().await, "adcreatives"),
        1,
        "the launch's creative"
    );

    // Again: the replacement is found and turned on; nothing new.
    let run = dcw(home.path(), Some(TOKEN), &args).await;
    assert_eq!(run.code, Some(0), "{run}");
    assert_eq!(all(&sb, "ads").await.len(), 2);
    assert_eq!(all(&sb, "adsets").await.len(), 2);
    // The watch follows the new ad too (its fix journal names it).
    let run = dcw(home.path(), Some(TOKEN), &watch).await;
    let rows: Value = serde_json::from_str(&run.stdout).unwrap();
    let ids: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["ad_id"].as_str())
        .collect();
    assert!(
        ids.contains(&new_ad_id) && ids.contains(&old_ad.as_str()),
        "{ids:?}"
    );
}

/// Launches the beer spec (paused) until done, then lets its review end: DISAPPROVED.
async fn rejected_launch(sb: &Sb, dir: &Path) -> dcw::spec::LaunchSpec {
    let spec = common::spec(&beer_spec());
    for _ in 0..40 {
        match launch::run_launch(
            client(&sb.base, TOKEN),
            spec.clone(),
            journal(dir, "beer", &spec),
            options(dir, None),
            Arc::new(|_| {}),
        )
        .await
        {
            Ok(j) => {
                advance(sb);
                let ad = j.created("ad:0").unwrap();
                let status = read(sb, &ad, "effective_status").await;
                assert_eq!(status["effective_status"], "DISAPPROVED");
                return spec;
            }
            Err(LaunchError::Network { .. }) => continue,
            Err(e) => panic!("the launch fails: {e}"),
        }
    }
    panic!("the launch never finished")
}

/// `--activate` on the finished launch, as one process would run it.
async fn activate(
    sb: &Sb,
    dir: &Path,
    spec: &dcw::spec::LaunchSpec,
    stop: Option<usize>,
) -> Result<LaunchJournal, LaunchError> {
    let mut opts = options(dir, stop);
    opts.activate = true;
    launch::run_launch(
        client(&sb.base, TOKEN),
        spec.clone(),
        journal(dir, "beer", spec),
        opts,
        Arc::new(|_| {}),
    )
    .await
}

/// One replacement: two ad sets and two ads, the new ones ACTIVE, one replacement journal
/// done, the old ad untouched.
async fn replaced_once(sb: &Sb, dir: &Path, what: &str) {
    let c = counts(&sb.base).await;
    assert_eq!(c["adsets"], 2, "{what}: {c}");
    assert_eq!(c["ads"], 2, "{what}: {c}");
    assert_eq!(c["campaigns"], 1, "{what}: {c}");
    assert_eq!(c["adcreatives"], 1, "{what}: {c}");
    let fixes = fix_journals(dir);
    assert_eq!(fixes.len(), 1, "{what}: one replacement journal");
    let rep = &fixes[0];
    assert_eq!(rep.state, LaunchState::Done, "{what}");
    let new_ad = rep.created("ad:0").unwrap();
    let new_set = rep.created("adset:0").unwrap();
    assert_eq!(
        read(sb, &new_ad, "status").await["status"],
        "ACTIVE",
        "{what}"
    );
    assert_eq!(
        read(sb, &new_set, "status").await["status"],
        "ACTIVE",
        "{what}"
    );
    let old = rep.fix.as_ref().unwrap();
    assert_eq!(
        read(sb, &old.ad_id, "status").await["status"],
        "PAUSED",
        "{what}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn activate_meeting_2490468_under_lost_answers_replaces_the_ad_once_over_10_seeds() {
    for seed in 0..10u64 {
        let sb = start(slow(vec![(FaultKind::LostResponse, 0.3)], seed)).await;
        let dir = tempfile::tempdir().unwrap();
        let spec = rejected_launch(&sb, dir.path()).await;
        let mut runs = 0;
        loop {
            runs += 1;
            assert!(runs < 40, "seed {seed}: still not done after {runs} runs");
            match activate(&sb, dir.path(), &spec, None).await {
                Ok(_) => break,
                Err(LaunchError::Network { .. }) => continue,
                Err(e) => panic!("seed {seed}: only lost answers stop it, got {e}"),
            }
        }
        replaced_once(&sb, dir.path(), &format!("seed {seed}")).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn activate_killed_at_any_journal_write_replaces_the_ad_once() {
    let mut kill = 1;
    loop {
        for lost in [false, true] {
            let sb = start(slow(Vec::new(), 0)).await;
            let dir = tempfile::tempdir().unwrap();
            let spec = rejected_launch(&sb, dir.path()).await;
            let r = activate(&sb, dir.path(), &spec, Some(kill)).await;
            if r.is_ok() {
                assert!(
                    kill > 5,
                    "the replacement journals each step: {kill} writes"
                );
                return;
            }
            assert_eq!(r.err(), Some(LaunchError::Stopped), "kill {kill}");
            // With `lost`, the kill came between a write's answer and its journal entry.
            if lost
                && let Some(mut rep) = fix_journals(dir.path()).pop()
                && rep.state != LaunchState::Done
                && let Some(step) =
                    rep.steps.iter_mut().rev().find(|s| {
                        matches!(s.state, StepState::Created { .. }) && s.key != "creative"
                    })
            {
                step.state = StepState::Sent { attempt: 1 };
                dcw::store::save_journal(dir.path(), &rep.id, &rep).unwrap();
            }
            let what = format!("kill {kill}, lost {lost}");
            activate(&sb, dir.path(), &spec, None)
                .await
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            replaced_once(&sb, dir.path(), &what).await;
        }
        kill += 1;
        assert!(kill < 30, "an activation that never ends");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replacement_rejected_too_stops_the_activation_without_a_third_ad() {
    // Immediate review: the new ad (same creative) is rejected as soon as it exists.
    let sb = start(test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let spec = common::spec(&beer_spec());
    let j = launch::run_launch(
        client(&sb.base, TOKEN),
        spec.clone(),
        journal(dir.path(), "beer", &spec),
        options(dir.path(), None),
        Arc::new(|_| {}),
    )
    .await
    .unwrap();
    for round in 0..2 {
        let e = activate(&sb, dir.path(), &spec, None).await.unwrap_err();
        let text = e.to_string();
        assert_eq!(e.exit_code(), 1, "round {round}: {text}");
        assert!(
            text.contains("was rejected too") && text.contains("2490468"),
            "round {round}: {text}"
        );
        let c = counts(&sb.base).await;
        assert_eq!(
            (c["adsets"].as_u64(), c["ads"].as_u64()),
            (Some(2), Some(2)),
            "round {round}: {c}"
        );
    }
    let old = j.created("ad:0").unwrap();
    assert_eq!(read(&sb, &old, "status").await["status"], "PAUSED");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn activate_replacing_two_ads_names_each_replacement_by_its_own_ad_set_in_progress() {
    // Two audiences, both rejected: the replacement of the second ad was shown as
    // `ad set 1 «Winter Sale · US 18-34» created …`, the first audience's label, because each
    // replacement's steps are its own journal's `adset:0` and `ad:0` read with the launch's labels.
    let sb = start(slow(Vec::new(), 0)).await;
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut v = common::cli::sales_json();
    v["creative"]["asset_feed_spec"]["bodies"] =
        json!([{"text": "Our warmest boots are back."}, {"text": BEER}]);
    let spec = write_spec(dir.path(), &v);
    let base = ["submit", "--yes", "--api-base", &sb.base, arg(&spec)];
    let run = dcw(home.path(), Some(TOKEN), &base).await;
    assert_eq!(run.code, Some(0), "{run}");
    advance(&sb);
    let activate = [
        "submit",
        "--yes",
        "--activate",
        "--api-base",
        &sb.base,
        arg(&spec),
    ];
    let run = dcw(home.path(), Some(TOKEN), &activate).await;
    assert_eq!(run.code, Some(0), "{run}");
    let sets = all(&sb, "adsets").await;
    assert_eq!(sets.len(), 4, "two ad sets and a copy of each: {sets:?}");
    for set in sets
        .iter()
        .filter(|s| s["name"].as_str().unwrap().contains(" · fix-"))
    {
        let (id, name) = (set["id"].as_str().unwrap(), set["name"].as_str().unwrap());
        let audience = if name.contains("US 18-34") {
            "US 18-34"
        } else {
            "CA 35-65"
        };
        let other = if audience == "US 18-34" {
            "CA 35-65"
        } else {
            "US 18-34"
        };
        let progress = |l: &&str| l.ends_with(&format!("created {id}"));
        let lines: Vec<&str> = run.stderr.lines().filter(progress).collect();
        assert_eq!(lines.len(), 1, "ad set {id} is created once: {run}");
        for line in lines {
            assert!(
                line.contains(audience) && !line.contains(other),
                "ad set {id} «{name}» is shown as: {line}\n{run}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ad_fixed_from_the_pane_after_its_replacement_is_the_one_activate_turns_on() {
    // `--activate` replaced the rejected ad with a copy on the same creative, rejected again;
    // the buyer then fixes the launch's own ad from the status pane (both show as rejected):
    // a new creative, the ad re-pointed and approved. `--activate` again should turn that ad on,
    // not stop on the replacement and ask for the fix just made.
    let sb = start(slow(Vec::new(), 0)).await;
    let dir = tempfile::tempdir().unwrap();
    let spec = rejected_launch(&sb, dir.path()).await;
    let j = activate(&sb, dir.path(), &spec, None).await.unwrap();
    advance(&sb);
    let old = j.created("ad:0").unwrap();
    let creative = read(&sb, &old, "creative").await["creative"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut feed = read(&sb, &creative, "asset_feed_spec").await["asset_feed_spec"].clone();
    feed["bodies"][1]["text"] = json!("Try our wool socks with your boots.");
    let req = dcw::launch::FixRequest {
        account: "1234567890".into(),
        ad_id: old.clone(),
        ad_name: j.step("ad:0").unwrap().name.clone(),
        adset_id: j.created("adset:0").unwrap(),
        campaign_id: j.created("campaign").unwrap(),
        creative_id: creative,
        feed,
    };
    dcw::launch::run_fix(
        client(&sb.base, TOKEN),
        req,
        dir.path(),
        "",
        Arc::new(|_| {}),
    )
    .await
    .unwrap();
    advance(&sb);
    let fixed = read(&sb, &old, "effective_status").await;
    assert_ne!(
        fixed["effective_status"], "DISAPPROVED",
        "the fix passed review"
    );
    let again = activate(&sb, dir.path(), &spec, None).await;
    assert!(again.is_ok(), "{:?}", again.err().map(|e| e.to_string()));
    assert_eq!(read(&sb, &old, "status").await["status"], "ACTIVE");
    let c = counts(&sb.base).await;
    assert_eq!(
        (c["adsets"].as_u64(), c["ads"].as_u64()),
        (Some(2), Some(2)),
        "{c}"
    );
}
