//! `Param`: the value of an OData function parameter in a path.

use std::fmt::Display;

/// An OData function parameter value.
///
/// Literals are written into the path (percent-encoded with
/// [`encode_literal`](crate::encode_literal)); complex and collection values are
/// sent as parameter aliases (`f(p=@p)?@p=<JSON>`). Build them with the
/// constructors, as generated code does: [`string`](Self::string),
/// [`enum_member`](Self::enum_member), [`display`](Self::display),
/// [`duration`](Self::duration) and [`json`](Self::json). Each of them makes a
/// value that stays one parameter whatever its input: quotes in text are
/// doubled, and [`display`](Self::display) refuses anything but a bare literal.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Param {
    /// Raw OData literal text, not yet percent-encoded, such as `'it''s'`, `42`
    /// or `duration'P1D'`.
    ///
    /// It is written into the call as it is (only percent-encoded), and services
    /// percent-decode the path before parsing the call: text that is not one
    /// well-formed literal (say `1),q=(2`) changes the call. Build it with the
    /// constructors, which only make well-formed literals; construct it directly
    /// only with text known to be one.
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
    ///
    /// The text must be a bare literal: non-empty, of ASCII letters, digits and
    /// `+ - . :` only. Anything else (quotes, parentheses, commas, spaces, ...)
    /// could end the literal early, so it gives [`Param::Invalid`], reported when
    /// a request is built.
    pub fn display(v: &impl Display) -> Param {
        let text = v.to_string();
        let bare = !text.is_empty()
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.' | b':'));
        if bare {
            Param::Literal(text)
        } else {
            Param::Invalid(format!(
                "the function parameter {text:?} is not a bare literal (use `Param::string` for text)"
            ))
        }
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
