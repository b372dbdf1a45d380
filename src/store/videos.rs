//! What local video files hold, read from their container boxes (ISO/IEC 14496-12: MP4, and
//! QuickTime MOV) without decoding a frame and without reading the media data: the top-level
//! boxes are walked by their headers (seeking over `mdat`, wherever it lies), and only `ftyp`
//! and `moov` are read, each within a bound.

use std::collections::HashMap;
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::path::Path;

use super::files::{FileKind, ReadError, open_regular_any_size};
use crate::spec::{LaunchSpec, VideoContainer, VideoFacts, VideoInfo};

/// The largest `moov` dcw reads [dcw's own]: a two-hour film's sample tables take a few MB;
/// a header claiming more is damaged or hostile, and would cost its size in memory.
pub const MAX_MOOV_BYTES: u64 = 64 * 1000 * 1000;
/// The largest `ftyp` dcw reads [dcw's own]: a brand and a list of compatible brands.
const MAX_FTYP_BYTES: u64 = 64 * 1024;
/// How many top-level boxes dcw walks looking for `ftyp` and `moov` [dcw's own]: a file holds
/// a handful (`ftyp`, `free`, `mdat`, `moov`, `wide`, `uuid`); a fragmented one a `moov` near its
/// start. Each box costs one small read, so the walk stays short whatever the file says.
const MAX_TOP_BOXES: usize = 4096;

/// Reads the container metadata of one video file. A named pipe, a device or a folder is
/// unreadable at once (opened without blocking, never read); the size is not judged here (the
/// rules name a file over Meta's limit by its size).
pub fn read_video(path: &Path) -> VideoFacts {
    let (mut file, len) = match open_regular_any_size(path, FileKind::Video) {
        Ok(f) => f,
        Err(ReadError::NotFound { .. }) => return VideoFacts::Missing,
        Err(ReadError::NotRegular { what, .. }) => {
            return VideoFacts::Unreadable(format!("it is {what}, not a regular file"));
        }
        Err(ReadError::Io { source, .. }) => return VideoFacts::Unreadable(source.to_string()),
        Err(other) => return VideoFacts::Unreadable(other.to_string()),
    };
    match read_from(&mut file, len) {
        Ok(info) => VideoFacts::Read(info),
        Err(why) => VideoFacts::Unreadable(why),
    }
}

/// [`read_video`] on an open file of `len` bytes (any reader that seeks: tests use a cursor).
pub fn read_from<R: Read + Seek>(file: &mut R, len: u64) -> Result<VideoInfo, String> {
    let (ftyp, moov) = match top_boxes(file, len)? {
        Top::Boxes { ftyp, moov } => (ftyp, moov),
        Top::Other(what) => {
            return Ok(unread(VideoContainer::Other(what), len));
        }
    };
    let container = match ftyp.get(8..12) {
        Some(b"qt  ") | None => VideoContainer::Mov,
        Some(_) => VideoContainer::Mp4,
    };
    let mut header = ftyp;
    header.extend_from_slice(&moov);
    let ctx = mp4parse::read_mp4(&mut Cursor::new(&header)).map_err(damaged)?;
    let walked = walk_moov(&moov)?;
    let mut info = unread(container, len);
    let mut video_seen = false;
    let mut longest_track_ms = 0u64;
    for (i, track) in ctx.tracks.iter().enumerate() {
        if let (Some(d), Some(ts)) = (&track.duration, &track.timescale) {
            longest_track_ms = longest_track_ms.max(scaled_ms(d.0, ts.0));
        }
        match track.track_type {
            mp4parse::TrackType::Audio => info.has_audio = true,
            mp4parse::TrackType::Video if !video_seen => {
                video_seen = true;
                info.codec = walked.entries.get(i).cloned().flatten().unwrap_or_default();
                let entry = track.stsd.as_ref().and_then(|s| {
                    s.descriptions.iter().find_map(|d| match d {
                        mp4parse::SampleEntry::Video(v) => Some(v),
                        _ => None,
                    })
                });
                if let Some(tkhd) = &track.tkhd {
                    info.width = tkhd.width >> 16;
                    info.height = tkhd.height >> 16;
                    info.rotation = rotation(&tkhd.matrix);
                }
                if (info.width == 0 || info.height == 0)
                    && let Some(v) = entry
                {
                    info.width = u32::from(v.width);
                    info.height = u32::from(v.height);
                }
            }
            _ => {}
        }
    }
    info.duration_ms = match (walked.movie_duration, ctx.timescale) {
        (Some(d), Some(ts)) if d > 0 => scaled_ms(d, ts.0),
        _ => longest_track_ms,
    };
    Ok(info)
}

/// What the top level of a file holds.
enum Top {
    /// The `ftyp` box (empty for an old QuickTime file without one) and the `moov` box, whole.
    Boxes { ftyp: Vec<u8>, moov: Vec<u8> },
    /// Not an ISO/QuickTime file: what it looks like.
    Other(String),
}

/// Walks the top-level boxes by their headers, reading `ftyp` and `moov` and seeking over the
/// rest, and checks that each box ends within the file (one cut off is refused). Linear in the
/// boxes walked, which are bounded.
fn top_boxes<R: Read + Seek>(file: &mut R, len: u64) -> Result<Top, String> {
    let mut pos = 0u64;
    let mut ftyp: Option<Vec<u8>> = None;
    let mut moov: Option<Vec<u8>> = None;
    for n in 0..MAX_TOP_BOXES {
        if pos >= len {
            break;
        }
        if len - pos < 8 {
            return Err(format!("a box header at byte {pos} is cut off"));
        }
        file.seek(SeekFrom::Start(pos)).map_err(io)?;
        let mut head = [0u8; 8];
        file.read_exact(&mut head).map_err(io)?;
        let kind = [head[4], head[5], head[6], head[7]];
        if n == 0 && !kind.iter().all(|b| (0x20..0x7f).contains(b)) {
            let mut start = [0u8; 16];
            start[..8].copy_from_slice(&head);
            if len >= 16 {
                file.read_exact(&mut start[8..]).map_err(io)?;
            }
            return sniff(&start)
                .map(|what| Top::Other(what.into()))
                .ok_or_else(|| {
                    "it is not a video dcw recognises (no MP4 or MOV box at its start)".into()
                });
        }
        let name = fourcc(&kind);
        let (size, header) = match u32::from_be_bytes([head[0], head[1], head[2], head[3]]) {
            0 => (len - pos, 8),
            1 => {
                if len - pos < 16 {
                    return Err(format!(
                        "the 64-bit size of box «{name}» at byte {pos} is cut off"
                    ));
                }
                let mut large = [0u8; 8];
                file.read_exact(&mut large).map_err(io)?;
                (u64::from_be_bytes(large), 16)
            }
            n => (u64::from(n), 8),
        };
        if size < header {
            return Err(format!(
                "box «{name}» at byte {pos} claims {size} bytes, less than its own header"
            ));
        }
        if size > len - pos {
            return Err(format!(
                "box «{name}» at byte {pos} claims {size} bytes, past the end of the \
                 {len}-byte file: the file is cut off"
            ));
        }
        match &kind {
            b"ftyp" if ftyp.is_none() => {
                ftyp = Some(read_box(file, pos, size, MAX_FTYP_BYTES, &name)?);
            }
            b"moov" if moov.is_none() => {
                moov = Some(read_box(file, pos, size, MAX_MOOV_BYTES, &name)?);
            }
            _ => {}
        }
        pos += size;
    }
    // The boxes after `moov` are walked too (a file cut off in its media data is refused), up
    // to the bound: a fragmented file may hold more `moof`/`mdat` pairs than that.
    match moov {
        Some(moov) => Ok(Top::Boxes {
            ftyp: ftyp.unwrap_or_default(),
            moov,
        }),
        None if len == 0 => Err("the file is empty".into()),
        None if pos < len => Err(format!(
            "no movie header (moov box) in its first {MAX_TOP_BOXES} boxes"
        )),
        None => Err("it has no movie header (moov box): it is cut off or not a video".into()),
    }
}

/// The whole box at `pos` of `size` bytes, if no larger than `max`.
fn read_box<R: Read + Seek>(
    file: &mut R,
    pos: u64,
    size: u64,
    max: u64,
    name: &str,
) -> Result<Vec<u8>, String> {
    if size > max {
        return Err(format!(
            "its «{name}» box is {size} bytes, more than the {max} dcw reads"
        ));
    }
    file.seek(SeekFrom::Start(pos)).map_err(io)?;
    let mut buf = Vec::with_capacity(size as usize);
    file.take(size).read_to_end(&mut buf).map_err(io)?;
    if (buf.len() as u64) < size {
        return Err(format!("its «{name}» box is cut off"));
    }
    Ok(buf)
}

/// mp4parse's refusal in words.
fn damaged(e: mp4parse::Error) -> String {
    let why = match e {
        mp4parse::Error::UnexpectedEOF => "a box inside it is cut off".to_string(),
        // It reserves room for a table's claimed count first: a count past what the box holds.
        mp4parse::Error::OutOfMemory => "a table claims more entries than it holds".into(),
        mp4parse::Error::Unsupported(what) => format!("{what} is not supported"),
        mp4parse::Error::MoovMissing => "it is empty".into(),
        mp4parse::Error::Io(e) => e.to_string(),
        mp4parse::Error::InvalidData(status) => format!("{status:?}"),
    };
    format!("its movie header (moov) is damaged: {why}")
}

/// A box type or sample entry as text: printable ASCII as it is, any other byte `?` (they come
/// from the file and end up in messages).
fn fourcc(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| {
            if (0x20..0x7f).contains(&b) {
                b as char
            } else {
                '?'
            }
        })
        .collect()
}

fn io(e: std::io::Error) -> String {
    format!("cannot read it ({e})")
}

/// What a file that is not ISO-BMFF looks like, by its first bytes: formats Meta's video
/// upload takes that dcw does not read.
fn sniff(start: &[u8; 16]) -> Option<&'static str> {
    if start.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) {
        Some("WebM/Matroska")
    } else if start.starts_with(b"RIFF") && &start[8..12] == b"AVI " {
        Some("AVI")
    } else if start.starts_with(b"FLV") {
        Some("FLV")
    } else if start.starts_with(&[0x30, 0x26, 0xB2, 0x75]) {
        Some("ASF/WMV")
    } else if start.starts_with(&[0x00, 0x00, 0x01, 0xBA]) {
        Some("MPEG program stream")
    } else if start[0] == 0x47 {
        Some("MPEG transport stream")
    } else if start.starts_with(b"GIF8") {
        Some("GIF")
    } else {
        None
    }
}

/// What dcw reads from `moov` itself: mp4parse does not give the movie's duration, and names
/// HEVC and other sample entries it does not parse `Unknown`.
struct Walked {
    /// `mvhd`'s duration, in the movie's timescale (`None`: unknown, all ones).
    movie_duration: Option<u64>,
    /// Each `trak`'s first sample entry fourcc, in the order of the `trak` boxes.
    entries: Vec<Option<String>>,
}

fn walk_moov(moov: &[u8]) -> Result<Walked, String> {
    let body = moov.get(8..).unwrap_or_default();
    let mut walked = Walked {
        movie_duration: None,
        entries: Vec::new(),
    };
    for child in Children(body) {
        let (kind, payload) = child?;
        match &kind {
            b"mvhd" => walked.movie_duration = mvhd_duration(payload),
            b"trak" => walked.entries.push(sample_entry(payload)?),
            _ => {}
        }
    }
    Ok(walked)
}

/// `mvhd`: version 0 has 32-bit times, version 1 64-bit; all ones means unknown.
fn mvhd_duration(p: &[u8]) -> Option<u64> {
    let d = match p.first()? {
        0 => u64::from(u32::from_be_bytes(p.get(16..20)?.try_into().ok()?)),
        1 => u64::from_be_bytes(p.get(24..32)?.try_into().ok()?),
        _ => return None,
    };
    (d != u64::from(u32::MAX) && d != u64::MAX).then_some(d)
}

/// The fourcc of the first entry of `trak/mdia/minf/stbl/stsd`.
fn sample_entry(trak: &[u8]) -> Result<Option<String>, String> {
    let mut level = trak;
    for want in [b"mdia", b"minf", b"stbl"] {
        match find(level, want)? {
            Some(inner) => level = inner,
            None => return Ok(None),
        }
    }
    let Some(stsd) = find(level, b"stsd")? else {
        return Ok(None);
    };
    // version/flags (4), entry count (4), then the first entry: size (4), fourcc (4).
    Ok(stsd.get(12..16).map(fourcc))
}

fn find<'a>(boxes: &'a [u8], want: &[u8; 4]) -> Result<Option<&'a [u8]>, String> {
    for child in Children(boxes) {
        let (kind, payload) = child?;
        if &kind == want {
            return Ok(Some(payload));
        }
    }
    Ok(None)
}

/// The boxes laid end to end in a byte slice, as (type, payload); an error for a box whose size
/// does not fit, then nothing more. Each step moves forward at least 8 bytes.
struct Children<'a>(&'a [u8]);

impl<'a> Iterator for Children<'a> {
    type Item = Result<([u8; 4], &'a [u8]), String>;

    fn next(&mut self) -> Option<Self::Item> {
        let buf = self.0;
        if buf.is_empty() {
            return None;
        }
        self.0 = &[];
        let bad = |what: &str| Some(Err(format!("its movie header (moov) is damaged ({what})")));
        if buf.len() < 8 {
            return bad("a box header is cut off");
        }
        let kind: [u8; 4] = buf[4..8].try_into().expect("four bytes");
        let (size, header) = match u32::from_be_bytes(buf[..4].try_into().expect("four bytes")) {
            0 => (buf.len() as u64, 8),
            1 => match buf.get(8..16) {
                Some(l) => (u64::from_be_bytes(l.try_into().expect("eight bytes")), 16),
                None => return bad("a 64-bit box size is cut off"),
            },
            n => (u64::from(n), 8),
        };
        if size < header || size > buf.len() as u64 {
            return bad(&format!(
                "box «{}» claims {size} bytes in {} left",
                fourcc(&kind),
                buf.len()
            ));
        }
        let size = size as usize;
        self.0 = &buf[size..];
        Some(Ok((kind, &buf[header as usize..size])))
    }
}

/// `value` ticks of `timescale` per second, in milliseconds (0 for a zero timescale).
fn scaled_ms(value: u64, timescale: u64) -> u64 {
    if timescale == 0 {
        return 0;
    }
    u64::try_from(u128::from(value) * 1000 / u128::from(timescale)).unwrap_or(u64::MAX)
}

/// Degrees clockwise the track header's matrix turns the picture, rounded to a whole degree:
/// 0, 90, 180 or 270 for a picture turned upright, anything else for a tilted one (a matrix
/// that only scales counts as 0).
fn rotation(m: &mp4parse::Matrix) -> u16 {
    if m.a == 0 && m.b == 0 {
        return 0;
    }
    let degrees = f64::from(m.b).atan2(f64::from(m.a)).to_degrees().round() as i32;
    degrees.rem_euclid(360) as u16
}

/// Facts for every `file` video of a spec, with relative paths resolved against `base_dir`
/// (the spec file's folder). Keys are the `file` values as written.
pub fn video_facts(spec: &LaunchSpec, base_dir: &Path) -> HashMap<String, VideoFacts> {
    let files = spec
        .creative
        .iter()
        .filter_map(|c| c.asset_feed_spec.as_ref())
        .filter_map(|f| f.videos.as_ref())
        .flatten()
        .filter_map(|v| v.file.as_deref());
    files
        .map(|f| (f.to_string(), read_video(&base_dir.join(f))))
        .collect()
}

/// A video of `bytes` in `container` of which nothing else is known yet.
fn unread(container: VideoContainer, bytes: u64) -> VideoInfo {
    VideoInfo {
        container,
        codec: String::new(),
        width: 0,
        height: 0,
        rotation: 0,
        duration_ms: 0,
        bytes,
        has_audio: false,
    }
}
