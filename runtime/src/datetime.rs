//! `DateTimeOffset`, `Date` and `TimeOfDay`: Edm date and time types, kept as exact text.

use std::fmt;
use std::str::FromStr;

use crate::scan::{digits_value, fraction_nanos, Scanner};
use crate::wire::string_serde;
use crate::ParseError;

/// The most fractional-second digits OData allows.
const MAX_FRACTION_DIGITS: usize = 12;

/// Whether `year` (proleptic Gregorian, astronomical numbering) is a leap year.
fn is_leap_year(year: i32) -> bool {
    year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0)
}

/// The number of days in `month` (1-12) of `year`.
fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given civil date (negative before it).
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let (m, d) = (i64::from(month), i64::from(day));
    let y = i64::from(year) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let shifted_month = (m + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + d - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Reads exactly two digits and checks the value is at most `max`.
fn two_digits(sc: &mut Scanner<'_>, max: u8, what: &'static str) -> Result<u8, &'static str> {
    let d = sc.digits();
    if d.len() != 2 {
        return Err(what);
    }
    match digits_value(d) {
        Some(v) if v <= u64::from(max) => Ok(v as u8),
        _ => Err(what),
    }
}

/// Consumes `b` or fails with `what`.
fn expect(sc: &mut Scanner<'_>, b: u8, what: &'static str) -> Result<(), &'static str> {
    if sc.eat(b) {
        Ok(())
    } else {
        Err(what)
    }
}

/// A validated calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Ymd {
    year: i32,
    month: u8,
    day: u8,
}

/// Parses `[-]yyyy-mm-dd` (years of more than four digits may not start with zero).
fn parse_date(sc: &mut Scanner<'_>) -> Result<Ymd, &'static str> {
    let negative = sc.eat(b'-');
    let digits = sc.digits();
    if digits.len() < 4 {
        return Err("year must have four digits");
    }
    if digits.len() > 4 && digits.first() == Some(&b'0') {
        return Err("a year of more than four digits must not start with zero");
    }
    let year = digits_value(digits)
        .and_then(|v| i32::try_from(v).ok())
        .ok_or("year is too large")?;
    let year = if negative { -year } else { year };
    expect(sc, b'-', "expected `-` after the year")?;
    let month = two_digits(sc, 12, "month must be two digits from 01 to 12")?;
    if month == 0 {
        return Err("month must be two digits from 01 to 12");
    }
    expect(sc, b'-', "expected `-` after the month")?;
    let day = two_digits(sc, 31, "day must be two digits")?;
    if day == 0 || day > days_in_month(year, month) {
        return Err("day does not exist in that month");
    }
    Ok(Ymd { year, month, day })
}

/// A validated time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Hms {
    hour: u8,
    minute: u8,
    second: u8,
    nanosecond: u32,
}

/// Parses `hh:mm[:ss[.fraction]]` with 1 to 12 fractional digits.
fn parse_time(sc: &mut Scanner<'_>) -> Result<Hms, &'static str> {
    let hour = two_digits(sc, 23, "hour must be two digits from 00 to 23")?;
    expect(sc, b':', "expected `:` after the hour")?;
    let minute = two_digits(sc, 59, "minute must be two digits from 00 to 59")?;
    let mut time = Hms {
        hour,
        minute,
        second: 0,
        nanosecond: 0,
    };
    if sc.eat(b':') {
        time.second = two_digits(sc, 59, "second must be two digits from 00 to 59")?;
        if sc.eat(b'.') {
            let fraction = sc.digits();
            if fraction.is_empty() || fraction.len() > MAX_FRACTION_DIGITS {
                return Err("fractional seconds must have 1 to 12 digits");
            }
            time.nanosecond = fraction_nanos(fraction);
        }
    }
    Ok(time)
}

/// Parses a time-zone offset, `Z` or `(+|-)hh:mm`, into minutes east of UTC.
fn parse_offset(sc: &mut Scanner<'_>) -> Result<i16, &'static str> {
    match sc.next_byte() {
        Some(b'Z' | b'z') => Ok(0),
        Some(sign @ (b'+' | b'-')) => {
            let hours = two_digits(sc, 23, "offset hours must be two digits from 00 to 23")?;
            expect(sc, b':', "expected `:` in the offset")?;
            let minutes = two_digits(sc, 59, "offset minutes must be two digits from 00 to 59")?;
            let total = i16::from(hours) * 60 + i16::from(minutes);
            Ok(if sign == b'-' { -total } else { total })
        }
        _ => Err("expected a time-zone offset: `Z` or `+hh:mm` / `-hh:mm`"),
    }
}

/// Runs `parse` over the whole of `text`, failing if anything is left over.
fn parse_all<T>(
    text: &str,
    edm_type: &'static str,
    parse: impl FnOnce(&mut Scanner<'_>) -> Result<T, &'static str>,
) -> Result<T, ParseError> {
    let mut sc = Scanner::new(text);
    let value = parse(&mut sc).map_err(|reason| ParseError::new(edm_type, reason, text))?;
    if sc.is_done() {
        Ok(value)
    } else {
        Err(ParseError::new(
            edm_type,
            "unexpected trailing characters",
            text,
        ))
    }
}

/// An `Edm.DateTimeOffset` value such as `2017-01-01T00:03:07.1589002-08:00` or
/// `2014-01-01T00:00:00Z`.
///
/// The text is validated on parse and kept exactly, so a value serializes back
/// byte-for-byte as it arrived (all fractional digits, the `Z` or the offset).
/// Seconds may be omitted, as OData allows; fractions have 1 to 12 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DateTimeOffset {
    text: String,
    date: Ymd,
    time: Hms,
    offset_minutes: i16,
}

impl DateTimeOffset {
    /// The exact text of the value.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The year (negative for years before 1 BC in astronomical numbering).
    pub fn year(&self) -> i32 {
        self.date.year
    }

    /// The month, 1 to 12.
    pub fn month(&self) -> u8 {
        self.date.month
    }

    /// The day of the month, 1 to 31.
    pub fn day(&self) -> u8 {
        self.date.day
    }

    /// The hour, 0 to 23, in the value's own offset.
    pub fn hour(&self) -> u8 {
        self.time.hour
    }

    /// The minute, 0 to 59.
    pub fn minute(&self) -> u8 {
        self.time.minute
    }

    /// The second, 0 to 59 (0 when the text omits seconds).
    pub fn second(&self) -> u8 {
        self.time.second
    }

    /// The fraction of the second in nanoseconds (digits past the ninth are dropped).
    pub fn nanosecond(&self) -> u32 {
        self.time.nanosecond
    }

    /// The offset from UTC in minutes (east positive; 0 for `Z`).
    pub fn offset_minutes(&self) -> i16 {
        self.offset_minutes
    }

    /// The date part as a [`Date`] (in the value's own offset).
    pub fn date(&self) -> Date {
        let text = self.text.split(['T', 't']).next().unwrap_or_default();
        Date {
            text: text.to_owned(),
            date: self.date,
        }
    }

    /// Whole seconds since 1970-01-01T00:00:00Z (negative before it); add
    /// [`nanosecond`](Self::nanosecond) for the fraction.
    pub fn unix_timestamp(&self) -> i64 {
        let days = days_from_civil(self.date.year, self.date.month, self.date.day);
        let seconds_of_day = i64::from(self.time.hour) * 3600
            + i64::from(self.time.minute) * 60
            + i64::from(self.time.second);
        days * 86_400 + seconds_of_day - i64::from(self.offset_minutes) * 60
    }
}

impl FromStr for DateTimeOffset {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (date, time, offset_minutes) = parse_all(s, "Edm.DateTimeOffset", |sc| {
            let date = parse_date(sc)?;
            if sc.eat_any(b"Tt").is_none() {
                return Err("expected `T` between the date and the time");
            }
            let time = parse_time(sc)?;
            let offset = parse_offset(sc)?;
            Ok((date, time, offset))
        })?;
        Ok(DateTimeOffset {
            text: s.to_owned(),
            date,
            time,
            offset_minutes,
        })
    }
}

impl fmt::Display for DateTimeOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

string_serde!(DateTimeOffset, "an Edm.DateTimeOffset string");

/// An `Edm.Date` value such as `2024-05-31`, validated and kept as exact text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Date {
    text: String,
    date: Ymd,
}

impl Date {
    /// The exact text of the value.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The year (negative for years before 1 BC in astronomical numbering).
    pub fn year(&self) -> i32 {
        self.date.year
    }

    /// The month, 1 to 12.
    pub fn month(&self) -> u8 {
        self.date.month
    }

    /// The day of the month, 1 to 31.
    pub fn day(&self) -> u8 {
        self.date.day
    }
}

impl FromStr for Date {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let date = parse_all(s, "Edm.Date", parse_date)?;
        Ok(Date {
            text: s.to_owned(),
            date,
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

string_serde!(Date, "an Edm.Date string");

/// An `Edm.TimeOfDay` value such as `13:45:30.1234567` (seconds and fraction optional;
/// up to 12 fractional digits), validated and kept as exact text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TimeOfDay {
    text: String,
    time: Hms,
}

impl TimeOfDay {
    /// The exact text of the value.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The hour, 0 to 23.
    pub fn hour(&self) -> u8 {
        self.time.hour
    }

    /// The minute, 0 to 59.
    pub fn minute(&self) -> u8 {
        self.time.minute
    }

    /// The second, 0 to 59 (0 when the text omits seconds).
    pub fn second(&self) -> u8 {
        self.time.second
    }

    /// The fraction of the second in nanoseconds (digits past the ninth are dropped).
    pub fn nanosecond(&self) -> u32 {
        self.time.nanosecond
    }
}

impl FromStr for TimeOfDay {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let time = parse_all(s, "Edm.TimeOfDay", parse_time)?;
        Ok(TimeOfDay {
            text: s.to_owned(),
            time,
        })
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

string_serde!(TimeOfDay, "an Edm.TimeOfDay string");

/// `DateTimeOffset` ↔ `time::OffsetDateTime` (the `time` feature). The text
/// of a converted value is RFC 3339 with `Z` or `±hh:mm` and only the
/// fractional digits its nanoseconds need; fractions beyond nanoseconds (Graph
/// sends at most seven digits) are cut off when converting to `time`.
#[cfg(feature = "time")]
mod time_conversions {
    use super::DateTimeOffset;

    impl TryFrom<&DateTimeOffset> for time::OffsetDateTime {
        type Error = time::error::ComponentRange;

        fn try_from(v: &DateTimeOffset) -> Result<Self, Self::Error> {
            let month = time::Month::try_from(v.month())?;
            let date = time::Date::from_calendar_date(v.year(), month, v.day())?;
            let clock =
                time::Time::from_hms_nano(v.hour(), v.minute(), v.second(), v.nanosecond())?;
            let offset = time::UtcOffset::from_whole_seconds(i32::from(v.offset_minutes()) * 60)?;
            Ok(time::PrimitiveDateTime::new(date, clock).assume_offset(offset))
        }
    }

    impl TryFrom<DateTimeOffset> for time::OffsetDateTime {
        type Error = time::error::ComponentRange;

        fn try_from(v: DateTimeOffset) -> Result<Self, Self::Error> {
            time::OffsetDateTime::try_from(&v)
        }
    }

    impl TryFrom<time::OffsetDateTime> for DateTimeOffset {
        type Error = crate::ParseError;

        /// Fails for years outside 0000–9999 and offsets with seconds, which
        /// `Edm.DateTimeOffset` cannot write.
        fn try_from(t: time::OffsetDateTime) -> Result<Self, Self::Error> {
            super::from_parts(
                t.year(),
                [
                    u8::from(t.month()),
                    t.day(),
                    t.hour(),
                    t.minute(),
                    t.second(),
                ],
                t.nanosecond(),
                t.offset().whole_seconds(),
            )
        }
    }
}

/// The value of a date, a clock time (`[month, day, hour, minute, second]`),
/// nanoseconds and an offset in seconds east of UTC, written in the shortest
/// exact form (`Z` for UTC, no fraction when it is zero). Fails for years
/// of more than four digits, leap seconds and offsets with seconds, which
/// `Edm.DateTimeOffset` cannot write.
#[cfg(any(feature = "time", feature = "chrono"))]
fn from_parts(
    year: i32,
    [month, day, hour, minute, second]: [u8; 5],
    nanosecond: u32,
    offset_seconds: i32,
) -> Result<DateTimeOffset, crate::ParseError> {
    // Four digits after the sign: -0005, not -005.
    let sign = if year < 0 { "-" } else { "" };
    let digits = year.unsigned_abs();
    let mut text =
        format!("{sign}{digits:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}");
    let refuse = |why: &'static str, text: &str| {
        Err(crate::ParseError::new("Edm.DateTimeOffset", why, text))
    };
    if digits > 9999 {
        return refuse("the year has more than four digits", &text);
    }
    if second > 59 {
        return refuse("a leap second", &text);
    }
    if nanosecond != 0 {
        let digits = format!("{nanosecond:09}");
        text.push('.');
        text.push_str(digits.trim_end_matches('0'));
    }
    if offset_seconds % 60 != 0 {
        return refuse("the offset has seconds", &text);
    }
    let minutes = offset_seconds / 60;
    if minutes == 0 {
        text.push('Z');
    } else {
        let sign = if minutes < 0 { '-' } else { '+' };
        let m = minutes.unsigned_abs();
        text.push_str(&format!("{sign}{:02}:{:02}", m / 60, m % 60));
    }
    text.parse()
}

#[cfg(feature = "chrono")]
mod chrono_conversions {
    use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeZone, Timelike};

    use super::DateTimeOffset;

    impl TryFrom<&DateTimeOffset> for DateTime<FixedOffset> {
        type Error = crate::ParseError;

        /// Fails where chrono cannot hold the value (a leap second, a year
        /// outside its range).
        fn try_from(v: &DateTimeOffset) -> Result<Self, Self::Error> {
            let error = || {
                crate::ParseError::new(
                    "Edm.DateTimeOffset",
                    "outside what chrono::DateTime<FixedOffset> holds",
                    v.as_str(),
                )
            };
            let date = NaiveDate::from_ymd_opt(v.year(), u32::from(v.month()), u32::from(v.day()))
                .ok_or_else(error)?;
            let clock = NaiveTime::from_hms_nano_opt(
                u32::from(v.hour()),
                u32::from(v.minute()),
                u32::from(v.second()),
                v.nanosecond(),
            )
            .ok_or_else(error)?;
            let offset =
                FixedOffset::east_opt(i32::from(v.offset_minutes()) * 60).ok_or_else(error)?;
            offset
                .from_local_datetime(&date.and_time(clock))
                .single()
                .ok_or_else(error)
        }
    }

    impl TryFrom<DateTimeOffset> for DateTime<FixedOffset> {
        type Error = crate::ParseError;

        fn try_from(v: DateTimeOffset) -> Result<Self, Self::Error> {
            DateTime::<FixedOffset>::try_from(&v)
        }
    }

    impl<Tz: TimeZone> TryFrom<DateTime<Tz>> for DateTimeOffset {
        type Error = crate::ParseError;

        /// Any chrono time zone, at its offset at that instant (`Utc` gives
        /// `Z`). Fails for years outside 0000–9999 and offsets with seconds.
        fn try_from(t: DateTime<Tz>) -> Result<Self, Self::Error> {
            let t = t.fixed_offset();
            let small = |v: u32| u8::try_from(v).unwrap_or(u8::MAX);
            // chrono writes a leap second as 59 with 1_000_000_000 ns or more.
            let (second, nanos) = match t.nanosecond() {
                n if n >= 1_000_000_000 => (60, n - 1_000_000_000),
                n => (small(t.second()), n),
            };
            super::from_parts(
                t.year(),
                [
                    small(t.month()),
                    small(t.day()),
                    small(t.hour()),
                    small(t.minute()),
                    second,
                ],
                nanos,
                t.offset().local_minus_utc(),
            )
        }
    }

    #[cfg(test)]
    mod tests {
        use chrono::{DateTime, FixedOffset, TimeZone, Utc};

        use super::DateTimeOffset;

        #[test]
        fn to_chrono_and_back() {
            let v: DateTimeOffset = "2017-01-01T00:03:07.1589002-08:00".parse().unwrap();
            let t = DateTime::<FixedOffset>::try_from(&v).unwrap();
            assert_eq!(t.timestamp(), v.unix_timestamp());
            assert_eq!(t.timestamp_subsec_nanos(), 158_900_200);
            assert_eq!(t.offset().local_minus_utc(), -8 * 3600);
            let back = DateTimeOffset::try_from(t).unwrap();
            assert_eq!(back.as_str(), "2017-01-01T00:03:07.1589002-08:00");
            let utc = Utc.with_ymd_and_hms(2014, 1, 1, 0, 0, 0).unwrap();
            assert_eq!(
                DateTimeOffset::try_from(utc).unwrap().as_str(),
                "2014-01-01T00:00:00Z"
            );
            let odd = FixedOffset::east_opt(30).unwrap();
            let t = odd.with_ymd_and_hms(2014, 1, 1, 0, 0, 0).unwrap();
            assert!(
                DateTimeOffset::try_from(t).is_err(),
                "an offset with seconds"
            );
            let past = Utc.with_ymd_and_hms(-5, 3, 1, 0, 0, 0).unwrap();
            assert_eq!(
                DateTimeOffset::try_from(past).unwrap().as_str(),
                "-0005-03-01T00:00:00Z"
            );
            let far = Utc.with_ymd_and_hms(10000, 1, 1, 0, 0, 0).unwrap();
            assert!(DateTimeOffset::try_from(far).is_err(), "a five-digit year");
            let leap = chrono::NaiveDate::from_ymd_opt(2016, 12, 31)
                .and_then(|d| d.and_hms_milli_opt(23, 59, 59, 1_500))
                .unwrap()
                .and_utc();
            assert!(DateTimeOffset::try_from(leap).is_err(), "a leap second");
        }
    }
}

#[cfg(all(test, feature = "time"))]
mod time_tests {
    use super::DateTimeOffset;

    #[test]
    fn to_time_and_back() {
        let v: DateTimeOffset = "2017-01-01T00:03:07.1589002-08:00".parse().unwrap();
        let t = time::OffsetDateTime::try_from(&v).unwrap();
        assert_eq!(t.unix_timestamp(), v.unix_timestamp());
        assert_eq!(t.nanosecond(), 158_900_200);
        assert_eq!(t.offset().whole_minutes(), -480);
        let back = DateTimeOffset::try_from(t).unwrap();
        assert_eq!(back.as_str(), "2017-01-01T00:03:07.1589002-08:00");
        let z: DateTimeOffset = "2014-01-01T00:00:00Z".parse().unwrap();
        let back =
            DateTimeOffset::try_from(time::OffsetDateTime::try_from(z.clone()).unwrap()).unwrap();
        assert_eq!(back, z);
    }
}
