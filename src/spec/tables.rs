//! Meta's compatibility tables, in one place for the validator and the wizard's choices.
//! Source: `../shared/reference/meta-dynamic-creative.md` §2.3 (ODAX), §2.4 (billing), §2.5
//! (promoted object), §4.2 (crops).

use super::enums::{
    BidStrategy, BillingEvent, CallToActionType, CropKey, Objective, OptimizationGoal,
};
use super::model::CropBox;

use CallToActionType as C;
use OptimizationGoal as G;

/// The optimization goals Meta accepts for an objective: the union over its conversion
/// locations in the ODAX table. `OFFSITE_CONVERSIONS` is added for Traffic because the Dynamic
/// Creative guide asks for it there.
pub fn allowed_goals(objective: Objective) -> &'static [OptimizationGoal] {
    match objective {
        Objective::OutcomeAwareness => &[
            G::AdRecallLift,
            G::Reach,
            G::Impressions,
            G::Thruplay,
            G::TwoSecondContinuousVideoViews,
        ],
        Objective::OutcomeTraffic => &[
            G::LandingPageViews,
            G::LinkClicks,
            G::Impressions,
            G::Reach,
            G::QualityCall,
            G::OffsiteConversions,
        ],
        Objective::OutcomeEngagement => &[
            G::OffsiteConversions,
            G::OnsiteConversions,
            G::Thruplay,
            G::TwoSecondContinuousVideoViews,
            G::PostEngagement,
            G::EventResponses,
            G::Conversations,
            G::LandingPageViews,
            G::LinkClicks,
            G::Impressions,
            G::Reach,
            G::AppInstallsAndOffsiteConversions,
            G::PageLikes,
        ],
        Objective::OutcomeLeads => &[
            G::OffsiteConversions,
            G::LandingPageViews,
            G::LinkClicks,
            G::Impressions,
            G::Reach,
            G::LeadGeneration,
            G::QualityLead,
            G::QualityCall,
            G::AppInstallsAndOffsiteConversions,
        ],
        Objective::OutcomeAppPromotion => &[
            G::AppInstalls,
            G::AppInstallsAndOffsiteConversions,
            G::LinkClicks,
            G::Value,
        ],
        Objective::OutcomeSales => &[
            G::OffsiteConversions,
            G::Value,
            G::LandingPageViews,
            G::LinkClicks,
            G::Impressions,
            G::Reach,
            G::Conversations,
        ],
    }
}

/// The billing events Meta accepts for a goal in an auction (DOC-BILL).
pub fn allowed_billing_events(goal: OptimizationGoal) -> &'static [BillingEvent] {
    match goal {
        G::LinkClicks => &[BillingEvent::Impressions, BillingEvent::LinkClicks],
        G::Thruplay => &[BillingEvent::Impressions, BillingEvent::Thruplay],
        G::TwoSecondContinuousVideoViews => &[
            BillingEvent::Impressions,
            BillingEvent::TwoSecondContinuousVideoViews,
        ],
        _ => &[BillingEvent::Impressions],
    }
}

/// Whether the strategy takes a `bid_amount` (DOC-ADSET).
pub fn needs_bid_amount(strategy: BidStrategy) -> bool {
    matches!(
        strategy,
        BidStrategy::LowestCostWithBidCap | BidStrategy::CostCap
    )
}

/// The Dynamic Creative guide asks for `OFFSITE_CONVERSIONS` with these objectives.
pub fn guide_wants_offsite_conversions(objective: Objective) -> bool {
    matches!(
        objective,
        Objective::OutcomeSales
            | Objective::OutcomeEngagement
            | Objective::OutcomeLeads
            | Objective::OutcomeTraffic
    )
}

/// What `promoted_object` must carry for an objective and goal (§2.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromotedObjectNeed {
    /// `application_id` and `object_store_url`.
    App,
    /// `page_id`.
    Page,
    /// A pixel (or custom conversion) and `custom_event_type`, or an app with an event.
    ConversionEvent,
    Nothing,
}

pub fn promoted_object_need(objective: Objective, goal: OptimizationGoal) -> PromotedObjectNeed {
    use PromotedObjectNeed::*;
    match (objective, goal) {
        (Objective::OutcomeAppPromotion, _)
        | (_, G::AppInstalls)
        | (_, G::AppInstallsAndOffsiteConversions) => App,
        (Objective::OutcomeAwareness, _) => Page,
        (_, G::LeadGeneration | G::QualityLead | G::PageLikes | G::Conversations) => Page,
        (_, G::OffsiteConversions | G::Value) => ConversionEvent,
        _ => Nothing,
    }
}

/// Call-to-action types that dynamic-creative ad sets take per objective. Meta does not publish
/// this table; it follows observed answers (BOOK_NOW refused for OUTCOME_SALES with subcode
/// 1885396, SIGN_UP refused for OUTCOME_AWARENESS with 1815159) and Meta's safe defaults (§5).
/// The validator warns outside it. It is dcw's, not Meta's: the sandbox never reads it (its own
/// rule, `sandbox::rules::call_to_action`, refuses only the pairs seen refused).
pub fn dynamic_creative_ctas(objective: Objective) -> &'static [CallToActionType] {
    match objective {
        Objective::OutcomeSales => &[
            C::ShopNow,
            C::BuyNow,
            C::OrderNow,
            C::GetOffer,
            C::GetQuote,
            C::LearnMore,
            C::SignUp,
            C::Subscribe,
            C::Buy,
            C::AddToCart,
            C::SeeMore,
            C::ContactUs,
            C::GetDetails,
        ],
        Objective::OutcomeTraffic => &[
            C::LearnMore,
            C::ShopNow,
            C::SignUp,
            C::BookNow,
            C::ContactUs,
            C::SeeMore,
            C::WatchMore,
            C::GetOffer,
            C::OrderNow,
            C::Subscribe,
            C::ApplyNow,
            C::GetDetails,
        ],
        Objective::OutcomeLeads => &[
            C::SignUp,
            C::ApplyNow,
            C::GetQuote,
            C::Subscribe,
            C::ContactUs,
            C::LearnMore,
            C::BookNow,
            C::GetOffer,
            C::Download,
        ],
        Objective::OutcomeEngagement => &[
            C::LearnMore,
            C::ShopNow,
            C::SignUp,
            C::ContactUs,
            C::WatchMore,
            C::SeeMore,
            C::GetOffer,
            C::BookNow,
            C::Subscribe,
            C::MessagePage,
        ],
        Objective::OutcomeAwareness => &[
            C::LearnMore,
            C::ShopNow,
            C::WatchMore,
            C::SeeMore,
            C::ContactUs,
            C::BookNow,
            C::GetDirections,
            C::CallNow,
        ],
        Objective::OutcomeAppPromotion => &[
            C::InstallApp,
            C::InstallMobileApp,
            C::UseApp,
            C::UseMobileApp,
            C::PlayGame,
            C::Download,
            C::LearnMore,
            C::ShopNow,
            C::SignUp,
            C::BookNow,
            C::WatchMore,
            C::Subscribe,
        ],
    }
}

/// Pairs Meta has been seen refusing, with the subcode it answered (reference §3.4): dcw
/// refuses them before sending anything.
pub const REFUSED_CTAS: &[(Objective, CallToActionType, i64)] = &[
    (
        Objective::OutcomeSales,
        CallToActionType::BookNow,
        1_885_396,
    ),
    (
        Objective::OutcomeAwareness,
        CallToActionType::SignUp,
        1_815_159,
    ),
];

/// Maximum items per asset type in a Dynamic Creative feed, and in all (§3.3).
pub const MAX_IMAGES: usize = 10;
pub const MAX_VIDEOS: usize = 10;
pub const MAX_TEXTS: usize = 5;
pub const MAX_LINK_URLS: usize = 5;
pub const MAX_CTA_TYPES: usize = 5;
pub const MAX_ASSETS: usize = 30;
/// Hard text limits (characters) and the display guidance above which text is truncated.
pub const TITLE_MAX: usize = 255;
pub const TITLE_SHOWN: usize = 40;
pub const BODY_MAX: usize = 1024;
pub const BODY_SHOWN: usize = 125;
pub const DESCRIPTION_MAX: usize = 255;
pub const DESCRIPTION_SHOWN: usize = 30;
/// The ages targeting takes (`age_min` ≥ 13, `age_max` ≤ 65, 65 meaning 65+: DOC-TR in
/// `meta-dynamic-creative.md` §2.6). The rule and the wizard's hint both read these.
pub const AGE_MIN: i64 = 13;
pub const AGE_MAX: i64 = 65;
/// A city's radius, both ends included, in miles and in kilometres (Meta's basic-targeting
/// reference: 10 to 50 miles, 17 to 80 km). The rule and the wizard's radius field read these.
pub const CITY_RADIUS_MILES: (i64, i64) = (10, 50);
pub const CITY_RADIUS_KM: (i64, i64) = (17, 80);
/// In a special ad category Meta reaches at least 15 miles around a city (its help centre on
/// special-ad-category audiences); in kilometres, 25, the whole kilometre above.
pub const SPECIAL_CITY_RADIUS_MILES: i64 = 15;
pub const SPECIAL_CITY_RADIUS_KM: i64 = 25;
/// Largest image file Meta takes (Ads Guide).
pub const MAX_IMAGE_BYTES: u64 = 30 * 1024 * 1024;
/// Meta's largest ad video file: 4 GB (Facebook video ads specs, "File size: 4 GB max").
pub const MAX_VIDEO_BYTES: u64 = 4 * 1024 * 1024 * 1024;
/// Meta's smallest video upload: 1 KB (Video API error codes: 6000/1363022, "too small").
pub const MIN_VIDEO_BYTES: u64 = 1024;
/// How long an ad video may run: 1 second to 241 minutes (Ads Guide, Facebook Feed video: the
/// widest range of any placement; secondary copies at xyzlab.com, noedos.com).
pub const MIN_VIDEO_MS: u64 = 1_000;
pub const MAX_VIDEO_MS: u64 = 241 * 60 * 1_000;
/// The smallest picture Meta takes for feed video: 120 pixels each way (Ads Guide, Facebook
/// Feed video, "Minimum width/height").
pub const MIN_VIDEO_SIDE: u32 = 120;
/// Below this shorter side a video looks soft in Stories and Reels [dcw's own, from the Ads
/// Guide's Reels minimum of 540x960 and Stories' 500-pixel minimum width].
pub const LOW_VIDEO_SIDE: u32 = 540;
/// How far a video's shape may stray from a placement's before dcw warns [dcw's own: the
/// Ads Guide's 3% aspect-ratio tolerance for feed media].
pub const VIDEO_RATIO_TOLERANCE: f64 = 0.03;
/// Video codecs Meta names for ad video, by sample entry fourcc (Ads Guide: H.264; Reels
/// specs: H.264, H.265, VP9 and AV1).
pub const VIDEO_CODECS: &[(&str, &str)] = &[
    ("avc1", "H.264"),
    ("avc3", "H.264"),
    ("hvc1", "H.265"),
    ("hev1", "H.265"),
    ("vp09", "VP9"),
    ("av01", "AV1"),
];

/// The name Meta's specs give a sample entry fourcc (`hvc1` → `H.265`), if it is one of theirs.
pub fn video_codec_name(fourcc: &str) -> Option<&'static str> {
    VIDEO_CODECS
        .iter()
        .find(|(k, _)| *k == fourcc)
        .map(|(_, name)| *name)
}
/// How much of a video a placement plays, by (`*_positions` list, position): Stories play up
/// to 60 seconds, Facebook Reels 90 seconds, Instagram Reels 15 minutes (Ads Guide, via
/// secondary copies: clarigital.com, ayrshare.com, xyzlab.com).
pub const VIDEO_PLAYS_MS: &[(&str, &str, u64)] = &[
    ("facebook_positions", "story", 60_000),
    ("instagram_positions", "story", 60_000),
    ("facebook_positions", "facebook_reels", 90_000),
    ("instagram_positions", "reels", 15 * 60_000),
    ("instagram_positions", "profile_reels", 15 * 60_000),
];
/// The most pixels dcw takes in an image: 200 megapixels. Meta documents no largest size in
/// pixels (the Ads Guide gives 30 MB, 1080x1080 recommended, 600 px minimum; see
/// `meta-dynamic-creative.md` §4), so this is dcw's own limit: above the largest photo a camera
/// or phone takes (200-megapixel sensors: 16320x12240), so a header claiming more is damaged or
/// hostile (a 33-byte PNG can claim 100000x100000).
pub const MAX_IMAGE_PIXELS: u64 = 200_000_000;
/// How far a crop box's aspect may stray from its key's.
pub const CROP_RATIO_TOLERANCE: f64 = 0.01;

/// Characters as Meta counts them for its limits: Unicode code points, not bytes.
pub fn char_count(text: &str) -> usize {
    text.chars().count()
}

impl CropKey {
    /// The largest box of this key's ratio centred in a `width`×`height` image.
    pub fn largest_centred(self, width: u32, height: u32) -> CropBox {
        super::crop::largest_centred(self.ratio(), (width, height))
    }

    /// Whether a box's aspect is this key's: within 1%, or as close as whole pixels allow
    /// (a side rounded to the nearest pixel of the exact shape; Meta asks for "as close as
    /// possible").
    pub fn fits(self, bx: &CropBox) -> bool {
        let (bw, bh) = (
            bx[1][0].saturating_sub(bx[0][0]),
            bx[1][1].saturating_sub(bx[0][1]),
        );
        if bw <= 0 || bh <= 0 {
            return false;
        }
        let (kw, kh) = self.ratio();
        let (kw, kh) = (f64::from(kw), f64::from(kh));
        let want = kw / kh;
        let got = bw as f64 / bh as f64;
        // The nearest whole pixel to the exact shape, on either side (for boxes big enough
        // to have a shape: not a few pixels).
        let pixel_close = bw.min(bh) >= 10
            && ((bh as f64 - bw as f64 * kh / kw).abs() <= 0.5 + 1e-9
                || (bw as f64 - bh as f64 * kw / kh).abs() <= 0.5 + 1e-9);
        ((got / want) - 1.0).abs() <= CROP_RATIO_TOLERANCE || pixel_close
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::lenient::GraphEnum;

    #[test]
    fn largest_centred_crop_fits_every_key_on_every_shape() {
        for &(w, h) in &[
            (1080, 1080),
            (1920, 1080),
            (1080, 1920),
            (1200, 628),
            (7, 3),
        ] {
            for &key in CropKey::ALL {
                let b = key.largest_centred(w, h);
                assert!(b[0][0] >= 0 && b[0][1] >= 0, "{key} {w}x{h} {b:?}");
                assert!(
                    b[1][0] <= i64::from(w) && b[1][1] <= i64::from(h),
                    "{key} {w}x{h} {b:?}"
                );
                if w >= 100 {
                    assert!(key.fits(&b), "{key} on {w}x{h}: {b:?}");
                }
            }
        }
        assert_eq!(
            CropKey::Square100x100.largest_centred(1920, 1080),
            [[420, 0], [1500, 1080]]
        );
    }

    #[test]
    fn every_objective_allows_some_goal_and_every_goal_bills_impressions() {
        for &o in Objective::ALL {
            assert!(!allowed_goals(o).is_empty());
            for &g in allowed_goals(o) {
                assert!(allowed_billing_events(g).contains(&BillingEvent::Impressions));
            }
        }
    }
}
