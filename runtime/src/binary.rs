//! `Binary`: Edm.Binary, base64 in JSON.

use std::fmt;
use std::str::FromStr;

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;

use crate::wire::string_serde;
use crate::ParseError;

/// Standard base64, written padded, read padded or not.
const STANDARD: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// URL-safe base64 (`-` and `_`), read padded or not.
const URL_SAFE: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// An `Edm.Binary` value.
///
/// Written as standard base64 with padding. Read from standard or URL-safe base64,
/// with or without padding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Binary(pub Vec<u8>);

impl From<Vec<u8>> for Binary {
    fn from(v: Vec<u8>) -> Self {
        Binary(v)
    }
}

impl From<Binary> for Vec<u8> {
    fn from(v: Binary) -> Self {
        v.0
    }
}

impl fmt::Display for Binary {
    /// Writes the bytes as standard, padded base64.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&STANDARD.encode(&self.0))
    }
}

impl FromStr for Binary {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // Padding only where it completes a group of four.
        if s.ends_with('=') && s.len() % 4 != 0 {
            return Err(ParseError::new(
                "Edm.Binary",
                "padded base64 must be a multiple of four characters",
                s,
            ));
        }
        // Either alphabet, whichever the text is in.
        STANDARD
            .decode(s)
            .or_else(|_| URL_SAFE.decode(s))
            .map(Binary)
            .map_err(|_| {
                ParseError::new(
                    "Edm.Binary",
                    "expected standard or URL-safe base64, padded or not",
                    s,
                )
            })
    }
}

string_serde!(Binary, "an Edm.Binary base64 string");
