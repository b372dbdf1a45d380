//! Advantage+ creative enhancements: `creative.degrees_of_freedom_spec.creative_features_spec`
//! in Graph's shape, and Meta's table of the features a creative can opt in to or out of.
//!
//! Sources (`../shared/reference/meta-dynamic-creative.md` §8, §8.1): the v22.0 blog and the
//! Advantage+ creative get-started guide (DOC-A+C), the Ad Creative Features Spec reference
//! (defaults: `adapt_to_placement` and `description_automation` are "Default is opt-in"), the
//! standard enhancements page (the bundle's sub-features), and the 2026-06-28 out-of-cycle change
//! (`image_animation`, `video_filtering`, `video_uncrop`). Meta documents no default for the
//! others: they are [`FeatureDefault::Undocumented`], and a house policy treats them as possibly on.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::enums::EnrollStatus;
use super::lenient::Lenient;
use super::object::graph_object;

graph_object! {
    /// `creative.degrees_of_freedom_spec` (CODEGEN `AdCreativeDegreesOfFreedomSpec`): dcw models
    /// the features; `degrees_of_freedom_type`, the `*_transformation_types` and the rest are
    /// kept and sent as written.
    pub struct DegreesOfFreedomSpec {
        creative_features_spec: CreativeFeaturesSpec,
    }
}

graph_object! {
    /// One feature's setting: `{"enroll_status": "OPT_IN"|"OPT_OUT", "customizations": {…}}`.
    pub struct FeatureSetting {
        enroll_status: Lenient<EnrollStatus>,
        /// Per-feature options (`text_extraction` of `text_optimizations`, `aspect_ratio_config`
        /// of `adapt_to_placement`), sent as written.
        customizations: Value,
    }
}

/// `creative_features_spec`: feature key to its setting, in the order written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CreativeFeaturesSpec(pub Vec<(String, FeatureSetting)>);

impl CreativeFeaturesSpec {
    /// The setting written for `key`, if any.
    pub fn get(&self, key: &str) -> Option<&FeatureSetting> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, s)| s)
    }

    /// The enroll status written for `key` when it is one of Graph's two.
    pub fn status(&self, key: &str) -> Option<EnrollStatus> {
        self.get(key)?.enroll_status.as_ref()?.known()
    }
}

impl Serialize for CreativeFeaturesSpec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for CreativeFeaturesSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = CreativeFeaturesSpec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(r#"an object of feature to setting, like {"text_translation": {"enroll_status": "OPT_OUT"}}"#)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<CreativeFeaturesSpec, A::Error> {
                let mut out = Vec::new();
                let mut seen = std::collections::HashSet::new();
                while let Some(k) = m.next_key::<String>()? {
                    if !seen.insert(k.clone()) {
                        return Err(serde::de::Error::custom(format_args!(
                            "duplicate feature `{k}`"
                        )));
                    }
                    let v: FeatureSetting = m.next_value()?;
                    out.push((k, v));
                }
                Ok(CreativeFeaturesSpec(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// What a feature changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeatureMedia {
    Image,
    Video,
    Text,
    /// The ad around the media: comments, products, overlays of details, format.
    Ad,
}

/// What Meta applies when the spec says nothing of a feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeatureDefault {
    /// The reference says "Default is opt-in".
    OptIn,
    /// Meta documents no default (and secondary sources report defaults drifting on).
    Undocumented,
}

/// One Advantage+ creative feature as Meta documents it, with the words a buyer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CreativeFeature {
    /// The `creative_features_spec` key.
    pub key: &'static str,
    pub media: FeatureMedia,
    /// What opting in lets Meta do, in the buyer's words ("Meta may translate your text")
    /// [dcw's own words, from Meta's descriptions].
    pub words: &'static str,
    pub default: FeatureDefault,
}

const fn feature(
    key: &'static str,
    media: FeatureMedia,
    words: &'static str,
    default: FeatureDefault,
) -> CreativeFeature {
    CreativeFeature {
        key,
        media,
        words,
        default,
    }
}

use FeatureDefault::{OptIn, Undocumented};
use FeatureMedia::{Ad, Image, Text, Video};

/// The features Meta documents for `creative_features_spec` (DOC-A+C), sorted by key. Music is
/// not one: it is `asset_feed_spec.audios` (`[{"type": "random"}]` opts in, `[]` out).
#[rustfmt::skip]
pub const CREATIVE_FEATURES: &[CreativeFeature] = &[
    feature("adapt_to_placement", Image, "Meta may crop or expand your image to fit each placement", OptIn),
    feature("add_text_overlay", Image, "Meta may lay details from your catalog over your image", Undocumented),
    feature("creative_stickers", Image, "Meta may add stickers to your image", Undocumented),
    feature("description_automation", Text, "Meta may show a description it picks", OptIn),
    feature("enhance_cta", Text, "Meta may add phrases from your text to the call-to-action button", Undocumented),
    feature("image_animation", Image, "Meta may animate your image", Undocumented),
    feature("image_background_gen", Image, "Meta may generate new backgrounds for your image", Undocumented),
    feature("image_brightness_and_contrast", Image, "Meta may change your image's brightness and contrast", Undocumented),
    // Meta's get-started example and the standard enhancements page spell it without the `s`.
    feature("image_template", Image, "Meta may put your image in a template with your text", Undocumented),
    feature("image_templates", Image, "Meta may put your image in a template with your text", Undocumented),
    feature("image_text_translation", Image, "Meta may translate the text in your image", Undocumented),
    feature("image_touchups", Image, "Meta may touch up your image (crop, brightness, contrast)", Undocumented),
    feature("image_uncrop", Image, "Meta may extend your image with generated edges", Undocumented),
    feature("inline_comment", Ad, "Meta may show a relevant comment under your ad", Undocumented),
    feature("media_type_automation", Ad, "Meta may turn your images into a video", Undocumented),
    feature("pac_relaxation", Ad, "Meta may show an asset in placements you did not pick it for", Undocumented),
    feature("product_extensions", Ad, "Meta may show products from your catalog with your ad", Undocumented),
    feature("reveal_details_over_time", Ad, "Meta may reveal your ad's details as people watch", Undocumented),
    feature("text_optimizations", Text, "Meta may move and rewrite your text between fields", Undocumented),
    feature("text_translation", Text, "Meta may translate your text", Undocumented),
    feature("translate_voiceover", Video, "Meta may dub your video's voice into another language", Undocumented),
    feature("video_auto_crop", Video, "Meta may crop your video to fit each placement", Undocumented),
    feature("video_filtering", Video, "Meta may apply filters to your video", Undocumented),
    feature("video_uncrop", Video, "Meta may extend your video with generated edges", Undocumented),
];

/// Keys Meta retired, with the subcode it refuses them with.
pub const RETIRED_FEATURES: &[(&str, u64)] = &[("standard_enhancements", 3858504)];

/// The documented feature named `key`.
pub fn creative_feature(key: &str) -> Option<&'static CreativeFeature> {
    CREATIVE_FEATURES
        .binary_search_by(|f| f.key.cmp(key))
        .ok()
        .map(|i| &CREATIVE_FEATURES[i])
}

/// The subcode Meta refuses a retired feature key with.
pub fn retired_feature(key: &str) -> Option<u64> {
    RETIRED_FEATURES
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, code)| *code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_once_per_key_and_every_feature_has_words() {
        for pair in CREATIVE_FEATURES.windows(2) {
            assert!(
                pair[0].key < pair[1].key,
                "{} then {}",
                pair[0].key,
                pair[1].key
            );
        }
        for f in CREATIVE_FEATURES {
            assert!(f.words.starts_with("Meta may "), "{}", f.key);
            assert_eq!(creative_feature(f.key), Some(f));
        }
        assert_eq!(creative_feature("standard_enhancements"), None);
        assert_eq!(retired_feature("standard_enhancements"), Some(3858504));
    }
}
