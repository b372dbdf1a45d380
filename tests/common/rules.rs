//! Rows of the rule tables (`tests/rules_*.rs`): a spec edited from a base with `Edit`, and an
//! `Expect` saying what its findings must hold (one finding's code, path, severity and words; codes
//! that must be absent; a clean spec).
#![allow(dead_code)]

use dcw::spec::{Finding, Severity};
use serde_json::Value;

use super::{check, examples_dir, expect_clean, expect_none, expect_one};

/// An example spec from `assets/examples/` as JSON, whole (audiences too).
pub fn example(name: &str) -> Value {
    let text = std::fs::read_to_string(examples_dir().join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Edits of a JSON spec by dotted path (`ad_set.targeting.age_min`, `...titles.1.text`): a
/// number steps into an array, any other key into an object (created on the way).
pub trait Edit: Sized {
    /// This spec with `value` at `path`.
    fn with(self, path: &str, value: impl Into<Value>) -> Self;
    /// This spec without the key at `path` (if it is there: `ad_set.is_dynamic_creative`, say).
    fn without(self, path: &str) -> Self;
}

impl Edit for Value {
    fn with(mut self, path: &str, value: impl Into<Value>) -> Self {
        let (parent, last) = walk(&mut self, path);
        match parent {
            Value::Array(items) => items[last.parse::<usize>().expect("an index")] = value.into(),
            other => {
                other
                    .as_object_mut()
                    .unwrap_or_else(|| panic!("{path}: not an object"))
                    .insert(last.to_string(), value.into());
            }
        }
        self
    }

    fn without(mut self, path: &str) -> Self {
        let (parent, last) = walk(&mut self, path);
        if let Some(o) = parent.as_object_mut() {
            o.remove(last);
        }
        self
    }
}

/// The value holding the last segment of `path`, and that segment.
fn walk<'a, 'p>(v: &'a mut Value, path: &'p str) -> (&'a mut Value, &'p str) {
    let (head, last) = path.rsplit_once('.').unwrap_or(("", path));
    let mut cur = v;
    for part in head.split('.').filter(|p| !p.is_empty()) {
        cur = match cur {
            Value::Array(items) => &mut items[part.parse::<usize>().expect("an index")],
            other => other
                .as_object_mut()
                .unwrap_or_else(|| panic!("{path}: {part} is not in an object"))
                .entry(part)
                .or_insert_with(|| Value::Object(Default::default())),
        };
    }
    (cur, last)
}

/// What a row's findings must hold.
#[derive(Debug, Default)]
pub struct Expect {
    /// Exactly one finding with this code, at this path, of this severity.
    one: Option<(&'static str, String, Severity)>,
    /// Words its message holds, and words it does not.
    says: Vec<String>,
    says_not: Vec<String>,
    /// How its message starts; its whole message.
    starts: Option<String>,
    message: Option<String>,
    /// Words its hint holds (a hint must be there), words it does not; its whole hint.
    hints: Vec<String>,
    hint_lacks: Vec<String>,
    hint: Option<Option<String>>,
    /// Codes no finding may have; paths no finding may start with.
    none: Vec<&'static str>,
    none_under: Vec<&'static str>,
    /// No finding at all; no error.
    clean: bool,
    no_error: bool,
}

/// Exactly one error with `code`, at `path`.
pub fn error(code: &'static str, path: impl Into<String>) -> Expect {
    one(code, path, Severity::Error)
}

/// Exactly one warning with `code`, at `path`.
pub fn warning(code: &'static str, path: impl Into<String>) -> Expect {
    one(code, path, Severity::Warning)
}

fn one(code: &'static str, path: impl Into<String>, severity: Severity) -> Expect {
    Expect {
        one: Some((code, path.into(), severity)),
        ..Expect::default()
    }
}

/// No finding with any of `codes`.
pub fn absent(codes: &[&'static str]) -> Expect {
    Expect::default().none(codes)
}

/// No finding at all.
pub fn clean() -> Expect {
    Expect::default().clean()
}

impl Expect {
    /// The finding's message holds `words`.
    pub fn says(mut self, words: impl Into<String>) -> Self {
        self.says.push(words.into());
        self
    }

    /// The finding's message does not hold `words`.
    pub fn says_not(mut self, words: impl Into<String>) -> Self {
        self.says_not.push(words.into());
        self
    }

    /// The finding's message starts with `words`.
    pub fn starts(mut self, words: impl Into<String>) -> Self {
        self.starts = Some(words.into());
        self
    }

    /// The finding's message is exactly `message`.
    pub fn message_is(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// The finding has a hint, and it holds `words`.
    pub fn hints(mut self, words: impl Into<String>) -> Self {
        self.hints.push(words.into());
        self
    }

    /// The finding has a hint.
    pub fn has_hint(self) -> Self {
        self.hints("")
    }

    /// The finding's hint (if any) does not hold `words`.
    pub fn hint_lacks(mut self, words: impl Into<String>) -> Self {
        self.hint_lacks.push(words.into());
        self
    }

    /// The finding's hint is exactly `hint` (`None`: it has none).
    pub fn hint_is(mut self, hint: Option<&str>) -> Self {
        self.hint = Some(hint.map(str::to_string));
        self
    }

    /// No finding has any of `codes` either.
    pub fn none(mut self, codes: &[&'static str]) -> Self {
        self.none.extend_from_slice(codes);
        self
    }

    /// No finding's path starts with `path`.
    pub fn none_under(mut self, path: &'static str) -> Self {
        self.none_under.push(path);
        self
    }

    /// There is no finding at all.
    pub fn clean(mut self) -> Self {
        self.clean = true;
        self
    }

    /// No finding is an error.
    pub fn no_error(mut self) -> Self {
        self.no_error = true;
        self
    }

    /// Asserts all of it of the findings of `spec` (image files read from `assets/examples/`).
    #[track_caller]
    pub fn check(&self, spec: &Value) {
        self.assert(&check(spec));
    }

    /// Asserts all of it of `findings`.
    #[track_caller]
    pub fn assert(&self, findings: &[Finding]) {
        if let Some((code, path, severity)) = &self.one {
            let f = expect_one(findings, code, path, *severity);
            let (message, hint) = (&f.message, f.hint.as_deref());
            for words in &self.says {
                assert!(
                    message.contains(words.as_str()),
                    "`{code}` should say {words:?}: {f:?}"
                );
            }
            for words in &self.says_not {
                assert!(
                    !message.contains(words.as_str()),
                    "`{code}` says {words:?}: {f:?}"
                );
            }
            if let Some(start) = &self.starts {
                assert!(
                    message.starts_with(start.as_str()),
                    "`{code}` should start {start:?}: {f:?}"
                );
            }
            if let Some(whole) = &self.message {
                assert_eq!(message, whole, "message of `{code}`");
            }
            for words in &self.hints {
                let hint = hint.unwrap_or_else(|| panic!("`{code}` should have a hint: {f:?}"));
                assert!(
                    hint.contains(words.as_str()),
                    "hint of `{code}` should hold {words:?}: {f:?}"
                );
            }
            for words in &self.hint_lacks {
                let hint = hint.unwrap_or_default();
                assert!(
                    !hint.contains(words.as_str()),
                    "hint of `{code}` holds {words:?}: {f:?}"
                );
            }
            if let Some(whole) = &self.hint {
                assert_eq!(hint, whole.as_deref(), "hint of `{code}`");
            }
        }
        for code in &self.none {
            expect_none(findings, code);
        }
        for path in &self.none_under {
            let under: Vec<_> = findings
                .iter()
                .filter(|f| f.path.starts_with(path))
                .collect();
            assert!(
                under.is_empty(),
                "expected nothing under {path}, got {under:#?}"
            );
        }
        if self.no_error {
            assert!(
                !findings.iter().any(|f| f.is_error()),
                "expected no error, got {findings:#?}"
            );
        }
        if self.clean {
            expect_clean(findings);
        }
    }
}
