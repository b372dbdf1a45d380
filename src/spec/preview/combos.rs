//! The combinations a Dynamic Creative feed assembles: one image or video × one title × one body
//! × one description × one link × one call to action (DOC-DC). They are numbered in mixed radix
//! (media slowest, then link, call to action, description, title, and the primary text fastest:
//! the next combination on the preview screen changes the text a buyer reads first), so
//! combination n and the assets it uses map both ways in constant time and no list of them is
//! ever built. A kind the feed leaves empty (no descriptions) is one choice, "none"; so is a kind
//! a family does not show (the right column's primary text): its count is of the ads it can
//! look like [dcw's own]. Counts are `u128`, saturating, so no feed overflows.

use crate::spec::enums::AdFormat;
use crate::spec::model::AssetFeedSpec;

use super::{Family, ImageFit, image_fit};

/// One image or video of the feed, by its index in `images` or `videos`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    Image(usize),
    Video(usize),
}

/// The assets one combination uses, by index in their feed list; `None` where the feed has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Combination {
    pub media: Media,
    pub title: Option<usize>,
    pub body: Option<usize>,
    pub description: Option<usize>,
    pub link: Option<usize>,
    pub cta: Option<usize>,
}

/// The combinations of a feed (or of what one family can show of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Combinations {
    media: Vec<Media>,
    /// Lengths of links, calls to action, descriptions, titles, bodies, slowest first (0: the
    /// feed has none, or the family does not show them).
    lens: [usize; 5],
}

fn len<T>(v: &Option<Vec<T>>) -> usize {
    v.as_ref().map_or(0, Vec::len)
}

/// The media the feed's ad format runs: images for `SINGLE_IMAGE` (and `CAROUSEL`), videos for
/// `SINGLE_VIDEO`, both for `AUTOMATIC_FORMAT` (DOC-AFS) or when the format is missing or
/// unknown (validate reports that).
pub fn feed_media(feed: &AssetFeedSpec) -> Vec<Media> {
    let format = feed
        .ad_formats
        .as_ref()
        .and_then(|f| f.first())
        .and_then(|f| f.known());
    let (images, videos) = match format {
        Some(AdFormat::SingleImage | AdFormat::Carousel) => (true, false),
        Some(AdFormat::SingleVideo) => (false, true),
        Some(AdFormat::AutomaticFormat) | None => (true, true),
    };
    let mut out = Vec::new();
    if images {
        out.extend((0..len(&feed.images)).map(Media::Image));
    }
    if videos {
        out.extend((0..len(&feed.videos)).map(Media::Video));
    }
    out
}

impl Combinations {
    /// Every combination the feed assembles.
    pub fn of(feed: &AssetFeedSpec) -> Self {
        Self::with_media(feed, feed_media(feed))
    }

    /// The combinations `family` can show: only the media it shows (an image without the
    /// family's crop still shows, by its fallback), and one choice of a text it does not show.
    pub fn for_family(feed: &AssetFeedSpec, family: &Family) -> Self {
        let media = feed_media(feed)
            .into_iter()
            .filter(|m| match m {
                Media::Image(_) => family.images,
                Media::Video(_) => family.videos,
            })
            .collect();
        let mut c = Self::with_media(feed, media);
        for (shown, l) in [family.description, family.headline, family.body]
            .iter()
            .zip(&mut c.lens[2..])
        {
            if shown.is_none() {
                *l = 0;
            }
        }
        c
    }

    fn with_media(feed: &AssetFeedSpec, media: Vec<Media>) -> Self {
        Combinations {
            media,
            lens: [
                len(&feed.link_urls),
                len(&feed.call_to_action_types),
                len(&feed.descriptions),
                len(&feed.titles),
                len(&feed.bodies),
            ],
        }
    }

    /// The media the combinations use, in order.
    pub fn media(&self) -> &[Media] {
        &self.media
    }

    /// How many combinations there are (0 when there is no image or video to show).
    pub fn count(&self) -> u128 {
        self.lens.iter().fold(self.media.len() as u128, |n, &l| {
            n.saturating_mul(l.max(1) as u128)
        })
    }

    /// Combination `n` (0-based), or `None` past the end.
    pub fn get(&self, n: u128) -> Option<Combination> {
        if n >= self.count() {
            return None;
        }
        let mut rest = n;
        let mut picks = [None; 5];
        for (pick, &l) in picks.iter_mut().zip(&self.lens).rev() {
            let radix = l.max(1) as u128;
            *pick = (l > 0).then_some((rest % radix) as usize);
            rest /= radix;
        }
        let media = *self.media.get(usize::try_from(rest).ok()?)?;
        let [link, cta, description, title, body] = picks;
        Some(Combination {
            media,
            title,
            body,
            description,
            link,
            cta,
        })
    }

    /// The number (0-based) of combination `c`, or `None` when it is not one of these. A pick
    /// of a kind these combinations have no choice of (a text the family does not show) is
    /// ignored: the same ad on another placement; a text `c` has no pick of (its family did not
    /// show it) is taken as the first.
    pub fn index_of(&self, c: &Combination) -> Option<u128> {
        let mut n = self.media.iter().position(|m| *m == c.media)? as u128;
        let picks = [c.link, c.cta, c.description, c.title, c.body];
        for (pick, &l) in picks.iter().zip(&self.lens) {
            let digit = match (pick, l) {
                (_, 0) | (None, _) => 0,
                (Some(i), l) if *i < l => *i as u128,
                _ => return None,
            };
            n = n.saturating_mul(l.max(1) as u128).saturating_add(digit);
        }
        Some(n)
    }
}

/// What one family can show of a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyCount {
    pub family: &'static Family,
    pub combinations: u128,
    pub images: usize,
    pub videos: usize,
    /// Images shown by the family's fallback, having no crop it takes.
    pub fallback_images: usize,
}

/// The count for each family, in the order given.
pub fn per_family(feed: &AssetFeedSpec, families: &[&'static Family]) -> Vec<FamilyCount> {
    let images = feed.images.as_deref().unwrap_or_default();
    families
        .iter()
        .map(|&family| {
            let combos = Combinations::for_family(feed, family);
            let mut count = FamilyCount {
                family,
                combinations: combos.count(),
                images: 0,
                videos: 0,
                fallback_images: 0,
            };
            for m in combos.media() {
                match m {
                    Media::Image(i) => {
                        count.images += 1;
                        if images.get(*i).is_some_and(|img| {
                            matches!(image_fit(img, family), ImageFit::Fallback(_))
                        }) {
                            count.fallback_images += 1;
                        }
                    }
                    Media::Video(_) => count.videos += 1,
                }
            }
            count
        })
        .collect()
}

/// An asset that can never show in the chosen placements, by its JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub path: String,
    pub message: String,
}

/// The assets of `feed` that no family of `families` (the chosen placements) can ever show:
/// media the feed's ad format does not run, videos where no chosen family shows video, and
/// headlines or descriptions where no chosen family shows them.
pub fn warnings(feed: &AssetFeedSpec, families: &[&'static Family]) -> Vec<Warning> {
    let mut out = Vec::new();
    let runs = feed_media(feed);
    let format = feed
        .ad_formats
        .as_ref()
        .and_then(|f| f.first())
        .map_or("", |f| f.as_str());
    let names = families
        .iter()
        .map(|f| f.label)
        .collect::<Vec<_>>()
        .join(", ");
    for (list, n, kind, shown) in [
        (
            "images",
            len(&feed.images),
            "image",
            families.iter().any(|f| f.images),
        ),
        (
            "videos",
            len(&feed.videos),
            "video",
            families.iter().any(|f| f.videos),
        ),
    ] {
        for i in 0..n {
            let m = if list == "images" {
                Media::Image(i)
            } else {
                Media::Video(i)
            };
            let message = if !runs.contains(&m) {
                format!("this {kind} never shows: the feed's ad format is {format}")
            } else if !shown && !families.is_empty() {
                format!("this {kind} never shows: no chosen placement shows a {kind} ({names})")
            } else {
                continue;
            };
            out.push(Warning {
                path: format!("creative.asset_feed_spec.{list}[{i}]"),
                message,
            });
        }
    }
    for (list, what, shown) in [
        (
            "titles",
            "headlines",
            families.iter().any(|f| f.headline.is_some()),
        ),
        (
            "descriptions",
            "descriptions",
            families.iter().any(|f| f.description.is_some()),
        ),
        (
            "bodies",
            "primary texts",
            families.iter().any(|f| f.body.is_some()),
        ),
    ] {
        let n = match list {
            "titles" => len(&feed.titles),
            "descriptions" => len(&feed.descriptions),
            _ => len(&feed.bodies),
        };
        if n > 0 && !shown && !families.is_empty() {
            out.push(Warning {
                path: format!("creative.asset_feed_spec.{list}"),
                message: format!("{what} never show: no chosen placement shows them ({names})"),
            });
        }
    }
    out
}
