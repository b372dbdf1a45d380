//! Typed calls for what dcw reads and writes: accounts, pages, pixels, objects, creates,
//! status changes, re-pointing an ad, and batches. Every call that concerns an ad account takes
//! it, so it waits on that account's gate (`gate.rs`) whether its path names the account
//! (`act_<id>/...`) or not (`/<id>`); nothing outside `graph/` builds a path.

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::client::{GraphClient, encode_params};
use super::error::CallError;

/// An ad account from `/me/adaccounts`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AdAccount {
    /// `act_<digits>`.
    pub id: String,
    #[serde(default)]
    pub account_id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub timezone_name: String,
    #[serde(default)]
    pub account_status: i64,
}

/// A Facebook Page from `/me/accounts`, with its Instagram account.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Page {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub instagram_business_account: Option<IdOnly>,
}

/// `{"id": ...}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct IdOnly {
    pub id: String,
}

/// A pixel from `/act_<id>/adspixels`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Pixel {
    pub id: String,
    #[serde(default)]
    pub name: String,
}

/// A MinimumBudget node from `/act_<id>/minimum_budgets`: the least daily budget an ad set of
/// the account may have, by what it optimizes for, in the currency's minor unit (int32).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MinimumBudget {
    #[serde(default)]
    pub currency: String,
    /// Optimized for impressions.
    pub min_daily_budget_imp: Option<i64>,
    /// Optimized for high-frequency actions, like clicks and likes.
    pub min_daily_budget_high_freq: Option<i64>,
    /// Optimized for low-frequency actions, like app installs and offer claims.
    pub min_daily_budget_low_freq: Option<i64>,
    /// Optimized for video views.
    pub min_daily_budget_video_views: Option<i64>,
}

/// One operation of a batch: method, relative URL, form body.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchOp {
    pub method: &'static str,
    pub relative_url: String,
    pub body: Option<String>,
    pub name: Option<String>,
}

/// One batch answer: HTTP code and the body read as JSON (`None` when Graph left it out).
#[derive(Debug, Clone, PartialEq)]
pub struct BatchAnswer {
    pub code: u16,
    pub body: Option<Value>,
}

pub(super) fn items<T: for<'de> Deserialize<'de>>(values: Vec<Value>) -> Result<Vec<T>, CallError> {
    values
        .into_iter()
        .map(|v| {
            serde_json::from_value(v).map_err(|e| CallError::Unexpected {
                status: 200,
                message: format!("unexpected item: {e}"),
            })
        })
        .collect()
}

fn id_of(v: &Value) -> Result<String, CallError> {
    v.get("id")
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| CallError::Unexpected {
            status: 200,
            message: format!("an answer without an id: {v}"),
        })
}

impl GraphClient {
    pub async fn ad_accounts(&self) -> Result<Vec<AdAccount>, CallError> {
        items(
            self.get_all(
                "me/adaccounts",
                &[(
                    "fields",
                    "id,account_id,name,currency,timezone_name,account_status",
                )],
            )
            .await?,
        )
    }

    pub async fn pages(&self) -> Result<Vec<Page>, CallError> {
        items(
            self.get_all(
                "me/accounts",
                &[("fields", "id,name,instagram_business_account")],
            )
            .await?,
        )
    }

    pub async fn pixels(&self, account: &str) -> Result<Vec<Pixel>, CallError> {
        items(
            self.get_all(
                &format!("act_{account}/adspixels"),
                &[("fields", "id,name")],
            )
            .await?,
        )
    }

    /// `GET /act_<account>/minimum_budgets` (with `bid_amount` for a manual bid): the
    /// account's minimum daily budgets; Meta answers one node, in the account's currency.
    pub async fn minimum_budgets(
        &self,
        account: &str,
        bid_amount: Option<i64>,
    ) -> Result<Option<MinimumBudget>, CallError> {
        let bid = bid_amount.map(|b| b.to_string());
        let params: Vec<(&str, &str)> = bid.iter().map(|b| ("bid_amount", b.as_str())).collect();
        let path = format!("act_{account}/minimum_budgets");
        let v = self.get_in(Some(account), &path, &params).await?;
        let list = match v.get("data") {
            Some(Value::Array(list)) => list.iter().take(1).cloned().collect(),
            _ => Vec::new(),
        };
        Ok(items::<MinimumBudget>(list)?.into_iter().next())
    }

    /// `GET /<id>?fields=...` of an object of `account`, charged to its gate.
    pub async fn object(&self, account: &str, id: &str, fields: &str) -> Result<Value, CallError> {
        self.get_in(Some(account), id, &[("fields", fields)]).await
    }

    /// `GET /act_<account>?fields=...`: the ad account itself.
    pub async fn ad_account(&self, account: &str, fields: &str) -> Result<Value, CallError> {
        self.get_in(
            Some(account),
            &format!("act_{account}"),
            &[("fields", fields)],
        )
        .await
    }

    /// A read of an object whose ad account is not known yet (finding it out is the point,
    /// as `dcw watch <id>` does): no account's gate to charge it to.
    pub async fn lookup(&self, id: &str, fields: &str) -> Result<Value, CallError> {
        self.get_in(None, id, &[("fields", fields)]).await
    }

    /// Every ad under a campaign or ad set whose ad account is not known yet (see `lookup`).
    pub async fn ads_under(
        &self,
        id: &str,
        params: &[(&str, &str)],
    ) -> Result<Vec<Value>, CallError> {
        let mut out = Vec::new();
        let mut pages = 0;
        let max = self.config().max_pages;
        self.pages_in(
            None,
            &format!("{id}/ads"),
            params,
            max,
            &mut pages,
            |items| out.extend(items),
        )
        .await?;
        Ok(out)
    }

    /// The account's ads edge (`GET /act_<account>/ads`) page by page, each page's items handed
    /// to `take`; `pages` counts the requests.
    pub async fn account_ads(
        &self,
        account: &str,
        params: &[(&str, &str)],
        pages: &mut u32,
        take: impl FnMut(Vec<Value>),
    ) -> Result<(), CallError> {
        let path = format!("act_{account}/ads");
        self.pages_in(
            Some(account),
            &path,
            params,
            self.config().max_pages,
            pages,
            take,
        )
        .await
    }

    /// An ad's insights (`GET /<ad>/insights`) page by page, charged to `account`.
    pub async fn ad_insights(
        &self,
        account: &str,
        ad: &str,
        params: &[(&str, &str)],
        pages: &mut u32,
        take: impl FnMut(Vec<Value>),
    ) -> Result<(), CallError> {
        let path = format!("{ad}/insights");
        self.pages_in(
            Some(account),
            &path,
            params,
            self.config().max_pages,
            pages,
            take,
        )
        .await
    }

    async fn post_create(
        &self,
        account: &str,
        edge: &str,
        params: &Map<String, Value>,
    ) -> Result<Value, CallError> {
        self.post_in(
            Some(account),
            &format!("act_{account}/{edge}"),
            encode_params(params),
        )
        .await
    }

    /// `POST /act_<id>/<edge>` with these parameters; the new id.
    pub async fn create(
        &self,
        account: &str,
        edge: &str,
        params: &Map<String, Value>,
    ) -> Result<String, CallError> {
        id_of(&self.post_create(account, edge, params).await?)
    }

    /// `create`, but an answer without an id is `None`, not an error: whether the object was
    /// made is then unknown, and the launch looks for it.
    pub async fn try_create(
        &self,
        account: &str,
        edge: &str,
        params: &Map<String, Value>,
    ) -> Result<Option<String>, CallError> {
        let v = self.post_create(account, edge, params).await?;
        Ok(v.get("id")
            .and_then(Value::as_str)
            .filter(|id| !id.is_empty())
            .map(str::to_string))
    }

    /// The same call as `create` with `execution_options=["validate_only"]` (and
    /// `synchronous_ad_review` when asked): Meta's dry run.
    pub async fn validate(
        &self,
        account: &str,
        edge: &str,
        params: &Map<String, Value>,
        review: bool,
    ) -> Result<(), CallError> {
        let mut p = params.clone();
        let options = if review {
            json!(["validate_only", "synchronous_ad_review"])
        } else {
            json!(["validate_only"])
        };
        p.insert("execution_options".into(), options);
        self.post_create(account, edge, &p).await.map(|_| ())
    }

    /// `POST /<id>` with `status`, charged to `account`'s gate like a create.
    pub async fn set_status(&self, account: &str, id: &str, status: &str) -> Result<(), CallError> {
        self.post_in(Some(account), id, vec![("status".into(), status.into())])
            .await
            .map(|_| ())
    }

    /// `POST /<id>` with these parameters (an ad set's budget, an object's status), charged to
    /// `account`'s gate like a create; sent once, as every write.
    pub async fn update_object(
        &self,
        account: &str,
        id: &str,
        params: &Map<String, Value>,
    ) -> Result<(), CallError> {
        self.post_in(Some(account), id, encode_params(params))
            .await
            .map(|_| ())
    }

    /// `DELETE /<id>`, charged to `account`'s gate, sent once (the caller reads back after an
    /// uncertain answer).
    pub async fn delete_object(&self, account: &str, id: &str) -> Result<(), CallError> {
        let url = self.url(id);
        let timeout = self.config().timeout;
        self.send_once(
            reqwest::Method::DELETE,
            &url,
            &Vec::new(),
            None,
            Some(account),
            timeout,
        )
        .await
        .map(|_| ())
    }

    /// `POST /<adset_id>/copies` (Meta's Ad Set Copies): the answer as Graph gave it
    /// (`copied_adset_id`, `ad_object_ids`).
    pub async fn copy_ad_set(
        &self,
        account: &str,
        adset: &str,
        params: &Map<String, Value>,
    ) -> Result<Value, CallError> {
        self.post_in(
            Some(account),
            &format!("{adset}/copies"),
            encode_params(params),
        )
        .await
    }

    /// Every item of an object's list edge (`GET /<id>/<edge>?fields=...`: a campaign's ad sets,
    /// an ad set's ads), charged to `account`.
    pub async fn edge_items(
        &self,
        account: &str,
        id: &str,
        edge: &str,
        fields: &str,
    ) -> Result<Vec<Value>, CallError> {
        let mut out = Vec::new();
        let mut pages = 0;
        let max = self.config().max_pages;
        self.pages_in(
            Some(account),
            &format!("{id}/{edge}"),
            &[("fields", fields)],
            max,
            &mut pages,
            |items| out.extend(items),
        )
        .await?;
        Ok(out)
    }

    /// Points an ad at another creative (`POST /<ad_id>` with `creative={"creative_id":...}`),
    /// charged to `account`'s gate like a create.
    pub async fn repoint_ad(
        &self,
        account: &str,
        ad: &str,
        creative: &str,
    ) -> Result<(), CallError> {
        let c = json!({ "creative_id": creative }).to_string();
        self.post_in(Some(account), ad, vec![("creative".into(), c)])
            .await
            .map(|_| ())
    }

    /// `POST /` with `batch` (at most 50 operations); answers in order.
    pub async fn batch(&self, ops: &[BatchOp]) -> Result<Vec<BatchAnswer>, CallError> {
        let list: Vec<Value> = ops
            .iter()
            .map(|o| {
                let mut m = json!({"method": o.method, "relative_url": o.relative_url});
                if let Some(b) = &o.body {
                    m["body"] = json!(b);
                }
                if let Some(n) = &o.name {
                    m["name"] = json!(n);
                }
                m
            })
            .collect();
        let v = self
            .post("", vec![("batch".into(), Value::Array(list).to_string())])
            .await?;
        let answers = v.as_array().cloned().unwrap_or_default();
        Ok(answers
            .into_iter()
            .map(|a| BatchAnswer {
                code: a.get("code").and_then(Value::as_u64).unwrap_or(0) as u16,
                body: a
                    .get("body")
                    .and_then(Value::as_str)
                    .and_then(|b| serde_json::from_str(b).ok()),
            })
            .collect())
    }
}
