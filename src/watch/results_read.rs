//! Reading an ad's results: what the ad is (its name, the account's currency, its ad set's
//! goal, its feed), then one insights read per asset breakdown for the range and the second
//! breakdown, built into `Results` (pure, `Results::build`).

use serde_json::Value;

use super::assets::AssetFiles;
use super::insights::{AssetResult, breakdowns_for, parse_rows, title};
use super::results::{
    AssetLine, MIN_IMPRESSIONS, Range, Significance, Split, ordered, significance, totals,
};
use crate::graph::{CallError, GraphClient};
use crate::spec::{Currency, ResultAction, result_action_of};

/// What the results of an ad are read and shown with.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AdContext {
    pub ad_id: String,
    /// Ad account digits.
    pub account: String,
    pub name: String,
    /// The account's currency (`GET /act_<id>?fields=currency`); `None` when it could not be
    /// read (amounts are then shown in minor units, named so).
    pub currency: Option<Currency>,
    /// The ad set's `optimization_goal`, as Graph gave it.
    pub goal: Option<String>,
    /// What the goal counts as a result (`spec::result_action`).
    pub action: Option<ResultAction>,
    /// The creative's `asset_feed_spec`.
    pub feed: Option<Value>,
}

/// The ad's fields a results read needs, in one read.
pub const CONTEXT_FIELDS: &str =
    "name,adset{optimization_goal,promoted_object},creative{id,asset_feed_spec}";

impl AdContext {
    /// From the ad read with `CONTEXT_FIELDS` and the account's currency code.
    pub fn from_read(ad_id: &str, account: &str, ad: &Value, currency: Option<&str>) -> Self {
        let set = ad.get("adset");
        let goal = set
            .and_then(|s| s.get("optimization_goal"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let event = set
            .and_then(|s| s.get("promoted_object"))
            .and_then(|p| p.get("custom_event_type"))
            .and_then(Value::as_str);
        AdContext {
            ad_id: ad_id.to_string(),
            account: account.to_string(),
            name: ad
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            currency: currency.and_then(Currency::new),
            action: goal.as_deref().and_then(|g| result_action_of(g, event)),
            goal,
            feed: ad
                .get("creative")
                .and_then(|c| c.get("asset_feed_spec"))
                .cloned(),
        }
    }

    /// The asset breakdowns worth reading for this ad (videos only with videos in the feed).
    pub fn breakdowns(&self) -> Vec<&'static str> {
        breakdowns_for(self.feed.as_ref())
    }
}

/// Reads what an ad's results are shown with: two reads (the ad, its account).
pub async fn ad_context(
    client: &GraphClient,
    account: &str,
    ad_id: &str,
) -> Result<AdContext, CallError> {
    let ad = client.object(account, ad_id, CONTEXT_FIELDS).await?;
    let currency = client
        .ad_account(account, "currency")
        .await
        .ok()
        .and_then(|a| {
            a.get("currency")
                .and_then(Value::as_str)
                .map(str::to_string)
        });
    Ok(AdContext::from_read(
        ad_id,
        account,
        &ad,
        currency.as_deref(),
    ))
}

/// What to read: one asset breakdown, over a range, optionally by age or gender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Query {
    pub breakdown: &'static str,
    pub range: Range,
    pub split: Option<Split>,
}

/// One breakdown's results of one ad, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    pub context: AdContext,
    pub query: Query,
    /// The days Graph answered for (`date_start`, `date_stop` of its rows).
    pub dates: Option<(String, String)>,
    /// Each asset over all segments, in the buyer's order (`results::ordered`).
    pub assets: Vec<AssetLine>,
    /// With a second breakdown: each asset in each segment, assets in `assets`' order.
    pub segments: Vec<AssetLine>,
    pub significance: Option<Significance>,
}

impl Results {
    /// The results of `rows` (Graph's rows of one read, every page), named by `files`.
    pub fn build(context: &AdContext, query: Query, rows: &[Value], files: &AssetFiles) -> Self {
        // Rows grouped by their second breakdown's value, each group parsed as one answer.
        let mut groups: Vec<(Option<String>, Vec<Value>)> = Vec::new();
        for row in rows {
            let seg = query.split.map(|s| {
                row.get(s.word())
                    .and_then(Value::as_str)
                    .unwrap_or("unknown")
                    .to_string()
            });
            match groups.iter_mut().find(|(s, _)| *s == seg) {
                Some((_, g)) => g.push(row.clone()),
                None => groups.push((seg, vec![row.clone()])),
            }
        }
        let mut parsed = Vec::new();
        for (seg, group) in groups {
            let rows = parse_rows(query.breakdown, &Value::Array(group), context.feed.as_ref());
            parsed.extend(rows.into_iter().map(|r| (seg.clone(), r)));
        }
        let dates = rows.first().and_then(|r| {
            let d = |k: &str| r.get(k).and_then(Value::as_str).map(str::to_string);
            Some((d("date_start")?, d("date_stop")?))
        });
        Results::from_parsed(context, query, parsed, dates, files)
    }

    /// The results of rows already parsed (`insights::parse_rows`), each with its second
    /// breakdown's value, over the days `dates`; named by `files`.
    pub fn from_parsed(
        context: &AdContext,
        query: Query,
        parsed: Vec<(Option<String>, AssetResult)>,
        dates: Option<(String, String)>,
        files: &AssetFiles,
    ) -> Self {
        let offset = context.currency.as_ref().map_or(100, Currency::offset);
        let action = context.action.as_ref();
        let mut lines: Vec<AssetLine> = Vec::new();
        for (seg, mut r) in parsed {
            r.name_files(files);
            lines.push(AssetLine::from_row(
                &r,
                offset,
                action,
                seg.as_deref(),
                files,
            ));
        }
        let assets = ordered(totals(&lines), MIN_IMPRESSIONS);
        let mut segments = Vec::new();
        if query.split.is_some() {
            for a in &assets {
                let mut mine: Vec<AssetLine> = lines
                    .iter()
                    .filter(|l| l.label == a.label && l.asset == a.asset)
                    .cloned()
                    .collect();
                mine.sort_by(|x, y| x.segment.cmp(&y.segment));
                segments.extend(mine);
            }
        }
        Results {
            significance: significance(&assets, action, MIN_IMPRESSIONS),
            context: context.clone(),
            query,
            dates,
            assets,
            segments,
        }
    }

    /// `Bodies`, `Images`.
    pub fn title(&self) -> &'static str {
        title(self.query.breakdown)
    }

    /// `Last 7 days (2026-11-30 – 2026-12-06)`, or the range alone before any row.
    pub fn range_label(&self) -> String {
        match &self.dates {
            Some((a, b)) if matches!(self.query.range, Range::Preset(_)) => {
                format!("{} ({a} – {b})", self.query.range.label())
            }
            _ => self.query.range.label(),
        }
    }
}

/// The metrics read with the asset breakdowns (the six Meta serves with one, less
/// `action_values`).
pub const FIELDS: &str = "impressions,clicks,spend,reach,actions";

/// Reads one breakdown of an ad for `query`, every page.
pub async fn fetch(
    client: &GraphClient,
    context: &AdContext,
    query: Query,
    files: &AssetFiles,
) -> Result<Results, CallError> {
    let breakdowns = match query.split {
        Some(s) => format!("{},{}", query.breakdown, s.word()),
        None => query.breakdown.to_string(),
    };
    let (range_key, range_value) = query.range.param();
    let params = [
        ("breakdowns", breakdowns.as_str()),
        ("fields", FIELDS),
        (range_key, range_value.as_str()),
        ("limit", "500"),
    ];
    let mut rows: Vec<Value> = Vec::new();
    let mut pages = 0;
    client
        .ad_insights(
            &context.account,
            &context.ad_id,
            &params,
            &mut pages,
            |items| rows.extend(items),
        )
        .await?;
    Ok(Results::build(context, query, &rows, files))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::watch::results::Verdict;
    use serde_json::json;

    fn context(currency: &str) -> AdContext {
        let ad = json!({
            "name": "Winter boots",
            "adset": {"optimization_goal": "OFFSITE_CONVERSIONS",
                      "promoted_object": {"pixel_id": "1", "custom_event_type": "PURCHASE"}},
            "creative": {"id": "9", "asset_feed_spec": {"images": [{"hash": "aaa"}, {"hash": "bbb"}]}}
        });
        AdContext::from_read("42", "7", &ad, Some(currency))
    }

    fn row(
        hash: &str,
        age: &str,
        impressions: u64,
        clicks: u64,
        spend: &str,
        bought: u64,
    ) -> Value {
        json!({
            "impressions": impressions.to_string(), "clicks": clicks.to_string(), "spend": spend,
            "reach": (impressions / 2).to_string(),
            "actions": [{"action_type": "link_click", "value": clicks.to_string()},
                        {"action_type": "offsite_conversion.fb_pixel_purchase", "value": bought.to_string()}],
            "date_start": "2026-11-30", "date_stop": "2026-12-06",
            "image_asset": {"hash": hash, "url": "https://x/y.jpg", "id": "1"}, "age": age
        })
    }

    #[test]
    fn the_context_names_the_goals_result() {
        let c = context("USD");
        assert_eq!(c.name, "Winter boots");
        assert_eq!(c.goal.as_deref(), Some("OFFSITE_CONVERSIONS"));
        assert_eq!(c.action.map(|a| a.plural), Some("purchases"));
        assert_eq!(c.breakdowns().len(), 7, "no videos in the feed");
        let bare = AdContext::from_read("1", "2", &json!({}), None);
        assert_eq!((bare.action, bare.currency), (None, None));
    }

    #[test]
    fn images_by_file_segments_by_age_and_money_in_the_currency() {
        let rows = [
            row("aaa", "18-24", 4_000, 40, "30.10", 2),
            row("bbb", "18-24", 6_000, 150, "45.00", 9),
            row("aaa", "25-34", 5_000, 60, "37.65", 3),
            row("bbb", "25-34", 1_000, 10, "7.50", 1),
        ];
        let q = Query {
            breakdown: "image_asset",
            range: Range::Preset("last_7d"),
            split: Some(Split::Age),
        };
        let files = AssetFiles::of(&[("aaa", "boots.jpg"), ("bbb", "gloves.png")]);
        let r = Results::build(&context("USD"), q, &rows, &files);
        let labels: Vec<&str> = r.assets.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(
            labels,
            ["Image 2 «gloves.png»", "Image 1 «boots.jpg»"],
            "cheapest purchase first"
        );
        let boots = &r.assets[1];
        assert_eq!(boots.file.as_deref(), Some("boots.jpg"));
        assert_eq!(
            (boots.impressions, boots.spend_minor, boots.results),
            (9_000, 6_775, Some(5))
        );
        assert_eq!(boots.cost_per_result(), Some(1_355));
        let segs: Vec<(&str, Option<&str>)> = r
            .segments
            .iter()
            .map(|s| (s.label.as_str(), s.segment.as_deref()))
            .collect();
        assert_eq!(
            segs,
            [
                ("Image 2 «gloves.png»", Some("18-24")),
                ("Image 2 «gloves.png»", Some("25-34")),
                ("Image 1 «boots.jpg»", Some("18-24")),
                ("Image 1 «boots.jpg»", Some("25-34")),
            ]
        );
        assert_eq!(r.range_label(), "Last 7 days (2026-11-30 – 2026-12-06)");
        let s = r.significance.as_ref().unwrap();
        // 10 purchases in 7,000 against 5 in 9,000: not enough to tell them apart.
        assert!(
            matches!(s.verdict, Verdict::Noise { .. }),
            "{}",
            s.sentence()
        );
        assert!(
            s.sentence()
                .contains("on purchases per impression: within noise")
        );
        // Yen have no minor unit: "4500" is ¥4,500.
        let yen = [row("aaa", "18-24", 4_000, 40, "4500", 2)];
        let q = Query { split: None, ..q };
        let r = Results::build(&context("JPY"), q, &yen, &files);
        assert_eq!(r.assets[0].spend_minor, 4_500);
        assert!(r.segments.is_empty());
    }
}
