//! Presets: an ad set's targeting (in Graph's own `targeting` shape) and its pixel, Page and
//! Instagram account, saved under a name for one ad account, in one file of the config folder
//! (`presets.json`, mode 0600, written atomically like drafts). Read bounded; a file that is not a
//! presets file is never written over (its message names it), and an entry this dcw cannot read is
//! kept as it is, so saving one preset never loses the others.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::files::{self, FileKind};
use crate::spec::positions;

/// The longest preset name, in characters.
pub const MAX_NAME_CHARS: usize = 80;

/// The presets file's name in the config folder.
pub const FILE_NAME: &str = "presets.json";

/// How long a save waits for another dcw saving presets at the same time.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// The most bytes of the presets file dcw reads, and so writes.
pub fn max_file_bytes() -> u64 {
    FileKind::Presets.max_bytes()
}

/// One preset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preset {
    /// The ad account it is for, `act_<digits>`.
    pub account: String,
    pub name: String,
    /// The ad set's `targeting`, as Graph takes it.
    pub targeting: Value,
    /// `promoted_object.pixel_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pixel_id: Option<String>,
    /// The Page the ads run as (the spec's `page_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_id: Option<String>,
    /// The Instagram account the ads run as (the spec's `instagram_user_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instagram_user_id: Option<String>,
}

impl Preset {
    /// The preset of a spec's ad set (`ad_set` or an audience) and the spec's Page and
    /// Instagram account, for `account`.
    pub fn of_ad_set(account: &str, name: &str, spec: &Value, ad_set: &Value) -> Preset {
        let text = |v: Option<&Value>| match v {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        Preset {
            account: account_id(account),
            name: name.trim().to_string(),
            targeting: ad_set
                .get("targeting")
                .filter(|t| t.is_object())
                .cloned()
                .unwrap_or_else(|| json!({})),
            pixel_id: text(ad_set.pointer("/promoted_object/pixel_id")),
            page_id: text(spec.get("page_id")),
            instagram_user_id: text(spec.get("instagram_user_id")),
        }
    }

    /// One line on what it holds: `US, CA · 18–34 · 3 interests · Instagram Stories, Reels`.
    pub fn summary(&self) -> String {
        summary(&self.targeting)
    }
}

/// `act_<digits>` for `<digits>` or `act_<digits>`.
pub fn account_id(a: &str) -> String {
    let a = a.trim();
    if a.starts_with("act_") {
        a.to_string()
    } else {
        format!("act_{a}")
    }
}

/// A name as stored (trimmed), or why it cannot be one.
pub fn check_name(name: &str) -> Result<String, String> {
    let n = name.trim();
    if n.is_empty() {
        return Err("a preset needs a name".into());
    }
    if n.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "a preset name is at most {MAX_NAME_CHARS} characters"
        ));
    }
    if n.chars().any(char::is_control) || crate::spec::text::first_unsafe(n).is_some() {
        return Err(
            "a preset name is one line of text (no control or text-direction characters)".into(),
        );
    }
    Ok(n.to_string())
}

/// Two names are the same preset when they differ only in case or surrounding spaces.
fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// A name already taken for the account: replacing it must be asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taken(pub String);

/// The presets file's content: entries kept as they are on disk.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Presets {
    entries: Vec<Value>,
}

#[derive(Serialize, Deserialize)]
struct OnDisk {
    version: i64,
    presets: Vec<Value>,
}

impl Presets {
    /// Reads the presets file's text; `path` names it in the message when it is damaged.
    pub fn parse(text: &str, path: &Path) -> Result<Presets, String> {
        let d: OnDisk = serde_json::from_str(text).map_err(|e| {
            format!(
                "{}: is not a presets file ({e}); dcw leaves it as it is: move it away to start afresh",
                path.display()
            )
        })?;
        Ok(Presets { entries: d.presets })
    }

    /// The presets this dcw can read, in the file's order.
    pub fn list(&self) -> Vec<Preset> {
        self.entries
            .iter()
            .filter_map(|v| serde_json::from_value(v.clone()).ok())
            .collect()
    }

    /// Entries this dcw cannot read (kept in the file as they are).
    pub fn unreadable(&self) -> usize {
        self.entries.len() - self.list().len()
    }

    /// The presets of an account (`act_…` or digits).
    pub fn of_account(&self, account: &str) -> Vec<Preset> {
        let a = account_id(account);
        self.list().into_iter().filter(|p| p.account == a).collect()
    }

    pub fn find(&self, account: &str, name: &str) -> Option<Preset> {
        self.of_account(account)
            .into_iter()
            .find(|p| same_name(&p.name, name))
    }

    fn position(&self, account: &str, name: &str) -> Option<usize> {
        let a = account_id(account);
        self.entries.iter().position(|v| {
            serde_json::from_value::<Preset>(v.clone())
                .is_ok_and(|p| p.account == a && same_name(&p.name, name))
        })
    }

    /// Adds a preset; one of the same name for the account is replaced only with `replace`.
    /// Returns whether one was replaced.
    pub fn put(&mut self, p: Preset, replace: bool) -> Result<bool, Taken> {
        let v = serde_json::to_value(&p).unwrap_or(Value::Null);
        match self.position(&p.account, &p.name) {
            Some(i) if replace => {
                self.entries[i] = v;
                Ok(true)
            }
            Some(i) => Err(Taken(
                self.entries[i]["name"]
                    .as_str()
                    .unwrap_or(&p.name)
                    .to_string(),
            )),
            None => {
                self.entries.push(v);
                Ok(false)
            }
        }
    }

    /// Removes a preset; whether there was one.
    pub fn remove(&mut self, account: &str, name: &str) -> bool {
        match self.position(account, name) {
            Some(i) => {
                self.entries.remove(i);
                true
            }
            None => false,
        }
    }

    pub fn to_text(&self) -> String {
        let d = OnDisk {
            version: 1,
            presets: self.entries.clone(),
        };
        let mut s = serde_json::to_string_pretty(&d).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// The presets file under a config folder.
pub fn presets_file(config_dir: &Path) -> std::path::PathBuf {
    config_dir.join(FILE_NAME)
}

/// Reads the presets file (none yet is no preset); the message names the file.
pub fn load(path: &Path) -> Result<Presets, String> {
    match files::read_text_bounded(path, FileKind::Presets) {
        Ok(text) => Presets::parse(&text, path),
        Err(e) if e.is_not_found() => Ok(Presets::default()),
        Err(e) => Err(e.to_string()),
    }
}

/// Writes the presets file (atomic rename, 0600). A text larger than dcw reads back is not
/// written: every later list, save and removal would fail on it.
pub fn save(path: &Path, presets: &Presets) -> Result<(), String> {
    let text = presets.to_text();
    if text.len() as u64 > max_file_bytes() {
        return Err(format!(
            "{}: not saved: the presets would take {} bytes, more than the {} dcw reads; remove a preset first (dcw presets rm)",
            path.display(),
            text.len(),
            max_file_bytes()
        ));
    }
    files::write_private(path, text.as_bytes())
        .map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

/// Holds the presets file for one read-change-write, so that two dcw saving at once each keep
/// the other's preset; waits for another holder up to `LOCK_WAIT`.
fn hold(path: &Path) -> Result<super::journals::LockGuard, String> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let dir = dir.unwrap_or(Path::new("."));
    let name = format!(
        "{}.lock",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(FILE_NAME)
    );
    let deadline = std::time::Instant::now() + LOCK_WAIT;
    loop {
        match super::journals::take_lock(dir, &name) {
            Ok(guard) => return Ok(guard),
            Err(super::journals::LockError::Held { .. })
                if std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Err(super::journals::LockError::Held { holder }) => {
                return Err(format!(
                    "{}: another dcw is saving presets ({holder}); try again",
                    path.display()
                ));
            }
            Err(e) => return Err(e.to_string()),
        }
    }
}

/// What adding a preset to the file did.
#[derive(Debug, Clone, PartialEq)]
pub enum Added {
    /// Saved; `true` when it replaced one of the same name.
    Saved { replaced: bool, all: Presets },
    /// The name is taken for the account and `replace` was not given.
    Taken(String),
}

/// Adds a preset to the file as it is now (read again, so a preset saved meanwhile by another
/// dcw is kept). A damaged file is left as it is and named in the message.
pub fn add_to_file(path: &Path, p: Preset, replace: bool) -> Result<Added, String> {
    let _held = hold(path)?;
    let mut all = load(path)?;
    match all.put(p, replace) {
        Ok(replaced) => {
            save(path, &all)?;
            Ok(Added::Saved { replaced, all })
        }
        Err(Taken(name)) => Ok(Added::Taken(name)),
    }
}

/// Removes a preset from the file; `Ok(false)` when the account has none of that name.
pub fn remove_from_file(path: &Path, account: &str, name: &str) -> Result<bool, String> {
    let _held = hold(path)?;
    let mut all = load(path)?;
    if !all.remove(account, name) {
        return Ok(false);
    }
    save(path, &all)?;
    Ok(true)
}

// ----- one-line summaries -----

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn arr(v: &Value, key: &str) -> usize {
    v.get(key).and_then(Value::as_array).map_or(0, Vec::len)
}

fn strings<'a>(v: &'a Value, key: &str) -> Vec<&'a str> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// `US, CA + 2 cities`: the countries (four at most) and how many other locations.
fn locations(t: &Value) -> Option<String> {
    let geo = t.get("geo_locations")?;
    let countries = strings(geo, "countries");
    let mut out = countries
        .iter()
        .take(4)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if countries.len() > 4 {
        out.push_str(&format!(" +{}", countries.len() - 4));
    }
    for (key, one, many) in [
        ("regions", "region", "regions"),
        ("cities", "city", "cities"),
        ("zips", "postcode", "postcodes"),
        ("places", "place", "places"),
    ] {
        let n = arr(geo, key);
        if n > 0 {
            if !out.is_empty() {
                out.push_str(" + ");
            }
            out.push_str(&plural(n, one, many));
        }
    }
    (!out.is_empty()).then_some(out)
}

fn ages(t: &Value) -> Option<String> {
    let min = t.get("age_min").and_then(Value::as_i64);
    let max = t.get("age_max").and_then(Value::as_i64);
    match (min, max) {
        (None, None) => None,
        (min, Some(65)) => Some(format!("{}–65+", min.unwrap_or(18))),
        (min, max) => Some(format!(
            "{}–{}",
            min.unwrap_or(18),
            max.map_or_else(|| "65+".to_string(), |m| m.to_string())
        )),
    }
}

/// The interests, behaviours and other detailed targeting, summed over the `flexible_spec`
/// groups, and how many are excluded.
fn detailed(t: &Value) -> Vec<String> {
    let (mut interests, mut behaviors, mut other) = (0, 0, 0);
    for group in t
        .get("flexible_spec")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        for (k, v) in group.as_object().into_iter().flatten() {
            let n = v.as_array().map_or(0, Vec::len);
            match k.as_str() {
                "interests" => interests += n,
                "behaviors" => behaviors += n,
                _ => other += n,
            }
        }
    }
    let excluded: usize = t
        .get("exclusions")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(_, v)| v.as_array().map_or(0, Vec::len))
        .sum();
    let mut out = Vec::new();
    for (n, one, many) in [
        (interests, "interest", "interests"),
        (behaviors, "behaviour", "behaviours"),
        (other, "other detailed", "other detailed"),
    ] {
        if n > 0 {
            out.push(plural(n, one, many));
        }
    }
    if excluded > 0 {
        out.push(format!("{excluded} excluded"));
    }
    out
}

/// `Instagram Stories, Reels; Facebook (all)` for manual placements, `Advantage+ placements`
/// when none are chosen.
pub fn placements_summary(t: &Value) -> String {
    let platforms = strings(t, "publisher_platforms");
    if platforms.is_empty() {
        return "Advantage+ placements".into();
    }
    let mut parts = Vec::new();
    for p in platforms {
        let name = positions::platform_name(p).unwrap_or(p);
        let chosen = positions::list_of(p)
            .map(|list| strings(t, list))
            .unwrap_or_default();
        if chosen.is_empty() {
            parts.push(format!("{name} (all)"));
            continue;
        }
        let words: Vec<String> = chosen
            .iter()
            .enumerate()
            .map(|(i, key)| {
                let label = positions::list_of(p)
                    .and_then(|l| positions::find(l, key))
                    .map_or_else(|| format!("{name} {key}"), |pos| pos.label.to_string());
                match label.strip_prefix(&format!("{name} ")) {
                    Some(rest) if i > 0 => rest.to_string(),
                    _ => label,
                }
            })
            .collect();
        parts.push(words.join(", "));
    }
    let mut out = parts.join("; ");
    match strings(t, "device_platforms").as_slice() {
        ["mobile"] => out.push_str(" (mobile only)"),
        ["desktop"] => out.push_str(" (desktop only)"),
        _ => {}
    }
    out
}

/// One line on a targeting: `US, CA · 18–34 · 3 interests · Instagram Stories, Reels`.
pub fn summary(t: &Value) -> String {
    let mut parts = Vec::new();
    parts.push(locations(t).unwrap_or_else(|| "no location".into()));
    parts.extend(ages(t));
    let genders: Vec<i64> = t
        .get("genders")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default();
    match genders.as_slice() {
        [1] => parts.push("men".into()),
        [2] => parts.push("women".into()),
        _ => {}
    }
    let locales = arr(t, "locales");
    if locales > 0 {
        parts.push(plural(locales, "language", "languages"));
    }
    parts.extend(detailed(t));
    let (inc, exc) = (
        arr(t, "custom_audiences"),
        arr(t, "excluded_custom_audiences"),
    );
    if inc > 0 {
        parts.push(plural(inc, "custom audience", "custom audiences"));
    }
    if exc > 0 {
        parts.push(format!("{} excluded", plural(exc, "audience", "audiences")));
    }
    parts.push(placements_summary(t));
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn preset(name: &str, account: &str) -> Preset {
        Preset::of_ad_set(
            account,
            name,
            &json!({"page_id": "1"}),
            &json!({"targeting": {"geo_locations": {"countries": ["US"]}}}),
        )
    }

    #[test]
    fn a_name_is_taken_per_account_whatever_its_case() {
        let mut all = Presets::default();
        assert_eq!(all.put(preset("Winter US", "123"), false), Ok(false));
        assert_eq!(
            all.put(preset("winter us ", "act_123"), false),
            Err(Taken("Winter US".into()))
        );
        assert_eq!(all.put(preset("Winter US", "456"), false), Ok(false));
        assert_eq!(all.put(preset("WINTER US", "123"), true), Ok(true));
        assert_eq!(all.of_account("act_123").len(), 1);
        assert_eq!(all.of_account("123")[0].name, "WINTER US");
        assert!(all.remove("123", "winter us"));
        assert!(!all.remove("123", "winter us"));
        assert_eq!(all.list().len(), 1, "the other account's preset stays");
    }

    #[test]
    fn an_entry_this_dcw_cannot_read_is_kept_when_another_is_saved() {
        let text = r#"{"version": 1, "presets": [{"account": "act_1", "name": 7}]}"#;
        let mut all = Presets::parse(text, Path::new("presets.json")).unwrap();
        assert_eq!((all.list().len(), all.unreadable()), (0, 1));
        all.put(preset("A", "1"), false).unwrap();
        let again = Presets::parse(&all.to_text(), Path::new("p")).unwrap();
        assert_eq!((again.list().len(), again.unreadable()), (1, 1));
    }

    #[test]
    fn the_summary_names_locations_ages_detailed_targeting_and_positions() {
        let t = json!({
            "geo_locations": {"countries": ["US", "CA"], "cities": [{"key": "1"}]},
            "age_min": 18, "age_max": 34, "genders": [2],
            "flexible_spec": [{"interests": [{"id": "1"}, {"id": "2"}]}, {"interests": [{"id": "3"}]}],
            "publisher_platforms": ["instagram"],
            "instagram_positions": ["story", "reels"]
        });
        assert_eq!(
            summary(&t),
            "US, CA + 1 city · 18–34 · women · 3 interests · Instagram Stories, Reels"
        );
        assert_eq!(
            placements_summary(&json!({"publisher_platforms": ["facebook", "instagram"],
                                       "instagram_positions": ["stream"],
                                       "device_platforms": ["mobile"]})),
            "Facebook (all); Instagram Feed (mobile only)"
        );
        assert_eq!(placements_summary(&json!({})), "Advantage+ placements");
    }

    #[test]
    fn names_are_one_line_of_at_most_80_characters() {
        assert_eq!(check_name("  Winter  "), Ok("Winter".into()));
        assert!(check_name(" ").is_err());
        assert!(check_name("a\u{1b}[2J").is_err());
        // A direction override prints escaped everywhere, so the name could not be typed back
        // for `dcw presets rm`.
        assert!(check_name("abc\u{202e}evil").is_err());
        assert!(check_name("Läufer · 東京").is_ok());
        assert!(check_name(&"x".repeat(81)).is_err());
    }
}
