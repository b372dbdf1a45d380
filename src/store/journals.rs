//! Launch journals on disk: one JSON file per launch in the data folder, written atomically with
//! mode 0600 before every write to Graph and sealed with a checksum, so a damaged journal is
//! known as damaged instead of read as something else. And the locks that keep one `dcw` per
//! launch: advisory locks on lock files that are removed by whoever holds them.

use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::files::{FileKind, ReadError, read_bounded, write_private};

/// The key under which a journal carries the SHA-256 of the rest of itself.
const CHECKSUM: &str = "checksum";

/// The journal file of launch `id`.
pub fn journal_path(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!("{id}.json"))
}

/// Whether `id` can name a journal: letters, digits, `-` and `_` only (never a path).
pub fn is_launch_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Why a journal could not be read.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    /// There is no journal of that id.
    #[error("{}: no such launch journal", path.display())]
    Missing { path: PathBuf },
    /// The file is there but is not a whole journal: truncated, overwritten, changed by hand
    /// without removing its checksum. What could still be made out of it is kept.
    #[error("{}: the journal is damaged: {reason}", path.display())]
    Damaged {
        path: PathBuf,
        reason: String,
        /// What the damaged text still shows, to tell which launch it was.
        clues: Box<JournalClues>,
    },
}

impl JournalError {
    pub fn is_missing(&self) -> bool {
        matches!(self, JournalError::Missing { .. })
    }
}

/// What can be made out of a damaged journal's text: the values of a few top-level string keys,
/// when they are still there whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JournalClues {
    pub spec_hash: Option<String>,
    pub tag: Option<String>,
    pub account: Option<String>,
}

impl JournalClues {
    fn from_text(text: &str) -> JournalClues {
        JournalClues {
            spec_hash: raw_string_field(text, "spec_hash"),
            tag: raw_string_field(text, "tag"),
            account: raw_string_field(text, "account"),
        }
    }
}

/// The value of the first `"key": "value"` in `text`, when it is a plain string of letters,
/// digits, `-`, `_` and `:` (what ids, tags, hashes and accounts are): enough to read a damaged
/// file.
fn raw_string_field(text: &str, key: &str) -> Option<String> {
    let needle = format!("\"{key}\"");
    let after = &text[text.find(&needle)? + needle.len()..];
    let after = after.trim_start().strip_prefix(':')?.trim_start();
    let value = after.strip_prefix('"')?;
    let end = value.find('"')?;
    let v = &value[..end];
    let plain = !v.is_empty()
        && v.len() <= 200
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_:".contains(&b));
    plain.then(|| v.to_string())
}

/// SHA-256 of a journal's compact JSON text without its checksum, in hex.
fn checksum_of(value: &Value) -> String {
    use sha2::Digest;
    let text = serde_json::to_string(value).unwrap_or_default();
    sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes journal `id` atomically (0600), sealed with a checksum over the rest of it.
pub fn save_journal<T: Serialize>(dir: &Path, id: &str, journal: &T) -> std::io::Result<()> {
    let mut value = serde_json::to_value(journal).map_err(std::io::Error::other)?;
    let Some(object) = value.as_object_mut() else {
        return Err(std::io::Error::other("a journal is a JSON object"));
    };
    object.remove(CHECKSUM);
    let sum = checksum_of(&value);
    if let Some(object) = value.as_object_mut() {
        object.insert(CHECKSUM.into(), Value::String(format!("sha256:{sum}")));
    }
    let text = serde_json::to_vec_pretty(&value).map_err(std::io::Error::other)?;
    write_private(&journal_path(dir, id), &text)
}

/// Reads journal `id`. A journal without a checksum (written by an earlier dcw, or repaired by
/// hand with the checksum removed) is read as it is; one whose checksum does not match is damaged.
pub fn load_journal<T: DeserializeOwned>(dir: &Path, id: &str) -> Result<T, JournalError> {
    let path = journal_path(dir, id);
    read_journal_file(&path)
}

fn read_journal_file<T: DeserializeOwned>(path: &Path) -> Result<T, JournalError> {
    let damaged = |reason: String, text: &str| JournalError::Damaged {
        path: path.to_path_buf(),
        reason,
        clues: Box::new(JournalClues::from_text(text)),
    };
    let bytes = match read_bounded(path, FileKind::Journal) {
        Ok(b) => b,
        // A link to nothing is a journal gone wrong, not no journal.
        Err(ReadError::NotFound { .. }) if std::fs::symlink_metadata(path).is_ok() => {
            return Err(damaged(
                "it is a link to a file that is not there".into(),
                "",
            ));
        }
        Err(ReadError::NotFound { .. }) => {
            return Err(JournalError::Missing {
                path: path.to_path_buf(),
            });
        }
        Err(e) => return Err(damaged(e.to_string(), "")),
    };
    let text = String::from_utf8_lossy(&bytes);
    if text.trim().is_empty() {
        return Err(damaged("the file is empty".into(), ""));
    }
    let mut value: Value = serde_json::from_str(&text)
        .map_err(|e| damaged(format!("it is not whole JSON ({e})"), &text))?;
    let Some(object) = value.as_object_mut() else {
        return Err(damaged("it is not a JSON object".into(), &text));
    };
    if let Some(sum) = object.remove(CHECKSUM) {
        let expected = sum.as_str().and_then(|s| s.strip_prefix("sha256:"));
        if expected != Some(checksum_of(&value).as_str()) {
            return Err(damaged(
                "its checksum does not match its contents (changed or partly overwritten)".into(),
                &text,
            ));
        }
    }
    serde_json::from_value(value).map_err(|e| damaged(format!("{e}"), &text))
}

/// Every journal in the folder, by id in name order, each read or found damaged.
pub fn list_journals<T: DeserializeOwned>(dir: &Path) -> Vec<(String, Result<T, JournalError>)> {
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

/// A held lock: released, and its file removed, when dropped (or when the process ends, which
/// leaves the file behind to be removed by the next `dcw` that finds it unheld).
#[derive(Debug)]
pub struct LockGuard {
    file: std::fs::File,
    path: PathBuf,
}

impl Drop for LockGuard {
    fn drop(&mut self) {
        // Removed while still held: a process that opened the old file finds it unlinked
        // (another inode than the path's) and tries again on a fresh one.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Why a lock was not taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process holds it; `holder` is what it wrote in the file (its pid and since when).
    #[error("held by another dcw process ({holder})")]
    Held { holder: String },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Whether the open `file` is the file now at `path` (not one removed since it was opened).
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// Takes the lock file `name` in `dir` at once (no waiting): created if needed, locked with an
/// advisory lock, checked to still be the file at its path, and stamped with this process's pid.
pub fn take_lock(dir: &Path, name: &str) -> Result<LockGuard, LockError> {
    let io = |path: &Path, source| LockError::Io {
        path: path.to_path_buf(),
        source,
    };
    super::files::create_private_dir(dir).map_err(|e| io(dir, e))?;
    let path = dir.join(name);
    // A few rounds at most: each one lost means another process removed the file in between.
    for _ in 0..16 {
        let mut file = super::files::open_private(
            std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .read(true)
                .write(true),
            &path,
        )
        .map_err(|e| io(&path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                // The holder writes its pid just after it takes the lock: give it a moment
                // (half a second at most) so the refusal can name it.
                let mut holder = String::new();
                for _ in 0..20 {
                    holder.clear();
                    let _ = file.rewind();
                    let _ = (&file).take(200).read_to_string(&mut holder);
                    if !holder.trim().is_empty() {
                        break;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(25));
                }
                let holder = holder.trim();
                return Err(LockError::Held {
                    holder: if holder.is_empty() {
                        "starting".into()
                    } else {
                        crate::spec::text::sanitize(holder).into_owned()
                    },
                });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io(&path, e)),
        }
        if !same_file(&file, &path) {
            continue;
        }
        let stamp = format!(
            "pid {} since {}",
            std::process::id(),
            chrono::Utc::now().format("%H:%M:%S UTC")
        );
        file.set_len(0).map_err(|e| io(&path, e))?;
        file.rewind().map_err(|e| io(&path, e))?;
        file.write_all(stamp.as_bytes()).map_err(|e| io(&path, e))?;
        return Ok(LockGuard { file, path });
    }
    Err(io(
        &path,
        std::io::Error::other("the lock file kept being replaced"),
    ))
}

/// Holds launch `id` for this process: a second `dcw` on the same launch (say, after an SSH
/// reconnect while the first still runs) is refused instead of sending everything twice.
pub fn lock_launch(dir: &Path, id: &str) -> Result<LockGuard, String> {
    take_lock(dir, &format!("{id}.lock")).map_err(|e| match e {
        LockError::Held { holder } => format!(
            "launch {id} is being run by another dcw process ({holder}); wait for it to finish"
        ),
        other => other.to_string(),
    })
}

/// The lock that makes one launch of a spec at a time, from before anything is sent: keyed by
/// the ad account and the spec's hash (which covers the Graph it goes to and the spec's text).
pub fn lock_spec(dir: &Path, account: &str, spec_hash: &str) -> Result<LockGuard, LockError> {
    let short: String = spec_hash.chars().take(16).collect();
    take_lock(dir, &format!("spec-{account}-{short}.lock"))
}

/// Clears what killed processes left in the journal folder: temporary files of atomic writes
/// whose writer is gone, and lock files nobody holds. Returns how many files were removed.
pub fn clean_leftovers(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.filter_map(|e| e.ok()) {
        let Ok(name) = e.file_name().into_string() else {
            continue;
        };
        let path = e.path();
        if let Some(pid) = temporary_file_pid(&name) {
            if pid != std::process::id()
                && !process_alive(pid)
                && std::fs::remove_file(&path).is_ok()
            {
                removed += 1;
            }
        } else if name.ends_with(".lock") && remove_if_unheld(&path) {
            removed += 1;
        }
    }
    removed
}

/// The writer's pid of a temporary file of [`write_private`] (`<id>.json.tmp<pid>`).
fn temporary_file_pid(name: &str) -> Option<u32> {
    let (_, pid) = name.rsplit_once(".tmp")?;
    pid.parse().ok()
}

fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// Removes a lock file when no process holds it (taking it first, so a holder is never robbed).
fn remove_if_unheld(path: &Path) -> bool {
    let Ok(file) = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
    else {
        return false;
    };
    if file.try_lock().is_err() || !same_file(&file, path) {
        return false;
    }
    let gone = std::fs::remove_file(path).is_ok();
    let _ = file.unlock();
    gone
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_launch_can_be_held_by_one_holder_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let first = lock_launch(dir.path(), "l1").unwrap();
        let e = lock_launch(dir.path(), "l1").unwrap_err();
        assert!(e.contains("another dcw process"), "{e}");
        assert!(e.contains(&format!("pid {}", std::process::id())), "{e}");
        assert!(
            lock_launch(dir.path(), "l2").is_ok(),
            "other launches are free"
        );
        drop(first);
        assert!(lock_launch(dir.path(), "l1").is_ok(), "released on drop");
    }

    #[test]
    fn a_released_lock_leaves_no_file_and_an_orphan_one_is_cleaned_up() {
        let dir = tempfile::tempdir().unwrap();
        drop(lock_spec(dir.path(), "123", "abcdef0123456789ffff").unwrap());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        // A killed process leaves its lock file (unheld) and a temporary file of a write.
        std::fs::write(dir.path().join("spec-1-aa.lock"), "pid 1").unwrap();
        std::fs::write(dir.path().join("l1.json.tmp999999999"), "{").unwrap();
        let held = lock_launch(dir.path(), "busy").unwrap();
        assert_eq!(clean_leftovers(dir.path()), 2);
        let left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(left, vec!["busy.lock".to_string()], "a held lock stays");
        drop(held);
    }

    #[test]
    fn a_sealed_journal_reads_back_and_a_changed_one_is_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let j = json!({"id": "20261206-1-abc", "tag": "dcw-abc", "spec_hash": "ff00",
                        "account": "123", "steps": [{"key": "campaign", "attempt": 1}]});
        save_journal(dir.path(), "20261206-1-abc", &j).unwrap();
        let back: Value = load_journal(dir.path(), "20261206-1-abc").unwrap();
        assert_eq!(back, j, "the checksum is not part of what is read");
        let path = journal_path(dir.path(), "20261206-1-abc");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("\"checksum\": \"sha256:"), "{text}");

        std::fs::write(&path, text.replace("\"attempt\": 1", "\"attempt\": 2")).unwrap();
        match load_journal::<Value>(dir.path(), "20261206-1-abc") {
            Err(JournalError::Damaged { reason, clues, .. }) => {
                assert!(reason.contains("checksum"), "{reason}");
                assert_eq!(clues.spec_hash.as_deref(), Some("ff00"));
                assert_eq!(clues.tag.as_deref(), Some("dcw-abc"));
            }
            other => panic!("{other:?}"),
        }
        // Truncated: the clues before the cut survive.
        std::fs::write(&path, &text[..text.find("steps").unwrap()]).unwrap();
        match load_journal::<Value>(dir.path(), "20261206-1-abc") {
            Err(JournalError::Damaged { reason, clues, .. }) => {
                assert!(reason.contains("not whole JSON"), "{reason}");
                assert_eq!(clues.account.as_deref(), Some("123"));
            }
            other => panic!("{other:?}"),
        }
        // Without a checksum (an earlier dcw, or repaired by hand): read as it is.
        std::fs::write(&path, j.to_string()).unwrap();
        assert_eq!(
            load_journal::<Value>(dir.path(), "20261206-1-abc").unwrap(),
            j
        );
        std::fs::write(&path, "").unwrap();
        assert!(matches!(
            load_journal::<Value>(dir.path(), "20261206-1-abc"),
            Err(JournalError::Damaged { .. })
        ));
        assert!(
            load_journal::<Value>(dir.path(), "none")
                .unwrap_err()
                .is_missing()
        );
    }

    #[test]
    fn launch_ids_are_names_never_paths() {
        assert!(is_launch_id("20261125-170301-3f9a2c"));
        for bad in ["../../../x", "a/b", "", ".", "..", "x.json", "a b"] {
            assert!(!is_launch_id(bad), "{bad}");
        }
    }
}
