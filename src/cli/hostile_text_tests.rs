//! Every text output of the binary, fed hostile strings where the spec, a file or Graph puts
//! text: nothing comes out that a terminal would act on. The only control character any of
//! these renderers writes of its own is `\n`.

use std::path::PathBuf;

use dcw::launch::{LaunchEvent, LaunchJournal, LaunchState, LaunchStep, StepRecord, StepState};
use dcw::spec::Currency;
use dcw::store::DraftInfo;
use dcw::store::JournalError;
use dcw::store::Paths;
use proptest::prelude::*;
use serde_json::{Value, json};

/// Text with what an attacker would put in a name: OSC 52 (clipboard), CSI in its 7-bit and C1
/// forms, an OSC 8 link, bidi overrides, any C0/C1 control, and ordinary text between.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<char>().prop_map(String::from),
        (0u32..0xa0)
            .prop_filter_map("a char", char::from_u32)
            .prop_map(String::from),
        Just("\u{1b}]52;c;ZXZpbA==\u{7}".to_string()),
        Just("\u{1b}[2J".to_string()),
        Just("\u{9b}2J".to_string()),
        Just("\u{1b}]8;;https://evil.example\u{1b}\\Click\u{1b}]8;;\u{1b}\\".to_string()),
        Just("\u{202e}".to_string()),
        "[a-z ]{1,8}",
    ];
    prop::collection::vec(piece, 0..10).prop_map(|v| v.concat())
}

#[track_caller]
fn assert_clean(what: &str, out: &str) {
    if let Some(c) = dcw::spec::text::first_unsafe(out) {
        panic!("{what} printed {c:?}: {out:?}");
    }
}

fn example() -> Value {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/examples/sales-winter-boots.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn journal(id: &str, account: &str, spec_path: &str) -> LaunchJournal {
    LaunchJournal {
        id: id.to_string(),
        tag: "dcw-3f9a2c".into(),
        spec_hash: "test".into(),
        spec_path: spec_path.to_string(),
        account: account.to_string(),
        graph: "sandbox".into(),
        created_at: "2026-11-25T12:00:00Z".into(),
        state: LaunchState::Running,
        steps: Vec::new(),
        warnings: Vec::new(),
        error: None,
        fix: None,
    }
}

#[test]
fn an_osc_52_in_a_campaign_name_prints_as_visible_text_in_the_plan() {
    let mut v = example();
    v["campaign"]["name"] = json!("Boots\u{1b}]52;c;ZXZpbA==\u{7}");
    let spec = dcw::spec::parse_spec(&v.to_string()).unwrap();
    let mut j = journal("3f9a2c", "1234567890", "spec.json");
    j.steps = dcw::launch::plan(&spec, "dcw-3f9a2c");
    let plan = super::submit::summary(&spec, &j, Currency::new("USD").as_ref());
    assert_clean("the plan", &plan);
    assert!(plan.contains("Boots\\x1b]52;c;ZXZpbA==\\x07"), "{plan}");
}

#[test]
fn an_error_keeps_its_line_breaks_and_shows_every_other_control() {
    let line = super::error_line("spec.json: «a\u{9b}2J»\nthe journal keeps it");
    assert_eq!(line, "dcw: spec.json: «a\\u{9b}2J»\nthe journal keeps it");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_plan_shows_no_control_character(
        campaign in hostile(), adset in hostile(), audience in hostile(), creative in hostile(),
        objective in hostile(), account in hostile(), image in hostile(), tag in hostile(),
    ) {
        let mut v = example();
        v["campaign"]["name"] = json!(campaign);
        v["campaign"]["objective"] = json!(objective);
        v["ad_set"]["name"] = json!(adset);
        v["audiences"][0]["name"] = json!(audience);
        v["creative"]["name"] = json!(creative);
        v["account_id"] = json!(format!("act_{account}"));
        v["creative"]["asset_feed_spec"]["images"][0]["file"] = json!(format!("images/{image}.jpg"));
        let spec = dcw::spec::parse_spec(&v.to_string()).unwrap();
        let mut j = journal(&tag, &account, "spec.json");
        j.steps = dcw::launch::plan(&spec, &tag);
        for currency in [None, Currency::new("USD")] {
            assert_clean("the plan", &super::submit::summary(&spec, &j, currency.as_ref()));
        }
    }

    #[test]
    fn progress_shows_no_control_character(key in hostile(), name in hostile(), id in hostile(), text in hostile()) {
        // Hostile text where a step carries it: an image's path, and every step's name.
        let image = LaunchStep::Image(format!("images/{key}"));
        let mut j = journal("id", "1", "spec.json");
        for step in [image.clone(), LaunchStep::Image(key.clone()), LaunchStep::Campaign, LaunchStep::AdSet(0)] {
            j.steps.push(StepRecord { key: step, name: name.clone(), stamp: None, state: StepState::Pending });
        }
        let events = [
            LaunchEvent::Started { key: LaunchStep::Image(key.clone()), name: name.clone() },
            LaunchEvent::Started { key: LaunchStep::Campaign, name: name.clone() },
            LaunchEvent::Preflight { key: LaunchStep::AdSet(0) },
            LaunchEvent::Created { key: LaunchStep::Campaign, id: id.clone() },
            LaunchEvent::Reused { key: image, id: id.clone() },
            LaunchEvent::Warning(text.clone()),
            LaunchEvent::Info(text.clone()),
        ];
        for e in &events {
            assert_clean("progress", &super::submit::progress_line(e, &super::submit::Labels::of(&j)));
        }
    }

    #[test]
    fn the_result_table_shows_no_control_character(
        id in hostile(), account in hostile(), names in prop::collection::vec((hostile(), hostile()), 1..4),
        warning in hostile(),
    ) {
        let mut j = journal(&id, &account, "spec.json");
        for (i, (name, created)) in names.iter().enumerate() {
            let key = [LaunchStep::Campaign, LaunchStep::AdSet(0), LaunchStep::Ad(0), LaunchStep::Image(format!("x/{name}"))];
            j.steps.push(StepRecord {
                key: key[i % 4].clone(),
                name: name.clone(),
                stamp: None,
                state: StepState::Created { id: created.clone() },
            });
        }
        j.warnings.push(warning);
        assert_clean("the result", &super::submit::result_text(&j, true));
    }

    #[test]
    fn the_launches_list_shows_no_control_character(
        id in hostile(), account in hostile(), spec_path in hostile(), error in hostile(),
        file in hostile(), reason in hostile(),
    ) {
        let mut j = journal(&id, &account, &spec_path);
        j.error = Some(error);
        let damaged = JournalError::Damaged {
            path: PathBuf::from(format!("/tmp/{file}.json")),
            reason,
            clues: Default::default(),
        };
        let all = vec![(id.clone(), Ok(j)), (file.clone(), Err(damaged))];
        assert_clean("launches", &super::submit::launches_text(&all, &PathBuf::from("/tmp"), |_| None));
        assert_clean("no launches", &super::submit::launches_text(&[], &PathBuf::from(format!("/tmp/{file}")), |_| None));
    }

    #[test]
    fn the_drafts_list_shows_no_control_character(id in hostile(), name in hostile(), dir in hostile()) {
        let dir = PathBuf::from(format!("/tmp/{dir}"));
        let list = vec![DraftInfo {
            id: id.clone(),
            path: dir.join(format!("{id}.json")),
            name: Some(name.clone()),
            modified: None,
            launched: false,
            meta: dcw::store::DraftMeta {
                source: Some(dir.join(format!("{name}.json"))),
                ..Default::default()
            },
            damaged: Some(name.clone()),
        }];
        assert_clean("drafts", &super::wizard::drafts_text(&list, &dir));
        assert_clean("no drafts", &super::wizard::drafts_text(&[], &dir));
    }

    #[test]
    fn the_presets_list_shows_no_control_character(
        account in hostile(), name in hostile(), country in hostile(), position in hostile(), dir in hostile()
    ) {
        let p = dcw::store::Preset {
            account,
            name,
            targeting: json!({"geo_locations": {"countries": [country]},
                              "publisher_platforms": ["instagram"],
                              "instagram_positions": [position]}),
            pixel_id: None,
            page_id: None,
            instagram_user_id: None,
        };
        let file = PathBuf::from(format!("/tmp/{dir}/presets.json"));
        assert_clean("presets", &super::presets::presets_text(&[p], 1, &file));
        assert_clean("no presets", &super::presets::presets_text(&[], 0, &file));
    }

    #[test]
    fn paths_and_errors_show_no_control_character(home in hostile(), msg in hostile()) {
        let p = Paths::under(PathBuf::from(format!("/tmp/{home}")));
        assert_clean("paths", &super::paths_text(&p));
        assert_clean("an error", &super::error_line(&msg));
    }
}

/// Where requests go to Meta, the result links each created object in Ads Manager; the dry
/// run is Meta's only there (a sandbox's progress names the sandbox's).
#[test]
fn links_and_the_dry_run_are_meta_s_only_when_requests_go_to_meta() {
    use dcw::graph::Destination;
    let mut j = journal("id", "1234567890", "spec.json");
    j.steps.push(StepRecord {
        key: LaunchStep::Campaign,
        name: "Winter".into(),
        stamp: None,
        state: StepState::Created {
            id: "120210000000000001".into(),
        },
    });
    let text = super::submit::result_text(&j, true);
    assert!(
        text.contains("https://adsmanager.facebook.com/adsmanager/manage/campaigns?act=1234567890&selected_campaign_ids=120210000000000001"),
        "{text}"
    );
    assert!(!super::submit::result_text(&j, false).contains("adsmanager"));
    let dry_run = LaunchEvent::Preflight {
        key: LaunchStep::Campaign,
    };
    let meta = Destination::Meta {
        version: "v27.0".into(),
    };
    let said = |d: &Destination| {
        super::submit::progress_line(&dry_run, &super::submit::Labels::of(&j).sent_to(d))
    };
    assert!(
        said(&meta).contains("passed Meta's dry run"),
        "{}",
        said(&meta)
    );
    for d in [
        Destination::BuiltIn,
        Destination::Loopback {
            addr: "127.0.0.1:4000".into(),
        },
    ] {
        assert!(
            said(&d).contains("passed the sandbox's dry run"),
            "{}",
            said(&d)
        );
    }
}

#[test]
fn a_note_of_several_lines_keeps_its_later_lines_under_its_first() {
    let j = LaunchJournal::start(
        &dcw::spec::parse_spec(r#"{"account_id": "act_1"}"#).unwrap(),
        "h",
        "s.json",
        "1",
        "sandbox",
        true,
    );
    let e = LaunchEvent::Warning("Meta says:\nsession 12 \u{1b}[31mis gone\nstart again".into());
    let line = super::submit::progress_line(&e, &super::submit::Labels::of(&j));
    let rows: Vec<&str> = line.lines().collect();
    assert_eq!(rows.len(), 3, "{line}");
    assert!(rows[0].starts_with("  !  Meta says:"), "{line}");
    for later in &rows[1..] {
        assert!(
            later.starts_with("     ") && !later.trim().is_empty(),
            "{line}"
        );
    }
    assert!(!line.contains('\u{1b}'), "{line}");
}
