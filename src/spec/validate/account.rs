//! The top of the spec: version, account, identity, currency; and the ad.

use super::super::model::LaunchSpec;
use super::super::values::{Currency, GraphId};
use super::{Facts, Report, at};
use crate::spec::lenient::Lenient;

pub(super) fn check(spec: &LaunchSpec, facts: &Facts, r: &mut Report) {
    match spec.version {
        Some(1) => {}
        None => {
            r.error(
                "version",
                "spec.version_missing",
                "The spec has no version number.",
            )
            .file_hint("Add \"version\": 1.");
        }
        Some(v) => {
            r.error(
                "version",
                "spec.version_unknown",
                format!("Spec version {v} is not one this dcw reads: it reads version 1."),
            );
        }
    }
    match spec.account_id.as_deref() {
        None => {
            r.error(
                "account_id",
                "account.id_missing",
                "No ad account is chosen.",
            )
            .file_hint("Add \"account_id\": \"act_<digits>\"; `dcw` lists your accounts.");
        }
        Some(id) => {
            let digits = id.strip_prefix("act_").unwrap_or("");
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                r.error(
                    "account_id",
                    "account.id_malformed",
                    format!("Ad account \"{id}\" is not an ad account id."),
                )
                .hint("Ad account ids look like \"act_1234567890\".");
            }
        }
    }
    match &spec.page_id {
        None => {
            r.error("page_id", "account.page_missing", "No Facebook Page is chosen: the ads run under a Page.")
                .file_hint("The creative's object_story_spec needs the Page that runs the ads: add \"page_id\".");
        }
        Some(id) => check_id(id, "page_id", "Facebook Page", r),
    }
    if let Some(id) = &spec.instagram_user_id {
        check_id(id, "instagram_user_id", "Instagram account", r);
    }
    let written = spec.currency.as_deref().map(|c| (c, Currency::new(c)));
    match (written, &facts.currency) {
        (Some((text, None)), _) => {
            r.error(
                "currency",
                "account.currency_malformed",
                format!("Currency \"{text}\" is not a currency code."),
            )
            .hint("Use the account's ISO 4217 code, like \"USD\" or \"JPY\".");
        }
        (Some((_, Some(mine))), Some(account)) if &mine != account => {
            r.error(
                "currency",
                "account.currency_mismatch",
                format!(
                    "Currency {mine} is not the ad account's: it bills in {account}, so every amount would be off."
                ),
            )
            .file_hint(format!("Write amounts in {account} minor units and set \"currency\": \"{account}\"."));
        }
        _ => {}
    }
}

pub(super) fn check_id(id: &GraphId, path: &str, what: &str, r: &mut Report) {
    if !id.is_numeric() {
        r.error(
            path,
            "spec.id_malformed",
            format!("{what} \"{id}\" is not a Graph id: ids are digits only."),
        );
    }
}

/// The creation status of a campaign, ad set or ad: ACTIVE or PAUSED.
pub(super) fn check_status(
    status: Option<&Lenient<crate::spec::Status>>,
    path: &str,
    r: &mut Report,
) {
    use crate::spec::Status;
    match status {
        None | Some(Lenient::Known(Status::Active | Status::Paused)) => {}
        Some(other) => {
            r.error(
                path,
                "spec.status_invalid",
                format!(
                    "Status {other} is not one a new object takes: it is created ACTIVE or PAUSED."
                ),
            )
            .file_hint("Use \"PAUSED\" (dcw's default) or \"ACTIVE\".");
        }
    }
}

pub(super) fn check_ad(spec: &LaunchSpec, r: &mut Report) {
    let Some(ad) = &spec.ad else {
        r.error("ad", "ad.missing", "The spec has no ad.")
            .file_hint("Add \"ad\": {\"name\": \"…\", \"status\": \"PAUSED\"}.");
        return;
    };
    if ad.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
        r.error(at("ad", "name"), "ad.name_missing", "Ad name is empty.");
    }
    check_status(ad.status.as_ref(), "ad.status", r);
}
