//! The invented numbers of insights rows: an ad's totals from a hash of its id, split over
//! assets and demographics by weights, so parts add up and keep their order.

use std::collections::BTreeMap;

/// Numbers of one row; money in the currency's minor unit. `results` are the ad set's goal's
/// actions (`spec::results`), by action type: ads of a campaign may count different ones.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    pub impressions: u64,
    pub clicks: u64,
    pub reach: u64,
    pub spend: u64,
    pub link_clicks: u64,
    pub results: BTreeMap<&'static str, u64>,
    /// The purchase value (`action_values`), with the purchases.
    pub value: u64,
}

/// FNV-1a with a final mix: the same numbers on every run and platform.
pub fn hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// Splits `total` by `weights`; the rounding rest goes to the largest weight.
fn split(total: u64, weights: &[u64]) -> Vec<u64> {
    let sum: u64 = weights.iter().sum::<u64>().max(1);
    let mut parts: Vec<u64> = weights
        .iter()
        .map(|w| (u128::from(total) * u128::from(*w) / u128::from(sum)) as u64)
        .collect();
    let rest = total - parts.iter().sum::<u64>();
    if let Some((i, _)) = weights.iter().enumerate().max_by_key(|(_, w)| **w) {
        parts[i] += rest;
    }
    parts
}

/// How a cell is split: what is seen (impressions, reach, spend), what is clicked, and what
/// results (the goal's actions) by their own weights.
pub struct Weights<'a> {
    pub seen: &'a [u64],
    pub clicked: &'a [u64],
    pub converted: &'a [u64],
}

impl Cell {
    pub fn add(&mut self, o: &Cell) {
        self.impressions += o.impressions;
        self.clicks += o.clicks;
        self.reach += o.reach;
        self.spend += o.spend;
        self.link_clicks += o.link_clicks;
        for (t, n) in &o.results {
            *self.results.entry(t).or_default() += n;
        }
        self.value += o.value;
    }

    /// The purchases among the results (what `action_values` is the value of).
    pub fn purchases(&self) -> u64 {
        self.results.get(PURCHASE).copied().unwrap_or_default()
    }

    /// Splits the cell by `w`. A part never has more clicks than impressions less one, nor more
    /// reach than impressions; the parts add up to the cell.
    pub fn split(&self, w: &Weights) -> Vec<Cell> {
        let n = w.seen.len();
        let impressions = split(self.impressions, w.seen);
        let reach = split(self.reach, w.seen);
        let spend = split(self.spend, w.seen);
        let mut clicks = split(self.clicks, w.clicked);
        let mut link_clicks = split(self.link_clicks, w.clicked);
        // Clicks beyond a part's impressions go to the part with the most room.
        cap(
            &mut clicks,
            &impressions
                .iter()
                .map(|i| i.saturating_sub(1))
                .collect::<Vec<_>>(),
        );
        cap(&mut link_clicks, &clicks);
        let results: Vec<(&'static str, Vec<u64>)> = self
            .results
            .iter()
            .map(|(t, total)| (*t, split(*total, w.converted)))
            .collect();
        let mut parts: Vec<Cell> = (0..n)
            .map(|i| Cell {
                impressions: impressions[i],
                clicks: clicks[i],
                reach: reach[i].min(impressions[i]),
                spend: spend[i],
                link_clicks: link_clicks[i],
                results: results.iter().map(|(t, v)| (*t, v[i])).collect(),
                value: 0,
            })
            .collect();
        // Reach cut to impressions goes to the parts with room, so the parts still add up.
        let lost = self.reach - parts.iter().map(|p| p.reach).sum::<u64>();
        let mut reach: Vec<u64> = parts.iter().map(|p| p.reach).collect();
        if let Some(i) = (0..n).max_by_key(|i| impressions[*i] - reach[*i]) {
            reach[i] += lost;
        }
        cap(&mut reach, &impressions);
        for (p, r) in parts.iter_mut().zip(reach) {
            p.reach = r;
        }
        // Purchase value goes with the purchases.
        let bought: Vec<u64> = parts.iter().map(Cell::purchases).collect();
        if bought.iter().any(|b| *b > 0) {
            for (p, v) in parts.iter_mut().zip(split(self.value, &bought)) {
                p.value = v;
            }
        }
        parts
    }
}

/// Moves what is above each part's `max` to the parts below theirs, so the total stays.
fn cap(parts: &mut [u64], max: &[u64]) {
    let mut spill = 0;
    for (p, m) in parts.iter_mut().zip(max) {
        if *p > *m {
            spill += *p - *m;
            *p = *m;
        }
    }
    for (p, m) in parts.iter_mut().zip(max) {
        let room = (*m - *p).min(spill);
        *p += room;
        spill -= room;
    }
}

/// The action a pixel purchase is reported as, with `omni_purchase` and `purchase` beside it.
pub const PURCHASE: &str = "offsite_conversion.fb_pixel_purchase";

/// One day of an ad's delivery, from its id and the day: the ad's own level (from its id) moved
/// by ±30% from day to day. `result` is the goal's action (`None`: no action counted).
pub fn day(ad: &str, date: &str, result: Option<&'static str>, offset: u64) -> Cell {
    let h = hash(&[ad]);
    let d = hash(&[ad, date]);
    let impressions = (8_000 + h % 8_000) * (70 + d % 61) / 100;
    let clicks = impressions * (80 + (h >> 14) % 120) / 10_000;
    // CPM in minor units: $8–13 in cents, or ¥1,200–1,800.
    let cpm = if offset == 1 {
        1_200 + (h >> 24) % 600
    } else {
        800 + (h >> 24) % 500
    };
    let link_clicks = clicks * (70 + (h >> 34) % 20) / 100;
    let mut results = BTreeMap::new();
    let mut value = 0;
    match result {
        None => {}
        Some("link_click") => {
            results.insert("link_click", link_clicks);
        }
        Some(t) => {
            // Installs and page views are more common than purchases and leads.
            let rate = match t {
                "mobile_app_install" | "landing_page_view" | "video_view" | "post_engagement" => {
                    30 + (h >> 42) % 30
                }
                _ => 3 + (h >> 42) % 5 + (d >> 20) % 3,
            };
            let n = link_clicks * rate / 100;
            if t == PURCHASE {
                let order = if offset == 1 {
                    5_000 + (h >> 48) % 7_000
                } else {
                    4_000 + (h >> 48) % 5_000
                };
                value = n * order;
            }
            results.insert(t, n);
        }
    }
    Cell {
        impressions,
        clicks,
        reach: impressions * (55 + (h >> 30) % 30) / 100,
        spend: impressions * cpm / 1_000,
        link_clicks,
        results,
        value,
    }
}

/// Money in the account currency: `123.45`, or whole units for offset-1 currencies (JPY).
pub fn money(minor: u64, offset: u64) -> String {
    if offset == 1 {
        minor.to_string()
    } else {
        format!("{}.{:02}", minor / offset, minor % offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_keep_the_total_and_the_order() {
        assert_eq!(split(100, &[1, 3, 5, 7]), [6, 18, 31, 45]);
        assert_eq!(split(0, &[1, 2]), [0, 0]);
        let c = Cell {
            impressions: 10_000,
            clicks: 150,
            reach: 8_000,
            spend: 9_000,
            link_clicks: 120,
            results: [(PURCHASE, 5)].into_iter().collect(),
            value: 30_000,
        };
        let parts = c.split(&Weights {
            seen: &[1, 3, 5],
            clicked: &[1, 6, 15],
            converted: &[1, 2, 30],
        });
        let mut sum = Cell::default();
        for p in &parts {
            assert!(p.clicks < p.impressions && p.reach <= p.impressions);
            sum.add(p);
        }
        assert_eq!(sum, c);
        assert!(parts[0].clicks < parts[1].clicks && parts[1].clicks < parts[2].clicks);
    }

    #[test]
    fn clicks_and_reach_beyond_a_part_spill_to_the_others_and_still_add_up() {
        let c = Cell {
            impressions: 10,
            clicks: 9,
            reach: 10,
            ..Cell::default()
        };
        let parts = c.split(&Weights {
            seen: &[1, 1],
            clicked: &[1, 100],
            converted: &[1, 1],
        });
        let mut sum = Cell::default();
        for p in &parts {
            assert!(
                p.clicks < p.impressions && p.reach <= p.impressions,
                "{p:?}"
            );
            sum.add(p);
        }
        assert_eq!(sum.reach, 10);
        assert!(sum.clicks <= 9);
    }

    #[test]
    fn a_goal_counts_its_own_action_every_day() {
        let buy = day("1", "2026-12-01", Some(PURCHASE), 100);
        assert!(buy.purchases() > 0 && buy.value > 0, "{buy:?}");
        let install = day("1", "2026-12-01", Some("mobile_app_install"), 100);
        assert!(install.results["mobile_app_install"] > buy.purchases());
        assert_eq!(day("1", "2026-12-01", None, 100).results.len(), 0);
        assert_ne!(
            day("1", "2026-12-01", None, 100).impressions,
            day("1", "2026-12-02", None, 100).impressions,
            "days differ"
        );
    }

    #[test]
    fn money_has_cents_or_whole_units() {
        assert_eq!(money(12_345, 100), "123.45");
        assert_eq!(money(7, 100), "0.07");
        assert_eq!(money(1_520, 1), "1520");
    }

    #[test]
    fn hashes_are_stable() {
        assert_eq!(hash(&["a", "b"]), hash(&["a", "b"]));
        assert_ne!(hash(&["ab"]), hash(&["a", "b"]));
    }
}
