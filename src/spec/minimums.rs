//! Minimum daily budgets: which of Meta's four minimums an optimization goal falls under, the
//! minimums an account's `GET /act_<id>/minimum_budgets` gives, and dcw's built-in table for
//! when no account can be asked (`dcw validate`).
//!
//! Meta (the MinimumBudget node): `min_daily_budget_imp` for ad sets optimized for impressions,
//! `_high_freq` for "high frequency actions like clicks and likes", `_low_freq` for "low
//! frequency actions like mobile app installs, offer claims, or canvas app installs",
//! `_video_views` for video views; int32 amounts in the currency's minor unit. Meta's USD
//! illustration (Ad Set reference, "Bid/Budget Validations", `meta-dynamic-creative.md` §2.2):
//! impressions $0.50, clicks/likes/video views $2.50, low-frequency actions $40, doubled for
//! accounts in the countries of [`DOUBLED_COUNTRIES`]; a lifetime budget must cover the daily
//! minimum for each day of the schedule.

use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;

use super::enums::OptimizationGoal;
use super::lenient::GraphEnum;
use super::values::{Currency, Money};

/// One of the four minimums of the `minimum_budgets` edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MinBucket {
    /// `min_daily_budget_imp`.
    Impressions,
    /// `min_daily_budget_high_freq`.
    HighFrequency,
    /// `min_daily_budget_low_freq`.
    LowFrequency,
    /// `min_daily_budget_video_views`.
    VideoViews,
}

/// The minimum an ad set optimizing for `goal` must meet. Meta's field descriptions name
/// impressions, clicks and likes, installs and offer claims, and video views; the rest is dcw's
/// reading: a goal that counts an action a person takes (a click, a purchase, a lead, a
/// conversation) is a high-frequency action, an install a low-frequency one, and a goal that
/// counts people reached or remembering the ad counts impressions.
pub fn bucket(goal: OptimizationGoal) -> MinBucket {
    use OptimizationGoal as G;
    match goal {
        G::Impressions | G::Reach | G::AdRecallLift | G::NoGoal => MinBucket::Impressions,
        G::AppInstalls | G::AppInstallsAndOffsiteConversions => MinBucket::LowFrequency,
        G::Thruplay | G::TwoSecondContinuousVideoViews => MinBucket::VideoViews,
        G::AdvertiserSiloedValue
        | G::AutomaticObjective
        | G::Conversations
        | G::DerivedEvents
        | G::EngagedPageViews
        | G::EngagedUsers
        | G::EventResponses
        | G::InAppValue
        | G::LandingPageViews
        | G::LeadGeneration
        | G::LinkClicks
        | G::MeaningfulCallAttempt
        | G::MessagingAppointmentConversion
        | G::MessagingPurchaseConversion
        | G::OffsiteConversions
        | G::OnsiteConversions
        | G::PageLikes
        | G::PostEngagement
        | G::ProfileAndPageEngagement
        | G::ProfileVisit
        | G::QualityCall
        | G::QualityLead
        | G::RemindersSet
        | G::Subscribers
        | G::Value
        | G::VisitInstagramProfile => MinBucket::HighFrequency,
    }
}

/// The goal in the buyer's words: `link clicks` for `LINK_CLICKS`.
pub fn goal_words(goal: OptimizationGoal) -> String {
    goal.as_str().to_ascii_lowercase().replace('_', " ")
}

/// Countries whose accounts have twice the minimums (Meta's list, §2.2), ISO codes.
pub const DOUBLED_COUNTRIES: &[&str] = &[
    "AU", "AT", "BE", "CA", "DK", "FI", "FR", "DE", "GR", "HK", "IL", "IT", "JP", "NL", "NZ", "NO",
    "SG", "KR", "ES", "SE", "CH", "TW", "GB", "US",
];

/// The four minimum daily budgets of one account, in its currency's minor unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinimumBudgets {
    pub currency: Currency,
    pub impressions: i64,
    pub high_frequency: i64,
    pub low_frequency: i64,
    pub video_views: i64,
}

impl MinimumBudgets {
    pub fn daily(&self, bucket: MinBucket) -> i64 {
        match bucket {
            MinBucket::Impressions => self.impressions,
            MinBucket::HighFrequency => self.high_frequency,
            MinBucket::LowFrequency => self.low_frequency,
            MinBucket::VideoViews => self.video_views,
        }
    }

    /// Every minimum times `k` (saturating).
    pub fn times(&self, k: i64) -> MinimumBudgets {
        MinimumBudgets {
            currency: self.currency.clone(),
            impressions: self.impressions.saturating_mul(k),
            high_frequency: self.high_frequency.saturating_mul(k),
            low_frequency: self.low_frequency.saturating_mul(k),
            video_views: self.video_views.saturating_mul(k),
        }
    }

    /// The minimums with a manual bid of `bid` minor units (`bid_amount`; Meta's rule, §2.2):
    /// at least the bid for impressions, five times the bid for every other goal (saturating).
    pub fn with_bid(&self, bid: i64) -> MinimumBudgets {
        if bid <= 0 {
            return self.clone();
        }
        let five = bid.saturating_mul(5);
        MinimumBudgets {
            currency: self.currency.clone(),
            impressions: self.impressions.max(bid),
            high_frequency: self.high_frequency.max(five),
            low_frequency: self.low_frequency.max(five),
            video_views: self.video_views.max(five),
        }
    }

    /// dcw's built-in table, for when no account can be asked: the lowest minimums any account
    /// in `currency` has (Meta's figures, not doubled). Only USD: Meta publishes no other
    /// currency's figures, and dcw does not guess them.
    pub fn builtin(currency: &Currency) -> Option<MinimumBudgets> {
        (currency.code() == "USD").then(|| MinimumBudgets {
            currency: currency.clone(),
            impressions: 50,
            high_frequency: 250,
            low_frequency: 4000,
            video_views: 250,
        })
    }

    /// `at least $2.50 USD a day for link clicks`.
    pub fn phrase(&self, goal: OptimizationGoal) -> String {
        format!(
            "at least {} a day for {}",
            Money::new(self.daily(bucket(goal))).display(&self.currency),
            goal_words(goal)
        )
    }
}

/// The days a schedule covers, a part day counting as a day (at least 1): a lifetime budget
/// must hold the daily minimum for each. Counted on the clock of the account's zone `tz` when
/// known, so midnight to midnight across a change to or from summer time is whole days (not
/// one more for the hour the clocks go back).
pub fn schedule_days(
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
    tz: Option<Tz>,
) -> i64 {
    let span = match tz {
        Some(tz) => end.with_timezone(&tz).naive_local() - start.with_timezone(&tz).naive_local(),
        None => end - start,
    };
    let secs = span.num_seconds().max(1);
    ((secs + 86_399) / 86_400).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use OptimizationGoal as G;

    /// One row per goal the wizard offers most: the goal, its minimum.
    #[test]
    fn each_goal_falls_under_one_of_metas_four_minimums() {
        let rows = [
            (G::Impressions, MinBucket::Impressions),
            (G::Reach, MinBucket::Impressions),
            (G::AdRecallLift, MinBucket::Impressions),
            (G::LinkClicks, MinBucket::HighFrequency),
            (G::LandingPageViews, MinBucket::HighFrequency),
            (G::PageLikes, MinBucket::HighFrequency),
            (G::PostEngagement, MinBucket::HighFrequency),
            (G::OffsiteConversions, MinBucket::HighFrequency),
            (G::Value, MinBucket::HighFrequency),
            (G::LeadGeneration, MinBucket::HighFrequency),
            (G::AppInstalls, MinBucket::LowFrequency),
            (G::AppInstallsAndOffsiteConversions, MinBucket::LowFrequency),
            (G::Thruplay, MinBucket::VideoViews),
            (G::TwoSecondContinuousVideoViews, MinBucket::VideoViews),
        ];
        for (goal, want) in rows {
            assert_eq!(bucket(goal), want, "{goal}");
        }
    }

    #[test]
    fn the_builtin_table_holds_metas_usd_figures_and_nothing_it_cannot_source() {
        let usd = Currency::new("USD").unwrap();
        let m = MinimumBudgets::builtin(&usd).unwrap();
        assert_eq!(
            m.phrase(G::LinkClicks),
            "at least $2.50 USD a day for link clicks"
        );
        assert_eq!(m.daily(MinBucket::Impressions), 50);
        assert_eq!(m.times(2).daily(MinBucket::LowFrequency), 8000);
        // A $10.00 bid: $10.00 for impressions, $50.00 for actions; $40 installs stay higher.
        let bid = m.with_bid(1000);
        assert_eq!(bid.daily(MinBucket::Impressions), 1000);
        assert_eq!(bid.daily(MinBucket::HighFrequency), 5000);
        assert_eq!(m.with_bid(100).daily(MinBucket::LowFrequency), 4000);
        assert_eq!(m.with_bid(0), m);
        assert!(MinimumBudgets::builtin(&Currency::new("JPY").unwrap()).is_none());
    }

    #[test]
    fn a_schedule_counts_part_days_as_days() {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        let rows = [
            ("2026-12-01T09:00:00-05:00", "2026-12-02T09:00:00-05:00", 1),
            ("2026-12-01T09:00:00-05:00", "2026-12-02T10:00:00-05:00", 2),
            ("2026-12-01T09:00:00-05:00", "2026-12-22T09:00:00-05:00", 21),
            ("2026-12-01T09:00:00-05:00", "2026-12-01T09:30:00-05:00", 1),
        ];
        for (a, b, want) in rows {
            assert_eq!(schedule_days(t(a), t(b), None), want, "{a} → {b}");
        }
        // New York, midnight to midnight: 21 days across the clocks going back or forward.
        let ny = super::super::zone::zone("America/New_York");
        let rows = [
            ("2026-10-25T00:00:00-04:00", "2026-11-15T00:00:00-05:00", 21),
            ("2026-02-22T00:00:00-05:00", "2026-03-15T00:00:00-04:00", 21),
            ("2026-12-01T00:00:00-05:00", "2026-12-22T00:00:01-05:00", 22),
        ];
        for (a, b, want) in rows {
            assert_eq!(schedule_days(t(a), t(b), ny), want, "{a} → {b}");
        }
    }
}
