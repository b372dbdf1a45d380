//! Image previews: decoded once off the UI task, with bounded memory (JPEGs are scaled down
//! while they are decoded), then scaled to a panel and encoded for the terminal (kitty, iTerm2,
//! sixel, or Unicode half-blocks) per size, so a resize re-scales without decoding again.

use std::fmt;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::sync::Arc;

use image::imageops::FilterType;
use image::{DynamicImage, GrayImage, ImageReader, Limits, RgbImage};
use ratatui::layout::Size;
use ratatui_image::Resize;
use ratatui_image::picker::Picker;
use ratatui_image::protocol::Protocol;

use crate::spec::CropBox;
use crate::spec::{ImageFacts, ImageFormat};

/// The longest side kept after decoding; previews never need more.
pub const MAX_SIDE: u32 = 1024;
/// The most memory a decoder may ask for (a PNG, or a progressive JPEG's coefficients).
pub const MAX_DECODE_BYTES: u64 = 128 * 1024 * 1024;

/// One decode at a time: a buyer tabbing through ten big photos must not hold ten at once.
static DECODING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A decoded image, small enough to keep: the pixels at most `MAX_SIDE` on a side and the
/// original's size (the crop is in original pixels).
#[derive(Clone)]
pub struct Decoded {
    pub image: DynamicImage,
    pub width: u32,
    pub height: u32,
}

impl fmt::Debug for Decoded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Decoded({}x{} from {}x{})",
            self.image.width(),
            self.image.height(),
            self.width,
            self.height
        )
    }
}

/// A decoded image shared between the state and the task that encodes it.
#[derive(Debug, Clone)]
pub struct SharedImage(pub Arc<Decoded>);

impl PartialEq for SharedImage {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// An encoded preview, ready to draw.
#[derive(Clone)]
pub struct Shown(pub Arc<Protocol>);

impl fmt::Debug for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Shown")
    }
}

/// What a preview shows: which image, the crop (dimming the rest, or cut to a placement's
/// shape), and the panel's size in cells.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PreviewKey {
    pub file: String,
    pub crop: Option<CropBox>,
    /// `Some((w, h))`: the crop cut to this shape (a placement), instead of the whole image
    /// with the outside dimmed.
    pub shape: Option<(u32, u32)>,
    pub cells: (u16, u16),
}

/// Where a preview goes: the image, the shape and the size, without the crop.
pub type PanelId = (String, Option<(u32, u32)>, (u16, u16));

impl PreviewKey {
    pub fn panel(&self) -> PanelId {
        (self.file.clone(), self.shape, self.cells)
    }
}

/// Decodes an image file for previews. Never panics: a damaged, truncated, unsupported or
/// too large file is an error message for the screen.
pub fn decode(path: &Path) -> Result<Decoded, String> {
    let _one_at_a_time = DECODING.lock().unwrap_or_else(|e| e.into_inner());
    let facts = crate::store::images::read_image_facts(path);
    let (format, width, height) = match facts {
        ImageFacts::Read {
            format,
            width,
            height,
            ..
        } => (format, width, height),
        ImageFacts::Missing => return Err("no such file".into()),
        ImageFacts::Unreadable(why) => return Err(why),
    };
    if let ImageFormat::Other(what) = &format {
        return Err(format!(
            "not an image dcw can preview ({what}; JPEG or PNG)"
        ));
    }
    if width == 0 || height == 0 {
        return Err(format!("the image says it is {width}×{height}"));
    }
    let image = match format {
        ImageFormat::Jpeg => decode_jpeg(path)?,
        ImageFormat::Png => {
            let mut reader = ImageReader::new(BufReader::new(open_image(path)?))
                .with_guessed_format()
                .map_err(|e| format!("cannot read: {e}"))?;
            let mut limits = Limits::default();
            limits.max_alloc = Some(MAX_DECODE_BYTES);
            reader.limits(limits);
            reader.decode().map_err(|e| match e {
                image::ImageError::Limits(_) => format!(
                    "{width}×{height} is too large to preview (the crop still works by numbers)"
                ),
                other => format!("cannot decode the PNG: {other}"),
            })?
        }
        ImageFormat::Gif => return Err("no preview for GIF images".into()),
        ImageFormat::Other(_) => return Err("not an image dcw can preview (JPEG or PNG)".into()),
    };
    // `thumbnail` averages areas in integers: no full-size float copy on the way down.
    let image = if image.width() > MAX_SIDE || image.height() > MAX_SIDE {
        image.thumbnail(MAX_SIDE, MAX_SIDE)
    } else {
        image
    };
    Ok(Decoded {
        image,
        width,
        height,
    })
}

/// Opens an image to decode it: a regular file of at most 30 MB, opened without blocking (a
/// named pipe put in place of the file after its facts were read is refused, not waited on).
fn open_image(path: &Path) -> Result<File, String> {
    crate::store::files::open_regular(path, crate::store::files::FileKind::Image)
        .map(|(file, _)| file)
        .map_err(|e| match e {
            crate::store::files::ReadError::NotFound { .. } => "no such file".to_string(),
            other => other.to_string(),
        })
}

/// A JPEG scaled by the decoder itself (1/2, 1/4 or 1/8 in the DCT), so a 12000×12000 photo
/// never exists in memory at full size.
fn decode_jpeg(path: &Path) -> Result<DynamicImage, String> {
    let mut d = jpeg_decoder::Decoder::new(BufReader::new(open_image(path)?));
    d.set_max_decoding_buffer_size(MAX_DECODE_BYTES as usize);
    d.read_info()
        .map_err(|e| format!("the JPEG is damaged ({e})"))?;
    // (Read before `scale`, which makes `info` report the scaled size.)
    // Progressive and lossless JPEGs keep every coefficient of the full image while they
    // decode: refuse the ones that would not fit the budget rather than take the memory.
    if let Some(info) = d.info()
        && info.coding_process != jpeg_decoder::CodingProcess::DctSequential
    {
        let components: u64 = match info.pixel_format {
            jpeg_decoder::PixelFormat::L8 | jpeg_decoder::PixelFormat::L16 => 1,
            jpeg_decoder::PixelFormat::RGB24 => 3,
            jpeg_decoder::PixelFormat::CMYK32 => 4,
        };
        let need = u64::from(info.width) * u64::from(info.height) * components * 2;
        if need > MAX_DECODE_BYTES {
            let kind = match info.coding_process {
                jpeg_decoder::CodingProcess::Lossless => "lossless",
                _ => "progressive",
            };
            return Err(format!(
                "a {}×{} {kind} JPEG is too large to preview (the crop still works by numbers)",
                info.width, info.height
            ));
        }
    }
    let side = MAX_SIDE as u16;
    let (w, h) = d
        .scale(side, side)
        .map_err(|e| format!("the JPEG is damaged ({e})"))?;
    let pixels = d.decode().map_err(|e| match e {
        jpeg_decoder::Error::Format(m) if m.contains("buffer") || m.contains("exceed") => {
            "too large to preview (the crop still works by numbers)".to_string()
        }
        other => format!("the JPEG is damaged or truncated ({other})"),
    })?;
    let info = d.info().ok_or("the JPEG has no frame")?;
    let (w, h) = (u32::from(w), u32::from(h));
    let img = match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => {
            RgbImage::from_raw(w, h, pixels).map(DynamicImage::ImageRgb8)
        }
        jpeg_decoder::PixelFormat::L8 => {
            GrayImage::from_raw(w, h, pixels).map(DynamicImage::ImageLuma8)
        }
        jpeg_decoder::PixelFormat::L16 => {
            // Native-endian 16-bit samples: keep the high byte.
            let bytes: Vec<u8> = pixels
                .chunks_exact(2)
                .map(|c| (u16::from_ne_bytes([c[0], c[1]]) >> 8) as u8)
                .collect();
            GrayImage::from_raw(w, h, bytes).map(DynamicImage::ImageLuma8)
        }
        jpeg_decoder::PixelFormat::CMYK32 => {
            let rgb: Vec<u8> = pixels
                .chunks_exact(4)
                .flat_map(|p| {
                    let k = 255 - u32::from(p[3]);
                    [p[0], p[1], p[2]].map(|c| ((255 - u32::from(c)) * k / 255) as u8)
                })
                .collect();
            RgbImage::from_raw(w, h, rgb).map(DynamicImage::ImageRgb8)
        }
    };
    img.ok_or_else(|| "the JPEG's pixels do not match its size".to_string())
}

/// The crop box in the decoded image's pixels.
fn scaled(bx: &CropBox, d: &Decoded) -> [[u32; 2]; 2] {
    let sx = f64::from(d.image.width()) / f64::from(d.width.max(1));
    let sy = f64::from(d.image.height()) / f64::from(d.height.max(1));
    let x = |v: i64, s: f64, max: u32| ((v.max(0) as f64 * s).round() as u32).min(max);
    [
        [
            x(bx[0][0], sx, d.image.width()),
            x(bx[0][1], sy, d.image.height()),
        ],
        [
            x(bx[1][0], sx, d.image.width()),
            x(bx[1][1], sy, d.image.height()),
        ],
    ]
}

/// The picture for a key: the whole image with what the crop cuts away dimmed, or the crop
/// cut to a placement's shape (centred).
pub fn picture(d: &Decoded, key: &PreviewKey) -> DynamicImage {
    let mut rgb = d.image.to_rgb8();
    let Some(bx) = key.crop else {
        return DynamicImage::ImageRgb8(rgb);
    };
    let [[l, t], [r, b]] = scaled(&bx, d);
    match key.shape {
        None => {
            for (x, y, p) in rgb.enumerate_pixels_mut() {
                if x < l || x >= r || y < t || y >= b {
                    for c in p.0.iter_mut() {
                        *c = (u16::from(*c) * 3 / 10) as u8;
                    }
                }
            }
            DynamicImage::ImageRgb8(rgb)
        }
        Some((sw, sh)) if sw > 0 && sh > 0 => {
            let (cw, ch) = (r.saturating_sub(l).max(1), b.saturating_sub(t).max(1));
            // The largest box of the placement's shape inside the crop, centred.
            let (pw, ph) = if u64::from(cw) * u64::from(sh) > u64::from(ch) * u64::from(sw) {
                ((u64::from(ch) * u64::from(sw) / u64::from(sh)) as u32, ch)
            } else {
                (cw, (u64::from(cw) * u64::from(sh) / u64::from(sw)) as u32)
            };
            let (pw, ph) = (pw.max(1), ph.max(1));
            let x = l + (cw - pw.min(cw)) / 2;
            let y = t + (ch - ph.min(ch)) / 2;
            DynamicImage::ImageRgb8(rgb).crop_imm(x, y, pw, ph)
        }
        Some(_) => DynamicImage::ImageRgb8(rgb),
    }
}

/// Encodes a preview for the terminal at the key's size.
pub fn encode(picker: &Picker, d: &Decoded, key: &PreviewKey) -> Result<Shown, String> {
    if key.cells.0 == 0 || key.cells.1 == 0 {
        return Err("no room for a picture here".into());
    }
    let img = picture(d, key);
    picker
        .new_protocol(
            img,
            Size::new(key.cells.0, key.cells.1),
            Resize::Scale(Some(FilterType::Triangle)),
        )
        .map(|p| Shown(Arc::new(p)))
        .map_err(|e| format!("cannot draw the preview: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/examples/images")
            .join(name)
    }

    #[test]
    fn an_example_decodes_and_keeps_its_original_size() {
        let d = decode(&example("boots.jpg")).unwrap();
        assert_eq!((d.width, d.height), (1080, 1080));
        assert!(d.image.width() <= MAX_SIDE);
    }

    #[test]
    fn a_crop_to_a_placement_has_the_placement_shape() {
        let d = decode(&example("boots.jpg")).unwrap();
        let key = PreviewKey {
            file: "x".into(),
            crop: Some([[0, 0], [1080, 1080]]),
            shape: Some((9, 16)),
            cells: (10, 10),
        };
        let p = picture(&d, &key);
        let ratio = f64::from(p.width()) / f64::from(p.height());
        assert!(
            (ratio - 9.0 / 16.0).abs() < 0.02,
            "{}x{}",
            p.width(),
            p.height()
        );
    }
}
