//! A step's form as lines: label, value, the options of the focused list, the findings under
//! each field, and where the real cursor goes. Widths are display widths (emoji, CJK).

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::app::App;
use super::edit;
use super::form::{self, ButtonAction, Field, FieldKind};
use super::steps::{self, review};
use super::theme::Theme;
use super::wrap::wrap;
use crate::spec::tables::char_count;
use crate::spec::text::{fit, sanitize};
use crate::spec::{Severity, Step};

const LABEL_W: usize = 22;
/// The most options shown at once under a focused list.
const LIST_ROWS: usize = 8;

pub struct FormLines {
    pub lines: Vec<Line<'static>>,
    /// The focused field's first and last line.
    pub focus: (usize, usize),
    /// Where the real cursor goes: (line, column).
    pub cursor: Option<(usize, usize)>,
}

fn button_label(a: &ButtonAction) -> String {
    match a {
        ButtonAction::AddItem(path) => {
            let what = match path.rsplit('.').next().unwrap_or("") {
                "images" => "image",
                "titles" => "title",
                "bodies" => "body",
                "descriptions" => "description",
                "link_urls" => "link",
                other => other,
            };
            format!("[ + Add {what} ]")
        }
        ButtonAction::AddAudience => "[ + Add audience ]".into(),
        ButtonAction::DuplicateAudience(i) => format!("[ Duplicate audience {} ]", i + 1),
        ButtonAction::RemoveAudience(i) => format!("[ Remove audience {} ]", i + 1),
        ButtonAction::Submit => "[ Submit… ]".into(),
    }
}

use super::wrap::scrolled;

/// Text wrapped to the width with a two-space hanging indent, in one style.
fn hanging(text: &str, width: usize, style: Style, lines: &mut Vec<Line<'static>>) {
    for (i, l) in wrap(text, width.saturating_sub(2)).into_iter().enumerate() {
        lines.push(Line::styled(
            if i == 0 { l } else { format!("  {l}") },
            style,
        ));
    }
}

pub fn form_lines(app: &App, theme: Theme, width: usize) -> FormLines {
    let fields = app.fields();
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut focus = (0, 0);
    let mut cursor = None;
    for f in app.loose_findings() {
        let (mark, style) = if f.severity == Severity::Error {
            ("✗", theme.error())
        } else {
            ("!", theme.warn())
        };
        hanging(
            &format!("{mark} {}: {}", f.path, f.message),
            width,
            style,
            &mut lines,
        );
    }
    let value_w = width.saturating_sub(LABEL_W + 2).max(4);
    for field in &fields {
        if let Some(s) = &field.section {
            lines.push(Line::raw(""));
            lines.push(Line::styled(sanitize(s).into_owned(), theme.focus()));
        }
        let focused = field.id == app.focus && field.focusable();
        let start = lines.len();
        let marker = if focused { "› " } else { "  " };
        let label = fit(&field.label, LABEL_W - 1);
        let label = format!("{label}{}", " ".repeat(LABEL_W - label.width()));
        let label_style = if focused { theme.focus() } else { Style::new() };
        let head = vec![
            Span::styled(marker.to_string(), theme.focus()),
            Span::styled(label, label_style),
        ];
        let col0 = 2 + LABEL_W;
        field_body(
            app,
            theme,
            field,
            focused,
            head,
            col0,
            value_w,
            &mut lines,
            &mut cursor,
        );
        let visible = app.field_findings(field);
        for f in visible {
            let (mark, style) = if f.severity == Severity::Error {
                ("✗", theme.error())
            } else {
                ("!", theme.warn())
            };
            let mut text = format!("{mark} {}", f.message);
            if let Some(h) = &f.hint {
                text.push_str(&format!(" ({h})"));
            }
            for l in wrap(&text, width.saturating_sub(col0).max(10)) {
                lines.push(Line::from(vec![
                    Span::raw(" ".repeat(col0.min(width / 3))),
                    Span::styled(l, style),
                ]));
            }
        }
        if focused && !field.help.is_empty() && !matches!(field.kind, FieldKind::Info) {
            for l in wrap(
                &field.help,
                width.saturating_sub(col0.min(width / 3)).max(10),
            ) {
                lines.push(Line::from(vec![
                    Span::raw(" ".repeat(col0.min(width / 3))),
                    Span::styled(l, theme.dim()),
                ]));
            }
        }
        if focused {
            focus = (start, lines.len().saturating_sub(1));
            if cursor.is_none() {
                cursor = Some((start, 0));
            }
        }
    }
    if app.step == Step::Review {
        review_lines(app, theme, width, &mut lines);
    }
    FormLines {
        lines,
        focus,
        cursor,
    }
}

/// A typed field's editor (when it is being edited) and the text it shows: what is being
/// typed, else text kept because it could not be stored, else the stored value.
fn typed_text<'a>(
    app: &'a App,
    field: &Field,
    focused: bool,
    stored: impl FnOnce() -> String,
) -> (Option<&'a (String, super::text::TextInput)>, String) {
    let editing = app
        .edit
        .as_ref()
        .filter(|(id, _)| focused && *id == field.id);
    let text = match (editing, app.raw.get(&field.id)) {
        (Some((_, input)), _) => input.text().to_string(),
        (None, Some((raw, _))) => raw.clone(),
        (None, None) => stored(),
    };
    (editing, text)
}

#[allow(clippy::too_many_arguments)]
fn field_body(
    app: &App,
    theme: Theme,
    field: &Field,
    focused: bool,
    mut head: Vec<Span<'static>>,
    col0: usize,
    value_w: usize,
    lines: &mut Vec<Line<'static>>,
    cursor: &mut Option<(usize, usize)>,
) {
    let indent = " ".repeat(col0);
    let stored = form::get(&app.draft, &field.id);
    match &field.kind {
        FieldKind::Text {
            multiline, limit, ..
        } => {
            let (editing, text) = typed_text(app, field, focused, || form::as_text(stored));
            let counter = limit.map(|(max, shown)| {
                let n = char_count(&text);
                let flag = if n > max {
                    " ✗"
                } else if n > shown {
                    " !"
                } else {
                    ""
                };
                let guide = if focused {
                    format!(" · {shown} show")
                } else {
                    String::new()
                };
                (
                    format!(" {n}/{max}{guide}{flag}"),
                    if n > max {
                        theme.error()
                    } else if n > shown {
                        theme.warn()
                    } else {
                        theme.dim()
                    },
                )
            });
            let cw = counter.as_ref().map_or(0, |(c, _)| c.width());
            let room = value_w.saturating_sub(cw).max(4);
            let text_lines: Vec<&str> = if *multiline {
                text.split('\n').collect()
            } else {
                vec![text.as_str()]
            };
            let (cur_line, cur_col) = editing.map_or((0, 0), |(_, i)| i.cursor_line_col());
            for (n, tl) in text_lines.iter().enumerate() {
                let (shown, col) = if editing.is_some() && n == cur_line {
                    scrolled(tl, cur_col, room)
                } else {
                    (fit(tl, room), 0)
                };
                let row = lines.len();
                if editing.is_some() && n == cur_line {
                    *cursor = Some((row, col0 + col));
                }
                let style = if focused {
                    Style::new().add_modifier(Modifier::UNDERLINED)
                } else {
                    Style::new()
                };
                let mut spans = if n == 0 {
                    std::mem::take(&mut head)
                } else {
                    vec![Span::raw(indent.clone())]
                };
                let pad = room.saturating_sub(shown.width());
                spans.push(Span::styled(shown, style));
                if n == 0
                    && let Some((c, s)) = &counter
                {
                    spans.push(Span::raw(" ".repeat(pad)));
                    spans.push(Span::styled(c.clone(), *s));
                }
                lines.push(Line::from(spans));
            }
            if text.is_empty()
                && !focused
                && let Some(l) = lines.last_mut()
            {
                l.spans.push(Span::styled("—", theme.dim()));
            }
        }
        FieldKind::Int | FieldKind::Money | FieldKind::Crop { .. } => {
            let (editing, text) =
                typed_text(app, field, focused, || edit::display_text(app, field));
            let mut suffix = String::new();
            if field.kind == FieldKind::Money
                && let Some(c) = app.currency()
            {
                suffix = format!(" {c}");
                if let Some(v) = stored {
                    suffix.push_str(&format!(
                        "  → sent as {} (minor units)",
                        form::as_text(Some(v))
                    ));
                }
            }
            let (shown, col) = match editing {
                Some((_, i)) => scrolled(&text, i.cursor_line_col().1, value_w),
                None => (fit(&text, value_w), 0),
            };
            if editing.is_some() {
                *cursor = Some((lines.len(), col0 + col));
            }
            let style = if focused {
                Style::new().add_modifier(Modifier::UNDERLINED)
            } else {
                Style::new()
            };
            let empty = text.is_empty() && !focused;
            head.push(Span::styled(
                if empty {
                    "—".to_string()
                } else {
                    shown.clone()
                },
                if empty { theme.dim() } else { style },
            ));
            let room = value_w.saturating_sub(shown.width());
            head.push(Span::styled(fit(&suffix, room), theme.dim()));
            lines.push(Line::from(head));
        }
        FieldKind::Choice { options } => {
            let current = steps::current_value(app, &field.id).unwrap_or_default();
            let chosen = options.iter().find(|o| o.value == current);
            let text = match chosen {
                Some(o)
                    if o.label != o.value && !o.value.is_empty() && !field.id.starts_with('#') =>
                {
                    format!("{}  {}", o.label, o.value)
                }
                Some(o) => o.label.clone(),
                None if current.is_empty() => "— none —".into(),
                None => current.clone(),
            };
            head.push(Span::raw(fit(&text, value_w)));
            lines.push(Line::from(head));
            if focused {
                list_rows(
                    app,
                    theme,
                    field,
                    &[current],
                    value_w,
                    &indent,
                    lines,
                    cursor,
                    false,
                );
            }
        }
        FieldKind::Multi { .. } => {
            let ticked = edit::string_list(app, &field.id);
            let text = if ticked.is_empty() {
                field.when_empty.unwrap_or("— none —").to_string()
            } else {
                ticked.join(", ")
            };
            head.push(Span::raw(fit(&text, value_w)));
            lines.push(Line::from(head));
            if focused {
                list_rows(
                    app, theme, field, &ticked, value_w, &indent, lines, cursor, true,
                );
            }
        }
        FieldKind::Toggle { on, .. } => {
            let is_on = stored == Some(on);
            head.push(Span::raw(if is_on { "[x] on" } else { "[ ] off" }));
            lines.push(Line::from(head));
            if focused {
                *cursor = Some((lines.len() - 1, col0 + 1));
            }
        }
        FieldKind::Countries => {
            let list = edit::string_list(app, &field.id);
            let text = if list.is_empty() {
                "— none —".to_string()
            } else {
                list.iter()
                    .map(|c| match crate::spec::countries::country_name(c) {
                        Some(n) => format!("{c} {n}"),
                        None => c.clone(),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            for (i, l) in wrap(&text, value_w).into_iter().enumerate() {
                if i == 0 {
                    head.push(Span::raw(l));
                    lines.push(Line::from(std::mem::take(&mut head)));
                } else {
                    lines.push(Line::raw(format!("{indent}{l}")));
                }
            }
            if focused && let Some((_, input)) = &app.edit {
                let (shown, col) = scrolled(
                    input.text(),
                    input.cursor_line_col().1,
                    value_w.saturating_sub(4),
                );
                *cursor = Some((lines.len(), col0 + 4 + col));
                lines.push(Line::from(vec![
                    Span::raw(indent.clone()),
                    Span::styled("add ", theme.dim()),
                    Span::styled(shown, Style::new().add_modifier(Modifier::UNDERLINED)),
                ]));
                for (n, (c, name)) in edit::country_matches(input.text()).into_iter().enumerate() {
                    let style = if n == 0 {
                        theme.selected()
                    } else {
                        Style::new()
                    };
                    lines.push(Line::from(vec![
                        Span::raw(indent.clone()),
                        Span::styled(fit(&format!("{c}  {name}"), value_w), style),
                    ]));
                }
            }
        }
        FieldKind::Button(action) => {
            let label = button_label(action);
            let style = if focused {
                theme.selected()
            } else {
                theme.focus()
            };
            let marker = head.remove(0);
            lines.push(Line::from(vec![marker, Span::styled(label, style)]));
            if focused {
                *cursor = Some((lines.len() - 1, 2));
            }
        }
        FieldKind::Info => {
            head.push(Span::styled(fit(&field.help, value_w), theme.dim()));
            lines.push(Line::from(head));
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn list_rows(
    app: &App,
    theme: Theme,
    _field: &Field,
    chosen: &[String],
    value_w: usize,
    indent: &str,
    lines: &mut Vec<Line<'static>>,
    cursor: &mut Option<(usize, usize)>,
    multi: bool,
) {
    let options = edit::visible_options(app);
    if let Some(f) = &app.list.filter {
        *cursor = Some((lines.len(), indent.width() + 9 + f.width()));
        lines.push(Line::from(vec![
            Span::raw(indent.to_string()),
            Span::styled("filter: ", theme.dim()),
            Span::styled(
                format!("/{}", sanitize(f)),
                Style::new().add_modifier(Modifier::UNDERLINED),
            ),
            Span::styled(
                format!(
                    "  {} {}",
                    options.len(),
                    if options.len() == 1 {
                        "match"
                    } else {
                        "matches"
                    }
                ),
                theme.dim(),
            ),
        ]));
    }
    let n = options.len();
    let first = app
        .list
        .cursor
        .saturating_sub(LIST_ROWS / 2)
        .min(n.saturating_sub(LIST_ROWS));
    if first > 0 {
        lines.push(Line::styled(
            format!("{indent}  ↑ {first} more"),
            theme.dim(),
        ));
    }
    for (i, o) in options.iter().enumerate().skip(first).take(LIST_ROWS) {
        let on = chosen.contains(&o.value) && !o.value.is_empty();
        let mark = match (multi, on) {
            (true, true) => "[x] ",
            (true, false) => "[ ] ",
            (false, true) => "(•) ",
            (false, false) => "( ) ",
        };
        let text = if o.note.is_empty() || o.note == o.label {
            format!("{mark}{}", o.label)
        } else {
            format!("{mark}{}  {}", o.label, o.note)
        };
        let here = i == app.list.cursor;
        let style = if here { theme.selected() } else { Style::new() };
        if here && app.list.filter.is_none() {
            *cursor = Some((lines.len(), indent.width() + 1));
        }
        lines.push(Line::from(vec![
            Span::raw(indent.to_string()),
            Span::styled(fit(&text, value_w), style),
        ]));
    }
    if first + LIST_ROWS < n {
        lines.push(Line::styled(
            format!("{indent}  ↓ {} more", n - first - LIST_ROWS),
            theme.dim(),
        ));
    }
    if n == 0 {
        lines.push(Line::styled(
            format!("{indent}  nothing matches"),
            theme.dim(),
        ));
    }
}

fn review_lines(app: &App, theme: Theme, width: usize, lines: &mut Vec<Line<'static>>) {
    lines.push(Line::raw(""));
    if let Some(l) = &app.review.launch {
        lines.push(Line::styled("Launch", theme.focus()));
        for (key, name, st) in &l.steps {
            let (mark, text, style) = match st {
                review::StepView::Pending => ("·", "pending".to_string(), theme.dim()),
                review::StepView::Running(what) => ("…", (*what).to_string(), theme.warn()),
                review::StepView::Done(id) => ("✓", id.clone(), theme.ok()),
                review::StepView::Failed(e) => ("✗", e.clone(), theme.error()),
            };
            let (key, name) = match key.strip_prefix("image:") {
                Some(file) => (
                    "image",
                    std::path::Path::new(file)
                        .file_name()
                        .map_or(file.to_string(), |f| f.to_string_lossy().to_string()),
                ),
                None => (key.as_str(), name.clone()),
            };
            let key = step_label(key);
            let head = format!("{mark} {key:<12} {}", fit(&name, 34));
            for (i, l) in wrap(&format!("{head}  {text}"), width.saturating_sub(2))
                .into_iter()
                .enumerate()
            {
                lines.push(Line::styled(
                    if i == 0 { l } else { format!("    {l}") },
                    style,
                ));
            }
        }
        for n in &l.notes {
            for w in wrap(n, width) {
                lines.push(Line::styled(w, theme.warn()));
            }
        }
        match &l.outcome {
            Some(Ok(id)) => {
                lines.push(Line::raw(""));
                for w in wrap(
                    &format!("✓ Launched: journal {id}. Everything is PAUSED; the IDs are above."),
                    width,
                ) {
                    lines.push(Line::styled(w, theme.ok()));
                }
                let next = if app.status.is_some() {
                    "w watches its review (the status pane; l there comes back here). `dcw launches` lists this launch. q quits."
                } else {
                    "Watching review status comes next (dcw launches lists this launch). q quits."
                };
                for w in wrap(next, width) {
                    lines.push(Line::raw(w));
                }
            }
            Some(Err(e)) => {
                for w in wrap(&format!("✗ {e}"), width) {
                    lines.push(Line::styled(w, theme.error()));
                }
            }
            None => lines.push(Line::styled("Launching…", theme.warn())),
        }
        return;
    }
    lines.push(Line::from(vec![
        Span::styled("Budget      ", theme.focus()),
        Span::raw(sanitize(&review::budget_summary(app)).into_owned()),
    ]));
    let pre = match &app.review.preflight {
        review::Preflight::NotRun => (
            "· not run (it runs when the draft has no errors)".to_string(),
            theme.dim(),
        ),
        review::Preflight::Running => ("… asking Meta (validate_only)".to_string(), theme.warn()),
        review::Preflight::Passed(m) => (format!("✓ {m}"), theme.ok()),
        review::Preflight::Failed(e) => (format!("✗ {e}"), theme.error()),
    };
    for (i, l) in wrap(&pre.0, width.saturating_sub(12))
        .into_iter()
        .enumerate()
    {
        let label = if i == 0 {
            "Dry run     "
        } else {
            "            "
        };
        lines.push(Line::from(vec![
            Span::styled(label, theme.focus()),
            Span::styled(l, pre.1),
        ]));
    }
    let all = app.all_findings();
    let errors: Vec<_> = all.iter().filter(|f| f.is_error()).collect();
    let warnings: Vec<_> = all.iter().filter(|f| !f.is_error()).collect();
    lines.push(Line::from(vec![
        Span::styled("Checks      ", theme.focus()),
        Span::raw(crate::spec::report::summary(&all)),
    ]));
    for f in errors.iter().chain(warnings.iter()) {
        let (mark, style) = if f.is_error() {
            ("✗", theme.error())
        } else {
            ("!", theme.warn())
        };
        hanging(
            &format!("{mark} [{}] {}: {}", f.step().title(), f.path, f.message),
            width,
            style,
            lines,
        );
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "What will be sent (↑/↓ scroll)",
        theme.focus(),
    ));
    match app.spec() {
        Some(spec) => {
            for (title, body) in review::payloads_tagged(&spec, app.ctx.tag_names) {
                lines.push(Line::styled(fit(&title, width), theme.focus()));
                for l in body.lines() {
                    lines.push(Line::raw(fit(l, width)));
                }
            }
        }
        None => lines.push(Line::styled("The draft is not a spec yet.", theme.error())),
    }
}

/// A launch step's key as the buyer counts: `adset:0` is "ad set 1", `ad:1` is "ad 2".
pub fn step_label(key: &str) -> String {
    match key.split_once(':') {
        Some((kind, n)) if n.parse::<usize>().is_ok() => {
            let n = n.parse::<usize>().unwrap_or(0) + 1;
            let kind = if kind == "adset" { "ad set" } else { kind };
            format!("{kind} {n}")
        }
        _ => key.to_string(),
    }
}
