//! A launch with the whole of issue 16's targeting (regions, a city with a radius, postcodes,
//! genders, locales, interests in two `flexible_spec` groups, an exclusion, a custom audience
//! and manual positions) goes through `dcw::launch` on the in-process sandbox, and the ad set
//! read back has the same targeting; an overlapping include and exclude is refused by the
//! sandbox with its code, and the launch names the spec path. The keys are the sandbox
//! catalogue's, from the example `sales-targeted-runners.json` (which `dcw validate` passes clean:
//! `examples::every_example_spec_validates_clean`).

use crate::common;

use common::launching::*;
use common::sandbox::*;
use dcw::launch::{LaunchError, LaunchStep, Stage};
use serde_json::{Value, json};

/// The targeting of the example `sales-targeted-runners.json`: keys of the sandbox's catalogue,
/// found by its search as a buyer would (California, Chicago with a radius, a postcode, Fresno
/// excluded, Running and Yoga AND Frequent Travelers, Golf excluded, a website audience).
fn full_targeting() -> Value {
    let path = common::wizard::examples_dir().join("sales-targeted-runners.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["ad_set"]["targeting"].clone()
}

fn spec_with(targeting: Value) -> dcw::spec::LaunchSpec {
    let mut v = common::base_json();
    v["ad_set"]["targeting"] = targeting;
    common::spec(&v)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_launch_with_full_targeting_reads_back_the_same_targeting() {
    let sb = start(test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let sent = full_targeting();
    let spec = spec_with(sent.clone());
    let (r, _) = run_once(&sb.base, dir.path(), "full", &spec, None).await;
    let j = r.expect("the launch goes through");
    let adset = j.created("adset:0").expect("the ad set was created");
    let back = sb.get(&adset, &[("fields", "targeting")]).await;
    assert_eq!(back.status, 200, "{}", back.body);
    let got = &back.body["targeting"];
    // Every key and value the spec sent, and nothing else.
    for (key, value) in sent.as_object().unwrap() {
        assert_eq!(&got[key], value, "targeting.{key}");
    }
    assert_eq!(got, &sent);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_overlapping_include_and_exclude_is_refused_by_the_sandbox_and_named_by_path() {
    let sb = start(test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let mut t = full_targeting();
    t["excluded_geo_locations"]["regions"] = json!([{"key": "3004"}]);
    let spec = spec_with(t);
    let (r, _) = run_once(&sb.base, dir.path(), "overlap", &spec, None).await;
    match r {
        Err(LaunchError::Rejected {
            step,
            error,
            fields,
        }) => {
            assert_eq!(step, Stage::Write(LaunchStep::AdSet(0)));
            assert_eq!(
                fields,
                ["ad_set.targeting.excluded_geo_locations.regions"],
                "Meta's blame mapped to the spec"
            );
            let g = error.graph().expect("Graph's error");
            assert_eq!((g.code, g.error_subcode), (100, None));
            assert!(error.to_string().contains("3004"), "{error}");
        }
        other => panic!("expected the ad set's create to be refused, got {other:?}"),
    }
    let (_, adsets, ads, c) = launched(&sb.base).await;
    assert_eq!((adsets, ads), (Some(0), Some(0)), "{c}");
}
