//! The sandbox's video edge, by raw HTTP: Meta's chunked upload on `/act_<id>/advideos`
//! (start, transfer, finish), its offsets and errors, faults on transfer, processing on the
//! simulated clock, generated thumbnails, and the account's list of finished videos.

use crate::common;

use std::time::Duration;

use common::mp4::Mp4;
use common::sandbox::*;
use dcw::sandbox::{FaultKind, SandboxConfig};
use serde_json::Value;

const WINDOW: u64 = 4 * 1024 * 1024;

fn config(processing: Duration) -> SandboxConfig {
    SandboxConfig {
        video_processing: processing,
        ..test_config()
    }
}

async fn start_upload(sb: &Sb, size: u64) -> Reply {
    sb.post(
        &format!("{ACT}/advideos"),
        &[
            ("upload_phase", "start".into()),
            ("file_size", size.to_string()),
        ],
    )
    .await
}

/// One `transfer`, as the SDK sends it: multipart, the chunk as a file part.
async fn send_chunk(
    sb: &Sb,
    session: &str,
    at: u64,
    bytes: &[u8],
) -> Result<Reply, reqwest::Error> {
    let form = reqwest::multipart::Form::new()
        .text("access_token", TOKEN)
        .text("upload_phase", "transfer")
        .text("upload_session_id", session.to_string())
        .text("start_offset", at.to_string())
        .part(
            "video_file_chunk",
            reqwest::multipart::Part::bytes(bytes.to_vec()).file_name("chunk"),
        );
    let r = sb
        .client
        .post(sb.url(&format!("{ACT}/advideos")))
        .multipart(form)
        .send()
        .await?;
    Ok(reply(r).await)
}

async fn finish_upload(sb: &Sb, session: &str, title: &str) -> Reply {
    sb.post(
        &format!("{ACT}/advideos"),
        &[
            ("upload_phase", "finish".into()),
            ("upload_session_id", session.into()),
            ("title", title.into()),
        ],
    )
    .await
}

/// An offset as Meta writes it in an answer: a decimal string.
#[track_caller]
fn offset(v: &Value) -> u64 {
    v.as_str()
        .unwrap_or_else(|| panic!("offsets are strings: {v}"))
        .parse()
        .unwrap()
}

/// Starts, sends every window and finishes: the video's id.
async fn upload(sb: &Sb, bytes: &[u8], title: &str) -> String {
    let s = start_upload(sb, bytes.len() as u64).await;
    assert_eq!(s.status, 200, "{}", s.body);
    let session = s.body["upload_session_id"].as_str().unwrap().to_string();
    let (mut at, mut end) = (
        offset(&s.body["start_offset"]),
        offset(&s.body["end_offset"]),
    );
    while at < end {
        let r = send_chunk(sb, &session, at, &bytes[at as usize..end as usize])
            .await
            .unwrap();
        assert_eq!(r.status, 200, "{}", r.body);
        (at, end) = (
            offset(&r.body["start_offset"]),
            offset(&r.body["end_offset"]),
        );
    }
    let f = finish_upload(sb, &session, title).await;
    assert_eq!(f.body, serde_json::json!({"success": true}));
    s.body["video_id"].as_str().unwrap().to_string()
}

async fn status(sb: &Sb, video: &str) -> Value {
    let r = sb
        .get(video, &[("fields", "status,title,length,picture")])
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body
}

#[tokio::test]
async fn a_chunked_upload_takes_meta_windows_then_processes_to_ready_on_the_clock() {
    let sb = start(config(Duration::from_secs(10))).await;
    let file = Mp4::square(5 * 1024 * 1024).bytes();
    let size = file.len() as u64;
    let s = start_upload(&sb, size).await;
    assert_eq!(s.status, 200, "{}", s.body);
    assert_eq!(s.body["start_offset"], "0");
    assert_eq!(
        offset(&s.body["end_offset"]),
        WINDOW,
        "a 4 MiB window first"
    );
    assert!(s.body["video_id"].is_string() && s.body["upload_session_id"].is_string());
    let video = upload(&sb, &file, "run.mp4").await;
    let v = status(&sb, &video).await;
    assert_eq!(v["title"], "run.mp4");
    assert_eq!(v["length"], 15.0, "the duration read from moov");
    assert_eq!(v["status"]["video_status"], "processing");
    assert_eq!(v["status"]["processing_progress"], 0);
    assert_eq!(v["status"]["uploading_phase"]["status"], "complete");
    assert_eq!(v["status"]["uploading_phase"]["bytes_transferred"], size);
    assert_eq!(v["status"]["processing_phase"]["status"], "in_progress");
    let none = sb.get(&format!("{video}/thumbnails"), &[]).await;
    assert_eq!(data(&none).len(), 0, "no thumbnails before processing ends");
    let handle = sb.handle.as_ref().unwrap();
    handle.advance(Duration::from_secs(5));
    let half = status(&sb, &video).await["status"]["processing_progress"]
        .as_u64()
        .unwrap();
    assert!((45..=60).contains(&half), "about half way: {half}");
    handle.advance(Duration::from_secs(6));
    let v = status(&sb, &video).await;
    assert_eq!(v["status"]["video_status"], "ready");
    assert_eq!(v["status"]["processing_progress"], 100);
    assert_eq!(v["status"]["processing_phase"]["status"], "complete");
    let thumbs = sb.get(&format!("{video}/thumbnails"), &[]).await;
    let thumbs = data(&thumbs);
    assert!(thumbs.len() >= 2, "{thumbs:?}");
    let preferred: Vec<&Value> = thumbs
        .iter()
        .filter(|t| t["is_preferred"] == true)
        .collect();
    assert_eq!(preferred.len(), 1, "one preferred thumbnail: {thumbs:?}");
    assert!(preferred[0]["uri"].as_str().unwrap().starts_with(&sb.base));
    assert_eq!(v["picture"], preferred[0]["uri"]);
    let stats = sb.stats().await;
    assert_eq!(stats["video"]["bytes_received"], size, "{stats}");
    assert_eq!(stats["video"]["chunks"], 2, "{stats}");
    assert_eq!(stats["video"]["videos"], 1, "{stats}");
    assert_eq!(
        stats["video"]["sessions"], 2,
        "the test's own start and upload's: {stats}"
    );
}

#[tokio::test]
async fn a_chunk_at_the_wrong_offset_answers_1363037_with_the_offsets_to_go_on_from() {
    let sb = start(config(Duration::ZERO)).await;
    let file = Mp4::square(5 * 1024 * 1024).bytes();
    let s = start_upload(&sb, file.len() as u64).await;
    let session = s.body["upload_session_id"].as_str().unwrap().to_string();
    let first = &file[..WINDOW as usize];
    assert_eq!(
        send_chunk(&sb, &session, 0, first).await.unwrap().status,
        200
    );
    let expected_end = file.len() as u64;
    for (what, at, bytes) in [
        ("the same chunk again", 0, first),
        ("a gap", WINDOW + 10, &file[..100]),
        ("past file_size", WINDOW, &file[..]),
    ] {
        let r = send_chunk(&sb, &session, at, bytes).await.unwrap();
        assert_eq!(r.status, 400, "{what}: {}", r.body);
        assert_eq!(r.error(), (6001, Some(1363037)), "{what}");
        let e = &r.body["error"];
        assert_eq!(e["error_data"]["start_offset"], WINDOW, "{what}: {e}");
        assert_eq!(e["error_data"]["end_offset"], expected_end, "{what}: {e}");
        assert_eq!(e["is_transient"], false);
        assert_eq!(e["error_user_title"], "Error Uploading Video");
        assert!(
            !e["message"].as_str().unwrap().starts_with("(#"),
            "Meta's words as is: {e}"
        );
    }
    let early = finish_upload(&sb, &session, "early.mp4").await;
    assert_eq!(
        early.error(),
        (6001, Some(1363033)),
        "finish before every byte"
    );
    let rest = &file[WINDOW as usize..];
    let r = send_chunk(&sb, &session, WINDOW, rest).await.unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(offset(&r.body["start_offset"]), expected_end);
    assert_eq!(offset(&r.body["end_offset"]), expected_end);
    assert_eq!(
        finish_upload(&sb, &session, "a.mp4").await.body["success"],
        true
    );
    let again = finish_upload(&sb, &session, "a.mp4").await;
    assert_eq!(
        again.body["success"], true,
        "a second finish is answered again: {}",
        again.body
    );
    let late = send_chunk(&sb, &session, expected_end, &file[..10])
        .await
        .unwrap();
    assert_eq!(
        late.error().0,
        100,
        "a finished session takes no chunk: {}",
        late.body
    );
    assert_eq!(sb.stats().await["video"]["videos"], 1, "one video, not two");
}

#[tokio::test]
async fn unknown_sessions_and_sizes_past_meta_limits_are_refused_by_name() {
    let sb = start(config(Duration::ZERO)).await;
    let r = send_chunk(&sb, "999000111", 0, b"0123456789")
        .await
        .unwrap();
    assert_eq!(r.error().0, 100);
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("999000111"),
        "{}",
        r.body
    );
    let f = finish_upload(&sb, "999000111", "x.mp4").await;
    assert_eq!(f.error().0, 100);
    let huge = start_upload(&sb, 4 * 1024 * 1024 * 1024 + 1).await;
    assert_eq!(huge.error(), (6000, Some(1363023)), "{}", huge.body);
    let tiny = start_upload(&sb, 10).await;
    assert_eq!(tiny.error(), (6000, Some(1363022)), "{}", tiny.body);
    let junk = start_upload(&sb, 0).await;
    assert_eq!(junk.status, 400);
    let word = sb
        .post(
            &format!("{ACT}/advideos"),
            &[
                ("upload_phase", "start".into()),
                ("file_size", "big".into()),
            ],
        )
        .await;
    assert_eq!(word.error().0, 100);
    assert!(
        word.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("file_size")
    );
    // A session of one account is unknown to another.
    let s = start_upload(&sb, 5000).await;
    let session = s.body["upload_session_id"].as_str().unwrap();
    let other = sb
        .post(
            &format!("{ACT_JPY}/advideos"),
            &[
                ("upload_phase", "finish".into()),
                ("upload_session_id", session.into()),
            ],
        )
        .await;
    assert_eq!(other.error().0, 100, "{}", other.body);
}

#[tokio::test]
async fn lost_answers_on_transfer_never_append_a_chunk_twice_nor_make_a_second_video() {
    let sb = start(SandboxConfig {
        faults: vec![(FaultKind::LostResponse, 0.4)],
        seed: 17,
        ..config(Duration::ZERO)
    })
    .await;
    let file = Mp4::square(9 * 1024 * 1024).bytes();
    let size = file.len() as u64;
    // Start until an answer arrives (a lost start leaves a session no one finishes).
    let (session, video) = loop {
        let form = [
            ("upload_phase", "start"),
            ("file_size", &size.to_string()),
            ("access_token", TOKEN),
        ];
        let sent = sb
            .client
            .post(sb.url(&format!("{ACT}/advideos")))
            .form(&form)
            .send()
            .await;
        if let Ok(r) = sent {
            let r = reply(r).await;
            break (
                r.body["upload_session_id"].as_str().unwrap().to_string(),
                r.body["video_id"].as_str().unwrap().to_string(),
            );
        }
    };
    let (mut at, mut end) = (0u64, WINDOW);
    let mut lost = 0;
    for _ in 0..200 {
        if at == size {
            break;
        }
        match send_chunk(&sb, &session, at, &file[at as usize..end as usize]).await {
            // The SDK's way: a lost answer sends the same chunk again.
            Err(_) => lost += 1,
            Ok(r) if r.status == 200 => {
                (at, end) = (
                    offset(&r.body["start_offset"]),
                    offset(&r.body["end_offset"]),
                )
            }
            Ok(r) => {
                assert_eq!(r.error(), (6001, Some(1363037)), "{}", r.body);
                let d = &r.body["error"]["error_data"];
                (at, end) = (
                    d["start_offset"].as_u64().unwrap(),
                    d["end_offset"].as_u64().unwrap(),
                );
            }
        }
    }
    assert_eq!(at, size, "every byte arrived");
    assert!(lost > 0, "the fault dropped some answers (seeded)");
    let mut finished = false;
    for _ in 0..50 {
        let form = [
            ("upload_phase", "finish"),
            ("upload_session_id", &session),
            ("access_token", TOKEN),
        ];
        if let Ok(r) = sb
            .client
            .post(sb.url(&format!("{ACT}/advideos")))
            .form(&form)
            .send()
            .await
        {
            assert_eq!(reply(r).await.body["success"], true);
            finished = true;
            break;
        }
    }
    assert!(finished);
    let stats = sb.stats().await;
    assert_eq!(stats["video"]["videos"], 1, "{stats}");
    assert!(
        stats["video"]["bytes_received"].as_u64().unwrap() > size,
        "chunks were re-sent: {stats}"
    );
    let listed = loop {
        let r = sb
            .client
            .get(sb.url(&format!("{ACT}/advideos")))
            .query(&[("access_token", TOKEN)])
            .send()
            .await;
        if let Ok(r) = r {
            break reply(r).await;
        }
    };
    let ids: Vec<&str> = data(&listed)
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [video.as_str()]);
}

#[tokio::test]
async fn a_file_that_is_not_a_video_ends_processing_in_error_with_meta_words() {
    let sb = start(config(Duration::from_secs(2))).await;
    let text = "this is a plain text file, not a video\n".repeat(100);
    let video = upload(&sb, text.as_bytes(), "notes.mp4").await;
    assert_eq!(
        status(&sb, &video).await["status"]["video_status"],
        "processing"
    );
    sb.handle.as_ref().unwrap().advance(Duration::from_secs(3));
    let v = status(&sb, &video).await;
    assert_eq!(v["status"]["video_status"], "error", "{v}");
    let err = &v["status"]["processing_phase"];
    assert_eq!(err["status"], "error");
    assert_eq!(err["errors"][0]["code"], 1363031);
    assert!(
        err["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not a video")
    );
    let thumbs = sb.get(&format!("{video}/thumbnails"), &[]).await;
    assert!(data(&thumbs).is_empty(), "a failed video has no thumbnails");
}

#[tokio::test]
async fn the_account_lists_finished_videos_only_with_their_titles() {
    let sb = start(config(Duration::ZERO)).await;
    let a = upload(&sb, &Mp4::square(2000).bytes(), "a.mp4").await;
    let open = start_upload(&sb, 5000).await;
    assert_eq!(open.status, 200);
    let open_id = open.body["video_id"].as_str().unwrap().to_string();
    let list = sb
        .get(
            &format!("{ACT}/advideos"),
            &[("fields", "id,title,length,status")],
        )
        .await;
    let items = data(&list);
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["id"], a.as_str());
    assert_eq!(items[0]["title"], "a.mp4");
    assert_eq!(items[0]["status"]["video_status"], "ready");
    let unfinished = sb.get(&open_id, &[("fields", "status")]).await;
    assert_eq!(
        unfinished.error(),
        (100, Some(33)),
        "an unfinished upload is no video yet"
    );
    let bad = sb.get(&a, &[("fields", "hash")]).await;
    assert_eq!(bad.error().0, 100, "AdVideo has no hash: {}", bad.body);
    assert!(
        bad.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("(Video)")
    );
}

#[tokio::test]
async fn a_small_video_sent_whole_as_source_is_a_video_too() {
    let sb = start(config(Duration::ZERO)).await;
    let form = reqwest::multipart::Form::new()
        .text("access_token", TOKEN)
        .text("title", "whole.mp4")
        .part(
            "source",
            reqwest::multipart::Part::bytes(Mp4::vertical(3000).bytes()).file_name("whole.mp4"),
        );
    let r = reply(
        sb.client
            .post(sb.url(&format!("{ACT}/advideos")))
            .multipart(form)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let id = r.id();
    let v = status(&sb, &id).await;
    assert_eq!(v["status"]["video_status"], "ready");
    let thumbs = sb.get(&format!("{id}/thumbnails"), &[]).await;
    assert_eq!(
        data(&thumbs)[0]["height"],
        1920,
        "thumbnails take the video's size"
    );
    let none = sb
        .post(&format!("{ACT}/advideos"), &[("title", "x".into())])
        .await;
    assert_eq!(none.error().0, 100, "{}", none.body);
}

/// A feed of `format` with these images and videos (clean texts).
fn feed(format: &str, hashes: &[&str], videos: Vec<Value>) -> Value {
    let mut f = Sb::feed(hashes.first().copied().unwrap_or(""), &["Warm boots"]);
    f["images"] = hashes
        .iter()
        .map(|h| serde_json::json!({"hash": h}))
        .collect();
    f["videos"] = Value::Array(videos);
    f["ad_formats"] = serde_json::json!([format]);
    f
}

async fn creative_reply(sb: &Sb, feed: Value) -> Reply {
    sb.post(&format!("{ACT}/adcreatives"), &Sb::creative_form(feed))
        .await
}

#[tokio::test]
async fn creatives_take_ready_videos_of_the_account_with_a_thumbnail_in_the_format_that_fits() {
    use serde_json::json;
    let sb = start(config(Duration::from_secs(10))).await;
    let hash = sb.image().await;
    let video = upload(&sb, &Mp4::square(2000).bytes(), "run.mp4").await;
    let bad = upload(&sb, &[7u8; 2000], "junk.mp4").await;
    let with_url =
        |id: &str| json!({"video_id": id, "thumbnail_url": "https://cdn.example.com/t.jpg"});
    let early = creative_reply(&sb, feed("SINGLE_VIDEO", &[], vec![with_url(&video)])).await;
    assert_eq!(early.error().0, 100);
    assert!(
        early.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("still processing"),
        "{}",
        early.body
    );
    sb.handle.as_ref().unwrap().advance(Duration::from_secs(11));
    let many: Vec<Value> = (0..11).map(|i| with_url(&format!("9{i}"))).collect();
    let refused: Vec<(&str, Value, &str)> = vec![
        (
            "another account's or no video",
            feed("SINGLE_VIDEO", &[], vec![with_url("123")]),
            "not a video of ad account",
        ),
        (
            "a failed video",
            feed("SINGLE_VIDEO", &[], vec![with_url(&bad)]),
            "failed processing",
        ),
        (
            "no thumbnail",
            feed("SINGLE_VIDEO", &[], vec![json!({"video_id": video})]),
            "needs a thumbnail",
        ),
        (
            "a thumbnail_hash not in the account",
            feed(
                "SINGLE_VIDEO",
                &[],
                vec![json!({"video_id": video, "thumbnail_hash": "0123abcd"})],
            ),
            "not an image of ad account",
        ),
        (
            "dcw's own file key",
            feed(
                "SINGLE_VIDEO",
                &[],
                vec![json!({"file": "run.mp4", "thumbnail_url": "https://x.example/t.jpg"})],
            ),
            "[file] is not a valid field",
        ),
        (
            "SINGLE_IMAGE with a video",
            feed("SINGLE_IMAGE", &[&hash], vec![with_url(&video)]),
            "SINGLE_IMAGE asset feed takes no videos",
        ),
        (
            "SINGLE_VIDEO without one",
            feed("SINGLE_VIDEO", &[], vec![]),
            "needs at least one video",
        ),
        (
            "SINGLE_VIDEO with images",
            feed("SINGLE_VIDEO", &[&hash], vec![with_url(&video)]),
            "takes no images",
        ),
        (
            "eleven videos",
            feed("AUTOMATIC_FORMAT", &[], many),
            "at most 10 videos",
        ),
    ];
    for (what, f, words) in refused {
        let r = creative_reply(&sb, f).await;
        assert_eq!(r.status, 400, "{what}: {}", r.body);
        assert_eq!(r.error().0, 100, "{what}");
        let message = r.body["error"]["message"].as_str().unwrap();
        assert!(message.contains(words), "{what}: {message}");
        let blame = &r.body["error"]["error_data"]["blame_field_specs"][0];
        assert_eq!(blame[0], "asset_feed_spec", "{what}: {}", r.body);
        if what == "no thumbnail" {
            assert_eq!(
                r.error(),
                (100, Some(1443226)),
                "Meta's subcode: {}",
                r.body
            );
        }
    }
    let twice = creative_reply(
        &sb,
        feed(
            "SINGLE_VIDEO",
            &[],
            vec![with_url(&video), with_url(&video)],
        ),
    )
    .await;
    assert_eq!(twice.error(), (100, Some(1815629)), "{}", twice.body);
    let taken = [
        feed("SINGLE_VIDEO", &[], vec![with_url(&video)]),
        feed(
            "SINGLE_VIDEO",
            &[],
            vec![json!({"video_id": video, "thumbnail_hash": hash})],
        ),
        feed("AUTOMATIC_FORMAT", &[&hash], vec![with_url(&video)]),
    ];
    for f in taken {
        let r = creative_reply(&sb, f.clone()).await;
        assert_eq!(r.status, 200, "{f}: {}", r.body);
    }
}

#[tokio::test]
async fn review_can_reject_a_video_by_name_and_insights_have_video_asset_rows() {
    use serde_json::json;
    let sb = start(config(Duration::ZERO)).await;
    let hash = sb.image().await;
    let clean = upload(&sb, &Mp4::square(2000).bytes(), "Boots in the snow").await;
    let flagged = upload(&sb, &Mp4::vertical(2000).bytes(), "Vape tricks").await;
    let c = sb.campaign("OUTCOME_SALES").await;
    let s = sb.ad_set(&c).await;
    let rejected = sb
        .creative(feed(
            "AUTOMATIC_FORMAT",
            &[&hash],
            vec![
                json!({"video_id": clean, "thumbnail_hash": hash}),
                json!({"video_id": flagged, "thumbnail_url": "https://cdn.example.com/v.jpg"}),
            ],
        ))
        .await;
    let ad = sb.ad(&s, &rejected).await.id();
    let read = sb.get(&s, &[("fields", "review_feedback")]).await;
    let text = read.body["review_feedback"].as_str().unwrap();
    let assets: Vec<Value> = serde_json::from_str(text).unwrap();
    assert_eq!(assets.len(), 1, "only the flagged video: {assets:?}");
    assert_eq!(assets[0]["video_id"], flagged.as_str());
    assert!(assets[0]["id"].is_u64());
    assert!(
        assets[0]["reason"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "TOBACCO"),
        "{assets:?}"
    );
    let status = sb.get(&ad, &[("fields", "effective_status")]).await;
    assert_eq!(status.body["effective_status"], "DISAPPROVED");

    let s2 = sb.ad_set(&c).await;
    let good = sb
        .creative(feed(
            "SINGLE_VIDEO",
            &[],
            vec![json!({"video_id": clean, "thumbnail_hash": hash})],
        ))
        .await;
    let a2 = sb.ad(&s2, &good).await.id();
    for id in [&c, &s2, &a2] {
        assert_eq!(
            sb.post(id, &[("status", "ACTIVE".into())]).await.status,
            200
        );
    }
    let rows = sb
        .get(
            &format!("{a2}/insights"),
            &[
                ("breakdowns", "video_asset"),
                ("fields", "impressions,clicks"),
                ("date_preset", "maximum"),
            ],
        )
        .await;
    let rows = data(&rows);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let v = &rows[0]["video_asset"];
    assert_eq!(v["video_id"], clean.as_str(), "{v}");
    assert_eq!(v["video_name"], "Boots in the snow");
    assert!(
        v["thumbnail_url"].as_str().unwrap().contains(&hash),
        "the thumbnail image's URL: {v}"
    );
    assert!(
        v["id"]
            .as_str()
            .unwrap()
            .bytes()
            .all(|b| b.is_ascii_digit()),
        "{v}"
    );
}

#[tokio::test]
async fn an_upload_in_flight_survives_a_sandbox_restart_with_its_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let with_state = || SandboxConfig {
        state_file: Some(state.clone()),
        ..config(Duration::ZERO)
    };
    let file = Mp4::square(5 * 1024 * 1024).bytes();
    let sb = start(with_state()).await;
    let s = start_upload(&sb, file.len() as u64).await;
    let session = s.body["upload_session_id"].as_str().unwrap().to_string();
    let video = s.body["video_id"].as_str().unwrap().to_string();
    let first = send_chunk(&sb, &session, 0, &file[..WINDOW as usize])
        .await
        .unwrap();
    assert_eq!(first.status, 200, "{}", first.body);
    sb.handle.unwrap().shutdown().await;
    let saved = std::fs::read_to_string(&state).unwrap();
    assert!(
        saved.len() < 64 * 1024,
        "sizes and offsets are saved, never the bytes: {} bytes",
        saved.len()
    );

    let sb = start(with_state()).await;
    let again = send_chunk(&sb, &session, 0, &file[..WINDOW as usize])
        .await
        .unwrap();
    assert_eq!(
        again.error(),
        (6001, Some(1363037)),
        "the first chunk is still there"
    );
    let rest = send_chunk(&sb, &session, WINDOW, &file[WINDOW as usize..])
        .await
        .unwrap();
    assert_eq!(rest.status, 200, "{}", rest.body);
    assert_eq!(
        finish_upload(&sb, &session, "run.mp4").await.body["success"],
        true
    );
    let v = status(&sb, &video).await;
    assert_eq!(v["status"]["video_status"], "ready", "{v}");
    assert_eq!(
        v["length"], 15.0,
        "what the first chunk showed was kept: {v}"
    );
}
