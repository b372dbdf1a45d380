//! Helpers for driving the wizard without a terminal: an `App` with the sandbox's accounts,
//! Pages and pixels loaded, keys and text fed to `update`, effects answered by hand, and
//! screens drawn into ratatui's `TestBackend`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dcw::graph::{AdAccount, Page, Pixel};
use dcw::spec::Step;
use dcw::tui::KeyMap;
use dcw::tui::Theme;
use dcw::tui::{App, Ctx};
use dcw::tui::{Effect, Msg};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Value, json};

pub fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples")
}

pub fn accounts() -> Vec<AdAccount> {
    serde_json::from_value(json!([
        {"id": "act_1234567890", "account_id": "1234567890", "name": "dcw Demo (USD)",
         "currency": "USD", "timezone_name": "America/New_York", "account_status": 1},
        {"id": "act_9876543210", "account_id": "9876543210", "name": "dcw Demo (JPY)",
         "currency": "JPY", "timezone_name": "Asia/Tokyo", "account_status": 1}
    ]))
    .unwrap()
}

pub fn pages() -> Vec<Page> {
    serde_json::from_value(json!([
        {"id": "102938475610293", "name": "dcw Demo Store",
         "instagram_business_account": {"id": "17841400000000000"}}
    ]))
    .unwrap()
}

pub fn pixels() -> Vec<Pixel> {
    serde_json::from_value(json!([{"id": "1234567890", "name": "dcw Demo (USD) pixel"}])).unwrap()
}

fn ctx(sandbox: bool) -> Ctx {
    let mut c = Ctx::new(sandbox, "v26.0");
    c.log_path = PathBuf::from("/home/buyer/.local/state/dcw/logs/dcw.log");
    c.config_path = PathBuf::from("/home/buyer/.config/dcw/config.json");
    c.drafts_dir = PathBuf::from("/home/buyer/.local/share/dcw/drafts");
    c.cwd = examples_dir();
    c
}

/// A fixed clock (2026-11-25 12:00 UTC) and draft id, so screens are the same every run.
fn fixed(mut app: App) -> App {
    app.now = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap();
    app.revalidate();
    app
}

/// A new, empty draft with nothing loaded yet (accounts and Pages "Loading…").
pub fn loading_app() -> App {
    fixed(App::new(
        dcw::tui::empty_draft(),
        "test-draft".into(),
        ctx(true),
        KeyMap::default(),
    ))
}

/// Answers the background loads the way the sandbox would.
pub fn load_everything(app: &mut App) {
    let fx = app.start();
    answer(app, fx);
    answer_msg(app, Msg::Accounts(Ok(accounts())));
    answer_msg(app, Msg::Pages(Ok(pages())));
}

/// Feeds a message and answers the effects it asks for (loads, image reads); saves, the
/// preflight and the launch are left to the caller.
pub fn answer_msg(app: &mut App, msg: Msg) -> Vec<Effect> {
    let fx = app.update(msg);
    answer(app, fx)
}

/// Answers loads and image reads; returns the other effects.
pub fn answer(app: &mut App, fx: Vec<Effect>) -> Vec<Effect> {
    let mut rest = Vec::new();
    for e in fx {
        match e {
            Effect::LoadAccounts => rest.extend(answer_msg(app, Msg::Accounts(Ok(accounts())))),
            Effect::LoadPages => rest.extend(answer_msg(app, Msg::Pages(Ok(pages())))),
            Effect::LoadPixels(a) => rest.extend(answer_msg(app, Msg::Pixels(a, Ok(pixels())))),
            Effect::Decode(f) => {
                let r = dcw::tui::preview::decode(Path::new(&f))
                    .map(|d| dcw::tui::preview::SharedImage(std::sync::Arc::new(d)));
                rest.extend(answer_msg(app, Msg::Decoded(f, r)));
            }
            Effect::EncodePreview { key, image } => {
                let picker = ratatui_image::picker::Picker::halfblocks();
                let r = dcw::tui::preview::encode(&picker, &image.0, &key);
                rest.extend(answer_msg(app, Msg::Previewed(key, r)));
            }
            Effect::ReadImage(f) => {
                let facts = dcw::store::read_image_facts(Path::new(&f));
                rest.extend(answer_msg(app, Msg::ImageRead(f, facts)));
            }
            other => rest.push(other),
        }
    }
    rest
}

/// A new draft with accounts, Pages and pixels loaded.
pub fn new_app() -> App {
    let mut app = loading_app();
    load_everything(&mut app);
    app
}

/// An example spec opened as `dcw open` does: image paths made absolute, every finding shown.
pub fn opened(name: &str) -> App {
    let text = std::fs::read_to_string(examples_dir().join(name)).unwrap();
    let mut draft: Value = serde_json::from_str(&text).unwrap();
    dcw::tui::absolutize_images(&mut draft, &examples_dir());
    opened_value(draft)
}

pub fn opened_value(draft: Value) -> App {
    let mut app = fixed(App::new(
        draft,
        "test-draft".into(),
        ctx(true),
        KeyMap::default(),
    ));
    load_everything(&mut app);
    app.open_with_errors();
    app
}

pub fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
    let fx = app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    answer(app, fx)
}

pub fn ctrl(app: &mut App, c: char) -> Vec<Effect> {
    let fx = app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )));
    answer(app, fx)
}

pub fn type_text(app: &mut App, text: &str) -> Vec<Effect> {
    let mut out = Vec::new();
    for c in text.chars() {
        let m = if c.is_ascii_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        let fx = app.update(Msg::Key(KeyEvent::new(KeyCode::Char(c), m)));
        out.extend(answer(app, fx));
    }
    out
}

/// Moves focus forward until the field with this id has it (panics after 60 Tabs).
pub fn focus(app: &mut App, id: &str) {
    for _ in 0..60 {
        if app.focus == id {
            return;
        }
        press(app, KeyCode::Tab);
    }
    panic!(
        "never reached field {id}; at {} on {:?}",
        app.focus, app.step
    );
}

pub fn goto(app: &mut App, step: Step) {
    app.goto(step);
}

/// The screen as text, drawn at this size.
pub fn render(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| dcw::tui::draw(app, Theme { color: true }, f))
        .unwrap();
    format!("{}", t.backend())
}

/// The screen and the real cursor's position.
pub fn render_with_cursor(app: &App, w: u16, h: u16) -> (String, (u16, u16)) {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| dcw::tui::draw(app, Theme { color: true }, f))
        .unwrap();
    let pos = t.get_cursor_position().unwrap();
    (format!("{}", t.backend()), (pos.x, pos.y))
}

/// Enter on Review's submit button: the launch confirmation opens (the notice says why if not).
pub fn open_confirm(app: &mut App) {
    focus(app, "#submit");
    press(app, KeyCode::Enter);
    assert_eq!(
        app.overlay,
        Some(dcw::tui::Overlay::ConfirmSubmit),
        "{:?}",
        app.notice
    );
}

/// Submits the app's draft and answers with a launch that created nothing yet, as the
/// runner would once the launch ends: the wizard then shows the status pane.
pub fn launch_done(app: &mut App) {
    ctrl(app, 's');
    app.submit();
    let journal = dcw::launch::LaunchJournal::start(
        &app.spec().unwrap(),
        "{}",
        "x",
        "1234567890",
        "sandbox",
        true,
    );
    app.update(Msg::LaunchDone(Box::new(Ok(journal))));
}
