//! Fields: what a step shows and edits, each bound to a JSON path of the draft spec (the same
//! paths the validator names, so a finding lands under its field).

use serde_json::{Map, Value};

/// One option of a choice.
#[derive(Debug, Clone, PartialEq)]
pub struct Opt {
    /// What is stored (Graph's spelling, an ID).
    pub value: String,
    pub label: String,
    /// A short explanation shown beside it.
    pub note: String,
}

impl Opt {
    pub fn new(value: impl Into<String>, label: impl Into<String>, note: impl Into<String>) -> Opt {
        Opt {
            value: value.into(),
            label: label.into(),
            note: note.into(),
        }
    }

    /// An option whose label is its wire value.
    pub fn plain(value: &str) -> Opt {
        Opt::new(value, value, "")
    }
}

/// What a button does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ButtonAction {
    /// Append an item to the array at this path (titles, bodies, images, …).
    AddItem(String),
    AddAudience,
    /// Add a `flexible_spec` group (at this path) people must also match.
    AddGroup(String),
    DuplicateAudience(usize),
    RemoveAudience(usize),
    /// Save the ad set's targeting as a named preset (asks the name).
    SavePreset,
    Submit,
}

/// How a field stores and edits its value.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    /// A string; `limit` is (Meta's maximum, the length shown before truncation) in characters.
    Text {
        multiline: bool,
        limit: Option<(usize, usize)>,
        /// Tab completes file paths.
        path_completion: bool,
    },
    /// A whole number.
    Int,
    /// Money typed in whole units of the account currency, stored in minor units.
    Money,
    /// One of the options, stored as a string (or removed for `None`).
    Choice {
        options: Vec<Opt>,
    },
    /// Any of the options, stored as an array of strings.
    Multi {
        options: Vec<Opt>,
        max: Option<usize>,
    },
    /// One of the options, Space or Enter moving on to the next (the last back to the first).
    /// What it shows as chosen and what choosing stores are the step's
    /// (`StepRules::virtual_value`, `choose_virtual`): one setting may be several keys.
    Cycle {
        options: Vec<Opt>,
    },
    /// On or off, stored as these values.
    Toggle {
        on: Value,
        off: Value,
    },
    /// ISO country codes with type-ahead over names.
    Countries,
    /// A type-ahead over Meta's targeting search (`GET /search`): what is typed is sent as
    /// `q`, the hits come back, and the highlighted one is added where Graph takes it.
    Search(SearchFor),
    /// Any of the options (the account's custom audiences), stored as `[{id, name}]`.
    Refs {
        options: Vec<Opt>,
    },
    /// An image crop typed as `KEY left,top,right,bottom`; the image's size when known.
    Crop {
        size: Option<(u32, u32)>,
    },
    Button(ButtonAction),
    /// Read-only text.
    Info,
}

impl FieldKind {
    pub fn text() -> FieldKind {
        FieldKind::Text {
            multiline: false,
            limit: None,
            path_completion: false,
        }
    }

    /// Fields typed into: letters edit rather than act as commands.
    pub fn is_typed(&self) -> bool {
        matches!(
            self,
            FieldKind::Text { .. }
                | FieldKind::Int
                | FieldKind::Money
                | FieldKind::Countries
                | FieldKind::Search(_)
                | FieldKind::Crop { .. }
        )
    }

    pub fn is_list(&self) -> bool {
        matches!(
            self,
            FieldKind::Choice { .. } | FieldKind::Multi { .. } | FieldKind::Refs { .. }
        )
    }
}

/// What a search picker looks for and where its picks go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchFor {
    /// `type=adgeolocation`: countries, regions, cities, postcodes, places, each into its list
    /// of the `geo_locations` (or `excluded_geo_locations`) object the field names.
    Locations,
    /// `type=adlocale`: locale keys into `locales`.
    Locales,
    /// `type=adinterest` per keystroke, and behaviours and demographics
    /// (`type=adTargetingCategory`) loaded once and filtered here: items into the
    /// `flexible_spec` group (or `exclusions`) the field names, under their `type` key.
    Detailed,
}

/// A field of a step.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The JSON path it edits (`ad_set.targeting.age_min`), or a `#name` for buttons and
    /// fields that are not one path.
    pub id: String,
    pub label: String,
    pub kind: FieldKind,
    /// One line on what it is for, shown while it has focus.
    pub help: String,
    /// Blank line and heading before it (a new section).
    pub section: Option<String>,
    /// What an empty value means, shown instead of `— none —` (empty placements are
    /// Advantage+ placements).
    pub when_empty: Option<&'static str>,
    /// The list item this field heads (`…images[2]`): findings about the whole item (a
    /// repeated image) show under it.
    pub item: Option<String>,
}

impl Field {
    pub fn new(id: impl Into<String>, label: impl Into<String>, kind: FieldKind) -> Field {
        Field {
            id: id.into(),
            label: label.into(),
            kind,
            help: String::new(),
            section: None,
            when_empty: None,
            item: None,
        }
    }

    /// This field heads the list item at `path`: it owns the findings about the whole item.
    pub fn heads(mut self, path: impl Into<String>) -> Field {
        self.item = Some(path.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Field {
        self.help = help.into();
        self
    }

    pub fn when_empty(mut self, text: &'static str) -> Field {
        self.when_empty = Some(text);
        self
    }

    pub fn section(mut self, title: impl Into<String>) -> Field {
        self.section = Some(title.into());
        self
    }

    /// Whether a finding at `path` is about this field. A list's add button owns the
    /// findings about the whole list (no link, 11 images): they show under the list.
    pub fn owns(&self, path: &str) -> bool {
        if let FieldKind::Button(ButtonAction::AddItem(list)) = &self.kind {
            return path == list;
        }
        if self.item.as_deref() == Some(path) {
            return true;
        }
        path == self.id
            || path
                .strip_prefix(self.id.as_str())
                .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
    }

    pub fn focusable(&self) -> bool {
        !matches!(self.kind, FieldKind::Info)
    }
}

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

fn segments(path: &str) -> Vec<Seg<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            out.push(Seg::Key(key));
        }
        for idx in rest.split('[') {
            if let Ok(i) = idx.trim_end_matches(']').parse() {
                out.push(Seg::Index(i));
            }
        }
    }
    out
}

/// The value at a path, if there is one.
pub fn get<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    segments(path).iter().try_fold(v, |v, s| match s {
        Seg::Key(k) => v.get(*k),
        Seg::Index(i) => v.get(*i),
    })
}

pub fn get_str<'a>(v: &'a Value, path: &str) -> Option<&'a str> {
    get(v, path).and_then(Value::as_str)
}

/// Sets the value at a path, making objects on the way (and appending to an array when the
/// index is its length). Returns false when the path crosses something that is not an object.
pub fn set(v: &mut Value, path: &str, new: Value) -> bool {
    let segs = segments(path);
    let mut cur = v;
    for (n, s) in segs.iter().enumerate() {
        let last = n + 1 == segs.len();
        let next_is_index = matches!(segs.get(n + 1), Some(Seg::Index(_)));
        match s {
            Seg::Key(k) => {
                if cur.is_null() {
                    *cur = Value::Object(Map::new());
                }
                let Some(obj) = cur.as_object_mut() else {
                    return false;
                };
                if last {
                    obj.insert((*k).to_string(), new);
                    return true;
                }
                let empty = if next_is_index {
                    Value::Array(Vec::new())
                } else {
                    Value::Object(Map::new())
                };
                cur = obj.entry((*k).to_string()).or_insert(empty);
            }
            Seg::Index(i) => {
                let Some(arr) = cur.as_array_mut() else {
                    return false;
                };
                if *i == arr.len() {
                    arr.push(Value::Null);
                }
                let Some(slot) = arr.get_mut(*i) else {
                    return false;
                };
                if last {
                    *slot = new;
                    return true;
                }
                cur = slot;
            }
        }
    }
    false
}

/// Removes the value at a path (a key, or an array item), returning it.
pub fn remove(v: &mut Value, path: &str) -> Option<Value> {
    let segs = segments(path);
    let (last, parent) = segs.split_last()?;
    let mut cur = v;
    for s in parent {
        cur = match s {
            Seg::Key(k) => cur.get_mut(*k)?,
            Seg::Index(i) => cur.get_mut(*i)?,
        };
    }
    match last {
        Seg::Key(k) => cur.as_object_mut()?.shift_remove(*k),
        Seg::Index(i) => {
            let arr = cur.as_array_mut()?;
            (*i < arr.len()).then(|| arr.remove(*i))
        }
    }
}

/// The length of the array at a path (0 when absent).
pub fn len(v: &Value, path: &str) -> usize {
    get(v, path).and_then(Value::as_array).map_or(0, Vec::len)
}

/// A value shown as text in a field: strings as they are, numbers in their digits.
pub fn as_text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Options for a closed set, in Graph's order.
pub fn enum_options<T: crate::spec::GraphEnum>(only: Option<&[T]>) -> Vec<Opt> {
    T::ALL
        .iter()
        .filter(|v| only.is_none_or(|o| o.contains(v)))
        .map(|v| Opt::plain(v.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_read_set_and_remove_nested_values() {
        let mut v = json!({});
        assert!(set(&mut v, "ad_set.targeting.age_min", json!(18)));
        assert!(set(
            &mut v,
            "creative.asset_feed_spec.titles[0].text",
            json!("Hi")
        ));
        assert!(set(
            &mut v,
            "creative.asset_feed_spec.titles[1].text",
            json!("Yo")
        ));
        assert_eq!(get(&v, "ad_set.targeting.age_min"), Some(&json!(18)));
        assert_eq!(len(&v, "creative.asset_feed_spec.titles"), 2);
        assert_eq!(
            remove(&mut v, "creative.asset_feed_spec.titles[0]"),
            Some(json!({"text": "Hi"}))
        );
        assert_eq!(
            get_str(&v, "creative.asset_feed_spec.titles[0].text"),
            Some("Yo")
        );
        assert!(
            !set(&mut v, "ad_set.targeting.age_min.x", json!(1)),
            "18 is no object"
        );
        assert!(!set(
            &mut v,
            "creative.asset_feed_spec.titles[5].text",
            json!(1)
        ));
    }

    #[test]
    fn a_field_owns_findings_at_and_below_its_path_only() {
        let f = Field::new("ad_set.targeting.age_min", "Min age", FieldKind::Int);
        assert!(f.owns("ad_set.targeting.age_min"));
        assert!(!f.owns("ad_set.targeting.age_minimum"));
        let t = Field::new("creative.asset_feed_spec.titles", "T", FieldKind::Info);
        assert!(t.owns("creative.asset_feed_spec.titles[3]"));
    }
}
