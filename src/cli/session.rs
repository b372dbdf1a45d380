//! Connecting to Graph and logging to a file, shared by `dcw submit` and the wizard: the token
//! from its sources, or, with none, the in-process sandbox (nothing reaches Meta).

use dcw::graph::{self, GraphClient, GraphConfig, Secret};
use dcw::store::{self, Config, Paths};

/// A client and what it talks to.
pub struct Connection {
    pub client: GraphClient,
    /// Set when the in-process sandbox serves the client; shut it down at the end.
    pub sandbox: Option<dcw::sandbox::SandboxHandle>,
    /// `sandbox`, or the Graph base URL.
    pub api_base: String,
    pub api_version: String,
}

/// Finds the token (env, token_command, token file) and builds the client; with no token and
/// no base URL set, starts the sandbox (seeded with `demo_ads` reviewed demo ads). Errors carry
/// the exit status: 3 for token trouble, 2 for the rest.
pub async fn connect(
    paths: &Paths,
    config: &Config,
    api_base: Option<String>,
    api_version: Option<String>,
    demo_ads: usize,
) -> Result<Connection, (u8, String)> {
    let env = |k: &str| std::env::var(k).ok();
    let command_timeout = config.token_command_timeout.map_or(
        graph::DEFAULT_COMMAND_TIMEOUT,
        std::time::Duration::from_secs,
    );
    let found = graph::find_token(
        env,
        config.token_command.as_deref(),
        command_timeout,
        || store::read_private(&paths.token_file()),
    )
    .map_err(|e| (3, e))?;
    let mut sandbox = None;
    let (token, base) = match found {
        Some((token, source)) => {
            tracing::info!(%source, "using the access token");
            let base = api_base
                .or_else(|| env("DCW_API_BASE"))
                .or(config.api_base.clone())
                .unwrap_or_else(|| dcw::graph::DEFAULT_BASE_URL.to_string());
            (token, base)
        }
        None => {
            if api_base.is_some() || env("DCW_API_BASE").is_some() || config.api_base.is_some() {
                return Err((
                    3,
                    "a Graph base URL is set but no access token: set META_ACCESS_TOKEN (or FB_ACCESS_TOKEN, a token_command or a token file)".into(),
                ));
            }
            let mut cfg = dcw::sandbox::SandboxConfig {
                log_requests: false,
                demo_ads,
                // The watch's demo runs, so approved ads have asset results to show.
                demo_active: demo_ads > 0,
                ..Default::default()
            };
            if demo_ads > 0 {
                // Long enough to watch the demo ads leave review.
                cfg.review_delay = std::time::Duration::from_secs(20);
            }
            let (addr, handle) = dcw::sandbox::Sandbox::start(cfg)
                .await
                .map_err(|e| (2, format!("cannot start the sandbox: {e}")))?;
            sandbox = Some(handle);
            (Secret::new("sandbox"), format!("http://{addr}"))
        }
    };
    let mut gc = GraphConfig::new(token);
    gc.base_url = base.clone();
    gc.api_version = api_version_in_use(api_version, config, env)
        .map_err(|e| (2, e))?
        .0;
    if let Some(cmd) = &config.app_secret_command {
        gc.app_secret = Some(
            graph::run_secret_command("app_secret_command", cmd, command_timeout)
                .map_err(|e| (3, e))?,
        );
    }
    let api_version = gc.api_version.clone();
    let client = GraphClient::new(gc).map_err(|e| (2, e))?;
    let api_base = if sandbox.is_some() {
        "sandbox".to_string()
    } else {
        base
    };
    Ok(Connection {
        client,
        sandbox,
        api_base,
        api_version,
    })
}

/// The Graph version dcw calls and where it was set: `--api-version`, then DCW_API_VERSION,
/// then `api_version` in the config file, else dcw's default. A value that is not a version
/// (`vNN.N`) is refused, naming where it came from: it becomes part of every request's path.
pub fn api_version_in_use(
    flag: Option<String>,
    config: &Config,
    env: impl Fn(&str) -> Option<String>,
) -> Result<(String, &'static str), String> {
    let (version, source) = if let Some(v) = flag {
        (v, "--api-version")
    } else if let Some(v) = env("DCW_API_VERSION") {
        (v, "DCW_API_VERSION")
    } else if let Some(v) = config.api_version.clone() {
        (v, "api_version in the config file")
    } else {
        return Ok((graph::DEFAULT_API_VERSION.to_string(), "dcw's default"));
    };
    let number = |t: &str| !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit());
    let well_formed = version
        .strip_prefix('v')
        .and_then(|rest| rest.split_once('.'))
        .is_some_and(|(major, minor)| number(major) && number(minor));
    if !well_formed {
        return Err(format!(
            "{source} is \"{}\", which is not a Graph API version: write it like {}",
            dcw::spec::text::fit(&dcw::spec::text::sanitize(&version), 40),
            graph::DEFAULT_API_VERSION
        ));
    }
    Ok((version, source))
}

/// Logs go to a file in the state folder, never to the screen.
pub fn init_logging(paths: &Paths) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let dir = paths.log_dir();
    store::create_private_dir(&dir).ok()?;
    // The log is private like every file dcw writes: create it 0600 before the appender opens it.
    let file = dir.join("dcw.log");
    store::open_private(std::fs::OpenOptions::new().append(true).create(true), &file).ok()?;
    let appender = tracing_appender::rolling::never(&dir, "dcw.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let _ = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .try_init();
    Some(guard)
}

/// The config file, or why it cannot be read, said before any screen.
pub fn config(paths: &Paths) -> Result<Config, String> {
    store::load_config(&paths.config_file())
}

/// The async runtime: one thread (`workers: None`) or a pool of `workers`.
pub fn runtime(workers: Option<usize>) -> Result<tokio::runtime::Runtime, String> {
    let mut b = match workers {
        None => tokio::runtime::Builder::new_current_thread(),
        Some(n) => {
            let mut b = tokio::runtime::Builder::new_multi_thread();
            b.worker_threads(n);
            b
        }
    };
    b.enable_all()
        .build()
        .map_err(|e| format!("cannot start: {e}"))
}
