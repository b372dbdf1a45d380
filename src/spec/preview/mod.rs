//! The pure model of an ad preview, shared by the preview screen, `dcw preview` and the status
//! pane: the placement families a mock is drawn for ([`FAMILIES`]), which of them a spec's
//! placements reach ([`reached`]), how each shows an image ([`image_fit`]), the call to action's
//! button label ([`cta_label`]), the combinations a Dynamic Creative feed assembles
//! ([`Combinations`]) and where Meta cuts each text ([`cut`]). No terminal, no network.
//!
//! Sources: the Ads Guide text recommendations (meta-dynamic-creative.md §3.3 display guidance,
//! Ads Guide copies for Stories), the crop keys (§4.2), `positions` for the placements, the
//! previews reference for `ad_format`s (graph-fidelity-2026.md §previews). Choices the references
//! leave open are marked `[dcw's own]` here and in the README.

mod combos;
mod cut;
mod layout;

pub use combos::{
    Combination, Combinations, FamilyCount, Media, Warning, feed_media, per_family, warnings,
};
pub use cut::{Cut, SEE_MORE, cells, count, cut, cut_body, cut_line};
pub use layout::{Shown, describe, shown};

use super::enums::{CallToActionType, CropKey};
use super::lenient::GraphEnum;
use super::model::{ImageAsset, LaunchSpec, Targeting};
use super::positions::{self, Position};

use CropKey::{Landscape100x72, Landscape600x360, Portrait400x500, Square100x100, Vertical90x160};

/// A placement family: the positions one mock stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FamilyId {
    FacebookFeedSquare,
    FacebookFeedPortrait,
    InstagramFeed,
    StoriesReels,
    RightColumn,
}

/// What a family shows when an image carries no crop of its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fallback {
    /// The image whole, centred, with colour bars above and below (Stories and Reels: the Ads
    /// Guide's "images under the 9:16 ratio will include coloured gradient bars above and below";
    /// Facebook Stories take no image crops, DOC-CROP).
    Bars,
    /// The centre of the image cut to this crop's shape. `[dcw's own]`: Meta documents no
    /// fallback for a feed image of a shape the feed does not take.
    CentreCut(CropKey),
}

/// How one image shows in one family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFit {
    /// The image's crop is the family's own shape.
    Exact(CropKey),
    /// The image's one crop, of a shape the family also takes: Dynamic Creative applies an
    /// image's one crop to every placement (DOC-DC).
    OwnCrop(CropKey),
    /// No crop the family takes: Meta's fallback.
    Fallback(Fallback),
}

/// One placement family: its crop, its fallback, where it cuts each text (`None`: not shown;
/// cut points in characters as Meta counts them, see [`count`]), which media it shows, the
/// `ad_format`s Graph previews it with, and the positions (`list`, `key`) it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Family {
    pub id: FamilyId,
    /// The key that picks it on the preview screen (`1`–`5`).
    pub key: char,
    /// The buyer's words.
    pub label: &'static str,
    /// The crop whose shape it shows.
    pub crop: CropKey,
    /// Crop shapes it shows as they are (its own first).
    pub takes: &'static [CropKey],
    pub fallback: Fallback,
    /// Primary text cut point; text past it ends in "… See more".
    pub body: Option<usize>,
    pub headline: Option<usize>,
    pub description: Option<usize>,
    pub images: bool,
    pub videos: bool,
    /// `ad_format` values of `/previews` and `/generatepreviews` for it.
    pub ad_formats: &'static [&'static str],
    pub positions: &'static [(&'static str, &'static str)],
}

/// Feed shapes Meta shows in a feed: 1.91:1 down to 4:5 (Ads Guide); 2.67:1 and 9:16 are not.
const FEED_TAKES_SQUARE: &[CropKey] = &[
    Square100x100,
    Portrait400x500,
    Landscape600x360,
    Landscape100x72,
];
const FEED_TAKES_PORTRAIT: &[CropKey] = &[
    Portrait400x500,
    Square100x100,
    Landscape600x360,
    Landscape100x72,
];
const FB_FEED_POSITIONS: &[(&str, &str)] = &[
    ("facebook_positions", "feed"),
    ("facebook_positions", "profile_feed"),
    ("facebook_positions", "marketplace"),
    ("facebook_positions", "search"),
];

/// `ad_format` values of Graph's previews edges (`/previews`, `/generatepreviews`): the Business
/// SDK's `AdPreview.AdFormat` enum (facebook-ruby-business-sdk `ad_preview.rb`, 2026). Here, in
/// Meta's tables, so dcw and the sandbox each read it.
pub const AD_FORMATS: &[&str] = &[
    "AUDIENCE_NETWORK_INSTREAM_VIDEO",
    "AUDIENCE_NETWORK_INSTREAM_VIDEO_MOBILE",
    "AUDIENCE_NETWORK_OUTSTREAM_VIDEO",
    "AUDIENCE_NETWORK_REWARDED_VIDEO",
    "BIZ_DISCO_FEED_MOBILE",
    "DESKTOP_FEED_STANDARD",
    "FACEBOOK_REELS_MOBILE",
    "FACEBOOK_STORY_MOBILE",
    "FACEBOOK_STORY_STICKER_MOBILE",
    "INSTAGRAM_EXPLORE_CONTEXTUAL",
    "INSTAGRAM_EXPLORE_IMMERSIVE",
    "INSTAGRAM_REELS",
    "INSTAGRAM_SHOP",
    "INSTAGRAM_STANDARD",
    "INSTAGRAM_STORY",
    "INSTANT_ARTICLE_RECIRCULATION_AD",
    "INSTANT_ARTICLE_STANDARD",
    "INSTREAM_BANNER_DESKTOP",
    "INSTREAM_BANNER_MOBILE",
    "INSTREAM_VIDEO_DESKTOP",
    "INSTREAM_VIDEO_IMAGE",
    "INSTREAM_VIDEO_MOBILE",
    "JOB_BROWSER_DESKTOP",
    "JOB_BROWSER_MOBILE",
    "MARKETPLACE_MOBILE",
    "MESSENGER_MOBILE_INBOX_MEDIA",
    "MESSENGER_MOBILE_STORY_MEDIA",
    "MOBILE_BANNER",
    "MOBILE_FEED_BASIC",
    "MOBILE_FEED_STANDARD",
    "MOBILE_FULLWIDTH",
    "MOBILE_INTERSTITIAL",
    "MOBILE_MEDIUM_RECTANGLE",
    "MOBILE_NATIVE",
    "RIGHT_COLUMN_STANDARD",
    "SUGGESTED_VIDEO_DESKTOP",
    "SUGGESTED_VIDEO_MOBILE",
    "WATCH_FEED_HOME",
    "WATCH_FEED_MOBILE",
];

/// The five families, in the order of their keys.
pub const FAMILIES: &[Family] = &[
    Family {
        id: FamilyId::FacebookFeedSquare,
        key: '1',
        label: "Facebook Feed 1:1",
        crop: Square100x100,
        takes: FEED_TAKES_SQUARE,
        fallback: Fallback::CentreCut(Square100x100),
        body: Some(125),
        headline: Some(27),
        description: Some(30),
        images: true,
        videos: true,
        ad_formats: &["MOBILE_FEED_STANDARD", "DESKTOP_FEED_STANDARD"],
        positions: FB_FEED_POSITIONS,
    },
    Family {
        id: FamilyId::FacebookFeedPortrait,
        key: '2',
        label: "Facebook Feed 4:5",
        crop: Portrait400x500,
        takes: FEED_TAKES_PORTRAIT,
        fallback: Fallback::CentreCut(Portrait400x500),
        body: Some(125),
        headline: Some(27),
        description: Some(30),
        images: true,
        videos: true,
        ad_formats: &["MOBILE_FEED_STANDARD"],
        positions: FB_FEED_POSITIONS,
    },
    Family {
        id: FamilyId::InstagramFeed,
        key: '3',
        label: "Instagram Feed",
        crop: Portrait400x500,
        takes: FEED_TAKES_PORTRAIT,
        fallback: Fallback::CentreCut(Portrait400x500),
        body: Some(125),
        headline: Some(40),
        description: None,
        images: true,
        videos: true,
        ad_formats: &["INSTAGRAM_STANDARD"],
        positions: &[
            ("instagram_positions", "stream"),
            ("instagram_positions", "profile_feed"),
            ("instagram_positions", "explore_home"),
            ("instagram_positions", "ig_search"),
        ],
    },
    Family {
        id: FamilyId::StoriesReels,
        key: '4',
        label: "Stories and Reels 9:16",
        crop: Vertical90x160,
        takes: &[Vertical90x160],
        fallback: Fallback::Bars,
        body: Some(72),
        headline: Some(40),
        description: None,
        images: true,
        videos: true,
        ad_formats: &[
            "INSTAGRAM_STORY",
            "FACEBOOK_STORY_MOBILE",
            "INSTAGRAM_REELS",
            "FACEBOOK_REELS_MOBILE",
        ],
        positions: &[
            ("facebook_positions", "story"),
            ("facebook_positions", "facebook_reels"),
            ("instagram_positions", "story"),
            ("instagram_positions", "reels"),
        ],
    },
    Family {
        id: FamilyId::RightColumn,
        key: '5',
        label: "Facebook right column",
        crop: Landscape100x72,
        takes: &[Landscape100x72, Landscape600x360, Square100x100],
        fallback: Fallback::CentreCut(Landscape100x72),
        body: None,
        headline: Some(25),
        description: None,
        images: true,
        videos: false,
        ad_formats: &["RIGHT_COLUMN_STANDARD"],
        positions: &[("facebook_positions", "right_hand_column")],
    },
];

/// The family with `id`.
pub fn family(id: FamilyId) -> &'static Family {
    FAMILIES.iter().find(|f| f.id == id).unwrap_or(&FAMILIES[0])
}

/// The family picked by key `1`–`5`.
pub fn family_by_key(key: char) -> Option<&'static Family> {
    FAMILIES.iter().find(|f| f.key == key)
}

/// The family Graph previews with `ad_format` (`INSTAGRAM_REELS` → Stories and Reels), for
/// `dcw preview --placement`; the first of the Facebook Feed pair for `MOBILE_FEED_STANDARD`.
pub fn family_by_ad_format(ad_format: &str) -> Option<&'static Family> {
    FAMILIES.iter().find(|f| f.ad_formats.contains(&ad_format))
}

fn stands_for(f: &Family, p: &Position) -> bool {
    f.positions.iter().any(|(l, k)| *l == p.list && *k == p.key)
}

/// The objectives (Graph's wire values) whose ads Meta places in the Facebook right column: the
/// Ads Guide has a right column page for awareness, traffic, engagement, leads and sales, none
/// for app promotion (the right column is desktop only, app ads are for phones).
pub const RIGHT_COLUMN_OBJECTIVES: &[&str] = &[
    "OUTCOME_AWARENESS",
    "OUTCOME_TRAFFIC",
    "OUTCOME_ENGAGEMENT",
    "OUTCOME_LEADS",
    "OUTCOME_SALES",
];

/// Whether the campaign's objective lets `family` show: only the right column depends on it.
/// No objective yet, or one Graph names that dcw does not know, keeps it [dcw's own]: the
/// screen cannot tell, and hiding a placement the ad may run in would be the worse mistake.
fn objective_allows(family: &Family, objective: Option<&str>) -> bool {
    if family.id != FamilyId::RightColumn {
        return true;
    }
    match objective.map(str::trim).filter(|o| !o.is_empty()) {
        None => true,
        Some(o) if super::enums::Objective::from_wire(o).is_none() => true,
        Some(o) => RIGHT_COLUMN_OBJECTIVES.contains(&o),
    }
}

/// The families an ad set's placements reach under the campaign's `objective` (its wire value),
/// in key order (Advantage+ placements: all the objective allows).
pub fn reached(targeting: Option<&Targeting>, objective: Option<&str>) -> Vec<&'static Family> {
    let chosen = positions::chosen(targeting);
    FAMILIES
        .iter()
        .filter(|f| chosen.iter().any(|p| stands_for(f, p)))
        .filter(|f| objective_allows(f, objective))
        .collect()
}

/// The families any ad set of a launch reaches (the template, or each audience laid over it),
/// in key order, under the campaign's objective: Review's count, the preview screen and
/// `dcw preview` all ask this.
pub fn spec_families(spec: &LaunchSpec) -> Vec<&'static Family> {
    let objective = spec
        .campaign
        .as_ref()
        .and_then(|c| c.objective.as_ref())
        .map(|o| o.to_string());
    let mut out: Vec<&'static Family> = Vec::new();
    for (_, set) in spec.effective_ad_sets() {
        for f in reached(set.targeting.as_ref(), objective.as_deref()) {
            if !out.iter().any(|g| g.id == f.id) {
                out.push(f);
            }
        }
    }
    out.sort_by_key(|f| f.key);
    out
}

/// The chosen positions no family's mock stands for (Audience Network, Messenger, in-stream,
/// …): the screen names them so the buyer knows the mock is not all.
pub fn not_mocked(targeting: Option<&Targeting>) -> Vec<&'static Position> {
    positions::chosen(targeting)
        .into_iter()
        .filter(|p| !FAMILIES.iter().any(|f| stands_for(f, p)))
        .collect()
}

/// The image's one crop key, when it has a known one.
pub fn image_crop(image: &ImageAsset) -> Option<CropKey> {
    image
        .image_crops
        .as_ref()
        .and_then(|c| c.0.first())
        .and_then(|(k, _)| k.known())
}

/// How `image` shows in `family`.
pub fn image_fit(image: &ImageAsset, family: &Family) -> ImageFit {
    match image_crop(image) {
        Some(k) if k == family.crop => ImageFit::Exact(k),
        Some(k) if family.takes.contains(&k) => ImageFit::OwnCrop(k),
        _ => ImageFit::Fallback(family.fallback),
    }
}

/// Labels Ads Manager shows that are not the enum's own words.
const CTA_LABELS: &[(CallToActionType, &str)] = &[
    (CallToActionType::MessagePage, "Send message"),
    (CallToActionType::WhatsappMessage, "Send WhatsApp message"),
    (CallToActionType::InstallMobileApp, "Install now"),
    (CallToActionType::InstallApp, "Install now"),
    (CallToActionType::GetAQuote, "Get quote"),
    (CallToActionType::MobileDownload, "Download"),
    (CallToActionType::UseMobileApp, "Use app"),
    (CallToActionType::PlayGameOnFacebook, "Play game"),
];

/// The button a call to action shows ("Shop now" for `SHOP_NOW`); `None` for `NO_BUTTON`.
/// A type off the table, known or not, shows the enum's own words (`GET_OFFER` → "Get offer").
pub fn cta_label(cta: &str) -> Option<String> {
    if cta == "NO_BUTTON" {
        return None;
    }
    if let Some((_, label)) = CTA_LABELS.iter().find(|(t, _)| t.as_str() == cta) {
        return Some((*label).to_string());
    }
    let words = cta.trim().replace('_', " ").to_lowercase();
    let mut chars = words.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests;
