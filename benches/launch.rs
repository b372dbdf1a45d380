//! A 10-image dynamic-creative launch against the in-process sandbox at 100 ms latency, three
//! ways, side by side in one run: (a) dcw's pipeline (`run_launch`: the ad's dry run, parallel
//! writes, journal), (b) the same Graph calls dcw makes, made one after another with the same
//! client, and (c) the launch scripted call by call with Meta's Python SDK (facebook-business,
//! `benches/sdk_launch.py`: campaign, ad set, ten images, creative, ad; 14 calls, no dry run, no
//! read). Prints the median wall-clock time of each (every run on a fresh sandbox), the ratios
//! dcw/SDK and dcw/sequential, and the requests each made (`/_sandbox/stats`).
//! Targets (issue 14): dcw/SDK at most 0.35; dcw/sequential under 0.5 (issue 4). Figures only;
//! nothing is asserted on time. Without the SDK's virtualenv (`bash .ci/setup-tests` makes
//! `target/sdk-venv`; `DCW_SDK_PYTHON` may name another interpreter) (c) is skipped, saying so.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
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
/// The longest one SDK run may take before it is killed and the bench fails.
const SDK_DEADLINE: Duration = Duration::from_secs(120);

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

/// (b) The calls dcw's pipeline makes on a fresh account, one after another, with the same
/// kind of client: the campaign, the ad set, the ten uploads, the creative, the ad's dry run with
/// the synchronous review, the ad, and the creative's read-back (16 calls).
async fn run_sequential(fx: &Fixture) -> (Duration, u64) {
    let (base, _sandbox) = sandbox().await;
    let c = client(&base);
    let names: HashMap<String, String> = plan(&fx.spec, TAG)
        .into_iter()
        .map(|s| (s.key.to_string(), s.name))
        .collect();
    let set = dcw::launch::ad_sets(&fx.spec).remove(0);
    let files = dcw::launch::image_files(&fx.spec);
    let started = Instant::now();
    let campaign = campaign_params(&fx.spec, &names["campaign"]);
    let campaign_id = id(&post(&c, "campaigns", campaign, &[]).await);
    let ad_set = ad_set_params(&set, &campaign_id, &names["adset:0"]);
    let set_id = id(&post(&c, "adsets", ad_set, &[]).await);
    let mut hashes = HashMap::new();
    for file in files {
        let bytes = std::fs::read(fx.spec_dir.join(&file)).expect("image");
        let name = Path::new(&file)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        let up = c.upload_image(ACCOUNT, &name, bytes).await.expect("upload");
        hashes.insert(file, up.hash);
    }
    let creative = creative_params(&fx.spec, &names["creative"], &hashes);
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

/// The interpreter with Meta's SDK: `DCW_SDK_PYTHON`, else `target/sdk-venv` (as
/// tests/sdk_conformance.rs finds it); `None` when neither is there.
fn sdk_python() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DCW_SDK_PYTHON") {
        return Some(PathBuf::from(p));
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/sdk-venv/bin/python");
    venv.exists().then_some(venv)
}

/// (c) The launch scripted with Meta's Python SDK (`benches/sdk_launch.py`), with dcw's own
/// parameters for each object; the script times its 14 calls. Returns that time, the sandbox's
/// request count, and the requests the SDK says it attempted.
async fn run_sdk(fx: &Fixture, python: &Path) -> (Duration, u64, u64) {
    let (base, _sandbox) = sandbox().await;
    let names: HashMap<String, String> = plan(&fx.spec, TAG)
        .into_iter()
        .map(|s| (s.key.to_string(), s.name))
        .collect();
    let set = dcw::launch::ad_sets(&fx.spec).remove(0);
    // Each image is named in the creative by its path; the script puts the uploaded hash there.
    let paths: HashMap<String, String> = dcw::launch::image_files(&fx.spec)
        .into_iter()
        .map(|f| {
            let p = fx.spec_dir.join(&f).to_string_lossy().to_string();
            (f, p)
        })
        .collect();
    let images: Vec<String> = dcw::launch::image_files(&fx.spec)
        .iter()
        .map(|f| paths[f].clone())
        .collect();
    let mut ad_set = ad_set_params(&set, "", &names["adset:0"]);
    ad_set.remove("campaign_id");
    let mut ad = ad_params(&fx.spec, &names["ad:0"], "", "");
    ad.remove("adset_id");
    ad.remove("creative");
    let plan = json!({
        "base_url": base,
        "token": "bench-token",
        "api_version": GraphConfig::new(Secret::new("bench-token")).api_version,
        "account": ACCOUNT,
        "campaign": campaign_params(&fx.spec, &names["campaign"]),
        "ad_set": ad_set,
        "images": images,
        "creative": creative_params(&fx.spec, &names["creative"], &paths),
        "ad": ad,
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let plan_file = dir.path().join("plan.json");
    std::fs::write(&plan_file, plan.to_string()).expect("write the plan");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/sdk_launch.py");
    let python = python.to_path_buf();
    let out = tokio::task::spawn_blocking(move || run_with_deadline(&python, &script, &plan_file))
        .await
        .expect("the SDK run's thread");
    let v: Value = serde_json::from_str(out.trim())
        .unwrap_or_else(|e| panic!("the SDK script's answer is not JSON ({e}): {out}"));
    let elapsed = Duration::from_secs_f64(v["elapsed_ms"].as_f64().expect("elapsed_ms") / 1000.0);
    let attempted = v["requests"].as_u64().expect("requests");
    (elapsed, requests_total(&base).await, attempted)
}

/// Runs the script and returns its stdout; kills it and panics after [`SDK_DEADLINE`].
fn run_with_deadline(python: &Path, script: &Path, plan: &Path) -> String {
    let mut child = Command::new(python)
        .arg(script)
        .arg(plan)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.display()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the SDK script") {
            break status;
        }
        if started.elapsed() > SDK_DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the SDK script took longer than {SDK_DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let read = |r: &mut dyn Read| {
        let mut text = String::new();
        let _ = r.take(1 << 20).read_to_string(&mut text);
        text
    };
    let stdout = child
        .stdout
        .take()
        .map(|mut o| read(&mut o))
        .unwrap_or_default();
    let stderr = child
        .stderr
        .take()
        .map(|mut e| read(&mut e))
        .unwrap_or_default();
    assert!(
        status.success(),
        "the SDK launch failed ({status}):\n{stdout}\n{stderr}"
    );
    stdout
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
    let python = sdk_python();
    if python.is_none() {
        println!(
            "Meta's Python SDK is not set up, so (c) is skipped: run `bash .ci/setup-tests` \
             (it makes target/sdk-venv with facebook-business), or set DCW_SDK_PYTHON."
        );
    }
    let (mut dcw_times, mut seq_times, mut sdk_times) = (Vec::new(), Vec::new(), Vec::new());
    let (mut dcw_requests, mut seq_requests, mut sdk_requests) =
        (Vec::new(), Vec::new(), Vec::new());
    // Interleaved, so drift on the machine affects all alike.
    for run in 1..=RUNS {
        let (d, dn) = rt.block_on(run_dcw(&fx));
        let (s, sn) = rt.block_on(run_sequential(&fx));
        let mut line = format!(
            "run {run}/{RUNS}: dcw {:7.1} ms ({dn} requests)   sequential {:7.1} ms ({sn} requests)",
            ms(d),
            ms(s)
        );
        if let Some(py) = &python {
            let (k, kn, attempted) = rt.block_on(run_sdk(&fx, py));
            line += &format!(
                "   SDK {:7.1} ms ({kn} requests; the SDK counts {attempted})",
                ms(k)
            );
            sdk_times.push(k);
            sdk_requests.push(kn);
        }
        println!("{line}");
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
    if !sdk_times.is_empty() {
        let k = median(sdk_times);
        println!(
            "  Python SDK     {:7.1} ms  requests {sdk_requests:?}",
            ms(k)
        );
        let ratio = d.as_secs_f64() / k.as_secs_f64();
        println!(
            "  ratio dcw/SDK {ratio:.3} (target <= 0.35: {})",
            if ratio <= 0.35 { "met" } else { "NOT met" }
        );
    }
    println!(
        "  ratio dcw/sequential {:.3} (target < 0.5: {})",
        d.as_secs_f64() / s.as_secs_f64(),
        if d * 2 < s { "met" } else { "NOT met" }
    );
}
