//! Results a buyer reads: each asset's spend in the account's money, CPC, CPM, CTR, and the
//! results of the ad set's optimization goal with their cost, over a date range, optionally by
//! age or gender; a significance hint (do the two best assets differ beyond noise), and the
//! ranking a next round keeps assets by. Pure functions over the rows `insights` parses; the
//! reads are in `results_read`.

use chrono::NaiveDate;

use super::assets::AssetFiles;
use super::insights::AssetResult;
use super::rank::AssetNumbers;
use crate::spec::{Currency, Money, ResultAction, group_thousands};

/// The date presets a buyer picks from, in the order a key steps through them, with their
/// words. Meta's `date_preset` values (DOC-INS).
pub const PRESETS: [(&str, &str); 6] = [
    ("today", "Today"),
    ("yesterday", "Yesterday"),
    ("last_7d", "Last 7 days"),
    ("last_14d", "Last 14 days"),
    ("last_30d", "Last 30 days"),
    ("maximum", "Maximum"),
];

/// The days a read covers: a preset, or typed dates (`time_range`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Range {
    Preset(&'static str),
    Between { since: NaiveDate, until: NaiveDate },
}

impl Default for Range {
    /// All the ad's delivery.
    fn default() -> Self {
        Range::Preset("maximum")
    }
}

impl Range {
    /// A preset by its Graph word (`last_7d`); `None` for a word not in `PRESETS`.
    pub fn preset(word: &str) -> Option<Range> {
        PRESETS
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(w, _)| Range::Preset(w))
    }

    /// Typed dates, `YYYY-MM-DD` each; the first not after the second.
    pub fn between(since: &str, until: &str) -> Result<Range, String> {
        let day = |s: &str| {
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .map_err(|_| format!("{s:?} is not a date (YYYY-MM-DD)"))
        };
        let (since, until) = (day(since)?, day(until)?);
        if since > until {
            return Err(format!("{since} is after {until}"));
        }
        Ok(Range::Between { since, until })
    }

    /// The query parameter Graph takes: `("date_preset", "last_7d")` or
    /// `("time_range", {"since","until"})`.
    pub fn param(&self) -> (&'static str, String) {
        match self {
            Range::Preset(p) => ("date_preset", p.to_string()),
            Range::Between { since, until } => (
                "time_range",
                serde_json::json!({"since": since.to_string(), "until": until.to_string()})
                    .to_string(),
            ),
        }
    }

    /// `Last 7 days`, `2026-11-01 – 2026-11-30`.
    pub fn label(&self) -> String {
        match self {
            Range::Preset(p) => PRESETS
                .iter()
                .find(|(w, _)| w == p)
                .map_or_else(|| p.to_string(), |(_, l)| l.to_string()),
            Range::Between { since, until } => format!("{since} – {until}"),
        }
    }

    /// `last_7d`, or `2026-11-01..2026-11-30`: the range in a script's words.
    pub fn word(&self) -> String {
        match self {
            Range::Preset(p) => p.to_string(),
            Range::Between { since, until } => format!("{since}..{until}"),
        }
    }

    /// The next preset (a key steps through them; typed dates go back to the first).
    pub fn next(&self) -> Range {
        let at = match self {
            Range::Preset(p) => PRESETS.iter().position(|(w, _)| w == p),
            Range::Between { .. } => None,
        };
        let i = at.map_or(0, |i| (i + 1) % PRESETS.len());
        Range::Preset(PRESETS[i].0)
    }
}

/// The second breakdown: age or gender (the only ones Meta combines with an asset's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    Age,
    Gender,
}

impl Split {
    pub fn word(self) -> &'static str {
        match self {
            Split::Age => "age",
            Split::Gender => "gender",
        }
    }

    pub fn parse(word: &str) -> Option<Split> {
        match word.trim() {
            "age" => Some(Split::Age),
            "gender" => Some(Split::Gender),
            _ => None,
        }
    }

    /// None → age → gender → none: what a key steps through.
    pub fn next(split: Option<Split>) -> Option<Split> {
        match split {
            None => Some(Split::Age),
            Some(Split::Age) => Some(Split::Gender),
            Some(Split::Gender) => None,
        }
    }
}

/// How one asset did (or one asset in one age band or gender), in the account's money.
#[derive(Debug, Clone, PartialEq)]
pub struct AssetLine {
    /// `Body 2 «…»`, `Image 1 «boots.jpg»`: the feed's asset named by its file when it has one.
    pub label: String,
    /// The feed's place of the asset (`bodies`, 1), when the row was joined to it.
    pub asset: Option<(&'static str, usize)>,
    /// What the feed holds for it, whole: the text, the link, the image's hash or the video's
    /// id (the label cuts a long text).
    pub text: Option<String>,
    /// The file a video or image was uploaded from (the launch journal).
    pub file: Option<String>,
    /// The image hash or video id the row names.
    pub media_id: Option<String>,
    /// `25-34`, `female`: the second breakdown's value.
    pub segment: Option<String>,
    pub impressions: u64,
    pub clicks: u64,
    pub reach: u64,
    /// In the currency's minor unit (cents, or yen).
    pub spend_minor: i64,
    /// The goal's results; `None` when the goal counts no action.
    pub results: Option<u64>,
}

impl AssetLine {
    /// One parsed row (named by its file already, `AssetResult::name_files`), its spend in `currency`'s minor unit, its results the `action`'s.
    pub fn from_row(
        r: &AssetResult,
        offset: u64,
        action: Option<&ResultAction>,
        segment: Option<&str>,
        files: &AssetFiles,
    ) -> AssetLine {
        // `spend_minor` is × 100 whatever the currency: whole yen round.
        let spend_minor = if offset == 1 {
            (r.spend_minor + 50).div_euclid(100)
        } else {
            r.spend_minor
        };
        let results = action.map(|a| {
            r.actions
                .iter()
                .find(|(t, _)| t == a.action_type)
                .map_or(0, |(_, n)| *n)
        });
        AssetLine {
            label: r.label.clone(),
            asset: r.asset.as_ref().map(|a| (a.kind, a.index)),
            text: r.asset.as_ref().map(|a| a.text.clone()),
            file: r
                .media_id
                .as_deref()
                .and_then(|id| files.file(id))
                .map(str::to_string),
            media_id: r.media_id.clone(),
            segment: segment.map(str::to_string),
            impressions: r.impressions,
            clicks: r.clicks,
            reach: r.reach,
            spend_minor,
            results,
        }
    }

    /// clicks / impressions × 100; 0 without impressions.
    pub fn ctr(&self) -> f64 {
        rate(self.clicks, self.impressions) * 100.0
    }

    /// Cost per click, minor units; `None` without clicks.
    pub fn cpc(&self) -> Option<i64> {
        per(self.spend_minor, self.clicks, 1)
    }

    /// Cost per 1,000 impressions, minor units; `None` without impressions.
    pub fn cpm(&self) -> Option<i64> {
        per(self.spend_minor, self.impressions, 1_000)
    }

    /// The goal's cost per result, minor units; `None` without a result.
    pub fn cost_per_result(&self) -> Option<i64> {
        per(self.spend_minor, self.results?, 1)
    }

    /// results / impressions; 0 without either.
    pub fn result_rate(&self) -> f64 {
        rate(self.results.unwrap_or(0), self.impressions)
    }

    /// Whether `other` is the same asset (the same place in the feed, or the same label).
    fn same_asset(&self, other: &AssetLine) -> bool {
        match (self.asset, other.asset) {
            (Some(a), Some(b)) => a == b,
            _ => self.label == other.label,
        }
    }

    fn add(&mut self, o: &AssetLine) {
        self.impressions += o.impressions;
        self.clicks += o.clicks;
        self.reach += o.reach;
        self.spend_minor += o.spend_minor;
        self.results = match (self.results, o.results) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0) + b.unwrap_or(0)),
        };
    }
}

fn rate(n: u64, of: u64) -> f64 {
    if of == 0 { 0.0 } else { n as f64 / of as f64 }
}

/// `spend × scale / n`, rounded to the nearest minor unit.
fn per(spend: i64, n: u64, scale: i64) -> Option<i64> {
    (n > 0).then(|| {
        let n = i128::from(n);
        let v = (i128::from(spend) * i128::from(scale) * 2 + n) / (2 * n);
        v.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
    })
}

/// The assets of per-segment lines, each summed over its segments, in first-seen order.
pub fn totals(lines: &[AssetLine]) -> Vec<AssetLine> {
    let mut out: Vec<AssetLine> = Vec::new();
    for l in lines {
        match out.iter_mut().find(|o| o.same_asset(l)) {
            Some(o) => o.add(l),
            None => out.push(AssetLine {
                segment: None,
                ..l.clone()
            }),
        }
    }
    out
}

/// Below this many impressions an asset is not ranked, and two assets are not compared
/// `[dcw's own]`: a few hundred impressions swing a CTR by whole points.
pub const MIN_IMPRESSIONS: u64 = 1_000;

/// The assets a next round keeps first, as indices into `assets`, best first: only assets with
/// at least `min_impressions`, in the order of the next round's rule (`watch::rank`: cost per
/// result, cheapest first, an asset that brought no result after every asset that did; then
/// CTR, impressions). When the goal counts no action (`results` is `None`: impressions or reach
/// goals) a click is the result, as the next round counts it. Assets under the floor are left
/// out: too few impressions to tell.
pub fn rank_by_cost_per_result(assets: &[AssetLine], min_impressions: u64) -> Vec<usize> {
    let numbers: Vec<AssetNumbers> = assets
        .iter()
        .enumerate()
        .map(|(index, l)| AssetNumbers {
            kind: "",
            index,
            label: String::new(),
            impressions: l.impressions,
            clicks: l.clicks,
            spend_minor: l.spend_minor,
            results: l.results.unwrap_or(l.clicks),
        })
        .collect();
    let mut ranked: Vec<usize> = (0..assets.len())
        .filter(|i| assets[*i].impressions >= min_impressions)
        .collect();
    ranked.sort_by(|a, b| super::rank::better(&numbers[*a], &numbers[*b]));
    ranked
}

/// The assets in the order a buyer reads them: the ranked ones best first, then those under the
/// floor by impressions.
pub fn ordered(assets: Vec<AssetLine>, min_impressions: u64) -> Vec<AssetLine> {
    let ranked = rank_by_cost_per_result(&assets, min_impressions);
    let mut rest: Vec<usize> = (0..assets.len()).filter(|i| !ranked.contains(i)).collect();
    rest.sort_by(|a, b| assets[*b].impressions.cmp(&assets[*a].impressions));
    let mut slots: Vec<Option<AssetLine>> = assets.into_iter().map(Some).collect();
    ranked
        .into_iter()
        .chain(rest)
        .filter_map(|i| slots[i].take())
        .collect()
}

/// What two assets were compared on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Clicks per impression.
    Ctr,
    /// The goal's results per impression (`purchases`).
    ResultRate(&'static str),
}

/// The verdict of a comparison.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Verdict {
    /// |z| ≥ 1.96: a difference this large comes by chance less than 5% of the time.
    Differs { z: f64 },
    /// |z| < 1.96: within noise.
    Noise { z: f64 },
    /// One of them is under `MIN_IMPRESSIONS` (or there is only one asset).
    TooFew,
}

/// Do the two best assets differ beyond noise: a two-proportion z-test (pooled) on the goal's
/// result rate when both have at least `MIN_RESULTS` results, else on CTR.
#[derive(Debug, Clone, PartialEq)]
pub struct Significance {
    pub measure: Measure,
    /// The two assets (labels) and the impressions behind each.
    pub first: (String, u64),
    pub second: Option<(String, u64)>,
    pub verdict: Verdict,
}

/// Results each of two assets needs before their result rates are compared `[dcw's own]`: the
/// normal approximation of a z-test wants at least ~5 successes a side.
pub const MIN_RESULTS: u64 = 5;

/// The z-score of two proportions `x1/n1` and `x2/n2` (pooled); `None` when it is undefined
/// (no impressions, or every or no impression a success on both sides).
pub fn two_proportion_z(x1: u64, n1: u64, x2: u64, n2: u64) -> Option<f64> {
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let (x1, n1, x2, n2) = (x1 as f64, n1 as f64, x2 as f64, n2 as f64);
    let p = (x1 + x2) / (n1 + n2);
    let se = (p * (1.0 - p) * (1.0 / n1 + 1.0 / n2)).sqrt();
    (se > 0.0).then(|| (x1 / n1 - x2 / n2) / se)
}

/// Compares the first two of `assets` (already in the buyer's order); `None` without assets.
pub fn significance(
    assets: &[AssetLine],
    action: Option<&ResultAction>,
    min_impressions: u64,
) -> Option<Significance> {
    let a = assets.first()?;
    let first = (a.label.clone(), a.impressions);
    let Some(b) = assets.get(1) else {
        return Some(Significance {
            measure: Measure::Ctr,
            first,
            second: None,
            verdict: Verdict::TooFew,
        });
    };
    let by_results = action
        .filter(|_| a.results.unwrap_or(0) >= MIN_RESULTS && b.results.unwrap_or(0) >= MIN_RESULTS);
    let (measure, xa, xb) = match by_results {
        Some(act) => (
            Measure::ResultRate(act.plural),
            a.results.unwrap_or(0),
            b.results.unwrap_or(0),
        ),
        None => (Measure::Ctr, a.clicks, b.clicks),
    };
    let verdict = if a.impressions < min_impressions || b.impressions < min_impressions {
        Verdict::TooFew
    } else {
        match two_proportion_z(xa, a.impressions, xb, b.impressions) {
            Some(z) if z.abs() >= 1.96 => Verdict::Differs { z },
            Some(z) => Verdict::Noise { z },
            None => Verdict::Noise { z: 0.0 },
        }
    };
    Some(Significance {
        measure,
        first,
        second: Some((b.label.clone(), b.impressions)),
        verdict,
    })
}

impl Significance {
    /// One line for people: `Body 2 vs Body 1 on CTR: beyond noise (z = 4.10; 12,400 and 9,800
    /// impressions)`.
    pub fn sentence(&self) -> String {
        let on = match self.measure {
            Measure::Ctr => "CTR".to_string(),
            Measure::ResultRate(what) => format!("{what} per impression"),
        };
        let Some((b, nb)) = &self.second else {
            return format!("{}: one asset, nothing to compare", self.first.0);
        };
        let (a, na) = &self.first;
        let seen = format!(
            "{} and {} impressions",
            group_thousands(u128::from(*na)),
            group_thousands(u128::from(*nb))
        );
        match self.verdict {
            Verdict::Differs { z } => {
                format!("{a} vs {b} on {on}: beyond noise (z = {z:.2}; {seen})")
            }
            Verdict::Noise { z } => {
                format!("{a} vs {b} on {on}: within noise (z = {z:.2}; {seen})")
            }
            Verdict::TooFew => format!(
                "{a} vs {b}: too few impressions to tell ({seen}; {} each needed)",
                group_thousands(u128::from(MIN_IMPRESSIONS))
            ),
        }
    }
}

/// Money for people: `$1,234.50 USD`; without a known currency, the amount and `(minor units)`.
pub fn money(minor: i64, currency: Option<&Currency>) -> String {
    Money::new(minor).display_or_minor(currency)
}

/// Money or `—` when there is none to show.
pub fn money_or_dash(minor: Option<i64>, currency: Option<&Currency>) -> String {
    minor.map_or_else(|| "—".to_string(), |m| money(m, currency))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn line(
        label: &str,
        impressions: u64,
        clicks: u64,
        spend: i64,
        results: Option<u64>,
    ) -> AssetLine {
        AssetLine {
            label: label.into(),
            asset: None,
            text: None,
            file: None,
            media_id: None,
            segment: None,
            impressions,
            clicks,
            reach: impressions / 2,
            spend_minor: spend,
            results,
        }
    }

    const PURCHASE: ResultAction = ResultAction {
        action_type: "offsite_conversion.fb_pixel_purchase",
        plural: "purchases",
        singular: "purchase",
    };

    #[rstest]
    #[case::usd(123_450, "USD", "$1,234.50 USD")]
    #[case::jpy(152_000, "JPY", "¥152,000 JPY")]
    #[case::eur(5, "EUR", "€0.05 EUR")]
    fn money_has_the_accounts_symbol(#[case] minor: i64, #[case] code: &str, #[case] want: &str) {
        assert_eq!(money(minor, Currency::new(code).as_ref()), want);
    }

    #[rstest]
    #[case::cpc(line("a", 10_000, 250, 4_120, None), Some(16), Some(412), None)]
    #[case::no_clicks(line("a", 10_000, 0, 4_120, None), None, Some(412), None)]
    #[case::nothing(line("a", 0, 0, 0, Some(0)), None, None, None)]
    #[case::per_purchase(
        line("a", 10_000, 250, 4_120, Some(12)),
        Some(16),
        Some(412),
        Some(343)
    )]
    fn costs_are_spend_divided_and_rounded(
        #[case] l: AssetLine,
        #[case] cpc: Option<i64>,
        #[case] cpm: Option<i64>,
        #[case] per_result: Option<i64>,
    ) {
        assert_eq!(
            (l.cpc(), l.cpm(), l.cost_per_result()),
            (cpc, cpm, per_result)
        );
    }

    #[rstest]
    // 2.5% against 1.2% on 12,400 and 9,800 impressions: far beyond noise.
    #[case(310, 12_400, 122, 9_800, 5.0, 7.0)]
    // 2.0% against 1.9% on 2,000 each: noise.
    #[case(40, 2_000, 38, 2_000, 0.0, 0.5)]
    #[case(0, 1_000, 0, 1_000, f64::NAN, f64::NAN)]
    fn the_z_test_of_two_proportions(
        #[case] x1: u64,
        #[case] n1: u64,
        #[case] x2: u64,
        #[case] n2: u64,
        #[case] lo: f64,
        #[case] hi: f64,
    ) {
        match two_proportion_z(x1, n1, x2, n2) {
            Some(z) => assert!(z >= lo && z <= hi, "z = {z}"),
            None => assert!(lo.is_nan(), "undefined"),
        }
    }

    #[rstest]
    #[case::beyond(
        line("A", 12_400, 310, 4_120, None),
        line("B", 9_800, 122, 3_300, None),
        "A vs B on CTR: beyond noise (z = "
    )]
    #[case::noise(
        line("A", 2_000, 40, 900, None),
        line("B", 2_000, 38, 900, None),
        "A vs B on CTR: within noise"
    )]
    #[case::few(
        line("A", 900, 40, 900, None),
        line("B", 20_000, 38, 900, None),
        "A vs B: too few impressions to tell (900 and 20,000 impressions; 1,000 each needed)"
    )]
    #[case::by_purchases(
        line("A", 12_000, 300, 4_000, Some(40)),
        line("B", 12_000, 300, 4_000, Some(12)),
        "A vs B on purchases per impression: beyond noise"
    )]
    #[case::few_purchases_means_ctr(
        line("A", 12_000, 300, 4_000, Some(4)),
        line("B", 12_000, 120, 4_000, Some(1)),
        "A vs B on CTR: beyond noise"
    )]
    fn the_hint_says_which_test_and_the_impressions(
        #[case] a: AssetLine,
        #[case] b: AssetLine,
        #[case] starts: &str,
    ) {
        let s = significance(&[a, b], Some(&PURCHASE), MIN_IMPRESSIONS).unwrap();
        assert!(s.sentence().starts_with(starts), "{}", s.sentence());
    }

    #[test]
    fn one_asset_has_nothing_to_compare() {
        let s = significance(&[line("A", 5_000, 10, 1, None)], None, MIN_IMPRESSIONS).unwrap();
        assert_eq!(s.verdict, Verdict::TooFew);
        assert!(significance(&[], None, MIN_IMPRESSIONS).is_none());
    }

    #[rstest]
    // Cheapest purchase first; no purchase after those with one; under the floor left out.
    #[case::by_cost(
        vec![line("dear", 5_000, 100, 5_000, Some(2)), line("cheap", 5_000, 50, 5_000, Some(10)),
             line("none", 5_000, 200, 5_000, Some(0)), line("few", 500, 50, 100, Some(5))],
        vec!["cheap", "dear", "none"])]
    // A goal without an action: by CTR.
    #[case::by_ctr(
        vec![line("low", 5_000, 10, 5_000, None), line("high", 5_000, 90, 5_000, None)],
        vec!["high", "low"])]
    // Equal cost: the higher CTR, then more impressions.
    #[case::ties(
        vec![line("a", 4_000, 40, 1_000, Some(10)), line("b", 4_000, 80, 1_000, Some(10)),
             line("c", 8_000, 80, 2_000, Some(20))],
        vec!["b", "c", "a"])]
    fn assets_rank_by_cost_per_result_above_the_floor(
        #[case] assets: Vec<AssetLine>,
        #[case] want: Vec<&str>,
    ) {
        let got: Vec<&str> = rank_by_cost_per_result(&assets, MIN_IMPRESSIONS)
            .into_iter()
            .map(|i| assets[i].label.as_str())
            .collect();
        assert_eq!(got, want);
        let shown: Vec<String> = ordered(assets.clone(), MIN_IMPRESSIONS)
            .into_iter()
            .map(|l| l.label)
            .collect();
        assert_eq!(shown.len(), assets.len(), "the unranked follow");
        assert_eq!(&shown[..want.len()], want);
    }

    #[test]
    fn segments_sum_to_their_asset() {
        let mut a = line("A", 100, 5, 300, Some(1));
        a.segment = Some("female".into());
        let mut b = line("A", 50, 2, 200, Some(2));
        b.segment = Some("male".into());
        let c = line("B", 10, 1, 1, None);
        let t = totals(&[a, c, b]);
        assert_eq!(t.len(), 2);
        assert_eq!(
            (
                t[0].impressions,
                t[0].clicks,
                t[0].spend_minor,
                t[0].results,
                &t[0].segment
            ),
            (150, 7, 500, Some(3), &None)
        );
    }

    #[rstest]
    #[case::preset(Range::preset("last_7d").unwrap(), ("date_preset", "last_7d"), "Last 7 days", Range::Preset("last_14d"))]
    #[case::last(Range::preset("maximum").unwrap(), ("date_preset", "maximum"), "Maximum", Range::Preset("today"))]
    #[case::typed(Range::between("2026-11-01", "2026-11-30").unwrap(),
        ("time_range", r#"{"since":"2026-11-01","until":"2026-11-30"}"#), "2026-11-01 – 2026-11-30", Range::Preset("today"))]
    fn ranges_ask_graph_and_step(
        #[case] r: Range,
        #[case] param: (&str, &str),
        #[case] label: &str,
        #[case] next: Range,
    ) {
        assert_eq!(r.param(), (param.0, param.1.to_string()));
        assert_eq!(r.label(), label);
        assert_eq!(r.next(), next);
    }

    #[rstest]
    #[case("2026-12-01", "2026-11-01", "is after")]
    #[case("yesterday", "2026-11-01", "is not a date")]
    fn typed_ranges_are_checked(#[case] since: &str, #[case] until: &str, #[case] says: &str) {
        assert!(Range::between(since, until).unwrap_err().contains(says));
        assert_eq!(Range::preset("lifetime"), None);
    }

    #[test]
    fn the_second_breakdown_steps_through_age_gender_and_none() {
        assert_eq!(Split::next(None), Some(Split::Age));
        assert_eq!(Split::next(Some(Split::Age)), Some(Split::Gender));
        assert_eq!(Split::next(Some(Split::Gender)), None);
        assert_eq!(Split::parse("gender"), Some(Split::Gender));
        assert_eq!(Split::parse("country"), None);
    }
}
