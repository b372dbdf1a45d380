//! Small MP4 and MOV files built in the test, box by box (ISO/IEC 14496-12): `ftyp`, a `moov`
//! with one video track (and an audio track when asked), and an `mdat` of the size asked. The
//! media data is zeros: nothing decodes it, dcw reads the container's metadata only. A large
//! file is written sparse (`set_len`), so a gigabyte costs no disk and no memory.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;

/// What the file claims to be.
#[derive(Debug, Clone)]
pub struct Mp4 {
    /// `isom` for MP4, `qt  ` for a QuickTime MOV.
    pub brand: [u8; 4],
    /// The video sample entry: `avc1` (H.264), `hvc1` (HEVC), `vp09`, `av01`, `mp4v`, ...
    pub codec: [u8; 4],
    pub width: u32,
    pub height: u32,
    pub duration_ms: u64,
    /// Degrees clockwise, written in the track header's matrix (0, 90, 180, 270, or tilted).
    pub rotation: u16,
    pub audio: bool,
    /// Bytes of media data after the header boxes (the `mdat` payload).
    pub media_bytes: u64,
    /// Put `moov` after `mdat`, as cameras write it.
    pub moov_last: bool,
}

impl Default for Mp4 {
    fn default() -> Mp4 {
        Mp4 {
            brand: *b"isom",
            codec: *b"avc1",
            width: 1080,
            height: 1080,
            duration_ms: 15_000,
            rotation: 0,
            audio: true,
            media_bytes: 4096,
            moov_last: false,
        }
    }
}

impl Mp4 {
    /// A square 15-second H.264 MP4 of about `bytes` bytes.
    pub fn square(bytes: u64) -> Mp4 {
        Mp4 {
            media_bytes: bytes,
            ..Mp4::default()
        }
    }

    /// A vertical 9:16 1080x1920 H.264 MP4.
    pub fn vertical(bytes: u64) -> Mp4 {
        Mp4 {
            width: 1080,
            height: 1920,
            media_bytes: bytes,
            ..Mp4::default()
        }
    }

    /// The header boxes (`ftyp` and `moov`) as bytes.
    pub fn header(&self) -> (Vec<u8>, Vec<u8>) {
        (ftyp(self.brand), moov(self))
    }

    /// The whole file in memory (for small files).
    pub fn bytes(&self) -> Vec<u8> {
        let (ftyp, moov) = self.header();
        let mut mdat = mdat_header(self.media_bytes);
        mdat.resize(mdat.len() + self.media_bytes as usize, 0);
        let mut out = ftyp;
        if self.moov_last {
            out.extend(mdat);
            out.extend(moov);
        } else {
            out.extend(moov);
            out.extend(mdat);
        }
        out
    }

    /// Writes the file at `path`; the media data is a hole (sparse), whatever its size.
    pub fn write(&self, path: &Path) {
        let (ftyp, moov) = self.header();
        let mut f = std::fs::File::create(path).unwrap();
        f.write_all(&ftyp).unwrap();
        if self.moov_last {
            f.write_all(&mdat_header(self.media_bytes)).unwrap();
            let at = (ftyp.len() + 16) as u64 + self.media_bytes;
            f.set_len(at).unwrap();
            use std::io::Seek;
            f.seek(std::io::SeekFrom::Start(at)).unwrap();
            f.write_all(&moov).unwrap();
        } else {
            f.write_all(&moov).unwrap();
            f.write_all(&mdat_header(self.media_bytes)).unwrap();
            let end = (ftyp.len() + moov.len() + 16) as u64 + self.media_bytes;
            f.set_len(end).unwrap();
        }
    }

    /// The file's size on disk as `write` lays it out.
    pub fn file_size(&self) -> u64 {
        let (ftyp, moov) = self.header();
        (ftyp.len() + moov.len() + 16) as u64 + self.media_bytes
    }
}

fn b(kind: &[u8; 4], payload: &[u8]) -> Vec<u8> {
    let mut out = ((payload.len() + 8) as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(payload);
    out
}

/// A full box: version and flags, then the payload.
fn full(kind: &[u8; 4], version: u8, flags: u32, payload: &[u8]) -> Vec<u8> {
    let mut p = vec![version];
    p.extend_from_slice(&flags.to_be_bytes()[1..]);
    p.extend_from_slice(payload);
    b(kind, &p)
}

fn cat(parts: &[Vec<u8>]) -> Vec<u8> {
    parts.concat()
}

fn ftyp(brand: [u8; 4]) -> Vec<u8> {
    let mut p = brand.to_vec();
    p.extend_from_slice(&0x200u32.to_be_bytes());
    p.extend_from_slice(&brand);
    p.extend_from_slice(b"mp41");
    b(b"ftyp", &p)
}

/// A 64-bit `mdat` header (size 1, then the large size), so any size fits.
fn mdat_header(media_bytes: u64) -> Vec<u8> {
    let mut out = 1u32.to_be_bytes().to_vec();
    out.extend_from_slice(b"mdat");
    out.extend_from_slice(&(media_bytes + 16).to_be_bytes());
    out
}

/// The track header's matrix for a clockwise rotation in degrees (any angle), 16.16 and
/// 2.30 fixed point.
fn matrix(rotation: u16) -> [i32; 9] {
    let one = f64::from(0x0001_0000);
    let (sin, cos) = f64::from(rotation).to_radians().sin_cos();
    let (s, c) = ((sin * one).round() as i32, (cos * one).round() as i32);
    [c, s, 0, -s, c, 0, 0, 0, 0x4000_0000]
}

fn mvhd(duration_ms: u64) -> Vec<u8> {
    let mut p = Vec::new();
    p.extend_from_slice(&0u32.to_be_bytes()); // creation
    p.extend_from_slice(&0u32.to_be_bytes()); // modification
    p.extend_from_slice(&1000u32.to_be_bytes()); // timescale
    p.extend_from_slice(&(duration_ms as u32).to_be_bytes());
    p.extend_from_slice(&0x0001_0000u32.to_be_bytes()); // rate 1.0
    p.extend_from_slice(&0x0100u16.to_be_bytes()); // volume 1.0
    p.extend_from_slice(&[0; 10]);
    for m in matrix(0) {
        p.extend_from_slice(&m.to_be_bytes());
    }
    p.extend_from_slice(&[0; 24]); // pre_defined
    p.extend_from_slice(&3u32.to_be_bytes()); // next track id
    full(b"mvhd", 0, 0, &p)
}

fn tkhd(id: u32, duration_ms: u64, width: u32, height: u32, rotation: u16, audio: bool) -> Vec<u8> {
    let mut p = Vec::new();
    p.extend_from_slice(&0u32.to_be_bytes());
    p.extend_from_slice(&0u32.to_be_bytes());
    p.extend_from_slice(&id.to_be_bytes());
    p.extend_from_slice(&0u32.to_be_bytes()); // reserved
    p.extend_from_slice(&(duration_ms as u32).to_be_bytes());
    p.extend_from_slice(&[0; 8]);
    p.extend_from_slice(&0u16.to_be_bytes()); // layer
    p.extend_from_slice(&0u16.to_be_bytes()); // alternate group
    p.extend_from_slice(&(if audio { 0x0100u16 } else { 0 }).to_be_bytes());
    p.extend_from_slice(&0u16.to_be_bytes());
    for m in matrix(rotation) {
        p.extend_from_slice(&m.to_be_bytes());
    }
    p.extend_from_slice(&(width << 16).to_be_bytes());
    p.extend_from_slice(&(height << 16).to_be_bytes());
    full(b"tkhd", 0, 3, &p)
}

fn mdhd(duration_ms: u64) -> Vec<u8> {
    let mut p = Vec::new();
    p.extend_from_slice(&0u32.to_be_bytes());
    p.extend_from_slice(&0u32.to_be_bytes());
    p.extend_from_slice(&1000u32.to_be_bytes());
    p.extend_from_slice(&(duration_ms as u32).to_be_bytes());
    p.extend_from_slice(&0x55c4u16.to_be_bytes()); // language und
    p.extend_from_slice(&0u16.to_be_bytes());
    full(b"mdhd", 0, 0, &p)
}

fn hdlr(kind: &[u8; 4]) -> Vec<u8> {
    let mut p = 0u32.to_be_bytes().to_vec();
    p.extend_from_slice(kind);
    p.extend_from_slice(&[0; 12]);
    p.extend_from_slice(b"dcw\0");
    full(b"hdlr", 0, 0, &p)
}

fn dinf() -> Vec<u8> {
    let url = full(b"url ", 0, 1, &[]);
    let mut dref = 1u32.to_be_bytes().to_vec();
    dref.extend(url);
    b(b"dinf", &full(b"dref", 0, 0, &dref))
}

/// Empty sample tables: the file has no samples to index, which nothing here reads.
fn tables(entry: Vec<u8>) -> Vec<u8> {
    let mut stsd = 1u32.to_be_bytes().to_vec();
    stsd.extend(entry);
    b(
        b"stbl",
        &cat(&[
            full(b"stsd", 0, 0, &stsd),
            full(b"stts", 0, 0, &0u32.to_be_bytes()),
            full(b"stsc", 0, 0, &0u32.to_be_bytes()),
            full(b"stsz", 0, 0, &[0; 8]),
            full(b"stco", 0, 0, &0u32.to_be_bytes()),
        ]),
    )
}

fn video_entry(codec: [u8; 4], width: u32, height: u32) -> Vec<u8> {
    let mut p = vec![0; 6];
    p.extend_from_slice(&1u16.to_be_bytes()); // data reference index
    p.extend_from_slice(&[0; 16]);
    p.extend_from_slice(&(width as u16).to_be_bytes());
    p.extend_from_slice(&(height as u16).to_be_bytes());
    p.extend_from_slice(&0x0048_0000u32.to_be_bytes()); // 72 dpi
    p.extend_from_slice(&0x0048_0000u32.to_be_bytes());
    p.extend_from_slice(&0u32.to_be_bytes());
    p.extend_from_slice(&1u16.to_be_bytes()); // frame count
    p.extend_from_slice(&[0; 32]); // compressor name
    p.extend_from_slice(&0x0018u16.to_be_bytes()); // depth
    p.extend_from_slice(&(-1i16).to_be_bytes());
    match &codec {
        b"avc1" | b"avc3" => {
            // avcC: version 1, Baseline 3.0, 4-byte lengths, one tiny SPS and PPS.
            let sps = [0x67, 0x42, 0x00, 0x1e, 0x95, 0xa8, 0x14, 0x01];
            let pps = [0x68, 0xce, 0x38, 0x80];
            let mut c = vec![1, 0x42, 0x00, 0x1e, 0xff, 0xe1];
            c.extend_from_slice(&(sps.len() as u16).to_be_bytes());
            c.extend_from_slice(&sps);
            c.push(1);
            c.extend_from_slice(&(pps.len() as u16).to_be_bytes());
            c.extend_from_slice(&pps);
            p.extend(b(b"avcC", &c));
        }
        b"vp09" => {
            p.extend(full(b"vpcC", 1, 0, &[0, 10, 8 << 4 | 2, 1, 1, 1, 0, 0]));
        }
        b"av01" => {
            p.extend(b(b"av1C", &[0x81, 0x08, 0x0c, 0x00]));
        }
        _ => {}
    }
    b(&codec, &p)
}

fn audio_entry() -> Vec<u8> {
    let mut p = vec![0; 6];
    p.extend_from_slice(&1u16.to_be_bytes());
    p.extend_from_slice(&[0; 8]);
    p.extend_from_slice(&2u16.to_be_bytes()); // channels
    p.extend_from_slice(&16u16.to_be_bytes()); // sample size
    p.extend_from_slice(&[0; 4]);
    p.extend_from_slice(&(48_000u32 << 16).to_be_bytes());
    // esds: an AAC-LC decoder config, 48 kHz stereo.
    let dsi = [0x11, 0x90];
    let mut dec = vec![0x40, 0x15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    dec.extend_from_slice(&[0x05, dsi.len() as u8]);
    dec.extend_from_slice(&dsi);
    let mut es = vec![0, 1, 0];
    es.extend_from_slice(&[0x04, dec.len() as u8]);
    es.extend(dec);
    es.extend_from_slice(&[0x06, 1, 2]);
    let mut esds = vec![0x03, es.len() as u8];
    esds.extend(es);
    p.extend(full(b"esds", 0, 0, &esds));
    b(b"mp4a", &p)
}

fn trak(id: u32, m: &Mp4, audio: bool) -> Vec<u8> {
    let (handler, header, entry) = if audio {
        (b"soun", full(b"smhd", 0, 0, &[0; 4]), audio_entry())
    } else {
        (
            b"vide",
            full(b"vmhd", 0, 1, &[0; 8]),
            video_entry(m.codec, m.width, m.height),
        )
    };
    let (w, h) = if audio { (0, 0) } else { (m.width, m.height) };
    b(
        b"trak",
        &cat(&[
            tkhd(
                id,
                m.duration_ms,
                w,
                h,
                if audio { 0 } else { m.rotation },
                audio,
            ),
            b(
                b"mdia",
                &cat(&[
                    mdhd(m.duration_ms),
                    hdlr(handler),
                    b(b"minf", &cat(&[header, dinf(), tables(entry)])),
                ]),
            ),
        ]),
    )
}

fn moov(m: &Mp4) -> Vec<u8> {
    let mut parts = vec![mvhd(m.duration_ms), trak(1, m, false)];
    if m.audio {
        parts.push(trak(2, m, true));
    }
    b(b"moov", &cat(&parts))
}
