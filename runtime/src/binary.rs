//! `Binary`: Edm.Binary, base64 in JSON.

use std::fmt;
use std::str::FromStr;

use crate::wire::string_serde;
use crate::ParseError;

/// The standard base64 alphabet, used for output.
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

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

/// The 6-bit value of a base64 character from either alphabet.
fn sextet(c: u8) -> Option<u32> {
    let v = match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' | b'-' => 62,
        b'/' | b'_' => 63,
        _ => return None,
    };
    Some(u32::from(v))
}

/// Decodes standard or URL-safe base64, padded or not.
fn decode(text: &str) -> Result<Vec<u8>, &'static str> {
    let bytes = text.as_bytes();
    let body = bytes
        .strip_suffix(b"==")
        .or_else(|| bytes.strip_suffix(b"="))
        .unwrap_or(bytes);
    if body.len() != bytes.len() && bytes.len() & 3 != 0 {
        return Err("padded base64 must be a multiple of four characters");
    }
    if body.len() % 4 == 1 {
        return Err("base64 length is impossible");
    }
    let mut out = Vec::with_capacity(body.len() / 4 * 3 + 2);
    let mut acc = 0u32;
    let mut bits = 0u32;
    for &c in body {
        acc = (acc << 6) | sextet(c).ok_or("not a base64 character")?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

impl fmt::Display for Binary {
    /// Writes the bytes as standard, padded base64.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::with_capacity(self.0.len().div_ceil(3) * 4);
        for chunk in self.0.chunks(3) {
            let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
            let n = (byte(0) << 16) | (byte(1) << 8) | byte(2);
            let char_at = |shift: u32| char::from(ALPHABET[((n >> shift) & 63) as usize]);
            out.push(char_at(18));
            out.push(char_at(12));
            out.push(if chunk.len() > 1 { char_at(6) } else { '=' });
            out.push(if chunk.len() > 2 { char_at(0) } else { '=' });
        }
        f.write_str(&out)
    }
}

impl FromStr for Binary {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        decode(s)
            .map(Binary)
            .map_err(|reason| ParseError::new("Edm.Binary", reason, s))
    }
}

string_serde!(Binary, "an Edm.Binary base64 string");
