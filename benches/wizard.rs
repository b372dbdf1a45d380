//! The wizard's frame time: every step of a filled launch (the sales example with two audiences
//! and three images) drawn at 200x60 into ratatui's TestBackend, plus the Assets step with the
//! call-to-action list open (101 options) and Review with every payload. Budget: median under
//! 1 ms for the heaviest. And the ad preview screen at 200x60 with its picture cached: under
//! 2 ms.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use dcw::spec::Step;
use dcw::tui::KeyMap;
use dcw::tui::Msg;
use dcw::tui::Theme;
use dcw::tui::{App, Ctx};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Value, json};

fn filled() -> App {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples");
    let text = std::fs::read_to_string(dir.join("sales-winter-boots.json")).unwrap();
    let mut draft: Value = serde_json::from_str(&text).unwrap();
    dcw::tui::absolutize_images(&mut draft, &dir);
    let mut app = App::new(
        draft,
        "bench".into(),
        Ctx::new(true, "v26.0"),
        KeyMap::default(),
    );
    let accounts =
        serde_json::from_value(json!([{"id": "act_1234567890", "name": "dcw Demo (USD)",
        "currency": "USD", "timezone_name": "America/New_York"}]))
        .unwrap();
    app.update(Msg::Accounts(Ok(accounts)));
    let pages =
        serde_json::from_value(json!([{"id": "102938475610293", "name": "dcw Demo Store"}]))
            .unwrap();
    app.update(Msg::Pages(Ok(pages)));
    for f in ["boots.jpg", "scarf.jpg", "gloves.jpg"] {
        let p = dir.join("images").join(f);
        let facts = dcw::store::read_image_facts(&p);
        app.update(Msg::ImageRead(p.display().to_string(), facts));
    }
    app.open_with_errors();
    app
}

fn bench(c: &mut Criterion) {
    let base = filled();
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let theme = Theme { color: true };
    let mut group = c.benchmark_group("frame_200x60");
    for step in Step::ALL {
        let mut app = base.clone();
        app.goto(step);
        group.bench_function(format!("{step:?}"), |b| {
            b.iter(|| {
                term.draw(|f| dcw::tui::draw(&app, theme, f)).unwrap();
            })
        });
    }
    let mut ctas = base.clone();
    ctas.goto(Step::Assets);
    ctas.focus = "creative.asset_feed_spec.call_to_action_types".into();
    ctas.focus_index = ctas
        .fields()
        .iter()
        .position(|f| f.id == ctas.focus)
        .unwrap();
    group.bench_function("Assets, call-to-action list open", |b| {
        b.iter(|| {
            term.draw(|f| dcw::tui::draw(&ctas, theme, f)).unwrap();
        })
    });
    group.finish();

    // A big targeting: 20,000 postcodes on the Ad set step. A key (Tab, then back) and the
    // frame after it: the audience estimate's line is worked out once per message, not on every
    // drawing of the step's fields.
    let mut big = base.clone();
    let zips: Vec<Value> = (0..20_000)
        .map(|i| json!({"key": format!("US:{:05}", 10_000 + i), "name": format!("{:05}", 10_000 + i)}))
        .collect();
    assert!(dcw::tui::form::set(
        &mut big.draft,
        "ad_set.targeting.geo_locations.zips",
        Value::Array(zips)
    ));
    big.goto(Step::AdSet);
    let mut group = c.benchmark_group("ad_set_20000_postcodes");
    group.sample_size(10);
    group.bench_function("Tab and Shift+Tab, each drawn", |b| {
        b.iter(|| {
            for code in [
                crossterm::event::KeyCode::Tab,
                crossterm::event::KeyCode::BackTab,
            ] {
                let key =
                    crossterm::event::KeyEvent::new(code, crossterm::event::KeyModifiers::NONE);
                big.update(Msg::Key(key));
                term.draw(|f| dcw::tui::draw(&big, theme, f)).unwrap();
            }
        })
    });
    group.finish();
}

/// The ad preview screen at 200x60 on Review, pictures on (half-blocks), its picture already
/// decoded and encoded in the cache as the runner leaves it: the frame draws from the cache.
/// Budget: under 2 ms a frame.
fn ad_preview(c: &mut Criterion) {
    let mut app = filled();
    app.ctx.pictures = true;
    app.update(Msg::Resize(200, 60));
    app.goto(Step::Review);
    app.focus = "#submit".into();
    app.focus_index = app.fields().iter().position(|f| f.id == "#submit").unwrap();
    let v = crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char('v'),
        crossterm::event::KeyModifiers::NONE,
    );
    let mut fx = app.update(Msg::Key(v));
    assert!(app.ad_preview.is_some(), "v opens the preview");
    let picker = ratatui_image::picker::Picker::halfblocks();
    // Answer the decode and the encode the screen asks for, as the runner would.
    while let Some(e) = fx.pop() {
        match e {
            dcw::tui::Effect::Decode(f) => {
                let r = dcw::tui::preview::decode(Path::new(&f))
                    .map(|d| dcw::tui::preview::SharedImage(std::sync::Arc::new(d)));
                fx.extend(app.update(Msg::Decoded(f, r)));
            }
            dcw::tui::Effect::EncodePreview { key, image } => {
                let r = dcw::tui::preview::encode(&picker, &image.0, &key);
                fx.extend(app.update(Msg::Previewed(key, r)));
            }
            _ => {}
        }
    }
    let wanted = app.wanted_previews(app.screen);
    assert!(
        !wanted.is_empty() && wanted.iter().all(|(k, _)| app.previews.contains_key(k)),
        "the picture is in the cache"
    );
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let theme = Theme { color: true };
    let mut group = c.benchmark_group("ad_preview_200x60");
    group.bench_function("Facebook Feed 1:1, picture cached", |b| {
        b.iter(|| {
            term.draw(|f| dcw::tui::draw(&app, theme, f)).unwrap();
        })
    });
    group.finish();
}

criterion_group!(benches, bench, ad_preview);
criterion_main!(benches);
