//! Crop boxes in source-image pixels: moving and resizing with the key's ratio locked, always
//! inside the image. Pure; the crop editor drives these.

use super::enums::CropKey;
use super::model::CropBox;

/// The smallest side a crop may shrink to, in pixels (or the image's side when smaller).
pub const MIN_SIDE: i64 = 50;

/// The largest box of `shape` (width to height) centred in an image of `size`, in whole
/// pixels and at least one each way: a crop key's starting box, and the wizard's cut of a
/// video's thumbnail to the video's shape.
pub fn largest_centred((sw, sh): (u32, u32), (w, h): (u32, u32)) -> CropBox {
    let (sw, sh) = (i64::from(sw.max(1)), i64::from(sh.max(1)));
    let (w, h) = (i64::from(w), i64::from(h));
    // Compare w/h with sw/sh without floats.
    let (bw, bh) = if w * sh > h * sw {
        (((h * sw) as f64 / sh as f64).round() as i64, h)
    } else {
        (w, ((w * sh) as f64 / sw as f64).round() as i64)
    };
    let (bw, bh) = (bw.clamp(1, w.max(1)), bh.clamp(1, h.max(1)));
    let (x0, y0) = ((w - bw) / 2, (h - bh) / 2);
    [[x0, y0], [x0 + bw, y0 + bh]]
}

/// A box with its right past its left and its bottom below its top, inside a `w`×`h` image.
pub fn inside(bx: &CropBox, w: u32, h: u32) -> bool {
    let [[l, t], [r, b]] = *bx;
    0 <= l && l < r && r <= i64::from(w) && 0 <= t && t < b && b <= i64::from(h)
}

fn size(bx: &CropBox) -> (i64, i64) {
    (
        bx[1][0].saturating_sub(bx[0][0]),
        bx[1][1].saturating_sub(bx[0][1]),
    )
}

/// The box moved so it lies inside a `w`×`h` image, keeping its size (cut to the image when
/// larger).
pub fn clamp(bx: CropBox, w: u32, h: u32) -> CropBox {
    let (w, h) = (i64::from(w), i64::from(h));
    let (bw, bh) = size(&bx);
    let (bw, bh) = (bw.clamp(1, w.max(1)), bh.clamp(1, h.max(1)));
    let x = bx[0][0].clamp(0, (w - bw).max(0));
    let y = bx[0][1].clamp(0, (h - bh).max(0));
    [[x, y], [x + bw, y + bh]]
}

/// Moved by `dx`, `dy` pixels, stopping at the image's edges.
pub fn move_by(bx: CropBox, dx: i64, dy: i64, w: u32, h: u32) -> CropBox {
    // Move the corner and keep the size (adding to both corners could saturate one and not
    // the other).
    let (bw, bh) = size(&bx);
    let (bw, bh) = (
        bw.clamp(1, i64::from(w).max(1)),
        bh.clamp(1, i64::from(h).max(1)),
    );
    let x = bx[0][0]
        .saturating_add(dx)
        .clamp(0, (i64::from(w) - bw).max(0));
    let y = bx[0][1]
        .saturating_add(dy)
        .clamp(0, (i64::from(h) - bh).max(0));
    [[x, y], [x + bw, y + bh]]
}

/// The box of `key`'s ratio and this width, as near `centre` as the image allows.
fn with_width(key: CropKey, width: i64, centre: (i64, i64), w: u32, h: u32) -> CropBox {
    let (kw, kh) = key.ratio();
    let (kw, kh) = (i64::from(kw), i64::from(kh));
    let largest = key.largest_centred(w, h);
    let (max_w, _) = size(&largest);
    let min_w = (MIN_SIDE.max(MIN_SIDE * kw / kh)).min(max_w);
    let bw = width.clamp(min_w.max(1).min(max_w.max(1)), max_w.max(1));
    let bh = ((bw * kh) as f64 / kw as f64).round() as i64;
    let bh = bh.clamp(1, i64::from(h).max(1));
    let x = centre.0 - bw / 2;
    let y = centre.1 - bh / 2;
    clamp([[x, y], [x + bw, y + bh]], w, h)
}

fn centre(bx: &CropBox) -> (i64, i64) {
    (bx[0][0] / 2 + bx[1][0] / 2, bx[0][1] / 2 + bx[1][1] / 2)
}

/// Grown (`steps` > 0) or shrunk by `steps` × 5% of the largest box, around its centre, with the
/// ratio of `key` and inside the image.
pub fn resize(bx: CropBox, key: CropKey, steps: i64, w: u32, h: u32) -> CropBox {
    let (max_w, _) = size(&key.largest_centred(w, h));
    let step = (max_w / 20).max(1);
    let (bw, _) = size(&bx);
    with_width(
        key,
        bw.saturating_add(steps.saturating_mul(step)),
        centre(&bx),
        w,
        h,
    )
}

/// The same size, centred in the image.
pub fn recentre(bx: CropBox, w: u32, h: u32) -> CropBox {
    let (bw, bh) = size(&bx);
    let x = (i64::from(w) - bw) / 2;
    let y = (i64::from(h) - bh) / 2;
    clamp([[x, y], [x + bw, y + bh]], w, h)
}

/// `key`'s box as near as can be to `bx` (same width where the ratio allows, same centre):
/// what switching the crop key does.
pub fn rekey(bx: CropBox, key: CropKey, w: u32, h: u32) -> CropBox {
    let (bw, _) = size(&bx);
    with_width(key, bw, centre(&bx), w, h)
}

/// The box to start from when opening a crop: `bx` when it can be sent as it is, else the
/// nearest box of `key`'s shape (its width, its centre), else the largest centred one.
pub fn sanitize(bx: CropBox, key: CropKey, w: u32, h: u32) -> CropBox {
    if check(&bx, key, w, h).is_ok() {
        return bx;
    }
    let (bw, bh) = size(&bx);
    if bw <= 0 || bh <= 0 || bw == i64::MAX || bh == i64::MAX {
        return key.largest_centred(w, h);
    }
    let near = rekey(clamp(bx, w, h), key, w, h);
    if check(&near, key, w, h).is_ok() {
        near
    } else {
        key.largest_centred(w, h)
    }
}

/// Why a box cannot be sent for a `w`×`h` image and this key, if it cannot.
pub fn check(bx: &CropBox, key: CropKey, w: u32, h: u32) -> Result<(), String> {
    let (bw, bh) = size(bx);
    if bw <= 0 || bh <= 0 {
        return Err("right must be more than left and bottom more than top".into());
    }
    if !inside(bx, w, h) {
        return Err(format!("the box leaves the {w}×{h} image"));
    }
    if !key.fits(bx) {
        let (kw, kh) = key.ratio();
        return Err(format!(
            "{bw}×{bh} is not {key}'s shape ({kw}:{kh}, within 1%)"
        ));
    }
    Ok(())
}

/// Reads `left,top,right,bottom` (commas or spaces).
pub fn parse_box(text: &str) -> Result<CropBox, String> {
    let n: Vec<i64> = text
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<i64>()
                .map_err(|_| format!("{s:?} is not a whole number"))
        })
        .collect::<Result<_, _>>()?;
    if let Some(big) = n.iter().find(|v| !(0..=i64::from(u32::MAX)).contains(*v)) {
        return Err(format!("{big} is not a pixel position"));
    }
    match n.as_slice() {
        [l, t, r, b] => Ok([[*l, *t], [*r, *b]]),
        _ => Err("a crop is four numbers: left,top,right,bottom".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::GraphEnum;

    #[test]
    fn moves_stop_at_the_edges_and_keep_the_size() {
        let k = CropKey::Square100x100;
        let b = k.largest_centred(1920, 1080);
        let moved = move_by(b, 10_000, -10_000, 1920, 1080);
        assert_eq!(moved, [[840, 0], [1920, 1080]]);
        assert_eq!(recentre(moved, 1920, 1080), b);
    }

    #[test]
    fn resizing_keeps_the_ratio_and_stays_inside() {
        for &key in CropKey::ALL {
            let b = key.largest_centred(1200, 900);
            let small = resize(b, key, -100, 1200, 900);
            assert!(key.fits(&small), "{key} {small:?}");
            assert!(check(&small, key, 1200, 900).is_ok());
            let back = resize(small, key, 100, 1200, 900);
            assert!(check(&back, key, 1200, 900).is_ok(), "{key} {back:?}");
        }
    }

    #[test]
    fn typed_boxes_are_read_and_checked() {
        assert_eq!(parse_box("0, 0, 1080 1080"), Ok([[0, 0], [1080, 1080]]));
        assert!(parse_box("0,0,10").is_err());
        assert!(parse_box("a,0,10,10").is_err());
        let k = CropKey::Square100x100;
        assert!(check(&[[0, 0], [1080, 1080]], k, 1080, 1080).is_ok());
        assert!(
            check(&[[0, 0], [1081, 1081]], k, 1080, 1080)
                .unwrap_err()
                .contains("leaves")
        );
        assert!(
            check(&[[0, 0], [1000, 500]], k, 1080, 1080)
                .unwrap_err()
                .contains("shape")
        );
        assert!(check(&[[10, 0], [5, 5]], k, 1080, 1080).is_err());
    }
}
