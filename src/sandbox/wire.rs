//! Graph's request format: paths with or without a version, parameters from the query string
//! and from multipart, urlencoded or JSON bodies, nested parameters as JSON-encoded strings, and
//! the token from `access_token` or an `Authorization: OAuth|Bearer` header; and the parts of
//! an answer.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::Value;

use super::error::GraphError;

/// The largest request body read: images are at most 30 MB, base64 makes them a third larger.
/// A larger body is answered HTTP 413 (the number is the sandbox's own).
pub const MAX_BODY: usize = 48 * 1024 * 1024;

/// The most parameters one request, or one operation of a batch, may carry (query and body
/// together). Meta has a code for too many (105) but documents no number: 1000 is the
/// sandbox's own.
pub const MAX_PARAMS: usize = 1000;

/// What one request (or batch operation) answered.
pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
    pub headers: Vec<(String, String)>,
}

/// One parameter as it arrived.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    /// A text value, and its JSON decoding when it reads as JSON (`{...}`, `[...]`, `true`,
    /// `false`, `null`): decoded as the request is read, before the sandbox's lock is taken.
    Text {
        text: String,
        json: Option<Value>,
    },
    File {
        filename: String,
        bytes: Vec<u8>,
    },
}

impl Param {
    /// A text parameter, decoded.
    pub fn text(text: String) -> Param {
        let json = decode_json(&text);
        Param::Text { text, json }
    }
}

/// The parameters of a request, in arrival order (body after query).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params(Vec<(String, Param)>);

impl Params {
    pub fn text(&self, key: &str) -> Option<&str> {
        self.last_text(key).map(|(t, _)| t)
    }

    /// The last text value under `key`, with its JSON decoding.
    fn last_text(&self, key: &str) -> Option<(&str, Option<&Value>)> {
        self.0.iter().rev().find_map(|(k, v)| match v {
            Param::Text { text, json } if k == key => Some((text.as_str(), json.as_ref())),
            _ => None,
        })
    }

    pub fn has(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| k == key)
    }

    /// Adds a parameter unless the request already has [`MAX_PARAMS`]: Graph's 105.
    pub fn push(&mut self, key: &str, param: Param) -> Result<(), GraphError> {
        if self.0.len() >= MAX_PARAMS {
            return Err(GraphError::too_many_params(MAX_PARAMS));
        }
        self.0.push((key.to_string(), param));
        Ok(())
    }

    /// Every parameter, in arrival order.
    pub fn iter(&self) -> impl Iterator<Item = &(String, Param)> {
        self.0.iter()
    }

    pub fn remove(&mut self, key: &str) -> Option<String> {
        let found = self.text(key).map(str::to_string);
        self.0.retain(|(k, _)| k != key);
        found
    }

    /// A JSON-encoded parameter (`targeting={"geo_locations":…}`); a value that is not JSON is
    /// taken as a plain string.
    pub fn json(&self, key: &str) -> Option<Value> {
        self.last_text(key).map(|(text, json)| match json {
            Some(v) => v.clone(),
            None => Value::String(text.to_string()),
        })
    }

    /// A list parameter: a JSON array, or comma-separated words as Graph also takes them.
    pub fn list(&self, key: &str) -> Option<Vec<String>> {
        let (text, json) = self.last_text(key)?;
        match json {
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .map(|v| match v {
                        Value::String(s) => s.clone(),
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
            Param::Text { .. } => None,
        })
    }

    /// Adds every pair of a query string or urlencoded body, refusing the one past
    /// [`MAX_PARAMS`] before any more are read.
    fn extend_form(&mut self, form: &[u8]) -> Result<(), GraphError> {
        for (k, v) in url::form_urlencoded::parse(form) {
            self.push(&k, Param::text(v.into_owned()))?;
        }
        Ok(())
    }
}

/// The JSON a parameter holds, when it reads as a JSON object, array or literal.
fn decode_json(text: &str) -> Option<Value> {
    let t = text.trim();
    let looks_json =
        t.starts_with('{') || t.starts_with('[') || matches!(t, "true" | "false" | "null");
    if looks_json {
        serde_json::from_str(t).ok()
    } else {
        None
    }
}

/// The Graph versions the sandbox serves, oldest and newest, as major numbers (`v25.0` is 25).
/// Meta: v24.0 expired on 2026-11-10 (Marketing API changelog), v27.0 shipped on 2026-11-04.
pub const OLDEST_VERSION: u32 = 25;
pub const NEWEST_VERSION: u32 = 27;

/// The version a path names, as the sandbox reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// A version the sandbox serves (`v25.0` to `v27.0`); a path without one is served as the
    /// oldest (Meta serves it as the app's own version: the sandbox's own choice).
    Live(u32),
    /// Below the oldest: expired.
    Expired(u32),
    /// Above the newest, or a minor version Graph never had (`v26.1`).
    Unknown,
}

impl Version {
    /// Reads a version prefix (`v26.0`); `None` is a path without one.
    pub fn read(prefix: Option<&str>) -> Version {
        let Some(text) = prefix else {
            return Version::Live(OLDEST_VERSION);
        };
        let number = |t: &str| {
            (!t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()))
                .then(|| t.parse::<u32>().ok())
                .flatten()
        };
        let parts = text.strip_prefix('v').and_then(|rest| rest.split_once('.'));
        match parts.and_then(|(a, b)| Some((number(a)?, number(b)?))) {
            // Every older version (`v2.10`, `v24.0`) has expired.
            Some((major, _)) if major < OLDEST_VERSION => Version::Expired(major),
            Some((major, 0)) if major <= NEWEST_VERSION => Version::Live(major),
            _ => Version::Unknown,
        }
    }

    /// The version that answers: an expired one is served as the oldest (Graph's versioning
    /// guide: calls to a version no longer usable default to the oldest usable one), an unknown
    /// one as none.
    pub fn served(self) -> Option<u32> {
        match self {
            Version::Live(m) => Some(m),
            Version::Expired(_) => Some(OLDEST_VERSION),
            Version::Unknown => None,
        }
    }
}

/// `vN.0`, as Graph writes a version.
pub fn version_label(major: u32) -> String {
    format!("v{major}.0")
}

/// Meta's answer to an Ads API call on an expired version: code 2635, HTTP 400,
/// `OAuthException` (the wording is Meta's, listed in the Marketing API reference pages' error
/// tables; status and type as field reports show it, n8n-io/n8n #1508).
pub fn deprecated_version() -> GraphError {
    let mut e = GraphError::invalid(
        "You are calling a deprecated version of the Ads API. Please update to the latest version.",
    );
    e.code = 2635;
    e
}

/// A version the sandbox does not serve (above the newest, or not `vN.0`). Meta documents no
/// wording for it: code 100 and this text are the sandbox's own.
pub fn unknown_version(text: &str) -> GraphError {
    GraphError::invalid(format!(
        "Unknown API version {text}: the sandbox serves {} to {}",
        version_label(OLDEST_VERSION),
        version_label(NEWEST_VERSION)
    ))
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
    /// A request from its parts, used for batch operations; at most [`MAX_PARAMS`] parameters.
    pub fn from_parts(
        method: Method,
        path: &str,
        query: Option<&str>,
        body: Option<&str>,
    ) -> Result<Self, GraphError> {
        let mut params = Params::default();
        for text in [query, body].into_iter().flatten() {
            params.extend_form(text.as_bytes())?;
        }
        let (version, segments) = split_path(path);
        let token = params.remove("access_token");
        params.remove("appsecret_proof");
        Ok(GraphRequest {
            method,
            version,
            segments,
            params,
            token,
        })
    }

    /// The version this request names.
    pub fn graph_version(&self) -> Version {
        Version::read(self.version.as_deref())
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
    "advideos",
    "thumbnails",
    "adcreatives",
    "ads",
    "insights",
    "previews",
    "generatepreviews",
    "copies",
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

/// Reads a whole HTTP request into a `GraphRequest`: the body up to [`MAX_BODY`] (413 past
/// it), at most [`MAX_PARAMS`] parameters (105 past them, refused as soon as one too many is
/// read), nested JSON decoded. The caller bounds how long this may take.
pub async fn read_request(req: Request<Body>) -> Result<GraphRequest, GraphError> {
    let method = req.method().clone();
    let (version, segments) = split_path(req.uri().path());
    let mut params = Params::default();
    if let Some(q) = req.uri().query() {
        params.extend_form(q.as_bytes())?;
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
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return Err(GraphError::body_too_large(MAX_BODY));
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let kind = content_type.to_ascii_lowercase();
    if kind.starts_with("multipart/form-data") {
        read_multipart(req.into_body(), &content_type, &mut params).await?;
    } else {
        let body = read_body(req.into_body()).await?;
        if kind.starts_with("application/json") && !body.is_empty() {
            read_json_object(&body, &mut params)?;
        } else if !body.is_empty() {
            params.extend_form(&body)?;
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

/// The whole body, refused (413) as soon as it passes [`MAX_BODY`].
async fn read_body(body: Body) -> Result<Vec<u8>, GraphError> {
    use futures_util::StreamExt;
    let mut stream = body.into_data_stream();
    let mut out = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk =
            chunk.map_err(|e| GraphError::invalid(format!("Cannot read the request body: {e}")))?;
        if out.len() + chunk.len() > MAX_BODY {
            return Err(GraphError::body_too_large(MAX_BODY));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

async fn read_multipart(
    body: Body,
    content_type: &str,
    params: &mut Params,
) -> Result<(), GraphError> {
    let malformed = |e: multer::Error| match e {
        multer::Error::StreamSizeExceeded { .. } => GraphError::body_too_large(MAX_BODY),
        e => GraphError::invalid(format!("Malformed multipart body: {e}")),
    };
    let boundary = multer::parse_boundary(content_type)
        .map_err(|e| GraphError::invalid(format!("Malformed multipart body: {e}")))?;
    let constraints = multer::Constraints::new()
        .size_limit(multer::SizeLimit::new().whole_stream(MAX_BODY as u64));
    let mut mp =
        multer::Multipart::with_constraints(body.into_data_stream(), boundary, constraints);
    while let Some(field) = mp.next_field().await.map_err(malformed)? {
        if params.0.len() >= MAX_PARAMS {
            return Err(GraphError::too_many_params(MAX_PARAMS));
        }
        let name = field.name().unwrap_or("").to_string();
        let filename = field.file_name().map(str::to_string);
        let bytes = field.bytes().await.map_err(malformed)?;
        let param = match filename {
            Some(filename) => Param::File {
                filename,
                bytes: bytes.to_vec(),
            },
            None => Param::text(String::from_utf8_lossy(&bytes).into_owned()),
        };
        params.push(&name, param)?;
    }
    Ok(())
}

/// A JSON body: an object whose members are the parameters. Refused at the member past
/// [`MAX_PARAMS`], before the rest is read.
fn read_json_object(body: &[u8], params: &mut Params) -> Result<(), GraphError> {
    use serde::de::{Deserializer, Error, MapAccess, Visitor};
    struct Members<'a> {
        params: &'a mut Params,
        refused: &'a mut Option<GraphError>,
    }
    impl<'de> Visitor<'de> for Members<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<String>()? {
                let value: Value = map.next_value()?;
                let param = match value {
                    Value::String(s) => Param::text(s),
                    Value::Number(n) => Param::Text {
                        text: n.to_string(),
                        json: None,
                    },
                    other => Param::Text {
                        text: other.to_string(),
                        json: Some(other),
                    },
                };
                if let Err(e) = self.params.push(&key, param) {
                    *self.refused = Some(e);
                    return Err(A::Error::custom("too many parameters"));
                }
            }
            Ok(())
        }
    }
    let mut refused = None;
    let mut de = serde_json::Deserializer::from_slice(body);
    let read = de
        .deserialize_map(Members {
            params,
            refused: &mut refused,
        })
        .and_then(|()| de.end());
    match (read, refused) {
        (_, Some(e)) => Err(e),
        (Ok(()), None) => Ok(()),
        (Err(e), None) if e.is_data() => {
            Err(GraphError::invalid("The JSON body must be an object."))
        }
        (Err(e), None) => Err(GraphError::invalid(format!(
            "The JSON body cannot be read: {e}"
        ))),
    }
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
    fn versions_read_as_live_expired_or_unknown() {
        for (prefix, want) in [
            (None, Version::Live(25)),
            (Some("v25.0"), Version::Live(25)),
            (Some("v27.0"), Version::Live(27)),
            (Some("v24.0"), Version::Expired(24)),
            (Some("v2.10"), Version::Expired(2)),
            (Some("v28.0"), Version::Unknown),
            (Some("v26.1"), Version::Unknown),
            (Some("v99999.0"), Version::Unknown),
        ] {
            assert_eq!(Version::read(prefix), want, "{prefix:?}");
        }
        assert_eq!(Version::Expired(24).served(), Some(OLDEST_VERSION));
        assert_eq!(Version::Unknown.served(), None);
    }

    #[test]
    fn lists_read_json_or_commas() {
        let mut p = Params::default();
        p.push("a", Param::text("[\"NONE\"]".into())).unwrap();
        p.push("b", Param::text("HOUSING, CREDIT".into())).unwrap();
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
        )
        .unwrap();
        assert_eq!(r.token.as_deref(), Some("secret"));
        assert!(!r.params.has("access_token"));
        assert_eq!(r.route(), "GET /{id}");
    }
}
