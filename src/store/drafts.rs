//! Wizard drafts: each is a launch spec in the data folder (`drafts/<id>.json`, mode 0600),
//! saved atomically; a launched draft is renamed `<id>.launched.json`.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::files;

/// A draft on disk.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftInfo {
    pub id: String,
    pub path: PathBuf,
    /// The campaign name, when the draft has one.
    pub name: Option<String>,
    pub modified: Option<SystemTime>,
    pub launched: bool,
}

pub fn drafts_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("drafts")
}

pub fn draft_path(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!("{id}.json"))
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

/// Marks a draft launched, so it is no longer offered for resuming.
pub fn mark_launched(dir: &Path, id: &str) -> std::io::Result<()> {
    std::fs::rename(draft_path(dir, id), dir.join(format!("{id}.launched.json")))
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
            let name = files::read_text_bounded(&path, files::FileKind::Draft)
                .ok()
                .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
                .and_then(|v| v.pointer("/campaign/name")?.as_str().map(str::to_string));
            let modified = e.metadata().ok().and_then(|m| m.modified().ok());
            Some(DraftInfo {
                id,
                path,
                name,
                modified,
                launched,
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
}
