//! The invented numbers of insights rows: an ad's totals from a hash of its id, split over
//! assets and demographics by weights, so parts add up and keep their order.

use crate::sandbox::state::Object;

/// Numbers of one row; money in the currency's minor unit.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Cell {
    pub impressions: u64,
    pub clicks: u64,
    pub reach: u64,
    pub spend: u64,
    pub link_clicks: u64,
    pub purchases: u64,
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
    let mut parts: Vec<u64> = weights.iter().map(|w| total * w / sum).collect();
    let rest = total - parts.iter().sum::<u64>();
    if let Some((i, _)) = weights.iter().enumerate().max_by_key(|(_, w)| **w) {
        parts[i] += rest;
    }
    parts
}

impl Cell {
    pub fn add(&mut self, o: &Cell) {
        self.impressions += o.impressions;
        self.clicks += o.clicks;
        self.reach += o.reach;
        self.spend += o.spend;
        self.link_clicks += o.link_clicks;
        self.purchases += o.purchases;
        self.value += o.value;
    }

    /// Splits the cell: what is seen by `seen` weights, what is done by `done` weights; a part
    /// never has more clicks than impressions less one, nor more reach than impressions.
    pub fn split(&self, seen: &[u64], done: &[u64]) -> Vec<Cell> {
        let impressions = split(self.impressions, seen);
        let reach = split(self.reach, seen);
        let spend = split(self.spend, seen);
        let clicks = split(self.clicks, done);
        let link_clicks = split(self.link_clicks, done);
        let purchases = split(self.purchases, done);
        let mut parts: Vec<Cell> = (0..seen.len())
            .map(|i| {
                let clicks = clicks[i].min(impressions[i].saturating_sub(1));
                let link_clicks = link_clicks[i].min(clicks);
                Cell {
                    impressions: impressions[i],
                    clicks,
                    reach: reach[i].min(impressions[i]),
                    spend: spend[i],
                    link_clicks,
                    purchases: purchases[i].min(link_clicks),
                    value: 0,
                }
            })
            .collect();
        // Purchase value goes with the purchases.
        let bought: Vec<u64> = parts.iter().map(|p| p.purchases).collect();
        if bought.iter().any(|b| *b > 0) {
            for (p, v) in parts.iter_mut().zip(split(self.value, &bought)) {
                p.value = v;
            }
        }
        parts
    }
}

/// An ad's totals over its whole delivery, from its id.
pub fn totals(ad: &Object, purchases: bool, offset: u64) -> Cell {
    let h = hash(&[&ad.id]);
    let impressions = 6_000 + h % 9_000;
    let clicks = impressions * (80 + (h >> 14) % 120) / 10_000;
    // CPM in minor units: $8–13 in cents, or ¥1,200–1,800.
    let cpm = if offset == 1 {
        1_200 + (h >> 24) % 600
    } else {
        800 + (h >> 24) % 500
    };
    let link_clicks = clicks * (70 + (h >> 34) % 20) / 100;
    let (bought, value) = if purchases {
        let n = link_clicks * (3 + (h >> 42) % 5) / 100;
        let order = if offset == 1 {
            5_000 + (h >> 48) % 7_000
        } else {
            4_000 + (h >> 48) % 5_000
        };
        (n, n * order)
    } else {
        (0, 0)
    };
    Cell {
        impressions,
        clicks,
        reach: impressions * (55 + (h >> 30) % 30) / 100,
        spend: impressions * cpm / 1_000,
        link_clicks,
        purchases: bought,
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
            purchases: 5,
            value: 30_000,
        };
        let parts = c.split(&[1, 3, 5], &[1, 6, 15]);
        let mut sum = Cell::default();
        for p in &parts {
            assert!(p.clicks < p.impressions && p.reach <= p.impressions);
            sum.add(p);
        }
        assert_eq!(sum, c);
        assert!(parts[0].clicks < parts[1].clicks && parts[1].clicks < parts[2].clicks);
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
