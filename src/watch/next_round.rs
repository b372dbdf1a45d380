//! The next round of a launch: find its journal (by launch id, or an ad, ad set or campaign it
//! created), its spec as launched, the creative as Graph reads it back and each asset's numbers
//! over every ad of the launch; rank them by the rule (`rank`) and draft the next spec
//! (`next_draft`). Only reads: the draft is written by the caller.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::assets::{AssetFiles, AssetRef, text_assets};
use super::insights::fetch;
use super::next_draft::{DraftInput, RANKED_LISTS, build, identity};
use super::rank::{AssetNumbers, Rule, Verdict, rank, results_for_goal, results_of};
use crate::graph::GraphClient;
use crate::store::journal_file::{LaunchJournal, LaunchStep, StepState};

/// A next round, ready to be written.
#[derive(Debug, Clone)]
pub struct NextRound {
    pub launch_id: String,
    pub rule: Rule,
    /// What a result is for the ad set's goal: `purchase`, `click`.
    pub result: &'static str,
    /// Every asset the rule judged, with its verdict and rank, kinds in feed order.
    pub ranked: Vec<(AssetNumbers, Verdict, Option<usize>)>,
    /// Things the buyer should know (the spec file changed since the launch, …).
    pub notes: Vec<String>,
    /// The next round's spec.
    pub spec: Value,
    /// The account's currency code, when the spec says it.
    pub currency: Option<String>,
}

/// The asset breakdown that reads a feed list.
pub fn breakdown_of(kind: &str) -> &'static str {
    match kind {
        "images" => "image_asset",
        "videos" => "video_asset",
        "titles" => "title_asset",
        "bodies" => "body_asset",
        "descriptions" => "description_asset",
        "link_urls" => "link_url_asset",
        _ => "call_to_action_asset",
    }
}

/// The launch `id` names: a launch id, or an ad, ad set or campaign one of the launches in
/// `dir` on the Graph at `graph` created (the newest launch that did).
pub fn find_launch(dir: &Path, graph: &str, id: &str) -> Result<LaunchJournal, String> {
    let id = id.trim();
    if crate::store::journals::is_launch_id(id)
        && let Ok(j) = crate::store::journals::load_journal::<LaunchJournal>(dir, id)
    {
        return Ok(j);
    }
    let mut found: Vec<LaunchJournal> = crate::store::journals::list_journals(dir)
        .into_iter()
        .filter_map(|(_, j)| j.ok())
        .filter(|j: &LaunchJournal| j.graph == graph && j.fix.is_none())
        .filter(|j| {
            j.steps.iter().any(|s| {
                matches!(
                    s.key,
                    LaunchStep::Ad(_) | LaunchStep::AdSet(_) | LaunchStep::Campaign
                ) && matches!(&s.state, StepState::Created { id: made } if made == id)
            })
        })
        .collect();
    found.sort_by(|a, b| b.created_at.cmp(&a.created_at));
    found.into_iter().next().ok_or_else(|| {
        format!(
            "no launch of dcw's on this Graph is {id} or created it; give a launch id (`dcw launches`) or an ad, ad set or campaign id one made"
        )
    })
}

/// [`find_launch`], else, for an ad no launch of dcw's made (the sandbox's demo ads, an ad made
/// in Ads Manager), a launch made up of what Graph says of it (`GET /<ad_id>?fields=account_id,
/// adset_id,campaign_id,creative{id}`): its campaign, ad set, creative and ad, and no spec file,
/// so [`prepare`] reads them all back.
pub async fn find_or_read_launch(
    client: &GraphClient,
    dir: &Path,
    graph: &str,
    id: &str,
) -> Result<LaunchJournal, String> {
    let not_ours = match find_launch(dir, graph, id) {
        Ok(j) => return Ok(j),
        Err(e) => e,
    };
    let id = id.trim();
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(not_ours);
    }
    let ad = client
        .lookup(id, "id,account_id,adset_id,campaign_id,creative{id}")
        .await
        .map_err(|e| format!("{not_ours}; reading {id} from Graph: {e}"))?;
    let text = |v: Option<&Value>| v.and_then(crate::graph::feedback::scalar_text);
    let (Some(account), Some(set), Some(campaign), Some(creative)) = (
        text(ad.get("account_id")),
        text(ad.get("adset_id")),
        text(ad.get("campaign_id")),
        text(ad.pointer("/creative/id")),
    ) else {
        return Err(format!("{not_ours}; {id} is not an ad with a creative"));
    };
    let made = |key: LaunchStep, id: String| crate::store::journal_file::StepRecord {
        key,
        name: String::new(),
        stamp: None,
        state: StepState::Created { id },
    };
    Ok(LaunchJournal {
        id: format!("of ad {id}"),
        tag: String::new(),
        spec_hash: String::new(),
        spec_path: String::new(),
        account: account.trim_start_matches("act_").to_string(),
        graph: graph.to_string(),
        created_at: String::new(),
        state: crate::store::journal_file::LaunchState::Done,
        steps: vec![
            made(LaunchStep::Campaign, campaign),
            made(LaunchStep::AdSet(0), set),
            made(LaunchStep::Creative, creative),
            made(LaunchStep::Ad(0), id.to_string()),
        ],
        warnings: Vec::new(),
        error: None,
        fix: None,
    })
}

/// Where the journal's spec is: a file, or the wizard's draft (`draft <id>`).
fn spec_file(j: &LaunchJournal, drafts_dir: &Path) -> PathBuf {
    match j.spec_path.strip_prefix("draft ") {
        Some(id) => {
            let open = crate::store::drafts::draft_path(drafts_dir, id);
            if open.exists() {
                open
            } else {
                crate::store::drafts::launched_path(drafts_dir, id)
            }
        }
        None => PathBuf::from(&j.spec_path),
    }
}

/// Reads and ranks launch `j`'s assets and drafts its next round. `new_dir` is where the draft
/// will be written (image files inside it are named relative to it).
pub async fn prepare(
    client: &GraphClient,
    j: &LaunchJournal,
    drafts_dir: &Path,
    rule: Rule,
    new_dir: &Path,
) -> Result<NextRound, String> {
    let path = spec_file(j, drafts_dir);
    let shown = crate::spec::text::sanitize(&path.display().to_string()).into_owned();
    let old_dir = crate::store::spec_dir(&path);
    let mut notes = Vec::new();
    let (spec, mut launched) = match crate::store::load_spec(&path) {
        Ok(spec) => {
            let same = crate::launch::launch_key(&j.graph, &spec, &old_dir) == j.spec_hash;
            (spec, same)
        }
        Err(e) => {
            notes.push(if j.spec_path.is_empty() {
                format!(
                    "no launch of dcw's made ad {}: its campaign, ad set and creative are taken as Graph reads them",
                    j.id.trim_start_matches("of ad ")
                )
            } else {
                format!(
                    "the spec launch {} was made from cannot be read ({shown}: {e}): the campaign, the first ad set and the creative are taken as Graph reads them back",
                    j.id
                )
            });
            (spec_from_graph(client, j).await?, false)
        }
    };
    if !launched && notes.is_empty() {
        notes.push(format!(
            "{shown} changed since launch {}: its account, campaign and ad set are used as they are now, the creative's assets as Graph reads them back",
            j.id
        ));
    }
    let campaign_id = j
        .created(LaunchStep::Campaign)
        .ok_or_else(|| format!("launch {} created no campaign (yet)", j.id))?;
    let (creative, replaced) = current_creative(client, j).await?;
    if let Some(note) = replaced {
        notes.push(note);
        launched = false;
    }
    let graph_feed = client
        .object(&j.account, &creative, "asset_feed_spec")
        .await
        .map_err(|e| format!("cannot read creative {creative} back: {e}"))?
        .get("asset_feed_spec")
        .cloned()
        .unwrap_or(Value::Null);
    let set = spec.ad_set.clone().unwrap_or_default();
    let goal = set.optimization_goal.as_ref().map(|g| g.to_string());
    let event = set
        .promoted_object
        .as_ref()
        .and_then(|p| p.custom_event_type.as_ref())
        .map(|e| e.to_string());
    let (types, result) = results_for_goal(goal.as_deref(), event.as_deref());
    let numbers = read_numbers(client, j, &graph_feed, &types, &mut notes).await?;
    let ranked = rank(rule, &numbers);
    let kept: HashSet<(String, String)> = ranked
        .iter()
        .filter(|(_, v, _)| v.kept())
        .filter_map(|(a, _, _)| {
            let entry = list(&graph_feed, a.kind).get(a.index)?;
            Some((a.kind.to_string(), identity(a.kind, entry)?))
        })
        .collect();
    let uploads: HashMap<String, String> = j
        .steps
        .iter()
        .filter_map(|s| match (&s.key, &s.state) {
            (LaunchStep::Image(f), StepState::Created { id }) => Some((f.clone(), id.clone())),
            _ => None,
        })
        .collect();
    let uploaded = |f: &str| uploads.get(f).cloned();
    let same_file = |hash: &str| -> Option<PathBuf> {
        let (f, _) = uploads.iter().find(|(_, h)| h.as_str() == hash)?;
        let p = old_dir.join(f);
        let bytes =
            crate::store::files::read_bounded(&p, crate::store::files::FileKind::Image).ok()?;
        (crate::store::md5_hex(&bytes) == hash).then(|| std::fs::canonicalize(&p).unwrap_or(p))
    };
    let new_dir = std::fs::canonicalize(new_dir).unwrap_or_else(|_| new_dir.to_path_buf());
    let spec_json = serde_json::to_value(&spec).unwrap_or(Value::Null);
    let draft = build(&DraftInput {
        spec: &spec_json,
        spec_is_launched: launched,
        graph_feed: &graph_feed,
        campaign_id: &campaign_id,
        kept: &kept,
        uploaded: &uploaded,
        file_of: &same_file,
        new_dir: &new_dir,
    });
    Ok(NextRound {
        launch_id: j.id.clone(),
        rule,
        result,
        ranked,
        notes,
        spec: draft,
        currency: spec.currency.clone(),
    })
}

/// Every asset of the feed with its numbers over all the launch's ads.
async fn read_numbers(
    client: &GraphClient,
    j: &LaunchJournal,
    graph_feed: &Value,
    types: &[String],
    notes: &mut Vec<String>,
) -> Result<Vec<AssetNumbers>, String> {
    let files = AssetFiles::from_journal(j);
    let mut numbers = zero_numbers(graph_feed, &files);
    let ads: Vec<String> = j
        .steps
        .iter()
        .filter(|s| s.key.is_ad())
        .filter_map(|s| match &s.state {
            StepState::Created { id } => Some(id.clone()),
            _ => None,
        })
        .collect();
    for ad in &ads {
        for n in numbers.iter().map(|n| n.kind).collect::<HashSet<_>>() {
            let b = breakdown_of(n);
            let rows = fetch(client, &j.account, ad, b, Some(graph_feed))
                .await
                .map_err(|e| format!("cannot read ad {ad}'s {b} results: {e}"))?;
            for r in rows {
                let at = match &r.asset {
                    Some(a) => Some((a.kind, a.index)),
                    None if n == "call_to_action_types" => list(graph_feed, n)
                        .iter()
                        .position(|c| c.as_str() == Some(r.label.as_str()))
                        .map(|i| (n, i)),
                    None => None,
                };
                if let Some(x) =
                    at.and_then(|(k, i)| numbers.iter_mut().find(|x| x.kind == k && x.index == i))
                {
                    x.impressions += r.impressions;
                    x.clicks += r.clicks;
                    x.spend_minor += r.spend_minor;
                    x.results += results_of(&r, types);
                }
            }
        }
    }
    if ads.is_empty() {
        notes.push(format!(
            "launch {} created no ad: every asset has no data",
            j.id
        ));
    }
    Ok(numbers)
}

/// The creative the launch's first ad shows now (`GET /<ad_id>?fields=creative{id}`), and a
/// note when it is not the one the launch made (a fix pointed the ad at a new one); the
/// launch's own when the ad cannot be read.
async fn current_creative(
    client: &GraphClient,
    j: &LaunchJournal,
) -> Result<(String, Option<String>), String> {
    let made = j
        .created(LaunchStep::Creative)
        .ok_or_else(|| format!("launch {} created no creative (yet)", j.id))?;
    let Some(ad) = j.created(LaunchStep::Ad(0)) else {
        return Ok((made, None));
    };
    let now = super::insights::ad_creative(client, &j.account, &ad)
        .await
        .ok()
        .and_then(|c| c.get("id").and_then(crate::graph::feedback::scalar_text));
    match now {
        Some(now) if now != made => {
            let note = format!(
                "ad {ad} now shows creative {now}, not the launch's {made} (a fix): its assets are taken as Graph reads them"
            );
            Ok((now, Some(note)))
        }
        _ => Ok((made, None)),
    }
}

/// What dcw reads of a launched ad set to copy it.
const AD_SET_FIELDS: &str = "name,optimization_goal,billing_event,bid_strategy,bid_amount,daily_budget,lifetime_budget,start_time,end_time,promoted_object,targeting,destination_type";

/// The launch's spec as Graph reads it back, when its file is gone: the account, the campaign,
/// the first ad set (budgets of 0 are Graph's "none"), the creative's Page and feed, the names
/// without dcw's launch tag.
async fn spec_from_graph(
    client: &GraphClient,
    j: &LaunchJournal,
) -> Result<crate::spec::LaunchSpec, String> {
    let made = |k: LaunchStep| {
        j.created(k.clone())
            .ok_or_else(|| format!("launch {} created no {} (yet)", j.id, k.label("")))
    };
    let name = |k: LaunchStep, read: &Value| {
        j.step(k)
            .map(|s| j.untagged_name(&s.name).to_string())
            .filter(|n| !n.is_empty())
            .or_else(|| read.get("name").and_then(Value::as_str).map(str::to_string))
            .unwrap_or_default()
    };
    let read = |id: String, fields: &'static str| async move {
        client
            .object(&j.account, &id, fields)
            .await
            .map_err(|e| format!("cannot read {id} back: {e}"))
    };
    let mut campaign = read(
        made(LaunchStep::Campaign)?,
        "name,objective,special_ad_categories,is_adset_budget_sharing_enabled,daily_budget,lifetime_budget,bid_strategy",
    )
    .await?;
    let mut set = read(made(LaunchStep::AdSet(0))?, AD_SET_FIELDS).await?;
    let creative = read(
        made(LaunchStep::Creative)?,
        "name,object_story_spec,asset_feed_spec",
    )
    .await?;
    let ad = read(made(LaunchStep::Ad(0))?, "name").await?;
    for o in [&mut campaign, &mut set] {
        if let Value::Object(m) = o {
            m.remove("id");
            for k in ["daily_budget", "lifetime_budget"] {
                if m.get(k)
                    .and_then(Value::as_str)
                    .is_some_and(|v| v.trim() == "0")
                {
                    m.remove(k);
                }
            }
        }
    }
    campaign["name"] = Value::from(name(LaunchStep::Campaign, &campaign));
    set["name"] = Value::from(name(LaunchStep::AdSet(0), &set));
    let story = creative
        .get("object_story_spec")
        .cloned()
        .unwrap_or(Value::Null);
    let mut spec = serde_json::json!({
        "version": 1,
        "account_id": format!("act_{}", j.account),
        "campaign": campaign,
        "ad_set": set,
        "creative": {"name": name(LaunchStep::Creative, &creative),
                     "asset_feed_spec": creative.get("asset_feed_spec").cloned().unwrap_or(Value::Null)},
        "ad": {"name": name(LaunchStep::Ad(0), &ad)},
    });
    for k in ["page_id", "instagram_user_id"] {
        if let Some(v) = story.get(k) {
            spec[k] = v.clone();
        }
    }
    crate::spec::parse_spec(&spec.to_string())
        .map_err(|e| format!("Graph's read-back of launch {} is not a spec: {e}", j.id))
}

fn list<'a>(feed: &'a Value, kind: &str) -> &'a [Value] {
    feed.get(kind)
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
}

/// Every asset of the feed the rule judges, with no numbers yet, labelled as the results view
/// labels it (`Body 2 «…»`, `Image 1 «boots.jpg»`).
fn zero_numbers(feed: &Value, files: &AssetFiles) -> Vec<AssetNumbers> {
    let texts = text_assets(feed);
    let mut out = Vec::new();
    for (kind, _) in RANKED_LISTS {
        for (index, entry) in list(feed, kind).iter().enumerate() {
            let label = match kind {
                "call_to_action_types" => format!(
                    "Call to action {} «{}»",
                    index + 1,
                    crate::spec::text::sanitize(entry.as_str().unwrap_or_default())
                ),
                "images" | "videos" => {
                    let id = identity(kind, entry).unwrap_or_default();
                    AssetRef {
                        kind,
                        index,
                        name: files.file(&id).map(str::to_string),
                        text: id,
                    }
                    .describe()
                }
                _ => texts
                    .iter()
                    .find(|a| a.kind == kind && a.index == index)
                    .map_or_else(|| format!("{kind} {}", index + 1), AssetRef::describe),
            };
            out.push(AssetNumbers {
                kind,
                index,
                label,
                impressions: 0,
                clicks: 0,
                spend_minor: 0,
                results: 0,
            });
        }
    }
    out
}
