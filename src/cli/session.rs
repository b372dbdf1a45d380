//! Connecting to Graph and logging to a file, shared by `dcw submit` and the wizard: the token
//! from its sources, or, with none, the built-in sandbox (nothing reaches Meta; its world is
//! kept in the data folder between runs); and where requests go, said once.

use dcw::graph::{self, Destination, GraphClient, GraphConfig, Secret};
use dcw::store::{self, Config, Paths};

/// A client and where its requests go.
pub struct Connection {
    pub client: GraphClient,
    /// Set when the in-process sandbox serves the client; shut it down at the end.
    pub sandbox: Option<dcw::sandbox::SandboxHandle>,
    /// What a launch journal records as its Graph: the built-in sandbox's world
    /// (`sandbox:built-in:<world>`), or the Graph base URL.
    pub api_base: String,
    /// Where requests go, for the header and every confirmation.
    pub destination: Destination,
    /// What to tell the buyer before anything else (a damaged sandbox state set aside, a
    /// read-only copy).
    pub notes: Vec<String>,
    /// This process's hold on the built-in sandbox's state, while it runs.
    _state_lock: Option<store::LockGuard>,
}

/// How a command uses the built-in sandbox when it is the one in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SandboxUse {
    /// It may create or change objects: it needs the state to itself (another dcw using it
    /// is refused, naming it, so neither overwrites the other's launches).
    Writes { demo_ads: usize },
    /// It only reads: with another dcw using the state, it reads a copy of what that one saved.
    Reads { demo_ads: usize },
}

/// Finds the token (env, token_command, token file) and builds the client; with no token and
/// no base URL set, starts the built-in sandbox on its saved world (seeding a fresh world with
/// `demo_ads` reviewed demo ads). Errors carry the exit status: 3 for token trouble, 6 when
/// another dcw is writing the built-in sandbox, 2 for the rest.
pub async fn connect(
    paths: &Paths,
    config: &Config,
    api_base: Option<String>,
    api_version: Option<String>,
    sandbox_use: SandboxUse,
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
    let version = api_version_in_use(api_version, config, env)
        .map_err(|e| (2, e))?
        .0;
    let mut built_in = None;
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
            let started = start_built_in(paths, sandbox_use).await?;
            let base = format!("http://{}", started.0);
            built_in = Some(started);
            (Secret::new("sandbox"), base)
        }
    };
    let mut gc = GraphConfig::new(token);
    gc.base_url = base.clone();
    gc.api_version = version.clone();
    if let Some(cmd) = &config.app_secret_command {
        gc.app_secret = Some(
            graph::run_secret_command("app_secret_command", cmd, command_timeout)
                .map_err(|e| (3, e))?,
        );
    }
    let client = GraphClient::new(gc).map_err(|e| (2, e))?;
    Ok(match built_in {
        Some((_, handle, lock, notes)) => Connection {
            client,
            api_base: graph::built_in_graph(handle.world()),
            sandbox: Some(handle),
            destination: Destination::BuiltIn,
            notes,
            _state_lock: lock,
        },
        None => Connection {
            client,
            sandbox: None,
            destination: Destination::of_base(&base, &version),
            api_base: base,
            notes: Vec::new(),
            _state_lock: None,
        },
    })
}

type BuiltIn = (
    std::net::SocketAddr,
    dcw::sandbox::SandboxHandle,
    Option<store::LockGuard>,
    Vec<String>,
);

/// Starts the built-in sandbox on the world saved in the data folder, holding it for this
/// process; see [`SandboxUse`] for another dcw already using it.
async fn start_built_in(paths: &Paths, sandbox_use: SandboxUse) -> Result<BuiltIn, (u8, String)> {
    let (writes, demo_ads) = match sandbox_use {
        SandboxUse::Writes { demo_ads } => (true, demo_ads),
        SandboxUse::Reads { demo_ads } => (false, demo_ads),
    };
    let mut notes = Vec::new();
    let lock = match store::take_lock(&paths.sandbox_dir(), "state.lock") {
        Ok(lock) => Some(lock),
        Err(store::LockError::Held { holder }) if !writes => {
            notes.push(format!("another dcw is using the built-in sandbox ({holder}); this one reads what it last saved and keeps nothing"));
            None
        }
        Err(store::LockError::Held { holder }) => {
            return Err((
                6,
                format!(
                    "another dcw is using the built-in sandbox ({holder}); quit that one first, so neither loses the other's launches (`dcw watch --once` can read it meanwhile)"
                ),
            ));
        }
        Err(e) => return Err((2, format!("cannot use the built-in sandbox: {e}"))),
    };
    let mut cfg = dcw::sandbox::SandboxConfig {
        log_requests: false,
        demo_ads,
        // The watch's demo runs, so approved ads have asset results to show.
        demo_active: demo_ads > 0,
        state_file: Some(paths.sandbox_state_file()),
        set_aside_damaged: lock.is_some(),
        read_only_state: lock.is_none(),
        ..Default::default()
    };
    if demo_ads > 0 {
        // Long enough to watch the demo ads leave review.
        cfg.review_delay = std::time::Duration::from_secs(20);
    }
    let (addr, handle) = dcw::sandbox::Sandbox::start(cfg).await.map_err(|e| {
        let fix = "`dcw sandbox --reset` starts its state over";
        (2, format!("cannot start the built-in sandbox: {e}; {fix}"))
    })?;
    notes.extend(handle.restored().note());
    Ok((addr, handle, lock, notes))
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

/// Where the headless commands that call Graph send (`dcw submit`, `watch`, `preview`,
/// `results`, `launch`, `next-round`).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct GraphArgs {
    /// Graph's base URL (or DCW_API_BASE, or `api_base` in the config file).
    #[arg(long)]
    pub api_base: Option<String>,
    /// Graph API version (default v27.0; or DCW_API_VERSION, or `api_version` in the config file).
    #[arg(long)]
    pub api_version: Option<String>,
}

/// What dcw's rules know of a spec beyond its text: its files and the account's house policy.
pub fn facts(
    spec: &dcw::spec::LaunchSpec,
    spec_dir: &std::path::Path,
    config: &Config,
) -> dcw::spec::Facts {
    let mut facts = dcw::spec::Facts::at(chrono::Utc::now());
    facts.images = store::image_facts(spec, spec_dir);
    facts.videos = store::video_facts(spec, spec_dir);
    facts.never_features = config.never_features(spec.account_digits());
    facts
}

/// dcw's findings on a spec with its [`facts`]: the same for `dcw validate`, `dcw submit` and
/// `dcw preview`.
pub fn findings(
    spec: &dcw::spec::LaunchSpec,
    spec_dir: &std::path::Path,
    config: &Config,
) -> Vec<dcw::spec::Finding> {
    dcw::spec::validate(spec, &facts(spec, spec_dir, config))
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

/// A headless command's start and end, in one place: the config, the log file, the runtime and
/// the connection (its notes on stderr; exit 2 for a config or runtime that cannot be had, the
/// connection's own code when it fails), then `body`, then the built-in sandbox shut down.
pub fn headless<F>(graph: &GraphArgs, sandbox_use: SandboxUse, body: F) -> std::process::ExitCode
where
    F: for<'a> FnOnce(
        &'a Connection,
        &'a Paths,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = std::process::ExitCode> + 'a>,
    >,
{
    use std::process::ExitCode;
    let paths = Paths::from_env();
    let config = match config(&paths) {
        Ok(c) => c,
        Err(e) => {
            super::print_error(e);
            return ExitCode::from(2);
        }
    };
    let _log = init_logging(&paths);
    let runtime = match runtime(None) {
        Ok(r) => r,
        Err(e) => {
            super::print_error(e);
            return ExitCode::from(2);
        }
    };
    runtime.block_on(async move {
        let conn = match connect(
            &paths,
            &config,
            graph.api_base.clone(),
            graph.api_version.clone(),
            sandbox_use,
        )
        .await
        {
            Ok(c) => c,
            Err((code, msg)) => {
                super::print_error(msg);
                return ExitCode::from(code);
            }
        };
        for note in &conn.notes {
            super::print_error(note);
        }
        let code = body(&conn, &paths).await;
        if let Some(h) = conn.sandbox {
            h.shutdown().await;
        }
        code
    })
}
