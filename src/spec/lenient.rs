//! Closed sets that read any string.
//!
//! A value outside the set is not a parse error: the spec keeps what the author wrote (so the
//! wizard can show it and nothing is lost), and the validator reports it with its JSON path.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A closed set of Graph enum values.
pub trait GraphEnum: Copy + Eq + fmt::Debug + 'static {
    /// What the set is, in the buyer's words ("objective", "call-to-action type").
    const WHAT: &'static str;
    /// Every value, in Graph's documentation order.
    const ALL: &'static [Self];
    /// The wire spelling.
    fn as_str(self) -> &'static str;
    /// The value for a wire spelling, exact match.
    fn from_wire(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.as_str() == s)
    }
}

/// A value of a closed set, or the string the author wrote when it is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lenient<T> {
    Known(T),
    Unknown(String),
}

impl<T: GraphEnum> Lenient<T> {
    pub fn known(&self) -> Option<T> {
        match self {
            Lenient::Known(v) => Some(*v),
            Lenient::Unknown(_) => None,
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Lenient::Known(v) => v.as_str(),
            Lenient::Unknown(s) => s,
        }
    }

    pub fn is(&self, v: T) -> bool {
        self.known() == Some(v)
    }
}

impl<T: GraphEnum> From<T> for Lenient<T> {
    fn from(v: T) -> Self {
        Lenient::Known(v)
    }
}

impl<T: GraphEnum> From<&str> for Lenient<T> {
    fn from(s: &str) -> Self {
        T::from_wire(s).map_or_else(|| Lenient::Unknown(s.to_string()), Lenient::Known)
    }
}

impl<T: GraphEnum> fmt::Display for Lenient<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<T: GraphEnum> Serialize for Lenient<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de, T: GraphEnum> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<T: GraphEnum> serde::de::Visitor<'_> for V<T> {
            type Value = Lenient<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "a {} as a string", T::WHAT)
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
                Ok(Lenient::from(s))
            }
        }
        d.deserialize_str(V(std::marker::PhantomData))
    }
}

/// Declares a Graph enum: variants with their wire spellings.
macro_rules! graph_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($what:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),*
        }

        impl $crate::spec::lenient::GraphEnum for $name {
            const WHAT: &'static str = $what;
            const ALL: &'static [Self] = &[$($name::$variant),*];
            fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $wire ),*
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::spec::lenient::GraphEnum::as_str(*self))
            }
        }
    };
}

pub(crate) use graph_enum;
