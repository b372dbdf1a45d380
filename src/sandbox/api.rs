//! Routing and reads: what each path answers, in Graph's shapes.

use axum::http::Method;
use serde_json::{Value, json};

use super::budgets;
use super::catalogue::{audiences, search};
use super::copies;
use super::create;
use super::error::GraphError;
use super::estimate;
use super::fields;
use super::handler::{Ctx, full_view};
use super::insights;
use super::review;
use super::schema::Node;
use super::state::{self, Kind, Object, State};
use super::update;
use super::videos;
use super::wire::{self, GraphRequest, Version};

/// The first version that refuses field aliases (`fields=name.as(title)`): v27.0 took them
/// away from new apps (Graph v27.0 blog, 2026-11-04); the sandbox refuses them on v27.0 calls
/// and serves them on older ones (its reading of that note).
const ALIASES_GONE: u32 = 27;
const DEFAULT_LIMIT: usize = 25;
/// The largest page the sandbox serves, whatever `limit` asks.
const MAX_LIMIT: usize = 5000;

/// The ad account a request is charged to, if any.
pub fn account_of(state: &State, req: &GraphRequest) -> Option<String> {
    let first = req.segments.first()?;
    if let Some(digits) = first.strip_prefix("act_") {
        return Some(digits.to_string());
    }
    state.get(first).map(|o| o.account.clone())
}

/// Whether a request reads or writes the Ads API: an ad account and its edges, or an object
/// of the Ads API (campaign, ad set, ad, creative, image) and its edges (insights, previews).
/// `/me` and its edges, and ids the sandbox does not hold, are core Graph.
fn is_ads_api(state: &State, req: &GraphRequest) -> bool {
    match req.segments.first().map(String::as_str) {
        None | Some("me") => false,
        Some(act) if act.starts_with("act_") => true,
        Some(id) => state.get(id).is_some(),
    }
}

/// The version that answers a request, or the error that refuses it: an expired version
/// answers 2635 for the Ads API and serves core Graph as the oldest live version (the
/// sandbox's reading of Meta's versioning guide and Marketing API auto-upgrade rules, see
/// `graph-fidelity-2026.md`); an unknown one is refused.
pub fn served_version(state: &State, req: &GraphRequest) -> Result<u32, GraphError> {
    match req.graph_version() {
        Version::Expired(_) if is_ads_api(state, req) => Err(wire::deprecated_version()),
        Version::Unknown => {
            let sent: String = req
                .version
                .as_deref()
                .unwrap_or("")
                .chars()
                .take(16)
                .collect();
            Err(wire::unknown_version(&sent))
        }
        v => Ok(v.served().unwrap_or(wire::OLDEST_VERSION)),
    }
}

/// What Graph removed from a version on, refused before anything is read: root `?ids=` reads
/// (removed for v26.0 calls and on every version from 2026-10-27, Graph v26.0 changelog; the
/// error is reported in restfb #1692, its wording here is the sandbox's own) and field
/// aliases on v27.0 (the sandbox's own wording).
fn refuse_removed(req: &GraphRequest, version: u32) -> Result<(), GraphError> {
    if req.method == Method::GET && req.segments.is_empty() && req.params.has("ids") {
        return Err(GraphError::invalid(
            "Root multi-ID reads (GET /?ids=) were removed in v26.0, and on every version from 2026-10-27: read each object by its id, or filter a list edge",
        )
        .blame(&["ids"]));
    }
    if version >= ALIASES_GONE
        && let Some(alias) = req
            .params
            .text("fields")
            .and_then(|f| fields::first_alias(&fields::parse(f)))
    {
        return Err(GraphError::invalid(format!(
            "Field aliases are not available on {}: ask for the field by its own name, not {alias}",
            wire::version_label(version)
        ))
        .blame(&["fields"]));
    }
    Ok(())
}

/// Answers one request (already authorised and charged).
pub fn dispatch(ctx: &mut Ctx, req: &GraphRequest) -> Result<Value, GraphError> {
    refuse_removed(req, served_version(ctx.state, req)?)?;
    let segs: Vec<&str> = req.segments.iter().map(String::as_str).collect();
    let edges = super::previews::route(ctx, req, &segs);
    if let Some(answer) = edges.or_else(|| copies::route(ctx, req, &segs)) {
        return answer;
    }
    let m = &req.method;
    match (m, segs.as_slice()) {
        (&Method::POST, []) if req.params.has("batch") => {
            Err(GraphError::invalid("batch is handled before dispatch"))
        }
        (&Method::GET, ["me"]) => Ok(select_or(
            ctx,
            json!({"id": state::USER_ID, "name": "dcw Sandbox User"}),
            req,
            Some(&["name"]),
        )),
        (&Method::GET, ["me", "adaccounts"]) => {
            check_fields(req, Node::AdAccount)?;
            let items: Vec<Value> = ctx
                .state
                .accounts
                .iter()
                .map(|a| select_or(ctx, account_json(a), req, Some(&["account_id"])))
                .collect();
            Ok(page(ctx, req, items))
        }
        (&Method::GET, ["me", "accounts"]) => {
            let item = select_or(ctx, page_json(), req, Some(&["name", "category"]));
            Ok(page(ctx, req, vec![item]))
        }
        (&Method::GET, ["me", edge]) => Err(GraphError::unknown_field("User", edge)),
        (&Method::GET, ["search"]) => {
            let found = search::search(req)?;
            Ok(page_with(ctx, req, found, search::render))
        }
        (&Method::GET, [act]) if act.starts_with("act_") => {
            let a = known_account(ctx.state, act, "get")?;
            check_fields(req, Node::AdAccount)?;
            Ok(select(ctx, account_json(a), req))
        }
        (&Method::GET, [act, "adspixels"]) if act.starts_with("act_") => {
            let a = known_account(ctx.state, act, "get")?;
            let pixel = json!({"id": state::PIXEL_ID, "name": format!("{} pixel", a.name), "code": "<!-- Meta Pixel -->"});
            Ok(page(ctx, req, vec![select_or(ctx, pixel, req, None)]))
        }
        (&Method::GET, [act, "minimum_budgets"]) if act.starts_with("act_") => {
            let a = known_account(ctx.state, act, "get")?;
            budgets::edge(&a.currency, req.params.text("bid_amount"))
        }
        (&Method::GET, [act, "customaudiences"]) if act.starts_with("act_") => {
            let a = known_account(ctx.state, act, "get")?;
            check_fields(req, Node::CustomAudience)?;
            let views = audiences::of_account(&a.digits, &a.currency)
                .iter()
                .map(audiences::Audience::view)
                .collect();
            Ok(page_with(ctx, req, views, |v| select(ctx, v, req)))
        }
        (&Method::GET, [act, "delivery_estimate"]) if act.starts_with("act_") => {
            estimate::edge(req, known_account(ctx.state, act, "get")?)
        }
        (&Method::GET, [act, edge]) if act.starts_with("act_") => {
            let digits = known_account(ctx.state, act, "get")?.digits.clone();
            let kind = Kind::from_edge(edge)
                .ok_or_else(|| GraphError::unknown_field(Node::AdAccount.node_type(), edge))?;
            check_fields(req, Node::Object(kind))?;
            list_edge(ctx, req, &digits, kind)
        }
        (&Method::POST, [act, edge]) if act.starts_with("act_") => {
            let digits = known_account(ctx.state, act, "post")?.digits.clone();
            create::create(ctx, req, &digits, edge)
        }
        (&Method::GET, [id]) => {
            let o = ctx
                .state
                .get(id)
                .ok_or_else(|| GraphError::unknown_object("get", id))?;
            check_fields(req, Node::Object(o.kind))?;
            Ok(render(ctx, o, req))
        }
        (&Method::POST, [id]) => update::update(ctx, req, id),
        (&Method::DELETE, [id]) => update::delete(ctx, id),
        (&Method::GET, [id, edge]) => {
            let parent = ctx
                .state
                .get(id)
                .ok_or_else(|| GraphError::unknown_object("get", id))?;
            if *edge == "insights" && matches!(parent.kind, Kind::Ad | Kind::AdSet | Kind::Campaign)
            {
                let rows = insights::rows(ctx, req, parent)?;
                return Ok(page(ctx, req, rows));
            }
            if *edge == "thumbnails"
                && parent.kind == Kind::Video
                && let Some(r) = ctx.state.videos.get(*id)
            {
                let thumbs = videos::thumbnails(ctx.base_url, id, r, ctx.now_ms);
                return Ok(page_with(ctx, req, thumbs, |v| {
                    select_or(ctx, v, req, None)
                }));
            }
            let (key, kind) = match (parent.kind, *edge) {
                (Kind::Campaign, "adsets") => ("campaign_id", Kind::AdSet),
                (Kind::Campaign, "ads") => ("campaign_id", Kind::Ad),
                (Kind::AdSet, "ads") => ("adset_id", Kind::Ad),
                (kind, _) => return Err(GraphError::unknown_field(kind.node_type(), edge)),
            };
            check_fields(req, Node::Object(kind))?;
            let items: Vec<&Object> = ctx.state.children(key, id, kind).collect();
            let views = filter_views(ctx, req, items)?;
            Ok(page_with(ctx, req, views, |v| select(ctx, v, req)))
        }
        _ => Err(GraphError::unknown_path(&format!(
            "/{}",
            req.segments.join("/")
        ))),
    }
}

fn known_account<'s>(
    s: &'s State,
    act: &str,
    method: &str,
) -> Result<&'s state::Account, GraphError> {
    let digits = act.trim_start_matches("act_");
    s.account(digits)
        .ok_or_else(|| GraphError::unknown_object(method, act))
}

fn account_json(a: &state::Account) -> Value {
    json!({
        "id": format!("act_{}", a.digits),
        "account_id": a.digits,
        "name": a.name,
        "currency": a.currency,
        "timezone_name": a.timezone_name,
        "account_status": 1,
    })
}

fn page_json() -> Value {
    json!({
        "id": state::PAGE_ID,
        "name": state::PAGE_NAME,
        "category": "Clothing Store",
        "instagram_business_account": {"id": state::INSTAGRAM_ID},
    })
}

/// Refuses a `fields` parameter naming what `node` does not have, before anything is read, as
/// Graph does (an empty list edge is refused too).
fn check_fields(req: &GraphRequest, node: Node) -> Result<(), GraphError> {
    match req.params.text("fields") {
        Some(f) => fields::check(node, &fields::parse(f)),
        None => Ok(()),
    }
}

/// Keeps `id` and the requested fields (only `id` when none are asked for).
fn select(ctx: &Ctx, full: Value, req: &GraphRequest) -> Value {
    select_or(ctx, full, req, Some(&[]))
}

/// Keeps `id` and the requested fields, nested selections read through (`fields.rs`); when
/// none are asked for, `id` and `defaults` (Graph's default fields for the node), or everything
/// when `defaults` is `None`.
fn select_or(ctx: &Ctx, full: Value, req: &GraphRequest, defaults: Option<&[&str]>) -> Value {
    let wanted = match (req.params.text("fields"), defaults) {
        (None, None) => return full,
        (None, Some(d)) => d.iter().map(|f| fields::Field::named(f)).collect(),
        (Some(f), _) => fields::parse(f),
    };
    fields::select(ctx, full, &wanted)
}

fn render(ctx: &Ctx, o: &Object, req: &GraphRequest) -> Value {
    select(ctx, full_view(ctx, o), req)
}

/// One `filtering` clause: `{"field": "name", "operator": "CONTAIN", "value": "x"}`.
fn matches_filter(view: &Value, clause: &Value) -> Result<bool, GraphError> {
    let field = clause.get("field").and_then(Value::as_str).unwrap_or("");
    let op = clause.get("operator").and_then(Value::as_str).unwrap_or("");
    let want = clause.get("value").cloned().unwrap_or(Value::Null);
    // `adset.id` reads through the reference; a path that does not resolve reads its head.
    let have = field
        .split('.')
        .try_fold(view, |v, key| v.get(key))
        .or_else(|| view.get(field.split('.').next().unwrap_or(field)));
    let have_text = have.and_then(Value::as_str).unwrap_or("");
    let as_list = |v: &Value| -> Vec<String> {
        match v {
            Value::Array(a) => a
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            Value::String(s) => vec![s.clone()],
            _ => vec![],
        }
    };
    Ok(match op {
        "CONTAIN" => have_text.contains(want.as_str().unwrap_or("")),
        "NOT_CONTAIN" => !have_text.contains(want.as_str().unwrap_or("")),
        "EQUAL" => have.is_some_and(|h| {
            h == &want || h.as_str() == want.as_str().filter(|_| want.is_string())
        }),
        "NOT_EQUAL" => have.is_none_or(|h| h != &want),
        "IN" => as_list(&want).iter().any(|w| w == have_text),
        "NOT_IN" => !as_list(&want).iter().any(|w| w == have_text),
        other => {
            return Err(GraphError::invalid(format!(
                "Filtering operator {other} is not supported by the sandbox (CONTAIN, NOT_CONTAIN, EQUAL, NOT_EQUAL, IN, NOT_IN)."
            ))
            .blame(&["filtering"]));
        }
    })
}

/// The full views of the items that pass the edge's filters (`effective_status`,
/// `updated_since`, `filtering`); the page is cut from these before fields are selected, so
/// nested reads are made for the page only.
fn filter_views(
    ctx: &Ctx,
    req: &GraphRequest,
    items: Vec<&Object>,
) -> Result<Vec<Value>, GraphError> {
    let filters = match req.params.json("filtering") {
        None => Vec::new(),
        Some(Value::Array(a)) => a,
        Some(_) => {
            return Err(GraphError::invalid(
                "filtering must be a JSON array of {field, operator, value}.",
            )
            .blame(&["filtering"]));
        }
    };
    let statuses = req.params.list("effective_status");
    // Deleted objects are read by their own id only; an edge filtered on DELETED is an error
    // (Meta's "Manage your ad object's status" and its Deleted-vs-Archived table; the wording
    // here is the sandbox's own, Meta documents the refusal, not its text).
    if statuses
        .as_ref()
        .is_some_and(|list| list.iter().any(|s| s == "DELETED"))
    {
        return Err(GraphError::invalid(
            "Deleted objects are not listed on edges: read a deleted object by its own id.",
        )
        .blame(&["effective_status"]));
    }
    let since = req
        .params
        .text("updated_since")
        .and_then(|s| s.parse::<u64>().ok());
    let mut out = Vec::new();
    for o in items {
        let view = full_view(ctx, o);
        let effective = view
            .get("effective_status")
            .and_then(Value::as_str)
            .unwrap_or("");
        match &statuses {
            Some(list) => {
                if !list.iter().any(|s| s == effective) {
                    continue;
                }
            }
            // Without a status filter, neither deleted nor archived objects are listed.
            None => {
                if matches!(effective, "DELETED" | "ARCHIVED") {
                    continue;
                }
            }
        }
        if since.is_some_and(|s| review::updated_ms(o, ctx.now_ms) / 1000 < s) {
            continue;
        }
        let mut keep = true;
        for clause in &filters {
            keep &= matches_filter(&view, clause)?;
        }
        if keep {
            out.push(view);
        }
    }
    Ok(out)
}

fn list_edge(
    ctx: &mut Ctx,
    req: &GraphRequest,
    account: &str,
    kind: Kind,
) -> Result<Value, GraphError> {
    let mut items: Vec<&Object> = ctx.state.of_kind(account, kind).collect();
    if kind == Kind::Image
        && let Some(hashes) = req.params.list("hashes")
    {
        items.retain(|o| {
            o.str_field("hash")
                .is_some_and(|h| hashes.iter().any(|x| x == h))
        });
    }
    let views = filter_views(ctx, req, items)?;
    Ok(page_with(ctx, req, views, |v| select(ctx, v, req)))
}

/// A list edge: `{"data": [...], "paging": {"cursors": {...}, "next": ...}}`, `limit` and
/// `after` honoured. Cursors are opaque: base64 of the position.
fn page(ctx: &Ctx, req: &GraphRequest, items: Vec<Value>) -> Value {
    page_with(ctx, req, items, |v| v)
}

/// `page`, with `render` applied to the items of the page only (so a long list of matches is
/// rendered a page at a time).
fn page_with<T: Clone>(
    ctx: &Ctx,
    req: &GraphRequest,
    items: Vec<T>,
    render: impl Fn(T) -> Value,
) -> Value {
    let token = req.token.as_deref();
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let limit = req
        .params
        .text("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .filter(|l| *l > 0)
        .unwrap_or(DEFAULT_LIMIT)
        .min(MAX_LIMIT);
    let start = req
        .params
        .text("after")
        .and_then(|c| b64.decode(c).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(0)
        .min(items.len());
    let end = start.saturating_add(limit).min(items.len());
    let data: Vec<Value> = items[start..end].iter().cloned().map(render).collect();
    if data.is_empty() {
        return json!({"data": []});
    }
    let mut paging = json!({
        "cursors": {
            "before": b64.encode(start.to_string()),
            "after": b64.encode(end.to_string()),
        }
    });
    if end < items.len() {
        // Graph's `next` links carry the whole query, token included.
        let Ok(mut next) = url::Url::parse(ctx.base_url) else {
            return json!({"data": data, "paging": paging});
        };
        let mut path = String::new();
        if let Some(v) = &req.version {
            path.push('/');
            path.push_str(v);
        }
        for s in &req.segments {
            path.push('/');
            path.push_str(s);
        }
        next.set_path(&path);
        {
            let mut q = next.query_pairs_mut();
            for (k, v) in req.params.iter() {
                if let super::wire::Param::Text { text: t, .. } = v
                    && k != "after"
                {
                    q.append_pair(k, t);
                }
            }
            q.append_pair("after", &b64.encode(end.to_string()));
            if let Some(t) = token {
                q.append_pair("access_token", t);
            }
        }
        paging["next"] = json!(next.to_string());
    }
    json!({"data": data, "paging": paging})
}
