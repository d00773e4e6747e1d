//! `StringEnum` and the serde helpers generated enums delegate to.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};

/// An OData enum type whose members travel as their names.
///
/// Generated enums implement this and keep an `Unknown(String)` catch-all variant, so
/// [`from_wire`](Self::from_wire) never fails and unknown members survive a round trip.
pub trait StringEnum: Sized + 'static {
    /// The member's name on the wire.
    fn as_str(&self) -> &str;

    /// The member named `s`, or the catch-all variant holding `s`.
    fn from_wire(s: &str) -> Self;

    /// The names of every known member, in declaration order.
    fn values() -> &'static [&'static str];
}

/// Serializes `e` as its wire name (for a generated `Serialize` impl).
pub fn serialize<E: StringEnum, S: Serializer>(e: &E, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(e.as_str())
}

/// Deserializes a member from its wire name (for a generated `Deserialize` impl).
pub fn deserialize<'de, E: StringEnum, D: Deserializer<'de>>(d: D) -> Result<E, D::Error> {
    d.deserialize_str(EnumVisitor(PhantomData))
}

/// Accepts a string and maps it with `E::from_wire`.
struct EnumVisitor<E>(PhantomData<fn() -> E>);

impl<E: StringEnum> Visitor<'_> for EnumVisitor<E> {
    type Value = E;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an enum member name as a string")
    }

    fn visit_str<Er: de::Error>(self, v: &str) -> Result<E, Er> {
        Ok(E::from_wire(v))
    }

    fn visit_borrowed_str<Er: de::Error>(self, v: &str) -> Result<E, Er> {
        Ok(E::from_wire(v))
    }

    fn visit_string<Er: de::Error>(self, v: String) -> Result<E, Er> {
        Ok(E::from_wire(&v))
    }
}
