//! Simulated ad review: one table of keyword rules, decided when an ad is created and shown once
//! the review delay has passed; the statuses Graph derives from it; and the few checks of the
//! synchronous dry run (`synchronous_ad_review`), which never runs the keyword table.

use serde_json::{Map, Value, json};

use super::state::{Decision, Kind, Object, State};

/// A review rule: a reason code, the phrases that trigger it (case-insensitive, whole words, a
/// trailing "s" allowed), and the sentence Meta-style feedback gives.
pub struct Rule {
    pub reason: &'static str,
    pub phrases: &'static [&'static str],
    pub sentence: &'static str,
}

/// The sandbox's review policy. README.md documents this table.
pub const RULES: &[Rule] = &[
    Rule {
        reason: "ALCOHOL",
        phrases: &["beer", "wine", "vodka", "whisky", "whiskey", "alcohol"],
        sentence: "Your ad may not be approved because it promotes alcohol. How to fix: remove references to alcoholic drinks, or target only countries and ages where alcohol ads are allowed.",
    },
    Rule {
        reason: "TOBACCO",
        phrases: &["cigarette", "vape", "tobacco"],
        sentence: "Ads must not promote the sale or use of tobacco or vaping products. How to fix: remove the tobacco or vape content.",
    },
    Rule {
        reason: "WEAPONS",
        phrases: &["gun", "ammo", "firearm"],
        sentence: "Ads must not promote the sale or use of weapons, ammunition or explosives. How to fix: remove the weapon content.",
    },
    Rule {
        reason: "PERSONAL_ATTRIBUTES",
        phrases: &["are you overweight", "your debt"],
        sentence: "Ads must not assert or imply personal attributes, such as weight or financial status. How to fix: speak about the product, not the person.",
    },
    Rule {
        reason: "MISLEADING_CLAIMS",
        phrases: &["guaranteed", "miracle", "100% free money"],
        sentence: "Ads must not make deceptive, false or misleading claims. How to fix: remove promises of guaranteed results or miracles.",
    },
];

/// Whether `text` contains `phrase` as whole words (a plural "s" allowed), ignoring case.
pub fn mentions(text: &str, phrase: &str) -> bool {
    let hay = text.to_lowercase();
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut from = 0;
    while let Some(pos) = hay[from..].find(phrase) {
        let start = from + pos;
        let end = start + phrase.len();
        let before = hay[..start].chars().next_back();
        let mut after_chars = hay[end..].chars();
        let after = after_chars.next();
        let ok_after = !is_word(after) || (after == Some('s') && !is_word(after_chars.next()));
        let starts_word = !phrase.starts_with(char::is_alphanumeric) || !is_word(before);
        let ends_word = !phrase.ends_with(char::is_alphanumeric) || ok_after;
        if starts_word && ends_word {
            return true;
        }
        from = start + phrase.chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// The reasons a text triggers, in table order.
pub fn reasons_for(text: &str) -> Vec<&'static str> {
    RULES
        .iter()
        .filter(|r| r.phrases.iter().any(|p| mentions(text, p)))
        .map(|r| r.reason)
        .collect()
}

/// The sentence for a reason code.
pub fn sentence(reason: &str) -> &'static str {
    RULES
        .iter()
        .find(|r| r.reason == reason)
        .map_or("Your ad does not follow our Advertising Standards.", |r| {
            r.sentence
        })
}

/// A host that cannot resolve: a reserved top-level domain (RFC 2606/6761).
fn resolves(link: &str) -> bool {
    match url::Url::parse(link) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => u.host_str().is_some_and(|h| {
            let h = h.trim_end_matches('.');
            !(h.ends_with(".invalid") || h.ends_with(".test") || h == "invalid" || h == "test")
        }),
        _ => false,
    }
}

/// What the synchronous dry run (`execution_options=["validate_only","synchronous_ad_review"]`)
/// finds in a creative. Meta: it "performs Ads Integrity validations, which include message
/// language checking, image 20% text rule, and so on" and "does not represent the final
/// decision made during full review". The keyword table above is the full review's: it never
/// runs here. The sandbox's own readings of the two checks it can make on text:
/// - message language: a text asset with no letter in any script (`"!!!"`, `"123"`) cannot be
///   read as any language;
/// - malformed links: a link URL that is not an absolute http(s) URL with a host.
///
/// The image 20% text rule is not checked: the sandbox does not read text in images, and Meta
/// documents no answer for it (no field, no code), so the sandbox gives none rather than invent
/// one; it never refuses here.
/// Returns the first finding: (the asset's list and index, the sentence).
pub fn synchronous_findings(creative: &Object) -> Option<(String, usize, String)> {
    let feed = creative.fields.get("asset_feed_spec")?;
    for (list, key) in ASSET_KINDS.iter().take(3) {
        let items = feed.get(*list).and_then(Value::as_array);
        for (i, item) in items.into_iter().flatten().enumerate() {
            if let Some(text) = item.get(*key).and_then(Value::as_str)
                && !text.chars().any(char::is_alphabetic)
            {
                return Some((
                    list.to_string(),
                    i,
                    format!(
                        "The text \"{text}\" is in no language our review can read: write it in words."
                    ),
                ));
            }
        }
    }
    let links = feed.get("link_urls").and_then(Value::as_array);
    for (i, l) in links.into_iter().flatten().enumerate() {
        if let Some(u) = l.get("website_url").and_then(Value::as_str)
            && !well_formed(u)
        {
            return Some((
                "link_urls".into(),
                i,
                format!("The link \"{u}\" is malformed: use an absolute http(s) URL."),
            ));
        }
    }
    None
}

/// An absolute http(s) URL with a host (whether it resolves is the full review's question).
fn well_formed(link: &str) -> bool {
    url::Url::parse(link)
        .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
}

/// The asset kinds of a feed in the order their ids are numbered: (list, key of its value).
/// Review feedback and insights rows name an asset by the same id.
pub const ASSET_KINDS: &[(&str, &str)] = &[
    ("bodies", "text"),
    ("titles", "text"),
    ("descriptions", "text"),
    ("link_urls", "website_url"),
    ("images", "hash"),
    ("call_to_action_types", ""),
    ("ad_formats", ""),
    ("videos", "video_id"),
];

/// A creative's number in asset ids.
pub fn creative_seq(creative: &Object) -> u64 {
    creative.id.parse::<u64>().unwrap_or(0) % 1_000_000
}

/// The stable id of the `index`th asset of kind `kind` (a position in `ASSET_KINDS`).
pub fn asset_id(seq: u64, kind: usize, index: usize) -> u64 {
    23_842_500_000_000_000 + seq * 1000 + (kind as u64) * 100 + index as u64
}

/// Each text asset of a creative's feed with a stable numeric id: (id, text).
fn text_assets(creative: &Object, seq: u64) -> Vec<(u64, String)> {
    let feed = creative.fields.get("asset_feed_spec");
    let mut out = Vec::new();
    for (t, (list, key)) in ASSET_KINDS.iter().enumerate().take(4) {
        let items = feed.and_then(|f| f.get(*list)).and_then(Value::as_array);
        for (i, item) in items.into_iter().flatten().enumerate() {
            if let Some(text) = item.get(*key).and_then(Value::as_str) {
                out.push((asset_id(seq, t, i), text.to_string()));
            }
        }
    }
    out
}

/// Each video of a creative's feed with its asset id and the title it was uploaded with (the
/// review reads a video by its title [sandbox's own: it sees no frames]): (id, video_id, title).
fn video_assets(
    creative: &Object,
    seq: u64,
    video_title: &dyn Fn(&str) -> Option<String>,
) -> Vec<(u64, String, String)> {
    let kind = ASSET_KINDS
        .iter()
        .position(|(l, _)| *l == "videos")
        .unwrap_or(0);
    let items = creative
        .fields
        .get("asset_feed_spec")
        .and_then(|f| f.get("videos"))
        .and_then(Value::as_array);
    let mut out = Vec::new();
    for (i, item) in items.into_iter().flatten().enumerate() {
        let Some(video) = item.get("video_id").and_then(|v| {
            v.as_str()
                .map(str::to_string)
                .or_else(|| v.as_u64().map(|n| n.to_string()))
        }) else {
            continue;
        };
        if let Some(title) = video_title(&video) {
            out.push((asset_id(seq, kind, i), video, title));
        }
    }
    out
}

/// Decides an ad's review from its creative: its texts, and its videos by their titles
/// (`video_title` reads a video's title by its id).
pub fn decide(
    creative: &Object,
    seq: u64,
    video_title: &dyn Fn(&str) -> Option<String>,
) -> Decision {
    let mut assets = Vec::new();
    let mut all: Vec<String> = Vec::new();
    let texts = text_assets(creative, seq)
        .into_iter()
        .map(|(id, text)| (id, None, text));
    let videos = video_assets(creative, seq, video_title)
        .into_iter()
        .map(|(id, video, title)| (id, Some(video), title));
    for (id, video, text) in texts.chain(videos) {
        let reasons = reasons_for(&text);
        if !reasons.is_empty() {
            for r in &reasons {
                if !all.iter().any(|a| a == r) {
                    all.push(r.to_string());
                }
            }
            // A video is named by its id: `{"id", "video_id", "reason"}` [sandbox's own shape;
            // Meta documents none for a rejected video].
            assets.push(match video {
                None => json!({"id": id, "text": text, "reason": reasons}),
                Some(v) => json!({"id": id, "video_id": v, "reason": reasons}),
            });
        }
    }
    if !assets.is_empty() {
        return Decision::Disapproved {
            assets,
            reasons: all,
        };
    }
    let links = creative
        .fields
        .get("asset_feed_spec")
        .and_then(|f| f.get("link_urls"))
        .and_then(Value::as_array);
    for l in links.into_iter().flatten() {
        if let Some(u) = l.get("website_url").and_then(Value::as_str)
            && !resolves(u)
        {
            return Decision::WithIssues {
                link: u.to_string(),
            };
        }
    }
    Decision::Approved
}

fn configured(o: &Object) -> &str {
    o.str_field("status").unwrap_or("ACTIVE")
}

/// `effective_status` as Graph derives it from the object, its parents and its review.
pub fn effective_status(state: &State, o: &Object, now_ms: u64) -> String {
    let own = configured(o);
    if matches!(own, "DELETED" | "ARCHIVED") {
        return own.to_string();
    }
    let campaign_paused = |id: Option<&str>| {
        id.and_then(|c| state.get(c))
            .is_some_and(|c| configured(c) == "PAUSED")
    };
    match o.kind {
        Kind::Campaign => own.to_string(),
        Kind::AdSet => {
            if own == "PAUSED" {
                "PAUSED".into()
            } else if campaign_paused(o.str_field("campaign_id")) {
                "CAMPAIGN_PAUSED".into()
            } else {
                "ACTIVE".into()
            }
        }
        Kind::Ad => {
            if let Some(r) = &o.review {
                if now_ms < r.due_ms {
                    return "PENDING_REVIEW".into();
                }
                match r.decision {
                    Decision::Disapproved { .. } => return "DISAPPROVED".into(),
                    Decision::WithIssues { .. } => return "WITH_ISSUES".into(),
                    Decision::Approved => {}
                }
            }
            let adset = o.str_field("adset_id").and_then(|a| state.get(a));
            if own == "PAUSED" {
                "PAUSED".into()
            } else if campaign_paused(o.str_field("campaign_id")) {
                "CAMPAIGN_PAUSED".into()
            } else if adset.is_some_and(|a| configured(a) == "PAUSED") {
                "ADSET_PAUSED".into()
            } else {
                "ACTIVE".into()
            }
        }
        Kind::Creative | Kind::Image | Kind::Video => "ACTIVE".into(),
    }
}

/// When an object last changed, as `updated_time` and `updated_since` read it: its last write,
/// or the moment its review ended when that is later (the status changed then).
pub fn updated_ms(o: &Object, now_ms: u64) -> u64 {
    match &o.review {
        Some(r) if r.due_ms <= now_ms => o.updated_ms.max(r.due_ms),
        _ => o.updated_ms,
    }
}

/// The review of an ad once it is visible.
fn visible(o: &Object, now_ms: u64) -> Option<&Decision> {
    o.review
        .as_ref()
        .filter(|r| now_ms >= r.due_ms)
        .map(|r| &r.decision)
}

/// Whether an ad's latest review has ended DISAPPROVED.
pub fn rejected(o: &Object, now_ms: u64) -> bool {
    matches!(visible(o, now_ms), Some(Decision::Disapproved { .. }))
}

/// An ad set's `review_feedback`: a JSON **string**, `"[]"` when its ad passed (or is still in
/// review), else the list of offending assets.
pub fn ad_set_review_feedback(state: &State, adset: &Object, now_ms: u64) -> Value {
    let ad = state
        .children("adset_id", &adset.id, Kind::Ad)
        .filter(|a| !matches!(configured(a), "DELETED" | "ARCHIVED"))
        .last();
    match ad.and_then(|a| visible(a, now_ms)) {
        Some(Decision::Disapproved { assets, .. }) => {
            Value::String(Value::Array(assets.clone()).to_string())
        }
        _ => Value::String("[]".into()),
    }
}

/// An ad's `ad_review_feedback`: `{"global": {REASON: sentence}}` when disapproved, else `{}`.
pub fn ad_review_feedback(o: &Object, now_ms: u64) -> Value {
    match visible(o, now_ms) {
        Some(Decision::Disapproved { reasons, .. }) => {
            let global: Map<String, Value> = reasons
                .iter()
                .map(|r| (r.clone(), Value::String(sentence(r).to_string())))
                .collect();
            json!({ "global": global })
        }
        _ => json!({}),
    }
}

/// An ad's `issues_info`, present when its link does not resolve. The keys and `error_type`
/// are Meta's (`AdgroupIssuesInfo`); the `error_code` and the sentences are the sandbox's own,
/// as Meta does not document which code this issue carries.
pub fn issues_info(o: &Object, now_ms: u64) -> Option<Value> {
    match visible(o, now_ms) {
        Some(Decision::WithIssues { link }) => Some(json!([{
            "level": "AD",
            "error_code": 1_487_000,
            "error_summary": "Destination URL not reachable",
            "error_message": format!("The link {link} in this ad's creative could not be reached, so the ad cannot deliver. Use a working http(s) URL."),
            "error_type": "HARD_ERROR",
            "mid": o.id,
        }])),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_match_whole_words_and_plurals_only() {
        assert!(mentions("Craft BEER for everyone", "beer"));
        assert!(mentions("two beers", "beer"));
        assert!(!mentions("begun", "gun"));
        assert!(!mentions("ammonia", "ammo"));
        assert!(mentions("Get 100% free money now", "100% free money"));
        assert!(mentions("Are you overweight?", "are you overweight"));
        assert_eq!(
            reasons_for("Guaranteed cheap vape"),
            ["TOBACCO", "MISLEADING_CLAIMS"]
        );
        assert!(reasons_for("Boots for real winters").is_empty());
    }

    #[test]
    fn well_formed_links_are_absolute_http_urls_with_a_host() {
        assert!(
            well_formed("https://shop.invalid/"),
            "malformed is not unreachable"
        );
        assert!(!well_formed("shop.example.com/winter"));
        assert!(!well_formed("ftp://shop.example.com/"));
        assert!(!well_formed("https://"));
    }

    #[test]
    fn reserved_domains_do_not_resolve() {
        assert!(resolves("https://shop.example.com/winter"));
        assert!(!resolves("https://shop.invalid/"));
        assert!(!resolves("http://broken.test"));
        assert!(!resolves("mailto:a@b.c"));
    }
}
