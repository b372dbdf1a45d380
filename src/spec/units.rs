//! Sizes, lengths and shapes as people read them, one way everywhere: a video's facts beside
//! its field, an upload's bar in the wizard and the shapes the wizard offers. Pure.

/// The file name at the end of a path as the spec writes it (`videos/run.mp4` → `run.mp4`);
/// the path itself when it has none (`..`, empty).
pub fn file_name(path: &str) -> &str {
    std::path::Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
}

/// `48.2 MB`, `1.3 GB` (decimal units, as file managers and Meta's specs write them).
pub fn megabytes(bytes: u64) -> String {
    let mb = bytes as f64 / 1e6;
    if mb >= 1000.0 {
        format!("{:.1} GB", mb / 1000.0)
    } else {
        format!("{mb:.1} MB")
    }
}

/// `0:15`, `12:03`, `1:02:03`.
pub fn clock(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// The shape as a ratio: the placements' own (9:16, 4:5, 1:1, 16:9, …) when within 1%, else
/// the width over the height (`2.35:1`); `?` without a picture.
pub fn ratio((w, h): (u32, u32)) -> String {
    if w == 0 || h == 0 {
        return "?".into();
    }
    let r = f64::from(w) / f64::from(h);
    for (a, b) in [
        (9, 16),
        (4, 5),
        (1, 1),
        (16, 9),
        (4, 3),
        (3, 4),
        (2, 3),
        (3, 2),
        (1, 2),
        (2, 1),
    ] {
        let k = f64::from(a) / f64::from(b);
        if (r - k).abs() / k <= 0.01 {
            return format!("{a}:{b}");
        }
    }
    format!("{r:.2}:1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_lengths_and_shapes_read_as_people_write_them() {
        assert_eq!(megabytes(48_200_000), "48.2 MB");
        assert_eq!(megabytes(1_300_000_000), "1.3 GB");
        assert_eq!(clock(15), "0:15");
        assert_eq!(clock(3_723), "1:02:03");
        assert_eq!(ratio((1080, 1920)), "9:16");
        assert_eq!(ratio((1920, 817)), "2.35:1");
        assert_eq!(ratio((0, 10)), "?");
    }
}
