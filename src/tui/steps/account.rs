//! Step 1, Account: the ad account (from `/me/adaccounts`), the Page and the Instagram account.

use serde_json::json;

use crate::tui::form::{self, Field, FieldKind, Opt};
use crate::tui::load::Load;
use crate::tui::model::{Model, StepRules};
use crate::tui::msg::Effect;
use crate::tui::screen::StepScreen;

fn loading_option<T>(what: &str, load: &Load<T>) -> Option<Opt> {
    match load {
        Load::Loading => Some(Opt::new("", format!("Loading {what}…"), "")),
        Load::Failed(e) => Some(Opt::new("", format!("Could not load {what}"), e.clone())),
        Load::Ready(_) => None,
    }
}

pub fn fields(app: &Model) -> Vec<Field> {
    let mut out = Vec::new();
    let current = form::get_str(&app.draft, "account_id")
        .unwrap_or("")
        .to_string();
    let mut accounts: Vec<Opt> = match &app.ctx.accounts {
        Load::Ready(list) => list
            .iter()
            .map(|a| {
                Opt::new(
                    a.id.clone(),
                    a.name.clone(),
                    format!("{} · {} · {}", a.id, a.currency, a.timezone_name),
                )
            })
            .collect(),
        other => loading_option("ad accounts", other).into_iter().collect(),
    };
    if !current.is_empty() && !accounts.iter().any(|o| o.value == current) {
        accounts.push(Opt::new(
            current.clone(),
            current.clone(),
            "from the spec; not among your accounts",
        ));
    }
    out.push(
        Field::new("account_id", "Ad account", FieldKind::Choice { options: accounts })
            .help("The account that pays; its currency and time zone apply to budgets and dates. / filters."),
    );
    let info = match app.account() {
        Some(a) => format!("{} · time zone {}", a.currency, a.timezone_name),
        None => "pick an account to see its currency and time zone".into(),
    };
    out.push(Field::new("#account_info", "Currency", FieldKind::Info).help(info));
    page_fields(app, &mut out);
    out
}

/// The Page the ads run as, and the Instagram account (the Page's, when it has one).
fn page_fields(app: &Model, out: &mut Vec<Field>) {
    let mut pages: Vec<Opt> = match &app.ctx.pages {
        Load::Ready(list) => list
            .iter()
            .map(|p| Opt::new(p.id.clone(), p.name.clone(), p.id.clone()))
            .collect(),
        other => loading_option("Pages", other).into_iter().collect(),
    };
    let page = form::get_str(&app.draft, "page_id")
        .unwrap_or("")
        .to_string();
    if !page.is_empty() && !pages.iter().any(|o| o.value == page) {
        pages.push(Opt::new(page.clone(), page.clone(), "from the spec"));
    }
    out.push(
        Field::new(
            "page_id",
            "Facebook Page",
            FieldKind::Choice { options: pages },
        )
        .help("The Page the ads run as (object_story_spec.page_id)."),
    );
    let mut ig = vec![Opt::new(
        "",
        "None",
        "Facebook only, or Instagram via the Page",
    )];
    if let Load::Ready(list) = &app.ctx.pages
        && let Some(p) = list.iter().find(|p| p.id == page)
        && let Some(acc) = &p.instagram_business_account
    {
        ig.push(Opt::new(
            acc.id.clone(),
            format!("Instagram of {}", p.name),
            acc.id.clone(),
        ));
    }
    let cur_ig = form::get_str(&app.draft, "instagram_user_id")
        .unwrap_or("")
        .to_string();
    if !cur_ig.is_empty() && !ig.iter().any(|o| o.value == cur_ig) {
        ig.push(Opt::new(cur_ig.clone(), cur_ig.clone(), "from the spec"));
    }
    out.push(
        Field::new(
            "instagram_user_id",
            "Instagram account",
            FieldKind::Choice { options: ig },
        )
        .help("The Instagram account the ads run as (object_story_spec.instagram_user_id)."),
    );
}

/// A new account: the Page's Instagram account follows when the Page has one.
pub fn follow_account(app: &mut Model) -> Vec<Effect> {
    let mut fx = Vec::new();
    if form::get_str(&app.draft, "page_id").is_none()
        && let Load::Ready(list) = &app.ctx.pages
        && list.len() == 1
    {
        let p = list[0].clone();
        fx.extend(app.set_value("page_id", json!(p.id)));
        if let Some(ig) = p.instagram_business_account {
            fx.extend(app.set_value("instagram_user_id", json!(ig.id)));
        }
    }
    fx
}

/// Step 1's screen.
pub struct Screen;

impl StepRules for Screen {
    fn fields(&self, m: &Model) -> Vec<Field> {
        fields(m)
    }

    fn after_choice(&self, m: &mut Model, id: &str) -> Vec<Effect> {
        match id {
            "account_id" => follow_account(m),
            _ => Vec::new(),
        }
    }
}

impl StepScreen for Screen {
    fn intro(&self, _m: &Model) -> &'static str {
        "Who pays and who speaks: the ad account, the Facebook Page and Instagram account the ads run as."
    }
}
