//! What the sandbox keeps for Meta's previews: the uploaded images' bytes, so each image's `url`
//! serves it, and the previews the two previews edges made, each a creative and an ad_format
//! the page `/_sandbox/previews/<id>` draws. Both bounded, the oldest dropped first
//! `[sandbox's own]`. A leaf: imports nothing of the sandbox.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The most image bytes kept in memory, all images together. `[sandbox's own]`
pub const MAX_IMAGE_BYTES: usize = 64 * 1024 * 1024;
/// The most previews kept. `[sandbox's own]`
pub const MAX_PREVIEWS: usize = 200;

/// Uploaded images' bytes by hash, at most [`MAX_IMAGE_BYTES`] together; the oldest upload is
/// forgotten first (its `url` then answers 404). Not saved with `--state`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImageBytes {
    images: VecDeque<(String, Vec<u8>)>,
    total: usize,
}

impl ImageBytes {
    /// Keeps `bytes` under `hash` (a hash already kept stays where it is).
    pub fn keep(&mut self, hash: &str, bytes: &[u8]) {
        if bytes.len() > MAX_IMAGE_BYTES || self.images.iter().any(|(h, _)| h == hash) {
            return;
        }
        while self.total + bytes.len() > MAX_IMAGE_BYTES {
            match self.images.pop_front() {
                Some((_, old)) => self.total -= old.len(),
                None => break,
            }
        }
        self.total += bytes.len();
        self.images.push_back((hash.to_string(), bytes.to_vec()));
    }

    pub fn get(&self, hash: &str) -> Option<&[u8]> {
        self.images
            .iter()
            .find(|(h, _)| h == hash)
            .map(|(_, b)| b.as_slice())
    }

    pub fn total(&self) -> usize {
        self.total
    }
}

/// One preview a previews edge made: the creative it shows (Graph's fields) and its format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredPreview {
    pub id: String,
    /// The ad account's digits.
    pub account: String,
    pub ad_format: String,
    pub creative: Map<String, Value>,
}

/// The previews made, at most [`MAX_PREVIEWS`], the oldest dropped first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Previews {
    list: VecDeque<StoredPreview>,
    next: u64,
}

impl Previews {
    /// Keeps a preview and gives its id.
    pub fn add(&mut self, account: &str, ad_format: &str, creative: Map<String, Value>) -> String {
        self.next += 1;
        let id = format!("p{}", self.next);
        if self.list.len() >= MAX_PREVIEWS {
            self.list.pop_front();
        }
        self.list.push_back(StoredPreview {
            id: id.clone(),
            account: account.to_string(),
            ad_format: ad_format.to_string(),
            creative,
        });
        id
    }

    pub fn get(&self, id: &str) -> Option<&StoredPreview> {
        self.list.iter().find(|p| p.id == id)
    }

    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.list.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_bytes_stay_under_their_limit_and_forget_the_oldest_first() {
        let mut b = ImageBytes::default();
        let big = vec![0u8; MAX_IMAGE_BYTES / 2];
        b.keep("a", &big);
        b.keep("b", &big);
        b.keep("c", &[1, 2, 3]);
        assert!(b.total() <= MAX_IMAGE_BYTES);
        assert!(b.get("a").is_none(), "the oldest is forgotten");
        assert_eq!(b.get("c"), Some(&[1u8, 2, 3][..]));
        assert!(b.get("b").is_some());
    }

    #[test]
    fn previews_keep_at_most_their_cap_and_drop_the_oldest() {
        let mut p = Previews::default();
        let first = p.add("1", "MOBILE_FEED_STANDARD", Map::new());
        for _ in 0..MAX_PREVIEWS {
            p.add("1", "MOBILE_FEED_STANDARD", Map::new());
        }
        assert_eq!(p.len(), MAX_PREVIEWS);
        assert!(p.get(&first).is_none());
    }
}
