//! `Decimal`: Edm.Decimal, kept as its exact text.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Unexpected, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::scan::is_number_syntax;
use crate::ParseError;

/// An `Edm.Decimal` value, kept as the exact text it was given so no digits are lost.
///
/// It deserializes from a JSON string (services send strings under
/// `IEEE754Compatible=true`) or a JSON number, and remembers which: a quoted value
/// serializes back as the same string; a number serializes back as a JSON number
/// (through `i64`, `u64` or `f64`, so digits beyond `f64` precision are lost there).
/// Values parsed with [`FromStr`] use the number form, except `NaN`, `INF` and `-INF`,
/// which can only be strings.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Decimal {
    text: String,
    quoted: bool,
}

impl Decimal {
    /// The exact text of the value, such as `"12.50"`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the value travels as a JSON string rather than a JSON number.
    pub fn is_quoted(&self) -> bool {
        self.quoted
    }

    /// The same value, sent as a JSON string (`true`) or JSON number (`false`).
    ///
    /// Non-finite values (`NaN`, `INF`, `-INF`) are always sent as strings.
    pub fn with_quoted(mut self, quoted: bool) -> Self {
        self.quoted = quoted || special_value(&self.text).is_some();
        self
    }

    /// The value as the nearest `f64`.
    pub fn to_f64(&self) -> f64 {
        special_value(&self.text).unwrap_or_else(|| self.text.parse().unwrap_or(f64::NAN))
    }
}

/// The value of the non-finite literals OData allows, if `text` is one.
fn special_value(text: &str) -> Option<f64> {
    match text {
        "NaN" => Some(f64::NAN),
        "INF" => Some(f64::INFINITY),
        "-INF" => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

impl Default for Decimal {
    /// Zero, in number form.
    fn default() -> Self {
        Decimal {
            text: "0".to_owned(),
            quoted: false,
        }
    }
}

impl From<i64> for Decimal {
    fn from(v: i64) -> Self {
        Decimal {
            text: v.to_string(),
            quoted: false,
        }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for Decimal {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if special_value(s).is_some() {
            return Ok(Decimal {
                text: s.to_owned(),
                quoted: true,
            });
        }
        if is_number_syntax(s) {
            Ok(Decimal {
                text: s.to_owned(),
                quoted: false,
            })
        } else {
            Err(ParseError::new("Edm.Decimal", "not a decimal number", s))
        }
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.quoted {
            return s.serialize_str(&self.text);
        }
        if let Ok(i) = self.text.parse::<i64>() {
            return s.serialize_i64(i);
        }
        if let Ok(u) = self.text.parse::<u64>() {
            return s.serialize_u64(u);
        }
        match self.text.parse::<f64>() {
            Ok(f) if f.is_finite() => s.serialize_f64(f),
            // Out of `f64` range: a string is the only lossless form left.
            _ => s.serialize_str(&self.text),
        }
    }
}

/// Accepts the JSON shapes an `Edm.Decimal` may take.
struct DecimalVisitor;

impl Visitor<'_> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an Edm.Decimal as a JSON number or a string")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal {
            text: v.to_string(),
            quoted: false,
        })
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        if !v.is_finite() {
            return Err(E::invalid_value(Unexpected::Float(v), &self));
        }
        Ok(Decimal {
            text: v.to_string(),
            quoted: false,
        })
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        let d: Decimal = v.parse().map_err(E::custom)?;
        Ok(Decimal {
            text: d.text,
            quoted: true,
        })
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DecimalVisitor)
    }
}
