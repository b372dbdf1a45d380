//! Assets' section on Meta's Advantage+ creative enhancements
//! (`creative.degrees_of_freedom_spec.creative_features_spec`): each feature Meta documents, in
//! the buyer's words, with what the spec says of it or, when it says nothing, the default Meta
//! applies, and the account's house policy (`never_features`) marked beside a feature it forbids.
//! Space or Enter moves a feature from "Meta decides" (its key left out) to opt in, to opt out;
//! one key opts out of every one, only when the buyer presses it (the wizard never chooses for
//! them). Keys the draft holds that Meta does not document or has retired are listed as written,
//! never dropped. Review words the same state in one line ([`summary`]).

use serde_json::{Map, Value, json};

use crate::spec::{CREATIVE_FEATURES, FeatureDefault, creative_feature, retired_feature};
use crate::tui::form::{self, Field, FieldKind, Opt};
use crate::tui::model::Model;
use crate::tui::msg::Effect;

/// Where the features live in the draft.
pub const FEATURES: &str = "creative.degrees_of_freedom_spec.creative_features_spec";
const DOF: &str = "creative.degrees_of_freedom_spec";

const OPT_IN: &str = "OPT_IN";
const OPT_OUT: &str = "OPT_OUT";

/// Music is not a `creative_features_spec` key: Meta takes it as `asset_feed_spec.audios`,
/// `[{"type": "random"}]` to let Meta pick music and `[]` for none (DOC-A+C); left out, Meta
/// documents no default.
pub const MUSIC: &str = "creative.asset_feed_spec.audios";
const MUSIC_ON: &str = "random";
const MUSIC_OFF: &str = "none";
const MUSIC_WORDS: &str = "Meta may add music";

/// What the draft says of music: `None` when `audios` is absent, else `random` (Meta picks),
/// `none` (`[]`), or the JSON as written.
fn music_of(draft: &Value) -> Option<String> {
    let audios = form::get(draft, MUSIC)?;
    Some(match audios.as_array() {
        Some(a) if a.is_empty() => MUSIC_OFF.into(),
        Some(a) if a == &[json!({"type": "random"})] => MUSIC_ON.into(),
        _ => crate::spec::text::sanitize(&audios.to_string()).into_owned(),
    })
}

/// The music line: Meta decides, Meta picks music, or none.
fn music_field(draft: &Value) -> Field {
    let said = match music_of(draft).as_deref() {
        Some(MUSIC_ON) => "The spec lets Meta pick music (audios: type random).",
        Some(MUSIC_OFF) => "The spec says no music (audios: []).",
        Some(_) => "The spec's audios are written another way: kept as written until changed.",
        None => "The spec says nothing of it: Meta documents no default, so it may add music.",
    };
    Field::new(
        MUSIC,
        "music (audios)",
        FieldKind::Cycle {
            options: vec![
                Opt::new("", "Meta decides: ?", MUSIC_WORDS),
                Opt::new(MUSIC_ON, "Opt in", MUSIC_WORDS),
                Opt::new(MUSIC_OFF, "Opt out", MUSIC_WORDS),
            ],
        },
    )
    .help(format!("{MUSIC_WORDS}. {said} {KEYS_HELP}"))
}

/// The feature key of a feature field (its id is the feature's path in the draft).
pub fn feature_key(id: &str) -> Option<&str> {
    id.strip_prefix(FEATURES)?
        .strip_prefix('.')
        .filter(|k| !k.is_empty())
}

/// The draft's `creative_features_spec`, key by key in the order written.
fn written(draft: &Value) -> Map<String, Value> {
    form::get(draft, FEATURES)
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// The enroll status written for `key`: `None` when the key is absent; the text as written when
/// it is there (`no enroll status` when it has none, which Meta refuses: never "Meta decides").
fn status_of(specs: &Map<String, Value>, key: &str) -> Option<String> {
    let setting = specs.get(key)?;
    Some(
        setting
            .get("enroll_status")
            .map(|s| form::as_text(Some(s)))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "no enroll status".into()),
    )
}

/// The features the account's house policy forbids (the config file's `never_features`).
pub fn never(app: &Model) -> Vec<String> {
    app.account_digits()
        .and_then(|d| app.ctx.never_features.get(&d).cloned())
        .unwrap_or_default()
}

/// What Meta does with a feature the spec says nothing of, in words.
fn default_words(default: FeatureDefault) -> (&'static str, &'static str) {
    match default {
        FeatureDefault::OptIn => (
            "Meta decides: on",
            "The spec says nothing of it: Meta turns it on (its documented default).",
        ),
        FeatureDefault::Undocumented => (
            "Meta decides: ?",
            "The spec says nothing of it: Meta documents no default, so it may turn it on.",
        ),
    }
}

/// The three states of a feature, each with the words shown beside it.
fn options(first: &str, note: &str) -> Vec<Opt> {
    vec![
        Opt::new("", first, note),
        Opt::new(OPT_IN, "Opt in", note),
        Opt::new(OPT_OUT, "Opt out", note),
    ]
}

const KEYS_HELP: &str = "Space or Enter: Meta decides → opt in → opt out. The hint bar's «opt out of all» opts out of every one.";

/// The section's fields: the state in one line, each documented feature, then the keys kept as
/// written.
pub fn fields(app: &Model, out: &mut Vec<Field>) {
    let specs = written(&app.draft);
    let never = never(app);
    out.push(
        Field::new("#features", "Now", FieldKind::Info)
            .help(summary(&app.draft, &never))
            .section("Meta's enhancements (Advantage+ creative)"),
    );
    for f in CREATIVE_FEATURES {
        let forbidden = never.iter().any(|k| k == f.key);
        let (first, default) = default_words(f.default);
        // The help says what the spec says now; Meta's default only while it is silent.
        let said = match status_of(&specs, f.key).as_deref() {
            Some(OPT_IN) => "The spec opts in: Meta may do it.",
            Some(OPT_OUT) => "The spec opts out: Meta must not.",
            Some(_) => "The spec's enroll status is not one Graph takes (OPT_IN or OPT_OUT).",
            None => default,
        };
        let note = if forbidden {
            format!("✗ policy: never · {}", f.words)
        } else {
            f.words.to_string()
        };
        let policy = if forbidden && status_of(&specs, f.key).as_deref() == Some(OPT_OUT) {
            " This ad account's policy in the config file forbids it."
        } else if forbidden {
            " This ad account's policy in the config file forbids it: opt out."
        } else {
            ""
        };
        out.push(
            Field::new(
                format!("{FEATURES}.{}", f.key),
                f.key,
                FieldKind::Cycle {
                    options: options(first, &note),
                },
            )
            .help(format!("{}. {said}{policy} {KEYS_HELP}", f.words)),
        );
    }
    out.push(music_field(&app.draft));
    for key in specs.keys().filter(|k| creative_feature(k).is_none()) {
        let why = match retired_feature(key) {
            Some(code) => format!("retired: Meta refuses it ({code})"),
            None => "not one Meta documents: kept as written".to_string(),
        };
        let shown = crate::spec::text::sanitize(key).into_owned();
        out.push(
            Field::new(
                format!("{FEATURES}.{key}"),
                shown.clone(),
                FieldKind::Cycle {
                    options: options("Leave out", &why),
                },
            )
            .help(format!(
                "«{shown}» is {why}. Space or Enter: opt in → opt out → leave it out of the draft."
            )),
        );
    }
}

/// What a feature field shows as chosen: `""` (Meta decides), `OPT_IN`, `OPT_OUT`, or the
/// enroll status as written when it is neither. `None` for a field that is not a feature's.
pub fn virtual_value(app: &Model, id: &str) -> Option<String> {
    if id == MUSIC {
        return Some(music_of(&app.draft).unwrap_or_default());
    }
    let key = feature_key(id)?;
    Some(status_of(&written(&app.draft), key).unwrap_or_default())
}

/// Choosing a feature's state: its `enroll_status` (other keys of its setting, such as
/// `customizations`, kept), or the key left out. `None` for a field that is not a feature's.
pub fn choose_virtual(app: &mut Model, id: &str, value: &str) -> Option<Vec<Effect>> {
    if id == MUSIC {
        return Some(match value {
            MUSIC_ON => app.set_value(MUSIC, json!([{"type": "random"}])),
            MUSIC_OFF => app.set_value(MUSIC, json!([])),
            _ => app.set_value(MUSIC, Value::Null),
        });
    }
    let key = feature_key(id)?.to_string();
    let mut specs = written(&app.draft);
    if value.is_empty() {
        specs.shift_remove(&key);
    } else {
        set_status(&mut specs, &key, value);
    }
    Some(store(app, specs))
}

fn set_status(specs: &mut Map<String, Value>, key: &str, status: &str) {
    let setting = specs.entry(key.to_string()).or_insert_with(|| json!({}));
    if !setting.is_object() {
        *setting = json!({});
    }
    setting["enroll_status"] = json!(status);
}

/// Writes the features back; none left removes `creative_features_spec`, and an empty
/// `degrees_of_freedom_spec` with it (the spec says nothing, as before).
fn store(app: &mut Model, specs: Map<String, Value>) -> Vec<Effect> {
    if !specs.is_empty() {
        return app.set_value(FEATURES, Value::Object(specs));
    }
    let mut dof = form::get(&app.draft, DOF)
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    dof.shift_remove("creative_features_spec");
    if dof.is_empty() {
        app.set_value(DOF, Value::Null)
    } else {
        app.set_value(DOF, Value::Object(dof))
    }
}

/// Whether the focus is on a feature's field.
pub fn on_feature(app: &Model) -> bool {
    app.focused_field()
        .is_some_and(|f| f.id == MUSIC || feature_key(&f.id).is_some())
}

/// The buyer's «opt out of all»: every documented feature to `OPT_OUT` (keys kept as written
/// stay as they are). Only on a feature's field, so a stray key elsewhere changes nothing.
pub fn opt_out_all(app: &mut Model) -> Vec<Effect> {
    if !on_feature(app) {
        app.notice = Some(
            "«Opt out of all» works on Meta's enhancements (Assets, at the end of the step)."
                .into(),
        );
        return Vec::new();
    }
    if app.review.launched() {
        return app.refuse_launched();
    }
    let mut specs = written(&app.draft);
    for f in CREATIVE_FEATURES {
        set_status(&mut specs, f.key, OPT_OUT);
    }
    // The features and music in one change of the creative: one undo takes both back.
    let mut creative = form::get(&app.draft, "creative")
        .filter(|c| c.is_object())
        .cloned()
        .unwrap_or_else(|| json!({}));
    let fx = if form::set(
        &mut creative,
        "degrees_of_freedom_spec.creative_features_spec",
        Value::Object(specs),
    ) && form::set(&mut creative, "asset_feed_spec.audios", json!([]))
    {
        app.set_value("creative", creative)
    } else {
        app.notice = Some("✗ cannot opt out: the creative has another shape in the draft".into());
        return Vec::new();
    };
    app.notice = Some(format!(
        "Opted out of all {} of Meta's enhancements and music; undo takes it back.",
        CREATIVE_FEATURES.len()
    ));
    fx
}

/// How the draft stands on Meta's enhancements.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub off: usize,
    pub on: usize,
    /// Documented features the spec says nothing of (or nothing Graph takes).
    pub left: usize,
    /// Each feature the policy forbids, with its state in words.
    pub forbidden: Vec<(String, &'static str)>,
    /// Keys kept as written that Meta does not document or has retired.
    pub other: Vec<String>,
}

pub fn tally(draft: &Value, never: &[String]) -> Tally {
    let specs = written(draft);
    let mut t = Tally::default();
    for f in CREATIVE_FEATURES {
        match status_of(&specs, f.key).as_deref() {
            Some(OPT_OUT) => t.off += 1,
            Some(OPT_IN) => t.on += 1,
            _ => t.left += 1,
        }
    }
    match music_of(draft).as_deref() {
        Some(MUSIC_OFF) => t.off += 1,
        Some(MUSIC_ON) => t.on += 1,
        _ => t.left += 1,
    }
    for key in never {
        let state = match status_of(&specs, key).as_deref() {
            Some(OPT_OUT) => "off",
            Some(OPT_IN) => "on: refused",
            _ => "left to Meta: refused",
        };
        t.forbidden.push((key.clone(), state));
    }
    t.other = specs
        .keys()
        .filter(|k| creative_feature(k).is_none())
        .cloned()
        .collect();
    t
}

/// `Meta's enhancements: 2 off, 1 on, 21 left to Meta`, then the features the policy forbids
/// and the keys kept as written, each named; sanitised (keys come from a spec file).
pub fn summary(draft: &Value, never: &[String]) -> String {
    let t = tally(draft, never);
    let mut s = format!(
        "Meta's enhancements: {} off, {} on, {} left to Meta",
        t.off, t.on, t.left
    );
    if !t.forbidden.is_empty() {
        let named: Vec<String> = t
            .forbidden
            .iter()
            .map(|(k, state)| format!("{k} ({state})"))
            .collect();
        s.push_str(&format!("; the policy forbids {}", named.join(", ")));
    }
    if !t.other.is_empty() {
        s.push_str(&format!("; kept as written: {}", t.other.join(", ")));
    }
    crate::spec::text::sanitize(&s).into_owned()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::spec::Step;
    use crate::tui::form_keys;
    use crate::tui::model::{Ctx, empty_draft};

    fn model(draft: Value) -> Model {
        let mut ctx = Ctx::new(true, "v");
        ctx.never_features
            .insert("1".into(), vec!["text_translation".into()]);
        let mut m = Model::new(draft, "d".into(), ctx, crate::tui::steps::rules);
        m.goto(Step::Assets);
        m
    }

    fn draft() -> Value {
        let mut d = empty_draft();
        d["account_id"] = json!("act_1");
        d
    }

    fn on(m: &mut Model, key: &str) {
        m.focus = format!("{FEATURES}.{key}");
        assert_eq!(
            m.focused_field().map(|f| f.id),
            Some(m.focus.clone()),
            "no field for {key}"
        );
    }

    /// Space and Enter each move a feature on: Meta decides → opt in → opt out → Meta decides; the
    /// draft holds Graph's shape, and the last one gone takes the empty objects with it.
    #[test]
    fn space_and_enter_cycle_a_feature_and_the_last_one_gone_leaves_no_empty_objects() {
        let mut m = model(draft());
        on(&mut m, "text_translation");
        assert_eq!(virtual_value(&m, &m.focus.clone()).as_deref(), Some(""));
        assert!(form::get(&m.draft, DOF).is_none());
        form_keys::toggle(&mut m);
        assert_eq!(
            form::get(&m.draft, FEATURES),
            Some(&json!({"text_translation": {"enroll_status": "OPT_IN"}}))
        );
        assert!(
            m.focused_field()
                .unwrap()
                .help
                .contains("The spec opts in: Meta may do it."),
            "the help follows the state"
        );
        form_keys::enter(&mut m).expect("Enter is the form's own on a feature");
        assert_eq!(
            form::get(&m.draft, FEATURES),
            Some(&json!({"text_translation": {"enroll_status": "OPT_OUT"}}))
        );
        assert_eq!(
            m.focus,
            format!("{FEATURES}.text_translation"),
            "Enter stays"
        );
        form_keys::toggle(&mut m);
        assert_eq!(form::get(&m.draft, DOF), None, "{:#}", m.draft["creative"]);
        assert_eq!(m.draft["creative"].get("degrees_of_freedom_spec"), None);
    }

    /// A feature's other keys (`customizations`) and the spec's other degrees-of-freedom keys stay
    /// as written while its state changes.
    #[test]
    fn a_features_customizations_and_other_degrees_of_freedom_keys_are_kept() {
        let mut d = draft();
        d["creative"]["degrees_of_freedom_spec"] = json!({
            "degrees_of_freedom_type": "USER_ENROLLED_AUTOFLOW",
            "creative_features_spec": {
                "adapt_to_placement": {"enroll_status": "OPT_IN", "customizations": {"a": 1}}
            }
        });
        let mut m = model(d);
        on(&mut m, "adapt_to_placement");
        form_keys::toggle(&mut m);
        assert_eq!(
            form::get(&m.draft, &format!("{FEATURES}.adapt_to_placement")),
            Some(&json!({"enroll_status": "OPT_OUT", "customizations": {"a": 1}}))
        );
        form_keys::toggle(&mut m);
        assert_eq!(
            form::get(&m.draft, DOF),
            Some(&json!({"degrees_of_freedom_type": "USER_ENROLLED_AUTOFLOW"}))
        );
    }

    /// «Opt out of all» sets every documented feature to OPT_OUT when the buyer presses it, and
    /// nothing before: a new draft says nothing of any feature. Keys Meta does not document stay.
    #[test]
    fn opt_out_of_all_is_the_buyers_and_keeps_unknown_keys_as_written() {
        assert!(
            form::get(&model(draft()).draft, DOF).is_none(),
            "nothing chosen for the buyer"
        );
        let mut d = draft();
        d["creative"]["degrees_of_freedom_spec"] = json!({"creative_features_spec": {
            "some_new_feature": {"enroll_status": "OPT_IN"},
            "text_translation": {"enroll_status": "OPT_IN"}
        }});
        let mut m = model(d);
        m.focus = "creative.name".into();
        opt_out_all(&mut m);
        assert_eq!(
            form::get_str(
                &m.draft,
                &format!("{FEATURES}.text_translation.enroll_status")
            ),
            Some("OPT_IN"),
            "not on a feature: nothing changes"
        );
        on(&mut m, "image_uncrop");
        opt_out_all(&mut m);
        let specs = written(&m.draft);
        for f in CREATIVE_FEATURES {
            assert_eq!(
                status_of(&specs, f.key).as_deref(),
                Some(OPT_OUT),
                "{}",
                f.key
            );
        }
        assert_eq!(
            specs.get("some_new_feature"),
            Some(&json!({"enroll_status": "OPT_IN"}))
        );
        assert_eq!(specs.len(), CREATIVE_FEATURES.len() + 1);
        assert!(
            m.notice
                .as_deref()
                .unwrap_or("")
                .contains("Opted out of all")
        );
    }

    /// Music is `asset_feed_spec.audios`: Space cycles Meta decides (absent) → Meta picks
    /// (`[{"type":"random"}]`) → none (`[]`) → absent; «opt out of all» writes `[]` with the
    /// features, and one undo takes both back.
    #[test]
    fn music_cycles_through_audios_and_opting_out_of_all_is_one_undo() {
        let mut m = model(draft());
        m.focus = MUSIC.into();
        assert_eq!(m.focused_field().map(|f| f.id), Some(MUSIC.to_string()));
        assert_eq!(virtual_value(&m, MUSIC).as_deref(), Some(""));
        form_keys::toggle(&mut m);
        assert_eq!(
            form::get(&m.draft, MUSIC),
            Some(&json!([{"type": "random"}]))
        );
        form_keys::toggle(&mut m);
        assert_eq!(form::get(&m.draft, MUSIC), Some(&json!([])));
        form_keys::toggle(&mut m);
        assert_eq!(form::get(&m.draft, MUSIC), None);
        let before = m.draft.clone();
        m.begin_input();
        opt_out_all(&mut m);
        m.end_input();
        assert_eq!(form::get(&m.draft, MUSIC), Some(&json!([])));
        assert_eq!(tally(&m.draft, &[]).off, CREATIVE_FEATURES.len() + 1);
        m.undo();
        assert_eq!(
            m.draft, before,
            "one undo takes the features and music back"
        );
    }

    /// Keys Meta does not document, or has retired, are listed with why, never dropped.
    #[test]
    fn unknown_and_retired_keys_are_listed_not_dropped() {
        let mut d = draft();
        d["creative"]["degrees_of_freedom_spec"] = json!({"creative_features_spec": {
            "standard_enhancements": {"enroll_status": "OPT_IN"},
            "some_new_feature": {"enroll_status": "OPT_OUT"}
        }});
        let m = model(d.clone());
        let fields = m.fields();
        let listed = |key: &str| {
            fields
                .iter()
                .find(|f| f.id == format!("{FEATURES}.{key}"))
                .cloned()
                .unwrap_or_else(|| panic!("{key} not listed"))
        };
        assert!(listed("standard_enhancements").help.contains("retired"));
        assert!(
            listed("some_new_feature")
                .help
                .contains("not one Meta documents")
        );
        assert_eq!(m.draft, d, "drawing the fields changes nothing");
        let mut bare = draft();
        bare["creative"]["degrees_of_freedom_spec"] =
            json!({"creative_features_spec": {"image_uncrop": {}}});
        assert_eq!(
            virtual_value(&model(bare), &format!("{FEATURES}.image_uncrop")).as_deref(),
            Some("no enroll status"),
            "a key without a status is not shown as Meta decides"
        );
        let s = summary(&m.draft, &[]);
        assert!(
            s.ends_with("kept as written: standard_enhancements, some_new_feature"),
            "{s}"
        );
    }

    /// A cycle is one change: undo takes the feature back to what it was.
    #[test]
    fn undo_takes_a_cycled_feature_back() {
        let mut m = model(draft());
        on(&mut m, "image_uncrop");
        m.begin_input();
        form_keys::toggle(&mut m);
        m.end_input();
        assert!(form::get(&m.draft, DOF).is_some());
        m.undo();
        assert_eq!(form::get(&m.draft, DOF), None, "{:#}", m.draft["creative"]);
    }

    /// The policy is marked beside the feature it forbids, and the summary counts and names it.
    #[test]
    fn the_policy_is_marked_and_the_summary_counts_each_state() {
        let mut d = draft();
        d["creative"]["degrees_of_freedom_spec"] = json!({"creative_features_spec": {
            "image_uncrop": {"enroll_status": "OPT_OUT"},
            "video_uncrop": {"enroll_status": "OPT_OUT"},
            "inline_comment": {"enroll_status": "OPT_IN"}
        }});
        let m = model(d);
        let field = m
            .fields()
            .into_iter()
            .find(|f| f.id == format!("{FEATURES}.text_translation"))
            .unwrap();
        let FieldKind::Cycle { options } = &field.kind else {
            panic!("{:?}", field.kind)
        };
        assert_eq!(options[0].label, "Meta decides: ?");
        assert_eq!(
            options[0].note,
            "✗ policy: never · Meta may translate your text"
        );
        assert!(field.help.contains("policy in the config file forbids it"));
        // Music (`audios`) counts with the features: the spec says nothing of it.
        let left = CREATIVE_FEATURES.len() - 3 + 1;
        assert_eq!(
            summary(&m.draft, &never(&m)),
            format!(
                "Meta's enhancements: 2 off, 1 on, {left} left to Meta; the policy forbids text_translation (left to Meta: refused)"
            )
        );
        let adapt = m
            .fields()
            .into_iter()
            .find(|f| f.id == format!("{FEATURES}.adapt_to_placement"))
            .unwrap();
        assert!(
            matches!(&adapt.kind, FieldKind::Cycle { options } if options[0].label == "Meta decides: on")
        );
    }
}
