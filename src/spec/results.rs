//! What counts as a result of an ad set: the `actions` entry (`action_type`) Meta reports for
//! its optimization goal, and what the buyer calls it. One table, read by dcw's results and
//! by the sandbox's insights.
//!
//! Sources: the `action_type` values of Meta's insights (`offsite_conversion.fb_pixel_purchase`,
//! `mobile_app_install`, `link_click`, `landing_page_view`, `lead`, `post_engagement`, `like`,
//! `video_view`, `rsvp`, as in Meta's AdsActionStats and the insights examples quoted in
//! `../shared/reference/meta-dynamic-creative.md` §7). Where Meta counts a goal's result in a
//! field of its own (ThruPlays in `video_thruplay_watched_actions`, conversations in
//! `onsite_conversion.messaging_conversation_started_7d`), the action named here is the one in
//! `actions` closest to it: `[dcw's own]`. Goals whose result is the impression or the person
//! reached (`IMPRESSIONS`, `REACH`, `AD_RECALL_LIFT`) have no action: they are ranked by CTR.

use super::enums::{CustomEventType, OptimizationGoal};

/// A result as `actions` reports it, and its name for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResultAction {
    /// The `action_type` of the `actions` (and `cost_per_action_type`) entry.
    pub action_type: &'static str,
    /// `purchases`, `installs`, `link clicks`.
    pub plural: &'static str,
    /// `purchase`, `install`, `link click`: in "cost per purchase".
    pub singular: &'static str,
}

const fn r(
    action_type: &'static str,
    singular: &'static str,
    plural: &'static str,
) -> ResultAction {
    ResultAction {
        action_type,
        plural,
        singular,
    }
}

/// The pixel events of `OFFSITE_CONVERSIONS` / `VALUE` (promoted_object.custom_event_type) and
/// the `offsite_conversion.fb_pixel_*` action each is reported as.
const PIXEL_EVENTS: &[(CustomEventType, ResultAction)] = &[
    (
        CustomEventType::Purchase,
        r(
            "offsite_conversion.fb_pixel_purchase",
            "purchase",
            "purchases",
        ),
    ),
    (
        CustomEventType::Lead,
        r("offsite_conversion.fb_pixel_lead", "lead", "leads"),
    ),
    (
        CustomEventType::CompleteRegistration,
        r(
            "offsite_conversion.fb_pixel_complete_registration",
            "registration",
            "registrations",
        ),
    ),
    (
        CustomEventType::AddToCart,
        r(
            "offsite_conversion.fb_pixel_add_to_cart",
            "add to cart",
            "adds to cart",
        ),
    ),
    (
        CustomEventType::InitiatedCheckout,
        r(
            "offsite_conversion.fb_pixel_initiate_checkout",
            "checkout",
            "checkouts",
        ),
    ),
    (
        CustomEventType::ContentView,
        r(
            "offsite_conversion.fb_pixel_view_content",
            "content view",
            "content views",
        ),
    ),
    (
        CustomEventType::AddPaymentInfo,
        r(
            "offsite_conversion.fb_pixel_add_payment_info",
            "payment info",
            "payment infos",
        ),
    ),
    (
        CustomEventType::AddToWishlist,
        r(
            "offsite_conversion.fb_pixel_add_to_wishlist",
            "wishlist add",
            "wishlist adds",
        ),
    ),
    (
        CustomEventType::Search,
        r("offsite_conversion.fb_pixel_search", "search", "searches"),
    ),
];

/// The action Meta reports the ad set's results as, for its goal and (for conversions) its
/// `promoted_object.custom_event_type`; `None` for goals without an action (ranked by CTR).
pub fn result_action(
    goal: OptimizationGoal,
    event: Option<CustomEventType>,
) -> Option<ResultAction> {
    use OptimizationGoal as G;
    Some(match goal {
        G::OffsiteConversions | G::Value => {
            let event = event?;
            return PIXEL_EVENTS
                .iter()
                .find(|(e, _)| *e == event)
                .map(|(_, a)| *a)
                .or(Some(r(
                    "offsite_conversion.fb_pixel_custom",
                    "conversion",
                    "conversions",
                )));
        }
        G::AppInstalls | G::AppInstallsAndOffsiteConversions => {
            r("mobile_app_install", "install", "installs")
        }
        G::LinkClicks => r("link_click", "link click", "link clicks"),
        G::LandingPageViews => r(
            "landing_page_view",
            "landing page view",
            "landing page views",
        ),
        G::LeadGeneration | G::QualityLead => r("lead", "lead", "leads"),
        G::PostEngagement | G::EngagedUsers => r("post_engagement", "engagement", "engagements"),
        G::PageLikes => r("like", "page like", "page likes"),
        G::Thruplay | G::TwoSecondContinuousVideoViews => {
            r("video_view", "video view", "video views")
        }
        G::EventResponses => r("rsvp", "response", "responses"),
        G::Conversations => r(
            "onsite_conversion.messaging_conversation_started_7d",
            "conversation",
            "conversations",
        ),
        _ => return None,
    })
}

/// [`result_action`] from Graph's words (`"OFFSITE_CONVERSIONS"`, `"PURCHASE"`); unknown
/// words have no result.
pub fn result_action_of(goal: &str, event: Option<&str>) -> Option<ResultAction> {
    use super::lenient::GraphEnum;
    let goal = OptimizationGoal::from_wire(goal)?;
    result_action(goal, event.and_then(CustomEventType::from_wire))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[rstest::rstest]
    #[case(
        "OFFSITE_CONVERSIONS",
        Some("PURCHASE"),
        Some("offsite_conversion.fb_pixel_purchase")
    )]
    #[case(
        "VALUE",
        Some("PURCHASE"),
        Some("offsite_conversion.fb_pixel_purchase")
    )]
    #[case(
        "OFFSITE_CONVERSIONS",
        Some("LEAD"),
        Some("offsite_conversion.fb_pixel_lead")
    )]
    #[case(
        "OFFSITE_CONVERSIONS",
        Some("RATE"),
        Some("offsite_conversion.fb_pixel_custom")
    )]
    #[case("OFFSITE_CONVERSIONS", None, None)]
    #[case("APP_INSTALLS", None, Some("mobile_app_install"))]
    #[case("LINK_CLICKS", None, Some("link_click"))]
    #[case("LANDING_PAGE_VIEWS", None, Some("landing_page_view"))]
    #[case("LEAD_GENERATION", None, Some("lead"))]
    #[case("IMPRESSIONS", None, None)]
    #[case("REACH", None, None)]
    #[case("NOT_A_GOAL", None, None)]
    fn a_goal_has_its_action(
        #[case] goal: &str,
        #[case] event: Option<&str>,
        #[case] want: Option<&str>,
    ) {
        assert_eq!(result_action_of(goal, event).map(|a| a.action_type), want);
    }

    #[test]
    fn purchases_are_named_for_people() {
        let a = result_action_of("OFFSITE_CONVERSIONS", Some("PURCHASE")).unwrap();
        assert_eq!((a.singular, a.plural), ("purchase", "purchases"));
    }
}
