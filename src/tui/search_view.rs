//! How a targeting search picker draws: the chosen items as chips, and while focused the query
//! being typed, the state of its search (searching…, N matches, no match, Graph's refusal) and
//! the hits with the highlighted one that Enter adds. Every string from Graph goes through the
//! one sanitiser (`fit`, `wrap`).

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::form::{Field, FieldKind, SearchFor};
use super::model::Model;
use super::model::search::chips;
use super::text::with_selection;
use super::theme::Theme;
use super::wrap::{scrolled, wrap};
use crate::spec::text::fit;

/// Where the picker draws: its value column and width, the indent of its lines after the
/// first, and whether it has focus.
pub struct Place<'a> {
    pub theme: Theme,
    pub focused: bool,
    pub col0: usize,
    pub indent: &'a str,
    pub value_w: usize,
}

/// The picker's lines (the first after `head`, its label) and where the cursor goes.
pub fn lines(
    app: &Model,
    field: &Field,
    place: &Place,
    mut head: Vec<Span<'static>>,
    out: &mut Vec<Line<'static>>,
) -> Option<(usize, usize)> {
    let (theme, value_w, indent) = (place.theme, place.value_w, place.indent);
    let chosen: Vec<String> = chips(app, field).into_iter().map(|c| c.label).collect();
    let text = if chosen.is_empty() {
        field.when_empty.unwrap_or("— none —").to_string()
    } else {
        chosen.join(", ")
    };
    for (i, l) in wrap(&text, value_w).into_iter().enumerate() {
        if i == 0 {
            head.push(Span::raw(l));
            out.push(Line::from(std::mem::take(&mut head)));
        } else {
            out.push(Line::raw(format!("{indent}{l}")));
        }
    }
    suggested_line(app, field, place, out);
    let (_, input) = app.edit.as_ref().filter(|_| place.focused)?;
    let (shown, col) = scrolled(
        input.text(),
        input.cursor_line_col().1,
        value_w.saturating_sub(12),
    );
    let cursor = (out.len(), place.col0 + 7 + col);
    let mut spans = vec![
        Span::raw(indent.to_string()),
        Span::styled("search ", theme.dim()),
    ];
    spans.extend(with_selection(
        shown,
        input.cursor_line_col().1 - col,
        input.selected_columns(0),
        Style::new().add_modifier(Modifier::UNDERLINED),
    ));
    let state = app.search_state().unwrap_or_default();
    let refused = state.starts_with('✗');
    if !state.is_empty() && !refused {
        spans.push(Span::styled(
            format!("  {}", fit(&state, value_w / 2)),
            theme.dim(),
        ));
    }
    out.push(Line::from(spans));
    if refused {
        // Graph's refusal in full, wrapped under the query (`wrap` sanitises).
        for l in wrap(&state, value_w) {
            out.push(Line::from(vec![
                Span::raw(indent.to_string()),
                Span::styled(l, theme.error()),
            ]));
        }
    }
    for (n, hit) in app.search_hits().iter().enumerate() {
        let style = if n == app.list.cursor {
            theme.selected()
        } else {
            Style::new()
        };
        out.push(Line::from(vec![
            Span::raw(indent.to_string()),
            Span::styled(fit(&hit.label(), value_w), style),
        ]));
    }
    Some(cursor)
}

/// `Suggested: X, Y (↓ and Space add one)` under a detailed-targeting group after a pick.
fn suggested_line(app: &Model, field: &Field, place: &Place, out: &mut Vec<Line<'static>>) {
    if field.kind != FieldKind::Search(SearchFor::Detailed) {
        return;
    }
    let Some((f, load)) = &app.searches.suggested else {
        return;
    };
    if *f != field.id {
        return;
    }
    let text = match load {
        super::load::Load::Loading => "Suggested: looking…".to_string(),
        super::load::Load::Failed(e) => format!("Suggested: none ({e})"),
        super::load::Load::Ready(list) if list.is_empty() => return,
        super::load::Load::Ready(list) => {
            let names: Vec<&str> = list.iter().take(5).map(|h| h.name.as_str()).collect();
            let how = if place.focused {
                " (↓ highlights one, Space adds it)"
            } else {
                ""
            };
            format!("Suggested: {}{how}", names.join(", "))
        }
    };
    out.push(Line::from(vec![
        Span::raw(place.indent.to_string()),
        Span::styled(fit(&text, place.value_w), place.theme.dim()),
    ]));
}
