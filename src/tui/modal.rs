//! Widgets over the screen: a bordered modal in the middle, and one line of keys in place of the
//! hint bar. Import no screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::text::TextField;
use super::theme::Theme;
use super::wrap::wrap;
use crate::spec::text::fit;

/// One line of keys in place of the hint bar (an overlay's, an editor's), cut to the width.
pub fn key_line(theme: Theme, frame: &mut Frame, area: Rect, text: &str) {
    frame.render_widget(
        Paragraph::new(Line::styled(fit(text, area.width as usize), theme.focus())),
        area,
    );
}

/// A bordered box in the middle of `area`: the title, the lines wrapped, and the real cursor
/// at (row, column) of the lines when given.
pub fn draw(
    frame: &mut Frame,
    theme: Theme,
    area: Rect,
    title: &str,
    lines: &[String],
    cursor: Option<(u16, u16)>,
) {
    draw_box(frame, theme, area, title, lines, cursor);
}

/// Like `draw`, with line `row` showing a typed field: the real cursor in it and its selection
/// reversed.
pub fn draw_typed(
    frame: &mut Frame,
    (theme, area): (Theme, Rect),
    title: &str,
    lines: &[String],
    (row, input): (u16, &TextField),
) {
    let col = input.cursor_line_col().1 as u16;
    let inner = draw_box(frame, theme, area, title, lines, Some((row, col)));
    let (Some((from, to)), true) = (input.selected_columns(0), row < inner.height) else {
        return;
    };
    let buf = frame.buffer_mut();
    for c in from..to {
        // Each line is drawn one column in.
        let x = inner.x.saturating_add(1).saturating_add(c as u16);
        if x < inner.x + inner.width
            && let Some(cell) = buf.cell_mut((x, inner.y + row))
        {
            cell.modifier.insert(Modifier::REVERSED);
        }
    }
}

/// Draws the box; returns the area inside its border.
fn draw_box(
    frame: &mut Frame,
    theme: Theme,
    area: Rect,
    title: &str,
    lines: &[String],
    cursor: Option<(u16, u16)>,
) -> Rect {
    let w = (lines.iter().map(|l| l.width()).max().unwrap_or(0) + 4)
        .min(area.width as usize)
        .max(20.min(area.width as usize)) as u16;
    let inner_w = w.saturating_sub(2) as usize;
    let wrapped: Vec<String> = lines
        .iter()
        .flat_map(|l| wrap(l, inner_w.saturating_sub(1)))
        .collect();
    let h = (wrapped.len() as u16 + 2).min(area.height);
    let rect = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(Line::styled(format!(" {title} "), theme.focus()))
        .border_style(theme.focus());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let text: Vec<Line> = wrapped
        .into_iter()
        .map(|l| Line::raw(format!(" {l}")))
        .collect();
    frame.render_widget(Paragraph::new(text), inner);
    if let Some((row, col)) = cursor
        && row < inner.height
    {
        frame.set_cursor_position((
            inner.x + (col + 1).min(inner.width.saturating_sub(1)),
            inner.y + row,
        ));
    }
    inner
}
