//! dcw's integration tests, one module per area, linked into one test binary: one link instead of
//! forty, and a fraction of the disk (each binary carried every dependency). Run one area with
//! `cargo test --test integration <module>::`, e.g. `cargo test --test integration watch_e2e::`.

mod common;
mod jpeg_gen;

mod bounded_inputs;
mod cli_validate;
mod cli_versions;
mod crop_maths;
mod destination;
mod drafts;
mod examples;
mod finding_words;
mod graph_calls;
mod graph_errors;
mod graph_previews;
mod graph_targeting;
mod graph_wire;
mod hostile_text;
mod house;
mod journal_compat;
mod launch_cli;
mod launch_controls;
mod launch_existing;
mod launch_features;
mod launch_hostile;
mod launch_no_duplicates;
mod launch_preflight;
mod launch_targeting;
mod launch_tmux;
mod launch_video;
mod launch_video_hostile;
mod never_panics;
mod placements;
mod presets;
mod preview_chromium;
mod preview_cli;
mod preview_files;
mod recorded_answers;
mod results_cli;
mod review_activate;
mod review_feedback;
mod roundtrip;
mod rules_ad_set;
mod rules_campaign;
mod rules_features;
mod rules_feed;
mod rules_money;
mod rules_targeting;
mod rules_videos;
mod sandbox_cli;
mod sandbox_controls;
mod sandbox_curl;
mod sandbox_endpoints;
mod sandbox_errors;
mod sandbox_faults;
mod sandbox_insights;
mod sandbox_launch;
mod sandbox_previews;
mod sandbox_search;
mod sandbox_server;
mod sandbox_targeting;
mod sandbox_versions;
mod sandbox_video;
mod sandbox_watch;
mod sandbox_wire;
mod sdk_conformance;
mod secrets;
mod submit_cli;
mod tui_ad_preview;
mod tui_bytes;
mod tui_crop;
mod tui_edit;
mod tui_estimate;
mod tui_features;
mod tui_keys;
mod tui_money;
mod tui_next_round;
mod tui_pace;
mod tui_pane_preview;
mod tui_pickers;
mod tui_placements;
mod tui_render;
mod tui_status;
mod tui_status_hints;
mod tui_submit;
mod tui_targeting;
mod tui_targeting_tmux;
mod tui_text;
mod tui_tmux;
mod tui_update;
mod tui_videos;
mod video_reader;
mod watch_assets;
mod watch_budget;
mod watch_e2e;
mod watch_fix;
mod watch_insights;
mod watch_model;
mod watch_scheduler;
mod watch_tmux;
mod watch_videos;

/// With `autotests = false`, a file in tests/ that is not declared above would never be built
/// nor run: every one is declared.
#[test]
fn every_test_file_is_a_module_of_this_binary() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let main = std::fs::read_to_string(dir.join("main.rs")).unwrap();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if let Some(module) = name.strip_suffix(".rs")
            && module != "main"
            && !main.lines().any(|l| l.trim() == format!("mod {module};"))
        {
            missing.push(name);
        }
    }
    assert!(
        missing.is_empty(),
        "not declared in tests/main.rs: {missing:?}"
    );
}
