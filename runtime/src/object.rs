//! JSON (de)serialization of the generated structs, polymorphic enums and
//! string enums, without serde's derives.
//!
//! A generated struct describes itself through [`Object`]: one `match` from a
//! property name to its field, and one list of its fields in declaration
//! order. The work is done here, once, behind trait objects, so that the
//! generated crate holds almost no code per type and builds quickly:
//!
//! * Every value a field holds implements [`Value`]: primitives, `Vec`, `Box`,
//!   [`Flags`](crate::Flags), and each generated struct, polymorphic enum and
//!   string enum (through [`object_serde!`](crate::object_serde),
//!   [`poly_serde!`](crate::poly_serde) and [`string_enum!`](crate::string_enum)).
//!   Reading goes through an `erased_serde` deserializer and a handful of
//!   visitors defined here (objects, arrays, strings, `null`), never through a
//!   visitor per type.
//! * An object's members stream into the fields through [`Slot`]s; members the
//!   struct does not know go to its map of additional properties, as received.
//! * A polymorphic enum picks its variant from `@odata.type`. When
//!   `@odata.type` comes first, as Graph sends it, nothing is buffered; members
//!   before it are kept as JSON values and replayed into the chosen type once
//!   it is known (or into the base type when it is absent).
//! * Serializing writes the present fields in declaration order, then the
//!   additional properties. `Debug` shows the present fields only.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserializer, Serialize, Serializer};
use serde_json::{Map, Value as Json};

use crate::{Flags, Nullable, StringEnum};

/// The members of a JSON object that the struct has no field for, and the
/// `@odata.*` annotations, kept as received.
pub type Extra = Map<String, Json>;

/// A value to serialize, type-erased.
pub use erased_serde::Serialize as Erased;

/// The type-erased deserializer values are read from.
pub type Reader<'a, 'de> = &'a mut dyn erased_serde::Deserializer<'de>;

/// The error of reading a value.
pub type Error = erased_serde::Error;

/// A value a field of a generated struct can hold.
pub trait Value: Sized {
    /// Reads one value (not `null`, unless the type itself accepts it).
    fn read(d: Reader<'_, '_>) -> Result<Self, Error>;
}

/// A generated struct, seen as its list of fields. Object safe, so that the
/// work is done once for every struct.
pub trait Object: 'static {
    /// The Rust name of the struct (for `Debug`).
    fn rust_name(&self) -> &'static str;
    /// The JSON names of the fields, in declaration order (the order of
    /// [`fields`](Self::fields)).
    fn names(&self) -> &'static [&'static str];
    /// Calls `f` with every field, in declaration order, and the additional properties.
    fn fields(&self, f: &mut Visit<'_>);
    /// Calls `f` with every field, in declaration order, and the additional
    /// properties, to fill.
    fn fields_mut(&mut self, f: &mut VisitMut<'_>);
}

/// What [`Object::fields`] calls: the fields and the additional properties.
pub type Visit<'a> = dyn FnMut(&[&dyn Slot], &Extra) + 'a;

/// What [`Object::fields_mut`] calls: the fields and the additional properties, to fill.
pub type VisitMut<'a> = dyn FnMut(&mut [&mut dyn Slot], &mut Extra) + 'a;

/// One field of a generated struct: `Option<T>` (absent or a value; `null`
/// reads as absent) or [`Nullable<T>`] (absent, `null` or a value).
pub trait Slot {
    /// Reads the field's value, replacing what was there.
    fn read(&mut self, d: Reader<'_, '_>) -> Result<(), Error>;
    /// Whether the field is written when serializing (absent fields are not).
    fn present(&self) -> bool;
    /// The value, to serialize.
    fn value(&self) -> &dyn erased_serde::Serialize;
    /// The value, to show.
    fn debug(&self) -> &dyn fmt::Debug;
}

impl<T: Value + Serialize + fmt::Debug> Slot for Option<T> {
    fn read(&mut self, d: Reader<'_, '_>) -> Result<(), Error> {
        let mut out = None;
        read_nullable(d, &mut |d| {
            out = Some(T::read(d)?);
            Ok(())
        })?;
        *self = out;
        Ok(())
    }
    fn present(&self) -> bool {
        self.is_some()
    }
    fn value(&self) -> &dyn erased_serde::Serialize {
        self
    }
    fn debug(&self) -> &dyn fmt::Debug {
        match self {
            Some(v) => v,
            None => &None::<()>,
        }
    }
}

impl<T: Value + Serialize + fmt::Debug> Slot for Nullable<T> {
    fn read(&mut self, d: Reader<'_, '_>) -> Result<(), Error> {
        let mut out = Nullable::Null;
        read_nullable(d, &mut |d| {
            out = Nullable::Value(T::read(d)?);
            Ok(())
        })?;
        *self = out;
        Ok(())
    }
    fn present(&self) -> bool {
        !self.is_absent()
    }
    fn value(&self) -> &dyn erased_serde::Serialize {
        self
    }
    fn debug(&self) -> &dyn fmt::Debug {
        self
    }
}

impl<T: Value> Value for Box<T> {
    fn read(d: Reader<'_, '_>) -> Result<Self, Error> {
        T::read(d).map(Box::new)
    }
}

impl<T: Value> Value for Vec<T> {
    fn read(d: Reader<'_, '_>) -> Result<Self, Error> {
        let mut out = Vec::new();
        read_seq(d, &mut |d| {
            out.push(T::read(d)?);
            Ok(())
        })?;
        Ok(out)
    }
}

impl Value for String {
    fn read(d: Reader<'_, '_>) -> Result<Self, Error> {
        d.deserialize_string(StringVisitor)
    }
}

impl<E: StringEnum> Value for Flags<E> {
    fn read(d: Reader<'_, '_>) -> Result<Self, Error> {
        erased_serde::deserialize(d)
    }
}

/// `Value` through the type's own `Deserialize` (a fixed set of leaf types).
macro_rules! leaf_values {
    ($($ty:ty),* $(,)?) => {
        $(impl Value for $ty {
            fn read(d: Reader<'_, '_>) -> Result<Self, Error> {
                erased_serde::deserialize(d)
            }
        })*
    };
}

leaf_values!(
    bool,
    u8,
    i8,
    i16,
    i32,
    i64,
    f64,
    Json,
    crate::Int64,
    crate::Single,
    crate::Double,
    crate::Decimal,
    crate::DateTimeOffset,
    crate::Date,
    crate::TimeOfDay,
    crate::Duration,
    crate::Guid,
    crate::Binary,
    crate::Geo,
);

/// Reads a struct's members into `object`.
pub fn read_object(d: Reader<'_, '_>, object: &mut dyn Object) -> Result<(), Error> {
    let names = object.names();
    let rust_name = object.rust_name();
    let mut result = Ok(());
    object.fields_mut(&mut |slots, extra| {
        let fields = Fields {
            names,
            slots,
            extra,
            next: 0,
        };
        result = (&mut *d).deserialize_map(ObjectVisitor { fields, rust_name });
    });
    result
}

/// Reads a polymorphic value: `pick` chooses the variant from `@odata.type`.
pub fn read_poly(d: Reader<'_, '_>, pick: &mut dyn Pick) -> Result<(), Error> {
    d.deserialize_map(PolyVisitor(pick))
}

/// Reads a string and hands it to `f` (borrowed from the input when it can be).
pub fn read_str(d: Reader<'_, '_>, f: &mut dyn FnMut(&str)) -> Result<(), Error> {
    d.deserialize_str(StrVisitor(f))
}

/// Reads `null` (nothing happens) or a value (`some` reads it).
pub fn read_nullable(
    d: Reader<'_, '_>,
    some: &mut dyn FnMut(Reader<'_, '_>) -> Result<(), Error>,
) -> Result<(), Error> {
    d.deserialize_option(OptionVisitor(some))
}

/// Reads an array, each element through `each`.
pub fn read_seq(
    d: Reader<'_, '_>,
    each: &mut dyn FnMut(Reader<'_, '_>) -> Result<(), Error>,
) -> Result<(), Error> {
    d.deserialize_seq(SeqVisitor(each))
}

/// Deserializes any [`Value`] (for the generated `Deserialize` impls).
pub fn deserialize<'de, T: Value, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    let mut erased = <dyn erased_serde::Deserializer<'de>>::erase(d);
    T::read(&mut erased).map_err(de::Error::custom)
}

/// Serializes `object` as a JSON object: its present fields in declaration
/// order, then its additional properties.
pub fn serialize<S: Serializer>(object: &dyn Object, s: S) -> Result<S::Ok, S::Error> {
    let names = object.names();
    let mut map = s.serialize_map(None)?;
    let mut result = Ok(());
    object.fields(&mut |slots, extra| {
        result = (|| {
            for (name, slot) in names.iter().zip(slots) {
                if slot.present() {
                    map.serialize_entry(name, slot.value())?;
                }
            }
            for (k, v) in extra {
                map.serialize_entry(k, v)?;
            }
            Ok(())
        })();
    });
    result?;
    map.end()
}

/// The parameters of an action: the body of its POST request.
pub trait Params {
    /// Calls `v` with the JSON name and value of every parameter that is set,
    /// in declaration order.
    fn each(&self, v: &mut dyn FnMut(&'static str, &dyn Erased));
}

/// Serializes `params` as a JSON object (for a generated `Serialize` impl).
pub fn serialize_params<S: Serializer>(params: &dyn Params, s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(None)?;
    let mut result = Ok(());
    params.each(&mut |name, value| {
        if result.is_ok() {
            result = map.serialize_entry(name, value);
        }
    });
    result?;
    map.end()
}

/// Shows the present fields of `object`, then its additional properties if any.
pub fn debug(object: &dyn Object, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let names = object.names();
    let mut s = f.debug_struct(object.rust_name());
    object.fields(&mut |slots, extra| {
        for (name, slot) in names.iter().zip(slots) {
            if slot.present() {
                s.field(name, slot.debug());
            }
        }
        if !extra.is_empty() {
            s.field("additional_properties", extra);
        }
    });
    s.finish()
}

/// A polymorphic `Any*` enum: a struct type and the types derived from it,
/// told apart by `@odata.type`.
pub trait Poly: Default + 'static {
    /// A default value of the variant for the qualified type name `name`
    /// (without `#`), or `None` for a name this enum does not know.
    fn of_type(name: &str) -> Option<Self>;
    /// The variant's struct.
    fn object(&self) -> &dyn Object;
    /// The variant's struct, to fill.
    fn object_mut(&mut self) -> &mut dyn Object;
}

/// The variant of a polymorphic enum being read, chosen once its type is known.
pub trait Pick {
    /// Chooses the variant for the qualified type `name` (`None`: the base
    /// type) and gives its struct to fill.
    fn pick(&mut self, name: Option<&str>) -> &mut dyn Object;
}

impl<T: Poly> Pick for Option<T> {
    fn pick(&mut self, name: Option<&str>) -> &mut dyn Object {
        let v = name.and_then(T::of_type).unwrap_or_default();
        self.insert(v).object_mut()
    }
}

/// Reads a polymorphic enum.
pub fn read_any<T: Poly>(d: Reader<'_, '_>) -> Result<T, Error> {
    let mut out = None::<T>;
    read_poly(d, &mut out)?;
    Ok(out.unwrap_or_default())
}

/// Reads a generated struct.
pub fn read_struct<T: Object + Default>(d: Reader<'_, '_>) -> Result<T, Error> {
    let mut out = T::default();
    read_object(d, &mut out)?;
    Ok(out)
}

/// Reads a string enum member.
pub fn read_enum<E: StringEnum>(d: Reader<'_, '_>) -> Result<E, Error> {
    let mut out = None;
    read_str(d, &mut |s| out = Some(E::from_wire(s)))?;
    out.ok_or_else(|| de::Error::custom("an enum member name"))
}

/// A JSON object key, borrowed from the input when it can be.
struct Key<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v)))
    }
}

struct StringVisitor;

impl Visitor<'_> for StringVisitor {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
}

struct StrVisitor<'a>(&'a mut dyn FnMut(&str));

impl Visitor<'_> for StrVisitor<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        (self.0)(v);
        Ok(())
    }
}

/// Runs a reader on one value of the input.
struct FnSeed<'a>(&'a mut dyn FnMut(Reader<'_, '_>) -> Result<(), Error>);

impl<'de> DeserializeSeed<'de> for FnSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let mut erased = <dyn erased_serde::Deserializer<'de>>::erase(d);
        (self.0)(&mut erased).map_err(de::Error::custom)
    }
}

struct OptionVisitor<'a>(&'a mut dyn FnMut(Reader<'_, '_>) -> Result<(), Error>);

impl<'de> Visitor<'de> for OptionVisitor<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        FnSeed(self.0).deserialize(d)
    }
}

struct SeqVisitor<'a>(&'a mut dyn FnMut(Reader<'_, '_>) -> Result<(), Error>);

impl<'de> Visitor<'de> for SeqVisitor<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(FnSeed(&mut *self.0))?.is_some() {}
        Ok(())
    }
}

/// Reads one member's value into a field.
struct SlotSeed<'a>(&'a mut dyn Slot);

impl<'de> DeserializeSeed<'de> for SlotSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let mut erased = <dyn erased_serde::Deserializer<'de>>::erase(d);
        self.0.read(&mut erased).map_err(de::Error::custom)
    }
}

/// The fields of a struct being filled.
struct Fields<'a, 'b> {
    names: &'static [&'static str],
    slots: &'a mut [&'b mut dyn Slot],
    extra: &'a mut Extra,
    /// Where the next member is looked for first: members usually arrive
    /// in declaration order.
    next: usize,
}

impl Fields<'_, '_> {
    /// The field of the member `key`.
    fn find(&mut self, key: &str) -> Option<usize> {
        let i = if self.names.get(self.next).is_some_and(|n| *n == key) {
            self.next
        } else {
            self.names.iter().position(|n| *n == key)?
        };
        self.next = i + 1;
        Some(i)
    }

    /// Reads one member: into its field, or into the additional properties.
    fn member<'de, A: MapAccess<'de>>(
        &mut self,
        key: Cow<'de, str>,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match self.find(&key).and_then(|i| self.slots.get_mut(i)) {
            Some(slot) => map.next_value_seed(SlotSeed(&mut **slot)),
            None => {
                let value: Json = map.next_value()?;
                self.extra.insert(key.into_owned(), value);
                Ok(())
            }
        }
    }

    /// Reads members kept as JSON values.
    fn replay(&mut self, members: Vec<(String, Json)>) -> Result<(), Error> {
        for (key, value) in members {
            match self.find(&key).and_then(|i| self.slots.get_mut(i)) {
                Some(slot) => {
                    let mut erased = <dyn erased_serde::Deserializer>::erase(value);
                    slot.read(&mut erased)?;
                }
                None => {
                    self.extra.insert(key, value);
                }
            }
        }
        Ok(())
    }
}

/// Fills a struct from the members of a JSON object.
struct ObjectVisitor<'a, 'b> {
    fields: Fields<'a, 'b>,
    rust_name: &'static str,
}

impl<'de> Visitor<'de> for ObjectVisitor<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a JSON object for {}", self.rust_name)
    }
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        while let Some(Key(key)) = map.next_key()? {
            self.fields.member(key, &mut map)?;
        }
        Ok(())
    }
}

/// Chooses and fills the variant of a polymorphic enum.
struct PolyVisitor<'a>(&'a mut dyn Pick);

impl<'de> Visitor<'de> for PolyVisitor<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        // Members seen before `@odata.type`, kept until the type is known.
        let mut early: Vec<(String, Json)> = Vec::new();
        while let Some(Key(key)) = map.next_key()? {
            if key != "@odata.type" {
                early.push((key.into_owned(), map.next_value()?));
                continue;
            }
            let value: Json = map.next_value()?;
            let name = value.as_str().map(|n| n.strip_prefix('#').unwrap_or(n));
            let object = self.0.pick(name);
            let names = object.names();
            let mut result = Ok(());
            object.fields_mut(&mut |slots, extra| {
                let mut fields = Fields {
                    names,
                    slots,
                    extra,
                    next: 0,
                };
                result = (|| {
                    fields
                        .replay(std::mem::take(&mut early))
                        .map_err(de::Error::custom)?;
                    fields.extra.insert(key.clone().into_owned(), value.clone());
                    while let Some(Key(key)) = map.next_key()? {
                        fields.member(key, &mut map)?;
                    }
                    Ok(())
                })();
            });
            return result;
        }
        let object = self.0.pick(None);
        let names = object.names();
        let mut result = Ok(());
        object.fields_mut(&mut |slots, extra| {
            let mut fields = Fields {
                names,
                slots,
                extra,
                next: 0,
            };
            result = fields
                .replay(std::mem::take(&mut early))
                .map_err(de::Error::custom);
        });
        result
    }
}

/// `Value`, `Serialize`, `Deserialize` and `Debug` for a generated struct
/// that implements [`Object`] (and `Default`).
#[macro_export]
macro_rules! object_serde {
    ($ty:ty) => {
        impl $crate::object::Value for $ty {
            #[inline]
            fn read(
                d: $crate::object::Reader<'_, '_>,
            ) -> ::core::result::Result<Self, $crate::object::Error> {
                $crate::object::read_struct(d)
            }
        }
        impl $crate::serde::Serialize for $ty {
            #[inline]
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::object::serialize(self, s)
            }
        }
        impl<'de> $crate::serde::Deserialize<'de> for $ty {
            #[inline]
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::object::deserialize(d)
            }
        }
        impl ::core::fmt::Debug for $ty {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::object::debug(self, f)
            }
        }
    };
}

/// The [`Object`] impl of a generated struct, and its `Value`, `Serialize`,
/// `Deserialize` and `Debug` impls: `object!(User, FIELDS, [id, display_name])`
/// where `FIELDS` holds the JSON names of the fields in the same order, and
/// the struct's map of additional properties is `additional_properties`.
#[macro_export]
macro_rules! object {
    ($ty:ident, $names:expr, [$($(#[$attr:meta])* $field:ident),* $(,)?]) => {
        impl $crate::object::Object for $ty {
            #[inline]
            fn rust_name(&self) -> &'static str {
                ::core::stringify!($ty)
            }
            #[inline]
            fn names(&self) -> &'static [&'static str] {
                $names
            }
            #[inline]
            fn fields(&self, f: &mut $crate::object::Visit<'_>) {
                f(&[$($(#[$attr])* &self.$field),*], &self.additional_properties)
            }
            #[inline]
            fn fields_mut(&mut self, f: &mut $crate::object::VisitMut<'_>) {
                f(&mut [$($(#[$attr])* &mut self.$field),*], &mut self.additional_properties)
            }
        }
        $crate::object_serde!($ty);
    };
}

/// The `Default` and [`Poly`] impls of a generated polymorphic enum, and its
/// `Value`, `Serialize`, `Deserialize` and `Debug` impls:
/// `poly!(AnyUser, User, ["microsoft.graph.guestUser" => GuestUser])` for the
/// base variant and each derived type's variant (boxed structs).
#[macro_export]
macro_rules! poly {
    ($ty:ident, $base:ident, [$($(#[$attr:meta])* $name:literal => $variant:ident),* $(,)?]) => {
        impl ::core::default::Default for $ty {
            #[inline]
            fn default() -> Self {
                Self::$base(::core::default::Default::default())
            }
        }
        impl $crate::object::Poly for $ty {
            #[inline]
            fn of_type(name: &str) -> ::core::option::Option<Self> {
                ::core::option::Option::Some(match name {
                    $($(#[$attr])* $name => Self::$variant(::core::default::Default::default()),)*
                    _ => return ::core::option::Option::None,
                })
            }
            #[inline]
            fn object(&self) -> &dyn $crate::object::Object {
                match self {
                    Self::$base(v) => &**v,
                    $($(#[$attr])* Self::$variant(v) => &**v,)*
                }
            }
            #[inline]
            fn object_mut(&mut self) -> &mut dyn $crate::object::Object {
                match self {
                    Self::$base(v) => &mut **v,
                    $($(#[$attr])* Self::$variant(v) => &mut **v,)*
                }
            }
        }
        $crate::poly_serde!($ty);
    };
}

/// `Serialize` for the body of an action that implements [`Params`].
#[macro_export]
macro_rules! params_serde {
    ($ty:ty) => {
        impl $crate::serde::Serialize for $ty {
            #[inline]
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::object::serialize_params(self, s)
            }
        }
    };
}

/// `Value`, `Serialize`, `Deserialize` and `Debug` for a generated
/// polymorphic enum that implements [`Poly`].
#[macro_export]
macro_rules! poly_serde {
    ($ty:ty) => {
        impl $crate::object::Value for $ty {
            #[inline]
            fn read(
                d: $crate::object::Reader<'_, '_>,
            ) -> ::core::result::Result<Self, $crate::object::Error> {
                $crate::object::read_any(d)
            }
        }
        impl $crate::serde::Serialize for $ty {
            #[inline]
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::object::serialize($crate::object::Poly::object(self), s)
            }
        }
        impl<'de> $crate::serde::Deserialize<'de> for $ty {
            #[inline]
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::object::deserialize(d)
            }
        }
        impl ::core::fmt::Debug for $ty {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::object::debug($crate::object::Poly::object(self), f)
            }
        }
    };
}

/// The impls of a generated string enum: its members' wire names
/// (`as_str`, `FromStr`, `Display`), [`StringEnum`], [`Value`], `Serialize`
/// and `Deserialize`. The enum has a catch-all `Unrecognized(String)` variant
/// that keeps members this version of the crate does not know.
#[macro_export]
macro_rules! string_enum {
    ($ty:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
        impl $ty {
            /// Every member this version of the crate knows, as sent on the wire.
            pub const VALUES: &'static [&'static str] = &[$($wire),*];
            /// The member as sent on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unrecognized(other) => other,
                }
            }
            /// Every member this version of the crate knows.
            #[inline]
            pub fn values() -> &'static [&'static str] {
                Self::VALUES
            }
        }
        impl ::core::str::FromStr for $ty {
            type Err = ::core::convert::Infallible;
            #[inline]
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(match s {
                    $($wire => Self::$variant,)*
                    other => Self::Unrecognized(::std::borrow::ToOwned::to_owned(other)),
                })
            }
        }
        impl ::core::fmt::Display for $ty {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl $crate::StringEnum for $ty {
            #[inline]
            fn as_str(&self) -> &str {
                $ty::as_str(self)
            }
            #[inline]
            fn from_wire(s: &str) -> Self {
                match <Self as ::core::str::FromStr>::from_str(s) {
                    ::core::result::Result::Ok(v) => v,
                    ::core::result::Result::Err(never) => match never {},
                }
            }
            #[inline]
            fn values() -> &'static [&'static str] {
                Self::VALUES
            }
        }
        impl $crate::object::Value for $ty {
            #[inline]
            fn read(d: $crate::object::Reader<'_, '_>) -> ::core::result::Result<Self, $crate::object::Error> {
                $crate::object::read_enum(d)
            }
        }
        impl $crate::serde::Serialize for $ty {
            #[inline]
            fn serialize<S: $crate::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> $crate::serde::Deserialize<'de> for $ty {
            #[inline]
            fn deserialize<D: $crate::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                $crate::object::deserialize(d)
            }
        }
    };
}
