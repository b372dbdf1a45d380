//! Changes to existing objects: `POST /<id>` (status, name, an ad's creative) and
//! `DELETE /<id>`, with Graph's rules for dynamic-creative ads and for ads rejected in review.

use serde_json::{Value, json};

use super::budgets;
use super::create::{
    account_currency, check_ad_fits, creative_id, params_object, parent, review_for,
    stored_campaign, typed, validate_only,
};
use super::error::GraphError;
use super::handler::Ctx;
use super::review;
use super::rules;
use super::state::{Kind, Object};
use super::targeting;
use super::wire::{GraphRequest, OLDEST_VERSION};
use crate::spec::Targeting;

/// `POST /<id>`: status, name, and for ads a new creative (which is reviewed again).
pub fn update(ctx: &mut Ctx, req: &GraphRequest, id: &str) -> Result<Value, GraphError> {
    let o = ctx
        .state
        .get(id)
        .ok_or_else(|| GraphError::unknown_object("post", id))?
        .clone();
    if matches!(o.kind, Kind::Image | Kind::Video) {
        return Err(GraphError::unknown_object("post", id));
    }
    if let Some(s) = req.params.text("status")
        && !matches!(s, "ACTIVE" | "PAUSED" | "ARCHIVED" | "DELETED")
    {
        return Err(GraphError::invalid(format!(
            "Status must be ACTIVE, PAUSED, ARCHIVED or DELETED, not {s}"
        ))
        .blame(&["status"]));
    }
    if matches!(req.params.text("status"), Some("ARCHIVED" | "DELETED")) {
        refuse_removing_dynamic_ad(ctx, &o).map_err(|e| e.blame(&["status"]))?;
    }
    let mut new_review = None;
    if req.params.has("creative") {
        if o.kind != Kind::Ad {
            return Err(GraphError::invalid("Only ads take a creative").blame(&["creative"]));
        }
        if ctx.disable_rejected_ads {
            refuse_disabled_ad(&o, ctx.now_ms)?;
        }
        let cid = creative_id(req)?;
        let creative = parent(ctx, &cid, Kind::Creative, &o.account, "creative")?;
        let adset_id = o.str_field("adset_id").unwrap_or("");
        let adset = parent(ctx, adset_id, Kind::AdSet, &o.account, "adset_id")?;
        check_ad_fits(ctx, adset, creative, false)?;
        new_review = Some((cid, review_for(ctx, creative)));
    }
    // Enabling a rejected ad unchanged; with a new creative it is a change, reviewed again.
    if o.kind == Kind::Ad && req.params.text("status") == Some("ACTIVE") && new_review.is_none() {
        refuse_disabled_ad(&o, ctx.now_ms)?;
    }
    let mut fields = params_object(req);
    if o.kind == Kind::AdSet
        && let Some(t) = fields.get_mut("targeting")
    {
        ad_set_targeting(ctx, req, &o, t)?;
    }
    if o.kind == Kind::AdSet && BUDGET_FIELDS.iter().any(|k| fields.contains_key(*k)) {
        ad_set_budget(ctx, &o, &fields)?;
    }
    if validate_only(req) {
        return Ok(json!({"success": true}));
    }
    let now = ctx.now_ms;
    let obj = ctx.state.get_mut(id).expect("checked above");
    for (k, v) in fields {
        if k != "creative" {
            obj.fields.insert(k, v);
        }
    }
    if let Some((cid, review)) = new_review {
        obj.fields.insert("creative".into(), json!({"id": cid}));
        obj.review = Some(review);
    }
    obj.updated_ms = now;
    if let Some(s @ ("ARCHIVED" | "DELETED")) = req.params.text("status") {
        cascade(ctx, id, s);
    }
    Ok(json!({"success": true}))
}

/// What `POST /<adset_id>` may change of an ad set's money and schedule.
const BUDGET_FIELDS: &[&str] = &["daily_budget", "lifetime_budget", "end_time"];

/// A budget or end time edit on a stored ad set: the ad set as it would be after the edit
/// passes the same minimum as on create (`budgets::ad_set`, Meta's minimum budgets). A daily
/// budget cannot become a lifetime one or back, and an ad set under a campaign budget takes
/// none of its own: the sandbox's own refusals (code 100), worded after Ads Manager's.
fn ad_set_budget(
    ctx: &Ctx,
    adset: &Object,
    fields: &serde_json::Map<String, Value>,
) -> Result<(), GraphError> {
    let had = |k: &str| adset.fields.contains_key(k);
    for (now, other) in [
        ("daily_budget", "lifetime_budget"),
        ("lifetime_budget", "daily_budget"),
    ] {
        if fields.contains_key(now) && had(other) {
            return Err(GraphError::invalid(format!(
                "Invalid parameter: this ad set has a {} budget; its budget type cannot change after it is created",
                other.trim_end_matches("_budget")
            ))
            .blame(&[now]));
        }
    }
    let campaign = adset
        .str_field("campaign_id")
        .and_then(|c| ctx.state.get(c));
    let campaign_budget = campaign.is_some_and(|c| {
        c.fields.contains_key("daily_budget") || c.fields.contains_key("lifetime_budget")
    });
    if campaign_budget
        && (fields.contains_key("daily_budget") || fields.contains_key("lifetime_budget"))
    {
        return Err(GraphError::invalid(
            "Invalid parameter: the campaign's budget is shared by its ad sets; change the campaign's budget instead",
        )
        .blame(&["daily_budget"]));
    }
    let mut merged = adset.fields.clone();
    for (k, v) in fields {
        merged.insert(k.clone(), v.clone());
    }
    merged.remove("campaign_id");
    merged.remove("status");
    let after: crate::spec::AdSet = typed(Value::Object(merged))?;
    let now = chrono::DateTime::from_timestamp_millis(ctx.now_ms as i64).unwrap_or_default();
    budgets::ad_set(&after, &account_currency(ctx, &adset.account), now)
}

/// An ad set archived or deleted takes its ads with it (Meta: a Dynamic Creative ad goes with
/// its ad set); they read back so from then on.
fn cascade(ctx: &mut Ctx, id: &str, status: &str) {
    let ads: Vec<String> = ctx
        .state
        .children("adset_id", id, Kind::Ad)
        .map(|a| a.id.clone())
        .collect();
    let now = ctx.now_ms;
    for ad in ads {
        if let Some(a) = ctx.state.get_mut(&ad)
            && !matches!(a.str_field("status"), Some("DELETED"))
        {
            a.fields.insert("status".into(), json!(status));
            a.updated_ms = now;
        }
    }
}

/// A new `targeting` for a stored ad set replaces the old one whole, so it passes the same
/// rules as on create: removed placements, then `targeting::check` under the ad set's campaign.
fn ad_set_targeting(
    ctx: &Ctx,
    req: &GraphRequest,
    adset: &Object,
    t: &mut Value,
) -> Result<(), GraphError> {
    let version = req.graph_version().served().unwrap_or(OLDEST_VERSION);
    rules::placements(t, version)?;
    let typed: Targeting = serde_path_to_error::deserialize(t.clone()).map_err(|e| {
        GraphError::invalid(format!(
            "Param targeting[{}] is invalid: {}",
            e.path(),
            e.inner()
        ))
        .blame(&["targeting"])
    })?;
    let campaign = adset
        .str_field("campaign_id")
        .and_then(|c| ctx.state.get(c))
        .map(stored_campaign)
        .unwrap_or_default();
    targeting::check(&typed, &campaign)
}

/// An ad whose latest review ended DISAPPROVED cannot be turned on as it is: Meta's subcode
/// 2490468 ("has been rejected in its latest review and is currently disabled. In order to
/// enable the ad, you will need to make updates to it and create a new ad.", Meta's error
/// codes; field reports: answered on `status=ACTIVE`). Code 100 and the title are the
/// sandbox's own (Meta's table gives the subcode and the sentence); dry runs are refused alike.
fn refuse_disabled_ad(o: &Object, now_ms: u64) -> Result<(), GraphError> {
    if review::rejected(o, now_ms) {
        return Err(GraphError::invalid("Invalid parameter")
            .subcode(2490468)
            .user(
                "Ad Rejected and Disabled",
                "Your ad has been rejected in its latest review and is currently disabled. In order to enable the ad, you will need to make updates to it and create a new ad.",
            ));
    }
    Ok(())
}

/// "Once you create an ad for Dynamic Creative, you cannot delete or archive it. Instead, you
/// should delete or archive the parent ad set." (DOC-DC) Meta's error codes list the refusal of
/// a delete as 1340029; that `ARCHIVED` answers the same subcode, and the code 100 around it,
/// are the sandbox's own choice.
fn refuse_removing_dynamic_ad(ctx: &Ctx, o: &Object) -> Result<(), GraphError> {
    let in_dynamic_set = o.kind == Kind::Ad
        && o.str_field("adset_id")
            .and_then(|s| ctx.state.get(s))
            .is_some_and(|s| s.fields.get("is_dynamic_creative") == Some(&Value::Bool(true)));
    if in_dynamic_set {
        return Err(GraphError::invalid(
            "A Dynamic Creative ad cannot be deleted or archived; delete or archive its ad set instead",
        )
        .subcode(1340029)
        .user(
            "Cannot Delete Dynamic Creative Ad",
            "Once you create an ad for Dynamic Creative, you cannot delete or archive it. Instead, delete or archive the parent ad set.",
        ));
    }
    Ok(())
}

/// `DELETE /<id>`: the object reads as DELETED from then on; an ad set's ads with it.
pub fn delete(ctx: &mut Ctx, id: &str) -> Result<Value, GraphError> {
    if let Some(o) = ctx.state.get(id) {
        refuse_removing_dynamic_ad(ctx, o)?;
    }
    let now = ctx.now_ms;
    let obj = ctx
        .state
        .get_mut(id)
        .ok_or_else(|| GraphError::unknown_object("delete", id))?;
    obj.fields.insert("status".into(), json!("DELETED"));
    obj.updated_ms = now;
    cascade(ctx, id, "DELETED");
    Ok(json!({"success": true}))
}
