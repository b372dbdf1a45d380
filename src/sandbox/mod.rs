//! The offline sandbox: a local Graph API on loopback that answers like Meta's for everything
//! dcw does. In-process with [`Sandbox::start`], or as `dcw sandbox`.

mod api;
mod batch;
mod budgets;
mod catalogue;
mod clock;
mod config;
mod conn;
mod copies;
mod create;
mod demo;
mod error;
mod estimate;
mod features;
mod fields;
mod handler;
mod insights;
mod limits;
mod persist;
mod preview_store;
mod previews;
mod review;
mod rules;
mod schema;
mod state;
mod targeting;
mod update;
mod upload;
mod videos;
mod wire;
mod world;

use std::collections::{BTreeMap, HashSet};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};

use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, Response, StatusCode, header};
use hyper_util::rt::TokioIo;
use rand::{RngExt, SeedableRng};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};

pub use catalogue::CatalogueSizes;
use clock::Clock;
pub use config::{
    FaultKind, MAX_DEMO_ADS, MAX_LATENCY, MAX_REVIEW_DELAY, MAX_VIDEO_PROCESSING, SandboxConfig,
    Tier, parse_count_up_to, parse_duration_up_to, parse_faults,
};
use error::GraphError;
use limits::Limits;
pub use persist::{Reset, Restored, reset, saved_world};
use wire::{Answer, GraphRequest};
use world::{Core, is_batch};

struct Shared {
    config: SandboxConfig,
    core: Mutex<Core>,
    rng: Mutex<rand::rngs::StdRng>,
    /// Creative names the `creative-failed` fault has answered once.
    failed_creatives: Mutex<HashSet<String>>,
    started: Instant,
    /// Every byte of every `video_file_chunk` part that reached the sandbox, refused or not.
    video_bytes: AtomicU64,
    /// Requests that carried a `video_file_chunk`.
    video_chunks: AtomicU64,
}

/// Marks a response whose connection must be dropped instead (the `lost-response` fault).
#[derive(Clone, Copy)]
struct DropConnection;

impl Shared {
    fn roll_fault(&self) -> Option<FaultKind> {
        if self.config.faults.is_empty() {
            return None;
        }
        let mut rng = self.rng.lock().unwrap_or_else(|e| e.into_inner());
        for &(kind, rate) in &self.config.faults {
            // Rolled for creative creates only, by `creative_fault`.
            if kind != FaultKind::CreativeFailed && rng.random::<f64>() < rate {
                return Some(kind);
            }
        }
        None
    }

    /// The `creative-failed` fault: whether this request, a creative create that is not a dry
    /// run, answers 100/1487390; each creative name gets it at most once.
    fn creative_fault(&self, req: &GraphRequest) -> bool {
        let Some(rate) = self
            .config
            .faults
            .iter()
            .find(|(k, _)| *k == FaultKind::CreativeFailed)
            .map(|(_, r)| *r)
        else {
            return false;
        };
        let creates_creative = req.method == Method::POST
            && matches!(req.segments.as_slice(), [act, edge] if act.starts_with("act_") && edge == "adcreatives")
            && !create::validate_only(req);
        if !creates_creative {
            return false;
        }
        let name = req.params.text("name").unwrap_or("").to_string();
        let mut failed = self
            .failed_creatives
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if failed.contains(&name) {
            return false;
        }
        let roll = self
            .rng
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .random::<f64>();
        roll < rate && failed.insert(name)
    }

    /// A fault's error answer: the request is counted, nothing else happens.
    fn fault_answer(&self, req: &GraphRequest, e: &GraphError) -> Answer {
        let mut core = self.lock();
        core.total += 1;
        *core.by_route.entry(req.route()).or_default() += 1;
        let account = api::account_of(&core.state, req);
        let now = core.clock.instant();
        core.error_answer(e, account.as_deref(), now)
    }

    fn latency(&self) -> Duration {
        let jitter = self.config.jitter.as_millis() as u64;
        let extra = if jitter == 0 {
            0
        } else {
            self.rng
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .random_range(0..=jitter)
        };
        self.config.latency + Duration::from_millis(extra)
    }

    fn lock(&self) -> MutexGuard<'_, Core> {
        self.core.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Reads a request's body and parameters, before any lock, within `body_read_timeout`.
    async fn read(&self, req: Request<Body>) -> Result<GraphRequest, GraphError> {
        let limit = self.config.body_read_timeout;
        tokio::time::timeout(limit, wire::read_request(req))
            .await
            .unwrap_or_else(|_| Err(GraphError::body_timeout(limit)))
    }

    /// Executes a request under the lock, and saves the state after a successful write.
    fn commit(&self, req: &GraphRequest, base_url: &str) -> Answer {
        if is_batch(req) {
            return self.commit_batch(req, base_url);
        }
        let mut core = self.lock();
        let a = core.execute(&self.config, req, base_url);
        if req.method != Method::GET && a.status == StatusCode::OK {
            self.save(&core);
        }
        a
    }

    /// A batch, its operations read outside the lock and each run under the lock alone, as
    /// Graph runs them one by one; the state is saved once at the end.
    fn commit_batch(&self, req: &GraphRequest, base_url: &str) -> Answer {
        let ops = batch::parse_param(&req.params);
        let (now, ops) = {
            let mut core = self.lock();
            let now = match core.admit(&self.config, req) {
                Ok((now, _)) => now,
                Err(refused) => return refused,
            };
            match ops {
                Ok(ops) => (now, ops),
                Err(e) => return core.error_answer(&e, None, now),
            }
        };
        let out = batch::run(&ops, (req.token.as_deref(), req.version.as_deref()), |op| {
            let mut core = self.lock();
            match op {
                Ok(sub) => core.execute(&self.config, sub, base_url),
                Err(e) => core.error_answer(e, None, now),
            }
        });
        let mut core = self.lock();
        let headers = core.usage_headers(None, now);
        self.save(&core);
        Answer {
            status: StatusCode::OK,
            body: Value::Array(out),
            headers,
        }
    }

    fn save(&self, core: &Core) {
        let Some(path) = self
            .config
            .state_file
            .as_ref()
            .filter(|_| !self.config.read_only_state)
        else {
            return;
        };
        if let Err(e) = persist::write_private(path, core.state.to_json().as_bytes()) {
            // On a terminal the wizard draws on, a line on stderr would tear its screen.
            if self.config.log_requests {
                eprintln!("dcw sandbox: cannot save state to {}: {e}", path.display());
            } else {
                tracing::warn!(path = %path.display(), error = %e, "cannot save the sandbox state");
            }
        }
    }

    fn stats(&self) -> Value {
        let core = self.core.lock().unwrap_or_else(|e| e.into_inner());
        json!({
            "requests": {"total": core.total, "by_route": core.by_route},
            "throttled": core.throttled,
            "clock": {"now": core.clock.rfc3339(), "offset_seconds": core.clock.offset().as_secs()},
            "objects": core.state.counts(),
            "video": {
                "bytes_received": self.video_bytes.load(Ordering::SeqCst),
                "chunks": self.video_chunks.load(Ordering::SeqCst),
                "videos": core.state.videos.len(),
                "sessions": core.state.uploads.len(),
            },
            "previews": {
                "kept": core.state.previews.len(),
                "image_bytes": core.state.image_bytes.total(),
            },
            "uptime_ms": self.started.elapsed().as_millis() as u64,
        })
    }
}

impl Shared {
    /// `POST /_sandbox/clock` with `advance_seconds=N` lets N simulated seconds pass;
    /// `GET` tells the time. No token needed, never faulted, not counted.
    async fn clock_answer(&self, req: Request<Body>) -> Answer {
        let method = req.method().clone();
        let parsed = self.read(req).await;
        let mut core = self.lock();
        let now = core.clock.instant();
        let greq = match parsed {
            Ok(r) => r,
            Err(e) => return core.error_answer(&e, None, now),
        };
        if method == Method::GET {
            return Answer {
                status: StatusCode::OK,
                body: json!({"now": core.clock.rfc3339(), "offset_seconds": core.clock.offset().as_secs()}),
                headers: Vec::new(),
            };
        }
        let max = clock::MAX_OFFSET.as_secs();
        let seconds = greq
            .params
            .text("advance_seconds")
            .and_then(|s| s.trim().parse::<u64>().ok())
            .filter(|s| *s <= max);
        let Some(seconds) = seconds else {
            let e = GraphError::invalid(format!(
                "advance_seconds must be a whole number of seconds from 0 to {max}"
            ))
            .blame(&["advance_seconds"]);
            return core.error_answer(&e, None, now);
        };
        core.clock.advance(Duration::from_secs(seconds));
        Answer {
            status: StatusCode::OK,
            body: json!({"advanced_seconds": seconds, "now": core.clock.rfc3339()}),
            headers: Vec::new(),
        }
    }
}

fn json_response(a: Answer) -> Response<Body> {
    let mut resp = Response::new(Body::from(a.body.to_string()));
    *resp.status_mut() = a.status;
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=UTF-8"),
    );
    for (name, value) in a.headers {
        if let (Ok(n), Ok(v)) = (
            header::HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            h.insert(n, v);
        }
    }
    resp
}

async fn handle(shared: Arc<Shared>, addr: SocketAddr, req: Request<Body>) -> Response<Body> {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let base_url = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map_or_else(|| format!("http://{addr}"), |h| format!("http://{h}"));
    let resp = if path == "/_sandbox/stats" {
        json_response(Answer {
            status: StatusCode::OK,
            body: shared.stats(),
            headers: Vec::new(),
        })
    } else if path == "/_sandbox/clock" {
        json_response(shared.clock_answer(req).await)
    } else if let Some(id) = path.strip_prefix("/_sandbox/previews/") {
        previews::page_response(&shared.lock().state, id)
    } else if let Some(hash) = path.strip_prefix("/_sandbox/adimages/") {
        previews::image_response(&shared.lock().state, hash)
    } else {
        serve_graph(&shared, req, &base_url).await
    };
    if shared.config.log_requests {
        // Method, path and status only: the query string (and any token in it) never appears.
        eprintln!(
            "{method} {path} {} {}ms{}",
            resp.status().as_u16(),
            started.elapsed().as_millis(),
            if resp.extensions().get::<DropConnection>().is_some() {
                " (dropped)"
            } else {
                ""
            }
        );
    }
    resp
}

async fn serve_graph(shared: &Arc<Shared>, req: Request<Body>, base_url: &str) -> Response<Body> {
    let delay = shared.latency();
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let fault = shared.roll_fault();
    let greq = match shared.read(req).await {
        Ok(r) => r,
        Err(e) => {
            let mut core = shared.core.lock().unwrap_or_else(|e| e.into_inner());
            let now = core.clock.instant();
            let a = core.error_answer(&e, None, now);
            return json_response(a);
        }
    };
    for (_, _, bytes) in greq
        .params
        .files()
        .filter(|(k, _, _)| *k == "video_file_chunk")
    {
        shared
            .video_bytes
            .fetch_add(bytes.len() as u64, Ordering::SeqCst);
        shared.video_chunks.fetch_add(1, Ordering::SeqCst);
    }
    if shared.creative_fault(&greq) {
        return json_response(shared.fault_answer(&greq, &GraphError::creative_failed()));
    }
    match fault {
        Some(FaultKind::ErrorBefore) => {
            return json_response(shared.fault_answer(&greq, &GraphError::transient()));
        }
        Some(FaultKind::RateLimit) => {
            let mut core = shared.core.lock().unwrap_or_else(|e| e.into_inner());
            core.total += 1;
            *core.by_route.entry(greq.route()).or_default() += 1;
            let now = core.clock.instant();
            let account = api::account_of(&core.state, &greq).unwrap_or_else(|| "0".into());
            core.limits.saturate(&account, now);
            let a = core.error_answer(&GraphError::account_limit(), Some(&account), now);
            return json_response(a);
        }
        Some(FaultKind::Timeout) => {
            // Graph goes on with a request its client gave up on: hold and handle it in a task
            // of its own, so a client that hangs up during the hold still finds its write done.
            let held = shared.clone();
            let base_url = base_url.to_string();
            let task = tokio::spawn(async move {
                tokio::time::sleep(held.config.timeout_hold).await;
                held.commit(&greq, &base_url)
            });
            return match task.await {
                Ok(answer) => json_response(answer),
                Err(_) => {
                    let mut core = shared.core.lock().unwrap_or_else(|e| e.into_inner());
                    let now = core.clock.instant();
                    json_response(core.error_answer(&GraphError::transient(), None, now))
                }
            };
        }
        _ => {}
    }
    let answer = shared.commit(&greq, base_url);
    let mut resp = json_response(answer);
    if fault == Some(FaultKind::LostResponse) {
        resp.extensions_mut().insert(DropConnection);
    }
    resp
}

/// How many countries, regions, cities, postcodes, locales, interests and categories the
/// sandbox's targeting search holds.
pub fn catalogue_sizes() -> CatalogueSizes {
    catalogue::catalogue().sizes()
}

/// A running sandbox; dropping it (or calling `shutdown`) stops it.
pub struct SandboxHandle {
    stop: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
    clock: Arc<Clock>,
    world: String,
    restored: Restored,
}

impl SandboxHandle {
    /// Lets `by` of simulated time pass at once (reviews end, rate-limit scores decay and blocks
    /// lift as if it had); returns the sandbox's new now. All of it stays within about a
    /// century.
    pub fn advance(&self, by: Duration) -> SystemTime {
        self.clock.advance(by);
        self.clock.system_now()
    }

    /// The name of the world this sandbox serves (kept with its state file).
    pub fn world(&self) -> &str {
        &self.world
    }

    /// How its state began: fresh, saved, or a damaged file set aside.
    pub fn restored(&self) -> &Restored {
        &self.restored
    }

    /// The sandbox's now: real time plus all the time advanced.
    pub fn now(&self) -> SystemTime {
        self.clock.system_now()
    }

    /// Stops accepting connections and waits for the accept loop to end.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(t) = self.task.take() {
            let _ = t.await;
        }
    }
}

impl Drop for SandboxHandle {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// The sandbox server.
pub struct Sandbox;

impl Sandbox {
    /// Binds, seeds the demo business (and `demo_ads`, and any saved state), and serves on the
    /// current tokio runtime. Returns the bound address. A config out of range (see
    /// [`SandboxConfig::check`]) is refused as `InvalidInput`, naming the field.
    pub async fn start(config: SandboxConfig) -> std::io::Result<(SocketAddr, SandboxHandle)> {
        config
            .check()
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        let listener = TcpListener::bind(config.addr).await?;
        let addr = listener.local_addr()?;
        let (state, restored) =
            persist::load(config.state_file.as_deref(), config.set_aside_damaged)?;
        let world = state.world.clone();
        let clock = Arc::new(Clock::default());
        let shared = Arc::new(Shared {
            core: Mutex::new(Core {
                state,
                limits: Limits::new(config.tier),
                total: 0,
                by_route: BTreeMap::new(),
                throttled: 0,
                token_calls: 0,
                trace: 0,
                clock: clock.clone(),
            }),
            rng: Mutex::new(rand::rngs::StdRng::seed_from_u64(config.seed)),
            failed_creatives: Mutex::default(),
            started: Instant::now(),
            video_bytes: AtomicU64::new(0),
            video_chunks: AtomicU64::new(0),
            config,
        });
        // Demo launches are seeded into a fresh world only, not again into a restored one; the
        // world is saved with them, so its ids are never given out again.
        if shared.config.demo_ads > 0 && restored != Restored::Saved {
            let mut core = shared.core.lock().unwrap_or_else(|e| e.into_inner());
            demo::seed(
                &mut core.state,
                shared.config.demo_ads,
                clock.now_ms(),
                shared.config.review_delay,
                shared.config.demo_active,
            );
            shared.save(&core);
        }
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(accept_loop(listener, shared, addr, stopped));
        Ok((
            addr,
            SandboxHandle {
                stop,
                task: Some(task),
                clock,
                world,
                restored,
            },
        ))
    }
}

/// Accepts connections while fewer than `max_connections` are open (the rest wait in the
/// kernel's backlog), until told to stop.
async fn accept_loop(
    listener: TcpListener,
    shared: Arc<Shared>,
    addr: SocketAddr,
    mut stopped: watch::Receiver<bool>,
) {
    let permits = Arc::new(Semaphore::new(shared.config.max_connections));
    loop {
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => p,
            _ = stopped.changed() => break,
        };
        let Ok(permit) = permit else { break };
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = stopped.changed() => break,
        };
        let Ok((stream, _)) = accepted else {
            // Out of file descriptors, say: back off rather than spin.
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let shared = shared.clone();
        let conn_stop = stopped.clone();
        tokio::spawn(async move {
            serve_connection(stream, shared, addr, conn_stop).await;
            drop(permit);
        });
    }
}

/// Serves one connection until it closes, misses a deadline (see `conn`) or the sandbox stops.
async fn serve_connection(
    stream: tokio::net::TcpStream,
    shared: Arc<Shared>,
    addr: SocketAddr,
    mut stop: watch::Receiver<bool>,
) {
    let tracker = conn::Tracker::new(
        shared.config.header_read_timeout,
        shared.config.idle_timeout,
    );
    let io = TokioIo::new(conn::Watched::new(stream, tracker.clone()));
    let watchdog = tracker.clone();
    let service = hyper::service::service_fn(move |req: Request<hyper::body::Incoming>| {
        let shared = shared.clone();
        let answering = tracker.answering();
        async move {
            let resp = handle(shared, addr, req.map(Body::new)).await;
            drop(answering);
            if resp.extensions().get::<DropConnection>().is_some() {
                return Err(std::io::Error::other("lost-response fault"));
            }
            Ok::<_, std::io::Error>(resp)
        }
    });
    // The deadlines are the watchdog's (`conn`), not hyper's: hyper's header timer also runs
    // while a kept-alive connection waits for its next request.
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(None)
        .serve_connection(io, service);
    tokio::select! {
        _ = conn => {}
        _ = watchdog.expired() => {}
        _ = stop.changed() => {}
    }
}

/// `dcw sandbox`: serves until Ctrl+C, printing `listening on http://ADDR` first.
pub fn run_blocking(config: SandboxConfig) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        // Take over Ctrl+C before saying we listen, so an early one still shuts down cleanly.
        #[cfg(unix)]
        let mut interrupt =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?;
        let (addr, handle) = Sandbox::start(config).await?;
        println!("listening on http://{addr}");
        use std::io::Write;
        let _ = std::io::stdout().flush();
        #[cfg(unix)]
        let _ = interrupt.recv().await;
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
        handle.shutdown().await;
        Ok::<_, std::io::Error>(())
    })
}
