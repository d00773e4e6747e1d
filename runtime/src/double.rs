//! `Double` and `Single`: Edm.Double and Edm.Single, including `NaN`, `INF` and `-INF`.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use serde::de::{self, Unexpected, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::scan::is_number_syntax;
use crate::ParseError;

/// Parses OData's text forms of a floating-point number: a plain number, `NaN`, `INF`
/// or `-INF` (`Infinity` and `-Infinity` are accepted as well).
fn parse_text<F: FromStr>(text: &str, nan: F, inf: F, neg_inf: F) -> Option<F> {
    match text {
        "NaN" => Some(nan),
        "INF" | "Infinity" => Some(inf),
        "-INF" | "-Infinity" => Some(neg_inf),
        _ if is_number_syntax(text) => text.parse().ok(),
        _ => None,
    }
}

/// The OData text of a non-finite value, or `None` for a finite one.
fn special_text(is_nan: bool, is_infinite: bool, is_negative: bool) -> Option<&'static str> {
    match (is_nan, is_infinite, is_negative) {
        (true, _, _) => Some("NaN"),
        (false, true, false) => Some("INF"),
        (false, true, true) => Some("-INF"),
        (false, false, _) => None,
    }
}

macro_rules! float_type {
    ($name:ident, $float:ty, $edm:literal, $serialize:ident) => {
        impl $name {
            /// The OData text of a non-finite value (`NaN`, `INF`, `-INF`), if it is one.
            fn special(&self) -> Option<&'static str> {
                special_text(
                    self.0.is_nan(),
                    self.0.is_infinite(),
                    self.0.is_sign_negative(),
                )
            }
        }

        impl PartialEq for $name {
            /// Numeric equality, except that `NaN` equals `NaN` (so values round-trip).
            fn eq(&self, other: &Self) -> bool {
                self.0 == other.0 || (self.0.is_nan() && other.0.is_nan())
            }
        }

        impl Eq for $name {}

        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
                if self.0.is_nan() && other.0.is_nan() {
                    Some(Ordering::Equal)
                } else {
                    self.0.partial_cmp(&other.0)
                }
            }
        }

        impl Hash for $name {
            fn hash<H: Hasher>(&self, state: &mut H) {
                // Consistent with `eq`: one hash for every NaN, and for 0.0 and -0.0.
                let canonical = if self.0.is_nan() {
                    <$float>::NAN
                } else if self.0 == 0.0 {
                    0.0
                } else {
                    self.0
                };
                canonical.to_bits().hash(state);
            }
        }

        impl From<$float> for $name {
            fn from(v: $float) -> Self {
                $name(v)
            }
        }

        impl From<$name> for $float {
            fn from(v: $name) -> Self {
                v.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.special() {
                    Some(text) => f.write_str(text),
                    None => fmt::Display::fmt(&self.0, f),
                }
            }
        }

        impl FromStr for $name {
            type Err = ParseError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                parse_text(s, <$float>::NAN, <$float>::INFINITY, <$float>::NEG_INFINITY)
                    .map($name)
                    .ok_or_else(|| ParseError::new($edm, "not a number, NaN, INF or -INF", s))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self.special() {
                    Some(text) => s.serialize_str(text),
                    None => s.$serialize(self.0),
                }
            }
        }
    };
}

/// An `Edm.Double` value.
///
/// Finite values travel as JSON numbers; `NaN`, `INF` and `-INF` travel as those
/// strings. Numeric strings are accepted on input too. Equality treats `NaN` as equal
/// to `NaN` so that values compare equal after a round trip.
#[derive(Debug, Clone, Copy, Default)]
pub struct Double(pub f64);

/// An `Edm.Single` value; see [`Double`] for the wire format.
#[derive(Debug, Clone, Copy, Default)]
pub struct Single(pub f32);

float_type!(Double, f64, "Edm.Double", serialize_f64);
float_type!(Single, f32, "Edm.Single", serialize_f32);

/// Accepts the JSON shapes an `Edm.Double` may take.
struct DoubleVisitor;

impl Visitor<'_> for DoubleVisitor {
    type Value = Double;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an Edm.Double as a JSON number or one of \"NaN\", \"INF\", \"-INF\"")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Double, E> {
        Ok(Double(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Double, E> {
        Ok(Double(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Double, E> {
        Ok(Double(v as f64))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Double, E> {
        v.parse()
            .map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
    }
}

impl<'de> Deserialize<'de> for Double {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DoubleVisitor)
    }
}

/// Accepts the JSON shapes an `Edm.Single` may take.
struct SingleVisitor;

impl SingleVisitor {
    /// Narrows a finite `f64` to `f32`, rejecting values outside the `f32` range.
    fn narrow<E: de::Error>(&self, v: f64) -> Result<Single, E> {
        let narrowed = v as f32;
        if v.is_finite() && !narrowed.is_finite() {
            Err(E::invalid_value(Unexpected::Float(v), self))
        } else {
            Ok(Single(narrowed))
        }
    }
}

impl Visitor<'_> for SingleVisitor {
    type Value = Single;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an Edm.Single as a JSON number or one of \"NaN\", \"INF\", \"-INF\"")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Single, E> {
        self.narrow(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Single, E> {
        Ok(Single(v as f32))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Single, E> {
        Ok(Single(v as f32))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Single, E> {
        v.parse()
            .map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
    }
}

impl<'de> Deserialize<'de> for Single {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SingleVisitor)
    }
}
