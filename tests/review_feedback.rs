//! The review-feedback reader never panics and never loses the text it was given, whatever
//! Graph (or the Dynamic Creative guide's sample) puts in `review_feedback`.

use dcw::graph::{FeedbackState, ad_review_feedback, review_feedback};
use proptest::prelude::*;
use serde_json::{Value, json};

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        ".{0,30}".prop_map(Value::String),
        Just(json!("[]")),
        Just(json!(
            r#"{ {"id":1,"text":"Body 1","reason":["ALCOHOL"]}, }"#
        )),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_reads_and_keeps_its_raw_text(text in "\\PC{0,80}") {
        let fb = review_feedback(Some(&Value::String(text.clone())));
        prop_assert_eq!(&fb.raw, &text);
        let _ = ad_review_feedback(Some(&Value::String(text)));
    }

    #[test]
    fn text_made_of_json_pieces_never_panics(pieces in prop::collection::vec(
        prop::sample::select(vec!["{", "}", "[", "]", ",", "\"", "\\", ":", "\"id\"", "\"reason\"", "1", "\"x\"", " "]), 0..40)) {
        let text: String = pieces.concat();
        let fb = review_feedback(Some(&Value::String(text.clone())));
        prop_assert_eq!(fb.raw, text);
    }

    #[test]
    fn any_json_value_reads(v in value()) {
        let fb = review_feedback(Some(&v));
        if !v.is_null() && !matches!(fb.state, FeedbackState::Absent | FeedbackState::Passed) {
            prop_assert!(!fb.raw.is_empty());
        }
        let _ = ad_review_feedback(Some(&v));
    }
}
