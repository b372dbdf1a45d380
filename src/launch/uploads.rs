//! Image uploads of a launch: local files hashed with MD5 as Meta does, the ones an earlier launch
//! uploaded to the account looked up and skipped when Meta still has them, the rest uploaded
//! several at a time. Uploading the same bytes again gives the same hash, so an uncertain upload
//! is simply sent again.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::error::{LaunchError, Stage};
use super::event::LaunchEvent;
use super::journal::{LaunchJournal, LaunchStep, StepState};
use super::pipeline::{MAX_ATTEMPTS, Run};
use super::requests;

impl Run {
    /// Uploads the spec's image files that the account does not have yet; returns file → hash.
    /// An image an earlier launch in this journal folder uploaded to this account is looked
    /// up by hash first and not sent again when Meta still has it; any other image is uploaded
    /// at once, since a lookup would put a round trip before every fresh launch's creative, and
    /// uploading bytes Meta already has only gives back their hash again.
    pub(super) async fn images(self: Arc<Self>) -> Result<HashMap<String, String>, LaunchError> {
        let files = requests::image_files(&self.spec);
        let mut local: Vec<(String, String, Vec<u8>)> = Vec::new();
        for f in &files {
            let path = self.opts.spec_dir.join(f);
            // A regular file of at most Meta's 30 MB, opened without blocking: a named pipe
            // or a device named as an image is refused, not waited on.
            let bytes =
                crate::store::files::read_bounded(&path, crate::store::files::FileKind::Image)
                    .map_err(|e| LaunchError::Io(e.to_string()))?;
            let hash = crate::store::images::md5_hex(&bytes);
            local.push((f.clone(), hash, bytes));
        }
        let mut hashes = HashMap::new();
        let pending: Vec<&(String, String, Vec<u8>)> = local
            .iter()
            .filter(|(f, _, _)| self.created(&LaunchStep::Image(f.clone())).is_none())
            .collect();
        // Only hashes an earlier launch uploaded to this account are looked up first; the rest
        // go at once, alongside that lookup and the campaign.
        let before = self.hashes_uploaded_before();
        let (known, fresh): (Vec<_>, Vec<_>) = pending
            .into_iter()
            .partition(|(_, h, _)| before.contains(h));
        let sem = self.uploads.clone();
        let mut tasks = tokio::task::JoinSet::new();
        let mut send = |file: &String, hash: &String, bytes: &Vec<u8>| {
            let run = self.clone();
            let sem = sem.clone();
            let (file, hash, bytes) = (file.clone(), hash.clone(), bytes.clone());
            tasks.spawn(async move {
                let _permit = sem.acquire().await;
                let key = LaunchStep::Image(file.clone());
                run.upload(key, &file, &hash, bytes).await
            });
        };
        for (file, hash, bytes) in fresh {
            send(file, hash, bytes);
        }
        if !known.is_empty() {
            let wanted: Vec<String> = known.iter().map(|(_, h, _)| h.clone()).collect();
            let existing = self
                .client
                .existing_image_hashes(&self.account, &wanted)
                .await
                .map_err(|e| LaunchError::from_call(Stage::other("images"), e))?;
            for (file, hash, bytes) in known {
                if !existing.contains(hash) {
                    send(file, hash, bytes);
                    continue;
                }
                let key = LaunchStep::Image(file.clone());
                self.set_state(&key, StepState::Created { id: hash.clone() })?;
                self.emit(LaunchEvent::Reused {
                    key,
                    id: hash.clone(),
                });
            }
        }
        let mut first_error = None;
        while let Some(joined) = tasks.join_next().await {
            if let Err(e) =
                joined.map_err(|e| LaunchError::Io(format!("an upload task failed: {e}")))?
            {
                first_error = first_error.or(Some(e));
            }
        }
        if let Some(e) = first_error {
            return Err(e);
        }
        for (f, _, _) in &local {
            if let Some(h) = self.created(&LaunchStep::Image(f.clone())) {
                hashes.insert(f.clone(), h);
            }
        }
        Ok(hashes)
    }

    /// Uploads an image (a spec's image, or a video's thumbnail cut to its crop) as `key`.
    /// Uploading the same bytes again gives the same hash, so an uncertain upload is simply
    /// sent again.
    pub(super) async fn upload(
        &self,
        key: LaunchStep,
        file: &str,
        hash: &str,
        bytes: Vec<u8>,
    ) -> Result<(), LaunchError> {
        let name = crate::spec::units::file_name(file).to_string();
        self.emit(LaunchEvent::Started {
            key: key.clone(),
            name: name.clone(),
        });
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.set_state(&key, StepState::Sent { attempt })?;
            self.alive()?;
            match self
                .client
                .upload_image(&self.account, &name, bytes.clone())
                .await
            {
                Ok(up) => {
                    if up.hash != hash {
                        self.warn(format!(
                            "{file}: Meta's hash {} differs from the file's MD5 {hash}",
                            up.hash
                        ))?;
                    }
                    self.set_state(
                        &key,
                        StepState::Created {
                            id: up.hash.clone(),
                        },
                    )?;
                    self.emit(LaunchEvent::Created { key, id: up.hash });
                    return Ok(());
                }
                Err(e) if e.is_uncertain() && attempt < MAX_ATTEMPTS => {
                    self.emit(LaunchEvent::Info(format!(
                        "{file}: {e}; uploading again (same bytes, same hash)"
                    )));
                    tokio::time::sleep(self.opts.backoff(attempt)).await;
                }
                Err(e) => {
                    self.set_state(
                        &key,
                        StepState::Failed {
                            error: e.to_string(),
                        },
                    )?;
                    return Err(LaunchError::from_call(key, e));
                }
            }
        }
    }

    /// The image hashes other journals in the folder record as uploaded to this account.
    fn hashes_uploaded_before(&self) -> HashSet<String> {
        let me = self.snapshot().id;
        crate::store::journals::list_journals::<LaunchJournal>(&self.opts.journal_dir)
            .into_iter()
            .filter_map(|(_, j)| j.ok())
            .filter(|j| j.id != me && j.account == self.account)
            .flat_map(|j| j.steps)
            .filter(|s| matches!(s.key, LaunchStep::Image(_)))
            .filter_map(|s| match s.state {
                StepState::Created { id } => Some(id),
                _ => None,
            })
            .collect()
    }
}
