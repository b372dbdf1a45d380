//! Image rules: source, file facts, crops (§4 of the reference; square advice from the guide).

use super::super::enums::CropKey;
use super::super::lenient::{GraphEnum, Lenient};
use super::super::model::{ImageAsset, LaunchSpec};
use super::super::tables::{MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS};
use super::{Facts, ImageFacts, ImageFormat, Report, at, earlier_duplicates, file_key, index};

const IMAGES: &str = "creative.asset_feed_spec.images";

fn is_md5_hex(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

pub(super) fn check(spec: &LaunchSpec, facts: &Facts, r: &mut Report) {
    let Some(images) = spec
        .creative
        .as_ref()
        .and_then(|c| c.asset_feed_spec.as_ref())
        .and_then(|f| f.images.as_ref())
    else {
        return;
    };
    // The first earlier image with the same hash or the same file.
    let by_hash = earlier_duplicates(images.iter().map(|o| o.hash.as_deref()));
    let by_file = earlier_duplicates(images.iter().map(|o| o.file.as_deref().map(file_key)));
    for (i, img) in images.iter().enumerate() {
        let path = index(IMAGES, i);
        // The image as the wizard labels it.
        let label = format!("Image {}", i + 1);
        check_source(img, &label, &path, r);
        let earlier = match (by_hash[i], by_file[i]) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let Some(j) = earlier {
            r.repeats(path.clone(), "Image", i, j);
        }
        // A blank file is reported by check_source; there is no file to look at.
        let dims = img
            .file
            .as_deref()
            .filter(|f| !f.trim().is_empty())
            .and_then(|f| check_file(f, &label, facts, &at(&path, "file"), r));
        check_crops(img, &label, dims, &path, r);
    }
}

fn check_source(img: &ImageAsset, label: &str, path: &str, r: &mut Report) {
    if img.url.is_some() {
        r.error(
            at(path, "url"),
            "image.url_unsupported",
            format!("{label} is given by URL; dcw takes images by hash or by local file."),
        )
        .file_hint("Download the image and give its \"file\", or give the \"hash\" of an image already in the account.");
    }
    match (&img.hash, &img.file) {
        (Some(_), Some(_)) => {
            r.error(
                path,
                "image.source_ambiguous",
                format!("{label} has both a hash and a file; give one."),
            );
        }
        (None, None) if img.url.is_none() => {
            r.error(
                path,
                "image.source_missing",
                format!("{label} has neither a hash nor a file."),
            )
            .file_hint(
                "Give \"file\": a path to a JPEG, PNG or GIF (relative to the spec), or \"hash\".",
            );
        }
        (Some(h), None) if !is_md5_hex(h) => {
            r.error(
                at(path, "hash"),
                "image.hash_malformed",
                format!(
                    "{label} has the hash \"{h}\", which is not an image hash: Meta's hashes are 32 hexadecimal characters."
                ),
            );
        }
        (None, Some(f)) if f.trim().is_empty() => {
            r.error(
                at(path, "file"),
                "image.source_missing",
                format!("{label} has an empty file name."),
            );
        }
        _ => {}
    }
}

/// Checks what the file holds; returns its dimensions when it is a usable image.
fn check_file(
    file: &str,
    label: &str,
    facts: &Facts,
    path: &str,
    r: &mut Report,
) -> Option<(u32, u32)> {
    match facts.images.get(file)? {
        ImageFacts::Missing => {
            r.error(
                path,
                "image.file_missing",
                format!("{label}: there is no file at \"{file}\"."),
            )
            .hint("Relative paths start from the spec file's folder.");
            None
        }
        ImageFacts::Unreadable(why) => {
            r.error(
                path,
                "image.file_unreadable",
                format!("{label} (\"{file}\") cannot be read: {why}."),
            );
            None
        }
        ImageFacts::Read {
            format,
            width,
            height,
            bytes,
            complete,
        } => {
            if let ImageFormat::Other(kind) = format {
                r.error(
                    path,
                    "image.format_unsupported",
                    format!("{label} (\"{file}\") holds {kind}, not a JPEG, PNG or GIF."),
                )
                .hint("Export it as JPEG or PNG.");
                return None;
            }
            if *bytes > MAX_IMAGE_BYTES {
                r.error(
                    path,
                    "image.file_too_large",
                    format!(
                        "{label} (\"{file}\") is {:.1} MB; Meta takes images up to 30 MB.",
                        *bytes as f64 / 1_048_576.0
                    ),
                );
            }
            let sized = check_pixels(&format!("{label} (\"{file}\")"), *width, *height, path, r);
            if !complete {
                r.error(
                    path,
                    "image.file_truncated",
                    format!("{label} (\"{file}\") ends before the picture: truncated?"),
                )
                .hint("Its header is there but not the end of its image data; copy or export the file again.");
                return None;
            }
            sized.then_some((*width, *height))
        }
    }
}

/// The size the header claims: at least one pixel each way, at most [`MAX_IMAGE_PIXELS`].
/// Returns whether the size is one to check crops against. `image` names it: `Image 2 ("a.png")`.
fn check_pixels(image: &str, width: u32, height: u32, path: &str, r: &mut Report) -> bool {
    if width == 0 || height == 0 {
        r.error(
            path,
            "image.size_empty",
            format!("{image} says it is {width}x{height} pixels: a picture has at least one pixel each way."),
        )
        .hint("The file is damaged; export it again.");
        return false;
    }
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_IMAGE_PIXELS {
        r.error(
            path,
            "image.size_too_large",
            format!(
                "{image} says it is {width}x{height} pixels ({:.0} megapixels); dcw takes images up to {} megapixels.",
                pixels as f64 / 1e6,
                MAX_IMAGE_PIXELS / 1_000_000
            ),
        )
        .hint("Meta documents no pixel limit, only 30 MB a file; export it smaller (Meta recommends 1080x1080 for the feed).");
        return false;
    }
    true
}

fn check_crops(
    img: &ImageAsset,
    label: &str,
    dims: Option<(u32, u32)>,
    path: &str,
    r: &mut Report,
) {
    let crops_path = at(path, "image_crops");
    let crops = img
        .image_crops
        .as_ref()
        .map(|c| c.0.as_slice())
        .unwrap_or(&[]);
    if crops.len() > 1 {
        r.error(
            crops_path.clone(),
            "image.crop_count",
            format!("{label} has {} crops; Dynamic Creative takes one crop per image and applies it to every placement.", crops.len()),
        )
        .hint("Keep one crop key; 100x100 (square) suits most placements.");
    }
    let mut has_square = false;
    for (key, bx) in crops {
        let p = format!("{crops_path}[\"{}\"]", key.as_str());
        let key = match key {
            Lenient::Known(k) => *k,
            Lenient::Unknown(s) if s == "191x100" => {
                r.error(
                    p,
                    "image.crop_key_obsolete",
                    "Crop key 191x100 is obsolete: Meta refuses it (subcode 2490085).",
                )
                .hint("Use 600x360 or 100x72 for landscape, 100x100 for square.");
                continue;
            }
            Lenient::Unknown(s) => {
                r.error(
                    p,
                    "image.crop_key_unknown",
                    format!("Crop key \"{s}\" is not one Meta documents."),
                )
                .hint(format!(
                    "Use one of {}.",
                    CropKey::ALL
                        .iter()
                        .map(|k| k.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                continue;
            }
        };
        has_square |= key == CropKey::Square100x100;
        let [[left, top], [right, bottom]] = *bx;
        if [left, top, right, bottom].iter().any(|v| *v < 0) {
            r.error(p, "image.crop_negative", format!("The {key} crop has a negative point; crop points start at (0, 0), the top left."));
            continue;
        }
        if right <= left || bottom <= top {
            r.error(
                p,
                "image.crop_inverted",
                "A crop is [[left, top], [right, bottom]]: right must be greater than left and bottom greater than top.",
            );
            continue;
        }
        if let Some((w, h)) = dims
            && (right > i64::from(w) || bottom > i64::from(h))
        {
            r.error(
                p.clone(),
                "image.crop_outside",
                format!("The crop reaches ({right}, {bottom}) but the image is {w}x{h}."),
            )
            .hint(format!(
                "The largest {key} crop centred in it is {:?}.",
                key.largest_centred(w, h)
            ));
            continue;
        }
        if !key.fits(bx) {
            let (kw, kh) = key.ratio();
            let (bw, bh) = (right - left, bottom - top);
            let f = r.error(
                p,
                "image.crop_ratio",
                format!(
                    "The crop is {bw}x{bh} ({:.2}:1), but {key} needs {:.2}:1 (Meta allows 1% off).",
                    bw as f64 / bh as f64,
                    f64::from(kw) / f64::from(kh)
                ),
            );
            if let Some((w, h)) = dims {
                f.hint(format!(
                    "The largest {key} crop centred in the image is {:?}.",
                    key.largest_centred(w, h)
                ));
            }
        }
    }
    if let Some((w, h)) = dims
        && w != h
        && !has_square
    {
        r.warn(
            path,
            "image.not_square",
            format!("{label} is {w}x{h}; Meta recommends square images for Dynamic Creative."),
        )
        .hint(format!(
            "Add a 100x100 crop, e.g. {:?}.",
            CropKey::Square100x100.largest_centred(w, h)
        ));
    }
}
