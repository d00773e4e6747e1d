//! `Duration`: Edm.Duration, an ISO 8601 duration such as `P1DT2H3M4.5S`, kept as text.

use std::fmt;
use std::fmt::Write as _;
use std::str::FromStr;

use crate::scan::{digits_value, fraction_nanos, Scanner};
use crate::wire::string_serde;
use crate::ParseError;

/// The components of a duration, as written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
struct Parts {
    negative: bool,
    years: u64,
    months: u64,
    weeks: u64,
    days: u64,
    hours: u64,
    minutes: u64,
    seconds: u64,
    nanos: u32,
}

/// An `Edm.Duration` value: `[-]P[nD][T[nH][nM][n[.f]S]]`, e.g. `P1DT2H3M4.5S`, `-P3D`,
/// `PT0S`.
///
/// The text is validated on parse and kept exactly for the round trip. Edm.Duration
/// only has days, hours, minutes and seconds; ISO 8601 years (`Y`), months (`M` before
/// `T`) and weeks (`W`) are tolerated on input, but a value with years or months has no
/// [`to_std`](Self::to_std) conversion. Only seconds may carry a fraction.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Duration {
    text: String,
    parts: Parts,
}

impl Duration {
    /// The exact text of the value.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the duration has a leading minus sign.
    pub fn is_negative(&self) -> bool {
        self.parts.negative
    }

    /// The years component (not part of Edm.Duration; 0 unless the text had `nY`).
    pub fn years(&self) -> u64 {
        self.parts.years
    }

    /// The months component (not part of Edm.Duration; 0 unless the text had `nM`
    /// before `T`).
    pub fn months(&self) -> u64 {
        self.parts.months
    }

    /// The weeks component (0 unless the text had `nW`).
    pub fn weeks(&self) -> u64 {
        self.parts.weeks
    }

    /// The days component.
    pub fn days(&self) -> u64 {
        self.parts.days
    }

    /// The hours component.
    pub fn hours(&self) -> u64 {
        self.parts.hours
    }

    /// The minutes component.
    pub fn minutes(&self) -> u64 {
        self.parts.minutes
    }

    /// The whole seconds component.
    pub fn seconds(&self) -> u64 {
        self.parts.seconds
    }

    /// The fraction of the seconds component, in nanoseconds.
    pub fn nanoseconds(&self) -> u32 {
        self.parts.nanos
    }

    /// The length as a `std::time::Duration`.
    ///
    /// `None` for a negative (non-zero) duration, one with years or months (whose
    /// length depends on the calendar), or one too long for `std::time::Duration`.
    pub fn to_std(&self) -> Option<std::time::Duration> {
        let p = &self.parts;
        if p.years != 0 || p.months != 0 {
            return None;
        }
        let secs = p
            .weeks
            .checked_mul(7 * 86_400)?
            .checked_add(p.days.checked_mul(86_400)?)?
            .checked_add(p.hours.checked_mul(3_600)?)?
            .checked_add(p.minutes.checked_mul(60)?)?
            .checked_add(p.seconds)?;
        if p.negative && (secs != 0 || p.nanos != 0) {
            return None;
        }
        Some(std::time::Duration::new(secs, p.nanos))
    }

    /// The canonical Edm.Duration for `d`, such as `P1DT2H3M4.5S` (or `PT0S` for zero).
    pub fn from_std(d: std::time::Duration) -> Self {
        let total = d.as_secs();
        let parts = Parts {
            days: total / 86_400,
            hours: total % 86_400 / 3_600,
            minutes: total % 3_600 / 60,
            seconds: total % 60,
            nanos: d.subsec_nanos(),
            ..Parts::default()
        };
        let mut text = String::from("P");
        if parts.days != 0 {
            let _ = write!(text, "{}D", parts.days);
        }
        let has_seconds = parts.seconds != 0 || parts.nanos != 0;
        if parts.hours != 0 || parts.minutes != 0 || has_seconds || parts.days == 0 {
            text.push('T');
            if parts.hours != 0 {
                let _ = write!(text, "{}H", parts.hours);
            }
            if parts.minutes != 0 {
                let _ = write!(text, "{}M", parts.minutes);
            }
            if has_seconds || (parts.hours == 0 && parts.minutes == 0 && parts.days == 0) {
                let _ = write!(text, "{}", parts.seconds);
                if parts.nanos != 0 {
                    let fraction = format!("{:09}", parts.nanos);
                    let _ = write!(text, ".{}", fraction.trim_end_matches('0'));
                }
                text.push('S');
            }
        }
        Duration { text, parts }
    }
}

/// Reads the number before a designator, failing if it is missing or too large.
fn component(sc: &mut Scanner<'_>) -> Result<u64, &'static str> {
    let digits = sc.digits();
    if digits.is_empty() {
        return Err("expected a number before each designator");
    }
    digits_value(digits).ok_or("a component is too large")
}

/// Parses the whole text of a duration.
fn parse(text: &str) -> Result<Parts, &'static str> {
    let mut sc = Scanner::new(text);
    let mut parts = Parts {
        negative: sc.eat_any(b"+-") == Some(b'-'),
        ..Parts::default()
    };
    if !sc.eat(b'P') {
        return Err("expected `P`");
    }
    let mut any = false;
    // Date part: Y, M, W, D, each at most once and in this order.
    let mut last = 0;
    while !sc.is_done() && sc.peek() != Some(b'T') {
        let n = component(&mut sc)?;
        let (rank, slot) = match sc.next_byte() {
            Some(b'Y') => (1, &mut parts.years),
            Some(b'M') => (2, &mut parts.months),
            Some(b'W') => (3, &mut parts.weeks),
            Some(b'D') => (4, &mut parts.days),
            Some(b'.') => return Err("only seconds may have a fraction"),
            _ => return Err("expected a designator: Y, M, W, D or T"),
        };
        if rank <= last {
            return Err("components are repeated or out of order");
        }
        last = rank;
        *slot = n;
        any = true;
    }
    if sc.eat(b'T') {
        let mut last = 0;
        let mut any_time = false;
        while !sc.is_done() {
            let n = component(&mut sc)?;
            let fraction = if sc.eat(b'.') {
                let digits = sc.digits();
                if digits.is_empty() {
                    return Err("expected digits after `.`");
                }
                Some(fraction_nanos(digits))
            } else {
                None
            };
            let (rank, slot) = match sc.next_byte() {
                Some(b'H') => (1, &mut parts.hours),
                Some(b'M') => (2, &mut parts.minutes),
                Some(b'S') => (3, &mut parts.seconds),
                _ => return Err("expected a designator: H, M or S"),
            };
            if rank <= last {
                return Err("components are repeated or out of order");
            }
            if fraction.is_some() && rank != 3 {
                return Err("only seconds may have a fraction");
            }
            last = rank;
            *slot = n;
            if let Some(nanos) = fraction {
                parts.nanos = nanos;
            }
            any_time = true;
        }
        if !any_time {
            return Err("`T` must be followed by hours, minutes or seconds");
        }
        any = true;
    }
    if !any {
        return Err("a duration needs at least one component");
    }
    Ok(parts)
}

impl FromStr for Duration {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parts = parse(s).map_err(|reason| ParseError::new("Edm.Duration", reason, s))?;
        Ok(Duration {
            text: s.to_owned(),
            parts,
        })
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

string_serde!(Duration, "an Edm.Duration string");
