//! The steps of a launch, typed: each write dcw makes to Graph, by what it creates. Its text
//! form (`campaign`, `adset:0`, `image:images/boots.jpg`, `creative`, `ad:1`) is the key the
//! journal has always stored, so journals read and write byte for byte as before; people see
//! [`LaunchStep::label`] instead (`ad set 1 «US 18-34»`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::spec::text::fit;

/// One write of a launch (or of the fix of a rejected ad).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LaunchStep {
    /// The upload of an image file, by its path as the spec writes it.
    Image(String),
    /// The chunked upload of a video file, by its path as the spec writes it (`video:<file>`):
    /// `transferring` with the last acknowledged offset until Meta has every byte, then
    /// `created` with the video's id.
    Video(String),
    /// The upload of a video's own thumbnail image (cut to its crop), by the video's path as
    /// the spec writes it (`thumbnail:<video file>`); created with the image's hash.
    Thumbnail(String),
    Campaign,
    /// The n-th ad set (0-based), one per audience.
    AdSet(usize),
    /// The one dynamic creative the ads share.
    Creative,
    /// The ad in the n-th ad set (0-based).
    Ad(usize),
    /// A key this dcw does not write (a newer dcw's, or a hand repair's): kept as it is written,
    /// so the journal still reads and is written back unchanged; never sent.
    Other(String),
}

/// A journal key that names no step.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: not a launch step (campaign, adset:<n>, image:<file>, video:<file>, thumbnail:<file>, creative or ad:<n>)", fit(.0, 60))]
pub struct UnknownStep(pub String);

/// Longest name a label shows, in characters.
const LABEL_NAME_WIDTH: usize = 48;

impl LaunchStep {
    /// The step as the buyer counts: `campaign`, `ad set 1`, `image`, `creative`, `ad 2`.
    pub fn counted(&self) -> String {
        match self {
            LaunchStep::Image(_) => "image".into(),
            LaunchStep::Video(_) => "video".into(),
            LaunchStep::Thumbnail(_) => "thumbnail".into(),
            LaunchStep::Campaign => "campaign".into(),
            LaunchStep::AdSet(n) => format!("ad set {}", n + 1),
            LaunchStep::Creative => "creative".into(),
            LaunchStep::Ad(n) => format!("ad {}", n + 1),
            LaunchStep::Other(key) => crate::spec::text::sanitize(key).into_owned(),
        }
    }

    /// What a label quotes for a step of this name: an image's file name (its path is the
    /// spec's), else `name` as it is.
    pub fn shown_name<'a>(&'a self, name: &'a str) -> &'a str {
        match self {
            LaunchStep::Image(path) | LaunchStep::Video(path) | LaunchStep::Thumbnail(path) => {
                crate::spec::units::file_name(path)
            }
            _ => name,
        }
    }

    /// The one label for people: `campaign «Boots»`, `ad set 1 «US 18-34»`, `image «boots.jpg»`,
    /// `creative`, `ad 2 «Boots ad»`. The name (the spec's, or Graph's) passes the sanitiser and
    /// is cut to fit; an empty one is left out.
    pub fn label(&self, name: &str) -> String {
        let shown = self.shown_name(name).trim();
        if shown.is_empty() {
            self.counted()
        } else {
            format!("{} «{}»", self.counted(), fit(shown, LABEL_NAME_WIDTH))
        }
    }

    /// An ad (`ad:<n>`), the steps `dcw watch` follows.
    pub fn is_ad(&self) -> bool {
        matches!(self, LaunchStep::Ad(_))
    }
}

impl fmt::Display for LaunchStep {
    /// The journal's key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LaunchStep::Image(path) => write!(f, "image:{path}"),
            LaunchStep::Video(path) => write!(f, "video:{path}"),
            LaunchStep::Thumbnail(path) => write!(f, "thumbnail:{path}"),
            LaunchStep::Campaign => f.write_str("campaign"),
            LaunchStep::AdSet(n) => write!(f, "adset:{n}"),
            LaunchStep::Creative => f.write_str("creative"),
            LaunchStep::Ad(n) => write!(f, "ad:{n}"),
            LaunchStep::Other(key) => f.write_str(key),
        }
    }
}

/// A step's index as the journal writes it: decimal digits, no sign, no leading zero.
fn index(digits: &str) -> Option<usize> {
    let canonical = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    canonical.then(|| digits.parse().ok()).flatten()
}

impl FromStr for LaunchStep {
    type Err = UnknownStep;

    /// Reads a journal key; only the spelling [`Display`](fmt::Display) writes is taken, so a
    /// step reads back as the same key.
    fn from_str(key: &str) -> Result<Self, Self::Err> {
        let step = match key.split_once(':') {
            None if key == "campaign" => Some(LaunchStep::Campaign),
            None if key == "creative" => Some(LaunchStep::Creative),
            Some(("image", path)) if !path.is_empty() => Some(LaunchStep::Image(path.to_string())),
            Some(("video", path)) if !path.is_empty() => Some(LaunchStep::Video(path.to_string())),
            Some(("thumbnail", path)) if !path.is_empty() => {
                Some(LaunchStep::Thumbnail(path.to_string()))
            }
            Some(("adset", n)) => index(n).map(LaunchStep::AdSet),
            Some(("ad", n)) => index(n).map(LaunchStep::Ad),
            _ => None,
        };
        step.ok_or_else(|| UnknownStep(key.to_string()))
    }
}

impl Serialize for LaunchStep {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for LaunchStep {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A key in another spelling is kept as written (`Other`), as the previous version did:
        // a journal from a newer dcw, or repaired by hand, still reads.
        let key = String::deserialize(d)?;
        Ok(key.parse().unwrap_or(LaunchStep::Other(key)))
    }
}

/// A step compares equal to its journal key: `step == "adset:0"`.
impl PartialEq<str> for LaunchStep {
    fn eq(&self, key: &str) -> bool {
        key.parse::<LaunchStep>().is_ok_and(|k| k == *self)
    }
}

impl PartialEq<&str> for LaunchStep {
    fn eq(&self, key: &&str) -> bool {
        *self == **key
    }
}

impl PartialEq<&LaunchStep> for LaunchStep {
    fn eq(&self, other: &&LaunchStep) -> bool {
        self == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each step, its journal key (today's spelling) and its label.
    const TABLE: [(&str, &str); 8] = [
        ("campaign", "campaign «Boots»"),
        ("adset:0", "ad set 1 «Boots»"),
        ("adset:12", "ad set 13 «Boots»"),
        ("image:images/boots.jpg", "image «boots.jpg»"),
        ("video:videos/run.mp4", "video «run.mp4»"),
        ("thumbnail:videos/run.mp4", "thumbnail «run.mp4»"),
        ("creative", "creative «Boots»"),
        ("ad:1", "ad 2 «Boots»"),
    ];

    #[test]
    fn a_step_reads_and_writes_the_journal_key_and_labels_it_for_people() {
        for (key, label) in TABLE {
            let step: LaunchStep = key.parse().unwrap();
            assert_eq!(step.to_string(), key, "Display is the journal key");
            assert_eq!(step.label("Boots"), label, "{key}");
            assert!(step == key, "{key} compares equal to its key");
            let json = serde_json::to_string(&step).unwrap();
            assert_eq!(json, format!("\"{key}\""));
            assert_eq!(serde_json::from_str::<LaunchStep>(&json).unwrap(), step);
        }
    }

    #[test]
    fn a_key_in_another_spelling_is_no_step_and_says_which() {
        for bad in [
            "",
            "adset",
            "adset:",
            "adset:01",
            "adset:-1",
            "adset:+1",
            "ad:x",
            "image:",
            "Campaign",
            "creative:0",
            "preflight campaign",
            "video:",
            "thumbnail:",
        ] {
            let e = bad.parse::<LaunchStep>().unwrap_err();
            assert!(e.to_string().contains("not a launch step"), "{bad}: {e}");
            // In a journal it is kept as written (a newer dcw's step, a hand repair), never
            // a reason to call the journal damaged, and it is written back unchanged.
            let read: LaunchStep = serde_json::from_str(&format!("{bad:?}")).unwrap();
            assert_eq!(read, LaunchStep::Other(bad.to_string()), "{bad}");
            assert_eq!(serde_json::to_string(&read).unwrap(), format!("{bad:?}"));
        }
    }

    #[test]
    fn a_label_passes_the_name_through_the_sanitiser_and_cuts_it() {
        let label = LaunchStep::AdSet(0).label("US\u{1b}]52;c;ZXZpbA==\u{7} 18-34");
        assert!(
            !label.contains('\u{1b}') && !label.contains('\u{7}'),
            "{label:?}"
        );
        assert!(label.starts_with("ad set 1 «"), "{label}");
        let long = LaunchStep::Campaign.label(&"x".repeat(500));
        assert!(long.chars().count() < 80, "{long}");
        assert_eq!(LaunchStep::Ad(0).label("  "), "ad 1", "no name, no quotes");
        let image = LaunchStep::Image("dir/\u{1b}[2Jevil.jpg".into());
        assert!(!image.label("").contains('\u{1b}'), "{}", image.label(""));
    }
}
