//! The crop editor (Enter on an image's crop): one of the six crop keys, a box that starts as
//! the largest centred crop of that shape, moved with the arrows, resized with `+`/`-` with the
//! shape locked, recentred with Home, never outside the image; the pixels that will be sent
//! shown and typeable. Dynamic Creative applies the one crop to every placement, so a side
//! panel shows the crop in each placement's shape.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use serde_json::json;

use crate::spec::text::{fit, sanitize};
use crate::spec::{CropBox, CropKey, GraphEnum, crop};
use crate::tui::form;
use crate::tui::keymap::{Action, CROP_PICKS, KeyMap, Modal};
use crate::tui::layout;
use crate::tui::load::Load;
use crate::tui::model::Model;
use crate::tui::msg::Effect;
use crate::tui::preview::PreviewKey;
use crate::tui::text::{TextField, with_selection};
use crate::tui::theme::Theme;

/// The placements whose shapes the side panel previews.
pub const PLACEMENTS: [(&str, (u32, u32)); 3] = [
    ("Feed 1:1", (1, 1)),
    ("Feed 4:5", (4, 5)),
    ("Story 9:16", (9, 16)),
];

/// The editor's state.
#[derive(Debug, Clone, PartialEq)]
pub struct CropEditor {
    /// `creative.asset_feed_spec.images[i]`.
    pub image_path: String,
    pub file: String,
    pub size: (u32, u32),
    pub key: CropKey,
    pub bx: CropBox,
    /// Coordinates being typed (`e`), with the last complaint.
    pub typing: Option<TextField>,
    pub error: Option<String>,
}

impl CropEditor {
    /// Opens on the image's first crop, or the largest centred square.
    pub fn open(
        image_path: &str,
        file: &str,
        size: (u32, u32),
        current: Option<(CropKey, CropBox)>,
    ) -> CropEditor {
        let (key, bx) = match current {
            Some((k, b)) => (k, crop::sanitize(b, k, size.0, size.1)),
            None => (
                CropKey::Square100x100,
                CropKey::Square100x100.largest_centred(size.0, size.1),
            ),
        };
        CropEditor {
            image_path: image_path.to_string(),
            file: file.to_string(),
            size,
            key,
            bx,
            typing: None,
            error: None,
        }
    }

    /// One arrow press moves this many pixels: 2% of the image's longer side.
    fn step(&self) -> i64 {
        (i64::from(self.size.0.max(self.size.1)) / 50).max(1)
    }

    /// A new key starts from its largest centred crop.
    pub fn set_key(&mut self, key: CropKey) {
        self.key = key;
        self.bx = key.largest_centred(self.size.0, self.size.1);
    }

    /// Why the box cannot be saved, if it cannot (a tiny image may not hold the shape).
    pub fn problem(&self) -> Option<String> {
        crop::check(&self.bx, self.key, self.size.0, self.size.1).err()
    }

    /// Pasted text: into the coordinates being typed, one line.
    pub fn paste(&mut self, text: &str) {
        if let Some(input) = &mut self.typing {
            input.insert_str(text);
        }
    }

    /// The value stored in the draft: `{"KEY": [[l, t], [r, b]]}`.
    pub fn value(&self) -> serde_json::Value {
        json!({ self.key.as_str(): self.bx })
    }

    /// A key press, read through the key table; `Some(save)` when the editor closes (saving
    /// or not).
    pub fn on_key(&mut self, keys: &KeyMap, key: KeyEvent) -> Option<bool> {
        if let Some(input) = &mut self.typing {
            match keys.action(&key, Modal::CropBox) {
                Some(Action::Cancel) => {
                    self.typing = None;
                    self.error = None;
                }
                Some(Action::Save) => self.take_typed(),
                _ => {
                    input.apply_key(key);
                }
            }
            return None;
        }
        let Some(action) = keys.action(&key, Modal::Crop) else {
            self.error = None;
            return None;
        };
        let closes = self.on_action(action);
        if closes.is_none() && action != Action::Save {
            self.error = None;
        }
        closes
    }

    /// Enter while typing: the typed box, when it can be sent.
    fn take_typed(&mut self) {
        let Some(input) = &self.typing else { return };
        let (w, h) = self.size;
        let typed =
            crop::parse_box(input.text()).and_then(|b| crop::check(&b, self.key, w, h).map(|()| b));
        match typed {
            Ok(b) => {
                self.bx = b;
                self.typing = None;
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// An action of the editor; `Some(save)` when it closes.
    fn on_action(&mut self, action: Action) -> Option<bool> {
        let (w, h) = self.size;
        let s = self.step();
        match action {
            Action::CropLeft => self.bx = crop::move_by(self.bx, -s, 0, w, h),
            Action::CropRight => self.bx = crop::move_by(self.bx, s, 0, w, h),
            Action::CropUp => self.bx = crop::move_by(self.bx, 0, -s, w, h),
            Action::CropDown => self.bx = crop::move_by(self.bx, 0, s, w, h),
            Action::Grow => self.bx = crop::resize(self.bx, self.key, 1, w, h),
            Action::Shrink => self.bx = crop::resize(self.bx, self.key, -1, w, h),
            Action::Recentre => self.bx = crop::recentre(self.bx, w, h),
            Action::NextCropKey | Action::PrevCropKey => {
                let all = CropKey::ALL;
                let i = all.iter().position(|k| *k == self.key).unwrap_or(0);
                let n = all.len();
                let next = if action == Action::NextCropKey {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                };
                self.set_key(all[next]);
            }
            Action::TypeBox => {
                let b = self.bx;
                self.typing = Some(TextField::new(
                    &format!("{},{},{},{}", b[0][0], b[0][1], b[1][0], b[1][1]),
                    false,
                ));
            }
            Action::Save => {
                if let Some(p) = self.problem() {
                    self.error = Some(format!("{p}; not saved"));
                    return None;
                }
                return Some(true);
            }
            Action::Cancel => return Some(false),
            a => {
                if let Some(i) = CROP_PICKS.iter().position(|p| *p == a) {
                    self.set_key(CropKey::ALL[i]);
                }
            }
        }
        None
    }

    /// The previews the editor shows at this screen size.
    pub fn previews(&self, screen: Rect) -> Vec<(PreviewKey, Rect)> {
        let areas = layout::crop(layout::body(screen));
        let mut out = vec![(
            PreviewKey {
                file: self.file.clone(),
                crop: Some(self.bx),
                shape: None,
                cells: (areas.image.width, areas.image.height),
            },
            areas.image,
        )];
        for (i, (_, shape)) in PLACEMENTS.iter().enumerate() {
            let r = areas.placements[i];
            let img = Rect {
                y: r.y + 1,
                height: r.height.saturating_sub(1),
                ..r
            };
            if img.width > 0 && img.height > 0 {
                out.push((
                    PreviewKey {
                        file: self.file.clone(),
                        crop: Some(self.bx),
                        shape: Some(*shape),
                        cells: (img.width, img.height),
                    },
                    img,
                ));
            }
        }
        out
    }
}

/// Enter on a crop: the editor over the image, when its size is known; else `None` and the
/// notice says why.
pub fn open(m: &mut Model, crop_field: &str) -> Option<CropEditor> {
    let image_path = crop_field.trim_end_matches(".image_crops").to_string();
    let Some(file) = form::get_str(&m.draft, &format!("{image_path}.file")).map(str::to_string)
    else {
        m.notice = Some("✗ The crop editor needs a local image file; type the box instead.".into());
        return None;
    };
    let Some(size) = m.image_size(&file).filter(|(w, h)| *w > 0 && *h > 0) else {
        m.notice = Some(
            "✗ The image cannot be read (check its path and format); type the box instead.".into(),
        );
        return None;
    };
    if matches!(
        m.ctx.images.get(&file),
        Some(crate::spec::ImageFacts::Read {
            format: crate::spec::ImageFormat::Other(_),
            ..
        })
    ) {
        m.notice = Some("✗ Not a JPEG or PNG: the crop editor cannot show it.".into());
        return None;
    }
    let current = form::get(&m.draft, crop_field)
        .and_then(|v| v.as_object())
        .and_then(|m| m.iter().next())
        .and_then(|(k, b)| {
            Some((
                CropKey::from_wire(k)?,
                serde_json::from_value::<CropBox>(b.clone()).ok()?,
            ))
        });
    Some(CropEditor::open(&image_path, &file, size, current))
}

/// A key in the editor: `None` while it stays open, else the effects of closing it (saving
/// the crop, or not).
pub fn on_key(
    ed: &mut CropEditor,
    m: &mut Model,
    keys: &KeyMap,
    key: KeyEvent,
) -> Option<Vec<Effect>> {
    let save = ed.on_key(keys, key)?;
    let path = format!("{}.image_crops", ed.image_path);
    let mut fx = Vec::new();
    if save {
        m.raw.remove(&path);
        fx = m.set_value(&path, ed.value());
        m.notice = Some(format!("✓ Crop {} saved; it is what Review sends.", ed.key));
    }
    // The crop field shows the stored value again.
    let i = m.focus_index;
    m.focus_at(i);
    Some(fx)
}

/// Draws a preview in an area (the router's pictures).
pub type DrawPicture<'a> = &'a dyn Fn(&mut Frame, &PreviewKey, Rect);

/// Draws the editor in the body.
pub fn draw(
    ed: &CropEditor,
    (keymap, theme): (&KeyMap, Theme),
    frame: &mut Frame,
    body: Rect,
    picture: DrawPicture,
) {
    let a = layout::crop(body);
    let name = std::path::Path::new(&ed.file)
        .file_name()
        .map_or(ed.file.clone(), |f| f.to_string_lossy().to_string());
    let title = format!("Crop · {} · {}×{}", sanitize(&name), ed.size.0, ed.size.1);
    frame.render_widget(
        Paragraph::new(Line::styled(
            title,
            theme.focus().add_modifier(Modifier::UNDERLINED),
        )),
        a.title,
    );
    picture(frame, &ed.previews(frame.area())[0].0, a.image);
    let first = |a: Action| keymap.first(a, Modal::Crop);
    let heading = format!(
        "Crop key ({} or {}-{})",
        first(Action::NextCropKey),
        first(Action::CropKeyOne),
        first(Action::CropKeySix)
    );
    let mut keys: Vec<Line> = vec![Line::styled(heading, theme.focus())];
    for (i, k) in CropKey::ALL.iter().enumerate() {
        let on = *k == ed.key;
        let mark = if on { "(•)" } else { "( )" };
        let style = if on {
            theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        keys.push(Line::styled(
            fit(
                &format!("{} {mark} {:<7} {}", i + 1, k.as_str(), short_purpose(*k)),
                a.keys.width as usize,
            ),
            style,
        ));
    }
    frame.render_widget(Paragraph::new(keys), a.keys);
    for (i, (label, _)) in PLACEMENTS.iter().enumerate() {
        let r = a.placements[i];
        if r.height == 0 || r.width == 0 {
            continue;
        }
        frame.render_widget(
            Paragraph::new(Line::styled(fit(label, r.width as usize), theme.dim())),
            Rect { height: 1, ..r },
        );
    }
    for (key, r) in ed.previews(frame.area()).into_iter().skip(1) {
        picture(frame, &key, r);
    }
    draw_info(ed, theme, frame, a.info);
    if ed.typing.is_none() {
        frame.set_cursor_position((
            a.keys.x,
            a.keys.y + 1 + CropKey::ALL.iter().position(|k| *k == ed.key).unwrap_or(0) as u16,
        ));
    }
}

/// Under the picture: the box as it will be sent, the coordinates being typed, or what is
/// wrong with the box.
fn draw_info(ed: &CropEditor, theme: Theme, frame: &mut Frame, area: Rect) {
    let b = ed.bx;
    let sent = format!(
        "Sent as \"image_crops\": {{\"{}\": [[{}, {}], [{}, {}]]}}  ({}×{} px)",
        ed.key.as_str(),
        b[0][0],
        b[0][1],
        b[1][0],
        b[1][1],
        b[1][0] - b[0][0],
        b[1][1] - b[0][1]
    );
    let mut info = vec![Line::raw(fit(&sent, area.width as usize))];
    match (&ed.typing, &ed.error) {
        (Some(input), err) => {
            let mut spans = vec![Span::styled("left,top,right,bottom: ", theme.dim())];
            // The typed box with its selection reversed.
            spans.extend(with_selection(
                input.text().to_string(),
                0,
                input.selected_columns(0),
                ratatui::style::Style::new().add_modifier(Modifier::UNDERLINED),
            ));
            info.push(Line::from(spans));
            if let Some(e) = err {
                info.push(Line::styled(format!("✗ {}", sanitize(e)), theme.error()));
            }
            let col = 23 + input.cursor_line_col().1 as u16;
            frame.set_cursor_position((area.x + col.min(area.width.saturating_sub(1)), area.y + 1));
        }
        (None, Some(e)) => info.push(Line::styled(format!("✗ {}", sanitize(e)), theme.error())),
        (None, None) if ed.problem().is_some() => info.push(Line::styled(
            format!("✗ {}", sanitize(&ed.problem().unwrap_or_default())),
            theme.error(),
        )),
        (None, None) => info.push(Line::styled(
            fit(
                "The dimmed part is cut away. Dynamic Creative uses this one crop for every placement.",
                area.width as usize,
            ),
            theme.dim(),
        )),
    }
    frame.render_widget(Paragraph::new(info), area);
}

/// What a key is for, short enough for an 80-column editor.
fn short_purpose(k: CropKey) -> &'static str {
    match k {
        CropKey::Square100x100 => "square feed",
        CropKey::Landscape100x72 => "right column",
        CropKey::Banner400x150 => "banner",
        CropKey::Portrait400x500 => "4:5 feed",
        CropKey::Landscape600x360 => "landscape",
        CropKey::Vertical90x160 => "9:16 stories",
    }
}

/// The hint bar while the editor is open, from the key table: `←↑↓→ move · +/- size · …`.
pub fn hints(keys: &KeyMap) -> String {
    let first = |a: Action| keys.first(a, Modal::Crop);
    let groups: [(&[Action], &str); 7] = [
        (
            &[
                Action::CropLeft,
                Action::CropUp,
                Action::CropDown,
                Action::CropRight,
            ],
            "",
        ),
        (&[Action::Grow, Action::Shrink], "/"),
        (&[Action::Recentre], ""),
        (&[Action::NextCropKey], ""),
        (&[Action::TypeBox], ""),
        (&[Action::Save], ""),
        (&[Action::Cancel], ""),
    ];
    groups
        .iter()
        .map(|(acts, sep)| {
            let k: Vec<String> = acts.iter().map(|a| first(*a)).collect();
            format!("{} {}", k.join(sep), acts[0].hint())
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The decoded image's state, for the panel's placeholder text.
pub fn decoded_state(app: &Model, file: &str) -> Option<Result<(), String>> {
    match app.ctx.decoded.get(file)? {
        Load::Ready(_) => Some(Ok(())),
        Load::Failed(e) => Some(Err(e.clone())),
        Load::Loading => None,
    }
}
