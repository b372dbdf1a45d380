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
pub type Stamp = (u64, Option<SystemTime>);

/// Facts by path, with the file's size and time when they were read.
#[derive(Debug, Default)]
pub struct VideoCache {
    entries: HashMap<String, (Stamp, VideoFacts)>,
    reads: u64,
}

impl VideoCache {
    /// The remembered facts of `file` if it is unchanged on disk; else what it is now (its
    /// stamp, `None` when it cannot be `stat`ed) for [`VideoCache::remember`] after a read
    /// made without the cache's lock.
    pub fn lookup(&self, file: &str) -> Result<VideoFacts, Option<Stamp>> {
        let stamp = std::fs::metadata(file)
            .ok()
            .map(|m| (m.len(), m.modified().ok()));
        match (stamp, self.entries.get(file)) {
            (Some(now), Some((then, facts))) if now == *then => Ok(facts.clone()),
            _ => Err(stamp),
        }
    }

    /// Keeps what a read of `file` found, under the stamp [`VideoCache::lookup`] saw before it.
    pub fn remember(&mut self, file: &str, stamp: Option<Stamp>, facts: VideoFacts) {
        self.reads += 1;
        match stamp {
            Some(stamp) => {
                if self.entries.len() >= MAX_FILES {
                    self.entries.clear();
                }
                self.entries.insert(file.to_string(), (stamp, facts));
            }
            None => {
                self.entries.remove(file);
            }
        }
    }

    /// How many times a file was read (not answered from memory).
    #[cfg(test)]
    pub fn reads(&self) -> u64 {
        self.reads
    }
}

/// The facts of `file` from `cache`: remembered while its size and time are unchanged, else
/// read with `read` (and remembered). The file is read without the cache's lock, so one slow
/// file holds up no other video's read. A file that cannot be `stat`ed is read every time:
/// the reader names why (no such file, not allowed).
pub fn facts(
    cache: &Mutex<VideoCache>,
    file: &str,
    read: impl FnOnce(&Path) -> VideoFacts,
) -> VideoFacts {
    let known = cache.lock().map(|c| c.lookup(file));
    match known {
        Ok(Ok(facts)) => facts,
        Ok(Err(stamp)) => {
            let facts = read(Path::new(file));
            if let Ok(mut c) = cache.lock() {
                c.remember(file, stamp, facts.clone());
            }
            facts
        }
        Err(_) => read(Path::new(file)),
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
        let cache = Mutex::new(VideoCache::default());
        let size = |p: &Path| info(std::fs::metadata(p).unwrap().len());
        for _ in 0..5 {
            assert_eq!(facts(&cache, &file, size), info(100));
        }
        assert_eq!(cache.lock().unwrap().reads(), 1, "five asks, one read");
        std::fs::write(&path, [0u8; 250]).unwrap();
        assert_eq!(facts(&cache, &file, size), info(250));
        assert_eq!(facts(&cache, &file, size), info(250));
        assert_eq!(
            cache.lock().unwrap().reads(),
            2,
            "the file changed size: read once more"
        );
    }

    #[test]
    fn a_missing_file_is_asked_of_the_reader_each_time_and_never_remembered() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("gone.mp4").display().to_string();
        let cache = Mutex::new(VideoCache::default());
        assert_eq!(
            facts(&cache, &file, |_| VideoFacts::Missing),
            VideoFacts::Missing
        );
        assert_eq!(
            facts(&cache, &file, |_| VideoFacts::Missing),
            VideoFacts::Missing
        );
        assert_eq!(cache.lock().unwrap().reads(), 2);
        // Once it appears, it is read (not answered "missing" from memory).
        std::fs::write(dir.path().join("gone.mp4"), [0u8; 10]).unwrap();
        assert_eq!(facts(&cache, &file, |_| info(10)), info(10));
    }
}
