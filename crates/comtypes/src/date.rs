//! DATE, automation's date and time: days since 1899-12-30 00:00 as an f64.

use crate::hresult::{DISP_E_OVERFLOW, E_INVALIDARG};
use crate::{Error, Result};
use core::fmt;

/// An OLE automation date (`VT_DATE`): the whole part counts days from 1899-12-30, the
/// fraction is the time of day.
///
/// The negative-date rule: below zero the whole part still counts days (backwards) but
/// the fraction still runs *forward* from that day's midnight, so -1.25 is
/// 1899-12-29 06:00 (not 1899-12-28 18:00). Valid dates run from year 100 to 9999
/// ([`Date::MIN`] -657434.0 to [`Date::MAX`] 2958465.99999...).
///
/// ```
/// use comtypes::Date;
/// let d = Date::from_ymd_hms(1899, 12, 29, 6, 0, 0).unwrap();
/// assert_eq!(d.to_ole(), -1.25);
/// assert_eq!(d.to_string(), "1899-12-29 06:00:00");
/// assert_eq!(Date::from_ole(2.5).to_string(), "1900-01-01 12:00:00");
/// assert_eq!(Date::from_ole(-1.25).to_parts().unwrap(), (1899, 12, 29, 6, 0, 0));
/// ```
#[derive(Clone, Copy, Default, PartialEq, PartialOrd)]
#[repr(transparent)] // the ABI DATE: SAFEARRAYs of VT_DATE are slices of Date
pub struct Date(f64);

/// Days from 1899-12-30 to 1970-01-01.
const UNIX_EPOCH_DAYS: f64 = 25569.0;

impl Date {
    /// 0100-01-01 00:00:00, the first valid date.
    pub const MIN: Date = Date(-657434.0);
    /// 9999-12-31 23:59:59, the last valid date (to the second).
    pub const MAX: Date = Date(2958465.0 + 86399.0 / 86400.0);

    /// From the raw f64 (no check: any value can travel in a VARIANT).
    pub const fn from_ole(value: f64) -> Date {
        Date(value)
    }

    /// The raw f64.
    pub const fn to_ole(self) -> f64 {
        self.0
    }

    /// A calendar date and time; `E_INVALIDARG` for a date that does not exist and
    /// `DISP_E_OVERFLOW` outside years 100..=9999.
    pub fn from_ymd_hms(
        year: i32,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
    ) -> Result<Date> {
        if !(100..=9999).contains(&year) {
            return Err(Error::new(
                DISP_E_OVERFLOW,
                format!("year {year} is outside 100..=9999"),
            ));
        }
        if !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 59
        {
            return Err(Error::new(
                E_INVALIDARG,
                format!(
                    "{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02} is not a date"
                ),
            ));
        }
        let days = days_from_civil(year, month, day) as f64;
        let time = (hour * 3600 + minute * 60 + second) as f64 / 86400.0;
        Ok(Date(if days < 0.0 { days - time } else { days + time }))
    }

    /// From a count of days (fractions included) since 1899-12-30 00:00 on a straight
    /// time line, applying the negative-date rule.
    ///
    /// ```
    /// use comtypes::Date;
    /// assert_eq!(Date::from_linear_days(-0.75).to_ole(), -1.25);
    /// assert_eq!(Date::from_ole(-1.25).to_linear_days(), -0.75);
    /// ```
    pub fn from_linear_days(days: f64) -> Date {
        if days >= 0.0 {
            return Date(days);
        }
        let whole = days.floor();
        let frac = days - whole;
        Date(whole - frac)
    }

    /// Days (fractions included) since 1899-12-30 00:00 on a straight time line.
    pub fn to_linear_days(self) -> f64 {
        if self.0 >= 0.0 {
            return self.0;
        }
        let whole = self.0.trunc();
        whole + (whole - self.0)
    }

    /// Year, month, day, hour, minute, second (rounded to the nearest second);
    /// `DISP_E_OVERFLOW` outside [`Date::MIN`]..=[`Date::MAX`] or for NaN.
    pub fn to_parts(self) -> Result<(i32, u32, u32, u32, u32, u32)> {
        if !(self.0 > -657435.0 && self.0 < 2958466.0) {
            return Err(Error::new(
                DISP_E_OVERFLOW,
                format!("{} is not a valid date", self.0),
            ));
        }
        let whole = self.0.trunc();
        let mut seconds = ((self.0 - whole).abs() * 86400.0).round() as i64;
        let mut days = whole as i64;
        if seconds >= 86400 {
            seconds -= 86400;
            days += if self.0 < 0.0 { -1 } else { 1 };
        }
        let (y, m, d) = civil_from_days(days);
        Ok((
            y,
            m,
            d,
            (seconds / 3600) as u32,
            (seconds / 60 % 60) as u32,
            (seconds % 60) as u32,
        ))
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD HH:MM:SS`; an invalid date prints its raw number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_parts() {
            Ok((y, mo, d, h, mi, s)) => write!(f, "{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"),
            Err(_) => write!(f, "Date({})", self.0),
        }
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date({} = {self})", self.0)
    }
}

impl core::str::FromStr for Date {
    type Err = Error;
    /// `YYYY-MM-DD`, optionally followed by ` HH:MM[:SS]` or `THH:MM[:SS]`.
    ///
    /// ```
    /// let d: comtypes::Date = "2024-02-29T13:30".parse().unwrap();
    /// assert_eq!(d.to_string(), "2024-02-29 13:30:00");
    /// assert!("2023-02-29".parse::<comtypes::Date>().is_err());
    /// ```
    fn from_str(text: &str) -> Result<Date> {
        let bad = || {
            Error::new(
                crate::hresult::DISP_E_TYPEMISMATCH,
                format!("{text:?} is not a YYYY-MM-DD[ HH:MM[:SS]] date"),
            )
        };
        let (date, time) = match text.split_once([' ', 'T']) {
            Some((d, t)) => (d, Some(t)),
            None => (text, None),
        };
        let num = |s: &str| -> Result<u32> {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || s.len() > 4 {
                return Err(bad());
            }
            s.parse().map_err(|_| bad())
        };
        let mut parts = date.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let (mut h, mut mi, mut s) = (0, 0, 0);
        if let Some(time) = time {
            let mut parts = time.split(':');
            h = num(parts.next().unwrap_or(""))?;
            mi = num(parts.next().ok_or_else(bad)?)?;
            if let Some(sec) = parts.next() {
                s = num(sec)?;
            }
            if parts.next().is_some() {
                return Err(bad());
            }
        }
        Date::from_ymd_hms(num(y)? as i32, num(m)?, num(d)?, h, mi, s)
    }
}

impl TryFrom<std::time::SystemTime> for Date {
    type Error = Error;
    /// `DISP_E_OVERFLOW` outside years 100..=9999.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// let d = comtypes::Date::try_from(UNIX_EPOCH + Duration::from_secs(86400 + 3600)).unwrap();
    /// assert_eq!(d.to_string(), "1970-01-02 01:00:00");
    /// ```
    fn try_from(time: std::time::SystemTime) -> Result<Date> {
        let seconds = match time.duration_since(std::time::UNIX_EPOCH) {
            Ok(after) => after.as_secs_f64(),
            Err(before) => -before.duration().as_secs_f64(),
        };
        let date = Date::from_linear_days(UNIX_EPOCH_DAYS + seconds / 86400.0);
        if date < Date::MIN || date.0 >= 2958466.0 {
            return Err(Error::new(
                DISP_E_OVERFLOW,
                "the time is outside years 100..=9999",
            ));
        }
        Ok(date)
    }
}

impl TryFrom<Date> for std::time::SystemTime {
    type Error = Error;
    /// `DISP_E_OVERFLOW` for NaN and infinities.
    fn try_from(date: Date) -> Result<std::time::SystemTime> {
        let seconds = (date.to_linear_days() - UNIX_EPOCH_DAYS) * 86400.0;
        if !seconds.is_finite() {
            return Err(Error::new(
                DISP_E_OVERFLOW,
                format!("{} is not a valid date", date.0),
            ));
        }
        let offset = std::time::Duration::try_from_secs_f64(seconds.abs())
            .map_err(|e| Error::new(DISP_E_OVERFLOW, e.to_string()))?;
        let result = if seconds >= 0.0 {
            std::time::UNIX_EPOCH.checked_add(offset)
        } else {
            std::time::UNIX_EPOCH.checked_sub(offset)
        };
        result.ok_or_else(|| Error::new(DISP_E_OVERFLOW, "the date does not fit a SystemTime"))
    }
}

pub(crate) fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

pub(crate) fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days from 1899-12-30 to a proleptic Gregorian date.
pub(crate) fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = year as i64 - (month <= 2) as i64;
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    // 719468: days from 0000-03-01 to 1970-01-01; 25569: 1899-12-30 to 1970-01-01.
    era * 146097 + doe - 719468 + 25569
}

/// The proleptic Gregorian date `days` after 1899-12-30.
pub(crate) fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days - 25569 + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400 + (m <= 2) as i64) as i32;
    (y, m, d)
}

/// The date `millis` milliseconds after 1899-12-30 00:00 (the chrono and time
/// conversions), or `DISP_E_OVERFLOW` outside years 100..=9999.
#[cfg(any(feature = "chrono", feature = "time"))]
fn date_from_epoch_millis(millis: f64) -> crate::Result<Date> {
    let date = Date::from_linear_days(millis / 86_400_000.0);
    if date < Date::MIN || date.0 >= 2958466.0 {
        return Err(crate::Error::new(
            crate::hresult::DISP_E_OVERFLOW,
            "outside years 100..=9999",
        ));
    }
    Ok(date)
}

/// `date` as whole milliseconds after 1899-12-30 00:00 (rounded), or `DISP_E_OVERFLOW`
/// for NaN, infinities and values no calendar type holds.
#[cfg(any(feature = "chrono", feature = "time"))]
fn epoch_millis_of(date: Date) -> crate::Result<i64> {
    let millis = (date.to_linear_days() * 86_400_000.0).round();
    if !millis.is_finite() || millis.abs() > 1e15 {
        return Err(crate::Error::new(
            crate::hresult::DISP_E_OVERFLOW,
            "not a valid date",
        ));
    }
    Ok(millis as i64)
}

#[cfg(feature = "chrono")]
mod chrono_impls {
    use super::Date;
    use crate::{Error, Result};

    impl TryFrom<chrono::NaiveDateTime> for Date {
        type Error = Error;
        /// Exact to the millisecond; `DISP_E_OVERFLOW` outside years 100..=9999.
        ///
        /// ```
        /// let t = chrono::NaiveDate::from_ymd_opt(1899, 12, 29).unwrap().and_hms_opt(6, 0, 0).unwrap();
        /// assert_eq!(comtypes::Date::try_from(t).unwrap().to_ole(), -1.25);
        /// ```
        fn try_from(t: chrono::NaiveDateTime) -> Result<Date> {
            let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .unwrap_or_default();
            super::date_from_epoch_millis((t - epoch).num_milliseconds() as f64)
        }
    }

    impl TryFrom<Date> for chrono::NaiveDateTime {
        type Error = Error;
        /// Rounded to the millisecond; `DISP_E_OVERFLOW` for NaN and infinities.
        ///
        /// ```
        /// let t = chrono::NaiveDateTime::try_from(comtypes::Date::from_ole(2.5)).unwrap();
        /// assert_eq!(t.to_string(), "1900-01-01 12:00:00");
        /// ```
        fn try_from(date: Date) -> Result<chrono::NaiveDateTime> {
            let millis = super::epoch_millis_of(date)?;
            let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .unwrap_or_default();
            epoch
                .checked_add_signed(chrono::TimeDelta::milliseconds(millis))
                .ok_or_else(|| Error::new(crate::hresult::DISP_E_OVERFLOW, "not a valid date"))
        }
    }
}

#[cfg(feature = "time")]
mod time_impls {
    use super::Date;
    use crate::{Error, Result};

    fn epoch() -> time::PrimitiveDateTime {
        time::PrimitiveDateTime::new(
            time::Date::from_calendar_date(1899, time::Month::December, 30)
                .unwrap_or(time::Date::MIN),
            time::Time::MIDNIGHT,
        )
    }

    impl TryFrom<time::PrimitiveDateTime> for Date {
        type Error = Error;
        /// Exact to the millisecond; `DISP_E_OVERFLOW` outside years 100..=9999.
        ///
        /// ```
        /// use time::macros::datetime;
        /// assert_eq!(comtypes::Date::try_from(datetime!(1899-12-29 6:00)).unwrap().to_ole(), -1.25);
        /// ```
        fn try_from(t: time::PrimitiveDateTime) -> Result<Date> {
            super::date_from_epoch_millis((t - epoch()).whole_milliseconds() as f64)
        }
    }

    impl TryFrom<Date> for time::PrimitiveDateTime {
        type Error = Error;
        /// Rounded to the millisecond; `DISP_E_OVERFLOW` for NaN and infinities.
        ///
        /// ```
        /// let t = time::PrimitiveDateTime::try_from(comtypes::Date::from_ole(2.5)).unwrap();
        /// assert_eq!(t, time::macros::datetime!(1900-01-01 12:00));
        /// ```
        fn try_from(date: Date) -> Result<time::PrimitiveDateTime> {
            let millis = super::epoch_millis_of(date)?;
            epoch()
                .checked_add(time::Duration::milliseconds(millis))
                .ok_or_else(|| Error::new(crate::hresult::DISP_E_OVERFLOW, "not a valid date"))
        }
    }
}
