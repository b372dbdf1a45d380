//! `dcw results` on the real binary against an in-process sandbox: a launch's assets as CSV
//! (a header row, one row per asset, spend in money), the model as JSON with a date range and
//! a second breakdown, the table, and arguments that do not hold.

use crate::common;

use common::cli::*;
use common::sandbox::*;
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

/// The sales example launched and turned on, delivering for three days of the sandbox's clock:
/// the home (with the journal) and the journal's id.
async fn delivering(sb: &Sb) -> (tempfile::TempDir, String) {
    let (home, run) = submit(&sb.base, TOKEN, &sales_json(), &["--activate"]).await;
    assert_eq!(run.code, Some(0), "{run}");
    sb.handle
        .as_ref()
        .unwrap()
        .advance(Duration::from_secs(3 * 86_400));
    let id = journal_id(home.path());
    (home, id)
}

fn journal_id(home: &Path) -> String {
    let dir = home.join("data/launches");
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let n = e.ok()?.file_name().to_string_lossy().to_string();
            n.strip_suffix(".json").map(str::to_string)
        })
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    names[0].clone()
}

/// RFC 4180 records (quoted fields with doubled quotes, CRLF lines).
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for line in text.split("\r\n").filter(|l| !l.is_empty()) {
        let mut fields = Vec::new();
        let mut cur = String::new();
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    cur.push('"');
                    chars.next();
                }
                ('"', _) => quoted = !quoted,
                (',', false) => fields.push(std::mem::take(&mut cur)),
                (c, _) => cur.push(c),
            }
        }
        fields.push(cur);
        out.push(fields);
    }
    out
}

/// `$1,234.50 USD`.
fn is_usd(s: &str) -> bool {
    let Some(n) = s.strip_prefix('$').and_then(|s| s.strip_suffix(" USD")) else {
        return false;
    };
    let (whole, cents) = n.split_once('.').unwrap_or(("", ""));
    cents.len() == 2
        && !whole.is_empty()
        && whole.split(',').enumerate().all(|(i, g)| {
            g.bytes().all(|b| b.is_ascii_digit()) && (i == 0 && g.len() <= 3 || g.len() == 3)
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_prints_a_header_and_one_row_per_asset_with_spend_in_money() {
    let sb = start(test_config()).await;
    let (home, launch) = delivering(&sb).await;
    let run = dcw(
        home.path(),
        Some(TOKEN),
        &["results", &launch, "--csv", "--api-base", &sb.base],
    )
    .await;
    assert_eq!(run.code, Some(0), "{run}");
    let records = csv_records(&run.stdout);
    let header = &records[0];
    assert_eq!(header[..4], ["ad_id", "ad_name", "breakdown", "asset"]);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows = &records[1..];
    // Two ads, each: 3 images, 3 titles, 2 bodies, 2 descriptions, 1 link, 1 CTA, 1 format.
    let spec = sales_json();
    let feed = &spec["creative"]["asset_feed_spec"];
    let per_ad: usize = [
        "images",
        "titles",
        "bodies",
        "descriptions",
        "link_urls",
        "call_to_action_types",
        "ad_formats",
    ]
    .iter()
    .map(|k| feed[*k].as_array().map_or(0, Vec::len))
    .sum();
    assert_eq!(rows.len(), 2 * per_ad, "{}", run.stdout);
    for r in rows {
        assert_eq!(r.len(), header.len(), "{r:?}");
        assert!(is_usd(&r[col("spend")]), "spend in money: {r:?}");
        assert!(r[col("impressions")].parse::<u64>().unwrap() > 0, "{r:?}");
        assert_eq!(r[col("currency")], "USD");
        assert_eq!(
            r[col("result_action")],
            "offsite_conversion.fb_pixel_purchase"
        );
    }
    // Images by their files, never by hash.
    let images: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[col("breakdown")] == "image_asset")
        .collect();
    assert_eq!(images.len(), 6);
    for r in images {
        assert!(r[col("asset")].contains(".jpg»"), "{r:?}");
        assert!(r[col("file")].ends_with(".jpg"), "{r:?}");
    }
    // A field with a comma is quoted: the bodies hold commas. Their whole text is in `text`.
    assert!(run.stdout.contains("\"Body "), "{}", run.stdout);
    let bodies: Vec<String> = feed["bodies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["text"].as_str().unwrap().to_string())
        .collect();
    for r in rows.iter().filter(|r| r[col("breakdown")] == "body_asset") {
        assert!(bodies.contains(&r[col("text")]), "{r:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_is_the_model_with_a_range_and_a_second_breakdown() {
    let sb = start(test_config()).await;
    let (home, launch) = delivering(&sb).await;
    let args = [
        "results",
        &launch,
        "--json",
        "--breakdown",
        "title_asset",
        "--range",
        "last_7d",
        "--by",
        "age",
        "--api-base",
        &sb.base,
    ];
    let run = dcw(home.path(), Some(TOKEN), &args).await;
    assert_eq!(run.code, Some(0), "{run}");
    let all: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {run}"));
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 2, "one per ad");
    for r in all {
        assert_eq!(r["breakdown"], "title_asset");
        assert_eq!(
            (r["range"].as_str(), r["by"].as_str()),
            (Some("last_7d"), Some("age"))
        );
        assert_eq!(r["currency"], "USD");
        assert_eq!(r["optimization_goal"], "OFFSITE_CONVERSIONS");
        let assets = r["assets"].as_array().unwrap();
        assert_eq!(assets.len(), 3);
        let segments = r["segments"].as_array().unwrap();
        assert_eq!(segments.len(), 3 * 6, "three titles in six age bands");
        for a in assets {
            let of = |key: &str| -> u64 {
                segments
                    .iter()
                    .filter(|s| s["label"] == a["label"])
                    .map(|s| s[key].as_u64().unwrap())
                    .sum()
            };
            assert_eq!(of("impressions"), a["impressions"].as_u64().unwrap());
            assert_eq!(of("clicks"), a["clicks"].as_u64().unwrap());
            assert!(
                a["spend"]["text"].as_str().unwrap().ends_with(" USD"),
                "{a}"
            );
        }
        let sig = &r["significance"];
        assert!(sig["first"]["impressions"].as_u64().unwrap() > 0, "{sig}");
        assert!(
            sig["sentence"].as_str().unwrap().contains("impressions"),
            "{sig}"
        );
        // Seven days before today: the three days it delivered, not today.
        assert_ne!(r["date_stop"], r["date_start"]);
    }
    // Today alone is another day's numbers.
    let today = dcw(
        home.path(),
        Some(TOKEN),
        &[
            "results",
            &launch,
            "--json",
            "--breakdown",
            "title_asset",
            "--range",
            "today",
            "--api-base",
            &sb.base,
        ],
    )
    .await;
    let today: Value = serde_json::from_str(&today.stdout).unwrap();
    let sum = |v: &Value| -> u64 {
        v[0]["assets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["impressions"].as_u64().unwrap())
            .sum()
    };
    let week: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(sum(&today) > 0 && sum(&today) < sum(&week), "{today}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_table_names_the_goal_money_and_the_hint_and_bad_arguments_exit_2() {
    let sb = start(test_config()).await;
    let (home, launch) = delivering(&sb).await;
    let run = dcw(
        home.path(),
        Some(TOKEN),
        &[
            "results",
            &launch,
            "--breakdown",
            "body_asset",
            "--since",
            "2020-01-01",
            "--until",
            "2040-12-31",
            "--api-base",
            &sb.base,
        ],
    )
    .await;
    assert_eq!(run.code, Some(0), "{run}");
    for want in [
        "Bodies",
        "2020-01-01 – 2040-12-31",
        "PURCHASES",
        "COST/PURCHASE",
        " USD",
        " vs ",
    ] {
        assert!(run.stdout.contains(want), "{want}: {run}");
    }
    assert!(!run.stdout.contains('\x1b'), "{run}");
    for bad in [
        vec!["results", "1", "--range", "lifetime"],
        vec!["results", "1", "--by", "country"],
        vec!["results", "1", "--breakdown", "age"],
        vec![
            "results",
            "1",
            "--since",
            "2026-12-01",
            "--until",
            "2026-11-01",
        ],
        vec!["results", "1", "--json", "--csv"],
    ] {
        let mut args = bad.clone();
        args.extend(["--api-base", &sb.base]);
        let r = dcw(home.path(), Some(TOKEN), &args).await;
        assert_eq!(r.code, Some(2), "{bad:?}: {r}");
        assert!(r.stdout.is_empty(), "{r}");
    }
    let unknown = dcw(
        home.path(),
        Some(TOKEN),
        &["results", "no-such-launch", "--api-base", &sb.base],
    )
    .await;
    assert_eq!(unknown.code, Some(1), "{unknown}");
    assert!(unknown.stderr.contains("no launch of that id"), "{unknown}");
}
