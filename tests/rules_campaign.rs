//! Rules for the top of the spec (version, account, page, currency), the campaign (§1 of the
//! reference and the seed guide's step 1), and the ad's name and status.

use crate::common;
use common::*;

use dcw::spec::{Currency, Finding, Severity, validate};
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
    let mut v = base_json();
    remove(&mut v, "ad_set.lifetime_budget");
    remove(&mut v, "ad_set.bid_strategy");
    set(&mut v, "campaign.lifetime_budget", json!(50000));
    set(
        &mut v,
        "campaign.bid_strategy",
        json!("LOWEST_COST_WITHOUT_CAP"),
    );
    v
}

// ---------------------------------------------------------------- version

#[test]
fn missing_version_is_an_error_at_version() {
    let mut v = base_json();
    remove(&mut v, "version");
    let findings = check(&v);
    expect_one(
        &findings,
        "spec.version_missing",
        "version",
        Severity::Error,
    );
    expect_none(&findings, "spec.version_unknown");
}

#[test]
fn version_other_than_one_is_refused_naming_the_version_written() {
    let mut v = base_json();
    set(&mut v, "version", json!(2));
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "spec.version_unknown",
        "version",
        Severity::Error,
    );
    assert!(f.message.contains("not 2"), "{}", f.message);
    expect_none(&findings, "spec.version_missing");
}

#[test]
fn version_one_raises_no_version_finding() {
    let mut v = base_json();
    set(&mut v, "version", json!(1));
    let findings = check(&v);
    expect_none(&findings, "spec.version_missing");
    expect_none(&findings, "spec.version_unknown");
    expect_clean(&findings);
}

// ---------------------------------------------------------------- account id

#[test]
fn missing_account_id_is_an_error() {
    let mut v = base_json();
    remove(&mut v, "account_id");
    let findings = check(&v);
    expect_one(
        &findings,
        "account.id_missing",
        "account_id",
        Severity::Error,
    );
    expect_none(&findings, "account.id_malformed");
}

#[test]
fn account_id_without_act_prefix_or_with_non_digits_is_malformed() {
    for bad in [
        "1234567890",
        "act_",
        "act_12ab",
        "ACT_1234567890",
        "act_ 123",
    ] {
        let mut v = base_json();
        set(&mut v, "account_id", json!(bad));
        let findings = check(&v);
        let f = expect_one(
            &findings,
            "account.id_malformed",
            "account_id",
            Severity::Error,
        );
        assert!(
            f.message.contains(bad),
            "message should quote {bad:?}: {}",
            f.message
        );
        expect_none(&findings, "account.id_missing");
    }
}

#[test]
fn account_id_act_followed_by_digits_is_accepted() {
    for good in ["act_1", "act_1234567890", "act_000123"] {
        let mut v = base_json();
        set(&mut v, "account_id", json!(good));
        let findings = check(&v);
        expect_none(&findings, "account.id_malformed");
        expect_clean(&findings);
    }
}

// ---------------------------------------------------------------- page and Instagram ids

#[test]
fn missing_page_id_is_an_error_because_the_creative_needs_the_page() {
    let mut v = base_json();
    remove(&mut v, "page_id");
    let findings = check(&v);
    expect_one(
        &findings,
        "account.page_missing",
        "page_id",
        Severity::Error,
    );
}

#[test]
fn page_id_written_as_a_bare_number_is_accepted() {
    let mut v = base_json();
    set(&mut v, "page_id", json!(102938475610293_i64));
    let findings = check(&v);
    expect_none(&findings, "account.page_missing");
    expect_none(&findings, "spec.id_malformed");
    expect_clean(&findings);
}

#[test]
fn page_id_that_is_not_digits_is_a_malformed_graph_id() {
    let mut v = base_json();
    set(&mut v, "page_id", json!("winter-boots-shop"));
    let findings = check(&v);
    let f = expect_one(&findings, "spec.id_malformed", "page_id", Severity::Error);
    assert!(f.message.contains("Page id"), "{}", f.message);
    assert!(f.message.contains("winter-boots-shop"), "{}", f.message);
    expect_none(&findings, "account.page_missing");
}

#[test]
fn instagram_user_id_that_is_a_handle_is_a_malformed_graph_id() {
    let mut v = base_json();
    set(&mut v, "instagram_user_id", json!("@winterboots"));
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "spec.id_malformed",
        "instagram_user_id",
        Severity::Error,
    );
    assert!(f.message.contains("Instagram account id"), "{}", f.message);
}

#[test]
fn instagram_user_id_is_optional() {
    let mut v = base_json();
    remove(&mut v, "instagram_user_id");
    let findings = check(&v);
    expect_none(&findings, "spec.id_malformed");
    expect_clean(&findings);
}

// ---------------------------------------------------------------- currency

#[test]
fn currency_that_is_not_a_three_letter_code_is_malformed() {
    for bad in ["US$", "DOLLARS", "US", "€UR"] {
        let mut v = base_json();
        set(&mut v, "currency", json!(bad));
        let findings = check(&v);
        let f = expect_one(
            &findings,
            "account.currency_malformed",
            "currency",
            Severity::Error,
        );
        assert!(f.message.contains(bad), "{}", f.message);
    }
}

#[test]
fn malformed_currency_is_reported_as_malformed_not_as_a_mismatch() {
    let mut v = base_json();
    set(&mut v, "currency", json!("US$"));
    let findings = check_with_account_currency(&v, "USD");
    expect_one(
        &findings,
        "account.currency_malformed",
        "currency",
        Severity::Error,
    );
    expect_none(&findings, "account.currency_mismatch");
}

#[test]
fn currency_other_than_the_accounts_is_refused_naming_both() {
    let v = base_json(); // "currency": "USD"
    let findings = check_with_account_currency(&v, "EUR");
    let f = expect_one(
        &findings,
        "account.currency_mismatch",
        "currency",
        Severity::Error,
    );
    assert!(f.message.contains("USD"), "{}", f.message);
    assert!(f.message.contains("EUR"), "{}", f.message);
    assert!(f.hint.as_deref().unwrap_or("").contains("EUR"), "{f:?}");
}

#[test]
fn currency_matching_the_account_in_any_letter_case_is_accepted() {
    for written in ["USD", "usd"] {
        let mut v = base_json();
        set(&mut v, "currency", json!(written));
        let findings = check_with_account_currency(&v, "USD");
        expect_none(&findings, "account.currency_mismatch");
        expect_none(&findings, "account.currency_malformed");
        expect_clean(&findings);
    }
}

#[test]
fn spec_without_currency_is_not_a_mismatch_with_the_account() {
    let mut v = base_json();
    remove(&mut v, "currency");
    let findings = check_with_account_currency(&v, "EUR");
    expect_none(&findings, "account.currency_mismatch");
    expect_clean(&findings);
}

// ---------------------------------------------------------------- statuses

#[test]
fn campaign_created_archived_or_deleted_is_refused() {
    for bad in ["ARCHIVED", "DELETED"] {
        let mut v = base_json();
        set(&mut v, "campaign.status", json!(bad));
        let findings = check(&v);
        let f = expect_one(
            &findings,
            "spec.status_invalid",
            "campaign.status",
            Severity::Error,
        );
        assert!(f.message.contains(bad), "{}", f.message);
    }
}

#[test]
fn unknown_campaign_status_spelling_is_refused() {
    let mut v = base_json();
    set(&mut v, "campaign.status", json!("paused"));
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "spec.status_invalid",
        "campaign.status",
        Severity::Error,
    );
    assert!(f.message.contains("paused"), "{}", f.message);
}

#[test]
fn campaign_created_active_paused_or_without_status_is_accepted() {
    for status in [Some("ACTIVE"), Some("PAUSED"), None] {
        let mut v = base_json();
        match status {
            Some(s) => set(&mut v, "campaign.status", json!(s)),
            None => remove(&mut v, "campaign.status"),
        }
        let findings = check(&v);
        expect_none(&findings, "spec.status_invalid");
        expect_clean(&findings);
    }
}

#[test]
fn ad_created_deleted_is_refused_at_the_ads_status() {
    let mut v = base_json();
    set(&mut v, "ad.status", json!("DELETED"));
    let findings = check(&v);
    expect_one(
        &findings,
        "spec.status_invalid",
        "ad.status",
        Severity::Error,
    );
}

#[test]
fn ad_created_active_or_without_status_is_accepted() {
    for status in [Some("ACTIVE"), None] {
        let mut v = base_json();
        match status {
            Some(s) => set(&mut v, "ad.status", json!(s)),
            None => remove(&mut v, "ad.status"),
        }
        let findings = check(&v);
        expect_none(&findings, "spec.status_invalid");
        expect_clean(&findings);
    }
}

// ---------------------------------------------------------------- ad

#[test]
fn spec_without_an_ad_is_an_error_at_ad() {
    let mut v = base_json();
    remove(&mut v, "ad");
    let findings = check(&v);
    expect_one(&findings, "ad.missing", "ad", Severity::Error);
    expect_none(&findings, "ad.name_missing");
}

#[test]
fn ad_without_a_name_or_with_a_blank_name_is_an_error() {
    for name in [None, Some(""), Some("   ")] {
        let mut v = base_json();
        match name {
            Some(n) => set(&mut v, "ad.name", json!(n)),
            None => remove(&mut v, "ad.name"),
        }
        let findings = check(&v);
        expect_one(&findings, "ad.name_missing", "ad.name", Severity::Error);
        expect_none(&findings, "ad.missing");
    }
}

#[test]
fn ad_named_with_emoji_is_accepted() {
    let mut v = base_json();
    set(&mut v, "ad.name", json!("❄️ Winter ad"));
    let findings = check(&v);
    expect_none(&findings, "ad.name_missing");
    expect_clean(&findings);
}

// ---------------------------------------------------------------- campaign presence and name

#[test]
fn spec_without_a_campaign_is_an_error_at_campaign() {
    let mut v = base_json();
    remove(&mut v, "campaign");
    let findings = check(&v);
    expect_one(&findings, "campaign.missing", "campaign", Severity::Error);
    // No campaign means no per-field campaign findings on top.
    expect_none(&findings, "campaign.name_missing");
    expect_none(&findings, "campaign.objective_missing");
}

#[test]
fn campaign_without_a_name_or_with_a_blank_name_is_an_error() {
    for name in [None, Some(""), Some(" \t ")] {
        let mut v = base_json();
        match name {
            Some(n) => set(&mut v, "campaign.name", json!(n)),
            None => remove(&mut v, "campaign.name"),
        }
        let findings = check(&v);
        expect_one(
            &findings,
            "campaign.name_missing",
            "campaign.name",
            Severity::Error,
        );
        expect_none(&findings, "campaign.missing");
    }
}

#[test]
fn campaign_named_with_emoji_is_accepted() {
    let mut v = base_json();
    set(&mut v, "campaign.name", json!("🥾 Winter Sale DC"));
    let findings = check(&v);
    expect_none(&findings, "campaign.name_missing");
    expect_clean(&findings);
}

// ---------------------------------------------------------------- objective

#[test]
fn missing_objective_is_an_error_whose_hint_lists_the_six_outcomes() {
    let mut v = base_json();
    remove(&mut v, "campaign.objective");
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "campaign.objective_missing",
        "campaign.objective",
        Severity::Error,
    );
    let hint = f.hint.unwrap_or_default();
    for o in [
        "OUTCOME_SALES",
        "OUTCOME_ENGAGEMENT",
        "OUTCOME_LEADS",
        "OUTCOME_AWARENESS",
        "OUTCOME_TRAFFIC",
        "OUTCOME_APP_PROMOTION",
    ] {
        assert!(hint.contains(o), "hint should offer {o}: {hint}");
    }
}

#[test]
fn legacy_objective_is_refused_naming_its_outcome_replacement() {
    let mut v = base_json();
    set(&mut v, "campaign.objective", json!("CONVERSIONS"));
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "campaign.objective_legacy",
        "campaign.objective",
        Severity::Error,
    );
    assert!(f.message.contains("CONVERSIONS"), "{}", f.message);
    assert!(f.message.contains("OUTCOME_SALES"), "{}", f.message);
    assert!(
        f.hint.as_deref().unwrap_or("").contains("OUTCOME_SALES"),
        "{f:?}"
    );
    expect_none(&findings, "campaign.objective_unknown");
}

#[test]
fn each_legacy_objective_names_the_outcome_meta_moved_it_to() {
    let cases = [
        ("LINK_CLICKS", "OUTCOME_TRAFFIC"),
        ("APP_INSTALLS", "OUTCOME_APP_PROMOTION"),
        ("BRAND_AWARENESS", "OUTCOME_AWARENESS"),
        ("REACH", "OUTCOME_AWARENESS"),
        ("LEAD_GENERATION", "OUTCOME_LEADS"),
        ("POST_ENGAGEMENT", "OUTCOME_ENGAGEMENT"),
        ("PAGE_LIKES", "OUTCOME_ENGAGEMENT"),
        ("MESSAGES", "OUTCOME_ENGAGEMENT"),
        ("PRODUCT_CATALOG_SALES", "OUTCOME_SALES"),
    ];
    for (legacy, outcome) in cases {
        let mut v = base_json();
        set(&mut v, "campaign.objective", json!(legacy));
        let findings = check(&v);
        let f = expect_one(
            &findings,
            "campaign.objective_legacy",
            "campaign.objective",
            Severity::Error,
        );
        assert!(
            f.message.contains(&format!("Use {outcome}.")),
            "{legacy} should point to {outcome}: {}",
            f.message
        );
    }
}

#[test]
fn objective_that_is_neither_outcome_nor_legacy_is_unknown() {
    for bad in ["SALES", "outcome_sales", "OUTCOME_CONVERSIONS"] {
        let mut v = base_json();
        set(&mut v, "campaign.objective", json!(bad));
        let findings = check(&v);
        let f = expect_one(
            &findings,
            "campaign.objective_unknown",
            "campaign.objective",
            Severity::Error,
        );
        assert!(f.message.contains(bad), "{}", f.message);
        expect_none(&findings, "campaign.objective_legacy");
    }
}

#[test]
fn every_outcome_objective_is_accepted() {
    for o in [
        "OUTCOME_SALES",
        "OUTCOME_ENGAGEMENT",
        "OUTCOME_LEADS",
        "OUTCOME_AWARENESS",
        "OUTCOME_TRAFFIC",
        "OUTCOME_APP_PROMOTION",
    ] {
        let mut v = base_json();
        set(&mut v, "campaign.objective", json!(o));
        let findings = check(&v);
        expect_none(&findings, "campaign.objective_missing");
        expect_none(&findings, "campaign.objective_legacy");
        expect_none(&findings, "campaign.objective_unknown");
    }
}

// ---------------------------------------------------------------- buying type

#[test]
fn reserved_or_unknown_buying_type_is_refused_for_dynamic_creative() {
    for bad in ["RESERVED", "FIXED_PRICE"] {
        let mut v = base_json();
        set(&mut v, "campaign.buying_type", json!(bad));
        let findings = check(&v);
        let f = expect_one(
            &findings,
            "campaign.buying_type_not_auction",
            "campaign.buying_type",
            Severity::Error,
        );
        assert!(f.message.contains(bad), "{}", f.message);
    }
}

#[test]
fn auction_or_blank_buying_type_is_accepted() {
    for bt in [Some("AUCTION"), None] {
        let mut v = base_json();
        match bt {
            Some(b) => set(&mut v, "campaign.buying_type", json!(b)),
            None => remove(&mut v, "campaign.buying_type"),
        }
        let findings = check(&v);
        expect_none(&findings, "campaign.buying_type_not_auction");
        expect_clean(&findings);
    }
}

// ---------------------------------------------------------------- campaign budget (CBO)

#[test]
fn campaign_budget_with_bid_strategy_on_the_campaign_is_clean() {
    expect_clean(&check(&with_campaign_budget()));
}

#[test]
fn campaign_with_both_daily_and_lifetime_budget_is_an_error() {
    let mut v = with_campaign_budget();
    set(&mut v, "campaign.daily_budget", json!(2000));
    let findings = check(&v);
    expect_one(
        &findings,
        "campaign.budget_both_kinds",
        "campaign.lifetime_budget",
        Severity::Error,
    );
}

#[test]
fn campaign_with_only_a_daily_budget_is_not_both_kinds() {
    let mut v = with_campaign_budget();
    remove(&mut v, "campaign.lifetime_budget");
    set(&mut v, "campaign.daily_budget", json!(2000));
    let findings = check(&v);
    expect_none(&findings, "campaign.budget_both_kinds");
    expect_clean(&findings);
}

#[test]
fn campaign_budget_of_zero_or_less_is_refused_at_that_budget() {
    for (key, amount) in [("daily_budget", 0), ("lifetime_budget", -100)] {
        let mut v = with_campaign_budget();
        remove(&mut v, "campaign.lifetime_budget");
        set(&mut v, &format!("campaign.{key}"), json!(amount));
        let findings = check(&v);
        let f = expect_one(
            &findings,
            "campaign.budget_not_positive",
            &format!("campaign.{key}"),
            Severity::Error,
        );
        assert!(f.message.contains(&key.replace('_', " ")), "{}", f.message);
    }
}

#[test]
fn campaign_budget_of_one_minor_unit_is_positive() {
    let mut v = with_campaign_budget();
    set(&mut v, "campaign.lifetime_budget", json!(1));
    let findings = check(&v);
    expect_none(&findings, "campaign.budget_not_positive");
}

#[test]
fn campaign_budget_written_as_a_quoted_number_is_read() {
    let mut v = with_campaign_budget();
    set(&mut v, "campaign.lifetime_budget", json!("50000"));
    let findings = check(&v);
    expect_none(&findings, "campaign.budget_not_positive");
    expect_clean(&findings);
}

// ---------------------------------------------------------------- budget sharing

#[test]
fn budget_sharing_unset_without_campaign_budget_is_a_warning() {
    let mut v = base_json();
    remove(&mut v, "campaign.is_adset_budget_sharing_enabled");
    let findings = check(&v);
    expect_one(
        &findings,
        "campaign.budget_sharing_unset",
        "campaign.is_adset_budget_sharing_enabled",
        Severity::Warning,
    );
}

#[test]
fn budget_sharing_set_true_or_false_raises_nothing() {
    for on in [true, false] {
        let mut v = base_json();
        set(
            &mut v,
            "campaign.is_adset_budget_sharing_enabled",
            json!(on),
        );
        let findings = check(&v);
        expect_none(&findings, "campaign.budget_sharing_unset");
        expect_clean(&findings);
    }
}

#[test]
fn budget_sharing_may_be_left_out_when_the_campaign_holds_the_budget() {
    let mut v = with_campaign_budget();
    remove(&mut v, "campaign.is_adset_budget_sharing_enabled");
    let findings = check(&v);
    expect_none(&findings, "campaign.budget_sharing_unset");
    expect_clean(&findings);
}

// ---------------------------------------------------------------- campaign bid strategy

#[test]
fn bid_strategy_on_a_campaign_without_budget_is_an_error() {
    let mut v = base_json();
    set(
        &mut v,
        "campaign.bid_strategy",
        json!("LOWEST_COST_WITHOUT_CAP"),
    );
    let findings = check(&v);
    expect_one(
        &findings,
        "campaign.bid_strategy_without_budget",
        "campaign.bid_strategy",
        Severity::Error,
    );
}

#[test]
fn bid_strategy_on_a_campaign_with_a_daily_budget_is_accepted() {
    let mut v = with_campaign_budget();
    remove(&mut v, "campaign.lifetime_budget");
    set(&mut v, "campaign.daily_budget", json!(5000));
    let findings = check(&v);
    expect_none(&findings, "campaign.bid_strategy_without_budget");
    expect_clean(&findings);
}

#[test]
fn unknown_campaign_bid_strategy_is_refused_at_the_campaign() {
    let mut v = with_campaign_budget();
    set(&mut v, "campaign.bid_strategy", json!("TARGET_COST"));
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "spec.bid_strategy_unknown",
        "campaign.bid_strategy",
        Severity::Error,
    );
    assert!(f.message.contains("TARGET_COST"), "{}", f.message);
    expect_none(&findings, "campaign.bid_strategy_without_budget");
}

#[test]
fn every_known_bid_strategy_is_accepted_on_a_campaign_budget() {
    for s in [
        "LOWEST_COST_WITHOUT_CAP",
        "LOWEST_COST_WITH_BID_CAP",
        "COST_CAP",
        "LOWEST_COST_WITH_MIN_ROAS",
    ] {
        let mut v = with_campaign_budget();
        set(&mut v, "campaign.bid_strategy", json!(s));
        let findings = check(&v);
        expect_none(&findings, "spec.bid_strategy_unknown");
        expect_none(&findings, "campaign.bid_strategy_without_budget");
    }
}

// ---------------------------------------------------------------- spend cap

#[test]
fn spend_cap_of_zero_or_less_is_refused() {
    for cap in [0, -1] {
        let mut v = base_json();
        set(&mut v, "campaign.spend_cap", json!(cap));
        let findings = check(&v);
        expect_one(
            &findings,
            "campaign.spend_cap_not_positive",
            "campaign.spend_cap",
            Severity::Error,
        );
    }
}

#[test]
fn positive_spend_cap_is_accepted() {
    let mut v = base_json();
    set(&mut v, "campaign.spend_cap", json!(10000));
    let findings = check(&v);
    expect_none(&findings, "campaign.spend_cap_not_positive");
    expect_clean(&findings);
}

// ---------------------------------------------------------------- special ad categories

#[test]
fn missing_special_ad_categories_is_an_error_even_when_none_applies() {
    let mut v = base_json();
    remove(&mut v, "campaign.special_ad_categories");
    let findings = check(&v);
    expect_one(
        &findings,
        "campaign.special_ad_categories_missing",
        "campaign.special_ad_categories",
        Severity::Error,
    );
}

#[test]
fn empty_list_or_none_alone_satisfies_special_ad_categories() {
    for list in [json!([]), json!(["NONE"])] {
        let mut v = base_json();
        set(&mut v, "campaign.special_ad_categories", list);
        let findings = check(&v);
        expect_none(&findings, "campaign.special_ad_categories_missing");
        expect_none(&findings, "campaign.special_ad_category_none_mixed");
        expect_clean(&findings);
    }
}

#[test]
fn unknown_special_ad_category_is_refused_at_its_index() {
    let mut v = base_json();
    set(
        &mut v,
        "campaign.special_ad_categories",
        json!(["HOUSING", "HEALTH"]),
    );
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "campaign.special_ad_category_unknown",
        "campaign.special_ad_categories[1]",
        Severity::Error,
    );
    assert!(f.message.contains("HEALTH"), "{}", f.message);
}

#[test]
fn every_known_special_ad_category_is_accepted() {
    for c in [
        "EMPLOYMENT",
        "HOUSING",
        "CREDIT",
        "ISSUES_ELECTIONS_POLITICS",
        "ONLINE_GAMBLING_AND_GAMING",
        "FINANCIAL_PRODUCTS_SERVICES",
    ] {
        let mut v = base_json();
        set(&mut v, "campaign.special_ad_categories", json!([c]));
        let findings = check(&v);
        expect_none(&findings, "campaign.special_ad_category_unknown");
        expect_none(&findings, "campaign.special_ad_categories_missing");
    }
}

#[test]
fn none_listed_with_another_category_is_refused_at_the_none_entry() {
    let mut v = base_json();
    set(
        &mut v,
        "campaign.special_ad_categories",
        json!(["HOUSING", "NONE"]),
    );
    let findings = check(&v);
    expect_one(
        &findings,
        "campaign.special_ad_category_none_mixed",
        "campaign.special_ad_categories[1]",
        Severity::Error,
    );
}

#[test]
fn several_real_categories_without_none_are_not_mixed() {
    let mut v = base_json();
    set(
        &mut v,
        "campaign.special_ad_categories",
        json!(["HOUSING", "CREDIT"]),
    );
    let findings = check(&v);
    expect_none(&findings, "campaign.special_ad_category_none_mixed");
    expect_none(&findings, "campaign.special_ad_category_unknown");
}

#[test]
fn special_ad_category_country_without_a_category_is_a_warning() {
    for list in [json!([]), json!(["NONE"])] {
        let mut v = base_json();
        set(&mut v, "campaign.special_ad_categories", list);
        set(
            &mut v,
            "campaign.special_ad_category_country",
            json!(["US"]),
        );
        let findings = check(&v);
        expect_one(
            &findings,
            "campaign.special_country_unused",
            "campaign.special_ad_category_country",
            Severity::Warning,
        );
    }
}

#[test]
fn special_ad_category_country_with_a_category_is_used() {
    let mut v = base_json();
    set(&mut v, "campaign.special_ad_categories", json!(["HOUSING"]));
    set(
        &mut v,
        "campaign.special_ad_category_country",
        json!(["US", "CA"]),
    );
    let findings = check(&v);
    expect_none(&findings, "campaign.special_country_unused");
    expect_none(&findings, "spec.country_unknown");
}

#[test]
fn special_ad_category_country_that_is_not_iso_is_refused_at_its_index() {
    let mut v = base_json();
    set(&mut v, "campaign.special_ad_categories", json!(["CREDIT"]));
    set(
        &mut v,
        "campaign.special_ad_category_country",
        json!(["US", "UK"]),
    );
    let findings = check(&v);
    let f = expect_one(
        &findings,
        "spec.country_unknown",
        "campaign.special_ad_category_country[1]",
        Severity::Error,
    );
    assert!(f.message.contains("\"UK\""), "{}", f.message);
}
