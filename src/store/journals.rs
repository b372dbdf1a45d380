//! Launch journals on disk: one JSON file per launch in the data folder, written atomically with
//! mode 0600 before every write to Graph.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::files::write_private;

/// The journal file of launch `id`.
pub fn journal_path(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!("{id}.json"))
}

pub fn save_journal<T: Serialize>(dir: &Path, id: &str, journal: &T) -> std::io::Result<()> {
    let text = serde_json::to_vec_pretty(journal).map_err(std::io::Error::other)?;
    write_private(&journal_path(dir, id), &text)
}

pub fn load_journal<T: DeserializeOwned>(dir: &Path, id: &str) -> Result<T, String> {
    let path = journal_path(dir, id);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Every journal in the folder, oldest first by file name order of their ids.
pub fn list_journals<T: DeserializeOwned>(dir: &Path) -> Vec<(String, Result<T, String>)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut ids: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            name.strip_suffix(".json").map(str::to_string)
        })
        .collect();
    ids.sort();
    ids.into_iter()
        .map(|id| {
            let j = load_journal(dir, &id);
            (id, j)
        })
        .collect()
}
