//! Graph's error envelope, parsed fully, and what a client should do about each error.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `{"error": {...}}` as Graph sends it. `error_data` may arrive as an object or as a JSON
/// string holding one.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GraphErrorBody {
    #[serde(default)]
    pub message: String,
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub code: i64,
    #[serde(default)]
    pub error_subcode: Option<i64>,
    #[serde(default)]
    pub error_user_title: Option<String>,
    #[serde(default)]
    pub error_user_msg: Option<String>,
    #[serde(default)]
    pub is_transient: Option<bool>,
    #[serde(default)]
    pub fbtrace_id: Option<String>,
    #[serde(default)]
    pub error_data: Option<Value>,
}

impl GraphErrorBody {
    /// Reads the body of an error answer, if it is Graph's envelope.
    pub fn from_answer(body: &Value) -> Option<GraphErrorBody> {
        serde_json::from_value(body.get("error")?.clone()).ok()
    }

    /// `error_data.blame_field_specs`: the fields at fault, e.g. `[["targeting", "age_min"]]`.
    pub fn blame_field_specs(&self) -> Vec<Vec<String>> {
        let data = match &self.error_data {
            Some(Value::String(s)) => serde_json::from_str::<Value>(s).ok(),
            Some(v) => Some(v.clone()),
            None => None,
        };
        let Some(specs) = data.and_then(|d| d.get("blame_field_specs").cloned()) else {
            return Vec::new();
        };
        specs
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|spec| match spec {
                Value::Array(parts) => Some(
                    parts
                        .iter()
                        .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_string))
                        .collect(),
                ),
                Value::String(s) => Some(vec![s.clone()]),
                _ => None,
            })
            .collect()
    }
}

/// What a client should do about an error.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorClass {
    /// Try again later; for writes, reconcile first (the write may have happened).
    Transient,
    /// Rate limited; wait this long (at least).
    Throttled { wait: Duration },
    /// The token is expired or invalid: stop and ask for a new one.
    AuthExpired,
    /// The token lacks a permission.
    ScopeMissing,
    /// Meta blocked this for policy reasons; retrying will not help.
    PolicyBlocked,
    /// A parameter is wrong; these fields are blamed.
    Validation { fields: Vec<Vec<String>> },
    /// Anything else: do not retry.
    Fatal,
}

impl ErrorClass {
    /// Graph's codes for a temporary failure: 1 and 2 (the API service; a create answered so
    /// has been seen to exist) and 960 (a batch that timed out). The one list: `classify` and
    /// `CallError::is_uncertain` read it.
    pub const TRANSIENT_CODES: [i64; 3] = [1, 2, 960];

    /// Whether `code` is one of [`ErrorClass::TRANSIENT_CODES`].
    pub fn is_transient_code(code: i64) -> bool {
        Self::TRANSIENT_CODES.contains(&code)
    }

    /// Subcodes of a temporary failure that Graph marks `is_transient: false`: 1487390,
    /// "Adcreative Create Failed … Please try again later" (code 100, HTTP 400). A field report
    /// (justwatch facebook-marketing-api-golang-sdk PR #90) saw it flaky per request, the same
    /// payload going through when sent again; Meta does not document it as transient. A write
    /// answered so is reconciled (looked up by its name) before it is sent again, never re-sent
    /// blindly. The one list: `classify` and `CallError::is_uncertain` read it.
    pub const TRANSIENT_SUBCODES: [i64; 1] = [1487390];

    /// Whether `subcode` is one of [`ErrorClass::TRANSIENT_SUBCODES`].
    pub fn is_transient_subcode(subcode: Option<i64>) -> bool {
        subcode.is_some_and(|s| Self::TRANSIENT_SUBCODES.contains(&s))
    }
}

/// The default wait for a throttle with no usage headers.
pub const DEFAULT_THROTTLE_WAIT: Duration = Duration::from_secs(60);

/// Classifies an error by code and subcode (never by message text), per
/// `../shared/reference/graph-api-reliability-and-peers.md` §1.2.
pub fn classify(e: &GraphErrorBody, http_status: u16) -> ErrorClass {
    let sub = e.error_subcode;
    match e.code {
        code if ErrorClass::is_transient_code(code) => ErrorClass::Transient,
        _ if ErrorClass::is_transient_subcode(sub) => ErrorClass::Transient,
        190 if sub == Some(459) => ErrorClass::PolicyBlocked,
        102 | 190 => ErrorClass::AuthExpired,
        3 | 10 | 200..=299 => ErrorClass::ScopeMissing,
        368 => ErrorClass::PolicyBlocked,
        // 613 with or without a subcode: Meta's error tables call the bare code "Calls to this
        // api have exceeded the rate limit" (graph-fidelity-2026.md, "Error codes").
        4 | 17 | 32 | 341 | 613 | 80000..=80014 => ErrorClass::Throttled {
            wait: DEFAULT_THROTTLE_WAIT,
        },
        100 | 105 | 194 | 500 => ErrorClass::Validation {
            fields: e.blame_field_specs(),
        },
        _ if e.is_transient == Some(true) || http_status >= 500 => ErrorClass::Transient,
        _ => ErrorClass::Fatal,
    }
}

/// A failed call.
#[derive(Debug, Clone, PartialEq)]
pub enum CallError {
    /// Graph answered with its error envelope.
    Graph {
        status: u16,
        error: Box<GraphErrorBody>,
        class: ErrorClass,
    },
    /// No usable answer: the request timed out, the connection failed or dropped. For a write,
    /// the object may or may not exist.
    Network { timeout: bool, message: String },
    /// An answer that is not what Graph sends.
    Unexpected { status: u16, message: String },
    /// An answer longer than dcw reads (`max` bytes): dcw stopped reading it.
    TooLarge { status: u16, max: u64 },
    /// A list edge that kept giving a next page past `max` pages: dcw stopped following it.
    TooManyPages { max: u32 },
}

impl CallError {
    pub fn class(&self) -> ErrorClass {
        match self {
            CallError::Graph { class, .. } => class.clone(),
            CallError::Network { .. } => ErrorClass::Transient,
            // A 5xx, or a 200 whose body is not Graph's ("Service Unavailable" pages).
            CallError::Unexpected { status, .. } if *status >= 500 || *status < 300 => {
                ErrorClass::Transient
            }
            CallError::Unexpected { .. } => ErrorClass::Fatal,
            // Asking again would read the same flood.
            CallError::TooLarge { .. } | CallError::TooManyPages { .. } => ErrorClass::Fatal,
        }
    }

    /// A write that failed this way may still have been committed: look before re-sending.
    pub fn is_uncertain(&self) -> bool {
        match self {
            CallError::Network { .. } => true,
            CallError::Graph { status, error, .. } => {
                *status >= 500
                    || ErrorClass::is_transient_code(error.code)
                    || ErrorClass::is_transient_subcode(error.error_subcode)
                    || error.is_transient == Some(true)
            }
            // An answer that is not Graph's says nothing about whether the write happened.
            CallError::Unexpected { .. } | CallError::TooLarge { .. } => true,
            // Only reads page.
            CallError::TooManyPages { .. } => false,
        }
    }

    pub fn graph(&self) -> Option<&GraphErrorBody> {
        match self {
            CallError::Graph { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// The most characters of one of Graph's texts an error says: a longer one is cut, saying so
/// (the whole answer stays in the journal and the log).
pub const MAX_SHOWN_CHARS: usize = 600;

/// `text`, cut after [`MAX_SHOWN_CHARS`] characters.
fn capped(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(MAX_SHOWN_CHARS) {
        None => text.into(),
        Some((at, _)) => {
            let more = text[at..].chars().count();
            format!("{}… ({more} more characters)", &text[..at]).into()
        }
    }
}

impl fmt::Display for CallError {
    /// What reaches the buyer: Meta's title and message for users when present, the code and
    /// subcode, and the trace id for Meta support.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Graph { error, .. } => {
                match (&error.error_user_title, &error.error_user_msg) {
                    (Some(t), Some(m)) => write!(f, "{}: {}", capped(t), capped(m))?,
                    (None, Some(m)) => f.write_str(capped(m).as_ref())?,
                    _ => f.write_str(capped(&error.message).as_ref())?,
                }
                write!(f, " (code {}", error.code)?;
                if let Some(s) = error.error_subcode {
                    write!(f, "/{s}")?;
                }
                if let Some(t) = &error.fbtrace_id {
                    write!(f, ", fbtrace_id {t}")?;
                }
                f.write_str(")")?;
                if let Some(advice) = advice(error) {
                    write!(f, ". {advice}")?;
                }
                Ok(())
            }
            CallError::Network {
                timeout: true,
                message,
            } => {
                write!(f, "no answer from Graph in time ({message})")
            }
            CallError::Network { message, .. } => write!(f, "network error: {message}"),
            CallError::Unexpected { status, message } => {
                write!(f, "unexpected answer (HTTP {status}): {}", capped(message))
            }
            CallError::TooLarge { max, .. } => {
                write!(
                    f,
                    "Graph's answer was larger than {}; dcw stopped reading it",
                    size_words(*max)
                )
            }
            CallError::TooManyPages { max } => write!(
                f,
                "Graph kept answering with a next page after {max} pages; dcw stopped following them"
            ),
        }
    }
}

impl std::error::Error for CallError {}

/// What dcw adds to Meta's words for an error whose remedy Meta documents elsewhere.
fn advice(error: &GraphErrorBody) -> Option<&'static str> {
    match error.error_subcode {
        // Meta's error codes: a Dynamic Creative ad cannot be deleted on its own. dcw itself
        // never deletes or archives anything; this reaches a buyer through a hand-made call.
        Some(1340029) => {
            Some("A Dynamic Creative ad cannot be deleted on its own: delete its ad set instead")
        }
        _ => None,
    }
}

/// A byte count in words: "32 MB" when it is whole megabytes, else bytes.
fn size_words(bytes: u64) -> String {
    if bytes >= 1_000_000 && bytes.is_multiple_of(1_000_000) {
        format!("{} MB", bytes / 1_000_000)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(v: Value) -> GraphErrorBody {
        GraphErrorBody::from_answer(&json!({ "error": v })).unwrap()
    }

    /// A 5,000-character message is said in its first 600 characters and how many more there
    /// were; a short one whole.
    #[test]
    fn a_huge_message_is_cut_saying_how_much_more_there_was() {
        let long = "é".repeat(5000);
        let e = CallError::Graph {
            status: 400,
            error: Box::new(body(json!({"code": 100, "message": long}))),
            class: ErrorClass::Fatal,
        };
        let text = e.to_string();
        assert!(
            text.contains(&format!("{}…", "é".repeat(MAX_SHOWN_CHARS))),
            "{text}"
        );
        assert!(text.contains("(4400 more characters)"), "{text}");
        assert!(text.chars().count() < 700, "{}", text.chars().count());
        assert_eq!(capped("short"), "short");
    }

    #[test]
    fn blame_fields_read_from_an_object_or_a_json_string() {
        let a = body(
            json!({"code": 100, "error_data": {"blame_field_specs": [["targeting", "age_min"]]}}),
        );
        assert_eq!(
            a.blame_field_specs(),
            vec![vec!["targeting".to_string(), "age_min".into()]]
        );
        let b = body(
            json!({"code": 100, "error_data": "{\"blame_field_specs\":[[\"daily_budget\"]]}"}),
        );
        assert_eq!(
            b.blame_field_specs(),
            vec![vec!["daily_budget".to_string()]]
        );
        let c = body(json!({"code": 100, "error_data": "not json"}));
        assert!(c.blame_field_specs().is_empty());
    }

    #[test]
    fn errors_classify_by_code_and_subcode() {
        let c = |v: Value, s: u16| classify(&body(v), s);
        assert_eq!(
            c(json!({"code": 2, "is_transient": true}), 500),
            ErrorClass::Transient
        );
        assert!(matches!(
            c(json!({"code": 17, "error_subcode": 2446079}), 400),
            ErrorClass::Throttled { .. }
        ));
        assert!(matches!(
            c(json!({"code": 80004}), 400),
            ErrorClass::Throttled { .. }
        ));
        assert!(matches!(
            c(json!({"code": 613}), 400),
            ErrorClass::Throttled { .. }
        ));
        assert_eq!(
            c(json!({"code": 190, "error_subcode": 463}), 400),
            ErrorClass::AuthExpired
        );
        assert_eq!(
            c(json!({"code": 190, "error_subcode": 459}), 400),
            ErrorClass::PolicyBlocked
        );
        assert_eq!(c(json!({"code": 200}), 400), ErrorClass::ScopeMissing);
        assert_eq!(c(json!({"code": 368}), 400), ErrorClass::PolicyBlocked);
        assert!(matches!(
            c(json!({"code": 100}), 400),
            ErrorClass::Validation { .. }
        ));
        assert_eq!(c(json!({"code": 2635}), 400), ErrorClass::Fatal);
    }

    #[test]
    fn each_transient_code_classifies_transient_and_leaves_a_write_uncertain() {
        for code in ErrorClass::TRANSIENT_CODES {
            let error = body(json!({"code": code}));
            assert_eq!(classify(&error, 400), ErrorClass::Transient, "code {code}");
            let e = CallError::Graph {
                status: 400,
                class: classify(&error, 400),
                error: Box::new(error),
            };
            assert!(e.is_uncertain(), "code {code}");
        }
        let refused = body(json!({"code": 100}));
        let e = CallError::Graph {
            status: 400,
            class: classify(&refused, 400),
            error: Box::new(refused),
        };
        assert!(!e.is_uncertain(), "a refusal says the write did not happen");
    }

    #[test]
    fn code_613_with_or_without_a_subcode_is_a_rate_limit_and_the_write_did_not_happen() {
        for v in [
            json!({"code": 613, "message": "(#613) Calls to this api have exceeded the rate limit."}),
            json!({"code": 613, "error_subcode": 1487742}),
            json!({"code": 613, "error_subcode": 5044001}),
        ] {
            let error = body(v.clone());
            let class = classify(&error, 400);
            assert_eq!(
                class,
                ErrorClass::Throttled {
                    wait: DEFAULT_THROTTLE_WAIT
                },
                "{v}"
            );
            let e = CallError::Graph {
                status: 400,
                class,
                error: Box::new(error),
            };
            assert!(!e.is_uncertain(), "a throttle refusal did nothing: {v}");
        }
    }

    #[test]
    fn subcode_1487390_is_transient_and_leaves_a_create_uncertain_though_meta_says_not_transient() {
        let error = body(
            json!({"code": 100, "error_subcode": 1487390, "is_transient": false,
            "message": "Invalid parameter", "error_user_title": "Adcreative Create Failed"}),
        );
        assert_eq!(classify(&error, 400), ErrorClass::Transient);
        let e = CallError::Graph {
            status: 400,
            class: classify(&error, 400),
            error: Box::new(error),
        };
        assert!(e.is_uncertain(), "looked up by name before any second send");
        // Another subcode of code 100 stays a refusal.
        let other = body(json!({"code": 100, "error_subcode": 1885553}));
        assert!(matches!(
            classify(&other, 400),
            ErrorClass::Validation { .. }
        ));
    }

    #[test]
    fn deleting_a_dynamic_creative_ad_tells_the_buyer_to_delete_its_ad_set() {
        let e = CallError::Graph {
            status: 400,
            error: Box::new(body(json!({"code": 100, "error_subcode": 1340029,
                "message": "(#100) Invalid parameter", "fbtrace_id": "Ab2"}))),
            class: ErrorClass::Fatal,
        };
        assert_eq!(
            e.to_string(),
            "(#100) Invalid parameter (code 100/1340029, fbtrace_id Ab2). A Dynamic Creative ad cannot be deleted on its own: delete its ad set instead"
        );
    }

    #[test]
    fn buyers_see_metas_user_text_codes_and_trace() {
        let e = CallError::Graph {
            status: 400,
            error: Box::new(body(
                json!({"code": 100, "error_subcode": 1885553, "message": "(#100) x",
                "error_user_title": "Too Many Ads", "error_user_msg": "One ad per ad set.", "fbtrace_id": "Ab1"}),
            )),
            class: ErrorClass::Fatal,
        };
        assert_eq!(
            e.to_string(),
            "Too Many Ads: One ad per ad set. (code 100/1885553, fbtrace_id Ab1)"
        );
    }
}
