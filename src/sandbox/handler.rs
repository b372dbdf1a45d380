//! What every handler shares: its context and the read-back view of an object. Below the
//! router (`api`) and the handlers (`create`, `update`, `fields`, `insights`), importing none.

use serde_json::{Value, json};

use super::review;
use super::state::{Kind, Object, State};
use super::videos;

/// What a handler needs besides the request.
pub struct Ctx<'a> {
    pub state: &'a mut State,
    pub now_ms: u64,
    pub review_delay_ms: u64,
    /// How long a finished video processes before it is ready (`SandboxConfig::video_processing`).
    pub video_processing_ms: u64,
    /// `SandboxConfig::disable_rejected_ads`: an ad rejected in its latest review takes no
    /// new creative either.
    pub disable_rejected_ads: bool,
    /// `http://127.0.0.1:PORT`, for `paging.next` and image URLs.
    pub base_url: &'a str,
}

/// An object with its computed fields, as Graph reads it back.
pub fn full_view(ctx: &Ctx, o: &Object) -> Value {
    let mut m = o.fields.clone();
    m.insert("id".into(), json!(o.id));
    if !matches!(o.kind, Kind::Image | Kind::Video) {
        m.insert("account_id".into(), json!(o.account));
    }
    let created = chrono::DateTime::from_timestamp_millis(o.created_ms as i64)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S%z")
        .to_string();
    let updated_ms = review::updated_ms(o, ctx.now_ms);
    let updated = chrono::DateTime::from_timestamp_millis(updated_ms as i64)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S%z")
        .to_string();
    m.insert("created_time".into(), json!(created));
    m.insert("updated_time".into(), json!(updated));
    let status = o.str_field("status").unwrap_or("ACTIVE").to_string();
    match o.kind {
        Kind::Campaign | Kind::AdSet | Kind::Ad => {
            m.insert("configured_status".into(), json!(status));
            m.insert(
                "effective_status".into(),
                json!(review::effective_status(ctx.state, o, ctx.now_ms)),
            );
        }
        Kind::Creative | Kind::Image => {
            m.insert("status".into(), json!("ACTIVE"));
        }
        Kind::Video => {
            if let Some(r) = ctx.state.videos.get(&o.id) {
                videos::extend_view(&mut m, ctx.base_url, &o.id, r, ctx.now_ms);
            }
        }
    }
    // The parents an ad or ad set names, read back as references: `{"id": ...}`.
    let reference = |key: &str| o.str_field(key).map(|id| json!({ "id": id }));
    if o.kind == Kind::Ad
        && let Some(r) = reference("adset_id")
    {
        m.insert("adset".into(), r);
    }
    if matches!(o.kind, Kind::Ad | Kind::AdSet)
        && let Some(r) = reference("campaign_id")
    {
        m.insert("campaign".into(), r);
    }
    match o.kind {
        Kind::AdSet => {
            m.insert(
                "review_feedback".into(),
                review::ad_set_review_feedback(ctx.state, o, ctx.now_ms),
            );
        }
        Kind::Ad => {
            m.insert(
                "ad_review_feedback".into(),
                review::ad_review_feedback(o, ctx.now_ms),
            );
            if let Some(issues) = review::issues_info(o, ctx.now_ms) {
                m.insert("issues_info".into(), issues);
            }
        }
        _ => {}
    }
    Value::Object(m)
}
