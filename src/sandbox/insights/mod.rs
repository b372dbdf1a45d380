//! `GET /<ad, ad set or campaign>/insights`: the numbers a results pane ranks Dynamic Creative
//! assets by, in Meta's row shapes (`../shared/reference/meta-dynamic-creative.md` §7). One row
//! per asset of the ad's `asset_feed_spec` with an asset breakdown; an ad set or campaign sums
//! its ads. Only delivering ads (`effective_status` ACTIVE) have numbers. The numbers are made
//! up but fixed for an ad and asset: the ad's totals come from a hash of its id, and each asset
//! kind splits them by the asset's rank (from a hash of the ad id and the asset), so assets
//! differ clearly and every kind's rows add up to the ad's totals.
//!
//! Breakdown value shapes and their sources:
//! - `body_asset`, `title_asset`, `description_asset`: `{"text", "id"}` (DOC-INS row sample).
//! - `image_asset`: `{"hash", "url", "id"}` (DOC-INS).
//! - `link_url_asset`: `{"website_url", "id"}`: a real answer quoted in
//!   facebook/facebook-java-business-sdk issue #441, and Airbyte's Facebook Marketing schema.
//! - `call_to_action_asset`: `{"name", "id"}` (Airbyte's `ads_insights_breakdowns.json` and its
//!   3.0.0 migration notes). UNVERIFIED: that `name` holds the CTA type (`SHOP_NOW`).
//! - `ad_format_asset`: a plain string (Meta's AdsInsights reference types it `string`, as
//!   copied in OWOX's connector and Airbyte's schema). UNVERIFIED: its value; the sandbox sends
//!   the feed's format name (`SINGLE_IMAGE`).
//! - `video_asset`: `{"video_id", "thumbnail_url", "id"}` (Airbyte; also `url`, `video_name`).

mod dates;
mod numbers;

use chrono::NaiveDate;
use serde_json::{Map, Value, json};

use super::error::GraphError;
use super::handler::Ctx;
use super::review::{self, ASSET_KINDS};
use super::state::{Kind, Object};
use super::videos;
use super::wire::GraphRequest;
use crate::spec::Currency;
use crate::spec::result_action_of;
use dates::{DATE_PRESETS, date_of, preset_range, time_range};
use numbers::{Cell, PURCHASE, Weights, day, hash, money};

/// The Dynamic Creative asset breakdowns (DOC-BRK), each with its list in `ASSET_KINDS`.
const ASSET_BREAKDOWNS: &[(&str, &str)] = &[
    ("ad_format_asset", "ad_formats"),
    ("body_asset", "bodies"),
    ("call_to_action_asset", "call_to_action_types"),
    ("description_asset", "descriptions"),
    ("image_asset", "images"),
    ("link_url_asset", "link_urls"),
    ("title_asset", "titles"),
    ("video_asset", "videos"),
];
/// What an asset breakdown may be combined with (DOC-BRK): `age`, `gender` or both. Each value
/// with its share of what is seen and of what is clicked `[dcw's own]`.
const AGES: &[(&str, u64, u64)] = &[
    ("18-24", 18, 14),
    ("25-34", 30, 34),
    ("35-44", 24, 28),
    ("45-54", 15, 14),
    ("55-64", 9, 7),
    ("65+", 6, 4),
];
const GENDERS: &[(&str, u64, u64)] = &[("female", 50, 55), ("male", 46, 41), ("unknown", 6, 5)];
/// The metrics DOC-BRK allows with asset breakdowns, the derived `ctr` (DOC-INS), and
/// `cost_per_action_type` (served without an asset breakdown only).
const METRICS: &[&str] = &[
    "cost_per_action_type",
    "impressions",
    "clicks",
    "spend",
    "reach",
    "ctr",
    "actions",
    "action_values",
];
/// The only metrics that come back with an asset breakdown: "only impressions, clicks, spend,
/// reach, actions and action values" (a field report quoting Meta, graph-fidelity-2026.md
/// "Reads"). Any other metric asked with one is refused, naming it: the refusal and its words
/// are the sandbox's own choice; the fields that name a row (ids, names, dates) are still
/// served.
const ASSET_METRICS: &[&str] = &[
    "impressions",
    "clicks",
    "spend",
    "reach",
    "actions",
    "action_values",
];
/// Fields naming what a row is about (Meta's AdsInsights fields); each is sent when the read's
/// level has it.
const IDENTITY: &[&str] = &[
    "account_id",
    "account_currency",
    "ad_id",
    "ad_name",
    "adset_id",
    "adset_name",
    "campaign_id",
    "campaign_name",
];
/// Without `fields`. UNVERIFIED: Meta's default set is not in our references.
const DEFAULT_FIELDS: &[&str] = &["impressions", "spend"];
/// The purchase action types Meta reports for a pixel purchase.
const PURCHASE_ACTIONS: &[&str] = &[
    "offsite_conversion.fb_pixel_purchase",
    "omni_purchase",
    "purchase",
];

/// What a read asks for.
struct Query {
    fields: Vec<String>,
    breakdowns: Vec<String>,
    since: NaiveDate,
    until: NaiveDate,
}

/// One row before it is shaped: its breakdown values by name, and its numbers.
type Dims = Vec<(String, Value)>;

/// The rows of `GET /<node>/insights`, before paging.
pub fn rows(ctx: &Ctx, req: &GraphRequest, node: &Object) -> Result<Vec<Value>, GraphError> {
    let today = date_of(ctx.now_ms);
    let q = read_query(req, today)?;
    let ads: Vec<&Object> = match node.kind {
        Kind::Ad => vec![node],
        Kind::AdSet => ctx.state.children("adset_id", &node.id, Kind::Ad).collect(),
        Kind::Campaign => ctx
            .state
            .children("campaign_id", &node.id, Kind::Ad)
            .collect(),
        other => return Err(GraphError::unknown_field(other.node_type(), "insights")),
    };
    let currency = ctx
        .state
        .account(&node.account)
        .map_or("USD", |a| a.currency.as_str());
    let offset = Currency::new(currency).map_or(100, |c| c.offset());
    let mut cells: Vec<(String, Dims, Cell)> = Vec::new();
    for ad in ads {
        if review::effective_status(ctx.state, ad, ctx.now_ms) != "ACTIVE" {
            continue;
        }
        // Each day of delivery in the range counts whole, from the day the ad started
        // delivering (its review's end) to today `[dcw's own]`: so a range's numbers are the
        // sum of its days', and a longer range never has fewer.
        let started = date_of(ad.review.as_ref().map_or(ad.created_ms, |r| r.due_ms));
        let result = result_type(ctx, ad);
        let mut date = q.since.max(started);
        while date <= q.until.min(today) {
            let total = day(&ad.id, &date.to_string(), result, offset);
            for (dims, cell) in ad_cells(ctx, ad, &q, total) {
                let key = Value::Array(dims.iter().map(|(_, v)| v.clone()).collect()).to_string();
                match cells.iter_mut().find(|(k, ..)| *k == key) {
                    Some((_, _, c)) => c.add(&cell),
                    None => cells.push((key, dims, cell)),
                }
            }
            let Some(next) = date.succ_opt() else { break };
            date = next;
        }
    }
    let ident = identity(ctx, node, currency);
    Ok(cells
        .into_iter()
        .filter(|(_, _, c)| c.impressions > 0)
        .map(|(_, dims, c)| row(&q, &c, &dims, &ident, offset))
        .collect())
}

fn read_query(req: &GraphRequest, today: NaiveDate) -> Result<Query, GraphError> {
    let fields: Vec<String> = match req.params.text("fields").filter(|f| !f.trim().is_empty()) {
        Some(text) => text
            .split(',')
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(str::to_string)
            .collect(),
        None => DEFAULT_FIELDS.iter().map(|f| f.to_string()).collect(),
    };
    for f in &fields {
        let known = METRICS.contains(&f.as_str())
            || IDENTITY.contains(&f.as_str())
            || matches!(f.as_str(), "date_start" | "date_stop");
        if !known {
            return Err(GraphError::invalid(format!(
                "{f} is not valid for fields param. please check https://developers.facebook.com/docs/marketing-api/reference/ads-insights/ for all valid values"
            )));
        }
    }
    let breakdowns = req.params.list("breakdowns").unwrap_or_default();
    for (i, b) in breakdowns.iter().enumerate() {
        if !(asset_list(b).is_some() || matches!(b.as_str(), "age" | "gender")) {
            let mut allowed: Vec<&str> = ASSET_BREAKDOWNS.iter().map(|(b, _)| *b).collect();
            allowed.extend(["age", "gender"]);
            allowed.sort_unstable();
            return Err(GraphError::invalid(format!(
                "breakdowns[{i}] must be one of the following values: {}",
                allowed.join(", ")
            )));
        }
    }
    if let Some(asset) = breakdowns.iter().find(|b| asset_list(b).is_some())
        && let Some(f) = fields
            .iter()
            .find(|f| METRICS.contains(&f.as_str()) && !ASSET_METRICS.contains(&f.as_str()))
    {
        return Err(GraphError::invalid(format!(
            "{f} is not available with the breakdown {asset}: with an asset breakdown, fields may only be {}",
            ASSET_METRICS.join(", ")
        ))
        .blame(&["fields"]));
    }
    if breakdowns
        .iter()
        .filter(|b| asset_list(b).is_some())
        .count()
        > 1
    {
        // Asset breakdowns combine only with age and gender; `actions` brings `action_type`.
        let mut columns: Vec<&str> = breakdowns.iter().map(String::as_str).collect();
        if fields
            .iter()
            .any(|f| f == "actions" || f == "action_values")
        {
            columns.push("action_type");
        }
        columns.sort_unstable();
        columns.dedup();
        return Err(GraphError::invalid(format!(
            "Current combination of data breakdown columns ({}) is invalid",
            columns.join(", ")
        )));
    }
    let (since, until) = match req.params.json("time_range") {
        Some(range) => time_range(&range)?,
        None => {
            let preset = req.params.text("date_preset").unwrap_or("last_30d");
            preset_range(preset, today).ok_or_else(|| {
                GraphError::invalid(format!(
                    "date_preset must be one of the following values: {}",
                    DATE_PRESETS.join(", ")
                ))
            })?
        }
    };
    Ok(Query {
        fields,
        breakdowns,
        since,
        until,
    })
}

/// The feed list an asset breakdown reads.
fn asset_list(breakdown: &str) -> Option<&'static str> {
    ASSET_BREAKDOWNS
        .iter()
        .find(|(b, _)| *b == breakdown)
        .map(|(_, list)| *list)
}

/// The action the ad's ad set counts as its results (its goal's, `spec::results`).
fn result_type(ctx: &Ctx, ad: &Object) -> Option<&'static str> {
    let set = ad.str_field("adset_id").and_then(|s| ctx.state.get(s))?;
    let goal = set.str_field("optimization_goal")?;
    let event = set
        .fields
        .get("promoted_object")
        .and_then(|p| p.get("custom_event_type"))
        .and_then(Value::as_str);
    result_action_of(goal, event).map(|a| a.action_type)
}

/// The assets of one kind in the ad's creative: (what ranks it, its breakdown value).
fn assets(ctx: &Ctx, ad: &Object, breakdown: &str, list: &str) -> Vec<(String, Value)> {
    let Some(creative) = ad
        .fields
        .get("creative")
        .and_then(|c| c.get("id"))
        .and_then(Value::as_str)
        .and_then(|id| ctx.state.get(id))
    else {
        return Vec::new();
    };
    let seq = review::creative_seq(creative);
    let kind = ASSET_KINDS
        .iter()
        .position(|(l, _)| *l == list)
        .unwrap_or(0);
    let key = ASSET_KINDS[kind].1;
    let items = creative
        .fields
        .get("asset_feed_spec")
        .and_then(|f| f.get(list))
        .and_then(Value::as_array);
    let mut out = Vec::new();
    for (i, item) in items.into_iter().flatten().enumerate() {
        let text = if key.is_empty() {
            item.as_str()
        } else {
            item.get(key).and_then(Value::as_str)
        };
        let Some(text) = text else { continue };
        let id = review::asset_id(seq, kind, i).to_string();
        let value = match breakdown {
            "link_url_asset" => json!({"website_url": text, "id": id}),
            "image_asset" => {
                let url = ctx
                    .state
                    .image(&ad.account, text)
                    .and_then(|o| o.str_field("url"))
                    .map_or_else(
                        || format!("{}/_sandbox/adimages/{text}", ctx.base_url),
                        str::to_string,
                    );
                json!({"hash": text, "url": url, "id": id})
            }
            "call_to_action_asset" => json!({"name": text, "id": id}),
            "ad_format_asset" => json!(text),
            "video_asset" => video_asset(ctx, &ad.account, item, text, &id),
            _ => json!({"text": text, "id": id}),
        };
        out.push((text.to_string(), value));
    }
    out
}

/// One ad's rows, before they are summed with other ads'.
fn ad_cells(ctx: &Ctx, ad: &Object, q: &Query, total: Cell) -> Vec<(Dims, Cell)> {
    let asset = q
        .breakdowns
        .iter()
        .find_map(|b| asset_list(b).map(|l| (b.as_str(), l)));
    let mut cells: Vec<(Dims, Cell)> = match asset {
        None => vec![(Vec::new(), total)],
        Some((breakdown, list)) => {
            let assets = assets(ctx, ad, breakdown, list);
            let hashes: Vec<u64> = assets
                .iter()
                .map(|(k, _)| hash(&[&ad.id, breakdown, k]))
                .collect();
            // A rank per asset (0 = weakest): better assets are shown more and clicked more.
            let ranks: Vec<u64> = hashes
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    hashes
                        .iter()
                        .enumerate()
                        .filter(|(j, g)| (**g, *j) < (*h, i))
                        .count() as u64
                })
                .collect();
            let seen: Vec<u64> = ranks.iter().map(|r| 1 + 2 * r).collect();
            let done: Vec<u64> = ranks.iter().map(|r| (1 + 2 * r) * (1 + r)).collect();
            // Results follow clicks, each asset with its own conversion rate (from another
            // hash), so the best by cost per result need not be the best by CTR.
            let converted: Vec<u64> = done
                .iter()
                .zip(&hashes)
                .map(|(d, h)| d * (2 + (h >> 40) % 5))
                .collect();
            total
                .split(&Weights {
                    seen: &seen,
                    clicked: &done,
                    converted: &converted,
                })
                .into_iter()
                .zip(assets)
                .map(|(c, (_, v))| (vec![(breakdown.to_string(), v)], c))
                .collect()
        }
    };
    for b in q
        .breakdowns
        .iter()
        .filter(|b| matches!(b.as_str(), "age" | "gender"))
    {
        let table = if b == "age" { AGES } else { GENDERS };
        let seen: Vec<u64> = table.iter().map(|(_, w, _)| *w).collect();
        let clicked: Vec<u64> = table.iter().map(|(_, _, w)| *w).collect();
        cells = cells
            .into_iter()
            .flat_map(|(dims, c)| {
                c.split(&Weights {
                    seen: &seen,
                    clicked: &clicked,
                    converted: &clicked,
                })
                .into_iter()
                .zip(table)
                .map(|(part, (label, ..))| {
                    let mut d = dims.clone();
                    d.push((b.clone(), json!(label)));
                    (d, part)
                })
                .collect::<Vec<_>>()
            })
            .collect();
    }
    cells
}

/// The identity fields a read at this node's level can answer.
fn identity(ctx: &Ctx, node: &Object, currency: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("account_id".into(), json!(node.account));
    m.insert("account_currency".into(), json!(currency));
    let mut add = |prefix: &str, o: Option<&Object>| {
        if let Some(o) = o {
            m.insert(format!("{prefix}_id"), json!(o.id));
            m.insert(
                format!("{prefix}_name"),
                json!(o.str_field("name").unwrap_or("")),
            );
        }
    };
    let parent = |key: &str| node.str_field(key).and_then(|id| ctx.state.get(id));
    match node.kind {
        Kind::Ad => {
            add("ad", Some(node));
            add("adset", parent("adset_id"));
            add("campaign", parent("campaign_id"));
        }
        Kind::AdSet => {
            add("adset", Some(node));
            add("campaign", parent("campaign_id"));
        }
        _ => add("campaign", Some(node)),
    }
    m
}

/// A row in Meta's shape: the asked fields in their order (numbers as strings), then
/// `date_start`, `date_stop` and the breakdown values.
fn row(q: &Query, c: &Cell, dims: &Dims, ident: &Map<String, Value>, offset: u64) -> Value {
    let mut m = Map::new();
    for f in &q.fields {
        let v = match f.as_str() {
            "impressions" => json!(c.impressions.to_string()),
            "clicks" => json!(c.clicks.to_string()),
            "reach" => json!(c.reach.to_string()),
            "spend" => json!(money(c.spend, offset)),
            "ctr" => json!(format!(
                "{:.6}",
                c.clicks as f64 * 100.0 / c.impressions.max(1) as f64
            )),
            "actions" => {
                let list = actions(c);
                if list.is_empty() {
                    continue;
                }
                Value::Array(
                    list.into_iter()
                        .map(|(t, n)| json!({"action_type": t, "value": n.to_string()}))
                        .collect(),
                )
            }
            "cost_per_action_type" => {
                let list = actions(c);
                if list.is_empty() {
                    continue;
                }
                Value::Array(
                    list.into_iter()
                        .map(|(t, n)| {
                            let cost = money(c.spend / n.max(1), offset);
                            json!({"action_type": t, "value": cost})
                        })
                        .collect(),
                )
            }
            "action_values" => {
                if c.purchases() == 0 {
                    continue;
                }
                let value = money(c.value, offset);
                Value::Array(
                    PURCHASE_ACTIONS
                        .iter()
                        .map(|t| json!({"action_type": t, "value": value}))
                        .collect(),
                )
            }
            "date_start" | "date_stop" => continue,
            other => match ident.get(other) {
                Some(v) => v.clone(),
                None => continue,
            },
        };
        m.insert(f.clone(), v);
    }
    m.insert("date_start".into(), json!(q.since.to_string()));
    m.insert("date_stop".into(), json!(q.until.to_string()));
    for b in &q.breakdowns {
        if let Some((_, v)) = dims.iter().find(|(name, _)| name == b) {
            m.insert(b.clone(), v.clone());
        }
    }
    Value::Object(m)
}

/// A row's `actions`: link clicks, then the goal's results (a pixel purchase also as
/// `omni_purchase` and `purchase`, as Meta reports it); none counted is none listed.
fn actions(c: &Cell) -> Vec<(&'static str, u64)> {
    let mut list = Vec::new();
    if c.link_clicks > 0 {
        list.push(("link_click", c.link_clicks));
    }
    for (t, n) in &c.results {
        if *n == 0 || *t == "link_click" {
            continue;
        }
        if *t == PURCHASE {
            list.extend(PURCHASE_ACTIONS.iter().map(|p| (*p, *n)));
        } else {
            list.push((t, *n));
        }
    }
    list
}

/// A `video_asset` cell: `{"video_id", "id", "thumbnail_url", "video_name"}` [Airbyte's
/// schema]: the thumbnail the feed gave (its `thumbnail_url`, or the URL of its
/// `thumbnail_hash` image), else the video's preferred generated one; the name is the
/// video's title when it has one.
fn video_asset(ctx: &Ctx, account: &str, item: &Value, video: &str, id: &str) -> Value {
    let mut v = json!({"video_id": video, "id": id});
    let given = item
        .get("thumbnail_url")
        .and_then(Value::as_str)
        .map(str::to_string);
    let of_hash = || {
        let hash = item.get("thumbnail_hash").and_then(Value::as_str)?;
        let image = ctx.state.image(account, hash)?;
        image.str_field("url").map(str::to_string)
    };
    let generated = || {
        let r = ctx.state.videos.get(video)?;
        let thumbs = videos::thumbnails(ctx.base_url, video, r, ctx.now_ms);
        thumbs.first()?.get("uri")?.as_str().map(str::to_string)
    };
    if let Some(url) = given.or_else(of_hash).or_else(generated) {
        v["thumbnail_url"] = json!(url);
    }
    if let Some(title) = ctx.state.get(video).and_then(|o| o.str_field("title")) {
        v["video_name"] = json!(title);
    }
    v
}
