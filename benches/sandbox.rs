//! Requests per second the in-process sandbox serves over real HTTP on loopback, with reqwest
//! and several concurrent connections on one tokio runtime (client and server share the cores):
//! `GET /<ad_id>?fields=…` (review polling), `POST /act_<id>/ads` into a plain ad set, and a whole
//! campaign + ad set + creative + ad chain (4 requests), and the targeting reads a buyer's typing
//! makes: a city search over the whole catalogue (`GET /search?type=adgeolocation`) and a
//! delivery estimate with two interest groups. Target: over 5,000 reads per second.
//!
//! The sandbox models Meta's per-account score (full tier: 9000 points per 300 s), so the timed
//! requests are split into chunks that stay under it, each on a fresh sandbox set up untimed.

use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dcw::sandbox::{Sandbox, SandboxConfig, SandboxHandle};
use serde_json::{Value, json};

const TOKEN: &str = "bench-token";
const ACT: &str = "act_1234567890";
const PAGE_ID: &str = "102938475610293";
const PIXEL_ID: &str = "1234567890";
/// Concurrent connections (one task each).
const CONNS: usize = 8;
/// Requests per measured iteration.
const BATCH: u64 = 256;

/// A fresh sandbox with one plain (non-dynamic-creative) ad set, a link-data creative and an ad.
struct Rig {
    _handle: SandboxHandle,
    base: String,
    client: reqwest::Client,
    adset: String,
    creative: String,
    ad: String,
    /// A DC-ready image hash, for the launch chain.
    hash: String,
}

async fn post(client: &reqwest::Client, url: &str, form: &[(&str, String)]) -> Value {
    let mut f = form.to_vec();
    f.push(("access_token", TOKEN.to_string()));
    let r = client.post(url).form(&f).send().await.expect("answer");
    let status = r.status();
    let body: Value = r.json().await.expect("JSON");
    assert!(status.is_success(), "{url}: {status} {body}");
    body
}

fn id(v: &Value) -> String {
    v["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id: {v}"))
        .to_string()
}

fn campaign_form() -> Vec<(&'static str, String)> {
    vec![
        ("name", "Bench campaign".into()),
        ("objective", "OUTCOME_SALES".into()),
        ("special_ad_categories", "[]".into()),
        ("status", "PAUSED".into()),
        ("is_adset_budget_sharing_enabled", "false".into()),
    ]
}

fn ad_set_form(campaign: &str, dynamic: bool) -> Vec<(&'static str, String)> {
    vec![
        ("name", "Bench ad set".into()),
        ("campaign_id", campaign.into()),
        ("is_dynamic_creative", dynamic.to_string()),
        ("optimization_goal", "OFFSITE_CONVERSIONS".into()),
        ("billing_event", "IMPRESSIONS".into()),
        ("bid_strategy", "LOWEST_COST_WITHOUT_CAP".into()),
        ("daily_budget", "2000".into()),
        ("status", "PAUSED".into()),
        (
            "promoted_object",
            json!({"pixel_id": PIXEL_ID, "custom_event_type": "PURCHASE"}).to_string(),
        ),
        (
            "targeting",
            json!({"geo_locations": {"countries": ["US"]}, "targeting_automation": {"advantage_audience": 0}})
                .to_string(),
        ),
    ]
}

fn ad_form(adset: &str, creative: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", "Bench ad".into()),
        ("adset_id", adset.into()),
        ("creative", json!({ "creative_id": creative }).to_string()),
        ("status", "PAUSED".into()),
    ]
}

impl Rig {
    async fn start() -> Rig {
        let (addr, handle) = Sandbox::start(SandboxConfig {
            review_delay: Duration::ZERO,
            ..Default::default()
        })
        .await
        .expect("sandbox starts");
        let base = format!("http://{addr}/v26.0");
        let client = reqwest::Client::builder()
            .no_proxy()
            .pool_max_idle_per_host(CONNS)
            .build()
            .expect("client");
        let campaign = id(&post(
            &client,
            &format!("{base}/{ACT}/campaigns"),
            &campaign_form(),
        )
        .await);
        let adset = id(&post(
            &client,
            &format!("{base}/{ACT}/adsets"),
            &ad_set_form(&campaign, false),
        )
        .await);
        let bytes = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("assets/examples/images/boots.jpg"),
        )
        .expect("example image");
        let form = reqwest::multipart::Form::new()
            .text("access_token", TOKEN)
            .part(
                "filename",
                reqwest::multipart::Part::bytes(bytes).file_name("boots.jpg"),
            );
        let images: Value = client
            .post(format!("{base}/{ACT}/adimages"))
            .multipart(form)
            .send()
            .await
            .expect("upload")
            .json()
            .await
            .expect("JSON");
        let hash = images["images"]["boots.jpg"]["hash"]
            .as_str()
            .expect("hash")
            .to_string();
        let story = json!({
            "page_id": PAGE_ID,
            "link_data": {
                "link": "https://shop.example.com/winter",
                "message": "Our warmest boots are back.",
                "name": "Boots for real winters",
                "image_hash": hash,
                "call_to_action": {"type": "SHOP_NOW"},
            },
        });
        let creative = id(&post(
            &client,
            &format!("{base}/{ACT}/adcreatives"),
            &[
                ("name", "Bench creative".into()),
                ("object_story_spec", story.to_string()),
            ],
        )
        .await);
        let ad = id(&post(
            &client,
            &format!("{base}/{ACT}/ads"),
            &ad_form(&adset, &creative),
        )
        .await);
        Rig {
            _handle: handle,
            base,
            client,
            adset,
            creative,
            ad,
            hash,
        }
    }

    /// Runs `n` requests made by `one`, over `CONNS` concurrent connections; answers the time.
    async fn timed<F, Fut>(&self, n: u64, one: F) -> Duration
    where
        F: Fn(reqwest::Client, String, u64) -> Fut + Clone + Send + 'static,
        Fut: std::future::Future<Output = ()> + Send,
    {
        // Open the connections first, untimed.
        let warm: Vec<_> = (0..CONNS)
            .map(|_| {
                let c = self.client.clone();
                let url = format!("{}/me", self.base);
                tokio::spawn(async move {
                    c.get(url)
                        .query(&[("access_token", TOKEN)])
                        .send()
                        .await
                        .expect("warm-up")
                        .bytes()
                        .await
                        .expect("warm-up body");
                })
            })
            .collect();
        for w in warm {
            w.await.expect("warm-up task");
        }
        let started = Instant::now();
        let tasks: Vec<_> = (0..CONNS as u64)
            .map(|conn| {
                let share = n / CONNS as u64 + u64::from(conn < n % CONNS as u64);
                let (c, base, one) = (self.client.clone(), self.base.clone(), one.clone());
                tokio::spawn(async move {
                    for i in 0..share {
                        one(c.clone(), base.clone(), i).await;
                    }
                })
            })
            .collect();
        for t in tasks {
            t.await.expect("request task");
        }
        started.elapsed()
    }
}

async fn read_ad(c: reqwest::Client, base: String, ad: String) {
    let r = c
        .get(format!("{base}/{ad}"))
        .query(&[
            ("access_token", TOKEN),
            (
                "fields",
                "id,name,effective_status,configured_status,ad_review_feedback,issues_info,adset_id,creative",
            ),
        ])
        .send()
        .await
        .expect("answer");
    assert!(r.status().is_success(), "{}", r.status());
    let body = r.bytes().await.expect("body");
    assert!(body.starts_with(b"{\"id\":"), "{body:?}");
}

/// A type-ahead city search: every region, city and postcode of the catalogue is looked through.
async fn search_city(c: reqwest::Client, base: String, i: u64) {
    let q = ["san", "man", "yo", "ber", "to"][i as usize % 5];
    let r = c
        .get(format!("{base}/search"))
        .query(&[
            ("access_token", TOKEN),
            ("type", "adgeolocation"),
            ("q", q),
            ("location_types", r#"["region","city","zip"]"#),
            ("limit", "25"),
        ])
        .send()
        .await
        .expect("answer");
    assert!(r.status().is_success(), "{}", r.status());
    let body = r.bytes().await.expect("body");
    assert!(body.starts_with(b"{\"data\":[{"), "{body:?}");
}

/// A delivery estimate for the US and California, an age span and two interest groups.
async fn estimate(c: reqwest::Client, base: String, i: u64) {
    let spec = json!({
        "geo_locations": {"countries": ["US"], "regions": [{"key": "3004"}]},
        "age_min": 18 + i % 30, "age_max": 65, "genders": [1, 2],
        "flexible_spec": [{"interests": [{"id": "6100000000001"}, {"id": "6100000000002"}]},
                          {"interests": [{"id": "6100000000100"}]}],
    });
    let r = c
        .get(format!("{base}/{ACT}/delivery_estimate"))
        .query(&[
            ("access_token", TOKEN),
            ("targeting_spec", &spec.to_string()),
            ("optimization_goal", "OFFSITE_CONVERSIONS"),
        ])
        .send()
        .await
        .expect("answer");
    assert!(r.status().is_success(), "{}", r.status());
    let body = r.bytes().await.expect("body");
    assert!(body.starts_with(b"{\"data\":[{"), "{body:?}");
}

async fn create_ad(c: reqwest::Client, base: String, adset: String, creative: String) {
    let body = post(
        &c,
        &format!("{base}/{ACT}/ads"),
        &ad_form(&adset, &creative),
    )
    .await;
    assert!(body["id"].is_string(), "{body}");
}

async fn launch(c: reqwest::Client, base: String, hash: String) {
    let campaign = id(&post(&c, &format!("{base}/{ACT}/campaigns"), &campaign_form()).await);
    let adset = id(&post(
        &c,
        &format!("{base}/{ACT}/adsets"),
        &ad_set_form(&campaign, true),
    )
    .await);
    let feed = json!({
        "images": [{"hash": hash}],
        "titles": [{"text": "Boots for real winters"}, {"text": "Warm feet, all season"}],
        "bodies": [{"text": "Our warmest boots are back."}],
        "link_urls": [{"website_url": "https://shop.example.com/winter"}],
        "call_to_action_types": ["SHOP_NOW"],
        "ad_formats": ["SINGLE_IMAGE"],
    });
    let creative = id(&post(
        &c,
        &format!("{base}/{ACT}/adcreatives"),
        &[
            ("name", "Bench DC creative".into()),
            (
                "object_story_spec",
                json!({ "page_id": PAGE_ID }).to_string(),
            ),
            ("asset_feed_spec", feed.to_string()),
        ],
    )
    .await);
    create_ad(c, base, adset, creative).await;
}

/// What one measured request (or chain) is.
#[derive(Clone, Copy)]
enum Work {
    ReadAd,
    CreateAd,
    Launch,
    SearchCity,
    Estimate,
}

impl Work {
    /// Score points one unit costs (reads 1, writes 3).
    fn points(self) -> u64 {
        match self {
            // A search names no account and is charged to none; counted as one to be safe.
            Work::ReadAd | Work::SearchCity | Work::Estimate => 1,
            Work::CreateAd => 3,
            Work::Launch => 12,
        }
    }

    /// HTTP requests per unit.
    fn requests(self) -> u64 {
        match self {
            Work::Launch => 4,
            _ => 1,
        }
    }
}

/// Times `units` units of work, each chunk on a fresh rig and under the full tier's 9000 points.
async fn measure(work: Work, units: u64) -> Duration {
    // Setup and warm-up take about 30 points; keep a margin.
    let per_rig = (8_800 - 2 * CONNS as u64) / work.points();
    let mut left = units;
    let mut total = Duration::ZERO;
    while left > 0 {
        let n = left.min(per_rig);
        let rig = Rig::start().await;
        total += match work {
            Work::ReadAd => {
                let ad = rig.ad.clone();
                rig.timed(n, move |c, base, _| read_ad(c, base, ad.clone()))
                    .await
            }
            Work::CreateAd => {
                let (adset, creative) = (rig.adset.clone(), rig.creative.clone());
                rig.timed(n, move |c, base, _| {
                    create_ad(c, base, adset.clone(), creative.clone())
                })
                .await
            }
            Work::Launch => {
                let hash = rig.hash.clone();
                rig.timed(n, move |c, base, _| launch(c, base, hash.clone()))
                    .await
            }
            Work::SearchCity => rig.timed(n, search_city).await,
            Work::Estimate => rig.timed(n, estimate).await,
        };
        left -= n;
    }
    total
}

fn sandbox(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut g = c.benchmark_group("sandbox");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(8));
    for (name, work, batch) in [
        ("GET /<ad_id>?fields=review fields", Work::ReadAd, BATCH),
        ("POST /act_<id>/ads (plain ad set)", Work::CreateAd, BATCH),
        (
            "campaign+adset+creative+ad chain (4 requests)",
            Work::Launch,
            BATCH / 4,
        ),
        (
            "GET /search?type=adgeolocation (region, city, zip)",
            Work::SearchCity,
            BATCH,
        ),
        (
            "GET /act_<id>/delivery_estimate (two interest groups)",
            Work::Estimate,
            BATCH,
        ),
    ] {
        g.throughput(Throughput::Elements(batch * work.requests()));
        g.bench_function(name, |b| {
            b.iter_custom(|iters| rt.block_on(measure(work, iters * batch)))
        });
    }
    g.finish();
}

criterion_group!(benches, sandbox);
criterion_main!(benches);
