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
    let shown = || crate::spec::text::sanitize(&path.display().to_string()).into_owned();
    match std::fs::symlink_metadata(path) {
        Ok(_) if !overwrite => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("{} exists already (--force replaces it)", shown()),
            ));
        }
        // Only a plain file is replaced: never a device (`/dev/null`), a folder, a pipe, or a
        // link (whose target would be left and the link replaced).
        Ok(m) if !m.file_type().is_file() => {
            return Err(std::io::Error::other(format!(
                "{} is not a plain file (a device, folder, pipe or link): dcw replaces only a file",
                shown()
            )));
        }
        _ => {}
    }
    if overwrite {
        return super::files::write_private(path, text.as_bytes());
    }
    // Written whole beside it, then linked in only if the name is still free: two writers at
    // once cannot both take it (the second gets `AlreadyExists`).
    let tmp = path.with_extension(format!("json.new{}", std::process::id()));
    super::files::write_private(&tmp, text.as_bytes())?;
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    linked.map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{} exists already (--force replaces it)", shown()),
        ),
        _ => e,
    })
}

#[cfg(test)]
mod write_tests {
    use super::*;

    /// A new file is written 0600; an existing one is refused without `overwrite`, and with it
    /// only a plain file is replaced: a link (its target left as it was) and a folder are refused.
    #[test]
    fn only_a_plain_file_is_replaced_and_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("next.json");
        write_spec_file(&out, "{}", false).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let e = write_spec_file(&out, "{\"a\":1}", false).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
        write_spec_file(&out, "{\"a\":1}", true).unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "{\"a\":1}");
        assert!(
            std::fs::read_dir(dir.path()).unwrap().count() == 1,
            "no temporary file is left"
        );

        #[cfg(unix)]
        {
            let link = dir.path().join("link.json");
            std::os::unix::fs::symlink(&out, &link).unwrap();
            let e = write_spec_file(&link, "{}", true).unwrap_err();
            assert!(e.to_string().contains("not a plain file"), "{e}");
            assert!(
                std::fs::symlink_metadata(&link)
                    .unwrap()
                    .file_type()
                    .is_symlink()
            );
            assert_eq!(std::fs::read_to_string(&out).unwrap(), "{\"a\":1}");
        }
        let e = write_spec_file(dir.path(), "{}", true).unwrap_err();
        assert!(e.to_string().contains("not a plain file"), "{e}");
    }
}
