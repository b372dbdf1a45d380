//! Rules for the top of the spec (version, account, page, currency), the campaign (§1 of the
//! reference and the seed guide's step 1), and the ad's name and status.
//!
//! One table per rule: each row a spec (the base, edited) and what its findings must hold.

use crate::common;
use common::rules::*;
use common::*;

use dcw::spec::{Currency, Finding, validate};
use rstest::rstest;
use serde_json::{Value, json};

/// Findings for a spec when the ad account bills in `account_currency`.
fn check_with_account_currency(v: &Value, account_currency: &str) -> Vec<Finding> {
    let s = spec(v);
    let mut f = facts_with_images(&s);
    f.currency = Some(Currency::new(account_currency).expect("test currency is a code"));
    validate(&s, &f)
}

/// The base spec with the budget and the bid strategy on the campaign (Advantage campaign
/// budget) instead of the ad set.
fn with_campaign_budget() -> Value {
    base_json()
        .without("ad_set.lifetime_budget")
        .without("ad_set.bid_strategy")
        .with("campaign.lifetime_budget", 50000)
        .with("campaign.bid_strategy", "LOWEST_COST_WITHOUT_CAP")
}

// ---------------------------------------------------------------- version

#[rstest]
#[case::missing(base_json().without("version"),
    error("spec.version_missing", "version").none(&["spec.version_unknown"]))]
#[case::two_named_in_the_refusal(base_json().with("version", 2),
    error("spec.version_unknown", "version").says("Spec version 2 is not one").none(&["spec.version_missing"]))]
#[case::one_is_accepted(base_json().with("version", 1),
    absent(&["spec.version_missing", "spec.version_unknown"]).clean())]
fn version(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------- account id

#[rstest]
#[case::missing(base_json().without("account_id"),
    error("account.id_missing", "account_id").none(&["account.id_malformed"]))]
#[case::act_1(base_json().with("account_id", "act_1"), absent(&["account.id_malformed"]).clean())]
#[case::act_10_digits(base_json().with("account_id", "act_1234567890"),
    absent(&["account.id_malformed"]).clean())]
#[case::act_leading_zeros(base_json().with("account_id", "act_000123"),
    absent(&["account.id_malformed"]).clean())]
fn account_id(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

/// Without the `act_` prefix or with non-digits, the id is malformed, quoted in the message.
#[rstest]
#[case::no_prefix("1234567890")]
#[case::no_digits("act_")]
#[case::letters("act_12ab")]
#[case::upper_case_prefix("ACT_1234567890")]
#[case::space("act_ 123")]
fn account_id_malformed(#[case] bad: &str) {
    error("account.id_malformed", "account_id")
        .says(bad)
        .none(&["account.id_missing"])
        .check(&base_json().with("account_id", bad));
}

// ---------------------------------------------------------------- page and Instagram ids

#[rstest]
#[case::page_missing_the_creative_needs_it(base_json().without("page_id"),
    error("account.page_missing", "page_id"))]
#[case::page_as_a_bare_number(base_json().with("page_id", json!(102938475610293_i64)),
    absent(&["account.page_missing", "spec.id_malformed"]).clean())]
#[case::page_not_digits(base_json().with("page_id", "winter-boots-shop"),
    error("spec.id_malformed", "page_id")
        .says("Facebook Page").says("winter-boots-shop").none(&["account.page_missing"]))]
#[case::instagram_handle(base_json().with("instagram_user_id", "@winterboots"),
    error("spec.id_malformed", "instagram_user_id").says("Instagram account \""))]
#[case::instagram_optional(base_json().without("instagram_user_id"),
    absent(&["spec.id_malformed"]).clean())]
fn page_and_instagram_ids(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------- currency

/// A currency that is not a three-letter code is malformed, quoted in the message.
#[rstest]
#[case::symbol("US$")]
#[case::word("DOLLARS")]
#[case::two_letters("US")]
#[case::euro_sign("€UR")]
fn currency_malformed(#[case] bad: &str) {
    error("account.currency_malformed", "currency")
        .says(bad)
        .check(&base_json().with("currency", bad));
}

/// The spec's currency against the account's (the base spec says USD).
#[rstest]
#[case::malformed_is_not_a_mismatch(base_json().with("currency", "US$"), "USD",
    error("account.currency_malformed", "currency").none(&["account.currency_mismatch"]))]
#[case::other_than_the_accounts_names_both(base_json(), "EUR",
    error("account.currency_mismatch", "currency").says("USD").says("EUR").hints("EUR"))]
#[case::same_upper_case(base_json().with("currency", "USD"), "USD",
    absent(&["account.currency_mismatch", "account.currency_malformed"]).clean())]
#[case::same_lower_case(base_json().with("currency", "usd"), "USD",
    absent(&["account.currency_mismatch", "account.currency_malformed"]).clean())]
#[case::none_written_is_no_mismatch(base_json().without("currency"), "EUR",
    absent(&["account.currency_mismatch"]).clean())]
fn currency_of_the_account(#[case] spec: Value, #[case] account: &str, #[case] expect: Expect) {
    expect.assert(&check_with_account_currency(&spec, account));
}

// ---------------------------------------------------------------- statuses

/// A status a campaign cannot be created in is refused, quoted in the message.
#[rstest]
#[case::archived("ARCHIVED")]
#[case::deleted("DELETED")]
#[case::lower_case_spelling("paused")]
fn campaign_status_refused(#[case] bad: &str) {
    error("spec.status_invalid", "campaign.status")
        .says(bad)
        .check(&base_json().with("campaign.status", bad));
}

#[rstest]
#[case::campaign_active(base_json().with("campaign.status", "ACTIVE"),
    absent(&["spec.status_invalid"]).clean())]
#[case::campaign_paused(base_json().with("campaign.status", "PAUSED"),
    absent(&["spec.status_invalid"]).clean())]
#[case::campaign_without(base_json().without("campaign.status"),
    absent(&["spec.status_invalid"]).clean())]
#[case::ad_deleted(base_json().with("ad.status", "DELETED"),
    error("spec.status_invalid", "ad.status"))]
#[case::ad_active(base_json().with("ad.status", "ACTIVE"),
    absent(&["spec.status_invalid"]).clean())]
#[case::ad_without(base_json().without("ad.status"), absent(&["spec.status_invalid"]).clean())]
fn statuses(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------- ad

#[rstest]
#[case::no_ad(base_json().without("ad"), error("ad.missing", "ad").none(&["ad.name_missing"]))]
#[case::no_name(base_json().without("ad.name"),
    error("ad.name_missing", "ad.name").none(&["ad.missing"]))]
#[case::empty_name(base_json().with("ad.name", ""),
    error("ad.name_missing", "ad.name").none(&["ad.missing"]))]
#[case::blank_name(base_json().with("ad.name", "   "),
    error("ad.name_missing", "ad.name").none(&["ad.missing"]))]
#[case::emoji_name(base_json().with("ad.name", "❄️ Winter ad"),
    absent(&["ad.name_missing"]).clean())]
fn ad_and_its_name(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------- campaign presence and name

#[rstest]
// No campaign means no per-field campaign findings on top.
#[case::no_campaign(base_json().without("campaign"),
    error("campaign.missing", "campaign")
        .none(&["campaign.name_missing", "campaign.objective_missing"]))]
#[case::no_name(base_json().without("campaign.name"),
    error("campaign.name_missing", "campaign.name").none(&["campaign.missing"]))]
#[case::empty_name(base_json().with("campaign.name", ""),
    error("campaign.name_missing", "campaign.name").none(&["campaign.missing"]))]
#[case::blank_name(base_json().with("campaign.name", " \t "),
    error("campaign.name_missing", "campaign.name").none(&["campaign.missing"]))]
#[case::emoji_name(base_json().with("campaign.name", "🥾 Winter Sale DC"),
    absent(&["campaign.name_missing"]).clean())]
fn campaign_and_its_name(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------- objective

#[rstest]
#[case::missing_hint_lists_the_six_outcomes(base_json().without("campaign.objective"),
    error("campaign.objective_missing", "campaign.objective")
        .hints("OUTCOME_SALES").hints("OUTCOME_ENGAGEMENT").hints("OUTCOME_LEADS")
        .hints("OUTCOME_AWARENESS").hints("OUTCOME_TRAFFIC").hints("OUTCOME_APP_PROMOTION"))]
#[case::legacy_conversions_names_its_replacement(
    base_json().with("campaign.objective", "CONVERSIONS"),
    error("campaign.objective_legacy", "campaign.objective")
        .says("CONVERSIONS").says("OUTCOME_SALES").hints("OUTCOME_SALES")
        .none(&["campaign.objective_unknown"]))]
fn objective(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

/// Each legacy objective names the outcome Meta moved it to.
#[rstest]
#[case::link_clicks("LINK_CLICKS", "OUTCOME_TRAFFIC")]
#[case::app_installs("APP_INSTALLS", "OUTCOME_APP_PROMOTION")]
#[case::brand_awareness("BRAND_AWARENESS", "OUTCOME_AWARENESS")]
#[case::reach("REACH", "OUTCOME_AWARENESS")]
#[case::lead_generation("LEAD_GENERATION", "OUTCOME_LEADS")]
#[case::post_engagement("POST_ENGAGEMENT", "OUTCOME_ENGAGEMENT")]
#[case::page_likes("PAGE_LIKES", "OUTCOME_ENGAGEMENT")]
#[case::messages("MESSAGES", "OUTCOME_ENGAGEMENT")]
#[case::product_catalog_sales("PRODUCT_CATALOG_SALES", "OUTCOME_SALES")]
fn objective_legacy(#[case] legacy: &str, #[case] outcome: &str) {
    error("campaign.objective_legacy", "campaign.objective")
        .says(format!("Use {outcome}."))
        .check(&base_json().with("campaign.objective", legacy));
}

/// An objective that is neither an outcome nor a legacy one is unknown, quoted in the message.
#[rstest]
#[case::no_prefix("SALES")]
#[case::lower_case("outcome_sales")]
#[case::made_up_outcome("OUTCOME_CONVERSIONS")]
fn objective_unknown(#[case] bad: &str) {
    error("campaign.objective_unknown", "campaign.objective")
        .says(bad)
        .none(&["campaign.objective_legacy"])
        .check(&base_json().with("campaign.objective", bad));
}

#[rstest]
#[case::sales("OUTCOME_SALES")]
#[case::engagement("OUTCOME_ENGAGEMENT")]
#[case::leads("OUTCOME_LEADS")]
#[case::awareness("OUTCOME_AWARENESS")]
#[case::traffic("OUTCOME_TRAFFIC")]
#[case::app_promotion("OUTCOME_APP_PROMOTION")]
fn objective_outcome_accepted(#[case] objective: &str) {
    absent(&[
        "campaign.objective_missing",
        "campaign.objective_legacy",
        "campaign.objective_unknown",
    ])
    .check(&base_json().with("campaign.objective", objective));
}

// ---------------------------------------------------------------- buying type

/// A reserved or unknown buying type is refused for Dynamic Creative, quoted in the message.
#[rstest]
#[case::reserved("RESERVED")]
#[case::fixed_price("FIXED_PRICE")]
fn buying_type_not_auction(#[case] bad: &str) {
    error("campaign.buying_type_not_auction", "campaign.buying_type")
        .says(bad)
        .check(&base_json().with("campaign.buying_type", bad));
}

#[rstest]
#[case::auction(base_json().with("campaign.buying_type", "AUCTION"))]
#[case::left_out(base_json().without("campaign.buying_type"))]
fn buying_type_accepted(#[case] spec: Value) {
    absent(&["campaign.buying_type_not_auction"])
        .clean()
        .check(&spec);
}

// ---------------------------------------------------------------- campaign budget (CBO)

#[rstest]
#[case::with_bid_strategy_on_the_campaign(with_campaign_budget(), clean())]
#[case::daily_and_lifetime(with_campaign_budget().with("campaign.daily_budget", 2000),
    error("campaign.budget_both_kinds", "campaign.lifetime_budget"))]
#[case::only_daily(
    with_campaign_budget().without("campaign.lifetime_budget").with("campaign.daily_budget", 2000),
    absent(&["campaign.budget_both_kinds"]).clean())]
#[case::daily_zero_named(
    with_campaign_budget().without("campaign.lifetime_budget").with("campaign.daily_budget", 0),
    error("campaign.budget_not_positive", "campaign.daily_budget").says("Campaign budget (daily)"))]
#[case::lifetime_negative_named(with_campaign_budget()
        .without("campaign.lifetime_budget").with("campaign.lifetime_budget", -100),
    error("campaign.budget_not_positive", "campaign.lifetime_budget").says("Campaign budget (lifetime)"))]
#[case::one_minor_unit(with_campaign_budget().with("campaign.lifetime_budget", 1),
    absent(&["campaign.budget_not_positive"]))]
#[case::quoted_number(with_campaign_budget().with("campaign.lifetime_budget", "50000"),
    absent(&["campaign.budget_not_positive"]).clean())]
fn campaign_budget(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------- budget sharing

#[rstest]
#[case::unset_without_campaign_budget(
    base_json().without("campaign.is_adset_budget_sharing_enabled"),
    warning("campaign.budget_sharing_unset", "campaign.is_adset_budget_sharing_enabled"))]
#[case::set_true(base_json().with("campaign.is_adset_budget_sharing_enabled", true),
    absent(&["campaign.budget_sharing_unset"]).clean())]
#[case::set_false(base_json().with("campaign.is_adset_budget_sharing_enabled", false),
    absent(&["campaign.budget_sharing_unset"]).clean())]
#[case::left_out_when_the_campaign_holds_the_budget(
    with_campaign_budget().without("campaign.is_adset_budget_sharing_enabled"),
    absent(&["campaign.budget_sharing_unset"]).clean())]
fn budget_sharing(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------- campaign bid strategy

#[rstest]
#[case::without_budget(base_json().with("campaign.bid_strategy", "LOWEST_COST_WITHOUT_CAP"),
    error("campaign.bid_strategy_without_budget", "campaign.bid_strategy"))]
#[case::with_a_daily_budget(
    with_campaign_budget().without("campaign.lifetime_budget").with("campaign.daily_budget", 5000),
    absent(&["campaign.bid_strategy_without_budget"]).clean())]
#[case::unknown(with_campaign_budget().with("campaign.bid_strategy", "TARGET_COST"),
    error("spec.bid_strategy_unknown", "campaign.bid_strategy")
        .says("TARGET_COST").none(&["campaign.bid_strategy_without_budget"]))]
fn campaign_bid_strategy(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

#[rstest]
#[case::without_cap("LOWEST_COST_WITHOUT_CAP")]
#[case::bid_cap("LOWEST_COST_WITH_BID_CAP")]
#[case::cost_cap("COST_CAP")]
#[case::min_roas("LOWEST_COST_WITH_MIN_ROAS")]
fn campaign_bid_strategy_known(#[case] strategy: &str) {
    absent(&[
        "spec.bid_strategy_unknown",
        "campaign.bid_strategy_without_budget",
    ])
    .check(&with_campaign_budget().with("campaign.bid_strategy", strategy));
}

// ---------------------------------------------------------------- spend cap

#[rstest]
#[case::zero(base_json().with("campaign.spend_cap", 0),
    error("campaign.spend_cap_not_positive", "campaign.spend_cap"))]
#[case::negative(base_json().with("campaign.spend_cap", -1),
    error("campaign.spend_cap_not_positive", "campaign.spend_cap"))]
#[case::positive(base_json().with("campaign.spend_cap", 10000),
    absent(&["campaign.spend_cap_not_positive"]).clean())]
fn spend_cap(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

// ---------------------------------------------------------------- special ad categories

const SAC: &str = "campaign.special_ad_categories";

/// The base spec in these special ad categories.
fn categories(list: Value) -> Value {
    base_json().with(SAC, list)
}

#[rstest]
#[case::missing_even_when_none_applies(base_json().without(SAC),
    error("campaign.special_ad_categories_missing", SAC))]
#[case::empty_list(categories(json!([])),
    absent(&["campaign.special_ad_categories_missing", "campaign.special_ad_category_none_mixed"])
        .clean())]
#[case::none_alone(categories(json!(["NONE"])),
    absent(&["campaign.special_ad_categories_missing", "campaign.special_ad_category_none_mixed"])
        .clean())]
#[case::unknown_at_its_index(categories(json!(["HOUSING", "HEALTH"])),
    error("campaign.special_ad_category_unknown", format!("{SAC}[1]")).says("HEALTH"))]
#[case::none_mixed_at_the_none_entry(categories(json!(["HOUSING", "NONE"])),
    error("campaign.special_ad_category_none_mixed", format!("{SAC}[1]")))]
#[case::several_real_without_none(categories(json!(["HOUSING", "CREDIT"])),
    absent(&["campaign.special_ad_category_none_mixed", "campaign.special_ad_category_unknown"]))]
fn special_ad_categories(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}

#[rstest]
#[case::employment("EMPLOYMENT")]
#[case::housing("HOUSING")]
#[case::credit("CREDIT")]
#[case::politics("ISSUES_ELECTIONS_POLITICS")]
#[case::gambling("ONLINE_GAMBLING_AND_GAMING")]
#[case::financial("FINANCIAL_PRODUCTS_SERVICES")]
fn special_ad_category_known(#[case] category: &str) {
    absent(&[
        "campaign.special_ad_category_unknown",
        "campaign.special_ad_categories_missing",
    ])
    .check(&categories(json!([category])));
}

const SCC: &str = "campaign.special_ad_category_country";

#[rstest]
#[case::unused_with_no_category(categories(json!([])).with(SCC, json!(["US"])),
    warning("campaign.special_country_unused", SCC))]
#[case::unused_with_none(categories(json!(["NONE"])).with(SCC, json!(["US"])),
    warning("campaign.special_country_unused", SCC))]
#[case::used_with_a_category(categories(json!(["HOUSING"])).with(SCC, json!(["US", "CA"])),
    absent(&["campaign.special_country_unused", "spec.country_unknown"]))]
#[case::not_iso_at_its_index(categories(json!(["CREDIT"])).with(SCC, json!(["US", "UK"])),
    error("spec.country_unknown", format!("{SCC}[1]")).says("\"UK\""))]
fn special_ad_category_country(#[case] spec: Value, #[case] expect: Expect) {
    expect.check(&spec);
}
