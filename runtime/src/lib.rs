//! Hand-written runtime support for the generated Microsoft Graph beta crate.
//!
//! It provides the OData primitive types whose JSON form needs more care than a plain
//! Rust type gives: exact-text dates and times, 64-bit integers and decimals that may
//! arrive as strings, floating-point values that may be `"NaN"` or `"INF"`, base64
//! binaries, GeoJSON values, and the three-state [`Nullable`] used by PATCH bodies.
//! It also holds the helpers generated enums, flags enums and polymorphic
//! deserializers delegate to.
//!
//! Every type here parses untrusted input without panicking: invalid input is an
//! error, never a crash.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod binary;
mod datetime;
mod decimal;
mod double;
mod duration;
pub mod enums;
mod error;
mod flags;
mod geo;
mod guid;
mod int64;
mod nullable;
pub mod odata;
mod operation;
mod scan;
mod wire;

pub use binary::Binary;
pub use datetime::{Date, DateTimeOffset, TimeOfDay};
pub use decimal::Decimal;
pub use double::{Double, Single};
pub use duration::Duration;
pub use enums::StringEnum;
pub use error::ParseError;
pub use flags::Flags;
pub use geo::Geo;
pub use guid::Guid;
pub use int64::Int64;
pub use nullable::Nullable;
pub use odata::odata_type;
pub use operation::{OperationInfo, OperationKind, Permissions};

/// The `serde` crate this runtime is built on, for generated code to name.
pub use serde;
/// The `serde_json` crate this runtime is built on, for generated code to name.
pub use serde_json;
