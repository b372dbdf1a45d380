//! Drawing the preview screen: a header (the family, "combination 3 of 240", the assets it
//! uses, the count per family), the mock of the ad in a box, and beside it (below it in the
//! text-only layout) the counts, the assets that never show and the positions not mocked.
//! One plan of where everything goes serves the drawing and the pictures it asks for.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::state::{AdPreview, FAMILY_PICKS, Meta};
use crate::spec::CropKey;
use crate::spec::group_thousands as thousands;
use crate::spec::preview::{self, Combinations, Fallback, FamilyId, ImageFit, Media, Shown};
use crate::spec::text::{fit, sanitize};
use crate::spec::units;
use crate::tui::keymap::{Action, KeyMap, Modal};
use crate::tui::layout;
use crate::tui::preview::PreviewKey;
use crate::tui::theme::Theme;
use crate::tui::wrap::wrap;

/// Draws a picture from the cache in an area (the router's pictures).
pub type DrawPicture<'a> = &'a dyn Fn(&mut Frame, &PreviewKey, Rect);

/// How the screen is drawn: the theme, and whether pictures
/// are drawn at all (off under NO_COLOR, and in tests for stable snapshots).
#[derive(Clone, Copy)]
pub struct Look {
    pub theme: Theme,
    pub pictures: bool,
}

/// NO_COLOR, and terminals of 80x24 or less, get the text-only layout: no picture, the image
/// as a line naming it and its crop. `[dcw's own]`
pub fn text_only(theme: Theme, screen: Rect) -> bool {
    !theme.color || screen.width <= 80 || screen.height <= 24
}

/// Primary text lines the mock shows at most (the text is already cut where the family cuts
/// it; this only keeps the picture on screen). `[dcw's own]`
const BODY_LINES: usize = 5;

/// The image or video of the mock: what it is, and where.
#[derive(Debug, Clone)]
enum MediaView {
    /// A picture from the cache.
    Picture(PreviewKey),
    /// A box with a label: a video, an image with no local file, or pictures off.
    Labelled(String),
}

/// Where everything goes for one frame.
struct Plan {
    header: Rect,
    mock: Rect,
    /// The mock's lines, by row inside the mock's box.
    lines: Vec<(u16, Line<'static>)>,
    media: Option<(Rect, MediaView)>,
    /// The family's frame around a picture shown whole between bars (Stories' fallback).
    bars: Option<Rect>,
    /// The counts, the warnings and what is not mocked, with where they go.
    info: Rect,
}

fn ratio_word(k: CropKey) -> String {
    units::ratio(k.ratio())
}

/// How the image shows, in words: "4:5 crop", "1:1 centre cut (no crop of its shape)".
fn fit_words(fit: ImageFit) -> String {
    match fit {
        ImageFit::Exact(k) => format!("{} crop", ratio_word(k)),
        ImageFit::OwnCrop(k) => format!("its {} crop", ratio_word(k)),
        ImageFit::Fallback(Fallback::CentreCut(k)) => {
            format!("{} centre cut, no crop of its shape", ratio_word(k))
        }
        ImageFit::Fallback(Fallback::Bars) => "whole, with bars above and below".into(),
    }
}

impl AdPreview {
    fn image_file(&self, i: usize) -> Option<&str> {
        self.feed
            .images
            .as_ref()?
            .get(i)?
            .file
            .as_deref()
            .filter(|f| !f.is_empty())
    }

    fn video_file(&self, i: usize) -> Option<&str> {
        self.feed
            .videos
            .as_ref()?
            .get(i)?
            .file
            .as_deref()
            .filter(|f| !f.is_empty())
    }

    /// The name of image `i`'s file: the feed's, else the one the launch journal knows.
    fn image_name(&self, i: usize) -> Option<&str> {
        self.image_file(i).map(units::file_name).or_else(|| {
            self.files
                .image_names
                .get(i)?
                .as_deref()
                .filter(|n| !n.is_empty())
        })
    }

    /// `image 2 · shoe.jpg · 4:5 crop`, `video 1 · run.mp4 · 0:15`.
    fn media_label(&self, shown: &Shown) -> String {
        match shown.media {
            Media::Image(i) => {
                let file = self
                    .image_name(i)
                    .map_or("by hash or URL".to_string(), |f| sanitize(f).into_owned());
                let fit = shown.fit.map(fit_words).unwrap_or_default();
                format!("image {} · {file} · {fit}", i + 1)
            }
            Media::Video(i) => {
                let file = self.video_file(i).map_or("by id".to_string(), |f| {
                    sanitize(units::file_name(f)).into_owned()
                });
                let length = self
                    .files
                    .video_ms
                    .get(i)
                    .copied()
                    .flatten()
                    .map(|ms| format!(" · {}", units::clock(ms / 1000)))
                    .unwrap_or_default();
                format!("▶ video {} · {file}{length}", i + 1)
            }
        }
    }

    /// The picture for image `i` as `fit` shows it, at `cells`.
    fn picture_key(&self, i: usize, fit: ImageFit, cells: (u16, u16)) -> Option<PreviewKey> {
        let file = self.image_file(i)?.to_string();
        let image = self.feed.images.as_ref()?.get(i)?;
        let (crop, shape) = match fit {
            ImageFit::Exact(k) | ImageFit::OwnCrop(k) => {
                let bx = image
                    .image_crops
                    .as_ref()
                    .and_then(|c| c.0.first())
                    .map(|(_, b)| *b);
                (bx, bx.map(|_| k.ratio()))
            }
            ImageFit::Fallback(Fallback::CentreCut(k)) => {
                match self.files.image_sizes.get(i).copied().flatten() {
                    Some((w, h)) => (Some(k.largest_centred(w, h)), Some(k.ratio())),
                    None => (None, None),
                }
            }
            ImageFit::Fallback(Fallback::Bars) => (None, None),
        };
        Some(PreviewKey {
            file,
            crop,
            shape,
            cells,
        })
    }

    /// The shape the media takes in the mock, width by height.
    fn media_shape(&self, shown: &Shown) -> (u32, u32) {
        match (shown.media, shown.fit) {
            (Media::Image(_), Some(ImageFit::Exact(k) | ImageFit::OwnCrop(k))) => k.ratio(),
            (Media::Image(_), Some(ImageFit::Fallback(Fallback::CentreCut(k)))) => k.ratio(),
            _ => self.family.crop.ratio(),
        }
    }

    /// Line 1 of the header.
    pub(super) fn title(&self) -> String {
        let label = self.family.label;
        let n = self.count();
        let mut out = if n == 0 {
            format!("Preview · {label} · no image or video this placement shows")
        } else {
            format!(
                "Preview · {label} · combination {} of {}",
                thousands(self.index + 1),
                thousands(n)
            )
        };
        if !self.family_reached() {
            out.push_str(" · not in this ad's placements");
        }
        out
    }

    /// Line 2 of the header: the assets the combination uses.
    fn uses(&self) -> String {
        let Some(c) = self.combination() else {
            return String::new();
        };
        let all = preview::describe(&c);
        let (media, rest) = all.split_once(" · ").unwrap_or((all.as_str(), ""));
        let file = match c.media {
            Media::Image(i) => self.image_name(i),
            Media::Video(i) => self.video_file(i),
        };
        let mut out = format!("Uses {media}");
        if let Some(f) = file {
            out.push_str(&format!(" «{}»", sanitize(units::file_name(f))));
        }
        if !rest.is_empty() {
            out.push_str(" · ");
            out.push_str(rest);
        }
        out
    }

    /// Line 3 of the header: each family's key and count, the one on screen marked.
    fn family_line(&self, theme: Theme, full: bool) -> Line<'static> {
        let all = Combinations::of(&self.feed).count();
        let mut spans = vec![Span::raw(format!("{} in all · ", thousands(all)))];
        for (i, c) in self.counts.iter().enumerate() {
            if i > 0 {
                spans.push(Span::raw(" · "));
            }
            let reached = self.reached.iter().any(|f| f.id == c.family.id);
            let count = if reached {
                thousands(c.combinations)
            } else {
                "—".to_string()
            };
            let text = if full {
                format!("{} {} {count}", c.family.key, c.family.label)
            } else {
                format!("{}={count}", c.family.key)
            };
            let style = if c.family.id == self.family.id {
                theme.selected()
            } else if reached {
                Style::new()
            } else {
                theme.dim()
            };
            spans.push(Span::styled(text, style));
        }
        Line::from(spans)
    }

    /// Meta's own preview (`m`) as far as it went, and the note on the placements.
    fn meta_lines(&self, theme: Theme, width: usize) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        let mut say = |text: &str, style: Style| {
            out.extend(
                wrap(&sanitize(text), width)
                    .into_iter()
                    .map(|l| Line::styled(l, style)),
            );
        };
        match &self.meta {
            Meta::NotAsked => {}
            Meta::Asking(f) => say(
                &format!("Meta's preview of {}: asking Meta…", f.label),
                theme.dim(),
            ),
            Meta::Links {
                family,
                links,
                notes,
                copied,
            } => {
                say(
                    &format!("Meta's preview of {}:", family.label),
                    theme.focus(),
                );
                for (format, link) in links {
                    say(&format!("{format}: {link}"), theme.ok());
                }
                if *copied {
                    say(
                        "✓ The first copied (OSC 52; in tmux: set -g set-clipboard on)",
                        theme.ok(),
                    );
                }
                for n in notes {
                    say(n, theme.dim());
                }
            }
            Meta::Failed { family, message } => say(
                &format!("✗ No preview of {} from Meta: {message}", family.label),
                theme.error(),
            ),
        }
        if let Some(n) = &self.note {
            say(n, theme.warn());
        }
        out
    }

    /// Meta's preview, the counts, the warnings and the positions not mocked, as lines of
    /// `width`.
    fn info_lines(&self, theme: Theme, width: usize, full: bool) -> Vec<Line<'static>> {
        let mut out = self.meta_lines(theme, width);
        if full {
            out.push(Line::styled("Combinations per placement", theme.focus()));
            for c in &self.counts {
                let reached = self.reached.iter().any(|f| f.id == c.family.id);
                let mark = if c.family.id == self.family.id {
                    "›"
                } else {
                    " "
                };
                let what = if !reached {
                    "not in this ad's placements".to_string()
                } else if c.fallback_images > 0 {
                    format!(
                        "{} ({} image{} by Meta's fallback)",
                        thousands(c.combinations),
                        c.fallback_images,
                        if c.fallback_images == 1 { "" } else { "s" }
                    )
                } else {
                    thousands(c.combinations)
                };
                let text = format!("{mark} {} {:<23} {what}", c.family.key, c.family.label);
                let style = if reached { Style::new() } else { theme.dim() };
                out.push(Line::styled(fit(&text, width), style));
            }
        }
        for w in &self.warnings {
            let text = format!("⚠ {}: {}", w.path, w.message);
            out.extend(
                wrap(&sanitize(&text), width)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.warn())),
            );
        }
        if !self.not_mocked.is_empty() {
            let text = format!("Also runs in (no mock): {}", self.not_mocked.join(", "));
            out.extend(
                wrap(&sanitize(&text), width)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.dim())),
            );
        }
        out
    }

    /// The mock's lines above and below the media, and the media's label, at `width`.
    fn mock_parts(&self, theme: Theme, width: usize, body_lines: usize) -> MockParts {
        let Some(c) = self.combination() else {
            return MockParts {
                above: vec![page_line(&self.page, theme, width)],
                label: None,
                below: vec![Line::styled(
                    fit("No image or video of the feed shows here.", width),
                    theme.dim(),
                )],
                shown: None,
            };
        };
        let shown = preview::shown(&self.feed, self.family, &c);
        let mut body: Vec<Line> = shown
            .body
            .iter()
            .flat_map(|b| b.split('\n').map(str::to_string).collect::<Vec<_>>())
            .flat_map(|l| wrap(&l, width))
            .map(Line::raw)
            .collect();
        if body.len() > body_lines {
            body.truncate(body_lines);
            if let Some(last) = body.last_mut() {
                let text: String = last.spans.iter().map(|s| s.content.as_ref()).collect();
                *last = Line::raw(fit(&format!("{text}…"), width));
            }
        }
        let link = shown
            .link
            .as_ref()
            .map(|l| Line::styled(fit(&l.to_uppercase(), width), theme.dim()));
        let headline = shown
            .headline
            .as_ref()
            .map(|h| Line::styled(fit(h, width), theme.focus()));
        let description = shown
            .description
            .as_ref()
            .map(|d| Line::styled(fit(d, width), theme.dim()));
        let button = shown.button.as_ref().map(|b| {
            Line::styled(fit(&format!("[ {b} ]"), width), theme.focus()).alignment(Alignment::Right)
        });
        let page = page_line(&self.page, theme, width);
        let sponsored = Line::styled("Sponsored", theme.dim());
        let label = Some(self.media_label(&shown));
        let (above, below) = match self.family.id {
            // Facebook's feed: the text over the picture, the link bar under it.
            FamilyId::FacebookFeedSquare | FamilyId::FacebookFeedPortrait => {
                let mut above = vec![page, sponsored];
                above.extend(body);
                let below = [link, headline, description, button]
                    .into_iter()
                    .flatten()
                    .collect();
                (above, below)
            }
            // The right column: the picture, then the headline and the site.
            FamilyId::RightColumn => {
                let below = [headline, link, Some(page), button]
                    .into_iter()
                    .flatten()
                    .collect();
                (Vec::new(), below)
            }
            // Instagram, Stories and Reels: the picture first, the caption under it.
            FamilyId::InstagramFeed | FamilyId::StoriesReels => {
                let mut below: Vec<Line> = [button, headline].into_iter().flatten().collect();
                below.extend(body);
                below.extend(description);
                (vec![page, sponsored], below)
            }
        };
        MockParts {
            above,
            label,
            below,
            shown: Some(shown),
        }
    }

    /// Where everything goes in `body` (the screen minus the wizard's frame).
    fn plan(&self, look: Look, body: Rect, text: bool) -> Plan {
        let theme = look.theme;
        let header = Rect {
            height: 3.min(body.height),
            ..body
        };
        let rest = Rect {
            y: body.y + header.height,
            height: body.height - header.height,
            ..body
        };
        let (mock, info) = if text {
            (rest, Rect { height: 0, ..rest })
        } else {
            let w = ((u32::from(rest.width) * 45 / 100) as u16).clamp(30.min(rest.width), 60);
            let info_x = rest.x.saturating_add(w).saturating_add(2);
            (
                Rect { width: w, ..rest },
                Rect {
                    x: info_x.min(rest.right()),
                    width: rest.right().saturating_sub(info_x),
                    ..rest
                },
            )
        };
        let inner_w = mock.width.saturating_sub(4) as usize;
        let inner_h = mock.height.saturating_sub(2);
        let parts = self.mock_parts(theme, inner_w, if text { 3 } else { BODY_LINES });
        let mut lines = Vec::new();
        let mut row = 0u16;
        for l in parts.above {
            lines.push((row, l));
            row += 1;
        }
        let mut media = None;
        let mut bars = None;
        if let (Some(label), Some(shown)) = (parts.label, parts.shown.as_ref()) {
            if text {
                lines.push((row, Line::raw(fit(&format!("[{label}]"), inner_w))));
                row += 1;
            } else {
                let room = inner_h.saturating_sub(row + parts.below.len() as u16);
                let (cols, rows) = fit_cells(self.media_shape(shown), inner_w as u16, room);
                let rect = Rect {
                    x: mock.x + 2 + (inner_w as u16 - cols) / 2,
                    y: mock.y + 1 + row,
                    width: cols,
                    height: rows,
                };
                // Whole between bars: the picture at its own shape, centred in the frame.
                let whole = match (shown.media, shown.fit) {
                    (Media::Image(i), Some(ImageFit::Fallback(Fallback::Bars))) => {
                        self.files.image_sizes.get(i).copied().flatten()
                    }
                    _ => None,
                };
                let at = whole.map_or(rect, |size| centred(rect, fit_cells(size, cols, rows)));
                let view = match (shown.media, shown.fit, look.pictures) {
                    (Media::Image(i), Some(fit), true) => self
                        .picture_key(i, fit, (at.width, at.height))
                        .map_or(MediaView::Labelled(label.clone()), MediaView::Picture),
                    _ => MediaView::Labelled(label),
                };
                if rows > 0 && cols > 0 {
                    let picture = matches!(view, MediaView::Picture(_));
                    bars = (picture && at != rect).then_some(rect);
                    media = Some((if picture { at } else { rect }, view));
                }
                row += rows;
            }
        }
        for l in parts.below {
            lines.push((row, l));
            row += 1;
        }
        let mock = if text {
            Rect {
                height: (row + 2).min(mock.height),
                ..mock
            }
        } else {
            mock
        };
        let info = if text {
            Rect {
                y: mock.y + mock.height,
                height: rest.height.saturating_sub(mock.height),
                ..rest
            }
        } else {
            info
        };
        Plan {
            header,
            mock,
            lines,
            media,
            bars,
            info,
        }
    }
}

struct MockParts {
    above: Vec<Line<'static>>,
    label: Option<String>,
    below: Vec<Line<'static>>,
    shown: Option<Shown>,
}

fn page_line(page: &str, theme: Theme, width: usize) -> Line<'static> {
    Line::from(vec![
        Span::styled("◉ ", theme.dim()),
        Span::styled(fit(page, width.saturating_sub(2)), theme.focus()),
    ])
}

/// The largest box of `shape` (width by height, in pixels) in `cols` x `rows` cells, a cell
/// being twice as tall as wide.
/// A box of `(cols, rows)` centred in `r`.
fn centred(r: Rect, (cols, rows): (u16, u16)) -> Rect {
    let (cols, rows) = (cols.min(r.width), rows.min(r.height));
    Rect {
        x: r.x + (r.width - cols) / 2,
        y: r.y + (r.height - rows) / 2,
        width: cols,
        height: rows,
    }
}

fn fit_cells((w, h): (u32, u32), cols: u16, rows: u16) -> (u16, u16) {
    if w == 0 || h == 0 || cols == 0 || rows == 0 {
        return (0, 0);
    }
    let (w, h) = (u64::from(w), u64::from(h));
    let by_width = (u64::from(cols) * h / w / 2).max(1);
    if by_width <= u64::from(rows) {
        return (cols, by_width as u16);
    }
    let by_height = (u64::from(rows) * 2 * w / h).clamp(1, u64::from(cols));
    (by_height as u16, rows)
}

/// The pictures the screen shows at this size (none in the text-only layout).
pub fn previews(p: &AdPreview, look: Look, screen: Rect) -> Vec<(PreviewKey, Rect)> {
    if !look.pictures || text_only(look.theme, screen) {
        return Vec::new();
    }
    match p.plan(look, layout::body(screen), false).media {
        Some((r, MediaView::Picture(k))) => vec![(k, r)],
        _ => Vec::new(),
    }
}

/// Draws the screen in the body.
pub fn draw(p: &AdPreview, look: Look, frame: &mut Frame, body: Rect, picture: DrawPicture) {
    let theme = look.theme;
    let text = text_only(theme, frame.area());
    let plan = p.plan(look, body, text);
    let w = plan.header.width as usize;
    let header = vec![
        Line::styled(
            fit(&p.title(), w),
            theme.focus().add_modifier(Modifier::UNDERLINED),
        ),
        Line::raw(fit(&p.uses(), w)),
        p.family_line(theme, !text && w >= 150),
    ];
    frame.render_widget(Paragraph::new(header), plan.header);
    if plan.mock.height >= 2 {
        let block = Block::bordered()
            .title(Line::styled(format!(" {} ", p.family.label), theme.focus()))
            .border_style(theme.dim());
        frame.render_widget(block, plan.mock);
    }
    let inner = Rect {
        x: plan.mock.x + 2,
        y: plan.mock.y + 1,
        width: plan.mock.width.saturating_sub(4),
        height: plan.mock.height.saturating_sub(2),
    };
    for (row, line) in plan.lines {
        if row < inner.height {
            let r = Rect {
                y: inner.y + row,
                height: 1,
                ..inner
            };
            frame.render_widget(Paragraph::new(line), r);
        }
    }
    if let Some(b) = plan.bars {
        let style = theme.dim().add_modifier(Modifier::REVERSED);
        frame.render_widget(Block::new().style(style), b.intersection(inner));
    }
    if let Some((r, view)) = &plan.media {
        let r = r.intersection(inner);
        match view {
            MediaView::Picture(k) => picture(frame, k, r),
            MediaView::Labelled(label) => labelled_box(frame, theme, r, label),
        }
    }
    if plan.info.height > 0 && plan.info.width > 0 {
        // The list of placements too where the text-only layout leaves the rows for it.
        let list = !text || usize::from(plan.info.height) > p.counts.len() + 1;
        let lines = p.info_lines(theme, plan.info.width as usize, list);
        frame.render_widget(Paragraph::new(lines), plan.info);
    }
}

/// A box standing for a picture or a video, its label in the middle.
fn labelled_box(frame: &mut Frame, theme: Theme, r: Rect, label: &str) {
    if r.width < 2 || r.height < 2 {
        frame.render_widget(
            Paragraph::new(Line::styled(fit(label, r.width as usize), theme.dim())),
            r,
        );
        return;
    }
    let block = Block::bordered().border_style(theme.dim());
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let lines: Vec<Line> = wrap(label, inner.width as usize)
        .into_iter()
        .map(|l| Line::styled(l, theme.dim()).alignment(Alignment::Center))
        .collect();
    let h = (lines.len() as u16).min(inner.height);
    let mid = Rect {
        y: inner.y + (inner.height - h) / 2,
        height: h,
        ..inner
    };
    frame.render_widget(Paragraph::new(lines), mid);
}

/// The hint bar while the screen is open, from the key table.
pub fn hints(keys: &KeyMap) -> String {
    let first = |a: Action| keys.first(a, Modal::AdPreview);
    format!(
        "{}{} combination · {}-{} placement · {} Meta's preview · {} close",
        first(Action::PrevCombination),
        first(Action::NextCombination),
        first(FAMILY_PICKS[0]),
        first(FAMILY_PICKS[4]),
        first(Action::MetaPreview),
        first(Action::ClosePreview),
    )
}

#[cfg(test)]
pub(super) fn fit_cells_for_test(shape: (u32, u32), cols: u16, rows: u16) -> (u16, u16) {
    fit_cells(shape, cols, rows)
}
