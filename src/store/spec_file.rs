//! Spec files on disk.

use std::path::{Path, PathBuf};

use super::files::{FileKind, ReadError, read_text_bounded};
use crate::spec::{LaunchSpec, ParseError, parse_spec};

/// Why a spec file could not be loaded; the message names the file.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// Missing, not a regular file (a FIFO, `/dev/zero`), over 10 MB, not UTF-8, or unreadable.
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("{path}: {source}")]
    Parse { path: PathBuf, source: ParseError },
}

/// Reads a spec file's text: a regular file of at most 10 MB ([`FileKind::Spec`]), opened
/// without blocking, so a named pipe or a device is refused at once instead of hanging.
pub fn read_spec_text(path: &Path) -> Result<String, ReadError> {
    read_text_bounded(path, FileKind::Spec)
}

/// Reads and parses a spec file.
pub fn load_spec(path: &Path) -> Result<LaunchSpec, LoadError> {
    let text = read_spec_text(path)?;
    parse_spec(&text).map_err(|source| LoadError::Parse {
        path: path.to_path_buf(),
        source,
    })
}

/// The folder relative image paths in a spec resolve against.
pub fn spec_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes a spec file (atomic, 0600). An existing file is refused unless `overwrite`: the
/// error's kind is then `AlreadyExists`.
pub fn write_spec_file(path: &Path, text: &str, overwrite: bool) -> std::io::Result<()> {
    if !overwrite && std::fs::symlink_metadata(path).is_ok() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!(
                "{} exists already (--force replaces it)",
                crate::spec::text::sanitize(&path.display().to_string())
            ),
        ));
    }
    super::files::write_private(path, text.as_bytes())
}
