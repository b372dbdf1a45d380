//! A field's value as the buyer types it and as the draft stores it: money in the account's
//! currency, crops, lists of strings, countries.

use serde_json::{Value, json};

use super::Model;
use crate::spec::{CropKey, GraphEnum, GraphTime, Money, zone};
use crate::tui::form::{self, Field, FieldKind};

/// What a typed field shows when focus arrives: the stored value in the buyer's terms.
pub fn display_text(app: &Model, f: &Field) -> String {
    let v = form::get(&app.draft, &f.id);
    match &f.kind {
        FieldKind::Money => match (v.and_then(money_minor), app.currency()) {
            (Some(m), Some(c)) => Money::major_text(m, &c),
            (Some(m), None) => m.to_string(),
            (None, _) => String::new(),
        },
        FieldKind::Countries | FieldKind::Search(_) => String::new(),
        FieldKind::Crop { .. } => crop_text(v),
        _ if super::money::is_time_path(&f.id) => v
            .and_then(|v| serde_json::from_value::<GraphTime>(v.clone()).ok())
            .map_or_else(String::new, |t| zone::show(&t, app.time_zone())),
        _ => form::as_text(v),
    }
}

fn money_minor(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// `100x100 0,0,1080,1080` for `{"100x100": [[0,0],[1080,1080]]}`.
pub fn crop_text(v: Option<&Value>) -> String {
    let Some(Value::Object(m)) = v else {
        return String::new();
    };
    m.iter()
        .map(|(k, b)| {
            let n: Vec<String> = b
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|p| p.as_array().cloned().unwrap_or_default())
                .map(|x| x.to_string())
                .collect();
            format!("{k} {}", n.join(","))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Reads a typed crop: `KEY l,t,r,b`, or `KEY` alone for the largest centred box when the
/// image's size is known.
pub fn parse_crop(text: &str, size: Option<(u32, u32)>) -> Result<Option<Value>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let mut parts = t.splitn(2, [' ', ':']);
    let key = parts.next().unwrap_or("");
    let rest = parts.next().unwrap_or("").trim();
    let keys: Vec<&str> = CropKey::ALL.iter().map(|k| k.as_str()).collect();
    let Some(crop_key) = CropKey::from_wire(key) else {
        return Err(format!(
            "{key:?} is not a crop key; use one of {}",
            keys.join(", ")
        ));
    };
    let numbers: Vec<&str> = rest.split([',', ' ']).filter(|s| !s.is_empty()).collect();
    let b = if numbers.is_empty() {
        let (w, h) = size.ok_or("type the box too: KEY left,top,right,bottom")?;
        crop_key.largest_centred(w, h)
    } else {
        let n: Vec<i64> = numbers
            .iter()
            .map(|s| {
                s.parse::<i64>()
                    .map_err(|_| format!("{s:?} is not a whole number"))
            })
            .collect::<Result<_, _>>()?;
        if n.len() != 4 {
            return Err("a crop is four numbers: left,top,right,bottom".into());
        }
        [[n[0], n[1]], [n[2], n[3]]]
    };
    Ok(Some(json!({ key: b })))
}

pub fn string_list(app: &Model, path: &str) -> Vec<String> {
    form::get(&app.draft, path)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The ids of the audiences ticked in a `Refs` field.
pub fn ref_ids(app: &Model, path: &str) -> Vec<String> {
    form::get(&app.draft, path)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| match v.get("id") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        })
        .collect()
}
