//! Who people are: the locales (`type=adlocale`), and the interests, behaviours and
//! demographics of detailed targeting (`assets/sandbox/interests.tsv`, `categories.tsv`).

use super::places::rows;

/// One locale: Meta's adlocale key and name, and the countries where most people use it (the
/// estimate's `[sandbox's own]` reading of a locale: most of those countries, few elsewhere).
pub struct Locale {
    pub key: u32,
    pub name: &'static str,
    pub home: &'static [&'static str],
}

const EN: &[&str] = &["US", "GB", "IE", "CA", "AU", "NZ", "SG", "IN"];
const ES: &[&str] = &["ES", "MX", "US"];
const FR: &[&str] = &["FR", "BE", "CH", "CA"];
const ZH: &[&str] = &["SG"];
const PT: &[&str] = &["BR", "PT"];

/// Meta's adlocale keys: 1–24 and the "(All)" groups 1001–1005 as Meta's targeting search
/// answers them; the others as public code using them spells them (see the README).
pub const LOCALES: &[Locale] = &[
    locale(1, "Catalan", &["ES"]),
    locale(2, "Czech", &[]),
    locale(3, "Welsh", &["GB"]),
    locale(4, "Danish", &["DK"]),
    locale(5, "German", &["DE", "AT", "CH"]),
    locale(6, "English (US)", &["US", "CA"]),
    locale(7, "Spanish", &["MX", "US"]),
    locale(8, "Finnish", &["FI"]),
    locale(9, "French (France)", &["FR", "BE", "CH"]),
    locale(10, "Italian", &["IT", "CH"]),
    locale(11, "Japanese", &["JP"]),
    locale(12, "Korean", &["KR"]),
    locale(13, "Norwegian (bokmal)", &["NO"]),
    locale(14, "Dutch", &["NL", "BE"]),
    locale(15, "Polish", &["PL"]),
    locale(16, "Portuguese (Brazil)", &["BR"]),
    locale(17, "Russian", &[]),
    locale(18, "Slovak", &[]),
    locale(19, "Swedish", &["SE", "FI"]),
    locale(20, "Simplified Chinese (China)", ZH),
    locale(21, "Traditional Chinese (Hong Kong)", &[]),
    locale(22, "Traditional Chinese (Taiwan)", &[]),
    locale(23, "Spanish (Spain)", &["ES"]),
    locale(24, "English (UK)", &["GB", "IE", "AU", "NZ"]),
    locale(25, "Indonesian", &[]),
    locale(26, "Filipino", &[]),
    locale(28, "Arabic", &["AE"]),
    locale(30, "Greek", &[]),
    locale(31, "Portuguese (Portugal)", &["PT"]),
    locale(33, "Hebrew", &[]),
    locale(34, "Hungarian", &[]),
    locale(43, "Turkish", &[]),
    locale(1001, "English (All)", EN),
    locale(1002, "Spanish (All)", ES),
    locale(1003, "French (All)", FR),
    locale(1004, "Chinese (All)", ZH),
    locale(1005, "Portuguese (All)", PT),
];

const fn locale(key: u32, name: &'static str, home: &'static [&'static str]) -> Locale {
    Locale { key, name, home }
}

/// An interest, behaviour or demographic.
pub struct Item {
    pub id: u64,
    /// The `flexible_spec` key it goes under: `interests`, `behaviors`, `life_events`, …
    pub kind: &'static str,
    /// `adTargetingCategory`'s `class` it is listed under (`behaviors`, `demographics`);
    /// `None` for interests.
    pub class: Option<&'static str>,
    pub path: Vec<&'static str>,
    pub name: &'static str,
    pub lower: u64,
    pub upper: u64,
    pub topic: Option<&'static str>,
    pub description: Option<&'static str>,
}

fn path(text: &'static str) -> Vec<&'static str> {
    text.split('>').collect()
}

fn some(text: &'static str) -> Option<&'static str> {
    Some(text).filter(|t| !t.is_empty())
}

/// `id, path, name, lower, upper, topic`.
pub fn interests(text: &'static str) -> Vec<Item> {
    rows(text)
        .filter_map(|r| {
            Some(Item {
                id: r.first()?.parse().ok()?,
                kind: "interests",
                class: None,
                path: path(r.get(1)?),
                name: r.get(2)?,
                lower: r.get(3)?.parse().ok()?,
                upper: r.get(4)?.parse().ok()?,
                topic: r.get(5).copied().and_then(some),
                description: None,
            })
        })
        .collect()
}

/// `id, type, class, path, name, lower, upper, description`.
pub fn categories(text: &'static str) -> Vec<Item> {
    rows(text)
        .filter_map(|r| {
            Some(Item {
                id: r.first()?.parse().ok()?,
                kind: r.get(1)?,
                class: Some(r.get(2)?),
                path: path(r.get(3)?),
                name: r.get(4)?,
                lower: r.get(5)?.parse().ok()?,
                upper: r.get(6)?.parse().ok()?,
                topic: None,
                description: r.get(7).copied().and_then(some),
            })
        })
        .collect()
}
