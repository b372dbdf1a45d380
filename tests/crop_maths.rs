//! Crop maths (issue 7): the largest centred crop of every key on portrait, landscape and square
//! images; moves, resizes, recentring and key switches that never leave the image nor lose the
//! key's ratio; and the checking of typed coordinates.

use dcw::spec::crop::{
    MIN_SIDE, check, clamp, move_by, parse_box, recentre, rekey, resize, sanitize,
};
use dcw::spec::{CropBox, CropKey, GraphEnum};
use proptest::prelude::*;

/// Image sizes: landscape, portrait and square, even and odd, common and awkward.
const SIZES: &[(u32, u32)] = &[
    (1081, 607),
    (607, 1081),
    (3000, 3000),
    (100, 100),
    (1080, 1080),
    (1920, 1080),
    (1080, 1920),
    (1080, 1350),
    (1200, 628),
    (4000, 3000),
    (3000, 4000),
    (6000, 200),
    (200, 6000),
    (999, 1001),
    (1001, 999),
    (12000, 12000),
];

fn size(bx: &CropBox) -> (i64, i64) {
    (bx[1][0] - bx[0][0], bx[1][1] - bx[0][1])
}

/// Whole pixels can only promise a ratio within 1% when the short side has at least 50 of them
/// (half a pixel of rounding is 1% of 50).
fn short_side(bx: &CropBox) -> i64 {
    let (bw, bh) = size(bx);
    bw.min(bh)
}

#[track_caller]
fn assert_inside(bx: &CropBox, w: u32, h: u32, what: &str) {
    let (w, h) = (i64::from(w), i64::from(h));
    assert!(
        0 <= bx[0][0] && bx[0][0] < bx[1][0] && bx[1][0] <= w,
        "{what}: {bx:?} leaves 0..{w} across"
    );
    assert!(
        0 <= bx[0][1] && bx[0][1] < bx[1][1] && bx[1][1] <= h,
        "{what}: {bx:?} leaves 0..{h} down"
    );
}

#[track_caller]
fn assert_ratio(bx: &CropBox, key: CropKey, what: &str) {
    let (bw, bh) = size(bx);
    let (kw, kh) = key.ratio();
    let off = (bw as f64 / bh as f64) / (f64::from(kw) / f64::from(kh)) - 1.0;
    assert!(
        off.abs() <= 0.01,
        "{what}: {bw}×{bh} is {:.2}% off {key}",
        off * 100.0
    );
    assert!(key.fits(bx), "{what}: {bx:?} does not fit {key}");
}

// (a) The largest centred crop.

#[test]
fn the_largest_centred_crop_is_inside_centred_of_the_keys_shape_and_spans_the_image() {
    for &(w, h) in SIZES {
        for &key in CropKey::ALL {
            let what = format!("{key} on {w}×{h}");
            let bx = key.largest_centred(w, h);
            assert_inside(&bx, w, h, &what);
            let (wi, hi) = (i64::from(w), i64::from(h));
            // Centred: the margins on either side differ by at most a pixel.
            let (left, right) = (bx[0][0], wi - bx[1][0]);
            let (top, bottom) = (bx[0][1], hi - bx[1][1]);
            assert!(
                (left - right).abs() <= 1,
                "{what}: {bx:?} not centred across"
            );
            assert!((top - bottom).abs() <= 1, "{what}: {bx:?} not centred down");
            // The largest: it touches two opposite edges, and the other side is as long as the
            // ratio allows (to the nearest pixel).
            let (bw, bh) = size(&bx);
            let (kw, kh) = key.ratio();
            let (kw, kh) = (f64::from(kw), f64::from(kh));
            if left == 0 && right == 0 {
                let want = wi as f64 * kh / kw;
                assert!((bh as f64 - want).abs() <= 1.0, "{what}: {bx:?}");
            } else {
                assert!(
                    top == 0 && bottom == 0,
                    "{what}: {bx:?} touches no edge pair"
                );
                let want = hi as f64 * kw / kh;
                assert!((bw as f64 - want).abs() <= 1.0, "{what}: {bx:?}");
            }
            if short_side(&bx) >= MIN_SIDE {
                assert_ratio(&bx, key, &what);
                assert_eq!(check(&bx, key, w, h), Ok(()), "{what}: {bx:?}");
            }
        }
    }
}

#[test]
fn the_largest_centred_crop_on_odd_sizes_to_the_pixel() {
    let sq = CropKey::Square100x100;
    assert_eq!(sq.largest_centred(1081, 607), [[237, 0], [844, 607]]);
    assert_eq!(sq.largest_centred(607, 1081), [[0, 237], [607, 844]]);
    assert_eq!(sq.largest_centred(3000, 3000), [[0, 0], [3000, 3000]]);
    assert_eq!(sq.largest_centred(100, 100), [[0, 0], [100, 100]]);
    // 9:16 on a landscape image: 607 × 9/16 = 341.4 → 341 wide, centred.
    assert_eq!(
        CropKey::Vertical90x160.largest_centred(1081, 607),
        [[370, 0], [711, 607]]
    );
    // 4:5 on a square: the full width, 4/5 of the height.
    assert_eq!(
        CropKey::Portrait400x500.largest_centred(3000, 3000),
        [[300, 0], [2700, 3000]]
    );
}

/// On a 100×100 image the largest 400x150 box is 100×38, 1.3% off 8:3 but as close as whole
/// pixels allow (Meta asks for "as close as possible"), so `check` takes it.
#[test]
fn the_largest_centred_crop_on_a_small_image_still_passes_check() {
    for &key in CropKey::ALL {
        let bx = key.largest_centred(100, 100);
        assert_eq!(check(&bx, key, 100, 100), Ok(()), "{key}: {bx:?}");
    }
}

// (b) Moves, resizes, recentring and key switches.

#[test]
fn moves_stop_at_each_edge_and_keep_the_size() {
    let (w, h) = (1081, 607);
    for &key in CropKey::ALL {
        let start = resize(key.largest_centred(w, h), key, -4, w, h);
        let s = size(&start);
        let far = 1_i64 << 40;
        let left_top = move_by(start, -far, -far, w, h);
        assert_eq!(left_top[0], [0, 0], "{key}");
        let right_bottom = move_by(start, far, far, w, h);
        assert_eq!(
            right_bottom[1],
            [i64::from(w), i64::from(h)],
            "{key}: {right_bottom:?}"
        );
        for moved in [left_top, right_bottom, move_by(start, 3, -2, w, h)] {
            assert_eq!(size(&moved), s, "{key}: {moved:?}");
            assert_eq!(check(&moved, key, w, h), Ok(()), "{key}: {moved:?}");
        }
        assert_eq!(move_by(start, 0, 0, w, h), start);
        assert_eq!(recentre(right_bottom, w, h), recentre(start, w, h));
    }
}

#[test]
fn a_step_is_five_percent_of_the_largest_box_around_the_centre() {
    let (w, h) = (4000, 3000);
    for &key in CropKey::ALL {
        let largest = key.largest_centred(w, h);
        let (max_w, _) = size(&largest);
        let step = max_w / 20;
        let smaller = resize(largest, key, -1, w, h);
        assert_eq!(size(&smaller).0, max_w - step, "{key}: {smaller:?}");
        let much_smaller = resize(largest, key, -4, w, h);
        assert_eq!(size(&much_smaller).0, max_w - 4 * step, "{key}");
        // Still centred (to a pixel of rounding).
        for bx in [smaller, much_smaller] {
            let cx = bx[0][0] + bx[1][0] - i64::from(w);
            let cy = bx[0][1] + bx[1][1] - i64::from(h);
            assert!(cx.abs() <= 2 && cy.abs() <= 2, "{key}: {bx:?} drifted");
            assert_ratio(&bx, key, &format!("{key} {bx:?}"));
        }
        // Growing stops at the largest box; shrinking stops at the smallest.
        assert_eq!(resize(largest, key, 30, w, h), largest, "{key}");
        assert_eq!(resize(much_smaller, key, 4, w, h), largest, "{key}");
        let tiny = resize(largest, key, -1000, w, h);
        assert!(short_side(&tiny) >= MIN_SIDE, "{key}: {tiny:?}");
        assert!(short_side(&tiny) <= MIN_SIDE + 1, "{key}: {tiny:?}");
        assert_eq!(check(&tiny, key, w, h), Ok(()), "{key}: {tiny:?}");
    }
}

#[test]
fn switching_key_keeps_the_centre_and_takes_the_new_shape() {
    let (w, h) = (1920, 1080);
    for &from in CropKey::ALL {
        let start = resize(from.largest_centred(w, h), from, -6, w, h);
        let start = move_by(start, -150, 40, w, h);
        for &to in CropKey::ALL {
            let bx = rekey(start, to, w, h);
            assert_inside(&bx, w, h, &format!("{from}→{to}"));
            assert_eq!(check(&bx, to, w, h), Ok(()), "{from}→{to}: {bx:?}");
        }
        // Same key: the same box (its width is kept and it already has the shape).
        let same = rekey(start, from, w, h);
        assert!((size(&same).0 - size(&start).0).abs() <= 1, "{from}");
    }
}

#[test]
fn clamp_cuts_a_box_larger_than_the_image() {
    assert_eq!(
        clamp([[-10, -10], [5000, 50]], 1000, 800),
        [[0, 0], [1000, 60]]
    );
    assert_eq!(
        clamp([[990, 790], [1090, 890]], 1000, 800),
        [[900, 700], [1000, 800]]
    );
}

#[derive(Debug, Clone)]
enum Op {
    Move(i64, i64),
    Resize(i64),
    Recentre,
    Rekey(usize),
}

fn delta() -> impl Strategy<Value = i64> {
    prop_oneof![
        -50_i64..50,
        -10_000_i64..10_000,
        any::<i32>().prop_map(i64::from),
        -(1_i64 << 50)..(1_i64 << 50),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (delta(), delta()).prop_map(|(x, y)| Op::Move(x, y)),
        3 => (-30_i64..=30).prop_map(Op::Resize),
        1 => Just(Op::Recentre),
        1 => (0..CropKey::ALL.len()).prop_map(Op::Rekey),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever the buyer does, the box stays inside, keeps the key's ratio within 1% and
    /// never shrinks below the smallest side.
    #[test]
    fn every_edit_stays_inside_and_keeps_the_ratio(
        w in 200_u32..6000,
        h in 200_u32..6000,
        start in 0..CropKey::ALL.len(),
        ops in prop::collection::vec(op(), 0..40),
    ) {
        let mut key = CropKey::ALL[start];
        let mut bx = key.largest_centred(w, h);
        prop_assert_eq!(check(&bx, key, w, h), Ok(()));
        for (i, op) in ops.iter().enumerate() {
            let before = bx;
            bx = match *op {
                Op::Move(dx, dy) => move_by(bx, dx, dy, w, h),
                Op::Resize(steps) => resize(bx, key, steps, w, h),
                Op::Recentre => recentre(bx, w, h),
                Op::Rekey(k) => {
                    key = CropKey::ALL[k];
                    rekey(bx, key, w, h)
                }
            };
            let what = format!("{w}×{h}, {key}, op {i} {op:?}: {before:?} → {bx:?}");
            prop_assert!(
                0 <= bx[0][0] && bx[0][0] < bx[1][0] && bx[1][0] <= i64::from(w)
                    && 0 <= bx[0][1] && bx[0][1] < bx[1][1] && bx[1][1] <= i64::from(h),
                "outside: {}", what
            );
            prop_assert_eq!(check(&bx, key, w, h), Ok(()), "{}", what);
            prop_assert!(short_side(&bx) >= MIN_SIDE, "too small: {}", what);
            match *op {
                Op::Move(..) | Op::Recentre => {
                    prop_assert_eq!(size(&bx), size(&before), "size changed: {}", what);
                }
                Op::Resize(s) if s > 0 => {
                    prop_assert!(size(&bx).0 >= size(&before).0, "shrank: {}", what);
                }
                Op::Resize(s) if s < 0 => {
                    prop_assert!(size(&bx).0 <= size(&before).0, "grew: {}", what);
                }
                _ => {}
            }
            if let Op::Recentre = op {
                let cx = bx[0][0] + bx[1][0] - i64::from(w);
                let cy = bx[0][1] + bx[1][1] - i64::from(h);
                prop_assert!(cx.abs() <= 1 && cy.abs() <= 1, "not centred: {}", what);
            }
        }
    }

    /// A stored crop, whatever its numbers, opens as one that can be sent: itself when it can,
    /// else the nearest box of the key's shape, else the largest centred one.
    #[test]
    fn any_stored_crop_opens_as_a_sendable_one(
        w in 200_u32..6000,
        h in 200_u32..6000,
        k in 0..CropKey::ALL.len(),
        corners in prop::array::uniform4(prop_oneof![
            -100_i64..6100,
            any::<i64>(),
            Just(i64::MAX),
            Just(i64::MIN),
        ]),
    ) {
        let key = CropKey::ALL[k];
        let bx = [[corners[0], corners[1]], [corners[2], corners[3]]];
        let opened = sanitize(bx, key, w, h);
        prop_assert_eq!(check(&opened, key, w, h), Ok(()), "{:?} → {:?}", bx, opened);
        if check(&bx, key, w, h).is_ok() {
            prop_assert_eq!(opened, bx);
        }
    }

    /// `check` says yes exactly to boxes inside the image with the key's shape.
    #[test]
    fn check_accepts_exactly_the_boxes_inside_with_the_shape(
        w in 1_u32..3000,
        h in 1_u32..3000,
        k in 0..CropKey::ALL.len(),
        l in -100_i64..3100,
        t in -100_i64..3100,
        r in -100_i64..3100,
        b in -100_i64..3100,
    ) {
        let key = CropKey::ALL[k];
        let bx = [[l, t], [r, b]];
        let inside = 0 <= l && l < r && r <= i64::from(w) && 0 <= t && t < b && b <= i64::from(h);
        let verdict = check(&bx, key, w, h);
        prop_assert_eq!(verdict.is_ok(), inside && key.fits(&bx), "{:?} on {}×{}: {:?}", bx, w, h, verdict);
        if let Err(why) = verdict {
            prop_assert!(!why.trim().is_empty());
        }
    }

    /// What the editor shows can be typed back (any pixel position an image can have).
    #[test]
    fn typed_coordinates_read_back_exactly(
        l in 0..=i64::from(u32::MAX),
        t in 0..=i64::from(u32::MAX),
        r in 0..=i64::from(u32::MAX),
        b in 0..=i64::from(u32::MAX),
        sep in prop::sample::select(vec![",", ", ", " ", "  ", " , "]),
    ) {
        let text = format!("{l}{sep}{t}{sep}{r}{sep}{b}");
        prop_assert_eq!(parse_box(&text), Ok([[l, t], [r, b]]));
        prop_assert_eq!(parse_box(&format!("  {text} ")), Ok([[l, t], [r, b]]));
    }

    /// Numbers no image has are refused, by the reading or by the check.
    #[test]
    fn typed_numbers_beyond_any_image_are_refused(
        k in 0..CropKey::ALL.len(),
        mut n in prop::array::uniform4(0_i64..2000),
        i in 0_usize..4,
        far in prop_oneof![-(1_i64 << 40)..0, (1_i64 << 33)..(1_i64 << 40)],
    ) {
        n[i] = far;
        let text = format!("{},{},{},{}", n[0], n[1], n[2], n[3]);
        let verdict = typed(&text, CropKey::ALL[k], 6000, 6000);
        prop_assert!(verdict.is_err(), "{} taken: {:?}", text, verdict);
    }

    /// Any text: an answer, never a panic.
    #[test]
    fn any_typed_text_is_read_or_explained(text in "\\PC{0,40}") {
        if let Err(why) = parse_box(&text) {
            prop_assert!(!why.is_empty());
        }
    }
}

// (c) Typed coordinates.

/// Reads and checks typed text as the editor does.
fn typed(text: &str, key: CropKey, w: u32, h: u32) -> Result<CropBox, String> {
    let bx = parse_box(text)?;
    check(&bx, key, w, h)?;
    Ok(bx)
}

#[test]
fn good_typed_boxes_are_accepted() {
    let sq = CropKey::Square100x100;
    for (text, key, w, h, want) in [
        ("0,0,1080,1080", sq, 1080, 1080, [[0, 0], [1080, 1080]]),
        ("420 0 1500 1080", sq, 1920, 1080, [[420, 0], [1500, 1080]]),
        (
            " 420, 0 ,1500 ,  1080 ",
            sq,
            1920,
            1080,
            [[420, 0], [1500, 1080]],
        ),
        ("+10,+10,+60,+60", sq, 100, 100, [[10, 10], [60, 60]]),
        // 0.9% off square: within the tolerance.
        ("0,0,1000,1009", sq, 1080, 1080, [[0, 0], [1000, 1009]]),
        (
            "370,0,711,607",
            CropKey::Vertical90x160,
            1081,
            607,
            [[370, 0], [711, 607]],
        ),
        (
            "0,100,1920,820",
            CropKey::Banner400x150,
            1920,
            1080,
            [[0, 100], [1920, 820]],
        ),
    ] {
        assert_eq!(
            typed(text, key, w, h),
            Ok(want),
            "{text:?} for {key} on {w}×{h}"
        );
    }
}

#[track_caller]
fn refused(text: &str, key: CropKey, w: u32, h: u32, because: &[&str]) {
    let why = typed(text, key, w, h).expect_err(text);
    for word in because {
        assert!(why.contains(word), "{text:?}: {why:?} should say {word:?}");
    }
}

#[test]
fn bad_typed_boxes_are_refused_with_the_reason() {
    let sq = CropKey::Square100x100;
    // Outside the image, on each side.
    for text in ["1,0,1081,1080", "0,1,1080,1081", "2000,2000,3000,3000"] {
        refused(text, sq, 1080, 1080, &["leaves", "1080×1080"]);
    }
    // Before the first pixel: outside the image, or not a pixel position at all.
    for text in ["-1,0,1079,1080", "0,-1,1080,1079"] {
        let why = typed(text, sq, 1080, 1080).expect_err(text);
        assert!(
            why.contains("leaves") || why.contains("-1"),
            "{text:?}: {why:?}"
        );
    }
    // Inverted or empty.
    for text in [
        "1080,1080,0,0",
        "500,0,100,400",
        "0,500,400,100",
        "10,10,10,10",
    ] {
        refused(
            text,
            sq,
            1080,
            1080,
            &["right must be more than left", "bottom more than top"],
        );
    }
    // The wrong shape: says the size, the key and its ratio.
    refused(
        "0,0,1000,500",
        sq,
        1080,
        1080,
        &["1000×500", "100x100", "100:100", "1%"],
    );
    refused("0,0,1000,1011", sq, 1080, 1080, &["1000×1011", "shape"]);
    refused(
        "0,0,1080,1080",
        CropKey::Vertical90x160,
        1080,
        1920,
        &["1080×1080", "90x160", "90:160"],
    );
    // The wrong count.
    for text in ["", "   ", ",,,", "0,0,10", "0,0,10,10,10", "1"] {
        refused(
            text,
            sq,
            1080,
            1080,
            &["four numbers", "left,top,right,bottom"],
        );
    }
    // Not whole numbers: the bad part is quoted.
    for (text, bad) in [
        ("a,0,10,10", "\"a\""),
        ("0,0,10.5,10", "\"10.5\""),
        ("0;0;10;10", "\"0;0;10;10\""),
        ("0,0,1e3,10", "\"1e3\""),
        ("0,0,10,ten", "\"ten\""),
        ("0,0,99999999999999999999,10", "\"99999999999999999999\""),
    ] {
        refused(text, sq, 1080, 1080, &[bad, "not a whole number"]);
    }
}

/// A box fits its key within 1%, or when a side is the nearest whole pixel to the exact
/// shape; tiny boxes of another shape (3×2 as a square, 1×1 as a banner) are neither.
#[test]
fn tiny_typed_boxes_of_another_shape_are_refused() {
    for (text, key) in [
        ("0,0,3,2", CropKey::Square100x100),
        ("0,0,5,4", CropKey::Square100x100),
        ("0,0,1,1", CropKey::Banner400x150),
        ("0,0,1,1", CropKey::Vertical90x160),
    ] {
        assert!(
            typed(text, key, 1080, 1080).is_err(),
            "{text:?} taken as {key}"
        );
    }
}

/// Extreme typed numbers are refused, never overflowed (they once panicked in debug builds and,
/// in release, wrapped so that an inverted box passed as a square inside the image).
#[test]
fn extreme_typed_numbers_are_refused_not_overflowed() {
    let sq = CropKey::Square100x100;
    let max = i64::MAX;
    for text in [
        format!("{max},{max},-2,-2"),
        format!("{},0,{max},10", i64::MIN),
        format!("0,{},10,{max}", i64::MIN),
    ] {
        let outcome = std::panic::catch_unwind(|| typed(&text, sq, 1080, 1080));
        assert!(
            matches!(outcome, Ok(Err(_))),
            "{text}: {outcome:?} (should be refused)"
        );
    }
    // The same boxes handed to `check` directly.
    for bx in [
        [[max, max], [-2, -2]],
        [[i64::MIN, 0], [max, 10]],
        [[0, i64::MIN], [10, max]],
    ] {
        let outcome = std::panic::catch_unwind(|| check(&bx, sq, 1080, 1080));
        assert!(matches!(outcome, Ok(Err(_))), "{bx:?}: {outcome:?}");
    }
}

/// A move by i64::MAX stops at the edge with the box's size (each corner saturating on its
/// own once made it a 1×1 box).
#[test]
fn moves_by_the_largest_steps_stop_at_the_edge_keeping_the_size() {
    let sq = CropKey::Square100x100;
    let bx = sq.largest_centred(1920, 1080);
    let (max, min) = (i64::MAX, i64::MIN);
    assert_eq!(move_by(bx, max, max, 1920, 1080), [[840, 0], [1920, 1080]]);
    assert_eq!(move_by(bx, min, min, 1920, 1080), [[0, 0], [1080, 1080]]);
    assert_eq!(move_by(bx, max, 0, 1920, 1080), [[840, 0], [1920, 1080]]);
}
