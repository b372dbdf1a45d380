//! Asset results: how each asset of a dynamic-creative ad did, from the insights breakdowns
//! (`GET /<ad_id>/insights?breakdowns=body_asset`, one breakdown per call), joined to the
//! launch's own feed so the buyer reads `Body 2 «Our warmest boots…»` rather than Meta's asset
//! id. Reading never fails: numbers come as strings (or numbers), odd rows are shown raw or
//! skipped.

use serde_json::Value;

use super::assets::{AssetFiles, AssetRef, text_assets};
use crate::graph::{CallError, GraphClient};

/// The asset breakdowns dcw reads, one call each.
pub const BREAKDOWNS: [&str; 8] = [
    "body_asset",
    "title_asset",
    "description_asset",
    "image_asset",
    "video_asset",
    "call_to_action_asset",
    "link_url_asset",
    "ad_format_asset",
];

/// The breakdowns worth reading for an ad with `feed`: videos only when the feed has some (most
/// dynamic-creative feeds are images, and a read of a breakdown that cannot have rows is a
/// wasted call); every breakdown when the feed is not known.
pub fn breakdowns_for(feed: Option<&Value>) -> Vec<&'static str> {
    BREAKDOWNS
        .iter()
        .copied()
        .filter(|b| {
            *b != "video_asset"
                || feed.is_none_or(|f| {
                    f.get("videos")
                        .and_then(Value::as_array)
                        .is_some_and(|v| !v.is_empty())
                })
        })
        .collect()
}

/// The metrics Meta gives with the asset breakdowns.
pub const FIELDS: &str = "impressions,clicks,spend,reach,actions";

/// How one asset did.
#[derive(Debug, Clone, PartialEq)]
pub struct AssetResult {
    /// `Body 2 «…»` (`Video 2 «run.mp4»`) when joined to the feed, else Meta's text, hash,
    /// link or name.
    pub label: String,
    /// The feed's asset, when the row was joined to it.
    pub asset: Option<AssetRef>,
    /// The video's id or the image's hash the row names (`video_asset`, `image_asset`), to
    /// name it by its file (`name_files`).
    pub media_id: Option<String>,
    pub impressions: u64,
    pub clicks: u64,
    /// As Graph gave it (`"12.34"`, in the account's currency).
    pub spend: String,
    /// The spend × 100 (cents for most currencies), for sorting and bars.
    pub spend_minor: i64,
    pub reach: u64,
    /// clicks / impressions × 100; 0 without impressions.
    pub ctr: f64,
    /// `actions` as Meta gives them: (`action_type`, value). Never summed: the types overlap
    /// (`purchase`, `omni_purchase` and `offsite_conversion.fb_pixel_purchase` count the same
    /// purchases).
    pub actions: Vec<(String, u64)>,
}

impl AssetResult {
    /// Names a video or image row by the file it was uploaded from (the launch journal), when
    /// `files` knows its id or hash: `Video 2 «run.mp4»` in the feed, `run.mp4` outside it.
    pub fn name_files(&mut self, files: &AssetFiles) {
        let Some(file) = self.media_id.as_deref().and_then(|id| files.file(id)) else {
            return;
        };
        match &mut self.asset {
            Some(a) => {
                a.name = Some(file.to_string());
                self.label = a.describe();
            }
            None => self.label = file.to_string(),
        }
    }
}

/// A breakdown's label for people: `Bodies`, `Images`, `Calls to action`.
pub fn title(breakdown: &str) -> &'static str {
    match breakdown {
        "body_asset" => "Bodies",
        "title_asset" => "Titles",
        "description_asset" => "Descriptions",
        "image_asset" => "Images",
        "video_asset" => "Videos",
        "call_to_action_asset" => "Calls to action",
        "link_url_asset" => "Links",
        "ad_format_asset" => "Ad formats",
        _ => "Assets",
    }
}

/// The rows of one breakdown's answer (`{"data": [...]}`, or a bare list of rows), each joined
/// to `feed` (the `asset_feed_spec` the launch sent, images by hash) when it can be, best first:
/// by clicks, then CTR, then impressions. Never panics.
pub fn parse_rows(breakdown: &str, answer: &Value, feed: Option<&Value>) -> Vec<AssetResult> {
    let rows = match answer {
        Value::Array(rows) => rows.as_slice(),
        other => other
            .get("data")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice),
    };
    let mut out: Vec<AssetResult> = rows
        .iter()
        .filter_map(|row| parse_row(breakdown, row, feed))
        .collect();
    out.sort_by(|a, b| {
        b.clicks
            .cmp(&a.clicks)
            .then(b.ctr.total_cmp(&a.ctr))
            .then(b.impressions.cmp(&a.impressions))
    });
    out
}

fn parse_row(breakdown: &str, row: &Value, feed: Option<&Value>) -> Option<AssetResult> {
    let row = row.as_object()?;
    let value = row.get(breakdown).filter(|v| !v.is_null());
    let asset = value.and_then(|v| join(breakdown, v, feed?));
    let media_key = match breakdown {
        "video_asset" => Some("video_id"),
        "image_asset" => Some("hash"),
        _ => None,
    };
    let media_id = media_key.and_then(|k| value?.get(k).and_then(text));
    let label = match (&asset, value) {
        (Some(a), _) => a.describe(),
        (None, Some(v)) => own_label(breakdown, v),
        (None, None) => "(not named)".to_string(),
    };
    let impressions = count(row.get("impressions"));
    let clicks = count(row.get("clicks"));
    let (spend, spend_minor) = money(row.get("spend"));
    let ctr = if impressions == 0 {
        0.0
    } else {
        clicks as f64 / impressions as f64 * 100.0
    };
    let actions = row
        .get("actions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|a| {
            let kind = a.get("action_type").and_then(text)?;
            Some((kind, count(a.get("value"))))
        })
        .collect();
    Some(AssetResult {
        label,
        asset,
        media_id,
        impressions,
        clicks,
        spend,
        spend_minor,
        reach: count(row.get("reach")),
        ctr,
        actions,
    })
}

/// The keys a row's asset may name itself by, most telling first.
const NAME_KEYS: [&str; 9] = [
    "text",
    "website_url",
    "name",
    "value",
    "call_to_action_type",
    "ad_format",
    "type",
    "hash",
    "url",
];

/// What Meta says the asset is, when it is not in the feed: its text, link, name or hash; an
/// image by hash first, a video by name or id; anything else shown raw.
fn own_label(breakdown: &str, v: &Value) -> String {
    if let Some(s) = text(v) {
        return s;
    }
    let keys: &[&str] = match breakdown {
        "image_asset" => &["hash", "name", "url", "id"],
        "video_asset" => &["video_name", "video_id", "url", "id"],
        _ => &NAME_KEYS,
    };
    keys.iter()
        .find_map(|k| v.get(*k).and_then(text))
        .or_else(|| v.get("id").and_then(text))
        .unwrap_or_else(|| short(&v.to_string(), 60))
}

/// A string, or a number as text.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('…');
        t
    }
}

/// The feed's asset a row names: texts by text, images by hash, videos by id (named by Meta's
/// `video_name` until `name_files` knows the file), links by URL (a trailing slash aside).
/// Calls to action and ad formats are labels of their own.
fn join(breakdown: &str, v: &Value, feed: &Value) -> Option<AssetRef> {
    let kind = match breakdown {
        "body_asset" => "bodies",
        "title_asset" => "titles",
        "description_asset" => "descriptions",
        "link_url_asset" => "link_urls",
        "video_asset" => {
            let id = v.get("video_id").and_then(|i| {
                i.as_str()
                    .map(str::to_string)
                    .or_else(|| Some(i.to_string()))
            })?;
            let videos = feed.get("videos").and_then(Value::as_array)?;
            let index = videos.iter().position(|video| {
                video
                    .get("video_id")
                    .is_some_and(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string) == id)
            })?;
            return Some(AssetRef {
                kind: "videos",
                index,
                text: id,
                name: v.get("video_name").and_then(text),
            });
        }
        "image_asset" => {
            let hash = v.get("hash").and_then(Value::as_str)?.trim();
            let images = feed.get("images").and_then(Value::as_array)?;
            let index = images.iter().position(|img| {
                img.get("hash").and_then(Value::as_str).map(str::trim) == Some(hash)
            })?;
            return Some(AssetRef {
                kind: "images",
                index,
                text: hash.to_string(),
                name: None,
            });
        }
        _ => return None,
    };
    let key = if kind == "link_urls" {
        "website_url"
    } else {
        "text"
    };
    let wanted = v
        .get(key)
        .and_then(Value::as_str)
        .or_else(|| v.as_str())?
        .trim();
    let same = |a: &str| {
        let a = a.trim();
        a == wanted
            || (kind == "link_urls" && a.trim_end_matches('/') == wanted.trim_end_matches('/'))
    };
    text_assets(feed)
        .into_iter()
        .find(|a| a.kind == kind && same(&a.text))
}

/// A count as Graph gives it: `"8801"`, `8801`, `"12.0"`; anything else (missing, negative,
/// not a number) is 0.
fn count(v: Option<&Value>) -> u64 {
    let f = match v {
        Some(Value::String(s)) => {
            let s = s.trim();
            if let Ok(n) = s.parse::<u64>() {
                return n;
            }
            s.parse::<f64>().ok()
        }
        Some(Value::Number(n)) => {
            if let Some(n) = n.as_u64() {
                return n;
            }
            n.as_f64()
        }
        _ => None,
    };
    match f {
        // `as` saturates at u64::MAX.
        Some(f) if f.is_finite() && f > 0.0 => f.round() as u64,
        _ => 0,
    }
}

/// The spend as Graph gave it, and × 100 in whole units (rounded), for sorting.
fn money(v: Option<&Value>) -> (String, i64) {
    let shown = match v {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return ("0".into(), 0),
    };
    (shown.clone(), minor(&shown))
}

/// `"12.345"` → 1235; `"7"` → 700; unreadable → 0. Decimal text, so no float rounding surprises.
fn minor(s: &str) -> i64 {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() && frac.is_empty() || !all_digits(whole) || !all_digits(frac) {
        // Exponents and the like: read as a float.
        return s
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map_or(0, |f| (f * 100.0).round() as i64);
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().unwrap_or(i64::MAX / 100)
    };
    let mut f = frac.chars().map(|c| c as i64 - '0' as i64);
    let cents = f.next().unwrap_or(0) * 10 + f.next().unwrap_or(0);
    let round = i64::from(f.next().is_some_and(|d| d >= 5));
    let n = whole.saturating_mul(100).saturating_add(cents + round);
    if neg { -n } else { n }
}

/// The ad's creative as Graph reads it, `{id, asset_feed_spec}` (`null` when the ad has none).
pub async fn ad_creative(
    client: &GraphClient,
    account: &str,
    ad_id: &str,
) -> Result<Value, CallError> {
    let v = client
        .object(account, ad_id, "creative{id,asset_feed_spec}")
        .await?;
    Ok(v.get("creative").cloned().unwrap_or(Value::Null))
}

/// The `asset_feed_spec` the ad's creative shows, to name the assets of its results; `None`
/// when it cannot be read (the results then name assets by Graph's ids).
pub async fn ad_feed(client: &GraphClient, account: &str, ad_id: &str) -> Option<Value> {
    ad_creative(client, account, ad_id)
        .await
        .ok()
        .and_then(|c| c.get("asset_feed_spec").cloned())
}

/// One breakdown of an ad, every page, charged to `account`; joined to `feed` and sorted best
/// first (see `parse_rows`).
pub async fn fetch(
    client: &GraphClient,
    account: &str,
    ad_id: &str,
    breakdown: &str,
    feed: Option<&Value>,
) -> Result<Vec<AssetResult>, CallError> {
    let params = [
        ("breakdowns", breakdown),
        ("fields", FIELDS),
        ("date_preset", "maximum"),
        ("limit", "500"),
    ];
    let mut rows: Vec<Value> = Vec::new();
    let mut pages = 0;
    client
        .ad_insights(account, ad_id, &params, &mut pages, |items| {
            rows.extend(items)
        })
        .await?;
    Ok(parse_rows(breakdown, &Value::Array(rows), feed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn feed() -> Value {
        json!({
            "images": [{"hash": "aaa111"}, {"hash": "bbb222"}],
            "titles": [{"text": "Warm boots"}, {"text": "Built for snow"}],
            "bodies": [{"text": "Our warmest boots are back."}, {"text": "Free returns all winter."}],
            "descriptions": [{"text": "Ships today"}],
            "link_urls": [{"website_url": "https://shop.example.com/winter/"}],
            "call_to_action_types": ["SHOP_NOW"],
            "ad_formats": ["SINGLE_IMAGE"]
        })
    }

    #[test]
    fn documented_body_rows_join_to_the_feed_and_sort_best_first() {
        // The shape of DOC-INS: numbers as strings, the asset as {text, id}.
        let answer = json!({"data": [
            {"impressions": "8801", "clicks": "40", "spend": "12.34", "reach": "7000",
             "actions": [{"action_type": "link_click", "value": "40"}, {"action_type": "purchase", "value": "3"}],
             "date_start": "2016-04-29", "date_stop": "2016-05-13",
             "body_asset": {"text": "Our warmest boots are back.", "id": "6051732675652"}},
            {"impressions": "5000", "clicks": "90", "spend": "20", "reach": "4100",
             "date_start": "2016-04-29", "date_stop": "2016-05-13",
             "body_asset": {"text": "Free returns all winter.", "id": "6051732675653"}}
        ], "paging": {"cursors": {"before": "a", "after": "b"}}});
        let rows = parse_rows("body_asset", &answer, Some(&feed()));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].label, "Body 2 «Free returns all winter.»");
        assert_eq!(rows[0].clicks, 90);
        assert_eq!(rows[0].spend, "20");
        assert_eq!(rows[0].spend_minor, 2000);
        assert!(rows[0].actions.is_empty());
        let b = &rows[1];
        assert_eq!(b.label, "Body 1 «Our warmest boots are back.»");
        assert_eq!(
            b.asset.as_ref().map(|a| (a.kind, a.index)),
            Some(("bodies", 0))
        );
        assert_eq!((b.impressions, b.clicks, b.reach), (8801, 40, 7000));
        assert_eq!(b.spend, "12.34");
        assert_eq!(b.spend_minor, 1234);
        assert_eq!(
            b.actions,
            [("link_click".to_string(), 40), ("purchase".to_string(), 3)]
        );
        assert!((b.ctr - 40.0 / 8801.0 * 100.0).abs() < 1e-9);
    }

    #[test]
    fn videos_are_read_only_for_a_feed_with_videos_and_join_by_video_id() {
        assert!(!breakdowns_for(Some(&feed())).contains(&"video_asset"));
        assert_eq!(breakdowns_for(Some(&feed())).len(), 7);
        assert_eq!(
            breakdowns_for(None),
            BREAKDOWNS.to_vec(),
            "feed unknown: all"
        );
        let with_videos = json!({"videos": [{"video_id": "111", "thumbnail_hash": "aaa"},
                                            {"video_id": "222", "thumbnail_hash": "bbb"}]});
        assert!(breakdowns_for(Some(&with_videos)).contains(&"video_asset"));
        let answer = json!({"data": [
            {"impressions": "50", "clicks": "5",
             "video_asset": {"video_id": "222", "thumbnail_url": "https://x/t.jpg", "id": "9"}},
            {"impressions": "50", "clicks": "1",
             "video_asset": {"video_id": "333", "video_name": "Teaser", "id": "8"}}
        ]});
        let rows = parse_rows("video_asset", &answer, Some(&with_videos));
        assert_eq!(rows[0].label, "Video 2 «222»");
        assert_eq!(
            rows[0].asset.as_ref().map(|a| (a.kind, a.index)),
            Some(("videos", 1))
        );
        assert_eq!(rows[1].label, "Teaser", "not in the feed: Meta's name");
    }

    #[test]
    fn images_join_by_hash_and_links_by_url() {
        let images = json!({"data": [
            {"impressions": "10", "clicks": "1", "image_asset": {"hash": "bbb222", "url": "https://x/y.jpg", "id": "1"}},
            {"impressions": "10", "clicks": "0", "image_asset": {"hash": "zzz999", "url": "https://x/z.jpg", "id": "2"}}
        ]});
        let rows = parse_rows("image_asset", &images, Some(&feed()));
        assert_eq!(
            rows[0].asset.as_ref().map(|a| a.label()),
            Some("Image 2".into())
        );
        assert_eq!(rows[1].asset, None);
        assert_eq!(rows[1].label, "zzz999", "not in the feed: Meta's hash");
        let links = json!({"data": [
            {"impressions": "3", "link_url_asset": {"website_url": "https://shop.example.com/winter", "id": "9"}}
        ]});
        let rows = parse_rows("link_url_asset", &links, Some(&feed()));
        assert_eq!(
            rows[0].asset.as_ref().map(|a| a.label()),
            Some("Link 1".into()),
            "a trailing slash aside"
        );
    }

    #[test]
    fn calls_to_action_and_formats_are_labelled_from_the_row() {
        let cta = json!({"data": [
            {"impressions": "5", "call_to_action_asset": {"name": "SHOP_NOW", "id": "1"}},
            {"impressions": "4", "call_to_action_asset": {"call_to_action_type": "LEARN_MORE"}},
            {"impressions": "3", "call_to_action_asset": "SIGN_UP"},
            {"impressions": "2", "call_to_action_asset": {"id": "77"}}
        ]});
        let labels: Vec<String> = parse_rows("call_to_action_asset", &cta, Some(&feed()))
            .into_iter()
            .map(|r| r.label)
            .collect();
        assert_eq!(labels, ["SHOP_NOW", "LEARN_MORE", "SIGN_UP", "77"]);
        let formats = json!({"data": [
            {"impressions": "9", "ad_format_asset": "SINGLE_IMAGE"},
            {"impressions": "8", "ad_format_asset": {"ad_format": "CAROUSEL", "id": "2"}},
            {"impressions": "7", "ad_format_asset": {"value": "SINGLE_VIDEO"}},
            {"impressions": "6", "ad_format_asset": {"text": "AUTOMATIC_FORMAT"}},
            {"impressions": "5", "ad_format_asset": {"odd": [1, 2]}}
        ]});
        let labels: Vec<String> = parse_rows("ad_format_asset", &formats, None)
            .into_iter()
            .map(|r| r.label)
            .collect();
        assert_eq!(
            labels,
            [
                "SINGLE_IMAGE",
                "CAROUSEL",
                "SINGLE_VIDEO",
                "AUTOMATIC_FORMAT",
                "{\"odd\":[1,2]}"
            ]
        );
    }

    #[test]
    fn malformed_rows_and_numbers_are_read_leniently() {
        let answer = json!({"data": [
            "not a row",
            null,
            [1, 2],
            {"impressions": 120, "clicks": "x", "spend": 1.5, "reach": "-4",
             "actions": [{"value": "2.6"}, {"value": null}, "junk", {"action_type": "a"}],
             "title_asset": {"text": "Warm boots"}},
            {"impressions": "1e3", "clicks": "12.0", "title_asset": null},
            {"title_asset": {"text": "Unknown title", "id": "5"}},
            {"impressions": "18446744073709551616", "spend": "99999999999999999999.99",
             "title_asset": {"id": "6"}}
        ]});
        let rows = parse_rows("title_asset", &answer, Some(&feed()));
        assert_eq!(rows.len(), 4, "rows that are not objects are skipped");
        let by = |l: &str| rows.iter().find(|r| r.label == l).unwrap();
        let t = by("Title 1 «Warm boots»");
        assert_eq!((t.impressions, t.clicks, t.reach), (120, 0, 0));
        assert_eq!((t.spend.as_str(), t.spend_minor), ("1.5", 150));
        assert_eq!(
            t.actions,
            [("a".to_string(), 0)],
            "entries without an action_type are skipped"
        );
        let unnamed = by("(not named)");
        assert_eq!((unnamed.impressions, unnamed.clicks), (1000, 12));
        let unknown = by("Unknown title");
        assert_eq!((unknown.impressions, unknown.spend.as_str()), (0, "0"));
        assert_eq!(unknown.ctr, 0.0);
        let huge = by("6");
        assert_eq!(huge.impressions, u64::MAX);
        assert!(huge.spend_minor > 0);
        assert_eq!(rows[0].label, "(not named)", "most clicks first");
    }

    #[test]
    fn answers_without_rows_are_empty() {
        for a in [
            json!(null),
            json!({}),
            json!({"data": {}}),
            json!("x"),
            json!({"error": {"code": 100}}),
        ] {
            assert!(parse_rows("body_asset", &a, None).is_empty(), "{a}");
        }
        let bare = json!([{"impressions": "1", "body_asset": {"text": "t"}}]);
        assert_eq!(parse_rows("body_asset", &bare, None)[0].label, "t");
    }

    #[test]
    fn ties_sort_by_ctr_then_impressions() {
        let answer = json!({"data": [
            {"impressions": "1000", "clicks": "10", "body_asset": {"text": "a"}},
            {"impressions": "100", "clicks": "10", "body_asset": {"text": "b"}},
            {"impressions": "0", "clicks": "0", "body_asset": {"text": "c"}},
            {"impressions": "50", "clicks": "0", "body_asset": {"text": "d"}}
        ]});
        let labels: Vec<String> = parse_rows("body_asset", &answer, None)
            .into_iter()
            .map(|r| r.label)
            .collect();
        assert_eq!(labels, ["b", "a", "d", "c"]);
    }

    #[test]
    fn spend_is_read_as_decimal_text() {
        assert_eq!(minor("12.34"), 1234);
        assert_eq!(minor("12.345"), 1235);
        assert_eq!(minor("7"), 700);
        assert_eq!(minor(".5"), 50);
        assert_eq!(minor("-1.20"), -120);
        assert_eq!(minor("1e2"), 10000);
        assert_eq!(minor(""), 0);
        assert_eq!(minor("abc"), 0);
        assert_eq!(minor("."), 0);
    }

    fn arbitrary_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            any::<u64>().prop_map(|n| json!(n)),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(|f| json!(f)),
            ".{0,12}".prop_map(Value::String),
            "[0-9.eE+-]{0,24}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            let keys = prop_oneof![
                Just("data".to_string()),
                Just("impressions".to_string()),
                Just("clicks".to_string()),
                Just("spend".to_string()),
                Just("reach".to_string()),
                Just("actions".to_string()),
                Just("value".to_string()),
                Just("text".to_string()),
                Just("hash".to_string()),
                Just("website_url".to_string()),
                Just("name".to_string()),
                Just("body_asset".to_string()),
                Just("image_asset".to_string()),
                Just("link_url_asset".to_string()),
                ".{0,6}",
            ];
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map(keys, inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn parse_rows_never_panics(answer in arbitrary_json(), feed in arbitrary_json(), b in 0usize..8) {
            let breakdown = BREAKDOWNS.get(b).copied().unwrap_or("video_asset");
            let rows = parse_rows(breakdown, &answer, Some(&feed));
            for w in rows.windows(2) {
                prop_assert!(w[0].clicks >= w[1].clicks);
            }
            let _ = parse_rows(breakdown, &json!({"data": [answer.clone()]}), Some(&answer));
            let _ = parse_rows(breakdown, &answer, None);
        }
    }
}
