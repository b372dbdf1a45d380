//! The days an insights read covers: Meta's `date_preset` values and `time_range`.

use chrono::{Datelike, Days, Months, NaiveDate};
use serde_json::Value;

use crate::sandbox::error::GraphError;

/// Meta's `date_preset` values (the Python SDK's `AdsInsights.DatePreset`).
pub const DATE_PRESETS: &[&str] = &[
    "today",
    "yesterday",
    "this_month",
    "last_month",
    "this_quarter",
    "maximum",
    "data_maximum",
    "last_3d",
    "last_7d",
    "last_14d",
    "last_28d",
    "last_30d",
    "last_90d",
    "last_week_mon_sun",
    "last_week_sun_sat",
    "last_quarter",
    "last_year",
    "this_week_mon_today",
    "this_week_sun_today",
    "this_year",
];
pub fn time_range(range: &Value) -> Result<(NaiveDate, NaiveDate), GraphError> {
    let date = |key: &str| {
        range
            .get(key)
            .and_then(Value::as_str)
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
    };
    let (Some(since), Some(until)) = (date("since"), date("until")) else {
        return Err(GraphError::invalid(
            "time_range must be {\"since\":\"YYYY-MM-DD\",\"until\":\"YYYY-MM-DD\"}",
        ));
    };
    if since > until {
        return Err(GraphError::invalid(
            "time_range's since must not be after its until",
        ));
    }
    Ok((since, until))
}

/// The days a preset covers, as Meta counts them: `last_Nd` ends yesterday, `this_*` today,
/// `maximum` reaches back 37 months.
pub fn preset_range(preset: &str, t: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let back = |n: u64| t.checked_sub_days(Days::new(n));
    let quarter = |d: NaiveDate| NaiveDate::from_ymd_opt(d.year(), d.month0() / 3 * 3 + 1, 1);
    let from_mon = u64::from(t.weekday().num_days_from_monday());
    let from_sun = u64::from(t.weekday().num_days_from_sunday());
    let year = |y: i32| {
        Some((
            NaiveDate::from_ymd_opt(y, 1, 1)?,
            NaiveDate::from_ymd_opt(y, 12, 31)?,
        ))
    };
    Some(match preset {
        "today" => (t, t),
        "yesterday" => (back(1)?, back(1)?),
        "last_3d" => (back(3)?, back(1)?),
        "last_7d" => (back(7)?, back(1)?),
        "last_14d" => (back(14)?, back(1)?),
        "last_28d" => (back(28)?, back(1)?),
        "last_30d" => (back(30)?, back(1)?),
        "last_90d" => (back(90)?, back(1)?),
        "this_month" => (t.with_day(1)?, t),
        "last_month" => {
            let end = t.with_day(1)?.pred_opt()?;
            (end.with_day(1)?, end)
        }
        "this_quarter" => (quarter(t)?, t),
        "last_quarter" => {
            let end = quarter(t)?.pred_opt()?;
            (quarter(end)?, end)
        }
        "this_week_mon_today" => (back(from_mon)?, t),
        "this_week_sun_today" => (back(from_sun)?, t),
        "last_week_mon_sun" => (back(from_mon + 7)?, back(from_mon + 1)?),
        "last_week_sun_sat" => (back(from_sun + 7)?, back(from_sun + 1)?),
        "this_year" => (NaiveDate::from_ymd_opt(t.year(), 1, 1)?, t),
        "last_year" => year(t.year() - 1)?,
        "maximum" | "data_maximum" => (t.checked_sub_months(Months::new(37))?.succ_opt()?, t),
        _ => return None,
    })
}

/// The UTC date of a moment (the sandbox keeps every account's days in UTC).
pub fn date_of(ms: u64) -> NaiveDate {
    chrono::DateTime::from_timestamp_millis(ms as i64)
        .unwrap_or_default()
        .date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn presets_count_days_as_meta_does() {
        let t = d("2026-11-25"); // a Wednesday
        assert_eq!(preset_range("today", t), Some((t, t)));
        assert_eq!(
            preset_range("last_30d", t),
            Some((d("2026-10-26"), d("2026-11-24")))
        );
        assert_eq!(
            preset_range("last_month", t),
            Some((d("2026-10-01"), d("2026-10-31")))
        );
        assert_eq!(
            preset_range("last_quarter", t),
            Some((d("2026-07-01"), d("2026-09-30")))
        );
        assert_eq!(
            preset_range("this_week_mon_today", t),
            Some((d("2026-11-23"), t))
        );
        assert_eq!(
            preset_range("last_week_sun_sat", t),
            Some((d("2026-11-15"), d("2026-11-21")))
        );
        assert_eq!(
            preset_range("maximum", t),
            Some((d("2023-10-26"), t)),
            "37 months back, as a real answer's 2020-10-04..2023-11-03"
        );
        assert_eq!(preset_range("lifetime", t), None);
    }
}
