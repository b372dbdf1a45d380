//! The Graph API client: requests in Graph's encoding, the token in the body of writes, errors
//! parsed and classified, reads retried with backoff, writes sent once, every call paced by the
//! per-account gate.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Map, Value};

use super::error::{CallError, ErrorClass, GraphErrorBody, classify};
use super::gate::{Gate, read_usage, with_jitter};
use super::secret::{Secret, appsecret_proof};
pub use super::version::DEFAULT_API_VERSION;
use super::version::explain_expired;

pub const DEFAULT_BASE_URL: &str = "https://graph.facebook.com";
/// The most bytes of one Graph answer dcw reads: Graph's largest pages (500 ads with their
/// fields, insights) are a few megabytes.
pub const DEFAULT_MAX_ANSWER_BYTES: u64 = 32 * 1000 * 1000;
const READ_COST: u32 = 1;
/// Points a write costs an ad account (Meta's rate-limiting page: a read 1, a write 3).
pub const WRITE_COST: u32 = 3;

/// How to reach Graph, and as whom.
#[derive(Debug, Clone)]
pub struct GraphConfig {
    pub base_url: String,
    pub api_version: String,
    pub token: Secret,
    pub app_secret: Option<Secret>,
    /// Per request, the whole exchange: connecting, sending, and reading the answer to its end
    /// (reqwest's `ClientBuilder::timeout` is a total deadline that covers the body).
    pub timeout: Duration,
    /// The most bytes of one answer dcw reads (32 MB): a longer one is refused, not retried.
    pub max_answer_bytes: u64,
    /// Attempts for a read that fails transiently.
    pub read_attempts: u32,
    /// The first wait before a read is tried again; it doubles each time.
    pub read_backoff: Duration,
    /// The longest dcw waits out throttling in one call before giving up.
    pub patience: Duration,
    /// The most pages dcw follows on one list edge (2,000: a million ads at 500 a page).
    pub max_pages: u32,
    /// Now, for the rate-limit gate (moved forward by simulated-time tests).
    pub clock: super::Clock,
}

impl GraphConfig {
    pub fn new(token: Secret) -> GraphConfig {
        GraphConfig {
            base_url: DEFAULT_BASE_URL.into(),
            api_version: DEFAULT_API_VERSION.into(),
            token,
            app_secret: None,
            timeout: Duration::from_secs(60),
            max_answer_bytes: DEFAULT_MAX_ANSWER_BYTES,
            read_attempts: 4,
            read_backoff: Duration::from_millis(200),
            patience: Duration::from_secs(15 * 60),
            max_pages: 2_000,
            clock: super::Clock::default(),
        }
    }
}

/// Parameters of a request, in order.
pub type Params = Vec<(String, String)>;

/// Encodes a JSON object as Graph parameters: strings as they are, everything else (numbers,
/// booleans, objects, lists) as JSON text.
pub fn encode_params(object: &Map<String, Value>) -> Params {
    object
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (k.clone(), text)
        })
        .collect()
}

/// The most ids dcw names in one read (Graph's limit for `?ids=`; dcw's reads by id filter the
/// account's ads edge, 50 at a time). Root `?ids=` reads are not used: Graph refuses them.
pub const MAX_IDS: usize = 50;

/// A Graph API client. Cheap to clone; clones share the gate.
#[derive(Clone)]
pub struct GraphClient {
    http: reqwest::Client,
    config: Arc<GraphConfig>,
    gate: Arc<Gate>,
}

impl std::fmt::Debug for GraphClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphClient")
            .field("base_url", &self.config.base_url)
            .field("api_version", &self.config.api_version)
            .field("token", &self.config.token)
            .finish()
    }
}

/// Whether a base URL names this machine (`localhost`, `127.0.0.0/8`, `::1`).
fn is_loopback(base_url: &str) -> bool {
    match url::Url::parse(base_url)
        .ok()
        .and_then(|u| u.host().map(|h| h.to_owned()))
    {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// The ad account a path is charged to: `act_<digits>/...` gives the digits.
fn account_of(path: &str) -> Option<String> {
    path.trim_start_matches('/')
        .split('/')
        .next()
        .and_then(|s| s.strip_prefix("act_"))
        .map(str::to_string)
}

impl GraphClient {
    pub fn new(config: GraphConfig) -> Result<GraphClient, String> {
        let mut builder = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(Duration::from_secs(15))
            .user_agent(concat!("dcw/", env!("CARGO_PKG_VERSION")));
        if is_loopback(&config.base_url) {
            // A proxy cannot reach this machine's loopback (the built-in or a local sandbox),
            // and HTTP_PROXY without NO_PROXY would otherwise send these requests to it.
            builder = builder.no_proxy();
        }
        // A redirect would re-send the form body, token included, somewhere else: never follow.
        let http = builder
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("cannot set up HTTP: {e}"))?;
        Ok(GraphClient {
            http,
            config: Arc::new(config),
            gate: Arc::new(Gate::new()),
        })
    }

    /// The gate, shared (the status pane reads usage and pauses from it).
    pub fn gate_arc(&self) -> Arc<Gate> {
        self.gate.clone()
    }

    /// Now, on the client's clock.
    pub fn now(&self) -> Instant {
        self.config.clock.now()
    }

    pub fn config(&self) -> &GraphConfig {
        &self.config
    }

    pub fn gate(&self) -> &Gate {
        &self.gate
    }

    pub(super) fn url(&self, path: &str) -> String {
        self.url_on(&self.config.base_url, path)
    }

    /// `<base>/<version>/<path>`.
    pub(super) fn url_on(&self, base: &str, path: &str) -> String {
        format!(
            "{}/{}/{}",
            base.trim_end_matches('/'),
            self.config.api_version,
            path.trim_start_matches('/')
        )
    }

    /// `text` with the token, the app secret and the proof blanked, then cut to `chars`
    /// characters: in that order, so a secret across the cut is never left half shown.
    pub fn scrub_shortened(&self, text: &str, chars: usize) -> String {
        self.scrub(text).chars().take(chars).collect()
    }

    /// Text from an answer with every credential blanked out: Graph has been seen echoing
    /// request URLs, token included, in error messages.
    fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        let mut secrets = vec![self.config.token.expose().to_string()];
        if let Some(secret) = &self.config.app_secret {
            secrets.push(secret.expose().to_string());
            secrets.push(appsecret_proof(&self.config.token, secret));
        }
        // As sent in a query or form body too (`/` as `%2F`, `+` as `%2B`): an answer that
        // echoes the request line shows it that way.
        let encoded: Vec<String> = secrets
            .iter()
            .map(|s| url::form_urlencoded::byte_serialize(s.as_bytes()).collect())
            .collect();
        for s in secrets.iter().chain(&encoded).filter(|s| s.len() >= 4) {
            out = out.replace(s.as_str(), "***");
        }
        out
    }

    fn scrub_error(&self, mut e: GraphErrorBody) -> GraphErrorBody {
        e.message = self.scrub(&e.message);
        e.error_user_title = e.error_user_title.map(|t| self.scrub(&t));
        e.error_user_msg = e.error_user_msg.map(|t| self.scrub(&t));
        e.error_data = e
            .error_data
            .map(|d| serde_json::from_str(&self.scrub(&d.to_string())).unwrap_or(Value::Null));
        e
    }

    /// The credentials as parameters: the token and, with an app secret, its proof.
    fn auth_params(&self) -> Params {
        let mut p = vec![(
            "access_token".to_string(),
            self.config.token.expose().to_string(),
        )];
        if let Some(secret) = &self.config.app_secret {
            p.push((
                "appsecret_proof".into(),
                appsecret_proof(&self.config.token, secret),
            ));
        }
        p
    }

    async fn pace(&self, account: Option<&str>, cost: u32) -> Result<(), CallError> {
        let Some(account) = account else {
            return Ok(());
        };
        let started = Instant::now();
        loop {
            let wait = self
                .gate
                .try_acquire(account, cost, self.config.clock.now());
            if wait.is_zero() {
                return Ok(());
            }
            if started.elapsed() + wait > self.config.patience {
                return Err(throttled_beyond_patience(wait, self.gate.tier(account)));
            }
            tracing::info!(
                account,
                wait_ms = wait.as_millis() as u64,
                "pacing calls to the ad account"
            );
            tokio::time::sleep(with_jitter(wait)).await;
        }
    }

    /// One HTTP exchange, no retry.
    pub(super) async fn send_once(
        &self,
        method: Method,
        url: &str,
        params: &Params,
        form: Option<reqwest::multipart::Form>,
        account: Option<&str>,
        timeout: Duration,
    ) -> Result<Value, CallError> {
        let cost = if method == Method::GET {
            READ_COST
        } else {
            WRITE_COST
        };
        self.pace(account, cost).await?;
        let mut all = params.clone();
        all.extend(self.auth_params());
        let req = if method == Method::GET {
            self.http.get(url).query(&all)
        } else if let Some(mut form) = form {
            for (k, v) in all {
                form = form.text(k, v);
            }
            self.http.request(method.clone(), url).multipart(form)
        } else {
            // Writes carry the token in the form body, never in the URL.
            self.http.request(method.clone(), url).form(&all)
        };
        let resp = req.timeout(timeout).send().await.map_err(network_error)?;
        let status = resp.status().as_u16();
        if let Some(a) = account {
            let header = |n: &str| {
                resp.headers()
                    .get(n)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            };
            if let Some(r) = read_usage(
                header("x-business-use-case-usage").as_deref(),
                header("x-ad-account-usage").as_deref(),
                a,
            ) {
                self.gate.observe(a, r, self.config.clock.now());
            }
        }
        let bytes = read_answer(resp, status, self.config.max_answer_bytes).await?;
        let text = String::from_utf8_lossy(&bytes);
        let body: Value = serde_json::from_str(&text).map_err(|_| CallError::Unexpected {
            status,
            message: format!("not JSON: {}", self.scrub_shortened(&text, 200)),
        })?;
        if let Some(error) = GraphErrorBody::from_answer(&body) {
            let error = explain_expired(self.scrub_error(error), &self.config.api_version);
            let mut class = classify(&error, status);
            if let (ErrorClass::Throttled { wait }, Some(a)) = (&mut class, account) {
                // A hold Meta's headers set (the regain time at 100%) decides; the gate's
                // spacing above 75% is no hold and never shortens a throttle's wait.
                if let Some(hold) = self.gate.paused_for(a, self.config.clock.now()) {
                    *wait = hold;
                }
                self.gate.pause(a, *wait, self.config.clock.now());
            }
            return Err(CallError::Graph {
                status,
                error: Box::new(error),
                class,
            });
        }
        if status >= 400 {
            return Err(CallError::Unexpected {
                status,
                message: self.scrub_shortened(&text, 200),
            });
        }
        Ok(body)
    }

    /// A read, retried with exponential backoff and jitter on transient errors and after
    /// throttling (within `patience`).
    pub async fn get(&self, path: &str, params: &[(&str, &str)]) -> Result<Value, CallError> {
        self.get_in(account_of(path).as_deref(), path, params).await
    }

    /// A read charged to `account` (for `/<id>` paths, which do not name it). Outside `graph/`,
    /// the typed calls (`calls.rs`) take the account instead.
    pub(super) async fn get_in(
        &self,
        account: Option<&str>,
        path: &str,
        params: &[(&str, &str)],
    ) -> Result<Value, CallError> {
        let params: Params = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let account = account.map(str::to_string);
        let url = self.url(path);
        let started = Instant::now();
        let mut backoff = self.config.read_backoff;
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self
                .send_once(
                    Method::GET,
                    &url,
                    &params,
                    None,
                    account.as_deref(),
                    self.config.timeout,
                )
                .await
            {
                Ok(v) => return Ok(v),
                Err(e) => match e.class() {
                    ErrorClass::Transient if attempt < self.config.read_attempts => {
                        tokio::time::sleep(with_jitter(backoff)).await;
                        backoff *= 2;
                    }
                    ErrorClass::Throttled { wait }
                        if started.elapsed() + wait <= self.config.patience =>
                    {
                        tokio::time::sleep(with_jitter(wait)).await;
                    }
                    _ => return Err(e),
                },
            }
        }
    }

    /// A write, sent once. Only a throttle refusal (which Graph answers without doing anything)
    /// is waited out and sent again; anything uncertain goes back to the caller to reconcile.
    pub async fn post(&self, path: &str, params: Params) -> Result<Value, CallError> {
        self.post_in(account_of(path).as_deref(), path, params)
            .await
    }

    /// A write charged to `account` (for `/<id>` paths, which do not name it). Outside `graph/`,
    /// the typed calls (`calls.rs`) take the account instead.
    pub(super) async fn post_in(
        &self,
        account: Option<&str>,
        path: &str,
        params: Params,
    ) -> Result<Value, CallError> {
        self.write(account, &self.url(path), &params, || None).await
    }

    /// Sends a write to `url` once. Only a throttle refusal (which Graph answers without doing
    /// anything) is waited out, within patience, and sent again; `form` makes a multipart body
    /// each time.
    pub(super) async fn write(
        &self,
        account: Option<&str>,
        url: &str,
        params: &Params,
        form: impl Fn() -> Option<reqwest::multipart::Form>,
    ) -> Result<Value, CallError> {
        self.write_within(account, url, params, form, self.config.timeout)
            .await
    }

    /// [`write`](Self::write) with its own deadline for each exchange (a video chunk's, which
    /// grows with its size).
    pub(super) async fn write_within(
        &self,
        account: Option<&str>,
        url: &str,
        params: &Params,
        form: impl Fn() -> Option<reqwest::multipart::Form>,
        timeout: Duration,
    ) -> Result<Value, CallError> {
        let started = Instant::now();
        loop {
            match self
                .send_once(Method::POST, url, params, form(), account, timeout)
                .await
            {
                Err(e) => match e.class() {
                    ErrorClass::Throttled { wait }
                        if !e.is_uncertain()
                            && started.elapsed() + wait <= self.config.patience =>
                    {
                        tokio::time::sleep(with_jitter(wait)).await;
                    }
                    _ => return Err(e),
                },
                ok => return ok,
            }
        }
    }

    /// Uploads an image as multipart (`filename` with its extension); returns `(hash, width,
    /// height)` from `{"images": {"<name>": {...}}}`.
    pub async fn upload_image(
        &self,
        account: &str,
        filename: &str,
        bytes: Vec<u8>,
    ) -> Result<ImageUploaded, CallError> {
        let path = format!("act_{account}/adimages");
        let form = || {
            let part = reqwest::multipart::Part::bytes(bytes.clone())
                .file_name(super::video::header_safe(filename));
            Some(reqwest::multipart::Form::new().part("filename", part))
        };
        let body = self
            .write(Some(account), &self.url(&path), &Vec::new(), form)
            .await?;
        let image = body
            .get("images")
            .and_then(Value::as_object)
            .and_then(|m| m.values().next())
            .ok_or_else(|| CallError::Unexpected {
                status: 200,
                message: "the image upload answered without images".into(),
            })?;
        let hash = image
            .get("hash")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        if hash.is_empty() {
            return Err(CallError::Unexpected {
                status: 200,
                message: "the image upload answered without a hash".into(),
            });
        }
        Ok(ImageUploaded { hash })
    }

    /// Every item of a list edge, following `paging.cursors.after`.
    pub async fn get_all(
        &self,
        path: &str,
        params: &[(&str, &str)],
    ) -> Result<Vec<Value>, CallError> {
        let mut out = Vec::new();
        let mut pages = 0;
        self.pages_in(
            account_of(path).as_deref(),
            path,
            params,
            self.config.max_pages,
            &mut pages,
            |items| out.extend(items),
        )
        .await?;
        Ok(out)
    }

    /// Reads a list edge page by page, charged to `account`, handing each page's `data` to
    /// `take` as it comes (nothing is kept twice); follows `paging.cursors.after` while Graph
    /// gives a `next`, and stops on a cursor that does not move. `pages` counts the requests,
    /// a failed one included. It follows at most `max` pages (the client's `max_pages`, or fewer
    /// for a list Meta answers whole in one page): more is `TooManyPages`.
    pub(super) async fn pages_in(
        &self,
        account: Option<&str>,
        path: &str,
        params: &[(&str, &str)],
        max: u32,
        pages: &mut u32,
        mut take: impl FnMut(Vec<Value>),
    ) -> Result<(), CallError> {
        let mut after: Option<String> = None;
        let mut followed = 0;
        loop {
            if followed == max {
                return Err(CallError::TooManyPages { max });
            }
            followed += 1;
            let mut p: Vec<(&str, &str)> = params.to_vec();
            if let Some(a) = &after {
                p.push(("after", a));
            }
            *pages += 1;
            let mut page = self.get_in(account, path, &p).await?;
            if let Some(Value::Array(items)) = page.get_mut("data").map(Value::take) {
                take(items);
            }
            let paging = page.get("paging");
            let next = paging.and_then(|pg| pg.get("next")).is_some();
            let cursor = paging
                .and_then(|pg| pg.get("cursors"))
                .and_then(|c| c.get("after"))
                .and_then(Value::as_str)
                .map(str::to_string);
            match cursor {
                Some(c) if next && after.as_deref() != Some(c.as_str()) => after = Some(c),
                _ => return Ok(()),
            }
        }
    }

    /// Objects under an account edge whose name contains `needle` (Graph `filtering`).
    pub async fn find_by_name(
        &self,
        account: &str,
        edge: &str,
        needle: &str,
    ) -> Result<Vec<Value>, CallError> {
        let filtering =
            serde_json::json!([{"field": "name", "operator": "CONTAIN", "value": needle}])
                .to_string();
        self.get_all(
            &format!("act_{account}/{edge}"),
            &[
                ("fields", "id,name"),
                ("filtering", &filtering),
                ("limit", "100"),
            ],
        )
        .await
    }

    /// The hashes among `hashes` already in the account's image library.
    pub async fn existing_image_hashes(
        &self,
        account: &str,
        hashes: &[String],
    ) -> Result<Vec<String>, CallError> {
        if hashes.is_empty() {
            return Ok(Vec::new());
        }
        let list = serde_json::to_string(hashes).unwrap_or_default();
        let items = self
            .get_all(
                &format!("act_{account}/adimages"),
                &[("hashes", &list), ("fields", "hash"), ("limit", "100")],
            )
            .await?;
        Ok(items
            .iter()
            .filter_map(|i| i.get("hash").and_then(Value::as_str).map(str::to_string))
            .collect())
    }
}

/// What an image upload gave back.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageUploaded {
    pub hash: String,
}

/// Reads an answer's body chunk by chunk, counting: one that says (`Content-Length`) or turns
/// out to be longer than `max` bytes is refused without reading the rest.
async fn read_answer(
    mut resp: reqwest::Response,
    status: u16,
    max: u64,
) -> Result<Vec<u8>, CallError> {
    let too_large = || CallError::TooLarge { status, max };
    let claimed = resp.content_length();
    if claimed.is_some_and(|n| n > max) {
        return Err(too_large());
    }
    let mut body = Vec::with_capacity(claimed.unwrap_or(0) as usize);
    while let Some(chunk) = resp.chunk().await.map_err(network_error)? {
        if (body.len() + chunk.len()) as u64 > max {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn network_error(e: reqwest::Error) -> CallError {
    // Never keep the URL: a GET's query carries the token.
    let e = e.without_url();
    CallError::Network {
        timeout: e.is_timeout(),
        message: e.to_string(),
    }
}

fn throttled_beyond_patience(wait: Duration, tier: Option<super::gate::AccessTier>) -> CallError {
    let tier = tier.map_or_else(String::new, |t| {
        format!(" ({t} access: {} points per 5 minutes)", t.max_points())
    });
    CallError::Graph {
        status: 400,
        error: Box::new(GraphErrorBody {
            message: format!(
                "dcw would have to wait {} s for the ad account's rate limit{tier}, longer than its patience",
                wait.as_secs()
            ),
            code: 17,
            error_subcode: Some(2446079),
            ..Default::default()
        }),
        class: ErrorClass::Throttled { wait },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_across_the_cut_is_blanked_before_the_text_is_shortened() {
        let token = "EAAB-canary-token-0123456789";
        let client = GraphClient::new(GraphConfig::new(Secret::new(token.to_string()))).unwrap();
        // The token starts 10 characters before the cut: cut first, and its first 10 would stay.
        let text = format!("{}{token} and more", "x".repeat(190));
        let shown = client.scrub_shortened(&text, 200);
        assert!(!shown.contains("EAAB-canar"), "{shown}");
        assert_eq!(shown, format!("{}*** and mo", "x".repeat(190)));
    }

    #[test]
    fn a_token_echoed_url_encoded_is_blanked_too() {
        let token = "EAAB/canary+token=";
        let client = GraphClient::new(GraphConfig::new(Secret::new(token.to_string()))).unwrap();
        let shown =
            client.scrub_shortened("GET /me?access_token=EAAB%2Fcanary%2Btoken%3D 404", 200);
        assert_eq!(shown, "GET /me?access_token=*** 404");
    }

    #[test]
    fn only_this_machine_counts_as_loopback() {
        for base in [
            "http://127.0.0.1:8080",
            "http://127.1.2.3",
            "http://localhost:9000/",
            "http://[::1]:8080",
        ] {
            assert!(is_loopback(base), "{base}");
        }
        for base in ["https://example.com", "http://10.0.0.1", "not a url"] {
            assert!(!is_loopback(base), "{base}");
        }
    }
}
