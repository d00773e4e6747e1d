//! Shared serde plumbing for types that travel as JSON strings.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Visitor};

/// A visitor that accepts a string and parses it with `T::from_str`.
pub(crate) struct FromStrVisitor<T> {
    expecting: &'static str,
    marker: PhantomData<fn() -> T>,
}

impl<T> FromStrVisitor<T> {
    /// A visitor whose error messages say it expected `expecting`.
    pub(crate) fn new(expecting: &'static str) -> Self {
        FromStrVisitor {
            expecting,
            marker: PhantomData,
        }
    }
}

impl<'de, T> Visitor<'de> for FromStrVisitor<T>
where
    T: FromStr,
    T::Err: fmt::Display,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.parse().map_err(E::custom)
    }
}

/// Implements `Serialize` (through `Display`) and `Deserialize` (through `FromStr`)
/// for a type whose JSON form is a string.
macro_rules! string_serde {
    ($ty:ty, $expecting:literal) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_str($crate::wire::FromStrVisitor::<$ty>::new($expecting))
            }
        }
    };
}

pub(crate) use string_serde;
