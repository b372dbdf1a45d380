//! The write-ahead journal of one launch: each step goes `pending → sent → created(id) |
//! failed(error)`, and the journal is on disk before every write to Graph.
//!
//! The journal's on-disk types live in `store::journal_file`; this module starts a journal and
//! finds a launch again.

pub use crate::store::journal_file::{
    FixRecord, LaunchJournal, LaunchState, LaunchStep, StepRecord, StepState,
};

impl LaunchJournal {
    /// A new launch of `spec` (found again by `spec_hash`, its [`launch_key`]; read from
    /// `spec_path`) on `account` through the Graph at `api_base`: every step pending, names
    /// tagged unless `tag_names` is false.
    pub fn start(
        spec: &crate::spec::LaunchSpec,
        spec_hash: &str,
        spec_path: &str,
        account: &str,
        api_base: &str,
        tag_names: bool,
    ) -> LaunchJournal {
        let now = chrono::Utc::now();
        let (tag, id) = new_tag_and_id(now);
        let tag = if tag_names { tag } else { String::new() };
        LaunchJournal {
            steps: super::requests::plan(spec, &tag),
            id,
            tag,
            spec_hash: spec_hash.to_string(),
            spec_path: spec_path.to_string(),
            account: account.to_string(),
            graph: api_base.to_string(),
            created_at: now.to_rfc3339(),
            state: LaunchState::Running,
            warnings: Vec::new(),
            error: None,
            fix: None,
        }
    }
}

/// What finds a launch again and locks it: the Graph it goes to, normalised (a trailing `/`,
/// the host's case and `localhost` for `127.0.0.1` make no difference), and the spec as dcw
/// reads it, formatting aside and every image, video and thumbnail file by its absolute path. So `dcw submit` of a
/// file and the wizard's draft of the same file are one launch, and so are a spec and a copy of
/// it reformatted.
pub fn launch_key(
    api_base: &str,
    spec: &crate::spec::LaunchSpec,
    spec_dir: &std::path::Path,
) -> String {
    let mut spec = spec.clone();
    let absolute = |file: &mut Option<String>| {
        if let Some(f) = file.as_deref() {
            let joined = spec_dir.join(f);
            let absolute = std::fs::canonicalize(&joined).unwrap_or(joined);
            *file = Some(absolute.display().to_string());
        }
    };
    for feed in spec
        .creative
        .iter_mut()
        .filter_map(|c| c.asset_feed_spec.as_mut())
    {
        for image in feed.images.iter_mut().flatten() {
            absolute(&mut image.file);
        }
        for video in feed.videos.iter_mut().flatten() {
            absolute(&mut video.file);
            if let Some(t) = video.thumbnail.as_mut() {
                absolute(&mut t.file);
            }
        }
    }
    spec_hash(&format!(
        "launch v2\n{}\n{}",
        normalise_base(api_base),
        crate::spec::to_json_pretty(&spec)
    ))
}

/// A Graph base URL in one spelling: lowercase scheme and host, loopback as `127.0.0.1`, the
/// port always, no trailing `/`. Anything that is not a URL (`sandbox`) stays as it is.
pub fn normalise_base(api_base: &str) -> String {
    let Ok(url) = url::Url::parse(api_base.trim()) else {
        return api_base.trim().to_string();
    };
    let host = match url.host() {
        Some(url::Host::Domain(d)) if d.eq_ignore_ascii_case("localhost") => "127.0.0.1".into(),
        Some(url::Host::Ipv6(ip)) if ip.is_loopback() => "127.0.0.1".into(),
        Some(h) => h.to_string().to_ascii_lowercase(),
        None => return api_base.trim().to_string(),
    };
    let port = url
        .port_or_known_default()
        .map_or(String::new(), |p| format!(":{p}"));
    format!(
        "{}://{host}{port}{}",
        url.scheme(),
        url.path().trim_end_matches('/')
    )
}

/// The hash earlier versions of dcw found a launch by: the Graph's base URL as typed and the
/// spec's text as written. Journals they wrote are still found by it.
pub fn spec_hash_for(api_base: &str, text: &str) -> String {
    spec_hash(&format!("{api_base}\n{text}"))
}

/// SHA-256 of a spec's text, in hex.
pub fn spec_hash(text: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A new launch tag (`dcw-3f9a2c`) and id (`20261125-170301-3f9a2c`).
pub fn new_tag_and_id(now: chrono::DateTime<chrono::Utc>) -> (String, String) {
    let hex = format!("{:06x}", rand::random_range(0..0x100_0000u32));
    (
        format!("dcw-{hex}"),
        format!("{}-{hex}", now.format("%Y%m%d-%H%M%S")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_graph_has_one_spelling() {
        for same in [
            "http://127.0.0.1:8080",
            "http://127.0.0.1:8080/",
            "http://localhost:8080",
            "HTTP://LOCALHOST:8080//",
            "http://[::1]:8080",
        ] {
            assert_eq!(normalise_base(same), "http://127.0.0.1:8080", "{same}");
        }
        assert_eq!(
            normalise_base("https://graph.facebook.com/"),
            normalise_base("https://Graph.Facebook.com:443")
        );
        assert_ne!(
            normalise_base("http://127.0.0.1:8080"),
            normalise_base("http://127.0.0.1:8081")
        );
        assert_eq!(normalise_base("sandbox"), "sandbox");
    }

    #[test]
    fn a_launch_key_ignores_formatting_and_how_an_image_path_is_written() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("images")).unwrap();
        std::fs::write(dir.path().join("images/a.jpg"), b"x").unwrap();
        let relative = r#"{"account_id": "act_1", "creative": {"asset_feed_spec": {"images": [{"file": "images/a.jpg"}]}}}"#;
        let absolute = format!(
            r#"{{
  "account_id":   "act_1",
  "creative": {{"asset_feed_spec": {{"images": [{{"file": "{}/./images/a.jpg"}}]}}}}
}}"#,
            dir.path().display()
        );
        let key = |text: &str, base: &str, at: &std::path::Path| {
            launch_key(base, &crate::spec::parse_spec(text).unwrap(), at)
        };
        let here = key(relative, "http://localhost:9/", dir.path());
        assert_eq!(
            here,
            key(&absolute, "http://127.0.0.1:9", std::path::Path::new("."))
        );
        assert_ne!(
            here,
            key(relative, "http://127.0.0.1:10", dir.path()),
            "another Graph"
        );
        let changed = relative.replace("act_1", "act_2");
        assert_ne!(
            here,
            key(&changed, "http://localhost:9/", dir.path()),
            "another spec"
        );
    }
}
