//! Launching into an existing campaign (`campaign.id`): no campaign is created, the campaign is
//! read back and checked first, and the new ad set goes under it.

use crate::common;

use common::launching::{client, launch, launched, options};
use dcw::launch::LaunchError;
use serde_json::{Value, json};

/// The sales example (one ad set) as a launch into campaign `id`.
fn into(id: &str) -> Value {
    let mut v = common::base_json();
    v["campaign"] = json!({"id": id, "name": "Winter Sale DC", "objective": "OUTCOME_SALES"});
    v["ad_set"]["name"] = json!("Winter Sale · round 2");
    v
}

/// The single-ad-set example launched once (journal `id` in `dir`): its campaign, the one a
/// next round goes into.
async fn first_campaign_launched(
    client: dcw::graph::GraphClient,
    dir: &std::path::Path,
    id: &str,
) -> String {
    launch(
        client,
        &common::launching::single_spec(),
        dir,
        id,
        options(dir, None),
    )
    .await
    .expect("the first launch")
    .created("campaign")
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spec_with_a_campaign_id_adds_an_ad_set_to_that_campaign_and_creates_no_campaign() {
    let sb = common::sandbox::start(common::sandbox::test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let c = || client(&sb.base, "existing-test");
    let campaign = first_campaign_launched(c(), dir.path(), "e1").await;
    let spec = common::spec(&into(&campaign));
    assert!(
        dcw::spec::validate(&spec, &common::facts_with_images(&spec))
            .iter()
            .all(|f| f.severity != dcw::spec::Severity::Error),
        "the next round's spec validates"
    );
    let second = launch(c(), &spec, dir.path(), "e2", options(dir.path(), None))
        .await
        .expect("the launch into the existing campaign");
    assert_eq!(
        second.created("campaign").as_deref(),
        Some(campaign.as_str())
    );
    let (campaigns, sets, ads, _) = launched(&sb.base).await;
    assert_eq!((campaigns, sets, ads), (Some(1), Some(2), Some(2)));
    let set = second.created("adset:0").unwrap();
    let read = c()
        .object("1234567890", &set, "campaign_id,name")
        .await
        .unwrap();
    assert_eq!(read["campaign_id"].as_str(), Some(campaign.as_str()));
}

/// Review before a launch into an existing campaign: what will be sent reads the campaign back
/// (no campaign create), its ad sets name the campaign's id, and the check before Y reads it
/// back (no `validate_only` create of a campaign that exists); one of another objective is
/// refused there already.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn review_of_a_launch_into_an_existing_campaign_reads_it_back_and_creates_none() {
    let sb = common::sandbox::start(common::sandbox::test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let c = || client(&sb.base, "existing-review");
    let campaign = first_campaign_launched(c(), dir.path(), "e1").await;
    let spec = common::spec(&into(&campaign));
    let sent = dcw::tui::payloads(&spec);
    assert_eq!(sent[0].0, format!("GET /{campaign}"), "{sent:?}");
    assert!(
        sent.iter().all(|(call, _)| !call.ends_with("/campaigns")),
        "{sent:?}"
    );
    assert!(sent[1].1.contains(&campaign), "{}", sent[1].1);
    let said = dcw::launch::session::dry_run(&c(), &spec).await.unwrap();
    assert!(
        said.contains(&format!("Campaign {campaign} exists")),
        "{said}"
    );
    let mut other = into(&campaign);
    other["campaign"]["objective"] = json!("OUTCOME_TRAFFIC");
    let e = dcw::launch::session::dry_run(&c(), &common::spec(&other))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("objective"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_campaign_or_another_objective_stops_the_launch_before_any_ad_set() {
    let sb = common::sandbox::start(common::sandbox::test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let c = || client(&sb.base, "existing-test");
    let campaign = first_campaign_launched(c(), dir.path(), "m1").await;
    let mut traffic = into(&campaign);
    traffic["campaign"]["objective"] = json!("OUTCOME_TRAFFIC");
    traffic["ad_set"]["optimization_goal"] = json!("LINK_CLICKS");
    traffic["ad_set"]
        .as_object_mut()
        .unwrap()
        .remove("promoted_object");
    for (id, v, word) in [
        ("m2", into("999999999999"), "reading the existing campaign"),
        ("m3", traffic, "its objective is OUTCOME_SALES"),
    ] {
        let e = launch(
            c(),
            &common::spec(&v),
            dir.path(),
            id,
            options(dir.path(), None),
        )
        .await
        .unwrap_err();
        assert!(e.to_string().contains(word), "{id}: {e}");
        assert!(!matches!(e, LaunchError::Stopped));
    }
    let (campaigns, sets, _, _) = launched(&sb.base).await;
    assert_eq!(
        (campaigns, sets),
        (Some(1), Some(1)),
        "nothing more was made"
    );
}

/// `dcw next-round` end to end on the sandbox: the sales example launched and delivering, its
/// next round written (0600, not over an existing file without `--force`), validated (exit 0)
/// and submitted as new ad sets in the same, one campaign.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn next_round_writes_a_spec_that_validates_and_launches_into_the_same_campaign() {
    use common::cli::{arg, dcw, home_and_spec, sales_json};
    let sb = common::sandbox::start(common::sandbox::test_config()).await;
    let (home, dir, spec) = home_and_spec(&sales_json());
    let h = home.path();
    let token = Some("next-round-test");
    let base = sb.base.as_str();
    let run = dcw(
        h,
        token,
        &[
            "submit",
            "--yes",
            "--json",
            "--activate",
            "--api-base",
            base,
            arg(&spec),
        ],
    )
    .await;
    assert_eq!(run.code, Some(0), "{run}");
    let first: Value = serde_json::from_str(&run.stdout).unwrap();
    let launch_id = first["launch"].as_str().unwrap().to_string();
    let (campaigns, sets, _, _) = launched(base).await;
    assert_eq!((campaigns, sets), (Some(1), Some(2)));

    let out = dir.path().join("next.json");
    let next = |extra: &'static [&'static str]| {
        let mut a = vec![
            "next-round",
            launch_id.as_str(),
            "--out",
            arg(&out),
            "--api-base",
            base,
        ];
        a.extend_from_slice(extra);
        a.into_iter().map(str::to_string).collect::<Vec<_>>()
    };
    let args = next(&["--json"]);
    let run = dcw(
        h,
        token,
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(run.code, Some(0), "{run}");
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let assets = report["assets"].as_array().unwrap();
    let kept = |kind: &str| {
        assets
            .iter()
            .filter(|a| a["kind"] == kind && a["kept"] == true)
            .count()
    };
    let all = |kind: &str| assets.iter().filter(|a| a["kind"] == kind).count();
    assert_eq!(
        report["rule"]["result"], "purchase",
        "a pixel purchase goal: {report}"
    );
    assert!(all("images") == 3 && kept("images") == 2, "{report}");
    assert!(
        assets.iter().any(|a| a["results"].as_u64() > Some(0)),
        "the launch delivers: {report}"
    );
    // The kept ones are the cheapest per purchase of those judged.
    for kind in ["images", "titles", "bodies"] {
        let judged: Vec<&Value> = assets
            .iter()
            .filter(|a| a["kind"] == kind && a["rank"].is_u64())
            .collect();
        for w in judged.windows(2) {
            let cost = |a: &Value| a["cost_per_result_minor"].as_i64().unwrap_or(i64::MAX);
            assert!(cost(w[0]) <= cost(w[1]), "{kind}: best first: {report}");
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let campaign = first_campaign(base).await;
    assert_eq!(written["campaign"]["id"].as_str(), Some(campaign.as_str()));
    assert_eq!(written["ad_set"]["name"], "Winter Sale · round 2");
    let images = written["creative"]["asset_feed_spec"]["images"]
        .as_array()
        .unwrap();
    assert_eq!(images.len(), 2, "{written}");
    assert!(
        images
            .iter()
            .all(|i| i.get("file").is_some() != i.get("hash").is_some())
    );

    // Not over an existing file unless --force.
    let again = dcw(
        h,
        token,
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(again.code, Some(2), "{again}");
    assert!(again.stderr.contains("--force"), "{again}");
    let forced = next(&["--force"]);
    let text = dcw(
        h,
        token,
        &forced.iter().map(String::as_str).collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(text.code, Some(0), "{text}");
    assert!(
        text.stdout
            .contains("Rule: keep the top 2 of each asset kind by cost per purchase"),
        "{text}"
    );
    assert!(text.stdout.contains("dropped"), "{text}");

    // By an ad the launch made, and from a spec file changed since: said, the creative's
    // assets then as Graph reads them back.
    let mut edited = sales_json();
    edited["creative"]["asset_feed_spec"]["titles"][0]["text"] = json!("A title written later");
    std::fs::write(&spec, serde_json::to_string_pretty(&edited).unwrap()).unwrap();
    let journal = common::cli::launches(h).await;
    assert_eq!(journal.len(), 1, "{journal:?}");
    let ad = c_first_ad(base).await;
    let by_ad = dcw(
        h,
        token,
        &[
            "next-round",
            &ad,
            "--out",
            arg(&out),
            "--force",
            "--api-base",
            base,
        ],
    )
    .await;
    assert_eq!(by_ad.code, Some(0), "{by_ad}");
    assert!(by_ad.stderr.contains("changed since launch"), "{by_ad}");
    let titles: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let titles = titles["creative"]["asset_feed_spec"]["titles"].to_string();
    assert!(
        !titles.contains("written later"),
        "the launched titles, not the file's: {titles}"
    );

    // A spec file that is gone: the campaign, ad set and creative as Graph reads them back.
    std::fs::remove_file(&spec).unwrap();
    let gone = dir.path().join("from-graph.json");
    let run = dcw(
        h,
        token,
        &[
            "next-round",
            &launch_id,
            "--out",
            arg(&gone),
            "--api-base",
            base,
        ],
    )
    .await;
    assert_eq!(run.code, Some(0), "{run}");
    assert!(run.stderr.contains("cannot be read"), "{run}");
    let valid = dcw(h, token, &["validate", arg(&gone)]).await;
    assert_eq!(valid.code, Some(0), "{valid}");
    let from_graph: Value = serde_json::from_str(&std::fs::read_to_string(&gone).unwrap()).unwrap();
    assert_eq!(
        from_graph["ad_set"]["name"],
        "Winter Sale · US 18-34 · round 2"
    );
    assert_eq!(
        from_graph["campaign"]["id"].as_str(),
        Some(campaign.as_str())
    );

    let valid = dcw(h, token, &["validate", arg(&out)]).await;
    assert_eq!(valid.code, Some(0), "{valid}");
    let second = dcw(
        h,
        token,
        &["submit", "--yes", "--json", "--api-base", base, arg(&out)],
    )
    .await;
    assert_eq!(second.code, Some(0), "{second}");
    let (campaigns, sets, ads, _) = launched(base).await;
    assert_eq!(
        (campaigns, sets, ads),
        (Some(1), Some(4), Some(4)),
        "one campaign, two new ad sets"
    );
    let c = client(base, "next-round-test");
    let under = c
        .get(
            &format!("{campaign}/adsets"),
            &[("fields", "id,name,campaign_id")],
        )
        .await
        .unwrap();
    let names: Vec<&str> = under["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(names.len(), 4, "{under}");
    assert!(
        names.iter().filter(|n| n.contains("round 2")).count() == 2,
        "{names:?}"
    );
}

/// The one campaign the sandbox holds.
async fn first_campaign(base: &str) -> String {
    let c = client(base, "next-round-test");
    let v = c
        .get("act_1234567890/campaigns", &[("fields", "id")])
        .await
        .unwrap();
    v["data"][0]["id"].as_str().unwrap().to_string()
}

/// An ad the sandbox holds.
async fn c_first_ad(base: &str) -> String {
    let c = client(base, "next-round-test");
    let v = c
        .get("act_1234567890/ads", &[("fields", "id")])
        .await
        .unwrap();
    v["data"][0]["id"].as_str().unwrap().to_string()
}

/// An ad no launch of dcw's made (the sandbox's demo ads): its next round is read from Graph.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn next_round_of_an_ad_dcw_did_not_launch_reads_it_all_from_graph() {
    use common::cli::{arg, dcw};
    let sb = common::sandbox::start(dcw::sandbox::SandboxConfig {
        demo_ads: 1,
        demo_active: true,
        ..common::sandbox::test_config()
    })
    .await;
    let base = sb.base.as_str();
    let home = tempfile::tempdir().unwrap();
    let ad = c_first_ad(base).await;
    let out = home.path().join("next.json");
    let token = Some("next-round-test");
    let run = dcw(
        home.path(),
        token,
        &["next-round", &ad, "--out", arg(&out), "--api-base", base],
    )
    .await;
    assert_eq!(run.code, Some(0), "{run}");
    assert!(run.stderr.contains("no launch of dcw's made ad"), "{run}");
    let valid = dcw(home.path(), token, &["validate", arg(&out)]).await;
    assert_eq!(valid.code, Some(0), "{valid}");
    let second = dcw(
        home.path(),
        token,
        &["submit", "--yes", "--api-base", base, arg(&out)],
    )
    .await;
    assert_eq!(second.code, Some(0), "{second}");
    let (campaigns, _, _, _) = launched(base).await;
    assert_eq!(campaigns, Some(1), "the demo's campaign, and no other");
}

/// An ad a fix pointed at a new creative: the next round takes that creative's assets.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn next_round_after_a_fix_takes_the_creative_the_ad_shows_now() {
    use common::cli::{arg, dcw, home_and_spec, sales_json};
    let sb = common::sandbox::start(common::sandbox::test_config()).await;
    let (home, dir, spec) = home_and_spec(&sales_json());
    let (h, base, token) = (home.path(), sb.base.as_str(), Some("next-round-test"));
    let run = dcw(
        h,
        token,
        &[
            "submit",
            "--yes",
            "--json",
            "--activate",
            "--api-base",
            base,
            arg(&spec),
        ],
    )
    .await;
    assert_eq!(run.code, Some(0), "{run}");
    let first: Value = serde_json::from_str(&run.stdout).unwrap();
    let launch_id = first["launch"].as_str().unwrap();
    let launches = dcw::store::Paths::under(h.to_path_buf()).launches_dir();
    let j: dcw::launch::LaunchJournal = dcw::store::load_journal(&launches, launch_id).unwrap();
    let c = client(base, "next-round-test");
    let old = c
        .object(
            "1234567890",
            &j.created("creative").unwrap(),
            "name,object_story_spec,asset_feed_spec",
        )
        .await
        .unwrap();
    // The fix: the first body gone, in a new creative both ads show.
    let mut feed = old["asset_feed_spec"].clone();
    feed["bodies"] = json!([feed["bodies"][1].clone()]);
    let mut p = serde_json::Map::new();
    p.insert("name".into(), json!("Winter Sale creative · fixed"));
    p.insert("object_story_spec".into(), old["object_story_spec"].clone());
    p.insert("asset_feed_spec".into(), feed.clone());
    let fixed = c.create("1234567890", "adcreatives", &p).await.unwrap();
    for ad in ["ad:0", "ad:1"] {
        c.repoint_ad("1234567890", &j.created(ad).unwrap(), &fixed)
            .await
            .unwrap();
    }
    let out = dir.path().join("next.json");
    let run = dcw(
        h,
        token,
        &[
            "next-round",
            launch_id,
            "--out",
            arg(&out),
            "--api-base",
            base,
        ],
    )
    .await;
    assert_eq!(run.code, Some(0), "{run}");
    assert!(run.stderr.contains("(a fix)"), "{run}");
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(
        written["creative"]["asset_feed_spec"]["bodies"], feed["bodies"],
        "{written}"
    );
    let valid = dcw(h, token, &["validate", arg(&out)]).await;
    assert_eq!(valid.code, Some(0), "{valid}");
}
