//! The closed sets of the Marketing API that a Dynamic Creative launch uses, with Graph's spellings.
//! Sources: `../shared/reference/meta-dynamic-creative.md` (CODEGEN `enum_types.json` and the docs).

use super::lenient::graph_enum;

graph_enum! {
    /// Campaign objectives that Dynamic Creative accepts (DOC-DC). Legacy objectives read as unknown and are reported with their replacement.
    pub enum Objective ("objective") {
        OutcomeSales = "OUTCOME_SALES",
        OutcomeEngagement = "OUTCOME_ENGAGEMENT",
        OutcomeLeads = "OUTCOME_LEADS",
        OutcomeAwareness = "OUTCOME_AWARENESS",
        OutcomeTraffic = "OUTCOME_TRAFFIC",
        OutcomeAppPromotion = "OUTCOME_APP_PROMOTION",
    }
}

graph_enum! {
    /// `special_ad_categories` values (CODEGEN).
    pub enum SpecialAdCategory ("special ad category") {
        NoneApplies = "NONE",
        Employment = "EMPLOYMENT",
        Housing = "HOUSING",
        Credit = "CREDIT",
        IssuesElectionsPolitics = "ISSUES_ELECTIONS_POLITICS",
        OnlineGamblingAndGaming = "ONLINE_GAMBLING_AND_GAMING",
        FinancialProductsServices = "FINANCIAL_PRODUCTS_SERVICES",
    }
}

graph_enum! {
    /// Campaign `buying_type`; Dynamic Creative needs `AUCTION` (DOC-DC).
    pub enum BuyingType ("buying type") {
        Auction = "AUCTION",
        Reserved = "RESERVED",
    }
}

graph_enum! {
    /// Configured `status` of a campaign, ad set or ad; only `ACTIVE` and `PAUSED` are allowed at creation.
    pub enum Status ("status") {
        Active = "ACTIVE",
        Paused = "PAUSED",
        Deleted = "DELETED",
        Archived = "ARCHIVED",
    }
}

graph_enum! {
    /// `bid_strategy` (CODEGEN; `TARGET_COST` was removed in v9).
    pub enum BidStrategy ("bid strategy") {
        LowestCostWithoutCap = "LOWEST_COST_WITHOUT_CAP",
        LowestCostWithBidCap = "LOWEST_COST_WITH_BID_CAP",
        CostCap = "COST_CAP",
        LowestCostWithMinRoas = "LOWEST_COST_WITH_MIN_ROAS",
    }
}

graph_enum! {
    /// Ad set `optimization_goal` (CODEGEN's 32 values plus `TWO_SECOND_CONTINUOUS_VIDEO_VIEWS` and `ONSITE_CONVERSIONS` from the doc text and the ODAX table).
    pub enum OptimizationGoal ("optimization goal") {
        AdvertiserSiloedValue = "ADVERTISER_SILOED_VALUE",
        AdRecallLift = "AD_RECALL_LIFT",
        AppInstalls = "APP_INSTALLS",
        AppInstallsAndOffsiteConversions = "APP_INSTALLS_AND_OFFSITE_CONVERSIONS",
        AutomaticObjective = "AUTOMATIC_OBJECTIVE",
        Conversations = "CONVERSATIONS",
        DerivedEvents = "DERIVED_EVENTS",
        EngagedPageViews = "ENGAGED_PAGE_VIEWS",
        EngagedUsers = "ENGAGED_USERS",
        EventResponses = "EVENT_RESPONSES",
        Impressions = "IMPRESSIONS",
        InAppValue = "IN_APP_VALUE",
        LandingPageViews = "LANDING_PAGE_VIEWS",
        LeadGeneration = "LEAD_GENERATION",
        LinkClicks = "LINK_CLICKS",
        MeaningfulCallAttempt = "MEANINGFUL_CALL_ATTEMPT",
        MessagingAppointmentConversion = "MESSAGING_APPOINTMENT_CONVERSION",
        MessagingPurchaseConversion = "MESSAGING_PURCHASE_CONVERSION",
        NoGoal = "NONE",
        OffsiteConversions = "OFFSITE_CONVERSIONS",
        PageLikes = "PAGE_LIKES",
        PostEngagement = "POST_ENGAGEMENT",
        ProfileAndPageEngagement = "PROFILE_AND_PAGE_ENGAGEMENT",
        ProfileVisit = "PROFILE_VISIT",
        QualityCall = "QUALITY_CALL",
        QualityLead = "QUALITY_LEAD",
        Reach = "REACH",
        RemindersSet = "REMINDERS_SET",
        Subscribers = "SUBSCRIBERS",
        Thruplay = "THRUPLAY",
        Value = "VALUE",
        VisitInstagramProfile = "VISIT_INSTAGRAM_PROFILE",
        TwoSecondContinuousVideoViews = "TWO_SECOND_CONTINUOUS_VIDEO_VIEWS",
        OnsiteConversions = "ONSITE_CONVERSIONS",
    }
}

graph_enum! {
    /// Ad set `billing_event` (CODEGEN, plus `TWO_SECOND_CONTINUOUS_VIDEO_VIEWS` which DOC-BILL pairs with its goal).
    pub enum BillingEvent ("billing event") {
        AppInstalls = "APP_INSTALLS",
        Clicks = "CLICKS",
        Impressions = "IMPRESSIONS",
        LinkClicks = "LINK_CLICKS",
        ListingInteraction = "LISTING_INTERACTION",
        NoBilling = "NONE",
        OfferClaims = "OFFER_CLAIMS",
        PageLikes = "PAGE_LIKES",
        PostEngagement = "POST_ENGAGEMENT",
        Purchase = "PURCHASE",
        Thruplay = "THRUPLAY",
        TwoSecondContinuousVideoViews = "TWO_SECOND_CONTINUOUS_VIDEO_VIEWS",
    }
}

graph_enum! {
    /// `asset_feed_spec.call_to_action_types` (CODEGEN, 101 values).
    pub enum CallToActionType ("call-to-action type") {
        AddToCart = "ADD_TO_CART",
        ApplyNow = "APPLY_NOW",
        AskAboutServices = "ASK_ABOUT_SERVICES",
        AskAQuestion = "ASK_A_QUESTION",
        AskForMoreInfo = "ASK_FOR_MORE_INFO",
        AskUs = "ASK_US",
        AudioCall = "AUDIO_CALL",
        BookAConsultation = "BOOK_A_CONSULTATION",
        BookNow = "BOOK_NOW",
        BookTravel = "BOOK_TRAVEL",
        BrowseShop = "BROWSE_SHOP",
        Buy = "BUY",
        BuyNow = "BUY_NOW",
        BuyTickets = "BUY_TICKETS",
        BuyViaMessage = "BUY_VIA_MESSAGE",
        Call = "CALL",
        CallMe = "CALL_ME",
        CallNow = "CALL_NOW",
        ChatNow = "CHAT_NOW",
        ChatWithUs = "CHAT_WITH_US",
        Confirm = "CONFIRM",
        Contact = "CONTACT",
        ContactUs = "CONTACT_US",
        Donate = "DONATE",
        DonateNow = "DONATE_NOW",
        Download = "DOWNLOAD",
        EventRsvp = "EVENT_RSVP",
        FindAGroup = "FIND_A_GROUP",
        FindOutMore = "FIND_OUT_MORE",
        FindYourGroups = "FIND_YOUR_GROUPS",
        FollowNewsStoryline = "FOLLOW_NEWS_STORYLINE",
        FollowPage = "FOLLOW_PAGE",
        FollowUser = "FOLLOW_USER",
        GetAQuote = "GET_A_QUOTE",
        GetDetails = "GET_DETAILS",
        GetDirections = "GET_DIRECTIONS",
        GetInTouch = "GET_IN_TOUCH",
        GetOffer = "GET_OFFER",
        GetOfferView = "GET_OFFER_VIEW",
        GetPromotions = "GET_PROMOTIONS",
        GetQuote = "GET_QUOTE",
        GetShowtimes = "GET_SHOWTIMES",
        GetStarted = "GET_STARTED",
        InquireNow = "INQUIRE_NOW",
        InstallApp = "INSTALL_APP",
        InstallMobileApp = "INSTALL_MOBILE_APP",
        JoinChannel = "JOIN_CHANNEL",
        LearnMore = "LEARN_MORE",
        LikePage = "LIKE_PAGE",
        ListenMusic = "LISTEN_MUSIC",
        ListenNow = "LISTEN_NOW",
        MakeAnAppointment = "MAKE_AN_APPOINTMENT",
        MessagePage = "MESSAGE_PAGE",
        MobileDownload = "MOBILE_DOWNLOAD",
        NoButton = "NO_BUTTON",
        OpenInstantApp = "OPEN_INSTANT_APP",
        OpenLink = "OPEN_LINK",
        OrderNow = "ORDER_NOW",
        PayToAccess = "PAY_TO_ACCESS",
        PlayGame = "PLAY_GAME",
        PlayGameOnFacebook = "PLAY_GAME_ON_FACEBOOK",
        PurchaseGiftCards = "PURCHASE_GIFT_CARDS",
        RaiseMoney = "RAISE_MONEY",
        RecordNow = "RECORD_NOW",
        ReferFriends = "REFER_FRIENDS",
        RequestTime = "REQUEST_TIME",
        SayThanks = "SAY_THANKS",
        SeeMore = "SEE_MORE",
        SeeShop = "SEE_SHOP",
        SellNow = "SELL_NOW",
        SendAGift = "SEND_A_GIFT",
        SendGiftMoney = "SEND_GIFT_MONEY",
        SendUpdates = "SEND_UPDATES",
        Share = "SHARE",
        ShopNow = "SHOP_NOW",
        ShopWithAi = "SHOP_WITH_AI",
        SignUp = "SIGN_UP",
        SottoSubscribe = "SOTTO_SUBSCRIBE",
        StartAChat = "START_A_CHAT",
        StartOrder = "START_ORDER",
        Subscribe = "SUBSCRIBE",
        SwipeUpProduct = "SWIPE_UP_PRODUCT",
        SwipeUpShop = "SWIPE_UP_SHOP",
        TryDemo = "TRY_DEMO",
        TryOnWithAi = "TRY_ON_WITH_AI",
        UpdateApp = "UPDATE_APP",
        UseApp = "USE_APP",
        UseMobileApp = "USE_MOBILE_APP",
        VideoAnnotation = "VIDEO_ANNOTATION",
        VideoCall = "VIDEO_CALL",
        ViewCart = "VIEW_CART",
        ViewChannel = "VIEW_CHANNEL",
        ViewInCart = "VIEW_IN_CART",
        ViewProduct = "VIEW_PRODUCT",
        VisitPagesFeed = "VISIT_PAGES_FEED",
        VisitWebsite = "VISIT_WEBSITE",
        WatchLiveVideo = "WATCH_LIVE_VIDEO",
        WatchMore = "WATCH_MORE",
        WatchVideo = "WATCH_VIDEO",
        WhatsappMessage = "WHATSAPP_MESSAGE",
        WoodhengeSupport = "WOODHENGE_SUPPORT",
    }
}

graph_enum! {
    /// `asset_feed_spec.ad_formats`; a Dynamic Creative feed has exactly one.
    pub enum AdFormat ("ad format") {
        SingleImage = "SINGLE_IMAGE",
        Carousel = "CAROUSEL",
        SingleVideo = "SINGLE_VIDEO",
        AutomaticFormat = "AUTOMATIC_FORMAT",
    }
}

graph_enum! {
    /// `image_crops` keys that Meta documents (DOC-CROP). `191x100` is obsolete and `300x400` undocumented: both read as unknown and are reported.
    pub enum CropKey ("crop key") {
        Square100x100 = "100x100",
        Landscape100x72 = "100x72",
        Banner400x150 = "400x150",
        Portrait400x500 = "400x500",
        Landscape600x360 = "600x360",
        Vertical90x160 = "90x160",
    }
}

graph_enum! {
    /// `promoted_object.custom_event_type` (DOC-ADSET).
    pub enum CustomEventType ("custom event type") {
        AdImpression = "AD_IMPRESSION",
        Rate = "RATE",
        TutorialCompletion = "TUTORIAL_COMPLETION",
        Contact = "CONTACT",
        CustomizeProduct = "CUSTOMIZE_PRODUCT",
        Donate = "DONATE",
        FindLocation = "FIND_LOCATION",
        Schedule = "SCHEDULE",
        StartTrial = "START_TRIAL",
        SubmitApplication = "SUBMIT_APPLICATION",
        Subscribe = "SUBSCRIBE",
        AddToCart = "ADD_TO_CART",
        AddToWishlist = "ADD_TO_WISHLIST",
        InitiatedCheckout = "INITIATED_CHECKOUT",
        AddPaymentInfo = "ADD_PAYMENT_INFO",
        Purchase = "PURCHASE",
        Lead = "LEAD",
        CompleteRegistration = "COMPLETE_REGISTRATION",
        ContentView = "CONTENT_VIEW",
        Search = "SEARCH",
        ServiceBookingRequest = "SERVICE_BOOKING_REQUEST",
        MessagingConversationStarted7d = "MESSAGING_CONVERSATION_STARTED_7D",
        LevelAchieved = "LEVEL_ACHIEVED",
        AchievementUnlocked = "ACHIEVEMENT_UNLOCKED",
        SpentCredits = "SPENT_CREDITS",
        ListingInteraction = "LISTING_INTERACTION",
        D2Retention = "D2_RETENTION",
        D7Retention = "D7_RETENTION",
        Other = "OTHER",
    }
}
impl CropKey {
    /// The aspect the key stands for, as width and height.
    pub fn ratio(self) -> (u32, u32) {
        match self {
            CropKey::Square100x100 => (100, 100),
            CropKey::Landscape100x72 => (100, 72),
            CropKey::Banner400x150 => (400, 150),
            CropKey::Portrait400x500 => (400, 500),
            CropKey::Landscape600x360 => (600, 360),
            CropKey::Vertical90x160 => (90, 160),
        }
    }

    /// What the crop is for, in the buyer's words.
    pub fn purpose(self) -> &'static str {
        match self {
            CropKey::Square100x100 => "square (feed, Instagram)",
            CropKey::Landscape100x72 => "landscape 1.39:1 (right column)",
            CropKey::Banner400x150 => "banner 2.67:1",
            CropKey::Portrait400x500 => "portrait 4:5 (feed)",
            CropKey::Landscape600x360 => "landscape 1.67:1",
            CropKey::Vertical90x160 => "vertical 9:16 (stories, reels)",
        }
    }
}

impl Objective {
    /// The OUTCOME_* objective that replaced a legacy objective (blog 2023-02-13, ODAX).
    pub fn replacement_for_legacy(legacy: &str) -> Option<Objective> {
        Some(match legacy {
            "CONVERSIONS" | "PRODUCT_CATALOG_SALES" | "OFFER_CLAIMS" => Objective::OutcomeSales,
            "LINK_CLICKS" => Objective::OutcomeTraffic,
            "APP_INSTALLS" => Objective::OutcomeAppPromotion,
            "BRAND_AWARENESS" | "REACH" | "LOCAL_AWARENESS" | "STORE_VISITS" => {
                Objective::OutcomeAwareness
            }
            "LEAD_GENERATION" => Objective::OutcomeLeads,
            "POST_ENGAGEMENT" | "PAGE_LIKES" | "EVENT_RESPONSES" | "VIDEO_VIEWS" | "MESSAGES" => {
                Objective::OutcomeEngagement
            }
            _ => return None,
        })
    }
}

graph_enum! {
    /// `creative_features_spec.<feature>.enroll_status` (DOC-A+C, the Ad Creative Features Spec
    /// reference).
    pub enum EnrollStatus ("enroll status") {
        OptIn = "OPT_IN",
        OptOut = "OPT_OUT",
    }
}
