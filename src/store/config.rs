//! The config file (`config.json` in the config folder). Every key is optional.

use serde::{Deserialize, Serialize};

use super::files::{FileKind, read_text_bounded};

/// dcw's settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Graph's base URL (default `https://graph.facebook.com`).
    pub api_base: Option<String>,
    /// Graph API version (default `v27.0`; Graph serves v25.0 to v27.0, v24.0 expired on
    /// 2026-11-10). `--api-version` and DCW_API_VERSION take precedence.
    pub api_version: Option<String>,
    /// A command that prints the access token, like git's credential helpers.
    pub token_command: Option<String>,
    /// A command that prints the app secret, for `appsecret_proof`.
    pub app_secret_command: Option<String>,
    /// Seconds `token_command` and `app_secret_command` may run before dcw stops them
    /// (default 10).
    pub token_command_timeout: Option<u64>,
    /// Add ` · dcw-<tag>` to the names of created objects (default true).
    pub launch_tag: Option<bool>,
    /// Key bindings for the wizard and the status pane: action name to keys, like
    /// `{"review": ["ctrl+r"], "sort": ["o"]}` (checked before a screen opens).
    pub keys: Option<std::collections::HashMap<String, Vec<String>>>,
    /// House policy per ad account, by `act_<id>`: `{"act_123": {"never_features":
    /// ["text_translation"]}}` (checked when the file is read).
    pub accounts: Option<std::collections::BTreeMap<String, AccountPolicy>>,
}

/// What an ad account's launches must respect [dcw's own].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AccountPolicy {
    /// Advantage+ creative features (`creative_features_spec` keys) every spec of the account
    /// must opt out of: `dcw validate`, `dcw submit` and the wizard refuse one that does not.
    pub never_features: Option<Vec<String>>,
}

impl Config {
    /// Each account's forbidden features, by account digits (accounts without any left out).
    pub fn feature_policies(&self) -> std::collections::HashMap<String, Vec<String>> {
        self.accounts
            .iter()
            .flatten()
            .filter_map(|(account, policy)| {
                let never = policy.never_features.clone().filter(|n| !n.is_empty())?;
                Some((account.strip_prefix("act_")?.to_string(), never))
            })
            .collect()
    }

    /// The features the policy of the account with these digits forbids (none without one).
    pub fn never_features(&self, account_digits: &str) -> Vec<String> {
        let key = format!("act_{account_digits}");
        self.accounts
            .as_ref()
            .and_then(|a| a.get(&key))
            .and_then(|p| p.never_features.clone())
            .unwrap_or_default()
    }
}

/// Each account key is `act_<digits>` and each forbidden feature one Meta documents.
fn check_accounts(config: &Config, path: &std::path::Path) -> Result<(), String> {
    for (account, policy) in config.accounts.iter().flatten() {
        let digits = account.strip_prefix("act_").unwrap_or("");
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "{}: accounts: \"{account}\" is not an ad account id; write \"act_\" and its digits",
                path.display()
            ));
        }
        for key in policy.never_features.iter().flatten() {
            if crate::spec::creative_feature(key).is_none() {
                return Err(format!(
                    "{}: accounts.{account}.never_features: \"{key}\" is not an Advantage+ creative feature Meta documents (like \"text_translation\")",
                    path.display()
                ));
            }
        }
    }
    Ok(())
}

/// The most seconds `token_command_timeout` may say: a command that asks for a password or a
/// touch of a security key has time, and a wait still ends.
pub const MAX_TOKEN_COMMAND_TIMEOUT: u64 = 600;

/// Reads the config file (a regular file of at most 1 MB); a missing file is the default config.
pub fn load_config(path: &std::path::Path) -> Result<Config, String> {
    let config: Config = match read_text_bounded(path, FileKind::Config) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?,
        Err(e) if e.is_not_found() => return Ok(Config::default()),
        Err(e) => return Err(e.to_string()),
    };
    if let Some(s) = config.token_command_timeout
        && !(1..=MAX_TOKEN_COMMAND_TIMEOUT).contains(&s)
    {
        return Err(format!(
            "{}: token_command_timeout is {s}; give the seconds a command may run, 1 to {MAX_TOKEN_COMMAND_TIMEOUT}",
            path.display()
        ));
    }
    check_accounts(&config, path)?;
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_command_timeout_is_read_in_seconds_and_refused_out_of_range() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.json");
        std::fs::write(&p, r#"{"token_command_timeout": 3}"#).unwrap();
        assert_eq!(load_config(&p).unwrap().token_command_timeout, Some(3));
        for bad in [0, MAX_TOKEN_COMMAND_TIMEOUT + 1] {
            std::fs::write(&p, format!(r#"{{"token_command_timeout": {bad}}}"#)).unwrap();
            let e = load_config(&p).unwrap_err();
            assert!(
                e.contains("config.json: token_command_timeout is") && e.contains("1 to 600"),
                "{e}"
            );
        }
        assert_eq!(
            load_config(&dir.path().join("none")).unwrap(),
            Config::default()
        );
    }

    #[test]
    fn an_accounts_policy_is_read_per_account_and_bad_ones_name_the_file_and_key() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.json");
        std::fs::write(
            &p,
            r#"{"accounts": {"act_123": {"never_features": ["text_translation"]}}}"#,
        )
        .unwrap();
        let c = load_config(&p).unwrap();
        assert_eq!(
            c.never_features("123"),
            vec!["text_translation".to_string()]
        );
        assert!(c.never_features("456").is_empty());
        let rows = [
            (
                r#"{"accounts": {"123": {}}}"#,
                "config.json: accounts: \"123\" is not an ad account id",
            ),
            (
                r#"{"accounts": {"act_1": {"never_features": ["text_transl"]}}}"#,
                "config.json: accounts.act_1.never_features: \"text_transl\" is not an Advantage+ creative feature",
            ),
            (
                r#"{"accounts": {"act_1": {"never_features": ["standard_enhancements"]}}}"#,
                "accounts.act_1.never_features: \"standard_enhancements\" is not",
            ),
            (
                r#"{"accounts": {"act_1": {"never": ["text_translation"]}}}"#,
                "config.json: unknown field `never`",
            ),
        ];
        for (text, says) in rows {
            std::fs::write(&p, text).unwrap();
            let e = load_config(&p).unwrap_err();
            assert!(e.contains(says), "{text}: {e}");
        }
    }
}
