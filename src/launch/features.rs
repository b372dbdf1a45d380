//! The creative's Advantage+ creative features as Meta reads them back, against what the spec
//! asked for and what the account's house policy forbids.

use serde_json::Value;

use crate::spec::creative_feature;

/// `key (words)`, or the key alone for one Meta does not document.
fn named(key: &str) -> String {
    match creative_feature(key) {
        Some(f) => format!("{key} ({})", f.words),
        None => key.to_string(),
    }
}

fn features(dof: Option<&Value>) -> Option<&serde_json::Map<String, Value>> {
    dof?.get("creative_features_spec")?.as_object()
}

fn status<'a>(features: Option<&'a serde_json::Map<String, Value>>, key: &str) -> Option<&'a str> {
    features?.get(key)?.get("enroll_status")?.as_str()
}

/// Warnings for each feature Meta reads back as `OPT_IN` that the policy forbids or the spec
/// opted out of (one each, naming it), and one listing those the spec said nothing of.
/// `sent` and `read` are the creative's `degrees_of_freedom_spec` as sent and as read back.
pub fn unasked_features(
    sent: Option<&Value>,
    read: Option<&Value>,
    never: &[String],
) -> Vec<String> {
    let sent = features(sent);
    let mut warnings = Vec::new();
    let mut silent = Vec::new();
    for (key, setting) in features(read).into_iter().flatten() {
        if setting.get("enroll_status").and_then(Value::as_str) != Some("OPT_IN") {
            continue;
        }
        if never.iter().any(|k| k == key) {
            warnings.push(format!(
                "Meta has Advantage+ creative feature {} on, which this ad account's policy in the config file forbids; turn it off in Ads Manager",
                named(key)
            ));
        } else {
            match status(sent, key) {
                Some("OPT_IN") => {}
                Some(_) => warnings.push(format!(
                    "Meta has Advantage+ creative feature {} on though the spec opted out of it; turn it off in Ads Manager",
                    named(key)
                )),
                None => silent.push(named(key)),
            }
        }
    }
    if !silent.is_empty() {
        warnings.push(format!(
            "Meta has Advantage+ creative features on that the spec did not ask for: {}; write them as OPT_OUT in creative.degrees_of_freedom_spec.creative_features_spec to launch without them",
            silent.join(", ")
        ));
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn dof(features: Value) -> Value {
        json!({ "creative_features_spec": features })
    }

    #[test]
    fn features_on_that_were_not_asked_for_are_named_once_each() {
        let sent = dof(json!({
            "text_translation": {"enroll_status": "OPT_OUT"},
            "image_uncrop": {"enroll_status": "OPT_IN"}
        }));
        let read = dof(json!({
            "text_translation": {"enroll_status": "OPT_IN"},
            "image_uncrop": {"enroll_status": "OPT_IN"},
            "adapt_to_placement": {"enroll_status": "OPT_IN"},
            "inline_comment": {"enroll_status": "OPT_IN"},
            "standard_enhancements": {"enroll_status": "OPT_OUT"}
        }));
        let w = unasked_features(Some(&sent), Some(&read), &["inline_comment".into()]);
        assert_eq!(w.len(), 3, "{w:#?}");
        assert!(
            w[0].contains(
                "text_translation (Meta may translate your text) on though the spec opted out"
            ),
            "{}",
            w[0]
        );
        assert!(
            w[1].contains("inline_comment") && w[1].contains("policy"),
            "{}",
            w[1]
        );
        assert!(
            w[2].contains("did not ask for: adapt_to_placement ("),
            "{}",
            w[2]
        );
        assert!(
            !w.iter()
                .any(|x| x.contains("image_uncrop") || x.contains("standard_enhancements"))
        );
    }

    #[test]
    fn a_read_back_without_features_or_all_asked_for_warns_of_nothing() {
        assert!(unasked_features(None, None, &["text_translation".into()]).is_empty());
        let both = dof(json!({"text_translation": {"enroll_status": "OPT_IN"}}));
        assert!(unasked_features(Some(&both), Some(&both), &[]).is_empty());
    }
}
