//! Image uploads of a launch: local files hashed with MD5 as Meta does, the ones the account
//! already has skipped, the rest uploaded a few at a time. Uploading the same bytes again gives
//! the same hash, so an uncertain upload is simply sent again.

use std::collections::HashMap;
use std::sync::Arc;

use super::error::{LaunchError, Stage};
use super::event::LaunchEvent;
use super::journal::{LaunchStep, StepState};
use super::pipeline::{MAX_ATTEMPTS, Run};
use super::requests;

impl Run {
    /// Uploads the spec's image files that the account does not have yet; returns file → hash.
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
        if !pending.is_empty() {
            let wanted: Vec<String> = pending.iter().map(|(_, h, _)| h.clone()).collect();
            let existing = self
                .client
                .existing_image_hashes(&self.account, &wanted)
                .await
                .map_err(|e| LaunchError::from_call(Stage::other("images"), e))?;
            let sem = Arc::new(tokio::sync::Semaphore::new(
                self.opts.upload_concurrency.max(1),
            ));
            let mut tasks = tokio::task::JoinSet::new();
            for (file, hash, bytes) in pending {
                let key = LaunchStep::Image(file.clone());
                if existing.contains(hash) {
                    self.set_state(&key, StepState::Created { id: hash.clone() })?;
                    self.emit(LaunchEvent::Reused {
                        key,
                        id: hash.clone(),
                    });
                    continue;
                }
                let run = self.clone();
                let sem = sem.clone();
                let (file, hash, bytes) = (file.clone(), hash.clone(), bytes.clone());
                tasks.spawn(async move {
                    let _permit = sem.acquire().await;
                    run.upload(&file, &hash, bytes).await
                });
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
        }
        for (f, _, _) in &local {
            if let Some(h) = self.created(&LaunchStep::Image(f.clone())) {
                hashes.insert(f.clone(), h);
            }
        }
        Ok(hashes)
    }

    /// Uploading the same bytes again gives the same hash, so an uncertain upload is simply
    /// sent again.
    async fn upload(&self, file: &str, hash: &str, bytes: Vec<u8>) -> Result<(), LaunchError> {
        let key = LaunchStep::Image(file.to_string());
        let name = std::path::Path::new(file)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(file)
            .to_string();
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
}
