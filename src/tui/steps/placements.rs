//! Where the ads of an ad set run, on step 4: Advantage+ placements (no placement key: Meta
//! chooses) or manual placements: the publisher platforms, each ticked platform's positions and
//! the devices. Only the positions Graph takes at the session's version and for the feed's format
//! are offered (`spec::positions::offered`), each named with the crop that feeds it and whether
//! the feed's images carry that crop.
//!
//! A several-audiences launch: each `audiences[i].targeting` replaces the template's whole, so
//! the placements are the template's, edited once under the template and copied into every
//! audience's targeting on each change; an audience shows them as a line.

use serde_json::{Value, json};

use crate::spec::positions::{self, PLATFORMS, Position};
use crate::spec::{CropKey, GraphEnum};
use crate::store::presets::placements_summary;
use crate::tui::form::{self, Field, FieldKind, Opt};
use crate::tui::model::Model;
use crate::tui::model::value::string_list;
use crate::tui::msg::Effect;

/// The targeting keys that say where the ads run; none of them is Advantage+ placements.
pub const KEYS: [&str; 6] = [
    "publisher_platforms",
    "facebook_positions",
    "instagram_positions",
    "audience_network_positions",
    "messenger_positions",
    "device_platforms",
];

const ADVANTAGE: &str = "advantage";
const MANUAL: &str = "manual";

/// The Graph version (major) the session calls: positions removed from it are not offered.
pub fn graph_major(app: &Model) -> u32 {
    let v = match &app.ctx.destination {
        crate::graph::Destination::Meta { version }
        | crate::graph::Destination::Other { version, .. } => version.as_str(),
        _ => app.ctx.api_version.as_str(),
    };
    let major = |v: &str| v.trim_start_matches('v').split('.').next()?.parse().ok();
    major(v)
        .or_else(|| major(crate::graph::DEFAULT_API_VERSION))
        .unwrap_or(27)
}

/// Whether the feed shows images and whether it shows video (`ad_formats` and its assets).
pub fn formats(app: &Model) -> (bool, bool) {
    let feed = "creative.asset_feed_spec";
    let f = string_list(app, &format!("{feed}.ad_formats"));
    let has = |names: &[&str]| f.iter().any(|x| names.contains(&x.as_str()));
    let images =
        has(&["SINGLE_IMAGE", "CAROUSEL"]) || form::len(&app.draft, &format!("{feed}.images")) > 0;
    let videos = has(&["SINGLE_VIDEO", "AUTOMATIC_FORMAT"])
        || form::len(&app.draft, &format!("{feed}.videos")) > 0;
    (images, videos)
}

/// The crop's shape: `9:16`.
fn shape(k: CropKey) -> &'static str {
    match k {
        CropKey::Square100x100 => "1:1",
        CropKey::Landscape100x72 => "1.39:1",
        CropKey::Banner400x150 => "2.67:1",
        CropKey::Portrait400x500 => "4:5",
        CropKey::Landscape600x360 => "1.67:1",
        CropKey::Vertical90x160 => "9:16",
    }
}

/// `Instagram Stories · 9:16 crop (90x160)`.
pub fn position_label(p: &Position) -> String {
    match p.crop {
        Some(k) => format!("{} · {} crop ({})", p.label, shape(k), k.as_str()),
        None => format!("{} · video only", p.label),
    }
}

/// How many of the feed's images carry the crop `key`, and how many images there are.
fn crop_count(app: &Model, key: CropKey) -> (usize, usize) {
    let n = form::len(&app.draft, "creative.asset_feed_spec.images");
    let have = (0..n)
        .filter(|i| {
            form::get(
                &app.draft,
                &format!("creative.asset_feed_spec.images[{i}].image_crops"),
            )
            .and_then(Value::as_object)
            .is_some_and(|c| c.contains_key(key.as_str()))
        })
        .count();
    (have, n)
}

/// Whether the feed's images carry the crop `key`: `no 90x160 crop on 2 of 3 images: Meta
/// crops them`.
pub fn crop_note(app: &Model, key: CropKey) -> String {
    let (have, n) = crop_count(app, key);
    let k = key.as_str();
    match (n, n - have) {
        (0, _) => String::new(),
        (_, 0) => format!("every image has a {k} crop"),
        (1, _) => format!("the image has no {k} crop: Meta crops it"),
        (n, m) => format!("no {k} crop on {m} of {n} images: Meta crops them"),
    }
}

/// The crops a platform's positions take and how many images carry each, for the help line
/// (it wraps, where an option's note is cut at 80 columns).
fn crops_help(app: &Model, offered: &[&Position]) -> String {
    let mut keys: Vec<CropKey> = Vec::new();
    for k in offered.iter().filter_map(|p| p.crop) {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    let counts: Vec<String> = keys
        .iter()
        .map(|k| {
            let (have, n) = crop_count(app, *k);
            format!("{} on {have} of {n}", k.as_str())
        })
        .collect();
    if counts.is_empty() || form::len(&app.draft, "creative.asset_feed_spec.images") == 0 {
        return "A Dynamic Creative image shows one crop everywhere.".into();
    }
    format!(
        "Crops on the images: {}; Meta crops an image without one itself.",
        counts.join(", ")
    )
}

/// Manual placements: any placement key is there (a spec may list positions alone).
fn is_manual(app: &Model, base: &str) -> bool {
    KEYS.iter()
        .any(|k| form::get(&app.draft, &format!("{base}.targeting.{k}")).is_some())
}

/// The platforms that have positions to offer.
fn platforms() -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    PLATFORMS
        .iter()
        .filter(|(p, _)| positions::list_of(p).is_some())
}

/// The placements of the ad set at `base`: editable on the template (`ad_set`), one line on an
/// audience (they are the template's).
pub fn fields(app: &Model, base: &str, out: &mut Vec<Field>) {
    if base != "ad_set" {
        out.push(audience_line(app, base));
        return;
    }
    let t = format!("{base}.targeting");
    out.push(
        Field::new(
            format!("#{base}.placements"),
            "Where ads run",
            FieldKind::Choice {
                options: vec![
                    Opt::new(
                        ADVANTAGE,
                        "Advantage+ placements",
                        "Meta chooses where the ads run",
                    ),
                    Opt::new(
                        MANUAL,
                        "Manual placements",
                        "you choose platforms, positions and devices",
                    ),
                ],
            },
        )
        .help("Advantage+ sends no placement; Manual lists the platforms and their positions.")
        .section("Placements"),
    );
    if !is_manual(app, base) {
        return;
    }
    let (images, videos) = formats(app);
    let version = graph_major(app);
    out.push(
        Field::new(
            format!("{t}.publisher_platforms"),
            "Platforms",
            FieldKind::Multi {
                options: platforms()
                    .map(|(p, name)| {
                        let n = positions::offered(version, images, videos)
                            .filter(|x| x.platform == *p)
                            .count();
                        Opt::new(*p, *name, format!("{n} positions"))
                    })
                    .collect(),
                max: None,
            },
        )
        .help("Space ticks; none ticked goes back to Advantage+ placements."),
    );
    let ticked = string_list(app, &format!("{t}.publisher_platforms"));
    for (p, name) in platforms().filter(|(p, _)| ticked.iter().any(|x| x == p)) {
        out.push(positions_field(app, &t, p, name, (version, images, videos)));
    }
    out.push(
        Field::new(
            format!("#{base}.devices"),
            "Devices",
            FieldKind::Choice {
                options: vec![
                    Opt::new("both", "Mobile and desktop", "no device_platforms sent"),
                    Opt::new("mobile", "Mobile only", ""),
                    Opt::new("desktop", "Desktop only", ""),
                ],
            },
        )
        .help("device_platforms; both is Graph's default and sends nothing.")
        .heads(format!("{t}.device_platforms")),
    );
}

/// One platform's positions: those offered, plus any the draft holds that are not (a spec from
/// an older version), so they can be unticked.
fn positions_field(
    app: &Model,
    t: &str,
    platform: &str,
    name: &str,
    (version, images, videos): (u32, bool, bool),
) -> Field {
    let list = positions::list_of(platform).unwrap_or_default();
    let path = format!("{t}.{list}");
    let offered: Vec<&Position> = positions::offered(version, images, videos)
        .filter(|p| p.platform == platform)
        .collect();
    let mut options: Vec<Opt> = offered
        .iter()
        .map(|p| {
            let note = p.crop.map(|k| crop_note(app, k)).unwrap_or_default();
            Opt::new(p.key, position_label(p), note)
        })
        .collect();
    for key in string_list(app, &path) {
        if !options.iter().any(|o| o.value == key) {
            let label = positions::find(list, &key).map_or_else(|| key.clone(), position_label);
            options.push(Opt::new(
                key,
                label,
                format!("not offered on v{version}.0 or for this format: untick it"),
            ));
        }
    }
    Field::new(
        &path,
        // Indented under Platforms: the platform's own positions.
        format!("  {name}"),
        FieldKind::Multi { options, max: None },
    )
    .help(format!(
        "{list}; none ticked runs on every {name} position. {}",
        crops_help(app, &offered)
    ))
    .when_empty("Every position")
}

/// An audience's placements: the template's, as a line.
fn audience_line(app: &Model, base: &str) -> Field {
    let mine = placement_keys(app, &format!("{base}.targeting"));
    let template = placement_keys(app, "ad_set.targeting");
    let summary = placements_summary(&Value::Object(template.clone()));
    let text = if mine == template {
        format!("Placements: the template's ({summary}).")
    } else {
        format!(
            "Placements differ from the template's ({summary}); a change to the template's placements applies here too."
        )
    };
    Field::new(format!("#{base}.placements"), "", FieldKind::Info).help(text)
}

fn placement_keys(app: &Model, t: &str) -> serde_json::Map<String, Value> {
    KEYS.iter()
        .filter_map(|k| {
            form::get(&app.draft, &format!("{t}.{k}")).map(|v| ((*k).to_string(), v.clone()))
        })
        .collect()
}

/// What a `#` placements field shows as chosen.
pub fn virtual_value(app: &Model, id: &str) -> Option<String> {
    let id = id.strip_prefix('#')?;
    if let Some(base) = id.strip_suffix(".placements") {
        let v = if is_manual(app, base) {
            MANUAL
        } else {
            ADVANTAGE
        };
        return Some(v.into());
    }
    let base = id.strip_suffix(".devices")?;
    let devices = string_list(app, &format!("{base}.targeting.device_platforms"));
    Some(match devices.as_slice() {
        [d] if d == "mobile" || d == "desktop" => d.clone(),
        _ => "both".into(),
    })
}

/// Choosing in a `#` placements field; `None` when `id` is not one.
pub fn choose_virtual(app: &mut Model, id: &str, value: &str) -> Option<Vec<Effect>> {
    let id = id.strip_prefix('#')?;
    if let Some(base) = id.strip_suffix(".placements") {
        return Some(choose_mode(app, base, value == MANUAL));
    }
    let base = id.strip_suffix(".devices")?;
    let path = format!("{base}.targeting.device_platforms");
    let v = match value {
        "mobile" | "desktop" => json!([value]),
        _ => Value::Null,
    };
    if form::get(&app.draft, &path) == (!v.is_null()).then_some(&v) {
        return Some(Vec::new());
    }
    let mut fx = app.set_value(&path, v);
    fx.extend(follow(app, base));
    Some(fx)
}

/// Advantage+ (every placement key removed) or manual (every platform ticked to start).
fn choose_mode(app: &mut Model, base: &str, manual: bool) -> Vec<Effect> {
    if manual == is_manual(app, base) {
        return Vec::new();
    }
    let t = format!("{base}.targeting");
    let mut fx = if manual {
        let all: Vec<&str> = platforms().map(|(p, _)| *p).collect();
        app.notice = Some(
            "Manual placements: every platform ticked, each on every position; tick positions to narrow."
                .into(),
        );
        app.set_value(&format!("{t}.publisher_platforms"), json!(all))
    } else {
        for k in KEYS {
            form::remove(&mut app.draft, &format!("{t}.{k}"));
        }
        app.notice = Some(
            "Advantage+ placements: Meta chooses; the platforms, positions and devices were cleared."
                .into(),
        );
        app.changed(&t)
    };
    fx.extend(follow(app, base));
    fx
}

/// After a placement changed at `base`: positions of unticked platforms go, no platform left is
/// Advantage+ placements (every key goes), and the template's placements are copied into every
/// audience.
pub fn follow(app: &mut Model, base: &str) -> Vec<Effect> {
    let t = format!("{base}.targeting");
    let ticked = string_list(app, &format!("{t}.publisher_platforms"));
    let mut touched = false;
    for (p, _) in PLATFORMS {
        let Some(list) = positions::list_of(p) else {
            continue;
        };
        let path = format!("{t}.{list}");
        let keep = ticked.iter().any(|x| x == p) && form::len(&app.draft, &path) > 0;
        if !keep && form::get(&app.draft, &path).is_some() {
            form::remove(&mut app.draft, &path);
            touched = true;
        }
    }
    if ticked.is_empty() && form::get(&app.draft, &format!("{t}.device_platforms")).is_some() {
        form::remove(&mut app.draft, &format!("{t}.device_platforms"));
        touched = true;
    }
    if base == "ad_set" {
        touched |= copy_to_audiences(app);
    }
    if touched { app.changed(&t) } else { Vec::new() }
}

/// The template's placements into every audience's targeting; whether any changed.
fn copy_to_audiences(app: &mut Model) -> bool {
    let template = placement_keys(app, "ad_set.targeting");
    let mut changed = false;
    for i in 0..form::len(&app.draft, "audiences") {
        let t = format!("audiences[{i}].targeting");
        if placement_keys(app, &t) == template {
            continue;
        }
        changed = true;
        for k in KEYS {
            let path = format!("{t}.{k}");
            match template.get(k) {
                Some(v) => {
                    form::set(&mut app.draft, &path, v.clone());
                }
                None => {
                    form::remove(&mut app.draft, &path);
                }
            }
        }
    }
    changed
}

/// Whether a choice in field `id` is a template's placement (platforms or positions).
pub fn is_placement_path(id: &str) -> Option<&str> {
    let (t, key) = id.rsplit_once('.')?;
    let base = t.strip_suffix(".targeting")?;
    KEYS.contains(&key).then_some(base)
}
