//! Editing the focused field of the model: turning typed text into spec values, choosing from
//! lists, countries, adding and removing items, path completion. Generic: no step is named here.

use serde_json::{Value, json};

use super::form::{self, ButtonAction, FieldKind, Opt};
use super::model::Model;
use super::model::money::is_time_path;
use super::model::value::{parse_crop, string_list};
use super::msg::Effect;
use crate::spec::Money;
use crate::spec::zone::read_typed;

/// Stores what the focused editor holds. Text that cannot be stored is kept (with why) and
/// shown in the field; the draft keeps its last good value.
pub fn commit(app: &mut Model) -> Vec<Effect> {
    let Some((id, input)) = app.edit.clone() else {
        return Vec::new();
    };
    let Some(field) = app.focused_field().filter(|f| f.id == id) else {
        return Vec::new();
    };
    let text = input.text().to_string();
    let parsed: Result<Value, String> = match &field.kind {
        // No thumbnail file: Meta's generated thumbnail (the key is left out).
        FieldKind::Text {
            path_completion: true,
            ..
        } if text.is_empty() && id.ends_with(".thumbnail.file") => Ok(Value::Null),
        FieldKind::Text {
            path_completion: true,
            ..
        } => Ok(Value::String(absolute_path(app, &text))),
        FieldKind::Text { .. } if is_time_path(&id) && !text.trim().is_empty() => {
            read_typed(&text, app.time_zone()).map(Value::String)
        }
        FieldKind::Text { .. } => Ok(
            if text.is_empty()
                && !id.ends_with(".text")
                && !id.ends_with("website_url")
                && !id.ends_with(".file")
            {
                Value::Null
            } else {
                Value::String(text.clone())
            },
        ),
        FieldKind::Int => {
            if text.trim().is_empty() {
                Ok(Value::Null)
            } else {
                text.trim()
                    .parse::<i64>()
                    .map(|n| json!(n))
                    .map_err(|_| format!("{text:?} is not a whole number"))
            }
        }
        FieldKind::Money => {
            if text.trim().is_empty() {
                Ok(Value::Null)
            } else {
                match app.currency() {
                    Some(c) => Money::parse_major(&text, &c).map(|m| json!(m)),
                    None => text
                        .trim()
                        .parse::<i64>()
                        .map(|m| json!(m))
                        .map_err(|_| "pick the ad account first (its currency decides the amount), or type minor units".to_string()),
                }
            }
        }
        FieldKind::Crop { size } => match parse_crop(&text, *size) {
            Ok(Some(v)) => Ok(v),
            Ok(None) => Ok(Value::Null),
            Err(e) => Err(e),
        },
        // Countries are picked (Enter, Space after ↑↓); the text is only the search.
        _ => return Vec::new(),
    };
    match parsed {
        Ok(v) => {
            app.raw.remove(&id);
            // A thumbnail without its file goes whole (its crop cut nothing).
            let target = match id.strip_suffix(".file") {
                Some(thumbnail) if v.is_null() && thumbnail.ends_with(".thumbnail") => thumbnail,
                _ => &id,
            };
            let mut fx = app.set_value(target, v);
            if id.ends_with(".file") {
                // Images as typed (their header is small); a video once its field is left.
                let images = app.image_reads().into_iter();
                fx.extend(images.filter(|e| !matches!(e, Effect::ReadVideo(_))));
            }
            fx
        }
        Err(why) => {
            app.raw.insert(id, (text, why));
            Vec::new()
        }
    }
}

/// An image path as stored: absolute (a draft is read from elsewhere), `~/` expanded.
pub fn absolute_path(app: &Model, text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let p = expand_home(text);
    if p.is_absolute() {
        p.display().to_string()
    } else {
        app.ctx.cwd.join(p).display().to_string()
    }
}

fn expand_home(p: &str) -> std::path::PathBuf {
    match (p.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::PathBuf::from(home).join(rest),
        _ => std::path::PathBuf::from(p),
    }
}

/// Backspace in an empty field: in countries, removes the last country.
pub fn backspace_on_empty(app: &mut Model) -> Vec<Effect> {
    let Some(field) = app.focused_field() else {
        return Vec::new();
    };
    if matches!(field.kind, FieldKind::Search(_)) {
        return app.remove_last_chip();
    }
    if field.kind == FieldKind::Countries {
        let mut list = string_list(app, &field.id);
        if list.pop().is_some() {
            return app.set_value(&field.id, json!(list));
        }
    }
    Vec::new()
}

/// Enter in a type-ahead (countries): adds the highlighted suggestion (or each code of a pasted
/// list) and stays to add another; with nothing typed, moves on.
pub fn picker_enter(app: &mut Model) -> Vec<Effect> {
    let empty = app
        .edit
        .as_ref()
        .is_none_or(|(_, i)| i.text().trim().is_empty());
    if empty {
        return app.next_field(true);
    }
    app.pick(true)
}

/// The focused list's options after the filter.
pub fn visible_options(app: &Model) -> Vec<Opt> {
    let options = match app.focused_field().map(|f| f.kind) {
        Some(FieldKind::Choice { options })
        | Some(FieldKind::Multi { options, .. })
        | Some(FieldKind::Refs { options }) => options,
        _ => return Vec::new(),
    };
    match &app.list.filter {
        Some(f) if !f.text().is_empty() => {
            let f = f.text().to_lowercase();
            options
                .into_iter()
                .filter(|o| {
                    o.label.to_lowercase().contains(&f)
                        || o.value.to_lowercase().contains(&f)
                        || o.note.to_lowercase().contains(&f)
                })
                .collect()
        }
        _ => options,
    }
}

/// Choose the highlighted option: set it (single choice) or tick/untick it (multi). Enter
/// calls it only on a single choice; only Space ticks.
pub fn choose(app: &mut Model, close_filter: bool) -> Vec<Effect> {
    let Some(field) = app.focused_field() else {
        return Vec::new();
    };
    let opts = visible_options(app);
    let Some(opt) = opts.get(app.list.cursor).cloned() else {
        return Vec::new();
    };
    if close_filter {
        app.list.filter = None;
    }
    match &field.kind {
        FieldKind::Choice { options } => {
            app.list.cursor = options
                .iter()
                .position(|o| o.value == opt.value)
                .unwrap_or(0);
            if field.id.starts_with('#') {
                return app.step_rules().choose_virtual(app, &field.id, &opt.value);
            }
            let value = if opt.value.is_empty() {
                Value::Null
            } else {
                json!(opt.value)
            };
            let mut fx = app.set_value(&field.id, value);
            fx.extend(app.step_rules().after_choice(app, &field.id));
            fx
        }
        FieldKind::Multi { max, .. } => {
            let mut list = string_list(app, &field.id);
            if let Some(i) = list.iter().position(|v| *v == opt.value) {
                list.remove(i);
            } else if *max == Some(1) {
                // One of: ticking another replaces it.
                list = vec![opt.value.clone()];
            } else {
                if let Some(m) = max
                    && list.len() >= *m
                {
                    app.notice = Some(format!("✗ at most {m} here"));
                    return Vec::new();
                }
                list.push(opt.value.clone());
            }
            // No placements (or location types) ticked: the key is left out (Advantage+
            // placements; Meta's default location types).
            let value = if list.is_empty()
                && (field.id.ends_with("publisher_platforms")
                    || field.id.ends_with("location_types"))
            {
                Value::Null
            } else {
                json!(list)
            };
            let mut fx = app.set_value(&field.id, value);
            fx.extend(app.step_rules().after_choice(app, &field.id));
            fx
        }
        FieldKind::Refs { .. } => tick_ref(app, &field.id, &opt),
        FieldKind::Toggle { .. } => flip(app),
        _ => Vec::new(),
    }
}

/// Ticks or unticks a custom audience: `[{id, name}]` as Graph takes it (the key is left out
/// when none is ticked).
fn tick_ref(app: &mut Model, path: &str, opt: &Opt) -> Vec<Effect> {
    if opt.value.is_empty() {
        // "Loading…", "Pick the ad account first": nothing to tick.
        return Vec::new();
    }
    let mut list = form::get(&app.draft, path)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let same = |v: &Value| match v.get("id") {
        Some(Value::String(s)) => *s == opt.value,
        Some(other) => form::as_text(Some(other)) == opt.value,
        None => false,
    };
    match list.iter().position(same) {
        Some(i) => {
            list.remove(i);
        }
        None => list.push(json!({"id": opt.value, "name": opt.label})),
    }
    if list.is_empty() {
        return app.set_value(path, Value::Null);
    }
    app.set_value(path, Value::Array(list))
}

/// A setting of a few states moves on to the next one (the last back to the first); the step
/// stores it.
pub fn cycle(app: &mut Model) -> Vec<Effect> {
    let Some(field) = app.focused_field() else {
        return Vec::new();
    };
    let FieldKind::Cycle { options } = &field.kind else {
        return Vec::new();
    };
    if options.is_empty() {
        return Vec::new();
    }
    let now = app.step_rules().virtual_value(app, &field.id);
    let at = options
        .iter()
        .position(|o| Some(&o.value) == now.as_ref())
        .map_or(0, |i| (i + 1) % options.len());
    let value = options[at].value.clone();
    app.step_rules().choose_virtual(app, &field.id, &value)
}

pub fn flip(app: &mut Model) -> Vec<Effect> {
    let Some(field) = app.focused_field() else {
        return Vec::new();
    };
    if let FieldKind::Toggle { on, off } = &field.kind {
        let is_on = form::get(&app.draft, &field.id) == Some(on);
        let v = if is_on { off.clone() } else { on.clone() };
        return app.set_value(&field.id, v);
    }
    Vec::new()
}

/// The item a field belongs to (`creative.asset_feed_spec.titles[2]`), if it is in a list.
pub fn item_path(id: &str) -> Option<&str> {
    let end = id.rfind(']')?;
    Some(&id[..=end])
}

/// Ctrl+D: remove the focused item (a title, an image, an audience).
pub fn remove_item(app: &mut Model) -> Vec<Effect> {
    let Some(field) = app.focused_field() else {
        return Vec::new();
    };
    let target = match &field.kind {
        FieldKind::Button(ButtonAction::RemoveAudience(i))
        | FieldKind::Button(ButtonAction::DuplicateAudience(i)) => format!("audiences[{i}]"),
        _ => match item_path(&field.id) {
            Some(item) => item.to_string(),
            None => {
                app.notice = Some("Nothing to remove here: Ctrl+D removes a title, body, image, video, link or audience.".into());
                return Vec::new();
            }
        },
    };
    let what = item_name(&target);
    if app.pending_remove.as_deref() != Some(target.as_str()) {
        // A removal is asked twice: one stray Ctrl+D must not take a whole item away.
        app.notice = Some(format!("Press Ctrl+D again to remove {what}."));
        app.pending_remove = Some(target);
        return Vec::new();
    }
    app.pending_remove = None;
    let removed = form::remove(&mut app.draft, &target);
    let base = target.rsplit_once('[').map_or("", |(b, _)| b).to_string();
    if base == "audiences" && form::len(&app.draft, "audiences") == 0 {
        form::remove(&mut app.draft, "audiences");
    }
    // Later items moved up one: what was typed under their old paths no longer applies.
    app.raw.retain(|k, _| !k.starts_with(&base));
    app.notice = removed.map(|_| format!("Removed {what}."));
    let fx = app.changed(&base);
    let i = app.focus_index;
    app.focus_at(i);
    fx
}

/// `Title 2`, `Audience 1`, `Image 3` for `creative.asset_feed_spec.titles[1]`.
fn item_name(target: &str) -> String {
    let Some((base, idx)) = target.rsplit_once('[') else {
        return target.to_string();
    };
    let n = idx.trim_end_matches(']').parse::<usize>().unwrap_or(0) + 1;
    let what = match base.rsplit('.').next().unwrap_or(base) {
        "titles" => "Title",
        "bodies" => "Body",
        "descriptions" => "Description",
        "images" => "Image",
        "videos" => "Video",
        "link_urls" => "Link",
        "audiences" => "Audience",
        other => other,
    };
    format!("{what} {n}")
}

pub fn press(app: &mut Model, action: ButtonAction) -> Vec<Effect> {
    match action {
        ButtonAction::AddItem(path) => {
            let n = form::len(&app.draft, &path);
            let item = if path.ends_with("link_urls") {
                json!({"website_url": ""})
            } else if path.ends_with("images") || path.ends_with("videos") {
                json!({"file": ""})
            } else {
                json!({"text": ""})
            };
            let fx = app.set_value(&format!("{path}[{n}]"), item);
            let fields = app.fields();
            let first = fields
                .iter()
                .position(|f| f.id.starts_with(&format!("{path}[{n}]")) && f.focusable());
            if let Some(i) = first {
                app.focus_at(i);
            }
            fx
        }
        ButtonAction::AddAudience => {
            let n = form::len(&app.draft, "audiences");
            let targeting = form::get(&app.draft, "ad_set.targeting")
                .cloned()
                .unwrap_or_else(|| json!({}));
            let fx = app.set_value(
                &format!("audiences[{n}]"),
                json!({"name": format!("Audience {}", n + 1), "targeting": targeting}),
            );
            focus_prefix(app, &format!("audiences[{n}]"));
            fx
        }
        ButtonAction::DuplicateAudience(i) => {
            let n = form::len(&app.draft, "audiences");
            let Some(mut copy) = form::get(&app.draft, &format!("audiences[{i}]")).cloned() else {
                return Vec::new();
            };
            if let Some(name) = copy.get("name").and_then(Value::as_str) {
                copy["name"] = json!(format!("{name} (copy)"));
            }
            let fx = app.set_value(&format!("audiences[{n}]"), copy);
            focus_prefix(app, &format!("audiences[{n}]"));
            fx
        }
        ButtonAction::AddGroup(path) => {
            // A new group only after one that has items: an empty group narrows nothing. It
            // is shown now and stored with its first pick.
            let n = form::len(&app.draft, &path);
            let last_empty = n > 0
                && form::get(&app.draft, &format!("{path}[{}]", n - 1))
                    .and_then(Value::as_object)
                    .is_none_or(|o| o.values().all(|v| v.as_array().is_none_or(Vec::is_empty)));
            if n == 0 || last_empty {
                app.notice = Some(
                    "Add an item to the group first; a new group narrows what it matches.".into(),
                );
                return Vec::new();
            }
            app.searches.open_groups.insert(path.clone());
            focus_prefix(app, &format!("{path}[{n}]"));
            Vec::new()
        }
        ButtonAction::RemoveAudience(_) => remove_item(app),
        // The router's: an overlay or the launch confirmation.
        ButtonAction::SavePreset | ButtonAction::Submit => Vec::new(),
    }
}

fn focus_prefix(app: &mut Model, prefix: &str) {
    let fields = app.fields();
    if let Some(i) = fields
        .iter()
        .position(|f| f.id.starts_with(prefix) && f.focusable())
    {
        app.focus_at(i);
    }
}

/// Tab in a path field: complete the path when that changes it.
pub fn complete_path(text: &str, cwd: &std::path::Path) -> Option<String> {
    let expanded = expand_home(text);
    let full = if expanded.is_absolute() {
        expanded
    } else {
        cwd.join(expanded)
    };
    let (dir, prefix) = if text.ends_with('/') || text.is_empty() {
        (full.clone(), String::new())
    } else {
        (
            full.parent()?.to_path_buf(),
            full.file_name()?.to_string_lossy().to_string(),
        )
    };
    let mut names: Vec<(String, bool)> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            (name.starts_with(&prefix) && !name.starts_with('.')).then(|| (name, e.path().is_dir()))
        })
        .collect();
    names.sort();
    let first = names.first()?;
    let common = names.iter().fold(first.0.clone(), |acc, (n, _)| {
        acc.chars()
            .zip(n.chars())
            .take_while(|(a, b)| a == b)
            .map(|(a, _)| a)
            .collect()
    });
    let mut completion = common[prefix.len()..].to_string();
    if names.len() == 1 && first.1 {
        completion.push('/');
    }
    (!completion.is_empty()).then(|| format!("{text}{completion}"))
}

/// Tab in a path field completes the path when that changes it; `None` lets Tab move on.
pub fn try_complete(app: &mut Model) -> Option<Vec<Effect>> {
    let field = app.focused_field()?;
    if !matches!(
        field.kind,
        FieldKind::Text {
            path_completion: true,
            ..
        }
    ) {
        return None;
    }
    let (_, input) = app.edit.as_ref()?;
    let done = complete_path(input.text(), &app.ctx.cwd)?;
    if let Some((_, i)) = &mut app.edit {
        *i = super::text::TextField::new(&done, false);
    }
    Some(commit(app))
}
