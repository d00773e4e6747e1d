//! `Param`: the value of an OData function parameter in a path.

use std::fmt::Display;

/// An OData function parameter value.
///
/// Literals are written into the path (percent-encoded with
/// [`encode_literal`](crate::encode_literal)); complex and collection values are
/// sent as parameter aliases (`f(p=@p)?@p=<JSON>`). Build them with the
/// constructors: [`string`](Self::string), [`enum_member`](Self::enum_member),
/// [`display`](Self::display), [`duration`](Self::duration) and
/// [`json`](Self::json).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Param {
    /// Literal text, unencoded, such as `'it''s'`, `42` or `duration'P1D'`.
    Literal(String),
    /// A complex or collection value: sent as a parameter alias.
    Json(serde_json::Value),
    /// A value that could not be serialized: building a request whose path holds
    /// it fails with [`Error::InvalidRequest`](crate::Error::InvalidRequest)
    /// carrying this message.
    Invalid(String),
}

/// `text` between single quotes, with every `'` doubled.
fn quoted(prefix: &str, text: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + text.len() + 2);
    out.push_str(prefix);
    out.push('\'');
    for c in text.chars() {
        if c == '\'' {
            out.push('\'');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

impl Param {
    /// An `Edm.String` literal: `it's` gives `'it''s'`.
    pub fn string(s: &str) -> Param {
        Param::Literal(quoted("", s))
    }

    /// An enum member, in the quoted form Graph accepts: `'member'`.
    pub fn enum_member(s: &str) -> Param {
        Param::Literal(quoted("", s))
    }

    /// A literal written as `v`'s `Display` text, as-is: numbers, `true`/`false`,
    /// and this crate's `Guid`, `Date`, `TimeOfDay`, `DateTimeOffset`, `Int64`,
    /// `Double` and `Decimal`. (Use [`duration`](Self::duration) for durations and
    /// [`string`](Self::string) for text.)
    pub fn display(v: &impl Display) -> Param {
        Param::Literal(v.to_string())
    }

    /// An `Edm.Duration` literal: `P1D` gives `duration'P1D'`.
    pub fn duration(v: &impl Display) -> Param {
        Param::Literal(quoted("duration", &v.to_string()))
    }

    /// A complex or collection value, sent as a parameter alias holding its JSON.
    /// If `v` cannot be serialized, the error is kept ([`Param::Invalid`]) and
    /// reported when a request is built.
    pub fn json<T: serde::Serialize + ?Sized>(v: &T) -> Param {
        match serde_json::to_value(v) {
            Ok(value) => Param::Json(value),
            Err(e) => Param::Invalid(format!("a function parameter could not be serialized: {e}")),
        }
    }
}
