//! The sandbox's state on disk: read at start (a regular file, bounded), written atomically and
//! 0600 after every write, a damaged file set aside (never overwritten) when asked, and the
//! built-in sandbox's reset. The sandbox reads and writes its own files: it uses nothing of
//! dcw's but the spec's types.

use std::path::{Path, PathBuf};

use super::state::State;

/// The most bytes of a state file the sandbox reads.
pub const MAX_STATE_BYTES: u64 = 64 * 1000 * 1000;

/// How a sandbox's state began.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Restored {
    /// No state file (or none asked for): a fresh world.
    Fresh,
    /// The saved world, as it was.
    Saved,
    /// The state file could not be read as one: it was moved to `kept` and a fresh world
    /// began. `why` names the file and what is wrong with it.
    SetAside { kept: PathBuf, why: String },
}

impl Restored {
    /// What to tell the buyer, for a damaged file.
    pub fn note(&self) -> Option<String> {
        match self {
            Restored::SetAside { kept, why } => Some(format!(
                "{why}; it is kept as {} and the sandbox starts afresh (launches made on the old one are listed as gone)",
                kept.display()
            )),
            _ => None,
        }
    }
}

fn invalid(path: &Path, why: String) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!("{}: {why}", path.display()),
    )
}

/// Reads a state file: a regular file (opened without blocking, so a named pipe is refused
/// rather than waited on) of at most [`MAX_STATE_BYTES`]. `Ok(None)` when there is none.
fn read_text(path: &Path) -> std::io::Result<Option<Result<String, String>>> {
    use std::io::Read;
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = match opts.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    if !file.metadata()?.is_file() {
        return Err(invalid(
            path,
            "is not a regular file; a sandbox state file must be one".into(),
        ));
    }
    let mut bytes = Vec::new();
    file.take(MAX_STATE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_STATE_BYTES {
        return Ok(Some(Err(format!(
            "larger than {MAX_STATE_BYTES} bytes; not a sandbox state file"
        ))));
    }
    Ok(Some(String::from_utf8(bytes).map_err(|_| {
        "not UTF-8 text; not a sandbox state file".to_string()
    })))
}

/// The state saved at `path`, or a fresh one when there is no file. A file that is not a
/// sandbox state is refused (`set_aside` false), or moved aside to `<name>.damaged-<time>` and
/// replaced by a fresh world (`set_aside` true). Something that is not a regular file is always
/// refused: it is not the sandbox's to move.
pub fn load(path: Option<&Path>, set_aside: bool) -> std::io::Result<(State, Restored)> {
    let Some(path) = path else {
        return Ok((State::default(), Restored::Fresh));
    };
    let why = match read_text(path)? {
        None => return Ok((State::default(), Restored::Fresh)),
        Some(Ok(text)) => match State::from_json(&text) {
            Ok(state) => return Ok((state, Restored::Saved)),
            Err(e) => format!("not a sandbox state file: {e}"),
        },
        Some(Err(why)) => why,
    };
    if !set_aside {
        return Err(invalid(path, why));
    }
    let kept = aside_name(path);
    std::fs::rename(path, &kept).map_err(|e| {
        invalid(
            path,
            format!(
                "{why}; it could not be moved aside to {}: {e}",
                kept.display()
            ),
        )
    })?;
    let why = format!("The sandbox state {} is damaged ({why})", path.display());
    Ok((State::default(), Restored::SetAside { kept, why }))
}

/// `state.json` → `state.json.damaged-20261207T015500Z` (with `-2`, `-3`… if that is taken).
fn aside_name(path: &Path) -> PathBuf {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let base = format!("{}.damaged-{stamp}", path.display());
    let mut kept = PathBuf::from(&base);
    let mut n = 2;
    while kept.exists() && n < 1000 {
        kept = PathBuf::from(format!("{base}-{n}"));
        n += 1;
    }
    kept
}

/// The world a saved state belongs to (see [`State::world`]), read without starting a sandbox:
/// `None` when there is no readable state at `path`.
pub fn saved_world(path: &Path) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct World {
        #[serde(default)]
        world: String,
    }
    let text = read_text(path).ok()??.ok()?;
    let w: World = serde_json::from_str(&text).ok()?;
    Some(w.world).filter(|w| !w.is_empty())
}

/// What `reset` removed: the state file (with how many objects it held), if there was one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reset {
    pub path: PathBuf,
    /// Objects the removed world held, when it could be read.
    pub objects: Option<usize>,
    pub existed: bool,
}

/// Deletes the saved state at `path` (and a temporary file a killed save left): the next
/// sandbox on it starts a fresh world, with a new world id.
pub fn reset(path: &Path) -> std::io::Result<Reset> {
    let objects = match read_text(path) {
        Ok(Some(Ok(text))) => State::from_json(&text).ok().map(|s| s.objects.len()),
        _ => None,
    };
    let existed = match std::fs::remove_file(path) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(e),
    };
    let _ = std::fs::remove_file(path.with_extension("tmp"));
    Ok(Reset {
        path: path.to_path_buf(),
        objects,
        existed,
    })
}

/// Writes a file atomically (temporary file, then rename) with mode 0600.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("tmp");
    {
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut f = opts.open(&tmp)?;
        // A temporary file left behind keeps its old mode through truncate and rename: set it.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_state_is_moved_aside_and_a_fresh_world_with_a_new_id_begins() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::write(&path, b"{\"next_id\": 1, \"acc").unwrap();
        assert!(load(Some(&path), false).is_err(), "refused unless asked");
        let (state, restored) = load(Some(&path), true).unwrap();
        let Restored::SetAside { kept, why } = &restored else {
            panic!("{restored:?}")
        };
        assert!(why.contains(&path.display().to_string()), "{why}");
        assert_eq!(std::fs::read(kept).unwrap(), b"{\"next_id\": 1, \"acc");
        assert!(!path.exists());
        assert!(!state.world.is_empty() && state.objects.is_empty());
    }

    #[test]
    fn reset_deletes_the_saved_world_and_says_what_it_held() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let state = State::default();
        write_private(&path, state.to_json().as_bytes()).unwrap();
        assert_eq!(saved_world(&path), Some(state.world.clone()));
        let r = reset(&path).unwrap();
        assert!(r.existed && r.objects == Some(0) && !path.exists(), "{r:?}");
        assert_eq!(saved_world(&path), None);
        assert!(!reset(&path).unwrap().existed);
    }
}
