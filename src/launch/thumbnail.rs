//! Thumbnails of a launch's videos: the spec's own image for a video, cut to its crop and
//! encoded as JPEG, uploaded on `/adimages` as a `thumbnail:<video>` step and sent as the feed
//! video's `thumbnail_hash`; for a local video file (its key is the file) and for a video given
//! by the id of one already in the account (its key is `video <id>`).

use std::collections::HashMap;
use std::path::Path;

use super::error::LaunchError;
use super::event::LaunchEvent;
use super::journal::{LaunchStep, StepRecord, StepState};
use super::pipeline::Run;
use super::requests::{self, FeedVideo};
use crate::store::files::FileKind;

impl Run {
    /// The thumbnails of the spec's videos given by id with a local `thumbnail`, each
    /// uploaded (or reused from the journal): `video <id>` → the id and the thumbnail's hash.
    pub(super) async fn id_video_thumbnails(
        &self,
    ) -> Result<HashMap<String, FeedVideo>, LaunchError> {
        let mut out = HashMap::new();
        for (id, t) in requests::id_video_thumbnails(&self.spec) {
            let key = requests::id_thumbnail_key(&id);
            let step = LaunchStep::Thumbnail(key.clone());
            if self.snapshot().step(&step).is_none() {
                // A journal planned by a dcw that sent these thumbnails as written (its
                // creative was refused): the step is added, so the rerun goes on.
                let name = t.file.clone().unwrap_or_default();
                self.update(|j| {
                    j.steps.push(StepRecord {
                        key: step,
                        name,
                        state: StepState::Pending,
                        stamp: None,
                    })
                })?;
            }
            let hash = self.thumbnail(&key, &t).await?;
            let made = FeedVideo {
                video_id: id,
                thumbnail_hash: Some(hash),
                thumbnail_url: None,
            };
            out.insert(key, made);
        }
        Ok(out)
    }

    /// The spec's thumbnail image for a video, cut to its crop and encoded as JPEG, uploaded as
    /// the `thumbnail:<video>` step (the same bytes give the same hash: reused when the journal
    /// has it); its hash.
    pub(super) async fn thumbnail(
        &self,
        video: &str,
        t: &crate::spec::VideoThumbnail,
    ) -> Result<String, LaunchError> {
        let key = LaunchStep::Thumbnail(video.to_string());
        let file = t.file.clone().unwrap_or_default();
        let path = self.opts.spec_dir.join(&file);
        let bytes = crate::store::files::read_bounded(&path, FileKind::Image)
            .map_err(|e| LaunchError::Io(e.to_string()))?;
        let jpeg = cut_to_jpeg(&bytes, t.crop, &path)?;
        let hash = crate::store::images::md5_hex(&jpeg);
        if self.created(&key).as_deref() == Some(hash.as_str()) {
            self.emit(LaunchEvent::Reused {
                key,
                id: hash.clone(),
            });
            return Ok(hash);
        }
        let stem = Path::new(&file)
            .file_stem()
            .and_then(|n| n.to_str())
            .unwrap_or("thumbnail");
        self.upload(key.clone(), &format!("{stem}.jpg"), &hash, jpeg)
            .await?;
        self.created(&key)
            .ok_or_else(|| LaunchError::Io(format!("{file}: the thumbnail upload gave no hash")))
    }
}

/// An image cut to `crop` (`[[left, top], [right, bottom]]` in its pixels; the whole image
/// without one) and encoded as JPEG. A crop outside the image names the file.
pub(super) fn cut_to_jpeg(
    bytes: &[u8],
    crop: Option<crate::spec::CropBox>,
    path: &Path,
) -> Result<Vec<u8>, LaunchError> {
    let img = image::load_from_memory(bytes).map_err(|e| {
        LaunchError::Io(format!(
            "{}: not an image dcw can read: {e}",
            path.display()
        ))
    })?;
    let (w, h) = (img.width(), img.height());
    let img = match crop {
        None => img,
        Some(bx @ [[l, t], [r, b]]) => {
            if !crate::spec::crop::inside(&bx, w, h) {
                return Err(LaunchError::Io(format!(
                    "{}: the thumbnail's crop [[{l}, {t}], [{r}, {b}]] is not inside the {w}×{h} image",
                    path.display()
                )));
            }
            img.crop_imm(l as u32, t as u32, (r - l) as u32, (b - t) as u32)
        }
    };
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&img.to_rgb8())
        .map_err(|e| {
            LaunchError::Io(format!(
                "{}: cannot encode the thumbnail: {e}",
                path.display()
            ))
        })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thumbnail_is_cut_to_its_crop_and_a_crop_outside_the_image_names_the_file() {
        let img = image::RgbImage::from_pixel(64, 48, image::Rgb([200, 30, 30]));
        let mut png = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let at = Path::new("thumbs/run.png");
        let jpeg = cut_to_jpeg(&png, Some([[8, 4], [40, 36]]), at).unwrap();
        let back = image::load_from_memory(&jpeg).unwrap();
        assert_eq!((back.width(), back.height()), (32, 32));
        let whole = image::load_from_memory(&cut_to_jpeg(&png, None, at).unwrap()).unwrap();
        assert_eq!((whole.width(), whole.height()), (64, 48));
        let e = cut_to_jpeg(&png, Some([[0, 0], [65, 10]]), at).unwrap_err();
        assert!(e.to_string().contains("thumbs/run.png"), "{e}");
        assert!(e.to_string().contains("64×48"), "{e}");
        let e = cut_to_jpeg(b"not an image", None, at).unwrap_err();
        assert!(e.to_string().contains("thumbs/run.png"), "{e}");
    }
}
