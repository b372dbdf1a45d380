//! How long validation takes for a full 30-asset Dynamic Creative spec (budget: well under 1 ms),
//! and how long parsing it takes; and that validation grows linearly with a hostile spec's size
//! (1,000, 10,000 and 100,000 titles: each duplicate check is one pass, not each asset against
//! every earlier one).

use std::hint::black_box;

use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use dcw::spec::{Facts, ImageFacts, ImageFormat, parse_spec, validate};
use serde_json::json;

/// 10 images + 5 titles + 5 bodies + 4 descriptions + 1 link + 4 CTAs + 1 format = 30 assets.
fn thirty_asset_spec() -> String {
    let images: Vec<_> = (0..10)
        .map(|i| json!({"file": format!("images/{i}.jpg"), "image_crops": {"100x100": [[420, 0], [1500, 1080]]}}))
        .collect();
    let texts = |what: &str, n: usize| -> Vec<_> {
        (0..n)
            .map(|i| json!({"text": format!("{what} {i}, some words 🙂")}))
            .collect()
    };
    json!({
        "version": 1, "account_id": "act_1234567890", "page_id": "102938475610293", "currency": "USD",
        "campaign": {"name": "Bench", "objective": "OUTCOME_SALES", "special_ad_categories": [],
                     "status": "PAUSED", "is_adset_budget_sharing_enabled": false},
        "ad_set": {"name": "Bench", "optimization_goal": "OFFSITE_CONVERSIONS", "billing_event": "IMPRESSIONS",
                   "bid_strategy": "LOWEST_COST_WITHOUT_CAP", "lifetime_budget": 50000,
                   "start_time": "2030-01-04T09:00:00-0500", "end_time": "2030-01-25T09:00:00-0500",
                   "promoted_object": {"pixel_id": "1234567890", "custom_event_type": "PURCHASE"},
                   "targeting": {"geo_locations": {"countries": ["US", "CA", "GB"]}, "age_min": 18, "age_max": 65,
                                 "targeting_automation": {"advantage_audience": 0}}},
        "creative": {"name": "Bench", "asset_feed_spec": {
            "images": images, "titles": texts("Title", 5), "bodies": texts("Body", 5),
            "descriptions": texts("Desc", 4),
            "link_urls": [{"website_url": "https://shop.example.com/winter"}],
            "call_to_action_types": ["SHOP_NOW", "LEARN_MORE", "BUY_NOW", "ORDER_NOW"],
            "ad_formats": ["SINGLE_IMAGE"]}},
        "ad": {"name": "Bench", "status": "PAUSED"}
    })
    .to_string()
}

fn bench(c: &mut Criterion) {
    let text = thirty_asset_spec();
    let spec = parse_spec(&text).unwrap();
    let mut facts = Facts::at(Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap());
    for i in 0..10 {
        facts.images.insert(
            format!("images/{i}.jpg"),
            ImageFacts::Read {
                format: ImageFormat::Jpeg,
                width: 1920,
                height: 1080,
                bytes: 400_000,
                complete: true,
            },
        );
    }
    let findings = validate(&spec, &facts);
    assert!(
        findings.is_empty(),
        "the bench spec is clean: {findings:#?}"
    );
    c.bench_function("validate 30-asset spec", |b| {
        b.iter(|| validate(black_box(&spec), black_box(&facts)))
    });
    c.bench_function("parse 30-asset spec", |b| {
        b.iter(|| parse_spec(black_box(&text)))
    });
}

/// The 30-asset spec with `n` titles, every tenth repeating an earlier one.
fn spec_with_titles(n: usize) -> dcw::spec::LaunchSpec {
    let mut v: serde_json::Value = serde_json::from_str(&thirty_asset_spec()).unwrap();
    let titles: Vec<_> = (0..n)
        .map(|i| json!({"text": format!("Title {}", if i % 10 == 9 { i / 2 } else { i })}))
        .collect();
    v["creative"]["asset_feed_spec"]["titles"] = json!(titles);
    parse_spec(&v.to_string()).unwrap()
}

fn bench_many_titles(c: &mut Criterion) {
    let facts = Facts::at(Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap());
    let mut group = c.benchmark_group("validate titles");
    group.sample_size(10);
    for n in [1_000, 10_000, 100_000] {
        let spec = spec_with_titles(n);
        group.bench_function(format!("{n}"), |b| {
            b.iter(|| validate(black_box(&spec), black_box(&facts)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench, bench_many_titles);
criterion_main!(benches);
