//! Helpers for tests that talk to an in-process sandbox over real HTTP on loopback.

use dcw::sandbox::{Sandbox, SandboxConfig, SandboxHandle};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::{Value, json};

pub const TOKEN: &str = "sandbox-test-token";
pub const ACT: &str = "act_1234567890";
pub const ACT_JPY: &str = "act_9876543210";
pub const PAGE_ID: &str = "102938475610293";
pub const PIXEL_ID: &str = "1234567890";

/// A running sandbox and a client for it.
pub struct Sb {
    pub base: String,
    pub client: reqwest::Client,
    pub handle: Option<SandboxHandle>,
}

/// The `data` of a list edge.
#[track_caller]
pub fn data(r: &Reply) -> &Vec<Value> {
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["data"]
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {}", r.body))
}

/// A reply: status, headers and the JSON body.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    /// The error's `(code, subcode)`, or panics with the body when it is not an error.
    #[track_caller]
    pub fn error(&self) -> (i64, Option<i64>) {
        let e = self
            .body
            .get("error")
            .unwrap_or_else(|| panic!("not an error: {}", self.body));
        (
            e["code"].as_i64().unwrap(),
            e.get("error_subcode").and_then(Value::as_i64),
        )
    }

    /// The created id, or panics with the body.
    #[track_caller]
    pub fn id(&self) -> String {
        self.body["id"]
            .as_str()
            .unwrap_or_else(|| panic!("no id: {} {}", self.status, self.body))
            .to_string()
    }
}

/// A config for tests: immediate review, no faults.
pub fn test_config() -> SandboxConfig {
    SandboxConfig {
        review_delay: std::time::Duration::ZERO,
        ..Default::default()
    }
}

pub async fn start(config: SandboxConfig) -> Sb {
    let (addr, handle) = Sandbox::start(config).await.expect("sandbox starts");
    Sb {
        base: format!("http://{addr}"),
        client: reqwest::Client::builder().no_proxy().build().unwrap(),
        handle: Some(handle),
    }
}

/// Runs `f` with a client (no proxy) on a current-thread runtime of its own: for synchronous
/// tests that talk to a `dcw sandbox` process.
pub fn block_on_client<T, F>(f: impl FnOnce(reqwest::Client) -> F) -> T
where
    F: std::future::Future<Output = T>,
{
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(f(reqwest::Client::builder().no_proxy().build().unwrap()))
}

/// A `dcw sandbox` process: stdout piped, its first line read; stderr as the test asks.
pub struct SandboxProcess {
    pub child: std::process::Child,
    /// The first line it printed (with its newline).
    pub first: String,
}

impl SandboxProcess {
    /// Starts `dcw sandbox <args>` and reads its first line.
    pub fn spawn(args: &[&str], stderr: std::process::Stdio) -> Self {
        use std::io::BufRead;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dcw"))
            .arg("sandbox")
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("dcw sandbox starts");
        let mut first = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        Self { child, first }
    }

    /// The address its first line gives (`listening on <base>`), or `None`.
    pub fn base(&self) -> Option<String> {
        self.first
            .trim()
            .strip_prefix("listening on ")
            .map(str::to_string)
    }

    /// Ctrl+C (`kill -INT`), then waits: whether `kill` succeeded, how the sandbox exited, and
    /// all it wrote to its (piped) stderr.
    pub fn interrupt(mut self) -> (bool, std::process::ExitStatus, String) {
        use std::io::Read;
        let signalled = std::process::Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .is_ok_and(|s| s.success());
        let exit = self.child.wait().unwrap();
        let mut stderr = String::new();
        self.child
            .stderr
            .take()
            .expect("stderr piped")
            .read_to_string(&mut stderr)
            .unwrap();
        (signalled, exit, stderr)
    }
}

/// `dcw sandbox <args>` refused as a usage error: asserts exit 2; what it wrote to stderr.
#[track_caller]
pub fn sandbox_refuses(args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dcw"))
        .arg("sandbox")
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "dcw sandbox {args:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Reads an answer: status, headers and the JSON body (panics when it is not JSON).
pub async fn reply(r: reqwest::Response) -> Reply {
    let status = r.status();
    let headers = r.headers().clone();
    let text = r.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"));
    Reply {
        status,
        headers,
        body,
    }
}

impl Sb {
    /// `GET /_sandbox/stats` (never faulted): request counts by route and object counts.
    pub async fn stats(&self) -> Value {
        self.client
            .get(format!("{}/_sandbox/stats", self.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// `<base>/<dcw's default version>/<path>`.
    pub fn url(&self, path: &str) -> String {
        self.url_at(dcw::graph::DEFAULT_API_VERSION, path)
    }

    /// `<base>/<version>/<path>`.
    pub fn url_at(&self, version: &str, path: &str) -> String {
        format!("{}/{version}/{}", self.base, path.trim_start_matches('/'))
    }

    /// `GET /<dcw's default version>/<path>` with the token and `query`.
    pub async fn get(&self, path: &str, query: &[(&str, &str)]) -> Reply {
        self.get_at(dcw::graph::DEFAULT_API_VERSION, path, query)
            .await
    }

    /// `GET /<version>/<path>` with the token and `query`.
    pub async fn get_at(&self, version: &str, path: &str, query: &[(&str, &str)]) -> Reply {
        let mut q: Vec<(&str, &str)> = query.to_vec();
        q.push(("access_token", TOKEN));
        reply(
            self.client
                .get(self.url_at(version, path))
                .query(&q)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// `POST /<dcw's default version>/<path>` as a form, the token in the body.
    pub async fn post(&self, path: &str, form: &[(&str, String)]) -> Reply {
        self.post_at(dcw::graph::DEFAULT_API_VERSION, path, form)
            .await
    }

    /// `POST /<version>/<path>` as a form, the token in the body.
    pub async fn post_at(&self, version: &str, path: &str, form: &[(&str, String)]) -> Reply {
        let mut f: Vec<(&str, String)> = form.to_vec();
        f.push(("access_token", TOKEN.to_string()));
        reply(
            self.client
                .post(self.url_at(version, path))
                .form(&f)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    pub async fn campaign(&self, objective: &str) -> String {
        self.post(
            &format!("{ACT}/campaigns"),
            &[
                ("name", "Test campaign".into()),
                ("objective", objective.into()),
                ("special_ad_categories", "[]".into()),
                ("status", "PAUSED".into()),
                ("is_adset_budget_sharing_enabled", "false".into()),
            ],
        )
        .await
        .id()
    }

    /// A valid dynamic-creative ad set's form under `campaign`.
    pub fn ad_set_form(campaign: &str) -> Vec<(&'static str, String)> {
        vec![
            ("name", "Test ad set".into()),
            ("campaign_id", campaign.into()),
            ("is_dynamic_creative", "true".into()),
            ("optimization_goal", "OFFSITE_CONVERSIONS".into()),
            ("billing_event", "IMPRESSIONS".into()),
            ("bid_strategy", "LOWEST_COST_WITHOUT_CAP".into()),
            ("daily_budget", "2000".into()),
            ("status", "PAUSED".into()),
            ("promoted_object", json!({"pixel_id": PIXEL_ID, "custom_event_type": "PURCHASE"}).to_string()),
            (
                "targeting",
                json!({"geo_locations": {"countries": ["US"]}, "targeting_automation": {"advantage_audience": 0}})
                    .to_string(),
            ),
        ]
    }

    pub async fn ad_set(&self, campaign: &str) -> String {
        self.post(&format!("{ACT}/adsets"), &Self::ad_set_form(campaign))
            .await
            .id()
    }

    /// Uploads the example boots image; returns its hash.
    pub async fn image(&self) -> String {
        let bytes = std::fs::read(super::examples_dir().join("images/boots.jpg")).unwrap();
        let form = reqwest::multipart::Form::new()
            .text("access_token", TOKEN)
            .part(
                "filename",
                reqwest::multipart::Part::bytes(bytes).file_name("boots.jpg"),
            );
        let r = reply(
            self.client
                .post(self.url(&format!("{ACT}/adimages")))
                .multipart(form)
                .send()
                .await
                .unwrap(),
        )
        .await;
        r.body["images"]["boots.jpg"]["hash"]
            .as_str()
            .unwrap_or_else(|| panic!("{}", r.body))
            .to_string()
    }

    /// A creative's form with this feed.
    pub fn creative_form(feed: Value) -> Vec<(&'static str, String)> {
        vec![
            ("name", "Test creative".into()),
            ("object_story_spec", json!({"page_id": PAGE_ID}).to_string()),
            ("asset_feed_spec", feed.to_string()),
        ]
    }

    /// A clean feed with these titles.
    pub fn feed(hash: &str, titles: &[&str]) -> Value {
        json!({
            "images": [{"hash": hash}],
            "titles": titles.iter().map(|t| json!({"text": t})).collect::<Vec<_>>(),
            "bodies": [{"text": "Our warmest boots are back."}],
            "link_urls": [{"website_url": "https://shop.example.com/winter"}],
            "call_to_action_types": ["SHOP_NOW"],
            "ad_formats": ["SINGLE_IMAGE"],
        })
    }

    pub async fn creative(&self, feed: Value) -> String {
        self.post(&format!("{ACT}/adcreatives"), &Self::creative_form(feed))
            .await
            .id()
    }

    pub async fn ad(&self, adset: &str, creative: &str) -> Reply {
        self.post(
            &format!("{ACT}/ads"),
            &[
                ("name", "Test ad".into()),
                ("adset_id", adset.into()),
                ("creative", json!({"creative_id": creative}).to_string()),
                ("status", "PAUSED".into()),
            ],
        )
        .await
    }

    /// A whole launch with these titles; returns (campaign, ad set, creative, ad).
    pub async fn launch(&self, titles: &[&str]) -> (String, String, String, String) {
        let c = self.campaign("OUTCOME_SALES").await;
        let s = self.ad_set(&c).await;
        let h = self.image().await;
        let k = self.creative(Self::feed(&h, titles)).await;
        let a = self.ad(&s, &k).await.id();
        (c, s, k, a)
    }
}
