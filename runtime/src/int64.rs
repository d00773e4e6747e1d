//! `Int64`: Edm.Int64, which may arrive as a JSON number or (IEEE754Compatible) a string.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Unexpected, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ParseError;

/// An `Edm.Int64` value.
///
/// Deserializes from a JSON number or from a string holding an integer (services send
/// strings under `IEEE754Compatible=true` so that values above 2^53 survive JavaScript).
/// Always serializes as a JSON number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Int64(pub i64);

impl From<i64> for Int64 {
    fn from(v: i64) -> Self {
        Int64(v)
    }
}

impl From<Int64> for i64 {
    fn from(v: Int64) -> Self {
        v.0
    }
}

impl fmt::Display for Int64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for Int64 {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse::<i64>()
            .map(Int64)
            .map_err(|_| ParseError::new("Edm.Int64", "not a 64-bit integer", s))
    }
}

impl Serialize for Int64 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

/// Accepts the JSON shapes an `Edm.Int64` may take.
struct Int64Visitor;

/// 2^63 as an `f64`: the first float above the `i64` range.
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

impl Visitor<'_> for Int64Visitor {
    type Value = Int64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an Edm.Int64 as a JSON number or a string holding an integer")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Int64, E> {
        Ok(Int64(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Int64, E> {
        i64::try_from(v)
            .map(Int64)
            .map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Int64, E> {
        if v.is_finite() && v.fract() == 0.0 && (-TWO_POW_63..TWO_POW_63).contains(&v) {
            // In range and integral, so the cast is exact.
            Ok(Int64(v as i64))
        } else {
            Err(E::invalid_value(Unexpected::Float(v), &self))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Int64, E> {
        v.parse::<i64>()
            .map(Int64)
            .map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
    }
}

impl<'de> Deserialize<'de> for Int64 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Int64Visitor)
    }
}
