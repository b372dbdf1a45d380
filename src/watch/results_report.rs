//! `dcw results` as text, JSON and CSV. Every string from Graph or a file passes the one
//! sanitiser; money is the account's (`$1,234.50 USD`).

use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

use super::results::{AssetLine, MIN_IMPRESSIONS, Measure, Verdict, money, money_or_dash};
use super::results_read::Results;
use crate::spec::text::{fit, sanitize};
use crate::spec::{Currency, group_thousands};

/// The words of the goal's results: `purchases`, or `results` when the goal counts none.
fn result_words(r: &Results) -> (&'static str, &'static str) {
    r.context
        .action
        .as_ref()
        .map_or(("results", "result"), |a| (a.plural, a.singular))
}

fn pad(s: &str, w: usize) -> String {
    let s = fit(s, w);
    let n = w.saturating_sub(s.width());
    format!("{s}{}", " ".repeat(n))
}

fn lpad(s: &str, w: usize) -> String {
    let n = w.saturating_sub(s.width());
    format!("{}{s}", " ".repeat(n))
}

/// One line of the table.
fn line(l: &AssetLine, label: &str, cur: Option<&Currency>) -> String {
    let results = l
        .results
        .map_or_else(|| "—".to_string(), |n| group_thousands(u128::from(n)));
    format!(
        "  {} {} {} {} {} {} {} {} {}",
        pad(label, 34),
        lpad(&group_thousands(u128::from(l.impressions)), 11),
        lpad(&group_thousands(u128::from(l.clicks)), 7),
        lpad(&format!("{:.2}%", l.ctr()), 7),
        lpad(&money(l.spend_minor, cur), 15),
        lpad(&money_or_dash(l.cpc(), cur), 11),
        lpad(&money_or_dash(l.cpm(), cur), 11),
        lpad(&results, 9),
        lpad(&money_or_dash(l.cost_per_result(), cur), 13),
    )
}

/// The results as a table per ad and breakdown, with the significance hint under each.
pub fn results_text(all: &[Results]) -> String {
    let mut out = String::new();
    for r in all {
        let cur = r.context.currency.as_ref();
        let (plural, singular) = result_words(r);
        let goal = r.context.goal.as_deref().unwrap_or("unknown goal");
        out.push_str(&format!(
            "Ad {} «{}» · {} · {} · {}{}\n",
            sanitize(&r.context.ad_id),
            sanitize(&r.context.name),
            r.title(),
            sanitize(&r.range_label()),
            sanitize(goal),
            r.context.action.map_or(String::new(), |a| format!(
                " ({} {})",
                plural, a.action_type
            )),
        ));
        if r.assets.is_empty() {
            out.push_str("  No results in this range.\n\n");
            continue;
        }
        let cost = format!("COST/{}", singular.to_uppercase());
        out.push_str(&format!(
            "  {} {} {} {} {} {} {} {} {}\n",
            pad("ASSET", 34),
            lpad("IMPRESSIONS", 11),
            lpad("CLICKS", 7),
            lpad("CTR", 7),
            lpad("SPEND", 15),
            lpad("CPC", 11),
            lpad("CPM", 11),
            lpad(&fit(&plural.to_uppercase(), 9), 9),
            lpad(&fit(&cost, 13), 13),
        ));
        for a in &r.assets {
            let mut label = sanitize(&a.label).to_string();
            if a.impressions < MIN_IMPRESSIONS {
                label = format!("{label} (few)");
            }
            out.push_str(&line(a, &label, cur));
            out.push('\n');
            for s in r.segments.iter().filter(|s| s.label == a.label) {
                let seg = format!("  · {}", sanitize(s.segment.as_deref().unwrap_or("")));
                out.push_str(&line(s, &seg, cur));
                out.push('\n');
            }
        }
        if let Some(s) = &r.significance {
            out.push_str(&format!("  {}\n", sanitize(&s.sentence())));
        }
        out.push('\n');
    }
    out
}

fn money_json(minor: Option<i64>, cur: Option<&Currency>) -> Value {
    match minor {
        Some(m) => json!({"minor": m, "text": money(m, cur)}),
        None => Value::Null,
    }
}

fn line_json(l: &AssetLine, cur: Option<&Currency>) -> Value {
    let mut v = json!({
        "label": l.label,
        "asset": l.asset.map(|(kind, index)| json!({"kind": kind, "index": index})),
        "text": l.text,
        "file": l.file,
        "media_id": l.media_id,
        "impressions": l.impressions,
        "clicks": l.clicks,
        "reach": l.reach,
        "ctr": (l.ctr() * 10_000.0).round() / 10_000.0,
        "spend": money_json(Some(l.spend_minor), cur),
        "cpc": money_json(l.cpc(), cur),
        "cpm": money_json(l.cpm(), cur),
        "results": l.results,
        "cost_per_result": money_json(l.cost_per_result(), cur),
        "ranked": l.impressions >= MIN_IMPRESSIONS,
    });
    if let Some(s) = &l.segment {
        v["segment"] = json!(s);
    }
    v
}

/// The results as a JSON array, one object per ad and breakdown (the model, money as
/// `{"minor", "text"}`). The caller makes it terminal-safe (`spec::text::json_safe`).
pub fn results_json(all: &[Results]) -> Value {
    Value::Array(
        all.iter()
            .map(|r| {
                let cur = r.context.currency.as_ref();
                let sig = r.significance.as_ref().map(|s| {
                    let (verdict, z) = match s.verdict {
                        Verdict::Differs { z } => ("differs", Some(z)),
                        Verdict::Noise { z } => ("noise", Some(z)),
                        Verdict::TooFew => ("too_few_impressions", None),
                    };
                    json!({
                        "measure": match s.measure { Measure::Ctr => "ctr", Measure::ResultRate(_) => "result_rate" },
                        "first": {"label": s.first.0, "impressions": s.first.1},
                        "second": s.second.as_ref().map(|(l, n)| json!({"label": l, "impressions": n})),
                        "verdict": verdict,
                        "z": z.map(|z| (z * 100.0).round() / 100.0),
                        "min_impressions": MIN_IMPRESSIONS,
                        "sentence": s.sentence(),
                    })
                });
                json!({
                    "ad_id": r.context.ad_id,
                    "ad_name": r.context.name,
                    "breakdown": r.query.breakdown,
                    "range": r.query.range.word(),
                    "date_start": r.dates.as_ref().map(|d| &d.0),
                    "date_stop": r.dates.as_ref().map(|d| &d.1),
                    "by": r.query.split.map(|s| s.word()),
                    "currency": r.context.currency.as_ref().map(Currency::code),
                    "optimization_goal": r.context.goal,
                    "result_action": r.context.action.map(|a| a.action_type),
                    "assets": r.assets.iter().map(|a| line_json(a, cur)).collect::<Vec<_>>(),
                    "segments": r.segments.iter().map(|a| line_json(a, cur)).collect::<Vec<_>>(),
                    "significance": sig,
                })
            })
            .collect(),
    )
}

/// A CSV field (RFC 4180): sanitised, quoted when it holds a comma, quote or line break. A text
/// a spreadsheet would run as a formula (starting `=`, `+`, `-`, `@`: an ad's text is the
/// buyer's, or anyone's who edited the creative) starts with `'`, as OWASP's CSV-injection
/// advice says; dcw's own cells never start so.
fn field(s: &str) -> String {
    let mut s = sanitize(s).into_owned();
    if s.starts_with(['=', '+', '-', '@']) {
        s.insert(0, '\'');
    }
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The CSV header.
pub const CSV_HEADER: &[&str] = &[
    "ad_id",
    "ad_name",
    "breakdown",
    "asset",
    "text",
    "file",
    "segment",
    "date_start",
    "date_stop",
    "currency",
    "impressions",
    "clicks",
    "reach",
    "ctr",
    "spend",
    "spend_minor",
    "cpc",
    "cpm",
    "result_action",
    "results",
    "cost_per_result",
];

/// The results as CSV: a header row, then one row per asset (per asset and segment with a
/// second breakdown), spend in money (`"$1,234.50 USD"`) and in minor units. Lines end CRLF.
pub fn results_csv(all: &[Results]) -> String {
    let mut out = CSV_HEADER.join(",");
    out.push_str("\r\n");
    for r in all {
        let cur = r.context.currency.as_ref();
        let lines: &[AssetLine] = if r.query.split.is_some() {
            &r.segments
        } else {
            &r.assets
        };
        let (start, stop) = r.dates.clone().unwrap_or_default();
        for l in lines {
            let cells = [
                r.context.ad_id.clone(),
                r.context.name.clone(),
                r.query.breakdown.to_string(),
                l.label.clone(),
                l.text.clone().unwrap_or_default(),
                l.file.clone().unwrap_or_default(),
                l.segment.clone().unwrap_or_default(),
                start.clone(),
                stop.clone(),
                cur.map(|c| c.code().to_string()).unwrap_or_default(),
                l.impressions.to_string(),
                l.clicks.to_string(),
                l.reach.to_string(),
                format!("{:.2}%", l.ctr()),
                money(l.spend_minor, cur),
                l.spend_minor.to_string(),
                l.cpc().map(|m| money(m, cur)).unwrap_or_default(),
                l.cpm().map(|m| money(m, cur)).unwrap_or_default(),
                r.context
                    .action
                    .map(|a| a.action_type.to_string())
                    .unwrap_or_default(),
                l.results.map(|n| n.to_string()).unwrap_or_default(),
                l.cost_per_result()
                    .map(|m| money(m, cur))
                    .unwrap_or_default(),
            ];
            let row: Vec<String> = cells.iter().map(|c| field(c)).collect();
            out.push_str(&row.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::watch::results::Range;
    use crate::watch::results_read::{AdContext, Query};

    fn results() -> Results {
        let ad = serde_json::json!({"name": "Boots\u{1b}[2J ad",
            "adset": {"optimization_goal": "APP_INSTALLS"}});
        let mut context = AdContext::from_read("42", "7", &ad, Some("EUR"));
        context.feed = None;
        let line = |label: &str, impressions, clicks, spend, results| AssetLine {
            label: label.into(),
            asset: None,
            text: None,
            file: None,
            media_id: None,
            segment: None,
            impressions,
            clicks,
            reach: 0,
            spend_minor: spend,
            results: Some(results),
        };
        let assets = vec![
            line(
                "Title 1 «Warm, \"dry\"\u{1b}]52;c;x\u{7}»",
                12_000,
                300,
                123_456,
                40,
            ),
            line("Title 2", 800, 4, 900, 0),
        ];
        Results {
            significance: crate::watch::results::significance(
                &assets,
                context.action.as_ref(),
                MIN_IMPRESSIONS,
            ),
            context,
            query: Query {
                breakdown: "title_asset",
                range: Range::Preset("last_14d"),
                split: None,
            },
            dates: Some(("2026-11-23".into(), "2026-12-06".into())),
            assets,
            segments: Vec::new(),
        }
    }

    #[test]
    fn the_table_is_sanitised_and_in_the_accounts_money() {
        let text = results_text(&[results()]);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text}"
        );
        assert!(text.contains("Boots\\x1b[2J ad"), "{text}");
        assert!(
            text.contains("Last 14 days (2026-11-23 – 2026-12-06)"),
            "{text}"
        );
        assert!(text.contains("€1,234.56 EUR"), "{text}");
        assert!(
            text.contains("INSTALLS") && text.contains("COST/INSTALL"),
            "{text}"
        );
        assert!(text.contains("Title 2 (few)"), "{text}");
        assert!(text.contains("too few impressions to tell"), "{text}");
    }

    #[test]
    fn a_text_a_spreadsheet_would_run_starts_with_a_quote() {
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("+1"), "'+1");
        assert_eq!(field("-2"), "'-2");
        assert_eq!(field("Warm boots"), "Warm boots");
        assert_eq!(field("$1.00 USD"), "$1.00 USD");
    }

    #[test]
    fn csv_quotes_as_rfc_4180_says_and_json_names_money_twice() {
        let csv = results_csv(&[results()]);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], CSV_HEADER.join(","));
        assert_eq!(lines.len(), 4, "header, two assets, the last CRLF: {csv:?}");
        assert!(
            lines[1].contains(r#","Title 1 «Warm, ""dry""\x1b]52;c;x\x07»","#),
            "{}",
            lines[1]
        );
        assert!(
            lines[1].contains(",\"€1,234.56 EUR\",123456,"),
            "{}",
            lines[1]
        );
        let json = results_json(&[results()]);
        assert_eq!(json[0]["assets"][0]["spend"]["minor"], 123_456);
        assert_eq!(json[0]["assets"][0]["spend"]["text"], "€1,234.56 EUR");
        assert_eq!(json[0]["assets"][1]["ranked"], false);
        assert_eq!(json[0]["result_action"], "mobile_app_install");
        assert_eq!(json[0]["significance"]["verdict"], "too_few_impressions");
    }
}
