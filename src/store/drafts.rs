//! Wizard drafts: each is a launch spec in the data folder (`drafts/<id>.json`, mode 0600),
//! saved atomically; a launched draft is renamed `<id>.launched.json`. Beside it, `<id>.meta`
//! (also 0600) keeps what is not the spec: the step and field the buyer was on, and the spec
//! file the draft was made from (`dcw open FILE`). A draft from an older dcw has none.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::files;
use crate::spec::Step;

/// What a draft's `<id>.meta` keeps: where the buyer left it and where it came from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DraftMeta {
    /// The wizard step the buyer was on, by its name in findings (`ad_set`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// The focused field's id on that step (a spec path, or a `#` field of the step).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The spec file the draft was made from (canonical), when it was opened from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<PathBuf>,
    /// When it was made from that file (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// Text typed into a field that could not be stored (`2026-12-20 25:00`), by field id, with
    /// why: given back on resume, so the draft's last good value never passes for what was typed.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub typed: std::collections::BTreeMap<String, TypedText>,
}

/// What was typed into a field and why it could not be stored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TypedText {
    pub text: String,
    pub why: String,
}

impl DraftMeta {
    /// The step kept, when it is one this dcw knows.
    pub fn step(&self) -> Option<Step> {
        let name = self.step.as_deref()?;
        Step::ALL.into_iter().find(|s| step_name(*s) == name)
    }

    pub fn set_step(&mut self, step: Step) {
        self.step = Some(step_name(step).to_string());
    }

    /// The day it was made from its file (`2026-12-07`), from `created`.
    pub fn created_day(&self) -> Option<String> {
        let at = chrono::DateTime::parse_from_rfc3339(self.created.as_deref()?).ok()?;
        Some(
            at.with_timezone(&chrono::Utc)
                .format("%Y-%m-%d")
                .to_string(),
        )
    }
}

/// A step's name as findings and the metadata spell it (`ad_set`).
fn step_name(step: Step) -> String {
    serde_json::to_value(step)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A draft on disk.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftInfo {
    pub id: String,
    pub path: PathBuf,
    /// The campaign name, when the draft has one.
    pub name: Option<String>,
    pub modified: Option<SystemTime>,
    pub launched: bool,
    /// Its `<id>.meta` (empty when it has none).
    pub meta: DraftMeta,
    /// Why the draft cannot be opened (unreadable, not a JSON object), when it cannot.
    pub damaged: Option<String>,
}

pub fn drafts_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("drafts")
}

pub fn draft_path(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!("{id}.json"))
}

pub fn launched_path(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!("{id}.launched.json"))
}

pub fn meta_path(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!("{id}.meta"))
}

/// A new draft id from the time: `20261125-183012-4821`.
pub fn new_draft_id(now: chrono::DateTime<chrono::Utc>) -> String {
    format!(
        "{}-{:04}",
        now.format("%Y%m%d-%H%M%S"),
        now.timestamp_subsec_micros() % 10_000
    )
}

/// Writes a draft (atomic rename, 0600), making the folder (0700) when needed.
pub fn save_draft(dir: &Path, id: &str, text: &str) -> std::io::Result<PathBuf> {
    files::create_private_dir(dir)?;
    let path = draft_path(dir, id);
    files::write_private(&path, text.as_bytes())?;
    Ok(path)
}

/// Writes a draft and its metadata (each atomically, 0600).
pub fn save_draft_with_meta(
    dir: &Path,
    id: &str,
    text: &str,
    meta: &DraftMeta,
) -> std::io::Result<PathBuf> {
    let path = save_draft(dir, id, text)?;
    let json = serde_json::to_string_pretty(meta).map_err(std::io::Error::other)?;
    files::write_private(&meta_path(dir, id), json.as_bytes())?;
    Ok(path)
}

/// A draft's text (bounded like every draft read); the message names the file.
pub fn read_draft_text(path: &Path) -> Result<String, String> {
    files::read_text_bounded(path, files::FileKind::Draft).map_err(|e| e.to_string())
}

/// A draft's metadata; empty when it has none (an older dcw's draft) or it cannot be read.
pub fn load_meta(dir: &Path, id: &str) -> DraftMeta {
    files::read_text_bounded(&meta_path(dir, id), files::FileKind::Draft)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

/// Marks a draft launched, so it is no longer offered for resuming.
pub fn mark_launched(dir: &Path, id: &str) -> std::io::Result<()> {
    std::fs::rename(draft_path(dir, id), launched_path(dir, id))
}

/// Refuses what cannot be a draft's id: empty, holding a path separator, or hidden.
pub fn check_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("a draft id is needed; `dcw drafts` lists them".into());
    }
    if id.contains(['/', '\\', std::path::MAIN_SEPARATOR]) {
        return Err(format!(
            "{id} is not a draft id: it holds a path separator (`dcw drafts` lists the ids)"
        ));
    }
    if id.starts_with('.') || id.contains('\0') {
        return Err(format!(
            "{id} is not a draft id (`dcw drafts` lists the ids)"
        ));
    }
    Ok(())
}

/// Deletes a draft, unfinished or launched, and its metadata. Returns the draft's file.
pub fn remove_draft(dir: &Path, id: &str) -> Result<PathBuf, String> {
    // A launched draft's file name, `ID.launched`, names the same draft (and its `ID.meta`).
    let id = id.strip_suffix(".launched").unwrap_or(id);
    check_id(id)?;
    let found: Vec<PathBuf> = [draft_path(dir, id), launched_path(dir, id)]
        .into_iter()
        .filter(|p| p.symlink_metadata().is_ok_and(|m| m.is_file()))
        .collect();
    let Some(first) = found.first().cloned() else {
        return Err(format!(
            "no draft {id} in {}; `dcw drafts` lists them",
            dir.display()
        ));
    };
    for p in &found {
        std::fs::remove_file(p).map_err(|e| format!("{}: cannot delete: {e}", p.display()))?;
    }
    match std::fs::remove_file(meta_path(dir, id)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(format!(
                "{}: cannot delete: {e}",
                meta_path(dir, id).display()
            ));
        }
        _ => {}
    }
    Ok(first)
}

/// The drafts made from the spec file `source` (canonical), newest first.
pub fn drafts_made_from(dir: &Path, source: &Path) -> Vec<DraftInfo> {
    list_drafts(dir)
        .into_iter()
        .filter(|d| d.meta.source.as_deref() == Some(source))
        .collect()
}

/// The draft `dcw` offers to resume: the newest unfinished one that opens, with its text.
pub fn resumable_draft(dir: &Path) -> Option<(DraftInfo, String)> {
    list_drafts(dir)
        .into_iter()
        .filter(|d| !d.launched && d.damaged.is_none())
        .find_map(|d| read_draft_text(&d.path).ok().map(|t| (d, t)))
}

/// Every draft, newest first.
pub fn list_drafts(dir: &Path) -> Vec<DraftInfo> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<DraftInfo> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let path = e.path();
            let file = path.file_name()?.to_str()?.to_string();
            let (id, launched) = match file.strip_suffix(".launched.json") {
                Some(id) => (id.to_string(), true),
                None => (file.strip_suffix(".json")?.to_string(), false),
            };
            if id.starts_with('.') {
                return None;
            }
            let read = read_draft_text(&path).and_then(|t| {
                match serde_json::from_str::<serde_json::Value>(&t) {
                    Ok(v) if v.is_object() => Ok(v),
                    Ok(_) => Err("not a JSON object".to_string()),
                    Err(e) => Err(format!("not JSON: {e}")),
                }
            });
            let name = read
                .as_ref()
                .ok()
                .and_then(|v| v.pointer("/campaign/name")?.as_str().map(str::to_string));
            let damaged = read.err();
            let modified = e.metadata().ok().and_then(|m| m.modified().ok());
            let meta = load_meta(dir, &id);
            Some(DraftInfo {
                id,
                path,
                name,
                modified,
                launched,
                meta,
                damaged,
            })
        })
        .collect();
    out.sort_by(|a, b| b.modified.cmp(&a.modified).then(b.id.cmp(&a.id)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_are_private_listed_newest_first_and_launched_ones_marked() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = drafts_dir(tmp.path());
        save_draft(&dir, "a", r#"{"campaign":{"name":"Old"}}"#).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let p = save_draft(&dir, "b", r#"{"campaign":{"name":"New"}}"#).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        mark_launched(&dir, "a").unwrap();
        let list = list_drafts(&dir);
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].name.as_deref(), Some("New"));
        assert!(!list[0].launched);
        assert!(list[1].launched);
    }

    #[test]
    fn meta_keeps_the_step_field_and_source_privately_and_rm_deletes_both() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = drafts_dir(tmp.path());
        let mut meta = DraftMeta {
            field: Some("ad_set.daily_budget".into()),
            source: Some(PathBuf::from("/specs/boots.json")),
            ..Default::default()
        };
        meta.set_step(Step::AdSet);
        save_draft_with_meta(&dir, "a", "{}", &meta).unwrap();
        save_draft(&dir, "old", "{}").unwrap();
        assert_eq!(load_meta(&dir, "a").step(), Some(Step::AdSet));
        assert_eq!(load_meta(&dir, "old"), DraftMeta::default());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(meta_path(&dir, "a"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // The meta file is not a draft of its own.
        assert_eq!(list_drafts(&dir).len(), 2);
        let made = drafts_made_from(&dir, Path::new("/specs/boots.json"));
        assert_eq!(made.len(), 1);
        assert_eq!(made[0].meta, meta);
        assert_eq!(remove_draft(&dir, "a").unwrap(), draft_path(&dir, "a"));
        assert!(!meta_path(&dir, "a").exists());
        assert_eq!(list_drafts(&dir).len(), 1);
    }

    #[test]
    fn rm_of_a_launched_drafts_file_name_deletes_the_draft_and_its_meta() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = drafts_dir(tmp.path());
        save_draft(&dir, "x", "{}").unwrap();
        mark_launched(&dir, "x").unwrap();
        std::fs::write(meta_path(&dir, "x"), "{}").unwrap();
        remove_draft(&dir, "x.launched").unwrap();
        assert!(!launched_path(&dir, "x").exists());
        assert!(!meta_path(&dir, "x").exists(), "the .meta was left behind");
    }

    #[test]
    fn rm_refuses_unknown_ids_and_path_separators() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = drafts_dir(tmp.path());
        save_draft(&dir, "a", "{}").unwrap();
        std::fs::write(tmp.path().join("victim.json"), "{}").unwrap();
        let unknown = remove_draft(&dir, "nope").unwrap_err();
        assert!(unknown.contains("no draft nope"), "{unknown}");
        for id in ["../victim", "a/b", "..\\victim", ".hidden", ""] {
            assert!(remove_draft(&dir, id).is_err(), "{id} was accepted");
        }
        assert!(tmp.path().join("victim.json").exists());
        let sep = remove_draft(&dir, "../victim").unwrap_err();
        assert!(sep.contains("path separator"), "{sep}");
    }
}
