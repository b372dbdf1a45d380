//! `--activate`: once everything exists, the launch's objects are turned on.

use super::error::{LaunchError, Stage};
use super::event::LaunchEvent;
use super::pipeline::Run;

impl Run {
    /// Flips the ads, the ad sets and the campaign to ACTIVE: children first, the campaign last,
    /// so nothing can spend before all is in place.
    pub(super) async fn activate(
        &self,
        ad_ids: Vec<String>,
        set_ids: Vec<String>,
        campaign: String,
    ) -> Result<(), LaunchError> {
        let mut ids = ad_ids;
        ids.extend(set_ids);
        ids.push(campaign);
        for id in ids {
            self.client
                .set_status(&self.account, &id, "ACTIVE")
                .await
                .map_err(|e| LaunchError::from_call(Stage::other("activate"), e))?;
        }
        self.emit(LaunchEvent::Info(
            "activated: ads, ad sets and campaign are ACTIVE".into(),
        ));
        Ok(())
    }
}
