//! Graph's error envelope, and the errors the sandbox answers with.

use axum::http::StatusCode;
use serde_json::{Value, json};

/// One Graph error, before it is written as `{"error": {...}}`. Boxed, so results stay small.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphError(Box<ErrorBody>);

impl std::ops::Deref for GraphError {
    type Target = ErrorBody;
    fn deref(&self) -> &ErrorBody {
        &self.0
    }
}

impl std::ops::DerefMut for GraphError {
    fn deref_mut(&mut self) -> &mut ErrorBody {
        &mut self.0
    }
}

/// The parts of a Graph error.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorBody {
    pub status: StatusCode,
    pub code: i64,
    pub subcode: Option<i64>,
    /// `OAuthException`, `GraphMethodException`, ...
    pub kind: &'static str,
    /// The text after `(#code) `.
    pub text: String,
    pub user_title: Option<String>,
    pub user_msg: Option<String>,
    pub transient: bool,
    /// Field paths at fault, as Graph's `blame_field_specs`.
    pub blame: Vec<Vec<String>>,
    /// Other members of `error_data` (a video chunk's `start_offset`/`end_offset`).
    pub data: Option<serde_json::Map<String, Value>>,
    /// The message is written as is, without Graph's `(#code) ` prefix (as Meta writes its
    /// video upload errors).
    pub bare: bool,
}

impl GraphError {
    fn new(status: StatusCode, code: i64, kind: &'static str, text: impl Into<String>) -> Self {
        GraphError(Box::new(ErrorBody {
            status,
            code,
            subcode: None,
            kind,
            text: text.into(),
            user_title: None,
            user_msg: None,
            transient: false,
            blame: Vec::new(),
            data: None,
            bare: false,
        }))
    }

    pub fn subcode(mut self, subcode: i64) -> Self {
        self.subcode = Some(subcode);
        self
    }

    pub fn user(mut self, title: impl Into<String>, msg: impl Into<String>) -> Self {
        self.user_title = Some(title.into());
        self.user_msg = Some(msg.into());
        self
    }

    pub fn blame(mut self, field: &[&str]) -> Self {
        self.blame
            .push(field.iter().map(|s| s.to_string()).collect());
        self
    }

    /// A video upload error of Meta's 6000 family (Meta's Video API error codes page): HTTP
    /// 400, `OAuthException`, the message as Meta writes it (no `(#code)` prefix).
    pub fn video(code: i64, subcode: i64, text: impl Into<String>) -> Self {
        let mut e =
            Self::new(StatusCode::BAD_REQUEST, code, "OAuthException", text).subcode(subcode);
        e.bare = true;
        e
    }

    /// Adds a member to `error_data`.
    pub fn with_data(mut self, key: &str, value: Value) -> Self {
        self.data
            .get_or_insert_with(serde_json::Map::new)
            .insert(key.to_string(), value);
        self
    }

    /// `(#100) Invalid parameter`: the answer to a request Graph refuses.
    pub fn invalid(text: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, 100, "OAuthException", text)
    }

    /// A request a server-side rule refuses: code 100, `Invalid parameter: <text>`, the text
    /// again for the user under `title`, and the parameter at fault.
    pub fn refused(text: impl Into<String>, title: &str, blame: &[&str]) -> Self {
        let text = text.into();
        Self::invalid(format!("Invalid parameter: {text}"))
            .user(title, text)
            .blame(blame)
    }

    /// A required parameter missing: `(#100) The parameter q is required`, as Graph words it.
    pub fn required(key: &str) -> Self {
        Self::invalid(format!("The parameter {key} is required")).blame(&[key])
    }

    /// No token at all (code 104).
    pub fn no_token() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            104,
            "OAuthException",
            "An access token is required to request this resource.",
        )
    }

    /// An expired token (190/463).
    pub fn token_expired() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            190,
            "OAuthException",
            "Error validating access token: Session has expired.",
        )
        .subcode(463)
        .user(
            "Session Expired",
            "Your session has expired. Please log in again, or create a new access token.",
        )
    }

    /// An id that does not exist or is not reachable (100/33).
    pub fn unknown_object(method: &str, id: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            100,
            "GraphMethodException",
            format!(
                "Unsupported {method} request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation."
            ),
        )
        .subcode(33)
    }

    /// An edge or field a node does not have, as Graph words it for `GET /<node>/<edge>` and for
    /// a name in `fields` (`fields.rs`).
    pub fn unknown_field(node_type: &str, field: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            100,
            "OAuthException",
            format!("Tried accessing nonexisting field ({field}) on node type ({node_type})"),
        )
    }

    /// More parameters than an operation takes: Meta's code 105 and words; the number is the
    /// sandbox's own ([`super::wire::MAX_PARAMS`]).
    pub fn too_many_params(max: usize) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            105,
            "OAuthException",
            format!(
                "The number of parameters exceeded the maximum for this operation (the sandbox takes at most {max})"
            ),
        )
    }

    /// A body larger than the sandbox reads (HTTP 413; the limit is the sandbox's own).
    pub fn body_too_large(max: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            100,
            "OAuthException",
            format!(
                "The request body is larger than the sandbox takes ({} MB)",
                max / (1024 * 1024)
            ),
        )
    }

    /// A body that did not arrive in time (HTTP 408; the sandbox's own answer).
    pub fn body_timeout(limit: std::time::Duration) -> Self {
        Self::new(
            StatusCode::REQUEST_TIMEOUT,
            100,
            "OAuthException",
            format!(
                "The request body did not arrive within {} of its headers",
                humantime::format_duration(limit)
            ),
        )
    }

    /// A path Graph does not serve.
    pub fn unknown_path(path: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            2500,
            "OAuthException",
            format!("Unknown path components: {path}"),
        )
    }

    /// A temporary failure (code 2, HTTP 500): nothing was done, try again.
    pub fn transient() -> Self {
        let mut e = Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            2,
            "OAuthException",
            "An unexpected error has occurred. Please retry your request later.",
        );
        e.transient = true;
        e
    }

    /// Meta's flaky creative failure, 100/1487390, HTTP 400, `is_transient: false`, in the
    /// words of its field reports (facebook-js-ads-sdk issue #48, justwatch PR #90).
    pub fn creative_failed() -> Self {
        Self::invalid("Invalid parameter")
            .subcode(1487390)
            .user(
                "Adcreative Create Failed",
                "The Adcreative Create Failed for the following reason: Oops, something went wrong. Please try again later",
            )
    }

    /// The ad-account score limit (17/2446079).
    pub fn account_limit() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            17,
            "OAuthException",
            "User request limit reached",
        )
        .subcode(2446079)
        .user(
            "Ad Account Has Too Many API Calls",
            "There have been too many calls from this ad-account. Please wait a bit and try again.",
        )
    }

    /// The Ads Management business-use-case limit while the account is blocked (80004).
    pub fn ads_management_limit() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            80004,
            "OAuthException",
            "There have been too many calls to this ad-account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting#ads-management.",
        )
        .subcode(2446079)
    }

    /// The body Graph sends.
    pub fn envelope(&self, fbtrace_id: &str) -> Value {
        let message = if self.bare {
            self.text.clone()
        } else {
            format!("(#{}) {}", self.code, self.text)
        };
        let mut err = json!({
            "message": message,
            "type": self.kind,
            "code": self.code,
            "is_transient": self.transient,
            "fbtrace_id": fbtrace_id,
        });
        let m = err.as_object_mut().expect("object literal");
        if let Some(s) = self.subcode {
            m.insert("error_subcode".into(), json!(s));
        }
        if let Some(t) = &self.user_title {
            m.insert("error_user_title".into(), json!(t));
        }
        if let Some(t) = &self.user_msg {
            m.insert("error_user_msg".into(), json!(t));
        }
        let mut data = self.data.clone().unwrap_or_default();
        if !self.blame.is_empty() {
            data.insert("blame_field_specs".into(), json!(self.blame));
        }
        if !data.is_empty() {
            m.insert("error_data".into(), Value::Object(data));
        }
        json!({ "error": err })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_has_graph_fields_and_prefixed_message() {
        let e = GraphError::account_limit().envelope("AbC123");
        assert_eq!(e["error"]["message"], "(#17) User request limit reached");
        assert_eq!(e["error"]["code"], 17);
        assert_eq!(e["error"]["error_subcode"], 2446079);
        assert_eq!(e["error"]["type"], "OAuthException");
        assert_eq!(e["error"]["is_transient"], false);
        assert_eq!(e["error"]["fbtrace_id"], "AbC123");
        assert!(e["error"]["error_user_msg"].is_string());
    }
}
