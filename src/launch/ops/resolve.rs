//! What an id names: a launch (by its journal id), or a campaign, ad set or ad (found in the
//! journals, else asked of Graph), with the objects under it as Graph reads them now.

use std::path::Path;

use serde_json::Value;

use crate::graph::{CallError, GraphClient};
use crate::launch::error::{LaunchError, Stage};
use crate::launch::journal::{LaunchJournal, LaunchStep};
use crate::launch::replace;

/// What kind of object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectKind {
    Campaign,
    AdSet,
    Ad,
}

impl ObjectKind {
    pub fn words(self) -> &'static str {
        match self {
            ObjectKind::Campaign => "campaign",
            ObjectKind::AdSet => "ad set",
            ObjectKind::Ad => "ad",
        }
    }

    fn fields(self) -> &'static str {
        match self {
            ObjectKind::Campaign => "name,status,effective_status,account_id",
            ObjectKind::AdSet => {
                "name,status,effective_status,account_id,campaign_id,daily_budget,lifetime_budget,start_time,end_time,optimization_goal,bid_amount"
            }
            ObjectKind::Ad => "name,status,effective_status,account_id,adset_id,campaign_id",
        }
    }
}

/// One object as Graph read it.
#[derive(Debug, Clone)]
pub struct Object {
    pub id: String,
    pub kind: ObjectKind,
    pub fields: Value,
}

impl Object {
    pub fn text(&self, key: &str) -> &str {
        self.fields.get(key).and_then(Value::as_str).unwrap_or("")
    }

    pub fn name(&self) -> &str {
        self.text("name")
    }

    pub fn status(&self) -> &str {
        self.text("status")
    }
}

/// What the buyer named and what is under it.
#[derive(Debug, Clone)]
pub struct Target {
    pub account: String,
    /// The kind named, `None` for a launch's journal id.
    pub named: Option<ObjectKind>,
    pub campaign: Option<Object>,
    pub ad_sets: Vec<Object>,
    pub ads: Vec<Object>,
}

fn read_error(what: &str, e: CallError) -> LaunchError {
    LaunchError::from_call(Stage::other(format!("reading {what}")), e)
}

async fn read(
    client: &GraphClient,
    account: &str,
    id: &str,
    kind: ObjectKind,
) -> Result<Object, LaunchError> {
    let fields = client
        .object(account, id, kind.fields())
        .await
        .map_err(|e| read_error(&format!("{} {id}", kind.words()), e))?;
    Ok(Object {
        id: id.to_string(),
        kind,
        fields,
    })
}

async fn children(
    client: &GraphClient,
    account: &str,
    id: &str,
    kind: ObjectKind,
) -> Result<Vec<Object>, LaunchError> {
    let edge = if kind == ObjectKind::Ad {
        "ads"
    } else {
        "adsets"
    };
    let items = client
        .edge_items(account, id, edge, kind.fields())
        .await
        .map_err(|e| read_error(&format!("the {edge} of {id}"), e))?;
    Ok(items
        .into_iter()
        .filter_map(|v| {
            let id = v.get("id")?.as_str()?.to_string();
            Some(Object {
                id,
                kind,
                fields: v,
            })
        })
        .collect())
}

/// The launch journals (not fixes) of this folder, read whole.
fn launches(dir: &Path) -> Vec<LaunchJournal> {
    crate::store::journals::list_journals::<LaunchJournal>(dir)
        .into_iter()
        .filter_map(|(_, j)| j.ok())
        .collect()
}

/// Finds what `id` names. A launch's journal id names its campaign, ad sets and ads (each ad
/// as it is now: a replacement `--activate` made followed); an id a journal created names that
/// object in its account; any other id is asked of Graph.
pub async fn resolve(
    client: &GraphClient,
    dir: &Path,
    graph: &str,
    id: &str,
) -> Result<Target, LaunchError> {
    // Only this Graph's launches: a journal of another (a sandbox, Meta) names objects of there.
    let (journals, elsewhere): (Vec<LaunchJournal>, Vec<LaunchJournal>) =
        launches(dir).into_iter().partition(|j| j.graph == graph);
    if let Some(j) = elsewhere.iter().find(|j| j.id == id) {
        return Err(LaunchError::Refused(format!(
            "launch {id} was made on {}, not on {graph}: nothing there is its",
            crate::spec::text::sanitize(&j.graph)
        )));
    }
    if let Some(j) = journals.iter().find(|j| j.id == id) {
        // A fix's journal stands for the campaign of the ad it fixed.
        return match &j.fix {
            None => of_launch(client, dir, j).await,
            Some(f) => {
                let mut t =
                    of_object(client, &j.account, &f.campaign_id, ObjectKind::Campaign).await?;
                t.named = None;
                Ok(t)
            }
        };
    }
    let known = journals.iter().find_map(|j| {
        j.steps.iter().find_map(|s| match (&s.key, &s.state) {
            (key, crate::launch::journal::StepState::Created { id: made }) if made == id => {
                let kind = match key {
                    LaunchStep::Campaign => ObjectKind::Campaign,
                    LaunchStep::AdSet(_) => ObjectKind::AdSet,
                    LaunchStep::Ad(_) => ObjectKind::Ad,
                    _ => return None,
                };
                Some((kind, j.account.clone()))
            }
            _ => None,
        })
    });
    let (kind, account) = match known {
        Some(k) => k,
        // Only Graph ids are asked of Graph: `x/../1202…` or `1202…?x=1` would be another path.
        None if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) => {
            return Err(LaunchError::Io(format!(
                "{}: not an id (an ad, ad set or campaign id is digits only; a launch's as dcw launches lists it)",
                crate::spec::text::sanitize(id)
            )));
        }
        None => probe(client, id).await?,
    };
    of_object(client, &account, id, kind).await
}

/// Asks Graph what `id` is: an ad reads `adset_id`, an ad set `campaign_id`, a campaign
/// neither; Graph refuses a field an object does not have.
async fn probe(client: &GraphClient, id: &str) -> Result<(ObjectKind, String), LaunchError> {
    let mut last = None;
    for (kind, fields) in [
        (ObjectKind::Ad, "account_id,adset_id"),
        (ObjectKind::AdSet, "account_id,campaign_id"),
        (ObjectKind::Campaign, "account_id,objective"),
    ] {
        match client.lookup(id, fields).await {
            Ok(v) => {
                let account = v
                    .get("account_id")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .trim_start_matches("act_")
                    .to_string();
                return Ok((kind, account));
            }
            Err(e) if e.graph().is_some() => last = Some(e),
            Err(e) => return Err(read_error(id, e)),
        }
    }
    Err(LaunchError::Io(format!(
        "{id} is no launch journal, campaign, ad set or ad dcw can read{}",
        last.map_or(String::new(), |e| format!(" ({e})"))
    )))
}

async fn of_object(
    client: &GraphClient,
    account: &str,
    id: &str,
    kind: ObjectKind,
) -> Result<Target, LaunchError> {
    let me = read(client, account, id, kind).await?;
    let mut t = Target {
        account: account.to_string(),
        named: Some(kind),
        campaign: None,
        ad_sets: Vec::new(),
        ads: Vec::new(),
    };
    match kind {
        ObjectKind::Ad => {
            let set = me.text("adset_id").to_string();
            if !set.is_empty() {
                t.ad_sets
                    .push(read(client, account, &set, ObjectKind::AdSet).await?);
            }
            t.ads.push(me);
        }
        ObjectKind::AdSet => {
            t.ads = children(client, account, id, ObjectKind::Ad).await?;
            t.ad_sets.push(me);
        }
        ObjectKind::Campaign => {
            t.ad_sets = children(client, account, id, ObjectKind::AdSet).await?;
            t.ads = children(client, account, id, ObjectKind::Ad).await?;
            t.campaign = Some(me);
        }
    }
    Ok(t)
}

async fn of_launch(
    client: &GraphClient,
    dir: &Path,
    j: &LaunchJournal,
) -> Result<Target, LaunchError> {
    let account = j.account.clone();
    let Some(campaign) = j.created(LaunchStep::Campaign) else {
        return Err(LaunchError::Io(format!(
            "launch {} made no campaign yet: finish it first (dcw submit resumes it)",
            j.id
        )));
    };
    let mut t = Target {
        account: account.clone(),
        named: None,
        campaign: Some(read(client, &account, &campaign, ObjectKind::Campaign).await?),
        ad_sets: Vec::new(),
        ads: Vec::new(),
    };
    for s in &j.steps {
        let LaunchStep::AdSet(n) = s.key else {
            continue;
        };
        let Some(set) = j.created(LaunchStep::AdSet(n)) else {
            continue;
        };
        let (ad, set) = match j.created(LaunchStep::Ad(n)) {
            Some(ad) => {
                let now = replace::current(dir, &j.graph, &account, &ad, &set);
                (Some(now.ad), now.adset)
            }
            None => (None, set),
        };
        t.ad_sets
            .push(read(client, &account, &set, ObjectKind::AdSet).await?);
        if let Some(ad) = ad {
            t.ads
                .push(read(client, &account, &ad, ObjectKind::Ad).await?);
        }
    }
    Ok(t)
}
