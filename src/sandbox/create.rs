//! Writes: creating campaigns, ad sets, images, creatives and ads, with the spec engine's rules
//! plus the rules only the server knows; updates and deletes.

use md5::{Digest, Md5};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use super::budgets;
use super::error::GraphError;
use super::handler::Ctx;
use super::review;
use super::rules;
use super::state::{Kind, Object, Review};
use super::targeting;
use super::upload;
use super::videos;
use super::wire::{GraphRequest, OLDEST_VERSION};
use crate::spec::{self, AssetFeedSpec, Campaign, Creative};

const BOOL_PARAMS: &[&str] = &[
    "is_adset_budget_sharing_enabled",
    "is_dynamic_creative",
    "is_autobid",
];
const LIST_PARAMS: &[&str] = &[
    "special_ad_categories",
    "special_ad_category_country",
    "execution_options",
];
/// Scalar parameters, never JSON-decoded.
const TEXT_PARAMS: &[&str] = &[
    "name",
    "status",
    "objective",
    "buying_type",
    "bid_strategy",
    "optimization_goal",
    "billing_event",
    "destination_type",
    "start_time",
    "end_time",
    "daily_budget",
    "lifetime_budget",
    "bid_amount",
    "spend_cap",
    "campaign_id",
    "adset_id",
    "url_tags",
];
/// Parameters that steer the call rather than describe the object.
const CONTROL_PARAMS: &[&str] = &[
    "execution_options",
    "fields",
    "method",
    "suppress_http_code",
    "pretty",
    "format",
];

/// Meta's image hash: the MD5 of the bytes, in lowercase hex.
pub(super) fn md5_hex(bytes: &[u8]) -> String {
    Md5::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The request's own parameters as a JSON object: nested parameters decoded, booleans and lists
/// read as Graph reads them.
pub(super) fn params_object(req: &GraphRequest) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, v) in req.params.iter() {
        let super::wire::Param::Text { text, json } = v else {
            continue;
        };
        if CONTROL_PARAMS.contains(&k.as_str()) {
            continue;
        }
        let value = if BOOL_PARAMS.contains(&k.as_str()) {
            match text.as_str() {
                "1" | "true" | "True" => Value::Bool(true),
                "0" | "false" | "False" => Value::Bool(false),
                _ => Value::String(text.clone()),
            }
        } else if LIST_PARAMS.contains(&k.as_str()) {
            json!(req.params.list(k).unwrap_or_default())
        } else if TEXT_PARAMS.contains(&k.as_str()) {
            // Scalars Graph reads as text: `name=null` is a campaign named "null".
            Value::String(text.clone())
        } else {
            // Decoded as the request was read, before the lock.
            json.clone().unwrap_or_else(|| Value::String(text.clone()))
        };
        out.insert(k.clone(), value);
    }
    out
}

pub(super) fn validate_only(req: &GraphRequest) -> bool {
    req.params
        .list("execution_options")
        .is_some_and(|l| l.iter().any(|o| o == "validate_only"))
}

fn synchronous_review(req: &GraphRequest) -> bool {
    req.params
        .list("execution_options")
        .is_some_and(|l| l.iter().any(|o| o == "synchronous_ad_review"))
}

/// Reads params into a spec type; a wrong JSON type is Graph's invalid parameter.
pub(super) fn typed<T: DeserializeOwned>(value: Value) -> Result<T, GraphError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let mut err = GraphError::invalid(format!("Param {path} is invalid: {}", e.inner()));
        err.blame
            .push(path.split('.').map(str::to_string).collect());
        err
    })
}

fn required<'a>(req: &'a GraphRequest, key: &str) -> Result<&'a str, GraphError> {
    req.params
        .text(key)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| {
            GraphError::invalid(format!("The parameter {key} is required")).blame(&[key])
        })
}

/// The parent of a new object: it exists, is of the right kind and is in this account. When
/// not, the error blames `field`, the parameter that named it.
pub(super) fn parent<'s>(
    ctx: &'s Ctx,
    id: &str,
    kind: Kind,
    account: &str,
    field: &str,
) -> Result<&'s Object, GraphError> {
    ctx.state
        .get(id)
        .filter(|o| o.kind == kind && o.account == account)
        .ok_or_else(|| GraphError::unknown_object("post", id).blame(&[field]))
}

pub(super) fn store(
    ctx: &mut Ctx,
    kind: Kind,
    account: &str,
    fields: Map<String, Value>,
    review: Option<Review>,
) -> Value {
    let id = ctx.state.new_id();
    ctx.state.insert(Object {
        id: id.clone(),
        kind,
        account: account.to_string(),
        fields,
        created_ms: ctx.now_ms,
        updated_ms: ctx.now_ms,
        review,
    });
    json!({ "id": id })
}

/// `POST /act_<id>/<edge>`.
pub fn create(
    ctx: &mut Ctx,
    req: &GraphRequest,
    account: &str,
    edge: &str,
) -> Result<Value, GraphError> {
    match edge {
        "campaigns" => create_campaign(ctx, req, account),
        "adsets" => create_ad_set(ctx, req, account),
        "adimages" => create_images(ctx, req, account),
        "adcreatives" => create_creative(ctx, req, account),
        "ads" => create_ad(ctx, req, account),
        "advideos" => upload::advideos(ctx, req, account),
        other => Err(GraphError::unknown_path(other)),
    }
}

fn create_campaign(ctx: &mut Ctx, req: &GraphRequest, account: &str) -> Result<Value, GraphError> {
    let fields = params_object(req);
    let campaign: Campaign = typed(Value::Object(fields.clone()))?;
    let has_budget = campaign.daily_budget.is_some() || campaign.lifetime_budget.is_some();
    rules::campaign(&campaign)?;
    budgets::campaign(&campaign, &account_currency(ctx, account))?;
    if !has_budget && campaign.is_adset_budget_sharing_enabled.is_none() {
        return Err(GraphError::invalid("Invalid parameter")
            .user(
                "Budget sharing not specified",
                "Must specify True or False in is_adset_budget_sharing_enabled field",
            )
            .blame(&["is_adset_budget_sharing_enabled"]));
    }
    if validate_only(req) {
        return Ok(json!({"success": true}));
    }
    Ok(store(ctx, Kind::Campaign, account, fields, None))
}

/// The account's currency (`USD` for an account the sandbox does not hold).
pub(super) fn account_currency(ctx: &Ctx, account: &str) -> String {
    ctx.state
        .account(account)
        .map_or_else(|| "USD".into(), |a| a.currency.clone())
}

/// A stored campaign read as the spec type (stored fields came from a valid create).
pub(super) fn stored_campaign(o: &Object) -> Campaign {
    serde_json::from_value(Value::Object(o.fields.clone())).unwrap_or_default()
}

fn create_ad_set(ctx: &mut Ctx, req: &GraphRequest, account: &str) -> Result<Value, GraphError> {
    let campaign_id = required(req, "campaign_id")?.to_string();
    let campaign = stored_campaign(parent(
        ctx,
        &campaign_id,
        Kind::Campaign,
        account,
        "campaign_id",
    )?);
    let mut fields = params_object(req);
    if let Some(t) = fields.get_mut("targeting") {
        let version = req.graph_version().served().unwrap_or(OLDEST_VERSION);
        rules::placements(t, version)?;
    }
    let mut ad_set_fields = fields.clone();
    ad_set_fields.remove("campaign_id");
    let ad_set: spec::AdSet = typed(Value::Object(ad_set_fields))?;
    let now = chrono::DateTime::from_timestamp_millis(ctx.now_ms as i64).unwrap_or_default();
    rules::ad_set(&ad_set, &campaign, now)?;
    if let Some(t) = &ad_set.targeting {
        targeting::check(t, &campaign)?;
    }
    budgets::ad_set(&ad_set, &account_currency(ctx, account), now)?;
    if validate_only(req) {
        return Ok(json!({"success": true}));
    }
    Ok(store(ctx, Kind::AdSet, account, fields, None))
}

fn create_images(ctx: &mut Ctx, req: &GraphRequest, account: &str) -> Result<Value, GraphError> {
    use base64::Engine;
    let mut uploads: Vec<(String, Vec<u8>)> = req
        .params
        .files()
        .map(|(field, filename, bytes)| {
            let name = if filename.is_empty() { field } else { filename };
            (name.to_string(), bytes.to_vec())
        })
        .collect();
    if let Some(b64) = req.params.text("bytes") {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(b64.trim())
            .map_err(|_| {
                GraphError::invalid("Param bytes must be a base64-encoded image").blame(&["bytes"])
            })?;
        uploads.push(("bytes".into(), bytes));
    }
    if uploads.is_empty() {
        return Err(GraphError::invalid("No image file was uploaded: send a multipart file with a filename extension, or bytes=<base64>.")
            .blame(&["filename"]));
    }
    let mut images = Map::new();
    for (name, bytes) in uploads {
        if name != "bytes"
            && !name
                .rsplit_once('.')
                .is_some_and(|(stem, ext)| !stem.is_empty() && !ext.is_empty())
        {
            return Err(GraphError::invalid(format!(
                "The image file name \"{name}\" has no extension: include one such as sample.jpg"
            ))
            .blame(&["filename"]));
        }
        let size = imagesize::blob_size(&bytes).map_err(|_| {
            GraphError::invalid(format!("The file {name} is not an image Graph can read"))
                .blame(&["filename"])
        })?;
        let hash = md5_hex(&bytes);
        ctx.state.image_bytes.keep(&hash, &bytes);
        let url = format!("{}/_sandbox/adimages/{hash}", ctx.base_url);
        let info = json!({
            "hash": hash,
            "url": url,
            "width": size.width,
            "height": size.height,
            "name": name,
        });
        let id = format!("{account}:{hash}");
        if ctx.state.get(&id).is_none() {
            let mut fields = info.as_object().cloned().unwrap_or_default();
            fields.insert("account_id".into(), json!(account));
            ctx.state.insert(Object {
                id,
                kind: Kind::Image,
                account: account.to_string(),
                fields,
                created_ms: ctx.now_ms,
                updated_ms: ctx.now_ms,
                review: None,
            });
        }
        images.insert(name, info);
    }
    Ok(json!({ "images": images }))
}

/// Refuses a feed image given by `file` (dcw's own key) or by a hash the account's image
/// library does not have, as the adcreatives edge does (and the generatepreviews edge too).
pub(super) fn feed_images(
    state: &super::state::State,
    account: &str,
    feed: &AssetFeedSpec,
) -> Result<(), GraphError> {
    for (i, img) in feed.images.iter().flatten().enumerate() {
        if img.file.is_some() {
            return Err(GraphError::invalid(format!(
                "Param asset_feed_spec[images][{i}][file] is not a valid field: upload the image to /adimages and send its hash"
            ))
            .blame(&["asset_feed_spec", "images"]));
        }
        if let Some(hash) = &img.hash
            && state.image(account, hash).is_none()
        {
            return Err(GraphError::invalid(format!(
                "Image with hash {hash} does not exist in ad account act_{account}"
            ))
            .user("Image Not Found", format!("The image with hash {hash} is not in this ad account's image library. Upload it to /adimages first."))
            .blame(&["asset_feed_spec", "images"]));
        }
    }
    Ok(())
}

fn create_creative(ctx: &mut Ctx, req: &GraphRequest, account: &str) -> Result<Value, GraphError> {
    let mut fields = params_object(req);
    let story = fields.get("object_story_spec").cloned();
    if story.as_ref().and_then(|s| s.get("page_id")).is_none() {
        return Err(
            GraphError::invalid("object_story_spec with a page_id is required")
                .blame(&["object_story_spec"]),
        );
    }
    super::features::check(&fields)?;
    if let Some(feed_value) = fields.get("asset_feed_spec").cloned() {
        let feed: AssetFeedSpec = typed(json!({ "asset_feed_spec": feed_value }))
            .map(|c: Creative| c.asset_feed_spec.unwrap_or_default())?;
        feed_images(ctx.state, account, &feed)?;
        rules::feed(&feed)?;
        videos::check_feed(ctx.state, account, &feed, ctx.now_ms)?;
        // Meta's read-back adds these (DOC-AFS "Read Asset Feed").
        if let Some(Value::Object(f)) = fields.get_mut("asset_feed_spec") {
            let ctas: Vec<Value> = feed
                .call_to_action_types
                .iter()
                .flatten()
                .map(|c| json!({"type": c.as_str()}))
                .collect();
            f.entry("call_to_actions").or_insert(Value::Array(ctas));
            f.entry("optimization_type").or_insert(json!("REGULAR"));
        }
    }
    if validate_only(req) {
        return Ok(json!({"success": true}));
    }
    super::features::as_read(&mut fields);
    Ok(store(ctx, Kind::Creative, account, fields, None))
}

/// The DC rules between an ad set and a creative, and the objective's call-to-action types.
pub(super) fn check_ad_fits(
    ctx: &Ctx,
    adset: &Object,
    creative: &Object,
    new_ad: bool,
) -> Result<(), GraphError> {
    let dynamic = adset.fields.get("is_dynamic_creative") == Some(&Value::Bool(true));
    let has_feed = creative.fields.contains_key("asset_feed_spec");
    if dynamic && !has_feed {
        return Err(
            GraphError::invalid("Cannot Create Or Update Ads In Dynamic Creative Ad Set")
                .subcode(1885274)
                .user(
                    "Cannot Create Or Update Ads In Dynamic Creative Ad Set",
                    "A dynamic-creative ad set only takes a creative with an asset_feed_spec.",
                )
                .blame(&["creative"]),
        );
    }
    if !dynamic && has_feed {
        return Err(GraphError::invalid(
            "Cannot Create Dynamic Creative ad In Non-Dynamic Creative Ad Set",
        )
        .subcode(1885998)
        .user(
            "Ad Set Is Not Dynamic Creative",
            "An asset_feed_spec creative needs an ad set created with is_dynamic_creative=true.",
        )
        .blame(&["adset_id"]));
    }
    if dynamic && new_ad {
        let taken = ctx
            .state
            .children("adset_id", &adset.id, Kind::Ad)
            .any(|a| !matches!(a.str_field("status"), Some("DELETED" | "ARCHIVED")));
        if taken {
            return Err(GraphError::invalid("Dynamic Creative Ad Set allows at most one active ad in it")
                .subcode(1885553)
                .user("Too Many Ads in Dynamic Creative Ad Set", "Dynamic Creative Ad Set allows at most one active ad in it. Create a new ad set for another ad.")
                .blame(&["adset_id"]));
        }
    }
    let objective = adset
        .str_field("campaign_id")
        .and_then(|c| ctx.state.get(c))
        .and_then(|c| c.str_field("objective"))
        .unwrap_or("");
    let ctas = creative
        .fields
        .get("asset_feed_spec")
        .and_then(|f| f.get("call_to_action_types"))
        .and_then(Value::as_array);
    for cta in ctas.into_iter().flatten().filter_map(Value::as_str) {
        rules::call_to_action(objective, cta)?;
    }
    Ok(())
}

pub(super) fn creative_id(req: &GraphRequest) -> Result<String, GraphError> {
    let c = req.params.json("creative").unwrap_or(Value::Null);
    c.get("creative_id")
        .and_then(|v| {
            v.as_str()
                .map(str::to_string)
                .or_else(|| v.as_u64().map(|n| n.to_string()))
        })
        .ok_or_else(|| {
            GraphError::invalid("The parameter creative must be {\"creative_id\": <id>}")
                .blame(&["creative"])
        })
}

pub(super) fn review_for(ctx: &Ctx, creative: &Object) -> Review {
    Review {
        decision: review::decide(creative, review::creative_seq(creative), &|id| {
            ctx.state
                .get(id)
                .filter(|o| o.kind == Kind::Video)
                .and_then(|o| o.str_field("title"))
                .map(str::to_string)
        }),
        due_ms: ctx.now_ms + ctx.review_delay_ms,
    }
}

/// The synchronous review of an ad's dry run: only what `review::synchronous_findings` checks
/// (language, malformed links), never the keyword policy of the full review. The message,
/// title and blame are the sandbox's own wording; Meta documents only that a failing call
/// "returns an error with more details".
fn synchronous_review_check(creative: &Object) -> Result<(), GraphError> {
    match review::synchronous_findings(creative) {
        Some((list, i, sentence)) => Err(GraphError::invalid(format!(
            "The ad did not pass the synchronous ads integrity review: asset_feed_spec[{list}][{i}]"
        ))
        .user("Ad Did Not Pass Review", sentence)
        .blame(&["creative", "asset_feed_spec", &list])),
        None => Ok(()),
    }
}

fn create_ad(ctx: &mut Ctx, req: &GraphRequest, account: &str) -> Result<Value, GraphError> {
    let adset_id = required(req, "adset_id")?.to_string();
    let cid = creative_id(req)?;
    let adset = parent(ctx, &adset_id, Kind::AdSet, account, "adset_id")?;
    let creative = parent(ctx, &cid, Kind::Creative, account, "creative")?;
    check_ad_fits(ctx, adset, creative, true)?;
    let status = req.params.text("status").unwrap_or("ACTIVE");
    if !matches!(status, "ACTIVE" | "PAUSED") {
        return Err(
            GraphError::invalid(format!("A new ad is ACTIVE or PAUSED, not {status}"))
                .blame(&["status"]),
        );
    }
    if validate_only(req) {
        if synchronous_review(req) {
            synchronous_review_check(creative)?;
        }
        return Ok(json!({"success": true}));
    }
    let review = review_for(ctx, creative);
    let campaign_id = adset.str_field("campaign_id").unwrap_or("").to_string();
    let mut fields = params_object(req);
    fields.insert("creative".into(), json!({"id": cid}));
    fields.insert("campaign_id".into(), json!(campaign_id));
    fields.insert("status".into(), json!(status));
    Ok(store(ctx, Kind::Ad, account, fields, Some(review)))
}
