//! Image files for previews (issue 7): a missing, empty, damaged, truncated, unsupported or too
//! large file is a message for the screen, never a panic; a 12000×12000 JPEG is decoded scaled
//! down, with bounded memory, and keeps its original size for the crop.

use crate::jpeg_gen;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

use dcw::tui::preview::{Decoded, MAX_DECODE_BYTES, MAX_SIDE, PreviewKey, decode, encode, picture};
use image::{ExtendedColorType, ImageEncoder, RgbImage};
use jpeg_gen::Layout;
use proptest::prelude::*;
use ratatui_image::picker::Picker;

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/examples/images")
        .join(name)
}

/// The example images, decoded once for all the tests of this file (debug decoding is slow).
fn decoded_example(name: &str) -> &'static Decoded {
    static ALL: OnceLock<Vec<(&'static str, Decoded)>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        EXAMPLES
            .iter()
            .map(|&(n, _)| (n, decode(&example(n)).expect(n)))
            .collect()
    });
    &all.iter().find(|(n, _)| *n == name).expect(name).1
}

const EXAMPLES: &[(&str, (u32, u32))] = &[
    ("boots.jpg", (1080, 1080)),
    ("gloves.jpg", (1080, 1350)),
    ("scarf.jpg", (1200, 628)),
    ("skyline.jpg", (1080, 1920)),
    ("app-screen.png", (1080, 1080)),
];

fn example_bytes(name: &str) -> Vec<u8> {
    std::fs::read(example(name)).expect("example image")
}

/// Writes `bytes` as `name` in this thread's scratch folder and decodes it (one folder per
/// thread, reused: making and removing thousands of folders is slower than the decoding).
fn decode_bytes(name: &str, bytes: &[u8]) -> Result<Decoded, String> {
    thread_local! {
        static SCRATCH: tempfile::TempDir = tempfile::tempdir().unwrap();
    }
    let path = SCRATCH.with(|dir| dir.path().join(name));
    std::fs::write(&path, bytes).unwrap();
    decode(&path)
}

/// The message for a file that cannot be previewed; fails when it decodes.
#[track_caller]
fn message(name: &str, bytes: &[u8]) -> String {
    match decode_bytes(name, bytes) {
        Ok(d) => panic!("{name} ({} bytes) decoded: {d:?}", bytes.len()),
        Err(why) => {
            assert!(!why.trim().is_empty(), "{name}: an empty message");
            why
        }
    }
}

#[track_caller]
fn assert_says(why: &str, words: &[&str]) {
    for w in words {
        assert!(why.contains(w), "{why:?} should say {w:?}");
    }
}

/// Deterministic noise (xorshift), so failures repeat.
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

/// A small photo-like RGB picture.
fn small_rgb(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([
            (x * 255 / w) as u8,
            (y * 255 / h) as u8,
            ((x ^ y) & 0xFF) as u8,
        ])
    })
}

fn small_jpeg() -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
        .write_image(small_rgb(48, 32).as_raw(), 48, 32, ExtendedColorType::Rgb8)
        .unwrap();
    out
}

fn small_png() -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(small_rgb(40, 30).as_raw(), 40, 30, ExtendedColorType::Rgb8)
        .unwrap();
    out
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crate::common::png_crc(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// A well-formed PNG of a few dozen bytes whose header claims `w`×`h` pixels of `colour_type`
/// (0 grey, 2 RGB, 6 RGBA) at 8 bits.
fn png_claiming(w: u32, h: u32, colour_type: u8) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, colour_type, 0, 0, 0]);
    png_chunk(&mut out, b"IHDR", &ihdr);
    // A zlib stream holding one empty stored block.
    png_chunk(
        &mut out,
        b"IDAT",
        &[
            0x78, 0x01, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01,
        ],
    );
    png_chunk(&mut out, b"IEND", &[]);
    out
}

// Files that cannot be previewed.

#[test]
fn a_missing_file_is_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let why = decode(&dir.path().join("gone.jpg")).unwrap_err();
    assert_says(&why, &["no such file"]);
}

#[test]
fn a_folder_is_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("photos.jpg");
    std::fs::create_dir(&folder).unwrap();
    assert_says(&decode(&folder).unwrap_err(), &["folder"]);
}

#[test]
fn an_empty_file_is_a_message() {
    for name in ["empty.jpg", "empty.png", "empty"] {
        assert_says(&message(name, b""), &["too short"]);
    }
}

#[test]
fn random_bytes_named_jpg_are_a_message() {
    for seed in 1..=20 {
        let mut bytes = noise(4096, seed);
        // Not by chance a JPEG, PNG or GIF signature.
        bytes[0] = b'x';
        message("photo.jpg", &bytes);
    }
    message("notes.jpg", b"just some text, not a picture\n");
}

/// A text file named .jpg is said to be no image dcw can preview, not an image "0×0" (the
/// facts reader gives an unrecognised file no size; the preview must not read that as one).
#[test]
fn a_text_file_named_jpg_says_it_is_not_an_image() {
    let why = message("notimage.jpg", b"not an image at all, just some words\n");
    assert!(
        !why.contains("0×0"),
        "{why:?} calls a text file an image of 0×0"
    );
    assert_says(&why, &["not an image"]);
}

#[test]
fn a_truncated_jpeg_is_a_message() {
    let boots = example_bytes("boots.jpg");
    for cut in [boots.len() / 4, boots.len() / 2, boots.len() * 3 / 4] {
        let why = message("boots.jpg", &boots[..cut]);
        assert_says(&why, &["JPEG", "truncated"]);
    }
}

#[test]
fn a_jpeg_cut_anywhere_is_never_a_panic() {
    let jpeg = small_jpeg();
    let boots = example_bytes("boots.jpg");
    let cuts = (0..jpeg.len()).map(|n| (&jpeg, n));
    let coarse = (0..boots.len())
        .step_by(boots.len() / 6)
        .map(|n| (&boots, n));
    for (bytes, cut) in cuts.chain(coarse) {
        if let Err(why) = decode_bytes("cut.jpg", &bytes[..cut]) {
            assert!(!why.trim().is_empty(), "cut at {cut}");
        }
    }
}

#[test]
fn a_jpeg_with_a_corrupted_body_is_a_message_or_a_picture() {
    // A real photo, and a 320×240 one encoded here (quicker to decode in debug builds).
    let boots = example_bytes("boots.jpg");
    let scrambled = |f: &dyn Fn(usize, u8) -> u8, bytes: &[u8]| {
        // The middle and the end of the scan; the headers and the final marker are kept.
        let body = bytes.len() / 3..bytes.len() - 2;
        let mut b = bytes.to_vec();
        for (i, v) in b[body.clone()].iter_mut().enumerate() {
            *v = f(body.start + i, *v);
        }
        b
    };
    let rot = |_, v: u8| v.wrapping_mul(31).wrapping_add(7);
    // Refused outright: the scan cannot be read.
    let why = message("boots.jpg", &scrambled(&rot, &boots));
    assert_says(&why, &["JPEG", "damaged"]);
    let mut photo = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut photo, 85)
        .write_image(
            small_rgb(320, 240).as_raw(),
            320,
            240,
            ExtendedColorType::Rgb8,
        )
        .unwrap();
    let variants = [
        scrambled(&rot, &photo),
        scrambled(&|_, _| 0, &photo),
        scrambled(&|_, _| 0xFF, &photo),
        scrambled(&|i, v| if i % 50 == 0 { !v } else { v }, &photo),
        scrambled(&|i, v| if i % 2 == 0 { 0xFF } else { v }, &photo),
    ];
    for (i, bytes) in variants.iter().enumerate() {
        match decode_bytes("photo.jpg", bytes) {
            // A damaged body may still decode (to noise); its size is the header's.
            Ok(d) => assert_eq!((d.width, d.height), (320, 240), "variant {i}"),
            Err(why) => assert_says(&why, &["JPEG"]),
        }
    }
}

#[test]
fn a_jpeg_with_a_damaged_header_is_a_message() {
    let jpeg = jpeg_gen::jpeg(64, 48, Layout::Colour420);
    // The frame (FF C0, length, precision, height, width, components): a zero size, then an
    // absurd component count.
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    let mut zero = jpeg.clone();
    zero[sof + 5..sof + 9].fill(0);
    message("zero.jpg", &zero);
    let mut components = jpeg.clone();
    components[sof + 9] = 200;
    message("components.jpg", &components);
    // No Huffman tables.
    let dht = jpeg.windows(2).position(|w| w == [0xFF, 0xC4]).unwrap();
    let mut no_tables = jpeg.clone();
    no_tables[dht + 1] = 0xFE; // a comment instead
    message("tables.jpg", &no_tables);
}

#[test]
fn a_truncated_or_damaged_png_is_a_message() {
    let png = example_bytes("app-screen.png");
    for cut in [png.len() / 2, png.len() - 13, 40] {
        assert_says(&message("app-screen.png", &png[..cut]), &["PNG"]);
    }
    // A wrong checksum in the image data.
    let mut bad = small_png();
    let idat = bad.windows(4).position(|w| w == b"IDAT").unwrap();
    bad[idat + 6] ^= 0x55;
    assert_says(&message("bad.png", &bad), &["PNG"]);
}

#[test]
fn a_gif_or_a_bmp_has_no_preview_and_says_so() {
    // The smallest GIF: 1×1, a two-colour palette, one pixel.
    let gif: &[u8] = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff\
        ,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
    assert_says(&message("anim.gif", gif), &["GIF", "preview"]);
    assert_says(&message("anim.jpg", gif), &["GIF", "preview"]);
    // A 2×2 24-bit BMP.
    let mut bmp = b"BM".to_vec();
    bmp.extend_from_slice(&70u32.to_le_bytes());
    bmp.extend_from_slice(&[0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0]);
    bmp.extend_from_slice(&2i32.to_le_bytes());
    bmp.extend_from_slice(&2i32.to_le_bytes());
    bmp.extend_from_slice(&[1, 0, 24, 0]);
    bmp.extend_from_slice(&[0; 24]);
    bmp.extend_from_slice(&[0; 16]);
    assert_says(&message("pic.bmp", &bmp), &["preview"]);
}

#[test]
fn a_png_too_large_for_the_limit_is_a_message() {
    for (w, h, colour) in [
        (100_000, 100_000, 6),
        (20_000, 20_000, 0),
        (10_000, 10_000, 2),
    ] {
        let bytes = png_claiming(w, h, colour);
        assert!(bytes.len() < 100);
        let started = Instant::now();
        let why = message("huge.png", &bytes);
        assert_says(&why, &["too large", &format!("{w}×{h}")]);
        assert!(
            started.elapsed().as_secs() < 2,
            "{w}×{h} took long to refuse"
        );
    }
    // Just under the limit the same kind of file is simply empty data: a decoding message.
    let bytes = png_claiming(1000, 1000, 2);
    assert!(u64::from(1000u32 * 1000 * 3) < MAX_DECODE_BYTES);
    let why = message("small.png", &bytes);
    assert!(!why.contains("too large"), "{why}");
}

// A huge JPEG.

#[test]
fn a_12000_square_jpeg_is_decoded_scaled_down_and_keeps_its_size() {
    // 4:2:0 colour, as cameras write it: 432 MB of RGB at full size.
    let bytes = jpeg_gen::jpeg(12000, 12000, Layout::Colour420);
    let started = Instant::now();
    let d = decode_bytes("huge.jpg", &bytes).expect("decodes");
    let took = started.elapsed();
    eprintln!("4:2:0 12000×12000: decoded in {took:?} to {d:?}");
    assert_eq!((d.width, d.height), (12000, 12000));
    assert!(
        d.image.width() <= MAX_SIDE && d.image.height() <= MAX_SIDE,
        "{d:?}"
    );
    assert_eq!((d.image.width(), d.image.height()), (MAX_SIDE, MAX_SIDE));
    // Right way up: the generated ramp runs from dark at the top to light at the bottom.
    let luma = d.image.to_luma8();
    let (top, bottom) = (luma.get_pixel(500, 0)[0], luma.get_pixel(500, 1023)[0]);
    assert!(top < 20 && bottom > 235, "top {top}, bottom {bottom}");
}

#[test]
fn progressive_and_lossless_jpegs_of_ordinary_size_decode() {
    for (layout, w, h) in [
        (Layout::ProgressiveGray, 1600, 1200),
        (Layout::LosslessGray, 400, 300),
    ] {
        let d = decode_bytes("photo.jpg", &jpeg_gen::jpeg(w, h, layout)).expect("decodes");
        assert_eq!(
            (d.width, d.height),
            (u32::from(w), u32::from(h)),
            "{layout:?}"
        );
        assert!(d.image.width() <= MAX_SIDE && d.image.height() <= MAX_SIDE);
    }
}

#[test]
fn very_wide_or_tall_jpegs_are_scaled_to_fit() {
    for (w, h) in [(12000, 3000), (3000, 12000), (65000, 64)] {
        let d = decode_bytes("wide.jpg", &jpeg_gen::jpeg(w, h, Layout::Colour420)).unwrap();
        assert_eq!((d.width, d.height), (u32::from(w), u32::from(h)));
        let (dw, dh) = (d.image.width(), d.image.height());
        assert!(
            dw <= MAX_SIDE && dh <= MAX_SIDE && dw.max(dh) == MAX_SIDE,
            "{d:?}"
        );
        let (want, got) = (f64::from(w) / f64::from(h), f64::from(dw) / f64::from(dh));
        assert!(
            (got / want - 1.0).abs() < 0.02 || dh <= 2 || dw <= 2,
            "{d:?}"
        );
    }
}

const CHILD: &str = "DCW_PREVIEW_MEMORY_CHILD";

/// Not a test: what the memory tests run in a fresh process (the file is in `CHILD`).
#[test]
#[ignore = "helper for the memory tests, run in a child process"]
fn child_decodes_and_reports_peak_memory() {
    let Ok(path) = std::env::var(CHILD) else {
        return;
    };
    let outcome = decode(Path::new(&path)).map(|d| format!("{d:?}"));
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap();
    println!("PEAK_KB={kb}");
    println!("OUTCOME={outcome:?}");
}

/// Decodes `bytes` in a child process: its peak resident memory in MB and what decode said.
fn decode_in_child(bytes: &[u8]) -> (u64, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.jpg");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "preview_files::child_decodes_and_reports_peak_memory",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, &path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "child failed: {stdout}");
    let kb = stdout
        .lines()
        .find_map(|l| l.split_once("PEAK_KB=").map(|(_, v)| v))
        .unwrap_or_else(|| panic!("no figure from the child: {stdout}"))
        .parse::<u64>()
        .unwrap();
    let outcome = stdout
        .lines()
        .find_map(|l| l.split_once("OUTCOME=").map(|(_, v)| v))
        .unwrap_or_default()
        .to_string();
    (kb / 1024, outcome)
}

#[test]
fn decoding_a_12000_square_jpeg_takes_bounded_memory() {
    // At full size this picture is 432 MB of RGB; scaled in the DCT it is a few MB.
    let (mb, outcome) = decode_in_child(&jpeg_gen::jpeg(12000, 12000, Layout::Colour420));
    eprintln!("baseline 4:2:0 12000×12000: peak {mb} MB, {outcome}");
    assert!(outcome.starts_with("Ok(\"Decoded(1024x1024 from 12000x12000)"));
    assert!(mb < 128, "peak {mb} MB");
}

/// jpeg-decoder keeps every coefficient of a progressive JPEG at full size (2 bytes a sample)
/// and every sample of a lossless one, so `decode` refuses those that would not fit
/// `MAX_DECODE_BYTES` before decoding: the peak stays under the limit.
#[test]
fn progressive_or_lossless_12000_square_jpegs_are_refused_or_bounded() {
    let limit_mb = MAX_DECODE_BYTES / (1024 * 1024);
    for layout in [Layout::ProgressiveGray, Layout::LosslessGray] {
        let (mb, outcome) = decode_in_child(&jpeg_gen::jpeg(12000, 12000, layout));
        eprintln!("{layout:?} 12000×12000: peak {mb} MB, {outcome}");
        assert!(mb < limit_mb, "{layout:?}: peak {mb} MB, {outcome}");
    }
}

// Pictures and encodings.

#[test]
fn a_preview_fits_its_panel() {
    let picker = Picker::halfblocks();
    for name in ["skyline.jpg", "app-screen.png"] {
        let d = decoded_example(name);
        for cells in [(60, 20), (1, 1), (2, 1), (1, 2), (100, 30)] {
            let key = PreviewKey {
                file: name.into(),
                crop: Some(dcw::spec::CropKey::Square100x100.largest_centred(d.width, d.height)),
                shape: None,
                cells,
            };
            let shown = encode(&picker, d, &key).unwrap();
            let size = shown.0.size();
            assert!(
                size.width >= 1 && size.width <= cells.0 && size.height <= cells.1,
                "{name} in {cells:?}: {size:?}"
            );
        }
    }
}

/// A panel with no width or no height (a tiny terminal, a collapsed layout) would trip a
/// `debug_assert!` in ratatui-image 11: `encode` says there is no room instead.
#[test]
fn a_zero_sized_panel_is_not_a_panic() {
    let picker = Picker::halfblocks();
    let d = decoded_example("boots.jpg");
    for cells in [(0, 0), (0, 20), (60, 0)] {
        let key = PreviewKey {
            file: "boots.jpg".into(),
            crop: None,
            shape: None,
            cells,
        };
        let outcome = std::panic::catch_unwind(|| encode(&picker, d, &key).map(|s| s.0.size()));
        assert!(outcome.is_ok(), "{cells:?} panicked");
        if let Ok(Ok(size)) = outcome {
            assert!(
                size.width <= cells.0 && size.height <= cells.1,
                "{cells:?}: {size:?}"
            );
        }
    }
}

#[test]
fn the_preview_dims_what_the_crop_cuts_away() {
    let d = decoded_example("boots.jpg");
    let plain = picture(
        d,
        &PreviewKey {
            file: "boots.jpg".into(),
            crop: None,
            shape: None,
            cells: (60, 20),
        },
    )
    .to_rgb8();
    let key = PreviewKey {
        file: "boots.jpg".into(),
        crop: Some([[270, 270], [810, 810]]),
        shape: None,
        cells: (60, 20),
    };
    let dimmed = picture(d, &key).to_rgb8();
    assert_eq!(dimmed.dimensions(), plain.dimensions());
    let s = f64::from(d.image.width()) / 1080.0;
    let (inside, outside) = ((540.0 * s) as u32, (100.0 * s) as u32);
    assert_eq!(
        dimmed.get_pixel(inside, inside),
        plain.get_pixel(inside, inside)
    );
    let (p, q) = (
        plain.get_pixel(outside, outside),
        dimmed.get_pixel(outside, outside),
    );
    for c in 0..3 {
        assert_eq!(u16::from(q[c]), u16::from(p[c]) * 3 / 10, "{p:?} → {q:?}");
    }
}

/// A decoded picture as `decode` makes them, without decoding: `w`×`h` pixels standing for
/// an `orig_w`×`orig_h` original.
fn synthetic(w: u32, h: u32, orig_w: u32, orig_h: u32) -> Decoded {
    Decoded {
        image: image::DynamicImage::ImageRgb8(small_rgb(w, h)),
        width: orig_w,
        height: orig_h,
    }
}

#[test]
fn a_crop_cut_to_each_placement_shape_has_that_shape() {
    for d in [
        synthetic(512, 384, 4000, 3000),
        synthetic(384, 512, 3000, 4000),
        synthetic(512, 268, 1200, 628),
        synthetic(288, 512, 1080, 1920),
        synthetic(1024, 536, 1200, 628),
    ] {
        for &key in <dcw::spec::CropKey as dcw::spec::GraphEnum>::ALL {
            let crop = key.largest_centred(d.width, d.height);
            for shape in [(1, 1), (4, 5), (9, 16), (191, 100), (16, 9)] {
                let p = picture(
                    &d,
                    &PreviewKey {
                        file: "x.jpg".into(),
                        crop: Some(crop),
                        shape: Some(shape),
                        cells: (30, 10),
                    },
                );
                let want = f64::from(shape.0) / f64::from(shape.1);
                let got = f64::from(p.width()) / f64::from(p.height());
                // Whole pixels of the (smaller) decoded picture: a pixel's worth of slack.
                let slack = 1.0 / f64::from(p.width().min(p.height())) + 0.005;
                assert!(
                    (got / want - 1.0).abs() <= slack,
                    "{d:?} {key} {shape:?}: {}x{}",
                    p.width(),
                    p.height()
                );
                // Cut from inside the crop: never larger than it.
                let (cw, ch) = (crop[1][0] - crop[0][0], crop[1][1] - crop[0][1]);
                let scale = f64::from(d.image.width()) / f64::from(d.width);
                assert!(
                    f64::from(p.width()) <= cw as f64 * scale + 1.0,
                    "{d:?} {key}"
                );
                assert!(
                    f64::from(p.height()) <= ch as f64 * scale + 1.0,
                    "{d:?} {key}"
                );
            }
        }
    }
}

#[test]
fn odd_crops_in_a_preview_key_are_not_a_panic() {
    let d = &synthetic(300, 157, 1200, 628);
    let (min, max) = (i64::MIN, i64::MAX);
    for crop in [
        [[900, 500], [100, 100]],
        [[min, min], [max, max]],
        [[-50, -50], [5000, 5000]],
        [[10, 10], [10, 10]],
        [[1200, 628], [1200, 628]],
    ] {
        for shape in [None, Some((9, 16)), Some((1, 0)), Some((0, 1))] {
            let key = PreviewKey {
                file: "scarf.jpg".into(),
                crop: Some(crop),
                shape,
                cells: (20, 10),
            };
            let p = picture(d, &key);
            // A crop of no size at the far corner may give an empty picture; any other
            // gives some pixels.
            if crop != [[1200, 628], [1200, 628]] {
                assert!(p.width() >= 1 && p.height() >= 1, "{crop:?} {shape:?}");
            }
            encode(&Picker::halfblocks(), d, &key).unwrap();
        }
    }
}

// Any bytes at all.

fn decoded_or_explained(name: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    match decode_bytes(name, bytes) {
        Ok(d) => {
            prop_assert!(d.image.width() <= MAX_SIDE && d.image.height() <= MAX_SIDE);
            prop_assert!(d.image.width() >= 1 && d.image.height() >= 1);
        }
        Err(why) => prop_assert!(!why.trim().is_empty()),
    }
    Ok(())
}

/// A real file with a few bytes changed and perhaps its tail cut off.
fn mutated(original: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = original.len();
    (
        prop::collection::vec((0..len, any::<u8>()), 1..12),
        prop::option::of(0..len),
    )
        .prop_map(move |(edits, cut)| {
            let mut b = original.clone();
            for (i, v) in edits {
                b[i] = v;
            }
            if let Some(cut) = cut {
                b.truncate(cut);
            }
            b
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        decoded_or_explained("any.jpg", &bytes)?;
    }

    #[test]
    fn arbitrary_bytes_after_a_jpeg_header_never_panic(
        keep in 2_usize..400,
        tail in prop::collection::vec(any::<u8>(), 0..2048),
    ) {
        let jpeg = small_jpeg();
        let mut bytes = jpeg[..keep.min(jpeg.len())].to_vec();
        bytes.extend_from_slice(&tail);
        decoded_or_explained("any.jpg", &bytes)?;
    }

    #[test]
    fn arbitrary_bytes_after_a_png_header_never_panic(
        keep in 8_usize..60,
        tail in prop::collection::vec(any::<u8>(), 0..2048),
    ) {
        let png = small_png();
        let mut bytes = png[..keep.min(png.len())].to_vec();
        bytes.extend_from_slice(&tail);
        decoded_or_explained("any.png", &bytes)?;
    }

    #[test]
    fn damaged_jpegs_never_panic(bytes in mutated(small_jpeg())) {
        decoded_or_explained("damaged.jpg", &bytes)?;
    }

    #[test]
    fn damaged_generated_jpegs_never_panic(
        bytes in mutated(jpeg_gen::jpeg(80, 48, Layout::Colour420)),
    ) {
        decoded_or_explained("damaged.jpg", &bytes)?;
    }

    #[test]
    fn damaged_pngs_never_panic(bytes in mutated(small_png())) {
        decoded_or_explained("damaged.png", &bytes)?;
    }
}

#[test]
fn every_example_image_decodes() {
    for &(name, size) in EXAMPLES {
        let d = decoded_example(name);
        assert_eq!((d.width, d.height), size, "{name}");
        assert!(d.image.width() <= MAX_SIDE && d.image.height() <= MAX_SIDE);
    }
}
