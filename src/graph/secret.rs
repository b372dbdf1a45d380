//! Secrets (the access token, the app secret): they print as `***` everywhere, and the only way
//! to the text is `expose`, which the client calls when it writes a request body or a header.

use std::fmt;

/// A secret string. Debug and Display print `***`; it never serializes.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: impl Into<String>) -> Secret {
        Secret(text.into())
    }

    /// The secret's text, for the wire only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// `appsecret_proof`: hex(HMAC-SHA256(key = app secret, message = token)).
pub fn appsecret_proof(token: &Secret, app_secret: &Secret) -> String {
    use hmac::{KeyInit, Mac};
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(app_secret.expose().as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(token.expose().as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Where a token can come from, in the order dcw asks: `META_ACCESS_TOKEN`, then
/// `FB_ACCESS_TOKEN`, then the config's `token_command`, then the token file. Never argv.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenSource {
    MetaAccessToken,
    FbAccessToken,
    TokenCommand,
    TokenFile,
}

impl fmt::Display for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TokenSource::MetaAccessToken => "META_ACCESS_TOKEN",
            TokenSource::FbAccessToken => "FB_ACCESS_TOKEN",
            TokenSource::TokenCommand => "token_command",
            TokenSource::TokenFile => "token file",
        })
    }
}

/// Runs a `token_command` (like git's credential helpers) and takes its first line.
pub fn run_token_command(command: &str) -> Result<Secret, String> {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("token_command could not run: {e}"))?;
    if !out.status.success() {
        return Err(format!("token_command exited with {}", out.status));
    }
    let text =
        String::from_utf8(out.stdout).map_err(|_| "token_command printed non-UTF-8".to_string())?;
    let first = text.lines().next().unwrap_or("").trim().to_string();
    if first.is_empty() {
        return Err("token_command printed nothing".into());
    }
    Ok(Secret::new(first))
}

/// The first token found, and where: `env` looks up variables, `command` is the config's
/// `token_command`, `file` reads the token file (already checked to be private).
pub fn find_token(
    env: impl Fn(&str) -> Option<String>,
    command: Option<&str>,
    file: impl FnOnce() -> Result<Option<String>, String>,
) -> Result<Option<(Secret, TokenSource)>, String> {
    for (var, source) in [
        ("META_ACCESS_TOKEN", TokenSource::MetaAccessToken),
        ("FB_ACCESS_TOKEN", TokenSource::FbAccessToken),
    ] {
        if let Some(v) = env(var).filter(|v| !v.trim().is_empty()) {
            return Ok(Some((Secret::new(v.trim()), source)));
        }
    }
    if let Some(cmd) = command {
        return run_token_command(cmd).map(|s| Some((s, TokenSource::TokenCommand)));
    }
    Ok(file()?
        .filter(|t| !t.trim().is_empty())
        .map(|t| (Secret::new(t.trim()), TokenSource::TokenFile)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let s = Secret::new("EAAB-very-secret");
        assert_eq!(format!("{s}"), "***");
        assert_eq!(format!("{s:?}"), "***");
        assert_eq!(format!("{:?}", Some(&s)), "Some(***)");
        assert_eq!(s.expose(), "EAAB-very-secret");
    }

    #[test]
    fn appsecret_proof_is_hmac_sha256_hex() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let proof = appsecret_proof(
            &Secret::new("what do ya want for nothing?"),
            &Secret::new("Jefe"),
        );
        assert_eq!(
            proof,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn tokens_come_from_env_in_order_then_command_then_file() {
        let env = |k: &str| match k {
            "FB_ACCESS_TOKEN" => Some("fb".to_string()),
            _ => None,
        };
        let (t, src) = find_token(env, None, || Ok(Some("file".into())))
            .unwrap()
            .unwrap();
        assert_eq!((t.expose(), src), ("fb", TokenSource::FbAccessToken));
        let both = |k: &str| Some(k.to_lowercase());
        let (t, _) = find_token(both, None, || Ok(None)).unwrap().unwrap();
        assert_eq!(t.expose(), "meta_access_token");
        let none = |_: &str| None;
        let (t, src) = find_token(none, Some("echo from-command"), || Ok(None))
            .unwrap()
            .unwrap();
        assert_eq!(
            (t.expose(), src),
            ("from-command", TokenSource::TokenCommand)
        );
        let (t, src) = find_token(none, None, || Ok(Some("from-file\n".into())))
            .unwrap()
            .unwrap();
        assert_eq!((t.expose(), src), ("from-file", TokenSource::TokenFile));
        assert!(find_token(none, None, || Ok(None)).unwrap().is_none());
        assert!(find_token(none, Some("exit 3"), || Ok(None)).is_err());
    }
}
