//! Review feedback as Graph returns it, read leniently: an ad set's `review_feedback` (a JSON
//! string holding a list, `"[]"` when the ad passed, the Dynamic Creative guide's own malformed
//! `{ {...}, {...} }`, an object, empty, null, or anything else) and an ad's
//! `ad_review_feedback` (`global` and `placement_specific` maps of reason to sentence).
//! Reading never fails and never loses the text it was given.

use serde_json::Value;

/// One asset Meta names in an ad set's `review_feedback`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetRejection {
    /// The asset's id in the feed, as Graph wrote it (digits).
    pub id: Option<String>,
    /// The asset's text as Meta echoes it (`Body 1`, or the text itself).
    pub text: Option<String>,
    /// Reason codes (`ALCOHOL`).
    pub reasons: Vec<String>,
}

/// What an ad set's `review_feedback` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedbackState {
    /// Not there (or empty): nothing said yet.
    Absent,
    /// `"[]"`: the ad passed review.
    Passed,
    Rejected(Vec<AssetRejection>),
    /// Something dcw cannot read; the raw text is kept and shown.
    Unreadable,
}

/// `review_feedback` read, with the text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewFeedback {
    pub raw: String,
    pub state: FeedbackState,
}

/// Reads an ad set's `review_feedback` value, whatever its shape.
pub fn review_feedback(v: Option<&Value>) -> ReviewFeedback {
    let raw = match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    let state = match v {
        None | Some(Value::Null) => FeedbackState::Absent,
        Some(Value::String(s)) => from_text(s),
        Some(other) => from_value(other),
    };
    ReviewFeedback { raw, state }
}

fn from_text(s: &str) -> FeedbackState {
    let t = s.trim();
    if t.is_empty() {
        return FeedbackState::Absent;
    }
    if let Ok(v) = serde_json::from_str::<Value>(t) {
        return from_value(&v);
    }
    // The guide's sample: objects inside braces, `{ {...}, {...} }`, or objects with a
    // trailing comma; read each balanced object on its own.
    let objects = balanced_objects(t);
    let items: Vec<AssetRejection> = objects
        .iter()
        .filter_map(|o| serde_json::from_str::<Value>(o).ok())
        .filter_map(|v| rejection(&v))
        .collect();
    if items.is_empty() {
        FeedbackState::Unreadable
    } else {
        FeedbackState::Rejected(items)
    }
}

fn from_value(v: &Value) -> FeedbackState {
    match v {
        Value::Null => FeedbackState::Absent,
        Value::String(s) => from_text(s),
        Value::Array(a) if a.is_empty() => FeedbackState::Passed,
        Value::Array(a) => {
            let items: Vec<AssetRejection> = a.iter().filter_map(rejection).collect();
            if items.is_empty() {
                FeedbackState::Unreadable
            } else {
                FeedbackState::Rejected(items)
            }
        }
        Value::Object(m) if m.is_empty() => FeedbackState::Passed,
        Value::Object(m) => match rejection(v) {
            Some(r) => FeedbackState::Rejected(vec![r]),
            None => {
                // A map of something to rejections.
                let items: Vec<AssetRejection> = m.values().filter_map(rejection).collect();
                if items.is_empty() {
                    FeedbackState::Unreadable
                } else {
                    FeedbackState::Rejected(items)
                }
            }
        },
        _ => FeedbackState::Unreadable,
    }
}

/// A string as it is, or a number as text (Graph writes ids either way).
pub(crate) fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `{"id": .., "text": .., "reason": [..]}` (reason may be one string).
fn rejection(v: &Value) -> Option<AssetRejection> {
    let m = v.as_object()?;
    let reasons: Vec<String> = match m.get("reason").or_else(|| m.get("reasons")) {
        Some(Value::Array(a)) => a.iter().filter_map(scalar_text).collect(),
        Some(other) => scalar_text(other).into_iter().collect(),
        None => Vec::new(),
    };
    let id = m.get("id").and_then(scalar_text);
    let text = m.get("text").and_then(scalar_text);
    (id.is_some() || text.is_some() || !reasons.is_empty()).then_some(AssetRejection {
        id,
        text,
        reasons,
    })
}

/// The balanced `{...}` objects one level inside `text` (or at its top level when it is a
/// list of objects without brackets), skipping braces inside strings.
fn balanced_objects(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    // Where to look: inside an outer `{ ... }` whose first inner character opens an object.
    let inner = text.trim();
    let (start, end) = if inner.starts_with('{') && inner[1..].trim_start().starts_with('{') {
        let off = text.len() - text.trim_start().len();
        (off + 1, text.len())
    } else {
        (0, text.len())
    };
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut open = None;
    let mut in_string = false;
    let mut escaped = false;
    for (i, &b) in bytes.iter().enumerate().take(end).skip(start) {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' => {
                if depth == 0 {
                    open = Some(i);
                }
                depth += 1;
            }
            b'}' if depth > 0 => {
                depth -= 1;
                if depth == 0
                    && let Some(o) = open.take()
                {
                    out.push(&text[o..=i]);
                }
            }
            _ => {}
        }
    }
    out
}

/// An ad's `ad_review_feedback`: reasons across all placements and per placement.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdReviewFeedback {
    /// (reason code, Meta's sentence).
    pub global: Vec<(String, String)>,
    /// (placement, reason code, sentence).
    pub placement_specific: Vec<(String, String, String)>,
    /// The value as it came, when it was not the documented shape.
    pub raw: Option<String>,
}

/// Reads an ad's `ad_review_feedback`, whatever its shape.
pub fn ad_review_feedback(v: Option<&Value>) -> AdReviewFeedback {
    let mut out = AdReviewFeedback::default();
    let v = match v {
        None | Some(Value::Null) => return out,
        Some(Value::String(s)) => match serde_json::from_str::<Value>(s) {
            Ok(parsed) => parsed,
            Err(_) => {
                out.raw = (!s.trim().is_empty()).then(|| s.clone());
                return out;
            }
        },
        Some(v) => v.clone(),
    };
    let Some(m) = v.as_object() else {
        out.raw = Some(v.to_string());
        return out;
    };
    let pairs = |x: &Value| -> Vec<(String, String)> {
        x.as_object()
            .map(|o| {
                o.iter()
                    .map(|(k, s)| (k.clone(), scalar_text(s).unwrap_or_else(|| s.to_string())))
                    .collect()
            })
            .unwrap_or_default()
    };
    for (k, val) in m {
        match k.as_str() {
            "global" => out.global = pairs(val),
            "placement_specific" => {
                if let Some(places) = val.as_object() {
                    for (place, reasons) in places {
                        for (code, sentence) in pairs(reasons) {
                            out.placement_specific.push((place.clone(), code, sentence));
                        }
                    }
                }
            }
            _ => {
                out.raw = Some(v.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_shape_of_review_feedback_reads() {
        assert_eq!(
            review_feedback(Some(&json!("[]"))).state,
            FeedbackState::Passed
        );
        assert_eq!(review_feedback(None).state, FeedbackState::Absent);
        assert_eq!(
            review_feedback(Some(&json!(""))).state,
            FeedbackState::Absent
        );
        assert_eq!(
            review_feedback(Some(&Value::Null)).state,
            FeedbackState::Absent
        );
        let list = json!(r#"[{"id":23842500258220001,"text":"Body 1","reason":["ALCOHOL"]}]"#);
        let FeedbackState::Rejected(r) = review_feedback(Some(&list)).state else {
            panic!()
        };
        assert_eq!(r[0].id.as_deref(), Some("23842500258220001"));
        assert_eq!(r[0].reasons, ["ALCOHOL"]);
        // The guide's own sample, malformed as printed.
        let guide = json!(
            r#"{ {"id":23842500258220001,"text":"Body 1","reason":["ALCOHOL"]}, {"id":23842500258220002,"text":"Title 1","reason":["ALCOHOL"]}, }"#
        );
        let fb = review_feedback(Some(&guide));
        let FeedbackState::Rejected(r) = &fb.state else {
            panic!("{fb:?}")
        };
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].text.as_deref(), Some("Title 1"));
        assert!(fb.raw.contains("Title 1"), "the raw text is kept");
        let obj = json!({"id": "1", "text": "Title 2", "reason": "TOBACCO"});
        let FeedbackState::Rejected(r) = review_feedback(Some(&obj)).state else {
            panic!()
        };
        assert_eq!(r[0].reasons, ["TOBACCO"]);
        let odd = review_feedback(Some(&json!("under review, try later")));
        assert_eq!(odd.state, FeedbackState::Unreadable);
        assert_eq!(odd.raw, "under review, try later");
    }

    #[test]
    fn ad_review_feedback_reads_global_and_placement_reasons() {
        let v = json!({
            "global": {"ALCOHOL": "Ads may not promote alcohol. How to fix: …"},
            "placement_specific": {"instagram": {"TEXT_OVERLAY": "Too much text"}}
        });
        let f = ad_review_feedback(Some(&v));
        assert_eq!(f.global[0].0, "ALCOHOL");
        assert_eq!(
            f.placement_specific,
            [(
                "instagram".into(),
                "TEXT_OVERLAY".into(),
                "Too much text".into()
            )]
        );
        assert_eq!(
            ad_review_feedback(Some(&json!({}))),
            AdReviewFeedback::default()
        );
        assert_eq!(
            ad_review_feedback(Some(&json!("nonsense"))).raw.as_deref(),
            Some("nonsense")
        );
    }
}
