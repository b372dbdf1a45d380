//! Video uploads of a launch: Graph's chunked upload on `/act_<id>/advideos` (start, transfer,
//! finish), each acknowledged offset journaled so a killed or disconnected launch resumes from
//! the last chunk Meta acknowledged (never from zero, never as a second video); the chunks read
//! from disk one window at a time; then Meta's processing waited out, and the thumbnail found
//! (the spec's own image cut to its crop and uploaded, or Meta's preferred generated one).
//!
//! A video step's journal `stamp` records the file it uploads as `<size> bytes, fingerprint
//! <hex>, modified <time>` (SHA-256 of its first and last MiB, and its modification time)
//! [dcw's own], set before the upload starts: a
//! resumed upload of a file that changed is refused, and a video made from another version of
//! the file is not reused.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use super::error::{LaunchError, Stage};
use super::event::LaunchEvent;
use super::journal::{LaunchStep, StepState};
use super::pipeline::{MAX_ATTEMPTS, Run};
use super::requests::{self, FeedVideo};
use super::video_file::{Stamp, read_window, resume_window};
use crate::graph::{CallError, MAX_CHUNK_BYTES, Transferred, VideoState, Window};
use crate::spec::VideoAsset;
use crate::spec::units::file_name;
use crate::store::files::{FileKind, open_regular};

/// Times a `finish` Meta refuses for missing bytes (1363033) sends dcw back to transfer.
const MAX_REFILLS: u32 = 2;
/// Rounds of a transfer that move nothing forward before dcw gives up on Meta's offsets.
const MAX_STALLED_ROUNDS: u32 = 10;

/// Where an upload goes on from: a session of Meta's and the window it wants next.
struct Session {
    video_id: String,
    session: String,
    window: Window,
    /// Taken up from an earlier run's journal (Meta may have forgotten it).
    resumed: bool,
}

/// A processing state that waiting will not change: `error`, or `expired`.
fn is_final_failure(state: &VideoState) -> bool {
    match state {
        VideoState::Error => true,
        VideoState::Other(s) => s == "expired",
        _ => false,
    }
}

/// Reads of a processed video's generated thumbnails before dcw says Meta made none.
const THUMBNAIL_READS: u32 = 4;
impl Run {
    /// Uploads the spec's local videos (alongside the images, from the launch's one pool of
    /// upload turns),
    /// waits for Meta to process each, and finds its thumbnail; returns file → what the feed
    /// sends. A permit covers a video's transfer only: one waiting on Meta's processing
    /// holds none, so it never keeps the next video's bytes from going.
    pub(super) async fn videos(self: Arc<Self>) -> Result<HashMap<String, FeedVideo>, LaunchError> {
        let sem = self.uploads.clone();
        let mut tasks = tokio::task::JoinSet::new();
        for v in requests::video_entries(&self.spec) {
            let run = self.clone();
            let sem = sem.clone();
            tasks.spawn(async move {
                let file = v.file.clone().unwrap_or_default();
                run.video(&v, &sem).await.map(|made| (file, made))
            });
        }
        let mut out = HashMap::new();
        let mut first_error = None;
        while let Some(joined) = tasks.join_next().await {
            match joined.map_err(|e| LaunchError::Io(format!("a video task failed: {e}")))? {
                Ok((file, made)) => {
                    out.insert(file, made);
                }
                Err(e) => first_error = first_error.or(Some(e)),
            }
        }
        match first_error {
            Some(e) => Err(e),
            None => {
                out.extend(self.id_video_thumbnails().await?);
                Ok(out)
            }
        }
    }

    /// One video: uploaded (or resumed, or reused), processed, with its thumbnail.
    async fn video(
        &self,
        v: &VideoAsset,
        transfers: &tokio::sync::Semaphore,
    ) -> Result<FeedVideo, LaunchError> {
        let file = v.file.clone().unwrap_or_default();
        let video_id = {
            let _permit = transfers.acquire().await;
            self.upload_video(&file).await?
        };
        self.processed(&file, &video_id).await?;
        let mut made = FeedVideo {
            video_id,
            ..FeedVideo::default()
        };
        if let Some(t) = v.thumbnail.as_ref().filter(|t| t.file.is_some()) {
            made.thumbnail_hash = Some(self.thumbnail(&file, t).await?);
        } else if v.thumbnail_hash.is_none() && v.thumbnail_url.is_none() {
            made.thumbnail_url = Some(self.generated_thumbnail(&file, &made.video_id).await?);
        }
        Ok(made)
    }

    /// A step's recorded stamp (empty without one) and state.
    fn state_of(&self, key: &LaunchStep) -> Option<(String, StepState)> {
        let j = self.snapshot();
        j.step(key)
            .map(|s| (s.stamp.clone().unwrap_or_default(), s.state.clone()))
    }

    /// Records the file's stamp on its step.
    fn record_stamp(&self, key: &LaunchStep, stamp: &Stamp) -> Result<(), LaunchError> {
        self.update(|j| {
            if let Some(s) = j.step_mut(key) {
                s.stamp = Some(stamp.text.clone());
            }
        })
    }

    /// The video's id on Meta once every byte is there: an earlier run's (the same file), the
    /// rest of an earlier run's upload, or a new upload.
    async fn upload_video(&self, file: &str) -> Result<String, LaunchError> {
        let key = LaunchStep::Video(file.to_string());
        let path = self.opts.spec_dir.join(file);
        let stamp = Stamp::of(&path)?;
        let (recorded, state) = self.state_of(&key).ok_or_else(|| {
            LaunchError::Io(format!(
                "the launch journal has no {}; it belongs to another version of the spec",
                key.label("")
            ))
        })?;
        let session = match state {
            StepState::Created { id } if recorded == stamp.text => {
                self.emit(LaunchEvent::Reused {
                    key,
                    id: id.clone(),
                });
                return Ok(id);
            }
            StepState::Created { id } => {
                self.warn(format!(
                    "{file} changed since it was uploaded as video {id}: uploading it again"
                ))?;
                None
            }
            StepState::Transferring {
                video_id,
                session,
                acked,
                size,
                end,
            } => {
                if recorded != stamp.text || size != stamp.size {
                    return Err(LaunchError::Io(format!(
                        "{}: the file changed while its upload was under way (it was {recorded}, it is {}); put the file back as it was, or start a new launch with --new",
                        path.display(),
                        stamp.text
                    )));
                }
                Some(Session {
                    video_id,
                    session,
                    window: resume_window(acked, end, size),
                    resumed: true,
                })
            }
            // Pending, failed, or a start whose answer was lost: a session Meta opened but
            // dcw never heard of is abandoned, never a video; start again.
            _ => None,
        };
        self.emit(LaunchEvent::Started {
            key: key.clone(),
            name: file_name(file).to_string(),
        });
        let mut session = match session {
            Some(s) => s,
            None => self.start_upload(&key, &stamp).await?,
        };
        let mut refills = 0;
        loop {
            match self.transfer(&key, &path, &stamp, &session).await {
                Ok(()) => {}
                Err(e @ LaunchError::Rejected { .. }) if session.resumed => {
                    self.warn(format!(
                        "{file}: Meta no longer takes the earlier upload session ({e}); uploading the file again as a new video"
                    ))?;
                    session = self.start_upload(&key, &stamp).await?;
                    continue;
                }
                Err(e) => return Err(e),
            }
            match self.finish_upload(&key, file, &session).await? {
                Some(id) => return Ok(id),
                // Meta lacks bytes the journal says it acknowledged (a damaged or foreign
                // journal): a window from the start makes Meta say where it stands (1363037),
                // and the session goes on from there, never as a second video.
                None if refills < MAX_REFILLS => {
                    refills += 1;
                    self.emit(LaunchEvent::Info(format!(
                        "{file}: Meta does not have every byte yet; asking where the upload stands"
                    )));
                    session.window = resume_window(u64::MAX, 0, stamp.size);
                    session.resumed = true;
                }
                None => {
                    return Err(LaunchError::Io(format!(
                        "{file}: Meta still lacks bytes of the upload after {MAX_REFILLS} rounds; start a new launch with --new"
                    )));
                }
            }
        }
    }

    /// `upload_phase=start`: journaled `sent` before, `transferring` on Meta's answer. A lost
    /// answer is started again (the abandoned session is never a video).
    async fn start_upload(&self, key: &LaunchStep, stamp: &Stamp) -> Result<Session, LaunchError> {
        self.record_stamp(key, stamp)?;
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.set_state(key, StepState::Sent { attempt })?;
            self.alive()?;
            match self.client.upload_start(&self.account, stamp.size).await {
                Ok(s) => {
                    self.set_state(
                        key,
                        StepState::Transferring {
                            video_id: s.video_id.clone(),
                            session: s.session.clone(),
                            acked: s.window.start,
                            size: stamp.size,
                            end: s.window.end,
                        },
                    )?;
                    return Ok(Session {
                        video_id: s.video_id,
                        session: s.session,
                        window: s.window,
                        resumed: false,
                    });
                }
                Err(e) if e.is_uncertain() && attempt < MAX_ATTEMPTS => {
                    tokio::time::sleep(self.opts.backoff(attempt)).await;
                }
                Err(e) => return Err(self.failed(key, e)),
            }
        }
    }

    fn failed(&self, key: &LaunchStep, e: CallError) -> LaunchError {
        let _ = self.set_state(
            key,
            StepState::Failed {
                error: e.to_string(),
            },
        );
        LaunchError::from_call(key.clone(), e)
    }

    /// Sends the windows Meta asks for, from the session's, until it has every byte; each
    /// acknowledged offset is journaled before the next chunk goes. A chunk Meta refuses
    /// leaves the journal at the last acknowledged offset, so the next run resumes there (a
    /// throttle or an outage costs no byte already sent); a resumed session that Meta refuses
    /// is an error the caller answers by starting again.
    async fn transfer(
        &self,
        key: &LaunchStep,
        path: &Path,
        stamp: &Stamp,
        s: &Session,
    ) -> Result<(), LaunchError> {
        let (mut file, _) =
            open_regular(path, FileKind::Video).map_err(|e| LaunchError::Io(e.to_string()))?;
        let name = file_name(&path.display().to_string()).to_string();
        let mut w = s.window;
        let mut furthest = w.start;
        let mut stalled = 0;
        while !w.is_done() {
            if w.end > stamp.size || w.end - w.start > MAX_CHUNK_BYTES {
                return Err(LaunchError::Io(format!(
                    "{}: Meta asked for bytes {} to {} of a {}-byte file (at most {MAX_CHUNK_BYTES} at once); nothing was sent",
                    path.display(),
                    w.start,
                    w.end,
                    stamp.size
                )));
            }
            let chunk = read_window(&mut file, w, path)?;
            let next = match self.send_chunk(key, &s.session, w, chunk, &name).await? {
                Ok(n) => n,
                Err(e) => return Err(LaunchError::from_call(key.clone(), e)),
            };
            let nw = next.window();
            if let Transferred::Elsewhere(_) = next {
                tracing::info!(
                    at = nw.start,
                    "Meta has other offsets; continuing from them"
                );
            }
            if nw.start > furthest {
                furthest = nw.start;
                stalled = 0;
            } else {
                stalled += 1;
                if stalled > MAX_STALLED_ROUNDS {
                    return Err(LaunchError::Network {
                        step: key.clone().into(),
                        message: format!(
                            "Meta's offsets have not moved past byte {furthest} in {MAX_STALLED_ROUNDS} chunks; run the same command again to resume"
                        ),
                    });
                }
            }
            self.set_state(
                key,
                StepState::Transferring {
                    video_id: s.video_id.clone(),
                    session: s.session.clone(),
                    acked: nw.start,
                    size: stamp.size,
                    end: nw.end,
                },
            )?;
            self.emit(LaunchEvent::Transfer {
                key: key.clone(),
                acked: nw.start,
                total: stamp.size,
            });
            w = nw;
        }
        Ok(())
    }

    /// One chunk, sent again at the same offset after an uncertain answer: Meta then either
    /// takes it or says (1363037) where it is, so no byte is counted twice.
    async fn send_chunk(
        &self,
        key: &LaunchStep,
        session: &str,
        w: Window,
        chunk: Vec<u8>,
        name: &str,
    ) -> Result<Result<Transferred, CallError>, LaunchError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.alive()?;
            let sent = self
                .client
                .upload_transfer(&self.account, session, w.start, chunk.clone(), name)
                .await;
            match sent {
                Err(e) if e.is_uncertain() && attempt < MAX_ATTEMPTS => {
                    self.emit(LaunchEvent::Info(format!(
                        "{}: {e}; sending the chunk at byte {} again",
                        key.label(""),
                        w.start
                    )));
                    tokio::time::sleep(self.opts.backoff(attempt)).await;
                }
                other => return Ok(other),
            }
        }
    }

    /// `upload_phase=finish` with the file's name as the title; an uncertain answer is checked
    /// against the video's `status.uploading_phase` (complete: adopted) before it is sent again.
    /// The video's id, or `None` when Meta refuses for bytes it lacks (1363033).
    async fn finish_upload(
        &self,
        key: &LaunchStep,
        file: &str,
        s: &Session,
    ) -> Result<Option<String>, LaunchError> {
        let title = file_name(file);
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.alive()?;
            match self
                .client
                .upload_finish(&self.account, &s.session, title)
                .await
            {
                Ok(()) => break,
                Err(e) if crate::graph::is_incomplete_upload(&e) => return Ok(None),
                Err(e) if e.is_uncertain() && attempt < MAX_ATTEMPTS => {
                    match self.client.video_status(&self.account, &s.video_id).await {
                        Ok(st) if st.upload_complete() => break,
                        _ => tokio::time::sleep(self.opts.backoff(attempt)).await,
                    }
                }
                Err(e) => return Err(self.failed(key, e)),
            }
        }
        self.set_state(
            key,
            StepState::Created {
                id: s.video_id.clone(),
            },
        )?;
        self.emit(LaunchEvent::Created {
            key: key.clone(),
            id: s.video_id.clone(),
        });
        Ok(Some(s.video_id.clone()))
    }

    /// Waits (polling, up to the options' deadline) until Meta has processed the video; an
    /// `error` status names the file and Meta's reason, and the step is failed so a rerun
    /// uploads again.
    async fn processed(&self, file: &str, id: &str) -> Result<(), LaunchError> {
        let key = LaunchStep::Video(file.to_string());
        let started = std::time::Instant::now();
        let mut reads = 0u32;
        loop {
            self.alive()?;
            let st = self
                .client
                .video_status(&self.account, id)
                .await
                .map_err(|e| LaunchError::from_call(Stage::other("video status"), e))?;
            reads += 1;
            match &st.state {
                VideoState::Ready => {
                    self.emit(LaunchEvent::Processing {
                        key: key.clone(),
                        percent: 100,
                    });
                    return Ok(());
                }
                // `expired`: an upload Meta let go of; waiting longer changes nothing.
                state @ (VideoState::Error | VideoState::Other(_)) if is_final_failure(state) => {
                    let reason = match (st.errors.is_empty(), state) {
                        (false, _) => st.errors.join("; "),
                        (true, VideoState::Error) => "no reason given".to_string(),
                        (true, _) => "the video expired; upload it again".to_string(),
                    };
                    let text = format!("{file}: Meta could not process the video {id}: {reason}");
                    let _ = self.set_state(
                        &key,
                        StepState::Failed {
                            error: text.clone(),
                        },
                    );
                    return Err(LaunchError::Io(text));
                }
                _ => self.emit(LaunchEvent::Processing {
                    key: key.clone(),
                    percent: st.progress.unwrap_or(0),
                }),
            }
            if started.elapsed() >= self.opts.video_wait {
                return Err(LaunchError::Network {
                    step: key.into(),
                    message: format!(
                        "Meta was still processing the video after {} s ({reads} status reads); run the same command again to go on waiting",
                        self.opts.video_wait.as_secs()
                    ),
                });
            }
            tokio::time::sleep(self.opts.video_poll).await;
        }
    }

    /// The uri of Meta's preferred generated thumbnail of a processed video.
    async fn generated_thumbnail(&self, file: &str, id: &str) -> Result<String, LaunchError> {
        // Meta may list the thumbnails a moment after the video is ready: a few more reads,
        // one poll interval apart, before dcw gives up on them [dcw's own].
        let mut all = Vec::new();
        for read in 0..THUMBNAIL_READS {
            if read > 0 {
                tokio::time::sleep(self.opts.video_poll).await;
            }
            self.alive()?;
            all = self
                .client
                .video_thumbnails(&self.account, id)
                .await
                .map_err(|e| LaunchError::from_call(Stage::other("video thumbnails"), e))?;
            if !all.is_empty() {
                break;
            }
        }
        crate::graph::preferred(&all)
            .map(|t| t.uri.clone())
            .ok_or_else(|| {
                LaunchError::Io(format!(
                    "{file}: Meta generated no thumbnail for video {id}; give the video a thumbnail (a local image, thumbnail_hash or thumbnail_url)"
                ))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_error_and_expired_end_the_wait_for_processing() {
        assert!(is_final_failure(&VideoState::Error));
        assert!(is_final_failure(&VideoState::Other("expired".into())));
        for going_on in [
            VideoState::Processing,
            VideoState::Ready,
            VideoState::Other("upload_complete".into()),
            VideoState::Other(String::new()),
        ] {
            assert!(!is_final_failure(&going_on), "{going_on:?}");
        }
    }
}
