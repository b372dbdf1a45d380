//! Files dcw writes: atomically (temporary file, fsync, rename) and private (mode 0600); and
//! files dcw reads: regular files only, opened without blocking, with a size limit per kind.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// What kind of file dcw reads, and so how much of it it will read at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A launch spec (10 MB).
    Spec,
    /// A local image (Meta takes images up to 30 MB).
    Image,
    /// The token file (64 KB).
    Token,
    /// A launch or fix journal (16 MB).
    Journal,
    /// The config file (1 MB).
    Config,
    /// A wizard draft (10 MB).
    Draft,
    /// A local video, read in chunks as it uploads (Meta takes ad videos up to 4 GB).
    Video,
    /// The targeting presets file (10 MB: one preset may hold Meta's 50,000 postcodes).
    Presets,
}

impl FileKind {
    /// The most bytes dcw reads from a file of this kind.
    pub fn max_bytes(self) -> u64 {
        match self {
            FileKind::Spec | FileKind::Draft | FileKind::Presets => 10 * 1000 * 1000,
            // The same 30 MB the rules hold an image to, so what validates also uploads.
            FileKind::Image => crate::spec::tables::MAX_IMAGE_BYTES,
            FileKind::Video => crate::spec::tables::MAX_VIDEO_BYTES,
            FileKind::Token => 64 * 1024,
            FileKind::Journal => 16 * 1000 * 1000,
            FileKind::Config => 1000 * 1000,
        }
    }

    /// The kind in words, for messages: "a spec", "an image".
    pub fn noun(self) -> &'static str {
        match self {
            FileKind::Spec => "a spec",
            FileKind::Image => "an image",
            FileKind::Video => "a video",
            FileKind::Token => "a token file",
            FileKind::Journal => "a launch journal",
            FileKind::Config => "the config file",
            FileKind::Draft => "a draft",
            FileKind::Presets => "the presets file",
        }
    }
}

/// Why a file could not be read. Every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: cannot read the file: no such file")]
    NotFound { path: PathBuf },
    /// A FIFO, a device, a socket or a folder: reading it could block forever or never end.
    #[error("{path}: is {what}, not a regular file; {noun} must be a regular file")]
    NotRegular {
        path: PathBuf,
        what: &'static str,
        noun: &'static str,
    },
    #[error("{path}: {size} bytes is too large for {noun} (at most {max} bytes)")]
    TooLarge {
        path: PathBuf,
        size: u64,
        max: u64,
        noun: &'static str,
    },
    #[error("{path}: is not UTF-8 text")]
    NotText { path: PathBuf },
    #[error("{path}: cannot read the file: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl ReadError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::NotFound { .. })
    }
}

/// What a non-regular file is, in words.
fn file_type_words(ft: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if ft.is_char_device() {
            return "a character device";
        }
        if ft.is_block_device() {
            return "a block device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    if ft.is_dir() {
        return "a folder";
    }
    "not a regular file"
}

/// Opens `path` for reading without blocking (a FIFO with no writer would hang a plain open)
/// and checks, on the open file, that it is a regular file no larger than `kind` allows.
/// Returns the file and its size.
pub fn open_regular(path: &Path, kind: FileKind) -> Result<(std::fs::File, u64), ReadError> {
    let (file, len) = open_regular_any_size(path, kind)?;
    if len > kind.max_bytes() {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            size: len,
            max: kind.max_bytes(),
            noun: kind.noun(),
        });
    }
    Ok((file, len))
}

/// [`open_regular`] without the size check, for a caller that reads only a bounded part of the
/// file (an image's header and its last bytes) and judges the size itself (the rules name an
/// image over 30 MB by its size).
pub fn open_regular_any_size(
    path: &Path,
    kind: FileKind,
) -> Result<(std::fs::File, u64), ReadError> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = opts.open(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound {
            path: path.to_path_buf(),
        },
        _ => ReadError::Io {
            path: path.to_path_buf(),
            source,
        },
    })?;
    let meta = file.metadata().map_err(|source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if !meta.file_type().is_file() {
        return Err(ReadError::NotRegular {
            path: path.to_path_buf(),
            what: file_type_words(meta.file_type()),
            noun: kind.noun(),
        });
    }
    Ok((file, meta.len()))
}

/// Reads a whole regular file of `kind`, never more than its limit (a file that grows while it
/// is read is cut off and refused).
pub fn read_bounded(path: &Path, kind: FileKind) -> Result<Vec<u8>, ReadError> {
    let (file, len) = open_regular(path, kind)?;
    let max = kind.max_bytes();
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| ReadError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            max,
            noun: kind.noun(),
        });
    }
    Ok(bytes)
}

/// [`read_bounded`] as UTF-8 text.
pub fn read_text_bounded(path: &Path, kind: FileKind) -> Result<String, ReadError> {
    let bytes = read_bounded(path, kind)?;
    String::from_utf8(bytes).map_err(|_| ReadError::NotText {
        path: path.to_path_buf(),
    })
}

/// Writes `bytes` to `path` atomically with mode 0600, creating the folder (0700) if needed.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        create_private_dir(dir)?;
    }
    let tmp = path.with_extension(format!(
        "{}.tmp{}",
        path.extension().and_then(|e| e.to_str()).unwrap_or(""),
        std::process::id()
    ));
    {
        let mut f = open_private(
            std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true),
            &tmp,
        )?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}

/// Opens `path` with `opts`, private: a new file is created 0600, and one that was already there
/// (a log of an older version, a temporary file left behind) is made 0600 before a byte is written.
pub fn open_private(
    opts: &mut std::fs::OpenOptions,
    path: &Path,
) -> std::io::Result<std::fs::File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let f = opts.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(f)
}

/// Creates a folder (and its parents) readable only by its owner.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// Reads a file that holds a secret, refusing it (as ssh does) when group or others can read it.
pub fn read_private(path: &Path) -> Result<Option<String>, String> {
    let meta = match open_regular(path, FileKind::Token) {
        Ok((f, _)) => f
            .metadata()
            .map_err(|e| format!("{}: {e}", path.display()))?,
        Err(e) if e.is_not_found() => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(format!(
                "{}: permissions {mode:04o} are too open; a token file must be readable by you only (chmod 600)",
                path.display()
            ));
        }
    }
    let _ = meta;
    read_text_bounded(path, FileKind::Token)
        .map(Some)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_files_are_0600_and_replace_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a/b/journal.json");
        write_private(&p, b"one").unwrap();
        write_private(&p, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let leftovers: Vec<_> = std::fs::read_dir(p.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_already_there_with_a_loose_mode_is_made_private_when_opened() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("dcw.log");
        std::fs::write(&p, "old line\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        open_private(std::fs::OpenOptions::new().append(true).create(true), &p).unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old line\n");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_a_device_and_a_folder_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let e = read_bounded(&fifo, FileKind::Spec).unwrap_err().to_string();
        assert!(e.contains("named pipe (FIFO)") && e.contains("pipe"), "{e}");
        let e = read_bounded(Path::new("/dev/zero"), FileKind::Spec)
            .unwrap_err()
            .to_string();
        assert!(e.contains("/dev/zero: is a character device"), "{e}");
        let e = read_bounded(dir.path(), FileKind::Config)
            .unwrap_err()
            .to_string();
        assert!(e.contains("is a folder"), "{e}");
        let e = read_private(&fifo).unwrap_err();
        assert!(e.contains("named pipe"), "{e}");
    }

    #[test]
    fn a_file_over_its_kinds_limit_is_refused_by_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.json");
        let f = std::fs::File::create(&p).unwrap();
        f.set_len(FileKind::Spec.max_bytes() + 1).unwrap();
        let e = read_bounded(&p, FileKind::Spec).unwrap_err().to_string();
        assert!(e.contains("too large for a spec"), "{e}");
        std::fs::write(&p, b"{}").unwrap();
        assert_eq!(read_text_bounded(&p, FileKind::Spec).unwrap(), "{}");
        std::fs::write(&p, [0xff, 0xfe]).unwrap();
        let e = read_text_bounded(&p, FileKind::Spec)
            .unwrap_err()
            .to_string();
        assert!(e.contains("not UTF-8"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn token_files_readable_by_others_are_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("token");
        std::fs::write(&p, "EAAB").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = read_private(&p).unwrap_err();
        assert!(e.contains("chmod 600"), "{e}");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(read_private(&p).unwrap().as_deref(), Some("EAAB"));
        assert_eq!(read_private(&dir.path().join("none")).unwrap(), None);
    }
}
