//! `n` in the asset results: the next round of the ad's launch, drafted through the real runner
//! against the sandbox and opened in the wizard with the kept assets in place.

use crate::common;

use std::time::Duration;

use common::cli::{arg, dcw, home_and_spec, sales_json};
use common::looping::runner;
use common::wizard::{opened, press};
use crossterm::event::KeyCode;
use dcw::launch::LaunchJournal;
use dcw::tui::{Effect, Msg};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn n_in_the_results_opens_the_next_round_in_the_wizard() {
    let sb = common::sandbox::start(common::sandbox::test_config()).await;
    let (home, _dir, spec) = home_and_spec(&sales_json());
    let run = dcw(
        home.path(),
        Some("next-round-test"),
        &[
            "submit",
            "--yes",
            "--activate",
            "--api-base",
            &sb.base,
            arg(&spec),
        ],
    )
    .await;
    assert_eq!(run.code, Some(0), "{run}");
    let launches = dcw::store::Paths::under(home.path().to_path_buf()).launches_dir();
    let (_, j) = dcw::store::list_journals::<LaunchJournal>(&launches)
        .into_iter()
        .next()
        .unwrap();
    let j = j.unwrap();
    let ad = j.created("ad:0").unwrap();

    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let runner = runner(&sb.base, &j.graph, home.path(), tx);
    let mut app = opened("sales-winter-boots.json");
    app.status = Some(common::watching::pane(
        &[common::watching::ad(&ad, "Winter Sale ad", "ACTIVE", 5)],
        &[],
    ));
    app.show_status = true;
    press(&mut app, KeyCode::Char('r'));
    let fx = press(&mut app, KeyCode::Char('n'));
    let next = fx
        .into_iter()
        .find(|e| matches!(e, Effect::NextRound { .. }))
        .expect("n in the results drafts the next round");
    runner.run(next);
    let msg = loop {
        let msg = tokio::time::timeout(Duration::from_secs(30), rx.recv())
            .await
            .expect("the next round comes back")
            .unwrap();
        if matches!(msg, Msg::NextRound { .. }) {
            break msg;
        }
    };
    let fx = app.update(msg);
    assert!(!app.show_status, "the wizard is shown");
    assert!(
        fx.iter().any(|e| matches!(e, Effect::ScheduleSave)),
        "saved as a draft: {fx:?}"
    );
    assert_ne!(app.draft_id, "test-draft", "a new draft");
    assert_eq!(
        app.draft["campaign"]["id"].as_str(),
        j.created("campaign").as_deref()
    );
    assert_eq!(app.draft["ad_set"]["name"], "Winter Sale · round 2");
    let images = app.draft["creative"]["asset_feed_spec"]["images"]
        .as_array()
        .unwrap();
    assert_eq!(images.len(), 2, "the top two images: {images:?}");
    let notice = app.notice.clone().unwrap_or_default();
    assert!(notice.starts_with("Next round: kept"), "{notice}");
    assert!(notice.contains("kept"), "{notice}");
}
