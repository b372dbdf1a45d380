//! The Graph version dcw calls, and what dcw says when Graph refuses it.

use super::error::GraphErrorBody;

/// The Graph version dcw calls unless `--api-version`, DCW_API_VERSION or the config file's
/// `api_version` say otherwise: v27.0, released 2026-11-04 (Graph serves v25.0 to v27.0 since
/// v24.0 expired on 2026-11-10).
pub const DEFAULT_API_VERSION: &str = "v27.0";

/// Graph's 2635 (a call on an expired Ads API version: "(#2635) You are calling a deprecated
/// version of the Ads API. Please update to the latest version.") in dcw's words, naming the
/// version `sent` and the setting that picks it. Meta's answer carries no text for users; its
/// own text stays in `message`. Any other error is returned as it is.
pub(super) fn explain_expired(mut e: GraphErrorBody, sent: &str) -> GraphErrorBody {
    if e.code == 2635 {
        e.error_user_title = Some(format!("Graph refused {sent} as expired"));
        e.error_user_msg = Some(format!(
            "set api_version to {DEFAULT_API_VERSION} (config file, --api-version or DCW_API_VERSION)"
        ));
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_expired_version_names_the_version_sent_and_the_setting() {
        let e = GraphErrorBody {
            message: "(#2635) You are calling a deprecated version of the Ads API.".into(),
            code: 2635,
            ..Default::default()
        };
        let e = explain_expired(e, "v24.0");
        assert_eq!(
            e.error_user_title.as_deref(),
            Some("Graph refused v24.0 as expired")
        );
        assert_eq!(
            e.error_user_msg.as_deref(),
            Some("set api_version to v27.0 (config file, --api-version or DCW_API_VERSION)")
        );
        assert!(e.message.starts_with("(#2635)"), "Meta's text is kept");
        let other = GraphErrorBody {
            code: 100,
            ..Default::default()
        };
        assert_eq!(explain_expired(other.clone(), "v24.0"), other);
    }
}
