//! `dcw watch`: the status pane on its own, or headless with `--once` / `--json`.

use std::process::ExitCode;

use dcw::store::Paths;
use dcw::watch::{self, Target, Watch};

/// Arguments of `dcw watch`.
#[derive(clap::Args)]
pub struct WatchArgs {
    /// Ads, ad sets or campaigns to watch (an ad set or campaign stands for its ads). With
    /// none, the ads of dcw's own launches on the Graph in use, or every dynamic-creative ad of
    /// `--account`. With no token, the launches made in the built-in sandbox (kept between
    /// runs), or, before there is any, its 12 demo ads.
    pub ids: Vec<String>,
    /// Watch every dynamic-creative ad of this ad account (`act_123` or `123`).
    #[arg(long)]
    pub account: Option<String>,
    /// Poll once and print the result, instead of opening the pane.
    #[arg(long)]
    pub once: bool,
    /// Print a JSON array (one object per ad) instead of opening the pane; without `--once`,
    /// after review has ended for every ad.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub graph: super::session::GraphArgs,
}

pub fn run_watch(args: WatchArgs) -> ExitCode {
    let paths = Paths::from_env();
    let config = match super::session::config(&paths) {
        Ok(c) => c,
        Err(e) => {
            super::print_error(e);
            return ExitCode::from(2);
        }
    };
    let headless = args.once || args.json;
    if !headless {
        use std::io::IsTerminal;
        if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
            eprintln!(
                "dcw: the status pane needs a terminal; for scripts use `dcw watch --once` or `dcw watch --json`"
            );
            return ExitCode::from(2);
        }
    }
    let _log = super::session::init_logging(&paths);
    // One thread: polls are network waits, and one heap keeps the resident size small when
    // thousands of ads are read each cycle (glibc gives each worker thread its own arena).
    let runtime = match super::session::runtime(None) {
        Ok(r) => r,
        Err(e) => {
            super::print_error(e);
            return ExitCode::from(2);
        }
    };
    runtime.block_on(async move {
        let nothing_named = args.ids.is_empty() && args.account.is_none();
        let demo_ads = if nothing_named { 12 } else { 0 };
        // The pane can send fixes; a report only reads.
        let sandbox_use = if headless {
            super::session::SandboxUse::Reads { demo_ads }
        } else {
            super::session::SandboxUse::Writes { demo_ads }
        };
        let conn = match super::session::connect(
            &paths,
            &config,
            args.graph.api_base.clone(),
            args.graph.api_version.clone(),
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
        // A report names a throttled read instead of waiting it out in silence (up to dcw's
        // 15 minutes of patience); the pane keeps that patience, for its fixes' writes.
        let client = if headless {
            let mut gc = conn.client.config().clone();
            gc.patience = HEADLESS_PATIENCE;
            match dcw::graph::GraphClient::new(gc) {
                Ok(c) => c,
                Err(e) => {
                    super::print_error(e);
                    return ExitCode::from(2);
                }
            }
        } else {
            conn.client.clone()
        };
        for note in &conn.notes {
            super::print_error(note);
        }
        let (mut found, accounts) = unnamed(&conn, &client, &args, &paths).await;
        let (named, errors) = watch::resolve_ids(&client, &args.ids).await;
        for e in &errors {
            super::print_error(e);
        }
        found.extend(named);
        if found.is_empty() && accounts.is_empty() {
            if !errors.is_empty() {
                return ExitCode::from(1);
            }
            super::print_error(format!("nothing to watch: no launches in {}; name ads or ad sets, or an account with --account act_…", paths.launches_dir().display()));
            if args.json {
                println!("[]");
            }
            return ExitCode::SUCCESS;
        }
        let mut w = Watch::new();
        // Videos and images named by the files dcw's launches uploaded them from.
        w.model
            .learn_files(watch::asset_files(&paths.launches_dir(), &conn.api_base));
        let now = client.now();
        let utc = client.config().clock.utc_now();
        for t in &found {
            w.add(t, now, utc);
        }
        for a in &accounts {
            w.add_account(a);
        }
        let code = if headless {
            headless_run(&mut w, &client, &args).await
        } else {
            super::wizard::run_screen(&conn, &config, &paths, dcw::tui::Start::Watch(Box::new(w)))
                .await
        };
        if let Some(h) = conn.sandbox {
            h.shutdown().await;
        }
        code
    })
}

/// What is watched besides the ids named: `--account`'s ads, the launches made on this Graph
/// when nothing is named, and in the built-in sandbox, before any launch, its demo ads.
async fn unnamed(
    conn: &super::session::Connection,
    client: &dcw::graph::GraphClient,
    args: &WatchArgs,
    paths: &Paths,
) -> (Vec<Target>, Vec<String>) {
    let nothing_named = args.ids.is_empty() && args.account.is_none();
    let mut accounts: Vec<String> = args
        .account
        .iter()
        .map(|a| watch::account_digits(a))
        .collect();
    let mut found: Vec<Target> = Vec::new();
    if nothing_named {
        found = watch::from_journals(&paths.launches_dir(), &conn.api_base);
    }
    if conn.sandbox.is_some() {
        eprintln!(
            "SANDBOX (built-in): no access token is set, so dcw watches its built-in sandbox, kept in {}; nothing is read from Meta.",
            dcw::spec::text::sanitize(&paths.sandbox_state_file().display().to_string())
        );
        // With no launch of the buyer's in it yet, the demo ads it was seeded with.
        if nothing_named
            && found.is_empty()
            && let Ok(list) = client.ad_accounts().await
            && let Some(a) = list.first()
        {
            accounts.push(watch::account_digits(&a.id));
        }
    }
    (found, accounts)
}

/// How long a headless read waits for Meta's rate limit (the gate's slow-down included) before
/// it is reported as a failed read: less than a throttle's default pause of 60 s.
const HEADLESS_PATIENCE: std::time::Duration = std::time::Duration::from_secs(20);

async fn headless_run(
    w: &mut Watch,
    client: &dcw::graph::GraphClient,
    args: &WatchArgs,
) -> ExitCode {
    if args.once {
        watch::cycle(w, client).await;
    } else {
        watch::run(w, client, |w, changes| {
            for c in changes {
                eprintln!(
                    "{}: {} → {}",
                    dcw::spec::text::sanitize(&c.ad_id),
                    c.from.word(),
                    c.to.word()
                );
            }
            // On while an ad is in review, or not read yet and not failing.
            w.model.rows.iter().any(|r| {
                r.state == watch::ReviewState::InReview
                    || (r.last_checked.is_none() && r.last_error.is_none())
            })
        })
        .await;
    }
    let mut said: Vec<&str> = Vec::new();
    for f in &w.failures {
        if !said.contains(&f.as_str()) {
            super::print_error(format!("could not read {f}"));
            said.push(f);
        }
    }
    let rows = &w.model.rows;
    if args.json {
        println!(
            "{}",
            dcw::spec::text::json_safe(&watch::rows_json(rows).to_string())
        );
    } else {
        print!("{}", watch::rows_text(rows));
    }
    let read_any = rows.iter().any(|r| r.last_checked.is_some());
    if read_any || (rows.is_empty() && w.failures.is_empty()) {
        ExitCode::SUCCESS
    } else {
        // Nothing could be read.
        ExitCode::from(1)
    }
}
