//! The Graph client's HTTP as sent (seen by a raw TCP server in the test), and its typed calls,
//! error parsing, classification and uncertainty against the sandbox.

use crate::common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::sandbox::{ACT, start, test_config};
use dcw::graph::{CallError, ErrorClass, GraphClient, GraphConfig, Secret, encode_params};
use dcw::sandbox::{FaultKind, SandboxConfig, Tier};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const TOKEN: &str = "EAAwiretesttoken0123456789";
const APP_SECRET: &str = "wire-test-app-secret";
const ACCOUNT: &str = "1234567890";

// ---------------------------------------------------------------------------------------------
// A raw HTTP/1.1 server that records each request's bytes and answers canned Graph JSON.

/// One request as it arrived.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    /// The request target: path and query, as on the request line.
    target: String,
    /// Request line and headers, as sent.
    head: String,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

impl Seen {
    fn path(&self) -> &str {
        self.target.split('?').next().unwrap()
    }

    fn query(&self) -> Vec<(String, String)> {
        match self.target.split_once('?') {
            Some((_, q)) => pairs(q.as_bytes()),
            None => Vec::new(),
        }
    }

    fn form(&self) -> Vec<(String, String)> {
        pairs(&self.body)
    }
}

fn pairs(bytes: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(bytes).into_owned().collect()
}

fn value<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

struct Raw {
    base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Raw {
    fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn only(&self) -> Seen {
        let all = self.requests();
        assert_eq!(all.len(), 1, "one request: {all:#?}");
        all[0].clone()
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

async fn read_request(sock: &mut tokio::net::TcpStream) -> Option<Seen> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        if let Some(end) = find(&buf, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).into_owned();
            let headers: HashMap<String, String> = head
                .lines()
                .skip(1)
                .filter_map(|l| l.split_once(':'))
                .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
                .collect();
            let body_start = end + 4;
            let complete = match headers.get("content-length") {
                Some(n) => buf.len() >= body_start + n.parse::<usize>().unwrap(),
                None if headers
                    .get("transfer-encoding")
                    .is_some_and(|t| t.contains("chunked")) =>
                {
                    buf.ends_with(b"0\r\n\r\n")
                }
                None => true,
            };
            if complete {
                let mut line = head.lines().next().unwrap().split(' ');
                return Some(Seen {
                    method: line.next().unwrap().to_string(),
                    target: line.next().unwrap().to_string(),
                    head,
                    headers,
                    body: buf[body_start..].to_vec(),
                });
            }
        }
        let n = sock.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// Serves `answer` (JSON, status 200) to every request and records what came.
async fn raw_server(answer: Value) -> Raw {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let log = log.clone();
            let body = answer.to_string();
            tokio::spawn(async move {
                let Some(req) = read_request(&mut sock).await else {
                    return;
                };
                log.lock().unwrap().push(req);
                let resp = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=UTF-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = sock.write_all(resp.as_bytes()).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    Raw { base, seen }
}

fn config(base: &str) -> GraphConfig {
    let mut c = GraphConfig::new(Secret::new(TOKEN));
    c.base_url = base.to_string();
    c.read_backoff = Duration::from_millis(1);
    c.timeout = Duration::from_secs(10);
    c
}

fn client(base: &str) -> GraphClient {
    GraphClient::new(config(base)).unwrap()
}

/// HMAC-SHA256 (RFC 2104) from SHA-256 alone, in hex: the proof as Meta computes it.
fn hmac_sha256_hex(key: &[u8], message: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let mut k = [0u8; 64];
    if key.len() > 64 {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(k.map(|b| b ^ 0x36));
    inner.update(message);
    let mut outer = Sha256::new();
    outer.update(k.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn the_test_hmac_matches_rfc_4231() {
    assert_eq!(
        hmac_sha256_hex(b"Jefe", b"what do ya want for nothing?"),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
}

// ---------------------------------------------------------------------------------------------
// As sent.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn post_sends_the_token_in_the_urlencoded_body_and_never_in_the_url() {
    let raw = raw_server(json!({"id": "120210000000000001"})).await;
    let v = client(&raw.base)
        .post(
            &format!("act_{ACCOUNT}/campaigns"),
            vec![("name".into(), "Winter".into())],
        )
        .await
        .unwrap();
    assert_eq!(v["id"], "120210000000000001");
    let req = raw.only();
    assert_eq!(req.method, "POST");
    assert_eq!(req.target, format!("/v27.0/act_{ACCOUNT}/campaigns"));
    assert!(
        !req.head.contains(TOKEN),
        "no token in the request line or headers: {}",
        req.head
    );
    assert!(!req.head.contains("access_token"), "{}", req.head);
    assert!(
        req.headers["content-type"].starts_with("application/x-www-form-urlencoded"),
        "{:?}",
        req.headers
    );
    let form = req.form();
    assert_eq!(value(&form, "access_token"), Some(TOKEN), "{form:?}");
    assert_eq!(value(&form, "name"), Some("Winter"), "{form:?}");
    assert_eq!(
        value(&form, "appsecret_proof"),
        None,
        "no proof without an app secret"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_an_app_secret_posts_and_gets_carry_appsecret_proof_the_hmac_of_the_token() {
    let raw = raw_server(json!({"id": "1", "currency": "USD"})).await;
    let mut c = config(&raw.base);
    c.app_secret = Some(Secret::new(APP_SECRET));
    let c = GraphClient::new(c).unwrap();
    c.post(
        &format!("act_{ACCOUNT}/campaigns"),
        vec![("name".into(), "x".into())],
    )
    .await
    .unwrap();
    c.get(&format!("act_{ACCOUNT}"), &[("fields", "currency")])
        .await
        .unwrap();
    let reqs = raw.requests();
    assert_eq!(reqs.len(), 2);
    let expected = hmac_sha256_hex(APP_SECRET.as_bytes(), TOKEN.as_bytes());
    let post = reqs.iter().find(|r| r.method == "POST").unwrap();
    assert_eq!(
        value(&post.form(), "appsecret_proof"),
        Some(expected.as_str())
    );
    assert!(!post.target.contains("appsecret_proof"), "{}", post.target);
    let get = reqs.iter().find(|r| r.method == "GET").unwrap();
    assert_eq!(
        value(&get.query(), "appsecret_proof"),
        Some(expected.as_str())
    );
    for r in &reqs {
        let all = format!("{}{}", r.head, String::from_utf8_lossy(&r.body));
        assert!(
            !all.contains(APP_SECRET),
            "the app secret itself is never sent: {all}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_path_carries_v27_by_default_and_the_configured_api_version_otherwise() {
    let raw = raw_server(json!({"id": "1"})).await;
    client(&raw.base)
        .get("act_1/campaigns", &[("fields", "id")])
        .await
        .unwrap();
    let mut c = config(&format!("{}/", raw.base));
    c.api_version = "v21.0".into();
    GraphClient::new(c)
        .unwrap()
        .post("/act_1/campaigns", vec![])
        .await
        .unwrap();
    let paths: Vec<String> = raw
        .requests()
        .iter()
        .map(|r| r.path().to_string())
        .collect();
    assert!(
        paths.contains(&"/v27.0/act_1/campaigns".to_string()),
        "{paths:?}"
    );
    assert!(
        paths.contains(&"/v21.0/act_1/campaigns".to_string()),
        "one slash between base, version and path: {paths:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nested_params_go_as_json_text_and_strings_as_they_are() {
    let raw = raw_server(json!({"id": "1"})).await;
    let targeting = json!({"geo_locations": {"countries": ["US", "CA"]}, "age_min": 18});
    let object = json!({
        "name": "Winter · dcw-abc123",
        "daily_budget": 2000,
        "is_dynamic_creative": true,
        "special_ad_categories": [],
        "targeting": targeting,
        "bid_amount": null,
    });
    let params = encode_params(object.as_object().unwrap());
    client(&raw.base)
        .post(&format!("act_{ACCOUNT}/adsets"), params)
        .await
        .unwrap();
    let form = raw.only().form();
    assert_eq!(value(&form, "name"), Some("Winter · dcw-abc123"));
    assert_eq!(value(&form, "daily_budget"), Some("2000"));
    assert_eq!(value(&form, "is_dynamic_creative"), Some("true"));
    assert_eq!(value(&form, "special_ad_categories"), Some("[]"));
    let sent: Value = serde_json::from_str(value(&form, "targeting").unwrap()).unwrap();
    assert_eq!(sent, targeting);
    assert_eq!(value(&form, "bid_amount"), None, "nulls are left out");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_puts_fields_and_params_in_the_query_and_sends_no_body() {
    let raw = raw_server(json!({"id": "1", "name": "x"})).await;
    client(&raw.base)
        .get("120210000000000001", &[("fields", "id,name,status")])
        .await
        .unwrap();
    let req = raw.only();
    assert_eq!(req.method, "GET");
    assert_eq!(req.path(), "/v27.0/120210000000000001");
    let q = req.query();
    assert_eq!(value(&q, "fields"), Some("id,name,status"), "{q:?}");
    assert_eq!(value(&q, "access_token"), Some(TOKEN), "{q:?}");
    assert!(req.body.is_empty(), "{:?}", req.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_image_upload_sends_the_token_in_the_multipart_body_not_the_url() {
    let raw = raw_server(json!({"images": {"boots.jpg": {"hash": "abc123"}}})).await;
    let up = client(&raw.base)
        .upload_image(ACCOUNT, "boots.jpg", b"not really a jpeg".to_vec())
        .await
        .unwrap();
    assert_eq!(up.hash, "abc123");
    let req = raw.only();
    assert_eq!(req.target, format!("/v27.0/act_{ACCOUNT}/adimages"));
    assert!(!req.head.contains(TOKEN), "{}", req.head);
    assert!(
        req.headers["content-type"].starts_with("multipart/form-data"),
        "{:?}",
        req.headers
    );
    let body = String::from_utf8_lossy(&req.body);
    assert!(body.contains("name=\"access_token\""), "{body}");
    assert!(body.contains(TOKEN), "{body}");
    assert!(body.contains("filename=\"boots.jpg\""), "{body}");
}

// ---------------------------------------------------------------------------------------------
// Typed calls against the sandbox.

fn route_count(stats: &Value, route: &str) -> u64 {
    stats["requests"]["by_route"][route].as_u64().unwrap_or(0)
}

fn campaign_params(name: &str) -> Vec<(String, String)> {
    encode_params(
        json!({
            "name": name,
            "objective": "OUTCOME_SALES",
            "special_ad_categories": [],
            "status": "PAUSED",
            "is_adset_budget_sharing_enabled": false,
        })
        .as_object()
        .unwrap(),
    )
}

async fn campaigns(c: &GraphClient, names: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut ids = Vec::new();
    for name in names {
        let v = c
            .post(&format!("act_{ACCOUNT}/campaigns"), campaign_params(&name))
            .await
            .unwrap();
        ids.push(v["id"].as_str().unwrap().to_string());
    }
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_all_follows_paging_to_the_last_item() {
    let sb = start(test_config()).await;
    let c = client(&sb.base);
    let ids = campaigns(&c, (0..25).map(|i| format!("Campaign {i}"))).await;
    let before = route_count(&sb.stats().await, "GET /act_{id}/campaigns");
    let all = c
        .get_all(
            &format!("act_{ACCOUNT}/campaigns"),
            &[("fields", "id,name"), ("limit", "10")],
        )
        .await
        .unwrap();
    let mut got: Vec<String> = all
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect();
    got.sort();
    let mut want = ids.clone();
    want.sort();
    assert_eq!(got, want, "every campaign once");
    let pages = route_count(&sb.stats().await, "GET /act_{id}/campaigns") - before;
    assert_eq!(pages, 3, "25 items at 10 a page");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn find_by_name_returns_only_objects_whose_name_contains_the_tag() {
    let sb = start(test_config()).await;
    let c = client(&sb.base);
    campaigns(
        &c,
        [
            "Alpha · dcw-aaa111".to_string(),
            "Beta · dcw-bbb222".to_string(),
            "Alpha again · dcw-ccc333".to_string(),
        ],
    )
    .await;
    let found = c
        .find_by_name(ACCOUNT, "campaigns", "dcw-aaa111")
        .await
        .unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["name"], "Alpha · dcw-aaa111");
    assert!(found[0]["id"].is_string());
    let alphas = c.find_by_name(ACCOUNT, "campaigns", "Alpha").await.unwrap();
    assert_eq!(alphas.len(), 2, "{alphas:?}");
    let none = c
        .find_by_name(ACCOUNT, "campaigns", "dcw-zzz999")
        .await
        .unwrap();
    assert!(none.is_empty(), "{none:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn existing_image_hashes_names_only_the_hashes_the_account_has() {
    let sb = start(test_config()).await;
    let c = client(&sb.base);
    let images = common::examples_dir().join("images");
    let boots = std::fs::read(images.join("boots.jpg")).unwrap();
    let scarf = std::fs::read(images.join("scarf.jpg")).unwrap();
    let boots_md5 = dcw::store::md5_hex(&boots);
    let scarf_md5 = dcw::store::md5_hex(&scarf);
    assert!(
        c.existing_image_hashes(ACCOUNT, std::slice::from_ref(&boots_md5))
            .await
            .unwrap()
            .is_empty(),
        "a new account has no images"
    );
    let up = c.upload_image(ACCOUNT, "boots.jpg", boots).await.unwrap();
    assert_eq!(
        up.hash, boots_md5,
        "Meta's image hash is the MD5 of the bytes"
    );
    let existing = c
        .existing_image_hashes(ACCOUNT, &[boots_md5.clone(), scarf_md5])
        .await
        .unwrap();
    assert_eq!(existing, vec![boots_md5]);
    let before = sb.stats().await["requests"]["total"].clone();
    assert!(
        c.existing_image_hashes(ACCOUNT, &[])
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        sb.stats().await["requests"]["total"],
        before,
        "no hashes, no request"
    );
}

// ---------------------------------------------------------------------------------------------
// Errors: parsed, classified, and whether a write may have happened.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_parameter_is_a_certain_validation_error_blaming_its_field() {
    let sb = start(test_config()).await;
    let c = client(&sb.base);
    // No budget and no is_adset_budget_sharing_enabled: Graph refuses and blames the field.
    let params = encode_params(
        json!({"name": "x", "objective": "OUTCOME_SALES", "special_ad_categories": []})
            .as_object()
            .unwrap(),
    );
    let e = c
        .post(&format!("act_{ACCOUNT}/campaigns"), params)
        .await
        .unwrap_err();
    let CallError::Graph {
        status,
        error,
        class,
    } = &e
    else {
        panic!("a Graph error: {e:?}");
    };
    assert_eq!(*status, 400);
    assert_eq!(error.code, 100);
    assert_eq!(error.kind, "OAuthException");
    assert_eq!(
        error.error_user_title.as_deref(),
        Some("Budget sharing not specified")
    );
    assert!(error.error_user_msg.is_some());
    assert!(error.fbtrace_id.is_some());
    let blamed = vec![vec!["is_adset_budget_sharing_enabled".to_string()]];
    assert_eq!(error.blame_field_specs(), blamed);
    assert_eq!(*class, ErrorClass::Validation { fields: blamed });
    assert!(!e.is_uncertain(), "a 400 refusal created nothing");
    let shown = e.to_string();
    assert!(
        shown.starts_with("Budget sharing not specified: "),
        "{shown}"
    );
    assert!(shown.contains("(code 100"), "{shown}");
    assert!(shown.contains("fbtrace_id"), "{shown}");
    assert_eq!(sb.stats().await["objects"]["campaigns"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_token_is_auth_expired_with_code_190() {
    let sb = start(SandboxConfig {
        expired_tokens: vec![TOKEN.to_string()],
        ..test_config()
    })
    .await;
    let e = client(&sb.base)
        .get(&format!("act_{ACCOUNT}"), &[("fields", "currency")])
        .await
        .unwrap_err();
    let g = e.graph().unwrap_or_else(|| panic!("{e:?}"));
    assert_eq!((g.code, g.error_subcode), (190, Some(463)));
    assert_eq!(e.class(), ErrorClass::AuthExpired);
    assert!(!e.is_uncertain());
    assert!(e.to_string().contains("Session Expired"), "{e}");
    assert_eq!(
        sb.stats().await["requests"]["total"],
        1,
        "an auth error is not retried"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dev_tier_limit_is_throttled_with_its_wait_and_the_gate_holds_the_account() {
    let sb = start(SandboxConfig {
        tier: Tier::Limited,
        ..test_config()
    })
    .await;
    // 20 writes use the development tier's 60 points.
    for i in 0..20 {
        let r = sb
            .post(
                &format!("{ACT}/campaigns"),
                &campaign_params(&format!("Fill {i}"))
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.clone()))
                    .collect::<Vec<_>>(),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    let mut cfg = config(&sb.base);
    cfg.patience = Duration::ZERO;
    let c = GraphClient::new(cfg).unwrap();
    let e = c
        .post(
            &format!("act_{ACCOUNT}/campaigns"),
            campaign_params("One too many"),
        )
        .await
        .unwrap_err();
    let g = e.graph().unwrap_or_else(|| panic!("{e:?}"));
    assert_eq!((g.code, g.error_subcode), (17, Some(2446079)));
    let ErrorClass::Throttled { wait } = e.class() else {
        panic!("throttled: {e:?}");
    };
    // The sandbox's dev tier blocks for 300 s and says so in the usage headers; the default
    // wait without headers is 60 s.
    assert!(
        wait > Duration::from_secs(240) && wait <= Duration::from_secs(300),
        "{wait:?}"
    );
    assert!(!e.is_uncertain(), "a throttle refusal did nothing");
    // The gate now holds every call to the account instead of sending it.
    let posts = route_count(&sb.stats().await, "POST /act_{id}/campaigns");
    let again = c
        .get(&format!("act_{ACCOUNT}/campaigns"), &[("fields", "id")])
        .await
        .unwrap_err();
    assert!(
        matches!(again.class(), ErrorClass::Throttled { .. }),
        "{again:?}"
    );
    let after = sb.stats().await;
    assert_eq!(route_count(&after, "POST /act_{id}/campaigns"), posts);
    assert_eq!(
        route_count(&after, "GET /act_{id}/campaigns"),
        0,
        "the held read never went out"
    );
    assert!(c.gate().usage(ACCOUNT) >= 100);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_response_is_uncertain_and_the_write_did_happen() {
    let sb = start(SandboxConfig {
        faults: vec![(FaultKind::LostResponse, 1.0)],
        ..test_config()
    })
    .await;
    let e = client(&sb.base)
        .post(&format!("act_{ACCOUNT}/campaigns"), campaign_params("Lost"))
        .await
        .unwrap_err();
    assert!(matches!(e, CallError::Network { .. }), "{e:?}");
    assert!(e.is_uncertain());
    assert_eq!(e.class(), ErrorClass::Transient);
    assert_eq!(
        sb.stats().await["objects"]["campaigns"],
        1,
        "which is why it must be looked up, not re-sent"
    );
    assert_eq!(
        route_count(&sb.stats().await, "POST /act_{id}/campaigns"),
        1,
        "a write is sent once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transient_500_code_2_is_uncertain_and_not_re_sent() {
    let sb = start(SandboxConfig {
        faults: vec![(FaultKind::ErrorBefore, 1.0)],
        ..test_config()
    })
    .await;
    let e = client(&sb.base)
        .post(
            &format!("act_{ACCOUNT}/campaigns"),
            campaign_params("Error before"),
        )
        .await
        .unwrap_err();
    let CallError::Graph { status, error, .. } = &e else {
        panic!("a Graph error: {e:?}");
    };
    assert_eq!((*status, error.code), (500, 2));
    assert_eq!(error.is_transient, Some(true));
    assert!(e.is_uncertain());
    assert_eq!(e.class(), ErrorClass::Transient);
    assert_eq!(
        sb.stats().await["requests"]["total"],
        1,
        "a write is never re-sent by the client"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_are_retried_on_transient_errors_up_to_the_attempt_limit() {
    let sb = start(SandboxConfig {
        faults: vec![(FaultKind::ErrorBefore, 1.0)],
        ..test_config()
    })
    .await;
    let mut cfg = config(&sb.base);
    cfg.read_attempts = 3;
    let e = GraphClient::new(cfg)
        .unwrap()
        .get(&format!("act_{ACCOUNT}"), &[("fields", "currency")])
        .await
        .unwrap_err();
    assert_eq!(e.class(), ErrorClass::Transient, "{e:?}");
    assert_eq!(sb.stats().await["requests"]["total"], 3);
}

#[tokio::test]
async fn a_token_graph_echoes_back_in_an_error_is_blanked_before_anyone_sees_it() {
    let answer = json!({"error": {"message": format!("(#100) Bad request to /act_1/campaigns?access_token={TOKEN}"),
        "code": 100, "error_user_msg": format!("token {TOKEN} rejected"), "fbtrace_id": "Ab"}});
    let raw = raw_server(answer).await;
    let e = client(&raw.base)
        .post("act_1/campaigns", vec![("name".into(), "x".into())])
        .await
        .unwrap_err();
    let shown = format!("{e} {e:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(shown.contains("***"), "{shown}");
}

#[tokio::test]
async fn a_redirect_is_not_followed_so_the_form_body_never_goes_elsewhere() {
    let elsewhere = raw_server(json!({"id": "1"})).await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let location = format!("{}/v26.0/act_1/campaigns", elsewhere.base);
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let _ = read_request(&mut sock).await;
            let resp = format!(
                "HTTP/1.1 307 Temporary Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            let _ = sock.write_all(resp.as_bytes()).await;
            let _ = sock.shutdown().await;
        }
    });
    let e = client(&base)
        .post("act_1/campaigns", vec![("name".into(), "x".into())])
        .await
        .unwrap_err();
    assert!(
        e.is_uncertain(),
        "an answer that is not Graph's is uncertain: {e}"
    );
    assert!(
        elsewhere.requests().is_empty(),
        "the redirect was not followed"
    );
}
