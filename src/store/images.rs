//! What local image files hold, read from their headers and their last bytes (never decoded
//! whole, never read further than the header needs).

use std::collections::HashMap;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use super::files::{FileKind, ReadError, open_regular_any_size};
use crate::spec::tables::MAX_IMAGE_BYTES;
use crate::spec::{ImageFacts, ImageFormat, LaunchSpec};

/// How far into a file the header reader may go: a JPEG's frame header can follow large
/// metadata segments (which it seeks over), but never lies beyond what Meta takes.
const HEADER_WINDOW: u64 = MAX_IMAGE_BYTES;
/// How many of the last bytes are read to find the format's end marker (the marker itself and
/// a little padding some writers add after it).
const TAIL_BYTES: u64 = 64;

/// Whether an ISO-BMFF file (`ftyp` at byte 4, which HEIF images and MP4/MOV videos share)
/// names a major brand that is not an image's.
fn video_brand(r: &mut (impl Read + Seek)) -> bool {
    let mut brand = [0u8; 4];
    r.seek(SeekFrom::Start(8)).is_ok()
        && r.read_exact(&mut brand).is_ok()
        && !matches!(
            &brand,
            b"heic"
                | b"heix"
                | b"heim"
                | b"heis"
                | b"hevc"
                | b"hevx"
                | b"mif1"
                | b"msf1"
                | b"avif"
                | b"avis"
        )
}

/// Reads the header of one image file: format by content, dimensions, size in bytes, and
/// whether the file ends where its format says the picture ends. A named pipe, a device or a
/// folder is unreadable at once (opened without blocking, never read).
pub fn read_image_facts(path: &Path) -> ImageFacts {
    let (file, len) = match open_regular_any_size(path, FileKind::Image) {
        Ok(f) => f,
        Err(ReadError::NotFound { .. }) => return ImageFacts::Missing,
        Err(ReadError::NotRegular { what, .. }) => {
            return ImageFacts::Unreadable(format!("it is {what}, not a regular file"));
        }
        Err(ReadError::Io { source, .. }) => return ImageFacts::Unreadable(source.to_string()),
        Err(other) => return ImageFacts::Unreadable(other.to_string()),
    };
    let mut reader = BufReader::new(Window {
        inner: file,
        pos: 0,
        limit: HEADER_WINDOW,
    });
    let kind = match imagesize::reader_type(&mut reader) {
        Ok(k) => k,
        Err(imagesize::ImageError::IoError(e)) => {
            return ImageFacts::Unreadable(format!("too short to be an image ({e})"));
        }
        Err(_) => {
            return ImageFacts::Read {
                format: ImageFormat::Other("no image format dcw recognises".into()),
                width: 0,
                height: 0,
                bytes: len,
                complete: true,
            };
        }
    };
    let format = match kind {
        imagesize::ImageType::Jpeg => ImageFormat::Jpeg,
        imagesize::ImageType::Png => ImageFormat::Png,
        imagesize::ImageType::Gif => ImageFormat::Gif,
        other => ImageFormat::Other(format!("{other:?}").to_uppercase()),
    };
    let size = match kind.reader_size(&mut reader) {
        Ok(size) => size,
        Err(e) => {
            let why = if matches!(kind, imagesize::ImageType::Heif(_)) && video_brand(&mut reader) {
                "it is a video (MP4 or MOV), not an image".to_string()
            } else {
                format!("the image header is damaged ({e})")
            };
            return ImageFacts::Unreadable(why);
        }
    };
    let mut file = reader.into_inner().inner;
    let complete = match read_tail(&mut file, len) {
        Ok(tail) => ends_whole(&format, &tail),
        Err(e) => return ImageFacts::Unreadable(format!("cannot read its last bytes ({e})")),
    };
    ImageFacts::Read {
        format,
        width: u32::try_from(size.width).unwrap_or(u32::MAX),
        height: u32::try_from(size.height).unwrap_or(u32::MAX),
        bytes: len,
        complete,
    }
}

/// The last (up to) [`TAIL_BYTES`] bytes of a file of `len` bytes.
fn read_tail(file: &mut std::fs::File, len: u64) -> std::io::Result<Vec<u8>> {
    let n = len.min(TAIL_BYTES);
    file.seek(SeekFrom::Start(len - n))?;
    let mut tail = Vec::with_capacity(n as usize);
    file.take(n).read_to_end(&mut tail)?;
    Ok(tail)
}

/// Whether the file's last bytes hold its format's end marker: PNG's `IEND` chunk (its CRC is
/// always AE 42 60 82), JPEG's end-of-image marker FF D9, GIF's trailer 0x3B. A few bytes of
/// padding after it (zeros, line ends, spaces: some writers add them) are allowed. Formats dcw
/// does not take are not judged.
pub fn ends_whole(format: &ImageFormat, tail: &[u8]) -> bool {
    const MAX_PADDING: usize = 16;
    let trimmed = tail
        .iter()
        .rposition(|b| !matches!(b, 0x00 | b'\n' | b'\r' | b' '))
        .map_or(&tail[..0], |i| &tail[..=i]);
    if tail.len() - trimmed.len() > MAX_PADDING {
        return false;
    }
    match format {
        ImageFormat::Png => trimmed.ends_with(b"IEND\xAE\x42\x60\x82"),
        ImageFormat::Jpeg => trimmed.ends_with(&[0xFF, 0xD9]),
        ImageFormat::Gif => trimmed.ends_with(&[0x3B]),
        ImageFormat::Other(_) => true,
    }
}

/// A reader that refuses to read past `limit` bytes into the file: the header parser seeks over
/// what it skips, and this bounds what it may read however the header is made.
struct Window<R> {
    inner: R,
    pos: u64,
    limit: u64,
}

impl<R: Read> Read for Window<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pos >= self.limit {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                format!("no picture size in the first {} bytes", self.limit),
            ));
        }
        let room = usize::try_from(self.limit - self.pos).unwrap_or(usize::MAX);
        let n = buf.len().min(room);
        let got = self.inner.read(&mut buf[..n])?;
        self.pos += got as u64;
        Ok(got)
    }
}

impl<R: Seek> Seek for Window<R> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        self.pos = self.inner.seek(to)?;
        Ok(self.pos)
    }
}

/// Facts for every `file` image of a spec and every video's local `thumbnail.file`, with
/// relative paths resolved against `base_dir` (the spec file's folder). Keys are the `file`
/// values as written.
pub fn image_facts(spec: &LaunchSpec, base_dir: &Path) -> HashMap<String, ImageFacts> {
    let feeds = || {
        spec.creative
            .iter()
            .filter_map(|c| c.asset_feed_spec.as_ref())
    };
    let images = feeds()
        .filter_map(|f| f.images.as_ref())
        .flatten()
        .filter_map(|i| i.file.as_deref());
    let thumbnails = feeds()
        .filter_map(|f| f.videos.as_ref())
        .flatten()
        .filter_map(|v| v.thumbnail.as_ref()?.file.as_deref());
    images
        .chain(thumbnails)
        .map(|f| (f.to_string(), read_image_facts(&base_dir.join(f))))
        .collect()
}

/// Meta's image hash: the MD5 of the file's bytes, in lowercase hex.
pub fn md5_hex(bytes: &[u8]) -> String {
    use md5::{Digest, Md5};
    Md5::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_markers_are_found_with_a_little_padding_and_missed_when_cut_off() {
        let png = b"....\x00\x00\x00\x00IEND\xAE\x42\x60\x82";
        assert!(ends_whole(&ImageFormat::Png, png));
        assert!(!ends_whole(&ImageFormat::Png, &png[..png.len() - 1]));
        assert!(ends_whole(&ImageFormat::Jpeg, b"\x12\x34\xFF\xD9"));
        assert!(ends_whole(
            &ImageFormat::Jpeg,
            b"\x12\x34\xFF\xD9\x00\x00\n"
        ));
        assert!(!ends_whole(
            &ImageFormat::Jpeg,
            b"\x12\x34\xFF\xD9\x00\x00\x12"
        ));
        assert!(!ends_whole(&ImageFormat::Jpeg, &[0u8; 64]), "all padding");
        assert!(ends_whole(&ImageFormat::Gif, b"\x44\x01\x00\x3B"));
        assert!(!ends_whole(&ImageFormat::Gif, b"\x44\x01\x00"));
        assert!(ends_whole(&ImageFormat::Other("BMP".into()), b""));
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_unreadable_at_once_not_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("photo.jpg");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let (tx, rx) = std::sync::mpsc::channel();
        let path = fifo.clone();
        std::thread::spawn(move || {
            let _ = tx.send(read_image_facts(&path));
        });
        let facts = rx
            .recv_timeout(std::time::Duration::from_secs(1))
            .expect("the facts of a named pipe come back within a second");
        assert_eq!(
            facts,
            ImageFacts::Unreadable("it is a named pipe (FIFO), not a regular file".into())
        );
    }
}
