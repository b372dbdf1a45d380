//! `dcw results ID`: each asset's results in the account's money, as a table, `--json` (the
//! model) or `--csv` (a header row, then one row per asset).

use std::process::ExitCode;

use dcw::spec::text::{json_safe, sanitize};
use dcw::store::Paths;
use dcw::watch::insights::BREAKDOWNS;
use dcw::watch::results::{PRESETS, Range, Split};
use dcw::watch::{self, Results, ResultsQuery, Target};

/// Arguments of `dcw results`.
#[derive(clap::Args)]
pub struct ResultsArgs {
    /// An ad (or an ad set or campaign: its ads), or a launch's journal id (`dcw launches`
    /// lists them): the ads it created.
    pub id: String,
    /// One asset breakdown (`body_asset`, `title_asset`, `image_asset`, ...); every one the
    /// ad's feed has when absent.
    #[arg(long)]
    pub breakdown: Option<String>,
    /// The days: today, yesterday, last_7d, last_14d, last_30d or maximum (the default).
    #[arg(long, conflicts_with_all = ["since", "until"])]
    pub range: Option<String>,
    /// The first day of a typed range (YYYY-MM-DD), with --until.
    #[arg(long, requires = "until")]
    pub since: Option<String>,
    /// The last day of a typed range (YYYY-MM-DD), with --since.
    #[arg(long, requires = "since")]
    pub until: Option<String>,
    /// A second breakdown: age or gender.
    #[arg(long)]
    pub by: Option<String>,
    /// Print the results as JSON (one object per ad and breakdown).
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV: a header row, then one row per asset (per asset and age or gender with
    /// --by), spend in the account's money.
    #[arg(long)]
    pub csv: bool,
    #[command(flatten)]
    pub graph: super::session::GraphArgs,
}

/// The query's parts from the arguments, or what is wrong with them.
fn parse(args: &ResultsArgs) -> Result<(Option<&'static str>, Range, Option<Split>), String> {
    let breakdown = match args.breakdown.as_deref() {
        None => None,
        Some(b) => Some(
            BREAKDOWNS
                .iter()
                .copied()
                .find(|x| *x == b.trim())
                .ok_or_else(|| {
                    format!(
                        "--breakdown {}: not an asset breakdown; one of {}",
                        sanitize(b),
                        BREAKDOWNS.join(", ")
                    )
                })?,
        ),
    };
    let range = match (&args.range, &args.since, &args.until) {
        (Some(r), _, _) => Range::preset(r.trim()).ok_or_else(|| {
            let words: Vec<&str> = PRESETS.iter().map(|(w, _)| *w).collect();
            format!("--range {}: one of {}", sanitize(r), words.join(", "))
        })?,
        (None, Some(s), Some(u)) => Range::between(s, u).map_err(|e| sanitize(&e).to_string())?,
        _ => Range::default(),
    };
    let split = match args.by.as_deref() {
        None => None,
        Some(b) => {
            Some(Split::parse(b).ok_or_else(|| format!("--by {}: age or gender", sanitize(b)))?)
        }
    };
    Ok((breakdown, range, split))
}

pub fn run_results(args: ResultsArgs) -> ExitCode {
    let (breakdown, range, split) = match parse(&args) {
        Ok(q) => q,
        Err(e) => {
            super::print_error(e);
            return ExitCode::from(2);
        }
    };
    let graph = args.graph.clone();
    super::session::headless(
        &graph,
        super::session::SandboxUse::Reads { demo_ads: 12 },
        move |conn, paths| {
            Box::pin(async move { report(conn, &args, paths, (breakdown, range, split)).await })
        },
    )
}

/// The ads `id` names: a launch's (its journal on this Graph), else Graph's.
async fn targets(
    conn: &super::session::Connection,
    id: &str,
    paths: &Paths,
) -> (Vec<Target>, Vec<String>) {
    let id = id.trim();
    // Graph ids are digits; a journal's id has a date and letters (`20261125-183012-4821`).
    let journal_like = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !id.bytes().all(|b| b.is_ascii_digit());
    if journal_like {
        let ads: Vec<Target> = watch::from_journals(&paths.launches_dir(), &conn.api_base)
            .into_iter()
            .filter(|t| t.launch_id.as_deref() == Some(id))
            .collect();
        if ads.is_empty() {
            return (
                ads,
                vec![format!(
                    "{}: no launch of that id made ads on {} (dcw launches lists them)",
                    sanitize(id),
                    sanitize(&conn.api_base)
                )],
            );
        }
        return (ads, Vec::new());
    }
    watch::resolve_ids(&conn.client, &[id.to_string()]).await
}

async fn report(
    conn: &super::session::Connection,
    args: &ResultsArgs,
    paths: &Paths,
    (breakdown, range, split): (Option<&'static str>, Range, Option<Split>),
) -> ExitCode {
    let (ads, errors) = targets(conn, &args.id, paths).await;
    for e in &errors {
        super::print_error(e);
    }
    if ads.is_empty() {
        return ExitCode::from(1);
    }
    let files = watch::asset_files(&paths.launches_dir(), &conn.api_base);
    let mut all: Vec<Results> = Vec::new();
    let mut failed = false;
    for ad in &ads {
        let ctx = match watch::ad_context(&conn.client, &ad.account, &ad.ad_id).await {
            Ok(c) => c,
            Err(e) => {
                super::print_error(format!("{}: {e}", sanitize(&ad.ad_id)));
                failed = true;
                continue;
            }
        };
        let breakdowns = breakdown.map_or_else(|| ctx.breakdowns(), |b| vec![b]);
        for b in breakdowns {
            let q = ResultsQuery {
                breakdown: b,
                range,
                split,
            };
            match watch::fetch_results(&conn.client, &ctx, q, &files).await {
                Ok(r) => all.push(r),
                Err(e) => {
                    super::print_error(format!("{} {b}: {e}", sanitize(&ad.ad_id)));
                    failed = true;
                }
            }
        }
    }
    if args.json {
        println!("{}", json_safe(&watch::results_json(&all).to_string()));
    } else if args.csv {
        print!("{}", watch::results_csv(&all));
    } else {
        print!("{}", watch::results_text(&all));
    }
    if failed && all.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
