//! The status pane's frame time with 5,000 watched ads (in review, rejected with details, with
//! issues, approved, paused) drawn at 200x60 into ratatui's TestBackend: the table with the
//! cursor in the middle of the list, the same with a filter set, and `StatusPane::reorder`
//! (sort and filter, as after every poll). Budget: under 2 ms a frame.
//!
//! The ads are the JSON shapes of tests/common/watching.rs, which this bench includes.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use dcw::tui::StatusPane;
use dcw::tui::Theme;
use dcw::tui::{PaneCtx, draw_status};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Value, json};

#[allow(dead_code)]
#[path = "../tests/common/watching.rs"]
mod watching;

use watching::{ad, rejected_details};

const ROWS: usize = 5_000;

/// 5,000 ads: of every ten, four rejected (with details), two in review, two with issues, one
/// approved and one approved and paused.
fn pane() -> StatusPane {
    let mut ads: Vec<Value> = Vec::with_capacity(ROWS);
    let mut rejected: Vec<String> = Vec::new();
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
        ads.push(a);
        if status == "DISAPPROVED" {
            rejected.push(id);
        }
    }
    let details: Vec<(&str, Value)> = rejected
        .iter()
        .map(|id| (id.as_str(), rejected_details(id)))
        .collect();
    watching::pane(&ads, &details)
}

fn frame(term: &mut Terminal<TestBackend>, p: &StatusPane, ctx: &PaneCtx) {
    term.draw(|f| draw_status(p, ctx, Theme { color: true }, f, f.area()))
        .unwrap();
}

fn bench(c: &mut Criterion) {
    let ctx = PaneCtx {
        destination: dcw::graph::Destination::BuiltIn,
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
