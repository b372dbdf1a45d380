//! Meta's previews answers read by `dcw::graph::parse_preview`: the iframe's src, entities
//! decoded; an answer without `data`, without a body or without an iframe refused with a
//! message saying which; a hostile src refused.

use dcw::graph::{decode_entities, iframe_src, parse_preview};
use rstest::rstest;
use serde_json::json;

#[rstest]
#[case::meta_writes_amp(
    r#"<iframe src="https://www.facebook.com/ads/api/preview_iframe.php?d=AQ1&amp;t=AQ2" width="540" height="690" scrolling="yes" style="border: none;"></iframe>"#,
    "https://www.facebook.com/ads/api/preview_iframe.php?d=AQ1&t=AQ2"
)]
#[case::single_quotes_and_upper_case(
    "<IFRAME width='1' SRC='https://x.test/p?a=1&#38;b=2&#x26;c=3'></IFRAME>",
    "https://x.test/p?a=1&b=2&c=3"
)]
#[case::data_src_is_not_src(
    r#"<iframe data-src="https://evil.test/" src="https://x.test/ok"></iframe>"#,
    "https://x.test/ok"
)]
#[case::unquoted(
    "<iframe src=https://x.test/u?a=1&amp;b=2 width=3></iframe>",
    "https://x.test/u?a=1&b=2"
)]
fn the_link_is_the_iframes_src_decoded(#[case] body: &str, #[case] link: &str) {
    let answer = json!({"data": [{"body": body}]});
    let p = parse_preview(&answer).unwrap();
    assert_eq!(p.link, link);
    assert_eq!(p.fields["body"], body, "Graph's fields kept as written");
}

#[rstest]
#[case::no_data(json!({"paging": {}}), "no `data`")]
#[case::empty_data(json!({"data": []}), "empty `data`")]
#[case::no_body(json!({"data": [{"id": "1"}]}), "no `body`")]
#[case::no_iframe(json!({"data": [{"body": "<div>preview</div>"}]}), "no <iframe>")]
#[case::no_src(json!({"data": [{"body": "<iframe width=\"1\"></iframe>"}]}), "has no src")]
#[case::javascript_src(json!({"data": [{"body": "<iframe src=\"javascript:alert(1)\"></iframe>"}]}), "not an http(s) link")]
#[case::entity_hidden_scheme(json!({"data": [{"body": "<iframe src=\"&#106;avascript:x\"></iframe>"}]}), "not an http(s) link")]
#[case::escape_in_src(json!({"data": [{"body": "<iframe src=\"https://x.test/&#27;]52;c;x\"></iframe>"}]}), "control characters")]
#[case::too_long(json!({"data": [{"body": format!("<iframe src=\"https://x.test/{}\"></iframe>", "a".repeat(9000))}]}), "longer than")]
fn an_answer_without_a_usable_iframe_is_refused_saying_why(
    #[case] answer: serde_json::Value,
    #[case] says: &str,
) {
    let e = parse_preview(&answer).unwrap_err();
    assert!(e.contains(says), "{e}");
    assert!(
        e.contains("preview"),
        "the message says what it is about: {e}"
    );
}

#[rstest]
#[case("a &amp; b", "a & b")]
#[case("&lt;b&gt; &quot;q&quot; &apos;", "<b> \"q\" '")]
#[case("&#65;&#x42;", "AB")]
#[case("&unknown; & &amp", "&unknown; & &amp")]
#[case("&#xFFFFFFFF;", "&#xFFFFFFFF;")]
fn entities_decode_once(#[case] text: &str, #[case] decoded: &str) {
    assert_eq!(decode_entities(text), decoded);
}

#[test]
fn iframe_src_reads_only_the_first_iframe() {
    let html = r#"<p>x</p><iframe src="https://a.test/1"></iframe><iframe src="https://b.test/2"></iframe>"#;
    assert_eq!(iframe_src(html).unwrap(), "https://a.test/1");
}
