//! `Flags<E>`: a set of members of an `IsFlags="true"` enum.

use std::convert::Infallible;
use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::StringEnum;

/// The members of a flags enum that are set, in wire order.
///
/// On the wire this is one comma-separated string such as `"read,write"` (spaces after
/// the commas are tolerated; the empty string means no flags). Unknown names are kept
/// through `E::from_wire`, so they survive a round trip. A JSON array of names is
/// accepted on input as well.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Flags<E>(pub Vec<E>);

impl<E> Flags<E> {
    /// Flags holding `members`.
    pub fn new(members: Vec<E>) -> Self {
        Flags(members)
    }

    /// Whether `member` is set.
    pub fn contains(&self, member: &E) -> bool
    where
        E: PartialEq,
    {
        self.0.contains(member)
    }

    /// The members that are set.
    pub fn iter(&self) -> std::slice::Iter<'_, E> {
        self.0.iter()
    }

    /// How many members are set.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no member is set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<E> Default for Flags<E> {
    /// No flags set.
    fn default() -> Self {
        Flags(Vec::new())
    }
}

impl<E> From<Vec<E>> for Flags<E> {
    fn from(members: Vec<E>) -> Self {
        Flags(members)
    }
}

impl<E> FromIterator<E> for Flags<E> {
    fn from_iter<I: IntoIterator<Item = E>>(iter: I) -> Self {
        Flags(iter.into_iter().collect())
    }
}

impl<'a, E> IntoIterator for &'a Flags<E> {
    type Item = &'a E;
    type IntoIter = std::slice::Iter<'a, E>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<E> IntoIterator for Flags<E> {
    type Item = E;
    type IntoIter = std::vec::IntoIter<E>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<E: StringEnum> fmt::Display for Flags<E> {
    /// Writes the wire form: member names joined with `,`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, member) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(member.as_str())?;
        }
        Ok(())
    }
}

impl<E: StringEnum> FromStr for Flags<E> {
    type Err = Infallible;

    /// Splits on `,`, trims each name and skips empty ones; never fails.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(s.split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(E::from_wire)
            .collect())
    }
}

impl<E: StringEnum> Serialize for Flags<E> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Accepts a comma-separated string (or an array of names).
struct FlagsVisitor<E>(PhantomData<fn() -> E>);

impl<'de, E: StringEnum> Visitor<'de> for FlagsVisitor<E> {
    type Value = Flags<E>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a comma-separated string of flag names")
    }

    fn visit_str<Er: de::Error>(self, v: &str) -> Result<Flags<E>, Er> {
        match v.parse() {
            Ok(flags) => Ok(flags),
            Err(never) => match never {},
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Flags<E>, A::Error> {
        let mut members = Vec::new();
        while let Some(name) = seq.next_element::<String>()? {
            members.push(E::from_wire(name.trim()));
        }
        Ok(Flags(members))
    }
}

impl<'de, E: StringEnum> Deserialize<'de> for Flags<E> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FlagsVisitor(PhantomData))
    }
}
