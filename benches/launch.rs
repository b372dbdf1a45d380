//! A 10-image dynamic-creative launch against the in-process sandbox at 100 ms latency, two ways:
//! dcw's pipeline (`run_launch`: preflight, parallel uploads, journal) versus the same Graph calls
//! made one after another with the same client. Prints the median wall-clock time of each (every
//! run on a fresh sandbox), their ratio, and the requests each made (`/_sandbox/stats`).
//! Target (issue 4): dcw under half the sequential time. Figures only; nothing is asserted on time.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use dcw::graph::{GraphClient, GraphConfig, Secret, encode_params};
use dcw::launch::{self, LaunchJournal, LaunchOptions, LaunchState};
use dcw::launch::{ad_params, ad_set_params, campaign_params, creative_params, plan};
use dcw::sandbox::{Sandbox, SandboxConfig, SandboxHandle};
use dcw::spec::{Facts, LaunchSpec};
use serde_json::{Map, Value, json};

const RUNS: usize = 5;
const IMAGES: usize = 10;
const LATENCY: Duration = Duration::from_millis(100);
const ACCOUNT: &str = "1234567890";
const TAG: &str = "dcw-bench";

/// The spec and the folder its 10 image files live in.
struct Fixture {
    _dir: tempfile::TempDir,
    spec_dir: PathBuf,
    spec: LaunchSpec,
}

/// The sales example without audiences, with 10 distinct valid 1080x1080 JPEGs: copies of
/// `boots.jpg`, each with its own comment segment right after the SOI marker.
fn fixture() -> Fixture {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples");
    let boots = std::fs::read(examples.join("images/boots.jpg")).expect("boots.jpg");
    assert_eq!(&boots[..2], &[0xFF, 0xD8], "boots.jpg starts with SOI");
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("images")).expect("images dir");
    let mut feed_images = Vec::new();
    for i in 0..IMAGES {
        let comment = format!("dcw bench variant {i}");
        let len = u16::try_from(comment.len() + 2).expect("short comment");
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xFE];
        bytes.extend(len.to_be_bytes());
        bytes.extend(comment.as_bytes());
        bytes.extend(&boots[2..]);
        let file = format!("images/variant-{i}.jpg");
        std::fs::write(dir.path().join(&file), bytes).expect("write image");
        feed_images.push(json!({"file": file, "image_crops": {"100x100": [[0, 0], [1080, 1080]]}}));
    }
    let text = std::fs::read_to_string(examples.join("sales-winter-boots.json")).expect("example");
    let mut v: Value = serde_json::from_str(&text).expect("example JSON");
    v.as_object_mut().expect("object").remove("audiences");
    v["creative"]["asset_feed_spec"]["images"] = Value::Array(feed_images);
    let spec = dcw::spec::parse_spec(&v.to_string()).expect("spec parses");
    let mut facts = Facts::at(chrono::Utc::now());
    facts.images = dcw::store::image_facts(&spec, dir.path());
    let hashes: std::collections::HashSet<String> = (0..IMAGES)
        .map(|i| std::fs::read(dir.path().join(format!("images/variant-{i}.jpg"))).unwrap())
        .map(|b| dcw::store::md5_hex(&b))
        .collect();
    assert_eq!(hashes.len(), IMAGES, "the images have distinct MD5s");
    let findings = dcw::spec::validate(&spec, &facts);
    let errors: Vec<_> = findings.iter().filter(|f| f.is_error()).collect();
    assert!(
        errors.is_empty(),
        "the bench spec must validate: {errors:#?}"
    );
    Fixture {
        spec_dir: dir.path().to_path_buf(),
        _dir: dir,
        spec,
    }
}

async fn sandbox() -> (String, SandboxHandle) {
    let (addr, handle) = Sandbox::start(SandboxConfig {
        latency: LATENCY,
        review_delay: Duration::ZERO,
        ..Default::default()
    })
    .await
    .expect("sandbox starts");
    (format!("http://{addr}"), handle)
}

fn client(base: &str) -> GraphClient {
    let mut c = GraphConfig::new(Secret::new("bench-token"));
    c.base_url = base.to_string();
    c.timeout = Duration::from_secs(30);
    GraphClient::new(c).expect("client")
}

/// `requests.total` from the sandbox's stats page (not itself counted).
async fn requests_total(base: &str) -> u64 {
    let c = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client");
    let v: Value = c
        .get(format!("{base}/_sandbox/stats"))
        .send()
        .await
        .expect("stats")
        .json()
        .await
        .expect("stats JSON");
    v["requests"]["total"].as_u64().expect("requests.total")
}

/// (a) dcw's pipeline, with a fresh journal in a temporary folder.
async fn run_dcw(fx: &Fixture) -> (Duration, u64) {
    let (base, _sandbox) = sandbox().await;
    let journal_dir = tempfile::tempdir().expect("tempdir");
    let journal = LaunchJournal {
        id: "bench".into(),
        tag: TAG.into(),
        spec_hash: "bench".into(),
        spec_path: "bench.json".into(),
        account: ACCOUNT.into(),
        graph: String::new(),
        created_at: "2026-11-25T12:00:00Z".into(),
        state: LaunchState::Running,
        steps: plan(&fx.spec, TAG),
        warnings: Vec::new(),
        error: None,
        fix: None,
    };
    let opts = LaunchOptions {
        retry_backoff: Duration::from_millis(1),
        ..LaunchOptions::standard(journal_dir.path().to_path_buf(), fx.spec_dir.clone())
    };
    let events: launch::EventSink = Arc::new(|_| {});
    let (c, spec) = (client(&base), fx.spec.clone());
    let started = Instant::now();
    let done = launch::run_launch(c, spec, journal, opts, events).await;
    let elapsed = started.elapsed();
    let done = done.expect("the dcw launch succeeds");
    assert_eq!(done.state, LaunchState::Done);
    (elapsed, requests_total(&base).await)
}

/// A write, or with `dry_run` its `validate_only` preflight as pipeline.rs sends it.
async fn post(
    c: &GraphClient,
    edge: &str,
    mut params: Map<String, Value>,
    dry_run: &[&str],
) -> Value {
    if !dry_run.is_empty() {
        params.insert("execution_options".into(), json!(dry_run));
    }
    let path = format!("act_{ACCOUNT}/{edge}");
    c.post(&path, encode_params(&params))
        .await
        .unwrap_or_else(|e| panic!("POST {edge} {dry_run:?}: {e}"))
}

fn id(v: &Value) -> String {
    v["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id: {v}"))
        .to_string()
}

/// (b) The same calls, one after another, with the same kind of client.
async fn run_sequential(fx: &Fixture) -> (Duration, u64) {
    let (base, _sandbox) = sandbox().await;
    let c = client(&base);
    let names: HashMap<String, String> = plan(&fx.spec, TAG)
        .into_iter()
        .map(|s| (s.key.to_string(), s.name))
        .collect();
    let set = dcw::launch::ad_sets(&fx.spec).remove(0);
    let files = dcw::launch::image_files(&fx.spec);
    const VO: &[&str] = &["validate_only"];
    let started = Instant::now();
    let local: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|f| {
            (
                f.clone(),
                std::fs::read(fx.spec_dir.join(f)).expect("image"),
            )
        })
        .collect();
    let wanted: Vec<String> = local.iter().map(|(_, b)| dcw::store::md5_hex(b)).collect();
    let existing = c
        .existing_image_hashes(ACCOUNT, &wanted)
        .await
        .expect("lookup");
    assert!(
        existing.is_empty(),
        "a fresh sandbox has none of the images"
    );
    let mut hashes = HashMap::new();
    for (file, bytes) in local {
        let name = Path::new(&file)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        let up = c.upload_image(ACCOUNT, &name, bytes).await.expect("upload");
        hashes.insert(file, up.hash);
    }
    let campaign = campaign_params(&fx.spec, &names["campaign"]);
    let creative = creative_params(&fx.spec, &names["creative"], &hashes);
    post(&c, "campaigns", campaign.clone(), VO).await;
    post(&c, "adcreatives", creative.clone(), VO).await;
    let campaign_id = id(&post(&c, "campaigns", campaign, &[]).await);
    let ad_set = ad_set_params(&set, &campaign_id, &names["adset:0"]);
    post(&c, "adsets", ad_set.clone(), VO).await;
    let set_id = id(&post(&c, "adsets", ad_set, &[]).await);
    let creative_id = id(&post(&c, "adcreatives", creative, &[]).await);
    let ad = ad_params(&fx.spec, &names["ad:0"], &set_id, &creative_id);
    post(
        &c,
        "ads",
        ad.clone(),
        &["validate_only", "synchronous_ad_review"],
    )
    .await;
    id(&post(&c, "ads", ad, &[]).await);
    let back = c
        .get(&creative_id, &[("fields", "asset_feed_spec")])
        .await
        .expect("read-back");
    let elapsed = started.elapsed();
    let kept = back["asset_feed_spec"]["images"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(kept, IMAGES, "the creative kept every image");
    (elapsed, requests_total(&base).await)
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let fx = fixture();
    let (mut dcw_times, mut seq_times) = (Vec::new(), Vec::new());
    let (mut dcw_requests, mut seq_requests) = (Vec::new(), Vec::new());
    // Interleaved, so drift on the machine affects both alike.
    for run in 1..=RUNS {
        let (d, dn) = rt.block_on(run_dcw(&fx));
        let (s, sn) = rt.block_on(run_sequential(&fx));
        println!(
            "run {run}/{RUNS}: dcw {:7.1} ms ({dn} requests)   sequential {:7.1} ms ({sn} requests)",
            ms(d),
            ms(s)
        );
        dcw_times.push(d);
        seq_times.push(s);
        dcw_requests.push(dn);
        seq_requests.push(sn);
    }
    let (d, s) = (median(dcw_times), median(seq_times));
    println!(
        "\n{IMAGES}-image dynamic-creative launch, sandbox latency {} ms, median of {RUNS} runs:",
        LATENCY.as_millis()
    );
    println!(
        "  dcw pipeline   {:7.1} ms  requests {dcw_requests:?}",
        ms(d)
    );
    println!(
        "  sequential     {:7.1} ms  requests {seq_requests:?}",
        ms(s)
    );
    println!(
        "  ratio dcw/sequential {:.3} (target < 0.5: {})",
        d.as_secs_f64() / s.as_secs_f64(),
        if d * 2 < s { "met" } else { "NOT met" }
    );
}
