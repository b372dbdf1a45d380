//! The status pane: what it shows (insta snapshots at 80x24 and 120x40) and how it moves
//! (pure `update`: keys, polls, timers).

use crate::common;

use common::watching::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcw::tui::Effect;
use dcw::tui::Theme;
use dcw::tui::{PaneCtx, draw_status};
use dcw::tui::{Sort, StatusPane};
use dcw::watch::ReviewState;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn screen(p: &StatusPane, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    let ctx = PaneCtx {
        destination: dcw::graph::Destination::BuiltIn,
    };
    t.draw(|f| draw_status(p, &ctx, Theme { color: true }, f, f.area()))
        .unwrap();
    format!("{}", t.backend())
}

fn key(p: &mut StatusPane, code: KeyCode) -> Vec<Effect> {
    let mut quit = false;
    p.on_key(KeyEvent::new(code, KeyModifiers::NONE), &mut quit)
}

fn select(p: &mut StatusPane, ad_id: &str) {
    let pos = p
        .order
        .iter()
        .position(|i| p.watch.model.rows[*i].ad_id == ad_id)
        .unwrap();
    p.selected = pos;
}

#[test]
fn snapshots_of_the_pane() {
    let empty = pane(&[], &[]);
    let mixed = mixed();
    for (w, h) in [(80, 24), (120, 40)] {
        // The detail scrolls by the pages of the screen it is drawn on.
        let mut detail = mixed.clone();
        detail.area = ratatui::layout::Rect::new(0, 0, w, h);
        select(&mut detail, "120210000000000020");
        key(&mut detail, KeyCode::Enter);
        key(&mut detail, KeyCode::Down);
        insta::assert_snapshot!(format!("status_empty_{w}x{h}"), screen(&empty, w, h));
        insta::assert_snapshot!(format!("status_mixed_{w}x{h}"), screen(&mixed, w, h));
        insta::assert_snapshot!(format!("status_rejection_{w}x{h}"), screen(&detail, w, h));
    }
}

#[test]
fn a_rejection_names_the_asset_and_meta_s_sentence() {
    let p = mixed();
    let s = screen(&p, 120, 40);
    // Sorted by status: the rejected ad first, selected, its detail below.
    assert!(s.contains("▸ ✗ rejected"), "{s}");
    assert!(
        s.contains("✗ Body 2 «Try our craft beer, brewed in…» — ALCOHOL"),
        "{s}"
    );
    assert!(s.contains("✗ Title 2 «Craft beer club» — ALCOHOL"), "{s}");
    assert!(
        s.contains("ALCOHOL: Your ad may not be approved because it promotes alcohol."),
        "{s}"
    );
    assert!(s.contains("selected_ad_ids=120210000000000020"), "{s}");
    // Each state reads without colour: symbol and word.
    for word in [
        "◷ in review",
        "! issues",
        "✓ approved",
        "✓ approved, paused",
    ] {
        assert!(s.contains(word), "{word} missing:\n{s}");
    }
}

#[test]
fn issues_info_shows_in_the_detail() {
    let mut p = mixed();
    select(&mut p, "120210000000000030");
    let s = screen(&p, 120, 40);
    assert!(s.contains("! Destination URL not reachable (1487000): The link https://shop.invalid/gloves could not be reached."), "{s}");
}

#[test]
fn the_filter_narrows_by_reason_and_esc_clears_it() {
    let mut p = mixed();
    key(&mut p, KeyCode::Char('/'));
    for c in "alcohol".chars() {
        key(&mut p, KeyCode::Char(c));
    }
    assert_eq!(p.order.len(), 1);
    assert_eq!(p.current().unwrap().ad_id, "120210000000000020");
    let s = screen(&p, 80, 24);
    assert!(s.contains("/alcohol"), "{s}");
    key(&mut p, KeyCode::Enter);
    assert!(screen(&p, 80, 24).contains("filter «alcohol»: 1 shown"));
    key(&mut p, KeyCode::Esc);
    assert_eq!(p.order.len(), 5);
}

#[test]
fn sort_cycles_and_keeps_the_selected_ad() {
    let mut p = mixed();
    select(&mut p, "120210000000000040");
    key(&mut p, KeyCode::Char('s'));
    assert_eq!(p.sort, Sort::Age);
    assert_eq!(p.current().unwrap().ad_id, "120210000000000040");
    // Longest in its state first: the socks (26 h) lead.
    assert_eq!(p.watch.model.rows[p.order[0]].name, "Wool socks");
    key(&mut p, KeyCode::Char('s'));
    assert_eq!(p.sort, Sort::Name);
    assert_eq!(
        p.watch.model.rows[p.order[0]].name,
        "Craft beer club · dcw-3f9a2c"
    );
}

#[test]
fn sorting_by_name_puts_numbers_in_their_order() {
    let ads: Vec<serde_json::Value> = [10, 2, 1, 11]
        .iter()
        .map(|n| {
            ad(
                &format!("12021000000000{n:04}"),
                &format!("Demo ad {n}"),
                "PENDING_REVIEW",
                5,
            )
        })
        .collect();
    let mut p = pane(&ads, &[]);
    while p.sort != Sort::Name {
        key(&mut p, KeyCode::Char('s'));
    }
    let names: Vec<&str> = p
        .order
        .iter()
        .map(|i| p.watch.model.rows[*i].name.as_str())
        .collect();
    assert_eq!(
        names,
        ["Demo ad 1", "Demo ad 2", "Demo ad 10", "Demo ad 11"]
    );
}

#[test]
fn c_copies_the_ad_id_and_shift_c_the_ads_manager_link() {
    let mut p = mixed();
    key(&mut p, KeyCode::Char('c'));
    assert_eq!(p.clipboard.as_deref(), Some("120210000000000020"));
    key(&mut p, KeyCode::Char('C'));
    assert_eq!(
        p.clipboard.as_deref(),
        Some(
            "https://adsmanager.facebook.com/adsmanager/manage/ads?act=1234567890&selected_ad_ids=120210000000000020"
        )
    );
}

#[test]
fn polls_go_out_once_and_the_timer_is_rearmed_after_the_answers() {
    let mut p = mixed();
    let now = std::time::Instant::now();
    for r in p.watch.model.rows.clone() {
        p.watch.add(
            &dcw::watch::Target {
                ad_id: r.ad_id.clone(),
                account: r.account.clone(),
                launch_id: None,
                launched_at: None,
            },
            now,
            now_utc(),
        );
    }
    let fx = p.start();
    let (plans, _) = match &fx[..] {
        [Effect::Poll { plans, known }, Effect::WakeAfter { .. }] => (plans.clone(), known.clone()),
        other => panic!("expected one Poll and the timer, got {other:?}"),
    };
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0].ads.len(), 5, "one read by id for the five ads");
    // While the account's answers are out, a timer that fires sends no second read of it, and
    // the timer waits (no loop).
    let fx = p.poll_due(p.wake_generation);
    assert!(
        matches!(&fx[..], [Effect::WakeAfter { after, .. }] if *after == dcw::tui::STATUS_REFRESH),
        "{fx:?}"
    );
    let result = dcw::watch::PollResult {
        account: "1234567890".into(),
        ads: vec![dcw::watch::AdRead::from_value(ad(
            "120210000000000010",
            "Winter boots · dcw-3f9a2c",
            "DISAPPROVED",
            3,
        ))],
        ..Default::default()
    };
    p.bell = true;
    let fx = p.polled(&plans[0], &result, None);
    assert!(matches!(fx[..], [Effect::WakeAfter { .. }]), "{fx:?}");
    assert!(p.ring, "the bell rings on a change when it is on");
    assert!(
        p.notice
            .as_deref()
            .unwrap()
            .contains("in review → rejected")
    );
    let row = p.watch.model.get("120210000000000010").unwrap();
    assert_eq!(row.state, ReviewState::Rejected);
    assert!(row.changed);
    // A stale timer is ignored.
    assert!(p.poll_due(p.wake_generation - 1).is_empty());
}

fn now_utc() -> chrono::DateTime<chrono::Utc> {
    now()
}

#[test]
fn the_pane_draws_at_every_size_without_panicking() {
    let p = mixed();
    for w in (1..=200).step_by(7) {
        for h in (1..=60).step_by(3) {
            let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
            t.draw(|f| draw_status(&p, &PaneCtx::default(), Theme { color: false }, f, f.area()))
                .unwrap();
        }
    }
}

fn ctrl(p: &mut StatusPane, c: char) -> Vec<Effect> {
    let mut quit = false;
    p.on_key(
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
        &mut quit,
    )
}

#[test]
fn a_fix_is_prepared_checked_and_sent_only_on_uppercase_y() {
    let mut p = mixed();
    select(&mut p, "120210000000000020");
    key(&mut p, KeyCode::Enter);
    // Unchanged text is refused: Meta would reject it again.
    key(&mut p, KeyCode::Char('e'));
    key(&mut p, KeyCode::Enter);
    let refusal = p.fix.as_ref().unwrap().refusal.clone().unwrap();
    assert!(refusal.contains("unchanged"), "{refusal}");
    // Too long for a body: refused by the spec's rule, the text kept.
    ctrl(&mut p, 'u');
    for c in std::iter::repeat_n('a', 2000) {
        key(&mut p, KeyCode::Char(c));
    }
    key(&mut p, KeyCode::Enter);
    let f = p.fix.as_ref().unwrap();
    assert!(
        f.refusal.as_deref().unwrap().starts_with("Body 2:"),
        "{:?}",
        f.refusal
    );
    assert_eq!(f.editing.as_ref().unwrap().1.text().len(), 2000);
    ctrl(&mut p, 'u');
    for c in "Try our warm socks.".chars() {
        key(&mut p, KeyCode::Char(c));
    }
    key(&mut p, KeyCode::Enter);
    // Drop the title too.
    key(&mut p, KeyCode::Down);
    key(&mut p, KeyCode::Char('x'));
    let f = p.fix.as_ref().unwrap();
    assert_eq!(f.summary(), "Body 2 edited, Title 2 dropped");
    assert_eq!(f.feed["bodies"][1]["text"], "Try our warm socks.");
    assert_eq!(f.feed["titles"].as_array().unwrap().len(), 1);
    let s = screen(&p, 120, 40);
    assert!(s.contains("✎ fixed: «Try our warm socks.»"), "{s}");
    assert!(s.contains("✎ dropped from the feed"), "{s}");
    assert!(
        s.contains("Fix ready: Body 2 edited, Title 2 dropped"),
        "{s}"
    );
    // Ctrl+S asks; a lowercase y does not send, and the fix is kept.
    assert!(ctrl(&mut p, 's').is_empty());
    assert!(key(&mut p, KeyCode::Char('y')).is_empty());
    assert!(p.fix.is_some());
    ctrl(&mut p, 's');
    let fx = key(&mut p, KeyCode::Char('Y'));
    let [Effect::Fix(req)] = &fx[..] else {
        panic!("expected the fix: {fx:?}")
    };
    assert_eq!(req.ad_id, "120210000000000020");
    assert_eq!(req.creative_id, "1202100000000000207");
    assert_eq!(req.feed["bodies"][1]["text"], "Try our warm socks.");
    // A refusal keeps the fix for another try.
    p.fixed("120210000000000020", Err("Meta said no".into()));
    assert!(p.fix.as_ref().is_some_and(|f| !f.running));
    assert!(p.notice.as_deref().unwrap().contains("Meta said no"));
}

#[test]
fn the_only_image_of_a_single_image_feed_cannot_be_dropped() {
    let mut p = mixed();
    select(&mut p, "120210000000000020");
    key(&mut p, KeyCode::Enter);
    key(&mut p, KeyCode::Char('x'));
    // Body 2 dropped leaves one body: fine.
    assert_eq!(
        p.fix.as_ref().unwrap().feed["bodies"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let mut f = p.fix.clone().unwrap();
    let only = dcw::watch::AssetRef {
        kind: "images",
        index: 0,
        text: "a1b2c3".into(),
        name: None,
    };
    let e = f.drop_asset(&only).unwrap_err();
    assert!(
        e.starts_with("Image 1 cannot be dropped: SINGLE_IMAGE needs at least one image"),
        "{e}"
    );
    assert_eq!(
        f.feed["images"].as_array().unwrap().len(),
        1,
        "the feed is as it was"
    );
}

/// What the sandbox's ad 40 is read with: USD, a pixel purchase goal, `feed`.
fn context_40(feed: Option<serde_json::Value>) -> dcw::watch::AdContext {
    let ad = serde_json::json!({"name": "Scarves ad",
        "adset": {"optimization_goal": "OFFSITE_CONVERSIONS",
                  "promoted_object": {"pixel_id": "1", "custom_event_type": "PURCHASE"}},
        "creative": {"asset_feed_spec": feed}});
    dcw::watch::AdContext::from_read("120210000000000040", "1234567890", &ad, Some("USD"))
}

/// Results of `rows` (label, impressions, clicks, spend, purchases) for the query asked.
fn results_of(
    p: &StatusPane,
    query: dcw::watch::ResultsQuery,
    feed: Option<serde_json::Value>,
    rows: &[(&str, u64, u64, &str, u64)],
) -> dcw::watch::Results {
    use dcw::watch::insights::AssetResult;
    let parsed = rows
        .iter()
        .map(|(label, imp, clicks, spend, bought)| {
            let minor = (spend.parse::<f64>().unwrap() * 100.0).round() as i64;
            let r = AssetResult {
                label: label.to_string(),
                asset: None,
                media_id: None,
                impressions: *imp,
                clicks: *clicks,
                spend: spend.to_string(),
                spend_minor: minor,
                reach: imp / 2,
                ctr: *clicks as f64 * 100.0 / *imp as f64,
                actions: vec![
                    ("link_click".into(), *clicks),
                    ("offsite_conversion.fb_pixel_purchase".into(), *bought),
                ],
            };
            (None, r)
        })
        .collect();
    dcw::watch::Results::from_parsed(
        &context_40(feed),
        query,
        parsed,
        Some(("2026-11-30".into(), "2026-12-06".into())),
        p.watch.model.files(),
    )
}

fn asked(fx: &[Effect]) -> dcw::watch::ResultsQuery {
    let [Effect::LoadResults { query, .. }] = fx else {
        panic!("{fx:?}")
    };
    *query
}

#[test]
fn results_load_per_breakdown_and_draw_best_first() {
    let mut p = mixed();
    select(&mut p, "120210000000000040");
    let fx = key(&mut p, KeyCode::Char('r'));
    let [Effect::LoadResults { ad_id, query, .. }] = &fx[..] else {
        panic!("{fx:?}")
    };
    assert_eq!(
        (ad_id.as_str(), query.breakdown),
        ("120210000000000040", "body_asset")
    );
    assert_eq!(query.range.word(), "maximum");
    let query = *query;
    let loading = screen(&p, 80, 24);
    assert!(loading.contains("Reading insights…"), "{loading}");
    let rows = [
        (
            "Body 1 «Scarves, 30% off this week.»",
            9800,
            122,
            "33.05",
            3,
        ),
        (
            "Body 2 «Soft wool scarves for the cold.»",
            12400,
            310,
            "1241.20",
            31,
        ),
        ("Body 3 «Knitted by hand.»", 640, 9, "2.10", 1),
    ];
    let r = results_of(&p, query, None, &rows);
    p.results_loaded("120210000000000040", query, Ok(r));
    for (w, h) in [(80, 24), (120, 40)] {
        let s = screen(&p, w, h);
        assert!(s.contains("$1,241.20"), "money with its symbol: {s}");
        assert!(s.contains("PURCHASES"), "{s}");
        assert!(s.contains("beyond"), "the hint: {s}");
        insta::assert_snapshot!(format!("status_results_{w}x{h}"), s);
    }
    // Best by cost per purchase first: Body 1 at $11.02 before Body 2 at $40.04, though Body 2
    // has the higher CTR; Body 3 is under the floor of impressions.
    let shown = p.results.as_ref().unwrap().shown().unwrap();
    assert_eq!(
        shown.assets[0].label,
        "Body 1 «Scarves, 30% off this week.»"
    );
    // ↓ moves the cursor; the detail follows it.
    key(&mut p, KeyCode::Down);
    assert!(screen(&p, 120, 40).contains("── Body 2 «Soft wool scarves"));
    // The next breakdown is asked for once; coming back does not ask again.
    let fx = key(&mut p, KeyCode::Right);
    assert_eq!(asked(&fx).breakdown, "title_asset");
    assert!(key(&mut p, KeyCode::Left).is_empty());
    // `t`: the next range, read again; `g`: by age, read again.
    let fx = key(&mut p, KeyCode::Char('t'));
    assert_eq!(
        asked(&fx).range.word(),
        "today",
        "after maximum, the first preset"
    );
    let fx = key(&mut p, KeyCode::Char('g'));
    let q = asked(&fx);
    assert_eq!(
        (q.range.word().as_str(), q.split.map(|s| s.word())),
        ("today", Some("age"))
    );
    // An answer for a range no longer shown is dropped.
    p.results_loaded(
        "120210000000000040",
        query,
        Ok(results_of(&p, query, None, &rows)),
    );
    assert!(screen(&p, 80, 24).contains("Reading insights…"));
    key(&mut p, KeyCode::Esc);
    assert!(p.results.is_none());
}

#[test]
fn the_results_tabs_follow_the_feed_read_with_the_first_results_and_it_is_read_once() {
    let mut p = mixed();
    select(&mut p, "120210000000000040");
    p.watch.model.get_mut("120210000000000040").unwrap().feed = None;
    let fx = key(&mut p, KeyCode::Char('r'));
    assert!(
        matches!(&fx[..], [Effect::LoadResults { context: None, .. }]),
        "{fx:?}"
    );
    let query = asked(&fx);
    let tabs = |p: &StatusPane| p.results.as_ref().unwrap().breakdowns.clone();
    assert!(tabs(&p).contains(&"video_asset"), "feed unknown: every tab");
    // The first answer brings the feed (images, no videos): the Videos tab goes, the feed stays.
    let feed = serde_json::json!({"images": [{"hash": "a1"}], "bodies": [{"text": "Warm."}],
                                  "ad_formats": ["SINGLE_IMAGE"]});
    let r = results_of(&p, query, Some(feed.clone()), &[]);
    p.results_loaded("120210000000000040", query, Ok(r));
    assert!(!tabs(&p).contains(&"video_asset"), "{:?}", tabs(&p));
    assert_eq!(tabs(&p).len(), 7);
    assert_eq!(p.results.as_ref().unwrap().breakdown_name(), "body_asset");
    assert!(!screen(&p, 120, 40).contains("Videos"));
    // The next breakdown carries what the ad is read with: it is not read again.
    let fx = key(&mut p, KeyCode::Right);
    let [
        Effect::LoadResults {
            query,
            context: Some(c),
            ..
        },
    ] = &fx[..]
    else {
        panic!("{fx:?}")
    };
    assert_eq!(
        (query.breakdown, c.feed.as_ref()),
        ("title_asset", Some(&feed))
    );

    // A feed with videos keeps the tab.
    key(&mut p, KeyCode::Esc);
    p.watch.model.get_mut("120210000000000040").unwrap().feed = None;
    let fx = key(&mut p, KeyCode::Char('r'));
    let videos = serde_json::json!({"videos": [{"video_id": "7"}], "ad_formats": ["SINGLE_VIDEO"]});
    let q = asked(&fx);
    p.results_loaded(
        "120210000000000040",
        q,
        Ok(results_of(&p, q, Some(videos), &[])),
    );
    assert!(tabs(&p).contains(&"video_asset"));
}

#[test]
fn edits_after_a_drop_find_each_asset_by_its_text() {
    // Three bodies, the first and third rejected.
    let feed = serde_json::json!({
        "images": [{"hash": "a1b2c3"}],
        "bodies": [{"text": "Beer one."}, {"text": "Boots two."}, {"text": "Beer three."}],
        "ad_formats": ["SINGLE_IMAGE"]
    });
    let mut f = dcw::tui::FixDraft::new("1", &feed);
    let body = |i: usize, t: &str| dcw::watch::AssetRef {
        kind: "bodies",
        index: i,
        text: t.into(),
        name: None,
    };
    f.drop_asset(&body(0, "Beer one.")).unwrap();
    f.edit(&body(2, "Beer three.")).unwrap();
    assert_eq!(f.editing.as_ref().unwrap().1.text(), "Beer three.");
    let input = &mut f.editing.as_mut().unwrap().1;
    input.delete_to_start();
    input.insert_str("Socks three.");
    assert!(f.commit(), "{:?}", f.refusal);
    assert_eq!(
        f.feed["bodies"],
        serde_json::json!([{"text": "Boots two."}, {"text": "Socks three."}]),
        "the approved body is untouched"
    );
    // Edited again, it is found by its new text; dropped, it cannot be edited.
    f.edit(&body(2, "Beer three.")).unwrap();
    assert_eq!(f.editing.as_ref().unwrap().1.text(), "Socks three.");
    f.editing = None;
    assert!(
        f.edit(&body(0, "Beer one."))
            .unwrap_err()
            .contains("dropped")
    );
    assert_eq!(f.summary(), "Body 1 dropped, Body 3 edited");
}

#[test]
fn q_over_an_unsent_fix_asks_once() {
    let mut p = mixed();
    select(&mut p, "120210000000000020");
    key(&mut p, KeyCode::Enter);
    key(&mut p, KeyCode::Down);
    key(&mut p, KeyCode::Char('x'));
    let mut quit = false;
    p.on_key(
        KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE),
        &mut quit,
    );
    assert!(!quit);
    assert!(
        p.notice.as_deref().unwrap().contains("is not sent"),
        "{:?}",
        p.notice
    );
    p.on_key(
        KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE),
        &mut quit,
    );
    assert!(quit);
}

#[test]
fn confirming_a_fix_names_the_rejected_assets_it_leaves_unchanged() {
    let mut p = mixed();
    select(&mut p, "120210000000000020");
    key(&mut p, KeyCode::Enter);
    let first = p.current().unwrap().rejections[0].asset.clone().unwrap();
    key(&mut p, KeyCode::Down);
    key(&mut p, KeyCode::Char('x'));
    ctrl(&mut p, 's');
    let s = screen(&p, 200, 40);
    assert!(
        s.contains(&format!(
            "✗ Unchanged and still rejected: {}.",
            first.label()
        )),
        "{s}"
    );
    // With every rejected asset changed, no warning.
    key(&mut p, KeyCode::Char('n'));
    key(&mut p, KeyCode::Up);
    key(&mut p, KeyCode::Char('x'));
    ctrl(&mut p, 's');
    let s = screen(&p, 200, 40);
    assert!(s.contains("Send the fix ("), "{s}");
    assert!(!s.contains("still rejected"), "{s}");
}

#[test]
fn ctrl_s_without_a_fix_says_so_and_does_not_sort_and_e_in_the_table_points_to_the_detail() {
    let mut p = mixed();
    let sort = p.sort;
    ctrl(&mut p, 's');
    assert_eq!(p.sort, sort, "Ctrl+S is not s");
    assert!(
        p.notice.as_deref().unwrap().contains("No fix to send"),
        "{:?}",
        p.notice
    );
    select(&mut p, "120210000000000020");
    assert!(key(&mut p, KeyCode::Char('e')).is_empty());
    assert!(p.fix.is_none());
    assert!(
        p.notice
            .as_deref()
            .unwrap()
            .contains("Enter opens the ad's detail"),
        "{:?}",
        p.notice
    );
}

#[test]
fn checking_now_gives_way_when_the_answers_are_in() {
    let mut p = mixed();
    let answer = |p: &mut StatusPane, fx: &[Effect]| {
        for e in fx {
            if let Effect::Poll { plans, .. } = e {
                for plan in plans {
                    let result = dcw::watch::PollResult {
                        account: plan.account.clone(),
                        ..Default::default()
                    };
                    p.polled(plan, &result, None);
                }
            }
        }
    };
    let now = std::time::Instant::now();
    for r in p.watch.model.rows.clone() {
        let target = dcw::watch::Target {
            ad_id: r.ad_id.clone(),
            account: r.account.clone(),
            launch_id: None,
            launched_at: None,
        };
        p.watch.add(&target, now, now_utc());
    }
    // `p` while a read is out: it says so until the answers are in.
    let fx = p.start();
    assert!(
        fx.iter().any(|e| matches!(e, Effect::Poll { .. })),
        "{fx:?}"
    );
    key(&mut p, KeyCode::Char('p'));
    assert_eq!(p.notice.as_deref(), Some("Checking now…"));
    answer(&mut p, &fx);
    assert_eq!(p.notice.as_deref(), Some("Checked: no change."));
    // Again: read at once, and the same end.
    let fx = key(&mut p, KeyCode::Char('p'));
    assert_eq!(p.notice.as_deref(), Some("Checking now…"));
    answer(&mut p, &fx);
    assert_eq!(p.notice.as_deref(), Some("Checked: no change."));
    // When nothing can be read at once, `p` says when it will be.
    let mut idle = mixed();
    let fx = key(&mut idle, KeyCode::Char('p'));
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Poll { .. })),
        "{fx:?}"
    );
    assert_eq!(
        idle.notice.as_deref(),
        Some("Checking at the next read, in 10s.")
    );
}

#[test]
fn an_issue_is_shown_in_full_wrapped_to_the_width() {
    let mut p = mixed();
    select(&mut p, "120210000000000030");
    key(&mut p, KeyCode::Enter);
    let s = screen(&p, 60, 30);
    assert!(
        s.contains("! Destination URL not reachable (1487000): The"),
        "{s}"
    );
    assert!(
        s.contains("could not be reached."),
        "the end of the message: {s}"
    );
}

#[test]
fn a_long_edit_scrolls_to_show_the_cursor_and_the_cursor_shows_where_it_is() {
    let mut p = mixed();
    select(&mut p, "120210000000000020");
    key(&mut p, KeyCode::Enter);
    key(&mut p, KeyCode::Char('e'));
    assert!(p.fix.as_ref().unwrap().editing.is_some());
    key(&mut p, KeyCode::End);
    for c in " and then a long tail of words that ends with ZEBRA".chars() {
        key(&mut p, KeyCode::Char(c));
    }
    let s = screen(&p, 60, 24);
    assert!(s.contains("ZEBRA▏"), "the end, where the cursor is: {s}");
    key(&mut p, KeyCode::Home);
    let s = screen(&p, 60, 24);
    assert!(
        s.contains(": ▏Try our craft beer"),
        "the start, cursor first: {s}"
    );
    assert!(!s.contains("ZEBRA"), "{s}");
}

/// A pane over the mixed ads whose config's `keys` say these bindings.
fn rebound(pairs: &[(&str, &[&str])]) -> StatusPane {
    let o: std::collections::HashMap<String, Vec<String>> = pairs
        .iter()
        .map(|(a, k)| (a.to_string(), k.iter().map(|k| k.to_string()).collect()))
        .collect();
    mixed().with_keys(dcw::tui::KeyMap::with_overrides(&o).unwrap())
}

#[test]
fn a_pane_action_rebound_in_the_config_acts_on_its_new_key_only() {
    let mut p = rebound(&[("sort", &["o"]), ("copy_id", &["y"])]);
    key(&mut p, KeyCode::Char('s'));
    assert_eq!(p.sort, Sort::Status, "s no longer sorts");
    key(&mut p, KeyCode::Char('o'));
    assert_eq!(p.sort, Sort::Age, "o sorts");
    key(&mut p, KeyCode::Char('y'));
    assert!(p.clipboard.is_some(), "y copies the ad id");
    // The hint bar and the help say the new keys.
    let s = screen(&p, 120, 40);
    let bar = s.lines().last().unwrap();
    assert!(bar.contains("o sort") && bar.contains("y copy id"), "{bar}");
    assert!(!bar.contains("s sort"), "{bar}");
    key(&mut p, KeyCode::Char('?'));
    let s = screen(&p, 120, 40);
    let line = s
        .lines()
        .find(|l| l.contains("sort by status, time in state"))
        .unwrap_or_else(|| panic!("no sort line in the help:\n{s}"));
    assert!(line.contains("│o "), "{line}");
}

#[test]
fn the_results_the_filter_and_the_fix_editor_read_their_keys_from_the_table() {
    let mut p = rebound(&[
        ("results", &["ctrl+r"]),
        ("next_breakdown", &["n"]),
        // `n` is the next round's by default: moved, so the breakdown can have it.
        ("next_round", &["N"]),
        ("keep", &["ctrl+g"]),
    ]);
    key(&mut p, KeyCode::Char('r'));
    assert!(p.results.is_none(), "r no longer opens the results");
    p.on_key(
        KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL),
        &mut false,
    );
    assert_eq!(p.results.as_ref().unwrap().breakdown, 0);
    key(&mut p, KeyCode::Char('n'));
    assert_eq!(
        p.results.as_ref().unwrap().breakdown,
        1,
        "n is the next breakdown"
    );
    key(&mut p, KeyCode::Esc);
    assert!(p.results.is_none());
    key(&mut p, KeyCode::Char('/'));
    for c in "beer".chars() {
        key(&mut p, KeyCode::Char(c));
    }
    assert!(screen(&p, 80, 24).contains("type to filter · Ctrl+G keep · Esc clear"));
    key(&mut p, KeyCode::Enter);
    assert!(p.filter_input.is_some(), "Enter no longer keeps the filter");
    p.on_key(
        KeyEvent::new(KeyCode::Char('g'), KeyModifiers::CONTROL),
        &mut false,
    );
    assert!(p.filter_input.is_none(), "Ctrl+G keeps it");
    assert_eq!(p.filter, "beer");
}

#[test]
fn the_pane_s_sentences_name_the_keys_the_config_gave() {
    let mut p = rebound(&[
        ("edit", &["i"]),
        ("send_fix", &["ctrl+y"]),
        ("detail", &["space"]),
    ]);
    key(&mut p, KeyCode::Char('i'));
    assert_eq!(
        p.notice.as_deref(),
        Some(
            "Space opens the ad's detail; pick a rejected asset there, then i edits it or x drops it."
        )
    );
    p.on_key(
        KeyEvent::new(KeyCode::Char('y'), KeyModifiers::CONTROL),
        &mut false,
    );
    let notice = p.notice.clone().unwrap();
    assert!(
        notice.contains("open a rejected ad (Space), pick the asset, i edit or x drop"),
        "{notice}"
    );
    assert!(screen(&p, 120, 40).contains(" Detail (Space) "));
}

#[test]
fn a_paste_goes_into_the_filter_and_the_fix_editor_being_typed_as_one_line() {
    let mut p = mixed();
    // Nothing is typed in the table: a paste there changes nothing.
    p.on_paste("Boots");
    assert!(p.filter.is_empty() && p.filter_input.is_none());
    key(&mut p, KeyCode::Char('/'));
    p.on_paste("Boots\nad");
    assert_eq!(p.filter, "Boots ad", "one line, filtered at once");
    // One paste, one undo step.
    p.on_key(
        KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL),
        &mut false,
    );
    assert_eq!(p.filter, "");
    key(&mut p, KeyCode::Esc);

    select(&mut p, "120210000000000020");
    key(&mut p, KeyCode::Enter);
    key(&mut p, KeyCode::Char('e'));
    key(&mut p, KeyCode::End);
    p.on_paste(" Now with socks.");
    let f = p.fix.as_ref().unwrap();
    let text = f.editing.as_ref().unwrap().1.text();
    assert!(
        text.starts_with("Try our craft beer") && text.ends_with(" Now with socks."),
        "{text}"
    );

    // The wizard's app hands a paste to the pane it shows (it used to drop it).
    let mut app = common::wizard::new_app();
    app.status = Some(mixed());
    app.show_status = true;
    app.update(dcw::tui::Msg::Key(KeyEvent::new(
        KeyCode::Char('/'),
        KeyModifiers::NONE,
    )));
    app.update(dcw::tui::Msg::Paste("Boots".into()));
    assert_eq!(app.status.as_ref().unwrap().filter, "Boots");
}

/// The detail rows of an 80x24 screen (under the detail's top border, above the status line).
fn detail_rows(p: &StatusPane) -> String {
    let s = screen(p, 80, 24);
    let rows: Vec<&str> = s.lines().collect();
    let top = rows
        .iter()
        .position(|l| l.contains(" Detail ("))
        .unwrap_or_else(|| panic!("no detail:\n{s}"));
    rows[top..top + 8].join("\n")
}

#[test]
fn the_detail_of_three_rejected_assets_says_how_many_are_below_and_scrolls_to_them() {
    let mut p = twelve_with_three_rejected();
    assert_eq!(p.current().unwrap().rejections.len(), 3);
    // In the table: the first asset, and how to reach the two below.
    let d = detail_rows(&p);
    assert!(d.contains("✗ Body 2 «Try our craft beer"), "{d}");
    assert!(
        d.contains("2 more rejected assets below ↓ (Enter opens the detail)"),
        "{d}"
    );
    // In the detail: ↓ reaches each of them, saying what is left below.
    key(&mut p, KeyCode::Enter);
    let d = detail_rows(&p);
    assert!(
        d.contains("2 more rejected assets below ↓ (↓ or PgDn)"),
        "{d}"
    );
    insta::assert_snapshot!("status_three_rejected_first_80x24", screen(&p, 80, 24));
    key(&mut p, KeyCode::Down);
    let d = detail_rows(&p);
    assert!(d.contains("▸ Title 2"), "{d}");
    assert!(d.contains("1 more rejected asset below ↓"), "{d}");
    key(&mut p, KeyCode::Down);
    let d = detail_rows(&p);
    assert!(
        d.contains("▸ Link 1 «https://shop.example.com/boots»"),
        "{d}"
    );
    assert!(!d.contains("below ↓"), "nothing left below: {d}");
    assert!(d.contains("above ↑"), "{d}");
    insta::assert_snapshot!("status_three_rejected_last_80x24", screen(&p, 80, 24));
    // ↓ and PgDn past the end change nothing (bounded); PgUp goes back to the top.
    let end = screen(&p, 80, 24);
    key(&mut p, KeyCode::Down);
    key(&mut p, KeyCode::PageDown);
    key(&mut p, KeyCode::PageDown);
    assert_eq!(screen(&p, 80, 24), end);
    key(&mut p, KeyCode::PageUp);
    key(&mut p, KeyCode::PageUp);
    let d = detail_rows(&p);
    assert!(
        d.contains("✗ rejected · Craft beer club"),
        "the top again: {d}"
    );
    assert_eq!(p.detail, Some(0), "the highlight follows onto the page");
    // PgDn from the top shows the rest; the highlighted asset is still shown, so it stays.
    key(&mut p, KeyCode::PageDown);
    let d = detail_rows(&p);
    assert!(d.contains("Link 1") && d.contains("▸ Body 2"), "{d}");
    assert_eq!(p.detail, Some(0));
    // Esc closes the detail, and the table's PgDn moves the table again.
    key(&mut p, KeyCode::Esc);
    key(&mut p, KeyCode::PageDown);
    assert_eq!(p.selected, p.order.len() - 1);
}

#[test]
fn a_fixed_ad_under_a_filter_stays_selected_and_visible_until_the_cursor_leaves_it() {
    let beer = "120210000000000020";
    let mut p = pane(
        &[
            ad(beer, "Craft beer club · dcw-3f9a2c", "DISAPPROVED", 30),
            ad("120210000000000060", "Beer mugs", "DISAPPROVED", 20),
            ad("120210000000000040", "Scarves, 30% off", "ACTIVE", 180),
        ],
        &[(beer, rejected_details(beer))],
    );
    key(&mut p, KeyCode::Char('/'));
    for c in "rejected".chars() {
        key(&mut p, KeyCode::Char(c));
    }
    key(&mut p, KeyCode::Enter);
    assert_eq!(p.order.len(), 2);
    select(&mut p, beer);
    key(&mut p, KeyCode::Enter);
    key(&mut p, KeyCode::Char('x'));
    ctrl(&mut p, 's');
    let fx = key(&mut p, KeyCode::Char('Y'));
    assert!(matches!(fx[..], [Effect::Fix(_)]), "{fx:?}");
    p.fixed(beer, Ok(fix_outcome(beer)));
    // The next read finds it in review: the filter no longer matches it, yet it stays.
    p.watch.model.apply_ad(
        "1234567890",
        &ad(beer, "Craft beer club · dcw-3f9a2c", "PENDING_REVIEW", 0),
        now(),
    );
    p.reorder();
    assert_eq!(p.current().unwrap().ad_id, beer);
    assert_eq!(p.current().unwrap().state, ReviewState::InReview);
    let s = screen(&p, 80, 24);
    assert!(s.contains("▸ ◷ in review          Craft beer club"), "{s}");
    assert!(
        s.contains("filter «rejected»: 1 shown, and the ad just fixed"),
        "{s}"
    );
    // The cursor leaves it: the filter decides again, the cursor on the ad it moved to.
    key(&mut p, KeyCode::Up);
    assert_eq!(p.current().unwrap().ad_id, "120210000000000060");
    assert_eq!(p.order.len(), 1, "the fixed ad no longer matches");
    let s = screen(&p, 80, 24);
    assert!(!s.contains("Craft beer club"), "{s}");
    assert!(s.contains("filter «rejected»: 1 shown "), "{s}");
}

#[test]
fn a_fix_that_made_a_new_ad_puts_the_cursor_on_it_whatever_the_filter() {
    let beer = "120210000000000020";
    let mut p = mixed();
    key(&mut p, KeyCode::Char('/'));
    for c in "alcohol".chars() {
        key(&mut p, KeyCode::Char(c));
    }
    key(&mut p, KeyCode::Enter);
    select(&mut p, beer);
    p.fixed(beer, Ok(fix_outcome("120210000000000099")));
    assert_eq!(p.current().unwrap().ad_id, "120210000000000099");
    assert!(screen(&p, 80, 24).contains("▸ "), "the new ad is on screen");
}

#[test]
fn copying_says_what_was_sent_and_that_tmux_needs_set_clipboard_on() {
    let mut p = mixed();
    key(&mut p, KeyCode::Char('c'));
    let n = p.notice.clone().unwrap();
    assert_eq!(
        n,
        "Sent ad id 120210000000000020 to the clipboard (OSC 52; in tmux this needs `set -g set-clipboard on`)"
    );
    // Too long for one row at 80 columns: two rows, read to the end.
    let s = screen(&p, 80, 24);
    assert!(
        s.contains("Sent ad id 120210000000000020 to the clipboard"),
        "{s}"
    );
    assert!(s.contains("set-clipboard on`)"), "{s}");
    key(&mut p, KeyCode::Char('C'));
    let n = p.notice.clone().unwrap();
    assert!(
        n.starts_with("Sent the ad's Ads Manager link to the clipboard (OSC 52; in tmux"),
        "{n}"
    );
    assert!(!n.contains("Copied"), "{n}");
}

#[test]
fn the_help_fits_an_80x24_screen_to_its_last_key() {
    let mut p = mixed();
    key(&mut p, KeyCode::Char('?'));
    let s = screen(&p, 80, 24);
    assert!(s.contains("Ctrl+C    quit from anywhere"), "{s}");
    assert!(
        s.contains("c         the ad id to the clipboard, by OSC 52 (tmux: set-clipboard on)"),
        "{s}"
    );
}

#[test]
fn up_in_a_detail_whose_rejected_assets_went_away_stays_in_bounds() {
    // The detail was on the third rejected asset when a read found the ad in review again.
    let mut p = twelve_with_three_rejected();
    key(&mut p, KeyCode::Enter);
    key(&mut p, KeyCode::Down);
    key(&mut p, KeyCode::Down);
    assert_eq!(p.detail, Some(2));
    let id = p.current().unwrap().ad_id.clone();
    p.watch.model.apply_ad(
        "1234567890",
        &ad(&id, "Craft beer club · dcw-3f9a2c", "PENDING_REVIEW", 0),
        now(),
    );
    p.watch.model.get_mut(&id).unwrap().rejections.clear();
    key(&mut p, KeyCode::Up);
    assert_eq!(p.detail, Some(0));
    key(&mut p, KeyCode::PageDown);
    let s = screen(&p, 80, 24);
    assert!(s.contains("◷ in review · Craft beer club"), "{s}");
}

/// A sandbox's ads are not in Ads Manager: the detail shows no link that leads nowhere and `C`
/// says why it sends nothing, naming the key that sends the id; Meta's ads keep their link.
#[test]
fn a_sandboxs_ad_has_no_ads_manager_link_and_c_says_so() {
    let mut meta = mixed();
    key(&mut meta, KeyCode::Enter);
    let s = screen(&meta, 120, 40);
    assert!(s.contains("adsmanager.facebook.com"), "{s}");

    let mut p = mixed();
    p.sandbox = true;
    key(&mut p, KeyCode::Enter);
    let s = screen(&p, 120, 40);
    assert!(!s.contains("adsmanager.facebook.com"), "{s}");
    assert!(
        s.contains("A sandbox's ad: Ads Manager does not know it (c sends its id)."),
        "{s}"
    );
    p.clipboard = None;
    key(&mut p, KeyCode::Char('C'));
    assert_eq!(p.clipboard, None, "a link was sent");
    let n = p.notice.clone().unwrap();
    assert!(
        n.contains("not in Ads Manager") && n.contains("c sends the ad id"),
        "{n}"
    );
}

/// At 80x24 a control's question shows whole before `Y`: every object it changes with its
/// before and after, the last one included (it takes the rows it needs, up to eight).
#[test]
fn a_controls_question_is_read_to_its_end_at_80x24() {
    let mut p = mixed();
    key(&mut p, KeyCode::Char('P'));
    key(&mut p, KeyCode::Enter);
    let write = |object: &str, kind: &str, name: &str| {
        serde_json::json!({"object": object, "kind": kind, "name": name, "call": "update",
            "params": {"status": "PAUSED"}, "state": "pending"})
    };
    let summary: Vec<String> = (1..=4)
        .map(|i| format!("ad set «Winter boots · audience number {i}» (12021000000000000{i}): ACTIVE → PAUSED"))
        .chain(["campaign «Winter Sale DC» (120210000000000001): ACTIVE → PAUSED, the last".to_string()])
        .collect();
    let journal: dcw::store::ControlJournal = serde_json::from_value(serde_json::json!({
        "id": "20261207-120000-aaaaaa-pause", "control": "pause", "target": "120210000000000001",
        "key": "pause:120210000000000001", "tag": "copy-aaaaaa", "account": "1234567890",
        "graph": "sandbox", "created_at": "2026-12-07T12:00:00+00:00", "state": "running",
        "summary": summary,
        "writes": [write("120210000000000001", "campaign", "Winter Sale DC")],
        "warnings": [], "error": null
    }))
    .unwrap();
    p.control_planned(Ok(dcw::launch::ControlPlan {
        journal,
        resumed: false,
        planned_at: std::time::SystemTime::now(),
    }));
    let s = screen(&p, 80, 24);
    assert!(s.contains("PAUSED, the last."), "{s}");
}
