//! `dcw preview`: Meta's own previews of a spec, one link per `ad_format` of its placements
//! (`generatepreviews` before the launch, the launched ad's `previews` after), copied to the
//! clipboard with OSC 52 when stdout is a terminal.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::{Value, json};

use dcw::launch::{self, MetaPreview, PreviewError, PreviewOf};
use dcw::spec::text::{column, sanitize};
use dcw::store::{self, Paths};

/// Arguments of `dcw preview`.
#[derive(clap::Args)]
#[command(
    after_help = "Exit status: 0 links printed, 1 Meta refused a preview or gave none, 2 the spec, a file or --placement is wrong, \
3 the access token was refused, 6 another dcw is using the built-in sandbox."
)]
pub struct PreviewArgs {
    /// The launch spec (JSON).
    pub spec: PathBuf,
    /// One ad_format to preview (`INSTAGRAM_STORY`, …) instead of every format of the spec's
    /// placements.
    #[arg(long, value_name = "FORMAT")]
    pub placement: Option<String>,
    /// Print a JSON array: Graph's fields of each preview, plus `ad_format`, `placement` and
    /// `link`.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub graph: super::session::GraphArgs,
}

/// How long the built-in sandbox keeps serving its preview pages for a buyer at a terminal.
/// `[dcw's own]`
const BUILT_IN_SERVES: std::time::Duration = std::time::Duration::from_secs(30 * 60);

pub fn run_preview(args: PreviewArgs) -> ExitCode {
    let paths = Paths::from_env();
    let _log = super::session::init_logging(&paths);
    match preview(args, &paths) {
        Ok(code) => code,
        Err((code, msg)) => {
            super::print_error(msg);
            ExitCode::from(code)
        }
    }
}

/// The `--placement` value as Graph spells it, or the formats it may be.
pub(crate) fn placement_format(value: &str) -> Result<String, String> {
    let upper = value.trim().to_ascii_uppercase();
    if dcw::spec::preview::AD_FORMATS.contains(&upper.as_str()) {
        return Ok(upper);
    }
    let mut ours: Vec<&str> = Vec::new();
    for f in dcw::spec::preview::FAMILIES
        .iter()
        .flat_map(|f| f.ad_formats)
    {
        if !ours.contains(f) {
            ours.push(f);
        }
    }
    Err(format!(
        "--placement \"{}\" is not an ad_format Meta previews: use one of {} (or another of Meta's AdPreview formats: {})",
        dcw::spec::text::fit(value, 40),
        ours.join(", "),
        dcw::spec::preview::AD_FORMATS
            .iter()
            .filter(|f| !ours.contains(f))
            .copied()
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

fn preview(args: PreviewArgs, paths: &Paths) -> Result<ExitCode, (u8, String)> {
    let config = super::session::config(paths).map_err(|e| (2, e))?;
    let text = store::read_spec_text(&args.spec).map_err(|e| (2, e.to_string()))?;
    let spec =
        dcw::spec::parse_spec(&text).map_err(|e| (2, format!("{}: {e}", args.spec.display())))?;
    let account = spec.account_digits().to_string();
    if account.is_empty() {
        return Err((
            2,
            format!(
                "{}: account_id is missing: previews are asked of an ad account",
                args.spec.display()
            ),
        ));
    }
    let formats: Vec<String> = match &args.placement {
        Some(p) => vec![placement_format(p).map_err(|e| (2, e))?],
        None => launch::preview_formats(&spec)
            .into_iter()
            .map(String::from)
            .collect(),
    };
    if formats.is_empty() {
        return Err((
            2,
            format!(
                "{}: the ad sets' placements reach none of the placements dcw previews; name one with --placement FORMAT",
                args.spec.display()
            ),
        ));
    }
    let spec_dir = store::spec_dir(&args.spec);
    // dcw's findings first, on stderr: the preview still shows the creative as written (a
    // budget error says nothing of how the ad looks), but the buyer knows it will not launch.
    let findings = super::session::findings(&spec, &spec_dir, &config);
    if !findings.is_empty() {
        eprint!("{}", dcw::spec::render_text(&findings));
    }
    if findings.iter().any(|f| f.is_error()) {
        super::print_error(format!(
            "{}: {}; the preview shows the creative as written, but this spec will not launch until they are fixed",
            args.spec.display(),
            dcw::spec::summary(&findings)
        ));
    }
    let runtime = super::session::runtime(Some(2)).map_err(|e| (2, e))?;
    runtime.block_on(async move {
        let conn = super::session::connect(
            paths,
            &config,
            args.graph.api_base.clone(),
            args.graph.api_version.clone(),
            super::session::SandboxUse::Writes { demo_ads: 0 },
        )
        .await?;
        for note in &conn.notes {
            super::print_error(note);
        }
        if conn.sandbox.is_some() {
            eprintln!("SANDBOX (built-in): no access token is set, so these previews come from dcw's built-in sandbox; nothing is sent to Meta.");
        }
        // Graph may take its time (each call has its deadline, and a timed-out read is tried
        // again): say what is being waited for.
        eprintln!(
            "Asking Graph for {} preview{} ({})…",
            formats.len(),
            if formats.len() == 1 { "" } else { "s" },
            formats.join(", ")
        );
        let made = launch::previews_of_spec(
            &conn.client,
            launch::SpecPreview {
                launched_ad: launch::session::launched_ad(
                    &paths.launches_dir(),
                    &conn.api_base,
                    &spec,
                    &text,
                    &spec_dir,
                ),
                spec: &spec,
                spec_dir,
                formats,
            },
        )
        .await
        .map_err(failure)?;
        for n in &made.notes {
            super::print_error(n);
        }
        if let PreviewOf::Ad(id) = &made.of {
            eprintln!("Previews of the launched ad {}", sanitize(id));
        }
        let previews = made.previews;
        print_previews(&previews, args.json);
        copy_first(&previews);
        if let Some(h) = conn.sandbox {
            serve_while_asked(&previews).await;
            h.shutdown().await;
        }
        Ok(ExitCode::SUCCESS)
    })
}

fn failure(e: PreviewError) -> (u8, String) {
    match e {
        PreviewError::File(_) => (2, e.to_string()),
        _ => (1, e.to_string()),
    }
}

/// The lines (or the JSON array) of `dcw preview`: placement words, format, link; all
/// sanitised.
pub(crate) fn preview_text(previews: &[MetaPreview], as_json: bool) -> String {
    if as_json {
        let list: Vec<Value> = previews
            .iter()
            .map(|p| {
                let mut m = p.fields.clone();
                m.insert("ad_format".into(), json!(p.ad_format));
                m.insert("placement".into(), json!(p.placement));
                m.insert("link".into(), json!(p.link));
                Value::Object(m)
            })
            .collect();
        let text = serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into());
        return format!("{}\n", dcw::spec::text::json_safe(&text));
    }
    // Each column as wide as its longest value (at most 40), so no format name is cut.
    let width = |f: fn(&MetaPreview) -> &str| {
        previews
            .iter()
            .map(|p| dcw::spec::preview::cells(&sanitize(f(p))))
            .max()
            .unwrap_or(0)
            .min(40)
    };
    let (placement, format) = (width(|p| &p.placement), width(|p| &p.ad_format));
    previews
        .iter()
        .map(|p| {
            format!(
                "{} {} {}\n",
                column(&p.placement, placement),
                column(&p.ad_format, format),
                sanitize(&p.link)
            )
        })
        .collect()
}

fn print_previews(previews: &[MetaPreview], as_json: bool) {
    print!("{}", preview_text(previews, as_json));
}

/// Copies the first link with OSC 52 when stdout is a terminal, and says so on stderr.
fn copy_first(previews: &[MetaPreview]) {
    let Some(first) = previews.first() else {
        return;
    };
    if !std::io::stdout().is_terminal() {
        return;
    }
    print!("{}", dcw::tui::osc52(&sanitize(&first.link)));
    eprintln!(
        "copied the {} link to the clipboard (OSC 52; over SSH it reaches your own machine)",
        sanitize(&first.ad_format)
    );
}

/// The built-in sandbox serves its preview pages only while this dcw runs: at a terminal, it
/// keeps serving until Enter (at most [`BUILT_IN_SERVES`]); otherwise it says so and ends.
async fn serve_while_asked(previews: &[MetaPreview]) {
    if previews.is_empty() {
        return;
    }
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        eprintln!(
            "The built-in sandbox served these links while dcw ran; to keep them open, run `dcw sandbox` and point dcw preview at it (DCW_API_BASE or --api-base, with any token)."
        );
        return;
    }
    eprintln!(
        "The built-in sandbox serves these links while dcw runs: press Enter to stop (at most {} minutes).",
        BUILT_IN_SERVES.as_secs() / 60
    );
    let wait = tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
    });
    let _ = tokio::time::timeout(BUILT_IN_SERVES, wait).await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Map;

    fn one(link: &str) -> MetaPreview {
        let mut fields = Map::new();
        fields.insert("body".into(), json!("<iframe src=\"x\"></iframe>"));
        MetaPreview {
            ad_format: "INSTAGRAM_STORY".into(),
            placement: "Stories and Reels 9:16".into(),
            fields,
            link: link.into(),
        }
    }

    #[test]
    fn a_line_names_the_placement_the_format_and_the_link_sanitised() {
        let text = preview_text(&[one("https://x.test/p?a=1\u{1b}[2J")], false);
        assert!(text.starts_with("Stories and Reels 9:16"), "{text}");
        assert!(text.contains("INSTAGRAM_STORY"), "{text}");
        assert!(!text.contains('\u{1b}'), "{text:?}");
    }

    /// A format no family stands for is its own placement words: neither column cuts it, and
    /// the links of several lines start in one column.
    #[test]
    fn long_format_names_are_not_cut_and_the_links_line_up() {
        let mut long = one("https://x.test/long");
        long.ad_format = "AUDIENCE_NETWORK_OUTSTREAM_VIDEO".into();
        long.placement = long.ad_format.clone();
        let text = preview_text(&[one("https://x.test/p"), long], false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[1].matches("AUDIENCE_NETWORK_OUTSTREAM_VIDEO").count(),
            2,
            "{text}"
        );
        assert!(!text.contains('…'), "{text}");
        assert_eq!(
            lines[0].find("https://"),
            lines[1].find("https://"),
            "{text}"
        );
    }

    #[test]
    fn json_keeps_graphs_fields_and_adds_the_link() {
        let text = preview_text(&[one("https://x.test/p")], true);
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v[0]["body"], "<iframe src=\"x\"></iframe>");
        assert_eq!(v[0]["link"], "https://x.test/p");
        assert_eq!(v[0]["ad_format"], "INSTAGRAM_STORY");
        assert_eq!(v[0]["placement"], "Stories and Reels 9:16");
    }

    #[test]
    fn a_bad_placement_names_the_valid_formats() {
        let e = placement_format("STORYY").unwrap_err();
        assert!(e.contains("STORYY"), "{e}");
        assert!(
            e.contains("INSTAGRAM_STORY") && e.contains("MOBILE_FEED_STANDARD"),
            "{e}"
        );
        assert_eq!(
            placement_format("instagram_reels").unwrap(),
            "INSTAGRAM_REELS"
        );
    }
}
