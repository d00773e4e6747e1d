//! `Guid`: Edm.Guid.

use std::fmt;
use std::str::FromStr;

use crate::wire::string_serde;
use crate::ParseError;

/// An `Edm.Guid` value, held as a 128-bit number.
///
/// Parses the hyphenated `8-4-4-4-12` hexadecimal form in either case and always
/// writes it in lower case, e.g. `00000003-0000-0000-c000-000000000000`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Guid(pub u128);

impl From<u128> for Guid {
    fn from(v: u128) -> Self {
        Guid(v)
    }
}

impl FromStr for Guid {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let error = || ParseError::new("Edm.Guid", "expected 8-4-4-4-12 hexadecimal digits", s);
        if s.len() != 36 {
            return Err(error());
        }
        let mut value = 0u128;
        for (i, c) in s.bytes().enumerate() {
            if matches!(i, 8 | 13 | 18 | 23) {
                if c != b'-' {
                    return Err(error());
                }
                continue;
            }
            let digit = char::from(c).to_digit(16).ok_or_else(error)?;
            value = (value << 4) | u128::from(digit);
        }
        Ok(Guid(value))
    }
}

impl fmt::Display for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        write!(
            f,
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            (v >> 96) as u32,
            (v >> 80) as u16,
            (v >> 64) as u16,
            (v >> 48) as u16,
            v & 0xffff_ffff_ffff
        )
    }
}

string_serde!(Guid, "an Edm.Guid string");

#[cfg(feature = "uuid")]
mod uuid_conversions {
    use super::Guid;

    impl From<uuid::Uuid> for Guid {
        fn from(u: uuid::Uuid) -> Self {
            Guid(u.as_u128())
        }
    }

    impl From<Guid> for uuid::Uuid {
        fn from(g: Guid) -> Self {
            uuid::Uuid::from_u128(g.0)
        }
    }

    #[cfg(test)]
    mod tests {
        use super::Guid;

        #[test]
        fn to_uuid_and_back() {
            let text = "00000003-0000-0000-c000-000000000000";
            let g: Guid = text.parse().unwrap();
            let u = uuid::Uuid::from(g);
            assert_eq!(u.hyphenated().to_string(), text);
            assert_eq!(Guid::from(u), g);
        }
    }
}
