//! One poll of one account, on the wire: the account's ads edge (those in review, those updated
//! since the last poll, or every ad), and ads named by id read 50 at a time from the same edge
//! filtered to their ids; never one request per ad. Then, once per change, the details of
//! rejected ads (the ad set's `review_feedback` and the creative's feed) by field expansion,
//! again 50 at a time.
//!
//! Reads by id go through the account's edge (`filtering=[{"field":"id","operator":"IN",…}]`)
//! rather than the root `GET /?ids=`: the same one request per 50 ads, and Graph answers root
//! `?ids=` reads with an error (v26.0, and every version since 2026-10-27; restfb issue #1692).

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::model::AdRead;
use super::scheduler::{EdgeRead, Plan};
use crate::graph::client::MAX_IDS;
use crate::graph::{CallError, GraphClient};

/// What a status read asks of each ad.
pub const AD_FIELDS: &str = "id,name,adset_id,campaign_id,effective_status,configured_status,created_time,updated_time,ad_review_feedback,issues_info,creative,adset{id,name,is_dynamic_creative}";
/// What a rejected ad's details read asks.
pub const DETAIL_FIELDS: &str = "adset{id,name,review_feedback},creative{id,asset_feed_spec}";
/// `effective_status` values of ads still in review.
pub const IN_REVIEW: &str = r#"["PENDING_REVIEW","IN_PROCESS"]"#;
/// Every ad `effective_status` but `DELETED` and `ARCHIVED`.
pub const LIVE: &str = r#"["ACTIVE","ADSET_PAUSED","CAMPAIGN_PAUSED","DISAPPROVED","IN_PROCESS","PAUSED","PENDING_BILLING_INFO","PENDING_REVIEW","PREAPPROVED","WITH_ISSUES"]"#;
/// Every ad `effective_status` an edge can be filtered by: all of Meta's 12 but `DELETED`
/// (deleted objects are read only by their own id; an edge filtered on DELETED is an error,
/// Meta's "Manage your ad object's status"). ARCHIVED must be asked for to be listed.
pub const NOT_DELETED: &str = r#"["ACTIVE","ADSET_PAUSED","ARCHIVED","CAMPAIGN_PAUSED","DISAPPROVED","IN_PROCESS","PAUSED","PENDING_BILLING_INFO","PENDING_REVIEW","PREAPPROVED","WITH_ISSUES"]"#;
/// The most requests one cycle of one account sends; details beyond it wait for the next.
pub const MAX_CYCLE_REQUESTS: u32 = 25;
/// Every ad `effective_status` out of review but `DELETED` and `ARCHIVED`.
pub const OUT_OF_REVIEW: &str = r#"["ACTIVE","ADSET_PAUSED","CAMPAIGN_PAUSED","DISAPPROVED","PAUSED","PENDING_BILLING_INFO","PREAPPROVED","WITH_ISSUES"]"#;
/// Ads per page of an edge read.
pub const PAGE: &str = "500";

/// What dcw knew of an ad before the poll, to read details only once per change.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Known {
    pub effective_status: String,
    pub updated_time: String,
    pub has_details: bool,
}

/// A failed read: the ads it was for, Graph's message, and its `fbtrace_id`.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub ads: Vec<String>,
    pub message: String,
    pub fbtrace_id: Option<String>,
    /// Throttled: the account's reads should pause.
    pub throttled: bool,
}

/// Everything one poll read.
#[derive(Debug, Clone, Default)]
pub struct PollResult {
    pub account: String,
    /// Ads as Graph answered them.
    pub ads: Vec<AdRead>,
    /// (ad id, `adset{…}` and `creative{…}`) for rejected ads.
    pub details: Vec<(String, Value)>,
    pub failures: Vec<Failure>,
    /// Requests sent (pages included).
    pub requests: u32,
    /// The plan's edge read failed (the next cycle asks again from the same point).
    pub edge_failed: bool,
}

fn failure(ads: &[String], e: &CallError) -> Failure {
    Failure {
        ads: ads.to_vec(),
        message: e.to_string(),
        fbtrace_id: e.graph().and_then(|g| g.fbtrace_id.clone()),
        throttled: matches!(e.class(), crate::graph::ErrorClass::Throttled { .. }),
    }
}

/// Every page of an account's ads edge, each ad taken out of its page as it comes.
async fn edge(
    client: &GraphClient,
    account: &str,
    extra: &[(&str, &str)],
    requests: &mut u32,
) -> Result<Vec<AdRead>, CallError> {
    let mut p: Vec<(&str, &str)> = vec![("fields", AD_FIELDS), ("limit", PAGE)];
    p.extend_from_slice(extra);
    let mut out = Vec::new();
    client
        .account_ads(account, &p, requests, |items| {
            out.extend(items.into_iter().map(AdRead::from_value))
        })
        .await?;
    Ok(out)
}

/// Ads of `account` by id, 50 a request: its ads edge filtered to those ids, in any status but
/// deleted. An id the edge did not list (a deleted ad, or not this account's) is read by its
/// own id, which is how Graph shows deleted ads; one it cannot read is named in a failure.
async fn by_ids(
    client: &GraphClient,
    account: &str,
    ids: &[String],
    fields: &str,
    out: &mut PollResult,
) -> Vec<(String, Value)> {
    let fields = format!("id,{fields}");
    let mut got = Vec::new();
    for chunk in ids.chunks(MAX_IDS) {
        let filtering =
            serde_json::json!([{"field": "id", "operator": "IN", "value": chunk}]).to_string();
        let params = [
            ("fields", fields.as_str()),
            ("filtering", filtering.as_str()),
            ("effective_status", NOT_DELETED),
            // Room for more than the 50 asked: a full page could carry a `next` to an empty one.
            ("limit", PAGE),
        ];
        let mut requests = 0;
        let mut items = Vec::new();
        let read = client
            .account_ads(account, &params, &mut requests, |page| items.extend(page))
            .await;
        out.requests += requests;
        match read {
            Ok(()) => {
                let mut missing: HashSet<&String> = chunk.iter().collect();
                for item in items {
                    if let Some(id) = item.get("id").and_then(Value::as_str) {
                        missing.remove(&id.to_string());
                        got.push((id.to_string(), item));
                    }
                }
                let mut missing: Vec<String> = missing.into_iter().cloned().collect();
                missing.sort();
                for id in missing {
                    out.requests += 1;
                    match client.object(account, &id, &fields).await {
                        Ok(ad) if ad.get("id").and_then(Value::as_str) == Some(id.as_str()) => {
                            got.push((id, ad))
                        }
                        Ok(_) => out.failures.push(Failure {
                            message: format!("not an ad of act_{account}"),
                            ads: vec![id],
                            fbtrace_id: None,
                            throttled: false,
                        }),
                        Err(e) => out.failures.push(failure(&[id], &e)),
                    }
                }
            }
            Err(e) => {
                let throttled = matches!(e.class(), crate::graph::ErrorClass::Throttled { .. });
                out.failures.push(failure(chunk, &e));
                if throttled {
                    break;
                }
            }
        }
    }
    got
}

fn needs_details(ad: &AdRead, known: &HashMap<String, Known>) -> bool {
    let status = ad.effective_status.as_deref().unwrap_or("");
    // The same states as `AdRow::needs_details`.
    if !matches!(
        super::model::ReviewState::from_effective_status(status),
        super::model::ReviewState::Rejected | super::model::ReviewState::WithIssues
    ) {
        return false;
    }
    let id = ad.id.as_deref().unwrap_or("");
    let updated = ad.updated_time.as_deref().unwrap_or("");
    match known.get(id) {
        Some(k) => !k.has_details || k.effective_status != status || k.updated_time != updated,
        None => true,
    }
}

/// Runs one plan: the status reads, then details for ads newly rejected.
pub async fn execute(
    client: &GraphClient,
    plan: &Plan,
    known: &HashMap<String, Known>,
) -> PollResult {
    let account = plan.account.as_str();
    let mut out = PollResult {
        account: account.to_string(),
        ..PollResult::default()
    };
    let mut seen: HashSet<String> = HashSet::new();
    if let Some(read) = plan.edge {
        let mut requests = 0;
        let reads: Vec<Vec<(&str, String)>> = match read {
            EdgeRead::Full => vec![vec![("effective_status", LIVE.to_string())]],
            // Those in review, and those out of review updated since (new, edited, decided):
            // no ad comes twice.
            EdgeRead::Since(t) => vec![
                vec![("effective_status", IN_REVIEW.to_string())],
                vec![
                    ("effective_status", OUT_OF_REVIEW.to_string()),
                    ("updated_since", t.to_string()),
                ],
            ],
        };
        for params in reads {
            let p: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
            match edge(client, account, &p, &mut requests).await {
                Ok(ads) => {
                    for ad in ads.into_iter().filter(AdRead::is_dynamic_creative) {
                        if let Some(id) = &ad.id
                            && seen.insert(id.clone())
                        {
                            out.ads.push(ad);
                        }
                    }
                }
                Err(e) => {
                    out.failures.push(failure(&plan.ads, &e));
                    out.requests += requests;
                    out.edge_failed = true;
                    return out;
                }
            }
        }
        out.requests += requests;
    }
    // Ads due that the edge did not bring (they left review, or this account is watched by id).
    let rest: Vec<String> = plan
        .ads
        .iter()
        .filter(|id| !seen.contains(*id))
        .cloned()
        .collect();
    for (id, ad) in by_ids(client, account, &rest, AD_FIELDS, &mut out).await {
        if seen.insert(id) {
            out.ads.push(AdRead::from_value(ad));
        }
    }
    if out.failures.iter().any(|f| f.throttled) {
        return out;
    }
    let mut wanted: Vec<String> = out
        .ads
        .iter()
        .filter(|ad| needs_details(ad, known))
        .filter_map(|ad| ad.id.clone())
        .collect();
    for id in &plan.details {
        if !wanted.contains(id) && !seen.contains(id) {
            wanted.push(id.clone());
        }
    }
    // Within the cycle's budget; the rest is read on the next cycle, soon after.
    let left = MAX_CYCLE_REQUESTS.saturating_sub(out.requests) as usize;
    wanted.truncate(left * MAX_IDS);
    out.details = by_ids(client, account, &wanted, DETAIL_FIELDS, &mut out).await;
    out
}
