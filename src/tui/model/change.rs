//! Changing the draft: every change revalidates, clears Meta's word on what changed and
//! schedules the draft's save; a launched draft no longer changes.

use serde_json::{Value, json};

use super::Model;
use super::value::{country_matches, string_list};
use crate::spec::Step;
use crate::tui::form::{self, FieldKind};
use crate::tui::load::Load;
use crate::tui::msg::Effect;

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

    /// Effects reading the headers of image files not read yet.
    pub fn image_reads(&self) -> Vec<Effect> {
        let n = form::len(&self.draft, "creative.asset_feed_spec.images");
        (0..n)
            .filter_map(|i| {
                form::get_str(
                    &self.draft,
                    &format!("creative.asset_feed_spec.images[{i}].file"),
                )
            })
            .filter(|f| !f.is_empty() && !self.ctx.images.contains_key(*f))
            .map(|f| Effect::ReadImage(f.to_string()))
            .collect()
    }

    /// Leaving a field: a relative image path becomes absolute (drafts live elsewhere), and a
    /// crop typed as a key alone gets its box.
    pub fn on_leave(&mut self) -> Vec<Effect> {
        let Some(field) = self.focused_field() else {
            return Vec::new();
        };
        // A country typed but not yet added is added, not dropped.
        if field.kind == FieldKind::Countries
            && self
                .edit
                .as_ref()
                .is_some_and(|(_, i)| !i.text().trim().is_empty())
        {
            return self.add_countries();
        }
        Vec::new()
    }

    /// Adds the best match for what is typed (or each of a comma-separated list).
    pub fn add_countries(&mut self) -> Vec<Effect> {
        let Some((id, input)) = self.edit.clone() else {
            return Vec::new();
        };
        let query = input.text().trim().to_string();
        let mut list = string_list(self, &id);
        let codes: Vec<String> = if query.contains(',') {
            query
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .filter_map(|s| country_matches(s).first().map(|(c, _)| c.to_string()))
                .collect()
        } else {
            country_matches(&query)
                .first()
                .map(|(c, _)| vec![c.to_string()])
                .unwrap_or_default()
        };
        if codes.is_empty() {
            self.notice = Some(format!("✗ no country matches {query:?}"));
            return Vec::new();
        }
        for c in codes {
            if !list.contains(&c) {
                list.push(c);
            }
        }
        if let Some((_, i)) = &mut self.edit {
            *i = crate::tui::text::TextField::new("", false);
        }
        self.set_value(&id, json!(list))
    }
}
