//! Graph objects that never lose what their author wrote.
//!
//! `graph_object!` declares a struct whose fields are the keys dcw models, each optional, plus an
//! `extra` map for every other key. Reading remembers the order the keys came in; writing emits
//! them in that order again (new fields at the end), so a spec read and written back differs only
//! in whitespace. A `null` on a modelled key is kept too.

use serde_json::{Map, Value};

/// The order keys were read in. Presentation only: two objects that differ only in key order
/// compare equal.
#[derive(Debug, Clone, Default)]
pub struct KeyOrder(pub(crate) Vec<String>);

impl PartialEq for KeyOrder {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// Keys already written, so each is written once (a set: objects may have many keys).
pub(crate) type Written<'a> = std::collections::HashSet<&'a str>;

/// Writes `key` once: returns false when it was already written.
pub(crate) fn first_time<'a>(written: &mut Written<'a>, key: &'a str) -> bool {
    written.insert(key)
}

/// Keys of `extra` that are not yet written, in their own order.
pub(crate) fn unwritten<'a>(
    extra: &'a Map<String, Value>,
    written: &'a Written<'a>,
) -> impl Iterator<Item = (&'a String, &'a Value)> {
    extra
        .iter()
        .filter(move |(k, _)| !written.contains(k.as_str()))
}

macro_rules! graph_object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: Option<$ty>, )*
            /// Keys dcw does not model, kept as written and sent as written.
            pub extra: serde_json::Map<String, serde_json::Value>,
            #[doc(hidden)]
            pub key_order: $crate::spec::object::KeyOrder,
        }

        impl $name {
            /// The JSON keys this type models.
            pub const FIELDS: &'static [&'static str] = &[$(stringify!($field)),*];

            /// True when the object has `key`, modelled or not.
            pub fn has_key(&self, key: &str) -> bool {
                match key {
                    $( stringify!($field) => self.$field.is_some() || self.extra.contains_key(key), )*
                    _ => self.extra.contains_key(key),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str("a JSON object")
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        let mut out = $name::default();
                        let mut seen = std::collections::HashSet::new();
                        while let Some(key) = map.next_key::<String>()? {
                            if !seen.insert(key.clone()) {
                                return Err(serde::de::Error::custom(format_args!("duplicate key `{key}`")));
                            }
                            match key.as_str() {
                                $(
                                    stringify!($field) => {
                                        match map.next_value::<Option<$ty>>()? {
                                            Some(v) => out.$field = Some(v),
                                            None => { out.extra.insert(key.clone(), serde_json::Value::Null); }
                                        }
                                    }
                                )*
                                _ => {
                                    let v: serde_json::Value = map.next_value()?;
                                    out.extra.insert(key.clone(), v);
                                }
                            }
                            out.key_order.0.push(key);
                        }
                        Ok(out)
                    }
                }
                deserializer.deserialize_map(V)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                let mut written = $crate::spec::object::Written::new();
                let keys = self.key_order.0.iter().map(String::as_str).chain(Self::FIELDS.iter().copied());
                for key in keys {
                    match key {
                        $(
                            stringify!($field) if self.$field.is_some() => {
                                if $crate::spec::object::first_time(&mut written, key) {
                                    map.serialize_entry(key, &self.$field)?;
                                }
                            }
                        )*
                        _ => {
                            if let Some(v) = self.extra.get(key) {
                                if $crate::spec::object::first_time(&mut written, key) {
                                    map.serialize_entry(key, v)?;
                                }
                            }
                        }
                    }
                }
                for (k, v) in $crate::spec::object::unwritten(&self.extra, &written) {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    };
}

pub(crate) use graph_object;
