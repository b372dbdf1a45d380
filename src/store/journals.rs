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

/// Holds launch `id` for this process: a second `dcw` on the same launch (say, after an SSH
/// reconnect while the first still runs) is refused instead of sending everything twice. The
/// lock is released when the returned file is dropped or the process ends.
pub fn lock_launch(dir: &Path, id: &str) -> Result<std::fs::File, String> {
    super::files::create_private_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join(format!("{id}.lock"));
    let file = super::files::open_private(
        std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true),
        &path,
    )
    .map_err(|e| format!("{}: {e}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(format!(
            "launch {id} is being run by another dcw process; wait for it to finish"
        )),
        Err(std::fs::TryLockError::Error(e)) => Err(format!("{}: {e}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_launch_can_be_held_by_one_holder_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let first = lock_launch(dir.path(), "l1").unwrap();
        let e = lock_launch(dir.path(), "l1").unwrap_err();
        assert!(e.contains("another dcw process"), "{e}");
        assert!(
            lock_launch(dir.path(), "l2").is_ok(),
            "other launches are free"
        );
        drop(first);
        assert!(lock_launch(dir.path(), "l1").is_ok(), "released on drop");
    }
}
