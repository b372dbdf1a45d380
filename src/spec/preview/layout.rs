//! One combination as one family shows it: which elements appear, each text cut where the
//! family cuts it, the image's fit and the button's label. What the mock draws, and all of it
//! sanitised, so a renderer only lays it out.

use crate::spec::model::AssetFeedSpec;
use crate::spec::text::fit;

use super::{Combination, Family, ImageFit, Media, cta_label, cut_body, cut_line, image_fit};

/// What a family shows of one combination. `None`: the family does not show the element, or
/// the feed has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub media: Media,
    /// How the image shows (`None` for a video).
    pub fit: Option<ImageFit>,
    /// The primary text, ending in "… See more" when cut (line breaks kept).
    pub body: Option<String>,
    pub headline: Option<String>,
    pub description: Option<String>,
    /// The link's `display_url`, else its website's host, as the feeds print it.
    pub link: Option<String>,
    /// The button's label ("Shop now"); `None` for `NO_BUTTON` or no call to action.
    pub button: Option<String>,
}

fn text_at(list: &Option<Vec<crate::spec::model::TextAsset>>, i: Option<usize>) -> Option<&str> {
    list.as_ref()?.get(i?)?.text.as_deref()
}

/// `website_url`'s host: `shop.example.com` for `https://shop.example.com/winter?x=1`.
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..end];
    host.rsplit_once('@').map_or(host, |(_, h)| h)
}

/// The longest link dcw prints, in cells (a link is one line of the mock). `[dcw's own]`
const LINK_CELLS: usize = 60;

/// Combination `c` of `feed` as `family` shows it.
pub fn shown(feed: &AssetFeedSpec, family: &Family, c: &Combination) -> Shown {
    let fit_of = |i: usize| {
        feed.images
            .as_ref()
            .and_then(|v| v.get(i))
            .map(|img| image_fit(img, family))
    };
    let link = c
        .link
        .and_then(|i| feed.link_urls.as_ref()?.get(i))
        .and_then(|l| {
            l.display_url
                .as_deref()
                .filter(|d| !d.trim().is_empty())
                .or_else(|| l.website_url.as_deref().map(host))
        })
        .map(|l| fit(l, LINK_CELLS));
    let button = c
        .cta
        .and_then(|i| feed.call_to_action_types.as_ref()?.get(i))
        .and_then(|t| cta_label(t.as_str()))
        .map(|l| fit(&l, LINK_CELLS));
    Shown {
        media: c.media,
        fit: match c.media {
            Media::Image(i) => fit_of(i),
            Media::Video(_) => None,
        },
        body: family
            .body
            .and_then(|n| Some(cut_body(text_at(&feed.bodies, c.body)?, n))),
        headline: family
            .headline
            .and_then(|n| Some(cut_line(text_at(&feed.titles, c.title)?, n))),
        description: family
            .description
            .and_then(|n| Some(cut_line(text_at(&feed.descriptions, c.description)?, n))),
        link,
        button,
    }
}

/// The assets a combination uses, numbered from 1 as the wizard lists them:
/// `image 2 · title 1 · body 3 · link 1 · CTA 1` (kinds the feed leaves empty left out).
pub fn describe(c: &Combination) -> String {
    let media = match c.media {
        Media::Image(i) => format!("image {}", i + 1),
        Media::Video(i) => format!("video {}", i + 1),
    };
    let rest = [
        ("title", c.title),
        ("body", c.body),
        ("description", c.description),
        ("link", c.link),
        ("CTA", c.cta),
    ];
    let mut out = media;
    for (what, i) in rest {
        if let Some(i) = i {
            out.push_str(&format!(" · {what} {}", i + 1));
        }
    }
    out
}
