//! Times in the ad account's time zone (its `timezone_name`, an IANA name such as
//! `America/New_York`): what the buyer types is read there, what is sent keeps its offset
//! (ISO 8601, `2026-12-20T09:00:00-0500`), and every time is shown there with the zone and its
//! offset: `2026-12-20 09:00 America/New_York (UTC-05:00)`.

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone};
pub use chrono_tz::Tz;

use super::values::{GraphTime, TimeKind};

/// The zone of a `timezone_name`; `None` for a name the tz database does not know.
pub fn zone(name: &str) -> Option<Tz> {
    name.trim().parse().ok()
}

/// `name`'s local date-time in `tz`; a time the clocks skip is refused, a time they pass twice
/// is the first of the two.
fn local(naive: NaiveDateTime, tz: Tz) -> Result<DateTime<FixedOffset>, String> {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Ok(t.fixed_offset()),
        LocalResult::None => Err(format!(
            "{} does not exist in {tz}: the clocks skip it; pick a time an hour later",
            naive.format("%Y-%m-%d %H:%M")
        )),
    }
}

/// A date and time without an offset as people write it: `2026-12-20 09:00`,
/// `2026-12-20 09:00:00`, `2026-12-20T09:00`.
pub fn naive(text: &str) -> Option<NaiveDateTime> {
    let t = text.trim();
    [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
}

/// `naive` in `tz` for a time written down rather than typed: a time the clocks skip (a zone
/// whose clocks jump at midnight, so a date's midnight among them) is the moment they jump, read
/// with the offset in force just before, so a schedule never loses its start or its end.
fn local_or_after_gap(naive: NaiveDateTime, tz: Tz) -> Option<DateTime<FixedOffset>> {
    if let Ok(t) = local(naive, tz) {
        return Some(t);
    }
    let day_before = naive.checked_sub_signed(chrono::TimeDelta::days(1))?;
    let before = tz
        .from_local_datetime(&day_before)
        .earliest()?
        .offset()
        .fix();
    let t = before.from_local_datetime(&naive).single()?;
    Some(t.with_timezone(&tz).fixed_offset())
}

/// The instant a time means for an account in `tz`: a date is midnight there, a date and time
/// without an offset is that time there; the rest carry their own instant.
pub fn instant_in(t: &GraphTime, tz: Option<Tz>) -> Option<DateTime<FixedOffset>> {
    match (t.kind(), tz) {
        (TimeKind::Date, Some(tz)) => NaiveDate::parse_from_str(t.text().trim(), "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .and_then(|n| local_or_after_gap(n, tz)),
        (TimeKind::NoOffset, Some(tz)) => naive(&t.text()).and_then(|n| local_or_after_gap(n, tz)),
        _ => t.instant(),
    }
}

/// What the wizard stores for a start or end typed by the buyer: a date and time without an
/// offset is read in the account's zone and stored with its offset; a date, an ISO 8601 time
/// with an offset or a UNIX timestamp is kept as typed (Graph reads them as they are).
pub fn read_typed(text: &str, tz: Option<Tz>) -> Result<String, String> {
    let (t, shown_offset) = without_zone(text.trim(), tz);
    if let Some(n) = naive(t) {
        let Some(tz) = tz else {
            return Err(
                "pick the ad account first (its time zone decides the time), or add the offset: 2026-12-20T09:00:00-0500"
                    .into(),
            );
        };
        // A time the clocks pass twice, shown with the offset of its second pass, stays there.
        let second = match tz.from_local_datetime(&n) {
            LocalResult::Ambiguous(_, late) => {
                Some(late).filter(|l| Some(l.offset().fix()) == shown_offset)
            }
            _ => None,
        };
        let stored = match second {
            Some(late) => Ok(late.fixed_offset()),
            None => local(n, tz),
        };
        return stored.map(|d| d.format("%Y-%m-%dT%H:%M:%S%z").to_string());
    }
    // Digits alone are a UNIX time to Graph; before 2000 they are a date typed without its
    // dashes (20261220 is 1970-08-23), never what a buyer means.
    if !t.is_empty()
        && t.bytes().all(|b| b.is_ascii_digit())
        && t.parse::<u64>().is_ok_and(|n| n < 946_684_800)
    {
        return Err(format!(
            "{t:?} reads as a UNIX time before 2000: type the date as 2026-12-20 (or a UNIX time of 10 digits)"
        ));
    }
    match GraphTime::parse(t).kind() {
        TimeKind::Unreadable => Err(format!(
            "{t:?} is not a date and time: type 2026-12-20 09:00, or 2026-12-20 for midnight"
        )),
        _ => Ok(t.to_string()),
    }
}

/// A time as [`show`] writes it (`2026-12-20 09:00 America/New_York (UTC-05:00)`) without
/// the zone and offset, so what is shown can be typed back, and the offset it showed; other
/// text as it is.
fn without_zone(t: &str, tz: Option<Tz>) -> (&str, Option<FixedOffset>) {
    let (t, offset) = match t.rsplit_once(" (UTC") {
        Some((head, tail)) if tail.ends_with(')') => (
            head.trim_end(),
            tail.trim_end_matches(')').parse::<FixedOffset>().ok(),
        ),
        _ => (t, None),
    };
    let t = match tz {
        Some(tz) => t.strip_suffix(tz.name()).map_or(t, str::trim_end),
        None => t,
    };
    (t, offset)
}

/// `2026-12-20 09:00 America/New_York (UTC-05:00)`: a time shown in the account's zone (a
/// date as its midnight there); without a zone, or for a time dcw cannot read, what was written.
pub fn show(t: &GraphTime, tz: Option<Tz>) -> String {
    match (instant_in(t, tz), tz) {
        (Some(i), Some(tz)) => show_instant(i, tz),
        _ => t.text(),
    }
}

/// An instant in `tz`: `2026-12-20 09:00 America/New_York (UTC-05:00)`.
pub fn show_instant(i: DateTime<FixedOffset>, tz: Tz) -> String {
    let there = i.with_timezone(&tz);
    format!(
        "{} {tz} (UTC{})",
        there.format("%Y-%m-%d %H:%M"),
        there.offset().fix()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ny() -> Option<Tz> {
        zone("America/New_York")
    }

    #[test]
    fn a_date_typed_without_dashes_is_refused_not_read_as_1970() {
        let e = read_typed("20261220", ny()).unwrap_err();
        assert!(e.contains("2026-12-20"), "{e}");
        // A real UNIX time (10 digits, after 2000) is Graph's and kept as typed.
        assert_eq!(read_typed("1797778800", ny()), Ok("1797778800".into()));
    }

    /// One row per way a buyer types a time: the text, the zone, what is stored.
    #[test]
    fn typed_times_are_read_in_the_accounts_zone_and_stored_with_their_offset() {
        let tokyo = zone("Asia/Tokyo");
        let rows: [(&str, Option<Tz>, Result<&str, &str>); 10] = [
            ("2026-12-20 09:00", ny(), Ok("2026-12-20T09:00:00-0500")),
            ("2026-07-20 09:00", ny(), Ok("2026-07-20T09:00:00-0400")),
            ("2026-12-20 09:00:30", ny(), Ok("2026-12-20T09:00:30-0500")),
            ("2026-12-20T09:00", tokyo, Ok("2026-12-20T09:00:00+0900")),
            ("2026-12-20", ny(), Ok("2026-12-20")),
            (
                "2026-12-20T09:00:00+0000",
                ny(),
                Ok("2026-12-20T09:00:00+0000"),
            ),
            ("2026-12-20 09:00", None, Err("pick the ad account first")),
            (
                "2026-12-20 09:00 America/New_York (UTC-05:00)",
                ny(),
                Ok("2026-12-20T09:00:00-0500"),
            ),
            ("2026-03-08 02:30", ny(), Err("the clocks skip it")),
            ("next tuesday", ny(), Err("is not a date and time")),
        ];
        for (text, tz, want) in rows {
            let got = read_typed(text, tz);
            match want {
                Ok(w) => assert_eq!(got.as_deref(), Ok(w), "{text}"),
                Err(w) => assert!(got.as_ref().unwrap_err().contains(w), "{text}: {got:?}"),
            }
        }
    }

    /// One row per kind of time: the text, how it is shown in New York.
    #[test]
    fn times_are_shown_in_the_accounts_zone_with_its_offset() {
        let rows = [
            (
                "2026-12-20T09:00:00-0500",
                "2026-12-20 09:00 America/New_York (UTC-05:00)",
            ),
            (
                "2026-12-20T14:00:00+0000",
                "2026-12-20 09:00 America/New_York (UTC-05:00)",
            ),
            (
                "2026-12-20",
                "2026-12-20 00:00 America/New_York (UTC-05:00)",
            ),
            (
                "2026-12-20 09:00",
                "2026-12-20 09:00 America/New_York (UTC-05:00)",
            ),
            (
                "2026-07-01T12:00:00+0000",
                "2026-07-01 08:00 America/New_York (UTC-04:00)",
            ),
        ];
        for (text, want) in rows {
            assert_eq!(show(&GraphTime::parse(text), ny()), want, "{text}");
        }
        assert_eq!(show(&GraphTime::parse("2026-12-20"), None), "2026-12-20");
    }

    /// One row per time the clocks skip, written in a spec: the text, the zone, the instant.
    #[test]
    fn a_written_time_the_clocks_skip_is_the_moment_they_jump() {
        let rows = [
            // Cuba moves its clocks from midnight to 01:00: the date's midnight is skipped.
            ("2026-03-08", "America/Havana", "2026-03-08T01:00:00-04:00"),
            (
                "2026-03-08T02:30:00",
                "America/New_York",
                "2026-03-08T03:30:00-04:00",
            ),
            ("2026-03-07", "America/Havana", "2026-03-07T00:00:00-05:00"),
        ];
        for (text, name, want) in rows {
            let i = instant_in(&GraphTime::parse(text), zone(name));
            assert_eq!(
                i.map(|i| i.to_rfc3339()).as_deref(),
                Some(want),
                "{text} {name}"
            );
        }
    }

    #[test]
    fn a_time_shown_in_the_second_pass_of_an_hour_reads_back_as_the_same_instant() {
        for stored in ["2026-11-01T01:30:00-0500", "2026-11-01T01:30:00-0400"] {
            let shown = show(&GraphTime::parse(stored), ny());
            assert_eq!(read_typed(&shown, ny()).as_deref(), Ok(stored), "{shown}");
        }
        // Typed without an offset, the first pass.
        assert_eq!(
            read_typed("2026-11-01 01:30", ny()).as_deref(),
            Ok("2026-11-01T01:30:00-0400")
        );
    }

    #[test]
    fn a_date_means_midnight_in_the_accounts_zone() {
        let t = GraphTime::parse("2026-12-20");
        let i = instant_in(&t, zone("Asia/Tokyo")).unwrap();
        assert_eq!(i.to_rfc3339(), "2026-12-20T00:00:00+09:00");
        assert!(zone("Mars/Olympus").is_none());
    }
}
