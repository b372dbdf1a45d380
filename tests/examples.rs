//! Every example spec validates with no finding at all.

use crate::common;

use common::*;

#[test]
fn every_example_spec_validates_clean() {
    let mut seen = 0;
    for entry in std::fs::read_dir(examples_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).unwrap();
            let s = dcw::spec::parse_spec(&text).unwrap();
            let findings = dcw::spec::validate(&s, &facts_with_images(&s));
            assert!(findings.is_empty(), "{}: {findings:#?}", path.display());
            seen += 1;
        }
    }
    assert!(seen >= 3, "expected three example specs, found {seen}");
}

#[test]
fn base_spec_without_audiences_is_clean() {
    expect_clean(&check(&base_json()));
}
