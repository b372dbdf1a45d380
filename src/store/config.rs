//! The config file (`config.json` in the config folder). Every key is optional.

use serde::{Deserialize, Serialize};

use super::files::{FileKind, read_text_bounded};

/// dcw's settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Graph's base URL (default `https://graph.facebook.com`).
    pub api_base: Option<String>,
    /// Graph API version (default `v26.0`).
    pub api_version: Option<String>,
    /// A command that prints the access token, like git's credential helpers.
    pub token_command: Option<String>,
    /// A command that prints the app secret, for `appsecret_proof`.
    pub app_secret_command: Option<String>,
    /// Add ` · dcw-<tag>` to the names of created objects (default true).
    pub launch_tag: Option<bool>,
    /// Key bindings for the wizard: action name to keys, like `{"review": ["ctrl+r"]}`.
    pub keys: Option<std::collections::HashMap<String, Vec<String>>>,
}

/// Reads the config file (a regular file of at most 1 MB); a missing file is the default config.
pub fn load_config(path: &std::path::Path) -> Result<Config, String> {
    match read_text_bounded(path, FileKind::Config) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.is_not_found() => Ok(Config::default()),
        Err(e) => Err(e.to_string()),
    }
}
