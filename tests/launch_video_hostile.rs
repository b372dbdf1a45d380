//! A hostile look at resumable video uploads: journals damaged (or written by another dcw)
//! with offsets that cannot be, so a resume must ask Meta where it stands instead of
//! panicking or refusing the launch for ever; every run still ends in one video.

use crate::common;
use crate::launch_video::{run, test_config, video_spec, video_stats};

use common::mp4::Mp4;
use common::sandbox::start;
use dcw::launch::{LaunchError, LaunchJournal, LaunchStep, StepState};

/// Kills an upload of `bytes` mid-transfer, rewrites its journal's `transferring` step with
/// `damage(acked, size, end)` (sealed again, as a journal dcw itself wrote), resumes, and
/// checks that the launch finishes with exactly one video and resends at most the file once.
async fn resumes_after(bytes: u64, damage: impl Fn(u64, u64, u64) -> (u64, u64)) {
    let sb = start(test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let mp4 = Mp4::square(bytes);
    let size = mp4.file_size();
    let v = video_spec(dir.path(), &[("videos/run.mp4", mp4)], 0, "SINGLE_VIDEO");
    let spec = common::spec(&v);
    let killed = run(&sb, dir.path(), &spec, Some(9)).await;
    assert!(matches!(killed, Err(LaunchError::Stopped)), "{killed:?}");
    let journals = dir.path().join("journals");
    let mut j: LaunchJournal = dcw::store::load_journal(&journals, "v1").unwrap();
    let key = LaunchStep::Video("videos/run.mp4".into());
    let step = j.step_mut(key.clone()).unwrap();
    let StepState::Transferring {
        acked,
        size: s,
        end,
        ..
    } = &mut step.state
    else {
        panic!("killed mid-transfer: {:?}", step.state);
    };
    assert_eq!(*s, size);
    (*acked, *end) = damage(*acked, *s, *end);
    let damaged = format!("{:?}", step.state);
    dcw::store::save_journal(&journals, "v1", &j).unwrap();
    let received = video_stats(&sb).await["bytes_received"].as_u64().unwrap();

    let done = run(&sb, dir.path(), &spec, None).await;
    let done = done.unwrap_or_else(|e| panic!("resuming {damaged}: {e}"));
    assert!(done.created(key).is_some(), "{damaged}");
    let after = video_stats(&sb).await;
    assert_eq!(after["videos"], 1, "one video after {damaged}: {after}");
    let resent = after["bytes_received"].as_u64().unwrap() - received;
    assert!(
        resent <= size + 4 * 1024 * 1024,
        "resent {resent} of {size} after {damaged}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_journal_offset_past_the_file_s_end_resumes_from_meta_s_offsets() {
    resumes_after(20_000_000, |_, size, _| (size + 5, 0)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_journal_offset_near_the_largest_number_resumes_without_overflow() {
    resumes_after(20_000_000, |_, _, _| (u64::MAX - 1, u64::MAX)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_journal_window_wider_than_a_chunk_is_not_sent_and_not_blamed_on_meta() {
    // The whole of a 72 MB file as the next window: over dcw's 64 MiB cap on a chunk, which
    // once refused the resume as Meta's doing on every rerun.
    resumes_after(72_000_000, |_, size, _| (0, size)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_journal_window_ending_before_its_start_resumes() {
    resumes_after(20_000_000, |acked, _, _| (acked, acked / 2)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_journal_offset_off_a_window_boundary_resumes_from_meta_s_offsets() {
    resumes_after(20_000_000, |acked, _, end| (acked + 12_345, end)).await;
}

/// A spec whose one video is given by the id of a video already in the account, with a local
/// thumbnail image (what `validate` itself suggests for a video given by id).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_video_given_by_id_with_a_local_thumbnail_sends_the_uploaded_thumbnail_s_hash() {
    by_id_with_a_local_thumbnail(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_journal_planned_without_the_id_video_s_thumbnail_step_gets_it_on_resume() {
    by_id_with_a_local_thumbnail(true).await;
}

async fn by_id_with_a_local_thumbnail(older_journal: bool) {
    use common::launching::{client, journal};
    use std::sync::Arc;
    let sb = start(test_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let v = video_spec(
        dir.path(),
        &[("videos/run.mp4", Mp4::square(100_000))],
        0,
        "SINGLE_VIDEO",
    );
    let first = run(&sb, dir.path(), &common::spec(&v), None).await.unwrap();
    let id = first
        .created(LaunchStep::Video("videos/run.mp4".into()))
        .unwrap();

    let mut by_id = v.clone();
    std::fs::create_dir_all(dir.path().join("images")).unwrap();
    let img = image::RgbImage::from_pixel(64, 64, image::Rgb([20, 120, 200]));
    img.save(dir.path().join("images/thumb.png")).unwrap();
    by_id["creative"]["asset_feed_spec"]["videos"] =
        serde_json::json!([{"video_id": id, "thumbnail": {"file": "images/thumb.png"}}]);
    by_id["creative"]["name"] = serde_json::json!("By id");
    let spec = common::spec(&by_id);
    let journals = dir.path().join("journals");
    let mut planned = journal(&journals, "v2", &spec);
    let step = LaunchStep::Thumbnail(format!("video {id}"));
    assert!(planned.step(step.clone()).is_some(), "planned: {planned:?}");
    if older_journal {
        // As an earlier dcw planned it: no thumbnail step.
        planned.steps.retain(|s| s.key != step);
    }
    let done = dcw::launch::run_launch(
        client(&sb.base, "video-test-token"),
        spec.clone(),
        planned,
        crate::launch_video::options(dir.path(), None),
        Arc::new(|_| {}),
    )
    .await
    .unwrap_or_else(|e| panic!("the launch by id: {e}"));
    let creative = done.created(LaunchStep::Creative).unwrap();
    let url = format!("{}/{}/{creative}", sb.base, dcw::graph::DEFAULT_API_VERSION);
    let sent: serde_json::Value = sb
        .client
        .get(&url)
        .query(&[
            ("fields", "asset_feed_spec"),
            ("access_token", common::sandbox::TOKEN),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let video = &sent["asset_feed_spec"]["videos"][0];
    assert_eq!(video["video_id"], serde_json::json!(id), "{sent}");
    let hash = video["thumbnail_hash"].as_str().unwrap_or_default();
    assert_eq!(hash.len(), 32, "the uploaded thumbnail's hash: {sent}");
    assert!(
        video.get("thumbnail").is_none(),
        "dcw's own key stays home: {sent}"
    );
    assert_eq!(video_stats(&sb).await["videos"], 1, "no second video");
}

/// A video given as a thumbnail (an MP4 starts with `ftyp`, as a HEIF image does) is called a
/// video, not an image with a damaged header.
#[test]
fn a_video_given_as_a_thumbnail_is_called_a_video() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("run.mp4");
    Mp4::square(10_000).write(&path);
    let facts = dcw::store::read_image_facts(&path);
    let dcw::spec::ImageFacts::Unreadable(why) = facts else {
        panic!("{facts:?}");
    };
    assert!(why.contains("is a video"), "{why}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_journal_claiming_every_byte_sends_the_missing_ones_after_meta_refuses_the_finish() {
    // Every byte acknowledged, by the journal's word: Meta refuses the finish (1363033), and
    // the upload goes on from where Meta stands instead of failing or starting over.
    resumes_after(20_000_000, |_, size, _| (size, size)).await;
}
