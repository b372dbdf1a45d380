//! Graph's request format: paths with or without a version, parameters from the query string
//! and from multipart, urlencoded or JSON bodies, nested parameters as JSON-encoded strings, and
//! the token from `access_token` or an `Authorization: OAuth|Bearer` header.

use axum::body::Body;
use axum::http::{Method, Request, header};
use serde_json::Value;

use super::error::GraphError;

/// The largest request body read: images are at most 30 MB, base64 makes them a third larger.
pub const MAX_BODY: usize = 48 * 1024 * 1024;

/// One parameter as it arrived.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    Text(String),
    File { filename: String, bytes: Vec<u8> },
}

/// The parameters of a request, in arrival order (body after query).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params(pub Vec<(String, Param)>);

impl Params {
    pub fn text(&self, key: &str) -> Option<&str> {
        self.0.iter().rev().find_map(|(k, v)| match v {
            Param::Text(t) if k == key => Some(t.as_str()),
            _ => None,
        })
    }

    pub fn has(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| k == key)
    }

    pub fn insert_text(&mut self, key: &str, value: impl Into<String>) {
        self.0.push((key.to_string(), Param::Text(value.into())));
    }

    pub fn remove(&mut self, key: &str) -> Option<String> {
        let found = self.text(key).map(str::to_string);
        self.0.retain(|(k, _)| k != key);
        found
    }

    /// A JSON-encoded parameter (`targeting={"geo_locations":…}`); a value that is not JSON is
    /// taken as a plain string.
    pub fn json(&self, key: &str) -> Option<Value> {
        self.text(key).map(decode_json_param)
    }

    /// A list parameter: a JSON array, or comma-separated words as Graph also takes them.
    pub fn list(&self, key: &str) -> Option<Vec<String>> {
        let text = self.text(key)?;
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Array(items)) => Some(
                items
                    .into_iter()
                    .map(|v| match v {
                        Value::String(s) => s,
                        other => other.to_string(),
                    })
                    .collect(),
            ),
            _ => Some(
                text.split(',')
                    .map(|s| s.trim().trim_matches('"').to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
            ),
        }
    }

    pub fn files(&self) -> impl Iterator<Item = (&str, &str, &[u8])> {
        self.0.iter().filter_map(|(k, v)| match v {
            Param::File { filename, bytes } => Some((k.as_str(), filename.as_str(), &bytes[..])),
            Param::Text(_) => None,
        })
    }
}

/// Reads a JSON-encoded parameter, or keeps it as a string.
pub fn decode_json_param(text: &str) -> Value {
    let t = text.trim();
    let looks_json =
        t.starts_with('{') || t.starts_with('[') || matches!(t, "true" | "false" | "null");
    if looks_json && let Ok(v) = serde_json::from_str(t) {
        return v;
    }
    Value::String(text.to_string())
}

/// A request as Graph sees it.
#[derive(Debug, Clone)]
pub struct GraphRequest {
    pub method: Method,
    /// The version prefix, when the path had one (`v26.0`).
    pub version: Option<String>,
    /// Path segments after the version: `["act_1", "campaigns"]`, or none for `/`.
    pub segments: Vec<String>,
    pub params: Params,
    pub token: Option<String>,
}

impl GraphRequest {
    /// A request from its parts, used for batch operations.
    pub fn from_parts(method: Method, path: &str, query: Option<&str>, body: Option<&str>) -> Self {
        let mut params = Params::default();
        for text in [query, body].into_iter().flatten() {
            for (k, v) in url::form_urlencoded::parse(text.as_bytes()) {
                params.insert_text(&k, v.into_owned());
            }
        }
        let (version, segments) = split_path(path);
        let token = params.remove("access_token");
        params.remove("appsecret_proof");
        GraphRequest {
            method,
            version,
            segments,
            params,
            token,
        }
    }

    /// The route for stats and logs: ids replaced by `{id}`, never a query string.
    pub fn route(&self) -> String {
        let parts: Vec<String> = self
            .segments
            .iter()
            .map(|s| {
                if s.starts_with("act_") {
                    "act_{id}".to_string()
                } else if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b':') {
                    "{id}".to_string()
                } else if KNOWN_SEGMENTS.contains(&s.as_str()) {
                    s.clone()
                } else {
                    // Anything else counts as one route, so junk paths cannot grow the stats.
                    "{other}".to_string()
                }
            })
            .collect();
        format!("{} /{}", self.method, parts.join("/"))
    }
}

/// Path segments the sandbox serves, kept by name in routes.
const KNOWN_SEGMENTS: &[&str] = &[
    "me",
    "adaccounts",
    "accounts",
    "adspixels",
    "campaigns",
    "adsets",
    "adimages",
    "adcreatives",
    "ads",
    "insights",
    "_sandbox",
    "stats",
    "clock",
];

fn split_path(path: &str) -> (Option<String>, Vec<String>) {
    let mut segments: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            url::form_urlencoded::parse(format!("x={s}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
                .unwrap_or_else(|| s.to_string())
        })
        .collect();
    let version = match segments.first() {
        Some(v) if is_version(v) => Some(segments.remove(0)),
        _ => None,
    };
    (version, segments)
}

fn is_version(s: &str) -> bool {
    s.strip_prefix('v').is_some_and(|rest| {
        let mut parts = rest.split('.');
        matches!((parts.next(), parts.next(), parts.next()), (Some(a), Some(b), None)
            if !a.is_empty() && !b.is_empty() && a.bytes().all(|c| c.is_ascii_digit()) && b.bytes().all(|c| c.is_ascii_digit()))
    })
}

/// Reads a whole HTTP request into a `GraphRequest`.
pub async fn read_request(req: Request<Body>) -> Result<GraphRequest, GraphError> {
    let method = req.method().clone();
    let (version, segments) = split_path(req.uri().path());
    let mut params = Params::default();
    if let Some(q) = req.uri().query() {
        for (k, v) in url::form_urlencoded::parse(q.as_bytes()) {
            params.insert_text(&k, v.into_owned());
        }
    }
    let header_token = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.split_once(' ')?;
            (scheme.eq_ignore_ascii_case("oauth") || scheme.eq_ignore_ascii_case("bearer"))
                .then(|| token.trim().to_string())
        });
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let kind = content_type.to_ascii_lowercase();
    if kind.starts_with("multipart/form-data") {
        let boundary = multer::parse_boundary(&content_type)
            .map_err(|e| GraphError::invalid(format!("Malformed multipart body: {e}")))?;
        let constraints = multer::Constraints::new()
            .size_limit(multer::SizeLimit::new().whole_stream(MAX_BODY as u64));
        let mut mp = multer::Multipart::with_constraints(
            req.into_body().into_data_stream(),
            boundary,
            constraints,
        );
        loop {
            let field = match mp.next_field().await {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(e) => {
                    return Err(GraphError::invalid(format!(
                        "Malformed multipart body: {e}"
                    )));
                }
            };
            let name = field.name().unwrap_or("").to_string();
            let filename = field.file_name().map(str::to_string);
            let bytes = field
                .bytes()
                .await
                .map_err(|e| GraphError::invalid(format!("Malformed multipart body: {e}")))?;
            match filename {
                Some(filename) => params.0.push((
                    name,
                    Param::File {
                        filename,
                        bytes: bytes.to_vec(),
                    },
                )),
                None => params.insert_text(&name, String::from_utf8_lossy(&bytes).into_owned()),
            }
        }
    } else {
        let body = axum::body::to_bytes(req.into_body(), MAX_BODY)
            .await
            .map_err(|e| GraphError::invalid(format!("Cannot read the request body: {e}")))?;
        if kind.starts_with("application/json") && !body.is_empty() {
            let v: Value = serde_json::from_slice(&body)
                .map_err(|e| GraphError::invalid(format!("The JSON body cannot be read: {e}")))?;
            let Value::Object(map) = v else {
                return Err(GraphError::invalid("The JSON body must be an object."));
            };
            for (k, v) in map {
                let text = match v {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                params.insert_text(&k, text);
            }
        } else if !body.is_empty() {
            for (k, v) in url::form_urlencoded::parse(&body) {
                params.insert_text(&k, v.into_owned());
            }
        }
    }
    let token = params.remove("access_token").or(header_token);
    params.remove("appsecret_proof");
    Ok(GraphRequest {
        method,
        version,
        segments,
        params,
        token,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_lose_their_version_prefix() {
        assert_eq!(
            split_path("/v26.0/act_1/campaigns"),
            (
                Some("v26.0".into()),
                vec!["act_1".into(), "campaigns".into()]
            )
        );
        assert_eq!(split_path("/act_1"), (None, vec!["act_1".into()]));
        assert_eq!(split_path("/"), (None, vec![]));
        assert_eq!(split_path("/v1x/a").0, None);
    }

    #[test]
    fn lists_read_json_or_commas() {
        let mut p = Params::default();
        p.insert_text("a", "[\"NONE\"]");
        p.insert_text("b", "HOUSING, CREDIT");
        assert_eq!(p.list("a").unwrap(), ["NONE"]);
        assert_eq!(p.list("b").unwrap(), ["HOUSING", "CREDIT"]);
    }

    #[test]
    fn batch_parts_take_token_out_of_params() {
        let r = GraphRequest::from_parts(
            Method::GET,
            "v26.0/123",
            Some("fields=name&access_token=secret"),
            None,
        );
        assert_eq!(r.token.as_deref(), Some("secret"));
        assert!(!r.params.has("access_token"));
        assert_eq!(r.route(), "GET /{id}");
    }
}
