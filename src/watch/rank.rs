//! The next round's rule, pure: of each asset kind, keep the top k by cost per result, judging
//! only assets with at least N impressions. Assets below N are "not enough data": kept when
//! fewer than k assets of their kind have enough to be judged, dropped otherwise.
//! Defaults k = 2, N = 1000 [dcw's own].

use super::insights::AssetResult;
use crate::spec::result_action_of;

/// How many assets of each kind a next round keeps [dcw's own].
pub const DEFAULT_KEEP: usize = 2;
/// The impressions an asset needs before its numbers are judged [dcw's own].
pub const DEFAULT_MIN_IMPRESSIONS: u64 = 1000;

/// The rule, as the buyer sets it (`--keep`, `--min-impressions`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub keep: usize,
    pub min_impressions: u64,
}

impl Default for Rule {
    fn default() -> Rule {
        Rule {
            keep: DEFAULT_KEEP,
            min_impressions: DEFAULT_MIN_IMPRESSIONS,
        }
    }
}

impl Rule {
    /// The rule in the buyer's words, with what a result is.
    pub fn describe(&self, result: &str) -> String {
        format!(
            "keep the top {} of each asset kind by cost per {result} (fewest {result}s last; ties by CTR), judging only assets with at least {} impressions; below that an asset is \"not enough data\" and is kept only while fewer than {} of its kind have enough",
            self.keep,
            crate::spec::group_thousands(u128::from(self.min_impressions)),
            self.keep
        )
    }
}

/// One asset's numbers over the whole launch (its rows of every ad summed).
#[derive(Debug, Clone, PartialEq)]
pub struct AssetNumbers {
    /// The feed list it is in: `images`, `videos`, `titles`, `bodies`, `descriptions`,
    /// `link_urls`, `call_to_action_types`.
    pub kind: &'static str,
    /// Its place in the launched feed's list.
    pub index: usize,
    pub label: String,
    pub impressions: u64,
    pub clicks: u64,
    /// Spend × 100 of the account's unit, as `AssetResult::spend_minor`.
    pub spend_minor: i64,
    /// Results for the ad set's goal (see [`results_for_goal`]).
    pub results: u64,
}

impl AssetNumbers {
    /// clicks / impressions × 100; 0 without impressions.
    pub fn ctr(&self) -> f64 {
        if self.impressions == 0 {
            0.0
        } else {
            self.clicks as f64 * 100.0 / self.impressions as f64
        }
    }

    /// Spend per result (× 100 of the unit), `None` without results.
    pub fn cost_per_result(&self) -> Option<i64> {
        (self.results > 0).then(|| self.spend_minor / self.results as i64)
    }
}

/// What the rule made of an asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Among the top k with enough impressions.
    Kept,
    /// Enough impressions, not in the top k.
    Dropped,
    /// Not enough impressions, kept: fewer than k of its kind could be judged.
    KeptNotEnoughData,
    /// Not enough impressions, dropped: k of its kind could be judged.
    DroppedNotEnoughData,
}

impl Verdict {
    pub fn kept(self) -> bool {
        matches!(self, Verdict::Kept | Verdict::KeptNotEnoughData)
    }

    pub fn word(self) -> &'static str {
        match self {
            Verdict::Kept => "kept",
            Verdict::Dropped => "dropped",
            Verdict::KeptNotEnoughData => "kept (not enough data)",
            Verdict::DroppedNotEnoughData => "dropped (not enough data)",
        }
    }
}

/// Each asset with its verdict and its rank among the judged of its kind (1 is best; `None`
/// for not enough data), kinds in the order first met, best first within a kind.
pub fn rank(rule: Rule, assets: &[AssetNumbers]) -> Vec<(AssetNumbers, Verdict, Option<usize>)> {
    let mut kinds: Vec<&'static str> = Vec::new();
    for a in assets {
        if !kinds.contains(&a.kind) {
            kinds.push(a.kind);
        }
    }
    let mut out = Vec::new();
    for kind in kinds {
        let (mut judged, thin): (Vec<&AssetNumbers>, Vec<&AssetNumbers>) = assets
            .iter()
            .filter(|a| a.kind == kind)
            .partition(|a| a.impressions >= rule.min_impressions);
        judged.sort_by(|a, b| better(a, b));
        let room = judged.len() < rule.keep;
        for (i, a) in judged.iter().enumerate() {
            let v = if i < rule.keep {
                Verdict::Kept
            } else {
                Verdict::Dropped
            };
            out.push(((*a).clone(), v, Some(i + 1)));
        }
        for a in thin {
            let v = if room {
                Verdict::KeptNotEnoughData
            } else {
                Verdict::DroppedNotEnoughData
            };
            out.push((a.clone(), v, None));
        }
    }
    out
}

/// Best first: an asset with results before one without; lower cost per result first (compared
/// exactly, spend × other's results); then higher CTR; then more impressions; then feed order.
pub(crate) fn better(a: &AssetNumbers, b: &AssetNumbers) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let by_cost = match (a.results > 0, b.results > 0) {
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => Ordering::Equal,
        (true, true) => {
            let l = i128::from(a.spend_minor) * i128::from(b.results);
            let r = i128::from(b.spend_minor) * i128::from(a.results);
            l.cmp(&r)
        }
    };
    by_cost
        .then_with(|| {
            // clicks/impressions compared exactly.
            let l = u128::from(b.clicks) * u128::from(a.impressions.max(1));
            let r = u128::from(a.clicks) * u128::from(b.impressions.max(1));
            l.cmp(&r)
        })
        .then_with(|| b.impressions.cmp(&a.impressions))
        .then_with(|| a.index.cmp(&b.index))
}

/// What counts as a result for an ad set's goal: the `actions` types that count it (the first
/// one present is read; Meta's purchase types overlap, so they are never summed) and its name,
/// from the one table in `spec` (`result_action_of`). Goals without an action of their own
/// (reach, impressions, …) count clicks.
pub fn results_for_goal(
    optimization_goal: Option<&str>,
    custom_event_type: Option<&str>,
) -> (Vec<String>, &'static str) {
    let Some(a) = optimization_goal.and_then(|g| result_action_of(g, custom_event_type)) else {
        return (Vec::new(), "click");
    };
    let mut types = vec![a.action_type.to_string()];
    // A purchase is also reported in Meta's totals of every source: read when the pixel's own
    // type is absent.
    if a.action_type == "offsite_conversion.fb_pixel_purchase" {
        types.extend(["omni_purchase".to_string(), "purchase".to_string()]);
    }
    (types, a.singular)
}

/// An asset result's count of `types` (the first present), or its clicks when `types` is
/// empty.
pub fn results_of(r: &AssetResult, types: &[String]) -> u64 {
    if types.is_empty() {
        return r.clicks;
    }
    types
        .iter()
        .find_map(|t| r.actions.iter().find(|(a, _)| a == t).map(|(_, n)| *n))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(
        kind: &'static str,
        index: usize,
        impressions: u64,
        spend: i64,
        results: u64,
    ) -> AssetNumbers {
        AssetNumbers {
            kind,
            index,
            label: format!("{kind} {index}"),
            impressions,
            clicks: impressions / 100,
            spend_minor: spend,
            results,
        }
    }

    fn verdicts(rule: Rule, assets: &[AssetNumbers]) -> Vec<(usize, Verdict)> {
        rank(rule, assets)
            .into_iter()
            .map(|(a, v, _)| (a.index, v))
            .collect()
    }

    use Verdict::*;

    #[rstest::rstest]
    // Cheapest per result first: 10.00/5 = 2.00 beats 9.00/3 = 3.00 beats 4.00/1.
    #[case::by_cost_per_result(
        vec![n("bodies", 0, 2000, 400, 1), n("bodies", 1, 2000, 1000, 5), n("bodies", 2, 2000, 900, 3)],
        vec![(1, Kept), (2, Kept), (0, Dropped)])]
    // No results ranks last, however cheap.
    #[case::fewest_results_lowest(
        vec![n("titles", 0, 5000, 1, 0), n("titles", 1, 5000, 5000, 1), n("titles", 2, 5000, 9000, 1)],
        vec![(1, Kept), (2, Kept), (0, Dropped)])]
    // Equal cost per result: the higher CTR wins.
    #[case::ties_by_ctr(
        vec![AssetNumbers { clicks: 10, ..n("images", 0, 1000, 600, 2) },
             AssetNumbers { clicks: 40, ..n("images", 1, 1000, 300, 1) },
             AssetNumbers { clicks: 20, ..n("images", 2, 1000, 900, 3) }],
        vec![(1, Kept), (2, Kept), (0, Dropped)])]
    // Below the minimum: dropped when k assets could be judged.
    #[case::thin_dropped_when_k_judged(
        vec![n("bodies", 0, 999, 1, 9), n("bodies", 1, 1000, 500, 1), n("bodies", 2, 4000, 800, 1)],
        vec![(1, Kept), (2, Kept), (0, DroppedNotEnoughData)])]
    // Below the minimum: kept when fewer than k could be judged.
    #[case::thin_kept_when_fewer_than_k_judged(
        vec![n("bodies", 0, 10, 1, 0), n("bodies", 1, 3000, 500, 1), n("bodies", 2, 0, 0, 0)],
        vec![(1, Kept), (0, KeptNotEnoughData), (2, KeptNotEnoughData)])]
    // Each kind on its own.
    #[case::kinds_apart(
        vec![n("titles", 0, 2000, 100, 1), n("bodies", 0, 2000, 100, 1), n("titles", 1, 2000, 50, 1),
             n("titles", 2, 2000, 10, 1)],
        vec![(2, Kept), (1, Kept), (0, Dropped), (0, Kept)])]
    fn the_rule(#[case] assets: Vec<AssetNumbers>, #[case] want: Vec<(usize, Verdict)>) {
        assert_eq!(verdicts(Rule::default(), &assets), want);
    }

    #[test]
    fn keep_and_minimum_are_the_buyers() {
        let assets = [
            n("bodies", 0, 600, 100, 1),
            n("bodies", 1, 700, 50, 1),
            n("bodies", 2, 800, 10, 0),
        ];
        let rule = Rule {
            keep: 1,
            min_impressions: 500,
        };
        assert_eq!(
            verdicts(rule, &assets),
            [(1, Kept), (0, Dropped), (2, Dropped)]
        );
        assert!(
            rule.describe("purchase")
                .contains("top 1 of each asset kind by cost per purchase")
        );
        assert!(
            Rule::default()
                .describe("click")
                .contains("at least 1,000 impressions")
        );
    }

    #[test]
    fn a_purchase_goal_reads_one_purchase_type_never_their_sum() {
        let (types, word) = results_for_goal(Some("OFFSITE_CONVERSIONS"), Some("PURCHASE"));
        assert_eq!(word, "purchase");
        let r = AssetResult {
            label: String::new(),
            asset: None,
            media_id: None,
            impressions: 100,
            clicks: 9,
            spend: "1.00".into(),
            spend_minor: 100,
            reach: 90,
            ctr: 9.0,
            actions: vec![
                ("link_click".into(), 7),
                ("omni_purchase".into(), 2),
                ("purchase".into(), 2),
            ],
        };
        assert_eq!(results_of(&r, &types), 2);
        let (clicks, word) = results_for_goal(Some("REACH"), None);
        assert_eq!((results_of(&r, &clicks), word), (9, "click"));
        let (links, _) = results_for_goal(Some("LINK_CLICKS"), None);
        assert_eq!(results_of(&r, &links), 7);
    }
}
