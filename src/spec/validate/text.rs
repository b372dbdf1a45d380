//! Control characters in the text Meta shows: an ESC, a BEL, a CSI (`0x9b`), a bidi override
//! or a stray carriage return in a name, title, body, description or link is never what the
//! author meant to publish (it comes from a paste or a generated file). Meta documents nothing
//! about them, so this is a warning, dcw's own: they may show as boxes or be refused. A body may
//! hold line breaks; nothing else may.

use super::super::model::{LaunchSpec, TextAsset};
use super::super::text::{is_unsafe, sanitize};
use super::{Report, at, index};

/// The first character of `s` Meta should never get, line breaks allowed when `lines`.
fn first_unsafe(s: &str, lines: bool) -> Option<char> {
    s.chars().find(|&c| is_unsafe(c) && !(lines && c == '\n'))
}

/// `what` is the field as the wizard labels it: "Campaign name", "Title 2".
fn check_one(s: Option<&str>, path: String, what: &str, lines: bool, r: &mut Report) {
    let Some(c) = s.and_then(|s| first_unsafe(s, lines)) else {
        return;
    };
    let shown = sanitize(c.encode_utf8(&mut [0; 4])).into_owned();
    r.warn(
        path,
        "text.control_character",
        format!(
            "{what} holds a control character ({shown}), which people would see as a box, if Meta takes it at all."
        ),
    )
    .hint("Remove it: it usually comes with a paste. The wizard drops such characters as you type.");
}

pub(super) fn check(spec: &LaunchSpec, r: &mut Report) {
    let names = [
        (
            "campaign.name",
            "Campaign name",
            spec.campaign.as_ref().and_then(|c| c.name.as_deref()),
        ),
        (
            "ad_set.name",
            "Ad set name",
            spec.ad_set.as_ref().and_then(|a| a.name.as_deref()),
        ),
        (
            "creative.name",
            "Creative name",
            spec.creative.as_ref().and_then(|c| c.name.as_deref()),
        ),
        (
            "ad.name",
            "Ad name",
            spec.ad.as_ref().and_then(|a| a.name.as_deref()),
        ),
    ];
    for (path, label, name) in names {
        check_one(name, path.to_string(), label, false, r);
    }
    for (i, a) in spec.audiences.iter().flatten().enumerate() {
        check_one(
            a.name.as_deref(),
            at(&index("audiences", i), "name"),
            &format!("Audience {} name", i + 1),
            false,
            r,
        );
    }
    let Some(feed) = spec
        .creative
        .as_ref()
        .and_then(|c| c.asset_feed_spec.as_ref())
    else {
        return;
    };
    let texts =
        |list: &Option<Vec<TextAsset>>, key: &str, what: &str, lines: bool, r: &mut Report| {
            for (i, t) in list.iter().flatten().enumerate() {
                let path = at(
                    &index(&format!("creative.asset_feed_spec.{key}"), i),
                    "text",
                );
                check_one(
                    t.text.as_deref(),
                    path,
                    &format!("{what} {}", i + 1),
                    lines,
                    r,
                );
            }
        };
    texts(&feed.titles, "titles", "Title", false, r);
    texts(&feed.bodies, "bodies", "Body", true, r);
    texts(&feed.descriptions, "descriptions", "Description", false, r);
    for (i, l) in feed.link_urls.iter().flatten().enumerate() {
        let path = at(
            &index("creative.asset_feed_spec.link_urls", i),
            "website_url",
        );
        check_one(
            l.website_url.as_deref(),
            path,
            &format!("Link {}", i + 1),
            false,
            r,
        );
    }
}
