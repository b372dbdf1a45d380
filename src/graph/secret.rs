//! Secrets (the access token, the app secret): they print as `***` everywhere, and the only way
//! to the text is `expose`, which the client calls when it writes a request body or a header.

use std::fmt;
use std::io::Read;
use std::time::{Duration, Instant};

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

/// How long a `token_command` or `app_secret_command` may run (config `token_command_timeout`).
pub const DEFAULT_COMMAND_TIMEOUT: Duration = Duration::from_secs(10);
/// The most a `token_command` may print: a token is a few hundred bytes.
pub const MAX_COMMAND_OUTPUT: usize = 64 * 1024;

/// Runs a `token_command` (like git's credential helpers): `sh -c command`, stdin closed, with
/// `timeout` to finish and at most 64 KB of output; the token is its first non-empty line,
/// trimmed. Over either limit the command and every process it started are killed. `name` is
/// the config key, for messages (`token_command`, `app_secret_command`); no message ever holds
/// what the command printed.
pub fn run_secret_command(name: &str, command: &str, timeout: Duration) -> Result<Secret, String> {
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg(command)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // Its own process group, so a timeout kills what the shell started too (`sleep`).
        cmd.process_group(0);
    }
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("{name} could not run: {e}"))?;
    let deadline = Instant::now() + timeout;
    let stdout = child.stdout.take().expect("stdout is piped");
    let (tx, rx) = std::sync::mpsc::channel();
    // Reads on a thread, so the wait below keeps its deadline whatever the command does; one
    // byte past the limit is enough to know it is over.
    std::thread::spawn(move || {
        let mut out = Vec::new();
        let read = stdout
            .take(MAX_COMMAND_OUTPUT as u64 + 1)
            .read_to_end(&mut out);
        let _ = tx.send(read.map(|_| out));
    });
    let too_slow = || {
        format!(
            "{name} did not finish within {}; dcw stopped it (config token_command_timeout)",
            seconds(timeout)
        )
    };
    let out = match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        Ok(Ok(out)) if out.len() > MAX_COMMAND_OUTPUT => {
            kill_group(&mut child);
            return Err(format!(
                "{name} printed more than 64 KB; dcw stopped it (a token is one short line)"
            ));
        }
        Ok(Ok(out)) => out,
        Ok(Err(e)) => {
            kill_group(&mut child);
            return Err(format!("{name}: cannot read what it printed: {e}"));
        }
        Err(_) => {
            kill_group(&mut child);
            return Err(too_slow());
        }
    };
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Ok(None) => {
                kill_group(&mut child);
                return Err(too_slow());
            }
            Err(e) => {
                kill_group(&mut child);
                return Err(format!("{name}: cannot wait for it: {e}"));
            }
        }
    };
    if !status.success() {
        return Err(format!("{name} exited with {status}"));
    }
    let text = String::from_utf8(out).map_err(|_| format!("{name} printed non-UTF-8"))?;
    if text.trim().is_empty() {
        return Err(if text.is_empty() {
            format!("{name} printed nothing")
        } else {
            format!("{name} printed only blank lines")
        });
    }
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    checked_token(name, first)
}

/// A duration in words for messages: "10 s", "1.5 s".
fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// Kills a command and its process group, and reaps it.
fn kill_group(child: &mut std::process::Child) {
    #[cfg(unix)]
    if let Ok(pgid) = libc::pid_t::try_from(child.id()) {
        // SAFETY: killpg only sends a signal; the group is the child's own (process_group(0)
        // made its id the group id), and the child is not reaped yet, so the id is still its.
        unsafe {
            libc::killpg(pgid, libc::SIGKILL);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// A token as found (already trimmed), refused when it could not be one: control characters
/// (an escape sequence, a second line) or spaces inside. `source` names where it came from;
/// the token itself is never in the message.
pub fn checked_token(source: &str, token: &str) -> Result<Secret, String> {
    if token.chars().any(char::is_control) {
        return Err(format!(
            "{source} gave a token holding control characters (an escape sequence or a line break?); dcw refuses it"
        ));
    }
    if token.chars().any(char::is_whitespace) {
        return Err(format!(
            "{source} gave a token holding spaces; a token is one word, dcw refuses it"
        ));
    }
    Ok(Secret::new(token))
}

/// The first token found, and where: `env` looks up variables, `command` is the config's
/// `token_command` (run with `timeout`), `file` reads the token file (already checked to be
/// private; its first non-empty line is the token). Every token is checked by
/// [`checked_token`].
pub fn find_token(
    env: impl Fn(&str) -> Option<String>,
    command: Option<&str>,
    timeout: Duration,
    file: impl FnOnce() -> Result<Option<String>, String>,
) -> Result<Option<(Secret, TokenSource)>, String> {
    for (var, source) in [
        ("META_ACCESS_TOKEN", TokenSource::MetaAccessToken),
        ("FB_ACCESS_TOKEN", TokenSource::FbAccessToken),
    ] {
        if let Some(v) = env(var).filter(|v| !v.trim().is_empty()) {
            return checked_token(var, v.trim()).map(|t| Some((t, source)));
        }
    }
    if let Some(cmd) = command {
        return run_secret_command("token_command", cmd, timeout)
            .map(|s| Some((s, TokenSource::TokenCommand)));
    }
    let Some(text) = file()? else {
        return Ok(None);
    };
    match text.lines().map(str::trim).find(|l| !l.is_empty()) {
        Some(first) => {
            checked_token("the token file", first).map(|t| Some((t, TokenSource::TokenFile)))
        }
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Duration = DEFAULT_COMMAND_TIMEOUT;

    /// Runs `command` as a token_command with a one-second limit.
    fn run(command: &str) -> Result<Secret, String> {
        run_secret_command("token_command", command, Duration::from_secs(1))
    }

    #[test]
    fn a_token_command_that_never_ends_is_stopped_at_its_time_limit() {
        let started = Instant::now();
        let e = run("sleep 100").unwrap_err();
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "took {:?}",
            started.elapsed()
        );
        assert_eq!(
            e,
            "token_command did not finish within 1 s; dcw stopped it (config token_command_timeout)"
        );
    }

    #[test]
    fn a_token_command_that_forks_a_sleeper_is_stopped_with_it() {
        // The shell waits on `sleep`, which holds stdout open: both are in the killed group.
        let started = Instant::now();
        let e = run("echo EAAB; sleep 100 & wait").unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(e.contains("did not finish within 1 s"), "{e}");
    }

    #[test]
    fn a_token_command_printing_too_much_is_refused_for_its_size() {
        let started = Instant::now();
        let e = run("head -c 100000000 /dev/zero").unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(e.contains("token_command printed more than 64 KB"), "{e}");
        let e = run("cat /dev/zero").unwrap_err();
        assert!(e.contains("printed more than 64 KB"), "{e}");
    }

    #[test]
    fn the_token_is_the_first_non_empty_line_trimmed() {
        assert_eq!(run(r"printf '\nEAAB\n'").unwrap().expose(), "EAAB");
        assert_eq!(
            run(r"printf '  \n\t EAAB  \nsecond\n'").unwrap().expose(),
            "EAAB"
        );
        assert_eq!(
            run("printf ''").unwrap_err(),
            "token_command printed nothing"
        );
        assert_eq!(
            run(r"printf '\n  \n'").unwrap_err(),
            "token_command printed only blank lines"
        );
    }

    #[test]
    fn a_token_with_control_characters_is_refused_without_showing_it() {
        let e = run(r"printf 'EA\033]52;c;x\aAB'").unwrap_err();
        assert!(e.contains("control characters"), "{e}");
        assert!(!e.contains("EA") && !e.contains("52;c"), "{e}");
    }

    #[test]
    fn a_token_with_inner_spaces_is_refused_without_showing_it() {
        let e = run("echo 'EA AB'").unwrap_err();
        assert!(e.contains("holding spaces"), "{e}");
        assert!(!e.contains("EA"), "{e}");
    }

    #[test]
    fn tokens_from_the_environment_and_the_file_are_checked_the_same_way() {
        let with =
            |v: &'static str| move |k: &str| (k == "META_ACCESS_TOKEN").then(|| v.to_string());
        let e = find_token(with("EA\u{1b}[2JAB"), None, T, || Ok(None)).unwrap_err();
        assert!(
            e.starts_with("META_ACCESS_TOKEN gave a token holding control characters"),
            "{e}"
        );
        let e = find_token(with("EA AB"), None, T, || Ok(None)).unwrap_err();
        assert!(e.contains("holding spaces"), "{e}");
        let (t, _) = find_token(with("  EAAB\n"), None, T, || Ok(None))
            .unwrap()
            .unwrap();
        assert_eq!(t.expose(), "EAAB");
        let none = |_: &str| None;
        let e = find_token(none, None, T, || Ok(Some("EA\u{7}AB\n".into()))).unwrap_err();
        assert!(
            e.starts_with("the token file gave a token holding control characters"),
            "{e}"
        );
        let (t, _) = find_token(none, None, T, || Ok(Some("\nEAAB\n".into())))
            .unwrap()
            .unwrap();
        assert_eq!(t.expose(), "EAAB");
        assert!(
            find_token(none, None, T, || Ok(Some(" \n".into())))
                .unwrap()
                .is_none()
        );
    }

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
        let (t, src) = find_token(env, None, T, || Ok(Some("file".into())))
            .unwrap()
            .unwrap();
        assert_eq!((t.expose(), src), ("fb", TokenSource::FbAccessToken));
        let both = |k: &str| Some(k.to_lowercase());
        let (t, _) = find_token(both, None, T, || Ok(None)).unwrap().unwrap();
        assert_eq!(t.expose(), "meta_access_token");
        let none = |_: &str| None;
        let (t, src) = find_token(none, Some("echo from-command"), T, || Ok(None))
            .unwrap()
            .unwrap();
        assert_eq!(
            (t.expose(), src),
            ("from-command", TokenSource::TokenCommand)
        );
        let (t, src) = find_token(none, None, T, || Ok(Some("from-file\n".into())))
            .unwrap()
            .unwrap();
        assert_eq!((t.expose(), src), ("from-file", TokenSource::TokenFile));
        assert!(find_token(none, None, T, || Ok(None)).unwrap().is_none());
        assert!(find_token(none, Some("exit 3"), T, || Ok(None)).is_err());
    }
}
