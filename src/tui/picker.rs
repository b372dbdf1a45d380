//! Type-ahead pickers: what is typed is only a search; the suggestions under it have a highlight
//! that ↑/↓ move, and nothing is taken until Enter (or Space, once ↑/↓ moved the highlight) picks
//! the highlighted one. Leaving the field takes only what the text names exactly. Countries
//! today; another picker (regions, interests) adds its kind to `suggestions` and `exact`.
//! Pure: the model keeps the highlight (`ListState`) and stores what is picked.

use super::form::FieldKind;
use crate::spec::countries;

/// How many suggestions show under what is typed.
pub const SHOWN: usize = 8;

/// One suggestion: the value stored and how it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suggestion {
    pub value: &'static str,
    pub label: &'static str,
}

/// Whether a field of this kind is a type-ahead picker.
pub fn is_picker(kind: &FieldKind) -> bool {
    matches!(kind, FieldKind::Countries | FieldKind::Search(_))
}

/// The suggestions for what is typed, best first, at most `SHOWN`.
pub fn suggestions(kind: &FieldKind, query: &str) -> Vec<Suggestion> {
    match kind {
        FieldKind::Countries => countries::search(query)
            .into_iter()
            .take(SHOWN)
            .map(|(value, label)| Suggestion { value, label })
            .collect(),
        _ => Vec::new(),
    }
}

/// The value `query` names exactly (a code, a name or an alias), if any: what leaving the
/// field may take without a pick.
pub fn exact(kind: &FieldKind, query: &str) -> Option<&'static str> {
    match kind {
        FieldKind::Countries => countries::resolve(query),
        _ => None,
    }
}

/// The highlight after ↑ (`dir` < 0) or ↓ among `n` suggestions: it stays within them.
pub fn step(cursor: usize, dir: i32, n: usize) -> usize {
    (cursor as i64 + i64::from(dir)).clamp(0, n.saturating_sub(1) as i64) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_highlight_moves_within_the_suggestions() {
        assert_eq!(step(0, 1, 3), 1);
        assert_eq!(step(2, 1, 3), 2, "it stops at the last");
        assert_eq!(step(0, -1, 3), 0, "it stops at the first");
        assert_eq!(step(0, 1, 0), 0);
    }

    #[test]
    fn countries_suggest_at_most_shown_and_resolve_only_exact_names() {
        let k = FieldKind::Countries;
        assert!(suggestions(&k, "a").len() <= SHOWN);
        assert_eq!(suggestions(&k, "uk")[0].value, "GB");
        assert_eq!(exact(&k, "britain"), Some("GB"));
        assert_eq!(exact(&k, "united"), None);
        assert!(suggestions(&FieldKind::Int, "uk").is_empty());
    }
}
