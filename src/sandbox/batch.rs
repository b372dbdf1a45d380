//! `POST /` with `batch=[...]`: up to 50 operations in order, `name`d results referenced as
//! `{result=name:$.id}`, answers as `{code, headers, body}` with `body` a JSON string.

use axum::http::Method;
use serde_json::{Value, json};

use super::error::GraphError;
use super::wire::{Answer, GraphRequest, Params};

pub const MAX_BATCH: usize = 50;

/// One operation of a batch, as sent.
#[derive(Debug, Clone)]
pub struct Operation {
    pub method: Method,
    pub relative_url: String,
    pub body: Option<String>,
    pub name: Option<String>,
    pub omit_response_on_success: Option<bool>,
}

/// Reads the `batch` parameter of a request, from the JSON decoded as the request was read.
pub fn parse_param(params: &Params) -> Result<Vec<Operation>, GraphError> {
    match params.json("batch") {
        Some(v @ Value::Array(_)) => parse_value(&v),
        _ => parse(params.text("batch").unwrap_or("")),
    }
}

/// Reads the `batch` parameter.
pub fn parse(text: &str) -> Result<Vec<Operation>, GraphError> {
    let v: Value = serde_json::from_str(text).map_err(|e| {
        GraphError::invalid(format!("The batch parameter must be a JSON array: {e}"))
            .blame(&["batch"])
    })?;
    parse_value(&v)
}

fn parse_value(v: &Value) -> Result<Vec<Operation>, GraphError> {
    let Value::Array(items) = v else {
        return Err(
            GraphError::invalid("The batch parameter must be a JSON array").blame(&["batch"]),
        );
    };
    if items.len() > MAX_BATCH {
        return Err(GraphError::invalid(format!(
            "Too many requests in batch message. Maximum batch size is {MAX_BATCH}"
        ))
        .blame(&["batch"]));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let method = item
                .get("method")
                .and_then(Value::as_str)
                .unwrap_or("GET")
                .to_ascii_uppercase();
            let method = Method::from_bytes(method.as_bytes()).map_err(|_| {
                GraphError::invalid(format!("batch[{i}].method is not an HTTP method"))
            })?;
            let relative_url = item
                .get("relative_url")
                .and_then(Value::as_str)
                .ok_or_else(|| {
                    GraphError::invalid(format!("batch[{i}] has no relative_url")).blame(&["batch"])
                })?
                .to_string();
            let body = match item.get("body") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Object(m)) => Some(
                    url::form_urlencoded::Serializer::new(String::new())
                        .extend_pairs(m.iter().map(|(k, v)| {
                            (
                                k.clone(),
                                v.as_str().map_or_else(|| v.to_string(), str::to_string),
                            )
                        }))
                        .finish(),
                ),
                Some(other) => Some(other.to_string()),
            };
            Ok(Operation {
                method,
                relative_url,
                body,
                name: item.get("name").and_then(Value::as_str).map(str::to_string),
                omit_response_on_success: item
                    .get("omit_response_on_success")
                    .and_then(Value::as_bool),
            })
        })
        .collect()
}

/// Evaluates the small JSONPath subset batches use: `$.id`, `$.data.0.id`, `$.data[0].id`,
/// `$.data.*.id` (values joined with commas).
pub fn json_path(v: &Value, path: &str) -> Option<String> {
    let rest = path.strip_prefix('$')?;
    let normalized = rest.replace('[', ".").replace(']', "");
    let steps: Vec<&str> = normalized.split('.').filter(|s| !s.is_empty()).collect();
    let mut current = vec![v];
    for step in steps {
        let mut next = Vec::new();
        for c in current {
            match (step, c) {
                ("*", Value::Array(a)) => next.extend(a.iter()),
                (s, Value::Array(a)) => {
                    if let Some(x) = s.parse::<usize>().ok().and_then(|i| a.get(i)) {
                        next.push(x);
                    }
                }
                (s, Value::Object(m)) => {
                    if let Some(x) = m.get(s) {
                        next.push(x);
                    }
                }
                _ => {}
            }
        }
        current = next;
    }
    if current.is_empty() {
        return None;
    }
    Some(
        current
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join(","),
    )
}

/// Replaces every `{result=name:$.path}` in `text` with what the named result holds.
/// Returns the name of a reference that cannot be resolved.
pub fn resolve(text: &str, results: &[(String, Option<Value>)]) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    // References may arrive URL-encoded in bodies and URLs.
    let decoded;
    if rest.contains("%7Bresult%3D") || rest.contains("%7Bresult=") {
        decoded = rest
            .replace("%7B", "{")
            .replace("%7D", "}")
            .replace("%3D", "=")
            .replace("%3A", ":")
            .replace("%24", "$");
        rest = &decoded;
    }
    while let Some(start) = rest.find("{result=") {
        out.push_str(&rest[..start]);
        let after = &rest[start + "{result=".len()..];
        let end = after.find('}').ok_or_else(|| after.to_string())?;
        let reference = &after[..end];
        let (name, path) = reference
            .split_once(':')
            .ok_or_else(|| reference.to_string())?;
        let value = results
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_ref())
            .and_then(|v| json_path(v, path))
            .ok_or_else(|| name.to_string())?;
        out.push_str(&value);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A batch operation as a request, inheriting the batch's token and version unless it
/// carries its own.
pub fn to_request(
    op: &Operation,
    url: &str,
    body: Option<&str>,
    (token, version): (Option<&str>, Option<&str>),
) -> Result<GraphRequest, GraphError> {
    let (path, query) = match url.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (url, None),
    };
    let mut req = GraphRequest::from_parts(op.method.clone(), path, query, body)?;
    if req.token.is_none() {
        req.token = token.map(str::to_string);
    }
    if req.version.is_none() {
        req.version = version.map(str::to_string);
    }
    Ok(req)
}

/// Runs a batch's operations in order and returns their entries; each inherits the batch's
/// `(token, version)` unless it names its own. Each operation's references are resolved from
/// the answers before it and it is read into a request here; `answer` runs
/// the request, or answers the error that stopped it (a missing reference, too many
/// parameters). Graph runs a batch's operations one by one, not as one transaction, so
/// `answer` may take the sandbox's lock for each operation alone.
pub(super) fn run(
    ops: &[Operation],
    inherited: (Option<&str>, Option<&str>),
    mut answer: impl FnMut(Result<&GraphRequest, &GraphError>) -> Answer,
) -> Vec<Value> {
    let referenced = |name: &str| {
        let needle = format!("result={name}:");
        let encoded = format!("result%3D{name}%3A");
        ops.iter().any(|o| {
            o.relative_url.contains(&needle)
                || o.body
                    .as_deref()
                    .is_some_and(|b| b.contains(&needle) || b.contains(&encoded))
        })
    };
    let mut results: Vec<(String, Option<Value>)> = Vec::new();
    let mut out = Vec::new();
    for op in ops {
        let resolved = resolve(&op.relative_url, &results).and_then(|url| {
            op.body
                .as_deref()
                .map(|b| resolve(b, &results))
                .transpose()
                .map(|body| (url, body))
        });
        let request = match resolved {
            Ok((url, body)) => to_request(op, &url, body.as_deref(), inherited),
            Err(name) => Err(GraphError::invalid(format!(
                "This request depends on the result of \"{name}\", which is missing or failed"
            ))),
        };
        let a = answer(request.as_ref());
        let ok = request.is_ok() && a.status == axum::http::StatusCode::OK;
        if let Some(n) = &op.name {
            results.push((n.clone(), ok.then(|| a.body.clone())));
        }
        if request.is_err() {
            out.push(entry(a.status.as_u16(), &a.headers, &a.body));
            continue;
        }
        let omit = ok
            && op.name.as_deref().is_some_and(referenced)
            && op.omit_response_on_success != Some(false);
        let mut headers = vec![(
            "Content-Type".to_string(),
            "text/javascript; charset=UTF-8".to_string(),
        )];
        headers.extend(a.headers);
        out.push(if omit {
            Value::Null
        } else {
            entry(a.status.as_u16(), &headers, &a.body)
        });
    }
    out
}

/// One batch answer entry.
pub fn entry(code: u16, headers: &[(String, String)], body: &Value) -> Value {
    let headers: Vec<Value> = headers
        .iter()
        .map(|(name, value)| json!({"name": name, "value": value}))
        .collect();
    json!({"code": code, "headers": headers, "body": body.to_string()})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_path_reads_ids_and_lists() {
        let v = json!({"id": "7", "data": [{"id": "1"}, {"id": "2"}]});
        assert_eq!(json_path(&v, "$.id").as_deref(), Some("7"));
        assert_eq!(json_path(&v, "$.data.0.id").as_deref(), Some("1"));
        assert_eq!(json_path(&v, "$.data[1].id").as_deref(), Some("2"));
        assert_eq!(json_path(&v, "$.data.*.id").as_deref(), Some("1,2"));
        assert_eq!(json_path(&v, "$.nope"), None);
    }

    #[test]
    fn references_resolve_in_urls_and_bodies() {
        let results = vec![("c".to_string(), Some(json!({"id": "42"})))];
        assert_eq!(
            resolve("campaign_id={result=c:$.id}&x=1", &results).unwrap(),
            "campaign_id=42&x=1"
        );
        assert_eq!(
            resolve("campaign_id=%7Bresult%3Dc%3A%24.id%7D", &results).unwrap(),
            "campaign_id=42"
        );
        assert_eq!(
            resolve("{result=missing:$.id}", &results).unwrap_err(),
            "missing"
        );
    }

    #[test]
    fn batches_over_fifty_are_refused() {
        let ops: Vec<Value> = (0..51)
            .map(|_| json!({"method": "GET", "relative_url": "me"}))
            .collect();
        let e = parse(&Value::Array(ops).to_string()).unwrap_err();
        assert!(e.text.contains("Maximum batch size is 50"));
    }
}
