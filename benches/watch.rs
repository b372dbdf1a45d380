//! The status pane's frame time with 5,000 watched ads (in review, rejected with details, with
//! issues, approved, paused) drawn at 200x60 into ratatui's TestBackend: the table with the
//! cursor in the middle of the list, the same with a filter set, and `StatusPane::reorder`
//! (sort and filter, as after every poll). Budget: under 2 ms a frame.
//!
//! The ads are the JSON shapes of tests/common/watching.rs (copied: benches cannot use
//! tests/common).

use std::hint::black_box;
use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use dcw::graph::Clock;
use dcw::graph::gate::Gate;
use dcw::tui::status::StatusPane;
use dcw::tui::status::view::{PaneCtx, draw};
use dcw::tui::view::Theme;
use dcw::watch::Watch;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Value, json};

const ROWS: usize = 5_000;
const ACCOUNT: &str = "1234567890";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap()
}

fn graph_time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S+0000").to_string()
}

/// An ad as `GET /act_X/ads?fields=…` answers it, created `minutes` before now.
fn ad(id: &str, name: &str, status: &str, minutes: i64) -> Value {
    json!({
        "id": id,
        "name": name,
        "adset_id": format!("{id}5"),
        "campaign_id": "120200000000000001",
        "effective_status": status,
        "configured_status": "PAUSED",
        "created_time": graph_time(now() - Duration::minutes(minutes)),
        "updated_time": graph_time(now() - Duration::minutes(minutes)),
        "ad_review_feedback": if status == "DISAPPROVED" {
            json!({"global": {"ALCOHOL": "Your ad may not be approved because it promotes alcohol. How to fix: remove references to alcoholic drinks."}})
        } else { json!({}) },
        "creative": {"id": format!("{id}7")},
    })
}

/// The feed the launch sent.
fn feed() -> Value {
    json!({
        "images": [{"hash": "a1b2c3"}],
        "titles": [{"text": "Winter boots"}, {"text": "Craft beer club"}],
        "bodies": [{"text": "Our warmest boots are back."}, {"text": "Try our craft beer, brewed in town."}],
        "link_urls": [{"website_url": "https://shop.example.com/boots"}],
        "call_to_action_types": ["SHOP_NOW"],
        "ad_formats": ["SINGLE_IMAGE"]
    })
}

/// The details read for a rejected ad: the ad set's `review_feedback` (a JSON string) naming
/// the second body and title, and the creative's feed.
fn rejected_details(id: &str) -> Value {
    let list = json!([
        {"id": 23842500258220001u64, "text": "Try our craft beer, brewed in town.", "reason": ["ALCOHOL"]},
        {"id": 23842500258220002u64, "text": "Title 2", "reason": ["ALCOHOL"]}
    ]);
    json!({
        "adset": {"id": format!("{id}5"), "name": "Winter boots · US", "review_feedback": list.to_string()},
        "creative": {"id": format!("{id}7"), "asset_feed_spec": feed()},
    })
}

/// 5,000 ads: of every ten, four rejected (with details), two in review, two with issues, one
/// approved and one approved and paused.
fn pane() -> StatusPane {
    let mut w = Watch::new();
    for i in 0..ROWS {
        let id = format!("1202100000{i:08}");
        let (status, name) = match i % 10 {
            0..=3 => ("DISAPPROVED", "Craft beer club"),
            4 | 5 => ("PENDING_REVIEW", "Winter boots"),
            6 | 7 => ("WITH_ISSUES", "Gloves that last"),
            8 => ("ACTIVE", "Scarves, 30% off"),
            _ => ("PAUSED", "Wool socks"),
        };
        let mut a = ad(
            &id,
            &format!("{name} {i} · dcw-3f9a2c"),
            status,
            (i % 600) as i64,
        );
        if status == "WITH_ISSUES" {
            a["issues_info"] = json!([{"level": "AD", "error_code": 1487000, "error_summary": "Destination URL not reachable", "error_message": "The link https://shop.invalid/gloves could not be reached.", "error_type": "HARD_ERROR"}]);
        }
        w.model.apply_ad(ACCOUNT, &a, now());
        if status == "DISAPPROVED" {
            w.model.apply_details(&id, &rejected_details(&id));
        }
    }
    let mut p = StatusPane::new(w, Arc::new(Gate::new()), Clock::default());
    p.now = now();
    p.last_poll = Some(now() - Duration::seconds(4));
    p.reorder();
    p
}

fn frame(term: &mut Terminal<TestBackend>, p: &StatusPane, ctx: &PaneCtx) {
    term.draw(|f| draw(p, ctx, Theme { color: true }, f, f.area()))
        .unwrap();
}

fn bench(c: &mut Criterion) {
    let ctx = PaneCtx {
        sandbox: true,
        api_version: "v25.0".into(),
    };
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();

    let mut middle = pane();
    assert_eq!(middle.order.len(), ROWS);
    middle.selected = ROWS / 2;
    frame(&mut term, &middle, &ctx);
    assert!(
        format!("{}", term.backend()).contains(&format!("{ROWS} ads")),
        "the pane did not draw its rows"
    );
    c.bench_function("pane_5000_rows_200x60", |b| {
        b.iter(|| frame(&mut term, black_box(&middle), &ctx))
    });

    // A filter on the reason: the rejected ads (two in five), the cursor in their middle on a
    // rejection with its detail open.
    let mut filtered = pane();
    filtered.filter = "alcohol".into();
    filtered.reorder();
    assert_eq!(filtered.order.len(), ROWS * 4 / 10);
    filtered.selected = filtered.order.len() / 2;
    filtered.detail = Some(0);
    c.bench_function("pane_5000_rows_200x60_filtered", |b| {
        b.iter(|| frame(&mut term, black_box(&filtered), &ctx))
    });

    // After a poll: sort by status and filter (the filter reads every rejection's asset).
    let mut after_poll = pane();
    after_poll.filter = "alcohol".into();
    after_poll.selected = ROWS / 2;
    c.bench_function("reorder_5000", |b| {
        b.iter(|| {
            after_poll.reorder();
            black_box(after_poll.order.len())
        })
    });
    let mut unfiltered = pane();
    unfiltered.selected = ROWS / 2;
    c.bench_function("reorder_5000_no_filter", |b| {
        b.iter(|| {
            unfiltered.reorder();
            black_box(unfiltered.order.len())
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
