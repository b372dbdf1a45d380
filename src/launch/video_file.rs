//! A video file as a launch reads it: its stamp (to tell it again across runs), one window of
//! its bytes at a time, and the window a resumed upload sends first.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use super::error::LaunchError;
use crate::graph::{MAX_CHUNK_BYTES, Window};
use crate::store::files::{FileKind, open_regular};

/// The window dcw sends on resuming a journal that does not record Meta's (4 MiB) [dcw's own].
const RESUME_WINDOW: u64 = 4 * 1024 * 1024;
/// How much of each end of a file its fingerprint reads.
const FINGERPRINT_SPAN: u64 = 1024 * 1024;

/// A file as dcw recognises it again: its size, the SHA-256 of its first and last MiB and its
/// modification time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Stamp {
    pub size: u64,
    pub text: String,
}

impl Stamp {
    /// Reads the stamp of a video file (a regular file of at most Meta's 4 GB).
    pub(super) fn of(path: &Path) -> Result<Stamp, LaunchError> {
        use sha2::Digest;
        let (mut file, size) =
            open_regular(path, FileKind::Video).map_err(|e| LaunchError::Io(e.to_string()))?;
        let io = |e: std::io::Error| LaunchError::Io(format!("{}: {e}", path.display()));
        let mut hash = sha2::Sha256::new();
        let mut read_span = |at: u64, file: &mut std::fs::File| -> Result<(), LaunchError> {
            file.seek(SeekFrom::Start(at)).map_err(io)?;
            let mut buf = Vec::with_capacity(FINGERPRINT_SPAN as usize);
            file.take(FINGERPRINT_SPAN)
                .read_to_end(&mut buf)
                .map_err(io)?;
            hash.update(&buf);
            Ok(())
        };
        read_span(0, &mut file)?;
        read_span(size.saturating_sub(FINGERPRINT_SPAN), &mut file)?;
        let hex: String = hash
            .finalize()
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect();
        // The modification time too: a file rewritten in its middle, same size, same ends,
        // is another file (a copy that does not keep the time reads as changed: safe).
        let modified = file
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(String::new(), |d| {
                format!(", modified {}.{:09}", d.as_secs(), d.subsec_nanos())
            });
        Ok(Stamp {
            size,
            text: format!("{size} bytes, fingerprint {hex}{modified}"),
        })
    }
}

/// Reads exactly the bytes `[w.start, w.end)` of `file`: one window, never the whole file.
pub(super) fn read_window(
    file: &mut std::fs::File,
    w: Window,
    path: &Path,
) -> Result<Vec<u8>, LaunchError> {
    let io = |e: std::io::Error| LaunchError::Io(format!("{}: {e}", path.display()));
    file.seek(SeekFrom::Start(w.start)).map_err(io)?;
    let mut chunk = vec![0; (w.end - w.start) as usize];
    file.read_exact(&mut chunk).map_err(io)?;
    Ok(chunk)
}

/// The window a resumed upload sends first, from the journal's `acked` and `end`: the one it
/// records when it can be (inside the file, at most a chunk wide), else `RESUME_WINDOW` from
/// `acked`, and from 0 when `acked` is past the file's end (a damaged journal). A wrong offset
/// costs one window: Meta answers where it stands (1363037) and the upload goes on from there.
pub(super) fn resume_window(acked: u64, end: u64, size: u64) -> Window {
    let start = if acked <= size { acked } else { 0 };
    let end = if start < end && end <= size && end - start <= MAX_CHUNK_BYTES {
        end
    } else {
        start.saturating_add(RESUME_WINDOW).min(size)
    };
    Window { start, end }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_tells_a_changed_file_from_the_same_one() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("v.mp4");
        let mut bytes = vec![7u8; 3 * 1024 * 1024];
        std::fs::write(&p, &bytes).unwrap();
        let a = Stamp::of(&p).unwrap();
        assert_eq!(a.size, bytes.len() as u64);
        assert_eq!(a, Stamp::of(&p).unwrap(), "the same file, the same stamp");
        *bytes.last_mut().unwrap() = 8;
        std::fs::write(&p, &bytes).unwrap();
        assert_ne!(a, Stamp::of(&p).unwrap(), "its last MiB changed");
        // Its middle rewritten, same size and same ends: the modification time tells.
        let before = Stamp::of(&p).unwrap();
        let when = std::fs::metadata(&p).unwrap().modified().unwrap();
        bytes[3 * 512 * 1024] = 9;
        std::fs::write(&p, &bytes).unwrap();
        let f = std::fs::File::options().write(true).open(&p).unwrap();
        f.set_modified(when + std::time::Duration::from_secs(1))
            .unwrap();
        assert_ne!(before, Stamp::of(&p).unwrap(), "its middle changed");
        let e = Stamp::of(&dir.path().join("gone.mp4")).unwrap_err();
        assert!(e.to_string().contains("gone.mp4"), "{e}");
    }

    #[test]
    fn a_resume_window_from_a_damaged_journal_stays_inside_the_file_and_a_chunk() {
        let w = |start, end| Window { start, end };
        let size = 100 * 1024 * 1024;
        assert_eq!(
            resume_window(8, 20, size),
            w(8, 20),
            "the journal's own window"
        );
        assert_eq!(
            resume_window(8, 0, size),
            w(8, 8 + RESUME_WINDOW),
            "no end recorded"
        );
        assert_eq!(
            resume_window(8, 4, size),
            w(8, 8 + RESUME_WINDOW),
            "end before start"
        );
        assert_eq!(
            resume_window(0, size, size),
            w(0, RESUME_WINDOW),
            "wider than a chunk"
        );
        assert_eq!(
            resume_window(size + 5, 0, size),
            w(0, RESUME_WINDOW),
            "past the end"
        );
        assert_eq!(
            resume_window(u64::MAX, u64::MAX, 10),
            w(0, 10),
            "no overflow"
        );
        assert_eq!(resume_window(size - 1, 0, size), w(size - 1, size));
        assert!(
            resume_window(size, size, size).is_done(),
            "every byte acknowledged"
        );
    }

    #[test]
    fn a_window_is_read_from_its_offset_and_only_it() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("v.mp4");
        std::fs::write(&p, (0..=255u8).collect::<Vec<_>>()).unwrap();
        let mut f = std::fs::File::open(&p).unwrap();
        let chunk = read_window(&mut f, Window { start: 10, end: 14 }, &p).unwrap();
        assert_eq!(chunk, vec![10, 11, 12, 13]);
        assert!(
            read_window(
                &mut f,
                Window {
                    start: 250,
                    end: 300
                },
                &p
            )
            .is_err()
        );
    }
}
