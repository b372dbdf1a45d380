//! Changing the draft: every change revalidates, clears Meta's word on what changed and
//! schedules the draft's save; a launched draft no longer changes.

use serde_json::{Value, json};

use super::Model;
use super::value::string_list;
use crate::spec::Step;
use crate::tui::form;
use crate::tui::load::Load;
use crate::tui::msg::Effect;
use crate::tui::picker;

impl Model {
    /// Stores a value and does what a change does: revalidate, clear Meta's word on that
    /// field, schedule the draft save.
    /// A launched draft no longer changes: say so, change nothing.
    pub fn refuse_launched(&mut self) -> Vec<Effect> {
        self.notice = Some(
            "✗ This draft is launched; it no longer changes. `dcw new` or `dcw open` starts another."
                .into(),
        );
        Vec::new()
    }

    pub fn set_value(&mut self, path: &str, value: Value) -> Vec<Effect> {
        if self.review.launched() {
            return self.refuse_launched();
        }
        self.estimates.lines.clear();
        let old_currency = (path == "account_id").then(|| self.currency()).flatten();
        if value.is_null() {
            form::remove(&mut self.draft, path);
        } else if !form::set(&mut self.draft, path, value) {
            self.notice = Some(format!(
                "✗ cannot store {path}: the draft has another shape there"
            ));
            return Vec::new();
        }
        let fx = self.changed(path);
        if let (Some(old), Some(new)) = (old_currency, self.currency())
            && old != new
            && self.has_money()
        {
            self.notice = Some(format!(
                "! The account bills in {new}, not {old}: check the budget and bid amounts."
            ));
        }
        fx
    }

    /// Whether any budget or bid is set (it means another amount in another currency).
    fn has_money(&self) -> bool {
        let mut bases = vec!["campaign".to_string(), "ad_set".to_string()];
        bases.extend((0..form::len(&self.draft, "audiences")).map(|i| format!("audiences[{i}]")));
        bases.iter().any(|b| {
            ["daily_budget", "lifetime_budget", "bid_amount"]
                .iter()
                .any(|k| form::get(&self.draft, &format!("{b}.{k}")).is_some())
        })
    }

    pub fn changed(&mut self, path: &str) -> Vec<Effect> {
        self.meta
            .retain(|m| !(m.path.starts_with(path) || path.starts_with(&m.path)));
        // Meta's word on a field no step shows goes with any change on that step.
        let step = Step::of_path(path);
        if step == self.step {
            let fields = self.fields();
            self.meta.retain(|m| {
                Step::of_path(&m.path) != step || fields.iter().any(|f| f.owns(&m.path))
            });
        }
        if !path.starts_with("ad.") {
            // The ad's own fields are not in the dry run.
            self.review.invalidate();
        }
        self.revalidate();
        let mut fx = Vec::new();
        if path == "account_id"
            && let Some(d) = self.account_digits()
            && d != self.ctx.pixels_for
        {
            self.ctx.pixels_for = d.clone();
            self.ctx.pixels = Load::Loading;
            fx.push(Effect::LoadPixels(d));
        }
        if !self.save_pending {
            self.save_pending = true;
            fx.push(Effect::ScheduleSave);
        }
        fx
    }

    /// Effects reading the headers of image files (the feed's, and the videos' thumbnails)
    /// and the containers of video files not read yet.
    pub fn image_reads(&self) -> Vec<Effect> {
        let feed = "creative.asset_feed_spec";
        let (n, v) = (
            form::len(&self.draft, &format!("{feed}.images")),
            form::len(&self.draft, &format!("{feed}.videos")),
        );
        let file = |path: String| form::get_str(&self.draft, &path).filter(|f| !f.is_empty());
        let images = (0..n)
            .filter_map(|i| file(format!("{feed}.images[{i}].file")))
            .chain((0..v).filter_map(|i| file(format!("{feed}.videos[{i}].thumbnail.file"))))
            .filter(|f| !self.ctx.images.contains_key(*f))
            .map(|f| Effect::ReadImage(f.to_string()));
        let videos = (0..v)
            .filter_map(|i| file(format!("{feed}.videos[{i}].file")))
            .filter(|f| !self.ctx.videos.contains_key(*f))
            .map(|f| Effect::ReadVideo(f.to_string()));
        let mut out: Vec<Effect> = images.chain(videos).collect();
        out.dedup();
        out
    }

    /// Leaving a field: a relative image path becomes absolute (drafts live elsewhere), and a
    /// crop typed as a key alone gets its box.
    pub fn on_leave(&mut self) -> Vec<Effect> {
        let Some(field) = self.focused_field() else {
            return Vec::new();
        };
        // A video's file is read when the buyer leaves it, never per key (the reader opens
        // the file); asked again each time, the cache answers an unchanged file with a stat.
        if field.id.starts_with("creative.asset_feed_spec.videos[")
            && field.id.ends_with("].file")
            && let Some(file) = form::get_str(&self.draft, &field.id).filter(|f| !f.is_empty())
        {
            return vec![Effect::ReadVideo(file.to_string())];
        }
        // A country typed but not picked is added only when the text names it exactly (`gb`,
        // `germany`, `uk`): leaving never picks among several matches.
        if picker::is_picker(&field.kind)
            && self
                .edit
                .as_ref()
                .is_some_and(|(_, i)| !i.text().trim().is_empty())
        {
            return self.pick(false);
        }
        Vec::new()
    }

    /// Adds to the focused type-ahead (countries) what the buyer picked: the highlighted
    /// suggestion (`highlighted`), else only what the text names exactly; a comma-separated
    /// list adds each part it names exactly. What names nothing stays typed, and the notice
    /// says why.
    pub fn pick(&mut self, highlighted: bool) -> Vec<Effect> {
        let Some(field) = self.focused_field() else {
            return Vec::new();
        };
        if matches!(field.kind, form::FieldKind::Search(_)) {
            return self.pick_hit(highlighted);
        }
        let Some((id, input)) = self.edit.clone().filter(|(id, _)| *id == field.id) else {
            return Vec::new();
        };
        let query = input.text().trim().to_string();
        let mut picked: Vec<&str> = Vec::new();
        let mut left: Vec<&str> = Vec::new();
        if query.contains(',') {
            for part in query.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                match picker::exact(&field.kind, part) {
                    Some(v) => picked.push(v),
                    None => left.push(part),
                }
            }
        } else {
            let chosen = if highlighted {
                picker::suggestions(&field.kind, &query)
                    .get(self.list.cursor)
                    .map(|s| s.value)
            } else {
                picker::exact(&field.kind, &query)
            };
            match chosen {
                Some(v) => picked.push(v),
                None => left.push(&query),
            }
        }
        self.notice = left.first().map(|first| {
            let shown = picker::suggestions(&field.kind, first);
            if shown.is_empty() {
                format!("✗ {}: nothing matches {first:?}.", field.label)
            } else {
                let names: Vec<&str> = shown.iter().take(3).map(|s| s.label).collect();
                format!(
                    "✗ {}: {first:?} was not added; pick one with ↑↓ and Enter ({}).",
                    field.label,
                    names.join(", ")
                )
            }
        });
        let rest = left.join(", ");
        if let Some((_, i)) = &mut self.edit {
            *i = crate::tui::text::TextField::new(&rest, false);
        }
        self.list.cursor = 0;
        self.list.moved = false;
        if picked.is_empty() {
            return Vec::new();
        }
        let mut list = string_list(self, &id);
        for v in picked {
            if !list.iter().any(|x| x == v) {
                list.push(v.to_string());
            }
        }
        self.set_value(&id, json!(list))
    }
}
