//! `dcw next-round ID --out next.json`: the next round of a launch, the winning assets kept,
//! written as a spec that launches a new ad set in the same campaign.

use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::{Value, json};

use dcw::spec::text::sanitize;
use dcw::store::Paths;
use dcw::watch::{self, NextRound, Rule};

/// Arguments of `dcw next-round`.
#[derive(clap::Args)]
#[command(
    after_help = "Exit status: 0 written, 1 nothing could be read from Graph, 2 the launch, its spec or the output file is wrong (an existing file needs --force), 3 the access token was refused, 6 another dcw is writing the built-in sandbox."
)]
pub struct NextRoundArgs {
    /// The launch (its id, as `dcw launches` lists it), or an ad, ad set or campaign it created.
    pub id: String,
    /// How many assets of each kind to keep.
    #[arg(long, default_value_t = watch::DEFAULT_KEEP, value_parser = keep_count)]
    pub keep: usize,
    /// The impressions an asset needs before its numbers are judged.
    #[arg(long, default_value_t = watch::DEFAULT_MIN_IMPRESSIONS)]
    pub min_impressions: u64,
    /// Where to write the next round's spec.
    #[arg(long)]
    pub out: PathBuf,
    /// Replace `--out` when it exists.
    #[arg(long)]
    pub force: bool,
    /// Print the rule and every asset's numbers and verdict as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub graph: super::session::GraphArgs,
}

pub fn run_next_round(args: NextRoundArgs) -> ExitCode {
    let graph = args.graph.clone();
    super::session::headless(
        &graph,
        super::session::SandboxUse::Reads { demo_ads: 0 },
        move |conn, paths| Box::pin(async move { next_round(conn, paths, &args).await }),
    )
}

async fn next_round(
    conn: &super::session::Connection,
    paths: &Paths,
    args: &NextRoundArgs,
) -> ExitCode {
    let j = match watch::find_or_read_launch(
        &conn.client,
        &paths.launches_dir(),
        &conn.api_base,
        &args.id,
    )
    .await
    {
        Ok(j) => j,
        Err(e) => {
            super::print_error(e);
            return ExitCode::from(2);
        }
    };
    let rule = Rule {
        keep: args.keep,
        min_impressions: args.min_impressions,
    };
    let new_dir = dcw::store::spec_dir(&args.out);
    let drafts = dcw::store::drafts_dir(&paths.data_dir);
    let round = match watch::prepare_next_round(&conn.client, &j, &drafts, rule, &new_dir).await {
        Ok(r) => r,
        Err(e) => {
            super::print_error(e);
            return ExitCode::from(1);
        }
    };
    let text = format!(
        "{}\n",
        serde_json::to_string_pretty(&round.spec).unwrap_or_default()
    );
    if let Err(e) = dcw::store::write_spec_file(&args.out, &text, args.force) {
        super::print_error(format!(
            "cannot write {}: {e}",
            sanitize(&args.out.display().to_string())
        ));
        return ExitCode::from(2);
    }
    for n in &round.notes {
        super::print_error(n);
    }
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report_json(&round, &args.out)).unwrap_or_default()
        );
    } else {
        print!("{}", report_text(&round, &args.out));
    }
    ExitCode::SUCCESS
}

/// Spend × 100 as money: `12.34 USD` (grouped: `1,234.50`).
fn money(minor: i64, currency: Option<&str>) -> String {
    let whole = dcw::spec::group_thousands(u128::from((minor / 100).unsigned_abs()));
    let sign = if minor < 0 { "-" } else { "" };
    let code = currency
        .map(|c| format!(" {}", sanitize(c)))
        .unwrap_or_default();
    format!("{sign}{whole}.{:02}{code}", (minor % 100).abs())
}

/// The rule, then each kind's assets best first with their numbers and verdict.
pub fn report_text(r: &NextRound, out: &std::path::Path) -> String {
    let cur = r.currency.as_deref();
    let mut s = format!(
        "Next round of launch {}\nRule: {}.\n",
        sanitize(&r.launch_id),
        r.rule.describe(r.result)
    );
    let mut kind = "";
    for (a, v, _) in &r.ranked {
        if a.kind != kind {
            kind = a.kind;
            s.push_str(&format!(
                "\n{}\n  {:<26} {:<36} {:>11} {:>13} {:>10} {:>15} {:>6}\n",
                watch::insights::title(watch::breakdown_of(kind)),
                "verdict",
                "asset",
                "impressions",
                "spend",
                format!("{}s", r.result),
                format!("cost/{}", r.result),
                "CTR"
            ));
        }
        let cost = a
            .cost_per_result()
            .map_or_else(|| "—".to_string(), |c| money(c, cur));
        s.push_str(&format!(
            "  {:<26} {:<36} {:>11} {:>13} {:>10} {:>15} {:>5.2}%\n",
            v.word(),
            dcw::spec::text::fit(&sanitize(&a.label), 36),
            dcw::spec::group_thousands(u128::from(a.impressions)),
            money(a.spend_minor, cur),
            a.results,
            cost,
            a.ctr()
        ));
    }
    let kept = r.ranked.iter().filter(|(_, v, _)| v.kept()).count();
    let out = sanitize(&out.display().to_string()).into_owned();
    let campaign = r
        .spec
        .pointer("/campaign/id")
        .and_then(Value::as_str)
        .unwrap_or_default();
    s.push_str(&format!(
        "\nKept {kept} of {} assets. Wrote {out}: a new ad set in campaign {}.\nNext: dcw validate {out} && dcw submit {out} (or dcw open {out} to add new assets first).\n",
        r.ranked.len(),
        sanitize(campaign),
    ));
    s
}

fn report_json(r: &NextRound, out: &std::path::Path) -> Value {
    json!({
        "launch": r.launch_id,
        "out": out.display().to_string(),
        "campaign_id": r.spec.pointer("/campaign/id"),
        "rule": {"keep": r.rule.keep, "min_impressions": r.rule.min_impressions,
                 "result": r.result, "text": r.rule.describe(r.result)},
        "notes": r.notes,
        "assets": r.ranked.iter().map(|(a, v, rank)| json!({
            "kind": a.kind, "index": a.index, "label": a.label,
            "impressions": a.impressions, "clicks": a.clicks,
            "spend_minor": a.spend_minor, "results": a.results,
            "cost_per_result_minor": a.cost_per_result(),
            "ctr": a.ctr(), "rank": rank, "verdict": v.word(), "kept": v.kept(),
        })).collect::<Vec<_>>(),
    })
}

/// `--keep`: 1 to 50 [dcw's own bound; a feed holds at most 10 of a kind].
fn keep_count(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if (1..=50).contains(&n) => Ok(n),
        _ => Err("a whole number from 1 to 50".into()),
    }
}
