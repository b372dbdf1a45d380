//! Image previews (issue 7): time to the first preview of a 4000×3000 JPEG (decode, scale and
//! encode with half-blocks into a 60×20-cell panel), a re-render after a resize from the decoded
//! image, and, printed once, the peak resident memory of a fresh process decoding a 12000×12000
//! JPEG (measured in a child, away from criterion's own allocations).

#[path = "../tests/jpeg_gen/mod.rs"]
mod jpeg_gen;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, criterion_group};
use dcw::spec::CropKey;
use dcw::tui::preview::{PreviewKey, decode, encode};
use image::{ExtendedColorType, ImageEncoder, RgbImage};
use jpeg_gen::Layout;
use ratatui_image::picker::Picker;

/// Set in the child: the file to decode.
const CHILD: &str = "DCW_BENCH_PREVIEW_DECODE";

/// A photo-like 4000×3000 JPEG (smooth colour fields with grain; baseline 4:4:4, quality 85,
/// as the `image` crate writes them), made once, outside the timed loops.
fn photo_4000x3000(dir: &Path) -> PathBuf {
    let (w, h) = (4000, 3000);
    let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
    let img = RgbImage::from_fn(w, h, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let grain = (seed >> 60) as i32 - 8;
        let r = (x * 255 / w) as i32;
        let g = (y * 255 / h) as i32;
        let b = ((((x / 40) + (y / 40)) % 2) * 120 + 60) as i32;
        let px = |v: i32| (v + grain).clamp(0, 255) as u8;
        image::Rgb([px(r), px(g), px(b)])
    });
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 85)
        .write_image(img.as_raw(), w, h, ExtendedColorType::Rgb8)
        .unwrap();
    let path = dir.join("photo-4000x3000.jpg");
    std::fs::write(&path, &bytes).unwrap();
    println!(
        "4000x3000 test photo: {} KB (baseline 4:4:4, quality 85, image crate encoder)",
        bytes.len() / 1024
    );
    path
}

fn key(file: &Path, cells: (u16, u16), crop: bool) -> PreviewKey {
    PreviewKey {
        file: file.display().to_string(),
        crop: crop.then(|| CropKey::Portrait400x500.largest_centred(4000, 3000)),
        shape: None,
        cells,
    }
}

fn previews(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = photo_4000x3000(dir.path());
    let picker = Picker::halfblocks();

    let mut group = c.benchmark_group("preview_4000x3000_jpeg");
    // Tens of milliseconds an iteration: the same number of iterations in every sample.
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(8));
    // Time to first preview: read the file, decode (scaled in the DCT), scale, encode.
    group.bench_function("first_preview_60x20", |b| {
        b.iter(|| {
            let d = decode(black_box(&path)).unwrap();
            encode(&picker, &d, &key(&path, (60, 20), false)).unwrap()
        })
    });
    group.bench_function("decode_only", |b| {
        b.iter(|| decode(black_box(&path)).unwrap())
    });
    // After a resize: the decoded image is cached, only scaling and encoding again.
    let decoded = decode(&path).unwrap();
    for (name, cells, crop) in [
        ("rerender_80x24", (80, 24), false),
        ("rerender_120x40", (120, 40), false),
        ("rerender_80x24_crop_dimmed", (80, 24), true),
    ] {
        let k = key(&path, cells, crop);
        group.bench_function(name, |b| {
            b.iter(|| encode(&picker, black_box(&decoded), &k).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, previews);

/// In the child: decode the file, then print the peak resident memory.
fn child(path: &str) {
    let before = vm("VmHWM");
    let started = Instant::now();
    let outcome = decode(Path::new(path)).map(|d| format!("{d:?}"));
    let took = started.elapsed();
    println!(
        "PEAK_KB={} BEFORE_KB={before} MS={} OUTCOME={outcome:?}",
        vm("VmHWM"),
        took.as_millis()
    );
}

fn vm(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Peak memory of a fresh process decoding a 12000×12000 JPEG of each layout.
fn report_peak_memory() {
    let dir = tempfile::tempdir().unwrap();
    for (layout, note) in [
        (Layout::Colour420, "baseline 4:2:0"),
        (Layout::Gray, "baseline grey"),
        (Layout::ProgressiveGray, "progressive grey"),
        (Layout::LosslessGray, "lossless grey"),
    ] {
        let path = dir.path().join("huge.jpg");
        std::fs::write(&path, jpeg_gen::jpeg(12000, 12000, layout)).unwrap();
        let out = Command::new(std::env::current_exe().unwrap())
            .env(CHILD, &path)
            .output()
            .unwrap();
        let line = String::from_utf8_lossy(&out.stdout);
        let field = |name: &str| -> String {
            line.split_whitespace()
                .find_map(|w| w.strip_prefix(name))
                .unwrap_or("?")
                .to_string()
        };
        let mb = |kb: String| {
            kb.parse::<u64>()
                .map_or("?".into(), |k| (k / 1024).to_string())
        };
        println!(
            "peak memory decoding 12000x12000 {note}: VmHWM {} MB (process before decoding: {} MB), \
             decode {} ms, {}",
            mb(field("PEAK_KB=")),
            mb(field("BEFORE_KB=")),
            field("MS="),
            line.split_once("OUTCOME=")
                .map_or("no outcome", |(_, o)| o.trim()),
        );
    }
}

fn main() {
    if let Ok(path) = std::env::var(CHILD) {
        child(&path);
        return;
    }
    // Only under `cargo bench` (which passes `--bench`), not when `cargo test` runs the benches
    // once as a smoke test.
    if std::env::args().any(|a| a == "--bench") {
        report_peak_memory();
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
