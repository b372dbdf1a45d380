//! Meta's previews, the sandbox's side: `GET /act_<id>/generatepreviews?creative=…&ad_format=…`
//! and `GET /<ad or creative id>/previews?ad_format=…` answer `{"data":[{"body":"<iframe …>"}]}`
//! as Meta does (the src's `&` written `&amp;`); the iframe's src is the sandbox's own page,
//! `/_sandbox/previews/<id>`, which draws the same mock as the terminal (Page name, primary
//! text, image, headline, description, button) laid out per ad_format; and each uploaded
//! image's `url`, `/_sandbox/adimages/<hash>`, serves its bytes. Everything from the creative
//! is HTML-escaped. Written from Meta's previews reference and the SDK's AdPreview enum, never
//! from dcw's validator.

use axum::body::Body;
use axum::http::{HeaderValue, Method, Response, StatusCode, header};
use serde_json::{Map, Value, json};

use crate::spec::preview::{
    self, AD_FORMATS, Combinations, FAMILIES, Fallback, Family, FamilyId, ImageFit, Media,
};
use crate::spec::{AssetFeedSpec, CropBox};

use super::create::feed_images;
use super::error::GraphError;
use super::handler::Ctx;
use super::state::{Kind, PAGE_ID, PAGE_NAME, State};
use super::wire::GraphRequest;

/// The two previews edges, when `req` is a GET of one: `act_<id>/generatepreviews` and
/// `<id>/previews`.
pub fn route(
    ctx: &mut Ctx,
    req: &GraphRequest,
    segs: &[&str],
) -> Option<Result<Value, GraphError>> {
    if req.method != Method::GET {
        return None;
    }
    Some(match segs {
        [act, "generatepreviews"] if act.starts_with("act_") => {
            let digits = act.trim_start_matches("act_");
            match ctx.state.account(digits) {
                Some(a) => {
                    let digits = a.digits.clone();
                    generate(ctx, req, &digits)
                }
                None => Err(GraphError::unknown_object("get", act)),
            }
        }
        [id, "previews"] if !id.starts_with("act_") => object(ctx, req, id),
        _ => return None,
    })
}

/// The request's `ad_format`, refused when missing or not one of [`AD_FORMATS`].
fn ad_format(req: &GraphRequest) -> Result<String, GraphError> {
    let f = req
        .params
        .text("ad_format")
        .ok_or_else(|| GraphError::required("ad_format"))?;
    if !AD_FORMATS.contains(&f) {
        let shown: String = f.chars().take(64).collect();
        return Err(GraphError::invalid(format!(
            "ad_format must be one of the following values: {}; not {shown}",
            AD_FORMATS.join(", ")
        ))
        .blame(&["ad_format"]));
    }
    Ok(f.to_string())
}

/// `GET /act_<id>/generatepreviews`: the `creative` parameter (a JSON object as the
/// adcreatives edge takes it), its feed's images by hashes the account has.
pub fn generate(ctx: &mut Ctx, req: &GraphRequest, account: &str) -> Result<Value, GraphError> {
    let format = ad_format(req)?;
    let creative = match req.params.json("creative") {
        Some(Value::Object(m)) => m,
        Some(_) => {
            return Err(GraphError::invalid(
                "Param creative must be a JSON object: an ad creative spec",
            )
            .blame(&["creative"]));
        }
        None => return Err(GraphError::required("creative")),
    };
    if !["object_story_spec", "object_story_id", "asset_feed_spec"]
        .iter()
        .any(|k| creative.contains_key(*k))
    {
        return Err(GraphError::invalid(
            "Param creative needs an object_story_spec (or object_story_id) to preview",
        )
        .blame(&["creative"]));
    }
    if let Some(v) = creative.get("asset_feed_spec") {
        let feed: AssetFeedSpec = serde_json::from_value(v.clone()).map_err(|e| {
            GraphError::invalid(format!("Param creative[asset_feed_spec] is not valid: {e}"))
                .blame(&["creative", "asset_feed_spec"])
        })?;
        feed_images(ctx.state, account, &feed)?;
    }
    let id = ctx.state.previews.add(account, &format, creative);
    Ok(answer(ctx.base_url, &id, &format, account))
}

/// `GET /<id>/previews` of an ad (its creative) or a creative.
pub fn object(ctx: &mut Ctx, req: &GraphRequest, id: &str) -> Result<Value, GraphError> {
    let o = ctx
        .state
        .get(id)
        .ok_or_else(|| GraphError::unknown_object("get", id))?;
    let (account, creative) = match o.kind {
        Kind::Creative => (o.account.clone(), o.fields.clone()),
        Kind::Ad => {
            let creative_id = o
                .fields
                .get("creative")
                .and_then(|c| c.get("id").or_else(|| c.get("creative_id")))
                .and_then(Value::as_str)
                .unwrap_or("");
            let c = ctx
                .state
                .get(creative_id)
                .filter(|c| c.kind == Kind::Creative)
                .ok_or_else(|| GraphError::unknown_object("get", creative_id))?;
            (o.account.clone(), c.fields.clone())
        }
        kind => return Err(GraphError::unknown_field(kind.node_type(), "previews")),
    };
    let format = ad_format(req)?;
    let pid = ctx.state.previews.add(&account, &format, creative);
    Ok(answer(ctx.base_url, &pid, &format, &account))
}

/// The family whose mock a format shows (the first feed family for formats dcw does not
/// mock).
fn family_of(format: &str) -> &'static Family {
    preview::family_by_ad_format(format).unwrap_or(&FAMILIES[0])
}

/// The iframe's size per shape. `[sandbox's own]`
fn frame_size(f: &Family) -> (u32, u32) {
    match f.id {
        FamilyId::FacebookFeedSquare => (500, 720),
        FamilyId::FacebookFeedPortrait | FamilyId::InstagramFeed => (500, 820),
        FamilyId::StoriesReels => (360, 640),
        FamilyId::RightColumn => (254, 260),
    }
}

fn aspect(f: &Family) -> &'static str {
    match f.id {
        FamilyId::FacebookFeedSquare => "1 / 1",
        FamilyId::FacebookFeedPortrait | FamilyId::InstagramFeed => "4 / 5",
        FamilyId::StoriesReels => "9 / 16",
        FamilyId::RightColumn => "100 / 72",
    }
}

fn answer(base: &str, id: &str, format: &str, account: &str) -> Value {
    let (w, h) = frame_size(family_of(format));
    let body = format!(
        "<iframe src=\"{base}/_sandbox/previews/{id}?ad_format={format}&amp;t=act_{account}\" width=\"{w}\" height=\"{h}\" scrolling=\"yes\" style=\"border: none;\"></iframe>"
    );
    json!({ "data": [ { "body": body } ] })
}

/// Text made safe inside HTML text and quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// How the page fits the image in the family's shape.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fit {
    /// The image's own crop box, in its pixels.
    Crop(CropBox),
    /// Whole, centred, between bars (Stories and Reels' fallback).
    Whole,
    /// The centre cut to the family's shape.
    Centre,
}

/// What the page draws: every text already cut as the family cuts it.
#[derive(Default)]
struct Mock {
    page: String,
    body: Option<String>,
    image: Option<String>,
    /// How the image shows: its crop box (`[[x0, y0], [x1, y1]]` in its pixels) when the family
    /// takes its crop, else Meta's fallback.
    fit: Option<Fit>,
    video: bool,
    headline: Option<String>,
    description: Option<String>,
    link: Option<String>,
    button: Option<String>,
}

fn page_name(creative: &Map<String, Value>) -> String {
    let page = creative
        .get("object_story_spec")
        .and_then(|s| s.get("page_id"))
        .and_then(Value::as_str)
        .unwrap_or(PAGE_ID);
    if page == PAGE_ID {
        PAGE_NAME.to_string()
    } else {
        format!("Page {page}")
    }
}

fn mock(creative: &Map<String, Value>, family: &Family) -> Mock {
    let mut m = Mock {
        page: page_name(creative),
        ..Mock::default()
    };
    let feed: Option<AssetFeedSpec> = creative
        .get("asset_feed_spec")
        .and_then(|v| serde_json::from_value(v.clone()).ok());
    if let Some(feed) = feed {
        let first = Combinations::for_family(&feed, family)
            .get(0)
            .or_else(|| Combinations::of(&feed).get(0));
        if let Some(c) = first {
            let s = preview::shown(&feed, family, &c);
            match s.media {
                Media::Image(i) => {
                    let img = feed.images.as_ref().and_then(|v| v.get(i));
                    m.image = img.and_then(|img| img.hash.clone());
                    m.fit = img.map(|img| fit_of(img, family));
                }
                Media::Video(_) => m.video = family.videos,
            }
            (m.body, m.headline, m.description) = (s.body, s.headline, s.description);
            (m.link, m.button) = (s.link, s.button);
            return m;
        }
    }
    // A single-image creative: `object_story_spec.link_data`.
    let data = creative
        .get("object_story_spec")
        .and_then(|s| s.get("link_data"));
    let text = |k: &str| {
        data.and_then(|d| d.get(k))
            .and_then(Value::as_str)
            .map(crate::spec::text::sanitize_lines)
            .map(|t| t.into_owned())
    };
    m.body = text("message");
    m.headline = text("name");
    m.description = text("description");
    m.image = text("image_hash");
    m.button = data
        .and_then(|d| d.pointer("/call_to_action/type"))
        .and_then(Value::as_str)
        .and_then(preview::cta_label);
    m
}

/// How `img` shows in `family`, as `spec::preview` says.
fn fit_of(img: &crate::spec::ImageAsset, family: &Family) -> Fit {
    match preview::image_fit(img, family) {
        ImageFit::Exact(k) | ImageFit::OwnCrop(k) => img
            .image_crops
            .iter()
            .flat_map(|c| c.0.iter())
            .find(|(key, _)| key.known() == Some(k))
            .map_or(Fit::Centre, |(_, b)| Fit::Crop(*b)),
        ImageFit::Fallback(Fallback::Bars) => Fit::Whole,
        ImageFit::Fallback(Fallback::CentreCut(_)) => Fit::Centre,
    }
}

/// The image in the family's shape (`ratio`), fitted as `fit` says; `size` is the image's own,
/// from its bytes, without which a crop falls back to the centre.
fn image_html(hash: &str, ratio: &str, fit: Fit, size: Option<(u32, u32)>) -> String {
    let src = format!("/_sandbox/adimages/{}", escape(hash));
    let frame = format!("class=\"frame\" style=\"aspect-ratio:{ratio}\"");
    match (fit, size) {
        (Fit::Crop([[x0, y0], [x1, y1]]), Some((w, h))) if x1 > x0 && y1 > y0 => {
            // The image scaled so the box fills the frame, moved so the box is at its corner:
            // percentages of the frame (left/width of its width, top/height of its height).
            let (bw, bh) = ((x1 - x0) as f64, (y1 - y0) as f64);
            format!(
                "<div {frame}><img class=\"crop\" style=\"left:{:.3}%;top:{:.3}%;width:{:.3}%;height:{:.3}%\" src=\"{src}\" alt=\"the ad's image\"></div>",
                // `+ 0.0`: a box at the corner is `0.000%`, not `-0.000%`.
                -100.0 * x0 as f64 / bw + 0.0,
                -100.0 * y0 as f64 / bh + 0.0,
                100.0 * f64::from(w) / bw,
                100.0 * f64::from(h) / bh,
            )
        }
        (Fit::Whole, _) => {
            format!("<div {frame}><img class=\"whole\" src=\"{src}\" alt=\"the ad's image\"></div>")
        }
        _ => {
            format!("<div {frame}><img class=\"cover\" src=\"{src}\" alt=\"the ad's image\"></div>")
        }
    }
}

const STYLE: &str = "body{margin:0;font:15px/1.35 system-ui,sans-serif;background:#f0f2f5;color:#050505}\
.ad{background:#fff;margin:8px;border-radius:8px;overflow:hidden;box-shadow:0 1px 2px rgba(0,0,0,.2)}\
.head{display:flex;align-items:center;gap:8px;padding:10px 12px}\
.pic{width:36px;height:36px;border-radius:50%;background:#bcc0c4}\
.page{font-weight:600}.sponsored{font-size:12px;color:#65676b}\
.body{padding:0 12px 10px;white-space:pre-wrap}\
.media{width:100%;background:#ddd;display:block;object-fit:cover}\
.frame{position:relative;width:100%;overflow:hidden;background:#333}\
.frame img{position:absolute;display:block}.frame .cover,.frame .whole{inset:0;width:100%;height:100%}\
.frame .cover{object-fit:cover}.frame .whole{object-fit:contain}\
.nomedia{display:flex;align-items:center;justify-content:center;color:#65676b}\
.foot{display:flex;align-items:center;gap:8px;padding:10px 12px;background:#f0f2f5}\
.texts{flex:1;min-width:0}.link{font-size:12px;color:#65676b;text-transform:uppercase}\
.headline{font-weight:600}.description{font-size:13px;color:#65676b}\
.cta{padding:8px 12px;border-radius:6px;background:#e4e6eb;font-weight:600;white-space:nowrap}\
.story{background:#000;color:#fff}.story .foot{background:transparent}";

/// The HTML page of a preview. `[sandbox's own]` layout, Meta's elements.
fn page_html(p: &super::preview_store::StoredPreview, state: &State) -> String {
    let family = family_of(&p.ad_format);
    let m = mock(&p.creative, family);
    let opt = |class: &str, v: &Option<String>| {
        v.as_ref()
            .map(|t| format!("<div class=\"{class}\">{}</div>", escape(t)))
            .unwrap_or_default()
    };
    let ratio = aspect(family);
    let media = match (&m.image, m.video) {
        (Some(hash), _) => {
            let size = state
                .image_bytes
                .get(hash)
                .and_then(|b| imagesize::blob_size(b).ok())
                .and_then(|s| Some((u32::try_from(s.width).ok()?, u32::try_from(s.height).ok()?)));
            image_html(hash, ratio, m.fit.unwrap_or(Fit::Centre), size)
        }
        (None, true) => {
            format!("<div class=\"media nomedia\" style=\"aspect-ratio:{ratio}\">video</div>")
        }
        (None, false) => String::new(),
    };
    let story = if family.id == FamilyId::StoriesReels {
        " story"
    } else {
        ""
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Ad preview · {format} · dcw sandbox</title><style>{STYLE}</style></head>\n<body><div class=\"ad{story}\" data-ad-format=\"{format}\">\
<div class=\"head\"><div class=\"pic\"></div><div><div class=\"page\">{page}</div><div class=\"sponsored\">Sponsored</div></div></div>\
{body}{media}<div class=\"foot\"><div class=\"texts\">{link}{headline}{description}</div>{button}</div></div>\
<p class=\"sponsored\" style=\"margin:8px\">{label} · {format} · a mock drawn by dcw's sandbox, not Meta's rendering</p></body></html>\n",
        format = escape(&p.ad_format),
        page = escape(&m.page),
        body = opt("body", &m.body),
        link = opt("link", &m.link),
        headline = opt("headline", &m.headline),
        description = opt("description", &m.description),
        button = opt("cta", &m.button),
        label = escape(family.label),
    )
}

fn respond(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response<Body> {
    let mut resp = Response::new(Body::from(body));
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"),
    );
    resp
}

fn not_found(what: &str) -> Response<Body> {
    respond(
        StatusCode::NOT_FOUND,
        "text/plain; charset=utf-8",
        format!("{what} is not in this sandbox (previews and image bytes are bounded; the oldest are dropped)\n").into_bytes(),
    )
}

/// `GET /_sandbox/previews/<id>`: the preview's page, `text/html; charset=utf-8`.
pub fn page_response(state: &State, id: &str) -> Response<Body> {
    match state.previews.get(id) {
        Some(p) => respond(
            StatusCode::OK,
            "text/html; charset=utf-8",
            page_html(p, state).into_bytes(),
        ),
        None => not_found("that preview"),
    }
}

/// The media type of an image's bytes, by its first bytes.
fn image_type(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(b"\x89PNG") {
        "image/png"
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        "image/jpeg"
    } else if bytes.starts_with(b"GIF8") {
        "image/gif"
    } else if bytes.len() > 12 && &bytes[8..12] == b"WEBP" {
        "image/webp"
    } else {
        "application/octet-stream"
    }
}

/// `GET /_sandbox/adimages/<hash>`: the uploaded image's bytes.
pub fn image_response(state: &State, hash: &str) -> Response<Body> {
    match state.image_bytes.get(hash) {
        Some(b) => respond(StatusCode::OK, image_type(b), b.to_vec()),
        None => not_found("that image"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_turns_markup_into_text() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn the_answer_is_an_iframe_with_amp_in_its_src() {
        let a = answer("http://127.0.0.1:9", "p1", "INSTAGRAM_STORY", "1");
        let body = a["data"][0]["body"].as_str().unwrap();
        assert!(body.starts_with("<iframe src=\"http://127.0.0.1:9/_sandbox/previews/p1?ad_format=INSTAGRAM_STORY&amp;t=act_1\""), "{body}");
        assert!(body.contains("width=\"360\" height=\"640\""), "{body}");
    }
}
