//! `--activate`: once everything exists, the launch's objects are turned on. An ad Meta
//! refuses to turn on after its rejection (2490427/2490468) is replaced once, as the fix
//! replaces one (`replace.rs`): a copy of its ad set holding a new ad on the launch's
//! creative, turned on in its place.

use std::sync::Arc;

use super::error::{LaunchError, Stage};
use super::event::LaunchEvent;
use super::fix;
use super::journal::LaunchStep;
use super::pipeline::{MAX_ATTEMPTS, Run};
use super::replace::{self, Placed, Replacement};
use crate::graph::CallError;

impl Run {
    /// Flips the ads, the ad sets and the campaign to ACTIVE: children first, the campaign last,
    /// so nothing can spend before all is in place. Each ad is the one it is now (a fix or an
    /// earlier replacement of it followed); an ad Meta will not turn on is replaced once.
    pub(super) async fn activate(
        self: &Arc<Self>,
        ad_ids: Vec<String>,
        set_ids: Vec<String>,
        campaign: String,
    ) -> Result<(), LaunchError> {
        let j = self.snapshot();
        let mut sets = Vec::new();
        for (i, set) in set_ids.iter().enumerate() {
            let Some(ad) = j.created(LaunchStep::Ad(i)).filter(|a| ad_ids.contains(a)) else {
                return Err(LaunchError::Io(format!(
                    "the launch journal {} names no {} to activate",
                    j.id,
                    LaunchStep::Ad(i).label("")
                )));
            };
            let now = replace::current(&self.opts.journal_dir, &j.graph, &self.account, &ad, set);
            let name = j
                .step(LaunchStep::Ad(i))
                .map_or("", |s| &s.name)
                .to_string();
            sets.push(self.activate_ad(now, name, &campaign).await?);
        }
        for id in sets.into_iter().chain([campaign]) {
            if let Err(e) = self.turn_on(&id).await? {
                return Err(LaunchError::from_call(Stage::other("activate"), e));
            }
        }
        self.emit(LaunchEvent::Info(
            "activated: ads, ad sets and campaign are ACTIVE".into(),
        ));
        Ok(())
    }

    /// Turns one ad on, or its replacement when Meta refuses; the ad set to turn on then.
    async fn activate_ad(
        self: &Arc<Self>,
        at: Placed,
        name: String,
        campaign: &str,
    ) -> Result<String, LaunchError> {
        let refused = match self.turn_on(&at.ad).await? {
            Ok(()) => return Ok(at.adset),
            Err(e) if fix::needs_new_ad(&e) && !at.replacement => e,
            Err(e) if fix::needs_new_ad(&e) => return Err(rejected_again(&at.ad, e)),
            Err(e) => return Err(LaunchError::from_call(Stage::other("activate"), e)),
        };
        let rep = Replacement {
            ad_id: at.ad.clone(),
            ad_name: name,
            adset_id: at.adset.clone(),
            campaign_id: campaign.to_string(),
            creative_id: self.created(&LaunchStep::Creative).unwrap_or_default(),
        };
        let new = replace::replace(self, &rep, &refused).await?;
        self.warn(format!(
            "ad {} was rejected in its latest review and Meta refuses to turn it on; ad {} in a copy of its ad set ({}) replaces it and is turned on instead",
            at.ad, new.ad, new.adset
        ))?;
        match self.turn_on(&new.ad).await? {
            Ok(()) => Ok(new.adset),
            Err(e) if fix::needs_new_ad(&e) => Err(rejected_again(&new.ad, e)),
            Err(e) => Err(LaunchError::from_call(Stage::other("activate"), e)),
        }
    }

    /// `POST /<id>` with `status=ACTIVE`, sent again after an uncertain answer (turning on is
    /// idempotent); Graph's refusal is the inner error.
    async fn turn_on(&self, id: &str) -> Result<Result<(), CallError>, LaunchError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.alive()?;
            match self.client.set_status(&self.account, id, "ACTIVE").await {
                Ok(()) => return Ok(Ok(())),
                Err(e) if e.is_uncertain() && attempt < MAX_ATTEMPTS => {
                    tokio::time::sleep(self.opts.backoff(attempt)).await;
                }
                Err(e) => return Ok(Err(e)),
            }
        }
    }
}

/// A replacement Meta refuses to turn on too: no third ad; the creative needs a fix.
fn rejected_again(ad: &str, error: CallError) -> LaunchError {
    LaunchError::Rejected {
        step: Stage::other(format!(
            "activating ad {ad}, which replaced a rejected ad and was rejected too (fix its creative from the status pane: dcw watch, then e or x and Ctrl+S)"
        )),
        error,
        fields: Vec::new(),
    }
}
