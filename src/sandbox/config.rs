//! How a sandbox behaves: review delay, rate-limit tier, latency, faults, persistence.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// The rate-limit tier of the simulated app: Marketing API "Limited" (before 2026-05,
/// development) and "Full" (before, standard) access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    /// 60 points per 300 s per ad account, blocked 300 s when over.
    Limited,
    /// 9000 points per 300 s per ad account, blocked 60 s when over.
    Full,
}

impl Tier {
    /// `--tier`: `limited` or `full`, Meta's names since 2026-05; the old `dev`, `development`
    /// and `standard` are kept as aliases.
    pub fn parse(text: &str) -> Result<Tier, String> {
        match text.trim() {
            "limited" | "dev" | "development" => Ok(Tier::Limited),
            "full" | "standard" => Ok(Tier::Full),
            other => Err(format!(
                "\"{other}\" is not a tier (limited or full; dev, development and standard are old names)"
            )),
        }
    }

    pub fn max_points(self) -> u32 {
        match self {
            Tier::Limited => 60,
            Tier::Full => 9000,
        }
    }

    pub fn block(self) -> Duration {
        match self {
            Tier::Limited => Duration::from_secs(300),
            Tier::Full => Duration::from_secs(60),
        }
    }

    /// The `ads_api_access_tier` value the sandbox reports: the pre-2026-05 names, which field
    /// reports still show in Meta's headers after the rename (graph-fidelity-2026.md, "Rate
    /// limits"); Meta documents no new header value.
    pub fn wire_name(self) -> &'static str {
        match self {
            Tier::Limited => "development_access",
            Tier::Full => "standard_access",
        }
    }
}

/// The score decays over this window.
pub const SCORE_WINDOW: Duration = Duration::from_secs(300);

/// A kind of injected fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultKind {
    /// The write commits, then the connection drops without an answer.
    LostResponse,
    /// HTTP 500, code 2, `is_transient: true`; nothing is committed.
    ErrorBefore,
    /// No answer for `timeout_hold` (60 s by default); then the request is handled, even when
    /// the client has hung up meanwhile.
    Timeout,
    /// Code 17, subcode 2446079, with usage headers.
    RateLimit,
    /// A creative create (`POST /act_<id>/adcreatives`, not a dry run) answers Meta's
    /// 100/1487390 "Adcreative Create Failed" (`is_transient: false`) and creates nothing, at
    /// most once per creative name: the same creative sent again goes through, as in the field
    /// report (justwatch facebook-marketing-api-golang-sdk PR #90). Other requests never get it.
    CreativeFailed,
}

impl FaultKind {
    pub fn parse(s: &str) -> Option<FaultKind> {
        Some(match s {
            "lost-response" => FaultKind::LostResponse,
            "error-before" => FaultKind::ErrorBefore,
            "timeout" => FaultKind::Timeout,
            "rate-limit" => FaultKind::RateLimit,
            "creative-failed" => FaultKind::CreativeFailed,
            _ => return None,
        })
    }
}

/// Everything a sandbox can be told.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    pub addr: SocketAddr,
    /// How long a new ad stays `PENDING_REVIEW`.
    pub review_delay: Duration,
    /// How long a finished video upload processes (its `processing_progress` growing) before
    /// it is `ready` [sandbox's own: Meta takes seconds to minutes].
    pub video_processing: Duration,
    /// An ad rejected in its latest review also refuses a new creative (100/2490468), as Meta
    /// does with an ad it has disabled; when Meta disables one is not documented, so this is
    /// the sandbox's own switch, off by default (then only turning the ad on is refused).
    pub disable_rejected_ads: bool,
    pub tier: Tier,
    pub latency: Duration,
    pub jitter: Duration,
    /// Fault kinds with the probability (0..=1) that a request gets each.
    pub faults: Vec<(FaultKind, f64)>,
    /// How long the `timeout` fault holds a request.
    pub timeout_hold: Duration,
    pub seed: u64,
    /// Every token turns expired after this many calls.
    pub token_expires_after: Option<u64>,
    /// Tokens that are expired from the start.
    pub expired_tokens: Vec<String>,
    /// Extra dynamic-creative ad sets (one ad each) seeded at start-up.
    pub demo_ads: usize,
    /// The demo campaign, ad sets and ads are ACTIVE (so approved ads deliver and have
    /// insights), not PAUSED.
    pub demo_active: bool,
    /// Save and restore the state here.
    pub state_file: Option<PathBuf>,
    /// A state file that is not a sandbox state is moved aside (`<name>.damaged-<time>`) and a
    /// fresh world begins, instead of the start being refused (the built-in sandbox's way).
    pub set_aside_damaged: bool,
    /// Read `state_file` at start but never write it (another process owns it).
    pub read_only_state: bool,
    /// Write one log line per request to stderr.
    pub log_requests: bool,
    /// A connection must deliver a request's headers this long after it opened or after the
    /// first byte of the request arrived; then it is closed.
    pub header_read_timeout: Duration,
    /// A request's body must arrive this long after its headers, or it is answered 408.
    pub body_read_timeout: Duration,
    /// A connection with no request for this long is closed, as is one whose client does not
    /// read an answer for this long.
    pub idle_timeout: Duration,
    /// At most this many connections are served at once; more wait in the accept backlog.
    pub max_connections: usize,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            review_delay: Duration::from_secs(5),
            video_processing: Duration::from_secs(3),
            disable_rejected_ads: false,
            tier: Tier::Full,
            latency: Duration::ZERO,
            jitter: Duration::ZERO,
            faults: Vec::new(),
            timeout_hold: Duration::from_secs(60),
            seed: 0,
            token_expires_after: None,
            expired_tokens: Vec::new(),
            demo_ads: 0,
            demo_active: false,
            state_file: None,
            set_aside_damaged: false,
            read_only_state: false,
            log_requests: false,
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(60),
            max_connections: 512,
        }
    }
}

/// The longest `--latency` (and `--jitter`): a minute, past any client's patience.
pub const MAX_LATENCY: Duration = Duration::from_secs(60);
/// The longest video processing: a day.
pub const MAX_VIDEO_PROCESSING: Duration = Duration::from_secs(24 * 3600);
/// The longest `--review-delay`: a week.
pub const MAX_REVIEW_DELAY: Duration = Duration::from_secs(7 * 24 * 3600);
/// The longest hold of the `timeout` fault, and the longest of the server's own timeouts.
pub const MAX_HOLD: Duration = Duration::from_secs(600);
/// The most `--demo-ads`.
pub const MAX_DEMO_ADS: usize = 5000;
/// The most connections a sandbox may be told to serve at once.
pub const MAX_CONNECTIONS: usize = 65_536;

/// A duration from a flag (`100ms`, `5s`, `2m`), at most `max`: the refusal says the range.
pub fn parse_duration_up_to(text: &str, max: Duration) -> Result<Duration, String> {
    let range = format!("allowed: 0s to {}", humantime::format_duration(max));
    let d = humantime::parse_duration(text.trim())
        .map_err(|e| format!("not a duration like 100ms, 5s or 2m ({e}; {range})"))?;
    if d > max {
        return Err(format!(
            "longer than {} ({range})",
            humantime::format_duration(max)
        ));
    }
    Ok(d)
}

/// A count from a flag, at most `max`.
pub fn parse_count_up_to(text: &str, max: usize) -> Result<usize, String> {
    let n: usize = text
        .trim()
        .parse()
        .map_err(|_| format!("not a whole number (allowed: 0 to {max})"))?;
    if n > max {
        return Err(format!("more than {max} (allowed: 0 to {max})"));
    }
    Ok(n)
}

impl SandboxConfig {
    /// Refuses a duration or number out of its range, naming the field and the range, so no
    /// clock overflows and no wait is endless.
    pub fn check(&self) -> Result<(), String> {
        let durations = [
            ("latency", self.latency, Duration::ZERO, MAX_LATENCY),
            ("jitter", self.jitter, Duration::ZERO, MAX_LATENCY),
            (
                "review_delay",
                self.review_delay,
                Duration::ZERO,
                MAX_REVIEW_DELAY,
            ),
            (
                "video_processing",
                self.video_processing,
                Duration::ZERO,
                MAX_VIDEO_PROCESSING,
            ),
            ("timeout_hold", self.timeout_hold, Duration::ZERO, MAX_HOLD),
            (
                "header_read_timeout",
                self.header_read_timeout,
                Duration::from_millis(1),
                MAX_HOLD,
            ),
            (
                "body_read_timeout",
                self.body_read_timeout,
                Duration::from_millis(1),
                MAX_HOLD,
            ),
            (
                "idle_timeout",
                self.idle_timeout,
                Duration::from_millis(1),
                MAX_HOLD,
            ),
        ];
        for (name, value, min, max) in durations {
            if value < min || value > max {
                return Err(format!(
                    "{name} {} is out of range (allowed: {} to {})",
                    humantime::format_duration(value),
                    humantime::format_duration(min),
                    humantime::format_duration(max)
                ));
            }
        }
        let counts = [
            ("demo_ads", self.demo_ads, 0, MAX_DEMO_ADS),
            ("max_connections", self.max_connections, 1, MAX_CONNECTIONS),
        ];
        for (name, value, min, max) in counts {
            if value < min || value > max {
                return Err(format!(
                    "{name} {value} is out of range (allowed: {min} to {max})"
                ));
            }
        }
        Ok(())
    }
}

/// Parses `lost-response=0.35,error-before=0.1` (rates as fractions or percentages: `35%`).
pub fn parse_faults(text: &str) -> Result<Vec<(FaultKind, f64)>, String> {
    let mut out = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (kind, rate) = part
            .split_once('=')
            .ok_or_else(|| format!("--faults: \"{part}\" is not KIND=RATE"))?;
        let kind = FaultKind::parse(kind.trim()).ok_or_else(|| {
            format!(
                "--faults: unknown kind \"{kind}\" (lost-response, error-before, timeout, rate-limit, creative-failed)"
            )
        })?;
        let rate = rate.trim();
        let value = match rate.strip_suffix('%') {
            Some(p) => p.parse::<f64>().map(|v| v / 100.0),
            None => rate.parse::<f64>(),
        }
        .map_err(|_| format!("--faults: \"{rate}\" is not a rate (0.35 or 35%)"))?;
        if !(0.0..=1.0).contains(&value) {
            return Err(format!("--faults: rate {rate} is outside 0..1"));
        }
        out.push((kind, value));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_lists_parse_fractions_and_percentages() {
        let f = parse_faults("lost-response=0.35, error-before=30%, creative-failed=1").unwrap();
        assert_eq!(
            f,
            vec![
                (FaultKind::LostResponse, 0.35),
                (FaultKind::ErrorBefore, 0.3),
                (FaultKind::CreativeFailed, 1.0)
            ]
        );
        assert!(
            parse_faults("explode=1")
                .unwrap_err()
                .contains("unknown kind")
        );
        assert!(parse_faults("timeout=2").unwrap_err().contains("outside"));
        assert!(parse_faults("timeout").unwrap_err().contains("KIND=RATE"));
    }

    #[test]
    fn tiers_take_metas_new_names_and_the_old_ones_as_aliases() {
        for (text, want) in [
            ("limited", Tier::Limited),
            ("dev", Tier::Limited),
            ("development", Tier::Limited),
            ("full", Tier::Full),
            ("standard", Tier::Full),
        ] {
            assert_eq!(Tier::parse(text), Ok(want), "{text}");
        }
        let e = Tier::parse("advanced").unwrap_err();
        assert!(
            e.contains("\"advanced\"") && e.contains("limited or full"),
            "{e}"
        );
        assert_eq!(Tier::Limited.wire_name(), "development_access");
        assert_eq!(Tier::Full.wire_name(), "standard_access");
    }

    #[test]
    fn flag_durations_are_refused_past_their_bound_with_the_range() {
        let cases: [(&str, Duration, Result<Duration, &str>); 6] = [
            ("100ms", MAX_LATENCY, Ok(Duration::from_millis(100))),
            ("60s", MAX_LATENCY, Ok(MAX_LATENCY)),
            (
                "61s",
                MAX_LATENCY,
                Err("longer than 1m (allowed: 0s to 1m)"),
            ),
            ("99999999999h", MAX_LATENCY, Err("allowed: 0s to 1m")),
            ("7days", MAX_REVIEW_DELAY, Ok(MAX_REVIEW_DELAY)),
            ("soon", MAX_REVIEW_DELAY, Err("not a duration like 100ms")),
        ];
        for (text, max, want) in cases {
            match (parse_duration_up_to(text, max), want) {
                (Ok(d), Ok(w)) => assert_eq!(d, w, "{text}"),
                (Err(e), Err(w)) => assert!(e.contains(w), "{text}: {e}"),
                (got, want) => panic!("{text}: got {got:?}, want {want:?}"),
            }
        }
        assert_eq!(parse_count_up_to("5000", MAX_DEMO_ADS), Ok(5000));
        assert!(
            parse_count_up_to("5001", MAX_DEMO_ADS)
                .unwrap_err()
                .contains("allowed: 0 to 5000")
        );
    }

    #[test]
    fn a_config_out_of_range_is_refused_naming_the_field() {
        assert_eq!(SandboxConfig::default().check(), Ok(()));
        let huge = Duration::from_secs(99_999_999_999 * 3600);
        let cases: [(&str, SandboxConfig); 6] = [
            (
                "latency",
                SandboxConfig {
                    latency: huge,
                    ..Default::default()
                },
            ),
            (
                "jitter",
                SandboxConfig {
                    jitter: Duration::MAX,
                    ..Default::default()
                },
            ),
            (
                "review_delay",
                SandboxConfig {
                    review_delay: huge,
                    ..Default::default()
                },
            ),
            (
                "timeout_hold",
                SandboxConfig {
                    timeout_hold: huge,
                    ..Default::default()
                },
            ),
            (
                "idle_timeout",
                SandboxConfig {
                    idle_timeout: Duration::ZERO,
                    ..Default::default()
                },
            ),
            (
                "max_connections",
                SandboxConfig {
                    max_connections: 0,
                    ..Default::default()
                },
            ),
        ];
        for (field, config) in cases {
            let e = config.check().unwrap_err();
            assert!(
                e.starts_with(field) && e.contains("allowed"),
                "{field}: {e}"
            );
        }
    }
}
