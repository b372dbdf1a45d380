//! The launch spec: one Dynamic Creative launch in Graph's own field names and shapes
//! (`../shared/LAUNCH_SPEC.md`). Every object keeps the keys dcw does not model.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::enums::*;
use super::lenient::Lenient;
use super::object::graph_object;
use super::values::{GraphId, GraphTime, Money};

graph_object! {
    /// A whole launch: campaign, ad set (a template when `audiences` is given), creative and ad.
    pub struct LaunchSpec {
        version: i64,
        account_id: String,
        page_id: GraphId,
        instagram_user_id: GraphId,
        currency: String,
        campaign: Campaign,
        ad_set: AdSet,
        creative: Creative,
        ad: Ad,
        /// One dynamic-creative ad set per entry: `name` names the audience, the other keys
        /// override the `ad_set` template.
        audiences: Vec<AdSet>,
    }
}

graph_object! {
    /// `POST /act_<id>/campaigns`; with `id`, an existing campaign the launch adds its ad
    /// set(s) to (a next round): nothing is created or changed, the other keys say what it is.
    pub struct Campaign {
        id: GraphId,
        name: String,
        objective: Lenient<Objective>,
        special_ad_categories: Vec<Lenient<SpecialAdCategory>>,
        special_ad_category_country: Vec<String>,
        buying_type: Lenient<BuyingType>,
        status: Lenient<Status>,
        is_adset_budget_sharing_enabled: bool,
        daily_budget: Money,
        lifetime_budget: Money,
        bid_strategy: Lenient<BidStrategy>,
        spend_cap: Money,
    }
}

graph_object! {
    /// `POST /act_<id>/adsets`, sent with `is_dynamic_creative=true`.
    pub struct AdSet {
        name: String,
        is_dynamic_creative: bool,
        optimization_goal: Lenient<OptimizationGoal>,
        billing_event: Lenient<BillingEvent>,
        bid_strategy: Lenient<BidStrategy>,
        bid_amount: Money,
        daily_budget: Money,
        lifetime_budget: Money,
        start_time: GraphTime,
        end_time: GraphTime,
        promoted_object: PromotedObject,
        targeting: Targeting,
        status: Lenient<Status>,
        destination_type: String,
    }
}

graph_object! {
    /// `targeting`, in Graph's own shapes. dcw models what it checks, edits or shows; every
    /// other key is kept and sent as written.
    pub struct Targeting {
        geo_locations: GeoLocations,
        excluded_geo_locations: GeoLocations,
        age_min: i64,
        age_max: i64,
        /// 1 men, 2 women; absent or empty is everyone.
        genders: Vec<i64>,
        /// Locale keys from `GET /search?type=adlocale`.
        locales: Vec<i64>,
        /// Detailed targeting: OR within a group, AND between groups.
        flexible_spec: Vec<FlexibleGroup>,
        /// Detailed targeting excluded (any match excludes).
        exclusions: FlexibleGroup,
        custom_audiences: Vec<AudienceRef>,
        excluded_custom_audiences: Vec<AudienceRef>,
        publisher_platforms: Vec<String>,
        facebook_positions: Vec<String>,
        instagram_positions: Vec<String>,
        audience_network_positions: Vec<String>,
        messenger_positions: Vec<String>,
        device_platforms: Vec<String>,
        targeting_automation: TargetingAutomation,
        /// Advantage+ detailed targeting: `expansion_all` (on) or `none` (off).
        targeting_optimization: String,
    }
}

graph_object! {
    /// `targeting.geo_locations` (and `excluded_geo_locations`).
    pub struct GeoLocations {
        countries: Vec<String>,
        regions: Vec<GeoLocation>,
        cities: Vec<GeoLocation>,
        zips: Vec<GeoLocation>,
        places: Vec<GeoLocation>,
        /// `home`, `recent` (and `travel_in`, which Meta retired in 2023).
        location_types: Vec<String>,
    }
}

/// Location keys Graph documents besides the modelled ones (kept in `extra`, as written).
pub const OTHER_LOCATION_KEYS: &[&str] = &[
    "custom_locations",
    "geo_markets",
    "country_groups",
    "electoral_districts",
];

impl GeoLocations {
    /// Whether it names any place: a country, region, city, postcode, place, or one of
    /// `OTHER_LOCATION_KEYS` (Meta needs one: error 1885364). dcw's rule and the wizard's
    /// audience size read this one answer.
    pub fn has_any_location(&self) -> bool {
        fn some<T>(list: &Option<Vec<T>>) -> bool {
            list.as_ref().is_some_and(|l| !l.is_empty())
        }
        some(&self.countries)
            || some(&self.regions)
            || some(&self.cities)
            || some(&self.zips)
            || some(&self.places)
            || OTHER_LOCATION_KEYS.iter().any(|k| {
                self.extra
                    .get(*k)
                    .is_some_and(|v| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
            })
    }
}

graph_object! {
    /// A region, city, postcode or place by its Graph key (`GET /search?type=adgeolocation`);
    /// cities and places may carry a radius. Graph echoes `name`, `region`, `country` on read.
    pub struct GeoLocation {
        key: String,
        name: String,
        radius: i64,
        /// `mile` or `kilometer`.
        distance_unit: String,
        country: String,
        region: String,
        region_id: Value,
        primary_city_id: Value,
    }
}

graph_object! {
    /// One `flexible_spec` group (or `exclusions`): a match on any item of any key.
    pub struct FlexibleGroup {
        interests: Vec<TargetingItem>,
        behaviors: Vec<TargetingItem>,
        life_events: Vec<TargetingItem>,
        industries: Vec<TargetingItem>,
        income: Vec<TargetingItem>,
        family_statuses: Vec<TargetingItem>,
        education_statuses: Vec<TargetingItem>,
        relationship_statuses: Vec<TargetingItem>,
        work_positions: Vec<TargetingItem>,
        work_employers: Vec<TargetingItem>,
        education_schools: Vec<TargetingItem>,
        user_adclusters: Vec<TargetingItem>,
    }
}

impl FlexibleGroup {
    /// Every modelled category with its items, in Graph's key names.
    pub fn categories(&self) -> [(&'static str, Option<&Vec<TargetingItem>>); 12] {
        [
            ("interests", self.interests.as_ref()),
            ("behaviors", self.behaviors.as_ref()),
            ("life_events", self.life_events.as_ref()),
            ("industries", self.industries.as_ref()),
            ("income", self.income.as_ref()),
            ("family_statuses", self.family_statuses.as_ref()),
            ("education_statuses", self.education_statuses.as_ref()),
            ("relationship_statuses", self.relationship_statuses.as_ref()),
            ("work_positions", self.work_positions.as_ref()),
            ("work_employers", self.work_employers.as_ref()),
            ("education_schools", self.education_schools.as_ref()),
            ("user_adclusters", self.user_adclusters.as_ref()),
        ]
    }
}

graph_object! {
    /// An interest, behaviour or demographic: `{"id": …, "name": …}`.
    pub struct TargetingItem {
        id: GraphId,
        name: String,
    }
}

graph_object! {
    /// A custom or lookalike audience by id (`GET /act_<id>/customaudiences`).
    pub struct AudienceRef {
        id: GraphId,
        name: String,
    }
}

graph_object! {
    /// `targeting.targeting_automation`: Advantage+ audience on (1) or off (0).
    pub struct TargetingAutomation {
        advantage_audience: i64,
    }
}

graph_object! {
    /// `promoted_object`: what the ad set optimizes for (a pixel event, an app, a page).
    pub struct PromotedObject {
        pixel_id: GraphId,
        custom_event_type: Lenient<CustomEventType>,
        custom_event_str: String,
        custom_conversion_id: GraphId,
        application_id: GraphId,
        object_store_url: String,
        page_id: GraphId,
        product_set_id: GraphId,
    }
}

graph_object! {
    /// `POST /act_<id>/adcreatives`: the asset feed; `page_id` and `instagram_user_id` at the top
    /// of the spec become its `object_story_spec`.
    pub struct Creative {
        name: String,
        asset_feed_spec: AssetFeedSpec,
        /// Only Marketing API v3.1 and earlier; refused.
        asset_feed_id: Value,
        /// Advantage+ creative enhancements, feature by feature (`spec::features`).
        degrees_of_freedom_spec: super::features::DegreesOfFreedomSpec,
    }
}

graph_object! {
    /// `asset_feed_spec`, sent exactly as written with `file` entries replaced by `hash`.
    pub struct AssetFeedSpec {
        images: Vec<ImageAsset>,
        videos: Vec<VideoAsset>,
        titles: Vec<TextAsset>,
        bodies: Vec<TextAsset>,
        descriptions: Vec<TextAsset>,
        link_urls: Vec<LinkUrl>,
        call_to_action_types: Vec<Lenient<CallToActionType>>,
        ad_formats: Vec<Lenient<AdFormat>>,
        asset_customization_rules: Value,
        optimization_type: String,
    }
}

graph_object! {
    /// `asset_feed_spec.images[]`: an image by `hash`, or by local `file` (dcw uploads it and
    /// sends its hash instead).
    pub struct ImageAsset {
        hash: String,
        file: String,
        url: String,
        image_crops: ImageCrops,
        adlabels: Value,
    }
}

graph_object! {
    /// `asset_feed_spec.videos[]`: a video by `video_id`, or by local `file` (dcw uploads it in
    /// chunks and sends its id instead). Its thumbnail is `thumbnail_hash` or `thumbnail_url`
    /// (Meta's), or a local `thumbnail` image dcw cuts to its crop and uploads; with none of
    /// them dcw takes Meta's preferred generated thumbnail once the video is processed.
    pub struct VideoAsset {
        video_id: GraphId,
        file: String,
        thumbnail: VideoThumbnail,
        thumbnail_url: String,
        thumbnail_hash: String,
        adlabels: Value,
    }
}

graph_object! {
    /// dcw's own: a video's thumbnail from a local image `file`, cut to `crop`
    /// (`[[left, top], [right, bottom]]` in the image's pixels; the whole image without one)
    /// before it is uploaded. Never sent as written: it becomes `thumbnail_hash`.
    pub struct VideoThumbnail {
        file: String,
        crop: CropBox,
    }
}

graph_object! {
    /// A title, body or description.
    pub struct TextAsset {
        text: String,
        adlabels: Value,
    }
}

graph_object! {
    /// `asset_feed_spec.link_urls[]`.
    pub struct LinkUrl {
        website_url: String,
        display_url: String,
        deeplink_url: String,
        adlabels: Value,
    }
}

graph_object! {
    /// `POST /act_<id>/ads`, pointing at the creative.
    pub struct Ad {
        name: String,
        status: Lenient<Status>,
    }
}

/// A crop box `[[left, top], [right, bottom]]` in source-image pixels.
pub type CropBox = [[i64; 2]; 2];

/// `image_crops`: crop key to box, in the order written. Dynamic Creative takes one per image.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImageCrops(pub Vec<(Lenient<CropKey>, CropBox)>);

impl Serialize for ImageCrops {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k.as_str(), v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for ImageCrops {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ImageCrops;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(r#"an object of crop key to [[left, top], [right, bottom]], like {"100x100": [[0, 0], [1080, 1080]]}"#)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<ImageCrops, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = m.next_key::<Lenient<CropKey>>()? {
                    if out.iter().any(|(seen, _)| seen == &k) {
                        return Err(serde::de::Error::custom(format_args!(
                            "duplicate crop key `{k}`"
                        )));
                    }
                    let v: CropBox = m.next_value()?;
                    out.push((k, v));
                }
                Ok(ImageCrops(out))
            }
        }
        d.deserialize_map(V)
    }
}

impl LaunchSpec {
    /// The id of the existing campaign the launch adds its ad set(s) to (`campaign.id`), when
    /// it names one.
    pub fn existing_campaign(&self) -> Option<&str> {
        self.campaign
            .as_ref()
            .and_then(|c| c.id.as_ref())
            .map(GraphId::as_str)
            .filter(|id| !id.trim().is_empty())
    }

    /// The ad account's digits (`1234567890` for `act_1234567890`), empty when unset.
    pub fn account_digits(&self) -> &str {
        self.account_id
            .as_deref()
            .and_then(|a| a.strip_prefix("act_"))
            .unwrap_or_default()
    }

    /// The ad sets this launch creates: the template alone, or one per audience with the
    /// audience's keys laid over the template and the name `<template> · <audience>`.
    /// Each comes with the audience index it was built from.
    pub fn effective_ad_sets(&self) -> Vec<(Option<usize>, AdSet)> {
        let template = self.ad_set.clone().unwrap_or_default();
        match &self.audiences {
            Some(list) if !list.is_empty() => list
                .iter()
                .enumerate()
                .map(|(i, a)| (Some(i), template.overlaid_with(a)))
                .collect(),
            _ => vec![(None, template)],
        }
    }
}

impl AdSet {
    /// This ad set with `audience`'s keys replacing its own (whole values, as Graph would take
    /// them), named `<self.name> · <audience.name>`.
    pub fn overlaid_with(&self, audience: &AdSet) -> AdSet {
        let mut merged = match serde_json::to_value(self) {
            Ok(Value::Object(m)) => m,
            _ => serde_json::Map::new(),
        };
        if let Ok(Value::Object(over)) = serde_json::to_value(audience) {
            for (k, v) in over {
                merged.insert(k, v);
            }
        }
        let name = match (&self.name, &audience.name) {
            (Some(t), Some(a)) => Some(format!("{t} · {a}")),
            (t, a) => a.clone().or_else(|| t.clone()),
        };
        match name {
            Some(n) => merged.insert("name".into(), Value::String(n)),
            None => merged.remove("name"),
        };
        // Both halves came from valid ad sets, so the merge reads back as one.
        serde_json::from_value(Value::Object(merged)).unwrap_or_else(|_| self.clone())
    }
}
