//! Step 5, Assets: the asset feed. Images (by path, with size and a crop), videos (`videos`),
//! titles, bodies, descriptions, links, call-to-action types and the ad format, each with its
//! limits; then Meta's enhancements, feature by feature (`features`).

use crate::spec::tables::{self, *};
use crate::spec::{CallToActionType, GraphEnum, ImageFacts, ImageFormat};
use crate::tui::form::{self, ButtonAction, Field, FieldKind, Opt};
use crate::tui::keymap::{Action, Context};
use crate::tui::model::{Model, StepRules};
use crate::tui::msg::Effect;
use crate::tui::screen::{StepScreen, form_hints};

pub const FEED: &str = "creative.asset_feed_spec";

/// `Images 2/10 · Titles 3/5 · …`: every count against its limit, always on screen; one over
/// its limit says so with the rule (`✗ Images 11/10 (at most 10)`).
pub fn counts(app: &Model) -> String {
    let feed = form::get(&app.draft, FEED).cloned().unwrap_or_default();
    let counts = crate::launch::requests::asset_counts(&feed);
    let n = |k: &str| counts.iter().find(|(x, _)| *x == k).map_or(0, |(_, c)| *c);
    let total: usize = counts
        .iter()
        .filter(|(k, _)| *k != "call_to_action_types")
        .map(|(_, c)| c)
        .sum();
    let mut rows = vec![
        ("Images", n("images"), MAX_IMAGES),
        ("Titles", n("titles"), MAX_TEXTS),
        ("Bodies", n("bodies"), MAX_TEXTS),
        ("Descriptions", n("descriptions"), MAX_TEXTS),
        ("Links", n("link_urls"), MAX_LINK_URLS),
        ("CTAs", n("call_to_action_types"), MAX_CTA_TYPES),
        ("All", total, MAX_ASSETS),
    ];
    // Videos are counted once the feed has one (an image feed's line stays as it was).
    if n("videos") > 0 {
        rows.insert(1, ("Videos", n("videos"), MAX_VIDEOS));
    }
    rows.iter()
        .map(|(what, n, max)| {
            if n > max {
                format!("✗ {what} {n}/{max} (at most {max})")
            } else {
                format!("{what} {n}/{max}")
            }
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

fn describe_image(app: &Model, file: &str) -> String {
    match app.ctx.images.get(file) {
        Some(ImageFacts::Read {
            format,
            width,
            height,
            bytes,
            complete,
        }) => {
            let f = match format {
                ImageFormat::Jpeg => "JPEG".to_string(),
                ImageFormat::Png => "PNG".to_string(),
                ImageFormat::Gif => "GIF".to_string(),
                ImageFormat::Other(o) => o.clone(),
            };
            let cut = if *complete {
                ""
            } else {
                ", cut off: truncated?"
            };
            format!("{width}×{height} {f}, {} KB{cut}", bytes / 1024)
        }
        Some(ImageFacts::Missing) => "no such file".into(),
        Some(ImageFacts::Unreadable(why)) => why.clone(),
        None if file.is_empty() => "type a path; Tab completes".into(),
        None => "reading…".into(),
    }
}

#[allow(clippy::too_many_arguments)]
fn texts(
    app: &Model,
    out: &mut Vec<Field>,
    key: &str,
    label: &str,
    section: &str,
    multiline: bool,
    limit: (usize, usize),
    help: &str,
) {
    let n = form::len(&app.draft, &format!("{FEED}.{key}"));
    for i in 0..n {
        let mut f = Field::new(
            format!("{FEED}.{key}[{i}].text"),
            format!("{label} {}", i + 1),
            FieldKind::Text {
                multiline,
                limit: Some(limit),
                path_completion: false,
            },
        )
        .help(help);
        if i == 0 {
            f.section = Some(section.into());
        }
        out.push(f);
    }
    let mut add = Field::new(
        format!("#add_{key}"),
        "",
        FieldKind::Button(ButtonAction::AddItem(format!("{FEED}.{key}"))),
    );
    if n == 0 {
        add.section = Some(section.into());
    }
    out.push(add.help(format!("Up to {MAX_TEXTS}; Ctrl+D on one removes it.")));
}

pub fn fields(app: &Model) -> Vec<Field> {
    let mut out = vec![
        Field::new("creative.name", "Creative name", FieldKind::text())
            .help("How the creative is named in Ads Manager."),
    ];
    image_fields(app, &mut out);
    super::videos::fields(app, &mut out);
    text_fields(app, &mut out);
    link_fields(app, &mut out);
    cta_fields(app, &mut out);
    super::features::fields(app, &mut out);
    out
}

/// Each image (its file, size and crop) and the button adding one.
fn image_fields(app: &Model, out: &mut Vec<Field>) {
    let images = form::len(&app.draft, &format!("{FEED}.images"));
    for i in 0..images {
        let base = format!("{FEED}.images[{i}]");
        let file = form::get_str(&app.draft, &format!("{base}.file")).map(str::to_string);
        let mut f = match &file {
            Some(file) => Field::new(
                format!("{base}.file"),
                format!("Image {}", i + 1),
                FieldKind::Text {
                    multiline: false,
                    limit: None,
                    path_completion: true,
                },
            )
            .help(format!(
                "{} · Tab completes the path; Ctrl+D removes the image.",
                describe_image(app, file)
            )),
            None => Field::new(
                format!("{base}.hash"),
                format!("Image {}", i + 1),
                FieldKind::text(),
            )
            .help("An image already in the account, by hash."),
        };
        if i == 0 {
            f.section = Some("Images".into());
        }
        // A repeated image, or one with both a file and a hash, shows under its first line.
        out.push(f.heads(base.clone()));
        if let Some(file) = &file {
            out.push(
                Field::new(format!("#size{i}"), "  File", FieldKind::Info)
                    .help(describe_image(app, file)),
            );
        }
        let size = file.as_deref().and_then(|f| app.image_size(f));
        let suggestion = size.map_or(String::new(), |(w, h)| {
            let b = crate::spec::CropKey::Square100x100.largest_centred(w, h);
            format!(
                " For a square crop type 100x100 (gives {},{},{},{}).",
                b[0][0], b[0][1], b[1][0], b[1][1]
            )
        });
        out.push(
            Field::new(format!("{base}.image_crops"), "  Crop", FieldKind::Crop { size })
                .help(format!("KEY left,top,right,bottom in pixels, or KEY alone for the largest centred box; keys 100x100 100x72 400x150 400x500 600x360 90x160.{suggestion}")),
        );
    }
    let mut add = Field::new(
        "#add_images",
        "",
        FieldKind::Button(ButtonAction::AddItem(format!("{FEED}.images"))),
    )
    .help(format!(
        "Up to {MAX_IMAGES} images (JPEG or PNG, at least 600 px wide is best)."
    ));
    if images == 0 {
        add.section = Some("Images".into());
    }
    out.push(add);
}

/// Titles, bodies and descriptions, each with its limits.
fn text_fields(app: &Model, out: &mut Vec<Field>) {
    texts(
        app,
        out,
        "titles",
        "Title",
        "Titles",
        false,
        (TITLE_MAX, TITLE_SHOWN),
        "Headline; Meta shows about 40 characters.",
    );
    texts(
        app,
        out,
        "bodies",
        "Body",
        "Bodies",
        true,
        (BODY_MAX, BODY_SHOWN),
        "Primary text; Enter starts a new line, Tab leaves. About 125 characters show before «See more».",
    );
    texts(
        app,
        out,
        "descriptions",
        "Description",
        "Descriptions",
        false,
        (DESCRIPTION_MAX, DESCRIPTION_SHOWN),
        "Shown under the headline in some placements; about 30 characters.",
    );
}

/// Each link and the button adding one.
fn link_fields(app: &Model, out: &mut Vec<Field>) {
    let links = form::len(&app.draft, &format!("{FEED}.link_urls"));
    for i in 0..links {
        let mut f = Field::new(
            format!("{FEED}.link_urls[{i}].website_url"),
            format!("Link {}", i + 1),
            FieldKind::text(),
        )
        .help("Where a click goes: https://…");
        if i == 0 {
            f.section = Some("Links".into());
        }
        out.push(f);
    }
    let mut add = Field::new(
        "#add_link_urls",
        "",
        FieldKind::Button(ButtonAction::AddItem(format!("{FEED}.link_urls"))),
    )
    .help(format!("Up to {MAX_LINK_URLS} links."));
    if links == 0 {
        add.section = Some("Links".into());
    }
    out.push(add);
}

/// The call-to-action types (the objective's first) and the ad format.
fn cta_fields(app: &Model, out: &mut Vec<Field>) {
    let suggested: Vec<CallToActionType> = app
        .objective()
        .map(|o| tables::dynamic_creative_ctas(o).to_vec())
        .unwrap_or_default();
    let mut ctas: Vec<Opt> = suggested
        .iter()
        .map(|c| Opt::new(c.as_str(), c.as_str(), "works with this objective"))
        .collect();
    ctas.extend(
        CallToActionType::ALL
            .iter()
            .filter(|c| !suggested.contains(c))
            .map(|c| Opt::plain(c.as_str())),
    );
    out.push(
        Field::new(
            format!("{FEED}.call_to_action_types"),
            "Call to action",
            FieldKind::Multi {
                options: ctas,
                max: Some(MAX_CTA_TYPES),
            },
        )
        .help("Space ticks, / filters; the ones that work with the objective come first.")
        .section("Call to action and format"),
    );
    out.push(
        Field::new(
            format!("{FEED}.ad_formats"),
            "Ad format",
            FieldKind::Multi {
                options: super::videos::format_options(app),
                max: Some(1),
            },
        )
        .help(super::videos::format_help(app)),
    );
}

/// Step 5's screen.
pub struct Screen;

impl StepRules for Screen {
    fn fields(&self, m: &Model) -> Vec<Field> {
        fields(m)
    }

    fn virtual_value(&self, m: &Model, id: &str) -> Option<String> {
        super::features::virtual_value(m, id).or_else(|| super::videos::virtual_value(m, id))
    }

    fn choose_virtual(&self, m: &mut Model, id: &str, value: &str) -> Vec<Effect> {
        if let Some(fx) = super::features::choose_virtual(m, id, value) {
            return fx;
        }
        super::videos::choose_virtual(m, id, value).unwrap_or_default()
    }
}

impl StepScreen for Screen {
    fn intro(&self, _m: &Model) -> &'static str {
        "Dynamic Creative mixes these assets into the combinations that work best."
    }

    fn head_lines(&self, m: &Model) -> Vec<String> {
        vec![counts(m)]
    }

    /// On a feature of Meta's enhancements, the key opting out of every one follows Enter.
    fn hint_actions(&self, m: &Model, ctx: Context) -> Vec<Action> {
        let mut v = form_hints(m, ctx);
        if super::features::on_feature(m) {
            let at = v
                .iter()
                .position(|a| *a == Action::Choose)
                .map_or(0, |i| i + 1);
            v.insert(at, Action::OptOutFeatures);
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::tui::model::{Ctx, empty_draft};

    #[test]
    fn a_count_over_its_limit_shows_a_cross_and_the_rule() {
        let mut draft = empty_draft();
        let images: Vec<_> = (0..11)
            .map(|i| json!({"file": format!("/i{i}.jpg")}))
            .collect();
        draft["creative"]["asset_feed_spec"]["images"] = json!(images);
        let m = Model::new(
            draft,
            "d".into(),
            Ctx::new(true, "v"),
            crate::tui::steps::rules,
        );
        let line = counts(&m);
        assert!(
            line.starts_with("✗ Images 11/10 (at most 10) · Titles 0/5"),
            "{line}"
        );
        assert_eq!(line.matches('✗').count(), 1, "{line}");
    }

    #[test]
    fn the_add_button_of_a_list_owns_the_findings_about_the_whole_list() {
        let m = Model::new(
            empty_draft(),
            "d".into(),
            Ctx::new(true, "v"),
            crate::tui::steps::rules,
        );
        let fields = fields(&m);
        let links = fields.iter().find(|f| f.id == "#add_link_urls").unwrap();
        assert!(links.owns(&format!("{FEED}.link_urls")));
        assert!(!links.owns(&format!("{FEED}.link_urls[0].website_url")));
        assert!(
            !fields
                .iter()
                .any(|f| f.id != "#add_link_urls" && f.owns(&format!("{FEED}.link_urls")))
        );
    }

    #[test]
    fn an_image_file_field_owns_the_findings_about_its_whole_image() {
        let mut draft = empty_draft();
        draft["creative"]["asset_feed_spec"]["images"] =
            json!([{"file": "/a.jpg"}, {"file": "/a.jpg"}]);
        let m = Model::new(
            draft,
            "d".into(),
            Ctx::new(true, "v"),
            crate::tui::steps::rules,
        );
        let owners: Vec<String> = fields(&m)
            .into_iter()
            .filter(|f| f.owns(&format!("{FEED}.images[1]")))
            .map(|f| f.id)
            .collect();
        assert_eq!(owners, vec![format!("{FEED}.images[1].file")]);
    }
}
