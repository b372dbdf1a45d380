//! Where Meta cuts an ad's text. Meta's Ads Guide gives its cut points in "characters" without
//! saying what a character is; the public ad-text counters that follow it count what a reader
//! sees as one character (a grapheme cluster: `雪` is one, `👨‍👩‍👧` is one though it is five code
//! points). dcw counts the same way `[dcw's own]`, and cuts only between graphemes, so a cut
//! never splits an emoji or a combining accent. The shown part passes the one sanitiser; the
//! count is of the text as written, since that is what Meta counts.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::spec::text::{sanitize, sanitize_lines};

/// What a primary text past its cut point ends in.
pub const SEE_MORE: &str = "… See more";

/// Characters as Meta counts them: grapheme clusters.
pub fn count(text: &str) -> usize {
    text.graphemes(true).count()
}

/// Terminal cells `text` takes (a CJK character or an emoji takes two).
pub fn cells(text: &str) -> usize {
    text.width()
}

/// A text cut at a placement's cut point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    /// What the placement shows, sanitised, without the mark of the cut.
    pub shown: String,
    /// Whether text was left out.
    pub cut: bool,
    /// The whole text's length, in characters as Meta counts them.
    pub chars: usize,
}

/// `text` cut to at most `limit` characters, on a grapheme boundary, trailing spaces of the
/// shown part dropped when something was cut. `lines` keeps line breaks (a primary text).
pub fn cut(text: &str, limit: usize, lines: bool) -> Cut {
    let mut chars = 0;
    let mut end = text.len();
    for (i, _) in text.grapheme_indices(true) {
        if chars == limit {
            end = i;
        }
        chars += 1;
    }
    let cut = chars > limit;
    let kept = if cut { text[..end].trim_end() } else { text };
    let clean: Cow<'_, str> = if lines {
        sanitize_lines(kept)
    } else {
        sanitize(kept)
    };
    Cut {
        shown: clean.into_owned(),
        cut,
        chars,
    }
}

/// A primary text as a placement shows it: cut, then "… See more" when something was cut.
pub fn cut_body(text: &str, limit: usize) -> String {
    let c = cut(text, limit, true);
    if c.cut {
        format!("{}{SEE_MORE}", c.shown)
    } else {
        c.shown
    }
}

/// A headline or description as a placement shows it: one line, cut, then "…".
pub fn cut_line(text: &str, limit: usize) -> String {
    let c = cut(text, limit, false);
    if c.cut {
        format!("{}…", c.shown)
    } else {
        c.shown
    }
}
