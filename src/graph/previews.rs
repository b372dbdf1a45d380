//! Meta's own previews: `GET /act_<id>/generatepreviews?creative=<JSON>&ad_format=<FORMAT>` for a
//! creative not yet made, `GET /<ad_id>/previews?ad_format=<FORMAT>` for a launched ad, each
//! charged to the ad account's gate, and the pure parser of their answer
//! (`{"data":[{"body":"<iframe src=\"…\" …></iframe>"}]}`) that gives the iframe's link.

use serde_json::{Map, Value};

use super::client::GraphClient;
use super::error::CallError;

/// The longest link dcw takes from an iframe, in bytes. `[dcw's own]`: Meta's links are a few
/// hundred bytes; a longer one is a broken answer.
pub const MAX_LINK_BYTES: usize = 8 * 1024;

/// One preview as Graph answered it: the answer's first `data` node (its fields as Graph
/// wrote them: `body`, …) and the link of its iframe.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewLink {
    pub fields: Map<String, Value>,
    /// The iframe's `src`, HTML entities decoded (Meta writes `&amp;`).
    pub link: String,
}

/// The link of a previews answer, or why there is none: an answer without `data`, with an
/// empty `data`, without a `body`, or whose body holds no iframe with an http(s) `src`.
pub fn parse_preview(answer: &Value) -> Result<PreviewLink, String> {
    let data = answer
        .get("data")
        .and_then(Value::as_array)
        .ok_or("Graph's previews answer has no `data` list")?;
    let first = data
        .first()
        .and_then(Value::as_object)
        .ok_or("Graph's previews answer has an empty `data` list: Meta made no preview")?;
    let body = first
        .get("body")
        .and_then(Value::as_str)
        .ok_or("Graph's preview has no `body` (the iframe Meta sends)")?;
    let link = iframe_src(body)?;
    Ok(PreviewLink {
        fields: first.clone(),
        link,
    })
}

/// The `src` of the first `<iframe>` in `html`, entities decoded; only an `http://` or
/// `https://` link of at most [`MAX_LINK_BYTES`], without spaces or control characters, is
/// taken.
pub fn iframe_src(html: &str) -> Result<String, String> {
    let lower = html.to_ascii_lowercase();
    let start = lower
        .find("<iframe")
        .ok_or("Graph's preview `body` holds no <iframe>")?;
    let end = lower[start..].find('>').map_or(html.len(), |e| start + e);
    let tag = &html[start..end];
    let tag_lower = &lower[start..end];
    let mut at = 0;
    let raw = loop {
        let Some(i) = tag_lower[at..].find("src") else {
            return Err("Graph's preview <iframe> has no src".into());
        };
        let i = at + i;
        at = i + 3;
        // An attribute name of its own: after a space, followed by `=`.
        let before_ok = tag_lower[..i].ends_with(|c: char| c.is_ascii_whitespace());
        let rest = tag[at..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let rest = rest[1..].trim_start();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'');
        break match quote {
            Some(q) => {
                let inner = &rest[1..];
                inner.find(q).map_or(inner, |e| &inner[..e])
            }
            None => rest
                .split(|c: char| c.is_ascii_whitespace())
                .next()
                .unwrap_or(""),
        };
    };
    let link = decode_entities(raw);
    let scheme_ok = {
        let l = link.to_ascii_lowercase();
        l.starts_with("https://") || l.starts_with("http://")
    };
    if !scheme_ok {
        return Err("Graph's preview <iframe> src is not an http(s) link".into());
    }
    if link.len() > MAX_LINK_BYTES {
        return Err(format!(
            "Graph's preview <iframe> src is longer than {MAX_LINK_BYTES} bytes"
        ));
    }
    if link.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("Graph's preview <iframe> src holds spaces or control characters".into());
    }
    Ok(link)
}

/// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&#NN;` and `&#xNN;` decoded; anything else
/// kept as written. One pass, linear.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|e| *e <= 10);
        let decoded = end.and_then(|e| entity(&rest[1..e]).map(|c| (c, e)));
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

impl GraphClient {
    /// `GET /act_<account>/generatepreviews?creative=<JSON>&ad_format=<FORMAT>`: Meta's preview
    /// of a creative not yet made (the creative as `/adcreatives` would take it, images by
    /// `hash`), charged to the account's gate.
    pub async fn generate_previews(
        &self,
        account: &str,
        creative: &Map<String, Value>,
        ad_format: &str,
    ) -> Result<Value, CallError> {
        let json = Value::Object(creative.clone()).to_string();
        let path = format!("act_{account}/generatepreviews");
        self.get_in(
            Some(account),
            &path,
            &[("creative", &json), ("ad_format", ad_format)],
        )
        .await
    }

    /// `GET /<id>/previews?ad_format=<FORMAT>` of an ad (or creative) of `account`, charged to
    /// its gate.
    pub async fn object_previews(
        &self,
        account: &str,
        id: &str,
        ad_format: &str,
    ) -> Result<Value, CallError> {
        let path = format!("{id}/previews");
        self.get_in(Some(account), &path, &[("ad_format", ad_format)])
            .await
    }
}
