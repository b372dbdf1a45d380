//! Drawing: pure, from the state to a frame. The frame is drawn here (the header with the
//! SANDBOX badge, the step bar, the status line, the key hints); the body is the current
//! screen's (its words and lines around the form widget, or the crop editor), and overlays
//! are drawn over it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::app::{App, Overlay};
use super::keymap::{Action, Context, KeyMap, Modal, Pane};
use super::modal;
use super::preview::PreviewKey;
use super::render::{FormLines, form_lines};
use super::screen::{Look, StepScreen};
use super::theme::Theme;
use super::wrap::wrap;
use super::{help, steps};
use crate::spec::Step;
use crate::spec::text::{fit, sanitize};

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 20;

pub fn draw(app: &App, theme: Theme, frame: &mut Frame) {
    let area = frame.area();
    // The ad preview opened from the pane is drawn over it, in the wizard's frame.
    if app.show_status
        && app.ad_preview.is_none()
        && let Some(p) = &app.status
        && area.width >= MIN_WIDTH
        && area.height >= MIN_HEIGHT
    {
        let ctx = super::status::view::PaneCtx {
            destination: app.ctx.destination.clone(),
        };
        let picture =
            |f: &mut Frame, key: &PreviewKey, r: Rect| draw_preview(app, theme, f, key, r);
        super::status::view::draw_with(p, &ctx, theme, frame, area, Some(&picture));
        return;
    }
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!("Terminal too small (need {MIN_WIDTH}x{MIN_HEIGHT})");
        let lines: Vec<Line> = wrap(&msg, area.width as usize)
            .into_iter()
            .chain(wrap(
                &format!("now {}x{}; Ctrl+C quits", area.width, area.height),
                area.width as usize,
            ))
            .map(Line::raw)
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let [header, bar, body, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(app, theme, frame, header);
    draw_step_bar(app, theme, frame, bar);
    draw_body(app, theme, frame, body);
    draw_status(app, theme, frame, status);
    draw_hints(app, theme, frame, hints);
    match &app.overlay {
        Some(Overlay::Help) if app.crop.is_some() => {
            let lines = help::crop_lines(&app.keymap);
            modal::draw(frame, theme, area, "Help", &lines, None);
        }
        Some(Overlay::Help) => help::draw(app, &app.keymap, theme, frame, area),
        Some(Overlay::ConfirmSubmit) => draw_confirm(app, theme, frame, area),
        Some(ov @ Overlay::Resume { .. }) => {
            let lines = resume_lines(&app.keymap, ov);
            modal::draw(frame, theme, area, "Resume draft?", &lines, None);
        }
        Some(Overlay::Export(input)) => {
            let lines = vec![
                "Save the draft as a spec file (JSON) at:".to_string(),
                input.text().to_string(),
                String::new(),
                format!(
                    "{} saves, {} cancels.",
                    app.keymap.first(Action::Save, Modal::Export),
                    app.keymap.first(Action::Cancel, Modal::Export)
                ),
            ];
            modal::draw_typed(frame, (theme, area), "Export", &lines, (1, input));
        }
        Some(Overlay::SavePreset { name, taken }) => {
            let lines = app.save_preset_lines(name, taken.as_deref());
            match taken {
                Some(_) => modal::draw(frame, theme, area, "Replace preset?", &lines, None),
                None => {
                    modal::draw_typed(frame, (theme, area), "Save as preset", &lines, (1, name))
                }
            }
        }
        None => {}
    }
}

fn draw_header(app: &App, theme: Theme, frame: &mut Frame, area: Rect) {
    let mut spans = vec![Span::styled(" dcw ", theme.focus())];
    let destination = &app.ctx.destination;
    if destination.is_sandbox() {
        spans.push(Span::styled(
            format!(" {} ", sanitize(&destination.label())),
            theme
                .fg(Color::Yellow)
                .add_modifier(Modifier::REVERSED | Modifier::BOLD),
        ));
        spans.push(Span::raw(" nothing is sent to Meta "));
    } else {
        let account = app
            .account()
            .map(|a| format!("{} ({})", sanitize(&a.name), sanitize(&a.id)))
            .unwrap_or_else(|| "no account picked".into());
        spans.push(Span::styled(
            format!(" {} ", sanitize(&destination.label())),
            theme.selected(),
        ));
        spans.push(Span::raw(format!(" {account} ")));
    }
    let left: usize = spans.iter().map(|s| s.content.width()).sum();
    let right = format!("draft {} ", sanitize(&app.draft_id));
    if left + right.width() < area.width as usize {
        spans.push(Span::raw(
            " ".repeat(area.width as usize - left - right.width()),
        ));
        spans.push(Span::styled(right, theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A step's mark in the bar: here, has errors (once visited or checked), done, or not yet.
fn step_mark(app: &App, theme: Theme, s: Step) -> (&'static str, Style) {
    let errors =
        app.step_has_errors(s) && (app.shown_steps.contains(&s) || app.visited.contains(&s));
    if s == app.step {
        ("▸", theme.selected().add_modifier(Modifier::BOLD))
    } else if errors {
        ("✗", theme.error())
    } else if app.visited.contains(&s) {
        ("✓", theme.ok())
    } else {
        (" ", Style::new())
    }
}

fn draw_step_bar(app: &App, theme: Theme, frame: &mut Frame, area: Rect) {
    if app.show_status && app.status.is_some() {
        // Over the status pane: where the preview returns to.
        let text = format!(
            "Status pane › ad preview ({} returns to the pane)",
            app.keymap.first(Action::ClosePreview, Modal::AdPreview)
        );
        frame.render_widget(
            Paragraph::new(Line::styled(fit(&text, area.width as usize), theme.dim())),
            area,
        );
        return;
    }
    let mut spans = Vec::new();
    for (i, s) in Step::ALL.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" › ", theme.dim()));
        }
        let (mark, style) = step_mark(app, theme, *s);
        spans.push(Span::styled(
            format!("{mark}{} {}", i + 1, s.title()),
            style,
        ));
    }
    let mut line = Line::from(spans);
    if line.width() > area.width as usize {
        // Narrow: numbers and marks only, with the current step's name.
        line = Line::from(
            Step::ALL
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let (mark, style) = step_mark(app, theme, *s);
                    let text = if *s == app.step {
                        format!("{mark}{} {} ", i + 1, s.title())
                    } else {
                        format!("{mark}{} ", i + 1)
                    };
                    Span::styled(text, style)
                })
                .collect::<Vec<_>>(),
        );
    }
    frame.render_widget(Paragraph::new(line), area);
}

/// An image preview in `area`: the encoded picture, or why there is none yet.
pub fn draw_preview(app: &App, theme: Theme, frame: &mut Frame, key: &PreviewKey, area: Rect) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    // A smaller picture must not leave the last one's cells behind.
    frame.render_widget(Clear, area);
    let say = |text: &str, frame: &mut Frame| {
        let lines: Vec<Line> = wrap(text, area.width as usize)
            .into_iter()
            .map(|l| Line::styled(l, theme.dim()))
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
    };
    if !theme.color {
        return say("(no image preview: NO_COLOR is set)", frame);
    }
    // The picture for this crop, or while it is drawn, the last one in this place.
    let shown = app.previews.get(key).or_else(|| {
        app.latest_in_panel
            .get(&key.panel())
            .and_then(|k| app.previews.get(k))
    });
    if let Some(shown) = shown {
        frame.render_widget(ratatui_image::Image::new(&shown.0), area);
        return;
    }
    if let Some(e) = app.preview_errors.get(key) {
        return say(&format!("✗ no preview: {e}"), frame);
    }
    match steps::crop::decoded_state(app, &key.file) {
        Some(Err(e)) => say(&format!("✗ no preview: {e}"), frame),
        _ => say("drawing the preview…", frame),
    }
}

fn draw_body(app: &App, theme: Theme, frame: &mut Frame, area: Rect) {
    if let Some(p) = &app.ad_preview {
        let picture =
            |f: &mut Frame, key: &PreviewKey, r: Rect| draw_preview(app, theme, f, key, r);
        let look = super::ad_preview::Look {
            theme,
            pictures: app.ctx.pictures,
        };
        super::ad_preview::draw(p, look, frame, area, &picture);
        return;
    }
    if let Some(ed) = &app.crop {
        let picture =
            |f: &mut Frame, key: &PreviewKey, r: Rect| draw_preview(app, theme, f, key, r);
        steps::crop::draw(ed, (&app.keymap, theme), frame, area, &picture);
        return;
    }
    let screen = steps::screen(app.step);
    let area = match app.wanted_previews(frame.area()).into_iter().next() {
        Some((key, r)) if app.step == Step::Assets => {
            draw_preview(app, theme, frame, &key, r);
            super::layout::assets_split(area).0
        }
        _ => area,
    };
    let width = area.width as usize;
    let top = step_top(app, screen, theme, width);
    let top_h = (top.len() as u16).min(area.height.saturating_sub(1));
    let [head, form] =
        Layout::vertical([Constraint::Length(top_h), Constraint::Min(0)]).areas(area);
    frame.render_widget(Paragraph::new(top), head);
    let FormLines {
        mut lines,
        focus,
        cursor,
    } = form_lines(app, theme, width);
    let look = Look {
        theme,
        width,
        watching: app.status.is_some().then(|| {
            (
                app.keymap.first(Action::Watch, Modal::Launched),
                app.keymap.first(Action::Summary, Pane::Table),
            )
        }),
    };
    screen.after_form(app, &look, &mut lines);
    let h = form.height as usize;
    let total = lines.len();
    let offset = if let Some(scroll) = screen.scroll(app) {
        scroll.min(total.saturating_sub(h))
    } else {
        let (start, end) = focus;
        let want = start.saturating_sub(h / 3);
        let want = if end > want + h {
            end.saturating_sub(h)
        } else {
            want
        };
        want.min(total.saturating_sub(h))
    };
    let visible: Vec<Line> = lines.into_iter().skip(offset).take(h).collect();
    frame.render_widget(Paragraph::new(visible), form);
    more_marks(theme, frame, form, offset > 0, offset + h < total);
    if app.overlay.is_none()
        && let Some((row, col)) = cursor
        && row >= offset
        && row < offset + h
    {
        let x = form.x + (col as u16).min(form.width.saturating_sub(1));
        frame.set_cursor_position((x, form.y + (row - offset) as u16));
    }
}

/// The step's title, its intro and its lines that stay on screen.
fn step_top(app: &App, screen: &dyn StepScreen, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let mut top: Vec<Line> = vec![Line::styled(
        format!("{}. {}", step_number(app.step), app.step.title()),
        theme.focus().add_modifier(Modifier::UNDERLINED),
    )];
    for l in wrap(screen.intro(app), width) {
        top.push(Line::styled(l, theme.dim()));
    }
    for text in screen.head_lines(app) {
        for l in wrap(&text, width) {
            top.push(Line::raw(l));
        }
    }
    top
}

/// Says when there is more above or below (the form scrolls with the focus).
fn more_marks(theme: Theme, frame: &mut Frame, form: Rect, above: bool, below: bool) {
    let more = |text: &str, y: u16, frame: &mut Frame| {
        let w = text.width() as u16;
        if form.width > w && form.height > 0 {
            let r = Rect {
                x: form.x + form.width - w,
                y,
                width: w,
                height: 1,
            };
            frame.render_widget(
                Paragraph::new(Line::styled(text.to_string(), theme.dim())),
                r,
            );
        }
    };
    if above {
        more(" ↑ more ", form.y, frame);
    }
    if below && form.height > 1 {
        more(" ↓ more ", form.y + form.height - 1, frame);
    }
}

fn step_number(s: Step) -> usize {
    Step::ALL.iter().position(|x| *x == s).unwrap_or(0) + 1
}

/// The first error of the step the status line names: the focused field's, else the step's.
fn first_error(app: &App) -> Option<crate::spec::Finding> {
    let focused = app.focused_field();
    app.all_findings()
        .into_iter()
        .filter(|f| f.is_error() && f.step() == app.step)
        .min_by_key(|f| !focused.as_ref().is_some_and(|field| field.owns(&f.path)))
}

fn draw_status(app: &App, theme: Theme, frame: &mut Frame, area: Rect) {
    // A refused Next or the step's count of errors goes on with the first error's words, and
    // its path dimmed.
    let names_errors = match &app.notice {
        Some(n) => n.starts_with('✗') && n.contains(" to fix "),
        None => app.shown_steps.contains(&app.step),
    };
    let (text, style) = match &app.notice {
        Some(n) if n.starts_with('✗') => (n.clone(), theme.error()),
        Some(n) if n.starts_with('✓') => (n.clone(), theme.ok()),
        Some(n) => (n.clone(), Style::new()),
        None => {
            let errors = app
                .all_findings()
                .iter()
                .filter(|f| f.is_error() && f.step() == app.step)
                .count();
            if errors > 0 && app.shown_steps.contains(&app.step) {
                (format!("✗ {errors} to fix on this step"), theme.error())
            } else {
                (String::new(), Style::new())
            }
        }
    };
    let width = area.width as usize;
    let first = names_errors.then(|| first_error(app)).flatten();
    let line = match first {
        Some(f) if !text.is_empty() => {
            let words = fit(&format!("{text} · {}", f.message), width);
            let path = sanitize(&f.path);
            let mut spans = vec![Span::styled(words.clone(), style)];
            if !path.is_empty() && words.width() + 2 + path.width() <= width {
                spans.push(Span::styled(format!("  {path}"), theme.dim()));
            }
            Line::from(spans)
        }
        _ => Line::styled(fit(&text, width), style),
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// The key line of what is over the step (an overlay, the ad preview, the crop editor), if any.
fn over_step_hints(app: &App) -> Option<String> {
    let keys = &app.keymap;
    match &app.overlay {
        None if app.ad_preview.is_some() => Some(super::ad_preview::hints(keys)),
        None if app.crop.is_some() => Some(steps::crop::hints(keys)),
        Some(Overlay::Help) => Some(help::HINTS.to_string()),
        Some(Overlay::ConfirmSubmit) => Some(format!(
            "{} launch · any other key cancel",
            launch_key(keys)
        )),
        Some(Overlay::Resume { deleting: true, .. }) => Some(format!(
            "{} delete for good · any other key keep",
            keys.first(Action::DeleteDraft, Modal::Resume),
        )),
        Some(Overlay::Resume { .. }) => Some(format!(
            "{} resume · {} new draft · {} delete · {} quit",
            keys.first(Action::ResumeDraft, Modal::Resume),
            keys.first(Action::NewDraft, Modal::Resume),
            keys.first(Action::DeleteDraft, Modal::Resume),
            keys.first(Action::ForceQuit, Modal::Resume),
        )),
        Some(Overlay::Export(_)) => Some(format!(
            "{} save · {} cancel",
            keys.first(Action::Save, Modal::Export),
            keys.first(Action::Cancel, Modal::Export)
        )),
        Some(Overlay::SavePreset { taken, .. }) => Some(app.save_preset_hint(taken.is_some())),
        None => None,
    }
}

fn draw_hints(app: &App, theme: Theme, frame: &mut Frame, area: Rect) {
    // Over an overlay, the ad preview or the crop editor, its own keys.
    if let Some(text) = over_step_hints(app) {
        modal::key_line(theme, frame, area, &text);
        return;
    }
    let ctx = app.context();
    let mut items: Vec<(String, &str)> = Vec::new();
    for (keys, word) in app
        .keymap
        .hints(ctx, &steps::screen(app.step).hint_actions(app, ctx))
    {
        if word == "quit" && items.iter().any(|(_, w)| *w == "quit") {
            continue;
        }
        let kind = app.focused_field().map(|f| f.kind);
        // Enter adds in a type-ahead with something typed; with nothing typed it moves on.
        let countries = matches!(
            kind,
            Some(super::form::FieldKind::Countries | super::form::FieldKind::Search(_))
        ) && app
            .edit
            .as_ref()
            .is_some_and(|(_, i)| !i.text().trim().is_empty());
        // Enter moves on from a multi-select or a switch: it never ticks there.
        let moves_on = matches!(
            kind,
            Some(
                super::form::FieldKind::Multi { .. }
                    | super::form::FieldKind::Refs { .. }
                    | super::form::FieldKind::Toggle { .. }
            )
        );
        let word = if ctx == Context::Text && word == "choose" {
            if matches!(app.edit.as_ref(), Some((_, i)) if i.is_multiline()) {
                "new line"
            } else if countries {
                "add"
            } else {
                "next"
            }
        } else if word == "choose" && matches!(kind, Some(super::form::FieldKind::Cycle { .. })) {
            "change"
        } else if moves_on && word == "choose" {
            "next"
        } else if ctx == Context::Text
            && word == "back"
            && keys == app.keymap.first(Action::Back, ctx)
        {
            // Esc in a text field ends typing (done); the next Esc goes back.
            "done"
        } else if ctx == Context::Other
            && word == "choose"
            && app.focused_field().is_some_and(|f| f.kind.is_typed())
        {
            "edit"
        } else if app.review.submitting() {
            "quit (the launch resumes on the next submit)"
        } else {
            word
        };
        items.push((keys, word));
    }
    // When the bar is narrow, help and quit stay; the others go from the end.
    let priority = |w: &str| match w {
        "help" => 0,
        "quit" => 1,
        _ => 2,
    };
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| (priority(items[i].1), i));
    let mut keep = vec![false; items.len()];
    let mut used = 0usize;
    for i in order {
        let w = items[i].0.width() + 1 + items[i].1.width() + 3;
        if used + w <= area.width as usize + 3 {
            keep[i] = true;
            used += w;
        }
    }
    let mut spans = Vec::new();
    for (i, (keys, word)) in items.into_iter().enumerate() {
        if !keep[i] {
            continue;
        }
        if !spans.is_empty() {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        spans.push(Span::styled(keys, theme.focus()));
        spans.push(Span::raw(format!(" {word}")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_confirm(app: &App, theme: Theme, frame: &mut Frame, area: Rect) {
    let mut lines = vec!["Launch this Dynamic Creative?".to_string(), String::new()];
    lines.extend(steps::review::confirmation_lines(app));
    lines.push(String::new());
    lines.push(format!(
        "{} launches · any other key cancels",
        launch_key(&app.keymap)
    ));
    modal::draw(frame, theme, area, "Confirm launch", &lines, None);
}

/// The key that launches from the confirmation: `Y (uppercase)` when it is a capital.
fn launch_key(keys: &KeyMap) -> String {
    let k = keys.first(Action::ConfirmLaunch, Modal::Confirm);
    if k.chars().count() == 1 && k.chars().all(char::is_uppercase) {
        format!("{k} (uppercase)")
    } else {
        k
    }
}

/// An action's keys in a sentence, a letter's capital not repeated: `Enter or y`, `n or Esc`.
/// The resume question's words: the draft, where it was left and made from, and the keys; or,
/// after the delete key, the question whether to delete it.
fn resume_lines(keys: &KeyMap, ov: &Overlay) -> Vec<String> {
    let Overlay::Resume {
        id,
        name,
        meta,
        deleting,
        ..
    } = ov
    else {
        return Vec::new();
    };
    let (name, id) = (sanitize(name), sanitize(id));
    if *deleting {
        return vec![
            format!("Delete the draft «{name}» ({id}) for good?"),
            String::new(),
            format!(
                "{} again deletes it; any other key keeps it.",
                spoken(keys, Action::DeleteDraft)
            ),
        ];
    }
    let step = meta
        .step()
        .map(|s| format!(", on the {} step", s.title()))
        .unwrap_or_default();
    let mut lines = vec![format!(
        "An unfinished draft was left: «{name}» ({id}){step}."
    )];
    if let Some(source) = &meta.source {
        lines.push(format!(
            "Made from {}{}.",
            sanitize(&source.display().to_string()),
            meta.created_day()
                .map(|d| format!(" on {d}"))
                .unwrap_or_default()
        ));
    }
    lines.push(String::new());
    lines.push(format!(
        "{} resumes it where you left off; {} starts a new one (the old one stays in `dcw drafts`); {} deletes it.",
        spoken(keys, Action::ResumeDraft),
        spoken(keys, Action::NewDraft),
        spoken(keys, Action::DeleteDraft),
    ));
    lines
}

fn spoken(keys: &KeyMap, action: Action) -> String {
    let mut said: Vec<String> = Vec::new();
    for k in keys.keys(action).iter().map(|k| k.label()) {
        if !said.iter().any(|s| s.eq_ignore_ascii_case(&k)) {
            said.push(k);
        }
    }
    said.truncate(2);
    said.join(" or ")
}
