//! The form widget: a step's fields as lines (label, value, the options of the focused list,
//! the findings under each field) and where the real cursor goes. Generic: it draws the
//! model's fields and names no step. Widths are display widths (emoji, CJK).

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::edit;
use super::form::{self, ButtonAction, Field, FieldKind, Opt};
use super::model::Model;
use super::model::value::{display_text, string_list};
use super::text::{TextField, with_selection};
use super::theme::Theme;
use super::wrap::wrap;
use crate::spec::tables::char_count;
use crate::spec::text::{fit, sanitize};
use crate::spec::{Finding, Severity};

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
                "videos" => "video",
                "titles" => "title",
                "bodies" => "body",
                "descriptions" => "description",
                "link_urls" => "link",
                other => other,
            };
            format!("[ + Add {what} ]")
        }
        ButtonAction::AddAudience => "[ + Add audience ]".into(),
        ButtonAction::AddGroup(_) => "[ + Narrow further (AND) ]".into(),
        ButtonAction::SavePreset => "[ Save as preset… ]".into(),
        ButtonAction::DuplicateAudience(i) => format!("[ Duplicate audience {} ]", i + 1),
        ButtonAction::RemoveAudience(i) => format!("[ Remove audience {} ]", i + 1),
        ButtonAction::Submit => "[ Submit… ]".into(),
    }
}

use super::wrap::scrolled;

/// Where a finding's lines go: `lead` before every line (a field's indent), `hang` before each
/// line after the first, the words wrapped to `width` columns after both.
pub struct Place<'a> {
    pub lead: &'a str,
    pub hang: &'a str,
    pub width: usize,
}

/// A finding as the wizard shows it: its mark and the buyer's words (after `before`, say
/// `[Ad set] `; with the hint when `hint` and the hint is not about the spec file), then the
/// JSON path, dimmed, for those who need it: on the last line when it fits, else on its own.
pub fn finding_lines(
    f: &Finding,
    theme: Theme,
    before: &str,
    hint: bool,
    place: &Place,
    lines: &mut Vec<Line<'static>>,
) {
    let (mark, style) = mark(f.severity, theme);
    let mut text = format!("{mark} {before}{}", f.message);
    if let Some(h) = f.wizard_hint().filter(|_| hint) {
        text.push_str(&format!(" ({h})"));
    }
    let width = place.width.max(10);
    let wrapped = wrap(&text, width);
    let path = sanitize(&f.path).into_owned();
    let last = wrapped.len().saturating_sub(1);
    let head = |i: usize| {
        let mut spans = vec![Span::raw(place.lead.to_string())];
        if i > 0 {
            spans.push(Span::raw(place.hang.to_string()));
        }
        spans
    };
    for (i, l) in wrapped.into_iter().enumerate() {
        let mut spans = head(i);
        let fits = l.width() + 2 + path.width() <= width;
        spans.push(Span::styled(l, style));
        if i == last && !path.is_empty() && fits {
            spans.push(Span::styled(format!("  {path}"), theme.dim()));
        } else if i == last && !path.is_empty() {
            lines.push(Line::from(spans));
            spans = head(i + 1);
            spans.push(Span::styled(fit(&path, width), theme.dim()));
        }
        lines.push(Line::from(spans));
    }
}

/// One field being drawn: the model, where its value starts and how wide it may be.
struct Row<'a> {
    app: &'a Model,
    theme: Theme,
    field: &'a Field,
    focused: bool,
    /// The column where values start (continuation lines are indented to it).
    col0: usize,
    indent: String,
    value_w: usize,
}

/// The lines drawn so far and where the real cursor goes: (line, column).
struct Drawn {
    lines: Vec<Line<'static>>,
    cursor: Option<(usize, usize)>,
}

pub fn form_lines(app: &Model, theme: Theme, width: usize) -> FormLines {
    let mut out = Drawn {
        lines: Vec::new(),
        cursor: None,
    };
    let mut focus = (0, 0);
    let place = Place {
        lead: "",
        hang: "  ",
        width: width.saturating_sub(2),
    };
    for f in app.loose_findings() {
        finding_lines(&f, theme, "", false, &place, &mut out.lines);
    }
    let value_w = width.saturating_sub(LABEL_W + 2).max(4);
    for field in &app.fields() {
        if let Some(s) = &field.section {
            out.lines.push(Line::raw(""));
            out.lines
                .push(Line::styled(sanitize(s).into_owned(), theme.focus()));
        }
        let col0 = 2 + LABEL_W;
        let row = Row {
            app,
            theme,
            field,
            focused: field.id == app.focus && field.focusable(),
            col0,
            indent: " ".repeat(col0),
            value_w,
        };
        let start = out.lines.len();
        field_body(&row, label_head(&row), &mut out);
        words_under(&row, width, &mut out.lines);
        if row.focused {
            focus = (start, out.lines.len().saturating_sub(1));
            if out.cursor.is_none() {
                out.cursor = Some((start, 0));
            }
        }
    }
    FormLines {
        lines: out.lines,
        focus,
        cursor: out.cursor,
    }
}

/// An error's or a warning's mark and style.
fn mark(severity: Severity, theme: Theme) -> (&'static str, Style) {
    if severity == Severity::Error {
        ("✗", theme.error())
    } else {
        ("!", theme.warn())
    }
}

/// The focus marker and the label, padded to the label column.
fn label_head(row: &Row) -> Vec<Span<'static>> {
    let marker = if row.focused { "› " } else { "  " };
    let label = fit(&row.field.label, LABEL_W - 1);
    let label = format!("{label}{}", " ".repeat(LABEL_W - label.width()));
    let label_style = if row.focused {
        row.theme.focus()
    } else {
        Style::new()
    };
    vec![
        Span::styled(marker.to_string(), row.theme.focus()),
        Span::styled(label, label_style),
    ]
}

/// Under a field: its findings, then its help while it has focus.
fn words_under(row: &Row, width: usize, lines: &mut Vec<Line<'static>>) {
    let (col0, theme) = (row.col0, row.theme);
    let lead = " ".repeat(col0.min(width / 3));
    let place = Place {
        lead: &lead,
        hang: "",
        width: width.saturating_sub(col0),
    };
    for f in row.app.field_findings(row.field) {
        finding_lines(&f, theme, "", true, &place, lines);
    }
    let field = row.field;
    if row.focused && !field.help.is_empty() && !matches!(field.kind, FieldKind::Info) {
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
}

/// A typed field's editor (when it is being edited) and the text it shows: what is being
/// typed, else text kept because it could not be stored, else the stored value.
fn typed_text<'a>(
    row: &Row<'a>,
    stored: impl FnOnce() -> String,
) -> (Option<&'a (String, super::text::TextField)>, String) {
    let app = row.app;
    let editing = app
        .edit
        .as_ref()
        .filter(|(id, _)| row.focused && *id == row.field.id);
    let text = match (editing, app.raw.get(&row.field.id)) {
        (Some((_, input)), _) => input.text().to_string(),
        (None, Some((raw, _))) => raw.clone(),
        (None, None) => stored(),
    };
    (editing, text)
}

/// The field's value after its label, and for a focused list its options.
fn field_body(row: &Row, mut head: Vec<Span<'static>>, out: &mut Drawn) {
    let (theme, field, value_w) = (row.theme, row.field, row.value_w);
    match &field.kind {
        FieldKind::Text {
            multiline, limit, ..
        } => text_body(row, *multiline, *limit, head, out),
        FieldKind::Int | FieldKind::Money | FieldKind::Crop { .. } => short_body(row, head, out),
        FieldKind::Choice { options } => choice_body(row, options, head, out),
        FieldKind::Multi { .. } => {
            let ticked = string_list(row.app, &field.id);
            let text = if ticked.is_empty() {
                field.when_empty.unwrap_or("— none —").to_string()
            } else {
                ticked.join(", ")
            };
            head.push(Span::raw(fit(&text, value_w)));
            out.lines.push(Line::from(head));
            if row.focused {
                list_rows(row, &ticked, true, out);
            }
        }
        FieldKind::Cycle { options } => {
            // The step says which state is chosen (`virtual_value`), by an option's value.
            let now = row.app.step_rules().virtual_value(row.app, &field.id);
            let text = match options.iter().find(|o| Some(&o.value) == now.as_ref()) {
                Some(o) if o.note.is_empty() => o.label.clone(),
                Some(o) => format!("{} · {}", o.label, o.note),
                None => now.unwrap_or_default(),
            };
            head.push(Span::raw(fit(&text, value_w)));
            out.lines.push(Line::from(head));
            if row.focused {
                out.cursor = Some((out.lines.len() - 1, row.col0));
            }
        }
        FieldKind::Toggle { on, .. } => {
            let is_on = form::get(&row.app.draft, &field.id) == Some(on);
            head.push(Span::raw(if is_on { "[x] on" } else { "[ ] off" }));
            out.lines.push(Line::from(head));
            if row.focused {
                out.cursor = Some((out.lines.len() - 1, row.col0 + 1));
            }
        }
        FieldKind::Countries => countries_body(row, head, out),
        FieldKind::Search(_) => {
            let place = super::search_view::Place {
                theme,
                focused: row.focused,
                col0: row.col0,
                indent: &row.indent,
                value_w,
            };
            if let Some(c) = super::search_view::lines(row.app, field, &place, head, &mut out.lines)
            {
                out.cursor = Some(c);
            }
        }
        FieldKind::Refs { options } => {
            let ticked = super::model::value::ref_ids(row.app, &field.id);
            let names: Vec<String> = ticked
                .iter()
                .map(|id| {
                    options
                        .iter()
                        .find(|o| o.value == *id)
                        .map_or_else(|| id.clone(), |o| o.label.clone())
                })
                .collect();
            let text = if names.is_empty() {
                field.when_empty.unwrap_or("— none —").to_string()
            } else {
                names.join(", ")
            };
            head.push(Span::raw(fit(&text, value_w)));
            out.lines.push(Line::from(head));
            if row.focused {
                list_rows(row, &ticked, true, out);
            }
        }
        FieldKind::Button(action) => {
            let label = button_label(action);
            let style = if row.focused {
                theme.selected()
            } else {
                theme.focus()
            };
            let marker = head.remove(0);
            out.lines
                .push(Line::from(vec![marker, Span::styled(label, style)]));
            if row.focused {
                out.cursor = Some((out.lines.len() - 1, 2));
            }
        }
        FieldKind::Info => {
            head.push(Span::styled(fit(&field.help, value_w), theme.dim()));
            out.lines.push(Line::from(head));
        }
    }
}

/// A text's counter against Meta's limit: ` 41/255 · 40 show !`, styled by how far it is.
fn counter(row: &Row, text: &str, limit: Option<(usize, usize)>) -> Option<(String, Style)> {
    let theme = row.theme;
    limit.map(|(max, shown)| {
        let n = char_count(text);
        let flag = if n > max {
            " ✗"
        } else if n > shown {
            " !"
        } else {
            ""
        };
        let guide = if row.focused {
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
    })
}

/// A text, one line per line of it, the first with its counter.
fn text_body(
    row: &Row,
    multiline: bool,
    limit: Option<(usize, usize)>,
    mut head: Vec<Span<'static>>,
    out: &mut Drawn,
) {
    let (editing, text) = typed_text(row, || display_text(row.app, row.field));
    let counter = counter(row, &text, limit);
    let cw = counter.as_ref().map_or(0, |(c, _)| c.width());
    let room = row.value_w.saturating_sub(cw).max(4);
    let text_lines: Vec<&str> = if multiline {
        text.split('\n').collect()
    } else {
        vec![text.as_str()]
    };
    let (cur_line, cur_col) = editing.map_or((0, 0), |(_, i)| i.cursor_line_col());
    let style = if row.focused {
        Style::new().add_modifier(Modifier::UNDERLINED)
    } else {
        Style::new()
    };
    for (n, tl) in text_lines.iter().enumerate() {
        let (shown, col) = if editing.is_some() && n == cur_line {
            scrolled(tl, cur_col, room)
        } else {
            (fit(tl, room), 0)
        };
        if editing.is_some() && n == cur_line {
            out.cursor = Some((out.lines.len(), row.col0 + col));
        }
        let mut spans = if n == 0 {
            std::mem::take(&mut head)
        } else {
            vec![Span::raw(row.indent.clone())]
        };
        let pad = room.saturating_sub(shown.width());
        let skip = if n == cur_line { cur_col - col } else { 0 };
        let selected = editing.and_then(|(_, i)| i.selected_columns(n));
        spans.extend(super::text::with_selection(shown, skip, selected, style));
        if n == 0
            && let Some((c, s)) = &counter
        {
            spans.push(Span::raw(" ".repeat(pad)));
            spans.push(Span::styled(c.clone(), *s));
        }
        out.lines.push(Line::from(spans));
    }
    if text.is_empty()
        && !row.focused
        && let Some(l) = out.lines.last_mut()
    {
        l.spans.push(Span::styled(
            row.field.when_empty.unwrap_or("—"),
            row.theme.dim(),
        ));
    }
}

/// A number, an amount or a crop on one line, money with its currency.
fn short_body(row: &Row, mut head: Vec<Span<'static>>, out: &mut Drawn) {
    let (app, field, value_w) = (row.app, row.field, row.value_w);
    let (editing, text) = typed_text(row, || display_text(app, field));
    let mut suffix = String::new();
    if field.kind == FieldKind::Money
        && let Some(c) = app.currency()
    {
        suffix = format!(" {c}");
    }
    let (shown, col) = match editing {
        Some((_, i)) => scrolled(&text, i.cursor_line_col().1, value_w),
        None => (fit(&text, value_w), 0),
    };
    if editing.is_some() {
        out.cursor = Some((out.lines.len(), row.col0 + col));
    }
    let style = if row.focused {
        Style::new().add_modifier(Modifier::UNDERLINED)
    } else {
        Style::new()
    };
    if text.is_empty() && !row.focused {
        head.push(Span::styled("—", row.theme.dim()));
    } else {
        // While typed, the selection reversed (the shown part starts `skip` columns in).
        let (skip, selected) = editing.map_or((0, None), |(_, i)| {
            (i.cursor_line_col().1 - col, i.selected_columns(0))
        });
        head.extend(with_selection(shown.clone(), skip, selected, style));
    }
    let room = value_w.saturating_sub(shown.width());
    head.push(Span::styled(fit(&suffix, room), row.theme.dim()));
    out.lines.push(Line::from(head));
}

/// One of a list: the chosen option, and while focused the options under it.
fn choice_body(row: &Row, options: &[Opt], mut head: Vec<Span<'static>>, out: &mut Drawn) {
    let field = row.field;
    let current = row.app.current_value(&field.id).unwrap_or_default();
    let chosen = options.iter().find(|o| o.value == current);
    let text = match chosen {
        Some(o) if o.label != o.value && !o.value.is_empty() && !field.id.starts_with('#') => {
            format!("{}  {}", o.label, o.value)
        }
        Some(o) => o.label.clone(),
        None if current.is_empty() => "— none —".into(),
        None => current.clone(),
    };
    head.push(Span::raw(fit(&text, row.value_w)));
    out.lines.push(Line::from(head));
    if row.focused {
        list_rows(row, &[current], false, out);
    }
}

/// The countries chosen, and while focused the one being typed with its best matches, the one
/// Enter adds highlighted.
fn countries_body(row: &Row, mut head: Vec<Span<'static>>, out: &mut Drawn) {
    let (app, theme, value_w, indent) = (row.app, row.theme, row.value_w, &row.indent);
    let list = string_list(app, &row.field.id);
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
            out.lines.push(Line::from(std::mem::take(&mut head)));
        } else {
            out.lines.push(Line::raw(format!("{indent}{l}")));
        }
    }
    let Some((_, input)) = app.edit.as_ref().filter(|_| row.focused) else {
        return;
    };
    let (shown, col) = scrolled(
        input.text(),
        input.cursor_line_col().1,
        value_w.saturating_sub(4),
    );
    out.cursor = Some((out.lines.len(), row.col0 + 4 + col));
    let mut spans = vec![Span::raw(indent.clone()), Span::styled("add ", theme.dim())];
    spans.extend(with_selection(
        shown,
        input.cursor_line_col().1 - col,
        input.selected_columns(0),
        Style::new().add_modifier(Modifier::UNDERLINED),
    ));
    out.lines.push(Line::from(spans));
    // The highlight is what Enter adds; ↑↓ move it. Nothing is added before.
    let shown = super::picker::suggestions(&row.field.kind, input.text());
    for (n, s) in shown.into_iter().enumerate() {
        let (c, name) = (s.value, s.label);
        let style = if n == app.list.cursor {
            theme.selected()
        } else {
            Style::new()
        };
        out.lines.push(Line::from(vec![
            Span::raw(indent.clone()),
            Span::styled(fit(&format!("{c}  {name}"), value_w), style),
        ]));
    }
}

/// The list's filter being typed, with how many options match.
fn filter_line(row: &Row, filter: &TextField, matches: usize, out: &mut Drawn) {
    let indent = &row.indent;
    let col = filter.cursor_line_col().1;
    out.cursor = Some((out.lines.len(), indent.width() + 9 + col));
    let typed = Style::new().add_modifier(Modifier::UNDERLINED);
    let mut spans = vec![
        Span::raw(indent.to_string()),
        Span::styled("filter: ", row.theme.dim()),
        Span::styled("/", typed),
    ];
    spans.extend(with_selection(
        sanitize(filter.text()).into_owned(),
        0,
        filter.selected_columns(0),
        typed,
    ));
    spans.push(Span::styled(
        format!(
            "  {matches} {}",
            if matches == 1 { "match" } else { "matches" }
        ),
        row.theme.dim(),
    ));
    out.lines.push(Line::from(spans));
}

/// The focused list's options (after the filter), at most `LIST_ROWS` around the highlight.
fn list_rows(row: &Row, chosen: &[String], multi: bool, out: &mut Drawn) {
    let (app, theme, indent) = (row.app, row.theme, &row.indent);
    let options = edit::visible_options(app);
    if let Some(f) = &app.list.filter {
        filter_line(row, f, options.len(), out);
    }
    let n = options.len();
    let first = app
        .list
        .cursor
        .saturating_sub(LIST_ROWS / 2)
        .min(n.saturating_sub(LIST_ROWS));
    if first > 0 {
        out.lines.push(Line::styled(
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
            out.cursor = Some((out.lines.len(), indent.width() + 1));
        }
        out.lines.push(Line::from(vec![
            Span::raw(indent.to_string()),
            Span::styled(fit(&text, row.value_w), style),
        ]));
    }
    if first + LIST_ROWS < n {
        out.lines.push(Line::styled(
            format!("{indent}  ↓ {} more", n - first - LIST_ROWS),
            theme.dim(),
        ));
    }
    if n == 0 {
        out.lines.push(Line::styled(
            format!("{indent}  nothing matches"),
            theme.dim(),
        ));
    }
}
