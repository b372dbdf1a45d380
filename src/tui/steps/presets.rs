//! Presets on step 4: the "Preset" choice at the top of the Audience section (the ad account's
//! presets; choosing one fills the template's targeting, pixel, Page and Instagram account as one
//! undo step, with a notice naming what changed) and the "Save as preset…" button (the router
//! asks the name in an overlay). Names and summaries come from a file: they pass the sanitiser.

use serde_json::{Value, json};

use crate::spec::text::sanitize;
use crate::store::Preset;
use crate::tui::form::{self, ButtonAction, Field, FieldKind, Opt};
use crate::tui::load::Load;
use crate::tui::model::Model;
use crate::tui::msg::Effect;

/// The Preset choice's id.
pub const FIELD: &str = "#preset";

/// The account's presets, in the file's order.
pub fn of_account(app: &Model) -> Vec<Preset> {
    let Some(account) = form::get_str(&app.draft, "account_id").filter(|a| !a.is_empty()) else {
        return Vec::new();
    };
    match &app.ctx.presets {
        Load::Ready(all) => all
            .iter()
            .filter(|p| p.account == account)
            .cloned()
            .collect(),
        _ => Vec::new(),
    }
}

/// The Preset choice, first in the Audience section.
pub fn field(app: &Model) -> Field {
    let options = match (&app.ctx.presets, app.account_digits()) {
        (_, None) => vec![Opt::new("", "Pick the ad account first", "")],
        (Load::Loading, _) => vec![Opt::new("", "Reading presets…", "")],
        (Load::Failed(e), _) => vec![Opt::new("", "Presets cannot be read", sanitize(e))],
        (Load::Ready(_), Some(_)) => {
            let mine = of_account(app);
            if mine.is_empty() {
                vec![Opt::new(
                    "",
                    "No preset for this account yet",
                    "Save as preset… below saves one",
                )]
            } else {
                mine.iter()
                    .map(|p| Opt::new(&p.name, sanitize(&p.name), sanitize(&p.summary())))
                    .collect()
            }
        }
    };
    Field::new(FIELD, "Preset", FieldKind::Choice { options }).help(
        "Enter fills the targeting (and pixel, Page, Instagram account) from a saved preset; undo puts it back.",
    )
}

/// The button that saves the template's targeting as a preset.
pub fn save_button() -> Field {
    Field::new(
        "#save_preset",
        "",
        FieldKind::Button(ButtonAction::SavePreset),
    )
    .help("Enter names this ad set's targeting, pixel, Page and Instagram account as a preset for the ad account.")
}

/// The preset the template's targeting is now, if one is.
pub fn virtual_value(app: &Model) -> Option<String> {
    let t = form::get(&app.draft, "ad_set.targeting")?;
    of_account(app)
        .into_iter()
        .find(|p| &p.targeting == t)
        .map(|p| p.name)
}

/// The template's preset as it is now, for `account`, named `name`.
pub fn current(app: &Model, name: &str) -> Option<Preset> {
    let account = form::get_str(&app.draft, "account_id")?;
    let ad_set = form::get(&app.draft, "ad_set")?;
    Some(Preset::of_ad_set(account, name, &app.draft, ad_set))
}

/// Fills the template from the preset `name` of the account. The caller's key press makes it
/// one undo step; the placements follow into the audiences.
pub fn apply(app: &mut Model, name: &str) -> Vec<Effect> {
    let Some(p) = of_account(app).into_iter().find(|p| p.name == name) else {
        return Vec::new();
    };
    if app.review.launched() {
        return app.refuse_launched();
    }
    let mut what = Vec::new();
    let mut put = |app: &mut Model, path: &str, v: Value, words: String| {
        if form::get(&app.draft, path) != Some(&v) {
            form::set(&mut app.draft, path, v);
            what.push(words);
        }
    };
    put(
        app,
        "ad_set.targeting",
        p.targeting.clone(),
        format!("targeting ({})", p.summary()),
    );
    if let Some(px) = &p.pixel_id {
        put(
            app,
            "ad_set.promoted_object.pixel_id",
            json!(px),
            format!("pixel {px}"),
        );
    }
    if let Some(page) = &p.page_id {
        put(app, "page_id", json!(page), format!("Page {page}"));
    }
    if let Some(ig) = &p.instagram_user_id {
        put(
            app,
            "instagram_user_id",
            json!(ig),
            format!("Instagram account {ig}"),
        );
    }
    let shown = sanitize(&p.name);
    if what.is_empty() {
        app.notice = Some(format!("The ad set already has preset «{shown}»."));
        return Vec::new();
    }
    let mut fx = app.changed("ad_set");
    fx.extend(super::placements::follow(app, "ad_set"));
    app.notice = Some(
        sanitize(&format!(
            "✓ Preset «{shown}» set {}; undo puts back what was there.",
            what.join(", ")
        ))
        .into_owned(),
    );
    fx
}
