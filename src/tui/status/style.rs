//! What the pane's screens share in drawing: a review state's colour, ages, and a line being
//! typed with its cursor.

use chrono::{DateTime, Utc};
use ratatui::style::{Color, Style};
use ratatui::text::Span;
use unicode_width::UnicodeWidthStr;

use crate::tui::theme::Theme;
use crate::watch::ReviewState;

pub fn state_style(theme: Theme, s: ReviewState) -> Style {
    match s {
        ReviewState::Rejected => theme.error(),
        ReviewState::WithIssues => theme.warn(),
        ReviewState::InReview => theme.fg(Color::Cyan),
        ReviewState::Approved | ReviewState::ApprovedPaused => theme.ok(),
        ReviewState::Gone | ReviewState::Unknown => theme.dim(),
    }
}

/// `12s`, `4m`, `2h`, `3d`.
pub fn short_age(d: chrono::Duration) -> String {
    let s = d.num_seconds().max(0);
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86400 => format!("{}h", s / 3600),
        _ => format!("{}d", s / 86400),
    }
}

pub fn ago(t: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    t.map_or_else(|| "—".into(), |t| format!("{} ago", short_age(now - t)))
}

/// A line being typed, scrolled so its cursor shows, with the cursor drawn where it is (`▏`).
pub fn typed(
    input: &crate::tui::text::TextField,
    width: usize,
    theme: Theme,
) -> Vec<Span<'static>> {
    use unicode_segmentation::UnicodeSegmentation;
    let (shown, col) = crate::tui::wrap::scrolled(
        input.text(),
        input.cursor_line_col().1,
        width.saturating_sub(1),
    );
    let (mut before, mut after, mut at) = (String::new(), String::new(), 0);
    for g in shown.graphemes(true) {
        if at < col {
            before.push_str(g);
        } else {
            after.push_str(g);
        }
        at += g.width();
    }
    // The selection reversed, on both sides of the cursor.
    use crate::tui::text::with_selection;
    let (skip, selected) = (input.cursor_line_col().1 - col, input.selected_columns(0));
    let mut spans = with_selection(before, skip, selected, Style::new());
    spans.push(Span::styled("▏", theme.focus()));
    spans.extend(with_selection(after, skip + col, selected, Style::new()));
    spans
}
