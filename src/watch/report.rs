//! `dcw watch --json`: one object per ad, and the plain table `dcw watch --once` prints.

use serde_json::{Value, json};

use super::model::{AdRow, Rejection};

/// An asset type as the feed names it (`bodies`, `titles`, `images`…), or `ad` for the whole ad.
fn rejection_json(r: &Rejection) -> Value {
    let (asset_type, label, asset) = match &r.asset {
        Some(a) => (a.kind.to_string(), Some(a.label()), Some(a.text.clone())),
        None => (
            if r.meta_text.is_some() || r.meta_id.is_some() {
                "unknown".into()
            } else {
                "ad".into()
            },
            None,
            r.meta_text.clone().or_else(|| r.meta_id.clone()),
        ),
    };
    json!({
        "asset_type": asset_type,
        "label": label,
        "asset": asset,
        // A video's or image's file, from the launch journal (null when not known).
        "file": r.asset.as_ref().and_then(|a| a.name.clone()),
        "meta_text": r.meta_text,
        "meta_id": r.meta_id,
        "reasons": r.reasons,
    })
}

/// One ad for `--json`.
pub fn ad_json(r: &AdRow) -> Value {
    json!({
        "ad_id": r.ad_id,
        "ad_name": r.name,
        "adset_id": r.adset_id,
        "adset_name": r.adset_name,
        "campaign_id": r.campaign_id,
        "account_id": format!("act_{}", r.account),
        "launch_id": r.launch_id,
        "effective_status": r.effective_status,
        "review": r.state.word(),
        "rejections": r.rejections.iter().map(rejection_json).collect::<Vec<_>>(),
        "issues_info": r.issues,
        "review_feedback_raw": (!r.adset_feedback.raw.is_empty() && r.adset_feedback.state == crate::graph::feedback::FeedbackState::Unreadable).then(|| r.adset_feedback.raw.clone()),
        "error": r.last_error,
        "fbtrace_ids": r.fbtrace_ids,
    })
}

/// Every ad for `--json`.
pub fn rows_json(rows: &[AdRow]) -> Value {
    Value::Array(rows.iter().map(ad_json).collect())
}

/// The plain table: state, ad, ad set, and under a rejected ad each rejected asset; then a
/// line of counts. Every name, id, text and message in it is Graph's or the spec's, so each
/// passes the one sanitiser (names are cut to 48 columns after sanitising).
pub fn rows_text(rows: &[AdRow]) -> String {
    use crate::spec::text::{column, fit, sanitize};
    use unicode_width::UnicodeWidthStr;
    let name_of = |r: &AdRow| -> String {
        if r.name.is_empty() {
            "(not read)".to_string()
        } else {
            fit(&r.name, 48)
        }
    };
    let name_w = rows.iter().map(|r| name_of(r).width()).max().unwrap_or(0);
    let mut out = String::new();
    for r in rows {
        out.push_str(&format!(
            "{} {:<17} {}  {}  ad set {}\n",
            r.state.symbol(),
            r.state.word(),
            sanitize(&r.ad_id),
            column(&name_of(r), name_w),
            if r.adset_id.is_empty() {
                "?".into()
            } else {
                sanitize(&r.adset_id)
            }
        ));
        for j in &r.rejections {
            out.push_str(&format!(
                "    {} — {}\n",
                sanitize(&j.what()),
                sanitize(&j.codes())
            ));
            for reason in &j.reasons {
                if !reason.sentence.is_empty() {
                    out.push_str(&format!(
                        "      {}: {}\n",
                        sanitize(&reason.code),
                        sanitize(&reason.sentence)
                    ));
                }
            }
        }
        for i in &r.issues {
            out.push_str(&format!(
                "    issue: {} {}\n",
                sanitize(&i.error_summary),
                sanitize(&i.error_message)
            ));
        }
        if let Some(e) = &r.last_error {
            out.push_str(&format!("    could not read: {}\n", sanitize(e)));
        }
    }
    let mut counts: Vec<(super::ReviewState, usize)> = Vec::new();
    for r in rows {
        match counts.iter_mut().find(|(s, _)| *s == r.state) {
            Some((_, n)) => *n += 1,
            None => counts.push((r.state, 1)),
        }
    }
    let counts: Vec<String> = counts
        .iter()
        .map(|(s, n)| format!("{n} {}", s.word()))
        .collect();
    let ads = if rows.len() == 1 { "ad" } else { "ads" };
    out.push_str(&format!("{} {ads}: {}\n", rows.len(), counts.join(", ")));
    out
}
