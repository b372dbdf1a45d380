//! `POST /<adset_id>/copies`: a copy of an ad set, with its ads when `deep_copy` is true, in
//! Meta's shape (the Ad Set Copies reference): parameters `campaign_id` (the copy's campaign,
//! the source's when absent), `deep_copy`, `status_option` (`ACTIVE`, `PAUSED`,
//! `INHERITED_FROM_SOURCE`; `PAUSED` when absent), `rename_options` (`rename_strategy`,
//! `rename_prefix`, `rename_suffix`), `start_time`, `end_time`; the answer
//! `{"copied_adset_id", "ad_object_ids": [{"ad_object_type", "source_id", "copied_id"}]}`.
//! Meta copies at most 3 objects (the ad set and its ads) in one synchronous call; the refusal's
//! wording, and the default name suffix ` - Copy`, are the sandbox's own.

use serde_json::{Map, Value, json};

use super::budgets;
use super::create::{
    account_currency, params_object, parent, review_for, store, typed, validate_only,
};
use super::error::GraphError;
use super::handler::Ctx;
use super::state::{Kind, Object};
use super::wire::GraphRequest;

/// Objects one synchronous copy makes at most (Meta: "a maximum of 3 entities between ad set
/// and ads").
const MAX_COPIED: usize = 3;

/// How names change: Meta's `rename_options`.
struct Rename {
    strategy: String,
    prefix: String,
    suffix: String,
}

impl Rename {
    fn of(req: &GraphRequest) -> Result<Rename, GraphError> {
        let given = params_object(req)
            .remove("rename_options")
            .unwrap_or(Value::Null);
        let text = |k: &str| given.get(k).and_then(Value::as_str).map(str::to_string);
        let strategy = text("rename_strategy").unwrap_or_else(|| "ONLY_TOP_LEVEL_RENAME".into());
        if !matches!(
            strategy.as_str(),
            "DEEP_RENAME" | "ONLY_TOP_LEVEL_RENAME" | "NO_RENAME"
        ) {
            return Err(GraphError::invalid(format!(
                "Param rename_options[rename_strategy] must be one of DEEP_RENAME, ONLY_TOP_LEVEL_RENAME, NO_RENAME, not {strategy}"
            ))
            .blame(&["rename_options"]));
        }
        let (prefix, suffix) = (text("rename_prefix"), text("rename_suffix"));
        let suffix = match (&prefix, suffix) {
            (None, None) => " - Copy".to_string(),
            (_, s) => s.unwrap_or_default(),
        };
        Ok(Rename {
            strategy,
            prefix: prefix.unwrap_or_default(),
            suffix,
        })
    }

    fn name(&self, o: &Object, top: bool) -> Value {
        let name = o.str_field("name").unwrap_or("");
        let renamed = match self.strategy.as_str() {
            "NO_RENAME" => false,
            "ONLY_TOP_LEVEL_RENAME" => top,
            _ => true,
        };
        if renamed {
            json!(format!("{}{name}{}", self.prefix, self.suffix))
        } else {
            json!(name)
        }
    }
}

/// The answer to `POST /<adset_id>/copies`, or `None` for any other request.
pub fn route(
    ctx: &mut Ctx,
    req: &GraphRequest,
    segs: &[&str],
) -> Option<Result<Value, GraphError>> {
    match (&req.method, segs) {
        (&axum::http::Method::POST, [id, "copies"]) => Some(copy_ad_set(ctx, req, id)),
        _ => None,
    }
}

/// `POST /<adset_id>/copies`.
fn copy_ad_set(ctx: &mut Ctx, req: &GraphRequest, id: &str) -> Result<Value, GraphError> {
    let source = ctx
        .state
        .get(id)
        .filter(|o| o.kind == Kind::AdSet)
        .ok_or_else(|| GraphError::unknown_object("post", id))?
        .clone();
    let params = params_object(req);
    let campaign_id = match params.get("campaign_id").and_then(Value::as_str) {
        Some(c) => parent(ctx, c, Kind::Campaign, &source.account, "campaign_id")?
            .id
            .clone(),
        None => source.str_field("campaign_id").unwrap_or("").to_string(),
    };
    let deep = matches!(params.get("deep_copy"), Some(Value::Bool(true)))
        || matches!(req.params.text("deep_copy"), Some("true" | "1"));
    let status = match req.params.text("status_option").unwrap_or("PAUSED") {
        "INHERITED_FROM_SOURCE" => None,
        s @ ("ACTIVE" | "PAUSED") => Some(s.to_string()),
        other => {
            return Err(GraphError::invalid(format!(
                "Param status_option must be one of ACTIVE, PAUSED, INHERITED_FROM_SOURCE, not {other}"
            ))
            .blame(&["status_option"]));
        }
    };
    let rename = Rename::of(req)?;
    let ads: Vec<Object> = if deep {
        ctx.state
            .children("adset_id", id, Kind::Ad)
            .filter(|a| !matches!(a.str_field("status"), Some("DELETED" | "ARCHIVED")))
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    if 1 + ads.len() > MAX_COPIED {
        return Err(GraphError::invalid(format!(
            "Invalid parameter: a copy makes at most {MAX_COPIED} objects at once (the ad set and its ads); this one would make {}",
            1 + ads.len()
        ))
        .blame(&["deep_copy"]));
    }
    let mut fields = source.fields.clone();
    fields.insert("campaign_id".into(), json!(campaign_id));
    fields.insert("name".into(), rename.name(&source, true));
    for k in ["start_time", "end_time"] {
        if let Some(v) = params.get(k) {
            fields.insert(k.into(), v.clone());
        }
    }
    set_status(&mut fields, &status);
    let mut typed_fields = fields.clone();
    typed_fields.remove("campaign_id");
    typed_fields.remove("status");
    let ad_set: crate::spec::AdSet = typed(Value::Object(typed_fields))?;
    let now = chrono::DateTime::from_timestamp_millis(ctx.now_ms as i64).unwrap_or_default();
    budgets::ad_set(&ad_set, &account_currency(ctx, &source.account), now)?;
    if validate_only(req) {
        return Ok(json!({"success": true}));
    }
    let account = source.account.clone();
    let copied = store(ctx, Kind::AdSet, &account, fields, None)["id"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let mut objects =
        vec![json!({"ad_object_type": "ad_set", "source_id": id, "copied_id": copied})];
    for ad in ads {
        let mut f = ad.fields.clone();
        f.insert("adset_id".into(), json!(copied));
        f.insert("campaign_id".into(), json!(campaign_id));
        f.insert("name".into(), rename.name(&ad, false));
        set_status(&mut f, &status);
        let review = ad
            .fields
            .get("creative")
            .and_then(|c| c.get("id"))
            .and_then(Value::as_str)
            .and_then(|c| ctx.state.get(c))
            .map(|c| review_for(ctx, c));
        let new = store(ctx, Kind::Ad, &account, f, review)["id"]
            .as_str()
            .unwrap_or("")
            .to_string();
        objects.push(json!({"ad_object_type": "ad", "source_id": ad.id, "copied_id": new}));
    }
    Ok(json!({"copied_adset_id": copied, "ad_object_ids": objects}))
}

fn set_status(fields: &mut Map<String, Value>, status: &Option<String>) {
    if let Some(s) = status {
        fields.insert("status".into(), json!(s));
    }
}
