//! The targeting search pickers on the model: what the focused picker's search answered (and
//! for which query: an answer to an older query is never shown), the lists loaded once per
//! account (behaviours and demographics, custom audiences), the suggestions after a pick, and
//! adding a hit where Graph takes it. Every string here came from Graph: it is drawn only
//! through the one sanitiser (`spec::text`).

use std::collections::HashMap;

use serde_json::{Value, json};

use super::Model;
use super::estimate::compact;
use crate::graph::{CustomAudience, GeoLocationHit, InterestHit, LocaleHit, SearchHits};
use crate::tui::form::{self, Field, FieldKind, SearchFor};
use crate::tui::load::Load;
use crate::tui::msg::Effect;

/// How many hits show under a search picker.
pub const HITS_SHOWN: usize = 8;
/// Rows kept for behaviours and demographics among the detailed-targeting hits.
const CATEGORY_ROWS: usize = 3;

/// The location kinds the Locations picker asks Graph for (`location_types`), each with the
/// `geo_locations` list its keys go into.
pub const LOCATION_KINDS: [(&str, &str); 5] = [
    ("country", "countries"),
    ("region", "regions"),
    ("city", "cities"),
    ("zip", "zips"),
    ("place", "places"),
];

/// A search's answer for one picker and one query.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub field: String,
    pub query: String,
    pub hits: Load<SearchHits>,
}

/// The pickers' reads and what they answered.
#[derive(Debug, Clone, Default)]
pub struct Searches {
    /// The last answer (or refusal) of the focused picker's search.
    pub answer: Option<Answer>,
    /// Behaviours and demographics of each account (loaded whole, filtered here).
    pub categories: HashMap<String, Load<Vec<InterestHit>>>,
    /// Custom and lookalike audiences of each account.
    pub audiences: HashMap<String, Load<Vec<CustomAudience>>>,
    /// Suggestions for a detailed-targeting group (its field id), after a pick.
    pub suggested: Option<(String, Load<Vec<InterestHit>>)>,
    /// A suggestions read waiting for the lane: the group and its interests' names.
    pub suggest_wish: Option<(String, Vec<String>)>,
    /// A pick asked for suggestions: the app asks the lane once for it.
    pub wished: bool,
    /// `flexible_spec` lists (by path) showing one more, empty group after their last, opened
    /// by "Narrow further": it is stored only once something is picked into it, so no empty
    /// group reaches the spec.
    pub open_groups: std::collections::HashSet<String>,
    /// How each location key reads (`Manchester · England, United Kingdom · city`), from the
    /// hits seen in this session.
    pub labels: HashMap<String, String>,
}

/// One hit under a search picker.
#[derive(Debug, Clone, PartialEq)]
pub enum Hit {
    Location(GeoLocationHit),
    Locale(LocaleHit),
    Detailed(InterestHit),
}

/// `1.2M–1.4M people` from a lower and an upper bound (either may be missing), counted as the
/// audience estimate counts (`estimate::compact`).
pub fn size_range(lo: Option<i64>, hi: Option<i64>) -> Option<String> {
    let n = |v: i64| compact(v as f64);
    match (lo, hi) {
        (Some(l), Some(h)) if l != h => Some(format!("{}–{} people", n(l), n(h))),
        (Some(v), _) | (None, Some(v)) => Some(format!("{} people", n(v))),
        (None, None) => None,
    }
}

impl Hit {
    /// How the hit reads: `Manchester · England, United Kingdom · city`,
    /// `Running · Interests > Sports · 12.3M–14.5M people`. Unsanitised: drawn through `fit`.
    pub fn label(&self) -> String {
        match self {
            Hit::Location(h) => location_label(h),
            Hit::Locale(h) => h.name.clone(),
            Hit::Detailed(h) => {
                let mut parts = vec![h.name.clone()];
                if !h.path.is_empty() {
                    parts.push(h.path.join(" > "));
                } else if let Some(kind) = &h.kind {
                    parts.push(kind.replace('_', " "));
                }
                parts.extend(size_range(
                    h.audience_size_lower_bound,
                    h.audience_size_upper_bound,
                ));
                parts.join(" · ")
            }
        }
    }
}

/// `Manchester · England, United Kingdom · city`.
pub fn location_label(h: &GeoLocationHit) -> String {
    let within: Vec<&str> = [h.region.as_deref(), h.country_name.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty() && *s != h.name)
        .collect();
    let mut parts = vec![h.name.clone()];
    if !within.is_empty() {
        parts.push(within.join(", "));
    }
    if !h.kind.is_empty() {
        parts.push(h.kind.replace('_', " "));
    }
    parts.join(" · ")
}

/// Whether a hit of the categories matches what is typed (name or path, any case).
fn matches(h: &InterestHit, needle: &str) -> bool {
    h.name.to_lowercase().contains(needle)
        || h.path.iter().any(|p| p.to_lowercase().contains(needle))
}

/// The names of the interests in a group (what `adinterestsuggestion` takes).
fn interest_names(group: Option<&Value>) -> Vec<String> {
    group
        .and_then(|g| g.get("interests"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|i| i.get("name").and_then(Value::as_str).map(str::to_string))
        .collect()
}

impl Model {
    /// The focused search picker and what it looks for.
    pub fn search_field(&self) -> Option<(Field, SearchFor)> {
        let f = self.focused_field()?;
        match f.kind {
            FieldKind::Search(s) => Some((f, s)),
            _ => None,
        }
    }

    /// The focused search picker's id and its query as typed (trimmed).
    pub fn search_query(&self) -> Option<(String, String)> {
        let (f, _) = self.search_field()?;
        let (id, input) = self.edit.as_ref().filter(|(id, _)| *id == f.id)?;
        Some((id.clone(), input.text().trim().to_string()))
    }

    /// The answer of the focused picker's current query, if it came.
    pub fn current_answer(&self) -> Option<&Answer> {
        let (field, query) = self.search_query()?;
        self.searches
            .answer
            .as_ref()
            .filter(|a| a.field == field && a.query == query)
    }

    /// The hits under the focused search picker, best first, at most `HITS_SHOWN`: Graph's
    /// answer to the query as typed now; in detailed targeting also the account's behaviours
    /// and demographics that match, and with nothing typed the suggestions for the group.
    pub fn search_hits(&self) -> Vec<Hit> {
        let Some((field, query)) = self.search_query() else {
            return Vec::new();
        };
        let Some((_, kind)) = self.search_field() else {
            return Vec::new();
        };
        if query.is_empty() {
            return match &self.searches.suggested {
                Some((f, Load::Ready(list))) if *f == field && kind == SearchFor::Detailed => list
                    .iter()
                    .take(HITS_SHOWN)
                    .cloned()
                    .map(Hit::Detailed)
                    .collect(),
                _ => Vec::new(),
            };
        }
        let mut out: Vec<Hit> = match self.current_answer().map(|a| &a.hits) {
            Some(Load::Ready(SearchHits::Locations(v))) => {
                v.iter().cloned().map(Hit::Location).collect()
            }
            Some(Load::Ready(SearchHits::Locales(v))) => {
                v.iter().cloned().map(Hit::Locale).collect()
            }
            Some(Load::Ready(SearchHits::Interests(v))) => {
                v.iter().cloned().map(Hit::Detailed).collect()
            }
            _ => Vec::new(),
        };
        if kind == SearchFor::Detailed
            && let Some(Load::Ready(all)) = self
                .account_digits()
                .and_then(|d| self.searches.categories.get(&d))
        {
            let needle = query.to_lowercase();
            let cats: Vec<Hit> = all
                .iter()
                .filter(|h| matches(h, &needle))
                .filter(|h| {
                    !out.iter()
                        .any(|o| matches!(o, Hit::Detailed(x) if x.id == h.id))
                })
                .take(HITS_SHOWN)
                .cloned()
                .map(Hit::Detailed)
                .collect();
            // Interests first, but behaviours and demographics keep up to three rows, so a
            // query that matches many interests ("trav") still shows Frequent Travelers.
            let keep = HITS_SHOWN.saturating_sub(cats.len().min(CATEGORY_ROWS));
            let rest = out.split_off(keep.min(out.len()));
            out.extend(cats);
            out.extend(rest);
        }
        out.truncate(HITS_SHOWN);
        out
    }

    /// The state of the focused picker's search, in words: `searching…`, `3 matches`,
    /// `no match`, or Graph's refusal. `None` with nothing typed.
    pub fn search_state(&self) -> Option<String> {
        let (_, query) = self.search_query()?;
        if query.is_empty() {
            return None;
        }
        let n = self.search_hits().len();
        Some(match self.current_answer().map(|a| &a.hits) {
            Some(Load::Failed(e)) if n == 0 => format!("✗ {e}"),
            Some(Load::Ready(_)) | Some(Load::Failed(_)) => match n {
                0 => "no match".to_string(),
                1 => "1 match".to_string(),
                n => format!("{n} matches"),
            },
            _ if n > 0 => format!("{n} matches so far, searching…"),
            _ => "searching…".to_string(),
        })
    }

    /// Adds the highlighted hit of the focused search picker where Graph takes it, clears the
    /// search and stays to add another. Leaving (`highlighted` false) adds nothing: a search
    /// picker adds only what is chosen.
    pub fn pick_hit(&mut self, highlighted: bool) -> Vec<Effect> {
        let Some((field, kind)) = self.search_field() else {
            return Vec::new();
        };
        let hit = self.search_hits().get(self.list.cursor).cloned();
        if highlighted && hit.is_none() {
            // Enter before the answer (or on no match): what was typed stays, to add once the
            // list is there.
            self.notice = Some(match self.search_state() {
                Some(state) => format!("Nothing to add yet: {state}."),
                None => "Nothing to add yet.".to_string(),
            });
            return Vec::new();
        }
        if let Some((_, i)) = &mut self.edit {
            *i = crate::tui::text::TextField::new("", false);
        }
        self.list.cursor = 0;
        self.list.moved = false;
        let Some(hit) = hit.filter(|_| highlighted) else {
            return Vec::new();
        };
        let fx = match (&hit, kind) {
            (Hit::Location(h), _) => self.add_location(&field.id, h),
            (Hit::Locale(h), _) => {
                self.searches
                    .labels
                    .insert(format!("locale:{}", h.key), h.name.clone());
                self.add_to_list(&field.id, json!(h.key), "")
            }
            (Hit::Detailed(h), _) => {
                if let Some((list, _)) = field.id.rsplit_once('[') {
                    // The opened group now holds something: it is an ordinary group.
                    self.searches.open_groups.remove(list);
                }
                let key = h.kind.clone().unwrap_or_else(|| "interests".to_string());
                // Graph's `type` becomes a key of the group: only a plain one (`life_events`),
                // never one that would name another place in the draft (`a.b`, `a[0]`).
                if key.is_empty() || !key.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    self.notice = Some(format!(
                        "✗ {} is of type {key:?}, which is not a detailed-targeting key.",
                        h.name
                    ));
                    return Vec::new();
                }
                let item = json!({"id": h.id, "name": h.name});
                let fx = self.add_to_list(&format!("{}.{key}", field.id), item, "id");
                if key == "interests" {
                    let names = interest_names(form::get(&self.draft, &field.id));
                    self.searches.suggest_wish = Some((field.id.clone(), names));
                    self.searches.wished = true;
                }
                fx
            }
        };
        self.notice = Some(format!("✓ Added {}.", hit.label()));
        fx
    }

    /// A location hit into its list of the `geo_locations` object at `path`: a country by its
    /// code, the others as `{key, name}` (what Graph takes; the radius is the buyer's).
    fn add_location(&mut self, path: &str, h: &GeoLocationHit) -> Vec<Effect> {
        let Some((_, list)) = LOCATION_KINDS.iter().find(|(k, _)| *k == h.kind) else {
            self.notice = Some(format!(
                "✗ {} is a {} location; dcw adds countries, regions, cities, postcodes and places.",
                h.name, h.kind
            ));
            return Vec::new();
        };
        self.searches
            .labels
            .insert(h.key.clone(), location_label(h));
        let list_path = format!("{path}.{list}");
        if *list == "countries" {
            return self.add_to_list(&list_path, json!(h.key), "");
        }
        self.add_to_list(&list_path, json!({"key": h.key, "name": h.name}), "key")
    }

    /// Appends `item` to the array at `path` unless an item with the same `id_key` (or the
    /// same value, for `""`) is there.
    fn add_to_list(&mut self, path: &str, item: Value, id_key: &str) -> Vec<Effect> {
        let mut list = form::get(&self.draft, path)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let same = |v: &Value| {
            if id_key.is_empty() {
                *v == item
            } else {
                v.get(id_key).map(as_key) == item.get(id_key).map(as_key)
            }
        };
        if list.iter().any(same) {
            self.notice = Some("Already chosen.".into());
            return Vec::new();
        }
        list.push(item);
        self.set_value(path, Value::Array(list))
    }

    /// Backspace on an empty search picker: removes the last chip shown.
    pub fn remove_last_chip(&mut self) -> Vec<Effect> {
        let Some((field, _)) = self.search_field() else {
            return Vec::new();
        };
        let chips = chips(self, &field);
        let Some(last) = chips.last() else {
            return Vec::new();
        };
        let path = last.path.clone();
        let mut fx = Vec::new();
        if form::remove(&mut self.draft, &path).is_some() {
            let list = path.rsplit_once('[').map_or("", |(l, _)| l).to_string();
            if form::len(&self.draft, &list) == 0 {
                form::remove(&mut self.draft, &list);
            }
            self.notice = Some(format!("Removed {}.", last.label));
            fx = self.changed(&list);
        }
        fx
    }
}

/// Keys compared as text (`"6003"` and `6003` are the same id).
fn as_key(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// One chosen item of a search picker: how it reads and where it is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Chip {
    pub label: String,
    pub path: String,
}

/// The chosen items of a search picker, in the order they show.
pub fn chips(m: &Model, field: &Field) -> Vec<Chip> {
    let FieldKind::Search(kind) = field.kind else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let items = |path: &str| -> Vec<Value> {
        form::get(&m.draft, path)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    match kind {
        SearchFor::Locations => {
            // The included countries have their own row (Countries, offline): not shown twice.
            let own_row = field.id.ends_with(".targeting.geo_locations");
            for (_, list) in LOCATION_KINDS {
                if own_row && list == "countries" {
                    continue;
                }
                let path = format!("{}.{list}", field.id);
                for (i, v) in items(&path).iter().enumerate() {
                    out.push(Chip {
                        label: location_chip(m, v),
                        path: format!("{path}[{i}]"),
                    });
                }
            }
        }
        SearchFor::Locales => {
            for (i, v) in items(&field.id).iter().enumerate() {
                out.push(Chip {
                    label: locale_name(m, v),
                    path: format!("{}[{i}]", field.id),
                });
            }
        }
        SearchFor::Detailed => {
            let keys: Vec<String> = form::get(&m.draft, &field.id)
                .and_then(Value::as_object)
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default();
            for key in keys {
                let path = format!("{}.{key}", field.id);
                for (i, v) in items(&path).iter().enumerate() {
                    let name = v.get("name").and_then(Value::as_str).map(str::to_string);
                    out.push(Chip {
                        label: name.unwrap_or_else(|| v.get("id").map(as_key).unwrap_or_default()),
                        path: format!("{path}[{i}]"),
                    });
                }
            }
        }
    }
    out
}

/// How a chosen location reads: `GB United Kingdom`, `Manchester (city) · 25 mile`.
fn location_chip(m: &Model, v: &Value) -> String {
    if let Some(code) = v.as_str() {
        return match crate::spec::countries::country_name(code) {
            Some(n) => format!("{code} {n}"),
            None => code.to_string(),
        };
    }
    let key = v.get("key").map(as_key).unwrap_or_default();
    let mut s = m.searches.labels.get(&key).cloned().unwrap_or_else(|| {
        v.get("name")
            .and_then(Value::as_str)
            .map_or_else(|| key.clone(), str::to_string)
    });
    if let Some(r) = v.get("radius").and_then(Value::as_i64) {
        let unit = v.get("distance_unit").and_then(Value::as_str).unwrap_or("");
        s.push_str(&format!(" +{r} {unit}"));
    }
    s
}

/// A locale's name when a search showed it in this session, else `locale 6`.
fn locale_name(m: &Model, v: &Value) -> String {
    let key = as_key(v);
    let label = format!("locale:{key}");
    m.searches
        .labels
        .get(&label)
        .cloned()
        .unwrap_or_else(|| format!("locale {key}"))
}
