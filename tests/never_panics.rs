//! The parser and the validator take any JSON without panicking: arbitrary documents, and the
//! clean base spec with any one subtree replaced by an arbitrary value.

use crate::common;

use common::*;
use dcw::spec::{ImageFacts, ImageFormat, parse_spec, validate};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e12f64..1e12).prop_map(Value::from),
        ".{0,40}".prop_map(Value::String),
        prop::sample::select(vec![
            "OUTCOME_SALES",
            "OUTCOME_AWARENESS",
            "OUTCOME_APP_PROMOTION",
            "CONVERSIONS",
            "CAROUSEL",
            "SINGLE_VIDEO",
            "APP_INSTALLS",
            "LINK_CLICKS",
            "THRUPLAY",
            "COST_CAP",
            "100x100",
            "191x100",
            "2026-12-01T09:00:00+0000",
            "2026-12-01",
            "0",
            "1461974400",
            "act_1",
            "https://x.y/",
            "🙂🙂",
            "東京",
            "",
        ])
        .prop_map(|s| Value::String(s.to_string())),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(("[a-z_]{1,12}", inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Every path into a JSON value, as key/index steps.
fn paths(v: &Value, here: Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(here.clone());
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                let mut p = here.clone();
                p.push(Step::Key(k.clone()));
                paths(c, p, out);
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                let mut p = here.clone();
                p.push(Step::Index(i));
                paths(c, p, out);
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn replace(v: &mut Value, path: &[Step], new: Value) {
    let mut cur = v;
    for s in path {
        cur = match s {
            Step::Key(k) => &mut cur[k.as_str()],
            Step::Index(i) => &mut cur[*i],
        };
    }
    *cur = new;
}

fn base_with_audiences() -> Value {
    let text = std::fs::read_to_string(examples_dir().join("sales-winter-boots.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn image_facts() -> impl Strategy<Value = ImageFacts> {
    prop_oneof![
        Just(ImageFacts::Missing),
        ".{0,10}".prop_map(ImageFacts::Unreadable),
        (
            0u32..20_000,
            0u32..20_000,
            any::<u64>(),
            0u8..4,
            any::<bool>()
        )
            .prop_map(|(width, height, bytes, f, complete)| {
                let format = match f {
                    0 => ImageFormat::Jpeg,
                    1 => ImageFormat::Png,
                    2 => ImageFormat::Gif,
                    _ => ImageFormat::Other("WEBP".into()),
                };
                ImageFacts::Read {
                    format,
                    width,
                    height,
                    bytes,
                    complete,
                }
            }),
    ]
}

fn video_facts() -> impl Strategy<Value = dcw::spec::VideoFacts> {
    use dcw::spec::{VideoContainer, VideoFacts, VideoInfo};
    let codecs = ["avc1", "hvc1", "vp09", "apch", "encv", ""];
    prop_oneof![
        Just(VideoFacts::Missing),
        ".{0,10}".prop_map(VideoFacts::Unreadable),
        (
            (0u32..5_000, 0u32..5_000, 0u16..4),
            (any::<u64>(), any::<u64>()),
            (0usize..6, 0u8..3, any::<bool>()),
        )
            .prop_map(
                move |((width, height, turn), (duration_ms, bytes), (c, k, has_audio))| {
                    VideoFacts::Read(VideoInfo {
                        container: match k {
                            0 => VideoContainer::Mp4,
                            1 => VideoContainer::Mov,
                            _ => VideoContainer::Other("AVI".into()),
                        },
                        codec: codecs[c].into(),
                        width,
                        height,
                        rotation: turn * 90,
                        duration_ms,
                        bytes,
                        has_audio,
                    })
                }
            ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Videos of any shape, length, size and codec, with any local thumbnail and crop, on any
    /// of Instagram's positions: the video rules answer, never panic.
    #[test]
    fn any_video_and_thumbnail_never_panic_the_rules(
        video in video_facts(),
        thumb in image_facts(),
        crop in prop::array::uniform4(-10i64..5_000),
        positions in prop::sample::subsequence(vec!["stream", "story", "reels", "profile_reels", "explore_home"], 0..5),
    ) {
        let mut v = base_with_audiences();
        let feed = v.pointer_mut("/creative/asset_feed_spec").unwrap();
        feed["ad_formats"] = serde_json::json!(["AUTOMATIC_FORMAT"]);
        feed["videos"] = serde_json::json!([
            {"file": "run.mp4", "thumbnail": {"file": "thumb.jpg", "crop": [[crop[0], crop[1]], [crop[2], crop[3]]]}},
            {"file": "run.mp4"}
        ]);
        v["ad_set"]["targeting"]["publisher_platforms"] = serde_json::json!(["instagram"]);
        v["ad_set"]["targeting"]["instagram_positions"] = serde_json::json!(positions);
        let s = parse_spec(&v.to_string()).unwrap();
        let mut f = facts();
        f.videos.insert("run.mp4".into(), video);
        f.images.insert("thumb.jpg".into(), thumb);
        for finding in validate(&s, &f) {
            prop_assert!(!finding.message.is_empty());
        }
    }

    #[test]
    fn arbitrary_json_never_panics_the_parser_or_validator(v in json()) {
        if let Ok(s) = parse_spec(&v.to_string()) {
            let _ = validate(&s, &facts());
        }
    }

    #[test]
    fn any_subtree_of_a_real_spec_replaced_never_panics(
        pick in any::<prop::sample::Index>(),
        new in json(),
        img in image_facts(),
    ) {
        let mut v = base_with_audiences();
        let mut all = Vec::new();
        paths(&v, Vec::new(), &mut all);
        let path = pick.get(&all).clone();
        replace(&mut v, &path, new);
        if let Ok(s) = parse_spec(&v.to_string()) {
            let mut f = facts();
            f.images.insert("images/boots.jpg".into(), img);
            let findings = validate(&s, &f);
            for finding in &findings {
                prop_assert!(!finding.path.is_empty());
                prop_assert!(!finding.message.is_empty());
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics_the_parser(text in ".{0,200}") {
        let _ = parse_spec(&text);
    }
}
