//! Submitting again after Meta refused part of a launch: the new launch keeps what the refused
//! one created and what the fix did not touch (same request, same name), so a fixed creative
//! does not bring a second campaign. Anything whose request changed is created anew, and the
//! old object is named in a warning (it stays PAUSED and empty).

use super::journal::{LaunchJournal, LaunchStep, StepState};
use super::requests;
use crate::spec::LaunchSpec;

/// The request body of one step, with the ids of earlier steps left out (they are the
/// launch's own), to compare a step across two versions of a spec.
fn request(spec: &LaunchSpec, key: &LaunchStep, name: &str) -> Option<serde_json::Value> {
    let params = match key {
        LaunchStep::Campaign => requests::campaign_params(spec, name),
        LaunchStep::AdSet(i) => requests::ad_set_params(requests::ad_sets(spec).get(*i)?, "", name),
        LaunchStep::Creative => requests::creative_params(spec, name, &Default::default()),
        LaunchStep::Ad(_) => requests::ad_params(spec, name, "", ""),
        LaunchStep::Image(_)
        | LaunchStep::Video(_)
        | LaunchStep::Thumbnail(_)
        | LaunchStep::Other(_) => return None,
    };
    Some(serde_json::Value::Object(params))
}

/// A new launch of `new_spec` that adopts the steps `old` created for `old_spec` whose
/// request is unchanged. Ads are adopted only with their ad set and the creative.
pub fn carry_over(
    old: &LaunchJournal,
    old_spec: &LaunchSpec,
    new_spec: &LaunchSpec,
    mut fresh: LaunchJournal,
) -> LaunchJournal {
    fresh.tag = old.tag.clone();
    fresh.steps = requests::plan(new_spec, &old.tag);
    let mut adopted: Vec<LaunchStep> = Vec::new();
    for step in fresh.steps.iter_mut() {
        let Some(prev) = old.step(&step.key) else {
            continue;
        };
        let StepState::Created { id } = &prev.state else {
            continue;
        };
        if matches!(step.key, LaunchStep::Video(_) | LaunchStep::Thumbnail(_)) {
            // A video made from the same file is carried over, never uploaded again, with the
            // file's stamp, which the launch checks against the file before using it (a
            // thumbnail's id is its hash, checked against the bytes likewise).
            step.stamp = prev.stamp.clone();
            step.state = StepState::Created { id: id.clone() };
            continue;
        }
        if matches!(step.key, LaunchStep::Image(_)) || prev.name != step.name {
            continue;
        }
        if let LaunchStep::Ad(i) = step.key
            && (!adopted.contains(&LaunchStep::AdSet(i))
                || !adopted.contains(&LaunchStep::Creative))
        {
            continue;
        }
        let same = request(old_spec, &step.key, &prev.name)
            .zip(request(new_spec, &step.key, &step.name))
            .is_some_and(|(a, b)| a == b);
        if same {
            step.state = StepState::Created { id: id.clone() };
            adopted.push(step.key.clone());
        }
    }
    for prev in &old.steps {
        if let StepState::Created { id } = &prev.state
            && !matches!(
                prev.key,
                LaunchStep::Image(_) | LaunchStep::Video(_) | LaunchStep::Thumbnail(_)
            )
            && !adopted.contains(&prev.key)
        {
            fresh.warnings.push(format!(
                "{} ({id}) from the refused launch {} was changed by the fix and is left as it was (PAUSED); delete it in Ads Manager if you do not need it",
                prev.name, old.id
            ));
        }
    }
    fresh
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::launch::journal::LaunchState;

    fn spec(body: &str) -> LaunchSpec {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/examples/sales-winter-boots.json"
        ))
        .unwrap();
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        v["creative"]["asset_feed_spec"]["bodies"][0]["text"] = body.into();
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn a_fixed_creative_keeps_the_campaign_and_ad_sets_but_not_what_changed() {
        let old_spec = spec("Try our craft beer");
        let new_spec = spec("Try our warm boots");
        let mut old = LaunchJournal::start(&old_spec, "a", "a.json", "1", "x", true);
        old.state = LaunchState::Failed;
        for s in old.steps.iter_mut() {
            if matches!(
                s.key,
                LaunchStep::Campaign | LaunchStep::AdSet(_) | LaunchStep::Creative
            ) {
                s.state = StepState::Created {
                    id: format!("id-{}", s.key),
                };
            }
        }
        let fresh = LaunchJournal::start(&new_spec, "b", "a.json", "1", "x", true);
        let j = carry_over(&old, &old_spec, &new_spec, fresh);
        assert_eq!(j.tag, old.tag, "the same tag, so names match what exists");
        assert_eq!(j.created("campaign").as_deref(), Some("id-campaign"));
        assert_eq!(j.created("adset:0").as_deref(), Some("id-adset:0"));
        assert_eq!(j.created("adset:1").as_deref(), Some("id-adset:1"));
        assert_eq!(
            j.created("creative"),
            None,
            "the body changed: a new creative"
        );
        assert_eq!(j.created("ad:0"), None);
        assert!(
            j.warnings.iter().any(|w| w.contains("id-creative")),
            "{:?}",
            j.warnings
        );
    }

    #[test]
    fn a_fixed_spec_carries_an_uploaded_video_over_with_its_file_stamp() {
        let with_video = |body: &str| {
            let mut v = serde_json::to_value(spec(body)).unwrap();
            v["creative"]["asset_feed_spec"]["videos"] =
                serde_json::json!([{"file": "videos/run.mp4"}]);
            serde_json::from_value::<LaunchSpec>(v).unwrap()
        };
        let (old_spec, new_spec) = (with_video("Try our craft beer"), with_video("Warm boots"));
        let mut old = LaunchJournal::start(&old_spec, "a", "a.json", "1", "x", true);
        let video = old.step_mut("video:videos/run.mp4").unwrap();
        video.stamp = Some("100 bytes, fingerprint 0123".into());
        video.state = StepState::Created { id: "v1".into() };
        let fresh = LaunchJournal::start(&new_spec, "b", "a.json", "1", "x", true);
        let j = carry_over(&old, &old_spec, &new_spec, fresh);
        assert_eq!(j.created("video:videos/run.mp4").as_deref(), Some("v1"));
        let step = j.step("video:videos/run.mp4").unwrap();
        assert_eq!(
            step.stamp.as_deref(),
            Some("100 bytes, fingerprint 0123"),
            "checked against the file"
        );
        assert_eq!(
            step.name, "videos/run.mp4",
            "the file, as the plan names it"
        );
        assert!(
            j.warnings.iter().all(|w| !w.contains("v1")),
            "not left behind: {:?}",
            j.warnings
        );
    }
}
