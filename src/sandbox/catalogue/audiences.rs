//! Each demo account's custom and lookalike audiences (`GET /act_<id>/customaudiences`): a
//! few ready ones, one too small to deliver and one lookalike still being built, the same on
//! every run. Their sizes feed the estimate when a targeting spec names them.

use serde_json::{Value, json};

/// The `CustomAudience` node's field names: Meta's facebook-business Python SDK 26.x,
/// `adobjects/customaudience.py`, `class Field` (as `schema.rs` reads the other nodes).
pub const FIELDS: &[&str] = &[
    "account_id",
    "approximate_count_lower_bound",
    "approximate_count_upper_bound",
    "customer_file_source",
    "data_source",
    "data_source_types",
    "datafile_custom_audience_uploading_status",
    "delete_time",
    "delivery_status",
    "description",
    "excluded_custom_audiences",
    "external_event_source",
    "household_audience",
    "id",
    "included_custom_audiences",
    "is_eligible_for_sac_campaigns",
    "is_household",
    "is_snapshot",
    "is_value_based",
    "lookalike_audience_ids",
    "lookalike_spec",
    "name",
    "operation_status",
    "opt_out_link",
    "owner_business",
    "page_deletion_marked_delete_time",
    "permission_for_actions",
    "pixel_id",
    "regulated_audience_spec",
    "retention_days",
    "rev_share_policy_id",
    "rule",
    "rule_aggregation",
    "rule_v2",
    "seed_audience",
    "sharing_status",
    "subtype",
    "time_content_updated",
    "time_created",
    "time_updated",
    "allowed_domains",
    "associated_audience_id",
    "claim_objective",
    "content_type",
    "countries",
    "creation_params",
    "dataset_id",
    "enable_fetch_or_create",
    "event_source_group",
    "event_sources",
    "exclusions",
    "facebook_page_id",
    "inclusions",
    "list_of_accounts",
    "marketing_message_channels",
    "origin_audience_id",
    "parent_audience_id",
    "partner_reference_key",
    "prefill",
    "product_set_id",
    "subscription_info",
    "use_for_products",
    "use_in_campaigns",
    "video_group_ids",
    "whats_app_business_phone_number_id",
];

/// The edges the SDK reads on a `CustomAudience` (`get_ad_accounts`, `get_ads`).
pub const EDGES: &[&str] = &["adaccounts", "ads"];

/// `delivery_status` 200: Meta's code for an audience ready for use.
pub const READY: i64 = 200;
/// `delivery_status` 300: Meta's code for an audience too small to deliver.
pub const TOO_SMALL: i64 = 300;
/// `operation_status` 441: Meta's code for an audience still being populated.
pub const POPULATING: i64 = 441;

/// One seeded audience.
pub struct Audience {
    pub id: String,
    pub name: String,
    pub subtype: &'static str,
    /// `None` while a lookalike is still being built (Graph leaves the counts out).
    pub count: Option<(u64, u64)>,
    /// The people it stands for in the estimate: its upper count, or for a lookalike still
    /// being built, its ratio of its country.
    pub people: u64,
    view: Value,
}

const READY_TEXT: &str = "This audience is ready for use.";
const TOO_SMALL_TEXT: &str = "This audience is too small to deliver ads. Add more people to it, or choose a larger audience.";
const NORMAL: (i64, &str) = (200, "Normal");
const POPULATING_TEXT: &str = "We're finding people who fit your audience criteria. You can start running ads that use this audience right away, but be aware that your audience size will increase as the audience is populated.";

/// The market a demo account's lookalikes are built in, by its currency.
fn market(currency: &str) -> (&'static str, &'static str) {
    match currency {
        "JPY" => ("JP", "Japan"),
        _ => ("US", "United States"),
    }
}

/// The audiences of an account (its digits and currency), in the order Graph lists them.
pub fn of_account(digits: &str, currency: &str) -> Vec<Audience> {
    let (cc, country) = market(currency);
    let id = |n: u32| format!("238{digits}{n:02}");
    let scale = if cc == "JP" { 3 } else { 10 };
    let mut out = vec![
        audience(
            id(1),
            "Purchasers, last 180 days",
            "WEBSITE",
            Some((scale * 4_500, scale * 5_300)),
            (READY, READY_TEXT),
            NORMAL,
        ),
        audience(
            id(2),
            "Newsletter subscribers",
            "CUSTOM",
            Some((scale * 12_000, scale * 14_000)),
            (READY, READY_TEXT),
            NORMAL,
        ),
        audience(
            id(3),
            "Instagram engagers, last 365 days",
            "ENGAGEMENT",
            Some((scale * 31_000, scale * 36_000)),
            (READY, READY_TEXT),
            NORMAL,
        ),
        audience(
            id(4),
            &format!("Lookalike ({cc}, 1%) - Purchasers, last 180 days"),
            "LOOKALIKE",
            Some((scale * 210_000, scale * 250_000)),
            (READY, READY_TEXT),
            NORMAL,
        ),
        audience(
            id(5),
            "Cart abandoners, last 7 days",
            "WEBSITE",
            Some((60, 80)),
            (TOO_SMALL, TOO_SMALL_TEXT),
            NORMAL,
        ),
        audience(
            id(6),
            &format!("Lookalike ({cc}, 3%) - Newsletter subscribers"),
            "LOOKALIKE",
            None,
            (READY, READY_TEXT),
            (POPULATING, POPULATING_TEXT),
        ),
    ];
    for a in &mut out {
        a.view["account_id"] = json!(digits);
        match a.subtype {
            "WEBSITE" => {
                a.view["retention_days"] = json!(if a.name.contains("7 days") { 7 } else { 180 })
            }
            "CUSTOM" => a.view["customer_file_source"] = json!("USER_PROVIDED_ONLY"),
            "ENGAGEMENT" => a.view["retention_days"] = json!(365),
            _ => {}
        }
    }
    for (a, origin, ratio) in [(3usize, 0usize, 0.01), (5, 1, 0.03)] {
        let spec = json!({
            "country": cc,
            "ratio": ratio,
            "origin": [{"id": out[origin].id, "name": out[origin].name, "type": "custom_audience"}],
        });
        out[a].view["lookalike_spec"] = spec;
        if out[a].count.is_none() {
            let people = super::places::COUNTRIES
                .iter()
                .find(|c| c.code == cc)
                .map_or(0, |c| c.people);
            out[a].people = (people as f64 * ratio) as u64;
        }
        out[a].view["description"] =
            json!(format!("People in {country} like {}", out[origin].name));
    }
    out
}

fn audience(
    id: String,
    name: &str,
    subtype: &'static str,
    count: Option<(u64, u64)>,
    delivery: (i64, &'static str),
    operation: (i64, &'static str),
) -> Audience {
    let mut view = json!({
        "id": id,
        "name": name,
        "subtype": subtype,
        "delivery_status": {"code": delivery.0, "description": delivery.1},
        "operation_status": {"code": operation.0, "description": operation.1},
        "time_created": 1_767_225_600u64,
        "time_updated": 1_767_225_600u64,
    });
    if let Some((lower, upper)) = count {
        view["approximate_count_lower_bound"] = json!(lower);
        view["approximate_count_upper_bound"] = json!(upper);
    }
    Audience {
        id,
        name: name.to_string(),
        subtype,
        count,
        people: count.map_or(0, |(_, upper)| upper),
        view,
    }
}

impl Audience {
    /// Everything Graph reads back on the audience (the router narrows it to `fields`).
    pub fn view(&self) -> Value {
        self.view.clone()
    }
}
