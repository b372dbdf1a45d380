//! The whole loop on the sandbox, through the status pane's own update: a launch whose body
//! breaks the alcohol policy ends DISAPPROVED with that body named; the buyer edits it in the
//! pane and sends the fix; the same ad is reviewed again and approved, and its ad set still
//! has exactly one ad. Effects are run here the way the runner runs them (same functions).

use crate::common;

use std::sync::Arc;

use common::launching::{beer_bodies, client, launch_with_bodies};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcw::graph::GraphClient;
use dcw::launch;
use dcw::tui::Effect;
use dcw::tui::StatusPane;
use dcw::watch::{ReviewState, Target, Watch};
use serde_json::{Value, json};

/// Runs the effects the pane asked for, feeding the answers back, until it asks for nothing
/// but a timer (which is left to the test).
async fn settle(p: &mut StatusPane, c: &GraphClient, dir: &std::path::Path, mut fx: Vec<Effect>) {
    while let Some(e) = fx.pop() {
        match e {
            Effect::Poll { plans, known } => {
                for plan in plans {
                    let r = dcw::watch::execute(c, &plan, &known).await;
                    fx.extend(p.polled(&plan, &r, None));
                }
            }
            Effect::Fix(req) => {
                let ad = req.ad_id.clone();
                let r = launch::run_fix(c.clone(), *req, dir, "test", Arc::new(|_| {}))
                    .await
                    .map_err(|e| e.to_string());
                fx.extend(p.fixed(&ad, r));
            }
            Effect::WakeAfter { .. } => {}
            other => panic!("unexpected effect {other:?}"),
        }
    }
}

fn key(p: &mut StatusPane, code: KeyCode, mods: KeyModifiers) -> Vec<Effect> {
    let mut quit = false;
    p.on_key(KeyEvent::new(code, mods), &mut quit)
}

fn type_text(p: &mut StatusPane, text: &str) {
    for c in text.chars() {
        key(p, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

async fn ads_in(c: &GraphClient, adset: &str) -> Vec<Value> {
    c.get_all(
        &format!("{adset}/ads"),
        &[("fields", "id,effective_status,creative")],
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn a_rejected_body_is_fixed_from_the_pane_and_the_same_ad_is_approved() {
    let sb = common::sandbox::start(common::sandbox::test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let c = client(&sb.base, "e2e");
    let (j, _) = launch_with_bodies(c.clone(), beer_bodies(), dir.path(), "e1").await;
    let ad = j.created("ad:0").unwrap();
    let adset = j.created("adset:0").unwrap();

    let mut w = Watch::new();
    w.add(
        &Target {
            ad_id: ad.clone(),
            account: j.account.clone(),
            launch_id: Some(j.id.clone()),
            launched_at: Some(j.created_at.clone()),
        },
        c.now(),
        chrono::Utc::now(),
    );
    let mut p = StatusPane::new(w, c.gate_arc(), c.config().clock.clone());
    let fx = p.start();
    settle(&mut p, &c, dir.path(), fx).await;

    // Rejected, with the body named and Meta's sentence.
    let row = p.watch.model.get(&ad).unwrap().clone();
    assert_eq!(row.state, ReviewState::Rejected);
    let named: Vec<String> = row.rejections.iter().map(|r| r.what()).collect();
    assert_eq!(
        named,
        ["Body 2 «Try our craft beer with your b…»"],
        "{row:?}"
    );
    assert!(row.rejections[0].reasons[0].sentence.contains("alcohol"));

    // Fix it in the pane: detail, edit, a refusal keeps the text, then a good body.
    key(&mut p, KeyCode::Enter, KeyModifiers::NONE);
    key(&mut p, KeyCode::Char('e'), KeyModifiers::NONE);
    key(&mut p, KeyCode::Char('u'), KeyModifiers::CONTROL);
    key(&mut p, KeyCode::Enter, KeyModifiers::NONE);
    let f = p.fix.as_ref().unwrap();
    assert!(f.refusal.is_some(), "an empty body is refused");
    assert!(f.editing.is_some(), "and the editor stays open");
    type_text(&mut p, "Try our warm socks with your boots.");
    key(&mut p, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(p.fix.as_ref().unwrap().summary(), "Body 2 edited");
    key(&mut p, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(p.fix.as_ref().unwrap().confirm);
    let fx = key(&mut p, KeyCode::Char('Y'), KeyModifiers::NONE);
    assert!(matches!(fx[..], [Effect::Fix(_)]), "{fx:?}");
    settle(&mut p, &c, dir.path(), fx).await;

    // The same ad, a new creative, approved (paused, as launched); one ad in its ad set.
    let row = p.watch.model.get(&ad).unwrap();
    assert_eq!(row.state, ReviewState::ApprovedPaused, "{row:?}");
    assert!(row.rejections.is_empty());
    let ads = ads_in(&c, &adset).await;
    assert_eq!(ads.len(), 1, "{ads:?}");
    assert_eq!(ads[0]["id"], json!(ad));
    let creative = ads[0]["creative"]["id"].as_str().unwrap().to_string();
    assert_ne!(Some(creative.clone()), j.created("creative"));
    let sent = c
        .object("1234567890", &creative, "asset_feed_spec")
        .await
        .unwrap();
    assert_eq!(
        sent["asset_feed_spec"]["bodies"][1]["text"],
        json!("Try our warm socks with your boots.")
    );
    assert!(p.fix.is_none());
}

/// Ids named on the command line: a campaign or ad set stands for its ads, an ad for itself; a
/// creative is named as not an ad, and an unknown id with Graph's answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ids_given_resolve_to_ads_and_anything_else_is_named() {
    use dcw::watch::resolve_ids;
    let sb = common::sandbox::start(common::sandbox::test_config()).await;
    let (campaign, adset, creative, ad) = sb.launch(&["Boots"]).await;
    let c = client(&sb.base, "resolve-test");
    for id in [&campaign, &adset, &ad] {
        let (targets, errors) = resolve_ids(&c, std::slice::from_ref(id)).await;
        assert!(errors.is_empty(), "{id}: {errors:?}");
        let ads: Vec<&str> = targets.iter().map(|t| t.ad_id.as_str()).collect();
        assert_eq!(ads, [ad.as_str()], "{id}");
        assert_eq!(targets[0].account, "1234567890");
    }
    let unknown = "120299999999999999".to_string();
    let (targets, errors) = resolve_ids(&c, &[creative.clone(), unknown.clone()]).await;
    assert!(targets.is_empty(), "{targets:?}");
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!("{creative}: not an ad, ad set or campaign")),
        "{errors:?}"
    );
    assert!(errors[1].starts_with(&format!("{unknown}: ")), "{errors:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_once_throttled_on_every_read_says_so_and_ends_within_a_minute() {
    // Every read answers 17/2446079: `dcw watch --once` waited out each throttle inside the
    // client for up to 15 minutes, printing nothing, where a report should name the failed read.
    use dcw::sandbox::{FaultKind, SandboxConfig};
    use std::time::{Duration, Instant};
    let sb = common::sandbox::start(SandboxConfig {
        faults: vec![(FaultKind::RateLimit, 1.0)],
        ..common::sandbox::test_config()
    })
    .await;
    let home = tempfile::tempdir().unwrap();
    let args = [
        "watch",
        "--once",
        "--api-base",
        &sb.base,
        "120210000000000001",
    ];
    let mut cmd = common::cli::command(home.path(), &args);
    cmd.env("META_ACCESS_TOKEN", "EAAthrottledwatch")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            let out = child.wait_with_output().unwrap();
            panic!(
                "dcw watch --once still waiting after 60 s; stderr so far: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "nothing could be read: {stderr}"
    );
    assert!(
        stderr.contains("code 17") && stderr.contains("120210000000000001"),
        "names the id and Meta's rate limit: {stderr}"
    );
}
