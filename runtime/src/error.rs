//! The error type shared by every `FromStr` implementation in this crate.

use std::fmt;

/// How many characters of the rejected input an error keeps for its message.
const MAX_INPUT_CHARS: usize = 64;

/// The error returned when a string is not a valid literal of an OData primitive type.
///
/// It records the OData type being parsed, why the text was rejected, and (a prefix
/// of) the rejected text itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    edm_type: &'static str,
    reason: &'static str,
    input: String,
}

impl ParseError {
    /// Builds an error for `input`, which was rejected as an `edm_type` literal.
    pub(crate) fn new(edm_type: &'static str, reason: &'static str, input: &str) -> Self {
        let mut shown: String = input.chars().take(MAX_INPUT_CHARS).collect();
        if input.chars().nth(MAX_INPUT_CHARS).is_some() {
            shown.push_str("...");
        }
        ParseError {
            edm_type,
            reason,
            input: shown,
        }
    }

    /// The OData type that was being parsed, such as `"Edm.Date"`.
    pub fn edm_type(&self) -> &'static str {
        self.edm_type
    }

    /// A short description of why the input was rejected.
    pub fn reason(&self) -> &'static str {
        self.reason
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {} literal {:?}: {}",
            self.edm_type, self.input, self.reason
        )
    }
}

impl std::error::Error for ParseError {}
