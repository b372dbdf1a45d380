//! Screen geometry shared by drawing and by `update` (which asks for previews of the size they
//! will be drawn at). Pure functions of the terminal's size.

use ratatui::layout::Rect;

/// The step's body: the screen less the header, the step bar, the status line and the hints.
pub fn body(screen: Rect) -> Rect {
    Rect {
        x: screen.x,
        y: screen.y + 2,
        width: screen.width,
        height: screen.height.saturating_sub(4),
    }
}

/// The Assets step with an image focused: the form on the left and the image on the right,
/// when the screen is wide enough (100 columns or more).
pub fn assets_split(body: Rect) -> (Rect, Option<Rect>) {
    if body.width < 100 || body.height < 8 {
        return (body, None);
    }
    let pw = ((u32::from(body.width) * 35 / 100) as u16).max(24);
    let form = Rect {
        width: body.width - pw - 1,
        ..body
    };
    let preview = Rect {
        x: body.x + body.width - pw,
        y: body.y + 1,
        width: pw,
        height: body.height.saturating_sub(2).min(pw / 2 + 1),
    };
    (form, Some(preview))
}

/// The crop editor's areas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CropAreas {
    pub title: Rect,
    pub image: Rect,
    pub keys: Rect,
    /// One small panel per placement shape.
    pub placements: [Rect; 3],
    pub info: Rect,
}

pub fn crop(body: Rect) -> CropAreas {
    let info_h = 3.min(body.height);
    let title = Rect {
        height: 1.min(body.height),
        ..body
    };
    let main_h = body.height.saturating_sub(1 + info_h);
    let side_w = ((u32::from(body.width) * 40 / 100) as u16)
        .max(28)
        .min(body.width);
    let image = Rect {
        x: body.x,
        y: body.y + 1,
        width: body.width.saturating_sub(side_w + 1),
        height: main_h,
    };
    let side_x = body.x + body.width - side_w;
    let keys = Rect {
        x: side_x,
        y: body.y + 1,
        width: side_w,
        height: 8.min(main_h),
    };
    let pw = side_w.saturating_sub(2) / 3;
    let ph = main_h.saturating_sub(keys.height + 1);
    let placement = |i: u16| Rect {
        x: side_x + i * (pw + 1),
        y: keys.y + keys.height + 1,
        width: pw,
        height: ph,
    };
    let info = Rect {
        x: body.x,
        y: body.y + body.height - info_h,
        width: body.width,
        height: info_h,
    };
    CropAreas {
        title,
        image,
        keys,
        placements: [placement(0), placement(1), placement(2)],
        info,
    }
}
