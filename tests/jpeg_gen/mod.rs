//! Hand-built JPEG files of any size, in milliseconds: every 8×8 block holds only its DC
//! coefficient (no AC, an end-of-block straight away), so a 12000×12000 picture is about a
//! megabyte and needs no encoder. The luma is a top-to-bottom gradient (dark to light) and the
//! chroma neutral, so a decoder that gets it right shows a grey ramp.
//!
//! Shared by `tests/preview_files.rs` and `benches/preview.rs`.

#![allow(dead_code)]

/// How the file is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One component, baseline (SOF0).
    Gray,
    /// Y, Cb, Cr with 4:2:0 subsampling (what cameras write), baseline (SOF0).
    Colour420,
    /// One component, progressive (SOF2), with only the DC scan: a decoder must still hold
    /// every block's coefficients until the end.
    ProgressiveGray,
    /// One component, lossless (SOF3): every pixel a difference from its left neighbour, all
    /// zero (a flat mid grey).
    LosslessGray,
}

/// The standard luminance DC table (ITU T.81 Annex K.3): categories 0..=11.
const DC_BITS: [u8; 16] = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALS: [u8; 12] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
/// An AC table with one symbol: end of block (0x00), one bit long.
const AC_BITS: [u8; 16] = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const AC_VALS: [u8; 1] = [0];

/// Canonical Huffman codes (T.81 Annex C): `(code, length)` per symbol.
fn codes(bits: &[u8; 16], vals: &[u8]) -> [(u16, u8); 256] {
    let mut out = [(0u16, 0u8); 256];
    let mut code = 0u16;
    let mut k = 0;
    for (i, &n) in bits.iter().enumerate() {
        for _ in 0..n {
            out[usize::from(vals[k])] = (code, i as u8 + 1);
            code += 1;
            k += 1;
        }
        code <<= 1;
    }
    out
}

struct Bits {
    out: Vec<u8>,
    acc: u32,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u32, len: u8) {
        for i in (0..u32::from(len)).rev() {
            self.acc = (self.acc << 1) | ((value >> i) & 1);
            self.n += 1;
            if self.n == 8 {
                self.byte();
            }
        }
    }

    fn byte(&mut self) {
        let b = self.acc as u8;
        self.out.push(b);
        if b == 0xFF {
            self.out.push(0x00); // byte stuffing
        }
        self.acc = 0;
        self.n = 0;
    }

    /// Pads the last byte with 1 bits, as T.81 asks.
    fn finish(mut self) -> Vec<u8> {
        while self.n != 0 {
            self.put(1, 1);
        }
        self.out
    }
}

/// A DC difference: its category's code, then the value in that many bits.
fn put_dc(bits: &mut Bits, dc: &[(u16, u8); 256], diff: i32) {
    let cat = 32 - diff.unsigned_abs().leading_zeros();
    let (code, len) = dc[cat as usize];
    bits.put(u32::from(code), len);
    if cat > 0 {
        let v = if diff < 0 { diff - 1 } else { diff } as u32 & ((1 << cat) - 1);
        bits.put(v, cat as u8);
    }
}

fn segment(out: &mut Vec<u8>, marker: u8, body: &[u8]) {
    out.extend_from_slice(&[0xFF, marker]);
    out.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(body);
}

fn dht(out: &mut Vec<u8>, class_id: u8, bits: &[u8; 16], vals: &[u8]) {
    let mut body = vec![class_id];
    body.extend_from_slice(bits);
    body.extend_from_slice(vals);
    segment(out, 0xC4, &body);
}

/// A `width`×`height` JPEG in `layout`.
pub fn jpeg(width: u16, height: u16, layout: Layout) -> Vec<u8> {
    assert!(width > 0 && height > 0);
    if layout == Layout::LosslessGray {
        return lossless(width, height);
    }
    let colour = layout == Layout::Colour420;
    let progressive = layout == Layout::ProgressiveGray;
    let mut out = vec![0xFF, 0xD8];
    // One quantisation table of ones: pixel = 128 + DC / 8.
    let mut dqt = vec![0u8];
    dqt.extend_from_slice(&[1u8; 64]);
    segment(&mut out, 0xDB, &dqt);
    // The frame.
    let mut sof = vec![8];
    sof.extend_from_slice(&height.to_be_bytes());
    sof.extend_from_slice(&width.to_be_bytes());
    if colour {
        sof.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 0, 3, 0x11, 0]);
    } else {
        sof.extend_from_slice(&[1, 1, 0x11, 0]);
    }
    segment(&mut out, if progressive { 0xC2 } else { 0xC0 }, &sof);
    dht(&mut out, 0x00, &DC_BITS, &DC_VALS);
    if !progressive {
        dht(&mut out, 0x10, &AC_BITS, &AC_VALS);
    }
    // The scan: all components, DC only when progressive (Ss = Se = 0).
    let mut sos = if colour {
        vec![3, 1, 0x00, 2, 0x00, 3, 0x00]
    } else {
        vec![1, 1, 0x00]
    };
    sos.extend_from_slice(if progressive { &[0, 0, 0] } else { &[0, 63, 0] });
    segment(&mut out, 0xDA, &sos);

    let dc = codes(&DC_BITS, &DC_VALS);
    let ac = codes(&AC_BITS, &AC_VALS);
    let mcu = if colour { 16 } else { 8 };
    let (cols, rows) = (
        usize::from(width).div_ceil(mcu),
        usize::from(height).div_ceil(mcu),
    );
    let mut bits = Bits {
        out: Vec::with_capacity(cols * rows * if colour { 6 } else { 1 } * 3 / 8 + 16),
        acc: 0,
        n: 0,
    };
    let eob = |bits: &mut Bits| {
        if !progressive {
            bits.put(u32::from(ac[0].0), ac[0].1);
        }
    };
    let mut previous = 0i32;
    for row in 0..rows {
        // From DC -1000 (nearly black) at the top to +1000 (nearly white) at the bottom.
        let level = if rows > 1 {
            -1000 + (2000 * row / (rows - 1)) as i32
        } else {
            0
        };
        for col in 0..cols {
            let luma_blocks = if colour { 4 } else { 1 };
            for b in 0..luma_blocks {
                let diff = if col == 0 && b == 0 {
                    level - previous
                } else {
                    0
                };
                put_dc(&mut bits, &dc, diff);
                eob(&mut bits);
            }
            previous = level;
            if colour {
                for _chroma in 0..2 {
                    put_dc(&mut bits, &dc, 0);
                    eob(&mut bits);
                }
            }
        }
    }
    out.extend_from_slice(&bits.finish());
    out.extend_from_slice(&[0xFF, 0xD9]);
    out
}

/// A flat grey lossless JPEG: predictor 1, every difference zero (two bits a pixel).
fn lossless(width: u16, height: u16) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8];
    let mut sof = vec![8];
    sof.extend_from_slice(&height.to_be_bytes());
    sof.extend_from_slice(&width.to_be_bytes());
    sof.extend_from_slice(&[1, 1, 0x11, 0]);
    segment(&mut out, 0xC3, &sof);
    dht(&mut out, 0x00, &DC_BITS, &DC_VALS);
    segment(&mut out, 0xDA, &[1, 1, 0x00, 1, 0, 0]);
    // Category 0 is the code `00`.
    let bytes = (usize::from(width) * usize::from(height) * 2).div_ceil(8);
    out.resize(out.len() + bytes, 0);
    out.extend_from_slice(&[0xFF, 0xD9]);
    out
}
