//! What to watch: the ads of dcw's own launches (from their journals), ads or ad sets named on
//! the command line, or every dynamic-creative ad of an account.

use std::path::Path;

use serde_json::Value;

/// An ad to watch, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub ad_id: String,
    /// Ad account digits.
    pub account: String,
    pub launch_id: Option<String>,
    /// When the launch was made (RFC 3339), for the cadence.
    pub launched_at: Option<String>,
}

/// The ads every finished or partial launch in `dir` created on the Graph at `graph` (journals
/// from another Graph, such as a throwaway sandbox, are left out), newest launch first.
pub fn from_journals(dir: &Path, graph: &str) -> Vec<Target> {
    let mut journals: Vec<Value> = crate::store::journals::list_journals::<Value>(dir)
        .into_iter()
        .filter_map(|(_, j)| j.ok())
        .filter(|j| j.get("graph").and_then(Value::as_str).unwrap_or("") == graph)
        .collect();
    journals.sort_by(|a, b| {
        let t = |j: &Value| {
            j.get("created_at")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        t(b).cmp(&t(a))
    });
    let mut out: Vec<Target> = Vec::new();
    for j in journals {
        let text = |k: &str| j.get(k).and_then(Value::as_str).map(str::to_string);
        let account = text("account").unwrap_or_default();
        let steps = j.get("steps").and_then(Value::as_array);
        for s in steps.into_iter().flatten() {
            let key = s.get("key").and_then(Value::as_str).unwrap_or("");
            let created = s.get("state").and_then(Value::as_str) == Some("created");
            if key.starts_with("ad:")
                && created
                && let Some(id) = s.get("id").and_then(Value::as_str)
                && !out.iter().any(|t| t.ad_id == id)
            {
                out.push(Target {
                    ad_id: id.to_string(),
                    account: account.clone(),
                    launch_id: text("id"),
                    launched_at: text("created_at"),
                });
            }
        }
    }
    out
}

/// `act_123` or `123` → `123`.
pub fn account_digits(s: &str) -> String {
    s.trim().trim_start_matches("act_").to_string()
}

/// Ads named on the command line: an ad set or campaign id stands for its ads (`GET
/// /<id>/ads`); anything else is read as an ad. One request per id given; errors name the id.
pub async fn resolve_ids(
    client: &crate::graph::GraphClient,
    ids: &[String],
) -> (Vec<Target>, Vec<String>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for id in ids {
        let id = id.trim();
        let edge = format!("{id}/ads");
        match client
            .get_all(
                &edge,
                &[("fields", "id,account_id,created_time"), ("limit", "500")],
            )
            .await
        {
            Ok(ads) => {
                for ad in ads {
                    if let Some(t) = target_of(&ad) {
                        out.push(t);
                    }
                }
                continue;
            }
            Err(e) if e.graph().is_none() => {
                errors.push(format!("{id}: {e}"));
                continue;
            }
            Err(_) => {}
        }
        match client
            .get(id, &[("fields", "id,account_id,created_time")])
            .await
        {
            Ok(ad) => match target_of(&ad) {
                Some(t) => out.push(t),
                None => errors.push(format!("{id}: not an ad, ad set or campaign")),
            },
            Err(e) => errors.push(format!("{id}: {e}")),
        }
    }
    (out, errors)
}

fn target_of(ad: &Value) -> Option<Target> {
    Some(Target {
        ad_id: ad.get("id")?.as_str()?.to_string(),
        account: account_digits(ad.get("account_id")?.as_str()?),
        launch_id: None,
        launched_at: ad
            .get("created_time")
            .and_then(Value::as_str)
            .and_then(super::model::graph_time)
            .map(|t| t.to_rfc3339()),
    })
}
