//! The video metadata reader: what `dcw::store::read_video` finds in MP4 and MOV files built by
//! `tests/common/mp4.rs`, and that damaged or hostile files are refused with a reason, quickly.

use std::io::Cursor;
use std::time::{Duration, Instant};

use dcw::spec::{VideoContainer, VideoFacts, VideoInfo};
use dcw::store::{read_video, video_facts};

use crate::common::mp4::Mp4;

fn read(m: &Mp4) -> VideoInfo {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clip.mp4");
    m.write(&path);
    match read_video(&path) {
        VideoFacts::Read(info) => info,
        other => panic!("{m:?} reads as {other:?}"),
    }
}

fn unreadable(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.mp4");
    std::fs::write(&path, bytes).unwrap();
    match read_video(&path) {
        VideoFacts::Unreadable(why) => why,
        other => panic!("{} bytes read as {other:?}", bytes.len()),
    }
}

#[test]
fn a_square_h264_mp4_gives_its_container_codec_size_duration_audio_and_bytes() {
    let m = Mp4::square(10_000);
    assert_eq!(
        read(&m),
        VideoInfo {
            container: VideoContainer::Mp4,
            codec: "avc1".into(),
            width: 1080,
            height: 1080,
            rotation: 0,
            duration_ms: 15_000,
            bytes: m.file_size(),
            has_audio: true,
        }
    );
}

#[test]
fn a_quicktime_brand_is_a_mov_and_a_silent_file_has_no_audio() {
    let info = read(&Mp4 {
        brand: *b"qt  ",
        audio: false,
        duration_ms: 61_500,
        ..Mp4::default()
    });
    assert_eq!(info.container, VideoContainer::Mov);
    assert!(!info.has_audio);
    assert_eq!(info.duration_ms, 61_500);
}

#[test]
fn rotation_comes_from_the_track_matrix_and_turns_the_shown_size() {
    for (rotation, shown) in [
        (0, (1920, 1080)),
        (90, (1080, 1920)),
        (180, (1920, 1080)),
        (270, (1080, 1920)),
    ] {
        let info = read(&Mp4 {
            width: 1920,
            height: 1080,
            rotation,
            ..Mp4::default()
        });
        assert_eq!(info.rotation, rotation);
        assert_eq!((info.width, info.height), (1920, 1080), "stored size");
        assert_eq!(info.shown_size(), shown, "rotation {rotation}");
    }
}

#[test]
fn a_tilted_matrix_reads_as_its_angle_not_as_upright() {
    for tilt in [45, 10, 315] {
        let info = read(&Mp4 {
            width: 1920,
            height: 1080,
            rotation: tilt,
            ..Mp4::default()
        });
        assert_eq!(info.rotation, tilt);
        assert_eq!(info.shown_size(), (1920, 1080), "a tilt turns no sides");
    }
}

#[test]
fn the_codec_is_the_sample_entry_fourcc_even_where_mp4parse_knows_no_codec() {
    for codec in [*b"hvc1", *b"hev1", *b"vp09", *b"av01", *b"mp4v"] {
        let info = read(&Mp4 {
            codec,
            width: 720,
            height: 1280,
            ..Mp4::default()
        });
        assert_eq!(info.codec.as_bytes(), codec);
        assert_eq!((info.width, info.height), (720, 1280));
    }
}

#[test]
fn a_moov_after_a_64_bit_mdat_is_found() {
    let m = Mp4 {
        moov_last: true,
        ..Mp4::vertical(5_000_000)
    };
    let info = read(&m);
    assert_eq!((info.width, info.height), (1080, 1920));
    assert_eq!(info.bytes, m.file_size());
}

#[test]
fn a_one_gigabyte_file_is_read_without_reading_its_media() {
    let m = Mp4 {
        moov_last: true,
        ..Mp4::square(1 << 30)
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.mp4");
    m.write(&path);
    let start = Instant::now();
    let facts = read_video(&path);
    // Generous: reading the gigabyte would take far longer on this machine's sparse file
    // reads of zeros than two ftyp/moov reads and a seek; this proves it does not.
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    let VideoFacts::Read(info) = facts else {
        panic!("{facts:?}")
    };
    assert_eq!(info.bytes, m.file_size());
    assert_eq!(info.duration_ms, 15_000);
}

#[test]
fn a_missing_file_is_missing_and_video_facts_key_by_the_file_as_written() {
    let dir = tempfile::tempdir().unwrap();
    Mp4::square(100).write(&dir.path().join("a.mp4"));
    let spec = dcw::spec::parse_spec(
        &serde_json::json!({
            "creative": {"asset_feed_spec": {"videos": [
                {"file": "a.mp4"}, {"file": "gone.mp4"}, {"video_id": "123"}
            ]}}
        })
        .to_string(),
    )
    .unwrap();
    let facts = video_facts(&spec, dir.path());
    assert_eq!(facts.len(), 2);
    assert!(matches!(facts["a.mp4"], VideoFacts::Read(_)));
    assert_eq!(facts["gone.mp4"], VideoFacts::Missing);
}

#[test]
fn damaged_files_are_unreadable_with_the_reason() {
    let good = Mp4::square(64).bytes();
    let ftyp_len = u32::from_be_bytes(good[..4].try_into().unwrap()) as usize;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", Vec::new(), "empty"),
        (
            "garbage",
            (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect(),
            "not a video",
        ),
        ("header cut", good[..5].to_vec(), "cut off"),
        ("cut in the moov", good[..ftyp_len + 40].to_vec(), "cut off"),
        (
            "cut in the mdat",
            good[..good.len() - 10].to_vec(),
            "cut off",
        ),
        ("no moov", good[..ftyp_len].to_vec(), "no movie header"),
        (
            "box smaller than its header",
            {
                let mut b = good.clone();
                b[ftyp_len..ftyp_len + 4].copy_from_slice(&4u32.to_be_bytes());
                b
            },
            "less than its own header",
        ),
        (
            "64-bit size past the end",
            {
                let mut b = good[..ftyp_len].to_vec();
                b.extend_from_slice(&1u32.to_be_bytes());
                b.extend_from_slice(b"moov");
                b.extend_from_slice(&u64::MAX.to_be_bytes());
                b
            },
            "past the end",
        ),
        (
            "a moov box inside it too large",
            {
                let mut b = good.clone();
                // The moov's first child (mvhd) claims more than the moov holds.
                let at = ftyp_len + 8;
                b[at..at + 4].copy_from_slice(&0x7fff_ffffu32.to_be_bytes());
                b
            },
            "moov",
        ),
    ];
    for (what, bytes, words) in cases {
        let why = unreadable(&bytes);
        assert!(why.contains(words), "{what}: {why}");
    }
}

#[test]
fn a_sample_table_claiming_four_billion_entries_is_refused_quickly() {
    // mp4parse reserves room for a table's claimed count before reading it: the claim is never
    // more than the moov holds, so the read ends at the moov's end, refused.
    let mut b = Mp4::square(64).bytes();
    let at = b
        .windows(4)
        .position(|w| w == b"stco")
        .expect("an stco box")
        + 8;
    b[at..at + 4].copy_from_slice(&u32::MAX.to_be_bytes());
    let start = Instant::now();
    let why = unreadable(&b);
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    assert!(why.contains("claims more entries than it holds"), "{why}");
}

#[test]
fn a_moov_over_the_bound_is_refused_unread() {
    let limit = dcw::store::MAX_MOOV_BYTES;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge-moov.mp4");
    let mut head = Mp4::square(0).header().0;
    head.extend_from_slice(&((limit + 1) as u32).to_be_bytes());
    head.extend_from_slice(b"moov");
    std::fs::write(&path, &head).unwrap();
    let f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    f.set_len(head.len() as u64 - 8 + limit + 1).unwrap();
    let VideoFacts::Unreadable(why) = read_video(&path) else {
        panic!("read")
    };
    assert!(why.contains(&limit.to_string()), "{why}");
}

#[test]
fn every_cut_of_a_header_is_read_or_refused_never_a_panic() {
    // Each prefix of a real file, and each with one byte flipped: the reader answers each
    // (linear walk, bounded reads), and a prefix is `Read` only where it ends between boxes
    // with the movie header whole (right after `moov`, before `mdat`).
    let m = Mp4::square(16);
    let good = m.bytes();
    let (ftyp, moov) = m.header();
    let whole = ftyp.len() + moov.len();
    for cut in 0..good.len() {
        let got = dcw::store::read_video_from(&mut Cursor::new(&good[..cut]), cut as u64);
        assert_eq!(
            got.is_ok(),
            cut == whole,
            "a file cut at {cut} of {}",
            good.len()
        );
    }
    for at in 0..good.len() {
        let mut b = good.clone();
        b[at] ^= 0xff;
        let _ = dcw::store::read_video_from(&mut Cursor::new(&b), b.len() as u64);
    }
}

#[test]
fn the_summary_line_shows_what_the_wizard_puts_beside_the_field() {
    let turned = read(&Mp4 {
        width: 1920,
        height: 1080,
        rotation: 90,
        duration_ms: 75_500,
        media_bytes: 3 << 20,
        ..Mp4::default()
    });
    assert!(
        turned
            .summary()
            .starts_with("1:15 · 1080×1920 9:16 (turned 90°) · H.264 · 3.1 MB"),
        "{}",
        turned.summary()
    );
    let mov = read(&Mp4 {
        brand: *b"qt  ",
        codec: *b"apch",
        audio: false,
        duration_ms: 3_725_000,
        ..Mp4::default()
    });
    assert!(
        mov.summary()
            .starts_with("1:02:05 · 1080×1080 1:1 · apch · "),
        "{}",
        mov.summary()
    );
    assert!(
        mov.summary().ends_with(" MB · QuickTime"),
        "{}",
        mov.summary()
    );
    let other = VideoInfo {
        container: VideoContainer::Other("AVI".into()),
        codec: String::new(),
        width: 0,
        height: 0,
        rotation: 0,
        duration_ms: 0,
        bytes: 5_000_000_000,
        has_audio: false,
    };
    assert_eq!(other.summary(), "not MP4 or MOV: AVI · 5.0 GB");
}

#[test]
fn a_codec_fourcc_with_control_bytes_comes_back_printable() {
    let info = read(&Mp4 {
        codec: *b"\x1b[2J",
        ..Mp4::default()
    });
    assert_eq!(info.codec, "?[2J");
}

#[test]
fn other_video_formats_meta_takes_are_named_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clip.webm");
    let mut b = vec![0x1A, 0x45, 0xDF, 0xA3];
    b.resize(64, 0x80);
    std::fs::write(&path, &b).unwrap();
    let VideoFacts::Read(info) = read_video(&path) else {
        panic!("webm")
    };
    assert_eq!(
        info.container,
        VideoContainer::Other("WebM/Matroska".into())
    );
    assert_eq!(info.bytes, 64);
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_unreadable_at_once_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("clip.mp4");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(read_video(&fifo));
    });
    let facts = rx.recv_timeout(Duration::from_secs(2)).expect("answered");
    assert!(matches!(facts, VideoFacts::Unreadable(w) if w.contains("named pipe")));
}
