//! Reading and writing spec files' text.

use std::fmt;

use super::model::LaunchSpec;

/// Why a spec's text could not be read: where, which field, and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    /// The JSON path of the field that could not be read, when there is one.
    pub path: Option<String>,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: ", self.line, self.column)?;
        if let Some(p) = &self.path {
            write!(f, "{p}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Reads a launch spec from JSON text. Values outside Graph's closed sets are kept and left to
/// the validator; only text that is not JSON, or a value of the wrong JSON type, fails here.
pub fn parse_spec(text: &str) -> Result<LaunchSpec, ParseError> {
    // A byte-order mark (some Windows editors write one) is not JSON, but says nothing either.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut de = serde_json::Deserializer::from_str(text);
    let spec = serde_path_to_error::deserialize::<_, LaunchSpec>(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        error_from(&inner, (path != "." && path != "?").then_some(path))
    })?;
    de.end().map_err(|e| error_from(&e, None))?;
    Ok(spec)
}

fn error_from(e: &serde_json::Error, path: Option<String>) -> ParseError {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
    let message = match e.classify() {
        serde_json::error::Category::Eof => format!("{message} (the file ends too early)"),
        _ => message,
    };
    ParseError {
        line: e.line(),
        column: e.column(),
        path,
        message,
    }
}

/// The spec as pretty JSON, keys in the order they were read, ending with a newline.
pub fn to_json_pretty(spec: &LaunchSpec) -> String {
    // Serializing our own types into a String cannot fail: every map key is a string.
    let mut s = serde_json::to_string_pretty(spec).unwrap_or_default();
    s.push('\n');
    s
}
