//! JSON (de)serialization of the generated structs, polymorphic enums and
//! string enums, without serde's derives and without a serde visitor per type.
//!
//! A generated struct describes itself through [`Object`]: the JSON names of
//! its fields, and its fields as [`Slot`]s, in declaration order. The work is
//! done here, once, so that the generated crate holds almost no code per type
//! and builds quickly:
//!
//! * **Reading** is [`json`]: a pull parser reads JSON text straight into the
//!   fields (members the struct does not know go to its map of additional
//!   properties, as received), and a polymorphic `Any*` enum picks its variant
//!   from `@odata.type`. The client reads response bodies this way. The serde
//!   `Deserialize` impls (for `serde_json::from_str` and friends) read a
//!   `serde_json::Value` first and hand its text to the same reader, so both
//!   give the same values.
//! * **Writing** goes through serde: every value a field holds shows itself as
//!   a [`Ref`] (a string, a number, an object, an array, ...), which
//!   [`serialize`] writes to any `Serializer`, generic only over the
//!   serializer, never over the struct. The present fields are written in
//!   declaration order, then the additional properties.
//! * `Debug` shows the present fields only.
//!
//! Nesting is bounded on both sides ([`json::MAX_DEPTH`], [`MAX_DEPTH`]), so
//! that no input and no value can exhaust the stack.

use std::cell::Cell;
use std::fmt;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value as Json};

use crate::{Flags, Nullable, StringEnum};

pub mod json;

/// The members of a JSON object that the struct has no field for, and the
/// `@odata.*` annotations, kept as received.
pub type Extra = Map<String, Json>;

/// One page of a collection, as the client's fast path reads it.
pub(crate) use crate::client::Page;

/// How deep values may nest when they are serialized before it fails with an
/// error (a value read by this crate is never deeper than [`json::MAX_DEPTH`]).
pub const MAX_DEPTH: usize = 128;

/// A value a field of a generated struct can hold: primitives, `Vec`, `Box`,
/// [`Flags`], and each generated struct, polymorphic enum and string enum.
/// Read from JSON text ([`json::ReadJson`]); written through what it shows
/// itself as ([`Ref`]).
pub trait Value: json::ReadJson + Sized {
    /// The value, to write.
    fn to_ref(&self) -> Ref<'_>;
}

/// What a value is, for writing it to a serializer.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub enum Ref<'a> {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string.
    Str(&'a str),
    /// A value written as a string through its `Display` (dates, times,
    /// GUIDs, binaries, flags).
    Text(&'a dyn fmt::Display),
    /// An `Edm.Single`, which may be a number or a special string.
    Single(&'a crate::Single),
    /// An `Edm.Double`, likewise.
    Double(&'a crate::Double),
    /// An `Edm.Decimal`, a number or a string as it was received.
    Decimal(&'a crate::Decimal),
    /// A GeoJSON value.
    Geo(&'a crate::Geo),
    /// Any JSON.
    Json(&'a Json),
    /// An array.
    Seq(&'a dyn Items),
    /// A generated struct (for a polymorphic enum, its variant's).
    Object(&'a dyn Object),
}

/// The items of an array, for writing them.
pub trait Items {
    /// How many.
    fn count(&self) -> usize;
    /// Item `i`, or `null` past the end.
    fn item(&self, i: usize) -> Ref<'_>;
}

impl<T: Value> Items for Vec<T> {
    fn count(&self) -> usize {
        self.len()
    }
    fn item(&self, i: usize) -> Ref<'_> {
        self.get(i).map_or(Ref::Null, Value::to_ref)
    }
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
    /// Reads the field's value from JSON text, replacing what was there.
    fn read_json(&mut self, r: &mut json::Reader<'_>) -> Result<(), json::JsonError>;
    /// The value to write, or `None` when the field is absent (and not written).
    fn get(&self) -> Option<Ref<'_>>;
    /// The value, to show.
    fn debug(&self) -> &dyn fmt::Debug;
}

impl<T: Value + fmt::Debug> Slot for Option<T> {
    fn read_json(&mut self, r: &mut json::Reader<'_>) -> Result<(), json::JsonError> {
        *self = json::read_option(r)?;
        Ok(())
    }
    fn get(&self) -> Option<Ref<'_>> {
        self.as_ref().map(Value::to_ref)
    }
    fn debug(&self) -> &dyn fmt::Debug {
        match self {
            Some(v) => v,
            None => &None::<()>,
        }
    }
}

impl<T: Value + fmt::Debug> Slot for Nullable<T> {
    fn read_json(&mut self, r: &mut json::Reader<'_>) -> Result<(), json::JsonError> {
        *self = json::read_nullable(r)?;
        Ok(())
    }
    fn get(&self) -> Option<Ref<'_>> {
        match self {
            Nullable::Absent => None,
            Nullable::Null => Some(Ref::Null),
            Nullable::Value(v) => Some(v.to_ref()),
        }
    }
    fn debug(&self) -> &dyn fmt::Debug {
        self
    }
}

impl<T: Value> Value for Box<T> {
    fn to_ref(&self) -> Ref<'_> {
        (**self).to_ref()
    }
}

impl<T: Value> Value for Vec<T> {
    fn to_ref(&self) -> Ref<'_> {
        Ref::Seq(self)
    }
}

impl Value for String {
    fn to_ref(&self) -> Ref<'_> {
        Ref::Str(self)
    }
}

impl Value for bool {
    fn to_ref(&self) -> Ref<'_> {
        Ref::Bool(*self)
    }
}

macro_rules! int_values {
    ($($ty:ty),*) => {
        $(impl Value for $ty {
            fn to_ref(&self) -> Ref<'_> {
                Ref::Int(i64::from(*self))
            }
        })*
    };
}

int_values!(u8, i8, i16, i32, i64);

impl Value for f64 {
    fn to_ref(&self) -> Ref<'_> {
        Ref::Float(*self)
    }
}

impl Value for crate::Int64 {
    fn to_ref(&self) -> Ref<'_> {
        Ref::Int(self.0)
    }
}

impl Value for crate::Single {
    fn to_ref(&self) -> Ref<'_> {
        Ref::Single(self)
    }
}

impl Value for crate::Double {
    fn to_ref(&self) -> Ref<'_> {
        Ref::Double(self)
    }
}

impl Value for crate::Decimal {
    fn to_ref(&self) -> Ref<'_> {
        Ref::Decimal(self)
    }
}

impl Value for crate::Geo {
    fn to_ref(&self) -> Ref<'_> {
        Ref::Geo(self)
    }
}

impl Value for Json {
    fn to_ref(&self) -> Ref<'_> {
        Ref::Json(self)
    }
}

impl<E: StringEnum> Value for Flags<E> {
    fn to_ref(&self) -> Ref<'_> {
        Ref::Text(self)
    }
}

/// Types written as strings through their `Display`.
macro_rules! text_values {
    ($($ty:ty),*) => {
        $(impl Value for $ty {
            fn to_ref(&self) -> Ref<'_> {
                Ref::Text(self)
            }
        })*
    };
}

text_values!(
    crate::DateTimeOffset,
    crate::Date,
    crate::TimeOfDay,
    crate::Duration,
    crate::Guid,
    crate::Binary
);

std::thread_local! {
    /// How deep the serialization on this thread is.
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// One level deeper for as long as it lives.
struct Deeper;

impl Deeper {
    fn enter<E: serde::ser::Error>() -> Result<Deeper, E> {
        let depth = DEPTH.with(|d| {
            let v = d.get() + 1;
            d.set(v);
            v
        });
        let guard = Deeper;
        if depth > MAX_DEPTH {
            return Err(E::custom(format_args!(
                "the value nests deeper than {MAX_DEPTH} levels"
            )));
        }
        Ok(guard)
    }
}

impl Drop for Deeper {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// A [`Ref`] to serialize.
struct Write<'a>(Ref<'a>);

impl Serialize for Write<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Ref::Null => s.serialize_none(),
            Ref::Bool(b) => s.serialize_bool(b),
            Ref::Int(i) => s.serialize_i64(i),
            Ref::Float(f) => s.serialize_f64(f),
            Ref::Str(v) => s.serialize_str(v),
            Ref::Text(d) => s.collect_str(d),
            Ref::Single(v) => v.serialize(s),
            Ref::Double(v) => v.serialize(s),
            Ref::Decimal(v) => v.serialize(s),
            Ref::Geo(v) => v.serialize(s),
            Ref::Json(v) => v.serialize(s),
            Ref::Seq(items) => {
                let _deeper = Deeper::enter::<S::Error>()?;
                let n = items.count();
                let mut seq = s.serialize_seq(Some(n))?;
                for i in 0..n {
                    seq.serialize_element(&Write(items.item(i)))?;
                }
                seq.end()
            }
            Ref::Object(o) => serialize(o, s),
        }
    }
}

/// Serializes `object` as a JSON object: its present fields in declaration
/// order, then its additional properties.
pub fn serialize<S: Serializer>(object: &dyn Object, s: S) -> Result<S::Ok, S::Error> {
    let _deeper = Deeper::enter::<S::Error>()?;
    let names = object.names();
    let mut map = s.serialize_map(None)?;
    let mut result = Ok(());
    object.fields(&mut |slots, extra| {
        result = (|| {
            for (name, slot) in names.iter().zip(slots) {
                if let Some(value) = slot.get() {
                    map.serialize_entry(name, &Write(value))?;
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

/// Deserializes any [`Value`] (for the generated `Deserialize` impls): the
/// input as a `serde_json::Value`, whose text [`json`] reads, so that
/// `serde_json::from_str` and the client give the same values.
pub fn deserialize<'de, T: Value, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    let tree = Json::deserialize(d)?;
    let text = serde_json::to_vec(&tree).map_err(serde::de::Error::custom)?;
    json::from_slice(&text).map_err(|e| serde::de::Error::custom(e.message))
}

/// The parameters of an action: the body of its POST request.
pub trait Params {
    /// Calls `v` with the JSON name and value of every parameter that is set,
    /// in declaration order.
    fn each(&self, v: &mut dyn FnMut(&'static str, Ref<'_>));
}

/// Serializes `params` as a JSON object (for a generated `Serialize` impl).
pub fn serialize_params<S: Serializer>(params: &dyn Params, s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(None)?;
    let mut result = Ok(());
    params.each(&mut |name, value| {
        if result.is_ok() {
            result = map.serialize_entry(name, &Write(value));
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
            if slot.get().is_some() {
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
    /// Whether a name is one of the enum's derived types.
    fn known(&self) -> fn(&str) -> bool;
}

impl<T: Poly> Pick for Option<T> {
    fn pick(&mut self, name: Option<&str>) -> &mut dyn Object {
        let v = name.and_then(T::of_type).unwrap_or_default();
        self.insert(v).object_mut()
    }
    fn known(&self) -> fn(&str) -> bool {
        |name| T::of_type(name).is_some()
    }
}

/// `Serialize` (through [`serialize`]), `Deserialize` and `Debug` (through
/// [`debug`]) for a generated type, given how to see it as an [`Object`]:
/// what [`object_serde!`] and [`poly_serde!`] share.
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_debug_via {
    ($ty:ty, |$this:ident| $object:expr) => {
        impl $crate::serde::Serialize for $ty {
            #[inline]
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                let $this = self;
                $crate::object::serialize($object, s)
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
                let $this = self;
                $crate::object::debug($object, f)
            }
        }
    };
}

/// `Value`, `Serialize`, `Deserialize` and `Debug` for a generated struct
/// that implements [`Object`] (and `Default`).
#[macro_export]
macro_rules! object_serde {
    ($ty:ty) => {
        impl $crate::object::Value for $ty {
            #[inline]
            fn to_ref(&self) -> $crate::object::Ref<'_> {
                $crate::object::Ref::Object(self)
            }
        }
        impl $crate::object::json::ReadJson for $ty {
            #[inline]
            fn read_json(
                r: &mut $crate::object::json::Reader<'_>,
            ) -> ::core::result::Result<Self, $crate::object::json::JsonError> {
                $crate::object::json::read_struct(r)
            }
            #[inline]
            fn read_json_boxed(
                r: &mut $crate::object::json::Reader<'_>,
            ) -> ::core::result::Result<::std::boxed::Box<Self>, $crate::object::json::JsonError>
            {
                $crate::object::json::read_struct_boxed(r)
            }
        }
        $crate::__serde_debug_via!($ty, |this| this);
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
            fn to_ref(&self) -> $crate::object::Ref<'_> {
                $crate::object::Ref::Object($crate::object::Poly::object(self))
            }
        }
        impl $crate::object::json::ReadJson for $ty {
            #[inline]
            fn read_json(
                r: &mut $crate::object::json::Reader<'_>,
            ) -> ::core::result::Result<Self, $crate::object::json::JsonError> {
                $crate::object::json::read_any(r)
            }
        }
        $crate::__serde_debug_via!($ty, |this| $crate::object::Poly::object(this));
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
            fn to_ref(&self) -> $crate::object::Ref<'_> {
                $crate::object::Ref::Str(self.as_str())
            }
        }
        impl $crate::object::json::ReadJson for $ty {
            #[inline]
            fn read_json(r: &mut $crate::object::json::Reader<'_>) -> ::core::result::Result<Self, $crate::object::json::JsonError> {
                $crate::object::json::read_enum(r)
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
