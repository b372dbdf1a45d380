//! Scalar values as Graph takes them: ids, money in minor units, currencies and times.
//!
//! Each keeps the form its author wrote (a quoted or bare number, a date or a timestamp), so a
//! spec written back reads as it did.

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A number Graph also accepts as a string: an id or an amount.
#[derive(Debug, Clone, PartialEq, Eq)]
enum NumOrText {
    Num(i64),
    Text(String),
    /// A JSON number that is not a whole number in `i64`'s range (`1e400`, `12.5`), as written.
    OutOfRange(String),
}

impl<'de> Deserialize<'de> for NumOrText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = NumOrText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an integer or a string of digits")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<NumOrText, E> {
                Ok(NumOrText::Num(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<NumOrText, E> {
                Ok(i64::try_from(v)
                    .map(NumOrText::Num)
                    .unwrap_or_else(|_| NumOrText::OutOfRange(v.to_string())))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<NumOrText, E> {
                Ok(NumOrText::OutOfRange(v.to_string()))
            }
            /// serde_json (with `arbitrary_precision`) hands over a number as a one-entry map
            /// holding its text: read it as a number, whatever its size.
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<NumOrText, A::Error> {
                match map.next_entry::<String, String>()? {
                    Some((k, text)) if k == "$serde_json::private::Number" => Ok(text
                        .parse::<i64>()
                        .map_or(NumOrText::OutOfRange(text), NumOrText::Num)),
                    _ => Err(serde::de::Error::invalid_type(
                        serde::de::Unexpected::Map,
                        &self,
                    )),
                }
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<NumOrText, E> {
                Ok(NumOrText::Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// A Graph object id (`"102938475610293"`). Graph ids are numeric strings; a bare JSON number is
/// read too, as Meta's own examples write `application_id` unquoted, and written back unquoted.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GraphId {
    text: String,
    bare: bool,
}

impl GraphId {
    pub fn new(text: impl Into<String>) -> Self {
        GraphId {
            text: text.into(),
            bare: false,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Graph ids are one or more ASCII digits.
    pub fn is_numeric(&self) -> bool {
        !self.text.is_empty() && self.text.bytes().all(|b| b.is_ascii_digit())
    }
}

impl fmt::Display for GraphId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for GraphId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match NumOrText::deserialize(d)? {
            NumOrText::Num(n) => GraphId {
                text: n.to_string(),
                bare: true,
            },
            NumOrText::Text(text) | NumOrText::OutOfRange(text) => GraphId { text, bare: false },
        })
    }
}

impl Serialize for GraphId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.text.parse::<i64>() {
            Ok(n) if self.bare => s.serialize_i64(n),
            _ => s.serialize_str(&self.text),
        }
    }
}

/// An amount in the account currency's minor unit (cents for USD, yen for JPY), as Graph takes
/// budgets and bids. Read from an integer or a string of digits (Graph's read-back form).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    pub minor: i64,
    quoted: bool,
}

impl Money {
    pub fn new(minor: i64) -> Self {
        Money {
            minor,
            quoted: false,
        }
    }

    /// [`Money::display`] in the account's currency, when it is known; else the bare amount,
    /// `5000 (minor units)`.
    pub fn display_or_minor(self, currency: Option<&Currency>) -> String {
        match currency {
            Some(c) => self.display(c),
            None => format!("{} (minor units)", self.minor),
        }
    }

    /// The amount for people: `$500.00 USD`, `¥5,000 JPY`.
    pub fn display(self, currency: &Currency) -> String {
        let offset = currency.offset();
        let negative = self.minor < 0;
        let abs = self.minor.unsigned_abs();
        let whole = group_thousands(u128::from(abs / offset));
        let sign = if negative { "-" } else { "" };
        let symbol = currency.symbol();
        if offset == 1 {
            format!("{sign}{symbol}{whole} {}", currency.code())
        } else {
            format!(
                "{sign}{symbol}{whole}.{:02} {}",
                abs % offset,
                currency.code()
            )
        }
    }
}

impl Money {
    /// Reads an amount typed in whole units of `currency` (`50`, `50.5`, `1,250.00`) as minor
    /// units: `50.5` USD is 5050, `5000` JPY is 5000. Refuses more decimals than the currency has.
    pub fn parse_major(text: &str, currency: &Currency) -> Result<i64, String> {
        if !commas_group_thousands(text.trim()) {
            return Err(format!(
                "{text:?}: a comma only separates thousands (1,250.00); type a point before the cents (2.50)"
            ));
        }
        let t: String = text
            .trim()
            .chars()
            .filter(|c| *c != ',' && *c != '_')
            .collect();
        let t = t.trim_start_matches(['$', '€', '£', '¥', '₩', '₹']);
        if t.is_empty() {
            return Err("type an amount".into());
        }
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        let digits = if currency.offset() == 1 { 0 } else { 2 };
        let no_digit = whole.is_empty() && frac.is_empty();
        if no_digit
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(format!("{text:?} is not an amount in {currency}"));
        }
        if frac.len() > digits {
            return Err(if digits == 0 {
                format!("{currency} has no minor unit: type a whole number")
            } else {
                format!("{currency} takes at most {digits} decimals")
            });
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole
                .parse()
                .map_err(|_| format!("{text:?} is too large"))?
        };
        let mut minor_frac = frac.to_string();
        while minor_frac.len() < digits {
            minor_frac.push('0');
        }
        let frac: i64 = if minor_frac.is_empty() {
            0
        } else {
            minor_frac.parse().unwrap_or(0)
        };
        whole
            .checked_mul(currency.offset() as i64)
            .and_then(|w| w.checked_add(frac))
            .ok_or_else(|| format!("{text:?} is too large"))
    }

    /// The amount in whole units as the buyer would type it: `50.00` (USD), `5000` (JPY).
    pub fn major_text(minor: i64, currency: &Currency) -> String {
        let offset = currency.offset() as i64;
        if offset == 1 {
            minor.to_string()
        } else {
            let sign = if minor < 0 { "-" } else { "" };
            let a = minor.unsigned_abs();
            format!("{sign}{}.{:02}", a / offset as u64, a % offset as u64)
        }
    }
}

/// Whether every comma in a typed amount separates thousands: 1 to 3 digits before the first,
/// exactly 3 after each, none after the decimal point. `2,50` (a decimal comma) is not.
fn commas_group_thousands(text: &str) -> bool {
    if !text.contains(',') {
        return true;
    }
    let whole = text
        .split_once('.')
        .map_or(text, |(w, frac)| if frac.contains(',') { "," } else { w });
    let whole = whole.trim_start_matches(|c: char| !c.is_ascii_digit() && c != ',');
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3)
}

/// `72`, `1,234`, `31,250`: a count or an amount with its thousands grouped, as every screen
/// and line of dcw writes them.
pub fn group_thousands(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match NumOrText::deserialize(d)? {
            NumOrText::Num(minor) => Ok(Money {
                minor,
                quoted: false,
            }),
            NumOrText::OutOfRange(t) => Err(serde::de::Error::custom(format_args!(
                "{t} is not an amount: a budget must be a whole number of cents (of the currency's minor unit: 5000 is $50.00), at most {}",
                i64::MAX
            ))),
            NumOrText::Text(t) => t
                .parse::<i64>()
                .map(|minor| Money {
                    minor,
                    quoted: true,
                })
                .map_err(|_| {
                    serde::de::Error::custom(format_args!(
                        "{t:?} is not an amount: write it in the currency's minor unit as a whole number (5000 for $50.00)"
                    ))
                }),
        }
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.quoted {
            s.serialize_str(&self.minor.to_string())
        } else {
            s.serialize_i64(self.minor)
        }
    }
}

/// Currencies whose minor unit is the whole unit (DOC-CUR, plus VND).
pub const OFFSET_ONE_CURRENCIES: &[&str] = &[
    "CLP", "COP", "CRC", "HUF", "ISK", "IDR", "JPY", "KRW", "PYG", "TWD", "VND",
];

/// An ISO 4217 currency code such as `USD`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Currency(String);

impl Currency {
    /// A currency from a three-letter code; `None` when the code is not three ASCII letters.
    pub fn new(code: &str) -> Option<Currency> {
        (code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic()))
            .then(|| Currency(code.to_ascii_uppercase()))
    }

    pub fn code(&self) -> &str {
        &self.0
    }

    /// Minor units per whole unit: 1 for the offset-1 currencies, 100 for the rest.
    pub fn offset(&self) -> u64 {
        if OFFSET_ONE_CURRENCIES.contains(&self.0.as_str()) {
            1
        } else {
            100
        }
    }

    fn symbol(&self) -> &'static str {
        match self.0.as_str() {
            "USD" | "CAD" | "AUD" | "NZD" | "MXN" | "SGD" | "HKD" => "$",
            "EUR" => "€",
            "GBP" => "£",
            "JPY" => "¥",
            "KRW" => "₩",
            "INR" => "₹",
            _ => "",
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A time as Graph accepts it: ISO 8601 with an offset (`2026-12-01T09:00:00+0000`), a date
/// (`2026-12-01`, midnight in the account's time zone), a UNIX timestamp (number or digits), or
/// `2015-03-12 23:59:59 PDT`. The text is kept as written; `instant` is what it means, or `None`
/// when dcw cannot read it (reported by the validator).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphTime {
    raw: NumOrText,
    instant: Option<DateTime<FixedOffset>>,
    kind: TimeKind,
}

/// How a time was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeKind {
    WithOffset,
    /// A calendar date: Graph reads it in the account's time zone, dcw assumes UTC.
    Date,
    Unix,
    /// Graph's "no end" (`end_time=0`).
    Zero,
    /// A date-time with no offset: ambiguous.
    NoOffset,
    Unreadable,
}

impl GraphTime {
    pub fn parse(text: &str) -> GraphTime {
        let (instant, kind) = parse_time_text(text);
        GraphTime {
            raw: NumOrText::Text(text.to_string()),
            instant,
            kind,
        }
    }

    pub fn from_unix(secs: i64) -> GraphTime {
        let (instant, kind) = unix(secs);
        GraphTime {
            raw: NumOrText::Num(secs),
            instant,
            kind,
        }
    }

    pub fn instant(&self) -> Option<DateTime<FixedOffset>> {
        self.instant
    }

    /// The instant in UTC (times Graph reads back, such as `created_time`).
    pub fn utc(&self) -> Option<DateTime<Utc>> {
        self.instant.map(|t| t.with_timezone(&Utc))
    }

    pub fn kind(&self) -> TimeKind {
        self.kind
    }

    /// What the author wrote.
    pub fn text(&self) -> String {
        match &self.raw {
            NumOrText::Num(n) => n.to_string(),
            NumOrText::Text(t) | NumOrText::OutOfRange(t) => t.clone(),
        }
    }
}

fn unix(secs: i64) -> (Option<DateTime<FixedOffset>>, TimeKind) {
    if secs == 0 {
        return (None, TimeKind::Zero);
    }
    match Utc.timestamp_opt(secs, 0).single() {
        Some(t) => (Some(t.fixed_offset()), TimeKind::Unix),
        None => (None, TimeKind::Unreadable),
    }
}

/// US zone abbreviations Graph accepts in `2015-03-12 23:59:59 PDT`.
fn zone_offset_hours(abbr: &str) -> Option<i32> {
    Some(match abbr {
        "UTC" | "GMT" => 0,
        "EDT" => -4,
        "EST" | "CDT" => -5,
        "CST" | "MDT" => -6,
        "MST" | "PDT" => -7,
        "PST" => -8,
        _ => return None,
    })
}

fn parse_time_text(text: &str) -> (Option<DateTime<FixedOffset>>, TimeKind) {
    let t = text.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return match t.parse::<i64>() {
            Ok(n) => unix(n),
            Err(_) => (None, TimeKind::Unreadable),
        };
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return (Some(d), TimeKind::WithOffset);
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(t, f) {
            return (Some(d), TimeKind::WithOffset);
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        let midnight = d.and_hms_opt(0, 0, 0).map(|n| n.and_utc().fixed_offset());
        return (midnight, TimeKind::Date);
    }
    if let Some((dt, zone)) = t.rsplit_once(' ')
        && let (Ok(naive), Some(hours)) = (
            NaiveDateTime::parse_from_str(dt, "%Y-%m-%d %H:%M:%S"),
            zone_offset_hours(zone),
        )
        && let Some(offset) = FixedOffset::east_opt(hours * 3600)
    {
        return (
            offset.from_local_datetime(&naive).single(),
            TimeKind::WithOffset,
        );
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if NaiveDateTime::parse_from_str(t, f).is_ok() {
            return (None, TimeKind::NoOffset);
        }
    }
    (None, TimeKind::Unreadable)
}

impl<'de> Deserialize<'de> for GraphTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match NumOrText::deserialize(d)? {
            NumOrText::Num(n) => GraphTime::from_unix(n),
            NumOrText::Text(t) => GraphTime::parse(&t),
            // A bare number no clock can hold (`1e400`): kept as written, read as no time.
            raw @ NumOrText::OutOfRange(_) => GraphTime {
                raw,
                instant: None,
                kind: TimeKind::Unreadable,
            },
        })
    }
}

impl Serialize for GraphTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.raw {
            NumOrText::Num(n) => s.serialize_i64(*n),
            NumOrText::Text(t) => s.serialize_str(t),
            // Written back as the number it was.
            NumOrText::OutOfRange(t) => match t.parse::<serde_json::Number>() {
                Ok(n) => n.serialize(s),
                Err(_) => s.serialize_str(t),
            },
        }
    }
}

#[cfg(test)]
mod money_typing_tests {
    use super::*;

    #[test]
    fn amounts_typed_in_whole_units_become_minor_units() {
        let usd = Currency::new("USD").unwrap();
        let jpy = Currency::new("JPY").unwrap();
        assert_eq!(Money::parse_major("50", &usd), Ok(5000));
        assert_eq!(Money::parse_major("50.5", &usd), Ok(5050));
        assert_eq!(Money::parse_major("$1,250.05", &usd), Ok(125005));
        assert_eq!(Money::parse_major("5000", &jpy), Ok(5000));
        assert_eq!(Money::parse_major(".5", &usd), Ok(50));
        // A point alone, or a currency sign alone, is no amount (it was read as 0).
        for nothing in [".", "$.", "$"] {
            assert!(Money::parse_major(nothing, &usd).is_err(), "{nothing:?}");
        }
        assert!(
            Money::parse_major("50.5", &jpy)
                .unwrap_err()
                .contains("whole number")
        );
        assert!(
            Money::parse_major("1.234", &usd)
                .unwrap_err()
                .contains("2 decimals")
        );
        assert!(Money::parse_major("ten", &usd).is_err());
        assert!(Money::parse_major("", &usd).is_err());
        assert_eq!(Money::major_text(5050, &usd), "50.50");
        assert_eq!(Money::major_text(5000, &jpy), "5000");
    }

    #[test]
    fn a_comma_is_read_only_as_a_thousands_separator() {
        // A buyer used to decimal commas types 2,50 for two and a half: it must never become
        // 250.00 (a hundred times the budget) or 0,99 become 99.00.
        let usd = Currency::new("USD").unwrap();
        let jpy = Currency::new("JPY").unwrap();
        for typed in [
            "2,50", "0,99", "1,5", "12,3456", ",500", "1,,000", "1,000,5", "50.00,1",
        ] {
            let err = Money::parse_major(typed, &usd).expect_err(typed);
            assert!(err.contains("thousands"), "{typed}: {err}");
        }
        assert!(Money::parse_major("5,00", &jpy).is_err());
        assert_eq!(Money::parse_major("1,250", &usd), Ok(125000));
        assert_eq!(Money::parse_major("12,345,678.90", &usd), Ok(1_234_567_890));
        assert_eq!(Money::parse_major("5,000", &jpy), Ok(5000));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_time_reads_offset_without_colon_as_graph_writes_it() {
        let t = GraphTime::parse("2026-12-01T09:00:00+0000");
        assert_eq!(t.kind(), TimeKind::WithOffset);
        assert_eq!(t.instant().unwrap().timestamp(), 1_796_115_600);
        let t = GraphTime::parse("2026-05-12T10:45:09-0700");
        assert_eq!(t.instant().unwrap().offset().local_minus_utc(), -7 * 3600);
    }

    #[test]
    fn graph_time_reads_dates_unix_and_zone_names() {
        assert_eq!(GraphTime::parse("2024-04-09").kind(), TimeKind::Date);
        let u = GraphTime::from_unix(1_461_974_400);
        assert_eq!(u.kind(), TimeKind::Unix);
        assert_eq!(GraphTime::parse("1461974400").instant(), u.instant());
        let pdt = GraphTime::parse("2015-03-12 23:59:59 PDT");
        assert_eq!(
            pdt.instant().unwrap().to_rfc3339(),
            "2015-03-12T23:59:59-07:00"
        );
        assert_eq!(GraphTime::from_unix(0).kind(), TimeKind::Zero);
    }

    #[test]
    fn graph_time_flags_missing_offset_and_garbage() {
        assert_eq!(
            GraphTime::parse("2026-12-01T09:00:00").kind(),
            TimeKind::NoOffset
        );
        assert_eq!(
            GraphTime::parse("next tuesday").kind(),
            TimeKind::Unreadable
        );
    }

    #[test]
    fn money_displays_in_major_units_per_currency_offset() {
        let usd = Currency::new("usd").unwrap();
        let jpy = Currency::new("JPY").unwrap();
        assert_eq!(Money::new(50_000).display(&usd), "$500.00 USD");
        assert_eq!(Money::new(1_234_567).display(&usd), "$12,345.67 USD");
        assert_eq!(Money::new(5000).display(&jpy), "¥5,000 JPY");
        assert_eq!(jpy.offset(), 1);
        assert_eq!(Currency::new("VND").unwrap().offset(), 1);
        assert_eq!(usd.offset(), 100);
        assert!(Currency::new("US").is_none());
    }

    #[test]
    fn money_and_ids_keep_quoted_or_bare_form() {
        let m: Money = serde_json::from_str("\"2000\"").unwrap();
        assert_eq!(m.minor, 2000);
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"2000\"");
        let id: GraphId = serde_json::from_str("284882215").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "284882215");
        assert!(serde_json::from_str::<Money>("\"50.00\"").is_err());
    }
}
