//! What local image files hold, read from their headers (never decoded whole).

use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use crate::spec::{ImageFacts, ImageFormat, LaunchSpec};

/// Reads the header of one image file: format by content, dimensions, size in bytes.
pub fn read_image_facts(path: &Path) -> ImageFacts {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return ImageFacts::Missing,
        Err(e) => return ImageFacts::Unreadable(e.to_string()),
    };
    let meta = match file.metadata() {
        Ok(m) if m.is_dir() => return ImageFacts::Unreadable("it is a folder".into()),
        Ok(m) => m,
        Err(e) => return ImageFacts::Unreadable(e.to_string()),
    };
    let mut reader = BufReader::new(file);
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
                bytes: meta.len(),
            };
        }
    };
    let format = match kind {
        imagesize::ImageType::Jpeg => ImageFormat::Jpeg,
        imagesize::ImageType::Png => ImageFormat::Png,
        imagesize::ImageType::Gif => ImageFormat::Gif,
        other => ImageFormat::Other(format!("{other:?}").to_uppercase()),
    };
    match kind.reader_size(&mut reader) {
        Ok(size) => ImageFacts::Read {
            format,
            width: u32::try_from(size.width).unwrap_or(u32::MAX),
            height: u32::try_from(size.height).unwrap_or(u32::MAX),
            bytes: meta.len(),
        },
        Err(e) => ImageFacts::Unreadable(format!("the image header is damaged ({e})")),
    }
}

/// Facts for every `file` image of a spec, with relative paths resolved against `base_dir`
/// (the spec file's folder). Keys are the `file` values as written.
pub fn image_facts(spec: &LaunchSpec, base_dir: &Path) -> HashMap<String, ImageFacts> {
    let files = spec
        .creative
        .iter()
        .filter_map(|c| c.asset_feed_spec.as_ref())
        .filter_map(|f| f.images.as_ref())
        .flatten()
        .filter_map(|i| i.file.as_deref());
    files
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
