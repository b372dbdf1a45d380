//! Shared helpers for the rule tests: a clean base spec, fixed facts, and finding lookups.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use dcw::spec::{Facts, Finding, LaunchSpec, Severity, parse_spec, validate};
use serde_json::Value;

pub fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples")
}

/// A fixed "now" before every example's schedule: 2026-11-25 12:00 UTC.
pub fn facts() -> Facts {
    Facts::at(Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap())
}

/// Facts with the image files of a spec read from `assets/examples/`.
pub fn facts_with_images(spec: &LaunchSpec) -> Facts {
    let mut f = facts();
    f.images = dcw::store::image_facts(spec, &examples_dir());
    f.videos = dcw::store::video_facts(spec, &examples_dir());
    f
}

/// The sales example as JSON, without audiences: a clean single-ad-set launch to mutate.
pub fn base_json() -> Value {
    let text = std::fs::read_to_string(examples_dir().join("sales-winter-boots.json")).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v.as_object_mut().unwrap().remove("audiences");
    v
}

pub fn spec(v: &Value) -> LaunchSpec {
    parse_spec(&v.to_string()).expect("test spec parses")
}

/// Findings for a JSON spec, with image files read from `assets/examples/`.
pub fn check(v: &Value) -> Vec<Finding> {
    let s = spec(v);
    validate(&s, &facts_with_images(&s))
}

/// The findings with this code.
pub fn with_code<'a>(findings: &'a [Finding], code: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.code == code).collect()
}

/// Asserts exactly one finding has `code`, at `path`, with `severity`; returns it.
#[track_caller]
pub fn expect_one(findings: &[Finding], code: &str, path: &str, severity: Severity) -> Finding {
    let hits = with_code(findings, code);
    assert_eq!(hits.len(), 1, "expected one `{code}`, got {findings:#?}");
    assert_eq!(hits[0].path, path, "path of `{code}`");
    assert_eq!(hits[0].severity, severity, "severity of `{code}`");
    hits[0].clone()
}

/// Asserts no finding has `code`.
#[track_caller]
pub fn expect_none(findings: &[Finding], code: &str) {
    let hits = with_code(findings, code);
    assert!(hits.is_empty(), "expected no `{code}`, got {hits:#?}");
}

/// Asserts the spec has no finding at all.
#[track_caller]
pub fn expect_clean(findings: &[Finding]) {
    assert!(
        findings.is_empty(),
        "expected a clean spec, got {findings:#?}"
    );
}

/// Sets a value at a dotted path (`ad_set.targeting.age_min`), creating objects on the way.
pub fn set(v: &mut Value, path: &str, value: Value) {
    let mut cur = v;
    let parts: Vec<&str> = path.split('.').collect();
    for p in &parts[..parts.len() - 1] {
        cur = cur
            .as_object_mut()
            .unwrap()
            .entry(p.to_string())
            .or_insert_with(|| Value::Object(Default::default()));
    }
    cur.as_object_mut()
        .unwrap()
        .insert(parts[parts.len() - 1].to_string(), value);
}

/// Removes the key at a dotted path.
pub fn remove(v: &mut Value, path: &str) {
    let mut cur = v;
    let parts: Vec<&str> = path.split('.').collect();
    for p in &parts[..parts.len() - 1] {
        cur = cur.get_mut(*p).unwrap();
    }
    cur.as_object_mut().unwrap().remove(parts[parts.len() - 1]);
}
pub mod chromium;
pub mod cli;
pub mod launching;
pub mod looping;
pub mod mp4;
pub mod pace;
pub mod previews;
pub mod rules;
pub mod sandbox;
pub mod tmux;
pub mod watching;
pub mod wizard;

/// PNG's CRC-32 (ISO 3309), over a chunk's type and data.
pub fn png_crc(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
