//! The client's fast path: response bodies read straight into the generated
//! types with a pull parser (jiter), without serde's visitors and without
//! building a `serde_json::Value` tree.
//!
//! `serde_json::from_slice::<T>` still works for every generated type (the
//! `Deserialize` impls in the parent module); this path is what the client's
//! decoders use, and gives the same values: the tests read the same bodies
//! both ways. Members a struct does not know, and values of rare leaf types
//! (GeoJSON, arbitrary JSON), are cut out of the input as raw text and read by
//! serde_json, so they keep serde_json's exact semantics.

use std::fmt;

use jiter::{Jiter, JiterError, NumberInt, Peek};
use serde_json::Value as Json;

use super::{Object, Pick, Poly, Slot, Value};
use crate::{Flags, Nullable, StringEnum};

/// How deep objects and arrays may nest before the reader gives up: 127
/// levels, as serde_json's own limit, so that hostile input cannot exhaust
/// the stack and both readers accept the same texts.
pub const MAX_DEPTH: usize = 127;

/// A failure to read a body: what was expected, and where (byte offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// What went wrong.
    pub message: String,
    /// Byte offset in the body.
    pub index: usize,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.message, self.index)
    }
}

impl std::error::Error for JsonError {}

/// The reader: the parser and how deep it is.
pub struct Reader<'j> {
    data: &'j [u8],
    jiter: Jiter<'j>,
    depth: usize,
    /// Added to offsets, for readers over a part of a body.
    base: usize,
}

impl<'j> Reader<'j> {
    /// A reader over a whole JSON text.
    pub fn new(data: &'j [u8]) -> Self {
        Reader {
            data,
            jiter: Jiter::new(data),
            depth: 0,
            base: 0,
        }
    }

    /// A reader over `data`, a part of a body at `base`, already `depth` deep.
    fn part(data: &'j [u8], base: usize, depth: usize) -> Self {
        Reader {
            data,
            jiter: Jiter::new(data),
            depth,
            base,
        }
    }

    /// Fails unless only white space is left.
    pub fn finish(&mut self) -> Result<(), JsonError> {
        let r = self.jiter.finish();
        self.check(r)
    }

    /// The error of `e`, with the offset in the whole body.
    fn error(&self, e: JiterError) -> JsonError {
        JsonError {
            message: e.error_type.to_string(),
            index: self.base + e.index,
        }
    }

    /// An error at the current position.
    pub fn fail(&self, message: impl Into<String>) -> JsonError {
        JsonError {
            message: message.into(),
            index: self.base + self.jiter.current_index(),
        }
    }

    fn check<T>(&self, r: Result<T, JiterError>) -> Result<T, JsonError> {
        r.map_err(|e| self.error(e))
    }

    /// What the next value is.
    pub fn peek(&mut self) -> Result<Peek, JsonError> {
        let r = self.jiter.peek();
        self.check(r)
    }

    /// Reads `null` (`true`) or leaves any other value to read (`false`).
    pub fn null(&mut self) -> Result<bool, JsonError> {
        if self.peek()? == Peek::Null {
            let r = self.jiter.known_null();
            self.check(r)?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// Reads a string.
    pub fn str(&mut self) -> Result<&str, JsonError> {
        match self.jiter.next_str() {
            Ok(s) => Ok(s),
            Err(e) => Err(JsonError {
                message: e.error_type.to_string(),
                index: self.base + e.index,
            }),
        }
    }

    /// Reads a boolean.
    pub fn bool(&mut self) -> Result<bool, JsonError> {
        let r = self.jiter.next_bool();
        self.check(r)
    }

    /// Reads an integer that fits an `i64`.
    pub fn int(&mut self) -> Result<i64, JsonError> {
        match self.jiter.next_int() {
            Ok(NumberInt::Int(i)) => Ok(i),
            #[allow(unreachable_patterns)]
            Ok(_) => Err(self.fail("an integer out of range")),
            Err(e) => Err(self.error(e)),
        }
    }

    /// Reads a number as written.
    pub fn number_text(&mut self) -> Result<&str, JsonError> {
        let index = self.base + self.jiter.current_index();
        match self.jiter.next_number_bytes() {
            // A JSON number is ASCII.
            Ok(b) => std::str::from_utf8(b).map_err(|_| JsonError {
                message: "a number".into(),
                index,
            }),
            Err(e) => Err(JsonError {
                message: e.error_type.to_string(),
                index: self.base + e.index,
            }),
        }
    }

    /// Reads a number as an `f64`.
    pub fn float(&mut self) -> Result<f64, JsonError> {
        let r = self.jiter.next_float();
        self.check(r)
    }

    /// Skips the next value and gives its text.
    pub fn raw(&mut self) -> Result<(&'j [u8], usize), JsonError> {
        let start = self.jiter.current_index();
        let r = self.jiter.next_skip();
        self.check(r)?;
        Ok((self.jiter.slice_to_current(start), self.base + start))
    }

    /// Reads the next value with serde_json (through its raw text).
    pub fn serde<T: serde::de::DeserializeOwned>(&mut self) -> Result<T, JsonError> {
        let (raw, at) = self.raw()?;
        serde_json::from_slice(raw).map_err(|e| JsonError {
            message: e.to_string(),
            index: at,
        })
    }

    fn enter(&mut self) -> Result<(), JsonError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(self.fail(format!("nesting deeper than {MAX_DEPTH} levels")))
        } else {
            Ok(())
        }
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Reads an array, each element through `each`.
    pub fn seq(
        &mut self,
        each: &mut dyn FnMut(&mut Reader<'j>) -> Result<(), JsonError>,
    ) -> Result<(), JsonError> {
        self.enter()?;
        let first = self.jiter.next_array();
        let mut more = self.check(first)?.is_some();
        while more {
            each(self)?;
            let step = self.jiter.array_step();
            more = self.check(step)?.is_some();
        }
        self.leave();
        Ok(())
    }

    /// The key just read, as a slice of the input: `bytes` points into
    /// `self.data` (jiter hands out sub-slices of what it was given).
    fn key(&self, bytes: &[u8]) -> Result<Key<'j>, JsonError> {
        let start = (bytes.as_ptr() as usize).wrapping_sub(self.data.as_ptr() as usize);
        let raw = self
            .data
            .get(start..start + bytes.len())
            .ok_or_else(|| self.fail("a property name"))?;
        if !raw.contains(&b'\\') {
            return Ok(Key::Raw(raw));
        }
        // An escaped name: decoded with its quotes, as serde_json reads strings.
        let quoted = self
            .data
            .get(start.wrapping_sub(1)..start + bytes.len() + 1)
            .ok_or_else(|| self.fail("a property name"))?;
        serde_json::from_slice::<String>(quoted)
            .map(Key::Decoded)
            .map_err(|e| self.fail(e.to_string()))
    }

    /// The first key of an object, or `None` for `{}`.
    fn first_key(&mut self) -> Result<Option<Key<'j>>, JsonError> {
        let r = self
            .jiter
            .next_object_bytes()
            .map(|k| k.map(|b| (b.as_ptr(), b.len())));
        match self.check(r)? {
            Some((ptr, len)) => self.key_at(ptr, len).map(Some),
            None => Ok(None),
        }
    }

    /// The next key of an object, or `None` at its end.
    fn next_key(&mut self) -> Result<Option<Key<'j>>, JsonError> {
        let r = self
            .jiter
            .next_key_bytes()
            .map(|k| k.map(|b| (b.as_ptr(), b.len())));
        match self.check(r)? {
            Some((ptr, len)) => self.key_at(ptr, len).map(Some),
            None => Ok(None),
        }
    }

    fn key_at(&self, ptr: *const u8, len: usize) -> Result<Key<'j>, JsonError> {
        let start = (ptr as usize).wrapping_sub(self.data.as_ptr() as usize);
        let bytes = self
            .data
            .get(start..start + len)
            .ok_or_else(|| self.fail("a property name"))?;
        self.key(bytes)
    }

    /// Reads the members of an object: `member` gets each key and reads its value.
    fn members(
        &mut self,
        member: &mut dyn FnMut(&mut Reader<'j>, &Key<'j>) -> Result<(), JsonError>,
    ) -> Result<(), JsonError> {
        self.enter()?;
        let mut key = self.first_key()?;
        while let Some(k) = key {
            member(self, &k)?;
            key = self.next_key()?;
        }
        self.leave();
        Ok(())
    }
}

/// A property name: the input's bytes (no escapes), or decoded.
pub enum Key<'j> {
    /// As written (ASCII or UTF-8 without escapes).
    Raw(&'j [u8]),
    /// With its escapes decoded.
    Decoded(String),
}

impl Key<'_> {
    /// The name's bytes.
    pub fn bytes(&self) -> &[u8] {
        match self {
            Key::Raw(b) => b,
            Key::Decoded(s) => s.as_bytes(),
        }
    }

    /// The name as a string (lossy only for input that is not UTF-8, which
    /// jiter rejects before).
    pub fn to_string_lossy(&self) -> String {
        String::from_utf8_lossy(self.bytes()).into_owned()
    }
}

/// Reads a value of a generated type, or of a type a generated field holds.
pub trait ReadJson: Sized {
    /// Reads one value (not `null`, unless the type itself accepts it).
    fn read_json(r: &mut Reader<'_>) -> Result<Self, JsonError>;

    /// Reads one value into a box (structs fill theirs in place).
    fn read_json_boxed(r: &mut Reader<'_>) -> Result<Box<Self>, JsonError> {
        Self::read_json(r).map(Box::new)
    }
}

/// The fields of a struct being filled from an object.
struct Filling<'a, 'b> {
    names: &'static [&'static str],
    slots: &'a mut [&'b mut dyn Slot],
    extra: &'a mut super::Extra,
    /// Where the next member is looked for first: members usually arrive in
    /// declaration order.
    next: usize,
}

impl Filling<'_, '_> {
    fn find(&mut self, key: &[u8]) -> Option<usize> {
        let i = if self
            .names
            .get(self.next)
            .is_some_and(|n| n.as_bytes() == key)
        {
            self.next
        } else {
            self.names.iter().position(|n| n.as_bytes() == key)?
        };
        self.next = i + 1;
        Some(i)
    }

    fn member(&mut self, r: &mut Reader<'_>, key: &Key<'_>) -> Result<(), JsonError> {
        match self.find(key.bytes()).and_then(|i| self.slots.get_mut(i)) {
            Some(slot) => slot.read_json(r),
            None => {
                let value: Json = r.serde()?;
                self.extra.insert(key.to_string_lossy(), value);
                Ok(())
            }
        }
    }
}

/// Fills `object` from the members of an object.
pub fn read_object(r: &mut Reader<'_>, object: &mut dyn Object) -> Result<(), JsonError> {
    let names = object.names();
    let mut result = Ok(());
    object.fields_mut(&mut |slots, extra| {
        let mut f = Filling {
            names,
            slots,
            extra,
            next: 0,
        };
        result = r.members(&mut |r, key| f.member(r, key));
    });
    result
}

/// Reads a generated struct.
pub fn read_struct<T: Object + Default>(r: &mut Reader<'_>) -> Result<T, JsonError> {
    let mut out = T::default();
    read_object(r, &mut out)?;
    Ok(out)
}

/// Reads a generated struct into a box, filled in place.
pub fn read_struct_boxed<T: Object + Default>(r: &mut Reader<'_>) -> Result<Box<T>, JsonError> {
    let mut out = Box::<T>::default();
    read_object(r, &mut *out)?;
    Ok(out)
}

/// Reads a polymorphic enum: the variant named by `@odata.type` (the base
/// type when there is none or it is unknown).
pub fn read_any<T: Poly>(r: &mut Reader<'_>) -> Result<T, JsonError> {
    let mut out = None::<T>;
    read_poly(r, &mut out)?;
    Ok(out.unwrap_or_default())
}

/// Reads a polymorphic value. When `@odata.type` is the first member, as
/// Graph sends it, the variant is chosen and filled in one pass. Otherwise
/// the members are read into the base type; if `@odata.type` then names a
/// derived type, the rest of the object is skipped and the object is read
/// again from its start as that type. Nothing is buffered either way.
fn read_poly(r: &mut Reader<'_>, pick: &mut dyn Pick) -> Result<(), JsonError> {
    // Where the object starts, to read it again.
    let start = r.jiter.current_index();
    let depth = r.depth;
    let knows = pick.known();
    r.enter()?;
    let mut first = r.first_key()?;
    let result = match first.as_ref().map(Key::bytes) {
        None => {
            pick.pick(None);
            Ok(())
        }
        Some(b"@odata.type") => {
            let value: Json = r.serde()?;
            let object = pick.pick(value.as_str().map(strip_hash));
            let mut value = Some(value);
            fill(object, &mut |f| {
                if let Some(v) = value.take() {
                    f.extra.insert("@odata.type".to_owned(), v);
                }
                while let Some(k) = r.next_key()? {
                    f.member(r, &k)?;
                }
                Ok(())
            })
        }
        Some(_) => {
            let object = pick.pick(None);
            let mut derived: Option<String> = None;
            fill(object, &mut |f| {
                let mut key = first.take();
                while let Some(k) = key {
                    if k.bytes() == b"@odata.type" {
                        let value: Json = r.serde()?;
                        match value.as_str().map(strip_hash) {
                            Some(name) if knows(name) => {
                                derived = Some(name.to_owned());
                                while r.next_key()?.is_some() {
                                    r.raw()?;
                                }
                                return Ok(());
                            }
                            _ => {
                                f.extra.insert("@odata.type".to_owned(), value);
                            }
                        }
                    } else {
                        f.member(r, &k)?;
                    }
                    key = r.next_key()?;
                }
                Ok(())
            })?;
            match derived {
                // Read the object again from its start, as the derived type.
                Some(name) => {
                    let rest = r.data.get(start..).unwrap_or_default();
                    let mut again = Reader::part(rest, r.base + start, depth);
                    let object = pick.pick(Some(&name));
                    read_object(&mut again, object)
                }
                None => Ok(()),
            }
        }
    };
    r.leave();
    result
}

fn strip_hash(name: &str) -> &str {
    name.strip_prefix('#').unwrap_or(name)
}

/// Calls `f` with the fields of `object`, to fill.
fn fill(
    object: &mut dyn Object,
    f: &mut dyn FnMut(&mut Filling<'_, '_>) -> Result<(), JsonError>,
) -> Result<(), JsonError> {
    let names = object.names();
    let mut result = Ok(());
    object.fields_mut(&mut |slots, extra| {
        let mut filling = Filling {
            names,
            slots,
            extra,
            next: 0,
        };
        result = f(&mut filling);
    });
    result
}

/// Reads a string enum member.
pub fn read_enum<E: StringEnum>(r: &mut Reader<'_>) -> Result<E, JsonError> {
    Ok(E::from_wire(r.str()?))
}

impl<T: ReadJson> ReadJson for Box<T> {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, JsonError> {
        T::read_json_boxed(r)
    }
}

impl<T: ReadJson> ReadJson for Vec<T> {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, JsonError> {
        let mut out = Vec::new();
        r.seq(&mut |r| {
            out.push(T::read_json(r)?);
            Ok(())
        })?;
        Ok(out)
    }
}

impl ReadJson for String {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, JsonError> {
        r.str().map(str::to_owned)
    }
}

impl ReadJson for bool {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, JsonError> {
        r.bool()
    }
}

macro_rules! int_values {
    ($($ty:ty),*) => {
        $(impl ReadJson for $ty {
            fn read_json(r: &mut Reader<'_>) -> Result<Self, JsonError> {
                let i = r.int()?;
                <$ty>::try_from(i).map_err(|_| r.fail(concat!("an integer that fits ", stringify!($ty))))
            }
        })*
    };
}

int_values!(u8, i8, i16, i32, i64);

impl ReadJson for f64 {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, JsonError> {
        r.float()
    }
}

impl ReadJson for Json {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, JsonError> {
        r.serde()
    }
}

impl ReadJson for crate::Geo {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, JsonError> {
        r.serde()
    }
}

/// Types whose JSON is a string read with their `FromStr`.
macro_rules! string_values {
    ($($ty:ty),*) => {
        $(impl ReadJson for $ty {
            fn read_json(r: &mut Reader<'_>) -> Result<Self, JsonError> {
                let at = r.fail("");
                let s = r.str()?;
                s.parse().map_err(|e| JsonError { message: format!("{e}"), index: at.index })
            }
        })*
    };
}

string_values!(
    crate::DateTimeOffset,
    crate::Date,
    crate::TimeOfDay,
    crate::Duration,
    crate::Guid,
    crate::Binary
);

/// Types that are a number or, for the values JSON cannot write, a string
/// (`Int64` and `Decimal` as IEEE754-compatible strings, `Double` as
/// `"NaN"`): numbers are read by their text, strings by `FromStr`, through
/// the same rules as their `Deserialize` impls.
macro_rules! number_or_string {
    ($($ty:ty),*) => {
        $(impl ReadJson for $ty {
            fn read_json(r: &mut Reader<'_>) -> Result<Self, JsonError> {
                if r.peek()? == Peek::String {
                    // The string forms differ in detail (`Decimal` keeps that it was
                    // quoted): serde_json reads them exactly as the `Deserialize` impl.
                    return r.serde();
                }
                let at = r.fail("");
                let text = r.number_text()?;
                match text.parse() {
                    Ok(v) => Ok(v),
                    // Exponents and fractions: as serde_json reads them.
                    Err(_) => serde_json::from_str(text).map_err(|e| JsonError { message: e.to_string(), index: at.index }),
                }
            }
        })*
    };
}

number_or_string!(crate::Int64, crate::Double, crate::Single, crate::Decimal);

impl<E: StringEnum> ReadJson for Flags<E> {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, JsonError> {
        if r.peek()? == Peek::String {
            match r.str()?.parse() {
                Ok(f) => Ok(f),
                Err(never) => match never {},
            }
        } else {
            r.serde()
        }
    }
}

/// Where byte `index` of `data` is: (line, column), both from 1.
pub fn line_col(data: &[u8], index: usize) -> (usize, usize) {
    let before = data.get(..index).unwrap_or(data);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, col)
}

/// Reads the members of a list page: `value` through `item`, the `@odata.*`
/// links and count as strings or numbers; other members are skipped.
pub fn read_page<T: Value>(data: &[u8]) -> Result<super::Page<T>, JsonError> {
    let mut r = Reader::new(data);
    let mut page = super::Page {
        value: Vec::new(),
        next_link: None,
        delta_link: None,
        count: None,
    };
    let mut seen_value = false;
    r.members(&mut |r, key| {
        match key.bytes() {
            b"value" => {
                seen_value = true;
                page.value = Vec::<T>::read_json(r)?;
            }
            b"@odata.nextLink" => page.next_link = read_option::<String>(r)?,
            b"@odata.deltaLink" => page.delta_link = read_option::<String>(r)?,
            b"@odata.count" => page.count = read_option::<crate::Int64>(r)?.map(i64::from),
            _ => {
                r.raw()?;
            }
        }
        Ok(())
    })?;
    r.finish()?;
    if seen_value {
        Ok(page)
    } else {
        Err(JsonError {
            message: "a collection page has a `value` member".into(),
            index: 0,
        })
    }
}

/// Reads a whole body as `T` (white space around it allowed).
pub fn from_slice<T: Value>(data: &[u8]) -> Result<T, JsonError> {
    let mut r = Reader::new(data);
    let v = T::read_json(&mut r)?;
    r.finish()?;
    Ok(v)
}

pub(crate) fn read_option<T: Value>(r: &mut Reader<'_>) -> Result<Option<T>, JsonError> {
    if r.null()? {
        Ok(None)
    } else {
        T::read_json(r).map(Some)
    }
}

pub(crate) fn read_nullable<T: Value>(r: &mut Reader<'_>) -> Result<Nullable<T>, JsonError> {
    if r.null()? {
        Ok(Nullable::Null)
    } else {
        T::read_json(r).map(Nullable::Value)
    }
}
