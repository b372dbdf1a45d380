//! The sandbox's Advantage+ creative features (`degrees_of_freedom_spec.creative_features_spec`),
//! from Meta's references, not from dcw's rules: the retired bundle is refused (3858504), an
//! enroll status is OPT_IN or OPT_OUT, and a read-back shows Meta's documented defaults where
//! the creative said nothing.

use serde_json::{Map, Value, json};

use super::error::GraphError;

/// Features the Ad Creative Features Spec reference marks "Default is opt-in".
const DEFAULT_OPT_IN: &[&str] = &["adapt_to_placement", "description_automation"];

fn features(fields: &Map<String, Value>) -> Option<&Map<String, Value>> {
    fields
        .get("degrees_of_freedom_spec")?
        .get("creative_features_spec")?
        .as_object()
}

/// The features of a creative as sent: the v22.0-retired bundle refused as Graph does
/// (subcode 3858504), a feature without an enroll status refused (3858082, "enroll_status
/// missing"), one with another value refused as an invalid parameter [sandbox's own words].
/// Unknown feature keys are kept [sandbox's own: Meta's answer to them is not documented].
pub(super) fn check(fields: &Map<String, Value>) -> Result<(), GraphError> {
    let Some(features) = features(fields) else {
        return Ok(());
    };
    // The `standard_enhancements` bundle was replaced by individual features in v22.0; Graph
    // refuses it on create (3858504) though its read-back still shows it.
    if features.contains_key("standard_enhancements") {
        return Err(GraphError::invalid(
            "The creative should not include standard enhancements. Please set individual features instead.",
        )
        .subcode(3858504)
        .blame(&["degrees_of_freedom_spec"]));
    }
    for (key, setting) in features {
        match setting.get("enroll_status").and_then(Value::as_str) {
            Some("OPT_IN" | "OPT_OUT") => {}
            None => {
                return Err(GraphError::invalid(format!(
                    "Param degrees_of_freedom_spec[creative_features_spec][{key}] needs an enroll_status"
                ))
                .subcode(3858082)
                .blame(&["degrees_of_freedom_spec"]));
            }
            Some(other) => {
                return Err(GraphError::invalid(format!(
                    "Param degrees_of_freedom_spec[creative_features_spec][{key}][enroll_status] must be one of {{OPT_IN, OPT_OUT}}, not {other}"
                ))
                .blame(&["degrees_of_freedom_spec"]));
            }
        }
    }
    Ok(())
}

/// The features as Graph reads them back: each default-on feature the creative said nothing
/// of shows OPT_IN, and the retired bundle shows OPT_OUT (Graph still lists it on read). A
/// creative sent without features reads back without them [sandbox's own: Meta does not
/// document that read-back].
pub(super) fn as_read(fields: &mut Map<String, Value>) {
    if let Some(Value::Object(features)) = fields
        .get_mut("degrees_of_freedom_spec")
        .and_then(|d| d.get_mut("creative_features_spec"))
    {
        for key in DEFAULT_OPT_IN {
            features
                .entry(*key)
                .or_insert(json!({"enroll_status": "OPT_IN"}));
        }
        features
            .entry("standard_enhancements")
            .or_insert(json!({"enroll_status": "OPT_OUT"}));
    }
}
