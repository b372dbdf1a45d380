//! Step 6, Review and submit: every object as it will be sent, the warnings, the money, Meta's
//! dry run; then the confirmation (uppercase `Y`) and the launch's progress. The launch's
//! state is the model's (`model::launch`); this screen words and draws it.

use std::collections::HashMap;

use ratatui::text::{Line, Span};
use serde_json::Value;

use crate::launch::requests;
use crate::spec::LaunchSpec;
use crate::spec::text::{fit, sanitize};
use crate::spec::units::file_name;
use crate::tui::form::{ButtonAction, Field, FieldKind};
use crate::tui::keymap::{Action, Context};
use crate::tui::model::{Model, StepRules};
use crate::tui::msg::Effect;
use crate::tui::render::{Place, finding_lines};
use crate::tui::screen::{Look, StepScreen, form_hints};
use crate::tui::theme::Theme;
use crate::tui::wrap::wrap;

pub use crate::tui::model::launch_state::{LaunchView, Preflight, StepView};

pub fn fields(app: &Model) -> Vec<Field> {
    if app.review.launched() {
        let name = crate::tui::form::get_str(&app.draft, "ad.name").unwrap_or("");
        return vec![Field::new("#ad_name", "Ad name", FieldKind::Info).help(name)];
    }
    let mut out = vec![
        Field::new("ad.name", "Ad name", FieldKind::text())
            .help("Each ad set gets one ad with this name."),
    ];
    if !app.review.submitting() {
        out.push(
            Field::new("#submit", "", FieldKind::Button(ButtonAction::Submit)).help(
                "Enter asks to confirm; only an uppercase Y launches. ↑/↓ scroll the payloads.",
            ),
        );
    }
    out
}

/// The money line: `$50.00 USD daily, campaign budget`, `$800.00 USD lifetime over 2 ad sets`
/// (`spec::budget`, the same line as `dcw submit`'s plan), or what is missing.
pub fn budget_summary(app: &Model) -> String {
    match app.spec() {
        Some(spec) => crate::spec::budget::summary(&spec, app.currency().as_ref()),
        None => "unknown (the draft is not a spec yet)".into(),
    }
}

/// What the schedule can spend, per ad set and in all (`spec::budget::schedule_spend`), with
/// dates read in the account's time zone.
pub fn schedule_spend(app: &Model) -> Vec<String> {
    app.spec().map_or_else(Vec::new, |spec| {
        crate::spec::budget::schedule_spend(
            &spec,
            app.currency().as_ref(),
            app.time_zone(),
            app.now,
        )
    })
}

/// Every request body as it will be sent, pretty-printed, with placeholders for IDs that
/// exist only once the earlier steps have run.
pub fn payloads(spec: &LaunchSpec) -> Vec<(String, String)> {
    payloads_tagged(spec, true)
}

/// The payloads; with `tagged`, names end in ` · dcw-<tag>` as they will (the tag is made at
/// submit, so it shows as a placeholder).
pub fn payloads_tagged(spec: &LaunchSpec, tagged: bool) -> Vec<(String, String)> {
    let account = spec.account_id.clone().unwrap_or_else(|| "act_?".into());
    let mut out = Vec::new();
    let name = |o: Option<&String>| {
        let n = o.cloned().unwrap_or_default();
        if tagged && !n.is_empty() {
            format!("{n} · dcw-<tag>")
        } else {
            n
        }
    };
    // A campaign that exists (a next round) is read back and checked, never created.
    let campaign_id = match spec.existing_campaign() {
        Some(id) => {
            out.push((
                format!("GET /{id}"),
                "  (the campaign exists: read back and checked, nothing created)".into(),
            ));
            id.to_string()
        }
        None => {
            let campaign = requests::campaign_params(
                spec,
                &name(spec.campaign.as_ref().and_then(|c| c.name.as_ref())),
            );
            out.push((format!("POST /{account}/campaigns"), pretty(campaign)));
            "<campaign id>".to_string()
        }
    };
    for (i, set) in requests::ad_sets(spec).iter().enumerate() {
        let p = requests::ad_set_params(set, &campaign_id, &name(set.name.as_ref()));
        out.push((
            format!("POST /{account}/adsets  (ad set {})", i + 1),
            pretty(p),
        ));
    }
    for f in requests::image_files(spec) {
        out.push((
            format!("POST /{account}/adimages"),
            format!("  {f}  (uploaded; its hash goes in the creative)"),
        ));
    }
    for v in requests::video_entries(spec) {
        let file = v.file.clone().unwrap_or_default();
        out.push((
            format!("POST /{account}/advideos"),
            format!(
                "  {file}  (uploaded in chunks, then processed; its video_id goes in the creative)"
            ),
        ));
        if let Some(thumb) = v.thumbnail.as_ref().and_then(|t| t.file.as_ref()) {
            out.push((
                format!("POST /{account}/adimages"),
                format!(
                    "  {thumb}  (uploaded, cut to its crop if it has one, as {}'s thumbnail)",
                    file_name(&file)
                ),
            ));
        }
    }
    let creative = requests::creative_params_with_videos(
        spec,
        &name(spec.creative.as_ref().and_then(|c| c.name.as_ref())),
        &placeholder_hashes(spec),
        &placeholder_videos(spec),
    );
    out.push((format!("POST /{account}/adcreatives"), pretty(creative)));
    let ad = requests::ad_params(
        spec,
        &name(spec.ad.as_ref().and_then(|a| a.name.as_ref())),
        "<ad set id>",
        "<creative id>",
    );
    out.push((format!("POST /{account}/ads  (one per ad set)"), pretty(ad)));
    out
}

/// Each local image's hash as it will be known after the upload: `<hash of boots.jpg>`.
fn placeholder_hashes(spec: &LaunchSpec) -> HashMap<String, String> {
    requests::image_files(spec)
        .into_iter()
        .map(|f| {
            let hash = format!("<hash of {}>", file_name(&f));
            (f, hash)
        })
        .collect()
}

/// Each local video as the creative will name it after its upload: `<id of run.mp4>`, with its
/// own thumbnail's hash (`<hash of thumb.jpg>`) or Meta's generated thumbnail's address.
fn placeholder_videos(spec: &LaunchSpec) -> HashMap<String, requests::FeedVideo> {
    requests::video_entries(spec)
        .into_iter()
        .filter_map(|v| {
            let file = v.file?;
            let thumb = v.thumbnail.as_ref().and_then(|t| t.file.as_ref());
            let made = requests::FeedVideo {
                video_id: format!("<id of {}>", file_name(&file)),
                thumbnail_hash: thumb.map(|t| format!("<hash of {}>", file_name(t))),
                thumbnail_url: thumb
                    .is_none()
                    .then(|| "<Meta's generated thumbnail>".to_string()),
            };
            Some((file, made))
        })
        .collect()
}

fn pretty(m: serde_json::Map<String, Value>) -> String {
    serde_json::to_string_pretty(&Value::Object(m)).unwrap_or_default()
}

/// What the confirmation names: account, objective, money.
pub fn confirmation_lines(m: &Model) -> Vec<String> {
    let account = match m.account() {
        Some(a) => format!("{} ({})", a.name, a.id),
        None => crate::tui::form::get_str(&m.draft, "account_id")
            .unwrap_or("?")
            .to_string(),
    };
    let objective = crate::tui::form::get_str(&m.draft, "campaign.objective").unwrap_or("?");
    let target = m.ctx.destination.sent_to();
    vec![
        format!("Account    {account}"),
        format!("Objective  {objective}"),
        format!("Budget     {}", budget_summary(m)),
        format!("Sent to    {}", sanitize(&target)),
        "Status     everything is created PAUSED".to_string(),
    ]
}

/// What Review shows under its fields: the launch once there is one, else the draft's money,
/// dry run, checks and payloads.
fn review_lines(app: &Model, look: &Look, lines: &mut Vec<Line<'static>>) {
    let (theme, width) = (look.theme, look.width);
    lines.push(Line::raw(""));
    match &app.review.launch {
        Some(l) => launch_lines(l, &app.ctx.destination.label(), look, lines),
        None => {
            check_lines(app, theme, width, lines);
            payload_lines(app, theme, width, lines);
        }
    }
}

/// Each write of the launch with its state, the launch's notes and its outcome.
fn launch_lines(l: &LaunchView, to: &str, look: &Look, lines: &mut Vec<Line<'static>>) {
    let (theme, width) = (look.theme, look.width);
    lines.push(Line::styled("Launch", theme.focus()));
    for (key, name, st) in &l.steps {
        let (mark, text, style) = match st {
            StepView::Pending => ("·", "pending".to_string(), theme.dim()),
            StepView::Running(what) => ("…", (*what).to_string(), theme.warn()),
            StepView::Progress(what, percent) => ("…", format!("{what} {percent}%"), theme.warn()),
            StepView::Done(id) => ("✓", id.clone(), theme.ok()),
            StepView::Failed(e) => ("✗", e.clone(), theme.error()),
        };
        let step = key;
        let (key, name) = (key.counted(), key.shown_name(name));
        let head = format!("{mark} {key:<12} {}", fit(name, 34));
        for (i, l) in wrap(&format!("{head}  {text}"), width.saturating_sub(2))
            .into_iter()
            .enumerate()
        {
            lines.push(Line::styled(
                if i == 0 { l } else { format!("    {l}") },
                style,
            ));
        }
        // A video's upload under way: its bar, bytes, rate and time left.
        if let (StepView::Progress("uploading", _), Some(t)) = (st, l.transfer(step))
            && t.acked < t.total
        {
            let cells = width.saturating_sub(62).clamp(10, 30);
            for w in wrap(&t.line(cells), width.saturating_sub(4)) {
                lines.push(Line::styled(format!("    {w}"), style));
            }
        }
    }
    // The launch's notes quote Graph (a feature key read back): the one sanitiser first.
    for n in &l.notes {
        for w in wrap(&sanitize(n), width) {
            lines.push(Line::styled(w, theme.warn()));
        }
    }
    match &l.outcome {
        Some(Ok(id)) => {
            lines.push(Line::raw(""));
            for w in wrap(
                &format!(
                    "✓ Launched in {to}: journal {id}. Everything is PAUSED; the IDs are above."
                ),
                width,
            ) {
                lines.push(Line::styled(w, theme.ok()));
            }
            for w in wrap(NOT_REVIEW_YET, width) {
                lines.push(Line::styled(w, theme.warn()));
            }
            let next = match &look.watching {
                Some((watch, back)) => format!(
                    "{watch} watches its review (the status pane; {back} there comes back here). `dcw launches` lists this launch. q quits."
                ),
                None => {
                    "Watching review status comes next (dcw launches lists this launch). q quits."
                        .to_string()
                }
            };
            for w in wrap(&next, width) {
                lines.push(Line::raw(w));
            }
        }
        Some(Err(e)) => {
            for w in wrap(&format!("✗ {e}"), width) {
                lines.push(Line::styled(w, theme.error()));
            }
        }
        None => lines.push(Line::styled("Launching…", theme.warn())),
    }
}

/// What a passed dry run does not promise (Meta: the synchronous review "does not represent the
/// final decision made during full review").
const NOT_REVIEW: &str = "Passing the dry run does not mean passing review: each ad is reviewed after it is created and may still be rejected.";
/// The same after a launch, whose ads are in review now.
const NOT_REVIEW_YET: &str = "Passing the dry runs does not mean passing review: the ads are in review now and may still be rejected.";

/// The budget, Meta's dry run, every finding (errors first), then the honest count.
fn check_lines(app: &Model, theme: Theme, width: usize, lines: &mut Vec<Line<'static>>) {
    lines.push(Line::from(vec![
        Span::styled("Budget      ", theme.focus()),
        Span::raw(sanitize(&budget_summary(app)).into_owned()),
    ]));
    for (i, l) in schedule_spend(app).iter().enumerate() {
        let label = if i == 0 {
            "Can spend   "
        } else {
            "            "
        };
        for (j, part) in wrap(l, width.saturating_sub(12)).into_iter().enumerate() {
            let label = if j == 0 { label } else { "            " };
            lines.push(Line::from(vec![
                Span::styled(label, theme.focus()),
                Span::raw(part),
            ]));
        }
    }
    estimate_lines(app, theme, width, lines);
    let pre = match &app.review.preflight {
        Preflight::NotRun => (
            "· not run (it runs when the draft has no errors)".to_string(),
            theme.dim(),
        ),
        Preflight::Running => ("… asking Meta (validate_only)".to_string(), theme.warn()),
        Preflight::Passed(m) => (format!("✓ {m}"), theme.ok()),
        Preflight::Failed(e) => (format!("✗ {e}"), theme.error()),
    };
    for (i, l) in wrap(&pre.0, width.saturating_sub(12))
        .into_iter()
        .enumerate()
    {
        let label = if i == 0 {
            "Dry run     "
        } else {
            "            "
        };
        lines.push(Line::from(vec![
            Span::styled(label, theme.focus()),
            Span::styled(l, pre.1),
        ]));
    }
    if matches!(app.review.preflight, Preflight::Passed(_)) {
        for l in wrap(NOT_REVIEW, width.saturating_sub(12)) {
            lines.push(Line::from(vec![
                Span::raw("            "),
                Span::styled(l, theme.dim()),
            ]));
        }
    }
    let all = app.all_findings();
    let errors: Vec<_> = all.iter().filter(|f| f.is_error()).collect();
    let warnings: Vec<_> = all.iter().filter(|f| !f.is_error()).collect();
    lines.push(Line::from(vec![
        Span::styled("Checks      ", theme.focus()),
        Span::raw(crate::spec::report::summary(&all)),
    ]));
    let place = Place {
        lead: "",
        hang: "  ",
        width: width.saturating_sub(2),
    };
    for f in errors.iter().chain(warnings.iter()) {
        let step = format!("[{}] ", f.step().title());
        finding_lines(f, theme, &step, false, &place, lines);
    }
    count_lines(app, theme, width, lines);
}

/// The honest count of the combinations (`combos`) and Meta's enhancements (`features`): one
/// short block, each line sanitised where it is made, wrapped to the screen.
fn count_lines(app: &Model, theme: Theme, width: usize, lines: &mut Vec<Line<'static>>) {
    let Some(spec) = app.spec() else {
        return;
    };
    let never = super::features::never(app);
    let blocks = [
        ("Combos      ", super::combos::lines(&spec)),
        (
            "Features    ",
            vec![super::features::summary(&app.draft, &never)],
        ),
    ];
    for (label, texts) in blocks {
        let mut first = true;
        for t in texts {
            let style = if t.starts_with('!') {
                theme.warn()
            } else {
                ratatui::style::Style::default()
            };
            for part in wrap(&t, width.saturating_sub(12)) {
                let head = if first { label } else { "            " };
                first = false;
                lines.push(Line::from(vec![
                    Span::styled(head, theme.focus()),
                    Span::styled(part, style),
                ]));
            }
        }
    }
}

/// Each ad set's audience size (`model::estimate`): the template's alone, or one line per
/// audience named as its ad set will be; greyed while it is for older targeting.
fn estimate_lines(app: &Model, theme: Theme, width: usize, lines: &mut Vec<Line<'static>>) {
    let n = crate::tui::form::len(&app.draft, "audiences");
    let sets: Vec<(String, Option<String>)> = if n == 0 {
        vec![("ad_set".to_string(), None)]
    } else {
        (0..n)
            .map(|i| {
                let base = format!("audiences[{i}]");
                let name = crate::tui::form::get_str(&app.draft, &format!("{base}.name"))
                    .map_or_else(|| format!("Audience {}", i + 1), str::to_string);
                (base, Some(name))
            })
            .collect()
    };
    for (i, (base, name)) in sets.iter().enumerate() {
        let line = app.estimate_line(base);
        let text = match name {
            Some(n) => format!("{}: {}", fit(n, 30), line.text),
            None => line.text,
        };
        let style = if line.stale {
            theme.dim()
        } else {
            ratatui::style::Style::default()
        };
        for (j, part) in wrap(&text, width.saturating_sub(12))
            .into_iter()
            .enumerate()
        {
            let label = if i == 0 && j == 0 {
                "Audience    "
            } else {
                "            "
            };
            lines.push(Line::from(vec![
                Span::styled(label, theme.focus()),
                Span::styled(part, style),
            ]));
        }
    }
}

/// Every request body as it will be sent.
fn payload_lines(app: &Model, theme: Theme, width: usize, lines: &mut Vec<Line<'static>>) {
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "What will be sent (↑/↓ scroll)",
        theme.focus(),
    ));
    match app.spec() {
        Some(spec) => {
            for (title, body) in payloads_tagged(&spec, app.ctx.tag_names) {
                lines.push(Line::styled(fit(&title, width), theme.focus()));
                for l in body.lines() {
                    lines.push(Line::raw(fit(l, width)));
                }
            }
        }
        None => lines.push(Line::styled("The draft is not a spec yet.", theme.error())),
    }
}

/// Step 6's screen.
pub struct Screen;

impl StepRules for Screen {
    fn fields(&self, m: &Model) -> Vec<Field> {
        fields(m)
    }
}

impl StepScreen for Screen {
    fn intro(&self, m: &Model) -> &'static str {
        if m.review.launched() {
            "What was sent, and what Meta made of it: this draft is launched and can no longer change."
        } else {
            "Exactly what will be sent. Nothing is created before you confirm."
        }
    }

    fn after_form(&self, m: &Model, look: &Look, lines: &mut Vec<Line<'static>>) {
        review_lines(m, look, lines);
    }

    fn scroll(&self, m: &Model) -> Option<usize> {
        Some(m.review.scroll)
    }

    /// On the Submit button (or once launched), ↑/↓ scroll the payloads.
    fn on_vertical(&self, m: &mut Model, ctx: Context, dir: i32) -> Option<Vec<Effect>> {
        if ctx != Context::Other {
            return None;
        }
        // As far as the payloads go (the view keeps the last screen full).
        let max = m.spec().map_or(0, |s| {
            payloads(&s)
                .iter()
                .map(|(_, b)| b.lines().count() + 1)
                .sum::<usize>()
                + m.all_findings().len()
                + 12
        });
        m.review.scroll(dir, max);
        Some(Vec::new())
    }

    fn hint_actions(&self, m: &Model, ctx: Context) -> Vec<Action> {
        let mut v = form_hints(m, ctx);
        v.retain(|a| *a != Action::Review);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What Review shows as sent is what the launch sends: a local video becomes its upload
    /// and a `video_id` in the feed, never dcw's own `file` and `thumbnail` keys.
    #[test]
    fn review_shows_each_video_upload_and_the_feed_with_ids_not_files() {
        let spec = crate::spec::parse_spec(
            r#"{"account_id": "act_1", "creative": {"asset_feed_spec": {
                "ad_formats": ["AUTOMATIC_FORMAT"],
                "videos": [
                    {"file": "clips/run.mp4", "thumbnail": {"file": "stills/run.jpg", "crop": [[0, 0], [608, 1080]]}},
                    {"file": "clips/trail.mov"}
                ]}}}"#,
        )
        .unwrap();
        let shown = payloads(&spec);
        let uploads: Vec<&str> = shown
            .iter()
            .filter(|(head, _)| head.ends_with("/advideos") || head.ends_with("/adimages"))
            .map(|(_, body)| body.trim())
            .collect();
        assert_eq!(uploads.len(), 3, "{shown:?}");
        assert!(uploads[0].starts_with("clips/run.mp4  (uploaded in chunks"));
        assert!(uploads[1].starts_with("stills/run.jpg  (uploaded, cut to its crop"));
        assert!(uploads[2].starts_with("clips/trail.mov"));
        let (_, creative) = shown
            .iter()
            .find(|(head, _)| head.ends_with("/adcreatives"))
            .unwrap();
        let v: Value = serde_json::from_str(creative).unwrap();
        assert_eq!(
            v["asset_feed_spec"]["videos"],
            serde_json::json!([
                {"video_id": "<id of run.mp4>", "thumbnail_hash": "<hash of run.jpg>"},
                {"video_id": "<id of trail.mov>", "thumbnail_url": "<Meta's generated thumbnail>"}
            ])
        );
    }
}
