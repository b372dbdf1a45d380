//! Targeting reads: Meta's targeting search (`GET /search?type=…`), the account's custom and
//! lookalike audiences, and the delivery estimate (audience size) of a targeting spec. Each is
//! charged to the ad account's gate, like every call that concerns an account.

use serde::Deserialize;
use serde_json::Value;

use super::calls::items;
use super::client::GraphClient;
use super::error::CallError;

/// What a targeting search looks for, in Graph's `type` (and `class`) words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchKind {
    /// `type=adgeolocation` with `location_types` (`country`, `region`, `city`, `zip`,
    /// `geo_market`, `place`, …).
    Locations(Vec<&'static str>),
    /// `type=adlocale`.
    Locales,
    /// `type=adinterest`.
    Interests,
    /// `type=adTargetingCategory&class=behaviors`.
    Behaviors,
    /// `type=adTargetingCategory&class=demographics`.
    Demographics,
    /// `type=adinterestsuggestion&interest_list=[…]` (names of chosen interests).
    InterestSuggestions(Vec<String>),
}

/// One answer of `type=adgeolocation`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct GeoLocationHit {
    /// The key targeting takes (`"US"` for a country, digits for a region or city,
    /// `"US:94304"` for a postcode).
    pub key: String,
    #[serde(default)]
    pub name: String,
    /// `country`, `region`, `city`, `zip`, `geo_market`, `place`, …
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub country_code: Option<String>,
    #[serde(default)]
    pub country_name: Option<String>,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub region_id: Option<Value>,
    #[serde(default)]
    pub primary_city: Option<String>,
    #[serde(default)]
    pub supports_region: Option<bool>,
    #[serde(default)]
    pub supports_city: Option<bool>,
}

/// One answer of `type=adlocale`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct LocaleHit {
    pub key: i64,
    #[serde(default)]
    pub name: String,
}

/// One interest, behaviour or demographic (`adinterest`, `adTargetingCategory`,
/// `adinterestsuggestion`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct InterestHit {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// The `flexible_spec` key it goes under (`interests`, `behaviors`, `life_events`, …);
    /// Graph gives it for categories, interests leave it out.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub path: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub topic: Option<String>,
    #[serde(default)]
    pub audience_size_lower_bound: Option<i64>,
    #[serde(default)]
    pub audience_size_upper_bound: Option<i64>,
}

/// A custom or lookalike audience of the account.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CustomAudience {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// `CUSTOM`, `WEBSITE`, `APP`, `LOOKALIKE`, `ENGAGEMENT`, …
    #[serde(default)]
    pub subtype: String,
    #[serde(default)]
    pub approximate_count_lower_bound: Option<i64>,
    #[serde(default)]
    pub approximate_count_upper_bound: Option<i64>,
    #[serde(default)]
    pub delivery_status: Option<AudienceStatus>,
    #[serde(default)]
    pub operation_status: Option<AudienceStatus>,
}

/// `{"code": 200, "description": "This audience is ready for use."}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AudienceStatus {
    pub code: i64,
    #[serde(default)]
    pub description: String,
}

/// The first node of `GET /act_<id>/delivery_estimate`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct DeliveryEstimate {
    #[serde(default)]
    pub estimate_mau_lower_bound: Option<i64>,
    #[serde(default)]
    pub estimate_mau_upper_bound: Option<i64>,
    #[serde(default)]
    pub estimate_dau: Option<i64>,
    #[serde(default)]
    pub estimate_ready: Option<bool>,
    #[serde(default)]
    pub daily_outcomes_curve: Vec<OutcomePoint>,
}

/// One point of `daily_outcomes_curve`: what a daily spend buys.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct OutcomePoint {
    #[serde(default)]
    pub spend: f64,
    #[serde(default)]
    pub reach: f64,
    #[serde(default)]
    pub impressions: f64,
    #[serde(default)]
    pub actions: f64,
}

/// The answers of one search, by kind.
#[derive(Debug, Clone, PartialEq)]
pub enum SearchHits {
    Locations(Vec<GeoLocationHit>),
    Locales(Vec<LocaleHit>),
    Interests(Vec<InterestHit>),
}

impl SearchHits {
    pub fn len(&self) -> usize {
        match self {
            SearchHits::Locations(v) => v.len(),
            SearchHits::Locales(v) => v.len(),
            SearchHits::Interests(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The most answers one search asks for (one page; the pickers show fewer).
pub const SEARCH_LIMIT: usize = 25;

/// The page a category search (`adTargetingCategory`) asks for: Graph answers the whole class
/// (dcw filters it by what was typed), so one page must hold it all, or the items past the
/// first page could never be found.
pub const CATEGORY_LIMIT: usize = 1000;

/// The query parameters of a search for `q` (pure, so the wire shape is tested without HTTP).
pub fn search_params(kind: &SearchKind, q: &str) -> Vec<(&'static str, String)> {
    let mut p = Vec::new();
    match kind {
        SearchKind::Locations(types) => {
            p.push(("type", "adgeolocation".to_string()));
            p.push(("q", q.to_string()));
            if !types.is_empty() {
                p.push((
                    "location_types",
                    serde_json::to_string(types).unwrap_or_default(),
                ));
            }
        }
        SearchKind::Locales => {
            p.push(("type", "adlocale".to_string()));
            p.push(("q", q.to_string()));
        }
        SearchKind::Interests => {
            p.push(("type", "adinterest".to_string()));
            p.push(("q", q.to_string()));
        }
        SearchKind::Behaviors | SearchKind::Demographics => {
            p.push(("type", "adTargetingCategory".to_string()));
            let class = if *kind == SearchKind::Behaviors {
                "behaviors"
            } else {
                "demographics"
            };
            p.push(("class", class.to_string()));
        }
        SearchKind::InterestSuggestions(names) => {
            p.push(("type", "adinterestsuggestion".to_string()));
            p.push((
                "interest_list",
                serde_json::to_string(names).unwrap_or_default(),
            ));
        }
    }
    let limit = match kind {
        SearchKind::Behaviors | SearchKind::Demographics => CATEGORY_LIMIT,
        _ => SEARCH_LIMIT,
    };
    p.push(("limit", limit.to_string()));
    p
}

/// Reads a search answer's `data` as the kind's hits. Categories (`adTargetingCategory`) come
/// whole, so they are filtered here by `q` (a case-insensitive match on name or path). An
/// answer without a `data` list (an error envelope, say) is refused, not read as no match.
pub fn parse_search(kind: &SearchKind, q: &str, answer: Value) -> Result<SearchHits, CallError> {
    let data = match answer {
        Value::Object(mut m) => match m.remove("data") {
            Some(Value::Array(list)) => list,
            _ => return Err(no_data()),
        },
        _ => return Err(no_data()),
    };
    Ok(match kind {
        SearchKind::Locations(_) => SearchHits::Locations(items(data)?),
        SearchKind::Locales => SearchHits::Locales(items(data)?),
        SearchKind::Interests | SearchKind::InterestSuggestions(_) => {
            SearchHits::Interests(items(data)?)
        }
        SearchKind::Behaviors | SearchKind::Demographics => {
            let needle = q.trim().to_lowercase();
            let all: Vec<InterestHit> = items(data)?;
            SearchHits::Interests(
                all.into_iter()
                    .filter(|h| {
                        needle.is_empty()
                            || h.name.to_lowercase().contains(&needle)
                            || h.path.iter().any(|p| p.to_lowercase().contains(&needle))
                    })
                    .take(SEARCH_LIMIT)
                    .collect(),
            )
        }
    })
}

fn no_data() -> CallError {
    CallError::Unexpected {
        status: 200,
        message: "a targeting search answer without its data list".to_string(),
    }
}

/// The most pages a behaviours or demographics list is read in: Meta answers a class whole in
/// one page of up to `CATEGORY_LIMIT`; a list that keeps paging past this is refused.
pub const CATEGORY_PAGES: u32 = 5;

impl GraphClient {
    /// `GET /search?type=…` for `q`, charged to `account`'s gate: one request, one page.
    pub async fn targeting_search(
        &self,
        account: &str,
        kind: &SearchKind,
        q: &str,
    ) -> Result<SearchHits, CallError> {
        let params = search_params(kind, q);
        let borrowed: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let answer = self.get_in(Some(account), "search", &borrowed).await?;
        parse_search(kind, q, answer)
    }

    /// The whole list of behaviours or demographics (`type=adTargetingCategory&class=…`),
    /// page by page (bounded by the client's page limit), charged to `account`'s gate: a picker
    /// loads it once per account and filters it as the buyer types.
    pub async fn targeting_categories(
        &self,
        account: &str,
        kind: &SearchKind,
    ) -> Result<Vec<InterestHit>, CallError> {
        let params = search_params(kind, "");
        let borrowed: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let mut all = Vec::new();
        let mut pages = 0;
        self.pages_in(
            Some(account),
            "search",
            &borrowed,
            CATEGORY_PAGES,
            &mut pages,
            |items| all.extend(items),
        )
        .await?;
        items(all)
    }

    /// `GET /act_<id>/customaudiences` with what a buyer needs to choose one.
    pub async fn custom_audiences(&self, account: &str) -> Result<Vec<CustomAudience>, CallError> {
        items(
            self.get_all(
                &format!("act_{account}/customaudiences"),
                &[(
                    "fields",
                    "id,name,subtype,approximate_count_lower_bound,approximate_count_upper_bound,delivery_status,operation_status",
                )],
            )
            .await?,
        )
    }

    /// `GET /act_<id>/delivery_estimate` for a targeting spec and optimization goal (and the
    /// promoted object, which some goals need).
    pub async fn delivery_estimate(
        &self,
        account: &str,
        targeting: &Value,
        optimization_goal: &str,
        promoted_object: Option<&Value>,
    ) -> Result<Option<DeliveryEstimate>, CallError> {
        let targeting = targeting.to_string();
        let promoted = promoted_object.map(Value::to_string);
        let mut params: Vec<(&str, &str)> = vec![
            ("targeting_spec", targeting.as_str()),
            ("optimization_goal", optimization_goal),
        ];
        if let Some(p) = &promoted {
            params.push(("promoted_object", p.as_str()));
        }
        let path = format!("act_{account}/delivery_estimate");
        let v = self.get_in(Some(account), &path, &params).await?;
        let list = match v.get("data") {
            Some(Value::Array(list)) => list.iter().take(1).cloned().collect(),
            _ => Vec::new(),
        };
        Ok(items::<DeliveryEstimate>(list)?.into_iter().next())
    }
}
