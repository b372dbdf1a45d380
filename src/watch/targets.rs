//! What to watch: the ads of dcw's own launches (from their journals), ads or ad sets named on
//! the command line, or every dynamic-creative ad of an account.

use std::path::Path;

use serde_json::Value;

use super::assets::AssetFiles;
use crate::store::journal_file::{LaunchJournal, StepState};

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
    let mut journals = journals_on(dir, graph);
    journals.sort_by(|a, b| b.created_at.cmp(&a.created_at));
    let mut out: Vec<Target> = Vec::new();
    for j in journals {
        for s in &j.steps {
            if s.key.is_ad()
                && let StepState::Created { id } = &s.state
                && !out.iter().any(|t| &t.ad_id == id)
            {
                out.push(Target {
                    ad_id: id.clone(),
                    account: j.account.clone(),
                    launch_id: Some(j.id.clone()),
                    launched_at: Some(j.created_at.clone()),
                });
            }
        }
    }
    out
}

/// The files the videos and images of every launch in `dir` on the Graph at `graph` were
/// uploaded from, by video id and image hash: the status pane and the asset results name them
/// so (`Video 2 «run.mp4»`), whichever way the ad was found.
pub fn asset_files(dir: &Path, graph: &str) -> AssetFiles {
    let mut files = AssetFiles::default();
    for j in journals_on(dir, graph) {
        files.learn(&j);
    }
    files
}

/// The journals in `dir` of launches on the Graph at `graph`.
fn journals_on(dir: &Path, graph: &str) -> Vec<LaunchJournal> {
    crate::store::journals::list_journals(dir)
        .into_iter()
        .filter_map(|(_, j)| j.ok())
        // Journals from before dcw recorded the Graph count for any real one.
        .filter(|j: &LaunchJournal| {
            j.graph == graph
                || (j.graph.is_empty()
                    && matches!(
                        crate::graph::JournalGraph::of(graph),
                        crate::graph::JournalGraph::Url(_)
                    ))
        })
        .collect()
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
        // Graph ids are digits: anything else would be a path of its own (`../me`).
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            errors.push(format!(
                "{}: not an id (an ad, ad set or campaign id is digits only)",
                crate::spec::text::fit(id, 60)
            ));
            continue;
        }
        match client
            .ads_under(
                id,
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
            // An ad has no `ads` edge: Graph answers 100 (nonexisting field). Anything else
            // is an error about this id.
            Err(e) if e.graph().is_some_and(|g| g.code == 100) => {}
            Err(e) => {
                errors.push(format!("{id}: {e}"));
                continue;
            }
        }
        match client
            .lookup(id, "id,account_id,adset_id,created_time")
            .await
        {
            Ok(ad) if ad.get("adset_id").is_some() => match target_of(&ad) {
                Some(t) => out.push(t),
                None => errors.push(format!("{id}: Graph gave no account for this ad")),
            },
            Ok(_) => errors.push(format!("{id}: not an ad, ad set or campaign")),
            // Another kind of object has no `adset_id`: Graph refuses the field (100).
            Err(e)
                if e.graph()
                    .is_some_and(|g| g.code == 100 && g.error_subcode.is_none()) =>
            {
                errors.push(format!("{id}: not an ad, ad set or campaign ({e})"))
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn journal(id: &str, graph: &str, created_at: &str, ads: &[(&str, &str)]) -> Value {
        let steps: Vec<Value> = ads
            .iter()
            .map(|(key, id)| json!({"key": key, "name": "n", "state": "created", "id": id}))
            .chain([json!({"key": "ad:9", "name": "n", "state": "pending"})])
            .collect();
        json!({"id": id, "tag": "", "spec_hash": "h", "spec_path": "s.json", "account": "123",
               "graph": graph, "created_at": created_at, "state": "done", "steps": steps})
    }

    #[test]
    fn journals_give_their_created_ads_for_this_graph_only_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        let save = |j: &Value| {
            crate::store::journals::save_journal(dir.path(), j["id"].as_str().unwrap(), j).unwrap()
        };
        save(&journal(
            "a",
            "https://graph.facebook.com",
            "2026-11-24T10:00:00Z",
            &[("ad:0", "11"), ("adset:0", "12")],
        ));
        save(&journal(
            "b",
            "https://graph.facebook.com",
            "2026-11-25T10:00:00Z",
            &[("ad:0", "21"), ("ad:1", "22")],
        ));
        save(&journal(
            "c",
            "sandbox",
            "2026-11-25T11:00:00Z",
            &[("ad:0", "31")],
        ));
        let t = from_journals(dir.path(), "https://graph.facebook.com");
        let ids: Vec<&str> = t.iter().map(|t| t.ad_id.as_str()).collect();
        assert_eq!(ids, ["21", "22", "11"]);
        assert_eq!(t[0].launch_id.as_deref(), Some("b"));
        assert_eq!(t[0].account, "123");
        assert_eq!(from_journals(dir.path(), "sandbox")[0].ad_id, "31");
    }
}
