//! Video files' container facts, read once per file as it is on disk: by (path, size,
//! modification time). The reader opens the file and walks its boxes, so it runs off the
//! loop's thread and never per frame or per key; a file replaced on disk (another size or
//! time) is read again, an unchanged one costs one `stat`.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, OnceLock};
use std::time::SystemTime;

use crate::spec::VideoFacts;

/// At most this many files are remembered; past it the cache starts again (a wizard holds
/// 10 videos: this is never reached but by someone typing paths for a long time).
const MAX_FILES: usize = 256;

/// What a file was, on disk, when it was read.
type Stamp = (u64, Option<SystemTime>);

/// Facts by path, with the file's size and time when they were read.
#[derive(Debug, Default)]
pub struct VideoCache {
    entries: HashMap<String, (Stamp, VideoFacts)>,
    reads: u64,
}

impl VideoCache {
    /// The facts of `file`: remembered while its size and time are unchanged, else read
    /// with `read` (and remembered). A file that cannot be `stat`ed is read every time: the
    /// reader names why (no such file, not allowed).
    pub fn facts(&mut self, file: &str, read: impl FnOnce(&Path) -> VideoFacts) -> VideoFacts {
        let stamp = std::fs::metadata(file)
            .ok()
            .map(|m| (m.len(), m.modified().ok()));
        if let Some(stamp) = stamp
            && let Some((s, facts)) = self.entries.get(file)
            && *s == stamp
        {
            return facts.clone();
        }
        self.reads += 1;
        let facts = read(Path::new(file));
        match stamp {
            Some(stamp) => {
                if self.entries.len() >= MAX_FILES {
                    self.entries.clear();
                }
                self.entries
                    .insert(file.to_string(), (stamp, facts.clone()));
            }
            None => {
                self.entries.remove(file);
            }
        }
        facts
    }

    /// How many times a file was read (not answered from memory).
    #[cfg(test)]
    pub fn reads(&self) -> u64 {
        self.reads
    }
}

/// The wizard's one cache (the runner's reads go through it).
pub fn shared() -> &'static Mutex<VideoCache> {
    static CACHE: OnceLock<Mutex<VideoCache>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{VideoContainer, VideoInfo};

    fn info(bytes: u64) -> VideoFacts {
        VideoFacts::Read(VideoInfo {
            container: VideoContainer::Mp4,
            codec: "avc1".into(),
            width: 1080,
            height: 1920,
            rotation: 0,
            duration_ms: 15_000,
            bytes,
            has_audio: true,
        })
    }

    #[test]
    fn a_file_is_read_once_while_unchanged_and_again_once_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("run.mp4");
        std::fs::write(&path, [0u8; 100]).unwrap();
        let file = path.display().to_string();
        let mut cache = VideoCache::default();
        let size = |p: &Path| info(std::fs::metadata(p).unwrap().len());
        for _ in 0..5 {
            assert_eq!(cache.facts(&file, size), info(100));
        }
        assert_eq!(cache.reads(), 1, "five asks, one read");
        std::fs::write(&path, [0u8; 250]).unwrap();
        assert_eq!(cache.facts(&file, size), info(250));
        assert_eq!(cache.facts(&file, size), info(250));
        assert_eq!(cache.reads(), 2, "the file changed size: read once more");
    }

    #[test]
    fn a_missing_file_is_asked_of_the_reader_each_time_and_never_remembered() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("gone.mp4").display().to_string();
        let mut cache = VideoCache::default();
        assert_eq!(
            cache.facts(&file, |_| VideoFacts::Missing),
            VideoFacts::Missing
        );
        assert_eq!(
            cache.facts(&file, |_| VideoFacts::Missing),
            VideoFacts::Missing
        );
        assert_eq!(cache.reads(), 2);
        // Once it appears, it is read (not answered "missing" from memory).
        std::fs::write(dir.path().join("gone.mp4"), [0u8; 10]).unwrap();
        assert_eq!(cache.facts(&file, |_| info(10)), info(10));
    }
}
