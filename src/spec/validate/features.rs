//! Advantage+ creative enhancements (`creative.degrees_of_freedom_spec.creative_features_spec`):
//! retired keys, keys Meta does not document, enroll statuses, and the account's house policy
//! (`Facts::never_features`).

use super::super::enums::EnrollStatus;
use super::super::features::{FeatureDefault, creative_feature, retired_feature};
use super::super::lenient::GraphEnum;
use super::super::model::Creative;
use super::{Facts, Report, at};

const FEATURES: &str = "creative.degrees_of_freedom_spec.creative_features_spec";

pub(super) fn check(creative: &Creative, facts: &Facts, r: &mut Report) {
    let spec = creative
        .degrees_of_freedom_spec
        .as_ref()
        .and_then(|d| d.creative_features_spec.as_ref());
    for (key, setting) in spec.map(|s| s.0.as_slice()).unwrap_or(&[]) {
        let path = at(FEATURES, key);
        if let Some(subcode) = retired_feature(key) {
            r.error(
                path,
                "creative.standard_enhancements",
                format!("The standard enhancements bundle was retired in v22.0: Meta refuses it (subcode {subcode})."),
            )
            .file_hint("Set each feature instead, e.g. \"text_optimizations\": {\"enroll_status\": \"OPT_OUT\"}.");
            continue;
        }
        if creative_feature(key).is_none() {
            r.warn(
                path.clone(),
                "creative.feature_unknown",
                format!("Advantage+ creative feature \"{key}\" is not one Meta documents; Meta may refuse the creative or ignore it."),
            )
            .file_hint("Check the key's spelling against Meta's Advantage+ creative features.");
        }
        let status = setting.enroll_status.as_ref();
        if status.and_then(|s| s.known()).is_none() {
            let written = status.map_or("nothing".to_string(), |s| format!("\"{s}\""));
            let allowed: Vec<&str> = EnrollStatus::ALL.iter().map(|s| s.as_str()).collect();
            r.error(
                at(&path, "enroll_status"),
                "creative.feature_enroll_status",
                format!(
                    "Advantage+ creative feature \"{key}\" says {written} for its enroll status; Meta takes {} (a missing one is refused, 3858082).",
                    allowed.join(" or ")
                ),
            )
            .file_hint(format!("Write \"{key}\": {{\"enroll_status\": \"OPT_OUT\"}} (or OPT_IN)."));
        }
    }
    check_policy(spec, facts, r);
}

/// The house policy: a feature the account's config forbids must be opted out of, in words. A
/// spec silent on it is refused too when Meta turns it on by default or documents no default
/// (defaults drift), since Meta would then decide [dcw's own].
fn check_policy(
    spec: Option<&super::super::features::CreativeFeaturesSpec>,
    facts: &Facts,
    r: &mut Report,
) {
    for key in &facts.never_features {
        let path = at(FEATURES, key);
        let words = creative_feature(key).map_or(String::new(), |f| format!(" ({})", f.words));
        match spec.and_then(|s| s.get(key)) {
            Some(s)
                if s.enroll_status
                    .as_ref()
                    .is_some_and(|e| e.is(EnrollStatus::OptIn)) =>
            {
                r.error(
                    path,
                    "creative.feature_forbidden",
                    format!("Advantage+ creative feature \"{key}\" is opted in, and this ad account's policy in the config file forbids it{words}."),
                )
                .file_hint(format!("Write \"{key}\": {{\"enroll_status\": \"OPT_OUT\"}}."));
            }
            Some(_) => {}
            None => {
                let why = match creative_feature(key).map(|f| f.default) {
                    Some(FeatureDefault::OptIn) => "Meta turns it on when the spec says nothing",
                    _ => "Meta documents no default for it, so it may turn it on",
                };
                r.error(
                    path,
                    "creative.feature_forbidden_default",
                    format!("Advantage+ creative feature \"{key}\" is forbidden by this ad account's policy in the config file, and the spec does not opt out of it: {why}{words}."),
                )
                .file_hint(format!(
                    "Add \"{key}\": {{\"enroll_status\": \"OPT_OUT\"}} to creative.degrees_of_freedom_spec.creative_features_spec."
                ));
            }
        }
    }
}
